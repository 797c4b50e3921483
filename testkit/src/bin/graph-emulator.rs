//! Serves a snapshot as a Microsoft Graph emulator on 127.0.0.1, so `govlint fetch` can be
//! tried without a tenant.
//!
//! graph-emulator [SNAPSHOT] [--port N] [--page-size N] [--deny PERMISSION]... [--no-premium]
//!
//! Without SNAPSHOT it serves the demo tenant. It prints the environment to use and runs until
//! interrupted.

use std::process::ExitCode;

use govlint_testkit::emulator::{Emulator, Options, CLIENT_ID, CLIENT_SECRET};
use govlint_testkit::tenant;

const USAGE: &str =
    "graph-emulator [SNAPSHOT] [--port N] [--page-size N] [--deny PERMISSION]... [--no-premium]";

fn main() -> ExitCode {
    let mut options = Options::default();
    let mut file: Option<String> = None;
    let mut port: u16 = 0;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => match args.next().and_then(|v| v.parse().ok()) {
                Some(p) => port = p,
                None => return usage("--port takes a port number"),
            },
            "--page-size" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => options.default_page_size = Some(n),
                _ => return usage("--page-size takes a positive number"),
            },
            "--deny" => match args.next() {
                Some(p) => {
                    options.granted.remove(&p);
                }
                None => return usage("--deny takes a permission name"),
            },
            "--no-premium" => options.premium = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => return usage(&format!("unknown option `{other}`")),
            other => file = Some(other.to_string()),
        }
    }
    let snapshot = match &file {
        Some(f) => {
            let text = match std::fs::read_to_string(f) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("graph-emulator: cannot read {f}: {e}");
                    return ExitCode::from(2);
                }
            };
            match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("graph-emulator: {f} is not JSON: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        None => tenant::demo().0,
    };
    let emu = match Emulator::start_on(snapshot, options, port) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("graph-emulator: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    let url = emu.url();
    println!(
        "Graph emulator serving {} on {url}",
        file.as_deref().unwrap_or("the demo tenant")
    );
    println!();
    println!("Try:");
    println!("  export AZURE_TENANT_ID={}", emu.tenant());
    println!("  export AZURE_CLIENT_ID={CLIENT_ID}");
    println!("  export AZURE_CLIENT_SECRET={CLIENT_SECRET}   # the emulator's test secret");
    println!("  govlint fetch -o snapshot.json --graph-url {url} --authority-url {url}");
    println!("  govlint lint snapshot.json");
    println!();
    println!("Ctrl-C stops it.");
    loop {
        std::thread::park();
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("graph-emulator: {msg}\nusage: {USAGE}");
    ExitCode::from(2)
}
