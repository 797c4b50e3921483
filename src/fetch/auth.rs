//! Access tokens for Microsoft Graph, app-only (client credentials from Entra ID's token
//! endpoint).
//!
//! One small token client on the fetcher's own `reqwest` stack, so every flow can be pointed
//! at a loopback emulator: client secret, certificate (a JWT client assertion signed with the
//! key of a PEM, encrypted PKCS#8 PEM or PFX file, `x5c` on request), workload identity
//! federation (a token file, GitHub Actions OIDC or Azure Pipelines OIDC directly), managed
//! identity (IMDS with probe and retries, and App Service), Azure CLI token reuse, and device
//! code (renewed with its refresh token).
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
    /// Certificate: a client assertion signed by a PEM or PFX key (AZURE_CLIENT_CERTIFICATE_PATH).
    Certificate,
    /// Workload identity federation: AZURE_FEDERATED_TOKEN_FILE, GitHub or Azure Pipelines OIDC.
    Federated,
    /// Managed identity: App Service (IDENTITY_ENDPOINT) or IMDS.
    ManagedIdentity,
    /// Reuse the Azure CLI's login (`az account get-access-token`).
    AzureCli,
    /// Device code: sign in as an admin at a terminal.
    DeviceCode,
}

/// Azure Pipelines OIDC for a service connection using workload identity federation
/// (the AzureCLI@2 task gives the job `SYSTEM_OIDCREQUESTURI` and the service connection's id):
/// what the job's environment gave, each part possibly missing.
#[derive(Debug, Clone, Default)]
pub struct AzurePipelines {
    /// `SYSTEM_OIDCREQUESTURI` (the predefined `System.OidcRequestUri`).
    pub request_uri: Option<String>,
    /// `SYSTEM_ACCESSTOKEN`: only there when the step maps `$(System.AccessToken)` into its env.
    pub access_token: Option<Secret>,
    /// `AZURESUBSCRIPTION_SERVICE_CONNECTION_ID` (set by the AzureCLI@2 task).
    pub service_connection_id: Option<String>,
}

impl AzurePipelines {
    fn complete(&self) -> bool {
        self.request_uri.is_some()
            && self.access_token.is_some()
            && self.service_connection_id.is_some()
    }

    /// The variables still missing, for an error that says what to set.
    fn missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.request_uri.is_none() {
            m.push("SYSTEM_OIDCREQUESTURI");
        }
        if self.access_token.is_none() {
            m.push("SYSTEM_ACCESSTOKEN (map `$(System.AccessToken)` into the step's env)");
        }
        if self.service_connection_id.is_none() {
            m.push("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
        }
        m
    }
}

/// Everything the environment and the flags say about credentials.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    /// PEM (certificate and key, the key possibly encrypted) or PFX/PKCS#12.
    pub certificate_path: Option<PathBuf>,
    /// `AZURE_CLIENT_CERTIFICATE_PASSWORD`: decrypts a PFX or an encrypted PKCS#8 key.
    pub certificate_password: Option<Secret>,
    /// `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`: send `x5c` (subject name/issuer auth).
    pub send_certificate_chain: bool,
    pub federated_token_file: Option<PathBuf>,
    /// `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
    pub github_oidc: Option<(String, Secret)>,
    pub azure_pipelines: AzurePipelines,
    /// App Service: `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`.
    pub identity_endpoint: Option<(String, Secret)>,
    /// IMDS base URL override (`AZURE_POD_IDENTITY_AUTHORITY_HOST`), default 169.254.169.254.
    pub imds_endpoint: Option<String>,
    /// Whether a person is at a terminal (device code is offered only then, unless asked for).
    pub interactive: bool,
}

