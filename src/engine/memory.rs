//! The per-rule memory budget: a user's rule that allocates without end must be that rule's
//! error, not the operating system killing the CI gate with no report.
//!
//! govlint's global allocator is [`Counting`] around mimalloc (src/main.rs): each allocation
//! and free adds to or subtracts from a counter of its thread (engine patch 116, one
//! thread-local add: no atomics, no sharing between threads). The thread evaluating a rule
//! arms the rule's budget ([`Budget::arm`]); the engine tests it wherever it checks its time
//! and memory limits (each expression, each comprehension element, the checkpoints inside
//! builtins), and a rule past its budget stops with an error naming the rule and the budget.
//!
//! What is counted: the bytes allocated minus the bytes freed on the rule's thread since it
//! began (its live bytes), as requested from the allocator (not the pages the OS maps). A
//! rule runs on one thread from start to end (rayon gives each worker whole rules), so that is
//! the rule's memory. Memory one thread frees that another allocated counts for the thread
//! that frees it: the input, the indexes and the engine are built before any rule begins and
//! outlive every rule, so no rule is charged for them or credited with freeing them.
//!
//! The allocator never refuses: an allocation that fails aborts the process, so one request
//! can pass the budget and the next check stops the rule. A collection doubles as it grows,
//! so a runaway rule holds up to about twice its budget when it is stopped. Builtins whose
//! output the policy sizes (`concat`, `replace`, `sprintf`, template strings, …) reserve each
//! growth of it with the budget before allocating (engine patch 128), so one call never takes
//! a rule past it. Each worker thread has its own budget: with N cores the rules together may
//! hold N times it. The budget works only in the `govlint` binary, whose allocator counts; a
//! library user's allocator does not, and then no budget ever fires. Nor does it in a build
//! from the crates.io package, which links the published regorus without patch 116's hooks.

use std::alloc::{GlobalAlloc, Layout};

#[cfg(patched_engine)]
use regorus::utils::limits::budget;

/// The published regorus has no budget hooks: nothing is counted and no budget fires.
#[cfg(not(patched_engine))]
mod budget {
    #[inline]
    pub fn record_alloc(_: usize) {}
    #[inline]
    pub fn record_free(_: usize) {}
    /// What arming returns: nothing to undo.
    pub struct MemoryBudgetScope;
    impl MemoryBudgetScope {
        pub fn enter(_: u64) -> MemoryBudgetScope {
            MemoryBudgetScope
        }
        pub fn peak(&self) -> u64 {
            0
        }
    }
}

/// The budget when neither `[limits] rule_memory` nor `--rule-memory` gives one. The built-in
/// rules' largest peak on the 200k-user bench tenant is a small share of it (README), while a
/// runaway rule stops after allocating a few gigabytes, which a CI runner has.
pub const DEFAULT_RULE_MEMORY: u64 = 2 << 30;

/// A global allocator that counts what `A` hands out per thread, for the rule budget.
pub struct Counting<A>(pub A);

// SAFETY: every call is forwarded to `A` unchanged; the counting touches only a const
// thread-local without a destructor, which never allocates and never unwinds.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() {
            budget::record_alloc(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() {
            budget::record_alloc(layout.size());
        }
        p
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        budget::record_free(layout.size());
        // SAFETY: the caller's contract, forwarded.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, forwarded.
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            budget::record_free(layout.size());
            budget::record_alloc(new_size);
        }
        p
    }
}

/// A rule's memory budget in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget(pub u64);

impl Budget {
    /// Arms the budget on this thread until the returned scope drops.
    pub fn arm(self) -> budget::MemoryBudgetScope {
        budget::MemoryBudgetScope::enter(self.0)
    }
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format_size(self.0))
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget(DEFAULT_RULE_MEMORY)
    }
}

/// Whether `e` is the memory budget firing. Inside a function call regorus re-wraps the error
/// as text, so its message counts too.
pub fn is_out_of_memory(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<regorus::LimitError>(),
            Some(regorus::LimitError::MemoryLimitExceeded { .. })
        ) || c.to_string().contains(OUT_OF_MEMORY_TEXT)
    })
}

/// How regorus's `LimitError::MemoryLimitExceeded` displays (regorus 0.14).
const OUT_OF_MEMORY_TEXT: &str = "execution exceeded memory limit";

const UNITS: [(&str, u64); 9] = [
    ("TiB", 1 << 40),
    ("GiB", 1 << 30),
    ("MiB", 1 << 20),
    ("KiB", 1 << 10),
    ("TB", 1_000_000_000_000),
    ("GB", 1_000_000_000),
    ("MB", 1_000_000),
    ("KB", 1_000),
    ("B", 1),
];

/// A size as written in govlint.toml or on the command line: a whole number and a unit,
/// `512MiB`, `2GiB`, `1GB` (KiB/MiB/GiB/TiB are powers of 1024, KB/MB/GB/TB of 1000, B bytes).
pub fn parse_size(text: &str) -> Result<Budget, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let unit = unit.trim();
    let bad = || {
        format!("`{text}` is not a size: write a whole number and a unit, e.g. 512MiB, 2GiB, 1GB")
    };
    let n: u64 = number.parse().map_err(|_| bad())?;
    let (_, scale) = UNITS
        .iter()
        .find(|(u, _)| u.eq_ignore_ascii_case(unit))
        .ok_or_else(bad)?;
    let bytes = n
        .checked_mul(*scale)
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if bytes < MIN_RULE_MEMORY {
        return Err(format!(
            "`{text}` is too small: a rule needs at least {} to run",
            format_size(MIN_RULE_MEMORY)
        ));
    }
    Ok(Budget(bytes))
}

/// Below this a rule cannot even set up its evaluation.
const MIN_RULE_MEMORY: u64 = 1 << 20;

/// `bytes` in the largest binary unit that writes it whole (`2GiB`, `64MiB`, `1536KiB`).
pub fn format_size(bytes: u64) -> String {
    for (unit, scale) in &UNITS[..4] {
        if bytes >= *scale && bytes.is_multiple_of(*scale) {
            return format!("{}{unit}", bytes / scale);
        }
    }
    format!("{bytes}B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_binary_and_decimal_units() {
        assert_eq!(parse_size("2GiB"), Ok(Budget(2 << 30)));
        assert_eq!(parse_size("512 MiB"), Ok(Budget(512 << 20)));
        assert_eq!(parse_size("1gb"), Ok(Budget(1_000_000_000)));
        assert_eq!(parse_size("1048576B"), Ok(Budget(1 << 20)));
        for bad in ["", "2", "GiB", "1.5GiB", "-1GiB", "2 gigs", "9999999999TiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert!(parse_size("1KiB")
            .expect_err("too small")
            .contains("too small"));
    }

    #[test]
    fn sizes_format_whole() {
        assert_eq!(format_size(2 << 30), "2GiB");
        assert_eq!(format_size(1536 << 10), "1536KiB");
        assert_eq!(format_size(1_000_000_000), "1000000000B");
        assert_eq!(Budget(64 << 20).to_string(), "64MiB");
    }

    #[test]
    fn the_memory_error_is_recognised_wrapped_or_as_text() {
        let e = anyhow::Error::new(regorus::LimitError::MemoryLimitExceeded {
            usage: 10,
            limit: 5,
        });
        assert!(is_out_of_memory(&e));
        assert!(is_out_of_memory(&anyhow::anyhow!(
            "in call f: execution exceeded memory limit (usage=10 bytes, limit=5 bytes)"
        )));
        assert!(!is_out_of_memory(&anyhow::anyhow!(
            "execution exceeded time limit (elapsed=1ns, limit=1ns)"
        )));
    }
}
