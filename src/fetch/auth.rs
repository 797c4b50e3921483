//! Access tokens for Microsoft Graph, app-only (graph-api.md section 3).
//!
//! One small token client on the fetcher's own `reqwest` stack, so every flow can be pointed
//! at a loopback emulator: client secret, certificate (a JWT client assertion signed with the
//! PEM key), workload identity federation (a token file, or GitHub Actions OIDC directly),
//! managed identity (IMDS and App Service), Azure CLI token reuse, and device code.
//!
//! Secrets live in [`Secret`], whose `Debug` is redacted and which has no `Display`: nothing
//! that formats an error or a log line can print one by accident.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use reqwest::Url;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A credential or token. Its `Debug` prints `[redacted]`; use [`Secret::expose`] to send it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why no token could be had. The message never holds a secret or a token.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct AuthError(pub String);

/// Which flow to use; `None` in [`Credentials::select`] walks them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthKind {
    /// Client secret (AZURE_CLIENT_SECRET or --client-secret-file).
    Secret,
    /// Certificate: a JWT client assertion signed with a PEM key (AZURE_CLIENT_CERTIFICATE_PATH).
    Certificate,
    /// Workload identity federation: AZURE_FEDERATED_TOKEN_FILE, or GitHub Actions OIDC.
    Federated,
    /// Managed identity: App Service (IDENTITY_ENDPOINT) or IMDS.
    ManagedIdentity,
    /// Reuse the Azure CLI's login (`az account get-access-token`).
    AzureCli,
    /// Device code: sign in as an admin at a terminal.
    DeviceCode,
}

/// Everything the environment and the flags say about credentials.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub certificate_path: Option<PathBuf>,
    pub federated_token_file: Option<PathBuf>,
    /// `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
    pub github_oidc: Option<(String, Secret)>,
    /// App Service: `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`.
    pub identity_endpoint: Option<(String, Secret)>,
    /// IMDS base URL override (`AZURE_POD_IDENTITY_AUTHORITY_HOST`), default 169.254.169.254.
    pub imds_endpoint: Option<String>,
    /// Whether a person is at a terminal (device code is offered only then, unless asked for).
    pub interactive: bool,
}

impl Credentials {
    /// Reads the Azure SDK environment convention (design.md section 3).
    pub fn from_env() -> Credentials {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Credentials {
            tenant: var("AZURE_TENANT_ID"),
            client_id: var("AZURE_CLIENT_ID"),
            client_secret: var("AZURE_CLIENT_SECRET").map(Secret::new),
            certificate_path: var("AZURE_CLIENT_CERTIFICATE_PATH").map(PathBuf::from),
            federated_token_file: var("AZURE_FEDERATED_TOKEN_FILE").map(PathBuf::from),
            github_oidc: var("ACTIONS_ID_TOKEN_REQUEST_URL")
                .zip(var("ACTIONS_ID_TOKEN_REQUEST_TOKEN").map(Secret::new)),
            identity_endpoint: var("IDENTITY_ENDPOINT")
                .zip(var("IDENTITY_HEADER").map(Secret::new)),
            imds_endpoint: var("AZURE_POD_IDENTITY_AUTHORITY_HOST"),
            interactive: false,
        }
    }

