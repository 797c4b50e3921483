//! The `govlint fetch` subcommand.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use reqwest::Url;

use super::auth::{self, Auth, AuthKind, Credentials, Secret};
use super::checkpoint::Checkpoint;
use super::client::{Client, Settings};
use super::collections::{self, Area, GroupMembers};
use crate::snapshot::{Cloud, Status};
use crate::{diag, exit};

pub const FETCH_AFTER_HELP: &str = "\
Credentials (Azure SDK environment convention; flags override, secrets never come from a flag):
  AZURE_TENANT_ID, AZURE_CLIENT_ID      the tenant and the app registration
  AZURE_CLIENT_SECRET                   client secret (or --client-secret-file)
  AZURE_CLIENT_CERTIFICATE_PATH         certificate with its private key: PEM (plain or encrypted
                                        PKCS#8) or PFX/PKCS#12
  AZURE_CLIENT_CERTIFICATE_PASSWORD     the PFX's or encrypted key's password
  AZURE_CLIENT_SEND_CERTIFICATE_CHAIN   true: send the chain (x5c) for subject name/issuer auth
  AZURE_FEDERATED_TOKEN_FILE            workload identity federation (Kubernetes, any OIDC issuer)
  ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN    GitHub Actions OIDC (`permissions: id-token: write`)
  SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID
                                        Azure Pipelines OIDC (a workload identity federation
                                        service connection; map $(System.AccessToken))
  IDENTITY_ENDPOINT, IDENTITY_HEADER    App Service managed identity (IMDS otherwise)
  AZURE_AUTHORITY_HOST                  authority override (as --authority-url)
Without --auth the first available is used, in the order above, then the Azure CLI login,
then a device code sign-in when at a terminal.

Areas (--only): users (users, guests' sponsors, sign-in activity, MFA registration, the
authorization policy), groups (with their members and owners), signins (sign-ins over
--sign-ins-since), audit (group creations in the directory audit log, the last 30 days), pim
(roles, assignments, eligibilities, activations, PIM policies, PIM for groups), risk (risky
users, risk detections), ar (access reviews), em (entitlement management);
prv = users,pim,risk,signins and ext = users,em (the rule areas).
`govlint permissions` prints the application permissions and licences each area needs.
Sign-ins are written to FILE.signIns.spool beside the snapshot while they are read (removed
once the snapshot is written): millions of them are never held in memory.

Examples:
  govlint fetch -o snapshot.json
  govlint fetch -o snapshot.json --only pim,users --cloud usgov
  govlint fetch -o snapshot.json --sign-ins-since 30d --sign-ins failures
  govlint fetch -o snapshot.json --group-members privileged      (a huge tenant)
  govlint fetch --graph-url http://127.0.0.1:8080 --authority-url http://127.0.0.1:8080

Exit codes:
  0  snapshot written, every collection complete
  3  snapshot written, some collections unavailable or partial (their rules will not be evaluated)
  4  fetch failed (auth, network, persistent throttling): nothing written";

#[derive(Args, Debug)]
pub struct FetchArgs {
    /// Where to write the snapshot (atomically, only when the fetch finished).
    #[arg(short, long, value_name = "FILE", default_value = "snapshot.json")]
    pub output: PathBuf,
    /// Tenant id or verified domain [env: AZURE_TENANT_ID].
    #[arg(long, value_name = "ID|DOMAIN")]
    pub tenant: Option<String>,
    /// Application (client) id [env: AZURE_CLIENT_ID].
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// National cloud: sets the default Graph and authority URLs.
    #[arg(long, value_enum, default_value_t = CloudArg::Global)]
    pub cloud: CloudArg,
    /// Graph service root [default: the cloud's, e.g. https://graph.microsoft.com].
    #[arg(long, value_name = "URL")]
    pub graph_url: Option<String>,
    /// Token authority [env: AZURE_AUTHORITY_HOST; default: the cloud's].
    #[arg(long, value_name = "URL")]
    pub authority_url: Option<String>,
    /// Only these areas (comma-separated): users, groups, signins, audit, pim, risk, ar, em,
    /// prv, ext.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "AREA,...")]
    pub only: Vec<Area>,
    /// Sign-ins from this long before the fetch (days: `7` or `7d`) or from this time
    /// (RFC 3339, e.g. 2026-11-01T00:00:00Z); Graph keeps 30 days.
    #[arg(long, value_name = "DAYS|TIME", default_value = "7", value_parser = parse_since)]
    pub sign_ins_since: Since,
    /// Which sign-ins: all, or only failures (a non-zero status error code).
    #[arg(long, value_enum, default_value_t = SignIns::All)]
    pub sign_ins: SignIns,
    /// Whose members and owners: every group's, or only those of role-assignable groups and
    /// the groups nested in them (for huge tenants; other groups then carry no `members`).
    #[arg(long, value_enum, default_value_t = GroupMembers::All)]
    pub group_members: GroupMembers,
    /// Credential flow [default: the first the environment supports].
    #[arg(long, value_enum)]
    pub auth: Option<AuthKind>,
    /// Read the client secret from this file (never from a flag).
    #[arg(long, value_name = "FILE")]
    pub client_secret_file: Option<PathBuf>,
    /// Certificate with private key, PEM or PFX [env: AZURE_CLIENT_CERTIFICATE_PATH].
    #[arg(long, value_name = "FILE")]
    pub certificate: Option<PathBuf>,
    /// Federated token file [env: AZURE_FEDERATED_TOKEN_FILE].
    #[arg(long, value_name = "FILE")]
    pub federated_token_file: Option<PathBuf>,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// Retries of one request (throttling, 5xx, network).
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub max_retries: u32,
    /// Retries allowed in the whole fetch.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub retry_budget: u64,
    /// First backoff wait when Graph gives no Retry-After (doubles per retry, with jitter).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub retry_base_ms: u64,
    /// Per-request timeout.
    #[arg(long, value_name = "SECS", default_value_t = 100)]
    pub timeout: u64,
    /// Continue an interrupted fetch from its checkpoint (FILE.checkpoint beside -o, and the
    /// sign-ins spool FILE.signIns.spool it names). A checkpoint of an older govlint format is
    /// refused with a message; run without --resume to fetch afresh.
    #[arg(long)]
    pub resume: bool,
    /// Log every request (path, status, request-id, client-request-id; never a token).
    #[arg(short, long)]
    pub verbose: bool,
    /// No live progress on stderr (it is shown only at a terminal outside CI, and not with
    /// --verbose).
    #[arg(long)]
    pub no_progress: bool,
}

/// Where the sign-ins window starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    DaysBefore(u32),
    At(jiff::Timestamp),
}

