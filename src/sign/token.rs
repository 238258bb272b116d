//! Signing with a key on a PKCS#11 token (the USB tokens Vietnamese CAs
//! issue; SoftHSM2 in the tests), through `cryptoki`. The private key never
//! leaves the token: vanban hashes, the token signs (CKM_RSA_PKCS over the
//! DigestInfo, or CKM_ECDSA over the hash). The certificate and its chain
//! are read from the token's certificate objects.

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::Decode;
use x509_cert::Certificate;

use super::keys::{self, Credential, Key};
use super::rsa::{self, Hash};

/// A private key on an open, logged-in session.
pub struct TokenKey {
    session: Session,
    key: ObjectHandle,
    ec: bool,
    // Kept alive as long as the session.
    _ctx: Pkcs11,
}

impl TokenKey {
    /// Sign a SHA-256 hash: the algorithm's OID and the signature.
    pub fn sign(&self, hash: &[u8]) -> Result<(der::oid::ObjectIdentifier, Vec<u8>), String> {
        let e = |e: cryptoki::error::Error| format!("thiết bị ký (PKCS#11) từ chối ký: {e}");
        if self.ec {
            let raw = self
                .session
                .sign(&Mechanism::Ecdsa, self.key, hash)
                .map_err(e)?;
            let sig = p256::ecdsa::Signature::from_slice(&raw)
                .map_err(|_| "chữ ký EC từ thiết bị không hợp lệ".to_string())?;
            Ok((keys::ECDSA_SHA256, sig.to_der().as_bytes().to_vec()))
        } else {
            let sig = self
                .session
                .sign(
                    &Mechanism::RsaPkcs,
                    self.key,
                    &rsa::digest_info(Hash::Sha256, hash),
                )
                .map_err(e)?;
            Ok((keys::RSA, sig))
        }
    }
}

/// Open `module`, log into the token in `slot` (its id, or its position
/// among the slots holding a token) with `pin`, find the key and its
/// certificate.
pub fn open(module: &std::path::Path, slot: u64, pin: &str) -> Result<Credential, String> {
    let ctx = Pkcs11::new(module)
        .map_err(|e| format!("không nạp được thư viện PKCS#11 {}: {e}", module.display()))?;
    ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .map_err(|e| format!("không khởi tạo được thư viện PKCS#11: {e}"))?;
    let slots = ctx
        .get_slots_with_token()
        .map_err(|e| format!("không liệt kê được khe PKCS#11: {e}"))?;
    let chosen = slots
        .iter()
        .find(|s| s.id() == slot)
        .or_else(|| usize::try_from(slot).ok().and_then(|i| slots.get(i)))
        .copied()
        .ok_or_else(|| {
            format!(
                "không có thiết bị ký ở khe {slot} (các khe có thiết bị: {})",
                slots
                    .iter()
                    .map(|s| s.id().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
    let session = ctx
        .open_ro_session(chosen)
        .map_err(|e| format!("không mở được phiên với thiết bị ký: {e}"))?;
    let pin = AuthPin::from(pin.to_string());
    session
        .login(UserType::User, Some(&pin))
        .map_err(|e| match e {
            cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::PinIncorrect, _) => {
                "sai mã PIN của thiết bị ký".to_string()
            }
            e => format!("không đăng nhập được thiết bị ký: {e}"),
        })?;
    let keys_found = session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Sign(true),
        ])
        .map_err(|e| format!("không tìm được khóa trên thiết bị: {e}"))?;
    let certs: Vec<(Vec<u8>, Certificate)> = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(|e| format!("không đọc được chứng thư số trên thiết bị: {e}"))?
        .into_iter()
        .filter_map(|h| {
            let attrs = session
                .get_attributes(h, &[AttributeType::Value, AttributeType::Id])
                .ok()?;
            let mut value = None;
            let mut id = Vec::new();
            for a in attrs {
                match a {
                    Attribute::Value(v) => value = Some(v),
                    Attribute::Id(i) => id = i,
                    _ => {}
                }
            }
            Some((id, Certificate::from_der(&value?).ok()?))
        })
        .collect();
    // The key whose id a certificate shares.
    for key in keys_found {
        let attrs = session
            .get_attributes(key, &[AttributeType::Id, AttributeType::KeyType])
            .map_err(|e| format!("không đọc được khóa trên thiết bị: {e}"))?;
        let mut id = Vec::new();
        let mut ec = false;
        for a in attrs {
            match a {
                Attribute::Id(i) => id = i,
                Attribute::KeyType(t) => ec = t == KeyType::EC,
                _ => {}
            }
        }
        let Some(i) = certs.iter().position(|(cid, _)| *cid == id) else {
            continue;
        };
        let cert = certs[i].1.clone();
        let others: Vec<Certificate> = certs
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, (_, c))| c.clone())
            .collect();
        let chain = keys::chain_above(&cert, others);
        return Ok(Credential {
            key: Key::Token(TokenKey {
                session,
                key,
                ec,
                _ctx: ctx,
            }),
            cert,
            chain,
        });
    }
    Err("thiết bị ký không có khóa bí mật kèm chứng thư số (cùng CKA_ID)".into())
}
