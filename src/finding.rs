//! Findings and the finished result of a lint: the machine contract (`--format json`,
//! docs/findings-json.md). Every report format is a view of a [`LintResult`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Graph object a finding is about, by collection, id and display name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    pub collection: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

impl ObjectRef {
    /// `Ava Admin (6be4b305-…)`, or the bare id when the object has no name.
    pub fn label(&self) -> String {
        match &self.display_name {
            Some(n) if !n.is_empty() => format!("{n} ({})", self.id),
            _ => self.id.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Request {
    pub method: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Remediation {
    pub summary: String,
    pub requests: Vec<Request>,
    /// Unified diff of the object at fault, before and after the fix.
    pub diff: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub area: String,
    pub object: ObjectRef,
    pub related: Vec<ObjectRef>,
    pub message: String,
    pub remediation: Remediation,
    /// Stable across runs and versions: hash of rule code and object id (and the rule's
    /// optional discriminator). Waivers and baselines refer to it.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotEvaluated {
    pub rule: String,
    pub name: String,
    pub reason: String,
}

/// An object a rule deliberately did not judge (an emergency-access account, say), so the
/// output says so instead of staying silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Skipped {
    pub rule: String,
    pub name: String,
    pub object: ObjectRef,
    pub reason: String,
}

/// A rule that failed while evaluating: the run is incomplete, never clean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleError {
    pub rule: String,
    pub name: String,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfo {
    pub tenant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_name: Option<String>,
    pub fetched_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub findings: usize,
    pub by_severity: std::collections::BTreeMap<Severity, usize>,
    pub rules_evaluated: usize,
    pub rules_not_evaluated: usize,
    pub rules_errored: usize,
    pub waived: usize,
    pub baselined: usize,
}

/// Why a finding is not failing the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SuppressedBy {
    Waiver,
    Baseline,
}

/// A finding hidden by a live waiver or the baseline: still listed, so nothing disappears.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Suppressed {
    pub by: SuppressedBy,
    /// The waiver's reason, or `in baseline <file>`.
    pub reason: String,
    pub finding: Finding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WaiverStatus {
    /// Live and matched at least one finding.
    Active,
    /// Past its `expires` date: waives nothing.
    Expired,
    /// Live but matched nothing: the risk it accepted is gone, or it is mistyped.
    Stale,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WaiverReport {
    pub rule: String,
    pub object: String,
    pub reason: String,
    pub expires: String,
    pub status: WaiverStatus,
    /// Findings it matched (for expired waivers: would have matched).
    pub matched: usize,
    /// Where it is declared, `govlint.toml:12`.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BaselineReport {
    pub path: String,
    pub entries: usize,
    /// Findings found in the baseline (suppressed).
    pub matched: usize,
    /// Baseline entries no longer found: fixed since the baseline was taken.
    pub fixed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LintResult {
    pub tool: ToolInfo,
    pub snapshot: SnapshotInfo,
    pub now: String,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    pub errors: Vec<RuleError>,
    pub skipped: Vec<Skipped>,
    /// Findings hidden by waivers or the baseline.
    pub suppressed: Vec<Suppressed>,
    pub waivers: Vec<WaiverReport>,
    pub baseline: Option<BaselineReport>,
}

impl LintResult {
    /// The exit code of `govlint lint` (README "Exit codes"): incomplete wins over findings.
    pub fn exit_code(&self, fail_on: Severity) -> u8 {
        if !self.not_evaluated.is_empty() || !self.errors.is_empty() {
            crate::exit::INCOMPLETE
        } else if self.findings.iter().any(|f| f.severity >= fail_on) {
            crate::exit::FINDINGS
        } else {
            crate::exit::CLEAN
        }
    }
}
