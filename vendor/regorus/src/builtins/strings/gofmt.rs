// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 25: Go's `fmt.Sprintf`, as OPA's `sprintf` applies it.
//
// OPA hands Go's fmt one value per array element: an integer as Go `int` (its text parses as
// an int64), a larger integer as `*big.Int`, any other number as `float64`, a string as
// `string`, and every other value as the string of its Rego text (`[1, "a"]`, `set()`,
// `true`). So a verb that does not fit its value prints Go's `%!s(int=3)`, and flags, width,
// precision, argument indexes and the missing/extra argument notes all follow Go's rules.
// This module is a port of those rules (fmt/print.go, fmt/format.go, strconv/ftoa.go and
// math/big's `Int.Format`) for exactly those four argument types.

use super::go_is_print;
use crate::builtins::utils::CheckedString;
use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use num_bigint::BigInt;
use num_traits::Signed;

/// One argument as Go's fmt sees it (a string borrowed from its value where it is one).
pub enum GoArg<'a> {
    Int(i64),
    Big(BigInt),
    Float(f64),
    Str(Cow<'a, str>),
}

impl GoArg<'_> {
    fn type_name(&self) -> &'static str {
        match self {
            GoArg::Int(_) => "int64",
            GoArg::Big(_) => "*big.Int",
            GoArg::Float(_) => "float64",
            GoArg::Str(_) => "string",
        }
    }
}

// Go caps widths, precisions and argument indexes at 1e6 (`tooLarge`).
const TOO_LARGE: usize = 1_000_000;

#[derive(Default, Clone, Copy)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

struct Printer<'a> {
    // govlint patch 128: written under the rule's time and memory checks.
    out: CheckedString,
    f: Flags,
    args: &'a [GoArg<'a>],
    erroring: bool,
}

