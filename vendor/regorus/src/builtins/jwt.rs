// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 33: `io.jwt.*`, as OPA 1.20.2 (v1/topdown/tokens.go) behaves: the same
// checks in the same order, so the same tokens are errors, `false` or `[false, {}, {}]`.
// Keys are read by `keys.rs`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::keys::{self, Key, NamedKey};
use crate::builtins::utils::{ensure_args_count, ensure_object, ensure_string};
use crate::lexer::Span;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("io.jwt.decode", (decode, 1));
    m.insert("io.jwt.decode_verify", (decode_verify, 2));
    m.insert("io.jwt.encode_sign", (encode_sign, 3));
    m.insert("io.jwt.encode_sign_raw", (encode_sign_raw, 3));
    m.insert("io.jwt.verify_rs256", (verify_rs256, 2));
    m.insert("io.jwt.verify_rs384", (verify_rs384, 2));
    m.insert("io.jwt.verify_rs512", (verify_rs512, 2));
    m.insert("io.jwt.verify_ps256", (verify_ps256, 2));
    m.insert("io.jwt.verify_ps384", (verify_ps384, 2));
    m.insert("io.jwt.verify_ps512", (verify_ps512, 2));
    m.insert("io.jwt.verify_es256", (verify_es256, 2));
    m.insert("io.jwt.verify_es384", (verify_es384, 2));
    m.insert("io.jwt.verify_es512", (verify_es512, 2));
    m.insert("io.jwt.verify_eddsa", (verify_eddsa, 2));
    m.insert("io.jwt.verify_hs256", (verify_hs256, 2));
    m.insert("io.jwt.verify_hs384", (verify_hs384, 2));
    m.insert("io.jwt.verify_hs512", (verify_hs512, 2));
}

/// OPA's `base64url.decode`: padding added when missing (a length of 1 modulo 4 is an
/// error), Go's decoder (line breaks ignored, trailing bits not checked).
fn b64url_decode(s: &str) -> core::result::Result<Vec<u8>, String> {
    let mut padded = String::from(s);
    if !s.ends_with('=') {
        match s.len() % 4 {
            0 => {}
            2 => padded.push_str("=="),
            3 => padded.push('='),
            _ => return Err(format!("illegal base64url string: {s}")),
        }
    }
    let mut spec = data_encoding::BASE64URL.specification();
    spec.check_trailing_bits = false;
    spec.ignore.push_str("\r\n");
    let engine = spec
        .encoding()
        .map_err(|e| format!("illegal base64url string: {e}"))?;
    // Go allows `=` only as the final padding.
    if let Some(i) = padded.trim_end_matches('=').find('=') {
        return Err(format!("illegal base64 data at input byte {i}"));
    }
    engine
        .decode(padded.as_bytes())
        .map_err(|e| format!("illegal base64 data at input byte {}", e.position))
}

fn b64url_encode(b: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(b)
}

struct Token<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
}

fn split_token(s: &str) -> core::result::Result<Token<'_>, String> {
    if !s.contains('.') {
        return Err(String::from("encoded JWT had no period separators"));
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "encoded JWT must have 3 sections, found {}",
            parts.len()
        ));
    }
    Ok(Token {
        header: parts[0],
        payload: parts[1],
        signature: parts[2],
    })
}

fn json_object(s: &str) -> core::result::Result<Value, String> {
    let v = Value::from_json_str(s).map_err(|e| format!("invalid JSON: {e}"))?;
    match v {
        Value::Object(_) => Ok(v),
        _ => Err(String::from("decoded JSON type was not an Object")),
    }
}

