// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 32: `uri.parse` and `uri.is_valid`. OPA answers both with Go's `url.Parse`:
// what it accepts (a relative reference, `not a uri`, an opaque `mailto:a@b.com`), what it
// refuses (a bad `%` escape, a space or `%20` in a host, a non-numeric port, a colon in the
// first segment of a relative path) and its error text are Go's, so this module follows that
// parser step by step rather than RFC 3986 or the `url` crate (WHATWG), which differ on
// each of those.

use super::strings::strconv_quote;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_string};
use crate::lexer::Span;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("uri.parse", (uri_parse, 1));
    m.insert("uri.is_valid", (uri_is_valid, 1));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// What `url.Parse` keeps of a URL that OPA reports.
#[derive(Default)]
pub(super) struct Url {
    scheme: String,
    // govlint patch 83: read by `providers.aws.sign_req`, which signs `URL.Host`.
    pub(super) host: String,
    path: String,
    raw_path: String,
    // govlint patch 83: the path as written, which `escaped_path` needs.
    written_path: String,
    pub(super) raw_query: String,
    fragment: String,
}

fn unhex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => {
            return match mode {
                Mode::UserPassword => matches!(c, b'@' | b'/' | b'?' | b':'),
                Mode::Path => c == b'?',
                Mode::Fragment => false,
                Mode::Host | Mode::Zone => true,
            }
        }
        _ => {}
    }
    !(mode == Mode::Fragment && matches!(c, b'!' | b'(' | b')' | b'*'))
}

/// Go's `url.unescape`: `%XX` decoded, a malformed escape an error; in a host only non-ASCII
/// bytes may be escaped and the unreserved characters appear as themselves.
fn unescape(s: &str, mode: Mode) -> core::result::Result<String, String> {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let (Some(h), Some(l)) = (
                    b.get(i + 1).and_then(|&c| unhex(c)),
                    b.get(i + 2).and_then(|&c| unhex(c)),
                ) else {
                    let end = (i + 3).min(b.len());
                    let bad = String::from_utf8_lossy(&b[i..end]);
                    return Err(format!("invalid URL escape {}", strconv_quote(&bad)));
                };
                let escape = &s[i..i + 3];
                if mode == Mode::Host && h < 8 && escape != "%25" {
                    return Err(format!("invalid URL escape {}", strconv_quote(escape)));
                }
                if mode == Mode::Zone {
                    let v = h * 16 + l;
                    if escape != "%25" && v != b' ' && should_escape(v, Mode::Host) {
                        return Err(format!("invalid URL escape {}", strconv_quote(escape)));
                    }
                }
                out.push(h * 16 + l);
                i += 3;
            }
            c => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    let bad = String::from_utf8_lossy(&b[i..i + 1]);
                    return Err(format!("invalid character {} in host name", strconv_quote(&bad)));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if should_escape(c, mode) {
            out.push_str(&format!("%{c:02X}"));
        } else {
            out.push(char::from(c));
        }
    }
    out
}

fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// `web`: the scheme is `http` or `https`, where Go takes the port from the first colon of a
/// host that is not bracketed (`http://a:1:2` is an error), elsewhere from the last.
fn parse_host(host: &str, web: bool) -> core::result::Result<String, String> {
    if host.starts_with('[') {
        let Some(close) = host.rfind(']') else {
            return Err(String::from("missing ']' in host"));
        };
        let colon_port = &host[close + 1..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", strconv_quote(colon_port)));
        }
        if let Some(zone) = host[..close].find("%25") {
            let a = unescape(&host[..zone], Mode::Host)?;
            let b = unescape(&host[zone..close], Mode::Zone)?;
            let c = unescape(&host[close..], Mode::Host)?;
            return Ok(a + &b + &c);
        }
        let literal = &host[1..close];
        if literal.parse::<IpAddr>().is_err() {
            return Err(format!(
                "invalid host: ParseAddr({}): unable to parse IP",
                strconv_quote(literal)
            ));
        }
    } else if host.contains('[') {
        // govlint patch 83: Go allows `[` only around an IP literal (`//a[b` is refused, and
        // before any port is looked at); a lone `]` is accepted.
        return Err(String::from("invalid IP-literal"));
    } else if let Some(colon) = if web { host.find(':') } else { host.rfind(':') } {
        let colon_port = &host[colon..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", strconv_quote(colon_port)));
        }
    }
    unescape(host, Mode::Host)
}

fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

