// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

#![allow(clippy::pattern_type_mismatch)]
use crate::ast::{Expr, Ref};
use crate::lexer::Span;
use crate::number::Number;
use crate::value::{Array, Object, Set};
use crate::Rc;
use crate::Value;
use crate::*;

use anyhow::{bail, Result};

#[inline]
pub fn enforce_limit() -> Result<()> {
    crate::utils::limits::check_memory_limit_if_needed().map_err(anyhow::Error::new)?;
    // govlint patch 91: every place a builtin guards its growth also checks its rule's time.
    crate::utils::limits::builtin_checkpoint(1).map_err(anyhow::Error::new)
}

/// govlint patch 91: counts `bytes` of text a builtin writes as work for its rule's time
/// (one unit per 4 KiB, so copying text costs about what an element does).
#[inline]
pub fn enforce_limit_bytes(bytes: usize) -> Result<()> {
    let units = u32::try_from(bytes / 4096).unwrap_or(u32::MAX).saturating_add(1);
    crate::utils::limits::builtin_checkpoint(units).map_err(anyhow::Error::new)
}

/// govlint patch 128: the capacity a buffer of `len` bytes (`capacity` allocated) must grow to
/// for `more` bytes, once the budget has granted it (`None`: it has room); and the write
/// counted towards the rule's time.
fn growth(len: usize, capacity: usize, more: usize) -> Result<Option<usize>> {
    let grown = reserved_growth(len, capacity, more).map_err(anyhow::Error::new)?;
    enforce_limit_bytes(more)?;
    Ok(grown)
}

/// govlint patch 128: the memory half of [`growth`]: the new capacity, once the budget has
/// granted it, or `None` when the buffer has room.
fn reserved_growth(
    len: usize,
    capacity: usize,
    more: usize,
) -> core::result::Result<Option<usize>, crate::utils::limits::LimitError> {
    let need = len.saturating_add(more);
    if need <= capacity {
        return Ok(None);
    }
    let grown = need.max(capacity.saturating_mul(2));
    crate::utils::limits::reserve_memory(grown)?;
    Ok(Some(grown))
}

/// govlint patch 128: `bytes` appended to `out`, its growth reserved against the budget first.
pub fn extend_checked(out: &mut Vec<u8>, bytes: &[u8]) -> Result<()> {
    if let Some(capacity) = growth(out.len(), out.capacity(), bytes.len())? {
        out.reserve_exact(capacity - out.len());
    }
    out.extend_from_slice(bytes);
    Ok(())
}

/// govlint patch 128: a builtin's text as a value; the copy into the value's own buffer is
/// reserved against the budget first.
pub fn string_value(text: String) -> Result<Value> {
    crate::utils::limits::reserve_memory(text.len()).map_err(anyhow::Error::new)?;
    Ok(Value::String(text.into()))
}

/// govlint patch 128: a `Write` target whose buffer's growth is reserved against the rule's
/// memory budget before it is made (serde writes a token at a time; the time is counted per
/// value serialized, patch 91). The first refusal is kept for the caller.
#[cfg(feature = "std")]
struct BudgetedWriter {
    out: Vec<u8>,
    refused: Option<anyhow::Error>,
}

#[cfg(feature = "std")]
impl std::io::Write for BudgetedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match reserved_growth(self.out.len(), self.out.capacity(), buf.len()) {
            Ok(Some(capacity)) => self.out.reserve_exact(capacity - self.out.len()),
            Ok(None) => (),
            Err(e) => {
                let message = alloc::format!("{e}");
                self.refused = Some(anyhow::Error::new(e));
                return Err(std::io::Error::other(message));
            }
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// govlint patch 128: `v` as JSON text (indented by two spaces when `pretty`), its growth
/// reserved against the rule's memory budget. The outer error is the budget's refusal; the
/// inner one serde's own.
#[cfg(feature = "std")]
pub fn json_text_checked<T: serde::Serialize + ?Sized>(
    v: &T,
    pretty: bool,
) -> Result<core::result::Result<String, serde_json::Error>> {
    let mut w = BudgetedWriter {
        out: Vec::new(),
        refused: None,
    };
    let written = if pretty {
        serde_json::to_writer_pretty(&mut w, v)
    } else {
        serde_json::to_writer(&mut w, v)
    };
    if let Some(e) = w.refused {
        return Err(e);
    }
    // serde_json writes UTF-8 only, so the buffer becomes the string without a copy.
    Ok(written.map(|()| {
        String::from_utf8(w.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }))
}

#[cfg(not(feature = "std"))]
pub fn json_text_checked<T: serde::Serialize + ?Sized>(
    v: &T,
    pretty: bool,
) -> Result<core::result::Result<String, serde_json::Error>> {
    Ok(if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    })
}

/// govlint patch 128: a string a builtin writes whose size the policy controls. Before each
/// growth of its buffer the new capacity is reserved against the rule's memory budget (a
/// doubling from 800 MB asks for 1.6 GB at once, and an allocation that fails aborts the
/// process, so the budget must refuse it before it is made), and every write counts towards
/// the rule's time as `enforce_limit_bytes` does. The first refusal is kept: later writes do
/// nothing and [`CheckedString::check`] (or `finish`) returns it.
#[derive(Default)]
pub struct CheckedString {
    text: String,
    refused: Option<anyhow::Error>,
}

impl CheckedString {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a write was refused (the caller may stop early).
    pub fn refused(&self) -> bool {
        self.refused.is_some()
    }

