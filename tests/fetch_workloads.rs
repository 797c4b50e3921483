//! `govlint fetch --only apps` against the Graph emulator over real HTTP: applications and
//! service principals with their owners and app role assignments, the agent types read
//! through their type casts (sponsors, inheritable permissions), agent users, service
//! principal sign-in activity from beta (marked so), and no credential secret in the snapshot.

mod common;

use std::time::Duration;

use assert_cmd::Command;
use govlint_testkit::emulator::{Emulator, Options};
use govlint_testkit::tenant;
use serde_json::{json, Value};

fn fetch_apps(snapshot: &Value, options: Options) -> (i32, Value, String, Emulator) {
    let emu = Emulator::start(snapshot, options).expect("emulator starts");
    let dir = common::tmp();
    let out = dir.path().join("apps.json");
    let run = Command::from_std(common::fetch_command(&emu, &out))
        .args(["--only", "apps"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("govlint runs");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let v = serde_json::from_str(&text).unwrap_or(Value::Null);
    (run.status.code().unwrap_or(-1), v, text, emu)
}

fn items<'a>(v: &'a Value, c: &str) -> &'a Vec<Value> {
    v["collections"][c]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{c} items: {:#}", v["collections"][c]))
}

fn by_id<'a>(v: &'a Value, c: &str, id: &str) -> &'a Value {
    items(v, c)
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {c}"))
}

#[test]
fn agents_and_workloads_come_in_graphs_shapes_with_their_casts() {
    let (code, v, _, emu) = fetch_apps(&tenant::demo().0, Options::default().page_size(3));
    assert_eq!(code, 0, "{:#}", v["collections"]);
    for c in [
        "servicePrincipals",
        "applications",
        "agentIdentities",
        "agentIdentityBlueprintPrincipals",
        "agentIdentityBlueprints",
        "agentUsers",
        "servicePrincipalSignInActivities",
    ] {
        assert_eq!(v["collections"][c]["status"], "complete", "{c}");
    }
    // Agent identities keep their derived type in the service principals list.
    let ops = tenant::guid("sp:agent-ops");
    let sp = by_id(&v, "servicePrincipals", &ops);
    assert_eq!(sp["@odata.type"], "#microsoft.graph.agentIdentity");
    let granted: Vec<&str> = sp["appRoleAssignments"]
        .as_array()
        .expect("assignments embedded")
        .iter()
        .filter_map(|a| a["appRoleId"].as_str())
        .collect();
    assert_eq!(granted, vec!["19dbc75e-c2e2-444c-a770-ec69d8559fc7"]);
    // Sponsors through the cast, and the blueprint the agent came from.
    let agent = by_id(&v, "agentIdentities", &ops);
    assert_eq!(agent["sponsors"][0]["displayName"], "Sara Sponsor");
    assert!(agent["agentIdentityBlueprintId"].is_string());
    let lonely = by_id(&v, "agentIdentities", &tenant::guid("sp:agent-unsponsored"));
    assert!(
        lonely["sponsors"].as_array().is_some_and(Vec::is_empty)
            || lonely.get("sponsors").is_none()
    );
    let bp = by_id(&v, "agentIdentityBlueprints", &tenant::guid("app:bp-admin"));
    assert_eq!(
        bp["inheritablePermissions"][0]["inheritableScopes"]["scopes"][1],
        "RoleManagement.ReadWrite.Directory"
    );
    let owners = &by_id(&v, "applications", &tenant::guid("app:payroll-sync"))["owners"];
    assert_eq!(owners[0]["displayName"], "Sam Security-Lead");
    let au = by_id(&v, "agentUsers", &tenant::guid("user:agentuser-helpdesk"));
    assert_eq!(au["sponsors"][0]["displayName"], "Sara Sponsor");
    // Sign-in activity is Graph beta only: read there, and the snapshot says so.
    let act = &v["collections"]["servicePrincipalSignInActivities"];
    assert_eq!(act["apiVersion"], "beta");
    assert!(act["request"]
        .as_str()
        .is_some_and(|r| r.starts_with("/beta/reports/servicePrincipalSignInActivities")));
    assert_eq!(v["collections"]["servicePrincipals"]["apiVersion"], "v1.0");
    // The casts Graph documents were asked for, per item and in $batch.
    let logged = emu.requests();
    assert!(
        logged
            .iter()
            .any(|r| r.batched && r.target.ends_with("/microsoft.graph.agentIdentity/sponsors?$select=id,displayName,userPrincipalName")),
        "sponsors are read in $batch"
    );
    let targets: Vec<String> = logged.into_iter().map(|r| r.target).collect();
    for needle in [
        "/v1.0/servicePrincipals/microsoft.graph.agentIdentity?",
        &format!("/v1.0/servicePrincipals/{ops}/microsoft.graph.agentIdentity/sponsors"),
        "/microsoft.graph.agentIdentityBlueprint/inheritablePermissions",
        "/v1.0/users/microsoft.graph.agentUser?",
        "/beta/reports/servicePrincipalSignInActivities",
    ] {
        assert!(
            targets.iter().any(|t| t.contains(needle)),
            "{needle} not requested: {targets:#?}"
        );
    }
}

