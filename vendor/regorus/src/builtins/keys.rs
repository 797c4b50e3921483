// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 33: reading keys as OPA does for `io.jwt.*`, kept apart from the JWT code so
// that other builtins (`crypto.x509.*`) can share it: PEM blocks with Go's `pem.Decode`
// rules (`super::pem`), public keys from certificates and SubjectPublicKeyInfo (`x509-parser`), JWKs and
// JWK sets (RFC 7517/7518), and the signature checks and signing of RFC 7518 (`aws-lc-rs`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self as sig, KeyPair as _, RsaPublicKeyComponents};
use x509_parser::prelude::FromDer;

use super::pem::pem_decode;
use super::rsa_verify;

/// The elliptic curves of JWS (RFC 7518 §3.4).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    fn from_jwk(name: &str) -> Option<Curve> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            _ => None,
        }
    }

    fn from_oid(oid: &str) -> Option<Curve> {
        match oid {
            "1.2.840.10045.3.1.7" => Some(Curve::P256),
            "1.3.132.0.34" => Some(Curve::P384),
            "1.3.132.0.35" => Some(Curve::P521),
            _ => None,
        }
    }

    /// Bytes of a coordinate (and of `r` and `s` in a JWS signature).
    pub fn size(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// A key as OPA's JWT builtins use it.
#[derive(Clone, Debug)]
pub enum Key {
    /// RSA public key: modulus and exponent, big-endian.
    RsaPublic {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// RSA private key (a JWK with `d`): its components, big-endian.
    RsaPrivate {
        n: Vec<u8>,
        e: Vec<u8>,
        d: Vec<u8>,
        p: Vec<u8>,
        q: Vec<u8>,
        dp: Vec<u8>,
        dq: Vec<u8>,
        qi: Vec<u8>,
    },
    /// EC public key: its uncompressed point (`04 || x || y`).
    EcPublic {
        curve: Curve,
        point: Vec<u8>,
    },
    EcPrivate {
        curve: Curve,
        point: Vec<u8>,
        d: Vec<u8>,
    },
    Ed25519Public(Vec<u8>),
    Ed25519Private {
        public: Vec<u8>,
        seed: Vec<u8>,
    },
    /// A symmetric key (`kty: oct`) or a secret string.
    Oct(Vec<u8>),
    /// A key JWS cannot use (an X25519 or X448 JWK): it parses, and verifies nothing.
    Other,
}

/// A key of a JWK set with the `alg` and `kid` it names ("" when it names none).
#[derive(Clone, Debug)]
pub struct NamedKey {
    pub key: Key,
    pub alg: String,
    pub kid: String,
}

/// The public key of a DER SubjectPublicKeyInfo (or of the one inside a certificate).
pub fn spki_key(spki: &x509_parser::x509::SubjectPublicKeyInfo<'_>) -> Result<Key, String> {
    use x509_parser::public_key::PublicKey;
    let alg = spki.algorithm.algorithm.to_id_string();
    match spki.parsed().map_err(|e| e.to_string())? {
        PublicKey::RSA(rsa) => Ok(Key::RsaPublic {
            n: strip_zeros(rsa.modulus),
            e: strip_zeros(rsa.exponent),
        }),
        PublicKey::EC(point) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .and_then(|oid| Curve::from_oid(&oid.to_id_string()))
                .ok_or_else(|| String::from("unsupported elliptic curve"))?;
            Ok(Key::EcPublic {
                curve,
                point: point.data().to_vec(),
            })
        }
        PublicKey::Unknown(raw) if alg == "1.3.101.112" => Ok(Key::Ed25519Public(raw.to_vec())),
        _ => Err(String::from("unsupported public key type")),
    }
}

pub fn certificate_key(der: &[u8]) -> Result<Key, String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).map_err(|e| e.to_string())?;
    spki_key(cert.public_key())
}

pub fn public_key_der(der: &[u8]) -> Result<Key, String> {
    let (_, spki) =
        x509_parser::x509::SubjectPublicKeyInfo::from_der(der).map_err(|e| e.to_string())?;
    spki_key(&spki)
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b[first..].to_vec()
}

