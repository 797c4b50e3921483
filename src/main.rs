// glibc malloc spends a third of a large lint consolidating and freeing the millions of small
// values a snapshot parses into; mimalloc does not (benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Transparent huge pages for the heap: a large snapshot's value tree is gigabytes of fresh
    // memory, and faulting it in 4 KiB at a time was most of the load's system time
    // (benches/README.md). Only a hint: where huge pages are unavailable nothing changes.
    // SAFETY: sets a process-wide allocator option, valid at any time; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(libmimalloc_sys::mi_option_large_os_pages, 1) };
    govlint::cli::main()
}
