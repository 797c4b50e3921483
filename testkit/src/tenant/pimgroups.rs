//! Role-assignable groups, their members (nested and through PIM for groups) and their
//! PIM-for-groups settings: plants for who really holds a role (PIM001, PRV001, PRV002 through
//! a group) and for PIM014..PIM016, with look-alikes.
//!
//! Every role-assignable group gets `members`/`owners` and a member and an owner policy at
//! the settings a careful admin would choose (MFA and justification to activate, 8-hour
//! activations, approval where the group holds a critical role), so only the plants fire.

use serde_json::{json, Value};

use super::{
    days_from_now, guid, Gen, Grant, EXCHANGE_ADMIN, GLOBAL_ADMIN, PRIVILEGED_ROLE_ADMIN,
    REPORTS_READER, SECURITY_ADMIN,
};

pub const GROUP_ELIGIBLE: &str = "privilegedAccessGroupEligibilityScheduleInstances";
pub const GROUP_ACTIVE: &str = "privilegedAccessGroupAssignmentScheduleInstances";
pub const GROUP_POLICIES: &str = "groupRoleManagementPolicies";
pub const GROUP_POLICY_ASSIGNMENTS: &str = "groupRoleManagementPolicyAssignments";

/// The id of a group's PIM-for-groups policy for `access` ("member" or "owner"), as Entra
/// names them: `Group_<groupId>_<guid>`.
pub fn group_policy_id(group: &str, access: &str) -> String {
    format!(
        "Group_{group}_{}",
        guid(&format!("group-policy:{group}:{access}"))
    )
}

pub fn plant(g: &mut Gen) {
    // Every collection the contract names exists, even where nothing is planted in it, so the
    // rules reading them are evaluated.
    for c in [
        GROUP_ELIGIBLE,
        GROUP_ACTIVE,
        GROUP_POLICIES,
        GROUP_POLICY_ASSIGNMENTS,
    ] {
        g.items_mut(c);
    }
    tier0(g);
    settings(g);
}

/// A security group; role-assignable groups get their policies. Returns its id.
fn group(g: &mut Gen, key: &str, name: &str, role_assignable: bool) -> String {
    let id = guid(&format!("group:{key}"));
    g.push("groups", json!({
        "id": id, "displayName": name, "groupTypes": [], "securityEnabled": true,
        "mailEnabled": false, "isAssignableToRole": role_assignable, "membershipRule": null,
        "membershipRuleProcessingState": null, "visibility": "Private", "onPremisesSyncEnabled": null,
        "createdDateTime": days_from_now(-500)
    }));
    if role_assignable {
        let lead = guid("user:sec-lead");
        for access in ["member", "owner"] {
            let pid = group_policy_id(&id, access);
            g.push(GROUP_POLICIES, json!({
                "id": pid, "displayName": "Group", "description": "Group", "isOrganizationDefault": false,
                "scopeId": id, "scopeType": "Group", "lastModifiedDateTime": null,
                "lastModifiedBy": {"displayName": null, "id": null}, "rules": super::policy_rules()
            }));
            g.push(GROUP_POLICY_ASSIGNMENTS, json!({
                "id": format!("{pid}_{access}"), "policyId": pid, "scopeId": id, "scopeType": "Group",
                "roleDefinitionId": access
            }));
        }
        set_members(g, &id, &[], &[lead]);
    }
    id
}

/// Sets a group's embedded `members` (users and groups, by id) and `owners` (users), as the
/// fetcher stores them for role-assignable groups and the groups nested in them.
fn set_members(g: &mut Gen, gid: &str, members: &[String], owners: &[String]) {
    let member_items: Vec<Value> = members.iter().map(|id| directory_object(g, id)).collect();
    let owner_items: Vec<Value> = owners
        .iter()
        .map(|id| {
            let o = directory_object(g, id);
            json!({"@odata.type": o["@odata.type"], "id": o["id"], "displayName": o["displayName"],
                   "userPrincipalName": o["userPrincipalName"]})
        })
        .collect();
    let item = group_mut(g, gid);
    item["members"] = json!(member_items);
    if !owners.is_empty() || item.get("owners").is_none() {
        item["owners"] = json!(owner_items);
    }
}

fn group_mut<'a>(g: &'a mut Gen, gid: &str) -> &'a mut Value {
    g.items_mut("groups")
        .iter_mut()
        .find(|x| x["id"] == gid)
        .expect("generator refers to a group it made")
}

/// A user or group as `/groups/{id}/members?$select=id,displayName,userPrincipalName,userType,accountEnabled`
/// lists it.
fn directory_object(g: &Gen, id: &str) -> Value {
    let find = |c: &str| {
        g.collections
            .get(c)
            .and_then(|xs| xs.iter().find(|x| x["id"] == id))
    };
    if let Some(u) = find("users") {
        return json!({"@odata.type": "#microsoft.graph.user", "id": id, "displayName": u["displayName"],
            "userPrincipalName": u["userPrincipalName"], "userType": u["userType"], "accountEnabled": u["accountEnabled"]});
    }
    let name = find("groups").map_or(json!(null), |x| x["displayName"].clone());
    // Graph answers a `$select` of user properties with the ones a group has: a group member
    // has no `userPrincipalName`, `userType` or `accountEnabled` key at all.
    json!({"@odata.type": "#microsoft.graph.group", "id": id, "displayName": name})
}

