//! Findings new and fixed: both snapshots are linted by the same linter, rules and waivers,
//! each at its own `fetchedAt`, and compared by finding fingerprint. A rule evaluated in one
//! snapshot only cannot say what is new or fixed: it is reported, never guessed.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;

use super::State;
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

/// One snapshot's lint: findings by fingerprint, reduced to what the diff prints (waived ones
/// with their waiver's reason); a finding's remediation and related objects are not kept.
pub struct LintSide {
    pub findings: HashMap<String, FindingRef>,
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
            findings.insert(f.fingerprint.clone(), FindingRef::of(f, None));
        }
        for s in result.suppressed {
            findings.insert(
                s.finding.fingerprint.clone(),
                FindingRef::of(s.finding, Some(s.reason)),
            );
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
    fn of(f: Finding, waived: Option<String>) -> FindingRef {
        FindingRef {
            rule: f.rule,
            name: f.name,
            severity: f.severity,
            object: f.object,
            message: f.message,
            fingerprint: f.fingerprint,
            waived,
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
        // (Not evaluated with every read usable, e.g. sign-ins fetched as failures only, is
        // not that: it is as blind as the lint says.)
        let absent = |c: &String| {
            old_states.get(c) == Some(&State::Absent) && new_states.get(c) == Some(&State::Absent)
        };
        let absent_from_both = !errored
            && r.reads.iter().any(absent)
            && r.reads.iter().all(|c| {
                absent(c)
                    || (old_states.get(c) == Some(&State::Usable)
                        && new_states.get(c) == Some(&State::Usable))
            });
        let reason = [side_reason("OLD", o), side_reason("NEW", n)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        let note = RuleNote {
            rule: r.code.clone(),
            reason: if absent_from_both {
                let names: Vec<&str> = r
                    .reads
                    .iter()
                    .filter(|c| absent(c))
                    .map(String::as_str)
                    .collect();
                format!("{} absent from both snapshots", names.join(", "))
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
    let counts = |f: &FindingRef| compared.get(f.rule.as_str()) == Some(&true);
    out.new = new
        .findings
        .iter()
        .filter(|(fp, f)| counts(f) && !old.findings.contains_key(*fp))
        .map(|(_, f)| f.clone())
        .collect();
    out.fixed = old
        .findings
        .iter()
        .filter(|(fp, f)| counts(f) && !new.findings.contains_key(*fp))
        .map(|(_, f)| f.clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Remediation, Severity};

    fn rule(code: &str, reads: &[&str]) -> RuleMeta {
        RuleMeta {
            code: code.into(),
            name: code.to_lowercase(),
            title: String::new(),
            severity: Severity::High,
            area: "x".into(),
            reads: reads.iter().map(|r| r.to_string()).collect(),
            config: vec![],
            package: String::new(),
            source: String::new(),
            reports_skipped: false,
        }
    }

    fn finding(code: &str, id: &str) -> (String, FindingRef) {
        let f = Finding {
            rule: code.into(),
            name: code.to_lowercase(),
            severity: Severity::High,
            area: "x".into(),
            object: ObjectRef {
                collection: "users".into(),
                id: id.into(),
                display_name: None,
            },
            related: vec![],
            message: String::new(),
            remediation: Remediation {
                summary: String::new(),
                requests: vec![],
                diff: String::new(),
            },
            fingerprint: format!("{code}-{id}"),
        };
        (f.fingerprint.clone(), FindingRef::of(f, None))
    }

    fn side(findings: &[(&str, &str)], runs: &[(&str, RuleRun)]) -> LintSide {
        LintSide {
            findings: findings.iter().map(|(c, i)| finding(c, i)).collect(),
            runs: runs
                .iter()
                .map(|(c, r)| (c.to_string(), r.clone()))
                .collect(),
        }
    }

    fn states(list: &[(&str, State)]) -> BTreeMap<String, State> {
        list.iter()
            .map(|(c, s)| (c.to_string(), s.clone()))
            .collect()
    }

    #[test]
    fn only_rules_evaluated_in_both_are_compared() {
        let rules = [
            rule("A001", &["users"]),
            rule("B001", &["users", "servicePrincipals"]),
            rule("C001", &["groups"]),
            rule("D001", &["signIns"]),
        ];
        let not = |r: &str| RuleRun::NotEvaluated(r.into());
        let old = side(
            &[("A001", "u1"), ("A001", "u2"), ("C001", "g1")],
            &[
                ("A001", RuleRun::Evaluated),
                ("B001", not("servicePrincipals not in the snapshot")),
                ("C001", not("groups partial")),
                ("D001", not("signIns holds failures only")),
            ],
        );
        let new = side(
            &[("A001", "u2"), ("A001", "u3"), ("C001", "g2")],
            &[
                ("A001", RuleRun::Evaluated),
                ("B001", not("servicePrincipals not in the snapshot")),
                ("C001", RuleRun::Evaluated),
                ("D001", not("signIns holds failures only")),
            ],
        );
        let (o, n) = (
            states(&[
                ("users", State::Usable),
                ("servicePrincipals", State::Absent),
                ("groups", State::Unusable("groups partial".into())),
                ("signIns", State::Usable),
            ]),
            states(&[
                ("users", State::Usable),
                ("servicePrincipals", State::Absent),
                ("groups", State::Usable),
                ("signIns", State::Usable),
            ]),
        );
        let d = compare(&rules, &old, &new, &o, &n);
        let ids =
            |l: &[FindingRef]| -> Vec<String> { l.iter().map(|f| f.fingerprint.clone()).collect() };
        // C001 is not compared: g1 "fixed" and g2 "new" would be guesses.
        assert_eq!(ids(&d.new), ["A001-u3"]);
        assert_eq!(ids(&d.fixed), ["A001-u1"]);
        assert_eq!(
            d.not_compared,
            [RuleNote {
                rule: "B001".into(),
                reason: "servicePrincipals absent from both snapshots".into()
            }]
        );
        let incomplete: Vec<&str> = d.incomplete.iter().map(|n| n.rule.as_str()).collect();
        assert_eq!(incomplete, ["C001", "D001"]);
        assert_eq!(
            d.incomplete[0].reason,
            "not evaluated in OLD: groups partial"
        );
    }
}
