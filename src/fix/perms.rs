//! The Graph permissions `govlint fix --apply` needs: per write (Graph's least-privileged
//! application permission of each operation) and per rule (`govlint permissions --write`).

/// The least-privileged application permission of a write to `path` (`/v1.0/...`), as
/// Microsoft's docs give it (`tests/graph/write-permissions.tsv` holds them, with each page, and
/// its test holds this function to them). Permissions a write needs besides this one, always or
/// under a condition, are in [`BY_RULE`].
pub fn permission_of(method: &str, path: &str) -> Option<&'static str> {
    if !matches!(method, "POST" | "PATCH" | "PUT" | "DELETE") {
        return None;
    }
    let p = path.strip_prefix("/v1.0").unwrap_or(path);
    let under = |prefix: &str| p == prefix || p.starts_with(&format!("{prefix}/"));
    let last = p.rsplit('/').next().unwrap_or("");
    Some(match () {
        // Graph takes a decision only from a reviewer signed in: no application permission.
        _ if under("/identityGovernance/accessReviews")
            && p.contains("/decisions/")
            && method == "PATCH" =>
        {
            return None
        }
        _ if under("/policies/authorizationPolicy") => "Policy.ReadWrite.Authorization",
        _ if under("/policies/roleManagementPolicies") && p.contains("/Group_") => {
            "RoleManagementPolicy.ReadWrite.AzureADGroup"
        }
        _ if under("/policies/roleManagementPolicies") => {
            "RoleManagementPolicy.ReadWrite.Directory"
        }
        _ if under("/roleManagement/directory/roleAssignmentScheduleRequests") => {
            "RoleAssignmentSchedule.ReadWrite.Directory"
        }
        _ if under("/roleManagement/directory/roleEligibilityScheduleRequests") => {
            "RoleEligibilitySchedule.ReadWrite.Directory"
        }
        _ if under("/roleManagement/directory/roleAssignments") => {
            "RoleManagement.ReadWrite.Directory"
        }
        _ if under("/identityGovernance/privilegedAccess/group/assignmentScheduleRequests") => {
            "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"
        }
        _ if under("/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests") => {
            "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup"
        }
        _ if under("/identityGovernance/accessReviews") => "AccessReview.ReadWrite.All",
        _ if under("/identityGovernance/entitlementManagement") => {
            "EntitlementManagement.ReadWrite.All"
        }
        _ if under("/identity/conditionalAccess/policies") => "Policy.ReadWrite.ConditionalAccess",
        _ if under("/servicePrincipals")
            && p.contains("/microsoft.graph.agentIdentity/sponsors") =>
        {
            "AgentIdentity.ReadWrite.All"
        }
        // An agent identity or blueprint principal disabled through its own update (its type
        // cast): the narrow EnableDisable permission, not Application.ReadWrite.All.
        _ if under("/servicePrincipals")
            && method == "PATCH"
            && last == "microsoft.graph.agentIdentity" =>
        {
            "AgentIdentity.EnableDisable.All"
        }
        _ if under("/servicePrincipals")
            && method == "PATCH"
            && last == "microsoft.graph.agentIdentityBlueprintPrincipal" =>
        {
            "AgentIdentityBlueprintPrincipal.EnableDisable.All"
        }
        _ if under("/servicePrincipals") && p.contains("/appRoleAssignments") => {
            "AppRoleAssignment.ReadWrite.All"
        }
        _ if under("/applications") && p.contains("/inheritablePermissions") => {
            "AgentIdentityBlueprint.ReadWrite.All"
        }
        _ if under("/servicePrincipals") || under("/applications") => "Application.ReadWrite.All",
        // Owners are the group object's own property (Group.ReadWrite.All); GroupMember only
        // covers members.
        _ if under("/groups") && p.contains("/owners/") => "Group.ReadWrite.All",
        _ if under("/groups") => "GroupMember.ReadWrite.All",
        _ if under("/users") && last == "revokeSignInSessions" => "User.RevokeSessions.All",
        _ if under("/users") && p.contains("/authentication/") => {
            "UserAuthenticationMethod.ReadWrite.All"
        }
        _ if under("/users") => "User.ReadWrite.All",
        _ => return None,
    })
}

