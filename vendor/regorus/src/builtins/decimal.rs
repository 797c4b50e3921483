// govlint patch 40: arithmetic on non-integers as OPA computes it.
//
// OPA keeps a number as its text and computes `+ - * /`, `sum` and `product` with Go's
// big.Float at 64 bits of mantissa (the text parsed at 64 bits, the result rounded to 64
// bits), so `0.1 + 0.2 == 0.3` holds and `0.3 - 0.1 == 0.2` does not; IEEE doubles (53 bits)
// get both differently. The engine keeps f64 (Number's verified f64 semantics stay
// untouched); this module computes the 64-bit result r of OPA and stores the f64 that
// compares with every short decimal as r does: the double nearest r when r is the 64-bit
// value of that double's own shortest decimal (`0.1 + 0.2` is stored as 0.3), else the
// neighbour double on r's side of it (`0.3 - 0.1` is stored just above 0.2, as OPA's
// 0.20000000000000000002 is). Operands with 16 or more significant digits (quotients such
// as `2/3`) are roundings whose 64-bit value is gone, so they keep plain f64 arithmetic,
// whose result is then the nearer one to OPA's (`2/3*3` is 2 in both).
use crate::number::Number;
use alloc::format;
use core::cmp::Ordering;
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

#[derive(Clone, Copy)]
pub enum DecimalOp {
    Add,
    Sub,
    Mul,
    Div,
}

// Digits beyond this many are a rounding already (f64 round-trips 15 decimal digits).
const EXACT_DIGITS: usize = 15;
// big.Float's default precision, which OPA's arithmetic uses.
const PRECISION: u64 = 64;
// big.NewFloat's precision, that of OPA's `sum` and `product` accumulators.
const DOUBLE: u64 = 53;

/// `m * 2^e`, m zero or with exactly PRECISION bits.
#[derive(PartialEq, Eq)]
struct Binary {
    m: BigInt,
    e: i64,
}

/// `sum` (op Add) or `product` (op Mul) of `items` as OPA computes them: `sum` adds at 64
/// bits like `+`, each operand read from its text; `product`'s accumulator comes from
/// big.NewFloat and so has 53 bits, each step rounded to 53 bits (`product([0.1, 3])` is
/// 0.30000000000000004 there, while `0.1 * 3` is 0.3). None as for `apply`.
pub fn fold(op: DecimalOp, items: &[Number]) -> Option<Number> {
    // govlint patch 65: on the value, not the text it was read from.
    let fractional = |n: &Number| matches!(n.plain(), Number::Float(x) if x.fract() != 0.0);
    if !items.iter().any(fractional) {
        return None;
    }
    let product = matches!(op, DecimalOp::Mul);
    let precision = if product { DOUBLE } else { PRECISION };
    let mut acc = round(BigInt::from(u8::from(product)), BigInt::one(), 0);
    for item in items {
        let y = to_binary(item)?;
        acc = if product {
            round_to(precision, acc.m * y.m, BigInt::one(), acc.e + y.e)
        } else {
            let e = acc.e.min(y.e);
            let xm = acc.m << usize::try_from(acc.e - e).ok()?;
            let ym = y.m << usize::try_from(y.e - e).ok()?;
            round_to(precision, xm + ym, BigInt::one(), e)
        };
    }
    if product {
        let value = to_f64(&acc)?;
        value.is_finite().then(|| Number::normalize_float(value))
    } else {
        store(&acc)
    }
}

/// The result of `a op b` when at least one operand is a non-integral f64 that is a short
/// decimal; `None` leaves the operation to `Number`'s own f64/integer arithmetic.
pub fn apply(op: DecimalOp, a: &Number, b: &Number) -> Option<Number> {
    // govlint patch 65: on the value, not the text it was read from.
    let fractional = |n: &Number| matches!(n.plain(), Number::Float(x) if x.fract() != 0.0);
    if !fractional(a) && !fractional(b) {
        return None;
    }
    let (x, y) = (to_binary(a)?, to_binary(b)?);
    let r = match op {
        DecimalOp::Add | DecimalOp::Sub => {
            let e = x.e.min(y.e);
            let xm = x.m << usize::try_from(x.e - e).ok()?;
            let mut ym = y.m << usize::try_from(y.e - e).ok()?;
            if matches!(op, DecimalOp::Sub) {
                ym = -ym;
            }
            round(xm + ym, BigInt::one(), e)
        }
        DecimalOp::Mul => round(x.m * y.m, BigInt::one(), x.e + y.e),
        DecimalOp::Div if y.m.is_zero() => return None,
        // govlint patch 88: round_to wants a positive divisor; a negative one made
        // `-0.7 / -0.7` 0.9999999999999999 and `7 / -0.7` -9.999999999999998 (OPA: 1, -10).
        DecimalOp::Div if y.m.is_negative() => round(-x.m, -y.m, x.e - y.e),
        DecimalOp::Div => round(x.m, y.m, x.e - y.e),
    };
    store(&r)
}

