//! The JSON Schemas under schemas/: current with the Rust types they are generated from, and
//! the demo's snapshot, input, findings JSON and govlint.toml valid against them.

use assert_cmd::Command;
use serde_json::{json, Value};

const DEMO: &str = "examples/demo-tenant.json";

fn published(name: &str) -> String {
    let path = format!(
        "{}/schemas/{}",
        env!("CARGO_MANIFEST_DIR"),
        govlint::schemas::file_name(name)
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn published_schemas_are_current() {
    let mut stale = Vec::new();
    for name in govlint::schemas::NAMES {
        if govlint::schemas::text(name).as_deref() != Some(published(name).as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "schemas/ is stale for {stale:?}: run `cargo run -q -- schema --write schemas` and commit it"
    );
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&published(name)).expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn errors(name: &str, doc: &Value) -> Vec<String> {
    validator(name)
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_valid(name: &str, doc: &Value) {
    let errs = errors(name, doc);
    assert!(
        errs.is_empty(),
        "{name} schema errors:\n{}",
        errs.join("\n")
    );
}

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

#[test]
fn the_demo_snapshot_is_valid() {
    let snap: Value =
        serde_json::from_str(&std::fs::read_to_string(DEMO).expect("demo")).expect("JSON");
    assert_valid("snapshot", &snap);
    let mut bad = snap.clone();
    bad["collections"]["users"]["status"] = json!("done");
    assert!(!errors("snapshot", &bad).is_empty());
    // Items of a known collection are described: a property a rule reads keeps its type.
    let mut bad = snap.clone();
    bad["collections"]["users"]["items"][0]["accountEnabled"] = json!("yes");
    assert!(!errors("snapshot", &bad).is_empty());
}

#[test]
fn the_demo_input_is_valid_and_a_misspelt_envelope_is_not() {
    let (code, out, err) = govlint(&["input", DEMO, "--config", "examples/govlint.toml"]);
    assert_eq!(code, 0, "{err}");
    let input: Value = serde_json::from_str(&out).expect("JSON");
    assert_valid("input", &input);

    let mut bad = input.clone();
    let index = bad["index"].clone();
    bad.as_object_mut()
        .expect("object")
        .insert("indexes".into(), index);
    assert!(!errors("input", &bad).is_empty());
    let mut bad = input.clone();
    bad["collections"]["userz"] = json!([]);
    assert!(!errors("input", &bad).is_empty());
    // A derived index keeps its shape.
    let mut bad = input;
    bad["index"]["roleHolders"] = json!({"r": {"p": {"active": "yes", "eligible": []}}});
    assert!(!errors("input", &bad).is_empty());
}

#[test]
fn the_demo_findings_json_is_valid_with_waivers_and_a_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    let baseline_s = baseline.to_str().expect("utf-8");
    let (code, _, err) = govlint(&[
        "baseline",
        DEMO,
        "--config",
        "examples/govlint.toml",
        "--select",
        "PRV",
        "-o",
        baseline_s,
    ]);
    assert_eq!(code, 0, "{err}");
    let config = dir.path().join("govlint.toml");
    let demo_config = std::fs::read_to_string("examples/govlint.toml").expect("demo config");
    std::fs::write(
        &config,
        format!(
            "{demo_config}\n[[waiver]]\nrule = \"PIM001\"\nobject = \"54d1*\"\nreason = \"tracked in CHG-1\"\nexpires = \"2099-01-01\"\n"
        ),
    )
    .expect("write config");
    let (code, out, err) = govlint(&[
        "lint",
        DEMO,
        "--format",
        "json",
        "--config",
        config.to_str().expect("utf-8"),
        "--baseline",
        baseline_s,
    ]);
    assert_eq!(code, 1, "{err}");
    let findings: Value = serde_json::from_str(&out).expect("JSON");
    assert!(findings["suppressed"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
    assert!(findings["baseline"].is_object());
    assert!(findings["waivers"]
        .as_array()
        .is_some_and(|w| !w.is_empty()));
    assert_valid("findings", &findings);
    let mut bad = findings;
    bad["findings"][0]["severity"] = json!("severe");
    assert!(!errors("findings", &bad).is_empty());
}

#[test]
fn the_example_config_is_valid_and_a_misspelt_key_is_not() {
    let text = std::fs::read_to_string("examples/govlint.toml").expect("example config");
    let config: Value = toml::from_str(&text).expect("TOML");
    assert_valid("config", &config);
    let full: Value = toml::from_str(
        "select = [\"PIM\"]\nignore = [\"EXT002\"]\nfail_on = \"medium\"\npolicies = [\"p\"]\nbaseline = \"b.json\"\n\
         [severity]\nPIM006 = \"low\"\n[thresholds]\nprivileged_inactive_days = 60\n\
         [roles]\nprivileged_extra = [\"x\"]\ncritical = [\"y\"]\n[limits]\nrule_timeout = \"30s\"\n\
         [[waiver]]\nrule = \"PIM001\"\nobject = \"54d1*\"\nreason = \"r\"\nexpires = \"2027-03-31\"\n",
    )
    .expect("TOML");
    assert_valid("config", &full);
    for bad in [
        "fail_on = \"severe\"\n",
        "[thresholds]\nprivileged_inactive_dayz = 60\n",
        "selct = [\"PIM\"]\n",
        "[[waiver]]\nrule = \"PIM001\"\nobject = \"x\"\nreason = \"r\"\nexpires = \"next year\"\n",
    ] {
        let v: Value = toml::from_str(bad).expect("TOML");
        assert!(!errors("config", &v).is_empty(), "accepted: {bad}");
    }
}

#[test]
fn lint_warns_where_a_custom_rule_reads_a_path_the_input_lacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ACME900.rego"),
        "package govlint.rules.acme900\n\nimport rego.v1\n\nmetadata := {\n\t\"code\": \"ACME900\",\n\t\"name\": \"typo-rule\",\n\t\"title\": \"A rule with a typo\",\n\t\"severity\": \"low\",\n\t\"area\": \"prv\",\n\t\"reads\": [\"users\"],\n}\n\nfindings contains f if {\n\tsome u in input.collection.users\n\tf := {\"object\": {\"collection\": \"users\", \"id\": u.id}, \"message\": \"x\", \"remediation\": {\"summary\": \"s\", \"requests\": []}}\n}\n",
    )
    .expect("write");
    let policies = dir.path().to_str().expect("utf-8");
    let (code, _, err) = govlint(&[
        "lint",
        DEMO,
        "--policies",
        policies,
        "--select",
        "ACME900",
        "--no-config",
    ]);
    // A warning, not a failure: the rule ran (and found nothing).
    assert_eq!(code, 0, "{err}");
    let file = dir.path().join("ACME900.rego");
    assert!(
        err.contains(&format!(
            "warning: {}:15:12: `input.collection.users` is not in the rule input: `input` has no `collection` (did you mean `input.collections`?)",
            file.display()
        )),
        "{err}"
    );
    // The worked examples read only what the input has.
    let (_, _, err) = govlint(&[
        "lint",
        DEMO,
        "--policies",
        "examples/policies",
        "--no-config",
        "-q",
    ]);
    assert!(!err.contains("warning:"), "{err}");
}

#[test]
fn schema_prints_one_and_writes_all() {
    let (code, out, _) = govlint(&["schema", "input"]);
    assert_eq!(code, 0);
    assert_eq!(out, published("input"));
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out");
    let (code, _, err) = govlint(&["schema", "--write", target.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
    for name in govlint::schemas::NAMES {
        let written = std::fs::read_to_string(target.join(govlint::schemas::file_name(name)))
            .expect("written");
        assert_eq!(written, published(name), "{name}");
    }
    let (code, _, err) = govlint(&["schema", "inputs"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'inputs'"), "{err}");
}
