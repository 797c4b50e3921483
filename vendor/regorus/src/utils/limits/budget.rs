// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 116: a per-thread memory budget, counted by the embedder's own allocator.
//
// The `allocator-memory-limits` feature needs regorus's mimalloc build and bounds the whole
// process: an embedder evaluating several policies in parallel cannot single out the one that
// grows, and one that allocates gigabytes a second exhausts memory before a time limit fires.
// Here the embedder's global allocator (a thin wrapper around whatever allocator it uses)
// reports each allocation and free to `record_alloc` / `record_free`, which keep a count per
// thread; an evaluation arms a budget on its thread with `MemoryBudgetScope`. The budget is
// the thread's live bytes since the scope began: allocated minus freed on that thread. Every
// place the engine checks its memory limit (each comprehension element, each builtin's
// `enforce_limit`, each value deserialized) and its time (each expression, each builtin
// checkpoint of patch 91) tests the budget too, so an evaluation that outgrows it ends with
// `LimitError::MemoryLimitExceeded` rather than with the process killed. Once it has fired it
// keeps failing until the scope ends, so code that turns an error into `undefined` still ends.
//
// An allocator must never fail an allocation (a null return aborts the process), so a single
// request is never refused: it can pass the budget, and the next check stops the evaluation.
// Collections double as they grow, so a runaway evaluation holds at most about twice its
// budget (plus whatever one builtin call builds between checks) when it is stopped.
//
// Memory freed on another thread than the one that allocated it lowers the freeing thread's
// count: a thread's count is what it allocated minus what it freed, never the bytes it owns.
// Summed over threads it is the process's live bytes, so budgets still bound the growth of the
// whole; one evaluation may be charged for memory another frees later, never the reverse.

use core::cell::Cell;

use super::LimitError;

#[derive(Clone, Copy, Debug)]
struct Armed {
    /// `live` when the scope began.
    base: i64,
    limit: u64,
    /// The usage that fired, kept so every later check fails too.
    fired: Option<u64>,
}

struct Counts {
    /// Bytes allocated minus bytes freed on this thread, ever (wraps; only differences count).
    live: Cell<i64>,
    /// The highest `live` since the innermost scope began.
    high: Cell<i64>,
    armed: Cell<Option<Armed>>,
}

std::thread_local! {
    // `const` and without a destructor: reading it never allocates and works while a thread
    // starts or ends, which an allocator needs.
    static COUNTS: Counts = const {
        Counts {
            live: Cell::new(0),
            high: Cell::new(0),
            armed: Cell::new(None),
        }
    };
}

/// For the embedder's global allocator: `bytes` were allocated on this thread.
#[inline]
pub fn record_alloc(bytes: usize) {
    let _ = COUNTS.try_with(|c| {
        let live = c.live.get().wrapping_add(bytes as i64);
        c.live.set(live);
        if live > c.high.get() {
            c.high.set(live);
        }
    });
}

/// For the embedder's global allocator: `bytes` were freed on this thread.
#[inline]
pub fn record_free(bytes: usize) {
    let _ = COUNTS.try_with(|c| c.live.set(c.live.get().wrapping_sub(bytes as i64)));
}

fn usage(c: &Counts, armed: &Armed) -> u64 {
    u64::try_from(c.live.get().wrapping_sub(armed.base)).unwrap_or(0)
}

fn exceeded(usage: u64, limit: u64) -> LimitError {
    LimitError::MemoryLimitExceeded { usage, limit }
}

/// The memory-limit error once this thread's armed budget is exceeded (and from then on, until
/// its scope ends); `Ok` when no budget is armed.
#[inline]
pub fn check() -> Result<(), LimitError> {
    COUNTS
        .try_with(|c| {
            let Some(mut armed) = c.armed.get() else {
                return Ok(());
            };
            if let Some(used) = armed.fired {
                return Err(exceeded(used, armed.limit));
            }
            let used = usage(c, &armed);
            if used <= armed.limit {
                return Ok(());
            }
            armed.fired = Some(used);
            c.armed.set(Some(armed));
            Err(exceeded(used, armed.limit))
        })
        .unwrap_or(Ok(()))
}

