//! The signer's credential: a private key (from a PKCS#12 file or a
//! PKCS#11 token), its certificate and the chain above it.
//!
//! PKCS#12 is decoded here with the RustCrypto types (`pkcs12`, `cms`,
//! `pkcs8`/`pkcs5` for PBES2 with PBKDF2 and AES-CBC, as OpenSSL 3 writes
//! by default); the MAC (RFC 7292 appendix B key derivation, HMAC-SHA-256)
//! is checked first, so a wrong password is told apart from a damaged
//! file. Key material lives in zeroising types and is never written.

use der::asn1::OctetString;
use der::{Decode, Encode};
use hmac::Mac;
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::rsa::{self, Hash, RsaKey};

/// A private key able to sign.
pub enum Key {
    Rsa(Box<RsaKey>),
    P256(p256::ecdsa::SigningKey),
    /// A key on a PKCS#11 token (the session stays open while signing).
    #[cfg(unix)]
    Token(super::token::TokenKey),
}

/// A key with its certificate and chain.
pub struct Credential {
    pub key: Key,
    pub cert: Certificate,
    /// The certificates above `cert`, nearest first (may include the root).
    pub chain: Vec<Certificate>,
}

/// OID of rsaEncryption, sha256WithRSAEncryption, id-ecPublicKey, ecdsa-with-SHA256.
pub const RSA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub const EC: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub const ECDSA_SHA256: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const SHA256: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

impl Credential {
    /// Sign `data` (the DER of the signed attributes): the signature
    /// algorithm's OID and the signature value.
    pub fn sign(&self, data: &[u8]) -> Result<(der::oid::ObjectIdentifier, Vec<u8>), String> {
        let hash = Hash::Sha256.digest(data);
        match &self.key {
            Key::Rsa(k) => k
                .sign(Hash::Sha256, &hash)
                .map(|s| (RSA, s))
                .ok_or_else(|| "khóa RSA không khớp chứng thư số".to_string()),
            Key::P256(k) => {
                use p256::ecdsa::signature::hazmat::PrehashSigner;
                let sig: p256::ecdsa::Signature = k
                    .sign_prehash(&hash)
                    .map_err(|_| "không ký được bằng khóa EC".to_string())?;
                Ok((ECDSA_SHA256, sig.to_der().as_bytes().to_vec()))
            }
            #[cfg(unix)]
            Key::Token(t) => t.sign(&hash),
        }
    }
}

/// The subject's common name (or the whole subject) of a certificate.
pub fn subject(cert: &Certificate) -> String {
    name_text(&cert.tbs_certificate.subject)
}

/// A distinguished name as "CN=…, O=…" with UTF-8 values.
pub fn name_text(name: &x509_cert::name::Name) -> String {
    let mut parts = Vec::new();
    for rdn in name.0.iter() {
        for atv in rdn.0.iter() {
            let key = match atv.oid.to_string().as_str() {
                "2.5.4.3" => "CN",
                "2.5.4.10" => "O",
                "2.5.4.11" => "OU",
                "2.5.4.6" => "C",
                "2.5.4.7" => "L",
                "2.5.4.8" => "ST",
                "1.2.840.113549.1.9.1" => "E",
                _ => continue,
            };
            let v = atv.value.value();
            parts.push(format!("{key}={}", String::from_utf8_lossy(v)));
        }
    }
    parts.join(", ")
}

/// One attribute (CN, O…) of a name, if present.
pub fn name_attr(name: &x509_cert::name::Name, oid: &str) -> Option<String> {
    name.0.iter().flat_map(|r| r.0.iter()).find_map(|atv| {
        (atv.oid.to_string() == oid)
            .then(|| String::from_utf8_lossy(atv.value.value()).into_owned())
    })
}

/// Check that `cert` is valid now; a Vietnamese error says when it was or will be.
pub fn check_validity(cert: &Certificate, now: std::time::SystemTime) -> Result<(), String> {
    let v = &cert.tbs_certificate.validity;
    let nb = v.not_before.to_system_time();
    let na = v.not_after.to_system_time();
    let day = |t: std::time::SystemTime| {
        chrono::DateTime::<chrono::Utc>::from(t)
            .format("%d/%m/%Y %H:%M:%S UTC")
            .to_string()
    };
    if now < nb {
        return Err(format!(
            "chứng thư số của \"{}\" chưa có hiệu lực: hiệu lực từ {}",
            subject(cert),
            day(nb)
        ));
    }
    if now > na {
        return Err(format!(
            "chứng thư số của \"{}\" đã hết hạn ngày {}",
            subject(cert),
            day(na)
        ));
    }
    Ok(())
}

