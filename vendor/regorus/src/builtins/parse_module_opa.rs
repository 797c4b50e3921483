// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 98: OPA's parse errors for `rego.parse_module`, by OPA's own procedure. A
// module the engine's parser refused is parsed again by a recursive descent that follows OPA
// v1.20.2's parser (ast/parser.go) step by step: its scanner and token names, its attempts and
// the state it restores after each (errors recorded in an attempt that is given up vanish with
// it), its cache of parsed terms (a failed term keeps its errors when parsed again, which is
// where OPA's follow-on errors come from), its stop at the first statement with errors, and
// the checks ast/parser_ext.go makes of the statements once they parse (`package expected`,
// a statement that cannot be a rule, `if` and `contains` required in Rego v1). Only errors
// are computed; the AST is the engine's (patch 87). `None` where this parser meets what it
// does not model (nesting beyond its depth bound) or finds no error. Patch 125: the text is
// scanned a token at a time, as OPA's parser drives its scanner (a template string reads on
// after the `}` of an expression only when the parser asks).

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// One error as OPA reports it: its row, message and the byte its detail line points at
/// (`None`: an error of parser_ext.go, written without a detail line).
pub struct OpaError {
    pub row: usize,
    pub message: String,
    pub offset: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
enum T {
    Illegal,
    Eof,
    Ws,
    Ident,
    #[default]
    Comment,
    Package,
    Import,
    As,
    Default,
    Else,
    Not,
    Some,
    With,
    Null,
    True,
    False,
    Number,
    Str,
    TmplPart,
    TmplEnd,
    RawTmplPart,
    RawTmplEnd,
    LBrack,
    RBrack,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Add,
    Sub,
    Mul,
    Quo,
    Rem,
    And,
    Or,
    Unify,
    Equal,
    Assign,
    In,
    Neq,
    Gt,
    Lt,
    Gte,
    Lte,
    Dot,
    Semicolon,
    Every,
    Contains,
    If,
}

/// OPA's name of a token (tokens.go).
fn tok_name(t: T) -> &'static str {
    match t {
        T::Illegal => "illegal",
        T::Eof => "eof",
        T::Ws => "whitespace",
        T::Ident => "identifier",
        T::Comment => "comment",
        T::Package => "package",
        T::Import => "import",
        T::As => "as",
        T::Default => "default",
        T::Else => "else",
        T::Not => "not",
        T::Some => "some",
        T::With => "with",
        T::Null => "null",
        T::True => "true",
        T::False => "false",
        T::Number => "number",
        T::Str => "string",
        T::TmplPart => "template-string-part",
        T::TmplEnd => "template-string-end",
        T::RawTmplPart => "raw-template-string-part",
        T::RawTmplEnd => "raw-template-string-end",
        T::LBrack => "[",
        T::RBrack => "]",
        T::LBrace => "{",
        T::RBrace => "}",
        T::LParen => "(",
        T::RParen => ")",
        T::Comma => ",",
        T::Colon => ":",
        T::Add => "plus",
        T::Sub => "minus",
        T::Mul => "mul",
        T::Quo => "div",
        T::Rem => "rem",
        T::And => "and",
        T::Or => "or",
        T::Unify => "eq",
        T::Equal => "equal",
        T::Assign => "assign",
        T::In => "in",
        T::Neq => "neq",
        T::Gt => "gt",
        T::Lt => "lt",
        T::Gte => "gte",
        T::Lte => "lte",
        T::Dot => ".",
        T::Semicolon => ";",
        T::Every => "every",
        T::Contains => "contains",
        T::If => "if",
    }
}

/// Keywords of Rego v1; the last four are OPA's "future" keywords, which an import path
/// reads as names.
fn keyword(word: &str, present: bool) -> Option<T> {
    Some(match word {
        "package" => T::Package,
        "import" => T::Import,
        "as" => T::As,
        "default" => T::Default,
        "else" => T::Else,
        "not" => T::Not,
        "some" => T::Some,
        "with" => T::With,
        "null" => T::Null,
        "true" => T::True,
        "false" => T::False,
        _ if present => return None,
        "in" => T::In,
        "every" => T::Every,
        "contains" => T::Contains,
        "if" => T::If,
        _ => return None,
    })
}

fn is_keyword_tok(t: T) -> bool {
    matches!(
        t,
        T::Package
            | T::Import
            | T::As
            | T::Default
            | T::Else
            | T::Not
            | T::Some
            | T::With
            | T::Null
            | T::True
            | T::False
            | T::In
            | T::Every
            | T::Contains
            | T::If
    )
}

#[derive(Clone, Default)]
struct Lexeme {
    tok: T,
    start: usize,
    end: usize,
    row: usize,
    errs: Vec<&'static str>,
    /// A template string's literal starts at its `"` (after the `$`) or, for a part after an
    /// expression, at the expression's closing `}`; its `\{` escapes lose their backslash.
    lit_from: usize,
    escapes: Vec<usize>,
}

/// How the scanner reads on: OPA's `Scan(ContinueTemplateString(raw))` after the `}` that
/// ends a template string's expression, which only the parser knows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    Template { raw: bool },
}

/// The next token from byte `i` on row `row`, as OPA's scanner (ast/internal/scanner) reads
/// it, and the scanner's position and row after it.
fn lex_one(text: &str, mut i: usize, mut row: usize, mode: Mode) -> (Lexeme, usize, usize) {
    let b = text.as_bytes();
    let is_letter = |c: u8| c.is_ascii_alphabetic() || c == b'_';
    {
        let start = i;
        let row0 = row;
        let mut errs: Vec<&'static str> = Vec::new();
        let mut escapes: Vec<usize> = Vec::new();
        let mut lit_from = start;
        // The scanner checks each character as it reads it: NUL, bad UTF-8, a later BOM.
        let check = |at: usize, errs: &mut Vec<&'static str>| -> usize {
            let c = b[at];
            if c == 0 {
                errs.push("illegal null character");
                return 1;
            }
            if c < 0x80 {
                return 1;
            }
            match core::str::from_utf8(&b[at..(at + 4).min(b.len())])
                .ok()
                .or_else(|| {
                    (1..4).rev().find_map(|n| core::str::from_utf8(b.get(at..at + n)?).ok())
                })
                .and_then(|s| s.chars().next())
            {
                Some(ch) => {
                    if ch == '\u{feff}' && at > 0 {
                        errs.push("illegal byte-order mark");
                    }
                    ch.len_utf8()
                }
                None => {
                    errs.push("illegal utf-8 character");
                    1
                }
            }
        };
        // scanTemplateString / scanRawTemplateString, from the character after the opening
        // quote or the closing `}`: a part ends at `{`, the string at its quote.
        let template = |i: &mut usize, row: &mut usize, raw: bool, errs: &mut Vec<&'static str>, escapes: &mut Vec<usize>| -> T {
            loop {
                match b.get(*i) {
                    None => break,
                    Some(b'\n') if !raw => break,
                    Some(b'"') if !raw => {
                        *i += 1;
                        return T::TmplEnd;
                    }
                    Some(b'`') if raw => {
                        *i += 1;
                        return T::RawTmplEnd;
                    }
                    Some(b'{') => {
                        *i += 1;
                        return if raw { T::RawTmplPart } else { T::TmplPart };
                    }
                    Some(b'\\') if raw => {
                        *i += 1;
                        if b.get(*i) == Some(&b'{') {
                            escapes.push(*i - 1);
                            *i += 1;
                        }
                    }
                    Some(b'\\') => {
                        *i += 1;
                        match b.get(*i) {
                            Some(b'\\' | b'"' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => *i += 1,
                            Some(b'{') => {
                                escapes.push(*i - 1);
                                *i += 1;
                            }
                            Some(b'u') => {
                                for _ in 0..4 {
                                    if *i < b.len() {
                                        *i += check(*i, errs);
                                    }
                                }
                            }
                            _ => errs.push("illegal escape sequence"),
                        }
                    }
                    Some(b'\n') => {
                        *row += 1;
                        *i += 1;
                    }
                    Some(_) => *i += check(*i, errs),
                }
            }
            errs.push("non-terminated string");
            if raw {
                T::RawTmplPart
            } else {
                T::TmplPart
            }
        };
        if let Mode::Template { raw } = mode {
            lit_from = start.saturating_sub(1);
            let tok = template(&mut i, &mut row, raw, &mut errs, &mut escapes);
            let l = Lexeme { tok, start, end: i, row: row0, errs, lit_from, escapes };
            return (l, i, row);
        }
        let Some(&c) = b.get(i) else {
            let l = Lexeme { tok: T::Eof, start: b.len(), end: b.len(), row, ..Lexeme::default() };
            return (l, i, row);
        };
        let tok = match c {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                T::Ws
            }
            b'\n' => {
                i += 1;
                row += 1;
                T::Ws
            }
            c if is_letter(c) => {
                while i < b.len() && (is_letter(b[i]) || b[i].is_ascii_digit()) {
                    i += 1;
                }
                T::Ident
            }
            b'0'..=b'9' => {
                if c != b'.' {
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if b.get(i) == Some(&b'.') {
                    i += 1;
                    let s = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i == s {
                        errs.push("expected fraction");
                    }
                }
                if matches!(b.get(i), Some(b'e' | b'E')) {
                    i += 1;
                    if matches!(b.get(i), Some(b'+' | b'-')) {
                        i += 1;
                    }
                    let s = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i == s {
                        errs.push("expected exponent");
                    }
                }
                if b.get(i).is_some_and(|&c| is_letter(c)) {
                    errs.push("illegal number format");
                    while i < b.len() && (is_letter(b[i]) || b[i].is_ascii_digit()) {
                        i += 1;
                    }
                }
                T::Number
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += check(i, &mut errs);
                }
                T::Comment
            }
            b'"' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => {
                            errs.push("non-terminated string");
                            break;
                        }
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => {
                            i += 1;
                            match b.get(i) {
                                Some(b'\\' | b'"' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                                    i += 1
                                }
                                Some(b'u') => {
                                    // The scanner steps over four characters, whatever they are.
                                    for _ in 0..4 {
                                        if i < b.len() {
                                            i += check(i, &mut errs);
                                        }
                                    }
                                }
                                _ => errs.push("illegal escape sequence"),
                            }
                        }
                        Some(_) => i += check(i, &mut errs),
                    }
                }
                T::Str
            }
            b'`' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            errs.push("non-terminated string");
                            break;
                        }
                        Some(b'`') => {
                            i += 1;
                            break;
                        }
                        Some(b'\n') => {
                            row += 1;
                            i += 1;
                        }
                        Some(_) => i += check(i, &mut errs),
                    }
                }
                T::Str
            }
            b'$' if matches!(b.get(i + 1), Some(b'"' | b'`')) => {
                let raw = b[i + 1] == b'`';
                lit_from = i + 1;
                i += 2;
                template(&mut i, &mut row, raw, &mut errs, &mut escapes)
            }
            _ => {
                i += check(i, &mut errs);
                let two = |n: u8| b.get(start + 1) == Some(&n);
                match c {
                    b'[' => T::LBrack,
                    b']' => T::RBrack,
                    b'{' => T::LBrace,
                    b'}' => T::RBrace,
                    b'(' => T::LParen,
                    b')' => T::RParen,
                    b',' => T::Comma,
                    b';' => T::Semicolon,
                    b'.' => T::Dot,
                    b'+' => T::Add,
                    b'-' => T::Sub,
                    b'*' => T::Mul,
                    b'/' => T::Quo,
                    b'%' => T::Rem,
                    b'&' => T::And,
                    b'|' => T::Or,
                    b':' if two(b'=') => {
                        i += 1;
                        T::Assign
                    }
                    b':' => T::Colon,
                    b'=' if two(b'=') => {
                        i += 1;
                        T::Equal
                    }
                    b'=' => T::Unify,
                    b'>' if two(b'=') => {
                        i += 1;
                        T::Gte
                    }
                    b'>' => T::Gt,
                    b'<' if two(b'=') => {
                        i += 1;
                        T::Lte
                    }
                    b'<' => T::Lt,
                    b'!' if two(b'=') => {
                        i += 1;
                        T::Neq
                    }
                    b'!' => {
                        errs.push("illegal ! character");
                        T::Illegal
                    }
                    b'$' => {
                        errs.push("illegal $ character");
                        T::Illegal
                    }
                    _ => T::Illegal,
                }
            }
        };
        let mut l = Lexeme { tok, start, end: i, row: row0, errs, lit_from, escapes };
        // The scanner counts a line from its `\n`: the token that is a line break is on
        // the next row.
        if b.get(start) == Some(&b'\n') {
            l.row = row;
        }
        (l, i, row)
    }
}

