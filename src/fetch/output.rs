//! Writing the fetched snapshot: streamed into the temp file of an atomic write (never
//! assembled as one string or one tree), then read back and checked as `lint` would load it
//! before it replaces anything.
//!
//! Layout: the envelope pretty-printed, each item compact on a line of its own (a diff of two
//! fetches shows the items that changed). Byte for byte the same for the same tenant but for
//! `fetchedAt`: collections in name order, items in Graph's order, fields as Graph sent them
//! with children appended in a fixed order.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::raw::Node;
use super::spool::Spool;
use crate::snapshot::{self, Collection, Tenant, Tool};

/// A collection's items: in memory, or spooled to disk as they were read (a log).
#[derive(Debug)]
pub enum Items {
    Nodes(Vec<Node>),
    Spooled(Spool),
}

impl Items {
    pub fn len(&self) -> usize {
        match self {
            Items::Nodes(n) => n.len(),
            Items::Spooled(s) => s.count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items held in memory (none for a spooled log).
    pub fn nodes(&self) -> &[Node] {
        match self {
            Items::Nodes(n) => n,
            Items::Spooled(_) => &[],
        }
    }
}

impl From<Vec<Node>> for Items {
    fn from(n: Vec<Node>) -> Items {
        Items::Nodes(n)
    }
}

/// A fetched snapshot, ready to write.
#[derive(Debug)]
pub struct Assembled {
    pub tenant: Tenant,
    pub fetched_at: String,
    /// By name, in name order; each collection's `items` field is unused (the items are the
    /// text beside it).
    pub collections: Vec<(&'static str, Collection, Items)>,
}

/// Why the snapshot was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("internal error: the fetched snapshot does not validate: {0}")]
    Invalid(snapshot::check::Invalid),
}

/// Inside [`super::atomic`]'s callbacks: an I/O error or a refused check.
enum Failed {
    Io(io::Error),
    Invalid(snapshot::check::Invalid),
}

impl From<io::Error> for Failed {
    fn from(e: io::Error) -> Failed {
        Failed::Io(e)
    }
}

impl Assembled {
    /// Writes the snapshot to `path` atomically, once it has been read back and checked.
    pub fn write(&self, path: &Path) -> Result<(), WriteError> {
        crate::atomic::write_with(
            path,
            |w| self.write_to(w).map_err(Failed::Io),
            |file| {
                snapshot::check::check(file)
                    .map(|_| ())
                    .map_err(Failed::Invalid)
            },
        )
        .map_err(|e| match e {
            Failed::Io(source) => WriteError::Io {
                path: path.display().to_string(),
                source,
            },
            Failed::Invalid(i) => WriteError::Invalid(i),
        })
    }

    /// The snapshot's text, streamed to `w`.
    pub fn write_to(&self, w: &mut dyn Write) -> io::Result<()> {
        let tool = Tool {
            name: "govlint".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        };
        writeln!(w, "{{")?;
        writeln!(w, "  \"schema\": {},", pretty(&snapshot::SCHEMA, 1)?)?;
        writeln!(w, "  \"tenant\": {},", pretty(&self.tenant, 1)?)?;
        writeln!(w, "  \"fetchedAt\": {},", pretty(&self.fetched_at, 1)?)?;
        writeln!(w, "  \"tool\": {},", pretty(&tool, 1)?)?;
        if self.collections.is_empty() {
            writeln!(w, "  \"collections\": {{}}")?;
        } else {
            writeln!(w, "  \"collections\": {{")?;
            for (n, (name, collection, items)) in self.collections.iter().enumerate() {
                writeln!(w, "    {}: {{", pretty(name, 2)?)?;
                // The collection's own fields as `Collection` serialises them, but its items.
                let head = serde_json::to_value(collection).map_err(io::Error::other)?;
                for (k, v) in head.as_object().into_iter().flatten() {
                    if k != "items" {
                        writeln!(w, "      {}: {},", pretty(k, 3)?, pretty(v, 3)?)?;
                    }
                }
                if items.is_empty() {
                    writeln!(w, "      \"items\": []")?;
                } else {
                    writeln!(w, "      \"items\": [")?;
                    let n = items.len();
                    match items {
                        Items::Nodes(nodes) => {
                            for (i, item) in nodes.iter().enumerate() {
                                w.write_all(b"        ")?;
                                item.write_to(w)?;
                                writeln!(w, "{}", if i + 1 < n { "," } else { "" })?;
                            }
                        }
                        // Copied line by line: a log of millions never held in memory.
                        Items::Spooled(spool) => {
                            for (i, line) in spool.lines()?.enumerate() {
                                w.write_all(b"        ")?;
                                w.write_all(line?.as_bytes())?;
                                writeln!(w, "{}", if i + 1 < n { "," } else { "" })?;
                            }
                        }
                    }
                    writeln!(w, "      ]")?;
                }
                let sep = if n + 1 < self.collections.len() {
                    ","
                } else {
                    ""
                };
                writeln!(w, "    }}{sep}")?;
            }
            writeln!(w, "  }}")?;
        }
        writeln!(w, "}}")
    }
}

/// `v` pretty-printed as a value nested `depth` levels deep (JSON strings hold no raw
/// newline, so every newline is the printer's own).
fn pretty<T: Serialize + ?Sized>(v: &T, depth: usize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Cloud, GraphError, Status};
    use serde_json::{json, Value};

    fn collection(status: Status, count: u64) -> Collection {
        Collection {
            status,
            api_version: Some("v1.0".into()),
            request: Some("GET /v1.0/users?$top=999".into()),
            count: Some(count),
            error: (status == Status::Unavailable).then(|| GraphError {
                http_status: Some(403),
                code: Some("Authorization_RequestDenied".into()),
                message: Some("line one\nline two \"quoted\"".into()),
                ..GraphError::default()
            }),
            gaps: Vec::new(),
            window: None,
            items: Vec::new(),
        }
    }

    fn assembled() -> Assembled {
        let item = |v: Value| Node::from(crate::fetch::raw::to_item(&v).expect("item"));
        Assembled {
            tenant: Tenant {
                id: "t-1".into(),
                display_name: Some("Contoso \"Ltd\"".into()),
                cloud: Cloud::Global,
            },
            fetched_at: "2026-11-20T09:00:00Z".into(),
            collections: vec![
                (
                    "riskyUsers",
                    collection(Status::Unavailable, 0),
                    vec![].into(),
                ),
                (
                    "users",
                    collection(Status::Complete, 2),
                    vec![
                        item(json!({"id": "u-1", "sponsors": [{"id": "s"}]})),
                        item(json!({"id": "u-2", "n": "é\n"})),
                    ]
                    .into(),
                ),
            ],
        }
    }

    #[test]
    fn the_streamed_snapshot_is_the_document_one_item_per_line() {
        let mut out = Vec::new();
        assembled().write_to(&mut out).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["schema"], "govlint.snapshot/v1");
        assert_eq!(v["tenant"]["displayName"], "Contoso \"Ltd\"");
        assert_eq!(v["tool"]["name"], "govlint");
        let users = &v["collections"]["users"];
        assert_eq!(users["count"], 2);
        assert_eq!(users["items"][1]["n"], "é\n");
        assert_eq!(v["collections"]["riskyUsers"]["items"], json!([]));
        assert_eq!(
            v["collections"]["riskyUsers"]["error"]["message"],
            "line one\nline two \"quoted\""
        );
        assert!(text.contains("\n        {\"id\":\"u-1\",\"sponsors\":[{\"id\":\"s\"}]},\n"));
        // Loads as lint loads it, and the check agrees.
        let snap = crate::snapshot::parse("s", &text).expect("loads");
        assert_eq!(snap.collections["users"].items.len(), 2);
        let checked = crate::snapshot::check::check(text.as_bytes()).expect("checks");
        assert_eq!(checked.items["users"], 2);
        // Deterministic.
        let mut again = Vec::new();
        assembled().write_to(&mut again).expect("written");
        assert_eq!(text.as_bytes(), &again[..]);
    }

