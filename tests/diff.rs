//! `govlint diff` end to end: the demo tenant against a copy with known changes (a role holder
//! added and one removed, a PIM rule setting and an access package policy changed, a review
//! deleted, a guest added, a sponsor added), each reported exactly, in every format; no change
//! is an empty diff; `--fail-on-new` and the fail-closed exit 3.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

const GA: &str = "62e90394-69f5-4237-9190-012177145e10";
const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
const SARA: &str = "0e113572-fe51-4bbe-83c4-b439c1413c07";
const MIA_INSTANCE: &str = "4e5775f4-7da3-42e3-8a39-6049fa2329d4";
const GUEST_REVIEW: &str = "db51a008-a5a1-4a2d-9691-793f946d6bc4";
const NORTHWIND: &str = "8993672d-1da6-4960-9ea4-b9724121e069";
const PARTNER_POLICY: &str = "ee091256-17b0-44f0-810b-b485645ea381";
const NEW_GUEST: &str = "9d1c7a52-0b7e-4f0e-9a3e-6a1f2b3c4d5e";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo() -> Value {
    let text = std::fs::read_to_string(root().join("examples/demo-tenant.json")).expect("demo");
    serde_json::from_str(&text).expect("demo is JSON")
}

fn items<'a>(snap: &'a mut Value, collection: &str) -> &'a mut Vec<Value> {
    snap["collections"][collection]["items"]
        .as_array_mut()
        .unwrap_or_else(|| panic!("{collection} in the demo"))
}

/// The demo with the known changes of this test.
fn changed() -> Value {
    let mut s = demo();
    // A role holder added: Sara becomes eligible for Reports Reader.
    items(&mut s, "roleEligibilityScheduleInstances").push(json!({
        "id": "diff-test-sara-reports-reader", "principalId": SARA, "roleDefinitionId": REPORTS_READER,
        "directoryScopeId": "/", "appScopeId": null, "startDateTime": "2026-11-01T09:00:00Z",
        "endDateTime": "2027-05-01T09:00:00Z", "memberType": "Direct", "roleEligibilityScheduleId": "x",
        "principal": {"@odata.type": "#microsoft.graph.user", "id": SARA, "displayName": "Sara Sponsor"}
    }));
    // A role holder removed: Mia's Message Center Reader eligibility.
    items(&mut s, "roleEligibilityScheduleInstances").retain(|i| i["id"] != MIA_INSTANCE);
    // A PIM rule setting changed: Global Administrator activations may last 10 hours.
    let ga_policy = items(&mut s, "roleManagementPolicyAssignments")
        .iter()
        .find(|a| a["roleDefinitionId"] == GA)
        .map(|a| a["policyId"].clone())
        .expect("GA policy assignment");
    let policy = items(&mut s, "roleManagementPolicies")
        .iter_mut()
        .find(|p| p["id"] == ga_policy)
        .expect("GA policy");
    let rule = policy["rules"]
        .as_array_mut()
        .expect("rules")
        .iter_mut()
        .find(|r| r["id"] == "Expiration_EndUser_Assignment")
        .expect("activation rule");
    assert_eq!(rule["maximumDuration"], "PT8H");
    rule["maximumDuration"] = json!("PT10H");
    // A bookkeeping field alone is no change.
    policy["lastModifiedDateTime"] = json!("2026-11-20T08:00:00Z");
    // An access package policy's expiry changed.
    let p = items(&mut s, "accessPackageAssignmentPolicies")
        .iter_mut()
        .find(|p| p["id"] == PARTNER_POLICY)
        .expect("partner policy");
    p["expiration"]["duration"] = json!("P365D");
    p["modifiedDateTime"] = json!("2026-11-20T08:00:00Z");
    // A review deleted.
    items(&mut s, "accessReviewDefinitions").retain(|d| d["id"] != GUEST_REVIEW);
    // A guest added, with no sponsor.
    items(&mut s, "users").push(json!({
        "id": NEW_GUEST, "displayName": "Nora New-Guest", "givenName": "Nora", "surname": "New-Guest",
        "jobTitle": null, "department": null,
        "userPrincipalName": "nora_partner.example#EXT#@contoso.onmicrosoft.com", "mail": "nora@partner.example",
        "userType": "Guest", "accountEnabled": true, "creationType": "Invitation", "externalUserState": "Accepted",
        "externalUserStateChangeDateTime": "2026-11-19T09:00:00Z", "createdDateTime": "2026-11-19T09:00:00Z",
        "onPremisesSyncEnabled": null, "sponsors": []
    }));
    // A sponsor added to a connected organisation that had none.
    let org = items(&mut s, "connectedOrganizations")
        .iter_mut()
        .find(|o| o["id"] == NORTHWIND)
        .expect("Northwind");
    org["internalSponsors"] = json!([{"@odata.type": "#microsoft.graph.user", "id": SARA, "displayName": "Sara Sponsor"}]);
    for c in [
        "roleEligibilityScheduleInstances",
        "accessReviewDefinitions",
        "users",
    ] {
        let n = items(&mut s, c).len();
        s["collections"][c]["count"] = json!(n);
    }
    s
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string(v).expect("JSON")).expect("write");
    p
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_govlint"))
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--config", "examples/govlint.toml"])
        .args(extra)
        .current_dir(root())
        .output()
        .expect("govlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn json_diff(old: &Path, new: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = diff(old, new, &args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, v)
}

