// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 92: OPA's first parse errors for the text the engine's parser refused, where
// a scan of the brackets and strings knows what OPA's parser reports: a closing bracket that
// does not match, the end of the text inside brackets, a non-terminated string. The engine's
// parser backtracks at each bracket, so where it stops says little; this scan is run only
// after it has refused the text, and answers `None` (the caller keeps the engine's message)
// wherever OPA's wording was not measured.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// One error as OPA reports it: its message and the byte its detail line points at (`None`:
/// the end of the text).
pub struct OpaError {
    pub row: usize,
    pub message: String,
    pub offset: Option<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Open(u8),
    Close(u8),
    /// `:=` or `=`.
    Assign,
    Colon,
    Comma,
    Dot,
    /// A number, string, `true`/`false`/`null`: OPA's name for its token (`""` for the
    /// last three, whose names were not measured).
    Term(&'static str),
    /// A name that is not a keyword.
    Ident,
    /// `if`, `else`, `every` and the other keywords.
    Keyword(&'static str),
    Other,
}

struct Tok {
    kind: Kind,
    offset: usize,
    row: usize,
    /// A line break between the previous token and this one.
    newline_before: bool,
}

enum Scan {
    /// The tokens, and whether a line break follows the last one.
    Tokens(Vec<Tok>, bool),
    /// A string without its closing quote: its offset and row.
    Unterminated(Vec<Tok>, usize, usize),
}

const KEYWORDS: [&str; 12] = [
    "if", "else", "every", "some", "in", "contains", "not", "with", "as", "default", "import",
    "package",
];

fn scan(text: &str) -> Option<Scan> {
    let b = text.as_bytes();
    let (mut i, mut row, mut nl) = (0usize, 1usize, false);
    let mut toks: Vec<Tok> = Vec::new();
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = match c {
            b'\n' => {
                row += 1;
                nl = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => return Some(Scan::Unterminated(toks, start, row)),
                        Some(b'\\') => i += 2,
                        Some(b'"') => break,
                        Some(_) => i += 1,
                    }
                }
                i += 1;
                Kind::Term("string")
            }
            b'`' => {
                let r = row;
                i += 1;
                loop {
                    match b.get(i) {
                        None => return Some(Scan::Unterminated(toks, start, r)),
                        Some(b'`') => break,
                        Some(b'\n') => {
                            row += 1;
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                i += 1;
                Kind::Term("string")
            }
            b'0'..=b'9' => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'.'
                        || ((b[i] == b'+' || b[i] == b'-') && matches!(b[i - 1], b'e' | b'E')))
                {
                    i += 1;
                }
                // `2d93...`, `1.2.3`: OPA's "illegal number format" (not modelled).
                let digits = &text[start..i];
                if digits
                    .bytes()
                    .any(|c| c.is_ascii_alphabetic() && c != b'e' && c != b'E')
                    || digits.matches('.').count() > 1
                {
                    return None;
                }
                Kind::Term("number")
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                match KEYWORDS.iter().find(|k| **k == word) {
                    Some(k) => Kind::Keyword(k),
                    None if matches!(word, "true" | "false" | "null") => Kind::Term(""),
                    None => Kind::Ident,
                }
            }
            b'[' | b'(' | b'{' => {
                i += 1;
                Kind::Open(c)
            }
            b']' | b')' | b'}' => {
                i += 1;
                Kind::Close(c)
            }
            b',' => {
                i += 1;
                Kind::Comma
            }
            b'.' => {
                i += 1;
                Kind::Dot
            }
            b':' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                Kind::Assign
            }
            b':' => {
                i += 1;
                Kind::Colon
            }
            b'=' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                Kind::Other
            }
            b'=' => {
                i += 1;
                Kind::Assign
            }
            b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b';' => {
                i += 1;
                if b.get(i) == Some(&b'=') {
                    i += 1;
                }
                Kind::Other
            }
            // Anything else (non-ASCII outside strings, `$`, ...): not modelled here.
            _ => return None,
        };
        toks.push(Tok {
            kind,
            offset: start,
            row,
            newline_before: nl,
        });
        nl = false;
    }
    Some(Scan::Tokens(toks, nl))
}

#[derive(Clone, Copy, PartialEq)]
enum Frame {
    Array,
    Call,
    Body,
    Set,
    Object,
    /// The body of a comprehension, after `|`: its closing bracket.
    Compr(u8),
    /// A ref's index, `a[...]`.
    Index,
}

struct Open {
    frame: Frame,
    row: usize,
    /// The first term of a rule head's value (`p := [1, 2`): OPA adds "expected rule value
    /// term" to an error inside it.
    head_value: bool,
    /// A rule head's arguments (`f(x`): OPA's follow-on error there was not measured.
    head_args: bool,
}

