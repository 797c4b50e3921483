//! Matching two digests' records by id: added, removed, changed. One hash look-up per record,
//! so the diff is linear in the tenant; only the changes are sorted.

use std::collections::HashMap;

use super::areas::{Area, Compare};
use super::digest::Digest;
use super::fields::{changes, unified};
use super::State;
use super::{AreaDiff, AreaStatus, Changed, Item, Record};

fn item(id: &str, r: &Record) -> Item {
    Item {
        id: id.to_string(),
        name: r.name.clone(),
        value: r.value.clone(),
    }
}

fn by_name<T>(list: &mut [T], key: impl Fn(&T) -> (&str, &str)) {
    list.sort_by(|a, b| key(a).cmp(&key(b)));
}

pub fn records(
    old: &HashMap<String, Record>,
    new: &HashMap<String, Record>,
    compare: &Compare,
) -> (Vec<Item>, Vec<Item>, Vec<Changed>) {
    let mut added: Vec<Item> = new
        .iter()
        .filter(|(id, _)| !old.contains_key(*id))
        .map(|(id, r)| item(id, r))
        .collect();
    let mut removed: Vec<Item> = old
        .iter()
        .filter(|(id, _)| !new.contains_key(*id))
        .map(|(id, r)| item(id, r))
        .collect();
    let mut changed = Vec::new();
    if let Compare::Fields { .. } = compare {
        for (id, n) in new {
            let Some(o) = old.get(id) else {
                continue;
            };
            if o.value == n.value {
                continue;
            }
            changed.push(Changed {
                id: id.clone(),
                name: n.name.clone(),
                old_name: (o.name != n.name).then(|| o.name.clone()),
                fields: changes(&o.value, &n.value),
                diff: unified(&o.value, &n.value),
            });
        }
    }
    by_name(&mut added, |i| (&i.name, &i.id));
    by_name(&mut removed, |i| (&i.name, &i.id));
    by_name(&mut changed, |c| (&c.name, &c.id));
    (added, removed, changed)
}

fn describe(which: &str, name: &str, s: &State) -> Option<String> {
    match s {
        State::Usable => None,
        State::Absent => Some(format!("{name} not in the {which} snapshot")),
        State::Unusable(why) => Some(format!("{why} (in the {which} snapshot)")),
    }
}

pub fn area(area: &Area, index: usize, old: &Digest, new: &Digest) -> AreaDiff {
    let mut d = AreaDiff {
        id: area.id,
        title: area.title,
        verbs: area.verbs,
        status: AreaStatus::Compared,
        reason: None,
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    if let (Some(o), Some(n)) = (&old.areas[index], &new.areas[index]) {
        (d.added, d.removed, d.changed) = records(o, n, &area.compare);
        return d;
    }
    let mut why = Vec::new();
    let mut absent_from_both = Vec::new();
    for c in area.reads {
        let (o, n) = (&old.states[*c], &new.states[*c]);
        if *o == State::Absent && *n == State::Absent {
            absent_from_both.push(*c);
            continue;
        }
        why.extend(describe("OLD", c, o));
        why.extend(describe("NEW", c, n));
    }
    if why.is_empty() {
        d.status = AreaStatus::NotCompared;
        d.reason = Some(format!(
            "{} absent from both snapshots",
            absent_from_both.join(", ")
        ));
    } else {
        d.status = AreaStatus::Incomplete;
        d.reason = Some(why.join("; "));
    }
    d
}
