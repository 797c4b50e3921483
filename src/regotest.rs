//! `govlint test`: Rego unit tests with `opa test` semantics. Every rule named `test_*` in a
//! loaded module is a test (`todo_*` are skipped); it passes when it evaluates to `true`.
//! Each test runs on its own clone of one warm engine, so tests cannot leak state.
//!
//! As `opa test` does: tests defined more than once in one package run separately, the second
//! as `test_x#01`, the third as `test_x#02` (like Go's `t.Run`); files named `data.json`,
//! `data.yaml` or `data.yml` under a directory given on the command line are loaded as data
//! rooted at their directory's path below it (`dir/a/b/data.json` is `data.a.b`); `print`
//! output is shown for failing and erroring tests (for every test with `-v`).

// Unused against the patched engine, whose own methods win; needed against the published one.
#[allow(unused_imports)]
use crate::engine::patched::PatchedApi as _;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use regorus::unstable::{Expr, Rule, RuleHead};
use regorus::Value;
use serde::Serialize;

use crate::config::Config;
use crate::diag;
use crate::engine::{expr_path, limits, recursion, rego_error};
use crate::policy::{self, PolicyFile};

#[derive(Debug, Clone, Serialize)]
pub struct TestCase {
    pub file: String,
    pub package: String,
    /// The name `opa test` shows: the rule's name, with `#NN` for a repeated definition.
    pub name: String,
    /// The rule evaluated: differs from `name` only for a repeated definition.
    #[serde(skip)]
    rule: String,
    #[serde(skip)]
    line: u32,
}

impl TestCase {
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }
    fn rule_path(&self) -> String {
        format!("{}.{}", self.package, self.rule)
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
    /// How long one test may evaluate (`--timeout`); an overrun is that test's error.
    pub timeout: Duration,
    /// How much memory one test may hold (`--memory`); past it is that test's error.
    pub memory: crate::engine::memory::Budget,
    /// Measure line coverage (`--coverage`) of the files under test.
    pub coverage: bool,
    /// The lines coverage counts in each policy file under test (not `*_test.rego`, not the
    /// built-in library added for a suite that does not define it).
    coverable: BTreeMap<String, BTreeSet<u32>>,
}

/// How `govlint test` reads Rego: `v0_compatible` is `opa test --v0-compatible` (Rego v0
/// syntax: `test_x { ... }` without `if`); files importing `rego.v1` are v1 either way.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub v0_compatible: bool,
}

/// A data file (`data.json`, `data.yaml`, `data.yml`) and where its content goes under `data`.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: String,
    /// Path components below `data`: the file's directory relative to the root it was found in.
    pub root: Vec<String>,
    pub text: String,
}

const DATA_FILE_NAMES: [&str; 3] = ["data.json", "data.yaml", "data.yml"];

/// Loads `files` (and the built-in library unless the files define it) with the shipped
/// configuration as `data.govlint.config`, and finds the tests.
pub fn load(files: &[PolicyFile], config: &Config) -> Result<Suite, diag::Error> {
    load_with(files, &[], config, Options::default())
}

/// `govlint test PATH...`: the Rego files under each path and the data files beside them.
pub fn load_paths(
    paths: &[PathBuf],
    config: &Config,
    options: Options,
) -> Result<Suite, diag::Error> {
    let files = policy::from_paths(paths)?;
    let data = data_files(paths)?;
    load_with(&files, &data, config, options)
}

/// Every data file under each of `paths`, rooted at its directory relative to that path.
pub fn data_files(paths: &[PathBuf]) -> Result<Vec<DataFile>, diag::Error> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<DataFile>) -> Result<(), diag::Error> {
        let read_err = |p: &Path, e: std::io::Error| {
            diag::Error::from(diag::plain(format!("cannot read {}: {e}", p.display())))
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| read_err(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string());
            let Some(name) = name else { continue };
            if name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out)?;
            } else if DATA_FILE_NAMES.contains(&name.as_str()) {
                let text = std::fs::read_to_string(&p).map_err(|e| read_err(&p, e))?;
                let rel = dir.strip_prefix(root).unwrap_or(Path::new(""));
                let root = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect();
                out.push(DataFile {
                    path: p.display().to_string(),
                    root,
                    text,
                });
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for root in paths {
        if root.is_dir() {
            walk(root, root, &mut out)?;
        } else if root
            .file_name()
            .is_some_and(|n| DATA_FILE_NAMES.contains(&n.to_string_lossy().as_ref()))
        {
            out.push(DataFile {
                path: root.display().to_string(),
                root: Vec::new(),
                text: std::fs::read_to_string(root)
                    .map_err(|e| diag::plain(format!("cannot read {}: {e}", root.display())))?,
            });
        }
    }
    Ok(out)
}

