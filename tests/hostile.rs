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
const MEMORY: [&str; 6] = ["HOS019", "HOS020", "HOS021", "HOS022", "HOS023", "HOS024"];

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
