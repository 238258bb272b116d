//! The validated, normalised document that both writers read.
//!
//! Plain data: every string is NFC, user punctuation where the tool adds its
//! own is already stripped, inline text is parsed into spans. No I/O, no
//! formatting decisions (those are in `print`).

pub mod record;
pub mod skeleton;
pub mod validate;

use crate::text::inline::Inline;
use crate::text::vn::DocDate;

/// One kind of document (Nghị định 30, Điều 7 and Phụ lục III).
#[derive(Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// The YAML name: `quyet_dinh`.
    pub key: &'static str,
    /// The Vietnamese name: "Quyết định".
    pub name: &'static str,
    /// The Phụ lục III abbreviation (case-sensitive), none for công văn.
    pub abbreviation: Option<&'static str>,
    /// Whether "Kính gửi" is used (công văn; tờ trình and báo cáo to a
    /// higher body).
    pub kinh_gui: bool,
}

const fn k(key: &'static str, name: &'static str, abbr: &'static str, kinh_gui: bool) -> KindInfo {
    KindInfo {
        key,
        name,
        abbreviation: Some(abbr),
        kinh_gui,
    }
}

/// Every kind: công văn and the 27 of Phụ lục III, Mục I, in its order.
pub const KINDS: [KindInfo; 28] = [
    KindInfo {
        key: "cong_van",
        name: "Công văn",
        abbreviation: None,
        kinh_gui: true,
    },
    k("nghi_quyet", "Nghị quyết", "NQ", false),
    k("quyet_dinh", "Quyết định", "QĐ", false),
    k("chi_thi", "Chỉ thị", "CT", false),
    k("quy_che", "Quy chế", "QC", false),
    k("quy_dinh", "Quy định", "QyĐ", false),
    k("thong_cao", "Thông cáo", "TC", false),
    k("thong_bao", "Thông báo", "TB", false),
    k("huong_dan", "Hướng dẫn", "HD", false),
    k("chuong_trinh", "Chương trình", "CTr", false),
    k("ke_hoach", "Kế hoạch", "KH", false),
    k("phuong_an", "Phương án", "PA", false),
    k("de_an", "Đề án", "ĐA", false),
    k("du_an", "Dự án", "DA", false),
    k("bao_cao", "Báo cáo", "BC", true),
    k("bien_ban", "Biên bản", "BB", false),
    k("to_trinh", "Tờ trình", "TTr", true),
    k("hop_dong", "Hợp đồng", "HĐ", false),
    k("cong_dien", "Công điện", "CĐ", false),
    k("ban_ghi_nho", "Bản ghi nhớ", "BGN", false),
    k("ban_thoa_thuan", "Bản thỏa thuận", "BTT", false),
    k("giay_uy_quyen", "Giấy ủy quyền", "GUQ", false),
    k("giay_moi", "Giấy mời", "GM", false),
    k("giay_gioi_thieu", "Giấy giới thiệu", "GGT", false),
    k("giay_nghi_phep", "Giấy nghỉ phép", "GNP", false),
    k("phieu_gui", "Phiếu gửi", "PG", false),
    k("phieu_chuyen", "Phiếu chuyển", "PC", false),
    k("phieu_bao", "Phiếu báo", "PB", false),
];

/// Kind of document. Loại văn bản.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind(usize);

impl Kind {
    /// Công văn: no type line, "V/v" subject under the number (Mẫu 1.5).
    pub const CONG_VAN: Kind = Kind(0);

    /// The kind named `key` in the YAML.
    pub fn parse(key: &str) -> Option<Kind> {
        KINDS.iter().position(|k| k.key == key.trim()).map(Kind)
    }

    fn info(self) -> &'static KindInfo {
        &KINDS[self.0]
    }

    /// The YAML name of the kind.
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// The Vietnamese name, as a user reads it.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The Phụ lục III abbreviation; none for công văn.
    pub fn abbreviation(self) -> Option<&'static str> {
        self.info().abbreviation
    }

    /// Whether documents of this kind take "Kính gửi".
    pub fn takes_kinh_gui(self) -> bool {
        self.info().kinh_gui
    }

    /// Công văn carries its subject as "V/v" in the header, other kinds
    /// print their name as a title.
    pub fn is_cong_van(self) -> bool {
        self == Kind::CONG_VAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_follow_phu_luc_iii() {
        let abbr = |k: &str| Kind::parse(k).unwrap().abbreviation();
        assert_eq!(abbr("quyet_dinh"), Some("QĐ"));
        assert_eq!(abbr("quy_dinh"), Some("QyĐ"));
        assert_eq!(abbr("chuong_trinh"), Some("CTr"));
        assert_eq!(abbr("to_trinh"), Some("TTr"));
        assert_eq!(abbr("cong_van"), None);
        assert_eq!(KINDS.len(), 28);
        let mut keys: Vec<_> = KINDS.iter().map(|k| k.key).collect();
        keys.dedup();
        assert_eq!(keys.len(), 28);
        assert!(Kind::parse("to_trinh").unwrap().takes_kinh_gui());
        assert!(!Kind::parse("quyet_dinh").unwrap().takes_kinh_gui());
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

/// An article. Điều.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub title: String,
    pub paragraphs: Vec<Inline>,
    /// Clauses (khoản), numbered by the tool.
    pub clauses: Vec<Clause>,
}

/// A giấy mời's fields (Mẫu 1.7). Giấy mời.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// Who is invited (kính mời).
    pub invitee: String,
    /// The meeting (tới dự).
    pub event: String,
    pub chair: Option<String>,
    pub time: String,
    pub place: String,
    /// Things to note (lưu ý).
    pub notes: Vec<Inline>,
}

