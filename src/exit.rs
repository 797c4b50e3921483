//! Exit codes: a stable contract for CI pipelines (README "Exit codes").

use std::process::ExitCode;

/// Clean and complete.
pub const CLEAN: u8 = 0;
/// Findings at or above `--fail-on`.
pub const FINDINGS: u8 = 1;
/// Usage error or bad input: unreadable snapshot, Rego syntax error, bad config.
pub const BAD_INPUT: u8 = 2;
/// Incomplete: a rule could not be evaluated or errored. Wins over [`FINDINGS`], because a
/// gate that is blind must not look merely dirty.
pub const INCOMPLETE: u8 = 3;
/// Fetch failed (auth, network): nothing written.
pub const FETCH_FAILED: u8 = 4;

/// `fix --apply`: some steps were skipped because the live object drifted from the plan
/// (none failed or was refused).
pub const FIX_DRIFTED: u8 = 5;
/// `fix --apply`: some steps failed (Graph refused the write, or the read after it did not
/// show the expected state); a rerun resumes them. Wins over the others.
pub const FIX_FAILED: u8 = 6;
/// `fix --apply`: a guard rail refused steps (the last Global Administrator, an
/// emergency-access account) or the whole run (more removals than the cap).
pub const FIX_REFUSED: u8 = 7;

pub fn code(c: u8) -> ExitCode {
    ExitCode::from(c)
}