/// Terms as far as the parser's decisions need them.
#[derive(Clone)]
enum V {
    Null,
    Bool,
    Num,
    Str(String),
    Var(String),
    Ref(Vec<Term>),
    Array(Vec<Term>),
    Object(Vec<(Term, Term)>),
    Set(Vec<Term>),
    ArrayCompr,
    ObjectCompr,
    SetCompr,
    Call(Vec<Term>),
    /// A template string: the terms of its expressions (its text parts need no decisions).
    Template(Vec<Term>),
}

#[derive(Clone)]
struct Term {
    v: V,
    row: usize,
    offset: usize,
}

fn value_name(v: &V) -> &'static str {
    match v {
        V::Null => "null",
        V::Bool => "boolean",
        V::Num => "number",
        V::Str(_) => "string",
        V::Var(_) => "var",
        V::Ref(_) => "ref",
        V::Array(_) => "array",
        V::Object(_) => "object",
        V::Set(_) => "set",
        V::ArrayCompr => "arraycomprehension",
        V::ObjectCompr => "objectcomprehension",
        V::SetCompr => "setcomprehension",
        V::Call(_) => "call",
        V::Template(_) => "templatestring",
    }
}

fn ground(v: &V) -> bool {
    match v {
        V::Var(_) => false,
        V::Ref(r) => r.iter().skip(1).all(|t| ground(&t.v)),
        V::Array(xs) | V::Set(xs) | V::Call(xs) => xs.iter().all(|t| ground(&t.v)),
        V::Object(kv) => kv.iter().all(|(k, v)| ground(&k.v) && ground(&v.v)),
        // OPA 1.20.2 counts a template string as not ground, even `$"a"` (measured:
        // `p[$"a"] := 1 if true else := 2` is refused as a rule with variables in its head).
        V::ArrayCompr | V::ObjectCompr | V::SetCompr | V::Template(_) => false,
        _ => true,
    }
}

/// A ref's text as OPA prints an operator (`count`, `a.b`); `None` for other shapes.
fn ref_name(v: &V) -> Option<String> {
    let V::Ref(r) = v else { return None };
    let V::Var(h) = &r.first()?.v else { return None };
    let mut s = h.clone();
    for t in &r[1..] {
        let V::Str(p) = &t.v else { return None };
        s.push('.');
        s.push_str(p);
    }
    Some(s)
}

enum ExprTerms {
    Term(Term),
    Call(Vec<Term>),
    Some,
    Every,
}

struct Expr {
    terms: ExprTerms,
    negated: bool,
    with: bool,
    row: usize,
}

struct Head {
    reference: Vec<Term>,
    args: Option<Vec<Term>>,
    key: Option<Term>,
    value: Option<Term>,
    generated_value: bool,
    contains: bool,
}

struct Rule {
    row: usize,
    default: bool,
    has_if: bool,
    generated_body: bool,
    head_key: bool,
    head_value: bool,
    generated_value: bool,
    contains: bool,
    function: bool,
    else_: Option<Box<Rule>>,
}

enum Stmt {
    Package(usize),
    Import(usize),
    Rules(Vec<Rule>),
    Body(Vec<Expr>),
}

#[derive(Clone)]
struct Err {
    row: usize,
    message: String,
    offset: usize,
}

#[derive(Clone)]
struct State {
    /// The current token: its lexeme and kind (a keyword allowed in a ref reads as a name),
    /// and where the scanner goes on from: OPA's scanner is driven by the parser (a template
    /// string goes on after the `}` the parser found), so the text is read a token at a time.
    cur: Lexeme,
    next: usize,
    next_row: usize,
    tok: T,
    errors: Vec<Err>,
    hints: Vec<&'static str>,
    skipped_nl: bool,
    /// Keywords OPA's "present parser" does not know (import paths): `in`, `every`, ...
    present: bool,
}

/// A recursion bound of this parser (OPA's is 100 000 steps, which its goroutine stack
/// holds); past it the port gives up and the engine's message stands.
const MAX_DEPTH: usize = 4000;

struct P<'a> {
    text: &'a str,
    s: State,
    /// OPA's parsed-term cache: by offset, the term (or its failure) and the state after it.
    cache: Vec<(usize, Option<Term>, State)>,
    depth: usize,
    too_deep: bool,
}

type Opt<X> = Option<X>;

