// govlint patch 39: strings.render_template, OPA's rendering of a Go text/template over an
// object of variables. OPA round-trips the variables through JSON into Go values, so numbers
// are json.Number (a string kind: truthy even when 0, compared as text, refused by %d and
// by comparison with a literal number), null and missing keys print "<no value>", which OPA
// then replaces with "<undefined>" in the whole output. This is the subset of text/template a
// policy author uses: actions, field chains, variables, pipelines, if/else if/else, range
// (with index/key variables and else), with/else, comments, trim markers, and the functions
// and, or, not, len, index, print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery.

use super::strings::strconv_quote;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use anyhow::{anyhow, bail, Result};

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_object, ensure_string};
use crate::lexer::Span;
use crate::value::Value;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("strings.render_template", (render_template, 2));
}

fn render_template(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "strings.render_template";
    ensure_args_count(span, name, params, args, 2)?;
    let text = ensure_string(name, &params[0], &args[0])?;
    let vars = ensure_object(name, &params[1], args[1].clone())?;
    let data = to_tv(&Value::Object(vars));
    let nodes = Parser::new(&text)
        .parse()
        .map_err(|e| anyhow!("{name}: template: template:{e}"))?;
    let mut out = String::new();
    let mut ex = Exec {
        src: &text,
        vars: alloc::vec![("$".to_string(), data.clone())],
    };
    ex.run(&nodes, &data, &mut out)
        .map_err(|e| anyhow!("{name}: template: template:{e}"))?;
    Ok(Value::String(
        out.replace("<no value>", "<undefined>").into(),
    ))
}

// --- values, as Go sees the JSON round trip ----------------------------------------------------

#[derive(Clone, Debug)]
enum TV {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// json.Number: the number's JSON text.
    Num(String),
    List(Vec<TV>),
    Map(BTreeMap<String, TV>),
}

fn to_tv(v: &Value) -> TV {
    match v {
        Value::Null | Value::Undefined => TV::Nil,
        Value::Bool(b) => TV::Bool(*b),
        Value::Number(_) => TV::Num(serde_json::to_string(v).unwrap_or_default()),
        Value::String(s) => TV::Str(s.to_string()),
        Value::Array(a) => TV::List(a.iter().map(to_tv).collect()),
        Value::Set(s) => TV::List(s.iter().map(to_tv).collect()),
        Value::Object(o) => TV::Map(
            o.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::String(s) => s.to_string(),
                        other => serde_json::to_string(other).unwrap_or_default(),
                    };
                    (key, to_tv(v))
                })
                .collect(),
        ),
    }
}

