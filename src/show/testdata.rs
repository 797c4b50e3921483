//! A small hand-made tenant for the identity questions' unit tests: three users, nested
//! groups (one not read), a role granted through a group, a sign-in log and an audit log with
//! windows, risk, and one access review of a group.

use serde_json::{json, Value as Json};

use crate::snapshot::Snapshot;

pub const NOW: &str = "2026-11-20T09:00:00Z";
pub const GA: &str = "62e90394-69f5-4237-9190-012177145e10";

fn member(kind: &str, id: &str, name: &str) -> Json {
    json!({"@odata.type": format!("#microsoft.graph.{kind}"), "id": id, "displayName": name})
}

/// The collections, to be edited by a test before [`build`].
pub fn collections() -> Json {
    json!({
        "users": [
            {"id": "ann", "displayName": "Ann Analyst", "userPrincipalName": "ann@contoso.example", "mail": "ann@contoso.example",
             "userType": "Member", "accountEnabled": true, "createdDateTime": "2026-11-01T09:00:00Z", "department": "Finance",
             "jobTitle": "Analyst", "sponsors": []},
            {"id": "gus", "displayName": "Gus Guest", "userPrincipalName": "gus_x.example#EXT#@contoso.example",
             "userType": "Guest", "accountEnabled": true, "createdDateTime": "2025-03-01T09:00:00Z", "creationType": "Invitation",
             "externalUserState": "Accepted", "sponsors": [member("user", "ann", "Ann Analyst")]},
            {"id": "dan", "displayName": "Dan Disabled", "userPrincipalName": "dan@contoso.example",
             "userType": "Member", "accountEnabled": false, "createdDateTime": "2024-01-01T09:00:00Z"},
        ],
        "groups": [
            {"id": "g1", "displayName": "Fin Ops", "securityEnabled": true, "mailEnabled": false, "groupTypes": [],
             "createdDateTime": "2026-11-02T09:00:00Z",
             "members": [member("user", "ann", "Ann Analyst")], "owners": [member("user", "gus", "Gus Guest")]},
            {"id": "g0", "displayName": "Tier0", "securityEnabled": true, "mailEnabled": false, "groupTypes": [],
             "isAssignableToRole": true, "createdDateTime": "2025-01-01T09:00:00Z",
             "members": [member("group", "g1", "Fin Ops")], "owners": []},
            {"id": "g2", "displayName": "Finance All", "securityEnabled": false, "mailEnabled": true,
             "groupTypes": ["Unified", "DynamicMembership"], "createdDateTime": "2026-11-10T09:00:00Z",
             "members": [], "owners": []},
            {"id": "big", "displayName": "Everyone", "securityEnabled": true, "groupTypes": [],
             "createdDateTime": "2020-01-01T09:00:00Z"},
        ],
        "roleDefinitions": [{"id": GA, "templateId": GA, "displayName": "Global Administrator"}],
        "roleAssignmentScheduleInstances": [
            {"id": "i0", "principalId": "g0", "roleDefinitionId": GA, "directoryScopeId": "/", "memberType": "Direct",
             "assignmentType": "Assigned", "startDateTime": "2025-01-01T00:00:00Z", "endDateTime": null,
             "principal": member("group", "g0", "Tier0")},
        ],
        "roleEligibilityScheduleInstances": [],
        "privilegedAccessGroupEligibilityScheduleInstances": [],
        "privilegedAccessGroupAssignmentScheduleInstances": [],
        "userSignInActivity": [
            {"id": "ann", "userPrincipalName": "ann@contoso.example",
             "signInActivity": {"lastSignInDateTime": "2026-11-19T08:00:00Z", "lastSuccessfulSignInDateTime": "2026-11-19T08:00:00Z"}},
            {"id": "gus", "userPrincipalName": "gus_x.example#EXT#@contoso.example"},
        ],
        "userRegistrationDetails": [
            {"id": "ann", "methodsRegistered": ["microsoftAuthenticatorPush", "fido2"], "isMfaRegistered": true,
             "isMfaCapable": true, "isPasswordlessCapable": true, "userPreferredMethodForSecondaryAuthentication": "push", "isAdmin": true},
        ],
        "riskyUsers": [
            {"id": "ann", "userDisplayName": "Ann Analyst", "riskLevel": "high", "riskState": "atRisk", "riskDetail": "none",
             "riskLastUpdatedDateTime": "2026-11-18T10:00:00Z"},
            {"id": "dan", "userDisplayName": "Dan Disabled", "riskLevel": "low", "riskState": "remediated"},
        ],
        "riskDetections": [
            {"id": "rd1", "userId": "ann", "riskEventType": "unfamiliarFeatures", "riskLevel": "high", "riskState": "atRisk",
             "ipAddress": "203.0.113.9", "location": {"city": "Lagos", "countryOrRegion": "NG"},
             "detectedDateTime": "2026-11-18T09:30:00Z"},
        ],
        "signIns": [
            {"id": "s3", "createdDateTime": "2026-11-19T08:00:00Z", "userId": "ann", "userDisplayName": "Ann Analyst",
             "userPrincipalName": "ann@contoso.example", "appDisplayName": "Azure Portal", "appId": "c44b4083",
             "ipAddress": "198.51.100.1", "clientAppUsed": "Browser", "isInteractive": true, "conditionalAccessStatus": "success",
             "status": {"errorCode": 0}, "location": {"city": "Paris", "state": "Paris", "countryOrRegion": "FR"},
             "riskLevelDuringSignIn": "none"},
            {"id": "s2", "createdDateTime": "2026-11-18T09:00:00Z", "userId": "ann", "userDisplayName": "Ann Analyst",
             "appDisplayName": "Azure Portal", "ipAddress": "203.0.113.9", "conditionalAccessStatus": "notApplied",
             "status": {"errorCode": 50126, "failureReason": "Invalid username or password."},
             "location": {"city": "Lagos", "countryOrRegion": "NG"}, "riskLevelDuringSignIn": "high"},
            {"id": "s1", "createdDateTime": "2026-11-17T09:00:00Z", "userId": "gone", "userDisplayName": "Old Leaver",
             "userPrincipalName": "leaver@contoso.example", "appDisplayName": "Outlook",
             "status": {"errorCode": 50057, "failureReason": "User account is disabled."},
             "location": {"city": "London", "countryOrRegion": "GB"}},
        ],
        "directoryAudits": [
            {"id": "a1", "category": "GroupManagement", "activityDisplayName": "Add group", "activityDateTime": "2026-11-02T09:00:05Z",
             "result": "success", "initiatedBy": {"user": {"id": "dan", "displayName": "Dan Disabled", "userPrincipalName": "dan@contoso.example"}},
             "targetResources": [{"id": "g1", "displayName": "Fin Ops", "type": "Group"}]},
        ],
        "accessReviewDefinitions": [
            {"id": "r1", "displayName": "Fin Ops members", "status": "InProgress",
             "scope": {"query": "/groups/g1/transitiveMembers", "queryType": "MicrosoftGraph"},
             "reviewers": [{"query": "/users/gus", "queryType": "MicrosoftGraph"}], "instances": []},
        ],
        "accessPackages": [],
        "accessPackageAssignments": [],
        "accessPackageAssignmentPolicies": [],
        "accessPackageCatalogs": [],
    })
}

