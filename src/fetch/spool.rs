//! A log collection (sign-ins: millions of items) written to a file beside the snapshot page
//! by page as Graph sends it, and copied into the snapshot when that is written, so the fetch
//! never holds it in memory. One compact item per line.
//!
//! With a checkpoint the spool is also where the resume log's pages of the log are: each page
//! is fsync'd here before the log's record naming the spool's new length is written, so a
//! record on disk never names bytes that are not; a resumed fetch cuts the spool back to the
//! length the last record names (a page written after it is read again, never kept twice).
//! Such a spool outlives its fetch until the snapshot is written; any other is removed when
//! dropped.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::raw::Item;

#[derive(Debug)]
pub struct Spool {
    path: PathBuf,
    inner: Mutex<Inner>,
    /// Kept when dropped: the checkpoint's pages refer to it.
    kept: bool,
}

/// How much of a spool a checkpoint record vouches for: its first `bytes`, `items` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Synced {
    pub bytes: u64,
    pub items: usize,
}

#[derive(Debug)]
struct Inner {
    file: BufWriter<File>,
    count: usize,
    /// Bytes written (flushed or not).
    bytes: u64,
    /// The first write error: the fetch fails with it rather than write a short snapshot.
    failed: Option<String>,
}

impl Spool {
    /// A new, empty spool at `path` (replacing a file left there), kept when dropped if `kept`.
    pub fn create(path: PathBuf, kept: bool) -> std::io::Result<Spool> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        Ok(Spool {
            path,
            inner: Mutex::new(Inner {
                file: BufWriter::with_capacity(1 << 20, file),
                count: 0,
                bytes: 0,
                failed: None,
            }),
            kept,
        })
    }

    /// The spool a killed or failed fetch left at `path`, cut back to what `synced` vouches
    /// for (a torn or unrecorded tail goes); an error if it is shorter or holds another number
    /// of items, and then the log is read again from its start.
    pub fn reopen(path: PathBuf, synced: Synced) -> std::io::Result<Spool> {
        let mut file = OpenOptions::new().read(true).write(true).open(&path)?;
        let len = file.metadata()?.len();
        if len < synced.bytes {
            return Err(std::io::Error::other(format!(
                "{} holds {len} bytes, the checkpoint names {}",
                path.display(),
                synced.bytes
            )));
        }
        file.set_len(synced.bytes)?;
        let mut lines = 0usize;
        let mut ends_whole = true;
        let mut reader = BufReader::with_capacity(1 << 20, &mut file);
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            lines += buf.iter().filter(|b| **b == b'\n').count();
            ends_whole = buf.last() == Some(&b'\n');
            let n = buf.len();
            reader.consume(n);
        }
        drop(reader);
        if lines != synced.items || !ends_whole {
            return Err(std::io::Error::other(format!(
                "{} holds {lines} items where the checkpoint names {}",
                path.display(),
                synced.items
            )));
        }
        file.sync_data()?;
        file.seek(SeekFrom::End(0))?;
        Ok(Spool {
            path,
            inner: Mutex::new(Inner {
                file: BufWriter::with_capacity(1 << 20, file),
                count: lines,
                bytes: synced.bytes,
                failed: None,
            }),
            kept: true,
        })
    }

    /// Makes what was added durable, and says how much that is (`None`: a write failed, and
    /// the fetch will fail with it).
    pub fn sync(&self) -> Option<Synced> {
        let mut g = self.inner.lock().ok()?;
        if g.failed.is_some() {
            return None;
        }
        let synced = g.file.flush().and_then(|()| g.file.get_ref().sync_data());
        match synced {
            Ok(()) => Some(Synced {
                bytes: g.bytes,
                items: g.count,
            }),
            Err(e) => {
                g.failed = Some(e.to_string());
                None
            }
        }
    }

    /// `{output}.{collection}.spool`, beside the snapshot.
    pub fn path_for(output: &Path, collection: &str) -> PathBuf {
        let mut s = output.as_os_str().to_os_string();
        s.push(format!(".{collection}.spool"));
        PathBuf::from(s)
    }

    /// Removes the spools a fetch to `output` left: called by a fresh fetch (a resumed one
    /// continues the spools its checkpoint names), and once the snapshot is written or there
    /// is no checkpoint to resume.
    pub fn remove_stale(output: &Path) {
        for spec in super::collections::SPECS {
            if matches!(spec.kind, super::collections::Kind::Log(_)) {
                let _ = std::fs::remove_file(Spool::path_for(output, spec.name));
            }
        }
    }

    /// Appends `items`, one line each (items are compact JSON, so one line).
    pub fn add(&self, items: &[Item]) {
        let Ok(mut g) = self.inner.lock() else {
            return;
        };
        if g.failed.is_some() {
            return;
        }
        let mut written = Ok(());
        let mut bytes = 0;
        for i in items {
            bytes += i.get().len() as u64 + 1;
            written = g
                .file
                .write_all(i.get().as_bytes())
                .and_then(|()| g.file.write_all(b"\n"));
            if written.is_err() {
                break;
            }
        }
        match written {
            Ok(()) => {
                g.count += items.len();
                g.bytes += bytes;
            }
            Err(e) => g.failed = Some(e.to_string()),
        }
    }

    /// Empties it (a list read again from its start).
    pub fn clear(&self) {
        let Ok(mut g) = self.inner.lock() else {
            return;
        };
        let cleared = g.file.flush().and_then(|()| {
            let f = g.file.get_mut();
            f.set_len(0)?;
            f.seek(SeekFrom::Start(0)).map(|_| ())
        });
        g.count = 0;
        g.bytes = 0;
        if let Err(e) = cleared {
            g.failed = Some(e.to_string());
        }
    }

    pub fn count(&self) -> usize {
        self.inner.lock().map_or(0, |g| g.count)
    }

    /// The items written, in order, each line without its newline; an error if a write failed.
    pub fn lines(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<String>>> {
        let mut g = self
            .inner
            .lock()
            .map_err(|_| std::io::Error::other("spool lock"))?;
        if let Some(e) = &g.failed {
            return Err(std::io::Error::other(format!(
                "cannot write {}: {e}",
                self.path.display()
            )));
        }
        g.file.flush()?;
        let count = g.count;
        let file = File::open(&self.path)?;
        Ok(BufReader::with_capacity(1 << 20, file).lines().take(count))
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    fn item(s: &str) -> Item {
        RawValue::from_string(s.to_string()).expect("JSON")
    }

    #[test]
    fn pages_go_to_disk_and_come_back_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = Spool::path_for(&dir.path().join("s.json"), "signIns");
        assert!(path.ends_with("s.json.signIns.spool"));
        let s = Spool::create(path.clone(), false).expect("created");
        s.add(&[item(r#"{"id":"a"}"#), item(r#"{"id":"b"}"#)]);
        s.clear();
        s.add(&[item(r#"{"id":"c"}"#)]);
        s.add(&[item(r#"{"id":"d","n":"x\ny"}"#)]);
        assert_eq!(s.count(), 2);
        let lines: Vec<String> = s.lines().expect("read").map(|l| l.expect("line")).collect();
        assert_eq!(lines, vec![r#"{"id":"c"}"#, r#"{"id":"d","n":"x\ny"}"#]);
        drop(s);
        assert!(!path.exists(), "removed when dropped");
    }

    #[test]
    fn a_torn_or_unrecorded_tail_is_cut_back_to_what_the_checkpoint_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = Spool::path_for(&dir.path().join("s.json"), "signIns");
        let s = Spool::create(path.clone(), true).expect("created");
        s.add(&[item(r#"{"id":"a"}"#), item(r#"{"id":"b"}"#)]);
        let synced = s.sync().expect("synced");
        assert_eq!(
            synced,
            Synced {
                bytes: 22,
                items: 2
            }
        );
        // A page fsync'd whose record never came, then a page torn mid-line.
        s.add(&[item(r#"{"id":"c"}"#)]);
        s.sync().expect("synced");
        drop(s);
        assert!(path.exists(), "kept for the checkpoint");
        let mut f = OpenOptions::new().append(true).open(&path).expect("open");
        f.write_all(br#"{"id":"d","na"#).expect("torn write");
        drop(f);
        let s = Spool::reopen(path.clone(), synced).expect("reopened");
        assert_eq!(s.count(), 2);
        assert_eq!(std::fs::metadata(&path).expect("len").len(), 22);
        s.add(&[item(r#"{"id":"e"}"#)]);
        let lines: Vec<String> = s.lines().expect("read").map(|l| l.expect("line")).collect();
        assert_eq!(
            lines,
            vec![r#"{"id":"a"}"#, r#"{"id":"b"}"#, r#"{"id":"e"}"#]
        );
        assert_eq!(
            s.sync(),
            Some(Synced {
                bytes: 33,
                items: 3
            })
        );
        drop(s);
        // Shorter than the record names, or other items: refused (the log is read again).
        std::fs::write(&path, "{\"id\":\"a\"}\n").expect("shortened");
        assert!(Spool::reopen(path.clone(), synced).is_err());
        std::fs::write(&path, "{\"id\":\"a\",\"xyzwv\":\"\"}\n").expect("rewritten");
        assert!(Spool::reopen(
            path.clone(),
            Synced {
                bytes: 22,
                items: 2
            }
        )
        .is_err());
        assert!(Spool::reopen(dir.path().join("gone"), synced).is_err());
    }
}
