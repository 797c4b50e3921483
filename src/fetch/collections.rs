//! What `govlint fetch` reads: each snapshot collection, its Graph request, its children, the
//! area it belongs to and the least-privilege application permission it needs (graph-api.md
//! sections 0 and 1.9; the names are policies/README.md's contract).

/// A group of collections, for `--only` and `govlint permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Area {
    /// Users (with sponsors), their sign-in activity and MFA registration, and the tenant's
    /// authorization policy (guest invitations and guest access).
    Users,
    /// Groups, with members and owners of role-assignable groups and of the groups nested in
    /// them.
    Groups,
    /// Entra roles and PIM: role definitions and assignments, assignment/eligibility schedules
    /// and instances, activation requests, role management policies; PIM for groups.
    Pim,
    /// ID Protection risky users.
    Risk,
    /// Access reviews: definitions, instances, decisions, reviewers, stages.
    Ar,
    /// Entitlement management: catalogs, access packages, policies, assignments, connected
    /// organisations.
    Em,
    /// The rule area `prv` (privileged accounts): users, pim and risk.
    Prv,
    /// The rule area `ext` (external identities): users and em.
    Ext,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Users => "users",
            Area::Groups => "groups",
            Area::Pim => "pim",
            Area::Risk => "risk",
            Area::Ar => "ar",
            Area::Em => "em",
            Area::Prv => "prv",
            Area::Ext => "ext",
        }
    }

    /// The data areas an `--only` value stands for.
    pub fn expand(self) -> &'static [Area] {
        match self {
            Area::Prv => &[Area::Users, Area::Pim, Area::Risk],
            Area::Ext => &[Area::Users, Area::Em],
            Area::Users => &[Area::Users],
            Area::Groups => &[Area::Groups],
            Area::Pim => &[Area::Pim],
            Area::Risk => &[Area::Risk],
            Area::Ar => &[Area::Ar],
            Area::Em => &[Area::Em],
        }
    }

    /// The data areas, in display order.
    pub const DATA: &'static [Area] = &[
        Area::Users,
        Area::Groups,
        Area::Pim,
        Area::Risk,
        Area::Ar,
        Area::Em,
    ];
}

/// A child collection read per parent item at `{parent}/{id}/{nav}` and embedded as `nav`.
#[derive(Debug)]
pub struct Child {
    pub nav: &'static str,
    pub query: &'static [(&'static str, &'static str)],
    pub children: &'static [Child],
}

/// How a collection is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A paged list: `GET path?query`, following nextLinks.
    List,
    /// One object (`GET` answers it without `value` or paging), stored as a one-item list.
    Single,
    /// A list read once per role-assignable group, `{gid}` in the query standing for the
    /// group's id; the lists are concatenated (graph-api.md 1.4: these lists require a
    /// `groupId`/`scopeId` filter, there is no tenant-wide read).
    PerRoleAssignableGroup,
    /// The groups list, then [`GROUP_NAVS`] embedded in every role-assignable group and every
    /// group reachable as a member of one (a second pass once the list is complete).
    Groups,
    /// The users list with `$expand=sponsors`, then `/users/{id}/sponsors` for each user whose
    /// expanded sponsors hit Graph's 20-item cap for expansions.
    Users,
}

/// One snapshot collection.
#[derive(Debug)]
pub struct Spec {
    pub name: &'static str,
    /// `None`: always fetched (the organisation names the tenant).
    pub area: Option<Area>,
    /// Path under `/v1.0`.
    pub path: &'static str,
    pub query: &'static [(&'static str, &'static str)],
    pub permission: &'static str,
    pub children: &'static [Child],
    /// What the collection is, for `govlint permissions`.
    pub what: &'static str,
    pub kind: Kind,
}

/// The most items Graph gives in an expanded collection (`$expand` on directory objects):
/// a full one may have been cut short.
pub const EXPAND_CAP: usize = 20;

/// `members` and `owners` of the groups that matter for privilege (role-assignable ones and
/// groups nested in them), read per group.
pub static GROUP_NAVS: &[Child] = &[
    Child {
        nav: "members",
        query: &[
            (
                "$select",
                "id,displayName,userPrincipalName,userType,accountEnabled",
            ),
            ("$top", "999"),
        ],
        children: &[],
    },
    Child {
        nav: "owners",
        query: &[
            ("$select", "id,displayName,userPrincipalName"),
            ("$top", "999"),
        ],
        children: &[],
    },
];

/// The sponsors of one user, when `$expand` may have cut them short.
pub static USER_SPONSORS: Child = Child {
    nav: "sponsors",
    query: &[("$select", "id,displayName"), ("$top", "999")],
    children: &[],
};

/// The groups collection's permission, which the per-group reads also need.
pub const GROUPS_PERMISSION: &str = "GroupMember.Read.All";

