// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

#![allow(
    clippy::unseparated_literal_suffix,
    clippy::as_conversions,
    clippy::pattern_type_mismatch
)]

use crate::ast::{Expr, Ref};
use crate::builtins;
// govlint patch 106
use crate::builtins::decimal;
use crate::builtins::utils::{
    enforce_limit, replace_checked, string_value, CheckedString, ensure_args_count, ensure_array, ensure_numeric, ensure_object, ensure_string,
    ensure_string_collection,
};
use crate::lexer::Span;
use crate::number::Number;
use crate::value::Value;
use crate::*;

use alloc::borrow::Cow;
use anyhow::{bail, Result};

mod go_is_print;
mod gofmt;
// govlint patch 103: one-pass replacement for `strings.replace_n`, as Go's.
mod replacer;
pub(crate) use gofmt::strconv_quote;
// govlint patches 78 and 79: yaml.marshal and json.match_schema print numbers as Go does
// (strconv.FormatFloat).
#[cfg(any(feature = "yaml", feature = "jsonschema"))]
pub(crate) use gofmt::format_float;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("concat", (concat, 2));
    m.insert("internal.template_string", (template_string, 1));
    m.insert("contains", (contains, 2));
    m.insert("endswith", (endswith, 2));
    m.insert("format_int", (format_int, 2));
    m.insert("indexof", (indexof, 2));
    m.insert("indexof_n", (indexof_n, 2));
    m.insert("lower", (lower, 1));
    m.insert("replace", (replace, 3));
    m.insert("split", (split, 2));
    m.insert("sprintf", (sprintf, 2));
    m.insert("startswith", (startswith, 2));
    m.insert("strings.any_prefix_match", (any_prefix_match, 2));
    m.insert("strings.any_suffix_match", (any_suffix_match, 2));
    m.insert("strings.count", (strings_count, 2));
    m.insert("strings.replace_n", (replace_n, 2));
    // govlint patch 24.
    m.insert("strings.split_n", (split_n, 3));
    m.insert("strings.reverse", (reverse, 1));
    m.insert("substring", (substring, 3));
    m.insert("trim", (trim, 2));
    m.insert("trim_left", (trim_left, 2));
    m.insert("trim_prefix", (trim_prefix, 2));
    m.insert("trim_right", (trim_right, 2));
    m.insert("trim_space", (trim_space, 1));
    m.insert("trim_suffix", (trim_suffix, 2));
    m.insert("upper", (upper, 1));
}

fn concat(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "concat";
    ensure_args_count(span, name, params, args, 2)?;
    let delimiter = ensure_string(name, &params[0], &args[0])?;
    let collection = ensure_string_collection(name, &params[1], &args[1])?;
    // govlint patches 91 and 128: joined piece by piece, checking the rule's time and memory,
    // since the pieces of a huge array can share one long string.
    let mut out = CheckedString::new();
    for (i, piece) in collection.iter().enumerate() {
        if i > 0 {
            out.push_str(&delimiter);
        }
        out.push_str(piece);
        out.check()?;
    }
    out.into_value()
}

fn contains(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "contains";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::Bool(s1.contains(s2.as_ref())))
}

fn endswith(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "endswith";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::Bool(s1.ends_with(s2.as_ref())))
}

fn format_int(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "format_int";
    ensure_args_count(span, name, params, args, 2)?;
    let mut n = ensure_numeric(name, &params[0], &args[0])?;
    let mut sign = "";
    // govlint patch 106: a number OPA keeps at 64 bits is truncated from that value (its
    // double may be an integer where the value is not).
    if n < Number::from(0u64) {
        n = decimal::abs(&n).unwrap_or_else(|| n.abs());
        sign = "-";
    }
    let n = decimal::rounded(decimal::Rounding::Floor, &n).unwrap_or_else(|| n.floor());
    // govlint patch 97: a magnitude that truncates to 0 has no sign (`format_int(-0.5, 10)`
    // is "0" in OPA, not "-0").
    if n == Number::from(0u64) {
        sign = "";
    }

    let base = ensure_numeric(name, &params[1], &args[1])?;

    let num = match base.as_u64() {
        Some(2) => n.format_bin(),
        Some(8) => n.format_octal(),
        Some(10) => n.format_decimal(),
        Some(16) => n.format_hex(),
        _ => {
            if strict {
                let span = params[1].span();
                bail!(span.error(&format!("`{name}` expects base to be one of 2, 8, 10, 16")));
            }

            return Ok(Value::Undefined);
        }
    };

    Ok(Value::String((sign.to_owned() + &num).into()))
}

