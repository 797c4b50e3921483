//! Sign-ins: the log `fetch` read over a window, filtered by user, outcome, location and app,
//! newest first. Every answer states the window, because a sign-in log is never the whole
//! history: Graph keeps it for a limited time and `fetch` reads it from `since` on.

use jiff::Timestamp;
use regorus::Value;

use super::fields::{contains_ci, eq_ci, get, int, s, timestamp};
use super::index::{find, Ctx, Miss, SIGN_INS, USERS};
use super::view::{col, Cell, Col, Ref, Table, View};
use crate::snapshot::Status;

/// What `show sign-ins` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub user: Option<String>,
    pub failed: bool,
    pub location: Option<String>,
    pub app: Option<String>,
    pub top: Option<usize>,
}

/// A failed sign-in: Graph's `status.errorCode` is 0 on success.
pub fn is_failure(item: &Value) -> bool {
    int(get(item, "status"), "errorCode").is_some_and(|c| c != 0)
}

/// `city, state, country` as far as Graph resolved it.
pub fn location(item: &Value) -> String {
    let l = get(item, "location");
    ["city", "state", "countryOrRegion"]
        .iter()
        .filter_map(|k| s(l, k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The window the snapshot's sign-ins cover, in words, and whether only failures were read.
pub fn window(ctx: &Ctx) -> (String, bool) {
    let coll = ctx.snap.collections.get(SIGN_INS);
    if let Some(reason) = coll
        .is_none_or(|c| c.status == Status::Unavailable)
        .then(|| ctx.snap.unusable_reason(SIGN_INS))
        .flatten()
    {
        return (format!("none: {reason}"), false);
    }
    match coll.and_then(|c| c.window.as_ref()) {
        Some(w) => (
            format!(
                "since {}{}",
                w.since,
                if w.failures_only {
                    ", failed sign-ins only"
                } else {
                    ""
                }
            ),
            w.failures_only,
        ),
        None => ("not recorded in the snapshot".into(), false),
    }
}

/// Whom a sign-in is of: the user from the snapshot, else as the sign-in names them.
pub fn user_ref(ctx: &Ctx, item: &Value) -> Ref {
    let id = s(item, "userId").unwrap_or_default();
    if ctx.user(id).is_some() {
        return ctx.principal(id, None);
    }
    Ref::new(id, s(item, "userDisplayName").map(str::to_string))
        .kind("user")
        .upn(s(item, "userPrincipalName").map(str::to_string))
}

pub const COLS: &[Col] = &[
    col("createdDateTime", "TIME"),
    col("user", "USER"),
    col("app", "APP"),
    col("ipAddress", "IP"),
    col("location", "LOCATION"),
    col("status", "STATUS"),
    col("failureReason", "FAILURE REASON"),
    col("clientAppUsed", "CLIENT"),
    col("conditionalAccessStatus", "CONDITIONAL ACCESS"),
    col("riskLevelDuringSignIn", "RISK"),
    col("isInteractive", "INTERACTIVE"),
    col("id", "SIGN-IN ID"),
];

pub fn row(ctx: &Ctx, item: &Value) -> Vec<Cell> {
    let status = get(item, "status");
    vec![
        Cell::opt(s(item, "createdDateTime")),
        Cell::Ref(user_ref(ctx, item)),
        Cell::opt(s(item, "appDisplayName").or_else(|| s(item, "appId"))),
        Cell::opt(s(item, "ipAddress")),
        Cell::Text(location(item)),
        match int(status, "errorCode") {
            Some(0) => Cell::text("success"),
            Some(c) => Cell::Text(format!("failure {c}")),
            None => Cell::Empty,
        },
        if is_failure(item) {
            Cell::opt(s(status, "failureReason"))
        } else {
            Cell::Empty
        },
        Cell::opt(s(item, "clientAppUsed")),
        Cell::opt(s(item, "conditionalAccessStatus")),
        Cell::opt(s(item, "riskLevelDuringSignIn")),
        match get(item, "isInteractive") {
            Value::Bool(b) => Cell::Bool(*b),
            _ => Cell::Empty,
        },
        Cell::opt(s(item, "id")),
    ]
}

/// Newest first (ties by id, so the order is stable whatever order the log came in). Each
/// time is parsed once, and ids are borrowed: a log holds millions of sign-ins.
pub fn sort_newest_first<'a>(items: &mut [&'a Value]) {
    items.sort_by_cached_key(|i| {
        let i: &'a Value = i;
        (
            std::cmp::Reverse(timestamp(i, "createdDateTime").unwrap_or(Timestamp::MIN)),
            s(i, "id"),
        )
    });
}

/// Users who appear only in sign-ins (deleted since, or not read), so a name can pick them.
fn sign_in_users(ctx: &Ctx) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for i in ctx.items(SIGN_INS) {
        let Some(id) = s(i, "userId") else { continue };
        if ctx.user(id).is_none() && seen.insert(id.to_ascii_lowercase()) {
            out.push(Value::from(serde_json::json!({
                "id": id,
                "displayName": s(i, "userDisplayName"),
                "userPrincipalName": s(i, "userPrincipalName"),
            })));
        }
    }
    out
}

