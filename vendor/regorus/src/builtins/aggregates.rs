// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

#![allow(clippy::pattern_type_mismatch)]

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{enforce_limit, ensure_args_count, ensure_numeric};
use crate::lexer::Span;
use crate::number::Number;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("count", (count, 1));
    m.insert("max", (max, 1));
    m.insert("min", (min, 1));
    m.insert("product", (product, 1));
    m.insert("sort", (sort, 1));
    m.insert("sum", (sum, 1));
}

fn count(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    ensure_args_count(span, "count", params, args, 1)?;

    Ok(Value::from(Number::from(match &args[0] {
        Value::Array(a) => a.len(),
        Value::Set(a) => a.len(),
        Value::Object(a) => a.len(),
        Value::String(a) => a.encode_utf16().count(),
        a if strict => {
            let span = params[0].span();
            bail!(span.error(
                format!("`count` requires array/object/set/string argument. Got `{a}`.").as_str()
            ))
        }
        _ => return Ok(Value::Undefined),
    })))
}

fn max(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "max", params, args, 1)?;

    Ok(match &args[0] {
        Value::Array(a) if a.is_empty() => Value::Undefined,
        Value::Array(a) => a.iter().max().unwrap().clone(),
        Value::Set(a) if a.is_empty() => Value::Undefined,
        Value::Set(a) => a.iter().max().unwrap().clone(),
        a => {
            let span = params[0].span();
            bail!(span.error(format!("`max` requires array/set argument. Got `{a}`.").as_str()))
        }
    })
}

fn min(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "min", params, args, 1)?;

    Ok(match &args[0] {
        Value::Array(a) if a.is_empty() => Value::Undefined,
        Value::Array(a) => a.iter().min().unwrap().clone(),
        Value::Set(a) if a.is_empty() => Value::Undefined,
        Value::Set(a) => a.iter().min().unwrap().clone(),
        a => {
            let span = params[0].span();
            bail!(span.error(format!("`min` requires array/set argument. Got `{a}`.").as_str()))
        }
    })
}

fn product(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "product", params, args, 1)?;

    let mut v = Number::from(1_u64);
    let mut items = Vec::new();
    Ok(Value::from(match &args[0] {
        Value::Array(a) => {
            for e in a.iter() {
                let e = ensure_numeric("product", &params[0], e)?;
                v.mul_assign(&e)?;
                items.push(e);
            }
            // govlint patch 40: non-integers as OPA computes them.
            decimal::fold(DecimalOp::Mul, &items).unwrap_or(v)
        }

        Value::Set(a) => {
            for e in a.iter() {
                let e = ensure_numeric("product", &params[0], e)?;
                v.mul_assign(&e)?;
                items.push(e);
            }
            // govlint patch 40: non-integers as OPA computes them.
            decimal::fold(DecimalOp::Mul, &items).unwrap_or(v)
        }
        a => {
            let span = params[0].span();
            bail!(span.error(format!("`product` requires array/set argument. Got `{a}`.").as_str()))
        }
    }))
}

/// govlint patch 91: the most elements sorted (or merged) by one uninterruptible standard
/// sort call; the rule's time is checked between calls. The result is `Vec::sort`'s.
const SORT_RUN: usize = 1 << 16;

fn sort_checked(mut items: Vec<Value>) -> Result<Vec<Value>> {
    let len = items.len();
    if len <= SORT_RUN {
        items.sort();
        return Ok(items);
    }
    // Sorted input (a range, data kept in order) costs one checked pass, as the standard
    // sort's run detection would.
    let mut sorted = true;
    for (i, pair) in items.windows(2).enumerate() {
        if pair[0] > pair[1] {
            sorted = false;
            break;
        }
        if i % 256 == 0 {
            enforce_limit()?;
        }
    }
    if sorted {
        return Ok(items);
    }
    for run in items.chunks_mut(SORT_RUN) {
        run.sort();
        crate::builtins::utils::enforce_limit_bytes(run.len() * 64)?;
    }
    // Two adjacent sorted runs: the standard (stable, run-detecting) sort merges them in one
    // linear pass, and equal elements keep their order, as in one sort of the whole.
    let mut width = SORT_RUN;
    while width < len {
        let mut start = 0;
        while start + width < len {
            let end = start.saturating_add(width.saturating_mul(2)).min(len);
            if let Some(pair) = items.get_mut(start..end) {
                pair.sort();
            }
            crate::builtins::utils::enforce_limit_bytes((end - start) * 64)?;
            start = end;
        }
        width = width.saturating_mul(2);
    }
    Ok(items)
}

fn sort(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "sort", params, args, 1)?;
    Ok(match &args[0] {
        Value::Array(a) => {
            // govlint patch 91: a huge array is sorted in runs the rule's time is checked
            // between, then merged run by run with a check per element.
            Value::from(sort_checked(a.to_vec())?)
        }
        // Sorting a set produces array.
        Value::Set(a) => {
            let mut items = Vec::with_capacity(a.len());
            for value in a.iter() {
                items.push(value.clone());
                // Guard array growth while materializing the sorted set.
                enforce_limit()?;
            }
            Value::from(items)
        }
        a => {
            let span = params[0].span();
            bail!(span.error(format!("`sort` requires array/set argument. Got `{a}`.").as_str()))
        }
    })
}

use crate::builtins::decimal::{self, DecimalOp};

fn sum(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "sum", params, args, 1)?;

    let mut v = Number::from(0_u64);
    let mut items = Vec::new();
    Ok(Value::from(match &args[0] {
        Value::Array(a) => {
            for e in a.iter() {
                let e = ensure_numeric("sum", &params[0], e)?;
                v.add_assign(&e)?;
                items.push(e);
            }
            // govlint patch 40: non-integers as OPA computes them.
            decimal::fold(DecimalOp::Add, &items).unwrap_or(v)
        }

        Value::Set(a) => {
            for e in a.iter() {
                let e = ensure_numeric("sum", &params[0], e)?;
                v.add_assign(&e)?;
                items.push(e);
            }
            // govlint patch 40: non-integers as OPA computes them.
            decimal::fold(DecimalOp::Add, &items).unwrap_or(v)
        }
        a => {
            let span = params[0].span();
            bail!(span.error(format!("`sum` requires array/set argument. Got `{a}`.").as_str()))
        }
    }))
}
