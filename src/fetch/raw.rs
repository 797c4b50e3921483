//! Items as Graph sent them: compact JSON text, never a `serde_json::Value` tree.
//!
//! A tree costs about nine times its text, and a large tenant (a million access review
//! decisions) did not fit in memory as one. The fetcher reads the few fields it needs (ids,
//! `isAssignableToRole`, the sponsors count…) straight from the text, and embeds child lists
//! by splicing their text into the parent's.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// One Graph object as compact JSON text (no whitespace outside strings, so one line).
pub type Item = Box<RawValue>;

/// One page of a Graph list: its items left as text.
#[derive(Deserialize)]
pub struct Page {
    pub value: Vec<Item>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

/// `item` without whitespace outside strings (Graph sends compact JSON, so usually `item`
/// itself): a snapshot writes one item per line, and a checkpoint one record per line.
pub fn compact(item: Item) -> Item {
    let text = item.get();
    if !has_loose_whitespace(text) {
        return item;
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    // Whitespace between tokens carries no meaning: the text is still the same JSON value.
    RawValue::from_string(out).unwrap_or(item)
}

fn has_loose_whitespace(text: &str) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return true;
        }
    }
    false
}

/// A JSON value as an item, compact.
pub fn to_item<T: serde::Serialize + ?Sized>(v: &T) -> Result<Item, serde_json::Error> {
    serde_json::value::to_raw_value(v)
}

/// The text of top-level field `key` of an object item (the last, if the key repeats, as a
/// parse into a map would keep); `None` for a missing key or an item that is not an object.
pub fn field<'a>(item: &'a RawValue, key: &str) -> Option<&'a RawValue> {
    let mut de = serde_json::Deserializer::from_str(item.get());
    FieldSeed { key }.deserialize(&mut de).ok().flatten()
}

/// Top-level field `key` when it is a string.
pub fn str_field<'a>(item: &'a RawValue, key: &str) -> Option<Cow<'a, str>> {
    let raw = field(item, key)?;
    Str::deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
        .ok()
        .map(|s| s.0)
}

/// A string borrowed from the text when it has no escapes (serde's own `Cow` always copies).
struct Str<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The item's `id`, when it is a string.
pub fn id(item: &RawValue) -> Option<Cow<'_, str>> {
    str_field(item, "id")
}

/// Whether top-level field `key` is `true`.
pub fn is_true(item: &RawValue, key: &str) -> bool {
    field(item, key).is_some_and(|v| v.get() == "true")
}

/// The length of top-level field `key` when it is an array.
pub fn array_len(item: &RawValue, key: &str) -> Option<usize> {
    let raw = field(item, key)?;
    Vec::<IgnoredAny>::deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
        .ok()
        .map(|v| v.len())
}