impl<'a> P<'a> {
    fn lit(&self) -> &'a str {
        let l = &self.s.cur;
        self.text.get(l.start..l.end).unwrap_or("")
    }
    fn off(&self) -> usize {
        self.s.cur.start
    }
    fn row(&self) -> usize {
        self.s.cur.row
    }
    fn save(&self) -> State {
        self.s.clone()
    }
    fn restore(&mut self, s: State) {
        self.s = s;
    }
    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.too_deep = true;
            self.depth -= 1;
            return false;
        }
        true
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn do_scan(&mut self, skipws: bool) {
        self.do_scan_mode(skipws, Mode::Normal)
    }
    fn do_scan_mode(&mut self, skipws: bool, mode: Mode) {
        if self.s.tok != T::Ws {
            self.s.skipped_nl = false;
        }
        loop {
            let (mut l, next, next_row) = lex_one(self.text, self.s.next, self.s.next_row, mode);
            self.s.next = next;
            self.s.next_row = next_row;
            let mut tok = l.tok;
            if tok == T::Ident {
                let word = self.text.get(l.start..l.end).unwrap_or("");
                if let Some(k) = keyword(word, self.s.present) {
                    tok = k;
                }
            }
            let (row, offset) = (l.row, l.start);
            for e in &l.errs {
                self.s.errors.push(Err {
                    row,
                    message: (*e).to_string(),
                    offset,
                });
            }
            if !l.errs.is_empty() {
                tok = T::Illegal;
            }
            l.errs = Vec::new();
            self.s.cur = l;
            self.s.tok = tok;
            if tok == T::Ws {
                if self.text.as_bytes().get(offset) == Some(&b'\n') {
                    self.s.skipped_nl = true;
                }
                if skipws {
                    continue;
                }
            }
            if tok != T::Comment {
                break;
            }
        }
    }
    fn scan(&mut self) {
        self.do_scan(true)
    }
    fn scan_ws(&mut self) {
        self.do_scan(false)
    }

    fn error(&mut self, row: usize, offset: usize, msg: String) {
        let mut message = msg;
        match self.s.hints.as_slice() {
            [] => {}
            [h] => message = format!("{message} (hint: {h})"),
            hs => message = format!("{message} (hints: {})", hs.join(", ")),
        }
        self.s.hints.clear();
        self.s.errors.push(Err {
            row,
            message,
            offset,
        });
    }
    fn error_here(&mut self, msg: &str) {
        let (r, o) = (self.row(), self.off());
        self.error(r, o, msg.to_string());
    }
    fn illegal(&mut self, note: &str) {
        let (r, o) = (self.row(), self.off());
        if self.s.tok == T::Illegal {
            self.error(r, o, "illegal token".into());
            return;
        }
        let kind = if is_keyword_tok(self.s.tok) { "keyword" } else { "token" };
        let name = tok_name(self.s.tok);
        let msg = if note.is_empty() {
            format!("unexpected {name} {kind}")
        } else {
            format!("unexpected {name} {kind}: {note}")
        };
        self.error(r, o, msg);
    }

    fn allowed_ref_keyword(&self, t: T) -> bool {
        is_keyword_tok(t)
    }

    fn scan_ahead_ref(&mut self) -> bool {
        if self.allowed_ref_keyword(self.s.tok) {
            let s = self.save();
            self.scan_ws();
            let t = self.s.tok;
            self.restore(s);
            if matches!(t, T::Dot | T::LBrack) {
                self.s.tok = T::Ident;
                return true;
            }
        }
        false
    }

    fn parse(&mut self) -> Vec<Stmt> {
        self.scan();
        let mut stmts = Vec::new();
        while self.s.tok != T::Eof && !self.too_deep {
            let s = self.save();
            let row = self.row();
            if self.parse_package() {
                stmts.push(Stmt::Package(row));
                continue;
            } else if !self.s.errors.is_empty() {
                break;
            }
            self.restore(s);
            let s = self.save();
            let row = self.row();
            if self.parse_import() {
                stmts.push(Stmt::Import(row));
                continue;
            } else if !self.s.errors.is_empty() {
                break;
            }
            self.restore(s);
            let s = self.save();
            if let Some(rules) = self.parse_rules() {
                stmts.push(Stmt::Rules(rules));
                continue;
            } else if !self.s.errors.is_empty() {
                break;
            }
            self.restore(s);
            if let Some(body) = self.parse_query(true, T::Eof) {
                stmts.push(Stmt::Body(body));
                continue;
            }
            break;
        }
        stmts
    }

    fn is_ident_or_ref_keyword(&mut self) -> bool {
        if self.s.tok == T::Ident {
            return true;
        }
        if self.allowed_ref_keyword(self.s.tok) {
            self.s.tok = T::Ident;
            return true;
        }
        false
    }

    fn parse_package(&mut self) -> bool {
        if self.s.tok != T::Package {
            return false;
        }
        self.scan_ws();
        if matches!(self.s.tok, T::Dot | T::LBrack) {
            return false;
        }
        if self.s.tok == T::Ws {
            self.scan();
        }
        if !self.is_ident_or_ref_keyword() {
            self.illegal("");
            return false;
        }
        let mut ok = false;
        if let Some(term) = self.parse_term() {
            match &term.v {
                V::Var(_) => ok = true,
                V::Ref(r) => {
                    if !matches!(r[0].v, V::Var(_)) {
                        let m = format!("unexpected {} token: expecting var", value_name(&r[0].v));
                        self.error(r[0].row, r[0].offset, m);
                        return false;
                    }
                    for t in &r[1..] {
                        if !matches!(t.v, V::Str(_)) {
                            let m = format!("unexpected {} token: expecting string", value_name(&t.v));
                            self.error(t.row, t.offset, m);
                            return false;
                        }
                    }
                    ok = true;
                }
                _ => {
                    self.illegal("");
                    return false;
                }
            }
        }
        if !ok {
            if self.s.errors.is_empty() {
                self.error_here("expected path");
            }
            return false;
        }
        true
    }

    fn parse_import(&mut self) -> bool {
        if self.s.tok != T::Import {
            return false;
        }
        self.scan_ws();
        if matches!(self.s.tok, T::Dot | T::LBrack) {
            return false;
        }
        if self.s.tok == T::Ws {
            self.scan();
        }
        if !self.is_ident_or_ref_keyword() {
            self.illegal("");
            return false;
        }
        // OPA's "present parser": future keywords are names here, and its term cache is
        // its own.
        let saved_cache = core::mem::take(&mut self.cache);
        self.s.present = true;
        let term = self.parse_term();
        self.s.present = false;
        self.cache = saved_cache;
        let mut path: Option<Vec<Term>> = None;
        if let Some(term) = term {
            match term.v {
                V::Var(_) => path = Some(vec![term.clone()]),
                V::Ref(r) => {
                    for t in &r[1..] {
                        if !matches!(t.v, V::Str(_)) {
                            let m = format!("unexpected {} token: expecting string", value_name(&t.v));
                            self.error(t.row, t.offset, m);
                            return false;
                        }
                    }
                    path = Some(r);
                }
                _ => {}
            }
        }
        let Some(path) = path else {
            self.error_here("expected path");
            return false;
        };
        let root = match &path[0].v {
            V::Var(v) => v.as_str(),
            _ => "",
        };
        if !matches!(root, "data" | "input" | "future" | "rego") {
            self.s.hints.push("if this is unexpected, try updating OPA");
            let m = format!(
                "unexpected import path, must begin with one of: {{data, future, input, rego}}, got: {root}"
            );
            self.error(path[0].row, path[0].offset, m);
            return false;
        }
        if self.s.tok == T::As {
            self.scan();
            if self.s.tok != T::Ident {
                self.illegal("expected var");
                return false;
            }
            if let Some(alias) = self.parse_term() {
                if matches!(alias.v, V::Var(_)) {
                    return self.import_checks(&path, true);
                }
            }
            self.illegal("expected var");
            return false;
        }
        self.import_checks(&path, false)
    }

    /// `future` and `rego` imports as OPA checks them right after parsing.
    fn import_checks(&mut self, path: &[Term], alias: bool) -> bool {
        let root = match &path[0].v {
            V::Var(v) => v.clone(),
            _ => return true,
        };
        let part = |i: usize| match path.get(i).map(|t| &t.v) {
            Some(V::Str(s)) => Some(s.as_str()),
            _ => None,
        };
        let (r, o) = (path[0].row, path[0].offset);
        if root == "future" {
            if path.len() == 1 || part(1) != Some("keywords") {
                self.error(r, o, "invalid import, must be `future.keywords`".into());
            } else if alias {
                self.error(r, o, "`future` imports cannot be aliased".into());
            } else if path.len() == 3
                && !matches!(part(2), Some("in" | "every" | "contains" | "if"))
            {
                self.error(
                    r,
                    o,
                    "unexpected keyword, must be one of [contains every if in]".into(),
                );
            } else if path.len() > 3 {
                return true;
            }
        } else if root == "rego" && (path.len() != 2 || part(1) != Some("v1")) {
            let shown = ref_text(path);
            self.error(r, o, format!("invalid import `{shown}`, must be `rego.v1`"));
        }
        true
    }

    fn parse_rules(&mut self) -> Opt<Vec<Rule>> {
        let (row, off) = (self.row(), self.off());
        let _ = self.scan_ahead_ref();
        let mut default = false;
        if self.s.tok == T::Default {
            self.scan();
            default = true;
            let _ = self.scan_ahead_ref();
        }
        if self.s.tok != T::Ident {
            return None;
        }
        let mut head = self.parse_head(default)?;
        let head_row = row;
        if default {
            if !self.validate_default_value(&head, row, off) {
                return None;
            }
            if head.args.as_ref().is_some_and(|a| !a.is_empty())
                && !self.validate_default_args(&head, row, off)
            {
                return None;
            }
            return Some(vec![rule_of(row, &head, true, false, true)]);
        }
        let has_if = self.s.tok == T::If;
        let uses_contains = head.contains;
        let nargs = head.args.as_ref().map_or(0, |a| a.len());
        if has_if && !uses_contains && head.reference.len() == 2 {
            let v = &head.reference[1];
            if (!ground(&v.v) || matches!(v.v, V::Ref(_))) && nargs == 0 {
                head.key = Some(v.clone());
            }
            if head.value.is_none() {
                head.generated_value = true;
                head.value = Some(bool_term(v));
            } else if !matches!(head.reference[0].v, V::Var(_)) {
                return None;
            }
        }
        if !has_if && !uses_contains && nargs == 0 && head.reference.len() == 2 {
            if !matches!(head.reference[0].v, V::Var(_)) {
                return None;
            }
            head.key = Some(head.reference[1].clone());
            if head.value.is_none() {
                head.reference.truncate(1);
            }
        }
        let mut body_parsed = false;
        if has_if {
            self.scan();
            let s = self.save();
            if let Some(expr) = self.parse_literal() {
                let set_literal = matches!(&expr.terms, ExprTerms::Term(t) if matches!(t.v, V::Set(_)));
                if !set_literal {
                    body_parsed = true;
                }
            }
            if !body_parsed {
                // Measured against OPA 1.20.2 (`p if }`, `p if x := }`): a literal after
                // `if` that fails keeps its errors unless a `{` follows the `if`.
                if s.tok != T::LBrace && !self.s.errors.is_empty() {
                    return None;
                }
                self.restore(s);
            }
        }
        if !body_parsed {
            if has_if || self.s.tok == T::LBrace {
                self.scan();
                self.parse_body(T::RBrace)?;
                self.scan();
            } else if uses_contains {
                let mut r = rule_of(head_row, &head, false, true, false);
                r.contains = true;
                return Some(vec![r]);
            } else {
                return None;
            }
        }
        let mut rule = rule_of(head_row, &head, false, false, has_if);
        rule.contains = uses_contains;
        if self.s.tok == T::Else && !self.scan_ahead_ref() {
            let r = &head.reference;
            if r.len() > 1 && !ground(&V::Ref(r.clone())) {
                self.error_here("else keyword cannot be used on rules with variables in head");
                return None;
            }
            if head.key.is_some() {
                self.error_here("else keyword cannot be used on multi-value rules");
                return None;
            }
            rule.else_ = Some(Box::new(self.parse_else(&head, has_if)?));
        }
        let mut rules = vec![];
        let has_else = rule.else_.is_some();
        rules.push(rule);
        while self.s.tok == T::LBrace {
            if has_else {
                self.error_here("expected else keyword");
                return None;
            }
            let brow = self.row();
            self.scan();
            self.parse_body(T::RBrace)?;
            self.scan();
            let mut next = rule_of(brow, &head, false, false, has_if);
            next.contains = uses_contains;
            rules.push(next);
        }
        Some(rules)
    }

    fn parse_else(&mut self, head: &Head, head_if: bool) -> Opt<Rule> {
        let row = self.row();
        self.scan();
        match self.s.tok {
            T::LBrace | T::If => {}
            T::Assign | T::Unify => {
                self.scan();
                self.parse_term_infix_call()?;
            }
            _ => {
                self.illegal("expected else value term or rule body");
                return None;
            }
        }
        let has_if = self.s.tok == T::If;
        let has_lbrace = self.s.tok == T::LBrace;
        let mut rule = Rule {
            row,
            default: false,
            // An `else` keeps the keywords of the head it copies.
            has_if: head_if,
            generated_body: false,
            head_key: head.key.is_some(),
            head_value: true,
            generated_value: false,
            contains: false,
            function: head.args.is_some(),
            else_: None,
        };
        if !has_if && !has_lbrace {
            rule.generated_body = true;
            return Some(rule);
        }
        if has_if {
            rule.has_if = true;
            self.scan();
        }
        if self.s.tok == T::LBrace {
            self.scan();
            self.parse_body(T::RBrace)?;
            self.scan();
        } else if self.s.tok != T::Eof {
            self.parse_literal()?;
        } else {
            self.illegal("rule body expected");
            return None;
        }
        if self.s.tok == T::Else {
            rule.else_ = Some(Box::new(self.parse_else(head, head_if)?));
        }
        Some(rule)
    }

    fn parse_head(&mut self, default: bool) -> Opt<Head> {
        let term = self.parse_var();
        let r = self.parse_head_finish(term);
        let Some(r) = r else {
            self.illegal("expected rule head name");
            return None;
        };
        let mut head = match r.v {
            V::Var(_) => Head {
                reference: vec![r],
                args: None,
                key: None,
                value: None,
                generated_value: false,
                contains: false,
            },
            V::Ref(x) => Head {
                reference: x,
                args: None,
                key: None,
                value: None,
                generated_value: false,
                contains: false,
            },
            V::Call(c) => {
                let reference = match &c[0].v {
                    V::Var(_) => vec![c[0].clone()],
                    V::Ref(y) => {
                        if !matches!(y[0].v, V::Var(_)) {
                            let shown = ref_text(y);
                            self.illegal(&format!("rule head ref {shown} invalid"));
                            return None;
                        }
                        y.clone()
                    }
                    _ => vec![c[0].clone()],
                };
                Head {
                    reference,
                    args: Some(c[1..].to_vec()),
                    key: None,
                    value: None,
                    generated_value: false,
                    contains: false,
                }
            }
            _ => return None,
        };
        let name = ref_text(&head.reference);
        match self.s.tok {
            T::Contains => {
                if head.args.is_some() {
                    self.illegal(&format!(
                        "the contains keyword can only be used with multi-value rule definitions (e.g., {name} contains <VALUE> {{ ... }})"
                    ));
                }
                self.scan();
                head.key = self.parse_term_infix_call();
                if head.key.is_none() {
                    self.illegal(&format!(
                        "expected rule key term (e.g., {name} contains <VALUE> {{ ... }})"
                    ));
                }
                head.contains = true;
                return Some(head);
            }
            T::Unify => {
                self.scan();
                head.value = self.parse_term_infix_call();
                if head.value.is_none() {
                    // OPA prints the head's key, which is not set yet: `<nil>`.
                    self.illegal(&format!(
                        "expected rule value term (e.g., {name}[<nil>] = <VALUE> {{ ... }})"
                    ));
                }
            }
            T::Assign => {
                self.scan();
                head.value = self.parse_term_infix_call();
                if head.value.is_none() {
                    let note = if head.args.as_ref().is_some_and(|a| !a.is_empty()) {
                        format!("expected function value term (e.g., {name}(...) := <VALUE> {{ ... }})")
                    } else if head.key.is_some() {
                        format!("expected partial rule value term (e.g., {name}[...] := <VALUE> {{ ... }})")
                    } else if default {
                        format!("expected default rule value term (e.g., default {name} := <VALUE>)")
                    } else {
                        format!("expected rule value term (e.g., {name} := <VALUE> {{ ... }})")
                    };
                    self.illegal(&note);
                }
            }
            _ => {}
        }
        if head.value.is_none()
            && head.key.is_none()
            && (head.reference.len() != 2 || head.args.as_ref().is_some_and(|a| !a.is_empty()))
        {
            head.generated_value = true;
            head.value = Some(bool_term(&head.reference[0]));
        }
        Some(head)
    }

    fn validate_default_value(&mut self, head: &Head, row: usize, off: usize) -> bool {
        let Some(v) = &head.value else {
            self.error(row, off, "illegal default rule (must have a value)".into());
            return false;
        };
        let mut found = Vec::new();
        walk_default_value(&v.v, &mut found);
        for kind in &found {
            self.error(row, off, format!("illegal default rule (value cannot contain {kind})"));
        }
        found.is_empty()
    }

    fn validate_default_args(&mut self, head: &Head, row: usize, off: usize) -> bool {
        let mut seen: Vec<String> = Vec::new();
        let mut valid = true;
        for a in head.args.iter().flatten() {
            match &a.v {
                // Each `_` is a wildcard of its own (`$0`, `$1`, ...).
                V::Var(v) if v == "_" => {}
                V::Var(v) => {
                    if seen.contains(v) {
                        self.error(row, off, format!("illegal default rule (arguments cannot be repeated {v})"));
                        valid = false;
                    } else {
                        seen.push(v.clone());
                    }
                }
                other => {
                    let m = format!("illegal default rule (arguments cannot contain {})", value_name(other));
                    self.error(row, off, m);
                    valid = false;
                }
            }
        }
        valid
    }

    fn parse_body(&mut self, end: T) -> Opt<Vec<Expr>> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_query(false, end);
        self.leave();
        r
    }

    fn parse_query(&mut self, require_semi: bool, end: T) -> Opt<Vec<Expr>> {
        let mut body = Vec::new();
        if self.s.tok == end {
            self.error_here("found empty body");
            return None;
        }
        loop {
            let expr = self.parse_literal()?;
            body.push(expr);
            if self.s.tok == T::Semicolon {
                self.scan();
                continue;
            }
            if self.s.tok == end || require_semi {
                return Some(body);
            }
            if !self.s.skipped_nl {
                if self.s.errors.is_empty() {
                    let note = format!("expected \\n or ; or {}", tok_name(end));
                    self.illegal(&note);
                }
                return None;
            }
        }
    }

    fn parse_literal(&mut self) -> Opt<Expr> {
        let row = self.row();
        if self.too_deep {
            return None;
        }
        if self.allowed_ref_keyword(self.s.tok) {
            let s = self.save();
            self.scan_ws();
            let t = self.s.tok;
            self.restore(s);
            if matches!(t, T::Dot | T::LBrack) {
                self.s.tok = T::Ident;
                return self.parse_literal_expr(false, row);
            }
        }
        let mut negated = false;
        if self.s.tok == T::Not {
            let s = self.save();
            self.scan_ws();
            let t = self.s.tok;
            self.restore(s);
            if t != T::Dot && t != T::LBrack {
                self.scan();
                negated = true;
            }
        }
        match self.s.tok {
            T::Some => {
                if negated {
                    self.illegal("illegal negation of 'some'");
                    return None;
                }
                self.parse_some(row)
            }
            T::Every => {
                if negated {
                    self.illegal("illegal negation of 'every'");
                    return None;
                }
                self.parse_every(row)
            }
            _ => self.parse_literal_expr(negated, row),
        }
    }

    fn parse_literal_expr(&mut self, negated: bool, row: usize) -> Opt<Expr> {
        let mut expr = self.parse_expr(row)?;
        expr.negated = negated;
        if self.s.tok == T::With {
            self.parse_with()?;
            expr.with = true;
        }
        Some(expr)
    }

    fn parse_with(&mut self) -> Opt<()> {
        loop {
            self.scan();
            if self.s.tok != T::Ident {
                self.illegal("expected ident");
                return None;
            }
            let target = self.parse_term()?;
            if !matches!(target.v, V::Ref(_) | V::Var(_)) {
                self.illegal("expected with target path");
            }
            if self.s.tok != T::As {
                self.illegal("expected as keyword");
                return None;
            }
            self.scan();
            self.parse_term_infix_call()?;
            if self.s.tok != T::With {
                return Some(());
            }
        }
    }

    fn member_call(v: &V) -> Option<(&'static str, usize)> {
        let V::Call(c) = v else { return None };
        match ref_name(&c[0].v).as_deref() {
            Some("internal.member_2") => Some(("member_2", c.len())),
            Some("internal.member_3") => Some(("member_3", c.len())),
            _ => Some(("", c.len())),
        }
    }

    fn parse_some(&mut self, row: usize) -> Opt<Expr> {
        let s = self.save();
        self.scan();
        if let Some(term) = self.parse_term_infix_call() {
            if let Some((op, n)) = Self::member_call(&term.v) {
                match op {
                    "member_2" if n != 3 => {
                        self.illegal("illegal domain");
                        return None;
                    }
                    "member_3" if n != 4 => {
                        self.illegal("illegal domain");
                        return None;
                    }
                    "member_2" | "member_3" => {}
                    _ => {
                        self.illegal("expected `x in xs` or `x, y in xs` expression");
                        return None;
                    }
                }
                let mut with = false;
                if self.s.tok == T::With {
                    self.parse_with()?;
                    with = true;
                }
                return Some(Expr {
                    terms: ExprTerms::Some,
                    negated: false,
                    with,
                    row,
                });
            }
        }
        self.restore(s);
        loop {
            self.scan();
            if self.s.tok != T::Ident {
                self.illegal("expected var");
                return None;
            }
            self.scan();
            if self.s.tok != T::Comma {
                break;
            }
        }
        Some(Expr {
            terms: ExprTerms::Some,
            negated: false,
            with: false,
            row,
        })
    }

    fn parse_every(&mut self, row: usize) -> Opt<Expr> {
        self.scan();
        let term = self.parse_term_infix_call()?;
        let V::Call(call) = &term.v else {
            self.illegal("expected `x[, y] in xs { ... }` expression");
            return None;
        };
        let value = match ref_name(&call[0].v).as_deref() {
            Some("internal.member_2") => {
                if call.len() != 3 {
                    self.illegal("illegal domain");
                    return None;
                }
                call[1].clone()
            }
            Some("internal.member_3") => {
                if call.len() != 4 {
                    self.illegal("illegal domain");
                    return None;
                }
                if !matches!(call[1].v, V::Var(_)) {
                    self.illegal("expected key to be a variable");
                    return None;
                }
                call[2].clone()
            }
            _ => {
                self.illegal("expected `x[, y] in xs { ... }` expression");
                return None;
            }
        };
        if !matches!(value.v, V::Var(_)) {
            self.illegal("expected value to be a variable");
            return None;
        }
        if self.s.tok == T::LBrace {
            self.scan();
            self.parse_body(T::RBrace)?;
            self.scan();
            let mut with = false;
            if self.s.tok == T::With {
                self.parse_with()?;
                with = true;
            }
            return Some(Expr {
                terms: ExprTerms::Every,
                negated: false,
                with,
                row,
            });
        }
        self.illegal("missing body");
        None
    }

    fn parse_expr(&mut self, row: usize) -> Opt<Expr> {
        let lhs = self.parse_term_infix_call()?;
        if let Some(op) = self.parse_term_op(&[T::Assign, T::Unify]) {
            let rhs = self.parse_term_infix_call()?;
            return Some(Expr {
                terms: ExprTerms::Call(vec![op, lhs, rhs]),
                negated: false,
                with: false,
                row,
            });
        }
        let terms = match lhs.v {
            V::Call(c) => ExprTerms::Call(c),
            _ => ExprTerms::Term(lhs),
        };
        Some(Expr {
            terms,
            negated: false,
            with: false,
            row,
        })
    }

    fn parse_term_infix_call(&mut self) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_term_in(None, true);
        self.leave();
        r
    }
    fn parse_term_infix_call_in_list(&mut self) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_term_in(None, false);
        self.leave();
        r
    }

    fn call(op: Term, args: Vec<Term>, at: &Term) -> Term {
        let mut c = vec![op];
        c.extend(args);
        Term {
            v: V::Call(c),
            row: at.row,
            offset: at.offset,
        }
    }

    fn member_op(&self, name: &str) -> Term {
        let (row, offset) = (self.row(), self.off());
        let t = |v| Term { v, row, offset };
        t(V::Ref(vec![t(V::Var("internal".into())), t(V::Str(name.into()))]))
    }

    fn parse_term_in(&mut self, lhs: Option<Term>, key_val: bool) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_term_in_inner(lhs, key_val);
        self.leave();
        r
    }
    fn parse_term_in_inner(&mut self, lhs: Option<Term>, key_val: bool) -> Opt<Term> {
        let lhs = match lhs {
            Some(l) => Some(l),
            None => self.parse_term_relation(None),
        };
        let lhs = lhs?;
        if key_val && self.s.tok == T::Comma {
            let s = self.save();
            self.scan();
            if let Some(mhs) = self.parse_term_relation(None) {
                if self.s.tok == T::In {
                    let op = self.member_op("member_3");
                    self.scan();
                    if let Some(rhs) = self.parse_term_relation(None) {
                        let call = Self::call(op, vec![lhs.clone(), mhs, rhs], &lhs);
                        return if self.s.tok == T::In {
                            self.parse_term_in(Some(call), key_val)
                        } else {
                            Some(call)
                        };
                    }
                }
            }
            self.restore(s);
        }
        let _ = self.scan_ahead_ref();
        if self.s.tok == T::In {
            let op = self.member_op("member_2");
            self.scan();
            if let Some(rhs) = self.parse_term_relation(None) {
                let call = Self::call(op, vec![lhs.clone(), rhs], &lhs);
                return if self.s.tok == T::In {
                    self.parse_term_in(Some(call), key_val)
                } else {
                    Some(call)
                };
            }
        }
        Some(lhs)
    }

    /// One level of binary operators: `next` parses an operand.
    fn binary(
        &mut self,
        lhs: Option<Term>,
        ops: &[T],
        next: fn(&mut Self) -> Opt<Term>,
    ) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let mut lhs = match lhs {
            Some(l) => Some(l),
            None => next(self),
        };
        loop {
            let Some(l) = lhs.take() else {
                self.leave();
                return None;
            };
            if let Some(op) = self.parse_term_op(ops) {
                if let Some(rhs) = next(self) {
                    let call = Self::call(op, vec![l.clone(), rhs], &l);
                    if ops.contains(&self.s.tok) {
                        lhs = Some(call);
                        continue;
                    }
                    self.leave();
                    return Some(call);
                }
            }
            self.leave();
            return Some(l);
        }
    }

    fn parse_term_relation(&mut self, lhs: Option<Term>) -> Opt<Term> {
        self.binary(
            lhs,
            &[T::Equal, T::Neq, T::Lt, T::Gt, T::Lte, T::Gte],
            |p| p.parse_term_or(),
        )
    }
    fn parse_term_or(&mut self) -> Opt<Term> {
        self.binary(None, &[T::Or], |p| p.parse_term_and())
    }
    fn parse_term_and(&mut self) -> Opt<Term> {
        self.binary(None, &[T::And], |p| p.parse_term_arith())
    }
    fn parse_term_arith(&mut self) -> Opt<Term> {
        self.binary(None, &[T::Add, T::Sub], |p| p.parse_term_factor())
    }
    fn parse_term_factor(&mut self) -> Opt<Term> {
        self.binary(None, &[T::Mul, T::Quo, T::Rem], |p| p.parse_term())
    }

    fn parse_term(&mut self) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_term_inner();
        self.leave();
        r
    }

    fn parse_term_inner(&mut self) -> Opt<Term> {
        let l = self.off();
        if let Some((_, t, s)) = self.cache.iter().rev().take_while(|e| e.0 >= l).find(|e| e.0 == l) {
            let (t, s) = (t.clone(), s.clone());
            self.restore(s);
            return t;
        }
        let (row, offset) = (self.row(), self.off());
        let at = |v| Term { v, row, offset };
        let term = match self.s.tok {
            T::Null => Some(at(V::Null)),
            T::True | T::False => Some(at(V::Bool)),
            T::Sub | T::Dot | T::Number => {
                // OPA 1.20.2 reads `-` before a name as `minus(0, term)` (measured: `-input.x`,
                // `-f(1)`); before anything else but a number, "expected number".
                if self.s.tok == T::Sub {
                    let s = self.save();
                    self.scan();
                    if self.s.tok == T::Ident {
                        let operand = self.parse_term();
                        let term = operand.map(|t| {
                            let zero = Term { v: V::Num, row, offset };
                            let minus = Term {
                                v: V::Ref(vec![Term { v: V::Var("minus".into()), row, offset }]),
                                row,
                                offset,
                            };
                            Term { v: V::Call(vec![minus, zero, t]), row, offset }
                        });
                        let keep = self.cache.iter().position(|e| e.0 >= offset).unwrap_or(self.cache.len());
                        self.cache.truncate(keep);
                        let post = self.save();
                        self.cache.push((offset, term.clone(), post));
                        return term;
                    }
                    self.restore(s);
                }
                self.parse_number()
            }
            T::Str => {
                let lit = self.lit();
                let inner = lit.get(1..lit.len().saturating_sub(1)).unwrap_or("");
                // The scanner steps over `\u` and three characters without looking at them;
                // Go's JSON decoder, run on a string with a backslash, then refuses a `\u`
                // not followed by four hex digits, and any control character.
                let bad = lit.starts_with('"') && inner.contains('\\') && !json_string_ok(inner);
                if bad {
                    let m = format!("illegal string literal: {lit}");
                    self.error(row, offset, m);
                    None
                } else {
                    Some(at(V::Str(unescape(inner))))
                }
            }
            T::TmplPart | T::TmplEnd => self.parse_template(false),
            T::RawTmplPart | T::RawTmplEnd => self.parse_template(true),
            T::Ident | T::Contains => Some(self.parse_var()),
            T::LBrack => self.parse_array(),
            T::LBrace => self.parse_set_or_object(),
            T::LParen => {
                self.scan();
                let mut out = None;
                if let Some(r) = self.parse_term_infix_call() {
                    if self.s.tok == T::RParen {
                        out = Some(r);
                    } else {
                        self.error_here("non-terminated expression");
                    }
                }
                out
            }
            _ => {
                self.illegal("");
                None
            }
        };
        let term = self.parse_term_finish(term);
        // OPA's cache: pushing at an offset forgets the entries at or after it.
        let keep = self.cache.iter().position(|e| e.0 >= offset).unwrap_or(self.cache.len());
        self.cache.truncate(keep);
        let post = self.save();
        self.cache.push((offset, term.clone(), post));
        term
    }

    /// parseTemplateString: the text parts and expressions in turn, each expression one
    /// literal that must not bind or negate, the scanner reading on after its `}`.
    fn parse_template(&mut self, raw: bool) -> Opt<Term> {
        let (row, offset) = (self.row(), self.off());
        let mut parts = Vec::new();
        loop {
            if let Err(m) = self.template_part() {
                self.error_here(&m);
                return None;
            }
            if matches!(self.s.tok, T::TmplEnd | T::RawTmplEnd) {
                break;
            }
            self.scan();
            let (erow, eoff) = (self.row(), self.off());
            let Some(expr) = self.parse_literal() else {
                self.error_here("invalid template-string expression");
                return None;
            };
            let op = match &expr.terms {
                ExprTerms::Call(ts) if ts.len() == 3 => ref_name(&ts[0].v),
                _ => None,
            };
            let refused = if expr.negated {
                Some("negation ('not')")
            } else if op.as_deref() == Some("eq") {
                Some("unification ('=')")
            } else if op.as_deref() == Some("assign") {
                Some("assignment (':=')")
            } else if matches!(expr.terms, ExprTerms::Every) {
                Some("'every'")
            } else if matches!(expr.terms, ExprTerms::Some) {
                Some("'some'")
            } else {
                None
            };
            if let Some(what) = refused {
                self.error(erow, eoff, format!("unexpected {what} in template-string expression"));
                return None;
            }
            match expr.terms {
                ExprTerms::Term(t) => parts.push(t),
                ExprTerms::Call(ts) => parts.extend(ts),
                ExprTerms::Some | ExprTerms::Every => {}
            }
            if self.s.tok != T::RBrace {
                self.error_here("expected } to end template string expression");
                return None;
            }
            self.do_scan_mode(false, Mode::Template { raw });
        }
        Some(Term { v: V::Template(parts), row, offset })
    }

    /// templateStringPartToStringLiteral: a text part must be a JSON string once its `\{`
    /// escapes are gone.
    fn template_part(&self) -> Result<(), String> {
        match self.s.tok {
            T::RawTmplPart | T::RawTmplEnd => Ok(()),
            T::TmplPart | T::TmplEnd => {
                let l = &self.s.cur;
                let mut lit = String::new();
                let mut from = l.lit_from;
                for &e in &l.escapes {
                    lit.push_str(self.text.get(from..e).unwrap_or(""));
                    from = e + 1;
                }
                lit.push_str(self.text.get(from..l.end).unwrap_or(""));
                let inner = lit.get(1..lit.len().saturating_sub(1)).unwrap_or("");
                if inner.contains('\\') && !json_string_ok(inner) {
                    return Err(format!("illegal template-string part: {lit}"));
                }
                Ok(())
            }
            _ => Err("expected template-string part".into()),
        }
    }

    fn parse_term_finish(&mut self, head: Opt<Term>) -> Opt<Term> {
        let head = head?;
        self.scan_ws();
        match self.s.tok {
            T::LParen | T::Dot | T::LBrack => self.parse_ref(head),
            _ => {
                if self.s.tok == T::Ws {
                    self.scan();
                }
                Some(root_ref(head))
            }
        }
    }

    fn parse_head_finish(&mut self, head: Term) -> Opt<Term> {
        self.scan_ws();
        match self.s.tok {
            T::Add
            | T::Sub
            | T::Mul
            | T::Quo
            | T::Rem
            | T::And
            | T::Or
            | T::Equal
            | T::Neq
            | T::Gt
            | T::Gte
            | T::Lt
            | T::Lte => self.illegal(""),
            T::Ws => self.scan(),
            _ => {}
        }
        match self.s.tok {
            T::LParen | T::Dot | T::LBrack => return self.parse_ref(head),
            T::Ws => self.scan(),
            _ => {}
        }
        Some(root_ref(head))
    }

    fn parse_number(&mut self) -> Opt<Term> {
        let (row, offset) = (self.row(), self.off());
        let mut prefix = String::new();
        if self.s.tok == T::Sub {
            prefix.push('-');
            self.scan();
            if !matches!(self.s.tok, T::Number | T::Dot) {
                self.illegal("expected number");
                return None;
            }
        }
        if self.s.tok == T::Dot {
            prefix.push('.');
            self.scan();
            if self.s.tok != T::Number {
                self.illegal("expected number");
                return None;
            }
        }
        let lit = self.lit();
        let b = lit.as_bytes();
        if !prefix.ends_with('.') && b.len() > 1 && b[0] == b'0' {
            let decimal = b[1] == b'.';
            let sci = b.len() > 2 && (b[1] == b'e' || b[1] == b'E');
            if !decimal && !sci {
                self.illegal("expected number without leading zero");
                return None;
            }
        }
        // big.Float's SetString: a decimal, or a `0x`/`0b`/`0o` form (never scanned here);
        // its exponent bound is a million binary digits either way.
        let s = format!("{prefix}{lit}");
        if !valid_float(&s) {
            self.illegal("invalid float");
            return None;
        }
        if float_too_big(&s) {
            self.error_here("number too big");
            return None;
        }
        Some(Term {
            v: V::Num,
            row,
            offset,
        })
    }

    fn parse_call(&mut self, operator: Term) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_call_inner(operator);
        self.leave();
        r
    }
    fn parse_call_inner(&mut self, operator: Term) -> Opt<Term> {
        self.scan();
        if self.s.tok == T::RParen {
            self.scan_ws();
            if ref_name(&operator.v).as_deref() == Some("set") {
                return Some(Term {
                    v: V::Set(vec![]),
                    row: operator.row,
                    offset: operator.offset,
                });
            }
            let at = operator.clone();
            return Some(Self::call(operator, vec![], &at));
        }
        let at = operator.clone();
        let r = self.parse_term_list(T::RParen, vec![operator])?;
        self.scan_ws();
        Some(Term {
            v: V::Call(r),
            row: at.row,
            offset: at.offset,
        })
    }

    fn parse_ref(&mut self, head: Term) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_ref_inner(head);
        self.leave();
        r
    }
    fn parse_ref_inner(&mut self, head: Term) -> Opt<Term> {
        let (row, offset) = (head.row, head.offset);
        match head.v {
            V::Var(_)
            | V::Array(_)
            | V::Object(_)
            | V::Set(_)
            | V::ArrayCompr
            | V::ObjectCompr
            | V::SetCompr
            | V::Call(_) => {}
            ref other => {
                let m = format!("illegal ref (head cannot be {})", value_name(other));
                self.error(row, offset, m);
            }
        }
        let mut r = vec![head];
        let mk = |r: Vec<Term>| Term {
            v: V::Ref(r),
            row,
            offset,
        };
        loop {
            match self.s.tok {
                T::Dot => {
                    self.scan_ws();
                    if self.s.tok != T::Ident && !self.allowed_ref_keyword(self.s.tok) {
                        self.illegal("expected identifier");
                        return None;
                    }
                    let (prow, poff) = (self.row(), self.off());
                    r.push(Term {
                        v: V::Str(self.lit().to_string()),
                        row: prow,
                        offset: poff,
                    });
                    self.scan_ws();
                }
                T::LParen => {
                    let mut term = self.parse_call(mk(r));
                    if let Some(t) = term.take() {
                        match self.s.tok {
                            T::Ws => {
                                self.scan();
                                return Some(t);
                            }
                            T::Dot | T::LBrack => return self.parse_ref(t),
                            _ => return Some(t),
                        }
                    }
                    return None;
                }
                T::LBrack => {
                    self.scan();
                    let term = self.parse_term_infix_call()?;
                    if self.s.tok != T::RBrack {
                        self.illegal("expected [");
                        return None;
                    }
                    r.push(term);
                    self.scan_ws();
                }
                T::Ws => {
                    self.scan();
                    return Some(mk(r));
                }
                _ => return Some(mk(r)),
            }
        }
    }

    fn parse_array(&mut self) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_array_inner();
        self.leave();
        r
    }
    fn parse_array_inner(&mut self) -> Opt<Term> {
        let (row, offset) = (self.row(), self.off());
        let mk = |v| Some(Term { v, row, offset });
        self.scan();
        if self.s.tok == T::RBrack {
            return mk(V::Array(vec![]));
        }
        let mut potential = true;
        if self.s.tok == T::Comma {
            potential = false;
            self.scan();
        }
        let s = self.save();
        let head = self.parse_term()?;
        match self.s.tok {
            T::RBrack => return mk(V::Array(vec![head])),
            T::Comma => {
                self.scan();
                let terms = self.parse_term_list(T::RBrack, vec![head])?;
                return mk(V::Array(terms));
            }
            T::Or if potential => {
                self.scan();
                if self.parse_body(T::RBrack).is_some() {
                    return mk(V::ArrayCompr);
                }
                if self.s.tok != T::Comma {
                    return None;
                }
            }
            _ => {}
        }
        self.restore(s);
        let terms = self.parse_term_list(T::RBrack, vec![])?;
        mk(V::Array(terms))
    }

    fn parse_set_or_object(&mut self) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_set_or_object_inner();
        self.leave();
        r
    }
    fn parse_set_or_object_inner(&mut self) -> Opt<Term> {
        let (row, offset) = (self.row(), self.off());
        self.scan();
        if self.s.tok == T::RBrace {
            return Some(Term {
                v: V::Object(vec![]),
                row,
                offset,
            });
        }
        let mut potential = true;
        if self.s.tok == T::Comma {
            potential = false;
            self.scan();
        }
        let s = self.save();
        let head = self.parse_term()?;
        match self.s.tok {
            T::Or if potential => return self.parse_set(s, head, potential, row, offset),
            T::RBrace | T::Comma => return self.parse_set(s, head, potential, row, offset),
            T::Colon => return self.parse_object(head, potential, row, offset),
            _ => {}
        }
        self.restore(s.clone());
        let head = self.parse_term_infix_call_in_list()?;
        match self.s.tok {
            T::RBrace | T::Comma => return self.parse_set(s, head, false, row, offset),
            T::Colon => return self.parse_object(head, potential, row, offset),
            _ => {}
        }
        self.illegal("non-terminated set");
        None
    }

    fn parse_set(&mut self, s: State, head: Term, potential: bool, row: usize, offset: usize) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let mk = |v| Some(Term { v, row, offset });
        let r = match self.s.tok {
            T::RBrace => mk(V::Set(vec![head])),
            T::Comma => {
                self.scan();
                self.parse_term_list(T::RBrace, vec![head]).and_then(|t| mk(V::Set(t)))
            }
            T::Or => {
                let mut out = None;
                let mut fall_back = true;
                if potential {
                    self.scan();
                    if self.parse_body(T::RBrace).is_some() {
                        out = mk(V::SetCompr);
                        fall_back = false;
                    } else if self.s.tok != T::Comma {
                        fall_back = false;
                    }
                }
                if fall_back {
                    self.restore(s);
                    out = self.parse_term_list(T::RBrace, vec![]).and_then(|t| mk(V::Set(t)));
                }
                out
            }
            _ => None,
        };
        self.leave();
        r
    }

    fn parse_object(&mut self, k: Term, potential: bool, row: usize, offset: usize) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_object_inner(k, potential, row, offset);
        self.leave();
        r
    }
    fn parse_object_inner(&mut self, k: Term, potential: bool, row: usize, offset: usize) -> Opt<Term> {
        self.scan();
        let s = self.save();
        let v = self.parse_term()?;
        let mut potential_relation = true;
        if potential {
            let go = match self.s.tok {
                T::RBrace | T::Comma => {
                    potential_relation = false;
                    true
                }
                T::Or => true,
                _ => false,
            };
            if go {
                if let Some(t) = self.parse_object_finish(k.clone(), v, true, row, offset) {
                    return Some(t);
                }
            }
        }
        self.restore(s);
        if potential_relation {
            let v = self.parse_term_infix_call_in_list()?;
            if matches!(self.s.tok, T::RBrace | T::Comma) {
                return self.parse_object_finish(k, v, false, row, offset);
            }
        }
        self.illegal("non-terminated object");
        None
    }

    fn parse_object_finish(
        &mut self,
        key: Term,
        val: Term,
        potential: bool,
        row: usize,
        offset: usize,
    ) -> Opt<Term> {
        if !self.enter() {
            return None;
        }
        let mk = |v| Some(Term { v, row, offset });
        let r = match self.s.tok {
            T::RBrace => mk(V::Object(vec![(key, val)])),
            T::Or => {
                if potential {
                    self.scan();
                    if self.parse_body(T::RBrace).is_some() {
                        mk(V::ObjectCompr)
                    } else {
                        None
                    }
                } else {
                    self.illegal("non-terminated object");
                    None
                }
            }
            T::Comma => {
                self.scan();
                self.parse_term_pair_list(T::RBrace, vec![(key, val)])
                    .and_then(|r| mk(V::Object(r)))
            }
            _ => None,
        };
        self.leave();
        r
    }

    fn parse_term_list(&mut self, end: T, mut r: Vec<Term>) -> Opt<Vec<Term>> {
        if self.s.tok == end {
            return Some(r);
        }
        loop {
            let term = self.parse_term_infix_call_in_list()?;
            r.push(term);
            match self.s.tok {
                t if t == end => return Some(r),
                T::Comma => {
                    self.scan();
                    if self.s.tok == end {
                        return Some(r);
                    }
                }
                _ => {
                    let note = format!("expected \",\" or \"{}\"", tok_name(end));
                    self.illegal(&note);
                    return None;
                }
            }
        }
    }

    fn parse_term_pair_list(&mut self, end: T, mut r: Vec<(Term, Term)>) -> Opt<Vec<(Term, Term)>> {
        if self.s.tok == end {
            return Some(r);
        }
        loop {
            let key = self.parse_term_infix_call_in_list()?;
            if self.s.tok != T::Colon {
                self.illegal("expected \":\"");
                return None;
            }
            self.scan();
            let val = self.parse_term_infix_call_in_list()?;
            r.push((key, val));
            match self.s.tok {
                t if t == end => return Some(r),
                T::Comma => {
                    self.scan();
                    if self.s.tok == end {
                        return Some(r);
                    }
                }
                _ => {
                    let note = format!("expected \",\" or \"{}\"", tok_name(end));
                    self.illegal(&note);
                    return None;
                }
            }
        }
    }

    fn parse_term_op(&mut self, ops: &[T]) -> Opt<Term> {
        if ops.contains(&self.s.tok) {
            let (row, offset) = (self.row(), self.off());
            let name = tok_name(self.s.tok).to_string();
            let v = Term {
                v: V::Var(name),
                row,
                offset,
            };
            self.scan();
            return Some(Term {
                v: V::Ref(vec![v]),
                row,
                offset,
            });
        }
        None
    }

    fn parse_var(&mut self) -> Term {
        let (row, offset) = (self.row(), self.off());
        let lit = self.lit();
        Term {
            v: V::Var(lit.to_string()),
            row,
            offset,
        }
    }
}

