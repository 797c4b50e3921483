//! `govlint test --coverage`: which lines of the policies under test the tests evaluated.
//!
//! A line counts when it holds an expression of a rule (its value, key or body), as regorus
//! measures it; it is covered when some test evaluated an expression on it. Only the policy
//! files under test count: not `*_test.rego` files, nor the built-in library a suite is run
//! against. The JSON has `opa test --coverage --format json`'s shape (`files` → `covered` /
//! `not_covered` row ranges, `coverage` in percent rounded to two places), so tools that read
//! OPA's report read this one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

/// Coverage of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileLines {
    pub covered: BTreeSet<u32>,
    pub not_covered: BTreeSet<u32>,
}

impl FileLines {
    pub fn percent(&self) -> f64 {
        percent(self.covered.len(), self.not_covered.len())
    }
}

/// Coverage of every file under test, by path.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub files: BTreeMap<String, FileLines>,
}

/// `opa test`'s rule: covered / (covered + not covered), in percent to two places; 0 when
/// there is nothing to cover.
fn percent(covered: usize, not_covered: usize) -> f64 {
    let total = covered + not_covered;
    if total == 0 {
        return 0.0;
    }
    (10_000.0 * covered as f64 / total as f64).round() / 100.0
}

impl Coverage {
    /// Starts with every coverable line of each file under test not covered.
    pub fn new(coverable: &BTreeMap<String, BTreeSet<u32>>) -> Coverage {
        Coverage {
            files: coverable
                .iter()
                .map(|(f, lines)| {
                    (
                        f.clone(),
                        FileLines {
                            covered: BTreeSet::new(),
                            not_covered: lines.clone(),
                        },
                    )
                })
                .collect(),
        }
    }

    /// Adds one test's report: a line covered in any test is covered. Files not under test
    /// are ignored.
    pub fn merge(&mut self, report: &regorus::coverage::Report) {
        for f in &report.files {
            let Some(lines) = self.files.get_mut(&f.path) else {
                continue;
            };
            lines.covered.extend(f.covered.iter().copied());
            lines.not_covered.extend(f.not_covered.iter().copied());
            let covered = lines.covered.clone();
            lines.not_covered.retain(|l| !covered.contains(l));
        }
    }

    pub fn covered_lines(&self) -> usize {
        self.files.values().map(|f| f.covered.len()).sum()
    }

    pub fn not_covered_lines(&self) -> usize {
        self.files.values().map(|f| f.not_covered.len()).sum()
    }

    pub fn percent(&self) -> f64 {
        percent(self.covered_lines(), self.not_covered_lines())
    }

    /// The text section printed after the test results.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Coverage: {:.2}% ({} of {} lines)",
            self.percent(),
            self.covered_lines(),
            self.covered_lines() + self.not_covered_lines()
        );
        for (path, f) in &self.files {
            let _ = writeln!(
                out,
                "{path}: {:.2}% ({} of {} lines)",
                f.percent(),
                f.covered.len(),
                f.covered.len() + f.not_covered.len()
            );
            if !f.covered.is_empty() {
                let _ = writeln!(out, "  covered:     {}", ranges_text(&f.covered));
            }
            if !f.not_covered.is_empty() {
                let _ = writeln!(out, "  not covered: {}", ranges_text(&f.not_covered));
            }
        }
        out
    }

    /// `opa test --coverage --format json`'s report.
    pub fn to_json(&self) -> serde_json::Value {
        #[derive(Serialize)]
        struct Pos {
            row: u32,
        }
        #[derive(Serialize)]
        struct Range {
            start: Pos,
            end: Pos,
        }
        #[derive(Serialize)]
        struct File {
            #[serde(skip_serializing_if = "Vec::is_empty")]
            covered: Vec<Range>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            not_covered: Vec<Range>,
            covered_lines: usize,
            not_covered_lines: usize,
            coverage: f64,
        }
        let to_ranges = |lines: &BTreeSet<u32>| -> Vec<Range> {
            ranges(lines)
                .into_iter()
                .map(|(a, b)| Range {
                    start: Pos { row: a },
                    end: Pos { row: b },
                })
                .collect()
        };
        let files: BTreeMap<&String, File> = self
            .files
            .iter()
            .map(|(p, f)| {
                (
                    p,
                    File {
                        covered: to_ranges(&f.covered),
                        not_covered: to_ranges(&f.not_covered),
                        covered_lines: f.covered.len(),
                        not_covered_lines: f.not_covered.len(),
                        coverage: f.percent(),
                    },
                )
            })
            .collect();
        serde_json::json!({
            "files": files,
            "covered_lines": self.covered_lines(),
            "not_covered_lines": self.not_covered_lines(),
            "coverage": self.percent(),
        })
    }
}

/// Consecutive lines as inclusive ranges.
fn ranges(lines: &BTreeSet<u32>) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &l in lines {
        match out.last_mut() {
            Some((_, end)) if l == *end + 1 => *end = l,
            _ => out.push((l, l)),
        }
    }
    out
}

/// `3-5, 8, 10-11`.
fn ranges_text(lines: &BTreeSet<u32>) -> String {
    ranges(lines)
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_covered_by_any_test_is_covered() {
        let coverable = BTreeMap::from([("p.rego".to_string(), BTreeSet::from([3, 4, 5, 9]))]);
        let mut c = Coverage::new(&coverable);
        let report = |covered: &[u32], not: &[u32]| regorus::coverage::Report {
            files: vec![regorus::coverage::File {
                path: "p.rego".into(),
                code: String::new(),
                covered: covered.iter().copied().collect(),
                not_covered: not.iter().copied().collect(),
            }],
        };
        c.merge(&report(&[3, 4], &[5, 9]));
        c.merge(&report(&[5], &[3, 4, 9]));
        let f = &c.files["p.rego"];
        assert_eq!(f.covered, BTreeSet::from([3, 4, 5]));
        assert_eq!(f.not_covered, BTreeSet::from([9]));
        assert_eq!(c.percent(), 75.0);
        assert!(c
            .render_text()
            .contains("covered:     3-5\n  not covered: 9\n"));
    }

    #[test]
    fn percent_rounds_to_two_places_and_nothing_to_cover_is_zero() {
        assert_eq!(percent(2, 1), 66.67);
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(
            ranges_text(&BTreeSet::from([1, 2, 3, 5, 7, 8])),
            "1-3, 5, 7-8"
        );
    }
}
