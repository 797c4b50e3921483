//! `govlint show agents` and `govlint show app NAME` end to end: on the demo tenant (table,
//! JSON and CSV; expected answers worked out here from the generated JSON, independently of
//! the show module), on names that pick nothing (exit 2 with the closest), on a snapshot whose
//! sign-in activity could not be read (exit 3), and on the demo fetched from the Graph
//! emulator over HTTP.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use assert_cmd::Command;
use common::{items, str_of, Fixture};
use serde_json::{json, Value};

const DEMO_NOW: &str = "2026-11-20T09:00:00Z";

/// `govlint show ARGS` at the demo's clock: exit code, stdout, stderr.
fn run(f: &Fixture, args: &[&str], format: &str) -> (i32, String, String) {
    let mut args = args.to_vec();
    args.extend(["--now", DEMO_NOW]);
    common::show(f, &args, format)
}

fn ask(f: &Fixture, args: &[&str], code: i32) -> Value {
    let (c, out, err) = run(f, args, "json");
    assert_eq!(c, code, "show {args:?}: {err}");
    serde_json::from_str(&out).expect("JSON answer")
}

/// Permission names by (resource id, app role id), from the snapshot's service principals.
fn role_names(snap: &Value) -> BTreeMap<(String, String), String> {
    let mut m = BTreeMap::new();
    for sp in items(snap, "servicePrincipals") {
        for r in sp["appRoles"].as_array().into_iter().flatten() {
            m.insert(
                (str_of(sp, "id").to_string(), str_of(r, "id").to_string()),
                str_of(r, "value").to_string(),
            );
        }
    }
    m
}

