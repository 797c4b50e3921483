// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.
#![allow(
    clippy::as_conversions,
    clippy::unused_trait_names,
    clippy::pattern_type_mismatch
)]
use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{ensure_args_count, ensure_numeric, ensure_string};
use crate::lexer::Span;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};

use chrono::{
    DateTime, Datelike, FixedOffset, Local, Offset, SecondsFormat, TimeZone, Timelike, Utc,
    Weekday,
};
use chrono_tz::{OffsetName, Tz};

pub(in crate::builtins) mod compat;
mod diff;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("time.add_date", (add_date, 4));
    m.insert("time.clock", (clock, 1));
    m.insert("time.date", (date, 1));
    m.insert("time.diff", (diff, 2));
    m.insert("time.format", (format, 1));
    m.insert("time.now_ns", (now_ns, 0));
    m.insert("time.parse_duration_ns", (parse_duration_ns, 1));
    m.insert("time.parse_ns", (parse_ns, 2));
    m.insert("time.parse_rfc3339_ns", (parse_rfc3339_ns, 1));
    m.insert("time.weekday", (weekday, 1));
}

fn add_date(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "time.add_date";
    ensure_args_count(span, name, params, args, 4)?;

    let (datetime, _) = parse_epoch(name, &params[0], &args[0])?;
    let years = ensure_i32(name, &params[1], &args[1])?;
    let months = ensure_i32(name, &params[2], &args[2])?;
    let days = ensure_i32(name, &params[3], &args[3])?;

    // govlint patch 18: as Go's `Time.AddDate`, the sum is normalised the way `time.Date`
    // does it: months past December carry into years, days past the month's end into the
    // next month, so Jan 31 + 1 month is Mar 2 in a leap year and Feb 29 + 1 year is Mar 1.
    // chrono's month arithmetic clamps to the month's end, and `with_year` fails on Feb 29.
    let months_total = i64::from(datetime.year()) * 12
        + i64::from(datetime.month0())
        + i64::from(years) * 12
        + i64::from(months);
    let Ok(year) = i32::try_from(months_total.div_euclid(12)) else {
        return Ok(Value::Undefined);
    };
    let month = (months_total.rem_euclid(12) + 1) as u32;
    let day_offset = i64::from(datetime.day()) - 1 + i64::from(days);
    chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.checked_add_signed(chrono::TimeDelta::try_days(day_offset)?))
        .and_then(|date| {
            date.and_time(datetime.time())
                .and_local_timezone(*datetime.offset())
                .single()
        })
        .map_or(Ok(Value::Undefined), |d| {
            safe_timestamp_nanos(span, strict, d.timestamp_nanos_opt())
        })
}

fn clock(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "time.clock";
    ensure_args_count(span, name, params, args, 1)?;

    let (datetime, _) = parse_epoch(name, &params[0], &args[0])?;

    Ok(Vec::from([
        (datetime.hour() as u64).into(),
        (datetime.minute() as u64).into(),
        (datetime.second() as u64).into(),
    ])
    .into())
}

fn date(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "time.date";
    ensure_args_count(span, name, params, args, 1)?;

    let (datetime, _) = parse_epoch(name, &params[0], &args[0])?;

    Ok(Vec::from([
        (datetime.year() as u64).into(),
        (datetime.month() as u64).into(),
        (datetime.day() as u64).into(),
    ])
    .into())
}

fn diff(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "time.diff";
    ensure_args_count(span, name, params, args, 2)?;

    let (datetime1, _) = parse_epoch(name, &params[0], &args[0])?;
    let (datetime2, _) = parse_epoch(name, &params[1], &args[1])?;

    let (year, month, day, hour, min, sec) = diff::diff_between_datetimes(datetime1, datetime2)?;

    Ok(Vec::from([
        (year as i64).into(),
        (month as i64).into(),
        (day as i64).into(),
        (hour as i64).into(),
        (min as i64).into(),
        (sec as i64).into(),
    ])
    .into())
}

fn format(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "time.format";
    ensure_args_count(span, name, params, args, 1)?;

    let (datetime, format) = parse_epoch(name, &params[0], &args[0])?;

    let result = match format {
        Some(format) => compat::format(
            datetime,
            layout_with_predefined_formats(&format),
            &zone_abbreviation(&args[0], &datetime),
        ),
        None => datetime.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    };

    Ok(Value::String(result.into()))
}

