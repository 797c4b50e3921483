//! Resumable fetches: what has been read so far, kept next to the output
//! (`snapshot.json.checkpoint`) so an interrupted fetch (network loss, Ctrl-C, a token that
//! cannot be refreshed) continues with `--resume` from the last completed page instead of
//! starting over. The snapshot itself is still written atomically, and only when whole.
//!
//! Granularity: finished collections are kept whole; a collection being listed keeps its
//! items and the nextLink of the page after them; once listed, the child lists it has read in
//! full (instances, decisions, group members…) are kept too, and only the others are read on
//! resuming. The checkpoint holds Graph data and nextLinks, never a token.
//!
//! Format: an append-only log of JSON lines, items as Graph's text. A header line (the
//! format's version, the Graph root and tenant), then one record per page, per child list
//! read in full, per collection read again from its start, and per finished collection (its
//! items in chunks, then its record; a spooled log's record points back at its pages instead,
//! so its items are not on disk a second time). Appending costs what was read, where rewriting the whole
//! state every few seconds grew with the tenant; the log is fsync'd at most every few seconds
//! and when a collection is finished. A crash mid-append leaves a torn last line: replay
//! ignores it and the next append starts after the last whole line. A log spooled beside the
//! snapshot ([`super::spool`]) is not copied into the log at all: its page records name how
//! much of the spool (fsync'd before them) they vouch for. In memory the checkpoint
//! holds only what a resumed fetch has yet to take back, never a second copy of the items.

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::output::Items;
use super::raw::{Item, Node};
pub use super::spool::Synced;
use crate::snapshot::Collection;

/// The log format's version: a checkpoint of another is refused, not misread. 3: a spooled
/// log's pages name the spool's length instead of holding its items.
const VERSION: u32 = 3;

/// About how much of a finished collection's items goes on one line (a line is read whole on
/// replay; an item larger than this gets a line of its own).
const CHUNK_BYTES: usize = 1 << 20;

/// What a resumed fetch takes back for one collection.
#[derive(Debug)]
pub enum Entry {
    /// Read completely (children included).
    Done {
        collection: Box<Collection>,
        items: Vec<Item>,
        pages: u64,
        /// A spooled log's items: this much of its spool.
        spooled: Option<Synced>,
    },
    /// Being listed: the items so far and the page to read next (`None`: the list is
    /// complete, its children are not).
    Paging {
        items: Vec<Item>,
        next: Option<String>,
        pages: u64,
        /// A spooled log's items so far: this much of its spool.
        spooled: Option<Synced>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    govlint_checkpoint: u32,
    /// The Graph root it was read from: a checkpoint never mixes tenants or clouds.
    graph: String,
    tenant: Option<String>,
    /// The fetch's clock, from its first start: log windows (sign-ins since…) hang from it, so
    /// a resumed fetch reads the window its pages were read for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    clock: Option<String>,
    /// The fetch's choices ([`super::Plan::describe`]): a resumed fetch must make the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<String>,
}

/// One line after the header, as written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum Record<'a> {
    /// One more page of a collection being listed.
    Page {
        collection: &'a str,
        items: &'a [Item],
        next: Option<&'a str>,
        pages: u64,
        /// A spooled log's page: its items are in the spool, this much of it in all.
        #[serde(skip_serializing_if = "Option::is_none")]
        spooled: Option<Synced>,
    },
    /// A child list read in full, by the Graph path and query it was read from.
    Child {
        collection: &'a str,
        key: &'a str,
        items: &'a [Item],
    },
    /// The collection is read again from its start (its nextLink expired).
    Reset { collection: &'a str },
    /// The collection is finished, with the `doneItems` before it (`count` of them), or, for
    /// a spooled log (`fromPages`), with its `page` records since its last reset as its items.
    Done {
        collection: &'a str,
        record: &'a Collection,
        pages: u64,
        count: usize,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        from_pages: bool,
    },
}

/// One line after the header, as read back.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum Replayed {
    Page {
        collection: String,
        items: Vec<Item>,
        next: Option<String>,
        pages: u64,
        #[serde(default)]
        spooled: Option<Synced>,
    },
    Child {
        collection: String,
        key: String,
        items: Vec<Item>,
    },
    Reset {
        collection: String,
    },
    DoneItems {
        collection: String,
        items: Vec<Item>,
    },
    Done {
        collection: String,
        record: Box<Collection>,
        pages: u64,
        count: usize,
        #[serde(default)]
        from_pages: bool,
    },
}

