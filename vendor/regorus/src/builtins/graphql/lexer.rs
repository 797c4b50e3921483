// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 60: the GraphQL lexer of OPA's graphql.* builtins, behaving as gqlparser v2's
// (OPA's parser): positions count runes, a String token's column is the one after its quote
// (three quotes for a BlockString), comments are tokens the parser groups, and any lexical
// error becomes an `<Invalid>` token at the offending character, which the parser reports.

use alloc::string::String;
use alloc::vec::Vec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Invalid,
    Eof,
    Bang,
    Dollar,
    Amp,
    ParenL,
    ParenR,
    Spread,
    Colon,
    Equals,
    At,
    BracketL,
    BracketR,
    BraceL,
    BraceR,
    Pipe,
    Name,
    Int,
    Float,
    String,
    BlockString,
    Comment,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invalid => "<Invalid>",
            Kind::Eof => "<EOF>",
            Kind::Bang => "!",
            Kind::Dollar => "$",
            Kind::Amp => "&",
            Kind::ParenL => "(",
            Kind::ParenR => ")",
            Kind::Spread => "...",
            Kind::Colon => ":",
            Kind::Equals => "=",
            Kind::At => "@",
            Kind::BracketL => "[",
            Kind::BracketR => "]",
            Kind::BraceL => "{",
            Kind::BraceR => "}",
            Kind::Pipe => "|",
            Kind::Name => "Name",
            Kind::Int => "Int",
            Kind::Float => "Float",
            Kind::String => "String",
            Kind::BlockString => "BlockString",
            Kind::Comment => "Comment",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Token {
    pub kind: Kind,
    pub value: String,
    pub line: usize,
    pub col: i64,
}

