// govlint patch 78: `yaml.marshal` writes what OPA writes. OPA encodes the value as JSON and
// hands the text to sigs.k8s.io/yaml's JSONToYAML, which reads it back with go-yaml v2 (numbers
// become int, uint64 or float64) and writes it with go-yaml v2's port of libyaml's emitter:
// keys sorted by go-yaml's "natural" order (`a2` before `a10`), a string that YAML 1.1 would
// read as something else (`y`, `"1"`, `""`, `2024-01-01`, `1:30`) double-quoted, a string with
// a newline as a literal block (`|-`), strings that cannot be plain single- or double-quoted by
// libyaml's rules, sequences inside a mapping not indented, and long lines folded at spaces
// past column 80. yaml_serde, which the engine used, writes YAML 1.2 and quotes differently.
//
// The emitter below follows libyaml's state machine for the events go-yaml sends for a JSON
// value (no anchors, tags or flow collections other than the empty `[]` and `{}`), with its
// names, so that each step can be compared with the original.

use crate::value::Value;
use crate::*;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use anyhow::{bail, Result};

use super::utils::CheckedString;
use super::yaml11::{go_radix_digits, parse_go_int, yaml11_bool, yaml_float};

/// A value as go-yaml holds it after reading OPA's JSON text.
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

/// `yaml.marshal`'s text for `v`.
pub fn to_yaml(v: &Value) -> Result<String> {
    let node = to_node(v)?;
    let mut e = Emitter::new();
    // Stream and (implicit) document start: nothing written.
    e.emit_node(&node, false, false);
    // Implicit document end.
    e.write_indent();
    e.out.finish()
}

fn to_node(v: &Value) -> Result<Node> {
    // govlint patch 128: the tree copies every string of a value whose parts may be shared
    // (`[big, big, …]`), so each node is counted towards the rule's time and each copy is
    // reserved against its memory budget first.
    crate::builtins::utils::enforce_limit()?;
    Ok(match v {
        Value::Null | Value::Undefined => Node::Null,
        Value::Bool(b) => Node::Bool(*b),
        Value::String(s) => {
            crate::utils::limits::reserve_memory(s.len()).map_err(anyhow::Error::new)?;
            Node::Str(read_back(s, false)?)
        }
        Value::Number(_) => number_node(&serde_json::to_string(v)?),
        Value::Array(items) => Node::Seq(items.iter().map(to_node).collect::<Result<_>>()?),
        Value::Set(items) => Node::Seq(items.iter().map(to_node).collect::<Result<_>>()?),
        Value::Object(fields) => {
            let mut entries = Vec::with_capacity(fields.len());
            for (k, v) in fields.iter() {
                // Non-string keys are written as their JSON text, as in JSON.
                let key = match k {
                    Value::String(s) => read_back(s, true)?,
                    other => serde_json::to_string(other)?,
                };
                entries.push((key, to_node(v)?));
            }
            Node::Map(sort_keys(entries))
        }
    })
}

