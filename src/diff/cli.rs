//! `govlint diff`: arguments, the run, the exit code.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::findings::Linting;
use super::{render, Digest};
use crate::engine::{Linter, Selection};
use crate::finding::Severity;
use crate::output::emit;
use crate::{diag, exit, snapshot};

pub const DIFF_AFTER_HELP: &str = "\
Compares, by area: directory role holders (eligible and active, direct and through groups),
PIM role and PIM-for-groups settings and access package assignment policies (field by field,
with a unified diff), access reviews, connected organisations and their sponsors, guests,
agent identities and agent users, service principals and applications (once snapshots hold
them), and the lint's findings (new and fixed, by fingerprint). Both snapshots are linted with
the same rules, config and waivers, each at its own fetchedAt. Objects are matched by id.

Examples:
  govlint diff yesterday.json today.json
  govlint diff yesterday.json today.json --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  govlint diff yesterday.json today.json --format json -o drift.json --fail-on-new high

Exit codes:
  0  compared (changes or none)
  1  NEW has a new finding at or above --fail-on-new (waived findings do not count)
  2  bad input: unreadable snapshot, snapshots of different tenants, NEW older than OLD
  3  incomplete: a collection is missing from one snapshot or not complete, or a rule was not
     evaluated in one: changes there could be missed (named in the output; wins over 1).
     A collection absent from both snapshots is not compared and does not count.";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Args)]
#[command(after_help = DIFF_AFTER_HELP)]
pub struct DiffArgs {
    /// The earlier snapshot.
    old: PathBuf,
    /// The later snapshot.
    new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when NEW has a new (unwaived) finding at or above this severity.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    fail_on_new: Option<Severity>,
    #[command(flatten)]
    policy: crate::lintrun::PolicyArgs,
    /// Only these rules' findings: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    ignore: Vec<String>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| "expected info, low, medium, high or critical".to_string())
}

fn bad(message: String, help: &str) -> miette::Report {
    miette::Report::new(diag::Plain {
        message,
        help: Some(help.into()),
    })
}

pub fn run(a: DiffArgs) -> Result<u8, miette::Report> {
    let config = a.policy.config()?;
    let files = a.policy.rule_files(&config)?;
    let linter = Linter::new(&files, &config)?;
    let selection = Selection::configured(&config, &a.select, &a.ignore);
    let rules = linter.select(&selection)?.into_iter().cloned().collect();
    let linting = Linting {
        linter,
        rules,
        waivers: config.waivers.clone(),
    };
    // One tree at a time: the old snapshot is reduced to its digest and freed before the new
    // one is read.
    let old = {
        let snap = snapshot::load(&a.old)?;
        Digest::new(&snap, &linting)?
    };
    let snap = snapshot::load(&a.new)?;
    let new = Digest::new(&snap, &linting)?;
    // Freeing the tree would only delay the exit (as in `lint`).
    std::mem::forget(snap);
    if old.tenant_id != new.tenant_id {
        return Err(bad(
            format!(
                "the snapshots are of different tenants: {} ({}) and {} ({})",
                a.old.display(),
                old.tenant_id,
                a.new.display(),
                new.tenant_id
            ),
            "diff two snapshots of the same tenant",
        ));
    }
    if old.fetched_at > new.fetched_at {
        return Err(bad(
            format!(
                "{} (fetched {}) is older than {} (fetched {})",
                a.new.display(),
                new.fetched_at,
                a.old.display(),
                old.fetched_at
            ),
            "pass the earlier snapshot first: govlint diff OLD NEW",
        ));
    }
    let d = super::compare(&old, &new, &linting.rules);
    let text = match a.format {
        DiffFormat::Human => render::human(&d),
        DiffFormat::Markdown => render::markdown(&d),
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(&d).unwrap_or_default();
            t.push('\n');
            t
        }
    };
    emit(a.output.as_deref(), &text)?;
    let code = d.exit_code(a.fail_on_new);
    if code == exit::INCOMPLETE && a.format != DiffFormat::Human {
        eprintln!(
            "govlint diff: incomplete: {} (exit 3)",
            d.incomplete.join("; ")
        );
    }
    Ok(code)
}
