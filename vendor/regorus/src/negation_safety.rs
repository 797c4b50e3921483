// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patch 51: a negated expression cannot introduce a variable.
//!
//! `not xs[_] == 3` asks whether some element equals 3, then negates the answer; OPA refuses
//! it (`rego_unsafe_var_error: var _ is unsafe`): every variable of a negated expression must
//! be bound by an expression of the query that is not negated (or an enclosing one, or be a
//! function argument). regorus evaluated it, holding when no element matched, so a policy
//! tested only under regorus could not be loaded by OPA.
//!
//! Conservative as OPA-compatible checks must be: a variable counts as bound when it appears
//! anywhere in a non-negated statement of its query or of an enclosing one, or names a rule
//! of the package or an import; `_` is never bound.
#![allow(clippy::indexing_slicing)]

use crate::ast::{Expr, Literal, Module, Query, Ref, Rule, RuleHead};
use crate::lexer::Span;
use crate::utils::get_path_string;
use crate::*;

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use anyhow::Result;

type Names = BTreeSet<String>;

/// govlint patch 107: the names bound at one level (a rule, a query, a comprehension) and,
/// by reference, at the levels around it. Each nested query used to get a copy of every name
/// bound around it, so a body of n statements each holding a comprehension cost n^2.
#[derive(Default)]
struct Bound<'p> {
    own: Names,
    /// A set owned elsewhere: the package's rule names, shared by its modules.
    shared: Option<&'p Names>,
    outer: Option<&'p Bound<'p>>,
}

impl Bound<'_> {
    fn contains(&self, name: &str) -> bool {
        let mut level = Some(self);
        while let Some(b) = level {
            if b.own.contains(name) || b.shared.is_some_and(|s| s.contains(name)) {
                return true;
            }
            level = b.outer;
        }
        false
    }

    /// A level inside this one that binds `own` too.
    fn within(&self, own: Names) -> Bound<'_> {
        Bound {
            own,
            shared: None,
            outer: Some(self),
        }
    }
}

/// Checks every rule body of every module; the first unsafe variable is the error.
pub fn check(modules: &[Ref<Module>]) -> Result<()> {
    // Every package's rule names (wherever their modules are) and each module's imports.
    let mut globals: BTreeMap<String, Names> = BTreeMap::new();
    for module in modules {
        let Ok(path) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        let names = globals.entry(path).or_default();
        for rule in &module.policy {
            let refr = crate::undefined_functions::rule_refr(rule);
            if let Some(v) = root_var(refr) {
                names.insert(v.text().to_string());
            }
        }
    }
    for module in modules {
        let Ok(path) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        let mut names = Bound {
            shared: globals.get(&path),
            ..Bound::default()
        };
        let own = &mut names.own;
        own.insert("input".to_string());
        own.insert("data".to_string());
        for import in &module.imports {
            match &import.r#as {
                Some(alias) => {
                    own.insert(alias.text().to_string());
                }
                None => {
                    let mut all = Vec::new();
                    vars(&import.refr, true, &mut all);
                    if let Expr::RefDot { field, .. } = import.refr.as_ref() {
                        own.insert(field.0.text().to_string());
                    }
                    own.extend(all.iter().map(|s| s.text().to_string()));
                }
            }
        }
        for rule in &module.policy {
            let Rule::Spec { head, bodies, .. } = rule.as_ref() else {
                continue;
            };
            let mut outer = Names::new();
            if let RuleHead::Func { args, .. } = head {
                let mut spans = Vec::new();
                for a in args {
                    vars(a, true, &mut spans);
                }
                outer.extend(spans.iter().map(|s| s.text().to_string()));
            }
            let outer = Bound {
                own: outer,
                ..Bound::default()
            };
            let (value, key) = match head {
                RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                    (assign.as_ref().map(|a| &a.value), None)
                }
                RuleHead::Set { key, .. } => (None, key.as_ref()),
            };
            if bodies.is_empty() {
                head_values(value.into_iter().chain(key), &outer, &names)?;
            }
            for b in bodies {
                query(&b.query, &outer, &names)?;
                // The head's value (or this else's) is computed from what the body binds.
                // govlint patch 71: only what the body's own statements bind, not what its
                // comprehensions bind for themselves (`x := y if { z := [y | y := 1] }`).
                let bound = outer.within(bound_by(&b.query, false));
                let v = match &b.assign {
                    Some(a) => Some(&a.value),
                    None if !b.is_else => value,
                    None => None,
                };
                head_values(v.into_iter().chain(key), &bound, &names)?;
            }
        }
    }
    Ok(())
}

