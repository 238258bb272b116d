//! The exchange package of an electronic document: the edXML envelope of
//! QCVN 102:2016/BTTTT with the PDF attached (issue 15).
//!
//! Layout, as the national exchange axis's SDK writes it (the standard's
//! XSD was not available; see the README): a root `edXML` in the
//! namespace `http://www.mic.gov.vn/TBT/QCVN_102_2016`, holding
//! `edXML:edXMLEnvelope` — `edXMLHeader` (`MessageHeader`,
//! `TraceHeaderList`) and `edXMLBody` (`edXMLManifest`, one `Reference` per
//! attachment, bound by `xlink:href="cid:…"`) — and, after it,
//! `AttachmentEncoded` with each file in base64. Dates are `YYYY/MM/DD`.
//! The attachment's SHA-256 is given as an XML-DSig `Manifest` (a list of
//! references with their digests, which a signature can later sign
//! whole); `vanban` does not sign.

use crate::model::record::Exchange;
use crate::text::xml::escape;

/// The edXML namespace.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
/// XML-DSig, for the attachment's digest.
pub const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// The SHA-256 digest method of XML Encryption (used by XML-DSig 1.1).
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

/// An organ on the envelope: its electronic id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organ {
    pub id: String,
    pub name: String,
}

/// A file attached to the package.
#[derive(Debug, Clone)]
pub struct Attached {
    pub name: String,
    pub content_type: String,
    pub description: String,
    pub data: Vec<u8>,
}

/// What the envelope needs beyond the document.
#[derive(Debug, Clone)]
pub struct Package {
    pub from_id: String,
    pub to: Vec<Organ>,
    /// TraceHeader/Timestamp: when the package was made, "YYYY/MM/DD hh:mm:ss".
    pub timestamp: String,
    pub attachments: Vec<Attached>,
}

