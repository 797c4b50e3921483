// govlint patch 35: PEM and key loading for the crypto.x509.* and crypto.parse_private_keys
// builtins, kept apart from the certificate code (and from io.jwt.*) so each can use it.
// Values are shaped as OPA returns them: Go's crypto structs marshalled by encoding/json
// (big integers as JSON numbers, byte slices as standard base64), or a JWK for
// crypto.x509.parse_rsa_private_key.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use anyhow::{anyhow, bail, Result};
use data_encoding::{BASE64, BASE64URL_NOPAD};
use num_bigint::{BigInt, Sign};

use crate::number::Number;
use crate::value::Value;

/// One PEM block: its label and its decoded bytes.
pub struct PemBlock {
    pub label: String,
    pub der: Vec<u8>,
}

/// The PEM blocks of `text`, in order (Go's `pem.Decode` in a loop: text between blocks and
/// blocks whose base64 is broken are skipped).
pub fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(block) = super::pem::pem_decode(rest) {
        blocks.push(PemBlock {
            label: block.label.to_string(),
            der: block.der,
        });
        rest = block.rest;
    }
    blocks
}

/// Go's `base64.StdEncoding.DecodeString` error text for OPA's messages.
pub fn base64_std(text: &str) -> Result<Vec<u8>> {
    BASE64.decode(text.as_bytes()).map_err(|e| {
        anyhow!(
            "illegal base64 data at input byte {}",
            e.position.min(text.len())
        )
    })
}

/// The input of the x509 builtins: PEM text, or base64 of PEM or of DER. Returns the DER
/// blocks (PEM) or the single DER buffer.
pub fn pem_or_base64_der(text: &str) -> Result<Vec<Vec<u8>>> {
    if text.trim_start().starts_with("-----BEGIN") {
        return Ok(pem_blocks(text).into_iter().map(|b| b.der).collect());
    }
    let bytes = base64_std(text)?;
    if bytes.starts_with(b"-----BEGIN") {
        let text = core::str::from_utf8(&bytes).map_err(|e| anyhow!("{e}"))?;
        return Ok(pem_blocks(text).into_iter().map(|b| b.der).collect());
    }
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(alloc::vec![bytes])
}

// --- a minimal DER reader: private keys are small fixed structures ---------------------------

/// One DER element: tag byte, contents, and the bytes after it.
pub struct Tlv<'a> {
    pub tag: u8,
    pub body: &'a [u8],
    pub rest: &'a [u8],
}

pub fn tlv(input: &[u8]) -> Result<Tlv<'_>> {
    let (&tag, rest) = input
        .split_first()
        .ok_or_else(|| anyhow!("asn1: truncated"))?;
    let (&first, mut rest) = rest
        .split_first()
        .ok_or_else(|| anyhow!("asn1: truncated"))?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            bail!("asn1: bad length");
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | usize::from(b);
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        bail!("asn1: truncated");
    }
    Ok(Tlv {
        tag,
        body: &rest[..len],
        rest: &rest[len..],
    })
}

/// The elements of a SEQUENCE body.
pub fn elements(mut body: &[u8]) -> Result<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    while !body.is_empty() {
        let t = tlv(body)?;
        body = t.rest;
        out.push(t);
    }
    Ok(out)
}

fn seq(der: &[u8]) -> Result<Vec<Tlv<'_>>> {
    let t = tlv(der)?;
    if t.tag != 0x30 {
        bail!("asn1: structure error: not a sequence");
    }
    elements(t.body)
}

pub fn big(bytes: &[u8]) -> BigInt {
    BigInt::from_signed_bytes_be(bytes)
}

pub fn num(n: BigInt) -> Value {
    Value::from(Number::from(n))
}

pub fn obj(entries: Vec<(&str, Value)>) -> Value {
    let mut m = BTreeMap::new();
    for (k, v) in entries {
        m.insert(Value::String(k.into()), v);
    }
    Value::from(m)
}

pub fn b64(bytes: &[u8]) -> Value {
    Value::String(BASE64.encode(bytes).into())
}