/// The RSA modulus and exponent of a certificate's public key, if RSA.
pub fn rsa_public(cert: &Certificate) -> Option<(Vec<u8>, Vec<u8>)> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != RSA {
        return None;
    }
    let k = pkcs1::RsaPublicKey::from_der(spki.subject_public_key.raw_bytes()).ok()?;
    Some((
        k.modulus.as_bytes().to_vec(),
        k.public_exponent.as_bytes().to_vec(),
    ))
}

/// Order `certs` into the chain above `leaf`, nearest first.
pub fn chain_above(leaf: &Certificate, mut certs: Vec<Certificate>) -> Vec<Certificate> {
    let mut out = Vec::new();
    let mut cur = leaf.clone();
    while let Some(i) = certs
        .iter()
        .position(|c| c.tbs_certificate.subject == cur.tbs_certificate.issuer && c != &cur)
    {
        let c = certs.remove(i);
        let root = c.tbs_certificate.subject == c.tbs_certificate.issuer;
        out.push(c.clone());
        if root {
            break;
        }
        cur = c;
    }
    out
}

/// Errors of [`load_p12`].
#[derive(Debug, PartialEq, Eq)]
pub enum P12Error {
    /// The MAC does not match: almost always a wrong password.
    WrongPassword,
    /// Anything else, in Vietnamese.
    Other(String),
}

/// Read a PKCS#12 file with its password.
pub fn load_p12(bytes: &[u8], password: &str) -> Result<Credential, P12Error> {
    let bad = |m: &str| P12Error::Other(format!("tệp PKCS#12 không đọc được: {m}"));
    let pfx =
        pkcs12::pfx::Pfx::from_der(bytes).map_err(|_| bad("không phải tệp .p12/.pfx hợp lệ"))?;
    if pfx.auth_safe.content_type != DATA {
        return Err(bad("chỉ hỗ trợ tệp bảo vệ bằng mật khẩu"));
    }
    let auth = OctetString::from_der(&pfx.auth_safe.content.to_der().map_err(|_| bad("hỏng"))?)
        .map_err(|_| bad("hỏng"))?;
    let auth = auth.as_bytes();
    // Phase 1: the MAC, which tells a wrong password.
    let mac = pfx
        .mac_data
        .as_ref()
        .ok_or_else(|| bad("tệp không có MAC"))?;
    if mac.mac.algorithm.oid != SHA256 {
        return Err(bad(
            "MAC không phải SHA-256 (tệp tạo bằng `openssl … -legacy`?); hãy xuất lại bằng OpenSSL 3 mặc định",
        ));
    }
    let key = Zeroizing::new(
        pkcs12::kdf::derive_key_utf8::<sha2::Sha256>(
            password,
            mac.mac_salt.as_bytes(),
            pkcs12::kdf::Pkcs12KeyType::Mac,
            mac.iterations,
            32,
        )
        .map_err(|_| bad("mật khẩu có ký tự không dùng được"))?,
    );
    let mut h = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).map_err(|_| bad("MAC"))?;
    h.update(auth);
    if h.verify_slice(mac.mac.digest.as_bytes()).is_err() {
        return Err(P12Error::WrongPassword);
    }
    // Phase 2: the bags, decrypting what is encrypted.
    let infos: Vec<::cms::content_info::ContentInfo> =
        Vec::from_der(auth).map_err(|_| bad("AuthenticatedSafe hỏng"))?;
    let mut certs = Vec::new();
    let mut keys: Vec<Zeroizing<Vec<u8>>> = Vec::new();
    for ci in infos {
        let content = ci.content.to_der().map_err(|_| bad("hỏng"))?;
        let safe: Zeroizing<Vec<u8>> = if ci.content_type == DATA {
            Zeroizing::new(
                OctetString::from_der(&content)
                    .map_err(|_| bad("hỏng"))?
                    .into_bytes(),
            )
        } else if ci.content_type == ENCRYPTED_DATA {
            let ed = ::cms::encrypted_data::EncryptedData::from_der(&content)
                .map_err(|_| bad("EncryptedData hỏng"))?;
            let alg = ed
                .enc_content_info
                .content_enc_alg
                .to_der()
                .map_err(|_| bad("hỏng"))?;
            let scheme = pkcs5::EncryptionScheme::from_der(&alg).map_err(|_| {
                bad("thuật toán mã hóa không hỗ trợ (cần PBES2/AES như OpenSSL 3 mặc định)")
            })?;
            let ct = ed
                .enc_content_info
                .encrypted_content
                .ok_or_else(|| bad("thiếu nội dung mã hóa"))?;
            Zeroizing::new(
                scheme
                    .decrypt(password.as_bytes(), ct.as_bytes())
                    .map_err(|_| P12Error::WrongPassword)?,
            )
        } else {
            continue;
        };
        let bags: Vec<pkcs12::safe_bag::SafeBag> =
            Vec::from_der(&safe).map_err(|_| bad("SafeContents hỏng"))?;
        for bag in bags {
            // bag_value is the whole [0] EXPLICIT wrapper.
            let any = der::Any::from_der(&bag.bag_value).map_err(|_| bad("SafeBag hỏng"))?;
            let inner = any.value();
            if bag.bag_id == pkcs12::PKCS_12_CERT_BAG_OID {
                let cb =
                    pkcs12::cert_type::CertBag::from_der(inner).map_err(|_| bad("CertBag hỏng"))?;
                if cb.cert_id == pkcs12::PKCS_12_X509_CERT_OID {
                    certs.push(
                        Certificate::from_der(cb.cert_value.as_bytes())
                            .map_err(|_| bad("chứng thư số hỏng"))?,
                    );
                }
            } else if bag.bag_id == pkcs12::PKCS_12_PKCS8_KEY_BAG_OID {
                let epki = pkcs8::EncryptedPrivateKeyInfo::try_from(inner)
                    .map_err(|_| bad("khóa mã hóa hỏng"))?;
                let doc = epki
                    .decrypt(password.as_bytes())
                    .map_err(|_| P12Error::WrongPassword)?;
                keys.push(Zeroizing::new(doc.as_bytes().to_vec()));
            } else if bag.bag_id == pkcs12::PKCS_12_KEY_BAG_OID {
                keys.push(Zeroizing::new(inner.to_vec()));
            }
        }
    }
    let pkcs8 = keys
        .first()
        .ok_or_else(|| bad("tệp không chứa khóa bí mật"))?;
    let key = key_from_pkcs8(pkcs8).map_err(|m| bad(&m))?;
    let cert_index = certs
        .iter()
        .position(|c| matches_key(&key, c))
        .ok_or_else(|| bad("không có chứng thư số khớp với khóa bí mật"))?;
    let cert = certs.remove(cert_index);
    let chain = chain_above(&cert, certs);
    Ok(Credential { key, cert, chain })
}

