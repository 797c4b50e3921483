//! The identity side: the Entra token endpoint (client secret, certificate assertion with
//! optional `x5c`, federated assertion, device code, refresh token), a GitHub Actions OIDC
//! issuer, Azure Pipelines' OIDC endpoint, IMDS and App Service managed identity
//! (graph-api.md section 3).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::response::Response;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::graph::{json_response, Ctx};
use super::{State, FEDERATED_AUDIENCE, GITHUB_ISSUER, GITHUB_REQUEST_TOKEN, IDENTITY_HEADER};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The issuer of Azure Pipelines OIDC tokens (`https://vstoken.dev.azure.com/{organizationId}`).
pub const ADO_ISSUER: &str = "https://vstoken.dev.azure.com/4f1c0a52-8f2e-4d8b-a0c3-5e9d7b6a1c20";
/// The subject Azure DevOps gives a service connection: `sc://{org}/{project}/{connection}`.
pub const ADO_SUBJECT: &str = "sc://contoso/governance/govlint-entra";
/// The service connection id (`AZURESUBSCRIPTION_SERVICE_CONNECTION_ID`).
pub const ADO_SERVICE_CONNECTION_ID: &str = "8d2b6e4a-1f3c-4a7e-9b0d-2c5e7f9a1b3d";
/// The job's `System.AccessToken`: recognisable, so tests can check it never leaks.
pub const ADO_ACCESS_TOKEN: &str = "emu-ADOSYS-do-not-leak-0b3d";
/// `SYSTEM_OIDCREQUESTURI` below the emulator's root (any path ending in `/oidctoken` works).
pub const ADO_OIDC_PATH: &str =
    "/contoso/governance/_apis/distributedtask/hubs/build/plans/2a1e/jobs/7c4d/oidctoken";

fn fed_key(state: &State) -> Vec<u8> {
    derived_key(state, b"federated:")
}

fn derived_key(state: &State, purpose: &[u8]) -> Vec<u8> {
    let mut k = purpose.to_vec();
    k.extend_from_slice(&state.key);
    k
}

/// An access token: an HS256 JWT whose `roles` are the granted application permissions.
pub fn mint_access(state: &State, client_id: &str) -> String {
    let t = now();
    let generation = state.token_generation.lock().map(|g| *g).unwrap_or(0);
    let claims = json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{}/", state.tenant),
        "tid": state.tenant, "appid": client_id, "idtyp": "app",
        "roles": state.options.granted.iter().collect::<Vec<_>>(),
        "gen": generation,
        "iat": t, "nbf": t, "exp": t + state.options.token_lifetime,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&state.key),
    )
    .unwrap_or_default()
}

/// The roles of a valid access token, or why it is not valid.
pub fn validate_access(state: &State, token: &str) -> Result<Vec<String>, &'static str> {
    let claims = validate_claims(state, token)?;
    Ok(claims["roles"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

/// The claims of a valid access token, or why it is not valid.
pub fn validate_claims(state: &State, token: &str) -> Result<Value, &'static str> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&["https://graph.microsoft.com"]);
    v.leeway = 0;
    let data = jsonwebtoken::decode::<Value>(token, &DecodingKey::from_secret(&state.key), &v)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                "Access token has expired or is not yet valid."
            }
            _ => "Access token validation failure.",
        })?;
    let generation = state.token_generation.lock().map(|g| *g).unwrap_or(0);
    if data.claims["gen"].as_u64().unwrap_or(0) < generation {
        return Err("Access token has expired or is not yet valid.");
    }
    Ok(data.claims)
}

/// A delegated access token for a signed-in user (`oid`), with the delegated permissions
/// `scp` and, when `mfa`, `amr` saying the sign-in used multifactor authentication.
pub fn mint_user(state: &State, client_id: &str, oid: &str, scp: &[&str], mfa: bool) -> String {
    let t = now();
    let generation = state.token_generation.lock().map(|g| *g).unwrap_or(0);
    let amr: Vec<&str> = if mfa { vec!["pwd", "mfa"] } else { vec!["pwd"] };
    let claims = json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://sts.windows.net/{}/", state.tenant),
        "tid": state.tenant, "appid": client_id, "idtyp": "user", "oid": oid,
        "scp": scp.join(" "), "amr": amr,
        "gen": generation,
        "iat": t, "nbf": t, "exp": t + state.options.token_lifetime,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&state.key),
    )
    .unwrap_or_default()
}

