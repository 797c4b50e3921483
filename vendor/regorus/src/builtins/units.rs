// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
#![allow(clippy::unused_trait_names)]
use alloc::borrow::Cow;
use core::str::FromStr;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_string};
use crate::lexer::Span;
use crate::number::Number;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};
use num_bigint::BigUint;
use num_traits::Zero;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("units.parse", (parse, 1));
    m.insert("units.parse_bytes", (parse_bytes, 1));
}

fn ten_exp(suffix: &str) -> Option<i32> {
    Some(match suffix {
        "E" | "e" => 18,
        "P" | "p" => 15,
        "T" | "t" => 12,
        "G" | "g" => 9,
        "M" => 6,
        "K" | "k" => 3,
        "m" => -3,
        // govlint patch 121: upstream also read Q, R, Y, Z, h, da, d, c, μ, n, f, a, z, y, r
        // and q, which OPA refuses (`unit h not recognized`).

        // No suffix specified.
        "" => 0,
        _ => return None,
    })
}

fn two_exp(suffix: &str) -> Option<i32> {
    Some(match suffix.to_ascii_lowercase().as_str() {
        "ki" => 10,
        "mi" => 20,
        "gi" => 30,
        "ti" => 40,
        "pi" => 50,
        "ei" => 60,
        _ => return None,
    })
}

// govlint patch 121: OPA multiplies the amount, read as an exact rational (Go's `big.Rat`), by
// the unit's factor, itself exact but for `m`, which is the double nearest 0.001. A product
// that is not an integer is written with ten decimals (`FloatString(10)`, halves rounded away
// from zero), and that text is the number: `units.parse("0.3m")` is `0.0003000000`,
// `units.parse("1000m")` `1.0000000000`, `units.parse("1e-11")` `0.0000000000`; an integer is
// written whole (`1.5Ei` exactly, where a double lost its last digits). The text, and whether
// it is a fraction; `None` when too large to compute here (an exponent or a digit count
// beyond 10,000, which a real quantity never has), left to the caller's arithmetic.
fn opa_product(amount: &str, factor: (BigUint, BigUint)) -> Option<(String, bool)> {
    let (negative, unsigned) = match amount.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, amount.strip_prefix('+').unwrap_or(amount)),
    };
    let (mantissa, exp) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int_part}{frac_part}");
    if digits.is_empty() || digits.len() > 10_000 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // amount = digits * 10^(exp - frac_len)
    let scale = exp.checked_sub(i64::try_from(frac_part.len()).ok()?)?;
    if scale.unsigned_abs() > 10_000 {
        return None;
    }
    let ten = BigUint::from(10u32);
    let pow10 = |n: u64| num_traits::pow::pow(ten.clone(), usize::try_from(n).unwrap_or(0));
    let mut num = digits.parse::<BigUint>().ok()? * &factor.0;
    let mut den = factor.1;
    if scale >= 0 {
        num *= pow10(scale.unsigned_abs());
    } else {
        den *= pow10(scale.unsigned_abs());
    }
    let sign = if negative { "-" } else { "" };
    if (&num % &den).is_zero() {
        let whole = num / den;
        let sign = if whole.is_zero() { "" } else { sign };
        return Some((format!("{sign}{whole}"), false));
    }
    let scaled = num * pow10(10);
    let mut q = &scaled / &den;
    let r = &scaled % &den;
    if r * 2u32 >= den {
        q += 1u32;
    }
    let unit = pow10(10);
    let whole = &q / &unit;
    let frac = (&q % &unit).to_string();
    Some((format!("{sign}{whole}.{frac:0>10}"), true))
}

// The factor of a unit as a rational: 10^e, 2^e, or for `m` the double nearest 0.001.
fn unit_factor(ten: Option<i32>, two: Option<i32>) -> Option<(BigUint, BigUint)> {
    let one = BigUint::from(1u32);
    match (ten, two) {
        (Some(-3), _) => {
            let bits = 0.001f64.to_bits();
            let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
            let exponent = i64::try_from((bits >> 52) & 0x7ff).ok()? - 1075;
            let den = one << usize::try_from(-exponent).ok()?;
            Some((BigUint::from(mantissa), den))
        }
        (Some(e), _) if e >= 0 => Some((
            num_traits::pow::pow(BigUint::from(10u32), usize::try_from(e).ok()?),
            one,
        )),
        (None, Some(e)) => Some((one << usize::try_from(e).ok()?, BigUint::from(1u32))),
        _ => None,
    }
}