/// A chapter of a quy chế or quy định: "Chương I" and its title. Chương.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Title, upper case.
    pub title: String,
    /// Sections (mục) of the chapter, numbered Mục 1, 2, … within it.
    pub sections: Vec<Subdivision>,
    /// Articles directly in the chapter.
    pub articles: Vec<Article>,
}

/// A section or subsection of a chapter: "Mục 1", "Tiểu mục 1". Mục.
#[derive(Debug, Clone, PartialEq)]
pub struct Subdivision {
    /// Title, upper case.
    pub title: String,
    /// Subsections (tiểu mục); empty inside a tiểu mục.
    pub subsections: Vec<Subdivision>,
    pub articles: Vec<Article>,
}

/// A part of a report or plan: "Phần I" and its title. Phần.
#[derive(Debug, Clone, PartialEq)]
pub struct Division {
    /// Title, upper case.
    pub title: String,
    pub paragraphs: Vec<Inline>,
    /// Mục I., II., … numbered within the part.
    pub parts: Vec<Part>,
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
    pub paragraphs: Vec<Inline>,
    pub chapters: Vec<Chapter>,
    pub articles: Vec<Article>,
    pub parts: Vec<Part>,
    pub table: Option<Table>,
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
    pub number: Option<u32>,
    /// "SY-VP".
    pub symbol: String,
    pub place: String,
    pub date: DocDate,
    pub signer: Signer,
    pub recipients: Vec<String>,
    pub archive: Option<String>,
}

/// A Roman-numbered part of a report or plan. Mục.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Title, upper case.
    pub title: String,
    pub paragraphs: Vec<Inline>,
    pub clauses: Vec<Clause>,
}

/// A clause and its points. Khoản, điểm.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub text: Inline,
    /// Points (điểm), lettered a), b), … đ) … by the tool.
    pub points: Vec<Inline>,
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

/// A chapter's articles in print order (its own, then its sections').
pub fn chapter_articles(ch: &Chapter) -> Vec<&Article> {
    fn sub<'a>(s: &'a Subdivision, out: &mut Vec<&'a Article>) {
        out.extend(s.articles.iter());
        for t in &s.subsections {
            sub(t, out);
        }
    }
    let mut out: Vec<&Article> = ch.articles.iter().collect();
    for s in &ch.sections {
        sub(s, &mut out);
    }
    out
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
    /// Subject (trích yếu), without "V/v". For a giấy giới thiệu or giấy
    /// nghỉ phép without one, a summary for metadata and registers.
    pub subject: String,
    /// Whether the subject is printed (the Mẫu of giấy giới thiệu and
    /// giấy nghỉ phép have none).
    pub subject_printed: bool,
    /// Addressees (kính gửi), punctuation stripped.
    pub addressees: Vec<String>,
    /// Issuing authority line (thẩm quyền ban hành), upper case.
    pub authority_line: Option<String>,
    /// Legal grounds (căn cứ), without "Căn cứ" and end punctuation.
    pub grounds: Vec<Inline>,
    /// "Theo đề nghị của …": the proposer.
    pub proposer: Option<String>,
    pub articles: Vec<Article>,
    /// Chapters (chương).
    pub chapters: Vec<Chapter>,
    /// Parts (phần) of a report or plan.
    pub divisions: Vec<Division>,
    /// Roman-numbered parts (mục).
    pub parts: Vec<Part>,
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
    pub attached: Option<Attachment>,
    pub appendices: Vec<Attachment>,
    pub copy: Option<CopyBlock>,
    pub opening: Vec<Inline>,
    pub sections: Vec<Section>,
    /// A table after the sections (bảng).
    pub table: Option<Table>,
    pub closing: Vec<Inline>,
    /// The principal signer (the right-hand one).
    pub signer: Signer,
    /// A second signer on the left: the thư ký of a biên bản, the other
    /// agency of a joint document.
    pub cosigner: Option<Signer>,
    pub recipients: Vec<Recipient>,
    /// Archive line (lưu) at the top level of Nơi nhận.
    pub archive: Option<String>,
    pub keywords: Vec<String>,
    /// Write the PDF as PDF/A (the document's own `pdfa:` choice).
    pub pdfa: Option<PdfA>,
}

impl Document {
    /// Every article (Điều) of the body, in order: those at the top level,
    /// then those in chapters.
    pub fn all_articles(&self) -> Vec<&Article> {
        let mut out: Vec<&Article> = self.articles.iter().collect();
        for ch in &self.chapters {
            out.extend(chapter_articles(ch));
        }
        out
    }

    /// Every Roman-numbered part (mục), at the top level and in phần.
    pub fn all_parts(&self) -> Vec<&Part> {
        let mut out: Vec<&Part> = self.parts.iter().collect();
        for d in &self.divisions {
            out.extend(d.parts.iter());
        }
        out
    }

    /// "05/UBND-KTTH", or "/UBND-KTTH" for a draft.
    pub fn number_symbol(&self) -> String {
        match self.number {
            Some(n) => format!("{}/{}", crate::text::vn::pad2(n), self.symbol),
            None => format!("/{}", self.symbol),
        }
    }
}