/// A string as go-yaml reads it back from OPA's JSON text, where Go's encoder leaves all but
/// C0 controls, `"`, `\\`, `<`, `>`, `&`, U+2028 and U+2029 unescaped: go-yaml's reader
/// refuses DEL, the C1 controls and U+FFFE/U+FFFF, and takes a raw U+0085 (NEL) for a line
/// break, which a double-quoted scalar folds (one break is a space, each further one a
/// newline, spaces around them dropped) and which a flow mapping's key cannot hold.
fn read_back(s: &str, key: bool) -> Result<String> {
    if s.chars().any(|c| matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')) {
        bail!("yaml: control characters are not allowed");
    }
    if !s.contains('\u{85}') {
        return Ok(s.into());
    }
    if key {
        bail!("yaml: did not find expected ',' or '{}'", '}');
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut at_line_start = false;
    loop {
        let rest = &chars[i..];
        if at_line_start
            && (rest.starts_with(&['-', '-', '-']) || rest.starts_with(&['.', '.', '.']))
            && rest.get(3).is_some_and(|c| matches!(c, ' ' | '\u{85}'))
        {
            bail!("yaml: found unexpected document indicator");
        }
        while let Some(&c) = chars.get(i).filter(|c| !matches!(c, ' ' | '\u{85}')) {
            out.push(c);
            i += 1;
        }
        if i == chars.len() {
            return Ok(out);
        }
        let (mut leading_blanks, mut whitespaces, mut trailing_breaks) = (false, 0, 0);
        while let Some(&c) = chars.get(i).filter(|c| matches!(c, ' ' | '\u{85}')) {
            match (c, leading_blanks) {
                (' ', false) => whitespaces += 1,
                (' ', true) => {}
                (_, false) => leading_blanks = true,
                (_, true) => trailing_breaks += 1,
            }
            i += 1;
        }
        if !leading_blanks {
            out.extend(core::iter::repeat_n(' ', whitespaces));
        } else if trailing_breaks == 0 {
            out.push(' ');
        } else {
            out.extend(core::iter::repeat_n('\n', trailing_breaks));
        }
        at_line_start = leading_blanks && chars[i - 1] == '\u{85}';
    }
}

/// go-yaml's reading of a JSON number's text: an int when it fits int64, else a uint64, else a
/// float64; a number beyond float64 stays the string it was written as.
fn number_node(text: &str) -> Node {
    if let Ok(i) = text.parse::<i64>() {
        return Node::Int(i);
    }
    if let Ok(u) = text.parse::<u64>() {
        return Node::Uint(u);
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Node::Float(f),
        _ => Node::Str(text.into()),
    }
}

// --- key order: go-yaml v2's keyList.Less on string keys ---------------------------------

/// Letters compare by code point, a letter sorts after a non-letter, and runs of digits compare
/// as numbers (`a2` < `a10`), a longer run of leading zeros after a non-zero digit run first.
fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let is_digit = |c: char| c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric());
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let (al, bl) = (ar[i].is_alphabetic(), br[i].is_alphabetic());
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            for j in (0..i).rev() {
                if !is_digit(ar[j]) {
                    break;
                }
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let digit = |c: char| i64::from(u32::from(c).wrapping_sub(u32::from('0')) as i32);
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(digit(ar[ai]));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(digit(br[bi]));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// A merge sort by `key_less`. `key_less` is not transitive where a digit run meets a letter
/// or a longer run (`x1y` < `x2` < `x10` < `x1y`); Go then sorts keys in its random map order, so
/// OPA's own order of such keys changes from run to run. Elsewhere every sort agrees with Go's;
/// a merge sort never panics on an intransitive order (the standard library's sort may).
fn sort_keys(mut v: Vec<(String, Node)>) -> Vec<(String, Node)> {
    if v.len() <= 1 {
        return v;
    }
    let right = v.split_off(v.len() / 2);
    let (left, right) = (sort_keys(v), sort_keys(right));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        let take_right = key_less(&b.0, &a.0);
        if let Some(x) = if take_right { r.next() } else { l.next() } {
            out.push(x);
        }
    }
    out.extend(l);
    out.extend(r);
    out
}

// --- go-yaml v2's resolve: would this plain text read back as something else? -------------

/// Whether go-yaml writes `s` quoted because, unquoted, YAML 1.1 would read it as a boolean,
/// null, number or timestamp (or it is a base-60 number, quoted for other parsers).
fn resolves_to_non_string(s: &str) -> bool {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return true,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return true,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" => return true,
        "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" => return true,
        _ => {}
    }
    if yaml11_bool(s).is_some() {
        return true;
    }
    let Some(&first) = s.as_bytes().first() else {
        return true;
    };
    if first == b'.' {
        // strconv.ParseFloat on the text as written (an `_` makes it fail).
        return yaml_float(s).is_some();
    }
    if !(first.is_ascii_digit() || first == b'+' || first == b'-') {
        return false;
    }
    if is_timestamp(s) || is_base60_float(s) {
        return true;
    }
    let plain: String = s.chars().filter(|c| *c != '_').collect();
    if parse_go_int(&plain).is_some() || parse_go_uint(&plain) {
        return true;
    }
    if yaml_float(&plain).is_some() {
        return true;
    }
    let bin = |digits: &str, neg: bool| {
        !digits.is_empty()
            && digits.bytes().all(|b| b == b'0' || b == b'1')
            && (neg || u64::from_str_radix(digits, 2).is_ok())
            && (!neg || i64::from_str_radix(&alloc::format!("-{digits}"), 2).is_ok())
    };
    if let Some(d) = plain.strip_prefix("0b") {
        return bin(d, false);
    }
    if let Some(d) = plain.strip_prefix("-0b") {
        return bin(d, true);
    }
    false
}

