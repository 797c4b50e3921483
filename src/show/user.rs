//! `show user NAME`: one user's dossier, "summarize this user's risk" as a deterministic answer:
//! identity and account state, sponsors, last sign-in, authentication methods, risk, groups
//! (direct and nested), directory roles (direct and through groups), access package
//! assignments, access reviews about them or by them, recent sign-ins, and the lint findings
//! that name them.
//!
//! Each part reads its collection in one pass; roles come from `engine::holders` (the same
//! holder index the rules judge), so `show user` and `lint` cannot disagree about who holds what.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use regorus::Value;

use super::fields::{arr, boolean, eq_ci, get, s};
use super::index::{
    Ctx, Miss, REGISTRATION, REVIEWS, RISKY_USERS, RISK_DETECTIONS, SIGN_INS, SIGN_IN_ACTIVITY,
};
use super::membership::{path_text, Membership};
use super::reviews::{decisions, instances, queries, review_ref, segment_after};
use super::risk::is_at_risk;
use super::signins::{is_failure, location, sort_newest_first};
use super::users::{find_user, is_guest, user_ref};
use super::view::{col, Cell, Table, View};
use super::{assignments, groups, reviews, signins};
use crate::engine::holders;
use crate::finding::LintResult;
use crate::snapshot::{Sift, Test};

/// How many of the user's sign-ins the dossier lists (the rest: `show sign-ins --user`).
const RECENT: usize = 10;

fn by_id<'a>(items: &'a [Value], id: &str) -> Option<&'a Value> {
    items
        .iter()
        .find(|i| s(i, "id").is_some_and(|x| eq_ci(x, id)))
}

fn flag(v: &Value, key: &str) -> Cell {
    boolean(v, key).map_or(Cell::Empty, Cell::Bool)
}

fn strings(v: &Value, key: &str) -> Cell {
    let xs: Vec<&str> = arr(v, key)
        .iter()
        .filter_map(|x| match x {
            Value::String(s) => Some(s.as_ref()),
            _ => None,
        })
        .collect();
    Cell::Text(xs.join(", "))
}

fn identity(ctx: &Ctx, v: &mut View, u: &Value) {
    for (k, l) in [
        ("id", "Id"),
        ("displayName", "Name"),
        ("userPrincipalName", "User principal name"),
        ("mail", "Mail"),
        ("givenName", "Given name"),
        ("surname", "Surname"),
        ("jobTitle", "Job title"),
        ("department", "Department"),
        ("companyName", "Company"),
        ("userType", "User type"),
    ] {
        v.field(k, l, Cell::opt(s(u, k)));
    }
    v.field("accountEnabled", "Enabled", flag(u, "accountEnabled"));
    for (k, l) in [
        ("creationType", "Creation type"),
        ("externalUserState", "External state"),
        ("externalUserStateChangeDateTime", "External state since"),
        ("createdDateTime", "Created"),
    ] {
        v.field(k, l, Cell::opt(s(u, k)));
    }
    v.field(
        "onPremisesSyncEnabled",
        "Synced from on-premises",
        flag(u, "onPremisesSyncEnabled"),
    );
    // A member's sponsors may not have been read; a guest's always are.
    v.field(
        "sponsors",
        "Sponsors",
        match get(u, "sponsors") {
            Value::Array(a) if a.is_empty() => Cell::text("none"),
            Value::Array(a) => Cell::Refs(
                a.iter()
                    .filter_map(|x| s(x, "id").map(|id| ctx.principal(id, Some(x))))
                    .collect(),
            ),
            _ if is_guest(u) => {
                ctx.note_incomplete("users: the guest's sponsors were not read".into());
                Cell::text("not read")
            }
            _ => Cell::text("not read"),
        },
    );
}

fn last_sign_in(ctx: &Ctx, v: &mut View, id: &str) {
    // A record without `signInActivity` is a user who never signed in; no record at all says
    // nothing (an account created after the read, say).
    let a = by_id(ctx.items(SIGN_IN_ACTIVITY), id).map(|r| get(r, "signInActivity"));
    for (k, l) in [
        ("lastSignInDateTime", "Last interactive sign-in"),
        (
            "lastNonInteractiveSignInDateTime",
            "Last non-interactive sign-in",
        ),
        ("lastSuccessfulSignInDateTime", "Last successful sign-in"),
    ] {
        let value = match a {
            None => Cell::text("no sign-in activity record"),
            Some(Value::Null | Value::Undefined) => Cell::text("never"),
            Some(x) => Cell::opt(s(x, k)),
        };
        v.field(k, l, value);
    }
}

