//! A deterministic synthetic tenant in Graph's own object shapes, written as a
//! `govlint.snapshot/v1`. Each rule area (`pim`, `prv`, `ext`, `em`, `ar`) plants violations of
//! its rules next to clean look-alikes and records the findings it expects, so tests can check
//! that every rule fires on its plant and on nothing else.
//!
//! The same seed and sizes always give the same bytes: ids derive from names, never from a
//! clock or a random source.

mod ar;
mod cov_governance;
mod cov_identity;
mod cov_signals;
mod em;
mod ext;
mod identity;
mod pim;
mod pimgroups;
mod policy;
mod prv;
mod signins;
mod workload;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

/// The configuration the demo tenant is linted with (`examples/govlint.toml`): the planted
/// findings in [`demo`]'s expectations assume it.
pub const DEMO_CONFIG: &str = include_str!("../../../examples/govlint.toml");

/// The demo tenant's clock: every age in it is measured from here.
pub const FETCHED_AT: &str = "2026-11-20T09:00:00Z";
pub const TENANT_ID: &str = "7f3c2e1a-0b5d-4c2e-9a61-3d8f0c4b2a10";

pub const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
pub const PRIVILEGED_ROLE_ADMIN: &str = "e8611ab8-c189-46e8-94e1-60213ab1f814";
pub const SECURITY_ADMIN: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
pub const USER_ADMIN: &str = "fe930be7-5e62-47db-91af-98c3a49a38b1";
pub const EXCHANGE_ADMIN: &str = "29232cdf-9323-42fd-ade2-1d097af3e4de";
pub const HELPDESK_ADMIN: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
/// Not privileged: a decoy role for rules about privileged roles.
pub const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
pub const MESSAGE_CENTER_READER: &str = "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b";

const ROLES: &[(&str, &str)] = &[
    (GLOBAL_ADMIN, "Global Administrator"),
    (PRIVILEGED_ROLE_ADMIN, "Privileged Role Administrator"),
    (SECURITY_ADMIN, "Security Administrator"),
    (USER_ADMIN, "User Administrator"),
    (EXCHANGE_ADMIN, "Exchange Administrator"),
    (HELPDESK_ADMIN, "Helpdesk Administrator"),
    (GLOBAL_READER, "Global Reader"),
    (REPORTS_READER, "Reports Reader"),
    (MESSAGE_CENTER_READER, "Message Center Reader"),
];

/// How big a tenant to make. The demo is the default; scale runs raise the counts.
#[derive(Debug, Clone)]
pub struct Sizes {
    /// Extra member users beyond the planted ones.
    pub users: usize,
    /// Extra guests beyond the planted ones.
    pub guests: usize,
    /// Extra access review decisions (spread over a filler review).
    pub decisions: usize,
    /// Filler sign-ins of the filler members over the last seven days (none by default).
    pub sign_ins: usize,
}

impl Default for Sizes {
    fn default() -> Sizes {
        Sizes {
            users: 40,
            guests: 10,
            decisions: 30,
            sign_ins: 0,
        }
    }
}

/// A finding the generated tenant must produce: rule code and the id of the object at fault.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub rule: String,
    pub object_id: String,
}

/// The generator's state: collections being filled and the findings planted so far.
///
/// Filler (the `Sizes` counts) is not held here: [`Gen::lazy`] registers a generator and
/// returns a marker item standing for its items, which are made one at a time when the
/// tenant is written (or materialised). Plants therefore see only planted objects in
/// `collections`, and a 200k-user tenant is written in bounded memory.
pub struct Gen {
    pub collections: BTreeMap<String, Vec<Value>>,
    pub expected: BTreeSet<Expected>,
    /// Privileged roles that must not get a covering access review (AR002's plant).
    pub unreviewed_roles: BTreeSet<String>,
    /// The `since` of log collections (`window` in the collection record).
    windows: BTreeMap<String, String>,
    fillers: Vec<Filler>,
}

/// `count` items made on demand by index, standing where its marker sits in an array.
struct Filler {
    count: usize,
    make: Box<dyn Fn(usize) -> Value + Send + Sync>,
}

/// Marker items are strings with this prefix and the filler's index.
const MARK: &str = "\u{0}govlint-testkit-filler:";