impl Credentials {
    /// Reads the Azure SDK environment convention (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
    /// `AZURE_CLIENT_SECRET`, `AZURE_CLIENT_CERTIFICATE_PATH`, `AZURE_FEDERATED_TOKEN_FILE`, …).
    pub fn from_env() -> Credentials {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Credentials {
            // The AzureCLI@2 task names the service connection's tenant and app this way.
            tenant: var("AZURE_TENANT_ID").or_else(|| var("AZURESUBSCRIPTION_TENANT_ID")),
            client_id: var("AZURE_CLIENT_ID").or_else(|| var("AZURESUBSCRIPTION_CLIENT_ID")),
            client_secret: var("AZURE_CLIENT_SECRET").map(Secret::new),
            certificate_path: var("AZURE_CLIENT_CERTIFICATE_PATH").map(PathBuf::from),
            // Not trimmed: a password may end in a space.
            certificate_password: std::env::var("AZURE_CLIENT_CERTIFICATE_PASSWORD")
                .ok()
                .filter(|v| !v.is_empty())
                .map(Secret::new),
            send_certificate_chain: var("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")
                .is_some_and(|v| v.trim() == "1" || v.trim().eq_ignore_ascii_case("true")),
            federated_token_file: var("AZURE_FEDERATED_TOKEN_FILE").map(PathBuf::from),
            github_oidc: var("ACTIONS_ID_TOKEN_REQUEST_URL")
                .zip(var("ACTIONS_ID_TOKEN_REQUEST_TOKEN").map(Secret::new)),
            azure_pipelines: AzurePipelines {
                request_uri: var("SYSTEM_OIDCREQUESTURI"),
                access_token: var("SYSTEM_ACCESSTOKEN").map(Secret::new),
                service_connection_id: var("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
            },
            identity_endpoint: var("IDENTITY_ENDPOINT")
                .zip(var("IDENTITY_HEADER").map(Secret::new)),
            imds_endpoint: var("AZURE_POD_IDENTITY_AUTHORITY_HOST"),
            interactive: false,
        }
    }

    /// The flow to use: `kind` if given, else the first one the environment supports, in the
    /// order secret, certificate, federated (file, GitHub, Azure Pipelines), managed identity,
    /// Azure CLI, device code.
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
                if self.federated_token_file.is_some()
                    || self.github_oidc.is_some()
                    || self.azure_pipelines.complete()
                {
                    v.push(AuthKind::Federated);
                }
                if self.identity_endpoint.is_some() || self.imds_endpoint.is_some() {
                    v.push(AuthKind::ManagedIdentity);
                }
                if az_program().is_some() {
                    v.push(AuthKind::AzureCli);
                }
                if self.interactive && self.client_id.is_some() {
                    v.push(AuthKind::DeviceCode);
                }
                v
            }
        };
        let Some(first) = order.first().copied() else {
            let mut msg = String::from(
                "no credentials found: set AZURE_TENANT_ID, AZURE_CLIENT_ID and one of AZURE_CLIENT_SECRET, \
                 AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (or run in GitHub Actions with \
                 `permissions: id-token: write`, on a managed identity, after `az login`, or with --auth device-code)",
            );
            // In an Azure Pipelines job half the OIDC setup is the usual mistake: say which half.
            if self.azure_pipelines.request_uri.is_some() {
                msg.push_str(&format!(
                    "; for Azure Pipelines OIDC also set {}",
                    self.azure_pipelines.missing().join(", ")
                ));
            }
            return Err(AuthError(msg));
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
                let cert = Certificate::load(
                    &path,
                    self.certificate_password.as_ref(),
                    self.send_certificate_chain,
                )?;
                Source::Certificate {
                    tenant: tenant()?,
                    client_id: client()?,
                    cert: Box::new(cert),
                }
            }
            AuthKind::Federated => {
                let ado = &self.azure_pipelines;
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
                } else if let (Some(uri), Some(token), Some(id)) = (
                    &ado.request_uri,
                    &ado.access_token,
                    &ado.service_connection_id,
                ) {
                    Source::AzurePipelines {
                        tenant: tenant()?,
                        client_id: client()?,
                        request_uri: uri.clone(),
                        access_token: token.clone(),
                        service_connection_id: id.clone(),
                    }
                } else if ado.request_uri.is_some() {
                    return Err(AuthError(format!(
                        "--auth federated in Azure Pipelines needs {}",
                        ado.missing().join(", ")
                    )));
                } else {
                    return Err(AuthError(
                        "--auth federated needs AZURE_FEDERATED_TOKEN_FILE, GitHub Actions' \
                         ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN (`permissions: id-token: write`), \
                         or Azure Pipelines' SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and \
                         AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"
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
                        .unwrap_or_else(|| IMDS_DEFAULT.into()),
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

/// Where IMDS answers on every Azure VM (link-local, plain HTTP by design).
const IMDS_DEFAULT: &str = "http://169.254.169.254";

/// A signing key, the thumbprint of its certificate and the certificate chain.
pub struct Certificate {
    key: jsonwebtoken::EncodingKey,
    thumbprint_s256: String,
    /// The chain as `x5c` wants it: standard base64 DER, leaf first.
    chain: Vec<String>,
    /// Whether the assertion carries `x5c` (subject name/issuer certificate auth).
    send_chain: bool,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Certificate(x5t#S256={}, chain={}, x5c={})",
            self.thumbprint_s256,
            self.chain.len(),
            self.send_chain
        )
    }
}

/// One PEM block: its label, whether it had RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), its DER.
struct PemBlock {
    label: String,
    has_headers: bool,
    der: Option<Vec<u8>>,
}

fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut out = Vec::new();
    let mut current: Option<(String, bool, String)> = None;
    for line in text.lines().map(str::trim) {
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            current = Some((label.to_string(), false, String::new()));
        } else if line.starts_with("-----END ") {
            if let Some((label, has_headers, b64)) = current.take() {
                let der = base64::engine::general_purpose::STANDARD.decode(&b64).ok();
                out.push(PemBlock {
                    label,
                    has_headers,
                    der,
                });
            }
        } else if let Some((_, has_headers, b64)) = current.as_mut() {
            if line.contains(':') {
                *has_headers = true;
            } else {
                b64.push_str(line);
            }
        }
    }
    out
}

