//! Rego forbids recursion, and OPA rejects it when compiling. regorus 0.14 catches a rule that
//! depends on itself while evaluating, but not a function that calls itself (directly or
//! through other functions): it recurses until the thread's stack overflows and the process
//! aborts, in a fraction of a second, before any time limit can stop it. So every function
//! call graph is checked for cycles when policies are loaded, and a cycle is a policy error.

use std::collections::{BTreeMap, BTreeSet};

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead};

use super::expr_path;
use crate::diag;

/// Where a function is defined, for the error: its module (whose text the error quotes; not
/// copied per function, which made a file of n functions cost n times its length).
struct Def {
    module: usize,
    line: u32,
    col: u32,
}

/// Fails with a located error naming the cycle when a function reaches itself through calls.
pub fn check(engine: &mut regorus::Engine) -> Result<(), diag::Error> {
    let mut defs: BTreeMap<String, Def> = BTreeMap::new();
    let mut calls: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let modules = engine.get_modules();
    for (index, module) in modules.iter().enumerate() {
        let Some(pkg) = expr_path(&module.package.refr) else {
            continue;
        };
        let aliases = import_aliases(module);
        for rule in &module.policy {
            let Rule::Spec {
                head: RuleHead::Func { refr, assign, .. },
                bodies,
                ..
            } = rule.as_ref()
            else {
                continue;
            };
            let Some(name) = expr_path(refr) else {
                continue;
            };
            let full = format!("data.{pkg}.{name}");
            let span = refr.span();
            defs.entry(full.clone()).or_insert_with(|| Def {
                module: index,
                line: span.line,
                col: span.col,
            });
            let mut called = Vec::new();
            if let Some(a) = assign {
                walk_expr(&a.value, &mut called);
            }
            for b in bodies {
                if let Some(a) = &b.assign {
                    walk_expr(&a.value, &mut called);
                }
                walk_query(&b.query, &mut called);
            }
            let out = calls.entry(full).or_default();
            for c in called {
                out.insert(resolve(&c, &pkg, &aliases));
            }
        }
    }
    if let Some(cycle) = find_cycle(&calls, &defs) {
        let first = &cycle[0];
        let def = &defs[first];
        let short: Vec<&str> = cycle
            .iter()
            .map(|f| f.rsplit('.').next().unwrap_or(f))
            .collect();
        let source = &modules[def.module].package.span.source;
        return Err(diag::located(
            source.file(),
            source.contents(),
            def.line as usize,
            def.col as usize,
            format!(
                "function `{}` calls itself ({}): Rego does not allow recursion",
                &first[5..],
                short.join(" → ")
            ),
            "recursive function",
            Some(
                "OPA rejects recursive functions when compiling; write it with a comprehension, \
                 `walk` or `graph.reachable` instead"
                    .into(),
            ),
        )
        .into());
    }
    Ok(())
}

/// `import data.a.b` is `b`, `import data.a.b as c` is `c`; both stand for `data.a.b`.
fn import_aliases(module: &Module) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for imp in &module.imports {
        let Some(path) = expr_path(&imp.refr) else {
            continue;
        };
        if !path.starts_with("data.") {
            continue;
        }
        let alias = match &imp.r#as {
            Some(a) => a.text().to_string(),
            None => path.rsplit('.').next().unwrap_or(&path).to_string(),
        };
        out.insert(alias, path);
    }
    out
}

/// The full `data.` path a call names: absolute, through an import, or in the same package.
/// Built-ins resolve to paths no function has, and drop out.
fn resolve(call: &str, pkg: &str, aliases: &BTreeMap<String, String>) -> String {
    if call.starts_with("data.") {
        return call.to_string();
    }
    let (head, rest) = call.split_once('.').unwrap_or((call, ""));
    match aliases.get(head) {
        Some(path) if rest.is_empty() => path.clone(),
        Some(path) => format!("{path}.{rest}"),
        None => format!("data.{pkg}.{call}"),
    }
}