fn methods(ctx: &Ctx, v: &mut View, id: &str) {
    let r = by_id(ctx.items(REGISTRATION), id);
    let Some(r) = r else {
        v.field(
            "methodsRegistered",
            "Authentication methods",
            "no registration record",
        );
        return;
    };
    v.field(
        "methodsRegistered",
        "Authentication methods",
        strings(r, "methodsRegistered"),
    );
    v.field(
        "isMfaRegistered",
        "MFA registered",
        flag(r, "isMfaRegistered"),
    );
    v.field("isMfaCapable", "MFA capable", flag(r, "isMfaCapable"));
    v.field(
        "isPasswordlessCapable",
        "Passwordless capable",
        flag(r, "isPasswordlessCapable"),
    );
    v.field(
        "defaultMethod",
        "Default method",
        Cell::opt(s(r, "userPreferredMethodForSecondaryAuthentication")),
    );
    v.field(
        "systemPreferredAuthenticationMethods",
        "System-preferred methods",
        strings(r, "systemPreferredAuthenticationMethods"),
    );
    v.field(
        "isAdmin",
        "Admin (per the registration report)",
        flag(r, "isAdmin"),
    );
}

fn risk(ctx: &Ctx, v: &mut View, id: &str) -> Table {
    match by_id(ctx.items(RISKY_USERS), id) {
        Some(r) => {
            v.field("riskLevel", "Risk level", Cell::opt(s(r, "riskLevel")));
            v.field("riskState", "Risk state", Cell::opt(s(r, "riskState")));
            v.field("riskDetail", "Risk detail", Cell::opt(s(r, "riskDetail")));
            v.field(
                "riskLastUpdatedDateTime",
                "Risk updated",
                Cell::opt(s(r, "riskLastUpdatedDateTime")),
            );
            v.field("atRisk", "At risk", is_at_risk(s(r, "riskState")));
        }
        None => {
            v.field("riskLevel", "Risk level", "none (not a risky user)");
            v.field("atRisk", "At risk", false);
        }
    }
    let mut t = Table::new(
        "riskDetections",
        "Risk detections",
        &[
            col("detectedDateTime", "DETECTED"),
            col("riskEventType", "TYPE"),
            col("riskLevel", "LEVEL"),
            col("riskState", "STATE"),
            col("ipAddress", "IP"),
            col("location", "LOCATION"),
            col("id", "DETECTION ID"),
        ],
    );
    let mut rows: Vec<&Value> = ctx
        .items(RISK_DETECTIONS)
        .iter()
        .filter(|d| s(d, "userId").is_some_and(|u| eq_ci(u, id)))
        .collect();
    rows.sort_by_key(|d| std::cmp::Reverse((s(d, "detectedDateTime"), s(d, "id"))));
    for d in rows {
        t.push(vec![
            Cell::opt(s(d, "detectedDateTime")),
            Cell::opt(s(d, "riskEventType")),
            Cell::opt(s(d, "riskLevel")),
            Cell::opt(s(d, "riskState")),
            Cell::opt(s(d, "ipAddress")),
            Cell::Text(location(d)),
            Cell::opt(s(d, "id")),
        ]);
    }
    t
}

/// The user's groups, and their ids (lower-case) for the questions that follow.
fn groups_table(ctx: &Ctx, ms: &Membership, id: &str) -> (Table, HashSet<String>) {
    let mut t = Table::new(
        "groups",
        "Groups (direct and through nesting)",
        &[
            col("group", "GROUP"),
            col("how", "HOW"),
            col("path", "PATH"),
            col("kind", "KIND"),
        ],
    );
    let mut ids = HashSet::new();
    let mut reached = ms.groups_of(id);
    reached.sort_by_key(|r| {
        (
            !r.direct(),
            s(r.group, "displayName").map(str::to_lowercase),
            s(r.group, "id"),
        )
    });
    for r in reached {
        ids.insert(s(r.group, "id").unwrap_or_default().to_ascii_lowercase());
        t.push(vec![
            groups::group_ref(r.group).into(),
            Cell::text(if r.direct() { "direct" } else { "nested" }),
            Cell::Text(path_text(&r.path)),
            Cell::Text(groups::kind(r.group)),
        ]);
    }
    if let Some(note) = ms.unread_note() {
        ctx.note_incomplete(note);
    }
    (t, ids)
}

