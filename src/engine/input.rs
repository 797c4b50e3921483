//! The input document each rule sees, and the indexes built once in Rust so rules join by key
//! instead of scanning (regorus has no comprehension indexing: a nested scan is quadratic).
//!
//! `input` = `{now, now_ns, tenant, collections: {name: [items]}, index: {name: {...}}}` and a
//! rule sees only the collections it declares in `metadata.reads`, plus the indexes derived
//! from them alone. A rule cannot quietly read data whose completeness nobody checked.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use rayon::prelude::*;
use regorus::Value;

use super::values::{s, str_of};
use super::{holders, prefilter};
use crate::snapshot::Snapshot;

pub use holders::{ACTIVE_INSTANCES, ELIGIBLE_INSTANCES};
pub const POLICIES: &str = "roleManagementPolicies";
pub const POLICY_ASSIGNMENTS: &str = "roleManagementPolicyAssignments";
pub const ROLE_DEFINITIONS: &str = "roleDefinitions";

/// Logs: the append-only record collections, millions of items in a large tenant. Nothing joins
/// to a log entry by its id (a finding names the user, the sign-in is only `related`), so they
/// get no `input.index.<name>`: a by-id map of 3M sign-ins costs seconds and hundreds of MB for
/// nobody. A rule walks `input.collections.<name>` (or its pre-filter) instead.
pub const LOGS: &[&str] = &["signIns", "directoryAudits", "riskDetections"];

/// A derived index: its name under `input.index` and the collections it is built from.
pub struct Derived {
    pub name: &'static str,
    pub reads: &'static [&'static str],
    pub doc: &'static str,
}

/// The derived indexes; every collection but the [`LOGS`] is also indexed by `id` under its
/// own name.
pub const DERIVED: &[Derived] = &[
    Derived {
        name: "roleHolders",
        reads: holders::READS,
        doc: "roleDefinitionId → principalId → {active: [instances], eligible: [instances]}, instances in effect at `now`, members of role-holding groups included (entries with `via`; see engine/holders.rs)",
    },
    Derived {
        name: "principalRoles",
        reads: holders::READS,
        doc: "principalId → roleDefinitionId → {active: [instances], eligible: [instances]}, the same entries as roleHolders",
    },
    Derived {
        name: "rolePolicies",
        reads: &[POLICIES, POLICY_ASSIGNMENTS],
        doc: "roleDefinitionId → {assignmentId, policyId, policy, rules: {ruleId: rule}} for directory-role policies",
    },
    // Candidate pre-filters (engine/prefilter.rs): they only narrow, the rules re-test all.
    Derived {
        name: prefilter::APPROVED_AGAINST_DENY,
        reads: &[prefilter::REVIEW_DEFINITIONS],
        doc: "[definition][instance] → decisions approving against a Deny recommendation (AR003's walk)",
    },
    Derived {
        name: prefilter::SELF_REVIEWED,
        reads: &[prefilter::REVIEW_DEFINITIONS],
        doc: "[definition][instance] → decisions whose reviewer is their principal (AR004's walk)",
    },
    Derived {
        name: prefilter::DENIED_NOT_APPLIED,
        reads: &[prefilter::REVIEW_DEFINITIONS],
        doc: "[definition][instance] → Deny decisions whose applyResult is not a success (AR005's walk)",
    },
    Derived {
        name: prefilter::NEVER_APPLIED,
        reads: &[prefilter::REVIEW_DEFINITIONS],
        doc: "[definition][instance] → decisions with applyResult New and no appliedDateTime (AR008's walk)",
    },
    Derived {
        name: prefilter::GUESTS_WITHOUT_SPONSOR,
        reads: &[prefilter::USERS],
        doc: "guests (userType Guest) without sponsors (EXT001's walk)",
    },
    Derived {
        name: prefilter::GUESTS_NOT_RECENTLY_ACTIVE,
        reads: &[prefilter::USERS, prefilter::SIGN_IN_ACTIVITY],
        doc: "guests with a pending invitation or no sign-in within `guest_inactive_days` (EXT002's walk)",
    },
    Derived {
        name: prefilter::EMERGENCY_ACCESS_BY_UPN,
        reads: &[prefilter::USERS],
        doc: "users whose userPrincipalName is a declared emergency-access entry (PRV007's look-up by name)",
    },
    Derived {
        name: prefilter::SIGN_INS_WITHOUT_CA,
        reads: &[prefilter::SIGN_INS],
        doc: "successful sign-ins (status.errorCode 0) with conditionalAccessStatus notApplied, of principals in principalRoles when it is built (PRV008's walk)",
    },
];

/// Everything shared by the rules of one lint, built once.
pub struct Prepared {
    now: Value,
    now_ns: Value,
    clock_ns: i64,
    tenant: Value,
    collections: HashMap<String, Value>,
    indexes: HashMap<String, Value>,
}

impl Prepared {
    /// Builds the collections and indexes that `needed` (the union of the selected rules'
    /// `reads`) calls for, and no others. `config` is `data.govlint.config` (pre-filters that
    /// depend on a threshold or a setting read the one their rule reads).
    pub fn new(
        snapshot: &Snapshot,
        now: Timestamp,
        needed: &BTreeSet<String>,
        config: &serde_json::Value,
    ) -> Prepared {
        Prepared::with_holders(snapshot, now, needed, config, &holders::Shared::new())
    }

