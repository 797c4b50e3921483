//! The logs the emulator serves (sign-ins, directory audits, risk detections), held as the
//! JSON text of each item rather than as `serde_json` values.
//!
//! A log is by far a tenant's largest collection (millions of sign-ins) and is only ever read
//! a page at a time, front to back. As `serde_json` values a sign-in takes about eleven times
//! its text (a map node and a `String` per key, per item), so a full-size tenant's sign-ins
//! alone needed more memory than the bench machine has; as text they take their size, and
//! each is parsed when a page reaches it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::cold::Node;
use super::graph::ts_key;
use super::routes::ROUTES;

/// The collections held as text: those Graph serves newest first (its logs).
pub(crate) fn is_log(collection: &str) -> bool {
    ROUTES
        .iter()
        .any(|r| r.collection == collection && r.newest_first.is_some())
}

/// One log: its items' text, newest first, and their positions by id.
#[derive(Default)]
pub(crate) struct Log {
    items: Vec<Box<RawValue>>,
    by_id: HashMap<String, usize>,
}

/// What the log's order and index need from an item.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
}

impl Log {
    /// The log of `items` (JSON texts), sorted newest first by `newest`, a timestamp property.
    pub(crate) fn new(mut items: Vec<Box<RawValue>>, newest: &str) -> Log {
        items.sort_by_cached_key(|t| {
            let v: HashMap<Cow<str>, &RawValue> = serde_json::from_str(t.get()).unwrap_or_default();
            let at: Option<Cow<str>> = v
                .get(newest)
                .and_then(|r| serde_json::from_str(r.get()).ok());
            std::cmp::Reverse(ts_key(at.as_deref().unwrap_or_default()))
        });
        let mut by_id = HashMap::new();
        for (i, t) in items.iter().enumerate() {
            if let Ok(Head { id: Some(id) }) = serde_json::from_str::<Head>(t.get()) {
                // The first of a repeated id, as a walk of the list finds it.
                by_id.entry(id.into_owned()).or_insert(i);
            }
        }
        Log { items, by_id }
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The `i`th item (newest first), parsed.
    pub(crate) fn at(&self, i: usize) -> Value {
        self.items
            .get(i)
            .and_then(|t| serde_json::from_str(t.get()).ok())
            .unwrap_or(Value::Null)
    }

    /// The item with this id, parsed.
    pub(crate) fn item(&self, id: &str) -> Option<Value> {
        self.by_id.get(id).map(|&i| self.at(i))
    }
}

/// The logs by collection name.
pub(crate) type Logs = BTreeMap<String, Log>;

/// A list a page is cut from: values, a log's texts, or cold objects (cold.rs) parsed with
/// the navigations the filter accepts, as the page reaches them.
#[derive(Clone, Copy)]
pub(crate) enum List<'a> {
    Values(&'a [Value]),
    Log(&'a Log),
    Nodes(&'a [Node], &'a dyn Fn(&str) -> bool),
}

/// An item a path names: a value, or a cold object not parsed yet.
pub(crate) enum Found<'a> {
    Value(Cow<'a, Value>),
    Node(&'a Node),
}

impl<'a> List<'a> {
    pub(crate) fn len(&self) -> usize {
        match self {
            List::Values(v) => v.len(),
            List::Log(l) => l.len(),
            List::Nodes(n, _) => n.len(),
        }
    }

    pub(crate) fn at(&self, i: usize) -> Cow<'a, Value> {
        match self {
            List::Values(v) => Cow::Borrowed(&v[i]),
            List::Log(l) => Cow::Owned(l.at(i)),
            List::Nodes(n, with) => Cow::Owned(n[i].value(*with)),
        }
    }

    /// The items from `from` on.
    pub(crate) fn from(&self, from: usize) -> impl Iterator<Item = Cow<'a, Value>> + '_ {
        (from.min(self.len())..self.len()).map(|i| self.at(i))
    }

    /// The first item with this id (a child list's walk).
    pub(crate) fn find(&self, id: &str) -> Option<Found<'a>> {
        match *self {
            List::Values(v) => v
                .iter()
                .find(|v| v["id"].as_str() == Some(id))
                .map(|v| Found::Value(Cow::Borrowed(v))),
            List::Log(l) => l.item(id).map(|v| Found::Value(Cow::Owned(v))),
            List::Nodes(n, _) => n.iter().find(|n| n.id() == Some(id)).map(Found::Node),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(v: Value) -> Box<RawValue> {
        RawValue::from_string(v.to_string()).expect("JSON")
    }

    #[test]
    fn a_log_is_newest_first_and_found_by_id() {
        let log = Log::new(
            vec![
                raw(serde_json::json!({"id": "a", "createdDateTime": "2026-01-01T00:00:00Z"})),
                raw(
                    serde_json::json!({"id": "b", "createdDateTime": "2026-01-03T00:00:00Z",
                    "location": {"geoCoordinates": {"latitude": 47.6}}}),
                ),
                raw(serde_json::json!({"id": "c", "createdDateTime": "2026-01-02T00:00:00Z"})),
            ],
            "createdDateTime",
        );
        let ids: Vec<Value> = List::Log(&log).from(0).map(|v| v["id"].clone()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
        assert_eq!(
            log.item("b")
                .map(|v| v["location"]["geoCoordinates"]["latitude"].clone()),
            Some(serde_json::json!(47.6))
        );
        assert_eq!(log.item("z"), None);
        assert_eq!(List::Log(&log).from(2).count(), 1);
        assert_eq!(List::Log(&log).from(9).count(), 0);
    }
}