/// A cycle of defined functions (first = last omitted), in call order, or `None`.
/// Iterative depth-first search: a long call chain must not overflow this check's own stack.
fn find_cycle(
    calls: &BTreeMap<String, BTreeSet<String>>,
    defs: &BTreeMap<String, Def>,
) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut mark: BTreeMap<&str, Mark> = BTreeMap::new();
    let empty = BTreeSet::new();
    for root in defs.keys() {
        if mark.contains_key(root.as_str()) {
            continue;
        }
        // The path from the root, each with the callees still to visit.
        let mut path: Vec<(&str, std::collections::btree_set::Iter<String>)> =
            vec![(root, calls.get(root).unwrap_or(&empty).iter())];
        mark.insert(root, Mark::Open);
        while let Some((_, next)) = path.last_mut() {
            match next.next() {
                Some(callee) if defs.contains_key(callee) => match mark.get(callee.as_str()) {
                    Some(Mark::Done) => {}
                    Some(Mark::Open) => {
                        let from = path.iter().position(|(f, _)| *f == callee.as_str())?;
                        let mut cycle: Vec<String> =
                            path[from..].iter().map(|(f, _)| f.to_string()).collect();
                        cycle.push(callee.clone());
                        return Some(cycle);
                    }
                    None => {
                        mark.insert(callee, Mark::Open);
                        path.push((callee, calls.get(callee).unwrap_or(&empty).iter()));
                    }
                },
                Some(_) => {}
                None => {
                    if let Some((done, _)) = path.pop() {
                        mark.insert(done, Mark::Done);
                    }
                }
            }
        }
    }
    None
}

fn walk_query(q: &Query, out: &mut Vec<String>) {
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                if let Some(k) = key {
                    walk_expr(k, out);
                }
                walk_expr(value, out);
                walk_expr(collection, out);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => walk_expr(expr, out),
            Literal::Every { domain, query, .. } => {
                walk_expr(domain, out);
                walk_query(query, out);
            }
        }
        for w in &stmt.with_mods {
            walk_expr(&w.refr, out);
            walk_expr(&w.r#as, out);
        }
    }
}

/// Collects the names of every call in `e`.
fn walk_expr(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Call { fcn, .. } => {
            if let Some(name) = expr_path(fcn) {
                out.push(name);
            }
        }
        Expr::ArrayCompr { query, .. }
        | Expr::SetCompr { query, .. }
        | Expr::ObjectCompr { query, .. } => walk_query(query, out),
        _ => {}
    }
    for child in crate::regoast::children(e) {
        walk_expr(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(src: &str) -> regorus::Engine {
        let mut e = regorus::Engine::new();
        e.set_rego_v0(false);
        e.add_policy("p.rego".into(), src.into()).expect("parses");
        e
    }

    #[test]
    fn cycles_through_functions_are_rejected_and_named() {
        let mut e = engine(
            "package a\nimport data.b as other\nf(x) := y if { y := other.g(x) }\n\
             h(x) := x + 1\n",
        );
        e.add_policy(
            "q.rego".into(),
            "package b\ng(x) := y if { x > 0; y := data.a.f(x - 1) }\n".into(),
        )
        .expect("parses");
        let err = check(&mut e).expect_err("cycle");
        let text = err.to_string();
        assert!(
            text.contains("function `a.f` calls itself (f → g → f)"),
            "{text}"
        );
        assert!(text.contains("p.rego:3:1"), "{text}");
    }

    #[test]
    fn self_call_in_a_comprehension_is_a_cycle() {
        let mut e = engine("package a\nf(x) := [y | some y in [x]; f(y) == 1]\n");
        assert!(check(&mut e).is_err());
    }

    #[test]
    fn calls_anywhere_in_an_expression_are_followed() {
        // In an object's value, a set, an index, a negation, an `every` domain, a `with`.
        for body in [
            "{\"k\": [f(x)]}",
            "{f(x)}",
            "[1][f(x)]",
            "{k: v | some k in [x]; v := {f(k)}}",
            "true if { not f(x) }",
            "true if { every y in [f(x)] { y } }",
            "true if { count([]) with input as f(x) }",
        ] {
            let mut e = engine(&format!("package a\nf(x) := {body}\n"));
            let err = check(&mut e).expect_err(body).to_string();
            assert!(err.contains("calls itself"), "{body}: {err}");
        }
    }

    #[test]
    fn acyclic_calls_and_same_names_elsewhere_pass() {
        let mut e = engine(
            "package a\nimport data.b\nf(x) := b.f(x) + g(x)\ng(x) := count([x])\n\
             r if f(1) == 2\n",
        );
        e.add_policy("q.rego".into(), "package b\nf(x) := x\n".into())
            .expect("parses");
        assert!(check(&mut e).is_ok());
    }
}