/// What `show agents` must say of each agent: (sponsor names, permission names, blueprint
/// exists), from the snapshot alone.
fn expected_agents(snap: &Value) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>, bool)> {
    let names = role_names(snap);
    let blueprints: BTreeSet<&str> = items(snap, "agentIdentityBlueprints")
        .iter()
        .map(|b| str_of(b, "appId"))
        .collect();
    items(snap, "agentIdentities")
        .iter()
        .map(|a| {
            let id = str_of(a, "id");
            let sp = items(snap, "servicePrincipals")
                .iter()
                .find(|s| s["id"] == id)
                .expect("every agent is a service principal");
            let perms = sp["appRoleAssignments"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| {
                    names[&(
                        str_of(x, "resourceId").to_string(),
                        str_of(x, "appRoleId").to_string(),
                    )]
                        .clone()
                })
                .collect();
            let sponsors = a["sponsors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| str_of(s, "displayName").to_string())
                .collect();
            (
                id.to_string(),
                (
                    sponsors,
                    perms,
                    blueprints.contains(str_of(a, "agentIdentityBlueprintId")),
                ),
            )
        })
        .collect()
}

fn check_agents(f: &Fixture) {
    let a = ask(f, &["agents"], 0);
    let want = expected_agents(&f.snap);
    let rows = a["agents"].as_array().expect("agents rows");
    assert_eq!(rows.len(), want.len());
    for r in rows {
        let id = str_of(&r["agent"], "id");
        let (sponsors, perms, bp_exists) = &want[id];
        let got_sponsors: BTreeSet<String> = r["sponsors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| str_of(s, "displayName").to_string())
            .collect();
        assert_eq!(&got_sponsors, sponsors, "{r}");
        let got_perms: BTreeSet<String> = r["permissions"]
            .as_str()
            .unwrap_or_default()
            .split(", ")
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        assert_eq!(&got_perms, perms, "{r}");
        assert_eq!(
            r["blueprint"]
                .as_str()
                .is_some_and(|b| b.ends_with("(no longer exists)")),
            !bp_exists,
            "{r}"
        );
    }
    // Ops Agent holds Security Administrator (PIM010's agent plant), active.
    let ops = rows
        .iter()
        .find(|r| r["agent"]["displayName"] == "Ops Agent")
        .expect("Ops Agent");
    assert_eq!(ops["roles"], "Security Administrator (active)");
    assert_eq!(ops["lastSignIn"], "2026-11-19T09:00:00Z (1 day ago)");
    let unsponsored_users = items(&f.snap, "agentUsers")
        .iter()
        .filter(|u| u["sponsors"].as_array().is_none_or(Vec::is_empty))
        .count();
    let unsponsored_agents = want.values().filter(|w| w.0.is_empty()).count();
    assert_eq!(
        a["counts"]["unsponsored"],
        json!(unsponsored_users + unsponsored_agents),
        "{a}"
    );
}

#[test]
fn agents_answer_blueprints_sponsors_permissions_roles_and_sign_ins() {
    let f = common::snapshot_fixture(govlint_testkit::tenant::demo().0);
    check_agents(&f);
    let (code, table, _) = run(&f, &["agents"], "table");
    assert_eq!(code, 0);
    assert!(
        table.contains("Orphaned Agent") && table.contains("(no longer exists)"),
        "{table}"
    );
    let (code, csv, _) = run(&f, &["agents"], "csv");
    assert_eq!(code, 0);
    assert_eq!(
        csv.lines().count(),
        1 + items(&f.snap, "agentIdentities").len(),
        "{csv}"
    );
}

#[test]
fn app_answers_owners_credentials_permissions_and_roles() {
    let f = common::snapshot_fixture(govlint_testkit::tenant::demo().0);
    let a = ask(&f, &["app", "deploy pipeline"], 0);
    let app = items(&f.snap, "applications")
        .iter()
        .find(|x| x["displayName"] == "Deploy Pipeline")
        .expect("registered");
    assert_eq!(a["app"]["applicationId"], app["id"]);
    assert_eq!(a["app"]["kind"], "application");
    assert_eq!(
        a["app"]["applicationOwners"][0]["displayName"],
        "Sam Security-Lead"
    );
    let creds = a["credentials"].as_array().expect("credentials");
    assert_eq!(
        creds.len(),
        app["keyCredentials"].as_array().map_or(0, Vec::len)
    );
    assert_eq!(creds[0]["keyId"], app["keyCredentials"][0]["keyId"]);
    assert_eq!(creds[0]["status"], "expires in 120 days");
    assert_eq!(
        a["permissions"][0]["permission"],
        "RoleManagement.ReadWrite.Directory"
    );
    assert_eq!(a["roles"][0]["role"]["displayName"], "Global Administrator");
    assert!(a["app"]["lastSignIn"]
        .as_str()
        .is_some_and(|s| s.contains("200 days ago")));
    // An expired certificate is said to be expired; found by appId too.
    let crm = items(&f.snap, "applications")
        .iter()
        .find(|x| x["displayName"] == "Legacy CRM Connector")
        .expect("crm");
    let a = ask(&f, &["app", str_of(crm, "appId")], 0);
    assert_eq!(a["counts"]["expired"], 1, "{a}");
    let (code, csv, _) = run(&f, &["app", "Legacy CRM Connector"], "csv");
    assert_eq!(code, 0);
    assert!(csv.contains("expired 20 days ago"), "{csv}");
    // Nothing secret is ever printed: the snapshot holds none, and show adds none.
    let (_, table, _) = run(&f, &["app", "Payroll Sync"], "table");
    assert!(
        !table.contains("secretText") && !table.contains("hint"),
        "{table}"
    );
}

#[test]
fn unknown_app_is_exit_2_with_the_closest_names() {
    let f = common::snapshot_fixture(govlint_testkit::tenant::demo().0);
    let (code, _, err) = run(&f, &["app", "Payrol Snyc"], "table");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no application named `Payrol Snyc`"), "{err}");
    assert!(
        err.contains("the closest:") && err.contains("Payroll Sync"),
        "{err}"
    );
}

#[test]
fn sign_in_activity_not_read_is_exit_3_and_named() {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    snap["collections"]["servicePrincipalSignInActivities"] = json!({
        "status": "unavailable", "apiVersion": "beta", "items": [],
        "error": {"httpStatus": 403, "code": "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "license": "Entra ID P1"}
    });
    let f = common::snapshot_fixture(snap);
    let a = ask(&f, &["agents"], 3);
    let incomplete = a["incomplete"].to_string();
    assert!(
        incomplete.contains("servicePrincipalSignInActivities"),
        "{incomplete}"
    );
    assert_eq!(a["agents"][0]["lastSignIn"], "none recorded");
    ask(&f, &["app", "Payroll Sync"], 3);
}

#[test]
fn a_tenant_fetched_from_the_emulator_answers_agents_and_apps() {
    let snap = common::with_every_collection(govlint_testkit::tenant::demo().0);
    let emu = govlint_testkit::emulator::Emulator::start(&snap, Default::default())
        .expect("emulator starts");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("fetched.json");
    let r = Command::from_std(common::fetch_command(&emu, &out))
        .args(["--only", "apps,pim"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("fetch runs");
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let fetched: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    let f = Fixture {
        _dir: dir,
        path: out,
        snap: fetched,
    };
    check_agents(&f);
    let a = ask(&f, &["app", "Deploy Pipeline"], 0);
    assert_eq!(
        a["permissions"][0]["permission"],
        "RoleManagement.ReadWrite.Directory"
    );
    assert_eq!(a["roles"][0]["role"]["displayName"], "Global Administrator");
}
