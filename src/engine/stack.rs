//! The stack every thread that evaluates policies runs on. A user's policy may legally chain
//! thousands of rules or functions, each reading the next; the engine evaluates each link one
//! level deeper on the stack (in a debug build about 24 KiB a level, so 256 MiB hold some 10,000), so the default 2 MiB of
//! a spawned thread and 8 MiB of the main thread overflowed at a few hundred levels and
//! aborted the process with no report. The engine bounds the nesting (engine patch 109,
//! `regorus::MAX_EVAL_NESTING`), and this stack holds that many levels in any build. It is
//! address space only: pages are committed as they are touched.

/// Bytes of stack reserved for each thread that evaluates policies.
pub const EVAL_STACK_BYTES: usize = 256 << 20;

/// Runs `main` on a thread with an evaluation-sized stack, after giving the rayon pool (lint's
/// rule workers, `govlint test`'s cases, the snapshot parse) the same stack size.
pub fn run_with_eval_stack<T: Send + 'static>(main: fn() -> T) -> T {
    // Fails only if the pool was already built, which nothing does before this runs.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(EVAL_STACK_BYTES)
        .build_global();
    match std::thread::Builder::new()
        .name("govlint-main".into())
        .stack_size(EVAL_STACK_BYTES)
        .spawn(main)
    {
        Ok(thread) => thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // No address space for the thread: run here; the nesting bound still holds, only a
        // shorter chain fits.
        Err(_) => main(),
    }
}
