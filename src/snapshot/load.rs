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
use super::{
    Collection, Gap, GraphError, Outcome, Schema, Sifted, Snapshot, Status, Tenant, Tool, Window,
};
use crate::diag;

pub type LoadError = diag::Error;

pub fn load(path: &Path) -> Result<Snapshot, LoadError> {
    load_sifting(path, &[])
}

/// [`load`], also recording which items of a collection pass each of `sifts` (in
/// [`Snapshot::sifted`]), tested while the parse has each item in the cache: a later walk of
/// millions of items only to test them costs a cache miss or more per item.
pub fn load_sifting(path: &Path, sifts: &[Sift]) -> Result<Snapshot, LoadError> {
    let started = std::time::Instant::now();
    let snapshot = load_inner(path, sifts);
    crate::timing::phase("load snapshot", started);
    snapshot
}

fn load_inner(path: &Path, sifts: &[Sift]) -> Result<Snapshot, LoadError> {
    let name = path.display().to_string();
    let started = std::time::Instant::now();
    let bytes = Bytes::open(path).map_err(|e| diag::Plain {
        message: format!("cannot read snapshot {name}: {e}"),
        help: Some("pass the path of a snapshot written by `govlint fetch`".into()),
    })?;
    checked_parse(&name, &bytes, started, sifts)
}

/// What [`load`] does with a file's bytes once read: the UTF-8 check, then [`parse`]. Public
/// for the fuzz targets (fuzz/), which feed it arbitrary bytes.
#[doc(hidden)]
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Snapshot, LoadError> {
    checked_parse(name, bytes, std::time::Instant::now(), &[])
}

/// `started` is when reading began, for the timing of read and check together.
fn checked_parse(
    name: &str,
    bytes: &[u8],
    started: std::time::Instant,
    sifts: &[Sift],
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
    parse_sifting(name, text, BIG, sifts)
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
    parse_sifting(name, text, big, &[])
}

