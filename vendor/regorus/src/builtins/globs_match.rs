// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 30: `regex.globs_match`, OPA's intersection test of two "regex-style globs"
// (the Go package github.com/yashtewari/glob-intersection): `.` any character, `[...]` a set
// of characters and ranges, `*` / `+` after a token, `\` escaping the next character. Its
// answers, quirks included, were taken from OPA 1.20.2: a pattern that has run out only meets
// the other if that one has run out too (so `a*` and `""` do not intersect), `^` in a set is a
// plain character, and `*`, `+`, `[`, `]` in a set are errors even when escaped.

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_string};
use crate::lexer::Span;
use crate::value::Value;
use crate::*;

use alloc::collections::BTreeMap;
use anyhow::{bail, Result};

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("regex.globs_match", (globs_match, 2));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    One,
    Star,
    Plus,
}

#[derive(PartialEq, Eq)]
enum Class {
    Any,
    Char(char),
    /// Sorted, disjoint, non-adjacent inclusive ranges (so equal sets compare equal).
    Set(Vec<(char, char)>),
}

struct Token {
    class: Class,
    flag: Flag,
}

fn invalid(input: &[char], pos: usize, msg: &str) -> String {
    let input: String = input.iter().collect();
    format!("input:{input}, pos:{pos}, {msg}: the input provided is invalid")
}

/// The next character at `i` and whether it was escaped, with the index after it.
fn next_char(s: &[char], i: usize) -> core::result::Result<Option<(char, bool, usize)>, String> {
    match s.get(i) {
        None => Ok(None),
        Some('\\') => match s.get(i + 1) {
            Some(&c) => Ok(Some((c, true, i + 2))),
            None => Err(invalid(s, i, "input ends with a \\ (escape) character")),
        },
        Some(&c) => Ok(Some((c, false, i + 1))),
    }
}

