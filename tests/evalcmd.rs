//! `govlint eval` and `govlint input` end to end on the demo tenant: the input and the
//! results are the ones `lint` computes, misspelt paths are explained, and incomplete data
//! and runaway queries fail closed.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const DEMO: &str = "examples/demo-tenant.json";

fn govlint(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .args(args)
        .output()
        .expect("govlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// (object id, message) of each finding, sorted.
fn pairs(findings: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = findings
        .as_array()
        .expect("an array of findings")
        .iter()
        .map(|f| {
            (
                f["object"]["id"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_rules_findings_evaluate_as_lint_reports_them() {
    for config in [["--no-config", ""], ["--config", "examples/govlint.toml"]] {
        let config: Vec<&str> = config.into_iter().filter(|s| !s.is_empty()).collect();
        let mut args = vec![
            "eval",
            "data.govlint.rules.pim001.findings",
            "--snapshot",
            DEMO,
        ];
        args.extend(&config);
        let (code, out, err) = govlint(&args);
        assert_eq!(code, 0, "{err}");
        let evaluated = pairs(&json(&out));

        let mut args = vec!["lint", DEMO, "--select", "PIM001", "--format", "json"];
        args.extend(&config);
        let (_, out, err) = govlint(&args);
        let linted = json(&out);
        assert!(linted["findings"].is_array(), "{err}");
        assert_eq!(evaluated, pairs(&linted["findings"]), "config {config:?}");
        assert!(!evaluated.is_empty());
    }
}

#[test]
fn the_config_and_extra_policies_are_loaded_as_for_lint() {
    let (code, out, _) = govlint(&[
        "eval",
        "data.govlint.config.emergency_access",
        "--config",
        "examples/govlint.toml",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("breakglass1@contoso.example"), "{out}");
    let (_, out, _) = govlint(&[
        "eval",
        "data.govlint.config.emergency_access",
        "--no-config",
    ]);
    assert!(!out.contains("breakglass1@contoso.example"), "{out}");

    let (code, out, err) = govlint(&[
        "eval",
        "data.govlint.rules.acme001.metadata.code",
        "--policies",
        "examples/policies",
        "--no-config",
    ]);
    assert_eq!((code, out.as_str()), (0, "\"ACME001\"\n"), "{err}");
}

#[test]
fn eval_input_and_the_written_input_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("input.json");
    let file_s = file.to_str().expect("utf-8 path");
    let (code, _, err) = govlint(&["input", DEMO, "-o", file_s, "--no-config"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("written"), "{err}");
    let input = json(&std::fs::read_to_string(&file).expect("written"));
    let keys: Vec<&str> = input
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["collections", "index", "now", "now_ns", "tenant"]);
    assert_eq!(input["now"], "2026-11-20T09:00:00Z");
    // Logs are collections but have no by-id index.
    assert!(input["collections"]["signIns"].is_array());
    assert!(input["index"].get("signIns").is_none());

    let (code, out, err) = govlint(&[
        "eval",
        "input.index.roleHolders",
        "--snapshot",
        DEMO,
        "--no-config",
    ]);
    assert_eq!(code, 0, "{err}");
    let holders = json(&out);
    assert!(holders.as_object().is_some_and(|o| !o.is_empty()));
    assert_eq!(holders, input["index"]["roleHolders"]);

    // Deterministic: the same bytes twice.
    let (_, again, _) = govlint(&[
        "eval",
        "input.index.roleHolders",
        "--snapshot",
        DEMO,
        "--no-config",
    ]);
    assert_eq!(out, again);
}

#[test]
fn a_rules_input_holds_only_what_it_reads() {
    let (code, out, _) = govlint(&["input", DEMO, "--rule", "PIM001", "--no-config"]);
    assert_eq!(code, 0);
    let input = json(&out);
    let collections: Vec<&str> = input["collections"]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert!(collections.contains(&"roleAssignmentScheduleInstances"));
    assert!(!collections.contains(&"signIns"), "{collections:?}");
    assert!(input["index"]["roleHolders"].is_object());
}

#[test]
fn a_misspelt_path_says_what_is_there() {
    let (code, out, err) = govlint(&["eval", "input.indexes.roleHolders", "--snapshot", DEMO]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("undefined: `input.indexes.roleHolders` has no value"),
        "{err}"
    );
    assert!(
        err.contains("`input` has no `indexes` (did you mean `input.index`?)"),
        "{err}"
    );
    assert!(
        err.contains("it has: collections, index, now, now_ns, tenant"),
        "{err}"
    );

    let (code, _, err) = govlint(&["eval", "input.index.roleHoldrs", "--snapshot", DEMO]);
    assert_eq!(code, 1);
    assert!(
        err.contains("did you mean `input.index.roleHolders`?"),
        "{err}"
    );

    let (code, _, err) = govlint(&[
        "eval",
        "input.collections.signIns",
        "--snapshot",
        DEMO,
        "--rule",
        "PIM001",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("only the collections in its metadata.reads"),
        "{err}"
    );

    let (code, _, err) = govlint(&[
        "eval",
        "data.govlint.rules.pim01.findings",
        "--snapshot",
        DEMO,
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("did you mean `data.govlint.rules.pim001`?"),
        "{err}"
    );
}

#[test]
fn a_bad_query_is_a_usage_error() {
    let (code, _, err) = govlint(&["eval", "input.now ==", "--snapshot", DEMO]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot evaluate"), "{err}");
}

/// The demo with `roleEligibilityScheduleInstances` partial.
fn partial_demo(dir: &Path) -> String {
    let mut snap = json(&std::fs::read_to_string(DEMO).expect("demo"));
    snap["collections"]["roleEligibilityScheduleInstances"]["status"] = "partial".into();
    snap["collections"]["roleEligibilityScheduleInstances"]["gaps"] =
        serde_json::json!([{"what": "page 2"}]);
    let p = dir.join("partial.json");
    std::fs::write(&p, snap.to_string()).expect("write");
    p.to_str().expect("utf-8").to_string()
}

#[test]
fn incomplete_data_fails_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snap = partial_demo(dir.path());
    // A rule reading it is not evaluated, as in lint.
    let (code, out, err) = govlint(&[
        "eval",
        "data.govlint.rules.pim002.findings",
        "--snapshot",
        &snap,
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("PIM002 is not evaluated on this snapshot")
            && err.contains("roleEligibilityScheduleInstances partial: missing page 2"),
        "{err}"
    );
    // A query over the whole input answers, and says the input is incomplete.
    let (code, out, err) = govlint(&["eval", "input.tenant.id", "--snapshot", &snap]);
    assert_eq!(code, 3);
    assert!(!out.is_empty());
    assert!(
        err.contains("roleEligibilityScheduleInstances partial"),
        "{err}"
    );
    // The input is written, and the exit says it is incomplete.
    let file = dir.path().join("input.json");
    let (code, _, _) = govlint(&["input", &snap, "-o", file.to_str().expect("utf-8")]);
    assert_eq!(code, 3);
    assert!(file.exists());
}

#[test]
fn a_runaway_query_is_stopped_at_the_rule_time_limit() {
    let (code, _, err) = govlint(&[
        "eval",
        "count([x | some x in numbers.range(1, 100000); some y in numbers.range(1, 100000); x == y])",
        "--rule-timeout",
        "50ms",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("rule time limit of 50ms"), "{err}");
}

#[test]
fn without_a_snapshot_input_is_undefined_and_said_so() {
    let (code, out, err) = govlint(&["eval", "input.now", "--no-config"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("no --snapshot was given, so `input` is undefined"),
        "{err}"
    );
    // A rule's findings over no input are an empty set, with the same note.
    let (code, out, err) = govlint(&["eval", "data.govlint.rules.pim001.findings", "--no-config"]);
    assert_eq!((code, out.as_str()), (0, "[]\n"));
    assert!(err.contains("no --snapshot was given"), "{err}");
}
