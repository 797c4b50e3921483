// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 31: `net.cidr_merge`. OPA merges with code taken from Cilium that works on Go's
// `net.IP` byte slices, whose lengths (4, 16, and 28 where it prepends the IPv4-mapped prefix
// to an address that already has it) decide its answers as much as the addresses do: a bare
// IPv4 address gets its classful mask (`10.0.0.1` is `10.0.0.1/8`, host bits kept unless it
// is merged), `::ffff:10.0.0.0/104` and `10.0.0.0/8` compare as different byte strings, and
// merging IPv6 networks whose first byte is zero (`::2/128` with `::3/128`) or two mapped
// networks indexes past a slice and panics. To give OPA's answers this module models those
// slices (a `Vec<u8>` where Go has a `net.IP`, empty where Go has nil) and follows the same
// steps; where OPA panics it returns an error.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::ensure_args_count;
use crate::lexer::Span;
use crate::value::Value;
use crate::*;

use anyhow::{bail, Result};
use num_bigint::BigUint;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("net.cidr_merge", (cidr_merge, 1));
}

const MAPPED_PREFIX: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// Where OPA's merge panics (it recovers and fails the call).
struct Panic(String);

type Go<T> = core::result::Result<T, Panic>;

#[derive(Clone)]
struct IpNet {
    ip: Vec<u8>,
    mask: Vec<u8>,
}

fn to4(ip: &[u8]) -> Option<&[u8]> {
    match ip.len() {
        4 => Some(ip),
        16 if ip[..12] == MAPPED_PREFIX => Some(&ip[12..]),
        _ => None,
    }
}

/// Go's `IP.Equal`: a 4-byte and a 16-byte address are equal if the latter maps the former.
fn ip_equal(a: &[u8], b: &[u8]) -> bool {
    match (a.len(), b.len()) {
        (x, y) if x == y => a == b,
        (4, 16) => b[..12] == MAPPED_PREFIX && b[12..] == *a,
        (16, 4) => a[..12] == MAPPED_PREFIX && a[12..] == *b,
        _ => false,
    }
}

/// Go's `IP.Mask`; nil (here empty) when the lengths do not fit.
fn ip_mask(ip: &[u8], mask: &[u8]) -> Vec<u8> {
    let mut mask = mask;
    let mut ip = ip;
    if mask.len() == 16 && ip.len() == 4 && mask[..12].iter().all(|&b| b == 0xff) {
        mask = &mask[12..];
    }
    if mask.len() == 4 && ip.len() == 16 && ip[..12] == MAPPED_PREFIX {
        ip = &ip[12..];
    }
    if ip.len() != mask.len() {
        return Vec::new();
    }
    ip.iter().zip(mask).map(|(a, m)| a & m).collect()
}

fn cidr_mask(ones: usize, bits: usize) -> Vec<u8> {
    (0..bits / 8)
        .map(|i| {
            let set = ones.saturating_sub(i * 8).min(8);
            // `set` is at most 8, so the shift fits a u16.
            (0xff00u16 >> set) as u8
        })
        .collect()
}

/// Go's `IPMask.Size`: the leading ones of a canonical mask, (0, 0) for any other.
fn mask_size(mask: &[u8]) -> (usize, usize) {
    match simple_mask_length(mask) {
        Some(ones) => (ones, mask.len() * 8),
        None => (0, 0),
    }
}

fn simple_mask_length(mask: &[u8]) -> Option<usize> {
    let mut ones = 0;
    let mut seen_zero = false;
    for &b in mask {
        if seen_zero && b != 0 {
            return None;
        }
        if b == 0xff {
            ones += 8;
            continue;
        }
        let leading = b.leading_ones() as usize;
        if b << leading != 0 {
            return None;
        }
        ones += leading;
        seen_zero = true;
    }
    Some(ones)
}

fn big(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}

/// Go's `big.Int.Bytes`: no leading zeros, empty for zero.
fn big_bytes(n: &BigUint) -> Vec<u8> {
    let bytes = n.to_bytes_be();
    if bytes == [0] {
        Vec::new()
    } else {
        bytes
    }
}

fn out_of_range(index: usize, len: usize) -> Panic {
    Panic(format!("index out of range [{index}] with length {len}"))
}