struct FieldSeed<'k> {
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = Option<&'de RawValue>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Graph object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(Str(k)) = map.next_key()? {
            if k == self.key {
                found = Some(map.next_value::<&'de RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    // Anything but an object has no fields.
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// The entries of an object item, each value as text; `None` when it is not an object.
fn entries(item: &RawValue) -> Option<Vec<(Cow<'_, str>, &RawValue)>> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(Cow<'de, str>, &'de RawValue)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Str(k)) = map.next_key()? {
                out.push((k, map.next_value::<&'de RawValue>()?));
            }
            Ok(out)
        }
    }
    serde_json::Deserializer::from_str(item.get())
        .deserialize_map(Entries)
        .ok()
}

/// An item with the child lists embedded in it: its own text, and the lists that go after
/// its own fields. Embedding is a splice at write time ([`Node::write_to`]), so no level of a
/// tenant (a million decisions inside instances inside definitions) is ever copied.
#[derive(Debug)]
pub struct Node {
    /// The item as Graph sent it, without the fields `navs` replaces.
    text: Item,
    navs: Vec<(&'static str, Vec<Node>)>,
}

impl From<Item> for Node {
    fn from(text: Item) -> Node {
        Node {
            text,
            navs: Vec::new(),
        }
    }
}

impl Node {
    /// The item's own fields (not the lists embedded in it).
    pub fn own(&self) -> &RawValue {
        &self.text
    }

    /// Sets `nav` to the array of `children`, after the item's own fields (replacing a field of
    /// that name), as a map insert would. An item that is not an object is left alone, as a
    /// map insert would have left it.
    pub fn embed(&mut self, nav: &'static str, children: Vec<Node>) {
        if !self.text.get().starts_with('{') {
            return;
        }
        if field(&self.text, nav).is_some() {
            // A small object: its own fields re-serialised without that one, values as text.
            if let Some(kept) = without(&self.text, nav) {
                self.text = kept;
            }
        }
        self.navs.retain(|(n, _)| *n != nav);
        self.navs.push((nav, children));
    }

    /// The length of the text [`Node::write_to`] writes.
    pub fn written_len(&self) -> usize {
        let mut n = self.text.get().len();
        for (nav, kids) in &self.navs {
            // `,"nav":[` … `]`, commas between children.
            n += nav.len() + 6 + kids.len().saturating_sub(1);
            n += kids.iter().map(Node::written_len).sum::<usize>();
        }
        if self.navs.is_empty() || self.text.get() != "{}" {
            n
        } else {
            n - 1
        }
    }

    /// The item with its children spliced in: compact JSON, one line.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let text = self.text.get();
        if self.navs.is_empty() {
            return w.write_all(text.as_bytes());
        }
        // Compact object text: the closing brace is the last byte.
        w.write_all(&text.as_bytes()[..text.len() - 1])?;
        let mut empty = text == "{}";
        for (nav, kids) in &self.navs {
            if !empty {
                w.write_all(b",")?;
            }
            empty = false;
            let mut key = String::with_capacity(nav.len() + 3);
            push_key(&mut key, nav);
            w.write_all(key.as_bytes())?;
            w.write_all(b"[")?;
            for (i, kid) in kids.iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                kid.write_to(w)?;
            }
            w.write_all(b"]")?;
        }
        w.write_all(b"}")
    }
}

/// Object `item` without field `key` (itself when it has none).
pub fn without_field(item: Item, key: &str) -> Item {
    if field(&item, key).is_none() {
        return item;
    }
    without(&item, key).unwrap_or(item)
}

/// A new object item of the `fields` that `item` has, in that order, values as its text.
pub fn pick(item: &RawValue, fields: &[&str]) -> Option<Item> {
    let mut out = String::from("{");
    for (k, v) in entries(item)?
        .into_iter()
        .filter(|(k, _)| fields.contains(&k.as_ref()))
    {
        if out.len() > 1 {
            out.push(',');
        }
        push_key(&mut out, &k);
        out.push_str(v.get());
    }
    out.push('}');
    RawValue::from_string(out).ok()
}

/// Object `item` without its fields named `key`, re-serialised compact (values kept as text).
fn without(item: &RawValue, key: &str) -> Option<Item> {
    let kept = entries(item)?;
    let mut out = String::with_capacity(item.get().len());
    out.push('{');
    for (i, (k, v)) in kept.iter().filter(|(k, _)| k != key).enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_key(&mut out, k);
        out.push_str(v.get());
    }
    out.push('}');
    RawValue::from_string(out).ok()
}