fn b64url_field(
    obj: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Vec<u8>, String> {
    let text = obj
        .get(name)
        .and_then(|v| v.as_str())
        .ok_or_else(|| format!("required field {name} is missing"))?;
    let trimmed = text.trim_end_matches('=');
    data_encoding::BASE64URL_NOPAD
        .decode(trimmed.as_bytes())
        .map_err(|e| format!("failed to decode {name}: {e}"))
}

fn optional_field(
    obj: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    if obj.contains_key(name) {
        b64url_field(obj, name).map(Some)
    } else {
        Ok(None)
    }
}

/// One JWK (RFC 7517 §4, key types of RFC 7518 §6 and RFC 8037).
fn jwk_key(obj: &serde_json::Map<String, serde_json::Value>) -> Result<NamedKey, String> {
    let kty = obj
        .get("kty")
        .and_then(|v| v.as_str())
        .ok_or_else(|| String::from("invalid key: required field kty is missing"))?;
    let text = |name: &str| {
        obj.get(name)
            .and_then(|v| v.as_str())
            .map(String::from)
            .unwrap_or_default()
    };
    let key = match kty {
        "RSA" => {
            let n = strip_zeros(&b64url_field(obj, "n")?);
            let e = strip_zeros(&b64url_field(obj, "e")?);
            match optional_field(obj, "d")? {
                None => Key::RsaPublic { n, e },
                Some(d) => {
                    let p = b64url_field(obj, "p")?;
                    let q = b64url_field(obj, "q")?;
                    let dp = b64url_field(obj, "dp")?;
                    let dq = b64url_field(obj, "dq")?;
                    let qi = b64url_field(obj, "qi")?;
                    Key::RsaPrivate {
                        n,
                        e,
                        d,
                        p,
                        q,
                        dp,
                        dq,
                        qi,
                    }
                }
            }
        }
        "EC" => {
            let curve = Curve::from_jwk(&text("crv"))
                .ok_or_else(|| format!("invalid curve algorithm {}", text("crv")))?;
            let x = b64url_field(obj, "x")?;
            let y = b64url_field(obj, "y")?;
            if x.len() > curve.size() || y.len() > curve.size() {
                return Err(String::from("invalid EC key: coordinate too long"));
            }
            let mut point = Vec::with_capacity(1 + 2 * curve.size());
            point.push(4);
            point.resize(1 + curve.size() - x.len(), 0);
            point.extend_from_slice(&x);
            point.resize(1 + 2 * curve.size() - y.len(), 0);
            point.extend_from_slice(&y);
            // As the JWK parser OPA uses, a point that is not on the curve is refused.
            let algorithm = match curve {
                Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
                Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
                Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED,
            };
            if sig::UnparsedPublicKey::new(algorithm, &point)
                .parse()
                .is_err()
            {
                return Err(String::from("key validation failed: invalid EC key"));
            }
            match optional_field(obj, "d")? {
                None => Key::EcPublic { curve, point },
                Some(d) => {
                    let mut padded = Vec::with_capacity(curve.size());
                    padded.resize(curve.size().saturating_sub(d.len()), 0);
                    padded.extend_from_slice(&d);
                    Key::EcPrivate {
                        curve,
                        point,
                        d: padded,
                    }
                }
            }
        }
        "OKP" => {
            match text("crv").as_str() {
                "Ed25519" => {}
                "X25519" | "X448" | "Ed448" => {
                    b64url_field(obj, "x")?;
                    return Ok(NamedKey {
                        key: Key::Other,
                        alg: text("alg"),
                        kid: text("kid"),
                    });
                }
                other => return Err(format!("unsupported curve {other}")),
            }
            let public = b64url_field(obj, "x")?;
            match optional_field(obj, "d")? {
                None => Key::Ed25519Public(public),
                Some(seed) => Key::Ed25519Private { public, seed },
            }
        }
        "oct" => {
            let k = b64url_field(obj, "k")?;
            if k.is_empty() {
                return Err(String::from("jwk.SymmetricKey: missing \"k\" field"));
            }
            Key::Oct(k)
        }
        other => return Err(format!("invalid key type from JSON ({other})")),
    };
    let alg = text("alg");
    if !alg.is_empty() && !JWA_ALGORITHMS.contains(&alg.as_str()) {
        return Err(format!("invalid alg {alg}"));
    }
    Ok(NamedKey {
        key,
        alg,
        kid: text("kid"),
    })
}

/// A JWK or a JWK set (`{"keys": [...]}`), as text.
pub fn parse_jwks(text: &str) -> Result<Vec<NamedKey>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("failed to unmarshal data: {e}"))?;
    let obj = value
        .as_object()
        .ok_or_else(|| String::from("invalid JWK: not a JSON object"))?;
    match obj.get("keys") {
        Some(keys) => {
            let keys = keys
                .as_array()
                .ok_or_else(|| String::from("invalid JWK set: keys is not an array"))?;
            keys.iter()
                .map(|k| {
                    k.as_object()
                        .ok_or_else(|| String::from("invalid JWK: not a JSON object"))
                        .and_then(jwk_key)
                })
                .collect()
        }
        None => Ok(alloc::vec![jwk_key(obj)?]),
    }
}

