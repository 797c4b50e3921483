//! Graph writes: `PATCH`, `PUT`, `DELETE` and `POST` on the paths govlint's remediations name,
//! changing the emulator's tenant so a later `GET` shows the change (and `govlint fix` can be
//! tested end to end: precondition read, write, verification read).
//!
//! What it reproduces:
//! - each write demands the application permission Microsoft's docs give it ([`permission_of`],
//!   read from `tests/graph/write-permissions.tsv`) and
//!   answers 403 `Authorization_RequestDenied` without it;
//! - `PATCH` merges the body into the object (RFC 7386) and answers 204; `PUT` replaces it
//!   (keeping its id) and answers 204; `DELETE` removes it and answers 204; 404 when the
//!   object does not exist;
//! - `POST …/{nav}/$ref` with `@odata.id` adds a reference, `DELETE …/{nav}/{id}/$ref` removes
//!   it (group members and owners, sponsors);
//! - `POST` to a collection creates an item with a new id (201 and the item);
//! - actions: access review instance `stop` (204, status `Completed`), `applyDecisions` (204),
//!   `revokeSignInSessions` (200, `value: true`);
//! - PIM schedule requests (`unifiedRoleAssignmentScheduleRequest`,
//!   `unifiedRoleEligibilityScheduleRequest`, and the PIM for groups ones): `adminAssign`,
//!   `adminUpdate`, `adminRemove` change the schedule instances the fetcher reads and answer
//!   201 with the request, `status: Provisioned`; removing what does not exist answers 400
//!   `RoleAssignmentDoesNotExist`, assigning what exists 400 `RoleAssignmentExists`. The
//!   requests are also listed where Graph lists them (`roleAssignmentScheduleRequests`).
//!
//! Every write is recorded with its body ([`Written`]) for tests to check what was sent.

use std::sync::Arc;

use axum::response::Response;
use serde_json::{json, Map, Value};

use super::graph::{graph_error, json_response, Ctx};
use super::routes::{route_of, Route};
use super::{State, Store};

/// One write as the emulator received it.
#[derive(Debug, Clone)]
pub struct Written {
    pub method: String,
    /// The path under `/v1.0`.
    pub path: String,
    pub body: Value,
    pub status: u16,
}

/// Microsoft's docs on the permission of each write govlint sends: the emulator demands what
/// this table says rather than a copy of govlint's own code, so a wrong entry fails a test.
pub const TABLE: &str = include_str!("../../../tests/graph/write-permissions.tsv");

/// One row of [`TABLE`].
#[derive(Debug, Clone)]
pub struct PermissionRow {
    pub method: &'static str,
    /// `{id}` stands for one segment; `Group_{id}` for one that starts with `Group_`.
    pub path: &'static str,
    pub permission: &'static str,
    /// Required together with `permission`, always.
    pub also: Vec<&'static str>,
    /// Required as well when the docs' condition holds (a role-assignable group).
    pub conditional: Vec<&'static str>,
    pub docs: &'static str,
}

fn list(cell: &'static str) -> Vec<&'static str> {
    if cell == "-" {
        return Vec::new();
    }
    cell.split(',')
        .map(|p| p.split(" (").next().unwrap_or(p).trim())
        .collect()
}

/// The rows of [`TABLE`], in order (the first that matches a write is its row).
pub fn permission_rows() -> &'static [PermissionRow] {
    static ROWS: std::sync::OnceLock<Vec<PermissionRow>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let c: Vec<&'static str> = l.split('\t').collect();
                // A checked-in file: a malformed row is a bug in this repository.
                assert!(
                    c.len() == 8,
                    "write-permissions.tsv: 8 columns expected: {l}"
                );
                PermissionRow {
                    method: c[0],
                    path: c[1],
                    permission: c[2],
                    also: list(c[3]),
                    conditional: list(c[4]),
                    docs: c[6],
                }
            })
            .collect()
    })
}