impl Since {
    /// The window's start, from the fetch's clock.
    pub fn resolve(self, clock: jiff::Timestamp) -> jiff::Timestamp {
        match self {
            Since::At(t) => t,
            Since::DaysBefore(d) => clock
                .checked_sub(jiff::SignedDuration::from_hours(24 * i64::from(d)))
                .unwrap_or(clock),
        }
    }
}

/// `7`, `7d` or an RFC 3339 time.
pub fn parse_since(s: &str) -> Result<Since, String> {
    let t = s.trim();
    let days = t.strip_suffix('d').unwrap_or(t);
    if !days.is_empty() && days.bytes().all(|b| b.is_ascii_digit()) {
        return match days.parse::<u32>() {
            Ok(d) if (1..=3650).contains(&d) => Ok(Since::DaysBefore(d)),
            _ => Err(format!("'{s}': days must be between 1 and 3650")),
        };
    }
    t.parse::<jiff::Timestamp>().map(Since::At).map_err(|_| {
        format!(
            "'{s}' is neither a number of days (7, 7d) nor an RFC 3339 time (2026-11-01T00:00:00Z)"
        )
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SignIns {
    All,
    Failures,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CloudArg {
    Global,
    Usgov,
    Usgovdod,
    China,
}

impl From<CloudArg> for Cloud {
    fn from(c: CloudArg) -> Cloud {
        match c {
            CloudArg::Global => Cloud::Global,
            CloudArg::Usgov => Cloud::Usgov,
            CloudArg::Usgovdod => Cloud::Usgovdod,
            CloudArg::China => Cloud::China,
        }
    }
}

/// The token authority of a cloud (Entra ID's national cloud endpoints).
pub fn authority_of(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Global => "https://login.microsoftonline.com",
        Cloud::Usgov | Cloud::Usgovdod => "https://login.microsoftonline.us",
        Cloud::China => "https://login.chinacloudapi.cn",
    }
}

fn usage(message: String) -> miette::Report {
    miette::Report::new(diag::plain(message))
}

fn endpoint(url: &str, what: &str) -> Result<Url, miette::Report> {
    auth::check_url(url, what).map_err(|e| usage(e.to_string()))?;
    let mut u = Url::parse(url).map_err(|e| usage(format!("{what}: {e}")))?;
    // A base URL must end in `/` for joins to keep its path.
    if !u.path().ends_with('/') {
        let p = format!("{}/", u.path());
        u.set_path(&p);
    }
    Ok(u)
}

fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("govlint fetch: error: {message}");
    eprintln!("no snapshot was written");
    exit::FETCH_FAILED
}

/// The Graph root and the sign-in authority: the flags, else `AZURE_AUTHORITY_HOST` for the
/// authority, else the cloud's own (shared by every command that talks to Graph).
pub(crate) fn endpoints(
    cloud: Cloud,
    graph_url: Option<&str>,
    authority_url: Option<&str>,
) -> Result<(Url, Url), miette::Report> {
    let graph = endpoint(graph_url.unwrap_or(cloud.graph_root()), "--graph-url")?;
    let authority_env = std::env::var("AZURE_AUTHORITY_HOST")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let authority = endpoint(
        authority_url
            .or(authority_env.as_deref())
            .unwrap_or(authority_of(cloud)),
        "--authority-url",
    )?;
    Ok((graph, authority))
}

/// The credentials the environment names, overridden by the flags; a person is at a terminal
/// only when both stdin and stderr are one.
pub(crate) fn credentials(
    tenant: Option<&str>,
    client_id: Option<&str>,
    client_secret_file: Option<&std::path::Path>,
    certificate: Option<&std::path::Path>,
) -> Result<Credentials, miette::Report> {
    let mut creds = Credentials::from_env();
    if let Some(t) = tenant {
        creds.tenant = Some(t.to_string());
    }
    if let Some(c) = client_id {
        creds.client_id = Some(c.to_string());
    }
    if let Some(f) = client_secret_file {
        let s = std::fs::read_to_string(f).map_err(|e| {
            usage(format!(
                "cannot read --client-secret-file {}: {e}",
                f.display()
            ))
        })?;
        creds.client_secret = Some(Secret::new(s.trim().to_string()));
    }
    if let Some(c) = certificate {
        creds.certificate_path = Some(c.to_path_buf());
    }
    creds.interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    Ok(creds)
}

/// The HTTP client every command that talks to Graph uses: redirects are never followed (a
/// redirect must not carry a bearer token elsewhere), gzip, a bounded connect.
pub(crate) fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(concat!("govlint/", env!("CARGO_PKG_VERSION")))
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("cannot set up HTTP: {e}"))
}

