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

use core::cmp::Ordering;
use core::num::{NonZeroU32, NonZeroUsize};

use anyhow::{bail, Result};
use serde_json::{json, Value as Json};

#[path = "parse_module_errors.rs"]
mod errors;
// govlint patch 98: OPA's parser, followed step by step, for the errors of a refused text.
#[path = "parse_module_opa.rs"]
mod opa;

const NAME: &str = "rego.parse_module";

/// Nesting bound of the writer: the parser refuses terms nested more than 100 deep (patch 93)
/// and the writer takes at most a few steps per level, so this only guards the stack.
const MAX_DEPTH: usize = 512;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert(NAME, (parse_module, 2));
}

fn parse_module(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    ensure_args_count(span, NAME, params, args, 2)?;
    let file = ensure_string(NAME, &params[0], &args[0])?;
    let text = ensure_string(NAME, &params[1], &args[1])?;
    // govlint patch 92: OPA's scanner refuses a byte-order mark anywhere but at the start.
    if let Some(at) = text.char_indices().skip(1).find(|(_, c)| *c == '\u{feff}').map(|(i, _)| i) {
        let row = text[..at].matches('\n').count() + 1;
        bail!(params[1].span().error(&format!(
            "{NAME}: 1 error occurred: {file}:{row}: rego_parse_error: illegal byte-order mark"
        )));
    }
    // The engine's lexer drops comments; OPA lists each, so they are read from the text.
    let comments = comments(&file, &text).map_err(|e| {
        anyhow::anyhow!(params[1].span().error(&format!("{NAME}: {e}")))
    })?;
    let module = parse(&file, &text).map_err(|e| {
        anyhow::anyhow!(params[1]
            .span()
            .error(&format!("{NAME}: {}", parse_error(&file, &text, &e.to_string()))))
    })?;
    // govlint patch 98: what the engine's parser accepts but OPA's refuses (`else` after a
    // head with variables, `- -1`, ...) is OPA's error, not an AST.
    if let Some(errs) = opa::opa_errors(&text, &is_builtin) {
        bail!(params[1].span().error(&format!(
            "{NAME}: {}",
            written(&file, &text, errs.iter().map(|e| (e.row, e.message.as_str(), e.offset)))
        )));
    }
    let mut w = Writer {
        wildcards: 0,
        numbers: Vec::new(),
    };
    let mut json = w
        .module(&module)
        .map_err(|e| anyhow::anyhow!(params[1].span().error(&format!("{NAME}: {e}"))))?;
    if let (false, Some(o)) = (comments.is_empty(), json.as_object_mut()) {
        o.insert("comments".into(), Json::Array(comments));
    }
    Ok(to_value(json, &w.numbers))
}

fn parse(file: &str, text: &str) -> Result<Module> {
    // govlint patch 92: OPA bounds neither line width nor line count; the engine's defaults (1,024 columns,
    // 20,000 lines) would refuse generated modules. The text itself was built under the rule's
    // time limit, and parsing is linear (patch 90).
    let source = Source::from_contents_with_limits(
        file.to_string(),
        text.to_string(),
        NonZeroUsize::MAX,
        NonZeroUsize::MAX,
    )?;
    let mut parser = Parser::new(&source)?;
    parser.set_max_col(NonZeroU32::MAX);
    // OPA 1.x parses Rego v1 only.
    parser.enable_rego_v1()?;
    parser.parse()
}

