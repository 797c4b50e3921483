//! `GOVLINT_TIMINGS`: phase times on standard error, for the benchmarks.
//!
//! Its own module because every layer reports phases (the loader, the engine, `show`), and
//! the loader must not reach up into the engine for it.

/// With `GOVLINT_TIMINGS` set, prints how long a phase took to standard error.
pub fn phase(what: &str, started: std::time::Instant) {
    if std::env::var_os("GOVLINT_TIMINGS").is_some() {
        eprintln!(
            "govlint timing: {what}: {:.3} s",
            started.elapsed().as_secs_f64()
        );
    }
}

/// With `GOVLINT_TIMINGS` set, prints the most memory a phase held beyond its start (a rule's
/// peak against its budget, src/engine/memory.rs).
pub fn memory(what: &str, peak_bytes: u64) {
    if std::env::var_os("GOVLINT_TIMINGS").is_some() {
        eprintln!(
            "govlint timing: {what}: peak {:.1} MB",
            peak_bytes as f64 / 1e6
        );
    }
}
