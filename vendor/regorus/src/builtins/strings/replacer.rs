// govlint patch 103: `strings.replace_n` as Go's `strings.NewReplacer`, which OPA calls with the
// pattern object's keys in order.
//
// Go replaces in one pass: at each position of the text, the first pattern (in argument order)
// that starts there wins, and the replacement is never searched again. Applying the patterns one
// after another instead (`{"a": "b", "b": "c"}` on "ab") replaces what an earlier pattern wrote
// ("cc" where OPA gives "bc"). Leftmost-first Aho-Corasick is exactly "leftmost position, then
// earliest pattern", and scans the text once whatever the number of patterns.
//
// An empty pattern is Go's special case: it matches at every byte position (so it sorts first and
// always wins), and after it matches, the other patterns are tried at the same position. Go works
// on bytes there, so a multi-byte character gets the replacement between its bytes; each byte then
// is invalid UTF-8 unless the replacement is empty, which OPA's JSON output (and its `count`)
// treats as one U+FFFD per byte, and so does this.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use anyhow::{anyhow, Result};

use crate::builtins::utils::{enforce_limit_bytes, extend_checked, splice_checked};
use crate::*;

/// `text` with `pairs` (pattern, replacement; in OPA's key order) replaced in one pass.
pub fn replace_all(text: &str, pairs: &[(&str, &str)]) -> Result<String> {
    let empty = pairs.iter().find(|(old, _)| old.is_empty()).map(|(_, new)| *new);
    let (olds, news): (Vec<&str>, Vec<&str>) = pairs
        .iter()
        .filter(|(old, _)| !old.is_empty())
        .map(|(old, new)| (*old, *new))
        .unzip();
    // Building the automaton is work proportional to the patterns' total length.
    enforce_limit_bytes(olds.iter().map(|o| o.len()).sum())?;
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .start_kind(if empty.is_some() {
            StartKind::Anchored
        } else {
            StartKind::Unanchored
        })
        .build(&olds)
        .map_err(|e| anyhow!("strings.replace_n: {e}"))?;
    match empty {
        None => unanchored(text, &automaton, &news),
        Some(between) => every_position(text, &automaton, &news, between),
    }
}

fn unanchored(text: &str, automaton: &AhoCorasick, news: &[&str]) -> Result<String> {
    enforce_limit_bytes(text.len())?;
    let matches = automaton.find_iter(text).map(|m| {
        let new = news.get(m.pattern().as_usize()).copied().unwrap_or_default();
        (m.start(), m.end(), new)
    });
    splice_checked(text, matches)
}

fn every_position(text: &str, automaton: &AhoCorasick, news: &[&str], between: &str) -> Result<String> {
    let bytes = text.as_bytes();
    // Reserves only the text's size: the output grows under the time checks below, where a
    // reservation of len × replacement could be a single allocation too large to make.
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut at = 0;
    loop {
        // govlint patch 128: each growth reserved against the rule's memory budget first.
        extend_checked(&mut out, between.as_bytes())?;
        let Some(byte) = bytes.get(at) else {
            crate::utils::limits::reserve_memory(out.len()).map_err(anyhow::Error::new)?;
            return Ok(go_text(&out));
        };
        let input = Input::new(bytes).range(at..).anchored(Anchored::Yes);
        match automaton.find(input) {
            Some(m) => {
                let new = news.get(m.pattern().as_usize()).copied().unwrap_or_default();
                extend_checked(&mut out, new.as_bytes())?;
                at = m.end();
            }
            None => {
                extend_checked(&mut out, &[*byte])?;
                at += 1;
            }
        }
    }
}

/// Go's bytes as OPA hands them on: valid UTF-8 as it is, each byte of an invalid sequence as
/// one U+FFFD (Go decodes, counts and JSON-encodes invalid text byte by byte; Rust's lossy
/// conversion would merge a truncated sequence into one).
fn go_text(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match core::str::from_utf8(bytes) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                bytes = rest.get(1..).unwrap_or_default();
            }
        }
    }
}