/// `rsaEncryption`: Entra ID certificate credentials are RSA keys.
const RSA_ENCRYPTION: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// The PKCS#1 RSA key inside a PKCS#8 `PrivateKeyInfo` (what the signer takes).
fn rsa_from_pkcs8(der: &[u8]) -> Result<Vec<u8>, AuthError> {
    let info = pkcs8::PrivateKeyInfoRef::try_from(der)
        .map_err(|_| AuthError("the private key is not a readable PKCS#8 key".into()))?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(AuthError(format!(
            "the private key is not RSA (algorithm {}); Entra ID certificate credentials need an RSA key",
            info.algorithm.oid
        )));
    }
    Ok(info.private_key.as_bytes().to_vec())
}

impl Certificate {
    /// The Azure SDK convention for `AZURE_CLIENT_CERTIFICATE_PATH`: a PEM file holding the
    /// certificate (then its chain) and the private key, plain or encrypted PKCS#8; or a
    /// PFX/PKCS#12 file. `password` opens an encrypted key or a PFX.
    pub fn load(
        path: &Path,
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Certificate, AuthError> {
        let bytes = std::fs::read(path)
            .map_err(|e| AuthError(format!("cannot read certificate {}: {e}", path.display())))?;
        let pem = std::str::from_utf8(&bytes)
            .ok()
            .filter(|t| t.contains("-----BEGIN "));
        let loaded = match pem {
            Some(text) => Certificate::from_pem(text, password, send_chain),
            None => Certificate::from_pfx(&bytes, password, send_chain),
        };
        loaded.map_err(|e| AuthError(format!("{}: {}", path.display(), e.0)))
    }

    /// A PEM bundle: the first CERTIFICATE block is the leaf, the others its chain in order.
    pub fn from_pem(
        text: &str,
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Certificate, AuthError> {
        let blocks = pem_blocks(text);
        let mut certs = Vec::new();
        for b in blocks.iter().filter(|b| b.label == "CERTIFICATE") {
            certs.push(
                b.der
                    .clone()
                    .ok_or_else(|| AuthError("a CERTIFICATE block is not valid base64".into()))?,
            );
        }
        if certs.is_empty() {
            return Err(AuthError("no CERTIFICATE block in the PEM".into()));
        }
        let key_der = |b: &PemBlock| {
            b.der
                .clone()
                .ok_or_else(|| AuthError(format!("the {} block is not valid base64", b.label)))
        };
        let pkcs1 = if let Some(b) = blocks.iter().find(|b| b.label == "ENCRYPTED PRIVATE KEY") {
            let Some(password) = password else {
                return Err(AuthError(
                    "the private key is encrypted: set AZURE_CLIENT_CERTIFICATE_PASSWORD".into(),
                ));
            };
            let der = key_der(b)?;
            let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der.as_slice())
                .map_err(|_| AuthError("the ENCRYPTED PRIVATE KEY block is not PKCS#8".into()))?;
            let plain = info.decrypt(password.expose().as_bytes()).map_err(|_| {
                AuthError(
                    "cannot decrypt the private key: wrong AZURE_CLIENT_CERTIFICATE_PASSWORD, \
                     or an encryption scheme other than PBES2 (PBKDF2 or scrypt, AES or 3DES)"
                        .into(),
                )
            })?;
            rsa_from_pkcs8(plain.as_bytes())?
        } else if let Some(b) = blocks.iter().find(|b| b.label == "PRIVATE KEY") {
            rsa_from_pkcs8(&key_der(b)?)?
        } else if let Some(b) = blocks.iter().find(|b| b.label == "RSA PRIVATE KEY") {
            if b.has_headers {
                return Err(AuthError(
                    "the private key uses OpenSSL's legacy PEM encryption (Proc-Type); convert it to \
                     encrypted PKCS#8 (`openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key8.pem`)"
                        .into(),
                ));
            }
            key_der(b)?
        } else {
            return Err(AuthError("no PRIVATE KEY block in the PEM".into()));
        };
        Certificate::assemble(&pkcs1, certs, send_chain)
    }

    /// A PFX/PKCS#12 file: the first private key with its certificate chain (leaf first).
    pub fn from_pfx(
        bytes: &[u8],
        password: Option<&Secret>,
        send_chain: bool,
    ) -> Result<Certificate, AuthError> {
        let store = p12_keystore::KeyStore::from_pkcs12(
            bytes,
            password.map(Secret::expose).unwrap_or(""),
            p12_keystore::Pkcs12ImportPolicy::Strict,
        )
        .map_err(|e| {
            let why = match e {
                p12_keystore::error::Error::MacError(_) => {
                    if password.is_some() {
                        "wrong AZURE_CLIENT_CERTIFICATE_PASSWORD".to_string()
                    } else {
                        "it needs a password: set AZURE_CLIENT_CERTIFICATE_PASSWORD".to_string()
                    }
                }
                // The library's messages name formats and algorithms, never the password.
                other => other.to_string(),
            };
            AuthError(format!("cannot open the PFX/PKCS#12 file: {why}"))
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| AuthError("the PFX holds no private key with its certificate".into()))?;
        let certs: Vec<Vec<u8>> = chain.certs().iter().map(|c| c.as_der().to_vec()).collect();
        if certs.is_empty() {
            return Err(AuthError("the PFX holds no certificate for its key".into()));
        }
        let pkcs1 = rsa_from_pkcs8(chain.key().as_der())?;
        Certificate::assemble(&pkcs1, certs, send_chain)
    }

    fn assemble(
        pkcs1: &[u8],
        certs: Vec<Vec<u8>>,
        send_chain: bool,
    ) -> Result<Certificate, AuthError> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let thumbprint_s256 =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(&certs[0]));
        let cert = Certificate {
            key: jsonwebtoken::EncodingKey::from_rsa_der(pkcs1),
            thumbprint_s256,
            chain: certs.iter().map(|c| b64.encode(c)).collect(),
            send_chain,
        };
        // The signer reads the key only when signing: sign once now so a bad key fails at
        // start-up with this message rather than as an odd error at the first token.
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::PS256),
            &serde_json::json!({}),
            &cert.key,
        )
        .map_err(|_| AuthError("the private key is not an RSA key that can sign".into()))?;
        Ok(cert)
    }

    /// A client assertion for certificate credentials, as Entra ID requires: PS256, `x5t#S256`, aud = the token endpoint;
    /// `x5c` too when asked for.
    fn assertion(&self, token_url: &str, client_id: &str) -> Result<Secret, AuthError> {
        let now = unix_now();
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::PS256);
        header.x5t_s256 = Some(self.thumbprint_s256.clone());
        if self.send_chain {
            header.x5c = Some(self.chain.clone());
        }
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
    AzurePipelines {
        tenant: String,
        client_id: String,
        request_uri: String,
        access_token: Secret,
        service_connection_id: String,
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
            Source::AzurePipelines { .. } => "Azure Pipelines OIDC",
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
            | Source::AzurePipelines { tenant, .. }
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

/// Retries of a managed identity endpoint on 404/429/5xx (410 has its own, longer budget).
const MI_RETRIES: u32 = 5;
/// IMDS answers 410 while it is being updated, for up to 70 s: keep retrying that long.
const IMDS_410_BUDGET: Duration = Duration::from_secs(70);
/// Connect timeout of the IMDS probe: off Azure, 169.254.169.254 drops packets and a normal
/// connect would hang for the OS's full TCP timeout before the error could be reported.
const IMDS_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Hands out access tokens, cached until five minutes before expiry.
pub struct Auth {
    source: Source,
    http: reqwest::Client,
    /// For IMDS only: the same client but with a short connect timeout (the probe).
    imds_http: Option<reqwest::Client>,
    /// Set once a managed identity endpoint has answered at all: from then on a failed connect
    /// is a transient fault to retry, not "not on Azure".
    mi_answered: std::sync::atomic::AtomicBool,
    authority: Url,
    /// `https://graph.microsoft.com` (or the cloud's): the token's resource.
    resource: String,
    /// Base of waits between retries of the token endpoint.
    backoff_base: Duration,
    cache: tokio::sync::Mutex<Option<Cached>>,
    /// The device code sign-in's refresh token: renews the access token without a new prompt.
    refresh_token: std::sync::Mutex<Option<Secret>>,
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

/// A non-success answer from an identity endpoint, kept whole so the caller can read its
/// `error` (device code polling continues on `authorization_pending`).
struct Refusal {
    status: u16,
    body: Value,
}

impl Refusal {
    fn error(&self, what: &str) -> AuthError {
        AuthError(format!(
            "{what} refused ({}): {}",
            self.status,
            aad_message(&self.body)
        ))
    }
}

impl Auth {
    pub fn new(
        source: Source,
        http: reqwest::Client,
        authority: Url,
        resource: &str,
        backoff_base: Duration,
    ) -> Auth {
        let imds_http = matches!(source, Source::Imds { .. }).then(|| {
            reqwest::Client::builder()
                .user_agent(concat!("govlint/", env!("CARGO_PKG_VERSION")))
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(IMDS_CONNECT_TIMEOUT)
                // IMDS is link-local: a proxy cannot reach it for us.
                .no_proxy()
                .build()
                .unwrap_or_else(|_| http.clone())
        });
        Auth {
            source,
            http,
            imds_http,
            mi_answered: std::sync::atomic::AtomicBool::new(false),
            authority,
            resource: resource.trim_end_matches('/').to_string(),
            backoff_base,
            cache: tokio::sync::Mutex::new(None),
            refresh_token: std::sync::Mutex::new(None),
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
                let scope = self.scope();
                let form = [
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id.as_str()),
                    ("scope", scope.as_str()),
                    ("client_secret", secret.expose()),
                ];
                self.token_request(&self.token_url(tenant), &form).await
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
                // A fresh GitHub token per exchange: they live 10 minutes.
                let assertion = self.github_token(request_url, request_token).await?;
                self.assertion_request(&self.token_url(tenant), client_id, &assertion)
                    .await
            }
            Source::AzurePipelines {
                tenant,
                client_id,
                request_uri,
                access_token,
                service_connection_id,
            } => {
                let assertion = self
                    .pipelines_token(request_uri, access_token, service_connection_id)
                    .await?;
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
                let make = || {
                    self.http
                        .get(endpoint)
                        .query(&q)
                        .header("X-IDENTITY-HEADER", header.expose())
                };
                self.managed_identity(make, "App Service managed identity")
                    .await
            }
            Source::Imds {
                endpoint,
                client_id,
            } => {
                check_imds_url(endpoint)?;
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
                let http = self.imds_http.as_ref().unwrap_or(&self.http);
                let make = || http.get(&url).query(&q).header("Metadata", "true");
                self.managed_identity(make, "IMDS managed identity").await
            }
            Source::AzureCli { tenant } => azure_cli(&self.resource, tenant.as_deref()).await,
            Source::DeviceCode { tenant, client_id } => {
                // Renew with the refresh token when there is one: the admin who signed in
                // hours ago is not asked again because the access token ran out mid-fetch.
                let held = self.refresh_token.lock().ok().and_then(|mut r| r.take());
                if let Some(refresh) = held {
                    match self.refresh_grant(tenant, client_id, &refresh).await? {
                        Ok(t) => return Ok(t),
                        // Revoked, expired, or a policy wants a fresh sign-in.
                        Err(refusal) => eprintln!(
                            "the sign-in could not be renewed ({}); sign in again",
                            refusal.error("the token endpoint").0
                        ),
                    }
                }
                self.device_code(tenant, client_id).await
            }
        }
    }

    async fn assertion_request(
        &self,
        url: &str,
        client_id: &str,
        assertion: &Secret,
    ) -> Result<(Secret, Duration), AuthError> {
        let scope = self.scope();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("scope", scope.as_str()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion.expose()),
        ];
        self.token_request(url, &form).await
    }

    /// A token request whose refusal is final.
    async fn token_request(
        &self,
        url: &str,
        form: &[(&str, &str)],
    ) -> Result<(Secret, Duration), AuthError> {
        match self.post_form(url, form, "the token endpoint").await? {
            Ok(body) => parse_token(&body),
            Err(refusal) => Err(refusal.error("the token endpoint")),
        }
    }

    /// POSTs a form to an Entra endpoint (token, device code), retrying network errors, 429
    /// and 5xx a few times (`Retry-After` honoured). `Ok(Ok(body))` on success,
    /// `Ok(Err(refusal))` on any other answer, `Err` when the endpoint cannot be reached.
    /// The form is never formatted anywhere: it holds secrets.
    async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
        what: &str,
    ) -> Result<Result<Value, Refusal>, AuthError> {
        let mut attempt = 0u32;
        loop {
            let resp = match self.http.post(url).form(form).send().await {
                Ok(resp) => resp,
                Err(e) => {
                    if attempt < 3 {
                        attempt += 1;
                        tokio::time::sleep(self.backoff_base * 2u32.pow(attempt)).await;
                        continue;
                    }
                    return Err(AuthError(format!(
                        "cannot reach {what} {url}: {}",
                        e.without_url()
                    )));
                }
            };
            let status = resp.status();
            let retry_after = super::retry_after::of(&resp);
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            if status.is_success() {
                return Ok(Ok(body));
            }
            if (status.as_u16() == 429 || status.is_server_error()) && attempt < 3 {
                attempt += 1;
                // Entra's guidance: at least 5 s before the first retry without Retry-After.
                let wait = retry_after.unwrap_or(self.backoff_base * 5 * attempt);
                tokio::time::sleep(wait.min(Duration::from_secs(60))).await;
                continue;
            }
            return Ok(Err(Refusal {
                status: status.as_u16(),
                body,
            }));
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

    /// The job's OIDC token for the service connection, fetched afresh for
    /// every exchange like GitHub's.
    async fn pipelines_token(
        &self,
        request_uri: &str,
        access_token: &Secret,
        service_connection_id: &str,
    ) -> Result<Secret, AuthError> {
        check_url(request_uri, "SYSTEM_OIDCREQUESTURI")?;
        let resp = self
            .http
            .post(request_uri)
            .query(&[
                ("api-version", "7.1"),
                ("serviceConnectionId", service_connection_id),
            ])
            .bearer_auth(access_token.expose())
            // Without it a bad token gets a 203 and a sign-in page instead of a 401.
            .header("X-TFS-FedAuthRedirect", "Suppress")
            // Azure DevOps answers 411 to a POST without a length, and an empty body sends none.
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .send()
            .await
            .map_err(|e| {
                AuthError(format!(
                    "cannot reach Azure Pipelines' OIDC endpoint: {}",
                    e.without_url()
                ))
            })?;
        let status = resp.status().as_u16();
        // Azure DevOps support asks for these to find the request in its logs.
        let ids: Vec<String> = ["x-vss-e2eid", "x-msedge-ref"]
            .iter()
            .filter_map(|h| {
                let v = resp.headers().get(*h)?.to_str().ok()?;
                Some(format!("{h}: {v}"))
            })
            .collect();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        if status == 200 {
            if let Some(t) = body["oidcToken"].as_str().filter(|t| !t.is_empty()) {
                return Ok(Secret::new(t));
            }
        }
        let hint = match status {
            200 => " (no oidcToken in the answer)",
            203 | 401 => {
                " (is `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` mapped into the step's env?)"
            }
            400 | 403 | 404 => {
                " (is AZURESUBSCRIPTION_SERVICE_CONNECTION_ID a workload identity federation \
                 service connection this pipeline is allowed to use?)"
            }
            _ => "",
        };
        let message: String = body["message"]
            .as_str()
            .and_then(|m| m.lines().next())
            .map(|m| format!(": {}", m.chars().take(200).collect::<String>()))
            .unwrap_or_default();
        let ids = if ids.is_empty() {
            String::new()
        } else {
            format!(" [{}]", ids.join(", "))
        };
        Err(AuthError(format!(
            "Azure Pipelines' OIDC endpoint refused ({status}){message}{hint}{ids}"
        )))
    }

    /// A managed identity token, retried as the Azure SDKs do (IMDS guidance): 404, 429 and
    /// 5xx a few times with exponential backoff (or `Retry-After`), 410 for up to 70 s. A
    /// first request that cannot connect means there is no managed identity endpoint here.
    async fn managed_identity(
        &self,
        make: impl Fn() -> reqwest::RequestBuilder,
        what: &str,
    ) -> Result<(Secret, Duration), AuthError> {
        use std::sync::atomic::Ordering;
        let start = Instant::now();
        let mut attempt = 0u32;
        loop {
            let sent = make().timeout(Duration::from_secs(30)).send().await;
            let resp = match sent {
                Ok(resp) => resp,
                Err(e) if !self.mi_answered.load(Ordering::Relaxed) => {
                    let why = if e.is_timeout() || e.is_connect() {
                        "no answer"
                    } else {
                        "no usable answer"
                    };
                    return Err(AuthError(format!(
                        "{why} from the {what} endpoint ({}): this does not look like an Azure \
                         resource with a managed identity; choose another credential (--auth)",
                        e.without_url()
                    )));
                }
                Err(e) => {
                    if attempt < MI_RETRIES {
                        attempt += 1;
                        tokio::time::sleep(self.mi_backoff(attempt, None)).await;
                        continue;
                    }
                    return Err(AuthError(format!(
                        "cannot reach the {what} endpoint: {}",
                        e.without_url()
                    )));
                }
            };
            self.mi_answered.store(true, Ordering::Relaxed);
            let status = resp.status().as_u16();
            let retry_after = super::retry_after::of(&resp);
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            if (200..300).contains(&status) {
                return parse_token(&body);
            }
            let retry = match status {
                410 => start.elapsed() < IMDS_410_BUDGET,
                404 | 429 | 500..=599 => attempt < MI_RETRIES,
                _ => false,
            };
            if retry {
                attempt += 1;
                tokio::time::sleep(self.mi_backoff(attempt, retry_after)).await;
                continue;
            }
            let hint = match status {
                400 => " (no managed identity is assigned here, or none with this AZURE_CLIENT_ID)",
                410 => " (IMDS was still updating after 70 s)",
                _ => "",
            };
            let retried = if attempt > 0 {
                format!(" after {attempt} retries")
            } else {
                String::new()
            };
            return Err(AuthError(format!(
                "the {what} endpoint refused ({status}){retried}: {}{hint}",
                aad_message(&body)
            )));
        }
    }

    /// `Retry-After`, else the base doubled per retry; at most 10 s a wait.
    fn mi_backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        retry_after
            .unwrap_or(self.backoff_base * 2u32.pow(attempt.saturating_sub(1).min(10)))
            .min(Duration::from_secs(10))
    }

    /// Keeps a refresh token from a successful user sign-in (rotated on every use).
    fn keep_refresh_token(&self, body: &Value) {
        if let Some(rt) = body["refresh_token"].as_str().filter(|t| !t.is_empty()) {
            if let Ok(mut held) = self.refresh_token.lock() {
                *held = Some(Secret::new(rt));
            }
        }
    }

    /// The refresh token grant. `Ok(Err(_))`: refused (the caller signs in again).
    async fn refresh_grant(
        &self,
        tenant: &str,
        client_id: &str,
        refresh: &Secret,
    ) -> Result<Result<(Secret, Duration), Refusal>, AuthError> {
        let scope = format!("{} offline_access", self.scope());
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("scope", scope.as_str()),
            ("refresh_token", refresh.expose()),
        ];
        match self
            .post_form(&self.token_url(tenant), &form, "the token endpoint")
            .await?
        {
            Ok(body) => {
                let token = parse_token(&body)?;
                // A response without a new refresh token leaves the old one usable.
                if body["refresh_token"].as_str().is_some() {
                    self.keep_refresh_token(&body);
                } else if let Ok(mut held) = self.refresh_token.lock() {
                    *held = Some(refresh.clone());
                }
                Ok(Ok(token))
            }
            Err(refusal) => Ok(Err(refusal)),
        }
    }

    async fn device_code(
        &self,
        tenant: &str,
        client_id: &str,
    ) -> Result<(Secret, Duration), AuthError> {
        let base = self.authority.as_str().trim_end_matches('/');
        // offline_access: a refresh token, so expiry mid-fetch does not prompt again.
        let scope = format!("{} offline_access", self.scope());
        let body = self
            .post_form(
                &format!("{base}/{tenant}/oauth2/v2.0/devicecode"),
                &[("client_id", client_id), ("scope", scope.as_str())],
                "the device code endpoint",
            )
            .await?
            .map_err(|r| r.error("the device code request"))?;
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
            let form = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", client_id),
                ("device_code", device_code.expose()),
            ];
            let refusal = match self.post_form(&url, &form, "the token endpoint").await? {
                Ok(body) => {
                    let token = parse_token(&body)?;
                    self.keep_refresh_token(&body);
                    return Ok(token);
                }
                Err(refusal) => refusal,
            };
            match refusal.body["error"].as_str() {
                Some("authorization_pending") => continue,
                Some("slow_down") => interval += Duration::from_secs(5),
                _ => return Err(refusal.error("device code sign-in")),
            }
        }
    }
}

