//! What `govlint fetch` reads: each snapshot collection, its Graph request, its children, the
//! area it belongs to and the least-privilege application permission it needs (from each
//! operation's permission table in Graph's v1.0 reference; the names are policies/README.md's
//! contract).

/// A group of collections, for `--only` and `govlint permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Area {
    /// Users (guests with their sponsors), their sign-in activity and MFA registration, and
    /// the tenant's authorization policy (guest invitations and guest access).
    Users,
    /// Groups with their members and owners (`--group-members privileged`: only those of
    /// role-assignable groups and the groups nested in them).
    Groups,
    /// Sign-ins over a window (`--sign-ins-since`, `--sign-ins`).
    Signins,
    /// The directory audit log's group creations (who created a group).
    Audit,
    /// Entra roles and PIM: role definitions and assignments, assignment/eligibility schedules
    /// and instances, activation requests, role management policies; PIM for groups.
    Pim,
    /// ID Protection risky users and risk detections.
    Risk,
    /// Access reviews: definitions, instances, decisions, reviewers, stages.
    Ar,
    /// Entitlement management: catalogs, access packages, policies, assignments, connected
    /// organisations.
    Em,
    /// Workload and agent identities: applications, service principals (agent identities and
    /// blueprint principals among them), their owners, sponsors, credentials and application
    /// permissions, agent identity blueprints and agent users.
    Apps,
    /// The rule area `prv` (privileged accounts): users, pim, risk and signins.
    Prv,
    /// The rule area `ext` (external identities): users and em.
    Ext,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Users => "users",
            Area::Groups => "groups",
            Area::Signins => "signins",
            Area::Audit => "audit",
            Area::Pim => "pim",
            Area::Risk => "risk",
            Area::Ar => "ar",
            Area::Em => "em",
            Area::Apps => "apps",
            Area::Prv => "prv",
            Area::Ext => "ext",
        }
    }

    /// The data areas an `--only` value stands for.
    pub fn expand(self) -> &'static [Area] {
        match self {
            Area::Prv => &[Area::Users, Area::Pim, Area::Risk, Area::Signins],
            Area::Ext => &[Area::Users, Area::Em],
            Area::Users => &[Area::Users],
            Area::Groups => &[Area::Groups],
            Area::Signins => &[Area::Signins],
            Area::Audit => &[Area::Audit],
            Area::Pim => &[Area::Pim],
            Area::Risk => &[Area::Risk],
            Area::Ar => &[Area::Ar],
            Area::Em => &[Area::Em],
            Area::Apps => &[Area::Apps],
        }
    }

    /// The data areas, in display order.
    pub const DATA: &'static [Area] = &[
        Area::Users,
        Area::Groups,
        Area::Signins,
        Area::Audit,
        Area::Pim,
        Area::Risk,
        Area::Ar,
        Area::Em,
        Area::Apps,
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
    /// group's id; the lists are concatenated (Graph requires a `groupId`/`scopeId` filter:
    /// there is no tenant-wide read).
    PerRoleAssignableGroup,
    /// The groups list, then [`GROUP_NAVS`] embedded in every group (or, with
    /// [`GroupMembers::Privileged`], in every role-assignable group and every group reachable
    /// as a member of one: a second pass once the list is complete).
    Groups,
    /// The users list with `signInActivity` (500 a page), split into `users` and
    /// `userSignInActivity`; then the guests with `$expand=sponsors` ([`GUESTS`]) merged in by
    /// id, and `/users/{id}/sponsors` for each guest whose expanded sponsors hit Graph's
    /// 20-item cap for expansions.
    Users,
    /// Made by the [`Kind::Users`] read, never read on its own.
    FromUsers,
    /// A log read from a point in time on ([`Log`]): its `$filter` is made per fetch.
    Log(Log),
}

/// The logs read over a window, and the `$filter` each takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Log {
    /// `createdDateTime ge {since}`, with `status/errorCode ne 0` for failures only.
    SignIns,
    /// Group creations: `category eq 'GroupManagement' and activityDisplayName eq 'Add group'
    /// and activityDateTime ge {since}`.
    GroupCreations,
}