/// govlint patch 92: a parse error as OPA words it: `N error(s) occurred: FILE:ROW:
/// rego_parse_error: MESSAGE`, each with its line and a caret under the byte OPA points at.
/// OPA's words come from the engine's message where it means the same (a body without `if`,
/// no package, a bare name as a rule) and from a scan of the text otherwise
/// (`parse_module_errors`); what neither knows keeps the engine's message in OPA's form, its
/// row the engine's.
fn parse_error(file: &str, text: &str, engine: &str) -> String {
    // The engine's error reads "\n--> FILE:ROW:COL\n...\nerror: MESSAGE".
    let at = engine
        .split('\n')
        .find_map(|l| l.strip_prefix("--> "))
        .and_then(|l| {
            let mut it = l.rsplitn(3, ':');
            let col = it.next()?.parse::<usize>().ok()?;
            let row = it.next()?.parse::<usize>().ok()?;
            Some((row, col))
        });
    let message = engine
        .rsplit_once("\nerror: ")
        .map_or(engine, |(_, m)| m)
        .trim();
    // govlint patch 118: the template-string errors carry OPA's kind already.
    let message = message.strip_prefix("rego_parse_error: ").unwrap_or(message);
    // govlint patch 98: OPA's own procedure first; the scan below (patch 92) stays for
    // what the port does not model. Patch 125: first of all, whatever the shape of the
    // engine's message (`some [a]b in y` gave one without its `-->` line, and OPA's
    // `expected var` was lost).
    if let Some(errs) = opa::opa_errors(text, &is_builtin) {
        return written(file, text, errs.iter().map(|e| (e.row, e.message.as_str(), e.offset)));
    }
    let Some((row, col)) = at else {
        return format!("1 error occurred: {file}: rego_parse_error: {message}");
    };
    if message.contains("`if` keyword is required before rule body") {
        // OPA gives this one no line and caret.
        return format!("1 error occurred: {file}:{row}: rego_parse_error: {message}");
    }
    if message.contains("Missing package declaration") {
        // OPA: a text of comments only is an empty module (an error without a count); a
        // first line of words is not a package.
        let first = text
            .lines()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        match first {
            None => return format!("{file}:0: rego_parse_error: empty module"),
            Some((i, l))
                if l.bytes().all(|b| b.is_ascii_alphanumeric() || b" _.\t\r".contains(&b)) =>
            {
                return format!(
                    "1 error occurred: {file}:{}: rego_parse_error: package expected",
                    i + 1
                );
            }
            Some(_) => {}
        }
    }
    // A rule that is a bare name (`p` alone on its line).
    let line = text.lines().nth(row.saturating_sub(1)).unwrap_or_default().trim();
    if message.contains("rule must have a body or assignment")
        && !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return format!(
            "1 error occurred: {file}:{row}: rego_parse_error: var cannot be used for rule name"
        );
    }
    let outcome = errors::opa_errors(text, row);
    if let errors::Outcome::Errors(errs) = &outcome {
        return written(
            file,
            text,
            errs.iter()
                .map(|e| (e.row, e.message.as_str(), Some(e.offset.unwrap_or(text.len())))),
        );
    }
    let offset = byte_offset(text, row, col);
    // The end of the text reached too early, but for a ref ending in `.` (OPA: "unexpected
    // whitespace token: expected identifier").
    if text.get(offset..).is_some_and(|rest| rest.trim().is_empty())
        && !text.trim_end().ends_with('.')
        && matches!(outcome, errors::Outcome::Balanced)
    {
        let rows = text.matches('\n').count() + 1;
        return format!(
            "1 error occurred: {file}:{rows}: rego_parse_error: unexpected eof token{}",
            detail(text, text.len())
        );
    }
    format!("1 error occurred: {file}:{row}: rego_parse_error: {message}")
}

/// OPA's text of a list of parse errors: each `FILE:ROW: rego_parse_error: MESSAGE`, with
/// its detail line and caret when it has an offset, under `N error(s) occurred:`.
fn written<'a>(
    file: &str,
    text: &str,
    errs: impl Iterator<Item = (usize, &'a str, Option<usize>)>,
) -> String {
    let each: Vec<String> = errs
        .map(|(row, message, offset)| {
            let d = offset.map(|o| detail(text, o)).unwrap_or_default();
            format!("{file}:{row}: rego_parse_error: {message}{d}")
        })
        .collect();
    match each.as_slice() {
        [one] => format!("1 error occurred: {one}"),
        _ => format!("{} errors occurred:\n{}", each.len(), each.join("\n")),
    }
}

/// govlint patch 98: whether OPA's parser takes `name` for a builtin (a statement that calls
/// one cannot be a rule): the engine's builtins and OPA's operators.
fn is_builtin(name: &str) -> bool {
    builtins::BUILTINS.contains_key(name)
        || builtins::deprecated::DEPRECATED.contains_key(name)
        || matches!(
            name,
            "eq" | "assign"
                | "equal"
                | "neq"
                | "lt"
                | "gt"
                | "lte"
                | "gte"
                | "plus"
                | "minus"
                | "mul"
                | "div"
                | "rem"
                | "and"
                | "or"
                | "internal.member_2"
                | "internal.member_3"
        )
}

/// The byte offset of the engine's 1-based row and (character) column.
fn byte_offset(text: &str, row: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..row {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[start..];
    start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

/// OPA's error detail: the line holding the last non-space byte at or before `offset`, its
/// leading tabs dropped, and a caret under that byte.
fn detail(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return String::new();
    }
    let mut at = offset.min(bytes.len() - 1);
    while at > 0 && bytes[at].is_ascii_whitespace() {
        at -= 1;
    }
    let begin = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| at + i);
    let line = String::from_utf8_lossy(&bytes[begin..end]);
    let trimmed = line.trim_start_matches('\t');
    let indent = (at - begin).saturating_sub(line.len() - trimmed.len());
    format!("\n\t{trimmed}\n\t{}^", " ".repeat(indent))
}

