//! The validated, normalised document that both writers read.
//!
//! Plain data: every string is NFC, user punctuation where the tool adds its
//! own is already stripped, inline text is parsed into spans. No I/O, no
//! formatting decisions (those are in `print`).

pub mod body;
pub mod record;
pub mod skeleton;
pub mod to_raw;
pub mod validate;

pub mod kinds;

pub use body::{Block, EndMark, Task};
pub use kinds::{Kind, KindInfo, KINDS};

use crate::text::inline::Inline;
use crate::text::vn::DocDate;

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

/// A giấy mời's fields (Mẫu 1.7). Giấy mời.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// Who is invited (kính mời): one on the line, several as a list.
    pub invitees: Vec<String>,
    /// The meeting (tới dự).
    pub event: String,
    pub chair: Option<String>,
    pub time: String,
    pub place: String,
    /// Things to note (lưu ý).
    pub notes: Vec<Inline>,
}

/// Who sends a công điện and to whom (Mẫu 1.6). Công điện.
#[derive(Debug, Clone, PartialEq)]
pub struct Telegram {
    /// The sender's body or title, upper case: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH".
    pub sender: String,
    pub addressees: Vec<String>,
}

/// A giấy giới thiệu's fields (Mẫu 1.8). Giấy giới thiệu.
#[derive(Debug, Clone, PartialEq)]
pub struct Introduction {
    pub person: String,
    /// Chức vụ and unit.
    pub title: String,
    /// Được cử đến.
    pub sent_to: String,
    /// Về việc.
    pub purpose: String,
    /// Có giá trị đến hết ngày.
    pub valid_until: chrono::NaiveDate,
}

/// A giấy nghỉ phép's fields (Mẫu 1.10). Giấy nghỉ phép.
#[derive(Debug, Clone, PartialEq)]
pub struct Leave {
    /// Date of the request (đơn đề nghị).
    pub request_date: chrono::NaiveDate,
    pub person: String,
    pub title: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// "05 ngày", as printed.
    pub duration: String,
    pub place: String,
    /// What the days count against.
    pub counted_as: String,
}

/// A biên bản's fields (Mẫu 1.9). Biên bản.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    /// "Cuộc họp", "Hội nghị", "Hội thảo".
    pub event: String,
    pub start: String,
    pub place: String,
    pub attendees: Vec<String>,
    pub chair: String,
    pub secretary: String,
    pub end: String,
}

/// Secrecy level (độ mật, ô 10a).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrecy {
    Mat,
    ToiMat,
    TuyetMat,
}

/// Urgency level (độ khẩn, ô 10b).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Khan,
    ThuongKhan,
    HoaToc,
}

impl Secrecy {
    pub const ALL: [(&'static str, Secrecy); 3] = [
        ("mat", Secrecy::Mat),
        ("toi_mat", Secrecy::ToiMat),
        ("tuyet_mat", Secrecy::TuyetMat),
    ];

    /// The stamp's words.
    pub fn text(self) -> &'static str {
        match self {
            Secrecy::Mat => "MẬT",
            Secrecy::ToiMat => "TỐI MẬT",
            Secrecy::TuyetMat => "TUYỆT MẬT",
        }
    }
}

impl Urgency {
    pub const ALL: [(&'static str, Urgency); 3] = [
        ("khan", Urgency::Khan),
        ("thuong_khan", Urgency::ThuongKhan),
        ("hoa_toc", Urgency::HoaToc),
    ];

    /// The stamp's words.
    pub fn text(self) -> &'static str {
        match self {
            Urgency::Khan => "KHẨN",
            Urgency::ThuongKhan => "THƯỢNG KHẨN",
            Urgency::HoaToc => "HỎA TỐC",
        }
    }
}

/// The images of the digital signatures (Phụ lục I, ô 7c and 8), as paths
/// relative to the document's folder. Ký số (issue 16).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signing {
    /// The signer's signature image (PNG, transparent, blue).
    pub signature_image: Option<std::path::PathBuf>,
    /// The agency's seal image (PNG, transparent, red).
    pub seal_image: Option<std::path::PathBuf>,
    /// The seal's real diameter, mm.
    pub seal_mm: Option<f64>,
    /// Where `ky_so` is written, for a located error about its images.
    pub pos: crate::diag::Pos,
}

