//! `--format json`: the machine contract. Stable field order, one trailing newline.

use crate::finding::LintResult;

pub fn render(result: &LintResult) -> String {
    let mut s =
        serde_json::to_string_pretty(result).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
