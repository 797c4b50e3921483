// govlint patch 35: OPA's crypto.x509.* and crypto.parse_private_keys builtins. A certificate
// is returned as OPA returns it: Go's `x509.Certificate` marshalled by encoding/json (field
// names as Go's, byte slices base64, big integers as numbers, Go's enum numbers for algorithms
// and usages), plus OPA's `URIStrings`. Verification follows Go's `Certificate.Verify` as OPA
// calls it (the first certificate the root, the last the leaf, those between intermediates),
// at the engine's time (see `time::engine_now_ns`), never a separate wall-clock read.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use anyhow::{anyhow, bail, Result};
use num_bigint::{BigInt, Sign};
use x509_parser::certificate::X509Certificate;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::oid_registry::Oid;
use x509_parser::prelude::FromDer;
use x509_parser::public_key::{PublicKey, RSAPublicKey};
use x509_parser::x509::{SubjectPublicKeyInfo, X509Name};

use crate::ast::{Expr, Ref};
use crate::builtins;
use crate::builtins::pem_keys::{self, b64, num, obj, PrivateKey};
use crate::builtins::rsa_verify;
use crate::builtins::utils::{ensure_args_count, ensure_object, ensure_string};
use crate::builtins::x509_names::{self, Constraints, San};
use crate::builtins::x509_policies::{self, Policy};
use crate::lexer::Span;
use crate::value::Value;

