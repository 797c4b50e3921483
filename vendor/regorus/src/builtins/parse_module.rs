// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 87: `rego.parse_module(filename, text)`, OPA's AST of a v1 module as JSON,
// written from the engine's own parse. Only the constructs whose JSON is known to equal OPA
// v1.20.2's are written; any other construct makes the builtin fail naming it, so a policy
// never sees an AST that silently differs from OPA's.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use crate::ast::{
    ArithOp, AssignOp, BinOp, BoolOp, Expr, Literal, LiteralStmt, Module, Query, Ref, Rule,
    RuleHead,
};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_string};
use crate::lexer::{Source, Span};
use crate::parser::Parser;
use crate::value::Value;

use anyhow::{bail, Result};
use serde_json::{json, Value as Json};

const NAME: &str = "rego.parse_module";

/// Nesting bound of the writer, above the parser's own expression-depth bound.
const MAX_DEPTH: usize = 64;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert(NAME, (parse_module, 2));
}

fn parse_module(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, NAME, params, args, 2)?;
    let file = ensure_string(NAME, &params[0], &args[0])?;
    let text = ensure_string(NAME, &params[1], &args[1])?;
    // The engine's lexer drops comments; OPA reports each with its position, which is not
    // written yet, so a module with a comment is refused rather than answered without them.
    if has_comment(&text) {
        bail!(params[1]
            .span()
            .error(&format!("{NAME}: comments are not supported")));
    }
    let module = parse(&file, &text).map_err(|e| {
        anyhow::anyhow!(params[1]
            .span()
            .error(&format!("{NAME}: rego_parse_error: {e}")))
    })?;
    let mut w = Writer { wildcards: 0 };
    let json = w
        .module(&module)
        .map_err(|e| anyhow::anyhow!(params[1].span().error(&format!("{NAME}: {e}"))))?;
    Ok(Value::from(json))
}

fn parse(file: &str, text: &str) -> Result<Module> {
    let source = Source::from_contents(file.to_string(), text.to_string())?;
    let mut parser = Parser::new(&source)?;
    // OPA 1.x parses Rego v1 only.
    parser.enable_rego_v1()?;
    parser.parse()
}

