//! `govlint eval QUERY --snapshot S` and `govlint input S`: the input document a rule
//! receives, and any query over it, for authors writing and debugging a rule.
//!
//! Both build the input exactly as `lint` does ([`crate::engine::Prepared`]): the same
//! collections, indexes and clock, the same policies (built-in, `policies` in govlint.toml and
//! `--policies`) and the same `data.govlint.config`. A rule sees only what it `reads`, so the
//! input is one rule's when the query names a rule package (`data.govlint.rules.pim001...`) or
//! `--rule` picks one; otherwise it holds every collection of the snapshot and every index.

// Unused against the patched engine, whose own methods win; needed against the published one.
#[allow(unused_imports)]
use crate::engine::patched::PatchedApi as _;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use regorus::Value;

use crate::config::Config;
use crate::engine::{limits, Linter, Prepared, RuleMeta};
use crate::output::emit;
use crate::snapshot::Snapshot;
use crate::{diag, exit};

pub const EVAL_AFTER_HELP: &str = "\
Examples:
  govlint eval 'data.govlint.rules.pim001.findings' --snapshot snapshot.json
  govlint eval input.index.roleHolders --snapshot snapshot.json
  govlint eval 'count(input.collections.users)' --snapshot snapshot.json
  govlint eval 'data.govlint.rules.acme001.findings' --snapshot s.json --policies my-policies
  govlint eval data.govlint.config.thresholds

The value is printed as JSON (sets as sorted arrays, objects with sorted keys). A query with
several results or bindings (`some x in ...`) prints them all, as {\"result\": [...]}.

Exit codes: 0 a value, 1 undefined (the reason, when it is a misspelt path, on stderr),
2 bad query, policy or snapshot, 3 the input is incomplete (a collection it holds is partial
or unavailable; a named rule is not evaluated at all, as in `lint`) or the evaluation ran past
the rule time limit.";

pub const INPUT_AFTER_HELP: &str = "\
Examples:
  govlint input snapshot.json -o input.json                # every collection and index
  govlint input snapshot.json --rule PIM001 -o input.json  # what PIM001 receives
  govlint eval '{\"govlint\": {\"config\": data.govlint.config}}' > config-data.json
  opa eval -d policies -d config-data.json -i input.json 'data.govlint.rules.pim001.findings'

Exit codes: 0 written, 2 bad input, 3 written, but a collection it holds is partial or
unavailable (a rule reading it is not evaluated by `lint`).";

/// Where the rules and the snapshot come from, as in `lint`.
#[derive(Args)]
pub struct Source {
    #[command(flatten)]
    policy: crate::lintrun::PolicyArgs,
    /// The time rules measure ages against [default: the snapshot's fetchedAt].
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// The input this rule receives (its `reads`), by code or name [default: the rule package
    /// the query names, else every collection and index].
    #[arg(long, value_name = "RULE")]
    rule: Option<String>,
}

#[derive(Args)]
pub struct EvalArgs {
    /// A Rego query: a reference (`input.index.users`, `data.govlint.rules.pim001.findings`)
    /// or any expression.
    query: String,
    /// The snapshot whose input the query sees [default: none: `input` is undefined].
    #[arg(long, value_name = "FILE")]
    snapshot: Option<PathBuf>,
    #[command(flatten)]
    source: Source,
    /// How long the query may evaluate [default: `[limits] rule_timeout` in govlint.toml, else 10s].
    #[arg(long, value_name = "DURATION", value_parser = crate::time::parse_duration)]
    rule_timeout: Option<Duration>,
    /// How much memory the query may hold [default: `[limits] rule_memory` in govlint.toml,
    /// else 2GiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::engine::memory::parse_size)]
    rule_memory: Option<crate::engine::memory::Budget>,
    /// One line of JSON instead of indented JSON.
    #[arg(long)]
    compact: bool,
}

#[derive(Args)]
pub struct InputArgs {
    /// The snapshot (written by `govlint fetch`).
    snapshot: PathBuf,
    /// Where to write the input (atomically) [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    source: Source,
}

/// The loaded policies and the input built from a snapshot.
struct Prepped {
    linter: Linter,
    config: Config,
    input: Option<Value>,
    /// Rules the input was cut for (empty: the whole input).
    rules: Vec<RuleMeta>,
    /// Why parts of the input cannot be trusted: collections not complete.
    unusable: Vec<String>,
    /// The engine's clock (`time.now_ns`, certificate verification): `--now`, else the
    /// snapshot's fetchedAt; none without either.
    now_ns: Option<i64>,
}

fn prepare(
    source: &Source,
    snapshot: Option<&PathBuf>,
    query: Option<&str>,
) -> Result<Prepped, miette::Report> {
    let config = source.policy.config()?;
    let files = source.policy.rule_files(&config)?;
    let linter = Linter::new(&files, &config)?;
    let rules: Vec<RuleMeta> = match &source.rule {
        Some(r) => vec![find_rule(&linter, r)?.clone()],
        None => query
            .map(named_packages)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| linter.rules().iter().find(|r| &r.package == p))
            .cloned()
            .collect(),
    };
    let now = source
        .now
        .as_deref()
        .map(crate::time::parse_rfc3339)
        .transpose()
        .map_err(|e| miette::Report::new(diag::plain(format!("--now: {e}"))))?;
    let Some(path) = snapshot else {
        return Ok(Prepped {
            linter,
            config,
            input: None,
            rules,
            unusable: Vec::new(),
            now_ns: now.map(crate::time::clock_ns),
        });
    };
    let snap = crate::snapshot::load(path)?;
    let now = now.unwrap_or(snap.fetched_at);
    let reads: Vec<String> = if rules.is_empty() {
        snap.collections.keys().cloned().collect()
    } else {
        let all: BTreeSet<String> = rules.iter().flat_map(|r| r.reads.clone()).collect();
        all.into_iter().collect()
    };
    let unusable = unusable(&snap, &reads);
    let needed: BTreeSet<String> = reads.iter().cloned().collect();
    let prepared = Prepared::new(&snap, now, &needed, &config.data);
    let input = prepared.input_for(&reads);
    Ok(Prepped {
        linter,
        config,
        input: Some(input),
        rules,
        unusable,
        now_ns: Some(prepared.clock_ns()),
    })
}