/// A deterministic GUID from a name (two FNV-1a passes), so planted objects keep their ids
/// across regenerations and tests can name them.
pub fn guid(name: &str) -> String {
    let h = |seed: u64| {
        let mut x = seed;
        for b in name.bytes() {
            x ^= u64::from(b);
            x = x.wrapping_mul(0x0000_0100_0000_01b3);
        }
        x
    };
    let (a, b) = (h(0xcbf2_9ce4_8422_2325), h(0x84222325_cbf29ce4));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// `FETCHED_AT` shifted by whole days (negative: in the past).
pub fn days_from_now(days: i64) -> String {
    // 2026-11-20 is day 20777 since the epoch; civil-from-days keeps this dependency-free.
    let day = 20_777 + days;
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}T09:00:00Z")
}

fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Gen {
    fn new() -> Gen {
        Gen {
            collections: BTreeMap::new(),
            expected: BTreeSet::new(),
            unreviewed_roles: BTreeSet::new(),
            windows: BTreeMap::new(),
            fillers: Vec::new(),
        }
    }

    /// Registers `count` filler items made by `make(i)` and returns the marker to put in an
    /// array where they belong. Filler items must not hold markers themselves.
    pub fn lazy(
        &mut self,
        count: usize,
        make: impl Fn(usize) -> Value + Send + Sync + 'static,
    ) -> Value {
        self.fillers.push(Filler {
            count,
            make: Box::new(make),
        });
        Value::String(format!("{MARK}{}", self.fillers.len() - 1))
    }

    /// Records that a log collection covers the time from `since` on.
    pub fn window(&mut self, collection: &str, since: &str) {
        self.windows
            .insert(collection.to_string(), since.to_string());
    }

    pub fn push(&mut self, collection: &str, item: Value) {
        self.collections
            .entry(collection.to_string())
            .or_default()
            .push(item);
    }

    pub fn expect(&mut self, rule: &str, object_id: &str) {
        self.expected.insert(Expected {
            rule: rule.into(),
            object_id: object_id.into(),
        });
    }

    pub fn items_mut(&mut self, collection: &str) -> &mut Vec<Value> {
        self.collections.entry(collection.to_string()).or_default()
    }

    /// Adds a member user (with sign-in activity and MFA registration, so it is clean) and
    /// returns its id. Callers change what their plant needs.
    pub fn member(&mut self, key: &str, name: &str) -> String {
        let (user, sign_in, registration) = member_items(key, name);
        let id = user["id"].as_str().unwrap_or_default().to_string();
        self.push("users", user);
        self.put("userSignInActivity", sign_in);
        self.put("userRegistrationDetails", registration);
        id
    }

    /// Adds an invited guest who accepted, signed in recently and has a user sponsor.
    pub fn guest(&mut self, key: &str, name: &str, sponsor: &str) -> String {
        let (user, sign_in, registration) = guest_items(key, name, sponsor);
        let id = user["id"].as_str().unwrap_or_default().to_string();
        self.push("users", user);
        self.put("userSignInActivity", sign_in);
        self.put("userRegistrationDetails", registration);
        id
    }

    /// Records sign-in activity; `None` means the user never signed in (no activity object).
    pub fn sign_in(&mut self, id: &str, upn: &str, last: Option<String>) {
        self.put("userSignInActivity", sign_in_item(id, upn, last));
    }

    pub fn registration(&mut self, id: &str, upn: &str, name: &str, mfa: bool) {
        self.put(
            "userRegistrationDetails",
            registration_item(id, upn, name, mfa),
        );
    }

    /// Replaces the item with `item`'s id (moving it to the end), or appends it.
    fn put(&mut self, collection: &str, item: Value) {
        let id = item["id"].clone();
        self.items_mut(collection).retain(|v| v["id"] != id);
        self.push(collection, item);
    }

    /// A mutable user by id (panics in the generator only: ids here are our own).
    pub fn user_mut(&mut self, id: &str) -> &mut Value {
        self.items_mut("users")
            .iter_mut()
            .find(|u| u["id"] == id)
            .expect("generator refers to a user it made")
    }

    /// Grants `role` to a user. `active` with `assignment_type` "Assigned" is standing access,
    /// "Activated" a JIT activation; otherwise an eligible assignment. Returns the instance id.
    pub fn grant(&mut self, key: &str, principal: &str, role: &str, kind: Grant) -> String {
        self.grant_to(key, principal, "user", role, kind)
    }

    pub fn grant_to(
        &mut self,
        key: &str,
        principal: &str,
        principal_type: &str,
        role: &str,
        kind: Grant,
    ) -> String {
        let id = guid(&format!("instance:{key}"));
        let schedule_id = guid(&format!("schedule:{key}"));
        let display = self
            .collections
            .get("users")
            .and_then(|us| us.iter().find(|u| u["id"] == principal))
            .map(|u| u["displayName"].clone())
            .unwrap_or_else(|| json!(key));
        let principal_obj = json!({"@odata.type": format!("#microsoft.graph.{principal_type}"), "id": principal, "displayName": display});
        let (start, end) = match &kind {
            Grant::Standing { end } | Grant::Eligible { end } => {
                (json!(days_from_now(-400)), json!(end))
            }
            Grant::Activated => (
                json!(days_from_now(0).replace("09:00", "08:00")),
                json!(days_from_now(0).replace("09:00", "12:00")),
            ),
        };
        let schedule_end = end.clone();
        let expiration = if end.is_null() {
            json!({"type": "noExpiration", "endDateTime": null, "duration": null})
        } else {
            json!({"type": "afterDateTime", "endDateTime": schedule_end, "duration": null})
        };
        match kind {
            Grant::Standing { .. } | Grant::Activated => {
                let assignment_type = if matches!(kind, Grant::Activated) {
                    "Activated"
                } else {
                    "Assigned"
                };
                self.push("roleAssignmentScheduleInstances", json!({
                    "id": id, "principalId": principal, "roleDefinitionId": role, "directoryScopeId": "/", "appScopeId": null,
                    "startDateTime": start, "endDateTime": end, "assignmentType": assignment_type, "memberType": "Direct",
                    "roleAssignmentOriginId": id, "roleAssignmentScheduleId": schedule_id, "principal": principal_obj
                }));
                self.push("roleAssignmentSchedules", json!({
                    "id": schedule_id, "principalId": principal, "roleDefinitionId": role, "directoryScopeId": "/", "appScopeId": null,
                    "createdUsing": schedule_id, "createdDateTime": days_from_now(-400), "modifiedDateTime": null,
                    "status": "Provisioned", "assignmentType": assignment_type, "memberType": "Direct",
                    "scheduleInfo": {"startDateTime": start, "recurrence": null, "expiration": expiration}
                }));
            }
            Grant::Eligible { .. } => {
                self.push("roleEligibilityScheduleInstances", json!({
                    "id": id, "principalId": principal, "roleDefinitionId": role, "directoryScopeId": "/", "appScopeId": null,
                    "startDateTime": start, "endDateTime": end, "memberType": "Direct",
                    "roleEligibilityScheduleId": schedule_id, "principal": principal_obj
                }));
                self.push("roleEligibilitySchedules", json!({
                    "id": schedule_id, "principalId": principal, "roleDefinitionId": role, "directoryScopeId": "/", "appScopeId": null,
                    "createdUsing": schedule_id, "createdDateTime": days_from_now(-400), "modifiedDateTime": null,
                    "status": "Provisioned", "memberType": "Direct",
                    "scheduleInfo": {"startDateTime": start, "recurrence": null, "expiration": expiration}
                }));
            }
        }
        id
    }

    /// Adds a built-in role with the careful PIM policy every role of the base tenant has.
    pub fn add_role(&mut self, id: &str, name: &str) {
        self.push("roleDefinitions", json!({
            "id": id, "displayName": name, "description": format!("{name} (built-in role)"),
            "isBuiltIn": true, "isEnabled": true, "templateId": id, "version": "1", "resourceScopes": ["/"],
            "rolePermissions": [{"allowedResourceActions": ["microsoft.directory/allEntities/allProperties/read"], "condition": null}]
        }));
        let pid = policy_id(id);
        self.push("roleManagementPolicies", json!({
            "id": pid, "displayName": "DirectoryRole", "description": "DirectoryRole", "isOrganizationDefault": false,
            "scopeId": "/", "scopeType": "DirectoryRole", "lastModifiedDateTime": null,
            "lastModifiedBy": {"displayName": null, "id": null}, "rules": policy_rules()
        }));
        self.push("roleManagementPolicyAssignments", json!({
            "id": format!("{pid}_{id}"), "policyId": pid, "scopeId": "/", "scopeType": "DirectoryRole", "roleDefinitionId": id
        }));
    }

    /// The PIM policy of a role, to change a setting for a plant.
    pub fn policy_rule_mut(&mut self, role: &str, rule_id: &str) -> &mut Value {
        let policy_id = policy_id(role);
        let policy = self
            .items_mut("roleManagementPolicies")
            .iter_mut()
            .find(|p| p["id"] == policy_id.as_str())
            .expect("every role has a policy");
        policy["rules"]
            .as_array_mut()
            .expect("rules array")
            .iter_mut()
            .find(|r| r["id"] == rule_id)
            .expect("every policy has all 17 rules")
    }
}

