//! `govlint fetch`: reads a tenant's governance configuration from Microsoft Graph into a
//! snapshot (design.md section 2), saying exactly what it could not read and why.
//!
//! - [`auth`]: access tokens (secret, certificate, federated, managed identity, Azure CLI,
//!   device code);
//! - [`client`]: HTTP with bounded concurrency, retries and paging;
//! - [`collections`]: what is read, from where, with which permission;
//! - [`cli`]: the `fetch` and `permissions` subcommands;
//! - [`progress`]: live per-collection progress on stderr at a terminal.
//!
//! A 403/404/400 on a collection is recorded on it (`unavailable`, or `partial` with gaps for
//! children) and the snapshot is still written: exit 3. Auth and network failures, and faults
//! that outlast the retries, write nothing: exit 4.

pub mod auth;
pub mod checkpoint;
pub mod cli;
pub mod client;
pub mod collections;
pub mod progress;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::snapshot::{self, Cloud, Collection, Gap, GraphError, Status, Tenant};
use checkpoint::{Checkpoint, Entry};
use client::{Client, Fatal, Listed};
use collections::{display_request, encode, query_string, Child, Spec};
use progress::Progress;

/// What was read of one collection, for the summary table.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub name: &'static str,
    pub status: Status,
    pub count: usize,
    pub pages: u64,
    pub elapsed: Duration,
    pub reason: Option<String>,
}

/// A finished fetch: the snapshot text (not yet written) and what each collection got.
#[derive(Debug)]
pub struct Outcome {
    pub snapshot: String,
    pub collections: Vec<Fetched>,
}

impl Outcome {
    pub fn complete(&self) -> bool {
        self.collections
            .iter()
            .all(|c| c.status == Status::Complete)
    }
}

struct Read {
    items: Vec<Value>,
    collection: Collection,
    fetched: Fetched,
}

/// The permission to name when Graph refused: a 403 that is not a licensing refusal.
fn with_permission(mut e: GraphError, permission: &str) -> GraphError {
    let licensing = e
        .code
        .as_deref()
        .is_some_and(|c| c.contains("NonPremium") || c.contains("B2C"));
    if e.http_status == Some(403) && !licensing {
        e.permission = Some(permission.to_string());
    }
    e
}

fn singular(nav: &str) -> &str {
    match nav {
        "accessReviewDefinitions" => "access review definition",
        "instances" => "instance",
        "accessPackageCatalogs" => "catalog",
        "connectedOrganizations" => "connected organisation",
        other => other,
    }
}

type ChildrenFuture = Pin<Box<dyn Future<Output = Result<(Vec<Value>, Vec<Gap>), Fatal>> + Send>>;

/// Reads `children` of every item (concurrently; the client bounds requests in flight) and
/// embeds them. Failures become gaps naming the parent.
fn children(
    client: Arc<Client>,
    base: String,
    items: Vec<Value>,
    kids: &'static [Child],
    permission: &'static str,
    label: &'static str,
) -> ChildrenFuture {
    Box::pin(async move {
        if kids.is_empty() {
            return Ok((items, Vec::new()));
        }
        let mut set = tokio::task::JoinSet::new();
        for (i, mut item) in items.into_iter().enumerate() {
            let client = client.clone();
            let base = base.clone();
            set.spawn(async move {
                let mut gaps = Vec::new();
                let Some(id) = item["id"].as_str().map(str::to_string) else {
                    gaps.push(Gap {
                        what: format!("children of a {} without an id", singular(label)),
                        error: None,
                    });
                    return Ok((i, item, gaps));
                };
                for kid in kids {
                    let path = format!("{base}/{}/{}", encode(&id), kid.nav);
                    let url = client.url(&format!("{path}{}", query_string(kid.query)))?;
                    let listed = client.list(url, &[]).await?;
                    if let Some(e) = listed.error {
                        gaps.push(Gap {
                            what: format!("{} of {} {id}", kid.nav, singular(label)),
                            error: Some(with_permission(e, permission)),
                        });
                    }
                    let (sub, g) = children(
                        client.clone(),
                        path,
                        listed.items,
                        kid.children,
                        permission,
                        kid.nav,
                    )
                    .await?;
                    gaps.extend(g);
                    if let Some(o) = item.as_object_mut() {
                        o.insert(kid.nav.to_string(), Value::Array(sub));
                    }
                }
                Ok::<_, Fatal>((i, item, gaps))
            });
        }
        let mut done = Vec::new();
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok(Ok(x)) => done.push(x),
                Ok(Err(f)) => return Err(f),
                Err(e) => return Err(Fatal(format!("internal error in a fetch task: {e}"))),
            }
        }
        done.sort_by_key(|(i, _, _)| *i);
        let mut gaps = Vec::new();
        let items = done
            .into_iter()
            .map(|(_, item, g)| {
                gaps.extend(g);
                item
            })
            .collect();
        Ok((items, gaps))
    })
}

async fn read_collection(
    client: Arc<Client>,
    spec: &'static Spec,
    cp: Option<Arc<Checkpoint>>,
    progress: Arc<dyn Progress>,
) -> Result<Read, Fatal> {
    let read = read_collection_inner(client, spec, cp, &*progress).await;
    if let Ok(r) = &read {
        progress.finished(spec.name, r.fetched.status);
    }
    read
}

