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
use super::{holders, Record};
use crate::snapshot::Snapshot;

/// Whether a collection can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Usable,
    /// Not in the snapshot at all (an older fetch, or `fetch --only`).
    Absent,
    /// Present but not complete: why.
    Unusable(String),
}

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
        let Some(id) = super::areas::text(item, "id") else {
            continue;
        };
        // Only the kept items are turned into JSON: a tenant's users are many, its guests few.
        let json = serde_json::to_value(item).unwrap_or(serde_json::Value::Null);
        let value = match compare {
            Compare::Presence { show } => only(&json, show),
            Compare::Fields { ignore } => canonical(without(json, ignore)),
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
