//! Plants for the EM rules: violations next to clean look-alikes.

use super::Gen;

pub fn plant(_g: &mut Gen) {}