fn bool_term(at: &Term) -> Term {
    Term {
        v: V::Bool,
        row: at.row,
        offset: at.offset,
    }
}

/// `input` and `data` alone are refs.
fn root_ref(head: Term) -> Term {
    if matches!(&head.v, V::Var(v) if v == "input" || v == "data") {
        let (row, offset) = (head.row, head.offset);
        return Term {
            v: V::Ref(vec![head]),
            row,
            offset,
        };
    }
    head
}

fn rule_of(row: usize, head: &Head, default: bool, generated_body: bool, has_if: bool) -> Rule {
    Rule {
        row,
        default,
        has_if,
        generated_body,
        head_key: head.key.is_some(),
        head_value: head.value.is_some(),
        generated_value: head.generated_value,
        contains: head.contains,
        function: head.args.is_some(),
        else_: None,
    }
}

/// A ref as OPA prints it in a message: `a.b`, `a[x]`, `a["b c"]`.
fn ref_text(r: &[Term]) -> String {
    let mut s = String::new();
    for (i, t) in r.iter().enumerate() {
        match &t.v {
            V::Var(v) if i == 0 => s.push_str(v),
            V::Str(p)
                if i > 0
                    && p.bytes().next().is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
                    && p.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') =>
            {
                s.push('.');
                s.push_str(p);
            }
            V::Str(p) => s.push_str(&format!("[{}]", serde_json::Value::String(p.clone()))),
            V::Var(v) => s.push_str(&format!("[{v}]")),
            _ => s.push_str("[...]"),
        }
    }
    s
}

