//! What `govlint --version` prints: the crate version, the commit it was built from and the
//! rule catalogue's identity (build.rs), so a CI log or a bug report names the exact rules
//! that judged a tenant.

/// `0.1.0 (commit 6ff1e12a3b4c; rule catalogue 1f0c…, 52 rules)`. The commit is "unknown"
/// when the build could not tell (no git, no `.cargo_vcs_info.json`, no
/// `GOVLINT_BUILD_COMMIT`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("GOVLINT_COMMIT"),
    "; rule catalogue ",
    env!("GOVLINT_CATALOGUE"),
    ")"
);

#[cfg(test)]
mod tests {
    #[test]
    fn names_version_commit_and_catalogue() {
        let v = super::VERSION;
        assert!(v.starts_with(env!("CARGO_PKG_VERSION")), "{v}");
        let commit = env!("GOVLINT_COMMIT");
        assert!(
            commit == "unknown"
                || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
            "{commit}"
        );
        let (digest, rules) = env!("GOVLINT_CATALOGUE")
            .split_once(", ")
            .expect("digest, N rules");
        assert_eq!(digest.len(), 16, "{digest}");
        let n: usize = rules
            .strip_suffix(" rules")
            .and_then(|n| n.parse().ok())
            .expect("N rules");
        // The count build.rs makes is the count the engine loads.
        let files = crate::policy::builtin_rego();
        let config = crate::config::Config::defaults();
        let rego: Vec<_> = files.into_iter().filter(|f| !f.is_test()).collect();
        let linter = crate::engine::Linter::new(&rego, &config).expect("built-in rules load");
        assert_eq!(n, linter.rules().len());
    }
}
