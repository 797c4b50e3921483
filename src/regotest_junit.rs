//! `govlint test --format junit`: Rego unit test results as JUnit XML for CI test views.
//!
//! One `<testsuite>` per Rego package (`data.pkg`), one `<testcase>` per test named as
//! `opa test` shows it (`test_x`, `test_x#01`), classname the package, `file` the test's file.
//! A failed test is a `<failure>`, an erroring one (a runtime error, a `--timeout` overrun) an
//! `<error>`, a `todo_` test `<skipped>`; `print` output goes to `<system-out>`. No durations
//! or timestamps are written, so the bytes depend only on the verdicts.

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::regotest::{Outcome, TestResult};

pub fn render(results: &[TestResult]) -> String {
    let mut suites: BTreeMap<&str, TestSuite> = BTreeMap::new();
    for r in results {
        let status = match r.outcome {
            Outcome::Pass => TestCaseStatus::success(),
            Outcome::Fail => {
                let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                st.set_type("fail")
                    .set_message(format!("{} did not evaluate to true", r.case.full_name()));
                st
            }
            Outcome::Error => {
                let mut st = TestCaseStatus::non_success(NonSuccessKind::Error);
                let error = r.error.clone().unwrap_or_default();
                st.set_type("error")
                    .set_message(error.lines().next().unwrap_or("error").to_string())
                    .set_description(error);
                st
            }
            Outcome::Skip => {
                let mut st = TestCaseStatus::skipped();
                st.set_message("todo_ test");
                st
            }
        };
        let mut case = TestCase::new(r.case.name.clone(), status);
        case.set_classname(r.case.package.clone());
        case.extra.insert("file".into(), r.case.file.clone().into());
        if !r.output.is_empty() {
            case.set_system_out(r.output.join("\n"));
        }
        suites
            .entry(r.case.package.as_str())
            .or_insert_with(|| TestSuite::new(r.case.package.clone()))
            .add_test_case(case);
    }
    let mut report = Report::new("govlint test");
    report.add_test_suites(suites.into_values());
    match report.to_string() {
        Ok(mut s) => {
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        // Only an I/O error on a String sink could get here.
        Err(e) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"govlint test\" tests=\"1\" failures=\"0\" errors=\"1\"><testsuite name=\"govlint\" tests=\"1\" failures=\"0\" errors=\"1\"><testcase name=\"junit report\"><error message=\"{}\"/></testcase></testsuite></testsuites>\n",
            crate::markup::xml(&e.to_string())
        ),
    }
}
