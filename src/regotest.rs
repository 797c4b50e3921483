//! `govlint test`: Rego unit tests with `opa test` semantics. Every rule named `test_*` in a
//! loaded module is a test (`todo_*` are skipped); it passes when it evaluates to `true`.
//! Each test runs on its own clone of one warm engine, so tests cannot leak state.

use std::time::Instant;

use rayon::prelude::*;
use regorus::unstable::{Rule, RuleHead};
use regorus::Value;
use serde::Serialize;

use crate::config::Config;
use crate::diag;
use crate::engine::{expr_path, rego_error};
use crate::policy::{self, PolicyFile};

#[derive(Debug, Clone, Serialize)]
pub struct TestCase {
    pub file: String,
    pub package: String,
    pub name: String,
    #[serde(skip)]
    line: u32,
}

impl TestCase {
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Error,
    Skip,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    #[serde(flatten)]
    pub case: TestCase,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<String>,
    /// Only in verbose and JSON output: timings vary between runs.
    pub duration_ns: u128,
}

pub struct Suite {
    engine: regorus::Engine,
    pub cases: Vec<TestCase>,
    pub skipped: Vec<TestCase>,
}

/// Loads `files` (and the built-in library unless the files define it) with the shipped
/// configuration as `data.govlint.config`, and finds the tests.
pub fn load(files: &[PolicyFile], config: &Config) -> Result<Suite, diag::Error> {
    let defines_lib = files.iter().any(|f| {
        f.text
            .lines()
            .any(|l| l.trim_start().starts_with("package govlint.lib"))
    });
    let mut all: Vec<PolicyFile> = files.to_vec();
    if !defines_lib {
        all.extend(
            policy::builtin_rego()
                .into_iter()
                .filter(|f| f.path.starts_with("policies/lib/") && !f.is_test()),
        );
    }
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(false);
    engine.set_gather_prints(true);
    for f in &all {
        engine
            .add_policy(f.path.clone(), f.text.clone())
            .map_err(|e| rego_error(&all, "Rego error", &e))?;
    }
    engine
        .add_data(Value::from(
            serde_json::json!({"govlint": {"config": config.data}}),
        ))
        .map_err(|e| diag::plain(format!("cannot load configuration data: {e}")))?;

    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for module in engine.get_modules().iter() {
        let package = expr_path(&module.package.refr).unwrap_or_default();
        let file = module.package.span.source.file().to_string();
        for rule in &module.policy {
            let Rule::Spec { head, span, .. } = rule.as_ref() else {
                continue;
            };
            let refr = match head {
                RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => refr,
                RuleHead::Func { .. } => continue,
            };
            let Some(name) = expr_path(refr) else {
                continue;
            };
            let case = TestCase {
                file: file.clone(),
                package: format!("data.{package}"),
                name: name.clone(),
                line: span.line,
            };
            if name.starts_with("test_") {
                // A test defined twice in one package is one rule to Rego; run it once.
                if seen.insert(case.full_name()) {
                    cases.push(case);
                }
            } else if name.starts_with("todo_") {
                skipped.push(case);
            }
        }
    }
    cases.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(Suite {
        engine,
        cases,
        skipped,
    })
}

impl Suite {
    /// Runs the tests whose full name matches `filter`, in parallel; results in file order.
    pub fn run(&self, filter: Option<&regex::Regex>) -> Vec<TestResult> {
        let picked: Vec<&TestCase> = self
            .cases
            .iter()
            .filter(|c| filter.is_none_or(|re| re.is_match(&c.full_name())))
            .collect();
        let mut results: Vec<TestResult> = picked
            .par_iter()
            .map(|case| {
                let mut engine = self.engine.clone();
                let start = Instant::now();
                let value = engine.eval_rule(case.full_name());
                let duration_ns = start.elapsed().as_nanos();
                let output = engine.take_prints().unwrap_or_default();
                let (outcome, error) = match value {
                    Ok(Value::Bool(true)) => (Outcome::Pass, None),
                    Ok(_) => (Outcome::Fail, None),
                    Err(e) => (Outcome::Error, Some(format!("{e:#}"))),
                };
                TestResult {
                    case: (*case).clone(),
                    outcome,
                    error,
                    output,
                    duration_ns,
                }
            })
            .collect();
        results.extend(
            self.skipped
                .iter()
                .filter(|c| filter.is_none_or(|re| re.is_match(&c.full_name())))
                .map(|c| TestResult {
                    case: c.clone(),
                    outcome: Outcome::Skip,
                    error: None,
                    output: Vec::new(),
                    duration_ns: 0,
                }),
        );
        results
    }
}

/// opa-test style text: failures (all tests with `verbose`), a rule, then the counts, ending
/// with a plain `N passed, N failed` line.
pub fn render_text(results: &[TestResult], verbose: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut current_file = "";
    for r in results {
        let show = verbose || matches!(r.outcome, Outcome::Fail | Outcome::Error);
        if !show {
            continue;
        }
        if r.case.file != current_file {
            current_file = &r.case.file;
            let _ = writeln!(out, "{current_file}:");
        }
        let label = match r.outcome {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::Error => "ERROR",
            Outcome::Skip => "SKIPPED",
        };
        if verbose {
            let _ = writeln!(
                out,
                "{}: {label} ({:.3}ms)",
                r.case.full_name(),
                r.duration_ns as f64 / 1e6
            );
        } else {
            let _ = writeln!(out, "{}: {label}", r.case.full_name());
        }
        if let Some(e) = &r.error {
            for line in e.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        if r.outcome != Outcome::Pass || verbose {
            for p in &r.output {
                let _ = writeln!(out, "  {p}");
            }
        }
    }
    let count = |o: Outcome| results.iter().filter(|r| r.outcome == o).count();
    let (pass, fail, error, skip) = (
        count(Outcome::Pass),
        count(Outcome::Fail),
        count(Outcome::Error),
        count(Outcome::Skip),
    );
    let total = pass + fail + error;
    let _ = writeln!(out, "{}", "-".repeat(80));
    if pass > 0 {
        let _ = writeln!(out, "PASS: {pass}/{total}");
    }
    if fail > 0 {
        let _ = writeln!(out, "FAIL: {fail}/{total}");
    }
    if error > 0 {
        let _ = writeln!(out, "ERROR: {error}/{total}");
    }
    if skip > 0 {
        let _ = writeln!(out, "SKIPPED: {skip}/{}", total + skip);
    }
    let _ = writeln!(
        out,
        "{pass} passed, {} failed, {skip} skipped",
        fail + error
    );
    out
}
