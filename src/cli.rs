//! The command line: parsing, and wiring each subcommand to the modules that do the work.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::engine::Linter;
use crate::finding::Severity;
use crate::lintrun::{apply_gate, run_lint, Ran, RunArgs};
use crate::output::emit;
use crate::report::{self, Format};
use crate::{diag, exit, policy, regotest, ruledoc, snapshot};

const AFTER_HELP: &str = "\
Exit codes:
  0  clean and complete
  1  findings at or above --fail-on
  2  usage error or bad input (unreadable snapshot, Rego syntax error, bad config)
  3  incomplete: a rule could not be evaluated, errored or ran past its time limit (wins over 1)
  4  fetch failed (auth, network); nothing written
  5-7  `fix --apply` and `pim` only: drifted, failed, refused (see their --help)";

#[derive(Parser)]
#[command(name = "govlint", version = crate::version::VERSION, about = "Policy-as-code linter and CI gate for Microsoft Entra ID identity governance", after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint a snapshot with the built-in rules and your own.
    #[command(after_help = "Examples:\n  govlint lint examples/demo-tenant.json\n  govlint lint snapshot.json --show-fixes          # each fix, Graph request and diff\n  govlint lint snapshot.json --statistics          # findings per rule\n  govlint lint snapshot.json -q --fail-on high     # the summary line; the exit code is the gate\n  govlint lint snapshot.json --format json -o findings.json --fail-on high\n  govlint lint snapshot.json --select PIM,PRV001 --now 2026-11-20T09:00:00Z\n  govlint lint snapshot.json --format github --output sarif=govlint.sarif --output junit=junit.xml\n\n".to_string() + AFTER_HELP)]
    Lint(LintArgs),
    /// Print one finding in full (fix, Graph requests, diff) with its rule's doc summary.
    #[command(
        after_help = "Examples:\n  govlint explain snapshot.json f32dd9a8          # a fingerprint, or a unique prefix of it\n  govlint explain snapshot.json PIM001 \"Ava Standing-Admin: Global Administrator\"\n  govlint explain snapshot.json PIM001 54d14d5e-5a96-48e8-990b-2bcc86e0e559\n\nExit codes: 0 printed, 2 no such finding (the closest are listed) or bad input."
    )]
    Explain(ExplainArgs),
    /// Run Rego unit tests (`test_*` rules), `opa test` style.
    #[command(
        after_help = "Examples:\n  govlint test policies\n  govlint test my-policies --run 'pim' -v\n  govlint test my-policies --coverage --fail-under 80\n  govlint test my-policies --format junit > rego-tests.xml\n\nExit codes: 0 all passed (and coverage at or above --fail-under), 1 a test failed, errored, ran past --timeout or --memory, or coverage is under --fail-under, 2 a policy does not parse (or a function is recursive, or loading ran past --load-timeout)."
    )]
    Test(TestArgs),
    /// Show a rule's documentation, or list every rule.
    #[command(
        after_help = "Examples:\n  govlint rule PIM001\n  govlint rule standing-active-privileged-assignment\n  govlint rule --all"
    )]
    Rule(RuleArgs),
    /// Record today's findings so `lint --baseline` fails only on new ones.
    #[command(
        after_help = "Examples:\n  govlint baseline snapshot.json -o govlint-baseline.json\n  govlint lint snapshot.json --baseline govlint-baseline.json\n\nExit codes: 0 written, 2 bad input, 3 written but the lint was incomplete (rules not evaluated are not in the baseline)."
    )]
    Baseline(BaselineArgs),
    /// Work with snapshot files.
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// Read a tenant from Microsoft Graph into a snapshot.
    #[command(after_help = crate::fetch::cli::FETCH_AFTER_HELP)]
    Fetch(crate::fetch::cli::FetchArgs),
    /// Print the Graph application permissions `fetch` needs, per area.
    #[command(
        after_help = "Examples:\n  govlint permissions\n  govlint permissions --only pim,ar --format json"
    )]
    Permissions(crate::permissions::PermissionsArgs),
    /// Answer questions from a snapshot: users, groups, sign-ins, risk, reviews, packages, roles.
    Show(crate::show::cli::ShowArgs),
    /// Plan, review and apply findings' remediations against the live tenant.
    #[command(after_help = crate::fix::cli::AFTER_HELP)]
    Fix(crate::fix::cli::FixArgs),
    /// PIM for yourself: your eligible and active roles and groups; activate and deactivate.
    #[command(after_help = crate::pim::cli::AFTER_HELP)]
    Pim(crate::pim::cli::PimArgs),
    /// Write the audit report (HTML or Markdown): completeness, findings, inventory.
    Report(crate::show::cli::ReportArgs),
    /// What changed in governance between two snapshots, and which findings are new or fixed.
    Diff(crate::diff::cli::DiffArgs),
    /// Evaluate a Rego query against a snapshot's input, as the rules see it.
    #[command(after_help = crate::evalcmd::EVAL_AFTER_HELP)]
    Eval(crate::evalcmd::EvalArgs),
    /// Write the input document a rule receives (for `opa eval -i` or an editor).
    #[command(after_help = crate::evalcmd::INPUT_AFTER_HELP)]
    Input(crate::evalcmd::InputArgs),
    /// Print the JSON Schema of the rule input, the snapshot, the findings JSON or govlint.toml.
    #[command(after_help = crate::schemas::cli::AFTER_HELP)]
    Schema(crate::schemas::cli::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  govlint completions bash > ~/.local/share/bash-completion/completions/govlint\n  govlint completions zsh > \"${fpath[1]}/_govlint\"\n  govlint completions fish > ~/.config/fish/completions/govlint.fish\n  govlint completions powershell | Out-String | Invoke-Expression   # in $PROFILE"
    )]
    Completions {
        #[arg(value_enum)]
        shell: crate::generate::Shell,
    },
    /// Print the man page (roff), e.g. `govlint man > /usr/local/share/man/man1/govlint.1`.
    Man {
        /// Write every page instead (govlint.1 and one per subcommand, e.g. govlint-lint.1)
        /// into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args)]
struct LintArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Report format on standard output (or to `-o FILE`).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// `FILE`: write the --format report to FILE instead of standard output.
    /// `FORMAT=FILE` (repeatable): also write a FORMAT report to FILE, e.g.
    /// `--output sarif=govlint.sarif --output junit=junit.xml`. Files are written atomically.
    #[arg(short, long, value_name = "[FORMAT=]FILE", value_parser = report::parse_output)]
    output: Vec<report::OutputArg>,
    /// Lowest severity that fails the run (exit 1) [default: low].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<SeverityArg>,
    /// Only findings not recorded in this baseline fail [default: `baseline` in govlint.toml].
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Human format: add each finding's fix, Graph requests, diff and fingerprint under it.
    #[arg(long)]
    show_fixes: bool,
    /// Human format: print the number of findings per rule instead of the findings.
    #[arg(long, conflicts_with_all = ["show_fixes", "quiet"])]
    statistics: bool,
    /// Human format: print only the summary line; the exit code is the gate.
    #[arg(short, long, conflicts_with = "show_fixes")]
    quiet: bool,
}