/// Parses one data file into the value it contributes to `data` (nested under its root).
fn data_value(f: &DataFile) -> Result<Value, diag::Error> {
    let value = if f.path.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&f.text) {
            Ok(v) => Value::from(v),
            Err(e) => {
                return Err(diag::located(
                    &f.path,
                    &f.text,
                    e.line().max(1),
                    e.column().max(1),
                    format!("bad data file: {e}"),
                    "here",
                    None,
                )
                .into())
            }
        }
    } else {
        Value::from_yaml_str(&f.text)
            .map_err(|e| diag::plain(format!("{}: bad data file: {e:#}", f.path)))?
    };
    let mut value = value;
    for key in f.root.iter().rev() {
        let mut obj = Value::new_object();
        if let Ok(map) = obj.as_object_mut() {
            map.insert(Value::from(key.as_str()), value);
        }
        value = obj;
    }
    if value.as_object().is_err() {
        return Err(diag::plain(format!(
            "{}: data at the root of `data` must be an object",
            f.path
        ))
        .into());
    }
    Ok(value)
}

/// A fresh engine with every file loaded: Rego v1 unless `v0`, non-strict builtin errors, and
/// the policy length limits every engine shares.
fn engine_with(
    files: &[PolicyFile],
    v0: bool,
    watchdog: &limits::Watchdog,
) -> Result<regorus::Engine, diag::Error> {
    let mut engine = regorus::Engine::new();
    engine.set_rego_v0(v0);
    engine.set_gather_prints(true);
    // As `opa test`: a builtin given a bad argument makes its expression undefined, not an error.
    engine.set_strict_builtin_errors(false);
    engine.set_policy_length_config(crate::engine::limits::policy_length());
    for f in files {
        let _parsing = watchdog.watch(f.path.clone());
        engine
            .add_policy(f.path.clone(), f.text.clone())
            .map_err(|e| rego_error(files, "Rego error", &e))?;
    }
    let _compiling = watchdog.watch(limits::compile_stage_name(
        files.iter().map(|f| (f.path.as_str(), f.text.len())),
    ));
    // OPA's compile-time errors fail the load, as `opa test` fails before running a test.
    engine
        .check_policies()
        .map_err(|e| rego_error(files, "Rego error", &e))?;
    Ok(engine)
}

/// A test rule as found in the modules: file, package, name, line, and the byte range of its
/// name in the file.
struct Found {
    file: String,
    package: String,
    name: String,
    line: u32,
    at: (usize, usize),
}

fn find_tests(engine: &mut regorus::Engine, prefix: &str) -> Vec<Found> {
    let mut out = Vec::new();
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
            if !name.starts_with(prefix) {
                continue;
            }
            let at = match refr.as_ref() {
                Expr::Var { span, .. } => (span.start as usize, span.end as usize),
                _ => (0, 0),
            };
            out.push(Found {
                file: file.clone(),
                package: format!("data.{package}"),
                name,
                line: span.line,
                at,
            });
        }
    }
    out
}

/// A byte range of a file and the name that replaces it there.
type Rename = ((usize, usize), String);

/// The name a repeated test definition is renamed to so it can be evaluated on its own.
fn dup_rule_name(name: &str, n: usize) -> String {
    format!("{name}__govlint_dup{n:02}")
}

/// Loads `files` and `data` (see [`data_files`]) with the built-in library unless the files
/// define it, `config` as `data.govlint.config`, and finds the tests.
pub fn load_with(
    files: &[PolicyFile],
    data: &[DataFile],
    config: &Config,
    options: Options,
) -> Result<Suite, diag::Error> {
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
    // Loading is not under the per-test timer: bounded on its own (`--load-timeout`).
    let watchdog = limits::load_watchdog(config.load_timeout);
    let mut engine = engine_with(&all, options.v0_compatible, &watchdog)?;

    // Tests defined more than once in a package: rename the second and later definitions in
    // the source so each runs alone, shown as `test_x#01`, `test_x#02` as `opa test` does.
    let found = find_tests(&mut engine, "test_");
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut renames: BTreeMap<String, Vec<Rename>> = BTreeMap::new();
    let mut cases = Vec::new();
    let mut order: Vec<&Found> = found.iter().collect();
    order.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    for f in order {
        let n = seen
            .entry((f.package.clone(), f.name.clone()))
            .and_modify(|n| *n += 1)
            .or_insert(0);
        let (name, rule) = if *n == 0 {
            (f.name.clone(), f.name.clone())
        } else {
            let text = all.iter().find(|p| p.path == f.file).map(|p| &p.text);
            let renamable = f.at.1 > f.at.0
                && !f.name.contains('.')
                && text.is_some_and(|t| t.get(f.at.0..f.at.1) == Some(f.name.as_str()));
            if !renamable {
                // Cannot tell the definitions apart: Rego runs them as one rule.
                continue;
            }
            let rule = dup_rule_name(&f.name, *n);
            renames
                .entry(f.file.clone())
                .or_default()
                .push((f.at, rule.clone()));
            (format!("{}#{:02}", f.name, n), rule)
        };
        cases.push(TestCase {
            file: f.file.clone(),
            package: f.package.clone(),
            name,
            rule,
            line: f.line,
        });
    }
    if !renames.is_empty() {
        for file in all.iter_mut() {
            if let Some(edits) = renames.get_mut(&file.path) {
                edits.sort_by_key(|e| std::cmp::Reverse(e.0 .0));
                for ((start, end), new) in edits.iter() {
                    file.text.replace_range(*start..*end, new);
                }
            }
        }
        engine = engine_with(&all, options.v0_compatible, &watchdog)?;
    }
    let _compiling = watchdog.watch(limits::compile_stage_name(
        all.iter().map(|f| (f.path.as_str(), f.text.len())),
    ));
    recursion::check(&mut engine)?;
    let under_test: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.is_rego() && !f.is_test())
        .map(|f| f.path.as_str())
        .collect();
    let coverable = engine
        .get_modules()
        .iter()
        .filter(|m| under_test.contains(m.package.span.source.file().as_str()))
        .map(|m| {
            (
                m.package.span.source.file().to_string(),
                crate::regoast::coverable_lines(m),
            )
        })
        .collect();

    for f in data {
        engine
            .add_data(data_value(f)?)
            .map_err(|e| diag::plain(format!("{}: cannot load data: {e:#}", f.path)))?;
    }
    engine
        .add_data(Value::from(
            serde_json::json!({"govlint": {"config": config.data}}),
        ))
        .map_err(|e| diag::plain(format!("cannot load configuration data: {e}")))?;

    let skipped = find_tests(&mut engine, "todo_")
        .into_iter()
        .map(|f| TestCase {
            file: f.file,
            package: f.package,
            rule: f.name.clone(),
            name: f.name,
            line: f.line,
        })
        .collect();
    // The rules are analysed and scheduled once, here under the load limit, rather than
    // by each test's copy of the engine under the test's. An error is left for each test to
    // report, as before.
    let _ = engine.eval_rule("data.__govlint_prepare".into());
    drop(_compiling);
    drop(watchdog);
    cases.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(Suite {
        engine,
        cases,
        skipped,
        timeout: crate::config::DEFAULT_RULE_TIMEOUT,
        memory: crate::engine::memory::Budget::default(),
        coverage: false,
        coverable,
    })
}