impl TV {
    fn type_name(&self) -> &'static str {
        match self {
            TV::Nil => "<nil>",
            TV::Bool(_) => "bool",
            TV::Int(_) => "int",
            TV::Float(_) => "float64",
            TV::Str(_) => "string",
            TV::Num(_) => "json.Number",
            TV::List(_) => "[]interface {}",
            TV::Map(_) => "map[string]interface {}",
        }
    }

    fn truth(&self) -> bool {
        match self {
            TV::Nil => false,
            TV::Bool(b) => *b,
            TV::Int(i) => *i != 0,
            TV::Float(f) => *f != 0.0,
            TV::Str(s) | TV::Num(s) => !s.is_empty(),
            TV::List(l) => !l.is_empty(),
            TV::Map(m) => !m.is_empty(),
        }
    }

    fn is_string_kind(&self) -> bool {
        matches!(self, TV::Str(_) | TV::Num(_))
    }

    /// fmt's %v.
    fn go_fmt(&self, top: bool) -> String {
        match self {
            TV::Nil => {
                if top {
                    "<no value>".into()
                } else {
                    "<nil>".into()
                }
            }
            TV::Bool(b) => b.to_string(),
            TV::Int(i) => i.to_string(),
            TV::Float(f) => go_float(*f),
            TV::Str(s) | TV::Num(s) => s.clone(),
            TV::List(l) => format!(
                "[{}]",
                l.iter()
                    .map(|x| x.go_fmt(false))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            TV::Map(m) => format!(
                "map[{}]",
                m.iter()
                    .map(|(k, v)| format!("{k}:{}", v.go_fmt(false)))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        }
    }
}

/// Go's %v of a float64 (strconv 'g', shortest): exponent form from 1e21 and below 1e-4.
fn go_float(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let a = f.abs();
    if (1e-4..1e21).contains(&a) {
        return format!("{f}");
    }
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            format!("{m}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

// --- parsing -----------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Arg {
    /// `.a.b` on dot (empty: dot itself); `pos` as Go reports it.
    Field(Vec<String>),
    /// `$x.a.b`
    Var(String, Vec<String>),
    Lit(TV),
    Func(String),
    Pipe(Pipeline),
    /// `(pipeline).a.b`
    PipeField(Pipeline, Vec<String>),
}

#[derive(Debug, Clone)]
struct Command {
    args: Vec<Arg>,
    pos: usize,
    text: String,
}

#[derive(Debug, Clone)]
struct Pipeline {
    decl: Vec<String>,
    assign: bool,
    cmds: Vec<Command>,
    pos: usize,
    text: String,
}

#[derive(Debug)]
enum Node {
    Text(String),
    Action(Pipeline),
    If(Pipeline, Vec<Node>, Vec<Node>),
    Range(Pipeline, Vec<Node>, Vec<Node>),
    With(Pipeline, Vec<Node>, Vec<Node>),
}

const FUNCS: &[&str] = &[
    "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt",
    "ge", "html", "js", "urlquery",
];

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

enum Stop {
    End,
    Else(usize),
    Eof,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser { src, pos: 0 }
    }

    fn line(&self, at: usize) -> usize {
        self.src[..at.min(self.src.len())].matches('\n').count() + 1
    }

    fn parse(&mut self) -> Result<Vec<Node>> {
        let (nodes, stop) = self.list()?;
        match stop {
            Stop::Eof => Ok(nodes),
            Stop::End => bail!("{}: unexpected {{{{end}}}}", self.line(self.pos)),
            Stop::Else(_) => bail!("{}: unexpected {{{{else}}}}", self.line(self.pos)),
        }
    }

    /// Nodes up to `{{end}}`, `{{else ...}}` (positioned after `else`) or the end of input.
    fn list(&mut self) -> Result<(Vec<Node>, Stop)> {
        let mut nodes = Vec::new();
        loop {
            let rest = &self.src[self.pos..];
            let Some(open) = rest.find("{{") else {
                if !rest.is_empty() {
                    nodes.push(Node::Text(rest.to_string()));
                }
                self.pos = self.src.len();
                return Ok((nodes, Stop::Eof));
            };
            let mut text = rest[..open].to_string();
            let mut inner_start = self.pos + open + 2;
            if self.src[inner_start..].starts_with("- ")
                || self.src[inner_start..].starts_with("-\t")
                || self.src[inner_start..].starts_with("-\n")
            {
                text = text.trim_end().to_string();
                inner_start += 1;
            }
            if !text.is_empty() {
                nodes.push(Node::Text(text));
            }
            let action_line = self.line(inner_start);
            let Some(close_rel) = self.src[inner_start..].find("}}") else {
                bail!("{action_line}: unclosed action");
            };
            let mut inner_end = inner_start + close_rel;
            let mut after = inner_end + 2;
            let trim_after = inner_end > inner_start
                && self.src[..inner_end].ends_with('-')
                && self.src[..inner_end - 1].ends_with(|c: char| c.is_whitespace());
            if trim_after {
                inner_end -= 1;
            }
            let inner = self.src[inner_start..inner_end].trim();
            let inner_off = inner_start
                + (self.src[inner_start..inner_end].len()
                    - self.src[inner_start..inner_end].trim_start().len());
            if trim_after {
                let skipped = self.src[after..].len() - self.src[after..].trim_start().len();
                after += skipped;
            }
            self.pos = after;
            if inner.starts_with("/*") {
                if !inner.ends_with("*/") {
                    bail!("{action_line}: unclosed comment");
                }
                continue;
            }
            let (word, rest_text) = match inner.find(|c: char| c.is_whitespace()) {
                Some(i) => (&inner[..i], inner[i..].trim_start()),
                None => (inner, ""),
            };
            let rest_off = inner_off + (inner.len() - rest_text.len());
            match word {
                "end" => return Ok((nodes, Stop::End)),
                "else" => return Ok((nodes, Stop::Else(rest_off))),
                "if" | "range" | "with" => {
                    let pipe = self.pipeline(rest_text, rest_off, word == "range")?;
                    let node = self.control(word, pipe)?;
                    nodes.push(node);
                }
                "" => bail!("{action_line}: missing value for command"),
                _ => nodes.push(Node::Action(self.pipeline(inner, inner_off, false)?)),
            }
        }
    }

    fn control(&mut self, word: &str, pipe: Pipeline) -> Result<Node> {
        let (body, stop) = self.list()?;
        let els = match stop {
            Stop::End => Vec::new(),
            Stop::Eof => bail!("{}: unexpected EOF", self.line(self.pos)),
            Stop::Else(off) => {
                // The `else` action's own text: `else` alone or `else if ...` / `else with ...`.
                let action_end = self.src[..self.pos].rfind("}}").unwrap_or(off);
                let tail = self
                    .src
                    .get(off..action_end)
                    .unwrap_or("")
                    .trim()
                    .trim_end_matches('-')
                    .trim();
                if tail.is_empty() {
                    let (els, stop) = self.list()?;
                    match stop {
                        Stop::End => els,
                        _ => bail!("{}: expected end; found else", self.line(self.pos)),
                    }
                } else {
                    let (w, r) = match tail.find(|c: char| c.is_whitespace()) {
                        Some(i) => (&tail[..i], tail[i..].trim_start()),
                        None => (tail, ""),
                    };
                    if w != "if" && w != "with" {
                        bail!("{}: unexpected {} in else", self.line(off), w);
                    }
                    let r_off = off + (tail.len() - r.len());
                    let pipe = self.pipeline(r, r_off, false)?;
                    alloc::vec![self.control(w, pipe)?]
                }
            }
        };
        Ok(match word {
            "if" => Node::If(pipe, body, els),
            "range" => Node::Range(pipe, body, els),
            _ => Node::With(pipe, body, els),
        })
    }

    fn pipeline(&self, text: &str, off: usize, range: bool) -> Result<Pipeline> {
        let line = self.line(off);
        let mut toks = tokenize(text, off).map_err(|e| anyhow!("{line}: {e}"))?;
        let mut decl = Vec::new();
        let mut assign = false;
        // `$x :=`, `$x =`, and for range `$i, $x :=`.
        let decl_end = toks.iter().position(|(t, _)| t == ":=" || t == "=");
        if let Some(end) = decl_end {
            let names: Vec<&(String, usize)> =
                toks[..end].iter().filter(|(t, _)| t != ",").collect();
            if !names.is_empty()
                && names.iter().all(|(t, _)| t.starts_with('$'))
                && (names.len() == 1 || (range && names.len() == 2))
            {
                decl = names.iter().map(|(t, _)| t.clone()).collect();
                assign = toks[end].0 == "=";
                toks.drain(..=end);
            }
        }
        let pos = toks.first().map_or(off, |(_, p)| *p);
        let mut cmds = Vec::new();
        let mut cur: Vec<(String, usize)> = Vec::new();
        let mut groups = Vec::new();
        for t in toks {
            if t.0 == "|" {
                groups.push(core::mem::take(&mut cur));
            } else {
                cur.push(t);
            }
        }
        groups.push(cur);
        for g in groups {
            if g.is_empty() {
                bail!("{line}: missing value for command");
            }
            let pos = g[0].1;
            let text = g
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let mut args = Vec::new();
            for (i, (t, p)) in g.iter().enumerate() {
                args.push(self.arg(t, *p, i == 0, line)?);
            }
            cmds.push(Command { args, pos, text });
        }
        let text = cmds
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" | ");
        Ok(Pipeline {
            decl,
            assign,
            cmds,
            pos,
            text,
        })
    }

    fn arg(&self, t: &str, pos: usize, _first: bool, line: usize) -> Result<Arg> {
        if let Some(inner) = t.strip_prefix('(') {
            // `(pipeline)` or `(pipeline).a.b`
            let close = inner.rfind(')').unwrap_or(inner.len());
            let path: Vec<String> = inner[close..]
                .trim_start_matches(')')
                .split('.')
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string())
                .collect();
            let pipe = self.pipeline(&inner[..close], pos + 1, false)?;
            return Ok(if path.is_empty() {
                Arg::Pipe(pipe)
            } else {
                Arg::PipeField(pipe, path)
            });
        }
        if t == "." {
            return Ok(Arg::Field(Vec::new()));
        }
        if let Some(rest) = t.strip_prefix('.') {
            return Ok(Arg::Field(rest.split('.').map(|s| s.to_string()).collect()));
        }
        if t.starts_with('$') {
            let mut parts = t.split('.');
            let name = parts.next().unwrap_or("$").to_string();
            return Ok(Arg::Var(name, parts.map(|s| s.to_string()).collect()));
        }
        if t.starts_with('"') {
            let s: String =
                serde_json::from_str(t).map_err(|_| anyhow!("{line}: bad string {t}"))?;
            return Ok(Arg::Lit(TV::Str(s)));
        }
        if let Some(raw) = t.strip_prefix('`') {
            return Ok(Arg::Lit(TV::Str(
                raw.strip_suffix('`').unwrap_or(raw).to_string(),
            )));
        }
        match t {
            "true" => return Ok(Arg::Lit(TV::Bool(true))),
            "false" => return Ok(Arg::Lit(TV::Bool(false))),
            "nil" => return Ok(Arg::Lit(TV::Nil)),
            _ => {}
        }
        if t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Arg::Lit(TV::Int(i)));
            }
            if let Ok(f) = t.parse::<f64>() {
                return Ok(Arg::Lit(TV::Float(f)));
            }
            bail!("{line}: bad number syntax: \"{t}\"");
        }
        if FUNCS.contains(&t) {
            return Ok(Arg::Func(t.to_string()));
        }
        let _ = pos;
        bail!("{line}: function \"{t}\" not defined")
    }
}

