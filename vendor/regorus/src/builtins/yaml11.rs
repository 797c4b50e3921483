// govlint patch 46: `yaml.unmarshal` and `yaml.is_valid` read YAML as OPA does (go-yaml v2,
// YAML 1.1), not as YAML 1.2: plain `y`/`yes`/`on`/`n`/`no`/`off` are booleans, `010` is octal,
// `_` separates digits, `<<` merges mappings, only the first document counts, and a key that is
// null, a sequence or a mapping is an error.
//
// yaml_serde (already the engine's YAML parser) resolves scalars by YAML 1.2 and hides whether
// a scalar was quoted. It does hand out plain and quoted single-line scalars as slices borrowed
// from the input, so the byte on either side of the slice tells a quoted `"y"` (a string) from
// a plain `y` (a boolean in YAML 1.1). Scalars it cannot borrow (escapes, folded lines, block
// scalars) are never YAML 1.1 booleans or numbers, so they stay strings.

use crate::value::Value;
use crate::*;

use alloc::collections::BTreeMap;
use anyhow::{bail, Result};
use core::fmt;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

enum Node<'a> {
    Scalar(Value),
    Str(&'a str, bool), // text, plain (unquoted)
    Owned(String),
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

struct NodeVisitor<'a> {
    src: &'a str,
}

impl<'de> Visitor<'de> for NodeVisitor<'de> {
    type Value = Node<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        // OPA fails to turn `.inf` and `.nan` into JSON.
        if !v.is_finite() {
            return Err(E::custom("json: unsupported value"));
        }
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Str(v, !is_quoted(self.src, v) && !is_tagged(self.src, v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::Owned(v.into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::Owned(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element_seed(Seed { src: self.src })? {
            items.push(n);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key_seed(Seed { src: self.src })? {
            let v = map.next_value_seed(Seed { src: self.src })?;
            entries.push((k, v));
        }
        Ok(Node::Map(entries))
    }
}

struct Seed<'a> {
    src: &'a str,
}

impl<'de> de::DeserializeSeed<'de> for Seed<'de> {
    type Value = Node<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        d.deserialize_any(NodeVisitor { src: self.src })
    }
}

/// Whether the borrowed scalar `v` sits between matching quotes in `src`. A plain scalar never
/// starts right after a quote character (that would make the quote part of the scalar or a
/// syntax error), so a quote on both sides means the scalar was quoted.
fn is_quoted(src: &str, v: &str) -> bool {
    let base = src.as_ptr() as usize;
    let start = v.as_ptr() as usize;
    if start <= base || start > base + src.len() {
        return false;
    }
    let bytes = src.as_bytes();
    let (before, after) = (start - base - 1, start - base + v.len());
    match (bytes.get(before), bytes.get(after)) {
        (Some(b), Some(a)) => (*b == b'"' || *b == b'\'') && a == b,
        _ => false,
    }
}

/// Whether the word before the borrowed scalar `v` is a tag (`!!str y`): a tagged scalar is not
/// resolved as a plain one.
fn is_tagged(src: &str, v: &str) -> bool {
    let base = src.as_ptr() as usize;
    let start = v.as_ptr() as usize;
    if start < base || start > base + src.len() {
        return false;
    }
    let before = src.as_bytes().get(..start - base).unwrap_or_default();
    let trimmed = before.trim_ascii_end();
    if trimmed.len() == before.len() {
        return false;
    }
    let word_start = trimmed
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'[' | b'{' | b',' | b':'))
        .map_or(0, |i| i + 1);
    trimmed.get(word_start) == Some(&b'!')
}

/// The booleans of YAML 1.1 that YAML 1.2 reads as strings (`yes`, `off`, `y`, ...).
pub(super) fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// go-yaml v2's resolution of a plain scalar YAML 1.2 left a string.
fn resolve_plain(s: &str) -> Value {
    if let Some(b) = yaml11_bool(s) {
        return Value::from(b);
    }
    let first = s.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit() || first == b'+' || first == b'-' || first == b'.') {
        return Value::from(s);
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return Value::from(i);
    }
    if let Some(f) = yaml_float(&plain) {
        return Value::from(f);
    }
    Value::from(s)
}

/// A float as go-yaml v2 resolves one: its pattern (`is_yaml_style_float`), then
/// `strconv.ParseFloat`, finite.
pub(super) fn yaml_float(s: &str) -> Option<f64> {
    if !is_yaml_style_float(s) {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`/`0o`/`0b` or a leading `0` for octal.
pub(super) fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = go_radix_digits(body)?;
    let signed = if neg { format!("-{digits}") } else { digits };
    i64::from_str_radix(&signed, radix).ok()
}

/// The radix and digits of an unsigned integer as Go's `strconv.Parse{Int,Uint}(s, 0, 64)`
/// reads it: `0x`, `0b`, `0o` or a leading `0` (octal) sets the radix; `None` unless there
/// are digits and each is one of that radix.
pub(super) fn go_radix_digits(body: &str) -> Option<(u32, String)> {
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some((radix, digits.to_string()))
}

/// go-yaml v2's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
pub(super) fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let st = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - st
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn is_merge_key(k: &Node) -> bool {
    matches!(k, Node::Str("<<", true))
}

fn to_value(node: Node) -> Result<Value> {
    Ok(match node {
        Node::Scalar(v) => v,
        Node::Str(s, true) => resolve_plain(s),
        Node::Str(s, false) => Value::from(s),
        Node::Owned(s) => Value::from(s),
        Node::Seq(items) => Value::from(items.into_iter().map(to_value).collect::<Result<Vec<_>>>()?),
        Node::Map(entries) => {
            let mut out = BTreeMap::new();
            let mut merged = Vec::new();
            for (k, v) in entries {
                if is_merge_key(&k) {
                    merged.push(v);
                    continue;
                }
                out.insert(key_value(k)?, to_value(v)?);
            }
            // Keys written in the mapping win over merged ones; within a `<<: [a, b]` list
            // the earlier mapping wins.
            for m in merged {
                let sources = match m {
                    Node::Seq(items) => items,
                    other => vec![other],
                };
                for src in sources {
                    let Value::Object(obj) = to_value(src)? else {
                        bail!("map merge requires map or sequence of maps as the value");
                    };
                    for (k, v) in obj.iter() {
                        out.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
            }
            Value::from(out)
        }
    })
}

/// OPA turns scalar keys into strings and rejects null, sequence and mapping keys.
fn key_value(k: Node) -> Result<Value> {
    let v = to_value(k)?;
    Ok(match v {
        Value::String(_) => v,
        Value::Bool(b) => Value::from(if b { "true" } else { "false" }),
        Value::Number(_) => Value::from(serde_json::to_string(&v)?),
        _ => bail!("yaml: invalid map key"),
    })
}

/// Reads the first document of `src` as go-yaml v2 would.
pub fn from_yaml11_str(src: &str) -> Result<Value> {
    let Some(doc) = yaml_serde::Deserializer::from_str(src).next() else {
        return Ok(Value::Null);
    };
    let node = Seed { src }.deserialize_dyn(doc)?;
    to_value(node)
}

impl<'a> Seed<'a> {
    fn deserialize_dyn(self, d: yaml_serde::Deserializer<'a>) -> Result<Node<'a>> {
        use serde::de::DeserializeSeed;
        DeserializeSeed::deserialize(self, d).map_err(|e| anyhow::anyhow!("{e}"))
    }
}
