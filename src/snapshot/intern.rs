//! Parsing a collection's items into [`regorus::Value`] with shared strings and shared small
//! objects.
//!
//! A large tenant repeats itself: a million access review decisions spell the same twenty keys,
//! the same handful of `decision` / `applyResult` values, the same zero-GUID `appliedBy` object
//! and, per principal and reviewer, the same identity object over and over. regorus's own
//! deserializer allocates every key and every string afresh, and the tree came to ~3.7x the
//! JSON text. Here every string up to [`MAX_INTERNED`] bytes is allocated once per table
//! and shared (an `Arc` clone), and every small object or array whose values are scalars,
//! shared strings or themselves shared is built once and shared, so the tree holds each
//! distinct one once: a sign-in's `status`, its `location` with its coordinates, its list of
//! applied conditional access policies. The values are the same values; only their
//! allocations are shared (regorus values are copy-on-write: a shared one is never changed in
//! place).
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
    /// Small objects by their entries: keys and string values are interned, so the address
    /// of a string identifies its content (see [`Scalar`] for the rest).
    objects: HashMap<Vec<(usize, Scalar)>, Value, Hasher>,
    /// Short arrays by their elements, as `objects` (lists of one policy, `[]`, `["Mfa"]`).
    arrays: HashMap<Vec<Scalar>, Value, Hasher>,
    /// The number the parse read last: a number is a leaf, so the object or array it sits in
    /// takes it right after it is read (the value alone no longer tells `1` from `1.0`).
    number: Option<Scalar>,
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

/// What identifies a value inside a shared object or array.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Scalar {
    Null,
    Bool(bool),
    /// An interned string, by address.
    Str(usize),
    /// A number as the text spelled it: its kind (0 unsigned, 1 negative, 2 float) and bits,
    /// so `1` and `1.0` stay apart as the parse keeps them.
    Num(u8, u64),
    /// An object or array that is itself shared, by address. The table holds the object this
    /// one sits in, which holds it, so no other allocation can take that address while the
    /// entry lives: the same address is the same value.
    Shared(usize),
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

    /// An object built from an outline (`split.rs`): numbers' spellings are not known
    /// there, so an object holding a number is not shared.
    pub(super) fn object(&mut self, entries: Vec<(Value, Value)>) -> Value {
        let scalars = (entries.len() <= MAX_SHARED_ENTRIES)
            .then(|| {
                entries
                    .iter()
                    .map(|(_, v)| scalar(v, None))
                    .collect::<Option<Vec<_>>>()
            })
            .flatten();
        self.object_of(entries, scalars)
    }

    /// The object of `entries`, shared when it is small and `scalars` (its values' identities,
    /// in entry order) are all known.
    fn object_of(
        &mut self,
        mut entries: Vec<(Value, Value)>,
        scalars: Option<Vec<Scalar>>,
    ) -> Value {
        let key = scalars.and_then(|s| object_key(&entries, s));
        if let Some(shared) = key.as_ref().and_then(|k| self.objects.get(k)) {
            return shared.clone();
        }
        // JSON allows a repeated key; like a map insert, the last one wins. The sort is stable.
        // Keys are strings, compared as `str` (what `Value::cmp` does for two strings, less
        // its dispatch).
        entries.sort_by(|a, b| match (&a.0, &b.0) {
            (Value::String(x), Value::String(y)) => x.as_ref().cmp(y.as_ref()),
            (x, y) => x.cmp(y),
        });
        keep_last(&mut entries, |a, b| a.0 == b.0);
        let map: BTreeMap<Value, Value> = entries.into_iter().collect();
        let value = Value::from(map);
        if let Some(k) = key {
            self.objects.insert(k, value.clone());
        }
        value
    }

    /// The array of `elements`, shared when it is short and `scalars` are all known.
    fn array(&mut self, elements: Vec<Value>, scalars: Option<Vec<Scalar>>) -> Value {
        let Some(key) = scalars else {
            return Value::from(elements);
        };
        if let Some(shared) = self.arrays.get(&key) {
            return shared.clone();
        }
        let value = Value::from(elements);
        self.arrays.insert(key, value.clone());
        value
    }

    /// The identity of `v`, just parsed, for its parent's key.
    fn scalar_of(&mut self, v: &Value) -> Option<Scalar> {
        let number = self.number.take();
        scalar(v, number)
    }
}