fn address_range(net: &IpNet) -> Go<(Vec<u8>, Vec<u8>)> {
    let mut first = ip_mask(&net.ip, &net.mask);
    let mut last = first.clone();
    if to4(&first).is_some() {
        // Go appends the 12-byte prefix even when the address already carries it.
        first = [&MAPPED_PREFIX[..], &first].concat();
        last = [&MAPPED_PREFIX[..], &last].concat();
    }
    let n = net.mask.len();
    for i in 0..n {
        let inverted = !net.mask[n - i - 1];
        let Some(at) = 15usize.checked_sub(i) else {
            return Err(out_of_range(usize::MAX, last.len()));
        };
        match last.get_mut(at) {
            Some(b) => *b |= inverted,
            None => return Err(out_of_range(at, last.len())),
        }
    }
    Ok((first, last))
}

fn previous_ip(ip: &[u8]) -> Vec<u8> {
    const ZERO6: [u8; 16] = [0; 16];
    let zero4: Vec<u8> = [&MAPPED_PREFIX[..], &[0, 0, 0, 0]].concat();
    if ip_equal(ip, &zero4) || ip_equal(ip, &ZERO6) {
        return ip.to_vec();
    }
    let mut previous = ip.to_vec();
    let lower = if to4(ip).is_some() { 12 } else { 0 };
    let mut overflow = false;
    for i in (lower..ip.len()).rev() {
        if overflow || i == ip.len() - 1 {
            previous[i] = previous[i].wrapping_sub(1);
        }
        overflow = ip[i] == 0 && previous[i] == 255;
    }
    previous
}

fn next_ip(ip: &[u8]) -> Vec<u8> {
    let upper4: Vec<u8> = [&MAPPED_PREFIX[..], &[255, 255, 255, 255]].concat();
    if ip_equal(ip, &upper4) || ip_equal(ip, &[0xff; 16]) {
        return ip.to_vec();
    }
    match ip.len() {
        4 => {
            let v = u32::from_be_bytes([ip[0], ip[1], ip[2], ip[3]]).wrapping_add(1);
            v.to_be_bytes().to_vec()
        }
        16 => {
            let mut hi = [0u8; 8];
            let mut lo = [0u8; 8];
            hi.copy_from_slice(&ip[..8]);
            lo.copy_from_slice(&ip[8..]);
            let lo = u64::from_be_bytes(lo).wrapping_add(1);
            let mut hi = u64::from_be_bytes(hi);
            if lo == 0 {
                hi = hi.wrapping_add(1);
            }
            [hi.to_be_bytes(), lo.to_be_bytes()].concat()
        }
        _ => ip.to_vec(),
    }
}

fn spanning_cidr(lowest: &[u8], highest: &[u8]) -> IpNet {
    let is4 = to4(lowest).is_some();
    let (bits, byte_len) = if is4 { (32, 4) } else { (128, 16) };
    let mut size = bits;
    let low = big(lowest);
    let mut high = big(highest);
    while size > 0 && low < high {
        size -= 1;
        let shift = bits - size;
        high = (high >> shift) << shift;
    }
    let mut ip = if is4 {
        [&[0u8; 10][..], &big_bytes(&high)].concat()
    } else {
        big_bytes(&high)
    };
    if ip.is_empty() {
        ip = vec![0; byte_len];
    }
    IpNet {
        ip,
        mask: cidr_mask(size, bits),
    }
}

/// A big integer as Go writes it into a 16-byte address (left-padded; Go panics when it is
/// longer than 16 bytes).
fn padded16(n: &BigUint) -> Go<Vec<u8>> {
    let bytes = big_bytes(n);
    if bytes.len() > 16 {
        return Err(Panic(String::from("makeslice: len out of range")));
    }
    if bytes.len() == 16 {
        return Ok(bytes);
    }
    Ok([vec![0; 16 - bytes.len()], bytes].concat())
}