/// How a PIM-for-groups membership is held.
enum Membership {
    Eligible { end: Value },
    Assigned { end: Value },
}

fn pim_member(g: &mut Gen, key: &str, gid: &str, principal: &str, m: Membership) {
    let id = guid(&format!("group-instance:{key}"));
    let schedule = guid(&format!("group-schedule:{key}"));
    let start = days_from_now(-200);
    match m {
        Membership::Eligible { end } => g.push(GROUP_ELIGIBLE, json!({
            "id": id, "groupId": gid, "principalId": principal, "accessId": "member", "memberType": "direct",
            "startDateTime": start, "endDateTime": end, "eligibilityScheduleId": schedule
        })),
        Membership::Assigned { end } => g.push(GROUP_ACTIVE, json!({
            "id": id, "groupId": gid, "principalId": principal, "accessId": "member", "memberType": "direct",
            "startDateTime": start, "endDateTime": end, "assignmentType": "assigned", "assignmentScheduleId": schedule
        })),
    }
}

/// Grants a directory role to a group; returns the instance id.
fn grant_group(g: &mut Gen, key: &str, gid: &str, role: &str, kind: Grant) -> String {
    let inst = g.grant_to(key, gid, "group", role, kind);
    let name = g
        .collections
        .get("groups")
        .and_then(|xs| xs.iter().find(|x| x["id"] == gid))
        .map(|x| x["displayName"].clone())
        .unwrap_or(json!(null));
    for c in [
        "roleAssignmentScheduleInstances",
        "roleEligibilityScheduleInstances",
    ] {
        for i in g.items_mut(c) {
            if i["id"] == inst.as_str() {
                i["principal"]["displayName"] = name.clone();
            }
        }
    }
    inst
}

/// A PIM-for-groups policy rule of a group, to change a setting for a plant.
fn rule_mut<'a>(g: &'a mut Gen, gid: &str, access: &str, rule_id: &str) -> &'a mut Value {
    let pid = group_policy_id(gid, access);
    g.items_mut(GROUP_POLICIES)
        .iter_mut()
        .find(|p| p["id"] == pid.as_str())
        .expect("every role-assignable group has its policies")["rules"]
        .as_array_mut()
        .expect("rules array")
        .iter_mut()
        .find(|r| r["id"] == rule_id)
        .expect("every policy has all 17 rules")
}

fn require_approval(g: &mut Gen, gid: &str) {
    let lead = guid("user:sec-lead");
    for access in ["member", "owner"] {
        let rule = rule_mut(g, gid, access, "Approval_EndUser_Assignment");
        rule["setting"]["isApprovalRequired"] = json!(true);
        rule["setting"]["approvalStages"][0]["primaryApprovers"] = json!([{"@odata.type": "#microsoft.graph.singleUser", "userId": lead, "description": "Security lead"}]);
    }
}

fn in_days(d: i64) -> Value {
    json!(days_from_now(d))
}

