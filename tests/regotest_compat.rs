//! `govlint test` against `opa test` semantics, one small self-written suite per behaviour.
//! Each test here stands for a gap found by running public `opa test` suites through govlint
//! (policies/README.md, "Compatibility with opa test").

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn govlint() -> Command {
    let mut c = Command::cargo_bin("govlint").expect("binary built");
    c.env_remove("NO_COLOR");
    c
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, text).expect("write fixture");
}

/// Runs `govlint test` on `dir` with `args`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = govlint()
        .arg("test")
        .arg(dir)
        .args(args)
        .output()
        .expect("govlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn json_results(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (_, stdout, stderr) = run(dir, &all);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    v.as_array().expect("array of results").clone()
}

fn outcome(results: &[Value], name: &str) -> String {
    results
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no test {name} in {results:?}"))["outcome"]
        .as_str()
        .expect("outcome")
        .to_string()
}

#[test]
fn tests_with_the_same_name_run_separately_like_opa() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dup_test.rego",
        "package dup_test\n\nimport rego.v1\n\ntest_same if false\n\ntest_same if true\n\ntest_same if {\n\t1 == 1\n}\n\ntest_other if true\n",
    );
    let results = json_results(dir.path(), &[]);
    assert_eq!(results.len(), 4, "{results:?}");
    // As `opa test` (and Go's t.Run): the first keeps its name, the others get #01, #02.
    assert_eq!(outcome(&results, "test_same"), "fail");
    assert_eq!(outcome(&results, "test_same#01"), "pass");
    assert_eq!(outcome(&results, "test_same#02"), "pass");
    assert_eq!(outcome(&results, "test_other"), "pass");

    let (code, stdout, _) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(stdout.contains("data.dup_test.test_same: FAIL"), "{stdout}");
    assert!(
        stdout.ends_with("3 passed, 1 failed, 0 skipped\n"),
        "{stdout}"
    );
    // --run sees the displayed names.
    let (code, stdout, _) = run(dir.path(), &["--run", "same#01$", "-v"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("data.dup_test.test_same#01: PASS"),
        "{stdout}"
    );
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");
}

#[test]
fn print_output_is_shown_for_failing_tests_only_unless_verbose() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p_test.rego",
        "package p_test\n\nimport rego.v1\n\ntest_fails if {\n\tprint(\"looking at\", {\"a\": 1})\n\tprint(\"line one\\nline two\")\n\tfalse\n}\n\ntest_passes if {\n\tprint(\"quiet unless verbose\")\n}\n",
    );
    let (code, stdout, _) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(stdout.contains("data.p_test.test_fails: FAIL"), "{stdout}");
    assert!(stdout.contains("looking at {\"a\": 1}"), "{stdout}");
    // A multi-line print stays indented under its test.
    assert!(stdout.contains("\n  line two\n"), "{stdout}");
    assert!(!stdout.contains("quiet unless verbose"), "{stdout}");
    let (_, stdout, _) = run(dir.path(), &["-v"]);
    assert!(stdout.contains("quiet unless verbose"), "{stdout}");
    assert!(stdout.contains("data.p_test.test_passes: PASS"), "{stdout}");
}

#[test]
fn a_syntax_error_is_shown_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad_test.rego",
        "package bad_test\n\nimport rego.v1\n\ntest_ok if true\n\ntest_broken if {\n\tx := [1, 2\n}\n",
    );
    let (code, stdout, stderr) = run(dir.path(), &[]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let file = dir.path().join("bad_test.rego");
    let flat = stderr
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // file:line:col where the parser gave up (the `:=` after `{ x`, column 4 with the tab
    // counted as one character), then what it expected.
    assert!(
        flat.contains(&format!("{}:8:4: Rego error", file.display())),
        "{stderr}"
    );
    assert!(flat.contains("expecting `}`"), "{stderr}");
}

#[test]
fn data_files_are_loaded_at_their_directory_path() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.json", r#"{"top": {"level": 1}}"#);
    write(
        dir.path(),
        "teams/finance/data.json",
        r#"{"owners": ["ana", "bo"]}"#,
    );
    write(
        dir.path(),
        "teams/ops/data.yaml",
        "owners:\n  - cy\nlimits:\n  max: 3\n",
    );
    // Not named data.*: not data (as in an OPA bundle).
    write(dir.path(), "teams/other.json", r#"{"ignored": true}"#);
    write(
        dir.path(),
        "teams/t_test.rego",
        "package teams_test\n\nimport rego.v1\n\ntest_root if data.top.level == 1\n\ntest_json if data.teams.finance.owners == [\"ana\", \"bo\"]\n\ntest_yaml if {\n\tdata.teams.ops.owners == [\"cy\"]\n\tdata.teams.ops.limits.max == 3\n}\n\ntest_other_json_is_not_data if not data.teams.other\n\ntest_with_data_overrides_a_file if {\n\tdata.teams.ops.limits.max == 9 with data.teams.ops.limits.max as 9\n}\n",
    );
    let (code, stdout, stderr) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("5 passed, 0 failed"), "{stdout}");

    write(dir.path(), "teams/finance/data.json", "{\"owners\": [1,,]}");
    let (code, _, stderr) = run(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("data.json:1:"), "{stderr}");
}

