//! Findings new and fixed: both snapshots are linted by the same linter, rules and waivers,
//! each at its own `fetchedAt`, and compared by finding fingerprint. A rule evaluated in one
//! snapshot only cannot say what is new or fixed: it is reported, never guessed.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;

use super::digest::State;
use crate::config::Waiver;
use crate::diag;
use crate::engine::{Linter, RuleMeta};
use crate::finding::{Finding, ObjectRef, Severity};
use crate::snapshot::Snapshot;

/// The linter and rule selection both snapshots are linted with.
pub struct Linting {
    pub linter: Linter,
    pub rules: Vec<RuleMeta>,
    pub waivers: Vec<Waiver>,
}

/// How a rule fared on one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleRun {
    Evaluated,
    NotEvaluated(String),
    Errored(String),
}

/// One snapshot's lint: findings by fingerprint (waived ones with their waiver's reason).
pub struct LintSide {
    pub findings: HashMap<String, (Finding, Option<String>)>,
    pub runs: BTreeMap<String, RuleRun>,
}

impl Linting {
    /// Every collection a selected rule reads.
    pub fn reads(&self) -> impl Iterator<Item = &str> {
        self.rules
            .iter()
            .flat_map(|r| r.reads.iter().map(String::as_str))
    }

    pub fn run(&self, snapshot: &Snapshot, now: Timestamp) -> Result<LintSide, miette::Report> {
        let rules: Vec<&RuleMeta> = self.rules.iter().collect();
        let mut result = self.linter.lint(snapshot, now, &rules);
        crate::gate::apply(&mut result, self.linter.rules(), &self.waivers, None)
            .map_err(|e| miette::Report::new(diag::Error::from(e)))?;
        let mut runs: BTreeMap<String, RuleRun> = self
            .rules
            .iter()
            .map(|r| (r.code.clone(), RuleRun::Evaluated))
            .collect();
        for n in &result.not_evaluated {
            runs.insert(n.rule.clone(), RuleRun::NotEvaluated(n.reason.clone()));
        }
        for e in &result.errors {
            runs.insert(e.rule.clone(), RuleRun::Errored(e.error.clone()));
        }
        let mut findings = HashMap::with_capacity(result.findings.len());
        for f in result.findings {
            findings.insert(f.fingerprint.clone(), (f, None));
        }
        for s in result.suppressed {
            findings.insert(s.finding.fingerprint.clone(), (s.finding, Some(s.reason)));
        }
        Ok(LintSide { findings, runs })
    }
}

/// A finding as the diff lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingRef {
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub object: ObjectRef,
    pub message: String,
    pub fingerprint: String,
    /// The waiver that hides it (in the snapshot it is listed from): not counted by
    /// `--fail-on-new`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
}

impl FindingRef {
    fn of((f, waived): &(Finding, Option<String>)) -> FindingRef {
        FindingRef {
            rule: f.rule.clone(),
            name: f.name.clone(),
            severity: f.severity,
            object: f.object.clone(),
            message: f.message.clone(),
            fingerprint: f.fingerprint.clone(),
            waived: waived.clone(),
        }
    }
}

/// A rule whose findings were not compared, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleNote {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingsDiff {
    pub new: Vec<FindingRef>,
    pub fixed: Vec<FindingRef>,
    /// Rules not evaluated in either snapshot because what they read is absent from both.
    pub not_compared: Vec<RuleNote>,
    /// Rules evaluated in one snapshot only, or erroring: their changes are unknown (exit 3).
    pub incomplete: Vec<RuleNote>,
}

fn side_reason(which: &str, run: &RuleRun) -> Option<String> {
    match run {
        RuleRun::Evaluated => None,
        RuleRun::NotEvaluated(r) => Some(format!("not evaluated in {which}: {r}")),
        RuleRun::Errored(e) => Some(format!("errored in {which}: {e}")),
    }
}

/// New and fixed findings of the rules evaluated in both snapshots, worst first.
pub fn compare(
    rules: &[RuleMeta],
    old: &LintSide,
    new: &LintSide,
    old_states: &BTreeMap<String, State>,
    new_states: &BTreeMap<String, State>,
) -> FindingsDiff {
    let mut out = FindingsDiff::default();
    let mut compared: HashMap<&str, bool> = HashMap::with_capacity(rules.len());
    let evaluated = RuleRun::Evaluated;
    for r in rules {
        let o = old.runs.get(&r.code).unwrap_or(&evaluated);
        let n = new.runs.get(&r.code).unwrap_or(&evaluated);
        let both = *o == RuleRun::Evaluated && *n == RuleRun::Evaluated;
        compared.insert(r.code.as_str(), both);
        if both {
            continue;
        }
        let errored = matches!(o, RuleRun::Errored(_)) || matches!(n, RuleRun::Errored(_));
        // What a rule reads being absent from both snapshots is a narrower fetch, not a gap.
        let absent_from_both = !errored
            && r.reads.iter().all(|c| {
                let (a, b) = (old_states.get(c), new_states.get(c));
                a == b && matches!(a, Some(State::Usable) | Some(State::Absent))
            });
        let reason = [side_reason("OLD", o), side_reason("NEW", n)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        let note = RuleNote {
            rule: r.code.clone(),
            reason: if absent_from_both {
                let absent: Vec<&str> = r
                    .reads
                    .iter()
                    .filter(|c| old_states.get(*c) == Some(&State::Absent))
                    .map(String::as_str)
                    .collect();
                format!("{} absent from both snapshots", absent.join(", "))
            } else {
                reason
            },
        };
        if absent_from_both {
            out.not_compared.push(note);
        } else {
            out.incomplete.push(note);
        }
    }
    let counts = |f: &(Finding, Option<String>)| compared.get(f.0.rule.as_str()) == Some(&true);
    out.new = new
        .findings
        .iter()
        .filter(|(fp, f)| counts(f) && !old.findings.contains_key(*fp))
        .map(|(_, f)| FindingRef::of(f))
        .collect();
    out.fixed = old
        .findings
        .iter()
        .filter(|(fp, f)| counts(f) && !new.findings.contains_key(*fp))
        .map(|(_, f)| FindingRef::of(f))
        .collect();
    for list in [&mut out.new, &mut out.fixed] {
        list.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.object.cmp(&b.object))
                .then_with(|| a.fingerprint.cmp(&b.fingerprint))
        });
    }
    out
}
