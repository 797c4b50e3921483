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

use super::intern::{too_deep, Interner, MAX_DEPTH};

/// Items smaller than this are parsed whole: splitting them gains nothing.
pub(super) const BIG: usize = 4 << 20;

/// Values this many levels below the outlined value are kept as text (outlined in turn when
/// big).
const DEPTH: usize = 2;

/// An item's structure, down to pieces of JSON text smaller than [`BIG`] (or scalars).
pub(super) enum Outline<'a> {
    Scalar(Value),
    /// A value's text, and inside how many arrays and objects of the item it sits: its parse
    /// continues the item's count towards [`MAX_DEPTH`].
    Text(&'a str, usize),
    Array(Vec<Outline<'a>>),
    Object(Vec<(String, Outline<'a>)>),
}

impl<'a> Outline<'a> {
    /// Reads `json` (one item's text) into an outline whose pieces of text are smaller than
    /// `big` bytes (or cannot be split: strings, numbers).
    pub(super) fn of(json: &'a str, big: usize) -> Result<Outline<'a>, serde_json::Error> {
        Outline::at(json, 0, big)
    }

    /// [`Outline::of`] for a value inside `depth` arrays and objects of its item. Each level
    /// outlined counts towards [`MAX_DEPTH`], which bounds the recursion: a snapshot nested
    /// thousands of levels deep once overflowed the stack here.
    fn at(json: &'a str, depth: usize, big: usize) -> Result<Outline<'a>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let outline = Level { level: 0, depth }.deserialize(&mut de)?;
        de.end()?;
        outline.deepen(big)
    }

    /// Outlines the pieces of text that are still big.
    fn deepen(self, big: usize) -> Result<Outline<'a>, serde_json::Error> {
        Ok(match self {
            Outline::Text(t, depth) if t.len() >= big && t.starts_with(['{', '[']) => {
                Outline::at(t, depth, big)?
            }
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
    /// Each with its depth, for [`super::intern::piece`].
    pub(super) fn texts(&self, out: &mut Vec<(&'a str, usize)>) {
        match self {
            Outline::Scalar(_) => {}
            Outline::Text(t, depth) => out.push((t, *depth)),
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
            Outline::Text(..) => parsed.next().unwrap_or(Value::Undefined),
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

/// Deserialises one value `level` levels below the value outlined, inside `depth` arrays and
/// objects of the item.
#[derive(Clone, Copy)]
struct Level {
    level: usize,
    depth: usize,
}

impl Level {
    /// Whether the values inside this one are left as text.
    fn leaves_text(&self) -> bool {
        self.level + 1 >= DEPTH
    }

    /// The level of the values inside this array or object, if the item may nest that deep.
    fn inside<E: de::Error>(&self) -> Result<Level, E> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        Ok(Level {
            level: self.level + 1,
            depth,
        })
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
        let inside = self.inside()?;
        let mut out = Vec::new();
        if self.leaves_text() {
            while let Some(raw) = seq.next_element::<&RawValue>()? {
                out.push(Outline::Text(raw.get(), inside.depth));
            }
        } else {
            while let Some(o) = seq.next_element_seed(inside)? {
                out.push(o);
            }
        }
        Ok(Outline::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outline<'de>, A::Error> {
        let inside = self.inside()?;
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = if self.leaves_text() {
                Outline::Text(map.next_value::<&RawValue>()?.get(), inside.depth)
            } else {
                map.next_value_seed(inside)?
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
            .map(|(t, depth)| super::super::intern::piece(&mut interner, t, *depth).expect("piece"))
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
            texts.iter().any(|(t, _)| t.starts_with(r#"{"id": "d1""#)),
            "{texts:?}"
        );
        // Under BIG, two levels only: the instances are whole pieces.
        let mut texts = Vec::new();
        Outline::of(json, BIG).expect("outline").texts(&mut texts);
        assert!(
            texts.iter().any(|(t, _)| t.starts_with(r#"{"id": "i1""#)),
            "{texts:?}"
        );
    }

    /// An item whose `a` holds `arrays` nested arrays: it nests `arrays + 1` levels.
    fn nested(arrays: usize) -> String {
        format!(
            r#"{{"id": "x", "a": {}{}}}"#,
            "[".repeat(arrays),
            "]".repeat(arrays)
        )
    }

    fn snapshot_of(item: &str) -> String {
        format!(
            r#"{{"schema": "govlint.snapshot/v1", "tenant": {{"id": "t"}}, "fetchedAt": "2026-11-20T09:00:00Z",
            "collections": {{"g": {{"status": "complete", "count": 1, "items": [{item}]}}}}}}"#
        )
    }

    /// Found with the fuzz targets' properties (fuzz/README.md): the split parse accepted items
    /// nested past serde_json's limit, which the whole parse refused (each piece started the
    /// count afresh), and `check` (fetch's) refused items of 125 to 128 levels that the load
    /// accepted (its count starts at the file, four levels above the items). One limit now.
    #[test]
    fn items_nest_at_most_max_depth_whole_split_or_checked() {
        for (arrays, ok) in [
            (1, true),
            (MAX_DEPTH - 1, true),
            (MAX_DEPTH, false),
            (130, false),
        ] {
            let text = snapshot_of(&nested(arrays));
            for big in [1, 16, 100, BIG] {
                let parsed = crate::snapshot::parse_split_at("deep.json", &text, big);
                assert_eq!(parsed.is_ok(), ok, "{arrays} arrays, split at {big}");
                if let Err(e) = parsed {
                    assert!(e.to_string().contains("more than 64 levels deep"), "{e}");
                }
            }
            let checked = crate::snapshot::check::check(text.as_bytes());
            assert_eq!(checked.is_ok(), ok, "{arrays} arrays, checked: {checked:?}");
        }
    }

    /// Found with the snapshot_split fuzz target's property (fuzz/regressions/snapshot_split/):
    /// outlining recursed once per two levels with no limit, so a 5 MB item nested 2.5 million
    /// levels deep overflowed the stack (`govlint lint` aborted, exit 134). Now an error.
    #[test]
    fn a_huge_deeply_nested_item_is_an_error_not_a_stack_overflow() {
        let text = snapshot_of(&nested(BIG / 2 + 1000));
        let e = crate::snapshot::parse("deep.json", &text).expect_err("too deep");
        assert!(e.to_string().contains("levels deep"), "{e}");
        assert!(crate::snapshot::check::check(text.as_bytes()).is_err());
    }

    #[test]
    fn bad_pieces_are_errors() {
        assert!(Outline::of(r#"{"a": [1, 2"#, BIG).is_err());
        assert!(Outline::of(r#"{"a": {"b": [nope]}}"#, BIG).is_err());
        assert!(Outline::of(r#"{"a": {"b": [{"c": nope}]}}"#, 1).is_err());
        assert!(Outline::of(r#"{"a": 1} trailing"#, BIG).is_err());
    }
}