/// A token from the emulator's GitHub Actions issuer.
pub fn mint_federated(state: &State, subject: &str, audience: &str) -> String {
    mint_federated_by(state, GITHUB_ISSUER, subject, audience)
}

/// A federated token from `issuer` (GitHub's or Azure DevOps'), signed with the emulator's
/// federated key.
fn mint_federated_by(state: &State, issuer: &str, subject: &str, audience: &str) -> String {
    let t = now();
    let claims = json!({
        "iss": issuer, "sub": subject, "aud": audience,
        "iat": t, "nbf": t, "exp": t + 600, "jti": uuid::Uuid::new_v4().to_string(),
        "repository": "contoso/governance",
    });
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&fed_key(state)),
    )
    .unwrap_or_default()
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (pct(k), pct(v))
        })
        .collect()
}

fn pct(s: &str) -> String {
    let s = s.replace('+', " ");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(x) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16)
            {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// AADSTS-style error (graph-api.md 3.1).
fn aad_error(status: u16, error: &str, code: u32, description: &str) -> Response {
    let trace = uuid::Uuid::new_v4().to_string();
    json_response(
        status,
        &json!({
            "error": error,
            "error_description": format!("AADSTS{code}: {description}\r\nTrace ID: {trace}\r\nCorrelation ID: {trace}\r\nTimestamp: 2026-11-20 09:00:00Z"),
            "error_codes": [code], "timestamp": "2026-11-20 09:00:00Z",
            "trace_id": trace, "correlation_id": trace,
        }),
    )
}

fn token_ok(state: &State, client_id: &str) -> Response {
    json_response(200, &token_body(state, client_id))
}

fn token_body(state: &State, client_id: &str) -> Value {
    let lifetime = state.options.token_lifetime;
    json!({"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
           "access_token": mint_access(state, client_id)})
}

/// A user sign-in's answer with a refresh token: single use (its `jti` is spent on
/// redemption, and the answer carries a new one), as Entra rotates them.
fn token_ok_with_refresh(state: &State, client_id: &str) -> Response {
    let mut body = token_body(state, client_id);
    let t = now();
    let claims = json!({
        "typ": "refresh", "client_id": client_id, "tid": state.tenant,
        "iat": t, "exp": t + 86_400, "jti": uuid::Uuid::new_v4().to_string(),
    });
    body["refresh_token"] = json!(jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&derived_key(state, b"refresh:")),
    )
    .unwrap_or_default());
    body["scope"] = json!("https://graph.microsoft.com/.default offline_access");
    json_response(200, &body)
}

/// `grant_type=refresh_token`: a valid, unspent refresh token of this client.
fn refresh_grant(state: &State, ctx: &mut Ctx, client_id: &str, refresh: &str) -> Response {
    ctx.grant = Some("refresh_token".into());
    let mut v = Validation::new(Algorithm::HS256);
    v.validate_aud = false;
    v.set_required_spec_claims(&["exp"]);
    let claims = match jsonwebtoken::decode::<Value>(
        refresh,
        &DecodingKey::from_secret(&derived_key(state, b"refresh:")),
        &v,
    ) {
        Ok(d) => d.claims,
        Err(_) => {
            return aad_error(
                400,
                "invalid_grant",
                9002313,
                "Invalid request. Request is malformed or invalid.",
            )
        }
    };
    if claims["typ"] != "refresh" || claims["client_id"] != client_id {
        return aad_error(
            400,
            "invalid_grant",
            700003,
            "Device object was not found in the tenant directory, or the refresh token was issued to another client.",
        );
    }
    let fresh = claims["jti"].as_str().is_some_and(|jti| {
        state
            .jtis
            .lock()
            .map(|mut j| j.insert(format!("refresh:{jti}")))
            .unwrap_or(false)
    });
    if !fresh {
        return aad_error(
            400,
            "invalid_grant",
            70000,
            "The provided value for the 'refresh_token' is not valid: it has already been redeemed.",
        );
    }
    token_ok_with_refresh(state, client_id)
}