/// A snapshot of `collections`, each complete; `signIns` and `directoryAudits` carry windows.
pub fn build(collections: Json) -> Snapshot {
    let mut cs = serde_json::Map::new();
    if let Json::Object(m) = collections {
        for (name, items) in m {
            let mut c = json!({"status": "complete", "items": items});
            match name.as_str() {
                "signIns" => c["window"] = json!({"since": "2026-11-13T09:00:00Z"}),
                "directoryAudits" => c["window"] = json!({"since": "2026-10-21T09:00:00Z"}),
                _ => {}
            }
            cs.insert(name, c);
        }
    }
    let doc = json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": "t", "displayName": "T"},
        "fetchedAt": NOW,
        "collections": cs,
    });
    crate::snapshot::parse("test", &doc.to_string()).expect("valid test snapshot")
}

/// The tenant with one collection replaced by a 403, as `fetch` records it.
pub fn denied(name: &str, permission: &str) -> Snapshot {
    let mut snap = build(collections());
    snap.collections.insert(
        name.to_string(),
        serde_json::from_value(json!({
            "status": "unavailable",
            "error": {"httpStatus": 403, "code": "Authorization_RequestDenied", "permission": permission},
        }))
        .expect("collection"),
    );
    snap
}

pub fn ctx(snap: &Snapshot) -> super::Ctx<'_> {
    super::Ctx::new(snap, NOW.parse().expect("time"))
}
