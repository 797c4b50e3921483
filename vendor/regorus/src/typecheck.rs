// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patch 50: the part of OPA's type checker that can be decided without knowing
//! `input` or `data`.
//!
//! OPA refuses to compile a policy whose types cannot fit (`rego_type_error`): `count(1)`,
//! `o.missing` where `o` is a literal object, `f(1)` where `f` is defined only for `null`,
//! `some x in null`. regorus loaded such policies and evaluated the expression to undefined,
//! so a typo OPA catches at compile time became a silent `false`.
//!
//! This checker is deliberately incomplete: it must never refuse a policy OPA accepts. A type
//! is known only when it is certain: literals, comprehensions, builtin results (their
//! declarations, `builtin_types.rs`), local variables assigned with `:=` one of those, rules
//! whose every value is one of those (by name in their package, by `data.` path or through
//! an import), and function head patterns. Anything else (`input`, other `data`, function
//! arguments, unification) is `any` and never an error, and so is everything in an `every`
//! body, which OPA does not check either. Only the kinds of value are tracked, plus the keys
//! of literal objects and the items of literal arrays, a set's element kinds and an object
//! comprehension's value kinds; a builtin argument's declared element type is checked
//! against those (patches 89 and 110), and so are the element types OPA declares for
//! builtin results (`split`'s `array[string]`, patch 110), to their top level only, so OPA
//! refuses more than this does. A statement with a `with` modifier
//! on a rule or other `data` is checked with every rule's type unknown (OPA types the rule as
//! the `with` value); one on `input`, a builtin or a function as any other (patch 73).
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use crate::ast::{
    ArithOp, AssignOp, BinOp, BoolOp, Expr, Literal, LiteralStmt, Module, Query, Ref, Rule,
    RuleHead,
};
use crate::builtin_types::{
    ANY, ARR, BOOL, BUILTIN_TYPES, ELEM_TYPES, NULL, NUM, OBJ, RESULT_ELEMS, SET, STR,
};
use crate::lexer::Span;
use crate::utils::get_path_string;
use crate::value::Value;
use crate::*;

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use anyhow::Result;

type ExprRef = crate::ast::Ref<Expr>;

const SCALAR: u8 = NULL | BOOL | NUM | STR;

/// What is known of a value's type: the kinds it may have, and for the object and array
/// kinds, their keys (every object member a literal with these keys) or length.
#[derive(Clone, Debug)]
struct Ty {
    kinds: u8,
    keys: Option<Rc<BTreeMap<Value, Ty>>>,
    items: Option<Rc<Vec<Ty>>>,
    /// govlint patch 74: `keys` are exactly the object's keys (a literal object's), not the
    /// union of several values' keys.
    exact_keys: bool,
    /// govlint patch 74: the kinds of a set's elements (`ANY` when not known).
    elems: u8,
    /// govlint patch 89: the kinds of an array's items when `items` is not known (an array
    /// comprehension's terms; `ANY` when not known).
    arr_elems: u8,
    /// govlint patch 110: the kinds of an object comprehension's keys and values (`ANY`
    /// when not known, and for a literal object, whose `keys` say more).
    obj_keys: u8,
    obj_vals: u8,
}

impl Ty {
    const fn of(kinds: u8) -> Ty {
        Ty {
            kinds,
            keys: None,
            items: None,
            exact_keys: false,
            elems: ANY,
            arr_elems: ANY,
            obj_keys: ANY,
            obj_vals: ANY,
        }
    }

    fn any() -> Ty {
        Ty::of(ANY)
    }

    fn is_any(&self) -> bool {
        self.kinds == ANY
    }

    fn union(&self, other: &Ty) -> Ty {
        let keys = match (self.kinds & OBJ != 0, other.kinds & OBJ != 0) {
            (true, true) => match (&self.keys, &other.keys) {
                (Some(a), Some(b)) => {
                    let mut m = (**a).clone();
                    for (k, t) in b.iter() {
                        let t = match m.get(k) {
                            Some(old) => old.union(t),
                            None => t.clone(),
                        };
                        m.insert(k.clone(), t);
                    }
                    Some(Rc::new(m))
                }
                _ => None,
            },
            (true, false) => self.keys.clone(),
            (false, true) => other.keys.clone(),
            (false, false) => None,
        };
        let items = match (self.kinds & ARR != 0, other.kinds & ARR != 0) {
            (true, false) => self.items.clone(),
            (false, true) => other.items.clone(),
            _ => None,
        };
        let exact_keys = match (self.kinds & OBJ != 0, other.kinds & OBJ != 0) {
            (true, false) => self.exact_keys,
            (false, true) => other.exact_keys,
            _ => false,
        };
        let elems = match (self.kinds & SET != 0, other.kinds & SET != 0) {
            (true, true) => self.elems | other.elems,
            (true, false) => self.elems,
            (false, true) => other.elems,
            (false, false) => ANY,
        };
        let arr_elems = match (self.kinds & ARR != 0, other.kinds & ARR != 0) {
            (true, true) => self.arr_elems | other.arr_elems,
            (true, false) => self.arr_elems,
            (false, true) => other.arr_elems,
            (false, false) => ANY,
        };
        // govlint patch 110: either value's object kinds, as OPA's `Or` of two object
        // types unifies with what either of them does.
        let (obj_keys, obj_vals) = match (self.kinds & OBJ != 0, other.kinds & OBJ != 0) {
            (true, true) => (
                self.obj_keys | other.obj_keys,
                self.obj_vals | other.obj_vals,
            ),
            (true, false) => (self.obj_keys, self.obj_vals),
            (false, true) => (other.obj_keys, other.obj_vals),
            (false, false) => (ANY, ANY),
        };
        Ty {
            kinds: self.kinds | other.kinds,
            keys,
            items,
            exact_keys,
            elems,
            arr_elems,
            obj_keys,
            obj_vals,
        }
    }
}

/// govlint patch 74: whether values of these types can be equal, looking into literal
/// objects' keys and arrays' items.
fn can_match(a: &Ty, b: &Ty) -> bool {
    if a.kinds & b.kinds == 0 {
        return false;
    }
    if let (OBJ, OBJ, true, true, Some(ka), Some(kb)) =
        (a.kinds, b.kinds, a.exact_keys, b.exact_keys, &a.keys, &b.keys)
    {
        return ka.len() == kb.len()
            && ka
                .iter()
                .all(|(k, t)| kb.get(k).is_some_and(|u| can_match(t, u)));
    }
    if let (ARR, ARR, Some(ia), Some(ib)) = (a.kinds, b.kinds, &a.items, &b.items) {
        return ia.len() == ib.len() && ia.iter().zip(ib.iter()).all(|(t, u)| can_match(t, u));
    }
    true
}

/// OPA's name for a kind set, as in its `want:` lines.
fn kinds_name(kinds: u8) -> String {
    if kinds == ANY {
        return "any".to_string();
    }
    let names: Vec<&str> = [
        (NULL, "null"),
        (BOOL, "boolean"),
        (NUM, "number"),
        (STR, "string"),
        (ARR, "array[any]"),
        (SET, "set[any]"),
        (OBJ, "object[any: any]"),
    ]
    .iter()
    .filter(|(k, _)| kinds & k != 0)
    .map(|(_, n)| *n)
    .collect();
    match names.as_slice() {
        [one] => (*one).to_string(),
        many => format!("any<{}>", many.join(", ")),
    }
}