fn indexof(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "indexof";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    for (pos, (idx, _)) in s1.char_indices().enumerate() {
        if s1[idx..].starts_with(s2.as_ref()) {
            return Ok(Value::from(Number::from(pos)));
        }
    }
    Ok(Value::from(Number::from(-1i64)))
}

fn indexof_n(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "indexof_n";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;

    let mut positions = vec![];
    for (pos, (idx, _)) in s1.char_indices().enumerate() {
        if s1[idx..].starts_with(s2.as_ref()) {
            positions.push(Value::from(Number::from(pos)));
            // Guard position vector growth while tracking matches.
            enforce_limit()?;
        }
    }
    Ok(Value::from_array(positions))
}

fn lower(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "lower";
    ensure_args_count(span, name, params, args, 1)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    Ok(Value::String(simple_case(&s, false).into()))
}

/// govlint patch 17: OPA's `lower` and `upper` are Go's `strings.ToLower`/`ToUpper`, which
/// map each character on its own (Unicode's simple case mapping): no final-sigma rule
/// (`lower("ΑΣ")` is "ασ"), and a character whose full mapping has several characters (ß,
/// ﬁ, ŉ) stays as it is, except `İ`, whose simple lowercase is `i`. Rust's `str` methods
/// apply the full, context-sensitive mapping.
fn simple_case(s: &str, upper: bool) -> String {
    s.chars()
        .map(|c| {
            if !upper && c == '\u{130}' {
                return 'i';
            }
            let mut mapped: alloc::vec::Vec<char> = if upper {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            };
            match mapped.len() {
                1 => mapped.remove(0),
                _ => c,
            }
        })
        .collect()
}

fn replace(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "replace";
    ensure_args_count(span, name, params, args, 3)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    let old = ensure_string(name, &params[1], &args[1])?;
    let new = ensure_string(name, &params[2], &args[2])?;
    // govlint patches 91 and 128: checks the rule's time and memory as the text grows.
    string_value(replace_checked(s.as_ref(), old.as_ref(), new.as_ref())?)
}

// govlint patch 24: OPA's `strings.split_n` is not Go's `SplitN`: it splits the whole string
// as `split` does, then keeps the first `n` parts (`n` > 0), the last `-n` (`n` < 0) or none
// (`n` = 0); `n` must be an integer.
fn split_n(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "strings.split_n";
    ensure_args_count(span, name, params, args, 3)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    let delimiter = ensure_string(name, &params[1], &args[1])?;
    let n = ensure_numeric(name, &params[2], &args[2])?;
    let Some(n) = n.as_i64().filter(|_| n.is_integer()) else {
        bail!(params[2].span().error(&format!(
            "`{name}` expects an integer count. Got `{}` instead",
            args[2]
        )));
    };
    // govlint patch 117: the parts are counted, then only the kept ones built, each checking
    // the rule's time and memory (a list of every part of a long text was 16 bytes a
    // character, built in one go).
    let parts: Box<dyn Iterator<Item = &str>> = if delimiter.is_empty() {
        // As `split`: Go splits "" into no parts and a string into its characters.
        Box::new(s.char_indices().map(|(i, c)| &s[i..i + c.len_utf8()]))
    } else {
        Box::new(s.split(delimiter.as_ref()))
    };
    let total = if delimiter.is_empty() {
        s.chars().count()
    } else {
        s.matches(delimiter.as_ref()).count() + 1
    };
    let count = usize::try_from(n.unsigned_abs())
        .unwrap_or(usize::MAX)
        .min(total);
    let skip = if n >= 0 { 0 } else { total - count };
    let mut kept = Vec::new();
    for p in parts.skip(skip).take(count) {
        kept.push(Value::String(p.into()));
        enforce_limit()?;
    }
    Ok(Value::from_array(kept))
}

