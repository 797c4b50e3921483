// govlint patch 75: a CA's name constraints, enforced during chain verification as Go's
// `Certificate.Verify` does (crypto/x509 `isValid` with `checkNameConstraints`), so that a leaf
// outside its CA's constraints fails `crypto.x509.parse_and_verify_certificates*` as in OPA.
// Only the verdict matters (OPA answers `[false, []]` whatever Go's error), so the checks
// answer yes or no.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use x509_parser::extensions::{GeneralName, GeneralSubtree, NameConstraints};

/// One subjectAltName entry, in the certificate's order; `Other` covers the name types Go
/// ignores (directoryName, otherName, ...).
pub enum San {
    Dns(String),
    Email(String),
    Uri(String),
    Ip(Vec<u8>),
    Other,
}

pub fn sans(names: &[GeneralName]) -> Vec<San> {
    names
        .iter()
        .map(|n| match n {
            GeneralName::DNSName(d) => San::Dns(d.to_string()),
            GeneralName::RFC822Name(e) => San::Email(e.to_string()),
            GeneralName::URI(u) => San::Uri(u.to_string()),
            GeneralName::IPAddress(b) => San::Ip(b.to_vec()),
            _ => San::Other,
        })
        .collect()
}

#[derive(Default)]
pub struct Subtrees {
    dns: Vec<String>,
    email: Vec<String>,
    uri: Vec<String>,
    // (address, mask), both 4 or both 16 bytes.
    ip: Vec<(Vec<u8>, Vec<u8>)>,
}

#[derive(Default)]
pub struct Constraints {
    permitted: Subtrees,
    excluded: Subtrees,
}

fn subtrees(list: &Option<Vec<GeneralSubtree>>, unsupported: &mut bool) -> Subtrees {
    let mut out = Subtrees::default();
    for t in list.iter().flatten() {
        match &t.base {
            GeneralName::DNSName(d) => out.dns.push(d.to_string()),
            GeneralName::RFC822Name(e) => out.email.push(e.to_string()),
            GeneralName::URI(u) => out.uri.push(u.to_string()),
            GeneralName::IPAddress(b) if b.len() == 8 || b.len() == 32 => {
                let half = b.len() / 2;
                out.ip.push((b[..half].to_vec(), b[half..].to_vec()));
            }
            // Go refuses the certificate for an IP constraint of another length; here it is
            // left out (x509-parser has already accepted the certificate).
            GeneralName::IPAddress(_) => {}
            // Go's parser marks a critical extension with another name type as unhandled,
            // which fails verification through that CA.
            _ => *unsupported = true,
        }
    }
    out
}

/// The constraints of a NameConstraints extension, and whether it names a type Go does not
/// support (directoryName, otherName, x400Address, ediPartyName, registeredID).
pub fn constraints(nc: &NameConstraints) -> (Constraints, bool) {
    let mut unsupported = false;
    let permitted = subtrees(&nc.permitted_subtrees, &mut unsupported);
    let excluded = subtrees(&nc.excluded_subtrees, &mut unsupported);
    (
        Constraints {
            permitted,
            excluded,
        },
        unsupported,
    )
}

// Go's `domainToReverseLabels`: labels last first; `None` for an empty label (an absolute
// name among them) or a byte outside 33..=126.
fn reverse_labels(domain: &str) -> Option<Vec<&str>> {
    if domain.is_empty() {
        return Some(Vec::new());
    }
    let labels: Vec<&str> = domain.rsplit('.').collect();
    if labels
        .iter()
        .any(|l| l.is_empty() || l.bytes().any(|c| !(33..=126).contains(&c)))
    {
        return None;
    }
    Some(labels)
}

// Go's `domainNameValid(name, false)`, which a DNS SAN must pass under a constrained CA.
fn dns_name_valid(s: &str) -> bool {
    if s.is_empty() || s.starts_with('.') || s.ends_with('.') || s.len() > 253 {
        return false;
    }
    s.split('.')
        .all(|l| !l.is_empty() && l.bytes().all(|c| (33..=126).contains(&c)))
}

/// Go's `matchDomainConstraint`: `Err` where Go errors (which fails verification). A leading
/// `.` requires at least one more label; an empty constraint matches everything. Checking an
/// excluded constraint, a wildcard SAN's `*` label matches any label (Go since the fix for
/// CVE-2025-61727: `*.example.com` is excluded by `bad.example.com`).
fn match_domain(domain: &str, constraint: &str, excluded: bool) -> Result<bool, ()> {
    if constraint.is_empty() {
        return Ok(true);
    }
    let domain = reverse_labels(domain).ok_or(())?;
    let (must_have_sub, constraint) = match constraint.strip_prefix('.') {
        Some(c) => (true, c),
        None => (false, constraint),
    };
    let constraint = reverse_labels(constraint).ok_or(())?;
    if domain.len() < constraint.len() || (must_have_sub && domain.len() == constraint.len()) {
        return Ok(false);
    }
    let wildcard = excluded && domain.last() == Some(&"*");
    Ok(constraint.iter().enumerate().all(|(i, c)| {
        let d = domain[i];
        (wildcard && i == domain.len() - 1) || c.eq_ignore_ascii_case(d)
    }))
}

struct Mailbox {
    local: String,
    domain: String,
}

fn is_atext(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&c)
}

