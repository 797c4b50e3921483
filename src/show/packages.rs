//! Access packages: by name fragment, and one package's resource role scopes, policies and
//! assignments. Also the joins the catalog and assignment questions share.

use std::collections::{BTreeMap, HashMap};

use regorus::Value;

use super::fields::{arr, boolean, eq_ci, get, s};
use super::index::{find, Ctx, Miss, ASSIGNMENTS, CATALOGS, PACKAGES, POLICIES};
use super::view::{col, Cell, Col, Ref, Table, View};

/// The id of an embedded navigation (`accessPackage: {id}`) or of a flat `…Id` property.
pub fn nav_id<'v>(v: &'v Value, nav: &str, flat: &str) -> Option<&'v str> {
    s(&v[nav], "id").or_else(|| s(v, flat))
}

pub fn package_ref(p: &Value) -> Ref {
    Ref::new(
        s(p, "id").unwrap_or_default(),
        s(p, "displayName").map(str::to_string),
    )
    .kind("accessPackage")
}

/// Joins built once: package → catalog, package → policies, package → assignments.
pub struct EmIndex<'a> {
    pub catalog_of: HashMap<String, String>,
    pub policies_of: HashMap<String, Vec<&'a Value>>,
    pub assignments_of: HashMap<String, Vec<&'a Value>>,
}