fn push_key(out: &mut String, key: &str) {
    // A string always serialises.
    out.push_str(&serde_json::to_string(key).unwrap_or_else(|_| "\"\"".into()));
    out.push(':');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn item(v: Value) -> Item {
        to_item(&v).expect("serialises")
    }

    fn raw(s: &str) -> Item {
        RawValue::from_string(s.to_string()).expect("valid JSON")
    }

    #[test]
    fn fields_are_split_off_as_text() {
        let u = raw(
            r#"{"id":"u1","userPrincipalName":"a@b","mail":null,"signInActivity":{"lastSignInDateTime":"2026-11-01T00:00:00Z"}}"#,
        );
        let kept = pick(&u, &["id", "userPrincipalName", "signInActivity"]).expect("object");
        assert_eq!(
            kept.get(),
            r#"{"id":"u1","userPrincipalName":"a@b","signInActivity":{"lastSignInDateTime":"2026-11-01T00:00:00Z"}}"#
        );
        assert_eq!(
            without_field(u, "signInActivity").get(),
            r#"{"id":"u1","userPrincipalName":"a@b","mail":null}"#
        );
        let none = raw(r#"{"id":"u2"}"#);
        assert_eq!(
            without_field(none, "signInActivity").get(),
            r#"{"id":"u2"}"#
        );
    }

    #[test]
    fn compact_removes_whitespace_outside_strings_only() {
        let loose = raw("{ \"a\" : [1, 2],\n \"b\": \"x y\\\" z\" }");
        let tight = compact(loose);
        assert_eq!(tight.get(), r#"{"a":[1,2],"b":"x y\" z"}"#);
        let already = raw(r#"{"a":"  "}"#);
        assert_eq!(compact(already).get(), r#"{"a":"  "}"#);
    }

    #[test]
    fn fields_are_read_from_text() {
        let u = raw(r#"{"id":"u\"1","n":{"id":"inner"},"ok":true,"s":[1,{"x":2},3],"id2":5}"#);
        assert_eq!(id(&u).as_deref(), Some("u\"1"));
        assert!(is_true(&u, "ok"));
        assert!(!is_true(&u, "n"));
        assert_eq!(array_len(&u, "s"), Some(3));
        assert_eq!(array_len(&u, "n"), None);
        assert_eq!(str_field(&u, "id2"), None);
        // The last of a repeated key, as a map would keep.
        assert_eq!(id(&raw(r#"{"id":"a","id":"b"}"#)).as_deref(), Some("b"));
        assert_eq!(id(&raw(r#"["id"]"#)), None);
        assert_eq!(id(&raw(r#"{"id":7}"#)), None);
    }

    fn written(n: &Node) -> String {
        let mut out = Vec::new();
        n.write_to(&mut out).expect("written");
        assert_eq!(out.len(), n.written_len(), "the length is what is written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn embed_splices_children_like_a_map_insert_at_the_end() {
        let kids = || -> Vec<Node> {
            vec![
                item(json!({"id": "k1"})).into(),
                item(json!({"id": "k2"})).into(),
            ]
        };
        let mut p = Node::from(raw(r#"{"id":"p","x":1}"#));
        p.embed("kids", kids());
        p.embed("none", vec![]);
        assert_eq!(
            written(&p),
            r#"{"id":"p","x":1,"kids":[{"id":"k1"},{"id":"k2"}],"none":[]}"#
        );
        // Nested: children of children.
        let mut k = Node::from(raw(r#"{"id":"i"}"#));
        k.embed("decisions", kids());
        let mut top = Node::from(raw(r#"{"id":"d"}"#));
        top.embed("instances", vec![k]);
        assert_eq!(
            written(&top),
            r#"{"id":"d","instances":[{"id":"i","decisions":[{"id":"k1"},{"id":"k2"}]}]}"#
        );
        assert_eq!(top.own().get(), r#"{"id":"d"}"#);
        // An empty parent: no leading comma.
        let mut e = Node::from(raw("{}"));
        e.embed("a", vec![]);
        assert_eq!(written(&e), r#"{"a":[]}"#);
        // A field of that name is replaced (dropped, then set after the others).
        let mut u = Node::from(raw(r#"{"sponsors":[{"id":"old"}],"id":"u","z":{"q":[1]}}"#));
        u.embed("sponsors", kids());
        let text = written(&u);
        assert_eq!(
            text,
            r#"{"id":"u","z":{"q":[1]},"sponsors":[{"id":"k1"},{"id":"k2"}]}"#
        );
        let mut only = Node::from(raw(r#"{"a":[1]}"#));
        only.embed("a", vec![]);
        assert_eq!(written(&only), r#"{"a":[]}"#);
        // Not an object: left alone.
        let mut list = Node::from(raw("[1]"));
        list.embed("a", vec![]);
        assert_eq!(written(&list), "[1]");
        // The result is JSON that parses to what a map insert gives.
        let v: Value = serde_json::from_str(&text).expect("valid");
        assert_eq!(v["sponsors"][1]["id"], "k2");
    }
}