// The double that stands for OPA's 64-bit result r (see the top).
fn store(r: &Binary) -> Option<Number> {
    let nearest = to_f64(r)?;
    if !nearest.is_finite() {
        return None;
    }
    let stored = match to_binary(&Number::Float(nearest)).map(|d| r.cmp_value(&d)) {
        Some(Ordering::Greater) => nearest.next_up(),
        Some(Ordering::Less) => nearest.next_down(),
        _ => nearest,
    };
    stored.is_finite().then(|| Number::normalize_float(stored))
}

impl Binary {
    fn cmp_value(&self, other: &Binary) -> Ordering {
        let e = self.e.min(other.e);
        let shift = |b: &Binary| b.m.clone() << usize::try_from(b.e - e).unwrap_or(0);
        shift(self).cmp(&shift(other))
    }
}

// The 64-bit value OPA gives an operand: its text (for an f64, the shortest decimal that
// reads back as it) rounded to PRECISION bits. None for a long decimal (see the top).
fn to_binary(n: &Number) -> Option<Binary> {
    let n = n.plain(); // govlint patch 65
    let Number::Float(f) = n else {
        return Some(round(n.as_big().map(|b| (*b).clone())?, BigInt::one(), 0));
    };
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f:e}");
    let (mantissa, exp) = text.split_once('e')?;
    let exp: i64 = exp.parse().ok()?;
    let (int_part, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.trim_start_matches('-').len() + frac.len() > EXACT_DIGITS {
        return None;
    }
    let m: BigInt = format!("{int_part}{frac}").parse().ok()?;
    let e10 = exp - i64::try_from(frac.len()).ok()?;
    let pow = num_traits::pow(BigInt::from(10u32), usize::try_from(e10.unsigned_abs()).ok()?);
    Some(if e10 >= 0 {
        round(m * pow, BigInt::one(), 0)
    } else {
        round(m, pow, 0)
    })
}

fn round(num: BigInt, den: BigInt, e: i64) -> Binary {
    round_to(PRECISION, num, den, e)
}

// `num / den * 2^e` (den > 0) rounded to `precision` bits, half to even, as big.Float does.
fn round_to(precision: u64, num: BigInt, den: BigInt, e: i64) -> Binary {
    if num.is_zero() {
        return Binary { m: num, e: 0 };
    }
    let negative = num.is_negative();
    let num = num.abs();
    // Scale so the quotient has precision bits: num * 2^s / den in [2^63, 2^64).
    let mut s = precision as i64 - (num.bits() as i64 - den.bits() as i64);
    let (mut q, mut r, mut d);
    loop {
        let (n, dd) = if s >= 0 {
            (&num << s as usize, den.clone())
        } else {
            (num.clone(), &den << (-s) as usize)
        };
        q = &n / &dd;
        r = n - &q * &dd;
        d = dd;
        match q.bits() {
            b if b > precision => s -= 1,
            b if b < precision => s += 1,
            _ => break,
        }
    }
    let twice = &r << 1usize;
    if twice > d || (twice == d && q.bit(0)) {
        q += 1;
        if q.bits() > precision {
            q >>= 1usize;
            s -= 1;
        }
    }
    Binary {
        m: if negative { -q } else { q },
        e: e - s,
    }
}

// The double nearest `m * 2^e`, through its exact decimal (Rust's parse rounds correctly).
fn to_f64(b: &Binary) -> Option<f64> {
    let text = if b.e >= 0 {
        format!("{}", &b.m << usize::try_from(b.e).ok()?)
    } else {
        let k = usize::try_from(b.e.unsigned_abs()).ok()?;
        format!("{}e-{k}", &b.m * num_traits::pow(BigInt::from(5u32), k))
    };
    text.parse().ok()
}