/// Whether Go's JSON decoder takes `"inner"`: no control characters, escapes of its set,
/// `\u` with four hex digits.
fn json_string_ok(inner: &str) -> bool {
    let b = inner.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c < 0x20 => return false,
            b'\\' => match b.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') if b.get(i + 2..i + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) => {
                    i += 6
                }
                _ => return false,
            },
            _ => i += 1,
        }
    }
    true
}

fn unescape(inner: &str) -> String {
    if !inner.contains('\\') {
        return inner.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{inner}\"")).unwrap_or_else(|_| inner.to_string())
}

fn valid_float(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = match mant.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (mant, None),
    };
    let digits = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    let mant_ok = digits(int) && frac.is_none_or(digits) && !(int.is_empty() && frac.unwrap_or("").is_empty());
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mant_ok && exp_ok
}

/// big.Float's binary exponent beyond ±100 000 (about ±30 103 decimal digits).
fn float_too_big(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().unwrap_or(i64::MAX)),
        None => (t, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let all: String = format!("{int}{frac}");
    let Some(first) = all.bytes().position(|c| c != b'0') else {
        return false;
    };
    // The decimal exponent of the leading digit.
    let lead = int.len() as i64 - 1 - first as i64;
    let e10 = exp.saturating_add(lead);
    let e2 = (e10 as f64 * core::f64::consts::LOG2_10) as i64;
    !(-100_000..=100_000).contains(&e2)
}

