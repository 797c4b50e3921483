//! The Rego engine: loads policies, discovers the rules they declare, and evaluates them
//! against a snapshot, in parallel, one engine clone per worker thread.

pub mod holders;
pub mod input;
pub mod limits;
pub mod memory;
pub mod patched;
pub mod prefilter;
pub mod recursion;
pub mod registry;
pub mod stack;
mod values;

// Unused against the patched engine, whose own methods win; needed against the published one.
#[allow(unused_imports)]
use crate::engine::patched::PatchedApi as _;
use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use rayon::prelude::*;
use regorus::Value;
use serde::Deserialize;
use sha2::{Digest, Sha256};

pub use input::Prepared;
pub use registry::RuleMeta;

use crate::config::Config;
use crate::diag;
use crate::finding::{
    Finding, LintResult, NotEvaluated, ObjectRef, RuleError, Skipped, SnapshotInfo, Summary,
    ToolInfo,
};
use crate::policy::PolicyFile;
use crate::remediation::{self, RawRemediation};
use crate::snapshot::Snapshot;

/// Policies loaded and checked, rules discovered: ready to lint any number of snapshots.
#[derive(Clone)]
pub struct Linter {
    engine: regorus::Engine,
    rules: Vec<RuleMeta>,
    severity: BTreeMap<String, crate::finding::Severity>,
    /// `data.govlint.config`, for the pre-filters that depend on a threshold or a setting.
    config: serde_json::Value,
    /// How long one rule may evaluate (its `findings` and `skipped` together).
    rule_timeout: std::time::Duration,
    /// How much memory one rule may hold (its `findings` and `skipped` together).
    rule_memory: memory::Budget,
}

/// A rule's findings and skipped objects, or why it failed.
type RuleOutcome = Result<(Vec<Finding>, Vec<Skipped>), String>;

/// What to run and when "now" is.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// The configuration's selection with the command line's: `--select` replaces the
    /// configured `select`, `--ignore` adds to the configured `ignore`.
    pub fn configured(config: &Config, select: &[String], ignore: &[String]) -> Selection {
        Selection {
            select: if select.is_empty() {
                config.select.clone()
            } else {
                select.to_vec()
            },
            ignore: config.ignore.iter().chain(ignore).cloned().collect(),
        }
    }
}

/// Turns a regorus error (`--> file:line:col` then `kind: message`) into a located diagnostic.
pub fn rego_error(files: &[PolicyFile], context: &str, err: &anyhow::Error) -> diag::Error {
    let text = format!("{err:#}");
    let re =
        regex::Regex::new(r"--> (?P<file>.+?):(?P<line>\d+):(?P<col>\d+)").expect("static regex");
    if let Some(c) = re.captures(&text) {
        let file = &c["file"];
        let line: usize = c["line"].parse().unwrap_or(1);
        let col: usize = c["col"].parse().unwrap_or(1);
        let msg = text
            .lines()
            .rev()
            .find(|l| {
                !l.trim().is_empty() && !l.trim_start().starts_with('|') && !l.contains("-->")
            })
            .unwrap_or(text.as_str())
            .trim()
            .to_string();
        // A compile error found while preparing the first query (the engine analyses every
        // module then) is the file's, not that query's: naming the query would blame another
        // rule.
        let msg = if msg.starts_with("rego_") {
            msg
        } else {
            format!("{context}: {msg}")
        };
        if let Some(f) = files.iter().find(|f| f.path == file) {
            let col = column_of(&f.text, line, col);
            return diag::located(file, &f.text, line, col, msg, "here", None).into();
        }
        return diag::plain(format!("{file}:{line}:{col}: {msg}")).into();
    }
    diag::plain(format!("{context}: {}", text.trim())).into()
}

/// The 1-based column, in bytes of `text`'s line `line`, of regorus's column `col`, which
/// counts a tab as four: Rego is indented with tabs, and the caret and `file:line:col` must
/// point where an editor does.
fn column_of(text: &str, line: usize, col: usize) -> usize {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return col;
    };
    let mut rego_col = 1;
    for (i, ch) in l.char_indices() {
        if rego_col >= col {
            return i + 1;
        }
        rego_col += if ch == '\t' { 4 } else { 1 };
    }
    l.len() + 1
}

