//! The gate's memory: waivers (accepted risks with an expiry) and baselines (today's findings,
//! so only new ones fail). Both run after the lint, on its result; neither can hide a rule
//! that was not evaluated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Waiver;
use crate::diag;
use crate::engine::RuleMeta;
use crate::finding::{
    BaselineReport, Finding, LintResult, Suppressed, SuppressedBy, WaiverReport, WaiverStatus,
};

pub const BASELINE_SCHEMA: &str = "govlint.baseline/v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BaselineFile {
    pub schema: String,
    pub tenant_id: String,
    pub fetched_at: String,
    pub entries: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub object: String,
    /// For the reader of the file; matching uses the fingerprint only.
    pub message: String,
}

/// A loaded baseline and the name it is reported by.
pub struct Baseline {
    pub path: String,
    pub file: BaselineFile,
}

/// The baseline of a lint: every current finding, waived ones included (a waiver may expire
/// before the baseline is retaken).
pub fn baseline_of(result: &LintResult) -> BaselineFile {
    let mut entries: Vec<BaselineEntry> = result
        .findings
        .iter()
        .chain(result.suppressed.iter().map(|s| &s.finding))
        .map(|f| BaselineEntry {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule.clone(),
            object: f.object.id.clone(),
            message: f.message.clone(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.rule, &a.object, &a.fingerprint).cmp(&(&b.rule, &b.object, &b.fingerprint))
    });
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    BaselineFile {
        schema: BASELINE_SCHEMA.into(),
        tenant_id: result.snapshot.tenant_id.clone(),
        fetched_at: result.snapshot.fetched_at.clone(),
        entries,
    }
}

pub fn load_baseline(path: &Path) -> Result<Baseline, diag::Error> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| diag::Plain {
        message: format!("cannot read baseline {name}: {e}"),
        help: Some("create one with `govlint baseline SNAPSHOT -o FILE`".into()),
    })?;
    parse_baseline(&name, &text)
}

/// A baseline file's text checked and read; `name` is how errors refer to it.
pub fn parse_baseline(name: &str, text: &str) -> Result<Baseline, diag::Error> {
    let file: BaselineFile = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let msg = full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i])
            .to_string();
        diag::located(
            name,
            text,
            e.line(),
            e.column(),
            format!("not a govlint baseline: {msg}"),
            "here",
            None,
        )
    })?;
    if file.schema != BASELINE_SCHEMA {
        return Err(diag::plain(format!(
            "{name}: baseline schema `{}` is not {BASELINE_SCHEMA}",
            file.schema
        ))
        .into());
    }
    Ok(Baseline {
        path: name.to_string(),
        file,
    })
}

fn names_rule(selector: &str, rule: &str, name: &str) -> bool {
    selector.eq_ignore_ascii_case(rule) || selector.eq_ignore_ascii_case(name)
}

/// Applies waivers, then the baseline, to a finished lint: matched findings move from
/// `findings` to `suppressed`, and every waiver is reported as active, expired or stale.
pub fn apply(
    result: &mut LintResult,
    rules: &[RuleMeta],
    waivers: &[Waiver],
    baseline: Option<&Baseline>,
) -> Result<(), diag::Plain> {
    for w in waivers {
        if !rules.iter().any(|r| names_rule(&w.rule, &r.code, &r.name)) {
            return Err(diag::Plain {
                message: format!("{}: waiver rule `{}` names no rule", w.source, w.rule),
                help: Some("`govlint rule --all` lists codes and names".into()),
            });
        }
    }
    // The lint's clock decides expiry, like every other time-based judgement.
    let today = result
        .now
        .parse::<jiff::Timestamp>()
        .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        .map_err(|e| diag::plain(format!("lint time `{}` unreadable: {e}", result.now)))?;
    let mut matched = vec![0usize; waivers.len()];
    let all = std::mem::take(&mut result.findings);
    let mut kept: Vec<Finding> = Vec::with_capacity(all.len());
    for f in all {
        let mut waived_by = None;
        for (i, w) in waivers.iter().enumerate() {
            if names_rule(&w.rule, &f.rule, &f.name) && w.matcher.is_match(&f.object.id) {
                matched[i] += 1;
                if waived_by.is_none() && today <= w.expires {
                    waived_by = Some(i);
                }
            }
        }
        match waived_by {
            Some(i) => {
                let w = &waivers[i];
                result.suppressed.push(Suppressed {
                    by: SuppressedBy::Waiver,
                    reason: format!("{} (waived until {}, {})", w.reason, w.expires, w.source),
                    finding: f,
                });
            }
            None => kept.push(f),
        }
    }
    let evaluated: BTreeSet<&str> = rules
        .iter()
        .map(|r| r.code.as_str())
        .filter(|c| {
            !result.not_evaluated.iter().any(|n| n.rule == *c)
                && !result.errors.iter().any(|e| e.rule == *c)
        })
        .collect();
    result.waivers = waivers
        .iter()
        .zip(&matched)
        .map(|(w, &m)| {
            let code = rules
                .iter()
                .find(|r| names_rule(&w.rule, &r.code, &r.name))
                .map_or("", |r| r.code.as_str());
            let status = if today > w.expires {
                WaiverStatus::Expired
            } else if m == 0 && evaluated.contains(code) {
                WaiverStatus::Stale
            } else {
                WaiverStatus::Active
            };
            WaiverReport {
                rule: w.rule.clone(),
                object: w.object.clone(),
                reason: w.reason.clone(),
                expires: w.expires.to_string(),
                status,
                matched: m,
                source: w.source.clone(),
            }
        })
        .collect();

    if let Some(b) = baseline {
        let known: BTreeMap<&str, &BaselineEntry> = b
            .file
            .entries
            .iter()
            .map(|e| (e.fingerprint.as_str(), e))
            .collect();
        let current: BTreeSet<String> = kept
            .iter()
            .chain(result.suppressed.iter().map(|s| &s.finding))
            .map(|f| f.fingerprint.clone())
            .collect();
        let (old, new): (Vec<Finding>, Vec<Finding>) = kept
            .into_iter()
            .partition(|f| known.contains_key(f.fingerprint.as_str()));
        let matched = old.len();
        for f in old {
            result.suppressed.push(Suppressed {
                by: SuppressedBy::Baseline,
                reason: format!("in baseline {}", b.path),
                finding: f,
            });
        }
        kept = new;
        let fixed = b
            .file
            .entries
            .iter()
            .filter(|e| !current.contains(&e.fingerprint) && evaluated.contains(e.rule.as_str()))
            .count();
        result.baseline = Some(BaselineReport {
            path: b.path.clone(),
            entries: b.file.entries.len(),
            matched,
            fixed,
        });
    }
    result.findings = kept;
    let s = &mut result.summary;
    s.findings = result.findings.len();
    s.by_severity.clear();
    for f in &result.findings {
        *s.by_severity.entry(f.severity).or_default() += 1;
    }
    s.waived = result
        .suppressed
        .iter()
        .filter(|x| x.by == SuppressedBy::Waiver)
        .count();
    s.baselined = result
        .suppressed
        .iter()
        .filter(|x| x.by == SuppressedBy::Baseline)
        .count();
    Ok(())
}
