//! What each fuzz target feeds and checks. One function per target in `fuzz_targets/`, and
//! the same functions replay every checked-in input in `cargo test` (tests/fuzz_inputs.rs
//! includes this file), so a fixed crash stays fixed without nightly.
//!
//! Every function takes arbitrary bytes, feeds them to the entry the CLI uses, and checks more
//! than "does not panic" where it is cheap: a value that parses prints back to text that parses
//! to the same value, and two paths that must agree do.

use govlint::config::Config;
use govlint::{diag, gate, snapshot, time};

/// An error as the CLI prints it (`eprintln!("{report:?}")` in cli.rs): rendering points into
/// the input, so it is fuzzed too.
fn render(e: impl miette::Diagnostic + Send + Sync + 'static) -> String {
    format!("{:?}", miette::Report::new(e))
}

/// Serialised for comparison: the snapshot types have no `PartialEq`, and the text is what
/// `fetch` would write.
fn json(s: &snapshot::Snapshot) -> String {
    serde_json::to_string(s).expect("a parsed snapshot serialises")
}

/// The snapshot loader on a file's bytes, as `govlint lint FILE` reads it.
///
/// Checks: `snapshot::check` (what `fetch` runs before putting a snapshot in place) accepts
/// exactly what the loader accepts, with the same item counts; a snapshot that loads
/// serialises to text that loads to the same snapshot.
pub fn snapshot(data: &[u8]) {
    let loaded = snapshot::parse_bytes("fuzz.json", data);
    let checked = snapshot::check::check(data);
    match (&loaded, &checked) {
        (Ok(s), Ok(c)) => {
            let counts = s
                .collections
                .iter()
                .map(|(name, c)| (name.clone(), c.items.len() as u64))
                .collect();
            assert_eq!(c.items, counts, "check and load count different items");
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => panic!("load accepts what check refuses: {e}"),
        (Err(e), Ok(_)) => panic!("check accepts what load refuses: {e}"),
    }
    match loaded {
        Err(e) => {
            render(e);
        }
        Ok(s) => {
            let once = json(&s);
            let again = snapshot::parse("again.json", &once)
                .unwrap_or_else(|e| panic!("a loaded snapshot, written back, fails to load: {e}"));
            assert_eq!(
                json(&again),
                once,
                "written back, the snapshot loads differently"
            );
        }
    }
}

/// The split parse of huge items (src/snapshot/split.rs) at a threshold of 1 to 256 bytes
/// (the first input byte), so that fuzz-sized items are split; the rest is the snapshot.
///
/// Checks: the split parse gives the same snapshot, or the same error, as the whole parse.
pub fn snapshot_split(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let big = 1 + usize::from(first);
    let whole = snapshot::parse("fuzz.json", text);
    let split = snapshot::parse_split_at("fuzz.json", text, big);
    match (whole, split) {
        (Ok(w), Ok(s)) => assert_eq!(json(&s), json(&w), "split at {big} bytes differs"),
        (Err(w), Err(s)) => assert_eq!(s.to_string(), w.to_string()),
        (Ok(_), Err(e)) => panic!("split at {big} bytes refuses what the whole parse accepts: {e}"),
        (Err(e), Ok(_)) => panic!("split at {big} bytes accepts what the whole parse refuses: {e}"),
    }
}

/// `govlint.toml`, as `Config::load` parses a file's text (one that is not UTF-8 is a read
/// error before parsing).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse("govlint.toml", text) {
        Ok(c) => {
            for w in &c.waivers {
                // The gate matches finding objects with it; the pattern is one such string.
                w.matcher.is_match(&w.object);
            }
        }
        Err(e) => {
            render(diag::Error::from(e));
        }
    }
}

/// A baseline file (`--baseline`, `baseline =` in govlint.toml).
///
/// Checks: a baseline that loads, written as `govlint baseline` writes it, loads the same.
pub fn baseline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match gate::parse_baseline("baseline.json", text) {
        Ok(b) => {
            let once = serde_json::to_string_pretty(&b.file).expect("a baseline serialises");
            let again = gate::parse_baseline("again.json", &once)
                .unwrap_or_else(|e| panic!("a loaded baseline, written back, fails to load: {e}"));
            let twice = serde_json::to_string_pretty(&again.file).expect("a baseline serialises");
            assert_eq!(twice, once, "written back, the baseline loads differently");
        }
        Err(e) => {
            render(e);
        }
    }
}

/// A `[[waiver]]` in govlint.toml, from lines of the input: rule, object pattern, reason,
/// expiry date, then object ids the pattern is matched against. The fields are written as
/// TOML strings, so the fuzzer explores the waiver's rules rather than TOML syntax.
///
/// Checks: a pattern with no glob syntax matches itself; the expiry date prints back to the
/// same date.
pub fn waiver(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let mut field = || lines.next().unwrap_or_default().to_string();
    let (rule, object, reason, expires) = (field(), field(), field(), field());
    let toml = format!(
        "[[waiver]]\nrule = {}\nobject = {}\nreason = {}\nexpires = {}\n",
        quoted(&rule),
        quoted(&object),
        quoted(&reason),
        quoted(&expires)
    );
    let c = match Config::parse("govlint.toml", &toml) {
        Ok(c) => c,
        Err(e) => {
            render(diag::Error::from(e));
            return;
        }
    };
    let [w] = c.waivers.as_slice() else {
        panic!("one [[waiver]] gave {} waivers", c.waivers.len());
    };
    assert_eq!(w.object, object);
    if !object.contains(['*', '?', '[', ']', '{', '}', '\\']) {
        assert!(
            w.matcher.is_match(&object),
            "`{object}` does not match itself"
        );
    }
    let shown = w.expires.to_string();
    assert_eq!(
        shown.parse::<jiff::civil::Date>().ok(),
        Some(w.expires),
        "{shown}"
    );
    for id in lines {
        w.matcher.is_match(id);
    }
}

/// A TOML basic string holding exactly `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `--now` and the duration options (`--rule-timeout`, `limits.rule_timeout`): the input is
/// tried as both.
///
/// Checks: a `--now` that parses round-trips through its display form (the lint result's
/// `now`, which the gate parses back for waiver expiry) and gives a UTC date and nanoseconds
/// that fit the Rego clock (64 bits); a duration that parses is within the documented bounds
/// and round-trips through its display form.
pub fn time(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = time::parse_rfc3339(text) {
        let shown = t.to_string();
        assert_eq!(
            time::parse_rfc3339(&shown),
            Ok(t),
            "--now {text} shown as {shown}"
        );
        assert_eq!(shown.parse::<jiff::Timestamp>().ok(), Some(t));
        t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        // `input.now_ns`, which Rego's time builtins take as a 64-bit integer.
        assert!(
            i64::try_from(time::to_ns(t)).is_ok(),
            "--now {text} overflows Rego's clock"
        );
    }
    if let Ok(d) = time::parse_duration(text) {
        assert!(!d.is_zero() && d <= time::MAX_DURATION, "{text} gave {d:?}");
        let shown = time::format_duration(d);
        assert_eq!(
            time::parse_duration(&shown),
            Ok(d),
            "{text} shown as {shown}"
        );
    }
}