impl Linter {
    /// Loads the rule files (test files are skipped) and `config`'s data, then reads every
    /// `govlint.rules.*` package's `metadata`.
    pub fn new(files: &[PolicyFile], config: &Config) -> Result<Linter, diag::Error> {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        engine.set_policy_length_config(limits::policy_length());
        // Loading is not under the rule timer: a policy the compile passes take hours over
        // must fail the job with its name, not hang it.
        let watchdog = limits::load_watchdog(config.load_timeout);
        let rego = || files.iter().filter(|f| f.is_rego() && !f.is_test());
        for f in rego() {
            let _parsing = watchdog.watch(f.path.clone());
            engine
                .add_policy(f.path.clone(), f.text.clone())
                .map_err(|e| rego_error(files, "Rego error", &e))?;
        }
        let _compiling = watchdog.watch(limits::compile_stage_name(
            rego().map(|f| (f.path.as_str(), f.text.len())),
        ));
        recursion::check(&mut engine)?;
        // What OPA's type checker refuses is refused when the policies load, not when a rule
        // first runs (and is never a silent undefined).
        engine
            .check_policies()
            .map_err(|e| rego_error(files, "Rego error", &e))?;
        // Bounds the metadata evaluations below too; clones for the rules inherit it.
        engine.set_execution_timer_config(limits::timer(config.rule_timeout));
        let data = serde_json::json!({"govlint": {"config": config.data}});
        engine
            .add_data(Value::from(data))
            .map_err(|e| diag::plain(format!("cannot load configuration data: {e}")))?;

        let mut packages: BTreeMap<String, String> = BTreeMap::new();
        for p in engine
            .get_policy_package_components()
            .map_err(|e| diag::plain(format!("cannot list packages: {e}")))?
        {
            if p.components.len() > 2 && p.components[0] == "govlint" && p.components[1] == "rules"
            {
                packages
                    .entry(format!("data.{}", p.components.join(".")))
                    .or_insert(p.source_file);
            }
        }
        let declared = declared_rules(&mut engine);
        let mut rules = Vec::with_capacity(packages.len());
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (pkg, source) in packages {
            // A custom rule's `metadata` is Rego too: bounded like its findings.
            let armed = config.rule_memory.arm();
            let meta = engine.eval_rule(format!("{pkg}.metadata"));
            drop(armed);
            let meta = meta.map_err(|e| rego_error(files, &format!("{pkg}.metadata"), &e))?;
            if meta == Value::Undefined {
                return Err(diag::Plain {
                    message: format!("{source}: package {} has no `metadata` rule", &pkg[5..]),
                    help: Some("every package under govlint.rules declares metadata := {code, name, title, severity, area, reads}; see policies/README.md".into()),
                }
                .into());
            }
            let mut rule = RuleMeta::from_value(&pkg, &source, &meta)
                .map_err(|e| diag::plain(format!("{source}: {e}")))?;
            rule.reports_skipped = declared
                .get(&pkg)
                .is_some_and(|names| names.contains("skipped"));
            for key in [&rule.code, &rule.name] {
                if let Some(other) = seen.insert(key.to_ascii_lowercase(), source.clone()) {
                    return Err(diag::plain(format!(
                        "{source}: rule `{key}` is already defined in {other}"
                    ))
                    .into());
                }
            }
            rules.push(rule);
        }
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Linter {
            engine,
            rules,
            severity: config.severity.clone(),
            config: config.data.clone(),
            rule_timeout: config.rule_timeout,
            rule_memory: config.rule_memory,
        })
    }

    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    /// The loaded engine (policies and `data.govlint.config`, no input): `govlint eval` runs
    /// its query on a clone, as each rule runs on one.
    pub fn engine(&self) -> &regorus::Engine {
        &self.engine
    }

    /// The rules `sel` picks; a selector that names no rule is an error (a typo must not
    /// silently turn a gate off).
    pub fn select(&self, sel: &Selection) -> Result<Vec<&RuleMeta>, diag::Plain> {
        for s in sel.select.iter().chain(&sel.ignore) {
            if !self.rules.iter().any(|r| r.matches(s)) {
                return Err(diag::Plain {
                    message: format!("`{s}` names no rule"),
                    help: Some("`govlint rule --all` lists codes and names".into()),
                });
            }
        }
        Ok(self
            .rules
            .iter()
            .filter(|r| sel.select.is_empty() || sel.select.iter().any(|s| r.matches(s)))
            .filter(|r| !sel.ignore.iter().any(|s| r.matches(s)))
            .collect())
    }

    /// Lints `snapshot` at `now`. Rules whose collections are not complete are not evaluated;
    /// rules that error are reported; neither is ever counted clean.
    pub fn lint(&self, snapshot: &Snapshot, now: Timestamp, rules: &[&RuleMeta]) -> LintResult {
        self.lint_sharing(snapshot, now, rules, &holders::Shared::new())
    }

    /// [`Linter::lint`], sharing the role-holder indexes through `shared` with another reader
    /// of the same snapshot at the same `now` (`show user` builds its roles from them).
    pub fn lint_sharing(
        &self,
        snapshot: &Snapshot,
        now: Timestamp,
        rules: &[&RuleMeta],
        shared: &holders::Shared,
    ) -> LintResult {
        let mut not_evaluated = Vec::new();
        let mut runnable = Vec::new();
        for r in rules {
            let reasons: Vec<String> = r
                .reads
                .iter()
                .filter_map(|c| {
                    snapshot
                        .unusable_reason(c)
                        .or_else(|| failures_only(snapshot, c))
                })
                .collect();
            if reasons.is_empty() {
                runnable.push(*r);
            } else {
                not_evaluated.push(NotEvaluated {
                    rule: r.code.clone(),
                    name: r.name.clone(),
                    reason: reasons.join("; "),
                });
            }
        }
        let needed: BTreeSet<String> = runnable
            .iter()
            .flat_map(|r| r.reads.iter().cloned())
            .collect();
        let started = std::time::Instant::now();
        let prepared = Prepared::with_holders(snapshot, now, &needed, &self.config, shared);
        crate::timing::phase("prepare input and indexes", started);
        let graph_root = snapshot.tenant.cloud.graph_root();

        // Only rule evaluation is watched and timed: the snapshot is loaded and indexed above.
        let watchdog = limits::Watchdog::start(
            self.rule_timeout,
            limits::exit_on_overrun(crate::exit::INCOMPLETE),
        );
        let outcomes: Vec<(&RuleMeta, RuleOutcome)> = runnable
            .par_iter()
            .map_init(
                || self.engine.clone(),
                |engine, rule| {
                    let _watched = watchdog.watch(format!("rule {} ({})", rule.code, rule.name));
                    let started = std::time::Instant::now();
                    let budget = self.rule_memory.arm();
                    let out = self.eval_rule(engine, rule, &prepared, graph_root);
                    let peak = budget.peak();
                    drop(budget);
                    if out.is_err() {
                        // What a failed rule built stays in its engine until the next rule
                        // clears it: a fresh clone hands it back now.
                        *engine = self.engine.clone();
                    }
                    crate::timing::phase(&rule.code, started);
                    crate::timing::memory(&rule.code, peak);
                    (*rule, out)
                },
            )
            .collect();
        drop(watchdog);

        let mut findings = Vec::new();
        let mut skipped = Vec::new();
        let mut errors = Vec::new();
        for (rule, outcome) in outcomes {
            match outcome {
                Ok((f, s)) => {
                    findings.extend(f);
                    skipped.extend(s);
                }
                Err(error) => errors.push(RuleError {
                    rule: rule.code.clone(),
                    name: rule.name.clone(),
                    error,
                }),
            }
        }
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.object.id.cmp(&b.object.id))
                .then_with(|| a.fingerprint.cmp(&b.fingerprint))
        });
        let mut summary = Summary {
            findings: findings.len(),
            rules_evaluated: runnable.len() - errors.len(),
            rules_not_evaluated: not_evaluated.len(),
            rules_errored: errors.len(),
            ..Summary::default()
        };
        for f in &findings {
            *summary.by_severity.entry(f.severity).or_default() += 1;
        }
        LintResult {
            tool: ToolInfo {
                name: "govlint".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            snapshot: SnapshotInfo {
                tenant_id: snapshot.tenant.id.clone(),
                tenant_name: snapshot.tenant.display_name.clone(),
                fetched_at: snapshot.fetched_at.to_string(),
            },
            now: now.to_string(),
            summary,
            findings,
            not_evaluated,
            errors,
            skipped,
            suppressed: Vec::new(),
            waivers: Vec::new(),
            baseline: None,
        }
    }

    fn eval_rule(
        &self,
        engine: &mut regorus::Engine,
        rule: &RuleMeta,
        prepared: &Prepared,
        graph_root: &str,
    ) -> RuleOutcome {
        let limit = self.rule_timeout;
        let overrun = || {
            format!(
                "stopped after its evaluation limit of {} (`[limits] rule_timeout` in govlint.toml or --rule-timeout)",
                crate::time::format_duration(limit)
            )
        };
        let out_of_memory = || {
            format!(
                "stopped after it used more than its memory budget of {} (`[limits] rule_memory` in govlint.toml or --rule-memory)",
                self.rule_memory
            )
        };
        let describe = |e: anyhow::Error| {
            if limits::is_overrun(&e) {
                overrun()
            } else if memory::is_out_of_memory(&e) {
                out_of_memory()
            } else {
                format!("{e:#}")
            }
        };
        engine.set_input(prepared.input_for(&rule.reads));
        // The engine's clock (`time.now_ns`, certificate and token verification) is the lint's
        // `now`, never the wall clock.
        engine.set_time_now_ns(Some(prepared.clock_ns()));
        // regorus starts the timer inside eval_rule, after its own preparation.
        let started = std::time::Instant::now();
        engine.set_execution_timer_config(limits::timer(limit));
        let out = engine
            .eval_rule(format!("{}.findings", rule.package))
            .map_err(describe)?;
        let items: Vec<&Value> = match &out {
            Value::Undefined => Vec::new(),
            Value::Set(s) => s.iter().collect(),
            Value::Array(a) => a.iter().collect(),
            other => {
                return Err(format!(
                    "`findings` must be a set of objects, got {}",
                    type_name(other)
                ))
            }
        };
        let severity = self
            .severity
            .get(&rule.code)
            .or_else(|| self.severity.get(&rule.name))
            .copied()
            .unwrap_or(rule.severity);
        let mut findings = Vec::with_capacity(items.len());
        let mut fingerprints = BTreeSet::new();
        for item in items {
            let f = to_finding(rule, severity, item, prepared, graph_root)?;
            if !fingerprints.insert(f.fingerprint.clone()) {
                return Err(format!(
                    "two findings on {} {} share a fingerprint; give each a distinct `key`",
                    f.object.collection, f.object.id
                ));
            }
            findings.push(f);
        }
        let mut skipped = Vec::new();
        if rule.reports_skipped {
            // `skipped` gets what is left of the rule's limit.
            let left = limit.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(overrun());
            }
            engine.set_execution_timer_config(limits::timer(left));
            let out = engine
                .eval_rule(format!("{}.skipped", rule.package))
                .map_err(|e| {
                    if limits::is_overrun(&e) {
                        overrun()
                    } else if memory::is_out_of_memory(&e) {
                        out_of_memory()
                    } else {
                        format!("skipped: {e:#}")
                    }
                })?;
            if let Value::Set(s) = &out {
                for v in s.iter() {
                    let json = serde_json::to_value(v)
                        .map_err(|e| format!("skipped entry is not JSON: {e}"))?;
                    #[derive(Deserialize)]
                    #[serde(deny_unknown_fields)]
                    struct Raw {
                        object: ObjectRef,
                        reason: String,
                    }
                    let raw: Raw = serde_json::from_value(json.clone()).map_err(|e| {
                        format!(
                            "skipped entry {} needs object and reason: {e}",
                            compact(&json)
                        )
                    })?;
                    skipped.push(Skipped {
                        rule: rule.code.clone(),
                        name: rule.name.clone(),
                        object: raw.object,
                        reason: raw.reason,
                    });
                }
            }
        }
        skipped.sort_by(|a, b| a.object.cmp(&b.object));
        Ok((findings, skipped))
    }
}