fn root_var(e: &Expr) -> Option<&Span> {
    match e {
        Expr::Var { span, .. } => Some(span),
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => root_var(refr),
        _ => None,
    }
}

/// A rule's value or key, or a comprehension's term: each of its variables must be bound by
/// the body (`x := y`, `[z | true]` are unsafe), and its comprehensions are checked.
fn head_values<'a>(
    exprs: impl Iterator<Item = &'a crate::ast::Ref<Expr>>,
    bound: &Bound<'_>,
    globals: &Bound<'_>,
) -> Result<()> {
    for e in exprs {
        let mut spans = Vec::new();
        vars(e, false, &mut spans);
        if let Some(s) = spans
            .into_iter()
            .find(|s| !(bound.contains(s.text()) || globals.contains(s.text())))
        {
            return Err(unsafe_var(s));
        }
        let mut queries = Vec::new();
        comprehensions(e, &mut queries);
        check_nested(queries, bound, globals)?;
    }
    Ok(())
}

fn unsafe_var(s: &Span) -> anyhow::Error {
    anyhow::anyhow!(s.message(
        "rego_unsafe_var_error",
        &format!("var {} is unsafe", s.text())
    ))
}

/// The variables a query binds, read generously: every one in a statement that is not
/// negated, but never `_`. With `deep`, a comprehension's own too (patch 51's reading for
/// negations); without, only the statements' own (patch 71: a comprehension's variables are
/// its own, so a rule value or term naming one is unsafe, as in OPA).
fn bound_by(q: &Query, deep: bool) -> Names {
    let mut bound = Names::new();
    for stmt in &q.stmts {
        let mut spans = Vec::new();
        match &stmt.literal {
            Literal::NotExpr { .. } | Literal::SomeVars { .. } => continue,
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                for e in key.iter().chain([value, collection]) {
                    vars(e, deep, &mut spans);
                }
            }
            Literal::Expr { expr, .. } => vars(expr, deep, &mut spans),
            Literal::Every { domain, .. } => vars(domain, deep, &mut spans),
        }
        for w in &stmt.with_mods {
            vars(&w.r#as, deep, &mut spans);
        }
        bound.extend(spans.iter().map(|s| s.text().to_string()));
    }
    bound.remove("_");
    bound
}