fn have_list(tys: &[Ty]) -> String {
    let mut parts: Vec<String> = tys.iter().map(|t| kinds_name(t.kinds)).collect();
    parts.push("???".to_string());
    format!("({})", parts.join(", "))
}

fn want_list(kinds: &[u8], result: u8) -> String {
    let mut parts: Vec<String> = kinds.iter().map(|k| kinds_name(*k)).collect();
    parts.push(kinds_name(result));
    format!("({})", parts.join(", "))
}

fn type_error(span: &Span, msg: &str) -> anyhow::Error {
    anyhow::anyhow!(span.message("rego_type_error", msg))
}

/// The variable a reference chain starts with, or the expression itself.
fn root(e: &Expr) -> &Expr {
    match e {
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => root(refr),
        other => other,
    }
}

/// Every variable in a pattern (`[a, {"k": b}]`): what a `some`, `:=` or argument declares.
pub(crate) fn pattern_vars(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::Var { span, .. } => {
            out.insert(span.text().to_string());
        }
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().for_each(|i| pattern_vars(i, out));
        }
        Expr::Object { fields, .. } => fields.iter().for_each(|(_, _, v)| pattern_vars(v, out)),
        _ => {}
    }
}

/// The path of a reference whose every step is a name or a string (`data.lib["o"]`).
fn static_path(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Var { span, .. } => Some(vec![span.text().to_string()]),
        Expr::RefDot { refr, field, .. } => {
            let mut p = static_path(refr)?;
            p.push(field.0.text().to_string());
            Some(p)
        }
        Expr::RefBrack { refr, index, .. } => match literal(index)? {
            Value::String(s) => {
                let mut p = static_path(refr)?;
                p.push(s.to_string());
                Some(p)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The literal value of a scalar literal.
fn literal(e: &Expr) -> Option<Value> {
    match e {
        Expr::String { value, .. }
        | Expr::RawString { value, .. }
        | Expr::Number { value, .. }
        | Expr::Bool { value, .. }
        | Expr::Null { value, .. } => Some(value.clone()),
        _ => None,
    }
}

/// govlint patch 74: the value of a literal made only of literals (`{"a": [1]}`), a key of
/// an object literal as OPA keys it.
fn constant(e: &Expr) -> Option<Value> {
    match e {
        Expr::Array { items, .. } => {
            let items: Option<Vec<Value>> = items.iter().map(|i| constant(i)).collect();
            Some(Value::from(items?))
        }
        Expr::Set { items, .. } => {
            let mut set = BTreeSet::new();
            for i in items {
                set.insert(constant(i)?);
            }
            Some(Value::from(set))
        }
        Expr::Object { fields, .. } => {
            let mut map = BTreeMap::new();
            for (_, k, v) in fields {
                map.insert(constant(k)?, constant(v)?);
            }
            Some(Value::from(map))
        }
        _ => literal(e),
    }
}

/// The kind of a value.
fn value_kinds(v: &Value) -> u8 {
    match v {
        Value::Null => NULL,
        Value::Bool(_) => BOOL,
        Value::Number(_) => NUM,
        Value::String(_) => STR,
        Value::Array(_) => ARR,
        Value::Set(_) => SET,
        Value::Object(_) => OBJ,
        _ => ANY,
    }
}

/// A builtin's declared argument and result kinds.
fn builtin(name: &str) -> Option<(&'static [u8], u8)> {
    BUILTIN_TYPES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, args, result)| (*args, *result))
}

/// A user function's argument kinds, the union over its definitions' head patterns.
struct Func {
    args: Vec<u8>,
}

/// One package's names: the rules whose type is known, the functions, and every other name
/// a variable may resolve to (which makes its type unknown).
#[derive(Default)]
struct Package {
    rules: BTreeMap<String, Ty>,
    funcs: BTreeMap<String, Func>,
    /// Names defined in the package or imported into it; a call whose first path component
    /// is one of these is not a builtin call.
    names: BTreeSet<String>,
    /// govlint patch 74: the package's functions named by a plain name (`f(x) := ...`).
    fn_names: BTreeSet<String>,
}

struct Checker<'a> {
    pkg: &'a Package,
    /// Every package, for `data.<package>.<rule>` and imported rules.
    packages: Option<&'a BTreeMap<String, Package>>,
    /// The module's imports of `data`: alias to path (`lib` to `["data", "lib"]`).
    imports: BTreeMap<String, Vec<String>>,
    /// Names declared anywhere in the rule being checked: they never resolve to a rule.
    declared: BTreeSet<String>,
    /// `data.<package>.`, the prefix of a call to one of the package's functions by its path.
    data_prefix: String,
    /// govlint patch 73: set while a statement with a `with` on `data` is checked: every
    /// rule's type is then unknown (OPA types it as the `with` value).
    rules_any: core::cell::Cell<bool>,
}

type Env = BTreeMap<String, Ty>;

/// Checks every module; the first type error is returned, placed at its expression.
pub fn check(modules: &[Ref<Module>]) -> Result<()> {
    let packages = gather(modules);
    for module in modules {
        let Ok(path) = get_path_string(&module.package.refr, None) else {
            continue;
        };
        let Some(pkg) = packages.get(&path) else {
            continue;
        };
        // govlint patch 100: the imports as patch 70 reads them.
        let imports: BTreeMap<String, Vec<String>> =
            crate::undefined_functions::import_paths(module)
                .into_iter()
                .filter(|(_, path)| path.first().is_some_and(|p| p == "data"))
                .collect();
        for rule in &module.policy {
            let mut c = Checker {
                pkg,
                packages: Some(&packages),
                imports: imports.clone(),
                declared: BTreeSet::new(),
                data_prefix: format!("data.{path}."),
                rules_any: core::cell::Cell::new(false),
            };
            c.rule(rule)?;
        }
    }
    Ok(())
}