/// IMDS is plain HTTP at a link-local address; an override must be that, loopback, or https.
fn check_imds_url(url: &str) -> Result<(), AuthError> {
    let u = Url::parse(url).map_err(|e| {
        AuthError(format!(
            "AZURE_POD_IDENTITY_AUTHORITY_HOST is not a URL: {e}"
        ))
    })?;
    if u.scheme() == "http" && u.host_str() == Some("169.254.169.254") {
        return Ok(());
    }
    check_url(url, "AZURE_POD_IDENTITY_AUTHORITY_HOST")
}

/// `http://` only to loopback (IMDS's link-local address is [`check_imds_url`]'s exception).
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
    // Entra's `{error, error_description}`, or the `{error: {code, message}}` and `{message}`
    // shapes managed identity endpoints and gateways answer with.
    let err = body["error"]
        .as_str()
        .or_else(|| body["error"]["code"].as_str())
        .unwrap_or("");
    let desc = body["error_description"]
        .as_str()
        .or_else(|| body["error"]["message"].as_str())
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

/// The names the Azure CLI's launcher has. On Windows it is `az.cmd`, a batch file, which
/// `Command::new("az")` never finds (Rust's search appends only `.exe`): run it by full path.
const AZ_NAMES: &[&str] = if cfg!(windows) {
    &["az.cmd", "az.exe", "az.bat"]
} else {
    &["az"]
};