// Go's `parseRFC2821Mailbox`: a quoted or dot-atom local part, `@`, then any domain whose
// labels Go can read.
fn parse_mailbox(text: &str) -> Option<Mailbox> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut local = Vec::new();
    if b.first() == Some(&b'"') {
        i = 1;
        loop {
            let c = *b.get(i)?;
            i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let n = *b.get(i)?;
                    if matches!(n, 1..=9 | 11 | 12 | 14..=127) {
                        local.push(n);
                        i += 1;
                    } else {
                        return None;
                    }
                }
                1..=8 | 11 | 12 | 14..=31 | 32 | 33 | 35..=91 | 93..=127 => local.push(c),
                _ => return None,
            }
        }
    } else {
        while let Some(&c) = b.get(i) {
            if c == b'\\' {
                // Go takes the next byte as it is, whatever it is.
                i += 1;
                local.push(*b.get(i)?);
                i += 1;
            } else if is_atext(c) {
                local.push(c);
                i += 1;
            } else {
                break;
            }
        }
        if local.is_empty()
            || local.first() == Some(&b'.')
            || local.last() == Some(&b'.')
            || local.windows(2).any(|w| w == b"..")
        {
            return None;
        }
    }
    if b.get(i) != Some(&b'@') {
        return None;
    }
    let domain = text.get(i + 1..)?;
    reverse_labels(domain)?;
    Some(Mailbox {
        local: String::from_utf8_lossy(&local).into_owned(),
        domain: domain.to_string(),
    })
}

// Go's `matchEmailConstraint`: a constraint with `@` is one mailbox (local part exact, domain
// case-insensitive); otherwise it constrains the domain as a DNS constraint does.
fn match_email(mailbox: &Mailbox, constraint: &str) -> Result<bool, ()> {
    if constraint.contains('@') {
        let c = parse_mailbox(constraint).ok_or(())?;
        return Ok(mailbox.local == c.local && mailbox.domain.eq_ignore_ascii_case(&c.domain));
    }
    match_domain(&mailbox.domain, constraint, false)
}

/// Go's parse of a URI SAN (crypto/x509 `parseSANExtension`): `url.Parse`, then a host
/// must be labels Go can read; the error is Go's text, without OPA's builtin prefix.
pub fn parse_uri(raw: &str) -> Result<String, String> {
    let quoted = crate::builtins::strings::strconv_quote(raw);
    let host = crate::builtins::uri::go_url_host(raw)
        .map_err(|e| alloc::format!("x509: cannot parse URI {quoted}: {e}"))?;
    if !host.is_empty() && reverse_labels(&host).is_none() {
        return Err(alloc::format!(
            "x509: cannot parse URI {quoted}: invalid domain"
        ));
    }
    Ok(host)
}

/// Go's checks of a URI SAN under a CA with name constraints, whether or not it constrains
/// URIs (OPA 1.20.2 refuses `urn:x`, `https://10.1.1.1/` and `https://a.example.com./` under
/// a CA constraining only DNS names): a host that is a domain name, without its port.
fn uri_domain(uri: &str) -> Option<String> {
    let mut host = parse_uri(uri).ok()?;
    if host.is_empty() {
        return None;
    }
    if host.contains(':') && !host.ends_with(']') {
        // net.SplitHostPort: one colon outside brackets.
        match host.rsplit_once(':') {
            Some((h, _)) if !h.contains(':') => host = h.to_string(),
            _ => return None,
        }
    }
    if host.parse::<core::net::IpAddr>().is_ok() || (host.starts_with('[') && host.ends_with(']')) {
        return None;
    }
    reverse_labels(&host)?;
    Some(host)
}

// Go's `matchIPConstraint`: same address length, equal under the mask.
fn match_ip(ip: &[u8], (addr, mask): &(Vec<u8>, Vec<u8>)) -> bool {
    ip.len() == addr.len()
        && ip
            .iter()
            .zip(addr.iter().zip(mask.iter()))
            .all(|(i, (a, m))| i & m == a & m)
}

/// Go's `checkNameConstraints` for one name: no excluded constraint matches and, when there
/// are permitted ones, one matches. OPA 1.20.2's Go no longer bounds the comparisons: it
/// verifies the same chains with `MaxConstraintComparisons` 1 or -1.
fn check<C>(
    permitted: &[C],
    excluded: &[C],
    matches: impl Fn(&C, bool) -> Result<bool, ()>,
) -> bool {
    for c in excluded {
        match matches(c, true) {
            Ok(false) => {}
            _ => return false,
        }
    }
    if permitted.is_empty() {
        return true;
    }
    for c in permitted {
        match matches(c, false) {
            Ok(true) => return true,
            Ok(false) => {}
            Err(()) => return false,
        }
    }
    false
}

/// Whether a CA with these constraints may issue the certificates below it: every SAN of every
/// certificate in `below` that has a SAN extension (`None`: no extension). Go checks SANs
/// only; a certificate's Common Name is not a name here (Go 1.15 and later).
pub fn allows(ca: &Constraints, below: &[Option<&[San]>]) -> bool {
    let (p, x) = (&ca.permitted, &ca.excluded);
    for names in below.iter().flatten() {
        for san in names.iter() {
            let ok = match san {
                San::Email(e) => match parse_mailbox(e) {
                    Some(mb) => check(&p.email, &x.email, |c, _| match_email(&mb, c)),
                    None => false,
                },
                San::Dns(d) => {
                    dns_name_valid(d)
                        && check(&p.dns, &x.dns, |c, excluded| match_domain(d, c, excluded))
                }
                // Go's `matchURIConstraint`: the host matched as a DNS constraint.
                San::Uri(u) => match uri_domain(u) {
                    Some(host) => check(&p.uri, &x.uri, |c, _| match_domain(&host, c, false)),
                    None => false,
                },
                San::Ip(ip) => {
                    (ip.len() == 4 || ip.len() == 16)
                        && check(&p.ip, &x.ip, |c, _| Ok(match_ip(ip, c)))
                }
                San::Other => true,
            };
            if !ok {
                return false;
            }
        }
    }
    true
}
