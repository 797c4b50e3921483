//! The one clock of a lint: the snapshot's `fetchedAt`, or `--now`. Never the wall clock.

use jiff::Timestamp;

/// Parses an RFC 3339 timestamp as Graph writes them (any number of fractional digits).
pub fn parse_rfc3339(s: &str) -> Result<Timestamp, String> {
    s.parse::<Timestamp>()
        .map_err(|e| format!("`{s}` is not an RFC 3339 timestamp: {e}"))
}

/// Nanoseconds since the Unix epoch, the unit Rego's `time.*` builtins use.
pub fn to_ns(t: Timestamp) -> i128 {
    t.as_nanosecond()
}