    /// The flow to use: `kind` if given, else the first one the environment supports, in the
    /// order secret, certificate, federated (file, then GitHub), managed identity, Azure CLI,
    /// device code.
    pub fn select(&self, kind: Option<AuthKind>) -> Result<Source, AuthError> {
        let need = |what: &Option<String>, name: &str, flow: &str| {
            what.clone().ok_or_else(|| {
                AuthError(format!(
                    "{flow} needs {name} (environment variable or flag)"
                ))
            })
        };
        let tenant = || {
            need(
                &self.tenant,
                "a tenant (AZURE_TENANT_ID or --tenant)",
                "this flow",
            )
        };
        let client = || {
            need(
                &self.client_id,
                "a client id (AZURE_CLIENT_ID or --client-id)",
                "this flow",
            )
        };
        let order: Vec<AuthKind> = match kind {
            Some(k) => vec![k],
            None => {
                let mut v = Vec::new();
                if self.client_secret.is_some() {
                    v.push(AuthKind::Secret);
                }
                if self.certificate_path.is_some() {
                    v.push(AuthKind::Certificate);
                }
                if self.federated_token_file.is_some() || self.github_oidc.is_some() {
                    v.push(AuthKind::Federated);
                }
                if self.identity_endpoint.is_some() || self.imds_endpoint.is_some() {
                    v.push(AuthKind::ManagedIdentity);
                }
                if which("az").is_some() {
                    v.push(AuthKind::AzureCli);
                }
                if self.interactive && self.client_id.is_some() {
                    v.push(AuthKind::DeviceCode);
                }
                v
            }
        };
        let Some(first) = order.first().copied() else {
            return Err(AuthError(
                "no credentials found: set AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET, \
                 AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (or run in GitHub Actions with \
                 `permissions: id-token: write`, on a managed identity, after `az login`, or with --auth device-code)"
                    .into(),
            ));
        };
        Ok(match first {
            AuthKind::Secret => Source::ClientSecret {
                tenant: tenant()?,
                client_id: client()?,
                secret: self.client_secret.clone().ok_or_else(|| {
                    AuthError(
                        "--auth secret needs AZURE_CLIENT_SECRET or --client-secret-file".into(),
                    )
                })?,
            },
            AuthKind::Certificate => {
                let path = self.certificate_path.clone().ok_or_else(|| {
                    AuthError(
                        "--auth certificate needs AZURE_CLIENT_CERTIFICATE_PATH or --certificate"
                            .into(),
                    )
                })?;
                let cert = Certificate::load(&path)?;
                Source::Certificate {
                    tenant: tenant()?,
                    client_id: client()?,
                    cert: Box::new(cert),
                }
            }
            AuthKind::Federated => {
                if let Some(file) = &self.federated_token_file {
                    Source::FederatedFile {
                        tenant: tenant()?,
                        client_id: client()?,
                        path: file.clone(),
                    }
                } else if let Some((url, token)) = &self.github_oidc {
                    Source::GithubOidc {
                        tenant: tenant()?,
                        client_id: client()?,
                        request_url: url.clone(),
                        request_token: token.clone(),
                    }
                } else {
                    return Err(AuthError(
                        "--auth federated needs AZURE_FEDERATED_TOKEN_FILE, or GitHub Actions' \
                         ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN (`permissions: id-token: write`)"
                            .into(),
                    ));
                }
            }
            AuthKind::ManagedIdentity => match &self.identity_endpoint {
                Some((url, header)) => Source::AppService {
                    endpoint: url.clone(),
                    header: header.clone(),
                    client_id: self.client_id.clone(),
                },
                None => Source::Imds {
                    endpoint: self
                        .imds_endpoint
                        .clone()
                        .unwrap_or_else(|| "http://169.254.169.254".into()),
                    client_id: self.client_id.clone(),
                },
            },
            AuthKind::AzureCli => Source::AzureCli {
                tenant: self.tenant.clone(),
            },
            AuthKind::DeviceCode => Source::DeviceCode {
                tenant: self
                    .tenant
                    .clone()
                    .unwrap_or_else(|| "organizations".into()),
                client_id: client()?,
            },
        })
    }
}

/// A signing key and the thumbprint of its certificate.
pub struct Certificate {
    key: jsonwebtoken::EncodingKey,
    thumbprint_s256: String,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Certificate(x5t#S256={})", self.thumbprint_s256)
    }
}

impl Certificate {
    /// A PEM file holding the certificate and its unencrypted private key (the Azure SDK
    /// convention for `AZURE_CLIENT_CERTIFICATE_PATH`).
    pub fn load(path: &Path) -> Result<Certificate, AuthError> {
        let text = std::fs::read(path)
            .map_err(|e| AuthError(format!("cannot read certificate {}: {e}", path.display())))?;
        let Ok(text) = String::from_utf8(text) else {
            return Err(AuthError(format!(
                "{} is not PEM (PFX/PKCS#12 is not supported yet: convert it with \
                 `openssl pkcs12 -in cert.pfx -out cert.pem -nodes`)",
                path.display()
            )));
        };
        Certificate::from_pem(&text).map_err(|e| AuthError(format!("{}: {}", path.display(), e.0)))
    }

