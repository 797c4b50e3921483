//! Types describing the rule input for its schema. The input itself is built as a Rego value
//! (engine/input.rs); these mirror its envelope and the shapes of the derived indexes, and
//! the generator (super) fills in the collections and indexes from the engine's own lists.

use std::collections::BTreeMap;

use schemars::JsonSchema;

type Object = serde_json::Map<String, serde_json::Value>;

/// The input document a govlint rule receives as `input`. A rule sees only the collections
/// its `metadata.reads` names, and the indexes derived from them alone.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "govlint rule input")]
#[allow(dead_code)]
pub struct Input {
    /// The lint's clock: the snapshot's `fetchedAt`, or `--now` (RFC 3339). Rules measure ages
    /// against it, never against `time.now_ns()`.
    #[schemars(extend("format" = "date-time"))]
    now: String,
    /// The same clock in nanoseconds since the Unix epoch.
    now_ns: i64,
    tenant: crate::snapshot::Tenant,
    /// Each collection the rule reads: its items, Graph v1.0 objects verbatim.
    collections: Object,
    /// Every read collection but the logs indexed by `id` (role definitions also by
    /// `templateId`), and the indexes derived from the collections read.
    index: Object,
}

/// What a principal holds of a role at `now`: `roleHolders[roleId][principalId]`, or
/// `principalRoles[principalId][roleId]`.
#[derive(JsonSchema)]
#[allow(dead_code)]
pub struct Holdings {
    /// Active assignments in effect at `now`.
    active: Vec<Holder>,
    /// Eligible assignments in effect at `now`.
    eligible: Vec<Holder>,
}

/// A role schedule instance in effect at `now` (verbatim, with its `principal`), or a member
/// of a role-holding group shaped like one, with `via`, `roleInstanceId` and `groupId`.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Holder {
    id: Option<String>,
    principal_id: String,
    role_definition_id: String,
    directory_scope_id: Option<String>,
    start_date_time: Option<String>,
    /// For a member through groups, the earliest end on the path.
    end_date_time: Option<String>,
    /// Active only: `Assigned` or `Activated` (a just-in-time activation on the path).
    assignment_type: Option<String>,
    /// `Direct`, or `Group` for a member through groups.
    member_type: Option<String>,
    /// The principal (`@odata.type`, `displayName`, ...).
    principal: Option<Object>,
    /// A member through groups: the path from the holder's own group outwards to the group
    /// holding the role.
    via: Option<Vec<Hop>>,
    /// A member through groups: the group's own role instance.
    role_instance_id: Option<String>,
    /// A member through groups: the group holding the role.
    group_id: Option<String>,
}

/// One group on a holder's path.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Hop {
    group_id: String,
    display_name: Option<String>,
    membership: Membership,
}

#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub enum Membership {
    Member,
    EligibleMember,
    ActiveMember,
}

/// The PIM policy of a directory role: `rolePolicies[roleId]`.
#[derive(JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct RolePolicy {
    assignment_id: String,
    policy_id: String,
    /// The unifiedRoleManagementPolicy, verbatim.
    policy: Object,
    /// The policy's rules by rule id (`Expiration_Admin_Assignment`, ...).
    rules: BTreeMap<String, Object>,
}