    /// Room for `more` bytes, reserved against the budget first; false once refused.
    fn grow(&mut self, more: usize) -> bool {
        if self.refused.is_some() {
            return false;
        }
        let grown = match growth(self.text.len(), self.text.capacity(), more) {
            Ok(grown) => grown,
            Err(e) => {
                self.refused = Some(e);
                return false;
            }
        };
        if let Some(capacity) = grown {
            self.text.reserve_exact(capacity - self.text.len());
        }
        true
    }

    pub fn push_str(&mut self, s: &str) {
        if self.grow(s.len()) {
            self.text.push_str(s);
        }
    }

    pub fn push(&mut self, c: char) {
        if self.grow(c.len_utf8()) {
            self.text.push(c);
        }
    }

    /// `n` copies of `c` (a width's padding).
    pub fn push_repeated(&mut self, c: char, n: usize) {
        if self.grow(c.len_utf8().saturating_mul(n)) {
            self.text.extend(core::iter::repeat_n(c, n));
        }
    }

    pub fn check(&mut self) -> Result<()> {
        match self.refused.take() {
            Some(e) => {
                // Keep refusing: the text is incomplete.
                self.refused = Some(anyhow::anyhow!("{e}"));
                Err(e)
            }
            None => Ok(()),
        }
    }

    pub fn finish(mut self) -> Result<String> {
        self.check()?;
        Ok(self.text)
    }

