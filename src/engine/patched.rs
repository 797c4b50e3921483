//! The calls govlint makes into its patched engine (vendor/regorus/PATCHES.md), kept building
//! when the published regorus is linked instead: a crates.io build, since Cargo does not
//! publish `[patch]`. Rust resolves a method to the type's own method before a trait's, so
//! against the patched engine these names reach its methods and the defaults below are never
//! used; against the published engine they reach the defaults, which do what that engine
//! does (the README says so): `time.now_ns()` reads the wall clock (patch 37), and OPA's
//! compile-time type and safety errors are not checked (patches 50-52).

/// Methods the patched engine has and the published one lacks.
pub trait PatchedApi {
    /// Patch 37: the clock `time.now_ns()` and verification read.
    fn set_time_now_ns(&mut self, _now_ns: Option<i64>) {}

    /// Patches 50-52: OPA's compile-time type and safety errors.
    fn check_policies(&self) -> anyhow::Result<()> {
        Ok(())
    }
}

impl PatchedApi for regorus::Engine {}