    pub fn from_pem(text: &str) -> Result<Certificate, AuthError> {
        let block = |tag: &str| -> Option<String> {
            let begin = format!("-----BEGIN {tag}-----");
            let end = format!("-----END {tag}-----");
            let start = text.find(&begin)?;
            let stop = text[start..].find(&end)? + start + end.len();
            Some(text[start..stop].to_string())
        };
        let cert = block("CERTIFICATE")
            .ok_or_else(|| AuthError("no CERTIFICATE block in the PEM".into()))?;
        let b64: String = cert
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>();
        let der = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|_| AuthError("the CERTIFICATE block is not valid base64".into()))?;
        let thumbprint_s256 =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(&der));
        if text.contains("ENCRYPTED PRIVATE KEY") {
            return Err(AuthError(
                "the private key is encrypted; decrypt it (`openssl pkey -in key.pem -out plain.pem`) and keep the file private".into(),
            ));
        }
        let key_pem = block("PRIVATE KEY")
            .or_else(|| block("RSA PRIVATE KEY"))
            .ok_or_else(|| AuthError("no PRIVATE KEY block in the PEM".into()))?;
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(key_pem.as_bytes()).map_err(|_| {
            AuthError("the private key is not an RSA key jsonwebtoken can read".into())
        })?;
        Ok(Certificate {
            key,
            thumbprint_s256,
        })
    }

    /// A client assertion (graph-api.md 3.2): PS256, `x5t#S256`, aud = the token endpoint.
    fn assertion(&self, token_url: &str, client_id: &str) -> Result<Secret, AuthError> {
        let now = unix_now();
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::PS256);
        header.x5t_s256 = Some(self.thumbprint_s256.clone());
        let claims = serde_json::json!({
            "aud": token_url, "iss": client_id, "sub": client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
            "nbf": now, "iat": now, "exp": now + 300,
        });
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map(Secret::new)
            .map_err(|e| AuthError(format!("cannot sign the client assertion: {e}")))
    }
}

/// A resolved credential source.
#[derive(Debug)]
pub enum Source {
    ClientSecret {
        tenant: String,
        client_id: String,
        secret: Secret,
    },
    Certificate {
        tenant: String,
        client_id: String,
        cert: Box<Certificate>,
    },
    FederatedFile {
        tenant: String,
        client_id: String,
        path: PathBuf,
    },
    GithubOidc {
        tenant: String,
        client_id: String,
        request_url: String,
        request_token: Secret,
    },
    AppService {
        endpoint: String,
        header: Secret,
        client_id: Option<String>,
    },
    Imds {
        endpoint: String,
        client_id: Option<String>,
    },
    AzureCli {
        tenant: Option<String>,
    },
    DeviceCode {
        tenant: String,
        client_id: String,
    },
}

impl Source {
    pub fn describe(&self) -> &'static str {
        match self {
            Source::ClientSecret { .. } => "client secret",
            Source::Certificate { .. } => "certificate",
            Source::FederatedFile { .. } => "federated token file",
            Source::GithubOidc { .. } => "GitHub Actions OIDC",
            Source::AppService { .. } => "managed identity (App Service)",
            Source::Imds { .. } => "managed identity (IMDS)",
            Source::AzureCli { .. } => "Azure CLI",
            Source::DeviceCode { .. } => "device code",
        }
    }

    /// The tenant the credential names, when it names one.
    pub fn tenant(&self) -> Option<&str> {
        match self {
            Source::ClientSecret { tenant, .. }
            | Source::Certificate { tenant, .. }
            | Source::FederatedFile { tenant, .. }
            | Source::GithubOidc { tenant, .. }
            | Source::DeviceCode { tenant, .. } => Some(tenant),
            Source::AzureCli { tenant } => tenant.as_deref(),
            Source::AppService { .. } | Source::Imds { .. } => None,
        }
    }
}

struct Cached {
    token: Secret,
    refresh_at: Instant,
}