fn segment_matches(template: &str, segment: &str) -> bool {
    match template.split_once("{id}") {
        Some((prefix, "")) => !segment.is_empty() && segment.starts_with(prefix),
        _ => template.eq_ignore_ascii_case(segment),
    }
}

/// The row of a write to `path` (`/v1.0/...` or under it), if the table has one.
pub fn row_of(method: &str, path: &str) -> Option<&'static PermissionRow> {
    let p = path.trim_start_matches("/v1.0");
    let p = p.split('?').next().unwrap_or(p);
    let segs: Vec<&str> = p.split('/').collect();
    permission_rows().iter().find(|r| {
        r.method == method && {
            let t: Vec<&str> = r.path.split('/').collect();
            t.len() == segs.len() && t.iter().zip(&segs).all(|(t, s)| segment_matches(t, s))
        }
    })
}

/// Every application permission a write may need (granted by default, like the reads).
pub fn write_permissions() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = permission_rows()
        .iter()
        .flat_map(|r| {
            std::iter::once(r.permission)
                .filter(|p| *p != "-")
                .chain(r.also.iter().copied())
                .chain(r.conditional.iter().copied())
        })
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The application permission a write demands (the docs' table), or `None` when the emulator
/// serves no such write.
pub fn permission_of(method: &str, path: &str) -> Option<&'static str> {
    row_of(method, path).map(|r| r.permission)
}

/// Collections without a read route that a `POST` may still create items in.
const CREATE_ONLY: &[(&str, &str)] = &[
    (
        "/identity/conditionalAccess/policies",
        "conditionalAccessPolicies",
    ),
    (
        "/identityGovernance/entitlementManagement/resourceRequests",
        "accessPackageResourceRequests",
    ),
    (
        "/identityGovernance/entitlementManagement/assignmentRequests",
        "accessPackageAssignmentRequests",
    ),
];

/// A PIM schedule request endpoint: where it lists the requests, and the instance and
/// schedule collections it changes.
struct Schedules {
    path: &'static str,
    requests: Option<&'static str>,
    instances: &'static str,
    schedules: Option<&'static str>,
    /// The properties that name one assignment.
    key: &'static [&'static str],
    active: bool,
    odata: &'static str,
}

const SCHEDULES: &[Schedules] = &[
    Schedules {
        path: "/roleManagement/directory/roleAssignmentScheduleRequests",
        requests: Some("roleAssignmentScheduleRequests"),
        instances: "roleAssignmentScheduleInstances",
        schedules: Some("roleAssignmentSchedules"),
        key: &["principalId", "roleDefinitionId", "directoryScopeId"],
        active: true,
        odata: "roleManagement/directory/roleAssignmentScheduleRequests",
    },
    Schedules {
        path: "/roleManagement/directory/roleEligibilityScheduleRequests",
        requests: None,
        instances: "roleEligibilityScheduleInstances",
        schedules: Some("roleEligibilitySchedules"),
        key: &["principalId", "roleDefinitionId", "directoryScopeId"],
        active: false,
        odata: "roleManagement/directory/roleEligibilityScheduleRequests",
    },
    Schedules {
        path: "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests",
        requests: None,
        instances: "privilegedAccessGroupAssignmentScheduleInstances",
        schedules: None,
        key: &["groupId", "principalId", "accessId"],
        active: true,
        odata: "identityGovernance/privilegedAccess/group/assignmentScheduleRequests",
    },
    Schedules {
        path: "/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests",
        requests: None,
        instances: "privilegedAccessGroupEligibilityScheduleInstances",
        schedules: None,
        key: &["groupId", "principalId", "accessId"],
        active: false,
        odata: "identityGovernance/privilegedAccess/group/eligibilityScheduleRequests",
    },
];