/// Splits an action into tokens with their byte offsets: strings, raw strings, parenthesised
/// pipelines (kept whole), `|`, `:=`, `=`, `,`, and words.
fn tokenize(text: &str, off: usize) -> Result<Vec<(String, usize)>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        match c {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    bail!("unterminated quoted string");
                }
                i += 1;
            }
            b'`' => {
                i += 1;
                while i < b.len() && b[i] != b'`' {
                    i += 1;
                }
                if i >= b.len() {
                    bail!("unterminated raw quoted string");
                }
                i += 1;
            }
            b'(' => {
                let mut depth = 0;
                while i < b.len() {
                    match b[i] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        b'"' => {
                            i += 1;
                            while i < b.len() && b[i] != b'"' {
                                if b[i] == b'\\' {
                                    i += 1;
                                }
                                i += 1;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                if i >= b.len() {
                    bail!("unclosed left paren");
                }
                i += 1;
                // A field chain on the parenthesised value, `(index .xs 0).n`.
                while i < b.len() && (b[i] == b'.' || b[i].is_ascii_alphanumeric() || b[i] == b'_')
                {
                    i += 1;
                }
            }
            b'|' | b',' => i += 1,
            b':' if b.get(i + 1) == Some(&b'=') => i += 2,
            b'=' => i += 1,
            _ => {
                while i < b.len()
                    && !b[i].is_ascii_whitespace()
                    && !b"|,()=\"`".contains(&b[i])
                    && !(b[i] == b':' && b.get(i + 1) == Some(&b'='))
                {
                    i += 1;
                }
            }
        }
        out.push((text[start..i].to_string(), off + start));
    }
    Ok(out)
}

