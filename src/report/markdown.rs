//! `--format markdown`: a report for job summaries (`$GITHUB_STEP_SUMMARY`, Azure DevOps
//! `##vso[task.uploadsummary]`) and PR/MR comments.
//!
//! Layout: a header line; a loud "incomplete" callout when rules were not evaluated or errored;
//! the summary table (areas × severities); the not-evaluated and error tables; the findings,
//! each with its object, related objects and fix (requests in code blocks, the diff in a
//! ```` ```diff ```` block); then waivers, suppressed findings and the baseline.
//!
//! GitHub refuses a step summary above 1 MiB, so once the findings pass a byte budget the rest
//! are listed one line each (and, past a hard cap, only counted): every finding stays
//! accounted for, and the JSON/SARIF reports carry them in full.

use std::fmt::Write as _;

use crate::finding::{
    Finding, LintResult, ObjectRef, Severity, SuppressedBy, WaiverReport, WaiverStatus,
};

use super::{plural, rule_rows, summary_line, Context};
use crate::markup::{code, fence, markdown, markdown_cell};

/// The first line of every Markdown report (an HTML comment: invisible when rendered).
pub const MARKER: &str = "<!-- govlint-report -->";

/// Findings are shown in full while the report is below this many bytes…
const DETAILED_BUDGET: usize = 600 * 1024;
/// …then one line each while below this, then only counted (GitHub's limit is 1024 KiB).
const COMPACT_BUDGET: usize = 900 * 1024;

pub fn render(r: &LintResult, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    let tenant = r
        .snapshot
        .tenant_name
        .as_deref()
        .unwrap_or(&r.snapshot.tenant_id);
    // An invisible marker, so a bot can find and update its earlier PR comment.
    let _ = writeln!(out, "{MARKER}\n## govlint report\n");
    let _ = writeln!(
        out,
        "Tenant **{}** ({}) · snapshot {} fetched {} · now {} · govlint {}\n",
        markdown(tenant),
        code(&r.snapshot.tenant_id),
        code(ctx.snapshot_path),
        markdown(&r.snapshot.fetched_at),
        markdown(&r.now),
        markdown(&r.tool.version),
    );

    let incomplete = !r.not_evaluated.is_empty() || !r.errors.is_empty();
    if incomplete {
        let mut parts = Vec::new();
        if !r.not_evaluated.is_empty() {
            parts.push(format!(
                "{} not evaluated",
                plural(r.not_evaluated.len(), "rule")
            ));
        }
        if !r.errors.is_empty() {
            parts.push(format!("{} errored", plural(r.errors.len(), "rule")));
        }
        let _ = writeln!(
            out,
            "> [!CAUTION]\n> **Incomplete: {}.** The tenant was not fully checked: this is not a pass.\n",
            parts.join(", ")
        );
    }

    // Summary: areas × severities.
    let _ = writeln!(out, "### Summary\n");
    let _ = writeln!(out, "{}\n", markdown(&summary_line(r)));
    let areas: std::collections::BTreeSet<String> = rule_rows(r, ctx)
        .into_iter()
        .map(|row| row.area)
        .chain(r.findings.iter().map(|f| f.area.clone()))
        .collect();
    out.push_str("| Area |");
    for sev in Severity::ALL {
        let _ = write!(out, " {} |", title_case(sev.as_str()));
    }
    out.push_str(" Total |\n|:--|");
    for _ in Severity::ALL {
        out.push_str("--:|");
    }
    out.push_str("--:|\n");
    for area in &areas {
        let _ = write!(out, "| {} |", markdown_cell(area));
        let mut total = 0;
        for sev in Severity::ALL {
            let n = r
                .findings
                .iter()
                .filter(|f| f.area == *area && f.severity == sev)
                .count();
            total += n;
            let _ = write!(out, " {n} |");
        }
        let _ = writeln!(out, " {total} |");
    }
    out.push_str("| **Total** |");
    for sev in Severity::ALL {
        let n = r.findings.iter().filter(|f| f.severity == sev).count();
        let _ = write!(out, " **{n}** |");
    }
    let _ = writeln!(out, " **{}** |\n", r.findings.len());

    let not_evaluated: Vec<[&str; 3]> = r
        .not_evaluated
        .iter()
        .map(|n| [n.rule.as_str(), n.name.as_str(), n.reason.as_str()])
        .collect();
    failing_section(
        &mut out,
        ":warning: Not evaluated",
        "These rules did not run because the snapshot is missing data they read.",
        "Reason",
        &not_evaluated,
    );
    let errors: Vec<[&str; 3]> = r
        .errors
        .iter()
        .map(|e| [e.rule.as_str(), e.name.as_str(), e.error.as_str()])
        .collect();
    failing_section(
        &mut out,
        ":x: Rule errors",
        "These rules failed while evaluating.",
        "Error",
        &errors,
    );

    if !r.findings.is_empty() {
        let _ = writeln!(out, "### Findings ({})\n", r.findings.len());
        let mut compact_header = false;
        let mut uncounted = 0usize;
        for f in &r.findings {
            if out.len() < DETAILED_BUDGET {
                finding(&mut out, f);
            } else if out.len() < COMPACT_BUDGET {
                if !compact_header {
                    out.push_str("The report is long: the remaining findings are listed without their fix (see the JSON or SARIF report).\n\n");
                    out.push_str("| Severity | Rule | Object | Message |\n|:--|:--|:--|:--|\n");
                    compact_header = true;
                }
                let _ = writeln!(
                    out,
                    "| {} | {} {} | {} | {} |",
                    f.severity,
                    markdown_cell(&f.rule),
                    markdown_cell(&f.name),
                    markdown_cell(&object_text(&f.object)),
                    markdown_cell(&f.message)
                );
            } else {
                uncounted += 1;
            }
        }
        if uncounted > 0 {
            let _ = writeln!(
                out,
                "\n… and {} more not shown here (see the JSON or SARIF report).",
                plural(uncounted, "finding")
            );
        }
        out.push('\n');
    }

    if !r.skipped.is_empty() {
        let _ = writeln!(
            out,
            "### Skipped objects ({})\n\nObjects these rules deliberately did not judge (e.g. declared emergency-access accounts).\n",
            r.skipped.len()
        );
        out.push_str("| Rule | Object | Reason |\n|:--|:--|:--|\n");
        for s in &r.skipped {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                markdown_cell(&s.rule),
                markdown_cell(&s.name),
                markdown_cell(&object_text(&s.object)),
                markdown_cell(&s.reason)
            );
        }
        out.push('\n');
    }

    waivers_and_baseline(&mut out, r);
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}