impl Log {
    /// The `$filter` from `since` (an RFC 3339 time: OData's DateTimeOffset literal, unquoted).
    pub fn filter(self, since: &str, failures_only: bool) -> String {
        match self {
            Log::SignIns if failures_only => {
                format!("createdDateTime ge {since} and status/errorCode ne 0")
            }
            Log::SignIns => format!("createdDateTime ge {since}"),
            Log::GroupCreations => format!(
                "category eq 'GroupManagement' and activityDisplayName eq 'Add group' and activityDateTime ge {since}"
            ),
        }
    }
}

/// Whose members and owners `govlint fetch` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GroupMembers {
    /// Every group's.
    #[default]
    All,
    /// Role-assignable groups' and those of the groups nested in them (for huge tenants).
    Privileged,
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
    /// The licence the tenant needs (Graph answers 403 without it).
    pub license: Option<&'static str>,
    pub children: &'static [Child],
    /// What the collection is, for `govlint permissions`.
    pub what: &'static str,
    pub kind: Kind,
    /// Where an item's children live when not at `{path}/{id}` (a type cast: `{id}` stands for
    /// the item's id), e.g. `/servicePrincipals/{id}/microsoft.graph.agentIdentity`.
    pub item_path: Option<&'static str>,
    /// The Graph version read: `v1.0`, except where Graph has the data only in `beta`; the
    /// collection record's `apiVersion` says which, so versions never mix silently.
    pub version: &'static str,
    /// Items carry `keyCredentials`/`passwordCredentials`: their secret material is dropped
    /// before anything is kept ([`super::scrub`]).
    pub credentials: bool,
}

/// The most items Graph gives in an expanded collection (`$expand` on directory objects):
/// a full one may have been cut short.
pub const EXPAND_CAP: usize = 20;

/// `members` and `owners` of a group, read per group (direct: transitive membership is
/// computed offline from the nesting).
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
            (
                "$select",
                "id,displayName,userPrincipalName,userType,accountEnabled",
            ),
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

/// Largest page asked for where Graph's maximum is not documented (EM, PIM,
/// risk, registration details, access review decisions). A `400` on it makes the fetcher read
/// that list again at Graph's default page size, so an over-large guess costs one request.
pub const TOP: (&str, &str) = ("$top", "999");

/// The user properties fetched (Graph returns only a small default set without `$select`).
macro_rules! user_select {
    () => {
        "id,displayName,userPrincipalName,mail,userType,accountEnabled,creationType,\
externalUserState,externalUserStateChangeDateTime,createdDateTime,onPremisesSyncEnabled,\
onPremisesImmutableId,employeeLeaveDateTime,lastPasswordChangeDateTime,isResourceAccount,\
isManagementRestricted,givenName,surname,jobTitle,department,companyName"
    };
}
pub const USER_SELECT: &str = user_select!();

/// The guests and their sponsors, merged into `users` by id: `$expand` on directory objects
/// caps a page at 100, so expanding sponsors only for guests keeps the users read at 500 a page.
/// (`userType eq` is a default `$filter`, no advanced query, so `$expand` is allowed with it.)
pub const GUESTS: &[(&str, &str)] = &[
    ("$filter", "userType eq 'Guest'"),
    ("$select", "id"),
    ("$expand", "sponsors($select=id,displayName)"),
    ("$top", "100"),
];

/// Users without `signInActivity` when Graph refuses it (no licence, or no
/// AuditLog.Read.All): at Graph's maximum page for users.
pub const USERS_WITHOUT_SIGN_IN: &[(&str, &str)] = &[("$select", USER_SELECT), ("$top", "999")];

/// The `users` read: everything `users` keeps plus `signInActivity`, which goes to
/// `userSignInActivity` (Graph's maximum page with `signInActivity` is 500).
pub const USERS_WITH_SIGN_IN: &str = concat!(user_select!(), ",signInActivity");

/// The licence of the logs and reports (sign-ins, sign-in activity, registration details).
pub const P1: &str = "Entra ID P1";
/// ID Protection's licence: Graph documents P1 or P2 for the risk APIs (P2 for full detail).
pub const P1_P2: &str = "Entra ID P1 or P2";

