//! Connecting to Graph for writes (`fix --apply`, `pim`): the credential flags `fetch` takes,
//! and a client that retries throttling and transient errors as `fetch` does.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use crate::fetch::auth::{Auth, AuthKind};
use crate::fetch::cli::{credentials, endpoints, http_client, CloudArg};
use crate::fetch::client::{Client, Settings};
use crate::snapshot::Cloud;

#[derive(Args, Debug, Clone)]
pub struct ConnectArgs {
    /// Tenant id or domain [default: AZURE_TENANT_ID].
    #[arg(long, value_name = "ID|DOMAIN", global = true)]
    pub tenant: Option<String>,
    /// App registration (client) id [default: AZURE_CLIENT_ID].
    #[arg(long, value_name = "ID", global = true)]
    pub client_id: Option<String>,
    #[arg(long, value_enum, default_value_t = CloudArg::Global, global = true)]
    pub cloud: CloudArg,
    /// Graph root URL override (a sovereign cloud, or the emulator in tests).
    #[arg(long, value_name = "URL", global = true)]
    pub graph_url: Option<String>,
    /// Token authority override.
    #[arg(long, value_name = "URL", global = true)]
    pub authority_url: Option<String>,
    /// Credential to use [default: the first available, as `fetch` picks it].
    #[arg(long, value_enum, global = true)]
    pub auth: Option<AuthKind>,
    /// Read the client secret from this file.
    #[arg(long, value_name = "FILE", global = true)]
    pub client_secret_file: Option<PathBuf>,
    /// Certificate (PEM or PFX) with its private key.
    #[arg(long, value_name = "FILE", global = true)]
    pub certificate: Option<PathBuf>,
    /// Retries of one request on throttling and transient errors.
    #[arg(long, value_name = "N", default_value_t = 6, global = true)]
    pub max_retries: u32,
    /// First backoff wait in milliseconds (doubles per retry).
    #[arg(long, value_name = "MS", default_value_t = 1000, global = true)]
    pub retry_base_ms: u64,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 100, global = true)]
    pub timeout: u64,
    /// Log each request (method, path, status, request ids) on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// A Graph client for the credential the flags and environment name; `Err(message)` when no
/// credential can be used (exit 4).
pub fn client(args: &ConnectArgs) -> Result<Result<Arc<Client>, String>, miette::Report> {
    let cloud = Cloud::from(args.cloud);
    let (graph, authority) = endpoints(
        cloud,
        args.graph_url.as_deref(),
        args.authority_url.as_deref(),
    )?;
    let creds = credentials(
        args.tenant.as_deref(),
        args.client_id.as_deref(),
        args.client_secret_file.as_deref(),
        args.certificate.as_deref(),
    )?;
    let source = match creds.select(args.auth) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let settings = Settings {
        // One request at a time: steps are ordered, and a write waits for its check.
        concurrency: 1,
        max_retries: args.max_retries,
        retry_budget: 200,
        backoff_base: Duration::from_millis(args.retry_base_ms),
        max_wait: Duration::from_secs(300),
        timeout: Duration::from_secs(args.timeout.max(1)),
        verbose: args.verbose,
    };
    let http = match http_client() {
        Ok(h) => h,
        Err(e) => return Ok(Err(e)),
    };
    let auth = Arc::new(Auth::new(
        source,
        http.clone(),
        authority,
        cloud.graph_root(),
        settings.backoff_base,
    ));
    Ok(Ok(Arc::new(Client::new(http, graph, auth, settings))))
}

pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}
