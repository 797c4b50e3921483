//! The audit report as one self-contained HTML page: inline CSS and SVG, no script, no
//! external asset, and a Content-Security-Policy that would block either. Every string from
//! the snapshot or a rule is escaped.

use std::fmt::Write;

use super::{area_label, svg, Audit};
use crate::finding::{Finding, Severity};
use crate::markup::xml;
use crate::show::view::{Cell, Table, View};

/// An id attribute made of safe characters only.
fn anchor(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

const CSS: &str = "
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:1px solid var(--line);padding-bottom:6px;margin-top:36px}
h3{font-size:16px;margin:24px 0 8px}
.muted,.id{color:var(--muted)}.id{font:11px ui-monospace,SFMono-Regular,Menlo,monospace}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
nav ul{list-style:none;padding:0;display:flex;gap:18px;flex-wrap:wrap}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px;background:var(--soft)}
.card .n{font-size:24px;font-weight:600}.card .l{color:var(--muted);font-size:12px}
.charts{display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start}
figure{margin:8px 0}figcaption{font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0 4px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
tr.bad td{background:#fff4f4}
.ok{color:#1a7f37;font-weight:600}.warn{color:#c62828;font-weight:600}
.sev{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;font-weight:600}
.sev-critical{background:#6a1b9a}.sev-high{background:#c62828}.sev-medium{background:#e65100}
.sev-low{background:#9e7c00}.sev-info{background:#1565c0}
article.finding{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:8px 14px;margin:10px 0}
article.finding.critical{border-left-color:#6a1b9a}article.finding.high{border-left-color:#c62828}
article.finding.medium{border-left-color:#e65100}article.finding.low{border-left-color:#9e7c00}
article.finding.info{border-left-color:#1565c0}
article.finding header{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
article.finding p{margin:6px 0}
code,pre{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
pre.diff .add{color:#1a7f37;background:#e6ffec;display:block}pre.diff .del{color:#cf222e;background:#ffebe9;display:block}
pre.diff .hunk{color:#8250df;display:block}
details summary{cursor:pointer;font-weight:600}
ol.requests{padding-left:20px}
p.counts{color:var(--muted);margin:2px 0 14px}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media print{main{max-width:none}details{break-inside:avoid}}
";

fn cell_html(c: &Cell) -> String {
    match c {
        Cell::Ref(r) => format!(
            "{}<br><span class=\"id\">{}</span>",
            xml(r.name_or_marker()),
            xml(&r.id)
        ),
        Cell::Refs(rs) => rs
            .iter()
            .map(|r| {
                format!(
                    "{} <span class=\"id\">{}</span>",
                    xml(r.name_or_marker()),
                    xml(&r.id)
                )
            })
            .collect::<Vec<_>>()
            .join("<br>"),
        other => xml(&other.plain()),
    }
}

fn table_html(t: &Table, out: &mut String) {
    if t.rows.is_empty() {
        out.push_str("<p class=\"muted\">None.</p>");
        return;
    }
    let _ = write!(
        out,
        "<table class=\"inventory\" data-table=\"{}\"><thead><tr>",
        xml(t.key)
    );
    for c in &t.cols {
        let _ = write!(out, "<th>{}</th>", xml(c.header));
    }
    out.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", cell_html(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn view_html(v: &View, out: &mut String) {
    let _ = write!(out, "<h3>{}</h3>", xml(&v.title));
    if !v.fields.is_empty() {
        out.push_str("<dl class=\"meta\">");
        for f in &v.fields {
            let _ = write!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                xml(f.label),
                cell_html(&f.value)
            );
        }
        out.push_str("</dl>");
    }
    for t in &v.tables {
        if v.tables.len() > 1 {
            let _ = write!(out, "<h4>{}</h4>", xml(&t.title));
        }
        table_html(t, out);
    }
    let counts = v
        .counts
        .iter()
        .map(|c| format!("{} {}", c.n, xml(c.label)))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = write!(out, "<p class=\"counts\">{counts}</p>");
    for reason in &v.incomplete {
        let _ = write!(
            out,
            "<p class=\"warn\">May be incomplete: {}</p>",
            xml(reason)
        );
    }
}

fn diff_html(diff: &str) -> String {
    let mut out = String::from("<pre class=\"diff\">");
    for line in diff.lines() {
        let class = if line.starts_with("+++") || line.starts_with("---") {
            "hunk"
        } else if line.starts_with('+') {
            "add"
        } else if line.starts_with('-') {
            "del"
        } else if line.starts_with("@@") {
            "hunk"
        } else {
            ""
        };
        if class.is_empty() {
            let _ = writeln!(out, "{}", xml(line));
        } else {
            let _ = write!(out, "<span class=\"{class}\">{}</span>", xml(line));
        }
    }
    out.push_str("</pre>");
    out
}

fn finding_html(f: &Finding, out: &mut String) {
    let sev = f.severity.as_str();
    let _ = write!(
        out,
        "<article class=\"finding {sev}\" id=\"f-{}\" data-rule=\"{}\"><header>\
         <span class=\"sev sev-{sev}\">{sev}</span><code>{}</code><span>{}</span></header>\
         <p class=\"message\">{}</p><dl class=\"meta\"><dt>Object</dt><dd>{} \
         <span class=\"muted\">in {}</span></dd>",
        anchor(&f.fingerprint),
        xml(&f.rule),
        xml(&f.rule),
        xml(&f.name),
        xml(&f.message),
        xml(&f.object.label()),
        xml(&f.object.collection),
    );
    if !f.related.is_empty() {
        let related = f
            .related
            .iter()
            .map(|r| xml(&r.label()))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = write!(out, "<dt>Related</dt><dd>{related}</dd>");
    }
    out.push_str("</dl>");
    let rem = &f.remediation;
    let _ = write!(
        out,
        "<details class=\"fix\" open><summary>Fix: {}</summary>",
        xml(&rem.summary)
    );
    if !rem.requests.is_empty() {
        out.push_str("<ol class=\"requests\">");
        for r in &rem.requests {
            let _ = write!(out, "<li><code>{} {}</code>", xml(&r.method), xml(&r.url));
            if let Some(b) = &r.body {
                let body = serde_json::to_string_pretty(b).unwrap_or_default();
                let _ = write!(out, "<pre>{}</pre>", xml(&body));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    if !rem.diff.is_empty() {
        out.push_str(&diff_html(&rem.diff));
    }
    out.push_str("</details></article>");
}

fn card(out: &mut String, n: usize, label: &str, class: &str) {
    let _ = write!(
        out,
        "<div class=\"card {class}\"><div class=\"n\">{n}</div><div class=\"l\">{}</div></div>",
        xml(label)
    );
}

/// The whole report.
pub fn html(a: &Audit) -> String {
    let r = &a.result;
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"generator\" content=\"govlint {}\">\
         <title>Identity governance audit: {}</title><style>{CSS}</style></head><body><main>\n",
        xml(&a.version),
        xml(&a.tenant)
    );
    // Header.
    let _ = writeln!(
        out,
        "<header><h1>Identity governance audit report</h1>\
         <p>Tenant <strong id=\"tenant\">{}</strong> <span class=\"id\">{}</span></p>\
         <dl class=\"meta\"><dt>Snapshot fetched</dt><dd id=\"fetched-at\">{}</dd>\
         <dt>Ages measured at</dt><dd>{}</dd><dt>Cloud</dt><dd>{}</dd>\
         <dt>Produced by</dt><dd>govlint {}</dd></dl></header>",
        xml(&a.tenant),
        xml(&a.tenant_id),
        xml(&a.fetched_at),
        xml(&a.now),
        xml(&a.cloud),
        xml(&a.version)
    );
    out.push_str(
        "<nav><ul><li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#completeness\">Completeness</a></li>\
         <li><a href=\"#findings\">Findings</a></li>\
         <li><a href=\"#identities\">Identities</a></li>\
         <li><a href=\"#inventory\">Inventory</a></li></ul></nav>\n",
    );

    // Summary.
    out.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
    card(&mut out, r.findings.len(), "findings", "");
    for (sev, n) in a.by_severity() {
        if matches!(sev, Severity::Critical | Severity::High) || n > 0 {
            card(&mut out, n, sev.as_str(), &format!("sev-card-{sev}"));
        }
    }
    card(&mut out, r.summary.rules_evaluated, "rules evaluated", "");
    card(
        &mut out,
        r.not_evaluated.len() + r.errors.len(),
        "rules not evaluated",
        "",
    );
    card(&mut out, r.suppressed.len(), "waived", "");
    out.push_str("</div><div class=\"charts\"><figure>");
    out.push_str(&svg::severity_bars(&a.by_severity()));
    out.push_str("<figcaption class=\"muted\">Findings by severity</figcaption></figure><figure>");
    out.push_str(&svg::area_stacks(&a.matrix()));
    out.push_str(
        "<figcaption class=\"muted\">Findings by area and severity</figcaption></figure></div></section>\n",
    );

    // Completeness.
    out.push_str("<section id=\"completeness\"><h2>Completeness</h2>");
    let incomplete = a.incomplete_collections();
    if incomplete.is_empty() && r.not_evaluated.is_empty() && r.errors.is_empty() {
        let _ = write!(
            out,
            "<p class=\"ok\">All {} collections were read completely and every rule was evaluated.</p>",
            a.collections.len()
        );
    } else {
        let _ = write!(
            out,
            "<p class=\"warn\">{} of {} collections are not complete; {} rules were not evaluated \
             and {} errored. Findings below cover only what could be read: a rule not evaluated \
             is not clean.</p>",
            incomplete.len(),
            a.collections.len(),
            r.not_evaluated.len(),
            r.errors.len()
        );
    }
    let collections_table = |rows: &[&super::CollectionRow], id: &str| {
        let mut s = format!(
            "<table id=\"{id}\"><thead><tr><th>Collection</th><th>Status</th><th>Items</th>\
             <th>Why not complete</th></tr></thead><tbody>"
        );
        for c in rows {
            let _ = write!(
                s,
                "<tr{}><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if c.reason.is_some() {
                    " class=\"bad\""
                } else {
                    ""
                },
                xml(&c.name),
                xml(c.status),
                c.items,
                xml(c.reason.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</tbody></table>");
        s
    };
    if !incomplete.is_empty() {
        out.push_str(&collections_table(&incomplete, "incomplete-collections"));
    }
    let all: Vec<&super::CollectionRow> = a.collections.iter().collect();
    let _ = write!(
        out,
        "<details><summary>All {} collections of the snapshot</summary>{}</details>",
        all.len(),
        collections_table(&all, "collections")
    );
    if !r.not_evaluated.is_empty() || !r.errors.is_empty() {
        out.push_str(
            "<h3>Rules not evaluated</h3><table id=\"not-evaluated\"><thead><tr><th>Rule</th>\
             <th>Why</th></tr></thead><tbody>",
        );
        for n in &r.not_evaluated {
            let _ = write!(
                out,
                "<tr class=\"bad\"><td><code>{}</code> {}</td><td>{}</td></tr>",
                xml(&n.rule),
                xml(&n.name),
                xml(&n.reason)
            );
        }
        for e in &r.errors {
            let _ = write!(
                out,
                "<tr class=\"bad\"><td><code>{}</code> {}</td><td>rule error: {}</td></tr>",
                xml(&e.rule),
                xml(&e.name),
                xml(&e.error)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");

    // Findings.
    out.push_str("<section id=\"findings\"><h2>Findings</h2>");
    if r.findings.is_empty() {
        out.push_str("<p class=\"ok\">No findings.</p>");
    }
    for (area, fs) in a.by_area() {
        let _ = write!(
            out,
            "<h3 id=\"area-{}\">{} <span class=\"muted\">({})</span></h3>",
            anchor(&area),
            xml(&area_label(&area)),
            fs.len()
        );
        for f in fs {
            finding_html(f, &mut out);
        }
    }
    if !r.suppressed.is_empty() {
        out.push_str(
            "<h3>Waived</h3><table id=\"waived\"><thead><tr><th>Rule</th><th>Object</th>\
             <th>Why</th></tr></thead><tbody>",
        );
        for s in &r.suppressed {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                xml(&s.finding.rule),
                xml(&s.finding.object.label()),
                xml(&s.reason)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");

    // Identities.
    out.push_str("<section id=\"identities\"><h2>Identities</h2>");
    for v in &a.identities {
        view_html(v, &mut out);
    }
    out.push_str("</section>\n");

    // Inventory.
    out.push_str("<section id=\"inventory\"><h2>Inventory</h2>");
    for v in &a.inventory {
        view_html(v, &mut out);
    }
    out.push_str("</section>\n");
    let _ = write!(
        out,
        "<footer>Generated by govlint {} from the snapshot of {} fetched {}. \
         Deterministic: the same snapshot gives the same report.</footer>\n</main></body></html>\n",
        xml(&a.version),
        xml(&a.tenant),
        xml(&a.fetched_at)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lines_are_classed_and_escaped() {
        let d = diff_html("--- before\n+++ after\n@@ -1 +1 @@\n-a<b\n+c&d\n same");
        assert!(d.contains("<span class=\"del\">-a&lt;b</span>"), "{d}");
        assert!(d.contains("<span class=\"add\">+c&amp;d</span>"), "{d}");
    }
}
