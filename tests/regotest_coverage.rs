//! `govlint test --coverage`, `--fail-under` and `--format junit` on a fixture whose covered
//! and not covered lines are known (tests/coverage/). The fixture's `allow` that the tests
//! never satisfy comes first, so its first line is evaluated (and fails) whether or not the
//! engine stops at the first body that succeeds, as OPA does for a complete rule.

use assert_cmd::Command;
use serde_json::{json, Value};

const FIXTURE: &str = "tests/coverage";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .arg("test")
        .arg(FIXTURE)
        .args(args)
        .output()
        .expect("govlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn text_coverage_lists_covered_and_not_covered_lines_per_policy_file() {
    let (code, out, _) = run(&["--coverage"]);
    assert_eq!(code, 0, "{out}");
    let section = out
        .split_once("Coverage:")
        .map(|(_, s)| format!("Coverage:{s}"))
        .expect("a coverage section");
    assert_eq!(
        section,
        "Coverage: 71.43% (5 of 7 lines)\n\
         tests/coverage/policy.rego: 83.33% (5 of 6 lines)\n  \
         covered:     6, 11-12, 15-16\n  \
         not covered: 7\n\
         tests/coverage/untested.rego: 0.00% (0 of 1 lines)\n  \
         not covered: 6\n"
    );
    // Test files are not measured.
    assert!(!section.contains("policy_test.rego"), "{section}");
}

#[test]
fn json_coverage_has_opa_test_coverage_shape() {
    let (code, out, _) = run(&["--coverage", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json");
    let row = |a: u32, b: u32| json!({"start": {"row": a}, "end": {"row": b}});
    assert_eq!(
        v,
        json!({
            "files": {
                "tests/coverage/policy.rego": {
                    "covered": [row(6, 6), row(11, 12), row(15, 16)],
                    "not_covered": [row(7, 7)],
                    "covered_lines": 5,
                    "not_covered_lines": 1,
                    "coverage": 83.33,
                },
                "tests/coverage/untested.rego": {
                    "not_covered": [row(6, 6)],
                    "covered_lines": 0,
                    "not_covered_lines": 1,
                    "coverage": 0.0,
                },
            },
            "covered_lines": 5,
            "not_covered_lines": 2,
            "coverage": 71.43,
        })
    );
}

#[test]
fn a_test_filter_narrows_what_is_covered() {
    let (_, out, _) = run(&["--coverage", "--run", "test_double"]);
    assert!(
        out.contains("tests/coverage/policy.rego: 33.33% (2 of 6 lines)\n  covered:     15-16\n  not covered: 6-7, 11-12\n"),
        "{out}"
    );
}

#[test]
fn fail_under_gates_on_the_total_percentage() {
    let (code, _, err) = run(&["--fail-under", "72"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("coverage 71.43% is under --fail-under 72%"),
        "{err}"
    );
    let (code, out, err) = run(&["--fail-under", "71.4"]);
    assert_eq!(code, 0, "{err}");
    // --fail-under measures coverage, so it shows it.
    assert!(out.contains("Coverage: 71.43%"), "{out}");
    let (code, _, err) = run(&["--fail-under", "120"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a percentage from 0 to 100"), "{err}");
}

#[test]
fn junit_lists_each_test_with_its_verdict() {
    let (code, out, err) = run(&["--format", "junit", "--coverage"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let cases: Vec<(String, String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| {
            (
                n.attribute("classname").unwrap_or_default().to_string(),
                n.attribute("name").unwrap_or_default().to_string(),
                n.first_element_child()
                    .map(|c| c.tag_name().name().to_string()),
            )
        })
        .collect();
    assert_eq!(
        cases,
        vec![
            (
                "data.cov_test".into(),
                "test_admin_with_mfa_is_allowed".into(),
                None
            ),
            ("data.cov_test".into(), "test_double".into(), None),
            (
                "data.cov_test".into(),
                "todo_breakglass".into(),
                Some("skipped".into())
            ),
        ]
    );
    // The coverage summary goes to stderr, leaving the XML parseable.
    assert!(err.contains("Coverage: 71.43%"), "{err}");
}

#[test]
fn junit_reports_failures_errors_and_timeouts() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("t_test.rego"),
        "package t\n\nimport rego.v1\n\ntest_fails if {\n\t1 == 2\n}\n\nconflict := 1\n\nconflict := 2 if true\n\ntest_errors if {\n\tconflict == 1\n}\n\ntest_slow if {\n\tcount([x | some x in numbers.range(1, 200000); some y in numbers.range(1, 200000); x == y]) > 0\n}\n",
    )
    .expect("write");
    let out = Command::cargo_bin("govlint")
        .expect("binary")
        .args(["test", "--format", "junit", "--timeout", "50ms"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8_lossy(&out.stdout);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let verdict = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .and_then(|n| n.first_element_child())
            .map(|c| {
                (
                    c.tag_name().name().to_string(),
                    c.attribute("message").unwrap_or_default().to_string(),
                )
            })
    };
    assert_eq!(verdict("test_fails").map(|v| v.0), Some("failure".into()));
    assert_eq!(verdict("test_errors").map(|v| v.0), Some("error".into()));
    let slow = verdict("test_slow").expect("test_slow did not pass");
    assert_eq!(slow.0, "error");
    assert!(slow.1.contains("--timeout"), "{slow:?}");
}