/// Serves one write (any method but `GET` under `/v1.0`).
pub(crate) fn handle(state: &Arc<State>, ctx: &Ctx, body: &[u8]) -> Response {
    let path = ctx.path.trim_start_matches("/v1.0").to_string();
    let method = ctx.method.as_str().to_string();
    let parsed: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                return record(
                    state,
                    &method,
                    &path,
                    Value::Null,
                    graph_error(
                        ctx,
                        400,
                        "BadRequest",
                        &format!("Unable to read JSON request payload: {e}"),
                    ),
                )
            }
        }
    };
    let resp = serve(state, ctx, &method, &path, &parsed);
    record(state, &method, &path, parsed, resp)
}

fn record(state: &State, method: &str, path: &str, body: Value, resp: Response) -> Response {
    if let Ok(mut w) = state.writes.lock() {
        w.push(Written {
            method: method.to_string(),
            path: path.to_string(),
            body,
            status: resp.status().as_u16(),
        });
    }
    resp
}

fn serve(state: &Arc<State>, ctx: &Ctx, method: &str, path: &str, body: &Value) -> Response {
    let claims = match super::graph::bearer_claims(state, ctx) {
        Ok(c) => c,
        Err(msg) => return super::graph::unauthorized(ctx, msg),
    };
    let Some(row) = row_of(method, path) else {
        return graph_error(
            ctx,
            405,
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        );
    };
    let roles: Vec<&str> = claims["roles"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let scopes: Vec<&str> = claims["scp"]
        .as_str()
        .map(|s| s.split(' ').collect())
        .unwrap_or_default();
    // `-`: Graph has no application permission for it (a reviewer's decision), so no app token
    // holds one.
    let held = |p: &str| p != "-" && (roles.contains(&p) || scopes.contains(&p));
    if !std::iter::once(row.permission)
        .chain(row.also.iter().copied())
        .all(held)
    {
        return graph_error(
            ctx,
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        );
    }
    if let Some(s) = SCHEDULES.iter().find(|s| s.path == path) {
        if method != "POST" {
            return not_allowed(ctx);
        }
        let user = claims["oid"].as_str();
        return super::pim::schedule_request(state, ctx, s.into(), body, user);
    }
    // A type cast after an id (`/servicePrincipals/{id}/microsoft.graph.agentIdentity`) is served
    // by the cast's own route, so an object of another type is not found.
    let uncast = super::workload::uncast(state, path);
    let path = uncast.as_str();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let Some((_, collection)) = CREATE_ONLY.iter().find(|(p, _)| *p == path) {
        if method != "POST" {
            return not_allowed(ctx);
        }
        let item = create_item(body);
        let mut guard = write_store(state);
        let store = Arc::make_mut(&mut guard);
        store.values_entry(collection).push(item.clone());
        store.reindex(collection);
        return json_response(201, &item);
    }
    let Some(route) = route_of(path) else {
        return graph_error(
            ctx,
            400,
            "BadRequest",
            &format!(
                "Resource not found for the segment '{}'.",
                segs.first().copied().unwrap_or("")
            ),
        );
    };
    let rest: Vec<&str> = path[route.path.len()..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let mut guard = write_store(state);
    let store = Arc::make_mut(&mut guard);
    match (method, rest.as_slice()) {
        ("POST", [.., "$ref"]) if rest.len() >= 3 => {
            let nav = rest[rest.len() - 2];
            let Some(id) = body["@odata.id"]
                .as_str()
                .and_then(|u| u.rsplit('/').next())
                .filter(|id| !id.is_empty())
            else {
                return graph_error(ctx, 400, "Request_BadRequest", "Missing @odata.id.");
            };
            let referenced = store
                .item("users", id)
                .or_else(|| store.item("groups", id))
                .map(std::borrow::Cow::into_owned);
            let Some(referenced) = referenced else {
                return not_found(ctx, route, id);
            };
            let Some(parent) = object_mut(store, route, &rest[..rest.len() - 2]) else {
                return not_found(ctx, route, rest[0]);
            };
            let entry = reference(&referenced);
            let list = parent
                .as_object_mut()
                .map(|o| o.entry(nav.to_string()).or_insert_with(|| json!([])));
            match list {
                Some(Value::Array(a)) => {
                    if a.iter().any(|v| v["id"].as_str() == Some(id)) {
                        return graph_error(
                            ctx,
                            400,
                            "Request_BadRequest",
                            "One or more added object references already exist for the following modified properties: 'members'.",
                        );
                    }
                    a.push(entry);
                    empty(204)
                }
                _ => graph_error(ctx, 400, "BadRequest", "Not a reference collection."),
            }
        }
        ("DELETE", [.., "$ref"]) if rest.len() >= 4 => {
            // `.../{nav}/{id}/$ref`: the reference, not the object it names.
            remove_from_nav(ctx, store, route, &rest[..rest.len() - 1])
        }
        ("POST", [.., "stop"]) | ("POST", [.., "applyDecisions"]) if rest.len() >= 3 => {
            let action = rest[rest.len() - 1];
            let Some(target) = object_mut(store, route, &rest[..rest.len() - 1]) else {
                return not_found(ctx, route, rest[rest.len() - 2]);
            };
            if action == "stop" {
                target["status"] = json!("Completed");
            }
            empty(204)
        }
        ("POST", [id, "revokeSignInSessions"]) if route.collection == "users" => {
            if store.item("users", id).is_none() {
                return not_found(ctx, route, id);
            }
            json_response(
                200,
                &json!({"@odata.context": format!("http://{}/v1.0/$metadata#Edm.Boolean", ctx.host), "value": true}),
            )
        }
        ("POST", []) if !route.single => {
            let item = create_item(body);
            store.values_entry(route.collection).push(item.clone());
            store.reindex(route.collection);
            json_response(201, &item)
        }
        ("POST", [.., _nav]) if rest.len().is_multiple_of(2) => {
            let nav = rest[rest.len() - 1];
            let Some(parent) = object_mut(store, route, &rest[..rest.len() - 1]) else {
                return not_found(ctx, route, rest[0]);
            };
            let item = create_item(body);
            match parent
                .as_object_mut()
                .map(|o| o.entry(nav.to_string()).or_insert_with(|| json!([])))
            {
                Some(Value::Array(a)) => {
                    a.push(item.clone());
                    json_response(201, &item)
                }
                _ => graph_error(ctx, 400, "BadRequest", "Not a collection."),
            }
        }
        ("PATCH", _) | ("PUT", _) if route.single || rest.len() % 2 == 1 => {
            let Some(target) = object_mut(store, route, &rest) else {
                return not_found(ctx, route, rest.last().copied().unwrap_or(""));
            };
            if !body.is_object() {
                return graph_error(ctx, 400, "BadRequest", "The body must be an object.");
            }
            if method == "PATCH" {
                merge_patch(target, body);
            } else {
                let id = target["id"].clone();
                *target = body.clone();
                target["id"] = id;
            }
            if let [id] = rest.as_slice() {
                // A PUT's twin becomes the whole object; a PATCH's takes only the body.
                let replaced = (method == "PUT").then(|| target.clone());
                for other in super::workload::same_object_collections(route.collection) {
                    let at = store.by_id.get(other).and_then(|m| m.get(*id)).copied();
                    if let Some(twin) =
                        at.and_then(|at| store.values_mut(other).and_then(|v| v.get_mut(at)))
                    {
                        // Only the properties written: each copy keeps what its own path serves.
                        match &replaced {
                            Some(whole) => *twin = whole.clone(),
                            None => merge_patch(twin, body),
                        }
                    }
                }
            }
            empty(204)
        }
        ("DELETE", _) if !rest.is_empty() && rest.len() % 2 == 1 => {
            if rest.len() == 1 {
                let Some(items) = store.values_mut(route.collection) else {
                    return not_found(ctx, route, rest[0]);
                };
                let before = items.len();
                items.retain(|v| v["id"].as_str() != Some(rest[0]));
                if items.len() == before {
                    return not_found(ctx, route, rest[0]);
                }
                store.reindex(route.collection);
                return empty(204);
            }
            remove_from_nav(ctx, store, route, &rest)
        }
        _ => not_allowed(ctx),
    }
}

impl From<&Schedules> for super::pim::Kind {
    fn from(s: &Schedules) -> super::pim::Kind {
        super::pim::Kind {
            requests: s.requests,
            instances: s.instances,
            schedules: s.schedules,
            key: s.key,
            active: s.active,
            odata: s.odata,
        }
    }
}

pub(crate) fn write_store(state: &State) -> std::sync::RwLockWriteGuard<'_, Arc<Store>> {
    match state.store.write() {
        Ok(g) => g,
        Err(e) => e.into_inner(),
    }
}

/// The object at `rest` (`id`, then `nav`, `id` pairs) below `route`, in its collection or the
/// route's filtered variant (PIM for groups policies share the directory policies' path).
/// DELETE of `{object path}/{nav}/{id}`: takes the item `id` out of the object's `nav` list.
fn remove_from_nav(ctx: &Ctx, store: &mut Store, route: &Route, rest: &[&str]) -> Response {
    let [parent_path @ .., nav, id] = rest else {
        return not_found(ctx, route, "");
    };
    let Some(parent) = object_mut(store, route, parent_path) else {
        return not_found(ctx, route, rest[0]);
    };
    match parent.get_mut(*nav) {
        Some(Value::Array(a)) if a.iter().any(|v| v["id"].as_str() == Some(*id)) => {
            a.retain(|v| v["id"].as_str() != Some(*id));
            empty(204)
        }
        _ => not_found(ctx, route, id),
    }
}

fn object_mut<'a>(store: &'a mut Store, route: &Route, rest: &[&str]) -> Option<&'a mut Value> {
    if route.single {
        return store.values_mut(route.collection)?.first_mut();
    }
    let first = *rest.first()?;
    let collection = [Some(route.collection), route.variant.map(|v| v.collection)]
        .into_iter()
        .flatten()
        .find(|c| store.item(c, first).is_some())?;
    let at = *store.by_id.get(collection)?.get(first)?;
    let mut cur = store.values_mut(collection)?.get_mut(at)?;
    for pair in rest[1..].chunks(2) {
        let [nav, id] = pair else { return None };
        cur = cur
            .get_mut(*nav)?
            .as_array_mut()?
            .iter_mut()
            .find(|v| v["id"].as_str() == Some(id))?;
    }
    Some(cur)
}

