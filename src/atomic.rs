//! Atomic file writes: a temp file in the target's directory, fsync, rename. A reader never
//! sees half a snapshot or half a report, even if the process dies mid-write.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Random characters in a temp file's name.
const RAND: usize = 6;

/// `.{name}.`: a temp file names its target, so the debris of a writer killed mid-write
/// (SIGKILL runs no destructor) can be found by the next writer of the same file.
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    format!(".{}.", name.unwrap_or_default())
}

/// Removes the temp files a killed [`write`] or [`write_with`] of `path` left beside it
/// (`.{name}.XXXXXX.tmp`). Only for a writer that is the sole writer of `path`, such as a
/// fetch to its output: another writer's temp file of the same target would go too.
pub fn remove_stale(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        if rest.len() == RAND && rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |w| w.write_all(bytes), |_| Ok(()))
}

/// As [`write`], the content streamed by `write` (through a buffer) instead of held whole, and
/// `verify` given the written file, read from its start, before it replaces `path`. Any error
/// leaves `path` as it was and no temp file behind.
pub fn write_with<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    verify: impl FnOnce(File) -> Result<(), E>,
) -> Result<(), E> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .rand_bytes(RAND)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
    write(&mut w)?;
    w.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    verify(tmp.reopen()?)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    fn names(dir: &std::path::Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect()
    }

    #[test]
    fn the_temp_files_of_a_killed_writer_are_found_by_the_next() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("s.json");
        // Debris of the snapshot's and the checkpoint's writes; then another file's temp, a
        // name too short, a user's file and the snapshot itself, never touched.
        for n in [
            ".s.json.a1B2c3.tmp",
            ".s.json.checkpoint.Zz9yX8.tmp",
            ".t.json.a1B2c3.tmp",
            ".s.json.abc.tmp",
            ".s.json.old-backup.tmp",
            "s.json",
        ] {
            std::fs::write(dir.path().join(n), "x").expect("write");
        }
        super::remove_stale(&p);
        super::remove_stale(&dir.path().join("s.json.checkpoint"));
        let mut left: Vec<String> = names(dir.path())
            .into_iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            vec![
                ".s.json.abc.tmp",
                ".s.json.old-backup.tmp",
                ".t.json.a1B2c3.tmp",
                "s.json"
            ]
        );
        // A write's own temp file has the shape `remove_stale` looks for.
        super::write_with(
            &p,
            |_| {
                let temps: Vec<_> = names(dir.path())
                    .into_iter()
                    .filter(|n| n.to_string_lossy().starts_with(".s.json."))
                    .filter(|n| n.to_string_lossy().len() == ".s.json.".len() + 6 + 4)
                    .collect();
                assert_eq!(temps.len(), 1, "{temps:?}");
                Ok::<(), std::io::Error>(())
            },
            |_| Ok(()),
        )
        .expect("write");
    }

    #[test]
    fn writes_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.json");
        super::write(&p, b"{}").expect("write");
        super::write(&p, b"{\"a\":1}").expect("overwrite");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "{\"a\":1}");
        assert_eq!(names(dir.path()).len(), 1);
    }

    #[test]
    fn a_streamed_write_is_verified_from_its_start_before_it_replaces_anything() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.json");
        super::write(&p, b"old").expect("write");
        let streamed = |w: &mut dyn std::io::Write| -> std::io::Result<()> {
            for i in 0..100_000 {
                writeln!(w, "line {i}")?;
            }
            Ok(())
        };
        // Refused by the check: the old file stays, no temp file is left.
        let refused = super::write_with(&p, streamed, |mut f| {
            let mut text = String::new();
            f.read_to_string(&mut text)?;
            assert!(text.starts_with("line 0\n") && text.ends_with("line 99999\n"));
            Err(std::io::Error::other("refused"))
        });
        assert!(refused.is_err());
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "old");
        assert_eq!(names(dir.path()).len(), 1);
        // A failing writer: the same.
        let failed = super::write_with(
            &p,
            |w| {
                w.write_all(b"half")?;
                Err(std::io::Error::other("disk full"))
            },
            |_| Ok(()),
        );
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "old");
        assert_eq!(names(dir.path()).len(), 1);
        super::write_with(&p, streamed, |_| Ok(())).expect("write");
        let text = std::fs::read_to_string(&p).expect("read");
        assert_eq!(text.lines().count(), 100_000);
    }
}
