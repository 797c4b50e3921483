//! Workload and agent identities: `show agents` (each agent identity with its blueprint,
//! sponsors, application permissions, directory roles and last sign-in; agent users with
//! their sponsors) and `show app NAME` (an application or service principal: owners,
//! credentials with their expiry, permissions and roles).
//!
//! Permissions are app role assignments resolved to their names through the resource service
//! principal's `appRoles`, as the WID rules resolve them; sign-in activity is Graph beta's
//! (`servicePrincipalSignInActivities`), joined by `appId`.

use std::collections::HashMap;

use jiff::Timestamp;
use regorus::Value;

use super::fields::{arr, boolean, days_between, get, odata_kind, s, timestamp};
use super::index::{find, Ctx, Miss, ACTIVE, ELIGIBLE, SERVICE_PRINCIPALS};
use super::roles::in_effect;
use super::view::{col, Cell, Col, Ref, Table, View};

pub const APPLICATIONS: &str = "applications";
pub const AGENTS: &str = "agentIdentities";
pub const BLUEPRINTS: &str = "agentIdentityBlueprints";
pub const AGENT_USERS: &str = "agentUsers";
pub const SP_SIGN_INS: &str = "servicePrincipalSignInActivities";

/// What a service principal is, in words (as the WID rules and PIM010 say it).
pub fn kind(sp: &Value) -> &'static str {
    match odata_kind(sp) {
        Some("agentIdentity") => "agent identity",
        Some("agentIdentityBlueprintPrincipal") => "agent blueprint principal",
        Some("agentIdentityBlueprint") => "agent blueprint",
        _ if s(sp, "servicePrincipalType") == Some("ManagedIdentity") => "managed identity",
        _ => "application",
    }
}

/// A directory role held: role id, "active" or "eligible", and its end (none: permanent).
type Held<'a> = (&'a str, &'static str, Option<&'a str>);

/// The indexes the workload questions join through, built once per answer.
struct Joins<'a> {
    /// Permission names by resource service principal id and app role id.
    roles: HashMap<&'a str, HashMap<&'a str, &'a str>>,
    /// Last sign-in by appId.
    last: HashMap<&'a str, Timestamp>,
    /// Directory roles in effect by principal id: (role id, "active" | "eligible", end).
    held: HashMap<&'a str, Vec<Held<'a>>>,
}

impl<'a> Joins<'a> {
    fn new(ctx: &Ctx<'a>, sps: &'a [Value]) -> Joins<'a> {
        let mut roles: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
        for sp in sps {
            let (Some(id), app_roles) = (s(sp, "id"), arr(sp, "appRoles")) else {
                continue;
            };
            for r in app_roles {
                if let (Some(rid), Some(value)) = (s(r, "id"), s(r, "value")) {
                    roles.entry(id).or_default().insert(rid, value);
                }
            }
        }
        let mut last = HashMap::new();
        for a in ctx.items(SP_SIGN_INS) {
            if let (Some(app), Some(t)) = (
                s(a, "appId"),
                timestamp(get(a, "lastSignInActivity"), "lastSignInDateTime"),
            ) {
                last.insert(app, t);
            }
        }
        let mut held: HashMap<&str, Vec<_>> = HashMap::new();
        for (collection, how) in [(ACTIVE, "active"), (ELIGIBLE, "eligible")] {
            for inst in ctx.items(collection) {
                if !in_effect(inst, ctx.now) {
                    continue;
                }
                if let (Some(p), Some(role)) = (s(inst, "principalId"), s(inst, "roleDefinitionId"))
                {
                    held.entry(p)
                        .or_default()
                        .push((role, how, s(inst, "endDateTime")));
                }
            }
        }
        Joins { roles, last, held }
    }

    /// The permission names a service principal holds, sorted, with their resource.
    fn permissions(&self, ctx: &Ctx, sp: &Value) -> Vec<(String, Ref)> {
        let mut out: Vec<(String, Ref)> = arr(sp, "appRoleAssignments")
            .iter()
            .filter(|a| s(a, "deletedDateTime").is_none())
            .filter_map(|a| {
                let resource = s(a, "resourceId")?;
                let role = s(a, "appRoleId")?;
                let name = self
                    .roles
                    .get(resource)
                    .and_then(|r| r.get(role))
                    .copied()
                    .unwrap_or(role);
                let r = ctx.service_principal(resource);
                Some((
                    name.to_string(),
                    ctx.obj_ref(r, resource, Some(a))
                        .kind("servicePrincipal")
                        .named_from(s(a, "resourceDisplayName")),
                ))
            })
            .collect();
        out.sort();
        out
    }

    fn roles_of(&self, ctx: &Ctx, id: &str) -> Vec<(Ref, &'static str, Option<&'a str>)> {
        let mut out: Vec<_> = self
            .held
            .get(id)
            .into_iter()
            .flatten()
            .map(|(role, how, end)| (ctx.role_ref(role), *how, *end))
            .collect();
        out.sort();
        out
    }

    fn last_sign_in(&self, now: Timestamp, app_id: Option<&str>) -> Cell {
        match app_id.and_then(|a| self.last.get(a)) {
            Some(t) => Cell::Text(format!("{t} ({})", days_ago(days_between(*t, now)))),
            None => Cell::text("none recorded"),
        }
    }
}

