// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patches 10 and 12: `# METADATA` annotations for `rego.metadata.rule()` and
//! `rego.metadata.chain()`.
//!
//! The lexer drops comments, so the annotations are read back from the source. A block starts
//! at a comment whose text begins with `METADATA` and goes on over the comment lines that
//! follow it directly, each starting at column 1; without the leading `#` (and one space) it
//! is YAML. It annotates the first statement (package, import or rule) after its first line,
//! blank lines in between or not.
//!
//! Patch 12: the annotations of every module are gathered into one [`AnnotationSet`], so a
//! rule's chain holds the `document` scope of its path and the `package` and `subpackages`
//! scopes of its package wherever they are written, and paths are given without `data`, as
//! OPA gives them.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use crate::ast::{Expr, Module, NodeRef, Rule, RuleHead};
use crate::lexer::Source;
use crate::parser::Parser;
use crate::value::Value;
use crate::*;

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use anyhow::{anyhow, bail, Result};

type Path = Vec<String>;

/// The annotations of a set of modules, by what they apply to.
#[derive(Debug, Default)]
pub struct AnnotationSet {
    /// `rule` scope, by (module index, rule index): the blocks nearest the rule first.
    by_rule: BTreeMap<(usize, usize), Vec<Value>>,
    /// `package` scope, by package path.
    by_package: BTreeMap<Path, Value>,
    /// `document` scope (at a rule's path) and `subpackages` scope (at a package's path):
    /// one namespace, as in OPA, so a path carries at most one of them.
    by_path: BTreeMap<Path, Value>,
}

/// What a block annotates.
#[derive(Clone, Copy)]
enum Target {
    Package,
    Import,
    Rule(usize),
}

/// `["data", ...package]`.
fn package_path(module: &Module) -> Result<Path> {
    let mut path = vec!["data".to_string()];
    path.extend(Parser::get_static_string_path_components(
        module.package.refr.as_ref(),
    )?);
    Ok(path)
}

/// Appends the leading ground part of a rule head's reference (`a.b["c"]` of `a.b["c"][x]`);
/// false once a non-string term ended it.
fn ground_prefix(e: &Expr, out: &mut Path) -> bool {
    match e {
        Expr::Var { span, .. } => {
            out.push(span.text().to_string());
            true
        }
        Expr::RefDot { refr, field, .. } => {
            ground_prefix(refr, out) && {
                out.push(field.0.text().to_string());
                true
            }
        }
        Expr::RefBrack { refr, index, .. } => {
            if !ground_prefix(refr, out) {
                return false;
            }
            match index.as_ref() {
                Expr::String { value, .. } => match value.as_string() {
                    Ok(s) => {
                        out.push(s.as_ref().to_string());
                        true
                    }
                    Err(_) => false,
                },
                _ => false,
            }
        }
        _ => false,
    }
}

/// `["data", ...package, ...ground prefix of the head]`.
fn rule_path(rule: &Rule, package: &Path) -> Path {
    let mut path = package.clone();
    let refr = match rule {
        Rule::Spec { head, .. } => match head {
            RuleHead::Compr { refr, .. }
            | RuleHead::Set { refr, .. }
            | RuleHead::Func { refr, .. } => refr,
        },
        Rule::Default { refr, .. } => refr,
    };
    ground_prefix(refr, &mut path);
    path
}