pub fn register(m: &mut builtins::BuiltinsMap<&'static str, builtins::BuiltinFcn>) {
    m.insert("crypto.x509.parse_certificates", (parse_certificates, 1));
    m.insert(
        "crypto.x509.parse_and_verify_certificates",
        (parse_and_verify_certificates, 1),
    );
    m.insert(
        "crypto.x509.parse_and_verify_certificates_with_options",
        (parse_and_verify_certificates_with_options, 2),
    );
    m.insert(
        "crypto.x509.parse_certificate_request",
        (parse_certificate_request, 1),
    );
    m.insert("crypto.x509.parse_keypair", (parse_keypair, 2));
    m.insert(
        "crypto.x509.parse_rsa_private_key",
        (parse_rsa_private_key, 1),
    );
    m.insert("crypto.parse_private_keys", (parse_private_keys, 1));
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

fn int(v: i64) -> Value {
    Value::from(crate::number::Number::from(v))
}

fn strings_or_null(v: Vec<String>) -> Value {
    if v.is_empty() {
        Value::Null
    } else {
        Value::from(v.into_iter().map(|x| s(&x)).collect::<Vec<_>>())
    }
}

fn bytes_or_null(v: Option<&[u8]>) -> Value {
    v.map_or(Value::Null, b64)
}

fn oid_arcs(oid: &Oid) -> Value {
    match oid.iter() {
        Some(arcs) => Value::from(arcs.map(|a| int(a as i64)).collect::<Vec<_>>()),
        None => Value::Null,
    }
}

fn oid_text(oid: &Oid) -> Value {
    s(&oid.to_id_string())
}

fn go_time(ts: i64) -> Value {
    match chrono::DateTime::from_timestamp(ts, 0) {
        Some(t) => s(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        None => Value::Null,
    }
}

// Go's x509.SignatureAlgorithm numbering.
fn signature_algorithm(oid: &str, pss_hash: Option<&str>) -> i64 {
    match oid {
        "1.2.840.113549.1.1.2" => 1,
        "1.2.840.113549.1.1.4" => 2,
        "1.2.840.113549.1.1.5" => 3,
        "1.2.840.113549.1.1.11" => 4,
        "1.2.840.113549.1.1.12" => 5,
        "1.2.840.113549.1.1.13" => 6,
        "1.2.840.10040.4.3" => 7,
        "2.16.840.1.101.3.4.3.2" => 8,
        "1.2.840.10045.4.1" => 9,
        "1.2.840.10045.4.3.2" => 10,
        "1.2.840.10045.4.3.3" => 11,
        "1.2.840.10045.4.3.4" => 12,
        "1.2.840.113549.1.1.10" => match pss_hash {
            Some("2.16.840.1.101.3.4.2.1") => 13,
            Some("2.16.840.1.101.3.4.2.2") => 14,
            Some("2.16.840.1.101.3.4.2.3") => 15,
            _ => 0,
        },
        "1.3.101.112" => 16,
        _ => 0,
    }
}

// govlint patch 115: Go's `getSignatureAlgorithmFromAI` for RSASSA-PSS: the hash ([0]), the
// mask generation ([1], MGF1 over that same hash) and the salt length ([2]) must be present,
// the two hashes' parameters absent or NULL, a trailer field ([3]) 1, and the salt as long
// as the hash. Other parameters are Go's UnknownSignatureAlgorithm (0): such a certificate
// never verifies, and it reads 0 in `SignatureAlgorithm` (it read the hash's PSS value).
fn pss_hash(params: Option<&x509_parser::der_parser::asn1_rs::Any>) -> Option<String> {
    // RSASSA-PSS-params, a SEQUENCE; Go reads its fields in order and ignores any after them.
    let p = params?;
    if p.tag() != x509_parser::der_parser::asn1_rs::Tag::Sequence {
        return None;
    }
    let fields = pem_keys::elements(p.data).ok()?;
    let explicit = |i: usize, tag: u8| {
        fields
            .get(i)
            .filter(|f| f.tag == tag)
            .and_then(|f| pem_keys::tlv(f.body).ok())
    };
    let hash = algorithm_identifier(explicit(0, 0xa0)?)?;
    let (mgf, mgf_params) = algorithm_identifier_raw(explicit(1, 0xa1)?)?;
    if mgf != "1.2.840.113549.1.1.8" {
        return None;
    }
    if algorithm_identifier(pem_keys::tlv(mgf_params?).ok()?)? != hash {
        return None;
    }
    // INTEGERs, minimally encoded: the salt's length and, when present, the trailer field.
    let salt = explicit(2, 0xa2).filter(|t| t.tag == 0x02)?;
    if let Some(trailer) = explicit(3, 0xa3) {
        if trailer.tag != 0x02 || trailer.body != [1] {
            return None;
        }
    }
    let want: &[u8] = match hash.as_str() {
        "2.16.840.1.101.3.4.2.1" => &[32],
        "2.16.840.1.101.3.4.2.2" => &[48],
        "2.16.840.1.101.3.4.2.3" => &[64],
        _ => return None,
    };
    (salt.body == want).then_some(hash)
}

/// An AlgorithmIdentifier's OID and its parameters' DER, if any.
fn algorithm_identifier_raw(t: pem_keys::Tlv<'_>) -> Option<(String, Option<&[u8]>)> {
    if t.tag != 0x30 {
        return None;
    }
    let oid = pem_keys::tlv(t.body).ok()?;
    if oid.tag != 0x06 {
        return None;
    }
    let params = (!oid.rest.is_empty()).then_some(oid.rest);
    Some((Oid::new(oid.body.into()).to_id_string(), params))
}

/// An AlgorithmIdentifier's OID when its parameters are absent or NULL (Go's check for PSS).
fn algorithm_identifier(t: pem_keys::Tlv<'_>) -> Option<String> {
    let (oid, params) = algorithm_identifier_raw(t)?;
    match params {
        None | Some([0x05, 0x00]) => Some(oid),
        Some(_) => None,
    }
}

// Go's x509.PublicKeyAlgorithm numbering and the key as Go marshals it.
fn public_key(spki: &SubjectPublicKeyInfo) -> (i64, Value) {
    let alg = spki.algorithm.algorithm.to_id_string();
    match alg.as_str() {
        "1.2.840.113549.1.1.1" => match spki.parsed() {
            Ok(PublicKey::RSA(k)) => (
                1,
                obj(alloc::vec![
                    ("N", num(BigInt::from_bytes_be(Sign::Plus, k.modulus))),
                    ("E", num(BigInt::from_bytes_be(Sign::Plus, k.exponent))),
                ]),
            ),
            _ => (1, Value::Null),
        },
        "1.2.840.10040.4.1" => (2, Value::Null),
        "1.2.840.10045.2.1" => {
            let p = spki.subject_public_key.data.as_ref();
            if p.len() % 2 == 1 && p.first() == Some(&4) {
                let size = (p.len() - 1) / 2;
                (
                    3,
                    obj(alloc::vec![
                        ("Curve", Value::new_object()),
                        ("X", num(BigInt::from_bytes_be(Sign::Plus, &p[1..1 + size]))),
                        ("Y", num(BigInt::from_bytes_be(Sign::Plus, &p[1 + size..]))),
                    ]),
                )
            } else {
                (3, Value::Null)
            }
        }
        "1.3.101.112" => (4, b64(spki.subject_public_key.data.as_ref())),
        _ => (0, Value::Null),
    }
}

// Go's pkix.Name, filled as `Name.FillFromRDNSequence` does.
fn name(n: &X509Name) -> Value {
    let mut fields: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut cn = String::new();
    let mut serial = String::new();
    let mut names = Vec::new();
    for atv in n.iter_attributes() {
        let Ok(v) = atv.as_str() else { continue };
        names.push(obj(alloc::vec![
            ("Type", oid_arcs(atv.attr_type())),
            ("Value", s(v)),
        ]));
        let key = match atv.attr_type().to_id_string().as_str() {
            "2.5.4.3" => {
                cn = v.to_string();
                continue;
            }
            "2.5.4.5" => {
                serial = v.to_string();
                continue;
            }
            "2.5.4.6" => "Country",
            "2.5.4.7" => "Locality",
            "2.5.4.8" => "Province",
            "2.5.4.9" => "StreetAddress",
            "2.5.4.10" => "Organization",
            "2.5.4.11" => "OrganizationalUnit",
            "2.5.4.17" => "PostalCode",
            _ => continue,
        };
        fields.entry(key).or_default().push(v.to_string());
    }
    let mut out = alloc::vec![
        ("CommonName", s(&cn)),
        ("SerialNumber", s(&serial)),
        ("Names", Value::from(names)),
        ("ExtraNames", Value::Null),
    ];
    for key in [
        "Country",
        "Locality",
        "Province",
        "StreetAddress",
        "Organization",
        "OrganizationalUnit",
        "PostalCode",
    ] {
        out.push((key, strings_or_null(fields.remove(key).unwrap_or_default())));
    }
    obj(out)
}

fn ip_text(b: &[u8]) -> Option<String> {
    match b.len() {
        4 => Some(core::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            let v6 = core::net::Ipv6Addr::from(a);
            // Go prints an IPv4-mapped address in its IPv4 form.
            Some(match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => v6.to_string(),
            })
        }
        _ => None,
    }
}

fn percent_decode(t: &str) -> String {
    let b = t.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 0 && i + 2 <= b.len() - 1 {
            if let Ok(v) = u8::from_str_radix(&t[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// Go's url.URL as encoding/json writes it (`User` is `{}`: its fields are unexported).
fn go_url(raw: &str) -> Value {
    let (rest, fragment) = match raw.split_once('#') {
        Some((a, f)) => (a, f),
        None => (raw, ""),
    };
    let (scheme, rest) = match rest.split_once(':') {
        Some((sc, r))
            if !sc.is_empty()
                && sc.starts_with(|c: char| c.is_ascii_alphabetic())
                && sc
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            (sc.to_ascii_lowercase(), r)
        }
        _ => (String::new(), rest),
    };
    let (rest, query, force_query) = match rest.split_once('?') {
        Some((a, q)) => (a, q, q.is_empty()),
        None => (rest, "", false),
    };
    let mut user = Value::Null;
    let mut host = String::new();
    let mut opaque = String::new();
    let mut path = String::new();
    if !scheme.is_empty() && !rest.starts_with('/') {
        opaque = rest.to_string();
    } else if let Some(auth_path) = rest.strip_prefix("//") {
        let (auth, p) = match auth_path.find('/') {
            Some(i) => (&auth_path[..i], &auth_path[i..]),
            None => (auth_path, ""),
        };
        let h = match auth.rsplit_once('@') {
            Some((_, h)) => {
                user = Value::new_object();
                h
            }
            None => auth,
        };
        host = percent_decode(h);
        path = p.to_string();
    } else {
        path = rest.to_string();
    }
    let decoded = percent_decode(&path);
    obj(alloc::vec![
        ("Scheme", s(&scheme)),
        ("Opaque", s(&opaque)),
        ("User", user),
        ("Host", s(&host)),
        ("Path", s(&decoded)),
        // govlint patch 75: Go's RawPath (was always "").
        ("RawPath", s(&crate::builtins::uri::go_raw_path(&path))),
        ("OmitHost", Value::Bool(false)),
        ("ForceQuery", Value::Bool(force_query)),
        ("RawQuery", s(query)),
        ("Fragment", s(&percent_decode(fragment))),
        ("RawFragment", s("")),
    ])
}

const EKU: &[(&str, i64)] = &[
    ("2.5.29.37.0", 0),
    ("1.3.6.1.5.5.7.3.1", 1),
    ("1.3.6.1.5.5.7.3.2", 2),
    ("1.3.6.1.5.5.7.3.3", 3),
    ("1.3.6.1.5.5.7.3.4", 4),
    ("1.3.6.1.5.5.7.3.5", 5),
    ("1.3.6.1.5.5.7.3.6", 6),
    ("1.3.6.1.5.5.7.3.7", 7),
    ("1.3.6.1.5.5.7.3.8", 8),
    ("1.3.6.1.5.5.7.3.9", 9),
    ("1.3.6.1.4.1.311.10.3.3", 10),
    ("2.16.840.1.113730.4.1", 11),
    ("1.3.6.1.4.1.311.2.1.22", 12),
    ("1.3.6.1.4.1.311.61.1.1", 13),
];

const KEY_USAGE_NAMES: &[&str] = &[
    "KeyUsageAny",
    "KeyUsageServerAuth",
    "KeyUsageClientAuth",
    "KeyUsageCodeSigning",
    "KeyUsageEmailProtection",
    "KeyUsageIPSECEndSystem",
    "KeyUsageIPSECTunnel",
    "KeyUsageIPSECUser",
    "KeyUsageTimeStamping",
    "KeyUsageOCSPSigning",
    "KeyUsageMicrosoftServerGatedCrypto",
    "KeyUsageNetscapeServerGatedCrypto",
    "KeyUsageMicrosoftCommercialCodeSigning",
    "KeyUsageMicrosoftKernelCodeSigning",
];

// Extensions Go's parser understands; a critical one outside this list is "unhandled".
const HANDLED: &[&str] = &[
    "2.5.29.15",
    "2.5.29.19",
    "2.5.29.17",
    "2.5.29.30",
    "2.5.29.31",
    "2.5.29.35",
    "2.5.29.37",
    "2.5.29.14",
    "2.5.29.32",
    "1.3.6.1.5.5.7.1.1",
    "2.5.29.54",
    "2.5.29.36",
    "2.5.29.33",
];

/// What verification needs of a certificate, beside its JSON.
struct Facts {
    raw_subject: Vec<u8>,
    raw_issuer: Vec<u8>,
    not_before: i64,
    not_after: i64,
    bc_valid: bool,
    is_ca: bool,
    max_path_len: i64,
    eku: Vec<i64>,
    unknown_eku: usize,
    dns: Vec<String>,
    ips: Vec<Vec<u8>>,
    tbs: Vec<u8>,
    sig_alg: i64,
    signature: Vec<u8>,
    key_alg: i64,
    key: Vec<u8>,
    raw: Vec<u8>,
    // govlint patch 75: what Go's name-constraint check reads: the SANs (`None` without the
    // extension), the CA's constraints, and whether Go refuses the certificate for a critical
    // extension it cannot handle.
    sans: Option<Vec<San>>,
    name_constraints: Option<Constraints>,
    unhandled_critical: bool,
    // govlint patch 77: what Go's `CheckSignatureFrom` reads of an issuer.
    version: u32,
    key_usage: i64,
    policy: Policy,
}

struct General {
    dns: Vec<String>,
    email: Vec<String>,
    ip: Vec<Vec<u8>>,
    uri: Vec<String>,
}

fn general_names(names: &[GeneralName]) -> General {
    let mut g = General {
        dns: Vec::new(),
        email: Vec::new(),
        ip: Vec::new(),
        uri: Vec::new(),
    };
    for n in names {
        match n {
            GeneralName::DNSName(d) => g.dns.push(d.to_string()),
            GeneralName::RFC822Name(e) => g.email.push(e.to_string()),
            GeneralName::IPAddress(b) => g.ip.push(b.to_vec()),
            GeneralName::URI(u) => g.uri.push(u.to_string()),
            _ => {}
        }
    }
    g
}

fn ips_value(ips: &[Vec<u8>]) -> Value {
    strings_or_null(ips.iter().filter_map(|b| ip_text(b)).collect())
}

fn uris_value(uris: &[String]) -> Value {
    if uris.is_empty() {
        Value::Null
    } else {
        Value::from(uris.iter().map(|u| go_url(u)).collect::<Vec<_>>())
    }
}

fn extensions_value(exts: &[x509_parser::extensions::X509Extension]) -> Value {
    Value::from(
        exts.iter()
            .map(|e| {
                obj(alloc::vec![
                    ("Id", oid_arcs(&e.oid)),
                    ("Critical", Value::Bool(e.critical)),
                    ("Value", b64(e.value)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

fn certificate(x: &X509Certificate) -> (Value, Facts) {
    let tbs = &x.tbs_certificate;
    let (key_alg, key) = public_key(&tbs.subject_pki);
    let sig_oid = x.signature_algorithm.algorithm.to_id_string();
    let sig_alg = signature_algorithm(
        &sig_oid,
        pss_hash(x.signature_algorithm.parameters.as_ref()).as_deref(),
    );
    let mut m: Vec<(&str, Value)> = Vec::new();
    let mut ku = 0i64;
    let (mut bc_valid, mut is_ca, mut max_path_len, mut max_path_zero) =
        (false, false, 0i64, false);
    let mut eku: Vec<i64> = Vec::new();
    let mut unknown_eku: Vec<Value> = Vec::new();
    let mut ski = None;
    let mut aki = None;
    let mut general = general_names(&[]);
    let (mut ocsp, mut issuing, mut crl) = (Vec::new(), Vec::new(), Vec::new());
    let (mut policy_ids, mut policies) = (Vec::new(), Vec::new());
    let mut mappings = Vec::new();
    let (mut inhibit_any, mut inhibit_any_zero) = (0i64, false);
    let (mut inhibit_map, mut inhibit_map_zero) = (0i64, false);
    let (mut require_explicit, mut require_explicit_zero) = (0i64, false);
    let mut nc_critical = false;
    let mut permitted = General {
        dns: Vec::new(),
        email: Vec::new(),
        ip: Vec::new(),
        uri: Vec::new(),
    };
    let mut excluded = General {
        dns: Vec::new(),
        email: Vec::new(),
        ip: Vec::new(),
        uri: Vec::new(),
    };
    let mut unhandled = Vec::new();
    let mut sans = None;
    let mut name_constraints = None;
    let mut policy = Policy {
        self_issued: tbs.issuer.as_raw() == tbs.subject.as_raw(),
        ..Policy::default()
    };
    for e in tbs.extensions() {
        let id = e.oid.to_id_string();
        if e.critical && !HANDLED.contains(&id.as_str()) {
            unhandled.push(oid_arcs(&e.oid));
        }
        match e.parsed_extension() {
            ParsedExtension::KeyUsage(k) => ku = i64::from(k.flags),
            ParsedExtension::BasicConstraints(b) => {
                bc_valid = true;
                is_ca = b.ca;
                max_path_len = b.path_len_constraint.map_or(-1, i64::from);
                max_path_zero = max_path_len == 0;
            }
            ParsedExtension::ExtendedKeyUsage(_) => {
                // Read the OIDs in order, as Go keeps them.
                if let Ok((_, t)) = x509_parser::der_parser::parse_der(e.value) {
                    if let Ok(items) = t.as_sequence() {
                        for i in items {
                            if let Ok(o) = i.as_oid() {
                                let text = o.to_id_string();
                                match EKU.iter().find(|(k, _)| *k == text) {
                                    Some((_, n)) => eku.push(*n),
                                    None => unknown_eku.push(oid_arcs(o)),
                                }
                            }
                        }
                    }
                }
            }
            ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0),
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                aki = a.key_identifier.as_ref().map(|k| k.0)
            }
            ParsedExtension::SubjectAlternativeName(san) => {
                general = general_names(&san.general_names);
                sans = Some(x509_names::sans(&san.general_names));
            }
            ParsedExtension::AuthorityInfoAccess(aia) => {
                for d in &aia.accessdescs {
                    if let GeneralName::URI(u) = d.access_location {
                        match d.access_method.to_id_string().as_str() {
                            "1.3.6.1.5.5.7.48.1" => ocsp.push(u.to_string()),
                            "1.3.6.1.5.5.7.48.2" => issuing.push(u.to_string()),
                            _ => {}
                        }
                    }
                }
            }
            ParsedExtension::CRLDistributionPoints(points) => {
                for p in &points.points {
                    if let Some(x509_parser::extensions::DistributionPointName::FullName(names)) =
                        &p.distribution_point
                    {
                        for n in names {
                            if let GeneralName::URI(u) = n {
                                crl.push(u.to_string());
                            }
                        }
                    }
                }
            }
            ParsedExtension::CertificatePolicies(ps) => {
                for p in ps.iter() {
                    policy_ids.push(oid_arcs(&p.policy_id));
                    policies.push(oid_text(&p.policy_id));
                    policy.policies.push(p.policy_id.to_id_string());
                }
            }
            ParsedExtension::PolicyMappings(pm) => {
                for p in &pm.mappings {
                    mappings.push(obj(alloc::vec![
                        ("IssuerDomainPolicy", oid_text(&p.issuer_domain_policy)),
                        ("SubjectDomainPolicy", oid_text(&p.subject_domain_policy)),
                    ]));
                    // govlint patch 113: what policy validation maps.
                    policy.mappings.push((
                        p.issuer_domain_policy.to_id_string(),
                        p.subject_domain_policy.to_id_string(),
                    ));
                }
            }
            ParsedExtension::InhibitAnyPolicy(i) => {
                policy.inhibit_any = Some(i.skip_certs);
                inhibit_any = i64::from(i.skip_certs);
                inhibit_any_zero = inhibit_any == 0;
            }
            ParsedExtension::PolicyConstraints(pc) => {
                policy.require_explicit = pc.require_explicit_policy;
                policy.inhibit_mapping = pc.inhibit_policy_mapping;
                if let Some(v) = pc.require_explicit_policy {
                    require_explicit = i64::from(v);
                    require_explicit_zero = v == 0;
                }
                if let Some(v) = pc.inhibit_policy_mapping {
                    inhibit_map = i64::from(v);
                    inhibit_map_zero = v == 0;
                }
            }
            ParsedExtension::NameConstraints(nc) => {
                nc_critical = e.critical;
                let bases = |t: &Option<Vec<x509_parser::extensions::GeneralSubtree>>| {
                    let names: Vec<GeneralName> = t
                        .as_ref()
                        .map(|v| v.iter().map(|s| s.base.clone()).collect())
                        .unwrap_or_default();
                    general_names(&names)
                };
                permitted = bases(&nc.permitted_subtrees);
                excluded = bases(&nc.excluded_subtrees);
                // govlint patch 75: Go lists a critical NameConstraints naming a type it does not
                // support among the unhandled critical extensions.
                let (parsed, unsupported) = x509_names::constraints(nc);
                if e.critical && unsupported {
                    unhandled.push(oid_arcs(&e.oid));
                }
                name_constraints = Some(parsed);
            }
            _ => {}
        }
    }
    let ip_ranges = |v: &[Vec<u8>]| -> Value {
        if v.is_empty() {
            return Value::Null;
        }
        Value::from(
            v.iter()
                .filter(|b| b.len() == 8 || b.len() == 32)
                .map(|b| {
                    let half = b.len() / 2;
                    obj(alloc::vec![
                        ("IP", s(&ip_text(&b[..half]).unwrap_or_default())),
                        ("Mask", b64(&b[half..])),
                    ])
                })
                .collect::<Vec<_>>(),
        )
    };
    let list = |v: Vec<Value>| {
        if v.is_empty() {
            Value::Null
        } else {
            Value::from(v)
        }
    };
    m.push(("Raw", b64(x.as_raw())));
    m.push(("RawTBSCertificate", b64(tbs.as_ref())));
    m.push(("RawSubjectPublicKeyInfo", b64(tbs.subject_pki.raw)));
    m.push(("RawSubject", b64(tbs.subject.as_raw())));
    m.push(("RawIssuer", b64(tbs.issuer.as_raw())));
    m.push(("Signature", b64(x.signature_value.data.as_ref())));
    m.push(("SignatureAlgorithm", int(sig_alg)));
    m.push(("PublicKeyAlgorithm", int(key_alg)));
    m.push(("PublicKey", key));
    m.push(("Version", int(i64::from(tbs.version.0) + 1)));
    m.push((
        "SerialNumber",
        num(BigInt::from_signed_bytes_be(tbs.raw_serial())),
    ));
    m.push(("Issuer", name(&tbs.issuer)));
    m.push(("Subject", name(&tbs.subject)));
    m.push(("NotBefore", go_time(tbs.validity.not_before.timestamp())));
    m.push(("NotAfter", go_time(tbs.validity.not_after.timestamp())));
    m.push(("KeyUsage", int(ku)));
    m.push((
        "Extensions",
        if tbs.extensions().is_empty() {
            Value::Null
        } else {
            extensions_value(tbs.extensions())
        },
    ));
    m.push(("ExtraExtensions", Value::Null));
    let unhandled_critical = !unhandled.is_empty();
    m.push(("UnhandledCriticalExtensions", list(unhandled)));
    m.push((
        "ExtKeyUsage",
        list(eku.iter().map(|n| int(*n)).collect::<Vec<_>>()),
    ));
    let unknown_eku_count = unknown_eku.len();
    m.push(("UnknownExtKeyUsage", list(unknown_eku)));
    m.push(("BasicConstraintsValid", Value::Bool(bc_valid)));
    m.push(("IsCA", Value::Bool(is_ca)));
    m.push(("MaxPathLen", int(max_path_len)));
    m.push(("MaxPathLenZero", Value::Bool(max_path_zero)));
    m.push(("SubjectKeyId", bytes_or_null(ski)));
    m.push(("AuthorityKeyId", bytes_or_null(aki)));
    m.push(("OCSPServer", strings_or_null(ocsp)));
    m.push(("IssuingCertificateURL", strings_or_null(issuing)));
    m.push(("DNSNames", strings_or_null(general.dns.clone())));
    m.push(("EmailAddresses", strings_or_null(general.email.clone())));
    m.push(("IPAddresses", ips_value(&general.ip)));
    m.push(("URIs", uris_value(&general.uri)));
    // govlint patch 75: OPA writes each URI with Go's URL.String().
    m.push((
        "URIStrings",
        strings_or_null(
            general
                .uri
                .iter()
                .map(|u| crate::builtins::uri::go_url_string(u).unwrap_or_else(|| u.clone()))
                .collect(),
        ),
    ));
    m.push(("PermittedDNSDomainsCritical", Value::Bool(nc_critical)));
    m.push(("PermittedDNSDomains", strings_or_null(permitted.dns)));
    m.push(("ExcludedDNSDomains", strings_or_null(excluded.dns)));
    m.push(("PermittedIPRanges", ip_ranges(&permitted.ip)));
    m.push(("ExcludedIPRanges", ip_ranges(&excluded.ip)));
    m.push(("PermittedEmailAddresses", strings_or_null(permitted.email)));
    m.push(("ExcludedEmailAddresses", strings_or_null(excluded.email)));
    m.push(("PermittedURIDomains", strings_or_null(permitted.uri)));
    m.push(("ExcludedURIDomains", strings_or_null(excluded.uri)));
    m.push(("CRLDistributionPoints", strings_or_null(crl)));
    m.push(("PolicyIdentifiers", list(policy_ids)));
    m.push(("Policies", list(policies)));
    m.push(("InhibitAnyPolicy", int(inhibit_any)));
    m.push(("InhibitAnyPolicyZero", Value::Bool(inhibit_any_zero)));
    m.push(("InhibitPolicyMapping", int(inhibit_map)));
    m.push(("InhibitPolicyMappingZero", Value::Bool(inhibit_map_zero)));
    m.push(("RequireExplicitPolicy", int(require_explicit)));
    m.push((
        "RequireExplicitPolicyZero",
        Value::Bool(require_explicit_zero),
    ));
    m.push(("PolicyMappings", list(mappings)));
    let facts = Facts {
        raw_subject: tbs.subject.as_raw().to_vec(),
        raw_issuer: tbs.issuer.as_raw().to_vec(),
        not_before: tbs.validity.not_before.timestamp(),
        not_after: tbs.validity.not_after.timestamp(),
        bc_valid,
        is_ca,
        max_path_len,
        eku,
        unknown_eku: unknown_eku_count,
        dns: general.dns,
        ips: general.ip,
        tbs: tbs.as_ref().to_vec(),
        sig_alg,
        signature: x.signature_value.data.to_vec(),
        key_alg,
        key: tbs.subject_pki.subject_public_key.data.to_vec(),
        raw: x.as_raw().to_vec(),
        sans,
        name_constraints,
        unhandled_critical,
        version: tbs.version.0 + 1,
        key_usage: ku,
        policy,
    };
    (obj(m), facts)
}

fn parse_der_certificates(blocks: &[Vec<u8>]) -> Result<Vec<(Value, Facts)>> {
    let mut out = Vec::new();
    for der in blocks {
        // A DER buffer may hold several certificates back to back (Go's ParseCertificates).
        let mut rest: &[u8] = der;
        while !rest.is_empty() {
            let (r, x) = X509Certificate::from_der(rest)
                .map_err(|e| anyhow!("x509: malformed certificate: {e}"))?;
            let parsed = certificate(&x);
            // govlint patch 75: Go refuses a certificate with a URI SAN its url.Parse refuses.
            for san in parsed.1.sans.iter().flatten() {
                if let San::Uri(u) = san {
                    x509_names::parse_uri(u).map_err(|e| anyhow!(e))?;
                }
            }
            out.push(parsed);
            rest = r;
        }
    }
    Ok(out)
}

fn certificates_arg(name: &str, params: &[Ref<Expr>], arg: &Value) -> Result<Vec<(Value, Facts)>> {
    let text = ensure_string(name, &params[0], arg)?;
    let blocks = pem_keys::pem_or_base64_der(&text).map_err(|e| anyhow!("{name}: {e}"))?;
    parse_der_certificates(&blocks).map_err(|e| anyhow!("{name}: {e}"))
}

fn parse_certificates(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.x509.parse_certificates";
    ensure_args_count(span, name, params, args, 1)?;
    let certs = certificates_arg(name, params, &args[0])?;
    Ok(Value::from(
        certs.into_iter().map(|(v, _)| v).collect::<Vec<_>>(),
    ))
}

// --- verification ----------------------------------------------------------------------------

struct Options {
    dns_name: Option<String>,
    // govlint patch 77: nanoseconds, as Go compares times (`now.After(NotAfter)`).
    now_ns: i64,
    key_usages: Vec<i64>,
}

fn verify_signature(f: &Facts, issuer: &Facts) -> bool {
    use aws_lc_rs::signature::{self as sig, UnparsedPublicKey, VerificationAlgorithm};
    use rsa_verify::{Hash, Padding};
    // govlint patch 114: an RSA key outside the range of aws-lc-rs's algorithm (SHA-384 and
    // PSS below 2048 bits, any key over 8192) is verified by `rsa_verify`, as Go does; Go's
    // certificates carry PSS salts as long as the hash.
    let pss = Padding::Pss { any_salt: false };
    let rsa = match f.sig_alg {
        4 => Some((Hash::Sha256, Padding::Pkcs1, 1024)),
        5 => Some((Hash::Sha384, Padding::Pkcs1, 2048)),
        6 => Some((Hash::Sha512, Padding::Pkcs1, 1024)),
        13 => Some((Hash::Sha256, pss, 2048)),
        14 => Some((Hash::Sha384, pss, 2048)),
        15 => Some((Hash::Sha512, pss, 2048)),
        _ => None,
    };
    if let (Some((hash, padding, aws_min)), 1) = (rsa, issuer.key_alg) {
        let Ok((_, key)) = RSAPublicKey::from_der(&issuer.key) else {
            return false;
        };
        let bits = rsa_verify::bits(key.modulus);
        if bits < aws_min || bits > 8192 {
            return rsa_verify::verify(
                key.modulus,
                key.exponent,
                hash,
                padding,
                &f.tbs,
                &f.signature,
            );
        }
    }
    let alg: &dyn VerificationAlgorithm = match (f.sig_alg, issuer.key_alg) {
        // govlint patch 76: Go verifies RSA keys from 1024 bits (not 512), so PKCS#1 v1.5 with
        // SHA-256 and SHA-512 uses aws-lc-rs's 1024-8192-bit algorithms (named "legacy", the
        // same checks with a lower minimum). It has none for SHA-384 or PSS: smaller keys
        // went to `rsa_verify` above (patch 114).
        (4, 1) => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        (5, 1) => &sig::RSA_PKCS1_2048_8192_SHA384,
        (6, 1) => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
        (13, 1) => &sig::RSA_PSS_2048_8192_SHA256,
        (14, 1) => &sig::RSA_PSS_2048_8192_SHA384,
        (15, 1) => &sig::RSA_PSS_2048_8192_SHA512,
        // govlint patch 76: Go verifies ECDSA with any of the three curves and any of the three
        // hashes, whatever the pairing (a P-521 CA signing with SHA-256).
        (10, 3) => match issuer.key.len() {
            65 => &sig::ECDSA_P256_SHA256_ASN1,
            97 => &sig::ECDSA_P384_SHA256_ASN1,
            133 => &sig::ECDSA_P521_SHA256_ASN1,
            _ => return false,
        },
        (11, 3) => match issuer.key.len() {
            65 => &sig::ECDSA_P256_SHA384_ASN1,
            97 => &sig::ECDSA_P384_SHA384_ASN1,
            133 => &sig::ECDSA_P521_SHA384_ASN1,
            _ => return false,
        },
        (12, 3) => match issuer.key.len() {
            65 => &sig::ECDSA_P256_SHA512_ASN1,
            97 => &sig::ECDSA_P384_SHA512_ASN1,
            133 => &sig::ECDSA_P521_SHA512_ASN1,
            _ => return false,
        },
        (16, 4) => &sig::ED25519,
        _ => return false,
    };
    UnparsedPublicKey::new(alg, &issuer.key)
        .verify(&f.tbs, &f.signature)
        .is_ok()
}

// govlint patch 77: Go's `CheckSignatureFrom` refuses an issuer, the root included, that is a
// v3 certificate without basic constraints, is not a CA, or states key usages without
// keyCertSign (Go's KeyUsageCertSign, bit 5).
fn may_sign_certificates(issuer: &Facts) -> bool {
    let not_ca = (issuer.version == 3 && !issuer.bc_valid) || (issuer.bc_valid && !issuer.is_ca);
    let no_cert_sign = issuer.key_usage != 0 && issuer.key_usage & 32 == 0;
    !not_ca && !no_cert_sign
}

// govlint patch 77: to the nanosecond: a chain is expired 1 ns after its NotAfter second.
fn valid_at(f: &Facts, now_ns: i64) -> bool {
    let now = i128::from(now_ns);
    let second = 1_000_000_000i128;
    now >= i128::from(f.not_before) * second && now <= i128::from(f.not_after) * second
}

// Go's `matchHostnames`: a `*.` label matches exactly one label, case-insensitively.
fn host_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if pattern.is_empty() || host.is_empty() {
        return false;
    }
    let p: Vec<&str> = pattern.split('.').collect();
    let h: Vec<&str> = host.split('.').collect();
    if p.len() != h.len() {
        return false;
    }
    p.iter()
        .zip(h.iter())
        .enumerate()
        .all(|(i, (a, b))| (i == 0 && *a == "*") || a == b)
}

fn verify_hostname(leaf: &Facts, host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<core::net::IpAddr>() {
        return leaf.ips.iter().any(|b| match (ip, b.len()) {
            (core::net::IpAddr::V4(v4), 4) => v4.octets() == b[..],
            (core::net::IpAddr::V4(v4), 16) => v4.to_ipv6_mapped().octets() == b[..],
            (core::net::IpAddr::V6(v6), 16) => v6.octets() == b[..],
            (core::net::IpAddr::V6(v6), 4) => {
                v6.to_ipv4_mapped().is_some_and(|v| v.octets() == b[..])
            }
            _ => false,
        });
    }
    leaf.dns.iter().any(|p| host_matches(p, host))
}

// Go's `checkChainForKeyUsage`: every certificate that states usages must allow one asked.
fn chain_allows(chain: &[&Facts], wanted: &[i64]) -> bool {
    let mut remaining: Vec<i64> = wanted.to_vec();
    for c in chain.iter().rev() {
        if c.eku.is_empty() && c.unknown_eku == 0 {
            continue;
        }
        if c.eku.contains(&0) {
            continue;
        }
        // govlint patch 77: a server-gated-crypto usage (Microsoft's or Netscape's) no longer
        // stands for serverAuth in OPA 1.20.2's Go.
        remaining.retain(|u| c.eku.contains(u));
        if remaining.is_empty() {
            return false;
        }
    }
    true
}

fn build<'a>(
    chain: &mut Vec<usize>,
    certs: &'a [(Value, Facts)],
    opts: &Options,
    out: &mut Vec<Vec<usize>>,
) {
    if chain.len() > 16 {
        return;
    }
    let Some(&current) = chain.last() else { return };
    let cur = &certs[current].1;
    // Candidates: the root (index 0), then the intermediates.
    for cand in 0..certs.len() - 1 {
        if chain.contains(&cand) {
            continue;
        }
        let c = &certs[cand].1;
        if c.raw_subject != cur.raw_issuer || !may_sign_certificates(c) || !verify_signature(cur, c)
        {
            continue;
        }
        // govlint patch 75: Go's `isValid` for a CA: no unhandled critical extension, and its
        // name constraints allow every SAN of the chain below it.
        if !valid_at(c, opts.now_ns) || c.unhandled_critical {
            continue;
        }
        if let Some(nc) = &c.name_constraints {
            let below: Vec<Option<&[San]>> =
                chain.iter().map(|i| certs[*i].1.sans.as_deref()).collect();
            if !x509_names::allows(nc, &below) {
                continue;
            }
        }
        let is_root = cand == 0;
        if !is_root && (!c.bc_valid || !c.is_ca) {
            continue;
        }
        if c.bc_valid && c.max_path_len >= 0 {
            let intermediates = chain.len() as i64 - 1;
            if intermediates > c.max_path_len {
                continue;
            }
        }
        chain.push(cand);
        if is_root {
            out.push(chain.clone());
        } else {
            build(chain, certs, opts, out);
        }
        chain.pop();
    }
}

fn verify(certs: &[(Value, Facts)], opts: &Options) -> Option<Vec<usize>> {
    if certs.len() < 2 {
        return None;
    }
    let leaf_index = certs.len() - 1;
    let leaf = &certs[leaf_index].1;
    if !valid_at(leaf, opts.now_ns) || leaf.unhandled_critical {
        return None;
    }
    if let Some(host) = &opts.dns_name {
        if !host.is_empty() && !verify_hostname(leaf, host) {
            return None;
        }
    }
    // The leaf is itself the trusted root.
    if leaf.raw == certs[0].1.raw {
        return Some(alloc::vec![leaf_index]);
    }
    let mut chains = Vec::new();
    build(&mut alloc::vec![leaf_index], certs, opts, &mut chains);
    // govlint patch 77: Go drops the chains without a valid policy path first, whatever the
    // key usages asked.
    chains.retain(|ch| {
        let policies: Vec<&Policy> = ch.iter().map(|i| &certs[*i].1.policy).collect();
        x509_policies::valid(&policies)
    });
    let wanted = if opts.key_usages.is_empty() {
        alloc::vec![1]
    } else {
        opts.key_usages.clone()
    };
    if wanted.contains(&0) {
        return chains.into_iter().next();
    }
    chains.into_iter().find(|ch| {
        let facts: Vec<&Facts> = ch.iter().map(|i| &certs[*i].1).collect();
        chain_allows(&facts, &wanted)
    })
}

fn without_uri_strings(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut o = o.clone();
            crate::Rc::make_mut(&mut o).remove(&s("URIStrings"));
            Value::Object(o)
        }
        other => other.clone(),
    }
}

/// `[true, chain]` (leaf first) or `[false, []]`. OPA adds `URIStrings` to the chain it
/// returns from parse_and_verify_certificates, not from the `_with_options` variant.
fn verdict(certs: Vec<(Value, Facts)>, opts: &Options, uri_strings: bool) -> Value {
    match verify(&certs, opts) {
        Some(chain) => Value::from(alloc::vec![
            Value::Bool(true),
            Value::from(
                chain
                    .iter()
                    .map(|i| if uri_strings {
                        certs[*i].0.clone()
                    } else {
                        without_uri_strings(&certs[*i].0)
                    })
                    .collect::<Vec<_>>()
            ),
        ]),
        None => Value::from(alloc::vec![Value::Bool(false), Value::new_array()]),
    }
}

fn engine_now_ns(span: &Span) -> Result<i64> {
    crate::builtins::time::engine_now_ns()
        .ok_or_else(|| anyhow!(span.error("the engine's time is out of range")))
}

fn parse_and_verify_certificates(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.x509.parse_and_verify_certificates";
    ensure_args_count(span, name, params, args, 1)?;
    // OPA answers [false, []] for input it cannot parse, as for a chain that fails.
    let Ok(certs) = certificates_arg(name, params, &args[0]) else {
        return Ok(Value::from(alloc::vec![
            Value::Bool(false),
            Value::new_array()
        ]));
    };
    let opts = Options {
        dns_name: None,
        now_ns: engine_now_ns(span)?,
        key_usages: Vec::new(),
    };
    Ok(verdict(certs, &opts, true))
}

fn parse_and_verify_certificates_with_options(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.x509.parse_and_verify_certificates_with_options";
    ensure_args_count(span, name, params, args, 2)?;
    let options = ensure_object(name, &params[1], args[1].clone())?;
    let mut opts = Options {
        dns_name: None,
        now_ns: engine_now_ns(span)?,
        key_usages: Vec::new(),
    };
    for (k, v) in options.iter() {
        match (k.as_string().map(|s| s.as_ref()).unwrap_or(""), v) {
            ("DNSName", Value::String(s)) => opts.dns_name = Some(s.to_string()),
            ("CurrentTime", Value::Number(n)) => {
                let ns = n
                    .as_i64()
                    .ok_or_else(|| anyhow!("{name}: 'CurrentTime' should be a number"))?;
                opts.now_ns = ns;
            }
            ("KeyUsages", Value::Array(a)) => {
                for u in a.iter() {
                    let text = u.as_string().map(|s| s.to_string()).unwrap_or_default();
                    match KEY_USAGE_NAMES.iter().position(|n| *n == text) {
                        Some(i) => opts.key_usages.push(i as i64),
                        None => bail!("{name}: invalid entries for 'KeyUsages' option"),
                    }
                }
            }
            // govlint patch 75: an integer, as OPA reads it; no bound is applied (see
            // x509_names::check).
            ("MaxConstraintComparisons", Value::Number(n)) => {
                if n.as_i64().is_none() {
                    bail!("{name}: 'MaxConstraintComparisons' should be a valid number");
                }
            }
            ("DNSName", _) => bail!("{name}: 'DNSName' should be a string"),
            ("CurrentTime", _) => bail!("{name}: 'CurrentTime' should be a valid int64 number"),
            ("KeyUsages", _) => bail!("{name}: 'KeyUsages' should be an Array of Strings"),
            ("MaxConstraintComparisons", _) => {
                bail!("{name}: 'MaxConstraintComparisons' should be a number")
            }
            _ => bail!("{name}: invalid key option"),
        }
    }
    let Ok(certs) = certificates_arg(name, params, &args[0]) else {
        return Ok(Value::from(alloc::vec![
            Value::Bool(false),
            Value::new_array()
        ]));
    };
    Ok(verdict(certs, &opts, false))
}

// --- certificate requests and keys -----------------------------------------------------------

fn certificate_request(csr: &X509CertificationRequest) -> Result<Value> {
    let info = &csr.certification_request_info;
    let (key_alg, key) = public_key(&info.subject_pki);
    let sig_oid = csr.signature_algorithm.algorithm.to_id_string();
    let sig_alg = signature_algorithm(
        &sig_oid,
        pss_hash(csr.signature_algorithm.parameters.as_ref()).as_deref(),
    );
    let mut exts: Vec<x509_parser::extensions::X509Extension> = Vec::new();
    let mut attributes = Vec::new();
    for attr in info.iter_attributes() {
        if attr.oid.to_id_string() != "1.2.840.113549.1.9.14" {
            continue;
        }
        // The extension request: a SET of one SEQUENCE of extensions.
        let Ok(set) = pem_keys::tlv(attr.value) else {
            continue;
        };
        let body = if set.tag == 0x31 {
            pem_keys::tlv(set.body).map(|t| t.body).unwrap_or_default()
        } else {
            set.body
        };
        let mut rest = body;
        let mut pairs = Vec::new();
        while !rest.is_empty() {
            match x509_parser::extensions::X509Extension::from_der(rest) {
                Ok((r, e)) => {
                    pairs.push(obj(alloc::vec![
                        ("Type", oid_arcs(&e.oid)),
                        ("Value", b64(e.value)),
                    ]));
                    exts.push(e);
                    rest = r;
                }
                Err(_) => break,
            }
        }
        attributes.push(obj(alloc::vec![
            ("Type", oid_arcs(&attr.oid)),
            ("Value", Value::from(alloc::vec![Value::from(pairs)])),
        ]));
    }
    let mut general = general_names(&[]);
    for e in &exts {
        if let ParsedExtension::SubjectAlternativeName(san) = e.parsed_extension() {
            general = general_names(&san.general_names);
        }
    }
    // govlint patch 75: as for a certificate, Go refuses a URI SAN its url.Parse refuses.
    for u in &general.uri {
        x509_names::parse_uri(u).map_err(|e| anyhow!(e))?;
    }
    let list = |v: Vec<Value>| {
        if v.is_empty() {
            Value::Null
        } else {
            Value::from(v)
        }
    };
    Ok(obj(alloc::vec![
        ("Raw", b64(csr.as_raw())),
        ("RawTBSCertificateRequest", b64(info.raw)),
        ("RawSubjectPublicKeyInfo", b64(info.subject_pki.raw)),
        ("RawSubject", b64(info.subject.as_raw())),
        ("Version", int(i64::from(info.version.0))),
        ("Signature", b64(csr.signature_value.data.as_ref())),
        ("SignatureAlgorithm", int(sig_alg)),
        ("PublicKeyAlgorithm", int(key_alg)),
        ("PublicKey", key),
        ("Subject", name(&info.subject)),
        ("Attributes", list(attributes)),
        (
            "Extensions",
            if exts.is_empty() {
                Value::Null
            } else {
                extensions_value(&exts)
            }
        ),
        ("ExtraExtensions", Value::Null),
        ("DNSNames", strings_or_null(general.dns)),
        ("EmailAddresses", strings_or_null(general.email)),
        ("IPAddresses", ips_value(&general.ip)),
        ("URIs", uris_value(&general.uri)),
    ]))
}

fn parse_certificate_request(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.x509.parse_certificate_request";
    ensure_args_count(span, name, params, args, 1)?;
    let text = ensure_string(name, &params[0], &args[0])?;
    let der = if text.trim_start().starts_with("-----BEGIN") {
        let blocks = pem_keys::pem_blocks(&text);
        let first = blocks
            .into_iter()
            .next()
            .ok_or_else(|| anyhow!("{name}: invalid PEM-encoded certificate signing request"))?;
        if first.label != "CERTIFICATE REQUEST" {
            bail!("{name}: invalid PEM-encoded certificate signing request");
        }
        first.der
    } else {
        let bytes = pem_keys::base64_std(&text).map_err(|e| anyhow!("{name}: {e}"))?;
        match core::str::from_utf8(&bytes).ok().map(pem_keys::pem_blocks) {
            Some(blocks) if !blocks.is_empty() => {
                blocks.into_iter().next().map(|b| b.der).unwrap_or_default()
            }
            _ => bytes,
        }
    };
    let (_, csr) = X509CertificationRequest::from_der(&der)
        .map_err(|e| anyhow!("{name}: x509: malformed certificate request: {e}"))?;
    certificate_request(&csr).map_err(|e| anyhow!("{name}: {e}"))
}

fn key_blocks(text: &str) -> Result<Vec<pem_keys::PemBlock>> {
    if text.trim_start().starts_with("-----BEGIN") {
        return Ok(pem_keys::pem_blocks(text));
    }
    let bytes = pem_keys::base64_std(text)?;
    // Go's pem.Decode scans bytes: decoded text that is not UTF-8 (`"nope"`) simply holds no
    // block, which OPA answers with `[]`, not an error. PEM armour is ASCII, so a lossy
    // conversion finds exactly the blocks Go finds.
    let text = String::from_utf8_lossy(&bytes);
    Ok(pem_keys::pem_blocks(&text))
}

fn parse_rsa_private_key(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.x509.parse_rsa_private_key";
    ensure_args_count(span, name, params, args, 1)?;
    let text = ensure_string(name, &params[0], &args[0])?;
    let blocks = key_blocks(&text).map_err(|e| anyhow!("{name}: {e}"))?;
    // OPA answers null when the text holds no PEM block, or one that is no private key
    // (a certificate).
    let Some(block) = blocks.into_iter().next() else {
        return Ok(Value::Null);
    };
    if !block.label.contains("PRIVATE KEY") {
        return Ok(Value::Null);
    }
    let key = pem_keys::parse_private_key_der(&block.der).map_err(|e| anyhow!("{name}: {e}"))?;
    Ok(key.to_jwk())
}

fn parse_private_keys(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.parse_private_keys";
    ensure_args_count(span, name, params, args, 1)?;
    let text = ensure_string(name, &params[0], &args[0])?;
    if text.is_empty() {
        return Ok(Value::Null);
    }
    // OPA answers `[]` for text that is neither PEM nor base64 (`"nope!"`): no keys found.
    let Ok(blocks) = key_blocks(&text) else {
        return Ok(Value::from(Vec::<Value>::new()));
    };
    let mut keys = Vec::new();
    for b in blocks {
        if !b.label.contains("PRIVATE KEY") {
            continue;
        }
        let key = pem_keys::parse_private_key_der(&b.der).map_err(|e| anyhow!("{name}: {e}"))?;
        keys.push(key.to_go_json());
    }
    Ok(Value::from(keys))
}

fn keypair_matches(key: &PrivateKey, cert: &Value) -> bool {
    let Value::Object(o) = cert else { return false };
    let public = o.get(&s("PublicKey"));
    match (key, public) {
        (PrivateKey::Rsa { n, e, .. }, Some(p)) => {
            p == &obj(alloc::vec![("N", num(n.clone())), ("E", num(e.clone()))])
        }
        (PrivateKey::Ec { x, y, .. }, Some(p)) => {
            p == &obj(alloc::vec![
                ("Curve", Value::new_object()),
                ("X", num(BigInt::from_bytes_be(Sign::Plus, x))),
                ("Y", num(BigInt::from_bytes_be(Sign::Plus, y))),
            ])
        }
        (PrivateKey::Ed25519 { public, .. }, Some(p)) => p == &b64(public),
        _ => false,
    }
}

fn parse_keypair(
    span: &Span,
    params: &[Ref<Expr>],
    args: &[Value],
    _strict: bool,
) -> Result<Value> {
    let name = "crypto.x509.parse_keypair";
    ensure_args_count(span, name, params, args, 2)?;
    let cert_text = ensure_string(name, &params[0], &args[0])?;
    let key_text = ensure_string(name, &params[1], &args[1])?;
    let cert_blocks: Vec<Vec<u8>> = key_blocks(&cert_text)
        .map_err(|e| anyhow!("{name}: {e}"))?
        .into_iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| b.der)
        .collect();
    if cert_blocks.is_empty() {
        bail!("{name}: tls: failed to find any PEM data in certificate input");
    }
    let key_block = key_blocks(&key_text)
        .map_err(|e| anyhow!("{name}: {e}"))?
        .into_iter()
        .find(|b| b.label == "PRIVATE KEY" || b.label.ends_with(" PRIVATE KEY"))
        .ok_or_else(|| anyhow!("{name}: tls: failed to find any PEM data in key input"))?;
    let key =
        pem_keys::parse_private_key_der(&key_block.der).map_err(|e| anyhow!("{name}: {e}"))?;
    let certs = parse_der_certificates(&cert_blocks[..1]).map_err(|e| anyhow!("{name}: {e}"))?;
    // The leaf is Go's tls.Certificate.Leaf, a plain x509.Certificate: no OPA `URIStrings`.
    let leaf = certs
        .into_iter()
        .next()
        .map(|(v, _)| without_uri_strings(&v))
        .ok_or_else(|| anyhow!("{name}: tls: failed to find any PEM data in certificate input"))?;
    let alg = match &leaf {
        Value::Object(o) => o
            .get(&s("PublicKeyAlgorithm"))
            .and_then(|v| v.as_i64().ok())
            .unwrap_or(0),
        _ => 0,
    };
    let key_alg = match key {
        PrivateKey::Rsa { .. } => 1,
        PrivateKey::Ec { .. } => 3,
        PrivateKey::Ed25519 { .. } => 4,
    };
    if alg != key_alg {
        bail!("{name}: tls: private key type does not match public key type");
    }
    if !keypair_matches(&key, &leaf) {
        bail!("{name}: tls: private key does not match public key");
    }
    Ok(obj(alloc::vec![
        (
            "Certificate",
            Value::from(cert_blocks.iter().map(|d| b64(d)).collect::<Vec<_>>())
        ),
        ("PrivateKey", key.to_go_json()),
        ("SupportedSignatureAlgorithms", Value::Null),
        ("OCSPStaple", Value::Null),
        ("SignedCertificateTimestamps", Value::Null),
        ("Leaf", leaf),
    ]))
}