fn split(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "replace";
    ensure_args_count(span, name, params, args, 2)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    let delimiter = ensure_string(name, &params[1], &args[1])?;

    // Handle https://github.com/microsoft/regorus/issues/291
    let parts: Vec<Value> = if delimiter.as_ref() == "" {
        // If delimiter is "", str::split returns a leading and trailing "" whereas Golang's split doesn't.
        // Therefore avoid str::split and instead return each char as a Value::String.
        s.chars()
            .map(|c| {
                let value = Value::from(c.to_string());
                // Guard part accumulation when splitting into characters.
                enforce_limit()?;
                Ok(value)
            })
            .collect::<Result<Vec<Value>>>()?
    } else {
        s.split(delimiter.as_ref())
            .map(|s| {
                let value = Value::String(s.into());
                // Guard part accumulation when splitting by delimiter.
                enforce_limit()?;
                Ok(value)
            })
            .collect::<Result<Vec<Value>>>()?
    };

    Ok(Value::from(parts))
}

fn to_string(v: &Value, unescape: bool) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) if unescape => {
            serde_json::to_string(s.as_ref()).unwrap_or(s.as_ref().to_string())
        }
        Value::String(s) => s.as_ref().to_string(),
        Value::Number(n) => n.format_decimal(),
        Value::Array(a) => {
            "[".to_owned()
                + &a.iter()
                    .map(|e| to_string(e, true))
                    .collect::<Vec<String>>()
                    .join(", ")
                + "]"
        }
        Value::Set(s) => {
            "{".to_owned()
                + &s.iter()
                    .map(|e| to_string(e, true))
                    .collect::<Vec<String>>()
                    .join(", ")
                + "}"
        }
        Value::Object(o) => {
            "{".to_owned()
                + &o.iter_sorted()
                    .map(|(k, v)| to_string(k, true) + ": " + &to_string(v, true))
                    .collect::<Vec<String>>()
                    .join(", ")
                + "}"
        }
        Value::Undefined => "#undefined".to_string(),
    }
}

// govlint patch 25: Go's fmt semantics (gofmt.rs), with OPA's conversion of the arguments.
fn sprintf(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "sprintf";
    ensure_args_count(span, name, params, args, 2)?;
    let fmt = ensure_string(name, &params[0], &args[0])?;
    let args = ensure_array(name, &params[1], args[1].clone())?;
    let go_args: Vec<gofmt::GoArg> = args.iter().map(go_arg).collect();
    // govlint patch 128: the output is written under the rule's time and memory checks.
    let s = gofmt::sprintf(fmt.as_ref(), &go_args)?;
    enforce_limit()?;
    string_value(s)
}

// govlint patch 118: a template string as OPA evaluates it (the parser lowers `$"a{e}b"` to
// `internal.template_string(["a", {x | x := e}, "b"])`): text pieces as they are, each
// expression's value as OPA writes a term (as `sprintf("%v")` writes one inside an array:
// `1/3` has 20 decimals) but a string bare, `<undefined>` where the
// expression is undefined, and an error where it has more than one value.
fn template_string(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "internal.template_string";
    ensure_args_count(span, name, params, args, 1)?;
    let pieces = ensure_array(name, &params[0], args[0].clone())?;
    let mut out = CheckedString::new();
    for piece in pieces.iter() {
        match piece {
            Value::String(s) => out.push_str(s),
            Value::Set(values) => match values.len() {
                0 => out.push_str("<undefined>"),
                1 => match values.iter().next() {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(v) => out.push_str(&rego_text(v)),
                    None => (),
                },
                _ => bail!(span.error(
                    "eval_conflict_error: template-string expression produced multiple outputs"
                )),
            },
            other => out.push_str(&rego_text(other)),
        }
        out.check()?;
    }
    enforce_limit()?;
    out.into_value()
}

