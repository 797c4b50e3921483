//! The `govlint` binary as CI pipelines use it: exit codes, formats, bad input, incompleteness.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-tenant.json");

fn govlint() -> Command {
    let mut c = Command::cargo_bin("govlint").expect("binary built");
    c.env_remove("NO_COLOR");
    c
}

fn demo_value() -> Value {
    govlint_testkit::tenant::demo().0
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p
}

fn lint_json(args: &[&str]) -> (i32, Value, String) {
    let out = govlint()
        .arg("lint")
        .args(args)
        .args(["--format", "json", "--no-config"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let v = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `lint --format json` of the demo tenant with one user policy file, only rule `code` selected.
fn lint_user_policy(file: &str, text: &str, code: &str) -> (i32, Value, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), file, text);
    lint_json(&[
        DEMO,
        "--policies",
        dir.path().to_str().expect("utf-8"),
        "--select",
        code,
    ])
}

#[test]
fn demo_lint_exits_1_and_reports_every_rule() {
    let out = govlint()
        .args(["lint", DEMO, "--format", "json", "--config"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/govlint.toml"
        ))
        .output()
        .expect("runs");
    let (code, v, err) = (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice::<Value>(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(code, 1, "stderr: {err}");
    assert_eq!(v["tool"]["name"], "govlint");
    assert_eq!(v["snapshot"]["fetchedAt"], "2026-11-20T09:00:00Z");
    assert_eq!(v["now"], "2026-11-20T09:00:00Z");
    let findings = v["findings"].as_array().expect("findings array");
    assert_eq!(
        v["summary"]["findings"].as_u64(),
        Some(findings.len() as u64)
    );
    assert_eq!(v["notEvaluated"], json!([]));
    let rules = govlint().args(["rule", "--all"]).output().expect("runs");
    let listing = String::from_utf8(rules.stdout).expect("utf-8");
    for line in listing.lines().filter(|l| !l.ends_with(" rules")) {
        let name = line.split_whitespace().nth(1).expect("name column");
        assert!(
            findings.iter().any(|f| f["name"] == name),
            "no finding of {name}"
        );
    }
    for f in findings {
        assert!(
            f["remediation"]["summary"]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "{f}"
        );
        assert!(
            f["remediation"]["diff"]
                .as_str()
                .is_some_and(|s| s.starts_with("--- before")),
            "{f}"
        );
        assert_eq!(f["fingerprint"].as_str().map(str::len), Some(32));
        for r in f["remediation"]["requests"].as_array().expect("requests") {
            assert!(
                r["url"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("https://graph.microsoft.com/")),
                "{r}"
            );
        }
    }
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let run = |fmt: &str| {
        govlint()
            .args(["lint", DEMO, "--no-config", "--format", fmt])
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(run("json"), run("json"));
    assert_eq!(run("human"), run("human"));
}

#[test]
fn malformed_snapshot_is_exit_2_with_a_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(
        dir.path(),
        "bad.json",
        "{\n  \"schema\": \"govlint.snapshot/v1\",\n  \"tenant\": {\"id\": \"t\",}\n}\n",
    );
    let out = govlint()
        .args(["lint"])
        .arg(&p)
        .arg("--no-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json:3:"), "{err}");
    assert!(err.contains("not valid JSON"), "{err}");
}

#[test]
fn wrong_schema_is_exit_2_with_a_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut v = demo_value();
    v["schema"] = json!("govlint.snapshot/v9");
    let p = write(
        dir.path(),
        "v9.json",
        &serde_json::to_string_pretty(&v).expect("json"),
    );
    let out = govlint()
        .args(["lint"])
        .arg(&p)
        .arg("--no-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("v9.json:2:"), "{err}");
    assert!(err.contains("govlint.snapshot/v1"), "{err}");
}

#[test]
fn truncated_collection_count_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut v = demo_value();
    v["collections"]["users"]["count"] = json!(100_000);
    let p = write(
        dir.path(),
        "short.json",
        &serde_json::to_string_pretty(&v).expect("json"),
    );
    let out = govlint()
        .args(["lint"])
        .arg(&p)
        .arg("--no-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("may be truncated"));
}

#[test]
fn unavailable_risky_users_leaves_prv004_not_evaluated_and_exits_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut v = demo_value();
    v["collections"]["riskyUsers"] = json!({
        "status": "unavailable", "items": [],
        "error": {"httpStatus": 403, "code": "Authorization_RequestDenied", "message": "Insufficient privileges",
                  "requestId": "r-1", "permission": "IdentityRiskyUser.Read.All"}
    });
    let p = write(dir.path(), "norisk.json", &v.to_string());
    let (code, out, err) = lint_json(&[p.to_str().expect("utf-8 path")]);
    assert_eq!(code, 3, "{err}");
    let ne = out["notEvaluated"].as_array().expect("notEvaluated");
    let prv004 = ne
        .iter()
        .find(|n| n["rule"] == "PRV004")
        .expect("PRV004 listed");
    let reason = prv004["reason"].as_str().expect("reason");
    assert!(
        reason.contains("403") && reason.contains("IdentityRiskyUser.Read.All"),
        "{reason}"
    );
    assert!(!out["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule"] == "PRV004"));
    assert!(
        out["summary"]["findings"].as_u64().is_some_and(|n| n > 0),
        "other rules still report"
    );
}