fn complete(t: Option<&Tok>) -> bool {
    matches!(
        t.map(|t| t.kind),
        Some(Kind::Term(_) | Kind::Ident | Kind::Close(_))
    )
}

/// What OPA's parser says it wanted, after a whole term, in `frame`.
fn wanted(frame: Frame) -> &'static str {
    match frame {
        Frame::Array => ": expected \",\" or \"]\"",
        Frame::Call => ": expected \",\" or \")\"",
        Frame::Body | Frame::Compr(b'}') => ": expected \\n or ; or }",
        Frame::Compr(_) => ": expected \\n or ; or ]",
        Frame::Set => ": expected \",\" or \"}\"",
        Frame::Object => ": non-terminated object",
        Frame::Index => "",
    }
}

/// OPA's token name of a term, when measured.
fn token_name(k: Kind) -> Option<&'static str> {
    match k {
        Kind::Ident => Some("identifier"),
        Kind::Term(n) if !n.is_empty() => Some(n),
        _ => None,
    }
}

/// The follow-on error OPA adds when a rule head's value fails: its wording names the head
/// (`expected rule value term (e.g., p := <VALUE> { ... })`). `head` is the text from the
/// statement's start to its `:=`; `None` where the wording was not measured (`=`).
fn value_term(text: &str, toks: &[Tok], start: usize, assign: usize) -> Option<String> {
    let a = toks.get(assign)?;
    if text.as_bytes().get(a.offset) != Some(&b':') {
        return None;
    }
    let head = text.get(toks.get(start)?.offset..a.offset)?.trim();
    if let Some(r) = head.strip_prefix("default ") {
        return Some(format!(
            ": expected default rule value term (e.g., default {} := <VALUE>)",
            r.trim()
        ));
    }
    if let Some((name, _)) = head.split_once('(') {
        return Some(format!(
            ": expected function value term (e.g., {}(...) := <VALUE> {{ ... }})",
            name.trim()
        ));
    }
    Some(format!(": expected rule value term (e.g., {head} := <VALUE> {{ ... }})"))
}

/// What the scan makes of a text the engine's parser refused.
pub enum Outcome {
    /// OPA's errors.
    Errors(Vec<OpaError>),
    /// Brackets and strings are whole: the error is elsewhere.
    Balanced,
    /// Not modelled: the caller keeps the engine's message.
    Unknown,
}

/// OPA's errors for `text`, when this scan knows them; `engine_row` is where the engine's
/// parser stopped: an error found by the scan in a statement after that row is not the
/// first one.
pub fn opa_errors(text: &str, engine_row: usize) -> Outcome {
    match analyse(text, engine_row) {
        Some(o) => o,
        None => Outcome::Unknown,
    }
}

