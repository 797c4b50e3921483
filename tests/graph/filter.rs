//! The property names in an OData `$filter` expression, checked on the type it filters.
//!
//! Not a full OData parser: a tokenizer that tells property paths from literals, operators
//! and functions, and follows lambda variables (`members/any(m: m/id eq '…')`) into the
//! collection's element type. What it cannot mistake: every identifier that is not an
//! operator keyword, a function name or a bound lambda variable is looked up as a property
//! path, so a misspelt property is never taken for something else.

use super::csdl::{Schema, TypeRef};
use super::path::member_path;

#[derive(Debug, PartialEq)]
enum Tok {
    /// An identifier or a `/`-separated property path.
    Path(String),
    /// A string, number, date, GUID or enum literal.
    Lit,
    Open,
    Close,
    Comma,
    Colon,
}

const KEYWORDS: &[&str] = &[
    "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in", "has", "add", "sub", "mul",
    "div", "mod", "true", "false", "null",
];

const FUNCTIONS: &[&str] = &[
    "contains",
    "startswith",
    "endswith",
    "length",
    "indexof",
    "substring",
    "tolower",
    "toupper",
    "trim",
    "concat",
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "fractionalseconds",
    "date",
    "time",
    "totaloffsetminutes",
    "now",
    "round",
    "floor",
    "ceiling",
    "isof",
    "cast",
];

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ident = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '$' | '@');
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            '\'' => {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("an unterminated string".into()),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => i += 2,
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                out.push(Tok::Lit);
            }
            // Numbers, dates (2024-01-01T00:00:00Z), GUIDs starting with a digit.
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                i += 1;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || matches!(chars[i], ':' | '.' | '-' | '+'))
                {
                    i += 1;
                }
                out.push(Tok::Lit);
            }
            c if ident(c) => {
                let start = i;
                while i < chars.len() && ident(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if chars.get(i) == Some(&'-') && word.chars().all(|c| c.is_ascii_hexdigit()) {
                    // A GUID starting with a letter.
                    while i < chars.len() && (chars[i].is_ascii_hexdigit() || chars[i] == '-') {
                        i += 1;
                    }
                    out.push(Tok::Lit);
                } else if chars.get(i) == Some(&'\'') {
                    // An enum literal `microsoft.graph.x'value'`: the string follows.
                    continue;
                } else {
                    out.push(Tok::Path(word));
                }
            }
            other => return Err(format!("unexpected `{other}`")),
        }
    }
    Ok(out)
}

/// Every problem with the property names `filter` uses on `ty`.
pub fn check(schema: &Schema, ty: &str, filter: &str) -> Vec<String> {
    let toks = match tokens(filter) {
        Ok(t) => t,
        Err(e) => return vec![e],
    };
    let mut errs = Vec::new();
    // Lambda variables in scope: (name, element type, the paren depth their body closes at).
    let mut vars: Vec<(String, String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    // Resolves a path, its first segment possibly a lambda variable.
    let resolve = |vars: &[(String, String, usize)], p: &str| -> Result<TypeRef, String> {
        let (head, rest) = p.split_once('/').unwrap_or((p, ""));
        if let Some((_, t, _)) = vars.iter().rev().find(|(v, _, _)| v == head) {
            if rest.is_empty() {
                return Ok(TypeRef {
                    name: t.clone(),
                    collection: false,
                });
            }
            return member_path(schema, t, rest).map(|(t, _)| t);
        }
        member_path(schema, ty, p).map(|(t, _)| t)
    };
    while i < toks.len() {
        match &toks[i] {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth = depth.saturating_sub(1);
                vars.retain(|(_, _, d)| *d <= depth);
            }
            Tok::Path(p) if toks.get(i + 1) == Some(&Tok::Open) => {
                if let Some(coll) = p.strip_suffix("/any").or_else(|| p.strip_suffix("/all")) {
                    match resolve(&vars, coll) {
                        Ok(t) if t.collection => {
                            // `(v: body)`: bind v for the body's depth.
                            if let (Some(Tok::Path(v)), Some(Tok::Colon)) =
                                (toks.get(i + 2), toks.get(i + 3))
                            {
                                vars.push((v.clone(), t.name.clone(), depth + 1));
                                depth += 1;
                                i += 4;
                                continue;
                            }
                        }
                        Ok(t) => errs.push(format!(
                            "`{coll}` is `{t}`, not a collection: no lambda on it"
                        )),
                        Err(e) => errs.push(e),
                    }
                } else if !FUNCTIONS.contains(&p.to_ascii_lowercase().as_str()) {
                    errs.push(format!("`{p}` is not an OData function"));
                }
            }
            Tok::Path(p) if KEYWORDS.contains(&p.as_str()) => {}
            Tok::Path(p) => {
                if let Err(e) = resolve(&vars, p) {
                    errs.push(e);
                }
            }
            Tok::Lit | Tok::Comma | Tok::Colon => {}
        }
        i += 1;
    }
    errs
}
