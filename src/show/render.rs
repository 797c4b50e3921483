//! Printing an answer: an aligned text table, JSON, or CSV.
//!
//! In tables and CSV a column of references becomes two columns, the display name and the id
//! (`PRINCIPAL`, `PRINCIPAL ID`), so names read well and ids stay machine-usable. JSON keeps a
//! reference as `{id, displayName, type, userPrincipalName}`. CSV holds the answer's main (first)
//! table; fields and other tables are in the text and JSON forms.

use serde_json::{json, Map, Value as Json};

use super::view::{Cell, Table, View};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ShowFormat {
    /// Aligned columns with a title and a footer of counts.
    #[default]
    Table,
    /// One JSON document: fields, rows and counts.
    Json,
    /// RFC 4180 CSV of the main table, with a header row.
    Csv,
}

pub fn render(view: &View, format: ShowFormat) -> String {
    match format {
        ShowFormat::Table => table(view),
        ShowFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(view)).unwrap_or_default();
            s.push('\n');
            s
        }
        ShowFormat::Csv => csv(view),
    }
}

/// The JSON form of an answer.
pub fn to_json(view: &View) -> Json {
    let mut m = Map::new();
    m.insert("query".into(), json!(view.query));
    m.insert(
        "snapshot".into(),
        json!({"tenant": view.tenant, "fetchedAt": view.fetched_at}),
    );
    m.insert("now".into(), json!(view.now));
    if let Some(key) = view.object_key {
        let fields: Map<String, Json> = view
            .fields
            .iter()
            .map(|f| (f.key.to_string(), f.value.to_json()))
            .collect();
        m.insert(key.into(), Json::Object(fields));
    }
    for t in &view.tables {
        m.insert(t.key.into(), t.rows_json());
    }
    let counts: Map<String, Json> = view
        .counts
        .iter()
        .map(|c| (c.key.to_string(), json!(c.n)))
        .collect();
    m.insert("counts".into(), Json::Object(counts));
    m.insert("incomplete".into(), json!(view.incomplete));
    Json::Object(m)
}

/// Headers and string cells of a table, reference columns split into name and id.
pub fn flatten(t: &Table) -> (Vec<String>, Vec<Vec<String>>) {
    let is_ref: Vec<bool> = (0..t.cols.len())
        .map(|c| t.rows.iter().any(|r| matches!(r[c], Cell::Ref(_))))
        .collect();
    let mut headers = Vec::new();
    for (c, col) in t.cols.iter().enumerate() {
        headers.push(col.header.to_string());
        if is_ref[c] {
            headers.push(format!("{} ID", col.header));
        }
    }
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut out = Vec::with_capacity(headers.len());
            for (c, cell) in r.iter().enumerate() {
                if is_ref[c] {
                    match cell {
                        Cell::Ref(x) => {
                            out.push(x.name_or_marker().to_string());
                            out.push(x.id.clone());
                        }
                        other => {
                            out.push(other.plain());
                            out.push(String::new());
                        }
                    }
                } else {
                    out.push(cell.plain());
                }
            }
            out
        })
        .collect();
    (headers, rows)
}

/// Control characters (a newline in a justification) would break the layout.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

const MAX_CELL: usize = 60;

fn clip(s: &str) -> String {
    let s = one_line(s);
    if s.chars().count() > MAX_CELL {
        let mut t: String = s.chars().take(MAX_CELL - 1).collect();
        t.push('…');
        t
    } else {
        s
    }
}

