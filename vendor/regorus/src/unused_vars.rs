// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patch 72: a variable declared by `some x` or `every x in` that nothing uses.
//!
//! OPA refuses to compile `some y; input.ys[_]` and `every y in ys { count(ys) > 0 }`
//! (`rego_compile_error: declared var y unused`): the declaration is a typo or a leftover
//! (the author meant `ys[y]`, or tests nothing about `y`), and `every y in ys { true }` holds
//! whatever `ys` holds. regorus loaded both. `some _` declares nothing usable and is refused
//! too; `every _ in` and `some x in xs` (which iterates) are not.
//!
//! Judged by name only, generously: a `some` variable counts as used when its name appears
//! anywhere else in the rule, an `every` variable when it appears anywhere in the body, so
//! nothing OPA accepts is refused.

use crate::ast::{Expr, Literal, Module, Query, Ref, Rule, RuleHead};
use crate::lexer::Span;
use crate::negation_safety::{children, query_vars, vars};

use alloc::format;
use alloc::vec::Vec;
use anyhow::Result;

/// Checks every rule of every module; the first unused declaration is the error.
pub fn check(modules: &[Ref<Module>]) -> Result<()> {
    for module in modules {
        for rule in &module.policy {
            let Rule::Spec { head, bodies, .. } = rule.as_ref() else {
                continue;
            };
            // Every variable occurrence of the rule, declarations included.
            let mut all: Vec<&Span> = Vec::new();
            match head {
                RuleHead::Compr { assign, .. } => {
                    all.extend(assign.iter().flat_map(|a| expr_vars(&a.value)))
                }
                RuleHead::Func { args, assign, .. } => {
                    args.iter().for_each(|a| vars(a, true, &mut all));
                    all.extend(assign.iter().flat_map(|a| expr_vars(&a.value)));
                }
                RuleHead::Set { key, .. } => all.extend(key.iter().flat_map(|k| expr_vars(k))),
            }
            for b in bodies {
                all.extend(b.assign.iter().flat_map(|a| expr_vars(&a.value)));
                query_vars(&b.query, &mut all);
            }
            // govlint patch 111: a variable called (`some z; z(1)`) is used: OPA reports
            // the call (`undefined function z`), not the declaration.
            let mut called = Vec::new();
            match head {
                RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                    assign.iter().for_each(|a| calls(&a.value, &mut called))
                }
                RuleHead::Set { key, .. } => key.iter().for_each(|k| calls(k, &mut called)),
            }
            for b in bodies {
                b.assign.iter().for_each(|a| calls(&a.value, &mut called));
                query_calls(&b.query, &mut called);
            }
            all.extend(called);
            // The comprehensions of the head, then the bodies.
            let values = match head {
                RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                    assign.as_ref().map(|a| &a.value)
                }
                RuleHead::Set { key, .. } => key.as_ref(),
            };
            for e in values
                .into_iter()
                .chain(bodies.iter().filter_map(|b| b.assign.as_ref().map(|a| &a.value)))
            {
                nested(e, &all)?;
            }
            for b in bodies {
                query(&b.query, &all)?;
            }
        }
    }
    Ok(())
}

fn expr_vars(e: &Expr) -> Vec<&Span> {
    let mut out = Vec::new();
    vars(e, true, &mut out);
    out
}

fn unused(s: &Span) -> anyhow::Error {
    anyhow::anyhow!(s.message(
        "rego_compile_error",
        &format!("declared var {} unused", s.text())
    ))
}

/// Checks the declarations of `q` and of the queries nested in it.
fn query(q: &Query, all: &[&Span]) -> Result<()> {
    for stmt in &q.stmts {
        let mut exprs: Vec<&Expr> = stmt.with_mods.iter().map(|w| w.r#as.as_ref()).collect();
        match &stmt.literal {
            Literal::SomeVars { vars: declared, .. } => {
                for v in declared {
                    let uses = all.iter().filter(|s| s.text() == v.text()).count();
                    if v.text() == "_" || uses < 2 {
                        return Err(unused(v));
                    }
                }
            }
            Literal::Every {
                key,
                value,
                domain,
                query: body,
                ..
            } => {
                let mut inner = Vec::new();
                query_vars(body, &mut inner);
                query_calls(body, &mut inner);
                for v in key.iter().chain([value]) {
                    if v.text() != "_" && !inner.iter().any(|s| s.text() == v.text()) {
                        return Err(unused(v));
                    }
                }
                exprs.push(domain);
                query(body, all)?;
            }
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => exprs.extend(key.iter().chain([value, collection]).map(|e| e.as_ref())),
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => exprs.push(expr),
        }
        for e in exprs {
            nested(e, all)?;
        }
    }
    Ok(())
}

/// The declarations in the comprehensions of `e`.
fn nested(e: &Expr, all: &[&Span]) -> Result<()> {
    match e {
        Expr::ArrayCompr { term, query: q, .. } | Expr::SetCompr { term, query: q, .. } => {
            nested(term, all)?;
            query(q, all)
        }
        Expr::ObjectCompr {
            key,
            value,
            query: q,
            ..
        } => {
            nested(key, all)?;
            nested(value, all)?;
            query(q, all)
        }
        _ => children(e).into_iter().try_for_each(|c| nested(c, all)),
    }
}

/// govlint patch 111: the first names of the calls in `e` (`z` of `z.a(1)`), comprehensions
/// included.
fn calls<'a>(e: &'a Expr, out: &mut Vec<&'a Span>) {
    match e {
        Expr::Call { fcn, .. } => {
            let mut name = fcn.as_ref();
            while let Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } = name {
                name = refr;
            }
            if let Expr::Var { span, .. } = name {
                out.push(span);
            }
        }
        Expr::ArrayCompr { term, query: q, .. } | Expr::SetCompr { term, query: q, .. } => {
            calls(term, out);
            query_calls(q, out);
        }
        Expr::ObjectCompr {
            key,
            value,
            query: q,
            ..
        } => {
            calls(key, out);
            calls(value, out);
            query_calls(q, out);
        }
        _ => {}
    }
    for c in children(e) {
        calls(c, out);
    }
}

fn query_calls<'a>(q: &'a Query, out: &mut Vec<&'a Span>) {
    for stmt in &q.stmts {
        stmt.with_mods.iter().for_each(|w| calls(&w.r#as, out));
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => key
                .iter()
                .chain([value, collection])
                .for_each(|e| calls(e, out)),
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => calls(expr, out),
            Literal::Every { domain, query, .. } => {
                calls(domain, out);
                query_calls(query, out);
            }
        }
    }
}
