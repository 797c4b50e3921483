//! Test support for govlint: the demo/scale tenant generator (and, later, the Graph emulator).

pub mod emulator;
pub mod tenant;
