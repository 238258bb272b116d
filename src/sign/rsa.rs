//! RSA PKCS#1 v1.5 signatures (RFC 8017 §8.2, EMSA-PKCS1-v1_5), on
//! crypto-bigint's constant-time Montgomery exponentiation.
//!
//! Why not the `rsa` crate: its big integers (num-bigint-dig) switch on
//! features of num-traits, rand and spin that typst shares (libm, std_rng,
//! once), and every developer's next build would then compile all of typst
//! again (25 minutes on two cores). crypto-bigint is already in the tree
//! (p256), and a PKCS#1 v1.5 signature is one modular exponentiation of a
//! fixed encoding. No CRT is used (so no fault attack on it), the private
//! exponent is zeroised on drop, and every signature is verified with the
//! public key before it leaves [`RsaKey::sign`].

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Encoding, U4096};
use zeroize::Zeroize;

/// Moduli up to this many bytes (4096 bits) are supported.
pub const MAX_BYTES: usize = 512;

/// A hash named by a signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    /// The DER DigestInfo prefix (RFC 8017 §9.2 note 1).
    fn prefix(self) -> &'static [u8] {
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

    /// Hash `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        match self {
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }
}

/// The DigestInfo of `hash` (what a PKCS#11 token signs with CKM_RSA_PKCS).
pub fn digest_info(h: Hash, hash: &[u8]) -> Vec<u8> {
    let mut t = h.prefix().to_vec();
    t.extend_from_slice(hash);
    t
}

/// EM = 0x00 01 FF…FF 00 ‖ DigestInfo, `k` bytes long.
fn encode(h: Hash, hash: &[u8], k: usize) -> Option<Vec<u8>> {
    let t = digest_info(h, hash);
    if k < t.len() + 11 {
        return None;
    }
    let mut em = vec![0xFF; k];
    em[0] = 0;
    em[1] = 1;
    em[k - t.len() - 1] = 0;
    em[k - t.len()..].copy_from_slice(&t);
    Some(em)
}

fn uint(bytes: &[u8]) -> Option<U4096> {
    let bytes = strip(bytes);
    if bytes.len() > MAX_BYTES {
        return None;
    }
    let mut buf = [0u8; MAX_BYTES];
    buf[MAX_BYTES - bytes.len()..].copy_from_slice(bytes);
    let u = U4096::from_be_slice(&buf);
    buf.zeroize();
    Some(u)
}

fn strip(b: &[u8]) -> &[u8] {
    let z = b.iter().take_while(|&&c| c == 0).count();
    &b[z..]
}

fn modpow(base: &U4096, exp: &U4096, n: &U4096) -> U4096 {
    let params = DynResidueParams::new(n);
    DynResidue::new(base, params).pow(exp).retrieve()
}

/// An RSA private key (modulus, exponents), zeroised on drop.
pub struct RsaKey {
    n: U4096,
    e: U4096,
    d: U4096,
    /// Modulus length in bytes.
    k: usize,
}

impl Drop for RsaKey {
    fn drop(&mut self) {
        self.d.zeroize();
        self.n.zeroize();
        self.e.zeroize();
    }
}

impl RsaKey {
    /// A key from its big-endian modulus, public and private exponents.
    pub fn new(n: &[u8], e: &[u8], d: &[u8]) -> Option<RsaKey> {
        let k = strip(n).len();
        if !(128..=MAX_BYTES).contains(&k) || strip(n).last()? & 1 == 0 {
            return None;
        }
        Some(RsaKey {
            n: uint(n)?,
            e: uint(e)?,
            d: uint(d)?,
            k,
        })
    }

    /// The modulus, big-endian, without leading zeros.
    pub fn modulus(&self) -> Vec<u8> {
        strip(&self.n.to_be_bytes()).to_vec()
    }

    /// Sign a hash (RSASSA-PKCS1-v1_5), checked against the public key.
    pub fn sign(&self, h: Hash, hash: &[u8]) -> Option<Vec<u8>> {
        let em = encode(h, hash, self.k)?;
        let m = uint(&em)?;
        let s = modpow(&m, &self.d, &self.n);
        let sig = s.to_be_bytes()[MAX_BYTES - self.k..].to_vec();
        verify(&self.modulus(), strip(&self.e.to_be_bytes()), h, hash, &sig).then_some(sig)
    }
}

/// Check an RSASSA-PKCS1-v1_5 signature over `hash` with the public key.
pub fn verify(n: &[u8], e: &[u8], h: Hash, hash: &[u8], sig: &[u8]) -> bool {
    let k = strip(n).len();
    if !(64..=MAX_BYTES).contains(&k) || sig.len() > k || strip(n).last().is_none_or(|b| b & 1 == 0)
    {
        return false;
    }
    let (Some(n), Some(e), Some(s)) = (uint(n), uint(e), uint(sig)) else {
        return false;
    };
    if s >= n {
        return false;
    }
    let m = modpow(&s, &e, &n).to_be_bytes();
    encode(h, hash, k).is_some_and(|em| m[MAX_BYTES - k..] == em[..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_rfc_8017() {
        let em = encode(Hash::Sha256, &[0xAB; 32], 64).unwrap();
        assert_eq!(&em[..2], &[0, 1]);
        assert_eq!(em[64 - 52], 0);
        assert!(em[2..64 - 52].iter().all(|&b| b == 0xFF));
        assert_eq!(&em[64 - 32..], &[0xAB; 32]);
        assert!(encode(Hash::Sha512, &[0; 64], 64).is_none());
    }
}
