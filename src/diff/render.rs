//! The human and Markdown views of a [`Diff`] (JSON is its serialisation). Both list areas in
//! the table's order, objects by name, findings worst first: same diff, same bytes.

use std::fmt::Write as _;

use super::fields::short;
use super::{AreaDiff, AreaStatus, Changed, Diff, FindingRef, Item};
use crate::markup::{self, code, fence, markdown_cell};

/// Longest value shown inline for a changed field.
const VALUE_WIDTH: usize = 100;

/// Objects listed per area and per findings list in Markdown; the rest are counted. GitHub
/// refuses a job summary over 1 MiB, and a comment over 64 KiB.
const MD_ITEMS: usize = 50;
/// Longest unified diff printed in Markdown, in lines.
const MD_DIFF_LINES: usize = 60;

fn title(d: &Diff) -> String {
    let tenant = d
        .new
        .tenant_name
        .clone()
        .unwrap_or_else(|| d.new.tenant_id.clone());
    format!("{tenant}: {} → {}", d.old.fetched_at, d.new.fetched_at)
}

fn counts(a: &AreaDiff) -> String {
    let parts: Vec<String> = [a.added.len(), a.removed.len(), a.changed.len()]
        .iter()
        .zip(a.verbs)
        .filter(|(n, _)| **n > 0)
        .map(|(n, v)| format!("{n} {v}"))
        .collect();
    parts.join(", ")
}

