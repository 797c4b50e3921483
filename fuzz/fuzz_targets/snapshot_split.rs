//! `snapshot_split`: see `govlint_fuzz::snapshot_split` (fuzz/src/lib.rs) for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govlint_fuzz::snapshot_split(data));
