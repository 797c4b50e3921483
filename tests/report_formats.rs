//! Every report format, parsed back: SARIF against the vendored OASIS 2.1.0 schema and GitHub
//! code scanning's requirements, JUnit as XML with its counts, GitHub workflow commands with
//! their escaping, Markdown's summary and not-evaluated sections. Results come from the demo
//! tenant and from a hand-altered one with a not-evaluated rule and suppressed findings. Then the
//! CLI writing several formats at once.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use govlint::engine::{Linter, RuleMeta, Selection};
use govlint::finding::{LintResult, NotEvaluated, Suppressed, SuppressedBy};
use govlint::report::{self, Context, Format};
use serde_json::Value;

const DEMO_REL: &str = "examples/demo-tenant.json";

fn linter() -> Linter {
    common::builtin_linter()
}

fn demo_result(linter: &Linter) -> LintResult {
    let (snapshot, _) = govlint_testkit::tenant::demo();
    let snap = govlint::snapshot::parse("demo", &snapshot.to_string()).expect("demo is valid");
    let rules = linter.select(&Selection::default()).expect("all rules");
    linter.lint(&snap, snap.fetched_at, &rules)
}

/// The demo result altered by hand: PRV004 not evaluated (its findings gone), the first finding
/// waived, the next one baselined, and one message with a newline and a percent sign.
fn altered_result(linter: &Linter) -> LintResult {
    let mut r = demo_result(linter);
    r.findings.retain(|f| f.rule != "PRV004");
    r.not_evaluated.push(NotEvaluated {
        rule: "PRV004".into(),
        name: "privileged-risky-user".into(),
        reason: "riskyUsers unavailable: 403 (needs IdentityRiskyUser.Read.All)".into(),
    });
    let waived = r.findings.remove(0);
    r.suppressed.push(Suppressed {
        by: SuppressedBy::Waiver,
        reason: "break-glass account, reviewed quarterly".into(),
        finding: waived,
    });
    let baselined = r.findings.remove(0);
    r.suppressed.push(Suppressed {
        by: SuppressedBy::Baseline,
        reason: "in baseline govlint-baseline.json".into(),
        finding: baselined,
    });
    r.findings[0].message = "100% standing,\nsecond line: see fix".into();
    r.summary.findings = r.findings.len();
    r.summary.by_severity.clear();
    for f in &r.findings {
        *r.summary.by_severity.entry(f.severity).or_default() += 1;
    }
    r.summary.rules_evaluated -= 1;
    r.summary.rules_not_evaluated = 1;
    r.summary.waived = 1;
    r.summary.baselined = 1;
    r
}

fn render(format: Format, r: &LintResult, rules: &[&RuleMeta]) -> String {
    let ctx = Context {
        rules,
        snapshot_path: DEMO_REL,
    };
    report::render(format, r, &ctx, false)
}

fn rules_with_findings(r: &LintResult) -> BTreeSet<String> {
    r.findings.iter().map(|f| f.rule.clone()).collect()
}

// ---------------------------------------------------------------- SARIF

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-2.1.0.json"
        ))
        .expect("vendored schema"),
    )
    .expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_schema_valid(v: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );
}

