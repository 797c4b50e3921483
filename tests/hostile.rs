//! The hostile-policy corpus (tests/hostile_policies/): each file is one rule that would run
//! for minutes, or write gigabytes, inside single builtin calls (`numbers.range(1, 1e10)`,
//! `json.marshal` and `walk` of a document whose parts repeat, `replace` writing ten
//! gigabytes, `units.parse("1e999999999")`, …), or allocate faster than any time limit helps
//! (a comprehension of millions, a string doubled by `concat` or `sprintf`, `object.union` of
//! huge objects). With a rule time limit of 1 s, or a memory budget of 64 MiB for the ones in
//! [`MEMORY`], each must be that rule's error, naming it and the limit, while every built-in
//! rule's findings are still reported and the lint exits 3 (a rule error), instead of the
//! watchdog or the OS ending the process without a report (engine patches 91, 95, 96, 116,
//! 117). No timing is asserted: each input runs far past any limit. The memory rules are sized
//! to stay under 1 GB even if the budget never fired (the test then fails on their result).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-tenant.json");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile_policies");

/// The rules that stop at the memory budget, linted with [`MEMORY_LIMITS`].
const MEMORY: [&str; 6] = ["HOS027", "HOS028", "HOS029", "HOS030", "HOS031", "HOS032"];

const TIME_LIMITS: [&str; 2] = ["--rule-timeout", "1s"];
/// A time limit far past what any of them needs, so only the budget can stop them.
const MEMORY_LIMITS: [&str; 4] = ["--rule-memory", "64MiB", "--rule-timeout", "10m"];

fn lint(policies: Option<&Path>, limits: &[&str]) -> (i32, Value) {
    let mut cmd = Command::cargo_bin("govlint").expect("binary built");
    cmd.args(["lint", DEMO, "--format", "json"]).args(limits);
    if let Some(dir) = policies {
        cmd.arg("--policies").arg(dir);
    }
    let out = cmd.output().expect("govlint runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

fn finding_keys(report: &Value) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["rule"].to_string(), f["fingerprint"].to_string()))
        .collect();
    keys.sort();
    keys
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rego"))
        .collect();
    files.sort();
    files
}

#[test]
fn each_hostile_rule_is_its_own_error_and_the_others_still_report() {
    for limits in [&TIME_LIMITS[..], &MEMORY_LIMITS[..]] {
        let (clean_code, clean) = lint(None, limits);
        assert_eq!(clean_code, 1, "the demo tenant has findings: {clean}");
        let expected = finding_keys(&clean);
        assert!(!expected.is_empty());
        assert_eq!(clean["errors"], serde_json::json!([]), "{limits:?}");
    }
    let (_, clean) = lint(None, &TIME_LIMITS);
    let expected = finding_keys(&clean);

    let files = corpus();
    assert!(files.len() >= 24, "corpus: {files:?}");
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let code = name.split('-').next().expect("code");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(&file, dir.path().join(name)).expect("copy");

        let memory = MEMORY.contains(&code);
        let limits: &[&str] = if memory { &MEMORY_LIMITS } else { &TIME_LIMITS };
        let (exit, report) = lint(Some(dir.path()), limits);
        assert_eq!(
            exit, 3,
            "{name}: a rule error exits 3: {}",
            report["errors"]
        );
        let errors = report["errors"].as_array().expect("errors");
        assert_eq!(
            errors.len(),
            1,
            "{name}: only the hostile rule errs: {errors:?}"
        );
        assert_eq!(errors[0]["rule"], code, "{name}");
        let message = errors[0]["error"].as_str().expect("message");
        // units.parse refuses the exponent as OPA does (patch 96); the rest overrun a limit.
        let why = if code == "HOS015" {
            "exponent too large"
        } else if memory {
            "stopped after it used more than its memory budget of 64MiB (`[limits] rule_memory` in govlint.toml or --rule-memory)"
        } else {
            "stopped after its evaluation limit of 1s"
        };
        assert!(message.contains(why), "{name}: {message}");
        assert_eq!(
            finding_keys(&report),
            expected,
            "{name}: every other rule's findings are still reported"
        );
    }
}

// Loading: policies whose shape a user controls (tests/hostile_policies/load/ and generated
// below). Each must load, or be refused with a clear error naming the file and exit 2; none
// may overflow a stack or run unbounded (engine patches 107 and 108, the load limit). No
// timing is asserted: the load limit test uses an input that runs far past any limit.

const LOAD_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile_policies/load");

