//! The default terminal view: one line per finding, a footer that says what was not judged and
//! what the exit code means, and (on request) the fixes, the per-rule statistics, or only the
//! summary line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{fix_lines, header, sections, Styles};
use crate::finding::{Finding, LintResult, Severity};

/// What the concise report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One line per finding, then the footer.
    Findings,
    /// Counts per rule (`--statistics`), then the footer.
    Statistics,
    /// Only the summary line (`--quiet`).
    Quiet,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    /// Terminal columns to cut each finding's line to; `None` leaves lines whole.
    pub width: Option<usize>,
    /// Add each finding's fix, Graph requests, diff and fingerprint under its line.
    pub show_fixes: bool,
    /// The `--fail-on` severity, so the footer can say what the exit code means.
    pub fail_on: Severity,
    pub view: View,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            color: false,
            width: None,
            show_fixes: false,
            fail_on: Severity::Low,
            view: View::Findings,
        }
    }
}

/// Narrower than this, a cut message says nothing; the line overflows instead.
const MIN_MESSAGE: usize = 20;
/// The widest the object column gets, so the message keeps room: a quarter of the line,
/// between these bounds.
const MAX_OBJECT: usize = 32;
const MIN_OBJECT: usize = 12;

fn object_cap(width: Option<usize>) -> usize {
    width.map_or(MAX_OBJECT, |w| (w / 4).clamp(MIN_OBJECT, MAX_OBJECT))
}

pub fn render(r: &LintResult, o: &Options) -> String {
    let st = Styles { on: o.color };
    let mut out = String::new();
    if o.view == View::Quiet {
        out.push_str(&crate::report::summary_line(r));
        out.push('\n');
        return out;
    }
    header(&mut out, &st, r);
    match o.view {
        View::Statistics => statistics(&mut out, r),
        _ => findings(&mut out, &st, r, o),
    }
    sections(&mut out, &st, r);
    if o.view == View::Findings && !r.findings.is_empty() {
        by_rule(&mut out, r, o.width);
    }
    let _ = writeln!(out, "{}", st.bold(&crate::report::summary_line(r)));
    let _ = writeln!(out, "{}", exit_meaning(r, o.fail_on));
    if o.view == View::Findings && !o.show_fixes && !r.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            st.dim("details: --show-fixes adds each fix; `govlint explain SNAPSHOT CODE OBJECT` prints one finding in full")
        );
    }
    out
}

fn findings(out: &mut String, st: &Styles, r: &LintResult, o: &Options) {
    // One pass into (severity, area) groups, so a large tenant is not rescanned per group.
    let mut groups: BTreeMap<(std::cmp::Reverse<Severity>, &str), Vec<&Finding>> = BTreeMap::new();
    for f in &r.findings {
        groups
            .entry((std::cmp::Reverse(f.severity), f.area.as_str()))
            .or_default()
            .push(f);
    }
    // One object column for the whole report, as wide as its widest (cut) name.
    let object_w = r
        .findings
        .iter()
        .map(|f| object_name(f, o.width).width())
        .max()
        .unwrap_or(0)
        .min(object_cap(o.width));
    let mut current: Option<Severity> = None;
    for ((std::cmp::Reverse(sev), area), list) in &groups {
        if current != Some(*sev) {
            let n = r.summary.by_severity.get(sev).copied().unwrap_or(0);
            let _ = writeln!(out, "{} ({n})", st.severity(*sev));
            current = Some(*sev);
        }
        let _ = writeln!(out, "  {}", st.bold(&format!("[{area}]")));
        for f in list {
            line(out, st, f, o.width, object_w);
            if o.show_fixes {
                fix_lines(out, st, f);
                out.push('\n');
            }
        }
    }
    if !groups.is_empty() && !o.show_fixes {
        out.push('\n');
    }
}

/// `    high     PIM001  Ava Admin  Ava Admin holds Global Administrator as a standing…`
fn line(out: &mut String, st: &Styles, f: &Finding, width: Option<usize>, object_w: usize) {
    let sev = format!("{:<8}", f.severity.as_str());
    let mut object = object_name(f, width);
    object.push_str(&" ".repeat(object_w.saturating_sub(object.width())));
    let code = format!("{:<7}", f.rule);
    let prefix_cols = 4 + sev.width() + 1 + code.width() + 1 + object.width() + 2;
    let first = f.message.lines().next().unwrap_or("");
    let message = match width {
        Some(w) => cut(first, w.saturating_sub(prefix_cols).max(MIN_MESSAGE)),
        None => first.to_string(),
    };
    let _ = writeln!(
        out,
        "    {} {} {}  {}",
        st.severity_padded(f.severity, &sev),
        st.bold(&code),
        object,
        message
    );
}

