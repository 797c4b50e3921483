//! A user's access package assignments.

use std::collections::BTreeSet;

use regorus::Value;

use super::fields::{get, s};
use super::index::{find_person, Ctx, Miss, ASSIGNMENTS};
use super::packages::{catalog_ref, expiration, is_delivered, nav_id, EmIndex};
use super::view::{col, Cell, Col, Ref, Table, View};

/// The directory object id of an assignment's target.
pub fn target_id(a: &Value) -> Option<&str> {
    s(get(a, "target"), "objectId")
        .or_else(|| s(a, "targetId"))
        .or_else(|| s(get(a, "target"), "id"))
}

/// Assignment targets that are not in `users` (a snapshot without them, or a subject that
/// never became a guest), shaped like users so a name can pick them.
fn target_candidates(ctx: &Ctx) -> Vec<Value> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for a in ctx.items(ASSIGNMENTS) {
        let t = get(a, "target");
        let Some(id) = target_id(a) else { continue };
        if ctx.user(id).is_some() || !seen.insert(id.to_ascii_lowercase()) {
            continue;
        }
        out.push(Value::from(serde_json::json!({
            "id": id,
            "displayName": s(t, "displayName"),
            "userPrincipalName": s(t, "principalName"),
            "mail": s(t, "email"),
        })));
    }
    out
}

/// `show assignments --user NAME`.
pub fn of_user(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    const COLS: &[Col] = &[
        col("accessPackage", "ACCESS PACKAGE"),
        col("policy", "POLICY"),
        col("catalog", "CATALOG"),
        col("state", "STATE"),
        col("status", "STATUS"),
        col("startDateTime", "SINCE"),
        col("expires", "EXPIRES"),
        col("id", "ASSIGNMENT ID"),
    ];
    let extra = target_candidates(ctx);
    let user = find_person(ctx, name, &extra)?;
    let em = EmIndex::build(ctx, false);
    let mut rows: Vec<(String, bool, Vec<Cell>)> = Vec::new();
    for a in ctx.items(ASSIGNMENTS) {
        if !target_id(a).is_some_and(|t| t.eq_ignore_ascii_case(&user.id)) {
            continue;
        }
        let pkg_id = nav_id(a, "accessPackage", "accessPackageId");
        let pkg = pkg_id.map(|id| {
            ctx.obj_ref(ctx.package(id), id, Some(get(a, "accessPackage")))
                .kind("accessPackage")
        });
        let pol = nav_id(a, "assignmentPolicy", "assignmentPolicyId").map(|id| {
            ctx.obj_ref(ctx.policy(id), id, Some(get(a, "assignmentPolicy")))
                .kind("accessPackageAssignmentPolicy")
        });
        let schedule = get(a, "schedule");
        let expires = match s(a, "expiredDateTime") {
            Some(t) => format!("expired {t}"),
            None => expiration(get(schedule, "expiration")),
        };
        let key = format!(
            "{}\u{0}{}",
            pkg.as_ref()
                .map(|p| p.name_or_marker().to_lowercase())
                .unwrap_or_default(),
            s(a, "id").unwrap_or_default()
        );
        rows.push((
            key,
            is_delivered(a),
            vec![
                pkg.map_or(Cell::Empty, Cell::Ref),
                pol.map_or(Cell::Empty, Cell::Ref),
                catalog_ref(ctx, pkg_id.and_then(|id| em.catalog_id(id))),
                Cell::opt(s(a, "state")),
                Cell::opt(s(a, "status")),
                Cell::opt(s(schedule, "startDateTime")),
                Cell::Text(expires),
                Cell::opt(s(a, "id")),
            ],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new(
        "assignments",
        format!("Access package assignments of {}", user.label()),
        COLS,
    );
    let mut delivered = 0;
    for (_, d, r) in rows {
        delivered += usize::from(d);
        t.push(r);
    }
    let n = t.rows.len();
    let mut v = View {
        query: format!("show assignments --user {name}"),
        title: format!("Access package assignments of {}", user.label()),
        object_key: Some("user"),
        ..View::default()
    };
    user_fields(&mut v, &user);
    v.tables.push(t);
    v.count("assignments", "assignments", n);
    v.count("delivered", "delivered", delivered);
    Ok(ctx.finish(v))
}

pub fn user_fields(v: &mut View, user: &Ref) {
    v.field("id", "Id", user.id.clone());
    v.field("displayName", "Name", Cell::opt(user.name.as_deref()));
    v.field(
        "userPrincipalName",
        "User principal name",
        Cell::opt(user.upn.as_deref()),
    );
    v.field("type", "Type", Cell::opt(user.kind.as_deref()));
}
