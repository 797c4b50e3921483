//! Reading a snapshot from disk with errors that point at file, line and column.

use std::path::Path;

use std::collections::BTreeMap;
use std::sync::Mutex;

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::intern::{piece, Interner};
use super::split::{Outline, BIG};
use super::{Collection, Gap, GraphError, Schema, Snapshot, Status, Tenant, Tool, Window};
use crate::diag;

pub type LoadError = diag::Error;

pub fn load(path: &Path) -> Result<Snapshot, LoadError> {
    let started = std::time::Instant::now();
    let snapshot = load_inner(path);
    crate::timing::phase("load snapshot", started);
    snapshot
}

fn load_inner(path: &Path) -> Result<Snapshot, LoadError> {
    let name = path.display().to_string();
    let started = std::time::Instant::now();
    let bytes = Bytes::open(path).map_err(|e| diag::Plain {
        message: format!("cannot read snapshot {name}: {e}"),
        help: Some("pass the path of a snapshot written by `govlint fetch`".into()),
    })?;
    checked_parse(&name, &bytes, started)
}

/// What [`load`] does with a file's bytes once read: the UTF-8 check, then [`parse`]. Public
/// for the fuzz targets (fuzz/), which feed it arbitrary bytes.
#[doc(hidden)]
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Snapshot, LoadError> {
    checked_parse(name, bytes, std::time::Instant::now())
}

/// `started` is when reading began, for the timing of read and check together.
fn checked_parse(
    name: &str,
    bytes: &[u8],
    started: std::time::Instant,
) -> Result<Snapshot, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let col = at
            - bytes[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        let valid = String::from_utf8_lossy(bytes);
        diag::located(
            name,
            &valid,
            line,
            col,
            "snapshot is not UTF-8",
            "invalid byte here",
            None,
        )
    })?;
    crate::timing::phase("load: read and check UTF-8", started);
    parse(name, text)
}

/// A snapshot file's bytes: mapped read-only when it is a regular file, so a gigabyte is not
/// copied into fresh memory (which costs more than parsing it on a busy machine), else read.
enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Bytes {
    fn open(path: &Path) -> std::io::Result<Bytes> {
        let file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_file() && meta.len() > 0 {
            // SAFETY: a read-only mapping of a regular file we hold open. The one hazard is
            // another program rewriting the file in place during the lint (truncating it ends
            // the lint with SIGBUS; rewriting bytes could invalidate the UTF-8 check).
            // `govlint fetch` never does: it writes a new file and renames it over the old
            // (src/atomic.rs), which leaves this mapping on the old file.
            if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
                // Only a hint: failing to give it changes nothing but speed.
                let _ = map.advise(memmap2::Advice::Sequential);
                return Ok(Bytes::Mapped(map));
            }
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &file, &mut bytes)?;
        Ok(Bytes::Read(bytes))
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Read(v) => v,
        }
    }
}

/// Parses snapshot text; `name` is how errors refer to it.
pub fn parse(name: &str, text: &str) -> Result<Snapshot, LoadError> {
    parse_split_at(name, text, BIG)
}

/// [`parse`], splitting items of `big` bytes or more (`split.rs`) instead of those of [`BIG`]:
/// the fuzz targets (fuzz/) split small items to check the split parse against the whole one.
#[doc(hidden)]
pub fn parse_split_at(name: &str, text: &str, big: usize) -> Result<Snapshot, LoadError> {
    let snapshot = match parse_parallel(text, big) {
        Some(s) => s,
        // The sequential parse, for the error it reports with its position in the file.
        None => serde_json::from_str(text).map_err(|e| json_error(name, text, &e))?,
    };
    validate(name, text, &snapshot)?;
    Ok(snapshot)
}

