//! Evaluation limits: a user policy that never ends must not hang a CI job.
//!
//! Two layers. regorus's cooperative execution timer bounds each rule: `Engine::eval_rule`
//! starts it after its own preparation (the snapshot is parsed and indexed before, untimed),
//! and the interpreter checks it as it evaluates expressions, statements, loop iterations,
//! comprehensions and calls, so an overrun comes back as that rule's error. Engine patch 91
//! carries the same deadline into builtin calls: `numbers.range*`, `walk`, `graph.*`, the
//! `object.*` and `json.patch` loops, `sort`, `concat`, `replace`, `strings.replace_n` and every
//! value serialized (`json.marshal`, `yaml.marshal`, `sprintf("%v")`) check it as they work,
//! so those overruns are the rule's error too (tests/hostile.rs). What can still reach the
//! [`Watchdog`], which ends the whole process naming the rule once it has run past
//! [`hard_deadline`]: one call that is linear in one long value built under the timer (a
//! `regex.*` or `glob.match` on one long text, a hash or base64 of one long string, one
//! `json.unmarshal`), one BigInt operation, and the interpreter's comparison of two huge
//! values. Memory is bounded per rule by a budget (src/engine/memory.rs, engine patches 116
//! and 117): govlint's allocator counts each thread's live bytes, the engine tests the rule's
//! budget at the same checks as its time, and a rule past it is that rule's error too.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use std::num::{NonZeroU32, NonZeroUsize};

use regorus::utils::limits::{ExecutionTimerConfig, LimitError, PolicyLengthConfig};

use crate::time::format_duration;

/// Work units (expressions, iterations) between clock reads: a read costs tens of nanoseconds,
/// a unit about as much, so the check stays a small share and fires within microseconds.
const CHECK_INTERVAL: NonZeroU32 = NonZeroU32::new(256).expect("non-zero");

/// regorus's timer for one evaluation of at most `limit`.
pub fn timer(limit: Duration) -> ExecutionTimerConfig {
    ExecutionTimerConfig {
        limit,
        check_interval: CHECK_INTERVAL,
    }
}

/// How long a policy file and its lines may be, for every engine that loads policies (lint, test,
/// eval, the input-path check), so a policy `govlint test` accepts also loads in `lint`.
/// regorus defaults to 1,024 columns, 20,000 lines and 1 MiB; OPA has no limit, and generated
/// tables or fixtures pass all three. These bound memory only: parsing is linear (patch 90).
pub fn policy_length() -> PolicyLengthConfig {
    PolicyLengthConfig {
        max_col: NonZeroU32::new(1 << 20).expect("non-zero"),
        max_file_bytes: NonZeroUsize::new(64 << 20).expect("non-zero"),
        max_lines: NonZeroUsize::new(1 << 20).expect("non-zero"),
    }
}

/// Whether `e` is regorus's time limit firing. Inside a function call regorus re-wraps the
/// error as text, so its message counts too.
pub fn is_overrun(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<LimitError>(),
            Some(LimitError::TimeLimitExceeded { .. })
        ) || c.to_string().contains(OVERRUN_TEXT)
    })
}

/// How regorus's `LimitError::TimeLimitExceeded` displays (regorus 0.14).
const OVERRUN_TEXT: &str = "execution exceeded time limit";

/// When the watchdog gives up on a call the timer cannot interrupt: twice the limit and a
/// second, so the cooperative timer always fires first when it can.
pub fn hard_deadline(limit: Duration) -> Duration {
    limit
        .saturating_mul(2)
        .saturating_add(Duration::from_secs(1))
}

/// What the watchdog does when something overruns its hard deadline: `name` and the limit.
pub type OnOverrun = Box<dyn Fn(&str, Duration) + Send + 'static>;

/// Prints why and ends the process with `code`. Nothing can stop a thread stuck in a built-in,
/// and waiting for it is the hang this module exists to prevent.
pub fn exit_on_overrun(code: u8) -> OnOverrun {
    Box::new(move |name, limit| {
        eprintln!(
            "error: {name} is still running {} after it started, past its evaluation limit of {}, \
             inside a single built-in call the limit cannot interrupt; stopping without a report \
             (exit {code})",
            format_duration(hard_deadline(limit)),
            format_duration(limit),
        );
        std::process::exit(i32::from(code));
    })
}

struct State {
    running: Mutex<BTreeMap<u64, (String, Instant)>>,
    next: AtomicU64,
}

/// A thread that watches evaluations in flight and calls its [`OnOverrun`] (once) when one has
/// run past [`hard_deadline`]. Stops when dropped.
pub struct Watchdog {
    state: Arc<State>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// One evaluation in flight; dropping it tells the watchdog it finished.
pub struct Watched<'a> {
    state: &'a State,
    id: u64,
}

/// What the load watchdog does when loading overruns its limit: prints which file (or stage)
/// was loading and ends the process with `code`, the exit of a policy that cannot load.
/// Loading is all or nothing (no rule can run before every policy has compiled), so there is
/// no report to save, and the compile passes cannot be interrupted from outside.
pub fn exit_on_slow_load(code: u8) -> OnOverrun {
    Box::new(move |name, limit| {
        eprintln!(
            "error: {name} did not load within the policy load limit of {} \
             (`[limits] load_timeout` in govlint.toml or --load-timeout); stopping (exit {code})",
            format_duration(limit),
        );
        std::process::exit(i32::from(code));
    })
}