fn analyse(text: &str, engine_row: usize) -> Option<Outcome> {
    let (toks, tail) = match scan(text)? {
        Scan::Tokens(t, nl) => (t, Tail::Eof(nl)),
        Scan::Unterminated(t, offset, row) => (t, Tail::String(offset, row)),
    };
    let mut stack: Vec<Open> = Vec::new();
    // The current top-level statement: its first token, its head's `:=`/`=` (none once
    // `if` is seen: an assignment after it is in the body).
    let (mut stmt_start, mut head_assign, mut head_if) = (0usize, None::<usize>, false);
    // After the head's `:=`: the names and dots of the value's first term so far.
    let mut value_prefix = false;
    let mut in_every = false;
    // The statement in a body holds `not`, `some` or `every`.
    let (mut stmt_not, mut stmt_decl) = (false, false);
    for (n, t) in toks.iter().enumerate() {
        let prev = n.checked_sub(1).and_then(|p| toks.get(p));
        let top = stack.last().map(|o| o.frame);
        if stack.is_empty() && (n == 0 || t.newline_before) {
            stmt_start = n;
            head_assign = None;
            head_if = false;
            value_prefix = false;
        }
        if (stack.is_empty() || top == Some(Frame::Body)) && t.newline_before {
            stmt_not = false;
            stmt_decl = false;
        }
        let after_head_assign = stack.is_empty()
            && !head_if
            && matches!(prev.map(|p| p.kind), Some(Kind::Assign))
            && head_assign == Some(n - 1);
        let follow_on = |open_head: bool| -> Option<String> {
            if open_head || after_head_assign {
                value_term(text, &toks, stmt_start, head_assign?)
            } else {
                None
            }
        };
        let first_row = stack.first().map_or(t.row, |o| o.row);
        let head = stack.first().is_some_and(|o| o.head_value);
        // An error at this token. Not reported when it is in a statement after the one the
        // engine stopped at, inside a set or object begun on an earlier line (OPA reports
        // another token there), or inside a rule head's arguments.
        let at = |what: String, suffix: &str, follow: Option<String>| -> Option<Outcome> {
            if first_row > engine_row
                || stack.iter().any(|o| {
                    o.head_args
                        || o.frame == Frame::Index
                        || (matches!(o.frame, Frame::Set | Frame::Object) && o.row != t.row)
                })
                || (head || after_head_assign) && follow.is_none()
            {
                return None;
            }
            Some(Outcome::Errors(errors(t.row, Some(t.offset), &what, suffix, follow)))
        };
        match t.kind {
            Kind::Open(c) => {
                let frame = match c {
                    // `a[`: a ref's index, whose errors OPA words otherwise (not modelled).
                    b'[' if complete(prev) => Frame::Index,
                    b'[' => Frame::Array,
                    b'(' if complete(prev) => Frame::Call,
                    b'(' => return None,
                    _ => match prev.map(|p| p.kind) {
                        Some(Kind::Keyword("if" | "else")) => Frame::Body,
                        _ if complete(prev) && in_every => Frame::Body,
                        _ if complete(prev) => return None,
                        // Set or object: known at its first `:`.
                        _ => Frame::Set,
                    },
                };
                if frame == Frame::Body {
                    in_every = false;
                }
                let at_top = stack.is_empty();
                stack.push(Open {
                    frame,
                    row: t.row,
                    head_value: (value_prefix || after_head_assign) && at_top,
                    head_args: at_top && frame == Frame::Call && head_assign.is_none() && !head_if,
                });
            }
            // A term right after a whole term in an array, a call's arguments or a body's
            // statement (`[1, 2` and `q := 1` on the next line; `upper"a")`).
            Kind::Ident | Kind::Term(_)
                if complete(prev)
                    && (matches!(top, Some(Frame::Array | Frame::Call))
                        || top == Some(Frame::Body) && !t.newline_before) =>
            {
                let name = token_name(t.kind)?;
                return at(format!("unexpected {name} token"), wanted(top?), follow_on(head));
            }
            // A closing bracket where a term is wanted (`x := }`, `{1: }`).
            Kind::Close(c)
                if matches!(
                    prev.map(|p| p.kind),
                    Some(Kind::Assign | Kind::Colon | Kind::Other)
                ) =>
            {
                return at(format!("unexpected {} token", c as char), "", follow_on(head));
            }
            Kind::Close(c) => {
                let want = match top {
                    Some(Frame::Array | Frame::Index) => b']',
                    Some(Frame::Call) => b')',
                    Some(Frame::Compr(b)) => b,
                    Some(_) => b'}',
                    None => 0,
                };
                if c != want {
                    let suffix = match top {
                        None => "",
                        Some(f) if complete(prev) => {
                            if matches!(f, Frame::Set | Frame::Object)
                                || (f == Frame::Body && t.newline_before)
                            {
                                return None;
                            }
                            wanted(f)
                        }
                        Some(_) => "",
                    };
                    return at(format!("unexpected {} token", c as char), suffix, follow_on(head));
                }
                stack.pop();
            }
            Kind::Colon => match top {
                Some(Frame::Set) => {
                    if let Some(o) = stack.last_mut() {
                        o.frame = Frame::Object;
                    }
                }
                Some(f @ (Frame::Body | Frame::Compr(_))) if complete(prev) => {
                    if t.newline_before {
                        return None;
                    }
                    return at("unexpected : token".into(), wanted(f), follow_on(head));
                }
                Some(Frame::Object) => {}
                _ => return None,
            },
            Kind::Comma => match top {
                // After a rule's whole value: `p := 1, 2}`.
                None if complete(prev) && head_assign.is_some() && !head_if => {
                    return at("unexpected , token".into(), "", None);
                }
                Some(Frame::Body)
                    if matches!(prev.map(|p| p.kind), Some(Kind::Ident | Kind::Term(_)))
                        && !stmt_not
                        && !stmt_decl
                        && !t.newline_before =>
                {
                    return at("unexpected , token".into(), wanted(Frame::Body), follow_on(head));
                }
                Some(Frame::Body | Frame::Compr(_)) | None => return None,
                _ => {}
            },
            Kind::Assign if stack.is_empty() && !head_if && head_assign.is_none() => {
                head_assign = Some(n);
            }
            Kind::Other if text.as_bytes().get(t.offset) == Some(&b'|') => {
                if let Some(o) = stack.last_mut() {
                    match o.frame {
                        Frame::Array => o.frame = Frame::Compr(b']'),
                        Frame::Set | Frame::Object => o.frame = Frame::Compr(b'}'),
                        _ => {}
                    }
                }
            }
            Kind::Keyword("if") if stack.is_empty() => head_if = true,
            Kind::Keyword("every") => {
                in_every = true;
                stmt_decl = true;
            }
            Kind::Keyword("some") => stmt_decl = true,
            Kind::Keyword("not") => stmt_not = true,
            _ => {}
        }
        value_prefix = stack.is_empty()
            && match t.kind {
                Kind::Assign => head_assign == Some(n),
                Kind::Ident | Kind::Dot => value_prefix || after_head_assign,
                _ => false,
            };
    }
    let rows = text.matches('\n').count() + 1;
    let last = toks.last();
    // The statement the text ends in (at the top, or in the innermost body).
    let stmt: Vec<Kind> = toks
        .iter()
        .rev()
        .take_while(|t| !matches!(t.kind, Kind::Open(b'{')))
        .scan(false, |stop, t| {
            if *stop {
                return None;
            }
            *stop = t.newline_before;
            Some(t.kind)
        })
        .collect();
    let lacks = if stmt.contains(&Kind::Keyword("with")) && !stmt.contains(&Kind::Keyword("as")) {
        ": expected as keyword"
    } else if in_every {
        ": missing body"
    } else {
        ""
    };
    match tail {
        Tail::String(offset, row) => {
            let after_head_assign = stack.is_empty()
                && !head_if
                && head_assign.is_some()
                && head_assign == toks.len().checked_sub(1);
            let in_body = matches!(stack.last().map(|o| o.frame), Some(Frame::Body));
            if !(after_head_assign || in_body) || row > engine_row.max(row) {
                return None;
            }
            let mut out = vec![
                OpaError {
                    row,
                    message: "non-terminated string".into(),
                    offset: Some(offset),
                },
                OpaError {
                    row,
                    message: "illegal token".into(),
                    offset: Some(offset),
                },
            ];
            if after_head_assign {
                out.push(OpaError {
                    row,
                    message: "illegal token".into(),
                    offset: Some(offset),
                });
            }
            Some(Outcome::Errors(out))
        }
        Tail::Eof(newline_at_end) => {
            let Some(top) = stack.last() else {
                let eof = |suffix: &str, follow: Option<String>| {
                    Some(Outcome::Errors(errors(
                        rows,
                        None,
                        "unexpected eof token",
                        suffix,
                        follow,
                    )))
                };
                // At the top: a rule's value wanted (`p :=`), a `contains` its key, a body
                // statement what it lacks.
                if head_assign.is_some() && head_assign == toks.len().checked_sub(1) && !head_if {
                    let follow = value_term(text, &toks, stmt_start, head_assign?)?;
                    return eof("", Some(follow));
                }
                if let Some(Kind::Keyword("contains")) = last.map(|t| t.kind) {
                    let head = text.get(toks.get(stmt_start)?.offset..last?.offset)?.trim();
                    return eof(
                        "",
                        Some(format!(
                            ": expected rule key term (e.g., {head} contains <VALUE> {{ ... }})"
                        )),
                    );
                }
                if head_if && (in_every || !lacks.is_empty() && !newline_at_end) {
                    return eof(lacks, None);
                }
                return Some(Outcome::Balanced);
            };
            // A ref ending in `.`: OPA's "unexpected whitespace token" (not modelled).
            if stack.first().map_or(rows, |o| o.row) > engine_row
                || stack.iter().any(|o| o.head_args || o.frame == Frame::Index)
                || matches!(last.map(|t| t.kind), Some(Kind::Dot))
            {
                return None;
            }
            // A set or object over several lines: OPA reports an earlier token (not modelled).
            if stack.iter().any(|o| {
                matches!(o.frame, Frame::Set | Frame::Object | Frame::Compr(_))
                    && last.is_some_and(|t| t.row != o.row)
            }) {
                return None;
            }
            let suffix = match top.frame {
                Frame::Body if newline_at_end => "",
                Frame::Body if !lacks.is_empty() => lacks,
                _ if complete(last) => wanted(top.frame),
                _ => "",
            };
            let follow = if stack.first().is_some_and(|o| o.head_value) {
                Some(value_term(text, &toks, stmt_start, head_assign?)?)
            } else {
                None
            };
            Some(Outcome::Errors(errors(
                rows,
                None,
                "unexpected eof token",
                suffix,
                follow,
            )))
        }
    }
}

enum Tail {
    /// The end of the text; whether a line break follows the last token.
    Eof(bool),
    String(usize, usize),
}

fn errors(
    row: usize,
    offset: Option<usize>,
    what: &str,
    suffix: &str,
    follow_on: Option<String>,
) -> Vec<OpaError> {
    let mut out = vec![OpaError {
        row,
        message: format!("{what}{suffix}"),
        offset,
    }];
    if let Some(f) = follow_on {
        out.push(OpaError {
            row,
            message: format!("{what}{f}"),
            offset,
        });
    }
    out
}