/// The key(s) in a string that is a PEM certificate, a PEM public key, a JWK or a JWK set,
/// with OPA's errors.
pub fn keys_from_cert_or_jwk(text: &str) -> Result<Vec<NamedKey>, String> {
    if let Some(block) = pem_decode(text) {
        if !block.rest.is_empty() {
            return Err(String::from("extra data after a PEM certificate block"));
        }
        let key = match block.label {
            "CERTIFICATE" => certificate_key(&block.der)
                .map_err(|e| format!("failed to parse a PEM certificate: {e}"))?,
            "PUBLIC KEY" => public_key_der(&block.der)
                .map_err(|e| format!("failed to parse a PEM public key: {e}"))?,
            _ => {
                return Err(String::from(
                    "failed to extract a Key from the PEM certificate",
                ))
            }
        };
        return Ok(alloc::vec![NamedKey {
            key,
            alg: String::new(),
            kid: String::new(),
        }]);
    }
    parse_jwks(text).map_err(|e| format!("failed to parse a JWK key (set): {e}"))
}

/// The `alg` values a JWK may carry (RFC 7518 §3.1 and §4.1, RFC 8037): the JWK parser OPA
/// uses refuses a key with any other; keys with one OPA cannot sign with are skipped later.
const JWA_ALGORITHMS: [&str; 36] = [
    "HS256",
    "HS384",
    "HS512",
    "RS256",
    "RS384",
    "RS512",
    "ES256",
    "ES384",
    "ES512",
    "PS256",
    "PS384",
    "PS512",
    "none",
    "EdDSA",
    "ES256K",
    "RSA1_5",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "RSA-OAEP-384",
    "RSA-OAEP-512",
    "A128KW",
    "A192KW",
    "A256KW",
    "dir",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
    "PBES2-HS256+A128KW",
    "PBES2-HS384+A192KW",
    "PBES2-HS512+A256KW",
    "Ed25519",
    "Ed448",
];

/// The JWS algorithms OPA knows.
pub const ALGORITHMS: [&str; 13] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256",
    "HS384", "HS512", "EdDSA",
];

fn rsa_params(alg: &str, bits: u64) -> Option<&'static sig::RsaParameters> {
    // aws-lc-rs verifies PKCS#1 v1.5 with SHA-384 and PSS only for keys of 2048 bits or more
    // (Go from 1024), and no key over 8192 bits; govlint patch 114: `rsa_verify` takes those.
    if bits > 8192 {
        return None;
    }
    Some(match (alg, bits >= 2048) {
        ("RS256", true) => &sig::RSA_PKCS1_2048_8192_SHA256,
        ("RS256", false) => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        ("RS384", true) => &sig::RSA_PKCS1_2048_8192_SHA384,
        ("RS512", true) => &sig::RSA_PKCS1_2048_8192_SHA512,
        ("RS512", false) => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
        ("PS256", true) => &sig::RSA_PSS_2048_8192_SHA256,
        ("PS384", true) => &sig::RSA_PSS_2048_8192_SHA384,
        ("PS512", true) => &sig::RSA_PSS_2048_8192_SHA512,
        _ => return None,
    })
}

// govlint patch 114: Go's RSA verification where aws-lc-rs has no algorithm for the key or
// the salt. `any_salt`: a PSS salt of any length (OPA's `io.jwt.verify_ps*` pass Go no salt
// length, so Go detects it), else as long as the hash (`io.jwt.decode_verify`).
fn verify_rsa(n: &[u8], e: &[u8], alg: &str, any_salt: bool, message: &[u8], sig: &[u8]) -> bool {
    let hash = match &alg[2..] {
        "256" => rsa_verify::Hash::Sha256,
        "384" => rsa_verify::Hash::Sha384,
        _ => rsa_verify::Hash::Sha512,
    };
    let pss = alg.starts_with("PS");
    match rsa_params(alg, rsa_verify::bits(n)) {
        Some(params) if !(pss && any_salt) => RsaPublicKeyComponents { n, e }
            .verify(params, message, sig)
            .is_ok(),
        _ => {
            let padding = if pss {
                rsa_verify::Padding::Pss { any_salt }
            } else {
                rsa_verify::Padding::Pkcs1
            };
            rsa_verify::verify(n, e, hash, padding, message, sig)
        }
    }
}

