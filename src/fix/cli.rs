//! `govlint fix`: `SNAPSHOT --plan FILE` writes a plan, `--show FILE` renders it for review,
//! `--apply FILE` applies it.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::apply::{self, Options};
use super::connect::{self, ConnectArgs};
use super::journal::{self, Journal};
use super::plan;
use crate::{diag, exit};

pub const AFTER_HELP: &str = "\
Workflow (plan, review, apply):
  govlint fix snapshot.json --plan plan.json            # what would change, with preconditions
  govlint fix --show plan.json --format markdown        # for the pull request
  govlint fix --apply plan.json --dry-run               # reads only: what still holds
  govlint fix --apply plan.json --yes                   # apply; rerun to resume

Each step reads the live object first and is skipped as drifted when it no longer matches the
snapshot; after the write it is read again and checked. Steps are journalled (PLAN.journal):
a killed or failed apply run again resumes without sending a step twice.

Guard rails: the last active Global Administrator and declared emergency-access accounts are
never removed or downgraded; more removals than --max-removals (or [fix] max_removals) refuse
the run unless --allow-mass-change. `govlint permissions --write` lists the write permissions.

Exit codes:
  0  plan written / shown; every step applied (or already in the expected state)
  2  usage error or bad input (unreadable snapshot or plan, a journal of another plan)
  3  plan written, but the lint was incomplete (rules not evaluated have no fixes in it)
  4  authentication or network failure before anything was applied
  5  some steps drifted (the object changed since the snapshot): make a new plan
  6  some steps failed: run the apply again to resume (wins over 5 and 7)
  7  a guard rail refused steps, or the whole run (too many removals)";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Args)]
pub struct FixArgs {
    /// The snapshot whose findings to plan fixes for (with --plan).
    #[arg(required_unless_present_any = ["show", "apply"])]
    snapshot: Option<PathBuf>,
    /// Write the plan to FILE (atomically).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["show", "apply"])]
    plan: Option<PathBuf>,
    /// Render a plan for review.
    #[arg(long, value_name = "PLAN", conflicts_with = "apply")]
    show: Option<PathBuf>,
    /// Apply a plan to the live tenant.
    #[arg(long, value_name = "PLAN")]
    apply: Option<PathBuf>,
    /// --show: how to render it.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
    /// Only these findings (fingerprints or unique prefixes of 6+ characters); repeatable.
    #[arg(long, value_name = "FINGERPRINT")]
    finding: Vec<String>,
    #[command(flatten)]
    policy: crate::lintrun::PolicyArgs,
    /// The time rules measure ages against [default: the snapshot's fetchedAt].
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Only these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    ignore: Vec<String>,
    /// Plan only findings not in this baseline [default: `baseline` in govlint.toml].
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// --apply: do not ask (needed when not at a terminal).
    #[arg(long)]
    yes: bool,
    /// --apply: send only the reads (preconditions and guard rails), no write.
    #[arg(long, requires = "apply")]
    dry_run: bool,
    /// --apply: allow more removals than the cap.
    #[arg(long, requires = "apply")]
    allow_mass_change: bool,
    /// --apply: most removals in one run [default: `[fix] max_removals`, else 5].
    #[arg(long, value_name = "N", requires = "apply")]
    max_removals: Option<usize>,
    #[command(flatten)]
    connect: ConnectArgs,
}

fn usage(message: impl Into<String>) -> miette::Report {
    miette::Report::new(diag::plain(message.into()))
}

pub fn run(a: FixArgs) -> Result<u8, miette::Report> {
    if let Some(p) = &a.show {
        return show(p, a.format);
    }
    if let Some(p) = a.apply.clone() {
        return apply_plan(&p, &a);
    }
    let Some(out) = a.plan.clone() else {
        return Err(usage(
            "say what to do: --plan FILE (with a snapshot), --show PLAN or --apply PLAN",
        ));
    };
    make_plan(&a, &out)
}

fn make_plan(a: &FixArgs, out: &std::path::Path) -> Result<u8, miette::Report> {
    let Some(snapshot) = a.snapshot.clone() else {
        return Err(usage("--plan needs the snapshot to plan from"));
    };
    let run = crate::lintrun::RunArgs {
        snapshot: snapshot.clone(),
        policy: a.policy.clone(),
        now: a.now.clone(),
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        rule_timeout: None,
        load_timeout: None,
        rule_memory: None,
    };
    let crate::lintrun::Ran {
        config,
        linter,
        mut result,
        ..
    } = crate::lintrun::run_lint(&run)?;
    crate::lintrun::apply_gate(
        &mut result,
        &linter,
        &config,
        a.baseline.as_ref().or(config.baseline.as_ref()),
    )?;
    let mut findings: Vec<&crate::finding::Finding> = result.findings.iter().collect();
    if !a.finding.is_empty() {
        for q in &a.finding {
            if q.len() < 6 {
                return Err(usage(format!(
                    "--finding {q}: give at least 6 characters of a fingerprint"
                )));
            }
            let n = findings
                .iter()
                .filter(|f| f.fingerprint.starts_with(q.as_str()))
                .count();
            if n != 1 {
                return Err(usage(format!(
                    "--finding {q} matches {n} findings of this lint (waived and baselined ones are not planned)"
                )));
            }
        }
        findings.retain(|f| {
            a.finding
                .iter()
                .any(|q| f.fingerprint.starts_with(q.as_str()))
        });
    }
    // The snapshot as JSON, for the objects' preconditions.
    let text = std::fs::read(&snapshot)
        .map_err(|e| usage(format!("cannot read {}: {e}", snapshot.display())))?;
    let json: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| usage(format!("{}: {e}", snapshot.display())))?;
    let cloud = json["tenant"]["cloud"]
        .as_str()
        .and_then(|c| serde_json::from_value::<crate::snapshot::Cloud>(c.into()).ok())
        .unwrap_or(crate::snapshot::Cloud::Global);
    let plan = plan::build(
        &findings,
        &json,
        result.snapshot.clone(),
        cloud.graph_root(),
    );
    let mut bytes = serde_json::to_vec_pretty(&plan).map_err(|e| usage(e.to_string()))?;
    bytes.push(b'\n');
    crate::atomic::write(out, &bytes)
        .map_err(|e| usage(format!("cannot write {}: {e}", out.display())))?;
    let steps: usize = plan.fixes.iter().map(|f| f.steps.len()).sum();
    eprintln!(
        "{}: {} fixes in {steps} steps, {} to fix by hand; review with `govlint fix --show {}`",
        out.display(),
        plan.fixes.len(),
        plan.manual.len(),
        out.display()
    );
    if !result.not_evaluated.is_empty() || !result.errors.is_empty() {
        eprintln!(
            "warning: the lint was incomplete; rules not evaluated have no fixes in this plan"
        );
        return Ok(exit::INCOMPLETE);
    }
    Ok(exit::CLEAN)
}