/// The names, rule types and function signatures of every package.
fn gather(modules: &[Ref<Module>]) -> BTreeMap<String, Package> {
    let paths: Vec<String> = modules
        .iter()
        .filter_map(|m| get_path_string(&m.package.refr, None).ok())
        .collect();
    // Per package: each name's definitions' value types (None: not known), and whether the
    // name is only ever a plain complete rule.
    let mut values: BTreeMap<String, BTreeMap<String, Option<Vec<Ty>>>> = BTreeMap::new();
    let mut funcs: BTreeMap<String, BTreeMap<String, Option<Vec<u8>>>> = BTreeMap::new();
    // govlint patch 124: per package and function, its definitions, and the argument kinds
    // its one definition's body proves (`None` when it has more than one, or an else).
    let mut inferred: BTreeMap<(String, String), (usize, Option<Vec<u8>>)> = BTreeMap::new();
    let mut out: BTreeMap<String, Package> = BTreeMap::new();
    for (module, path) in modules.iter().zip(&paths) {
        let pkg = out.entry(path.clone()).or_default();
        for import in &module.imports {
            let name = match &import.r#as {
                Some(alias) => alias.text().to_string(),
                None => match import.refr.as_ref() {
                    Expr::RefDot { field, .. } => field.0.text().to_string(),
                    Expr::RefBrack { index, .. } => match literal(index.as_ref()) {
                        Some(Value::String(s)) => s.to_string(),
                        _ => continue,
                    },
                    Expr::Var { span, .. } => span.text().to_string(),
                    _ => continue,
                },
            };
            pkg.names.insert(name);
        }
        let vals = values.entry(path.clone()).or_default();
        let fns = funcs.entry(path.clone()).or_default();
        for rule in &module.policy {
            let refr = crate::undefined_functions::rule_refr(rule);
            let Expr::Var { span, .. } = root(refr.as_ref()) else {
                continue;
            };
            let name = span.text().to_string();
            pkg.names.insert(name.clone());
            let simple = matches!(refr.as_ref(), Expr::Var { .. });
            let func_args = match rule.as_ref() {
                Rule::Spec {
                    head: RuleHead::Func { args, .. },
                    ..
                } => Some(args),
                Rule::Default { args, .. } if !args.is_empty() => Some(args),
                _ => None,
            };
            match func_args {
                Some(args) => {
                    if simple {
                        pkg.fn_names.insert(name.clone());
                    }
                    let entry = inferred
                        .entry((path.clone(), name.clone()))
                        .or_insert((0, None));
                    entry.0 += 1;
                    entry.1 = match rule.as_ref() {
                        Rule::Spec {
                            head: RuleHead::Func { assign, .. },
                            bodies,
                            ..
                        } if simple && bodies.len() <= 1 => {
                            Some(inferred_args(args, assign.as_ref().map(|a| &a.value), bodies))
                        }
                        _ => None,
                    };
                    let kinds: Option<Vec<u8>> =
                        simple.then(|| args.iter().map(|a| pattern_kinds(a)).collect());
                    let entry = fns.entry(name.clone()).or_insert_with(|| kinds.clone());
                    match (entry.as_mut(), kinds) {
                        (Some(old), Some(new)) if old.len() == new.len() => {
                            for (o, n) in old.iter_mut().zip(new) {
                                *o |= n;
                            }
                        }
                        _ => *entry = None,
                    }
                    // A name is a function or a rule, not both.
                    vals.insert(name, None);
                }
                _ => {
                    let tys = if simple { rule_values(rule) } else { None };
                    let entry = vals.entry(name).or_insert_with(|| Some(Vec::new()));
                    match (entry.as_mut(), tys) {
                        (Some(old), Some(new)) => old.extend(new),
                        _ => *entry = None,
                    }
                }
            }
        }
    }
    // A rule that is also a package's prefix (`package p.o` beside rule `o` of `p`) has a
    // value shaped by both: unknown. govlint patch 107: the names just below each package,
    // from each path's own prefixes, not a scan of every path per package (packages^2).
    let mut below: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in &paths {
        for (at, _) in p.match_indices('.') {
            let (prefix, rest) = (&p[..at], &p[at + 1..]);
            if out.contains_key(prefix) {
                let name = rest.split('.').next().unwrap_or(rest);
                below.entry(prefix).or_default().insert(name);
            }
        }
    }
    let none = BTreeSet::new();
    for (path, pkg) in out.iter_mut() {
        let below = below.get(path.as_str()).unwrap_or(&none);
        if let Some(vals) = values.remove(path) {
            for (name, tys) in vals {
                let Some(tys) = tys else { continue };
                if below.contains(name.as_str()) || funcs.get(path).is_some_and(|f| f.contains_key(&name)) {
                    continue;
                }
                let Some(first) = tys.first() else { continue };
                let ty = tys.iter().skip(1).fold(first.clone(), |a, t| a.union(t));
                if !ty.is_any() {
                    pkg.rules.insert(name, ty);
                }
            }
        }
        if let Some(fns) = funcs.remove(path) {
            for (name, args) in fns {
                if let Some(mut args) = args {
                    if let Some((1, Some(proven))) = inferred.get(&(path.clone(), name.clone())) {
                        for (a, p) in args.iter_mut().zip(proven) {
                            *a &= p;
                        }
                    }
                    pkg.funcs.insert(name, Func { args });
                }
            }
        }
    }
    out
}

/// govlint patch 124: the kinds a function's one definition proves for its arguments. OPA's
/// checker gives an argument variable the type of its first use, in the order it checks the
/// body (its statements, then the head's value; a call nested in an argument before the call
/// around it): a builtin's argument (`upper(a)`, `upper(lower(a))`, negated or not), an
/// element of an array or set written as one (`concat(",", {a, "b"})`), or a comparison with
/// a literal (`a == "x"`). A first use of any other kind (`is_string(a)`, `a != 1`, a
/// comprehension, another function) leaves it any, as later uses only check against it.
fn inferred_args(
    args: &[ExprRef],
    head: Option<&ExprRef>,
    bodies: &[crate::ast::RuleBody],
) -> Vec<u8> {
    args.iter()
        .map(|a| {
            let Expr::Var { span, .. } = a.as_ref() else {
                return ANY;
            };
            let name = span.text();
            if name == "_" {
                return ANY;
            }
            for b in bodies {
                for stmt in &b.query.stmts {
                    let found = match &stmt.literal {
                        Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. }
                            if stmt.with_mods.is_empty() =>
                        {
                            first_use(expr, name)
                        }
                        _ => mentions(&stmt.literal, name).then_some(ANY),
                    };
                    if let Some(k) = found {
                        return k;
                    }
                }
                if let Some(k) = b.assign.as_ref().and_then(|v| first_use(&v.value, name)) {
                    return k;
                }
            }
            head.and_then(|h| first_use(h, name)).unwrap_or(ANY)
        })
        .collect()
}

// Whether `e` names the variable anywhere, comprehensions included.
fn expr_mentions(e: &Expr, name: &str) -> bool {
    let mut found = Vec::new();
    crate::negation_safety::vars(e, true, &mut found);
    found.iter().any(|v| v.text() == name)
}

// Whether a statement that is not a plain expression names the variable at all.
fn mentions(literal: &Literal, name: &str) -> bool {
    match literal {
        Literal::SomeVars { vars, .. } => vars.iter().any(|v| v.text() == name),
        Literal::SomeIn {
            key,
            value,
            collection,
            ..
        } => key
            .iter()
            .chain([value, collection])
            .any(|e| expr_mentions(e, name)),
        // Its body is a scope of its own that may read the argument first.
        Literal::Every { .. } => true,
        Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => expr_mentions(expr, name),
    }
}