/// Hands out access tokens, cached until five minutes before expiry.
pub struct Auth {
    source: Source,
    http: reqwest::Client,
    authority: Url,
    /// `https://graph.microsoft.com` (or the cloud's): the token's resource.
    resource: String,
    /// Base of waits between retries of the token endpoint.
    backoff_base: Duration,
    cache: tokio::sync::Mutex<Option<Cached>>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Auth({})", self.source.describe())
    }
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Auth {
    pub fn new(
        source: Source,
        http: reqwest::Client,
        authority: Url,
        resource: &str,
        backoff_base: Duration,
    ) -> Auth {
        Auth {
            source,
            http,
            authority,
            resource: resource.trim_end_matches('/').to_string(),
            backoff_base,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// A valid access token, from the cache or freshly acquired.
    pub async fn token(&self) -> Result<Secret, AuthError> {
        let mut cache = self.cache.lock().await;
        if let Some(c) = cache.as_ref() {
            if Instant::now() < c.refresh_at {
                return Ok(c.token.clone());
            }
        }
        let (token, lifetime) = self.acquire().await?;
        // Refresh five minutes early; halfway through for short-lived tokens.
        let early = if lifetime > Duration::from_secs(600) {
            lifetime - Duration::from_secs(300)
        } else {
            lifetime / 2
        };
        *cache = Some(Cached {
            token: token.clone(),
            refresh_at: Instant::now() + early,
        });
        Ok(token)
    }

    /// Forgets `token` (Graph said it expired), so the next [`Auth::token`] gets a new one.
    pub async fn invalidate(&self, token: &Secret) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|c| &c.token == token) {
            *cache = None;
        }
    }

    fn token_url(&self, tenant: &str) -> String {
        format!(
            "{}/{}/oauth2/v2.0/token",
            self.authority.as_str().trim_end_matches('/'),
            tenant
        )
    }

    fn scope(&self) -> String {
        format!("{}/.default", self.resource)
    }

    async fn acquire(&self) -> Result<(Secret, Duration), AuthError> {
        match &self.source {
            Source::ClientSecret {
                tenant,
                client_id,
                secret,
            } => {
                let form = vec![
                    ("grant_type", "client_credentials".to_string()),
                    ("client_id", client_id.clone()),
                    ("scope", self.scope()),
                    ("client_secret", secret.expose().to_string()),
                ];
                self.token_request(&self.token_url(tenant), form).await
            }
            Source::Certificate {
                tenant,
                client_id,
                cert,
            } => {
                let url = self.token_url(tenant);
                let assertion = cert.assertion(&url, client_id)?;
                self.assertion_request(&url, client_id, &assertion).await
            }
            Source::FederatedFile {
                tenant,
                client_id,
                path,
            } => {
                // Re-read on every request: projected tokens rotate.
                let text = tokio::fs::read_to_string(path).await.map_err(|e| {
                    AuthError(format!(
                        "cannot read AZURE_FEDERATED_TOKEN_FILE {}: {e}",
                        path.display()
                    ))
                })?;
                let assertion = Secret::new(text.trim().to_string());
                self.assertion_request(&self.token_url(tenant), client_id, &assertion)
                    .await
            }
            Source::GithubOidc {
                tenant,
                client_id,
                request_url,
                request_token,
            } => {
                let assertion = self.github_token(request_url, request_token).await?;
                self.assertion_request(&self.token_url(tenant), client_id, &assertion)
                    .await
            }
            Source::AppService {
                endpoint,
                header,
                client_id,
            } => {
                check_url(endpoint, "IDENTITY_ENDPOINT")?;
                let mut q = vec![
                    ("api-version", "2019-08-01".to_string()),
                    ("resource", self.resource.clone()),
                ];
                if let Some(c) = client_id {
                    q.push(("client_id", c.clone()));
                }
                let req = self
                    .http
                    .get(endpoint)
                    .query(&q)
                    .header("X-IDENTITY-HEADER", header.expose());
                self.managed_identity(req, "App Service managed identity")
                    .await
            }
            Source::Imds {
                endpoint,
                client_id,
            } => {
                let url = format!(
                    "{}/metadata/identity/oauth2/token",
                    endpoint.trim_end_matches('/')
                );
                let mut q = vec![
                    ("api-version", "2018-02-01".to_string()),
                    ("resource", self.resource.clone()),
                ];
                if let Some(c) = client_id {
                    q.push(("client_id", c.clone()));
                }
                let req = self.http.get(url).query(&q).header("Metadata", "true");
                self.managed_identity(req, "IMDS managed identity").await
            }
            Source::AzureCli { tenant } => azure_cli(&self.resource, tenant.as_deref()).await,
            Source::DeviceCode { tenant, client_id } => self.device_code(tenant, client_id).await,
        }
    }

    async fn assertion_request(
        &self,
        url: &str,
        client_id: &str,
        assertion: &Secret,
    ) -> Result<(Secret, Duration), AuthError> {
        let form = vec![
            ("grant_type", "client_credentials".to_string()),
            ("client_id", client_id.to_string()),
            ("scope", self.scope()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_string(),
            ),
            ("client_assertion", assertion.expose().to_string()),
        ];
        self.token_request(url, form).await
    }

    /// POSTs a form to the token endpoint, retrying 429/5xx and network errors a few times.
    async fn token_request(
        &self,
        url: &str,
        form: Vec<(&str, String)>,
    ) -> Result<(Secret, Duration), AuthError> {
        let mut attempt = 0u32;
        loop {
            let sent = self.http.post(url).form(&form).send().await;
            match sent {
                Err(e) => {
                    if attempt < 3 {
                        attempt += 1;
                        tokio::time::sleep(self.backoff_base * 2u32.pow(attempt)).await;
                        continue;
                    }
                    return Err(AuthError(format!(
                        "cannot reach the token endpoint {url}: {}",
                        e.without_url()
                    )));
                }
                Ok(resp) => {
                    let status = resp.status();
                    let retry_after = resp
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(super::client::parse_retry_after);
                    let body: Value = resp.json().await.unwrap_or(Value::Null);
                    if status.is_success() {
                        return parse_token(&body);
                    }
                    if (status.as_u16() == 429 || status.is_server_error()) && attempt < 3 {
                        attempt += 1;
                        let wait = retry_after.unwrap_or(self.backoff_base * 5 * attempt);
                        tokio::time::sleep(wait.min(Duration::from_secs(60))).await;
                        continue;
                    }
                    return Err(AuthError(format!(
                        "the token endpoint refused ({}): {}",
                        status.as_u16(),
                        aad_message(&body)
                    )));
                }
            }
        }
    }

    async fn github_token(
        &self,
        request_url: &str,
        request_token: &Secret,
    ) -> Result<Secret, AuthError> {
        check_url(request_url, "ACTIONS_ID_TOKEN_REQUEST_URL")?;
        let sep = if request_url.contains('?') { '&' } else { '?' };
        let url = format!("{request_url}{sep}audience=api%3A%2F%2FAzureADTokenExchange");
        let resp = self
            .http
            .get(&url)
            .bearer_auth(request_token.expose())
            .send()
            .await
            .map_err(|e| {
                AuthError(format!(
                    "cannot reach GitHub's OIDC endpoint: {}",
                    e.without_url()
                ))
            })?;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        match body["value"].as_str() {
            Some(v) if status.is_success() => Ok(Secret::new(v)),
            _ => Err(AuthError(format!(
                "GitHub's OIDC endpoint refused ({}): does the workflow have `permissions: id-token: write`?",
                status.as_u16()
            ))),
        }
    }

    async fn managed_identity(
        &self,
        req: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<(Secret, Duration), AuthError> {
        let resp = req
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .map_err(|e| {
                AuthError(format!(
                    "cannot reach the {what} endpoint: {}",
                    e.without_url()
                ))
            })?;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(AuthError(format!(
                "the {what} endpoint refused ({}): {}",
                status.as_u16(),
                aad_message(&body)
            )));
        }
        parse_token(&body)
    }

    async fn device_code(
        &self,
        tenant: &str,
        client_id: &str,
    ) -> Result<(Secret, Duration), AuthError> {
        let base = self.authority.as_str().trim_end_matches('/');
        let scope = format!("{} offline_access", self.scope());
        let resp = self
            .http
            .post(format!("{base}/{tenant}/oauth2/v2.0/devicecode"))
            .form(&[("client_id", client_id), ("scope", scope.as_str())])
            .send()
            .await
            .map_err(|e| {
                AuthError(format!(
                    "cannot reach the device code endpoint: {}",
                    e.without_url()
                ))
            })?;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(AuthError(format!(
                "device code request refused ({}): {}",
                status.as_u16(),
                aad_message(&body)
            )));
        }
        let device_code = Secret::new(body["device_code"].as_str().unwrap_or_default());
        let message = body["message"]
            .as_str()
            .unwrap_or("Sign in with the device code.");
        eprintln!("{message}");
        let mut interval =
            Duration::from_secs(body["interval"].as_u64().unwrap_or(5)).max(self.backoff_base);
        let deadline =
            Instant::now() + Duration::from_secs(body["expires_in"].as_u64().unwrap_or(900));
        let url = self.token_url(tenant);
        loop {
            if Instant::now() > deadline {
                return Err(AuthError(
                    "the device code expired before sign-in finished".into(),
                ));
            }
            tokio::time::sleep(interval).await;
            let resp = self
                .http
                .post(&url)
                .form(&[
                    ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                    ("client_id", client_id),
                    ("device_code", device_code.expose()),
                ])
                .send()
                .await
                .map_err(|e| {
                    AuthError(format!(
                        "cannot reach the token endpoint: {}",
                        e.without_url()
                    ))
                })?;
            let ok = resp.status().is_success();
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            if ok {
                return parse_token(&body);
            }
            match body["error"].as_str() {
                Some("authorization_pending") => continue,
                Some("slow_down") => interval += Duration::from_secs(5),
                _ => {
                    return Err(AuthError(format!(
                        "device code sign-in failed: {}",
                        aad_message(&body)
                    )))
                }
            }
        }
    }
}

