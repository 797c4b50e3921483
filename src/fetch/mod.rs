//! `govlint fetch`: reads a tenant's governance configuration from Microsoft Graph into a
//! snapshot, saying exactly what it could not read and why.
//!
//! - [`auth`]: access tokens (secret, certificate, federated, managed identity, Azure CLI,
//!   device code);
//! - [`client`]: HTTP with bounded concurrency, retries, paging, and `$batch` for the lists
//!   read per parent (children, group members and owners, PIM for groups per group);
//! - [`collections`]: what is read, from where, with which permission and licence;
//! - `users`: one read of the users with their sign-in activity, and the guests' sponsors;
//! - [`cli`]: the `fetch` and `permissions` subcommands;
//! - [`progress`]: live per-collection progress on stderr at a terminal;
//! - [`raw`]: items as compact JSON text, and splicing child lists into their parents;
//! - [`output`]: the snapshot written by streaming, checked before it replaces anything.
//!
//! Logs (sign-ins, group creations in the audit log) are read over a window from the fetch's
//! clock ([`Plan`]), recorded on the collection. A 403/404/400 on a collection is recorded on
//! it (`unavailable` naming the permission and licence it needs, or `partial` with gaps for
//! children) and the snapshot is still written: exit 3. Auth and network failures, and faults
//! that outlast the retries, write nothing: exit 4.

pub mod auth;
pub mod checkpoint;
pub mod cli;
pub mod client;
pub mod collections;
pub mod output;
pub mod progress;
pub mod raw;
pub mod retry_after;
pub mod scrub;
mod spool;
mod users;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use serde_json::Value;

use crate::snapshot::{Cloud, Collection, Gap, GraphError, Status, Tenant, Window};
use checkpoint::{Checkpoint, Entry};
use client::{Client, Failure, Fatal, Listed};
use collections::{display_request_in, encode, query_string, Child, GroupMembers, Kind, Spec};
use progress::Progress;
use raw::{Item, Node};

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

/// A finished fetch: the snapshot (not yet written: [`Outcome::write`]) and what each
/// collection got.
#[derive(Debug)]
pub struct Outcome {
    pub snapshot: output::Assembled,
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
    items: output::Items,
    collection: Collection,
    fetched: Fetched,
}

/// The permission to name when Graph refused: a 403 that is not a licensing refusal.
fn with_permission(e: GraphError, permission: &str) -> GraphError {
    with_requirements(e, permission, None)
}

/// What a 403 lacked: the permission (unless it is a licensing refusal, which no permission
/// cures) and the licence the collection needs, if any.
fn with_requirements(mut e: GraphError, permission: &str, license: Option<&str>) -> GraphError {
    let licensing = e
        .code
        .as_deref()
        .is_some_and(|c| c.contains("NonPremium") || c.contains("B2C"));
    if e.http_status == Some(403) {
        if !licensing {
            e.permission = Some(permission.to_string());
        }
        e.license = license.map(str::to_string);
    }
    e
}

/// The wall clock, to the second: a fetch's clock when it starts.
pub fn now() -> jiff::Timestamp {
    let now = jiff::Timestamp::now();
    now.round(jiff::Unit::Second).unwrap_or(now)
}

/// The choices of one fetch beyond which collections: the windows of the logs (from the
/// fetch's clock) and whose group members are read.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The fetch's clock (when it first started).
    pub clock: jiff::Timestamp,
    pub sign_ins: Window,
    /// Group creations are read from here on (the audit log keeps 30 days with a licence).
    pub audits_since: jiff::Timestamp,
    pub group_members: GroupMembers,
    /// Where the snapshot goes: logs are spooled to files beside it while they are read
    /// (`None`: held in memory).
    pub spool_beside: Option<std::path::PathBuf>,
}

impl Plan {
    /// Graph's retention of the directory audit log with Entra ID P1/P2.
    pub const AUDIT_DAYS: i64 = 30;
    /// And without.
    pub const AUDIT_DAYS_UNLICENSED: i64 = 7;

    /// Sign-ins from `sign_ins_since` (all, or failures only), group creations from
    /// `clock` − 30 days.
    pub fn new(
        clock: jiff::Timestamp,
        sign_ins_since: jiff::Timestamp,
        failures_only: bool,
        group_members: GroupMembers,
    ) -> Plan {
        Plan {
            clock,
            sign_ins: Window {
                since: sign_ins_since,
                failures_only,
            },
            audits_since: clock
                .checked_sub(jiff::SignedDuration::from_hours(24 * Plan::AUDIT_DAYS))
                .unwrap_or(clock),
            group_members,
            spool_beside: None,
        }
    }

