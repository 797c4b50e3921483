//! Names for what a diff reports: a PIM policy is known by its role, a group policy by its
//! group, an access package policy by its package. Built once per snapshot from the small
//! collections that hold the names, so naming an item is a hash look-up.

use std::collections::HashMap;

use regorus::Value;

use super::text;
use crate::snapshot::Snapshot;

#[derive(Default)]
pub struct Lookup {
    /// Role definition id → display name.
    roles: HashMap<String, String>,
    /// Group id → display name (role-assignable groups and the rest).
    groups: HashMap<String, String>,
    /// Directory role policy id → role definition id.
    role_policy: HashMap<String, String>,
    /// Group policy id → (group id, `member` | `owner`).
    group_policy: HashMap<String, (String, String)>,
}

impl Lookup {
    pub fn new(snapshot: &Snapshot) -> Lookup {
        let items = |name: &str| {
            snapshot
                .collections
                .get(name)
                .map_or(&[][..], |c| &c.items[..])
        };
        let pairs = |name: &str, key: &str, value: &str| -> HashMap<String, String> {
            items(name)
                .iter()
                .filter_map(|i| Some((text(i, key)?.to_string(), text(i, value)?.to_string())))
                .collect()
        };
        Lookup {
            roles: pairs("roleDefinitions", "id", "displayName"),
            groups: pairs("groups", "id", "displayName"),
            role_policy: pairs(
                "roleManagementPolicyAssignments",
                "policyId",
                "roleDefinitionId",
            ),
            group_policy: items("groupRoleManagementPolicyAssignments")
                .iter()
                .filter_map(|i| {
                    Some((
                        text(i, "policyId")?.to_string(),
                        (
                            text(i, "scopeId")?.to_string(),
                            text(i, "roleDefinitionId").unwrap_or("member").to_string(),
                        ),
                    ))
                })
                .collect(),
        }
    }

    pub fn role(&self, id: &str) -> String {
        self.roles
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub fn group(&self, id: &str) -> String {
        self.groups
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// `Global Administrator`: the role a directory role policy applies to.
    pub fn role_policy_name(&self, v: &Value) -> String {
        let id = text(v, "id").unwrap_or("");
        match self.role_policy.get(id) {
            Some(role) => self.role(role),
            None => text(v, "displayName").unwrap_or(id).to_string(),
        }
    }

    /// `Tier0 Admins (member)`: the group and access a PIM-for-groups policy applies to.
    pub fn group_policy_name(&self, v: &Value) -> String {
        let id = text(v, "id").unwrap_or("");
        match self.group_policy.get(id) {
            Some((group, access)) => format!("{} ({access})", self.group(group)),
            None => match text(v, "scopeId") {
                Some(g) => self.group(g),
                None => text(v, "displayName").unwrap_or(id).to_string(),
            },
        }
    }

    /// `Partner project access: Partners - connected organizations`.
    pub fn package_policy_name(&self, v: &Value) -> String {
        let own = text(v, "displayName")
            .or_else(|| text(v, "id"))
            .unwrap_or("");
        match text(&v["accessPackage"], "displayName") {
            Some(p) => format!("{p}: {own}"),
            None => own.to_string(),
        }
    }
}