/// What GitHub code scanning requires of an upload (docs "SARIF support for code scanning").
fn assert_github_accepts(v: &Value, expected_uri: &str) {
    assert_eq!(v["version"], "2.1.0");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "govlint");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        ids.len(),
        "rule ids unique"
    );
    for rule in rules {
        assert!(rule["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        assert!(rule["fullDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let level = rule["defaultConfiguration"]["level"]
            .as_str()
            .expect("level");
        assert!(["error", "warning", "note"].contains(&level));
    }
    let mut fingerprints = BTreeSet::new();
    for res in run["results"].as_array().expect("results") {
        let rule_id = res["ruleId"].as_str().expect("ruleId");
        let idx = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[idx], rule_id, "ruleIndex points at the rule");
        assert!(res["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let locs = res["locations"].as_array().expect("locations");
        assert!(!locs.is_empty() && locs.len() <= 10);
        let phys = &locs[0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], expected_uri);
        assert!(phys["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
        let logical = &locs[0]["logicalLocations"][0];
        assert!(logical["fullyQualifiedName"]
            .as_str()
            .is_some_and(|n| n.contains('/')));
        let fp = res["partialFingerprints"]["govlint/v1"]
            .as_str()
            .expect("fingerprint");
        assert!(
            fingerprints.insert(fp.to_string()),
            "fingerprints unique: {fp}"
        );
        assert!(res["properties"]["remediation"]["summary"].is_string());
    }
}

#[test]
fn sarif_of_the_demo_is_schema_valid_and_github_ready() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let r = demo_result(&linter);
    let text = render(Format::Sarif, &r, &rules);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_schema_valid(&v);
    assert_github_accepts(&v, DEMO_REL);

    let run = &v["runs"][0];
    let descriptors = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(
        descriptors.len(),
        linter.rules().len(),
        "one descriptor per rule"
    );
    for d in descriptors {
        let code = d["id"].as_str().expect("id");
        let name = d["name"].as_str().expect("name");
        if govlint::ruledoc::find(code).is_some() {
            assert_eq!(
                d["helpUri"],
                format!("{}{code}-{name}.md", report::RULE_DOC_BASE),
                "a rule with a doc links it"
            );
            assert!(d["help"]["markdown"]
                .as_str()
                .is_some_and(|m| m.contains("## What it does")));
        } else {
            // No doc (yet): no link to a page that does not exist, the title as help.
            assert!(d.get("helpUri").is_none());
        }
    }
    assert_eq!(
        run["results"].as_array().expect("results").len(),
        r.findings.len()
    );
    assert_eq!(
        run["invocations"][0]["executionSuccessful"],
        r.not_evaluated.is_empty() && r.errors.is_empty()
    );
    // Byte-for-byte deterministic.
    assert_eq!(text, render(Format::Sarif, &r, &rules));
}

#[test]
fn sarif_of_an_altered_result_suppresses_and_notifies() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let r = altered_result(&linter);
    let v: Value = serde_json::from_str(&render(Format::Sarif, &r, &rules)).expect("JSON");
    assert_schema_valid(&v);
    assert_github_accepts(&v, DEMO_REL);
    let run = &v["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), r.findings.len() + 2);
    let waived: Vec<&Value> = results
        .iter()
        .filter(|res| res.get("suppressions").is_some())
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["suppressions"][0]["kind"], "external");
    assert_eq!(
        waived[0]["suppressions"][0]["justification"],
        "break-glass account, reviewed quarterly"
    );
    assert_eq!(
        results
            .iter()
            .filter(|res| res["baselineState"] == "unchanged")
            .count(),
        1
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().expect("notes");
    assert!(notes
        .iter()
        .any(|n| n["level"] == "error" && n["associatedRule"]["id"] == "PRV004"));
    // The not-evaluated rule still has its descriptor.
    assert!(run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .any(|d| d["id"] == "PRV004"));
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let v: Value = serde_json::from_str(&render(Format::Sarif, &altered_result(&linter), &rules))
        .expect("JSON");
    let validator = sarif_validator();
    assert!(validator.is_valid(&v));
    let mut bad = v.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad), "unknown level rejected");
    let mut bad = v.clone();
    bad["runs"][0]["results"][0]["suppressions"] = serde_json::json!([{"kind": "external"}]);
    assert!(validator.is_valid(&bad));
    bad["runs"][0]["results"][0]["suppressions"][0]["kind"] = "inline".into();
    assert!(
        !validator.is_valid(&bad),
        "unknown suppression kind rejected"
    );
    let mut bad = v;
    bad["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .expect("driver")
        .remove("name");
    assert!(!validator.is_valid(&bad), "driver.name required");
}

#[test]
fn sarif_deserialises_into_the_typed_model() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let text = render(Format::Sarif, &altered_result(&linter), &rules);
    let log: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("typed SARIF");
    assert_eq!(log.runs.len(), 1);
}