/// Checks the negations of `q`, then of the queries nested in it.
fn query(q: &Query, outer: &Bound<'_>, globals: &Bound<'_>) -> Result<()> {
    let bound = outer.within(bound_by(q, true));
    for stmt in &q.stmts {
        if let Literal::NotExpr { expr, .. } = &stmt.literal {
            let mut spans = Vec::new();
            vars(expr, false, &mut spans);
            for w in &stmt.with_mods {
                vars(&w.r#as, false, &mut spans);
            }
            for s in spans {
                let name = s.text();
                if name == "_" || !(bound.contains(name) || globals.contains(name)) {
                    return Err(unsafe_var(s));
                }
            }
        }
        nested(stmt, &bound, globals)?;
    }
    Ok(())
}

/// Checks the queries nested in one statement: comprehensions and `every` bodies.
fn nested(stmt: &crate::ast::LiteralStmt, bound: &Bound<'_>, globals: &Bound<'_>) -> Result<()> {
    let mut queries: Vec<Nested<'_>> = Vec::new();
    let mut exprs: Vec<&Expr> = Vec::new();
    match &stmt.literal {
        Literal::SomeVars { .. } => {}
        Literal::SomeIn {
            key,
            value,
            collection,
            ..
        } => exprs.extend(key.iter().chain([value, collection]).map(|e| e.as_ref())),
        Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => exprs.push(expr),
        Literal::Every {
            key,
            value,
            domain,
            query,
            ..
        } => {
            exprs.push(domain);
            let inner = key.iter().chain([value]).map(|v| v.text().to_string());
            queries.push((query, inner.collect(), Vec::new()));
        }
    }
    exprs.extend(stmt.with_mods.iter().map(|w| w.r#as.as_ref()));
    for e in exprs {
        comprehensions(e, &mut queries);
    }
    check_nested(queries, bound, globals)
}

/// The comprehension queries in `e` (not those nested in them: their own check finds them).
fn comprehensions<'a>(e: &'a Expr, out: &mut Vec<Nested<'a>>) {
    match e {
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            out.push((query, Names::new(), vec![term]));
        }
        Expr::ObjectCompr {
            key, value, query, ..
        } => out.push((query, Names::new(), vec![key, value])),
        _ => children(e)
            .into_iter()
            .for_each(|c| comprehensions(c, out)),
    }
}

/// A nested query, what it binds besides what is bound around it (an `every`'s key and
/// value), and the terms it computes (a comprehension's).
type Nested<'a> = (&'a Query, Names, Vec<&'a crate::ast::Ref<Expr>>);

fn check_nested(queries: Vec<Nested<'_>>, bound: &Bound<'_>, globals: &Bound<'_>) -> Result<()> {
    for (q, own, terms) in queries {
        let outer = bound.within(own);
        query(q, &outer, globals)?;
        // govlint patch 71: a term names what its own query binds (see `bound_by`).
        let inner = outer.within(bound_by(q, false));
        head_values(terms.into_iter(), &inner, globals)?;
    }
    Ok(())
}

pub(crate) fn children(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().map(|i| i.as_ref()).collect()
        }
        Expr::Object { fields, .. } => fields
            .iter()
            .flat_map(|(_, k, v)| [k.as_ref(), v.as_ref()])
            .collect(),
        Expr::Call { params, .. } => params.iter().map(|p| p.as_ref()).collect(),
        Expr::UnaryExpr { expr, .. } => vec![expr],
        Expr::RefDot { refr, .. } => vec![refr],
        Expr::RefBrack { refr, index, .. } => vec![refr, index],
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => vec![lhs, rhs],
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => key
            .iter()
            .chain([value, collection])
            .map(|e| e.as_ref())
            .collect(),
        #[cfg(feature = "rego-extensions")]
        Expr::OrExpr { lhs, rhs, .. } => vec![lhs, rhs],
        _ => Vec::new(),
    }
}

/// The variables of `e`, a called function's name left out. With `deep`, those inside
/// comprehensions too (a generous reading of what a statement binds); without, only the
/// expression's own (a comprehension is a query of its own).
pub(crate) fn vars<'a>(e: &'a Expr, deep: bool, out: &mut Vec<&'a Span>) {
    match e {
        Expr::Var { span, .. } => out.push(span),
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            if deep {
                vars(term, deep, out);
                query_vars(query, out);
            }
        }
        Expr::ObjectCompr {
            key, value, query, ..
        } => {
            if deep {
                vars(key, deep, out);
                vars(value, deep, out);
                query_vars(query, out);
            }
        }
        _ => children(e).into_iter().for_each(|c| vars(c, deep, out)),
    }
}

pub(crate) fn query_vars<'a>(q: &'a Query, out: &mut Vec<&'a Span>) {
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::SomeVars { vars: v, .. } => out.extend(v.iter()),
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                for e in key.iter().chain([value, collection]) {
                    vars(e, true, out);
                }
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => vars(expr, true, out),
            Literal::Every {
                key,
                value,
                domain,
                query,
                ..
            } => {
                out.extend(key.iter());
                out.push(value);
                vars(domain, true, out);
                query_vars(query, out);
            }
        }
        for w in &stmt.with_mods {
            vars(&w.r#as, true, out);
        }
    }
}