pub const GROUP_SELECT: &str =
    "id,displayName,description,groupTypes,securityEnabled,mailEnabled,mail,\
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
    license: None,
    children: &[],
    what: "",
    kind: Kind::List,
    item_path: None,
    version: "v1.0",
    credentials: false,
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
        query: &[("$select", USERS_WITH_SIGN_IN), ("$top", "500")],
        permission: "User.Read.All",
        what: "users, and the sponsors of guests",
        kind: Kind::Users,
        ..LIST
    },
    Spec {
        name: "userSignInActivity",
        area: Some(Area::Users),
        path: "/users",
        query: &[("$select", USERS_WITH_SIGN_IN), ("$top", "500")],
        permission: "AuditLog.Read.All",
        license: Some(P1),
        what: "last sign-in of each user (read with the users)",
        kind: Kind::FromUsers,
        ..LIST
    },
    Spec {
        name: "userRegistrationDetails",
        area: Some(Area::Users),
        path: "/reports/authenticationMethods/userRegistrationDetails",
        query: &[TOP],
        permission: "AuditLog.Read.All",
        license: Some(P1),
        what: "MFA registration of each user",
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
        what: "groups, their members and owners",
        kind: Kind::Groups,
        ..LIST
    },
    Spec {
        name: "signIns",
        area: Some(Area::Signins),
        path: "/auditLogs/signIns",
        // Graph's default and maximum page.
        query: &[("$top", "1000")],
        permission: "AuditLog.Read.All",
        license: Some(P1),
        what: "sign-ins since --sign-ins-since (all, or failures only)",
        kind: Kind::Log(Log::SignIns),
        ..LIST
    },
    Spec {
        name: "directoryAudits",
        area: Some(Area::Audit),
        path: "/auditLogs/directoryAudits",
        // No documented maximum: a 400 reads it again at Graph's default.
        query: &[TOP],
        permission: "AuditLog.Read.All",
        what: "group creations in the directory audit log (the last 30 days)",
        kind: Kind::Log(Log::GroupCreations),
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
        license: Some(P1_P2),
        what: "users at risk (ID Protection)",
        ..LIST
    },
    Spec {
        name: "riskDetections",
        area: Some(Area::Risk),
        path: "/identityProtection/riskDetections",
        // Graph's maximum (default 20).
        query: &[("$top", "500")],
        permission: "IdentityRiskEvent.Read.All",
        license: Some(P1_P2),
        what: "risk detections (ID Protection)",
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
    Spec {
        name: "servicePrincipals",
        area: Some(Area::Apps),
        path: "/servicePrincipals",
        query: &[("$select", SERVICE_PRINCIPAL_SELECT), ("$top", "999")],
        permission: "Application.Read.All",
        children: &[OWNERS, APP_ROLE_ASSIGNMENTS],
        what: "service principals (agent identities and blueprint principals by their \
@odata.type), owners, credentials and the application permissions granted to them",
        credentials: true,
        ..LIST
    },
    Spec {
        name: "applications",
        area: Some(Area::Apps),
        path: "/applications",
        query: &[("$select", APPLICATION_SELECT), ("$top", "999")],
        permission: "Application.Read.All",
        children: &[OWNERS],
        what: "app registrations (agent identity blueprints by their @odata.type), owners and \
credentials",
        credentials: true,
        ..LIST
    },
    // The agent types' own navigation properties (sponsors, inheritable permissions) live
    // behind a type cast; their lists are the casts of the lists above, so `servicePrincipals`
    // and `applications` hold every item and these add what only the derived type has.
    Spec {
        name: "agentIdentities",
        area: Some(Area::Apps),
        path: "/servicePrincipals/microsoft.graph.agentIdentity",
        query: &[
            (
                "$select",
                "id,displayName,agentIdentityBlueprintId,createdDateTime,accountEnabled",
            ),
            ("$top", "999"),
        ],
        // Listing needs AgentIdentity.Read.All at least, their sponsors Application.Read.All,
        // which also lists them (agentidentity-list, agentidentity-list-sponsors).
        permission: "Application.Read.All",
        children: &[SPONSORS],
        item_path: Some("/servicePrincipals/{id}/microsoft.graph.agentIdentity"),
        what: "agent identities, their blueprint and sponsors",
        ..LIST
    },
    Spec {
        name: "agentIdentityBlueprintPrincipals",
        area: Some(Area::Apps),
        path: "/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal",
        query: &[("$select", "id,displayName,appId"), ("$top", "999")],
        permission: "Application.Read.All",
        children: &[SPONSORS],
        item_path: Some("/servicePrincipals/{id}/microsoft.graph.agentIdentityBlueprintPrincipal"),
        what: "agent identity blueprint principals and their sponsors",
        ..LIST
    },
    Spec {
        name: "agentIdentityBlueprints",
        area: Some(Area::Apps),
        path: "/applications/microsoft.graph.agentIdentityBlueprint",
        query: &[
            ("$select", "id,displayName,appId,createdDateTime"),
            ("$top", "999"),
        ],
        permission: "Application.Read.All",
        children: &[
            SPONSORS,
            Child {
                nav: "inheritablePermissions",
                query: &[],
                children: &[],
            },
        ],
        item_path: Some("/applications/{id}/microsoft.graph.agentIdentityBlueprint"),
        what: "agent identity blueprints, their sponsors and inheritable permissions",
        ..LIST
    },
    Spec {
        name: "agentUsers",
        area: Some(Area::Apps),
        path: "/users/microsoft.graph.agentUser",
        query: &[
            (
                "$select",
                "id,displayName,userPrincipalName,accountEnabled,createdDateTime",
            ),
            ("$top", "999"),
        ],
        permission: "User.Read.All",
        children: &[SPONSORS],
        item_path: Some("/users/{id}"),
        what: "agent users and their sponsors",
        ..LIST
    },
    Spec {
        name: "servicePrincipalSignInActivities",
        area: Some(Area::Apps),
        path: "/reports/servicePrincipalSignInActivities",
        permission: "AuditLog.Read.All",
        // The API page names no licence; it is the "Usage and insights" report "Service
        // principal sign-in activity", which Entra's licensing table puts under P1 or P2.
        license: Some(P1),
        // Graph has service principal sign-in activity only in beta (List
        // servicePrincipalSignInActivities): read from there, recorded `apiVersion: beta`.
        // `$top` is documented; no maximum is: a 400 on it reads again at the default.
        query: &[TOP],
        what: "last sign-in of each service principal (Graph beta: the only version with it)",
        version: "beta",
        ..LIST
    },
];