/// The agency's contact details (ô 13). Thông tin liên hệ.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// An appendix (phụ lục, Mẫu 2.1) or the document a quyết định issues
/// (văn bản kèm theo, Mẫu 1.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The attached document's kind; `None` for an appendix.
    pub kind: Option<Kind>,
    /// Appendix title (upper case) or attached document's trích yếu.
    pub title: String,
    pub body: Vec<Block>,
    /// Set on landscape pages (a wide table), inside a portrait document.
    pub landscape: bool,
    pub end_mark: EndMark,
}

/// The form of a copy (Điều 25). Hình thức sao.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyForm {
    SaoY,
    TrichSao,
    SaoLuc,
}

impl CopyForm {
    pub const ALL: [(&'static str, CopyForm); 3] = [
        ("sao_y", CopyForm::SaoY),
        ("trich_sao", CopyForm::TrichSao),
        ("sao_luc", CopyForm::SaoLuc),
    ];

    /// "SAO Y", printed in ô 1 of the copy block.
    pub fn text(self) -> &'static str {
        match self {
            CopyForm::SaoY => "SAO Y",
            CopyForm::TrichSao => "TRÍCH SAO",
            CopyForm::SaoLuc => "SAO LỤC",
        }
    }

    /// The Phụ lục III abbreviation: SY, TrS, SL.
    pub fn abbreviation(self) -> &'static str {
        match self {
            CopyForm::SaoY => "SY",
            CopyForm::TrichSao => "TrS",
            CopyForm::SaoLuc => "SL",
        }
    }
}

/// A copy block under the copied document (Mẫu 3.1). Bản sao.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyBlock {
    pub form: CopyForm,
    pub issuer: Agency,
    pub number: Option<String>,
    /// "SY-VP".
    pub symbol: String,
    pub place: String,
    pub date: DocDate,
    pub signer: Signer,
    pub recipients: Vec<String>,
    pub archive: Option<String>,
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

/// A signer. Người ký.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// Authority lines above the last one, printed as typed in capitals:
    /// "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH".
    pub above: Vec<String>,
    pub authority: Option<Authority>,
    /// The head's title or collective's name after the prefix (upper case).
    pub head: Option<String>,
    /// The signer's own title (upper case); a clerk's line break is kept.
    pub title: Option<String>,
    pub name: String,
    /// Further names signing in the same block (a party of a joint record).
    pub more_names: Vec<String>,
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
    /// Number (số) as printed, leading zero added: "05", "66.19", "12a";
    /// `None` for a draft.
    pub number: Option<String>,
    /// A legal-normative document (văn bản quy phạm pháp luật): its number
    /// carries the year, "12/2024/QĐ-UBND".
    pub normative: bool,
    /// Symbol (ký hiệu), composed by the tool: "UBND-KTTH".
    pub symbol: String,
    /// Drafting unit abbreviation (đơn vị soạn thảo), for công văn.
    pub drafting_unit: Option<String>,
    pub place: String,
    pub date: DocDate,
    /// Subject (trích yếu), without "V/v". For a giấy giới thiệu or giấy
    /// nghỉ phép without one, a summary for metadata and registers.
    pub subject: String,
    /// The subject's lines as the clerk broke them (one when not broken).
    pub subject_lines: Vec<String>,
    /// Whether the subject is printed (the Mẫu of giấy giới thiệu and
    /// giấy nghỉ phép have none).
    pub subject_printed: bool,
    /// Addressees (kính gửi): one as typed, several with their end
    /// punctuation stripped (the tool adds ";" and ".").
    pub addressees: Vec<String>,
    /// A parenthetical line under the Kính gửi block: "(Theo Kế hoạch …)".
    pub addressee_note: Option<String>,
    /// Issuing authority line (thẩm quyền ban hành), upper case.
    pub authority_line: Option<String>,
    /// The preamble (căn cứ, "Theo đề nghị của …", "Xét đề nghị …"): whole
    /// lines, without their end punctuation, which the tool adds.
    pub preamble: Vec<Inline>,
    /// A giấy mời's fields.
    pub invitation: Option<Invitation>,
    pub telegram: Option<Telegram>,
    pub introduction: Option<Introduction>,
    pub leave: Option<Leave>,
    pub minutes: Option<Minutes>,
    pub secrecy: Option<Secrecy>,
    pub urgency: Option<Urgency>,
    /// Distribution note (ô 11), upper case.
    pub distribution: Option<String>,
    /// Drafter's symbol and copies issued (ô 12).
    pub drafter: Option<String>,
    pub copies_issued: Option<u32>,
    pub contact: Option<Contact>,
    /// Digital signing (`ky_so:`, issue 16): the images the signatures show.
    pub signing: Option<Signing>,
    pub attached: Option<Attachment>,
    pub appendices: Vec<Attachment>,
    pub copy: Option<CopyBlock>,
    /// The body (nội dung), one tree of blocks.
    pub body: Vec<Block>,
    pub end_mark: EndMark,
    /// Signers, left to right, row by row; the last is the principal one.
    pub signers: Vec<Signer>,
    pub recipients: Vec<Recipient>,
    /// Archive line (lưu) at the top level of Nơi nhận.
    pub archive: Option<String>,
    pub keywords: Vec<String>,
    /// Write the PDF as PDF/A (the document's own `pdfa:` choice).
    pub pdfa: Option<PdfA>,
    /// Marked a draft with `du_thao` (issue 15): `Some(0)` for `true`,
    /// `Some(n)` for "Dự thảo lần n". Never set on an issued document.
    pub draft: Option<u32>,
}

