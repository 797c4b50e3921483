//! Reading a full-size snapshot in the bench without its whole `serde_json::Value` tree,
//! which takes five to six times the file (30 GB for 3M sign-ins): the logs' items are only
//! counted, and a floor too big to hold is parsed item by item.

use std::collections::BTreeMap;

use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use govlint_testkit::emulator::ROUTES;

/// The collections the emulator serves newest first: the logs (sign-ins…).
fn is_log(name: &str) -> bool {
    ROUTES
        .iter()
        .any(|r| r.collection == name && r.newest_first.is_some())
}

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow, default)]
    collections: BTreeMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
struct Items<T> {
    #[serde(default = "Vec::new")]
    items: Vec<T>,
}

/// `{"collections": …}` of the snapshot text, each log's items as as many nulls, and of the
/// other items only their lists and the few properties the counts and the minimum pages read
/// ([`KEEP`]): a million decisions as whole `serde_json` values took 15 GB.
pub fn without_logs(text: &str) -> Value {
    let doc: Doc = serde_json::from_str(text).expect("snapshot is JSON");
    let mut cs = Map::new();
    for (name, c) in doc.collections {
        let v = if is_log(&name) {
            let items: Items<IgnoredAny> = serde_json::from_str(c.get()).expect("a log");
            serde_json::json!({ "items": vec![Value::Null; items.items.len()] })
        } else {
            let mut de = serde_json::Deserializer::from_str(c.get());
            serde::de::DeserializeSeed::deserialize(Skeleton(false), &mut de).expect("a collection")
        };
        cs.insert(name, v);
    }
    serde_json::json!({ "collections": cs })
}

/// Whether the floor's whole `serde_json::Value` tree (about 5.5x the file) fits in the
/// memory available now, with 4 GB left for the machine's other work.
pub fn floor_fits(size: u64) -> bool {
    let available_kb: u64 = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    size.saturating_mul(6) + (4 << 30) < available_kb.saturating_mul(1024)
}

/// The floor of a snapshot too big to hold: every collection's items parsed into
/// `serde_json::Value`, each dropped once parsed (the envelope's few fields are skipped).
/// Freed memory is reused, so this floor faults in less fresh memory than the whole tree does:
/// it is faster than the held floor, and the lint is compared against the harder figure.
pub fn parse_streaming(bytes: &[u8]) {
    #[derive(Deserialize)]
    struct Coll {
        #[serde(default)]
        #[allow(dead_code)]
        items: Option<Drain>,
    }
    #[derive(Deserialize)]
    struct Whole {
        #[serde(default)]
        #[allow(dead_code)]
        collections: BTreeMap<String, Coll>,
    }
    let _: Whole = serde_json::from_slice(bytes).expect("snapshot is JSON");
}

/// A JSON array whose elements are parsed into `Value` and dropped one by one.
struct Drain;

impl<'de> Deserialize<'de> for Drain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Drain, D::Error> {
        d.deserialize_seq(Drain)
    }
}

impl<'de> Visitor<'de> for Drain {
    type Value = Drain;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Drain, A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            drop(v);
        }
        Ok(Drain)
    }
}

/// The scalar properties the counts and the minimum pages read.
const KEEP: &[&str] = &["id", "userType", "isAssignableToRole", "groupId", "scopeId"];

/// A value with only its arrays, objects and the [`KEEP`] scalars (`.0`: keep this scalar).
struct Skeleton(bool);

impl<'de> serde::de::DeserializeSeed<'de> for Skeleton {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skeleton {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(if self.0 { Value::Bool(v) } else { Value::Null })
    }

    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(if self.0 { Value::from(v) } else { Value::Null })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Skeleton(false))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(Skeleton(KEEP.contains(&k.as_str())))?;
            if !v.is_null() {
                out.insert(k, v);
            }
        }
        Ok(Value::Object(out))
    }
}
