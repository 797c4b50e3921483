//! Rules read the lint's clock (the snapshot's `fetchedAt` or `--now`), never the wall clock,
//! even through `time.now_ns()` and `io.jwt.decode_verify` without a `time` constraint
//! (engine patch 37).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-tenant.json");

/// 2028-01-01T00:00:00Z in nanoseconds: CLK001 fires before it, CLK002's token expires at it.
const POLICY: &str = r#"package govlint.rules.clk

import rego.v1

metadata := {"code": "CLK001", "name": "clock-before-2028", "title": "The clock is before 2028", "severity": "low", "area": "ext", "reads": ["users"]}

findings contains f if {
	time.now_ns() < 1830297600000000000
	u := input.collections.users[0]
	f := {"object": {"collection": "users", "id": u.id}, "message": sprintf("now %d, input %d", [time.now_ns(), input.now_ns]), "remediation": {"summary": "none", "patch": {}}}
}
"#;

const JWT_POLICY: &str = r#"package govlint.rules.clkjwt

import rego.v1

metadata := {"code": "CLK002", "name": "token-still-valid", "title": "A token valid until 2028 still verifies", "severity": "low", "area": "ext", "reads": ["users"]}

findings contains f if {
	token := io.jwt.encode_sign({"alg": "HS256"}, {"exp": 1830297600}, {"kty": "oct", "k": "c2VjcmV0"})
	[true, _, _] := io.jwt.decode_verify(token, {"secret": "secret"})
	u := input.collections.users[0]
	f := {"object": {"collection": "users", "id": u.id}, "message": "valid", "remediation": {"summary": "none", "patch": {}}}
}
"#;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The findings' messages of `code` in a JSON lint at `now` (None: the snapshot's fetchedAt).
fn messages(dir: &Path, code: &str, now: Option<&str>) -> Vec<String> {
    let policies = dir.to_str().expect("utf-8");
    let mut args = vec!["lint", DEMO, "--no-config", "--format", "json"];
    args.extend(["--policies", policies, "--select", code]);
    if let Some(n) = now {
        args.extend(["--now", n]);
    }
    let (code_, out, err) = run(&args);
    assert!(code_ == 0 || code_ == 1, "exit {code_}: {err}{out}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(v["errors"].as_array().is_some_and(Vec::is_empty), "{v}");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["message"].as_str().expect("message").to_string())
        .collect()
}

fn policies() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("clk.rego"), POLICY).expect("write");
    std::fs::write(dir.path().join("clkjwt.rego"), JWT_POLICY).expect("write");
    dir
}

#[test]
fn time_now_ns_is_the_lint_clock() {
    let dir = policies();
    // 2027-12-31T23:59:59Z and 2028-01-01T00:00:01Z in nanoseconds.
    let before = messages(dir.path(), "CLK001", Some("2027-12-31T23:59:59Z"));
    assert_eq!(
        before,
        ["now 1830297599000000000, input 1830297599000000000"]
    );
    let after = messages(dir.path(), "CLK001", Some("2028-01-01T00:00:01Z"));
    assert!(after.is_empty(), "{after:?}");
    // Without --now: the snapshot's fetchedAt, 2026-11-20T09:00:00Z.
    let fetched = messages(dir.path(), "CLK001", None);
    assert_eq!(
        fetched,
        ["now 1795165200000000000, input 1795165200000000000"]
    );
}

#[test]
fn decode_verify_without_time_uses_the_lint_clock() {
    let dir = policies();
    let before = messages(dir.path(), "CLK002", Some("2027-12-31T23:59:59Z"));
    assert_eq!(before, ["valid"]);
    let after = messages(dir.path(), "CLK002", Some("2028-01-01T00:00:01Z"));
    assert!(after.is_empty(), "{after:?}");
}

#[test]
fn eval_reads_the_lint_clock_once_per_query() {
    let (code, out, err) = run(&[
        "eval",
        "[time.now_ns(), input.now_ns]",
        "--snapshot",
        DEMO,
        "--no-config",
        "--now",
        "2030-06-01T00:00:00Z",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v,
        serde_json::json!([1906502400000000000i64, 1906502400000000000i64])
    );
}
