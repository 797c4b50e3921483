//! The one clock of a lint: the snapshot's `fetchedAt`, or `--now`. Never the wall clock.

use jiff::Timestamp;

/// Parses an RFC 3339 timestamp as Graph writes them (any number of fractional digits): the
/// lint's clock (`--now`), so it must also be a time Rego's clock can hold (below).
pub fn parse_rfc3339(s: &str) -> Result<Timestamp, String> {
    let t = s
        .parse::<Timestamp>()
        .map_err(|e| format!("`{s}` is not an RFC 3339 timestamp: {e}"))?;
    if i64::try_from(to_ns(t)).is_err() {
        // Rego's `time.*` builtins take nanoseconds as a 64-bit integer: a later clock made
        // every rule that formats or adds to `input.now_ns` fail (found by fuzz/README.md's
        // `--now` check).
        return Err(format!(
            "`{s}` is outside the times Rego can compute with (1677-09-21 to 2262-04-11)"
        ));
    }
    Ok(t)
}

/// Nanoseconds since the Unix epoch, the unit Rego's `time.*` builtins use.
pub fn to_ns(t: Timestamp) -> i128 {
    t.as_nanosecond()
}

/// [`to_ns`] as the engine's clock (`time.now_ns()`) takes it, a 64-bit integer: `--now` is
/// checked to fit ([`parse_rfc3339`]); a hand-edited `fetchedAt` outside 1677-2262 gets the
/// clock's nearer end.
pub fn clock_ns(t: Timestamp) -> i64 {
    let ns = to_ns(t);
    i64::try_from(ns).unwrap_or(if ns < 0 { i64::MIN } else { i64::MAX })
}

/// The longest evaluation limit accepted: a day. Anything longer is a typo, and a limit must
/// never overflow the clock arithmetic it feeds.
pub const MAX_DURATION: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Parses a duration as Go (and `opa test --timeout`) writes them: one or more `<integer><unit>`
/// with unit `ms`, `s`, `m` or `h`, e.g. `500ms`, `10s`, `1m30s`. It must be above zero and at
/// most [`MAX_DURATION`].
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let bad = || format!("`{s}` is not a duration: write e.g. `10s`, `500ms` or `1m30s`");
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total_ms: u64 = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let per_ms: u64 = match &rest[..unit] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            _ => return Err(bad()),
        };
        rest = &rest[unit..];
        total_ms = n
            .checked_mul(per_ms)
            .and_then(|ms| total_ms.checked_add(ms))
            .ok_or_else(bad)?;
    }
    let d = std::time::Duration::from_millis(total_ms);
    if d.is_zero() {
        return Err(format!("`{s}`: the limit must be above zero"));
    }
    if d > MAX_DURATION {
        return Err(format!("`{s}`: the limit can be at most 24h"));
    }
    Ok(d)
}

/// A duration as [`parse_duration`] reads it back: `10s`, `1m30s`, `250ms`.
pub fn format_duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if !ms.is_multiple_of(1000) {
        return format!("{ms}ms");
    }
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    let mut out = String::new();
    for (n, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn now_must_fit_regos_clock() {
        let t = parse_rfc3339("2262-04-11T23:47:16.854775807Z").expect("last ns Rego holds");
        assert_eq!(to_ns(t), i128::from(i64::MAX));
        assert!(parse_rfc3339("1677-09-21T00:12:43.145224192Z").is_ok());
        for late in [
            "2262-04-11T23:47:16.854775808Z",
            "9999-12-30T00:00:00Z",
            "1677-09-21T00:12:43.145224191Z",
            "-009999-01-03T00:00:00Z",
        ] {
            let e = parse_rfc3339(late).expect_err(late);
            assert!(e.contains("outside the times Rego"), "{e}");
        }
    }

    #[test]
    fn durations_parse_go_style() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        for bad in [
            "",
            "10",
            "s",
            "10x",
            "1.5s",
            "-1s",
            "0s",
            "25h",
            "99999999999999999999h",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn durations_format_back() {
        for s in ["10s", "1m30s", "250ms", "2h", "1h0m5s"] {
            let d = parse_duration(s).expect("valid");
            assert_eq!(parse_duration(&format_duration(d)), Ok(d), "{s}");
        }
        assert_eq!(format_duration(Duration::from_secs(90)), "1m30s");
    }
}