/// Finding the role-assignable groups when the groups collection is not being read
/// (`--only pim`): ids only.
pub const ROLE_ASSIGNABLE_GROUPS: &[(&str, &str)] = &[
    ("$filter", "isAssignableToRole eq true"),
    ("$select", "id,isAssignableToRole"),
    ("$top", "999"),
];

/// Largest page asked for where Graph's maximum is not documented (graph-api.md 2.3: EM, PIM,
/// risk, registration details, access review decisions). A `400` on it makes the fetcher read
/// that list again at Graph's default page size, so an over-large guess costs one request.
pub const TOP: (&str, &str) = ("$top", "999");

/// The user properties fetched (Graph returns only a small default set without `$select`).
pub const USER_SELECT: &str = "id,displayName,userPrincipalName,mail,userType,accountEnabled,\
creationType,externalUserState,externalUserStateChangeDateTime,createdDateTime,\
onPremisesSyncEnabled,onPremisesImmutableId,employeeLeaveDateTime,lastPasswordChangeDateTime,\
isResourceAccount,isManagementRestricted,givenName,surname,jobTitle,department,companyName";

pub const GROUP_SELECT: &str = "id,displayName,description,groupTypes,securityEnabled,mailEnabled,\
isAssignableToRole,membershipRule,membershipRuleProcessingState,visibility,onPremisesSyncEnabled,\
createdDateTime,expirationDateTime,isManagementRestricted";

const DIRECTORY_ROLE_SCOPE: &str = "scopeId eq '/' and scopeType eq 'DirectoryRole'";
const GROUP_SCOPE: &str = "scopeId eq '{gid}' and scopeType eq 'Group'";

const LIST: Spec = Spec {
    name: "",
    area: None,
    path: "",
    query: &[],
    permission: "",
    children: &[],
    what: "",
    kind: Kind::List,
};