#[derive(Args)]
struct ExplainArgs {
    #[command(flatten)]
    run: RunArgs,
    /// A finding's fingerprint (or a unique prefix of at least 6 characters), or a rule code
    /// followed by the object's id or display name.
    #[arg(required = true, num_args = 1..=2, value_name = "FINGERPRINT | CODE OBJECT")]
    finding: Vec<String>,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Args)]
struct BaselineArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Where to write the baseline (atomically).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct TestArgs {
    /// Directories or files of Rego (rules and `*_test.rego`) [default: the built-in policies].
    paths: Vec<PathBuf>,
    /// Only tests whose full name (data.pkg.test_x) matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    run: Option<String>,
    /// Show every test with its duration, and print() output.
    #[arg(short, long)]
    verbose: bool,
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    format: TestFormat,
    /// Read Rego v0 syntax (`test_x { ... }` without `if`), as `opa test --v0-compatible`.
    #[arg(long)]
    v0_compatible: bool,
    /// How long one test may evaluate before it is stopped and reported as an error
    /// (e.g. `500ms`, `30s`, `2m`).
    #[arg(long, value_name = "DURATION", value_parser = crate::time::parse_duration, default_value = "10s")]
    timeout: std::time::Duration,
    /// How long loading and compiling the policies may take before the run stops with exit 2,
    /// naming the file.
    #[arg(long, value_name = "DURATION", value_parser = crate::time::parse_duration, default_value = "60s")]
    load_timeout: std::time::Duration,
    /// How much memory one test may hold before it is stopped and reported as an error
    /// (e.g. `512MiB`, `4GiB`).
    #[arg(long, value_name = "SIZE", value_parser = crate::engine::memory::parse_size, default_value = "2GiB")]
    memory: crate::engine::memory::Budget,
    /// Report line coverage of the policy files under test (not `*_test.rego`): covered and
    /// not covered lines per file and a percentage. With `--format json`, the report is
    /// `opa test --coverage`'s JSON instead of the test results.
    #[arg(long)]
    coverage: bool,
    /// Exit 1 when coverage is under PERCENT (implies --coverage).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    fail_under: Option<f64>,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a percentage from 0 to 100")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    Text,
    Json,
    /// JUnit XML for CI test views; with --coverage, the coverage summary goes to stderr.
    Junit,
}

