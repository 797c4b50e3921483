//! Field-level comparison of two versions of one object: the paths that changed, and a
//! unified diff of the two (`similar`, as remediation diffs are made).
//!
//! Graph lists child objects with ids (policy rules, sponsors, approval stages' approvers with
//! `id`): such a list is matched by id, so a rule or sponsor added, removed or edited shows as
//! itself (`rules[Expiration_EndUser_Assignment].maximumDuration`) and a reordering is no
//! change. Other lists are compared whole.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// One field that differs: absent on one side when `before` or `after` is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// The canonical form records are stored and compared in: lists of objects with distinct ids
/// sorted by id (Graph's order of a policy's rules is not a setting).
pub fn canonical(v: Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, canonical(v))).collect()),
        Value::Array(a) => {
            let mut a: Vec<Value> = a.into_iter().map(canonical).collect();
            if ids(&a).is_some() {
                a.sort_by(|x, y| id_of(x).cmp(&id_of(y)));
            }
            Value::Array(a)
        }
        other => other,
    }
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// The elements by id, when every element is an object with a distinct string id.
fn ids(a: &[Value]) -> Option<HashMap<&str, &Value>> {
    if a.is_empty() {
        return None;
    }
    let mut by: HashMap<&str, &Value> = HashMap::with_capacity(a.len());
    for v in a {
        if by.insert(id_of(v)?, v).is_some() {
            return None;
        }
    }
    Some(by)
}

/// `[Sara Sponsor]`: an element of an id-matched list, by name when it has one.
fn element_label(v: &Value, id: &str) -> String {
    match v.get("displayName").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => format!("[{n}]"),
        _ => format!("[{id}]"),
    }
}

/// Every changed field of `before` → `after`, in key order (ids in id order).
pub fn changes(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    if before == after {
        return;
    }
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut keys: Vec<&String> = b
                .keys()
                .chain(a.keys().filter(|k| !b.contains_key(*k)))
                .collect();
            keys.sort();
            for k in keys {
                let p = join(path, k);
                match (b.get(k), a.get(k)) {
                    (Some(x), Some(y)) => walk(&p, x, y, out),
                    (x, y) => out.push(FieldChange {
                        path: p,
                        before: x.cloned(),
                        after: y.cloned(),
                    }),
                }
            }
        }
        (Value::Array(b), Value::Array(a)) => match (ids(b), ids(a)) {
            (Some(bi), Some(ai)) => {
                let mut keys: Vec<&str> = bi
                    .keys()
                    .chain(ai.keys().filter(|k| !bi.contains_key(*k)))
                    .copied()
                    .collect();
                keys.sort_unstable();
                for id in keys {
                    let (x, y) = (bi.get(id).copied(), ai.get(id).copied());
                    let label = element_label(y.or(x).unwrap_or(&Value::Null), id);
                    let p = format!("{path}{label}");
                    match (x, y) {
                        (Some(x), Some(y)) => walk(&p, x, y, out),
                        (x, y) => out.push(FieldChange {
                            path: p,
                            before: x.cloned(),
                            after: y.cloned(),
                        }),
                    }
                }
            }
            _ => whole(path, before, after, out),
        },
        _ => whole(path, before, after, out),
    }
}

fn whole(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    out.push(FieldChange {
        path: if path.is_empty() {
            "(value)".into()
        } else {
            path.to_string()
        },
        before: Some(before.clone()),
        after: Some(after.clone()),
    });
}

/// Unified diff of the two versions, pretty-printed, with a little context.
pub fn unified(before: &Value, after: &Value) -> String {
    let text = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    let (b, a) = (text(before), text(after));
    similar::TextDiff::from_lines(&b, &a)
        .unified_diff()
        .context_radius(2)
        .header("old", "new")
        .to_string()
}

/// `v` without the top-level keys in `ignore`.
pub fn without(v: Value, ignore: &[&str]) -> Value {
    match v {
        Value::Object(o) if !ignore.is_empty() => Value::Object(
            o.into_iter()
                .filter(|(k, _)| !ignore.contains(&k.as_str()))
                .collect::<Map<String, Value>>(),
        ),
        other => other,
    }
}

/// `v` with only the top-level keys in `keep` (in that order).
pub fn only(v: &Value, keep: &[&str]) -> Value {
    let mut o = Map::new();
    if let Some(id) = v.get("id") {
        o.insert("id".into(), id.clone());
    }
    for k in keep {
        if let Some(x) = v.get(*k) {
            o.insert((*k).to_string(), x.clone());
        }
    }
    Value::Object(o)
}

/// A value on one line, cut to `max` characters: `"PT8H"`, `true`, `{"id":…}`.
pub fn short(v: &Value, max: usize) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_are_matched_by_id_and_changed_settings_named() {
        let before = json!({"rules": [
            {"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT8H"},
            {"id": "Enablement_EndUser_Assignment", "enabledRules": ["MultiFactorAuthentication"]},
        ]});
        // Reordered, one setting changed, one list changed whole.
        let after = json!({"rules": [
            {"id": "Enablement_EndUser_Assignment", "enabledRules": []},
            {"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT10H"},
        ]});
        let c = changes(&canonical(before.clone()), &canonical(after.clone()));
        assert_eq!(
            c,
            vec![
                FieldChange {
                    path: "rules[Enablement_EndUser_Assignment].enabledRules".into(),
                    before: Some(json!(["MultiFactorAuthentication"])),
                    after: Some(json!([])),
                },
                FieldChange {
                    path: "rules[Expiration_EndUser_Assignment].maximumDuration".into(),
                    before: Some(json!("PT8H")),
                    after: Some(json!("PT10H")),
                },
            ]
        );
        let d = unified(&canonical(before), &canonical(after));
        assert!(d.contains("-      \"maximumDuration\": \"PT8H\""), "{d}");
        assert!(d.contains("+      \"maximumDuration\": \"PT10H\""), "{d}");
    }

    #[test]
    fn a_reordered_list_of_ids_is_no_change() {
        let a = canonical(json!({"s": [{"id": "b"}, {"id": "a"}]}));
        let b = canonical(json!({"s": [{"id": "a"}, {"id": "b"}]}));
        assert_eq!(a, b);
        assert!(changes(&a, &b).is_empty());
    }

    #[test]
    fn sponsors_added_and_removed_are_named() {
        let before = json!({"internalSponsors": [{"id": "u1", "displayName": "Sara"}], "externalSponsors": []});
        let after = json!({"internalSponsors": [{"id": "u2", "displayName": "Sam"}], "externalSponsors": [{"id": "x"}]});
        let c = changes(&before, &after);
        let paths: Vec<(&str, bool, bool)> = c
            .iter()
            .map(|c| (c.path.as_str(), c.before.is_some(), c.after.is_some()))
            .collect();
        assert_eq!(
            paths,
            [
                // An empty list has no ids: compared whole.
                ("externalSponsors", true, true),
                ("internalSponsors[Sara]", true, false),
                ("internalSponsors[Sam]", false, true),
            ]
        );
    }

    #[test]
    fn ignored_and_kept_fields() {
        let v = json!({"id": "1", "a": 1, "lastModifiedDateTime": "x"});
        assert_eq!(
            without(v.clone(), &["lastModifiedDateTime"]),
            json!({"id": "1", "a": 1})
        );
        assert_eq!(only(&v, &["a", "missing"]), json!({"id": "1", "a": 1}));
        assert_eq!(short(&json!("abcdef"), 4), "\"ab…");
    }
}
