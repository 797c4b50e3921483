//! Access review decisions: who approved or denied in a review, and decisions that went
//! against the recommendation.

use std::collections::BTreeMap;

use regorus::Value;

use super::fields::{eq_ci, get, s};
use super::index::{Ctx, Miss, REVIEWS};
use super::reviews::{decisions, find_review, instances, review_ref};
use super::view::{col, Cell, Col, Ref, Table, View};

const COLS: &[Col] = &[
    col("review", "REVIEW"),
    col("principal", "PRINCIPAL"),
    col("resource", "RESOURCE"),
    col("decision", "DECISION"),
    col("recommendation", "RECOMMENDATION"),
    col("reviewedBy", "REVIEWED BY"),
    col("reviewedDateTime", "REVIEWED"),
    col("justification", "JUSTIFICATION"),
    col("applyResult", "APPLIED"),
    col("instanceId", "INSTANCE"),
    col("id", "DECISION ID"),
];

/// The principal of a decision, named from the snapshot.
fn principal(ctx: &Ctx, x: &Value) -> Option<Ref> {
    let p = get(x, "principal");
    if let Some(r) = ctx.identity(p) {
        return Some(r);
    }
    let id = s(x, "principalLink")?.rsplit('/').next()?;
    Some(ctx.principal(id, None))
}

/// What the decision is about beyond the principal: the embedded resource, else the last
/// segment of `resourceLink` (a group, an access package, a role).
fn resource(ctx: &Ctx, x: &Value) -> Cell {
    let r = get(x, "resource");
    if let Some(id) = s(r, "id") {
        let name = s(r, "displayName").map(str::to_string).or_else(|| {
            ctx.group(id)
                .or_else(|| ctx.package(id))
                .and_then(|o| s(o, "displayName"))
                .map(str::to_string)
        });
        return Cell::Ref(Ref::new(id, name));
    }
    match s(x, "resourceLink").and_then(|l| l.rsplit('/').next()) {
        Some(id) => {
            let named = ctx
                .group(id)
                .or_else(|| ctx.package(id))
                .and_then(|o| s(o, "displayName"))
                .map(str::to_string)
                .or_else(|| {
                    ctx.role(id)
                        .and_then(|o| s(o, "displayName"))
                        .map(str::to_string)
                });
            Cell::Ref(Ref::new(id, named))
        }
        None => Cell::Empty,
    }
}

fn row(ctx: &Ctx, d: &Value, inst: &Value, x: &Value) -> Vec<Cell> {
    vec![
        review_ref(d).into(),
        principal(ctx, x).map_or(Cell::Empty, Cell::Ref),
        resource(ctx, x),
        Cell::opt(s(x, "decision")),
        Cell::opt(s(x, "recommendation")),
        ctx.identity(get(x, "reviewedBy"))
            .map_or(Cell::Empty, Cell::Ref),
        Cell::opt(s(x, "reviewedDateTime")),
        Cell::opt(s(x, "justification")),
        Cell::opt(s(x, "applyResult")),
        Cell::opt(s(inst, "id")),
        Cell::opt(s(x, "id")),
    ]
}

/// A decision that went against an Approve or Deny recommendation.
pub fn is_override(x: &Value) -> bool {
    match (s(x, "decision"), s(x, "recommendation")) {
        (Some(d), Some(r)) => {
            (eq_ci(d, "Approve") && eq_ci(r, "Deny")) || (eq_ci(d, "Deny") && eq_ci(r, "Approve"))
        }
        _ => false,
    }
}

/// Sorts rows by review name, instance, principal name, decision id.
fn sort(rows: &mut [(String, Vec<Cell>)]) {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
}

fn sort_key(d: &Value, inst: &Value, x: &Value, p: &Cell) -> String {
    format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        s(d, "displayName").unwrap_or_default().to_lowercase(),
        s(inst, "startDateTime").unwrap_or_default(),
        match p {
            Cell::Ref(r) => r.name_or_marker().to_lowercase(),
            _ => String::new(),
        },
        s(x, "id").unwrap_or_default()
    )
}

/// `show decisions --review NAME [--overrides]`: every decision of a review (or only those
/// against the recommendation), with counts by decision.
pub fn of_review(ctx: &Ctx, name: &str, overrides_only: bool) -> Result<View, Miss> {
    let d = find_review(ctx, name)?;
    let rref = review_ref(d);
    let mut t = Table::new(
        "decisions",
        format!("Decisions in {}", rref.name_or_marker()),
        COLS,
    );
    let mut rows = Vec::new();
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for inst in instances(d) {
        for x in decisions(inst) {
            if overrides_only && !is_override(x) {
                continue;
            }
            *by.entry(s(x, "decision").unwrap_or("NotReviewed").to_lowercase())
                .or_default() += 1;
            let r = row(ctx, d, inst, x);
            rows.push((sort_key(d, inst, x, &r[1]), r));
        }
    }
    sort(&mut rows);
    for (_, r) in rows {
        t.push(r);
    }
    let n = t.rows.len();
    let mut v = View {
        query: format!(
            "show decisions --review {name}{}",
            if overrides_only { " --overrides" } else { "" }
        ),
        title: format!(
            "{} in access review {}",
            if overrides_only {
                "Decisions against the recommendation"
            } else {
                "Decisions"
            },
            rref.label()
        ),
        ..View::default()
    };
    v.tables.push(t);
    v.count("decisions", "decisions", n);
    v.count(
        "approved",
        "approved",
        by.get("approve").copied().unwrap_or(0),
    );
    v.count("denied", "denied", by.get("deny").copied().unwrap_or(0));
    v.count(
        "dontKnow",
        "don't know",
        by.get("dontknow").copied().unwrap_or(0),
    );
    v.count(
        "notReviewed",
        "not reviewed",
        by.get("notreviewed").copied().unwrap_or(0),
    );
    Ok(ctx.finish(v))
}

/// `show decisions --overrides`: decisions across every review that approved what the
/// recommendation said to deny, or denied what it said to approve.
pub fn overrides(ctx: &Ctx) -> View {
    let mut t = Table::new("decisions", "Decisions against the recommendation", COLS);
    let mut rows = Vec::new();
    let mut approved = 0;
    for d in ctx.items(REVIEWS) {
        for inst in instances(d) {
            for x in decisions(inst).iter().filter(|x| is_override(x)) {
                approved += usize::from(s(x, "decision").is_some_and(|y| eq_ci(y, "Approve")));
                let r = row(ctx, d, inst, x);
                rows.push((sort_key(d, inst, x, &r[1]), r));
            }
        }
    }
    sort(&mut rows);
    for (_, r) in rows {
        t.push(r);
    }
    let n = t.rows.len();
    let mut v = View {
        query: "show decisions --overrides".into(),
        title: "Decisions against the recommendation, all access reviews".into(),
        ..View::default()
    };
    v.tables.push(t);
    v.count("overrides", "decisions against the recommendation", n);
    v.count("approvedAgainstDeny", "approved against Deny", approved);
    v.count(
        "deniedAgainstApprove",
        "denied against Approve",
        n - approved,
    );
    ctx.finish(v)
}