#[test]
fn no_credential_secret_reaches_the_snapshot() {
    let mut t = tenant::demo().0;
    // Graph returns `hint` on listed secrets, and `key` when asked; plant secret text too.
    for c in ["applications", "servicePrincipals"] {
        for item in t["collections"][c]["items"].as_array_mut().expect("items") {
            item["passwordCredentials"] = json!([{"keyId": "k-secret", "displayName": "leaky",
                "hint": "Zq8", "secretText": "Zq8~LEAKED-SECRET-TEXT", "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2026-06-01T00:00:00Z"}]);
            item["keyCredentials"] = json!([{"keyId": "k-cert", "type": "AsymmetricX509Cert",
                "usage": "Verify", "key": "TUlJQ-LEAKED-CERT-KEY", "endDateTime": "2027-01-01T00:00:00Z"}]);
        }
    }
    let (code, v, text, _emu) = fetch_apps(&t, Options::default());
    assert_eq!(code, 0);
    for secret in [
        "LEAKED-SECRET-TEXT",
        "LEAKED-CERT-KEY",
        "secretText",
        "\"hint\"",
        "\"key\"",
    ] {
        assert!(!text.contains(secret), "{secret} in the snapshot");
    }
    // The metadata the rules judge is kept.
    let app = &items(&v, "applications")[0];
    assert_eq!(app["passwordCredentials"][0]["keyId"], "k-secret");
    assert_eq!(
        app["passwordCredentials"][0]["endDateTime"],
        "2026-06-01T00:00:00Z"
    );
    assert_eq!(app["keyCredentials"][0]["type"], "AsymmetricX509Cert");
}

#[test]
fn sign_in_activity_without_a_licence_is_unavailable_and_named() {
    let options = Options {
        premium: false,
        ..Options::default()
    };
    let (code, v, _, _emu) = fetch_apps(&tenant::demo().0, options);
    assert_eq!(code, 3, "a collection could not be read");
    let act = &v["collections"]["servicePrincipalSignInActivities"];
    assert_eq!(act["status"], "unavailable");
    assert_eq!(act["error"]["license"], "Entra ID P1");
    assert_eq!(v["collections"]["servicePrincipals"]["status"], "complete");
}

#[test]
fn an_interrupted_fetch_keeps_no_secret_in_its_checkpoint() {
    let mut t = tenant::demo().0;
    for item in t["collections"]["applications"]["items"]
        .as_array_mut()
        .expect("items")
    {
        item["passwordCredentials"] = json!([{"keyId": "k-secret", "hint": "Zq8",
            "secretText": "Zq8~LEAKED-SECRET-TEXT", "endDateTime": "2026-06-01T00:00:00Z"}]);
    }
    // Two pages of applications are read and kept, then the third request fails for good.
    let emu = Emulator::start(
        &t,
        Options::default().page_size(2).with_fault(
            govlint_testkit::emulator::Fault::unavailable("/v1.0/applications?").after(2),
        ),
    )
    .expect("emulator");
    let dir = common::tmp();
    let out = dir.path().join("s.json");
    let run = Command::from_std(common::fetch_command(&emu, &out))
        .args(["--only", "apps", "--max-retries", "0", "--concurrency", "1"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("govlint runs");
    assert_eq!(
        run.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let kept = std::fs::read_to_string(dir.path().join("s.json.checkpoint")).expect("checkpoint");
    assert!(
        kept.contains("k-secret"),
        "the applications' pages were kept: {kept}"
    );
    for secret in ["LEAKED-SECRET-TEXT", "secretText", "\"hint\""] {
        assert!(!kept.contains(secret), "{secret} in the checkpoint");
    }
}