// ---------------------------------------------------------------- JUnit

struct Junit {
    tests: usize,
    failures: usize,
    errors: usize,
    /// test case name → "pass" | "failure" | "error" | "skipped"
    cases: BTreeMap<String, String>,
}

fn parse_junit(xml: &str) -> Junit {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let attr = |n: roxmltree::Node, a: &str| -> usize {
        n.attribute(a)
            .unwrap_or_else(|| panic!("{} has {a}", n.tag_name().name()))
            .parse()
            .expect("number")
    };
    let mut cases = BTreeMap::new();
    let (mut sum_tests, mut sum_failures, mut sum_errors) = (0, 0, 0);
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let mut tests = 0;
        let (mut failures, mut errors) = (0, 0);
        for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
            tests += 1;
            let kind = if case.children().any(|c| c.has_tag_name("failure")) {
                failures += 1;
                "failure"
            } else if case.children().any(|c| c.has_tag_name("error")) {
                errors += 1;
                "error"
            } else if case.children().any(|c| c.has_tag_name("skipped")) {
                "skipped"
            } else {
                "pass"
            };
            let name = case.attribute("name").expect("name").to_string();
            assert!(
                cases.insert(name, kind.to_string()).is_none(),
                "unique case"
            );
        }
        assert_eq!(attr(suite, "tests"), tests, "suite tests attribute");
        assert_eq!(
            attr(suite, "failures"),
            failures,
            "suite failures attribute"
        );
        assert_eq!(attr(suite, "errors"), errors, "suite errors attribute");
        sum_tests += tests;
        sum_failures += failures;
        sum_errors += errors;
    }
    assert_eq!(attr(root, "tests"), sum_tests);
    assert_eq!(attr(root, "failures"), sum_failures);
    assert_eq!(attr(root, "errors"), sum_errors);
    Junit {
        tests: sum_tests,
        failures: sum_failures,
        errors: sum_errors,
        cases,
    }
}

#[test]
fn junit_of_the_demo_has_one_case_per_rule() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let r = demo_result(&linter);
    let xml = render(Format::Junit, &r, &rules);
    let j = parse_junit(&xml);
    assert_eq!(j.tests, linter.rules().len());
    assert_eq!(j.failures, rules_with_findings(&r).len());
    assert_eq!(j.errors, r.not_evaluated.len() + r.errors.len());
    let incomplete: BTreeSet<&str> = r
        .not_evaluated
        .iter()
        .map(|n| n.rule.as_str())
        .chain(r.errors.iter().map(|e| e.rule.as_str()))
        .collect();
    for rule in linter.rules() {
        let name = format!("{} {}", rule.code, rule.name);
        let want = if incomplete.contains(rule.code.as_str()) {
            "error"
        } else if rules_with_findings(&r).contains(&rule.code) {
            "failure"
        } else {
            "pass"
        };
        assert_eq!(j.cases.get(&name).map(String::as_str), Some(want), "{name}");
    }
    assert_eq!(xml, render(Format::Junit, &r, &rules), "deterministic");
}

#[test]
fn junit_not_evaluated_is_an_error_and_suppressed_does_not_fail() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let r = altered_result(&linter);
    let xml = render(Format::Junit, &r, &rules);
    let j = parse_junit(&xml);
    assert_eq!(j.tests, linter.rules().len());
    assert_eq!(j.errors, r.not_evaluated.len() + r.errors.len());
    assert_eq!(
        j.cases["PRV004 privileged-risky-user"], "error",
        "not evaluated is an error, not a pass or a skip"
    );
    assert_eq!(j.failures, rules_with_findings(&r).len());
    // A rule whose only findings were waived/baselined passes.
    for s in &r.suppressed {
        let f = &s.finding;
        let name = format!("{} {}", f.rule, f.name);
        if r.errors.iter().any(|e| e.rule == f.rule) {
            continue;
        }
        let want = if rules_with_findings(&r).contains(&f.rule) {
            "failure"
        } else {
            "pass"
        };
        assert_eq!(j.cases[&name], want, "{name}");
    }
    assert!(xml.contains("type=\"not-evaluated\""));
}

