//! Parsing a collection's items into [`regorus::Value`] with shared strings and shared small
//! objects.
//!
//! A large tenant repeats itself: a million access review decisions spell the same twenty keys,
//! the same handful of `decision` / `applyResult` values, the same zero-GUID `appliedBy` object
//! and, per principal and reviewer, the same identity object over and over. regorus's own
//! deserializer allocates every key and every string afresh, and the tree came to ~3.7x the
//! JSON text. Here every string up to [`MAX_INTERNED`] bytes is allocated once per table
//! and shared (an `Arc` clone), and every small object holding only strings, booleans and nulls
//! is built once and shared, so the tree holds each distinct one once. The values are the same
//! values; only their allocations are shared (regorus values are copy-on-write: a shared
//! one is never changed in place).
//!
//! The tables live for one parse: one per collection in the sequential parse (`items`), one
//! per rayon worker's run of items in the parallel one (`piece`, from `load.rs`), and are
//! dropped with it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use regorus::{Rc, Value};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// How deeply an item may nest arrays and objects (the item itself is one level). Graph's
/// objects nest a handful of levels. The limit is ours, checked the same way by the whole
/// parse, the split one (`split.rs`, whose pieces would each start serde_json's own count
/// afresh) and `check.rs` (which reads a whole file, the items four levels down), so all three
/// accept the same files; serde_json's own limit (128 levels from where a parse starts) is
/// never the one reached.
pub(super) const MAX_DEPTH: usize = 64;

/// The error for a value nested deeper than [`MAX_DEPTH`].
pub(super) fn too_deep<E: de::Error>() -> E {
    E::custom(format!(
        "an item nests arrays and objects more than {MAX_DEPTH} levels deep"
    ))
}

/// Longer strings (links, justifications, descriptions) are rarely repeated and are not
/// looked up: hashing them would cost more than sharing saves.
const MAX_INTERNED: usize = 96;

/// Objects with more entries are not shared (items themselves, which are unique).
const MAX_SHARED_ENTRIES: usize = 8;

/// foldhash: several times faster than the default SipHash on short strings, and seeded per
/// process like it.
type Hasher = foldhash::fast::RandomState;

/// How many values of an item's field are looked up before deciding whether its values repeat.
const SAMPLE: u32 = 1024;

#[derive(Default)]
pub(super) struct Interner {
    /// Object keys: a few hundred, looked up tens of millions of times, so kept apart from
    /// the values' table, which is large, to stay in the cache.
    keys: HashSet<Rc<str>, Hasher>,
    strings: HashSet<Rc<str>, Hasher>,
    /// Flat small objects by their entries: keys and string values are interned, so the
    /// address of a string identifies its content.
    objects: HashMap<Vec<(usize, Scalar)>, Value, Hasher>,
    /// Per field of an item (by its interned key's address): how often its values were found
    /// in `strings`. Ids, names and timestamps of items are nearly all distinct; looking them
    /// up cost a fifth of the parse and filled the table, so after [`SAMPLE`] lookups a field
    /// whose values rarely repeat is no longer looked up.
    fields: HashMap<usize, Tally, Hasher>,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    seen: u32,
    found: u32,
}

impl Tally {
    fn repeats(&self) -> bool {
        self.seen < SAMPLE || self.found.saturating_mul(8) >= self.seen
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Scalar {
    Null,
    Bool(bool),
    Str(usize),
}

impl Interner {
    pub(super) fn string(&mut self, s: &str) -> Value {
        share(&mut self.strings, s).0
    }

    pub(super) fn key(&mut self, s: &str) -> Value {
        share(&mut self.keys, s).0
    }

    /// The string value of an item's own field `key`: shared while that field's values repeat.
    fn field_string(&mut self, key: usize, s: &str) -> Value {
        let tally = self.fields.entry(key).or_default();
        if !tally.repeats() {
            return Value::String(Rc::from(s));
        }
        let (v, found) = share(&mut self.strings, s);
        let tally = self.fields.entry(key).or_default();
        tally.seen = tally.seen.saturating_add(1);
        tally.found = tally.found.saturating_add(u32::from(found));
        v
    }

    pub(super) fn object(&mut self, mut entries: Vec<(Value, Value)>) -> Value {
        // JSON allows a repeated key; like a map insert, the last one wins. The sort is stable.
        // Keys are strings, compared as `str` (what `Value::cmp` does for two strings, less
        // its dispatch).
        entries.sort_by(|a, b| match (&a.0, &b.0) {
            (Value::String(x), Value::String(y)) => x.as_ref().cmp(y.as_ref()),
            (x, y) => x.cmp(y),
        });
        entries.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        let key = (entries.len() <= MAX_SHARED_ENTRIES)
            .then(|| flat_key(&entries))
            .flatten();
        if let Some(shared) = key.as_ref().and_then(|k| self.objects.get(k)) {
            return shared.clone();
        }
        let map: BTreeMap<Value, Value> = entries.into_iter().collect();
        let value = Value::from(map);
        if let Some(k) = key {
            self.objects.insert(k, value.clone());
        }
        value
    }
}

/// `s` from `table` (added when new) when it is short, and whether it was found there.
fn share(table: &mut HashSet<Rc<str>, Hasher>, s: &str) -> (Value, bool) {
    if s.len() > MAX_INTERNED {
        return (Value::String(Rc::from(s)), false);
    }
    if let Some(shared) = table.get(s) {
        return (Value::String(Rc::clone(shared)), true);
    }
    let new: Rc<str> = Rc::from(s);
    table.insert(Rc::clone(&new));
    (Value::String(new), false)
}

/// The identity of a flat object (string keys, scalar values, every string interned), or None.
fn flat_key(entries: &[(Value, Value)]) -> Option<Vec<(usize, Scalar)>> {
    let interned =
        |s: &Rc<str>| (s.len() <= MAX_INTERNED).then_some(Rc::as_ptr(s) as *const u8 as usize);
    entries
        .iter()
        .map(|(k, v)| {
            let Value::String(k) = k else { return None };
            let v = match v {
                Value::Null => Scalar::Null,
                Value::Bool(b) => Scalar::Bool(*b),
                Value::String(s) => Scalar::Str(interned(s)?),
                _ => return None,
            };
            Some((interned(k)?, v))
        })
        .collect()
}

/// A value found inside `depth` arrays and objects of an item (0: the item itself), from its
/// JSON text, sharing `interner`'s strings and objects; with a depth, a piece of a split item
/// (`split.rs`). A piece's fields are tallied like an item's:
/// the pieces of a huge item are its many decisions or members, whose ids rarely repeat.
pub(super) fn piece(
    interner: &mut Interner,
    json: &str,
    depth: usize,
) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let v = Seed(interner, Place::Item, depth).deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// `#[serde(deserialize_with)]` for a collection's `items`.
pub fn items<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Value>, D::Error> {
    let mut interner = Interner::default();
    deserializer.deserialize_seq(Items(&mut interner))
}

struct Items<'a>(&'a mut Interner);

impl<'de> Visitor<'de> for Items<'_> {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<Value>, A::Error> {
        elements(self.0, Place::Item, 0, seq)
    }
}

