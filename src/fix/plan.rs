//! A fix plan: for each finding, the Graph requests its remediation names, in order, each with
//! the read that checks it (the object's relevant fields as the snapshot holds them: the
//! precondition) and the state that read must show after the write. Findings whose fix a
//! person must decide are listed as manual, with why.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::finding::{Finding, ObjectRef, Request, Severity};

pub const SCHEMA: &str = "govlint.fix-plan/v1";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub schema: String,
    pub version: u32,
    pub tool: crate::finding::ToolInfo,
    pub snapshot: crate::finding::SnapshotInfo,
    /// The Graph root the request URLs name (`https://graph.microsoft.com`).
    pub graph_root: String,
    pub fixes: Vec<Fix>,
    pub manual: Vec<Manual>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    pub fingerprint: String,
    pub rule: String,
    pub severity: Severity,
    pub object: ObjectRef,
    pub summary: String,
    /// The unified diff of the object at fault, as the finding shows it.
    pub diff: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// `{fingerprint}/{n}`: what the journal records.
    pub id: String,
    /// The request the finding's remediation names, verbatim.
    pub request: Request,
    /// The read that checks the object before and after (path and query under the root).
    pub read: String,
    pub precondition: Expect,
    pub expected: Expect,
    /// It removes access or an object (counted against the removal cap).
    pub removal: bool,
}

/// What a read must show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Expect {
    /// The object exists and these fields have these values.
    Fields { fields: Map<String, Value> },
    /// The object exists.
    Exists,
    /// The object does not exist (404).
    Absent,
    /// The list read holds exactly these schedule instances (by id; none: no assignment).
    Instances { ids: Vec<String> },
    /// The list read holds at least one schedule instance.
    AnyInstance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manual {
    pub fingerprint: String,
    pub rule: String,
    pub severity: Severity,
    pub object: ObjectRef,
    pub summary: String,
    /// Why no automatic fix is planned.
    pub why: String,
    pub requests: Vec<Request>,
}

/// The schedule request endpoints: the instance list that shows their effect, and the
/// properties that name one assignment (the first two are the list's `$filter`).
pub struct ScheduleKind {
    pub requests: &'static str,
    pub instances: &'static str,
    pub collection: &'static str,
    pub key: [&'static str; 3],
}

pub const SCHEDULES: &[ScheduleKind] = &[
    ScheduleKind {
        requests: "/roleManagement/directory/roleAssignmentScheduleRequests",
        instances: "/roleManagement/directory/roleAssignmentScheduleInstances",
        collection: "roleAssignmentScheduleInstances",
        key: ["principalId", "roleDefinitionId", "directoryScopeId"],
    },
    ScheduleKind {
        requests: "/roleManagement/directory/roleEligibilityScheduleRequests",
        instances: "/roleManagement/directory/roleEligibilityScheduleInstances",
        collection: "roleEligibilityScheduleInstances",
        key: ["principalId", "roleDefinitionId", "directoryScopeId"],
    },
    ScheduleKind {
        requests: "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests",
        instances: "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
        collection: "privilegedAccessGroupAssignmentScheduleInstances",
        key: ["groupId", "principalId", "accessId"],
    },
    ScheduleKind {
        requests: "/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests",
        instances: "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
        collection: "privilegedAccessGroupEligibilityScheduleInstances",
        key: ["groupId", "principalId", "accessId"],
    },
];

/// The path of a request URL under the Graph root (`/v1.0/users/x`), or `None` when it is not
/// under `root`.
pub fn path_of<'a>(url: &'a str, root: &str) -> Option<&'a str> {
    url.strip_prefix(root.trim_end_matches('/'))
        .filter(|p| p.starts_with('/'))
}

/// The `$filter` read of the instances a schedule request changes.
pub fn instances_read(kind: &ScheduleKind, body: &Value) -> String {
    let a = kind.key[0];
    let b = kind.key[1];
    format!(
        "/v1.0{}?$filter={a}%20eq%20'{}'%20and%20{b}%20eq%20'{}'",
        kind.instances,
        body[a].as_str().unwrap_or(""),
        body[b].as_str().unwrap_or("")
    )
}