impl Suite {
    /// Runs the tests whose full name matches `filter`, in parallel; results in file order.
    pub fn run(&self, filter: Option<&regex::Regex>) -> Vec<TestResult> {
        self.run_covered(filter).0
    }

    /// [`Suite::run`], and with `coverage` set, the lines the tests run evaluated.
    pub fn run_covered(
        &self,
        filter: Option<&regex::Regex>,
    ) -> (Vec<TestResult>, Option<crate::coverage::Coverage>) {
        let picked: Vec<&TestCase> = self
            .cases
            .iter()
            .filter(|c| filter.is_none_or(|re| re.is_match(&c.full_name())))
            .collect();
        // As in a lint: a built-in call the timer cannot interrupt ends the run (exit 1, a
        // test errored) rather than hanging it.
        let watchdog =
            limits::Watchdog::start(self.timeout, limits::exit_on_overrun(crate::exit::FINDINGS));
        let ran: Vec<(TestResult, Option<regorus::coverage::Report>)> = picked
            .par_iter()
            .map(|case| {
                let _watched = watchdog.watch(format!("test {}", case.full_name()));
                let mut engine = self.engine.clone();
                engine.set_execution_timer_config(limits::timer(self.timeout));
                engine.set_enable_coverage(self.coverage);
                let start = Instant::now();
                let armed = self.memory.arm();
                let value = engine.eval_rule(case.rule_path());
                drop(armed);
                let duration_ns = start.elapsed().as_nanos();
                let report = if self.coverage {
                    engine.get_coverage_report().ok()
                } else {
                    None
                };
                let output = engine.take_prints().unwrap_or_default();
                let (outcome, error) = match value {
                    Ok(Value::Bool(true)) => (Outcome::Pass, None),
                    Ok(_) => (Outcome::Fail, None),
                    Err(e) if limits::is_overrun(&e) => (
                        Outcome::Error,
                        Some(format!(
                            "stopped after the test time limit of {} (--timeout)",
                            crate::time::format_duration(self.timeout)
                        )),
                    ),
                    Err(e) if crate::engine::memory::is_out_of_memory(&e) => (
                        Outcome::Error,
                        Some(format!(
                            "stopped after it used more than the test memory budget of {} (--memory)",
                            self.memory
                        )),
                    ),
                    Err(e) => (Outcome::Error, Some(format!("{e:#}"))),
                };
                let result = TestResult {
                    case: (*case).clone(),
                    outcome,
                    error,
                    output,
                    duration_ns,
                };
                (result, report)
            })
            .collect();
        drop(watchdog);
        let mut coverage = self
            .coverage
            .then(|| crate::coverage::Coverage::new(&self.coverable));
        let mut results = Vec::with_capacity(ran.len() + self.skipped.len());
        for (result, report) in ran {
            if let (Some(c), Some(r)) = (coverage.as_mut(), report) {
                c.merge(&r);
            }
            results.push(result);
        }
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
        (results, coverage)
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
            for line in r.output.iter().flat_map(|p| p.lines()) {
                let _ = writeln!(out, "  {line}");
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
