// govlint patch 114: RSA signatures as Go's crypto/rsa verifies them, for what aws-lc-rs does
// not verify: keys of 1024 to 2047 bits with SHA-384 or PSS, keys over 8192 bits, and PSS
// signatures whose salt is not as long as the hash (`io.jwt.verify_ps*`, which let Go detect
// the salt's length). Only public values enter the computation (key, signature, message),
// so a plain big-integer power leaks nothing through its timing.

use alloc::vec::Vec;

use aws_lc_rs::digest;
use num_bigint::BigUint;

/// Go verifies a key of any size from 1024 bits. Past 16384 bits (OpenSSL's limit for
/// public-key operations, and where Go's FIPS accounting stops approving keys) the key is
/// refused here, so a hostile certificate or JWK cannot make one verification cost more than
/// about 64 products of 16384-bit numbers.
pub const MAX_BITS: u64 = 16384;
const MIN_BITS: u64 = 1024;

#[derive(Clone, Copy)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn algorithm(self) -> &'static digest::Algorithm {
        match self {
            Hash::Sha256 => &digest::SHA256,
            Hash::Sha384 => &digest::SHA384,
            Hash::Sha512 => &digest::SHA512,
        }
    }

    /// DER of the DigestInfo before the hash (its AlgorithmIdentifier with NULL parameters).
    fn digest_info(self) -> &'static [u8] {
        match self {
            Hash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Hash::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Hash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }
}

#[derive(Clone, Copy)]
pub enum Padding {
    /// RSASSA-PKCS1-v1_5.
    Pkcs1,
    /// RSASSA-PSS with MGF1 over the same hash; the salt as long as the hash (Go's
    /// `PSSSaltLengthEqualsHash`, certificates and `io.jwt.decode_verify`) or of any length
    /// (`PSSSaltLengthAuto`, `io.jwt.verify_ps*`).
    Pss { any_salt: bool },
}

/// The bit length of a big-endian unsigned integer.
pub fn bits(be: &[u8]) -> u64 {
    match be.iter().position(|b| *b != 0) {
        Some(i) => {
            let bytes = u64::try_from(be.len() - i).unwrap_or(u64::MAX);
            bytes.saturating_mul(8) - u64::from(be[i].leading_zeros())
        }
        None => 0,
    }
}

/// Whether `signature` is the signature of `message` by the RSA key (`n`, `e`), as Go's
/// `rsa.VerifyPKCS1v15` / `rsa.VerifyPSS` decide.
pub fn verify(
    n: &[u8],
    e: &[u8],
    hash: Hash,
    padding: Padding,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let bits = bits(n);
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return false;
    }
    let n = BigUint::from_bytes_be(n);
    // Go's checkPublicKey: an odd modulus; an odd exponent from 3 to 2^31 - 1.
    let e = BigUint::from_bytes_be(e);
    if !n.bit(0) || !e.bit(0) || e < BigUint::from(3u32) || e > BigUint::from(0x7fff_ffffu32) {
        return false;
    }
    let Ok(k) = usize::try_from(bits.div_ceil(8)) else {
        return false;
    };
    if signature.len() != k {
        return false;
    }
    let s = BigUint::from_bytes_be(signature);
    if s >= n {
        return false;
    }
    let m = s.modpow(&e, &n).to_bytes_be();
    let mut em = alloc::vec![0u8; k - m.len()];
    em.extend_from_slice(&m);
    let hashed = digest::digest(hash.algorithm(), message);
    match padding {
        Padding::Pkcs1 => pkcs1_encoding(k, hash, hashed.as_ref()).is_some_and(|want| want == em),
        Padding::Pss { any_salt } => pss_matches(&em, bits - 1, hash, hashed.as_ref(), any_salt),
    }
}

// EMSA-PKCS1-v1_5 (RFC 8017 9.2): 00 01 FF.. 00 DigestInfo; `None` when the key is too small.
fn pkcs1_encoding(k: usize, hash: Hash, hashed: &[u8]) -> Option<Vec<u8>> {
    let info = hash.digest_info();
    let t = info.len() + hashed.len();
    let padding = k.checked_sub(t + 3).filter(|p| *p >= 8)?;
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0, 1]);
    em.resize(2 + padding, 0xff);
    em.push(0);
    em.extend_from_slice(info);
    em.extend_from_slice(hashed);
    Some(em)
}

// EMSA-PSS-VERIFY (RFC 8017 9.1.2) as Go's emsaPSSVerify, after Go drops the leading zero
// bytes of a modulus whose bit length is 1 more than a multiple of 8.
fn pss_matches(em: &[u8], em_bits: u64, hash: Hash, hashed: &[u8], any_salt: bool) -> bool {
    let Ok(em_len) = usize::try_from(em_bits.div_ceil(8)) else {
        return false;
    };
    let Some(extra) = em.len().checked_sub(em_len) else {
        return false;
    };
    if em[..extra].iter().any(|b| *b != 0) {
        return false;
    }
    let em = &em[extra..];
    let h_len = hashed.len();
    let min_len = if any_salt { h_len + 2 } else { 2 * h_len + 2 };
    if em_len < min_len || em[em_len - 1] != 0xbc {
        return false;
    }
    let (masked_db, h) = em[..em_len - 1].split_at(em_len - h_len - 1);
    let unused = 8 * em_len as u64 - em_bits;
    let top_mask = 0xffu8 >> unused;
    if masked_db[0] & !top_mask != 0 {
        return false;
    }
    let mut db = mgf1(hash, h, masked_db.len());
    for (d, m) in db.iter_mut().zip(masked_db) {
        *d ^= m;
    }
    db[0] &= top_mask;
    // The padding: zeros, then 0x01, then the salt.
    let Some(one) = db.iter().position(|b| *b != 0) else {
        return false;
    };
    if db[one] != 1 {
        return false;
    }
    let salt = &db[one + 1..];
    if !any_salt && salt.len() != h_len {
        return false;
    }
    let mut m = alloc::vec![0u8; 8];
    m.extend_from_slice(hashed);
    m.extend_from_slice(salt);
    digest::digest(hash.algorithm(), &m).as_ref() == h
}

// MGF1 (RFC 8017 B.2.1) over `hash`.
fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut counter = 0u32;
    while out.len() < len {
        let mut ctx = digest::Context::new(hash.algorithm());
        ctx.update(seed);
        ctx.update(&counter.to_be_bytes());
        out.extend_from_slice(ctx.finish().as_ref());
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}
