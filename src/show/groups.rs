//! Groups: listing by name, one group's kind, owners, members, creator, the roles it grants
//! and what uses it, and whether someone is a member (with the nesting path).

use regorus::Value;

use super::fields::{arr, boolean, eq_ci, get, odata_kind, s, timestamp};
use super::index::{find, Ctx, Miss, DIRECTORY_AUDITS, GROUPS, PACKAGES, REVIEWS, USERS};
use super::membership::{path_text, Membership};
use super::packages::package_ref;
use super::reviews::{queries, review_ref, segment_after};
use super::roles::{holdings, Which};
use super::users::starts_with_ci;
use super::view::{col, Cell, Col, Ref, Table, View};
use crate::snapshot::Status;

pub fn group_ref(g: &Value) -> Ref {
    Ref::new(
        s(g, "id").unwrap_or_default(),
        s(g, "displayName").map(str::to_string),
    )
    .kind("group")
}

fn has_type(g: &Value, t: &str) -> bool {
    arr(g, "groupTypes")
        .iter()
        .any(|x| matches!(x, Value::String(s) if eq_ci(s, t)))
}

/// The kind of a group as the portal names it, with its dynamic and role-assignable traits:
/// `security, dynamic, role-assignable`.
pub fn kind(g: &Value) -> String {
    let security = boolean(g, "securityEnabled") == Some(true);
    let mail = boolean(g, "mailEnabled") == Some(true);
    let mut parts = vec![if has_type(g, "Unified") {
        "Microsoft 365"
    } else if security && mail {
        "mail-enabled security"
    } else if security {
        "security"
    } else if mail {
        "distribution"
    } else {
        "unknown"
    }];
    if has_type(g, "DynamicMembership") {
        parts.push("dynamic");
    }
    if boolean(g, "isAssignableToRole") == Some(true) {
        parts.push("role-assignable");
    }
    parts.join(", ")
}

pub fn find_group<'a>(ctx: &Ctx<'a>, name: &str) -> Result<&'a Value, Miss> {
    find(
        ctx.items(GROUPS),
        name,
        &["displayName", "mail", "mailNickname"],
        "group",
        "`govlint show groups --name-starts-with TEXT` lists them",
    )
}