/// `fmt.Sprintf(format, args...)`; an error when the rule's time or memory budget refuses the
/// output.
pub fn sprintf(format: &str, args: &[GoArg<'_>]) -> anyhow::Result<String> {
    let mut p = Printer {
        out: CheckedString::new(),
        f: Flags::default(),
        args,
        erroring: false,
    };
    p.do_printf(format.as_bytes(), format);
    p.out.finish()
}

// parsenum: digits from `i`; None when there are none or the number is too large (then the
// rest of the format is consumed, as Go does).
fn parse_num(b: &[u8], mut i: usize, end: usize) -> (Option<usize>, usize) {
    if i >= end {
        return (None, end);
    }
    let mut num = 0usize;
    let mut isnum = false;
    while i < end && b[i].is_ascii_digit() {
        if num > TOO_LARGE {
            return (None, end);
        }
        num = num * 10 + usize::from(b[i] - b'0');
        isnum = true;
        i += 1;
    }
    (isnum.then_some(num), i)
}

impl Printer<'_> {
    fn do_printf(&mut self, b: &[u8], format: &str) {
        let end = b.len();
        let mut arg_num = 0usize;
        let mut after_index;
        let mut reordered = false;
        let mut i = 0usize;
        while i < end && !self.out.refused() {
            let mut good_arg_num = true;
            let last = i;
            while i < end && b[i] != b'%' {
                i += 1;
            }
            if i > last {
                self.out.push_str(&format[last..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.f = Flags::default();
            while i < end {
                match b[i] {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = true,
                    b'+' => self.f.plus = true,
                    b'-' => self.f.minus = true,
                    b' ' => self.f.space = true,
                    _ => break,
                }
                i += 1;
            }
            // An explicit argument index, `%[2]d`.
            let mut arg_number = |arg_num: usize, i: usize, good: &mut bool| -> (usize, usize, bool) {
                if i >= end || b[i] != b'[' {
                    return (arg_num, i, false);
                }
                reordered = true;
                let (index, wid, ok) = parse_arg_number(&b[i..]);
                if ok && index.is_some_and(|x| x < self.args.len()) {
                    return (index.unwrap_or(0), i + wid, true);
                }
                *good = false;
                (arg_num, i + wid, ok)
            };
            (arg_num, i, after_index) = arg_number(arg_num, i, &mut good_arg_num);

            // Width.
            if i < end && b[i] == b'*' {
                i += 1;
                let (n, ok, next) = self.int_from_arg(arg_num);
                arg_num = next;
                if !ok {
                    self.out.push_str("%!(BADWIDTH)");
                    self.f.wid = None;
                } else if n < 0 {
                    self.f.wid = Some(n.unsigned_abs() as usize);
                    self.f.minus = true;
                    self.f.zero = false;
                } else {
                    self.f.wid = Some(n as usize);
                }
                after_index = false;
            } else {
                let (w, next) = parse_num(b, i, end);
                self.f.wid = w;
                i = next;
                if after_index && w.is_some() {
                    good_arg_num = false;
                }
            }

            // Precision.
            if i + 1 < end && b[i] == b'.' {
                i += 1;
                if after_index {
                    good_arg_num = false;
                }
                (arg_num, i, after_index) = arg_number(arg_num, i, &mut good_arg_num);
                if i < end && b[i] == b'*' {
                    i += 1;
                    let (n, ok, next) = self.int_from_arg(arg_num);
                    arg_num = next;
                    // A negative precision is as bad as a missing one.
                    let ok = ok && n >= 0;
                    self.f.prec = ok.then_some(n as usize);
                    if !ok {
                        self.out.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (pr, next) = parse_num(b, i, end);
                    i = next;
                    self.f.prec = Some(pr.unwrap_or(0));
                }
            }

            if !after_index {
                (arg_num, i, _) = arg_number(arg_num, i, &mut good_arg_num);
            }

            if i >= end {
                self.out.push_str("%!(NOVERB)");
                break;
            }
            let verb = format[i..].chars().next().unwrap_or('\u{FFFD}');
            i += verb.len_utf8();

            if verb == '%' {
                self.out.push('%');
            } else if !good_arg_num {
                self.out.push_str("%!");
                self.out.push(verb);
                self.out.push_str("(BADINDEX)");
            } else if arg_num >= self.args.len() {
                self.out.push_str("%!");
                self.out.push(verb);
                self.out.push_str("(MISSING)");
            } else {
                if verb == 'v' || verb == 'w' {
                    self.f.sharp_v = self.f.sharp;
                    self.f.sharp = false;
                    self.f.plus_v = self.f.plus;
                    self.f.plus = false;
                }
                self.print_arg(arg_num, verb);
                arg_num += 1;
            }
        }

        if !reordered && arg_num < self.args.len() {
            self.f = Flags::default();
            self.out.push_str("%!(EXTRA ");
            for (n, k) in (arg_num..self.args.len()).enumerate() {
                if n > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(self.args[k].type_name());
                self.out.push('=');
                self.print_arg(k, 'v');
            }
            self.out.push(')');
        }
    }

    // intFromArg: a `*` width or precision must be a Go int within 1e6.
    fn int_from_arg(&self, arg_num: usize) -> (i64, bool, usize) {
        if arg_num >= self.args.len() {
            return (0, false, arg_num);
        }
        match &self.args[arg_num] {
            GoArg::Int(n) if n.unsigned_abs() <= TOO_LARGE as u64 => (*n, true, arg_num + 1),
            _ => (0, false, arg_num + 1),
        }
    }

    fn print_arg(&mut self, k: usize, verb: char) {
        let args = self.args;
        let arg = &args[k];
        match verb {
            'T' => {
                let t = arg.type_name();
                self.fmt_s(t);
                return;
            }
            // %p of a value that is no pointer; a `*big.Int` would print its address, which
            // no deterministic engine can reproduce: it gets the same note.
            'p' => {
                self.bad_verb(k, verb);
                return;
            }
            _ => {}
        }
        match arg {
            GoArg::Int(n) => self.fmt_int(k, *n, verb),
            GoArg::Big(n) => {
                if self.erroring {
                    // Unreachable through Go's paths for `*big.Int` (it formats its own bad
                    // verbs); kept total.
                    let s = n.to_string();
                    self.fmt_s(&s);
                } else {
                    self.fmt_big(n, verb);
                }
            }
            GoArg::Float(v) => self.fmt_float_verb(k, *v, verb),
            GoArg::Str(s) => self.fmt_string(k, s, verb),
        }
    }

    fn bad_verb(&mut self, k: usize, verb: char) {
        self.erroring = true;
        self.out.push_str("%!");
        self.out.push(verb);
        self.out.push('(');
        self.out.push_str(self.args[k].type_name());
        self.out.push('=');
        self.print_arg(k, 'v');
        self.out.push(')');
        self.erroring = false;
    }

    // --- padding -------------------------------------------------------------------------

    fn write_padding(&mut self, n: usize) {
        let c = if self.f.zero && !self.f.minus { '0' } else { ' ' };
        self.out.push_repeated(c, n);
    }

    fn pad(&mut self, s: &str) {
        let width = match self.f.wid {
            Some(w) if w > 0 => w.saturating_sub(s.chars().count()),
            _ => {
                self.out.push_str(s);
                return;
            }
        };
        if self.f.minus {
            self.out.push_str(s);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.out.push_str(s);
        }
    }

    // --- strings -------------------------------------------------------------------------

    fn fmt_string(&mut self, k: usize, s: &str, verb: char) {
        match verb {
            'v' if self.f.sharp_v => self.fmt_q(s),
            'v' | 's' => self.fmt_s(s),
            'x' => self.fmt_sx(s, LOWER),
            'X' => self.fmt_sx(s, UPPER),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(k, verb),
        }
    }

    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        match self.f.prec {
            Some(n) => s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i]),
            None => s,
        }
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad(s);
    }

    fn fmt_sx(&mut self, s: &str, digits: &[u8; 17]) {
        let b = s.as_bytes();
        let length = match self.f.prec {
            Some(p) if p < b.len() => p,
            _ => b.len(),
        };
        let mut width = 2 * length;
        if width == 0 {
            if let Some(w) = self.f.wid {
                self.write_padding(w);
            }
            return;
        }
        if self.f.space {
            if self.f.sharp {
                width *= 2;
            }
            width += length - 1;
        } else if self.f.sharp {
            width += 2;
        }
        let wid = self.f.wid.unwrap_or(0);
        if wid > width && !self.f.minus {
            self.write_padding(wid - width);
        }
        if self.f.sharp {
            self.out.push('0');
            self.out.push(char::from(digits[16]));
        }
        for (i, c) in b[..length].iter().enumerate() {
            if self.f.space && i > 0 {
                self.out.push(' ');
                if self.f.sharp {
                    self.out.push('0');
                    self.out.push(char::from(digits[16]));
                }
            }
            self.out.push(char::from(digits[usize::from(c >> 4)]));
            self.out.push(char::from(digits[usize::from(c & 0xf)]));
        }
        if wid > width && self.f.minus {
            self.write_padding(wid - width);
        }
    }

    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            let q = alloc::format!("`{s}`");
            self.pad(&q);
            return;
        }
        let q = go_quote(s.chars(), '"', self.f.plus);
        self.pad(&q);
    }

    // --- integers ------------------------------------------------------------------------

    fn fmt_int(&mut self, k: usize, n: i64, verb: char) {
        match verb {
            'v' | 'd' => self.fmt_integer(n, 10, verb, LOWER),
            'b' => self.fmt_integer(n, 2, verb, LOWER),
            'o' | 'O' => self.fmt_integer(n, 8, verb, LOWER),
            'x' => self.fmt_integer(n, 16, verb, LOWER),
            'X' => self.fmt_integer(n, 16, verb, UPPER),
            'c' => {
                let c = go_rune(n);
                let s = String::from(c);
                self.pad(&s);
            }
            'q' => {
                let q = go_quote(core::iter::once(go_rune(n)), '\'', self.f.plus);
                self.pad(&q);
            }
            'U' => self.fmt_unicode(n as u64),
            _ => self.bad_verb(k, verb),
        }
    }

    fn fmt_integer(&mut self, n: i64, base: u64, verb: char, digits: &[u8; 17]) {
        let negative = n < 0;
        let mut u = n.unsigned_abs();
        let mut prec = 0usize;
        if let Some(p) = self.f.prec {
            prec = p;
            if p == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid.unwrap_or(0));
                self.f.zero = old;
                return;
            }
        } else if let (true, false, Some(w)) = (self.f.zero, self.f.minus, self.f.wid) {
            prec = w;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        let mut buf: Vec<u8> = Vec::new();
        loop {
            buf.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while buf.len() < prec {
            buf.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => buf.extend_from_slice(b"b0"),
                8 if buf.last() != Some(&b'0') => buf.push(b'0'),
                16 => {
                    buf.push(digits[16]);
                    buf.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            buf.extend_from_slice(b"o0");
        }
        if negative {
            buf.push(b'-');
        } else if self.f.plus {
            buf.push(b'+');
        } else if self.f.space {
            buf.push(b' ');
        }
        buf.reverse();
        let s: String = buf.into_iter().map(char::from).collect();
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = old;
    }

    fn fmt_unicode(&mut self, u: u64) {
        let mut prec = 4;
        if let Some(p) = self.f.prec {
            prec = prec.max(p);
        }
        let mut s = alloc::format!("U+{u:0prec$X}");
        if self.f.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if go_is_print::is_print(c) {
                    s.push_str(" '");
                    s.push(c);
                    s.push('\'');
                }
            }
        }
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = old;
    }

    // math/big's `(*Int).Format`.
    fn fmt_big(&mut self, x: &BigInt, verb: char) {
        let base = match verb {
            'b' => 2,
            'o' | 'O' => 8,
            'd' | 's' | 'v' => 10,
            'x' | 'X' => 16,
            _ => {
                self.out.push_str("%!");
                self.out.push(verb);
                self.out.push_str("(big.Int=");
                self.out.push_str(&x.to_string());
                self.out.push(')');
                return;
            }
        };
        let plus = self.f.plus || self.f.plus_v;
        let sharp = self.f.sharp || self.f.sharp_v;
        let sign = if x.is_negative() {
            "-"
        } else if plus {
            "+"
        } else if self.f.space {
            " "
        } else {
            ""
        };
        let mut prefix = "";
        if sharp {
            prefix = match verb {
                'b' => "0b",
                'o' => "0",
                'x' => "0x",
                'X' => "0X",
                _ => "",
            };
        }
        if verb == 'O' {
            prefix = "0o";
        }
        let mut digits = x.abs().to_str_radix(base);
        if verb == 'X' {
            digits = digits.to_uppercase();
        }
        let (mut left, mut zeros, mut right) = (0, 0, 0);
        if let Some(p) = self.f.prec {
            if digits.len() < p {
                zeros = p - digits.len();
            } else if digits == "0" && p == 0 {
                return;
            }
        }
        let length = sign.len() + prefix.len() + zeros + digits.len();
        if let Some(w) = self.f.wid {
            if length < w {
                let d = w - length;
                if self.f.minus {
                    right = d;
                } else if self.f.zero && self.f.prec.is_none() {
                    zeros = d;
                } else {
                    left = d;
                }
            }
        }
        self.out.push_repeated(' ', left);
        self.out.push_str(sign);
        self.out.push_str(prefix);
        self.out.push_repeated('0', zeros);
        self.out.push_str(&digits);
        self.out.push_repeated(' ', right);
    }

    // --- floats --------------------------------------------------------------------------

    fn fmt_float_verb(&mut self, k: usize, v: f64, verb: char) {
        match verb {
            'v' => self.fmt_float(v, 'g', None),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(v, verb, None),
            'f' | 'e' | 'E' => self.fmt_float(v, verb, Some(6)),
            'F' => self.fmt_float(v, 'f', Some(6)),
            _ => self.bad_verb(k, verb),
        }
    }

    // fmt's `(*fmt).fmtFloat`.
    fn fmt_float(&mut self, v: f64, verb: char, default_prec: Option<usize>) {
        let prec = self.f.prec.or(default_prec);
        let body = format_float(v, verb, prec);
        // num: a sign ('+' when none), then the digits.
        let mut num: Vec<char> = Vec::with_capacity(body.len() + 1);
        if body.starts_with('-') || body.starts_with('+') {
            num.extend(body.chars());
        } else {
            num.push('+');
            num.extend(body.chars());
        }
        if self.f.space && num[0] == '+' && !self.f.plus {
            num[0] = ' ';
        }
        if num.get(1) == Some(&'I') || num.get(1) == Some(&'N') {
            let old = self.f.zero;
            self.f.zero = false;
            if num[1] == 'N' && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            let s: String = num.into_iter().collect();
            self.pad(&s);
            self.f.zero = old;
            return;
        }
        if self.f.sharp && verb != 'b' {
            let mut digits: i64 = 0;
            if matches!(verb, 'v' | 'g' | 'G' | 'x') {
                digits = prec.map_or(6, |p| p as i64);
            }
            let mut tail: Vec<char> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    '.' => has_point = true,
                    'p' | 'P' => {
                        tail.extend(num.drain(i..));
                        break;
                    }
                    'e' | 'E' if verb != 'x' && verb != 'X' => {
                        tail.extend(num.drain(i..));
                        break;
                    }
                    c => {
                        if c != '0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == '0' {
                    digits -= 1;
                }
                num.push('.');
            }
            while digits > 0 {
                num.push('0');
                digits -= 1;
            }
            num.extend(tail);
        }
        if self.f.plus || num[0] != '+' {
            if let (true, false, Some(w)) = (self.f.zero, self.f.minus, self.f.wid) {
                if w > num.len() {
                    self.out.push(num[0]);
                    self.write_padding(w - num.len());
                    for c in &num[1..] {
                        self.out.push(*c);
                    }
                    return;
                }
            }
            let s: String = num.into_iter().collect();
            self.pad(&s);
            return;
        }
        let s: String = num[1..].iter().collect();
        self.pad(&s);
    }
}