// What OPA hands Go's fmt for one element: an integer within int64 as `int64`, a larger one
// as `*big.Int`, another number as `float64`, a string as itself, any other value as its
// Rego text.
fn go_arg(v: &Value) -> gofmt::GoArg<'_> {
    match v {
        Value::Number(n) if n.text().is_some() => go_arg_of_text(n.text().unwrap_or_default()),
        Value::Number(n) if n.is_integer() => match n.as_i64() {
            Some(i) => gofmt::GoArg::Int(i),
            None => match n.to_big() {
                Ok(b) => gofmt::GoArg::Big((*b).clone()),
                Err(_) => gofmt::GoArg::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
        },
        Value::Number(n) => gofmt::GoArg::Float(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => gofmt::GoArg::Str(Cow::Borrowed(s.as_ref())),
        v => gofmt::GoArg::Str(Cow::Owned(rego_text(v))),
    }
}

// govlint patch 65: what OPA 1.20.2 hands Go's fmt for a number it read from `text`: an
// int64 when the text is an integer (zeros past a decimal point allowed: `2.0`), a *big.Int
// when it is digits beyond int64, a float64 when it has a decimal point and is within range
// (`1.5e6`), and otherwise the text as a string (`1e6`, `1e-5`, `2e308`).
fn go_arg_of_text(text: &str) -> gofmt::GoArg<'_> {
    let (int_part, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = int_part.strip_prefix('-').unwrap_or(int_part);
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if is_digits(digits) && fraction.bytes().all(|b| b == b'0') {
        if let Ok(i) = int_part.parse::<i64>() {
            return gofmt::GoArg::Int(i);
        }
        if fraction.is_empty() && !text.contains('.') {
            if let Ok(b) = int_part.parse::<crate::number::BigInt>() {
                return gofmt::GoArg::Big(b);
            }
        }
    }
    match text.parse::<f64>() {
        Ok(f) if text.contains('.') && f.is_finite() => gofmt::GoArg::Float(f),
        _ => gofmt::GoArg::Str(Cow::Borrowed(text)),
    }
}

// OPA's sort order of values in a set's or an object's text: null, booleans, numbers,
// strings, arrays, objects, sets (regorus orders sets before objects).
fn opa_rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
        Value::Set(_) => 6,
        Value::Undefined => 7,
    }
}