/// The collections among `reads` a rule could not be evaluated on, and why (as `lint` says).
fn unusable(snap: &Snapshot, reads: &[String]) -> Vec<String> {
    reads
        .iter()
        .filter_map(|c| {
            snap.unusable_reason(c)
                .or_else(|| crate::engine::failures_only(snap, c))
        })
        .collect()
}

fn find_rule<'a>(linter: &'a Linter, q: &str) -> Result<&'a RuleMeta, miette::Report> {
    linter
        .rules()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(q) || r.name.eq_ignore_ascii_case(q))
        .ok_or_else(|| {
            miette::Report::new(diag::Plain {
                message: format!("--rule: no rule `{q}`"),
                help: Some("`govlint rule --all` lists codes and names".into()),
            })
        })
}

/// The rule packages a query names: `data.govlint.rules.<name>`.
fn named_packages(query: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r"data\.govlint\.rules\.([A-Za-z_][A-Za-z0-9_]*)").expect("static regex");
    let mut out: Vec<String> = re
        .captures_iter(query)
        .map(|c| format!("data.govlint.rules.{}", &c[1]))
        .collect();
    out.dedup();
    out
}

fn json_text(v: &impl serde::Serialize, compact: bool) -> String {
    let mut s = if compact {
        serde_json::to_string(v)
    } else {
        serde_json::to_string_pretty(v)
    }
    .unwrap_or_default();
    s.push('\n');
    s
}

pub fn run_eval(a: EvalArgs) -> Result<u8, miette::Report> {
    let p = prepare(&a.source, a.snapshot.as_ref(), Some(&a.query))?;
    if !p.rules.is_empty() && !p.unusable.is_empty() {
        let codes: Vec<&str> = p.rules.iter().map(|r| r.code.as_str()).collect();
        eprintln!(
            "error: {} is not evaluated on this snapshot, as in `lint`: {}",
            codes.join(", "),
            p.unusable.join("; ")
        );
        return Ok(exit::INCOMPLETE);
    }
    if p.input.is_none() && (!p.rules.is_empty() || a.query.contains("input")) {
        // A rule's findings over no input are no verdict on any tenant.
        eprintln!("note: no --snapshot was given, so `input` is undefined");
    }
    let limit = a.rule_timeout.unwrap_or(p.config.rule_timeout);
    let mut engine = p.linter.engine().clone();
    engine.set_time_now_ns(p.now_ns);
    if let Some(input) = &p.input {
        engine.set_input(input.clone());
    }
    engine.set_execution_timer_config(limits::timer(limit));
    let watchdog = limits::Watchdog::start(limit, limits::exit_on_overrun(exit::INCOMPLETE));
    let watched = watchdog.watch(format!("query `{}`", a.query));
    let budget = a.rule_memory.unwrap_or(p.config.rule_memory);
    let armed = budget.arm();
    let results = engine.eval_query(a.query.clone(), false);
    drop(armed);
    drop(watched);
    drop(watchdog);
    let results = match results {
        Ok(r) => r,
        Err(e) if limits::is_overrun(&e) => {
            eprintln!(
                "error: the query was stopped after the rule time limit of {} (`[limits] rule_timeout` in govlint.toml or --rule-timeout)",
                crate::time::format_duration(limit)
            );
            return Ok(exit::INCOMPLETE);
        }
        Err(e) if crate::engine::memory::is_out_of_memory(&e) => {
            eprintln!(
                "error: the query was stopped after it used more than the rule memory budget of {budget} (`[limits] rule_memory` in govlint.toml or --rule-memory)"
            );
            return Ok(exit::INCOMPLETE);
        }
        Err(e) => {
            return Err(miette::Report::new(diag::plain(format!(
                "cannot evaluate `{}`: {e:#}",
                a.query
            ))))
        }
    };
    let single = match results.result.as_slice() {
        [r] if r.expressions.len() == 1 && no_bindings(&r.bindings) => {
            Some(&r.expressions[0].value)
        }
        _ => None,
    };
    if results.result.is_empty() || single == Some(&Value::Undefined) {
        eprintln!("undefined: `{}` has no value", a.query);
        if let Some(hint) = diagnose(&a.query, p.input.as_ref(), &p.linter) {
            eprintln!("{hint}");
        }
        return Ok(exit::FINDINGS);
    }
    let text = match single {
        Some(v) => json_text(v, a.compact),
        None => json_text(&results, a.compact),
    };
    emit(None, &text)?;
    incomplete_note(&p.unusable)
}

