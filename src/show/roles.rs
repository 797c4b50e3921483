//! PIM: a user's directory roles, and who holds a role, eligible and active.

use std::collections::{BTreeSet, HashSet};

use jiff::Timestamp;
use regorus::Value;

use super::assignments::user_fields;
use super::fields::{get, s, timestamp};
use super::index::{find, find_person, Ctx, Miss, ACTIVE, ELIGIBLE, ROLE_DEFINITIONS};
use super::view::{col, Cell, Col, Ref, Table, View};

/// Which holdings to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    Both,
    Active,
    Eligible,
}

impl Which {
    fn flag(self) -> &'static str {
        match self {
            Which::Both => "",
            Which::Active => " --active",
            Which::Eligible => " --eligible",
        }
    }
}

/// Whether an instance is in effect at `now` (the engine's reading: an unparsable bound counts
/// as in effect, so bad data cannot hide a holder).
pub fn in_effect(item: &Value, now: Timestamp) -> bool {
    let started = timestamp(item, "startDateTime").is_none_or(|t| t <= now);
    let not_ended = timestamp(item, "endDateTime").is_none_or(|t| t > now);
    started && not_ended
}

/// One holding: an instance and whether it is active.
pub struct Holding<'a> {
    pub item: &'a Value,
    pub active: bool,
}

/// Instances of the chosen kinds, in effect at `now` unless `all`.
pub fn holdings<'a>(ctx: &Ctx<'a>, which: Which, all: bool) -> Vec<Holding<'a>> {
    let mut out = Vec::new();
    for (name, active) in [(ACTIVE, true), (ELIGIBLE, false)] {
        if (which == Which::Active && !active) || (which == Which::Eligible && active) {
            continue;
        }
        for item in ctx.items(name) {
            if all || in_effect(item, ctx.now) {
                out.push(Holding { item, active });
            }
        }
    }
    out
}

const HOLDING_COLS: &[Col] = &[
    col("assignment", "ASSIGNMENT"),
    col("assignmentType", "TYPE"),
    col("memberType", "MEMBER"),
    col("startDateTime", "START"),
    col("endDateTime", "END"),
    col("permanent", "PERMANENT"),
    col("inEffect", "IN EFFECT"),
    col("directoryScopeId", "SCOPE"),
    col("id", "INSTANCE ID"),
];

fn holding_cells(ctx: &Ctx, h: &Holding) -> Vec<Cell> {
    let it = h.item;
    vec![
        Cell::text(if h.active { "active" } else { "eligible" }),
        if h.active {
            Cell::opt(s(it, "assignmentType"))
        } else {
            Cell::text("Eligible")
        },
        Cell::opt(s(it, "memberType")),
        Cell::opt(s(it, "startDateTime")),
        Cell::opt(s(it, "endDateTime")),
        Cell::Bool(s(it, "endDateTime").is_none()),
        Cell::Bool(in_effect(it, ctx.now)),
        Cell::opt(s(it, "directoryScopeId")),
        Cell::opt(s(it, "id")),
    ]
}

/// The principal of an instance, named from the snapshot (else from the expanded `principal`).
pub fn holder(ctx: &Ctx, it: &Value) -> Ref {
    let id = s(it, "principalId")
        .or_else(|| s(get(it, "principal"), "id"))
        .unwrap_or_default();
    ctx.principal(id, Some(get(it, "principal")))
}

/// Principals of instances that are not users (service principals, groups), so a name can
/// pick them too.
fn principal_candidates(ctx: &Ctx) -> Vec<Value> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for name in [ACTIVE, ELIGIBLE] {
        for it in ctx.items(name) {
            let Some(id) = s(it, "principalId") else {
                continue;
            };
            if ctx.user(id).is_some() || !seen.insert(id.to_ascii_lowercase()) {
                continue;
            }
            let p = get(it, "principal");
            out.push(Value::from(serde_json::json!({
                "id": id,
                "displayName": s(p, "displayName"),
                "userPrincipalName": s(p, "userPrincipalName"),
            })));
        }
    }
    out
}

fn suffix(which: Which, all: bool) -> String {
    format!("{}{}", which.flag(), if all { " --all" } else { "" })
}

