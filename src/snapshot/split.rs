//! Splitting a huge item so that it parses on every core.
//!
//! The parallel parse (`load.rs`) hands items to the rayon pool, but one item can be most of
//! a snapshot: an annual review of a 500k-member group is one access review definition holding
//! its instances, and they hold half a million decisions each. Parsed as one piece, that item
//! kept one core busy while the other sat idle. An item bigger than [`BIG`] is therefore
//! outlined first: its fields and their elements are read in one pass, and what lies below
//! them is left as JSON text, to be parsed in parallel with the other items' text and put back
//! in place. A piece of text that is itself bigger than [`BIG`] is outlined the same way: an
//! instance of that definition (half a million decisions) splits into its decisions, a group
//! with a large `members` list into its members.
//!
//! Each level costs one more scan of the big pieces only: knowing a value's size means
//! scanning it, so the outline stops at two levels and looks at the sizes of what it kept.

use std::fmt;

use regorus::Value;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::intern::Interner;

/// Items smaller than this are parsed whole: splitting them gains nothing.
pub(super) const BIG: usize = 4 << 20;

/// Values this many levels below the outlined value are kept as text (outlined in turn when
/// big).
const DEPTH: usize = 2;

/// An item's structure, down to pieces of JSON text smaller than [`BIG`] (or scalars).
pub(super) enum Outline<'a> {
    Scalar(Value),
    Text(&'a str),
    Array(Vec<Outline<'a>>),
    Object(Vec<(String, Outline<'a>)>),
}

impl<'a> Outline<'a> {
    /// Reads `json` (one item's text) into an outline whose pieces of text are smaller than
    /// `big` bytes (or cannot be split: strings, numbers).
    pub(super) fn of(json: &'a str, big: usize) -> Result<Outline<'a>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let outline = Level(0).deserialize(&mut de)?;
        de.end()?;
        outline.deepen(big)
    }

    /// Outlines the pieces of text that are still big.
    fn deepen(self, big: usize) -> Result<Outline<'a>, serde_json::Error> {
        Ok(match self {
            Outline::Text(t) if t.len() >= big && t.starts_with(['{', '[']) => Outline::of(t, big)?,
            Outline::Array(a) => Outline::Array(
                a.into_iter()
                    .map(|o| o.deepen(big))
                    .collect::<Result<_, _>>()?,
            ),
            Outline::Object(o) => Outline::Object(
                o.into_iter()
                    .map(|(k, v)| Ok((k, v.deepen(big)?)))
                    .collect::<Result<_, serde_json::Error>>()?,
            ),
            other => other,
        })
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

    /// Outlines `json` into pieces under `big` bytes, parses them one by one, and builds the
    /// value back.
    fn split_parse(json: &str, big: usize) -> Value {
        let outline = Outline::of(json, big).expect("outline");
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
        for big in [1, 64, 200, BIG] {
            assert_eq!(split_parse(json, big), whole, "pieces under {big} bytes");
        }
        // Pieces under 200 bytes: the big instance was outlined in turn, down to its decisions.
        let mut texts = Vec::new();
        Outline::of(json, 200).expect("outline").texts(&mut texts);
        assert!(
            texts.iter().any(|t| t.starts_with(r#"{"id": "d1""#)),
            "{texts:?}"
        );
        // Under BIG, two levels only: the instances are whole pieces.
        let mut texts = Vec::new();
        Outline::of(json, BIG).expect("outline").texts(&mut texts);
        assert!(
            texts.iter().any(|t| t.starts_with(r#"{"id": "i1""#)),
            "{texts:?}"
        );
    }

    #[test]
    fn bad_pieces_are_errors() {
        assert!(Outline::of(r#"{"a": [1, 2"#, BIG).is_err());
        assert!(Outline::of(r#"{"a": {"b": [nope]}}"#, BIG).is_err());
        assert!(Outline::of(r#"{"a": {"b": [{"c": nope}]}}"#, 1).is_err());
        assert!(Outline::of(r#"{"a": 1} trailing"#, BIG).is_err());
    }
}