/// The snapshot, field for field, with each collection's items read as `I`: left as JSON text
/// here (a syntax-checking pass), only counted and checked in `check.rs`.
#[derive(Deserialize)]
#[serde(
    rename_all = "camelCase",
    bound(deserialize = "I: Deserialize<'de> + Default")
)]
pub(super) struct Envelope<I> {
    pub schema: Schema,
    pub tenant: Tenant,
    pub fetched_at: Timestamp,
    #[serde(default)]
    pub tool: Option<Tool>,
    pub collections: BTreeMap<String, Head<I>>,
}

/// [`Collection`], field for field, but for its items.
#[derive(Deserialize)]
#[serde(
    rename_all = "camelCase",
    bound(deserialize = "I: Deserialize<'de> + Default")
)]
pub(super) struct Head<I> {
    pub status: Status,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default)]
    pub request: Option<String>,
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub error: Option<GraphError>,
    #[serde(default)]
    pub gaps: Vec<Gap>,
    #[serde(default)]
    pub window: Option<Window>,
    #[serde(default)]
    pub items: I,
}

/// Parses the envelope, then the items on the rayon pool (an interner per worker), so a large
/// snapshot parses on every core; an item too big to be one piece of work is split first
/// (`split.rs`). None on any error: the caller then parses sequentially, which locates the
/// error in the file.
fn parse_parallel(text: &str, big: usize) -> Option<Snapshot> {
    let started = std::time::Instant::now();
    let raw: Envelope<Vec<&RawValue>> = serde_json::from_str(text).ok()?;
    crate::timing::phase("load: envelope and syntax pass", started);
    let started = std::time::Instant::now();
    let items: Vec<&str> = raw
        .collections
        .values()
        .flat_map(|c| c.items.iter().map(|i| i.get()))
        .collect();
    // Whole items are pieces at depth 0.
    let small: Vec<(&str, usize)> = items
        .iter()
        .filter(|j| j.len() < big)
        .map(|j| (*j, 0))
        .collect();
    // One string table per worker thread, kept across the runs it parses: strings repeated
    // anywhere in the snapshot are then held at most once per core.
    let tables: Vec<Mutex<Interner>> = (0..rayon::current_num_threads())
        .map(|_| Default::default())
        .collect();
    // The big items are outlined (one sequential pass each) while the small ones parse.
    let (outlines, small) = rayon::join(
        || {
            items
                .par_iter()
                .filter(|j| j.len() >= big)
                .map(|j| Outline::of(j, big))
                .collect::<Result<Vec<_>, _>>()
        },
        || parse_pieces(&small, &tables),
    );
    let (outlines, small) = (outlines.ok()?, small?);
    let mut texts = Vec::new();
    outlines.iter().for_each(|o| o.texts(&mut texts));
    let mut pieces = parse_pieces(&texts, &tables)?.into_iter();
    crate::timing::phase("load: items, in parallel", started);
    let (mut small, mut outlines) = (small.into_iter(), outlines.into_iter());
    let mut interner = Interner::default();
    let parsed: Vec<regorus::Value> = items
        .iter()
        .map(|j| {
            let whole = if j.len() < big {
                small.next()
            } else {
                outlines.next().map(|o| o.build(&mut interner, &mut pieces))
            };
            whole.unwrap_or(regorus::Value::Undefined)
        })
        .collect();
    let mut parsed = parsed.into_iter();
    let collections = raw
        .collections
        .into_iter()
        .map(|(name, c)| {
            let items = parsed.by_ref().take(c.items.len()).collect();
            let c = Collection {
                status: c.status,
                api_version: c.api_version,
                request: c.request,
                count: c.count,
                error: c.error,
                gaps: c.gaps,
                window: c.window,
                items,
            };
            (name, c)
        })
        .collect();
    Some(Snapshot {
        schema: raw.schema,
        tenant: raw.tenant,
        fetched_at: raw.fetched_at,
        tool: raw.tool,
        collections,
    })
}