/// `http://` only to loopback (and IMDS's link-local address).
pub fn check_url(url: &str, what: &str) -> Result<(), AuthError> {
    let u = Url::parse(url).map_err(|e| AuthError(format!("{what} is not a URL: {e}")))?;
    match u.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&u) => Ok(()),
        _ => Err(AuthError(format!(
            "{what} must be https:// (plain http:// is allowed only to loopback)"
        ))),
    }
}

pub fn is_loopback(u: &Url) -> bool {
    let Some(host) = u.host_str() else {
        return false;
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

fn parse_token(body: &Value) -> Result<(Secret, Duration), AuthError> {
    let Some(token) = body["access_token"].as_str().filter(|t| !t.is_empty()) else {
        return Err(AuthError("the token response has no access_token".into()));
    };
    let num = |v: &Value| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    };
    let lifetime = num(&body["expires_in"])
        .or_else(|| num(&body["expires_on"]).map(|on| on.saturating_sub(unix_now())))
        .unwrap_or(3600);
    Ok((Secret::new(token), Duration::from_secs(lifetime)))
}

/// The useful first line of an AADSTS error (never the request).
fn aad_message(body: &Value) -> String {
    let err = body["error"].as_str().unwrap_or("");
    let desc = body["error_description"]
        .as_str()
        .or_else(|| body["message"].as_str())
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("");
    let hint = match body["error_codes"][0].as_u64() {
        Some(7000215) => " (wrong client secret: use the secret's value, not its id)",
        Some(7000222) => " (the client secret has expired)",
        Some(700016) => " (the app is not registered in this tenant)",
        Some(90002) => " (no such tenant)",
        Some(700024) => " (the client assertion is outside its valid time range)",
        Some(70021) => {
            " (no federated identity credential matches this token's issuer and subject)"
        }
        _ => "",
    };
    match (err.is_empty(), desc.is_empty()) {
        (true, true) => "no error details".into(),
        (false, true) => format!("{err}{hint}"),
        (true, false) => format!("{desc}{hint}"),
        (false, false) => format!("{err}: {desc}{hint}"),
    }
}

fn which(cmd: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|d| {
        let p = d.join(cmd);
        p.is_file().then_some(p)
    })
}

