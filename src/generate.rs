//! Files generated from the command-line definition itself, so they never drift from it:
//! shell completion scripts (`govlint completions SHELL`) and the man page (`govlint man`).
//! The release archives ship both.

use std::io::Write;

use clap::Command;
pub use clap_complete::Shell;

/// The completion script of the command line `cmd` for `shell`. The caller passes the
/// definition, so this module does not depend on the one that defines it.
pub fn completions(mut cmd: Command, shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "govlint", &mut out);
    out
}

/// The man page (roff, section 1): the top-level help with every subcommand listed.
pub fn man_page(cmd: Command) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}

/// Every page, `govlint.1` and one per subcommand (`govlint-lint.1`, `govlint-show-user.1`),
/// written into `dir` (created if missing): the pages the top page's SUBCOMMANDS refer to.
pub fn man_pages_to(cmd: Command, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(cmd, dir)
}

/// Writes `bytes` to standard output; a closed pipe (`| head`) is not an error.
pub fn print(bytes: &[u8]) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::{CommandFactory, ValueEnum};

    fn subcommands() -> Vec<String> {
        Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect()
    }

    #[test]
    fn every_shell_completes_every_subcommand() {
        let subs = subcommands();
        assert!(subs.iter().any(|s| s == "lint") && subs.iter().any(|s| s == "completions"));
        for shell in Shell::value_variants() {
            let text =
                String::from_utf8(completions(Cli::command(), *shell)).expect("utf-8 script");
            for sub in &subs {
                assert!(text.contains(sub.as_str()), "{shell}: no `{sub}`");
            }
            // A flag of a subcommand, not just the names: the definitions were walked.
            assert!(text.contains("fail-on"), "{shell}: no --fail-on");
        }
    }

    #[test]
    fn man_page_is_roff_with_name_synopsis_and_subcommands() {
        let page =
            String::from_utf8(man_page(Cli::command()).expect("render")).expect("utf-8 roff");
        assert!(
            page.starts_with(".ie") || page.starts_with(".TH"),
            "{}",
            &page[..80]
        );
        let th = page
            .lines()
            .find(|l| l.starts_with(".TH "))
            .expect(".TH header");
        assert!(th.contains("govlint") && th.contains(" 1 "), "{th}");
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH SUBCOMMANDS",
        ] {
            assert!(page.contains(section), "no {section}");
        }
        for sub in subcommands() {
            assert!(
                page.contains(&format!("govlint\\-{sub}")) || page.contains(&sub),
                "{sub}"
            );
        }
        // Every line is a request (`.XX`), a comment or text: no stray escapes from the help.
        for l in page.lines() {
            assert!(
                !l.starts_with('\''),
                "a line starting with ' is a roff request: {l}"
            );
        }
    }

    #[test]
    fn man_dir_holds_a_page_per_subcommand() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("man1");
        man_pages_to(Cli::command(), &out).expect("write pages");
        for sub in subcommands().iter().filter(|s| *s != "help") {
            let page = std::fs::read_to_string(out.join(format!("govlint-{sub}.1")))
                .unwrap_or_else(|e| panic!("govlint-{sub}.1: {e}"));
            assert!(page.contains(".SH SYNOPSIS"), "govlint-{sub}.1");
        }
        let lint = std::fs::read_to_string(out.join("govlint-lint.1")).expect("lint page");
        assert!(
            lint.contains("fail\\-on"),
            "the lint page documents --fail-on"
        );
        assert!(out.join("govlint.1").is_file() && out.join("govlint-show-user.1").is_file());
    }
}