fn decode_header(token: &Token<'_>) -> core::result::Result<Value, String> {
    let bytes =
        b64url_decode(token.header).map_err(|e| format!("JWT header had invalid encoding: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let header = json_object(&text).map_err(|e| format!("bad JWT header: {e}"))?;
    if field(&header, "enc").is_some() {
        return Err(String::from("JWT is a JWE object, which is not supported"));
    }
    Ok(header)
}

fn decode_payload(token: &Token<'_>) -> core::result::Result<String, String> {
    let bytes = b64url_decode(token.payload)
        .map_err(|e| format!("JWT payload had invalid encoding: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn decode_signature(token: &Token<'_>) -> core::result::Result<Vec<u8>, String> {
    b64url_decode(token.signature)
}

fn field<'a>(obj: &'a Value, name: &str) -> Option<&'a Value> {
    match obj {
        Value::Object(o) => o.get(&Value::String(name.into())),
        _ => None,
    }
}

/// The JOSE header fields OPA reads (RFC 7515 §4.1).
#[derive(Default)]
struct Header {
    alg: String,
    kid: String,
    cty: String,
    crit: Vec<String>,
    unknown: Vec<String>,
}

impl Header {
    fn parse(header: &Value) -> core::result::Result<Header, String> {
        let mut out = Header::default();
        let Value::Object(fields) = header else {
            return Ok(out);
        };
        for (k, v) in fields.iter() {
            let Value::String(name) = k else { continue };
            let name = name.as_ref();
            let target = match name {
                "alg" => &mut out.alg,
                "kid" => &mut out.kid,
                "cty" => &mut out.cty,
                "typ" => {
                    if !matches!(v, Value::String(_)) {
                        return Err(String::from("typ: must be a string"));
                    }
                    continue;
                }
                "crit" => {
                    let Value::Array(items) = v else {
                        return Err(String::from("crit: must be a list"));
                    };
                    // OPA stops reading at the first element that is not a string.
                    for item in items.iter() {
                        let Value::String(s) = item else { break };
                        if !out.crit.iter().any(|c| c.as_str() == s.as_ref()) {
                            out.crit.push(s.to_string());
                        }
                    }
                    if out.crit.is_empty() {
                        return Err(String::from("crit: must be a nonempty list"));
                    }
                    continue;
                }
                _ => {
                    out.unknown.push(name.to_string());
                    continue;
                }
            };
            let Value::String(s) = v else {
                return Err(format!("{name}: must be a string"));
            };
            *target = s.to_string();
        }
        Ok(out)
    }

    /// RFC 7515: `alg` present, and no critical parameter that is not understood.
    fn valid(&self) -> bool {
        !self.alg.is_empty() && !self.unknown.iter().any(|u| self.crit.contains(u))
    }
}

fn fail(span: &Span, name: &str, why: &str) -> anyhow::Error {
    anyhow::anyhow!(span.error(&format!("{name}: {why}")))
}

fn token_arg(name: &str, param: &Expr, value: &Value) -> Result<Rc<str>> {
    ensure_string(name, param, value)
}

fn decode(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "io.jwt.decode";
    ensure_args_count(span, name, params, args, 1)?;
    let text = token_arg(name, &params[0], &args[0])?;
    decode_text(&text).map_err(|e| fail(span, name, &e))
}

fn decode_text(text: &str) -> core::result::Result<Value, String> {
    let token = split_token(text)?;
    let header = decode_header(&token)?;
    let payload = decode_payload(&token)?;
    if let Some(cty) = field(&header, "cty") {
        let Value::String(cty) = cty else {
            // OPA reads `cty` as a string without checking, and fails.
            return Err(String::from("cty: must be a string"));
        };
        if cty.as_ref() == "JWT" {
            // A nested token is often quoted (jwt.io's habit).
            let inner = payload.trim_matches(|c| c == '"' || c == '\'');
            return decode_text(inner);
        }
    }
    let payload = json_object(&payload)?;
    let signature =
        decode_signature(&token).map_err(|e| format!("JWT signature had invalid encoding: {e}"))?;
    let hex: String = signature.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Value::from_array(alloc::vec![
        header,
        payload,
        Value::String(hex.as_str().into()),
    ]))
}

/// `io.jwt.verify_{rs,ps,es}*` and `verify_eddsa`: a key from a certificate, public key, JWK
/// or JWK set; a token whose `kid` names one of a set's keys is checked with that key only.
fn verify_with_keys(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    name: &'static str,
    alg: &str,
) -> Result<Value> {
    ensure_args_count(span, name, params, args, 2)?;
    let text = token_arg(name, &params[0], &args[0])?;
    let token = split_token(&text).map_err(|e| fail(span, name, &e))?;
    let key_text = ensure_string(name, &params[1], &args[1])?;
    let keys = keys::keys_from_cert_or_jwk(&key_text).map_err(|e| fail(span, name, &e))?;
    let signature = decode_signature(&token).map_err(|e| fail(span, name, &e))?;
    let header = decode_header(&token).map_err(|e| fail(span, name, &e))?;
    let header = Header::parse(&header).map_err(|e| fail(span, name, &e))?;
    let message = [token.header, ".", token.payload].concat();
    let check = |k: &NamedKey| keys::verify(&k.key, alg, message.as_bytes(), &signature);
    if !header.kid.is_empty() {
        if let Some(key) = keys.iter().find(|k| k.kid == header.kid) {
            return Ok(Value::Bool(check(key)));
        }
    }
    let valid = keys
        .iter()
        .filter(|k| k.alg.is_empty() || k.alg == header.alg)
        .any(check);
    Ok(Value::Bool(valid))
}

/// One builtin per algorithm, each a call of the check its family shares.
macro_rules! verifier {
    ($fn_name:ident, $check:ident, $name:literal, $alg:literal) => {
        fn $fn_name(
            span: &Span,
            params: &[Ref<Expr>],
            args: &[Value],
            _strict: bool,
        ) -> Result<Value> {
            $check(span, params, args, $name, $alg)
        }
    };
}

verifier!(verify_rs256, verify_with_keys, "io.jwt.verify_rs256", "RS256");
verifier!(verify_rs384, verify_with_keys, "io.jwt.verify_rs384", "RS384");
verifier!(verify_rs512, verify_with_keys, "io.jwt.verify_rs512", "RS512");
verifier!(verify_ps256, verify_with_keys, "io.jwt.verify_ps256", "PS256");
verifier!(verify_ps384, verify_with_keys, "io.jwt.verify_ps384", "PS384");
verifier!(verify_ps512, verify_with_keys, "io.jwt.verify_ps512", "PS512");
verifier!(verify_es256, verify_with_keys, "io.jwt.verify_es256", "ES256");
verifier!(verify_es384, verify_with_keys, "io.jwt.verify_es384", "ES384");
verifier!(verify_es512, verify_with_keys, "io.jwt.verify_es512", "ES512");
verifier!(verify_eddsa, verify_with_keys, "io.jwt.verify_eddsa", "EdDSA");

/// `io.jwt.verify_hs*`: the HMAC of the token's first two parts with the secret; the
/// header is not read.
fn verify_hmac(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    name: &'static str,
    alg: &str,
) -> Result<Value> {
    ensure_args_count(span, name, params, args, 2)?;
    let text = token_arg(name, &params[0], &args[0])?;
    let secret = ensure_string(name, &params[1], &args[1])?;
    let token = split_token(&text).map_err(|e| fail(span, name, &e))?;
    let signature = decode_signature(&token).map_err(|e| fail(span, name, &e))?;
    let message = [token.header, ".", token.payload].concat();
    let key = Key::Oct(secret.as_bytes().to_vec());
    Ok(Value::Bool(keys::verify(
        &key,
        alg,
        message.as_bytes(),
        &signature,
    )))
}

verifier!(verify_hs256, verify_hmac, "io.jwt.verify_hs256", "HS256");
verifier!(verify_hs384, verify_hmac, "io.jwt.verify_hs384", "HS384");
verifier!(verify_hs512, verify_hmac, "io.jwt.verify_hs512", "HS512");

struct Constraints {
    secret: String,
    alg: String,
    iss: String,
    aud: String,
    keys: Option<Vec<NamedKey>>,
    time_ns: f64,
}

fn constraint_string(name: &str, v: &Value) -> core::result::Result<String, String> {
    match v {
        Value::String(s) => Ok(s.to_string()),
        _ => Err(format!("{name} constraint: must be a string")),
    }
}

/// A number as the nearest float64, as Go's `Float64` (the engine's `as_f64` refuses
/// integers beyond 2^53, and every nanosecond time of this century is one).
fn to_f64(n: &crate::number::Number) -> Option<f64> {
    n.as_f64()
        .or_else(|| serde_json::to_string(n).ok()?.parse::<f64>().ok())
        .filter(|f| f.is_finite())
}

fn time_from(v: &Value) -> core::result::Result<f64, String> {
    let Value::Number(n) = v else {
        return Err(String::from("token time constraint: must be a number"));
    };
    let t = to_f64(n).ok_or_else(|| String::from("token time constraint: unvalid float64"))?;
    if t < 0.0 {
        return Err(String::from("token time constraint: must not be negative"));
    }
    Ok(t)
}

impl Constraints {
    fn parse(obj: &Value, now_ns: Option<f64>) -> core::result::Result<Constraints, String> {
        let mut c = Constraints {
            secret: String::new(),
            alg: String::new(),
            iss: String::new(),
            aud: String::new(),
            keys: None,
            time_ns: -1.0,
        };
        if let Value::Object(fields) = obj {
            for (k, v) in fields.iter() {
                let name = match k {
                    Value::String(s) => s.to_string(),
                    other => other.to_string(),
                };
                match name.as_str() {
                    "cert" => {
                        let Value::String(text) = v else {
                            return Err(String::from("cert constraint: must be a string"));
                        };
                        c.keys = Some(keys::keys_from_cert_or_jwk(text)?);
                    }
                    "secret" => c.secret = constraint_string("secret", v)?,
                    "alg" => c.alg = constraint_string("alg", v)?,
                    "iss" => c.iss = constraint_string("iss", v)?,
                    "aud" => c.aud = constraint_string("aud", v)?,
                    "time" => c.time_ns = time_from(v)?,
                    _ => return Err(format!("unknown token validation constraint: {name}")),
                }
            }
        }
        if c.time_ns == -1.0 {
            c.time_ns = now_ns.ok_or_else(|| String::from("the clock is out of range"))?;
        }
        let given = usize::from(c.keys.is_some()) + usize::from(!c.secret.is_empty());
        if given > 1 {
            return Err(String::from("duplicate key constraints"));
        }
        if given < 1 {
            return Err(String::from("no key constraint"));
        }
        Ok(c)
    }

    fn verify(&self, kid: &str, alg: &str, message: &[u8], signature: &[u8]) -> bool {
        if let Some(keys) = &self.keys {
            // Here (unlike `verify_*`) OPA checks with a private JWK's public half.
            // govlint patch 76: with decode_verify's exact ECDSA signature length.
            let check =
                |k: &NamedKey| keys::verify_exact(&k.key.public(), alg, message, signature);
            if !kid.is_empty() {
                if let Some(key) = keys.iter().find(|k| k.kid == kid) {
                    return check(key);
                }
            }
            return keys
                .iter()
                .filter(|k| k.alg.is_empty() || k.alg == alg)
                .any(check);
        }
        let key = Key::Oct(self.secret.as_bytes().to_vec());
        keys::verify(&key, alg, message, signature)
    }

    fn valid_audience(&self, aud: &Value) -> bool {
        match aud {
            Value::String(s) => s.as_ref() == self.aud,
            Value::Array(items) => items
                .iter()
                .any(|i| matches!(i, Value::String(s) if s.as_ref() == self.aud)),
            _ => false,
        }
    }
}

fn unverified() -> Value {
    Value::from_array(alloc::vec![
        Value::Bool(false),
        Value::new_object(),
        Value::new_object(),
    ])
}

fn decode_verify(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "io.jwt.decode_verify";
    ensure_args_count(span, name, params, args, 2)?;
    let constraints_obj = ensure_object(name, &params[1], args[1].clone())?;
    // Without a `time` constraint OPA uses the evaluation's clock, the one `time.now_ns`
    // reads; so does this.
    #[allow(clippy::as_conversions)]
    let now = crate::builtins::time::engine_now_ns().map(|ns| ns as f64);
    let constraints = Constraints::parse(&Value::Object(constraints_obj), now)
        .map_err(|e| fail(span, name, &e))?;
    let mut text = match &args[0] {
        Value::String(s) => s.to_string(),
        _ => {
            token_arg(name, &params[0], &args[0])?;
            String::new()
        }
    };
    let (header, payload_text) = loop {
        let token = split_token(&text).map_err(|e| fail(span, name, &e))?;
        let header_value = decode_header(&token).map_err(|e| fail(span, name, &e))?;
        let header = Header::parse(&header_value).map_err(|e| fail(span, name, &e))?;
        if !header.valid() {
            return Ok(unverified());
        }
        if !constraints.alg.is_empty() && constraints.alg != header.alg {
            return Ok(unverified());
        }
        let signature = decode_signature(&token).map_err(|e| fail(span, name, &e))?;
        let message = [token.header, ".", token.payload].concat();
        if !constraints.verify(&header.kid, &header.alg, message.as_bytes(), &signature) {
            return Ok(unverified());
        }
        let payload = decode_payload(&token).map_err(|e| fail(span, name, &e))?;
        if header.cty.eq_ignore_ascii_case("JWT") {
            text = payload;
            continue;
        }
        break (header_value, payload);
    };
    let payload = json_object(&payload_text).map_err(|e| fail(span, name, &e))?;
    if !constraints.iss.is_empty() {
        match field(&payload, "iss") {
            Some(Value::String(iss)) if iss.as_ref() == constraints.iss => {}
            Some(Value::String(_)) | None => return Ok(unverified()),
            // OPA reads `iss` as a string without checking and fails on anything else.
            Some(_) => return Err(fail(span, name, "iss claim: must be a string")),
        }
    }
    match field(&payload, "aud") {
        Some(aud) if !constraints.valid_audience(aud) => return Ok(unverified()),
        None if !constraints.aud.is_empty() => return Ok(unverified()),
        _ => {}
    }
    let now_s = constraints.time_ns / 1_000_000_000.0;
    if let Some(exp) = field(&payload, "exp") {
        let Value::Number(exp) = exp else {
            return Err(fail(span, name, "exp value must be a number"));
        };
        // Valid while the time is before `exp`.
        if to_f64(exp).is_none_or(|exp| now_s >= exp) {
            return Ok(unverified());
        }
    }
    if let Some(nbf) = field(&payload, "nbf") {
        let Value::Number(nbf) = nbf else {
            return Err(fail(span, name, "nbf value must be a number"));
        };
        if to_f64(nbf).is_none_or(|nbf| now_s < nbf) {
            return Ok(unverified());
        }
    }
    Ok(Value::from_array(alloc::vec![
        Value::Bool(true),
        header,
        payload,
    ]))
}

/// Go's `json.Marshal` of a value: compact, keys sorted, `<`, `>`, `&`, U+2028 and U+2029
/// escaped.
fn go_json(v: &Value) -> core::result::Result<String, String> {
    let text = serde_json::to_string(v).map_err(|e| e.to_string())?;
    Ok(super::encoding::go_json_escape(text))
}

fn sign_compact(header: &str, payload: &str, jwk: &str) -> core::result::Result<String, String> {
    let keys = keys::parse_jwks(jwk)?;
    let key = keys
        .first()
        .ok_or_else(|| String::from("no keys found in JWK set"))?;
    let headers: serde_json::Value = serde_json::from_str(header)
        .map_err(|e| format!("missing or invalid 'alg' header: {e}"))?;
    let alg = headers
        .get("alg")
        .and_then(|a| a.as_str())
        .ok_or_else(|| String::from("missing or invalid 'alg' header: `alg` not found"))?;
    if !keys::ALGORITHMS.contains(&alg) {
        return Err(format!("unknown JWS algorithm: {alg}"));
    }
    let typ = headers.get("typ").and_then(|t| t.as_str());
    if typ.is_none_or(|t| t == "JWT") && serde_json::from_str::<serde_json::Value>(payload).is_err()
    {
        return Err(String::from("type is JWT but payload is not JSON"));
    }
    let input = [
        b64url_encode(header.as_bytes()),
        String::from("."),
        b64url_encode(payload.as_bytes()),
    ]
    .concat();
    let signature = keys::sign(&key.key, alg, input.as_bytes())?;
    Ok([input, String::from("."), b64url_encode(&signature)].concat())
}

fn encode_sign(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "io.jwt.encode_sign";
    ensure_args_count(span, name, params, args, 3)?;
    // OPA's type checker refuses anything but objects here.
    for (param, arg) in params.iter().zip(args) {
        ensure_object(name, param, arg.clone())?;
    }
    let header = go_json(&args[0]).map_err(|e| fail(span, name, &e))?;
    let payload = go_json(&args[1]).map_err(|e| fail(span, name, &e))?;
    let jwk = go_json(&args[2]).map_err(|e| fail(span, name, &e))?;
    match sign_compact(&header, &payload, &jwk) {
        Ok(token) => Ok(Value::String(token.as_str().into())),
        Err(e) => bail!(fail(span, name, &e)),
    }
}

fn encode_sign_raw(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "io.jwt.encode_sign_raw";
    ensure_args_count(span, name, params, args, 3)?;
    let jwk = ensure_string(name, &params[2], &args[2])?;
    let header = ensure_string(name, &params[0], &args[0])?;
    let payload = ensure_string(name, &params[1], &args[1])?;
    match sign_compact(&header, &payload, &jwk) {
        Ok(token) => Ok(Value::String(token.as_str().into())),
        Err(e) => bail!(fail(span, name, &e)),
    }
}
