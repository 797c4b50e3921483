// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 60: OPA's graphql.* builtins. OPA implements them over vektah/gqlparser v2;
// this is a port of the behaviour OPA v1.20.2 shows (its answers recorded in
// tests/engine_patches/p60_graphql/): the ASTs are gqlparser's structs as JSON with positions,
// nulls and empty lists/objects pruned; a schema or query argument may be the string or an AST
// object read back as Go's encoding/json would; a schema is built with gqlparser's prelude of
// built-in scalars, directives and introspection types; queries are checked by gqlparser's
// validation rules; errors carry gqlparser's messages and OPA's wording around them.

mod ast;
mod lexer;
mod parser;
mod schema;
mod validate;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::ensure_args_count;
use crate::lexer::Span;
use crate::value::Value;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use anyhow::{bail, Result};

// Nesting bound for selection sets, values and types (parsing, decoding and walking): far
// beyond real documents, well within the stack.
pub(crate) const MAX_DEPTH: usize = 256;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("graphql.is_valid", (is_valid, 2));
    m.insert("graphql.parse", (parse, 2));
    m.insert("graphql.parse_and_verify", (parse_and_verify, 2));
    m.insert("graphql.parse_query", (parse_query, 1));
    m.insert("graphql.parse_schema", (parse_schema, 1));
    m.insert("graphql.schema_is_valid", (schema_is_valid, 1));
}

/// One gqlparser error: its message and, when the node came from text, its position.
pub struct GqlError {
    pub message: String,
    pub pos: Option<ast::Pos>,
}

impl GqlError {
    pub fn at(pos: &ast::Pos, message: String) -> Self {
        GqlError {
            message,
            pos: pos.known().then(|| pos.clone()),
        }
    }

    // gqlerror.Error.Error(): `input:LINE:COL: message`.
    fn render(&self) -> String {
        match &self.pos {
            Some(p) => format!("input:{}:{}: {}", p.line, p.col, self.message),
            None => format!("input: {}", self.message),
        }
    }
}

// OPA words an error with a negative column (a block string spanning lines, as gqlparser
// places it) as one without a location.
fn parse_error(e: parser::ParseError) -> String {
    if e.col < 0 {
        return format!(
            "GraphQL parse error: input:{}:{}: {}",
            e.line, e.col, e.message
        );
    }
    format!(
        "{} in GraphQL string at location {}:{}",
        e.message, e.line, e.col
    )
}

// OPA's wording of a validation error list: with a position, the first message, the others
// as gqlparser prints them, a final ".\n" dropped, then where the first one is; without, the
// whole list as gqlparser prints it.
fn validation_error(errors: &[GqlError]) -> String {
    let Some(first) = errors.first() else {
        return String::new();
    };
    match first.pos.as_ref().filter(|p| p.col >= 0) {
        Some(p) => {
            let mut s = format!("{}\n", first.message);
            for e in &errors[1..] {
                s.push_str(&e.render());
                s.push('\n');
            }
            let s = s.strip_suffix(".\n").unwrap_or(&s);
            format!("{s} in GraphQL string at location {}:{}", p.line, p.col)
        }
        None => {
            let mut s = String::from("GraphQL parse error: ");
            for e in errors {
                s.push_str(&e.render());
                s.push('\n');
            }
            s
        }
    }
}

fn to_json(v: &Value) -> Result<serde_json::Value, String> {
    serde_json::to_value(v).map_err(|e| format!("{e}"))
}

fn query_doc(v: &Value) -> Result<ast::QueryDocument, String> {
    match v {
        Value::String(s) => parser::Parser::new(s).query_document().map_err(parse_error),
        _ => ast::decode_query(&to_json(v)?),
    }
}

fn schema_doc(v: &Value) -> Result<ast::SchemaDocument, String> {
    match v {
        Value::String(s) => parser::Parser::new(s)
            .schema_document()
            .map_err(parse_error),
        _ => ast::decode_schema(&to_json(v)?),
    }
}

fn build_schema(doc: ast::SchemaDocument) -> Result<schema::Schema, String> {
    let prelude = parser::Parser::new(schema::PRELUDE)
        .schema_document()
        .map_err(parse_error)?;
    schema::build(prelude, doc).map_err(|e| {
        format!(
            "Error in gqlparser SchemaDocument to Schema conversion: {}",
            e.render()
        )
    })
}

// graphql.parse's steps, each failing with OPA's message.
fn parse_verified(q: &Value, s: &Value) -> Result<(Value, Value), String> {
    let query = query_doc(q)?;
    let sdoc = schema_doc(s)?;
    let (qj, sj) = (ast::query_json(&query), ast::schema_json(&sdoc));
    let schema = build_schema(sdoc)?;
    let errors = validate::validate(&schema, &query);
    if !errors.is_empty() {
        return Err(validation_error(&errors));
    }
    Ok((Value::from(qj), Value::from(sj)))
}

fn ensure_doc(name: &str, p: &Ref<Expr>, v: &Value) -> Result<()> {
    if !matches!(v, Value::String(_) | Value::Object(_)) {
        bail!(p.span().error(&format!(
            "`{name}` expects string or object argument. Got `{v}` instead"
        )));
    }
    Ok(())
}

fn parse(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "graphql.parse";
    ensure_args_count(span, name, params, args, 2)?;
    ensure_doc(name, &params[0], &args[0])?;
    ensure_doc(name, &params[1], &args[1])?;
    match parse_verified(&args[0], &args[1]) {
        Ok((q, s)) => Ok(Value::from(Vec::from([q, s]))),
        Err(e) => bail!(span.error(&format!("{name}: {e}"))),
    }
}

fn parse_and_verify(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "graphql.parse_and_verify";
    ensure_args_count(span, name, params, args, 2)?;
    Ok(Value::from(match parse_verified(&args[0], &args[1]) {
        Ok((q, s)) => Vec::from([Value::Bool(true), q, s]),
        Err(_) => Vec::from([Value::Bool(false), Value::new_object(), Value::new_object()]),
    }))
}

fn parse_query(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "graphql.parse_query";
    ensure_args_count(span, name, params, args, 1)?;
    let text = builtins::utils::ensure_string(name, &params[0], &args[0])?;
    match parser::Parser::new(&text).query_document() {
        Ok(doc) => Ok(Value::from(ast::query_json(&doc))),
        Err(e) => bail!(span.error(&format!("{name}: {}", parse_error(e)))),
    }
}

fn parse_schema(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "graphql.parse_schema";
    ensure_args_count(span, name, params, args, 1)?;
    let text = builtins::utils::ensure_string(name, &params[0], &args[0])?;
    match parser::Parser::new(&text).schema_document() {
        Ok(doc) => Ok(Value::from(ast::schema_json(&doc))),
        Err(e) => bail!(span.error(&format!("{name}: {}", parse_error(e)))),
    }
}

fn is_valid(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "graphql.is_valid";
    ensure_args_count(span, name, params, args, 2)?;
    let ok = (|| -> Result<bool, String> {
        let query = query_doc(&args[0])?;
        let schema = build_schema(schema_doc(&args[1])?)?;
        Ok(validate::validate(&schema, &query).is_empty())
    })();
    Ok(Value::Bool(ok.unwrap_or(false)))
}

fn schema_is_valid(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "graphql.schema_is_valid";
    ensure_args_count(span, name, params, args, 1)?;
    let ok = schema_doc(&args[0]).and_then(build_schema).is_ok();
    Ok(Value::Bool(ok))
}
