//! The rule registry: what each Rego rule package declares about itself in `metadata`.

use regorus::Value;
use serde::{Deserialize, Serialize};

use crate::finding::Severity;

/// Where rule packages live: `package govlint.rules.<anything>`.
pub const RULES_PREFIX: &str = "data.govlint.rules.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `PIM001`; configs, waivers and baselines refer to it.
    pub code: String,
    /// Stable kebab-case name, e.g. `standing-active-privileged-assignment`.
    pub name: String,
    pub title: String,
    pub severity: Severity,
    pub area: String,
    /// Snapshot collections the rule reads; any not complete makes it not evaluated.
    pub reads: Vec<String>,
    /// Keys of `data.govlint.config` the rule uses (printed by `govlint rule`).
    #[serde(default)]
    pub config: Vec<String>,
    /// The Rego package, e.g. `data.govlint.rules.pim001`.
    #[serde(skip)]
    pub package: String,
    /// The file the package was loaded from.
    #[serde(skip)]
    pub source: String,
    /// Whether the package defines `skipped` (objects it deliberately did not judge).
    #[serde(skip)]
    pub reports_skipped: bool,
}

impl RuleMeta {
    /// Reads and checks a package's `metadata` value.
    pub fn from_value(package: &str, source: &str, v: &Value) -> Result<RuleMeta, String> {
        let json = v
            .to_json_str()
            .map_err(|e| format!("metadata is not JSON: {e}"))?;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            code: String,
            name: String,
            title: String,
            severity: String,
            area: String,
            reads: Vec<String>,
            #[serde(default)]
            config: Vec<String>,
        }
        let raw: Raw = serde_json::from_str(&json).map_err(|e| format!("metadata: {e}"))?;
        let code_ok = {
            let letters = raw.code.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = &raw.code[letters.len()..];
            !letters.is_empty()
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && digits.len() == 3
        };
        if !code_ok {
            return Err(format!(
                "metadata.code `{}` must be upper-case letters and three digits, e.g. PIM001",
                raw.code
            ));
        }
        let name_ok = !raw.name.is_empty()
            && raw
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !name_ok {
            return Err(format!("metadata.name `{}` must be kebab-case", raw.name));
        }
        let severity = Severity::parse(&raw.severity).ok_or_else(|| {
            format!(
                "metadata.severity `{}` is not one of info, low, medium, high, critical",
                raw.severity
            )
        })?;
        if raw.reads.is_empty() {
            return Err("metadata.reads must name the snapshot collections the rule reads".into());
        }
        let mut reads = raw.reads;
        super::holders::imply_reads(&mut reads);
        Ok(RuleMeta {
            code: raw.code,
            name: raw.name,
            title: raw.title,
            severity,
            area: raw.area,
            reads,
            config: raw.config,
            package: package.to_string(),
            source: source.to_string(),
            reports_skipped: false,
        })
    }

    /// Whether a `--select`/`--ignore` entry names this rule: its code, a code prefix
    /// (`PIM`, `PIM00`) or its name, case-insensitively.
    pub fn matches(&self, selector: &str) -> bool {
        let sel = selector.trim();
        self.name.eq_ignore_ascii_case(sel)
            || (!sel.is_empty()
                && self.code.len() >= sel.len()
                && self.code[..sel.len()].eq_ignore_ascii_case(sel))
    }
}
