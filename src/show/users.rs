//! Users: finding one by name, and listing them by creation time, state, type and name.

use regorus::Value;

use super::fields::{boolean, eq_ci, s, timestamp};
use super::index::{find, Ctx, Miss, USERS};
use super::view::{col, Cell, Col, Ref, Table, View};

/// The user a name picks: display name, UPN, mail or id, ignoring case.
pub fn find_user<'a>(ctx: &Ctx<'a>, name: &str) -> Result<&'a Value, Miss> {
    find(
        ctx.items(USERS),
        name,
        &["displayName", "userPrincipalName", "mail"],
        "user",
        "`govlint show users --name-starts-with TEXT` lists them",
    )
}

pub fn user_ref(u: &Value) -> Ref {
    Ref::new(
        s(u, "id").unwrap_or_default(),
        s(u, "displayName").map(str::to_string),
    )
    .kind("user")
    .upn(s(u, "userPrincipalName").map(str::to_string))
}

pub fn is_guest(u: &Value) -> bool {
    s(u, "userType").is_some_and(|t| eq_ci(t, "Guest"))
}

/// What `show users` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub created_within: Option<u32>,
    /// `Some(true)` enabled only, `Some(false)` disabled only.
    pub enabled: Option<bool>,
    pub guests: bool,
    pub name_starts_with: Option<String>,
}

/// Whether `name` starts with `lower_prefix` (already lower-case), ignoring case.
pub fn starts_with_ci(name: &str, lower_prefix: &str) -> bool {
    if name.is_ascii() && lower_prefix.is_ascii() {
        return name.len() >= lower_prefix.len()
            && name.as_bytes()[..lower_prefix.len()].eq_ignore_ascii_case(lower_prefix.as_bytes());
    }
    name.to_lowercase().starts_with(lower_prefix)
}

/// `show users [--created-within DAYS] [--enabled|--disabled] [--guests] [--name-starts-with TEXT]`.
pub fn list(ctx: &Ctx, f: &Filter) -> View {
    const COLS: &[Col] = &[
        col("user", "USER"),
        col("userType", "TYPE"),
        col("accountEnabled", "ENABLED"),
        col("createdDateTime", "CREATED"),
        col("creationType", "CREATION"),
        col("externalUserState", "EXTERNAL STATE"),
        col("onPremisesSyncEnabled", "SYNCED"),
        col("department", "DEPARTMENT"),
        col("jobTitle", "JOB TITLE"),
    ];
    let all = ctx.items(USERS);
    let since = f
        .created_within
        .map(|d| ctx.now - jiff::SignedDuration::from_hours(i64::from(d) * 24));
    let prefix = f.name_starts_with.as_deref().map(str::to_lowercase);
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for u in all {
        // A user without a creation time cannot be said to be recent; Graph leaves it empty
        // only for accounts older than the property.
        let keep = since.is_none_or(|t| timestamp(u, "createdDateTime").is_some_and(|c| c >= t))
            && f.enabled
                .is_none_or(|e| boolean(u, "accountEnabled") == Some(e))
            && (!f.guests || is_guest(u))
            && prefix.as_deref().is_none_or(|p| {
                s(u, "displayName").is_some_and(|n| starts_with_ci(n, p))
                    || s(u, "userPrincipalName").is_some_and(|n| starts_with_ci(n, p))
            });
        if !keep {
            continue;
        }
        let r = user_ref(u);
        rows.push((
            format!("{}\u{0}{}", r.name_or_marker().to_lowercase(), r.id),
            vec![
                r.into(),
                Cell::opt(s(u, "userType")),
                boolean(u, "accountEnabled").map_or(Cell::Empty, Cell::Bool),
                Cell::opt(s(u, "createdDateTime")),
                Cell::opt(s(u, "creationType")),
                Cell::opt(s(u, "externalUserState")),
                boolean(u, "onPremisesSyncEnabled").map_or(Cell::Empty, Cell::Bool),
                Cell::opt(s(u, "department")),
                Cell::opt(s(u, "jobTitle")),
            ],
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut t = Table::new("users", "Users", COLS);
    for (_, r) in rows {
        t.push(r);
    }
    let mut query = String::from("show users");
    let mut what = Vec::new();
    match f.enabled {
        Some(true) => {
            query.push_str(" --enabled");
            what.push("enabled".to_string());
        }
        Some(false) => {
            query.push_str(" --disabled");
            what.push("disabled".to_string());
        }
        None => {}
    }
    if f.guests {
        query.push_str(" --guests");
        what.push("guest".to_string());
    }
    what.push("users".to_string());
    let mut title = what.join(" ");
    if let Some(d) = f.created_within {
        query.push_str(&format!(" --created-within {d}"));
        title.push_str(&format!(" created in the last {d} days"));
    }
    if let Some(p) = &f.name_starts_with {
        query.push_str(&format!(" --name-starts-with {p}"));
        title.push_str(&format!(" whose name starts with \"{p}\""));
    }
    let mut chars = title.chars();
    let title = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => title,
    };
    let shown = t.rows.len();
    let mut v = View {
        query,
        title,
        ..View::default()
    };
    v.tables.push(t);
    v.count("users", "users", shown);
    v.count("total", "in the tenant", all.len());
    ctx.finish(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(f: Filter) -> Vec<String> {
        let snap = super::super::testdata::build(super::super::testdata::collections());
        let v = list(&super::super::testdata::ctx(&snap), &f);
        let t = v.table("users").expect("users");
        (0..t.rows.len())
            .map(|i| t.cell(i, "user").map(Cell::plain).unwrap_or_default())
            .collect()
    }

    #[test]
    fn filters_by_creation_state_type_and_name() {
        let recent = Filter {
            created_within: Some(30),
            ..Filter::default()
        };
        assert_eq!(names(recent), ["Ann Analyst (ann)"]);
        let disabled = Filter {
            enabled: Some(false),
            ..Filter::default()
        };
        assert_eq!(names(disabled), ["Dan Disabled (dan)"]);
        let guests = Filter {
            guests: true,
            enabled: Some(true),
            ..Filter::default()
        };
        assert_eq!(names(guests), ["Gus Guest (gus)"]);
        let prefix = Filter {
            name_starts_with: Some("DAN@".into()),
            ..Filter::default()
        };
        assert_eq!(names(prefix), ["Dan Disabled (dan)"]);
        assert_eq!(names(Filter::default()).len(), 3);
    }

    #[test]
    fn prefix_ignores_case() {
        assert!(starts_with_ci("Finance Team", "fin"));
        assert!(starts_with_ci("Élodie", "élo"));
        assert!(!starts_with_ci("Fi", "fin"));
        assert!(!starts_with_ci("HR Finance", "fin"));
    }
}