/// The comments of `text` (a `#` outside a string literal, to the end of its line) as OPA
/// lists them: the text after `#` in base64, and its 1-based row and byte column.
fn comments(file: &str, text: &str) -> Result<Vec<Json>> {
    // govlint patch 125: a template string's expressions hold code, comments included; its
    // text parts do not. What is being read nests: the module, a template string's text, an
    // expression in it (ended by its unmatched `}`), a template string in that, ... kept on
    // a stack, not the call stack (the text is not yet known to parse).
    enum In {
        Code { braces: usize },
        Template { raw: bool },
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut row, mut line_start) = (1usize, 0usize);
    let mut stack = vec![In::Code { braces: 0 }];
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            row += 1;
            line_start = i + 1;
        }
        let nested = stack.len() > 1;
        match stack.last_mut() {
            Some(In::Template { raw }) => {
                let raw = *raw;
                match c {
                    b'\\' if raw => i += usize::from(b.get(i + 1) == Some(&b'{')),
                    b'\\' if b.get(i + 1) != Some(&b'\n') => i += 1,
                    b'"' | b'\n' if !raw => {
                        stack.pop();
                    }
                    b'`' if raw => {
                        stack.pop();
                    }
                    b'{' => stack.push(In::Code { braces: 0 }),
                    _ => {}
                }
            }
            Some(In::Code { braces }) => match c {
                b'{' => *braces += 1,
                b'}' if *braces == 0 && nested => {
                    stack.pop();
                }
                b'}' => *braces = braces.saturating_sub(1),
                b'$' if matches!(b.get(i + 1), Some(b'"' | b'`')) => {
                    i += 1;
                    stack.push(In::Template { raw: b[i] == b'`' });
                }
                b'#' => {
                    let rest = &text[i + 1..];
                    let line = rest.split('\n').next().unwrap_or_default();
                    // govlint patch 92: OPA's scanner leaves a CRLF line's carriage return out
                    // of the comment's text (its row and byte column count as for `\n`).
                    let body = line.strip_suffix('\r').unwrap_or(line);
                    out.push(json!({
                        "Location": { "col": i - line_start + 1, "file": file, "row": row },
                        "Text": data_encoding::BASE64.encode(body.as_bytes()),
                    }));
                    i += line.len();
                }
                b'"' => {
                    i += 1;
                    while i < b.len() {
                        match b[i] {
                            b'\\' if b.get(i + 1) != Some(&b'\n') => i += 1,
                            b'"' => break,
                            b'\n' => {
                                i -= 1;
                                break;
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                }
                b'`' => {
                    i += 1;
                    while i < b.len() && b[i] != b'`' {
                        if b[i] == b'\n' {
                            row += 1;
                            line_start = i + 1;
                        }
                        i += 1;
                    }
                }
                _ => {}
            },
            None => break,
        }
        i += 1;
    }
    Ok(out)
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
    /// govlint patch 92: the module's number literals as the engine read them, text kept
    /// (OPA writes a number's digits as written: `1.0`, `1e3`, 40-digit integers); the JSON
    /// holds `{"#": index}` in their place (no other JSON object of the AST has that key).
    numbers: Vec<Value>,
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
                rules.extend(self.rule(r)?);
            }
            out.insert("rules".into(), Json::Array(rules));
        }
        Ok(Json::Object(out))
    }

    /// The head's `ref`, and OPA's legacy `name` and `key` fields: `p` is `name: p`; `a.b`
    /// is `name: a, key: "b"`; `p[x]` is `name: p, key: x`. A deeper ref has neither
    /// (govlint patch 92: OPA 1.20.2 writes only its `ref`).
    fn head_ref(&mut self, refr: &Ref<Expr>) -> Result<(String, Vec<Json>, Option<Json>)> {
        let mut parts = Vec::new();
        self.ref_parts(refr, &mut parts, 0)?;
        let name = match parts.first() {
            Some(p) => p["value"].as_str().unwrap_or_default().to_string(),
            None => bail!("a rule head without a name"),
        };
        let key = parts.get(1).cloned();
        Ok((name, parts, key))
    }

    fn true_body() -> Json {
        json!([{ "index": 0, "terms": { "type": "boolean", "value": true } }])
    }

    fn rule(&mut self, r: &Ref<Rule>) -> Result<Vec<Json>> {
        match r.as_ref() {
            Rule::Default {
                refr,
                args,
                op,
                value,
                ..
            } => {
                let (name, parts, _) = self.head_ref(refr)?;
                let mut head = serde_json::Map::new();
                if !args.is_empty() {
                    let mut a = Vec::new();
                    for arg in args {
                        a.push(self.term(arg, 0)?);
                    }
                    head.insert("args".into(), Json::Array(a));
                }
                if *op == AssignOp::ColEq {
                    head.insert("assign".into(), Json::Bool(true));
                }
                // govlint patch 92: a default rule with a ref head keeps only its `ref`.
                if parts.len() == 1 {
                    head.insert("name".into(), Json::String(name));
                }
                head.insert("ref".into(), Json::Array(parts));
                head.insert("value".into(), self.term(value, 0)?);
                Ok(vec![json!({ "body": Self::true_body(), "default": true, "head": head })])
            }
            Rule::Spec { head, bodies, .. } => {
                let (refr, args, assign) = match head {
                    RuleHead::Compr { refr, assign, .. } => (refr, None, assign.as_ref()),
                    RuleHead::Func {
                        refr, args, assign, ..
                    } => (refr, Some(args), assign.as_ref()),
                    RuleHead::Set { refr, key, .. } => {
                        let (name, parts, _) = self.head_ref(refr)?;
                        let Some(key) = key else {
                            return Err(unsupported("a `contains` rule without a key"));
                        };
                        let key = self.term(key, 0)?;
                        // govlint patch 92: a `contains` rule with a ref head has no `name`.
                        let mut h = serde_json::Map::new();
                        h.insert("key".into(), key);
                        if parts.len() == 1 {
                            h.insert("name".into(), Json::String(name));
                        }
                        h.insert("ref".into(), Json::Array(parts));
                        if bodies.is_empty() {
                            return Ok(vec![json!({ "body": Self::true_body(), "head": h })]);
                        }
                        if bodies.iter().any(|b| b.is_else || b.assign.is_some()) {
                            return Err(unsupported("a `contains` rule with `else`"));
                        }
                        // govlint patch 92: several bodies are as many rules, the head repeated.
                        let mut rules = Vec::new();
                        for b in bodies {
                            let body = self.query(&b.query, 0)?;
                            rules.push(json!({ "body": body, "head": h.clone() }));
                        }
                        return Ok(rules);
                    }
                };
                let (name, parts, key) = self.head_ref(refr)?;
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
                // OPA keeps the legacy fields of a two-part head only for what the legacy
                // syntax could write: with a value both, without one (`p[x] if`) the key of
                // a bracket and no name, and neither for `p.q if`.
                // A head of more than two parts has neither (govlint patch 92), nor has a
                // function's two-part head a `key`; it has its `name` only with a body.
                let has_value = assign.is_some();
                let legacy_name = match (parts.len(), args.is_some()) {
                    (1, _) => true,
                    (2, false) => has_value,
                    (2, true) => !bodies.is_empty(),
                    _ => false,
                };
                if let (Some(key), 2, false) = (key, parts.len(), args.is_some()) {
                    if has_value || key["type"] != "string" {
                        h.insert("key".into(), key);
                    }
                }
                if legacy_name {
                    h.insert("name".into(), Json::String(name));
                }
                h.insert("ref".into(), Json::Array(parts));
                h.insert("value".into(), value);
                let Some((first, elses)) = bodies.split_first() else {
                    return Ok(vec![json!({ "body": Self::true_body(), "head": h })]);
                };
                // govlint patch 92: several bodies without `else` (`p if { a } { b }`) are as
                // many rules, the head repeated. A `_` of the head keeps its number in each
                // copy, but for an argument that is `_`: OPA numbers it again after each
                // further body (`f(_) := _ if {..} {..}` is `f($0) := $1`, then `f($3) := $1`).
                if !bodies.is_empty() && bodies.iter().all(|b| !b.is_else && b.assign.is_none()) {
                    let mut rules = Vec::new();
                    for (i, b) in bodies.iter().enumerate() {
                        let body = self.query(&b.query, 0)?;
                        let mut head = h.clone();
                        if let (true, Some(Json::Array(args))) = (i > 0, head.get_mut("args")) {
                            for arg in args.iter_mut() {
                                let wildcard = arg["type"] == "var"
                                    && arg["value"].as_str().is_some_and(|v| v.starts_with('$'));
                                if wildcard {
                                    *arg = self.var_term("_");
                                }
                            }
                        }
                        rules.push(json!({ "body": body, "head": head }));
                    }
                    return Ok(rules);
                }
                if first.is_else || first.assign.is_some() || elses.iter().any(|b| !b.is_else) {
                    return Err(unsupported("a rule with several bodies and `else`"));
                }
                let body = self.query(&first.query, 0)?;
                let mut rule = serde_json::Map::new();
                rule.insert("body".into(), body);
                // `else` nests a whole rule, the head repeated with the else's value (`true`
                // when it has none), innermost last.
                let mut chain = Vec::new();
                for b in elses {
                    let mut eh = h.clone();
                    let value = match &b.assign {
                        Some(asg) => self.term(&asg.value, 0)?,
                        None => json!({ "type": "boolean", "value": true }),
                    };
                    eh.insert("value".into(), value);
                    // govlint patch 125: an else head is `assign` when its own value is
                    // written `:=`, whatever the rule's head uses (`x if … else := 3`).
                    eh.remove("assign");
                    if b.assign.as_ref().is_some_and(|a| a.op == AssignOp::ColEq) {
                        eh.insert("assign".into(), Json::Bool(true));
                    }
                    let body = self.query(&b.query, 0)?;
                    chain.push(json!({ "body": body, "head": eh }));
                }
                let mut next: Option<Json> = None;
                while let Some(mut e) = chain.pop() {
                    if let (Some(n), Some(o)) = (next.take(), e.as_object_mut()) {
                        o.insert("else".into(), n);
                    }
                    next = Some(e);
                }
                if let Some(n) = next {
                    rule.insert("else".into(), n);
                }
                rule.insert("head".into(), Json::Object(h));
                Ok(vec![Json::Object(rule)])
            }
        }
    }

    fn query(&mut self, q: &Ref<Query>, depth: usize) -> Result<Json> {
        if q.stmts.is_empty() {
            return Ok(Self::true_body());
        }
        let mut out = Vec::new();
        for (i, s) in q.stmts.iter().enumerate() {
            out.push(self.stmt(i, s, depth)?);
        }
        Ok(Json::Array(out))
    }

    fn stmt(&mut self, index: usize, s: &LiteralStmt, depth: usize) -> Result<Json> {
        if depth > MAX_DEPTH {
            bail!("the module nests too deeply");
        }
        let d = depth + 1;
        let mut o = serde_json::Map::new();
        o.insert("index".into(), json!(index));
        let terms = match &s.literal {
            Literal::Expr { expr, .. } => self.stmt_terms(expr, d)?,
            Literal::NotExpr { expr, .. } => {
                o.insert("negated".into(), Json::Bool(true));
                self.stmt_terms(expr, d)?
            }
            Literal::SomeVars { vars, .. } => {
                let mut v = Vec::new();
                for span in vars {
                    v.push(self.var_term(span.text()));
                }
                json!({ "symbols": v })
            }
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                let call = self.membership(key.as_ref(), value, collection, d)?;
                json!({ "symbols": [term("call", Json::Array(call))] })
            }
            Literal::Every {
                key,
                value,
                domain,
                query,
                ..
            } => {
                let key = match key {
                    Some(k) => self.var_term(k.text()),
                    None => Json::Null,
                };
                let value = self.var_term(value.text());
                let domain = self.term(domain, d)?;
                let body = self.query(query, d)?;
                json!({ "body": body, "domain": domain, "key": key, "value": value })
            }
        };
        o.insert("terms".into(), terms);
        if !s.with_mods.is_empty() {
            let mut w = Vec::new();
            for m in &s.with_mods {
                let target = self.term(&m.refr, d)?;
                let value = self.term(&m.r#as, d)?;
                w.push(json!({ "target": target, "value": value }));
            }
            o.insert("with".into(), Json::Array(w));
        }
        Ok(Json::Object(o))
    }

    /// A statement that is an operator or a call is written as the bare list of its terms.
    fn stmt_terms(&mut self, expr: &Ref<Expr>, depth: usize) -> Result<Json> {
        Ok(match self.call_terms(expr, depth)? {
            Some(terms) => Json::Array(terms),
            None => self.term(expr, depth)?,
        })
    }

    /// A number term: its value (with the text it was read from) goes to `numbers`.
    fn number(&mut self, v: Value) -> Json {
        self.numbers.push(v);
        term("number", json!({ "#": self.numbers.len() - 1 }))
    }

    fn var_term(&mut self, name: &str) -> Json {
        if name == "_" {
            let n = self.wildcards;
            self.wildcards += 1;
            var(&format!("${n}"))
        } else {
            var(name)
        }
    }

    /// `x in xs` and `k, v in xs` as OPA writes them: `internal.member_2` / `member_3`.
    fn membership(
        &mut self,
        key: Option<&Ref<Expr>>,
        value: &Ref<Expr>,
        collection: &Ref<Expr>,
        depth: usize,
    ) -> Result<Vec<Json>> {
        let name = if key.is_some() { "member_3" } else { "member_2" };
        let mut v = vec![term(
            "ref",
            json!([var("internal"), term("string", json!(name))]),
        )];
        if let Some(k) = key {
            v.push(self.term(k, depth)?);
        }
        v.push(self.term(value, depth)?);
        v.push(self.term(collection, depth)?);
        Ok(v)
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
            Expr::Membership {
                key,
                value,
                collection,
                ..
            } => return Ok(Some(self.membership(key.as_ref(), value, collection, d)?)),
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
            Expr::Var { span, .. } => out.push(self.var_term(span.text())),
            Expr::RefDot { refr, field, .. } => {
                self.ref_parts(refr, out, depth + 1)?;
                out.push(term("string", Json::String(field.1.as_string()?.to_string())));
            }
            Expr::RefBrack { refr, index, .. } => {
                self.ref_parts(refr, out, depth + 1)?;
                out.push(self.term(index, depth + 1)?);
            }
            // `f(x)[0]`, `[1][0]`, `{"a": 1}.a`: the head term itself.
            _ => out.push(self.term(e, depth + 1)?),
        }
        Ok(())
    }

    /// govlint patch 118: a template string as OPA writes it (`templatestring`: its text
    /// pieces and each expression with its `with` modifiers), from the parser's lowering
    /// (`internal.template_string([…, {$d | $d := e}, …])`, a call only a `$` can start).
    fn template(&mut self, e: &Ref<Expr>, depth: usize) -> Result<Option<Json>> {
        let Expr::Call { span, params, .. } = e.as_ref() else {
            return Ok(None);
        };
        if !span.text().starts_with('$') {
            return Ok(None);
        }
        let Some(Expr::Array { items, .. }) = params.first().map(|p| p.as_ref()) else {
            return Ok(None);
        };
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            match item.as_ref() {
                Expr::String { value, .. } => parts.push(term("string", serde_json::to_value(value)?)),
                Expr::SetCompr { query, .. } => {
                    let Some(stmt) = query.stmts.first() else {
                        return Err(unsupported("this template string"));
                    };
                    let Literal::Expr { expr, .. } = &stmt.literal else {
                        return Err(unsupported("this template string"));
                    };
                    let Expr::AssignExpr { rhs, .. } = expr.as_ref() else {
                        return Err(unsupported("this template string"));
                    };
                    // OPA keeps a constant scalar as a bare term (its `with` modifiers, which
                    // cannot change it, dropped), anything else as an expression.
                    let scalar = match rhs.as_ref() {
                        Expr::String { .. }
                        | Expr::RawString { .. }
                        | Expr::Number { .. }
                        | Expr::Bool { .. }
                        | Expr::Null { .. } => true,
                        Expr::UnaryExpr { expr, .. } => matches!(expr.as_ref(), Expr::Number { .. }),
                        _ => false,
                    };
                    if scalar {
                        parts.push(self.term(rhs, depth)?);
                        continue;
                    }
                    let terms = match self.template(rhs, depth)? {
                        Some(t) => t,
                        None => self.stmt_terms(rhs, depth)?,
                    };
                    let mut o = serde_json::Map::new();
                    o.insert("index".into(), json!(0));
                    o.insert("terms".into(), terms);
                    if !stmt.with_mods.is_empty() {
                        let mut w = Vec::new();
                        for m in &stmt.with_mods {
                            let target = self.term(&m.refr, depth)?;
                            let value = self.term(&m.r#as, depth)?;
                            w.push(json!({ "target": target, "value": value }));
                        }
                        o.insert("with".into(), Json::Array(w));
                    }
                    parts.push(Json::Object(o));
                }
                _ => return Err(unsupported("this template string")),
            }
        }
        let multi_line = span.text().starts_with("$`");
        let parts = if parts.is_empty() {
            Json::Null
        } else {
            Json::Array(parts)
        };
        Ok(Some(term(
            "templatestring",
            json!({ "multi_line": multi_line, "parts": parts }),
        )))
    }

    fn term(&mut self, e: &Ref<Expr>, depth: usize) -> Result<Json> {
        if depth > MAX_DEPTH {
            bail!("the module nests too deeply");
        }
        let d = depth + 1;
        if let Some(t) = self.template(e, d)? {
            return Ok(t);
        }
        if let Some(terms) = self.call_terms(e, d)? {
            return Ok(term("call", Json::Array(terms)));
        }
        Ok(match e.as_ref() {
            Expr::String { value, .. } | Expr::RawString { value, .. } => {
                // govlint patch 92: OPA writes U+FEFF into its JSON as is, and its own reader
                // then refuses it (a byte-order mark), so OPA fails the call.
                if value.as_string().is_ok_and(|s| s.contains('\u{feff}')) {
                    bail!(
                        "failed to parse term: a string holding U+FEFF (OPA 1.20.2 cannot read \
                         back its own JSON of it)"
                    );
                }
                term("string", serde_json::to_value(value)?)
            }
            Expr::Number { value, .. } => self.number(value.clone()),
            // govlint patch 92: OPA reads `-` and a number literal as one number whose text
            // is `-` and the literal's digits (`- 1.0` is `-1.0`).
            Expr::UnaryExpr { expr, .. } => match expr.as_ref() {
                Expr::Number { value, span, .. } => {
                    let n = value.as_number()?;
                    let neg = crate::number::Number::from(0i64).sub(n)?;
                    let text = format!("-{}", span.text());
                    self.number(Value::from(crate::number::Number::with_text(neg, &text)))
                }
                _ => return Err(unsupported("this unary expression")),
            },
            Expr::Bool { value, .. } => term("boolean", serde_json::to_value(value)?),
            Expr::Null { .. } => json!({ "type": "null", "value": {} }),
            // A bare `input` or `data` is a ref of one part in OPA's AST.
            Expr::Var { span, .. } if matches!(span.text(), "input" | "data") => {
                term("ref", json!([var(span.text())]))
            }
            Expr::Var { span, .. } => self.var_term(span.text()),
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
            Expr::Set { items, .. } => {
                let mut v = Vec::new();
                for i in items {
                    v.push(self.term(i, d)?);
                }
                term("set", Json::Array(self.sorted(v, false)?))
            }
            Expr::Object { fields, .. } => {
                let mut v = Vec::new();
                for (_, k, val) in fields {
                    let k = self.term(k, d)?;
                    let val = self.term(val, d)?;
                    v.push(json!([k, val]));
                }
                term("object", Json::Array(self.sorted(v, true)?))
            }
            Expr::ArrayCompr { term: t, query, .. } => {
                let t = self.term(t, d)?;
                let body = self.query(query, d)?;
                term("arraycomprehension", json!({ "body": body, "term": t }))
            }
            Expr::SetCompr { term: t, query, .. } => {
                let t = self.term(t, d)?;
                let body = self.query(query, d)?;
                term("setcomprehension", json!({ "body": body, "term": t }))
            }
            Expr::ObjectCompr {
                key, value, query, ..
            } => {
                let k = self.term(key, d)?;
                let v = self.term(value, d)?;
                let body = self.query(query, d)?;
                term(
                    "objectcomprehension",
                    json!({ "body": body, "key": k, "value": v }),
                )
            }
            _ => return Err(unsupported("this expression")),
        })
    }
}

