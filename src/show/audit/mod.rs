//! `govlint report`: the audit report. One self-contained document with the tenant, the fetch
//! time and completeness of the snapshot, the built-in lint's findings by area and severity
//! (with charts) and each finding's fix, the identities (accounts, MFA coverage of privileged
//! holders, risky users, failed sign-ins), and the inventory auditors ask for: pending access
//! reviews, catalogs and access packages, and who holds which directory role.
//!
//! [`html`] writes one HTML page with inline CSS and SVG and no scripts or external assets;
//! [`markdown`] the same content as text. Both are deterministic: same snapshot, same bytes.

mod html;
mod identities;
mod markdown;
mod svg;

pub use html::html;
pub use markdown::markdown;

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::index::Ctx;
use super::view::View;
use super::{catalogs, packages, reviews, roles};
use crate::config::Config;
use crate::engine::{Linter, Selection};
use crate::finding::{Finding, LintResult, Severity};
use crate::snapshot::Snapshot;
use crate::{diag, policy};

/// Runs the built-in rules (and any policy directories of `config`) over `snapshot`, as
/// `govlint lint` does, and applies `config`'s waivers. `holders` shares the role-holder
/// indexes with another reader at the same `now` (`show user`); a fresh one builds them.
pub fn lint_builtin(
    snapshot: &Snapshot,
    now: Timestamp,
    config: &Config,
    holders: &crate::engine::holders::Shared,
) -> Result<LintResult, miette::Report> {
    let mut files: Vec<_> = policy::builtin_rego()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    files.extend(
        policy::from_paths(&config.policy_dirs)?
            .into_iter()
            .filter(|f| !f.is_test()),
    );
    let linter = Linter::new(&files, config)?;
    let rules = linter.select(&Selection::configured(config, &[], &[]))?;
    let mut result = linter.lint_sharing(snapshot, now, &rules, holders);
    crate::gate::apply(&mut result, linter.rules(), &config.waivers, None)
        .map_err(|e| miette::Report::new(diag::Error::from(e)))?;
    Ok(result)
}

/// One collection of the snapshot and whether it could be read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRow {
    pub name: String,
    pub status: &'static str,
    pub items: usize,
    /// Why it is not complete; `None` when it is.
    pub reason: Option<String>,
}

/// Everything the report shows, gathered once; the renderers only format it.
pub struct Audit {
    pub tenant: String,
    pub tenant_id: String,
    pub cloud: String,
    pub fetched_at: String,
    pub now: String,
    pub version: String,
    pub collections: Vec<CollectionRow>,
    pub result: LintResult,
    /// Pending reviews, catalogs, access packages, directory role holders.
    pub inventory: Vec<View>,
    /// Accounts, MFA coverage of privileged holders, risky users, failed sign-ins.
    pub identities: Vec<View>,
}

impl Audit {
    pub fn new(snapshot: &Snapshot, now: Timestamp, config: &Config, result: LintResult) -> Audit {
        let collections = snapshot
            .collections
            .iter()
            .map(|(name, c)| CollectionRow {
                name: name.clone(),
                status: c.status.as_str(),
                items: c.items.len(),
                reason: c.unusable_reason(name),
            })
            .collect();
        let ctx = Ctx::new(snapshot, now);
        let mut holders = {
            let (t, [principals, active, eligible]) =
                roles::holders_table(&ctx, None, roles::Which::Both, false);
            let mut v = View {
                query: "show role NAME (every role)".into(),
                title: "Directory role holders (PIM), in effect now".into(),
                ..View::default()
            };
            let n = t.rows.len();
            v.tables.push(t);
            v.count("holdings", "role holdings", principals);
            v.count("active", "active", active);
            v.count("eligible", "eligible", eligible);
            v.count("instances", "assignments", n);
            ctx.finish(v)
        };
        if let Some(t) = holders.tables.first_mut() {
            t.title = "Directory role holders".into();
        }
        let inventory = vec![
            reviews::pending(&Ctx::new(snapshot, now), None),
            catalogs::list(&Ctx::new(snapshot, now)),
            packages::list(&Ctx::new(snapshot, now), None),
            holders,
        ];
        Audit {
            tenant: snapshot
                .tenant
                .display_name
                .clone()
                .unwrap_or_else(|| snapshot.tenant.id.clone()),
            tenant_id: snapshot.tenant.id.clone(),
            cloud: format!("{:?}", snapshot.tenant.cloud).to_lowercase(),
            fetched_at: snapshot.fetched_at.to_string(),
            now: now.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            collections,
            result,
            inventory,
            identities: identities::views(snapshot, now, config),
        }
    }

    /// Every rule evaluated and every section read whole: anything less is exit 3.
    pub fn is_complete(&self) -> bool {
        self.result.not_evaluated.is_empty()
            && self.result.errors.is_empty()
            && self
                .identities
                .iter()
                .chain(&self.inventory)
                .all(|v| v.incomplete.is_empty())
    }

    pub fn incomplete_collections(&self) -> Vec<&CollectionRow> {
        self.collections
            .iter()
            .filter(|c| c.reason.is_some())
            .collect()
    }

    /// Findings grouped by area (in [`area_order`]), each group by severity then rule.
    pub fn by_area(&self) -> Vec<(String, Vec<&Finding>)> {
        let mut m: BTreeMap<(usize, String), Vec<&Finding>> = BTreeMap::new();
        for f in &self.result.findings {
            m.entry((area_order(&f.area), f.area.clone()))
                .or_default()
                .push(f);
        }
        m.into_iter()
            .map(|((_, a), mut fs)| {
                fs.sort_by(|x, y| {
                    y.severity
                        .cmp(&x.severity)
                        .then_with(|| x.rule.cmp(&y.rule))
                        .then_with(|| x.object.id.cmp(&y.object.id))
                        .then_with(|| x.fingerprint.cmp(&y.fingerprint))
                });
                (a, fs)
            })
            .collect()
    }

    /// Finding counts per area and severity.
    pub fn matrix(&self) -> Vec<(String, BTreeMap<Severity, usize>)> {
        self.by_area()
            .into_iter()
            .map(|(a, fs)| {
                let mut m = BTreeMap::new();
                for f in fs {
                    *m.entry(f.severity).or_default() += 1;
                }
                (a, m)
            })
            .collect()
    }

    pub fn by_severity(&self) -> Vec<(Severity, usize)> {
        Severity::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    self.result
                        .findings
                        .iter()
                        .filter(|f| f.severity == *s)
                        .count(),
                )
            })
            .collect()
    }
}

const AREAS: &[(&str, &str)] = &[
    ("pim", "Privileged Identity Management"),
    ("prv", "Privileged accounts"),
    ("ar", "Access reviews"),
    ("em", "Entitlement management"),
    ("ext", "External identities"),
    ("grp", "Groups"),
    ("wid", "Workload and agent identities"),
];

pub fn area_order(area: &str) -> usize {
    AREAS
        .iter()
        .position(|(a, _)| a.eq_ignore_ascii_case(area))
        .unwrap_or(AREAS.len())
}

pub fn area_label(area: &str) -> String {
    AREAS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(area))
        .map_or_else(|| area.to_string(), |(_, l)| (*l).to_string())
}

/// Severity colours shared by the charts and the badges.
pub fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#6a1b9a",
        Severity::High => "#c62828",
        Severity::Medium => "#e65100",
        Severity::Low => "#9e7c00",
        Severity::Info => "#1565c0",
    }
}
