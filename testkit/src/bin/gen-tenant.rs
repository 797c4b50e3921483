//! Writes a synthetic tenant snapshot: the demo by default, or a scale tenant.
//!
//! gen-tenant [-o FILE] [--users N] [--guests N] [--decisions N] [--expected FILE]

use std::process::ExitCode;

use govlint_testkit::tenant::{self, Sizes};

fn main() -> ExitCode {
    let mut sizes = Sizes::default();
    let mut out: Option<String> = None;
    let mut expected: Option<String> = None;
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
            "-h" | "--help" => {
                println!("gen-tenant [-o FILE] [--users N] [--guests N] [--decisions N] [--expected FILE]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("gen-tenant: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let (snapshot, exp) = tenant::generate(&sizes);
    let mut text = serde_json::to_string_pretty(&snapshot).expect("JSON values always serialize");
    text.push('\n');
    let write = |path: &str, text: &str| {
        std::fs::write(path, text).map_err(|e| eprintln!("gen-tenant: cannot write {path}: {e}"))
    };
    match &out {
        Some(p) => {
            if write(p, &text).is_err() {
                return ExitCode::from(2);
            }
        }
        None => print!("{text}"),
    }
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
