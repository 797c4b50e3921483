//! Writes a synthetic tenant snapshot: the demo by default, or a scale tenant.
//!
//! gen-tenant [-o FILE] [--users N] [--guests N] [--decisions N] [--sign-ins N] [--expected FILE]
//!            [--pretty | --compact]
//!
//! The snapshot is streamed out and its filler made one item at a time, so memory stays flat
//! whatever the sizes. Output is pretty (as the committed demo) unless the tenant is large
//! (over 100,000 filler objects) or `--compact` is given.

use std::process::ExitCode;

use govlint_testkit::tenant::{self, Sizes};

fn main() -> ExitCode {
    let mut sizes = Sizes::default();
    let mut out: Option<String> = None;
    let mut expected: Option<String> = None;
    let mut pretty: Option<bool> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |what: &str| -> Option<usize> {
            let v = args.next().and_then(|v| v.parse().ok());
            if v.is_none() {
                eprintln!("gen-tenant: {what} takes a whole number");
            }
            v
        };
        match a.as_str() {
            "-o" | "--output" => out = args.next(),
            "--expected" => expected = args.next(),
            "--users" => match num("--users") {
                Some(n) => sizes.users = n,
                None => return ExitCode::from(2),
            },
            "--guests" => match num("--guests") {
                Some(n) => sizes.guests = n,
                None => return ExitCode::from(2),
            },
            "--decisions" => match num("--decisions") {
                Some(n) => sizes.decisions = n,
                None => return ExitCode::from(2),
            },
            "--sign-ins" => match num("--sign-ins") {
                Some(n) => sizes.sign_ins = n,
                None => return ExitCode::from(2),
            },
            "--pretty" => pretty = Some(true),
            "--compact" => pretty = Some(false),
            "-h" | "--help" => {
                println!("gen-tenant [-o FILE] [--users N] [--guests N] [--decisions N] [--sign-ins N] [--expected FILE] [--pretty | --compact]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("gen-tenant: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let pretty =
        pretty.unwrap_or(sizes.users + sizes.guests + sizes.decisions + sizes.sign_ins <= 100_000);
    let t = tenant::build(&sizes);
    let written = match &out {
        Some(p) => std::fs::File::create(p).and_then(|f| t.write(f, pretty)),
        None => t.write(std::io::stdout().lock(), pretty),
    };
    if let Err(e) = written {
        let to = out.as_deref().unwrap_or("standard output");
        eprintln!("gen-tenant: cannot write {to}: {e}");
        return ExitCode::from(2);
    }
    let exp = t.expected();
    let write = |path: &str, text: &str| {
        std::fs::write(path, text).map_err(|e| eprintln!("gen-tenant: cannot write {path}: {e}"))
    };
    if let Some(p) = expected {
        let lines: String = exp
            .iter()
            .map(|e| format!("{} {}\n", e.rule, e.object_id))
            .collect();
        if write(&p, &lines).is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
