//! Risky users (Identity Protection): who is at risk, how much and since when, and the risk
//! detections behind it.

use regorus::Value;

use super::fields::{eq_ci, s};
use super::index::{Ctx, RISKY_USERS};
use super::view::{col, Cell, Col, Ref, Table, View};

/// Graph's risk levels, lowest first.
pub const LEVELS: &[&str] = &["none", "low", "medium", "high"];

fn level_rank(level: Option<&str>) -> usize {
    level
        .and_then(|l| LEVELS.iter().position(|x| eq_ci(x, l)))
        .unwrap_or(0)
}

/// Whether a risk state still needs someone to act (not remediated or dismissed).
pub fn is_at_risk(state: Option<&str>) -> bool {
    state.is_some_and(|st| eq_ci(st, "atRisk") || eq_ci(st, "confirmedCompromised"))
}

/// A risky user as a reference: the snapshot's user, else as the record names them.
pub fn risky_ref(ctx: &Ctx, r: &Value) -> Ref {
    let id = s(r, "id").unwrap_or_default();
    if ctx.user(id).is_some() {
        return ctx.principal(id, None);
    }
    Ref::new(id, s(r, "userDisplayName").map(str::to_string))
        .kind("user")
        .upn(s(r, "userPrincipalName").map(str::to_string))
}

/// `show risky-users [--level low|medium|high]`: highest risk first.
pub fn list(ctx: &Ctx, level: Option<&str>) -> View {
    const COLS: &[Col] = &[
        col("user", "USER"),
        col("riskLevel", "LEVEL"),
        col("riskState", "STATE"),
        col("riskDetail", "DETAIL"),
        col("riskLastUpdatedDateTime", "UPDATED"),
    ];
    let all = ctx.items(RISKY_USERS);
    let mut rows: Vec<(usize, String, Vec<Cell>)> = Vec::new();
    let mut at_risk = 0;
    for r in all {
        if level.is_some_and(|l| !s(r, "riskLevel").is_some_and(|x| eq_ci(x, l))) {
            continue;
        }
        at_risk += usize::from(is_at_risk(s(r, "riskState")));
        let u = risky_ref(ctx, r);
        rows.push((
            level_rank(s(r, "riskLevel")),
            format!("{}\u{0}{}", u.name_or_marker().to_lowercase(), u.id),
            vec![
                u.into(),
                Cell::opt(s(r, "riskLevel")),
                Cell::opt(s(r, "riskState")),
                Cell::opt(s(r, "riskDetail")),
                Cell::opt(s(r, "riskLastUpdatedDateTime")),
            ],
        ));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut t = Table::new("riskyUsers", "Risky users", COLS);
    for (_, _, r) in rows {
        t.push(r);
    }
    let shown = t.rows.len();
    let mut v = View {
        query: match level {
            Some(l) => format!("show risky-users --level {l}"),
            None => "show risky-users".into(),
        },
        title: match level {
            Some(l) => format!("Risky users at {l} risk"),
            None => "Risky users, highest risk first".into(),
        },
        ..View::default()
    };
    v.tables.push(t);
    v.count("riskyUsers", "risky users", shown);
    v.count("atRisk", "at risk or confirmed compromised", at_risk);
    ctx.finish(v)
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{build, collections, ctx};
    use super::*;

    #[test]
    fn highest_first_and_by_level() {
        let snap = build(collections());
        let v = list(&ctx(&snap), None);
        let t = v.table("riskyUsers").expect("table");
        assert_eq!(
            t.cell(0, "riskLevel").map(Cell::plain).as_deref(),
            Some("high")
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(v.count_of("atRisk"), Some(1));
        let v = list(&ctx(&snap), Some("low"));
        assert_eq!(v.table("riskyUsers").map(|t| t.rows.len()), Some(1));
    }
}