/// The kinds the first occurrence of `name` in `e` gives it, if it occurs.
fn first_use(e: &Expr, name: &str) -> Option<u8> {
    let is_arg = |x: &Expr| matches!(x, Expr::Var { span, .. } if span.text() == name);
    match e {
        Expr::Var { span, .. } if span.text() == name => Some(ANY),
        Expr::ArrayCompr { .. } | Expr::SetCompr { .. } | Expr::ObjectCompr { .. } => {
            expr_mentions(e, name).then_some(ANY)
        }
        Expr::Call { fcn, params, .. } => {
            // Calls nested in the arguments are checked first.
            for p in params {
                if !is_arg(p) && !matches!(p.as_ref(), Expr::Array { .. } | Expr::Set { .. }) {
                    if let Some(k) = first_use(p, name) {
                        return Some(k);
                    }
                }
            }
            let fname = get_path_string(fcn, None).unwrap_or_default();
            let want = builtin(&fname).map(|(w, _)| w);
            for (i, p) in params.iter().enumerate() {
                let declared = want.and_then(|w| w.get(i)).copied();
                if is_arg(p) {
                    return Some(declared.unwrap_or(ANY));
                }
                let (items, array) = match p.as_ref() {
                    Expr::Array { items, .. } => (items, true),
                    Expr::Set { items, .. } => (items, false),
                    _ => continue,
                };
                for item in items {
                    if is_arg(item) {
                        let elem = ELEM_TYPES
                            .iter()
                            .find(|d| d.0 == fname && d.1 == i)
                            .map(|d| if array { d.2 } else { d.3 });
                        return Some(match (declared, elem) {
                            (Some(_), Some(k)) => k,
                            _ => ANY,
                        });
                    }
                    if let Some(k) = first_use(item, name) {
                        return Some(k);
                    }
                }
            }
            first_use(fcn, name)
        }
        Expr::BoolExpr {
            op: BoolOp::Eq,
            lhs,
            rhs,
            ..
        }
        | Expr::AssignExpr {
            op: crate::ast::AssignOp::Eq,
            lhs,
            rhs,
            ..
        } if is_arg(lhs) || is_arg(rhs) => {
            let other = if is_arg(lhs) { rhs } else { lhs };
            Some(match literal(other.as_ref()) {
                Some(v) if !matches!(v, Value::Array(_) | Value::Set(_) | Value::Object(_)) => {
                    value_kinds(&v)
                }
                _ => ANY,
            })
        }
        // Operators are OPA's builtins: `plus`, `mul`, `div`, `rem` take numbers, `minus`
        // numbers or sets, `or` and `and` sets. Operands nested deeper are checked first.
        Expr::ArithExpr { lhs, rhs, .. } | Expr::BinExpr { lhs, rhs, .. }
            if is_arg(lhs) || is_arg(rhs) =>
        {
            let operand = match e {
                Expr::ArithExpr {
                    op: ArithOp::Sub, ..
                } => NUM | SET,
                Expr::ArithExpr { .. } => NUM,
                _ => SET,
            };
            [lhs, rhs]
                .into_iter()
                .filter(|x| !is_arg(x))
                .find_map(|x| first_use(x, name))
                .or(Some(operand))
        }
        _ => crate::negation_safety::children(e)
            .into_iter()
            .find_map(|c| first_use(c, name)),
    }
}

/// The kinds a function argument pattern admits: a literal's own, anything for a variable.
fn pattern_kinds(e: &Expr) -> u8 {
    match e {
        Expr::Null { .. } => NULL,
        Expr::Bool { .. } => BOOL,
        Expr::Number { .. } => NUM,
        Expr::String { .. } | Expr::RawString { .. } => STR,
        Expr::Array { .. } => ARR,
        Expr::Set { .. } => SET,
        Expr::Object { .. } => OBJ,
        _ => ANY,
    }
}

/// The types of a complete or partial set rule's values, when each is certain without its
/// body's variables.
fn rule_values(rule: &Rule) -> Option<Vec<Ty>> {
    let empty = Package::default();
    let c = Checker {
        pkg: &empty,
        packages: None,
        imports: BTreeMap::new(),
        declared: BTreeSet::new(),
        data_prefix: String::new(),
        rules_any: core::cell::Cell::new(false),
    };
    let value = |e: &ExprRef, env: &Env| -> Option<Ty> {
        // Errors are reported where the rule itself is checked.
        let t = c.infer(e, env);
        (!t.is_any()).then_some(t)
    };
    // govlint patch 74: what a body assigns with `:=` types the value it names
    // (`o := v if { v := {"a": 1} }`).
    let body_env = |b: &crate::ast::RuleBody| -> Env {
        let mut env = Env::new();
        let _ = c.query(&b.query, &mut env);
        env
    };
    match rule {
        Rule::Default { value: v, .. } => Some(vec![value(v, &Env::new())?]),
        Rule::Spec { head, bodies, .. } => match head {
            RuleHead::Compr { assign, .. } => {
                let head_value = assign.as_ref().map(|a| &a.value);
                if bodies.is_empty() {
                    return Some(vec![match head_value {
                        Some(v) => value(v, &Env::new())?,
                        None => Ty::of(BOOL),
                    }]);
                }
                let mut out = Vec::new();
                for b in bodies {
                    let v = match &b.assign {
                        Some(a) => Some(&a.value),
                        None if !b.is_else => head_value,
                        None => None,
                    };
                    out.push(match v {
                        Some(v) => value(v, &body_env(b))?,
                        None => Ty::of(BOOL),
                    });
                }
                Some(out)
            }
            // govlint patch 74: and the kinds of a partial set's elements (`s.foo` of
            // `s contains 1` is refused).
            RuleHead::Set { key: Some(k), .. } => {
                let mut elems = 0;
                if bodies.is_empty() {
                    elems = c.infer(k, &Env::new()).kinds;
                }
                for b in bodies {
                    elems |= c.infer(k, &body_env(b)).kinds;
                }
                Some(vec![Ty {
                    elems,
                    ..Ty::of(SET)
                }])
            }
            _ => None,
        },
    }
}