// govlint patch 76: Go verifies ES256, ES384 and ES512 with a key of any of the three curves
// (an ES256 token signed with a P-384 key); aws-lc-rs has every pairing in ASN.1 form only.
fn ecdsa_params(alg: &str, curve: Curve) -> Option<&'static sig::EcdsaVerificationAlgorithm> {
    Some(match (alg, curve) {
        ("ES256", Curve::P256) => &sig::ECDSA_P256_SHA256_ASN1,
        ("ES384", Curve::P256) => &sig::ECDSA_P256_SHA384_ASN1,
        ("ES512", Curve::P256) => &sig::ECDSA_P256_SHA512_ASN1,
        ("ES256", Curve::P384) => &sig::ECDSA_P384_SHA256_ASN1,
        ("ES384", Curve::P384) => &sig::ECDSA_P384_SHA384_ASN1,
        ("ES512", Curve::P384) => &sig::ECDSA_P384_SHA512_ASN1,
        ("ES256", Curve::P521) => &sig::ECDSA_P521_SHA256_ASN1,
        ("ES384", Curve::P521) => &sig::ECDSA_P521_SHA384_ASN1,
        ("ES512", Curve::P521) => &sig::ECDSA_P521_SHA512_ASN1,
        _ => return None,
    })
}

/// Go's ECDSA check reads `r` and `s` as the two halves of the signature whatever its length;
/// as DER INTEGERs in a SEQUENCE (govlint patch 76: the form aws-lc-rs checks for every
/// curve and hash) they are the signature aws-lc-rs verifies. `None` when a half is wider
/// than the curve (it cannot verify).
fn ecdsa_der(signature: &[u8], curve: Curve) -> Option<Vec<u8>> {
    let half = signature.len() / 2;
    let mut body = Vec::new();
    for part in [&signature[..half], &signature[half..]] {
        let mut int = strip_zeros(part);
        if int.len() > curve.size() {
            return None;
        }
        if int.first().is_none_or(|b| b & 0x80 != 0) {
            int.insert(0, 0);
        }
        // At most 67 bytes (P-521): a one-byte length.
        body.push(0x02);
        body.push(u8::try_from(int.len()).ok()?);
        body.extend_from_slice(&int);
    }
    let mut out = alloc::vec![0x30];
    let len = u8::try_from(body.len()).ok()?;
    if len >= 0x80 {
        out.push(0x81);
    }
    out.push(len);
    out.extend_from_slice(&body);
    Some(out)
}

impl Key {
    /// The public half of a private key (itself for a public or symmetric key).
    pub fn public(&self) -> Key {
        match self {
            Key::RsaPrivate { n, e, .. } => Key::RsaPublic {
                n: n.clone(),
                e: e.clone(),
            },
            Key::EcPrivate { curve, point, .. } => Key::EcPublic {
                curve: *curve,
                point: point.clone(),
            },
            Key::Ed25519Private { public, .. } => Key::Ed25519Public(public.clone()),
            other => other.clone(),
        }
    }
}

/// As `verify`, and an ECDSA signature must be exactly twice the key's coordinate size:
/// govlint patch 76: OPA's `io.jwt.decode_verify` (its JWS library) refuses a signature
/// whose halves carry extra leading zeros, which its `io.jwt.verify_es*` accept.
pub fn verify_exact(key: &Key, alg: &str, message: &[u8], signature: &[u8]) -> bool {
    if let Key::EcPublic { curve, .. } = key {
        if signature.len() != 2 * curve.size() {
            return false;
        }
    }
    verify_key(key, alg, false, message, signature)
}

/// Whether `signature` is `key`'s signature of `message` under JWS algorithm `alg`; a key of
/// the wrong type for `alg` verifies nothing.
pub fn verify(key: &Key, alg: &str, message: &[u8], signature: &[u8]) -> bool {
    verify_key(key, alg, true, message, signature)
}

fn verify_key(key: &Key, alg: &str, any_salt: bool, message: &[u8], signature: &[u8]) -> bool {
    match (key, alg) {
        (Key::RsaPublic { n, e }, "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512") => {
            verify_rsa(n, e, alg, any_salt, message, signature)
        }
        (Key::EcPublic { curve, point }, "ES256" | "ES384" | "ES512") => {
            let (Some(params), Some(fixed)) =
                (ecdsa_params(alg, *curve), ecdsa_der(signature, *curve))
            else {
                return false;
            };
            sig::UnparsedPublicKey::new(params, point)
                .verify(message, &fixed)
                .is_ok()
        }
        (Key::Ed25519Public(public), "EdDSA") => {
            public.len() == 32
                && sig::UnparsedPublicKey::new(&sig::ED25519, public)
                    .verify(message, signature)
                    .is_ok()
        }
        (Key::Oct(secret), "HS256" | "HS384" | "HS512") => {
            let expected = hmac_sign(secret, alg, message);
            // Constant time, as Go's `hmac.Equal`.
            expected.len() == signature.len()
                && expected
                    .iter()
                    .zip(signature)
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        }
        _ => false,
    }
}

