//! Thresholds set in govlint.toml reach the rules: the same snapshot, linted with a shipped
//! default and with an override, gives different findings.

mod common;

use govlint::engine::{Linter, Selection};
use serde_json::{json, Value};

const NOW: &str = "2026-11-20T09:00:00Z";
const GA: &str = "62e90394-69f5-4237-9190-012177145e10";
const SECURITY_ADMIN: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";

fn linter(toml: &str) -> Linter {
    common::linter_with("govlint.toml", toml)
}

fn collection(items: Vec<Value>) -> Value {
    json!({"status": "complete", "apiVersion": "v1.0", "request": "/v1.0/test", "count": items.len(), "items": items})
}

fn eligible(user: &str, role: &str) -> Value {
    json!({
        "id": format!("{user}-{role}"), "principalId": user, "roleDefinitionId": role, "directoryScopeId": "/",
        "startDateTime": "2025-01-01T00:00:00Z", "endDateTime": null, "memberType": "Direct",
        "roleEligibilityScheduleId": format!("s-{user}"),
        "principal": {"@odata.type": "#microsoft.graph.user", "id": user, "displayName": user}
    })
}

/// One Global Administrator among three privileged users (33%); u2 activated Security
/// Administrator 40 days ago, u1 and u3 never did.
fn snapshot() -> govlint::snapshot::Snapshot {
    let users: Vec<Value> = ["u1", "u2", "u3"]
        .iter()
        .map(|u| json!({"id": u, "displayName": u, "userPrincipalName": format!("{u}@contoso.example"), "userType": "Member", "accountEnabled": true}))
        .collect();
    let activation = json!({
        "id": "r1", "action": "selfActivate", "principalId": "u2", "roleDefinitionId": SECURITY_ADMIN,
        "directoryScopeId": "/", "status": "Provisioned", "createdDateTime": "2026-10-11T09:00:00Z",
        "completedDateTime": "2026-10-11T09:00:00Z", "justification": "incident",
        "scheduleInfo": {"startDateTime": "2026-10-11T09:00:00Z", "expiration": {"type": "afterDuration", "duration": "PT4H"}}
    });
    let mut cs = serde_json::Map::new();
    cs.insert("users".into(), collection(users));
    cs.insert("roleDefinitions".into(), collection(vec![]));
    cs.insert("roleAssignmentScheduleInstances".into(), collection(vec![]));
    cs.insert(
        "roleEligibilityScheduleInstances".into(),
        collection(vec![
            eligible("u1", GA),
            eligible("u2", SECURITY_ADMIN),
            eligible("u3", SECURITY_ADMIN),
        ]),
    );
    cs.insert(
        "roleAssignmentScheduleRequests".into(),
        collection(vec![activation]),
    );
    for empty in [
        "groups",
        "privilegedAccessGroupEligibilityScheduleInstances",
        "privilegedAccessGroupAssignmentScheduleInstances",
        "groupRoleManagementPolicies",
        "groupRoleManagementPolicyAssignments",
    ] {
        cs.insert(empty.into(), collection(vec![]));
    }
    let snap = json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": "t", "displayName": "Test", "cloud": "global"},
        "fetchedAt": NOW,
        "tool": {"name": "test", "version": "0"},
        "collections": cs
    });
    govlint::snapshot::parse("thresholds", &snap.to_string()).expect("valid snapshot")
}

/// The ids of the objects `rule` reports, sorted.
fn findings(toml: &str, rule: &str) -> Vec<String> {
    let l = linter(toml);
    let snap = snapshot();
    let rules = l
        .select(&Selection {
            select: vec![rule.to_string()],
            ignore: vec![],
        })
        .expect("rule exists");
    let result = common::lint_complete(&l, &snap, &rules);
    let mut ids: Vec<String> = result
        .findings
        .iter()
        .map(|f| f.object.id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn global_admin_share_percent_is_settable() {
    // 1 of 3 is 33%: flagged at the default 30%, not at 50%.
    assert_eq!(findings("", "PIM011"), vec![GA.to_string()]);
    assert!(findings("[thresholds]\nglobal_admin_share_percent = 50\n", "PIM011").is_empty());
}

#[test]
fn eligible_unused_days_is_settable() {
    // u2's activation 40 days ago counts within 90 days, not within 30.
    assert_eq!(findings("", "PIM013"), vec!["u1", "u3"]);
    assert_eq!(
        findings("[thresholds]\neligible_unused_days = 30\n", "PIM013"),
        vec!["u1", "u2", "u3"]
    );
}

#[test]
fn decisions_unapplied_days_is_settable() {
    // The demo's AR008 plants ended more than 30 days ago; none ended 100,000 days ago.
    let (demo, _) = govlint_testkit::tenant::demo();
    let snap = govlint::snapshot::parse("demo", &demo.to_string()).expect("demo snapshot");
    let ar008 = |extra: &str| {
        let toml = format!("{}\n{extra}", govlint_testkit::tenant::DEMO_CONFIG);
        let l = linter(&toml);
        let rules = l
            .select(&Selection {
                select: vec!["AR008".into()],
                ignore: vec![],
            })
            .expect("AR008 exists");
        common::lint_complete(&l, &snap, &rules).findings.len()
    };
    assert!(ar008("") > 0, "the demo plants AR008");
    assert_eq!(
        ar008("[thresholds]\ndecisions_unapplied_days = 100000\n"),
        0
    );
}
