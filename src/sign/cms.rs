//! The CMS SignedData of a PAdES signature (ETSI EN 319 142-1 baseline B-B,
//! CAdES-detached): built for signing, checked for verifying.
//!
//! Signed attributes, as EN 319 142-1 §5.2 asks: content-type (id-data),
//! message-digest (SHA-256 of the /ByteRange), signing-certificate-v2 (the
//! signer's certificate hash and issuer/serial). The claimed signing time
//! goes in the signature dictionary's /M: PAdES forbids the CMS
//! signing-time attribute (EN 319 142-1 §5.2.1, "shall not be present").
//! The certificates field carries the signer's certificate and its whole
//! chain.

use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};

use super::keys::{self, Credential};
use super::rsa::{self, Hash};

type Oid = der::oid::ObjectIdentifier;
const fn oid(s: &str) -> Oid {
    Oid::new_unwrap(s)
}
const ID_DATA: Oid = oid("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: Oid = oid("1.2.840.113549.1.7.2");
const CONTENT_TYPE: Oid = oid("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: Oid = oid("1.2.840.113549.1.9.4");
const SIGNING_CERT_V2: Oid = oid("1.2.840.113549.1.9.16.2.47");
const SHA256: Oid = oid("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = oid("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = oid("2.16.840.1.101.3.4.2.3");

/// IssuerSerial (RFC 5035).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// ESSCertIDv2 (RFC 5035); hashAlgorithm DEFAULT sha256 is omitted.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

/// SigningCertificateV2 (RFC 5035).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

fn attr(oid: Oid, value: Any) -> Result<Attribute, der::Error> {
    let mut values = SetOfVec::new();
    values.insert(value)?;
    Ok(Attribute { oid, values })
}

fn alg(oid: Oid, null: bool) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: null.then(Any::null),
    }
}

/// Build the DER CMS SignedData over `hash` (SHA-256 of the signed bytes).
pub fn build(cred: &Credential, hash: &[u8]) -> Result<Vec<u8>, String> {
    let e = |e: der::Error| format!("không tạo được chữ ký CMS ({e})");
    let cert_der = cred.cert.to_der().map_err(e)?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(Hash::Sha256.digest(&cert_der)).map_err(e)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    cred.cert.tbs_certificate.issuer.clone(),
                )],
                serial_number: cred.cert.tbs_certificate.serial_number.clone(),
            }),
        }],
        policies: None,
    };
    let mut signed = SetOfVec::new();
    signed
        .insert(attr(CONTENT_TYPE, Any::encode_from(&ID_DATA).map_err(e)?).map_err(e)?)
        .map_err(e)?;
    signed
        .insert(
            attr(
                MESSAGE_DIGEST,
                Any::encode_from(&OctetString::new(hash.to_vec()).map_err(e)?).map_err(e)?,
            )
            .map_err(e)?,
        )
        .map_err(e)?;
    signed
        .insert(attr(SIGNING_CERT_V2, Any::encode_from(&ess).map_err(e)?).map_err(e)?)
        .map_err(e)?;
    // The signature is over the DER of the attributes as a SET OF.
    let to_sign = signed.to_der().map_err(e)?;
    let (sig_alg, signature) = cred.sign(&to_sign)?;
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cred.cert.tbs_certificate.issuer.clone(),
            serial_number: cred.cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: alg(SHA256, false),
        signed_attrs: Some(signed),
        signature_algorithm: alg(sig_alg, sig_alg == keys::RSA),
        signature: OctetString::new(signature).map_err(e)?,
        unsigned_attrs: None,
    };
    let mut certs = SetOfVec::new();
    for c in std::iter::once(&cred.cert).chain(&cred.chain) {
        certs
            .insert(CertificateChoices::Certificate(c.clone()))
            .map_err(e)?;
    }
    let mut digests = SetOfVec::new();
    digests.insert(alg(SHA256, false)).map_err(e)?;
    let mut infos = SetOfVec::new();
    infos.insert(signer).map_err(e)?;
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: digests,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(certs)),
        crls: None,
        signer_infos: SignerInfos(infos),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).map_err(e)?,
    }
    .to_der()
    .map_err(e)
}

/// What a checked CMS signature says.
pub struct Checked {
    /// The signer's certificate.
    pub cert: Certificate,
    /// Every certificate the CMS carries.
    pub certs: Vec<Certificate>,
    /// Whether signing-certificate-v2 names the signer's certificate.
    pub ess_ok: bool,
}