/// The `# METADATA` blocks of a module: (line of the `# METADATA` comment, YAML text).
/// Lines inside a rule are skipped, so a raw string or a comment in a body is not taken
/// for a block.
fn blocks(module: &Module) -> Vec<(u32, String)> {
    let contents = module.package.span.source.get_contents();
    let lines: Vec<&str> = contents.split('\n').collect();
    let mut inside = alloc::vec![false; lines.len()];
    let mut offsets = Vec::with_capacity(lines.len());
    let mut at = 0usize;
    for l in &lines {
        offsets.push(at);
        at += l.len() + 1;
    }
    for rule in &module.policy {
        let s = rule.span();
        let mut i = s.line as usize; // the line after the rule's first (0-based index)
        while i < lines.len() && offsets[i] < s.end as usize {
            inside[i] = true;
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let starts = !inside[i]
            && lines[i]
                .trim_start()
                .strip_prefix('#')
                .is_some_and(|t| t.trim().starts_with("METADATA"));
        if !starts {
            i += 1;
            continue;
        }
        let first = i;
        let mut yaml = String::new();
        i += 1;
        while i < lines.len() && !inside[i] {
            let Some(text) = lines[i].strip_prefix('#') else {
                break;
            };
            let text = text.strip_suffix('\r').unwrap_or(text);
            yaml.push_str(text.strip_prefix(' ').unwrap_or(text));
            yaml.push('\n');
            i += 1;
        }
        out.push((first as u32 + 1, yaml));
    }
    out
}

/// The annotations as OPA gives them to Rego: only the keys it knows (others are dropped),
/// `entrypoint` only when true, empty strings and lists left out, each `related_resources`
/// entry as `{ref, description}`, each author as `{name, email}` (from `Name <email>` when a
/// string), and each `schemas` entry as `{path, schema}` or `{path, definition}`.
fn normalize(raw: &Value) -> core::result::Result<Value, String> {
    let get = |key: &str| &raw[&Value::from(key)];
    let text = |key: &str| -> core::result::Result<Option<Value>, String> {
        match get(key) {
            Value::Undefined | Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            v @ Value::String(_) => Ok(Some(v.clone())),
            v @ (Value::Number(_) | Value::Bool(_)) => Ok(Some(Value::from(v.to_string()))),
            _ => Err(format!("`{key}` must be a string")),
        }
    };
    let list = |key: &str| -> core::result::Result<Vec<Value>, String> {
        match get(key) {
            Value::Undefined | Value::Null => Ok(Vec::new()),
            Value::Array(a) => Ok(a.iter().cloned().collect()),
            _ => Err(format!("`{key}` must be a list")),
        }
    };
    let trimmed = |v: &Value, key: &str| match &v[&Value::from(key)] {
        Value::String(s) => s.trim().to_string(),
        _ => String::new(),
    };
    let mut out = BTreeMap::new();
    for key in ["scope", "title", "description"] {
        if let Some(v) = text(key)? {
            out.insert(Value::from(key), v);
        }
    }
    if *get("entrypoint") == Value::Bool(true) {
        out.insert(Value::from("entrypoint"), Value::Bool(true));
    }
    let orgs = list("organizations")?;
    if orgs.iter().any(|o| !matches!(o, Value::String(_))) {
        return Err("`organizations` must be a list of strings".into());
    }
    if !orgs.is_empty() {
        out.insert(Value::from("organizations"), Value::from(orgs));
    }

    let mut resources = Vec::new();
    for r in list("related_resources")? {
        let (reference, description) = match &r {
            Value::String(s) => (s.trim().to_string(), String::new()),
            Value::Object(_) => (trimmed(&r, "ref"), trimmed(&r, "description")),
            _ => return Err("a related resource is a URL or {ref, description}".into()),
        };
        if reference.is_empty() {
            return Err("a related resource needs a `ref`".into());
        }
        let mut e = BTreeMap::new();
        e.insert(Value::from("ref"), Value::from(reference.as_str()));
        if !description.is_empty() {
            e.insert(
                Value::from("description"),
                Value::from(description.as_str()),
            );
        }
        resources.push(Value::from(e));
    }
    if !resources.is_empty() {
        out.insert(Value::from("related_resources"), Value::from(resources));
    }

    let mut authors = Vec::new();
    for a in list("authors")? {
        let (name, email) = match &a {
            Value::String(s) => {
                let mut words: Vec<&str> = s.split_whitespace().collect();
                let email = match words.last() {
                    Some(w) if w.len() >= 2 && w.starts_with('<') && w.ends_with('>') => {
                        let e = w[1..w.len() - 1].to_string();
                        words.pop();
                        e
                    }
                    Some(_) => String::new(),
                    None => return Err("an author is an empty string".into()),
                };
                (words.join(" "), email)
            }
            Value::Object(_) => (trimmed(&a, "name"), trimmed(&a, "email")),
            _ => return Err("an author is `Name <email>` or {name, email}".into()),
        };
        if name.is_empty() && email.is_empty() {
            return Err("an author needs a `name` or an `email`".into());
        }
        let mut e = BTreeMap::new();
        if !name.is_empty() {
            e.insert(Value::from("name"), Value::from(name.as_str()));
        }
        if !email.is_empty() {
            e.insert(Value::from("email"), Value::from(email.as_str()));
        }
        authors.push(Value::from(e));
    }
    if !authors.is_empty() {
        out.insert(Value::from("authors"), Value::from(authors));
    }

    // `input.x` and `schema.y` as reference parts.
    let parts = |s: &str| {
        Value::from(
            s.split('.')
                .map(|p| Value::from(p.trim()))
                .collect::<Vec<_>>(),
        )
    };
    let mut schemas = Vec::new();
    for entry in list("schemas")? {
        let pair = match &entry {
            Value::Object(o) if o.len() == 1 => o.iter().next(),
            _ => None,
        };
        let Some((Value::String(path), v)) = pair else {
            return Err("a schemas entry is `- <path>: <schema>`".into());
        };
        let mut e = BTreeMap::new();
        e.insert(Value::from("path"), parts(path));
        match v {
            Value::String(s) if s.as_ref() == "schema" || s.starts_with("schema.") => {
                e.insert(Value::from("schema"), parts(s));
            }
            Value::Object(_) => {
                e.insert(Value::from("definition"), v.clone());
            }
            _ => return Err(format!("invalid schema declaration for path \"{path}\"")),
        }
        schemas.push(Value::from(e));
    }
    if !schemas.is_empty() {
        out.insert(Value::from("schemas"), Value::from(schemas));
    }

    match get("custom") {
        Value::Undefined | Value::Null => {}
        c @ Value::Object(o) => {
            if !o.is_empty() {
                out.insert(Value::from("custom"), c.clone());
            }
        }
        _ => return Err("`custom` must be a mapping".into()),
    }
    Ok(Value::from(out))
}

fn error(source: &Source, line: u32, msg: &str) -> anyhow::Error {
    anyhow!(source.message(line, 1, "error", msg))
}

impl AnnotationSet {
    /// Reads and files the annotations of `modules`; an invalid or redeclared block is an
    /// error naming its line, as OPA refuses it when compiling.
    pub fn build(modules: &[NodeRef<Module>]) -> Result<Self> {
        let mut set = Self::default();
        for (m, module) in modules.iter().enumerate() {
            let source = &module.package.span.source;
            let package = package_path(module)?;
            // Statements by line, to find the one each block annotates.
            let mut stmts: Vec<(u32, Target)> = vec![(module.package.span.line, Target::Package)];
            stmts.extend(module.imports.iter().map(|i| (i.span.line, Target::Import)));
            stmts.extend(
                module
                    .policy
                    .iter()
                    .enumerate()
                    .map(|(r, rule)| (rule.span().line, Target::Rule(r))),
            );
            stmts.sort_by_key(|(line, _)| *line);
            for (line, yaml) in blocks(module) {
                let next = stmts.partition_point(|(l, _)| *l <= line);
                let Some(&(_, target)) = stmts.get(next) else {
                    bail!(error(source, line, "METADATA block annotates nothing"));
                };
                if yaml.trim().is_empty() {
                    bail!(error(
                        source,
                        line,
                        "expected METADATA block, found whitespace"
                    ));
                }
                let mut a = match Value::from_yaml_str(&yaml) {
                    Ok(v @ Value::Object(_)) => v,
                    Ok(_) => bail!(error(source, line, "METADATA block is not a YAML mapping")),
                    Err(e) => bail!(error(source, line, &format!("METADATA block: {e}"))),
                };
                let key = Value::from("scope");
                let scope = match (&a[&key], target) {
                    (Value::String(s), _) => s.to_string(),
                    (Value::Undefined, Target::Rule(_)) => {
                        if a[&Value::from("entrypoint")] == Value::Bool(true) {
                            "document".to_string()
                        } else {
                            "rule".to_string()
                        }
                    }
                    (Value::Undefined, Target::Package) => "package".to_string(),
                    (Value::Undefined, Target::Import) => "import".to_string(),
                    _ => bail!(error(source, line, "METADATA scope must be a string")),
                };
                a.as_object_mut()?.insert(key, Value::from(scope.as_str()));
                let a =
                    normalize(&a).map_err(|e| error(source, line, &format!("METADATA: {e}")))?;
                if a[&Value::from("entrypoint")] == Value::Bool(true)
                    && scope != "document"
                    && scope != "package"
                {
                    bail!(error(
                        source,
                        line,
                        &format!("annotation entrypoint applied to non-document or package scope '{scope}'")
                    ));
                }
                let redeclared = || error(source, line, "annotations redeclared");
                match (scope.as_str(), target) {
                    ("rule", Target::Rule(r)) => {
                        // Blocks come in source order: the nearest to the rule goes first.
                        set.by_rule.entry((m, r)).or_default().insert(0, a);
                    }
                    ("document", Target::Rule(r)) => {
                        let path = rule_path(&module.policy[r], &package);
                        if set.by_path.insert(path, a).is_some() {
                            bail!(redeclared());
                        }
                    }
                    ("package", Target::Package) => {
                        if set.by_package.insert(package.clone(), a).is_some() {
                            bail!(redeclared());
                        }
                    }
                    ("subpackages", Target::Package) => {
                        if set.by_path.insert(package.clone(), a).is_some() {
                            bail!(redeclared());
                        }
                    }
                    ("rule" | "document", _) => bail!(error(
                        source,
                        line,
                        &format!("annotation scope '{scope}' must be applied to rule")
                    )),
                    ("package" | "subpackages", _) => bail!(error(
                        source,
                        line,
                        &format!("annotation scope '{scope}' must be applied to package")
                    )),
                    _ => bail!(error(
                        source,
                        line,
                        &format!("invalid annotation scope '{scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'")
                    )),
                }
            }
        }
        Ok(set)
    }

    /// `rego.metadata.rule()`: the rule's nearest `rule`-scoped block, `{}` without one.
    pub fn rule(&self, module: usize, rule: usize) -> Value {
        self.by_rule
            .get(&(module, rule))
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_else(Value::new_object)
    }

    /// `rego.metadata.chain()`: the rule's blocks (nearest first, or an entry with its path
    /// alone), then the `document` scope of its path, the `package` scope of its package and
    /// the `subpackages` scopes of the package and its parents, nearest first.
    pub fn chain(&self, modules: &[NodeRef<Module>], module: usize, rule: usize) -> Result<Value> {
        let m = &modules[module];
        let package = package_path(m)?;
        let path = rule_path(&m.policy[rule], &package);
        let entry = |path: &[String], a: Option<&Value>| {
            let mut e = BTreeMap::new();
            // OPA gives paths without the leading `data`.
            e.insert(
                Value::from("path"),
                Value::from(
                    path[1..]
                        .iter()
                        .map(|p| Value::from(p.as_str()))
                        .collect::<Vec<_>>(),
                ),
            );
            if let Some(a) = a {
                e.insert(Value::from("annotations"), a.clone());
            }
            Value::from(e)
        };
        let mut out = Vec::new();
        match self.by_rule.get(&(module, rule)) {
            Some(blocks) => out.extend(blocks.iter().map(|a| entry(&path, Some(a)))),
            None => out.push(entry(&path, None)),
        }
        if let Some(a) = self.by_path.get(&path) {
            out.push(entry(&path, Some(a)));
        }
        if let Some(a) = self.by_package.get(&package) {
            out.push(entry(&package, Some(a)));
        }
        for n in (2..=package.len()).rev() {
            if let Some(a) = self.by_path.get(&package[..n]) {
                out.push(entry(&package[..n], Some(a)));
            }
        }
        Ok(Value::from(out))
    }
}