/// Exit 3 with a note naming the collections the input holds but `lint` would not trust.
fn incomplete_note(unusable: &[String]) -> Result<u8, miette::Report> {
    if unusable.is_empty() {
        return Ok(exit::CLEAN);
    }
    eprintln!(
        "warning: the input is incomplete; rules reading these collections are not evaluated by `lint`: {}",
        unusable.join("; ")
    );
    Ok(exit::INCOMPLETE)
}

pub fn run_input(a: InputArgs) -> Result<u8, miette::Report> {
    let p = prepare(&a.source, Some(&a.snapshot), None)?;
    let input = p.input.unwrap_or(Value::Undefined);
    let text = json_text(&input, false);
    emit(a.output.as_deref(), &text)?;
    if let Some(path) = &a.output {
        let whose = match p.rules.first() {
            Some(r) => format!("{}'s input", r.code),
            None => "the input (every collection and index)".into(),
        };
        eprintln!("{}: {whose} written", path.display());
    }
    incomplete_note(&p.unusable)
}

/// Why a query came out undefined, when the reason is a path that does not exist: the first
/// `input.` key or rule package that is not there, what is there, and the closest name.
fn diagnose(query: &str, input: Option<&Value>, linter: &Linter) -> Option<String> {
    let re = regex::Regex::new(r"(?:^|[^A-Za-z0-9_.])input((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
        .expect("static regex");
    if let Some(c) = re.captures(query) {
        let input = input?;
        let mut at = input;
        let mut path = String::from("input");
        for key in c[1].split('.').skip(1) {
            let Value::Object(map) = at else {
                break;
            };
            match map.get(&Value::from(key)) {
                Some(v) => {
                    at = v;
                    path.push('.');
                    path.push_str(key);
                }
                None => {
                    let keys: Vec<String> = map
                        .keys()
                        .filter_map(|k| k.as_string().ok().map(|s| s.to_string()))
                        .collect();
                    return Some(missing_key(&path, key, &keys));
                }
            }
        }
    }
    for pkg in named_packages(query) {
        if !linter.rules().iter().any(|r| r.package == pkg) {
            let names: Vec<String> = linter
                .rules()
                .iter()
                .map(|r| {
                    r.package
                        .trim_start_matches("data.govlint.rules.")
                        .to_string()
                })
                .collect();
            let name = pkg.trim_start_matches("data.govlint.rules.");
            let mut msg = format!("there is no rule package `{pkg}`");
            if let Some(best) = crate::inputcheck::closest(name, &names) {
                msg.push_str(&format!(" (did you mean `data.govlint.rules.{best}`?)"));
            }
            return Some(msg);
        }
    }
    None
}

fn missing_key(path: &str, key: &str, keys: &[String]) -> String {
    let mut msg = format!("`{path}` has no `{key}`");
    if let Some(best) = crate::inputcheck::closest(key, keys) {
        msg.push_str(&format!(" (did you mean `{path}.{best}`?)"));
    }
    if path == "input.collections" || path == "input.index" {
        msg.push_str("; a rule's input holds only the collections in its metadata.reads");
    }
    if path == "input.index" {
        msg.push_str(", and the logs (signIns, directoryAudits, riskDetections) have no index");
    }
    const SHOWN: usize = 40;
    let mut listed: Vec<&str> = keys.iter().map(String::as_str).take(SHOWN).collect();
    if keys.len() > SHOWN {
        listed.push("…");
    }
    if !keys.is_empty() {
        msg.push_str(&format!("\nit has: {}", listed.join(", ")));
    }
    if path == "input" {
        msg.push_str(
            "\n(see \"What a rule sees\" in policies/README.md, or schemas/input.schema.json)",
        );
    }
    msg
}

fn no_bindings(b: &Value) -> bool {
    match b {
        Value::Object(m) => m.is_empty(),
        Value::Undefined | Value::Null => true,
        _ => false,
    }
}