fn normalize(mut ranges: Vec<(char, char)>) -> Vec<(char, char)> {
    ranges.sort_unstable();
    let mut out: Vec<(char, char)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        match out.last_mut() {
            Some(last) if u32::from(lo) <= u32::from(last.1).saturating_add(1) => {
                last.1 = last.1.max(hi)
            }
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// A set after its `[`: characters, escaped characters and `x-y` ranges up to `]`.
fn parse_set(s: &[char], mut i: usize) -> core::result::Result<(Class, usize), String> {
    let mut ranges: Vec<(char, char)> = Vec::new();
    // The previous single character, which a `-` may extend into a range.
    let mut prev: Option<char> = None;
    while let Some((c, escaped, next)) = next_char(s, i)? {
        i = next;
        if escaped {
            ranges.push((c, c));
            prev = Some(c);
            continue;
        }
        match c {
            ']' => return Ok((Class::Set(normalize(ranges)), i)),
            '-' => {
                let Some(start) = prev else {
                    return Err(invalid(
                        s,
                        i,
                        "range character '-' must be preceded by a Unicode character",
                    ));
                };
                if i + 1 >= s.len() {
                    return Err(invalid(
                        s,
                        i,
                        "range character '-' must be followed by a Unicode character",
                    ));
                }
                let Some((end, escaped, next)) = next_char(s, i)? else {
                    return Err(invalid(s, i, "found [ without matching ]"));
                };
                i = next;
                if !escaped && (end == ']' || end == '-') {
                    return Err(invalid(
                        s,
                        i,
                        "range character '-' cannot be followed by a special symbol",
                    ));
                }
                if end < start {
                    return Err(invalid(
                        s,
                        i,
                        &format!(
                            "range is out of order: '{end}' comes before '{start}' in Unicode"
                        ),
                    ));
                }
                ranges.push((start, end));
                prev = None;
            }
            _ => {
                ranges.push((c, c));
                prev = Some(c);
            }
        }
    }
    Err(invalid(s, i, "found [ without matching ]"))
}

fn parse(input: &str) -> core::result::Result<Vec<Token>, String> {
    let s: Vec<char> = input.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while let Some((c, escaped, next)) = next_char(&s, i)? {
        i = next;
        let class = match c {
            _ if escaped => Class::Char(c),
            '.' => Class::Any,
            '[' => {
                let (set, next) = parse_set(&s, i)?;
                i = next;
                set
            }
            ']' => return Err(invalid(&s, i, "set-close ']' with no preceding '['")),
            '*' | '+' => {
                return Err(invalid(
                    &s,
                    i,
                    &format!("flag '{c}' must be preceded by a non-flag"),
                ))
            }
            _ => Class::Char(c),
        };
        let flag = match s.get(i) {
            Some('*') => Flag::Star,
            Some('+') => Flag::Plus,
            _ => Flag::One,
        };
        if flag != Flag::One {
            i += 1;
        }
        // `t*t*` is `t*`; `t+t*`, `t*t+` and `t+t+` are `t+` (the Go package merges them
        // before intersecting, which changes its answers, so this must too).
        if let Some(last) = tokens.last_mut() {
            if flag != Flag::One && last.flag != Flag::One && last.class == class {
                if flag == Flag::Plus {
                    last.flag = Flag::Plus;
                }
                continue;
            }
        }
        tokens.push(Token { class, flag });
    }
    Ok(tokens)
}

fn overlaps(s: &[(char, char)], t: &[(char, char)]) -> bool {
    s.iter()
        .any(|&(lo, hi)| t.iter().any(|&(l, h)| lo <= h && l <= hi))
}

/// Whether one character matches both tokens (`.` meets even the empty set, as in Go).
fn meet(a: &Token, b: &Token) -> bool {
    match (&a.class, &b.class) {
        (Class::Any, _) | (_, Class::Any) => true,
        (Class::Char(x), Class::Char(y)) => x == y,
        (Class::Char(c), Class::Set(s)) | (Class::Set(s), Class::Char(c)) => {
            overlaps(s, &[(*c, *c)])
        }
        (Class::Set(s), Class::Set(t)) => overlaps(s, t),
    }
}

/// The Go package's search, step for step (its answers are OPA's, including where they are
/// not the true intersection), over suffixes of the two globs, memoised so that a pattern of
/// many `*` cannot make it exponential.
struct Search<'a> {
    g: [&'a [Token]; 2],
    memo: BTreeMap<(u8, usize, usize, usize), bool>,
}

impl Search<'_> {
    fn tok(&self, side: usize, i: usize) -> Option<&Token> {
        self.g[side].get(i)
    }

    fn left(&self, side: usize, i: usize) -> usize {
        self.g[side].len().saturating_sub(i)
    }

    /// `a` is the side of the first glob, at `i`; the other side is at `j`.
    fn normal(&mut self, a: usize, mut i: usize, mut j: usize) -> bool {
        let b = 1 - a;
        while let (Some(x), Some(y)) = (self.tok(a, i), self.tok(b, j)) {
            if x.flag == Flag::One && y.flag == Flag::One {
                if !meet(x, y) {
                    return false;
                }
                i += 1;
                j += 1;
            } else {
                return self.special(a, i, j);
            }
        }
        self.left(a, i) == 0 && self.left(b, j) == 0
    }

    fn special(&mut self, a: usize, i: usize, j: usize) -> bool {
        let b = 1 - a;
        let (Some(x), Some(y)) = (self.tok(a, i), self.tok(b, j)) else {
            return false;
        };
        let (flagged, f, o, flag) = if x.flag != Flag::One {
            (a, i, j, x.flag)
        } else {
            (b, j, i, y.flag)
        };
        match flag {
            Flag::Plus => self.plus(flagged, f, o),
            Flag::Star => self.star(flagged, f, o),
            Flag::One => false,
        }
    }

    fn plus(&mut self, p: usize, i: usize, j: usize) -> bool {
        let o = 1 - p;
        let (Some(x), Some(y)) = (self.tok(p, i), self.tok(o, j)) else {
            return false;
        };
        if !meet(x, y) {
            return false;
        }
        let other_flagged = y.flag != Flag::One;
        if self.star(p, i, j + 1) {
            return true;
        }
        other_flagged && self.normal(p, i + 1, j)
    }

    fn star(&mut self, s: usize, i: usize, j: usize) -> bool {
        let key = (u8::try_from(s).unwrap_or(0), i, j, 0);
        if let Some(&known) = self.memo.get(&key) {
            return known;
        }
        let answer = self.star_uncached(s, i, j);
        self.memo.insert(key, answer);
        answer
    }

    fn star_uncached(&mut self, s: usize, i: usize, j: usize) -> bool {
        let o = 1 - s;
        let has_next = self.tok(s, i + 1).is_some();
        for k in j..self.g[o].len() {
            let (Some(t), Some(star)) = (self.tok(o, k), self.tok(s, i)) else {
                return false;
            };
            let gobbled = meet(t, star);
            let next_matches = self.tok(s, i + 1).is_some_and(|n| meet(t, n));
            if next_matches {
                if self.normal(s, i + 1, k) {
                    return true;
                }
            }
            if !gobbled {
                return false;
            }
        }
        !has_next
    }
}

/// Trims equal unflagged prefixes and suffixes, leaving one token of each (an empty glob
/// "breaks the algorithm", says the Go package), or `None` when they differ.
fn trim(g1: &[Token], g2: &[Token]) -> Option<(usize, usize, usize)> {
    let mut l = 0;
    while l < g1.len() && l < g2.len() && g1[l].flag == Flag::One && g2[l].flag == Flag::One {
        if !meet(&g1[l], &g2[l]) {
            return None;
        }
        l += 1;
    }
    l = l.saturating_sub(1);
    // Suffix ends as exclusive bounds: r1, r2 are one past the last kept token.
    let (mut r1, mut r2) = (g1.len(), g2.len());
    while r1 > l && r2 > l && g1[r1 - 1].flag == Flag::One && g2[r2 - 1].flag == Flag::One {
        if !meet(&g1[r1 - 1], &g2[r2 - 1]) {
            return None;
        }
        r1 -= 1;
        r2 -= 1;
    }
    if r1 < g1.len() {
        r1 += 1;
        r2 += 1;
    }
    Some((l, r1, r2))
}

fn non_empty(g1: &[Token], g2: &[Token]) -> bool {
    let Some((l, r1, r2)) = trim(g1, g2) else {
        return false;
    };
    let (Some(a), Some(b)) = (g1.get(l..r1), g2.get(l..r2)) else {
        return l >= r1 && l >= r2;
    };
    let mut search = Search {
        g: [a, b],
        memo: BTreeMap::new(),
    };
    search.normal(0, 0, 0)
}

fn globs_match(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "regex.globs_match";
    ensure_args_count(span, name, params, args, 2)?;
    let a = ensure_string(name, &params[0], &args[0])?;
    let b = ensure_string(name, &params[1], &args[1])?;
    let parsed = parse(&a).and_then(|g1| parse(&b).map(|g2| (g1, g2)));
    match parsed {
        Ok((g1, g2)) => Ok(Value::Bool(non_empty(&g1, &g2))),
        Err(e) => bail!(span.error(&format!("{name}: {e}"))),
    }
}