    #[test]
    fn a_snapshot_lint_would_refuse_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("s.json");
        let mut bad = assembled();
        bad.collections[1].1.count = Some(3);
        let e = bad.write(&p).expect_err("refused");
        assert!(e.to_string().contains("`count` says 3"), "{e}");
        assert!(!p.exists());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
        assembled().write(&p).expect("written");
        assert!(crate::snapshot::load(&p).is_ok());
    }

    fn json_leaf() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "(\\PC|[\"\\\\\n\t\u{0}\u{1f}])*".prop_map(Value::String),
        ]
    }

    fn json_tree() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        json_leaf().prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("\\PC{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

        /// What the writer streams, the loader reads back: the same items, in the same order.
        #[test]
        fn written_items_load_back_unchanged(
            bodies in proptest::collection::vec(
                proptest::collection::btree_map("[a-zA-Z\\PC]{1,6}", json_tree(), 0..4), 0..5)
        ) {
            let written: Vec<Value> = bodies
                .into_iter()
                .enumerate()
                .map(|(n, body)| {
                    let mut o: serde_json::Map<String, Value> =
                        body.into_iter().filter(|(k, _)| k != "id").collect();
                    o.insert("id".into(), Value::String(format!("u-{n}")));
                    Value::Object(o)
                })
                .collect();
            let mut a = assembled();
            a.collections[1].1.count = Some(written.len() as u64);
            a.collections[1].2 = written
                .iter()
                .map(|v| Node::from(crate::fetch::raw::to_item(v).expect("item")))
                .collect::<Vec<_>>()
                .into();
            let mut out = Vec::new();
            a.write_to(&mut out).expect("written");
            let text = String::from_utf8(out).expect("UTF-8");
            let snap = crate::snapshot::parse("s", &text).expect("loads");
            let loaded: Vec<Value> = snap.collections["users"]
                .items
                .iter()
                .map(|v| serde_json::to_value(v).expect("to JSON"))
                .collect();
            proptest::prop_assert_eq!(loaded, written);
        }
    }
}