fn partition(target: &IpNet, exclude: &IpNet) -> Go<(Vec<IpNet>, Vec<IpNet>)> {
    let target4 = to4(&target.ip).is_some();
    let (target_first, target_last) = address_range(target)?;
    let (exclude_first, exclude_last) = address_range(exclude)?;
    let (target_size, _) = mask_size(&target.mask);
    let (exclude_size, _) = mask_size(&exclude.mask);
    if exclude_last < target_first {
        return Ok((Vec::new(), vec![target.clone()]));
    }
    if target_last < exclude_first {
        return Ok((vec![target.clone()], Vec::new()));
    }
    if target_size >= exclude_size {
        return Ok((Vec::new(), Vec::new()));
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let bits = if target4 { 32 } else { 128 };
    let mut prefix = target_size + 1;
    let mut lower = big(&target_first);
    // Go's `To16` of the 16-byte first address is itself (28 bytes are never IPv4 here).
    let target_int = big(&target_first);
    let mut upper = target_int + (BigUint::from(1u8) << (bits - prefix));
    let mut matched;
    while exclude_size >= prefix {
        let (upper_bytes, lower_bytes) = if target4 {
            (
                [&[0u8; 10][..], &big_bytes(&upper)].concat(),
                [&[0u8; 10][..], &big_bytes(&lower)].concat(),
            )
        } else {
            (padded16(&upper)?, padded16(&lower)?)
        };
        if exclude_first.as_slice() >= upper_bytes.as_slice() {
            left.push(IpNet {
                ip: lower_bytes,
                mask: cidr_mask(prefix, bits),
            });
            matched = upper.clone();
        } else {
            right.push(IpNet {
                ip: upper_bytes,
                mask: cidr_mask(prefix, bits),
            });
            matched = lower.clone();
        }
        prefix += 1;
        if prefix > bits {
            break;
        }
        lower = matched.clone();
        upper = matched + (BigUint::from(1u8) << (bits - prefix));
    }
    Ok((left, right))
}

fn range_to_cidrs(first: &[u8], last: &[u8]) -> Go<Vec<IpNet>> {
    let mut spanning = spanning_cidr(first, last);
    let (span_first, span_last) = address_range(&spanning)?;
    let mut list = Vec::new();
    if span_first.as_slice() < first {
        let before = previous_ip(first);
        let bits = if to4(&before).is_some() { 32 } else { 128 };
        let exclude = IpNet {
            ip: before,
            mask: cidr_mask(bits, bits),
        };
        let (_, right) = partition(&spanning, &exclude)?;
        let Some(head) = right.first() else {
            return Err(out_of_range(0, 0));
        };
        spanning = head.clone();
        list.extend(right.into_iter().skip(1));
    }
    if span_last.as_slice() > last {
        let after = next_ip(last);
        let bits = if to4(&after).is_some() { 32 } else { 128 };
        let exclude = IpNet {
            ip: after,
            mask: cidr_mask(bits, bits),
        };
        let (left, _) = partition(&spanning, &exclude)?;
        list.extend(left);
    } else {
        list.push(spanning);
    }
    Ok(list)
}

struct Block {
    first: Vec<u8>,
    last: Vec<u8>,
    net: Option<IpNet>,
}

fn merge(networks: Vec<IpNet>) -> Go<Vec<IpNet>> {
    let mut blocks = Vec::with_capacity(networks.len());
    for net in networks {
        let (first, last) = address_range(&net)?;
        blocks.push(Block {
            first,
            last,
            net: Some(net),
        });
    }
    blocks.sort_by(|a, b| match a.last.cmp(&b.last) {
        Ordering::Equal => a.first.cmp(&b.first),
        other => other,
    });
    // OPA walks back from the last range, merging each into the one before it when they touch
    // or overlap (deleting from a slice each time); one backward pass with the range being
    // built gives the same ranges without the quadratic deletes.
    let mut merged: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut current: Option<Block> = None;
    for block in blocks.into_iter().rev() {
        current = Some(match current {
            None => block,
            Some(cur) => {
                if previous_ip(&cur.first) <= block.last {
                    Block {
                        first: if block.first < cur.first {
                            block.first
                        } else {
                            cur.first
                        },
                        last: cur.last,
                        net: None,
                    }
                } else {
                    merged.push(cur);
                    block
                }
            }
        });
    }
    merged.extend(current);
    merged.reverse();
    let blocks = merged;
    let mut out = Vec::new();
    for block in blocks {
        match block.net {
            Some(net) => out.push(net),
            None => out.extend(range_to_cidrs(&block.first, &block.last)?),
        }
    }
    Ok(out)
}

fn ip_string(ip: &[u8]) -> String {
    match ip.len() {
        0 => String::from("<nil>"),
        4 => Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string(),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(ip);
            match to4(ip) {
                Some(v4) => Ipv4Addr::new(v4[0], v4[1], v4[2], v4[3]).to_string(),
                None => Ipv6Addr::from(a).to_string(),
            }
        }
        _ => {
            let hex: String = ip.iter().map(|b| format!("{b:02x}")).collect();
            format!("?{hex}")
        }
    }
}

