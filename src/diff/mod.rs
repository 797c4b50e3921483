//! `govlint diff OLD NEW`: what changed in a tenant's governance between two snapshots, by
//! area (the table in [`areas`]), and which findings are new or fixed.
//!
//! Each snapshot is reduced to a [`digest::Digest`] (records keyed by id, the lint's findings
//! by fingerprint) and its value tree dropped before the next is loaded; the digests are then
//! matched by id ([`matching`]) and compared field by field ([`fields`]). Every pass is linear
//! in the tenant; output is sorted, so the same two snapshots give the same bytes.

pub mod areas;
pub mod cli;
mod digest;
mod fields;
mod findings;
mod holders;
mod lookup;
mod matching;
pub mod render;

use serde::Serialize;

pub use digest::Digest;
pub use fields::FieldChange;
pub use findings::{FindingRef, FindingsDiff, Linting, RuleNote};

use crate::finding::{Severity, ToolInfo};

pub const SCHEMA: &str = "govlint.diff/v1";

/// One object of an area as a snapshot holds it: how it is named, and the value compared
/// (canonical, bookkeeping fields dropped; for presence-only areas, a few identifying fields).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub name: String,
    pub value: serde_json::Value,
}

/// The machine contract of `govlint diff --format json`; the other formats are views of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    pub schema: &'static str,
    pub tool: ToolInfo,
    pub old: Side,
    pub new: Side,
    pub summary: Summary,
    pub areas: Vec<AreaDiff>,
    pub findings: FindingsDiff,
    /// What could not be compared because a snapshot is incomplete (exit 3), one line each.
    pub incomplete: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Side {
    pub tenant_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_name: Option<String>,
    pub fetched_at: String,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Objects added, removed or changed, over every compared area.
    pub changes: usize,
    pub new_findings: usize,
    pub new_by_severity: std::collections::BTreeMap<Severity, usize>,
    pub fixed_findings: usize,
    pub complete: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AreaStatus {
    Compared,
    /// What it reads is absent from both snapshots.
    NotCompared,
    /// What it reads is absent from one snapshot or not complete: changes may be missing.
    Incomplete,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AreaDiff {
    pub id: &'static str,
    pub title: &'static str,
    /// The words for added, removed and changed in this area.
    pub verbs: [&'static str; 3],
    pub status: AreaStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub changed: Vec<Changed>,
}

impl AreaDiff {
    pub fn count(&self) -> usize {
        self.added.len() + self.removed.len() + self.changed.len()
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub name: String,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
    pub id: String,
    pub name: String,
    /// The name in OLD, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    pub fields: Vec<FieldChange>,
    /// Unified diff of the two versions (`--- old` / `+++ new`).
    pub diff: String,
}

/// Compares two digests. `rules` is the selection both were linted with.
/// Whether a collection can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Usable,
    /// Not in the snapshot at all (an older fetch, or `fetch --only`).
    Absent,
    /// Present but not complete: why.
    Unusable(String),
}

/// A property that is a non-empty string (Graph writes `""` for some unset names).
pub(super) fn text<'a>(v: &'a regorus::Value, key: &str) -> Option<&'a str> {
    match &v[key] {
        regorus::Value::String(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

pub fn compare(old: &Digest, new: &Digest, rules: &[crate::engine::RuleMeta]) -> Diff {
    let areas: Vec<AreaDiff> = areas::AREAS
        .iter()
        .enumerate()
        .map(|(i, a)| matching::area(a, i, old, new))
        .collect();
    let findings = findings::compare(rules, &old.lint, &new.lint, &old.states, &new.states);
    let mut incomplete: Vec<String> = areas
        .iter()
        .filter(|a| a.status == AreaStatus::Incomplete)
        .map(|a| format!("{}: {}", a.title, a.reason.as_deref().unwrap_or("")))
        .collect();
    incomplete.extend(
        findings
            .incomplete
            .iter()
            .map(|n| format!("findings of {}: {}", n.rule, n.reason)),
    );
    let mut new_by_severity = std::collections::BTreeMap::new();
    for f in &findings.new {
        *new_by_severity.entry(f.severity).or_insert(0) += 1;
    }
    let summary = Summary {
        changes: areas.iter().map(AreaDiff::count).sum(),
        new_findings: findings.new.len(),
        new_by_severity,
        fixed_findings: findings.fixed.len(),
        complete: incomplete.is_empty(),
    };
    let side = |d: &Digest| Side {
        tenant_id: d.tenant_id.clone(),
        tenant_name: d.tenant_name.clone(),
        fetched_at: d.fetched_at.to_string(),
    };
    Diff {
        schema: SCHEMA,
        tool: ToolInfo {
            name: "govlint".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        old: side(old),
        new: side(new),
        summary,
        areas,
        findings,
        incomplete,
    }
}

impl Diff {
    /// `diff`'s exit code: 3 when something could not be compared (wins), 1 when NEW has a
    /// new, unwaived finding at or above `fail_on_new`, else 0.
    pub fn exit_code(&self, fail_on_new: Option<Severity>) -> u8 {
        if !self.incomplete.is_empty() {
            crate::exit::INCOMPLETE
        } else if fail_on_new.is_some_and(|s| {
            self.findings
                .new
                .iter()
                .any(|f| f.waived.is_none() && f.severity >= s)
        }) {
            crate::exit::FINDINGS
        } else {
            crate::exit::CLEAN
        }
    }
}