pub static SPECS: &[Spec] = &[
    Spec {
        name: "organization",
        path: "/organization",
        permission: "Organization.Read.All",
        what: "the tenant's name and verified domains",
        ..LIST
    },
    Spec {
        name: "users",
        area: Some(Area::Users),
        path: "/users",
        query: &[
            ("$select", USER_SELECT),
            ("$expand", "sponsors($select=id,displayName)"),
            ("$top", "100"),
        ],
        permission: "User.Read.All",
        what: "users and their sponsors",
        kind: Kind::Users,
        ..LIST
    },
    Spec {
        name: "userSignInActivity",
        area: Some(Area::Users),
        path: "/users",
        query: &[
            ("$select", "id,userPrincipalName,signInActivity"),
            ("$top", "500"),
        ],
        permission: "AuditLog.Read.All",
        what: "last sign-in of each user (needs Entra ID P1/P2)",
        ..LIST
    },
    Spec {
        name: "userRegistrationDetails",
        area: Some(Area::Users),
        path: "/reports/authenticationMethods/userRegistrationDetails",
        query: &[TOP],
        permission: "AuditLog.Read.All",
        what: "MFA registration of each user (needs Entra ID P1/P2)",
        ..LIST
    },
    Spec {
        name: "authorizationPolicy",
        area: Some(Area::Users),
        path: "/policies/authorizationPolicy",
        permission: "Policy.Read.All",
        what: "who may invite guests and what guests may read",
        kind: Kind::Single,
        ..LIST
    },
    Spec {
        name: "groups",
        area: Some(Area::Groups),
        path: "/groups",
        query: &[("$select", GROUP_SELECT), ("$top", "999")],
        permission: "GroupMember.Read.All",
        what: "groups; members and owners of role-assignable groups and the groups nested in them",
        kind: Kind::Groups,
        ..LIST
    },
    Spec {
        name: "roleDefinitions",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleDefinitions",
        permission: "RoleManagement.Read.Directory",
        what: "Entra role definitions",
        ..LIST
    },
    Spec {
        name: "roleAssignments",
        area: Some(Area::Pim),
        // `$top` is not supported here: one page or nextLinks.
        path: "/roleManagement/directory/roleAssignments",
        permission: "RoleManagement.Read.Directory",
        what: "role assignments (standing and activated)",
        ..LIST
    },
    Spec {
        name: "roleAssignmentScheduleInstances",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleAssignmentScheduleInstances",
        query: &[("$expand", "principal"), TOP],
        permission: "RoleAssignmentSchedule.Read.Directory",
        what: "active role assignments in effect",
        ..LIST
    },
    Spec {
        name: "roleEligibilityScheduleInstances",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleEligibilityScheduleInstances",
        query: &[("$expand", "principal"), TOP],
        permission: "RoleEligibilitySchedule.Read.Directory",
        what: "eligible role assignments in effect",
        ..LIST
    },
    Spec {
        name: "roleAssignmentSchedules",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleAssignmentSchedules",
        query: &[TOP],
        permission: "RoleAssignmentSchedule.Read.Directory",
        what: "active role assignment schedules",
        ..LIST
    },
    Spec {
        name: "roleEligibilitySchedules",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleEligibilitySchedules",
        query: &[TOP],
        permission: "RoleEligibilitySchedule.Read.Directory",
        what: "eligible role assignment schedules",
        ..LIST
    },
    Spec {
        name: "roleAssignmentScheduleRequests",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleAssignmentScheduleRequests",
        query: &[("$filter", "action eq 'selfActivate'"), TOP],
        permission: "RoleAssignmentSchedule.Read.Directory",
        what: "role activations (self-activation requests)",
        ..LIST
    },
    Spec {
        name: "roleManagementPolicies",
        area: Some(Area::Pim),
        path: "/policies/roleManagementPolicies",
        query: &[("$filter", DIRECTORY_ROLE_SCOPE), ("$expand", "rules"), TOP],
        permission: "RoleManagementPolicy.Read.Directory",
        what: "PIM role settings (policies and their rules)",
        ..LIST
    },
    Spec {
        name: "roleManagementPolicyAssignments",
        area: Some(Area::Pim),
        path: "/policies/roleManagementPolicyAssignments",
        query: &[("$filter", DIRECTORY_ROLE_SCOPE), TOP],
        permission: "RoleManagementPolicy.Read.Directory",
        what: "which PIM policy applies to which role",
        ..LIST
    },
    Spec {
        name: "privilegedAccessGroupEligibilityScheduleInstances",
        area: Some(Area::Pim),
        path: "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
        query: &[("$filter", "groupId eq '{gid}'"), TOP],
        permission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
        what: "eligible memberships and ownerships of role-assignable groups (PIM for groups)",
        kind: Kind::PerRoleAssignableGroup,
        ..LIST
    },
    Spec {
        name: "privilegedAccessGroupAssignmentScheduleInstances",
        area: Some(Area::Pim),
        path: "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
        query: &[("$filter", "groupId eq '{gid}'"), TOP],
        permission: "PrivilegedAssignmentSchedule.Read.AzureADGroup",
        what: "active memberships and ownerships of role-assignable groups (PIM for groups)",
        kind: Kind::PerRoleAssignableGroup,
        ..LIST
    },
    Spec {
        name: "groupRoleManagementPolicies",
        area: Some(Area::Pim),
        path: "/policies/roleManagementPolicies",
        query: &[("$filter", GROUP_SCOPE), ("$expand", "rules")],
        permission: "RoleManagementPolicy.Read.AzureADGroup",
        what: "PIM for groups settings (policies and their rules)",
        kind: Kind::PerRoleAssignableGroup,
        ..LIST
    },
    Spec {
        name: "groupRoleManagementPolicyAssignments",
        area: Some(Area::Pim),
        path: "/policies/roleManagementPolicyAssignments",
        query: &[("$filter", GROUP_SCOPE)],
        permission: "RoleManagementPolicy.Read.AzureADGroup",
        what: "which PIM for groups policy applies to membership and ownership",
        kind: Kind::PerRoleAssignableGroup,
        ..LIST
    },
    Spec {
        name: "riskyUsers",
        area: Some(Area::Risk),
        path: "/identityProtection/riskyUsers",
        query: &[TOP],
        permission: "IdentityRiskyUser.Read.All",
        what: "users at risk (ID Protection, Entra ID P2)",
        ..LIST
    },
    Spec {
        name: "accessReviewDefinitions",
        area: Some(Area::Ar),
        path: "/identityGovernance/accessReviews/definitions",
        query: &[TOP],
        permission: "AccessReview.Read.All",
        children: &[Child {
            nav: "instances",
            query: &[TOP],
            children: &[
                Child {
                    nav: "decisions",
                    query: &[TOP],
                    children: &[],
                },
                // Small lists (documented with `$select` only): Graph's default page.
                Child {
                    nav: "contactedReviewers",
                    query: &[],
                    children: &[],
                },
                Child {
                    nav: "stages",
                    query: &[],
                    children: &[],
                },
            ],
        }],
        what: "access reviews, their instances, decisions, reviewers and stages",
        ..LIST
    },
    Spec {
        name: "accessPackageCatalogs",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/catalogs",
        query: &[TOP],
        permission: "EntitlementManagement.Read.All",
        children: &[
            Child {
                nav: "resources",
                query: &[],
                children: &[],
            },
            Child {
                nav: "customWorkflowExtensions",
                query: &[],
                children: &[],
            },
        ],
        what: "catalogs, their resources and custom extensions",
        ..LIST
    },
    Spec {
        name: "accessPackages",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/accessPackages",
        // `catalog` is the package's own link: a package with no resources yet is in a catalog too.
        query: &[
            ("$expand", "resourceRoleScopes($expand=role,scope),catalog"),
            TOP,
        ],
        permission: "EntitlementManagement.Read.All",
        what: "access packages, their catalog and resource role scopes",
        ..LIST
    },
    Spec {
        name: "accessPackageAssignmentPolicies",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/assignmentPolicies",
        query: &[("$expand", "accessPackage"), TOP],
        permission: "EntitlementManagement.Read.All",
        what: "access package assignment policies",
        ..LIST
    },
    Spec {
        name: "accessPackageAssignments",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/assignments",
        query: &[("$expand", "target,accessPackage,assignmentPolicy"), TOP],
        permission: "EntitlementManagement.Read.All",
        what: "access package assignments",
        ..LIST
    },
    Spec {
        name: "connectedOrganizations",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/connectedOrganizations",
        query: &[TOP],
        permission: "EntitlementManagement.Read.All",
        children: &[
            Child {
                nav: "internalSponsors",
                query: &[],
                children: &[],
            },
            Child {
                nav: "externalSponsors",
                query: &[],
                children: &[],
            },
        ],
        what: "connected organisations and their sponsors",
        ..LIST
    },
];