impl Checker<'_> {
    fn rule(&mut self, rule: &Rule) -> Result<()> {
        match rule {
            Rule::Default { value, .. } => {
                self.expr(value, &Env::new())?;
            }
            Rule::Spec { head, bodies, .. } => {
                let (value, key) = match head {
                    RuleHead::Compr { assign, .. } => (assign.as_ref().map(|a| &a.value), None),
                    RuleHead::Set { key, .. } => (None, key.as_ref()),
                    RuleHead::Func { args, assign, .. } => {
                        for a in args {
                            pattern_vars(a, &mut self.declared);
                        }
                        (assign.as_ref().map(|a| &a.value), None)
                    }
                };
                for b in bodies {
                    declared_in_query(&b.query, &mut self.declared);
                }
                if bodies.is_empty() {
                    for e in value.iter().chain(key.iter()) {
                        self.expr(e, &Env::new())?;
                    }
                }
                for (i, b) in bodies.iter().enumerate() {
                    let mut env = Env::new();
                    self.query(&b.query, &mut env)?;
                    let v = match &b.assign {
                        Some(a) => Some(&a.value),
                        None if i == 0 || !b.is_else => value,
                        None => None,
                    };
                    for e in v.iter().chain(key.iter()) {
                        self.expr(e, &env)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn query(&self, q: &Query, env: &mut Env) -> Result<()> {
        for stmt in &q.stmts {
            self.stmt(stmt, env)?;
        }
        Ok(())
    }

    fn stmt(&self, stmt: &LiteralStmt, env: &mut Env) -> Result<()> {
        // `with input...` changes no type known here; `with` on data does (OPA types a rule
        // replaced by `with` as anything). govlint patch 73: a function or builtin replaced
        // by `with` keeps its declared types in OPA's checker (`count(1) with count as f`
        // is refused), so such a statement is checked too.
        for w in &stmt.with_mods {
            self.with_arity(w)?;
        }
        let rules_any = !stmt.with_mods.iter().all(|w| self.with_keeps_types(&w.refr));
        self.rules_any.set(rules_any);
        let result = self.literal(stmt, env);
        self.rules_any.set(false);
        result
    }

    fn literal(&self, stmt: &LiteralStmt, env: &mut Env) -> Result<()> {
        match &stmt.literal {
            Literal::SomeVars { vars, .. } => {
                for v in vars {
                    env.remove(v.text());
                }
            }
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                let t = self.expr(collection, env)?;
                if t.kinds & !SCALAR == 0 {
                    let msg = if literal(collection).is_some() {
                        "match error".to_string()
                    } else {
                        format!(
                            "undefined ref: {}[_] (have: {})",
                            collection.span().text(),
                            kinds_name(t.kinds)
                        )
                    };
                    return Err(type_error(collection.span(), &msg));
                }
                let mut vars = BTreeSet::new();
                for e in key.iter().chain([value]) {
                    pattern_vars(e, &mut vars);
                }
                for v in vars {
                    env.remove(&v);
                }
                // govlint patch 110: the value variable has the collection's element type
                // (`some p in split(s, ",")` makes `p` a string).
                if let Expr::Var { span, .. } = value.as_ref() {
                    let elem = elem_ty(&t);
                    if !elem.is_any() && span.text() != "_" {
                        env.insert(span.text().to_string(), elem);
                    }
                }
            }
            Literal::Expr { expr, .. } => match expr.as_ref() {
                Expr::AssignExpr {
                    op: AssignOp::ColEq,
                    lhs,
                    rhs,
                    ..
                } => {
                    let t = self.expr(rhs, env)?;
                    let mut vars = BTreeSet::new();
                    pattern_vars(lhs, &mut vars);
                    for v in vars {
                        env.remove(&v);
                    }
                    if let Expr::Var { span, .. } = lhs.as_ref() {
                        if !t.is_any() && span.text() != "_" {
                            env.insert(span.text().to_string(), t);
                        }
                    }
                }
                _ => self.statement(expr, env)?,
            },
            Literal::NotExpr { expr, .. } => self.statement(expr, env)?,
            Literal::Every {
                key,
                value,
                domain,
                query,
                ..
            } => {
                self.expr(domain, env)?;
                // OPA (1.20) does not type-check an `every` body: `every y in ys { y; count(1)
                // }` compiles. Neither is it checked here.
                let _ = (key, value, query);
            }
        }
        Ok(())
    }

    /// govlint patch 73: a builtin replaced by a function of the package or a builtin that
    /// takes another number of arguments (`concat(...) with concat as f`, `f(_)`): OPA's
    /// `arity mismatch`.
    fn with_arity(&self, w: &crate::ast::WithModifier) -> Result<()> {
        let Some(target) = static_path(&w.refr) else {
            return Ok(());
        };
        let first = target.first().map(String::as_str).unwrap_or_default();
        if self.pkg.names.contains(first) || self.declared.contains(first) {
            return Ok(());
        }
        let name = target.join(".");
        let Some((want, result)) = builtin(&name) else {
            return Ok(());
        };
        let have = match w.r#as.as_ref() {
            Expr::Var { span, .. } if !self.declared.contains(span.text()) => {
                match self.pkg.funcs.get(span.text()) {
                    Some(f) => f.args.len(),
                    None => return Ok(()),
                }
            }
            _ => return Ok(()),
        };
        if have == want.len() {
            return Ok(());
        }
        let have: Vec<&str> = (0..have).map(|_| "any").collect();
        Err(type_error(
            root(&w.refr).span(),
            &format!(
                "{name}: arity mismatch (have: ({}), want: {})",
                have.join(", "),
                want_list(want, result)
            ),
        ))
    }

    /// govlint patch 73: whether a `with` on `target` leaves every type known here as it is:
    /// a replaced `input`, builtin or function of the package (OPA checks the statement
    /// against their declarations), not a replaced rule or other `data`.
    fn with_keeps_types(&self, target: &Expr) -> bool {
        let Some(path) = static_path(target) else {
            return false;
        };
        let first = path.first().map(String::as_str).unwrap_or_default();
        if first == "input" {
            return true;
        }
        if first == "data" || self.imports.contains_key(first) || self.declared.contains(first) {
            return false;
        }
        if self.pkg.names.contains(first) {
            return path.len() == 1 && self.pkg.funcs.contains_key(first);
        }
        builtin(&path.join(".")).is_some()
    }

    /// A statement's expression: as a term, and `a == b` or `a = b` must be able to match
    /// (OPA: `count(xs) == "0"` is a `match error`; `x := 1 == "a"`, a term, is not).
    fn statement(&self, e: &ExprRef, env: &Env) -> Result<()> {
        let sides = match e.as_ref() {
            Expr::BoolExpr {
                op: BoolOp::Eq,
                lhs,
                rhs,
                ..
            }
            | Expr::AssignExpr {
                op: AssignOp::Eq,
                lhs,
                rhs,
                ..
            } => Some((lhs, rhs)),
            _ => None,
        };
        let Some((lhs, rhs)) = sides else {
            self.expr(e, env)?;
            return Ok(());
        };
        let (l, r) = (self.expr(lhs, env)?, self.expr(rhs, env)?);
        // govlint patch 74: literal objects and arrays match key by key and item by item
        // (`{"a": 1} == {"b": 1}`); not a unification with variables in its patterns, which
        // OPA may report otherwise.
        let deep = match e.as_ref() {
            Expr::AssignExpr { .. } => {
                let mut vars = BTreeSet::new();
                pattern_vars(lhs, &mut vars);
                pattern_vars(rhs, &mut vars);
                vars.is_empty()
            }
            _ => true,
        };
        if deep && l.kinds & r.kinds != 0 && !can_match(&l, &r) {
            return Err(type_error(
                root(lhs).span(),
                &format!(
                    "match error (left: {}, right: {})",
                    lhs.span().text(),
                    rhs.span().text()
                ),
            ));
        }
        if l.kinds & r.kinds == 0 {
            return Err(type_error(
                root(lhs).span(),
                &format!(
                    "match error (left: {}, right: {})",
                    kinds_name(l.kinds),
                    kinds_name(r.kinds)
                ),
            ));
        }
        Ok(())
    }

    /// The type of `e` without checking it (rule values, gathered before the checks).
    fn infer(&self, e: &ExprRef, env: &Env) -> Ty {
        self.expr(e, env).unwrap_or_else(|_| Ty::any())
    }

    /// Checks `e` and everything in it; returns its type.
    fn expr(&self, e: &ExprRef, env: &Env) -> Result<Ty> {
        Ok(match e.as_ref() {
            Expr::Null { .. } => Ty::of(NULL),
            Expr::Bool { .. } => Ty::of(BOOL),
            Expr::Number { .. } => Ty::of(NUM),
            Expr::String { .. } | Expr::RawString { .. } => Ty::of(STR),
            Expr::Var { span, .. } => {
                self.function_ref(e, env)?;
                let name = span.text();
                if let Some(t) = env.get(name) {
                    t.clone()
                } else if self.declared.contains(name) || self.rules_any.get() {
                    Ty::any()
                } else if let Some(t) = self.pkg.rules.get(name) {
                    t.clone()
                } else {
                    self.data_rule(e).unwrap_or_else(Ty::any)
                }
            }
            Expr::Array { items, .. } => {
                let mut tys = Vec::with_capacity(items.len());
                for i in items {
                    tys.push(self.expr(i, env)?);
                }
                Ty {
                    items: Some(Rc::new(tys)),
                    ..Ty::of(ARR)
                }
            }
            Expr::Set { items, .. } => {
                // govlint patch 74: the kinds of its elements (`{1, 2}.foo` is refused).
                let mut elems = 0;
                for i in items {
                    elems |= self.expr(i, env)?.kinds;
                }
                Ty {
                    elems: if items.is_empty() { ANY } else { elems },
                    ..Ty::of(SET)
                }
            }
            Expr::Object { fields, .. } => {
                let mut keys = BTreeMap::new();
                let mut all_literal = true;
                for (_, k, v) in fields {
                    self.expr(k, env)?;
                    let t = self.expr(v, env)?;
                    // govlint patch 74: a constant array, set or object is a key too.
                    match constant(k) {
                        Some(key) => {
                            keys.insert(key, t);
                        }
                        None => all_literal = false,
                    }
                }
                Ty {
                    keys: all_literal.then(|| Rc::new(keys)),
                    exact_keys: all_literal,
                    ..Ty::of(OBJ)
                }
            }
            Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
                let mut inner = env.clone();
                self.query(query, &mut inner)?;
                let term = self.expr(term, &inner)?.kinds;
                // govlint patch 89: the kinds of the terms, for a builtin argument's
                // element type (`concat(",", [1 | true])`).
                if matches!(e.as_ref(), Expr::ArrayCompr { .. }) {
                    Ty {
                        arr_elems: term,
                        ..Ty::of(ARR)
                    }
                } else {
                    Ty {
                        elems: term,
                        ..Ty::of(SET)
                    }
                }
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                let mut inner = env.clone();
                self.query(query, &mut inner)?;
                // govlint patch 110: OPA types it `object[K: V]` from its key and value
                // terms, so a builtin checks V against its declared values
                // (`graph.reachable({k: 1 | ...}, s)` is refused).
                let obj_keys = self.expr(key, &inner)?.kinds;
                let obj_vals = self.expr(value, &inner)?.kinds;
                Ty {
                    obj_keys,
                    obj_vals,
                    ..Ty::of(OBJ)
                }
            }
            Expr::Call { fcn, params, .. } => self.call(fcn, params, env)?,
            Expr::UnaryExpr { expr, .. } => {
                // OPA reads `-y` as `0 - y`, whose type is `minus`'s: a number or a set.
                self.expr(expr, env)?;
                Ty::any()
            }
            Expr::RefDot { refr, field, .. } => {
                self.function_ref(e, env)?;
                if let Some(t) = self.data_rule(e) {
                    return Ok(t);
                }
                let base = self.expr(refr, env)?;
                self.index(e, &base, Some(&field.1))?
            }
            Expr::RefBrack { refr, index, .. } => {
                self.function_ref(e, env)?;
                if let Some(t) = self.data_rule(e) {
                    return Ok(t);
                }
                let base = self.expr(refr, env)?;
                self.expr(index, env)?;
                self.index(e, &base, literal(index).as_ref())?
            }
            Expr::BinExpr { op, lhs, rhs, .. } => {
                let name = match op {
                    BinOp::Union => "or",
                    BinOp::Intersection => "and",
                };
                self.operator(e, name, lhs, rhs, env)?
            }
            Expr::ArithExpr { op, lhs, rhs, .. } => {
                let name = match op {
                    ArithOp::Add => "plus",
                    ArithOp::Sub => "minus",
                    ArithOp::Mul => "mul",
                    ArithOp::Div => "div",
                    ArithOp::Mod => "rem",
                };
                self.operator(e, name, lhs, rhs, env)?
            }
            Expr::BoolExpr { lhs, rhs, .. } => {
                self.expr(lhs, env)?;
                self.expr(rhs, env)?;
                Ty::of(BOOL)
            }
            Expr::AssignExpr { lhs, rhs, .. } => {
                self.expr(lhs, env)?;
                self.expr(rhs, env)?;
                Ty::of(BOOL)
            }
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => {
                for k in key.iter().chain([value, collection]) {
                    self.expr(k, env)?;
                }
                Ty::of(BOOL)
            }
            #[cfg(feature = "rego-extensions")]
            Expr::OrExpr { lhs, rhs, .. } => {
                self.expr(lhs, env)?;
                self.expr(rhs, env)?;
                Ty::any()
            }
        })
    }

    /// govlint patch 74: a function of the package named as a value (`f`, `f.a`), not called.
    fn function_ref(&self, e: &Expr, env: &Env) -> Result<()> {
        let Expr::Var { span, .. } = root(e) else {
            return Ok(());
        };
        let name = span.text();
        if env.contains_key(name) || self.declared.contains(name) || !self.pkg.fn_names.contains(name)
        {
            return Ok(());
        }
        Err(type_error(
            span,
            &format!(
                "function {}{} used as reference, not called",
                self.data_prefix,
                e.span().text()
            ),
        ))
    }

    /// The type of a rule named by its full path, `data.<package>.<rule>`, or through an
    /// import of `data` (`import data.lib` then `lib.o`), when that package types it.
    fn data_rule(&self, e: &Expr) -> Option<Ty> {
        if self.rules_any.get() {
            return None;
        }
        let packages = self.packages?;
        let mut path = static_path(e)?;
        let first = path.first()?.clone();
        if first != "data" {
            // An import's alias, unless a local of the rule has that name.
            if self.declared.contains(&first) {
                return None;
            }
            let target = self.imports.get(&first)?;
            path.splice(0..1, target.iter().cloned());
        }
        let (rule, pkg) = path.split_last()?;
        let pkg = pkg.get(1..)?.join(".");
        packages.get(&pkg)?.rules.get(rule).cloned()
    }

    /// `base[key]` (`base.key`): an error when `base` certainly has no such element.
    fn index(&self, e: &ExprRef, base: &Ty, key: Option<&Value>) -> Result<Ty> {
        let text = e.span().text();
        let at = root(e).span();
        if base.kinds & !SCALAR == 0 {
            return Err(type_error(
                at,
                &format!(
                    "undefined ref: {text} (have: {})",
                    kinds_name(base.kinds & SCALAR)
                ),
            ));
        }
        let Some(key) = key else {
            // Any key: one of the values, when every one is known.
            let values: Vec<&Ty> = match (base.kinds & !SCALAR, &base.keys, &base.items) {
                (OBJ, Some(keys), _) => keys.values().collect(),
                (ARR, _, Some(items)) => items.iter().collect(),
                _ => Vec::new(),
            };
            return Ok(match values.split_first() {
                Some((first, rest)) => rest.iter().fold((*first).clone(), |a, t| a.union(t)),
                None => elem_ty(base),
            });
        };
        // Only an object, only an array: the other kinds' indexing is not judged.
        if base.kinds & !SCALAR == OBJ {
            if let Some(keys) = &base.keys {
                return match keys.get(key) {
                    Some(t) => Ok(t.clone()),
                    None => {
                        let want: Vec<String> = keys.keys().map(|k| k.to_string()).collect();
                        Err(type_error(
                            at,
                            &format!(
                                "undefined ref: {text} (have: {key}, want (one of): [{}])",
                                want.join(" ")
                            ),
                        ))
                    }
                };
            }
        }
        // govlint patch 74: a set's elements are of known kinds (`{1, 2}.foo`).
        if base.kinds & !SCALAR == SET && base.elems != ANY {
            let kinds = value_kinds(key);
            if kinds & base.elems == 0 {
                return Err(type_error(
                    at,
                    &format!(
                        "undefined ref: {text} (have: {key}, want (type): {})",
                        kinds_name(base.elems)
                    ),
                ));
            }
        }
        if base.kinds & !SCALAR == ARR {
            // govlint patch 74: an index written as a non-integer (`1.0`, `1e0`) is refused
            // however it compares, as OPA reads the literal.
            if let (Expr::RefBrack { index, .. }, ARR) = (e.as_ref(), base.kinds) {
                if let Expr::Number { span, .. } = index.as_ref() {
                    if span.text().contains(['.', 'e', 'E']) {
                        return Err(type_error(
                            at,
                            &format!(
                                "undefined ref: {text} (have: {}, want (type): number)",
                                span.text()
                            ),
                        ));
                    }
                }
            }
            let in_range = match (key, &base.items) {
                (Value::Number(_), None) => return Ok(elem_ty(base)),
                (Value::Number(n), Some(items)) => match n.as_u64() {
                    Some(i) => usize::try_from(i).ok().and_then(|i| items.get(i)),
                    None => None,
                },
                _ => None,
            };
            return match in_range {
                Some(t) => Ok(t.clone()),
                None => Err(type_error(
                    at,
                    &format!("undefined ref: {text} (have: {key}, want (type): number)"),
                )),
            };
        }
        Ok(Ty::any())
    }

    fn operator(
        &self,
        e: &ExprRef,
        name: &str,
        lhs: &ExprRef,
        rhs: &ExprRef,
        env: &Env,
    ) -> Result<Ty> {
        let tys = [self.expr(lhs, env)?, self.expr(rhs, env)?];
        let Some((args, result)) = builtin(name) else {
            return Ok(Ty::any());
        };
        self.args(e, name, &tys, args, result)?;
        Ok(Ty::of(result))
    }

    fn args(&self, e: &ExprRef, name: &str, tys: &[Ty], want: &[u8], result: u8) -> Result<()> {
        if tys.iter().zip(want).any(|(t, w)| t.kinds & w == 0) {
            return Err(type_error(
                root(e).span(),
                &format!(
                    "{name}: invalid argument(s) (have: {}, want: {})",
                    have_list(tys),
                    want_list(want, result)
                ),
            ));
        }
        Ok(())
    }

    /// govlint patch 110: the kinds OPA checks an element of a set written as a builtin's
    /// argument against the declared element type with (its `unify1Set`), or `None` when
    /// it is not judged. A scalar, array, set or object literal is always judged. OPA
    /// compiles a variable, a rule, a comprehension or a call there into a variable of its
    /// own, which it unifies with the variable's type where the argument is declared a set
    /// alone (`intersection({r})` with `r := 1` is refused) but lets take the element type
    /// where it is declared a union of kinds (`concat`'s `any<array[string],
    /// set[string]>`: `concat(",", {r, "a"})` compiles); here a variable, a rule, a
    /// comprehension, a call and an operator are judged in the first case (by the type
    /// OPA gives their variable: a builtin's declared result), and nothing else is.
    fn set_item_kinds(&self, item: &ExprRef, plain: bool, env: &Env) -> Option<u8> {
        match item.as_ref() {
            Expr::Var { .. }
            | Expr::ArrayCompr { .. }
            | Expr::SetCompr { .. }
            | Expr::ObjectCompr { .. }
            | Expr::Call { .. }
            | Expr::ArithExpr { .. }
            | Expr::BinExpr { .. } => plain.then(|| self.infer(item, env).kinds),
            Expr::Null { .. }
            | Expr::Bool { .. }
            | Expr::Number { .. }
            | Expr::String { .. }
            | Expr::RawString { .. }
            | Expr::Array { .. }
            | Expr::Set { .. }
            | Expr::Object { .. } => Some(self.infer(item, env).kinds),
            _ => None,
        }
    }

    fn call(&self, fcn: &ExprRef, params: &[ExprRef], env: &Env) -> Result<Ty> {
        let mut tys = Vec::with_capacity(params.len());
        for p in params {
            tys.push(self.expr(p, env)?);
        }
        let Ok(name) = get_path_string(fcn, None) else {
            return Ok(Ty::any());
        };
        let first = name.split('.').next().unwrap_or_default();
        // `f(x)` or `data.<this package>.f(x)`.
        let local = match name.strip_prefix(&self.data_prefix) {
            Some(rest) if !rest.contains('.') => Some(rest),
            _ => matches!(fcn.as_ref(), Expr::Var { .. }).then_some(name.as_str()),
        };
        if let Some(local) = local {
            if let Some(f) = self.pkg.funcs.get(local) {
                let tys = &tys[..tys.len().min(f.args.len())];
                if tys.iter().zip(&f.args).any(|(t, w)| t.kinds & w == 0) {
                    // govlint patch 124: OPA names the function by its full path.
                    return Err(type_error(
                        fcn.span(),
                        &format!(
                            "{}{local}: invalid argument(s) (have: {}, want: {})",
                            self.data_prefix,
                            have_list(tys),
                            want_list(&f.args, ANY)
                        ),
                    ));
                }
                return Ok(Ty::any());
            }
        }
        if self.pkg.names.contains(first) || self.declared.contains(first) {
            return Ok(Ty::any());
        }
        let Some((want, result)) = builtin(&name) else {
            return Ok(Ty::any());
        };
        if tys.len() < want.len() || tys.len() > want.len() + 1 {
            return Err(type_error(
                fcn.span(),
                &format!(
                    "{name}: arity mismatch (have: {}, want: {})",
                    have_list(&tys),
                    want_list(want, result)
                ),
            ));
        }
        self.args(fcn, &name, &tys[..want.len()], want, result)?;
        let item = |item: &ExprRef, plain: bool| self.set_item_kinds(item, plain, env);
        elem_args(fcn, &name, params, &tys[..want.len()], want, result, &item)?;
        Ok(result_ty(&name, result))
    }
}

/// govlint patch 110: the kinds of any element of a collection (`split(s, ",")[i]` is a
/// string, and so is `p` of `some p in split(s, ",")`; `p` of `some p in [1, 2]` a number).
fn elem_ty(base: &Ty) -> Ty {
    let union = |tys: &mut dyn Iterator<Item = &Ty>| tys.fold(0, |k, t| k | t.kinds);
    let kinds = match (base.kinds, &base.items, &base.keys) {
        (ARR, Some(items), _) if !items.is_empty() => union(&mut items.iter()),
        (ARR, _, _) => base.arr_elems,
        (SET, _, _) => base.elems,
        (OBJ, _, Some(keys)) if base.exact_keys && !keys.is_empty() => union(&mut keys.values()),
        (OBJ, _, None) => base.obj_vals,
        _ => ANY,
    };
    Ty::of(kinds)
}

/// govlint patch 110: a builtin's result type with the element types OPA declares for it
/// (`split`: `array[string]`), which a later builtin argument is checked against
/// (`sum(split(s, ","))`, `parts := split(s, ","); sum(parts)`).
fn result_ty(name: &str, result: u8) -> Ty {
    let ty = Ty::of(result);
    match RESULT_ELEMS.iter().find(|d| d.0 == name) {
        Some((_, arr, set, key, val)) => Ty {
            arr_elems: *arr,
            elems: *set,
            obj_keys: *key,
            obj_vals: *val,
            ..ty
        },
        None => ty,
    }
}

/// govlint patch 89: an argument that is certainly an array, set or object, one of whose
/// known items, elements, keys or values has no kind its declaration admits
/// (`concat(",", [1, 2])`, `sum({"a"})`, `http.send({1: 2})`): OPA's `invalid argument(s)`.
/// Only what is certain is judged: an item of unknown type fits, and a set's element kinds
/// are their union (OPA's type of a set held by a variable or rule: `v := {1, "a"};
/// concat(",", v)` compiles). govlint patch 110: a set written as the argument is judged
/// element by element, as OPA unifies each one (`concat(",", {1, "a"})` is refused); an
/// object comprehension by its values' kinds.
#[allow(clippy::too_many_arguments)]
fn elem_args(
    fcn: &ExprRef,
    name: &str,
    params: &[ExprRef],
    tys: &[Ty],
    want: &[u8],
    result: u8,
    set_item: &dyn Fn(&ExprRef, bool) -> Option<u8>,
) -> Result<()> {
    for (_, i, arr, set, key, val, text) in ELEM_TYPES.iter().filter(|d| d.0 == name) {
        let Some(t) = tys.get(*i) else {
            continue;
        };
        let fits = match t.kinds {
            ARR => match &t.items {
                Some(items) => items
                    .iter()
                    .all(|u| u.kinds & arr != 0 && nested_fields_fit(name, *i, u)),
                None => t.arr_elems == ANY || t.arr_elems & arr != 0,
            },
            SET => match params.get(*i).map(|p| p.as_ref()) {
                Some(Expr::Set { items, .. }) => items.iter().all(|item| {
                    set_item(item, want.get(*i) == Some(&SET)).is_none_or(|k| k & set != 0)
                }),
                _ => t.elems == ANY || t.elems & set != 0,
            },
            OBJ => match (&t.keys, t.exact_keys) {
                // A key is judged only in an object written as the argument: OPA accepts
                // `v := {1: "a"}; strings.replace_n(v, "x")`.
                (Some(keys), true) => {
                    let literal = matches!(params.get(*i).map(|p| p.as_ref()), Some(Expr::Object { .. }));
                    keys.iter().all(|(k, v)| {
                        (!literal || value_kinds(k) & key != 0) && v.kinds & val != 0
                    })
                }
                // govlint patch 110: an object comprehension's values (OPA compares only
                // the values of two dynamic object types, not their keys).
                _ => t.obj_vals == ANY || t.obj_vals & val != 0,
            },
            _ => true,
        };
        if fits {
            continue;
        }
        let have: Vec<String> = tys.iter().map(ty_name).chain(["???".to_string()]).collect();
        let mut wants: Vec<String> = want.iter().map(|k| kinds_name(*k)).collect();
        wants[*i] = text.to_string();
        wants.push(kinds_name(result));
        return Err(type_error(
            root(fcn).span(),
            &format!(
                "{name}: invalid argument(s) (have: ({}), want: ({}))",
                have.join(", "),
                wants.join(", ")
            ),
        ));
    }
    Ok(())
}

/// govlint patch 123: the one declaration of a field below an argument's top level,
/// `json.patch`'s operations (`array[object<op: string, path: any>[any: any]]`): an `op` of a
/// known kind other than string is OPA's `invalid argument(s)`, in an object written in the
/// array (`{"op": 1}`, `{"op": y}` with `y := 1`) and in an object comprehension, whose
/// values are any key's (`{"op": 1 | true}`, `{k: 1 | some k in ks}`).
const NESTED_FIELDS: &[(&str, usize, &str, u8)] = &[("json.patch", 1, "op", STR)];

fn nested_fields_fit(name: &str, arg: usize, item: &Ty) -> bool {
    NESTED_FIELDS
        .iter()
        .filter(|(n, i, _, _)| *n == name && *i == arg)
        .all(|(_, _, field, kinds)| {
            if item.kinds != OBJ {
                return true;
            }
            match (&item.keys, item.exact_keys) {
                (Some(keys), true) => keys
                    .iter()
                    .filter(|(k, _)| matches!(k, Value::String(s) if s.as_ref() == *field))
                    .all(|(_, v)| v.kinds & kinds != 0),
                (None, _) => item.obj_vals == ANY || item.obj_vals & kinds != 0,
                _ => true,
            }
        })
}

/// OPA's name for a type, as in its `have:` lines: a literal array's items
/// (`array<number, string>`), a set's elements, a literal object's keys.
fn ty_name(t: &Ty) -> String {
    match (t.kinds, &t.items, &t.keys) {
        (ARR, Some(items), _) => format!(
            "array<{}>",
            items.iter().map(ty_name).collect::<Vec<_>>().join(", ")
        ),
        (ARR, None, _) if t.arr_elems != ANY => format!("array[{}]", kinds_name(t.arr_elems)),
        (SET, _, _) if t.elems != ANY => format!("set[{}]", kinds_name(t.elems)),
        // govlint patch 110: an object comprehension, `object[string: number]`.
        (OBJ, _, None) if t.obj_keys != ANY || t.obj_vals != ANY => format!(
            "object[{}: {}]",
            kinds_name(t.obj_keys),
            kinds_name(t.obj_vals)
        ),
        (OBJ, _, Some(keys)) if t.exact_keys => format!(
            "object<{}>",
            keys.iter()
                .map(|(k, v)| {
                    let k = match k {
                        Value::String(s) => s.to_string(),
                        other => other.to_string(),
                    };
                    format!("{k}: {}", ty_name(v))
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => kinds_name(t.kinds),
    }
}

/// Every name a query declares (`:=`, `some`, `every`), nested queries included.
pub(crate) fn declared_in_query(q: &Query, out: &mut BTreeSet<String>) {
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::SomeVars { vars, .. } => {
                for v in vars {
                    out.insert(v.text().to_string());
                }
            }
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                for e in key.iter().chain([value]) {
                    pattern_vars(e, out);
                }
                declared_in_expr(collection, out);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => {
                declared_in_expr(expr, out)
            }
            Literal::Every {
                key,
                value,
                domain,
                query,
                ..
            } => {
                for v in key.iter().chain([value]) {
                    out.insert(v.text().to_string());
                }
                declared_in_expr(domain, out);
                declared_in_query(query, out);
            }
        }
    }
}

fn declared_in_expr(e: &Expr, out: &mut BTreeSet<String>) {
    match e {
        Expr::AssignExpr {
            op: AssignOp::ColEq,
            lhs,
            rhs,
            ..
        } => {
            pattern_vars(lhs, out);
            declared_in_expr(rhs, out);
        }
        Expr::ArrayCompr { query, .. }
        | Expr::SetCompr { query, .. }
        | Expr::ObjectCompr { query, .. } => declared_in_query(query, out),
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().for_each(|i| declared_in_expr(i, out));
        }
        Expr::Object { fields, .. } => fields.iter().for_each(|(_, k, v)| {
            declared_in_expr(k, out);
            declared_in_expr(v, out);
        }),
        Expr::Call { params, .. } => params.iter().for_each(|p| declared_in_expr(p, out)),
        Expr::UnaryExpr { expr, .. } => declared_in_expr(expr, out),
        Expr::RefDot { refr, .. } => declared_in_expr(refr, out),
        Expr::RefBrack { refr, index, .. } => {
            declared_in_expr(refr, out);
            declared_in_expr(index, out);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            declared_in_expr(lhs, out);
            declared_in_expr(rhs, out);
        }
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => {
            for k in key.iter().chain([value, collection]) {
                declared_in_expr(k, out);
            }
        }
        _ => {}
    }
}
