//! What people read, reviewed as a diff: the human views of the hand-built fixture result at
//! 80 and 120 columns, piped and coloured (`cargo insta review` after an intended change).
//! The fixture, not the demo tenant, so that new rules and demo objects do not churn these.

use super::{render, render_full, Options, View};
use crate::finding::{LintResult, Severity};
use crate::report::fixtures;

/// Escapes shown as `␛`, so a colour change is a readable line in the diff.
fn visible(text: String) -> String {
    text.replace('\x1b', "␛")
}

/// The fixture plus a finding whose name and message are longer than any terminal, with wide
/// (CJK) characters, so the cut at 80 and 120 columns shows.
fn wide() -> LintResult {
    let mut r = fixtures::result();
    let mut f = fixtures::finding(
        "PIM006",
        "pim-activation-too-long",
        Severity::Medium,
        "pim",
        "r1",
    );
    f.object.display_name =
        Some("Exchange Administrator role settings (経理部 tenant-wide policy)".into());
    f.message = "Activations of Exchange Administrator can last up to 24 hours, longer than the 8 hours allowed by [thresholds] max_activation_hours in govlint.toml; 経理部の管理者も含む.\nsecond line".into();
    r.findings.insert(2, f);
    r.summary.findings += 1;
    *r.summary.by_severity.entry(Severity::Medium).or_default() += 1;
    r
}

fn concise(r: &LintResult, width: Option<usize>, color: bool) -> String {
    visible(render(
        r,
        &Options {
            color,
            width,
            ..Options::default()
        },
    ))
}

#[test]
fn concise_80_piped() {
    insta::assert_snapshot!(concise(&wide(), Some(80), false));
}

#[test]
fn concise_120_piped() {
    insta::assert_snapshot!(concise(&wide(), Some(120), false));
}

#[test]
fn concise_80_coloured() {
    insta::assert_snapshot!(concise(&wide(), Some(80), true));
}

#[test]
fn concise_120_coloured() {
    insta::assert_snapshot!(concise(&wide(), Some(120), true));
}

/// Every finding line fits the width it was cut to, wide characters counted as two columns.
#[test]
fn finding_lines_fit_the_width() {
    use unicode_width::UnicodeWidthStr;
    for width in [60, 80, 120] {
        let text = concise(&wide(), Some(width), false);
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("    ")).collect();
        assert_eq!(lines.len(), 4, "{text}");
        for l in lines {
            assert!(l.width() <= width, "{width}: {l}");
        }
    }
}

#[test]
fn concise_uncut_when_the_width_is_unknown() {
    insta::assert_snapshot!(concise(&wide(), None, false));
}

#[test]
fn show_fixes_120_piped() {
    let o = Options {
        width: Some(120),
        show_fixes: true,
        ..Options::default()
    };
    insta::assert_snapshot!(render(&fixtures::result(), &o));
}

#[test]
fn statistics_and_quiet() {
    let r = fixtures::result();
    let stats = Options {
        view: View::Statistics,
        fail_on: Severity::High,
        ..Options::default()
    };
    insta::assert_snapshot!("statistics", render(&r, &stats));
    let quiet = Options {
        view: View::Quiet,
        ..Options::default()
    };
    insta::assert_snapshot!("quiet", render(&r, &quiet));
}

/// A clean, complete run: no findings, and the footer says exit 0.
#[test]
fn clean_run() {
    let mut r = fixtures::result();
    r.findings.clear();
    r.not_evaluated.clear();
    r.errors.clear();
    r.skipped.clear();
    r.suppressed.clear();
    r.waivers.clear();
    r.baseline = None;
    r.summary = crate::finding::Summary {
        rules_evaluated: 5,
        ..Default::default()
    };
    insta::assert_snapshot!(concise(&r, Some(80), false));
}

/// Findings only below `--fail-on`, every rule evaluated: exit 0, and the footer says why.
#[test]
fn findings_below_fail_on() {
    let mut r = fixtures::result();
    r.not_evaluated.clear();
    r.errors.clear();
    r.summary.rules_not_evaluated = 0;
    r.summary.rules_errored = 0;
    let o = Options {
        width: Some(80),
        fail_on: Severity::Critical,
        ..Options::default()
    };
    let text = render(&r, &o);
    assert!(
        text.contains("exit 0: every rule evaluated, no finding at or above --fail-on critical"),
        "{text}"
    );
}

#[test]
fn full_layout_piped_and_coloured() {
    insta::assert_snapshot!("full_piped", render_full(&fixtures::result(), false));
    insta::assert_snapshot!(
        "full_coloured",
        visible(render_full(&fixtures::result(), true))
    );
}
