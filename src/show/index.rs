//! What every question needs from the snapshot: id → object indexes (built once per command,
//! only the ones it asks for), display-name resolution, and finding an object by name.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;
use regorus::Value;

use super::fields::{contains_ci, eq_ci, odata_kind, s};
use super::view::{Ref, View};
use crate::snapshot::Snapshot;

/// Collection names (policies/README.md).
pub const USERS: &str = "users";
pub const GROUPS: &str = "groups";
pub const SERVICE_PRINCIPALS: &str = "servicePrincipals";
pub const ROLE_DEFINITIONS: &str = "roleDefinitions";
pub const ACTIVE: &str = "roleAssignmentScheduleInstances";
pub const ELIGIBLE: &str = "roleEligibilityScheduleInstances";
pub const REVIEWS: &str = "accessReviewDefinitions";
pub const CATALOGS: &str = "accessPackageCatalogs";
pub const PACKAGES: &str = "accessPackages";
pub const POLICIES: &str = "accessPackageAssignmentPolicies";
pub const ASSIGNMENTS: &str = "accessPackageAssignments";
pub const CONNECTED_ORGS: &str = "connectedOrganizations";
pub const SIGN_IN_ACTIVITY: &str = "userSignInActivity";
pub const REGISTRATION: &str = "userRegistrationDetails";
pub const RISKY_USERS: &str = "riskyUsers";
pub const RISK_DETECTIONS: &str = "riskDetections";
pub const SIGN_INS: &str = "signIns";
pub const DIRECTORY_AUDITS: &str = "directoryAudits";

/// The zero GUID Graph writes for "nobody" (unreviewed decisions, system actions).
pub const ZERO_GUID: &str = "00000000-0000-0000-0000-000000000000";

/// Ids as keys, lower-cased; borrowed from the snapshot when they already are (Graph's GUIDs
/// are), so building an index of 200k users allocates no strings.
type ById<'a> = HashMap<Cow<'a, str>, &'a Value>;

fn lower(id: &str) -> Cow<'_, str> {
    if id.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(id.to_ascii_lowercase())
    } else {
        Cow::Borrowed(id)
    }
}

fn by_id<'a>(items: &'a [Value], also: Option<&str>) -> ById<'a> {
    let mut m = HashMap::with_capacity(items.len());
    for item in items {
        if let Some(id) = s(item, "id") {
            m.insert(lower(id), item);
        }
        if let Some(k) = also.and_then(|k| s(item, k)) {
            m.entry(lower(k)).or_insert(item);
        }
    }
    m
}

/// One question's view of the snapshot: its clock, and indexes built at most once.
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    pub now: Timestamp,
    users: OnceCell<ById<'a>>,
    groups: OnceCell<ById<'a>>,
    sps: OnceCell<ById<'a>>,
    roles: OnceCell<ById<'a>>,
    packages: OnceCell<ById<'a>>,
    catalogs: OnceCell<ById<'a>>,
    policies: OnceCell<ById<'a>>,
    orgs: OnceCell<ById<'a>>,
    /// Collections read that are not complete (or absent), with the reason.
    incomplete: RefCell<BTreeSet<String>>,
}

impl<'a> Ctx<'a> {
    pub fn new(snap: &'a Snapshot, now: Timestamp) -> Ctx<'a> {
        Ctx {
            snap,
            now,
            users: OnceCell::new(),
            groups: OnceCell::new(),
            sps: OnceCell::new(),
            roles: OnceCell::new(),
            packages: OnceCell::new(),
            catalogs: OnceCell::new(),
            policies: OnceCell::new(),
            orgs: OnceCell::new(),
            incomplete: RefCell::new(BTreeSet::new()),
        }
    }

    /// The items of a collection the answer depends on; one that is not complete is noted so
    /// the answer says it may be incomplete.
    pub fn items(&self, name: &str) -> &'a [Value] {
        if let Some(reason) = self.snap.unusable_reason(name) {
            self.incomplete.borrow_mut().insert(reason);
        }
        self.lookup_items(name)
    }

    /// Notes why the answer may be incomplete beyond a collection's own status (a group whose
    /// members were not read, a package that could not be placed, rules not evaluated).
    pub fn note_incomplete(&self, reason: String) {
        self.incomplete.borrow_mut().insert(reason);
    }

