//! One snapshot reduced to what a diff compares: each area's records keyed by id, the state of
//! every collection read, and the lint's findings. A digest is small against the value tree,
//! so the tree of the old snapshot is dropped before the new one is loaded and a diff peaks
//! at one snapshot's memory, not two.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;

use super::areas::{Compare, Source, AREAS};
use super::fields::{canonical, only, without};
use super::findings::{LintSide, Linting};
use super::lookup::Lookup;
use super::{holders, Record, State};
use crate::snapshot::Snapshot;

pub struct Digest {
    pub tenant_id: String,
    pub tenant_name: Option<String>,
    pub fetched_at: Timestamp,
    /// Every collection an area or a rule reads.
    pub states: BTreeMap<String, State>,
    /// Parallel to [`AREAS`]: the records, or `None` when a collection it reads is not usable.
    pub areas: Vec<Option<HashMap<String, Record>>>,
    pub lint: LintSide,
}

pub fn state(snapshot: &Snapshot, name: &str) -> State {
    match snapshot.collections.get(name) {
        None => State::Absent,
        Some(c) => match c.unusable_reason(name) {
            None => State::Usable,
            Some(why) => State::Unusable(why),
        },
    }
}

impl Digest {
    pub fn new(snapshot: &Snapshot, linting: &Linting) -> Result<Digest, miette::Report> {
        let now = snapshot.fetched_at;
        let names = Lookup::new(snapshot);
        let mut states = BTreeMap::new();
        for name in AREAS
            .iter()
            .flat_map(|a| a.reads.iter().copied())
            .chain(linting.reads())
        {
            states
                .entry(name.to_string())
                .or_insert_with(|| state(snapshot, name));
        }
        let areas = AREAS
            .iter()
            .map(|area| {
                let usable = area.reads.iter().all(|c| states[*c] == State::Usable);
                usable.then(|| match &area.source {
                    Source::RoleHolders => holders::records(snapshot, now, &names),
                    Source::Items {
                        collection,
                        keep,
                        name,
                    } => items(snapshot, collection, *keep, *name, &names, &area.compare),
                })
            })
            .collect();
        Ok(Digest {
            tenant_id: snapshot.tenant.id.clone(),
            tenant_name: snapshot.tenant.display_name.clone(),
            fetched_at: now,
            states,
            areas,
            lint: linting.run(snapshot, now)?,
        })
    }
}

fn items(
    snapshot: &Snapshot,
    collection: &str,
    keep: fn(&regorus::Value) -> bool,
    name: fn(&Lookup, &regorus::Value) -> String,
    names: &Lookup,
    compare: &Compare,
) -> HashMap<String, Record> {
    let Some(c) = snapshot.collections.get(collection) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for item in c.items.iter().filter(|i| keep(i)) {
        let Some(id) = super::text(item, "id") else {
            continue;
        };
        // Only the kept items, and only their compared fields, are turned into JSON: a
        // tenant's users are many and its guests few, and an access review definition carries
        // its instances and their decisions (millions at scale), which are not compared.
        let value = match compare {
            Compare::Presence { show } => {
                let json = fields_json(item, |k| k == "id" || show.contains(&k));
                only(&json, show)
            }
            Compare::Fields { ignore } => {
                canonical(without(fields_json(item, |k| !ignore.contains(&k)), ignore))
            }
        };
        out.insert(
            id.to_string(),
            Record {
                name: name(names, item),
                value,
            },
        );
    }
    out
}

/// `item` as JSON with only the top-level keys `keep` accepts (in the item's key order), so
/// what is dropped is never converted. An item that is not an object with string keys is
/// converted whole (the callers' `only` and `without` then treat it as before).
fn fields_json(item: &regorus::Value, keep: impl Fn(&str) -> bool) -> serde_json::Value {
    let whole = || serde_json::to_value(item).unwrap_or(serde_json::Value::Null);
    let regorus::Value::Object(fields) = item else {
        return whole();
    };
    let mut out = serde_json::Map::new();
    for (k, v) in fields.iter() {
        let regorus::Value::String(k) = k else {
            return whole();
        };
        if keep(k) {
            out.insert(
                k.to_string(),
                serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            );
        }
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_compared_fields_are_converted_and_the_record_is_unchanged() {
        let item = regorus::Value::from_json_str(
            r#"{"id":"r1","displayName":"Quarterly","instances":[{"id":"i1","decisions":[{"id":"d1"}]}],
                "settings":{"rules":[{"id":"b"},{"id":"a"}]},"lastModifiedDateTime":"x"}"#,
        )
        .expect("json");
        let ignore = ["instances", "lastModifiedDateTime"];
        let picked = fields_json(&item, |k| !ignore.contains(&k));
        assert!(picked.get("instances").is_none());
        let whole = serde_json::to_value(&item).expect("json");
        assert_eq!(
            canonical(without(picked, &ignore)),
            canonical(without(whole.clone(), &ignore))
        );
        let show = ["displayName"];
        let picked = fields_json(&item, |k| k == "id" || show.contains(&k));
        assert_eq!(
            serde_json::to_string(&only(&picked, &show)).expect("json"),
            r#"{"id":"r1","displayName":"Quarterly"}"#
        );
        assert_eq!(only(&picked, &show), only(&whole, &show));
        // Not an object: converted whole, as before.
        let list = regorus::Value::from_json_str("[1,2]").expect("json");
        assert_eq!(fields_json(&list, |_| false), serde_json::json!([1, 2]));
    }
}