const AR: &[&str] = &["AccessReview.ReadWrite.All"];
const APPS: &[&str] = &["Application.ReadWrite.All"];
/// Disabling a workload of any kind: an application's service principal, an agent identity or
/// a blueprint principal (the last two through their own updates, wid.update_path).
const ANY_WORKLOAD: &[&str] = &[
    "Application.ReadWrite.All",
    "AgentIdentity.EnableDisable.All",
    "AgentIdentityBlueprintPrincipal.EnableDisable.All",
];
/// Reviews whose decisions are applied, or whose denied members are removed from the group
/// reviewed. A reviewed group may be role-assignable, and removing a member of one also needs
/// RoleManagement.ReadWrite.Directory (group-delete-members).
const AR_RESOURCE: &[&str] = &[
    "AccessReview.ReadWrite.All",
    "GroupMember.ReadWrite.All",
    "RoleManagement.ReadWrite.Directory",
];
/// A decision of an open review is changed by a reviewer signed in (no application permission
/// exists for it, so `fix` leaves it manual); an ended review's member is removed from the group.
const AR_DECISION: &[&str] = &[
    "GroupMember.ReadWrite.All",
    "RoleManagement.ReadWrite.Directory",
];
const EM: &[&str] = &["EntitlementManagement.ReadWrite.All"];
const PIM_POLICY: &[&str] = &["RoleManagementPolicy.ReadWrite.Directory"];
const GROUP_POLICY: &[&str] = &["RoleManagementPolicy.ReadWrite.AzureADGroup"];
/// Only eligibilities change (made time-bound or removed).
const ELIGIBLE: &[&str] = &["RoleEligibilitySchedule.ReadWrite.Directory"];
const ROLES: &[&str] = &[
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleEligibilitySchedule.ReadWrite.Directory",
];
/// Role removals, including the group membership a role is held through: such a group is
/// role-assignable, so its member removal needs RoleManagement.ReadWrite.Directory as well.
const ROLES_AND_GROUPS: &[&str] = &[
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
    "GroupMember.ReadWrite.All",
    "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
    "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
];