    /// The items of a collection used only to name things (a missing name is shown as such,
    /// never hidden), so its completeness is not the answer's.
    fn lookup_items(&self, name: &str) -> &'a [Value] {
        self.snap
            .collections
            .get(name)
            .map_or(&[][..], |c| c.items.as_slice())
    }

    fn index<'s>(
        &'s self,
        cell: &'s OnceCell<ById<'a>>,
        name: &str,
        also: Option<&str>,
    ) -> &'s ById<'a> {
        cell.get_or_init(|| by_id(self.lookup_items(name), also))
    }

    pub fn user(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.users, USERS, None)
            .get(lower(id).as_ref())
            .copied()
    }

    pub fn group(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.groups, GROUPS, None)
            .get(lower(id).as_ref())
            .copied()
    }

    pub fn service_principal(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.sps, SERVICE_PRINCIPALS, None)
            .get(lower(id).as_ref())
            .copied()
    }

    /// A role definition by id or template id.
    pub fn role(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.roles, ROLE_DEFINITIONS, Some("templateId"))
            .get(lower(id).as_ref())
            .copied()
    }

    pub fn package(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.packages, PACKAGES, None)
            .get(lower(id).as_ref())
            .copied()
    }

    pub fn catalog(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.catalogs, CATALOGS, None)
            .get(lower(id).as_ref())
            .copied()
    }

    pub fn policy(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.policies, POLICIES, None)
            .get(lower(id).as_ref())
            .copied()
    }

    pub fn org(&self, id: &str) -> Option<&'a Value> {
        self.index(&self.orgs, CONNECTED_ORGS, None)
            .get(lower(id).as_ref())
            .copied()
    }

    /// A user, group or service principal by id, named from the snapshot; `embedded` is what
    /// Graph embedded beside the id (`principal`, `reviewedBy`, a sponsor), used when the
    /// snapshot's own collections do not hold the object.
    pub fn principal(&self, id: &str, embedded: Option<&Value>) -> Ref {
        if let Some(u) = self.user(id) {
            return Ref::new(id, s(u, "displayName").map(str::to_string))
                .kind("user")
                .upn(s(u, "userPrincipalName").map(str::to_string));
        }
        if let Some(g) = self.group(id) {
            return Ref::new(id, s(g, "displayName").map(str::to_string)).kind("group");
        }
        if let Some(sp) = self.service_principal(id) {
            return Ref::new(id, s(sp, "displayName").map(str::to_string)).kind("servicePrincipal");
        }
        let mut r = Ref::new(id, None);
        if let Some(e) = embedded {
            r.name = s(e, "displayName").map(str::to_string);
            r.upn = s(e, "userPrincipalName")
                .or_else(|| s(e, "principalName"))
                .map(str::to_string);
            r.kind = odata_kind(e)
                .map(|k| k.strip_suffix("Identity").unwrap_or(k).to_string())
                .or_else(|| s(e, "subjectType").map(str::to_string));
        }
        r
    }

    /// An embedded identity (`{id, displayName, userPrincipalName}`) as a reference; `None` for
    /// nobody (missing, empty or the zero GUID).
    pub fn identity(&self, ident: &Value) -> Option<Ref> {
        let id = s(ident, "id").filter(|id| *id != ZERO_GUID)?;
        Some(self.principal(id, Some(ident)))
    }

    pub fn role_ref(&self, id: &str) -> Ref {
        let name = self
            .role(id)
            .and_then(|r| s(r, "displayName"))
            .map(str::to_string)
            .or_else(|| builtin_role_name(id).map(str::to_string));
        Ref::new(id, name).kind("role")
    }

    /// A reference to an object of a collection by id, named by its `displayName`, else by
    /// what `embedded` says.
    pub fn obj_ref(&self, obj: Option<&Value>, id: &str, embedded: Option<&Value>) -> Ref {
        let name = obj
            .and_then(|o| s(o, "displayName"))
            .or_else(|| embedded.and_then(|e| s(e, "displayName")));
        Ref::new(id, name.map(str::to_string))
    }

    /// Fills the header and the incomplete notes of a finished answer.
    pub fn finish(&self, mut view: View) -> View {
        view.tenant = match &self.snap.tenant.display_name {
            Some(n) => format!("{n} ({})", self.snap.tenant.id),
            None => self.snap.tenant.id.clone(),
        };
        view.fetched_at = self.snap.fetched_at.to_string();
        view.now = self.now.to_string();
        view.incomplete = self.incomplete.borrow().iter().cloned().collect();
        view
    }
}

/// A few built-in role names, for snapshots without `roleDefinitions`.
fn builtin_role_name(id: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        (
            "62e90394-69f5-4237-9190-012177145e10",
            "Global Administrator",
        ),
        (
            "e8611ab8-c189-46e8-94e1-60213ab1f814",
            "Privileged Role Administrator",
        ),
        (
            "194ae4cb-b126-40b2-bd5b-6091b380977d",
            "Security Administrator",
        ),
        ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
        ("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"),
    ];
    NAMES
        .iter()
        .find(|(i, _)| i.eq_ignore_ascii_case(id))
        .map(|(_, n)| *n)
}

/// Why a name does not pick exactly one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    Unknown {
        what: &'static str,
        name: String,
        hint: String,
        /// The closest names in the snapshot, best first (a typo, a part of a name).
        suggestions: Vec<Ref>,
    },
    Ambiguous {
        what: &'static str,
        name: String,
        candidates: Vec<Ref>,
    },
}

