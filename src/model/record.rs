//! The metadata an electronic document carries (Nghị định 30, Phụ lục VI,
//! Phần II, Mục I: outgoing documents): written into the PDF's XMP and into
//! the archive manifests, read back by `vanban verify`.

use serde::{Deserialize, Serialize};

use crate::model::{Document, Recipient, Urgency};

/// One document's Phụ lục VI fields. Field names are the decree's tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Tên loại văn bản.
    #[serde(rename = "TypeName")]
    pub type_name: String,
    /// Số của văn bản, as printed ("05").
    #[serde(rename = "CodeNumber")]
    pub code_number: String,
    /// Ký hiệu ("UBND-KTTH").
    #[serde(rename = "CodeNotation")]
    pub code_notation: String,
    /// Ngày ban hành, YYYY-MM-DD.
    #[serde(rename = "IssuedDate")]
    pub issued_date: String,
    /// Cơ quan ban hành.
    #[serde(rename = "OrganName")]
    pub organ_name: String,
    /// Trích yếu.
    #[serde(rename = "Subject")]
    pub subject: String,
    #[serde(rename = "Language")]
    pub language: String,
    /// Số trang.
    #[serde(rename = "PageAmount")]
    pub page_amount: u32,
    /// Người ký: chức vụ (SignerInfo/Position).
    #[serde(rename = "SignerPosition")]
    pub signer_position: String,
    /// Người ký: họ tên (SignerInfo/FullName).
    #[serde(rename = "SignerFullName")]
    pub signer_full_name: String,
    /// Nơi nhận (To/OrganName): Kính gửi, else the Nơi nhận entries.
    #[serde(rename = "To")]
    pub to: Vec<String>,
    /// Độ mật, độ khẩn: 0 = thường.
    #[serde(rename = "Priority")]
    pub priority: u8,
    /// Số lượng bản phát hành, when known.
    #[serde(
        rename = "IssuedAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issued_amount: Option<u32>,
    /// Thời hạn trả lời: the earliest task deadline, if any.
    #[serde(rename = "DueDate", default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
}

/// The Phụ lục VI field names, in the decree's order (CSV columns, XMP).
pub const FIELDS: [&str; 14] = [
    "TypeName",
    "CodeNumber",
    "CodeNotation",
    "IssuedDate",
    "OrganName",
    "Subject",
    "Language",
    "PageAmount",
    "SignerPosition",
    "SignerFullName",
    "To",
    "Priority",
    "IssuedAmount",
    "DueDate",
];