/// Sorts nothing; of neighbours `same` calls equal, keeps the later (as a map insert would).
fn keep_last<T>(v: &mut Vec<T>, same: impl Fn(&T, &T) -> bool) {
    v.dedup_by(|later, earlier| {
        if same(later, earlier) {
            std::mem::swap(later, earlier);
            true
        } else {
            false
        }
    });
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

/// The address of an interned string (every string up to [`MAX_INTERNED`] bytes but the
/// values of an item's own fields, which are never inside a shared object).
fn interned(s: &Rc<str>) -> Option<usize> {
    (s.len() <= MAX_INTERNED).then_some(Rc::as_ptr(s) as *const u8 as usize)
}

/// The identity of `v` inside a shared object or array: scalars by value (`number` is how the
/// text spelled a number), strings by their interned address, objects and arrays by address
/// when something else holds them too (a table: they are shared); else None.
fn scalar(v: &Value, number: Option<Scalar>) -> Option<Scalar> {
    let held = |count: usize, at: usize| (count > 1).then_some(Scalar::Shared(at));
    match v {
        Value::Null => Some(Scalar::Null),
        Value::Bool(b) => Some(Scalar::Bool(*b)),
        Value::String(s) => interned(s).map(Scalar::Str),
        Value::Number(_) => number,
        Value::Object(o) => held(Rc::strong_count(o), Rc::as_ptr(o) as *const u8 as usize),
        Value::Array(a) => held(Rc::strong_count(a), Rc::as_ptr(a) as *const u8 as usize),
        _ => None,
    }
}

/// The identity of a small object: its keys (interned strings) with its values' identities,
/// by key address, the last of a repeated key kept. Any order of the same entries gives the
/// same key.
fn object_key(entries: &[(Value, Value)], scalars: Vec<Scalar>) -> Option<Vec<(usize, Scalar)>> {
    let mut key = entries
        .iter()
        .zip(scalars)
        .map(|((k, _), s)| match k {
            Value::String(k) => Some((interned(k)?, s)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    key.sort_by_key(|e| e.0);
    keep_last(&mut key, |a, b| a.0 == b.0);
    Some(key)
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
        self.0.number = Some(Scalar::Num(0, v));
        Ok(Value::from(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        self.0.number = Some(Scalar::Num(1, v as u64));
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // As regorus's own deserializer: a non-finite number has no place in a Rego value.
        if !v.is_finite() {
            return Err(E::custom(format!("invalid non-finite number {v}")));
        }
        self.0.number = Some(Scalar::Num(2, v.to_bits()));
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(match self.1 {
            Place::Field(key) => self.0.field_string(key, v),
            Place::Item | Place::Nested => self.0.string(v),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = self.2 + 1;
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let mut scalars = Some(Vec::new());
        while let Some(v) = seq.next_element_seed(Seed(&mut *self.0, Place::Nested, depth))? {
            identify(self.0, &mut scalars, &v, out.len());
            out.push(v);
        }
        Ok(self.0.array(out, scalars))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.2 + 1;
        if depth > MAX_DEPTH {
            return Err(too_deep());
        }
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        // Items are unique (they have ids): only what is inside them is shared.
        let mut scalars = (!matches!(self.1, Place::Item)).then(Vec::new);
        while let Some(k) = map.next_key_seed(Key(&mut *self.0))? {
            let place = match (self.1, &k) {
                // Only an interned key's address names the field (longer keys are not shared).
                (Place::Item, Value::String(key)) if key.len() <= MAX_INTERNED => {
                    Place::Field(Rc::as_ptr(key) as *const u8 as usize)
                }
                _ => Place::Nested,
            };
            let v = map.next_value_seed(Seed(&mut *self.0, place, depth))?;
            identify(self.0, &mut scalars, &v, entries.len());
            entries.push((k, v));
        }
        Ok(self.0.object_of(entries, scalars))
    }
}

/// Adds the identity of `v`, the `at`th value of an object or array, to `scalars`; None once
/// one is unknown or the container is too big to share.
fn identify(interner: &mut Interner, scalars: &mut Option<Vec<Scalar>>, v: &Value, at: usize) {
    let Some(s) = scalars.as_mut() else { return };
    match interner.scalar_of(v) {
        Some(x) if at < MAX_SHARED_ENTRIES => s.push(x),
        _ => *scalars = None,
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
        assert_eq!(ptr(&ours[0]["s"]), ptr(&ours[1]["s"]));
        // Same entries in any order: one object; different entries: another.
        assert_eq!(ptr(&ours[0]["by"]), ptr(&ours[1]["by"]));
        assert_ne!(ptr(&ours[0]["by"]), ptr(&ours[2]["by"]));
        assert_eq!(ours[0]["by"], ours[1]["by"]);
        assert_eq!(ptr(&ours[0]["big"]), ptr(&ours[1]["big"]));
    }

    fn ptr(v: &Value) -> usize {
        match v {
            Value::String(s) => Rc::as_ptr(s) as *const u8 as usize,
            Value::Object(o) => Rc::as_ptr(o) as *const u8 as usize,
            Value::Array(a) => Rc::as_ptr(a) as *const u8 as usize,
            _ => 0,
        }
    }

    /// A sign-in's nested parts (location with its coordinates, status, the policies applied)
    /// repeat from sign-in to sign-in: each is held once, and the values are regorus's own.
    #[test]
    fn objects_holding_numbers_and_shared_parts_are_shared() {
        let one = |id: &str, lat: &str| {
            format!(
                r#"{{"id": "{id}", "status": {{"errorCode": 0, "failureReason": "Other.", "additionalDetails": null}},
                "location": {{"city": "Seattle", "geoCoordinates": {{"altitude": null, "latitude": {lat}, "longitude": -122.3}}}},
                "policies": [{{"id": "p", "grant": ["Mfa"], "session": [], "n": -1}}], "none": []}}"#
            )
        };
        let json = format!(
            "[{}, {}, {}, {}]",
            one("a", "47.6"),
            one("b", "47.6"),
            one("c", "47.7"),
            one("d", "47")
        );
        let ours = parse(&json);
        let theirs: Vec<Value> = serde_json::from_str(&json).expect("regorus parse");
        assert_eq!(ours, theirs);
        for key in ["status", "location", "policies", "none"] {
            assert_eq!(ptr(&ours[0][key]), ptr(&ours[1][key]), "{key}");
        }
        assert_eq!(
            ptr(&ours[0]["none"]),
            ptr(&ours[0]["policies"][0]["session"])
        );
        // Another number: another object; the rest of it still shared.
        assert_ne!(ptr(&ours[0]["location"]), ptr(&ours[2]["location"]));
        assert_eq!(ptr(&ours[0]["status"]), ptr(&ours[2]["status"]));
        assert_ne!(
            ptr(&ours[0]["location"]["geoCoordinates"]),
            ptr(&ours[3]["location"]["geoCoordinates"])
        );
    }

    #[test]
    fn a_shared_object_keeps_the_last_of_a_repeated_key() {
        let json = r#"[{"id": "1", "o": {"a": 1, "a": 2}}, {"id": "2", "o": {"a": 2}},
            {"id": "3", "o": {"a": 2, "a": 1}}, {"id": "4", "o": {"a": 1.0}}, {"id": "5", "o": {"a": 1}}]"#;
        let ours = parse(json);
        let theirs: Vec<Value> = serde_json::from_str(json).expect("regorus parse");
        assert_eq!(ours, theirs);
        assert_eq!(ptr(&ours[0]["o"]), ptr(&ours[1]["o"]));
        assert_ne!(ptr(&ours[1]["o"]), ptr(&ours[2]["o"]));
        assert_eq!(ptr(&ours[2]["o"]), ptr(&ours[4]["o"]));
        assert_ne!(ptr(&ours[3]["o"]), ptr(&ours[4]["o"]));
    }
}