/// How a role is held.
pub enum Grant {
    /// An `Assigned` active instance; `end` null for permanent.
    Standing { end: Value },
    /// An `Activated` instance: just-in-time, ends within hours.
    Activated,
    /// An eligible assignment; `end` null for permanent.
    Eligible { end: Value },
}

/// A clean member user with its sign-in activity and MFA registration.
fn member_items(key: &str, name: &str) -> (Value, Value, Value) {
    let id = guid(&format!("user:{key}"));
    let upn = format!("{key}@contoso.example");
    let user = json!({
        "id": id, "displayName": name, "givenName": given(name), "surname": surname(name),
        "jobTitle": null, "department": null, "userPrincipalName": upn, "mail": upn,
        "userType": "Member", "accountEnabled": true, "creationType": null,
        "externalUserState": null, "externalUserStateChangeDateTime": null,
        "createdDateTime": days_from_now(-700), "onPremisesSyncEnabled": null,
        "sponsors": []
    });
    let sign_in = sign_in_item(&id, &upn, Some(days_from_now(-2)));
    let registration = registration_item(&id, &upn, name, true);
    (user, sign_in, registration)
}

/// The first word of a display name (the demo's people are "Given Surname").
fn given(name: &str) -> &str {
    name.split_once(' ').map_or(name, |(g, _)| g)
}