fn severities(d: &Diff) -> String {
    let parts: Vec<String> = d
        .summary
        .new_by_severity
        .iter()
        .rev()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

pub fn summary_line(d: &Diff) -> String {
    let areas = d.areas.iter().filter(|a| a.count() > 0).count();
    let mut s = format!(
        "{} change{} in {areas} area{}; {} new finding{}{}, {} fixed",
        d.summary.changes,
        plural(d.summary.changes),
        plural(areas),
        d.summary.new_findings,
        plural(d.summary.new_findings),
        severities(d),
        d.summary.fixed_findings,
    );
    if !d.incomplete.is_empty() {
        s.push_str(&format!(
            "; INCOMPLETE: {} thing{} not compared",
            d.incomplete.len(),
            plural(d.incomplete.len())
        ));
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn field_line(c: &super::FieldChange) -> String {
    match (&c.before, &c.after) {
        (Some(b), Some(a)) => format!(
            "{}: {} → {}",
            c.path,
            short(b, VALUE_WIDTH),
            short(a, VALUE_WIDTH)
        ),
        (None, Some(a)) => format!("{}: added {}", c.path, short(a, VALUE_WIDTH)),
        (Some(b), None) => format!("{}: removed (was {})", c.path, short(b, VALUE_WIDTH)),
        (None, None) => c.path.clone(),
    }
}

fn finding_text(f: &FindingRef) -> String {
    let waived = f
        .waived
        .as_ref()
        .map_or(String::new(), |w| format!(" [waived: {w}]"));
    format!(
        "{:<8} {:<7} {}: {}{waived}",
        f.severity.as_str(),
        f.rule,
        f.object.label(),
        f.message
    )
}

pub fn human(d: &Diff) -> String {
    let mut out = format!("govlint diff  {}\n", title(d));
    let mut unchanged = Vec::new();
    let mut not_compared = Vec::new();
    for a in &d.areas {
        match a.status {
            AreaStatus::NotCompared => {
                not_compared.push(format!(
                    "{} ({})",
                    a.title,
                    a.reason.as_deref().unwrap_or("")
                ));
                continue;
            }
            AreaStatus::Incomplete => continue,
            AreaStatus::Compared if a.count() == 0 => {
                unchanged.push(a.title);
                continue;
            }
            AreaStatus::Compared => {}
        }
        let _ = writeln!(out, "\n{}: {}", a.title, counts(a));
        for i in &a.added {
            let _ = writeln!(out, "  + {}", i.name);
        }
        for i in &a.removed {
            let _ = writeln!(out, "  - {}", i.name);
        }
        for c in &a.changed {
            let _ = writeln!(out, "  ~ {}", changed_name(c));
            for f in &c.fields {
                let _ = writeln!(out, "      {}", field_line(f));
            }
            for l in c.diff.lines() {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
    let f = &d.findings;
    let _ = writeln!(
        out,
        "\nFindings: {} new, {} fixed",
        f.new.len(),
        f.fixed.len()
    );
    for x in &f.new {
        let _ = writeln!(out, "  new    {}", finding_text(x));
    }
    for x in &f.fixed {
        let _ = writeln!(out, "  fixed  {}", finding_text(x));
    }
    if !unchanged.is_empty() {
        let _ = writeln!(out, "\nNo change: {}.", unchanged.join(", "));
    }
    if !not_compared.is_empty() || !f.not_compared.is_empty() {
        let mut what = not_compared;
        if !f.not_compared.is_empty() {
            let rules: Vec<&str> = f.not_compared.iter().map(|n| n.rule.as_str()).collect();
            what.push(format!(
                "findings of {} (what they read is absent from both)",
                rules.join(", ")
            ));
        }
        let _ = writeln!(out, "Not compared: {}.", what.join("; "));
    }
    if !d.incomplete.is_empty() {
        let _ = writeln!(out, "\nINCOMPLETE: changes may be missing here (exit 3):");
        for i in &d.incomplete {
            let _ = writeln!(out, "  {i}");
        }
    }
    let _ = writeln!(out, "\n{}", summary_line(d));
    out
}

fn changed_name(c: &Changed) -> String {
    match &c.old_name {
        Some(o) => format!("{} (was {o})", c.name),
        None => c.name.clone(),
    }
}

fn md_items(out: &mut String, sign: &str, verb: &str, items: &[Item]) {
    for i in items.iter().take(MD_ITEMS) {
        let _ = writeln!(out, "- {sign} {verb}: {}", markup::markdown(&i.name));
    }
    if items.len() > MD_ITEMS {
        let _ = writeln!(
            out,
            "- … and {} more {verb} (`--format json` lists them all)",
            items.len() - MD_ITEMS
        );
    }
}

fn md_findings(out: &mut String, heading: &str, list: &[FindingRef]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n**{heading} ({})**\n\n| severity | rule | object | message |\n|---|---|---|---|",
        list.len()
    );
    for f in list.iter().take(MD_ITEMS) {
        let waived = f.waived.as_ref().map_or(String::new(), |w| {
            format!(" (waived: {})", markdown_cell(w))
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}{waived} |",
            f.severity.as_str(),
            code(&f.rule),
            markdown_cell(&f.object.label()),
            markdown_cell(&f.message)
        );
    }
    if list.len() > MD_ITEMS {
        let _ = writeln!(out, "\n… and {} more.", list.len() - MD_ITEMS);
    }
}

pub fn markdown(d: &Diff) -> String {
    let mut out = format!("## govlint drift — {}\n\n", markup::markdown(&title(d)));
    if !d.incomplete.is_empty() {
        let _ = writeln!(
            out,
            "> [!WARNING]\n> **Incomplete**: changes may be missing in what follows (exit 3).\n>"
        );
        for i in &d.incomplete {
            let _ = writeln!(out, "> - {}", markup::markdown(i));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "**{}**\n", markup::markdown(&summary_line(d)));
    let _ = writeln!(out, "| area | changes |\n|---|---|");
    for a in &d.areas {
        let what = match a.status {
            AreaStatus::Compared if a.count() == 0 => "no change".to_string(),
            AreaStatus::Compared => counts(a),
            AreaStatus::NotCompared => {
                format!("not compared: {}", a.reason.as_deref().unwrap_or(""))
            }
            AreaStatus::Incomplete => {
                format!("**incomplete**: {}", a.reason.as_deref().unwrap_or(""))
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} |",
            markdown_cell(a.title),
            markdown_cell(&what)
        );
    }
    for a in d.areas.iter().filter(|a| a.count() > 0) {
        let _ = writeln!(out, "\n### {} ({})\n", markup::markdown(a.title), counts(a));
        md_items(&mut out, "➕", a.verbs[0], &a.added);
        md_items(&mut out, "➖", a.verbs[1], &a.removed);
        for c in a.changed.iter().take(MD_ITEMS) {
            let _ = writeln!(
                out,
                "- ✏️ {}: {}",
                a.verbs[2],
                markup::markdown(&changed_name(c))
            );
            for f in &c.fields {
                let _ = writeln!(out, "  - {}", code(&field_line(f)));
            }
            let lines: Vec<&str> = c.diff.lines().collect();
            let mut body = lines
                .iter()
                .take(MD_DIFF_LINES)
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            if lines.len() > MD_DIFF_LINES {
                let _ = write!(body, "\n… {} more lines", lines.len() - MD_DIFF_LINES);
            }
            let block = fence("diff", &body);
            let _ = writeln!(
                out,
                "\n  <details><summary>diff</summary>\n\n{}\n  </details>\n",
                block
                    .lines()
                    .map(|l| format!("  {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        if a.changed.len() > MD_ITEMS {
            let _ = writeln!(out, "- … and {} more changed", a.changed.len() - MD_ITEMS);
        }
    }
    let f = &d.findings;
    let _ = writeln!(
        out,
        "\n### Findings ({} new, {} fixed)",
        f.new.len(),
        f.fixed.len()
    );
    md_findings(&mut out, "New", &f.new);
    md_findings(&mut out, "Fixed", &f.fixed);
    if !f.not_compared.is_empty() {
        let rules: Vec<String> = f.not_compared.iter().map(|n| code(&n.rule)).collect();
        let _ = writeln!(
            out,
            "\nNot compared (what they read is absent from both snapshots): {}.",
            rules.join(", ")
        );
    }
    out
}
