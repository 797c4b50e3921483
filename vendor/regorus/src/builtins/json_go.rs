// govlint patch 66: the JSON that `json.unmarshal` and `json.is_valid` accept where serde_json
// refuses and Go's encoding/json (OPA) does not: an unpaired UTF-16 surrogate escape
// (`"\ud800"`), which Go decodes as U+FFFD, and a number beyond float64's range (`1e400`),
// which OPA keeps as a number with its text (read as a policy literal is, patch 41 and 65).
//
// serde_json stays the fast path; this reader runs only when it fails, so it must refuse
// everything Go's scanner refuses (RFC 8259 strictly) and agree with serde_json elsewhere.

use crate::number::Number;
use crate::value::Value;
use crate::*;

use alloc::collections::BTreeMap;
use anyhow::{bail, Result};

// serde_json's own nesting bound: the fallback never accepts deeper text than the fast path.
const MAX_DEPTH: usize = 128;

/// `text` read as Go's encoding/json reads it.
pub(crate) fn from_go_json_str(text: &str) -> Result<Value> {
    let mut r = Reader {
        s: text.as_bytes(),
        at: 0,
    };
    r.space();
    let v = r.value(0)?;
    r.space();
    if r.at != r.s.len() {
        bail!("trailing characters at byte {}", r.at);
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value> {
        if self.s[self.at..].starts_with(w.as_bytes()) {
            self.at += w.len();
            Ok(v)
        } else {
            bail!("invalid literal at byte {}", self.at)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            bail!("recursion limit exceeded");
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Value::from(self.string()?)),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => bail!("expected value at byte {}", self.at),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::from(items));
        }
        loop {
            self.space();
            items.push(self.value(depth + 1)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::from(items));
                }
                _ => bail!("expected `,` or `]` at byte {}", self.at),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value> {
        self.at += 1;
        let mut fields = BTreeMap::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::from(fields));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                bail!("expected a key at byte {}", self.at);
            }
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                bail!("expected `:` at byte {}", self.at);
            }
            self.at += 1;
            self.space();
            // As in Go and serde_json, a repeated key keeps its last value.
            fields.insert(Value::from(key), self.value(depth + 1)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::from(fields));
                }
                _ => bail!("expected `,` or `}}` at byte {}", self.at),
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let h = self.s.get(at..at + 4)?;
        let h = core::str::from_utf8(h).ok()?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    }

    // Go's unquote: a high surrogate followed by `\u` + low surrogate is one character; any
    // other surrogate is U+FFFD and what follows it is read on its own.
    fn string(&mut self) -> Result<String> {
        self.at += 1;
        let mut out = String::new();
        let mut run = self.at;
        loop {
            let Some(b) = self.peek() else {
                bail!("unterminated string");
            };
            match b {
                b'"' => {
                    out.push_str(self.utf8(run, self.at)?);
                    self.at += 1;
                    return Ok(out);
                }
                0..=0x1f => bail!("control character in string at byte {}", self.at),
                b'\\' => {
                    out.push_str(self.utf8(run, self.at)?);
                    self.at += 1;
                    let Some(e) = self.peek() else {
                        bail!("unterminated string");
                    };
                    self.at += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let Some(c) = self.hex4(self.at) else {
                                bail!("invalid \\u escape at byte {}", self.at);
                            };
                            self.at += 4;
                            let c = if (0xd800..0xdc00).contains(&c)
                                && self.s.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                match self.hex4(self.at + 2) {
                                    Some(lo @ 0xdc00..0xe000) => {
                                        self.at += 6;
                                        0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00)
                                    }
                                    _ => 0xfffd,
                                }
                            } else {
                                c
                            };
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        _ => bail!("invalid escape at byte {}", self.at - 1),
                    }
                    run = self.at;
                }
                _ => self.at += 1,
            }
        }
    }

    fn utf8(&self, from: usize, to: usize) -> Result<&str> {
        // The input is a Rust string and `from`/`to` sit on ASCII bytes, so this holds.
        Ok(core::str::from_utf8(&self.s[from..to])?)
    }

    // RFC 8259's number grammar, as Go's scanner checks it.
    fn number(&mut self) -> Result<Value> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => bail!("invalid number at byte {}", start),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                bail!("invalid number at byte {}", start);
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                bail!("invalid number at byte {}", start);
            }
            self.digits();
        }
        let text = self.utf8(start, self.at)?;
        // A number serde_json reads is read as the fast path reads it.
        if let Ok(v) = Value::from_json_str(text) {
            return Ok(v);
        }
        // Beyond float64: the big number a policy literal is (patch 41), with its text (65).
        if crate::lexer::big_literal(text) {
            if let Ok(n) = text.parse::<Number>() {
                return Ok(Value::Number(Number::with_text(n, text)));
            }
        }
        bail!("number out of range at byte {}", start)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }
}
