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
    let (code, stdout) = run_files(&[(
        "v1_test.rego",
        "package v1_test\n\ntest_any if any([true])\n",
    )]);
    assert_eq!(code, Some(1), "{stdout}");
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
fn p12_metadata_scopes_from_every_file() {
    suite("p12_metadata_scopes", false, 10);
}

/// `govlint test` on one-off files; returns (exit code, stdout).
fn run_files(files: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .arg("test")
        .arg(dir.path())
        .output()
        .expect("govlint runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn p12_annotations_opa_refuses_fail_the_call() {
    // As OPA refuses them when compiling: a package annotated in two files, a scope on the
    // wrong kind of statement, and `custom` that is not a mapping. The test calling the builtin errors, naming the line.
    let chain = "package p\n\ntest_chain if count(rego.metadata.chain()) > 0\n";
    let (code, stdout) = run_files(&[
        ("a.rego", "# METADATA\n# title: a\npackage p\n"),
        ("b.rego", "# METADATA\n# title: b\npackage p\n"),
        ("t_test.rego", chain),
    ]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("annotations redeclared"), "{stdout}");

    let (code, stdout) = run_files(&[
        (
            "a.rego",
            "package p\n\n# METADATA\n# scope: subpackages\nx := 1\n",
        ),
        ("t_test.rego", chain),
    ]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("annotation scope 'subpackages' must be applied to package"),
        "{stdout}"
    );

    let (code, stdout) = run_files(&[
        ("a.rego", "package p\n\n# METADATA\n# custom: [1]\nx := 1\n"),
        ("t_test.rego", chain),
    ]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("`custom` must be a mapping"), "{stdout}");

    // The same files without the clash pass.
    let (code, stdout) = run_files(&[
        ("a.rego", "# METADATA\n# title: a\npackage p\n"),
        ("t_test.rego", chain),
    ]);
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn p13_is_valid_of_a_non_string_is_false() {
    suite("p13_is_valid_non_string", false, 7);
}

#[test]
fn p14_rules_at_shorter_ref_prefixes_contribute_to_a_lookup() {
    suite("p14_ref_head_prefix_rules", false, 6);
}

#[test]
fn p15_with_replacement_naming_a_builtin() {
    suite("p15_with_builtin_replacement", false, 5);
}

#[test]
fn p16_unary_minus_of_any_term() {
    suite("p16_unary_minus", false, 6);
}

#[test]
fn p17_lower_and_upper_map_each_character() {
    suite("p17_simple_case", false, 4);
}

#[test]
fn p18_add_date_normalises_as_go() {
    suite("p18_add_date", false, 4);
}

#[test]
fn p19_strings_count_non_overlapping() {
    suite("p19_strings_count", false, 3);
}

#[test]
fn p20_array_flatten_unnests_one_level() {
    suite("p20_array_flatten", false, 6);
}

#[test]
fn p21_crypto_digests_and_hmacs() {
    suite("p21_crypto_digests", false, 7);
}

#[test]
fn p22_cidr_intersects_and_contains_matches() {
    suite("p22_cidr_intersects_matches", false, 8);
}

#[test]
fn p23_cidr_contains_ipv4_mapped() {
    suite("p23_cidr_contains_mapped", false, 4);
}

#[test]
fn p24_strings_split_n_keeps_first_or_last_parts() {
    suite("p24_strings_split_n", false, 7);
}

#[test]
fn p40_decimal_arithmetic_as_opa() {
    suite("p40_decimal_arith", false, 11);
}

#[test]
fn p41_literal_beyond_float64_is_a_big_number() {
    suite("p41_big_literal", false, 4);
}