// A value as OPA's `Term.String()` writes it: strings quoted as Go's strconv.Quote, an
// empty set `set()`. A number is written as the text it was read from (patch 65), else from
// its value.
fn rego_text(v: &Value) -> String {
    fn sorted(mut vs: Vec<&Value>) -> Vec<&Value> {
        vs.sort_by(|a, b| opa_rank(a).cmp(&opa_rank(b)).then_with(|| a.cmp(b)));
        vs
    }
    // govlint patch 91: each value written is a unit of the rule's time (`%v` of a document
    // whose parts repeat writes exponentially more than the policy built). Past the deadline
    // the text is cut short; the interpreter returns the time-limit error for the call.
    if crate::utils::limits::builtin_time_expired() {
        return String::new();
    }
    match v {
        Value::String(s) => gofmt::go_quote(s.chars(), '"', false),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(rego_text).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Set(s) if s.is_empty() => "set()".to_string(),
        Value::Set(s) => {
            let items: Vec<String> = sorted(s.iter().collect()).into_iter().map(rego_text).collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Object(o) => {
            let keys = sorted(o.keys().collect());
            let items: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    let v = o.get(k).map_or_else(String::new, rego_text);
                    format!("{}: {}", rego_text(k), v)
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        v => to_string(v, false),
    }
}

fn any_prefix_match(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    strict: bool,
) -> Result<Value> {
    let name = "strings.any_prefix_match";
    ensure_args_count(span, name, params, args, 2)?;

    let search = match &args[0] {
        Value::String(s) => vec![s.as_ref()],
        Value::Array(_) | Value::Set(_) => {
            match ensure_string_collection(name, &params[0], &args[0]) {
                Ok(c) => c,
                Err(e) if strict => return Err(e),
                _ => return Ok(Value::Undefined),
            }
        }
        _ if strict => {
            let span = params[0].span();
            bail!(span.error(
                format!("`{name}` expects string/array[string]/set[string] argument.").as_str()
            ));
        }
        _ => return Ok(Value::Undefined),
    };

    let base = match &args[1] {
        Value::String(s) => vec![s.as_ref()],
        Value::Array(_) | Value::Set(_) => {
            match ensure_string_collection(name, &params[1], &args[1]) {
                Ok(c) => c,
                Err(e) if strict => return Err(e),
                _ => return Ok(Value::Undefined),
            }
        }
        _ if strict => {
            let span = params[0].span();
            bail!(span.error(
                format!("`{name}` expects string/array[string]/set[string] argument.").as_str()
            ));
        }
        _ => return Ok(Value::Undefined),
    };

    Ok(Value::Bool(
        search.iter().any(|s| base.iter().any(|b| s.starts_with(b))),
    ))
}

fn any_suffix_match(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    strict: bool,
) -> Result<Value> {
    let name = "strings.any_suffix_match";
    ensure_args_count(span, name, params, args, 2)?;

    let search = match &args[0] {
        Value::String(s) => vec![s.as_ref()],
        Value::Array(_) | Value::Set(_) => {
            match ensure_string_collection(name, &params[0], &args[0]) {
                Ok(c) => c,
                Err(e) if strict => return Err(e),
                _ => return Ok(Value::Undefined),
            }
        }
        _ if strict => {
            let span = params[0].span();
            bail!(span.error(
                format!("`{name}` expects string/array[string]/set[string] argument.").as_str()
            ));
        }
        _ => return Ok(Value::Undefined),
    };

    let base = match &args[1] {
        Value::String(s) => vec![s.as_ref()],
        Value::Array(_) | Value::Set(_) => {
            match ensure_string_collection(name, &params[1], &args[1]) {
                Ok(c) => c,
                Err(e) if strict => return Err(e),
                _ => return Ok(Value::Undefined),
            }
        }
        _ if strict => {
            let span = params[0].span();
            bail!(span.error(
                format!("`{name}` expects string/array[string]/set[string] argument.").as_str()
            ));
        }
        _ => return Ok(Value::Undefined),
    };

    Ok(Value::Bool(
        search.iter().any(|s| base.iter().any(|b| s.ends_with(b))),
    ))
}

fn strings_count(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "strings.count";
    ensure_args_count(span, name, params, args, 2)?;

    let search = ensure_string(name, &params[0], &args[0])?;
    let substring = ensure_string(name, &params[0], &args[1])?;

    // govlint patch 19: Go's `strings.Count`: non-overlapping occurrences, and the number of
    // characters plus one for an empty substring (`windows(0)` panicked).
    if substring.is_empty() {
        return Ok(Value::from(search.chars().count() + 1));
    }
    Ok(Value::from(search.matches(substring.as_ref()).count()))
}

fn startswith(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "startswith";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::Bool(s1.starts_with(s2.as_ref())))
}

fn replace_n(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim";
    ensure_args_count(span, name, params, args, 2)?;
    let obj = ensure_object(name, &params[0], args[0].clone())?;
    let s = ensure_string(name, &params[1], &args[1])?;

    let span = params[0].span();
    // govlint patch 103: all patterns in one pass, as Go's `strings.NewReplacer` (applying them
    // one after another replaced what an earlier pattern wrote). Keys in OPA's order.
    let mut pairs = Vec::with_capacity(obj.len());
    for item in obj.as_ref().iter_sorted() {
        match item {
            (Value::String(k), Value::String(v)) => pairs.push((k.as_ref(), v.as_ref())),
            _ => {
                bail!(span.error(
                    format!("`{name}` expects string keys and values in pattern object.").as_str()
                ))
            }
        }
    }
    string_value(replacer::replace_all(s.as_ref(), &pairs)?)
}

fn reverse(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "reverse";
    ensure_args_count(span, name, params, args, 1)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    Ok(Value::String(s.chars().rev().collect::<String>().into()))
}

fn substring(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "substring";
    ensure_args_count(span, name, params, args, 3)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    let offset = ensure_numeric(name, &params[1], &args[1])?;
    let length = ensure_numeric(name, &params[2], &args[2])?;

    match (offset.as_i64(), length.as_i64()) {
        (Some(offset), _) if offset < 0 && strict => {
            bail!(params[1].span().error("negative offset"))
        }
        (Some(offset), _) if offset < 0 => Ok(Value::Undefined),
        (Some(offset), Some(length)) => {
            let start = s.chars().skip(offset as usize);
            let length = if length < 0 { s.len() } else { length as usize };
            Ok(Value::String(start.take(length).collect::<String>().into()))
        }
        _ => Ok(Value::String("".into())),
    }
}

fn trim(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::String(s1.trim_matches(|c| s2.contains(c)).into()))
}

fn trim_left(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim_left";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::String(
        s1.trim_start_matches(|c| s2.contains(c)).into(),
    ))
}

fn trim_prefix(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim_prefix";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::String(match s1.strip_prefix(s2.as_ref()) {
        Some(s) => s.into(),
        _ => s1,
    }))
}

fn trim_right(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim_right";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::String(
        s1.trim_end_matches(|c| s2.contains(c)).into(),
    ))
}

fn trim_space(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim_space";
    ensure_args_count(span, name, params, args, 1)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    Ok(Value::String(s.trim().into()))
}