/// `show groups [--name-starts-with TEXT]`.
pub fn list(ctx: &Ctx, prefix: Option<&str>) -> View {
    const COLS: &[Col] = &[
        col("group", "GROUP"),
        col("kind", "KIND"),
        col("members", "MEMBERS"),
        col("owners", "OWNERS"),
        col("createdDateTime", "CREATED"),
    ];
    let all = ctx.items(GROUPS);
    let lower = prefix.map(str::to_lowercase);
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    let mut unread = 0;
    for g in all {
        if lower
            .as_deref()
            .is_some_and(|p| !s(g, "displayName").is_some_and(|n| starts_with_ci(n, p)))
        {
            continue;
        }
        let count = |k: &str| match get(g, k) {
            Value::Array(a) => Cell::from(a.len()),
            _ => Cell::text("not read"),
        };
        if !matches!(get(g, "members"), Value::Array(_)) {
            unread += 1;
        }
        let r = group_ref(g);
        rows.push((
            format!("{}\u{0}{}", r.name_or_marker().to_lowercase(), r.id),
            vec![
                r.into(),
                Cell::Text(kind(g)),
                count("members"),
                count("owners"),
                Cell::opt(s(g, "createdDateTime")),
            ],
        ));
    }
    if unread > 0 {
        ctx.note_incomplete(format!(
            "groups: the members of {unread} listed group{} were not read (fetched with --group-members privileged)",
            if unread == 1 { "" } else { "s" }
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new("groups", "Groups", COLS);
    for (_, r) in rows {
        t.push(r);
    }
    let shown = t.rows.len();
    let mut v = View {
        query: match prefix {
            Some(p) => format!("show groups --name-starts-with {p}"),
            None => "show groups".into(),
        },
        title: match prefix {
            Some(p) => format!("Groups whose name starts with \"{p}\""),
            None => "Groups".into(),
        },
        ..View::default()
    };
    v.tables.push(t);
    v.count("groups", "groups", shown);
    v.count("total", "in the tenant", all.len());
    ctx.finish(v)
}

/// Who created a group, from the directory audit log's "Add group" record; when there is none,
/// why not (created before the log's window, or the log not read), never "nobody".
pub fn created_by(ctx: &Ctx, g: &Value) -> (Cell, Cell) {
    let gid = s(g, "id").unwrap_or_default();
    let records = ctx.items(DIRECTORY_AUDITS);
    let coll = ctx.snap.collections.get(DIRECTORY_AUDITS);
    match coll {
        None => {
            return (
                Cell::text("unknown: directoryAudits is not in the snapshot"),
                Cell::Empty,
            )
        }
        Some(c) if c.status == Status::Unavailable => {
            return (
                Cell::text("unknown: directoryAudits could not be read"),
                Cell::Empty,
            )
        }
        _ => {}
    }
    let record = records.iter().find(|a| {
        s(a, "activityDisplayName").is_some_and(|x| eq_ci(x, "Add group"))
            && arr(a, "targetResources")
                .iter()
                .any(|t| s(t, "id").is_some_and(|id| eq_ci(id, gid)))
    });
    if let Some(a) = record {
        let by = get(a, "initiatedBy");
        let user = get(by, "user");
        let app = get(by, "app");
        let who = if let Some(id) = s(user, "id") {
            Cell::Ref(ctx.principal(id, Some(user)).kind("user"))
        } else if let Some(id) = s(app, "servicePrincipalId").or_else(|| s(app, "appId")) {
            Cell::Ref(
                Ref::new(
                    id,
                    s(app, "displayName")
                        .or_else(|| s(app, "servicePrincipalName"))
                        .map(str::to_string),
                )
                .kind("servicePrincipal"),
            )
        } else {
            Cell::text("the audit record names no initiator")
        };
        return (who, Cell::opt(s(a, "activityDateTime")));
    }
    let since = coll.and_then(|c| c.window.as_ref()).map(|w| w.since);
    let text = match (since, timestamp(g, "createdDateTime")) {
        (Some(since), Some(created)) if created < since => {
            format!("before the audit window (since {since})")
        }
        (Some(since), _) => format!("no \"Add group\" record in the audit log (since {since})"),
        (None, _) => "no \"Add group\" record in the audit log read".into(),
    };
    (Cell::Text(text), Cell::Empty)
}

fn owners_table(ctx: &Ctx, g: &Value) -> Table {
    let mut t = Table::new(
        "owners",
        "Owners",
        &[
            col("owner", "OWNER"),
            col("userType", "USER TYPE"),
            col("accountEnabled", "ENABLED"),
        ],
    );
    let mut rows: Vec<(String, Vec<Cell>)> = arr(g, "owners")
        .iter()
        .map(|o| {
            let id = s(o, "id").unwrap_or_default();
            let mut r = ctx.principal(id, Some(o));
            if r.kind.is_none() {
                r.kind = odata_kind(o).map(str::to_string);
            }
            let user = ctx.user(id);
            let prop = |k: &str| user.map_or_else(|| get(o, k), |u| get(u, k));
            (
                r.name_or_marker().to_lowercase(),
                vec![
                    Cell::Ref(r),
                    match prop("userType") {
                        Value::String(t) => Cell::text(t.as_ref()),
                        _ => Cell::Empty,
                    },
                    match prop("accountEnabled") {
                        Value::Bool(b) => Cell::Bool(*b),
                        _ => Cell::Empty,
                    },
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, r) in rows {
        t.push(r);
    }
    t
}

/// `show group NAME`.
pub fn one(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let g = find_group(ctx, name)?;
    let gid = s(g, "id").unwrap_or_default();
    let gref = group_ref(g);
    let ms = Membership::build(ctx);
    let mut v = View {
        query: format!("show group {name}"),
        title: format!("Group {}", gref.label()),
        object_key: Some("group"),
        ..View::default()
    };
    v.field("id", "Id", gid);
    v.field("displayName", "Name", Cell::opt(s(g, "displayName")));
    v.field("description", "Description", Cell::opt(s(g, "description")));
    v.field("kind", "Kind", kind(g));
    v.field(
        "isAssignableToRole",
        "Role-assignable",
        Cell::Bool(boolean(g, "isAssignableToRole") == Some(true)),
    );
    v.field("mail", "Mail", Cell::opt(s(g, "mail")));
    v.field("visibility", "Visibility", Cell::opt(s(g, "visibility")));
    v.field(
        "membershipRule",
        "Membership rule",
        Cell::opt(s(g, "membershipRule")),
    );
    v.field(
        "onPremisesSyncEnabled",
        "Synced from on-premises",
        boolean(g, "onPremisesSyncEnabled").map_or(Cell::Empty, Cell::Bool),
    );
    v.field(
        "createdDateTime",
        "Created",
        Cell::opt(s(g, "createdDateTime")),
    );
    let (who, when) = created_by(ctx, g);
    v.field("createdBy", "Created by", who);
    v.field("createdByRecordDateTime", "Creation recorded", when);
    if ms.is_read(gid) {
        let c = ms.transitive_counts(gid);
        v.field(
            "directMembers",
            "Direct members",
            ms.direct_members(gid).len(),
        );
        v.field("transitiveMembers", "Members through nesting", c.all);
        v.field("transitiveUsers", "Users through nesting", c.users);
        if c.unread_groups > 0 {
            ctx.note_incomplete(format!(
                "groups: the members of {} group{} nested in {} were not read, so the transitive counts are lower bounds",
                c.unread_groups,
                if c.unread_groups == 1 { "" } else { "s" },
                gref.name_or_marker()
            ));
        }
    } else {
        for (k, l) in [
            ("directMembers", "Direct members"),
            ("transitiveMembers", "Members through nesting"),
            ("transitiveUsers", "Users through nesting"),
        ] {
            v.field(k, l, "not read");
        }
        ctx.note_incomplete(format!(
            "groups: the members of {} were not read (fetched with --group-members privileged)",
            gref.name_or_marker()
        ));
    }
    if !matches!(get(g, "owners"), Value::Array(_)) {
        ctx.note_incomplete(format!(
            "groups: the owners of {} were not read",
            gref.name_or_marker()
        ));
    }
    let owners = owners_table(ctx, g);

    let mut roles = Table::new(
        "roles",
        "Directory roles it grants its members (in effect now)",
        &[
            col("role", "ROLE"),
            col("assignment", "ASSIGNMENT"),
            col("assignmentType", "TYPE"),
            col("startDateTime", "START"),
            col("endDateTime", "END"),
            col("directoryScopeId", "SCOPE"),
        ],
    );
    let mut role_rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for h in holdings(ctx, Which::Both, false) {
        if !s(h.item, "principalId").is_some_and(|p| eq_ci(p, gid)) {
            continue;
        }
        let role = ctx.role_ref(s(h.item, "roleDefinitionId").unwrap_or_default());
        role_rows.push((
            format!(
                "{}\u{0}{}",
                role.name_or_marker().to_lowercase(),
                u8::from(!h.active)
            ),
            vec![
                Cell::Ref(role),
                Cell::text(if h.active { "active" } else { "eligible" }),
                Cell::opt(s(h.item, "assignmentType")),
                Cell::opt(s(h.item, "startDateTime")),
                Cell::opt(s(h.item, "endDateTime")),
                Cell::opt(s(h.item, "directoryScopeId")),
            ],
        ));
    }
    role_rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, r) in role_rows {
        roles.push(r);
    }

    let mut packages = Table::new(
        "accessPackages",
        "Access packages that hand it out",
        &[col("accessPackage", "ACCESS PACKAGE"), col("role", "ROLE")],
    );
    for p in ctx.items(PACKAGES) {
        for rrs in arr(p, "resourceRoleScopes") {
            let role = get(rrs, "role");
            let origin =
                s(get(rrs, "scope"), "originId").or_else(|| s(get(role, "resource"), "originId"));
            if origin.is_some_and(|o| eq_ci(o, gid)) {
                packages.push(vec![
                    package_ref(p).into(),
                    Cell::opt(s(role, "displayName")),
                ]);
            }
        }
    }

    let mut reviews = Table::new(
        "accessReviews",
        "Access reviews that use it",
        &[
            col("review", "REVIEW"),
            col("status", "STATUS"),
            col("as", "AS"),
        ],
    );
    for d in ctx.items(REVIEWS) {
        let mut how: Vec<&str> = Vec::new();
        for (q, reviewer) in queries(d) {
            if segment_after(q, "/groups/").is_some_and(|id| eq_ci(id, gid)) {
                let h = if reviewer { "reviewers" } else { "reviewed" };
                if !how.contains(&h) {
                    how.push(h);
                }
            }
        }
        if !how.is_empty() {
            reviews.push(vec![
                review_ref(d).into(),
                Cell::opt(s(d, "status")),
                Cell::Text(how.join(", ")),
            ]);
        }
    }

    let mut member_of = Table::new(
        "memberOf",
        "Groups it is a member of",
        &[col("group", "GROUP"), col("path", "PATH")],
    );
    for r in ms.groups_of(gid) {
        member_of.push(vec![
            group_ref(r.group).into(),
            Cell::Text(path_text(&r.path)),
        ]);
    }
    let n_owners = owners.rows.len();
    v.count("owners", "owners", n_owners);
    v.count("roles", "roles granted", roles.rows.len());
    v.count("accessPackages", "access packages", packages.rows.len());
    v.count("accessReviews", "access reviews", reviews.rows.len());
    v.tables
        .extend([owners, roles, packages, reviews, member_of]);
    Ok(ctx.finish(v))
}

/// `show group NAME --member USER`: yes or no, and the nesting path when indirect.
pub fn is_member(ctx: &Ctx, group: &str, member: &str) -> Result<View, Miss> {
    let g = find_group(ctx, group)?;
    let gid = s(g, "id").unwrap_or_default();
    // A member may be a user, or a group nested in this one.
    let m = find(
        ctx.items(USERS).iter().chain(ctx.items(GROUPS)),
        member,
        &["displayName", "userPrincipalName", "mail"],
        "user or group",
        "search by part of the display name, or pass the id",
    )?;
    let mid = s(m, "id").unwrap_or_default();
    let mref = ctx.principal(mid, Some(m));
    let gref = group_ref(g);
    let ms = Membership::build(ctx);
    let path = ms.path_to(mid, gid);
    if path.is_none() {
        // "No" is only an answer when every group that could lead here was read.
        if let Some(note) = ms.unread_note() {
            ctx.note_incomplete(note);
        }
    }
    let mut v = View {
        query: format!("show group {group} --member {member}"),
        title: format!(
            "Is {} a member of {}? {}",
            mref.label(),
            gref.label(),
            match &path {
                Some(p) if p.len() == 1 => "Yes, directly.".to_string(),
                Some(p) => format!("Yes, through {}.", path_text(&p[..p.len() - 1])),
                None => "No.".to_string(),
            }
        ),
        object_key: Some("membership"),
        ..View::default()
    };
    v.field("group", "Group", gref);
    v.field("member", "Member", mref);
    v.field("isMember", "Is a member", path.is_some());
    v.field(
        "how",
        "How",
        match &path {
            Some(p) if p.len() == 1 => Cell::text("direct"),
            Some(_) => Cell::text("nested"),
            None => Cell::Empty,
        },
    );
    v.field(
        "path",
        "Path",
        path.as_ref()
            .map_or(Cell::Empty, |p| Cell::Text(path_text(p))),
    );
    Ok(ctx.finish(v))
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{build, collections, ctx, denied};
    use super::*;

    fn field(v: &View, key: &str) -> String {
        v.fields
            .iter()
            .find(|f| f.key == key)
            .expect(key)
            .value
            .plain()
    }

    #[test]
    fn the_creator_comes_from_the_audit_log_and_its_window_explains_its_absence() {
        let snap = build(collections());
        let c = ctx(&snap);
        let v = one(&c, "fin ops").expect("group");
        assert_eq!(field(&v, "createdBy"), "Dan Disabled (dan)");
        assert_eq!(field(&v, "createdByRecordDateTime"), "2026-11-02T09:00:05Z");
        assert_eq!(field(&v, "kind"), "security");
        // Created before the log's window: said so, never "nobody".
        let v = one(&c, "Tier0").expect("group");
        assert_eq!(
            field(&v, "createdBy"),
            "before the audit window (since 2026-10-21T09:00:00Z)"
        );
        assert_eq!(field(&v, "kind"), "security, role-assignable");
        assert_eq!(field(&v, "directMembers"), "1");
        assert_eq!(field(&v, "transitiveUsers"), "1");
        let t = v.table("roles").expect("roles");
        assert_eq!(t.rows.len(), 1);
        // Created within the window but with no record.
        let v = one(&c, "Finance All").expect("group");
        assert!(field(&v, "createdBy").starts_with("no \"Add group\" record"));
        assert_eq!(field(&v, "kind"), "Microsoft 365, dynamic");
        // The review that scopes Fin Ops.
        let v = one(&c, "g1").expect("group");
        assert_eq!(v.table("accessReviews").expect("reviews").rows.len(), 1);
        assert!(v.incomplete.is_empty(), "{:?}", v.incomplete);
    }

    #[test]
    fn without_the_audit_log_the_creator_is_unknown_and_the_answer_incomplete() {
        let snap = denied("directoryAudits", "AuditLog.Read.All");
        let v = one(&ctx(&snap), "Tier0").expect("group");
        assert_eq!(
            field(&v, "createdBy"),
            "unknown: directoryAudits could not be read"
        );
        assert!(v
            .incomplete
            .iter()
            .any(|r| r.starts_with("directoryAudits unavailable")));
        let mut cs = collections();
        cs.as_object_mut().expect("map").remove("directoryAudits");
        let snap = build(cs);
        let v = one(&ctx(&snap), "Tier0").expect("group");
        assert!(v
            .incomplete
            .contains(&"directoryAudits not in the snapshot".to_string()));
    }

    #[test]
    fn membership_is_answered_with_the_path_and_a_no_is_qualified_by_unread_groups() {
        let snap = build(collections());
        let c = ctx(&snap);
        let v = is_member(&c, "Tier0", "ann").expect("answer");
        assert_eq!(field(&v, "isMember"), "yes");
        assert_eq!(field(&v, "how"), "nested");
        assert_eq!(field(&v, "path"), "Fin Ops → Tier0");
        assert!(v.title.ends_with("Yes, through Fin Ops."), "{}", v.title);
        let c = ctx(&snap);
        let v = is_member(&c, "Tier0", "gus").expect("answer");
        assert_eq!(field(&v, "isMember"), "no");
        assert!(v.incomplete.iter().any(|r| r.contains("not read")));
        // The unread group itself: its counts are not zero, they are unknown.
        let c = ctx(&snap);
        let v = one(&c, "Everyone").expect("group");
        assert_eq!(field(&v, "directMembers"), "not read");
        assert!(!v.incomplete.is_empty());
    }

    #[test]
    fn groups_by_prefix() {
        let snap = build(collections());
        let v = list(&ctx(&snap), Some("FIN"));
        let t = v.table("groups").expect("groups");
        let names: Vec<String> = (0..t.rows.len())
            .map(|i| t.cell(i, "group").map(Cell::plain).unwrap_or_default())
            .collect();
        assert_eq!(names, ["Fin Ops (g1)", "Finance All (g2)"]);
        assert!(v.incomplete.is_empty());
    }
}