/// `govlint fetch`.
pub fn run(args: FetchArgs) -> Result<u8, miette::Report> {
    let cloud = Cloud::from(args.cloud);
    let (graph, authority) = endpoints(
        cloud,
        args.graph_url.as_deref(),
        args.authority_url.as_deref(),
    )?;
    if args.concurrency == 0 {
        return Err(usage("--concurrency must be at least 1".into()));
    }
    let mut creds = credentials(
        args.tenant.as_deref(),
        args.client_id.as_deref(),
        args.client_secret_file.as_deref(),
        args.certificate.as_deref(),
    )?;
    if let Some(f) = &args.federated_token_file {
        creds.federated_token_file = Some(f.clone());
    }
    let source = match creds.select(args.auth) {
        Ok(s) => s,
        Err(e) => return Ok(fail(e)),
    };
    let settings = Settings {
        concurrency: args.concurrency,
        max_retries: args.max_retries,
        retry_budget: args.retry_budget,
        backoff_base: Duration::from_millis(args.retry_base_ms),
        max_wait: Duration::from_secs(300),
        timeout: Duration::from_secs(args.timeout.max(1)),
        verbose: args.verbose,
    };
    let http = match http_client() {
        Ok(h) => h,
        Err(e) => return Ok(fail(e)),
    };
    let described = source.describe();
    let tenant_hint = source.tenant().map(str::to_string);
    let cp_path = Checkpoint::path_for(&args.output);
    // What a fetch to this output killed mid-write left (no destructor runs on SIGKILL): its
    // temp files. Its spools hold the pages its checkpoint names: a resumed fetch continues
    // them, a fresh one removes them.
    crate::atomic::remove_stale(&args.output);
    crate::atomic::remove_stale(&cp_path);
    let checkpoint = if args.resume && cp_path.exists() {
        let cp = Checkpoint::resume(cp_path, &graph, tenant_hint.clone()).map_err(usage)?;
        let (done, partly) = cp.progress();
        eprintln!(
            "resuming from {}: {done} collections done, {partly} in progress",
            cp.path().display()
        );
        cp
    } else {
        if args.resume {
            eprintln!("no checkpoint at {}: starting afresh", cp_path.display());
        } else if cp_path.exists() {
            eprintln!(
                "note: replacing the checkpoint {} of an earlier fetch (--resume would continue it)",
                cp_path.display()
            );
        }
        super::spool::Spool::remove_stale(&args.output);
        Checkpoint::fresh(cp_path, &graph, tenant_hint.clone())
    };
    let mut checkpoint = checkpoint;
    // The fetch's clock: when it first started (a resumed fetch keeps its windows).
    let clock = checkpoint.clock().unwrap_or_else(super::now);
    let mut plan = super::Plan::new(
        clock,
        args.sign_ins_since.resolve(clock),
        args.sign_ins == SignIns::Failures,
        args.group_members,
    );
    plan.spool_beside = Some(args.output.clone());
    if plan.sign_ins.since > clock {
        return Err(usage(format!(
            "--sign-ins-since {} is after the fetch's clock {clock}",
            plan.sign_ins.since
        )));
    }
    checkpoint.settle_plan(&plan.describe()).map_err(usage)?;
    let checkpoint = Arc::new(checkpoint);
    let auth = Arc::new(Auth::new(
        source,
        http.clone(),
        authority,
        cloud.graph_root(),
        settings.backoff_base,
    ));
    let client = Arc::new(Client::new(http, graph, auth.clone(), settings));
    let specs = collections::selected(&args.only);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return Ok(fail(format!("cannot start the async runtime: {e}"))),
    };
    let output = args.output.clone();
    let only = args.only.clone();
    let progress = super::progress::for_stderr(args.no_progress || args.verbose);
    runtime.block_on(async move {
        // Authenticate before reading anything: a bad credential fails fast.
        let token = match auth.token().await {
            Ok(t) => t,
            Err(e) => return Ok(fail(format!("authentication ({described}) failed: {e}"))),
        };
        warn_missing_permissions(&token, &only);
        let tenant_hint = auth::token_tenant(&token).or(tenant_hint);
        let fetch = super::fetch(
            client.clone(),
            specs,
            cloud,
            tenant_hint,
            Some(checkpoint.clone()),
            progress.clone(),
            plan,
        );
        let outcome = tokio::select! {
            r = fetch => r,
            _ = tokio::signal::ctrl_c() => Err(super::client::Fatal("interrupted".into())),
        };
        progress.stop();
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => {
                let code = fail(e);
                keep_checkpoint(&checkpoint, &output);
                return Ok(code);
            }
        };
        // Streamed to disk, then read back and checked before it replaces anything.
        if let Err(e) = outcome.snapshot.write(&output) {
            let code = fail(e);
            keep_checkpoint(&checkpoint, &output);
            return Ok(code);
        }
        checkpoint.remove();
        super::spool::Spool::remove_stale(&output);
        print_summary(&outcome, &output, &client);
        Ok(if outcome.complete() {
            exit::CLEAN
        } else {
            exit::INCOMPLETE
        })
    })
}