/// `show roles --user NAME [--eligible|--active] [--all]`.
pub fn of_user(ctx: &Ctx, name: &str, which: Which, all: bool) -> Result<View, Miss> {
    let extra = principal_candidates(ctx);
    let user = find_person(ctx, name, &extra)?;
    let mut cols = vec![col("role", "ROLE")];
    cols.extend_from_slice(HOLDING_COLS);
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    let (mut roles, mut active, mut eligible) = (HashSet::new(), HashSet::new(), HashSet::new());
    for h in holdings(ctx, which, all) {
        if !s(h.item, "principalId").is_some_and(|p| p.eq_ignore_ascii_case(&user.id)) {
            continue;
        }
        let role_id = s(h.item, "roleDefinitionId").unwrap_or_default();
        let role = ctx.role_ref(role_id);
        roles.insert(role_id.to_ascii_lowercase());
        if h.active {
            active.insert(role_id.to_ascii_lowercase());
        } else {
            eligible.insert(role_id.to_ascii_lowercase());
        }
        let mut r = vec![Cell::Ref(role.clone())];
        r.extend(holding_cells(ctx, &h));
        rows.push((
            format!(
                "{}\u{0}{}\u{0}{}",
                role.name_or_marker().to_lowercase(),
                u8::from(!h.active),
                s(h.item, "id").unwrap_or_default()
            ),
            r,
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new(
        "roles",
        format!("Directory roles of {}", user.label()),
        &cols,
    );
    for (_, r) in rows {
        t.push(r);
    }
    let mut v = View {
        query: format!("show roles --user {name}{}", suffix(which, all)),
        title: format!(
            "Directory roles of {}{}",
            user.label(),
            if all { "" } else { " (in effect now)" }
        ),
        object_key: Some("user"),
        ..View::default()
    };
    user_fields(&mut v, &user);
    let n = t.rows.len();
    v.tables.push(t);
    v.count("roles", "roles", roles.len());
    v.count("active", "active", active.len());
    v.count("eligible", "eligible", eligible.len());
    v.count("instances", "assignments", n);
    Ok(ctx.finish(v))
}

/// Rows of role holders: every role, or only the role with one of `role_ids` (id, template id).
pub fn holders_table(
    ctx: &Ctx,
    role_ids: Option<&[&str]>,
    which: Which,
    all: bool,
) -> (Table, [usize; 3]) {
    let mut cols = vec![col("role", "ROLE"), col("principal", "PRINCIPAL")];
    if role_ids.is_some() {
        cols.remove(0);
    }
    cols.extend_from_slice(HOLDING_COLS);
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    let (mut principals, mut active, mut eligible) =
        (HashSet::new(), HashSet::new(), HashSet::new());
    for h in holdings(ctx, which, all) {
        let rid = s(h.item, "roleDefinitionId").unwrap_or_default();
        let role = match role_ids {
            Some(want) => {
                if !want.iter().any(|w| rid.eq_ignore_ascii_case(w)) {
                    continue;
                }
                None
            }
            None => Some(ctx.role_ref(rid)),
        };
        let p = holder(ctx, h.item);
        let key = format!(
            "{}\u{0}{}",
            rid.to_ascii_lowercase(),
            p.id.to_ascii_lowercase()
        );
        principals.insert(key.clone());
        if h.active {
            active.insert(key);
        } else {
            eligible.insert(key);
        }
        let mut r = Vec::new();
        if let Some(role) = &role {
            r.push(Cell::Ref(role.clone()));
        }
        let sort = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            role.as_ref()
                .map(|r| r.name_or_marker().to_lowercase())
                .unwrap_or_default(),
            p.name_or_marker().to_lowercase(),
            u8::from(!h.active),
            s(h.item, "id").unwrap_or_default()
        );
        r.push(Cell::Ref(p));
        r.extend(holding_cells(ctx, &h));
        rows.push((sort, r));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new("holders", "Holders", &cols);
    for (_, r) in rows {
        t.push(r);
    }
    (t, [principals.len(), active.len(), eligible.len()])
}

/// `show role NAME [--eligible|--active] [--all]`.
pub fn holders(ctx: &Ctx, name: &str, which: Which, all: bool) -> Result<View, Miss> {
    let role = find(
        ctx.items(ROLE_DEFINITIONS),
        name,
        &["displayName", "templateId"],
        "directory role",
        "role names are as in the portal, e.g. \"Global Administrator\"",
    )?;
    // Instances refer to built-in roles by template id, custom roles by id.
    let id = s(role, "templateId")
        .or_else(|| s(role, "id"))
        .unwrap_or_default();
    let ids: Vec<&str> = [s(role, "id"), s(role, "templateId")]
        .into_iter()
        .flatten()
        .collect();
    let rref = ctx.role_ref(id);
    let (mut t, [principals, active, eligible]) = holders_table(ctx, Some(&ids), which, all);
    t.title = format!("Holders of {}", rref.name_or_marker());
    let mut v = View {
        query: format!("show role {name}{}", suffix(which, all)),
        title: format!(
            "Holders of {}{}",
            rref.label(),
            if all { "" } else { " (in effect now)" }
        ),
        object_key: Some("role"),
        ..View::default()
    };
    v.field("id", "Id", id);
    v.field("displayName", "Name", Cell::opt(s(role, "displayName")));
    v.field(
        "description",
        "Description",
        Cell::opt(s(role, "description")),
    );
    let n = t.rows.len();
    v.tables.push(t);
    v.count("principals", "principals", principals);
    v.count("active", "active", active);
    v.count("eligible", "eligible", eligible);
    v.count("instances", "assignments", n);
    Ok(ctx.finish(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_effect_means_started_and_not_ended() {
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().expect("ts");
        let item = |start: serde_json::Value, end: serde_json::Value| {
            Value::from(serde_json::json!({"startDateTime": start, "endDateTime": end}))
        };
        let j = serde_json::Value::from;
        assert!(in_effect(
            &item(j("2026-01-01T00:00:00Z"), serde_json::Value::Null),
            now
        ));
        assert!(!in_effect(
            &item(j("2026-01-01T00:00:00Z"), j("2026-11-17T09:00:00Z")),
            now
        ));
        assert!(!in_effect(
            &item(j("2026-12-01T00:00:00Z"), serde_json::Value::Null),
            now
        ));
        // Unreadable bounds keep a holder visible.
        assert!(in_effect(&item(j("garbage"), j("garbage")), now));
    }
}
