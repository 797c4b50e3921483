//! Directory role holders as diff records: one per (role, principal, eligible | active), from
//! the engine's own holder index (`engine::holders`: schedule instances in effect at the
//! snapshot's `fetchedAt`, and members of role-holding groups), so the diff and the rules
//! agree on who holds what.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use regorus::Value;
use serde_json::json;

use super::lookup::Lookup;
use super::text;
use super::Record;
use crate::snapshot::Snapshot;

pub fn records(snapshot: &Snapshot, now: Timestamp, names: &Lookup) -> HashMap<String, Record> {
    let (by_role, _) = crate::engine::holders::build(snapshot, now);
    let mut out = HashMap::new();
    let Value::Object(roles) = &by_role else {
        return out;
    };
    for (role, principals) in roles.iter() {
        let (Value::String(role), Value::Object(principals)) = (role, principals) else {
            continue;
        };
        let role_name = names.role(role);
        for (principal, held) in principals.iter() {
            let Value::String(principal) = principal else {
                continue;
            };
            for kind in ["eligible", "active"] {
                let Value::Array(entries) = &held[kind] else {
                    continue;
                };
                if entries.is_empty() {
                    continue;
                }
                let r = record(role, &role_name, principal, kind, entries.as_slice());
                out.insert(format!("{role}/{principal}/{kind}"), r);
            }
        }
    }
    out
}

/// One holding summarised: how it is held (directly, through which groups), as what
/// (`Assigned`, `Activated`), at which scopes and until when.
fn record(role: &str, role_name: &str, principal: &str, kind: &str, entries: &[Value]) -> Record {
    let mut who: Option<&Value> = None;
    let mut via: BTreeSet<String> = BTreeSet::new();
    let mut direct = false;
    let mut types: BTreeSet<String> = BTreeSet::new();
    let mut scopes: BTreeSet<String> = BTreeSet::new();
    // The latest end; `None` once any entry never ends.
    let mut end: Option<Option<Timestamp>> = Some(None);
    let mut unparsed_end: BTreeSet<String> = BTreeSet::new();
    for e in entries {
        if who.is_none() && matches!(e["principal"], Value::Object(_)) {
            who = Some(&e["principal"]);
        }
        match &e["via"] {
            Value::Array(hops) => {
                // The group that holds the role is the path's last hop.
                if let Some(h) = hops.last() {
                    via.insert(
                        text(h, "displayName")
                            .or_else(|| text(h, "groupId"))
                            .unwrap_or("?")
                            .to_string(),
                    );
                }
            }
            _ => direct = true,
        }
        if let Some(t) = text(e, "assignmentType") {
            types.insert(t.to_string());
        }
        if let Some(s) = text(e, "directoryScopeId") {
            scopes.insert(s.to_string());
        }
        match text(e, "endDateTime") {
            None => end = None,
            Some(t) => match t.parse::<Timestamp>() {
                Ok(t) => {
                    if let Some(latest) = &mut end {
                        *latest = Some(latest.map_or(t, |l: Timestamp| l.max(t)));
                    }
                }
                Err(_) => {
                    unparsed_end.insert(t.to_string());
                }
            },
        }
    }
    let who_name = who.and_then(|w| text(w, "displayName"));
    let upn = who.and_then(|w| text(w, "userPrincipalName"));
    let principal_label = match (who_name, upn) {
        (Some(n), Some(u)) => format!("{n} <{u}>"),
        (Some(n), None) => n.to_string(),
        (None, Some(u)) => u.to_string(),
        (None, None) => principal.to_string(),
    };
    let principal_type = who
        .and_then(|w| text(w, "@odata.type"))
        .map(|t| t.trim_start_matches("#microsoft.graph.").to_string());
    let end = match end {
        None => serde_json::Value::Null,
        Some(None) if unparsed_end.is_empty() => serde_json::Value::Null,
        Some(None) => json!(unparsed_end.iter().next()),
        Some(Some(t)) => json!(t.to_string()),
    };
    let value = json!({
        "role": role_name,
        "roleDefinitionId": role,
        "principal": principal_label,
        "principalId": principal,
        "principalType": principal_type,
        "kind": kind,
        "direct": direct,
        "viaGroups": via,
        "assignmentTypes": types,
        "directoryScopeIds": scopes,
        "endDateTime": end,
    });
    Record {
        name: format!("{principal_label}: {role_name} ({kind})"),
        value,
    }
}
