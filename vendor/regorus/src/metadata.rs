// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

//! govlint patch 10: `# METADATA` annotations for `rego.metadata.rule()` and
//! `rego.metadata.chain()`.
//!
//! The lexer drops comments, so the annotations are read back from the source: the block of
//! comment lines directly above a rule (or the package), from its last `# METADATA` line on,
//! is YAML once the leading `#` of each line is removed.
#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use crate::ast::{Module, Rule, RuleHead};
use crate::lexer::Span;
use crate::parser::Parser;
use crate::value::Value;
use crate::*;

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use anyhow::Result;

/// The annotations written directly above the line of `span`, or `None` without a block.
pub fn block_above(span: &Span) -> Result<Option<Value>> {
    let lines: Vec<&str> = span.source.contents().lines().collect();
    let first = (span.line as usize).saturating_sub(1).min(lines.len());
    let mut top = first;
    while top > 0 && lines[top - 1].trim_start().starts_with('#') {
        top -= 1;
    }
    let block = &lines[top..first];
    let Some(start) = block.iter().rposition(|l| {
        l.trim_start()
            .strip_prefix('#')
            .is_some_and(|rest| rest.trim() == "METADATA")
    }) else {
        return Ok(None);
    };
    let yaml: Vec<&str> = block[start + 1..]
        .iter()
        .map(|l| {
            let rest = l.trim_start().strip_prefix('#').unwrap_or_default();
            rest.strip_prefix(' ').unwrap_or(rest)
        })
        .collect();
    let yaml = yaml.join("\n");
    if yaml.trim().is_empty() {
        return Ok(Some(Value::new_object()));
    }
    match Value::from_yaml_str(&yaml)? {
        v @ Value::Object(_) => Ok(Some(v)),
        _ => Err(anyhow::anyhow!(
            span.error("METADATA block is not a YAML mapping")
        )),
    }
}

/// `annotations` with its `scope` (defaulting to `default_scope`), and the scope.
fn scoped(mut annotations: Value, default_scope: &str) -> Result<(Value, String)> {
    let key = Value::from("scope");
    let scope = match &annotations[&key] {
        Value::String(s) => s.to_string(),
        _ => {
            annotations
                .as_object_mut()?
                .insert(key, Value::from(default_scope));
            default_scope.to_string()
        }
    };
    Ok((annotations, scope))
}

fn path_value(parts: &[String]) -> Value {
    Value::from(
        parts
            .iter()
            .map(|p| Value::from(p.as_str()))
            .collect::<Vec<_>>(),
    )
}

fn rule_span_and_ref(rule: &Rule) -> Option<(&Span, Vec<String>)> {
    match rule {
        Rule::Spec { span, head, .. } => {
            let refr = match head {
                RuleHead::Compr { refr, .. }
                | RuleHead::Set { refr, .. }
                | RuleHead::Func { refr, .. } => refr,
            };
            let parts = Parser::get_path_ref_components(refr)
                .map(|c| c.iter().map(|s| s.text().to_string()).collect())
                .unwrap_or_default();
            Some((span, parts))
        }
        _ => None,
    }
}

/// `rego.metadata.rule()`: the rule-scoped annotations of `rule`, `{}` without any.
pub fn rule_annotations(rule: &Rule) -> Result<Value> {
    let Some((span, _)) = rule_span_and_ref(rule) else {
        return Ok(Value::new_object());
    };
    match block_above(span)? {
        Some(a) => {
            let (a, scope) = scoped(a, "rule")?;
            Ok(if scope == "rule" {
                a
            } else {
                Value::new_object()
            })
        }
        None => Ok(Value::new_object()),
    }
}

/// `rego.metadata.chain()`: the rule's entry (always), then the package's if annotated.
/// Paths are below `data` without it (`["pkg", "rule"]`), as OPA writes them.
pub fn chain(rule: &Rule, module: &Module) -> Result<Value> {
    let package: Vec<String> = Parser::get_path_ref_components(&module.package.refr)?
        .iter()
        .map(|s| s.text().to_string())
        .collect();
    let mut entries = Vec::new();
    if let Some((span, parts)) = rule_span_and_ref(rule) {
        let mut path = package.clone();
        path.extend(parts);
        let mut entry = BTreeMap::new();
        entry.insert(Value::from("path"), path_value(&path));
        if let Some(a) = block_above(span)? {
            let (a, scope) = scoped(a, "rule")?;
            if scope == "rule" {
                entry.insert(Value::from("annotations"), a);
            }
        }
        entries.push(Value::from(entry));
    }
    if let Some(a) = block_above(&module.package.span)? {
        let (a, _) = scoped(a, "package")?;
        let mut entry = BTreeMap::new();
        entry.insert(Value::from("path"), path_value(&package));
        entry.insert(Value::from("annotations"), a);
        entries.push(Value::from(entry));
    }
    Ok(Value::from(entries))
}
