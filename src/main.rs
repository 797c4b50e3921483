fn main() -> std::process::ExitCode {
    govlint::cli::main()
}
