//! The Graph routes the emulator serves: where each snapshot collection lives in Graph, what
//! it needs, and how Graph pages it (graph-api.md 1.9 and 2.3).

/// A navigation property: stripped from list items, served at `/{id}/{name}`, and put back
/// inline when `expandable` and named in `$expand`.
#[derive(Debug)]
pub struct Nav {
    pub name: &'static str,
    pub expandable: bool,
    pub children: &'static [Nav],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Directory style: `$skiptoken=<opaque>`.
    SkipToken,
    /// Access reviews style: `$skip=N`.
    Skip,
}

#[derive(Debug)]
pub struct Route {
    /// Path under `/v1.0`.
    pub path: &'static str,
    /// The snapshot collection whose items it serves.
    pub collection: &'static str,
    /// Least-privilege application permission.
    pub permission: &'static str,
    /// Directory objects: `Authorization_RequestDenied` on 403 (governance services send an
    /// empty code), small default property set on users.
    pub directory: bool,
    pub default_top: usize,
    pub max_top: usize,
    pub paging: Paging,
    pub navs: &'static [Nav],
    /// Properties `$filter` must constrain, else 400: one of these sets, all of its
    /// properties (PIM for groups takes `groupId` or `principalId`).
    pub required_filter: &'static [&'static [&'static str]],
    /// Another collection served at the same path when `$filter` says so (PIM for groups
    /// policies: `scopeType eq 'Group'`), with its own permission.
    pub variant: Option<Variant>,
    /// One object, not a collection: no `value`, no paging.
    pub single: bool,
    /// Whether `$top` is accepted (400 when it is not).
    pub top: bool,
    /// Needs an Entra ID P1/P2 licence: 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`
    /// when the tenant has none.
    pub premium: bool,
    /// Served newest first by this timestamp property, as Graph serves sign-ins.
    pub newest_first: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub struct Variant {
    /// `$filter` property and the value selecting this variant.
    pub when: (&'static str, &'static str),
    pub collection: &'static str,
    pub permission: &'static str,
}

const fn leaf(name: &'static str) -> Nav {
    Nav {
        name,
        expandable: false,
        children: &[],
    }
}

const fn expandable(name: &'static str) -> Nav {
    Nav {
        name,
        expandable: true,
        children: &[],
    }
}

pub(crate) const DIR: Route = Route {
    path: "",
    collection: "",
    permission: "",
    directory: true,
    default_top: 100,
    max_top: 999,
    paging: Paging::SkipToken,
    navs: &[],
    required_filter: &[],
    variant: None,
    single: false,
    top: true,
    premium: false,
    newest_first: None,
};

const GOV: Route = Route {
    directory: false,
    max_top: 999,
    ..DIR
};

pub static ROUTES: &[Route] = &[
    Route {
        path: "/users",
        collection: "users",
        permission: "User.Read.All",
        navs: &[expandable("sponsors")],
        ..DIR
    },
    Route {
        path: "/groups",
        collection: "groups",
        permission: "GroupMember.Read.All",
        // Graph's `$expand` of these caps them at 20 like any directory expansion.
        navs: &[expandable("members"), expandable("owners")],
        ..DIR
    },
    Route {
        path: "/policies/authorizationPolicy",
        collection: "authorizationPolicy",
        permission: "Policy.Read.All",
        single: true,
        ..DIR
    },
    Route {
        path: "/roleManagement/directory/roleAssignments",
        collection: "roleAssignments",
        permission: "RoleManagement.Read.Directory",
        navs: &[expandable("principal"), expandable("roleDefinition")],
        top: false,
        ..DIR
    },
    Route {
        path: "/roleManagement/directory/roleAssignmentScheduleRequests",
        collection: "roleAssignmentScheduleRequests",
        permission: "RoleAssignmentSchedule.Read.Directory",
        navs: &[expandable("principal"), expandable("roleDefinition")],
        ..GOV
    },
    Route {
        path: "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
        collection: "privilegedAccessGroupEligibilityScheduleInstances",
        permission: "PrivilegedEligibilitySchedule.Read.AzureADGroup",
        navs: &[expandable("principal"), expandable("group")],
        required_filter: &[&["groupId"], &["principalId"]],
        ..GOV
    },
    Route {
        path: "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
        collection: "privilegedAccessGroupAssignmentScheduleInstances",
        permission: "PrivilegedAssignmentSchedule.Read.AzureADGroup",
        navs: &[
            expandable("principal"),
            expandable("group"),
            expandable("activatedUsing"),
        ],
        required_filter: &[&["groupId"], &["principalId"]],
        ..GOV
    },
    Route {
        path: "/organization",
        collection: "organization",
        permission: "Organization.Read.All",
        ..DIR
    },
    Route {
        path: "/reports/authenticationMethods/userRegistrationDetails",
        collection: "userRegistrationDetails",
        permission: "AuditLog.Read.All",
        premium: true,
        ..GOV
    },
    // Sign-ins: default and maximum page 1,000, newest first, Entra ID P1 (List signIns).
    Route {
        path: "/auditLogs/signIns",
        collection: "signIns",
        permission: "AuditLog.Read.All",
        default_top: 1000,
        max_top: 1000,
        premium: true,
        newest_first: Some("createdDateTime"),
        ..GOV
    },
    // No documented page size (List directoryAudits supports `$top` and `$skiptoken`); no
    // licence needed, the retention is shorter without one.
    Route {
        path: "/auditLogs/directoryAudits",
        collection: "directoryAudits",
        permission: "AuditLog.Read.All",
        newest_first: Some("activityDateTime"),
        ..GOV
    },
    // Default page 20, `$top` at most 500; Entra ID P1 or P2 (List riskDetections).
    Route {
        path: "/identityProtection/riskDetections",
        collection: "riskDetections",
        permission: "IdentityRiskEvent.Read.All",
        default_top: 20,
        max_top: 500,
        premium: true,
        ..GOV
    },
    Route {
        path: "/identityProtection/riskyUsers",
        collection: "riskyUsers",
        permission: "IdentityRiskyUser.Read.All",
        ..GOV
    },
    Route {
        path: "/roleManagement/directory/roleDefinitions",
        collection: "roleDefinitions",
        permission: "RoleManagement.Read.Directory",
        ..DIR
    },
    Route {
        path: "/roleManagement/directory/roleAssignmentScheduleInstances",
        collection: "roleAssignmentScheduleInstances",
        permission: "RoleAssignmentSchedule.Read.Directory",
        navs: &[expandable("principal"), expandable("roleDefinition")],
        ..GOV
    },
    Route {
        path: "/roleManagement/directory/roleEligibilityScheduleInstances",
        collection: "roleEligibilityScheduleInstances",
        permission: "RoleEligibilitySchedule.Read.Directory",
        navs: &[expandable("principal"), expandable("roleDefinition")],
        ..GOV
    },
    Route {
        path: "/roleManagement/directory/roleAssignmentSchedules",
        collection: "roleAssignmentSchedules",
        permission: "RoleAssignmentSchedule.Read.Directory",
        navs: &[expandable("principal")],
        ..GOV
    },
    Route {
        path: "/roleManagement/directory/roleEligibilitySchedules",
        collection: "roleEligibilitySchedules",
        permission: "RoleEligibilitySchedule.Read.Directory",
        navs: &[expandable("principal")],
        ..GOV
    },
    Route {
        path: "/policies/roleManagementPolicies",
        collection: "roleManagementPolicies",
        permission: "RoleManagementPolicy.Read.Directory",
        navs: &[expandable("rules"), expandable("effectiveRules")],
        required_filter: &[&["scopeId", "scopeType"]],
        variant: Some(Variant {
            when: ("scopeType", "Group"),
            collection: "groupRoleManagementPolicies",
            permission: "RoleManagementPolicy.Read.AzureADGroup",
        }),
        ..GOV
    },
    Route {
        path: "/policies/roleManagementPolicyAssignments",
        collection: "roleManagementPolicyAssignments",
        permission: "RoleManagementPolicy.Read.Directory",
        navs: &[expandable("policy")],
        required_filter: &[&["scopeId", "scopeType"]],
        variant: Some(Variant {
            when: ("scopeType", "Group"),
            collection: "groupRoleManagementPolicyAssignments",
            permission: "RoleManagementPolicy.Read.AzureADGroup",
        }),
        ..GOV
    },
    Route {
        path: "/identityGovernance/accessReviews/definitions",
        collection: "accessReviewDefinitions",
        permission: "AccessReview.Read.All",
        paging: Paging::Skip,
        navs: &[Nav {
            name: "instances",
            expandable: false,
            children: &[
                leaf("decisions"),
                leaf("contactedReviewers"),
                leaf("stages"),
            ],
        }],
        ..GOV
    },
    Route {
        path: "/identityGovernance/entitlementManagement/catalogs",
        collection: "accessPackageCatalogs",
        permission: "EntitlementManagement.Read.All",
        navs: &[leaf("resources"), leaf("customWorkflowExtensions")],
        ..GOV
    },
    Route {
        path: "/identityGovernance/entitlementManagement/accessPackages",
        collection: "accessPackages",
        permission: "EntitlementManagement.Read.All",
        navs: &[
            expandable("resourceRoleScopes"),
            expandable("assignmentPolicies"),
            expandable("catalog"),
        ],
        ..GOV
    },
    Route {
        path: "/identityGovernance/entitlementManagement/assignmentPolicies",
        collection: "accessPackageAssignmentPolicies",
        permission: "EntitlementManagement.Read.All",
        navs: &[
            expandable("accessPackage"),
            expandable("catalog"),
            expandable("questions"),
        ],
        ..GOV
    },
    Route {
        path: "/identityGovernance/entitlementManagement/assignments",
        collection: "accessPackageAssignments",
        permission: "EntitlementManagement.Read.All",
        navs: &[
            expandable("target"),
            expandable("accessPackage"),
            expandable("assignmentPolicy"),
        ],
        ..GOV
    },
    Route {
        path: "/identityGovernance/entitlementManagement/connectedOrganizations",
        collection: "connectedOrganizations",
        permission: "EntitlementManagement.Read.All",
        navs: &[leaf("internalSponsors"), leaf("externalSponsors")],
        ..GOV
    },
];

/// Every route, those of the emulator's own modules first (type casts before the lists
/// they narrow).
pub fn all_routes() -> impl Iterator<Item = &'static Route> {
    super::workload::ROUTES
        .iter()
        .chain(ROUTES)
        .chain(std::iter::once(&super::workload::BETA_ROUTE))
}

/// The route serving a path (under `/v1.0`).
pub fn route_of(path: &str) -> Option<&'static Route> {
    all_routes().find(|r| path == r.path || path.starts_with(&format!("{}/", r.path)))
}

/// The permission a path needs, if the emulator serves it.
pub fn permission_of(path: &str) -> Option<&'static str> {
    route_of(path).map(|r| r.permission)
}

/// The default property set of `/users` without `$select` (graph-api.md 1.5).
pub const USER_DEFAULT_PROPERTIES: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "id",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
];

/// `riskDetail` members declared after `unknownFutureValue` (graph-api.md 1.0).
pub const LATE_RISK_DETAILS: &[&str] = &[
    "m365DAdminDismissedDetection",
    "adminConfirmedServicePrincipalCompromised",
    "adminDismissedAllRiskForServicePrincipal",
    "userChangedPasswordOnPremises",
    "adminDismissedRiskForSignIn",
    "adminConfirmedAccountSafe",
    "microsoftRevokedSessions",
];
