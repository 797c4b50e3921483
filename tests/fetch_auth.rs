//! `govlint fetch`'s credentials against the emulator's identity endpoints, over real HTTP on
//! 127.0.0.1: PFX and encrypted PKCS#8 certificates, `x5c`, Azure Pipelines OIDC, managed
//! identity probing and retries (IMDS, App Service), and device code renewal with its refresh
//! token. The fetches also check that no secret they handed over, and no token, appears in
//! stdout, stderr or the snapshot.
//!
//! The PFX and encrypted key files are made here at test time from the emulator's registered
//! test certificate; nothing secret is committed beyond that existing test fixture.

mod common;

use common::{base_env, certificate_env, grants, tmp, write};
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use base64::Engine as _;
use govlint::fetch::auth::{Auth, Source};
use govlint_testkit::emulator::{
    Action, Emulator, Fault, Options, ADO_ACCESS_TOKEN, ADO_OIDC_PATH, ADO_SERVICE_CONNECTION_ID,
    CLIENT_CERT_PEM, CLIENT_ID, IDENTITY_HEADER,
};
use govlint_testkit::tenant;
use serde_json::Value;

fn start(options: Options) -> Emulator {
    let (snap, _) = tenant::demo();
    Emulator::start(&snap, options).expect("emulator starts")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// The snapshot, when one was written.
    snapshot: String,
}

impl Run {
    /// Fails when any of `secrets`, an emulator-minted JWT, a client assertion or an
    /// Authorization header shows in stdout, stderr or the snapshot.
    fn assert_no_secrets(&self, secrets: &[&str]) {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        // Every token the emulator mints (access, federated, refresh) starts with this header;
        // client assertions with the PS256 one (the prefix before their varying thumbprint).
        let hs256 = b64.encode(r#"{"typ":"JWT","alg":"HS256"}"#);
        let ps256 = b64.encode(r#"{"typ":"JWT","alg":"PS256","#)[..36].to_string();
        for (name, text) in [
            ("stdout", &self.stdout),
            ("stderr", &self.stderr),
            ("snapshot", &self.snapshot),
        ] {
            for s in secrets {
                assert!(!text.contains(s), "a secret leaked into {name}");
            }
            assert!(!text.contains(&hs256), "a token leaked into {name}");
            assert!(
                !text.contains(&ps256),
                "a client assertion leaked into {name}"
            );
            assert!(
                !text.contains("Bearer "),
                "an Authorization header leaked into {name}"
            );
        }
    }
}

/// `govlint fetch --only risk` (one small collection) with only `env`, against the emulator.
fn fetch(emu: &Emulator, dir: &Path, env: &[(&str, String)], args: &[&str]) -> Run {
    let out = dir.join("s.json");
    let _ = std::fs::remove_file(&out);
    let mut c = Command::cargo_bin("govlint").expect("binary built");
    c.env_clear();
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(["fetch", "-o"])
        .arg(&out)
        .args(["--graph-url", &emu.url(), "--authority-url", &emu.url()])
        // One request at a time: the order of token requests is then the test's to assert.
        .args([
            "--retry-base-ms",
            "1",
            "--only",
            "risk",
            "-v",
            "--concurrency",
            "1",
        ])
        .args(args);
    let o = c
        .timeout(Duration::from_secs(60))
        .output()
        .expect("govlint runs");
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        snapshot: std::fs::read_to_string(&out).unwrap_or_default(),
    }
}

fn requests_to(emu: &Emulator, needle: &str) -> usize {
    emu.requests()
        .iter()
        .filter(|r| r.target.contains(needle))
        .count()
}

/// The DER of the fixture's `label` PEM block.
fn fixture_der(label: &str) -> Vec<u8> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = CLIENT_CERT_PEM.find(&begin).expect("block") + begin.len();
    let stop = start + CLIENT_CERT_PEM[start..].find(&end).expect("end");
    let b64: String = CLIENT_CERT_PEM[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64")
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn cert_pem() -> String {
    pem("CERTIFICATE", &fixture_der("CERTIFICATE"))
}

/// The fixture's certificate and key as a PFX, encrypted and MACed as `legacy` says:
/// 3DES + HMAC-SHA1 (older Windows exports) or AES-256 + HMAC-SHA256 (OpenSSL 3 default).
fn pfx(password: &str, legacy: bool) -> Vec<u8> {
    use p12_keystore::{
        Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
        PrivateKeyChain,
    };
    let cert = Certificate::from_der(&fixture_der("CERTIFICATE")).expect("certificate");
    let key = PrivateKey::from_der(&fixture_der("PRIVATE KEY")).expect("key");
    let mut store = KeyStore::new();
    store.add_entry(
        "govlint",
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(
            b"govlint-test".as_slice(),
            key,
            [cert],
        )),
    );
    let w = store.writer(password);
    let w = if legacy {
        w.encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1)
    } else {
        w
    };
    w.encryption_iterations(2048)
        .mac_iterations(2048)
        .write()
        .expect("PFX written")
}

