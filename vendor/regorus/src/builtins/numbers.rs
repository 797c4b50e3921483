// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

#![allow(
    clippy::unseparated_literal_suffix,
    clippy::as_conversions,
    clippy::unused_trait_names,
    clippy::pattern_type_mismatch
)]

use crate::ast::{ArithOp, Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{enforce_limit, ensure_args_count, ensure_numeric};
use crate::lexer::Span;
use crate::number::Number;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};

#[cfg(feature = "std")]
use rand::RngExt;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("abs", (abs, 1));
    m.insert("ceil", (ceil, 1));
    m.insert("floor", (floor, 1));
    m.insert("numbers.range", (range, 2));
    m.insert("numbers.range_step", (range_step, 3));
    #[cfg(feature = "std")]
    m.insert("rand.intn", (intn, 2));
    m.insert("round", (round, 1));
}

use crate::builtins::decimal::{self, DecimalOp, Rounding};

pub fn arithmetic_operation(
    span: &Span,
    op: &ArithOp,
    expr1: &Expr,
    expr2: &Expr,
    v1: Value,
    v2: Value,
    strict: bool,
) -> Result<Value> {
    let op_name = format!("{op:?}").to_lowercase();
    let v1 = ensure_numeric(op_name.as_str(), expr1, &v1)?;
    let v2 = ensure_numeric(op_name.as_str(), expr2, &v2)?;

    Ok(Value::from(match op {
        // govlint patch 40: decimals computed exactly, as OPA does (`0.1 + 0.2 == 0.3`).
        ArithOp::Add => decimal::apply(DecimalOp::Add, &v1, &v2).map_or_else(|| v1.add(&v2), Ok)?,
        ArithOp::Sub => decimal::apply(DecimalOp::Sub, &v1, &v2).map_or_else(|| v1.sub(&v2), Ok)?,
        ArithOp::Mul => decimal::apply(DecimalOp::Mul, &v1, &v2).map_or_else(|| v1.mul(&v2), Ok)?,
        ArithOp::Div if strict && v2 == Number::from(0u64) => bail!(span.error("divide by zero")),
        ArithOp::Div if v2 == Number::from(0u64) => return Ok(Value::Undefined),
        ArithOp::Div => match decimal::apply(DecimalOp::Div, &v1, &v2) {
            Some(q) => q,
            None => v1.divide(&v2)?,
        },
        ArithOp::Mod if strict && v2 == Number::from(0u64) => bail!(span.error("modulo by zero")),
        ArithOp::Mod if v2 == Number::from(0u64) => return Ok(Value::Undefined),
        ArithOp::Mod if !v1.is_integer() || !v2.is_integer() => {
            bail!(span.error("modulo on floating-point number"))
        }
        ArithOp::Mod => v1.modulo(&v2)?,
    }))
}

fn abs(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "abs", params, args, 1)?;
    let n = ensure_numeric("abs", &params[0], &args[0])?;
    // govlint patch 104: a non-integer's absolute value keeps OPA's 64-bit value.
    if let Some(a) = decimal::abs(&n) {
        return Ok(Value::from(a));
    }
    Ok(Value::from(n.abs()))
}

fn ceil(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "ceil", params, args, 1)?;
    let n = ensure_numeric("ceil", &params[0], &args[0])?;
    // govlint patch 97: OPA's ceil is 1 between -1 and 0 (see `between_minus_one_and_zero`).
    if between_minus_one_and_zero(&n) {
        return Ok(Value::from(Number::from(1u64)));
    }
    // govlint patch 106: from OPA's 64-bit value, not its double.
    if let Some(v) = decimal::rounded(Rounding::Ceil, &n) {
        return Ok(Value::from(v));
    }
    Ok(Value::from(n.ceil()))
}

fn floor(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "floor", params, args, 1)?;
    let n = ensure_numeric("floor", &params[0], &args[0])?;
    // govlint patch 97: OPA's floor is 0 between -1 and 0.
    if between_minus_one_and_zero(&n) {
        return Ok(Value::from(Number::from(0u64)));
    }
    // govlint patch 106: from OPA's 64-bit value, not its double.
    if let Some(v) = decimal::rounded(Rounding::Floor, &n) {
        return Ok(Value::from(v));
    }
    Ok(Value::from(n.floor()))
}

// govlint patch 97: OPA 1.20.2 truncates toward zero and then steps by one only when the
// truncated integer has the argument's side: a negative x above -1 truncates to 0, which
// is not negative, so `floor(-0.5)` is 0 and `ceil(-0.5)` is 1 there (and policies written
// against OPA see those values). Elsewhere both agree with the mathematical floor and ceil.
fn between_minus_one_and_zero(n: &Number) -> bool {
    *n < Number::from(0u64) && *n > Number::from(-1i64)
}