/// The host of an authority; the user information is checked and dropped (OPA does not
/// report it).
fn parse_authority(authority: &str, web: bool) -> core::result::Result<String, String> {
    let (userinfo, host) = match authority.rfind('@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    let host = parse_host(host, web)?;
    if let Some(userinfo) = userinfo {
        if !valid_userinfo(userinfo) {
            return Err(String::from("net/url: invalid userinfo"));
        }
        match userinfo.split_once(':') {
            Some((user, password)) => {
                unescape(user, Mode::UserPassword)?;
                unescape(password, Mode::UserPassword)?;
            }
            None => {
                unescape(userinfo, Mode::UserPassword)?;
            }
        }
    }
    Ok(host)
}

/// The scheme (as written) and the rest, as Go's `getScheme`.
fn split_scheme(raw: &str) -> core::result::Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err(String::from("missing protocol scheme")),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_without_fragment(raw: &str) -> core::result::Result<Url, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err(String::from("net/url: invalid control character in URL"));
    }
    let mut url = Url::default();
    if raw == "*" {
        url.path = String::from("*");
        url.raw_path = String::from("*");
        url.written_path = String::from("*");
        return Ok(url);
    }
    let (scheme, rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let (mut rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, q),
        None => (rest, ""),
    };
    url.raw_query = String::from(query);
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // A rootless path after a scheme is opaque, which OPA does not report.
            return Ok(url);
        }
        let segment = rest.split('/').next().unwrap_or("");
        if segment.contains(':') {
            return Err(String::from(
                "first path segment in URL cannot contain colon",
            ));
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let authority_and_path = &rest[2..];
        let (authority, path) = match authority_and_path.find('/') {
            Some(i) => (&authority_and_path[..i], &authority_and_path[i..]),
            None => (authority_and_path, ""),
        };
        url.host = parse_authority(authority, matches!(url.scheme.as_str(), "http" | "https"))?;
        rest = path;
    }
    url.path = unescape(rest, Mode::Path)?;
    url.written_path = String::from(rest);
    url.raw_path = if escape(&url.path, Mode::Path) == rest {
        url.path.clone()
    } else {
        String::from(rest)
    };
    Ok(url)
}

/// Go's `url.Parse`, with its error text (`parse "URL": why`).
pub(super) fn go_parse(raw: &str) -> core::result::Result<Url, String> {
    let (before, fragment) = match raw.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (raw, None),
    };
    let mut url =
        parse_without_fragment(before).map_err(|e| format!("parse {}: {e}", strconv_quote(before)))?;
    if let Some(fragment) = fragment {
        url.fragment = unescape(fragment, Mode::Fragment)
            .map_err(|e| format!("parse {}: {e}", strconv_quote(raw)))?;
    }
    Ok(url)
}

// govlint patch 83: Go's `URL.EscapedPath`, the path `providers.aws.sign_req` signs: the path
// as written when that is a valid encoding of it (`/%41` stays), else the decoded path
// re-escaped (`/a b` becomes `/a%20b`); one rule with patch 75's `escaped_as_written`.
pub(super) fn escaped_path(url: &Url) -> String {
    escaped_as_written(&url.written_path, Mode::Path).unwrap_or_else(|| escape(&url.path, Mode::Path))
}

/// govlint patch 75: the host (`URL.Host`, unescaped, with its port) of a URI as Go's
/// `url.Parse` reads it, or its error (`parse "URL": why`); for certificate URI SANs.
pub(crate) fn go_url_host(raw: &str) -> core::result::Result<String, String> {
    go_parse(raw).map(|u| u.host)
}

/// govlint patch 75: Go's `URL.RawPath` for a path as written (`setPath`): empty when escaping
/// the decoded path gives it back, else the path as written (`/a b`, `/%41`).
pub(crate) fn go_raw_path(written: &str) -> String {
    match unescape(written, Mode::Path) {
        Ok(path) if escape(&path, Mode::Path) != written => String::from(written),
        _ => String::new(),
    }
}

// Go's `validEncoded`: nothing that would have to be escaped, `%` escapes allowed.
fn valid_encoded(s: &str, mode: Mode) -> bool {
    s.bytes().all(|c| {
        matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
                | b'%'
        ) || !should_escape(c, mode)
    })
}

// Go's `EscapedPath` and `EscapedFragment`: the text as written when it is a valid encoding of
// the decoded value and escaping would not give it back, else the decoded value escaped.
fn escaped_as_written(written: &str, mode: Mode) -> Option<String> {
    let decoded = unescape(written, mode).ok()?;
    let escaped = escape(&decoded, mode);
    if escaped != written && valid_encoded(written, mode) {
        return Some(String::from(written));
    }
    if mode == Mode::Path && decoded == "*" {
        return Some(decoded);
    }
    Some(escaped)
}

