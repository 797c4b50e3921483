//! Who holds each directory role now: the `roleHolders` / `principalRoles` indexes.
//!
//! A principal holds a role when a schedule instance in effect at `now` names it (a *direct*
//! holder, the instance as Graph returns it), and also when it is a member of a group that holds
//! the role: Entra gives every member of a role-assignable group the group's roles. Membership
//! is read from the group item's embedded `members` (permanent members, and PIM-for-groups
//! members while their assignment is in effect) and from the PIM-for-groups schedule instances
//! (`accessId` `member`): an eligibility is an eligible member, an assignment an active member.
//! Groups nest, so membership is followed transitively, cycle-safe.
//!
//! A group-derived holder is an instance-shaped entry in the same `active` / `eligible` lists
//! as the direct ones, with `memberType: "Group"` (so `is_direct` helpers leave it alone) and:
//! - `via`: the path, from the principal's own group outwards to the group holding the role,
//!   `[{groupId, displayName, membership: "member"|"eligibleMember"|"activeMember", ...}]`;
//! - `roleInstanceId`, `groupId`: the group's own role instance and group.
//!
//! It is `active` only when the group's instance is active and every hop is an active
//! membership; any eligible hop makes it `eligible` (the principal must activate). An active
//! entry's `assignmentType` is `Activated` when a hop is a just-in-time activation, else the
//! group instance's own.
//!
//! Cost is linear in the memberships reachable from role-holding groups: each group's members
//! are indexed once, and each role-holding group is expanded once (three breadth-first passes,
//! strongest memberships first) however many roles it holds.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use jiff::Timestamp;
use regorus::Value;

use super::values::{s, str_of};
use crate::snapshot::Snapshot;

pub const ACTIVE_INSTANCES: &str = "roleAssignmentScheduleInstances";
pub const ELIGIBLE_INSTANCES: &str = "roleEligibilityScheduleInstances";
pub const GROUPS: &str = "groups";
pub const GROUP_ELIGIBLE_INSTANCES: &str = "privilegedAccessGroupEligibilityScheduleInstances";
pub const GROUP_ACTIVE_INSTANCES: &str = "privilegedAccessGroupAssignmentScheduleInstances";

/// What the holder indexes are built from. Membership is part of who holds a role, so a rule
/// using them is not evaluated when group membership could not be read (fail closed).
pub const READS: &[&str] = &[
    ACTIVE_INSTANCES,
    ELIGIBLE_INSTANCES,
    GROUPS,
    GROUP_ELIGIBLE_INSTANCES,
    GROUP_ACTIVE_INSTANCES,
];

/// A rule that reads both directory-role instance collections gets the holder indexes, so it
/// also reads what they are built from, whether or not its `metadata.reads` says so. Before
/// group membership counted, those two collections were all a rule needed; a custom rule
/// written then would otherwise see no index at all and report nothing, which reads as clean.
pub fn imply_reads(reads: &mut Vec<String>) {
    let core = [ACTIVE_INSTANCES, ELIGIBLE_INSTANCES];
    if core.iter().all(|c| reads.iter().any(|r| r == c)) {
        for c in READS {
            if !reads.iter().any(|r| r == c) {
                reads.push((*c).to_string());
            }
        }
    }
}

fn eq_ci(v: &Value, want: &str) -> bool {
    str_of(v).is_some_and(|t| t.eq_ignore_ascii_case(want))
}

/// Whether a schedule instance is in effect at `now`: started (or no start) and not ended.
/// An unparsable bound counts as in effect, so bad data cannot hide a holder.
pub fn in_effect(item: &Value, now: Timestamp) -> bool {
    let bound = |key: &str| str_of(&item[key]).and_then(|t| t.parse::<Timestamp>().ok());
    let started = bound("startDateTime").is_none_or(|t| t <= now);
    let not_ended = bound("endDateTime").is_none_or(|t| t > now);
    started && not_ended
}

/// How strongly a hop (or a role instance) grants access. Ordered: the weakest hop of a path
/// decides what the path grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// Must be activated first.
    Eligible,
    /// Active now through a just-in-time activation.
    Activated,
    /// Active without activation.
    Standing,
}

