//! `govlint pim status | activate | deactivate`.

use clap::{Args, Subcommand, ValueEnum};

use super::{Grant, Outcome};
use crate::fix::connect::{self, ConnectArgs};
use crate::{diag, exit};

pub const AFTER_HELP: &str = "\
Sign in as yourself: `az login` then --auth azure-cli, or --auth device-code (a delegated
sign-in; PIM activates roles for people, not apps).

Examples:
  govlint pim status
  govlint pim activate \"User Administrator\" --justification \"INC-4411 reset MFA\" --duration PT2H
  govlint pim activate \"Tier0 Admins\" --group --justification \"patch night\" --ticket CHG-77
  govlint pim deactivate \"User Administrator\"

Exit codes:
  0  done (status printed; the role or membership is active, or deactivated)
  2  usage error, or you are not eligible for (or not active in) that role or group
  4  authentication or network failure
  5  the request waits for approval (nothing is active yet)
  6  PIM refused it: the policy needs MFA, a justification or a ticket, or allows a shorter
     duration (the message names the rule)";

/// Exit code: the activation waits for an approver.
pub const PENDING_APPROVAL: u8 = 5;
/// Exit code: the role's PIM policy refused the request.
pub const REFUSED: u8 = 6;

#[derive(Args)]
pub struct PimArgs {
    #[command(subcommand)]
    command: PimCommand,
    #[command(flatten)]
    connect: ConnectArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum PimCommand {
    /// My eligible and active roles and group memberships, with their end times.
    Status {
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
    },
    /// Activate an eligible role (or, with --group, a group membership) for a while.
    Activate {
        /// Role name or role definition id (with --group: group name or id).
        role: String,
        /// Why: shown to approvers and kept in the audit log.
        #[arg(long)]
        justification: String,
        /// How long, ISO 8601 (`PT2H`, `PT30M`) [default: the policy's maximum].
        #[arg(long, value_name = "DURATION")]
        duration: Option<String>,
        /// A ticket number, when the policy requires one.
        #[arg(long, value_name = "N")]
        ticket: Option<String>,
        /// ROLE names a PIM for Groups membership (or ownership with --access owner).
        #[arg(long)]
        group: bool,
        #[arg(long, value_enum, default_value_t = Access::Member, requires = "group")]
        access: Access,
    },
    /// End an active activation before it expires.
    Deactivate {
        role: String,
        #[arg(long)]
        group: bool,
        #[arg(long, value_enum, default_value_t = Access::Member, requires = "group")]
        access: Access,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Access {
    Member,
    Owner,
}

impl Access {
    fn as_str(self) -> &'static str {
        match self {
            Access::Member => "member",
            Access::Owner => "owner",
        }
    }
}

fn usage(m: impl Into<String>) -> miette::Report {
    miette::Report::new(diag::plain(m.into()))
}

fn until(g: &Grant) -> String {
    g.end.clone().unwrap_or_else(|| "permanent".into())
}

fn render(s: &super::Status) -> String {
    let mut out = String::new();
    for (title, list) in [("Eligible", &s.eligible), ("Active", &s.active)] {
        out.push_str(&format!("{title}:\n"));
        if list.is_empty() {
            out.push_str("  (none)\n");
        }
        for g in list {
            let what = if g.kind == "role" {
                format!("role  {} (scope {})", g.name, g.scope)
            } else {
                format!("group {} ({})", g.name, g.scope)
            };
            let how = g
                .assignment_type
                .as_deref()
                .map(|t| format!(" [{t}]"))
                .unwrap_or_default();
            out.push_str(&format!("  {what}{how} until {}\n", until(g)));
        }
    }
    out
}

/// The one grant of `list` that `query` names (name or id, of the wanted kind and access).
fn pick<'a>(
    list: &'a [Grant],
    query: &str,
    group: bool,
    access: Access,
) -> Result<&'a Grant, String> {
    let kind = if group { "group" } else { "role" };
    let found: Vec<&Grant> = list
        .iter()
        .filter(|g| g.kind == kind)
        .filter(|g| !group || g.scope == access.as_str())
        .filter(|g| g.id.eq_ignore_ascii_case(query) || g.name.eq_ignore_ascii_case(query))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("`{query}` is not a {kind} you hold this way")),
        many => Err(format!(
            "`{query}` names {} {kind}s (at different scopes); give the id",
            many.len()
        )),
    }
}

