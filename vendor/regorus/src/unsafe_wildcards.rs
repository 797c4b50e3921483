// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patch 71: a `_` where a value is needed, outside negations.
//!
//! Each `_` is a variable of its own that nothing else can bind, so it is safe only where it
//! is bound itself: as an index (`xs[_]`), in a pattern (`_ = 1`, `[_, x] := pair`, `some _ in
//! xs`), or as the output argument of a call (`count(xs, _)`). Anywhere else OPA refuses the
//! policy (`rego_unsafe_var_error: var _ is unsafe`): `x if { _ == 1 }`, `x if { _ }`,
//! `f(_)`, `[_ | true]`, `s contains _`. regorus loaded these and failed when the rule was
//! evaluated. Negations are patch 51's; this walks everything else.
//!
//! Only `_` is judged (a named variable may be bound by another statement: the scheduler
//! decides those), and a call's last argument is taken as an output unless the function's
//! number of arguments is certain, so nothing OPA accepts is refused.

use crate::ast::{AssignOp, Expr, Literal, Module, Query, Ref, Rule, RuleHead};
use crate::undefined_functions::{for_each_module, gather, Scope};
use anyhow::Result;

type ExprRef = Ref<Expr>;

/// Checks every rule of every module; the first unsafe `_` is the error.
pub fn check(modules: &[Ref<Module>], is_extension: &dyn Fn(&str) -> bool) -> Result<()> {
    let defined = gather(modules, is_extension);
    for_each_module(modules, &defined, &mut |scope, rule| {
        Walk { scope }.rule(rule)
    })
}

struct Walk<'a> {
    scope: &'a Scope<'a>,
}

impl Walk<'_> {
    fn rule(&self, rule: &Rule) -> Result<()> {
        let Rule::Spec { head, bodies, .. } = rule else {
            return Ok(());
        };
        match head {
            RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                if let Some(a) = assign {
                    self.value(&a.value)?;
                }
            }
            RuleHead::Set { key, .. } => {
                if let Some(k) = key {
                    self.value(k)?;
                }
            }
        }
        for b in bodies {
            if let Some(a) = &b.assign {
                self.value(&a.value)?;
            }
            self.query(&b.query)?;
        }
        Ok(())
    }

    fn query(&self, q: &Query) -> Result<()> {
        for stmt in &q.stmts {
            for w in &stmt.with_mods {
                self.value(&w.r#as)?;
            }
            match &stmt.literal {
                // Patch 51 refuses every `_` of a negation.
                Literal::SomeVars { .. } | Literal::NotExpr { .. } => {}
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    for k in key.iter().chain([value]) {
                        self.pattern(k)?;
                    }
                    self.value(collection)?;
                }
                Literal::Every { domain, query, .. } => {
                    self.value(domain)?;
                    self.query(query)?;
                }
                Literal::Expr { expr, .. } => match expr.as_ref() {
                    Expr::AssignExpr {
                        op: AssignOp::ColEq,
                        lhs,
                        rhs,
                        ..
                    } => {
                        self.pattern(lhs)?;
                        self.value(rhs)?;
                    }
                    Expr::AssignExpr {
                        op: AssignOp::Eq,
                        lhs,
                        rhs,
                        ..
                    } => {
                        self.pattern(lhs)?;
                        self.pattern(rhs)?;
                    }
                    _ => self.value(expr)?,
                },
            }
        }
        Ok(())
    }

    /// A term that unification may bind: variables, and arrays and object values of them.
    fn pattern(&self, e: &ExprRef) -> Result<()> {
        match e.as_ref() {
            Expr::Var { .. } => Ok(()),
            Expr::Array { items, .. } => items.iter().try_for_each(|i| self.pattern(i)),
            Expr::Object { fields, .. } => fields.iter().try_for_each(|(_, k, v)| {
                self.value(k)?;
                self.pattern(v)
            }),
            _ => self.value(e),
        }
    }

    /// A term whose value is needed: every `_` in it must be bound by it.
    fn value(&self, e: &ExprRef) -> Result<()> {
        match e.as_ref() {
            Expr::Var { span, .. } if span.text() == "_" => Err(anyhow::anyhow!(
                span.message("rego_unsafe_var_error", "var _ is unsafe")
            )),
            Expr::RefDot { refr, .. } => self.value(refr),
            // An index is bound by iterating the collection.
            Expr::RefBrack { refr, index, .. } => {
                self.value(refr)?;
                self.pattern(index)
            }
            Expr::Call { fcn, params, .. } => {
                let inputs = match self.scope.arity(fcn) {
                    Some(n) if n == params.len() => n,
                    Some(n) if n + 1 == params.len() => n,
                    // Arguments that fit no definition: not judged here.
                    Some(_) => 0,
                    None => params.len().saturating_sub(1),
                };
                for (i, p) in params.iter().enumerate() {
                    if i < inputs {
                        self.value(p)?;
                    } else {
                        self.pattern(p)?;
                    }
                }
                Ok(())
            }
            Expr::Array { items, .. } | Expr::Set { items, .. } => {
                items.iter().try_for_each(|i| self.value(i))
            }
            Expr::Object { fields, .. } => fields.iter().try_for_each(|(_, k, v)| {
                self.value(k)?;
                self.value(v)
            }),
            Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
                self.query(query)?;
                self.value(term)
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                self.query(query)?;
                self.value(key)?;
                self.value(value)
            }
            Expr::UnaryExpr { expr, .. } => self.value(expr),
            Expr::BinExpr { lhs, rhs, .. }
            | Expr::BoolExpr { lhs, rhs, .. }
            | Expr::ArithExpr { lhs, rhs, .. } => {
                self.value(lhs)?;
                self.value(rhs)
            }
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => {
                for k in key.iter().chain([value, collection]) {
                    self.value(k)?;
                }
                Ok(())
            }
            // Nested assignments and the rest: not judged.
            _ => Ok(()),
        }
    }
}