fn surname(name: &str) -> Value {
    name.split_once(' ').map_or(Value::Null, |(_, s)| json!(s))
}

/// An invited guest who accepted, signed in recently and has a user sponsor.
fn guest_items(key: &str, name: &str, sponsor: &str) -> (Value, Value, Value) {
    let id = guid(&format!("user:{key}"));
    let upn = format!("{key}_partner.example#EXT#@contoso.onmicrosoft.com");
    let user = json!({
        "id": id, "displayName": name, "givenName": given(name), "surname": surname(name),
        "jobTitle": null, "department": null, "userPrincipalName": upn, "mail": format!("{key}@partner.example"),
        "userType": "Guest", "accountEnabled": true, "creationType": "Invitation",
        "externalUserState": "Accepted", "externalUserStateChangeDateTime": days_from_now(-200),
        "createdDateTime": days_from_now(-200), "onPremisesSyncEnabled": null,
        "sponsors": [{"@odata.type": "#microsoft.graph.user", "id": sponsor, "displayName": "Sara Sponsor"}]
    });
    let sign_in = sign_in_item(&id, &upn, Some(days_from_now(-5)));
    let registration = registration_item(&id, &upn, name, true);
    (user, sign_in, registration)
}

fn sign_in_item(id: &str, upn: &str, last: Option<String>) -> Value {
    let mut item = json!({"id": id, "userPrincipalName": upn});
    if let Some(t) = last {
        item["signInActivity"] = json!({
            "lastSignInDateTime": t, "lastSignInRequestId": guid(&format!("signin:{id}")),
            "lastNonInteractiveSignInDateTime": t, "lastNonInteractiveSignInRequestId": guid(&format!("nisignin:{id}")),
            "lastSuccessfulSignInDateTime": t, "lastSuccessfulSignInRequestId": guid(&format!("signin:{id}"))
        });
    }
    item
}