#[derive(Args)]
struct RuleArgs {
    /// Rule code or name.
    #[arg(required_unless_present = "all")]
    rule: Option<String>,
    /// List every rule: code, name, severity, area, title.
    #[arg(long)]
    all: bool,
}

#[derive(Subcommand)]
enum SnapshotCommand {
    /// Check a snapshot file (hand-made or fetched) and summarise what it holds.
    Validate { file: PathBuf },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return exit::code(if e.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::CLEAN
            });
        }
    };
    let result = match cli.command {
        Command::Lint(a) => lint(a),
        Command::Test(a) => test(a),
        Command::Rule(a) => rule(a),
        Command::Baseline(a) => baseline(a),
        Command::Explain(a) => explain(a),
        Command::Snapshot(SnapshotCommand::Validate { file }) => validate(&file),
        Command::Fetch(a) => crate::fetch::cli::run(a),
        Command::Permissions(a) => crate::permissions::run(a),
        Command::Show(a) => crate::show::cli::run(a),
        Command::Fix(a) => crate::fix::cli::run(a),
        Command::Pim(a) => crate::pim::cli::run(a),
        Command::Report(a) => crate::show::cli::run_report(a),
        Command::Diff(a) => crate::diff::cli::run(a),
        Command::Eval(a) => crate::evalcmd::run_eval(a),
        Command::Input(a) => crate::evalcmd::run_input(a),
        Command::Schema(a) => crate::schemas::cli::run(a),
        Command::Completions { shell } => {
            print_generated(Ok(crate::generate::completions(Cli::command(), shell)))
        }
        Command::Man { dir: None } => print_generated(crate::generate::man_page(Cli::command())),
        Command::Man { dir: Some(dir) } => crate::generate::man_pages_to(Cli::command(), &dir)
            .map(|()| exit::CLEAN)
            .map_err(|e| {
                miette::Report::new(diag::plain(format!(
                    "cannot write man pages to {}: {e}",
                    dir.display()
                )))
            }),
    };
    match result {
        Ok(code) => exit::code(code),
        Err(report) => {
            eprintln!("{report:?}");
            exit::code(exit::BAD_INPUT)
        }
    }
}

type CmdResult = Result<u8, miette::Report>;

fn print_generated(bytes: std::io::Result<Vec<u8>>) -> CmdResult {
    bytes
        .and_then(|b| crate::generate::print(&b))
        .map_err(|e| miette::Report::new(diag::plain(format!("cannot write: {e}"))))?;
    Ok(exit::CLEAN)
}