fn footer(view: &View) -> String {
    view.counts
        .iter()
        .map(|c| format!("{} {}", c.n, c.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn table(view: &View) -> String {
    let mut out = format!("{}\n", one_line(&view.title));
    out.push_str(&format!(
        "tenant {} · snapshot {} · now {}\n",
        one_line(&view.tenant),
        view.fetched_at,
        view.now
    ));
    if !view.fields.is_empty() {
        out.push('\n');
        let width = view
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0);
        for f in &view.fields {
            out.push_str(&format!(
                "  {:<width$}  {}\n",
                f.label,
                one_line(&f.value.plain())
            ));
        }
    }
    for t in &view.tables {
        out.push('\n');
        if view.tables.len() > 1 || !view.fields.is_empty() {
            out.push_str(&format!("{} ({})\n", one_line(&t.title), t.rows.len()));
        }
        if t.rows.is_empty() {
            out.push_str("  (none)\n");
            continue;
        }
        let (headers, rows) = flatten(t);
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| clip(c)).collect())
            .collect();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut l = String::from(" ");
            for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
                l.push(' ');
                if i + 1 == cells.len() {
                    l.push_str(c);
                } else {
                    l.push_str(c);
                    l.push_str(&" ".repeat(w.saturating_sub(c.chars().count()) + 1));
                }
            }
            l.truncate(l.trim_end().len());
            l.push('\n');
            l
        };
        out.push_str(&line(&headers));
        for r in &rows {
            out.push_str(&line(r));
        }
    }
    out.push('\n');
    out.push_str(&footer(view));
    out.push('\n');
    for reason in &view.incomplete {
        out.push_str(&format!(
            "warning: may be incomplete: {}\n",
            one_line(reason)
        ));
    }
    out
}

/// A CSV field: quoted when needed; text that a spreadsheet would run as a formula (a guest
/// can name themselves `=HYPERLINK(…)`) is prefixed with `'`.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv(view: &View) -> String {
    let Some(t) = view.tables.first() else {
        // An answer with fields only: one row of them.
        let mut out = view
            .fields
            .iter()
            .map(|f| csv_field(f.key))
            .collect::<Vec<_>>()
            .join(",");
        out.push_str("\r\n");
        out.push_str(
            &view
                .fields
                .iter()
                .map(|f| csv_field(&f.value.plain()))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
        return out;
    };
    let (headers, rows) = flatten(t);
    let mut out = String::new();
    for r in std::iter::once(&headers).chain(&rows) {
        out.push_str(&r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::view::{col, Ref};
    use super::*;

    fn view() -> View {
        let mut t = Table::new(
            "holders",
            "Holders",
            &[col("principal", "PRINCIPAL"), col("note", "NOTE")],
        );
        t.push(vec![
            Ref::new("id-1", Some("Ava, \"the\" Admin".into())).into(),
            Cell::text("=cmd|' /C calc'!A0"),
        ]);
        t.push(vec![Ref::new("id-2", None).into(), Cell::Empty]);
        let mut v = View {
            query: "show role X".into(),
            title: "Holders of X".into(),
            ..View::default()
        };
        v.tables.push(t);
        v.count("holders", "holders", 2);
        v
    }

    #[test]
    fn csv_splits_references_quotes_and_defuses_formulas() {
        let out = render(&view(), ShowFormat::Csv);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], "PRINCIPAL,PRINCIPAL ID,NOTE");
        assert_eq!(
            lines[1],
            "\"Ava, \"\"the\"\" Admin\",id-1,'=cmd|' /C calc'!A0"
        );
        assert_eq!(lines[2], "(not in snapshot),id-2,");
    }

    #[test]
    fn json_keeps_references_and_counts() {
        let j = to_json(&view());
        assert_eq!(j["holders"][0]["principal"]["id"], "id-1");
        assert_eq!(j["holders"][1]["principal"]["displayName"], Json::Null);
        assert_eq!(j["counts"]["holders"], 2);
    }

    #[test]
    fn table_aligns_and_ends_with_counts() {
        let out = render(&view(), ShowFormat::Table);
        assert!(
            out.contains("\n  PRINCIPAL          PRINCIPAL ID  NOTE\n"),
            "{out}"
        );
        assert!(out.contains("\n  (not in snapshot)  id-2\n"), "{out}");
        assert!(out.trim_end().ends_with("2 holders"), "{out}");
    }
}