fn trim_suffix(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "trim_suffix";
    ensure_args_count(span, name, params, args, 2)?;
    let s1 = ensure_string(name, &params[0], &args[0])?;
    let s2 = ensure_string(name, &params[1], &args[1])?;
    Ok(Value::String(match s1.strip_suffix(s2.as_ref()) {
        Some(s) => s.into(),
        _ => s1,
    }))
}

fn upper(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "upper";
    ensure_args_count(span, name, params, args, 1)?;
    let s = ensure_string(name, &params[0], &args[0])?;
    Ok(Value::String(simple_case(&s, true).into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go_quote_string(s: &str) -> String {
        super::gofmt::go_quote(s.chars(), '"', false)
    }

    // Reference values below were captured from `sprintf("%q", [...])`
    // evaluated with OPA (github.com/open-policy-agent/opa), which in turn
    // delegates to Go's `strconv.Quote`.
    #[test]
    fn quote_string_matches_go_strconv_quote() {
        assert_eq!(go_quote_string("foo"), "\"foo\"");
        assert_eq!(go_quote_string(""), "\"\"");
        assert_eq!(go_quote_string("a\"b"), "\"a\\\"b\"");
        assert_eq!(go_quote_string("back\\slash"), "\"back\\\\slash\"");
        assert_eq!(go_quote_string("tab\there"), "\"tab\\there\"");
        assert_eq!(go_quote_string("nl\nhere"), "\"nl\\nhere\"");
        assert_eq!(go_quote_string("cr\rhere"), "\"cr\\rhere\"");
        assert_eq!(go_quote_string("emoji\u{1F642}"), "\"emoji\u{1F642}\"");
        assert_eq!(
            go_quote_string("\u{044E}\u{043D}\u{0456}\u{043A}\u{043E}\u{0434}"),
            "\"\u{044E}\u{043D}\u{0456}\u{043A}\u{043E}\u{0434}\""
        );
        // %q does NOT HTML-escape < > & (unlike json.marshal).
        assert_eq!(go_quote_string("a<b>&c"), "\"a<b>&c\"");

        // Short escapes for the other named control characters.
        assert_eq!(go_quote_string("\u{0007}"), "\"\\a\"");
        assert_eq!(go_quote_string("\u{0008}"), "\"\\b\"");
        assert_eq!(go_quote_string("\u{000C}"), "\"\\f\"");
        assert_eq!(go_quote_string("\u{000B}"), "\"\\v\"");

        // Other C0 control characters fall back to \xNN.
        assert_eq!(go_quote_string("x\u{001F}y"), "\"x\\x1fy\"");
        // DEL (0x7f) is also escaped as \x7f.
        assert_eq!(go_quote_string("x\u{007F}y"), "\"x\\x7fy\"");
        // Non-breaking space is a non-ASCII-space separator: not printable,
        // and within the BMP so it uses \uNNNN.
        assert_eq!(go_quote_string("x\u{00A0}y"), "\"x\\u00a0y\"");
        // Format, private-use, noncharacter, and unassigned scalars are not
        // printable under Go's Unicode category definition.
        assert_eq!(go_quote_string("x\u{00AD}y"), "\"x\\u00ady\"");
        assert_eq!(go_quote_string("x\u{200B}y"), "\"x\\u200by\"");
        assert_eq!(go_quote_string("x\u{E000}y"), "\"x\\ue000y\"");
        assert_eq!(go_quote_string("x\u{FDD0}y"), "\"x\\ufdd0y\"");
        assert_eq!(go_quote_string("x\u{0378}y"), "\"x\\u0378y\"");
        // Astral-plane printable characters are left as-is.
        assert_eq!(go_quote_string("x\u{1F600}y"), "\"x\u{1F600}y\"");
    }

    #[test]
    fn quote_string_applies_supported_width_and_precision() {
        let quote = |input, width| {
            let mut out = String::new();
            append_go_quoted(&mut out, input, width).expect("quoting must succeed");
            out
        };

        assert_eq!(quote("foo", Width::Cell(10)), "     \"foo\"");
        assert_eq!(quote("a", Width::LeadingZeros(5)), "00\"a\"");
        assert_eq!(quote("abcdef", Width::Decimals(3)), "\"abc\"");
        assert_eq!(quote("abc", Width::Decimals(0)), "\"\"");
        assert_eq!(quote("\u{1F642}", Width::Cell(6)), "   \"\u{1F642}\"");
        assert_eq!(quote("\u{1F642}x", Width::Decimals(1)), "\"\u{1F642}\"");
    }
}
