//! What a diff compares: one declaration per area of governance.
//!
//! An area names the snapshot collections it reads, how an item is picked, keyed, named and
//! compared. A new collection (service principals, applications, agents, …) joins the diff by
//! adding a row to [`AREAS`]; nothing else changes. A collection absent from both snapshots
//! (an older fetch, or `fetch --only`) leaves its areas out as not compared; absent from one,
//! or not complete in either, makes them not comparable (exit 3).

use regorus::Value;

use super::lookup::Lookup;
use super::text;

/// Where an area's records come from.
pub enum Source {
    /// Items of one collection, keyed by their `id`.
    Items {
        collection: &'static str,
        /// Which items belong to the area (guests among users, agents among service
        /// principals).
        keep: fn(&Value) -> bool,
        /// How an item is named for a reader.
        name: fn(&Lookup, &Value) -> String,
    },
    /// Records built from several collections: directory role holders.
    RoleHolders,
}

/// How two records with the same key are compared.
pub enum Compare {
    /// Only whether the object is there: its `show` fields identify it; nothing is "changed".
    Presence { show: &'static [&'static str] },
    /// Field by field, ignoring bookkeeping fields that change without a governance change.
    Fields { ignore: &'static [&'static str] },
}

pub struct Area {
    /// Stable machine name (`--format json`).
    pub id: &'static str,
    pub title: &'static str,
    /// The collections read; each must be usable in both snapshots (or absent from both).
    pub reads: &'static [&'static str],
    pub source: Source,
    pub compare: Compare,
    /// Words for added / removed / changed (`created`, `deleted` for reviews).
    pub verbs: [&'static str; 3],
}

const ADDED: [&str; 3] = ["added", "removed", "changed"];
const CREATED: [&str; 3] = ["created", "deleted", "changed"];

/// Every area, in report order.
pub const AREAS: &[Area] = &[
    Area {
        id: "roleHolders",
        title: "Directory role holders",
        reads: crate::engine::holders::READS,
        source: Source::RoleHolders,
        compare: Compare::Fields { ignore: &[] },
        verbs: ADDED,
    },
    Area {
        id: "pimPolicies",
        title: "PIM role settings",
        reads: &["roleManagementPolicies"],
        source: Source::Items {
            collection: "roleManagementPolicies",
            keep: any,
            name: Lookup::role_policy_name,
        },
        compare: Compare::Fields {
            ignore: &["lastModifiedDateTime", "lastModifiedBy"],
        },
        verbs: ADDED,
    },
    Area {
        id: "pimGroupPolicies",
        title: "PIM for groups settings",
        reads: &["groupRoleManagementPolicies"],
        source: Source::Items {
            collection: "groupRoleManagementPolicies",
            keep: any,
            name: Lookup::group_policy_name,
        },
        compare: Compare::Fields {
            ignore: &["lastModifiedDateTime", "lastModifiedBy"],
        },
        verbs: ADDED,
    },
    Area {
        id: "accessPackagePolicies",
        title: "Access package assignment policies",
        reads: &["accessPackageAssignmentPolicies"],
        source: Source::Items {
            collection: "accessPackageAssignmentPolicies",
            keep: any,
            name: Lookup::package_policy_name,
        },
        compare: Compare::Fields {
            ignore: &["modifiedDateTime"],
        },
        verbs: CREATED,
    },
    Area {
        id: "accessReviews",
        title: "Access reviews",
        reads: &["accessReviewDefinitions"],
        source: Source::Items {
            collection: "accessReviewDefinitions",
            keep: any,
            name: display_name,
        },
        // Instances and their decisions are the review running, not its definition.
        compare: Compare::Fields {
            ignore: &["instances", "lastModifiedDateTime"],
        },
        verbs: CREATED,
    },
    Area {
        id: "connectedOrganizations",
        title: "Connected organisations and their sponsors",
        reads: &["connectedOrganizations"],
        source: Source::Items {
            collection: "connectedOrganizations",
            keep: any,
            name: display_name,
        },
        compare: Compare::Fields {
            ignore: &["modifiedDateTime"],
        },
        verbs: ADDED,
    },
    Area {
        id: "guests",
        title: "Guests",
        reads: &["users"],
        source: Source::Items {
            collection: "users",
            keep: is_guest,
            name: user_name,
        },
        compare: Compare::Presence {
            show: &[
                "displayName",
                "userPrincipalName",
                "mail",
                "createdDateTime",
            ],
        },
        verbs: ADDED,
    },
    // Workload and agent identities (Graph v1.0: `agentIdentity` and
    // `agentIdentityBlueprintPrincipal` derive from servicePrincipal, `agentIdentityBlueprint`
    // from application, `agentUser` from user; each keeps its `@odata.type` cast). Agent users
    // are their own collection (`/users/microsoft.graph.agentUser`).
    Area {
        id: "agents",
        title: "Agent identities",
        reads: &["servicePrincipals"],
        source: Source::Items {
            collection: "servicePrincipals",
            keep: is_agent_identity,
            name: display_name,
        },
        compare: Compare::Presence {
            show: &["@odata.type", "displayName", "appId", "createdDateTime"],
        },
        verbs: ADDED,
    },
    Area {
        id: "agentUsers",
        title: "Agent users",
        reads: &["agentUsers"],
        source: Source::Items {
            collection: "agentUsers",
            keep: any,
            name: user_name,
        },
        compare: Compare::Presence {
            show: &["displayName", "userPrincipalName", "createdDateTime"],
        },
        verbs: ADDED,
    },
    Area {
        id: "servicePrincipals",
        title: "Service principals (other than agents)",
        reads: &["servicePrincipals"],
        source: Source::Items {
            collection: "servicePrincipals",
            keep: not_agent_identity,
            name: display_name,
        },
        compare: Compare::Presence {
            show: &[
                "displayName",
                "appId",
                "servicePrincipalType",
                "createdDateTime",
            ],
        },
        verbs: ADDED,
    },
    Area {
        id: "applications",
        title: "Applications and agent blueprints",
        reads: &["applications"],
        source: Source::Items {
            collection: "applications",
            keep: any,
            name: display_name,
        },
        compare: Compare::Presence {
            show: &["@odata.type", "displayName", "appId", "createdDateTime"],
        },
        verbs: ADDED,
    },
];

