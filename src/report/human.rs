//! Human output. The default is concise: one line per finding, grouped by severity then area,
//! and a footer that says what was not judged and what the exit code means (ruff and clippy
//! style: a tenant's findings read in one screen). `--show-fixes` adds each fix under its line;
//! `--format full` is the long layout ([`render_full`]): every finding with its fix, requests
//! and diff.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::finding::{Finding, LintResult, Severity, WaiverStatus};

mod concise;
#[cfg(test)]
mod snapshot_tests;
pub use concise::{render, Options, View};

struct Styles {
    on: bool,
}

impl Styles {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        self.severity_padded(s, s.as_str())
    }
    /// `text` (the severity, padded to a column) in the severity's colour.
    fn severity_padded(&self, s: Severity, text: &str) -> String {
        let color = match s {
            Severity::Critical => AnsiColor::Magenta,
            Severity::High => AnsiColor::Red,
            Severity::Medium => AnsiColor::Yellow,
            Severity::Low => AnsiColor::Cyan,
            Severity::Info => AnsiColor::White,
        };
        self.paint(Style::new().fg_color(Some(color.into())).bold(), text)
    }
    fn bold(&self, t: &str) -> String {
        self.paint(Style::new().bold(), t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint(Style::new().dimmed(), t)
    }
    fn diff_line(&self, line: &str) -> String {
        let color = if line.starts_with("+++") || line.starts_with("---") {
            return self.bold(line);
        } else if line.starts_with('+') {
            AnsiColor::Green
        } else if line.starts_with('-') {
            AnsiColor::Red
        } else if line.starts_with("@@") {
            AnsiColor::Cyan
        } else {
            return line.to_string();
        };
        self.paint(Style::new().fg_color(Some(color.into())), line)
    }
}

/// The long layout (`--format full`): every finding with the object, related objects, fix,
/// Graph requests, diff and fingerprint.
pub fn render_full(r: &LintResult, color: bool) -> String {
    let st = Styles { on: color };
    let mut out = String::new();
    header(&mut out, &st, r);
    for sev in Severity::ALL {
        let of_sev: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if of_sev.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} ({})", st.severity(sev), of_sev.len());
        let mut areas: Vec<&str> = of_sev.iter().map(|f| f.area.as_str()).collect();
        areas.dedup();
        areas.sort_unstable();
        areas.dedup();
        for area in areas {
            let _ = writeln!(out, "  {}", st.bold(&format!("[{area}]")));
            for f in of_sev.iter().filter(|f| f.area == area) {
                finding_block(&mut out, &st, f);
            }
        }
    }
    sections(&mut out, &st, r);
    out.push_str(&super::summary_line(r));
    out.push('\n');
    out
}

/// `govlint 0.1.0 · tenant Contoso (…) · fetched … · now …` and a blank line.
fn header(out: &mut String, st: &Styles, r: &LintResult) {
    let tenant = r
        .snapshot
        .tenant_name
        .as_deref()
        .unwrap_or(&r.snapshot.tenant_id);
    let _ = writeln!(
        out,
        "{} {} · tenant {} ({}) · fetched {} · now {}\n",
        st.bold("govlint"),
        r.tool.version,
        tenant,
        r.snapshot.tenant_id,
        r.snapshot.fetched_at,
        r.now
    );
}

/// What was not judged or needs attention besides the findings: rules not evaluated, objects
/// skipped by design, expired or stale waivers, the baseline, rule errors.
fn sections(out: &mut String, st: &Styles, r: &LintResult) {
    if !r.not_evaluated.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            st.paint(
                Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
                "not evaluated (the tenant was not fully read: this is not a pass)"
            )
        );
        for n in &r.not_evaluated {
            let _ = writeln!(out, "  {} {}: {}", st.bold(&n.rule), n.name, n.reason);
        }
        out.push('\n');
    }
    if !r.skipped.is_empty() {
        let _ = writeln!(out, "{}", st.bold("skipped (not judged, by design)"));
        for k in &r.skipped {
            let _ = writeln!(
                out,
                "  {} {} {}: {}",
                st.bold(&k.rule),
                k.object.collection,
                k.object.label(),
                k.reason
            );
        }
        out.push('\n');
    }
    let loud = Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold();
    for w in &r.waivers {
        let what = match w.status {
            WaiverStatus::Active => continue,
            WaiverStatus::Expired => format!("expired on {}: it waives nothing; renew it with a new date or fix the findings ({} matched)", w.expires, w.matched),
            WaiverStatus::Stale => "matches no finding: remove it, or correct its rule or object".to_string(),
        };
        let _ = writeln!(
            out,
            "{} waiver {} {} ({}): {what}",
            st.paint(loud, "warning:"),
            w.rule,
            w.object,
            w.source
        );
    }
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            out,
            "baseline {}: {} of {} entries still found, {} fixed since",
            b.path, b.matched, b.entries, b.fixed
        );
    }
    if !r.errors.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            st.paint(
                Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
                "rule errors (these rules did not run to completion)"
            )
        );
        for e in &r.errors {
            let _ = writeln!(out, "  {} {}: {}", st.bold(&e.rule), e.name, e.error);
        }
        out.push('\n');
    }
}

/// One finding in full (the long layout's block, and `govlint explain`).
pub fn render_finding(f: &Finding, color: bool) -> String {
    let mut out = String::new();
    finding_block(&mut out, &Styles { on: color }, f);
    out
}

fn finding_block(out: &mut String, st: &Styles, f: &Finding) {
    let _ = writeln!(
        out,
        "    {} {} {}",
        st.bold(&f.rule),
        st.dim(&f.name),
        st.severity(f.severity)
    );
    let _ = writeln!(out, "      {}", f.message);
    let _ = writeln!(
        out,
        "      {} {} {}",
        st.dim("object:"),
        f.object.collection,
        f.object.label()
    );
    for r in &f.related {
        let _ = writeln!(
            out,
            "      {} {} {}",
            st.dim("related:"),
            r.collection,
            r.label()
        );
    }
    fix_lines(out, st, f);
    out.push('\n');
}

/// The fix summary, Graph requests, diff and fingerprint, indented under a finding.
fn fix_lines(out: &mut String, st: &Styles, f: &Finding) {
    let _ = writeln!(out, "      {} {}", st.dim("fix:"), f.remediation.summary);
    for req in &f.remediation.requests {
        let _ = writeln!(out, "        {} {}", st.bold(&req.method), req.url);
        if let Some(body) = &req.body {
            let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
            for line in pretty.lines() {
                let _ = writeln!(out, "          {line}");
            }
        }
    }
    for line in f.remediation.diff.lines() {
        let _ = writeln!(out, "        {}", st.diff_line(line));
    }
    let _ = writeln!(out, "      {} {}", st.dim("fingerprint:"), f.fingerprint);
}