fn parse(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "units.parse";
    ensure_args_count(span, name, params, args, 1)?;
    let string = ensure_string(name, &params[0], &args[0])?;
    let string = string.as_ref();

    // Remove quotes.
    let string = if string.starts_with('"') && string.ends_with('"') && string.len() >= 2 {
        &string[1..string.len() - 1]
    } else {
        string
    };

    // Disallow whitespace.
    if string.chars().any(char::is_whitespace) {
        bail!(span.error("spaces not allowed in resource strings"));
    }

    let (number_part, suffix) = match string.rfind(|c: char| c.is_ascii_digit()) {
        Some(p) => (&string[0..p + 1], &string[p + 1..]),
        _ => (string, ""),
    };

    // Canonicalize quirky literals (e.g. ".5", "-.1") so downstream parsing always sees
    // a stable representation that includes an explicit leading digit.
    let canonical_part = canonicalize_number_part(number_part);

    // govlint patch 96: OPA reads the number with Go's `big.Rat`, which refuses a written
    // exponent of a million or more ("exponent too large") rather than compute a number of
    // that many digits; `units.parse("1e999999999")` made the engine compute 10^999999999 in
    // one uninterruptible step, past any time limit.
    if let Some((_, exp)) = split_decimal_exponent(canonical_part.as_ref()) {
        if exp.unsigned_abs() >= 1_000_000 {
            bail!(params[0].span().error("units.parse: exponent too large"));
        }
    } else if let Some((_, exp)) = canonical_part.split_once(['e', 'E']) {
        // An exponent too long for 32 bits is too large as well.
        let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            bail!(params[0].span().error("units.parse: exponent too large"));
        }
    }

    let ten = ten_exp(suffix);
    let two = if ten.is_none() { two_exp(suffix) } else { None };
    if let Some((text, fraction)) =
        unit_factor(ten, two).and_then(|f| opa_product(canonical_part.as_ref(), f))
    {
        let value = Number::from_str(&text)
            .map_err(|_| params[0].span().error("could not parse number"))?;
        return Ok(Value::from(if fraction {
            Number::with_text(value, &text)
        } else {
            value
        }));
    }
    if let Some(e) = ten {
        let combined = combine_decimal_exponent(canonical_part.as_ref(), e)
            .ok_or_else(|| params[0].span().error("could not parse number"))?;
        let number = Number::from_str(&combined)
            .map_err(|_| params[0].span().error("could not parse number"))?;
        Ok(Value::from(number))
    } else if let Some(e) = two {
        let mut number = Number::from_str(canonical_part.as_ref())
            .map_err(|_| params[0].span().error("could not parse number"))?;
        number.mul_assign(&Number::two_pow(e)?)?;
        Ok(Value::from(number))
    } else {
        // govlint patch 121: OPA's error (the unit as it reads it: lowercase after its first
        // letter); upstream was undefined even under strict errors.
        let mut unit: String = suffix.chars().take(1).collect();
        unit.push_str(&suffix.chars().skip(1).collect::<String>().to_lowercase());
        bail!(params[0]
            .span()
            .error(&format!("units.parse: unit {unit} not recognized")))
    }
}

fn twob_exp(suffix: &str) -> Option<i32> {
    Some(match suffix.to_ascii_lowercase().as_str() {
        "yi" | "yib" => 80,
        "zi" | "zib" => 70,
        "ei" | "eib" => 60,
        "pi" | "pib" => 50,
        "ti" | "tib" => 40,
        "gi" | "gib" => 30,
        "mi" | "mib" => 20,
        "ki" | "kib" => 10,
        "" => 0,
        _ => return None,
    })
}