/// The user a `--user` name picks: from `users`, else from the sign-ins themselves.
fn find_user(ctx: &Ctx, name: &str) -> Result<Ref, Miss> {
    let keys = &["displayName", "userPrincipalName", "mail"];
    let hint = "search by part of the display name, or pass the id";
    let found = match find(ctx.items(USERS), name, keys, "user", hint) {
        Ok(u) => return Ok(ctx.principal(s(u, "id").unwrap_or_default(), Some(u))),
        Err(Miss::Unknown { .. }) => {
            let extra = sign_in_users(ctx);
            let u = find(
                ctx.items(USERS).iter().chain(extra.iter()),
                name,
                keys,
                "user",
                hint,
            )?;
            Ref::new(
                s(u, "id").unwrap_or_default(),
                s(u, "displayName").map(str::to_string),
            )
            .kind("user")
            .upn(s(u, "userPrincipalName").map(str::to_string))
        }
        Err(e) => return Err(e),
    };
    Ok(found)
}

/// `show sign-ins [--user NAME] [--failed] [--location TEXT] [--app TEXT] [--top N]`.
pub fn list(ctx: &Ctx, f: &Filter) -> Result<View, Miss> {
    let user = f.user.as_deref().map(|n| find_user(ctx, n)).transpose()?;
    let all = ctx.items(SIGN_INS);
    let (window, failures_only) = window(ctx);
    if failures_only && !f.failed {
        ctx.note_incomplete(
            "signIns holds failed sign-ins only (fetched with --sign-ins failures): successful ones are not in the snapshot".into(),
        );
    }
    let loc = f.location.as_deref().map(str::to_lowercase);
    let app = f.app.as_deref().map(str::to_lowercase);
    let mut hits: Vec<&Value> = all
        .iter()
        .filter(|i| {
            user.as_ref()
                .is_none_or(|u| s(i, "userId").is_some_and(|id| eq_ci(id, &u.id)))
                && (!f.failed || is_failure(i))
                && loc.as_deref().is_none_or(|l| {
                    let at = get(i, "location");
                    ["city", "state", "countryOrRegion"]
                        .iter()
                        .any(|k| s(at, k).is_some_and(|v| contains_ci(v, l)))
                })
                && app.as_deref().is_none_or(|a| {
                    s(i, "appDisplayName").is_some_and(|n| contains_ci(n, a))
                        || s(i, "appId").is_some_and(|id| eq_ci(id, a))
                })
        })
        .collect();
    let matched = hits.len();
    let failed = hits.iter().filter(|i| is_failure(i)).count();
    sort_newest_first(&mut hits);
    if let Some(n) = f.top {
        hits.truncate(n);
    }
    let mut query = String::from("show sign-ins");
    if let Some(n) = &f.user {
        query.push_str(&format!(" --user {n}"));
    }
    if f.failed {
        query.push_str(" --failed");
    }
    if let Some(l) = &f.location {
        query.push_str(&format!(" --location {l}"));
    }
    if let Some(a) = &f.app {
        query.push_str(&format!(" --app {a}"));
    }
    if let Some(n) = f.top {
        query.push_str(&format!(" --top {n}"));
    }
    let mut title = format!("{}ign-ins", if f.failed { "Failed s" } else { "S" });
    if let Some(u) = &user {
        title.push_str(&format!(" of {}", u.label()));
    }
    if let Some(l) = &f.location {
        title.push_str(&format!(" from \"{l}\""));
    }
    if let Some(a) = &f.app {
        title.push_str(&format!(" to \"{a}\""));
    }
    title.push_str(&format!(" ({window}), newest first"));
    let mut t = Table::new("signIns", "Sign-ins", COLS);
    for i in hits {
        t.push(row(ctx, i));
    }
    let shown = t.rows.len();
    let mut v = View {
        query,
        title,
        object_key: Some("window"),
        ..View::default()
    };
    let w = ctx
        .snap
        .collections
        .get(SIGN_INS)
        .and_then(|c| c.window.as_ref());
    v.field(
        "since",
        "Window since",
        w.map_or(Cell::Empty, |w| Cell::Text(w.since.to_string())),
    );
    v.field(
        "failuresOnly",
        "Failed sign-ins only",
        w.map_or(Cell::Empty, |w| Cell::Bool(w.failures_only)),
    );
    v.field("user", "User", user.map_or(Cell::Empty, Cell::Ref));
    v.tables.push(t);
    v.count("shown", "shown", shown);
    v.count("matched", "matched", matched);
    v.count("failed", "failed", failed);
    v.count("total", "sign-ins in the snapshot", all.len());
    Ok(ctx.finish(v))
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{build, collections, ctx, denied};
    use super::*;

    fn ids(v: &View) -> Vec<String> {
        let t = v.table("signIns").expect("signIns");
        (0..t.rows.len())
            .map(|i| t.cell(i, "id").map(Cell::plain).unwrap_or_default())
            .collect()
    }

    fn ask(snap: &crate::snapshot::Snapshot, f: Filter) -> View {
        list(&ctx(snap), &f).expect("answer")
    }

    #[test]
    fn filters_combine_and_the_newest_come_first() {
        let snap = build(collections());
        let all = ask(&snap, Filter::default());
        assert_eq!(ids(&all), ["s3", "s2", "s1"]);
        assert!(all.title.contains("since 2026-11-13T09:00:00Z"));
        let user = Filter {
            user: Some("ann analyst".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&ask(&snap, user.clone())), ["s3", "s2"]);
        let failed = Filter {
            failed: true,
            ..user.clone()
        };
        assert_eq!(ids(&ask(&snap, failed)), ["s2"]);
        let top = Filter {
            top: Some(1),
            ..user
        };
        assert_eq!(ids(&ask(&snap, top)), ["s3"]);
        for (loc, want) in [("lagos", "s2"), ("gb", "s1"), ("FR", "s3")] {
            let f = Filter {
                location: Some(loc.into()),
                ..Filter::default()
            };
            assert_eq!(ids(&ask(&snap, f)), [want], "{loc}");
        }
        let app = Filter {
            app: Some("outlook".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&ask(&snap, app)), ["s1"]);
        // Someone only the log names (a deleted account) can still be asked about.
        let gone = Filter {
            user: Some("leaver@contoso.example".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&ask(&snap, gone)), ["s1"]);
    }

    #[test]
    fn a_failures_only_log_cannot_answer_for_all_sign_ins() {
        let mut snap = build(collections());
        if let Some(w) = snap
            .collections
            .get_mut(SIGN_INS)
            .and_then(|c| c.window.as_mut())
        {
            w.failures_only = true;
        }
        let v = ask(&snap, Filter::default());
        assert!(v
            .incomplete
            .iter()
            .any(|r| r.contains("failed sign-ins only")));
        let f = Filter {
            failed: true,
            ..Filter::default()
        };
        assert!(ask(&snap, f).incomplete.is_empty());
    }

    #[test]
    fn denied_sign_ins_are_named() {
        let snap = denied(SIGN_INS, "AuditLog.Read.All");
        let v = ask(&snap, Filter::default());
        assert_eq!(
            v.incomplete,
            ["signIns unavailable: 403 Authorization_RequestDenied (needs AuditLog.Read.All)"]
        );
    }
}
