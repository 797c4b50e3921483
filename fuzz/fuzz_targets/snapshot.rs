//! `snapshot`: see `govlint_fuzz::snapshot` (fuzz/src/lib.rs) for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govlint_fuzz::snapshot(data));
