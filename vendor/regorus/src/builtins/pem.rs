// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patches 33 and 35: PEM blocks as Go's `pem.Decode` finds them, one reader for
// `io.jwt.*` (keys.rs) and `crypto.x509.*` (pem_keys.rs).

use alloc::string::String;
use alloc::vec::Vec;

/// A PEM block as Go's `pem.Decode` finds it: the first `-----BEGIN T-----` line anywhere,
/// its base64 body, and whatever follows the line of its `-----END T-----`.
pub struct PemBlock<'a> {
    pub label: &'a str,
    pub der: Vec<u8>,
    pub rest: &'a str,
}

pub fn pem_decode(text: &str) -> Option<PemBlock<'_>> {
    let mut search = text;
    loop {
        let start = search.find("-----BEGIN ")?;
        let after = &search[start + "-----BEGIN ".len()..];
        let line_end = after.find('\n').unwrap_or(after.len());
        let line = after[..line_end].trim_end_matches('\r').trim_end();
        let Some(label) = line.strip_suffix("-----") else {
            search = after;
            continue;
        };
        let body_start = &after[(line_end + 1).min(after.len())..];
        let end_marker = ["-----END ", label, "-----"].concat();
        let Some(end) = body_start.find(&end_marker) else {
            search = after;
            continue;
        };
        let body = &body_start[..end];
        // Headers (`Proc-Type: ...`) end at an empty line; keys never carry them.
        let body = if body.contains(':') {
            match body.find("\n\n") {
                Some(i) => &body[i + 2..],
                None => body,
            }
        } else {
            body
        };
        let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let Ok(der) = data_encoding::BASE64.decode(b64.as_bytes()) else {
            search = after;
            continue;
        };
        let tail = &body_start[end + end_marker.len()..];
        let rest = match tail.find('\n') {
            Some(i) if tail[..i].trim().is_empty() => &tail[i + 1..],
            None if tail.trim().is_empty() => "",
            _ => tail,
        };
        return Some(PemBlock { label, der, rest });
    }
}