/// The specs to fetch for the chosen areas (all when none are chosen).
pub fn selected(only: &[Area]) -> Vec<&'static Spec> {
    let areas: Vec<Area> = only
        .iter()
        .flat_map(|a| a.expand().iter().copied())
        .collect();
    SPECS
        .iter()
        .filter(|s| match s.area {
            None => true,
            Some(a) => areas.is_empty() || areas.contains(&a),
        })
        .collect()
}

/// Percent-encodes a query value the way Graph's examples do (`%20` for spaces, `'` kept
/// encoded), leaving OData punctuation (`$ , ( ) = / : ;`) readable.
pub fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'$'
            | b','
            | b'('
            | b')'
            | b'='
            | b'/'
            | b':'
            | b';' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `?k=v&...`, encoded; empty when there is no query.
pub fn query_string(q: &[(&str, &str)]) -> String {
    if q.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("?{}", parts.join("&"))
}

/// The request as a person reads it, for the snapshot's `request` field.
pub fn display_request(path: &str, q: &[(&str, &str)]) -> String {
    let qs: Vec<String> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if qs.is_empty() {
        format!("/v1.0{path}")
    } else {
        format!("/v1.0{path}?{}", qs.join("&"))
    }
}

/// The application permissions the chosen areas need, each with the collections needing it.
pub fn permissions(only: &[Area]) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    let mut need = |permission: &'static str, name: &'static str| match out
        .iter_mut()
        .find(|(p, _)| *p == permission)
    {
        Some((_, cs)) => cs.push(name),
        None => out.push((permission, vec![name])),
    };
    for s in selected(only) {
        need(s.permission, s.name);
        if s.kind == Kind::PerRoleAssignableGroup {
            // Which groups to read comes from the groups list.
            need(GROUPS_PERMISSION, s.name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_odata_readable_and_quotes_safe() {
        assert_eq!(
            encode("scopeId eq '/' and scopeType eq 'DirectoryRole'"),
            "scopeId%20eq%20%27/%27%20and%20scopeType%20eq%20%27DirectoryRole%27"
        );
        assert_eq!(
            encode("sponsors($select=id,displayName)"),
            "sponsors($select=id,displayName)"
        );
        assert_eq!(encode("a&b+c#d"), "a%26b%2Bc%23d");
    }

    #[test]
    fn areas_select_their_collections() {
        let names = |a: &[Area]| selected(a).iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(&[]).len(), SPECS.len());
        let risk = names(&[Area::Risk]);
        assert_eq!(risk, vec!["organization", "riskyUsers"]);
        let prv = names(&[Area::Prv]);
        assert!(
            prv.contains(&"users")
                && prv.contains(&"roleDefinitions")
                && prv.contains(&"riskyUsers")
        );
        assert!(!prv.contains(&"accessReviewDefinitions"));
    }

    #[test]
    fn per_group_reads_need_the_groups_permission_too() {
        let pim = permissions(&[Area::Pim]);
        let groups = pim
            .iter()
            .find(|(p, _)| *p == GROUPS_PERMISSION)
            .map(|(_, cs)| cs.clone());
        assert_eq!(
            groups.map(|cs| cs.len()),
            Some(4),
            "the four PIM for groups collections: {pim:?}"
        );
    }

    #[test]
    fn every_collection_names_a_permission_and_names_are_unique() {
        let mut names: Vec<_> = SPECS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SPECS.len());
        assert!(SPECS.iter().all(|s| s.permission.contains(".Read.")));
    }
}
