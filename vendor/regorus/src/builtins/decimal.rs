// govlint patch 40: arithmetic on non-integers as OPA computes it.
//
// OPA keeps a number as its text and computes `+ - * /`, `sum` and `product` with Go's
// big.Float at 64 bits of mantissa (the text parsed at 64 bits, the result rounded to 64
// bits), so `0.1 + 0.2 == 0.3` holds and `0.3 - 0.1 == 0.2` does not; IEEE doubles (53 bits)
// get both differently. This module computes OPA's 64-bit result r exactly (num-bigint,
// rounding half to even as big.Float does).
//
// govlint patch 104: r is kept (crate::opa_float) beside the double nearest the text OPA
// writes for it, which it prints and compares as (patch 40 stored a double chosen to compare
// with short decimals as r does, and lost r); a quotient keeps its 64 bits for the next
// operation (`product([2 / 3, 3])`), and every operand, of any number of digits, is read at
// 64 bits as OPA reads its text. A quotient of two integers that do not divide each other is
// computed here too, in integer arithmetic (`OpaFloat::quotient`).
use crate::number::Number;
use crate::opa_float::OpaFloat;
use alloc::format;
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

#[derive(Clone, Copy)]
pub enum DecimalOp {
    Add,
    Sub,
    Mul,
    Div,
}

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
    if !items.iter().any(non_integer) {
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
        // govlint patch 104: a 53-bit value, printed with its 53-bit digits.
        Number::from_opa_float(OpaFloat::from_big(&acc.m, acc.e, DOUBLE as u32)?)
    } else {
        store(&acc, false)
    }
}

/// govlint patch 104: `abs` of a non-integer as OPA computes it (big.Float's Abs of the
/// 64-bit value, written as any result: `abs(-1 / 3)` keeps 0.33333333333333333334,
/// `abs(-1234567.5)` prints 1.2345675e+06). None for an integer.
pub fn abs(n: &Number) -> Option<Number> {
    if !non_integer(n) {
        return None;
    }
    let b = to_binary(n)?;
    store(
        &Binary {
            m: b.m.abs(),
            e: b.e,
        },
        false,
    )
}

/// govlint patch 106: how `floor`, `ceil` and `round` make an integer.
#[derive(Clone, Copy)]
pub enum Rounding {
    Floor,
    Ceil,
    Round,
}

/// govlint patch 106: `floor`, `ceil` or `round` of a number OPA keeps as more than its
/// double (a computed non-integer, a long literal), from its 64-bit value as OPA computes
/// them: its double may be an integer where the value is not
/// (`(86400000000000 * 20000 - 1) / 86400000000000` is 19999.999999999999988, so its floor
/// is 19999). OPA truncates toward zero and steps by one when the truncated integer is on
/// the value's side (patch 97); `round` truncates the value plus or minus one half, added
/// at 64 bits. None for other numbers, which their double rounds as OPA does.
pub fn rounded(how: Rounding, n: &Number) -> Option<Number> {
    // Not `n.text()`: a computed value's text is written only when printed, and
    // `floor(ns / ns_per_day)` runs per object.
    if !matches!(n, Number::Lit(_)) || n.is_integer() {
        return None;
    }
    let mut b = to_binary(n)?;
    if let Rounding::Round = how {
        let half = BigInt::one();
        let e = b.e.min(-1);
        let m = b.m << usize::try_from(b.e - e).ok()?;
        let half = half << usize::try_from(-1 - e).ok()?;
        b = if m.is_negative() {
            round(m - half, BigInt::one(), e)
        } else {
            round(m + half, BigInt::one(), e)
        };
    }
    let (trunc, exact) = if b.e >= 0 {
        (b.m << usize::try_from(b.e).ok()?, true)
    } else {
        let k = usize::try_from(b.e.unsigned_abs()).ok()?;
        let t = if b.m.is_negative() {
            -((-&b.m) >> k)
        } else {
            &b.m >> k
        };
        let exact = (&t << k) == b.m;
        (t, exact)
    };
    let v = match how {
        Rounding::Floor if !exact && trunc.is_negative() => trunc - 1,
        Rounding::Ceil if !exact && !trunc.is_negative() => trunc + 1,
        _ => trunc,
    };
    Some(Number::from(v))
}

// govlint patch 104: what goes through OPA's big.Float arithmetic: any number but an
// integer (a double, integral or not, as `1.0` is read: `9007199254740993 * 1.0` is exact
// there; a computed non-integer; a literal of many digits).
fn non_integer(n: &Number) -> bool {
    !n.is_integer() || matches!(n.plain(), Number::Float(_))
}