fn lint(a: LintArgs) -> CmdResult {
    let outputs = report::plan(a.format, &a.output)
        .map_err(|e| miette::Report::new(diag::plain(format!("--output: {e}"))))?;
    if a.format != Format::Human {
        let flag = [
            (a.show_fixes, "--show-fixes"),
            (a.statistics, "--statistics"),
            (a.quiet, "--quiet"),
        ]
        .into_iter()
        .find_map(|(on, flag)| on.then_some(flag));
        if let Some(flag) = flag {
            return Err(miette::Report::new(diag::Plain {
                message: format!(
                    "{flag} shapes the human report; --format is {}",
                    a.format.name()
                ),
                help: Some(
                    "drop --format, or write the other report with --output FORMAT=FILE".into(),
                ),
            }));
        }
    }
    let Ran {
        config,
        linter,
        rules,
        mut result,
    } = run_lint(&a.run)?;
    apply_gate(
        &mut result,
        &linter,
        &config,
        a.baseline.as_ref().or(config.baseline.as_ref()),
    )?;
    let fail_on = a
        .fail_on
        .map(Severity::from)
        .or(config.fail_on)
        .unwrap_or(Severity::Low);
    let color = use_color(a.color);
    // The reports that list every rule (SARIF descriptors, JUnit cases) list the selection.
    let run_rules: Vec<&crate::engine::RuleMeta> = rules.iter().collect();
    let snapshot_path = a.run.snapshot.to_string_lossy();
    let ctx = report::Context {
        rules: &run_rules,
        snapshot_path: &snapshot_path,
    };
    for (format, path) in &outputs {
        let color = color && path.is_none() && matches!(format, Format::Human | Format::Full);
        let text = if *format == Format::Human {
            let options = report::human::Options {
                color,
                width: if path.is_none() {
                    terminal_width()
                } else {
                    None
                },
                show_fixes: a.show_fixes,
                fail_on,
                view: if a.quiet {
                    report::human::View::Quiet
                } else if a.statistics {
                    report::human::View::Statistics
                } else {
                    report::human::View::Findings
                },
            };
            report::human::render(&result, &options)
        } else {
            report::render(*format, &result, &ctx, color)
        };
        emit(path.as_deref(), &text)?;
    }
    if outputs.iter().any(|(f, _)| *f == Format::Github) {
        if let Some(p) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            let md = report::render(Format::Markdown, &result, &ctx, false);
            if let Err(e) = report::github::append_step_summary(Path::new(&p), &md) {
                eprintln!("warning: cannot append to $GITHUB_STEP_SUMMARY: {e}");
            }
        }
    }
    Ok(result.exit_code(fail_on))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Applies the configured waivers and the baseline at `baseline` (if any) to `result`, as
/// `lint` and `explain` both must, so a hidden finding is hidden for the same reason in each.
/// Lints as `lint` would (waivers and the baseline applied, so a hidden finding says why) and
/// prints the findings the query names.
fn explain(a: ExplainArgs) -> CmdResult {
    let Ran {
        config,
        linter,
        mut result,
        ..
    } = run_lint(&a.run)?;
    apply_gate(&mut result, &linter, &config, config.baseline.as_ref())?;
    let all = crate::explain::entries(&result);
    match crate::explain::find(&all, &a.finding) {
        crate::explain::Outcome::Found(found) => {
            let color = use_color(a.color);
            let text: Vec<String> = found
                .iter()
                .map(|e| crate::explain::render(e, color))
                .collect();
            emit(None, &text.join("\n"))?;
            if !result.not_evaluated.is_empty() || !result.errors.is_empty() {
                eprintln!(
                    "note: the lint was incomplete ({} rules not evaluated, {} errored): other findings may be missing",
                    result.not_evaluated.len(),
                    result.errors.len()
                );
            }
            Ok(exit::CLEAN)
        }
        crate::explain::Outcome::NotFound(near) => {
            // Plain lines, not a wrapped diagnostic: the candidates are meant to be copied.
            eprintln!(
                "error: no single finding `{}` in this lint",
                a.finding.join(" ")
            );
            if near.is_empty() {
                eprintln!(
                    "the lint has no findings; `govlint lint SNAPSHOT` shows what was evaluated"
                );
            } else {
                eprintln!("the closest findings (fingerprint, rule, object):");
                for e in &near {
                    eprintln!("  {}", crate::explain::candidate(e));
                }
            }
            Ok(exit::BAD_INPUT)
        }
    }
}

/// The columns to cut finding lines to: the terminal's when standard output is one, else
/// `$COLUMNS` when set (scripts and tests ask for a width that way), else none (whole lines).
fn terminal_width() -> Option<usize> {
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return Some(usize::from(w));
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
}

fn baseline(a: BaselineArgs) -> CmdResult {
    let Ran { result, .. } = run_lint(&a.run)?;
    let file = crate::gate::baseline_of(&result);
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    emit(Some(&a.output), &text)?;
    eprintln!(
        "{}: {} findings recorded",
        a.output.display(),
        file.entries.len()
    );
    if !result.not_evaluated.is_empty() || !result.errors.is_empty() {
        eprintln!("warning: the lint was incomplete; rules not evaluated have no entries in this baseline");
        return Ok(exit::INCOMPLETE);
    }
    Ok(exit::CLEAN)
}

