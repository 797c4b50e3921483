//! `govlint explain`: one finding of a lint, found by fingerprint or by rule and object, printed
//! in full with its rule's doc summary; or, when nothing matches, the closest findings.

use std::fmt::Write as _;

use crate::finding::{Finding, LintResult, Suppressed, SuppressedBy};

/// A finding of the run, and what hides it from the gate, if anything.
pub struct Entry<'a> {
    pub finding: &'a Finding,
    pub suppressed: Option<&'a Suppressed>,
}

/// Every finding of the run, failing or suppressed, in report order.
pub fn entries(r: &LintResult) -> Vec<Entry<'_>> {
    r.findings
        .iter()
        .map(|f| Entry {
            finding: f,
            suppressed: None,
        })
        .chain(r.suppressed.iter().map(|s| Entry {
            finding: &s.finding,
            suppressed: Some(s),
        }))
        .collect()
}

/// A fingerprint prefix shorter than this is too likely to be a typo to match on.
const MIN_PREFIX: usize = 6;
/// How many near matches an unknown query lists.
const CLOSEST: usize = 5;

pub enum Outcome<'a> {
    Found(Vec<&'a Entry<'a>>),
    /// Nothing matched: the closest findings, best first.
    NotFound(Vec<&'a Entry<'a>>),
}