    /// The choices a resumed fetch must share with the one it continues (pages read for one
    /// window are not mixed with another's).
    pub fn describe(&self) -> String {
        format!(
            "signIns since {}{}; groupMembers {}",
            self.sign_ins.since,
            if self.sign_ins.failures_only {
                " (failures)"
            } else {
                ""
            },
            match self.group_members {
                GroupMembers::All => "all",
                GroupMembers::Privileged => "privileged",
            }
        )
    }

    /// The query a spec is read with, and the window it covers (logs only).
    fn query(&self, spec: &Spec) -> (Vec<(&'static str, String)>, Option<Window>) {
        let mut q: Vec<(&'static str, String)> = spec
            .query
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        let window = match spec.kind {
            Kind::Log(log) => {
                let window = match log {
                    collections::Log::SignIns => self.sign_ins.clone(),
                    collections::Log::GroupCreations => Window {
                        since: self.audits_since,
                        failures_only: false,
                    },
                };
                let since = window.since.to_string();
                q.insert(0, ("$filter", log.filter(&since, window.failures_only)));
                Some(window)
            }
            _ => None,
        };
        (q, window)
    }
}

/// How a collection was asked for: its request (for the record) and window.
#[derive(Debug, Clone)]
struct Asked {
    request: String,
    window: Option<Window>,
}

impl Asked {
    fn of(spec: &Spec, q: &[(&str, String)], window: Option<Window>) -> Asked {
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Asked {
            request: display_request_in(spec.version, spec.path, &q),
            window,
        }
    }
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

/// The checkpoint and the collection whose child lists it keeps.
type Cache = (Arc<Checkpoint>, &'static str);

/// Reads the lists at `keys` (Graph paths with their queries) with [`Client::list_many`],
/// except those the checkpoint already holds; records the ones read in full.
async fn read_lists(
    client: &Arc<Client>,
    keys: &[String],
    cache: Option<&Cache>,
) -> Result<Vec<Listed>, Fatal> {
    let mut listed: Vec<Option<Listed>> = keys
        .iter()
        .map(|key| {
            let (cp, name) = cache?;
            let items = cp.take_child(name, key)?;
            Some(Listed {
                items,
                pages: 0,
                error: None,
            })
        })
        .collect();
    let mut to_read = Vec::new();
    for (key, got) in keys.iter().zip(&listed) {
        if got.is_none() {
            to_read.push(client.url(key)?);
        }
    }
    let mut read = client.list_many(to_read).await?.into_iter();
    for (key, got) in keys.iter().zip(listed.iter_mut()) {
        if got.is_none() {
            let l = read.next().unwrap_or_default();
            if let (None, Some((cp, name))) = (&l.error, cache) {
                cp.child_read(name, key, &l.items);
            }
            *got = Some(l);
        }
    }
    Ok(listed.into_iter().map(Option::unwrap_or_default).collect())
}

/// Where item `id` of a list at `base` lives: `{base}/{id}`, or `base` with `{id}` filled in
/// when the item's children sit behind a type cast ([`Spec::item_path`]).
fn item_path(base: &str, id: &str) -> String {
    if base.contains("{id}") {
        base.replace("{id}", &encode(id))
    } else {
        format!("{base}/{}", encode(id))
    }
}

type ChildrenFuture =
    Pin<Box<dyn Future<Output = Result<(Vec<Vec<Node>>, Vec<Gap>), Fatal>> + Send>>;

/// Reads `kids` of every item of every list in `lists` (each list with the path its items
/// live under) and embeds them, one level at a time so that the children of all parents at a
/// level go to Graph together in `$batch`es. Failures become gaps naming the parent.
fn children(
    client: Arc<Client>,
    lists: Vec<(String, Vec<Node>)>,
    kids: &'static [Child],
    permission: &'static str,
    label: &'static str,
    cache: Option<(Arc<Checkpoint>, &'static str)>,
) -> ChildrenFuture {
    Box::pin(async move {
        if kids.is_empty() {
            return Ok((
                lists.into_iter().map(|(_, items)| items).collect(),
                Vec::new(),
            ));
        }
        let mut gaps = Vec::new();
        // Each item's id, read once from its text.
        let ids: Vec<Vec<Option<String>>> = lists
            .iter()
            .map(|(_, items)| {
                items
                    .iter()
                    .map(|i| raw::id(i.own()).map(|s| s.into_owned()))
                    .collect()
            })
            .collect();
        // (list, item, kid) of every request, in a fixed order.
        let mut wanted: Vec<(usize, usize, usize)> = Vec::new();
        let mut urls = Vec::new();
        for (l, (base, _)) in lists.iter().enumerate() {
            for (i, id) in ids[l].iter().enumerate() {
                let Some(id) = id else {
                    gaps.push(Gap {
                        what: format!("children of a {} without an id", singular(label)),
                        error: None,
                    });
                    continue;
                };
                for (k, kid) in kids.iter().enumerate() {
                    let path = format!("{}/{}", item_path(base, id), kid.nav);
                    urls.push(format!("{path}{}", query_string(kid.query)));
                    wanted.push((l, i, k));
                }
            }
        }
        let mut listed = read_lists(&client, &urls, cache.as_ref()).await?;
        let mut lists = lists;
        // Per kid, the next level: one list per parent that was read.
        for (k, kid) in kids.iter().enumerate() {
            let mut next: Vec<(String, Vec<Node>)> = Vec::new();
            let mut owners: Vec<(usize, usize)> = Vec::new();
            for ((l, i, kk), got) in wanted.iter().zip(listed.iter_mut()) {
                if *kk != k {
                    continue;
                }
                let base = &lists[*l].0;
                let id = ids[*l][*i].as_deref().unwrap_or_default();
                if let Some(e) = got.error.take() {
                    gaps.push(Gap {
                        what: format!("{} of {} {id}", kid.nav, singular(label)),
                        error: Some(with_permission(e, permission)),
                    });
                }
                let path = format!("{}/{}", item_path(base, id), kid.nav);
                let items = std::mem::take(&mut got.items);
                next.push((path, items.into_iter().map(Node::from).collect()));
                owners.push((*l, *i));
            }
            let (embedded, g) = children(
                client.clone(),
                next,
                kid.children,
                permission,
                kid.nav,
                cache.clone(),
            )
            .await?;
            gaps.extend(g);
            for ((l, i), sub) in owners.into_iter().zip(embedded) {
                lists[l].1[i].embed(kid.nav, sub);
            }
        }
        Ok((lists.into_iter().map(|(_, items)| items).collect(), gaps))
    })
}

/// The role-assignable groups, as the PIM-for-groups fan-outs need them.
#[derive(Debug, Clone)]
enum RoleGroups {
    /// Their ids; with an error when the groups list stopped early (more may exist).
    Known {
        ids: Arc<Vec<String>>,
        cut: Option<GraphError>,
    },
    /// The groups could not be listed.
    Unknown(GraphError),
    /// Listing them failed the fetch.
    Failed(Fatal),
}

type RoleGroupsTx = tokio::sync::watch::Sender<Option<RoleGroups>>;
type RoleGroupsRx = tokio::sync::watch::Receiver<Option<RoleGroups>>;

fn role_assignable<'a>(items: impl IntoIterator<Item = &'a RawValue>) -> Vec<String> {
    items
        .into_iter()
        .filter(|g| raw::is_true(g, "isAssignableToRole"))
        .filter_map(|g| raw::id(g).map(|s| s.into_owned()))
        .collect()
}

/// Says which groups are role-assignable, once (later calls are ignored).
fn tell(tx: &RoleGroupsTx, groups: RoleGroups) {
    tx.send_if_modified(|v| {
        if v.is_none() {
            *v = Some(groups);
            true
        } else {
            false
        }
    });
}

/// Groups whose members and owners are read (and checkpointed) together.
const GROUPS_PER_SLICE: usize = 1000;

/// `members` and `owners` of every group, or (`privileged`) of the role-assignable groups
/// and, transitively, of every group that is a member of one (each group once, so membership
/// cycles end). Only groups present in `items` are read: the navs are embedded there.
async fn group_closure(
    client: &Arc<Client>,
    items: &mut [Node],
    base: &str,
    permission: &'static str,
    cache: Option<&Cache>,
    which: GroupMembers,
) -> Result<Vec<Gap>, Fatal> {
    let index: std::collections::HashMap<String, usize> = items
        .iter()
        .enumerate()
        .filter_map(|(i, g)| raw::id(g.own()).map(|id| (id.into_owned(), i)))
        .collect();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let first = match which {
        GroupMembers::All => items
            .iter()
            .filter_map(|g| raw::id(g.own()).map(|id| id.into_owned()))
            .collect(),
        GroupMembers::Privileged => role_assignable(items.iter().map(Node::own)),
    };
    let mut frontier: Vec<String> = first
        .into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect();
    let mut gaps = Vec::new();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        // In slices, so that each slice's lists reach the checkpoint as it is read (every
        // group of a large tenant is tens of thousands of lists).
        for slice in frontier.chunks(GROUPS_PER_SLICE) {
            let mut keys = Vec::new();
            for id in slice {
                for kid in collections::GROUP_NAVS {
                    keys.push(format!(
                        "{base}/{}/{}{}",
                        encode(id),
                        kid.nav,
                        query_string(kid.query)
                    ));
                }
            }
            let mut listed = read_lists(client, &keys, cache).await?.into_iter();
            for id in slice {
                for kid in collections::GROUP_NAVS {
                    let got = listed.next().unwrap_or_default();
                    if let Some(e) = got.error {
                        gaps.push(Gap {
                            what: format!("{} of group {id}", kid.nav),
                            error: Some(with_permission(e, permission)),
                        });
                    }
                    if kid.nav == "members" {
                        for m in &got.items {
                            let nested = raw::str_field(m, "@odata.type").as_deref()
                                == Some("#microsoft.graph.group");
                            if let (true, Some(mid)) = (nested, raw::id(m)) {
                                if index.contains_key(mid.as_ref()) && seen.insert(mid.to_string())
                                {
                                    next.push(mid.into_owned());
                                }
                            }
                        }
                    }
                    if let Some(&i) = index.get(id) {
                        items[i].embed(kid.nav, got.items.into_iter().map(Node::from).collect());
                    }
                }
            }
        }
        frontier = next;
    }
    Ok(gaps)
}

/// The query of a per-group read, `{gid}` replaced.
fn for_group(q: &[(&str, &str)], gid: &str) -> Vec<(String, String)> {
    // OData string literals double their quotes.
    let lit = gid.replace('\'', "''");
    q.iter()
        .map(|(k, v)| (k.to_string(), v.replace("{gid}", &lit)))
        .collect()
}

/// A list read once per role-assignable group (Graph has no tenant-wide read of it), all in
/// `$batch`es.
async fn read_per_group(
    client: &Arc<Client>,
    spec: &'static Spec,
    mut groups: RoleGroupsRx,
) -> Result<(Vec<Item>, u64, Option<GraphError>, Vec<Gap>), Fatal> {
    let known = groups
        .wait_for(Option::is_some)
        .await
        .map_err(|_| Fatal("internal error: the groups were never listed".into()))?
        .clone();
    let (ids, cut) = match known {
        Some(RoleGroups::Known { ids, cut }) => (ids, cut),
        Some(RoleGroups::Unknown(e)) => {
            // Which groups to read is unknown: nothing here can be trusted to be complete.
            return Ok((Vec::new(), 0, Some(e), Vec::new()));
        }
        Some(RoleGroups::Failed(f)) => return Err(f),
        None => return Err(Fatal("internal error: no role-assignable groups".into())),
    };
    let mut urls = Vec::new();
    for gid in ids.iter() {
        let q = for_group(spec.query, gid);
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        urls.push(client.url(&format!("/v1.0{}{}", spec.path, query_string(&q)))?);
    }
    let listed = client.list_many(urls).await?;
    let mut items = Vec::new();
    let mut gaps = Vec::new();
    let mut pages = 0;
    let mut first_error = None;
    let mut failed = 0;
    for (gid, got) in ids.iter().zip(listed) {
        pages += got.pages;
        items.extend(got.items);
        if let Some(e) = got.error {
            let e = with_permission(e, spec.permission);
            failed += 1;
            first_error.get_or_insert_with(|| e.clone());
            gaps.push(Gap {
                what: format!("{} of group {gid}", spec.name),
                error: Some(e),
            });
        }
    }
    if failed > 0 && failed == ids.len() {
        // Refused for every group: the collection as a whole is unavailable.
        return Ok((Vec::new(), pages, first_error, Vec::new()));
    }
    if let Some(e) = cut {
        gaps.push(Gap {
            what: "groups after the first listed (the groups list stopped early, so role-assignable groups may be missing)".into(),
            error: Some(e),
        });
    }
    Ok((items, pages, None, gaps))
}

/// One object (`GET` answers it without `value`), as a one-item list.
async fn read_single(client: &Client, url: reqwest::Url) -> Result<Listed, Fatal> {
    match client.get_json(&url, &[]).await {
        Ok(mut v) => {
            let values = match v.get_mut("value") {
                // Tolerate a service answering it as a collection.
                Some(Value::Array(a)) => std::mem::take(a),
                _ => {
                    if let Some(o) = v.as_object_mut() {
                        o.retain(|k, _| !k.starts_with("@odata.") || k == "@odata.type");
                    }
                    vec![v]
                }
            };
            let items = values
                .iter()
                .map(raw::to_item)
                .collect::<Result<_, _>>()
                .map_err(|e| Fatal(format!("cannot keep {}: {e}", client::display_path(&url))))?;
            Ok(Listed {
                items,
                pages: 1,
                error: None,
            })
        }
        Err(Failure::Graph(e)) => Ok(Listed {
            items: Vec::new(),
            pages: 0,
            error: Some(e),
        }),
        Err(Failure::Fatal(f)) => Err(f),
    }
}

async fn read_collection(
    client: Arc<Client>,
    spec: &'static Spec,
    cp: Option<Arc<Checkpoint>>,
    progress: Arc<dyn Progress>,
    groups: Arc<RoleGroupsTx>,
    plan: Arc<Plan>,
) -> Result<Vec<Read>, Fatal> {
    if spec.kind == Kind::Users {
        let reads = users::read(client, spec, cp, &*progress).await?;
        for r in &reads {
            progress.finished(r.fetched.name, r.fetched.status);
        }
        return Ok(reads);
    }
    let read = read_collection_inner(client, spec, cp, &*progress, &groups, &plan).await;
    if let Ok(r) = &read {
        if spec.kind == Kind::Groups {
            // However the groups were read (a checkpoint, an error), the fan-outs waiting on
            // them are told; `tell` keeps the first, earlier answer.
            tell(
                &groups,
                match &r.collection.error {
                    Some(e) if r.collection.status == Status::Unavailable => {
                        RoleGroups::Unknown(e.clone())
                    }
                    _ => RoleGroups::Known {
                        ids: Arc::new(role_assignable(r.items.nodes().iter().map(Node::own))),
                        cut: None,
                    },
                },
            );
        }
        progress.finished(spec.name, r.fetched.status);
    }
    read.map(|r| vec![r])
}

/// A list read from its start, or continued from the checkpoint's `entry` (its items and the
/// nextLink after them); a nextLink that expired while away reads it again from the start.
/// With a `spool` the items go there page by page and the result holds none.
async fn list_resumable(
    client: &Client,
    name: &'static str,
    first: reqwest::Url,
    entry: Option<Entry>,
    cp: Option<&Arc<Checkpoint>>,
    progress: &dyn Progress,
    spool: Option<&spool::Spool>,
) -> Result<Listed, Fatal> {
    // Credentials lose their secret material before the checkpoint keeps a page on disk,
    // not only before the snapshot does.
    let scrub = collections::SPECS
        .iter()
        .any(|s| s.name == name && s.credentials);
    let record = |new: &[Item], next: Option<&reqwest::Url>, pages: u64| {
        progress.page(name, new.len(), pages);
        if let Some(s) = spool {
            // The page durable in the spool before the record that vouches for it; a spool
            // that cannot be written gets no record (the fetch fails with its error).
            s.add(new);
            if let (Some(cp), Some(synced)) = (cp, cp.and_then(|_| s.sync())) {
                cp.page(name, &[], next, pages, Some(synced));
            }
            return;
        }
        if let Some(cp) = cp {
            if scrub {
                let clean: Vec<Item> = new.iter().cloned().map(scrub::credentials).collect();
                cp.page(name, &clean, next, pages, None);
            } else {
                cp.page(name, new, next, pages, None);
            }
        }
    };
    let keep = spool.is_none();
    // What the checkpoint kept, to the spool if there is one.
    let kept = |items: Vec<Item>| -> Vec<Item> {
        match spool {
            Some(s) => {
                s.add(&items);
                Vec::new()
            }
            None => items,
        }
    };
    match entry {
        Some(Entry::Paging {
            items,
            next: None,
            pages,
            ..
        }) => {
            progress.page(name, items.len(), pages);
            Ok(Listed {
                items: kept(items),
                pages,
                error: None,
            })
        }
        Some(Entry::Paging {
            items,
            next: Some(next),
            pages,
            ..
        }) => {
            progress.page(name, items.len(), pages);
            let done = Listed {
                items: kept(items),
                pages,
                error: None,
            };
            let resumed = match reqwest::Url::parse(&next) {
                Ok(url) => Some(client.list_pages(url, &[], done, keep, record).await?),
                Err(_) => None,
            };
            match resumed {
                Some(l) if !(l.pages == pages && l.error.is_some()) => Ok(l),
                _ => {
                    if let Some(cp) = cp {
                        cp.reset(name);
                    }
                    if let Some(s) = spool {
                        s.clear();
                    }
                    progress.started(name);
                    client
                        .list_pages(first, &[], Listed::default(), keep, record)
                        .await
                }
            }
        }
        _ => {
            client
                .list_pages(first, &[], Listed::default(), keep, record)
                .await
        }
    }
}

/// A collection the checkpoint holds whole, as read.
fn resumed_done(
    name: &'static str,
    collection: Collection,
    items: Vec<Item>,
    pages: u64,
    progress: &dyn Progress,
) -> Read {
    progress.page(name, items.len(), pages);
    let items: Vec<Node> = items.into_iter().map(Node::from).collect();
    let fetched = Fetched {
        name,
        status: collection.status,
        count: items.len(),
        pages,
        elapsed: Duration::ZERO,
        reason: collection.unusable_reason(name),
    };
    Read {
        items: items.into(),
        collection,
        fetched,
    }
}

/// A spooled log the checkpoint holds whole (its spool, cut back to what the log names).
fn resumed_spooled(
    name: &'static str,
    collection: Collection,
    spool: spool::Spool,
    pages: u64,
    progress: &dyn Progress,
) -> Read {
    let count = spool.count();
    progress.page(name, count, pages);
    let fetched = Fetched {
        name,
        status: collection.status,
        count,
        pages,
        elapsed: Duration::ZERO,
        reason: collection.unusable_reason(name),
    };
    Read {
        items: output::Items::Spooled(spool),
        collection,
        fetched,
    }
}

async fn read_collection_inner(
    client: Arc<Client>,
    spec: &'static Spec,
    cp: Option<Arc<Checkpoint>>,
    progress: &dyn Progress,
    groups: &Arc<RoleGroupsTx>,
    plan: &Plan,
) -> Result<Read, Fatal> {
    let start = Instant::now();
    progress.started(spec.name);
    let (q, window) = plan.query(spec);
    let asked = Asked::of(spec, &q, window);
    let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = client.url(&format!(
        "/{}{}{}",
        spec.version,
        spec.path,
        query_string(&q)
    ))?;
    let mut entry = cp.as_ref().and_then(|c| c.take(spec.name));
    if let Some(Entry::Done {
        collection,
        items,
        pages,
        spooled: None,
    }) = entry
    {
        return Ok(resumed_done(spec.name, *collection, items, pages, progress));
    }
    // Logs go to disk page by page, beside the snapshot; a resumed one continues the spool
    // its checkpoint records refer to.
    let spool = match (spec.kind, &plan.spool_beside) {
        (Kind::Log(_), Some(output)) => {
            let path = spool::Spool::path_for(output, spec.name);
            let synced = match &entry {
                Some(Entry::Paging { spooled, .. } | Entry::Done { spooled, .. }) => *spooled,
                None => None,
            };
            let reopened = synced.and_then(|s| spool::Spool::reopen(path.clone(), s).ok());
            if reopened.is_none() && synced.is_some() {
                // Its spool is gone or short: the log is read again from its start.
                if let Some(cp) = &cp {
                    cp.reset(spec.name);
                }
                entry = None;
            }
            match reopened {
                Some(s) => Some(s),
                None => Some(
                    spool::Spool::create(path.clone(), cp.is_some())
                        .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?,
                ),
            }
        }
        _ => None,
    };
    if let Some(Entry::Done {
        collection, pages, ..
    }) = entry
    {
        match spool {
            Some(spool) => {
                return Ok(resumed_spooled(
                    spec.name,
                    *collection,
                    spool,
                    pages,
                    progress,
                ))
            }
            None => {
                // A spooled log resumed without a spool (it cannot happen: the plan is the
                // same): read again.
                if let Some(cp) = &cp {
                    cp.reset(spec.name);
                }
                entry = None;
            }
        }
    }
    let listed = match entry {
        Some(paging) => {
            list_resumable(
                &client,
                spec.name,
                first,
                Some(paging),
                cp.as_ref(),
                progress,
                spool.as_ref(),
            )
            .await?
        }
        None => match spec.kind {
            Kind::Single => read_single(&client, first).await?,
            Kind::PerRoleAssignableGroup => {
                let (items, pages, error, gaps) =
                    read_per_group(&client, spec, groups.subscribe()).await?;
                progress.page(spec.name, items.len(), pages);
                return Ok(finish(
                    spec,
                    &asked,
                    start,
                    items.into_iter().map(Node::from).collect::<Vec<_>>(),
                    pages,
                    error,
                    gaps,
                    cp.as_deref(),
                ));
            }
            _ => {
                list_resumable(
                    &client,
                    spec.name,
                    first,
                    None,
                    cp.as_ref(),
                    progress,
                    spool.as_ref(),
                )
                .await?
            }
        },
    };
    let mut error = None;
    let mut gaps = Vec::new();
    let pages = listed.pages;
    let items = listed.items;
    let read = spool.as_ref().map_or(items.len(), spool::Spool::count);
    if let Some(e) = listed.error {
        let e = with_requirements(e, spec.permission, spec.license);
        if read == 0 {
            error = Some(e);
        } else {
            gaps.push(Gap {
                what: format!("pages after the first {read} items"),
                error: Some(e),
            });
        }
    }
    if let Some(spool) = spool {
        return Ok(finish(
            spec,
            &asked,
            start,
            output::Items::Spooled(spool),
            pages,
            error,
            gaps,
            cp.as_deref(),
        ));
    }
    if spec.kind == Kind::Groups {
        // The fan-outs can start now, while members and owners are read.
        tell(
            groups,
            match &error {
                Some(e) => RoleGroups::Unknown(e.clone()),
                None => RoleGroups::Known {
                    ids: Arc::new(role_assignable(items.iter().map(|i| &**i))),
                    cut: gaps.first().and_then(|g| g.error.clone()),
                },
            },
        );
    }
    let items = if spec.credentials {
        items.into_iter().map(scrub::credentials).collect()
    } else {
        items
    };
    let mut items: Vec<Node> = items.into_iter().map(Node::from).collect();
    if error.is_none() {
        let base = format!("/v1.0{}", spec.item_path.unwrap_or(spec.path));
        let cache: Option<Cache> = cp.clone().map(|cp| (cp, spec.name));
        if spec.kind == Kind::Groups {
            gaps.extend(
                group_closure(
                    &client,
                    &mut items,
                    &base,
                    spec.permission,
                    cache.as_ref(),
                    plan.group_members,
                )
                .await?,
            );
        }
        if !spec.children.is_empty() {
            let (mut with_children, g) = children(
                client.clone(),
                vec![(base, items)],
                spec.children,
                spec.permission,
                spec.name,
                cache,
            )
            .await?;
            items = with_children.pop().unwrap_or_default();
            gaps.extend(g);
        }
    }
    Ok(finish(
        spec,
        &asked,
        start,
        items,
        pages,
        error,
        gaps,
        cp.as_deref(),
    ))
}

/// The collection's record (status from its error and gaps), checkpointed as done.
#[allow(clippy::too_many_arguments)]
fn finish(
    spec: &'static Spec,
    asked: &Asked,
    start: Instant,
    items: impl Into<output::Items>,
    pages: u64,
    error: Option<GraphError>,
    gaps: Vec<Gap>,
    cp: Option<&Checkpoint>,
) -> Read {
    let items = items.into();
    let status = if error.is_some() {
        Status::Unavailable
    } else if gaps.is_empty() {
        Status::Complete
    } else {
        Status::Partial
    };
    let collection = Collection {
        status,
        api_version: Some(spec.version.into()),
        request: Some(asked.request.clone()),
        count: Some(items.len() as u64),
        error,
        gaps,
        window: asked.window.clone(),
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
    if let Some(cp) = cp {
        cp.done(spec.name, &collection, &items, pages);
    }
    Read {
        items,
        collection,
        fetched,
    }
}

/// Without Entra ID P1/P2 the directory audit log keeps 7 days, not 30: when another read
/// found the tenant unlicensed, the audit window claims only the days Graph kept, so "created
/// before the window" is never said of a group whose record simply expired.
fn audit_retention(reads: &mut [Read], plan: &Plan) {
    let unlicensed = reads.iter().any(|r| {
        r.collection
            .error
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .is_some_and(|c| c.contains("NonPremium"))
    });
    if !unlicensed {
        return;
    }
    let kept = plan
        .clock
        .checked_sub(jiff::SignedDuration::from_hours(
            24 * Plan::AUDIT_DAYS_UNLICENSED,
        ))
        .unwrap_or(plan.clock);
    for r in reads.iter_mut() {
        if let (Kind::Log(collections::Log::GroupCreations), Some(w)) = (
            collections::SPECS
                .iter()
                .find(|s| s.name == r.fetched.name)
                .map_or(Kind::List, |s| s.kind),
            r.collection.window.as_mut(),
        ) {
            if w.since < kept {
                w.since = kept;
            }
        }
    }
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
    plan: Plan,
) -> Result<Outcome, Fatal> {
    let plan = Arc::new(plan);
    let groups = Arc::new(tokio::sync::watch::channel(None).0);
    let mut set = tokio::task::JoinSet::new();
    let fans_out = specs.iter().any(|s| s.kind == Kind::PerRoleAssignableGroup);
    if fans_out && !specs.iter().any(|s| s.kind == Kind::Groups) {
        // `--only pim` without groups: the fan-outs still need the role-assignable groups.
        let (client, groups) = (client.clone(), groups.clone());
        tokio::spawn(async move {
            let url = client.url(&format!(
                "/v1.0/groups{}",
                query_string(collections::ROLE_ASSIGNABLE_GROUPS)
            ));
            let told = match url {
                Ok(url) => match client.list(url, &[]).await {
                    Ok(l) => match l.error {
                        Some(e) if l.items.is_empty() => {
                            RoleGroups::Unknown(with_permission(e, collections::GROUPS_PERMISSION))
                        }
                        cut => RoleGroups::Known {
                            ids: Arc::new(role_assignable(l.items.iter().map(|i| &**i))),
                            cut: cut.map(|e| with_permission(e, collections::GROUPS_PERMISSION)),
                        },
                    },
                    Err(f) => RoleGroups::Failed(f),
                },
                Err(f) => RoleGroups::Failed(f),
            };
            tell(&groups, told);
        });
    }
    for spec in specs {
        if spec.kind == Kind::FromUsers {
            // The users read makes it.
            continue;
        }
        let client = client.clone();
        set.spawn(read_collection(
            client,
            spec,
            checkpoint.clone(),
            progress.clone(),
            groups.clone(),
            plan.clone(),
        ));
    }
    let mut reads = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(r)) => reads.extend(r),
            Ok(Err(f)) => return Err(f),
            Err(e) => return Err(Fatal(format!("internal error in a fetch task: {e}"))),
        }
    }
    reads.sort_by_key(|r| r.fetched.name);
    audit_retention(&mut reads, &plan);
    let org = reads
        .iter()
        .find(|r| r.fetched.name == "organization")
        .and_then(|r| r.items.nodes().first())
        .map(Node::own);
    let tenant = Tenant {
        id: org
            .and_then(raw::id)
            .map(|s| s.into_owned())
            .or(tenant_hint)
            .unwrap_or_else(|| "unknown".into()),
        display_name: org
            .and_then(|o| raw::str_field(o, "displayName"))
            .map(|s| s.into_owned()),
        cloud,
    };
    let mut collections = Vec::with_capacity(reads.len());
    let mut fetched = Vec::with_capacity(reads.len());
    for r in reads {
        collections.push((r.fetched.name, r.collection, r.items));
        fetched.push(r.fetched);
    }
    Ok(Outcome {
        snapshot: output::Assembled {
            tenant,
            fetched_at: now().to_string(),
            collections,
        },
        collections: fetched,
    })
}
