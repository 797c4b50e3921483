//! A log collection (sign-ins: millions of items) written to a file beside the snapshot page
//! by page as Graph sends it, and copied into the snapshot when that is written, so the fetch
//! never holds it in memory. One compact item per line; the file is removed when dropped.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::raw::Item;

#[derive(Debug)]
pub struct Spool {
    path: PathBuf,
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    file: BufWriter<File>,
    count: usize,
    /// The first write error: the fetch fails with it rather than write a short snapshot.
    failed: Option<String>,
}

impl Spool {
    /// A new, empty spool at `path` (replacing a file left there).
    pub fn create(path: PathBuf) -> std::io::Result<Spool> {
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
                failed: None,
            }),
        })
    }

    /// `{output}.{collection}.spool`, beside the snapshot.
    pub fn path_for(output: &Path, collection: &str) -> PathBuf {
        let mut s = output.as_os_str().to_os_string();
        s.push(format!(".{collection}.spool"));
        PathBuf::from(s)
    }

    /// Removes the spools a killed fetch to `output` left (its destructor never ran): a
    /// resumed fetch refills a spool from its checkpoint, and one whose log the checkpoint
    /// holds whole makes none.
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
        for i in items {
            written = g
                .file
                .write_all(i.get().as_bytes())
                .and_then(|()| g.file.write_all(b"\n"));
            if written.is_err() {
                break;
            }
        }
        match written {
            Ok(()) => g.count += items.len(),
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
        let s = Spool::create(path.clone()).expect("created");
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
}
