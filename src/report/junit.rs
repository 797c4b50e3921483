//! `--format junit`: JUnit XML (via `quick-junit`) for CI test-result views (Azure DevOps
//! "Publish Test Results", GitLab `artifacts:reports:junit`, Jenkins).
//!
//! Shape: one `<testsuite>` per area (`govlint.pim`, `govlint.prv`, …), one `<testcase>` per
//! rule of the run, named `CODE name` with classname `govlint.<area>`. So a rule is a stable
//! test whose history CI tools track run over run, and the test counts match the rule counts.
//!
//! - A rule with findings has one `<failure>`: the message counts the findings and names the
//!   first; the text lists every finding (message, object, related, fix, fingerprint).
//!   One case per rule rather than per (rule, finding) keeps the case set stable as objects
//!   come and go, and both Azure DevOps and GitLab show the whole failure text.
//! - A rule not evaluated, or one that errored, is an `<error>` (type `not-evaluated` or
//!   `rule-error`): never a pass and never a skip.
//! - A clean rule passes; findings hidden by waivers or the baseline do not fail it and are
//!   listed in its `<system-out>`, as are the objects it skipped (emergency-access accounts).
//!
//! No timestamps or durations are written, so the bytes depend only on the result.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::finding::{Finding, LintResult, SuppressedBy};

use super::{plural, rule_rows, Context};

/// The failure message stays one readable line; the text has everything.
const MESSAGE_MAX: usize = 500;

pub fn render(r: &LintResult, ctx: &Context<'_>) -> String {
    let rows = rule_rows(r, ctx);
    let mut suites: BTreeMap<String, TestSuite> = BTreeMap::new();
    for row in &rows {
        let class = format!("govlint.{}", row.area);
        let findings: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == row.code).collect();
        let suppressed: Vec<_> = r
            .suppressed
            .iter()
            .filter(|s| s.finding.rule == row.code)
            .collect();
        let not_evaluated = r.not_evaluated.iter().find(|n| n.rule == row.code);
        let error = r.errors.iter().find(|e| e.rule == row.code);

        let status = if let Some(e) = error {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Error);
            st.set_type("rule-error")
                .set_message(one_line(&format!("rule errored: {}", e.error)))
                .set_description(e.error.clone());
            st
        } else if let Some(n) = not_evaluated {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Error);
            st.set_type("not-evaluated")
                .set_message(one_line(&format!("not evaluated: {}", n.reason)))
                .set_description(format!(
                    "{} {} was not evaluated, so the tenant was not checked for it: {}",
                    n.rule, n.name, n.reason
                ));
            st
        } else if !findings.is_empty() {
            let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let mut message = format!(
                "{} ({}): {}",
                plural(findings.len(), "finding"),
                findings[0].severity,
                findings[0].message
            );
            if findings.len() > 1 {
                message.push_str(" …");
            }
            st.set_type(findings[0].severity.as_str())
                .set_message(one_line(&message))
                .set_description(failure_text(&findings));
            st
        } else {
            TestCaseStatus::success()
        };

        let mut case = TestCase::new(format!("{} {}", row.code, row.name), status);
        case.set_classname(class.clone());
        let skipped: Vec<_> = r.skipped.iter().filter(|s| s.rule == row.code).collect();
        if !suppressed.is_empty() || !skipped.is_empty() {
            let mut out = String::new();
            for s in &skipped {
                let _ = writeln!(
                    out,
                    "skipped: {} {}: {}",
                    s.object.collection,
                    s.object.label(),
                    s.reason
                );
            }
            for s in &suppressed {
                let by = match s.by {
                    SuppressedBy::Waiver => "waived",
                    SuppressedBy::Baseline => "baselined",
                };
                let f = &s.finding;
                let _ = writeln!(
                    out,
                    "{by}: {} {} ({}): {} [{}]",
                    f.object.collection,
                    f.object.label(),
                    f.fingerprint,
                    f.message.replace('\n', " "),
                    s.reason
                );
            }
            case.set_system_out(out);
        }
        suites
            .entry(class.clone())
            .or_insert_with(|| TestSuite::new(class))
            .add_test_case(case);
    }

    let mut report = Report::new("govlint");
    for (_, mut suite) in suites {
        suite.add_properties([
            Property::new("tenantId", r.snapshot.tenant_id.clone()),
            Property::new("fetchedAt", r.snapshot.fetched_at.clone()),
            Property::new("now", r.now.clone()),
            Property::new("snapshot", ctx.snapshot_path),
        ]);
        report.add_test_suite(suite);
    }
    match report.to_string() {
        Ok(mut s) => {
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        // Only an I/O error on a String sink could get here; keep the output parseable.
        Err(e) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"govlint\" tests=\"1\" failures=\"0\" errors=\"1\"><testsuite name=\"govlint\" tests=\"1\" failures=\"0\" errors=\"1\"><testcase name=\"junit report\"><error message=\"{}\"/></testcase></testsuite></testsuites>\n",
            crate::markup::xml(&e.to_string())
        ),
    }
}

