//! One rule, one place: every built-in rule has its Rego, its tests beside it, its doc with the
//! fixed sections, and a row in the README. A rule missing any of them fails here.

mod common;

use std::collections::BTreeMap;

use govlint::config::Config;
use govlint::{policy, regotest, ruledoc};

#[test]
fn every_rule_lives_in_its_named_files() {
    for r in common::builtin_linter().rules() {
        let stem = format!("policies/{}-{}", r.code, r.name);
        assert_eq!(
            r.source,
            format!("{stem}.rego"),
            "{}: the Rego file is named <CODE>-<name>.rego",
            r.code
        );
        assert!(
            policy::builtin_rego()
                .iter()
                .any(|f| f.path == format!("{stem}_test.rego")),
            "{}: no {stem}_test.rego",
            r.code
        );
    }
}

#[test]
fn every_rule_has_a_doc_with_the_fixed_sections() {
    let docs: BTreeMap<&str, ruledoc::RuleDoc> =
        ruledoc::all().into_iter().map(|d| (d.code, d)).collect();
    for r in common::builtin_linter().rules() {
        let doc = docs
            .get(r.code.as_str())
            .unwrap_or_else(|| panic!("{}: no rules/{}-{}.md", r.code, r.code, r.name));
        assert_eq!(
            doc.name, r.name,
            "{}: doc file name and metadata name differ",
            r.code
        );
        let first = doc.markdown.lines().next().unwrap_or("");
        assert_eq!(
            first,
            format!("# {} {}", r.code, r.name),
            "{}: doc title",
            r.code
        );
        assert!(
            doc.markdown.contains("**Peer checks:**"),
            "{}: doc names no peer checks (write \"none known\")",
            r.code
        );
        assert!(
            doc.markdown
                .contains(&format!("**Severity:** {}", r.severity)),
            "{}: doc severity differs from metadata ({})",
            r.code,
            r.severity
        );
        let mut at = 0;
        for section in ruledoc::SECTIONS {
            let found = doc.markdown[at..].find(section).unwrap_or_else(|| {
                panic!("{}: doc lacks `{section}` (or it is out of order)", r.code)
            });
            at += found;
        }
    }
    for code in docs.keys() {
        assert!(
            common::builtin_linter()
                .rules()
                .iter()
                .any(|r| r.code == *code),
            "rules/{code}-*.md documents no rule"
        );
    }
}

#[test]
fn every_rule_has_positive_and_negative_rego_tests() {
    let files = policy::builtin_rego();
    let suite = regotest::load(&files, &Config::defaults()).expect("suite loads");
    for r in common::builtin_linter().rules() {
        let file = format!("policies/{}-{}_test.rego", r.code, r.name);
        let n = suite.cases.iter().filter(|c| c.file == file).count();
        assert!(
            n >= 2,
            "{}: {n} test(s) in {file}; at least a violation and a look-alike",
            r.code
        );
    }
    let results = suite.run(None);
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !matches!(r.outcome, regotest::Outcome::Pass | regotest::Outcome::Skip))
        .map(|r| r.case.full_name())
        .collect();
    assert!(failed.is_empty(), "failing Rego tests: {failed:#?}");
}

#[test]
fn readme_lists_every_rule() {
    let readme = include_str!("../README.md");
    for r in common::builtin_linter().rules() {
        assert!(
            readme.contains(&format!("| {} | {} |", r.code, r.name)),
            "README has no row for {} {}",
            r.code,
            r.name
        );
    }
}