/// The rule names each package declares, from the parsed modules (regorus has no stable API
/// for this; the AST is pinned with the regorus version).
pub fn declared_rules(engine: &mut regorus::Engine) -> BTreeMap<String, BTreeSet<String>> {
    use regorus::unstable::{Rule, RuleHead};
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for module in engine.get_modules().iter() {
        let Some(pkg) = expr_path(&module.package.refr) else {
            continue;
        };
        let names = out.entry(format!("data.{pkg}")).or_default();
        for rule in &module.policy {
            if let Rule::Spec { head, .. } = rule.as_ref() {
                let refr = match head {
                    RuleHead::Compr { refr, .. }
                    | RuleHead::Set { refr, .. }
                    | RuleHead::Func { refr, .. } => refr,
                };
                if let Some(n) = expr_path(refr) {
                    names.insert(n);
                }
            }
        }
    }
    out
}

/// `a.b.c` of a variable or dotted reference expression.
pub fn expr_path(e: &regorus::unstable::Expr) -> Option<String> {
    use regorus::unstable::Expr;
    match e {
        Expr::Var { span, .. } => Some(span.text().to_string()),
        Expr::RefDot { refr, field, .. } => {
            Some(format!("{}.{}", expr_path(refr)?, field.0.text()))
        }
        _ => None,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Set(_) => "set",
        Value::Object(_) => "object",
        Value::Undefined => "undefined",
    }
}