/// `az account get-access-token`, run directly (no shell), with a timeout.
async fn azure_cli(resource: &str, tenant: Option<&str>) -> Result<(Secret, Duration), AuthError> {
    let program = if cfg!(windows) { "az.cmd" } else { "az" };
    let mut cmd = tokio::process::Command::new(program);
    cmd.args([
        "account",
        "get-access-token",
        "--resource",
        resource,
        "--output",
        "json",
    ]);
    if let Some(t) = tenant {
        cmd.args(["--tenant", t]);
    }
    cmd.stdin(std::process::Stdio::null());
    cmd.kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(30), cmd.output())
        .await
        .map_err(|_| AuthError("`az account get-access-token` timed out".into()))?
        .map_err(|e| AuthError(format!("cannot run the Azure CLI (`az`): {e}")))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(AuthError(format!(
            "`az account get-access-token` failed: {first} (run `az login`)"
        )));
    }
    let v: Value = serde_json::from_slice(&out.stdout)
        .map_err(|_| AuthError("`az account get-access-token` printed no JSON".into()))?;
    let Some(token) = v["accessToken"].as_str() else {
        return Err(AuthError(
            "`az account get-access-token` gave no accessToken".into(),
        ));
    };
    // `expires_on` (epoch) since CLI 2.54; `expiresOn` is local time without a zone: not parsed.
    let lifetime = v["expires_on"]
        .as_u64()
        .or_else(|| v["expires_on"].as_str().and_then(|s| s.parse().ok()))
        .map(|on| on.saturating_sub(unix_now()))
        .unwrap_or(300);
    Ok((Secret::new(token), Duration::from_secs(lifetime)))
}

