//! OPA's conformance cases run through govlint's Rego engine (the patched regorus in
//! vendor/regorus), reported as passed, failed and skipped by category.
//!
//! Cases are YAML files in OPA's format (`test/cases/testdata/v1` in OPA's repository: each
//! file has `cases:`, each case `modules`, `data`, `input` or `input_term`, `query`, and
//! `want_result` or `want_error`/`want_error_code`, with `strict_error`, `sort_bindings`,
//! `skip`). Two sets:
//!
//! - `tests/opa_conformance/cases/`, always run: cases written for govlint in OPA's format,
//!   one category per construct where regorus disagreed with OPA (policies/README.md). Every
//!   one must pass.
//! - OPA's own suite, run when `GOVLINT_OPA_CASES` names a checkout of OPA's
//!   `test/cases/testdata/v1`, or any directory of category folders in its layout (a subset
//!   of the categories is fine: `scripts/opa-conformance.sh` fetches the whole suite at the
//!   pinned release and runs this test). Its outcomes are compared with
//!   `tests/opa_conformance/opa-expected.txt` (or `GOVLINT_OPA_EXPECTED`): a case listed as
//!   `pass` that ran and no longer passes fails the test (cases listed but absent from the run
//!   are counted, not checked). `GOVLINT_OPA_UPDATE=1` rewrites the verdicts of the cases run
//!   and keeps the other lines; `GOVLINT_OPA_NOTE` sets the header's `source:` line (say,
//!   where the cases came from); `GOVLINT_OPA_VERBOSE=1` prints each failure.
//!
//! `cargo test --test opa_conformance -- --nocapture` prints the figures by category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::{Path, PathBuf};

use regorus::utils::limits::PolicyLengthConfig;
use regorus::Value;
use serde_json::Value as Json;

/// Cases that test OPA itself rather than the Rego language a policy author writes: they are
/// skipped, with the reason shown in the figures. Matched against the modules and the query.
/// A builtin the engine merely lacks (JWT, x509, GraphQL) is not a reason to skip: a policy
/// author can call it, so its cases count as failures until the engine has it.
const SKIPPED_BUILTINS: &[(&str, &str)] = &[
    ("http.send", "network access; govlint rules never call out"),
    ("net.lookup_ip_addr", "DNS lookups; network access"),
    ("opa.runtime", "OPA's own runtime configuration"),
    (
        "rand.intn",
        "random values; govlint evaluation is deterministic",
    ),
    (
        "time.now_ns",
        "the wall clock; govlint takes time from the snapshot",
    ),
    ("uuid.rfc4122", "random values"),
    ("trace(", "OPA's tracer output"),
];

/// Whole categories (directories) of OPA's suite that exercise OPA internals.
const SKIPPED_CATEGORIES: &[(&str, &str)] = &[
    ("partialeval", "OPA's partial evaluation"),
    ("httpsend", "network access"),
    ("netlookupipaddr", "network access"),
];

#[derive(Default, Clone, Copy)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
}

