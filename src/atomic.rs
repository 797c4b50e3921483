//! Atomic file writes: a temp file in the target's directory, fsync, rename. A reader never
//! sees half a snapshot or half a report, even if the process dies mid-write.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

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
        .prefix(".govlint-")
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