// ---------------------------------------------------------------- GitHub

struct Annotation {
    command: String,
    title: String,
    message: String,
}

/// Parses `::cmd title=T::MSG`, undoing the workflow-command escaping.
fn parse_github(text: &str) -> Vec<Annotation> {
    let unescape = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    text.lines()
        .filter(|l| l.starts_with("::"))
        .map(|l| {
            let rest = &l[2..];
            let (head, message) = rest.split_once("::").expect("command::message");
            let (command, props) = head.split_once(' ').expect("command properties");
            let title = props.strip_prefix("title=").expect("title property");
            assert!(
                !title.contains(':') && !title.contains(','),
                "property escaped"
            );
            assert!(!message.contains('\n') && !message.contains('\r'));
            Annotation {
                command: command.to_string(),
                title: unescape(title),
                message: unescape(message),
            }
        })
        .collect()
}

#[test]
fn github_annotations_one_per_finding_and_escaped() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let r = altered_result(&linter);
    let text = render(Format::Github, &r, &rules);
    assert!(text.lines().all(|l| !l.contains('\r')));
    let cmds = parse_github(&text);
    assert_eq!(
        cmds.len(),
        r.findings.len() + r.not_evaluated.len() + r.errors.len()
    );
    for (f, c) in r.findings.iter().zip(&cmds) {
        let want = match f.severity {
            govlint::finding::Severity::Critical | govlint::finding::Severity::High => "error",
            govlint::finding::Severity::Medium => "warning",
            _ => "notice",
        };
        assert_eq!(c.command, want);
        assert_eq!(c.title, format!("{} {}", f.rule, f.name));
        assert!(c.message.starts_with(&f.message), "{}", c.message);
    }
    // The planted newline and percent sign survive the round trip, escaped on the wire.
    assert!(cmds[0]
        .message
        .starts_with("100% standing,\nsecond line: see fix"));
    assert!(text.contains("::100%25 standing,%0Asecond line: see fix"));
    let ne = &cmds[r.findings.len() + r.not_evaluated.len() - 1];
    assert_eq!(ne.command, "error");
    assert_eq!(ne.title, "PRV004 privileged-risky-user not evaluated");
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_has_summary_table_and_loud_not_evaluated_section() {
    let linter = linter();
    let rules = linter.select(&Selection::default()).expect("all");
    let demo = render(Format::Markdown, &demo_result(&linter), &rules);
    assert!(demo.contains("| Area | Critical | High | Medium | Low | Info | Total |"));
    let areas: BTreeSet<&str> = linter.rules().iter().map(|r| r.area.as_str()).collect();
    for area in areas {
        assert!(demo.contains(&format!("\n| {area} |")), "row for {area}");
    }
    let r = demo_result(&linter);
    assert_eq!(
        demo.contains("### :warning: Not evaluated"),
        !r.not_evaluated.is_empty()
    );
    assert!(demo.contains("```diff\n"));

    let r = altered_result(&linter);
    let md = render(Format::Markdown, &r, &rules);
    let caution = md.find("> [!CAUTION]").expect("incomplete callout");
    let section = md
        .find(&format!(
            "### :warning: Not evaluated ({})",
            r.not_evaluated.len()
        ))
        .expect("section");
    let findings = md.find("### Findings").expect("findings");
    assert!(caution < section && section < findings);
    assert!(md.contains("| PRV004 | privileged-risky-user | riskyUsers unavailable"));
    assert!(md.contains(&format!(
        "| **Total** | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** |",
        count(&r, "critical"),
        count(&r, "high"),
        count(&r, "medium"),
        count(&r, "low"),
        count(&r, "info"),
        r.findings.len()
    )));
    assert!(md.contains("Waived findings (1)"));
    assert!(md.contains("Baselined findings (1)"));
}

