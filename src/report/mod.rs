//! Report formats: each renders a finished [`LintResult`] and nothing else (plus the rule
//! metadata and docs of the rules that ran). Every renderer is a pure, byte-for-byte
//! deterministic function: same result in, same bytes out.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use crate::engine::RuleMeta;
use crate::finding::{LintResult, Severity};
use crate::ruledoc::{self, RuleDoc};

/// Where the rule docs are published: `<base><CODE>-<name>.md` (SARIF `helpUri`, Markdown links).
pub const RULE_DOC_BASE: &str = "https://github.com/govlint/govlint/blob/main/rules/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, grouped by severity and area, and a summary; colour on a terminal.
    Human,
    /// Every finding with its fix, Graph requests and diff (the long layout).
    Full,
    /// The machine contract (docs/findings-json.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per rule (Azure DevOps, GitLab, Jenkins test reports).
    Junit,
    /// GitHub Actions workflow commands (annotations); appends the Markdown summary to
    /// $GITHUB_STEP_SUMMARY when it is set.
    Github,
    /// Markdown summary and findings with their fix: job summaries and PR comments.
    Markdown,
}

impl Format {
    /// The name used on the command line (`--format NAME`, `--output NAME=FILE`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Full => "full",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Markdown => "markdown",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        [
            Format::Human,
            Format::Full,
            Format::Json,
            Format::Sarif,
            Format::Junit,
            Format::Github,
            Format::Markdown,
        ]
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(s))
    }
}

/// What a renderer may know besides the result: the rules that were selected for the run
/// (evaluated or not) and the snapshot path as given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub rules: &'a [&'a RuleMeta],
    pub snapshot_path: &'a str,
}

/// Renders `result`; `color` only matters for the human formats. The concise human view
/// takes more options ([`human::Options`]): `govlint lint` calls [`human::render`] itself.
pub fn render(format: Format, result: &LintResult, ctx: &Context<'_>, color: bool) -> String {
    match format {
        Format::Human => human::render(
            result,
            &human::Options {
                color,
                ..human::Options::default()
            },
        ),
        Format::Full => human::render_full(result, color),
        Format::Json => json::render(result),
        Format::Sarif => sarif::render(result, ctx),
        Format::Junit => junit::render(result, ctx),
        Format::Github => github::render(result, ctx),
        Format::Markdown => markdown::render(result, ctx),
    }
}

/// One `-o/--output` value: `FORMAT=FILE` (an extra report) or a bare `FILE` (where the
/// `--format` report goes instead of standard output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputArg {
    pub format: Option<Format>,
    pub path: std::path::PathBuf,
}

/// clap value parser for [`OutputArg`]: `sarif=govlint.sarif`, `junit=junit.xml`, `report.txt`.
/// A prefix before `=` that is not a format name is part of a file name.
pub fn parse_output(s: &str) -> Result<OutputArg, String> {
    let (format, path) = match s.split_once('=') {
        Some((f, p)) => match Format::parse(f) {
            Some(f) => (Some(f), p),
            None => (None, s),
        },
        None => (None, s),
    };
    if path.is_empty() {
        return Err(format!(
            "`{s}`: expected FILE or FORMAT=FILE, e.g. sarif=govlint.sarif"
        ));
    }
    Ok(OutputArg {
        format,
        path: path.into(),
    })
}

/// Where each report goes: the `FORMAT=FILE` outputs in the order given, then the `--format`
/// report (to its bare `-o FILE`, or standard output when there is none).
pub fn plan(
    format: Format,
    outputs: &[OutputArg],
) -> Result<Vec<(Format, Option<std::path::PathBuf>)>, String> {
    let mut plan = Vec::new();
    let mut main: Option<std::path::PathBuf> = None;
    for o in outputs {
        match o.format {
            Some(f) => plan.push((f, Some(o.path.clone()))),
            None if main.is_some() => {
                return Err(format!(
                    "two files for the --format {} report (`{}` and `{}`); name the format of the others, e.g. --output sarif=FILE",
                    format.name(),
                    main.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
                    o.path.display()
                ))
            }
            None => main = Some(o.path.clone()),
        }
    }
    plan.push((format, main));
    let mut seen = std::collections::BTreeSet::new();
    for (_, p) in &plan {
        if let Some(p) = p {
            if !seen.insert(p.clone()) {
                return Err(format!("`{}` is the output of two reports", p.display()));
            }
        }
    }
    Ok(plan)
}

