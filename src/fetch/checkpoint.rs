//! Resumable fetches: what has been read so far, kept next to the output
//! (`snapshot.json.checkpoint`) so an interrupted fetch (network loss, Ctrl-C, a token that
//! cannot be refreshed) continues with `--resume` from the last completed page instead of
//! starting over. The snapshot itself is still written atomically, and only when whole.
//!
//! Granularity: finished collections are kept whole; a collection being listed keeps its
//! items and the nextLink of the page after them; once listed, the child lists it has read in
//! full (instances, decisions, group members…) are kept too, level by level, and only the
//! others are read on resuming. The checkpoint holds Graph data and
//! nextLinks, never a token.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::Url;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::snapshot::Collection;

const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum Entry {
    /// Read completely (children included).
    Done {
        collection: Collection,
        items: Vec<Value>,
        pages: u64,
    },
    /// Being listed: the items so far and the page to read next (`None`: the list is
    /// complete, its children are not).
    Paging {
        items: Vec<Value>,
        next: Option<String>,
        pages: u64,
        /// Child lists read in full so far (members, instances, decisions…), by the Graph
        /// path and query they were read from: a resumed fetch does not read them again.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        children: BTreeMap<String, Vec<Value>>,
    },
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct State {
    version: u32,
    /// The Graph root it was read from: a checkpoint never mixes tenants or clouds.
    graph: String,
    tenant: Option<String>,
    collections: BTreeMap<String, Entry>,
}

pub struct Checkpoint {
    path: PathBuf,
    state: Mutex<State>,
    last_flush: Mutex<Instant>,
    interval: Duration,
    writing: Mutex<()>,
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
            state: Mutex::new(State {
                version: VERSION,
                graph: graph.to_string(),
                tenant,
                collections: BTreeMap::new(),
            }),
            last_flush: Mutex::new(Instant::now()),
            interval: Duration::from_secs(5),
            writing: Mutex::new(()),
        }
    }

    /// The checkpoint at `path`, if there is one for this Graph root and tenant.
    pub fn resume(
        path: PathBuf,
        graph: &Url,
        tenant: Option<String>,
    ) -> Result<Checkpoint, String> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the checkpoint {}: {e}", path.display()))?;
        let state: State = serde_json::from_str(&text)
            .map_err(|e| format!("the checkpoint {} is damaged: {e}", path.display()))?;
        if state.version != VERSION {
            return Err(format!(
                "the checkpoint {} is from another govlint version",
                path.display()
            ));
        }
        if state.graph != graph.as_str() || state.tenant != tenant {
            return Err(format!(
                "the checkpoint {} was made for another tenant or Graph root ({}); remove it or fetch to another -o",
                path.display(),
                state.graph
            ));
        }
        Ok(Checkpoint {
            path,
            state: Mutex::new(state),
            last_flush: Mutex::new(Instant::now()),
            interval: Duration::from_secs(5),
            writing: Mutex::new(()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entry(&self, name: &str) -> Option<Entry> {
        self.state
            .lock()
            .ok()
            .and_then(|s| s.collections.get(name).cloned())
    }

    /// How many collections are done and how many in progress.
    pub fn progress(&self) -> (usize, usize) {
        self.state.lock().map_or((0, 0), |s| {
            let done = s
                .collections
                .values()
                .filter(|e| matches!(e, Entry::Done { .. }))
                .count();
            (done, s.collections.len() - done)
        })
    }

    /// Forget a collection (its nextLink expired: it is read again from the start).
    pub fn reset(&self, name: &str) {
        if let Ok(mut s) = self.state.lock() {
            s.collections.remove(name);
        }
    }

    /// A child list of `name` already read in full (see [`Entry::Paging::children`]).
    pub fn child(&self, name: &str, key: &str) -> Option<Vec<Value>> {
        let s = self.state.lock().ok()?;
        match s.collections.get(name) {
            Some(Entry::Paging { children, .. }) => children.get(key).cloned(),
            _ => None,
        }
    }

    /// Records child lists of `name` read in full, keyed by the path they were read from.
    pub fn children_read(&self, name: &str, read: Vec<(String, Vec<Value>)>) {
        if read.is_empty() {
            return;
        }
        if let Ok(mut s) = self.state.lock() {
            if let Some(Entry::Paging { children, .. }) = s.collections.get_mut(name) {
                children.extend(read);
            }
        }
        let _ = self.flush(false);
    }

    /// Records one more page of `name`.
    pub fn page(&self, name: &str, new_items: &[Value], next: Option<&Url>, pages: u64) {
        if let Ok(mut s) = self.state.lock() {
            let e = s
                .collections
                .entry(name.to_string())
                .or_insert(Entry::Paging {
                    items: Vec::new(),
                    next: None,
                    pages: 0,
                    children: BTreeMap::new(),
                });
            if let Entry::Paging {
                items,
                next: n,
                pages: p,
                ..
            } = e
            {
                items.extend(new_items.iter().cloned());
                *n = next.map(|u| u.to_string());
                *p = pages;
            }
        }
        let _ = self.flush(false);
    }

    pub fn done(&self, name: &str, collection: &Collection, items: &[Value], pages: u64) {
        if let Ok(mut s) = self.state.lock() {
            s.collections.insert(
                name.to_string(),
                Entry::Done {
                    collection: collection.clone(),
                    items: items.to_vec(),
                    pages,
                },
            );
        }
        let _ = self.flush(true);
    }

    /// Writes the checkpoint (atomically); unless `force`, at most every few seconds.
    pub fn flush(&self, force: bool) -> std::io::Result<()> {
        if !force {
            let mut last = self
                .last_flush
                .lock()
                .map_err(|_| std::io::Error::other("checkpoint lock"))?;
            if last.elapsed() < self.interval {
                return Ok(());
            }
            *last = Instant::now();
        }
        // One writer at a time, reading the state once it holds the pen: two flushes racing
        // could otherwise rename an older state over a newer one (a task's periodic flush
        // finishing after the final one on Ctrl-C or a fatal error).
        let _pen = self
            .writing
            .lock()
            .map_err(|_| std::io::Error::other("checkpoint lock"))?;
        let text = {
            let s = self
                .state
                .lock()
                .map_err(|_| std::io::Error::other("checkpoint lock"))?;
            serde_json::to_vec(&*s).map_err(std::io::Error::other)?
        };
        crate::atomic::write(&self.path, &text)
    }

    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
