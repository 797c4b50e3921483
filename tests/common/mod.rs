//! Shared by the integration tests that drive the library directly.

use govlint::config::Config;
use govlint::engine::Linter;
use govlint::policy;

/// The built-in rules with the shipped configuration, as `govlint lint --no-config` runs them.
#[allow(dead_code)]
pub fn builtin_linter() -> Linter {
    let files: Vec<_> = policy::builtin_rego()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    Linter::new(&files, &Config::defaults()).expect("built-in policies load")
}

/// The built-in rules with the demo tenant's configuration (`examples/govlint.toml`), which
/// the demo's planted findings assume.
#[allow(dead_code)]
pub fn demo_linter() -> Linter {
    let config = Config::parse(
        "examples/govlint.toml",
        govlint_testkit::tenant::DEMO_CONFIG,
    )
    .expect("examples/govlint.toml is valid");
    let files: Vec<_> = policy::builtin_rego()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    Linter::new(&files, &config).expect("built-in policies load")
}
