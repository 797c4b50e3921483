// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 83: `providers.aws.sign_req`, AWS Signature Version 4 of an HTTP request object
// as OPA v1.20.2 computes it. The signing time is an argument, so the result is a pure
// function of the arguments. OPA's choices are kept where they differ from AWS's reference
// signer, since the point is that a policy signs byte for byte as under OPA: the canonical
// URI is Go's `URL.EscapedPath()` (empty, not `/`, for `http://host`), the query is signed as
// written (not re-sorted), header values are not trimmed, the method is signed as given, and
// `x-amz-content-sha256` is added only for `s3` and `glacier`.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::encoding::go_json_escape;
use crate::builtins::uri::{escaped_path, go_parse};
use crate::builtins::utils::ensure_args_count;
use crate::lexer::Span;
use crate::value::Value;

use anyhow::Result;
use hmac::{Hmac, KeyInit, Mac};
use sha2::digest::Digest;
use sha2::Sha256;

const NAME: &str = "providers.aws.sign_req";

/// The keys `http.send` accepts: OPA validates the request object as it would for
/// `http.send`, so any other key is an error.
const REQUEST_KEYS: &[&str] = &[
    "body",
    "cache",
    "cache_ignored_headers",
    "caching_mode",
    "enable_redirect",
    "force_cache",
    "force_cache_duration_seconds",
    "force_json_decode",
    "force_yaml_decode",
    "headers",
    "max_retry_attempts",
    "method",
    "raise_error",
    "raw_body",
    "timeout",
    "tls_ca_cert",
    "tls_ca_cert_env_variable",
    "tls_ca_cert_file",
    "tls_client_cert",
    "tls_client_cert_env_variable",
    "tls_client_cert_file",
    "tls_client_key",
    "tls_client_key_env_variable",
    "tls_client_key_file",
    "tls_insecure_skip_verify",
    "tls_server_name",
    "tls_use_system_certs",
    "url",
];

const REQUIRED_REQUEST_KEYS: &[&str] = &["method", "url"];

const REQUIRED_CONFIG_KEYS: &[&str] = &[
    "aws_access_key",
    "aws_region",
    "aws_secret_access_key",
    "aws_service",
];

/// Headers a proxy may change on the way, which OPA (after the AWS SDK) leaves unsigned.
const UNSIGNED_HEADERS: &[&str] = &["authorization", "user-agent", "x-amzn-trace-id"];

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert(NAME, (sign_req, 3));
}

/// OPA's name for the kind of a value, as in its operand errors.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Set(_) => "set",
        Value::Object(_) => "object",
        Value::Undefined => "undefined",
    }
}

/// A set of keys as OPA prints an `ast.Set`: `{"a", "b"}`, in OPA's order (numbers before
/// strings, strings by bytes), which is the engine's value order.
fn key_set(keys: &[&Value]) -> String {
    let mut keys: Vec<&Value> = keys.to_vec();
    keys.sort();
    let shown: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    alloc::format!("{{{}}}", shown.join(", "))
}

/// The string in `v`, or "" for any other value, as OPA's `stringFromTerm`.
fn string_or_empty(v: Option<&Value>) -> &str {
    match v {
        Some(Value::String(s)) => s,
        _ => "",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| alloc::format!("{b:02x}")).collect()
}