/// The fixture's key as `ENCRYPTED PRIVATE KEY` (PBES2, PBKDF2-SHA256, AES-256-CBC).
fn encrypted_key_pem(password: &str) -> String {
    let der = fixture_der("PRIVATE KEY");
    let info = pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).expect("PKCS#8");
    let salt = uuid::Uuid::new_v4();
    let iv = *uuid::Uuid::new_v4().as_bytes();
    let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
        2048,
        salt.as_bytes(),
        iv,
    )
    .expect("parameters");
    let enc = info
        .encrypt_with_params(params, password)
        .expect("encrypted");
    pem("ENCRYPTED PRIVATE KEY", enc.as_bytes())
}

const PFX_PASSWORD: &str = "emu-PFXPASS-do-not-leak-61d2";
const WRONG_PASSWORD: &str = "emu-WRONGPASS-do-not-leak-07";

#[test]
fn pfx_certificate_modern_and_legacy_encryption() {
    for legacy in [false, true] {
        let emu = start(Options::default());
        let dir = tmp();
        let file = write(dir.path(), "cert.pfx", pfx(PFX_PASSWORD, legacy));
        let mut env = certificate_env(&emu, &file);
        env.push(("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD.into()));
        let r = fetch(&emu, dir.path(), &env, &[]);
        assert_eq!(r.code, 0, "legacy={legacy} stderr:\n{}", r.stderr);
        assert_eq!(grants(&emu), vec!["client_credentials+certificate"]);
        r.assert_no_secrets(&[PFX_PASSWORD]);
    }
}

#[test]
fn pfx_without_a_password_needs_none() {
    let emu = start(Options::default());
    let dir = tmp();
    let file = write(dir.path(), "cert.p12", pfx("", false));
    let env = certificate_env(&emu, &file);
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["client_credentials+certificate"]);
    r.assert_no_secrets(&[]);
}

#[test]
fn pfx_with_a_wrong_or_missing_password_fails_without_echoing_it() {
    let emu = start(Options::default());
    let dir = tmp();
    // Any extension: a file that is not PEM is read as PKCS#12.
    let file = write(dir.path(), "cert.bin", pfx(PFX_PASSWORD, false));
    let mut env = certificate_env(&emu, &file);
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains("set AZURE_CLIENT_CERTIFICATE_PASSWORD"),
        "{}",
        r.stderr
    );
    env.push(("AZURE_CLIENT_CERTIFICATE_PASSWORD", WRONG_PASSWORD.into()));
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains("wrong AZURE_CLIENT_CERTIFICATE_PASSWORD"),
        "{}",
        r.stderr
    );
    r.assert_no_secrets(&[PFX_PASSWORD, WRONG_PASSWORD]);
    assert!(grants(&emu).is_empty(), "nothing sent without a usable key");
}