/// Each JSON text of `work` (with its depth in its item) parsed, in order, on the rayon pool
/// with `tables` (one per worker).
fn parse_pieces(work: &[(&str, usize)], tables: &[Mutex<Interner>]) -> Option<Vec<regorus::Value>> {
    let runs: Vec<Vec<regorus::Value>> = chunks(work)
        .par_iter()
        .map(|run| {
            let worker = rayon::current_thread_index().unwrap_or(0) % tables.len();
            // Only this worker takes its table, so the lock is never contended; a poisoned
            // one (a panic mid-parse) is as good as any for sharing strings.
            let mut interner = tables[worker].lock().unwrap_or_else(|e| e.into_inner());
            run.iter()
                .map(|(json, depth)| piece(&mut interner, json, *depth))
                .collect()
        })
        .collect::<Result<_, _>>()
        .ok()?;
    let mut out = Vec::with_capacity(work.len());
    runs.into_iter().for_each(|run| out.extend(run));
    Some(out)
}

/// `work` cut into runs of about equal bytes, several per core, so the cores stay equally busy
/// however the bytes are spread over the items.
fn chunks<'a, 'w>(work: &'w [(&'a str, usize)]) -> Vec<&'w [(&'a str, usize)]> {
    let total: usize = work.iter().map(|(j, _)| j.len()).sum();
    let per = total / (16 * rayon::current_num_threads()).max(1) + 1;
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (json, _)) in work.iter().enumerate() {
        bytes += json.len();
        if bytes >= per {
            out.push(&work[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < work.len() {
        out.push(&work[start..]);
    }
    out
}

fn json_error(name: &str, text: &str, e: &serde_json::Error) -> LoadError {
    use serde_json::error::Category;
    let full = e.to_string();
    let msg = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i])
        .to_string();
    let (message, label, help) = match e.classify() {
        Category::Syntax | Category::Eof => {
            (format!("snapshot is not valid JSON: {msg}"), "here", None)
        }
        Category::Data => (
            format!("snapshot does not follow govlint.snapshot/v1: {msg}"),
            "here",
            Some("policies/README.md (\"What a rule sees\") describes the format; `govlint snapshot validate FILE` checks a file".to_string()),
        ),
        Category::Io => return diag::plain(format!("cannot read snapshot {name}: {msg}")).into(),
    };
    diag::located(name, text, e.line(), e.column(), message, label, help).into()
}

/// Checks what serde cannot: items are Graph objects with ids, and a complete collection's
/// `count` matches what it holds (a truncated file must not pass for a clean tenant).
fn validate(name: &str, text: &str, s: &Snapshot) -> Result<(), LoadError> {
    for (cname, c) in &s.collections {
        if let Some(problem) = collection_problem(c) {
            let (line, col) = locate_collection(text, cname);
            return Err(diag::located(
                name,
                text,
                line,
                col,
                format!("collection `{cname}`: {problem}"),
                "in this collection",
                None,
            )
            .into());
        }
    }
    Ok(())
}

fn collection_problem(c: &Collection) -> Option<String> {
    // Built once: indexing with a `&str` builds a string value per lookup.
    let id = regorus::Value::from("id");
    for (i, item) in c.items.iter().enumerate() {
        let ok = matches!(item, regorus::Value::Object(_))
            && matches!(item[&id], regorus::Value::String(_));
        if !ok {
            return Some(format!("item {i} is not an object with a string `id`"));
        }
    }
    match c.count {
        Some(n) if c.status == super::Status::Complete && n != c.items.len() as u64 => {
            Some(format!(
                "`count` says {n} but {} items are present; the file may be truncated",
                c.items.len()
            ))
        }
        _ => None,
    }
}

/// Best-effort position of a collection's key, for errors found after parsing.
fn locate_collection(text: &str, cname: &str) -> (usize, usize) {
    let start = text.find("\"collections\"").unwrap_or(0);
    let needle = format!("\"{cname}\"");
    let at = text[start..].find(&needle).map_or(start, |i| start + i);
    let line = text[..at].bytes().filter(|b| *b == b'\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}