fn any(_: &Value) -> bool {
    true
}

fn odata_type_is(v: &Value, types: &[&str]) -> bool {
    text(v, "@odata.type").is_some_and(|t| types.iter().any(|w| t.eq_ignore_ascii_case(w)))
}

const AGENT_SP_TYPES: &[&str] = &[
    "#microsoft.graph.agentIdentity",
    "#microsoft.graph.agentIdentityBlueprintPrincipal",
];

fn is_agent_identity(v: &Value) -> bool {
    odata_type_is(v, AGENT_SP_TYPES)
}

fn not_agent_identity(v: &Value) -> bool {
    !is_agent_identity(v)
}

fn is_guest(v: &Value) -> bool {
    text(v, "userType").is_some_and(|t| t.eq_ignore_ascii_case("guest"))
}

fn display_name(_: &Lookup, v: &Value) -> String {
    text(v, "displayName")
        .or_else(|| text(v, "id"))
        .unwrap_or("(no id)")
        .to_string()
}

fn user_name(_: &Lookup, v: &Value) -> String {
    match (text(v, "displayName"), text(v, "userPrincipalName")) {
        (Some(n), Some(u)) => format!("{n} <{u}>"),
        (Some(n), None) => n.to_string(),
        (None, Some(u)) => u.to_string(),
        (None, None) => text(v, "id").unwrap_or("(no id)").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_ids_are_unique_and_every_area_reads_something() {
        let mut ids: Vec<&str> = AREAS.iter().map(|a| a.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), AREAS.len());
        for a in AREAS {
            assert!(!a.reads.is_empty(), "{}", a.id);
            if let Source::Items { collection, .. } = a.source {
                assert!(a.reads.contains(&collection), "{}", a.id);
            }
        }
    }

    #[test]
    fn agents_are_told_from_other_principals_by_their_cast() {
        let sp = |t: &str| {
            Value::from_json_str(&format!(r#"{{"@odata.type":"{t}","id":"x"}}"#)).expect("json")
        };
        assert!(is_agent_identity(&sp("#microsoft.graph.agentIdentity")));
        assert!(is_agent_identity(&sp(
            "#microsoft.graph.agentIdentityBlueprintPrincipal"
        )));
        assert!(!is_agent_identity(&sp("#microsoft.graph.servicePrincipal")));
        assert!(not_agent_identity(&sp("#microsoft.graph.servicePrincipal")));
        assert!(!is_guest(&sp("#microsoft.graph.agentUser")));
    }
}
