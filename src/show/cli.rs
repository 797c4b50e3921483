//! The `show` and `report` subcommands: arguments and what they run.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use super::render::{render, ShowFormat};
use super::{answer, audit, Question, Which};
use crate::output::emit;
use crate::{diag, exit, snapshot};

const SHOW_AFTER_HELP: &str = "\
Names match by display name, id, user principal name or mail, ignoring case; a part of a display
name works when it picks one object. An ambiguous name lists the candidates, an unknown one the
closest names.

Examples:
  govlint show user alex@contoso.com
  govlint show users --enabled --created-within 30
  govlint show users --guests --format csv > guests.csv
  govlint show group \"Tier0 Admins\"
  govlint show group \"Tier0 Admins\" --member alex@contoso.com
  govlint show groups --name-starts-with Fin
  govlint show sign-ins --user alex@contoso.com --top 10
  govlint show sign-ins --user alex@contoso.com --failed
  govlint show sign-ins --location Lagos
  govlint show risky-users --level high
  govlint show reviews --pending --top 10
  govlint show review \"Q2 finance review\"
  govlint show decisions --review \"Q2 finance review\" --format csv > decisions.csv
  govlint show decisions --overrides
  govlint show reviews --reviewer joey@contoso.com
  govlint show catalogs
  govlint show packages --name-contains finance --format json
  govlint show assignments --user alex@contoso.com
  govlint show roles --user \"Ava Admin\" --eligible
  govlint show role \"Global Administrator\" --active
  govlint show agents
  govlint show app \"Payroll Sync\" --format json

Exit codes: 0 answered, 2 bad input (unreadable snapshot, unknown or ambiguous name),
3 answered, but a collection the answer reads is not complete in the snapshot.";

#[derive(Args)]
#[command(after_help = SHOW_AFTER_HELP)]
pub struct ShowArgs {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    question: ShowCommand,
}

#[derive(Args)]
struct Common {
    /// The snapshot to read [env: GOVLINT_SNAPSHOT] [default: snapshot.json].
    #[arg(long, global = true, value_name = "FILE")]
    snapshot: Option<PathBuf>,
    /// How to print the answer; csv holds the main table.
    #[arg(long, global = true, value_enum, default_value_t = ShowFormat::Table)]
    format: ShowFormat,
    /// The time ages and "in effect" are measured against [default: the snapshot's fetchedAt].
    #[arg(long, global = true, value_name = "RFC3339")]
    now: Option<String>,
}

#[derive(Args)]
#[command(group(ArgGroup::new("which").args(["eligible", "active"])))]
struct RoleFilter {
    /// Only eligible assignments.
    #[arg(long)]
    eligible: bool,
    /// Only active assignments (standing and activated).
    #[arg(long)]
    active: bool,
    /// Also assignments not in effect now (expired or not yet started).
    #[arg(long)]
    all: bool,
}

