//! The report's charts as inline SVG: no script, no external asset, readable without CSS.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{area_label, severity_color};
use crate::finding::Severity;
use crate::markup::xml;

const ROW: usize = 30;
const BAR: usize = 20;

fn header(id: &str, title: &str, width: usize, height: usize) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{id}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\"><title id=\"{id}-title\">{}</title>",
        xml(title)
    )
}

/// Horizontal bars: findings per severity.
pub fn severity_bars(counts: &[(Severity, usize)]) -> String {
    let (label_w, bar_w, width) = (90usize, 300usize, 440usize);
    let height = counts.len() * ROW + 10;
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut out = header("chart-severity", "Findings by severity", width, height);
    for (i, (sev, n)) in counts.iter().enumerate() {
        let y = 5 + i * ROW;
        let w = if *n == 0 { 0 } else { (n * bar_w / max).max(2) };
        let _ = write!(
            out,
            "<g class=\"bar\" data-severity=\"{sev}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" \
             font-size=\"13\" fill=\"#333\">{sev}</text><rect x=\"{label_w}\" y=\"{y}\" \
             width=\"{w}\" height=\"{BAR}\" rx=\"3\" fill=\"{}\"><title>{sev}: {n}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#333\">{n}</text></g>",
            label_w - 8,
            y + 15,
            severity_color(*sev),
            label_w + w + 6,
            y + 15,
        );
    }
    out.push_str("</svg>");
    out
}

/// Stacked horizontal bars: findings per area, split by severity, with a legend.
pub fn area_stacks(matrix: &[(String, BTreeMap<Severity, usize>)]) -> String {
    let (label_w, bar_w, width) = (220usize, 360usize, 640usize);
    let rows = matrix.len().max(1);
    let height = rows * ROW + 40;
    let max = matrix
        .iter()
        .map(|(_, m)| m.values().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = header(
        "chart-areas",
        "Findings by area and severity",
        width,
        height,
    );
    if matrix.is_empty() {
        let _ = write!(
            out,
            "<text x=\"10\" y=\"20\" font-size=\"13\" fill=\"#333\">No findings</text>"
        );
    }
    for (i, (area, m)) in matrix.iter().enumerate() {
        let y = 5 + i * ROW;
        let label = area_label(area);
        let _ = write!(
            out,
            "<g class=\"stack\" data-area=\"{}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" \
             font-size=\"13\" fill=\"#333\">{}</text>",
            xml(area),
            label_w - 8,
            y + 15,
            xml(&label)
        );
        let mut x = label_w;
        let mut total = 0;
        for sev in Severity::ALL {
            let n = m.get(&sev).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            total += n;
            let w = (n * bar_w / max).max(2);
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" fill=\"{}\">\
                 <title>{}: {n} {sev}</title></rect>",
                severity_color(sev),
                xml(&label)
            );
            x += w;
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#333\">{total}</text></g>",
            x + 6,
            y + 15
        );
    }
    // Legend.
    let ly = rows * ROW + 18;
    let mut lx = label_w;
    for sev in Severity::ALL {
        let _ = write!(
            out,
            "<rect x=\"{lx}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#333\">{sev}</text>",
            severity_color(sev),
            lx + 16,
            ly + 11
        );
        lx += 76;
    }
    out.push_str("</svg>");
    out
}
