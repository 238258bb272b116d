//! The validated, normalised document that both writers read.
//!
//! Plain data: every string is NFC, user punctuation where the tool adds its
//! own is already stripped, inline text is parsed into spans. No I/O, no
//! formatting decisions (those are in `print`).

use crate::inline::Inline;
use crate::vn::DocDate;

/// Kind of document. Loại văn bản.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Công văn: no type line, "V/v" subject under the number (Mẫu 1.5).
    CongVan,
}

impl Kind {
    /// The YAML name of the kind.
    pub fn key(self) -> &'static str {
        match self {
            Kind::CongVan => "cong_van",
        }
    }

    /// The Vietnamese name, as a user reads it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::CongVan => "Công văn",
        }
    }
}

/// An agency: printed name lines (upper case) and abbreviation. Cơ quan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// The name's lines as typed ("Ủy ban nhân dân", "tỉnh Bắc Giang").
    pub typed: Vec<String>,
    /// Name lines as printed; a clerk's line break is kept.
    pub lines: Vec<String>,
    pub abbreviation: Option<String>,
}

impl Agency {
    /// The name as typed on one line, for running text: "Ủy ban nhân dân
    /// tỉnh Bắc Giang".
    pub fn name(&self) -> String {
        self.typed.join(" ")
    }

    /// The printed (upper-case) name on one line, for metadata.
    pub fn one_line(&self) -> String {
        self.lines.join(" ")
    }
}

/// A task given to an assignee. Nhiệm vụ.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Stable identifier for progress tracking (mã).
    pub id: Option<String>,
    /// Units named before the text when the task is not for the whole
    /// section's assignee.
    pub units: Vec<String>,
    pub text: Inline,
    /// Deadline (hạn).
    pub deadline: Option<chrono::NaiveDate>,
}

/// A numbered section for one assignee. Phần giao nhiệm vụ cho một đơn vị.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub assignee: String,
    pub paragraphs: Vec<Inline>,
    pub tasks: Vec<Task>,
}

/// A table of plain-text cells. Bảng.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    /// Relative widths, one per column.
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<String>>,
}

/// Authority prefix of the signer (§2.7). Quyền hạn ký.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    /// Thay mặt: on behalf of a collective.
    Tm,
    /// Ký thay: a deputy for the head.
    Kt,
    /// Thừa lệnh.
    Tl,
    /// Thừa ủy quyền.
    Tuq,
    /// Quyền: acting head.
    Q,
}

impl Authority {
    /// The printed prefix, with its dot.
    pub fn prefix(self) -> &'static str {
        match self {
            Authority::Tm => "TM.",
            Authority::Kt => "KT.",
            Authority::Tl => "TL.",
            Authority::Tuq => "TUQ.",
            Authority::Q => "Q.",
        }
    }

    /// Parse "KT", "kt.", "KT." …
    pub fn parse(s: &str) -> Option<Authority> {
        match s.trim().trim_end_matches('.').to_uppercase().as_str() {
            "TM" => Some(Authority::Tm),
            "KT" => Some(Authority::Kt),
            "TL" => Some(Authority::Tl),
            "TUQ" => Some(Authority::Tuq),
            "Q" => Some(Authority::Q),
            _ => None,
        }
    }
}

/// The signer. Người ký.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub authority: Option<Authority>,
    /// The head's title or collective's name after the prefix (upper case).
    pub head: Option<String>,
    /// The signer's own title (upper case).
    pub title: Option<String>,
    pub name: String,
}

/// One entry of the Nơi nhận list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// "- Như trên;"
    Single(String),
    /// "- Văn phòng UBND tỉnh:" with "+ …" members and, optionally, the
    /// archive line inside it.
    Group {
        name: String,
        members: Vec<String>,
        archive: Option<String>,
    },
}

/// A PDF/A conformance level for archival copies (lưu trữ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PdfA {
    /// PDF/A-2b: the default; visual reproduction guaranteed.
    #[serde(rename = "2b")]
    A2b,
    /// PDF/A-2u: also guarantees text extraction (Unicode).
    #[serde(rename = "2u")]
    A2u,
    /// PDF/A-3b: allows attaching the YAML source.
    #[serde(rename = "3b")]
    A3b,
}

impl PdfA {
    /// "2b", "2u", "3b".
    pub fn key(self) -> &'static str {
        match self {
            PdfA::A2b => "2b",
            PdfA::A2u => "2u",
            PdfA::A3b => "3b",
        }
    }

    /// Parse "2b", "2u", "3b" (case-insensitive, "a-" prefix allowed).
    pub fn parse(s: &str) -> Option<PdfA> {
        let s = s.trim().to_lowercase();
        let s = s
            .trim_start_matches("pdf/")
            .trim_start_matches('a')
            .trim_start_matches('-');
        match s {
            "2b" => Some(PdfA::A2b),
            "2u" => Some(PdfA::A2u),
            "3b" => Some(PdfA::A3b),
            _ => None,
        }
    }
}

/// A validated document. Văn bản.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: Kind,
    pub parent: Option<Agency>,
    pub issuer: Agency,
    /// Number (số); `None` for a draft.
    pub number: Option<u32>,
    /// Symbol (ký hiệu), composed by the tool: "UBND-KTTH".
    pub symbol: String,
    /// Drafting unit abbreviation (đơn vị soạn thảo), for công văn.
    pub drafting_unit: Option<String>,
    pub place: String,
    pub date: DocDate,
    /// Subject (trích yếu), without "V/v".
    pub subject: String,
    /// Addressees (kính gửi), punctuation stripped.
    pub addressees: Vec<String>,
    pub opening: Vec<Inline>,
    pub sections: Vec<Section>,
    /// A table after the sections (bảng).
    pub table: Option<Table>,
    pub closing: Vec<Inline>,
    pub signer: Signer,
    pub recipients: Vec<Recipient>,
    /// Archive line (lưu) at the top level of Nơi nhận.
    pub archive: Option<String>,
    pub keywords: Vec<String>,
    /// Write the PDF as PDF/A (the document's own `pdfa:` choice).
    pub pdfa: Option<PdfA>,
}

impl Document {
    /// "05/UBND-KTTH", or "/UBND-KTTH" for a draft.
    pub fn number_symbol(&self) -> String {
        match self.number {
            Some(n) => format!("{}/{}", crate::vn::pad2(n), self.symbol),
            None => format!("/{}", self.symbol),
        }
    }
}