fn walk_default_value(v: &V, found: &mut Vec<&'static str>) {
    match v {
        V::Ref(_) => found.push("ref"),
        V::Var(_) => found.push("var"),
        V::Call(_) => found.push("call"),
        // A template string's expressions are walked too: `default x := $"{y}"` is refused.
        V::Array(xs) | V::Set(xs) | V::Template(xs) => {
            xs.iter().for_each(|t| walk_default_value(&t.v, found))
        }
        V::Object(kv) => kv.iter().for_each(|(k, v)| {
            walk_default_value(&k.v, found);
            walk_default_value(&v.v, found);
        }),
        _ => {}
    }
}

/// OPA's errors for `text`, or `None` when OPA (as far as this port knows) parses it or the
/// text holds what is not modelled. `builtin` answers whether a name is a builtin function.
pub fn opa_errors(text: &str, builtin: &dyn Fn(&str) -> bool) -> Option<Vec<OpaError>> {
    // A byte-order mark at the very start is skipped.
    let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = P {
        text,
        s: State {
            cur: Lexeme::default(),
            next: first,
            next_row: 1,
            tok: T::Comment,
            errors: Vec::new(),
            hints: Vec::new(),
            skipped_nl: false,
            present: false,
        },
        cache: Vec::new(),
        depth: 0,
        too_deep: false,
    };
    let stmts = p.parse();
    if p.too_deep {
        return None;
    }
    if !p.s.errors.is_empty() {
        return Some(
            p.s.errors
                .into_iter()
                .map(|e| OpaError {
                    row: e.row,
                    message: e.message,
                    offset: Some(e.offset),
                })
                .collect(),
        );
    }
    module_errors(&stmts, builtin)
}

