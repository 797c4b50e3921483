//! The input document each rule sees, and the indexes built once in Rust so rules join by key
//! instead of scanning (regorus has no comprehension indexing: a nested scan is quadratic).
//!
//! `input` = `{now, now_ns, tenant, collections: {name: [items]}, index: {name: {...}}}` and a
//! rule sees only the collections it declares in `metadata.reads`, plus the indexes derived
//! from them alone. A rule cannot quietly read data whose completeness nobody checked.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use regorus::Value;

use crate::snapshot::Snapshot;

pub const ACTIVE_INSTANCES: &str = "roleAssignmentScheduleInstances";
pub const ELIGIBLE_INSTANCES: &str = "roleEligibilityScheduleInstances";
pub const POLICIES: &str = "roleManagementPolicies";
pub const POLICY_ASSIGNMENTS: &str = "roleManagementPolicyAssignments";
pub const ROLE_DEFINITIONS: &str = "roleDefinitions";

/// A derived index: its name under `input.index` and the collections it is built from.
pub struct Derived {
    pub name: &'static str,
    pub reads: &'static [&'static str],
    pub doc: &'static str,
}

/// The derived indexes; every collection is also indexed by `id` under its own name.
pub const DERIVED: &[Derived] = &[
    Derived {
        name: "roleHolders",
        reads: &[ACTIVE_INSTANCES, ELIGIBLE_INSTANCES],
        doc: "roleDefinitionId → principalId → {active: [instances], eligible: [instances]}, instances in effect at `now`",
    },
    Derived {
        name: "principalRoles",
        reads: &[ACTIVE_INSTANCES, ELIGIBLE_INSTANCES],
        doc: "principalId → roleDefinitionId → {active: [instances], eligible: [instances]}, instances in effect at `now`",
    },
    Derived {
        name: "rolePolicies",
        reads: &[POLICIES, POLICY_ASSIGNMENTS],
        doc: "roleDefinitionId → {assignmentId, policyId, policy, rules: {ruleId: rule}} for directory-role policies",
    },
];

/// Everything shared by the rules of one lint, built once.
pub struct Prepared {
    now: Value,
    now_ns: Value,
    tenant: Value,
    collections: HashMap<String, Value>,
    indexes: HashMap<String, Value>,
}

fn s(v: &str) -> Value {
    Value::from(v)
}

fn str_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}

impl Prepared {
    /// Builds the collections and indexes that `needed` (the union of the selected rules'
    /// `reads`) calls for, and no others.
    pub fn new(snapshot: &Snapshot, now: Timestamp, needed: &BTreeSet<String>) -> Prepared {
        let mut collections = HashMap::new();
        let mut indexes = HashMap::new();
        for name in needed {
            let Some(c) = snapshot.collections.get(name) else {
                continue;
            };
            collections.insert(name.clone(), Value::from(c.items.clone()));
            indexes.insert(name.clone(), by_id(name, &c.items));
        }
        let has = |reads: &[&str]| {
            reads
                .iter()
                .all(|r| needed.contains(*r) && snapshot.collections.contains_key(*r))
        };
        if has(DERIVED[0].reads) {
            let (holders, roles) = role_holders(snapshot, now);
            indexes.insert("roleHolders".into(), holders);
            indexes.insert("principalRoles".into(), roles);
        }
        if has(DERIVED[2].reads) {
            indexes.insert("rolePolicies".into(), role_policies(snapshot));
        }
        let tenant = serde_json::to_value(&snapshot.tenant)
            .map(Value::from)
            .unwrap_or(Value::Null);
        Prepared {
            now: s(&now.to_string()),
            now_ns: Value::from(now.as_nanosecond()),
            tenant,
            collections,
            indexes,
        }
    }

    /// The input of one rule: only what it declared it reads.
    pub fn input_for(&self, reads: &[String]) -> Value {
        let mut collections = BTreeMap::new();
        let mut index = BTreeMap::new();
        for r in reads {
            if let Some(c) = self.collections.get(r) {
                collections.insert(s(r), c.clone());
            }
            if let Some(i) = self.indexes.get(r) {
                index.insert(s(r), i.clone());
            }
        }
        for d in DERIVED {
            if d.reads.iter().all(|r| reads.iter().any(|x| x == r)) {
                if let Some(i) = self.indexes.get(d.name) {
                    index.insert(s(d.name), i.clone());
                }
            }
        }
        let mut input = BTreeMap::new();
        input.insert(s("now"), self.now.clone());
        input.insert(s("now_ns"), self.now_ns.clone());
        input.insert(s("tenant"), self.tenant.clone());
        input.insert(s("collections"), Value::from(collections));
        input.insert(s("index"), Value::from(index));
        Value::from(input)
    }

