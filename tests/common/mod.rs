//! Shared by the integration tests: linters built as the CLI builds them, and the small
//! pieces the fetch tests use against the Graph emulator.

use std::path::{Path, PathBuf};

use govlint::config::Config;
use govlint::engine::{Linter, RuleMeta};
use govlint::finding::LintResult;
use govlint::policy;
use govlint::snapshot::Snapshot;
use govlint_testkit::emulator::{Emulator, CLIENT_ID};

/// The built-in rules with `toml` as govlint.toml (`name` is how its errors refer to it).
#[allow(dead_code)]
pub fn linter_with(name: &str, toml: &str) -> Linter {
    let config = Config::parse(name, toml).expect("valid govlint.toml");
    linter(&config)
}

fn linter(config: &Config) -> Linter {
    let files: Vec<_> = policy::builtin_rego()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    Linter::new(&files, config).expect("built-in policies load")
}

/// The built-in rules with the shipped configuration, as `govlint lint --no-config` runs them.
#[allow(dead_code)]
pub fn builtin_linter() -> Linter {
    linter(&Config::defaults())
}

/// The built-in rules with the demo tenant's configuration (`examples/govlint.toml`), which
/// the demo's planted findings assume.
#[allow(dead_code)]
pub fn demo_linter() -> Linter {
    linter_with(
        "examples/govlint.toml",
        govlint_testkit::tenant::DEMO_CONFIG,
    )
}

/// Lints `snap` at its fetch time with `rules`, asserting every rule was evaluated and none
/// errored: a test of findings on data that should be whole must not pass on a rule that
/// silently did not run.
#[allow(dead_code)]
pub fn lint_complete(linter: &Linter, snap: &Snapshot, rules: &[&RuleMeta]) -> LintResult {
    let result = linter.lint(snap, snap.fetched_at, rules);
    assert!(
        result.errors.is_empty(),
        "rule errors: {:#?}",
        result.errors
    );
    assert!(
        result.not_evaluated.is_empty(),
        "not evaluated: {:#?}",
        result.not_evaluated
    );
    result
}

#[allow(dead_code)]
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A fixture file `name` in `dir`.
#[allow(dead_code)]
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// The tenant and app every credential flow needs, for the emulator's app registration.
#[allow(dead_code)]
pub fn base_env(emu: &Emulator) -> Vec<(&'static str, String)> {
    vec![
        ("AZURE_TENANT_ID", emu.tenant().to_string()),
        ("AZURE_CLIENT_ID", CLIENT_ID.to_string()),
    ]
}

/// [`base_env`] plus the certificate file of the certificate credential.
#[allow(dead_code)]
pub fn certificate_env(emu: &Emulator, file: &Path) -> Vec<(&'static str, String)> {
    let mut env = base_env(emu);
    env.push(("AZURE_CLIENT_CERTIFICATE_PATH", file.display().to_string()));
    env
}

/// The grant types the emulator's token endpoint saw, in order.
#[allow(dead_code)]
pub fn grants(emu: &Emulator) -> Vec<String> {
    emu.requests().into_iter().filter_map(|r| r.grant).collect()
}

/// `snap` with every collection the fetcher reads present (empty where the tenant has none),
/// so every route the fetcher calls is served and a direct lint sees what a fetched one does.
#[allow(dead_code)]
pub fn with_every_collection(mut snap: serde_json::Value) -> serde_json::Value {
    for s in govlint::fetch::collections::SPECS {
        if snap["collections"].get(s.name).is_none() {
            snap["collections"][s.name] = serde_json::json!(
                {"status": "complete", "apiVersion": "v1.0", "count": 0, "items": []}
            );
        }
    }
    snap
}

/// `govlint fetch -o out` with a clean environment pointed at the emulator, client secret
/// auth, fast retries; callers add their own flags (and wrap it in `assert_cmd` as they need).
#[allow(dead_code)]
pub fn fetch_command(emu: &Emulator, out: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_govlint"));
    c.env_clear()
        .env("AZURE_TENANT_ID", emu.tenant())
        .env("AZURE_CLIENT_ID", CLIENT_ID)
        .env(
            "AZURE_CLIENT_SECRET",
            govlint_testkit::emulator::CLIENT_SECRET,
        )
        .args(["fetch", "-o"])
        .arg(out)
        .args(["--graph-url", &emu.url(), "--authority-url", &emu.url()])
        .args(["--retry-base-ms", "1", "--timeout", "20"]);
    c
}

/// A snapshot written to a temporary file for the CLI to read, with the JSON kept to work
/// out expected answers from.
#[allow(dead_code)]
pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub snap: serde_json::Value,
}

/// `snap` written as `snapshot.json` in a fresh temporary directory.
#[allow(dead_code)]
pub fn snapshot_fixture(snap: serde_json::Value) -> Fixture {
    let dir = tmp();
    let path = dir.path().join("snapshot.json");
    std::fs::write(&path, serde_json::to_string(&snap).expect("json")).expect("write");
    Fixture {
        _dir: dir,
        path,
        snap,
    }
}

/// The items of collection `c` (none when it is absent).
#[allow(dead_code)]
pub fn items<'a>(snap: &'a serde_json::Value, c: &str) -> &'a [serde_json::Value] {
    snap["collections"][c]["items"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

/// The string property `k` of `v` ("" when absent or not a string).
#[allow(dead_code)]
pub fn str_of<'a>(v: &'a serde_json::Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_default()
}

/// Runs `govlint show ARGS --snapshot F --format FORMAT`: exit code, stdout, stderr.
#[allow(dead_code)]
pub fn show(f: &Fixture, args: &[&str], format: &str) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_govlint"))
        .env_remove("GOVLINT_SNAPSHOT")
        .arg("show")
        .args(args)
        .arg("--snapshot")
        .arg(&f.path)
        .args(["--format", format])
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The JSON answer of `govlint show ARGS`, asserting the exit code.
#[allow(dead_code)]
pub fn ask(f: &Fixture, args: &[&str], code: i32) -> serde_json::Value {
    let (c, out, err) = show(f, args, "json");
    assert_eq!(c, code, "show {args:?}: {err}");
    serde_json::from_str(&out).expect("JSON answer")
}