/// Saves what was read so `--resume` can continue, and says so; the spools its pages name
/// stay with it, and go when there is nothing to continue.
fn keep_checkpoint(cp: &Checkpoint, output: &std::path::Path) {
    let (done, partly) = cp.progress();
    if done + partly == 0 {
        super::spool::Spool::remove_stale(output);
        return;
    }
    match cp.flush() {
        Ok(()) => eprintln!(
            "progress kept in {} ({done} collections done, {partly} in progress): run the same command with --resume to continue",
            cp.path().display()
        ),
        Err(e) => {
            super::spool::Spool::remove_stale(output);
            eprintln!("cannot keep progress in {}: {e}", cp.path().display())
        }
    }
}

/// Whether granted `roles` include `needed` (or a permission that implies it).
fn covers(roles: &[String], needed: &str) -> bool {
    let implied = |r: &str| -> bool {
        r == needed
            || r == needed.replacen(".Read.", ".ReadWrite.", 1)
            || (r == "Directory.Read.All" || r == "Directory.ReadWrite.All")
                && matches!(
                    needed,
                    "User.Read.All"
                        | "GroupMember.Read.All"
                        | "Organization.Read.All"
                        | "RoleManagement.Read.Directory"
                )
    };
    roles.iter().any(|r| implied(r))
}