/// Go's `strconv.ParseUint(s, 0, 64)` succeeds (no sign; `0x`, `0o`, `0b` or `0` prefixes).
fn parse_go_uint(s: &str) -> bool {
    !s.starts_with(['+', '-'])
        && go_radix_digits(s).is_some_and(|(radix, digits)| u64::from_str_radix(&digits, radix).is_ok())
}

/// go-yaml's `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let st = i;
        while i - st < 2 && b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        // `[0-5]?[0-9]`: one digit, or two with the first at most 5.
        match i - st {
            1 => {}
            2 if b[st] <= b'5' => {}
            2 => i -= 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's timestamps: Go's `time.Parse` with `2006-1-2T15:4:5.999999999Z07:00` (or a lower
/// `t`), `2006-1-2 15:4:5.999999999` or `2006-1-2`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let year = b[..4].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let mut r = Reader { b, i: 5 };
    let (Some(month), true) = (r.num(), r.lit(b'-')) else {
        return false;
    };
    let Some(day) = r.num() else {
        return false;
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    if r.done() {
        return true;
    }
    let sep = b[r.i];
    r.i += 1;
    if sep == b' ' {
        // A space in a Go layout matches any run of spaces.
        while r.b.get(r.i) == Some(&b' ') {
            r.i += 1;
        }
    } else if sep != b'T' && sep != b't' {
        return false;
    }
    let (Some(h), true, Some(m), true, Some(sec)) = (r.num(), r.lit(b':'), r.num(), r.lit(b':'), r.num())
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if matches!(r.b.get(r.i), Some(b'.' | b',')) && r.b.get(r.i + 1).is_some_and(u8::is_ascii_digit) {
        r.i += 1;
        while r.b.get(r.i).is_some_and(u8::is_ascii_digit) {
            r.i += 1;
        }
    }
    if sep == b' ' {
        return r.done();
    }
    if r.lit(b'Z') {
        return r.done();
    }
    // `±hh:mm`, hours up to 24 and minutes up to 60 (Go's range check).
    let z = &r.b[r.i..];
    z.len() == 6
        && matches!(z[0], b'+' | b'-')
        && z[3] == b':'
        && [1, 2, 4, 5].iter().all(|k| z[*k].is_ascii_digit())
        && (z[1] - b'0') * 10 + (z[2] - b'0') <= 24
        && (z[4] - b'0') * 10 + (z[5] - b'0') <= 60
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    /// Go's `getnum(s, false)`: one or two digits.
    fn num(&mut self) -> Option<u32> {
        let d = |k: usize| self.b.get(k).filter(|c| c.is_ascii_digit()).map(|c| u32::from(c - b'0'));
        let first = d(self.i)?;
        match d(self.i + 1) {
            Some(second) => {
                self.i += 2;
                Some(first * 10 + second)
            }
            None => {
                self.i += 1;
                Some(first)
            }
        }
    }
    fn lit(&mut self, c: u8) -> bool {
        let ok = self.b.get(self.i) == Some(&c);
        self.i += usize::from(ok);
        ok
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// --- the emitter -------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// libyaml's `yaml_emitter_analyze_scalar`.
#[derive(Default)]
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;

struct Emitter {
    // govlint patch 128: written under the rule's time and memory checks.
    out: CheckedString,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
    mapping_context: bool,
    simple_key_context: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's printable set, as go-yaml tests it on UTF-8 lead bytes: no four-byte characters
/// (outside the BMP), no C0/C1 controls but `\n`, no surrogates, no U+FEFF, U+FFFE, U+FFFF.
fn is_printable(c: char) -> bool {
    match c {
        '\n' | '\u{20}'..='\u{7e}' => true,
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' => c != '\u{feff}',
        _ => false,
    }
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    // Only block context matters here (no scalar is written inside a flow collection), so
    // only libyaml's block indicators are tracked.
    let mut block_indicators = value.starts_with("---") || value.starts_with("...");
    let (mut line_breaks, mut special_characters) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let n = chars.len();
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = i + 1 >= n || matches!(chars[i + 1], ' ' | '\t');
        block_indicators |= if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => true,
                '?' | ':' | '-' => followed_by_whitespace,
                _ => false,
            }
        } else {
            match c {
                ':' => followed_by_whitespace,
                '#' => preceded_by_whitespace,
                _ => false,
            }
        };
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = matches!(c, ' ' | '\t') || is_break(c) || c == '\0';
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a = Analysis {
            multiline: line_breaks,
            ..Analysis::default()
        };
    }
    if line_breaks {
        a.block_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The scalar go-yaml's encoder sends for a node, and the style it asks for.
fn scalar(node: &Node) -> Option<(String, Style)> {
    Some(match node {
        Node::Null => ("null".into(), Style::Plain),
        Node::Bool(b) => ((if *b { "true" } else { "false" }).into(), Style::Plain),
        Node::Int(i) => (i.to_string(), Style::Plain),
        Node::Uint(u) => (u.to_string(), Style::Plain),
        Node::Float(f) => (super::strings::format_float(*f, 'g', None), Style::Plain),
        Node::Str(s) => {
            let style = if s.contains('\n') {
                Style::Literal
            } else if resolves_to_non_string(s) {
                Style::DoubleQuoted
            } else {
                Style::Plain
            };
            (s.clone(), style)
        }
        Node::Seq(_) | Node::Map(_) => return None,
    })
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: CheckedString::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// libyaml's `write_break`: `\n` as the emitter's break, another break copied as is.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace)
        {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    /// libyaml's `emit_node` for a value (a key is `emit_key`). Only an empty sequence or
    /// mapping is written in flow style, so no scalar is ever inside a flow collection.
    fn emit_node(&mut self, node: &Node, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match node {
            Node::Seq(items) if items.is_empty() => {
                self.write_indicator("[", true, true, false);
                self.write_indicator("]", false, false, false);
            }
            Node::Map(entries) if entries.is_empty() => {
                self.write_indicator("{", true, true, false);
                self.write_indicator("}", false, false, false);
            }
            Node::Seq(items) => self.emit_block_sequence(items),
            Node::Map(entries) => self.emit_block_mapping(entries),
            _ => {
                if let Some((value, style)) = scalar(node) {
                    self.emit_scalar(&value, style);
                }
            }
        }
    }

    fn emit_block_sequence(&mut self, items: &[Node]) {
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.emit_node(item, false, false);
        }
        self.pop_indent();
    }

    fn emit_block_mapping(&mut self, entries: &[(String, Node)]) {
        self.increase_indent(false, false);
        for (key, value) in entries {
            self.write_indent();
            let (key_text, key_style) = (key.clone(), scalar_style_of_key(key));
            let key_node = KeyScalar {
                text: &key_text,
                style: key_style,
            };
            // A key of at most 128 bytes on one line is written as `key: value`.
            if !analyze(key).multiline && key.len() <= 128 {
                self.emit_key(&key_node, true);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.emit_key(&key_node, false);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.emit_node(value, true, false);
        }
        self.pop_indent();
    }

    fn emit_key(&mut self, key: &KeyScalar, simple: bool) {
        self.mapping_context = true;
        self.simple_key_context = simple;
        self.emit_scalar(key.text, key.style);
    }

    /// libyaml's `yaml_emitter_emit_scalar` with `select_scalar_style`.
    fn emit_scalar(&mut self, value: &str, requested: Style) {
        let a = analyze(value);
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if !a.block_plain_allowed || (value.is_empty() && self.simple_key_context) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = value.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && chars[i + 1] != ' '
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // go-yaml tests for a byte-order mark at the start of the whole value, not at each
        // character: a value starting with U+FEFF has every character escaped.
        let bom = value.starts_with('\u{feff}');
        let chars: Vec<char> = value.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let esc = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match esc {
                    Some(e) => self.put(e),
                    None => {
                        let v = u32::from(c);
                        let (tag, width) = match v {
                            0..=0xff => ('x', 2),
                            0x100..=0xffff => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(tag);
                        for d in alloc::format!("{v:0width$X}").chars() {
                            self.put(d);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
                    self.write_indent();
                    if chars[i + 1] == ' ' {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation digit when the text starts with a space or a
        // break, and `-` (strip) or `+` (keep) for its final breaks.
        let first = value.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut rev = value.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(prev)) if is_break(prev) => Some("+"),
            _ => None,
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

struct KeyScalar<'a> {
    text: &'a str,
    style: Style,
}

fn scalar_style_of_key(key: &str) -> Style {
    scalar(&Node::Str(key.into())).map_or(Style::Plain, |(_, s)| s)
}