trait NamedFrom {
    fn named_from(self, name: Option<&str>) -> Self;
}

impl NamedFrom for Ref {
    /// The snapshot's name, else the one Graph embedded beside the id.
    fn named_from(mut self, name: Option<&str>) -> Ref {
        if self.name.is_none() {
            self.name = name.map(str::to_string);
        }
        self
    }
}

fn refs(ctx: &Ctx, list: &[Value]) -> Cell {
    let mut out: Vec<Ref> = list
        .iter()
        .filter_map(|o| Some(ctx.principal(s(o, "id")?, Some(o))))
        .collect();
    out.sort_by_key(|r| (r.name_or_marker().to_lowercase(), r.id.clone()));
    if out.is_empty() {
        Cell::text("none")
    } else {
        Cell::Refs(out)
    }
}

/// `show agents`.
pub fn agents(ctx: &Ctx) -> View {
    const COLS: &[Col] = &[
        col("agent", "AGENT"),
        col("blueprint", "BLUEPRINT"),
        col("sponsors", "SPONSORS"),
        col("permissions", "PERMISSIONS"),
        col("roles", "ROLES"),
        col("lastSignIn", "LAST SIGN-IN"),
    ];
    let sps = ctx.items(SERVICE_PRINCIPALS);
    let joins = Joins::new(ctx, sps);
    let mut blueprints: HashMap<&str, &Value> = HashMap::new();
    for bp in ctx.items(BLUEPRINTS) {
        for k in ["appId", "id"] {
            if let Some(v) = s(bp, k) {
                blueprints.insert(v, bp);
            }
        }
    }
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    let mut unsponsored = 0;
    for a in ctx.items(AGENTS) {
        let Some(id) = s(a, "id") else { continue };
        let sp = ctx.service_principal(id);
        let me = ctx.obj_ref(sp, id, Some(a)).kind("agentIdentity");
        let bp = match s(a, "agentIdentityBlueprintId") {
            Some(b) => match blueprints.get(b) {
                Some(v) => Cell::Ref(Ref::new(
                    s(v, "id").unwrap_or(b),
                    s(v, "displayName").map(str::to_string),
                )),
                None => Cell::Text(format!("{b} (no longer exists)")),
            },
            None => Cell::Empty,
        };
        let sponsors = arr(a, "sponsors");
        unsponsored += usize::from(sponsors.is_empty());
        let perms: Vec<String> = sp
            .map(|sp| joins.permissions(ctx, sp))
            .unwrap_or_default()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let roles: Vec<String> = joins
            .roles_of(ctx, id)
            .into_iter()
            .map(|(r, how, _)| format!("{} ({how})", r.name_or_marker()))
            .collect();
        let app_id = sp.and_then(|sp| s(sp, "appId"));
        rows.push((
            format!("{}\u{0}{id}", me.name_or_marker().to_lowercase()),
            vec![
                me.into(),
                bp,
                refs(ctx, sponsors),
                Cell::text(perms.join(", ")),
                Cell::text(roles.join(", ")),
                joins.last_sign_in(ctx.now, app_id),
            ],
        ));
    }
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    let mut t = Table::new("agents", "Agent identities", COLS);
    for (_, r) in rows {
        t.push(r);
    }
    let mut users = Table::new(
        "agentUsers",
        "Agent users",
        &[col("agentUser", "AGENT USER"), col("sponsors", "SPONSORS")],
    );
    let mut list: Vec<&Value> = ctx.items(AGENT_USERS).iter().collect();
    list.sort_by_key(|u| (s(u, "displayName").map(str::to_lowercase), s(u, "id")));
    for u in list {
        let id = s(u, "id").unwrap_or_default();
        let me = Ref::new(id, s(u, "displayName").map(str::to_string))
            .kind("agentUser")
            .upn(s(u, "userPrincipalName").map(str::to_string));
        let sponsors = arr(u, "sponsors");
        unsponsored += usize::from(sponsors.is_empty());
        users.push(vec![me.into(), refs(ctx, sponsors)]);
    }
    let mut v = View {
        query: "show agents".into(),
        title: "Agent identities and agent users".into(),
        ..View::default()
    };
    v.count("agents", "agent identities", t.rows.len());
    v.count("agentUsers", "agent users", users.rows.len());
    v.count("unsponsored", "without a sponsor", unsponsored);
    v.tables.push(t);
    v.tables.push(users);
    ctx.finish(v)
}