/// govlint patch 75: Go's `URL.String()` of a URI that `url.Parse` accepts, OPA's
/// `URIStrings` of a certificate (`HTTPS://A/a b` is `https://A/a%20b`); `None` where Parse
/// refuses it.
pub(crate) fn go_url_string(raw: &str) -> Option<String> {
    go_parse(raw).ok()?;
    let (before, fragment) = match raw.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (raw, None),
    };
    let (scheme, rest) = split_scheme(before).ok()?;
    let scheme = scheme.to_ascii_lowercase();
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    if !scheme.is_empty() && !rest.starts_with('/') {
        out.push_str(rest);
    } else {
        let with_authority =
            (!scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//");
        let (authority, path) = if with_authority {
            let ap = &rest[2..];
            match ap.find('/') {
                Some(i) => (Some(&ap[..i]), &ap[i..]),
                None => (Some(ap), ""),
            }
        } else {
            (None, rest)
        };
        let omit_host = !with_authority && !scheme.is_empty() && rest.starts_with('/');
        let (user, host) = match authority {
            Some(a) => match a.rfind('@') {
                Some(i) => (Some(&a[..i]), &a[i + 1..]),
                None => (None, a),
            },
            None => (None, ""),
        };
        let web = matches!(scheme.as_str(), "http" | "https");
        let host = if with_authority {
            parse_host(host, web).ok()?
        } else {
            String::new()
        };
        let path = escaped_as_written(path, Mode::Path)?;
        if (!scheme.is_empty() || !host.is_empty() || user.is_some())
            && !(omit_host && host.is_empty() && user.is_none())
        {
            if !host.is_empty() || !path.is_empty() || user.is_some() {
                out.push_str("//");
            }
            if let Some(user) = user {
                let mut parts = user.splitn(2, ':');
                let name = unescape(parts.next().unwrap_or(""), Mode::UserPassword).ok()?;
                out.push_str(&escape(&name, Mode::UserPassword));
                if let Some(password) = parts.next() {
                    let password = unescape(password, Mode::UserPassword).ok()?;
                    out.push(':');
                    out.push_str(&escape(&password, Mode::UserPassword));
                }
                out.push('@');
            }
            out.push_str(&escape(&host, Mode::Host));
        }
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        if out.is_empty() && path.split('/').next().is_some_and(|seg| seg.contains(':')) {
            out.push_str("./");
        }
        out.push_str(&path);
    }
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = fragment {
        if !unescape(fragment, Mode::Fragment).ok()?.is_empty() {
            out.push('#');
            out.push_str(&escaped_as_written(fragment, Mode::Fragment)?);
        }
    }
    Some(out)
}

/// Go's `URL.Hostname` and `URL.Port`.
fn host_and_port(host: &str) -> (&str, &str) {
    let (mut name, mut port) = (host, "");
    if let Some(colon) = host.rfind(':') {
        if valid_optional_port(&host[colon..]) {
            name = &host[..colon];
            port = &host[colon + 1..];
        }
    }
    if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        name = inner;
    }
    (name, port)
}

fn uri_parse(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "uri.parse";
    ensure_args_count(span, name, params, args, 1)?;
    let raw = ensure_string(name, &params[0], &args[0])?;
    let url = match go_parse(&raw) {
        Ok(url) => url,
        Err(e) => bail!(params[0].span().error(&format!("{name}: {e}"))),
    };
    let (hostname, port) = host_and_port(&url.host);
    let mut fields: Vec<(&str, &str)> = Vec::new();
    fields.push(("scheme", &url.scheme));
    fields.push(("hostname", hostname));
    fields.push(("port", port));
    if !url.path.is_empty() {
        fields.push(("path", &url.path));
        fields.push(("raw_path", &url.raw_path));
    }
    fields.push(("raw_query", &url.raw_query));
    fields.push(("fragment", &url.fragment));
    let mut obj = Value::new_object();
    let map = obj.as_object_mut()?;
    for (key, value) in fields {
        if !value.is_empty() {
            map.insert(Value::String(key.into()), Value::String(value.into()));
        }
    }
    Ok(obj)
}

fn uri_is_valid(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "uri.is_valid";
    ensure_args_count(span, name, params, args, 1)?;
    // OPA: false for a non-string and for "" (a valid relative reference it rejects).
    let Value::String(raw) = &args[0] else {
        return Ok(Value::Bool(false));
    };
    Ok(Value::Bool(!raw.is_empty() && go_parse(raw).is_ok()))
}