fn hmac_sha256(key: &[u8], message: &str) -> Result<Vec<u8>> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .map_err(|_| anyhow::anyhow!("{NAME}: invalid HMAC key"))?;
    mac.update(message.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// The int64 OPA reads from the argument, if it is a number literal (negated or not): OPA
/// keeps a literal's spelling, refuses an exponent (`-1e9`), and rewrites a decimal point as
/// Go's `big.Float` `Text('g', 17)` does, so `1.0` up to `99999999999999999.0` become integers
/// and `100000000000000000.0` an exponent (measured against OPA v1.20.2). The engine parses
/// such a literal as a float, which cannot hold 17 digits, so the text is read here.
/// `None` when the argument is not a literal.
fn literal_ns(param: &Expr) -> Option<Option<i64>> {
    let (negative, literal) = match param {
        Expr::UnaryExpr { expr, .. } => (true, expr.as_ref()),
        other => (false, other),
    };
    let Expr::Number { span, .. } = literal else {
        return None;
    };
    // The lexer may take the minus sign into the literal.
    let (negative, text) = match span.text().strip_prefix('-') {
        Some(rest) => (!negative, rest),
        None => (negative, span.text()),
    };
    if text.contains(['e', 'E']) {
        return Some(None);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole_digits = whole.trim_start_matches('0');
    if !fraction.bytes().all(|b| b == b'0') || (text.contains('.') && whole_digits.len() > 17) {
        return Some(None);
    }
    let magnitude: i128 = whole.parse().ok()?;
    let value = if negative { -magnitude } else { magnitude };
    Some(i64::try_from(value).ok())
}

/// `YYYYMMDD` and `YYYYMMDDTHHMMSSZ` of a time in nanoseconds since the epoch, in UTC. Every
/// int64 falls between the years 1677 and 2262, so the year always has four digits.
fn utc_stamps(ns: i64) -> (String, String) {
    let secs = ns.div_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil conversion (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let date = alloc::format!("{year:04}{month:02}{day:02}");
    let date_time = alloc::format!(
        "{date}T{:02}{:02}{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    );
    (date, date_time)
}

fn sign_req(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, NAME, params, args, 3)?;
    let fail = |i: usize, msg: String| -> anyhow::Error {
        anyhow::anyhow!(params[i].span().error(&alloc::format!("{NAME}: {msg}")))
    };
    // The operand numbers in the messages are OPA's, including where it names the wrong one.
    let Value::Object(request) = &args[0] else {
        return Err(fail(
            0,
            alloc::format!("operand 1 must be object but got {}", kind(&args[0])),
        ));
    };
    let Value::Object(config) = &args[1] else {
        return Err(fail(
            1,
            alloc::format!("operand 1 must be object but got {}", kind(&args[1])),
        ));
    };
    let get = |k: &str| request.get(&Value::from(k)).cloned();

    let missing: Vec<Value> = REQUIRED_CONFIG_KEYS
        .iter()
        .map(|k| Value::from(*k))
        .filter(|k| !config.contains_key(k))
        .collect();
    if !missing.is_empty() {
        let shown = key_set(&missing.iter().collect::<Vec<_>>());
        return Err(fail(
            1,
            alloc::format!("operand 2 missing required AWS config parameters(s): {shown}"),
        ));
    }
    let invalid: Vec<Value> = REQUIRED_CONFIG_KEYS
        .iter()
        .map(|k| Value::from(*k))
        .filter(|k| !matches!(config.get(k), Some(Value::String(_))))
        .collect();
    if !invalid.is_empty() {
        let shown = key_set(&invalid.iter().collect::<Vec<_>>());
        return Err(fail(
            1,
            alloc::format!("operand 2 invalid values for required AWS config parameters(s): {shown}"),
        ));
    }
    let service = string_or_empty(config.get(&Value::from("aws_service"))).to_string();
    let access_key = string_or_empty(config.get(&Value::from("aws_access_key"))).to_string();
    let secret_key =
        string_or_empty(config.get(&Value::from("aws_secret_access_key"))).to_string();
    let region = string_or_empty(config.get(&Value::from("aws_region"))).to_string();
    let session_token = string_or_empty(config.get(&Value::from("aws_session_token"))).to_string();

    // OPA takes the nanoseconds as an int64 spelt as an integer: `-1e9` is refused although
    // its value is whole, as is anything outside int64. The engine keeps no number's
    // spelling, so that is seen for a literal argument only (`literal_ns`).
    let Value::Number(ns) = &args[2] else {
        return Err(fail(
            2,
            alloc::format!("operand 1 must be number but got {}", kind(&args[2])),
        ));
    };
    let ns = match literal_ns(&params[2]) {
        Some(literal) => literal,
        None => ns.as_i64(),
    }
    .ok_or_else(|| {
        fail(
            2,
            String::from("operand 3 could not convert time_ns value into a unix timestamp"),
        )
    })?;
    let (date, date_time) = utc_stamps(ns);

    let unknown: Vec<&Value> = request
        .keys()
        .filter(|k| !matches!(k, Value::String(s) if REQUEST_KEYS.contains(&s.as_ref())))
        .collect();
    if !unknown.is_empty() {
        return Err(fail(
            0,
            alloc::format!("operand 1 invalid request parameters(s): {}", key_set(&unknown)),
        ));
    }
    let missing: Vec<Value> = REQUIRED_REQUEST_KEYS
        .iter()
        .map(|k| Value::from(*k))
        .filter(|k| !request.contains_key(k))
        .collect();
    if !missing.is_empty() {
        let shown = key_set(&missing.iter().collect::<Vec<_>>());
        return Err(fail(
            0,
            alloc::format!("operand 1 missing required request parameters(s): {shown}"),
        ));
    }

    let headers = match get("headers") {
        None => None,
        Some(Value::Object(h)) => Some(h),
        Some(other) => {
            return Err(fail(
                0,
                alloc::format!("operand 0 must be object but got {}", kind(&other)),
            ))
        }
    };
    let url = get("url");
    let method = get("method");
    let mut invalid: Vec<Value> = Vec::new();
    if !matches!(url, Some(Value::String(_))) {
        invalid.push(Value::from("url"));
    }
    if !matches!(method, Some(Value::String(_))) {
        invalid.push(Value::from("method"));
    }
    if !invalid.is_empty() {
        let shown = key_set(&invalid.iter().collect::<Vec<_>>());
        return Err(fail(
            0,
            alloc::format!("operand 1 invalid values for required request parameters(s): {shown}"),
        ));
    }
    let url = go_parse(string_or_empty(url.as_ref())).map_err(|e| fail(0, e))?;
    let method = string_or_empty(method.as_ref()).to_string();

    // `raw_body` wins over `body`; a non-string `raw_body` signs as empty, and `body` is
    // signed as `json.marshal` writes it.
    let body: String = match (get("raw_body"), get("body")) {
        (Some(raw), _) => string_or_empty(Some(&raw)).to_string(),
        (None, Some(body)) => go_json_escape(
            serde_json::to_string(&body).map_err(|e| fail(0, alloc::format!("{e}")))?,
        ),
        (None, None) => String::new(),
    };

    let unsigned_payload = match config.get(&Value::from("disable_payload_signing")) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(fail(
                1,
                String::from("operand 2 invalid value for 'disable_payload_signing' in AWS config"),
            ))
        }
    };

    // Header names and values as OPA reads them: any non-string becomes "".
    let request_headers: Vec<(String, String)> = headers
        .iter()
        .flat_map(|h| h.iter())
        .map(|(k, v)| {
            (
                string_or_empty(Some(k)).to_string(),
                string_or_empty(Some(v)).to_string(),
            )
        })
        .collect();

    let content_sha256 = match unsigned_payload {
        true => String::from("UNSIGNED-PAYLOAD"),
        false => hex(&Sha256::digest(body.as_bytes())),
    };

    let mut aws_headers: BTreeMap<&str, String> = BTreeMap::new();
    aws_headers.insert("host", url.host.clone());
    aws_headers.insert("x-amz-date", date_time.clone());
    if service == "s3" || service == "glacier" {
        aws_headers.insert("x-amz-content-sha256", content_sha256.clone());
    }
    if !session_token.is_empty() {
        aws_headers.insert("x-amz-security-token", session_token);
    }

    // The request's own headers override the AWS ones in what is signed (OPA signs a
    // caller's `host` or `x-amz-content-sha256`), though the AWS ones are what is returned.
    let mut signed: BTreeMap<String, String> = aws_headers
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect();
    for (k, v) in &request_headers {
        let lower = k.to_lowercase();
        if !UNSIGNED_HEADERS.contains(&lower.as_str()) {
            signed.insert(lower, v.clone());
        }
    }
    let header_list: Vec<&str> = signed.keys().map(String::as_str).collect();
    let header_list = header_list.join(";");

    let mut canonical = String::new();
    canonical.push_str(&method);
    canonical.push('\n');
    canonical.push_str(&escaped_path(&url));
    canonical.push('\n');
    canonical.push_str(&url.raw_query);
    canonical.push('\n');
    for (k, v) in &signed {
        canonical.push_str(k);
        canonical.push(':');
        canonical.push_str(v);
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&header_list);
    canonical.push('\n');
    canonical.push_str(&content_sha256);

    let scope = alloc::format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign = alloc::format!(
        "AWS4-HMAC-SHA256\n{date_time}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac_sha256(alloc::format!("AWS4{secret_key}").as_bytes(), &date)?;
    for part in [region.as_str(), service.as_str(), "aws4_request"] {
        key = hmac_sha256(&key, part)?;
    }
    let signature = hex(&hmac_sha256(&key, &string_to_sign)?);
    let authorization = alloc::format!(
        "AWS4-HMAC-SHA256 Credential={access_key}/{scope},SignedHeaders={header_list},Signature={signature}"
    );

    let mut out_headers: BTreeMap<Value, Value> = BTreeMap::new();
    for (k, v) in request_headers {
        out_headers.insert(Value::from(k), Value::from(v));
    }
    out_headers.insert(Value::from("Authorization"), Value::from(authorization));
    for (k, v) in aws_headers {
        out_headers.insert(Value::from(k), Value::from(v));
    }
    let mut out = request.as_ref().clone();
    out.insert(Value::from("headers"), Value::from(out_headers));
    Ok(Value::from(out))
}