#[test]
fn encrypted_pkcs8_pem_needs_and_uses_the_password() {
    let emu = start(Options::default());
    let dir = tmp();
    let text = format!("{}{}", cert_pem(), encrypted_key_pem(PFX_PASSWORD));
    let file = write(dir.path(), "cert.pem", text.as_bytes());
    let mut env = certificate_env(&emu, &file);
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr
            .contains("encrypted: set AZURE_CLIENT_CERTIFICATE_PASSWORD"),
        "{}",
        r.stderr
    );

    env.push(("AZURE_CLIENT_CERTIFICATE_PASSWORD", WRONG_PASSWORD.into()));
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("cannot decrypt"), "{}", r.stderr);
    r.assert_no_secrets(&[WRONG_PASSWORD]);

    env.pop();
    env.push(("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD.into()));
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["client_credentials+certificate"]);
    r.assert_no_secrets(&[PFX_PASSWORD]);
}

#[test]
fn certificate_chain_is_sent_as_x5c_only_when_asked() {
    let emu = start(Options::default());
    let dir = tmp();
    // The leaf, its key, then an issuer: a chain of two in file order.
    let issuer = pem("CERTIFICATE", b"stand-in issuer certificate DER");
    let text = format!("{}{}{issuer}", CLIENT_CERT_PEM, "\n");
    let file = write(dir.path(), "chain.pem", text.as_bytes());
    let mut env = certificate_env(&emu, &file);
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["client_credentials+certificate"]);

    let emu = start(Options::default());
    env.push(("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "true".into()));
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    // The emulator checks x5c[0] is the signing (registered) certificate and counts the chain.
    assert_eq!(grants(&emu), vec!["client_credentials+certificate+x5c:2"]);
    r.assert_no_secrets(&[]);

    // Same from a PFX (its chain comes from the file's bags, leaf first).
    let emu = start(Options::default());
    let pfx_file = write(dir.path(), "cert.pfx", pfx(PFX_PASSWORD, false));
    let mut env = certificate_env(&emu, &pfx_file);
    env.push(("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD.into()));
    env.push(("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "1".into()));
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["client_credentials+certificate+x5c:1"]);
    r.assert_no_secrets(&[PFX_PASSWORD]);
}

fn pipelines_env(emu: &Emulator, access_token: &str) -> Vec<(&'static str, String)> {
    // As the AzureCLI@2 task sets them, with the access token mapped into the step.
    vec![
        ("AZURESUBSCRIPTION_TENANT_ID", emu.tenant().to_string()),
        ("AZURESUBSCRIPTION_CLIENT_ID", CLIENT_ID.to_string()),
        (
            "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
            ADO_SERVICE_CONNECTION_ID.to_string(),
        ),
        (
            "SYSTEM_OIDCREQUESTURI",
            format!("{}{ADO_OIDC_PATH}", emu.url()),
        ),
        ("SYSTEM_ACCESSTOKEN", access_token.to_string()),
    ]
}

#[test]
fn azure_pipelines_oidc() {
    let emu = start(Options::default().with_fault(Fault::expire_tokens("/v1.0/")));
    let dir = tmp();
    let r = fetch(
        &emu,
        dir.path(),
        &pipelines_env(&emu, ADO_ACCESS_TOKEN),
        &[],
    );
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    // The expired token is renewed with a fresh OIDC token, not the first one again.
    assert_eq!(
        grants(&emu),
        vec![
            "azure-pipelines-oidc",
            "client_credentials+federated",
            "azure-pipelines-oidc",
            "client_credentials+federated"
        ]
    );
    let oidc: Vec<String> = emu
        .requests()
        .into_iter()
        .filter(|r| r.target.contains("/oidctoken"))
        .map(|r| r.target)
        .collect();
    assert!(
        oidc[0].ends_with(&format!(
            "oidctoken?api-version=7.1&serviceConnectionId={ADO_SERVICE_CONNECTION_ID}"
        )),
        "{oidc:?}"
    );
    r.assert_no_secrets(&[ADO_ACCESS_TOKEN]);
}

#[test]
fn azure_pipelines_without_the_access_token_says_what_to_map() {
    let emu = start(Options::default());
    let dir = tmp();
    let wrong = "emu-WRONGADO-do-not-leak-5e";
    let r = fetch(&emu, dir.path(), &pipelines_env(&emu, wrong), &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains("refused (401)")
            && r.stderr
                .contains("SYSTEM_ACCESSTOKEN: $(System.AccessToken)")
            && r.stderr.contains("[x-vss-e2eid: "),
        "{}",
        r.stderr
    );
    r.assert_no_secrets(&[wrong]);

    // Not mapped at all: nothing is tried, and the error names the missing variable.
    let mut env = pipelines_env(&emu, "");
    env.retain(|(k, _)| *k != "SYSTEM_ACCESSTOKEN");
    let r = fetch(&emu, dir.path(), &env, &["--auth", "federated"]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains("needs SYSTEM_ACCESSTOKEN"),
        "{}",
        r.stderr
    );
    assert_eq!(requests_to(&emu, "/oidctoken"), 1, "only the first run's");
}

fn imds_fault(status: u16, times: usize) -> Fault {
    Fault {
        path: "/metadata/identity".into(),
        after: 0,
        times: Some(times),
        action: Action::Status {
            status,
            code: "IMDS".into(),
            message: "transient".into(),
            retry_after: None,
        },
    }
}

#[test]
fn imds_retries_404_410_429_and_5xx_then_succeeds() {
    let emu = start(
        Options::default()
            .with_fault(imds_fault(410, 2))
            .with_fault(imds_fault(404, 1))
            .with_fault(Fault::throttle("/metadata/identity", Some("0")))
            .with_fault(imds_fault(503, 1)),
    );
    let dir = tmp();
    let env = vec![("AZURE_POD_IDENTITY_AUTHORITY_HOST", emu.url())];
    let r = fetch(&emu, dir.path(), &env, &["--auth", "managed-identity"]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(emu.fault_counts(), vec![2, 1, 1, 1]);
    assert_eq!(requests_to(&emu, "/metadata/identity"), 6);
    r.assert_no_secrets(&[]);
}

#[test]
fn imds_gives_up_after_its_retries_and_does_not_retry_a_400() {
    let emu = start(Options::default().with_fault(imds_fault(500, 100)));
    let dir = tmp();
    let env = vec![("AZURE_POD_IDENTITY_AUTHORITY_HOST", emu.url())];
    let r = fetch(&emu, dir.path(), &env, &["--auth", "managed-identity"]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("after 5 retries"), "{}", r.stderr);
    assert_eq!(requests_to(&emu, "/metadata/identity"), 6);

    // 400 is IMDS saying there is no such identity here: final at once.
    let emu = start(Options::default().with_fault(imds_fault(400, 100)));
    let env = vec![("AZURE_POD_IDENTITY_AUTHORITY_HOST", emu.url())];
    let r = fetch(&emu, dir.path(), &env, &["--auth", "managed-identity"]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("no managed identity"), "{}", r.stderr);
    assert_eq!(requests_to(&emu, "/metadata/identity"), 1);
}

#[test]
fn app_service_managed_identity_retries_5xx_but_not_a_wrong_header() {
    let emu = start(Options::default().with_fault(Fault::unavailable("/msi/token")));
    let dir = tmp();
    let env = vec![
        ("IDENTITY_ENDPOINT", format!("{}/msi/token", emu.url())),
        ("IDENTITY_HEADER", IDENTITY_HEADER.to_string()),
    ];
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(requests_to(&emu, "/msi/token"), 2);
    r.assert_no_secrets(&[IDENTITY_HEADER]);

    let wrong = "emu-WRONGHDR-do-not-leak-3c";
    let emu = start(Options::default());
    let env = vec![
        ("IDENTITY_ENDPOINT", format!("{}/msi/token", emu.url())),
        ("IDENTITY_HEADER", wrong.to_string()),
    ];
    let r = fetch(&emu, dir.path(), &env, &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("refused (401)"), "{}", r.stderr);
    assert_eq!(requests_to(&emu, "/msi/token"), 1);
    r.assert_no_secrets(&[wrong]);
}

#[test]
fn imds_off_azure_fails_fast_and_says_so() {
    // A loopback port nobody listens on stands in for a machine without IMDS.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let emu = start(Options::default());
    let dir = tmp();
    let env = vec![(
        "AZURE_POD_IDENTITY_AUTHORITY_HOST",
        format!("http://127.0.0.1:{port}"),
    )];
    let t = Instant::now();
    let r = fetch(&emu, dir.path(), &env, &["--auth", "managed-identity"]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr
            .contains("no answer from the IMDS managed identity endpoint")
            && r.stderr.contains("choose another credential"),
        "{}",
        r.stderr
    );
    assert!(t.elapsed() < Duration::from_secs(10), "no retry storm");

    // An override that is plain http to anything but loopback or IMDS's address is refused.
    let env = vec![(
        "AZURE_POD_IDENTITY_AUTHORITY_HOST",
        "http://imds.example.com".to_string(),
    )];
    let r = fetch(&emu, dir.path(), &env, &["--auth", "managed-identity"]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("plain http://"), "{}", r.stderr);
}

#[test]
fn device_code_renews_with_its_refresh_token_instead_of_prompting_again() {
    let emu = start(Options::default().with_fault(Fault::expire_tokens("/v1.0/")));
    let dir = tmp();
    let r = fetch(
        &emu,
        dir.path(),
        &base_env(&emu),
        &["--auth", "device-code"],
    );
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(
        r.stderr.matches("enter the code EMU-4242").count(),
        1,
        "one prompt:\n{}",
        r.stderr
    );
    assert_eq!(
        grants(&emu),
        vec!["devicecode", "device_code", "device_code", "refresh_token"]
    );
    r.assert_no_secrets(&[]);
    let snapshot: Value = serde_json::from_str(&r.snapshot).expect("snapshot");
    assert_eq!(
        snapshot["collections"]["riskyUsers"]["status"], "complete",
        "the collection was read with the renewed token"
    );
}

/// The token client itself, against the emulator (no Graph traffic to race with).
fn device_code_auth(emu: &Emulator) -> Auth {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    Auth::new(
        Source::DeviceCode {
            tenant: emu.tenant().to_string(),
            client_id: CLIENT_ID.to_string(),
        },
        http,
        reqwest::Url::parse(&emu.url()).expect("url"),
        "https://graph.microsoft.com",
        Duration::from_millis(1),
    )
}

#[test]
fn device_code_refresh_tokens_rotate_across_renewals() {
    let emu = start(Options::default());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let auth = device_code_auth(&emu);
        let mut seen = Vec::new();
        for _ in 0..3 {
            let t = auth.token().await.expect("a token");
            // Graph said it expired: the next token() renews.
            auth.invalidate(&t).await;
            seen.push(t);
        }
        assert!(
            seen[0] != seen[1] && seen[1] != seen[2],
            "new tokens each time"
        );
    });
    // Refresh tokens are single use in the emulator: the second renewal works only with the
    // token the first one rotated in, so a fetcher that kept the first would prompt again.
    assert_eq!(
        grants(&emu),
        vec![
            "devicecode",
            "device_code",
            "device_code",
            "refresh_token",
            "refresh_token"
        ]
    );
    assert!(emu
        .requests()
        .iter()
        .all(|r| r.status == 200 || r.grant.as_deref() == Some("device_code")));
}

#[test]
fn device_code_prompts_again_when_the_refresh_token_is_refused() {
    // The third token request is the renewal: refuse it as Entra does a revoked refresh token.
    let refuse = Fault {
        path: "/oauth2/v2.0/token".into(),
        after: 2,
        times: Some(1),
        action: Action::Status {
            status: 400,
            code: "invalid_grant".into(),
            message: "AADSTS50173: The provided grant has expired due to it being revoked.".into(),
            retry_after: None,
        },
    };
    let emu = start(
        Options::default()
            .with_fault(refuse)
            .with_fault(Fault::expire_tokens("/v1.0/")),
    );
    let dir = tmp();
    let r = fetch(
        &emu,
        dir.path(),
        &base_env(&emu),
        &["--auth", "device-code"],
    );
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(emu.fault_counts(), vec![1, 1]);
    assert!(
        r.stderr.contains("could not be renewed") && r.stderr.contains("sign in again"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("enter the code").count(),
        2,
        "{}",
        r.stderr
    );
    r.assert_no_secrets(&[]);
}