/// A table of rules that did not pass for a reason other than a finding: they must stand out,
/// since a reader skimming for findings would otherwise take them as clean.
fn failing_section(out: &mut String, title: &str, why: &str, column: &str, rows: &[[&str; 3]]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### {title} ({})\n\n{why} They are **not** passing.\n",
        rows.len()
    );
    let _ = writeln!(out, "| Rule | Name | {column} |\n|:--|:--|:--|");
    for [rule, name, detail] in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            markdown_cell(rule),
            markdown_cell(name),
            markdown_cell(detail)
        );
    }
    out.push('\n');
}

fn finding(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "#### {} {} · {} · {}\n",
        markdown(&f.rule),
        markdown(&f.name),
        f.severity,
        markdown(&f.area)
    );
    out.push_str(&finding_body(f));
}

/// The message, the objects and the fix of one finding (also SARIF's `message.markdown`).
pub(crate) fn finding_body(f: &Finding) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", markdown(&f.message));
    let _ = writeln!(out, "- **Object:** {}", object_md(&f.object));
    for rel in &f.related {
        let _ = writeln!(out, "- **Related:** {}", object_md(rel));
    }
    let _ = writeln!(out, "- **Fingerprint:** {}\n", code(&f.fingerprint));
    let _ = writeln!(out, "**Fix:** {}\n", markdown(&f.remediation.summary));
    for req in &f.remediation.requests {
        let mut text = format!("{} {}", req.method, req.url);
        if let Some(body) = &req.body {
            text.push_str("\nContent-Type: application/json\n\n");
            text.push_str(&serde_json::to_string_pretty(body).unwrap_or_default());
        }
        out.push_str(&fence("http", &text));
        out.push('\n');
    }
    if !f.remediation.diff.trim().is_empty() {
        out.push_str(&fence("diff", &f.remediation.diff));
        out.push('\n');
    }
    out
}

fn waivers_and_baseline(out: &mut String, r: &LintResult) {
    let waived: Vec<_> = r
        .suppressed
        .iter()
        .filter(|s| s.by == SuppressedBy::Waiver)
        .collect();
    let baselined: Vec<_> = r
        .suppressed
        .iter()
        .filter(|s| s.by == SuppressedBy::Baseline)
        .collect();
    if r.waivers.is_empty() && r.suppressed.is_empty() && r.baseline.is_none() {
        return;
    }
    let _ = writeln!(out, "### Waivers and baseline\n");
    let expired: Vec<&WaiverReport> = r
        .waivers
        .iter()
        .filter(|w| w.status == WaiverStatus::Expired)
        .collect();
    let stale: Vec<&WaiverReport> = r
        .waivers
        .iter()
        .filter(|w| w.status == WaiverStatus::Stale)
        .collect();
    if !expired.is_empty() || !stale.is_empty() {
        let mut parts = Vec::new();
        if !expired.is_empty() {
            parts.push(format!(
                "{} expired (they waive nothing)",
                plural(expired.len(), "waiver")
            ));
        }
        if !stale.is_empty() {
            parts.push(format!(
                "{} stale (they match nothing)",
                plural(stale.len(), "waiver")
            ));
        }
        let _ = writeln!(out, "> [!WARNING]\n> {}.\n", parts.join("; "));
    }
    if !r.waivers.is_empty() {
        out.push_str("| Status | Rule | Object | Expires | Matched | Reason | Source |\n|:--|:--|:--|:--|--:|:--|:--|\n");
        for w in &r.waivers {
            let status = match w.status {
                WaiverStatus::Active => "active",
                WaiverStatus::Expired => "**expired**",
                WaiverStatus::Stale => "**stale**",
            };
            let _ = writeln!(
                out,
                "| {status} | {} | {} | {} | {} | {} | {} |",
                markdown_cell(&w.rule),
                code(&w.object),
                markdown_cell(&w.expires),
                w.matched,
                markdown_cell(&w.reason),
                markdown_cell(&w.source)
            );
        }
        out.push('\n');
    }
    for (label, list) in [("Waived", &waived), ("Baselined", &baselined)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{label} findings ({}), not failing the run:\n",
            list.len()
        );
        out.push_str(
            "| Severity | Rule | Object | Reason | Fingerprint |\n|:--|:--|:--|:--|:--|\n",
        );
        for s in list.iter() {
            let f = &s.finding;
            let _ = writeln!(
                out,
                "| {} | {} {} | {} | {} | {} |",
                f.severity,
                markdown_cell(&f.rule),
                markdown_cell(&f.name),
                markdown_cell(&object_text(&f.object)),
                markdown_cell(&s.reason),
                code(&f.fingerprint)
            );
        }
        out.push('\n');
    }
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            out,
            "Baseline {}: {} · {} matched (suppressed) · {} fixed since it was taken.\n",
            code(&b.path),
            plural(b.entries, "entry").replace("entrys", "entries"),
            b.matched,
            b.fixed
        );
    }
}