    /// The text as a value (see [`string_value`]).
    pub fn into_value(self) -> Result<Value> {
        string_value(self.finish()?)
    }
}

/// govlint patch 91: `s` with every `old` replaced by `new`, as `str::replace`, checking its
/// rule's time as the text grows (`replace(s, "a", s)` writes `len(s)` squared bytes).
pub fn replace_checked(s: &str, old: &str, new: &str) -> Result<String> {
    if old.is_empty() {
        // `str::replace` with an empty pattern puts `new` before every character and at the end.
        let mut out = CheckedString::new();
        for c in s.chars() {
            out.push_str(new);
            out.push(c);
            out.check()?;
        }
        out.push_str(new);
        return out.finish();
    }
    // The search itself is work too, matches or not.
    enforce_limit_bytes(s.len())?;
    splice_checked(s, s.match_indices(old).map(|(at, m)| (at, at + m.len(), new)))
}

/// govlint patches 91 and 103: `text` with each match (start, end, replacement; in order, not
/// overlapping) replaced, checking the rule's time for each replacement written. `replace`
/// and `strings.replace_n` differ only in how they find their matches.
pub fn splice_checked<'a>(
    text: &str,
    matches: impl Iterator<Item = (usize, usize, &'a str)>,
) -> Result<String> {
    let mut out = CheckedString::new();
    let mut last = 0;
    for (start, end, new) in matches {
        out.push_str(text.get(last..start).unwrap_or_default());
        out.push_str(new);
        last = end;
        out.check()?;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out.finish()
}

pub fn ensure_args_count(
    span: &Span,
    fcn: &'static str,
    params: &[Ref<Expr>],
    args: &[Value],
    expected: usize,
) -> Result<()> {
    if args.len() != expected {
        let span = match args.len() > expected {
            false => span,
            true => params[args.len() - 1].span(),
        };
        if expected == 1 {
            bail!(span.error(format!("`{fcn}` expects 1 argument").as_str()))
        } else {
            bail!(span.error(format!("`{fcn}` expects {expected} arguments").as_str()))
        }
    }
    Ok(())
}

pub fn ensure_numeric(fcn: &str, arg: &Expr, v: &Value) -> Result<Number> {
    Ok(match &v {
        Value::Number(n) => n.clone(),
        _ => {
            let span = arg.span();
            bail!(
                span.error(format!("`{fcn}` expects numeric argument. Got `{v}` instead").as_str())
            )
        }
    })
}

pub fn validate_integer_arg(
    fcn: &str,
    param: &Ref<Expr>,
    original_value: &Value,
    numeric_value: &Number,
    strict: bool,
    allow_negative: bool,
) -> Result<bool> {
    if !numeric_value.is_integer() {
        if strict {
            bail!(param.span().error(
                format!("`{fcn}` expects integer arguments. Got `{original_value}`").as_str()
            ));
        }
        return Ok(false);
    }

    if !allow_negative {
        if let Some(int_value) = numeric_value.as_i128() {
            if int_value < 0 {
                if strict {
                    bail!(param.span().error(
                        format!("`{fcn}` expects non-negative integer arguments. Got `{original_value}`")
                            .as_str(),
                    ));
                }
                return Ok(false);
            }
        } else if !numeric_value.is_positive() {
            if strict {
                bail!(param.span().error(
                    format!(
                        "`{fcn}` expects non-negative integer arguments. Got `{original_value}`"
                    )
                    .as_str(),
                ));
            }
            return Ok(false);
        }
    }

    Ok(true)
}

pub fn ensure_string(fcn: &str, arg: &Expr, v: &Value) -> Result<Rc<str>> {
    Ok(match &v {
        Value::String(s) => s.clone(),
        _ => {
            let span = arg.span();
            bail!(span.error(format!("`{fcn}` expects string argument. Got `{v}` instead").as_str()))
        }
    })
}

pub fn ensure_string_element<'a>(
    fcn: &str,
    arg: &Expr,
    v: &'a Value,
    idx: usize,
) -> Result<&'a str> {
    Ok(match &v {
        Value::String(s) => s.as_ref(),
        _ => {
            let span = arg.span();
            bail!(span.error(
                format!("`{fcn}` expects string collection. Element {idx} is not a string.")
                    .as_str()
            ))
        }
    })
}

pub fn ensure_string_collection<'a>(fcn: &str, arg: &Expr, v: &'a Value) -> Result<Vec<&'a str>> {
    let mut collection = vec![];
    match &v {
        Value::Array(a) => {
            for (idx, elem) in a.iter().enumerate() {
                collection.push(ensure_string_element(fcn, arg, elem, idx)?);
                // Enforce allocator limit while materializing the string collection.
                enforce_limit()?;
            }
        }
        Value::Set(s) => {
            for (idx, elem) in s.iter().enumerate() {
                collection.push(ensure_string_element(fcn, arg, elem, idx)?);
                // Enforce allocator limit while materializing the string collection.
                enforce_limit()?;
            }
        }
        _ => {
            let span = arg.span();
            bail!(span.error(format!("`{fcn}` expects array/set of strings.").as_str()))
        }
    }
    Ok(collection)
}

pub fn ensure_array(fcn: &str, arg: &Expr, v: Value) -> Result<Rc<Array>> {
    Ok(match v {
        Value::Array(a) => a,
        _ => {
            let span = arg.span();
            bail!(span.error(format!("`{fcn}` expects array argument. Got `{v}` instead").as_str()))
        }
    })
}

pub fn ensure_set(fcn: &str, arg: &Expr, v: Value) -> Result<Rc<Set>> {
    Ok(match v {
        Value::Set(s) => s,
        _ => {
            let span = arg.span();
            bail!(span.error(format!("`{fcn}` expects set argument. Got `{v}` instead").as_str()))
        }
    })
}

pub fn ensure_object(fcn: &str, arg: &Expr, v: Value) -> Result<Rc<Object>> {
    Ok(match v {
        Value::Object(o) => o,
        _ => {
            let span = arg.span();
            bail!(span.error(format!("`{fcn}` expects object argument. Got `{v}` instead").as_str()))
        }
    })
}