/// [`parse_split_at`], sifting as [`load_sifting`] does (the sequential parse, taken only to
/// report an error, sifts nothing).
#[doc(hidden)]
pub fn parse_sifting(
    name: &str,
    text: &str,
    big: usize,
    sifts: &[Sift],
) -> Result<Snapshot, LoadError> {
    let (snapshot, items_checked) = match parse_parallel(text, big, sifts) {
        Some(s) => s,
        // The sequential parse, for the error it reports with its position in the file.
        None => (
            serde_json::from_str(text).map_err(|e| json_error(name, text, &e))?,
            false,
        ),
    };
    let started = std::time::Instant::now();
    validate(name, text, &snapshot, items_checked)?;
    crate::timing::phase("load: validate", started);
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

/// A test of a collection's items, applied while they are parsed (see [`load_sifting`]).
pub struct Sift {
    /// What its outcome is recorded under in [`Snapshot::sifted`].
    pub name: &'static str,
    pub collection: &'static str,
    pub test: Test,
}

pub enum Test {
    /// Keeps the items it is true of: their positions are recorded.
    Keep(fn(&regorus::Value) -> bool),
    /// A number for each item (a hash of a field, say): recorded for every item, so a later
    /// search for a value compares numbers in a dense list instead of visiting every item.
    Key(fn(&regorus::Value) -> u32),
}

/// One sift's outcome for one item: the item's position among all the file's items, the
/// sift's position in the list given, and its value (1 for a kept item).
type Mark = (usize, usize, u32);

/// Whether `item` is an object with a string `id` (as [`validate`] requires), and the marks
/// of `sifts` (those of its collection, with their positions) for it, at `position`.
fn look(
    position: usize,
    item: &regorus::Value,
    sifts: &[(usize, &Sift)],
    marks: &mut Vec<Mark>,
) -> bool {
    for (k, sift) in sifts {
        match sift.test {
            Test::Keep(keep) => {
                if keep(item) {
                    marks.push((position, *k, 1));
                }
            }
            Test::Key(key) => marks.push((position, *k, key(item))),
        }
    }
    is_object_with_id(item)
}

/// Parses the envelope, then the items on the rayon pool (an interner per worker), so a large
/// snapshot parses on every core; an item too big to be one piece of work is split first
/// (`split.rs`). Each whole item is also tested, while it is in the cache, for [`validate`]
/// (the bool returned: every item passed) and by `sifts`. None on any error: the caller then
/// parses sequentially, which locates the error in the file.
fn parse_parallel(text: &str, big: usize, sifts: &[Sift]) -> Option<(Snapshot, bool)> {
    let started = std::time::Instant::now();
    let raw: Envelope<Vec<&RawValue>> = serde_json::from_str(text).ok()?;
    crate::timing::phase("load: envelope and syntax pass", started);
    let started = std::time::Instant::now();
    // The sifts of each collection, in the order of the collections.
    let sifts_of: Vec<Vec<(usize, &Sift)>> = raw
        .collections
        .keys()
        .map(|name| {
            sifts
                .iter()
                .enumerate()
                .filter(|(_, s)| s.collection == name)
                .collect()
        })
        .collect();
    // Each item with the sifts of its collection.
    let items: Vec<(&str, &[(usize, &Sift)])> = raw
        .collections
        .values()
        .zip(&sifts_of)
        .flat_map(|(c, sifts)| c.items.iter().map(move |i| (i.get(), sifts.as_slice())))
        .collect();
    // Whole items are pieces at depth 0; with their positions, for the marks.
    let (small, small_at): (Vec<(&str, usize)>, Vec<usize>) = items
        .iter()
        .enumerate()
        .filter(|(_, (j, _))| j.len() < big)
        .map(|(at, (j, _))| ((*j, 0), at))
        .unzip();
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
                .filter(|(j, _)| j.len() >= big)
                .map(|(j, _)| Outline::of(j, big))
                .collect::<Result<Vec<_>, _>>()
        },
        || {
            parse_pieces(&small, &tables, |i, v, marks| {
                let at = small_at[i];
                look(at, v, items[at].1, marks)
            })
        },
    );
    let (outlines, (small, small_ok, mut marks)) = (outlines.ok()?, small?);
    let mut texts = Vec::new();
    outlines.iter().for_each(|o| o.texts(&mut texts));
    let (pieces, _, _) = parse_pieces(&texts, &tables, |_, _, _| true)?;
    let mut pieces = pieces.into_iter();
    crate::timing::phase("load: items, in parallel", started);
    let (mut small, mut outlines) = (small.into_iter(), outlines.into_iter());
    let mut interner = Interner::default();
    let mut items_ok = small_ok;
    let parsed: Vec<regorus::Value> = items
        .iter()
        .enumerate()
        .map(|(at, (j, sifts))| {
            let whole = if j.len() < big {
                small.next()
            } else {
                outlines.next().map(|o| {
                    let v = o.build(&mut interner, &mut pieces);
                    items_ok &= look(at, &v, sifts, &mut marks);
                    v
                })
            };
            whole.unwrap_or(regorus::Value::Undefined)
        })
        .collect();
    // The big items' marks came after the small ones'.
    if !marks.is_sorted_by_key(|m| m.0) {
        marks.sort_by_key(|m| m.0);
    }
    // Each sift's outcome, for a collection present: where its items start among all items.
    let mut start = 0;
    let mut outcomes: Vec<Option<(usize, Sifted)>> = sifts.iter().map(|_| None).collect();
    for (c, sifts) in raw.collections.values().zip(&sifts_of) {
        let n = c.items.len();
        for (k, sift) in sifts {
            let outcome = match sift.test {
                Test::Keep(_) => Outcome::Kept(Vec::new()),
                Test::Key(_) => Outcome::Keys(vec![0; n]),
            };
            let name = sift.name;
            outcomes[*k] = Some((
                start,
                Sifted {
                    name,
                    of: n,
                    outcome,
                },
            ));
        }
        start += n;
    }
    for (at, k, value) in marks {
        let Some((start, sifted)) = &mut outcomes[k] else {
            continue;
        };
        match &mut sifted.outcome {
            Outcome::Kept(kept) => kept.push(at - *start),
            Outcome::Keys(keys) => keys[at - *start] = value,
        }
    }
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
    let snapshot = Snapshot {
        schema: raw.schema,
        tenant: raw.tenant,
        fetched_at: raw.fetched_at,
        tool: raw.tool,
        collections,
        sifted: outcomes.into_iter().flatten().map(|(_, s)| s).collect(),
    };
    Some((snapshot, items_ok))
}