/// A finding as a rule writes it (policies/README.md, "The finding contract").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    object: ObjectRef,
    #[serde(default)]
    related: Vec<ObjectRef>,
    message: String,
    remediation: RawRemediation,
    /// Distinguishes several findings of one rule on one object (e.g. one per role).
    #[serde(default)]
    key: Option<String>,
}

fn to_finding(
    rule: &RuleMeta,
    severity: crate::finding::Severity,
    v: &Value,
    prepared: &Prepared,
    graph_root: &str,
) -> Result<Finding, String> {
    let json = serde_json::to_value(v).map_err(|e| format!("finding is not JSON: {e}"))?;
    let raw: RawFinding = serde_json::from_value(json.clone()).map_err(|e| {
        format!(
            "finding {} does not follow the finding contract: {e}",
            compact(&json)
        )
    })?;
    let found = prepared
        .lookup(&raw.object.collection, &raw.object.id)
        .and_then(|v| serde_json::to_value(v).ok());
    let remediation = remediation::build(raw.remediation, found, graph_root).map_err(|e| {
        format!(
            "finding on {} {}: {e}",
            raw.object.collection, raw.object.id
        )
    })?;
    let fingerprint = fingerprint(&rule.code, &raw.object, raw.key.as_deref());
    Ok(Finding {
        rule: rule.code.clone(),
        name: rule.name.clone(),
        severity,
        area: rule.area.clone(),
        object: raw.object,
        related: raw.related,
        message: raw.message,
        remediation,
        fingerprint,
    })
}

fn compact(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.len() > 200 {
        format!("{}…", &s[..s.floor_char_boundary(200)])
    } else {
        s
    }
}

/// Stable identity of a finding: rule, object and optional key. Not the message, which may
/// be reworded between versions without un-waiving anything.
pub fn fingerprint(code: &str, object: &ObjectRef, key: Option<&str>) -> String {
    let mut h = Sha256::new();
    for part in [code, &object.collection, &object.id, key.unwrap_or("")] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A log read with failures only (`fetch --sign-ins failures`) lacks the successes a rule
/// reading it may judge: the rule is not evaluated rather than reported clean on half the log.
pub fn failures_only(snapshot: &Snapshot, name: &str) -> Option<String> {
    let window = snapshot.collections.get(name)?.window.as_ref()?;
    window.failures_only.then(|| {
        format!("{name} holds failures only (fetched with --sign-ins failures): the rule needs every entry")
    })
}