/// One rule of the run as the reports describe it.
pub(crate) struct RuleRow {
    pub code: String,
    pub name: String,
    pub title: String,
    /// The effective severity: a config override shows in the rule's findings.
    pub severity: Severity,
    pub area: String,
    pub doc: Option<RuleDoc>,
}

impl RuleRow {
    /// `https://…/rules/PIM001-standing-active-privileged-assignment.md` for rules with a doc.
    pub fn doc_url(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        let file = doc.path.strip_prefix("rules/").unwrap_or(doc.path);
        Some(format!("{RULE_DOC_BASE}{file}"))
    }
}

/// Every rule of the run, by code: the selected rules, plus any rule the result names that
/// the context does not (a hand-built result, a custom rule), so nothing is dropped.
pub(crate) fn rule_rows(result: &LintResult, ctx: &Context<'_>) -> Vec<RuleRow> {
    use std::collections::BTreeMap;
    let mut rows: BTreeMap<String, RuleRow> = BTreeMap::new();
    let findings = result
        .findings
        .iter()
        .chain(result.suppressed.iter().map(|s| &s.finding));
    for m in ctx.rules {
        rows.entry(m.code.clone()).or_insert_with(|| RuleRow {
            code: m.code.clone(),
            name: m.name.clone(),
            title: m.title.clone(),
            severity: m.severity,
            area: m.area.clone(),
            doc: ruledoc::find(&m.code),
        });
    }
    // The severity a finding carries wins (govlint.toml can override a rule's severity).
    let mut seen = std::collections::BTreeSet::new();
    for f in findings {
        if !seen.insert(f.rule.clone()) {
            continue;
        }
        let row = rows.entry(f.rule.clone()).or_insert_with(|| RuleRow {
            code: f.rule.clone(),
            name: f.name.clone(),
            title: f.name.replace('-', " "),
            severity: f.severity,
            area: f.area.clone(),
            doc: ruledoc::find(&f.rule),
        });
        row.severity = f.severity;
    }
    let others = result
        .not_evaluated
        .iter()
        .map(|n| (&n.rule, &n.name))
        .chain(result.errors.iter().map(|e| (&e.rule, &e.name)));
    for (code, name) in others {
        rows.entry(code.clone()).or_insert_with(|| RuleRow {
            code: code.clone(),
            name: name.clone(),
            title: name.replace('-', " "),
            severity: Severity::Info,
            area: area_from_code(code),
            doc: ruledoc::find(code),
        });
    }
    rows.into_values().collect()
}

/// `PIM001` → `pim`: the built-in convention, for rules the context does not describe.
fn area_from_code(code: &str) -> String {
    code.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_ascii_lowercase()
}