/// Go's `IPNet.String`.
fn net_string(net: &IpNet) -> String {
    let ip: &[u8] = match to4(&net.ip) {
        Some(v4) => v4,
        None if net.ip.len() == 16 => &net.ip,
        None => return String::from("<nil>"),
    };
    let mask: &[u8] = match net.mask.len() {
        4 if ip.len() != 4 => return String::from("<nil>"),
        4 => &net.mask,
        16 if ip.len() == 4 => &net.mask[12..],
        16 => &net.mask,
        _ => return String::from("<nil>"),
    };
    match simple_mask_length(mask) {
        Some(ones) => format!("{}/{ones}", ip_string(ip)),
        None => {
            let hex: String = mask.iter().map(|b| format!("{b:02x}")).collect();
            format!("{}/{hex}", ip_string(ip))
        }
    }
}

fn addr_bytes(a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

/// An element as OPA reads it: an IPv4 address with its classful mask, else a CIDR as Go's
/// `net.ParseCIDR` returns it (4-byte for IPv4, 16-byte for any IPv6, mapped ones included).
fn parse_element(text: &str) -> core::result::Result<IpNet, String> {
    if let Ok(addr) = text.parse::<IpAddr>() {
        let ip16 = match addr {
            IpAddr::V4(v4) => v4.to_ipv6_mapped().octets().to_vec(),
            IpAddr::V6(v6) => v6.octets().to_vec(),
        };
        let Some(v4) = to4(&ip16) else {
            return Err(String::from("IPv6 invalid: needs prefix length"));
        };
        let ones = match v4[0] {
            0..=0x7f => 8,
            0x80..=0xbf => 16,
            _ => 24,
        };
        return Ok(IpNet {
            mask: cidr_mask(ones, 32),
            ip: ip16,
        });
    }
    let invalid = || format!("invalid CIDR address: {text}");
    let (addr, len) = text.split_once('/').ok_or_else(invalid)?;
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let ones: usize = len.parse().map_err(|_| invalid())?;
    let addr = addr.parse::<IpAddr>().map_err(|_| invalid())?;
    let bits = if addr.is_ipv4() { 32 } else { 128 };
    if ones > bits {
        return Err(invalid());
    }
    let mask = cidr_mask(ones, bits);
    Ok(IpNet {
        ip: ip_mask(&addr_bytes(addr), &mask),
        mask,
    })
}

fn cidr_merge(span: &Span, params: &[Ref<Expr>], args: &[Value], _strict: bool) -> Result<Value> {
    let name = "net.cidr_merge";
    ensure_args_count(span, name, params, args, 1)?;
    let elements: Vec<&Value> = match &args[0] {
        Value::Array(a) => a.iter().collect(),
        Value::Set(s) => s.iter().collect(),
        _ => bail!(params[0]
            .span()
            .error(&format!("{name}: operand must be an array"))),
    };
    let mut networks = Vec::with_capacity(elements.len());
    for element in elements {
        let Value::String(text) = element else {
            bail!(params[0]
                .span()
                .error(&format!("{name}: element must be string")));
        };
        match parse_element(text) {
            Ok(net) => networks.push(net),
            Err(e) => bail!(params[0].span().error(&format!("{name}: {e}"))),
        }
    }
    match merge(networks) {
        Ok(merged) => Ok(Value::from_set(
            merged
                .iter()
                .map(|n| Value::String(net_string(n).as_str().into()))
                .collect(),
        )),
        Err(Panic(why)) => bail!(params[0].span().error(&format!(
            "{name}: these networks cannot be merged (OPA 1.20.2 fails with a runtime error: {why})"
        ))),
    }
}