/// OPA's order of term kinds (its `sortOrder`), for the elements of a set and the keys of an
/// object.
fn kind_rank(kind: &str) -> Option<u8> {
    Some(match kind {
        "null" => 0,
        "boolean" => 1,
        "number" => 2,
        "string" => 3,
        "templatestring" => 4,
        "var" => 5,
        "ref" => 6,
        "array" => 7,
        "object" => 8,
        "set" => 9,
        "arraycomprehension" => 10,
        "objectcomprehension" => 11,
        "setcomprehension" => 12,
        "call" => 13,
        _ => return None,
    })
}

/// Why two terms cannot be ordered as OPA orders them.
type Unordered = &'static str;

impl Writer {
    /// OPA's comparison of two terms (`ast.Compare`), as written here: kinds by rank, then
    /// numbers by value, strings and vars by bytes, refs, arrays, sets (sorted) and calls
    /// element by element then by length, objects key, value, key, value ... then by length,
    /// comprehensions by their term(s) then their body.
    fn compare(&self, a: &Json, b: &Json) -> core::result::Result<Ordering, Unordered> {
        const UNKNOWN: Unordered = "a term of an unknown kind";
        let (ka, kb) = (
            a["type"].as_str().ok_or(UNKNOWN)?,
            b["type"].as_str().ok_or(UNKNOWN)?,
        );
        let (ra, rb) = (kind_rank(ka).ok_or(UNKNOWN)?, kind_rank(kb).ok_or(UNKNOWN)?);
        if ra != rb {
            return Ok(ra.cmp(&rb));
        }
        let (va, vb) = (&a["value"], &b["value"]);
        Ok(match ka {
            "null" => Ordering::Equal,
            "boolean" => va.as_bool().cmp(&vb.as_bool()),
            "number" => self.number_value(va).cmp(&self.number_value(vb)),
            "string" | "var" => va
                .as_str()
                .unwrap_or_default()
                .as_bytes()
                .cmp(vb.as_str().unwrap_or_default().as_bytes()),
            "object" => self.compare_objects(va, vb)?,
            "arraycomprehension" | "setcomprehension" => {
                self.compare_in_order(va, vb, &["term"])?
            }
            "objectcomprehension" => self.compare_in_order(va, vb, &["key", "value"])?,
            "templatestring" => self.compare_templates(va, vb)?,
            // ref, array, set (its elements are sorted already), call.
            _ => self.compare_slices(va, vb)?,
        })
    }

