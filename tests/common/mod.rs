//! Shared by the integration tests that drive the library directly.

use govlint::config::Config;
use govlint::engine::{Linter, RuleMeta};
use govlint::finding::LintResult;
use govlint::policy;
use govlint::snapshot::Snapshot;

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