fn area<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("area {id}"))
}

/// `(verb, name)` of every change of an area.
fn names(a: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for verb in ["added", "removed", "changed"] {
        for i in a[verb].as_array().expect("list") {
            out.push((
                verb.to_string(),
                i["name"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn findings(d: &Value, which: &str) -> Vec<(String, String)> {
    d["findings"][which]
        .as_array()
        .expect("findings list")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["object"]["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_known_change_is_reported_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    let new = write(dir.path(), "new.json", &changed());
    let (code, d) = json_diff(&old, &new, &[]);
    assert_eq!(code, 0, "{d:#}");
    assert_eq!(d["schema"], "govlint.diff/v1");
    assert_eq!(d["incomplete"], json!([]));
    assert_eq!(d["summary"]["complete"], true);

    let holders = area(&d, "roleHolders");
    assert_eq!(
        names(holders),
        pairs(&[
            ("added", "Sara Sponsor: Reports Reader (eligible)"),
            (
                "removed",
                "Mia Message-Reader: Message Center Reader (eligible)"
            ),
        ])
    );
    let added = &holders["added"][0];
    assert_eq!(added["id"], format!("{REPORTS_READER}/{SARA}/eligible"));
    assert_eq!(added["value"]["endDateTime"], "2027-05-01T09:00:00Z");
    assert_eq!(added["value"]["direct"], true);

    let pim = area(&d, "pimPolicies");
    assert_eq!(names(pim), pairs(&[("changed", "Global Administrator")]));
    assert_eq!(
        pim["changed"][0]["fields"],
        json!([{"path": "rules[Expiration_EndUser_Assignment].maximumDuration", "before": "PT8H", "after": "PT10H"}])
    );
    let text = pim["changed"][0]["diff"].as_str().expect("diff");
    assert!(text.starts_with("--- old\n+++ new\n"), "{text}");
    assert!(
        text.contains("-      \"maximumDuration\": \"PT8H\","),
        "{text}"
    );
    assert!(
        text.contains("+      \"maximumDuration\": \"PT10H\","),
        "{text}"
    );

    let ap = area(&d, "accessPackagePolicies");
    assert_eq!(
        names(ap),
        pairs(&[(
            "changed",
            "Partner project access: Partners - connected organizations"
        )])
    );
    assert_eq!(
        ap["changed"][0]["fields"],
        json!([{"path": "expiration.duration", "before": "P180D", "after": "P365D"}])
    );

    let reviews = area(&d, "accessReviews");
    assert_eq!(reviews["verbs"], json!(["created", "deleted", "changed"]));
    assert_eq!(
        names(reviews),
        pairs(&[("removed", "Guest attestation (one-time)")])
    );
    assert_eq!(reviews["removed"][0]["id"], GUEST_REVIEW);

    let orgs = area(&d, "connectedOrganizations");
    assert_eq!(names(orgs), pairs(&[("changed", "Northwind Traders")]));
    assert_eq!(orgs["changed"][0]["fields"][0]["path"], "internalSponsors");
    assert_eq!(orgs["changed"][0]["fields"][0]["before"], json!([]));
    assert_eq!(orgs["changed"][0]["fields"][0]["after"][0]["id"], SARA);

    let guests = area(&d, "guests");
    assert_eq!(
        names(guests),
        pairs(&[(
            "added",
            "Nora New-Guest <nora_partner.example#EXT#@contoso.onmicrosoft.com>"
        )])
    );
    assert_eq!(guests["added"][0]["id"], NEW_GUEST);

    // Nothing else changed.
    for a in d["areas"].as_array().expect("areas") {
        let id = a["id"].as_str().unwrap_or("");
        match id {
            "roleHolders"
            | "pimPolicies"
            | "accessPackagePolicies"
            | "accessReviews"
            | "connectedOrganizations"
            | "guests" => assert_eq!(a["status"], "compared"),
            _ => {
                assert_eq!(a["status"], "compared", "{id}");
                assert_eq!(names(a), vec![], "{id}");
            }
        }
    }
    assert_eq!(d["summary"]["changes"], 7);

    // Findings: each change's own consequence, and nothing else.
    assert_eq!(
        findings(&d, "new"),
        vec![
            ("EXT001".to_string(), NEW_GUEST.to_string()),
            ("PIM006".to_string(), ga_policy_id()),
        ]
    );
    assert_eq!(
        findings(&d, "fixed"),
        vec![("EM004".to_string(), NORTHWIND.to_string())]
    );
    assert_eq!(d["summary"]["newFindings"], 2);
    assert_eq!(d["summary"]["fixedFindings"], 1);
}

fn ga_policy_id() -> String {
    let mut s = demo();
    items(&mut s, "roleManagementPolicyAssignments")
        .iter()
        .find(|a| a["roleDefinitionId"] == GA)
        .and_then(|a| a["policyId"].as_str())
        .expect("GA policy")
        .to_string()
}

#[test]
fn no_change_is_an_empty_diff_and_exit_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    // Nothing changed but bookkeeping: a policy's modification time, and Graph's order of
    // a policy's rules.
    let mut later = demo();
    let policy = &mut items(&mut later, "roleManagementPolicies")[0];
    policy["lastModifiedDateTime"] = json!("2026-11-20T08:00:00Z");
    policy["rules"].as_array_mut().expect("rules").reverse();
    let new = write(dir.path(), "new.json", &later);
    let (code, d) = json_diff(&old, &new, &["--fail-on-new", "info"]);
    assert_eq!(code, 0);
    assert_eq!(d["summary"]["changes"], 0);
    assert_eq!(d["findings"]["new"], json!([]));
    assert_eq!(d["findings"]["fixed"], json!([]));
    let (code, out, _) = diff(&old, &new, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 changes in 0 areas; 0 new findings, 0 fixed"),
        "{out}"
    );
    assert!(
        out.contains("No change: Directory role holders, PIM role settings"),
        "{out}"
    );
}

#[test]
fn fail_on_new_gates_on_severity_and_ignores_waived_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    let new = write(dir.path(), "new.json", &changed());
    let (_, d) = json_diff(&old, &new, &[]);
    let sev = |rule: &str| -> String {
        d["findings"]["new"]
            .as_array()
            .expect("new")
            .iter()
            .find(|f| f["rule"] == rule)
            .and_then(|f| f["severity"].as_str())
            .expect("severity")
            .to_string()
    };
    // EXT001 and PIM006 are the new findings; the gate fails at or below the worse one.
    let worst = ["critical", "high", "medium", "low", "info"]
        .into_iter()
        .find(|s| *s == sev("EXT001") || *s == sev("PIM006"))
        .expect("a severity");
    let (code, _) = json_diff(&old, &new, &["--fail-on-new", worst]);
    assert_eq!(code, 1);
    let above = match worst {
        "info" => "low",
        "low" => "medium",
        "medium" => "high",
        _ => "critical",
    };
    if worst != "critical" {
        let (code, _) = json_diff(&old, &new, &["--fail-on-new", above]);
        assert_eq!(code, 0, "nothing new at {above}");
    }
    // Waived in NEW: still listed as new, marked, and not failing.
    let toml = format!(
        "{}\n[[waiver]]\nrule = \"EXT001\"\nobject = \"{NEW_GUEST}\"\nreason = \"partner onboarding\"\nexpires = \"2027-01-31\"\n[[waiver]]\nrule = \"PIM006\"\nobject = \"*\"\nreason = \"change ticket 42\"\nexpires = \"2027-01-31\"\n",
        std::fs::read_to_string(root().join("examples/govlint.toml")).expect("demo config")
    );
    let cfg = dir.path().join("govlint.toml");
    std::fs::write(&cfg, toml).expect("config");
    let out = Command::new(env!("CARGO_BIN_EXE_govlint"))
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--config")
        .arg(&cfg)
        .args(["--format", "json", "--fail-on-new", "info"])
        .current_dir(root())
        .output()
        .expect("govlint runs");
    let d: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(0), "{d:#}");
    let new_list = d["findings"]["new"].as_array().expect("new");
    assert_eq!(new_list.len(), 2);
    assert!(new_list.iter().all(|f| f["waived"].is_string()));
}

#[test]
fn a_collection_missing_from_one_snapshot_fails_closed_and_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    let mut partial = demo();
    partial["collections"]["connectedOrganizations"]["status"] = json!("partial");
    partial["collections"]["connectedOrganizations"]["gaps"] =
        json!([{"what": "externalSponsors of 3df7de14"}]);
    let mut missing = demo();
    missing["collections"]
        .as_object_mut()
        .expect("collections")
        .remove("accessReviewDefinitions");
    for (snap, what) in [
        (&partial, "connectedOrganizations partial: missing externalSponsors of 3df7de14 (in the NEW snapshot)"),
        (&missing, "accessReviewDefinitions not in the NEW snapshot"),
    ] {
        let new = write(dir.path(), "new.json", snap);
        let (code, d) = json_diff(&old, &new, &["--fail-on-new", "info"]);
        assert_eq!(code, 3, "{d:#}");
        assert_eq!(d["summary"]["complete"], false);
        let lines: Vec<&str> = d["incomplete"]
            .as_array()
            .expect("incomplete")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(lines.iter().any(|l| l.contains(what)), "{lines:#?}");
        // The rules reading it are not compared either: their findings could be missing.
        assert!(lines.iter().any(|l| l.starts_with("findings of ")), "{lines:#?}");
        let (code, out, _) = diff(&old, &new, &[]);
        assert_eq!(code, 3);
        assert!(out.contains("INCOMPLETE: changes may be missing"), "{out}");
    }
}

#[test]
fn markdown_is_a_job_summary_of_the_same_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    let new = write(dir.path(), "new.json", &changed());
    let (code, md, _) = diff(&old, &new, &["--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(
        md.starts_with("## govlint drift — Contoso (demo): "),
        "{md}"
    );
    assert!(
        md.contains("**7 changes in 6 areas; 2 new findings (2 medium), 1 fixed**"),
        "{md}"
    );
    assert!(
        md.contains(
            "| area | changes |\n|---|---|\n| Directory role holders | 1 added, 1 removed |"
        ),
        "{md}"
    );
    assert!(md.contains("| Agent identities | no change |"), "{md}");
    assert!(
        md.contains("### Access reviews (1 deleted)\n\n- ➖ deleted: Guest attestation (one-time)"),
        "{md}"
    );
    // Names are escaped: `#` in a guest's UPN would otherwise start a heading or a link.
    assert!(md.contains("- ➕ added: Nora New-Guest &lt;nora\\_partner.example\\#EXT\\#@contoso.onmicrosoft.com&gt;"), "{md}");
    assert!(md.contains("- ✏️ changed: Global Administrator\n  - `rules[Expiration_EndUser_Assignment].maximumDuration: \"PT8H\" → \"PT10H\"`"), "{md}");
    assert!(md.contains("  ```diff\n  --- old\n  +++ new\n"), "{md}");
    assert!(
        md.contains("**New (2)**\n\n| severity | rule | object | message |"),
        "{md}"
    );
    assert!(md.contains("**Fixed (1)**"), "{md}");
    // Deterministic: the same two snapshots give the same bytes.
    let (_, again, _) = diff(&old, &new, &["--format", "markdown"]);
    assert_eq!(md, again);
}

#[test]
fn human_lists_each_change_under_its_area() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    let new = write(dir.path(), "new.json", &changed());
    let (code, out, _) = diff(&old, &new, &[]);
    assert_eq!(code, 0);
    for line in [
        "Directory role holders: 1 added, 1 removed\n  + Sara Sponsor: Reports Reader (eligible)\n  - Mia Message-Reader: Message Center Reader (eligible)\n",
        "PIM role settings: 1 changed\n  ~ Global Administrator\n      rules[Expiration_EndUser_Assignment].maximumDuration: \"PT8H\" → \"PT10H\"\n      --- old\n",
        "Access reviews: 1 deleted\n  - Guest attestation (one-time)\n",
        "Connected organisations and their sponsors: 1 changed\n  ~ Northwind Traders\n      internalSponsors: [] → [{",
        "Findings: 2 new, 1 fixed\n",
        "7 changes in 6 areas; 2 new findings (2 medium), 1 fixed",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn bad_input_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = write(dir.path(), "old.json", &demo());
    let mut other = demo();
    other["tenant"]["id"] = json!("00000000-0000-0000-0000-000000000001");
    let other = write(dir.path(), "other.json", &other);
    let (code, _, err) = diff(&old, &other, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("different tenants"), "{err}");
    let mut older = demo();
    older["fetchedAt"] = json!("2026-11-19T09:00:00Z");
    let older = write(dir.path(), "older.json", &older);
    let (code, _, err) = diff(&old, &older, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("pass the earlier snapshot first"), "{err}");
    let (code, _, err) = diff(&old, &dir.path().join("nope.json"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read snapshot"), "{err}");
}

#[test]
fn agents_added_once_both_snapshots_hold_service_principals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sps = |items: Value| json!({"status": "complete", "apiVersion": "v1.0", "count": items.as_array().map_or(0, Vec::len), "items": items});
    let mut old = demo();
    // Absent from both snapshots: not compared, and not a gap.
    old["collections"]
        .as_object_mut()
        .expect("collections")
        .remove("applications");
    old["collections"]["servicePrincipals"] = sps(json!([
        {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "sp-1", "displayName": "Payroll API", "appId": "a1"}
    ]));
    let mut new = old.clone();
    new["collections"]["servicePrincipals"] = sps(json!([
        {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "sp-1", "displayName": "Payroll API", "appId": "a1"},
        {"@odata.type": "#microsoft.graph.agentIdentity", "id": "agent-1", "displayName": "Invoice agent", "appId": "a2"}
    ]));
    let (old_p, new_p) = (
        write(dir.path(), "old.json", &old),
        write(dir.path(), "new.json", &new),
    );
    let (code, d) = json_diff(&old_p, &new_p, &["--select", "EXT001"]);
    assert_eq!(code, 0, "{d:#}");
    assert_eq!(
        names(area(&d, "agents")),
        pairs(&[("added", "Invoice agent")])
    );
    assert_eq!(
        area(&d, "agents")["added"][0]["value"]["@odata.type"],
        "#microsoft.graph.agentIdentity"
    );
    assert_eq!(names(area(&d, "servicePrincipals")), vec![]);
    assert_eq!(area(&d, "servicePrincipals")["status"], "compared");
    assert_eq!(area(&d, "applications")["status"], "notCompared");
    assert_eq!(
        area(&d, "applications")["reason"],
        "applications absent from both snapshots"
    );
    // Held by NEW only: what was added cannot be told (exit 3), named.
    let mut bare = demo();
    bare["collections"]
        .as_object_mut()
        .expect("collections")
        .remove("servicePrincipals");
    let old_p = write(dir.path(), "old.json", &bare);
    let (code, d) = json_diff(&old_p, &new_p, &["--select", "EXT001"]);
    assert_eq!(code, 3);
    assert_eq!(area(&d, "agents")["status"], "incomplete");
    assert_eq!(
        area(&d, "agents")["reason"],
        "servicePrincipals not in the OLD snapshot"
    );
}

/// The action's `drift` step (action.yml), run as a composite action runs it: with a previous
/// snapshot it appends the Markdown diff to the job summary and records the exit code; without
/// one it says so; either way today's snapshot becomes the next run's previous one.
#[test]
fn action_drift_step_writes_the_job_summary_and_keeps_todays_snapshot() {
    let text = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let action: Value =
        serde_json::to_value(regorus::Value::from_yaml_str(&text).expect("action.yml is YAML"))
            .expect("as JSON");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let step = steps
        .iter()
        .find(|s| s["id"] == "drift")
        .expect("drift step");
    let script = step["run"].as_str().expect("run");
    for input in ["drift", "drift-key", "drift-fail-on-new"] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_govlint"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let run = |dir: &Path| -> (i32, String, String) {
        let (out_file, summary) = (dir.join("output"), dir.join("summary.md"));
        let _ = std::fs::remove_file(&out_file);
        let _ = std::fs::remove_file(&summary);
        std::fs::write(dir.join("step.sh"), script).expect("script");
        let status = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "step.sh"])
            .current_dir(dir)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    bin.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("GITHUB_OUTPUT", &out_file)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GOVLINT_SNAPSHOT", "today.json")
            .env("GOVLINT_POLICIES", "")
            .env("GOVLINT_CONFIG", root().join("examples/govlint.toml"))
            .env("GOVLINT_DRIFT_FAIL_ON_NEW", "medium")
            .status()
            .expect("bash runs");
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        (status.code().unwrap_or(-1), read(&out_file), read(&summary))
    };
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "today.json", &demo());
    // The first run: nothing to compare with.
    let (code, outputs, summary) = run(dir.path());
    assert_eq!(code, 0);
    assert!(summary.contains("No previous snapshot"), "{summary}");
    assert!(!outputs.contains("exit-code="), "{outputs}");
    let kept = dir.path().join(".govlint-drift/snapshot.json");
    assert_eq!(
        std::fs::read(&kept).expect("kept"),
        std::fs::read(dir.path().join("today.json")).expect("today")
    );
    // The next run: today's tenant has drifted; the gate is on medium, so the step records 1.
    let today = changed();
    write(dir.path(), "today.json", &today);
    let (code, outputs, summary) = run(dir.path());
    assert_eq!(
        code, 0,
        "the step records the code; the result step fails the job"
    );
    assert!(outputs.contains("exit-code=1\n"), "{outputs}");
    assert!(
        outputs.contains("report=.govlint-drift/drift.md\n"),
        "{outputs}"
    );
    assert!(
        summary.starts_with("## govlint drift — Contoso (demo)"),
        "{summary}"
    );
    assert!(summary.contains("### Guests (1 added)"), "{summary}");
    assert_eq!(
        serde_json::from_slice::<Value>(&std::fs::read(&kept).expect("kept")).expect("json"),
        today
    );
    // The result step fails with the diff's code.
    let result = steps
        .iter()
        .find(|s| s["name"] == "Drift: result")
        .and_then(|s| s["run"].as_str())
        .expect("drift result step");
    std::fs::write(dir.path().join("result.sh"), result).expect("script");
    let status = Command::new("bash")
        .arg("result.sh")
        .current_dir(dir.path())
        .env("DRIFT_CODE", "1")
        .status()
        .expect("bash");
    assert_eq!(status.code(), Some(1));
}