/// Check a CAdES-detached SignedData (possibly followed by the zero
/// padding of /Contents) against the `signed` bytes.
pub fn verify(contents: &[u8], signed: &[&[u8]]) -> Result<Checked, String> {
    let mut reader = der::SliceReader::new(contents).map_err(|_| "chữ ký rỗng".to_string())?;
    let ci: ContentInfo = der::Decode::decode(&mut reader)
        .map_err(|e| format!("nội dung chữ ký không phải CMS hợp lệ ({e})"))?;
    // Only zeros may follow the CMS in /Contents: a changed byte there is
    // a changed file.
    let used = usize::try_from(der::Reader::position(&reader)).unwrap_or(usize::MAX);
    if contents
        .get(used..)
        .is_none_or(|rest| rest.iter().any(|&b| b != 0))
    {
        return Err("phần đệm sau chữ ký CMS trong /Contents đã bị sửa".into());
    }
    if ci.content_type != ID_SIGNED_DATA {
        return Err("nội dung chữ ký không phải CMS SignedData".into());
    }
    let sd = SignedData::from_der(&ci.content.to_der().map_err(|e| e.to_string())?)
        .map_err(|e| format!("SignedData hỏng ({e})"))?;
    let certs: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|s| {
            s.0.iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let si = sd
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("chữ ký không có SignerInfo")?;
    let cert = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certs.first(),
    }
    .cloned()
    .ok_or("chữ ký không kèm chứng thư số của người ký")?;
    let hash_alg = match si.digest_alg.oid {
        SHA256 => Hash::Sha256,
        SHA384 => Hash::Sha384,
        SHA512 => Hash::Sha512,
        o => return Err(format!("thuật toán băm {o} không hỗ trợ")),
    };
    let mut data = Vec::new();
    for s in signed {
        data.extend_from_slice(s);
    }
    let digest = hash_alg.digest(&data);
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or("chữ ký thiếu thuộc tính được ký (CAdES cần)")?;
    let find = |o: Oid| {
        attrs
            .iter()
            .find(|a| a.oid == o)
            .and_then(|a| a.values.iter().next())
    };
    let md = find(MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("chữ ký thiếu message-digest")?;
    if md.as_bytes() != digest.as_slice() {
        return Err("mã băm của tệp không khớp chữ ký: nội dung đã bị sửa".into());
    }
    if find(CONTENT_TYPE).and_then(|v| v.decode_as::<Oid>().ok()) != Some(ID_DATA) {
        return Err("chữ ký thiếu content-type id-data".into());
    }
    let cert_hash = Hash::Sha256.digest(&cert.to_der().map_err(|e| e.to_string())?);
    let ess_ok = find(SIGNING_CERT_V2)
        .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
        .and_then(|s| s.certs.first().cloned())
        .is_some_and(|id| {
            id.hash_algorithm.as_ref().is_none_or(|a| a.oid == SHA256)
                && id.cert_hash.as_bytes() == cert_hash.as_slice()
        });
    let tbs = attrs.to_der().map_err(|e| e.to_string())?;
    if !verify_with(
        &cert,
        &si.signature_algorithm.oid,
        hash_alg,
        &tbs,
        si.signature.as_bytes(),
    ) {
        return Err("chữ ký số không đúng với khóa công khai của chứng thư số".into());
    }
    Ok(Checked {
        cert,
        certs,
        ess_ok,
    })
}

/// Verify `sig` over `data` with the public key of `cert`. `alg` is the
/// signature algorithm; `h` the hash when `alg` is plain rsaEncryption.
pub fn verify_with(cert: &Certificate, alg: &Oid, h: Hash, data: &[u8], sig: &[u8]) -> bool {
    let h = match alg.to_string().as_str() {
        "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" => Hash::Sha256,
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => Hash::Sha384,
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => Hash::Sha512,
        "1.2.840.113549.1.1.1" => h,
        _ => return false,
    };
    let digest = h.digest(data);
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid == keys::RSA {
        keys::rsa_public(cert).is_some_and(|(n, e)| rsa::verify(&n, &e, h, &digest, sig))
    } else if spki.algorithm.oid == keys::EC {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        let Ok(vk) =
            p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
        else {
            return false;
        };
        let Ok(sig) = p256::ecdsa::Signature::from_der(sig) else {
            return false;
        };
        vk.verify_prehash(&digest, &sig).is_ok()
    } else {
        false
    }
}

/// Whether `issuer` signed `cert`.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    cert.tbs_certificate.issuer == issuer.tbs_certificate.subject
        && cert.tbs_certificate.to_der().is_ok_and(|tbs| {
            verify_with(
                issuer,
                &cert.signature_algorithm.oid,
                Hash::Sha256,
                &tbs,
                cert.signature.raw_bytes(),
            )
        })
}

/// Build the path from `leaf` through `pool` to one of `anchors`, checking
/// every signature and validity period at `at`: the path's subjects, or why
/// there is none.
pub fn chain_to(
    leaf: &Certificate,
    pool: &[Certificate],
    anchors: &[Certificate],
    at: std::time::SystemTime,
) -> Result<Vec<String>, String> {
    let mut path = vec![keys::subject(leaf)];
    let mut cur = leaf.clone();
    for _ in 0..10 {
        keys::check_validity(&cur, at)?;
        if let Some(a) = anchors.iter().find(|a| **a == cur) {
            let _ = a;
            return Ok(path);
        }
        if let Some(a) = anchors.iter().find(|a| issued_by(&cur, a)) {
            keys::check_validity(a, at)?;
            path.push(keys::subject(a));
            return Ok(path);
        }
        let next = pool
            .iter()
            .find(|c| *c != &cur && issued_by(&cur, c))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "không dựng được chuỗi chứng thư tới gốc tin cậy (thiếu tổ chức cấp của \"{}\")",
                    keys::subject(&cur)
                )
            })?;
        if next.tbs_certificate.subject == next.tbs_certificate.issuer {
            return Err(format!(
                "chuỗi chứng thư dừng ở gốc \"{}\", không phải gốc tin cậy đã cho",
                keys::subject(&next)
            ));
        }
        path.push(keys::subject(&next));
        cur = next;
    }
    Err("chuỗi chứng thư quá dài".into())
}