/// Whether a schedule instance is the one a request names (the third key is compared here,
/// not in the `$filter`; a missing `directoryScopeId` means the tenant, `/`).
pub fn same_assignment(kind: &ScheduleKind, instance: &Value, body: &Value) -> bool {
    kind.key.iter().all(|k| {
        let default = (*k == "directoryScopeId").then_some("/");
        instance[*k].as_str().or(default) == body[*k].as_str().or(default)
    })
}

/// The snapshot's objects by collection, for preconditions. Each collection is indexed by id
/// the first time a path names it, so a plan of many findings over a large tenant costs one
/// pass per collection, not one per step.
pub struct Objects<'a> {
    collections: &'a Map<String, Value>,
    by_id: RefCell<HashMap<&'a str, HashMap<&'a str, &'a Value>>>,
    by_principal: RefCell<HashMap<&'a str, HashMap<&'a str, Vec<&'a Value>>>>,
}

impl<'a> Objects<'a> {
    pub fn new(collections: &'a Map<String, Value>) -> Self {
        Objects {
            collections,
            by_id: RefCell::new(HashMap::new()),
            by_principal: RefCell::new(HashMap::new()),
        }
    }

    fn items(&self, name: &str) -> impl Iterator<Item = &'a Value> {
        self.collections
            .get(name)
            .and_then(|c| c["items"].as_array())
            .into_iter()
            .flatten()
    }

    /// The item `id` of collection `name` (the first, if a snapshot repeats an id).
    fn item(&self, name: &'a str, id: &str) -> Option<&'a Value> {
        let mut index = self.by_id.borrow_mut();
        let items = index.entry(name).or_insert_with(|| {
            let mut m = HashMap::new();
            for v in self.items(name) {
                if let Some(id) = v["id"].as_str() {
                    m.entry(id).or_insert(v);
                }
            }
            m
        });
        items.get(id).copied()
    }

    /// The object a Graph path names (`/users/{id}`, `/policies/roleManagementPolicies/{id}/rules/{id}`,
    /// `/policies/authorizationPolicy`), walking the navigations the snapshot embeds. A type
    /// cast after an id (`/servicePrincipals/{id}/microsoft.graph.agentIdentity`) names that
    /// object only when it is of that type. The set's list (`servicePrincipals`, whose items say
    /// their `@odata.type`) holds every property of the object itself; the cast's own list
    /// (`agentIdentities`) holds the navigations only the derived type has, so a path below the
    /// object looks there first.
    pub fn resolve(&self, path: &str) -> Option<&'a Value> {
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let [set, id, cast, rest @ ..] = segs.as_slice() else {
            return self.resolve_plain(path);
        };
        if !cast.starts_with("microsoft.graph.") {
            return self.resolve_plain(path);
        }
        let tail: String = rest.iter().map(|r| format!("/{r}")).collect();
        let in_cast = || self.resolve_plain(&format!("/{set}/{cast}/{id}{tail}"));
        let in_set = || {
            let object = self.resolve_plain(&format!("/{set}/{id}"))?;
            if object["@odata.type"].as_str() != Some(&format!("#{cast}")) {
                return None;
            }
            if rest.is_empty() {
                return Some(object);
            }
            self.resolve_plain(&format!("/{set}/{id}{tail}"))
        };
        if rest.is_empty() {
            in_set().or_else(in_cast)
        } else {
            in_cast().or_else(in_set)
        }
    }

    fn resolve_plain(&self, path: &str) -> Option<&'a Value> {
        let specs = crate::fetch::collections::SPECS;
        let best = specs
            .iter()
            .filter(|s| path == s.path || path.starts_with(&format!("{}/", s.path)))
            .map(|s| s.path.len())
            .max()?;
        for spec in specs.iter().filter(|s| s.path.len() == best) {
            if !(path == spec.path || path.starts_with(&format!("{}/", spec.path))) {
                continue;
            }
            let rest: Vec<&str> = path[spec.path.len()..]
                .split('/')
                .filter(|s| !s.is_empty())
                .collect();
            if rest.is_empty() {
                // A single object (the authorization policy).
                let mut items = self.items(spec.name);
                let first = items.next();
                if first.is_some() && items.next().is_none() {
                    return first;
                }
                continue;
            }
            let Some(mut cur) = self.item(spec.name, rest[0]) else {
                continue;
            };
            let mut ok = true;
            for pair in rest[1..].chunks(2) {
                let [nav, id] = pair else {
                    ok = false;
                    break;
                };
                match cur[*nav]
                    .as_array()
                    .and_then(|a| a.iter().find(|v| v["id"] == *id))
                {
                    Some(v) => cur = v,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                return Some(cur);
            }
        }
        None
    }

    /// The ids of the schedule instances a request names, from an index of the collection by
    /// its first key (the principal), built once.
    fn instances(&self, kind: &ScheduleKind, body: &Value) -> Vec<String> {
        let first = kind.key[0];
        let mut index = self.by_principal.borrow_mut();
        let by = index.entry(kind.collection).or_insert_with(|| {
            let mut m: HashMap<&'a str, Vec<&'a Value>> = HashMap::new();
            for i in self.items(kind.collection) {
                m.entry(i[first].as_str().unwrap_or(""))
                    .or_default()
                    .push(i);
            }
            m
        });
        let candidates = by
            .get(body[first].as_str().unwrap_or(""))
            .map_or(&[][..], Vec::as_slice);
        let mut ids: Vec<String> = candidates
            .iter()
            .filter(|i| same_assignment(kind, i, body))
            .filter_map(|i| i["id"].as_str().map(str::to_string))
            .collect();
        ids.sort();
        ids
    }
}