/// Names missing permissions at once when the token is a readable JWT with `roles`.
fn warn_missing_permissions(token: &Secret, only: &[Area]) {
    let Some(roles) = auth::token_roles(token) else {
        return;
    };
    for (perm, cols) in collections::permissions(only) {
        if !covers(&roles, perm) {
            eprintln!(
                "warning: the token lacks {perm}: {} will be unavailable and the rules reading them not evaluated",
                cols.join(", ")
            );
        }
    }
}

fn print_summary(outcome: &super::Outcome, output: &std::path::Path, client: &Client) {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<49} {:<11} {:>8} {:>6} {:>8}\n",
        "collection", "status", "items", "pages", "time"
    ));
    for c in &outcome.collections {
        out.push_str(&format!(
            "{:<49} {:<11} {:>8} {:>6} {:>7.1}s\n",
            c.name,
            c.status.as_str(),
            c.count,
            c.pages,
            c.elapsed.as_secs_f64()
        ));
        if c.status != Status::Complete {
            if let Some(r) = &c.reason {
                out.push_str(&format!("    {r}\n"));
                if r.contains("403") {
                    if let Some(needs) = needs(c.name) {
                        out.push_str(&format!("    it needs {needs}\n"));
                    }
                }
            }
        }
    }
    let incomplete = outcome
        .collections
        .iter()
        .filter(|c| c.status != Status::Complete)
        .count();
    let s = &client.stats;
    use std::sync::atomic::Ordering::Relaxed;
    out.push_str(&format!(
        "wrote {} ({} collections, {} incomplete; {} requests ({} lists read in $batch), {} retries, {} throttled)\n",
        output.display(),
        outcome.collections.len(),
        incomplete,
        s.requests.load(Relaxed),
        s.batched.load(Relaxed),
        s.retries.load(Relaxed),
        s.throttled.load(Relaxed),
    ));
    eprint!("{out}");
}

/// The permission and licence a collection needs, for a 403 in the summary.
fn needs(name: &str) -> Option<String> {
    let s = collections::SPECS.iter().find(|s| s.name == name)?;
    Some(match s.license {
        Some(l) => format!("{} and an {l} licence", s.permission),
        None => s.permission.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_and_directory_permissions_cover_reads() {
        let roles = vec![
            "Directory.Read.All".to_string(),
            "AccessReview.ReadWrite.All".to_string(),
        ];
        assert!(covers(&roles, "User.Read.All"));
        assert!(covers(&roles, "AccessReview.Read.All"));
        assert!(!covers(&roles, "IdentityRiskyUser.Read.All"));
        assert!(!covers(&roles, "EntitlementManagement.Read.All"));
    }
}