    fn number_value<'a>(&'a self, marker: &Json) -> Option<&'a Value> {
        let i = marker["#"].as_u64()?;
        self.numbers.get(usize::try_from(i).ok()?)
    }

    fn compare_slices(&self, a: &Json, b: &Json) -> core::result::Result<Ordering, Unordered> {
        let (xa, xb) = (as_slice(a), as_slice(b));
        for (x, y) in xa.iter().zip(xb.iter()) {
            match self.compare(x, y)? {
                Ordering::Equal => {}
                o => return Ok(o),
            }
        }
        Ok(xa.len().cmp(&xb.len()))
    }

    /// Objects as OPA compares them: field by field in order, each key then its value.
    fn compare_objects(&self, a: &Json, b: &Json) -> core::result::Result<Ordering, Unordered> {
        // Field by field as written (keys sorted, a repeated key's fields in source order):
        // `{"a": 1, "a": 0}` < `{"a": 1, "a": 2}`, and `{"a": 1}` < `{"a": 1, "a": 1}`.
        let (xa, xb) = (as_slice(a), as_slice(b));
        for (x, y) in xa.iter().zip(xb.iter()) {
            for i in 0..2 {
                match self.compare(&x[i], &y[i])? {
                    Ordering::Equal => {}
                    o => return Ok(o),
                }
            }
        }
        Ok(xa.len().cmp(&xb.len()))
    }

    /// A comprehension: the named terms in turn, then the body.
    fn compare_in_order(
        &self,
        a: &Json,
        b: &Json,
        terms: &[&str],
    ) -> core::result::Result<Ordering, Unordered> {
        for t in terms {
            match self.compare(&a[*t], &b[*t])? {
                Ordering::Equal => {}
                o => return Ok(o),
            }
        }
        self.compare_bodies(&a["body"], &b["body"])
    }

    /// Two template strings as OPA 1.20.2 orders them (measured on sets of them): raw
    /// (`multi_line`) after plain, then fewer parts first, then part by part, a text or
    /// constant (a term) before an expression.
    fn compare_templates(&self, a: &Json, b: &Json) -> core::result::Result<Ordering, Unordered> {
        let (ma, mb) = (a["multi_line"].as_bool(), b["multi_line"].as_bool());
        if ma != mb {
            return Ok(ma.cmp(&mb));
        }
        let (xa, xb) = (as_slice(&a["parts"]), as_slice(&b["parts"]));
        if xa.len() != xb.len() {
            return Ok(xa.len().cmp(&xb.len()));
        }
        for (x, y) in xa.iter().zip(xb.iter()) {
            let o = match (x.get("type").is_some(), y.get("type").is_some()) {
                (true, true) => self.compare(x, y)?,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => self.compare_exprs(x, y)?,
            };
            if o != Ordering::Equal {
                return Ok(o);
            }
        }
        Ok(Ordering::Equal)
    }

    fn compare_bodies(&self, a: &Json, b: &Json) -> core::result::Result<Ordering, Unordered> {
        let (xa, xb) = (as_slice(a), as_slice(b));
        for (x, y) in xa.iter().zip(xb.iter()) {
            match self.compare_exprs(x, y)? {
                Ordering::Equal => {}
                o => return Ok(o),
            }
        }
        Ok(xa.len().cmp(&xb.len()))
    }

    /// Two statements as OPA's `Expr.Compare`: `some` < a term < a call < `every`, then
    /// plain < negated, then the terms, then the `with` modifiers (target, value) in turn.
    fn compare_exprs(&self, a: &Json, b: &Json) -> core::result::Result<Ordering, Unordered> {
        let shape = |t: &Json| -> u8 {
            if t.is_array() {
                2
            } else if t.get("symbols").is_some() {
                0
            } else if t.get("domain").is_some() {
                3
            } else {
                1
            }
        };
        let (ta, tb) = (&a["terms"], &b["terms"]);
        let (sa, sb) = (shape(ta), shape(tb));
        if sa != sb {
            return Ok(sa.cmp(&sb));
        }
        let (na, nb) = (a.get("negated").is_some(), b.get("negated").is_some());
        if na != nb {
            return Ok(na.cmp(&nb));
        }
        let terms = match sa {
            0 => self.compare_slices(&ta["symbols"], &tb["symbols"])?,
            1 => self.compare(ta, tb)?,
            2 => self.compare_slices(ta, tb)?,
            // How OPA orders two `every` statements is not measured.
            _ => return Err("a set element or object key holding `every` in a comprehension"),
        };
        if terms != Ordering::Equal {
            return Ok(terms);
        }
        let (wa, wb) = (as_slice(&a["with"]), as_slice(&b["with"]));
        for (x, y) in wa.iter().zip(wb.iter()) {
            for k in ["target", "value"] {
                match self.compare(&x[k], &y[k])? {
                    Ordering::Equal => {}
                    o => return Ok(o),
                }
            }
        }
        Ok(wa.len().cmp(&wb.len()))
    }

    /// Set elements (terms) or object fields (`[key, value]`) in OPA's term order. A set
    /// keeps the first of equal elements (`{1.0, 1}` is `{1.0}`); an object keeps every
    /// field, equal keys in source order (`{"a": 2, "a": 1}` stays as written).
    fn sorted(&self, mut items: Vec<Json>, fields: bool) -> Result<Vec<Json>> {
        let key = |j: &Json| -> Json {
            if fields {
                j[0].clone()
            } else {
                j.clone()
            }
        };
        for i in &items {
            let k = key(i);
            self.compare(&k, &k).map_err(unsupported)?;
        }
        let mut failed = None;
        // A stable sort: equal keys keep their source order.
        items.sort_by(|a, b| match self.compare(&key(a), &key(b)) {
            Ok(o) => o,
            Err(e) => {
                failed = Some(e);
                Ordering::Equal
            }
        });
        if let Some(e) = failed {
            return Err(unsupported(e));
        }
        if !fields {
            items.dedup_by(|later, kept| {
                matches!(self.compare(later, kept), Ok(Ordering::Equal))
            });
        }
        Ok(items)
    }
}

fn as_slice(j: &Json) -> &[Json] {
    j.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// The written JSON as a value, each number marker replaced by the number it stands for.
fn to_value(j: Json, numbers: &[Value]) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::from(b),
        Json::Number(_) => Value::from(j),
        Json::String(s) => Value::from(s),
        Json::Array(a) => Value::from(
            a.into_iter()
                .map(|x| to_value(x, numbers))
                .collect::<Vec<_>>(),
        ),
        Json::Object(o) => {
            if let Some(n) = o
                .get("#")
                .and_then(Json::as_u64)
                .and_then(|i| numbers.get(usize::try_from(i).ok()?))
            {
                return n.clone();
            }
            let mut m = alloc::collections::BTreeMap::new();
            for (k, v) in o {
                m.insert(Value::from(k), to_value(v, numbers));
            }
            Value::from(m)
        }
    }
}
