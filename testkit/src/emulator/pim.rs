//! PIM schedule requests (`POST …ScheduleRequests`): the admin actions a remediation sends and
//! the self-service ones a person sends for themself (`selfActivate`, `selfDeactivate`), with
//! the checks PIM makes against the role's (or group's) policy rules:
//! `Enablement_EndUser_Assignment` (justification, ticket, MFA), `Expiration_EndUser_Assignment`
//! (`maximumDuration`), `Approval_EndUser_Assignment` (`isApprovalRequired`: the request waits
//! as `PendingApproval` and nothing is activated). A failed rule answers 400
//! `RoleAssignmentRequestPolicyValidationFailed` naming it
//! (`The following policy rules failed: ["MfaRule"]`), as Graph does.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::response::Response;
use serde_json::{json, Map, Value};

use super::graph::{graph_error, json_response, Ctx};
use super::writes::write_store;
use super::{State, Store};

/// The delegated permissions a user token carries (`scp`).
pub const DELEGATED: &[&str] = &[
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleEligibilitySchedule.Read.Directory",
    "RoleManagementPolicy.Read.Directory",
    "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
    "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    "RoleManagementPolicy.Read.AzureADGroup",
    "RoleManagement.Read.Directory",
    "User.Read",
];

/// One schedule request endpoint (see `writes::SCHEDULES`).
pub struct Kind {
    pub requests: Option<&'static str>,
    pub instances: &'static str,
    pub schedules: Option<&'static str>,
    pub key: &'static [&'static str],
    pub active: bool,
    pub odata: &'static str,
}

impl Kind {
    fn groups(&self) -> bool {
        self.key.contains(&"groupId")
    }
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `2026-11-20T09:00:00Z` of seconds since the epoch.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds of an ISO 8601 duration of days, hours, minutes and seconds (`P1D`, `PT8H30M`).
pub fn duration_secs(s: &str) -> Option<u64> {
    let rest = s.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0u64;
    let mut num = String::new();
    for (part, units) in [
        (date, &[('W', 604_800u64), ('D', 86_400)][..]),
        (time, &[('H', 3600), ('M', 60), ('S', 1)][..]),
    ] {
        for c in part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else {
                let (_, mult) = units.iter().find(|(u, _)| *u == c)?;
                total += num.parse::<u64>().ok()? * mult;
                num.clear();
            }
        }
        if !num.is_empty() {
            return None;
        }
    }
    Some(total)
}

fn policy_failed(ctx: &Ctx, rules: &[&str]) -> Response {
    let names: Vec<String> = rules.iter().map(|r| format!("\"{r}\"")).collect();
    graph_error(
        ctx,
        400,
        "RoleAssignmentRequestPolicyValidationFailed",
        &format!("The following policy rules failed: [{}]", names.join(",")),
    )
}

/// Graph's answer to a request about an assignment that does not exist.
fn no_assignment(ctx: &Ctx) -> Response {
    graph_error(
        ctx,
        400,
        "RoleAssignmentDoesNotExist",
        "The Role assignment does not exist.",
    )
}

/// Removes the items of `collections` that `gone` picks, keeping the indexes in step.
fn remove_where(store: &mut Store, collections: &[&str], gone: impl Fn(&Value) -> bool) {
    for &c in collections {
        if let Some(items) = store.data.get_mut(c) {
            items.retain(|i| !gone(i));
        }
        store.reindex(c);
    }
}

/// The end-user rules of the PIM policy that governs this role (or group membership).
fn end_user_rules(store: &Store, kind: &Kind, body: &Value) -> Vec<Value> {
    let (assignments, policies, scope, role) = if kind.groups() {
        (
            "groupRoleManagementPolicyAssignments",
            "groupRoleManagementPolicies",
            body["groupId"].as_str(),
            body["accessId"].as_str(),
        )
    } else {
        (
            "roleManagementPolicyAssignments",
            "roleManagementPolicies",
            Some(body["directoryScopeId"].as_str().unwrap_or("/")),
            body["roleDefinitionId"].as_str(),
        )
    };
    let policy_id = store
        .data
        .get(assignments)
        .into_iter()
        .flatten()
        .find(|a| a["roleDefinitionId"].as_str() == role && a["scopeId"].as_str() == scope)
        .and_then(|a| a["policyId"].as_str());
    let Some(policy) = policy_id.and_then(|id| store.item(policies, id)) else {
        return Vec::new();
    };
    policy["rules"].as_array().cloned().unwrap_or_default()
}