/// Each JSON text of `work` (with its depth in its item) parsed, in order, on the rayon pool
/// with `tables` (one per worker). `look` (given its position in `work`) sees each while it
/// is fresh in the cache, says whether it is well-formed and adds its marks: returned with
/// the values, whether all were well-formed, and the marks in order.
fn parse_pieces(
    work: &[(&str, usize)],
    tables: &[Mutex<Interner>],
    look: impl Fn(usize, &regorus::Value, &mut Vec<Mark>) -> bool + Sync,
) -> Option<(Vec<regorus::Value>, bool, Vec<Mark>)> {
    type Run = (Vec<regorus::Value>, bool, Vec<Mark>);
    let runs: Vec<Run> = chunks(work)
        .into_par_iter()
        .map(|run| {
            let worker = rayon::current_thread_index().unwrap_or(0) % tables.len();
            // Only this worker takes its table, so the lock is never contended; a poisoned
            // one (a panic mid-parse) is as good as any for sharing strings.
            let mut interner = tables[worker].lock().unwrap_or_else(|e| e.into_inner());
            let (mut ok, mut marks) = (true, Vec::new());
            let values = run
                .map(|i| {
                    let (json, depth) = work[i];
                    let v = piece(&mut interner, json, depth)?;
                    ok &= look(i, &v, &mut marks);
                    Ok(v)
                })
                .collect::<Result<_, serde_json::Error>>()?;
            Ok((values, ok, marks))
        })
        .collect::<Result<_, serde_json::Error>>()
        .ok()?;
    let mut out = (Vec::with_capacity(work.len()), true, Vec::new());
    for (values, ok, marks) in runs {
        out.0.extend(values);
        out.1 &= ok;
        out.2.extend(marks);
    }
    Some(out)
}