/// How a reference looks inside its owner's navigation list (as the snapshot embeds them).
fn reference(obj: &Value) -> Value {
    let mut out = Map::new();
    let kind = if obj.get("userPrincipalName").is_some() {
        "#microsoft.graph.user"
    } else {
        "#microsoft.graph.group"
    };
    out.insert("@odata.type".into(), json!(kind));
    for k in [
        "id",
        "displayName",
        "userPrincipalName",
        "userType",
        "accountEnabled",
    ] {
        if let Some(v) = obj.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    Value::Object(out)
}

fn create_item(body: &Value) -> Value {
    let mut item = match body {
        Value::Object(o) => o.clone(),
        _ => Map::new(),
    };
    item.entry("id")
        .or_insert_with(|| json!(uuid::Uuid::new_v4().to_string()));
    item.entry("createdDateTime")
        .or_insert_with(|| json!(super::pim::rfc3339(super::pim::now())));
    Value::Object(item)
}

/// RFC 7386 JSON merge patch, in place.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.shift_remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

pub(crate) fn empty(status: u16) -> Response {
    let mut r = Response::new(axum::body::Body::empty());
    *r.status_mut() =
        axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::NO_CONTENT);
    r
}

fn not_allowed(ctx: &Ctx) -> Response {
    graph_error(
        ctx,
        405,
        "Request_BadRequest",
        "Specified HTTP method is not allowed for the request target.",
    )
}

fn not_found(ctx: &Ctx, route: &Route, id: &str) -> Response {
    graph_error(
        ctx,
        404,
        if route.directory {
            "Request_ResourceNotFound"
        } else {
            "ResourceNotFound"
        },
        &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
    )
}