/// A unit that assigns tasks ("1. Sở Công Thương" and its "- …" tasks),
/// as progress files and reminders see it. Phần giao nhiệm vụ.
#[derive(Debug)]
pub struct TaskSection<'a> {
    /// The unit's title, or its text when it has none.
    pub assignee: String,
    pub tasks: Vec<&'a Task>,
}

impl Document {
    /// The task sections of the body, in order: "1.3" is the third task of
    /// the first.
    pub fn task_sections(&self) -> Vec<TaskSection<'_>> {
        body::task_sections(&self.body)
            .into_iter()
            .map(|(u, tasks)| TaskSection {
                assignee: u
                    .title
                    .clone()
                    .unwrap_or_else(|| crate::text::inline::plain(&u.lead)),
                tasks,
            })
            .collect()
    }

    /// A draft: the văn thư has not yet given it a number and a full date,
    /// or it is marked `du_thao`. A joint biên bản (no issuer) has no
    /// number even when issued.
    pub fn is_draft(&self) -> bool {
        self.draft.is_some()
            || self.date.full().is_none()
            || (self.number.is_none() && !self.issuer.lines.is_empty())
    }

    /// The draft mark printed at the top of a draft's first page:
    /// "DỰ THẢO", or "Dự thảo lần 2" for `du_thao: 2`; none once issued.
    pub fn draft_mark(&self) -> Option<String> {
        self.is_draft().then(|| match self.draft {
            Some(n) if n > 0 => format!("Dự thảo lần {n}"),
            _ => "DỰ THẢO".to_string(),
        })
    }

    /// The principal signer: the only one, or the last of several.
    pub fn signer(&self) -> &Signer {
        self.signers
            .last()
            .expect("validate keeps at least one signer")
    }

    /// "05/UBND-KTTH", or "/UBND-KTTH" for a draft.
    pub fn number_symbol(&self) -> String {
        format!(
            "{}/{}",
            self.number.as_deref().unwrap_or(""),
            self.full_symbol()
        )
    }

    /// The symbol with the year of a legal-normative document:
    /// "2024/QĐ-UBND"; otherwise the symbol.
    pub fn full_symbol(&self) -> String {
        if self.normative {
            format!("{}/{}", self.date.year, self.symbol)
        } else {
            self.symbol.clone()
        }
    }
}
