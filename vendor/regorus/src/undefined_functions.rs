// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patch 70: a call to a function that no module defines and that is not a builtin.
//!
//! OPA refuses to compile `lib.f(x)` when no module defines `data.lib.f` and no builtin has
//! that name (`rego_type_error: undefined function data.lib.f`), and a `with` whose target
//! is neither `input`, `data` nor a function (`with keyword target must reference existing
//! input, data, or a function`). regorus loaded such policies and failed only when the call
//! was reached ("could not find function"), so a misspelt helper in a branch the tests do not
//! cover shipped. In a v1 module a builtin OPA 1.0 deprecated (`any`, `all`) is refused too.
//!
//! A name counts as defined when it is one of OPA's builtins (`builtin_types.rs`, plus the
//! few it does not type), one of the engine's own or an extension, or when it resolves (by
//! a rule of the package, an import of `data` or its `data.` path) to the path of a function
//! some module defines. A call that is not a plain path (`a[x](1)`) is left alone. A call whose
//! name starts with a variable in scope where it is called is refused whatever the name
//! shadows (patch 111); one starting with a variable the rule declares elsewhere only when the
//! name resolves to no function (patch 99), so nothing OPA accepts is refused.
#![allow(clippy::indexing_slicing)]

use crate::ast::{Expr, Literal, Module, Query, Ref, Rule, RuleHead};
use crate::builtin_types::{BUILTIN_TYPES, UNTYPED_BUILTINS};
use crate::lexer::Span;
use crate::utils::get_path_string;
use crate::*;

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use anyhow::Result;

type ExprRef = Ref<Expr>;

/// What a name may resolve to, gathered from every module once.
pub(crate) struct Defined<'a> {
    /// `data.<package>.<path>` of every function rule, and its number of arguments (`None`
    /// when its definitions disagree).
    functions: BTreeMap<String, Option<usize>>,
    /// Per package path, the first component of each of its rules' names.
    rule_roots: BTreeSet<(String, String)>,
    /// The engine's extensions: defined for the engine, as builtins are.
    is_extension: &'a dyn Fn(&str) -> bool,
}

/// Checks every call and every `with` target of every module.
pub fn check(modules: &[Ref<Module>], is_extension: &dyn Fn(&str) -> bool) -> Result<()> {
    conflicts(modules)?;
    let defined = gather(modules, is_extension);
    for_each_module(modules, &defined, &mut |scope, rule| scope.rule(rule))
}

/// The name a rule's head gives it, and whether it is a plain name (`o`, not `o.a` or
/// `o[k]`).
fn rule_name(rule: &Rule) -> (&ExprRef, bool) {
    let refr = rule_refr(rule);
    (refr, matches!(refr.as_ref(), Expr::Var { .. }))
}

/// govlint patch 100: the reference a rule's head names, for every check that indexes the
/// rules by name (patches 50, 51 and 70 each matched the head kinds for it).
pub(crate) fn rule_refr(rule: &Rule) -> &ExprRef {
    match rule {
        Rule::Spec { head, .. } => match head {
            RuleHead::Compr { refr, .. }
            | RuleHead::Set { refr, .. }
            | RuleHead::Func { refr, .. } => refr,
        },
        Rule::Default { refr, .. } => refr,
    }
}

/// govlint patch 100: a module's imports as (alias, path), `import data.lib` as `lib`, for
/// the checks that resolve names through them (patches 50 and 70 each read them).
pub(crate) fn import_paths(module: &Module) -> Vec<(String, Vec<String>)> {
    let mut imports = Vec::new();
    for import in &module.imports {
        let Some(path) = static_path(&import.refr) else {
            continue;
        };
        let alias = match &import.r#as {
            Some(a) => a.text().to_string(),
            None => path.last().cloned().unwrap_or_default(),
        };
        imports.push((alias, path));
    }
    imports
}