fn tenant_known(state: &State, tenant: &str) -> bool {
    if tenant.eq_ignore_ascii_case(&state.tenant) {
        return true;
    }
    state
        .store()
        .data
        .get("organization")
        .into_iter()
        .flatten()
        .flat_map(|o| o["verifiedDomains"].as_array().cloned().unwrap_or_default())
        .any(|d| {
            d["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(tenant))
        })
}

pub fn token_endpoint(state: &State, ctx: &mut Ctx, tenant: &str, body: &[u8]) -> Response {
    let f = form(body);
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if !tenant_known(state, tenant) {
        return aad_error(
            400,
            "invalid_request",
            90002,
            &format!("Tenant '{tenant}' not found."),
        );
    }
    let grant_type = get("grant_type").unwrap_or("");
    let client_id = get("client_id").unwrap_or("");
    if grant_type == "urn:ietf:params:oauth:grant-type:device_code" {
        ctx.grant = Some("device_code".into());
        let code = get("device_code").unwrap_or("");
        let mut polls = match state.device_polls.lock() {
            Ok(p) => p,
            Err(_) => return aad_error(500, "server_error", 0, "lock"),
        };
        let Some(n) = polls.get_mut(code) else {
            return aad_error(
                400,
                "expired_token",
                70020,
                "The provided value for the input parameter 'device_code' is not valid.",
            );
        };
        if *n < state.options.device_pending_polls {
            *n += 1;
            return aad_error(
                400,
                "authorization_pending",
                70016,
                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
            );
        }
        polls.remove(code);
        // A refresh token only when the device code request asked for offline_access.
        return if code.ends_with(OFFLINE_MARK) {
            token_ok_with_refresh(state, client_id)
        } else {
            token_ok(state, client_id)
        };
    }
    if grant_type == "refresh_token" {
        return refresh_grant(state, ctx, client_id, get("refresh_token").unwrap_or(""));
    }
    if grant_type != "client_credentials" {
        return aad_error(
            400,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type.",
        );
    }
    if !get("scope").is_some_and(|s| s.ends_with("/.default")) {
        return aad_error(
            400,
            "invalid_scope",
            70011,
            "The provided value for the input parameter 'scope' is not valid.",
        );
    }
    let Some(app) = state.options.apps.iter().find(|a| a.client_id == client_id) else {
        return aad_error(
            400,
            "unauthorized_client",
            700016,
            &format!("Application with identifier '{client_id}' was not found in the directory."),
        );
    };
    if let Some(secret) = get("client_secret") {
        ctx.grant = Some("client_credentials+secret".into());
        if app.secret.as_deref() != Some(secret) {
            return aad_error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
        }
        return token_ok(state, client_id);
    }
    let Some(assertion) = get("client_assertion") else {
        return aad_error(400, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    };
    if get("client_assertion_type")
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return aad_error(
            400,
            "invalid_request",
            900023,
            "Specified client_assertion_type is not supported.",
        );
    }
    let Ok(header) = jsonwebtoken::decode_header(assertion) else {
        return aad_error(
            400,
            "invalid_client",
            50027,
            "JWT token is invalid or malformed.",
        );
    };
    match header.alg {
        Algorithm::RS256 | Algorithm::PS256 => {
            ctx.grant = Some("client_credentials+certificate".into());
            let Some((pubkey, cert_pem)) = &app.certificate else {
                return aad_error(
                    401,
                    "invalid_client",
                    700027,
                    "Client assertion failed signature validation: no certificate registered.",
                );
            };
            let thumb = thumbprint_s256(cert_pem);
            if header.x5t_s256.as_deref() != thumb.as_deref() {
                return aad_error(
                    401,
                    "invalid_client",
                    700027,
                    "Client assertion failed signature validation: unknown certificate thumbprint.",
                );
            }
            // `x5c` (subject name/issuer auth): its first certificate must be the one that
            // signed, i.e. the registered one; the rest is the chain, counted in the log.
            if let Some(chain) = &header.x5c {
                let leaf = chain
                    .first()
                    .and_then(|c| base64::engine::general_purpose::STANDARD.decode(c).ok());
                if leaf.is_none() || leaf != cert_der(cert_pem) {
                    return aad_error(
                        401,
                        "invalid_client",
                        700027,
                        "Client assertion failed signature validation: the first x5c certificate is not the signing certificate.",
                    );
                }
                ctx.grant = Some(format!(
                    "client_credentials+certificate+x5c:{}",
                    chain.len()
                ));
            }
            let Ok(key) = DecodingKey::from_rsa_pem(pubkey.as_bytes()) else {
                return aad_error(500, "server_error", 0, "bad registered key");
            };
            let mut v = Validation::new(header.alg);
            v.algorithms = vec![Algorithm::RS256, Algorithm::PS256];
            let aud = format!("http://{}/{}/oauth2/v2.0/token", ctx.host, tenant);
            v.set_audience(&[aud]);
            v.set_issuer(&[client_id]);
            v.sub = Some(client_id.to_string());
            v.validate_nbf = true;
            v.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
            let claims = match jsonwebtoken::decode::<Value>(assertion, &key, &v) {
                Ok(d) => d.claims,
                Err(e) => {
                    return match e.kind() {
                        jsonwebtoken::errors::ErrorKind::ExpiredSignature
                        | jsonwebtoken::errors::ErrorKind::ImmatureSignature => aad_error(
                            401,
                            "invalid_client",
                            700024,
                            "Client assertion is not within its valid time range.",
                        ),
                        jsonwebtoken::errors::ErrorKind::InvalidAudience => aad_error(
                            401,
                            "invalid_client",
                            700021,
                            "Client assertion audience claim does not match Realm issuer.",
                        ),
                        _ => aad_error(
                            401,
                            "invalid_client",
                            700027,
                            &format!("Client assertion failed signature validation ({e:?})."),
                        ),
                    };
                }
            };
            let Some(jti) = claims["jti"].as_str() else {
                return aad_error(
                    401,
                    "invalid_client",
                    700023,
                    "Client assertion contains no jti.",
                );
            };
            let fresh = state
                .jtis
                .lock()
                .map(|mut j| j.insert(jti.to_string()))
                .unwrap_or(false);
            if !fresh {
                return aad_error(
                    401,
                    "invalid_client",
                    700025,
                    "Client assertion has been replayed (jti reused).",
                );
            }
            token_ok(state, client_id)
        }
        Algorithm::HS256 => {
            ctx.grant = Some("client_credentials+federated".into());
            let mut v = Validation::new(Algorithm::HS256);
            v.set_audience(&[FEDERATED_AUDIENCE]);
            let claims = match jsonwebtoken::decode::<Value>(
                assertion,
                &DecodingKey::from_secret(&fed_key(state)),
                &v,
            ) {
                Ok(d) => d.claims,
                Err(e) => {
                    return match e.kind() {
                        jsonwebtoken::errors::ErrorKind::ExpiredSignature => aad_error(401, "invalid_client", 700024, "Client assertion is not within its valid time range."),
                        _ => aad_error(401, "invalid_client", 700211, "No matching federated identity record found for presented assertion issuer."),
                    };
                }
            };
            let iss = claims["iss"].as_str().unwrap_or("");
            let sub = claims["sub"].as_str().unwrap_or("");
            if !app.federated.iter().any(|(i, s)| i == iss && s == sub) {
                return aad_error(401, "invalid_client", 70021, &format!("No matching federated identity record found for presented assertion. Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'."));
            }
            token_ok(state, client_id)
        }
        _ => aad_error(
            401,
            "invalid_client",
            5002738,
            "Unsupported client assertion algorithm.",
        ),
    }
}

fn cert_der(cert_pem: &str) -> Option<Vec<u8>> {
    let b64: String = cert_pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN CERTIFICATE-----"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

fn thumbprint_s256(cert_pem: &str) -> Option<String> {
    let der = cert_der(cert_pem)?;
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(&der)))
}