fn failure_text(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "[{}] {}", f.severity, f.message);
        let _ = writeln!(
            out,
            "  object: {} {}",
            f.object.collection,
            f.object.label()
        );
        for rel in &f.related {
            let _ = writeln!(out, "  related: {} {}", rel.collection, rel.label());
        }
        let _ = writeln!(out, "  fix: {}", f.remediation.summary);
        for req in &f.remediation.requests {
            let _ = writeln!(out, "    {} {}", req.method, req.url);
            if let Some(body) = &req.body {
                let _ = writeln!(
                    out,
                    "    {}",
                    serde_json::to_string(body).unwrap_or_default()
                );
            }
        }
        let _ = writeln!(out, "  fingerprint: {}", f.fingerprint);
    }
    out
}

/// One line, capped at [`MESSAGE_MAX`] characters.
fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.chars().count() > MESSAGE_MAX {
        let cut: String = flat.chars().take(MESSAGE_MAX).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn xml() -> String {
        fixtures::render_with(render)
    }

    #[test]
    fn counts_and_statuses() {
        let x = xml();
        let report = quick_junit::Report::deserialize_from_str(&x).expect("parses back");
        assert_eq!(report.tests, 5);
        assert_eq!(report.failures, 2, "{x}");
        assert_eq!(report.errors, 2, "{x}");
        let names: Vec<String> = report
            .test_suites
            .iter()
            .map(|s| s.name.as_str().to_string())
            .collect();
        assert_eq!(names, ["govlint.ext", "govlint.pim", "govlint.prv"]);
        assert!(x.contains("type=\"not-evaluated\""));
        assert!(x.contains("type=\"rule-error\""));
        assert!(x.contains("message=\"2 findings (high): User u1 holds 100% of | &lt;b&gt;roles&lt;/b&gt;, second line: ok …\""), "{x}");
        assert!(!x.contains("timestamp"));
    }

    #[test]
    fn suppressed_findings_pass_and_are_listed() {
        let x = xml();
        // PIM006's only finding is baselined: the case passes and says why.
        let case = x
            .split("<testcase ")
            .find(|c| c.contains("PIM006"))
            .expect("case");
        assert!(!case.contains("<failure"));
        assert!(case.contains("baselined: users User p1 (p1)"));
    }

    #[test]
    fn skipped_objects_are_listed() {
        let x = xml();
        let case = x
            .split("<testcase ")
            .find(|c| c.contains("PIM001"))
            .expect("case");
        assert!(case.contains("skipped: users Break Glass 2 (bg2): emergency-access account"));
    }

    #[test]
    fn one_line_caps() {
        assert_eq!(one_line("a\nb"), "a b");
        assert_eq!(one_line(&"x".repeat(600)).chars().count(), MESSAGE_MAX + 1);
    }
}
