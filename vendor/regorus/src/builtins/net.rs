#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::needless_continue,
    clippy::unused_trait_names
)] // net builtins panic/expect in invariant checks

use core::net::IpAddr;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::boxed::Box;
use std::format;
use std::string::ToString;
use std::sync::Arc;
use std::vec::Vec;

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::utils::{enforce_limit, ensure_args_count};
use crate::lexer::Span;
use crate::value::Value;

use anyhow::{anyhow, bail, Result};

use super::utils::ensure_string;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("net.cidr_is_valid", (cidr_is_valid, 1));
    m.insert("net.cidr_contains", (cidr_contains, 2));
    m.insert("net.cidr_expand", (cidr_expand, 1));
    // govlint patch 22.
    m.insert("net.cidr_intersects", (cidr_intersects, 2));
    m.insert("net.cidr_contains_matches", (cidr_contains_matches, 2));
}

// govlint patch 22: OPA reads CIDRs and addresses with Go's `net.ParseCIDR` and `net.ParseIP`,
// whose networks keep an IPv4-mapped IPv6 address (`::ffff:10.0.0.0/104`) as the IPv4 network
// it maps (`10.0.0.0/8`), so it meets IPv4 ones; `::/0` stays IPv6 and meets none. The host
// bits of a CIDR are dropped (`10.0.0.1/8` is `10.0.0.0/8`) and the prefix length may have
// leading zeros (`/08`); an IPv4 octet may not (`010.0.0.1`), nor may an address carry a zone.

/// A CIDR as Go's `net.ParseCIDR` reads it, with its IPv4-mapped form made IPv4.
fn go_cidr(text: &str) -> Option<IpNet> {
    let (addr, len) = text.split_once('/')?;
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let len = u8::try_from(len.parse::<u32>().ok()?).ok()?;
    let net = match addr.parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => IpNet::V4(Ipv4Net::new(a, len).ok()?),
        IpAddr::V6(a) => IpNet::V6(Ipv6Net::new(a, len).ok()?),
    }
    .trunc();
    Some(match net {
        // Only a prefix of 96 or more keeps the `ffff` of a mapped address after truncation.
        IpNet::V6(n) => match n.addr().to_ipv4_mapped() {
            Some(v4) => IpNet::V4(Ipv4Net::new(v4, n.prefix_len() - 96).ok()?),
            None => net,
        },
        IpNet::V4(_) => net,
    })
}

/// An address as Go's `net.ParseIP` reads it, an IPv4-mapped one as IPv4.
fn go_ip(text: &str) -> Option<IpAddr> {
    Some(match text.parse::<IpAddr>().ok()? {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
        v4 => v4,
    })
}

fn intersects(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

pub fn cidr_intersects(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "net.cidr_intersects";
    ensure_args_count(span, name, params, args, 2)?;
    let a = ensure_string(name, &params[0], &args[0])?;
    let b = ensure_string(name, &params[1], &args[1])?;
    let parse = |text: &str| {
        go_cidr(text)
            .ok_or_else(|| anyhow!(span.error(&format!("{name}: invalid CIDR address: {text}"))))
    };
    Ok(Value::from(intersects(&parse(&a)?, &parse(&b)?)))
}

/// The (key, CIDR or address text) pairs of a `net.cidr_contains_matches` operand: a string is
/// its own key; an array's elements are keyed by index, an object's by key, a set's by the
/// element itself; an element is a string or a non-empty array whose first item is the
/// string (the rest is the caller's data). Other scalars have no pairs, as in OPA.
fn match_operand(
    name: &str,
    span: &Span,
    arg: &Expr,
    operand: usize,
    v: &Value,
) -> Result<Vec<(Value, Arc<str>)>> {
    let element = |key: Value, e: &Value| -> Result<(Value, Arc<str>)> {
        match e {
            Value::String(s) => Ok((key, s.clone())),
            Value::Array(a) if !a.is_empty() => Ok((key, ensure_string(name, arg, &a[0])?)),
            _ => bail!(span.error(&format!(
                "{name}: operand {operand}: element must be string or non-empty array"
            ))),
        }
    };
    Ok(match v {
        Value::String(s) => Vec::from([(v.clone(), s.clone())]),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, e)| element(Value::from(i), e))
            .collect::<Result<_>>()?,
        Value::Set(s) => s
            .iter()
            .map(|e| element(e.clone(), e))
            .collect::<Result<_>>()?,
        Value::Object(o) => o
            .iter()
            .map(|(k, e)| element(k.clone(), e))
            .collect::<Result<_>>()?,
        _ => Vec::new(),
    })
}

