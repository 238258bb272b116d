//! The metadata an electronic document carries (Nghị định 30, Phụ lục VI,
//! Phần II, Mục I: outgoing documents): written into the PDF's XMP and into
//! the archive manifests, read back by `vanban verify`.

use serde::{Deserialize, Serialize};

use crate::model::{Document, Recipient};

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
            priority: 0,
            issued_amount: None,
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
