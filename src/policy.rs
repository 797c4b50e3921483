//! Where Rego comes from: the built-in policies embedded at build time, and user directories.

use std::path::{Path, PathBuf};

use crate::diag;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// One Rego or data file, with the path errors and test output refer to it by.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    pub path: String,
    pub text: String,
}

impl PolicyFile {
    /// `opa test` convention: `*_test.rego` files hold unit tests, not rules.
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
    pub fn is_rego(&self) -> bool {
        self.path.ends_with(".rego")
    }
}

/// The built-in Rego files (rules, their tests and the shared library).
pub fn builtin_rego() -> Vec<PolicyFile> {
    embedded::POLICIES
        .iter()
        .filter(|(p, _)| p.ends_with(".rego"))
        .map(|(p, t)| PolicyFile {
            path: (*p).to_string(),
            text: (*t).to_string(),
        })
        .collect()
}

/// A shipped data file under `policies/data/`, by file name.
pub fn builtin_data(file: &str) -> Option<&'static str> {
    let want = format!("policies/data/{file}");
    embedded::POLICIES
        .iter()
        .find(|(p, _)| *p == want)
        .map(|(_, t)| *t)
}

/// The shipped rule docs, `(path, markdown)`.
pub fn rule_docs() -> &'static [(&'static str, &'static str)] {
    embedded::RULE_DOCS
}

/// Every `.rego` file under each directory (or the file itself), sorted for a stable order.
pub fn from_paths(paths: &[PathBuf]) -> Result<Vec<PolicyFile>, diag::Plain> {
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            return Err(diag::Plain {
                message: format!("policy path {} does not exist", root.display()),
                help: Some("pass a directory of .rego files or a single .rego file".into()),
            });
        }
        let mut found = Vec::new();
        collect(root, &mut found)
            .map_err(|e| diag::plain(format!("cannot read {}: {e}", root.display())))?;
        found.sort();
        for p in found {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| diag::plain(format!("cannot read {}: {e}", p.display())))?;
            files.push(PolicyFile {
                path: p.display().to_string(),
                text,
            });
        }
    }
    Ok(files)
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if p.is_file() {
        if p.extension().is_some_and(|e| e == "rego") {
            out.push(p.to_path_buf());
        }
        return Ok(());
    }
    for e in std::fs::read_dir(p)? {
        let e = e?;
        let path = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        if path.is_dir() && !hidden {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "rego") {
            out.push(path);
        }
    }
    Ok(())
}

/// The rule files a lint evaluates: the built-in policies, then those in the configured
/// policy directories and `--policies`, without their test files.
pub fn rule_files(
    config_dirs: &[PathBuf],
    extra: &[PathBuf],
) -> Result<Vec<PolicyFile>, diag::Plain> {
    let mut files: Vec<_> = builtin_rego()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    let dirs: Vec<PathBuf> = config_dirs.iter().chain(extra).cloned().collect();
    files.extend(from_paths(&dirs)?.into_iter().filter(|f| !f.is_test()));
    Ok(files)
}