/// `show app NAME`: a service principal by name, appId or id; an app registration when no
/// service principal matches.
pub fn app(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    const HINT: &str = "the servicePrincipals and applications collections of the snapshot list them; an appId works too";
    let keys = &["displayName", "appId"];
    let sps = ctx.items(SERVICE_PRINCIPALS);
    let apps = ctx.items(APPLICATIONS);
    let (sp, reg) = match find(sps.iter(), name, keys, "application", HINT) {
        Ok(sp) => {
            let app_id = s(sp, "appId");
            let reg = apps
                .iter()
                .find(|a| app_id.is_some() && s(a, "appId") == app_id);
            (Some(sp), reg)
        }
        Err(Miss::Unknown { .. }) if find(apps.iter(), name, keys, "application", HINT).is_ok() => {
            (
                None,
                find(apps.iter(), name, keys, "application", HINT).ok(),
            )
        }
        Err(miss) => return Err(miss),
    };
    let main = sp.or(reg).unwrap_or(&Value::Null);
    let joins = Joins::new(ctx, sps);
    let id = s(main, "id").unwrap_or_default();
    let me = Ref::new(id, s(main, "displayName").map(str::to_string));
    let mut v = View {
        query: format!("show app {name}"),
        title: format!("Application {}", me.name_or_marker()),
        object_key: Some("app"),
        ..View::default()
    };
    v.field("displayName", "Name", Cell::opt(s(main, "displayName")));
    v.field("kind", "Kind", kind(main));
    v.field("appId", "App id", Cell::opt(s(main, "appId")));
    v.field(
        "servicePrincipalId",
        "Service principal",
        Cell::opt(sp.and_then(|x| s(x, "id"))),
    );
    v.field(
        "applicationId",
        "App registration",
        match reg {
            Some(r) => Cell::opt(s(r, "id")),
            None => Cell::text("none in this tenant"),
        },
    );
    if let Some(sp) = sp {
        v.field(
            "servicePrincipalOwners",
            "Owners (service principal)",
            refs(ctx, arr(sp, "owners")),
        );
        v.field(
            "accountEnabled",
            "Enabled",
            boolean(sp, "accountEnabled").map_or(Cell::Empty, Cell::Bool),
        );
    }
    if let Some(r) = reg {
        v.field(
            "applicationOwners",
            "Owners (registration)",
            refs(ctx, arr(r, "owners")),
        );
    }
    v.field(
        "lastSignIn",
        "Last sign-in",
        joins.last_sign_in(ctx.now, s(main, "appId")),
    );

    let mut creds = Table::new(
        "credentials",
        "Credentials",
        &[
            col("on", "ON"),
            col("type", "TYPE"),
            col("displayName", "NAME"),
            col("keyId", "KEY ID"),
            col("startDateTime", "START"),
            col("endDateTime", "END"),
            col("status", "STATUS"),
        ],
    );
    let mut expired = 0;
    for (on, o) in [("registration", reg), ("service principal", sp)] {
        let Some(o) = o else { continue };
        for (list, what) in [
            ("passwordCredentials", "secret"),
            ("keyCredentials", "certificate"),
        ] {
            for c in arr(o, list) {
                let end = timestamp(c, "endDateTime");
                let status = match end {
                    Some(e) if e < ctx.now => {
                        expired += 1;
                        format!("expired {}", days_ago(days_between(e, ctx.now)))
                    }
                    Some(e) => format!("expires in {} days", days_between(ctx.now, e)),
                    None => "no end".into(),
                };
                creds.push(vec![
                    on.into(),
                    what.into(),
                    Cell::opt(s(c, "displayName")),
                    Cell::opt(s(c, "keyId")),
                    Cell::opt(s(c, "startDateTime")),
                    Cell::opt(s(c, "endDateTime")),
                    Cell::Text(status),
                ]);
            }
        }
    }
    let mut perms = Table::new(
        "permissions",
        "Application permissions",
        &[col("permission", "PERMISSION"), col("resource", "RESOURCE")],
    );
    for (p, r) in sp.map(|sp| joins.permissions(ctx, sp)).unwrap_or_default() {
        perms.push(vec![Cell::Text(p), r.into()]);
    }
    let mut roles = Table::new(
        "roles",
        "Directory roles in effect",
        &[
            col("role", "ROLE"),
            col("how", "HOW"),
            col("endDateTime", "END"),
        ],
    );
    if let Some(sp_id) = sp.and_then(|x| s(x, "id")) {
        for (r, how, end) in joins.roles_of(ctx, sp_id) {
            roles.push(vec![
                r.into(),
                how.into(),
                Cell::opt(end.or(Some("permanent"))),
            ]);
        }
    }
    v.count("credentials", "credentials", creds.rows.len());
    v.count("expired", "expired", expired);
    v.count("permissions", "application permissions", perms.rows.len());
    v.count("roles", "directory roles", roles.rows.len());
    v.tables.push(creds);
    v.tables.push(perms);
    v.tables.push(roles);
    Ok(ctx.finish(v))
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "1 day ago".to_string(),
        n => format!("{n} days ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{build, collections, ctx};
    use super::*;
    use serde_json::json;

    fn tenant() -> crate::snapshot::Snapshot {
        let mut c = collections();
        c["servicePrincipals"] = json!([
            {"id": "graph", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph",
             "appRoles": [{"id": "r1", "value": "Directory.ReadWrite.All"}], "owners": [], "appRoleAssignments": []},
            {"@odata.type": "#microsoft.graph.agentIdentity", "id": "ag", "appId": "ag-app", "displayName": "Ops Agent",
             "owners": [], "appRoleAssignments": [{"id": "x", "appRoleId": "r1", "resourceId": "graph", "resourceDisplayName": "Microsoft Graph"}]},
            {"id": "sp1", "appId": "a1", "displayName": "Payroll", "servicePrincipalType": "Application", "accountEnabled": true,
             "owners": [{"@odata.type": "#microsoft.graph.user", "id": "ann", "displayName": "Ann Analyst"}], "appRoleAssignments": []},
        ]);
        c["applications"] = json!([
            {"id": "app1", "appId": "a1", "displayName": "Payroll", "owners": [],
             "passwordCredentials": [{"keyId": "k1", "displayName": "prod", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2026-11-10T09:00:00Z"}]},
            {"id": "app2", "appId": "a2", "displayName": "Registered Only", "owners": []},
        ]);
        c["agentIdentities"] = json!([
            {"id": "ag", "displayName": "Ops Agent", "agentIdentityBlueprintId": "gone", "sponsors": []},
        ]);
        c["agentIdentityBlueprints"] = json!([]);
        c["agentUsers"] = json!([]);
        c["servicePrincipalSignInActivities"] = json!([
            {"id": "s1", "appId": "ag-app", "lastSignInActivity": {"lastSignInDateTime": "2026-11-10T09:00:00Z"}},
        ]);
        build(c)
    }

    #[test]
    fn agents_show_blueprint_permissions_and_sign_in() {
        let snap = tenant();
        let v = agents(&ctx(&snap));
        let t = v.table("agents").expect("table");
        let cell = |k| t.cell(0, k).map(Cell::plain).unwrap_or_default();
        assert_eq!(cell("blueprint"), "gone (no longer exists)");
        assert_eq!(cell("sponsors"), "none");
        assert_eq!(cell("permissions"), "Directory.ReadWrite.All");
        assert!(
            cell("lastSignIn").contains("10 days ago"),
            "{}",
            cell("lastSignIn")
        );
        assert_eq!(v.count_of("unsponsored"), Some(1));
    }

    #[test]
    fn app_joins_registration_and_service_principal() {
        let snap = tenant();
        let v = app(&ctx(&snap), "payroll").expect("found");
        let t = v.table("credentials").expect("credentials");
        assert_eq!(
            t.cell(0, "status").map(Cell::plain).as_deref(),
            Some("expired 10 days ago")
        );
        assert_eq!(v.count_of("expired"), Some(1));
        // Only a registration: still answered.
        let v = app(&ctx(&snap), "Registered Only").expect("registration");
        assert!(v
            .fields
            .iter()
            .any(|f| f.key == "servicePrincipalId" && f.value == Cell::Empty));
        assert!(matches!(
            app(&ctx(&snap), "payrol x"),
            Err(Miss::Unknown { .. })
        ));
    }
}