fn rule<'a>(rules: &'a [Value], id: &str) -> Option<&'a Value> {
    rules.iter().find(|r| r["id"].as_str() == Some(id))
}

fn matches_key(kind: &Kind, item: &Value, body: &Value) -> bool {
    kind.key.iter().all(|k| {
        let want = body[*k].as_str().or(if *k == "directoryScopeId" {
            Some("/")
        } else {
            None
        });
        item[*k].as_str() == want
    })
}

/// Serves `POST` of a schedule request; `user` is the signed-in user of a delegated token.
pub(crate) fn schedule_request(
    state: &Arc<State>,
    ctx: &Ctx,
    kind: Kind,
    body: &Value,
    user: Option<&str>,
) -> Response {
    let action = body["action"].as_str().unwrap_or("");
    const ACTIONS: &[&str] = &[
        "adminAssign",
        "adminUpdate",
        "adminRemove",
        "adminExtend",
        "adminRenew",
        "selfActivate",
        "selfDeactivate",
        "selfExtend",
        "selfRenew",
    ];
    if !ACTIONS.contains(&action) {
        return graph_error(
            ctx,
            400,
            "BadRequest",
            &format!("Invalid value for action: '{action}'."),
        );
    }
    for k in kind.key {
        if *k != "directoryScopeId" && body[*k].as_str().is_none_or(str::is_empty) {
            return graph_error(
                ctx,
                400,
                "BadRequest",
                &format!("The request is missing the required property '{k}'."),
            );
        }
    }
    if !kind.groups() && body["directoryScopeId"].is_null() && body["appScopeId"].is_null() {
        return graph_error(
            ctx,
            400,
            "BadRequest",
            "Either directoryScopeId or appScopeId must be given.",
        );
    }
    let self_service = action.starts_with("self");
    if self_service {
        // A person acts for themself only, with a delegated sign-in.
        let Some(user) = user else {
            return graph_error(
                ctx,
                403,
                "Authorization_RequestDenied",
                "Self-service requests need a delegated (user) sign-in.",
            );
        };
        if body["principalId"].as_str() != Some(user) {
            return graph_error(
                ctx,
                403,
                "Authorization_RequestDenied",
                "The principalId of a self-service request must be the signed-in user.",
            );
        }
    }
    let mut guard = write_store(state);
    let store = Arc::make_mut(&mut guard);
    let now_s = now();
    let instances: Vec<Value> = store
        .data
        .get(kind.instances)
        .into_iter()
        .flatten()
        .filter(|i| matches_key(&kind, i, body))
        .cloned()
        .collect();
    let requested_secs = body["scheduleInfo"]["expiration"]["duration"]
        .as_str()
        .and_then(duration_secs);
    let requested_end = body["scheduleInfo"]["expiration"]["endDateTime"]
        .as_str()
        .map(str::to_string);
    let mut status = "Provisioned";
    let mut target_schedule = Value::Null;
    match action {
        "adminRemove" => {
            if instances.is_empty() {
                return no_assignment(ctx);
            }
            let mut from: Vec<&str> = [Some(kind.instances), kind.schedules]
                .into_iter()
                .flatten()
                .collect();
            if kind.active && !kind.groups() {
                from.push("roleAssignments");
            }
            remove_where(store, &from, |i| matches_key(&kind, i, body));
            status = "Revoked";
        }
        "adminAssign" | "selfActivate" => {
            if action == "adminAssign" && !instances.is_empty() {
                return graph_error(
                    ctx,
                    400,
                    "RoleAssignmentExists",
                    "The Role assignment already exists.",
                );
            }
            if action == "selfActivate" {
                let eligible = if kind.groups() {
                    "privilegedAccessGroupEligibilityScheduleInstances"
                } else {
                    "roleEligibilityScheduleInstances"
                };
                let has = store
                    .data
                    .get(eligible)
                    .into_iter()
                    .flatten()
                    .any(|i| matches_key(&kind, i, body));
                if !has {
                    return no_assignment(ctx);
                }
                if instances
                    .iter()
                    .any(|i| i["assignmentType"].as_str() == Some("Activated"))
                {
                    return graph_error(
                        ctx,
                        400,
                        "RoleAssignmentExists",
                        "The Role assignment already exists.",
                    );
                }
                let rules = end_user_rules(store, &kind, body);
                let mut failed = Vec::new();
                let enabled: Vec<&str> = rule(&rules, "Enablement_EndUser_Assignment")
                    .and_then(|r| r["enabledRules"].as_array())
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if enabled.contains(&"Justification")
                    && body["justification"]
                        .as_str()
                        .is_none_or(|j| j.trim().is_empty())
                {
                    failed.push("JustificationRule");
                }
                if enabled.contains(&"Ticketing")
                    && body["ticketInfo"]["ticketNumber"]
                        .as_str()
                        .is_none_or(|t| t.trim().is_empty())
                {
                    failed.push("TicketingRule");
                }
                if enabled.contains(&"MultiFactorAuthentication") && !state_mfa(ctx, state) {
                    failed.push("MfaRule");
                }
                if let Some(exp) = rule(&rules, "Expiration_EndUser_Assignment") {
                    let max = exp["maximumDuration"].as_str().and_then(duration_secs);
                    if let (Some(max), Some(req)) = (max, requested_secs) {
                        if req > max {
                            failed.push("ExpirationRule");
                        }
                    }
                }
                if !failed.is_empty() {
                    return policy_failed(ctx, &failed);
                }
                let approval = rule(&rules, "Approval_EndUser_Assignment")
                    .is_some_and(|r| r["setting"]["isApprovalRequired"] == json!(true));
                if approval {
                    status = "PendingApproval";
                }
            }
            if status == "Provisioned" {
                let end = requested_end.clone().or_else(|| {
                    requested_secs
                        .or(if self_service { Some(3600) } else { None })
                        .map(|d| rfc3339(now_s + d))
                });
                let schedule_id = uuid::Uuid::new_v4().to_string();
                let mut inst = Map::new();
                inst.insert("id".into(), json!(uuid::Uuid::new_v4().to_string()));
                for k in kind.key {
                    inst.insert(
                        (*k).into(),
                        body[*k].clone().as_str().map_or(json!("/"), |s| json!(s)),
                    );
                }
                inst.insert("startDateTime".into(), json!(rfc3339(now_s)));
                inst.insert("endDateTime".into(), end.map_or(Value::Null, |e| json!(e)));
                inst.insert("memberType".into(), json!("Direct"));
                if kind.active {
                    inst.insert(
                        "assignmentType".into(),
                        json!(if self_service {
                            "Activated"
                        } else {
                            "Assigned"
                        }),
                    );
                }
                let sched_field = if kind.groups() {
                    if kind.active {
                        "assignmentScheduleId"
                    } else {
                        "eligibilityScheduleId"
                    }
                } else if kind.active {
                    "roleAssignmentScheduleId"
                } else {
                    "roleEligibilityScheduleId"
                };
                inst.insert(sched_field.into(), json!(schedule_id));
                target_schedule = json!(schedule_id);
                let inst = Value::Object(inst);
                store
                    .data
                    .entry(kind.instances.to_string())
                    .or_default()
                    .push(inst.clone());
                store.reindex(kind.instances);
                if let Some(s) = kind.schedules {
                    let mut sched = inst.clone();
                    sched["id"] = target_schedule.clone();
                    sched["status"] = json!("Provisioned");
                    sched["scheduleInfo"] = body["scheduleInfo"].clone();
                    store.data.entry(s.to_string()).or_default().push(sched);
                    store.reindex(s);
                }
            }
        }
        "selfDeactivate" => {
            let active: Vec<&Value> = instances
                .iter()
                .filter(|i| i["assignmentType"].as_str() == Some("Activated"))
                .collect();
            if active.is_empty() {
                return no_assignment(ctx);
            }
            let from: Vec<&str> = [Some(kind.instances), kind.schedules]
                .into_iter()
                .flatten()
                .collect();
            remove_where(store, &from, |i| {
                matches_key(&kind, i, body) && i["assignmentType"].as_str() == Some("Activated")
            });
            status = "Revoked";
        }
        _ => {
            // adminUpdate, adminExtend, adminRenew, selfExtend, selfRenew: a new end date.
            if instances.is_empty() {
                return no_assignment(ctx);
            }
            let end = requested_end
                .clone()
                .or_else(|| requested_secs.map(|d| rfc3339(now_s + d)));
            for c in [Some(kind.instances), kind.schedules].into_iter().flatten() {
                if let Some(items) = store.data.get_mut(c) {
                    for i in items.iter_mut().filter(|i| matches_key(&kind, i, body)) {
                        i["endDateTime"] = end.clone().map_or(Value::Null, |e| json!(e));
                        if c == kind.schedules.unwrap_or("") {
                            i["scheduleInfo"] = body["scheduleInfo"].clone();
                        }
                    }
                }
            }
        }
    }
    let mut request = match body {
        Value::Object(o) => o.clone(),
        _ => Map::new(),
    };
    request.insert(
        "@odata.context".into(),
        json!(format!(
            "http://{}/v1.0/$metadata#{}/$entity",
            ctx.host, kind.odata
        )),
    );
    request.insert("id".into(), json!(uuid::Uuid::new_v4().to_string()));
    request.insert("status".into(), json!(status));
    request.insert("createdDateTime".into(), json!(rfc3339(now_s)));
    request.insert(
        "completedDateTime".into(),
        if status == "PendingApproval" {
            Value::Null
        } else {
            json!(rfc3339(now_s))
        },
    );
    request.entry("isValidationOnly").or_insert(json!(false));
    if !kind.groups() {
        request.entry("appScopeId").or_insert(Value::Null);
    }
    request.insert("targetScheduleId".into(), target_schedule);
    let request = Value::Object(request);
    if let Some(c) = kind.requests {
        let mut listed = request.clone();
        if let Some(o) = listed.as_object_mut() {
            o.shift_remove("@odata.context");
        }
        store.data.entry(c.to_string()).or_default().push(listed);
        store.reindex(c);
    }
    json_response(201, &request)
}

