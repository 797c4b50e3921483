//! Checking a snapshot the way `load` would accept it, without building its value tree.
//!
//! `govlint fetch` checks what it wrote before putting it in place (a fetch never writes what
//! lint would refuse), and a large tenant's tree costs several times the file. This reads the
//! file as a stream and keeps nothing but each collection's envelope and item count: the same
//! checks as `load.rs` (UTF-8, JSON, the envelope's types, each item an object with a string
//! `id`, `count` equal to the items of a complete collection), on types instead of the tree.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::intern::{too_deep, MAX_DEPTH};
use super::load::Envelope;
use super::Status;

/// Why a snapshot would not load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// What a valid snapshot holds, in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Item count per collection.
    pub items: BTreeMap<String, u64>,
}

/// Checks the snapshot read from `reader` (read once, front to back; buffer it).
pub fn check(reader: impl Read) -> Result<Checked, Invalid> {
    let mut utf8 = Utf8Reader::new(reader);
    let parsed = {
        // The JSON reader takes a byte at a time: buffered, that is cheap.
        let mut de =
            serde_json::Deserializer::from_reader(io::BufReader::with_capacity(1 << 16, &mut utf8));
        Envelope::<Items>::deserialize(&mut de).and_then(|e| de.end().map(|()| e))
    };
    // A byte that is not UTF-8 stops the JSON reader first: say that, as `load` would.
    if let Some(at) = utf8.invalid_at {
        return Err(Invalid(format!(
            "snapshot is not UTF-8 (invalid byte at offset {at})"
        )));
    }
    let envelope = parsed.map_err(|e| {
        use serde_json::error::Category;
        Invalid(match e.classify() {
            Category::Data => format!("snapshot does not follow govlint.snapshot/v1: {e}"),
            Category::Io => format!("cannot read snapshot: {e}"),
            Category::Syntax | Category::Eof => format!("snapshot is not valid JSON: {e}"),
        })
    })?;
    let mut items = BTreeMap::new();
    for (name, c) in envelope.collections {
        if let Some(i) = c.items.first_bad {
            return Err(Invalid(format!(
                "collection `{name}`: item {i} is not an object with a string `id`"
            )));
        }
        if let Some(n) = c.count {
            if c.status == Status::Complete && n != c.items.count {
                return Err(Invalid(format!(
                    "collection `{name}`: `count` says {n} but {} items are present; the file may be truncated",
                    c.items.count
                )));
            }
        }
        items.insert(name, c.items.count);
    }
    Ok(Checked { items })
}

/// A collection's items: how many, and the first that is not an object with a string `id`.
#[derive(Default)]
struct Items {
    count: u64,
    first_bad: Option<u64>,
}

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Items, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Items;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items, A::Error> {
                let mut out = Items::default();
                while let Some(ok) = seq.next_element_seed(Shape)? {
                    if !ok && out.first_bad.is_none() {
                        out.first_bad = Some(out.count);
                    }
                    out.count += 1;
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V)
    }
}

/// One item, read as `load`'s parser reads it (every number parsed); `true` when it is an
/// object whose `id` (the last, if repeated: a map keeps the last) is a string.
struct Shape;