/// A watchdog over loading the policies: it acts at `limit` itself (the evaluation
/// watchdog waits for [`hard_deadline`], leaving regorus's own timer room first; nothing
/// cooperative bounds loading).
pub fn load_watchdog(limit: Duration) -> Watchdog {
    Watchdog::with_deadline(limit, limit, exit_on_slow_load(crate::exit::BAD_INPUT))
}

/// What a watch over the compile passes names: the file when there is one, else the
/// largest, since the passes run over every module at once.
pub fn compile_stage_name<'a>(mut paths: impl Iterator<Item = (&'a str, usize)>) -> String {
    let Some(first) = paths.next() else {
        return "the policies".into();
    };
    let (mut count, mut largest) = (1, first);
    for p in paths {
        count += 1;
        if p.1 > largest.1 {
            largest = p;
        }
    }
    if count == 1 {
        return largest.0.to_string();
    }
    format!(
        "the {count} policy files (compiled together; the largest is {})",
        largest.0
    )
}

impl Watchdog {
    pub fn start(limit: Duration, on_overrun: OnOverrun) -> Watchdog {
        Watchdog::with_deadline(limit, hard_deadline(limit), on_overrun)
    }

    /// A watchdog that acts once something has run past `hard`, reporting `limit`.
    pub fn with_deadline(limit: Duration, hard: Duration, on_overrun: OnOverrun) -> Watchdog {
        let state = Arc::new(State {
            running: Mutex::new(BTreeMap::new()),
            next: AtomicU64::new(0),
        });
        let (stop, stopped) = mpsc::channel::<()>();
        let tick = (hard / 10).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let watched = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name("govlint-watchdog".into())
            .spawn(move || {
                // Any message or a dropped sender ends the watch; only a timeout checks.
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(tick) {
                    let late = {
                        let running = watched.running.lock().unwrap_or_else(|p| p.into_inner());
                        running
                            .values()
                            .find(|(_, started)| started.elapsed() > hard)
                            .map(|(name, _)| name.clone())
                    };
                    if let Some(name) = late {
                        on_overrun(&name, limit);
                        return;
                    }
                }
            })
            .ok();
        Watchdog {
            state,
            stop: Some(stop),
            thread,
        }
    }

    /// Registers an evaluation of `name` ("rule PIM001 (standing-active-…)") starting now.
    pub fn watch(&self, name: String) -> Watched<'_> {
        let id = self.state.next.fetch_add(1, Ordering::Relaxed);
        self.state
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, (name, Instant::now()));
        Watched {
            state: &self.state,
            id,
        }
    }
}

impl Drop for Watched<'_> {
    fn drop(&mut self) {
        self.state
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.id);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorder() -> (Arc<Mutex<Vec<String>>>, OnOverrun) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let out = Arc::clone(&seen);
        let f: OnOverrun = Box::new(move |name: &str, limit: Duration| {
            out.lock()
                .expect("not poisoned")
                .push(format!("{name} {}", format_duration(limit)));
        });
        (seen, f)
    }

    #[test]
    fn watchdog_names_what_overran_its_hard_deadline() {
        let (seen, f) = recorder();
        let dog = Watchdog::start(Duration::from_millis(1), f);
        {
            let _quick = dog.watch("rule A".into());
        }
        let _stuck = dog.watch("rule B".into());
        // The hard deadline is 1 s 2 ms; wait until the watchdog has acted (bounded).
        let waited = Instant::now();
        while seen.lock().expect("not poisoned").is_empty()
            && waited.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(_stuck);
        drop(dog);
        assert_eq!(*seen.lock().expect("not poisoned"), vec!["rule B 1ms"]);
    }

    #[test]
    fn watchdog_is_silent_when_evaluations_finish() {
        let (seen, f) = recorder();
        let dog = Watchdog::start(Duration::from_millis(1), f);
        for i in 0..100 {
            let _w = dog.watch(format!("rule {i}"));
        }
        std::thread::sleep(Duration::from_millis(1100));
        drop(dog);
        assert!(seen.lock().expect("not poisoned").is_empty());
    }

    #[test]
    fn the_compile_stage_names_the_file_or_the_largest() {
        assert_eq!(compile_stage_name([("a.rego", 10)].into_iter()), "a.rego");
        assert_eq!(
            compile_stage_name([("a.rego", 10), ("b.rego", 30), ("c.rego", 20)].into_iter()),
            "the 3 policy files (compiled together; the largest is b.rego)"
        );
        assert_eq!(compile_stage_name(std::iter::empty()), "the policies");
    }

    #[test]
    fn hard_deadline_leaves_the_timer_room() {
        assert_eq!(
            hard_deadline(Duration::from_secs(10)),
            Duration::from_secs(21)
        );
        assert_eq!(hard_deadline(Duration::MAX), Duration::MAX);
    }
}