fn b64url_uint(n: &BigInt) -> Value {
    let (_, bytes) = n.to_bytes_be();
    Value::String(BASE64URL_NOPAD.encode(&bytes).into())
}

/// A private key, decoded.
pub enum PrivateKey {
    Rsa {
        n: BigInt,
        e: BigInt,
        d: BigInt,
        p: BigInt,
        q: BigInt,
        dp: BigInt,
        dq: BigInt,
        qi: BigInt,
    },
    Ec {
        curve: &'static str,
        d: Vec<u8>,
        x: Vec<u8>,
        y: Vec<u8>,
    },
    /// Seed and public key (Go's 64-byte `ed25519.PrivateKey`).
    Ed25519 { seed: Vec<u8>, public: Vec<u8> },
}

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];

fn curve_of(oid: &[u8]) -> Result<(&'static str, usize)> {
    match oid {
        OID_P256 => Ok(("P-256", 32)),
        OID_P384 => Ok(("P-384", 48)),
        OID_P521 => Ok(("P-521", 66)),
        _ => bail!("x509: unsupported elliptic curve"),
    }
}

fn pkcs1(der: &[u8]) -> Result<PrivateKey> {
    let e = seq(der)?;
    if e.len() < 9 || e.iter().take(9).any(|t| t.tag != 0x02) {
        bail!("x509: failed to parse private key");
    }
    Ok(PrivateKey::Rsa {
        n: big(e[1].body),
        e: big(e[2].body),
        d: big(e[3].body),
        p: big(e[4].body),
        q: big(e[5].body),
        dp: big(e[6].body),
        dq: big(e[7].body),
        qi: big(e[8].body),
    })
}

fn sec1(der: &[u8], curve_oid: Option<&[u8]>) -> Result<PrivateKey> {
    let e = seq(der)?;
    let d = e
        .get(1)
        .filter(|t| t.tag == 0x04)
        .ok_or_else(|| anyhow!("x509: failed to parse EC private key"))?
        .body;
    let mut oid = curve_oid.map(|o| o.to_vec());
    let mut point: Option<&[u8]> = None;
    for t in e.iter().skip(2) {
        match t.tag {
            0xa0 => oid = Some(tlv(t.body)?.body.to_vec()),
            0xa1 => {
                let bits = tlv(t.body)?.body;
                point = bits.get(1..);
            }
            _ => {}
        }
    }
    let oid = oid.ok_or_else(|| anyhow!("x509: failed to parse EC private key"))?;
    let (curve, size) = curve_of(&oid)?;
    let (x, y) = match point {
        Some(p) if p.len() == 1 + 2 * size && p[0] == 4 => {
            (p[1..1 + size].to_vec(), p[1 + size..].to_vec())
        }
        _ => public_point(curve, d)?,
    };
    Ok(PrivateKey::Ec {
        curve,
        d: d.to_vec(),
        x,
        y,
    })
}

/// The public point of an EC private key without one stored alongside.
fn public_point(curve: &'static str, d: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    use aws_lc_rs::signature::{
        EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P384_SHA384_ASN1_SIGNING,
        ECDSA_P521_SHA512_ASN1_SIGNING,
    };
    let alg = match curve {
        "P-256" => &ECDSA_P256_SHA256_ASN1_SIGNING,
        "P-384" => &ECDSA_P384_SHA384_ASN1_SIGNING,
        _ => &ECDSA_P521_SHA512_ASN1_SIGNING,
    };
    let pair = EcdsaKeyPair::from_private_key_der(alg, d)
        .map_err(|_| anyhow!("x509: invalid elliptic curve private key value"))?;
    let p = pair.public_key().as_ref();
    let size = (p.len() - 1) / 2;
    Ok((p[1..1 + size].to_vec(), p[1 + size..].to_vec()))
}