// govlint patch 44: the name Go's `MST` prints for the zone of `time.format`'s argument: the
// zone's abbreviation at that instant (`CET`, `CEST`, `-03`), `UTC` for UTC; Go's `-0700` form
// where no name is known (`Local` away from UTC, as the engine reads no local zone name).
fn zone_abbreviation(arg: &Value, datetime: &DateTime<FixedOffset>) -> String {
    if let Value::Array(arr) = arg {
        if let [Value::Number(num), Value::String(tz), ..] = arr.as_slice() {
            if let (Some(ns), Ok(tz)) = (num.as_i64(), tz.parse::<Tz>()) {
                let at = tz.timestamp_nanos(ns);
                if let Some(name) = at.offset().abbreviation() {
                    return name.into();
                }
                // A zone whose tzdata name is its offset (`-03`, `+0545`), which chrono-tz
                // does not report as a name.
                let offset = at.offset().fix().local_minus_utc() / 60;
                let sign = if offset < 0 { '-' } else { '+' };
                let (h, m) = (offset.abs() / 60, offset.abs() % 60);
                return if m == 0 {
                    format!("{sign}{h:02}")
                } else {
                    format!("{sign}{h:02}{m:02}")
                };
            }
        }
    }
    let offset = datetime.offset().local_minus_utc() / 60;
    if offset == 0 {
        return "UTC".into();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!("{sign}{:02}{:02}", offset / 60, offset % 60)
}

fn now_ns(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "time.now_ns";
    ensure_args_count(span, name, params, args, 0)?;

    // govlint patch 35: the one place the engine reads its time, shared with the x509
    // verification builtins so both see the same clock.
    safe_timestamp_nanos(span, strict, engine_now_ns())
}

// govlint patch 37: one clock per evaluation. `Engine::prepare_for_eval` stores the time the
// engine was given (`Engine::set_time_now_ns`), or the system time once, and every builtin that
// reads "now" reads it here. Evaluation runs on the caller's thread, so a thread-local carries
// it to builtins, whose signature has no context.
#[cfg(feature = "std")]
std::thread_local! {
    static EVALUATION_NOW_NS: core::cell::Cell<Option<i64>> = const { core::cell::Cell::new(None) };
}

#[cfg(feature = "std")]
pub(crate) fn start_evaluation_clock(fixed: Option<i64>) {
    let now = fixed.or_else(|| Utc::now().timestamp_nanos_opt());
    EVALUATION_NOW_NS.with(|c| c.set(now));
}

/// The engine's current time in nanoseconds since the Unix epoch (`time.now_ns`); `None`
/// outside the range of an `i64`.
pub(crate) fn engine_now_ns() -> Option<i64> {
    #[cfg(feature = "std")]
    if let Some(now) = EVALUATION_NOW_NS.with(|c| c.get()) {
        return Some(now);
    }
    Utc::now().timestamp_nanos_opt()
}

fn parse_duration_ns(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    strict: bool,
) -> Result<Value> {
    let name = "time.parse_duration_ns";
    ensure_args_count(span, name, params, args, 1)?;

    let value = ensure_string(name, &params[0], &args[0])?;
    let dur = compat::parse_duration(value.as_ref()).map_err(anyhow::Error::msg)?;
    safe_timestamp_nanos(span, strict, dur.num_nanoseconds())
}

fn parse_ns(span: &Span, params: &[Ref<Expr>], args: &[Value], strict: bool) -> Result<Value> {
    let name = "time.parse_ns";
    ensure_args_count(span, name, params, args, 2)?;

    let layout = ensure_string(name, &params[0], &args[0])?;
    let value = ensure_string(name, &params[1], &args[1])?;

    let datetime = compat::parse(layout_with_predefined_formats(&layout), &value)
        .map_err(|err| anyhow::anyhow!("Failed to parse datetime: {}", err))?;
    safe_timestamp_nanos(span, strict, datetime.timestamp_nanos_opt())
}

fn parse_rfc3339_ns(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    strict: bool,
) -> Result<Value> {
    let name = "time.parse_rfc3339_ns";
    ensure_args_count(span, name, params, args, 1)?;

    let value = ensure_string(name, &params[0], &args[0])?;

    let (value, offset_secs) = go_rfc3339(value.as_ref())?;
    let datetime = DateTime::parse_from_rfc3339(&value)
        .map_err(|err| anyhow::anyhow!("Failed to parse datetime: {}", err))?;
    let nanos = datetime
        .timestamp_nanos_opt()
        .and_then(|n| n.checked_sub(offset_secs.checked_mul(1_000_000_000)?));
    safe_timestamp_nanos(span, strict, nanos)
}

// govlint patch 26: Go's RFC 3339 parser, which OPA uses, is stricter than chrono's in its
// separators and seconds and laxer in its fractions and offsets: it requires `T` and `Z` in
// upper case (chrono also takes a space, `t`, `z`), refuses second 60 (chrono reads a leap
// second), takes `,` before a fraction, and offsets up to `+24:00` and minutes up to 60. The
// text is checked here and rewritten to what chrono reads: a comma becomes a point, and an
// offset becomes `Z` with its seconds returned, subtracted by the caller.
fn go_rfc3339(value: &str) -> Result<(String, i64)> {
    let b = value.as_bytes();
    if b.len() < 20 || b[10] != b'T' {
        bail!("parsing time {value:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse as \"T\"");
    }
    if &b[17..19] == b"60" {
        bail!("parsing time {value:?}: second out of range");
    }
    let mut text = value.to_string();
    if b[19] == b',' {
        text.replace_range(19..20, ".");
    }
    let n = b.len();
    if b[n - 1] == b'z' {
        bail!("parsing time {value:?} as \"2006-01-02T15:04:05Z07:00\": extra text");
    }
    let mut offset = 0i64;
    if n >= 25 && (b[n - 6] == b'+' || b[n - 6] == b'-') && b[n - 3] == b':' {
        let digits = |r: core::ops::Range<usize>| -> Option<i64> {
            value.get(r).filter(|d| d.bytes().all(|c| c.is_ascii_digit()))?.parse().ok()
        };
        if let (Some(h), Some(m)) = (digits(n - 5..n - 3), digits(n - 2..n)) {
            if h > 24 || m > 60 {
                bail!("parsing time {value:?}: time zone offset hour or minute out of range");
            }
            offset = (h * 3600 + m * 60) * if b[n - 6] == b'-' { -1 } else { 1 };
            text.replace_range(n - 6..n, "Z");
        }
    }
    Ok((text, offset))
}

fn weekday(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "time.weekday";
    ensure_args_count(span, name, params, args, 1)?;

    let (datetime, _) = parse_epoch(name, &params[0], &args[0])?;

    let weekday = match datetime.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    };

    Ok(Value::String(weekday.into()))
}

