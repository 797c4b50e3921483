//! The tenant's authorization policy, its direct role assignments and its PIM activation
//! requests, with the plants of the rules that read them (issue 7: PIM012, PIM013, EXT003,
//! EXT004) next to clean look-alikes.
//!
//! [`plant`] runs with the other areas' plants (before `ar::plant`, which reviews every held
//! privileged role). [`finish`] runs last: it derives the base `roleAssignments` and
//! `roleAssignmentScheduleRequests` from every role instance the areas planted, so a grant
//! made anywhere is a PIM-managed assignment that its holder activates, and PIM012 and PIM013
//! stay quiet on everything but their own plants. Only planted items are read (filler holds
//! users, never roles), so both stay small and constant at any `Sizes`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::{
    days_from_now, guid, Gen, Grant, FETCHED_AT, GLOBAL_ADMIN, REPORTS_READER, SECURITY_ADMIN,
};

const SAME_AS_MEMBERS: &str = "a0b1b346-4d3e-4e8b-98f8-753987be4970";
const LIMITED: &str = "10dae51f-b6af-4016-8d66-8c2a99b929b3";

/// Users whose eligibilities get no derived activation: PIM013's plants and look-alikes make
/// their own history.
const NO_ACTIVATION: &[&str] = &["pim013-gisela", "pim013-otto", "pim013-yuri"];

pub fn plant(g: &mut Gen) {
    authorization_policy(g);
    pim012(g);
    pim013(g);
}

fn authorization_policy(g: &mut Gen) {
    // The base: as a careful admin leaves it (invitations by admins and Guest Inviters only,
    // guests with limited directory access).
    g.push("authorizationPolicy", json!({
        "id": "authorizationPolicy", "displayName": "Authorization Policy",
        "description": "Used to manage authorization related settings across the company.",
        "allowInvitesFrom": "adminsAndGuestInviters", "allowedToSignUpEmailBasedSubscriptions": false,
        "allowedToUseSSPR": true, "allowEmailVerifiedUsersToJoinOrganization": false,
        "allowUserConsentForRiskyApps": false, "blockMsolPowerShell": true,
        "guestUserRoleId": LIMITED,
        "defaultUserRolePermissions": {
            "allowedToCreateApps": false, "allowedToCreateSecurityGroups": false,
            "allowedToCreateTenants": false, "allowedToReadBitlockerKeysForOwnedDevice": true,
            "allowedToReadOtherUsers": true, "permissionGrantPoliciesAssigned": []
        }
    }));
    // The tenant has exactly one authorization policy, so both plants bend it and the
    // look-alikes (`adminsAndGuestInviters`, `none`, limited and restricted access) live in
    // the rules' Rego tests. EXT003: every member may invite guests. EXT004: guests read the
    // directory as members do.
    let p = g
        .items_mut("authorizationPolicy")
        .last_mut()
        .expect("pushed above");
    p["allowInvitesFrom"] = json!("adminsGuestInvitersAndAllMembers");
    p["guestUserRoleId"] = json!(SAME_AS_MEMBERS);
    g.expect("EXT003", "authorizationPolicy");
    g.expect("EXT004", "authorizationPolicy");
}

fn pim012(g: &mut Gen) {
    // PIM012: Casper was made Global Administrator in the Microsoft 365 admin center, outside
    // PIM: Graph lists the assignment as an instance with no start (and its schedule with no
    // start and no request behind it). It is standing too, so PIM001 reports it as well.
    // (Global Administrator, not a narrower role: it keeps PIM011's share above its limit.)
    let casper = g.member("pim012-casper", "Casper Direct-Assign");
    let inst = outside_pim(g, "pim012-casper-ga", &casper, GLOBAL_ADMIN);
    g.expect("PIM012", &inst);
    g.expect("PIM001", &inst);
    // PIM012: Nell holds Security Administrator through a direct assignment PIM has no
    // instance of at all.
    let nell = g.member("pim012-nell", "Nell No-Instance");
    let id = guid("roleAssignment:pim012-nell-secadmin");
    g.push(
        "roleAssignments",
        json!({"id": id, "principalId": nell, "roleDefinitionId": SECURITY_ADMIN, "directoryScopeId": "/"}),
    );
    g.expect("PIM012", &id);
    // Look-alikes: Ron was given Reports Reader (not privileged) outside PIM. Every other
    // assignment is derived in `finish` and matches its instance: standing ones by origin id,
    // activations (whose assignment ids differ) by principal, role and scope.
    let ron = g.member("pim012-ron", "Ron Reports-Direct");
    outside_pim(g, "pim012-ron-reports", &ron, REPORTS_READER);
}