/// The object's display name (its id when it has none), cut when lines are cut.
fn object_name(f: &Finding, width: Option<usize>) -> String {
    let name = match &f.object.display_name {
        Some(n) if !n.is_empty() => n.as_str(),
        _ => f.object.id.as_str(),
    };
    match width {
        Some(_) => cut(name, object_cap(width)),
        None => name.to_string(),
    }
}

/// `text` cut to `cols` terminal columns, ending in `…` when cut.
fn cut(text: &str, cols: usize) -> String {
    if text.width() <= cols {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > cols {
            break;
        }
        used += w;
        kept.push(c);
    }
    kept.push('…');
    kept
}

/// Findings per rule: count, code, name, severity, most first (ruff's `--statistics`).
fn statistics(out: &mut String, r: &LintResult) {
    let rows = per_rule(r);
    if rows.is_empty() {
        return;
    }
    let name_w = rows.iter().map(|x| x.name.width()).max().unwrap_or(0);
    let count_w = rows
        .iter()
        .map(|x| x.count.to_string().len())
        .max()
        .unwrap_or(1)
        .max(5);
    let _ = writeln!(
        out,
        "{:>count_w$}  {:<7} {:<name_w$}  severity",
        "count", "code", "name"
    );
    for x in &rows {
        let _ = writeln!(
            out,
            "{:>count_w$}  {:<7} {:<name_w$}  {}",
            x.count, x.code, x.name, x.severity
        );
    }
    out.push('\n');
}

struct RuleCount<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    count: usize,
}

/// Findings per rule, most first, then by code.
fn per_rule(r: &LintResult) -> Vec<RuleCount<'_>> {
    let mut by: BTreeMap<&str, RuleCount<'_>> = BTreeMap::new();
    for f in &r.findings {
        by.entry(f.rule.as_str())
            .or_insert(RuleCount {
                code: &f.rule,
                name: &f.name,
                severity: f.severity,
                count: 0,
            })
            .count += 1;
    }
    let mut rows: Vec<RuleCount<'_>> = by.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// `by rule: 12 PIM001 · 3 PRV002 · …`, wrapped to the width (80 columns when lines are not
/// cut, so a log stays readable).
fn by_rule(out: &mut String, r: &LintResult, width: Option<usize>) {
    let width = width.unwrap_or(80);
    let items: Vec<String> = per_rule(r)
        .iter()
        .map(|x| format!("{} {}", x.count, x.code))
        .collect();
    let mut line = String::from("by rule:");
    for (i, item) in items.iter().enumerate() {
        let sep = if i == 0 { " " } else { " · " };
        if line.width() + sep.width() + item.width() > width && i > 0 {
            let _ = writeln!(out, "{}", line.trim_end_matches(' '));
            line = format!("         {item}");
        } else {
            line.push_str(sep);
            line.push_str(item);
        }
    }
    let _ = writeln!(out, "{line}");
}

/// What the exit code of this run will be, and why.
fn exit_meaning(r: &LintResult, fail_on: Severity) -> String {
    match r.exit_code(fail_on) {
        crate::exit::INCOMPLETE => format!(
            "exit 3: incomplete ({} not evaluated, {} errored): this is not a pass",
            crate::report::plural(r.not_evaluated.len(), "rule"),
            r.errors.len()
        ),
        crate::exit::FINDINGS => {
            let n = r.findings.iter().filter(|f| f.severity >= fail_on).count();
            format!(
                "exit 1: {} at or above --fail-on {fail_on}",
                crate::report::plural(n, "finding")
            )
        }
        _ => format!("exit 0: every rule evaluated, no finding at or above --fail-on {fail_on}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_a_cut() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("abcdefghij", 10), "abcdefghij");
        assert_eq!(cut("abcdefghijk", 10), "abcdefghi…");
        assert_eq!(cut("ＡＢＣＤ", 5), "ＡＢ…");
    }
}