fn ensure_i32(name: &str, arg: &Expr, v: &Value) -> Result<i32> {
    ensure_numeric(name, arg, v)?
        .as_i64()
        .and_then(|n| n.try_into().ok())
        .ok_or_else(|| arg.span().error("could not convert to int32"))
}

fn safe_timestamp_nanos(span: &Span, strict: bool, nanos: Option<i64>) -> Result<Value> {
    match nanos {
        Some(ns) => Ok(Value::Number(ns.into())),
        None if strict => {
            bail!(span.error("time outside of valid range"))
        }
        None => Ok(Value::Undefined),
    }
}

fn parse_epoch(
    fcn: &str,
    arg: &Expr,
    val: &Value,
) -> Result<(DateTime<FixedOffset>, Option<String>)> {
    match val {
        Value::Number(num) => {
            let ns = num.as_i64().ok_or_else(|| {
                arg.span()
                    .error("could not convert numeric value of `ns` to int64")
            })?;

            return Ok((Utc.timestamp_nanos(ns).fixed_offset(), None));
        }

        Value::Array(arr) => match arr.as_slice() {
            [Value::Number(num)] => {
                let ns = num.as_i64().ok_or_else(|| {
                    arg.span()
                        .error("could not convert numeric value of `ns` to int64")
                })?;

                return Ok((Utc.timestamp_nanos(ns).fixed_offset(), None));
            }
            [Value::Number(num), Value::String(tz), rest @ ..] => {
                let ns = num.as_i64().ok_or_else(|| {
                    arg.span()
                        .error("could not convert numeric value of `ns` to int64")
                })?;

                let datetime = match tz.as_ref() {
                    "UTC" | "" => Utc.timestamp_nanos(ns).fixed_offset(),
                    "Local" => Local.timestamp_nanos(ns).fixed_offset(),
                    _ => {
                        let tz: Tz = match tz.parse() {
                            Ok(tz) => tz,
                            Err(e) => bail!(e),
                        };
                        tz.timestamp_nanos(ns).fixed_offset()
                    }
                };

                let format = match rest.first() {
                    Some(Value::String(format)) => Some(format.to_string()),
                    Some(other) => {
                        bail!(arg.span().error(&format!(
                            "`{fcn}` expects 3rd element of `ns` to be a `string`. Got `{other}` instead"
                        )))
                    }
                    None => None,
                };

                return Ok((datetime, format));
            }
            _ => {}
        },

        _ => {}
    }

    bail!(arg.span().error(&format!(
        "`{fcn}` expects `ns` to be a `number` or `array[number, string]`. Got `{val}` instead"
    )))
}

fn layout_with_predefined_formats(format: &str) -> &str {
    match format {
        "ANSIC" => "Mon Jan _2 15:04:05 2006",
        "UnixDate" => "Mon Jan _2 15:04:05 MST 2006",
        "RubyDate" => "Mon Jan 02 15:04:05 -0700 2006",
        "RFC822" => "02 Jan 06 15:04 MST",
        // RFC822 with numeric zone
        "RFC822Z" => "02 Jan 06 15:04 -0700",
        "RFC850" => "Monday, 02-Jan-06 15:04:05 MST",
        "RFC1123" => "Mon, 02 Jan 2006 15:04:05 MST",
        // RFC1123 with numeric zone
        "RFC1123Z" => "Mon, 02 Jan 2006 15:04:05 -0700",
        "RFC3339" => "2006-01-02T15:04:05Z07:00",
        "RFC3339Nano" => "2006-01-02T15:04:05.999999999Z07:00",
        other => other,
    }
}
