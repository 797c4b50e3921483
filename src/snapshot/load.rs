//! Reading a snapshot from disk with errors that point at file, line and column.

use std::path::Path;

use super::{Collection, Snapshot};
use crate::diag;

pub type LoadError = diag::Error;

pub fn load(path: &Path) -> Result<Snapshot, LoadError> {
    let started = std::time::Instant::now();
    let snapshot = load_inner(path);
    crate::engine::timing("load snapshot", started);
    snapshot
}

fn load_inner(path: &Path) -> Result<Snapshot, LoadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| diag::Plain {
        message: format!("cannot read snapshot {name}: {e}"),
        help: Some("pass the path of a snapshot written by `govlint fetch`".into()),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        let col = at
            - e.as_bytes()[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        let valid = String::from_utf8_lossy(e.as_bytes()).into_owned();
        diag::located(
            &name,
            &valid,
            line,
            col,
            "snapshot is not UTF-8",
            "invalid byte here",
            None,
        )
    })?;
    parse(&name, &text)
}

/// Parses snapshot text; `name` is how errors refer to it.
pub fn parse(name: &str, text: &str) -> Result<Snapshot, LoadError> {
    let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| json_error(name, text, &e))?;
    validate(name, text, &snapshot)?;
    Ok(snapshot)
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
            Some("see design.md section 2 or `govlint snapshot` docs for the format".to_string()),
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
    for (i, item) in c.items.iter().enumerate() {
        let ok = matches!(item, regorus::Value::Object(_))
            && matches!(item["id"], regorus::Value::String(_));
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