enum Outcome {
    Pass,
    Fail(String),
    Skip(&'static str),
}

struct Case {
    category: String,
    /// The case file, relative to the root of the run.
    file: String,
    note: String,
    fields: Value,
}

fn cases_in(root: &Path) -> Vec<Case> {
    let mut files = Vec::new();
    collect_yaml(root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let category = file
            .strip_prefix(root)
            .ok()
            .and_then(|p| p.parent())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let rel = file
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let doc = Value::from_yaml_str(&text)
            .unwrap_or_else(|e| panic!("{}: not YAML: {e}", file.display()));
        let Ok(cases) = doc["cases"].as_array() else {
            continue;
        };
        for c in cases.iter() {
            let note = match &c["note"] {
                Value::String(s) => s.to_string(),
                _ => file.display().to_string(),
            };
            out.push(Case {
                category: category.clone(),
                file: rel.clone(),
                note,
                fields: c.clone(),
            });
        }
    }
    out
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_yaml(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

fn string_field(case: &Value, name: &str) -> Option<String> {
    match &case[name] {
        Value::String(s) => Some(s.to_string()),
        _ => None,
    }
}

fn is_true(case: &Value, name: &str) -> bool {
    case[name] == Value::Bool(true)
}

fn json_of(v: &Value) -> Json {
    let mut j = serde_json::to_value(v).unwrap_or(Json::Null);
    numbers_by_value(&mut j);
    j
}

/// OPA's harness compares results as values (`3.0` is `3`), while the engine writes a number
/// read from text as that text (patch 65): an integral float is compared as the integer.
fn numbers_by_value(j: &mut Json) {
    match j {
        Json::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) {
                if f.abs() < 9_007_199_254_740_992.0 {
                    *j = Json::from(f as i64);
                }
            }
        }
        Json::Array(a) => a.iter_mut().for_each(numbers_by_value),
        Json::Object(m) => m.values_mut().for_each(numbers_by_value),
        _ => {}
    }
}

/// Arrays in each binding sorted, for cases whose bindings come from sets (`sort_bindings`).
fn sort_arrays(bindings: &mut Json) {
    if let Json::Object(m) = bindings {
        for v in m.values_mut() {
            if let Json::Array(a) = v {
                a.sort_by_key(|x| x.to_string());
            }
        }
    }
}

fn engine_for(case: &Value, v0: bool) -> anyhow::Result<regorus::Engine> {
    let mut engine = regorus::Engine::new();
    // Cases under a `v0` directory are Rego v0, as OPA's own `testdata/v0`.
    engine.set_rego_v0(v0);
    // As govlint configures it (src/regotest.rs): OPA has no line-length limit.
    engine.set_policy_length_config(PolicyLengthConfig {
        max_col: NonZeroU32::new(1 << 20).expect("non-zero"),
        max_file_bytes: NonZeroUsize::new(64 << 20).expect("non-zero"),
        max_lines: NonZeroUsize::new(1 << 20).expect("non-zero"),
    });
    engine.set_strict_builtin_errors(is_true(case, "strict_error"));
    if let Value::Object(_) = &case["data"] {
        engine.add_data(case["data"].clone())?;
    }
    if case["input"] != Value::Undefined {
        engine.set_input(case["input"].clone());
    }
    if let Ok(modules) = case["modules"].as_array() {
        for (i, m) in modules.iter().enumerate() {
            if let Value::String(text) = m {
                engine.add_policy(format!("mod{i}.rego"), text.to_string())?;
            }
        }
    }
    if let Some(term) = string_field(case, "input_term") {
        let r = engine.eval_query(term, false)?;
        let v = r
            .result
            .first()
            .and_then(|q| q.expressions.first())
            .map(|e| e.value.clone())
            .unwrap_or(Value::Undefined);
        engine.set_input(v);
    }
    Ok(engine)
}

/// Evaluates the case: the list of bindings (one object per result), or the error.
fn evaluate(case: &Value, v0: bool) -> anyhow::Result<Vec<Json>> {
    let mut engine = engine_for(case, v0)?;
    let query = string_field(case, "query").unwrap_or_default();
    let results = engine.eval_query(query, false)?;
    let mut out = Vec::new();
    for r in results.result {
        let mut b = match &r.bindings {
            Value::Object(_) => json_of(&r.bindings),
            _ => Json::Object(Default::default()),
        };
        if is_true(case, "sort_bindings") {
            sort_arrays(&mut b);
        }
        out.push(b);
    }
    Ok(out)
}

fn skip_reason(category: &str, case: &Value) -> Option<&'static str> {
    if is_true(case, "skip") {
        return Some("marked skip in OPA's suite");
    }
    let top = category.split('/').next().unwrap_or_default();
    if let Some((_, why)) = SKIPPED_CATEGORIES.iter().find(|(c, _)| top.starts_with(c)) {
        return Some(why);
    }
    let mut text = string_field(case, "query").unwrap_or_default();
    if let Ok(modules) = case["modules"].as_array() {
        for m in modules.iter() {
            if let Value::String(s) = m {
                text.push_str(s);
            }
        }
    }
    // A case that replaces the builtin in a `with` (`with time.now_ns as 1`, `with http.send
    // as mock`) tests mocking, which govlint supports: it runs.
    SKIPPED_BUILTINS
        .iter()
        .find(|(name, _)| text.contains(name) && !text.contains(&format!("with {name}")))
        .map(|(_, why)| *why)
}