fn registration_item(id: &str, upn: &str, name: &str, mfa: bool) -> Value {
    let methods: Vec<&str> = if mfa {
        vec!["microsoftAuthenticatorPush", "softwareOneTimePasscode"]
    } else {
        vec![]
    };
    json!({
        "id": id, "userPrincipalName": upn, "userDisplayName": name, "userType": "member",
        "isAdmin": false, "isMfaRegistered": mfa, "isMfaCapable": mfa, "isSsprRegistered": mfa,
        "isSsprEnabled": true, "isSsprCapable": mfa, "isPasswordlessCapable": false,
        "methodsRegistered": methods, "isSystemPreferredAuthenticationMethodEnabled": true,
        "systemPreferredAuthenticationMethods": [], "userPreferredMethodForSecondaryAuthentication": if mfa { "push" } else { "none" },
        "lastUpdatedDateTime": days_from_now(-30)
    })
}

pub fn policy_id(role: &str) -> String {
    format!(
        "DirectoryRole_{TENANT_ID}_{}",
        guid(&format!("policy:{role}"))
    )
}

/// The 17 rules of a role management policy, at the settings a careful admin would choose.
fn policy_rules() -> Vec<Value> {
    let target = |caller: &str, level: &str| json!({"caller": caller, "operations": ["all"], "level": level, "inheritableSettings": [], "enforcedSettings": []});
    let mut rules = vec![
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_Admin_Eligibility",
               "isExpirationRequired": true, "maximumDuration": "P365D", "target": target("Admin", "Eligibility")}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_Admin_Assignment",
               "isExpirationRequired": true, "maximumDuration": "P180D", "target": target("Admin", "Assignment")}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_EndUser_Assignment",
               "isExpirationRequired": true, "maximumDuration": "PT8H", "target": target("EndUser", "Assignment")}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", "id": "Enablement_Admin_Eligibility",
               "enabledRules": [], "target": target("Admin", "Eligibility")}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", "id": "Enablement_Admin_Assignment",
               "enabledRules": ["MultiFactorAuthentication", "Justification"], "target": target("Admin", "Assignment")}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", "id": "Enablement_EndUser_Assignment",
               "enabledRules": ["MultiFactorAuthentication", "Justification"], "target": target("EndUser", "Assignment")}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule", "id": "Approval_EndUser_Assignment",
               "target": target("EndUser", "Assignment"),
               "setting": {"isApprovalRequired": false, "isApprovalRequiredForExtension": false, "isRequestorJustificationRequired": true,
                           "approvalMode": "SingleStage", "approvalStages": [{"approvalStageTimeOutInDays": 1, "isApproverJustificationRequired": true,
                           "escalationTimeInMinutes": 0, "isEscalationEnabled": false, "primaryApprovers": [], "escalationApprovers": []}]}}),
        json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule", "id": "AuthenticationContext_EndUser_Assignment",
               "isEnabled": false, "claimValue": null, "target": target("EndUser", "Assignment")}),
    ];
    for (level, suffix) in [
        ("Eligibility", "Admin_Eligibility"),
        ("Assignment", "Admin_Assignment"),
        ("Assignment", "EndUser_Assignment"),
    ] {
        let caller = if suffix.starts_with("EndUser") {
            "EndUser"
        } else {
            "Admin"
        };
        for recipient in ["Admin", "Requestor", "Approver"] {
            rules.push(json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
                "id": format!("Notification_{recipient}_{suffix}"), "notificationType": "Email", "recipientType": recipient,
                "notificationLevel": "All", "isDefaultRecipientsEnabled": true, "notificationRecipients": [],
                "target": target(caller, level)}));
        }
    }
    rules
}

/// The demo tenant: small, every rule planted once or more, with look-alikes.
pub fn demo() -> (Value, BTreeSet<Expected>) {
    generate(&Sizes::default())
}

/// A tenant of the given sizes with the same plants as the demo, as one JSON value. For
/// large sizes prefer [`build`] and [`Tenant::write`], which never hold the filler.
pub fn generate(sizes: &Sizes) -> (Value, BTreeSet<Expected>) {
    let t = build(sizes);
    let v = t.value();
    (v, t.gen.expected)
}

/// A generated tenant whose filler is made while it is written.
pub struct Tenant {
    gen: Gen,
}

