//! `waiver`: see `govlint_fuzz::waiver` (fuzz/src/lib.rs) for what it feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govlint_fuzz::waiver(data));