#[test]
fn rego_v1_future_keywords_helpers_with_and_json_patch() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lib/helpers.rego",
        "package acme.helpers\n\nimport rego.v1\n\nowners(g) := {o | some o in g.owners}\n",
    );
    write(
        dir.path(),
        "policy.rego",
        "package acme.policy\n\nimport data.acme.helpers\nimport future.keywords.contains\nimport future.keywords.if\nimport future.keywords.in\n\ndeny contains msg if {\n\tsome g in input.groups\n\tcount(helpers.owners(g)) < data.acme.min_owners\n\tmsg := sprintf(\"%s has too few owners\", [g.name])\n}\n",
    );
    write(
        dir.path(),
        "policy_test.rego",
        "package acme.policy_test\n\nimport data.acme.policy\nimport rego.v1\n\ngroup := {\"name\": \"ops\", \"owners\": [\"a\"]}\n\ntest_deny if {\n\tpolicy.deny == {\"ops has too few owners\"} with input.groups as [group] with data.acme.min_owners as 2\n}\n\ntest_patched_group_is_clean if {\n\tg := json.patch(group, [{\"op\": \"add\", \"path\": \"/owners/-\", \"value\": \"b\"}])\n\tcount(policy.deny) == 0 with input as {\"groups\": [g]} with data.acme.min_owners as 2\n}\n\ntodo_test_later if false\n",
    );
    let results = json_results(dir.path(), &[]);
    assert_eq!(outcome(&results, "test_deny"), "pass");
    assert_eq!(outcome(&results, "test_patched_group_is_clean"), "pass");
    assert_eq!(outcome(&results, "todo_test_later"), "skip");
}

#[test]
fn builtin_type_errors_make_the_expression_undefined_as_in_opa() {
    // opa test does not use strict builtin errors: `count(null)` is undefined, not an error.
    // (`size(null)` written as such does not compile in OPA 1.20.2: its checker types `x` by
    // its use in `count`, patch 124; through `input` the argument's type is unknown.)
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b_test.rego",
        "package b_test\n\nimport rego.v1\n\nsize(x) := count(x)\n\nstarts(x) if startswith(x, \"a\")\n\ntest_count_of_null_is_undefined if not size(input.n) with input as {\"n\": null}\n\ntest_startswith_null_is_undefined if not starts(input.missing) with input as {\"missing\": null}\n\ntest_object_get_on_null if not object.get(input.x, \"k\", 1) with input as {\"x\": null}\n",
    );
    let (code, stdout, _) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("3 passed, 0 failed"), "{stdout}");
}

#[test]
fn long_lines_of_generated_fixtures_load() {
    // regorus stops at 1,024 columns by default; OPA has no limit and fixtures exceed it.
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(5000);
    write(
        dir.path(),
        "long_test.rego",
        &format!("package long_test\n\nimport rego.v1\n\nfixture := \"{long}\"\n\ntest_long if count(fixture) == 5000\n"),
    );
    let (code, stdout, stderr) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn v0_suites_run_with_v0_compatible() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "v0_test.rego",
        "package v0_test\n\nallow {\n\tinput.user == \"admin\"\n}\n\ntest_allow {\n\tallow with input as {\"user\": \"admin\"}\n}\n\ntest_deny {\n\tnot allow with input as {\"user\": \"bob\"}\n}\n",
    );
    // Rego v1 (OPA 1.x's default) rejects v0 syntax with a located error...
    let (code, _, stderr) = run(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("v0_test.rego:"), "{stderr}");
    // ...and --v0-compatible reads it, as `opa test --v0-compatible`.
    let (code, stdout, stderr) = run(dir.path(), &["--v0-compatible"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}

#[test]
fn failing_and_erroring_tests_exit_non_zero_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "e_test.rego",
        "package e_test\n\nimport rego.v1\n\nconflict := 1 if input.a\n\nconflict := 2 if input.a\n\ntest_errors if conflict with input.a as true\n\ntest_non_boolean := 5\n\ntest_passes if true\n",
    );
    let (code, stdout, _) = run(dir.path(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("data.e_test.test_errors: ERROR"),
        "{stdout}"
    );
    assert!(
        stdout.contains("data.e_test.test_non_boolean: FAIL"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 passed, 2 failed, 0 skipped\n"),
        "{stdout}"
    );
}