/// `govlint test` of `files` (name, text) in a fresh directory: exit code and stderr, its
/// whitespace collapsed (miette wraps long lines).
fn load(files: &[(&str, String)], extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .arg("test")
        .arg(dir.path())
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("govlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let words: Vec<&str> = stderr.split_whitespace().filter(|w| *w != "│").collect();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        words.join(" "),
    )
}

fn corpus_file(name: &str) -> (&str, String) {
    let text = std::fs::read_to_string(Path::new(LOAD_CORPUS).join(name)).expect("corpus file");
    (name, text)
}

#[test]
fn hos019_comprehensions_nested_to_the_bound_load_and_evaluate() {
    let (code, stdout, stderr) = load(&[corpus_file("HOS019-nested-comprehensions.rego")], &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}

#[test]
fn hos020_a_2000_step_reference_is_refused_not_a_crash() {
    let (code, _, stderr) = load(&[corpus_file("HOS020-long-reference.rego")], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("HOS020-long-reference.rego:8:")
            && stderr
                .contains("max parsing recursion depth exceeded (terms nested more than 100 deep)"),
        "{stderr}"
    );
}

/// A policy of `n` lines made by `line(i)` after a header, with one passing test.
fn generated(header: &str, n: usize, line: impl Fn(usize) -> String, footer: &str) -> String {
    let mut s = format!("package p\n\n{header}");
    for i in 0..n {
        s.push_str(&line(i));
    }
    s.push_str(footer);
    s.push_str("\ntest_ok if true\n");
    s
}

#[test]
fn hos021_to_hos025_large_shapes_load() {
    let shapes = [
        // HOS021: 20,000 rules, each reading the one before (5.7 s before patch 107).
        (
            "HOS021 rule chain",
            generated(
                "r0 := 0\n",
                20_000,
                |i| format!("r{} := r{i} + 1\n", i + 1),
                "",
            ),
        ),
        // HOS022: one body of 10,000 statements (21 s and the test watchdog before).
        (
            "HOS022 long body",
            generated(
                "r if {\n\tx0 := 0\n",
                10_000,
                |i| format!("\tx{} := x{i} + 1\n", i + 1),
                "}\n",
            ),
        ),
        // HOS023: 10,000 `else` branches.
        (
            "HOS023 else chain",
            generated(
                "r := 0 if input.x == 0\n",
                10_000,
                |i| format!("else := {} if input.x == {}\n", i + 1, i + 1),
                "",
            ),
        ),
        // HOS024: 10,000 imports (35 s before).
        (
            "HOS024 imports",
            generated(
                "",
                10_000,
                |i| format!("import data.q{i}.r as a{i}\n"),
                "\nr := 1\n",
            ),
        ),
        // HOS025: 10,000 functions, each calling the one before (8.5 s before).
        (
            "HOS025 function chain",
            generated(
                "g0(x) := x\n",
                10_000,
                |i| format!("g{}(x) := g{i}(x) + 1\n", i + 1),
                "",
            ),
        ),
    ];
    for (what, text) in shapes {
        let (code, stdout, stderr) = load(&[("p.rego", text)], &[]);
        assert_eq!(code, 0, "{what}: {stdout}{stderr}");
        assert!(stdout.contains("1 passed, 0 failed"), "{what}: {stdout}");
    }
}

#[test]
fn hos026_a_load_past_the_limit_is_exit_2_naming_the_file() {
    // 20,000 statements each holding a comprehension: still super-linear in the loop hoister
    // (PATCHES.md, patch 107), minutes on any machine; the load limit ends it.
    let text = generated(
        "r if {\n\tx0 := 0\n",
        20_000,
        |i| format!("\tx{} := [y | y := x{i}]\n", i + 1),
        "}\n",
    );
    let (code, _, stderr) = load(&[("slow.rego", text.clone())], &["--load-timeout", "1s"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("slow.rego")
            && stderr.contains("did not load within the policy load limit of 1s"),
        "{stderr}"
    );
    // The same from `lint --policies`, beside the built-in rules.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("slow.rego"), text).expect("write");
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .args(["lint", DEMO, "--load-timeout", "1s", "--policies"])
        .arg(dir.path())
        .output()
        .expect("govlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("slow.rego")
            && stderr.contains("`[limits] load_timeout` in govlint.toml or --load-timeout"),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "no report from a load that did not finish"
    );
}

/// A custom rule's `metadata` is evaluated when policies load, under the same budget: past it
/// the load fails naming the package (exit 2), sized to stay under 1 GB if it never fired.
#[test]
fn metadata_past_the_memory_budget_fails_the_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("big.rego"),
        "package govlint.rules.big\n\nimport rego.v1\n\nmetadata := {\n\t\"code\": \"BIG001\",\n\t\
         \"name\": \"big\",\n\t\"title\": \"Big\",\n\t\"severity\": \"low\",\n\t\"area\": \"hostile\",\n\t\
         \"reads\": [\"users\"],\n\t\"n\": count([y | some y in numbers.range(1, 2e7)]),\n}\n\n\
         findings contains 1 if false\n",
    )
    .expect("write");
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .args(["lint", DEMO, "--rule-memory", "32MiB", "--policies"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("govlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("data.govlint.rules.big.metadata")
            && stderr.contains("execution exceeded memory limit"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}

// Evaluating: rules and functions chained thousands deep, each reading the next. Each level
// of the chain is a level of the engine's stack; past engine patch 109's bound
// (regorus::MAX_EVAL_NESTING, 6,000) it is that rule's error, and below it the evaluation
// threads' stacks (src/engine/stack.rs) hold the chain in a debug build too. Before, 600
// rules or functions overflowed the stack and aborted the process with no report.

/// A rule chain `r0 := 0`, `r{i+1} := r{i} + 1` up to `r{n}`.
fn rule_chain(n: usize) -> String {
    (0..n).fold("r0 := 0\n".to_string(), |mut s, i| {
        s.push_str(&format!("r{} := r{i} + 1\n", i + 1));
        s
    })
}

/// A function chain `g0(x) := x`, `g{i+1}(x) := g{i}(x) + 1` up to `g{n}`.
fn function_chain(n: usize) -> String {
    (0..n).fold("g0(x) := x\n".to_string(), |mut s, i| {
        s.push_str(&format!("g{}(x) := g{i}(x) + 1\n", i + 1));
        s
    })
}

#[test]
fn hos033_chains_5000_deep_evaluate_to_the_right_answer() {
    // `govlint test`: 600 rules (aborted before), 5,000 rules, 5,000 functions.
    let text = format!(
        "package p\n\n{}{}\ntest_600 if r600 == 600\n\ntest_5000 if r5000 == 5000\n\n\
         test_functions if g5000(0) == 5000\n",
        rule_chain(5000),
        function_chain(5000)
    );
    let (code, stdout, stderr) = load(&[("p.rego", text.clone())], &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("3 passed, 0 failed"), "{stdout}");

    // `govlint eval` of the deepest rule and function.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.rego"), text).expect("write");
    for (query, answer) in [("data.p.r5000", "5000"), ("data.p.g5000(7)", "5007")] {
        let out = Command::cargo_bin("govlint")
            .expect("binary built")
            .args(["eval", query, "--policies"])
            .arg(dir.path())
            .output()
            .expect("govlint runs");
        assert!(
            out.status.success(),
            "{query}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            answer,
            "{query}"
        );
    }
}

#[test]
fn hos034_a_chain_past_the_bound_is_the_rules_error_and_the_others_still_report() {
    let (clean_code, clean) = lint(None, &TIME_LIMITS);
    assert_eq!(clean_code, 1, "{clean}");
    let expected = finding_keys(&clean);

    for (what, chain, read, deepest) in [
        ("rules", rule_chain(7000), "r7000", "r1001"),
        ("functions", function_chain(7000), "g7000(0)", "g1001"),
    ] {
        let text = format!(
            "package govlint.rules.hos034\n\nimport rego.v1\n\n\
             metadata := {{\"code\": \"HOS034\", \"name\": \"deep-chain\", \
             \"title\": \"Hostile: deep-chain\", \"severity\": \"low\", \"area\": \"hostile\", \
             \"reads\": [\"users\"]}}\n\n{chain}\n\
             findings contains f if {{\n\t{read} < 0\n\
             \tf := {{\"object\": {{\"collection\": \"users\", \"id\": \"x\", \"displayName\": \"x\"}}, \
             \"message\": \"unreachable\"}}\n}}\n"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("HOS034-deep-chain.rego"), text).expect("write");
        // A limit no debug build reaches: the error must be the bound's, not the timer's.
        let (exit, report) = lint(Some(dir.path()), &["--rule-timeout", "10m"]);
        assert_eq!(exit, 3, "{what}: {}", report["errors"]);
        let errors = report["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 1, "{what}: {errors:?}");
        assert_eq!(errors[0]["rule"], "HOS034", "{what}");
        let message = errors[0]["error"].as_str().expect("message");
        assert!(
            message.contains(&format!(
                "rule evaluation nested deeper than 6000: {deepest}"
            )),
            "{what}: {message}"
        );
        assert_eq!(
            finding_keys(&report),
            expected,
            "{what}: the others still report"
        );
    }
}

/// One call of a builtin whose output the policy sizes (about 900 MB here, kept under 1 GB as
/// the corpus is) is refused *before*
/// its buffer grows past the rule's memory budget (engine patch 128): a doubling from 800 MB
/// asks the allocator for 1.6 GB at once, and an allocation that fails aborts the process
/// with no report, so the budget must refuse the growth rather than notice it after. Each rule
/// is that rule's memory error, and its peak (`GOVLINT_TIMINGS`) stays within the budget.
#[test]
fn hos035_one_builtin_call_is_refused_before_it_passes_the_budget() {
    // A 1 MiB text and a 900-byte one, built under the budget; then one call writing 900 MiB.
    // Without patch 128 each peaked past the budget (68-69 MB; `json.marshal` 270 MB;
    // `yaml.marshal` 2 GB), and `sprintf` wrote its whole output (2.1 GB at 2048 copies)
    // before any check.
    let mb = r#"concat("", [x | some _ in numbers.range(1, 1048576); x := "a"])"#;
    let kb = r#"concat("", [x | some _ in numbers.range(1, 900); x := "a"])"#;
    let calls: [(&str, String); 10] = [
        (
            "concat",
            "concat(\"\", [big | some _ in numbers.range(1, 900)])".into(),
        ),
        ("replace", "replace(small, \"a\", big)".into()),
        ("replace_n", "strings.replace_n({\"a\": big}, small)".into()),
        (
            "replace_n_empty",
            "strings.replace_n({\"\": big}, small)".into(),
        ),
        ("regex_replace", "regex.replace(small, \"a\", big)".into()),
        (
            "sprintf",
            "sprintf(concat(\"\", [\"%[1]s\" | some _ in numbers.range(1, 900)]), [big])".into(),
        ),
        (
            "yaml_marshal",
            "yaml.marshal([big | some _ in numbers.range(1, 900)])".into(),
        ),
        (
            "json_marshal",
            "json.marshal([big | some _ in numbers.range(1, 900)])".into(),
        ),
        (
            "json_marshal_pretty",
            "json.marshal_with_options([big | some _ in numbers.range(1, 900)], {\"pretty\": true, \"indent\": \" \"})".into(),
        ),
        ("template", format!("$\"{}\"", "{big}".repeat(900))),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, (name, call)) in calls.iter().enumerate() {
        let code = format!("HOS{}", 350 + i);
        let text = format!(
            "package govlint.rules.hos{n}\n\nimport rego.v1\n\n\
             metadata := {{\"code\": \"{code}\", \"name\": \"one-call-{dash}\", \"title\": \"Hostile: one {name} call\", \
             \"severity\": \"low\", \"area\": \"hostile\", \"reads\": [\"users\"]}}\n\n\
             findings contains f if {{\n\tbig := {mb}\n\tsmall := {kb}\n\tr := {call}\n\tcount(r) < 0\n\
             \tf := {{\"object\": {{\"collection\": \"users\", \"id\": \"x\", \"displayName\": \"x\"}}, \"message\": \"unreachable\"}}\n}}\n",
            n = 350 + i,
            dash = name.replace('_', "-"),
        );
        std::fs::write(dir.path().join(format!("{code}.rego")), text).expect("write");
    }
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("govlint"))
        .args(["lint", DEMO, "--format", "json"])
        .args(MEMORY_LIMITS)
        .arg("--policies")
        .arg(dir.path())
        .env("GOVLINT_TIMINGS", "1")
        .output()
        .expect("govlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("report");
    let errors = report["errors"].as_array().expect("errors");
    for (i, (name, _)) in calls.iter().enumerate() {
        let code = format!("HOS{}", 350 + i);
        let error = errors
            .iter()
            .find(|e| e["rule"] == code.as_str())
            .unwrap_or_else(|| panic!("{name}: no error for {code}: {errors:?}"));
        assert!(
            error["error"]
                .as_str()
                .is_some_and(|m| m.contains("its memory budget of 64MiB")),
            "{name}: {error}"
        );
        let peak: f64 = stderr
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!("govlint timing: {code}: peak "))?
                    .strip_suffix(" MB")?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("{name}: no peak for {code}: {stderr}"));
        let budget_mb = (64u64 << 20) as f64 / 1e6;
        assert!(
            peak <= budget_mb,
            "{name}: peak {peak} MB is past the budget of {budget_mb} MB"
        );
    }
    assert_eq!(errors.len(), calls.len(), "{errors:?}");
}
