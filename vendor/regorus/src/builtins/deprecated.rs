// govlint patch 6: the builtins OPA 1.x still provides to Rego v0 modules
// (`opa ... --v0-compatible`) although they were deprecated before 1.0. They are looked up
// only for modules parsed as v0 (see `Interpreter::lookup_v0_builtin`), as in OPA, where a
// v1 module calling them fails to compile.
#![allow(clippy::pattern_type_mismatch)]

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_set};
use crate::lexer::Span;
use crate::value::Value;
use crate::*;

use alloc::collections::BTreeSet;
use anyhow::{bail, Result};
use lazy_static::lazy_static;

#[rustfmt::skip]
lazy_static! {
    pub static ref DEPRECATED: builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn> = {
        let mut m: builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn> =
            builtins::BuiltinsMap::new();
        m.insert("any", (any, 1));
        m.insert("all", (all, 1));
        m.insert("cast_array", (cast_array, 1));
        m.insert("cast_set", (cast_set, 1));
        m.insert("cast_string", (cast_string, 1));
        m.insert("cast_boolean", (cast_boolean, 1));
        m.insert("cast_null", (cast_null, 1));
        m.insert("cast_object", (cast_object, 1));
        m.insert("set_diff", (set_diff, 2));
        #[cfg(feature = "regex")]
        m.insert("re_match", (re_match, 2));
        #[cfg(feature = "net")]
        m.insert("net.cidr_overlap", (cidr_overlap, 2));
        m
    };
}

/// The elements of an array or a set; any other value is a type error, as in OPA.
fn elements<'a>(fcn: &str, span: &Span, v: &'a Value) -> Result<Vec<&'a Value>> {
    Ok(match v {
        Value::Array(a) => a.iter().collect(),
        Value::Set(s) => s.iter().collect(),
        _ => bail!(span.error(format!("`{fcn}` expects array or set argument").as_str())),
    })
}

fn any(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "any", params, args, 1)?;
    let items = elements("any", span, &args[0])?;
    Ok(Value::Bool(items.iter().any(|v| **v == Value::Bool(true))))
}

fn all(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "all", params, args, 1)?;
    let items = elements("all", span, &args[0])?;
    Ok(Value::Bool(items.iter().all(|v| **v == Value::Bool(true))))
}

fn cast_array(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "cast_array", params, args, 1)?;
    let items = elements("cast_array", span, &args[0])?;
    Ok(Value::from(
        items.into_iter().cloned().collect::<Vec<Value>>(),
    ))
}

fn cast_set(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "cast_set", params, args, 1)?;
    let items = elements("cast_set", span, &args[0])?;
    Ok(Value::from(
        items.into_iter().cloned().collect::<BTreeSet<Value>>(),
    ))
}

/// `cast_string`, `cast_boolean`, `cast_null` and `cast_object` return their argument when it
/// already has the type, and fail otherwise: they never convert.
fn cast_same(
    span: &Span,
    fcn: &'static str,
    params: &[Ref<Expr>],
    args: &[Value],
    ok: bool,
) -> Result<Value> {
    ensure_args_count(span, fcn, params, args, 1)?;
    if !ok {
        bail!(span.error(format!("`{fcn}` argument has the wrong type").as_str()));
    }
    Ok(args[0].clone())
}

fn cast_string(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let ok = matches!(args.first(), Some(Value::String(_)));
    cast_same(span, "cast_string", params, args, ok)
}

fn cast_boolean(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let ok = matches!(args.first(), Some(Value::Bool(_)));
    cast_same(span, "cast_boolean", params, args, ok)
}

fn cast_null(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let ok = matches!(args.first(), Some(Value::Null));
    cast_same(span, "cast_null", params, args, ok)
}

fn cast_object(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let ok = matches!(args.first(), Some(Value::Object(_)));
    cast_same(span, "cast_object", params, args, ok)
}

fn set_diff(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, "set_diff", params, args, 2)?;
    let a = ensure_set("set_diff", &params[0], args[0].clone())?;
    let b = ensure_set("set_diff", &params[1], args[1].clone())?;
    Ok(Value::from(a.difference(&b)))
}

/// The v0 names of builtins that kept their meaning under a new name.
fn renamed(
    new: &str,
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    strict: bool,
) -> Result<Value> {
    match builtins::BUILTINS.get(new) {
        Some((f, _)) => f(span, params, args, strict),
        None => bail!(span.error(format!("could not find function {new}").as_str())),
    }
}

#[cfg(feature = "regex")]
fn re_match(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    renamed("regex.match", span, params, args, strict)
}

#[cfg(feature = "net")]
fn cidr_overlap(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    renamed("net.cidr_contains", span, params, args, strict)
}