impl RoleFilter {
    fn which(&self) -> Which {
        match (self.eligible, self.active) {
            (true, _) => Which::Eligible,
            (_, true) => Which::Active,
            _ => Which::Both,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RiskLevel {
    Low,
    Medium,
    High,
}

#[derive(Subcommand)]
enum ShowCommand {
    /// One user's dossier: account, sponsors, sign-ins, authentication methods, risk, groups,
    /// roles, access packages, access reviews and the lint findings that name them.
    User {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
    },
    /// Users, optionally filtered by creation time, state, type and name.
    #[command(group(ArgGroup::new("state").args(["enabled", "disabled"])))]
    Users {
        /// Only users created in the last DAYS days.
        #[arg(long, value_name = "DAYS")]
        created_within: Option<u32>,
        /// Only enabled accounts.
        #[arg(long)]
        enabled: bool,
        /// Only disabled accounts.
        #[arg(long)]
        disabled: bool,
        /// Only guests (userType Guest).
        #[arg(long)]
        guests: bool,
        /// Only users whose display name or user principal name starts with TEXT.
        #[arg(long, value_name = "TEXT")]
        name_starts_with: Option<String>,
    },
    /// One group: kind, owners, member counts, who created it, the roles it grants and what
    /// uses it; with `--member USER`, whether USER is a member (and through which groups).
    Group {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
        /// Answer whether this user (or group) is a member, directly or through nesting.
        #[arg(long, value_name = "USER")]
        member: Option<String>,
    },
    /// Groups, optionally those whose name starts with TEXT.
    Groups {
        #[arg(long, value_name = "TEXT")]
        name_starts_with: Option<String>,
    },
    /// Sign-ins in the snapshot's window, newest first.
    SignIns {
        /// Only this user's.
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// Only failed sign-ins.
        #[arg(long)]
        failed: bool,
        /// Only sign-ins whose city, state or country contains TEXT.
        #[arg(long, value_name = "TEXT")]
        location: Option<String>,
        /// Only sign-ins to apps whose name contains TEXT (or with app id TEXT).
        #[arg(long, value_name = "TEXT")]
        app: Option<String>,
        /// Only the newest N.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
    },
    /// Risky users (Identity Protection), highest risk first.
    RiskyUsers {
        /// Only users at this risk level.
        #[arg(long, value_enum)]
        level: Option<RiskLevel>,
    },
    /// Access reviews: the pending ones (`--pending`), or those with `--reviewer NAME`.
    #[command(group(ArgGroup::new("q").args(["pending", "reviewer"]).required(true)))]
    Reviews {
        /// Unfinished review instances, most overdue first, then the oldest.
        #[arg(long)]
        pending: bool,
        /// Only the first N.
        #[arg(long, value_name = "N", requires = "pending")]
        top: Option<usize>,
        /// Reviews in which this user is a reviewer (assigned, contacted or deciding).
        #[arg(long, value_name = "NAME")]
        reviewer: Option<String>,
    },
    /// One access review: scope, settings, reviewers and instances.
    Review {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
    },
    /// Review decisions: who approved or denied (`--review NAME`), or decisions against the
    /// recommendation (`--overrides`).
    #[command(group(ArgGroup::new("q").args(["review", "overrides"]).required(true).multiple(true)))]
    Decisions {
        #[arg(long, value_name = "NAME")]
        review: Option<String>,
        /// Only decisions that approved what the recommendation said to deny, or the reverse.
        #[arg(long)]
        overrides: bool,
    },
    /// Access package catalogs, with their package, resource and extension counts.
    Catalogs,
    /// One catalog: its access packages, resources and custom extensions.
    Catalog {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
    },
    /// Access packages, optionally those whose name contains a fragment.
    Packages {
        #[arg(long, value_name = "TEXT")]
        name_contains: Option<String>,
    },
    /// One access package: resource role scopes, policies and assignments.
    Package {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
    },
    /// A user's access package assignments.
    Assignments {
        #[arg(long, value_name = "NAME", required = true)]
        user: String,
    },
    /// A connected organization's sponsors and external users.
    ConnectedOrg {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
    },
    /// A user's directory roles (PIM), eligible and active, in effect now.
    Roles {
        #[arg(long, value_name = "NAME", required = true)]
        user: String,
        #[command(flatten)]
        filter: RoleFilter,
    },
    /// Who holds a directory role, eligible and active, in effect now.
    Role {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
        #[command(flatten)]
        filter: RoleFilter,
    },
    /// Agent identities (blueprint, sponsors, application permissions, roles, last sign-in)
    /// and agent users (sponsors).
    Agents,
    /// One application or service principal (by name, appId or id): owners, credentials with
    /// their expiry, application permissions and directory roles.
    App {
        #[arg(required = true, num_args = 1.., value_name = "NAME")]
        name: Vec<String>,
    },
}

fn question(cmd: ShowCommand) -> Question {
    let join = |v: Vec<String>| v.join(" ");
    match cmd {
        ShowCommand::User { name } => Question::User { name: join(name) },
        ShowCommand::Users {
            created_within,
            enabled,
            disabled,
            guests,
            name_starts_with,
        } => Question::Users(super::users::Filter {
            created_within,
            enabled: match (enabled, disabled) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            guests,
            name_starts_with,
        }),
        ShowCommand::Group { name, member } => Question::Group {
            name: join(name),
            member,
        },
        ShowCommand::Groups { name_starts_with } => Question::Groups { name_starts_with },
        ShowCommand::SignIns {
            user,
            failed,
            location,
            app,
            top,
        } => Question::SignIns(super::signins::Filter {
            user,
            failed,
            location,
            app,
            top,
        }),
        ShowCommand::RiskyUsers { level } => Question::RiskyUsers {
            level: level.map(|l| {
                match l {
                    RiskLevel::Low => "low",
                    RiskLevel::Medium => "medium",
                    RiskLevel::High => "high",
                }
                .to_string()
            }),
        },
        ShowCommand::Reviews {
            reviewer: Some(r), ..
        } => Question::ReviewsOf { reviewer: r },
        ShowCommand::Reviews { top, .. } => Question::PendingReviews { top },
        ShowCommand::Review { name } => Question::Review { name: join(name) },
        ShowCommand::Decisions {
            review: Some(review),
            overrides,
        } => Question::Decisions { review, overrides },
        ShowCommand::Decisions { review: None, .. } => Question::Overrides,
        ShowCommand::Catalogs => Question::Catalogs,
        ShowCommand::Catalog { name } => Question::Catalog { name: join(name) },
        ShowCommand::Packages { name_contains } => Question::Packages { name_contains },
        ShowCommand::Package { name } => Question::Package { name: join(name) },
        ShowCommand::Assignments { user } => Question::Assignments { user },
        ShowCommand::ConnectedOrg { name } => Question::ConnectedOrg { name: join(name) },
        ShowCommand::Roles { user, filter } => Question::RolesOf {
            user,
            which: filter.which(),
            all: filter.all,
        },
        ShowCommand::Role { name, filter } => Question::Role {
            name: join(name),
            which: filter.which(),
            all: filter.all,
        },
        ShowCommand::Agents => Question::Agents,
        ShowCommand::App { name } => Question::App { name: join(name) },
    }
}

/// `--snapshot`, else `$GOVLINT_SNAPSHOT`, else `snapshot.json`.
fn snapshot_path(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| {
        std::env::var_os("GOVLINT_SNAPSHOT")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(|| PathBuf::from("snapshot.json"))
}

fn parse_now(
    now: Option<&str>,
    snap: &snapshot::Snapshot,
) -> Result<jiff::Timestamp, miette::Report> {
    match now {
        Some(n) => crate::time::parse_rfc3339(n)
            .map_err(|e| miette::Report::new(diag::plain(format!("--now: {e}")))),
        None => Ok(snap.fetched_at),
    }
}

/// Runs `govlint show …`; the exit code, or the diagnostic of bad input (exit 2).
pub fn run(args: ShowArgs) -> Result<u8, miette::Report> {
    let path = snapshot_path(args.common.snapshot);
    let question = question(args.question);
    // `show user` lints, and looks a user's sign-ins up (`user::SIFTS`).
    let sifts = match question {
        Question::User { .. } => super::user::SIFTS,
        _ => &[],
    };
    let snap = snapshot::load_sifting(&path, sifts)?;
    let now = parse_now(args.common.now.as_deref(), &snap)?;
    let started = std::time::Instant::now();
    let answered = answer(&snap, now, &question);
    crate::timing::phase("show: answer", started);
    // The process ends right after the answer is written: freeing a large snapshot's tree
    // (millions of values) would only delay the exit, by seconds at full size (benches/README.md).
    std::mem::forget(snap);
    let view = answered.map_err(super::Miss::into_report)?;
    emit(None, &render(&view, args.common.format))?;
    if view.incomplete.is_empty() {
        return Ok(exit::CLEAN);
    }
    if args.common.format != ShowFormat::Table {
        for reason in &view.incomplete {
            eprintln!("warning: may be incomplete: {reason}");
        }
    }
    Ok(exit::INCOMPLETE)
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (inline CSS and SVG charts, no scripts, works offline).
    Html,
    /// The same content as Markdown text.
    Markdown,
}

#[derive(Args)]
#[command(after_help = "\
Examples:
  govlint report snapshot.json -o report.html
  govlint report snapshot.json -o report.md --format markdown
  govlint report snapshot.json --config govlint.toml --now 2026-12-01T00:00:00Z -o report.html

Exit codes: 0 written, 2 bad input, 3 written, but rules could not be evaluated or a section
could not be read whole (the report says which and why).")]
pub struct ReportArgs {
    /// The snapshot to report on.
    snapshot: PathBuf,
    /// Where to write the report (atomically) [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Configuration (waivers, thresholds, role lists) [default: the built-in defaults].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The time rules measure ages against [default: the snapshot's fetchedAt].
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// How long one rule may evaluate before it is stopped and reported as an error (exit 3)
    /// [default: `[limits] rule_timeout` in the config, else 10s].
    #[arg(long, value_name = "DURATION", value_parser = crate::time::parse_duration)]
    rule_timeout: Option<std::time::Duration>,
}

/// Runs `govlint report …`.
pub fn run_report(args: ReportArgs) -> Result<u8, miette::Report> {
    let mut config = match &args.config {
        Some(p) => {
            crate::config::Config::load(p).map_err(|e| miette::Report::new(diag::Error::from(e)))?
        }
        None => crate::config::Config::defaults(),
    };
    if let Some(t) = args.rule_timeout {
        config.rule_timeout = t;
    }
    let snap = snapshot::load(&args.snapshot)?;
    let now = parse_now(args.now.as_deref(), &snap)?;
    let result = audit::lint_builtin(&snap, now, &config, &Default::default())?;
    let doc = audit::Audit::new(&snap, now, &config, result);
    // As in `show`: the process ends once the report is written; freeing the tree is wasted time.
    std::mem::forget(snap);
    let text = match args.format {
        ReportFormat::Html => audit::html(&doc),
        ReportFormat::Markdown => audit::markdown(&doc),
    };
    emit(args.output.as_deref(), &text)?;
    if let Some(p) = &args.output {
        eprintln!(
            "{}: audit report written ({} findings)",
            p.display(),
            doc.result.findings.len()
        );
    }
    Ok(if doc.is_complete() {
        exit::CLEAN
    } else {
        exit::INCOMPLETE
    })
}