/// A value only a person can supply: `{sponsor-user-id}` (a letter first, so JSON's own braces
/// and `{}` are not taken for one).
fn placeholder(text: &str) -> Option<&str> {
    text.match_indices('{').find_map(|(start, _)| {
        let end = start + text[start..].find('}')?;
        let inner = &text[start + 1..end];
        (inner.starts_with(|c: char| c.is_ascii_alphabetic())
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then(|| &text[start..=end])
    })
}

/// The step of one request, or why it cannot be applied automatically.
pub fn step(
    objects: &Objects,
    root: &str,
    fingerprint: &str,
    n: usize,
    request: &Request,
) -> Result<Step, String> {
    let body_text = request
        .body
        .as_ref()
        .map(|b| b.to_string())
        .unwrap_or_default();
    if let Some(p) = placeholder(&request.url).or_else(|| placeholder(&body_text)) {
        return Err(format!("it needs a value a person must choose: `{p}`"));
    }
    let Some(versioned) = path_of(&request.url, root) else {
        return Err(format!("`{}` is not under {root}", request.url));
    };
    let Some(path) = versioned.strip_prefix("/v1.0") else {
        return Err("it uses the beta endpoint, which may change without notice".into());
    };
    if super::perms::permission_of(&request.method, versioned).is_none() {
        return Err(
            "Graph accepts it only from a person signed in (no application permission exists for it)"
                .into(),
        );
    }
    let body = request.body.clone().unwrap_or(Value::Null);
    let make = |read: String, precondition: Expect, expected: Expect, removal: bool| Step {
        id: format!("{fingerprint}/{n}"),
        request: request.clone(),
        read,
        precondition,
        expected,
        removal,
    };
    let last = path.rsplit('/').next().unwrap_or("");
    match request.method.as_str() {
        "PATCH" | "PUT" => {
            let Some(obj) = objects.resolve(path) else {
                return Err(format!(
                    "the snapshot does not hold the object `{path}`, so there is no state to check it against"
                ));
            };
            let Some(patch) = body.as_object() else {
                return Err("its body is not an object".into());
            };
            let mut pre = Map::new();
            let mut post = Map::new();
            for (k, v) in patch {
                if k.starts_with("@odata") || k == "id" {
                    continue;
                }
                let now = obj.get(k).cloned().unwrap_or(Value::Null);
                let after = if request.method == "PATCH" {
                    crate::remediation::merge_patch(now.clone(), v.clone())
                } else {
                    v.clone()
                };
                // A PUT restates every property: only the changed ones are the fix.
                if request.method == "PUT" && after == now {
                    continue;
                }
                pre.insert(k.clone(), now);
                post.insert(k.clone(), after);
            }
            if post.is_empty() {
                return Err("the snapshot already shows the state it asks for".into());
            }
            Ok(make(
                versioned.to_string(),
                Expect::Fields { fields: pre },
                Expect::Fields { fields: post },
                false,
            ))
        }
        "DELETE" => {
            // `…/members/{id}/$ref` is read as `…/members/{id}`.
            let target = path.strip_suffix("/$ref").unwrap_or(path);
            let known = if path.ends_with("/$ref") {
                let (parent, id) = target.rsplit_once('/').unwrap_or((target, ""));
                let (owner, nav) = parent.rsplit_once('/').unwrap_or((parent, ""));
                objects.resolve(owner).is_some_and(|o| {
                    o[nav]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v["id"] == id))
                })
            } else {
                objects.resolve(target).is_some()
            };
            if !known {
                return Err(format!(
                    "the snapshot does not hold `{target}`, so there is no state to check it against"
                ));
            }
            Ok(make(
                format!("/v1.0{target}"),
                Expect::Exists,
                Expect::Absent,
                true,
            ))
        }
        "POST" => {
            if let Some(kind) = SCHEDULES.iter().find(|k| k.requests == path) {
                let action = body["action"].as_str().unwrap_or("");
                let read = instances_read(kind, &body);
                let now = objects.instances(kind, &body);
                return match action {
                    "adminRemove" if now.is_empty() => Err(
                        "the snapshot holds no such assignment, so there is nothing to check the removal against"
                            .into(),
                    ),
                    "adminRemove" => Ok(make(
                        read,
                        Expect::Instances { ids: now },
                        Expect::Instances { ids: Vec::new() },
                        true,
                    )),
                    "adminAssign" if !now.is_empty() => {
                        Err("the snapshot already holds this assignment".into())
                    }
                    "adminAssign" => Ok(make(
                        read,
                        Expect::Instances { ids: Vec::new() },
                        Expect::AnyInstance,
                        false,
                    )),
                    other => Err(format!(
                        "a schedule request `{other}` changes an end date a person should confirm"
                    )),
                };
            }
            if last == "$ref" {
                let owner_nav = path.trim_end_matches("/$ref");
                let Some(id) = body["@odata.id"]
                    .as_str()
                    .and_then(|u| u.rsplit('/').next())
                else {
                    return Err("its body names no `@odata.id`".into());
                };
                let (owner, nav) = owner_nav.rsplit_once('/').unwrap_or((owner_nav, ""));
                let Some(o) = objects.resolve(owner) else {
                    return Err(format!(
                        "the snapshot does not hold `{owner}`, so there is no state to check it against"
                    ));
                };
                if o[nav]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|v| v["id"] == id))
                {
                    return Err("the snapshot already holds this reference".into());
                }
                return Ok(make(
                    format!("/v1.0{owner_nav}/{id}"),
                    Expect::Absent,
                    Expect::Exists,
                    false,
                ));
            }
            Err(match last {
                "temporaryAccessPassMethods" => {
                    "it creates a credential (a Temporary Access Pass) that must be handed to the person".into()
                }
                "policies" if path.contains("conditionalAccess") => {
                    "it creates a Conditional Access policy: turn it on in report-only mode first and review its effect".into()
                }
                "revokeSignInSessions" | "applyDecisions" | "stop" => {
                    format!("`{last}` is an action whose effect a read cannot confirm")
                }
                _ => "it creates a new object: review its settings and create it by hand".into(),
            })
        }
        m => Err(format!("`{m}` requests are not applied automatically")),
    }
}

