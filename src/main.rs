// glibc malloc spends a third of a large lint consolidating and freeing the millions of small
// values a snapshot parses into; mimalloc does not (benches/README.md).
// Counting wraps it for the per-rule memory budget (src/engine/memory.rs): one thread-local
// add per allocation and per free.
#[global_allocator]
static GLOBAL: govlint::engine::memory::Counting<mimalloc::MiMalloc> =
    govlint::engine::memory::Counting(mimalloc::MiMalloc);

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3 alike); -1 disables purging.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Transparent huge pages for the heap: a large snapshot's value tree is gigabytes of fresh
    // memory, and faulting it in 4 KiB at a time was most of the load's system time
    // (benches/README.md). Only a hint: where huge pages are unavailable nothing changes.
    // SAFETY: sets a process-wide allocator option, valid at any time; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(libmimalloc_sys::mi_option_large_os_pages, 1) };
    // Never hand freed memory back to the OS: a run only grows until it exits, and memory
    // handed back is faulted and zeroed again when the parse reuses it (a third fewer page
    // faults on the 1.2 GB bench tenant). libmimalloc-sys names no constant for it.
    // SAFETY: as above.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // Policies may chain rules thousands deep: evaluate on stacks that hold them.
    govlint::engine::stack::run_with_eval_stack(govlint::cli::main)
}