/// Whether the caller's token says the sign-in used multifactor authentication.
fn state_mfa(ctx: &Ctx, state: &State) -> bool {
    super::graph::bearer_claims(state, ctx)
        .ok()
        .and_then(|c| c["amr"].as_array().cloned())
        .is_some_and(|a| a.iter().any(|m| m.as_str() == Some("mfa")))
}

/// The reads a person's PIM status needs, for a delegated sign-in: `GET /me` and the
/// `filterByCurrentUser(on='principal')` functions of the four schedule instance lists.
pub(crate) fn serves(path: &str) -> bool {
    let p = path.trim_start_matches("/v1.0");
    p == "/me" || p.starts_with("/me?") || p.contains("/filterByCurrentUser(")
}

const CURRENT_USER_LISTS: &[(&str, &str, &str)] = &[
    (
        "/roleManagement/directory/roleEligibilityScheduleInstances",
        "roleEligibilityScheduleInstances",
        "RoleEligibilitySchedule.Read.Directory",
    ),
    (
        "/roleManagement/directory/roleAssignmentScheduleInstances",
        "roleAssignmentScheduleInstances",
        "RoleAssignmentSchedule.ReadWrite.Directory",
    ),
    (
        "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
        "privilegedAccessGroupEligibilityScheduleInstances",
        "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    ),
    (
        "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
        "privilegedAccessGroupAssignmentScheduleInstances",
        "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
    ),
];

pub(crate) fn get(state: &Arc<State>, ctx: &Ctx) -> Response {
    let claims = match super::graph::bearer_claims(state, ctx) {
        Ok(c) => c,
        Err(msg) => return super::graph::unauthorized(ctx, msg),
    };
    // `/me` and "the current user" exist only for a delegated sign-in.
    let Some(user) = claims["oid"].as_str().map(str::to_string) else {
        return graph_error(
            ctx,
            400,
            "BadRequest",
            "/me request is only valid with delegated authentication flow.",
        );
    };
    let scopes: Vec<&str> = claims["scp"]
        .as_str()
        .map(|s| s.split(' ').collect())
        .unwrap_or_default();
    let store = state.store();
    let path = ctx.path.trim_start_matches("/v1.0");
    if path == "/me" {
        return match store.item("users", &user) {
            Some(u) => json_response(200, &u),
            None => graph_error(
                ctx,
                404,
                "Request_ResourceNotFound",
                "Resource does not exist.",
            ),
        };
    }
    let decoded = path
        .replace("%27", "'")
        .replace("%28", "(")
        .replace("%29", ")");
    let Some((list, function)) = decoded.split_once("/filterByCurrentUser(") else {
        return graph_error(ctx, 400, "BadRequest", "Unsupported request.");
    };
    if function != "on='principal')" {
        return graph_error(ctx, 400, "BadRequest", "Invalid value for parameter 'on'.");
    }
    let Some((_, collection, permission)) = CURRENT_USER_LISTS.iter().find(|(p, _, _)| *p == list)
    else {
        return graph_error(
            ctx,
            400,
            "BadRequest",
            "Resource not found for the segment.",
        );
    };
    // A write permission implies the read.
    let read_ok = scopes.iter().any(|s| {
        *s == *permission
            || s.replace(".Read.", ".ReadWrite.") == *permission
            || *s == permission.replace(".ReadWrite.", ".Read.")
    });
    if !read_ok {
        return graph_error(
            ctx,
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        );
    }
    let expand = ctx.param("$expand").unwrap_or("");
    let items: Vec<Value> = store
        .data
        .get(*collection)
        .into_iter()
        .flatten()
        .filter(|i| i["principalId"].as_str() == Some(user.as_str()))
        .map(|i| {
            let mut i = i.clone();
            if let Some(o) = i.as_object_mut() {
                o.shift_remove("principal");
            }
            if expand.starts_with("roleDefinition") {
                let id = i["roleDefinitionId"].as_str().unwrap_or("").to_string();
                let def = store
                    .item("roleDefinitions", &id)
                    .map(|d| json!({"id": d["id"], "displayName": d["displayName"]}))
                    .unwrap_or(Value::Null);
                i["roleDefinition"] = def;
            }
            if expand.starts_with("group") {
                let id = i["groupId"].as_str().unwrap_or("").to_string();
                let g = store
                    .item("groups", &id)
                    .map(|g| json!({"id": g["id"], "displayName": g["displayName"]}))
                    .unwrap_or(Value::Null);
                i["group"] = g;
            }
            i
        })
        .collect();
    json_response(
        200,
        &json!({"@odata.context": format!("http://{}/v1.0/$metadata#Collection({collection})", ctx.host), "value": items}),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_and_durations() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::rfc3339(1_795_165_200), "2026-11-20T09:00:00Z");
        assert_eq!(super::duration_secs("PT8H"), Some(28_800));
        assert_eq!(super::duration_secs("P1DT30M"), Some(88_200));
        assert_eq!(super::duration_secs("PT"), Some(0));
        assert_eq!(super::duration_secs("8H"), None);
        assert_eq!(super::duration_secs("PT8"), None);
    }
}
