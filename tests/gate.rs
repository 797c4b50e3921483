//! Waivers, baselines and emergency-access accounts: the parts that keep a gate livable
//! without letting it go blind.

use std::path::Path;

use assert_cmd::Command;
use govlint_testkit::tenant::guid;
use serde_json::Value;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-tenant.json");

fn lint_in(dir: &Path, extra: &[&str]) -> (i32, Value, String) {
    let out = Command::cargo_bin("govlint")
        .expect("binary")
        .args(["lint", DEMO, "--format", "json", "--select", "PIM001"])
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes govlint.toml: the demo's clean break-glass account declared (so PIM001 has exactly
/// the planted findings, `pim001_ids`), then `text`.
fn config(dir: &Path, text: &str) {
    let breakglass = "[emergency_access]\naccounts = [\"breakglass1@contoso.example\"]\n\n";
    let text = if text.contains("[emergency_access]") {
        text.to_string()
    } else {
        format!("{breakglass}{text}")
    };
    std::fs::write(dir.join("govlint.toml"), text).expect("write config");
}

fn ava() -> String {
    guid("instance:ava-ga-standing")
}

fn tom() -> String {
    guid("instance:tom-secadmin-standing")
}

/// Every PIM001 finding of the demo, as the generator records its plants: Ava's and Tom's,
/// which these tests waive and baseline, and the other areas' (a group's standing assignment,
/// an assignment made outside PIM), which they only count.
fn pim001_ids() -> Vec<String> {
    let (_, expected) = govlint_testkit::tenant::demo();
    expected
        .iter()
        .filter(|e| e.rule == "PIM001")
        .map(|e| e.object_id.clone())
        .collect()
}

#[test]
fn live_waiver_hides_its_finding_and_counts_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(dir.path(), &format!(
        "[[waiver]]\nrule = \"standing-active-privileged-assignment\"\nobject = \"{}\"\nreason = \"migration ticket 42\"\nexpires = \"2027-03-31\"\n",
        ava()
    ));
    let (code, v, err) = lint_in(dir.path(), &[]);
    assert_eq!(code, 1, "Tom's finding still fails: {err}");
    let ids: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["object"]["id"].as_str())
        .collect();
    let all = pim001_ids();
    let others: std::collections::BTreeSet<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|id| *id != ava())
        .collect();
    assert!(ids.contains(tom().as_str()));
    assert_eq!(ids, others);
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(v["suppressed"][0]["by"], "waiver");
    assert_eq!(v["suppressed"][0]["finding"]["object"]["id"], ava());
    assert!(v["suppressed"][0]["reason"]
        .as_str()
        .expect("reason")
        .contains("migration ticket 42"));
    assert_eq!(v["waivers"][0]["status"], "active");
    assert_eq!(v["waivers"][0]["source"], "govlint.toml:5");
}

#[test]
fn glob_waivers_and_clean_exit_when_all_are_waived() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(dir.path(), "[[waiver]]\nrule = \"PIM001\"\nobject = \"*\"\nreason = \"accepted\"\nexpires = \"2026-11-20\"\n");
    let (code, v, _) = lint_in(dir.path(), &[]);
    assert_eq!(code, 0, "a waiver is valid through its expiry day");
    assert_eq!(v["summary"]["findings"], 0);
    assert_eq!(v["summary"]["waived"], pim001_ids().len());
}

#[test]
fn expired_waiver_waives_nothing_and_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(dir.path(), &format!("[[waiver]]\nrule = \"PIM001\"\nobject = \"{}\"\nreason = \"old\"\nexpires = \"2026-11-19\"\n", ava()));
    let (code, v, _) = lint_in(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["findings"], pim001_ids().len());
    assert_eq!(v["waivers"][0]["status"], "expired");
    assert_eq!(v["waivers"][0]["matched"], 1);
    // The lint's clock decides: the same waiver is live a week earlier.
    let (_, v, _) = lint_in(dir.path(), &["--now", "2026-11-12T00:00:00Z"]);
    assert_eq!(v["waivers"][0]["status"], "active");
}

#[test]
fn waiver_matching_nothing_is_stale() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(dir.path(), "[[waiver]]\nrule = \"PIM001\"\nobject = \"no-such-object\"\nreason = \"gone\"\nexpires = \"2027-01-01\"\n");
    let (_, v, _) = lint_in(dir.path(), &[]);
    assert_eq!(v["waivers"][0]["status"], "stale");
    assert_eq!(v["summary"]["findings"], pim001_ids().len());
}

#[test]
fn waiver_naming_no_rule_is_bad_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(dir.path(), "[[waiver]]\nrule = \"PIM0001\"\nobject = \"x\"\nreason = \"typo\"\nexpires = \"2027-01-01\"\n");
    let (code, _, err) = lint_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("govlint.toml:5: waiver rule `PIM0001` names no rule"),
        "{err}"
    );
}

#[test]
fn baseline_fails_only_new_findings_and_counts_fixed_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(dir.path(), "");
    let base = dir.path().join("baseline.json");
    let out = Command::cargo_bin("govlint")
        .expect("binary")
        .args(["baseline", DEMO, "--select", "PIM001", "-o"])
        .arg(&base)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&base).expect("written")).expect("json");
    assert_eq!(file["schema"], "govlint.baseline/v1");
    let n = pim001_ids().len();
    assert_eq!(file["entries"].as_array().map(Vec::len), Some(n));

    let (code, v, _) = lint_in(dir.path(), &["--baseline", base.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "nothing new");
    assert_eq!(v["summary"]["baselined"], n);
    assert_eq!(v["baseline"]["matched"], n);
    assert_eq!(v["baseline"]["fixed"], 0);

    // Tom's assignment ends in January 2027: later, it is fixed; nothing new appears.
    let (code, v, _) = lint_in(
        dir.path(),
        &[
            "--baseline",
            base.to_str().expect("utf-8"),
            "--now",
            "2027-02-01T00:00:00Z",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(v["baseline"]["fixed"], 1);

    // A baseline with one entry removed: that finding is new again and fails.
    let mut edited = file.clone();
    edited["entries"]
        .as_array_mut()
        .expect("entries")
        .retain(|e| e["object"] != tom().as_str());
    std::fs::write(&base, edited.to_string()).expect("write");
    let (code, v, _) = lint_in(dir.path(), &["--baseline", base.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["object"]["id"], tom());
}

#[test]
fn bad_baseline_is_exit_2_with_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("b.json");
    std::fs::write(
        &base,
        "{\n  \"schema\": \"govlint.baseline/v1\",\n  \"entries\": 5\n}\n",
    )
    .expect("write");
    let (code, _, err) = lint_in(
        dir.path(),
        &["--no-config", "--baseline", base.to_str().expect("utf-8")],
    );
    assert_eq!(code, 2);
    assert!(err.contains("b.json:"), "{err}");
}

#[test]
fn emergency_access_accounts_are_skipped_and_said_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    config(
        dir.path(),
        "[emergency_access]\naccounts = [\"AVA@contoso.example\"]\n",
    );
    let (code, v, _) = lint_in(dir.path(), &[]);
    assert_eq!(code, 1);
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["object"]["id"].as_str())
        .collect();
    assert!(!ids.contains(&ava().as_str()));
    assert_eq!(v["skipped"][0]["rule"], "PIM001");
    assert_eq!(v["skipped"][0]["object"]["id"], guid("user:ava"));
    let human = Command::cargo_bin("govlint")
        .expect("binary")
        .args(["lint", DEMO, "--select", "PIM001"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("skipped") && text.contains("emergency-access"),
        "{text}"
    );
}