/// A collection as the log left it, until a resumed fetch takes it.
#[derive(Default)]
struct Resumed {
    entry: Option<Entry>,
    /// Child lists read in full (only while the collection is being listed).
    children: HashMap<String, Vec<Item>>,
    /// Items of a `done` record still to come.
    finishing: Vec<Item>,
}

struct Log {
    /// Opened at the first record (a fetch that reads nothing leaves no file).
    file: Option<BufWriter<File>>,
    /// Why the log could not be written: the fetch goes on without it, and says so at the end.
    failed: Option<String>,
    last_sync: Instant,
    /// Per collection: finished or not (for [`Checkpoint::progress`]).
    states: BTreeMap<String, bool>,
}

pub struct Checkpoint {
    path: PathBuf,
    header: Header,
    log: Mutex<Log>,
    resumed: Mutex<BTreeMap<String, Resumed>>,
    interval: Duration,
}

impl Checkpoint {
    /// `snapshot.json` → `snapshot.json.checkpoint`.
    pub fn path_for(output: &Path) -> PathBuf {
        let mut s = output.as_os_str().to_os_string();
        s.push(".checkpoint");
        PathBuf::from(s)
    }

    pub fn fresh(path: PathBuf, graph: &Url, tenant: Option<String>) -> Checkpoint {
        Checkpoint {
            path,
            header: Header {
                govlint_checkpoint: VERSION,
                graph: graph.to_string(),
                tenant,
                clock: Some(crate::fetch::now().to_string()),
                plan: None,
            },
            log: Mutex::new(Log {
                file: None,
                failed: None,
                last_sync: Instant::now(),
                states: BTreeMap::new(),
            }),
            resumed: Mutex::new(BTreeMap::new()),
            interval: Duration::from_secs(5),
        }
    }

