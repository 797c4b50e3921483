//! Group membership from the groups' embedded `members`, both ways: who a group holds
//! (directly and through nested groups) and which groups hold someone, with the nesting path.
//!
//! Built once per answer in one pass over `groups`; each question then walks only what it
//! reaches (breadth first, cycle-safe), so it stays linear however deep groups nest. A group
//! without a `members` key was not read (`fetch --group-members privileged`), which is not
//! "empty": answers that depend on it say so ([`Membership::unread_note`]).
//!
//! This is membership as Graph's `members` lists it (permanent members, and PIM-for-groups
//! members while active). Who holds a directory role through a group, eligible memberships
//! included, is `engine::holders`' job, not this module's.

use std::collections::{HashMap, HashSet, VecDeque};

use regorus::Value;

use super::fields::{arr, get, odata_kind, s};
use super::index::{Ctx, GROUPS};

fn key(id: &str) -> String {
    id.to_ascii_lowercase()
}

pub struct Membership<'a> {
    /// group id → its direct member entries (`{@odata.type, id, displayName, ...}`).
    members: HashMap<String, &'a [Value]>,
    /// member id → the groups that list it directly (group items).
    parents: HashMap<String, Vec<&'a Value>>,
    /// Groups whose members were not read.
    unread: Vec<&'a Value>,
}

/// A group someone belongs to, and how: `path` runs from their own (direct) group out to
/// `group`, so a direct membership has a path of one.
pub struct Reach<'a> {
    pub group: &'a Value,
    pub path: Vec<&'a Value>,
}

impl<'a> Reach<'a> {
    pub fn direct(&self) -> bool {
        self.path.len() == 1
    }
}

impl<'a> Membership<'a> {
    pub fn build(ctx: &Ctx<'a>) -> Membership<'a> {
        let mut members = HashMap::new();
        let mut parents: HashMap<String, Vec<&'a Value>> = HashMap::new();
        let mut unread = Vec::new();
        for g in ctx.items(GROUPS) {
            let Some(gid) = s(g, "id") else { continue };
            if !matches!(get(g, "members"), Value::Array(_)) {
                unread.push(g);
                continue;
            }
            let ms = arr(g, "members");
            members.insert(key(gid), ms);
            for m in ms {
                if let Some(mid) = s(m, "id") {
                    parents.entry(key(mid)).or_default().push(g);
                }
            }
        }
        Membership {
            members,
            parents,
            unread,
        }
    }

    /// Whether `group`'s members were read.
    pub fn is_read(&self, group_id: &str) -> bool {
        self.members.contains_key(&key(group_id))
    }

    /// The note an answer carries when some groups' members were not read.
    pub fn unread_note(&self) -> Option<String> {
        let n = self.unread.len();
        (n > 0).then(|| {
            format!(
                "groups: the members of {n} group{} were not read (fetched with --group-members privileged), so memberships through {} are unknown",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" },
            )
        })
    }

    pub fn direct_members(&self, group_id: &str) -> &'a [Value] {
        self.members.get(&key(group_id)).copied().unwrap_or(&[])
    }