#[test]
fn a_failures_only_sign_in_log_leaves_prv008_not_evaluated_and_exits_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut v = demo_value();
    v["collections"]["signIns"]["window"]["failuresOnly"] = json!(true);
    let p = write(dir.path(), "failures.json", &v.to_string());
    let (code, out, err) = lint_json(&[p.to_str().expect("utf-8 path"), "--select", "PRV"]);
    assert_eq!(code, 3, "{err}");
    let ne = out["notEvaluated"].as_array().expect("notEvaluated");
    assert_eq!(ne.len(), 1, "{ne:?}");
    assert_eq!(ne[0]["rule"], "PRV008");
    let reason = ne[0]["reason"].as_str().expect("reason");
    assert!(reason.contains("signIns holds failures only"), "{reason}");
    assert!(out["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f["rule"] != "PRV008"));
}

#[test]
fn missing_and_partial_collections_are_never_clean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut v = demo_value();
    v["collections"]
        .as_object_mut()
        .expect("object")
        .remove("roleDefinitions");
    v["collections"]["users"]["status"] = json!("partial");
    v["collections"]["users"]["gaps"] =
        json!([{"what": "page 3 of /users", "error": {"httpStatus": 503}}]);
    let p = write(dir.path(), "gaps.json", &v.to_string());
    let (code, out, _) = lint_json(&[p.to_str().expect("utf-8 path"), "--select", "PIM001"]);
    assert_eq!(code, 3);
    let reason = out["notEvaluated"][0]["reason"].as_str().expect("reason");
    assert!(
        reason.contains("roleDefinitions not in the snapshot"),
        "{reason}"
    );
    assert!(
        reason.contains("users partial: missing page 3 of /users (503)"),
        "{reason}"
    );
}

