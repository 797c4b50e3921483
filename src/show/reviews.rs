//! Access reviews: the pending ones, one review's details, and the reviews a person reviews.

use std::collections::BTreeSet;

use jiff::Timestamp;
use regorus::Value;

use super::fields::{arr, boolean, days_between, eq_ci, get, int, odata_kind, s, timestamp};
use super::index::{find, find_person, Ctx, Miss, REVIEWS, ZERO_GUID};
use super::view::{col, Cell, Col, Ref, Table, View};

/// Instance statuses in which reviewers can still record decisions (as AR001 reads them).
const UNFINISHED: &[&str] = &["NotStarted", "Starting", "Initializing", "InProgress"];

pub fn is_unfinished(status: Option<&str>) -> bool {
    status.is_some_and(|st| UNFINISHED.iter().any(|u| eq_ci(u, st)))
}

pub fn instances(d: &Value) -> &[Value] {
    arr(d, "instances")
}

pub fn decisions(i: &Value) -> &[Value] {
    arr(i, "decisions")
}

pub fn review_ref(d: &Value) -> Ref {
    Ref::new(
        s(d, "id").unwrap_or_default(),
        s(d, "displayName").map(str::to_string),
    )
    .kind("accessReview")
}

/// The review a name picks (display name or definition id).
pub fn find_review<'a>(ctx: &Ctx<'a>, name: &str) -> Result<&'a Value, Miss> {
    find(
        ctx.items(REVIEWS),
        name,
        &["displayName"],
        "access review",
        "`govlint show reviews --pending` lists the open ones",
    )
}

/// The segment after `marker` in a Graph query (`/groups/{id}/…` → the id).
pub fn segment_after<'q>(q: &'q str, marker: &str) -> Option<&'q str> {
    let lower = q.to_ascii_lowercase();
    let at = lower.find(&marker.to_ascii_lowercase())? + marker.len();
    let rest = &q[at..];
    let end = rest.find(['/', '?', '\'', ')', ' ']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|s| !s.is_empty())
}

/// A readable description of a Graph scope or reviewer query, with the object it names.
pub fn describe_query(ctx: &Ctx, q: &str) -> (String, Option<Ref>) {
    let guests = q.to_ascii_lowercase().contains("usertype eq 'guest'");
    let guests_note = if guests { " (guests only)" } else { "" };
    let lower = q.to_ascii_lowercase();
    if let Some(id) = segment_after(q, "roleDefinitionId eq '") {
        let r = ctx.role_ref(id);
        let which = if lower.contains("roleeligibilityscheduleinstances") {
            "eligible holders"
        } else if lower.contains("roleassignmentscheduleinstances") {
            "active holders"
        } else {
            "holders"
        };
        return (
            format!("{which} of role {}{guests_note}", r.name_or_marker()),
            Some(r),
        );
    }
    if let Some(id) = segment_after(q, "/roleDefinitions/") {
        let r = ctx.role_ref(id);
        return (
            format!("active and eligible holders of role {}", r.name_or_marker()),
            Some(r),
        );
    }
    if let Some(id) = segment_after(q, "accessPackageId eq '") {
        let r = ctx.obj_ref(ctx.package(id), id, None).kind("accessPackage");
        return (
            format!("assignments of access package {}", r.name_or_marker()),
            Some(r),
        );
    }
    if let Some(id) = segment_after(q, "/groups/") {
        let r = ctx.principal(id, None).kind("group");
        let what = if lower.contains("/owners") {
            "owners"
        } else {
            "members"
        };
        return (
            format!("{what} of group {}{guests_note}", r.name_or_marker()),
            Some(r),
        );
    }
    if let Some(id) = segment_after(q, "/users/") {
        let r = ctx.principal(id, None);
        return (format!("user {}", r.name_or_marker()), Some(r));
    }
    let t = q.trim();
    let text = if t.starts_with("./manager") {
        "each reviewed user's manager".to_string()
    } else if t.starts_with("./owners") {
        "the owners of each reviewed group".to_string()
    } else if t.starts_with("./members") {
        format!("members of each group{guests_note}")
    } else if lower.starts_with("/groups") {
        format!("every group matching the query{guests_note}")
    } else if lower.starts_with("/users") {
        format!("users matching the query{guests_note}")
    } else {
        q.to_string()
    };
    (text, None)
}