/// Who really holds Global Administrator: members of a role-assignable group holding it,
/// through a nested group and through PIM for groups.
fn tier0(g: &mut Gen) {
    // Tier0 Admins (role-assignable) holds Global Administrator as a standing, permanent
    // assignment: PIM001 on the group's instance, which names the members it reaches.
    let admins = group(g, "tier0-admins", "Tier0 Admins", true);
    require_approval(g, &admins);
    let inst = grant_group(
        g,
        "tier0-admins-ga-standing",
        &admins,
        GLOBAL_ADMIN,
        Grant::Standing { end: json!(null) },
    );
    g.expect("PIM001", &inst);
    // Tier0 Operators, an ordinary group, is a member of Tier0 Admins. Nia is a member of
    // Tier0 Operators and so a standing Global Administrator two groups away; she has no MFA
    // method: PRV001 on Nia, naming the path. Nell, beside her, registered MFA (look-alike).
    let operators = group(g, "tier0-operators", "Tier0 Operators", false);
    let nia = g.member("grp-nia", "Nia Nested-Admin");
    g.registration(&nia, "grp-nia@contoso.example", "Nia Nested-Admin", false);
    g.expect("PRV001", &nia);
    let nell = g.member("grp-nell", "Nell Nested-Admin");
    set_members(g, &operators, &[nia, nell], &[]);
    // Pia is an eligible member of Tier0 Admins through PIM for groups, and her account is
    // synced from on-premises: PRV002 on Pia, via the group (eligible member). Pete's
    // eligibility ended last week and his account is synced too (look-alike: holds nothing).
    let pia = g.member("grp-pia", "Pia PIM-Group-Member");
    g.user_mut(&pia)["onPremisesSyncEnabled"] = json!(true);
    pim_member(
        g,
        "pia-tier0",
        &admins,
        &pia,
        Membership::Eligible { end: in_days(90) },
    );
    g.expect("PRV002", &pia);
    let pete = g.member("grp-pete", "Pete Expired-Group-Member");
    g.user_mut(&pete)["onPremisesSyncEnabled"] = json!(true);
    pim_member(
        g,
        "pete-tier0",
        &admins,
        &pete,
        Membership::Eligible { end: in_days(-7) },
    );
    // Tia is an active member through PIM for groups (time-bound): clean.
    let tia = g.member("grp-tia", "Tia Tier0-Active");
    pim_member(
        g,
        "tia-tier0",
        &admins,
        &tia,
        Membership::Assigned { end: in_days(30) },
    );
    let lead = guid("user:sec-lead");
    set_members(g, &admins, &[operators, tia], &[lead]);
    // Look-alike: Nico has no MFA either, but his role-assignable group holds only Reports
    // Reader, which is not privileged.
    let readers = group(g, "tier1-readers", "Tier1 Report Readers", true);
    grant_group(
        g,
        "tier1-readers-reports",
        &readers,
        REPORTS_READER,
        Grant::Standing { end: json!(null) },
    );
    let nico = g.member("grp-nico", "Nico Report-Reader");
    g.registration(
        &nico,
        "grp-nico@contoso.example",
        "Nico Report-Reader",
        false,
    );
    set_members(g, &readers, &[nico], &[]);
}

/// PIM014..PIM016: the PIM-for-groups settings of role-assignable groups holding roles.
fn settings(g: &mut Gen) {
    let eligible = || Grant::Eligible {
        end: json!(days_from_now(120)),
    };
    // PIM014: Exchange Operators (eligible for Exchange Administrator) lets its eligible
    // members activate with a justification alone.
    let exchange = group(g, "exchange-operators", "Exchange Operators", true);
    grant_group(
        g,
        "exchange-operators-exo",
        &exchange,
        EXCHANGE_ADMIN,
        eligible(),
    );
    rule_mut(g, &exchange, "member", "Enablement_EndUser_Assignment")["enabledRules"] =
        json!(["Justification"]);
    g.expect("PIM014", &group_policy_id(&exchange, "member"));
    let edda = g.member("grp-edda", "Edda Exchange-Operator");
    pim_member(
        g,
        "edda-exchange",
        &exchange,
        &edda,
        Membership::Eligible { end: in_days(60) },
    );
    // PIM015: PRA Operators (eligible for Privileged Role Administrator, a critical role)
    // activates membership without approval.
    let pra = group(g, "pra-operators", "PRA Operators", true);
    grant_group(
        g,
        "pra-operators-pra",
        &pra,
        PRIVILEGED_ROLE_ADMIN,
        eligible(),
    );
    require_approval(g, &pra);
    rule_mut(g, &pra, "member", "Approval_EndUser_Assignment")["setting"]["isApprovalRequired"] =
        json!(false);
    g.expect("PIM015", &group_policy_id(&pra, "member"));
    // PIM016: Security Responders (eligible for Security Administrator) allows 12-hour
    // activations. It needs no approval (look-alike for PIM015: not a critical role) and
    // requires a Conditional Access authentication context instead of listing MFA
    // (look-alike for PIM014).
    let responders = group(g, "security-responders", "Security Responders", true);
    grant_group(
        g,
        "security-responders-sec",
        &responders,
        SECURITY_ADMIN,
        eligible(),
    );
    rule_mut(g, &responders, "member", "Expiration_EndUser_Assignment")["maximumDuration"] =
        json!("PT12H");
    g.expect("PIM016", &group_policy_id(&responders, "member"));
    rule_mut(g, &responders, "member", "Enablement_EndUser_Assignment")["enabledRules"] =
        json!(["Justification"]);
    let ctx = rule_mut(
        g,
        &responders,
        "member",
        "AuthenticationContext_EndUser_Assignment",
    );
    ctx["isEnabled"] = json!(true);
    ctx["claimValue"] = json!("c1");
    // Look-alikes: Tier1 Report Readers holds no privileged role and its member policy has
    // every weakness; Project Owners is role-assignable but holds no role at all.
    let readers = guid("group:tier1-readers");
    rule_mut(g, &readers, "member", "Enablement_EndUser_Assignment")["enabledRules"] = json!([]);
    rule_mut(g, &readers, "member", "Expiration_EndUser_Assignment")["maximumDuration"] =
        json!("PT24H");
    let idle = group(g, "project-owners", "Project Owners", true);
    rule_mut(g, &idle, "member", "Expiration_EndUser_Assignment")["isExpirationRequired"] =
        json!(false);
}
