//! Every checked-in fuzz input replayed through the checks its fuzz target runs, on stable and
//! in every `cargo test`: the seed corpus (fuzz/seeds/) and each input that once crashed a
//! target (fuzz/regressions/), so a fixed crash stays fixed without nightly or libFuzzer.
//! fuzz/README.md says what each target feeds and checks.

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod checks;

/// Runs `check` on each input of `target`, naming the file that fails.
fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seeds = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.expect("read dir").path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).expect("read input");
            let run = std::panic::catch_unwind(|| check(&data));
            assert!(run.is_ok(), "{} fails the {target} check", path.display());
            seeds += usize::from(dir == "seeds");
        }
    }
    assert!(seeds > 0, "no seeds for {target} in {}", fuzz.display());
}

#[test]
fn snapshot_inputs() {
    replay("snapshot", checks::snapshot);
}

#[test]
fn snapshot_split_inputs() {
    replay("snapshot_split", checks::snapshot_split);
}

#[test]
fn config_inputs() {
    replay("config", checks::config);
}

#[test]
fn baseline_inputs() {
    replay("baseline", checks::baseline);
}

#[test]
fn waiver_inputs() {
    replay("waiver", checks::waiver);
}

#[test]
fn time_inputs() {
    replay("time", checks::time);
}
