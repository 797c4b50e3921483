// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
#![allow(clippy::as_conversions, clippy::pattern_type_mismatch)]

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_string};
use crate::lexer::Span;
use crate::value::Value;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use core::cmp::Ordering;

use anyhow::Result;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("semver.compare", (compare, 2));
    m.insert("semver.is_valid", (is_valid, 1));
}

// govlint patch 28: OPA's semver is its fork of coreos/go-semver, not SemVer 2.0's grammar:
// a leading `v` is dropped, the three numbers are Go int64s (`01` is 1; the build part is split off first, so `+1.0.0` is invalid), the pre-release and
// build parts are dot-separated `[0-9A-Za-z-]+` identifiers that may be empty (`1.0.0-`), and
// numeric pre-release identifiers may have leading zeros. Precedence: the three numbers, then
// a version without pre-release above one with, then the identifiers pairwise (numbers below
// words, numbers by value, words by bytes), the longer list above when all are equal.
struct GoVersion {
    nums: [i64; 3],
    pre: String,
}

fn go_identifier(id: &str) -> bool {
    id.is_empty()
        || id.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        })
}

// strconv.ParseInt(s, 10, 64): an optional sign, then decimal digits.
fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

fn go_version(s: &str) -> Option<GoVersion> {
    let s = s.strip_prefix('v').unwrap_or(s);
    let (s, metadata) = s.split_once('+').unwrap_or((s, ""));
    let (s, pre) = s.split_once('-').unwrap_or((s, ""));
    let parts: Vec<&str> = s.splitn(3, '.').collect();
    if parts.len() != 3 || !go_identifier(pre) || !go_identifier(metadata) {
        return None;
    }
    let mut nums = [0i64; 3];
    for (n, part) in nums.iter_mut().zip(parts) {
        *n = go_parse_int(part)?;
    }
    Some(GoVersion {
        nums,
        pre: pre.to_string(),
    })
}

fn go_compare(a: &GoVersion, b: &GoVersion) -> Ordering {
    a.nums.cmp(&b.nums).then_with(|| match (a.pre.is_empty(), b.pre.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => {
            let (xs, ys): (Vec<&str>, Vec<&str>) = (a.pre.split('.').collect(), b.pre.split('.').collect());
            for (x, y) in xs.iter().zip(ys.iter()) {
                let o = match (x.parse::<i64>(), y.parse::<i64>()) {
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Ok(i), Ok(j)) => i.cmp(&j).then_with(|| x.cmp(y)),
                    _ => x.cmp(y),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
            xs.len().cmp(&ys.len())
        }
    })
}

fn compare(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "semver.compare";
    ensure_args_count(span, name, params, args, 2)?;

    let v1 = ensure_string(name, &params[0], &args[0])?;
    let v2 = ensure_string(name, &params[1], &args[1])?;
    let version1 = go_version(&v1).ok_or_else(|| params[0].span().error("invalid semver"))?;
    let version2 = go_version(&v2).ok_or_else(|| params[1].span().error("invalid semver"))?;
    let result = match go_compare(&version1, &version2) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    };
    Ok(Value::from(result as i64))
}

// A value that is not a string is not a valid version (OPA: false, not an error).
fn is_valid(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "semver.is_valid";
    ensure_args_count(span, name, params, args, 1)?;
    Ok(Value::Bool(match &args[0] {
        Value::String(s) => go_version(s).is_some(),
        _ => false,
    }))
}
