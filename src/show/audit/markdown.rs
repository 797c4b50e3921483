//! The audit report as Markdown: the same sections as the HTML page, charts as text bars.
//! Text from the snapshot is escaped so a display name cannot inject markup or break a table.

use std::fmt::Write;

use super::{area_label, Audit};
use crate::finding::{Finding, Severity};
use crate::markup::{fence, markdown_line};
use crate::show::render::flatten;
use crate::show::view::View;

fn bar(n: usize, max: usize) -> String {
    let w = if n == 0 {
        0
    } else {
        (n * 30 / max.max(1)).max(1)
    };
    "█".repeat(w)
}

fn view_md(v: &View, out: &mut String) {
    let _ = writeln!(out, "### {}\n", markdown_line(&v.title));
    for f in &v.fields {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            markdown_line(f.label),
            markdown_line(&f.value.plain())
        );
    }
    if !v.fields.is_empty() {
        out.push('\n');
    }
    for t in &v.tables {
        if v.tables.len() > 1 {
            let _ = writeln!(out, "#### {}\n", markdown_line(&t.title));
        }
        if t.rows.is_empty() {
            out.push_str("None.\n\n");
            continue;
        }
        let (headers, rows) = flatten(t);
        let _ = writeln!(
            out,
            "| {} |",
            headers
                .iter()
                .map(|h| markdown_line(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
        for r in rows {
            let _ = writeln!(
                out,
                "| {} |",
                r.iter()
                    .map(|c| markdown_line(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        out.push('\n');
    }
    let counts = v
        .counts
        .iter()
        .map(|c| format!("{} {}", c.n, c.label))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = writeln!(out, "_{}_\n", markdown_line(&counts));
    for reason in &v.incomplete {
        let _ = writeln!(out, "> **May be incomplete:** {}\n", markdown_line(reason));
    }
}

fn finding_md(f: &Finding, out: &mut String) {
    let _ = writeln!(
        out,
        "#### {} `{}` {}\n\n{}\n",
        f.severity.as_str().to_uppercase(),
        f.rule,
        markdown_line(&f.name),
        markdown_line(&f.message)
    );
    let _ = writeln!(
        out,
        "- **Object**: {} in `{}`",
        markdown_line(&f.object.label()),
        markdown_line(&f.object.collection)
    );
    if !f.related.is_empty() {
        let related = f
            .related
            .iter()
            .map(|r| markdown_line(&r.label()))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(out, "- **Related**: {related}");
    }
    let _ = writeln!(
        out,
        "- **Fix**: {}\n",
        markdown_line(&f.remediation.summary)
    );
    for r in &f.remediation.requests {
        let mut text = format!("{} {}", r.method, r.url);
        if let Some(b) = &r.body {
            text.push('\n');
            text.push_str(&serde_json::to_string_pretty(b).unwrap_or_default());
        }
        out.push_str(&fence("http", &text));
        out.push('\n');
    }
    if !f.remediation.diff.is_empty() {
        out.push_str(&fence("diff", &f.remediation.diff));
        out.push('\n');
    }
}

/// The whole report as Markdown.
pub fn markdown(a: &Audit) -> String {
    let r = &a.result;
    let mut out = String::new();
    let _ = writeln!(out, "# Identity governance audit report\n");
    let _ = writeln!(
        out,
        "- **Tenant**: {} ({})",
        markdown_line(&a.tenant),
        markdown_line(&a.tenant_id)
    );
    let _ = writeln!(
        out,
        "- **Snapshot fetched**: {}",
        markdown_line(&a.fetched_at)
    );
    let _ = writeln!(out, "- **Ages measured at**: {}", markdown_line(&a.now));
    let _ = writeln!(out, "- **Cloud**: {}", markdown_line(&a.cloud));
    let _ = writeln!(
        out,
        "- **Produced by**: govlint {}\n",
        markdown_line(&a.version)
    );

    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "{} findings · {} rules evaluated · {} not evaluated · {} waived\n",
        r.findings.len(),
        r.summary.rules_evaluated,
        r.not_evaluated.len() + r.errors.len(),
        r.suppressed.len()
    );
    let sev = a.by_severity();
    let max = sev.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let _ = writeln!(out, "Findings by severity:\n");
    let mut chart = String::new();
    for (s, n) in &sev {
        let _ = writeln!(chart, "{:<9}{:>4}  {}", s.as_str(), n, bar(*n, max));
    }
    out.push_str(&fence("text", &chart));
    let matrix = a.matrix();
    if !matrix.is_empty() {
        let _ = writeln!(out, "\nFindings by area and severity:\n");
        let mut header = String::from("| area |");
        for s in Severity::ALL {
            let _ = write!(header, " {s} |");
        }
        let _ = writeln!(out, "{header} total |");
        let _ = writeln!(out, "|---|{}---|", "---|".repeat(Severity::ALL.len()));
        for (area, m) in &matrix {
            let mut row = format!("| {} |", markdown_line(&area_label(area)));
            for s in Severity::ALL {
                let _ = write!(row, " {} |", m.get(&s).copied().unwrap_or(0));
            }
            let _ = writeln!(out, "{row} {} |", m.values().sum::<usize>());
        }
    }
    out.push('\n');

    let _ = writeln!(out, "## Completeness\n");
    let incomplete = a.incomplete_collections();
    if incomplete.is_empty() && r.not_evaluated.is_empty() && r.errors.is_empty() {
        let _ = writeln!(
            out,
            "All {} collections were read completely and every rule was evaluated.\n",
            a.collections.len()
        );
    } else {
        let _ = writeln!(
            out,
            "**{} of {} collections are not complete; {} rules were not evaluated and {} errored.** \
             A rule not evaluated is not clean.\n",
            incomplete.len(),
            a.collections.len(),
            r.not_evaluated.len(),
            r.errors.len()
        );
    }
    let _ = writeln!(
        out,
        "| collection | status | items | why not complete |\n|---|---|---|---|"
    );
    for c in &a.collections {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            markdown_line(&c.name),
            c.status,
            c.items,
            markdown_line(c.reason.as_deref().unwrap_or(""))
        );
    }
    out.push('\n');
    if !r.not_evaluated.is_empty() || !r.errors.is_empty() {
        let _ = writeln!(out, "Rules not evaluated:\n");
        for n in &r.not_evaluated {
            let _ = writeln!(
                out,
                "- `{}` {}: {}",
                n.rule,
                markdown_line(&n.name),
                markdown_line(&n.reason)
            );
        }
        for e in &r.errors {
            let _ = writeln!(
                out,
                "- `{}` {}: rule error: {}",
                e.rule,
                markdown_line(&e.name),
                markdown_line(&e.error)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Findings\n");
    if r.findings.is_empty() {
        let _ = writeln!(out, "No findings.\n");
    }
    for (area, fs) in a.by_area() {
        let _ = writeln!(
            out,
            "### {} ({})\n",
            markdown_line(&area_label(&area)),
            fs.len()
        );
        for f in fs {
            finding_md(f, &mut out);
        }
    }
    if !r.suppressed.is_empty() {
        let _ = writeln!(out, "### Waived\n");
        for s in &r.suppressed {
            let _ = writeln!(
                out,
                "- `{}` {}: {}",
                s.finding.rule,
                markdown_line(&s.finding.object.label()),
                markdown_line(&s.reason)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Identities\n");
    for v in &a.identities {
        view_md(v, &mut out);
    }

    let _ = writeln!(out, "## Inventory\n");
    for v in &a.inventory {
        view_md(v, &mut out);
    }
    out
}