/// The write permissions each built-in rule's remediation may need (a rule chooses among its
/// requests by what it finds, so this is the union).
pub const BY_RULE: &[(&str, &[&str])] = &[
    ("AR001", AR),
    ("AR002", AR),
    ("AR003", AR_DECISION),
    ("AR004", AR_DECISION),
    ("AR005", AR_RESOURCE),
    ("AR006", AR),
    ("AR007", AR),
    ("AR008", AR_RESOURCE),
    ("AR009", AR),
    ("EM001", EM),
    ("EM002", EM),
    ("EM003", EM),
    ("EM004", EM),
    ("EM005", EM),
    ("EM006", EM),
    ("EM007", EM),
    ("EM008", EM),
    ("EM009", EM),
    ("EM010", EM),
    ("EM011", EM),
    ("EM012", EM),
    ("EXT001", &["User.ReadWrite.All"]),
    // Deleting a user who holds a privileged admin role takes more than a permission (user-delete:
    // the app needs an Entra role); EXT002's inactive guests are not expected to hold one.
    ("EXT002", &["User.ReadWrite.All"]),
    ("EXT003", &["Policy.ReadWrite.Authorization"]),
    ("EXT004", &["Policy.ReadWrite.Authorization"]),
    // Its groups grant privileged roles, so they are role-assignable: changing their owners
    // also needs RoleManagement.ReadWrite.Directory (group-post-owners, group-delete-owners).
    (
        "GRP001",
        &["Group.ReadWrite.All", "RoleManagement.ReadWrite.Directory"],
    ),
    ("PIM001", ROLES),
    ("PIM002", ELIGIBLE),
    ("PIM003", PIM_POLICY),
    ("PIM004", PIM_POLICY),
    ("PIM005", PIM_POLICY),
    ("PIM006", PIM_POLICY),
    ("PIM007", PIM_POLICY),
    ("PIM008", ROLES_AND_GROUPS),
    ("PIM009", PIM_POLICY),
    ("PIM010", ROLES_AND_GROUPS),
    ("PIM011", ROLES),
    (
        "PIM012",
        &[
            "RoleAssignmentSchedule.ReadWrite.Directory",
            "RoleEligibilitySchedule.ReadWrite.Directory",
            "RoleManagement.ReadWrite.Directory",
        ],
    ),
    ("PIM013", ELIGIBLE),
    ("PIM014", GROUP_POLICY),
    ("PIM015", GROUP_POLICY),
    ("PIM016", GROUP_POLICY),
    ("PRV001", &["UserAuthenticationMethod.ReadWrite.All"]),
    ("PRV002", ROLES_AND_GROUPS),
    ("PRV003", ROLES_AND_GROUPS),
    ("PRV004", &["User.RevokeSessions.All"]),
    ("PRV005", ROLES_AND_GROUPS),
    ("PRV006", ROLES_AND_GROUPS),
    (
        "PRV007",
        &[
            "User.ReadWrite.All",
            "RoleAssignmentSchedule.ReadWrite.Directory",
        ],
    ),
    // Creating a Conditional Access policy also needs Policy.Read.All.
    (
        "PRV008",
        &["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"],
    ),
    ("PRV009", &["UserAuthenticationMethod.ReadWrite.All"]),
    (
        "PRV010",
        &[
            "User.RevokeSessions.All",
            "EntitlementManagement.ReadWrite.All",
            "RoleAssignmentSchedule.ReadWrite.Directory",
            "RoleEligibilitySchedule.ReadWrite.Directory",
            "RoleManagement.ReadWrite.Directory",
            "GroupMember.ReadWrite.All",
            "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
            "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
        ],
    ),
    (
        "WID001",
        &[
            "AgentIdentity.ReadWrite.All",
            "Application.ReadWrite.All",
            "User.ReadWrite.All",
        ],
    ),
    // WID002 only meets agent identities, disabled through their own update
    // (agentidentity-update); WID008 meets every kind of workload.
    ("WID002", &["AgentIdentity.EnableDisable.All"]),
    ("WID003", &["AgentIdentityBlueprint.ReadWrite.All"]),
    ("WID004", &["AppRoleAssignment.ReadWrite.All"]),
    ("WID005", APPS),
    ("WID006", APPS),
    // Adding an owner also needs Directory.Read.All (application-post-owners).
    (
        "WID007",
        &["Application.ReadWrite.All", "Directory.Read.All"],
    ),
    ("WID008", ANY_WORKLOAD),
];

/// `govlint permissions --write`: per rule, as text or JSON.
pub fn render(json: bool) -> String {
    if json {
        let v: Vec<_> = BY_RULE
            .iter()
            .map(|(r, ps)| serde_json::json!({"rule": r, "type": "Application", "permissions": ps}))
            .collect();
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let mut s = String::from(
        "Microsoft Graph application permissions `govlint fix --apply` needs to send each rule's\n\
         remediation (grant only those of the rules you apply; reads need `govlint permissions`):\n\n",
    );
    for (r, ps) in BY_RULE {
        let list = if ps.is_empty() {
            "(no Graph write: fixed by hand)".to_string()
        } else {
            ps.join(", ")
        };
        s.push_str(&format!("{r:<7} {list}\n"));
    }
    let mut all: Vec<&str> = BY_RULE
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    all.sort();
    all.dedup();
    s.push_str(&format!("\nAll together: {}\n", all.join(", ")));
    s.push_str(
        "\nRoleManagement.ReadWrite.Directory is listed where a rule may change the members or\n\
         owners of a role-assignable group: Graph requires it in addition for those groups.\n",
    );
    s
}