pub fn cidr_contains_matches(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "net.cidr_contains_matches";
    ensure_args_count(span, name, params, args, 2)?;
    let cidrs = match_operand(name, span, &params[0], 1, &args[0])?;
    let items = match_operand(name, span, &params[1], 2, &args[1])?;
    let cidrs = cidrs
        .into_iter()
        .map(|(key, text)| match go_cidr(&text) {
            Some(net) => Ok((key, net)),
            None => bail!(span.error(&format!("{name}: invalid CIDR address: {text}"))),
        })
        .collect::<Result<Vec<_>>>()?;
    let mut out = std::collections::BTreeSet::new();
    for (item_key, text) in items {
        let contained: Box<dyn Fn(&IpNet) -> bool> = if text.contains('/') {
            match go_cidr(&text) {
                Some(sub) => Box::new(move |net: &IpNet| net.contains(&sub)),
                None => bail!(span.error(&format!(
                    "{name}: not a valid textual representation of an IP address or CIDR: {text}"
                ))),
            }
        } else {
            match go_ip(&text) {
                Some(ip) => Box::new(move |net: &IpNet| net.contains(&ip)),
                None => bail!(span.error(&format!(
                    "{name}: not a valid textual representation of an IP address or CIDR: {text}"
                ))),
            }
        };
        for (cidr_key, net) in &cidrs {
            if contained(net) {
                out.insert(Value::from(Vec::from([cidr_key.clone(), item_key.clone()])));
                enforce_limit()?;
            }
        }
    }
    Ok(Value::from(out))
}

/// Checks if a CIDR string is valid or invalid. Uses the
/// `net::IpAddr` type to determine if the string is a valid IP,
/// and checks to ensure that the mask is in bounds for the parsed
/// IP address type (v4 or v6).
pub fn cidr_is_valid(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    ensure_args_count(span, "cidr_is_valid", params, args, 1)?;
    let cidr = ensure_string("cidr_is_valid", &params[0], &args[0])?;

    Ok(Value::from(is_valid_cidr(cidr)))
}

fn is_valid_cidr(cidr: Arc<str>) -> bool {
    let Some((ip_addr, prefix_len)) = cidr.split_once("/") else {
        return false;
    };
    match ip_addr.parse::<IpAddr>() {
        Ok(addr) => {
            let Ok(mask) = prefix_len.parse::<i16>() else {
                return false;
            };

            match addr {
                IpAddr::V4(_) => {
                    if !(0..=32).contains(&mask) {
                        return false;
                    }
                }
                IpAddr::V6(_) => {
                    if !(0..=128).contains(&mask) {
                        return false;
                    }
                }
            }
            true
        }
        Err(_) => false,
    }
}

/// Checks if a CIDR string contains a given CIDR or individual network address.
pub fn cidr_contains(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    strict: bool,
) -> Result<Value> {
    ensure_args_count(span, "cidr_contains", params, args, 2)?;
    let cidr = ensure_string("cidr_contains", &params[0], &args[0])?;
    let cidr_or_ip = ensure_string("cidr_contains", &params[1], &args[1])?;
    let contains = _cidr_contains(cidr, cidr_or_ip);

    match contains {
        Ok(r) => Ok(Value::from(r)),
        // The rego implementation will retur an error in strict mode, see
        // https://github.com/open-policy-agent/opa/blob/main/v1/test/cases/testdata/v1/netcidrcontains/test-netcidrcontains-0100.yaml
        // as an example, so we will propagate the error if the builtin is
        // run in strict mode.
        Err(e) if strict => bail!(span.error(&format!("{e}"))),
        // If not in strict mode, an error will result in Undefined.
        _ => Ok(Value::Undefined),
    }
}

// govlint patch 23: read as Go's net package (`go_cidr`, `go_ip`, patch 27), so an
// IPv4-mapped address or network is contained in the IPv4 CIDR it maps, as in OPA.
fn _cidr_contains(cidr: Arc<str>, cidr_or_ip: Arc<str>) -> Result<bool> {
    let net = go_cidr(&cidr).ok_or_else(|| anyhow!("invalid CIDR address: {cidr}"))?;
    let invalid =
        || anyhow!("not a valid textual representation of an IP address or CIDR: {cidr_or_ip}");
    if cidr_or_ip.contains('/') {
        return Ok(net.contains(&go_cidr(&cidr_or_ip).ok_or_else(invalid)?));
    }
    Ok(net.contains(&go_ip(&cidr_or_ip).ok_or_else(invalid)?))
}