fn test(a: TestArgs) -> CmdResult {
    let filter = a
        .run
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| miette::Report::new(diag::plain(format!("--run: {e}"))))?;
    let options = regotest::Options {
        v0_compatible: a.v0_compatible,
    };
    let config = Config {
        load_timeout: a.load_timeout,
        ..Config::defaults()
    };
    let mut suite = if a.paths.is_empty() {
        regotest::load_with(&policy::builtin_rego(), &[], &config, options)?
    } else {
        regotest::load_paths(&a.paths, &config, options)?
    };
    suite.timeout = a.timeout;
    suite.memory = a.memory;
    suite.coverage = a.coverage || a.fail_under.is_some();
    let (results, coverage) = suite.run_covered(filter.as_ref());
    let text = match (a.format, &coverage) {
        (TestFormat::Text, None) => regotest::render_text(&results, a.verbose),
        (TestFormat::Text, Some(c)) => {
            regotest::render_text(&results, a.verbose) + &c.render_text()
        }
        (TestFormat::Json, None) => {
            serde_json::to_string_pretty(&results).unwrap_or_default() + "\n"
        }
        (TestFormat::Json, Some(c)) => {
            serde_json::to_string_pretty(&c.to_json()).unwrap_or_default() + "\n"
        }
        (TestFormat::Junit, c) => {
            if let Some(c) = c {
                eprint!("{}", c.render_text());
            }
            crate::regotest_junit::render(&results)
        }
    };
    emit(None, &text)?;
    let failed = results.iter().any(|r| {
        matches!(
            r.outcome,
            regotest::Outcome::Fail | regotest::Outcome::Error
        )
    });
    if results.iter().all(|r| r.outcome == regotest::Outcome::Skip) {
        eprintln!("no tests found");
        return Ok(exit::FINDINGS);
    }
    if failed {
        return Ok(exit::FINDINGS);
    }
    if let (Some(want), Some(c)) = (a.fail_under, &coverage) {
        if c.percent() < want {
            eprintln!("coverage {:.2}% is under --fail-under {want}%", c.percent());
            return Ok(exit::FINDINGS);
        }
    }
    Ok(exit::CLEAN)
}

fn rule(a: RuleArgs) -> CmdResult {
    let config = Config::defaults();
    let files = policy::rule_files(&config.policy_dirs, &[])?;
    let linter = Linter::new(&files, &config)?;
    if a.all {
        let mut out = String::new();
        for r in linter.rules() {
            out.push_str(&format!(
                "{:<7} {:<44} {:<8} {:<5} {}\n",
                r.code, r.name, r.severity, r.area, r.title
            ));
        }
        out.push_str(&format!("{} rules\n", linter.rules().len()));
        emit(None, &out)?;
        return Ok(exit::CLEAN);
    }
    let q = a.rule.unwrap_or_default();
    let Some(meta) = linter
        .rules()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(&q) || r.name.eq_ignore_ascii_case(&q))
    else {
        return Err(miette::Report::new(diag::Plain {
            message: format!("no rule `{q}`"),
            help: Some("`govlint rule --all` lists codes and names".into()),
        }));
    };
    let mut out = match ruledoc::find(&meta.code) {
        Some(d) => d.markdown.to_string(),
        None => format!("# {} {}\n\n{}\n", meta.code, meta.name, meta.title),
    };
    out.push_str(&format!(
        "\n## In this build\n\nSeverity: {} · Area: {} · Reads: {}\n",
        meta.severity,
        meta.area,
        meta.reads.join(", ")
    ));
    for key in &meta.config {
        out.push_str(&format!("\n`{key}` (override in govlint.toml):\n"));
        match &config.data[key] {
            serde_json::Value::Object(m) if key.ends_with("_roles") => {
                for (id, v) in m {
                    out.push_str(&format!(
                        "  {id}  {}  ({})\n",
                        v["displayName"].as_str().unwrap_or(""),
                        v["source"].as_str().unwrap_or("")
                    ));
                }
            }
            v => out.push_str(&format!(
                "  {}\n",
                serde_json::to_string_pretty(v).unwrap_or_default()
            )),
        }
    }
    emit(None, &out)?;
    Ok(exit::CLEAN)
}

fn validate(file: &Path) -> CmdResult {
    let snap = snapshot::load(file)?;
    let mut out = format!(
        "{}: valid govlint.snapshot/v1 · tenant {} · fetched {}\n",
        file.display(),
        snap.tenant.id,
        snap.fetched_at
    );
    let mut incomplete = false;
    for (name, c) in &snap.collections {
        out.push_str(&format!(
            "  {name:<40} {:<11} {:>9} items\n",
            c.status.as_str(),
            c.items.len()
        ));
        if let Some(reason) = c.unusable_reason(name) {
            incomplete = true;
            out.push_str(&format!("    {reason}\n"));
        }
    }
    emit(None, &out)?;
    Ok(if incomplete {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    })
}