/// A signing key from a PKCS#8 PrivateKeyInfo.
fn key_from_pkcs8(der_bytes: &[u8]) -> Result<Key, String> {
    let pki =
        pkcs8::PrivateKeyInfo::try_from(der_bytes).map_err(|_| "khóa bí mật hỏng".to_string())?;
    if pki.algorithm.oid == RSA {
        let k = pkcs1::RsaPrivateKey::from_der(pki.private_key)
            .map_err(|_| "khóa RSA hỏng".to_string())?;
        RsaKey::new(
            k.modulus.as_bytes(),
            k.public_exponent.as_bytes(),
            k.private_exponent.as_bytes(),
        )
        .map(|k| Key::Rsa(Box::new(k)))
        .ok_or_else(|| format!("khóa RSA phải dài 1024–{} bit", rsa::MAX_BYTES * 8))
    } else if pki.algorithm.oid == EC {
        use p256::pkcs8::DecodePrivateKey;
        p256::ecdsa::SigningKey::from_pkcs8_der(der_bytes)
            .map(Key::P256)
            .map_err(|_| "chỉ hỗ trợ khóa EC trên đường cong P-256".to_string())
    } else {
        Err(format!(
            "loại khóa {} chưa được hỗ trợ (RSA hoặc EC P-256)",
            pki.algorithm.oid
        ))
    }
}

/// Whether `cert` holds the public half of `key`.
pub fn matches_key(key: &Key, cert: &Certificate) -> bool {
    match key {
        Key::Rsa(k) => rsa_public(cert).is_some_and(|(n, _)| {
            let z = n.iter().take_while(|&&b| b == 0).count();
            n[z..] == k.modulus()[..]
        }),
        Key::P256(k) => {
            let vk = k.verifying_key().to_encoded_point(false);
            cert.tbs_certificate
                .subject_public_key_info
                .subject_public_key
                .raw_bytes()
                == vk.as_bytes()
        }
        #[cfg(unix)]
        Key::Token(_) => true,
    }
}