fn object_text(o: &ObjectRef) -> String {
    format!("{} {}", o.collection, o.label())
}

fn object_md(o: &ObjectRef) -> String {
    match &o.display_name {
        Some(n) if !n.is_empty() => {
            format!(
                "{} {} ({})",
                markdown(&o.collection),
                markdown(n),
                code(&o.id)
            )
        }
        _ => format!("{} {}", markdown(&o.collection), code(&o.id)),
    }
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render_fixture() -> String {
        fixtures::render_with(render)
    }

    #[test]
    fn summary_table_counts_areas_and_severities() {
        let md = render_fixture();
        assert!(md.contains("| Area | Critical | High | Medium | Low | Info | Total |"));
        assert!(md.contains("| pim | 0 | 2 | 0 | 0 | 0 | 2 |"), "{md}");
        assert!(md.contains("| ext | 0 | 0 | 0 | 1 | 0 | 1 |"), "{md}");
        assert!(md.contains("| prv | 0 | 0 | 0 | 0 | 0 | 0 |"), "{md}");
        assert!(md.contains("| **Total** | **0** | **2** | **0** | **1** | **0** | **3** |"));
    }

    #[test]
    fn incomplete_runs_are_loud_and_come_before_findings() {
        let md = render_fixture();
        let caution = md.find("[!CAUTION]").expect("callout");
        let ne = md.find("### :warning: Not evaluated (1)").expect("section");
        let errs = md.find("### :x: Rule errors (1)").expect("section");
        let findings = md.find("### Findings (3)").expect("findings");
        assert!(caution < ne && ne < errs && errs < findings);
        assert!(md.contains("| PRV004 | privileged-risky-user | riskyUsers unavailable"));
    }

    #[test]
    fn fixes_are_code_blocks_and_text_is_escaped() {
        let md = render_fixture();
        assert!(
            md.contains("User u1 holds 100% of \\| &lt;b&gt;roles&lt;/b&gt;,\nsecond line"),
            "{md}"
        );
        // The request body holds ``` so the fence grows to four backticks.
        assert!(
            md.contains("````http\nPOST https://graph.microsoft.com/"),
            "{md}"
        );
        assert!(md.contains("```diff\n--- before\n+++ after\n"));
        assert!(md.contains("| **expired** | EXT001 | `g*` |"));
        assert!(md.contains("Waived findings (1)"));
        assert!(md.contains("Baselined findings (1)"));
        assert!(md.contains("3 entries · 1 matched (suppressed) · 2 fixed"));
        assert!(md.contains("| PIM001 standing-active-privileged-assignment | users Break Glass 2 (bg2) | emergency-access account |"));
    }

    #[test]
    fn stays_under_githubs_step_summary_limit() {
        let mut r = fixtures::result();
        let template = r.findings[0].clone();
        r.findings = (0..6000)
            .map(|i| {
                let mut f = template.clone();
                f.object.id = format!("u{i}");
                f.remediation.diff = "-x\n+y\n".repeat(40);
                f
            })
            .collect();
        let ctx = Context {
            rules: &[],
            snapshot_path: "s.json",
        };
        let md = render(&r, &ctx);
        assert!(md.len() < 1024 * 1024, "{} bytes", md.len());
        assert!(md.contains("the remaining findings are listed without their fix"));
        assert!(md.contains("more not shown here"));
        assert!(md.contains("### Findings (6000)"));
    }

    #[test]
    fn is_deterministic() {
        assert_eq!(render_fixture(), render_fixture());
    }
}