pub fn hmac_sign(secret: &[u8], alg: &str, message: &[u8]) -> Vec<u8> {
    let algorithm = match alg {
        "HS384" => hmac::HMAC_SHA384,
        "HS512" => hmac::HMAC_SHA512,
        _ => hmac::HMAC_SHA256,
    };
    hmac::sign(&hmac::Key::new(algorithm, secret), message)
        .as_ref()
        .to_vec()
}

/// DER of a positive INTEGER.
fn der_integer(bytes: &[u8], out: &mut Vec<u8>) {
    let mut body = strip_zeros(bytes);
    if body.first().is_none_or(|&b| b & 0x80 != 0) {
        body.insert(0, 0);
    }
    out.push(0x02);
    der_length(body.len(), out);
    out.extend_from_slice(&body);
}

fn der_length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// A PKCS#1 `RSAPrivateKey` from a JWK's components (aws-lc-rs reads keys only as DER).
fn rsa_private_der(parts: [&[u8]; 8]) -> Vec<u8> {
    let mut body = Vec::new();
    der_integer(&[0], &mut body);
    for part in parts {
        der_integer(part, &mut body);
    }
    let mut out = alloc::vec![0x30];
    der_length(body.len(), &mut out);
    out.extend_from_slice(&body);
    out
}

/// The JWS signature of `message` with `key` under `alg`, or why it cannot be made.
pub fn sign(key: &Key, alg: &str, message: &[u8]) -> Result<Vec<u8>, String> {
    let rng = SystemRandom::new();
    let mismatch = || format!("failed to sign payload: key type does not match algorithm {alg}");
    match (key, alg) {
        (Key::Oct(secret), "HS256" | "HS384" | "HS512") => Ok(hmac_sign(secret, alg, message)),
        (
            Key::RsaPrivate {
                n,
                e,
                d,
                p,
                q,
                dp,
                dq,
                qi,
            },
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512",
        ) => {
            let der = rsa_private_der([n, e, d, p, q, dp, dq, qi]);
            let pair = sig::RsaKeyPair::from_der(&der)
                .map_err(|e| format!("failed to sign payload: invalid RSA key: {e}"))?;
            let encoding: &'static dyn sig::RsaEncoding = match alg {
                "RS256" => &sig::RSA_PKCS1_SHA256,
                "RS384" => &sig::RSA_PKCS1_SHA384,
                "RS512" => &sig::RSA_PKCS1_SHA512,
                "PS256" => &sig::RSA_PSS_SHA256,
                "PS384" => &sig::RSA_PSS_SHA384,
                _ => &sig::RSA_PSS_SHA512,
            };
            let mut out = alloc::vec![0; pair.public_modulus_len()];
            pair.sign(encoding, &rng, message, &mut out)
                .map_err(|_| String::from("failed to sign payload: RSA signing failed"))?;
            Ok(out)
        }
        (Key::EcPrivate { curve, point, d }, "ES256" | "ES384" | "ES512") => {
            let algorithm = match (alg, curve) {
                ("ES256", Curve::P256) => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
                ("ES384", Curve::P384) => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
                ("ES512", Curve::P521) => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
                ("ES256", Curve::P521) => &sig::ECDSA_P521_SHA256_FIXED_SIGNING,
                ("ES384", Curve::P521) => &sig::ECDSA_P521_SHA384_FIXED_SIGNING,
                // OPA signs ES256 with a P-384 key too (and the like); aws-lc-rs has no such
                // pairing.
                _ => return Err(mismatch()),
            };
            let pair = sig::EcdsaKeyPair::from_private_key_and_public_key(algorithm, d, point)
                .map_err(|e| format!("failed to sign payload: invalid EC key: {e}"))?;
            pair.sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| String::from("failed to sign payload: ECDSA signing failed"))
        }
        (Key::Ed25519Private { public, seed }, "EdDSA") => {
            let pair = sig::Ed25519KeyPair::from_seed_and_public_key(seed, public)
                .map_err(|e| format!("failed to sign payload: invalid Ed25519 key: {e}"))?;
            debug_assert_eq!(pair.public_key().as_ref(), public.as_slice());
            Ok(pair.sign(message).as_ref().to_vec())
        }
        _ => Err(mismatch()),
    }
}
