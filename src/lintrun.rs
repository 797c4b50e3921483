//! A lint as configured, shared by `lint`, `baseline`, `explain` and `fix --plan`: the
//! snapshot, the configuration and rule files, the rule selection, the clock; then the gate
//! (waivers and the baseline).

use std::path::PathBuf;

use clap::Args;

use crate::config::Config;
use crate::engine::{Linter, Selection};
use crate::{diag, policy, snapshot};

/// Where the rules and their configuration come from, for every command that evaluates them.
#[derive(Args, Clone)]
pub(crate) struct PolicyArgs {
    /// Directory (or file) of extra Rego policies; repeatable.
    #[arg(long = "policies", value_name = "DIR")]
    pub(crate) policies: Vec<PathBuf>,
    /// Configuration file [default: govlint.toml in this or a parent directory].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore any govlint.toml.
    #[arg(long, conflicts_with = "config")]
    pub(crate) no_config: bool,
}

impl PolicyArgs {
    /// The configuration: none, the file `--config` names, or the one found upward.
    pub(crate) fn config(&self) -> Result<Config, miette::Report> {
        Config::resolve(self.config.as_deref(), self.no_config)
    }

    /// The built-in rules and those of the configured directories and `--policies`.
    pub(crate) fn rule_files(
        &self,
        config: &Config,
    ) -> Result<Vec<policy::PolicyFile>, miette::Report> {
        Ok(policy::rule_files(&config.policy_dirs, &self.policies)?)
    }
}

/// What `lint` and `baseline` share: the snapshot, the policies, the config, the rule
/// selection and the clock.
#[derive(Args)]
pub(crate) struct RunArgs {
    /// The snapshot to lint (written by `govlint fetch`).
    pub(crate) snapshot: PathBuf,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// The time rules measure ages against [default: the snapshot's fetchedAt].
    #[arg(long, value_name = "RFC3339")]
    pub(crate) now: Option<String>,
    /// Only these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub(crate) select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub(crate) ignore: Vec<String>,
    /// How long one rule may evaluate before it is stopped and reported as an error (exit 3),
    /// e.g. `30s`, `2m` [default: `[limits] rule_timeout` in govlint.toml, else 10s].
    #[arg(long, value_name = "DURATION", value_parser = crate::time::parse_duration)]
    pub(crate) rule_timeout: Option<std::time::Duration>,
    /// How long loading and compiling the policies may take before the run stops with exit 2,
    /// naming the file [default: `[limits] load_timeout` in govlint.toml, else 60s].
    #[arg(long, value_name = "DURATION", value_parser = crate::time::parse_duration)]
    pub(crate) load_timeout: Option<std::time::Duration>,
    /// How much memory one rule may hold before it is stopped and reported as an error (exit 3),
    /// e.g. `512MiB`, `4GiB` [default: `[limits] rule_memory` in govlint.toml, else 2GiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::engine::memory::parse_size)]
    pub(crate) rule_memory: Option<crate::engine::memory::Budget>,
}

/// A finished lint and what produced it.
pub(crate) struct Ran {
    pub(crate) config: Config,
    pub(crate) linter: Linter,
    /// The rules the selection picked, evaluated or not.
    pub(crate) rules: Vec<crate::engine::RuleMeta>,
    pub(crate) result: crate::finding::LintResult,
}

/// Lints as configured; waivers and the baseline are the caller's business.
pub(crate) fn run_lint(r: &RunArgs) -> Result<Ran, miette::Report> {
    let mut config = r.policy.config()?;
    if let Some(t) = r.rule_timeout {
        config.rule_timeout = t;
    }
    if let Some(t) = r.load_timeout {
        config.load_timeout = t;
    }
    if let Some(m) = r.rule_memory {
        config.rule_memory = m;
    }
    let files = r.policy.rule_files(&config)?;
    let linter = Linter::new(&files, &config)?;
    // A custom rule reading an input path the input does not have never fires: say where.
    let builtin = policy::builtin_rego()
        .iter()
        .filter(|f| !f.is_test())
        .count();
    for w in crate::inputcheck::check(files.get(builtin..).unwrap_or_default()) {
        eprintln!("{w}");
    }
    let selection = Selection::configured(&config, &r.select, &r.ignore);
    let rules = linter.select(&selection)?;
    let snap = snapshot::load_sifting(&r.snapshot, crate::engine::prefilter::SIFTS)?;
    let now = match r.now.as_deref() {
        Some(n) => crate::time::parse_rfc3339(n)
            .map_err(|e| miette::Report::new(diag::plain(format!("--now: {e}"))))?,
        None => snap.fetched_at,
    };
    let result = linter.lint(&snap, now, &rules);
    // The process ends right after the reports are written: freeing a large snapshot's tree
    // (millions of values) would only delay the exit by most of a second (benches/README.md).
    std::mem::forget(snap);
    let rules = rules.into_iter().cloned().collect();
    Ok(Ran {
        config,
        linter,
        rules,
        result,
    })
}

pub(crate) fn apply_gate(
    result: &mut crate::finding::LintResult,
    linter: &Linter,
    config: &Config,
    baseline: Option<&PathBuf>,
) -> Result<(), miette::Report> {
    let baseline = match baseline {
        Some(p) => Some(crate::gate::load_baseline(p)?),
        None => None,
    };
    crate::gate::apply(result, linter.rules(), &config.waivers, baseline.as_ref())?;
    Ok(())
}
