// glibc malloc spends a third of a large lint consolidating and freeing the millions of small
// values a snapshot parses into; mimalloc does not (benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    govlint::cli::main()
}
