//! The audit report as Markdown: the same sections as the HTML page, charts as text bars.
//! Text from the snapshot is escaped so a display name cannot inject markup or break a table.

use std::fmt::Write;

use super::{area_label, Audit};
use crate::finding::{Finding, Severity};
use crate::show::render::flatten;
use crate::show::view::View;

/// Escapes inline Markdown (and the HTML that Markdown passes through); one line.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block whose fence no backtick run in `body` can close.
fn fenced(lang: &str, body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}\n", body.trim_end_matches('\n'))
}

fn bar(n: usize, max: usize) -> String {
    let w = if n == 0 {
        0
    } else {
        (n * 30 / max.max(1)).max(1)
    };
    "█".repeat(w)
}

fn view_md(v: &View, out: &mut String) {
    let _ = writeln!(out, "### {}\n", md(&v.title));
    for f in &v.fields {
        let _ = writeln!(out, "- **{}**: {}", md(f.label), md(&f.value.plain()));
    }
    if !v.fields.is_empty() {
        out.push('\n');
    }
    for t in &v.tables {
        if v.tables.len() > 1 {
            let _ = writeln!(out, "#### {}\n", md(&t.title));
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
                .map(|h| md(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
        for r in rows {
            let _ = writeln!(
                out,
                "| {} |",
                r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
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
    let _ = writeln!(out, "_{}_\n", md(&counts));
    for reason in &v.incomplete {
        let _ = writeln!(out, "> **May be incomplete:** {}\n", md(reason));
    }
}

fn finding_md(f: &Finding, out: &mut String) {
    let _ = writeln!(
        out,
        "#### {} `{}` {}\n\n{}\n",
        f.severity.as_str().to_uppercase(),
        f.rule,
        md(&f.name),
        md(&f.message)
    );
    let _ = writeln!(
        out,
        "- **Object**: {} in `{}`",
        md(&f.object.label()),
        md(&f.object.collection)
    );
    if !f.related.is_empty() {
        let related = f
            .related
            .iter()
            .map(|r| md(&r.label()))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(out, "- **Related**: {related}");
    }
    let _ = writeln!(out, "- **Fix**: {}\n", md(&f.remediation.summary));
    for r in &f.remediation.requests {
        let mut text = format!("{} {}", r.method, r.url);
        if let Some(b) = &r.body {
            text.push('\n');
            text.push_str(&serde_json::to_string_pretty(b).unwrap_or_default());
        }
        out.push_str(&fenced("http", &text));
        out.push('\n');
    }
    if !f.remediation.diff.is_empty() {
        out.push_str(&fenced("diff", &f.remediation.diff));
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
        md(&a.tenant),
        md(&a.tenant_id)
    );
    let _ = writeln!(out, "- **Snapshot fetched**: {}", md(&a.fetched_at));
    let _ = writeln!(out, "- **Ages measured at**: {}", md(&a.now));
    let _ = writeln!(out, "- **Cloud**: {}", md(&a.cloud));
    let _ = writeln!(out, "- **Produced by**: govlint {}\n", md(&a.version));

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
    out.push_str(&fenced("text", &chart));
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
            let mut row = format!("| {} |", md(&area_label(area)));
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
            md(&c.name),
            c.status,
            c.items,
            md(c.reason.as_deref().unwrap_or(""))
        );
    }
    out.push('\n');
    if !r.not_evaluated.is_empty() || !r.errors.is_empty() {
        let _ = writeln!(out, "Rules not evaluated:\n");
        for n in &r.not_evaluated {
            let _ = writeln!(out, "- `{}` {}: {}", n.rule, md(&n.name), md(&n.reason));
        }
        for e in &r.errors {
            let _ = writeln!(
                out,
                "- `{}` {}: rule error: {}",
                e.rule,
                md(&e.name),
                md(&e.error)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Findings\n");
    if r.findings.is_empty() {
        let _ = writeln!(out, "No findings.\n");
    }
    for (area, fs) in a.by_area() {
        let _ = writeln!(out, "### {} ({})\n", md(&area_label(&area)), fs.len());
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
                md(&s.finding.object.label()),
                md(&s.reason)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md_escapes_markup_and_table_pipes() {
        assert_eq!(md("<b>|x|</b>"), "&lt;b&gt;\\|x\\|&lt;/b&gt;");
        assert_eq!(md("a\nb"), "a b");
    }

    #[test]
    fn fences_outgrow_backticks_in_the_body() {
        let f = fenced("text", "a ```` b");
        assert!(f.starts_with("`````text\n"), "{f}");
    }
}