/// The elements of a JSON array inside `depth` arrays and objects, each through `interner`.
fn elements<'de, A: SeqAccess<'de>>(
    interner: &mut Interner,
    place: Place,
    depth: usize,
    mut seq: A,
) -> Result<Vec<Value>, A::Error> {
    let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
    while let Some(v) = seq.next_element_seed(Seed(&mut *interner, place, depth))? {
        out.push(v);
    }
    Ok(out)
}

/// A value, where it sits, and inside how many arrays and objects of its item.
struct Seed<'a>(&'a mut Interner, Place, usize);

/// Where a value sits: an item, an item's own field (by its key's address), or deeper.
#[derive(Clone, Copy)]
enum Place {
    Item,
    Field(usize),
    Nested,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // As regorus's own deserializer: a non-finite number has no place in a Rego value.
        if !v.is_finite() {
            return Err(E::custom(format!("invalid non-finite number {v}")));
        }
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(match self.1 {
            Place::Field(key) => self.0.field_string(key, v),
            Place::Item | Place::Nested => self.0.string(v),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        let depth = self.2 + 1;
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        elements(self.0, Place::Nested, depth, seq).map(Value::from)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.2 + 1;
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(k) = map.next_key_seed(Key(&mut *self.0))? {
            let place = match (self.1, &k) {
                // Only an interned key's address names the field (longer keys are not shared).
                (Place::Item, Value::String(key)) if key.len() <= MAX_INTERNED => {
                    Place::Field(Rc::as_ptr(key) as *const u8 as usize)
                }
                _ => Place::Nested,
            };
            let v = map.next_value_seed(Seed(&mut *self.0, place, depth))?;
            entries.push((k, v));
        }
        Ok(self.0.object(entries))
    }
}

struct Key<'a>(&'a mut Interner);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(self.0.key(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Vec<Value> {
        let mut de = serde_json::Deserializer::from_str(json);
        items(&mut de).expect("valid items")
    }

    #[test]
    fn items_are_the_values_regorus_parses() {
        let json = r#"[{"id": "a", "n": 1, "neg": -2, "f": 1.5, "t": true, "nil": null,
            "list": [1, "x", {"k": "v"}], "empty": {}, "none": [], "dup": 1, "dup": 2,
            "long": "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"},
            {"id": "b", "who": {"id": "u1", "displayName": "U"}}]"#;
        let ours = parse(json);
        let theirs: Vec<Value> = serde_json::from_str(json).expect("regorus parse");
        assert_eq!(ours, theirs);
        assert_eq!(ours[0]["dup"], Value::from(2u64));
    }

    #[test]
    fn repeated_strings_and_small_objects_share_one_allocation() {
        let ours = parse(
            r#"[{"id": "1", "by": {"id": "z", "name": ""}, "s": "Approve", "big": {"a": 1}},
                {"id": "2", "by": {"name": "", "id": "z"}, "s": "Approve", "big": {"a": 1}},
                {"id": "3", "by": {"id": "z", "name": "other"}}]"#,
        );
        let ptr = |v: &Value| match v {
            Value::String(s) => Rc::as_ptr(s) as *const u8 as usize,
            Value::Object(o) => Rc::as_ptr(o) as *const u8 as usize,
            _ => 0,
        };
        assert_eq!(ptr(&ours[0]["s"]), ptr(&ours[1]["s"]));
        // Same entries in any order: one object; different entries: another.
        assert_eq!(ptr(&ours[0]["by"]), ptr(&ours[1]["by"]));
        assert_ne!(ptr(&ours[0]["by"]), ptr(&ours[2]["by"]));
        assert_eq!(ours[0]["by"], ours[1]["by"]);
        // Objects holding numbers are equal but not shared (only flat string objects are).
        assert_eq!(ours[0]["big"], ours[1]["big"]);
    }
}