/// The edXML text.
pub fn edxml(ex: &Exchange, p: &Package) -> String {
    let r = &ex.record;
    let mut x = Xml::default();
    x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.raw(&format!("<edXML xmlns=\"{NAMESPACE}\">\n"));
    x.open_attr("edXMLEnvelope", &format!(" xmlns:edXML=\"{NAMESPACE}\""));
    x.open("edXMLHeader");
    x.open("MessageHeader");

    x.open("From");
    x.leaf("OrganId", &p.from_id);
    x.leaf("OrganizationInCharge", &ex.organ_in_charge);
    x.leaf("OrganName", &r.organ_name);
    x.leaf("OrganAdd", &ex.address);
    x.leaf("Email", &ex.email);
    x.leaf("Telephone", &ex.telephone);
    x.leaf("Fax", &ex.fax);
    x.leaf("Website", &ex.website);
    x.close("From");
    for o in &p.to {
        x.open("To");
        x.leaf("OrganId", &o.id);
        x.leaf("OrganName", &o.name);
        x.close("To");
    }

    x.open("Code");
    x.leaf("CodeNumber", &r.code_number);
    x.leaf("CodeNotation", &r.code_notation);
    x.close("Code");
    x.open("PromulgationInfo");
    x.leaf("Place", &ex.place);
    x.leaf("PromulgationDate", &slashed(&r.issued_date));
    x.close("PromulgationInfo");
    x.open("DocumentType");
    x.leaf("Type", &ex.document_type.to_string());
    x.leaf("TypeName", &r.type_name);
    x.close("DocumentType");
    x.leaf("Subject", &r.subject);
    x.leaf("Content", &r.subject);
    x.open("SignerInfo");
    x.leaf("Competence", &ex.competence);
    x.leaf("Position", &r.signer_position);
    x.leaf("FullName", &r.signer_full_name);
    x.close("SignerInfo");
    x.leaf("DueDate", &slashed(r.due_date.as_deref().unwrap_or("")));
    x.open("ToPlaces");
    for t in &r.to {
        x.leaf("Place", t);
    }
    x.close("ToPlaces");
    x.open("OtherInfo");
    x.leaf("Priority", &r.priority.to_string());
    x.leaf("SphereOfPromulgation", &ex.sphere);
    x.leaf("TyperNotation", &ex.typer_notation);
    x.leaf(
        "PromulgationAmount",
        &r.issued_amount.map(|n| n.to_string()).unwrap_or_default(),
    );
    x.leaf("PageAmount", &r.page_amount.to_string());
    x.open("Appendixes");
    for a in &ex.appendixes {
        x.leaf("Appendix", a);
    }
    x.close("Appendixes");
    x.close("OtherInfo");
    x.leaf("SteeringType", &ex.steering_type.to_string());
    x.leaf(
        "DocumentId",
        &format!(
            "{},{},{}/{}",
            p.from_id,
            slashed(&r.issued_date),
            r.code_number,
            r.code_notation
        ),
    );
    x.close("MessageHeader");

    x.open("TraceHeaderList");
    x.open("TraceHeader");
    x.leaf("OrganId", &p.from_id);
    x.leaf("Timestamp", &p.timestamp);
    x.close("TraceHeader");
    x.close("TraceHeaderList");
    // The attachments' digests, as XML-DSig references (unsigned).
    x.indent();
    x.raw(&format!(
        "<ds:Manifest xmlns:ds=\"{DSIG}\" Id=\"dinh-kem\">\n"
    ));
    for a in &p.attachments {
        x.indent();
        x.raw(&format!(
            "  <ds:Reference URI=\"cid:{}\">\n",
            content_id(&a.data)
        ));
        x.indent();
        x.raw(&format!("    <ds:DigestMethod Algorithm=\"{SHA256}\"/>\n"));
        x.indent();
        x.raw(&format!(
            "    <ds:DigestValue>{}</ds:DigestValue>\n",
            base64(&sha256(&a.data))
        ));
        x.indent();
        x.raw("  </ds:Reference>\n");
    }
    x.indent();
    x.raw("</ds:Manifest>\n");
    x.close("edXMLHeader");

    x.open("edXMLBody");
    x.open_attr("edXMLManifest", " version=\"1.0\"");
    for a in &p.attachments {
        let cid = content_id(&a.data);
        x.open_attr(
            "Reference",
            &format!(
                " xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"cid:{cid}\" xlink:type=\"simple\""
            ),
        );
        x.leaf("ContentId", &format!("cid:{cid}"));
        x.leaf("ContentType", &a.content_type);
        x.leaf("Description", &a.description);
        x.leaf("AttachmentName", &a.name);
        x.close("Reference");
    }
    x.close("edXMLManifest");
    x.close("edXMLBody");
    x.close("edXMLEnvelope");

    // Outside the envelope, in the default namespace, as the SDK has it.
    x.raw("  <AttachmentEncoded>\n");
    for a in &p.attachments {
        x.raw("    <Attachment>\n");
        for (tag, text) in [
            ("ContentType", escape(&a.content_type)),
            ("ContentId", content_id(&a.data)),
            ("Description", escape(&a.description)),
            ("ContentTransferEncoded", base64(&a.data)),
            ("AttachmentName", escape(&a.name)),
        ] {
            x.raw(&format!("      <{tag}>{text}</{tag}>\n"));
        }
        x.raw("    </Attachment>\n");
    }
    x.raw("  </AttachmentEncoded>\n");
    x.raw("</edXML>\n");
    x.out
}

/// "2024-04-19" → "2024/04/19" (the SDK's date form); empty stays empty.
fn slashed(iso: &str) -> String {
    iso.replace('-', "/")
}

/// A content id derived from the file (so the package is the same for the
/// same file): its SHA-256 shaped as a UUID.
pub fn content_id(data: &[u8]) -> String {
    let h: String = sha256(data).iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn sha256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(data).to_vec()
}

/// Standard base64 with padding (RFC 4648), on one line.
pub fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ABC[(n >> 18) as usize & 63] as char);
        out.push(ABC[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ABC[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ABC[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// A small indenting writer of `edXML:` elements; every text escaped.
#[derive(Default)]
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn indent(&mut self) {
        self.out.push_str(&"  ".repeat(self.depth + 1));
    }
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn open(&mut self, tag: &str) {
        self.open_attr(tag, "");
    }
    fn open_attr(&mut self, tag: &str, attrs: &str) {
        self.indent();
        self.out.push_str(&format!("<edXML:{tag}{attrs}>\n"));
        self.depth += 1;
    }
    fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str(&format!("</edXML:{tag}>\n"));
    }
    fn leaf(&mut self, tag: &str, text: &str) {
        self.indent();
        if text.is_empty() {
            self.out.push_str(&format!("<edXML:{tag}/>\n"));
        } else {
            self.out
                .push_str(&format!("<edXML:{tag}>{}</edXML:{tag}>\n", escape(text)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_rfc_4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }
}