fn count(r: &LintResult, sev: &str) -> usize {
    r.findings
        .iter()
        .filter(|f| f.severity.as_str() == sev)
        .count()
}

// ---------------------------------------------------------------- CLI

fn govlint() -> Command {
    let mut c = Command::cargo_bin("govlint").expect("binary built");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// The demo lints to findings (exit 1), or 3 while a rule in the tree is incomplete.
fn assert_ran(out: &std::process::Output) {
    assert!(
        matches!(out.status.code(), Some(1) | Some(3)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cli_writes_several_formats_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sarif = dir.path().join("govlint.sarif");
    let junit = dir.path().join("junit.xml");
    let out = govlint()
        .args(["lint", DEMO_REL, "--no-config", "--format", "json"])
        .arg("--output")
        .arg(format!("sarif={}", sarif.display()))
        .arg("--output")
        .arg(format!("junit={}", junit.display()))
        .output()
        .expect("runs");
    assert_ran(&out);
    let json: Value = serde_json::from_slice(&out.stdout).expect("--format json on stdout");
    let n = json["findings"].as_array().expect("findings").len();

    let v: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written"))
        .expect("JSON");
    assert_schema_valid(&v);
    assert_github_accepts(&v, DEMO_REL);
    assert_eq!(
        v["runs"][0]["results"].as_array().expect("results").len(),
        n
    );

    let j = parse_junit(&std::fs::read_to_string(&junit).expect("junit written"));
    assert!(j.failures > 0);
    let incomplete = json["notEvaluated"].as_array().map_or(0, Vec::len)
        + json["errors"].as_array().map_or(0, Vec::len);
    assert_eq!(j.errors, incomplete);
    // Nothing else left behind (atomic writes clean up their temp files).
    let names: BTreeSet<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["govlint.sarif", "junit.xml"].map(String::from).into()
    );
}

#[test]
fn cli_plain_output_still_takes_the_format_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = dir.path().join("report.md");
    let out = govlint()
        .args([
            "lint",
            DEMO_REL,
            "--no-config",
            "--format",
            "markdown",
            "-o",
        ])
        .arg(&md)
        .arg("--output")
        .arg(format!("github={}", dir.path().join("gh.txt").display()))
        .output()
        .expect("runs");
    assert_ran(&out);
    assert!(out.stdout.is_empty(), "everything went to files");
    let text = std::fs::read_to_string(&md).expect("markdown written");
    assert!(text.starts_with("<!-- govlint-report -->\n## govlint report"));
    let gh = std::fs::read_to_string(dir.path().join("gh.txt")).expect("github written");
    assert!(gh.lines().any(|l| l.starts_with("::error title=")));
}

#[test]
fn cli_github_appends_the_step_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("step_summary.md");
    std::fs::write(&summary, "# earlier step\n").expect("seed");
    let out = govlint()
        .args(["lint", DEMO_REL, "--no-config", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    assert_ran(&out);
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!parse_github(&stdout).is_empty());
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(
        text.starts_with("# earlier step\n<!-- govlint-report -->\n## govlint report"),
        "{text}"
    );
    assert!(text.contains("| Area | Critical | High | Medium | Low | Info | Total |"));
}

#[test]
fn cli_rejects_two_files_for_the_format_report() {
    let out = govlint()
        .args([
            "lint",
            DEMO_REL,
            "--no-config",
            "-o",
            "a.json",
            "-o",
            "b.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output"));
    assert!(!Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/a.json")).exists());
}
