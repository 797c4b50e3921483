//! Walks over parsed Rego modules (regorus's AST, pinned with the regorus version): the lines
//! coverage counts, and the `input.` paths a policy reads.

use std::collections::BTreeSet;

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead};
use regorus::Value;

type ExprRef = regorus::unstable::Ref<Expr>;

/// The lines coverage counts in `module`, by regorus's own rule (`Interpreter::
/// get_coverage_report`): the line of every expression in rule values, set-rule keys, bodies
/// and defaults, looking into comprehension bodies but not their heads. Used for a file no
/// test touched, which regorus leaves out of its report (`opa test` lists it at 0%).
pub fn coverable_lines(module: &Module) -> BTreeSet<u32> {
    fn query(q: &Query, out: &mut BTreeSet<u32>) {
        for stmt in &q.stmts {
            match &stmt.literal {
                Literal::SomeVars { .. } => {}
                Literal::SomeIn {
                    value, collection, ..
                } => {
                    expr(value, out);
                    expr(collection, out);
                }
                Literal::Expr { expr: e, .. } | Literal::NotExpr { expr: e, .. } => expr(e, out),
                Literal::Every {
                    domain, query: q, ..
                } => {
                    expr(domain, out);
                    query(q, out);
                }
            }
        }
    }
    fn expr(e: &ExprRef, out: &mut BTreeSet<u32>) {
        match e.as_ref() {
            Expr::ArrayCompr { query: q, .. }
            | Expr::SetCompr { query: q, .. }
            | Expr::ObjectCompr { query: q, .. } => query(q, out),
            other => {
                out.insert(other.span().line);
                for child in children(other) {
                    expr(child, out);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    for rule in &module.policy {
        match rule.as_ref() {
            Rule::Spec { head, bodies, .. } => {
                match head {
                    RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                        if let Some(a) = assign {
                            expr(&a.value, &mut out);
                        }
                    }
                    RuleHead::Set { key: Some(k), .. } => expr(k, &mut out),
                    RuleHead::Set { key: None, .. } => {}
                }
                for b in bodies {
                    query(&b.query, &mut out);
                }
            }
            Rule::Default { value, .. } => expr(value, &mut out),
        }
    }
    out.remove(&0);
    out
}

/// The direct sub-expressions of `e`, comprehensions' terms included (their queries are
/// walked separately: they hold statements, not expressions).
pub fn children(e: &Expr) -> Vec<&ExprRef> {
    match e {
        Expr::Array { items, .. } | Expr::Set { items, .. } => items.iter().collect(),
        Expr::Object { fields, .. } => fields.iter().flat_map(|(_, k, v)| [k, v]).collect(),
        Expr::ArrayCompr { term, .. } | Expr::SetCompr { term, .. } => vec![term],
        Expr::ObjectCompr { key, value, .. } => vec![key, value],
        Expr::Call { fcn, params, .. } => std::iter::once(fcn).chain(params).collect(),
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
        } => key.iter().chain([value, collection]).collect(),
        _ => Vec::new(),
    }
}

/// One step of an `input` path: a static key (`.name` or `["name"]`), or anything computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Dynamic,
}

/// A reference to `input` as the policy reads it: its static path and where it is.
#[derive(Debug, Clone)]
pub struct InputRef {
    pub file: String,
    pub line: u32,
    pub col: u32,
    /// The text of the whole reference, as written.
    pub text: String,
    pub path: Vec<Step>,
}

/// Every read of `input` in `module`: the longest reference chain rooted at the variable
/// `input`, in rule heads, bodies, comprehensions and `with ... as` values. The target of a
/// `with input.x as` is a write, not a read, and is left out.
pub fn input_refs(module: &Module) -> Vec<InputRef> {
    fn query(q: &Query, out: &mut Vec<InputRef>) {
        for stmt in &q.stmts {
            match &stmt.literal {
                Literal::SomeVars { .. } => {}
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    for e in key.iter().chain([value, collection]) {
                        expr(e, out);
                    }
                }
                Literal::Expr { expr: e, .. } | Literal::NotExpr { expr: e, .. } => expr(e, out),
                Literal::Every {
                    domain, query: q, ..
                } => {
                    expr(domain, out);
                    query(q, out);
                }
            }
            for w in &stmt.with_mods {
                expr(&w.r#as, out);
            }
        }
    }
    fn expr(e: &ExprRef, out: &mut Vec<InputRef>) {
        if let Some(path) = input_path(e) {
            // Placed at the `input` it starts with: a reference's own span is placed at its
            // last step.
            let root = root_var(e);
            out.push(InputRef {
                file: root.source.file().to_string(),
                line: root.line,
                col: char_col(root),
                text: e.span().text().to_string(),
                path,
            });
            // Only the indexes can hold further references (`input.a[input.b]`).
            visit_indexes(e, out);
            return;
        }
        match e.as_ref() {
            Expr::ArrayCompr { query: q, .. }
            | Expr::SetCompr { query: q, .. }
            | Expr::ObjectCompr { query: q, .. } => query(q, out),
            _ => {}
        }
        for child in children(e) {
            expr(child, out);
        }
    }
    fn visit_indexes(e: &ExprRef, out: &mut Vec<InputRef>) {
        match e.as_ref() {
            Expr::RefDot { refr, .. } => visit_indexes(refr, out),
            Expr::RefBrack { refr, index, .. } => {
                expr(index, out);
                visit_indexes(refr, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for rule in &module.policy {
        match rule.as_ref() {
            Rule::Spec { head, bodies, .. } => {
                match head {
                    RuleHead::Compr { refr, assign, .. } => {
                        expr(refr, &mut out);
                        if let Some(a) = assign {
                            expr(&a.value, &mut out);
                        }
                    }
                    RuleHead::Func {
                        refr, args, assign, ..
                    } => {
                        expr(refr, &mut out);
                        for a in args {
                            expr(a, &mut out);
                        }
                        if let Some(a) = assign {
                            expr(&a.value, &mut out);
                        }
                    }
                    RuleHead::Set { refr, key, .. } => {
                        expr(refr, &mut out);
                        if let Some(k) = key {
                            expr(k, &mut out);
                        }
                    }
                }
                for b in bodies {
                    if let Some(a) = &b.assign {
                        expr(&a.value, &mut out);
                    }
                    query(&b.query, &mut out);
                }
            }
            Rule::Default { value, .. } => expr(value, &mut out),
        }
    }
    out
}

/// The 1-based column of `span` in characters, a tab counting one (regorus counts a tab as
/// four), as editors and `file:line:col` links expect.
fn char_col(span: &regorus::unstable::Span) -> u32 {
    let text = span.source.contents();
    let start = (span.start as usize).min(text.len());
    let Some(before) = text.get(..start) else {
        return span.col;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(span.col)
}

/// The variable a reference chain starts with.
fn root_var(e: &ExprRef) -> &regorus::unstable::Span {
    match e.as_ref() {
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => root_var(refr),
        other => other.span(),
    }
}

/// The path of `e` below `input` when `e` is `input` or a reference chain rooted at it.
fn input_path(e: &ExprRef) -> Option<Vec<Step>> {
    match e.as_ref() {
        Expr::Var { span, .. } if span.text() == "input" => Some(Vec::new()),
        Expr::RefDot { refr, field, .. } => {
            let mut p = input_path(refr)?;
            p.push(Step::Key(field.0.text().to_string()));
            Some(p)
        }
        Expr::RefBrack { refr, index, .. } => {
            let mut p = input_path(refr)?;
            p.push(match index.as_ref() {
                Expr::String { value, .. } | Expr::RawString { value, .. } => match value {
                    Value::String(s) => Step::Key(s.to_string()),
                    _ => Step::Dynamic,
                },
                _ => Step::Dynamic,
            });
            Some(p)
        }
        _ => None,
    }
}
