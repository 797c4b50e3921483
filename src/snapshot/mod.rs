//! The snapshot: one JSON document holding a tenant's governance configuration in Graph's own
//! object shapes (`govlint.snapshot/v1`; its envelope is described in policies/README.md). `fetch` writes it; everything
//! else reads it.
//!
//! Items are parsed straight into [`regorus::Value`], the tree the Rego engine evaluates, so a
//! snapshot is parsed exactly once however many rules read it.

pub mod check;
mod intern;
mod load;
mod split;

pub use load::{
    load, load_sifting, parse, parse_bytes, parse_sifting, parse_split_at, LoadError, Sift, Test,
};

use std::collections::BTreeMap;

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "govlint.snapshot/v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Schema {
    #[serde(rename = "govlint.snapshot/v1")]
    V1,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub schema: Schema,
    pub tenant: Tenant,
    /// The clock of every time-based rule (unless `--now` overrides it).
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub fetched_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Tool>,
    pub collections: BTreeMap<String, Collection>,
    /// What [`load_sifting`]'s sifts kept, by sift; empty when loaded otherwise. Not part of
    /// the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub sifted: Vec<Sifted>,
}

/// What one [`Sift`] found in its collection.
#[derive(Debug, Clone)]
pub struct Sifted {
    pub name: &'static str,
    /// How many items the collection held when sifted: the outcome is only good for that.
    pub of: usize,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// The positions of the items a [`Test::Keep`] kept, in order.
    Kept(Vec<usize>),
    /// A [`Test::Key`]'s number for each item, by position.
    Keys(Vec<u32>),
}

impl Snapshot {
    /// The outcome of the sift `name` for `collection`, if it was sifted so (and has not
    /// changed since); None, and the caller tests every item itself, otherwise.
    fn outcome(&self, name: &str, collection: &str) -> Option<(&[regorus::Value], &Outcome)> {
        let items = &self.collections.get(collection)?.items;
        let s = self.sifted.iter().find(|s| s.name == name)?;
        (s.of == items.len()).then_some((items.as_slice(), &s.outcome))
    }

    /// The items of `collection` that the [`Test::Keep`] sift `name` kept, in order.
    pub fn kept<'a>(
        &'a self,
        name: &str,
        collection: &str,
    ) -> Option<impl Iterator<Item = &'a regorus::Value> + 'a> {
        match self.outcome(name, collection)? {
            (items, Outcome::Kept(kept)) => Some(kept.iter().filter_map(|i| items.get(*i))),
            _ => None,
        }
    }

    /// The items of `collection` whose [`Test::Key`] sift `name` gave `key`, in order.
    pub fn keyed<'a>(
        &'a self,
        name: &str,
        collection: &str,
        key: u32,
    ) -> Option<impl Iterator<Item = &'a regorus::Value> + 'a> {
        match self.outcome(name, collection)? {
            (items, Outcome::Keys(keys)) => Some(
                keys.iter()
                    .zip(items)
                    .filter_map(move |(k, item)| (*k == key).then_some(item)),
            ),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default)]
    pub cloud: Cloud,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    #[default]
    Global,
    Usgov,
    Usgovdod,
    China,
}

impl Cloud {
    /// The Microsoft Graph service root of the cloud; remediation requests are addressed to it.
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::Usgov => "https://graph.microsoft.us",
            Cloud::Usgovdod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every page and every child collection was read.
    Complete,
    /// Some pages or children failed; `gaps` says which.
    Partial,
    /// Nothing could be read; `error` says why.
    Unavailable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Partial => "partial",
            Status::Unavailable => "unavailable",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<GraphError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// The time a log collection (sign-ins, audit records) covers: Graph keeps logs for a
    /// limited time and `fetch` reads them from `since` on, so an answer can say what it saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// Parsed with shared strings and small objects (see `intern`): a large tenant repeats itself.
    /// Each item is a Graph v1.0 object as Graph returned it.
    #[serde(default, deserialize_with = "intern::items")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub items: Vec<regorus::Value>,
}

/// The part of a log a collection holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    /// The oldest time read (the `$filter` on the log's own timestamp).
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub since: Timestamp,
    /// Only failures were read (sign-ins with a non-zero `status/errorCode`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub failures_only: bool,
}

/// What Graph answered when a read failed, and the permission that would have allowed it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GraphError {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// The licence the collection needs (e.g. `Entra ID P1`), recorded on a 403: a tenant
    /// without it is refused whatever the app is granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
}

/// One part of a `partial` collection that could not be read.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    /// What is missing, e.g. `decisions of instance 7bc1… of definition cc70…`.
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<GraphError>,
}

impl GraphError {
    /// One line for humans: `403 Authorization_RequestDenied (needs IdentityRiskyUser.Read.All)`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.http_status {
            parts.push(s.to_string());
        }
        if let Some(c) = &self.code {
            parts.push(c.clone());
        }
        let mut out = parts.join(" ");
        match (&self.permission, &self.license) {
            (Some(p), Some(l)) => out.push_str(&format!(" (needs {p} and an {l} licence)")),
            (Some(p), None) => out.push_str(&format!(" (needs {p})")),
            (None, Some(l)) => out.push_str(&format!(" (needs an {l} licence)")),
            (None, None) => {}
        }
        if out.is_empty() {
            out = self
                .message
                .clone()
                .unwrap_or_else(|| "unknown error".into());
        }
        out
    }
}

impl Collection {
    /// Why a rule reading this collection cannot be evaluated, or `None` when it can.
    pub fn unusable_reason(&self, name: &str) -> Option<String> {
        match self.status {
            Status::Complete => None,
            Status::Unavailable => Some(format!(
                "{name} unavailable: {}",
                self.error
                    .as_ref()
                    .map_or_else(|| "no reason recorded".to_string(), GraphError::summary)
            )),
            Status::Partial => {
                let what = self
                    .gaps
                    .iter()
                    .map(|g| match &g.error {
                        Some(e) => format!("{} ({})", g.what, e.summary()),
                        None => g.what.clone(),
                    })
                    .collect::<Vec<_>>();
                Some(if what.is_empty() {
                    format!("{name} partial: no gaps recorded")
                } else {
                    format!("{name} partial: missing {}", what.join("; "))
                })
            }
        }
    }
}

impl Snapshot {
    /// Why a collection cannot be used: not complete, or absent from the snapshot altogether.
    pub fn unusable_reason(&self, name: &str) -> Option<String> {
        match self.collections.get(name) {
            Some(c) => c.unusable_reason(name),
            None => Some(format!("{name} not in the snapshot")),
        }
    }
}

/// A snapshot whose collections (`{name: [items]}`) are all complete, fetched at the demo's
/// clock: the unit tests of the engine's indexes and pre-filters build their input this way.
#[cfg(test)]
pub(crate) fn complete_for_tests(collections: serde_json::Value) -> Snapshot {
    let mut c = serde_json::Map::new();
    for (name, items) in collections.as_object().expect("object") {
        c.insert(
            name.clone(),
            serde_json::json!({"status": "complete", "count": items.as_array().map_or(0, Vec::len), "items": items}),
        );
    }
    let text = serde_json::json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": "t"},
        "fetchedAt": "2026-11-20T09:00:00Z",
        "collections": c,
    })
    .to_string();
    parse("test", &text).expect("valid snapshot")
}