/// The plan of `findings` (already filtered by the selection, waivers and baseline).
pub fn build(
    findings: &[&Finding],
    snapshot: &Value,
    info: crate::finding::SnapshotInfo,
    root: &str,
) -> Plan {
    let empty = Map::new();
    let objects = Objects::new(snapshot["collections"].as_object().unwrap_or(&empty));
    let mut fixes = Vec::new();
    let mut manual = Vec::new();
    for f in findings {
        let r = &f.remediation;
        let steps: Result<Vec<Step>, String> = if r.requests.is_empty() {
            Err("the rule names no Graph request: a person must decide the fix".into())
        } else {
            r.requests
                .iter()
                .enumerate()
                .map(|(i, q)| step(&objects, root, &f.fingerprint, i + 1, q))
                .collect()
        };
        match steps {
            Ok(steps) => fixes.push(Fix {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule.clone(),
                severity: f.severity,
                object: f.object.clone(),
                summary: r.summary.clone(),
                diff: r.diff.clone(),
                steps,
            }),
            Err(why) => manual.push(Manual {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule.clone(),
                severity: f.severity,
                object: f.object.clone(),
                summary: r.summary.clone(),
                why,
                requests: r.requests.clone(),
            }),
        }
    }
    Plan {
        schema: SCHEMA.into(),
        version: VERSION,
        tool: crate::finding::ToolInfo {
            name: "govlint".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        snapshot: info,
        graph_root: root.trim_end_matches('/').to_string(),
        fixes,
        manual,
    }
}

/// Reads a plan file, refusing another schema or a newer version.
pub fn parse(text: &str) -> Result<Plan, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if v["schema"] != json!(SCHEMA) {
        return Err(format!(
            "not a govlint fix plan (schema {}, expected {SCHEMA})",
            v["schema"]
        ));
    }
    match v["version"].as_u64() {
        Some(n) if n == u64::from(VERSION) => {}
        other => {
            return Err(format!(
                "plan version {} is not one this govlint reads ({VERSION}); make the plan again",
                other.map_or("missing".into(), |n| n.to_string())
            ))
        }
    }
    serde_json::from_value(v).map_err(|e| format!("malformed plan: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(v: &Value) -> Objects<'_> {
        Objects::new(v.as_object().expect("object"))
    }

    fn req(method: &str, path: &str, body: Option<Value>) -> Request {
        Request {
            method: method.into(),
            url: format!("https://graph.microsoft.com/v1.0{path}"),
            body,
        }
    }

    const ROOT: &str = "https://graph.microsoft.com";

    #[test]
    fn a_patch_checks_only_the_fields_it_changes() {
        let c = json!({"authorizationPolicy": {"items": [{"id": "authorizationPolicy", "allowInvitesFrom": "everyone", "x": 1}]}});
        let s = step(
            &objects(&c),
            ROOT,
            "fp",
            1,
            &req(
                "PATCH",
                "/policies/authorizationPolicy",
                Some(json!({"allowInvitesFrom": "adminsAndGuestInviters"})),
            ),
        )
        .expect("a step");
        assert_eq!(s.read, "/v1.0/policies/authorizationPolicy");
        assert_eq!(
            s.precondition,
            Expect::Fields {
                fields: json!({"allowInvitesFrom": "everyone"})
                    .as_object()
                    .cloned()
                    .expect("map")
            }
        );
        assert_eq!(
            s.expected,
            Expect::Fields {
                fields: json!({"allowInvitesFrom": "adminsAndGuestInviters"})
                    .as_object()
                    .cloned()
                    .expect("map")
            }
        );
        assert!(!s.removal);
    }

    #[test]
    fn nested_objects_resolve_through_embedded_navigations() {
        let c = json!({"roleManagementPolicies": {"items": [{"id": "p1", "rules": [{"id": "r1", "maximumDuration": "PT24H"}]}]},
                       "groupRoleManagementPolicies": {"items": [{"id": "Group_g", "rules": [{"id": "r1", "maximumDuration": "PT9H"}]}]}});
        let o = objects(&c);
        assert_eq!(
            o.resolve("/policies/roleManagementPolicies/p1/rules/r1")
                .map(|v| v["maximumDuration"].clone()),
            Some(json!("PT24H"))
        );
        assert_eq!(
            o.resolve("/policies/roleManagementPolicies/Group_g/rules/r1")
                .map(|v| v["maximumDuration"].clone()),
            Some(json!("PT9H"))
        );
        assert!(o
            .resolve("/policies/roleManagementPolicies/p1/rules/r2")
            .is_none());
    }

    /// A type cast after an id names the object only when it is of that type: its properties
    /// from the set's list, the derived type's navigations from the cast's own list, and an
    /// object of another type (or an older snapshot without the cast's list) is handled.
    #[test]
    fn a_type_cast_names_only_an_object_of_that_type() {
        let c = json!({
            "servicePrincipals": {"items": [
                {"id": "a1", "@odata.type": "#microsoft.graph.agentIdentity", "accountEnabled": true},
                {"id": "s1", "accountEnabled": true},
                {"id": "b1", "@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal", "accountEnabled": true}]},
            "agentIdentities": {"items": [
                {"id": "a1", "displayName": "A", "sponsors": [{"id": "u1"}]}]}});
        let o = objects(&c);
        let enabled = |p: &str| o.resolve(p).map(|v| v["accountEnabled"].clone());
        assert_eq!(
            enabled("/servicePrincipals/a1/microsoft.graph.agentIdentity"),
            Some(json!(true))
        );
        assert_eq!(
            enabled("/servicePrincipals/b1/microsoft.graph.agentIdentityBlueprintPrincipal"),
            Some(json!(true))
        );
        assert!(o
            .resolve("/servicePrincipals/s1/microsoft.graph.agentIdentity")
            .is_none());
        assert!(o
            .resolve("/servicePrincipals/b1/microsoft.graph.agentIdentity")
            .is_none());
        assert_eq!(
            o.resolve("/servicePrincipals/a1/microsoft.graph.agentIdentity/sponsors/u1")
                .map(|v| v["id"].clone()),
            Some(json!("u1"))
        );
        // Only the cast's own list holds it: still found.
        let c = json!({"agentIdentities": {"items": [{"id": "a2", "accountEnabled": false}]}});
        let o = objects(&c);
        assert_eq!(
            o.resolve("/servicePrincipals/a2/microsoft.graph.agentIdentity")
                .map(|v| v["accountEnabled"].clone()),
            Some(json!(false))
        );
    }

    /// Graph takes an access review decision only from a reviewer signed in: an app's `--apply`
    /// would be refused, so it is left to a person.
    #[test]
    fn a_write_without_an_application_permission_is_manual() {
        let c = json!({});
        let why = step(
            &objects(&c),
            ROOT,
            "fp",
            0,
            &req(
                "PATCH",
                "/identityGovernance/accessReviews/definitions/d/instances/i/decisions/x",
                Some(json!({"decision": "Deny"})),
            ),
        )
        .expect_err("manual");
        assert!(why.contains("no application permission"), "{why}");
    }

    #[test]
    fn removals_read_the_instances_and_placeholders_are_manual() {
        let c = json!({"roleAssignmentScheduleInstances": {"items": [
            {"id": "i1", "principalId": "u1", "roleDefinitionId": "r", "directoryScopeId": "/"},
            {"id": "i2", "principalId": "u1", "roleDefinitionId": "r", "directoryScopeId": "/administrativeUnits/a"}]}});
        let body = json!({"action": "adminRemove", "principalId": "u1", "roleDefinitionId": "r", "directoryScopeId": "/"});
        let s = step(
            &objects(&c),
            ROOT,
            "fp",
            2,
            &req(
                "POST",
                "/roleManagement/directory/roleAssignmentScheduleRequests",
                Some(body),
            ),
        )
        .expect("a step");
        assert_eq!(s.id, "fp/2");
        assert!(s.removal);
        assert_eq!(
            s.precondition,
            Expect::Instances {
                ids: vec!["i1".into()]
            }
        );
        assert!(s.read.contains("principalId%20eq%20'u1'"), "{}", s.read);
        let why = step(
            &objects(&c),
            ROOT,
            "fp",
            1,
            &req(
                "POST",
                "/groups/g/owners/$ref",
                Some(
                    json!({"@odata.id": "https://graph.microsoft.com/v1.0/users/{owner-user-id}"}),
                ),
            ),
        )
        .expect_err("manual");
        assert!(why.contains("{owner-user-id}"), "{why}");
    }

    #[test]
    fn placeholders_are_found_inside_json() {
        let body = json!({"reviewers": [{"query": "/users/{reviewer-user-id}"}], "x": {}});
        assert_eq!(placeholder(&body.to_string()), Some("{reviewer-user-id}"));
        assert_eq!(placeholder(&json!({"a": {"b": 1}}).to_string()), None);
    }

    #[test]
    fn plans_of_another_version_are_refused() {
        let e = parse(r#"{"schema": "govlint.fix-plan/v1", "version": 2}"#).expect_err("refused");
        assert!(e.contains("version 2"), "{e}");
        assert!(parse(r#"{"schema": "x"}"#).is_err());
    }
}