impl Miss {
    pub fn into_report(self) -> miette::Report {
        match self {
            Miss::Unknown {
                what,
                name,
                hint,
                suggestions,
            } => {
                let mut message = format!("no {what} named `{name}` in the snapshot");
                if !suggestions.is_empty() {
                    message.push_str("; the closest:");
                    push_candidates(&mut message, &suggestions);
                }
                miette::Report::new(crate::diag::Plain {
                    message,
                    help: Some(format!(
                        "names match by display name, id, user principal name or mail, ignoring case; {hint}"
                    )),
                })
            }
            Miss::Ambiguous {
                what,
                name,
                candidates,
            } => {
                let mut message = format!("`{name}` matches {} {what}s:", candidates.len());
                push_candidates(&mut message, &candidates);
                miette::Report::new(crate::diag::Plain {
                    message,
                    help: Some("pass the id (or the user principal name) to pick one".into()),
                })
            }
        }
    }
}

/// Two short lines per candidate: miette wraps long lines, and ids and UPNs break badly.
fn push_candidates(message: &mut String, candidates: &[Ref]) {
    for c in candidates {
        message.push_str("\n  ");
        message.push_str(c.name.as_deref().unwrap_or("(no display name)"));
        if let Some(u) = &c.upn {
            message.push_str(&format!("  {u}"));
        }
        message.push_str(&format!("\n    id {}", c.id));
    }
}

/// The person a name picks among the users and `extra` (principals a question knows that are
/// not in `users`, shaped like users): by id, whole name, UPN or mail, then part of the name.
pub fn find_person<'a: 'v, 'v>(ctx: &Ctx<'a>, name: &str, extra: &'v [Value]) -> Result<Ref, Miss> {
    let users: &'v [Value] = ctx.items(USERS);
    let found = find(
        users.iter().chain(extra.iter()),
        name,
        &["displayName", "userPrincipalName", "mail"],
        "user",
        "search by part of the display name, or pass the id",
    )?;
    let id = s(found, "id").unwrap_or_default();
    Ok(ctx.principal(id, Some(found)))
}

/// Finds the one object `query` names among `items`, matching the id, then (ignoring case)
/// the whole of one of `name_keys`, then a part of the display name. Several matches at the
/// first level that has any are ambiguous.
pub fn find<'v, I>(
    items: I,
    query: &str,
    name_keys: &[&str],
    what: &'static str,
    hint: &str,
) -> Result<&'v Value, Miss>
where
    I: IntoIterator<Item = &'v Value> + Clone,
{
    let q = query.trim();
    let items_again = items.clone();
    // One pass for the id and whole names; a second, for part of a name, only when needed.
    let mut by_id = Vec::new();
    let mut by_name = Vec::new();
    for v in items.clone() {
        if s(v, "id").is_some_and(|id| eq_ci(id, q)) {
            by_id.push(v);
        } else if name_keys
            .iter()
            .any(|k| s(v, k).is_some_and(|n| eq_ci(n, q)))
        {
            by_name.push(v);
        }
    }
    let found = if !by_id.is_empty() {
        by_id
    } else if !by_name.is_empty() {
        by_name
    } else {
        let lower = q.to_lowercase();
        items
            .into_iter()
            .filter(|v| s(v, "displayName").is_some_and(|n| contains_ci(n, &lower)))
            .collect()
    };
    match found.len() {
        0 => Err(Miss::Unknown {
            what,
            name: q.to_string(),
            hint: hint.to_string(),
            suggestions: super::suggest::closest(items_again, q, name_keys),
        }),
        1 => Ok(found[0]),
        _ => {
            let mut refs: Vec<Ref> = found
                .iter()
                .map(|v| {
                    Ref::new(
                        s(v, "id").unwrap_or_default(),
                        s(v, "displayName").map(str::to_string),
                    )
                    .upn(s(v, "userPrincipalName").map(str::to_string))
                })
                .collect();
            refs.sort();
            refs.dedup();
            Err(Miss::Ambiguous {
                what,
                name: q.to_string(),
                candidates: refs,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(j: serde_json::Value) -> Value {
        Value::from(j)
    }

    #[test]
    fn find_prefers_id_then_whole_name_then_part() {
        let items = [
            v(serde_json::json!({"id": "a1", "displayName": "Finance review"})),
            v(serde_json::json!({"id": "b2", "displayName": "Finance review Q2"})),
            v(serde_json::json!({"id": "c3", "displayName": "HR", "userPrincipalName": "hr@x"})),
        ];
        let find = |q: &str| {
            find(
                items.iter(),
                q,
                &["displayName", "userPrincipalName"],
                "review",
                "",
            )
        };
        assert_eq!(s(find("A1").expect("id"), "id"), Some("a1"));
        assert_eq!(s(find("finance REVIEW").expect("name"), "id"), Some("a1"));
        assert_eq!(s(find("q2").expect("part"), "id"), Some("b2"));
        assert_eq!(s(find("HR@X").expect("upn"), "id"), Some("c3"));
        match find("finance") {
            Err(Miss::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(matches!(find("payroll"), Err(Miss::Unknown { .. })));
    }
}
