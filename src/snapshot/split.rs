//! Splitting a huge item so that it parses on every core.
//!
//! The parallel parse (`load.rs`) hands items to the rayon pool, but one item can be most of
//! a snapshot: an annual review of a 500k-member group is one access review definition holding
//! its instances, and they hold half a million decisions each. Parsed as one piece, that item
//! kept one core busy while the other sat idle. An item bigger than [`BIG`] is therefore
//! outlined first: its structure down to [`DEPTH`] levels is read in one pass, and everything
//! below (each decision, each member) is left as JSON text, to be parsed in parallel with the
//! other items' text and put back in place.
//!
//! The outline depth is fixed rather than driven by size: knowing a value's size means
//! scanning it, and scanning a gigabyte once per level cost more than the split saves.
//! Definition → `instances` → instance → `decisions` → decision is four levels.

use std::fmt;

use regorus::Value;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::intern::Interner;

/// Items smaller than this are parsed whole: splitting them gains nothing.
pub(super) const BIG: usize = 4 << 20;

/// Values this many levels below the item are left as text for the parallel parse.
const DEPTH: usize = 4;

/// An item's structure down to [`DEPTH`], with what lies below as JSON text.
pub(super) enum Outline<'a> {
    Scalar(Value),
    Text(&'a str),
    Array(Vec<Outline<'a>>),
    Object(Vec<(String, Outline<'a>)>),
}

impl<'a> Outline<'a> {
    /// Reads `json` (one item's text) into an outline.
    pub(super) fn of(json: &'a str) -> Result<Outline<'a>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let outline = Level(0).deserialize(&mut de)?;
        de.end()?;
        Ok(outline)
    }

    /// Appends the text pieces, in the order [`Outline::build`] takes their values back.
    pub(super) fn texts(&self, out: &mut Vec<&'a str>) {
        match self {
            Outline::Scalar(_) => {}
            Outline::Text(t) => out.push(t),
            Outline::Array(a) => a.iter().for_each(|o| o.texts(out)),
            Outline::Object(o) => o.iter().for_each(|(_, o)| o.texts(out)),
        }
    }

    /// The item's value, taking the parsed text pieces from `parsed` in [`Outline::texts`]
    /// order. Objects are built as the parse builds them (keys sorted, the last of a repeated
    /// key wins), so the value is the one a whole-item parse gives.
    pub(super) fn build(
        self,
        interner: &mut Interner,
        parsed: &mut impl Iterator<Item = Value>,
    ) -> Value {
        match self {
            Outline::Scalar(v) => v,
            Outline::Text(_) => parsed.next().unwrap_or(Value::Undefined),
            Outline::Array(a) => {
                let items: Vec<Value> = a.into_iter().map(|o| o.build(interner, parsed)).collect();
                Value::from(items)
            }
            Outline::Object(entries) => {
                let entries = entries
                    .into_iter()
                    .map(|(k, o)| (interner.key(&k), o.build(interner, parsed)))
                    .collect();
                interner.object(entries)
            }
        }
    }
}

/// Deserialises one value `.0` levels below the item.
struct Level(usize);

impl Level {
    /// Whether the values inside this one are left as text.
    fn leaves_text(&self) -> bool {
        self.0 + 1 >= DEPTH
    }
}

impl<'de> DeserializeSeed<'de> for Level {
    type Value = Outline<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Outline<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level {
    type Value = Outline<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Outline<'de>, E> {
        Ok(Outline::Scalar(Value::Null))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Outline<'de>, E> {
        Ok(Outline::Scalar(Value::Bool(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Outline<'de>, E> {
        Ok(Outline::Scalar(Value::from(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Outline<'de>, E> {
        Ok(Outline::Scalar(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Outline<'de>, E> {
        // As the item parser: a non-finite number has no place in a Rego value.
        if !v.is_finite() {
            return Err(E::custom(format!("invalid non-finite number {v}")));
        }
        Ok(Outline::Scalar(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Outline<'de>, E> {
        Ok(Outline::Scalar(Value::from(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Outline<'de>, A::Error> {
        let mut out = Vec::new();
        if self.leaves_text() {
            while let Some(raw) = seq.next_element::<&RawValue>()? {
                out.push(Outline::Text(raw.get()));
            }
        } else {
            while let Some(o) = seq.next_element_seed(Level(self.0 + 1))? {
                out.push(o);
            }
        }
        Ok(Outline::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outline<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = if self.leaves_text() {
                Outline::Text(map.next_value::<&RawValue>()?.get())
            } else {
                map.next_value_seed(Level(self.0 + 1))?
            };
            out.push((k, v));
        }
        Ok(Outline::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outlines `json`, parses its text pieces one by one, and builds the value back.
    fn split_parse(json: &str) -> Value {
        let outline = Outline::of(json).expect("outline");
        let mut texts = Vec::new();
        outline.texts(&mut texts);
        let mut interner = Interner::default();
        let parsed: Vec<Value> = texts
            .iter()
            .map(|t| super::super::intern::item(&mut interner, t).expect("piece"))
            .collect();
        outline.build(&mut interner, &mut parsed.into_iter())
    }

    #[test]
    fn a_split_item_is_the_value_of_the_whole_item() {
        let json = r#"{"id": "def", "n": 1, "f": -1.5, "t": true, "nil": null, "dup": 1, "dup": 2,
            "scope": {"query": "/groups/g/members", "deep": {"deeper": {"deepest": [1, {"x": "y"}]}}},
            "instances": [
                {"id": "i1", "decisions": [
                    {"id": "d1", "decision": "Approve", "principal": {"id": "u1", "type": "user"}},
                    {"id": "d2", "decision": "Deny", "principal": {"id": "u2"}, "list": [[1], []]}
                ], "stages": [], "contactedReviewers": [{"id": "r"}]},
                {"id": "i2", "decisions": [], "x": "é \" \\ \u00e9"}
            ], "empty": {}, "none": []}"#;
        let whole: Value = serde_json::from_str(json).expect("regorus parse");
        let split = split_parse(json);
        assert_eq!(split, whole);
        // The outline really left the decisions as text.
        let mut texts = Vec::new();
        Outline::of(json).expect("outline").texts(&mut texts);
        assert!(texts.iter().any(|t| t.contains("\"d2\"")), "{texts:?}");
    }

    #[test]
    fn bad_pieces_are_errors() {
        assert!(Outline::of(r#"{"a": [1, 2"#).is_err());
        assert!(Outline::of(r#"{"a": {"b": {"c": [nope]}}}"#).is_err());
        assert!(Outline::of(r#"{"a": 1} trailing"#).is_err());
    }
}