/// Plants every area's violations among `sizes` of (lazy) filler.
pub fn build(sizes: &Sizes) -> Tenant {
    let mut g = Gen::new();
    base(&mut g, sizes);
    signins::filler(&mut g, sizes);
    pim::plant(&mut g);
    pimgroups::plant(&mut g);
    prv::plant(&mut g);
    ext::plant(&mut g);
    em::plant(&mut g);
    // Issue 7's rules; before ar::plant, which reviews every held privileged role it finds.
    cov_identity::plant(&mut g);
    cov_governance::plant(&mut g);
    policy::plant(&mut g);
    identity::hires(&mut g);
    // Issue 14's rules.
    cov_signals::plant(&mut g);
    // Issue 19's workload and agent identities.
    workload::plant(&mut g);
    ar::plant(&mut g, sizes);
    // Derives the direct role assignments and activation requests from every grant above.
    policy::finish(&mut g);
    cov_signals::methods(&mut g);
    // Last: members of every group, sign-ins and audit records of every user and group above.
    identity::plant(&mut g, sizes);
    Tenant { gen: g }
}

impl Tenant {
    /// The findings the tenant must produce.
    pub fn expected(&self) -> &BTreeSet<Expected> {
        &self.gen.expected
    }

    /// The snapshot envelope, filler still as markers.
    fn envelope(&self) -> Value {
        snapshot(&self.gen.collections, &self.gen.windows, &self.gen.fillers)
    }

    /// The whole snapshot as one JSON value (filler materialised).
    pub fn value(&self) -> Value {
        expand(&self.envelope(), &self.gen.fillers)
    }

    /// Streams the snapshot to `w`, pretty (two-space indent, as `to_string_pretty`) or
    /// compact, with a trailing newline; filler items are made and written one at a time.
    pub fn write(&self, w: impl std::io::Write, pretty: bool) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
        let env = self.envelope();
        let lazy = Lazy {
            v: &env,
            f: &self.gen.fillers,
        };
        if pretty {
            serde::Serialize::serialize(&lazy, &mut serde_json::Serializer::pretty(&mut w))
        } else {
            serde::Serialize::serialize(&lazy, &mut serde_json::Serializer::new(&mut w))
        }
        .map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
        w.flush()
    }
}

use std::io::Write as _;

fn marker(v: &Value) -> Option<usize> {
    match v {
        Value::String(s) => s.strip_prefix(MARK)?.parse().ok(),
        _ => None,
    }
}

/// How many items an array holds once its markers are expanded.
fn expanded_len(items: &[Value], f: &[Filler]) -> usize {
    items
        .iter()
        .map(|v| marker(v).map_or(1, |k| f[k].count))
        .sum()
}

fn expand(v: &Value, f: &[Filler]) -> Value {
    match v {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(expanded_len(items, f));
            for it in items {
                match marker(it) {
                    Some(k) => out.extend((0..f[k].count).map(|i| (f[k].make)(i))),
                    None => out.push(expand(it, f)),
                }
            }
            Value::Array(out)
        }
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), expand(v, f))).collect())
        }
        other => other.clone(),
    }
}

/// Serialises a value with its markers expanded, exactly as `Value` itself serialises.
struct Lazy<'a> {
    v: &'a Value,
    f: &'a [Filler],
}

impl serde::Serialize for Lazy<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.v {
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(expanded_len(items, self.f)))?;
                for it in items {
                    match marker(it) {
                        Some(k) => {
                            for i in 0..self.f[k].count {
                                seq.serialize_element(&(self.f[k].make)(i))?;
                            }
                        }
                        None => seq.serialize_element(&Lazy { v: it, f: self.f })?,
                    }
                }
                seq.end()
            }
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, &Lazy { v, f: self.f })?;
                }
                map.end()
            }
            other => other.serialize(s),
        }
    }
}