/// A rule named by a plain name (`o := ...`, `o contains x`, `o(x)`, `default o`) is the
/// whole document at its path: OPA refuses a package or another rule below it (`package
/// p.o`, `o.b := 2`; `rule data.p.o conflicts with: ...`). A rule whose head is a reference
/// (`o.a := 1`, `o[k] := v`) shares its path with those and is not refused.
fn conflicts(modules: &[Ref<Module>]) -> Result<()> {
    // Every rule's full path and where it is; every package's path and its module. govlint
    // patch 107: ordered by path (the value is the first in module order and its span), so
    // the paths below a name are one range of the map, not a scan of every rule per rule.
    let mut rules: BTreeMap<String, (usize, &Span)> = BTreeMap::new();
    let mut packages: BTreeMap<String, (usize, &Span)> = BTreeMap::new();
    for module in modules {
        let Ok(pkg) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        let n = packages.len();
        packages
            .entry(pkg.clone())
            .or_insert((n, &module.package.span));
        for rule in &module.policy {
            let (refr, _) = rule_name(rule);
            if let Some(path) = static_path(refr) {
                let n = rules.len();
                rules
                    .entry(format!("data.{pkg}.{}", path.join(".")))
                    .or_insert((n, refr.span()));
            }
        }
    }
    for module in modules {
        let Ok(pkg) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        for rule in &module.policy {
            let (refr, plain) = rule_name(rule);
            if !plain {
                continue;
            }
            let name = refr.span().text();
            let path = format!("data.{pkg}.{name}");
            let below = format!("{path}.");
            if let Some((other, at)) = first_below(&rules, &below, None) {
                return Err(type_error_at(
                    refr.span(),
                    &format!(
                        "rule {path} conflicts with: rule {other} at {}:{}",
                        at.source.file(),
                        at.line
                    ),
                ));
            }
            let package = format!("{pkg}.{name}");
            if let Some((other, at)) =
                first_below(&packages, &format!("{package}."), Some(&package))
            {
                return Err(type_error_at(
                    at,
                    &format!(
                        "package {other} conflicts with rule {name} defined at {}:{}",
                        refr.span().source.file(),
                        refr.span().line
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The first (in module order) of the paths in `paths` that start with `prefix` or equal
/// `exact`: one range of the ordered map, walked in full only when it is not empty, that is
/// when the load fails.
fn first_below<'m, 'a>(
    paths: &'m BTreeMap<String, (usize, &'a Span)>,
    prefix: &str,
    exact: Option<&str>,
) -> Option<(&'m str, &'a Span)> {
    let exact = exact.and_then(|e| paths.get_key_value(e));
    paths
        .range::<str, _>((core::ops::Bound::Included(prefix), core::ops::Bound::Unbounded))
        .take_while(|(p, _)| p.starts_with(prefix))
        .chain(exact)
        .min_by_key(|(_, (n, _))| *n)
        .map(|(p, (_, at))| (p.as_str(), *at))
}

fn type_error_at(span: &Span, msg: &str) -> anyhow::Error {
    anyhow::anyhow!(span.message("rego_type_error", msg))
}

/// Every module's rules with the names they can see (patch 71 walks them too).
pub(crate) fn for_each_module(
    modules: &[Ref<Module>],
    defined: &Defined<'_>,
    f: &mut dyn FnMut(&Scope<'_>, &Rule) -> Result<()>,
) -> Result<()> {
    for module in modules {
        let Ok(pkg) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        let imports = import_paths(module);
        let scope = Scope {
            defined,
            pkg: &pkg,
            imports: &imports,
            v1: module.rego_v1,
        };
        for rule in &module.policy {
            f(&scope, rule)?;
        }
    }
    Ok(())
}

/// The function paths and rule names of every module.
pub(crate) fn gather<'a>(
    modules: &[Ref<Module>],
    is_extension: &'a dyn Fn(&str) -> bool,
) -> Defined<'a> {
    let mut defined = Defined {
        functions: BTreeMap::new(),
        rule_roots: BTreeSet::new(),
        is_extension,
    };
    for module in modules {
        let Ok(pkg) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        for rule in &module.policy {
            let (refr, is_function) = match rule.as_ref() {
                Rule::Spec { head, .. } => match head {
                    RuleHead::Func { refr, .. } => (refr, true),
                    RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => (refr, false),
                },
                Rule::Default { refr, args, .. } => (refr, !args.is_empty()),
            };
            let Some(path) = static_path(refr) else {
                continue;
            };
            if is_function {
                let arity = match rule.as_ref() {
                    Rule::Spec {
                        head: RuleHead::Func { args, .. },
                        ..
                    }
                    | Rule::Default { args, .. } => args.len(),
                    _ => 0,
                };
                defined
                    .functions
                    .entry(format!("data.{pkg}.{}", path.join(".")))
                    .and_modify(|a| {
                        if *a != Some(arity) {
                            *a = None
                        }
                    })
                    .or_insert(Some(arity));
            }
            if let Some(first) = path.first() {
                defined.rule_roots.insert((pkg.clone(), first.clone()));
            }
        }
    }
    defined
}

pub(crate) struct Scope<'a> {
    defined: &'a Defined<'a>,
    pkg: &'a str,
    imports: &'a [(String, Vec<String>)],
    v1: bool,
}

/// How a name written in a module resolves.
enum Target {
    /// A `data.` path (through the package's rules, an import or written in full).
    Data(String),
    /// `input`, or a path through an import of `input`: its full path.
    Input(String),
    /// Anything else: a builtin's name, or nothing.
    Other(String),
}

/// govlint patch 111: where a call is written, which decides OPA's error for a call of a
/// variable in scope: its type checker's `undefined function` for a rule's head and a
/// statement that is the call, its `called function ... shadowed` (found while it rewrites
/// local variables) for a call nested in a term.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Head,
    Statement,
    Nested,
}

/// govlint patch 111: the variables a query's own statements declare (`:=`, `some`, `some
/// ... in`), in scope after their statement and in the rule's head.
fn declared_top(q: &Query) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for stmt in &q.stmts {
        declare(&stmt.literal, &mut out);
    }
    out
}

/// What one statement declares for the statements after it.
fn declare(literal: &Literal, out: &mut BTreeSet<String>) {
    match literal {
        Literal::SomeVars { vars, .. } => {
            out.extend(vars.iter().map(|v| v.text().to_string()));
        }
        Literal::SomeIn { key, value, .. } => {
            for e in key.iter().chain([value]) {
                crate::typecheck::pattern_vars(e, out);
            }
        }
        Literal::Expr { expr, .. } => {
            if let Expr::AssignExpr {
                op: crate::ast::AssignOp::ColEq,
                lhs,
                ..
            } = expr.as_ref()
            {
                crate::typecheck::pattern_vars(lhs, out);
            }
        }
        Literal::NotExpr { .. } | Literal::Every { .. } => {}
    }
}

/// govlint patch 111: the first names of the calls `e` makes, comprehensions left out (a
/// query of their own).
fn call_roots(e: &Expr, out: &mut BTreeSet<String>) {
    if let Expr::Call { fcn, .. } = e {
        if let Some(first) = static_path(fcn).and_then(|p| p.into_iter().next()) {
            out.insert(first);
        }
    }
    for c in crate::negation_safety::children(e) {
        call_roots(c, out);
    }
}

impl Scope<'_> {
    fn rule(&self, rule: &Rule) -> Result<()> {
        let Rule::Spec { head, bodies, .. } = rule else {
            return Ok(());
        };
        // Names the rule declares (arguments, `:=`, `some`, `every`): a call starting with
        // one is left alone.
        let mut locals = BTreeSet::new();
        if let RuleHead::Func { args, .. } = head {
            for a in args {
                crate::typecheck::pattern_vars(a, &mut locals);
            }
        }
        // govlint patch 111: the arguments are in scope everywhere in the rule.
        let args = locals.clone();
        for b in bodies {
            crate::typecheck::declared_in_query(&b.query, &mut locals);
        }
        let with_body = |q: &Query| -> BTreeSet<String> {
            let mut s = args.clone();
            s.extend(declared_top(q));
            s
        };
        // The head's value or key sees what every body giving it declares.
        let mut head_scope: Option<BTreeSet<String>> = None;
        for (i, b) in bodies.iter().enumerate() {
            if b.assign.is_none() && (i == 0 || !b.is_else) {
                let s = with_body(&b.query);
                head_scope = Some(match head_scope {
                    Some(h) => h.intersection(&s).cloned().collect(),
                    None => s,
                });
            }
        }
        let head_scope = head_scope.unwrap_or_else(|| args.clone());
        let mut exprs: Vec<(&ExprRef, BTreeSet<String>)> = Vec::new();
        match head {
            RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                exprs.extend(assign.iter().map(|a| (&a.value, head_scope.clone())))
            }
            RuleHead::Set { key, .. } => exprs.extend(key.iter().map(|k| (k, head_scope.clone()))),
        }
        for b in bodies {
            exprs.extend(b.assign.iter().map(|a| (&a.value, with_body(&b.query))));
        }
        for (e, in_scope) in exprs {
            self.expr(e, &locals, &in_scope, Place::Head)?;
        }
        for b in bodies {
            self.query(&b.query, &locals, &args)?;
        }
        Ok(())
    }

    /// Checks a query whose enclosing scope declares `in_scope`; returns the variables in
    /// scope at its end (for a comprehension's term).
    fn query(
        &self,
        q: &Query,
        locals: &BTreeSet<String>,
        in_scope: &BTreeSet<String>,
    ) -> Result<BTreeSet<String>> {
        let mut in_scope = in_scope.clone();
        // govlint patch 111: the names this query's statements called so far, outside
        // comprehensions: declaring one after (`:=`, `some`, `some ... in`) is OPA's `var
        // count referenced above` (the call meant the builtin or function, the name now a
        // variable).
        let mut called = BTreeSet::new();
        for stmt in &q.stmts {
            for w in &stmt.with_mods {
                call_roots(&w.r#as, &mut called);
            }
            // What the statement calls, then what it declares (`count := count([1])`
            // calls first).
            let mut declared: Vec<&Span> = Vec::new();
            match &stmt.literal {
                Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => {
                    call_roots(expr, &mut called);
                    if let (
                        Literal::Expr { .. },
                        Expr::AssignExpr {
                            op: crate::ast::AssignOp::ColEq,
                            lhs,
                            ..
                        },
                    ) = (&stmt.literal, expr.as_ref())
                    {
                        crate::negation_safety::vars(lhs, false, &mut declared);
                    }
                }
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    call_roots(collection, &mut called);
                    for e in key.iter().chain([value]) {
                        crate::negation_safety::vars(e, false, &mut declared);
                    }
                }
                Literal::Every { domain, .. } => call_roots(domain, &mut called),
                Literal::SomeVars { vars, .. } => declared.extend(vars.iter()),
            }
            if let Some(v) = declared.iter().find(|v| called.contains(v.text())) {
                return Err(anyhow::anyhow!(v.message(
                    "rego_compile_error",
                    &format!("var {} referenced above", v.text())
                )));
            }
            // OPA checks the targets first: `foo(1) with foo as count` names the `with`.
            for w in &stmt.with_mods {
                self.with_target(&w.refr, locals)?;
                self.expr(&w.r#as, locals, &in_scope, Place::Nested)?;
            }
            match &stmt.literal {
                Literal::SomeVars { .. } => {}
                Literal::SomeIn {
                    key,
                    value,
                    collection,
                    ..
                } => {
                    for e in key.iter().chain([value, collection]) {
                        self.expr(e, locals, &in_scope, Place::Nested)?;
                    }
                }
                Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => {
                    self.expr(expr, locals, &in_scope, Place::Statement)?
                }
                Literal::Every {
                    key,
                    value,
                    domain,
                    query,
                    ..
                } => {
                    self.expr(domain, locals, &in_scope, Place::Nested)?;
                    let mut inner = in_scope.clone();
                    inner.extend(key.iter().chain([value]).map(|v| v.text().to_string()));
                    self.query(query, locals, &inner)?;
                }
            }
            declare(&stmt.literal, &mut in_scope);
            // govlint patch 122: a bare variable that a unification binds (`count = 1`) is a
            // variable from there on in OPA's type environment, whatever builtin it shadows:
            // calling it is `undefined function count`. A rule of the package, an import,
            // `input` and `data` are compared, not bound.
            if let Literal::Expr { expr, .. } = &stmt.literal {
                if let Expr::AssignExpr {
                    op: crate::ast::AssignOp::Eq,
                    lhs,
                    rhs,
                    ..
                } = expr.as_ref()
                {
                    for side in [lhs, rhs] {
                        if let Expr::Var { span, .. } = side.as_ref() {
                            let name = span.text();
                            if !matches!(name, "_" | "input" | "data")
                                && matches!(self.resolve(&[name.to_string()]), Target::Other(_))
                            {
                                in_scope.insert(name.to_string());
                            }
                        }
                    }
                }
            }
        }
        Ok(in_scope)
    }

    /// `place` is where `e` is written; what it contains is nested in it.
    fn expr(
        &self,
        e: &Expr,
        locals: &BTreeSet<String>,
        in_scope: &BTreeSet<String>,
        place: Place,
    ) -> Result<()> {
        // A term of a statement is nested; of a head, still the head's.
        let inner = match place {
            Place::Head => Place::Head,
            _ => Place::Nested,
        };
        let mut compr_scope = None;
        match e {
            Expr::Call { fcn, .. } => self.call(fcn, locals, in_scope, place)?,
            Expr::ArrayCompr { query, .. }
            | Expr::SetCompr { query, .. }
            | Expr::ObjectCompr { query, .. } => {
                compr_scope = Some(self.query(query, locals, in_scope)?)
            }
            _ => {}
        }
        // govlint patch 100: the sub-expressions as patch 51 walks them; a comprehension's
        // terms after its query, as OPA reports, in the scope its query ends with.
        let term_scope = compr_scope.as_ref().unwrap_or(in_scope);
        match e {
            Expr::ArrayCompr { term, .. } | Expr::SetCompr { term, .. } => {
                self.expr(term, locals, term_scope, Place::Nested)?
            }
            Expr::ObjectCompr { key, value, .. } => {
                self.expr(key, locals, term_scope, Place::Nested)?;
                self.expr(value, locals, term_scope, Place::Nested)?;
            }
            _ => {
                for c in crate::negation_safety::children(e) {
                    self.expr(c, locals, in_scope, inner)?;
                }
            }
        }
        Ok(())
    }

    /// Where `path` points: OPA resolves a rule of the package and an import before a
    /// builtin's name.
    fn resolve(&self, path: &[String]) -> Target {
        let first = path.first().map(String::as_str).unwrap_or_default();
        let rest = path.get(1..).unwrap_or_default();
        let joined = |head: &str| {
            let mut all = vec![head.to_string()];
            all.extend(rest.iter().cloned());
            all.join(".")
        };
        if first == "data" {
            return Target::Data(path.join("."));
        }
        if first == "input" {
            return Target::Input(path.join("."));
        }
        if self
            .defined
            .rule_roots
            .contains(&(self.pkg.to_string(), first.to_string()))
        {
            return Target::Data(joined(&format!("data.{}.{first}", self.pkg)));
        }
        if let Some((_, target)) = self.imports.iter().find(|(alias, _)| alias == first) {
            let full = joined(&target.join("."));
            return match target.first().map(String::as_str) {
                Some("data") => Target::Data(full),
                _ => Target::Input(full),
            };
        }
        Target::Other(path.join("."))
    }

    fn is_builtin(&self, name: &str) -> bool {
        BUILTIN_TYPES.iter().any(|(n, _, _)| *n == name)
            || UNTYPED_BUILTINS.contains(&name)
            || crate::builtins::BUILTINS.contains_key(name)
            || crate::builtins::deprecated::DEPRECATED.contains_key(name)
            || matches!(name, "rego.metadata.rule" | "rego.metadata.chain")
            || (self.defined.is_extension)(name)
    }

    fn call(
        &self,
        fcn: &ExprRef,
        locals: &BTreeSet<String>,
        in_scope: &BTreeSet<String>,
        place: Place,
    ) -> Result<()> {
        // Placed where the name starts, as OPA places it (a dotted name's span starts at its
        // last dot, a call's at its parenthesis).
        let at = root(fcn);
        let Some(path) = static_path(fcn) else {
            return Ok(());
        };
        let written = path.join(".");
        if path.first().is_some_and(|f| in_scope.contains(f)) {
            // govlint patch 111: a variable in scope where it is called (declared by an
            // earlier statement of this query or an enclosing one, by `every`, or an
            // argument) is what the name means there, whatever function or builtin it
            // shadows (`count := 1; count([1])`).
            if place == Place::Nested {
                return Err(anyhow::anyhow!(at.span().message(
                    "rego_compile_error",
                    &format!("called function {written} shadowed")
                )));
            }
            return Err(type_error(at, &format!("undefined function {written}")));
        }
        if path.first().is_some_and(|f| locals.contains(f)) {
            // govlint patch 99: a name starting with a variable the rule declares out of
            // that variable's scope here (in scope, patch 111 refused it above) is a call of
            // what the name resolves to; refused when that is no function either. Only
            // declared variables are scoped, so a name that may be a function is left alone.
            let defined = match self.resolve(&path) {
                Target::Data(full) => {
                    self.defined.functions.contains_key(&full) || self.is_builtin(&written)
                }
                Target::Input(_) => false,
                Target::Other(name) => {
                    self.is_builtin(&name)
                        || crate::builtins::deprecated::DEPRECATED.contains_key(name.as_str())
                }
            };
            if defined {
                return Ok(());
            }
            return Err(type_error(at, &format!("undefined function {written}")));
        }
        let name = match self.resolve(&path) {
            Target::Data(full) if self.defined.functions.contains_key(&full) => return Ok(()),
            // A rule of the package that shares its name with a builtin: not judged.
            Target::Data(_) if self.is_builtin(&written) => return Ok(()),
            Target::Data(full) => full,
            Target::Input(full) => full,
            Target::Other(name) => {
                if self.v1 && crate::builtins::deprecated::DEPRECATED.contains_key(name.as_str())
                {
                    return Err(type_error(
                        at,
                        &format!("deprecated built-in function calls in expression: {name}"),
                    ));
                }
                if self.is_builtin(&name) {
                    return Ok(());
                }
                name
            }
        };
        Err(type_error(at, &format!("undefined function {name}")))
    }

    /// How many arguments the function `fcn` names takes, when that is certain: a function
    /// of the modules whose definitions agree, or a builtin of the type table (patch 71).
    pub(crate) fn arity(&self, fcn: &Expr) -> Option<usize> {
        let path = static_path(fcn)?;
        match self.resolve(&path) {
            Target::Data(full) => self.defined.functions.get(&full).copied().flatten(),
            Target::Input(_) => None,
            Target::Other(name) => BUILTIN_TYPES
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, args, _)| args.len()),
        }
    }

    fn with_target(&self, target: &ExprRef, locals: &BTreeSet<String>) -> Result<()> {
        let Some(path) = static_path(target) else {
            return Ok(());
        };
        if path.first().is_some_and(|f| locals.contains(f)) {
            return Ok(());
        }
        match self.resolve(&path) {
            Target::Data(_) | Target::Input(_) => Ok(()),
            Target::Other(name) if self.is_builtin(&name) => Ok(()),
            Target::Other(_) => Err(type_error(
                root(target),
                "with keyword target must reference existing input, data, or a function",
            )),
        }
    }
}

fn root(e: &Expr) -> &Expr {
    match e {
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => root(refr),
        other => other,
    }
}

fn type_error(e: &Expr, msg: &str) -> anyhow::Error {
    anyhow::anyhow!(e.span().message("rego_type_error", msg))
}

/// The path of a reference whose every step is a name or a string (`data.lib["f"]`).
fn static_path(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Var { span, .. } => Some(vec![span.text().to_string()]),
        Expr::RefDot { refr, field, .. } => {
            let mut p = static_path(refr)?;
            p.push(field.0.text().to_string());
            Some(p)
        }
        Expr::RefBrack { refr, index, .. } => match index.as_ref() {
            Expr::String { value, .. } | Expr::RawString { value, .. } => {
                let mut p = static_path(refr)?;
                p.push(value.as_string().ok()?.to_string());
                Some(p)
            }
            _ => None,
        },
        _ => None,
    }
}
