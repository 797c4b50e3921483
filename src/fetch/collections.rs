//! What `govlint fetch` reads: each snapshot collection, its Graph request, its children, the
//! area it belongs to and the least-privilege application permission it needs (graph-api.md
//! sections 0 and 1.9; the names are policies/README.md's contract).

/// A group of collections, for `--only` and `govlint permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Area {
    /// Users (with sponsors), their sign-in activity and MFA registration.
    Users,
    /// Groups.
    Groups,
    /// Entra roles and PIM: role definitions, assignment/eligibility schedules and instances,
    /// role management policies.
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
}

/// The user properties fetched (Graph returns only a small default set without `$select`).
pub const USER_SELECT: &str = "id,displayName,userPrincipalName,mail,userType,accountEnabled,\
creationType,externalUserState,externalUserStateChangeDateTime,createdDateTime,\
onPremisesSyncEnabled,onPremisesImmutableId,employeeLeaveDateTime,lastPasswordChangeDateTime,\
isResourceAccount,isManagementRestricted,givenName,surname,jobTitle,department,companyName";

pub const GROUP_SELECT: &str = "id,displayName,description,groupTypes,securityEnabled,mailEnabled,\
isAssignableToRole,membershipRule,membershipRuleProcessingState,visibility,onPremisesSyncEnabled,\
createdDateTime,expirationDateTime,isManagementRestricted";

const DIRECTORY_ROLE_SCOPE: &str = "scopeId eq '/' and scopeType eq 'DirectoryRole'";

pub static SPECS: &[Spec] = &[
    Spec {
        name: "organization",
        area: None,
        path: "/organization",
        query: &[],
        permission: "Organization.Read.All",
        children: &[],
        what: "the tenant's name and verified domains",
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
        children: &[],
        what: "users and their sponsors",
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
        children: &[],
        what: "last sign-in of each user (needs Entra ID P1/P2)",
    },
    Spec {
        name: "userRegistrationDetails",
        area: Some(Area::Users),
        path: "/reports/authenticationMethods/userRegistrationDetails",
        query: &[],
        permission: "AuditLog.Read.All",
        children: &[],
        what: "MFA registration of each user (needs Entra ID P1/P2)",
    },
    Spec {
        name: "groups",
        area: Some(Area::Groups),
        path: "/groups",
        query: &[("$select", GROUP_SELECT), ("$top", "999")],
        permission: "GroupMember.Read.All",
        children: &[],
        what: "groups",
    },
    Spec {
        name: "roleDefinitions",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleDefinitions",
        query: &[],
        permission: "RoleManagement.Read.Directory",
        children: &[],
        what: "Entra role definitions",
    },
    Spec {
        name: "roleAssignmentScheduleInstances",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleAssignmentScheduleInstances",
        query: &[("$expand", "principal")],
        permission: "RoleAssignmentSchedule.Read.Directory",
        children: &[],
        what: "active role assignments in effect",
    },
    Spec {
        name: "roleEligibilityScheduleInstances",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleEligibilityScheduleInstances",
        query: &[("$expand", "principal")],
        permission: "RoleEligibilitySchedule.Read.Directory",
        children: &[],
        what: "eligible role assignments in effect",
    },
    Spec {
        name: "roleAssignmentSchedules",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleAssignmentSchedules",
        query: &[],
        permission: "RoleAssignmentSchedule.Read.Directory",
        children: &[],
        what: "active role assignment schedules",
    },
    Spec {
        name: "roleEligibilitySchedules",
        area: Some(Area::Pim),
        path: "/roleManagement/directory/roleEligibilitySchedules",
        query: &[],
        permission: "RoleEligibilitySchedule.Read.Directory",
        children: &[],
        what: "eligible role assignment schedules",
    },
    Spec {
        name: "roleManagementPolicies",
        area: Some(Area::Pim),
        path: "/policies/roleManagementPolicies",
        query: &[("$filter", DIRECTORY_ROLE_SCOPE), ("$expand", "rules")],
        permission: "RoleManagementPolicy.Read.Directory",
        children: &[],
        what: "PIM role settings (policies and their rules)",
    },
    Spec {
        name: "roleManagementPolicyAssignments",
        area: Some(Area::Pim),
        path: "/policies/roleManagementPolicyAssignments",
        query: &[("$filter", DIRECTORY_ROLE_SCOPE)],
        permission: "RoleManagementPolicy.Read.Directory",
        children: &[],
        what: "which PIM policy applies to which role",
    },
    Spec {
        name: "riskyUsers",
        area: Some(Area::Risk),
        path: "/identityProtection/riskyUsers",
        query: &[],
        permission: "IdentityRiskyUser.Read.All",
        children: &[],
        what: "users at risk (ID Protection, Entra ID P2)",
    },
    Spec {
        name: "accessReviewDefinitions",
        area: Some(Area::Ar),
        path: "/identityGovernance/accessReviews/definitions",
        query: &[],
        permission: "AccessReview.Read.All",
        children: &[Child {
            nav: "instances",
            query: &[],
            children: &[
                Child {
                    nav: "decisions",
                    query: &[],
                    children: &[],
                },
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
    },
    Spec {
        name: "accessPackageCatalogs",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/catalogs",
        query: &[],
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
    },
    Spec {
        name: "accessPackages",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/accessPackages",
        query: &[("$expand", "resourceRoleScopes($expand=role,scope)")],
        permission: "EntitlementManagement.Read.All",
        children: &[],
        what: "access packages and their resource role scopes",
    },
    Spec {
        name: "accessPackageAssignmentPolicies",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/assignmentPolicies",
        query: &[("$expand", "accessPackage")],
        permission: "EntitlementManagement.Read.All",
        children: &[],
        what: "access package assignment policies",
    },
    Spec {
        name: "accessPackageAssignments",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/assignments",
        query: &[("$expand", "target,accessPackage,assignmentPolicy")],
        permission: "EntitlementManagement.Read.All",
        children: &[],
        what: "access package assignments",
    },
    Spec {
        name: "connectedOrganizations",
        area: Some(Area::Em),
        path: "/identityGovernance/entitlementManagement/connectedOrganizations",
        query: &[],
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
    for s in selected(only) {
        match out.iter_mut().find(|(p, _)| *p == s.permission) {
            Some((_, cs)) => cs.push(s.name),
            None => out.push((s.permission, vec![s.name])),
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
    fn every_collection_names_a_permission_and_names_are_unique() {
        let mut names: Vec<_> = SPECS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SPECS.len());
        assert!(SPECS.iter().all(|s| s.permission.contains(".Read.")));
    }
}