#[test]
fn select_ignore_and_fail_on() {
    let (code, out, _) = lint_json(&[DEMO, "--select", "PIM001"]);
    assert_eq!(code, 1);
    let fs = out["findings"].as_array().expect("findings");
    assert!(!fs.is_empty() && fs.iter().all(|f| f["rule"] == "PIM001"));
    assert_eq!(out["summary"]["rulesEvaluated"], 1);
    let (code, out, _) = lint_json(&[
        DEMO,
        "--select",
        "PIM001",
        "--ignore",
        "standing-active-privileged-assignment",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out["summary"]["rulesEvaluated"], 0);
    let (code, _, _) = lint_json(&[DEMO, "--select", "PIM001", "--fail-on", "critical"]);
    assert_eq!(code, 0, "high findings do not fail a critical gate");
    let (code, _, err) = lint_json(&[DEMO, "--select", "NOPE999"]);
    assert_eq!(code, 2);
    assert!(err.contains("`NOPE999` names no rule"), "{err}");
}

#[test]
fn now_overrides_the_snapshot_clock() {
    let (_, out, _) = lint_json(&[DEMO, "--select", "PIM001", "--now", "2030-01-01T00:00:00Z"]);
    assert_eq!(out["now"], "2030-01-01T00:00:00Z");
    // Tom's standing assignment ends in 2027: by 2030 it is no longer in effect.
    let msgs: Vec<&str> = out["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(!msgs.iter().any(|m| m.contains("Tom")), "{msgs:?}");
    let (code, _, err) = lint_json(&[DEMO, "--now", "yesterday"]);
    assert_eq!(code, 2);
    assert!(err.contains("--now"), "{err}");
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("findings.json");
    let out = govlint()
        .args(["lint", DEMO, "--no-config", "--format", "json", "-o"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("written")).expect("json");
    assert!(v["findings"].is_array());
}

const CUSTOM_RULE: &str = r#"package govlint.rules.acme001

import rego.v1

metadata := {"code": "ACME001", "name": "guest-named-eve", "title": "A guest named Eve", "severity": "low", "area": "ext", "reads": ["users"]}

findings contains f if {
	some u in input.collections.users
	startswith(u.displayName, "Guest 000001")
	f := {"object": {"collection": "users", "id": u.id, "displayName": u.displayName}, "message": "found", "remediation": {"summary": "rename", "patch": {"displayName": "Eve"}}}
}
"#;

#[test]
fn user_policies_run_beside_the_builtin_ones() {
    let (code, out, err) = lint_user_policy("acme.rego", CUSTOM_RULE, "ACME001");
    assert_eq!(code, 1, "{err}");
    let f = &out["findings"][0];
    assert_eq!(f["rule"], "ACME001");
    assert!(f["remediation"]["diff"]
        .as_str()
        .expect("diff")
        .contains("+  \"displayName\": \"Eve\""));
}

#[test]
fn a_policy_with_long_lines_loads_in_lint_as_in_test() {
    // A generated table on one line of 5,000 columns: OPA has no line limit and `govlint
    // test` loaded it, but `lint` kept the engine's default of 1,024 columns.
    let names: Vec<String> = (0..400).map(|i| format!("\"n{i:05}\"")).collect();
    let rule = CUSTOM_RULE.replace(
        "startswith(u.displayName, \"Guest 000001\")",
        &format!(
            "startswith(u.displayName, \"Guest 000001\")\n\tnot u.id in {{{}}}",
            names.join(", ")
        ),
    );
    assert!(rule.lines().any(|l| l.len() > 4000));
    let (code, out, err) = lint_user_policy("acme.rego", &rule, "ACME001");
    assert_eq!(code, 1, "{err}");
    assert_eq!(out["findings"][0]["rule"], "ACME001");
}

#[test]
fn a_rule_that_breaks_at_evaluation_makes_the_run_incomplete() {
    let broken = CUSTOM_RULE
        .replace("\"message\": \"found\", ", "")
        .replace("acme001", "acme002")
        .replace("ACME001", "ACME002")
        .replace("guest-named-eve", "broken");
    let (code, out, _) = lint_user_policy("broken.rego", &broken, "ACME002");
    assert_eq!(code, 3);
    assert_eq!(out["errors"][0]["rule"], "ACME002");
    assert!(out["errors"][0]["error"]
        .as_str()
        .expect("error")
        .contains("message"));
}

#[test]
fn rego_syntax_errors_are_exit_2_with_a_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "oops.rego",
        "package govlint.rules.oops\n\nimport rego.v1\n\nmetadata := {\n",
    );
    let out = govlint()
        .args(["lint", DEMO, "--no-config", "--policies"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("oops.rego:"), "{err}");
}

#[test]
fn config_file_is_checked_and_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write(
        dir.path(),
        "bad.toml",
        "[thresholds]\nmax_activation_hour = 4\n",
    );
    let out = govlint()
        .args(["lint", DEMO, "--config"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:2:1") && err.contains("unknown threshold"),
        "{err}"
    );

    let good = write(
        dir.path(),
        "govlint.toml",
        "select = [\"PIM001\"]\n[severity]\nPIM001 = \"low\"\n",
    );
    let out = govlint()
        .args(["lint", DEMO, "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f["rule"] == "PIM001" && f["severity"] == "low"));
    let _ = good;
}

#[test]
fn rego_tests_pass_fail_and_report_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "acme.rego", CUSTOM_RULE);
    write(
        dir.path(),
        "acme_test.rego",
        "package govlint.rules.acme001_test\n\nimport data.govlint.rules.acme001\nimport rego.v1\n\n\
         test_fires if count(acme001.findings) == 1 with input as {\"collections\": {\"users\": [{\"id\": \"1\", \"displayName\": \"Guest 000001\"}]}}\n\n\
         test_wrong if count(acme001.findings) == 5 with input as {\"collections\": {\"users\": []}}\n\n\
         todo_test_later if false\n",
    );
    let out = govlint()
        .arg("test")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("data.govlint.rules.acme001_test.test_wrong: FAIL"),
        "{text}"
    );
    assert!(
        !text.contains("test_fires: PASS"),
        "passes are shown only with -v: {text}"
    );
    assert!(
        text.trim_end().ends_with("1 passed, 1 failed, 1 skipped"),
        "{text}"
    );

    let out = govlint()
        .arg("test")
        .arg(dir.path())
        .args(["--run", "fires", "-v"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("test_fires: PASS"));

    write(dir.path(), "broken_test.rego", "package x\n\ntest_a if {\n");
    let out = govlint()
        .arg("test")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken_test.rego:"));
}

#[test]
fn builtin_rego_suite_passes() {
    let out = govlint()
        .args(["test", concat!(env!("CARGO_MANIFEST_DIR"), "/policies")])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

#[test]
fn rule_docs_are_printed_by_code_or_name() {
    let out = govlint().args(["rule", "pim001"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("# PIM001 standing-active-privileged-assignment"),
        "{text}"
    );
    assert!(
        text.contains("62e90394-69f5-4237-9190-012177145e10  Global Administrator"),
        "prints the privileged list in effect: {text}"
    );
    let out = govlint()
        .args(["rule", "standing-active-privileged-assignment"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let out = govlint().args(["rule", "NOPE"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn snapshot_validate_summarises_and_flags_gaps() {
    let out = govlint()
        .args(["snapshot", "validate", DEMO])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid govlint.snapshot/v1"));
}

const DEMO_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/govlint.toml");

/// The demo tenant's findings in JSON, for counting what the human views must show.
fn demo_findings() -> Vec<Value> {
    let out = govlint()
        .args(["lint", DEMO, "--format", "json", "--config", DEMO_CONFIG])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v["findings"].as_array().expect("findings").clone()
}

fn human(args: &[&str], columns: Option<&str>) -> (i32, String) {
    let mut c = govlint();
    c.args(["lint", DEMO, "--config", DEMO_CONFIG]).args(args);
    match columns {
        Some(n) => c.env("COLUMNS", n),
        None => c.env_remove("COLUMNS"),
    };
    let out = c.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

/// A finding's line in the concise view: indented severity, then the rule code.
fn is_finding_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    line.starts_with("    ")
        && words.next().and_then(finding_severity).is_some()
        && words.next().is_some_and(|c| {
            c.len() >= 4
                && c.chars().all(|ch| ch.is_ascii_alphanumeric())
                && c.ends_with(char::is_numeric)
        })
}

fn finding_severity(s: &str) -> Option<&str> {
    ["critical", "high", "medium", "low", "info"]
        .into_iter()
        .find(|v| *v == s)
}

#[test]
fn demo_human_output_is_one_line_per_finding_with_a_summary() {
    let findings = demo_findings();
    let (code, text) = human(&[], None);
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().filter(|l| is_finding_line(l)).collect();
    assert_eq!(lines.len(), findings.len(), "{text}");
    for f in &findings {
        let rule = f["rule"].as_str().expect("rule");
        assert!(lines.iter().any(|l| l.contains(rule)), "no line for {rule}");
    }
    // Headers, the skipped objects, the by-rule counts and the footer: a screen, not pages
    // (the by-rule lines grow with the number of rules: 60 in the demo).
    assert!(text.lines().count() < findings.len() + 50, "{text}");
    assert!(!text.contains("fingerprint:") && !text.contains("+++ after"));
    let summary = format!("{} findings (", findings.len());
    assert!(text.lines().any(|l| l.starts_with(&summary)), "{text}");
    assert!(text.contains("by rule: "), "{text}");
    assert!(text.contains("exit 1: "), "{text}");
    assert!(!text.contains('\x1b'), "piped output has no colour");

    let (_, coloured) = human(&["--color", "always"], None);
    assert!(coloured.contains('\x1b'));
    let plain = coloured
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or(part, |(_, rest)| rest)
            }
        })
        .collect::<String>();
    assert_eq!(plain, text, "colour changes nothing but colour");

    let (_, narrow) = human(&[], Some("80"));
    for l in narrow.lines().filter(|l| is_finding_line(l)) {
        assert!(l.chars().count() <= 80, "{l}");
    }
}

#[test]
fn show_fixes_and_format_full_give_the_details() {
    let findings = demo_findings();
    let count = |text: &str, what: &str| {
        text.lines()
            .filter(|l| l.trim_start().starts_with(what))
            .count()
    };
    let (code, fixes) = human(&["--show-fixes"], None);
    assert_eq!(code, 1);
    assert_eq!(count(&fixes, "fix: "), findings.len());
    assert_eq!(count(&fixes, "fingerprint: "), findings.len());
    assert_eq!(count(&fixes, "+++ after"), findings.len());
    assert_eq!(
        fixes.lines().filter(|l| is_finding_line(l)).count(),
        findings.len()
    );
    let (code, full) = human(&["--format", "full"], None);
    assert_eq!(code, 1);
    assert_eq!(count(&full, "fix: "), findings.len());
    assert_eq!(count(&full, "object: "), findings.len());
    for f in &findings {
        let fp = f["fingerprint"].as_str().expect("fingerprint");
        assert!(full.contains(&format!("fingerprint: {fp}")), "{fp}");
        assert!(fixes.contains(&format!("fingerprint: {fp}")), "{fp}");
    }

    let out = govlint()
        .args([
            "lint",
            DEMO,
            "--no-config",
            "--format",
            "json",
            "--show-fixes",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--show-fixes shapes the human report"));
}

#[test]
fn statistics_count_findings_per_rule_and_quiet_prints_the_summary_only() {
    let findings = demo_findings();
    let mut per_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &findings {
        *per_rule
            .entry(f["rule"].as_str().expect("rule"))
            .or_default() += 1;
    }
    let (code, stats) = human(&["--statistics"], None);
    assert_eq!(code, 1);
    let rows: Vec<Vec<&str>> = stats
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|w| w.len() == 4 && w[0].parse::<usize>().is_ok())
        .collect();
    assert_eq!(rows.len(), per_rule.len(), "{stats}");
    for w in &rows {
        assert_eq!(
            Some(&w[0].parse::<usize>().expect("count")),
            per_rule.get(w[1]),
            "{w:?}"
        );
        assert!(finding_severity(w[3]).is_some(), "{w:?}");
    }
    let counts: Vec<usize> = rows.iter().map(|w| w[0].parse().expect("count")).collect();
    assert!(
        counts.windows(2).all(|p| p[0] >= p[1]),
        "most first: {counts:?}"
    );
    assert!(!stats.lines().any(is_finding_line), "no finding lines");
    assert!(stats.contains("exit 1: "));

    let (code, quiet) = human(&["--quiet"], None);
    assert_eq!(code, 1, "the exit code is still the gate");
    assert_eq!(quiet.lines().count(), 1, "{quiet}");
    assert!(
        quiet.starts_with(&format!("{} findings (", findings.len())),
        "{quiet}"
    );
    let (code, _) = human(
        &["--quiet", "--fail-on", "critical", "--select", "EXT"],
        None,
    );
    assert_eq!(code, 0);
}

#[test]
fn help_and_messages_point_only_at_files_users_have() {
    let mut texts = Vec::new();
    for sub in [
        vec!["--help"],
        vec!["lint", "--help"],
        vec!["explain", "--help"],
        vec!["baseline", "--help"],
        vec!["test", "--help"],
        vec!["rule", "--help"],
        vec!["report", "--help"],
        vec!["show", "--help"],
        vec!["fetch", "--help"],
        vec!["fix", "--help"],
        vec!["pim", "--help"],
        vec!["diff", "--help"],
        vec!["eval", "--help"],
        vec!["input", "--help"],
        vec!["schema", "--help"],
        vec!["man"],
    ] {
        let out = govlint().args(&sub).output().expect("runs");
        texts.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(dir.path(), "odd.json", "{\"schema\": 5}\n");
    let out = govlint()
        .args(["lint"])
        .arg(&p)
        .arg("--no-config")
        .output()
        .expect("runs");
    texts.push(String::from_utf8_lossy(&out.stderr).into_owned());
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    texts.push(readme);
    // The crate's doc comments are its docs.rs pages.
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("src").flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("source");
                let docs: String = text
                    .lines()
                    .map(str::trim_start)
                    .filter(|l| l.starts_with("//!") || l.starts_with("///"))
                    .map(|l| format!("{}: {l}\n", p.display()))
                    .collect();
                texts.push(docs);
            }
        }
    }
    for t in &texts {
        for private in ["design.md", "graph-api.md", "../shared", "contract-14"] {
            assert!(!t.contains(private), "points at {private}: {t}");
        }
    }
    assert!(texts[1].contains("docs/findings-json.md"), "{}", texts[1]);
}

#[test]
fn the_json_contract_doc_names_every_key_the_json_has() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/findings-json.md"
    ))
    .expect("docs/findings-json.md is shipped");
    let out = govlint()
        .args(["lint", DEMO, "--format", "json", "--config", DEMO_CONFIG])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut keys = Vec::new();
    for (k, inner) in v.as_object().expect("object") {
        keys.push(k.clone());
        if k == "summary" || k == "snapshot" {
            keys.extend(inner.as_object().expect("object").keys().cloned());
        }
    }
    for k in v["findings"][0].as_object().expect("finding").keys() {
        keys.push(k.clone());
    }
    for k in keys {
        assert!(
            doc.contains(&format!("`{k}`")),
            "docs/findings-json.md does not describe `{k}`"
        );
    }
}

#[test]
fn explain_prints_one_finding_in_full_or_the_closest_ones() {
    let findings = demo_findings();
    let f = findings
        .iter()
        .find(|f| f["rule"] == "PIM001")
        .expect("a PIM001 finding");
    let fp = f["fingerprint"].as_str().expect("fingerprint");
    let id = f["object"]["id"].as_str().expect("object id");
    let explain = |args: &[&str]| {
        let out = govlint()
            .args(["explain", DEMO, "--config", DEMO_CONFIG])
            .args(args)
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, by_fp, err) = explain(&[fp]);
    assert_eq!(code, 0, "{err}");
    assert!(by_fp.contains(&format!("fingerprint: {fp}")), "{by_fp}");
    assert_eq!(by_fp.matches("fingerprint: ").count(), 1, "one finding");
    assert!(
        by_fp.contains("fix: ") && by_fp.contains("+++ after"),
        "{by_fp}"
    );
    assert!(
        by_fp.contains("POST https://graph.microsoft.com/"),
        "{by_fp}"
    );
    assert!(
        by_fp.contains("## What it does") || by_fp.contains("govlint rule PIM001"),
        "{by_fp}"
    );
    let (code, by_prefix, _) = explain(&[&fp[..8]]);
    assert_eq!((code, &by_prefix), (0, &by_fp));
    let (code, by_object, _) = explain(&["pim001", id]);
    assert_eq!((code, &by_object), (0, &by_fp));

    let mut typo = fp.to_string();
    typo.replace_range(20..22, if &fp[20..22] == "00" { "11" } else { "00" });
    let (code, out, err) = explain(&[&typo]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no single finding"), "{err}");
    let first = err.lines().nth(2).unwrap_or("");
    assert!(
        first.trim_start().starts_with(fp),
        "the closest first: {err}"
    );
    let (code, _, err) = explain(&["PIM001", "nobody-at-all"]);
    assert_eq!(code, 2);
    assert!(
        err.lines().nth(2).is_some_and(|l| l.contains("PIM001")),
        "{err}"
    );
}
