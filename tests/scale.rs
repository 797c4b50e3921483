//! Nothing is lost at scale: a tenant with thousands of filler users and tens of thousands of
//! filler decisions lints to exactly the planted findings, the same as the demo tenant. (The
//! timings of the full 200k-user tenant are in benches/, never asserted here.)

mod common;

use std::collections::BTreeSet;

use govlint::engine::Selection;
use govlint_testkit::tenant::{self, Sizes};

/// (rule, object id) pairs.
fn pairs<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> BTreeSet<(String, String)> {
    it.map(|(r, id)| (r.to_string(), id.to_string())).collect()
}

#[test]
fn a_larger_tenant_lints_to_exactly_the_demos_planted_findings() {
    let sizes = Sizes {
        users: 5_000,
        guests: 500,
        decisions: 50_000,
        sign_ins: 0,
    };
    let t = tenant::build(&sizes);
    let mut text = Vec::new();
    t.write(&mut text, false).expect("write to memory");
    let text = String::from_utf8(text).expect("UTF-8");
    let snap = govlint::snapshot::parse("scale", &text).expect("scale snapshot is valid");
    drop(text);
    // The filler is all there: the demo's users (40 members and 10 guests of filler) plus
    // 5,450 more.
    let (demo, _) = tenant::demo();
    let demo_users = demo["collections"]["users"]["items"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(
        snap.collections["users"].items.len(),
        demo_users + 5_500 - 50
    );

    let linter = common::demo_linter();
    let rules = linter.select(&Selection::default()).expect("all rules");
    let result = common::lint_complete(&linter, &snap, &rules);

    let got = pairs(
        result
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.object.id.as_str())),
    );
    let want = pairs(
        t.expected()
            .iter()
            .map(|e| (e.rule.as_str(), e.object_id.as_str())),
    );
    let (_, demo) = tenant::demo();
    let demo = pairs(demo.iter().map(|e| (e.rule.as_str(), e.object_id.as_str())));
    assert_eq!(want, demo, "the scale tenant plants what the demo plants");
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing (planted, not found): {missing:#?}\nextra (filler flagged): {extra:#?}"
    );
}