/// `1 finding`, `2 findings`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One line: `12 findings (5 high, 7 medium) · 25 rules evaluated, 1 not evaluated, …`.
pub(crate) fn summary_line(r: &LintResult) -> String {
    let s = &r.summary;
    let mut out = plural(s.findings, "finding");
    let by: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|sev| s.by_severity.get(sev).map(|n| format!("{n} {sev}")))
        .collect();
    if !by.is_empty() {
        out.push_str(&format!(" ({})", by.join(", ")));
    }
    out.push_str(&format!(" · {} rules evaluated", s.rules_evaluated));
    if s.rules_not_evaluated > 0 {
        out.push_str(&format!(", {} not evaluated", s.rules_not_evaluated));
    }
    if s.rules_errored > 0 {
        out.push_str(&format!(", {} errored", s.rules_errored));
    }
    if s.waived > 0 {
        out.push_str(&format!(" · {} waived", s.waived));
    }
    if s.baselined > 0 {
        out.push_str(&format!(" · {} baselined", s.baselined));
    }
    out
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A hand-built result with every kind of entry, and tricky text in it.

    use crate::engine::RuleMeta;
    use crate::finding::*;

    pub fn meta(code: &str, name: &str, severity: Severity, area: &str) -> RuleMeta {
        RuleMeta {
            code: code.into(),
            name: name.into(),
            title: format!("title of {name}"),
            severity,
            area: area.into(),
            reads: vec!["users".into()],
            config: vec![],
            package: String::new(),
            source: String::new(),
            reports_skipped: false,
        }
    }

    /// Renders the fixture result with a format's `render`, in the fixture context.
    pub fn render_with(render: fn(&LintResult, &super::Context) -> String) -> String {
        let metas = rules();
        let refs: Vec<&RuleMeta> = metas.iter().collect();
        let ctx = super::Context {
            rules: &refs,
            snapshot_path: "snap.json",
        };
        render(&result(), &ctx)
    }

    pub fn rules() -> Vec<RuleMeta> {
        vec![
            meta(
                "PIM001",
                "standing-active-privileged-assignment",
                Severity::High,
                "pim",
            ),
            meta("PIM006", "pim-activation-too-long", Severity::Medium, "pim"),
            meta("PRV004", "privileged-risky-user", Severity::High, "prv"),
            meta(
                "PRV005",
                "privileged-inactive-account",
                Severity::Low,
                "prv",
            ),
            meta("EXT001", "guest-without-sponsor", Severity::Low, "ext"),
        ]
    }

    pub fn finding(rule: &str, name: &str, sev: Severity, area: &str, id: &str) -> Finding {
        Finding {
            rule: rule.into(),
            name: name.into(),
            severity: sev,
            area: area.into(),
            object: ObjectRef {
                collection: "users".into(),
                id: id.into(),
                display_name: Some(format!("User {id}")),
            },
            related: vec![ObjectRef {
                collection: "roleDefinitions".into(),
                id: "62e90394".into(),
                display_name: Some("Global Administrator".into()),
            }],
            message: format!("User {id} holds 100% of | <b>roles</b>,\nsecond line: ok"),
            remediation: Remediation {
                summary: "Make it eligible.".into(),
                requests: vec![Request {
                    method: "POST".into(),
                    url: "https://graph.microsoft.com/v1.0/roleManagement/directory/roleEligibilityScheduleRequests".into(),
                    body: Some(serde_json::json!({"action": "adminAssign", "note": "```"})),
                }],
                diff: "--- before\n+++ after\n@@ -1 +1 @@\n-\"assignmentType\": \"Assigned\"\n+\"assignmentType\": \"Eligible\"\n".into(),
            },
            fingerprint: format!("fp-{rule}-{id}"),
        }
    }

    pub fn result() -> LintResult {
        let findings = vec![
            finding(
                "PIM001",
                "standing-active-privileged-assignment",
                Severity::High,
                "pim",
                "u1",
            ),
            finding(
                "PIM001",
                "standing-active-privileged-assignment",
                Severity::High,
                "pim",
                "u2",
            ),
            finding(
                "EXT001",
                "guest-without-sponsor",
                Severity::Low,
                "ext",
                "g1",
            ),
        ];
        let mut summary = Summary {
            findings: findings.len(),
            rules_evaluated: 3,
            rules_not_evaluated: 1,
            rules_errored: 1,
            waived: 1,
            baselined: 1,
            ..Summary::default()
        };
        for f in &findings {
            *summary.by_severity.entry(f.severity).or_default() += 1;
        }
        LintResult {
            tool: ToolInfo {
                name: "govlint".into(),
                version: "0.1.0".into(),
            },
            snapshot: SnapshotInfo {
                tenant_id: "00000000-0000-0000-0000-000000000001".into(),
                tenant_name: Some("Contoso".into()),
                fetched_at: "2026-11-20T09:00:00Z".into(),
            },
            now: "2026-11-20T09:00:00Z".into(),
            summary,
            findings,
            not_evaluated: vec![NotEvaluated {
                rule: "PRV004".into(),
                name: "privileged-risky-user".into(),
                reason: "riskyUsers unavailable: 403 (needs IdentityRiskyUser.Read.All)".into(),
            }],
            errors: vec![RuleError {
                rule: "PRV005".into(),
                name: "privileged-inactive-account".into(),
                error: "eval: division by zero".into(),
            }],
            skipped: vec![Skipped {
                rule: "PIM001".into(),
                name: "standing-active-privileged-assignment".into(),
                object: ObjectRef {
                    collection: "users".into(),
                    id: "bg2".into(),
                    display_name: Some("Break Glass 2".into()),
                },
                reason: "emergency-access account".into(),
            }],
            suppressed: vec![
                Suppressed {
                    by: SuppressedBy::Waiver,
                    reason: "break-glass account, reviewed quarterly".into(),
                    finding: finding(
                        "PIM001",
                        "standing-active-privileged-assignment",
                        Severity::High,
                        "pim",
                        "bg1",
                    ),
                },
                Suppressed {
                    by: SuppressedBy::Baseline,
                    reason: "in baseline govlint.baseline.json".into(),
                    finding: finding(
                        "PIM006",
                        "pim-activation-too-long",
                        Severity::Medium,
                        "pim",
                        "p1",
                    ),
                },
            ],
            waivers: vec![
                WaiverReport {
                    rule: "PIM001".into(),
                    object: "bg1".into(),
                    reason: "break-glass account, reviewed quarterly".into(),
                    expires: "2027-03-31".into(),
                    status: WaiverStatus::Active,
                    matched: 1,
                    source: "govlint.toml:12".into(),
                },
                WaiverReport {
                    rule: "EXT001".into(),
                    object: "g*".into(),
                    reason: "project guests".into(),
                    expires: "2026-01-01".into(),
                    status: WaiverStatus::Expired,
                    matched: 1,
                    source: "govlint.toml:18".into(),
                },
                WaiverReport {
                    rule: "PRV002".into(),
                    object: "nobody".into(),
                    reason: "old".into(),
                    expires: "2027-01-01".into(),
                    status: WaiverStatus::Stale,
                    matched: 0,
                    source: "govlint.toml:24".into(),
                },
            ],
            baseline: Some(BaselineReport {
                path: "govlint.baseline.json".into(),
                entries: 3,
                matched: 1,
                fixed: 2,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in [
            Format::Human,
            Format::Full,
            Format::Json,
            Format::Sarif,
            Format::Junit,
            Format::Github,
            Format::Markdown,
        ] {
            assert_eq!(Format::parse(f.name()), Some(f));
            use clap::ValueEnum;
            assert_eq!(f.to_possible_value().expect("visible").get_name(), f.name());
        }
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn output_args_and_plan() {
        let o = |s: &str| parse_output(s).expect(s);
        assert_eq!(o("sarif=a.sarif").format, Some(Format::Sarif));
        assert_eq!(o("JUnit=j.xml").format, Some(Format::Junit));
        let plain = o("out=1.txt");
        assert_eq!(
            (plain.format, plain.path.to_str()),
            (None, Some("out=1.txt"))
        );
        assert!(parse_output("sarif=").is_err());
        // Windows paths: a drive letter's `:` and backslashes are part of the file name.
        let win = o(r"sarif=C:\out dir\g.sarif");
        assert_eq!(
            (win.format, win.path.to_str()),
            (Some(Format::Sarif), Some(r"C:\out dir\g.sarif"))
        );
        let bare = o(r"D:\reports\f.json");
        assert_eq!(
            (bare.format, bare.path.to_str()),
            (None, Some(r"D:\reports\f.json"))
        );
        let p = plan(Format::Human, &[o("sarif=a"), o("junit=b")]).expect("plan");
        assert_eq!(
            p,
            [
                (Format::Sarif, Some("a".into())),
                (Format::Junit, Some("b".into())),
                (Format::Human, None)
            ]
        );
        let p = plan(Format::Json, &[o("r.json"), o("github=g")]).expect("plan");
        assert_eq!(p.last(), Some(&(Format::Json, Some("r.json".into()))));
        assert!(plan(Format::Json, &[o("a"), o("b")]).is_err());
        assert!(plan(Format::Json, &[o("sarif=a"), o("junit=a")]).is_err());
    }

    #[test]
    fn rule_rows_cover_context_and_result() {
        let metas = fixtures::rules();
        let refs: Vec<&RuleMeta> = metas.iter().collect();
        let ctx = Context {
            rules: &refs[..2],
            snapshot_path: "s.json",
        };
        let rows = rule_rows(&fixtures::result(), &ctx);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["EXT001", "PIM001", "PIM006", "PRV004", "PRV005"]);
        assert_eq!(rows[3].area, "prv");
    }
}
