//! A hostile or slow user policy cannot hang a CI job: each rule (and each Rego unit test) has
//! an evaluation limit; an overrun is that rule's error (exit 3), the others still run, and a
//! recursive function is refused at load instead of overflowing the stack.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-tenant.json");

fn govlint() -> Command {
    Command::cargo_bin("govlint").expect("binary built")
}

fn rule(code: &str, name: &str, body: &str) -> String {
    format!(
        "package govlint.rules.{pkg}\n\
         metadata := {{\"code\": \"{code}\", \"name\": \"{name}\", \"title\": \"slow\", \
         \"severity\": \"low\", \"area\": \"pim\", \"reads\": [\"users\"]}}\n{body}\n",
        pkg = code.to_ascii_lowercase()
    )
}

const FINDING: &str =
    r#"findings contains {"object": {"collection": "users", "id": "x"}, "message": "m"}"#;

/// Three rules that would each run for hours: nested iteration over ranges (125 billion
/// steps), a comprehension formatting and matching two hundred thousand strings (over ten
/// seconds in a debug build), and 2^40 calls through a chain of functions that each call the
/// next twice. Each built-in call in them is short, so the timer, not the watchdog, stops them
/// even on a loaded host.
fn slow_policies(dir: &Path) {
    common::write(
        dir,
        "nested.rego",
        rule(
            "ZZS001",
            "nested-ranges",
            &format!(
                "{FINDING} if {{\n  some a in numbers.range(1, 5000)\n  some b in numbers.range(1, 5000)\n  some c in numbers.range(1, 5000)\n  a + b + c < 0\n}}"
            ),
        ),
    );
    common::write(
        dir,
        "huge.rego",
        rule(
            "ZZS002",
            "huge-comprehension",
            &format!(
                "{FINDING} if {{\n  n := count([x | some i in numbers.range(1, 200000); x := sprintf(\"%d-%d\", [i, i]); regex.match(\"^9+-0$\", x)])\n  n < 0\n}}"
            ),
        ),
    );
    let mut chain = String::from("f0(x) := x\n");
    for k in 1..=40 {
        chain.push_str(&format!("f{k}(x) := f{}(x) + f{}(x + 1)\n", k - 1, k - 1));
    }
    chain.push_str(&format!("{FINDING} if {{ f40(1) < 0 }}"));
    common::write(dir, "exp.rego", rule("ZZS003", "exponential-calls", &chain));
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn slow_rules_are_stopped_named_and_the_rest_still_reported() {
    let dir = common::tmp();
    slow_policies(dir.path());
    let (code, stdout, stderr) = run(govlint().args([
        "lint",
        DEMO,
        "--no-config",
        "--policies",
        &dir.path().to_string_lossy(),
        "--select",
        "ZZS,PIM001",
        "--rule-timeout",
        "2s",
        "--format",
        "json",
    ]));
    // 2 s, not less: PIM001 must finish inside the limit even on a host loaded by parallel tests.
    assert_eq!(code, 3, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let errors = v["errors"].as_array().expect("errors");
    let mut named: Vec<&str> = errors.iter().filter_map(|e| e["rule"].as_str()).collect();
    named.sort();
    assert_eq!(named, ["ZZS001", "ZZS002", "ZZS003"]);
    for e in errors {
        let msg = e["error"].as_str().unwrap_or_default();
        assert!(msg.contains("evaluation limit of 2s"), "{msg}");
    }
    // PIM001 ran to completion beside them: its demo findings are there.
    assert!(v["findings"]
        .as_array()
        .is_some_and(|f| !f.is_empty() && f.iter().all(|f| f["rule"] == "PIM001")));
    assert_eq!(v["summary"]["rulesEvaluated"], 1);
}

#[test]
fn the_limit_comes_from_govlint_toml_and_applies_to_baseline_and_report() {
    let dir = common::tmp();
    slow_policies(dir.path());
    let toml = common::write(
        dir.path(),
        "govlint.toml",
        "select = [\"ZZS001\"]\npolicies = [\".\"]\n[limits]\nrule_timeout = \"1s\"\n",
    );
    let toml = toml.to_string_lossy().into_owned();
    let (code, stdout, stderr) = run(govlint().args(["lint", DEMO, "--config", &toml]));
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(
        stdout.contains("ZZS001 nested-ranges: stopped after its evaluation limit of 1s"),
        "{stdout}"
    );

    let baseline = dir.path().join("b.json");
    let (code, _, stderr) = run(govlint().args([
        "baseline",
        DEMO,
        "--config",
        &toml,
        "-o",
        &baseline.to_string_lossy(),
    ]));
    assert_eq!(code, 3, "{stderr}");

    let report = dir.path().join("r.md");
    let (code, _, stderr) = run(govlint().args([
        "report",
        DEMO,
        "--config",
        &toml,
        "--format",
        "markdown",
        "-o",
        &report.to_string_lossy(),
    ]));
    assert_eq!(code, 3, "{stderr}");
    let md = std::fs::read_to_string(&report).expect("report written");
    assert!(md.contains("ZZS001"), "the report names the rule");
    assert!(md.contains("evaluation limit of 1s"), "{md}");
}

#[test]
fn bad_limits_are_usage_errors() {
    let (code, _, stderr) =
        run(govlint().args(["lint", DEMO, "--no-config", "--rule-timeout", "soon"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("`soon` is not a duration"), "{stderr}");
    let dir = common::tmp();
    let toml = common::write(dir.path(), "govlint.toml", "[limits]\nrule_timeout = 10\n");
    let (code, _, stderr) =
        run(govlint().args(["lint", DEMO, "--config", &toml.to_string_lossy()]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("govlint.toml:2"), "{stderr}");
}

#[test]
fn recursive_functions_are_refused_at_load() {
    let dir = common::tmp();
    common::write(
        dir.path(),
        "rec.rego",
        rule(
            "ZZS004",
            "recursive",
            &format!("f(x) := y if {{ x > 0; y := g(x) }}\ng(x) := f(x - 1)\n{FINDING} if {{ f(3) == 0 }}"),
        ),
    );
    let (code, _, stderr) = run(govlint().args([
        "lint",
        DEMO,
        "--no-config",
        "--policies",
        &dir.path().to_string_lossy(),
    ]));
    assert_eq!(code, 2, "{stderr}");
    // miette wraps the message to the terminal's width: check its parts.
    assert!(
        stderr.contains("function `govlint.rules.zzs004.f` calls"),
        "{stderr}"
    );
    assert!(stderr.contains("(f → g → f)"), "{stderr}");
    let (code, _, stderr) = run(govlint().args(["test", &dir.path().to_string_lossy()]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("(f → g → f)"), "{stderr}");
}

#[test]
fn a_slow_unit_test_errors_after_timeout_and_the_others_pass() {
    let dir = common::tmp();
    common::write(
        dir.path(),
        "slow_test.rego",
        "package slow_test\n\
         test_nested if {\n  every a in numbers.range(1, 5000) {\n    every b in numbers.range(1, 5000) {\n      every c in numbers.range(1, 5000) {\n        a + b + c > 0\n      }\n    }\n  }\n}\n\
         test_quick if { 1 + 1 == 2 }\n",
    );
    let (code, stdout, stderr) =
        run(govlint().args(["test", &dir.path().to_string_lossy(), "--timeout", "1s"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains(
            "data.slow_test.test_nested: ERROR\n  stopped after the test time limit of 1s (--timeout)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("1 passed, 1 failed"), "{stdout}");
}

/// One built-in call the cooperative timer cannot interrupt (a range of twenty million numbers,
/// about 0.2 GB): with a 1 ms limit, the watchdog ends the run at the hard deadline, exit 3,
/// naming the rule. On a machine fast enough to finish the call first, the timer stops the rule
/// instead, which is also exit 3 naming the rule: either way the run ends and says which rule.
#[test]
fn a_rule_stuck_in_one_builtin_call_ends_the_run_naming_it() {
    let dir = common::tmp();
    common::write(
        dir.path(),
        "big.rego",
        rule(
            "ZZS005",
            "one-big-builtin",
            &format!("{FINDING} if {{ count(numbers.range(1, 20000000)) < 0 }}"),
        ),
    );
    let (code, stdout, stderr) = run(govlint().args([
        "lint",
        DEMO,
        "--no-config",
        "--policies",
        &dir.path().to_string_lossy(),
        "--select",
        "ZZS005",
        "--rule-timeout",
        "1ms",
    ]));
    assert_eq!(code, 3, "{stdout}{stderr}");
    let by_watchdog = stderr.contains(
        "rule ZZS005 (one-big-builtin) is still running 1002ms after it started, past its evaluation limit of 1ms",
    ) && stdout.is_empty();
    let by_timer =
        stdout.contains("ZZS005 one-big-builtin: stopped after its evaluation limit of 1ms");
    assert!(by_watchdog || by_timer, "{stdout}{stderr}");
}