pub fn cidr_expand(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    ensure_args_count(span, "cidr_expand", params, args, 1)?;
    let cidr = ensure_string("cidr_expand", &params[0], &args[0])?;

    _cidr_expand(cidr)
}

fn _cidr_expand(cidr: Arc<str>) -> Result<Value> {
    let net = cidr
        .parse::<IpNet>()
        .map_err(|e| anyhow!("Error parsing {cidr}: {e}"))?;

    let mut hosts: Vec<Value> = Vec::new();
    for host in net.hosts() {
        hosts.push(Value::String(host.to_string().into()));
        // Guard expanded host list growth while iterating over CIDR addresses.
        enforce_limit()?;
    }

    // the IpNet library has some different behavior regarding CIDR expansion from the go implementation
    // that OPA uses; it will exclude the IPv4 CIDR network address and broadcast address when the netmask < 31.
    // Adjust accordingly for parity.
    if matches!(net, IpNet::V4(_) if net.prefix_len() < 31) {
        hosts.push(Value::String(net.broadcast().to_string().into()));
        // Guard expanded host list growth when adding the broadcast address.
        enforce_limit()?;
        hosts.insert(0, Value::String(net.network().to_string().into()));
        // Guard expanded host list growth when reintroducing the network address.
        enforce_limit()?;
    }

    Ok(Value::from_array(hosts))
}

#[cfg(test)]
mod net_tests {
    use super::*;

    #[test]
    fn test_cidr_is_valid() {
        let valids = Vec::from(["127.0.0.1/32", "10.0.0.0/8", "0.1.2.3/32", "::1/128"]);
        let invalids = Vec::from(["256.0.0.0/8", "127.0.0.1/33", "::1/129"]);

        for cidr in valids {
            assert!(
                is_valid_cidr(Arc::from(cidr)),
                "Valid CIDR {cidr} deemed invalid"
            );
        }

        for cidr in invalids {
            assert!(
                !is_valid_cidr(Arc::from(cidr)),
                "Invalid CIDR {cidr} deemed valid"
            );
        }
    }

    #[test]
    fn test_cidr_contains() {
        let test_cases: std::vec::IntoIter<(Arc<str>, Arc<str>, bool, bool)> = Vec::from([
            // Each case is a tuple of (cidr, cidr_or_ip, expected Ok(result), and expected error)
            (
                Arc::from("127.0.0.1/32"),
                Arc::from("127.0.0.1"),
                true,
                false,
            ),
            (
                Arc::from("10.0.0.0/8"),
                Arc::from("10.10.10.10"),
                true,
                false,
            ),
            (
                Arc::from("10.0.0.0/8"),
                Arc::from("10.10.10.0/24"),
                true,
                false,
            ),
            (Arc::from("fd00::/16"), Arc::from("fd00::/17"), true, false),
            (
                Arc::from("127.0.0.1/32"),
                Arc::from("127.0.0.2"),
                false,
                false,
            ),
            (Arc::from("10.0.0.0/8"), Arc::from("11.0.0.1"), false, false),
            (Arc::from("fd00::/16"), Arc::from("fd00::/15"), false, false),
            (
                Arc::from("127.0.0.0/8"),
                Arc::from("not a cidr"),
                false,
                true,
            ),
        ])
        .into_iter();

        for (cidr, sub, result, should_err) in test_cases {
            let got = _cidr_contains(cidr.clone(), sub.clone());
            match got {
                Err(_) if should_err => continue,
                Ok(res) if res == result => continue,
                _ => {
                    panic!(
                        "Expected `cidr_contains` for cidr {cidr} and subnet {sub} to be {result}"
                    )
                }
            }
        }
    }

    #[test]
    fn test_cidr_expand() {
        let cases = Vec::from([
            ("127.0.0.1/32", Vec::from(["127.0.0.1"])),
            (
                "10.0.0.0/29",
                Vec::from([
                    "10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5",
                    "10.0.0.6", "10.0.0.7",
                ]),
            ),
        ]);

        for (cidr, exp) in cases {
            let cidrs = _cidr_expand(cidr.into()).expect("CIDRs should be returned");
            let expv = Value::from(exp.iter().map(|s| Value::from(*s)).collect::<Vec<Value>>());
            assert_eq!(cidrs, expv);
        }
    }
}