/// Whether `text` has a `#` outside a string literal.
fn has_comment(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => return true,
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
            }
            '`' => {
                for c in chars.by_ref() {
                    if c == '`' {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

fn term(kind: &str, value: Json) -> Json {
    json!({ "type": kind, "value": value })
}

fn var(name: &str) -> Json {
    term("var", Json::String(name.to_string()))
}

/// The call of the builtin `name` as OPA writes an operator: `[ref(name), args...]`.
fn operator(name: &str, args: Vec<Json>) -> Vec<Json> {
    let mut v = Vec::with_capacity(args.len() + 1);
    v.push(term("ref", json!([var(name)])));
    v.extend(args);
    v
}

fn unsupported(what: &str) -> anyhow::Error {
    anyhow::anyhow!("{what} is not supported (its AST cannot be written as OPA's yet)")
}

struct Writer {
    /// `_` becomes `$0`, `$1`, ... in source order across the module, as OPA numbers them.
    wildcards: u32,
}

impl Writer {
    fn module(&mut self, m: &Module) -> Result<Json> {
        let mut out = serde_json::Map::new();
        let mut path = Vec::new();
        self.ref_parts(&m.package.refr, &mut path, 0)?;
        let mut pkg = vec![var("data")];
        for p in path {
            // The package's first component is written as a string under `data`.
            match p.get("type").and_then(Json::as_str) {
                Some("var") => pkg.push(term("string", p["value"].clone())),
                _ => pkg.push(p),
            }
        }
        out.insert("package".into(), json!({ "path": pkg }));
        if !m.imports.is_empty() {
            let mut imports = Vec::new();
            for imp in &m.imports {
                let mut parts = Vec::new();
                self.ref_parts(&imp.refr, &mut parts, 0)?;
                let mut o = serde_json::Map::new();
                o.insert("path".into(), term("ref", Json::Array(parts)));
                if let Some(alias) = &imp.r#as {
                    o.insert("alias".into(), Json::String(alias.text().to_string()));
                }
                imports.push(Json::Object(o));
            }
            out.insert("imports".into(), Json::Array(imports));
        }
        if !m.policy.is_empty() {
            let mut rules = Vec::new();
            for r in &m.policy {
                rules.push(self.rule(r)?);
            }
            out.insert("rules".into(), Json::Array(rules));
        }
        Ok(Json::Object(out))
    }

    fn rule_name(&mut self, refr: &Ref<Expr>) -> Result<String> {
        match refr.as_ref() {
            Expr::Var { span, .. } => Ok(span.text().to_string()),
            _ => Err(unsupported("a rule head with a ref (`a.b`, `p[x]`)")),
        }
    }

    fn true_body() -> Json {
        json!([{ "index": 0, "terms": { "type": "boolean", "value": true } }])
    }

    fn rule(&mut self, r: &Ref<Rule>) -> Result<Json> {
        match r.as_ref() {
            Rule::Default {
                refr,
                args,
                op,
                value,
                ..
            } => {
                if !args.is_empty() {
                    return Err(unsupported("a default function"));
                }
                let name = self.rule_name(refr)?;
                let mut head = serde_json::Map::new();
                if *op == AssignOp::ColEq {
                    head.insert("assign".into(), Json::Bool(true));
                }
                head.insert("name".into(), Json::String(name.clone()));
                head.insert("ref".into(), json!([var(&name)]));
                head.insert("value".into(), self.term(value, 0)?);
                Ok(json!({ "body": Self::true_body(), "default": true, "head": head }))
            }
            Rule::Spec { head, bodies, .. } => {
                let (refr, args, assign) = match head {
                    RuleHead::Compr { refr, assign, .. } => (refr, None, assign),
                    RuleHead::Func {
                        refr, args, assign, ..
                    } => (refr, Some(args), assign),
                    RuleHead::Set { .. } => return Err(unsupported("a `contains` rule")),
                };
                if bodies.len() > 1 {
                    return Err(unsupported("`else` or a rule with several bodies"));
                }
                if bodies.iter().any(|b| b.is_else || b.assign.is_some()) {
                    return Err(unsupported("`else`"));
                }
                let name = self.rule_name(refr)?;
                let mut h = serde_json::Map::new();
                if let Some(args) = args {
                    let mut a = Vec::new();
                    for arg in args {
                        a.push(self.term(arg, 0)?);
                    }
                    h.insert("args".into(), Json::Array(a));
                }
                // The head is written before the body: OPA numbers a `_` of the head first.
                let value = match assign {
                    Some(asg) => {
                        if asg.op == AssignOp::ColEq {
                            h.insert("assign".into(), Json::Bool(true));
                        }
                        self.term(&asg.value, 0)?
                    }
                    None => json!({ "type": "boolean", "value": true }),
                };
                h.insert("name".into(), Json::String(name.clone()));
                h.insert("ref".into(), json!([var(&name)]));
                h.insert("value".into(), value);
                let body = match bodies.first() {
                    Some(b) => self.query(&b.query, 0)?,
                    None => Self::true_body(),
                };
                Ok(json!({ "body": body, "head": h }))
            }
        }
    }

    fn query(&mut self, q: &Ref<Query>, depth: usize) -> Result<Json> {
        let mut out = Vec::new();
        for (i, s) in q.stmts.iter().enumerate() {
            out.push(self.stmt(i, s, depth)?);
        }
        Ok(Json::Array(out))
    }

    fn stmt(&mut self, index: usize, s: &LiteralStmt, depth: usize) -> Result<Json> {
        if !s.with_mods.is_empty() {
            return Err(unsupported("`with`"));
        }
        let mut o = serde_json::Map::new();
        o.insert("index".into(), json!(index));
        let expr = match &s.literal {
            Literal::Expr { expr, .. } => expr,
            Literal::NotExpr { expr, .. } => {
                o.insert("negated".into(), Json::Bool(true));
                expr
            }
            Literal::SomeVars { .. } | Literal::SomeIn { .. } => {
                return Err(unsupported("`some`"))
            }
            Literal::Every { .. } => return Err(unsupported("`every`")),
        };
        // A statement that is an operator or a call is written as the bare list of its terms.
        let terms = match self.call_terms(expr, depth)? {
            Some(terms) => Json::Array(terms),
            None => self.term(expr, depth)?,
        };
        o.insert("terms".into(), terms);
        Ok(Json::Object(o))
    }

    /// The terms of `e` when it is a call or an operator, `None` for any other term.
    fn call_terms(&mut self, e: &Ref<Expr>, depth: usize) -> Result<Option<Vec<Json>>> {
        if depth > MAX_DEPTH {
            bail!("the module nests too deeply");
        }
        let d = depth + 1;
        let (name, lhs, rhs) = match e.as_ref() {
            Expr::Call { fcn, params, .. } => {
                let mut parts = Vec::new();
                self.ref_parts(fcn, &mut parts, d)?;
                let mut v = vec![term("ref", Json::Array(parts))];
                for p in params {
                    v.push(self.term(p, d)?);
                }
                return Ok(Some(v));
            }
            Expr::UnaryExpr { expr, .. } => {
                if matches!(expr.as_ref(), Expr::Number { .. }) {
                    return Ok(None);
                }
                let x = self.term(expr, d)?;
                return Ok(Some(operator("minus", vec![json!({"type": "number", "value": 0}), x])));
            }
            Expr::AssignExpr { op, lhs, rhs, .. } => (
                match op {
                    AssignOp::Eq => "eq",
                    AssignOp::ColEq => "assign",
                },
                lhs,
                rhs,
            ),
            Expr::BoolExpr { op, lhs, rhs, .. } => (
                match op {
                    BoolOp::Lt => "lt",
                    BoolOp::Le => "lte",
                    BoolOp::Eq => "equal",
                    BoolOp::Ge => "gte",
                    BoolOp::Gt => "gt",
                    BoolOp::Ne => "neq",
                },
                lhs,
                rhs,
            ),
            Expr::ArithExpr { op, lhs, rhs, .. } => (
                match op {
                    ArithOp::Add => "plus",
                    ArithOp::Sub => "minus",
                    ArithOp::Mul => "mul",
                    ArithOp::Div => "div",
                    ArithOp::Mod => "rem",
                },
                lhs,
                rhs,
            ),
            Expr::BinExpr { op, lhs, rhs, .. } => (
                match op {
                    BinOp::Union => "or",
                    BinOp::Intersection => "and",
                },
                lhs,
                rhs,
            ),
            _ => return Ok(None),
        };
        let l = self.term(lhs, d)?;
        let r = self.term(rhs, d)?;
        Ok(Some(operator(name, vec![l, r])))
    }

    /// The parts of a ref (`a.b[c]` → `[var a, string b, var c]`).
    fn ref_parts(&mut self, e: &Ref<Expr>, out: &mut Vec<Json>, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            bail!("the module nests too deeply");
        }
        match e.as_ref() {
            Expr::Var { .. } => out.push(self.term(e, depth)?),
            Expr::RefDot { refr, field, .. } => {
                self.ref_parts(refr, out, depth + 1)?;
                out.push(term("string", Json::String(field.1.as_string()?.to_string())));
            }
            Expr::RefBrack { refr, index, .. } => {
                self.ref_parts(refr, out, depth + 1)?;
                out.push(self.term(index, depth + 1)?);
            }
            _ => return Err(unsupported("a ref whose head is not a variable")),
        }
        Ok(())
    }

    fn term(&mut self, e: &Ref<Expr>, depth: usize) -> Result<Json> {
        if depth > MAX_DEPTH {
            bail!("the module nests too deeply");
        }
        let d = depth + 1;
        if let Some(terms) = self.call_terms(e, d)? {
            return Ok(term("call", Json::Array(terms)));
        }
        Ok(match e.as_ref() {
            Expr::String { value, .. } | Expr::RawString { value, .. } => {
                term("string", serde_json::to_value(value)?)
            }
            Expr::Number { value, .. } => term("number", serde_json::to_value(value)?),
            Expr::UnaryExpr { expr, .. } => match expr.as_ref() {
                Expr::Number { value, .. } => {
                    let n = value.as_number()?;
                    let neg = crate::number::Number::from(0i64).sub(n)?;
                    term("number", serde_json::to_value(Value::from(neg))?)
                }
                _ => return Err(unsupported("this unary expression")),
            },
            Expr::Bool { value, .. } => term("boolean", serde_json::to_value(value)?),
            Expr::Null { .. } => json!({ "type": "null", "value": {} }),
            Expr::Var { span, .. } => {
                let name = span.text();
                if name == "_" {
                    let n = self.wildcards;
                    self.wildcards += 1;
                    var(&format!("${n}"))
                } else {
                    var(name)
                }
            }
            Expr::Array { items, .. } => {
                let mut v = Vec::new();
                for i in items {
                    v.push(self.term(i, d)?);
                }
                term("array", Json::Array(v))
            }
            Expr::RefDot { .. } | Expr::RefBrack { .. } => {
                let mut parts = Vec::new();
                self.ref_parts(e, &mut parts, d)?;
                term("ref", Json::Array(parts))
            }
            Expr::Set { .. } => return Err(unsupported("a set")),
            Expr::Object { .. } => return Err(unsupported("an object")),
            Expr::ArrayCompr { .. } | Expr::SetCompr { .. } | Expr::ObjectCompr { .. } => {
                return Err(unsupported("a comprehension"))
            }
            Expr::Membership { .. } => return Err(unsupported("`in`")),
            _ => return Err(unsupported("this expression")),
        })
    }
}