/// A permanent standing assignment made outside PIM: instance and schedule with no start.
fn outside_pim(g: &mut Gen, key: &str, principal: &str, role: &str) -> String {
    let inst = g.grant(key, principal, role, Grant::Standing { end: Value::Null });
    let schedule = guid(&format!("schedule:{key}"));
    for item in g.items_mut("roleAssignmentScheduleInstances") {
        if item["id"] == inst.as_str() {
            item["startDateTime"] = Value::Null;
        }
    }
    for item in g.items_mut("roleAssignmentSchedules") {
        if item["id"] == schedule.as_str() {
            item["createdUsing"] = Value::Null;
            item["scheduleInfo"]["startDateTime"] = Value::Null;
        }
    }
    inst
}

fn pim013(g: &mut Gen) {
    // PIM013: Gisela has been eligible for Security Administrator for 400 days and never asked
    // to activate it.
    let gisela = g.member("pim013-gisela", "Gisela Unused-Eligible");
    g.grant(
        "pim013-gisela-secadmin",
        &gisela,
        SECURITY_ADMIN,
        eligible(),
    );
    g.expect("PIM013", &gisela);
    // PIM013: Otto last activated Global Administrator 150 days ago; his request 5 days ago
    // was denied, which activated nothing.
    let otto = g.member("pim013-otto", "Otto Old-Activation");
    g.grant("pim013-otto-ga", &otto, GLOBAL_ADMIN, eligible());
    g.push(
        "roleAssignmentScheduleRequests",
        activation("pim013-otto-old", &otto, GLOBAL_ADMIN, -150, "Provisioned"),
    );
    g.push(
        "roleAssignmentScheduleRequests",
        activation("pim013-otto-denied", &otto, GLOBAL_ADMIN, -5, "Denied"),
    );
    g.expect("PIM013", &otto);
    // Look-alikes: Yuri became eligible 30 days ago and has not needed the role yet; every
    // other eligible admin activated 12 days ago (`finish`).
    let yuri = g.member("pim013-yuri", "Yuri Young-Eligible");
    let inst = g.grant("pim013-yuri-secadmin", &yuri, SECURITY_ADMIN, eligible());
    let schedule = guid("schedule:pim013-yuri-secadmin");
    let start = json!(days_from_now(-30));
    for item in g.items_mut("roleEligibilityScheduleInstances") {
        if item["id"] == inst.as_str() {
            item["startDateTime"] = start.clone();
        }
    }
    for item in g.items_mut("roleEligibilitySchedules") {
        if item["id"] == schedule.as_str() {
            item["createdDateTime"] = start.clone();
            item["scheduleInfo"]["startDateTime"] = start.clone();
        }
    }
}

/// Eligible and time-bound (ends in 100 days; began 400 days ago, as `grant` makes it).
fn eligible() -> Grant {
    Grant::Eligible {
        end: Value::String(days_from_now(100)),
    }
}