fn run_case(case: &Case) -> Outcome {
    if let Some(why) = skip_reason(&case.category, &case.fields) {
        return Outcome::Skip(why);
    }
    let c = &case.fields;
    let wants_error =
        c["want_error"] != Value::Undefined || c["want_error_code"] != Value::Undefined;
    // A panic in the engine is a failure of this case, not of the run.
    let v0 = case.category.split('/').any(|p| p == "v0");
    let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| evaluate(c, v0)));
    let got = match got {
        Ok(r) => r,
        Err(_) => return Outcome::Fail("engine panicked".into()),
    };
    match (got, wants_error) {
        // Error messages differ between engines; that an error is raised is what is checked.
        (Err(_), true) => Outcome::Pass,
        (Ok(r), true) => Outcome::Fail(format!("wanted an error, got {}", Json::Array(r))),
        (Err(e), false) => Outcome::Fail(format!("error: {}", first_line(&e.to_string()))),
        (Ok(mut got), false) => {
            let mut want: Vec<Json> = match json_of(&c["want_result"]) {
                Json::Array(a) => a,
                Json::Null => Vec::new(),
                other => vec![other],
            };
            if is_true(c, "sort_bindings") {
                want.iter_mut().for_each(sort_arrays);
            }
            // OPA compares result sets: order is not part of the answer.
            got.sort_by_key(|x| x.to_string());
            want.sort_by_key(|x| x.to_string());
            if got == want {
                Outcome::Pass
            } else {
                Outcome::Fail(format!(
                    "want {} got {}",
                    Json::Array(want),
                    Json::Array(got)
                ))
            }
        }
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .find(|l| l.contains("error"))
        .or_else(|| s.lines().next())
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

/// What became of each case, in file order: `(verdict, id)` with verdict `pass`, `fail` or
/// `skip`.
type Verdicts = Vec<(&'static str, String)>;

/// Runs every case; returns the tally by category, each case's verdict and a description of
/// each failure.
fn run_all(cases: &[Case]) -> (BTreeMap<String, Tally>, Verdicts, Vec<String>) {
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut verdicts = Vec::new();
    let mut failures = Vec::new();
    // OPA reuses a note for several cases (seven are `time/weekday`); the n-th repeat gets
    // ` #n` so every line of opa-expected.txt names one case.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    // Engine panics are caught per case; keep their messages out of the report.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for case in cases {
        let t = tally.entry(case.category.clone()).or_default();
        // OPA's notes already start with their category.
        let mut id = if case.note.starts_with(&format!("{}/", case.category)) {
            case.note.clone()
        } else {
            format!("{}/{}", case.category, case.note)
        };
        let n = seen.entry(id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            id = format!("{id} #{n}");
        }
        match run_case(case) {
            Outcome::Pass => {
                t.passed += 1;
                verdicts.push(("pass", id));
            }
            Outcome::Fail(why) => {
                t.failed += 1;
                failures.push(format!("{id}: {why}"));
                verdicts.push(("fail", id));
            }
            Outcome::Skip(why) => {
                t.skipped += 1;
                note_skip(why);
                verdicts.push(("skip", id));
            }
        }
    }
    std::panic::set_hook(hook);
    (tally, verdicts, failures)
}

/// Skipped cases are counted in the figures; their reasons are listed once each (with
/// `--nocapture`) so a skip is never silent.
fn note_skip(why: &str) {
    use std::sync::Mutex;
    static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if !seen.iter().any(|s| s == why) {
        println!("skipping cases: {why}");
        seen.push(why.to_string());
    }
}

fn figures(tally: &BTreeMap<String, Tally>) -> String {
    let mut total = Tally::default();
    let mut s = String::new();
    for (cat, t) in tally {
        let _ = writeln!(
            s,
            "{cat:<32} {:>5} passed {:>5} failed {:>5} skipped",
            t.passed, t.failed, t.skipped
        );
        total.passed += t.passed;
        total.failed += t.failed;
        total.skipped += t.skipped;
    }
    let _ = writeln!(
        s,
        "{:<32} {:>5} passed {:>5} failed {:>5} skipped",
        "TOTAL", total.passed, total.failed, total.skipped
    );
    s
}

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/opa_conformance")
}

#[test]
fn govlint_cases_in_opa_format_all_pass() {
    let cases = cases_in(&here().join("cases"));
    assert!(cases.len() >= 10, "only {} cases found", cases.len());
    let (tally, _, failures) = run_all(&cases);
    println!("\n{}", figures(&tally));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let skipped: usize = tally.values().map(|t| t.skipped).sum();
    assert_eq!(skipped, 0, "no govlint case is skipped");
}