const LOWER: &[u8; 17] = b"0123456789abcdefx";
const UPPER: &[u8; 17] = b"0123456789ABCDEFX";

fn parse_arg_number(b: &[u8]) -> (Option<usize>, usize, bool) {
    if b.len() < 3 {
        return (None, 1, false);
    }
    for i in 1..b.len() {
        if b[i] == b']' {
            let (n, next) = parse_num(b, 1, i);
            return match n {
                Some(n) if next == i => (n.checked_sub(1), i + 1, true),
                _ => (None, i + 1, false),
            };
        }
    }
    (None, 1, false)
}

// `rune(n)` as fmt's %c and %q print it: beyond Unicode (or negative) is U+FFFD, and so is a
// surrogate.
fn go_rune(n: i64) -> char {
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

fn can_backquote(s: &str) -> bool {
    !s.chars()
        .any(|c| c == '\u{FEFF}' || c == '`' || c == '\u{7F}' || (c < ' ' && c != '\t'))
}

/// Go's `strconv.Quote(s)`, which `%q`, `net/url`'s errors and text/template's `printf "%q"`
/// all write.
pub(crate) fn strconv_quote(s: &str) -> String {
    go_quote(s.chars(), '"', false)
}

// strconv.Quote / QuoteToASCII / QuoteRune.
pub(super) fn go_quote(chars: impl Iterator<Item = char>, quote: char, ascii: bool) -> String {
    let mut out = String::new();
    out.push(quote);
    for c in chars {
        match c {
            c if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\u{07}' => out.push_str("\\a"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0B}' => out.push_str("\\v"),
            c if (!ascii || c.is_ascii()) && go_is_print::is_print(c) => out.push(c),
            c if c < ' ' || c == '\u{7F}' => out.push_str(&alloc::format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&alloc::format!("\\u{:04x}", c as u32)),
            c => out.push_str(&alloc::format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

// --- strconv.FormatFloat(v, fmt, prec, 64) -----------------------------------------------

// Decimal digits of |v| without leading or trailing zeros, and the decimal point's position:
// |v| = 0.d1d2d3... * 10^dp. Zero has no digits.
struct Digits {
    d: Vec<u8>,
    dp: i64,
}

fn trimmed(mantissa: &str, exp: i64) -> Digits {
    // mantissa "d.ddd" (scientific, exp its exponent)
    let d: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let mut digits = Digits { d, dp: exp + 1 };
    while digits.d.last() == Some(&b'0') {
        digits.d.pop();
    }
    if digits.d.is_empty() {
        digits.dp = 0;
    }
    digits
}

fn split_sci(s: &str) -> Digits {
    let (m, e) = s.split_once('e').unwrap_or((s, "0"));
    trimmed(m, e.parse().unwrap_or(0))
}

// Shortest digits that read back as v (Go's and Rust's shortest agree: both round-trip with
// the fewest digits, choosing the closest).
fn shortest(v: f64) -> Digits {
    split_sci(&alloc::format!("{:e}", v.abs()))
}

// Correctly rounded to n significant digits (n >= 1).
fn significant(v: f64, n: usize) -> Digits {
    split_sci(&alloc::format!("{:.*e}", n - 1, v.abs()))
}

// Correctly rounded to p digits after the point.
fn fixed(v: f64, p: usize) -> Digits {
    let s = alloc::format!("{:.*}", p, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let all: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let lead = all.iter().take_while(|c| **c == b'0').count();
    let mut digits = Digits {
        d: all[lead..].to_vec(),
        dp: int.len() as i64 - lead as i64,
    };
    while digits.d.last() == Some(&b'0') {
        digits.d.pop();
    }
    if digits.d.is_empty() {
        digits.dp = 0;
    }
    digits
}

pub(crate) fn format_float(v: f64, verb: char, prec: Option<usize>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let neg = v.is_sign_negative();
    match verb {
        'b' => return fmt_b(v),
        'x' | 'X' => return fmt_x(v, prec, verb),
        _ => {}
    }
    let lower = verb.to_ascii_lowercase();
    let (digs, prec, shortest_mode) = match (lower, prec) {
        (_, None) => {
            let d = shortest(v);
            let p = match lower {
                'e' => d.d.len().saturating_sub(1),
                'f' => (d.d.len() as i64 - d.dp).max(0) as usize,
                _ => d.d.len(),
            };
            (d, p, true)
        }
        ('e', Some(p)) => (significant(v, p + 1), p, false),
        ('f', Some(p)) => (fixed(v, p), p, false),
        (_, Some(p)) => {
            let p = p.max(1);
            (significant(v, p), p, false)
        }
    };
    let e_char = if verb.is_ascii_uppercase() { 'E' } else { 'e' };
    match lower {
        'e' => fmt_e(neg, &digs, prec, e_char),
        'f' => fmt_f(neg, &digs, prec),
        _ => {
            let nd = digs.d.len() as i64;
            let mut eprec = prec as i64;
            if eprec > nd && nd >= digs.dp {
                eprec = nd;
            }
            if shortest_mode {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            let mut prec = prec as i64;
            if exp < -4 || exp >= eprec {
                if prec > nd {
                    prec = nd;
                }
                return fmt_e(neg, &digs, (prec - 1).max(0) as usize, e_char);
            }
            if prec > digs.dp {
                prec = nd;
            }
            fmt_f(neg, &digs, (prec - digs.dp).max(0) as usize)
        }
    }
}

fn fmt_e(neg: bool, d: &Digits, prec: usize, e: char) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push(d.d.first().map_or('0', |c| char::from(*c)));
    if prec > 0 {
        s.push('.');
        let m = d.d.len().min(prec + 1);
        let mut i = 1;
        if i < m {
            s.extend(d.d[1..m].iter().map(|c| char::from(*c)));
            i = m;
        }
        while i <= prec {
            s.push('0');
            i += 1;
        }
    }
    s.push(e);
    let exp = if d.d.is_empty() { 0 } else { d.dp - 1 };
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&alloc::format!("{:02}", exp.unsigned_abs()));
    s
}

fn fmt_f(neg: bool, d: &Digits, prec: usize) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if d.dp > 0 {
        let dp = d.dp as usize;
        let m = d.d.len().min(dp);
        s.extend(d.d[..m].iter().map(|c| char::from(*c)));
        s.extend(core::iter::repeat_n('0', dp - m));
    } else {
        s.push('0');
    }
    if prec > 0 {
        s.push('.');
        for i in 0..prec as i64 {
            let j = d.dp + i;
            let c = if j >= 0 && (j as usize) < d.d.len() {
                char::from(d.d[j as usize])
            } else {
                '0'
            };
            s.push(c);
        }
    }
    s
}

// Mantissa and binary exponent of a finite float: v = mant * 2^exp, Go's layout (the
// implicit bit set for normal numbers).
fn mant_exp(v: f64) -> (u64, i64) {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1u64 << 52) - 1);
    let mut exp = biased;
    if biased == 0 {
        exp += 1;
    } else {
        mant |= 1u64 << 52;
    }
    (mant, exp - 1023)
}

fn fmt_b(v: f64) -> String {
    let (mant, exp) = mant_exp(v);
    let exp = exp - 52;
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let esign = if exp >= 0 { "+" } else { "" };
    alloc::format!("{sign}{mant}p{esign}{exp}")
}

fn fmt_x(v: f64, prec: Option<usize>, verb: char) -> String {
    let (mut mant, mut exp) = mant_exp(v);
    if mant == 0 {
        exp = 0;
    }
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if let Some(p) = prec.filter(|p| *p < 15) {
        let shift = (p * 4) as u32;
        let extra = (mant << shift) & ((1u64 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex = if verb == 'X' { UPPER } else { LOWER };
    let mut s = String::new();
    if v.is_sign_negative() {
        s.push('-');
    }
    s.push('0');
    s.push(verb);
    s.push(char::from(b'0' + ((mant >> 60) & 1) as u8));
    mant <<= 4;
    match prec {
        None if mant != 0 => {
            s.push('.');
            while mant != 0 {
                s.push(char::from(hex[((mant >> 60) & 15) as usize]));
                mant <<= 4;
            }
        }
        Some(p) if p > 0 => {
            s.push('.');
            for _ in 0..p {
                s.push(char::from(hex[((mant >> 60) & 15) as usize]));
                mant <<= 4;
            }
        }
        _ => {}
    }
    s.push(if verb == 'X' { 'P' } else { 'p' });
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&alloc::format!("{:02}", exp.unsigned_abs()));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(format: &str, args: Vec<GoArg<'_>>) -> String {
        sprintf(format, &args).unwrap_or_default()
    }

    #[test]
    fn go_answers() {
        use GoArg::*;
        assert_eq!(f("%s", vec![Int(3)]), "%!s(int64=3)");
        assert_eq!(f("%-5s|", vec![Str("ab".into())]), "ab   |");
        assert_eq!(f("%08.3f", vec![Float(3.14159)]), "0003.142");
        assert_eq!(f("%v", vec![Float(123456789.123)]), "1.23456789123e+08");
        assert_eq!(f("%v", vec![Float(0.000001)]), "1e-06");
        assert_eq!(f("%s", vec![]), "%!s(MISSING)");
        assert_eq!(f("%d", vec![Int(1), Str("a".into())]), "1%!(EXTRA string=a)");
        assert_eq!(f("%x", vec![Float(1.5)]), "0x1.8p+00");
        assert_eq!(f("%b", vec![Float(1.0)]), "4503599627370496p-52");
        assert_eq!(f("%#g", vec![Float(1.0)]), "1.00000");
        assert_eq!(f("%+q", vec![Str("é".into())]), "\"\\u00e9\"");
        assert_eq!(f("%U", vec![Int(65)]), "U+0041");
    }
}