fn pkcs8(der: &[u8]) -> Result<PrivateKey> {
    let e = seq(der)?;
    let alg = e
        .get(1)
        .ok_or_else(|| anyhow!("x509: failed to parse private key"))?;
    let key = e
        .get(2)
        .filter(|t| t.tag == 0x04)
        .ok_or_else(|| anyhow!("x509: failed to parse private key"))?
        .body;
    let alg = elements(alg.body)?;
    let oid = alg.first().map(|t| t.body).unwrap_or_default();
    match oid {
        OID_RSA => pkcs1(key),
        OID_EC => {
            let curve = alg.get(1).map(|t| t.body);
            sec1(key, curve)
        }
        OID_ED25519 => {
            let seed = tlv(key)?.body;
            if seed.len() != 32 {
                bail!("x509: invalid Ed25519 private key length");
            }
            let pair = aws_lc_rs::signature::Ed25519KeyPair::from_seed_unchecked(seed)
                .map_err(|_| anyhow!("x509: invalid Ed25519 private key"))?;
            use aws_lc_rs::signature::KeyPair;
            Ok(PrivateKey::Ed25519 {
                seed: seed.to_vec(),
                public: pair.public_key().as_ref().to_vec(),
            })
        }
        _ => bail!("x509: PKCS#8 wrapping contained private key with unknown algorithm"),
    }
}

/// A private key in DER, trying PKCS#1, PKCS#8 and SEC 1 as Go's `tls` and OPA do.
pub fn parse_private_key_der(der: &[u8]) -> Result<PrivateKey> {
    pkcs1(der)
        .or_else(|_| pkcs8(der))
        .or_else(|_| sec1(der, None))
        .map_err(|_| anyhow!("tls: failed to parse private key"))
}

impl PrivateKey {
    /// Go's `encoding/json` of the `*rsa.PrivateKey`, `*ecdsa.PrivateKey` or
    /// `ed25519.PrivateKey`.
    pub fn to_go_json(&self) -> Value {
        match self {
            PrivateKey::Rsa {
                n,
                e,
                d,
                p,
                q,
                dp,
                dq,
                qi,
            } => obj(alloc::vec![
                ("N", num(n.clone())),
                ("E", num(e.clone())),
                ("D", num(d.clone())),
                (
                    "Primes",
                    Value::from(alloc::vec![num(p.clone()), num(q.clone())])
                ),
                (
                    "Precomputed",
                    obj(alloc::vec![
                        ("Dp", num(dp.clone())),
                        ("Dq", num(dq.clone())),
                        ("Qinv", num(qi.clone())),
                        ("CRTValues", Value::new_array()),
                    ])
                ),
            ]),
            PrivateKey::Ec { d, x, y, .. } => obj(alloc::vec![
                ("Curve", Value::new_object()),
                ("X", num(BigInt::from_bytes_be(Sign::Plus, x))),
                ("Y", num(BigInt::from_bytes_be(Sign::Plus, y))),
                ("D", num(BigInt::from_bytes_be(Sign::Plus, d))),
            ]),
            PrivateKey::Ed25519 { seed, public } => {
                let mut all = seed.clone();
                all.extend_from_slice(public);
                b64(&all)
            }
        }
    }

    /// The key as a JWK (OPA's crypto.x509.parse_rsa_private_key, which takes any key type).
    pub fn to_jwk(&self) -> Value {
        let s = |v: &str| Value::String(v.into());
        let u = |b: &[u8]| Value::String(BASE64URL_NOPAD.encode(b).into());
        match self {
            PrivateKey::Rsa {
                n,
                e,
                d,
                p,
                q,
                dp,
                dq,
                qi,
            } => obj(alloc::vec![
                ("kty", s("RSA")),
                ("n", b64url_uint(n)),
                ("e", b64url_uint(e)),
                ("d", b64url_uint(d)),
                ("p", b64url_uint(p)),
                ("q", b64url_uint(q)),
                ("dp", b64url_uint(dp)),
                ("dq", b64url_uint(dq)),
                ("qi", b64url_uint(qi)),
            ]),
            PrivateKey::Ec { curve, d, x, y } => obj(alloc::vec![
                ("kty", s("EC")),
                ("crv", s(curve)),
                ("d", u(d)),
                ("x", u(x)),
                ("y", u(y)),
            ]),
            PrivateKey::Ed25519 { seed, public } => obj(alloc::vec![
                ("kty", s("OKP")),
                ("crv", s("Ed25519")),
                ("d", u(seed)),
                ("x", u(public)),
            ]),
        }
    }
}
