// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 104: OPA's value of a non-integer result, kept beside the double.
//
// OPA computes `+ - * /`, `sum` and `abs` on anything but small integers with Go's big.Float
// at 64 bits of mantissa and keeps the result as the text `FloatToNumber` writes: the
// shortest decimal that reads back as the same 64-bit value (`0.3 - 0.1` is
// 0.20000000000000000002, `1 / 3` 0.33333333333333333334), in Go's `%g` form (`1e-08`,
// `1.0000005e+06`), or its `%f` form when the value is an integer (`1e20 + 0.1` is
// 100000000000000000000). That text is what `json.marshal`, `sprintf` and object keys print,
// and what comparisons compare, exactly, as decimals (`1 / 3 == 0.3333333333333333` is
// false). The engine keeps the double nearest that text for everything that reads an f64
// (what OPA's `Number.Float64` gives), and this value beside it: a 64-bit mantissa and an
// exponent, cheap to compute with integer arithmetic. The text is written only when it is
// printed or needed by a comparison the doubles cannot decide.
//
// No crate is used: the arithmetic with correct rounding at 64 bits is patch 40's (on
// num-bigint, in builtins/decimal.rs) plus the integer quotient below, and what no binary
// float crate does is to pick the digits Go's `roundShortest` picks, which is what OPA
// prints; this module writes them as Go does, quirks included (it walks the digits of the
// value and of its two rounding bounds by index, not by decimal position).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::number::Number;

/// `(-1)^neg * m * 2^e`, `m` zero or with its top bit set. `prec` is the precision of the Go
/// Float it stands for: 64 (big.Float's default, OPA's arithmetic), or 53 for `product`,
/// whose accumulator comes from big.NewFloat; it decides the digits printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpaFloat {
    pub neg: bool,
    pub m: u64,
    pub e: i64,
    pub prec: u32,
}

impl OpaFloat {
    /// `a / b` (both nonzero) rounded to 64 bits, half to even, as big.Float's Quo: in u128
    /// arithmetic, so a quotient of integers costs a division and no allocation.
    pub fn quotient(neg: bool, a: u64, b: u64) -> OpaFloat {
        let (la, lb) = (64 - a.leading_zeros(), 64 - b.leading_zeros());
        // a << s has 64 + lb bits (at most 128): the quotient has 64 or 65 bits.
        let s = 64 + lb - la;
        let (n, d) = ((a as u128) << s, b as u128);
        let (mut q, mut r) = (n / d, n % d);
        let mut e = -(s as i64);
        if q >> 64 == 0 {
            // One more bit, so that the bits below the 64 kept decide the rounding.
            q <<= 1;
            r <<= 1;
            e -= 1;
            if r >= d {
                r -= d;
                q |= 1;
            }
        }
        Self::round_u128(neg, q, e, r != 0)
    }

    /// `q * 2^e` (q of 65 to 128 bits, `sticky` when nonzero bits were dropped below it)
    /// rounded to 64 bits, half to even.
    fn round_u128(neg: bool, q: u128, e: i64, sticky: bool) -> OpaFloat {
        let extra = 64 - q.leading_zeros();
        let mut kept = (q >> extra) as u64;
        let rest = q & ((1u128 << extra) - 1);
        let half = 1u128 << (extra - 1);
        let mut e = e + i64::from(extra);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        if up {
            kept = kept.wrapping_add(1);
            if kept == 0 {
                kept = 1 << 63;
                e += 1;
            }
        }
        OpaFloat {
            neg,
            m: kept,
            e,
            prec: 64,
        }
    }

    /// From a signed mantissa of at most 64 bits (patch 40's rounding) and its exponent.
    pub fn from_big(m: &BigInt, e: i64, prec: u32) -> Option<OpaFloat> {
        let neg = m.is_negative();
        let mag: u64 = num_traits::ToPrimitive::to_u64(&m.abs())?;
        if mag == 0 {
            return Some(OpaFloat {
                neg,
                m: 0,
                e: 0,
                prec,
            });
        }
        let shift = mag.leading_zeros();
        Some(OpaFloat {
            neg,
            m: mag << shift,
            e: e - i64::from(shift),
            prec,
        })
    }

    /// The signed mantissa and exponent, for patch 40's arithmetic.
    pub fn to_big(self) -> (BigInt, i64) {
        let m = BigInt::from(self.m);
        (if self.neg { -m } else { m }, self.e)
    }

    pub fn is_zero(self) -> bool {
        self.m == 0
    }

    pub fn is_integer(self) -> bool {
        self.m == 0 || self.e >= 0 || (self.e > -64 && self.m.trailing_zeros() as i64 >= -self.e)
    }