/// Marks a device code whose request asked for `offline_access` (so its sign-in answers with
/// a refresh token), without keeping more state than the pending-poll count.
const OFFLINE_MARK: &str = ".offline";

pub fn devicecode(state: &State, ctx: &mut Ctx, tenant: &str, body: &[u8]) -> Response {
    ctx.grant = Some("devicecode".into());
    let f = form(body);
    if !tenant_known(state, tenant) {
        return aad_error(
            400,
            "invalid_request",
            90002,
            &format!("Tenant '{tenant}' not found."),
        );
    }
    if !f.iter().any(|(k, v)| k == "client_id" && !v.is_empty()) {
        return aad_error(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
        );
    }
    let offline = f
        .iter()
        .any(|(k, v)| k == "scope" && v.split(' ').any(|s| s == "offline_access"));
    let mut code = uuid::Uuid::new_v4().to_string();
    if offline {
        code.push_str(OFFLINE_MARK);
    }
    if let Ok(mut p) = state.device_polls.lock() {
        p.insert(code.clone(), 0);
    }
    json_response(
        200,
        &json!({
            "device_code": code, "user_code": "EMU-4242",
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": 900, "interval": 0,
            "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code EMU-4242 to authenticate.",
        }),
    )
}

pub fn github(state: &State, ctx: &mut Ctx) -> Response {
    ctx.grant = Some("github-oidc".into());
    let ok = ctx
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .is_some_and(|t| t == GITHUB_REQUEST_TOKEN);
    if !ok {
        return json_response(401, &json!({"message": "Bad credentials"}));
    }
    let audience = ctx
        .param("audience")
        .unwrap_or("https://github.com/contoso")
        .to_string();
    json_response(
        200,
        &json!({"count": 1, "value": mint_federated(state, super::GITHUB_SUBJECT, &audience)}),
    )
}