/// Before reserving `bytes` at once: the memory-limit error if they would take this thread past
/// its armed budget, so a builtin whose output size is known up front fails before allocating.
#[inline]
pub fn reserve(bytes: usize) -> Result<(), LimitError> {
    check()?;
    COUNTS
        .try_with(|c| {
            let Some(armed) = c.armed.get() else {
                return Ok(());
            };
            let wanted = usage(c, &armed).saturating_add(bytes as u64);
            if wanted <= armed.limit {
                return Ok(());
            }
            c.armed.set(Some(Armed {
                fired: Some(wanted),
                ..armed
            }));
            Err(exceeded(wanted, armed.limit))
        })
        .unwrap_or(Ok(()))
}

/// A memory budget armed on this thread until dropped: at most `limit` bytes more live than
/// when it began. Scopes nest; the outer one's budget and peak are restored when an inner ends.
#[derive(Debug)]
pub struct MemoryBudgetScope {
    previous: Option<Armed>,
    previous_high: i64,
    base: i64,
}

impl MemoryBudgetScope {
    /// Arms a budget of `limit` bytes on this thread.
    pub fn enter(limit: u64) -> Self {
        COUNTS
            .try_with(|c| {
                let base = c.live.get();
                Self {
                    previous: c.armed.replace(Some(Armed {
                        base,
                        limit,
                        fired: None,
                    })),
                    previous_high: c.high.replace(base),
                    base,
                }
            })
            // (A scope built eagerly here would disarm the real one when dropped.)
            .unwrap_or_else(|_| Self {
                previous: None,
                previous_high: 0,
                base: 0,
            })
    }

    /// The most bytes live beyond the scope's start at any time so far.
    pub fn peak(&self) -> u64 {
        COUNTS
            .try_with(|c| u64::try_from(c.high.get().wrapping_sub(self.base)).unwrap_or(0))
            .unwrap_or(0)
    }
}

impl Drop for MemoryBudgetScope {
    fn drop(&mut self) {
        let _ = COUNTS.try_with(|c| {
            c.armed.set(self.previous);
            // The outer scope's peak includes what happened inside this one.
            c.high.set(self.previous_high.max(c.high.get()));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unarmed_checks_pass() {
        record_alloc(1 << 40);
        assert_eq!(check(), Ok(()));
        assert_eq!(reserve(usize::MAX), Ok(()));
        record_free(1 << 40);
    }

    #[test]
    fn a_budget_fires_past_its_limit_and_stays_fired_until_its_scope_ends() {
        let scope = MemoryBudgetScope::enter(1000);
        record_alloc(600);
        assert_eq!(check(), Ok(()));
        assert!(reserve(500).is_err());
        // A failed reservation fires the budget: the builtin's caller sees the same error.
        assert!(check().is_err());
        drop(scope);
        assert_eq!(check(), Ok(()));

        let scope = MemoryBudgetScope::enter(1000);
        record_alloc(1001);
        assert_eq!(
            check(),
            Err(LimitError::MemoryLimitExceeded {
                usage: 1001,
                limit: 1000
            })
        );
        record_free(1001);
        assert!(check().is_err(), "fired stays fired after the memory is freed");
        assert_eq!(scope.peak(), 1001);
        drop(scope);
        record_free(600);
    }

    #[test]
    fn frees_of_older_memory_are_credit_and_scopes_nest() {
        record_alloc(5000);
        let outer = MemoryBudgetScope::enter(1000);
        record_free(5000);
        record_alloc(5500);
        assert_eq!(check(), Ok(()), "500 bytes more than at the start");
        {
            let inner = MemoryBudgetScope::enter(100);
            record_alloc(200);
            assert!(check().is_err());
            assert_eq!(inner.peak(), 200);
        }
        assert_eq!(check(), Ok(()), "the outer budget is back: 700 of 1000");
        assert_eq!(outer.peak(), 700);
        drop(outer);
        record_free(5700);
    }
}
