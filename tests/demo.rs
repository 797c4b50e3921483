//! The demo tenant end to end: it is up to date, and linting it gives exactly the planted
//! findings, every built-in rule among them, and none on the look-alikes.

mod common;

use std::collections::BTreeSet;

use govlint::engine::Selection;
use govlint_testkit::tenant;

#[test]
fn committed_demo_tenant_is_up_to_date() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/demo-tenant.json"
    ))
    .expect("examples/demo-tenant.json exists");
    assert!(
        committed == tenant::demo_json(),
        "examples/demo-tenant.json is stale: run `cargo run -p govlint-testkit --bin gen-tenant -- -o examples/demo-tenant.json`"
    );
}

#[test]
fn demo_lints_to_exactly_the_planted_findings() {
    let (snapshot, expected) = tenant::demo();
    let snap =
        govlint::snapshot::parse("demo", &snapshot.to_string()).expect("demo snapshot is valid");
    let linter = common::demo_linter();
    let rules = linter.select(&Selection::default()).expect("all rules");
    let result = common::lint_complete(&linter, &snap, &rules);
    // The demo's break-glass account is skipped by PIM001, and the output says so.
    let breakglass = tenant::guid("user:breakglass1");
    assert!(
        result
            .skipped
            .iter()
            .any(|s| s.rule == "PIM001" && s.object.id == breakglass),
        "skipped: {:#?}",
        result.skipped
    );
    let got: BTreeSet<(String, String)> = result
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.object.id.clone()))
        .collect();
    let want: BTreeSet<(String, String)> = expected
        .iter()
        .map(|e| (e.rule.clone(), e.object_id.clone()))
        .collect();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing (planted, not found): {missing:#?}\nextra (look-alikes flagged): {extra:#?}"
    );
}

#[test]
fn every_builtin_rule_has_a_plant_in_the_demo() {
    let (_, expected) = tenant::demo();
    let planted: BTreeSet<&str> = expected.iter().map(|e| e.rule.as_str()).collect();
    for rule in common::builtin_linter().rules() {
        assert!(
            planted.contains(rule.code.as_str()),
            "{} has no planted violation in the demo tenant",
            rule.code
        );
    }
}
