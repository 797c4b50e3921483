// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 91: the execution timer reaches inside built-in calls.
//
// The interpreter checks its `ExecutionTimer` between expressions, but a builtin is one
// opaque call: `numbers.range(1, 1e10)`, `json.marshal` of a document whose parts repeat,
// `walk`, `sort` of a huge array ran to completion however long they took, so a policy
// with an evaluation time limit could still run for minutes. Builtins have no access to the
// interpreter, so while one runs the interpreter arms a per-thread copy of its deadline
// (`BuiltinScope`), and builtins call `checkpoint(units)` in their loops (every
// `builtins::utils::enforce_limit`, every value serialized, every sort comparison). A
// checkpoint reads the clock once per `check_interval` units, as the interpreter does, and
// once the deadline has passed it keeps failing, so a builtin that turns errors into
// `undefined` (or a comparator that cannot fail) still ends quickly; the interpreter then
// returns the time-limit error for the call whatever the builtin returned.

use core::cell::Cell;
use core::time::Duration;

use super::{monotonic_now, ExecutionTimer, LimitError};

#[derive(Clone, Copy, Debug)]
struct Deadline {
    start: Duration,
    limit: Duration,
    interval: u32,
}

std::thread_local! {
    static DEADLINE: Cell<Option<Deadline>> = const { Cell::new(None) };
    static UNITS: Cell<u32> = const { Cell::new(0) };
    static FIRED: Cell<Option<LimitError>> = const { Cell::new(None) };
}

/// govlint patch 116: how often a checkpoint tests the memory budget when no deadline is armed.
const UNTIMED_INTERVAL: u32 = 256;

/// The interpreter's deadline, armed on this thread while one builtin call runs.
#[derive(Debug)]
pub struct BuiltinScope {
    previous: Option<Deadline>,
    previous_fired: Option<LimitError>,
}

impl BuiltinScope {
    /// Arms `timer`'s deadline (if it has a limit and has started) until the scope drops.
    pub fn enter(timer: &ExecutionTimer) -> Self {
        let armed = match (timer.config(), timer.start_instant()) {
            (Some(config), Some(start)) => Some(Deadline {
                start,
                limit: config.limit,
                interval: config.check_interval.get(),
            }),
            _ => None,
        };
        let previous = DEADLINE.with(|d| d.replace(armed));
        let previous_fired = FIRED.with(|f| f.replace(None));
        UNITS.with(|u| u.set(0));
        Self {
            previous,
            previous_fired,
        }
    }

    /// The time-limit error if a checkpoint found the deadline passed during the call.
    pub fn fired(&self) -> Option<LimitError> {
        FIRED.with(|f| f.get())
    }
}

impl Drop for BuiltinScope {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.previous));
        FIRED.with(|f| f.set(self.previous_fired));
    }
}

/// Counts `units` of work in the running builtin; an error once its rule's time is up.
#[inline]
pub fn checkpoint(units: u32) -> Result<(), LimitError> {
    if let Some(e) = FIRED.with(|f| f.get()) {
        return Err(e);
    }
    let deadline = DEADLINE.with(|d| d.get());
    let interval = deadline.map_or(UNTIMED_INTERVAL, |d| d.interval);
    let due = UNITS.with(|u| {
        let n = u.get().saturating_add(units);
        if n >= interval {
            u.set(0);
            true
        } else {
            u.set(n);
            false
        }
    });
    if !due {
        return Ok(());
    }
    // govlint patch 116: the thread's memory budget, as often as the clock: a builtin that
    // builds its output in a loop stops within an interval of passing the budget.
    if let Err(e) = super::check_memory_budget() {
        FIRED.with(|f| f.set(Some(e)));
        return Err(e);
    }
    let Some(deadline) = deadline else {
        return Ok(());
    };
    let Some(now) = monotonic_now() else {
        return Ok(());
    };
    let elapsed = now.saturating_sub(deadline.start);
    if elapsed > deadline.limit {
        let e = LimitError::TimeLimitExceeded {
            elapsed,
            limit: deadline.limit,
        };
        FIRED.with(|f| f.set(Some(e)));
        return Err(e);
    }
    Ok(())
}

/// For code that cannot return an error (a sort comparator): counts one unit and says
/// whether the deadline has passed, after which the caller should finish as fast as it can.
#[inline]
pub fn expired() -> bool {
    checkpoint(1).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::utils::limits::ExecutionTimerConfig;
    use core::num::NonZeroU32;

    fn timer(limit: Duration) -> ExecutionTimer {
        let mut t = ExecutionTimer::new(Some(ExecutionTimerConfig {
            limit,
            check_interval: NonZeroU32::MIN,
        }));
        t.start(monotonic_now().unwrap_or_default());
        t
    }

    #[test]
    fn unarmed_checkpoints_pass() {
        assert_eq!(checkpoint(1_000_000), Ok(()));
        let none = ExecutionTimer::new(None);
        let scope = BuiltinScope::enter(&none);
        assert_eq!(checkpoint(1_000_000), Ok(()));
        assert_eq!(scope.fired(), None);
    }

    #[test]
    fn a_passed_deadline_fires_and_stays_fired_until_the_scope_ends() {
        let t = timer(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        {
            let scope = BuiltinScope::enter(&t);
            assert!(matches!(
                checkpoint(1),
                Err(LimitError::TimeLimitExceeded { .. })
            ));
            assert!(expired());
            assert!(scope.fired().is_some());
        }
        assert_eq!(checkpoint(1), Ok(()));
    }

    #[test]
    fn a_distant_deadline_does_not_fire() {
        let t = timer(Duration::from_secs(3600));
        let scope = BuiltinScope::enter(&t);
        for _ in 0..1000 {
            assert_eq!(checkpoint(1), Ok(()));
        }
        assert_eq!(scope.fired(), None);
    }
}