pub fn run(a: PimArgs) -> Result<u8, miette::Report> {
    if let PimCommand::Activate {
        duration: Some(d), ..
    } = &a.command
    {
        let iso = d.len() > 1
            && d.starts_with('P')
            && d[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || "YMWDTHS".contains(c));
        if !iso {
            return Err(usage(format!(
                "--duration {d}: give an ISO 8601 duration such as PT2H"
            )));
        }
    }
    let client = match connect::client(&a.connect)? {
        Ok(c) => c,
        Err(e) => {
            eprintln!("govlint pim: error: {e}");
            return Ok(exit::FETCH_FAILED);
        }
    };
    let rt = connect::runtime().map_err(usage)?;
    rt.block_on(async move {
        let status = match super::status(&client).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("govlint pim: error: {e}");
                return Ok(exit::FETCH_FAILED);
            }
        };
        match a.command {
            PimCommand::Status { format } => {
                let text = match format {
                    StatusFormat::Text => render(&status),
                    StatusFormat::Json => {
                        serde_json::to_string_pretty(&status).unwrap_or_default() + "\n"
                    }
                };
                crate::output::emit(None, &text)?;
                Ok(exit::CLEAN)
            }
            PimCommand::Activate {
                role,
                justification,
                duration,
                ticket,
                group,
                access,
            } => {
                let grant = pick(&status.eligible, &role, group, access).map_err(usage)?;
                let me = match super::me(&client).await {
                    Ok(m) => m,
                    Err(e) => {
                        eprintln!("govlint pim: error: {e}");
                        return Ok(exit::FETCH_FAILED);
                    }
                };
                let start = jiff::Timestamp::now().to_string();
                let body = super::request_body(
                    "selfActivate",
                    &me,
                    grant,
                    Some(&justification),
                    Some(duration.as_deref().unwrap_or("PT8H")),
                    ticket.as_deref(),
                    &start,
                );
                let path = if group {
                    super::GROUP_REQUESTS
                } else {
                    super::ROLE_REQUESTS
                };
                report(super::send(&client, path, &body).await, &grant.name, true)
            }
            PimCommand::Deactivate {
                role,
                group,
                access,
            } => {
                let grant = pick(&status.active, &role, group, access).map_err(usage)?;
                let me = match super::me(&client).await {
                    Ok(m) => m,
                    Err(e) => {
                        eprintln!("govlint pim: error: {e}");
                        return Ok(exit::FETCH_FAILED);
                    }
                };
                let body = super::request_body("selfDeactivate", &me, grant, None, None, None, "");
                let path = if group {
                    super::GROUP_REQUESTS
                } else {
                    super::ROLE_REQUESTS
                };
                report(super::send(&client, path, &body).await, &grant.name, false)
            }
        }
    })
}

fn report(
    outcome: Result<Outcome, String>,
    name: &str,
    activate: bool,
) -> Result<u8, miette::Report> {
    match outcome {
        Err(e) => {
            eprintln!("govlint pim: error: {e}");
            Ok(exit::FETCH_FAILED)
        }
        Ok(Outcome::Done(v)) => {
            if activate {
                let d = v["scheduleInfo"]["expiration"]["duration"]
                    .as_str()
                    .unwrap_or("?");
                println!(
                    "{name}: active for {d} (request {}, status {})",
                    v["id"].as_str().unwrap_or("?"),
                    v["status"].as_str().unwrap_or("?")
                );
            } else {
                println!(
                    "{name}: deactivated (request {}, status {})",
                    v["id"].as_str().unwrap_or("?"),
                    v["status"].as_str().unwrap_or("?")
                );
            }
            Ok(exit::CLEAN)
        }
        Ok(Outcome::PendingApproval(v)) => {
            println!(
                "{name}: the request waits for approval (request {}); it becomes active once approved",
                v["id"].as_str().unwrap_or("?")
            );
            Ok(PENDING_APPROVAL)
        }
        Ok(Outcome::Refused(rules, message)) => {
            let mut hints = Vec::new();
            for r in &rules {
                hints.push(match r.as_str() {
                    "MfaRule" => "the policy requires multifactor authentication: sign in again with MFA (az login, or --auth device-code) and retry",
                    "ExpirationRule" => "the policy allows a shorter activation: ask for less with --duration",
                    "JustificationRule" => "the policy requires a justification",
                    "TicketingRule" => "the policy requires a ticket: pass --ticket",
                    _ => "see the role's PIM settings",
                });
            }
            eprintln!("govlint pim: PIM refused the request ({message})");
            for h in hints {
                eprintln!("  {h}");
            }
            Ok(REFUSED)
        }
    }
}