/// Directory roles in effect now, direct and through groups, as the rules see them: the very
/// index the lint's prepare builds, built once for both (`shared`).
fn roles_table(ctx: &Ctx, id: &str, shared: &holders::Shared) -> (Table, HashSet<String>) {
    for c in holders::READS {
        ctx.items(c);
    }
    let (_, by_principal) = shared.get_or_init(|| holders::build(ctx.snap, ctx.now));
    let mut t = Table::new(
        "roles",
        "Directory roles (in effect now)",
        &[
            col("role", "ROLE"),
            col("assignment", "ASSIGNMENT"),
            col("via", "VIA"),
            col("assignmentType", "TYPE"),
            col("startDateTime", "START"),
            col("endDateTime", "END"),
            col("directoryScopeId", "SCOPE"),
        ],
    );
    let mut ids = HashSet::new();
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    let mine = match &by_principal[id] {
        Value::Object(o) => Some(o.clone()),
        _ => None,
    };
    for (role, held) in mine.iter().flat_map(|o| o.iter()) {
        let Value::String(role) = role else { continue };
        ids.insert(role.to_ascii_lowercase());
        let rref = ctx.role_ref(role);
        for (kind, active) in [("active", true), ("eligible", false)] {
            for inst in arr(held, kind) {
                let via = arr(inst, "via");
                let how = if via.is_empty() {
                    "direct".to_string()
                } else {
                    via.iter()
                        .map(|h| {
                            let name = s(h, "displayName")
                                .or_else(|| s(h, "groupId"))
                                .unwrap_or("?");
                            match s(h, "membership") {
                                Some("eligibleMember") => format!("{name} (eligible member)"),
                                Some("activeMember") => format!("{name} (active member)"),
                                _ => name.to_string(),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" → ")
                };
                rows.push((
                    format!(
                        "{}\u{0}{}\u{0}{how}",
                        rref.name_or_marker().to_lowercase(),
                        u8::from(!active)
                    ),
                    vec![
                        Cell::Ref(rref.clone()),
                        Cell::text(kind),
                        Cell::Text(how),
                        Cell::opt(s(inst, "assignmentType")),
                        Cell::opt(s(inst, "startDateTime")),
                        Cell::opt(s(inst, "endDateTime")),
                        Cell::opt(s(inst, "directoryScopeId")),
                    ],
                ));
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, r) in rows {
        t.push(r);
    }
    (t, ids)
}

/// Reviews whose scope covers the user (by name, through a group, a role or an access
/// package), or that recorded a decision about them.
fn reviews_of(
    ctx: &Ctx,
    id: &str,
    groups: &HashSet<String>,
    roles: &HashSet<String>,
    packages: &HashSet<String>,
) -> Table {
    let mut t = Table::new(
        "reviewedIn",
        "Access reviews that review them",
        &[
            col("review", "REVIEW"),
            col("status", "STATUS"),
            col("why", "WHY"),
            col("decisions", "DECISIONS ABOUT THEM"),
        ],
    );
    let hit = |set: &HashSet<String>, v: Option<&str>| {
        v.is_some_and(|x| set.contains(&x.to_ascii_lowercase()))
    };
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for d in ctx.items(REVIEWS) {
        let mut why: BTreeSet<&str> = BTreeSet::new();
        for (q, reviewer) in queries(d) {
            if reviewer {
                continue;
            }
            if segment_after(q, "/users/").is_some_and(|u| eq_ci(u, id)) {
                why.insert("named");
            }
            if hit(groups, segment_after(q, "/groups/")) {
                why.insert("group member");
            }
            if hit(roles, segment_after(q, "roleDefinitionId eq '"))
                || hit(roles, segment_after(q, "/roleDefinitions/"))
            {
                why.insert("role holder");
            }
            if hit(packages, segment_after(q, "accessPackageId eq '")) {
                why.insert("access package assignee");
            }
        }
        let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
        for inst in instances(d) {
            for x in decisions(inst) {
                if s(get(x, "principal"), "id").is_some_and(|p| eq_ci(p, id)) {
                    *outcomes
                        .entry(s(x, "decision").unwrap_or("NotReviewed").to_string())
                        .or_default() += 1;
                }
            }
        }
        if !outcomes.is_empty() {
            why.insert("decision recorded");
        }
        if why.is_empty() {
            continue;
        }
        let r = review_ref(d);
        rows.push((
            r.name_or_marker().to_lowercase(),
            vec![
                r.into(),
                Cell::opt(s(d, "status")),
                Cell::Text(why.into_iter().collect::<Vec<_>>().join(", ")),
                Cell::Text(
                    outcomes
                        .iter()
                        .map(|(k, n)| format!("{k} ×{n}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, r) in rows {
        t.push(r);
    }
    t
}

/// The sifts `show user` loads its snapshot with: the lint's, and the sign-ins' users.
pub const SIFTS: &[Sift] = &[
    crate::engine::prefilter::SIGN_IN_SESSIONS_WITHOUT_CA,
    Sift {
        name: SIGN_INS_BY_USER,
        collection: SIGN_INS,
        test: Test::Key(user_key),
    },
];

/// Each sign-in's [`user_key`], recorded while the loader parses it: finding a user's
/// sign-ins then compares numbers in a dense list instead of visiting millions of sign-ins
/// (over a second at full size, most of the dossier's time; benches/README.md).
const SIGN_INS_BY_USER: &str = "signInsByUser";

/// `userId` as a value, built once: indexing with a `&str` builds a string value per lookup.
static USER_ID: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| Value::from("userId"));

/// [`folded_key`] of a sign-in's `userId` (0 when it has none: that matches nobody).
fn user_key(sign_in: &Value) -> u32 {
    match &sign_in[&*USER_ID] {
        Value::String(u) => folded_key(u),
        _ => 0,
    }
}

/// FNV-1a of `s` lower-cased as [`eq_ci`] compares (each character's lower case), so strings
/// `eq_ci` calls equal have the same key; different ones rarely do, and are told apart by
/// `eq_ci` itself.
fn folded_key(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut add = |c: char| {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    };
    if s.is_ascii() {
        s.bytes().for_each(|b| add(b.to_ascii_lowercase() as char));
    } else {
        s.chars().flat_map(char::to_lowercase).for_each(add);
    }
    h
}

/// The user's sign-ins in the window: the latest few, and the failures by reason.
fn sign_ins(ctx: &Ctx, v: &mut View, id: &str) -> (Table, Table) {
    let is_mine = |i: &&Value| matches!(&i[&*USER_ID], Value::String(u) if eq_ci(u, id));
    // `ctx.items` also notes an unusable log as a reason the answer is incomplete.
    let all = ctx.items(SIGN_INS);
    let mut mine: Vec<&Value> = match ctx.snap.keyed(SIGN_INS_BY_USER, SIGN_INS, folded_key(id)) {
        Some(keyed) => keyed.filter(is_mine).collect(),
        // A keyed look-up, not `s`'s scan of the keys: this walks millions of sign-ins.
        None => all.iter().filter(is_mine).collect(),
    };
    let (window, failures_only) = signins::window(ctx);
    if failures_only {
        ctx.note_incomplete(
            "signIns holds failed sign-ins only (fetched with --sign-ins failures): successful ones are not in the snapshot".into(),
        );
    }
    let failed: Vec<&Value> = mine.iter().copied().filter(|i| is_failure(i)).collect();
    v.field("signInWindow", "Sign-ins window", window);
    v.field("signIns", "Sign-ins in the window", mine.len());
    v.field(
        "failedSignIns",
        "Failed sign-ins in the window",
        failed.len(),
    );
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for f in &failed {
        let st = get(f, "status");
        let key = format!(
            "{} {}",
            s(st, "failureReason").unwrap_or("(no reason given)"),
            super::fields::int(st, "errorCode").map_or(String::new(), |c| format!("({c})"))
        );
        *reasons.entry(key.trim().to_string()).or_default() += 1;
    }
    let mut by_reason = Table::new(
        "failureReasons",
        "Failed sign-ins by reason",
        &[col("reason", "REASON"), col("count", "COUNT")],
    );
    let mut rs: Vec<(String, usize)> = reasons.into_iter().collect();
    rs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (r, n) in rs {
        by_reason.push(vec![Cell::Text(r), n.into()]);
    }
    sort_newest_first(&mut mine);
    let mut t = Table::new(
        "recentSignIns",
        format!("Latest sign-ins (up to {RECENT})"),
        signins::COLS,
    );
    for i in mine.into_iter().take(RECENT) {
        t.push(signins::row(ctx, i));
    }
    (t, by_reason)
}

/// The lint findings (built-in rules, default configuration) that name the user, as the
/// object at fault or a related object.
fn findings(ctx: &Ctx, id: &str, linted: Result<LintResult, miette::Report>) -> Table {
    let mut t = Table::new(
        "findings",
        "Lint findings that name them (built-in rules)",
        &[
            col("rule", "RULE"),
            col("severity", "SEVERITY"),
            col("name", "NAME"),
            col("object", "OBJECT"),
            col("message", "MESSAGE"),
        ],
    );
    let result = match linted {
        Ok(r) => r,
        Err(e) => {
            ctx.note_incomplete(format!(
                "lint findings: the built-in rules could not run: {e}"
            ));
            return t;
        }
    };
    if !result.not_evaluated.is_empty() || !result.errors.is_empty() {
        let mut rules: Vec<&str> = result
            .not_evaluated
            .iter()
            .map(|n| n.rule.as_str())
            .chain(result.errors.iter().map(|e| e.rule.as_str()))
            .collect();
        rules.sort_unstable();
        rules.dedup();
        ctx.note_incomplete(format!(
            "lint findings: {} rule{} could not be evaluated ({}): `govlint lint` says why",
            rules.len(),
            if rules.len() == 1 { "" } else { "s" },
            rules.join(", ")
        ));
    }
    let mut fs: Vec<_> = result
        .findings
        .iter()
        .filter(|f| eq_ci(&f.object.id, id) || f.related.iter().any(|r| eq_ci(&r.id, id)))
        .collect();
    fs.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
    for f in fs {
        t.push(vec![
            Cell::text(f.rule.as_str()),
            Cell::text(f.severity.as_str()),
            Cell::text(f.name.as_str()),
            Cell::Text(f.object.label()),
            Cell::text(f.message.as_str()),
        ]);
    }
    t
}

/// `show user NAME`.
pub fn dossier(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let u = find_user(ctx, name)?;
    let (snap, now) = (ctx.snap, ctx.now);
    // The findings need the whole built-in lint (its input, indexes and rules), the other
    // parts only a pass each over the snapshot: the lint runs on another thread meanwhile
    // instead of after them, and both take the role holders from one build. The answer is
    // the same; only when it is ready changes.
    let shared = holders::Shared::new();
    let shared = &shared;
    let lint =
        move || super::audit::lint_builtin(snap, now, &crate::config::Config::defaults(), shared);
    std::thread::scope(|scope| {
        // The lint evaluates rules: it gets the evaluation stack every other evaluation
        // thread has (patch 109's nesting bound is sized for it), not a default 2 MiB one.
        let spawned = std::thread::Builder::new()
            .name("govlint-dossier-lint".into())
            .stack_size(crate::engine::stack::EVAL_STACK_BYTES)
            .spawn_scoped(scope, lint);
        match spawned {
            Ok(handle) => parts(ctx, name, u, shared, move || {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }),
            // No thread to be had: the lint runs after the other parts, on this one.
            Err(_) => parts(ctx, name, u, shared, lint),
        }
    })
}

/// The dossier of `u`; `linted` waits for the built-in lint's result.
fn parts(
    ctx: &Ctx,
    name: &str,
    u: &Value,
    shared: &holders::Shared,
    linted: impl FnOnce() -> Result<LintResult, miette::Report>,
) -> Result<View, Miss> {
    let me = user_ref(u);
    let id = me.id.clone();
    let mut v = View {
        query: format!("show user {name}"),
        title: format!("User {}", me.label()),
        object_key: Some("user"),
        ..View::default()
    };
    identity(ctx, &mut v, u);
    last_sign_in(ctx, &mut v, &id);
    methods(ctx, &mut v, &id);
    let detections = risk(ctx, &mut v, &id);
    let ms = Membership::build(ctx);
    let (groups, group_ids) = groups_table(ctx, &ms, &id);
    let (roles, role_ids) = roles_table(ctx, &id, shared);
    let packages = assignments::of_user(ctx, &id)?;
    let package_ids: HashSet<String> = packages
        .table("assignments")
        .map(|t| {
            (0..t.rows.len())
                .filter_map(|i| match t.cell(i, "accessPackage") {
                    Some(Cell::Ref(r)) => Some(r.id.to_ascii_lowercase()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let reviewed = reviews_of(ctx, &id, &group_ids, &role_ids, &package_ids);
    let reviewing = reviews::by_reviewer(ctx, &id)?;
    let (recent, reasons) = sign_ins(ctx, &mut v, &id);
    let found = findings(ctx, &id, linted());

    v.count("groups", "groups", groups.rows.len());
    v.count("roles", "roles", role_ids.len());
    let n_assign = packages.table("assignments").map_or(0, |t| t.rows.len());
    v.count(
        "accessPackageAssignments",
        "access package assignments",
        n_assign,
    );
    v.count("reviewedIn", "reviews of them", reviewed.rows.len());
    let mut reviewing_t = reviewing
        .tables
        .into_iter()
        .next()
        .unwrap_or_else(|| Table::new("reviews", "", &[]));
    reviewing_t.key = "reviewerIn";
    reviewing_t.title = "Access reviews in which they review".into();
    v.count("reviewerIn", "reviews by them", reviewing_t.rows.len());
    v.count("riskDetections", "risk detections", detections.rows.len());
    v.count("findings", "findings", found.rows.len());
    let mut assignments_t = packages
        .tables
        .into_iter()
        .next()
        .unwrap_or_else(|| Table::new("assignments", "", &[]));
    assignments_t.key = "accessPackageAssignments";
    assignments_t.title = "Access package assignments".into();
    v.tables.extend([
        roles,
        groups,
        assignments_t,
        reviewed,
        reviewing_t,
        detections,
        recent,
        reasons,
        found,
    ]);
    Ok(ctx.finish(v))
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{build, collections, ctx, denied, GA};
    use super::*;

    fn field<'v>(v: &'v View, key: &str) -> &'v Cell {
        &v.fields.iter().find(|f| f.key == key).expect(key).value
    }

    fn col_text(v: &View, table: &str, key: &str) -> Vec<String> {
        let t = v.table(table).expect(table);
        (0..t.rows.len())
            .map(|i| t.cell(i, key).map(Cell::plain).unwrap_or_default())
            .collect()
    }

    /// Loaded with `show user`'s sifts (whole items, or every item split), each user's
    /// dossier is the one of a snapshot loaded without them.
    #[test]
    fn the_dossier_is_the_same_with_the_loaders_sifts() {
        let plain = build(collections());
        let text = serde_json::to_string(&plain).expect("snapshot serialises");
        for big in [1, usize::MAX] {
            let sifted = crate::snapshot::parse_sifting("t", &text, big, SIFTS).expect("parses");
            assert!(sifted.keyed(SIGN_INS_BY_USER, SIGN_INS, 0).is_some());
            for name in ["ANN@contoso.example", "gus guest", "ann"] {
                assert_eq!(
                    dossier(&ctx(&sifted), name).expect(name),
                    dossier(&ctx(&plain), name).expect(name),
                    "{name}, split at {big}"
                );
            }
        }
    }

    #[test]
    fn names_equal_ignoring_case_have_one_key() {
        for (a, b) in [
            ("ABC-1", "abc-1"),
            ("ÉLODIE", "élodie"),
            ("K\u{212A}", "kk"),
            ("", ""),
        ] {
            assert!(eq_ci(a, b), "{a} {b}");
            assert_eq!(folded_key(a), folded_key(b), "{a} {b}");
        }
        assert_ne!(folded_key("abc-1"), folded_key("abc-2"));
    }

    #[test]
    fn the_dossier_joins_every_part_of_a_user() {
        let snap = build(collections());
        let v = dossier(&ctx(&snap), "ANN@contoso.example").expect("found by UPN");
        assert_eq!(field(&v, "department").plain(), "Finance");
        assert_eq!(
            field(&v, "lastSignInDateTime").plain(),
            "2026-11-19T08:00:00Z"
        );
        assert_eq!(
            field(&v, "methodsRegistered").plain(),
            "microsoftAuthenticatorPush, fido2"
        );
        assert_eq!(field(&v, "riskLevel").plain(), "high");
        assert_eq!(field(&v, "atRisk"), &Cell::Bool(true));
        // Groups: the direct one, and the one it is nested in with the path.
        assert_eq!(col_text(&v, "groups", "how"), ["direct", "nested"]);
        assert_eq!(
            col_text(&v, "groups", "path"),
            ["Fin Ops", "Fin Ops → Tier0"]
        );
        // The role Tier0 holds reaches her through both groups, as the engine sees it.
        assert_eq!(
            col_text(&v, "roles", "role"),
            [format!("Global Administrator ({GA})")]
        );
        assert_eq!(col_text(&v, "roles", "via"), ["Fin Ops → Tier0"]);
        assert_eq!(col_text(&v, "roles", "assignment"), ["active"]);
        assert_eq!(col_text(&v, "reviewedIn", "why"), ["group member"]);
        assert_eq!(col_text(&v, "riskDetections", "location"), ["Lagos, NG"]);
        // Her two sign-ins, newest first; the failure by reason.
        assert_eq!(col_text(&v, "recentSignIns", "id"), ["s3", "s2"]);
        assert_eq!(field(&v, "failedSignIns").plain(), "1");
        assert_eq!(
            col_text(&v, "failureReasons", "reason"),
            ["Invalid username or password. (50126)"]
        );
        assert!(field(&v, "signInWindow")
            .plain()
            .contains("since 2026-11-13T09:00:00Z"));
        // One group's members were not read: her memberships may be incomplete, and it says so.
        assert!(
            v.incomplete
                .iter()
                .any(|r| r.contains("members of 1 group were not read")),
            "{:?}",
            v.incomplete
        );
    }

    #[test]
    fn a_reviewer_sees_the_reviews_they_review_and_a_guest_their_sponsor() {
        let snap = build(collections());
        let v = dossier(&ctx(&snap), "gus guest").expect("found");
        assert_eq!(
            col_text(&v, "reviewerIn", "review"),
            ["Fin Ops members (r1)"]
        );
        assert_eq!(field(&v, "sponsors").plain(), "Ann Analyst (ann)");
        assert_eq!(field(&v, "riskLevel").plain(), "none (not a risky user)");
        assert_eq!(field(&v, "lastSignInDateTime").plain(), "never");
        let dan = dossier(&ctx(&snap), "dan").expect("found");
        assert_eq!(
            field(&dan, "lastSignInDateTime").plain(),
            "no sign-in activity record"
        );
        assert_eq!(
            field(&v, "methodsRegistered").plain(),
            "no registration record"
        );
        assert!(v.table("groups").expect("groups").rows.is_empty());
    }

    #[test]
    fn denied_sign_ins_make_the_dossier_incomplete_and_say_why() {
        let snap = denied("signIns", "AuditLog.Read.All");
        let v = dossier(&ctx(&snap), "ann").expect("found");
        assert!(
            v.incomplete
                .iter()
                .any(|r| r.starts_with("signIns unavailable: 403")
                    && r.contains("AuditLog.Read.All")),
            "{:?}",
            v.incomplete
        );
        assert!(field(&v, "signInWindow")
            .plain()
            .starts_with("none: signIns unavailable"));
    }

    #[test]
    fn an_unknown_name_lists_the_closest() {
        let snap = build(collections());
        match dossier(&ctx(&snap), "Ann Analist") {
            Err(Miss::Unknown { suggestions, .. }) => {
                assert_eq!(suggestions.first().map(|r| r.id.as_str()), Some("ann"));
            }
            other => panic!("{other:?}"),
        }
    }
}