impl Record {
    /// The record of a document laid out on `pages` pages.
    pub fn new(doc: &Document, pages: u32) -> Record {
        let to = if doc.addressees.is_empty() {
            doc.recipients
                .iter()
                .map(|r| match r {
                    Recipient::Single(s) => s.clone(),
                    Recipient::Group { name, .. } => name.clone(),
                })
                .filter(|s| s != "Như trên")
                .collect()
        } else {
            doc.addressees.clone()
        };
        let due = doc
            .task_sections()
            .iter()
            .flat_map(|s| s.tasks.iter().filter_map(|t| t.deadline))
            .min();
        Record {
            type_name: doc.kind.name().to_string(),
            code_number: doc.number.clone().unwrap_or_default(),
            code_notation: doc.full_symbol(),
            issued_date: doc
                .date
                .full()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            organ_name: doc.issuer.one_line(),
            subject: doc.subject.clone(),
            language: "vi".into(),
            page_amount: pages,
            signer_position: doc
                .signer()
                .title
                .clone()
                .or_else(|| doc.signer().head.clone())
                .unwrap_or_default()
                .replace('\n', " "),
            signer_full_name: doc.signer().name.clone(),
            to,
            priority: priority(doc.urgency),
            issued_amount: doc.copies_issued,
            due_date: due.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }

    /// Field values as text, in [`FIELDS`] order; lists joined with "; ".
    pub fn values(&self) -> Vec<String> {
        vec![
            self.type_name.clone(),
            self.code_number.clone(),
            self.code_notation.clone(),
            self.issued_date.clone(),
            self.organ_name.clone(),
            self.subject.clone(),
            self.language.clone(),
            self.page_amount.to_string(),
            self.signer_position.clone(),
            self.signer_full_name.clone(),
            self.to.join("; "),
            self.priority.to_string(),
            self.issued_amount
                .map(|n| n.to_string())
                .unwrap_or_default(),
            self.due_date.clone().unwrap_or_default(),
        ]
    }
}

/// The Priority code of an urgency (Phụ lục VI field 14; QCVN 102:2016
/// OtherInfo/Priority): 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc (4,
/// hỏa tốc hẹn giờ, has no ND30 stamp).
pub fn priority(urgency: Option<Urgency>) -> u8 {
    match urgency {
        None => 0,
        Some(Urgency::Khan) => 1,
        Some(Urgency::ThuongKhan) => 2,
        Some(Urgency::HoaToc) => 3,
    }
}

/// An electronic document's header for the national exchange axis (edXML,
/// QCVN 102:2016/BTTTT, MessageHeader; issue 15): the Phụ lục VI
/// [`Record`] — the one mapping the archive's XMP and manifests use — and
/// the few fields only the envelope carries, from the same document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub record: Record,
    /// From/OrganizationInCharge: the parent body (cơ quan chủ quản), else
    /// the issuing body.
    pub organ_in_charge: String,
    /// From/OrganAdd, Email, Telephone, Fax, Website: ô 13.
    pub address: String,
    pub email: String,
    pub telephone: String,
    pub fax: String,
    pub website: String,
    /// PromulgationInfo/Place: địa danh.
    pub place: String,
    /// DocumentType/Type: 1 văn bản quy phạm pháp luật, 2 văn bản hành
    /// chính.
    pub document_type: u8,
    /// SignerInfo/Competence: the signer's authority lines ("KT. CHỦ
    /// TỊCH"); empty when the head signs in their own right.
    pub competence: String,
    /// OtherInfo/SphereOfPromulgation: the distribution note (ô 11).
    pub sphere: String,
    /// OtherInfo/TyperNotation: the drafter's symbol (ô 12).
    pub typer_notation: String,
    /// OtherInfo/Appendixes: the appendices' titles.
    pub appendixes: Vec<String>,
    /// SteeringType: 0 không phải văn bản chỉ đạo, 1 văn bản chỉ đạo (a
    /// chỉ thị, or a document assigning tasks), 2 báo cáo chỉ đạo.
    pub steering_type: u8,
}

impl Exchange {
    /// The header of a document laid out on `pages` pages.
    pub fn new(doc: &Document, pages: u32) -> Exchange {
        let record = Record::new(doc, pages);
        let signer = doc.signer();
        let mut competence: Vec<String> = signer.above.clone();
        if let (Some(a), Some(head)) = (signer.authority, &signer.head) {
            competence.push(format!("{} {head}", a.prefix()));
        }
        let contact = doc.contact.clone().unwrap_or_default();
        let steering_type = if doc.kind.key() == "chi_thi" || !doc.task_sections().is_empty() {
            1
        } else {
            0
        };
        Exchange {
            organ_in_charge: doc
                .parent
                .as_ref()
                .map(|p| p.one_line())
                .unwrap_or_else(|| doc.issuer.one_line()),
            address: contact.address.unwrap_or_default(),
            email: contact.email.unwrap_or_default(),
            telephone: contact.phone.unwrap_or_default(),
            fax: contact.fax.unwrap_or_default(),
            website: contact.website.unwrap_or_default(),
            place: doc.place.clone(),
            document_type: if doc.normative { 1 } else { 2 },
            competence: competence.join(", ").replace('\n', " "),
            sphere: doc.distribution.clone().unwrap_or_default(),
            typer_notation: doc.drafter.clone().unwrap_or_default(),
            appendixes: doc.appendices.iter().map(|a| a.title.clone()).collect(),
            steering_type,
            record,
        }
    }
}