/// The README's nightly drift workflow parses, is scheduled, and passes only inputs the action
/// declares.
#[test]
fn readme_nightly_drift_workflow_uses_real_inputs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let section = readme
        .split("\n### Drift: what changed since yesterday")
        .nth(1)
        .expect("README has the drift section");
    let block = section
        .split("```")
        .skip(1)
        .step_by(2)
        .find(|b| b.starts_with("yaml") && b.contains("jobs:"))
        .expect("a yaml workflow block");
    let yaml = |t: &str| -> Value {
        serde_json::to_value(regorus::Value::from_yaml_str(t).expect("YAML")).expect("JSON")
    };
    let wf = yaml(block.trim_start_matches("yaml"));
    let action = yaml(&std::fs::read_to_string(root().join("action.yml")).expect("action.yml"));
    let on = wf.get("on").or_else(|| wf.get("true")).expect("triggers");
    assert!(on["schedule"][0]["cron"].is_string());
    let steps = wf["jobs"]["govlint"]["steps"].as_array().expect("steps");
    let step = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("/govlint@")))
        .expect("uses the action");
    let with = step["with"].as_object().expect("with");
    assert_eq!(with["drift"], "true");
    for key in with.keys() {
        assert!(
            action["inputs"].get(key).is_some(),
            "action has no input {key}"
        );
    }
}