/// One membership: `member` belongs to the group this edge is listed under.
#[derive(Clone)]
struct Edge {
    member: String,
    strength: Strength,
    /// The hop as findings show it: `{groupId, displayName, membership, ...}`.
    hop: Value,
    /// When the membership ends (PIM-for-groups instances), if it does.
    end: Value,
}

/// Rank of an edge's source for one (group, member) pair: a PIM-for-groups assignment explains
/// the member's presence in `members` (so it wins: it may be a mere activation), `members`
/// beats an eligibility (a permanent member who is also eligible is active).
fn source_rank(membership: &str) -> u8 {
    match membership {
        "activeMember" => 2,
        "member" => 1,
        _ => 0,
    }
}

struct Graph<'a> {
    /// group id → its display name (every group in the collection).
    names: HashMap<&'a str, &'a Value>,
    /// group id → its members, one edge per member (the strongest source), in source order.
    members: HashMap<String, Vec<Edge>>,
    /// principal id → `{@odata.type, id, displayName, userPrincipalName}` as a members list
    /// names it.
    principals: HashMap<String, Value>,
}

impl<'a> Graph<'a> {
    fn build(snapshot: &'a Snapshot, now: Timestamp) -> Graph<'a> {
        let mut names = HashMap::new();
        let mut members: HashMap<String, Vec<Edge>> = HashMap::new();
        let mut principals = HashMap::new();
        // (group, member) → position in the group's list: one edge per pair, found by key, so
        // a group of many members is indexed in linear time.
        let mut at: HashMap<(String, String), usize> = HashMap::new();
        let mut add = |members: &mut HashMap<String, Vec<Edge>>, group: &str, edge: Edge| {
            let list = members.entry(group.to_string()).or_default();
            let rank = |e: &Edge| source_rank(str_of(&e.hop["membership"]).unwrap_or(""));
            match at.get(&(group.to_string(), edge.member.clone())) {
                Some(&i) => {
                    if rank(&edge) > rank(&list[i]) {
                        list[i] = edge;
                    }
                }
                None => {
                    at.insert((group.to_string(), edge.member.clone()), list.len());
                    list.push(edge);
                }
            }
        };
        if let Some(c) = snapshot.collections.get(GROUPS) {
            for g in &c.items {
                let Some(gid) = str_of(&g["id"]) else {
                    continue;
                };
                names.insert(gid, &g["displayName"]);
                let Value::Array(ms) = &g["members"] else {
                    continue;
                };
                for m in ms.iter() {
                    let Some(mid) = str_of(&m["id"]) else {
                        continue;
                    };
                    principals
                        .entry(mid.to_string())
                        .or_insert_with(|| principal_of(m));
                    let edge = Edge {
                        member: mid.to_string(),
                        strength: Strength::Standing,
                        hop: hop(gid, &g["displayName"], "member", None),
                        end: Value::Null,
                    };
                    add(&mut members, gid, edge);
                }
            }
        }
        for (collection, active) in [
            (GROUP_ACTIVE_INSTANCES, true),
            (GROUP_ELIGIBLE_INSTANCES, false),
        ] {
            let Some(c) = snapshot.collections.get(collection) else {
                continue;
            };
            for item in c.items.iter().filter(|i| in_effect(i, now)) {
                let (Some(gid), Some(pid)) =
                    (str_of(&item["groupId"]), str_of(&item["principalId"]))
                else {
                    continue;
                };
                // Owners manage the group but are not members; `group` instances repeat, per
                // member, a membership granted to a nested group, which is followed anyway.
                let direct = matches!(item["memberType"], Value::Undefined | Value::Null)
                    || eq_ci(&item["memberType"], "direct");
                if !eq_ci(&item["accessId"], "member") || !direct {
                    continue;
                }
                let name = names.get(gid).copied().unwrap_or(&Value::Null);
                let (membership, strength) = if !active {
                    ("eligibleMember", Strength::Eligible)
                } else if eq_ci(&item["assignmentType"], "activated") {
                    ("activeMember", Strength::Activated)
                } else {
                    ("activeMember", Strength::Standing)
                };
                let h = hop(gid, name, membership, Some((item, active)));
                if let Value::Object(p) = &item["principal"] {
                    principals
                        .entry(pid.to_string())
                        .or_insert_with(|| principal_of(&Value::Object(p.clone())));
                }
                let edge = Edge {
                    member: pid.to_string(),
                    strength,
                    hop: h,
                    end: item["endDateTime"].clone(),
                };
                add(&mut members, gid, edge);
            }
        }
        Graph {
            names,
            members,
            principals,
        }
    }

    fn is_group(&self, id: &str, principal: &Value) -> bool {
        self.names.contains_key(id) || eq_ci(&principal["@odata.type"], "#microsoft.graph.group")
    }

    /// Everyone reachable as a member of `root`, each once, by its strongest path: three
    /// breadth-first passes admitting standing, then activated, then eligible memberships.
    /// The root itself is never its own member (cycles end there and at visited groups).
    fn expand(&self, root: &str) -> Vec<Reached> {
        let mut out: Vec<Reached> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::from([root]);
        for floor in [Strength::Standing, Strength::Activated, Strength::Eligible] {
            // Start from the root and every node already reached: a weaker edge out of a node
            // reached strongly can still lead somewhere new.
            let mut queue: VecDeque<Option<usize>> = VecDeque::from([None]);
            queue.extend((0..out.len()).map(Some));
            while let Some(at) = queue.pop_front() {
                let gid = match at {
                    None => root.to_string(),
                    Some(i) => out[i].id.clone(),
                };
                let Some(edges) = self.members.get(gid.as_str()) else {
                    continue;
                };
                for e in edges.iter().filter(|e| e.strength >= floor) {
                    if seen.contains(e.member.as_str()) {
                        continue;
                    }
                    let (strength, mut path, mut ends) = match at {
                        None => (e.strength, Vec::new(), Vec::new()),
                        Some(i) => (
                            out[i].strength.min(e.strength),
                            out[i].path.clone(),
                            out[i].ends.clone(),
                        ),
                    };
                    // Paths are kept from the principal outwards: this hop goes first.
                    path.insert(0, e.hop.clone());
                    if !matches!(e.end, Value::Null | Value::Undefined) {
                        ends.push(e.end.clone());
                    }
                    out.push(Reached {
                        id: e.member.clone(),
                        strength,
                        path,
                        ends,
                    });
                    // `seen` borrows ids owned by `self.members`, which outlives this call.
                    seen.insert(e.member.as_str());
                    queue.push_back(Some(out.len() - 1));
                }
            }
        }
        out
    }
}

struct Reached {
    id: String,
    strength: Strength,
    /// Hops from the principal's own group out to the root group.
    path: Vec<Value>,
    /// The end times of the memberships on the path that end.
    ends: Vec<Value>,
}

/// A hop of a path; `instance` is the PIM-for-groups schedule instance behind it (and whether
/// it is an assignment), none for a permanent member.
fn hop(gid: &str, name: &Value, membership: &str, instance: Option<(&Value, bool)>) -> Value {
    let mut o = BTreeMap::new();
    o.insert(s("groupId"), s(gid));
    let name = match name {
        Value::String(_) => name.clone(),
        _ => s(gid),
    };
    o.insert(s("displayName"), name);
    o.insert(s("membership"), s(membership));
    if let Some((i, assignment)) = instance {
        o.insert(s("scheduleInstanceId"), i["id"].clone());
        o.insert(s("endDateTime"), i["endDateTime"].clone());
        if assignment {
            o.insert(s("assignmentType"), i["assignmentType"].clone());
        }
    }
    Value::from(o)
}

fn principal_of(m: &Value) -> Value {
    let mut o = BTreeMap::new();
    for k in ["@odata.type", "id", "displayName", "userPrincipalName"] {
        if !matches!(m[k], Value::Undefined) {
            o.insert(s(k), m[k].clone());
        }
    }
    Value::from(o)
}

/// The earliest of some RFC 3339 end times (unparsable ones are kept as they are, so a
/// garbled end never looks later than a real one), or the instance's own end.
fn earliest(own: &Value, ends: &[Value]) -> Value {
    let mut best = own.clone();
    let key = |v: &Value| str_of(v).and_then(|t| t.parse::<Timestamp>().ok());
    for e in ends {
        match (key(&best), key(e)) {
            (None, _) if matches!(best, Value::Null | Value::Undefined) => best = e.clone(),
            (Some(b), Some(x)) if x < b => best = e.clone(),
            _ => {}
        }
    }
    best
}

type Holders = BTreeMap<String, BTreeMap<String, (Vec<Value>, Vec<Value>)>>;

/// [`build`]'s result, built once for two readers of the same snapshot at the same `now` (the
/// lint's prepare and `show user`'s roles, on two threads): whichever asks first builds it, the
/// other waits for it instead of building it again.
pub type Shared = std::sync::OnceLock<(Value, Value)>;

/// `(roleHolders, principalRoles)`: role → principal → `{active, eligible}` and the reverse.
pub fn build(snapshot: &Snapshot, now: Timestamp) -> (Value, Value) {
    let graph = Graph::build(snapshot, now);
    let mut by_role: Holders = BTreeMap::new();
    let mut by_principal: Holders = BTreeMap::new();
    let mut put = |role: &str, principal: &str, active: bool, item: Value| {
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
    };
    // Group instances, expanded after the direct ones so each list starts with its direct
    // entries (rules take a holder's first instance for its name).
    let mut group_instances: Vec<(&Value, bool)> = Vec::new();
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
            put(role, principal, active, item.clone());
            if graph.is_group(principal, &item["principal"]) {
                group_instances.push((item, active));
            }
        }
    }
    let mut expanded: HashMap<String, Vec<Reached>> = HashMap::new();
    for (inst, active) in group_instances {
        let (Some(role), Some(gid)) = (
            str_of(&inst["roleDefinitionId"]),
            str_of(&inst["principalId"]),
        ) else {
            continue;
        };
        let reached = expanded
            .entry(gid.to_string())
            .or_insert_with(|| graph.expand(gid));
        let own = if !active {
            Strength::Eligible
        } else if eq_ci(&inst["assignmentType"], "activated") {
            Strength::Activated
        } else {
            Strength::Standing
        };
        for r in reached.iter() {
            let strength = own.min(r.strength);
            let mut o = BTreeMap::new();
            o.insert(s("principalId"), s(&r.id));
            o.insert(s("roleDefinitionId"), s(role));
            for k in ["directoryScopeId", "appScopeId", "startDateTime"] {
                o.insert(s(k), inst[k].clone());
            }
            o.insert(s("endDateTime"), earliest(&inst["endDateTime"], &r.ends));
            o.insert(s("memberType"), s("Group"));
            if strength != Strength::Eligible {
                let t = if strength == Strength::Activated {
                    s("Activated")
                } else {
                    inst["assignmentType"].clone()
                };
                o.insert(s("assignmentType"), t);
            }
            let principal = graph.principals.get(&r.id).cloned().unwrap_or_else(|| {
                let mut p = BTreeMap::new();
                p.insert(s("id"), s(&r.id));
                if graph.names.contains_key(r.id.as_str()) {
                    p.insert(s("@odata.type"), s("#microsoft.graph.group"));
                    p.insert(s("displayName"), graph.names[r.id.as_str()].clone());
                }
                Value::from(p)
            });
            o.insert(s("principal"), principal);
            o.insert(s("via"), Value::from(r.path.clone()));
            o.insert(s("roleInstanceId"), inst["id"].clone());
            o.insert(s("groupId"), s(gid));
            put(role, &r.id, strength != Strength::Eligible, Value::from(o));
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

#[cfg(test)]
mod tests {
    use super::*;

    const GA: &str = "62e90394-69f5-4237-9190-012177145e10";
    const NOW: &str = "2026-11-20T09:00:00Z";

    #[test]
    fn reading_both_role_instance_collections_implies_membership_reads() {
        let mut old_style = vec![ACTIVE_INSTANCES.to_string(), ELIGIBLE_INSTANCES.to_string()];
        imply_reads(&mut old_style);
        assert_eq!(old_style, READS);
        let mut one = vec![ELIGIBLE_INSTANCES.to_string(), "users".to_string()];
        imply_reads(&mut one);
        assert_eq!(one, [ELIGIBLE_INSTANCES, "users"]);
    }

    fn user(id: &str) -> serde_json::Value {
        serde_json::json!({"@odata.type": "#microsoft.graph.user", "id": id, "displayName": id.to_uppercase()})
    }

    fn group_member(id: &str) -> serde_json::Value {
        serde_json::json!({"@odata.type": "#microsoft.graph.group", "id": id, "displayName": id})
    }

    fn snapshot(collections: serde_json::Value) -> Snapshot {
        let mut cs = serde_json::Map::new();
        for name in READS {
            let items = collections
                .get(*name)
                .cloned()
                .unwrap_or(serde_json::json!([]));
            cs.insert(
                name.to_string(),
                serde_json::json!({"status": "complete", "apiVersion": "v1.0", "request": "", "count": items.as_array().map_or(0, |a| a.len()), "items": items}),
            );
        }
        let doc = serde_json::json!({
            "schema": "govlint.snapshot/v1",
            "tenant": {"id": "t", "displayName": "T", "cloud": "global"},
            "fetchedAt": NOW,
            "tool": {"name": "test", "version": "0"},
            "collections": cs,
        });
        crate::snapshot::parse("test", &doc.to_string()).expect("valid test snapshot")
    }

    fn ga_to(group: &str, assignment_type: Option<&str>) -> serde_json::Value {
        let mut i = serde_json::json!({"id": format!("inst-{group}"), "principalId": group, "roleDefinitionId": GA,
            "directoryScopeId": "/", "memberType": "Direct", "startDateTime": null, "endDateTime": null,
            "principal": {"@odata.type": "#microsoft.graph.group", "id": group, "displayName": group}});
        if let Some(t) = assignment_type {
            i["assignmentType"] = serde_json::json!(t);
        }
        i
    }

    /// `(active, eligible)` entries of `principal` for Global Administrator.
    fn held(snap: &Snapshot, principal: &str) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
        let (by_role, by_principal) = build(snap, NOW.parse().expect("time"));
        let json = |v: &Value| -> serde_json::Value {
            serde_json::from_str(&v.to_json_str().expect("json")).expect("json")
        };
        let a = json(&by_role)[GA][principal].clone();
        // The reverse index holds the same entries.
        assert_eq!(a, json(&by_principal)[principal][GA]);
        let list = |k: &str| a[k].as_array().cloned().unwrap_or_default();
        (list("active"), list("eligible"))
    }

    #[test]
    fn member_of_a_nested_group_holds_the_role_with_its_path() {
        let snap = snapshot(serde_json::json!({
            "roleAssignmentScheduleInstances": [ga_to("tier0", Some("Assigned"))],
            "groups": [
                {"id": "tier0", "displayName": "Tier0", "isAssignableToRole": true, "members": [group_member("ops")]},
                {"id": "ops", "displayName": "Ops", "members": [user("nia")]},
            ],
        }));
        let (active, eligible) = held(&snap, "nia");
        assert!(eligible.is_empty());
        assert_eq!(active.len(), 1);
        let e = &active[0];
        assert_eq!(e["assignmentType"], "Assigned");
        assert_eq!(e["memberType"], "Group");
        assert_eq!(e["roleInstanceId"], "inst-tier0");
        assert_eq!(e["principal"]["displayName"], "NIA");
        let path: Vec<(&str, &str)> = e["via"]
            .as_array()
            .expect("via")
            .iter()
            .map(|h| {
                (
                    h["groupId"].as_str().unwrap_or(""),
                    h["membership"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(path, [("ops", "member"), ("tier0", "member")]);
        // The nested group holds it too; the group holding the role keeps its own instance.
        assert_eq!(held(&snap, "ops").0.len(), 1);
        assert_eq!(held(&snap, "tier0").0[0]["id"], "inst-tier0");
    }

    #[test]
    fn any_eligible_hop_makes_the_holder_eligible() {
        let snap = snapshot(serde_json::json!({
            "roleAssignmentScheduleInstances": [ga_to("tier0", Some("Assigned"))],
            "roleEligibilityScheduleInstances": [ga_to("readers", None)],
            "groups": [
                {"id": "tier0", "displayName": "Tier0", "members": []},
                {"id": "readers", "displayName": "Readers", "members": [user("rob")]},
            ],
            "privilegedAccessGroupEligibilityScheduleInstances": [
                {"id": "pe1", "groupId": "tier0", "principalId": "pia", "accessId": "member", "memberType": "direct", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2027-01-01T00:00:00Z"},
                {"id": "pe2", "groupId": "tier0", "principalId": "old", "accessId": "member", "memberType": "direct", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2026-11-01T00:00:00Z"},
                {"id": "pe3", "groupId": "tier0", "principalId": "own", "accessId": "owner", "memberType": "direct", "startDateTime": null, "endDateTime": null},
            ],
            "privilegedAccessGroupAssignmentScheduleInstances": [
                {"id": "pa1", "groupId": "tier0", "principalId": "jo", "accessId": "member", "memberType": "direct", "assignmentType": "activated", "startDateTime": "2026-11-20T08:00:00Z", "endDateTime": "2026-11-20T12:00:00Z"},
            ],
        }));
        let (active, eligible) = held(&snap, "pia");
        assert!(active.is_empty());
        assert_eq!(eligible[0]["via"][0]["membership"], "eligibleMember");
        // The earliest end on the path: the eligibility's.
        assert_eq!(eligible[0]["endDateTime"], "2027-01-01T00:00:00Z");
        // A standing member of an eligible group is eligible.
        let (active, eligible) = held(&snap, "rob");
        assert!(active.is_empty() && eligible.len() == 1);
        // An activated membership of a standing group is active, but just in time.
        let (active, _) = held(&snap, "jo");
        assert_eq!(active[0]["assignmentType"], "Activated");
        // Expired memberships and owners hold nothing.
        assert_eq!(held(&snap, "old"), (vec![], vec![]));
        assert_eq!(held(&snap, "own"), (vec![], vec![]));
    }

    #[test]
    fn strongest_path_wins_and_cycles_end() {
        // nia is an eligible member of tier0 and a standing member of ops, which is a member
        // of tier0; ops and loop contain each other.
        let snap = snapshot(serde_json::json!({
            "roleAssignmentScheduleInstances": [ga_to("tier0", Some("Assigned"))],
            "groups": [
                {"id": "tier0", "displayName": "Tier0", "members": [group_member("ops")]},
                {"id": "ops", "displayName": "Ops", "members": [group_member("loop"), user("nia")]},
                {"id": "loop", "displayName": "Loop", "members": [group_member("ops"), group_member("tier0")]},
            ],
            "privilegedAccessGroupEligibilityScheduleInstances": [
                {"id": "pe1", "groupId": "tier0", "principalId": "nia", "accessId": "member", "memberType": "direct", "startDateTime": null, "endDateTime": null},
            ],
        }));
        let (active, eligible) = held(&snap, "nia");
        assert!(eligible.is_empty(), "{eligible:?}");
        assert_eq!(active.len(), 1);
        assert_eq!(active[0]["via"].as_array().map(Vec::len), Some(2));
        assert_eq!(held(&snap, "loop").0.len(), 1);
        // The root is never its own member.
        assert_eq!(held(&snap, "tier0").0.len(), 1);
    }

    #[test]
    fn a_pim_assignment_explains_presence_in_members() {
        // An active PIM-for-groups member also shows in `members`; the activation decides.
        let snap = snapshot(serde_json::json!({
            "roleAssignmentScheduleInstances": [ga_to("tier0", Some("Assigned"))],
            "groups": [{"id": "tier0", "displayName": "Tier0", "members": [user("jo")]}],
            "privilegedAccessGroupAssignmentScheduleInstances": [
                {"id": "pa1", "groupId": "tier0", "principalId": "jo", "accessId": "member", "memberType": "direct", "assignmentType": "activated", "startDateTime": null, "endDateTime": "2026-11-20T12:00:00Z"},
            ],
        }));
        let (active, _) = held(&snap, "jo");
        assert_eq!(active.len(), 1);
        assert_eq!(active[0]["assignmentType"], "Activated");
        assert_eq!(active[0]["via"][0]["membership"], "activeMember");
        assert_eq!(active[0]["principal"]["displayName"], "JO");
    }
}