/// govlint patch 95: the most elements `numbers.range*` reserves before filling.
const RESERVE_AT_MOST: usize = 1 << 20;

fn range(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "numbers.range";
    ensure_args_count(span, name, params, args, 2)?;
    let v1 = ensure_numeric(name, &params[0], &args[0].clone())?;
    let v2 = ensure_numeric(name, &params[1], &args[1].clone())?;

    match v1.is_integer() {
        false if strict => bail!(params[0].span().error("operand must be integer")),
        false => return Ok(Value::Undefined),
        _ => (),
    }

    match v2.is_integer() {
        false if strict => bail!(params[1].span().error("operand must be integer")),
        false => return Ok(Value::Undefined),
        _ => (),
    }

    let (incr, num_elements) = match v2.sub(&v1)?.as_i64() {
        Some(v) if v >= 0 => (1i64, v as usize + 1),
        Some(v) => (-1i64, (-v + 1) as usize),
        _ => bail!(span.error("could not determine number of elements")),
    };

    // govlint patch 95: reserve at most a million elements up front. `numbers.range(1, 1e10)`
    // asked for 160 GB in one allocation, which aborts the process before the first element
    // (or its time check) is made; a longer range grows as it is filled, under patch 91's
    // checks.
    let mut values = Vec::with_capacity(num_elements.min(RESERVE_AT_MOST));
    // govlint patch 65: the elements are computed numbers, not the bound's text.
    let mut v = v1.plain().clone();
    let incr = Number::from(incr);
    while v != v2 {
        values.push(Value::from(v.clone()));
        v.add_assign(&incr)?;
        // Guard vector growth while we enumerate the range.
        enforce_limit()?;
    }
    values.push(Value::from(v));
    // Guard the last push before materializing the array.
    enforce_limit()?;
    Ok(Value::from_array(values))
}

fn range_step(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "numbers.range_step";
    ensure_args_count(span, name, params, args, 3)?;
    let v1 = ensure_numeric(name, &params[0], &args[0].clone())?;
    let v2 = ensure_numeric(name, &params[1], &args[1].clone())?;
    let incr = ensure_numeric(name, &params[2], &args[2].clone())?;

    match v1.is_integer() {
        false if strict => bail!(params[0].span().error("operand must be integer")),
        false => return Ok(Value::Undefined),
        _ => (),
    }

    match v2.is_integer() {
        false if strict => bail!(params[1].span().error("operand must be integer")),
        false => return Ok(Value::Undefined),
        _ => (),
    }

    if strict && (!incr.is_integer() || incr <= Number::from(0u64)) {
        bail!(params[2].span().error("step must be a positive integer"))
    }

    let (incr, num_elements) = match (v2.sub(&v1)?.as_i64(), incr.as_i64()) {
        (Some(v), Some(incr)) if v >= 0 => (incr, v / incr + 1),
        (Some(v), Some(incr)) => (-incr, -v / incr + 1),
        _ => bail!(span.error("could not determine number of elements")),
    };

    // govlint patch 95: as in `range`, reserve at most a million elements up front.
    let mut values = Vec::with_capacity((num_elements as usize).min(RESERVE_AT_MOST));
    let incr = Number::from(incr);
    // govlint patch 65: the elements are computed numbers, not the bound's text.
    let mut v = v1.plain().clone();
    while (v <= v2 && incr.is_positive()) || (v >= v2 && !incr.is_positive()) {
        values.push(Value::from(v.clone()));
        v.add_assign(&incr)?;
        // Guard vector growth as the stepped range accumulates.
        enforce_limit()?;
    }

    Ok(Value::from_array(values))
}

fn round(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "round";
    ensure_args_count(span, name, params, args, 1)?;
    let n = ensure_numeric(name, &params[0], &args[0])?;
    // govlint patch 106: from OPA's 64-bit value, not its double.
    if let Some(v) = decimal::rounded(Rounding::Round, &n) {
        return Ok(Value::from(v));
    }
    Ok(Value::from(n.round()))
}

#[cfg(feature = "std")]
fn intn(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let fcn = "rand.intn";
    ensure_args_count(span, fcn, params, args, 2)?;
    let _ = crate::builtins::utils::ensure_string(fcn, &params[0], &args[0])?;
    let n = ensure_numeric(fcn, &params[0], &args[1])?;

    Ok(match n.as_u64() {
        Some(0) => Value::from(0u64),
        Some(n) => {
            // TODO: bounds checking; arbitrary precision
            let v = rand::rng().random_range(0..n);
            Value::from(v)
        }
        _ => Value::Undefined,
    })
}