// --- execution ---------------------------------------------------------------------------------

struct Exec<'a> {
    src: &'a str,
    vars: Vec<(String, TV)>,
}

impl Exec<'_> {
    fn err(&self, pos: usize, node: &str, msg: &str) -> anyhow::Error {
        let before = &self.src[..pos.min(self.src.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
        anyhow!("{line}:{col}: executing \"template\" at <{node}>: {msg}")
    }

    fn run(&mut self, nodes: &[Node], dot: &TV, out: &mut String) -> Result<()> {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipeline(p, dot)?;
                    if p.decl.is_empty() {
                        out.push_str(&v.go_fmt(true));
                    }
                }
                Node::If(p, body, els) | Node::With(p, body, els) => {
                    let mark = self.vars.len();
                    let v = self.pipeline(p, dot)?;
                    let is_with = matches!(n, Node::With(..));
                    if v.truth() {
                        let d = if is_with { v } else { dot.clone() };
                        self.run(body, &d, out)?;
                    } else {
                        self.run(els, dot, out)?;
                    }
                    self.vars.truncate(mark);
                }
                Node::Range(p, body, els) => {
                    let mark = self.vars.len();
                    let mut bare = p.clone();
                    bare.decl.clear();
                    let v = self.pipeline(&bare, dot)?;
                    let items: Vec<(TV, TV)> = match &v {
                        TV::List(l) => l
                            .iter()
                            .enumerate()
                            .map(|(i, x)| (TV::Int(i as i64), x.clone()))
                            .collect(),
                        TV::Map(m) => m
                            .iter()
                            .map(|(k, x)| (TV::Str(k.clone()), x.clone()))
                            .collect(),
                        TV::Nil => Vec::new(),
                        other => {
                            let node = p.cmds.last().map_or(String::new(), |c| c.text.clone());
                            let pos = p.cmds.last().map_or(p.pos, |c| c.pos);
                            return Err(self.err(
                                pos,
                                &node,
                                &format!("range can't iterate over {}", other.go_fmt(false)),
                            ));
                        }
                    };
                    if items.is_empty() {
                        self.run(els, dot, out)?;
                    }
                    for (k, x) in items {
                        match p.decl.len() {
                            1 => self.vars.push((p.decl[0].clone(), x.clone())),
                            2 => {
                                self.vars.push((p.decl[0].clone(), k));
                                self.vars.push((p.decl[1].clone(), x.clone()));
                            }
                            _ => {}
                        }
                        self.run(body, &x, out)?;
                        self.vars.truncate(mark);
                    }
                }
            }
        }
        Ok(())
    }

    fn pipeline(&mut self, p: &Pipeline, dot: &TV) -> Result<TV> {
        let mut last: Option<TV> = None;
        for c in &p.cmds {
            last = Some(self.command(c, dot, last)?);
        }
        let v = last.unwrap_or(TV::Nil);
        if let Some(name) = p.decl.first() {
            if p.assign {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = v.clone(),
                    None => {
                        return Err(self.err(
                            p.pos,
                            &p.text,
                            &format!("undefined variable: {name}"),
                        ))
                    }
                }
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn field(&self, mut v: TV, path: &[String], pos: usize, node: &str) -> Result<TV> {
        for f in path {
            v = match v {
                TV::Map(mut m) => m.remove(f).unwrap_or(TV::Nil),
                // A missing key's value is nil, and so are its fields (OPA prints "<undefined>").
                TV::Nil => TV::Nil,
                _ => {
                    return Err(self.err(
                        pos,
                        node,
                        &format!("can't evaluate field {f} in type interface {{}}"),
                    ))
                }
            };
        }
        Ok(v)
    }

    fn operand(&mut self, a: &Arg, dot: &TV, pos: usize, node: &str) -> Result<TV> {
        // Go reports a chain `.a.b` at its second field.
        match a {
            Arg::Field(path) => {
                let fpos = if path.len() > 1 {
                    pos + path[0].len() + 1
                } else {
                    pos
                };
                self.field(dot.clone(), path, fpos, &format!(".{}", path.join(".")))
            }
            Arg::Var(name, path) => {
                let v = self
                    .vars
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| self.err(pos, node, &format!("undefined variable: {name}")))?;
                self.field(v, path, pos, node)
            }
            Arg::Lit(v) => Ok(v.clone()),
            Arg::Pipe(p) => self.pipeline(p, dot),
            Arg::PipeField(p, path) => {
                let v = self.pipeline(p, dot)?;
                self.field(v, path, pos, node)
            }
            Arg::Func(f) => self.call(f, &[], pos, node),
        }
    }

    fn command(&mut self, c: &Command, dot: &TV, piped: Option<TV>) -> Result<TV> {
        match &c.args[0] {
            Arg::Func(f) => {
                let mut args = Vec::new();
                // and/or evaluate lazily in Go; the difference only shows on errors.
                for (i, a) in c.args[1..].iter().enumerate() {
                    let text = c
                        .text
                        .split_whitespace()
                        .nth(i + 1)
                        .unwrap_or("")
                        .to_string();
                    args.push(self.operand(a, dot, c.pos, &text)?);
                }
                if let Some(p) = piped {
                    args.push(p);
                }
                self.call(f, &args, c.pos, &c.text)
            }
            first => {
                if c.args.len() > 1 || piped.is_some() {
                    return Err(self.err(c.pos, &c.text, "can't give argument to non-function"));
                }
                self.operand(first, dot, c.pos, &c.text)
            }
        }
    }

    fn call(&mut self, f: &str, args: &[TV], pos: usize, node: &str) -> Result<TV> {
        let fail = |e: &Exec, msg: String| e.err(pos, node, &format!("error calling {f}: {msg}"));
        let want = |e: &Exec, n: usize| -> Result<()> {
            if args.len() != n {
                return Err(e.err(
                    pos,
                    node,
                    &format!("wrong number of args for {f}: want {n} got {}", args.len()),
                ));
            }
            Ok(())
        };
        Ok(match f {
            "and" => {
                if args.is_empty() {
                    return Err(self.err(
                        pos,
                        node,
                        "wrong number of args for and: want at least 1 got 0",
                    ));
                }
                args.iter()
                    .find(|a| !a.truth())
                    .unwrap_or(&args[args.len() - 1])
                    .clone()
            }
            "or" => {
                if args.is_empty() {
                    return Err(self.err(
                        pos,
                        node,
                        "wrong number of args for or: want at least 1 got 0",
                    ));
                }
                args.iter()
                    .find(|a| a.truth())
                    .unwrap_or(&args[args.len() - 1])
                    .clone()
            }
            "not" => {
                want(self, 1)?;
                TV::Bool(!args[0].truth())
            }
            "len" => {
                want(self, 1)?;
                match &args[0] {
                    TV::Str(s) | TV::Num(s) => TV::Int(s.len() as i64),
                    TV::List(l) => TV::Int(l.len() as i64),
                    TV::Map(m) => TV::Int(m.len() as i64),
                    TV::Nil => return Err(fail(self, "len of nil pointer".into())),
                    other => return Err(fail(self, format!("len of type {}", other.type_name()))),
                }
            }
            "index" => {
                if args.is_empty() {
                    return Err(self.err(
                        pos,
                        node,
                        "wrong number of args for index: want at least 1 got 0",
                    ));
                }
                let mut v = args[0].clone();
                for k in &args[1..] {
                    v = match (&v, k) {
                        (TV::List(l), TV::Int(i)) => {
                            let i = *i;
                            if i < 0 || i as usize >= l.len() {
                                return Err(fail(self, format!("index out of range: {i}")));
                            }
                            l[i as usize].clone()
                        }
                        (TV::List(_), other) => {
                            return Err(fail(
                                self,
                                format!("cannot index slice/array with type {}", other.type_name()),
                            ))
                        }
                        (TV::Map(m), TV::Str(s)) => m.get(s).cloned().unwrap_or(TV::Nil),
                        (TV::Map(_), other) => {
                            return Err(fail(
                                self,
                                format!("value has type {}; should be string", other.type_name()),
                            ))
                        }
                        (TV::Nil, _) => return Err(fail(self, "index of untyped nil".into())),
                        (other, _) => {
                            return Err(fail(
                                self,
                                format!("can't index item of type {}", other.type_name()),
                            ))
                        }
                    };
                }
                v
            }
            "print" => TV::Str(sprint(args)),
            "println" => TV::Str(format!(
                "{}\n",
                args.iter()
                    .map(|a| a.go_fmt(false))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            "printf" => {
                let Some(TV::Str(fmt)) = args.first() else {
                    return Err(fail(self, "wrong type for value; expected string".into()));
                };
                TV::Str(sprintf(fmt, &args[1..]))
            }
            "html" => TV::Str(html_escape(&sprint(args))),
            "js" => TV::Str(js_escape(&sprint(args))),
            "urlquery" => TV::Str(query_escape(&sprint(args))),
            "eq" | "ne" => {
                if args.len() < 2 {
                    return Err(fail(self, "missing argument for comparison".into()));
                }
                let mut any = false;
                for b in &args[1..] {
                    // Go compares nil by identity: equal only to nil.
                    let equal = if matches!(args[0], TV::Nil) || matches!(b, TV::Nil) {
                        matches!(args[0], TV::Nil) && matches!(b, TV::Nil)
                    } else {
                        compare(&args[0], b).map_err(|m| fail(self, m))?
                            == core::cmp::Ordering::Equal
                    };
                    if equal {
                        any = true;
                    }
                    if f == "ne" {
                        break;
                    }
                }
                TV::Bool(if f == "eq" { any } else { !any })
            }
            _ => {
                want(self, 2)?;
                let o = compare(&args[0], &args[1]).map_err(|m| fail(self, m))?;
                if matches!(args[0], TV::Bool(_)) {
                    return Err(fail(self, "invalid type for comparison".into()));
                }
                use core::cmp::Ordering::*;
                TV::Bool(match f {
                    "lt" => o == Less,
                    "le" => o != Greater,
                    "gt" => o == Greater,
                    _ => o != Less,
                })
            }
        })
    }
}

fn compare(a: &TV, b: &TV) -> core::result::Result<core::cmp::Ordering, String> {
    use core::cmp::Ordering;
    let kind = |v: &TV| match v {
        TV::Bool(_) => Some(0),
        TV::Int(_) => Some(1),
        TV::Float(_) => Some(2),
        TV::Str(_) | TV::Num(_) => Some(3),
        _ => None,
    };
    let (Some(ka), Some(kb)) = (kind(a), kind(b)) else {
        return Err("invalid type for comparison".into());
    };
    if ka != kb {
        return Err(format!(
            "incompatible types for comparison: {} and {}",
            a.type_name(),
            b.type_name()
        ));
    }
    Ok(match (a, b) {
        (TV::Bool(x), TV::Bool(y)) => x.cmp(y),
        (TV::Int(x), TV::Int(y)) => x.cmp(y),
        (TV::Float(x), TV::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (TV::Str(x) | TV::Num(x), TV::Str(y) | TV::Num(y)) => x.cmp(y),
        _ => Ordering::Equal,
    })
}

/// fmt.Sprint: a space between two operands when neither is a string.
fn sprint(args: &[TV]) -> String {
    let mut s = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !a.is_string_kind() && !args[i - 1].is_string_kind() {
            s.push(' ');
        }
        s.push_str(&a.go_fmt(false));
    }
    s
}

/// fmt.Sprintf for the verbs a template uses: %v %s %q %d %f %x %X %t %%, with flags `-`, `0`,
/// width and precision. A verb that does not fit the value gives Go's `%!verb(type=value)`.
fn sprintf(fmt: &str, args: &[TV]) -> String {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut minus, mut zero) = (false, false);
        while let Some(&f) = chars.peek() {
            match f {
                '-' => minus = true,
                '0' => zero = true,
                '+' | ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut prec: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        let bad = |arg: &TV| {
            let mut v = arg.go_fmt(false);
            if let Some(p) = prec {
                v = v.chars().take(p).collect();
            }
            format!("%!{verb}({}={v})", arg.type_name())
        };
        let body = match (verb, arg) {
            ('v', a) => a.go_fmt(false),
            ('s', TV::Str(s) | TV::Num(s)) => match prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            },
            ('s', a @ (TV::List(_) | TV::Map(_))) => a.go_fmt(false),
            ('q', TV::Str(s) | TV::Num(s)) => strconv_quote(s),
            ('x' | 'X', TV::Str(s) | TV::Num(s)) => {
                let h: String = s.bytes().map(|b| format!("{b:02x}")).collect();
                if verb == 'X' {
                    h.to_uppercase()
                } else {
                    h
                }
            }
            ('x', TV::Int(i)) => format!("{i:x}"),
            ('X', TV::Int(i)) => format!("{i:X}"),
            ('d', TV::Int(i)) => i.to_string(),
            ('f' | 'F', TV::Float(f)) => format!("{:.*}", prec.unwrap_or(6), f),
            ('t', TV::Bool(b)) => b.to_string(),
            (_, a) => bad(a),
        };
        let w: usize = width.parse().unwrap_or(0);
        let n = body.chars().count();
        if n < w {
            let pad = w - n;
            if minus {
                out.push_str(&body);
                out.extend(core::iter::repeat(' ').take(pad));
            } else {
                out.extend(core::iter::repeat(if zero { '0' } else { ' ' }).take(pad));
                out.push_str(&body);
            }
        } else {
            out.push_str(&body);
        }
    }
    if next < args.len() {
        out.push_str("%!(EXTRA ");
        out.push_str(
            &args[next..]
                .iter()
                .map(|a| format!("{}={}", a.type_name(), a.go_fmt(false)))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push(')');
    }
    out
}

fn html_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            '\n' => out.push_str("\\u000A"),
            '\r' => out.push_str("\\u000D"),
            '\t' => out.push_str("\\u0009"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