pub struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
    failed: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Lexer {
            src: text.as_bytes(),
            text,
            pos: 0,
            line: 1,
            line_start: 0,
            failed: false,
        }
    }

    fn col_of(&self, byte: usize) -> i64 {
        self.text
            .get(self.line_start..byte)
            .map_or(1, |s| count(s) + 1)
    }

    fn tok(&self, kind: Kind, value: String, at: usize) -> Token {
        Token {
            kind,
            value,
            line: self.line,
            col: self.col_of(at),
        }
    }

    fn invalid(&mut self, at: usize) -> Token {
        // After a lexical error the parser stops at this token; later reads repeat it.
        self.failed = true;
        self.pos = at;
        self.tok(Kind::Invalid, String::new(), at)
    }

    fn peek_byte(&self, at: usize) -> Option<u8> {
        self.src.get(at).copied()
    }

    pub fn next_token(&mut self) -> Token {
        if self.failed {
            return self.tok(Kind::Invalid, String::new(), self.pos);
        }
        // Ignored: BOM, white space, line terminators, commas.
        loop {
            match self.peek_byte(self.pos) {
                Some(b' ' | b'\t' | b',') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                Some(b'\r') => {
                    self.pos += 1;
                    if self.peek_byte(self.pos) == Some(b'\n') {
                        self.pos += 1;
                    }
                    self.line += 1;
                    self.line_start = self.pos;
                }
                Some(0xEF)
                    if self.peek_byte(self.pos + 1) == Some(0xBB)
                        && self.peek_byte(self.pos + 2) == Some(0xBF) =>
                {
                    self.pos += 3
                }
                _ => break,
            }
        }
        let start = self.pos;
        let Some(c) = self.peek_byte(start) else {
            return self.tok(Kind::Eof, String::new(), start);
        };
        let punct = |k| (k, 1usize);
        let (kind, len) = match c {
            b'!' => punct(Kind::Bang),
            b'$' => punct(Kind::Dollar),
            b'&' => punct(Kind::Amp),
            b'(' => punct(Kind::ParenL),
            b')' => punct(Kind::ParenR),
            b':' => punct(Kind::Colon),
            b'=' => punct(Kind::Equals),
            b'@' => punct(Kind::At),
            b'[' => punct(Kind::BracketL),
            b']' => punct(Kind::BracketR),
            b'{' => punct(Kind::BraceL),
            b'}' => punct(Kind::BraceR),
            b'|' => punct(Kind::Pipe),
            b'.' => {
                if self.src.get(start..start + 3) == Some(b"...") {
                    (Kind::Spread, 3)
                } else {
                    return self.invalid(start);
                }
            }
            b'#' => {
                let mut end = start + 1;
                while let Some(b) = self.peek_byte(end) {
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                    end += 1;
                }
                let value = self.text.get(start..end).unwrap_or_default().into();
                let t = self.tok(Kind::Comment, value, start);
                self.pos = end;
                return t;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let mut end = start + 1;
                while matches!(
                    self.peek_byte(end),
                    Some(b'_' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
                ) {
                    end += 1;
                }
                let value = self.text.get(start..end).unwrap_or_default().into();
                let t = self.tok(Kind::Name, value, start);
                self.pos = end;
                return t;
            }
            b'-' | b'0'..=b'9' => return self.number(start),
            b'"' => {
                if self.src.get(start..start + 3) == Some(b"\"\"\"") {
                    return self.block_string(start);
                }
                return self.string(start);
            }
            _ => return self.invalid(start),
        };
        self.pos = start + len;
        self.tok(kind, String::new(), start)
    }

    fn digits(&mut self, mut at: usize) -> Result<usize, usize> {
        if !matches!(self.peek_byte(at), Some(b'0'..=b'9')) {
            return Err(at);
        }
        while matches!(self.peek_byte(at), Some(b'0'..=b'9')) {
            at += 1;
        }
        Ok(at)
    }

    fn number(&mut self, start: usize) -> Token {
        let mut at = start;
        let mut float = false;
        if self.peek_byte(at) == Some(b'-') {
            at += 1;
        }
        if self.peek_byte(at) == Some(b'0') {
            at += 1;
            if matches!(self.peek_byte(at), Some(b'0'..=b'9')) {
                return self.invalid(at);
            }
        } else {
            match self.digits(at) {
                Ok(e) => at = e,
                Err(e) => return self.invalid(e),
            }
        }
        if self.peek_byte(at) == Some(b'.') {
            float = true;
            match self.digits(at + 1) {
                Ok(e) => at = e,
                Err(e) => return self.invalid(e),
            }
        }
        if matches!(self.peek_byte(at), Some(b'e' | b'E')) {
            float = true;
            at += 1;
            if matches!(self.peek_byte(at), Some(b'+' | b'-')) {
                at += 1;
            }
            match self.digits(at) {
                Ok(e) => at = e,
                Err(e) => return self.invalid(e),
            }
        }
        let value = self.text.get(start..at).unwrap_or_default().into();
        let t = self.tok(if float { Kind::Float } else { Kind::Int }, value, start);
        self.pos = at;
        t
    }

    fn string(&mut self, start: usize) -> Token {
        let mut at = start + 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text.get(at..).and_then(|s| s.chars().next()) else {
                return self.invalid(at);
            };
            match c {
                '"' => break,
                '\n' | '\r' => return self.invalid(at),
                c if (c as u32) < 0x20 && c != '\t' => return self.invalid(at),
                '\\' => {
                    let esc = at + 1;
                    let Some(e) = self.peek_byte(esc) else {
                        return self.invalid(esc);
                    };
                    at = esc + 1;
                    match e {
                        b'"' => out.push('"'),
                        b'/' => out.push('/'),
                        b'\\' => out.push('\\'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hex = self.text.get(at..at + 4).and_then(|h| {
                                h.bytes()
                                    .all(|b| b.is_ascii_hexdigit())
                                    .then(|| u32::from_str_radix(h, 16).ok())
                                    .flatten()
                            });
                            let Some(code) = hex else {
                                return self.invalid(esc);
                            };
                            // A lone surrogate becomes U+FFFD, as Go's WriteRune writes it.
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            at += 4;
                        }
                        _ => return self.invalid(esc),
                    }
                }
                c => {
                    out.push(c);
                    at += c.len_utf8();
                }
            }
        }
        let t = self.tok(Kind::String, out, start + 1);
        self.pos = at + 1;
        t
    }

    fn block_string(&mut self, start: usize) -> Token {
        let mut at = start + 3;
        let mut raw = String::new();
        loop {
            let Some(c) = self.text.get(at..).and_then(|s| s.chars().next()) else {
                return self.invalid(at);
            };
            if self.src.get(at..at + 3) == Some(b"\"\"\"") {
                break;
            }
            if self.src.get(at..at + 4) == Some(b"\\\"\"\"") {
                raw.push_str("\"\"\"");
                at += 4;
                continue;
            }
            match c {
                '\n' => {
                    raw.push('\n');
                    at += 1;
                    self.line += 1;
                    self.line_start = at;
                }
                '\r' => {
                    raw.push('\n');
                    at += 1;
                    if self.peek_byte(at) == Some(b'\n') {
                        at += 1;
                    }
                    self.line += 1;
                    self.line_start = at;
                }
                c if (c as u32) < 0x20 && c != '\t' => return self.invalid(at),
                c => {
                    raw.push(c);
                    at += c.len_utf8();
                }
            }
        }
        // gqlparser places a block string on the line where it ends, at its start's offset
        // from that line's start: a negative column when it spans lines.
        let content = start + 3;
        let col = match self
            .text
            .get(self.line_start.min(content)..self.line_start.max(content))
        {
            Some(between) if self.line_start <= content => count(between) + 1,
            Some(between) => 1 - count(between),
            None => 1,
        };
        let t = Token {
            kind: Kind::BlockString,
            value: block_string_value(&raw),
            line: self.line,
            col,
        };
        self.pos = at + 3;
        t
    }
}

fn count(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX)
}

// The spec's BlockStringValue: common indentation of all lines but the first removed, blank
// leading and trailing lines dropped.
fn block_string_value(raw: &str) -> String {
    let lines: Vec<&str> = raw.split('\n').collect();
    let indent_of = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .skip(1)
        .filter(|l| l.len() > indent_of(l))
        .map(|l| indent_of(l))
        .min();
    let mut out: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| match common {
            Some(n) if i > 0 => l.get(n.min(l.len())..).unwrap_or_default(),
            _ => l,
        })
        .collect();
    let blank = |l: &&str| l.trim_start_matches([' ', '\t']).is_empty();
    while out.first().is_some_and(blank) {
        out.remove(0);
    }
    while out.last().is_some_and(blank) {
        out.pop();
    }
    out.join("\n")
}