/// The `roles` claim of a JWT access token, read without verifying it (only to name missing
/// permissions early: access tokens are opaque to clients by contract, so `None` is normal).
pub fn token_roles(token: &Secret) -> Option<Vec<String>> {
    let payload = token.expose().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    Some(
        v["roles"]
            .as_array()?
            .iter()
            .filter_map(|r| r.as_str().map(str::to_string))
            .collect(),
    )
}

/// The tenant id (`tid`) of a readable JWT access token.
pub fn token_tenant(token: &Secret) -> Option<String> {
    let payload = token.expose().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v["tid"].as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_debug_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        let src = Source::ClientSecret {
            tenant: "t".into(),
            client_id: "c".into(),
            secret: s,
        };
        assert!(!format!("{src:?}").contains("hunter2"));
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(check_url("http://127.0.0.1:8080", "x").is_ok());
        assert!(check_url("http://localhost:1", "x").is_ok());
        assert!(check_url("http://[::1]:1", "x").is_ok());
        assert!(check_url("https://graph.microsoft.com", "x").is_ok());
        assert!(check_url("http://graph.microsoft.com", "x").is_err());
        assert!(check_url("http://10.0.0.1", "x").is_err());
        assert!(check_url("ftp://127.0.0.1", "x").is_err());
    }

    #[test]
    fn chain_order_prefers_secret_then_certificate() {
        let mut c = Credentials {
            tenant: Some("t".into()),
            client_id: Some("c".into()),
            federated_token_file: Some("/nonexistent".into()),
            ..Credentials::default()
        };
        assert_eq!(
            c.select(None).map(|s| s.describe()).ok(),
            Some("federated token file")
        );
        c.client_secret = Some(Secret::new("s"));
        assert_eq!(
            c.select(None).map(|s| s.describe()).ok(),
            Some("client secret")
        );
        let none = Credentials::default();
        if which("az").is_none() {
            assert!(none.select(None).is_err());
        }
    }

    #[test]
    fn aad_errors_are_summarised_with_hints() {
        let body = serde_json::json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x", "error_codes": [7000215]});
        let m = aad_message(&body);
        assert!(m.starts_with("invalid_client: AADSTS7000215"), "{m}");
        assert!(m.contains("wrong client secret"));
        assert!(!m.contains("Trace ID"));
    }

    #[test]
    fn roles_are_read_from_readable_tokens_only() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"roles":["User.Read.All"],"tid":"abc"}"#);
        let t = Secret::new(format!("h.{payload}.s"));
        assert_eq!(token_roles(&t), Some(vec!["User.Read.All".to_string()]));
        assert_eq!(token_tenant(&t).as_deref(), Some("abc"));
        assert_eq!(token_roles(&Secret::new("opaque-token")), None);
    }
}
