//! Rule docs (`rules/<CODE>-<name>.md`), embedded at build time: `govlint rule X` prints one.

use crate::policy;

/// The sections every rule doc has, in order (ruff's layout).
pub const SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why is this bad",
    "## Example",
    "## How to fix",
    "## References",
];

pub struct RuleDoc {
    pub code: &'static str,
    pub name: &'static str,
    pub path: &'static str,
    pub markdown: &'static str,
}

pub fn all() -> Vec<RuleDoc> {
    policy::rule_docs()
        .iter()
        .filter_map(|(path, md)| {
            let file = path.strip_prefix("rules/")?.strip_suffix(".md")?;
            let (code, name) = file.split_once('-')?;
            Some(RuleDoc {
                code,
                name,
                path,
                markdown: md,
            })
        })
        .collect()
}

/// The doc of the rule named by code or name, case-insensitively.
pub fn find(query: &str) -> Option<RuleDoc> {
    all()
        .into_iter()
        .find(|d| d.code.eq_ignore_ascii_case(query) || d.name.eq_ignore_ascii_case(query))
}