/// The findings `query` names: `[FINGERPRINT]` (or a unique prefix of at least six
/// characters), or `[CODE, OBJECT]` with the object's id or display name (case-insensitive; a
/// name cut with `…` in the concise report matches by its start).
pub fn find<'a>(all: &'a [Entry<'a>], query: &[String]) -> Outcome<'a> {
    match query {
        [fp] => {
            let q = fp.trim().to_ascii_lowercase();
            let exact: Vec<&Entry> = all
                .iter()
                .filter(|e| e.finding.fingerprint.eq_ignore_ascii_case(&q))
                .collect();
            if !exact.is_empty() {
                return Outcome::Found(exact);
            }
            let prefixed: Vec<&Entry> = all
                .iter()
                .filter(|e| {
                    q.len() >= MIN_PREFIX
                        && e.finding.fingerprint.to_ascii_lowercase().starts_with(&q)
                })
                .collect();
            if prefixed.len() == 1 {
                return Outcome::Found(prefixed);
            }
            if !prefixed.is_empty() {
                return Outcome::NotFound(prefixed.into_iter().take(CLOSEST).collect());
            }
            // A shared start outweighs edits elsewhere: prefixes are what people copy.
            Outcome::NotFound(closest(all, |e| {
                let fp = e.finding.fingerprint.to_ascii_lowercase();
                let shared = q
                    .chars()
                    .zip(fp.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                (fp.len() - shared.min(fp.len())) * 100 + distance(&q, &fp)
            }))
        }
        [code, object] => {
            let object = object.trim();
            let stem = object.strip_suffix('…').map(str::to_lowercase);
            let lower = object.to_lowercase();
            let of_rule = |e: &&Entry| e.finding.rule.eq_ignore_ascii_case(code);
            let found: Vec<&Entry> = all
                .iter()
                .filter(of_rule)
                .filter(|e| {
                    let o = &e.finding.object;
                    let name = o.display_name.as_deref().unwrap_or("").to_lowercase();
                    o.id.eq_ignore_ascii_case(object)
                        || name == lower
                        || stem.as_deref().is_some_and(|s| name.starts_with(s))
                })
                .collect();
            if !found.is_empty() {
                return Outcome::Found(found);
            }
            let code = code.to_ascii_uppercase();
            Outcome::NotFound(closest(all, |e| {
                let o = &e.finding.object;
                let name = o.display_name.as_deref().unwrap_or(&o.id).to_lowercase();
                let rule_cost = if e.finding.rule == code { 0 } else { 10_000 };
                // A name that contains what was typed is nearer than any misspelling.
                let text_cost = if name.contains(&lower) {
                    name.len() - lower.len()
                } else {
                    1_000 + distance(&lower, &name).min(distance(&lower, &o.id))
                };
                rule_cost + text_cost
            }))
        }
        _ => Outcome::NotFound(Vec::new()),
    }
}

/// The `CLOSEST` entries with the lowest cost; ties keep report order.
fn closest<'a>(all: &'a [Entry<'a>], cost: impl Fn(&Entry) -> usize) -> Vec<&'a Entry<'a>> {
    let mut scored: Vec<(usize, usize, &Entry)> = all
        .iter()
        .enumerate()
        .map(|(i, e)| (cost(e), i, e))
        .collect();
    scored.sort_by_key(|(c, i, _)| (*c, *i));
    scored
        .into_iter()
        .take(CLOSEST)
        .map(|(_, _, e)| e)
        .collect()
}

/// Levenshtein distance over characters, one row at a time.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev + usize::from(ca != *cb);
            prev = row[j + 1];
            row[j + 1] = sub.min(prev + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// One line naming a finding, for lists of candidates.
pub fn candidate(e: &Entry) -> String {
    let f = e.finding;
    format!(
        "{} {} {} ({})",
        f.fingerprint,
        f.rule,
        f.object.label(),
        f.severity
    )
}

/// The finding in full (fix, requests, diff, fingerprint), what hides it if anything, and
/// its rule's doc summary.
pub fn render(e: &Entry, color: bool) -> String {
    let f = e.finding;
    let mut out = crate::report::human::render_finding(f, color);
    if let Some(s) = e.suppressed {
        let by = match s.by {
            SuppressedBy::Waiver => "waived",
            SuppressedBy::Baseline => "baselined",
        };
        let _ = writeln!(out, "{by}: {} (it does not fail the gate)\n", s.reason);
    }
    match crate::ruledoc::find(&f.rule) {
        Some(doc) => {
            let _ = writeln!(out, "{} {}", doc.code, doc.name);
            for para in doc_summary(doc.markdown) {
                let _ = writeln!(out, "\n{para}");
            }
            let _ = writeln!(out, "\n`govlint rule {}` prints the whole doc.", doc.code);
        }
        None => {
            let _ = writeln!(out, "{} {} (a rule without a doc)", f.rule, f.name);
        }
    }
    out
}

/// The doc's lead sentence and its "What it does" section, as paragraphs.
fn doc_summary(markdown: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let (lead, rest) = markdown
        .split_once("## What it does")
        .unwrap_or((markdown, ""));
    // The lead is what follows the title and the bold metadata lines.
    let lead: Vec<&str> = lead
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("**") && !l.trim().is_empty())
        .collect();
    if !lead.is_empty() {
        paras.push(lead.join("\n"));
    }
    let what = rest.split("\n## ").next().unwrap_or("").trim();
    if !what.is_empty() {
        paras.push(what.to_string());
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn finds_by_fingerprint_prefix_code_and_object() {
        let r = fixtures::result();
        let all = entries(&r);
        let found =
            |q: &[&str]| match find(&all, &q.iter().map(|s| s.to_string()).collect::<Vec<_>>()) {
                Outcome::Found(v) => v.iter().map(|e| e.finding.fingerprint.clone()).collect(),
                Outcome::NotFound(_) => Vec::<String>::new(),
            };
        assert_eq!(found(&["fp-PIM001-u2"]), ["fp-PIM001-u2"]);
        assert_eq!(found(&["fp-EXT"]), ["fp-EXT001-g1"], "a unique prefix");
        assert!(found(&["fp-PIM"]).is_empty(), "an ambiguous prefix");
        assert_eq!(found(&["pim001", "U1"]), ["fp-PIM001-u1"], "by id");
        assert_eq!(found(&["PIM001", "user u2"]), ["fp-PIM001-u2"], "by name");
        assert_eq!(
            found(&["PIM001", "User b…"]),
            ["fp-PIM001-bg1"],
            "a cut name"
        );
        assert_eq!(found(&["PIM006", "p1"]), ["fp-PIM006-p1"], "baselined too");
        match find(&all, &["PIM001".into(), "User u3".into()]) {
            Outcome::NotFound(near) => {
                assert_eq!(near[0].finding.rule, "PIM001");
                assert!(near.len() <= CLOSEST);
            }
            Outcome::Found(_) => panic!("u3 has no finding"),
        }
    }

    #[test]
    fn doc_summary_is_the_lead_and_what_it_does() {
        let md = "# X001 x\n\n**Severity:** high\n\nThe lead.\n\n## What it does\n\nFlags x.\n\n## Why is this bad\n\nNo.\n";
        assert_eq!(doc_summary(md), ["The lead.", "Flags x."]);
    }
}