/// parser_ext.go's `parseModule`: the checks of statements that parsed.
fn module_errors(stmts: &[Stmt], builtin: &dyn Fn(&str) -> bool) -> Option<Vec<OpaError>> {
    let mut errs = Vec::new();
    let plain = |row: usize, m: &str| OpaError {
        row,
        message: m.to_string(),
        offset: None,
    };
    let Some(first) = stmts.first() else {
        // "empty module" is written by the caller (it has no row).
        return None;
    };
    let mut rules: Vec<&Rule> = Vec::new();
    let mut converted: Vec<Rule> = Vec::new();
    if !matches!(first, Stmt::Package(_)) {
        errs.push(plain(stmt_row(first), "package expected"));
    }
    // Body statements become rules in place: keep their order among the rules.
    let mut order: Vec<(bool, usize)> = Vec::new();
    for stmt in &stmts[1..] {
        match stmt {
            Stmt::Import(_) => {}
            Stmt::Package(row) => errs.push(plain(*row, "unexpected package")),
            Stmt::Rules(rs) => {
                for i in 0..rs.len() {
                    order.push((false, rules.len() + i));
                }
                rules.extend(rs.iter());
            }
            Stmt::Body(body) => match rule_from_body(body, builtin) {
                Ok(r) => {
                    order.push((true, converted.len()));
                    converted.push(r);
                }
                Err(m) => errs.push(plain(body[0].row, &m)),
            },
        }
    }
    for (conv, i) in order {
        let mut r = if conv { &converted[i] } else { rules[i] };
        loop {
            let t = if r.function { "function" } else { "rule" };
            if r.generated_body && r.generated_value {
                errs.push(plain(r.row, &format!("{t} must have value assignment and/or body declaration")));
            }
            if !r.generated_body && !r.has_if && !r.default {
                errs.push(plain(r.row, &format!("`if` keyword is required before {t} body")));
            }
            if r.head_key && !r.head_value && !r.contains {
                errs.push(plain(r.row, "`contains` keyword is required for partial set rules"));
            }
            match &r.else_ {
                Some(e) => r = e,
                None => break,
            }
        }
    }
    if errs.is_empty() {
        None
    } else {
        Some(errs)
    }
}