impl<'a> EmIndex<'a> {
    pub fn build(ctx: &Ctx<'a>, with_assignments: bool) -> EmIndex<'a> {
        let mut catalog_of = HashMap::new();
        let mut policies_of: HashMap<String, Vec<&'a Value>> = HashMap::new();
        for p in ctx.items(PACKAGES) {
            let Some(id) = s(p, "id") else { continue };
            if let Some(c) = nav_id(p, "catalog", "catalogId") {
                catalog_of.insert(id.to_ascii_lowercase(), c.to_string());
            }
            // Policies Graph embedded under the package ($expand=assignmentPolicies).
            for pol in arr(p, "assignmentPolicies") {
                policies_of
                    .entry(id.to_ascii_lowercase())
                    .or_default()
                    .push(pol);
            }
        }
        for pol in ctx.items(POLICIES) {
            let Some(pkg) = nav_id(pol, "accessPackage", "accessPackageId") else {
                continue;
            };
            let key = pkg.to_ascii_lowercase();
            if let Some(c) = nav_id(pol, "catalog", "catalogId") {
                catalog_of
                    .entry(key.clone())
                    .or_insert_with(|| c.to_string());
            }
            let list = policies_of.entry(key).or_default();
            // The collection's copy replaces an embedded one with the same id.
            list.retain(|x| s(x, "id") != s(pol, "id"));
            list.push(pol);
        }
        // No catalog link embedded (a snapshot from before fetch read `accessPackage.catalog`):
        // the catalog that holds the package's resources (a package can only use resources of
        // its own catalog). A package with no resources cannot be placed that way, and is
        // then in no catalog: the answer says so.
        let mut catalog_by_origin: HashMap<String, &str> = HashMap::new();
        let mut unplaced = 0usize;
        for c in ctx.items(CATALOGS) {
            let Some(cid) = s(c, "id") else { continue };
            for r in arr(c, "resources") {
                if let Some(o) = s(r, "originId") {
                    catalog_by_origin.insert(o.to_ascii_lowercase(), cid);
                }
            }
        }
        for p in ctx.items(PACKAGES) {
            let Some(id) = s(p, "id") else { continue };
            let key = id.to_ascii_lowercase();
            if catalog_of.contains_key(&key) {
                continue;
            }
            let found = arr(p, "resourceRoleScopes").iter().find_map(|rrs| {
                let origin = s(get(rrs, "scope"), "originId")
                    .or_else(|| s(get(get(rrs, "role"), "resource"), "originId"))?;
                catalog_by_origin.get(&origin.to_ascii_lowercase())
            });
            match found {
                Some(cid) => {
                    catalog_of.insert(key, (*cid).to_string());
                }
                None => unplaced += 1,
            }
        }
        if unplaced > 0 {
            ctx.note_incomplete(format!(
                "{unplaced} access package(s) have no `catalog` in the snapshot (fetched before govlint read it) and no resources to infer it from, so they are in no catalog here; fetch again"
            ));
        }
        let mut assignments_of: HashMap<String, Vec<&'a Value>> = HashMap::new();
        if with_assignments {
            for a in ctx.items(ASSIGNMENTS) {
                if let Some(pkg) = nav_id(a, "accessPackage", "accessPackageId") {
                    assignments_of
                        .entry(pkg.to_ascii_lowercase())
                        .or_default()
                        .push(a);
                }
            }
        }
        EmIndex {
            catalog_of,
            policies_of,
            assignments_of,
        }
    }

    pub fn catalog_id(&self, package_id: &str) -> Option<&str> {
        self.catalog_of
            .get(&package_id.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn policies(&self, package_id: &str) -> &[&'a Value] {
        self.policies_of
            .get(&package_id.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    pub fn assignments(&self, package_id: &str) -> &[&'a Value] {
        self.assignments_of
            .get(&package_id.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }
}

pub fn is_delivered(a: &Value) -> bool {
    s(a, "state").is_some_and(|st| eq_ci(st, "delivered"))
}

/// The cells a package row shows wherever packages are listed: hidden, how many resource role
/// scopes, policies and delivered assignments.
pub fn package_counts(em: &EmIndex, p: &Value) -> Vec<Cell> {
    let id = s(p, "id").unwrap_or_default();
    vec![
        boolean(p, "isHidden").map_or(Cell::Empty, Cell::Bool),
        arr(p, "resourceRoleScopes").len().into(),
        em.policies(id).len().into(),
        em.assignments(id)
            .iter()
            .filter(|a| is_delivered(a))
            .count()
            .into(),
    ]
}

pub fn catalog_ref(ctx: &Ctx, id: Option<&str>) -> Cell {
    match id {
        Some(id) => Cell::Ref(ctx.obj_ref(ctx.catalog(id), id, None).kind("catalog")),
        None => Cell::Empty,
    }
}

/// `show packages [--name-contains S]`.
pub fn list(ctx: &Ctx, contains: Option<&str>) -> View {
    const COLS: &[Col] = &[
        col("accessPackage", "ACCESS PACKAGE"),
        col("catalog", "CATALOG"),
        col("isHidden", "HIDDEN"),
        col("resourceRoleScopes", "RESOURCE ROLES"),
        col("policies", "POLICIES"),
        col("deliveredAssignments", "ASSIGNMENTS"),
    ];
    let em = EmIndex::build(ctx, true);
    let needle = contains.map(str::to_lowercase);
    let all = ctx.items(PACKAGES);
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for p in all {
        let name = s(p, "displayName").unwrap_or_default().to_lowercase();
        if needle.as_ref().is_some_and(|n| !name.contains(n.as_str())) {
            continue;
        }
        let id = s(p, "id").unwrap_or_default();
        rows.push((
            format!("{name}\u{0}{id}"),
            [
                vec![package_ref(p).into(), catalog_ref(ctx, em.catalog_id(id))],
                package_counts(&em, p),
            ]
            .concat(),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new("accessPackages", "Access packages", COLS);
    for (_, r) in rows {
        t.push(r);
    }
    let shown = t.rows.len();
    let mut v = View {
        query: match contains {
            Some(c) => format!("show packages --name-contains {c}"),
            None => "show packages".into(),
        },
        title: match contains {
            Some(c) => format!("Access packages whose name contains \"{c}\""),
            None => "Access packages".into(),
        },
        ..View::default()
    };
    v.tables.push(t);
    v.count("accessPackages", "access packages", shown);
    if contains.is_some() {
        v.count("total", "in the tenant", all.len());
    }
    ctx.finish(v)
}

fn resource_role_scope_row(
    ctx: &Ctx,
    rrs: &Value,
    by_origin: &HashMap<String, &Value>,
) -> Vec<Cell> {
    let role = get(rrs, "role");
    let scope = get(rrs, "scope");
    let resource = get(role, "resource");
    let resource_cell = match s(resource, "id") {
        Some(id) => Cell::Ref(Ref::new(id, s(resource, "displayName").map(str::to_string))),
        None => {
            // Resolve the resource from the catalog by the scope's origin id (a group id).
            match s(scope, "originId").and_then(|o| by_origin.get(&o.to_ascii_lowercase())) {
                Some(r) => Cell::Ref(Ref::new(
                    s(r, "id").unwrap_or_default(),
                    s(r, "displayName").map(str::to_string),
                )),
                None => match s(scope, "originId") {
                    Some(o) => Cell::Ref(ctx.principal(o, Some(scope))),
                    None => Cell::Empty,
                },
            }
        }
    };
    vec![
        resource_cell,
        Cell::opt(
            s(resource, "originSystem")
                .or_else(|| s(role, "originSystem"))
                .or_else(|| s(scope, "originSystem")),
        ),
        Cell::opt(s(role, "displayName")),
        Cell::opt(s(role, "originId")),
        Cell::opt(s(scope, "displayName")),
        boolean(scope, "isRootScope").map_or(Cell::Empty, Cell::Bool),
        Cell::opt(s(rrs, "id")),
    ]
}

/// Resources of every catalog by their origin id (the group or application id).
pub fn resources_by_origin<'a>(ctx: &Ctx<'a>) -> HashMap<String, &'a Value> {
    let mut m = HashMap::new();
    for c in ctx.items(CATALOGS) {
        for r in arr(c, "resources") {
            if let Some(o) = s(r, "originId") {
                m.insert(o.to_ascii_lowercase(), r);
            }
        }
    }
    m
}

/// `expiration` of a policy or an assignment schedule in words.
pub fn expiration(e: &Value) -> String {
    match s(e, "type") {
        Some(t) if eq_ci(t, "noExpiration") => "never".into(),
        Some(t) if eq_ci(t, "afterDuration") => {
            format!("after {}", s(e, "duration").unwrap_or("?"))
        }
        Some(t) if eq_ci(t, "afterDateTime") => {
            format!("on {}", s(e, "endDateTime").unwrap_or("?"))
        }
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

fn approval(pol: &Value) -> String {
    let a = get(pol, "requestApprovalSettings");
    match boolean(a, "isApprovalRequiredForAdd") {
        Some(true) => {
            let n = arr(a, "stages").len();
            format!("{n} stage{}", if n == 1 { "" } else { "s" })
        }
        Some(false) => "none".into(),
        None => String::new(),
    }
}

fn review(pol: &Value) -> String {
    let r = get(pol, "reviewSettings");
    match boolean(r, "isEnabled") {
        Some(true) => {
            let sched = get(r, "schedule");
            let every = s(get(get(sched, "recurrence"), "pattern"), "type").unwrap_or("one-time");
            format!("yes ({every})")
        }
        Some(false) => "no".into(),
        None => String::new(),
    }
}

pub const POLICY_COLS: &[Col] = &[
    col("policy", "POLICY"),
    col("allowedTargetScope", "WHO CAN REQUEST"),
    col("expiration", "EXPIRES"),
    col("approval", "APPROVAL"),
    col("accessReviews", "ACCESS REVIEWS"),
];

pub fn policy_row(pol: &Value) -> Vec<Cell> {
    vec![
        Ref::new(
            s(pol, "id").unwrap_or_default(),
            s(pol, "displayName").map(str::to_string),
        )
        .kind("accessPackageAssignmentPolicy")
        .into(),
        Cell::opt(s(pol, "allowedTargetScope")),
        Cell::Text(expiration(get(pol, "expiration"))),
        Cell::Text(approval(pol)),
        Cell::Text(review(pol)),
    ]
}

pub fn find_package<'a>(ctx: &Ctx<'a>, name: &str) -> Result<&'a Value, Miss> {
    find(
        ctx.items(PACKAGES),
        name,
        &["displayName"],
        "access package",
        "`govlint show packages --name-contains PART` lists them",
    )
}

/// `show package NAME`.
pub fn one(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let p = find_package(ctx, name)?;
    let em = EmIndex::build(ctx, true);
    let id = s(p, "id").unwrap_or_default();
    let pref = package_ref(p);
    let mut v = View {
        query: format!("show package {name}"),
        title: format!("Access package {}", pref.name_or_marker()),
        object_key: Some("accessPackage"),
        ..View::default()
    };
    v.field("id", "Id", id);
    v.field("displayName", "Name", Cell::opt(s(p, "displayName")));
    v.field("description", "Description", Cell::opt(s(p, "description")));
    v.field("catalog", "Catalog", catalog_ref(ctx, em.catalog_id(id)));
    v.field(
        "isHidden",
        "Hidden",
        boolean(p, "isHidden").map_or(Cell::Empty, Cell::Bool),
    );
    v.field(
        "createdDateTime",
        "Created",
        Cell::opt(s(p, "createdDateTime")),
    );
    v.field(
        "modifiedDateTime",
        "Modified",
        Cell::opt(s(p, "modifiedDateTime")),
    );
    let by_origin = resources_by_origin(ctx);
    let mut scopes = Table::new(
        "resourceRoleScopes",
        "Resource role scopes",
        &[
            col("resource", "RESOURCE"),
            col("originSystem", "KIND"),
            col("role", "ROLE"),
            col("roleOriginId", "ROLE ORIGIN ID"),
            col("scope", "SCOPE"),
            col("isRootScope", "ROOT SCOPE"),
            col("id", "RESOURCE ROLE SCOPE ID"),
        ],
    );
    let mut rows: Vec<Vec<Cell>> = arr(p, "resourceRoleScopes")
        .iter()
        .map(|r| resource_role_scope_row(ctx, r, &by_origin))
        .collect();
    rows.sort_by_key(|r| (r[0].plain().to_lowercase(), r[2].plain()));
    for r in rows {
        scopes.push(r);
    }
    let mut policies = Table::new("policies", "Assignment policies", POLICY_COLS);
    let mut pols: Vec<&Value> = em.policies(id).to_vec();
    pols.sort_by_key(|p| (s(p, "displayName").map(str::to_lowercase), s(p, "id")));
    for pol in pols {
        policies.push(policy_row(pol));
    }
    let mut by_state: BTreeMap<String, usize> = BTreeMap::new();
    for a in em.assignments(id) {
        *by_state
            .entry(s(a, "state").unwrap_or("unknown").to_string())
            .or_default() += 1;
    }
    let mut states = Table::new(
        "assignmentsByState",
        "Assignments by state",
        &[col("state", "STATE"), col("count", "COUNT")],
    );
    for (st, n) in &by_state {
        states.push(vec![Cell::Text(st.clone()), (*n).into()]);
    }
    let (n_scopes, n_policies) = (scopes.rows.len(), policies.rows.len());
    let n_assign = em.assignments(id).len();
    let delivered = em
        .assignments(id)
        .iter()
        .filter(|a| is_delivered(a))
        .count();
    v.tables.push(scopes);
    v.tables.push(policies);
    v.tables.push(states);
    v.count("resourceRoleScopes", "resource role scopes", n_scopes);
    v.count("policies", "policies", n_policies);
    v.count("assignments", "assignments", n_assign);
    v.count("delivered", "delivered", delivered);
    Ok(ctx.finish(v))
}
