//! Where a command's text goes: a file, written atomically, or standard output. Shared by the
//! command line and `show`/`report`, below both so neither reaches into the other.

use std::io::Write;
use std::path::Path;

use crate::diag;

/// Writes `text` to `path` (atomically: a reader never sees half a report) or, without a path,
/// to standard output.
pub fn emit(path: Option<&Path>, text: &str) -> Result<(), miette::Report> {
    match path {
        Some(p) => crate::atomic::write(p, text.as_bytes()).map_err(|e| {
            miette::Report::new(diag::plain(format!("cannot write {}: {e}", p.display())))
        }),
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a diagnostic.
            let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
            Ok(())
        }
    }
}