/// `work` cut into runs (ranges of positions) of about equal bytes, several per core, so the
/// cores stay equally busy however the bytes are spread over the items.
fn chunks(work: &[(&str, usize)]) -> Vec<std::ops::Range<usize>> {
    let total: usize = work.iter().map(|(j, _)| j.len()).sum();
    let per = total / (16 * rayon::current_num_threads()).max(1) + 1;
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (json, _)) in work.iter().enumerate() {
        bytes += json.len();
        if bytes >= per {
            out.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < work.len() {
        out.push(start..work.len());
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
/// `items_checked`: the parallel parse found every item an object with a string `id` (it
/// tests each while it is in the cache; a walk of millions of items here took seconds).
fn validate(name: &str, text: &str, s: &Snapshot, items_checked: bool) -> Result<(), LoadError> {
    for (cname, c) in &s.collections {
        if let Some(problem) = collection_problem(c, items_checked) {
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

/// Whether `item` is a Graph object with an id, as every item must be.
fn is_object_with_id(item: &regorus::Value) -> bool {
    // Built once: indexing with a `&str` builds a string value per lookup.
    static ID: std::sync::LazyLock<regorus::Value> =
        std::sync::LazyLock::new(|| regorus::Value::from("id"));
    matches!(item, regorus::Value::Object(_)) && matches!(item[&*ID], regorus::Value::String(_))
}

fn collection_problem(c: &Collection, items_checked: bool) -> Option<String> {
    if !items_checked {
        if let Some(i) = c.items.iter().position(|item| !is_object_with_id(item)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot_text(collections: &str) -> String {
        format!(
            r#"{{"schema": "govlint.snapshot/v1", "tenant": {{"id": "t"}}, "fetchedAt": "2026-11-20T09:00:00Z",
            "collections": {collections}}}"#
        )
    }

    fn is_ok(v: &regorus::Value) -> bool {
        v["ok"] == regorus::Value::from(true)
    }

    fn key_of(v: &regorus::Value) -> u32 {
        match &v["n"] {
            regorus::Value::Number(n) => n.as_f64().map_or(0, |f| f as u32),
            _ => 7,
        }
    }

    const SIFTS: &[Sift] = &[
        Sift {
            name: "okOnes",
            collection: "b",
            test: Test::Keep(is_ok),
        },
        Sift {
            name: "byN",
            collection: "b",
            test: Test::Key(key_of),
        },
        Sift {
            name: "absent",
            collection: "nowhere",
            test: Test::Keep(is_ok),
        },
    ];

    fn ids<'a>(items: impl Iterator<Item = &'a regorus::Value>) -> Vec<String> {
        items
            .map(|i| i["id"].as_string().map_or(String::new(), |s| s.to_string()))
            .collect()
    }

    /// The sifts see every item of their collection, whole or split (`big` 1 splits each
    /// item), the values are those of a parse without sifts, and nothing else is recorded.
    #[test]
    fn sifts_record_what_they_saw_of_each_item_whole_or_split() {
        let text = snapshot_text(
            r#"{"a": {"status": "complete", "items": [{"id": "a0", "ok": true, "n": 1}]},
                "b": {"status": "complete", "count": 4, "items": [
                    {"id": "b0", "ok": true, "n": 5, "pad": [1, 2, {"x": "y"}]},
                    {"id": "b1", "ok": false, "n": 5},
                    {"id": "b2", "n": "five"},
                    {"id": "b3", "ok": true, "n": 9}]},
                "c": {"status": "complete", "items": [{"id": "c0", "ok": true}]}}"#,
        );
        let plain = parse("t", &text).expect("parses");
        assert!(plain.sifted.is_empty());
        assert!(plain.kept("okOnes", "b").is_none());
        for big in [1, 16, BIG] {
            let s = parse_sifting("t", &text, big, SIFTS).expect("parses");
            for (name, c) in &s.collections {
                assert_eq!(
                    c.items, plain.collections[name].items,
                    "{name} split at {big}"
                );
            }
            let kept = s.kept("okOnes", "b").expect("sifted");
            assert_eq!(ids(kept), ["b0", "b3"], "split at {big}");
            assert_eq!(ids(s.keyed("byN", "b", 5).expect("keyed")), ["b0", "b1"]);
            assert_eq!(ids(s.keyed("byN", "b", 7).expect("keyed")), ["b2"]);
            assert!(s.keyed("byN", "b", 1).expect("keyed").next().is_none());
            // A sift read as the other kind, or for a collection it did not sift: none.
            assert!(s.keyed("okOnes", "b", 1).is_none());
            assert!(s.kept("okOnes", "a").is_none());
            assert!(s.kept("absent", "nowhere").is_none());
        }
    }

    /// The parallel parse checks the items as it parses them; a bad one is still reported
    /// as the sequential check reported it, whole or split.
    #[test]
    fn a_bad_item_is_the_same_error_whole_or_split() {
        for bad in [r#"{"id": 7}"#, r#"[1, 2]"#, r#"{"name": "no id"}"#, "3"] {
            let text = snapshot_text(&format!(
                r#"{{"a": {{"status": "complete", "items": [{{"id": "a0"}}]}},
                    "b": {{"status": "complete", "items": [{{"id": "b0"}}, {bad}]}}}}"#
            ));
            for big in [1, BIG] {
                let e = parse_sifting("t.json", &text, big, SIFTS).expect_err(bad);
                assert!(
                    e.to_string()
                        .contains("collection `b`: item 1 is not an object with a string `id`"),
                    "{bad} split at {big}: {e}"
                );
            }
        }
        // A count that disagrees is still refused when every item is well-formed.
        let text =
            snapshot_text(r#"{"b": {"status": "complete", "count": 3, "items": [{"id": "b0"}]}}"#);
        let e = parse_sifting("t.json", &text, BIG, SIFTS).expect_err("truncated");
        assert!(e.to_string().contains("`count` says 3 but 1 items"), "{e}");
    }
}