    /// Every group `member_id` belongs to, directly or through nesting, each once by its
    /// shortest path; direct memberships first, then by depth.
    pub fn groups_of(&self, member_id: &str) -> Vec<Reach<'a>> {
        let mut out: Vec<Reach<'a>> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut queue: VecDeque<(String, Option<usize>)> = VecDeque::from([(key(member_id), None)]);
        while let Some((id, from)) = queue.pop_front() {
            for g in self.parents.get(&id).map_or(&[][..], Vec::as_slice) {
                let Some(gid) = s(g, "id") else { continue };
                let gk = key(gid);
                if gk == key(member_id) || !seen.insert(gk.clone()) {
                    continue;
                }
                let mut path = from.map_or_else(Vec::new, |i| out[i].path.clone());
                path.push(g);
                out.push(Reach { group: g, path });
                queue.push_back((gk, Some(out.len() - 1)));
            }
        }
        out
    }

    /// How `member_id` belongs to `group_id`: the path from its own group out to it, or `None`.
    pub fn path_to(&self, member_id: &str, group_id: &str) -> Option<Vec<&'a Value>> {
        self.groups_of(member_id)
            .into_iter()
            .find(|r| s(r.group, "id").is_some_and(|g| g.eq_ignore_ascii_case(group_id)))
            .map(|r| r.path)
    }

    /// Everyone a group holds through nesting, each once (nested groups included, as Graph's
    /// `transitiveMembers` counts them).
    pub fn transitive_counts(&self, group_id: &str) -> Counts {
        let root = key(group_id);
        let mut seen: HashSet<String> = HashSet::from([root.clone()]);
        let mut queue = VecDeque::from([root]);
        let mut c = Counts::default();
        while let Some(g) = queue.pop_front() {
            for m in self.direct_members(&g) {
                let Some(mid) = s(m, "id") else { continue };
                if !seen.insert(key(mid)) {
                    continue;
                }
                c.all += 1;
                match odata_kind(m) {
                    Some("group") => {
                        if !self.is_read(mid) {
                            c.unread_groups += 1;
                        }
                        queue.push_back(key(mid));
                    }
                    Some("user") => c.users += 1,
                    _ => {}
                }
            }
        }
        c
    }
}

/// What a group holds through nesting.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub all: usize,
    pub users: usize,
    /// Nested groups whose own members were not read (so `all` is a lower bound).
    pub unread_groups: usize,
}

/// A nesting path in words: `Ops → Tier0 Admins`.
pub fn path_text(path: &[&Value]) -> String {
    path.iter()
        .map(|g| s(g, "displayName").or_else(|| s(g, "id")).unwrap_or("?"))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::show::index::Ctx;

    fn snap(groups: serde_json::Value) -> crate::snapshot::Snapshot {
        let doc = serde_json::json!({
            "schema": "govlint.snapshot/v1",
            "tenant": {"id": "t"},
            "fetchedAt": "2026-11-20T09:00:00Z",
            "collections": {"groups": {"status": "complete", "items": groups}},
        });
        crate::snapshot::parse("test", &doc.to_string()).expect("snapshot")
    }

    fn m(kind: &str, id: &str) -> serde_json::Value {
        serde_json::json!({"@odata.type": format!("#microsoft.graph.{kind}"), "id": id})
    }

    #[test]
    fn nested_memberships_carry_their_path_and_cycles_end() {
        let sn = snap(serde_json::json!([
            {"id": "top", "displayName": "Top", "members": [m("group", "mid")]},
            {"id": "mid", "displayName": "Mid", "members": [m("group", "low"), m("user", "ann")]},
            {"id": "low", "displayName": "Low", "members": [m("user", "bob"), m("group", "top")]},
            {"id": "big", "displayName": "Big"},
        ]));
        let ctx = Ctx::new(&sn, sn.fetched_at);
        let ms = Membership::build(&ctx);
        let bob = ms.groups_of("BOB");
        let names: Vec<String> = bob.iter().map(|r| path_text(&r.path)).collect();
        assert_eq!(names, ["Low", "Low → Mid", "Low → Mid → Top"]);
        assert!(bob[0].direct() && !bob[1].direct());
        assert_eq!(
            ms.path_to("ann", "top").map(|p| path_text(&p)).as_deref(),
            Some("Mid → Top")
        );
        assert!(ms.path_to("ann", "big").is_none());
        // top holds mid, low, ann, bob (and itself only through the cycle, not counted).
        let c = ms.transitive_counts("top");
        assert_eq!((c.all, c.users, c.unread_groups), (4, 2, 0));
        assert!(!ms.is_read("big") && ms.is_read("low"));
        assert!(ms.unread_note().is_some_and(|n| n.contains("1 group ")));
    }
}