#[test]
fn opa_suite_does_not_regress() {
    let Some(root) = std::env::var_os("GOVLINT_OPA_CASES") else {
        println!(
            "OPA's suite not run: set GOVLINT_OPA_CASES to OPA's test/cases/testdata/v1 \
             (scripts/opa-conformance.sh)"
        );
        return;
    };
    let cases = cases_in(Path::new(&root));
    assert!(
        !cases.is_empty(),
        "no cases under {}",
        root.to_string_lossy()
    );
    let (tally, verdicts, failures) = run_all(&cases);
    println!("\n{}", figures(&tally));
    if std::env::var_os("GOVLINT_OPA_VERBOSE").is_some() {
        println!("{}", failures.join("\n"));
    }
    let expected_file = std::env::var_os("GOVLINT_OPA_EXPECTED")
        .map(PathBuf::from)
        .unwrap_or_else(|| here().join("opa-expected.txt"));
    if std::env::var_os("GOVLINT_OPA_UPDATE").is_some() {
        let before = std::fs::read_to_string(&expected_file).unwrap_or_default();
        std::fs::write(&expected_file, expected_text(&before, &cases, &verdicts))
            .expect("write opa-expected.txt");
        return;
    }
    let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
    let ran: BTreeMap<&str, &str> = verdicts.iter().map(|(v, id)| (id.as_str(), *v)).collect();
    // A run may cover only some of the suite (a copy of some category folders): a case listed
    // in opa-expected.txt that is not in this run is not checked, and is counted so that a
    // smaller run is never mistaken for a full one.
    let mut not_run = 0usize;
    let mut regressed = Vec::new();
    for id in expected.lines().filter_map(|l| l.strip_prefix("pass ")) {
        match ran.get(id) {
            Some(&"pass") => {}
            Some(_) => regressed.push(id),
            None => not_run += 1,
        }
    }
    if not_run > 0 {
        println!("{not_run} cases listed as passing in opa-expected.txt are not in this run");
    }
    assert!(
        regressed.is_empty(),
        "cases that passed before and fail now:\n{}",
        regressed.join("\n")
    );
}

/// opa-expected.txt: each case's verdict and the figures by category, for every case of OPA's
/// suite ever recorded. An update replaces the verdicts of the cases it ran and keeps the
/// others (`before`), so a run on some of the category folders does not drop the rest; the
/// header says how many case files the run read. Names and verdicts only: OPA's cases
/// themselves are not copied.
fn expected_text(before: &str, cases: &[Case], verdicts: &Verdicts) -> String {
    let files: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    let ran: std::collections::BTreeSet<&str> =
        verdicts.iter().map(|(_, id)| id.as_str()).collect();
    // Verdicts by category, in the order the cases appear: the run's first, then the kept
    // ones of categories the run did not read whole.
    let mut merged: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (verdict, id) in verdicts {
        merged
            .entry(category_of(id))
            .or_default()
            .push((verdict.to_string(), id.clone()));
    }
    let mut kept_note = None;
    for line in before.lines() {
        if let Some(note) = line.strip_prefix("# source: ") {
            kept_note = Some(note.to_string());
        }
        let Some((verdict, id)) = line.split_once(' ') else {
            continue;
        };
        if !matches!(verdict, "pass" | "fail" | "skip") || ran.contains(id) {
            continue;
        }
        merged
            .entry(category_of(id))
            .or_default()
            .push((verdict.to_string(), id.to_string()));
    }
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    for (cat, lines) in &merged {
        let t = tally.entry(cat.clone()).or_default();
        for (verdict, _) in lines {
            match verdict.as_str() {
                "pass" => t.passed += 1,
                "fail" => t.failed += 1,
                _ => t.skipped += 1,
            }
        }
    }
    let total: usize = merged.values().map(Vec::len).sum();
    let mut text = String::from(
        "# OPA conformance cases (OPA's test/cases/testdata/v1) run under govlint's engine, one\n\
         # `pass|fail|skip category/note` a line; `pass` lines are the regression baseline.\n\
         # Written by `GOVLINT_OPA_UPDATE=1 scripts/opa-conformance.sh`; an update keeps the\n\
         # lines of cases it did not run.\n",
    );
    let _ = writeln!(
        text,
        "# {total} cases in {} categories; the last update ran {} cases from {} case files",
        merged.len(),
        verdicts.len(),
        files.len(),
    );
    let note = std::env::var_os("GOVLINT_OPA_NOTE")
        .map(|n| n.to_string_lossy().into_owned())
        .or(kept_note);
    if let Some(note) = note {
        let _ = writeln!(text, "# source: {note}");
    }
    for lines in merged.values() {
        for (verdict, id) in lines {
            let _ = writeln!(text, "{verdict} {id}");
        }
    }
    text.push_str("# figures\n");
    for line in figures(&tally).lines() {
        let _ = writeln!(text, "# {line}");
    }
    text
}

/// The category of a case id: its first segment, since ids are `category/note` and the
/// categories of OPA's `testdata/v1` are single folder names.
fn category_of(id: &str) -> String {
    id.split('/').next().unwrap_or_default().to_string()
}
