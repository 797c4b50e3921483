//! The human report as the binary prints it, reviewed as a diff (insta): width from `$COLUMNS`
//! when piped, colour on request. A one-rule selection of the demo tenant keeps these stable
//! while the demo grows; tests/cli.rs checks the whole demo's structure instead.

use assert_cmd::Command;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-tenant.json");
const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/govlint.toml");

fn lint(columns: &str, color: &str) -> String {
    let out = Command::cargo_bin("govlint")
        .expect("binary built")
        .args(["lint", DEMO, "--config", CONFIG, "--select", "PRV004"])
        .args(["--color", color])
        .env("COLUMNS", columns)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "findings: exit 1");
    // Escapes shown as `␛`, so a colour change is a readable line in the diff.
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .replace('\x1b', "␛")
}

#[test]
fn prv004_80_piped() {
    insta::assert_snapshot!(lint("80", "never"));
}

#[test]
fn prv004_120_piped() {
    insta::assert_snapshot!(lint("120", "never"));
}

#[test]
fn prv004_80_coloured() {
    insta::assert_snapshot!(lint("80", "always"));
}

#[test]
fn prv004_120_coloured() {
    insta::assert_snapshot!(lint("120", "always"));
}