fn stmt_row(s: &Stmt) -> usize {
    match s {
        Stmt::Body(b) => b.first().map_or(0, |e| e.row),
        Stmt::Rules(r) => r.first().map_or(0, |r| r.row),
        Stmt::Package(row) | Stmt::Import(row) => *row,
    }
}

/// ParseRuleFromBody: a statement of a body at the top that must read as a rule.
fn rule_from_body(body: &[Expr], builtin: &dyn Fn(&str) -> bool) -> Result<Rule, String> {
    if body.len() != 1 {
        return Err("multiple expressions cannot be used for rule head".into());
    }
    let e = &body[0];
    if e.with {
        return Err("expressions using with keyword cannot be used for rule head".into());
    }
    if e.negated {
        return Err("negated expressions cannot be used for rule head".into());
    }
    let rule = |head_key: bool, head_value: bool, function: bool| Rule {
        row: e.row,
        default: false,
        has_if: false,
        generated_body: true,
        head_key,
        head_value,
        // Only a bare ref of three or more parts gets its value generated.
        generated_value: !head_key && head_value && !function && matches!(&e.terms, ExprTerms::Term(_)),
        contains: false,
        function,
        else_: None,
    };
    match &e.terms {
        ExprTerms::Some => Err("'some' declarations cannot be used for rule head".into()),
        ExprTerms::Every => Err("expression cannot be used for rule head".into()),
        ExprTerms::Term(t) => match &t.v {
            V::Ref(r) if r.len() > 2 => {
                if !matches!(r[0].v, V::Var(_)) {
                    return Err(format!("invalid rule head: {}", ref_text(r)));
                }
                Ok(rule(false, true, false))
            }
            V::Ref(r) => {
                if r.len() == 1 {
                    return Err("refs cannot be used for rule head".into());
                }
                if !matches!(r[0].v, V::Var(_)) {
                    return Err(format!("invalid rule head: {}", ref_text(r)));
                }
                Ok(rule(true, false, false))
            }
            v => Err(format!("{} cannot be used for rule name", value_name(v))),
        },
        ExprTerms::Call(terms) => {
            let op = ref_name(&terms[0].v).unwrap_or_default();
            if (op == "eq" || op == "assign") && terms.len() == 3 {
                let lhs = &terms[1];
                // ParseRuleFromCallEqExpr, then the partial object and complete forms.
                if let V::Call(c) = &lhs.v {
                    if let V::Ref(r) = &c[0].v {
                        if !matches!(r[0].v, V::Var(_)) {
                            return Err(format!("invalid rule head: {}", ref_text(r)));
                        }
                        return Ok(rule(false, true, true));
                    }
                }
                if let V::Ref(r) = &lhs.v {
                    if matches!(r[0].v, V::Var(_)) {
                        return Ok(rule(r.len() == 2, true, false));
                    }
                    return Err(format!("invalid rule head: {}", ref_text(r)));
                }
                return match &lhs.v {
                    V::Var(_) => Ok(rule(false, true, false)),
                    v => Err(format!("{} cannot be used for rule name", value_name(v))),
                };
            }
            if builtin(&op) {
                return Err("rule name conflicts with built-in function".into());
            }
            if terms.len() <= 1 {
                return Err("rule argument list must take at least one argument".into());
            }
            if let V::Ref(r) = &terms[0].v {
                if !matches!(r[0].v, V::Var(_)) {
                    return Err(format!("invalid rule head: {}", ref_text(r)));
                }
            }
            Ok(rule(false, true, true))
        }
    }
}
