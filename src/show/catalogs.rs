//! Catalogs: the list, and one catalog's access packages, resources and custom extensions.

use std::collections::HashMap;

use regorus::Value;

use super::fields::{arr, boolean, get, odata_kind, s};
use super::index::{find, Ctx, Miss, CATALOGS, PACKAGES};
use super::packages::{package_counts, package_ref, EmIndex};
use super::view::{col, Cell, Col, Ref, Table, View};

fn catalog_ref(c: &Value) -> Ref {
    Ref::new(
        s(c, "id").unwrap_or_default(),
        s(c, "displayName").map(str::to_string),
    )
    .kind("catalog")
}

/// Packages of each catalog (lower-case catalog id → packages).
fn packages_by_catalog<'a>(ctx: &Ctx<'a>, em: &EmIndex) -> HashMap<String, Vec<&'a Value>> {
    let mut m: HashMap<String, Vec<&'a Value>> = HashMap::new();
    for p in ctx.items(PACKAGES) {
        if let Some(c) = s(p, "id").and_then(|id| em.catalog_id(id)) {
            m.entry(c.to_ascii_lowercase()).or_default().push(p);
        }
    }
    m
}

/// `show catalogs`.
pub fn list(ctx: &Ctx) -> View {
    const COLS: &[Col] = &[
        col("catalog", "CATALOG"),
        col("catalogType", "TYPE"),
        col("state", "STATE"),
        col("isExternallyVisible", "EXTERNAL"),
        col("accessPackages", "ACCESS PACKAGES"),
        col("resources", "RESOURCES"),
        col("customWorkflowExtensions", "CUSTOM EXTENSIONS"),
    ];
    let em = EmIndex::build(ctx, false);
    let by_catalog = packages_by_catalog(ctx, &em);
    let mut cats: Vec<&Value> = ctx.items(CATALOGS).iter().collect();
    cats.sort_by_key(|c| (s(c, "displayName").map(str::to_lowercase), s(c, "id")));
    let mut t = Table::new("catalogs", "Catalogs", COLS);
    let (mut packages, mut resources, mut extensions) = (0, 0, 0);
    for c in cats {
        let id = s(c, "id").unwrap_or_default().to_ascii_lowercase();
        let n_packages = by_catalog.get(&id).map_or(0, Vec::len);
        packages += n_packages;
        resources += arr(c, "resources").len();
        extensions += arr(c, "customWorkflowExtensions").len();
        t.push(vec![
            catalog_ref(c).into(),
            Cell::opt(s(c, "catalogType")),
            Cell::opt(s(c, "state")),
            boolean(c, "isExternallyVisible").map_or(Cell::Empty, Cell::Bool),
            n_packages.into(),
            arr(c, "resources").len().into(),
            arr(c, "customWorkflowExtensions").len().into(),
        ]);
    }
    let n = t.rows.len();
    let mut v = View {
        query: "show catalogs".into(),
        title: "Access package catalogs".into(),
        ..View::default()
    };
    v.tables.push(t);
    v.count("catalogs", "catalogs", n);
    v.count("accessPackages", "access packages", packages);
    v.count("resources", "resources", resources);
    v.count("customWorkflowExtensions", "custom extensions", extensions);
    ctx.finish(v)
}

fn endpoint(e: &Value) -> String {
    let ep = get(e, "endpointConfiguration");
    if let Some(w) = s(ep, "logicAppWorkflowName") {
        return format!("Logic App {w}");
    }
    s(ep, "targetUrl")
        .or_else(|| s(ep, "url"))
        .unwrap_or_default()
        .to_string()
}

/// `show catalog NAME`.
pub fn one(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let c = find(
        ctx.items(CATALOGS),
        name,
        &["displayName"],
        "catalog",
        "`govlint show catalogs` lists them",
    )?;
    let em = EmIndex::build(ctx, true);
    let by_catalog = packages_by_catalog(ctx, &em);
    let cref = catalog_ref(c);
    let mut v = View {
        query: format!("show catalog {name}"),
        title: format!("Catalog {}", cref.name_or_marker()),
        object_key: Some("catalog"),
        ..View::default()
    };
    v.field("id", "Id", cref.id.clone());
    v.field("displayName", "Name", Cell::opt(s(c, "displayName")));
    v.field("description", "Description", Cell::opt(s(c, "description")));
    v.field("catalogType", "Type", Cell::opt(s(c, "catalogType")));
    v.field("state", "State", Cell::opt(s(c, "state")));
    v.field(
        "isExternallyVisible",
        "Externally visible",
        boolean(c, "isExternallyVisible").map_or(Cell::Empty, Cell::Bool),
    );
    v.field(
        "createdDateTime",
        "Created",
        Cell::opt(s(c, "createdDateTime")),
    );

    let mut packages = Table::new(
        "accessPackages",
        "Access packages",
        &[
            col("accessPackage", "ACCESS PACKAGE"),
            col("isHidden", "HIDDEN"),
            col("resourceRoleScopes", "RESOURCE ROLES"),
            col("policies", "POLICIES"),
            col("deliveredAssignments", "ASSIGNMENTS"),
        ],
    );
    let mut pkgs: Vec<&Value> = by_catalog
        .get(&cref.id.to_ascii_lowercase())
        .cloned()
        .unwrap_or_default();
    pkgs.sort_by_key(|p| (s(p, "displayName").map(str::to_lowercase), s(p, "id")));
    for p in pkgs {
        packages.push([vec![package_ref(p).into()], package_counts(&em, p)].concat());
    }
    let mut resources = Table::new(
        "resources",
        "Resources",
        &[
            col("resource", "RESOURCE"),
            col("originSystem", "KIND"),
            col("originId", "ORIGIN ID"),
            col("description", "DESCRIPTION"),
        ],
    );
    let mut res: Vec<&Value> = arr(c, "resources").iter().collect();
    res.sort_by_key(|r| (s(r, "displayName").map(str::to_lowercase), s(r, "id")));
    for r in res {
        resources.push(vec![
            Ref::new(
                s(r, "id").unwrap_or_default(),
                s(r, "displayName").map(str::to_string),
            )
            .kind("accessPackageResource")
            .into(),
            Cell::opt(s(r, "originSystem")),
            Cell::opt(s(r, "originId")),
            Cell::opt(s(r, "description")),
        ]);
    }
    let mut extensions = Table::new(
        "customWorkflowExtensions",
        "Custom extensions",
        &[
            col("extension", "EXTENSION"),
            col("type", "TYPE"),
            col("endpoint", "ENDPOINT"),
            col("authentication", "AUTHENTICATION"),
        ],
    );
    let mut exts: Vec<&Value> = arr(c, "customWorkflowExtensions").iter().collect();
    exts.sort_by_key(|e| (s(e, "displayName").map(str::to_lowercase), s(e, "id")));
    for e in exts {
        extensions.push(vec![
            Ref::new(
                s(e, "id").unwrap_or_default(),
                s(e, "displayName").map(str::to_string),
            )
            .kind("customCalloutExtension")
            .into(),
            Cell::opt(odata_kind(e)),
            Cell::Text(endpoint(e)),
            Cell::opt(odata_kind(get(e, "authenticationConfiguration"))),
        ]);
    }
    let (np, nr, ne) = (
        packages.rows.len(),
        resources.rows.len(),
        extensions.rows.len(),
    );
    v.tables.push(packages);
    v.tables.push(resources);
    v.tables.push(extensions);
    v.count("accessPackages", "access packages", np);
    v.count("resources", "resources", nr);
    v.count("customWorkflowExtensions", "custom extensions", ne);
    Ok(ctx.finish(v))
}
