// govlint patch 21: OPA's digest and HMAC builtins. Each hashes the string's UTF-8 bytes and
// returns the digest as lower-case hex, as OPA does.

use alloc::string::String;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_string};
use crate::lexer::Span;
use crate::value::Value;

use anyhow::Result;
use hmac::{Hmac, KeyInit, Mac};
use md5::Md5;
use sha1::Sha1;
use sha2::digest::Digest;
use sha2::{Sha256, Sha512};

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("crypto.md5", (md5_digest, 1));
    m.insert("crypto.sha1", (sha1_digest, 1));
    m.insert("crypto.sha256", (sha256_digest, 1));
    m.insert("crypto.hmac.md5", (hmac_md5, 2));
    m.insert("crypto.hmac.sha1", (hmac_sha1, 2));
    m.insert("crypto.hmac.sha256", (hmac_sha256, 2));
    m.insert("crypto.hmac.sha512", (hmac_sha512, 2));
    m.insert("crypto.hmac.equal", (hmac_equal, 2));
}

fn hex(bytes: &[u8]) -> Value {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    Value::String(s.into())
}

fn digest<D: Digest>(
    name: &'static str,
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
) -> Result<Value> {
    ensure_args_count(span, name, params, args, 1)?;
    let x = ensure_string(name, &params[0], &args[0])?;
    Ok(hex(&D::digest(x.as_bytes())))
}

fn md5_digest(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    digest::<Md5>("crypto.md5", span, params, args)
}

fn sha1_digest(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    digest::<Sha1>("crypto.sha1", span, params, args)
}

fn sha256_digest(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    digest::<Sha256>("crypto.sha256", span, params, args)
}

fn hmac<M: Mac + KeyInit>(
    name: &'static str,
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
) -> Result<Value> {
    ensure_args_count(span, name, params, args, 2)?;
    let x = ensure_string(name, &params[0], &args[0])?;
    let key = ensure_string(name, &params[1], &args[1])?;
    // HMAC takes a key of any length (an empty one included), so this cannot fail.
    let mut mac = <M as KeyInit>::new_from_slice(key.as_bytes())
        .map_err(|_| anyhow::anyhow!(span.error(&alloc::format!("{name}: invalid key"))))?;
    mac.update(x.as_bytes());
    Ok(hex(&mac.finalize().into_bytes()))
}

fn hmac_md5(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    hmac::<Hmac<Md5>>("crypto.hmac.md5", span, params, args)
}

fn hmac_sha1(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    hmac::<Hmac<Sha1>>("crypto.hmac.sha1", span, params, args)
}

fn hmac_sha256(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    hmac::<Hmac<Sha256>>("crypto.hmac.sha256", span, params, args)
}

fn hmac_sha512(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    hmac::<Hmac<Sha512>>("crypto.hmac.sha512", span, params, args)
}

/// Compares two MACs without stopping at the first differing byte, so the time taken does not
/// tell how much of a guess was right. Strings of different lengths are unequal.
fn hmac_equal(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "crypto.hmac.equal";
    ensure_args_count(span, name, params, args, 2)?;
    let a = ensure_string(name, &params[0], &args[0])?;
    let b = ensure_string(name, &params[1], &args[1])?;
    if a.len() != b.len() {
        return Ok(Value::from(false));
    }
    let diff = a
        .as_bytes()
        .iter()
        .zip(b.as_bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    Ok(Value::from(diff == 0))
}