/// A `selfActivate` request `days` from `FETCHED_AT` (negative: in the past) for four hours.
fn activation(key: &str, principal: &str, role: &str, days: i64, status: &str) -> Value {
    let at = days_from_now(days);
    json!({
        "id": guid(&format!("request:{key}")), "action": "selfActivate", "principalId": principal,
        "roleDefinitionId": role, "directoryScopeId": "/", "appScopeId": null, "status": status,
        "createdDateTime": at, "completedDateTime": at, "justification": "Routine administration",
        "isValidationOnly": false, "targetScheduleId": guid(&format!("target:{key}")),
        "scheduleInfo": {"startDateTime": at, "recurrence": null,
                         "expiration": {"type": "afterDuration", "endDateTime": null, "duration": "PT4H"}}
    })
}

/// Whether an instance is in effect at `FETCHED_AT`. The generator writes every timestamp as
/// `YYYY-MM-DDThh:mm:ssZ`, so string order is time order.
fn in_effect(item: &Value) -> bool {
    let started = item["startDateTime"]
        .as_str()
        .is_none_or(|s| s <= FETCHED_AT);
    let not_ended = item["endDateTime"].as_str().is_none_or(|e| e > FETCHED_AT);
    started && not_ended
}

/// A direct grant (a `Group` instance is a member's view of its group's assignment).
fn direct(item: &Value) -> bool {
    item["memberType"]
        .as_str()
        .is_none_or(|t| t.eq_ignore_ascii_case("Direct"))
}

/// Derives the base `roleAssignments` and `roleAssignmentScheduleRequests` from every planted
/// role instance. Call after every other plant.
pub fn finish(g: &mut Gen) {
    let mut assignments = Vec::new();
    let mut requests = Vec::new();
    let skip: BTreeSet<String> = NO_ACTIVATION
        .iter()
        .map(|k| guid(&format!("user:{k}")))
        .collect();
    let active = g
        .collections
        .get("roleAssignmentScheduleInstances")
        .cloned()
        .unwrap_or_default();
    for item in active.iter().filter(|i| i.is_object()) {
        let s = |k: &str| item[k].as_str().unwrap_or_default().to_string();
        let activated = s("assignmentType").eq_ignore_ascii_case("Activated");
        if activated {
            // The activation's own request, made when it began.
            requests.push(json!({
                "id": guid(&format!("request:{}", s("id"))), "action": "selfActivate",
                "principalId": s("principalId"), "roleDefinitionId": s("roleDefinitionId"),
                "directoryScopeId": s("directoryScopeId"), "appScopeId": null, "status": "Provisioned",
                "createdDateTime": item["startDateTime"], "completedDateTime": item["startDateTime"],
                "justification": "Routine administration", "isValidationOnly": false,
                "targetScheduleId": s("roleAssignmentScheduleId"),
                "scheduleInfo": {"startDateTime": item["startDateTime"], "recurrence": null,
                                 "expiration": {"type": "afterDuration", "endDateTime": null, "duration": "PT4H"}}
            }));
        }
        if !direct(item) || !in_effect(item) {
            continue;
        }
        // A standing assignment's id is its instance's origin id; an activation's assignment
        // gets an id of its own, so PIM012 must match it by principal, role and scope.
        let id = if activated {
            guid(&format!("roleAssignment:{}", s("id")))
        } else {
            s("roleAssignmentOriginId")
        };
        assignments.push(json!({
            "id": id, "principalId": s("principalId"), "roleDefinitionId": s("roleDefinitionId"),
            "directoryScopeId": s("directoryScopeId")
        }));
    }
    let eligible = g
        .collections
        .get("roleEligibilityScheduleInstances")
        .cloned()
        .unwrap_or_default();
    for item in eligible.iter().filter(|i| i.is_object()) {
        let principal = item["principalId"].as_str().unwrap_or_default();
        let (Some(id), Some(role)) = (item["id"].as_str(), item["roleDefinitionId"].as_str())
        else {
            continue;
        };
        if skip.contains(principal) {
            continue;
        }
        requests.push(activation(
            &format!("eligible:{id}"),
            principal,
            role,
            -12,
            "Provisioned",
        ));
    }
    g.items_mut("roleAssignments").extend(assignments);
    g.items_mut("roleAssignmentScheduleRequests")
        .extend(requests);
}