fn tenb_exp(suffix: &str) -> Option<i32> {
    Some(match suffix.to_ascii_lowercase().as_str() {
        "q" | "qb" => 30,
        "r" | "rb" => 27,
        "y" | "yb" => 24,
        "z" | "zb" => 21,
        "e" | "eb" => 18,
        "p" | "pb" => 15,
        "t" | "tb" => 12,
        "g" | "gb" => 9,
        "m" | "mb" => 6,
        "k" | "kb" => 3,
        _ => return None,
    })
}

fn parse_bytes(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "units.parse_bytes";
    ensure_args_count(span, name, params, args, 1)?;
    let string = ensure_string(name, &params[0], &args[0])?;
    let string = string.as_ref();

    // Remove quotes.
    let string = if string.starts_with('"') && string.ends_with('"') && string.len() >= 2 {
        &string[1..string.len() - 1]
    } else {
        string
    };

    // Disallow whitespace.
    if string.chars().any(char::is_whitespace) {
        bail!(span.error("spaces not allowed in resource strings"));
    }

    let (number_part, suffix) = match string.rfind(|c: char| c.is_ascii_digit()) {
        Some(p) => (&string[0..p + 1], &string[p + 1..]),
        _ => (string, ""),
    };

    // Canonicalize quirky literals (e.g. ".5", "-.1") so downstream parsing always sees
    // a stable representation that includes an explicit leading digit.
    let canonical_part = canonicalize_number_part(number_part);

    if let Some(e) = twob_exp(suffix) {
        let mut number = match Number::from_str(canonical_part.as_ref()) {
            Ok(n) => n,
            Err(_) if strict => bail!(span.error("could not parse number")),
            Err(_) => return Ok(Value::Undefined),
        };
        number.mul_assign(&Number::two_pow(e)?)?;
        Ok(Value::from(number.round()))
    } else if let Some(e) = tenb_exp(suffix) {
        let combined = match combine_decimal_exponent(canonical_part.as_ref(), e) {
            Some(s) => s,
            None if strict => bail!(span.error("could not parse number")),
            None => return Ok(Value::Undefined),
        };
        let number = match Number::from_str(&combined) {
            Ok(n) => n,
            Err(_) if strict => bail!(span.error("could not parse number")),
            Err(_) => return Ok(Value::Undefined),
        };
        Ok(Value::from(number.round()))
    } else {
        Ok(Value::Undefined)
    }
}

// Normalizes numbers that start with a decimal point by injecting the implicit leading zero.
// This means inputs like ".5" and "-.1" become "0.5" / "-0.1", which Number::from_str accepts.
fn canonicalize_number_part(number_part: &str) -> Cow<'_, str> {
    if let Some(rest) = number_part.strip_prefix("-.") {
        Cow::Owned(format!("-0.{rest}"))
    } else if let Some(rest) = number_part.strip_prefix("+.") {
        Cow::Owned(format!("+0.{rest}"))
    } else if let Some(rest) = number_part.strip_prefix('.') {
        Cow::Owned(format!("0.{rest}"))
    } else {
        Cow::Borrowed(number_part)
    }
}

// Adds the unit-derived exponent (from suffix) to any exponent already present in the literal.
// Produces a canonical `mantissa eX` string or returns None when the combined exponent overflows.
fn combine_decimal_exponent(number: &str, suffix_exp: i32) -> Option<String> {
    if suffix_exp == 0 {
        return Some(number.to_string());
    }

    let (mantissa, base_exp) = match split_decimal_exponent(number) {
        Some(parts) => parts,
        None => (number, 0),
    };

    if mantissa.is_empty() {
        return None;
    }

    let combined_exp = base_exp.checked_add(suffix_exp)?;

    if combined_exp == 0 {
        Some(mantissa.to_string())
    } else {
        Some(format!("{}e{}", mantissa, combined_exp))
    }
}

// Splits scientific notation ("1.2e3") into mantissa/exponent so callers can adjust the exponent.
// Returns None when no exponent exists or the tail cannot be parsed into a 32-bit integer.
fn split_decimal_exponent(number: &str) -> Option<(&str, i32)> {
    let idx = number.find(['e', 'E'])?;
    let mantissa = &number[..idx];
    let exp_part = &number[idx + 1..];
    if exp_part.is_empty() {
        return None;
    }
    let exponent = exp_part.parse::<i32>().ok()?;
    Some((mantissa, exponent))
}