fn base(g: &mut Gen, sizes: &Sizes) {
    for (id, name) in ROLES {
        g.add_role(id, name);
    }
    // Critical roles need approval to activate in a well-run tenant.
    for role in [
        GLOBAL_ADMIN,
        PRIVILEGED_ROLE_ADMIN,
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    ] {
        if ROLES.iter().any(|(r, _)| *r == role) {
            let approver = guid("user:sec-lead");
            let rule = g.policy_rule_mut(role, "Approval_EndUser_Assignment");
            rule["setting"]["isApprovalRequired"] = json!(true);
            rule["setting"]["approvalStages"][0]["primaryApprovers"] = json!([{"@odata.type": "#microsoft.graph.singleUser", "userId": approver, "description": "Security lead"}]);
        }
    }
    // The people who run the tenant: a security lead, a sponsor for guests.
    let lead = g.member("sec-lead", "Sam Security-Lead");
    g.member("sponsor", "Sara Sponsor");
    // Two admins who do it right: eligible, time-bound, activating just in time.
    let ada = g.member("ada", "Ada Eligible");
    g.grant(
        "ada-ga-eligible",
        &ada,
        GLOBAL_ADMIN,
        Grant::Eligible {
            end: json!(days_from_now(200)),
        },
    );
    g.grant("ada-ga-activated", &ada, GLOBAL_ADMIN, Grant::Activated);
    g.grant(
        "lead-pra-eligible",
        &lead,
        PRIVILEGED_ROLE_ADMIN,
        Grant::Eligible {
            end: json!(days_from_now(100)),
        },
    );
    // Filler members and guests, made lazily (one marker per collection, in creation order).
    let member = |i: usize| member_items(&format!("member{i:06}"), &format!("Member {i:06}"));
    let sponsor = guid("user:sponsor");
    let guest =
        move |i: usize| guest_items(&format!("guest{i:06}"), &format!("Guest {i:06}"), &sponsor);
    let n = sizes.users;
    let m = [
        g.lazy(n, move |i| member(i).0),
        g.lazy(n, move |i| member(i).1),
        g.lazy(n, move |i| member(i).2),
    ];
    let n = sizes.guests;
    let gs = {
        let (a, b, c) = (guest.clone(), guest.clone(), guest);
        [
            g.lazy(n, move |i| a(i).0),
            g.lazy(n, move |i| b(i).1),
            g.lazy(n, move |i| c(i).2),
        ]
    };
    for (i, c) in ["users", "userSignInActivity", "userRegistrationDetails"]
        .into_iter()
        .enumerate()
    {
        g.push(c, m[i].clone());
        g.push(c, gs[i].clone());
    }
    g.push("groups", json!({
        "id": guid("group:guest-sponsors"), "displayName": "Guest sponsors", "groupTypes": [], "securityEnabled": true,
        "mailEnabled": false, "isAssignableToRole": false, "membershipRule": null, "membershipRuleProcessingState": null,
        "visibility": "Private", "onPremisesSyncEnabled": null, "createdDateTime": days_from_now(-900)
    }));
    g.items_mut("riskyUsers");
    g.push("organization", json!({"id": TENANT_ID, "displayName": "Contoso (demo)", "verifiedDomains": [{"name": "contoso.example", "isDefault": true}]}));
}

/// Wraps collections in the snapshot envelope, every collection complete.
fn snapshot(
    collections: &BTreeMap<String, Vec<Value>>,
    windows: &BTreeMap<String, String>,
    fillers: &[Filler],
) -> Value {
    let mut cs = serde_json::Map::new();
    for (name, items) in collections {
        let mut record = json!({
            "status": "complete", "apiVersion": "v1.0", "request": request_for(name, windows.get(name)),
            "count": expanded_len(items, fillers), "items": items
        });
        if let Some(since) = windows.get(name) {
            record["window"] = json!({"since": since});
        }
        if name == "servicePrincipalSignInActivities" {
            // Graph has it only in beta: the demo holds it as a beta read would, marked so.
            record["apiVersion"] = json!("beta");
        }
        cs.insert(name.clone(), record);
    }
    json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": TENANT_ID, "displayName": "Contoso (demo)", "cloud": "global"},
        "fetchedAt": FETCHED_AT,
        "tool": {"name": "govlint-testkit", "version": env!("CARGO_PKG_VERSION")},
        "collections": cs
    })
}