/// The Azure CLI on `PATH`, if any.
fn az_program() -> Option<PathBuf> {
    find_in_path(AZ_NAMES, &std::env::var_os("PATH")?)
}

/// The first of `names` in the directories of `path`, directory by directory, as a shell
/// searches: an earlier directory wins over a preferred name in a later one.
fn find_in_path(names: &[&str], path: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path).find_map(|d| {
        names.iter().find_map(|n| {
            let p = d.join(n);
            p.is_file().then_some(p)
        })
    })
}

/// `az account get-access-token`, run directly (no shell), with a timeout.
async fn azure_cli(resource: &str, tenant: Option<&str>) -> Result<(Secret, Duration), AuthError> {
    let program = az_program().unwrap_or_else(|| PathBuf::from(AZ_NAMES[0]));
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
        if az_program().is_none() {
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

    fn header_of(jwt: &Secret) -> Value {
        let h = jwt.expose().split('.').next().unwrap_or_default();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(h)
            .unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }

    #[test]
    fn pem_chain_is_leaf_first_and_x5c_is_sent_only_when_asked() {
        let pem = govlint_testkit::emulator::CLIENT_CERT_PEM;
        let issuer_der = b"issuer certificate stand-in";
        let issuer = format!(
            "-----BEGIN CERTIFICATE-----\r\n{}\r\n-----END CERTIFICATE-----\r\n",
            base64::engine::general_purpose::STANDARD.encode(issuer_der)
        );
        let bundle = format!("{pem}\n{issuer}");
        let url = "https://login.microsoftonline.com/t/oauth2/v2.0/token";

        let plain = Certificate::from_pem(&bundle, None, false).expect("loads");
        let h = header_of(&plain.assertion(url, "c").expect("signs"));
        assert_eq!(h["alg"], "PS256");
        assert_eq!(h["x5t#S256"], plain.thumbprint_s256.as_str());
        assert!(h.get("x5c").is_none(), "{h}");

        let chained = Certificate::from_pem(&bundle, None, true).expect("loads");
        let h = header_of(&chained.assertion(url, "c").expect("signs"));
        let x5c: Vec<Vec<u8>> = h["x5c"]
            .as_array()
            .expect("x5c")
            .iter()
            .map(|c| {
                base64::engine::general_purpose::STANDARD
                    .decode(c.as_str().unwrap_or_default())
                    .expect("standard base64")
            })
            .collect();
        assert_eq!(x5c.len(), 2);
        let leaf_thumb =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(&x5c[0]));
        assert_eq!(h["x5t#S256"], leaf_thumb.as_str(), "x5c[0] is the leaf");
        assert_eq!(x5c[1], issuer_der);
        assert!(!format!("{chained:?}").contains("PRIVATE"));
    }

    #[test]
    fn keys_that_cannot_be_used_say_why() {
        let pem = govlint_testkit::emulator::CLIENT_CERT_PEM;
        let cert_only: String = pem
            .split_inclusive('\n')
            .take_while(|l| !l.contains("BEGIN PRIVATE KEY"))
            .collect();
        let err = |text: &str, pw: Option<&Secret>| {
            Certificate::from_pem(text, pw, false)
                .map(|_| ())
                .expect_err("refused")
                .0
        };
        assert!(err(&cert_only, None).contains("no PRIVATE KEY"));
        let legacy = format!(
            "{cert_only}-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"
        );
        assert!(err(&legacy, None).contains("legacy PEM encryption"));
        let encrypted = format!(
            "{cert_only}-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n"
        );
        assert!(err(&encrypted, None).contains("set AZURE_CLIENT_CERTIFICATE_PASSWORD"));
        let pw = Secret::new("pw-do-not-print");
        let m = err(&encrypted, Some(&pw));
        assert!(
            m.contains("not PKCS#8") && !m.contains("pw-do-not-print"),
            "{m}"
        );
        // Not a PFX either: the PKCS#12 reader's message, never the password.
        let m = Certificate::from_pfx(b"\x30\x03\x02\x01\x03", Some(&pw), false)
            .map(|_| ())
            .expect_err("refused")
            .0;
        assert!(
            m.starts_with("cannot open the PFX") && !m.contains("pw-do-not-print"),
            "{m}"
        );
    }

    #[test]
    fn azure_pipelines_is_chosen_only_when_complete() {
        let mut c = Credentials {
            tenant: Some("t".into()),
            client_id: Some("c".into()),
            azure_pipelines: AzurePipelines {
                request_uri: Some("https://dev.azure.com/o/p/_apis/x/oidctoken".into()),
                access_token: None,
                service_connection_id: Some("sc".into()),
            },
            ..Credentials::default()
        };
        let e = c
            .select(Some(AuthKind::Federated))
            .map(|_| ())
            .expect_err("incomplete");
        assert!(e.0.contains("SYSTEM_ACCESSTOKEN"), "{}", e.0);
        assert!(
            !e.0.contains("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
            "{}",
            e.0
        );
        c.azure_pipelines.access_token = Some(Secret::new("ado-do-not-print"));
        let s = c.select(None).expect("selected");
        assert_eq!(s.describe(), "Azure Pipelines OIDC");
        assert!(!format!("{s:?}{c:?}").contains("ado-do-not-print"));
    }

    #[test]
    fn imds_may_be_plain_http_only_at_its_own_address_or_loopback() {
        assert!(check_imds_url("http://169.254.169.254").is_ok());
        assert!(check_imds_url("http://127.0.0.1:8080").is_ok());
        assert!(check_imds_url("https://imds.example.com").is_ok());
        assert!(check_imds_url("http://169.254.169.253").is_err());
        assert!(check_imds_url("http://imds.example.com").is_err());
    }

    #[test]
    fn managed_identity_error_shapes_are_summarised() {
        let graph = serde_json::json!({"error": {"code": "invalid_request", "message": "Identity not found"}});
        assert_eq!(aad_message(&graph), "invalid_request: Identity not found");
        let app_service = serde_json::json!({"statusCode": 400, "message": "Bad header"});
        assert_eq!(aad_message(&app_service), "Bad header");
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

    #[test]
    fn azure_cli_is_found_as_a_windows_batch_file_and_in_path_order() {
        let first = tempfile::tempdir().expect("tempdir");
        let second = tempfile::tempdir().expect("tempdir");
        let windows = ["az.cmd", "az.exe", "az.bat"];
        // A directory called az.cmd is not the CLI.
        std::fs::create_dir(first.path().join("az.cmd")).expect("dir");
        std::fs::write(second.path().join("az.cmd"), "@echo off").expect("write");
        let path = std::env::join_paths([first.path(), second.path()]).expect("join");
        assert_eq!(
            find_in_path(&windows, &path),
            Some(second.path().join("az.cmd"))
        );
        // Plain `az` (what Command::new("az") looks for on Windows as az.exe) is not az.cmd.
        assert_eq!(find_in_path(&["az"], &path), None);
        // An earlier directory wins even with a later-preferred name.
        std::fs::write(first.path().join("az.exe"), "").expect("write");
        assert_eq!(
            find_in_path(&windows, &path),
            Some(first.path().join("az.exe"))
        );
        // A drive-letter PATH entry parses on Windows; elsewhere `;` is not a separator.
        if cfg!(windows) {
            let p =
                std::ffi::OsString::from(r"C:\Program Files\Microsoft SDKs\Azure\CLI2\wbin;C:\x");
            assert_eq!(std::env::split_paths(&p).count(), 2);
        }
    }
}
