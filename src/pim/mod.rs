//! PIM for the person at the keyboard (a delegated sign-in: device code or the Azure CLI):
//! their eligible and active roles and group memberships, and self-activation and
//! deactivation through schedule requests (`selfActivate`, `selfDeactivate`).

pub mod cli;

use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};

use crate::fetch::client::{Client, Failure};

/// The lists of the signed-in user's schedule instances (Graph's `filterByCurrentUser`).
pub const ROLE_ELIGIBLE: &str = "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition($select=id,displayName)";
pub const ROLE_ACTIVE: &str = "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=roleDefinition($select=id,displayName)";
pub const GROUP_ELIGIBLE: &str = "/v1.0/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances/filterByCurrentUser(on='principal')?$expand=group($select=id,displayName)";
pub const GROUP_ACTIVE: &str = "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleInstances/filterByCurrentUser(on='principal')?$expand=group($select=id,displayName)";
pub const ROLE_REQUESTS: &str = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests";
pub const GROUP_REQUESTS: &str =
    "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests";

/// One eligible or active role or group membership.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// `role` or `group`.
    pub kind: &'static str,
    /// The role definition id, or the group id.
    pub id: String,
    pub name: String,
    /// The directory scope of a role; `member` or `owner` of a group.
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignment_type: Option<String>,
    pub start: Option<String>,
    /// `None`: permanent.
    pub end: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Status {
    pub eligible: Vec<Grant>,
    pub active: Vec<Grant>,
}

pub fn describe(f: &Failure) -> String {
    match f {
        // The client's words are the fetch's; here a write may have been sent.
        Failure::Fatal(e) => {
            e.0.replace("; nothing was written, try again later", "; try again")
        }
        Failure::Graph(e) => format!(
            "HTTP {} {}: {}",
            e.http_status.unwrap_or(0),
            e.code.as_deref().unwrap_or(""),
            e.message.as_deref().unwrap_or("")
        ),
    }
}

async fn get(client: &Client, path: &str) -> Result<Value, Failure> {
    let url = client.url(path)?;
    client.send(&Method::GET, &url, None).await
}

fn grants(list: &Value, kind: &'static str) -> Vec<Grant> {
    list["value"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            let (id, name, scope) = if kind == "role" {
                (
                    i["roleDefinitionId"].as_str().unwrap_or(""),
                    i["roleDefinition"]["displayName"].as_str(),
                    i["directoryScopeId"].as_str().unwrap_or("/"),
                )
            } else {
                (
                    i["groupId"].as_str().unwrap_or(""),
                    i["group"]["displayName"].as_str(),
                    i["accessId"].as_str().unwrap_or("member"),
                )
            };
            Grant {
                kind,
                id: id.to_string(),
                name: name.unwrap_or(id).to_string(),
                scope: scope.to_string(),
                assignment_type: i["assignmentType"].as_str().map(str::to_string),
                start: i["startDateTime"].as_str().map(str::to_string),
                end: i["endDateTime"].as_str().map(str::to_string),
            }
        })
        .collect()
}

/// My eligible and active roles and group memberships.
pub async fn status(client: &Client) -> Result<Status, String> {
    let mut s = Status::default();
    for (path, kind, active) in [
        (ROLE_ELIGIBLE, "role", false),
        (ROLE_ACTIVE, "role", true),
        (GROUP_ELIGIBLE, "group", false),
        (GROUP_ACTIVE, "group", true),
    ] {
        let list = get(client, path)
            .await
            .map_err(|f| format!("GET {path}: {}", describe(&f)))?;
        let g = grants(&list, kind);
        if active {
            s.active.extend(g);
        } else {
            s.eligible.extend(g);
        }
    }
    Ok(s)
}

/// The signed-in user's object id (`GET /me`).
pub async fn me(client: &Client) -> Result<String, String> {
    let v = get(client, "/v1.0/me?$select=id")
        .await
        .map_err(|f| format!("GET /me: {}", describe(&f)))?;
    v["id"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "GET /me gave no id".into())
}

/// The body of a self-service schedule request for `grant`.
pub fn request_body(
    action: &str,
    principal: &str,
    grant: &Grant,
    justification: Option<&str>,
    duration: Option<&str>,
    ticket: Option<&str>,
    start: &str,
) -> Value {
    let mut b = if grant.kind == "role" {
        json!({"action": action, "principalId": principal, "roleDefinitionId": grant.id,
               "directoryScopeId": grant.scope})
    } else {
        json!({"action": action, "principalId": principal, "groupId": grant.id,
               "accessId": grant.scope})
    };
    if let Some(j) = justification {
        b["justification"] = json!(j);
    }
    if let Some(d) = duration {
        b["scheduleInfo"] = json!({"startDateTime": start,
            "expiration": {"type": "afterDuration", "duration": d}});
    }
    if let Some(t) = ticket {
        b["ticketInfo"] = json!({"ticketNumber": t, "ticketSystem": "govlint"});
    }
    b
}

/// What became of a self-service request.
pub enum Outcome {
    /// Active (or deactivated): the request's status and the end time asked for.
    Done(Value),
    PendingApproval(Value),
    /// PIM refused it: the policy rules that failed (`MfaRule`, `ExpirationRule`…) and the
    /// message.
    Refused(Vec<String>, String),
}

pub async fn send(client: &Client, path: &str, body: &Value) -> Result<Outcome, String> {
    let url = client.url(path).map_err(|e| e.0)?;
    match client.send(&Method::POST, &url, Some(body)).await {
        Ok(v) if v["status"] == "PendingApproval" => Ok(Outcome::PendingApproval(v)),
        Ok(v) => Ok(Outcome::Done(v)),
        Err(Failure::Graph(e)) if e.http_status == Some(400) => {
            let message = e.message.clone().unwrap_or_default();
            let rules: Vec<String> = message
                .split('"')
                .filter(|p| p.ends_with("Rule"))
                .map(str::to_string)
                .collect();
            Ok(Outcome::Refused(
                rules,
                format!("{}: {message}", e.code.as_deref().unwrap_or("")),
            ))
        }
        Err(f) => Err(format!("POST {path}: {}", describe(&f))),
    }
}