    /// The value as an integer, when it is one below 2^64 (then its text is its digits).
    pub fn small_integer(self) -> Option<i128> {
        if self.m == 0 {
            return Some(0);
        }
        if !self.is_integer() || self.e > 0 {
            return None;
        }
        let v = i128::from(self.m >> (-self.e) as u32);
        Some(if self.neg { -v } else { v })
    }

    /// The double OPA's `Number.Float64` reads from the text: the double nearest the value,
    /// except when the value is halfway between two doubles, where the text decides.
    pub fn to_f64(self) -> f64 {
        if self.m == 0 {
            return if self.neg { -0.0 } else { 0.0 };
        }
        let low = self.m & 0x7ff;
        if low == 0x400 {
            return self.f64_of_text();
        }
        let mut hi = self.m >> 11;
        let mut e = self.e + 11;
        if low > 0x400 {
            hi += 1;
            if hi == 1 << 53 {
                hi >>= 1;
                e += 1;
            }
        }
        // hi * 2^e with hi in [2^52, 2^53): a normal double when its exponent is in range.
        let exp = e + 52;
        if !(-1022..=1023).contains(&exp) {
            return self.f64_of_text();
        }
        let bits = (((exp + 1023) as u64) << 52) | (hi & ((1 << 52) - 1));
        let f = f64::from_bits(bits);
        if self.neg {
            -f
        } else {
            f
        }
    }

    fn f64_of_text(self) -> f64 {
        self.text().parse().unwrap_or(f64::NAN)
    }

    /// Go's `roundShortest` at this precision: the shortest decimal in the value's rounding
    /// interval (bounds included when the mantissa is even), found digit by digit.
    fn shortest(self) -> GoDecimal {
        let mut d = GoDecimal::of(&BigInt::from(self.m), self.e);
        if d.mant.is_empty() {
            return d;
        }
        let drop = 64 - self.prec;
        let mp = self.m >> drop;
        // The bounds are the value -/+ half a unit in its last place: (2mp -/+ 1) * 2^(e'-1).
        let twice = BigInt::from(mp) << 1u32;
        let e = self.e + i64::from(drop) - 1;
        let lower = GoDecimal::of(&(&twice - 1u32), e);
        let upper = GoDecimal::of(&(&twice + 1u32), e);
        let inclusive = mp & 1 == 0;
        for i in 0..d.mant.len() {
            let (l, m, u) = (lower.at(i), d.mant[i], upper.at(i));
            let okdown = l != m || (inclusive && i + 1 == lower.mant.len());
            let okup = m != u && (inclusive || m + 1 < u || i + 1 < upper.mant.len());
            match (okdown, okup) {
                (true, true) => d.round(i + 1),
                (true, false) => d.round_down(i + 1),
                (false, true) => d.round_up(i + 1),
                (false, false) => continue,
            }
            break;
        }
        d
    }

    /// The text OPA keeps for this value: `Text('f', -1)` for an integer, else
    /// `Text('g', -1)` (`%e` below 1e-4 and from 1e6 up, with at least two exponent digits).
    pub fn text(self) -> String {
        let d = self.shortest();
        let mut s = String::new();
        if self.neg {
            s.push('-');
        }
        let n = d.mant.len() as i64;
        if self.is_integer() {
            d.write_f(&mut s, 0);
        } else if d.exp - 1 < -4 || d.exp - 1 >= 6 {
            d.write_e(&mut s);
        } else {
            d.write_f(&mut s, (n - d.exp).max(0));
        }
        s
    }
}

/// A decimal as Go's math/big keeps one: `0.mant * 10^exp`, ASCII digits without trailing
/// zeros (none at all for zero).
#[derive(Debug, Clone, PartialEq, Eq)]
struct GoDecimal {
    mant: Vec<u8>,
    exp: i64,
}

impl GoDecimal {
    /// The exact decimal of `m * 2^shift` (m >= 0).
    fn of(m: &BigInt, shift: i64) -> GoDecimal {
        if m.is_zero() {
            return GoDecimal {
                mant: vec![],
                exp: 0,
            };
        }
        let (digits, k) = if shift >= 0 {
            ((m << shift as usize).to_string(), 0)
        } else {
            let k = shift.unsigned_abs() as usize;
            (
                (m * num_traits::pow(BigInt::from(5u32), k)).to_string(),
                k as i64,
            )
        };
        let exp = digits.len() as i64 - k;
        let mut mant = digits.into_bytes();
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        GoDecimal { mant, exp }
    }

    fn at(&self, i: usize) -> u8 {
        self.mant.get(i).copied().unwrap_or(b'0')
    }