/// A scope object: query scopes, inactive-user scopes, and principal/resource membership scopes.
fn describe_scope(ctx: &Ctx, scope: &Value) -> String {
    if let Some(q) = s(scope, "query") {
        let (mut text, _) = describe_query(ctx, q);
        if let Some(d) = s(scope, "inactiveDuration") {
            text.push_str(&format!(", inactive for {d}"));
        }
        return text;
    }
    let principals: Vec<String> = arr(scope, "principalScopes")
        .iter()
        .map(|p| describe_scope(ctx, p))
        .collect();
    let resources: Vec<String> = arr(scope, "resourceScopes")
        .iter()
        .map(|p| describe_scope(ctx, p))
        .collect();
    if principals.is_empty() && resources.is_empty() {
        return String::new();
    }
    format!(
        "{} in {}",
        principals.join(" and "),
        resources.join(" and ")
    )
}

/// Every Graph query a review definition names, and whether it says who reviews (`reviewers`,
/// fallback and stage reviewers) rather than what is reviewed (`scope`,
/// `instanceEnumerationScope`, their principal and resource scopes).
pub fn queries(d: &Value) -> Vec<(&str, bool)> {
    fn walk<'v>(scope: &'v Value, reviewer: bool, out: &mut Vec<(&'v str, bool)>) {
        if let Some(q) = s(scope, "query") {
            out.push((q, reviewer));
        }
        for k in ["principalScopes", "resourceScopes"] {
            for p in arr(scope, k) {
                walk(p, reviewer, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(get(d, "scope"), false, &mut out);
    walk(get(d, "instanceEnumerationScope"), false, &mut out);
    let stages = arr(d, "stageSettings");
    for holder in std::iter::once(d).chain(stages) {
        for k in ["reviewers", "fallbackReviewers", "backupReviewers"] {
            for r in arr(holder, k) {
                walk(r, true, &mut out);
            }
        }
    }
    out
}

fn scope_query(scope: &Value) -> Option<String> {
    if let Some(q) = s(scope, "query") {
        return Some(q.to_string());
    }
    let qs: Vec<&str> = arr(scope, "principalScopes")
        .iter()
        .chain(arr(scope, "resourceScopes"))
        .filter_map(|p| s(p, "query"))
        .collect();
    (!qs.is_empty()).then(|| qs.join(" | "))
}

fn recurrence(settings: &Value) -> String {
    let r = get(settings, "recurrence");
    let pattern = get(r, "pattern");
    let range = get(r, "range");
    let mut out = match (s(pattern, "type"), int(pattern, "interval")) {
        (Some(t), Some(n)) if n > 1 => format!("every {n} × {t}"),
        (Some(t), _) => t.to_string(),
        _ => "one-time".to_string(),
    };
    if let Some(start) = s(range, "startDate") {
        out.push_str(&format!(" from {start}"));
    }
    match (s(range, "type"), s(range, "endDate")) {
        (Some(t), _) if eq_ci(t, "noEnd") => out.push_str(", no end"),
        (_, Some(end)) if !end.starts_with("9999") => out.push_str(&format!(" to {end}")),
        _ => {}
    }
    out
}

fn yes_no(v: Option<bool>) -> Cell {
    v.map_or(Cell::Empty, Cell::Bool)
}

/// Whole days since `end` when it has passed; empty while the instance is still due.
fn overdue_days(ctx: &Ctx, end: Option<Timestamp>) -> Cell {
    match end {
        Some(e) if e < ctx.now => Cell::Num(days_between(e, ctx.now)),
        _ => Cell::Empty,
    }
}

fn contacted(ctx: &Ctx, inst: &Value) -> Vec<Ref> {
    let mut refs: Vec<Ref> = arr(inst, "contactedReviewers")
        .iter()
        .filter_map(|r| ctx.identity(r))
        .collect();
    refs.sort();
    refs.dedup();
    refs
}

fn undecided(inst: &Value) -> (usize, usize) {
    let ds = decisions(inst);
    let open = ds
        .iter()
        .filter(|d| s(d, "decision").is_none_or(|x| eq_ci(x, "NotReviewed")))
        .count();
    (open, ds.len())
}

/// `show reviews --pending [--top N]`: unfinished review instances, most overdue (earliest
/// end) first, then the oldest.
pub fn pending(ctx: &Ctx, top: Option<usize>) -> View {
    const COLS: &[Col] = &[
        col("review", "REVIEW"),
        col("instanceId", "INSTANCE"),
        col("status", "STATUS"),
        col("startDateTime", "STARTED"),
        col("endDateTime", "DUE"),
        col("overdueDays", "OVERDUE DAYS"),
        col("ageDays", "AGE DAYS"),
        col("undecided", "UNDECIDED"),
        col("decisions", "DECISIONS"),
        col("reviewers", "REVIEWERS"),
    ];
    struct Row {
        end: Option<Timestamp>,
        start: Option<Timestamp>,
        name: String,
        id: String,
        cells: Vec<Cell>,
    }
    let mut rows = Vec::new();
    for d in ctx.items(REVIEWS) {
        let rref = review_ref(d);
        let insts = instances(d);
        if insts.is_empty() && is_unfinished(s(d, "status")) {
            rows.push(Row {
                end: None,
                start: timestamp(d, "createdDateTime"),
                name: rref.name_or_marker().to_lowercase(),
                id: rref.id.clone(),
                cells: vec![
                    rref.clone().into(),
                    Cell::Empty,
                    Cell::opt(s(d, "status")),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    timestamp(d, "createdDateTime")
                        .map_or(Cell::Empty, |t| Cell::Num(days_between(t, ctx.now))),
                    Cell::Num(0),
                    Cell::Num(0),
                    Cell::Refs(Vec::new()),
                ],
            });
            continue;
        }
        for inst in insts.iter().filter(|i| is_unfinished(s(i, "status"))) {
            let end = timestamp(inst, "endDateTime");
            let start = timestamp(inst, "startDateTime");
            let (open, total) = undecided(inst);
            rows.push(Row {
                end,
                start,
                name: rref.name_or_marker().to_lowercase(),
                id: s(inst, "id").unwrap_or_default().to_string(),
                cells: vec![
                    rref.clone().into(),
                    Cell::opt(s(inst, "id")),
                    Cell::opt(s(inst, "status")),
                    Cell::opt(s(inst, "startDateTime")),
                    Cell::opt(s(inst, "endDateTime")),
                    overdue_days(ctx, end),
                    start.map_or(Cell::Empty, |t| Cell::Num(days_between(t, ctx.now))),
                    open.into(),
                    total.into(),
                    Cell::Refs(contacted(ctx, inst)),
                ],
            });
        }
    }
    rows.sort_by(|a, b| {
        let end = |r: &Row| (r.end.is_none(), r.end);
        let start = |r: &Row| (r.start.is_none(), r.start);
        end(a)
            .cmp(&end(b))
            .then_with(|| start(a).cmp(&start(b)))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    let total = rows.len();
    let overdue = rows
        .iter()
        .filter(|r| r.end.is_some_and(|e| e < ctx.now))
        .count();
    let shown = top.unwrap_or(total).min(total);
    let mut t = Table::new("reviews", "Pending access reviews", COLS);
    for r in rows.into_iter().take(shown) {
        t.push(r.cells);
    }
    let mut v = View {
        query: match top {
            Some(n) => format!("show reviews --pending --top {n}"),
            None => "show reviews --pending".into(),
        },
        title: "Pending access reviews (most overdue first)".into(),
        ..View::default()
    };
    v.tables.push(t);
    v.count("pending", "pending access reviews", total);
    v.count("overdue", "overdue", overdue);
    v.count("shown", "shown", shown);
    ctx.finish(v)
}

/// `show review NAME`: one review's details, scope, settings, reviewers and instances.
pub fn review(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let d = find_review(ctx, name)?;
    let rref = review_ref(d);
    let mut v = View {
        query: format!("show review {name}"),
        title: format!("Access review {}", rref.name_or_marker()),
        object_key: Some("review"),
        ..View::default()
    };
    v.field("id", "Id", rref.id.clone());
    v.field("displayName", "Name", Cell::opt(s(d, "displayName")));
    v.field("status", "Status", Cell::opt(s(d, "status")));
    v.field(
        "descriptionForAdmins",
        "Description",
        Cell::opt(s(d, "descriptionForAdmins")),
    );
    v.field(
        "createdBy",
        "Created by",
        ctx.identity(get(d, "createdBy"))
            .map_or(Cell::Empty, Cell::Ref),
    );
    v.field(
        "createdDateTime",
        "Created",
        Cell::opt(s(d, "createdDateTime")),
    );
    v.field("scope", "Scope", describe_scope(ctx, get(d, "scope")));
    v.field(
        "scopeQuery",
        "Scope query",
        scope_query(get(d, "scope")).map_or(Cell::Empty, Cell::Text),
    );
    let enumeration = get(d, "instanceEnumerationScope");
    v.field(
        "instanceEnumerationScope",
        "One instance per",
        match s(enumeration, "query") {
            Some(_) => Cell::Text(describe_scope(ctx, enumeration)),
            None => Cell::Empty,
        },
    );
    let st = get(d, "settings");
    v.field("recurrence", "Recurrence", recurrence(st));
    v.field(
        "instanceDurationInDays",
        "Duration (days)",
        int(st, "instanceDurationInDays").map_or(Cell::Empty, Cell::Num),
    );
    v.field(
        "autoApplyDecisionsEnabled",
        "Auto-apply decisions",
        yes_no(boolean(st, "autoApplyDecisionsEnabled")),
    );
    v.field(
        "defaultDecision",
        "Default decision",
        match (
            boolean(st, "defaultDecisionEnabled"),
            s(st, "defaultDecision"),
        ) {
            (Some(true), Some(dd)) => Cell::text(dd),
            (Some(false), _) => Cell::text("none (disabled)"),
            (_, dd) => Cell::opt(dd),
        },
    );
    v.field(
        "recommendationsEnabled",
        "Recommendations",
        yes_no(boolean(st, "recommendationsEnabled")),
    );
    v.field(
        "justificationRequiredOnApproval",
        "Justification required",
        yes_no(boolean(st, "justificationRequiredOnApproval")),
    );
    v.field(
        "mailNotificationsEnabled",
        "Mail notifications",
        yes_no(boolean(st, "mailNotificationsEnabled")),
    );
    v.field(
        "reminderNotificationsEnabled",
        "Reminders",
        yes_no(boolean(st, "reminderNotificationsEnabled")),
    );
    let apply: Vec<&str> = arr(st, "applyActions")
        .iter()
        .filter_map(odata_kind)
        .collect();
    v.field(
        "applyActions",
        "On deny",
        if apply.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(apply.join(", "))
        },
    );

    let mut reviewers = Table::new(
        "reviewers",
        "Reviewers",
        &[
            col("as", "AS"),
            col("reviewer", "REVIEWER"),
            col("description", "WHO"),
            col("query", "QUERY"),
        ],
    );
    let mut add = |as_: String, scopes: &[Value]| {
        for r in scopes {
            let q = s(r, "query").unwrap_or_default();
            let (text, obj) = describe_query(ctx, q);
            reviewers.push(vec![
                Cell::Text(as_.clone()),
                obj.map_or(Cell::Empty, Cell::Ref),
                Cell::Text(text),
                Cell::text(q),
            ]);
        }
    };
    add("reviewer".into(), arr(d, "reviewers"));
    add("fallback".into(), arr(d, "fallbackReviewers"));
    add("fallback".into(), arr(d, "backupReviewers"));
    for stage in arr(d, "stageSettings") {
        let id = s(stage, "stageId").unwrap_or("?");
        add(format!("stage {id} reviewer"), arr(stage, "reviewers"));
        add(
            format!("stage {id} fallback"),
            arr(stage, "fallbackReviewers"),
        );
    }
    let mut contacted_rows: Vec<(Ref, String)> = Vec::new();
    let mut insts = Table::new(
        "instances",
        "Instances",
        &[
            col("id", "INSTANCE"),
            col("status", "STATUS"),
            col("startDateTime", "STARTED"),
            col("endDateTime", "DUE"),
            col("decisions", "DECISIONS"),
            col("approved", "APPROVED"),
            col("denied", "DENIED"),
            col("undecided", "UNDECIDED"),
            col("contactedReviewers", "CONTACTED REVIEWERS"),
        ],
    );
    let mut sorted: Vec<&Value> = instances(d).iter().collect();
    sorted.sort_by_key(|i| (timestamp(i, "startDateTime"), s(i, "id")));
    let mut totals = (0usize, 0usize, 0usize);
    for inst in sorted {
        let ds = decisions(inst);
        let by = |what: &str| {
            ds.iter()
                .filter(|x| s(x, "decision").is_some_and(|y| eq_ci(y, what)))
                .count()
        };
        let (open, total) = undecided(inst);
        let reviewers_of = contacted(ctx, inst);
        for r in &reviewers_of {
            contacted_rows.push((r.clone(), s(inst, "id").unwrap_or_default().to_string()));
        }
        totals.0 += total;
        totals.1 += open;
        totals.2 += usize::from(is_unfinished(s(inst, "status")));
        insts.push(vec![
            Cell::opt(s(inst, "id")),
            Cell::opt(s(inst, "status")),
            Cell::opt(s(inst, "startDateTime")),
            Cell::opt(s(inst, "endDateTime")),
            total.into(),
            by("Approve").into(),
            by("Deny").into(),
            open.into(),
            Cell::Refs(reviewers_of),
        ]);
    }
    let mut people = Table::new(
        "contactedReviewers",
        "Contacted reviewers",
        &[col("reviewer", "REVIEWER"), col("instanceId", "INSTANCE")],
    );
    for (r, i) in contacted_rows {
        people.push(vec![r.into(), Cell::Text(i)]);
    }
    let n_reviewers = reviewers.rows.len();
    let n_instances = insts.rows.len();
    let n_people = people.rows.len();
    v.tables.push(reviewers);
    v.tables.push(people);
    v.tables.push(insts);
    v.count("reviewerScopes", "reviewer scopes", n_reviewers);
    v.count("contactedReviewers", "contacted reviewers", n_people);
    v.count("instances", "instances", n_instances);
    v.count("pendingInstances", "pending", totals.2);
    v.count("decisions", "decisions", totals.0);
    v.count("undecided", "undecided", totals.1);
    Ok(ctx.finish(v))
}

/// Identities a reviewer name can pick: users, and reviewers the snapshot names only inside
/// reviews (contacted reviewers, decision makers) when they are not in `users`.
fn reviewer_candidates(ctx: &Ctx) -> Vec<Value> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for d in ctx.items(REVIEWS) {
        for inst in instances(d) {
            let idents = arr(inst, "contactedReviewers")
                .iter()
                .chain(decisions(inst).iter().map(|x| get(x, "reviewedBy")));
            for ident in idents {
                let Some(id) = s(ident, "id").filter(|id| *id != ZERO_GUID) else {
                    continue;
                };
                if ctx.user(id).is_none() && seen.insert(id.to_ascii_lowercase()) {
                    out.push(ident.clone());
                }
            }
        }
    }
    out
}

/// `show reviews --reviewer NAME`: reviews in which someone is (or was) a reviewer, by
/// assignment (`/users/{id}` reviewer queries), by being contacted, or by having decided.
pub fn by_reviewer(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let extra = reviewer_candidates(ctx);
    let person = find_person(ctx, name, &extra)?;
    let pid = person.id.to_ascii_lowercase();
    let names_person =
        |q: &str| segment_after(q, "/users/").is_some_and(|id| id.eq_ignore_ascii_case(&pid));
    let mut t = Table::new(
        "reviews",
        format!("Access reviews with {} as a reviewer", person.label()),
        &[
            col("review", "REVIEW"),
            col("status", "STATUS"),
            col("as", "AS"),
            col("pendingInstances", "PENDING"),
            col("due", "DUE"),
            col("decided", "DECIDED BY THEM"),
            col("undecided", "UNDECIDED"),
        ],
    );
    let mut pending_total = 0;
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for d in ctx.items(REVIEWS) {
        let mut roles: BTreeSet<&str> = BTreeSet::new();
        let scope_hit = |scopes: &[Value]| {
            scopes
                .iter()
                .any(|r| s(r, "query").is_some_and(names_person))
        };
        if scope_hit(arr(d, "reviewers")) {
            roles.insert("assigned");
        }
        if scope_hit(arr(d, "fallbackReviewers")) || scope_hit(arr(d, "backupReviewers")) {
            roles.insert("fallback");
        }
        if arr(d, "stageSettings")
            .iter()
            .any(|st| scope_hit(arr(st, "reviewers")) || scope_hit(arr(st, "fallbackReviewers")))
        {
            roles.insert("stage reviewer");
        }
        let mut pending = 0usize;
        let mut due: Option<Timestamp> = None;
        let mut decided = 0usize;
        let mut open = 0usize;
        for inst in instances(d) {
            let is_contacted = arr(inst, "contactedReviewers")
                .iter()
                .any(|r| s(r, "id").is_some_and(|id| id.eq_ignore_ascii_case(&pid)));
            let mine = decisions(inst)
                .iter()
                .filter(|x| {
                    s(get(x, "reviewedBy"), "id").is_some_and(|id| id.eq_ignore_ascii_case(&pid))
                })
                .count();
            if is_contacted {
                roles.insert("contacted");
            }
            if mine > 0 {
                roles.insert("decided");
            }
            decided += mine;
            if is_unfinished(s(inst, "status")) && (is_contacted || !roles.is_empty()) {
                pending += 1;
                open += undecided(inst).0;
                if let Some(e) = timestamp(inst, "endDateTime") {
                    due = Some(due.map_or(e, |d: Timestamp| d.min(e)));
                }
            }
        }
        if roles.is_empty() {
            continue;
        }
        pending_total += usize::from(pending > 0);
        let rref = review_ref(d);
        rows.push((
            rref.name_or_marker().to_lowercase(),
            vec![
                rref.into(),
                Cell::opt(s(d, "status")),
                Cell::Text(roles.into_iter().collect::<Vec<_>>().join(", ")),
                pending.into(),
                due.map_or(Cell::Empty, |t| Cell::Text(t.to_string())),
                decided.into(),
                open.into(),
            ],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, r) in rows {
        t.push(r);
    }
    let n = t.rows.len();
    let mut v = View {
        query: format!("show reviews --reviewer {name}"),
        title: format!("Access reviews with {} as a reviewer", person.label()),
        object_key: Some("reviewer"),
        ..View::default()
    };
    v.field("id", "Id", person.id.clone());
    v.field("displayName", "Name", Cell::opt(person.name.as_deref()));
    v.field(
        "userPrincipalName",
        "User principal name",
        Cell::opt(person.upn.as_deref()),
    );
    v.tables.push(t);
    v.count("reviews", "access reviews", n);
    v.count("withPending", "with pending instances", pending_total);
    Ok(ctx.finish(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_cut_at_path_and_filter_delimiters() {
        let q = "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '62e90394')";
        assert_eq!(segment_after(q, "roleDefinitionId eq '"), Some("62e90394"));
        assert_eq!(
            segment_after("/v1.0/groups/g-1/members/microsoft.graph.user", "/groups/"),
            Some("g-1")
        );
        assert_eq!(segment_after("/users/u-9", "/USERS/"), Some("u-9"));
        assert_eq!(segment_after("./manager", "/users/"), None);
    }

    #[test]
    fn queries_tell_reviewed_from_reviewers() {
        let d = Value::from(serde_json::json!({
            "scope": {"principalScopes": [{"query": "./members"}], "resourceScopes": [{"query": "/groups/g1"}]},
            "reviewers": [{"query": "/users/u1"}],
            "stageSettings": [{"reviewers": [{"query": "/groups/g2/owners"}]}],
        }));
        assert_eq!(
            queries(&d),
            [
                ("./members", false),
                ("/groups/g1", false),
                ("/users/u1", true),
                ("/groups/g2/owners", true)
            ]
        );
    }

    #[test]
    fn unfinished_statuses_match_ar001() {
        assert!(is_unfinished(Some("inProgress")));
        assert!(is_unfinished(Some("NotStarted")));
        assert!(!is_unfinished(Some("Completed")));
        assert!(!is_unfinished(Some("AutoReviewed")));
        assert!(!is_unfinished(None));
    }
}