/// Azure Pipelines' OIDC endpoint (`POST {SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=…`):
/// the job's access token as bearer, an empty body with its length, and an OIDC token for the
/// service connection back.
pub fn azure_pipelines(state: &State, ctx: &mut Ctx) -> Response {
    ctx.grant = Some("azure-pipelines-oidc".into());
    let mut r = pipelines_answer(state, ctx);
    // Azure DevOps' end-to-end id, which a client should quote in its errors.
    if let Ok(v) = axum::http::HeaderValue::from_str(&ctx.request_id) {
        r.headers_mut().insert("x-vss-e2eid", v);
    }
    r
}

fn pipelines_answer(state: &State, ctx: &Ctx) -> Response {
    let authorised = ctx
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .is_some_and(|t| t == ADO_ACCESS_TOKEN);
    if !authorised {
        // Azure DevOps answers a browser-style sign-in page with 203 unless told not to.
        if ctx.header("x-tfs-fedauthredirect") == Some("Suppress") {
            return json_response(
                401,
                &json!({"$id": "1", "innerException": null, "message": "TF400813: The user '' is not authorized to access this resource.", "typeName": "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException"}),
            );
        }
        let mut r = json_response(203, &json!(null));
        *r.body_mut() = axum::body::Body::from("<html><body>Sign in</body></html>");
        return r;
    }
    if ctx.header("content-length") != Some("0") {
        return json_response(411, &json!({"message": "Length Required"}));
    }
    if ctx.param("api-version") != Some("7.1") {
        return json_response(
            400,
            &json!({"$id": "1", "message": "The requested REST API version is not supported.", "typeName": "VssVersionOutOfRangeException"}),
        );
    }
    if ctx.param("serviceConnectionId") != Some(ADO_SERVICE_CONNECTION_ID) {
        return json_response(
            404,
            &json!({"$id": "1", "message": "Service connection not found or this pipeline is not authorized to use it.", "typeName": "ServiceEndpointNotFoundException"}),
        );
    }
    json_response(
        200,
        &json!({"oidcToken": mint_federated_by(state, ADO_ISSUER, ADO_SUBJECT, FEDERATED_AUDIENCE)}),
    )
}

pub fn imds(state: &State, ctx: &mut Ctx) -> Response {
    ctx.grant = Some("imds".into());
    if ctx.header("metadata") != Some("true") {
        return json_response(
            400,
            &json!({"error": "invalid_request", "error_description": "Required metadata header not specified"}),
        );
    }
    mi_token(state, ctx)
}

pub fn app_service(state: &State, ctx: &mut Ctx) -> Response {
    ctx.grant = Some("app-service".into());
    if ctx.header("x-identity-header") != Some(IDENTITY_HEADER) {
        return json_response(
            401,
            &json!({"statusCode": 401, "message": "Unauthorized request: X-IDENTITY-HEADER missing or wrong."}),
        );
    }
    mi_token(state, ctx)
}

fn mi_token(state: &State, ctx: &Ctx) -> Response {
    let Some(resource) = ctx.param("resource") else {
        return json_response(
            400,
            &json!({"error": "invalid_request", "error_description": "Required query variable 'resource' is missing"}),
        );
    };
    let client_id = ctx.param("client_id").unwrap_or(super::CLIENT_ID);
    let t = now();
    let life = state.options.token_lifetime;
    json_response(
        200,
        &json!({
            "access_token": mint_access(state, client_id), "client_id": client_id,
            "expires_in": life.to_string(), "expires_on": (t + life).to_string(),
            "ext_expires_in": life.to_string(), "not_before": t.to_string(),
            "resource": resource, "token_type": "Bearer",
        }),
    )
}