    fn round(&mut self, n: usize) {
        if n >= self.mant.len() {
            return;
        }
        // Exactly halfway rounds to even; otherwise the digit tells (no trailing zeros).
        let up = if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            n > 0 && (self.mant[n - 1] - b'0') & 1 != 0
        } else {
            self.mant[n] >= b'5'
        };
        if up {
            self.round_up(n);
        } else {
            self.round_down(n);
        }
    }

    fn round_up(&mut self, n: usize) {
        if n >= self.mant.len() {
            return;
        }
        let mut n = n;
        while n > 0 && self.mant[n - 1] >= b'9' {
            n -= 1;
        }
        if n == 0 {
            self.mant = vec![b'1'];
            self.exp += 1;
            return;
        }
        self.mant[n - 1] += 1;
        self.mant.truncate(n);
    }

    fn round_down(&mut self, n: usize) {
        if n >= self.mant.len() {
            return;
        }
        self.mant.truncate(n);
        while self.mant.last() == Some(&b'0') {
            self.mant.pop();
        }
        if self.mant.is_empty() {
            self.exp = 0;
        }
    }

    // Go's fmtF: the integer digits padded with zeros, then `frac` digits after the point.
    fn write_f(&self, s: &mut String, frac: i64) {
        if self.exp > 0 {
            let m = (self.exp as usize).min(self.mant.len());
            s.extend(self.mant[..m].iter().map(|&b| char::from(b)));
            s.extend((m as i64..self.exp).map(|_| '0'));
        } else {
            s.push('0');
        }
        if frac > 0 {
            s.push('.');
            for i in 0..frac {
                let j = self.exp + i;
                let ch = if (0..self.mant.len() as i64).contains(&j) {
                    char::from(self.mant[j as usize])
                } else {
                    '0'
                };
                s.push(ch);
            }
        }
    }

    // Go's fmtE with every digit: d.ddde±dd.
    fn write_e(&self, s: &mut String) {
        s.push(char::from(self.at(0)));
        if self.mant.len() > 1 {
            s.push('.');
            s.extend(self.mant[1..].iter().map(|&b| char::from(b)));
        }
        let exp = if self.mant.is_empty() {
            0
        } else {
            self.exp - 1
        };
        s.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    }
}

/// A number's value as OPA compares it: the decimal its text denotes, `0.mant * 10^exp`.
#[derive(Debug, PartialEq, Eq)]
pub struct Decimal {
    neg: bool,
    mant: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// A JSON number's text (`-1.50e3`); None for anything else.
    pub fn of_text(text: &str) -> Option<Decimal> {
        let (neg, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (num, exp10) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut exp = int.len() as i64 + exp10;
        let mut mant: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
        let zeros = mant.iter().take_while(|&&b| b == b'0').count();
        mant.drain(..zeros);
        exp -= zeros as i64;
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        if mant.is_empty() {
            exp = 0;
        }
        Some(Decimal { neg, mant, exp })
    }

    /// What a number without kept text stands for: an integer its digits, a double the
    /// shortest decimal that reads back as it (what it prints as, and what OPA would have
    /// read it from).
    pub fn of_plain(n: &Number) -> Option<Decimal> {
        match n {
            Number::Float(f) if f.is_finite() => Self::of_text(&format!("{f:e}")),
            Number::Float(_) => None,
            Number::UInt(v) => Self::of_text(&v.to_string()),
            Number::Int(v) => Self::of_text(&v.to_string()),
            Number::BigInt(v) => Self::of_text(&v.to_string()),
            Number::Lit(l) => Self::of_text(l.text()),
        }
    }

    fn sign(&self) -> i8 {
        match (self.mant.is_empty(), self.neg) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.sign(), other.sign());
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        let magnitude = self
            .exp
            .cmp(&other.exp)
            .then_with(|| self.mant.cmp(&other.mant));
        if a > 0 {
            magnitude
        } else {
            magnitude.reverse()
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The double each side rounds to, when the engine holds it exactly: for a number compared
/// by its decimal, the double nearest that decimal (rounding is monotonic, so two different
/// such doubles order their decimals).
fn nearest_double(n: &Number) -> Option<f64> {
    match n.plain() {
        Number::Float(f) => Some(*f),
        Number::UInt(v) => Some(*v as f64),
        Number::Int(v) => Some(*v as f64),
        _ => None,
    }
}

/// OPA's comparison of two numbers when one of them is kept as a decimal the double does
/// not stand for: the doubles decide when they differ, the decimals otherwise.
pub fn cmp_exact(a: &Number, b: &Number) -> Ordering {
    if let (Some(x), Some(y)) = (nearest_double(a), nearest_double(b)) {
        if x != y {
            return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
        }
    }
    match (Decimal::of_plain(a), Decimal::of_plain(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        // Not reached for finite numbers; the value decides.
        _ => a.plain().cmp(b.plain()),
    }
}