/// Owners of an application or service principal (users and service principals).
const OWNERS: Child = Child {
    nav: "owners",
    query: &[("$select", "id,displayName,userPrincipalName,appId")],
    children: &[],
};

/// Sponsors of an agent identity, blueprint, blueprint principal or agent user.
const SPONSORS: Child = Child {
    nav: "sponsors",
    query: &[("$select", "id,displayName,userPrincipalName")],
    children: &[],
};

/// The app roles granted to a service principal (`appRoleId` on `resourceId`: the permission
/// name is the resource service principal's `appRoles[].value`).
const APP_ROLE_ASSIGNMENTS: Child = Child {
    nav: "appRoleAssignments",
    query: &[],
    children: &[],
};

/// What a service principal is and what it holds; `appRoles` so that assignments to it
/// resolve to permission names. The agent types' `@odata.type` comes with every item.
pub const SERVICE_PRINCIPAL_SELECT: &str = "id,appId,displayName,servicePrincipalType,\
accountEnabled,appOwnerOrganizationId,appRoles,keyCredentials,passwordCredentials,tags";

pub const APPLICATION_SELECT: &str =
    "id,appId,displayName,createdDateTime,signInAudience,keyCredentials,passwordCredentials";

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
pub fn display_request_in(version: &str, path: &str, q: &[(&str, &str)]) -> String {
    let qs: Vec<String> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if qs.is_empty() {
        format!("/{version}{path}")
    } else {
        format!("/{version}{path}?{}", qs.join("&"))
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
    fn log_filters_follow_graph() {
        assert_eq!(
            Log::SignIns.filter("2026-11-13T09:00:00Z", true),
            "createdDateTime ge 2026-11-13T09:00:00Z and status/errorCode ne 0"
        );
        assert_eq!(
            Log::SignIns.filter("2026-11-13T09:00:00Z", false),
            "createdDateTime ge 2026-11-13T09:00:00Z"
        );
        assert!(Log::GroupCreations
            .filter("2026-10-21T09:00:00Z", false)
            .ends_with("activityDateTime ge 2026-10-21T09:00:00Z"));
    }

    #[test]
    fn areas_select_their_collections() {
        let names = |a: &[Area]| selected(a).iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(&[]).len(), SPECS.len());
        let risk = names(&[Area::Risk]);
        assert_eq!(risk, vec!["organization", "riskyUsers", "riskDetections"]);
        assert_eq!(names(&[Area::Signins]), vec!["organization", "signIns"]);
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