/// The Graph request a real fetch would have made for a collection (documentation only).
fn request_for(name: &str, since: Option<&String>) -> String {
    let since = since.map_or("", String::as_str);
    let path = match name {
        "signIns" => return format!("/v1.0/auditLogs/signIns?$filter=createdDateTime ge {since}&$top=1000"),
        "directoryAudits" => return format!("/v1.0/auditLogs/directoryAudits?$filter=category eq 'GroupManagement' and activityDisplayName eq 'Add group' and activityDateTime ge {since}"),
        "riskDetections" => "/identityProtection/riskDetections",
        "users" => "/users?$select=id,displayName,givenName,surname,jobTitle,department,userPrincipalName,mail,userType,accountEnabled,creationType,externalUserState,externalUserStateChangeDateTime,createdDateTime,onPremisesSyncEnabled&$expand=sponsors($select=id,displayName)",
        "userSignInActivity" => "/users?$select=id,userPrincipalName,signInActivity&$top=500",
        "userRegistrationDetails" => "/reports/authenticationMethods/userRegistrationDetails",
        "riskyUsers" => "/identityProtection/riskyUsers",
        "groups" => "/groups (+members, owners of every group)",
        "privilegedAccessGroupEligibilityScheduleInstances" => "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=groupId eq '{gid}' (per role-assignable group)",
        "privilegedAccessGroupAssignmentScheduleInstances" => "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances?$filter=groupId eq '{gid}' (per role-assignable group)",
        "groupRoleManagementPolicies" => "/policies/roleManagementPolicies?$filter=scopeId eq '{gid}' and scopeType eq 'Group'&$expand=rules (per role-assignable group)",
        "groupRoleManagementPolicyAssignments" => "/policies/roleManagementPolicyAssignments?$filter=scopeId eq '{gid}' and scopeType eq 'Group' (per role-assignable group)",
        "organization" => "/organization",
        "roleDefinitions" => "/roleManagement/directory/roleDefinitions",
        "roleAssignmentScheduleInstances" => "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal",
        "roleEligibilityScheduleInstances" => "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal",
        "roleAssignmentSchedules" => "/roleManagement/directory/roleAssignmentSchedules",
        "roleEligibilitySchedules" => "/roleManagement/directory/roleEligibilitySchedules",
        "roleManagementPolicies" => "/policies/roleManagementPolicies?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'&$expand=rules",
        "roleManagementPolicyAssignments" => "/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'",
        "accessReviewDefinitions" => "/identityGovernance/accessReviews/definitions (+instances, decisions, contactedReviewers)",
        "accessPackageCatalogs" => "/identityGovernance/entitlementManagement/catalogs (+resources, customWorkflowExtensions)",
        "accessPackages" => "/identityGovernance/entitlementManagement/accessPackages?$expand=resourceRoleScopes($expand=role,scope),catalog",
        "accessPackageAssignmentPolicies" => "/identityGovernance/entitlementManagement/assignmentPolicies",
        "accessPackageAssignments" => "/identityGovernance/entitlementManagement/assignments?$expand=target",
        "connectedOrganizations" => "/identityGovernance/entitlementManagement/connectedOrganizations (+internalSponsors, externalSponsors)",
        "authorizationPolicy" => "/policies/authorizationPolicy",
        "roleAssignments" => "/roleManagement/directory/roleAssignments",
        "roleAssignmentScheduleRequests" => "/roleManagement/directory/roleAssignmentScheduleRequests?$filter=action eq 'selfActivate'",
        "servicePrincipals" => "/servicePrincipals (+owners, appRoleAssignments)",
        "applications" => "/applications (+owners)",
        "agentIdentities" => "/servicePrincipals/microsoft.graph.agentIdentity (+sponsors)",
        "agentIdentityBlueprintPrincipals" => "/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal (+sponsors)",
        "agentIdentityBlueprints" => "/applications/microsoft.graph.agentIdentityBlueprint (+sponsors, inheritablePermissions)",
        "agentUsers" => "/users/microsoft.graph.agentUser (+sponsors)",
        "servicePrincipalSignInActivities" => return "/beta/reports/servicePrincipalSignInActivities".into(),
        _ => "",
    };
    format!("/v1.0{path}")
}

/// The demo snapshot as committed: pretty JSON with a trailing newline.
pub fn demo_json() -> String {
    let mut out = Vec::new();
    build(&Sizes::default())
        .write(&mut out, true)
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_and_well_formed() {
        assert_eq!(guid("a"), guid("a"));
        assert_ne!(guid("a"), guid("b"));
        let g = guid("user:ava");
        assert_eq!(g.len(), 36);
        assert_eq!(g.matches('-').count(), 4);
    }

    #[test]
    fn days_are_civil_dates() {
        assert_eq!(days_from_now(0), FETCHED_AT);
        assert_eq!(days_from_now(11), "2026-12-01T09:00:00Z");
        assert_eq!(days_from_now(-325), "2025-12-30T09:00:00Z");
    }
}