    /// [`Prepared::new`], taking the role-holder indexes from `shared` (building them into it
    /// if nobody has yet); `shared` must be for this `snapshot` and `now`.
    pub fn with_holders(
        snapshot: &Snapshot,
        now: Timestamp,
        needed: &BTreeSet<String>,
        config: &serde_json::Value,
        shared: &holders::Shared,
    ) -> Prepared {
        let mut collections = HashMap::new();
        let mut indexes = HashMap::new();
        // By collection on the rayon pool: a large tenant has several 200k-item collections.
        let built: Vec<(&String, Value, Option<Value>)> = needed
            .par_iter()
            .filter_map(|name| {
                let c = snapshot.collections.get(name)?;
                let index = (!LOGS.contains(&name.as_str())).then(|| by_id(name, &c.items));
                Some((name, Value::from(c.items.clone()), index))
            })
            .collect();
        for (name, items, index) in built {
            collections.insert(name.clone(), items);
            if let Some(index) = index {
                indexes.insert(name.clone(), index);
            }
        }
        let has = |reads: &[&str]| {
            reads
                .iter()
                .all(|r| needed.contains(*r) && snapshot.collections.contains_key(*r))
        };
        if has(DERIVED[0].reads) {
            let (holders, roles) = shared.get_or_init(|| holders::build(snapshot, now));
            indexes.insert("roleHolders".into(), holders.clone());
            indexes.insert("principalRoles".into(), roles.clone());
        }
        if has(DERIVED[2].reads) {
            indexes.insert("rolePolicies".into(), role_policies(snapshot));
        }
        let started = std::time::Instant::now();
        if has(&[prefilter::REVIEW_DEFINITIONS]) {
            indexes.extend(
                prefilter::decisions(snapshot)
                    .into_iter()
                    .map(|(name, v)| (name.to_string(), v)),
            );
        }
        if has(&[prefilter::USERS]) {
            let v = prefilter::guests_without_sponsor(snapshot);
            indexes.insert(prefilter::GUESTS_WITHOUT_SPONSOR.into(), v);
            let v = prefilter::emergency_access_by_upn(snapshot, config);
            indexes.insert(prefilter::EMERGENCY_ACCESS_BY_UPN.into(), v);
        }
        if has(&[prefilter::USERS, prefilter::SIGN_IN_ACTIVITY]) {
            let v = prefilter::guests_not_recently_active(snapshot, now, &config["thresholds"]);
            indexes.insert(prefilter::GUESTS_NOT_RECENTLY_ACTIVE.into(), v);
        }
        if has(&[prefilter::SIGN_INS]) {
            let roles = indexes.get("principalRoles");
            let v = prefilter::sign_ins_without_conditional_access(snapshot, roles);
            indexes.insert(prefilter::SIGN_INS_WITHOUT_CA.into(), v);
        }
        crate::timing::phase("prepare: candidate pre-filters", started);
        let tenant = serde_json::to_value(&snapshot.tenant)
            .map(Value::from)
            .unwrap_or(Value::Null);
        Prepared {
            now: s(&now.to_string()),
            now_ns: Value::from(now.as_nanosecond()),
            clock_ns: crate::time::clock_ns(now),
            tenant,
            collections,
            indexes,
        }
    }

    /// The lint's clock (`input.now_ns`) for `time.now_ns()`: rules evaluated against this input
    /// run with the engine's clock set to it, so a rule reading the clock is as deterministic as
    /// one reading `input.now_ns`.
    pub fn clock_ns(&self) -> i64 {
        self.clock_ns
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

    /// The object `collection`/`id` as the snapshot holds it (for remediation diffs). A log has
    /// no by-id index: a finding naming a log entry is looked up by a walk (once per finding,
    /// and no rule names one today).
    pub fn lookup(&self, collection: &str, id: &str) -> Option<&Value> {
        if let Some(index) = self.indexes.get(collection) {
            return match index {
                Value::Object(o) => o.get(&s(id)),
                _ => None,
            };
        }
        let Value::Array(items) = self.collections.get(collection)? else {
            return None;
        };
        items.iter().find(|i| str_of(&i["id"]) == Some(id))
    }
}

fn by_id(collection: &str, items: &[Value]) -> Value {
    let mut map = BTreeMap::new();
    // Built once: indexing with a `&str` builds a string value per lookup.
    let id = s("id");
    for item in items {
        // The item's own id string as the key (shared, not copied).
        if let key @ Value::String(_) = &item[&id] {
            map.insert(key.clone(), item.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(collections: serde_json::Value) -> Snapshot {
        crate::snapshot::complete_for_tests(collections)
    }

    #[test]
    fn logs_are_walked_not_indexed_by_id_and_still_found_for_a_finding() {
        let snap = snapshot(serde_json::json!({
            "users": [{"id": "u1"}],
            "signIns": [{"id": "s1", "userId": "u1"}, {"id": "s2", "userId": "u1"}],
            "directoryAudits": [{"id": "a1"}],
        }));
        let reads: Vec<String> = ["users", "signIns", "directoryAudits"]
            .map(String::from)
            .to_vec();
        let needed = reads.iter().cloned().collect();
        let p = Prepared::new(&snap, snap.fetched_at, &needed, &serde_json::json!({}));
        let input = p.input_for(&reads);
        assert_eq!(input["index"]["users"]["u1"]["id"], s("u1"));
        assert_eq!(input["index"]["signIns"], Value::Undefined);
        assert_eq!(input["index"]["directoryAudits"], Value::Undefined);
        match &input["collections"]["signIns"] {
            Value::Array(a) => assert_eq!(a.len(), 2),
            other => panic!("signIns not a list: {other:?}"),
        }
        // A finding's object is still found in a log, by a walk.
        assert_eq!(
            p.lookup("signIns", "s2").map(|v| v["userId"].clone()),
            Some(s("u1"))
        );
        assert_eq!(
            p.lookup("users", "u1").map(|v| v["id"].clone()),
            Some(s("u1"))
        );
        assert!(p.lookup("signIns", "nope").is_none());
    }
}