    /// The object `collection`/`id` as the snapshot holds it (for remediation diffs).
    pub fn lookup(&self, collection: &str, id: &str) -> Option<&Value> {
        match self.indexes.get(collection)? {
            Value::Object(o) => o.get(&s(id)),
            _ => None,
        }
    }
}

fn by_id(collection: &str, items: &[Value]) -> Value {
    let mut map = BTreeMap::new();
    for item in items {
        if let Some(id) = str_of(&item["id"]) {
            map.insert(s(id), item.clone());
        }
        // Built-in roles are referred to by template id; custom roles by id. Key both.
        if collection == ROLE_DEFINITIONS {
            if let Some(t) = str_of(&item["templateId"]) {
                map.entry(s(t)).or_insert_with(|| item.clone());
            }
        }
    }
    Value::from(map)
}

/// Whether a schedule instance is in effect at `now`: started (or no start) and not ended.
/// An unparsable bound counts as in effect, so bad data cannot hide a holder.
fn in_effect(item: &Value, now: Timestamp) -> bool {
    let bound = |key: &str| str_of(&item[key]).and_then(|t| t.parse::<Timestamp>().ok());
    let started = bound("startDateTime").is_none_or(|t| t <= now);
    let not_ended = bound("endDateTime").is_none_or(|t| t > now);
    started && not_ended
}

type Holders = BTreeMap<String, BTreeMap<String, (Vec<Value>, Vec<Value>)>>;

fn role_holders(snapshot: &Snapshot, now: Timestamp) -> (Value, Value) {
    let mut by_role: Holders = BTreeMap::new();
    let mut by_principal: Holders = BTreeMap::new();
    for (collection, active) in [(ACTIVE_INSTANCES, true), (ELIGIBLE_INSTANCES, false)] {
        let Some(c) = snapshot.collections.get(collection) else {
            continue;
        };
        for item in c.items.iter().filter(|i| in_effect(i, now)) {
            let (Some(role), Some(principal)) = (
                str_of(&item["roleDefinitionId"]),
                str_of(&item["principalId"]),
            ) else {
                continue;
            };
            for (outer, inner, map) in [
                (role, principal, &mut by_role),
                (principal, role, &mut by_principal),
            ] {
                let slot = map
                    .entry(outer.to_string())
                    .or_default()
                    .entry(inner.to_string())
                    .or_default();
                if active {
                    slot.0.push(item.clone());
                } else {
                    slot.1.push(item.clone());
                }
            }
        }
    }
    (holders_value(by_role), holders_value(by_principal))
}

fn holders_value(h: Holders) -> Value {
    let outer: BTreeMap<Value, Value> = h
        .into_iter()
        .map(|(k, inner)| {
            let inner: BTreeMap<Value, Value> = inner
                .into_iter()
                .map(|(k2, (active, eligible))| {
                    let mut o = BTreeMap::new();
                    o.insert(s("active"), Value::from(active));
                    o.insert(s("eligible"), Value::from(eligible));
                    (s(&k2), Value::from(o))
                })
                .collect();
            (s(&k), Value::from(inner))
        })
        .collect();
    Value::from(outer)
}

fn role_policies(snapshot: &Snapshot) -> Value {
    let policies: HashMap<&str, &Value> = snapshot
        .collections
        .get(POLICIES)
        .map(|c| {
            c.items
                .iter()
                .filter_map(|p| Some((str_of(&p["id"])?, p)))
                .collect()
        })
        .unwrap_or_default();
    let mut out = BTreeMap::new();
    let Some(assignments) = snapshot.collections.get(POLICY_ASSIGNMENTS) else {
        return Value::from(out);
    };
    for a in &assignments.items {
        let directory = str_of(&a["scopeType"]).is_some_and(|t| {
            t.eq_ignore_ascii_case("DirectoryRole") || t.eq_ignore_ascii_case("Directory")
        });
        let (Some(role), Some(pid), true) = (
            str_of(&a["roleDefinitionId"]),
            str_of(&a["policyId"]),
            directory,
        ) else {
            continue;
        };
        // Graph can embed the policy in the assignment ($expand=policy); prefer the collection.
        let policy = policies.get(pid).copied().unwrap_or(&a["policy"]);
        if matches!(policy, Value::Undefined | Value::Null) {
            continue;
        }
        let rules: BTreeMap<Value, Value> = match &policy["rules"] {
            Value::Array(rs) => rs
                .iter()
                .filter_map(|r| Some((s(str_of(&r["id"])?), r.clone())))
                .collect(),
            _ => BTreeMap::new(),
        };
        let mut entry = BTreeMap::new();
        entry.insert(s("assignmentId"), a["id"].clone());
        entry.insert(s("policyId"), s(pid));
        entry.insert(s("policy"), policy.clone());
        entry.insert(s("rules"), Value::from(rules));
        out.insert(s(role), Value::from(entry));
    }
    Value::from(out)
}