async fn read_collection_inner(
    client: Arc<Client>,
    spec: &'static Spec,
    cp: Option<Arc<Checkpoint>>,
    progress: &dyn Progress,
) -> Result<Read, Fatal> {
    let start = Instant::now();
    progress.started(spec.name);
    let first = client.url(&format!("/v1.0{}{}", spec.path, query_string(spec.query)))?;
    let record = |new: &[Value], next: Option<&reqwest::Url>, pages: u64| {
        progress.page(spec.name, new.len(), pages);
        if let Some(cp) = &cp {
            cp.page(spec.name, new, next, pages);
        }
    };
    let listed = match cp.as_ref().and_then(|c| c.entry(spec.name)) {
        Some(Entry::Done {
            collection,
            items,
            pages,
        }) => {
            progress.page(spec.name, items.len(), pages);
            let fetched = Fetched {
                name: spec.name,
                status: collection.status,
                count: items.len(),
                pages,
                elapsed: Duration::ZERO,
                reason: collection.unusable_reason(spec.name),
            };
            return Ok(Read {
                items,
                collection,
                fetched,
            });
        }
        Some(Entry::Paging {
            items,
            next: None,
            pages,
        }) => {
            progress.page(spec.name, items.len(), pages);
            Listed {
                items,
                pages,
                error: None,
            }
        }
        Some(Entry::Paging {
            items,
            next: Some(next),
            pages,
        }) => {
            progress.page(spec.name, items.len(), pages);
            let done = Listed {
                items,
                pages,
                error: None,
            };
            let resumed = match reqwest::Url::parse(&next) {
                Ok(url) => Some(client.list_from(url, &[], done, record).await?),
                Err(_) => None,
            };
            match resumed {
                // A nextLink that expired while we were away: read it again from the start.
                Some(l) if !(l.pages == pages && l.error.is_some()) => l,
                _ => {
                    if let Some(cp) = &cp {
                        cp.reset(spec.name);
                    }
                    progress.started(spec.name);
                    client
                        .list_from(first, &[], Listed::default(), record)
                        .await?
                }
            }
        }
        None => {
            client
                .list_from(first, &[], Listed::default(), record)
                .await?
        }
    };
    let mut status = Status::Complete;
    let mut error = None;
    let mut gaps = Vec::new();
    let pages = listed.pages;
    let mut items = listed.items;
    if let Some(e) = listed.error {
        let e = with_permission(e, spec.permission);
        if items.is_empty() {
            status = Status::Unavailable;
            error = Some(e);
        } else {
            gaps.push(Gap {
                what: format!("pages after the first {} items", items.len()),
                error: Some(e),
            });
        }
    }
    if status != Status::Unavailable && !spec.children.is_empty() {
        let (with_children, g) = children(
            client.clone(),
            format!("/v1.0{}", spec.path),
            items,
            spec.children,
            spec.permission,
            spec.name,
        )
        .await?;
        items = with_children;
        gaps.extend(g);
    }
    if status == Status::Complete && !gaps.is_empty() {
        status = Status::Partial;
    }
    let collection = Collection {
        status,
        api_version: Some("v1.0".into()),
        request: Some(display_request(spec.path, spec.query)),
        count: Some(items.len() as u64),
        error,
        gaps,
        items: Vec::new(),
    };
    let fetched = Fetched {
        name: spec.name,
        status,
        count: items.len(),
        pages,
        elapsed: start.elapsed(),
        reason: collection.unusable_reason(spec.name),
    };
    if let Some(cp) = &cp {
        cp.done(spec.name, &collection, &items, pages);
    }
    Ok(Read {
        items,
        collection,
        fetched,
    })
}

/// Reads every collection of `specs` and assembles the snapshot. Any [`Fatal`] aborts the
/// rest (nothing is written by the caller).
pub async fn fetch(
    client: Arc<Client>,
    specs: Vec<&'static Spec>,
    cloud: Cloud,
    tenant_hint: Option<String>,
    checkpoint: Option<Arc<Checkpoint>>,
    progress: Arc<dyn Progress>,
) -> Result<Outcome, Fatal> {
    let mut set = tokio::task::JoinSet::new();
    for spec in specs {
        let client = client.clone();
        set.spawn(read_collection(
            client,
            spec,
            checkpoint.clone(),
            progress.clone(),
        ));
    }
    let mut reads = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(r)) => reads.push(r),
            Ok(Err(f)) => return Err(f),
            Err(e) => return Err(Fatal(format!("internal error in a fetch task: {e}"))),
        }
    }
    reads.sort_by_key(|r| r.fetched.name);
    let org = reads
        .iter()
        .find(|r| r.fetched.name == "organization")
        .and_then(|r| r.items.first());
    let tenant = Tenant {
        id: org
            .and_then(|o| o["id"].as_str())
            .map(str::to_string)
            .or(tenant_hint)
            .unwrap_or_else(|| "unknown".into()),
        display_name: org
            .and_then(|o| o["displayName"].as_str())
            .map(str::to_string),
        cloud,
    };
    let mut collections = serde_json::Map::new();
    let mut fetched = Vec::new();
    for r in reads {
        let mut c = serde_json::to_value(&r.collection)
            .map_err(|e| Fatal(format!("cannot serialise the snapshot: {e}")))?;
        c["items"] = Value::Array(r.items);
        collections.insert(r.fetched.name.to_string(), c);
        fetched.push(r.fetched);
    }
    let doc = json!({
        "schema": snapshot::SCHEMA,
        "tenant": tenant,
        "fetchedAt": jiff::Timestamp::now().round(jiff::Unit::Second).unwrap_or_else(|_| jiff::Timestamp::now()).to_string(),
        "tool": {"name": "govlint", "version": env!("CARGO_PKG_VERSION")},
        "collections": collections,
    });
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Fatal(format!("cannot serialise the snapshot: {e}")))?;
    text.push('\n');
    // The snapshot must read back: a fetch never writes what lint would refuse.
    snapshot::parse("fetched snapshot", &text).map_err(|e| {
        Fatal(format!(
            "internal error: the fetched snapshot does not validate: {e}"
        ))
    })?;
    Ok(Outcome {
        snapshot: text,
        collections: fetched,
    })
}