impl<'de> DeserializeSeed<'de> for Shape {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Shape {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an item")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        // The item is one level deep, its fields' values inside it.
        let mut id_is_string = false;
        while let Some(is_id) = map.next_key_seed(IsId)? {
            let kind = map.next_value_seed(Any(1))?;
            if is_id {
                id_is_string = kind == Kind::String;
            }
        }
        Ok(id_is_string)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        Any(0).visit_seq(seq).map(|_| false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        Any(0).visit_f64(v).map(|_| false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// Whether an object key is `id`.
struct IsId;

impl<'de> DeserializeSeed<'de> for IsId {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IsId {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E>(self, v: &str) -> Result<bool, E> {
        Ok(v == "id")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Other,
}

/// Any JSON value, walked in full: numbers parsed (so one out of range fails here as it fails
/// `load`), strings decoded, nothing kept; inside `.0` arrays and objects of its item, which
/// may nest no deeper than `load` allows.
#[derive(Clone, Copy)]
struct Any(usize);

impl Any {
    /// The values inside this array or object, if the item may nest that deep.
    fn inside<E: de::Error>(self) -> Result<Any, E> {
        if self.0 + 1 > MAX_DEPTH {
            return Err(too_deep());
        }
        Ok(Any(self.0 + 1))
    }
}

impl<'de> DeserializeSeed<'de> for Any {
    type Value = Kind;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Any {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let inside = self.inside()?;
        while map.next_key_seed(IsId)?.is_some() {
            map.next_value_seed(inside)?;
        }
        Ok(Kind::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let inside = self.inside()?;
        while seq.next_element_seed(inside)?.is_some() {}
        Ok(Kind::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        // As `load` (and regorus): a non-finite number is no Rego value.
        if !v.is_finite() {
            return Err(E::custom(format!("invalid non-finite number {v}")));
        }
        Ok(Kind::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Kind, E> {
        Ok(Kind::String)
    }
    fn visit_unit<E>(self) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
}

/// Passes bytes through once they are known to be UTF-8 (a character split across reads is
/// held back until it is whole); stops at the first invalid byte, recording where.
struct Utf8Reader<R> {
    inner: R,
    buf: Vec<u8>,
    /// `buf[start..valid]` is checked and not yet handed out; `buf[valid..end]` is the start
    /// of a character still incomplete.
    start: usize,
    valid: usize,
    end: usize,
    /// Offset in the stream of `buf[0]`.
    base: u64,
    /// Where the first byte that is not UTF-8 is, once `valid` reaches it.
    bad: Option<u64>,
    /// Set once the reader has reported `bad`.
    invalid_at: Option<u64>,
}

impl<R: Read> Utf8Reader<R> {
    fn new(inner: R) -> Self {
        Utf8Reader {
            inner,
            buf: vec![0; 1 << 16],
            start: 0,
            valid: 0,
            end: 0,
            base: 0,
            bad: None,
            invalid_at: None,
        }
    }

    fn invalid(&mut self, at: u64) -> io::Error {
        self.invalid_at = Some(at);
        io::Error::new(io::ErrorKind::InvalidData, "not UTF-8")
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.start == self.valid {
            if let Some(at) = self.bad {
                return Err(self.invalid(at));
            }
            // Keep the incomplete tail, read more after it.
            self.buf.copy_within(self.valid..self.end, 0);
            self.base += self.valid as u64;
            self.end -= self.valid;
            self.start = 0;
            self.valid = 0;
            let n = self.inner.read(&mut self.buf[self.end..])?;
            if n == 0 {
                if self.end > 0 {
                    return Err(self.invalid(self.base));
                }
                return Ok(0);
            }
            self.end += n;
            match std::str::from_utf8(&self.buf[..self.end]) {
                Ok(_) => self.valid = self.end,
                Err(e) => {
                    // Up to an incomplete character (completed by the next read) or a bad
                    // byte (reported once what precedes it is handed out).
                    self.valid = e.valid_up_to();
                    if e.error_len().is_some() {
                        self.bad = Some(self.base + self.valid as u64);
                    }
                }
            }
        }
        let n = out.len().min(self.valid - self.start);
        out[..n].copy_from_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#""schema": "govlint.snapshot/v1", "tenant": {"id": "t"}, "fetchedAt": "2026-11-20T09:00:00Z""#;

    fn doc(collections: &str) -> String {
        format!("{{{HEAD}, \"collections\": {{{collections}}}}}")
    }

    /// Both checks on one text: `load` (the tree) and `check` (the stream) must agree.
    fn both(text: &[u8]) -> (Result<(), String>, Result<Checked, Invalid>) {
        let loaded = match std::str::from_utf8(text) {
            Ok(t) => crate::snapshot::parse("s", t)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(_) => Err("not UTF-8".into()),
        };
        // A reader that hands out a few bytes at a time, to split characters across reads.
        struct Dribble<'a>(&'a [u8]);
        impl Read for Dribble<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = out.len().min(self.0.len()).min(3);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        (loaded, check(Dribble(text)))
    }

    fn accepted(text: &str) -> Checked {
        let (loaded, checked) = both(text.as_bytes());
        assert!(loaded.is_ok(), "load refused: {loaded:?}\n{text}");
        checked.unwrap_or_else(|e| panic!("check refused: {e}\n{text}"))
    }

    fn refused(text: &[u8], because: &str) {
        let (loaded, checked) = both(text);
        assert!(
            loaded.is_err(),
            "load accepted {}",
            String::from_utf8_lossy(text)
        );
        let e = checked.expect_err("check refuses what load refuses");
        assert!(e.0.contains(because), "{e} (wanted {because})");
    }

    #[test]
    fn accepts_what_load_accepts_and_counts_items() {
        let c = accepted(&doc(
            r#""users": {"status": "complete", "count": 2, "items": [
                {"id": "a", "n": [1, 2.5, -3, {"x": null}], "s": "é\u00e9\n"},
                {"x": 1, "id": "b", "id": "c"}]},
               "riskyUsers": {"status": "unavailable", "error": {"httpStatus": 403}, "items": []},
               "groups": {"status": "partial", "count": 9, "gaps": [{"what": "x"}], "items": [{"id": "g"}]},
               "empty": {"status": "complete"}"#,
        ));
        assert_eq!(c.items["users"], 2);
        assert_eq!(c.items["groups"], 1);
        assert_eq!(c.items["empty"], 0);
        // Unknown envelope fields are ignored by both.
        accepted(&format!(
            "{{{HEAD}, \"tool\": {{\"name\": \"x\", \"version\": \"1\"}}, \"extra\": [1], \"collections\": {{}}}}"
        ));
    }

    #[test]
    fn refuses_what_load_refuses() {
        let items = |items: &str| {
            doc(&format!(
                r#""c": {{"status": "complete", "items": [{items}]}}"#
            ))
        };
        refused(
            items(r#"{"id": "a"}, {"id": 1}"#).as_bytes(),
            "item 1 is not an object with a string `id`",
        );
        refused(
            items(r#"{"name": "no id"}"#).as_bytes(),
            "item 0 is not an object",
        );
        refused(items(r#""a""#).as_bytes(), "item 0 is not an object");
        refused(items(r#"{"id": "a", "id": null}"#).as_bytes(), "item 0");
        refused(
            items(r#"{"id": "a", "n": 1e999}"#).as_bytes(),
            "not valid JSON",
        );
        refused(
            doc(r#""c": {"status": "complete", "count": 3, "items": [{"id": "a"}]}"#).as_bytes(),
            "`count` says 3 but 1 items are present",
        );
        refused(
            doc(r#""c": {"status": "done", "items": []}"#).as_bytes(),
            "does not follow",
        );
        refused(doc(r#""c": {"items": []}"#).as_bytes(), "does not follow");
        refused(
            doc(r#""c": {"status": "complete", "count": "2"}"#).as_bytes(),
            "does not follow",
        );
        refused(
            br#"{"schema": "govlint.snapshot/v2", "tenant": {"id": "t"}, "fetchedAt": "2026-11-20T09:00:00Z", "collections": {}}"#,
            "does not follow",
        );
        refused(
            br#"{"schema": "govlint.snapshot/v1", "tenant": {"id": "t"}, "fetchedAt": "yesterday", "collections": {}}"#,
            "does not follow",
        );
        refused(
            br#"{"schema": "govlint.snapshot/v1", "fetchedAt": "2026-11-20T09:00:00Z", "collections": {}}"#,
            "does not follow",
        );
        let whole = doc(r#""c": {"status": "complete", "items": [{"id": "a"}]}"#);
        refused(&whole.as_bytes()[..whole.len() - 5], "not valid JSON");
        refused(format!("{whole} {{}}").as_bytes(), "not valid JSON");
        // Not UTF-8, in a string and in an ignored envelope field alike.
        let mut bad = items(r#"{"id": "aXb"}"#).into_bytes();
        let x = bad.iter().position(|b| *b == b'X').expect("marker");
        bad[x] = 0xFF;
        refused(&bad, "not UTF-8");
        let mut bad = format!("{{{HEAD}, \"extra\": \"X\", \"collections\": {{}}}}").into_bytes();
        let x = bad.iter().position(|b| *b == b'X').expect("marker");
        bad[x] = 0xC3; // the first byte of a two-byte character, cut short by the quote
        refused(&bad, "not UTF-8");
    }
}