// govlint patch 104: `a / b` for integers that do not divide each other (and a zero
// dividend over a negative divisor, Go's -0): OPA's 64-bit quotient, in integer arithmetic
// for operands within 64 bits. None leaves the division to `Number::divide`.
fn int_quotient(a: &Number, b: &Number) -> Option<Number> {
    let int = |n: &Number| match n.plain() {
        Number::UInt(v) => Some(i128::from(*v)),
        Number::Int(v) => Some(i128::from(*v)),
        _ => None,
    };
    let (x, y) = (int(a)?, int(b)?);
    if y == 0 || (x != 0 && x % y == 0) {
        return None;
    }
    let neg = (x < 0) != (y < 0);
    if x == 0 {
        return if neg {
            store(&round(BigInt::zero(), BigInt::one(), 0), true)
        } else {
            None
        };
    }
    let (x, y) = (x.unsigned_abs(), y.unsigned_abs());
    Number::from_opa_float(OpaFloat::quotient(
        neg,
        u64::try_from(x).ok()?,
        u64::try_from(y).ok()?,
    ))
}

// govlint patch 104: the sign of a zero operand (`-0`, `-0.0`), which Go's products and
// quotients keep.
fn negative(n: &Number) -> bool {
    match n.plain() {
        Number::Float(f) => f.is_sign_negative(),
        Number::Int(v) => *v < 0 || (*v == 0 && n.text().is_some_and(|t| t.starts_with('-'))),
        Number::BigInt(v) => v.is_negative(),
        _ => false,
    }
}

/// The result of `a op b` when at least one operand is a non-integral f64 that is a short
/// decimal; `None` leaves the operation to `Number`'s own f64/integer arithmetic.
pub fn apply(op: DecimalOp, a: &Number, b: &Number) -> Option<Number> {
    if matches!(op, DecimalOp::Div) {
        if let Some(q) = int_quotient(a, b) {
            return Some(q);
        }
    }
    // govlint patch 106: OPA 1.20.2 divides integers beyond 64 bits at 64 bits too, even
    // when they divide (`18446744073709551617 / 1` is 18446744073709551616, `1e400 / 3` an
    // integer of 400 digits where the engine's f64 overflowed).
    let big = |n: &Number| matches!(op, DecimalOp::Div) && matches!(n.plain(), Number::BigInt(_));
    if !non_integer(a) && !non_integer(b) && !big(a) && !big(b) {
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
    // Go's products and quotients keep the sign of a zero (`0 * -0.5` is -0); sums do not.
    let neg_zero = matches!(op, DecimalOp::Mul | DecimalOp::Div) && negative(a) != negative(b);
    store(&r, neg_zero)
}

// govlint patch 104: OPA's 64-bit result r, as the number that keeps it (see the top).
fn store(r: &Binary, neg_zero: bool) -> Option<Number> {
    let mut f = OpaFloat::from_big(&r.m, r.e, PRECISION as u32)?;
    if f.is_zero() {
        f.neg = neg_zero;
    }
    Number::from_opa_float(f)
}

// The 64-bit value OPA gives an operand: its text rounded to PRECISION bits. govlint patch
// 104: a computed result's own value; any number of digits (a double's shortest decimal,
// `0.3333333333333333`, is the text OPA would have read it from).
fn to_binary(n: &Number) -> Option<Binary> {
    if let Some(f) = n.opa_float() {
        if f.prec == PRECISION as u32 {
            let (m, e) = f.to_big();
            return Some(Binary { m, e });
        }
        // A 53-bit result (`product`) is read back from its text, as OPA does.
        return text_binary(n.text()?);
    }
    // govlint patch 105: a literal (or `to_number`'s string) is read from its own text, all
    // its digits: `0.33333333333333333334 * 3` is 1 in OPA, where its double's
    // 0.3333333333333333 gives 0.99999999999999990004.
    if let (Number::Lit(_), Some(text)) = (n, n.text()) {
        return text_binary(text);
    }
    let n = n.plain(); // govlint patch 65
    let Number::Float(f) = n else {
        return Some(round(n.as_big().map(|b| (*b).clone())?, BigInt::one(), 0));
    };
    if !f.is_finite() {
        return None;
    }
    text_binary(&format!("{f:e}"))
}

// The exponents of ten a text may have here: beyond them the integers get large (a literal's
// exponent is bounded by the lexer, patch 41, and a double's by its range).
const MAX_EXP10: u64 = 5000;

// A decimal text (`-1.25e-7`) rounded to PRECISION bits, as big.Float's SetString does.
fn text_binary(text: &str) -> Option<Binary> {
    let (mantissa, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (int_part, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let m: BigInt = format!("{int_part}{frac}").parse().ok()?;
    let e10 = exp - i64::try_from(frac.len()).ok()?;
    if e10.unsigned_abs() > MAX_EXP10 {
        return None;
    }
    let pow = num_traits::pow(
        BigInt::from(10u32),
        usize::try_from(e10.unsigned_abs()).ok()?,
    );
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