fn read_plan(p: &std::path::Path) -> Result<(plan::Plan, Vec<u8>), miette::Report> {
    let bytes = std::fs::read(p).map_err(|e| usage(format!("cannot read {}: {e}", p.display())))?;
    let text = String::from_utf8_lossy(&bytes);
    let plan = plan::parse(&text).map_err(|e| usage(format!("{}: {e}", p.display())))?;
    Ok((plan, bytes))
}

fn show(p: &std::path::Path, format: ShowFormat) -> Result<u8, miette::Report> {
    let (plan, _) = read_plan(p)?;
    let text = match format {
        ShowFormat::Text => super::show::text(&plan),
        ShowFormat::Markdown => super::show::markdown(&plan),
        ShowFormat::Json => {
            serde_json::to_string_pretty(&plan).map_err(|e| usage(e.to_string()))? + "\n"
        }
    };
    crate::output::emit(None, &text)?;
    Ok(exit::CLEAN)
}

fn confirm(plan: &plan::Plan) -> bool {
    let steps: usize = plan.fixes.iter().map(|f| f.steps.len()).sum();
    eprint!(
        "Apply {steps} steps of {} fixes to tenant {}? [y/N] ",
        plan.fixes.len(),
        plan.snapshot.tenant_id
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(line.trim(), "y" | "Y" | "yes" | "YES")
}

fn apply_plan(p: &std::path::Path, a: &FixArgs) -> Result<u8, miette::Report> {
    let (plan, bytes) = read_plan(p)?;
    let config = a.policy.config()?;
    if !a.dry_run && !a.yes {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Err(miette::Report::new(diag::Plain {
                message:
                    "--apply changes the tenant: pass --yes (or run it at a terminal to confirm)"
                        .into(),
                help: Some(format!(
                    "review it first: govlint fix --show {}",
                    p.display()
                )),
            }));
        }
        if !confirm(&plan) {
            eprintln!("nothing applied");
            return Ok(exit::CLEAN);
        }
    }
    let emergency: Vec<String> = config.data["emergency_access"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_ascii_lowercase))
        .collect();
    let opts = Options {
        dry_run: a.dry_run,
        allow_mass_change: a.allow_mass_change,
        max_removals: a.max_removals.or(config.fix_max_removals).unwrap_or(5),
        emergency,
    };
    let mut journal = if a.dry_run {
        None
    } else {
        Some(Journal::open(journal::path_for(p), &journal::digest(&bytes)).map_err(usage)?)
    };
    let client = match connect::client(&a.connect)? {
        Ok(c) => c,
        Err(e) => {
            eprintln!("govlint fix: error: {e}");
            return Ok(exit::FETCH_FAILED);
        }
    };
    let rt = connect::runtime().map_err(usage)?;
    let outcome = rt.block_on(async {
        if let Err(e) = client.auth().token().await {
            return Err(Err(format!("authentication failed: {e}")));
        }
        apply::apply(&client, &plan, journal.as_mut(), &opts)
            .await
            .map_err(Ok)
    });
    let outcome = match outcome {
        Ok(o) => o,
        Err(Err(auth)) => {
            eprintln!("govlint fix: error: {auth}; nothing was applied");
            return Ok(exit::FETCH_FAILED);
        }
        Err(Ok(e)) => return Err(usage(e)),
    };
    if let Some(why) = &outcome.mass_change {
        eprintln!("govlint fix: refused: {why}");
        return Ok(outcome.exit_code());
    }
    let mut summary = format!(
        "{} applied, {} drifted, {} failed, {} refused, {} skipped",
        outcome.applied, outcome.drifted, outcome.failed, outcome.refused, outcome.skipped
    );
    if a.dry_run {
        summary = format!(
            "dry run: {} writes would be sent (precondition and guard rails hold), {} drifted, {} refused, {} failed reads; nothing was written",
            outcome.would_send, outcome.drifted, outcome.refused, outcome.failed
        );
    } else if let Some(j) = &journal {
        summary.push_str(&format!("; journal {}", j.path().display()));
    }
    if !plan.manual.is_empty() {
        summary.push_str(&format!(
            "; {} findings are left to fix by hand (govlint fix --show)",
            plan.manual.len()
        ));
    }
    eprintln!("{summary}");
    Ok(outcome.exit_code())
}