    /// The checkpoint at `path`, if there is one for this Graph root and tenant, replayed;
    /// further records are appended to it.
    pub fn resume(
        path: PathBuf,
        graph: &Url,
        tenant: Option<String>,
    ) -> Result<Checkpoint, String> {
        let damaged = |e: &dyn std::fmt::Display| {
            format!("the checkpoint {} is damaged: {e}", path.display())
        };
        let file = File::open(&path)
            .map_err(|e| format!("cannot read the checkpoint {}: {e}", path.display()))?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let mut line = Vec::new();
        reader
            .read_until(b'\n', &mut line)
            .map_err(|e| damaged(&e))?;
        let header: Header = match serde_json::from_slice(&line) {
            Ok(h) => h,
            Err(_) if line.starts_with(b"{\"version\"") => {
                return Err(format!(
                    "the checkpoint {} is from another govlint version",
                    path.display()
                ))
            }
            Err(e) => return Err(damaged(&e)),
        };
        if header.govlint_checkpoint != VERSION {
            return Err(format!(
                "the checkpoint {} is from another govlint version (format {}, this one reads {VERSION}) and cannot be resumed: run without --resume to fetch afresh",
                path.display(),
                header.govlint_checkpoint
            ));
        }
        if header.graph != graph.as_str() || header.tenant != tenant {
            return Err(format!(
                "the checkpoint {} was made for another tenant or Graph root ({}); remove it or fetch to another -o",
                path.display(),
                header.graph
            ));
        }
        let start = line.len() as u64;
        // Two passes: which lines still count (a finished collection's pages and child lists
        // do not), then those lines' items. Only what a resumed fetch takes back is ever
        // allocated; parsing all of it and dropping most would leave the allocator holding it.
        let (live, whole) = live_lines(&mut reader, start).map_err(|e| damaged(&e))?;
        reader
            .seek(SeekFrom::Start(start))
            .map_err(|e| damaged(&e))?;
        let mut resumed: BTreeMap<String, Resumed> = BTreeMap::new();
        for keep in live {
            line.clear();
            reader
                .read_until(b'\n', &mut line)
                .map_err(|e| damaged(&e))?;
            if keep {
                let record = serde_json::from_slice::<Replayed>(&line).map_err(|e| damaged(&e))?;
                replay(&mut resumed, record);
            }
            if line.capacity() > 1 << 22 {
                // A finished collection's long line: not kept for the short ones after it.
                line = Vec::new();
            }
        }
        drop(reader);
        // Appends go after the last whole line.
        let mut file = OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| format!("cannot write the checkpoint {}: {e}", path.display()))?;
        file.set_len(whole)
            .and_then(|()| file.seek(SeekFrom::End(0)).map(|_| ()))
            .map_err(|e| format!("cannot write the checkpoint {}: {e}", path.display()))?;
        for r in resumed.values_mut() {
            // Not replayed (see `live_lines`), so never more than an empty list.
            r.finishing = Vec::new();
        }
        let states = resumed
            .iter()
            .filter_map(|(name, r)| {
                let done = matches!(r.entry.as_ref()?, Entry::Done { .. });
                Some((name.clone(), done))
            })
            .collect();
        Ok(Checkpoint {
            path,
            header,
            log: Mutex::new(Log {
                file: Some(BufWriter::with_capacity(1 << 20, file)),
                failed: None,
                last_sync: Instant::now(),
                states,
            }),
            resumed: Mutex::new(resumed),
            interval: Duration::from_secs(5),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records the fetch's choices in a fresh checkpoint (its header is written with the first
    /// record); a resumed one must have been made with the same.
    pub fn settle_plan(&mut self, plan: &str) -> Result<(), String> {
        let opened = self.log.lock().map(|l| l.file.is_some()).unwrap_or(true);
        match &self.header.plan {
            Some(p) if p != plan => Err(format!(
                "the checkpoint {} was made for other choices ({p}), not these ({plan}): run with the same --sign-ins-since, --sign-ins and --group-members, or without --resume",
                self.path.display()
            )),
            None if !opened => {
                self.header.plan = Some(plan.to_string());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The clock of the fetch this checkpoint belongs to (when it first started).
    pub fn clock(&self) -> Option<jiff::Timestamp> {
        self.header.clock.as_deref()?.parse().ok()
    }

    /// What the log held for `name`, handed over once (the caller owns it from then on).
    pub fn take(&self, name: &str) -> Option<Entry> {
        self.resumed.lock().ok()?.get_mut(name)?.entry.take()
    }

    /// How many collections are done and how many in progress.
    pub fn progress(&self) -> (usize, usize) {
        self.log.lock().map_or((0, 0), |l| {
            let done = l.states.values().filter(|d| **d).count();
            (done, l.states.len() - done)
        })
    }

    /// Forget a collection (its nextLink expired: it is read again from the start).
    pub fn reset(&self, name: &str) {
        if let Ok(mut r) = self.resumed.lock() {
            r.remove(name);
        }
        self.append(name, None, &Record::Reset { collection: name });
        // Durable before its spool is emptied: a page record before it must never be
        // replayed against the items read again. A log that cannot say so is given up (the
        // fetch goes on without one) rather than left to be resumed wrongly.
        let durable = self
            .log
            .lock()
            .is_ok_and(|mut log| self.sync(&mut log).is_ok());
        if !durable {
            self.remove();
        }
    }

    /// A child list of `name` already read in full, handed over once.
    pub fn take_child(&self, name: &str, key: &str) -> Option<Vec<Item>> {
        self.resumed
            .lock()
            .ok()?
            .get_mut(name)?
            .children
            .remove(key)
    }

    /// Records a child list of `name` read in full, keyed by the path it was read from.
    pub fn child_read(&self, name: &str, key: &str, items: &[Item]) {
        let record = Record::Child {
            collection: name,
            key,
            items,
        };
        self.append(name, None, &record);
    }

    /// Records one more page of `name`: its items, or (a spooled log) how much of the spool,
    /// already fsync'd, holds the pages so far.
    pub fn page(
        &self,
        name: &str,
        new_items: &[Item],
        next: Option<&Url>,
        pages: u64,
        spooled: Option<Synced>,
    ) {
        let record = Record::Page {
            collection: name,
            items: new_items,
            next: next.map(Url::as_str),
            pages,
            spooled,
        };
        self.append(name, Some(false), &record);
    }

    pub fn done(&self, name: &str, collection: &Collection, items: &Items, pages: u64) {
        let Ok(mut log) = self.log.lock() else {
            return;
        };
        // A spooled log's items are its page records, already in the log: copying them again
        // as `doneItems` doubled the checkpoint of a tenant with millions of sign-ins.
        let from_pages = match items {
            Items::Nodes(nodes) => {
                self.done_items(&mut log, name, nodes);
                false
            }
            Items::Spooled(_) => true,
        };
        let record = Record::Done {
            collection: name,
            record: collection,
            pages,
            count: items.len(),
            from_pages,
        };
        self.write(&mut log, &record);
        log.states.insert(name.to_string(), true);
        let _ = self.sync(&mut log);
    }

    /// `doneItems` lines, the items spliced as they are written (never built whole).
    fn done_items(&self, log: &mut Log, name: &str, items: &[Node]) {
        let mut rest = items;
        while !rest.is_empty() {
            let mut bytes = 0;
            let n = rest
                .iter()
                .take_while(|i| {
                    let fits = bytes == 0 || bytes + i.written_len() <= CHUNK_BYTES;
                    bytes += i.written_len();
                    fits
                })
                .count();
            let (chunk, after) = rest.split_at(n.max(1));
            rest = after;
            self.write_with(log, |w| {
                w.write_all(b"{\"doneItems\":{\"collection\":")?;
                serde_json::to_writer(&mut *w, name).map_err(std::io::Error::other)?;
                w.write_all(b",\"items\":[")?;
                for (i, item) in chunk.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b",")?;
                    }
                    item.write_to(w)?;
                }
                w.write_all(b"]}}")
            });
        }
    }

    fn append(&self, name: &str, state: Option<bool>, record: &Record) {
        let Ok(mut log) = self.log.lock() else {
            return;
        };
        self.write(&mut log, record);
        if let Some(done) = state {
            log.states.insert(name.to_string(), done);
        }
        if log.last_sync.elapsed() >= self.interval {
            let _ = self.sync(&mut log);
        }
    }

    /// Appends one record's line (opening the log at the first); an error stops the logging.
    fn write(&self, log: &mut Log, record: &Record) {
        self.write_with(log, |w| {
            serde_json::to_writer(&mut *w, record).map_err(std::io::Error::other)
        });
    }

    /// Appends the line `line` writes.
    fn write_with(&self, log: &mut Log, line: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if log.failed.is_some() {
            return;
        }
        if log.file.is_none() {
            match self.create() {
                Ok(f) => log.file = Some(f),
                Err(e) => {
                    log.failed = Some(e.to_string());
                    return;
                }
            }
        }
        let Some(file) = log.file.as_mut() else {
            return;
        };
        let written = line(file).and_then(|()| file.write_all(b"\n"));
        if let Err(e) = written {
            log.failed = Some(e.to_string());
        }
    }

    /// A new log holding only its header (replacing any earlier one whole).
    fn create(&self) -> std::io::Result<BufWriter<File>> {
        let mut header = serde_json::to_vec(&self.header).map_err(std::io::Error::other)?;
        header.push(b'\n');
        crate::atomic::write(&self.path, &header)?;
        let file = OpenOptions::new().append(true).open(&self.path)?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    fn sync(&self, log: &mut Log) -> std::io::Result<()> {
        log.last_sync = Instant::now();
        if let Some(e) = &log.failed {
            return Err(std::io::Error::other(e.clone()));
        }
        match log.file.as_mut() {
            Some(f) => {
                f.flush()?;
                f.get_ref().sync_data()
            }
            None => Ok(()),
        }
    }

    /// Makes everything recorded so far durable.
    pub fn flush(&self) -> std::io::Result<()> {
        let mut log = self
            .log
            .lock()
            .map_err(|_| std::io::Error::other("checkpoint lock"))?;
        self.sync(&mut log)
    }

    pub fn remove(&self) {
        if let Ok(mut log) = self.log.lock() {
            // Nothing more is written to a log that is gone.
            log.file = None;
            log.failed = Some("removed".into());
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A log line's kind and collection, its items skipped unread.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum Peek {
    Page {
        collection: String,
    },
    Child {
        collection: String,
    },
    Reset {
        collection: String,
    },
    DoneItems {
        collection: String,
    },
    Done {
        collection: String,
        #[serde(default)]
        from_pages: bool,
    },
}

/// Per whole line after the header (from `start`), whether it still counts, and where the
/// whole lines end (a torn last line is left out). A collection's lines count from its last
/// reset on: for a finished one only its finished items and record, otherwise its pages and
/// child lists (finished items whose record never came are left out).
fn live_lines(reader: &mut impl BufRead, start: u64) -> Result<(Vec<bool>, u64), String> {
    let mut peeks: Vec<Peek> = Vec::new();
    let mut whole = start;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        let parsed = serde_json::from_slice::<Peek>(&line);
        // The last line, torn by a crash mid-append (a line without its newline is the last):
        // ignored, and cut off by the caller.
        let torn = !line.ends_with(b"\n")
            || parsed.is_err() && at_end(reader).map_err(|e| e.to_string())?;
        if torn {
            break;
        }
        peeks.push(parsed.map_err(|e| e.to_string())?);
        whole += n as u64;
        if line.capacity() > 1 << 22 {
            line = Vec::new();
        }
    }
    let name = |p: &Peek| -> String {
        match p {
            Peek::Page { collection }
            | Peek::Child { collection }
            | Peek::Reset { collection }
            | Peek::DoneItems { collection }
            | Peek::Done { collection, .. } => collection.clone(),
        }
    };
    // Per collection, after its last reset: whether it was finished, and whether its pages
    // are its finished items.
    let mut finished: HashMap<String, (bool, bool)> = HashMap::new();
    for p in &peeks {
        match p {
            Peek::Reset { .. } => {
                finished.insert(name(p), (false, false));
            }
            Peek::Done { from_pages, .. } => {
                finished.insert(name(p), (true, *from_pages));
            }
            _ => {}
        }
    }
    // Backwards, so "after its last reset" is "before meeting a reset".
    let mut reset_seen: HashMap<String, bool> = HashMap::new();
    let mut live = vec![false; peeks.len()];
    for (i, p) in peeks.iter().enumerate().rev() {
        let n = name(p);
        if reset_seen.get(&n).copied().unwrap_or(false) {
            continue;
        }
        let (done, from_pages) = finished.get(&n).copied().unwrap_or((false, false));
        live[i] = match p {
            Peek::Reset { .. } => {
                reset_seen.insert(n, true);
                true
            }
            Peek::Page { .. } => !done || from_pages,
            Peek::Child { .. } => !done,
            Peek::DoneItems { .. } | Peek::Done { .. } => done,
        };
    }
    Ok((live, whole))
}

/// Whether `reader` has nothing left.
fn at_end(reader: &mut impl BufRead) -> std::io::Result<bool> {
    Ok(reader.fill_buf()?.is_empty())
}

/// Applies one record to what a resumed fetch will take back.
fn replay(resumed: &mut BTreeMap<String, Resumed>, record: Replayed) {
    match record {
        Replayed::Page {
            collection,
            items: new,
            next: n,
            pages: p,
            spooled: s,
        } => {
            let r = resumed.entry(collection).or_default();
            match &mut r.entry {
                Some(Entry::Paging {
                    items,
                    next,
                    pages,
                    spooled,
                }) => {
                    items.extend(new);
                    *next = n;
                    *pages = p;
                    *spooled = s;
                }
                _ => {
                    r.entry = Some(Entry::Paging {
                        items: new,
                        next: n,
                        pages: p,
                        spooled: s,
                    })
                }
            }
        }
        Replayed::Child {
            collection,
            key,
            items,
        } => {
            // Kept only for a collection being listed, as the children of its items.
            if let Some(r) = resumed.get_mut(&collection) {
                if matches!(r.entry, Some(Entry::Paging { .. })) {
                    r.children.insert(key, items);
                }
            }
        }
        Replayed::Reset { collection } => {
            resumed.remove(&collection);
        }
        Replayed::DoneItems { collection, items } => {
            resumed
                .entry(collection)
                .or_default()
                .finishing
                .extend(items);
        }
        Replayed::Done {
            collection: name,
            record,
            pages,
            count,
            from_pages,
        } => {
            let r = resumed.entry(name).or_default();
            let (items, spooled) = if from_pages {
                match r.entry.take() {
                    Some(Entry::Paging { items, spooled, .. }) => (items, spooled),
                    _ => (Vec::new(), None),
                }
            } else {
                (std::mem::take(&mut r.finishing), None)
            };
            // A record without all its items (it cannot happen but in a damaged log) is not
            // trusted: the collection is read again.
            *r = Resumed::default();
            let held = items.len() + spooled.map_or(0, |s| s.items);
            if held == count {
                r.entry = Some(Entry::Done {
                    collection: record,
                    items,
                    pages,
                    spooled,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::spool::Spool;
    use crate::snapshot::Status;

    fn item(s: &str) -> Item {
        serde_json::value::RawValue::from_string(s.to_string()).expect("JSON")
    }

    fn graph() -> Url {
        Url::parse("http://127.0.0.1:1/").expect("url")
    }

    fn collection() -> Collection {
        Collection {
            status: Status::Complete,
            api_version: Some("v1.0".into()),
            request: None,
            count: Some(2),
            error: None,
            gaps: Vec::new(),
            window: None,
            items: Vec::new(),
        }
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.get()).collect()
    }

    #[test]
    fn replays_pages_children_resets_and_finished_collections() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        let t = Some("t".to_string());
        let cp = Checkpoint::fresh(path.clone(), &graph(), t.clone());
        let next = Url::parse("http://127.0.0.1:1/v1.0/users?$skiptoken=2").expect("url");
        cp.page("users", &[item(r#"{"id":"a"}"#)], Some(&next), 1, None);
        cp.page("users", &[item(r#"{"id":"b"}"#)], None, 2, None);
        cp.child_read("users", "/v1.0/users/a/sponsors", &[item(r#"{"id":"s"}"#)]);
        cp.page("groups", &[item(r#"{"id":"g"}"#)], Some(&next), 1, None);
        cp.reset("groups");
        // Enough to take several lines.
        let pad = "x".repeat(1000);
        let many: Vec<Item> = (0..2500)
            .map(|i| item(&format!(r#"{{"id":"{i}","pad":"{pad}"}}"#)))
            .collect();
        cp.page("decisions", &many[..10], None, 1, None);
        let mut nodes: Vec<Node> = many.iter().cloned().map(Node::from).collect();
        nodes[0].embed("kids", vec![Node::from(item(r#"{"id":"k"}"#))]);
        cp.done("decisions", &collection(), &Items::from(nodes), 3);
        assert_eq!(cp.progress(), (1, 2));
        cp.flush().expect("flushed");
        drop(cp);

        let cp = Checkpoint::resume(path.clone(), &graph(), t.clone()).expect("resumes");
        assert_eq!(cp.progress(), (1, 1), "groups was reset");
        match cp.take("users") {
            Some(Entry::Paging {
                items, next, pages, ..
            }) => {
                assert_eq!(texts(&items), vec![r#"{"id":"a"}"#, r#"{"id":"b"}"#]);
                assert_eq!((next, pages), (None, 2));
            }
            other => panic!("{other:?}"),
        }
        assert!(cp.take("users").is_none(), "handed over once");
        assert_eq!(
            cp.take_child("users", "/v1.0/users/a/sponsors")
                .map(|i| i.len()),
            Some(1)
        );
        assert!(cp.take("groups").is_none());
        match cp.take("decisions") {
            Some(Entry::Done { items, pages, .. }) => {
                assert_eq!(items.len(), 2500);
                assert!(items[0].get().ends_with(r#"x","kids":[{"id":"k"}]}"#));
                assert!(items[2499].get().starts_with(r#"{"id":"2499","pad":"xx"#));
                assert_eq!(pages, 3);
            }
            other => panic!("{other:?}"),
        }
        // Another tenant, or another version: refused.
        assert!(Checkpoint::resume(path.clone(), &graph(), None)
            .is_err_and(|e| e.contains("another tenant")));
        std::fs::write(&path, "{\"version\":1,\"graph\":\"x\",\"collections\":{}}").expect("w");
        assert!(Checkpoint::resume(path, &graph(), t).is_err_and(|e| e.contains("version")));
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_appended_after() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        let cp = Checkpoint::fresh(path.clone(), &graph(), None);
        let next = Url::parse("http://127.0.0.1:1/v1.0/users?$skiptoken=2").expect("url");
        cp.page("users", &[item(r#"{"id":"a"}"#)], Some(&next), 1, None);
        cp.flush().expect("flushed");
        drop(cp);
        // A crash in the middle of the second page's line.
        let whole = std::fs::read(&path).expect("read");
        let mut torn = whole.clone();
        torn.extend_from_slice(br#"{"page":{"collection":"users","items":[{"id":"#);
        std::fs::write(&path, &torn).expect("tear");

        let cp = Checkpoint::resume(path.clone(), &graph(), None).expect("resumes");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            whole,
            "torn tail cut off"
        );
        let Some(Entry::Paging { items, next, .. }) = cp.take("users") else {
            panic!("paging")
        };
        assert_eq!(items.len(), 1);
        assert_eq!(next.as_deref(), Some(next_url()));
        cp.page("users", &[item(r#"{"id":"b"}"#)], None, 2, None);
        cp.flush().expect("flushed");
        drop(cp);
        let cp = Checkpoint::resume(path.clone(), &graph(), None).expect("resumes again");
        let Some(Entry::Paging {
            items, next, pages, ..
        }) = cp.take("users")
        else {
            panic!("paging")
        };
        assert_eq!(texts(&items), vec![r#"{"id":"a"}"#, r#"{"id":"b"}"#]);
        assert_eq!((next, pages), (None, 2));

        // A damaged line that is not the last is an error, not silently skipped.
        let mut damaged = whole.clone();
        damaged.extend_from_slice(b"{\"page\":oops}\n");
        damaged
            .extend_from_slice(&whole[whole.iter().position(|b| *b == b'\n').expect("nl") + 1..]);
        std::fs::write(&path, &damaged).expect("damage");
        assert!(Checkpoint::resume(path, &graph(), None).is_err_and(|e| e.contains("damaged")));
    }

    #[test]
    fn a_spooled_logs_pages_name_the_spool_and_its_items_are_not_in_the_log() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        let cp = Checkpoint::fresh(path.clone(), &graph(), None);
        let spool = Spool::create(dir.path().join("s.json.signIns.spool"), true).expect("spool");
        let pad = "x".repeat(1000);
        let many: Vec<Item> = (0..2500)
            .map(|i| item(&format!(r#"{{"id":"{i}","pad":"{pad}"}}"#)))
            .collect();
        // A first try read again from its start: its page is not among the items.
        spool.add(&many[..10]);
        cp.page("signIns", &[], Some(&graph()), 1, spool.sync());
        cp.reset("signIns");
        spool.clear();
        let text_len: usize = many.iter().map(|i| i.get().len()).sum();
        for (n, chunk) in many.chunks(1000).enumerate() {
            spool.add(chunk);
            cp.page("signIns", &[], None, n as u64 + 1, spool.sync());
        }
        let mut record = collection();
        record.count = Some(2500);
        cp.done("signIns", &record, &Items::Spooled(spool), 3);
        cp.flush().expect("flushed");
        drop(cp);
        // The items are on disk once, in the spool: not in the log's pages, nor when finished.
        let size = std::fs::metadata(&path).expect("log").len() as usize;
        assert!(
            size < text_len / 100,
            "{size} bytes of log for {text_len} bytes of items"
        );
        let spool_len = std::fs::metadata(dir.path().join("s.json.signIns.spool"))
            .expect("spool kept")
            .len();
        let cp = Checkpoint::resume(path, &graph(), None).expect("resumes");
        match cp.take("signIns") {
            Some(Entry::Done {
                items,
                pages,
                spooled,
                ..
            }) => {
                assert_eq!(pages, 3);
                assert!(items.is_empty());
                assert_eq!(
                    spooled,
                    Some(Synced {
                        bytes: spool_len,
                        items: 2500
                    })
                );
            }
            other => panic!("not done: {other:?}"),
        }
        assert_eq!(cp.progress(), (1, 0));
    }

    #[test]
    fn a_checkpoint_of_the_format_before_spooled_pages_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        std::fs::write(
            &path,
            format!(
                "{{\"govlintCheckpoint\":2,\"graph\":\"{}\",\"tenant\":null}}\n",
                graph()
            ),
        )
        .expect("written");
        let e = Checkpoint::resume(path, &graph(), None)
            .err()
            .expect("refused");
        assert!(
            e.contains("format 2") && e.contains("without --resume"),
            "{e}"
        );
    }

    #[test]
    fn a_spooled_log_done_without_all_its_pages_is_read_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        let cp = Checkpoint::fresh(path.clone(), &graph(), None);
        let spool = Spool::create(dir.path().join("s.json.signIns.spool"), false).expect("spool");
        spool.add(&[item(r#"{"id":"a"}"#), item(r#"{"id":"b"}"#)]);
        // Only one of the spooled items has its page in the log.
        cp.page("signIns", &[item(r#"{"id":"a"}"#)], None, 1, None);
        cp.done("signIns", &collection(), &Items::Spooled(spool), 1);
        cp.flush().expect("flushed");
        drop(cp);
        let cp = Checkpoint::resume(path, &graph(), None).expect("resumes");
        assert!(cp.take("signIns").is_none(), "not trusted: read again");
    }

    #[test]
    fn a_collection_whose_done_record_was_cut_off_keeps_its_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        let cp = Checkpoint::fresh(path.clone(), &graph(), None);
        let pad = "x".repeat(1 << 18);
        let big: Vec<Node> = (0..4)
            .map(|i| Node::from(item(&format!(r#"{{"id":"{i}","pad":"{pad}"}}"#))))
            .collect();
        cp.page("users", &[item(r#"{"id":"a"}"#)], None, 1, None);
        cp.done("users", &collection(), &Items::from(big), 1);
        cp.flush().expect("flushed");
        drop(cp);
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "header, page, two doneItems, done");
        // Cut after the first `doneItems` line.
        std::fs::write(&path, format!("{}\n", lines[..3].join("\n"))).expect("cut");
        let cp = Checkpoint::resume(path, &graph(), None).expect("resumes");
        let Some(Entry::Paging { items, next, .. }) = cp.take("users") else {
            panic!("the pages it was listed from")
        };
        assert_eq!(texts(&items), vec![r#"{"id":"a"}"#]);
        assert_eq!(next, None);
        assert_eq!(cp.progress(), (0, 1));
    }

    fn next_url() -> &'static str {
        "http://127.0.0.1:1/v1.0/users?$skiptoken=2"
    }

    #[test]
    fn no_log_until_something_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json.checkpoint");
        let cp = Checkpoint::fresh(path.clone(), &graph(), None);
        cp.flush().expect("nothing to flush");
        assert!(!path.exists());
        cp.page("users", &[], None, 1, None);
        cp.flush().expect("flushed");
        assert!(path.exists());
        cp.remove();
        assert!(!path.exists());
    }
}
