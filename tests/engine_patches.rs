//! Regression tests for the patches carried in vendor/regorus (listed in
//! vendor/regorus/PATCHES.md): each directory under tests/engine_patches/ is an `opa test`
//! suite that passes under OPA (scripts/opa-oracle.sh runs the v1 ones under OPA 1.20.2) and,
//! with the patch, under `govlint test`.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Runs `govlint test` on tests/engine_patches/`dir` and asserts that every test passes and
/// that there are `expected` of them (so a suite that stopped loading cannot pass by running
/// nothing).
fn suite(dir: &str, v0: bool, expected: usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/engine_patches")
        .join(dir);
    let mut cmd = Command::cargo_bin("govlint").expect("binary built");
    cmd.arg("test").arg(&path).args(["--format", "json"]);
    if v0 {
        cmd.arg("--v0-compatible");
    }
    let out = cmd.output().expect("govlint runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{dir}: {e}\nstdout: {stdout}\nstderr: {stderr}"));
    let results = results.as_array().expect("array of results");
    let failing: Vec<&Value> = results.iter().filter(|r| r["outcome"] != "pass").collect();
    assert!(failing.is_empty(), "{dir}: {failing:#?}\n{stderr}");
    assert_eq!(results.len(), expected, "{dir}: {results:#?}");
    assert_eq!(out.status.code(), Some(0), "{dir}: {stderr}");
}

#[test]
fn p01_function_without_body_is_true() {
    suite("p01_function_without_body", false, 4);
}

#[test]
fn p02_paren_on_a_new_line_starts_an_expression() {
    suite("p02_paren_on_new_line", false, 4);
}

#[test]
fn p03_some_in_a_scalar_or_null_is_undefined() {
    suite("p03_some_in_scalar", false, 6);
}

#[test]
fn p04_bare_some_declaration_inside_an_outer_loop() {
    suite("p04_bare_some_in_loop", false, 3);
}

#[test]
fn p05_some_declares_variables_that_shadow_rules() {
    suite("p05_some_shadows", false, 5);
}

#[test]
fn p06_v0_builtins_exist_for_v0_modules() {
    suite("p06_v0_builtins", true, 9);
}

#[test]
fn p06_v0_builtins_stay_unknown_to_v1_modules() {
    // As in OPA 1.x: the deprecated names are not builtins of a v1 module.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("v1_test.rego"),
        "package v1_test\n\ntest_any if any([true])\n",
    )
    .expect("write");
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .arg("test")
        .arg(dir.path())
        .output()
        .expect("govlint runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("could not find function any"), "{stdout}");
}

#[test]
fn p07_v0_partial_set_rule_with_several_bodies() {
    suite("p07_v0_multi_body_set", true, 3);
}

#[test]
fn p08_with_value_naming_a_rule_of_the_package() {
    suite("p08_with_rule_value", false, 6);
}

#[test]
fn p09_match_schema_errors_are_objects() {
    suite("p09_match_schema_errors", false, 4);
}

#[test]
fn p10_rego_metadata_rule_and_chain() {
    suite("p10_rego_metadata", false, 5);
}

#[test]
fn p11_negated_expression_evaluates_its_operands_first() {
    suite("p11_negated_call_operands", false, 13);
}

#[test]
fn p12_unary_minus_of_any_term() {
    suite("p12_unary_minus", false, 6);
}

#[test]
fn p13_lower_and_upper_map_each_character() {
    suite("p13_simple_case", false, 4);
}

#[test]
fn p14_add_date_normalises_as_go() {
    suite("p14_add_date", false, 4);
}

#[test]
fn p15_strings_count_non_overlapping() {
    suite("p15_strings_count", false, 3);
}
