//! What is printed, decided once for both writers: every line of the
//! header, the Kính gửi block, the body paragraphs with their numbering and
//! punctuation, the signer block and the Nơi nhận list.
//!
//! The typst template receives this structure as JSON; the DOCX writer walks
//! the same structure. So the two outputs cannot differ in content.

use serde::Serialize;

use crate::model::{
    Article, Attachment, Chapter, Clause, Division, Document, Part, Recipient, Section, Signer,
    Subdivision, Table,
};
use crate::text::inline::{self, Inline, Span};
use crate::text::vn;

/// Quốc hiệu (ô 1).
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ (ô 1).
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The printed document.
#[derive(Debug, Clone, Serialize)]
pub struct Printed {
    pub meta: Meta,
    pub parent: Vec<String>,
    pub issuer: Vec<String>,
    pub national_title: &'static str,
    pub motto: &'static str,
    /// "Số: 05/UBND-KTTH".
    pub number: String,
    /// "Bắc Giang, ngày 19 tháng 4 năm 2024"; none for a biên bản.
    pub place_date: Option<String>,
    /// Secrecy and urgency stamps (ô 10a, 10b), framed, under the number.
    pub stamps: Vec<String>,
    /// Distribution note (ô 11), framed, above the right column.
    pub distribution: Option<String>,
    /// Công văn subject under the number: "V/v …".
    pub subject_cv: Option<String>,
    /// Other kinds: their name and trích yếu as a centred title (ô 5a).
    pub title: Option<Title>,
    pub kinh_gui: Option<KinhGui>,
    pub body: Vec<Block>,
    /// The principal signer, on the right.
    pub signer: SignerBlock,
    /// A second signer on the left (biên bản: thư ký; joint documents).
    /// With two signers the Nơi nhận list goes below them (Mẫu 1.9).
    pub cosigner: Option<SignerBlock>,
    pub recipients: Vec<RecipientLine>,
    /// Agency address and contacts (ô 13), page 1 only.
    pub footer: Vec<String>,
    /// Appendices and the document a quyết định issues, each from a new
    /// page with its own page numbers.
    pub attachments: Vec<PrintedAttachment>,
    /// The copy block (bản sao) under the document.
    pub copy: Option<PrintedCopy>,
}

/// An appendix (Mẫu 2.1) or attached document (Mẫu 1.3) as printed.
#[derive(Debug, Clone, Serialize)]
pub struct PrintedAttachment {
    /// The agency header (Quốc hiệu and issuing body) of an attached
    /// document; an appendix has none.
    pub header: bool,
    /// "Phụ lục I", or "Phụ lục" when there is only one.
    pub heading: Option<String>,
    /// An attached document's kind name: "QUY CHẾ".
    pub name: Option<String>,
    pub title: String,
    /// "(Kèm theo Quyết định số 07/QĐ-UBND ngày … của …)".
    pub reference: String,
    pub body: Vec<Block>,
}

/// The copy block (Mẫu 3.1): copying body, copy number, form, date,
/// signer and Nơi nhận.
#[derive(Debug, Clone, Serialize)]
pub struct PrintedCopy {
    pub issuer: Vec<String>,
    /// "SAO Y".
    pub form: &'static str,
    /// "Số: 03/SY-VP".
    pub number: String,
    pub place_date: String,
    pub signer: SignerBlock,
    pub recipients: Vec<RecipientLine>,
}

/// The title of a kind other than công văn: "QUYẾT ĐỊNH" / "Về việc …".
#[derive(Debug, Clone, Serialize)]
pub struct Title {
    pub name: String,
    /// None for giấy giới thiệu and giấy nghỉ phép (Mẫu 1.8, 1.10).
    pub subject: Option<String>,
}

/// Document metadata (PDF info, DOCX core properties).
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Issue date as [year, month, day] when complete.
    pub date: Option<[i32; 3]>,
}

/// The "Kính gửi:" block (ô 9a).
#[derive(Debug, Clone, Serialize)]
pub struct KinhGui {
    /// "Kính gửi:", or a công điện's "THỦ TƯỚNG CHÍNH PHỦ điện:".
    pub label: String,
    /// One recipient: printed on the label's line.
    pub single: Option<String>,
    /// Several: one per line, "- …;" and the last "- ….".
    pub items: Vec<String>,
    /// A công điện's label is centred and its list starts at the Kính gửi
    /// indent; a Kính gửi list lines up under the colon.
    pub centered: bool,
}

/// A block of the body.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph: justified, first-line indent.
    Para {
        /// Numbered assignee heading ("1. Sở Công Thương"), set bold.
        heading: bool,
        spans: Inline,
    },
    /// A centred line: the issuing authority, "QUYẾT ĐỊNH:".
    Center { text: String, bold: bool },
    /// Centred bold heading lines kept with what follows: "Chương I" and
    /// its title, "Mục 1" and its title.
    Heading { lines: Vec<String> },
    /// A table with a header row.
    Table {
        columns: Vec<String>,
        /// Relative widths, one per column.
        widths: Vec<f64>,
        rows: Vec<Vec<String>>,
    },
}

impl Block {
    /// The spans of a paragraph; a table has none.
    pub fn spans(&self) -> &[Span] {
        match self {
            Block::Para { spans, .. } => spans,
            Block::Table { .. } | Block::Center { .. } | Block::Heading { .. } => &[],
        }
    }
}

/// The signer block (ô 7a/7b): title lines in capitals, then the name.
#[derive(Debug, Clone, Serialize)]
pub struct SignerBlock {
    pub lines: Vec<String>,
    pub name: String,
}

/// One line of the Nơi nhận list.
#[derive(Debug, Clone, Serialize)]
pub struct RecipientLine {
    /// 0: "- " at the margin; 1: "+ " inside a group.
    pub level: u8,
    pub text: String,
}

/// Decide everything that is printed.
pub fn print(doc: &Document) -> Printed {
    let number = vn::number_line(doc.number, &doc.symbol);
    let subject_cv = doc
        .kind
        .is_cong_van()
        .then(|| format!("V/v {}", doc.subject));
    let kinh_gui = match (&doc.telegram, doc.addressees.as_slice()) {
        (Some(t), _) => Some(KinhGui {
            label: format!("{} điện:", t.sender),
            single: None,
            items: dashed(&t.addressees),
            centered: true,
        }),
        (None, []) => None,
        (None, [one]) => Some(KinhGui {
            label: "Kính gửi:".into(),
            single: Some(one.clone()),
            items: Vec::new(),
            centered: false,
        }),
        (None, many) => Some(KinhGui {
            label: "Kính gửi:".into(),
            single: None,
            items: dashed(many),
            centered: false,
        }),
    };
    let mut stamps: Vec<String> = Vec::new();
    stamps.extend(doc.secrecy.map(|s| s.text().to_string()));
    stamps.extend(doc.urgency.map(|u| u.text().to_string()));

    Printed {
        meta: meta(doc),
        parent: doc
            .parent
            .as_ref()
            .map(|p| p.lines.clone())
            .unwrap_or_default(),
        issuer: doc.issuer.lines.clone(),
        national_title: NATIONAL_TITLE,
        motto: MOTTO,
        number,
        // Mẫu 1.9: a biên bản has no place and date line.
        place_date: (doc.kind.key() != "bien_ban")
            .then(|| vn::place_date_line(&doc.place, &doc.date)),
        stamps,
        distribution: doc.distribution.clone(),
        subject_cv,
        title: (!doc.kind.is_cong_van()).then(|| Title {
            name: vn::upper(doc.kind.name()),
            subject: doc.subject_printed.then(|| doc.subject.clone()),
        }),
        kinh_gui,
        body: body(doc),
        signer: signer_block(&doc.signer),
        cosigner: doc.cosigner.as_ref().map(signer_block),
        recipients: recipients(doc),
        footer: footer(doc),
        attachments: attachments(doc),
        copy: doc.copy.as_ref().map(|c| PrintedCopy {
            issuer: c.issuer.lines.clone(),
            form: c.form.text(),
            number: vn::number_line(c.number, &c.symbol),
            place_date: vn::place_date_line(&c.place, &c.date),
            signer: signer_block(&c.signer),
            recipients: punctuated(
                c.recipients
                    .iter()
                    .map(|r| (0, r.clone(), false))
                    .chain(c.archive.iter().map(|a| (0, format!("Lưu: {a}"), false)))
                    .collect(),
            ),
        }),
    }
}

/// "- A;", "- B." for a list of recipients.
fn dashed(items: &[String]) -> Vec<String> {
    vn::punctuate_list(items)
        .into_iter()
        .map(|s| format!("- {s}"))
        .collect()
}

/// ô 13: the address on one line, the other contacts on the next.
fn footer(doc: &Document) -> Vec<String> {
    let Some(c) = &doc.contact else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(a) = &c.address {
        lines.push(format!("Địa chỉ: {a}"));
    }
    let rest: Vec<String> = [
        ("ĐT", &c.phone),
        ("Fax", &c.fax),
        ("E-mail", &c.email),
        ("Website", &c.website),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
    .collect();
    if !rest.is_empty() {
        lines.push(rest.join("; "));
    }
    lines
}

/// The appendices and the attached document, each with its heading and
/// "(Kèm theo …)" line.
fn attachments(doc: &Document) -> Vec<PrintedAttachment> {
    let number = match doc.number {
        Some(n) => format!("{}/{}", vn::pad2(n), doc.symbol),
        None => format!("{}/{}", vn::BLANK, doc.symbol),
    };
    let reference = format!(
        "(Kèm theo {} số {number} {} của {})",
        doc.kind.name(),
        doc.date.long_text(),
        doc.issuer.name()
    );
    let mut out = Vec::new();
    if let Some(a) = &doc.attached {
        out.push(PrintedAttachment {
            header: true,
            heading: None,
            name: a.kind.map(|k| vn::upper(k.name())),
            title: a.title.clone(),
            reference: reference.clone(),
            body: attachment_body(a),
        });
    }
    let many = doc.appendices.len() > 1;
    for (i, a) in doc.appendices.iter().enumerate() {
        out.push(PrintedAttachment {
            header: false,
            // §2.10: Roman numerals when there are two or more.
            heading: Some(if many {
                format!("Phụ lục {}", vn::roman(i as u32 + 1))
            } else {
                "Phụ lục".into()
            }),
            name: None,
            title: a.title.clone(),
            reference: reference.clone(),
            body: attachment_body(a),
        });
    }
    out
}

fn attachment_body(a: &Attachment) -> Vec<Block> {
    let mut b = Body::default();
    b.paras(&a.paragraphs);
    b.articles(&a.articles);
    b.chapters(&a.chapters);
    b.parts(&a.parts);
    if let Some(t) = &a.table {
        b.table(t);
    }
    b.finish()
}

fn meta(doc: &Document) -> Meta {
    let author = doc.issuer.one_line();
    let mut keywords = vec![
        doc.kind.name().to_string(),
        doc.number_symbol(),
        author.clone(),
    ];
    keywords.extend(doc.keywords.iter().cloned());
    Meta {
        title: doc.subject.clone(),
        author,
        subject: format!("{} số {}", doc.kind.name(), doc.number_symbol()),
        keywords,
        date: doc.date.full().map(|d| {
            use chrono::Datelike;
            [d.year(), d.month() as i32, d.day() as i32]
        }),
    }
}

fn body(doc: &Document) -> Vec<Block> {
    let mut b = Body::default();
    // Authority, căn cứ, proposer and the enacting word (Mẫu 1.2).
    if let Some(a) = &doc.authority_line {
        b.center(a, true);
    }
    let mut grounds: Vec<Inline> = doc
        .grounds
        .iter()
        .map(|g| {
            let mut spans = vec![Span::Italic("Căn cứ ".into())];
            spans.extend(g.iter().map(|s| match s {
                Span::Text(t) => Span::Italic(t.clone()),
                other => other.clone(),
            }));
            spans
        })
        .collect();
    if let Some(p) = &doc.proposer {
        grounds.push(vec![Span::Italic(format!("Theo đề nghị của {p}"))]);
    }
    let n = grounds.len();
    for (i, mut g) in grounds.into_iter().enumerate() {
        g.push(Span::Italic(if i + 1 == n { "." } else { ";" }.into()));
        b.push_para(g);
    }
    let enacting = match doc.kind.key() {
        "quyet_dinh" => Some("QUYẾT ĐỊNH:"),
        "nghi_quyet" => Some("QUYẾT NGHỊ:"),
        _ => None,
    };
    if let (Some(word), true) = (enacting, doc.authority_line.is_some() || n > 0) {
        b.center(word, true);
    }
    if let Some(g) = &doc.invitation {
        // Mẫu 1.7: "<cơ quan> trân trọng kính mời: …", "Tới dự …", then the
        // chair, time and place, then what to note.
        b.text(format!(
            "{} trân trọng kính mời: {}",
            doc.issuer.name(),
            g.invitee
        ));
        b.text(format!("Tới dự {}.", g.event));
        if let Some(ch) = &g.chair {
            b.text(format!("Chủ trì: {ch}."));
        }
        b.text(format!("Thời gian: {}.", g.time));
        b.text(format!("Địa điểm: {}.", g.place));
        b.paras(&g.notes);
    }
    if let Some(g) = &doc.introduction {
        // Mẫu 1.8, in its words.
        b.text(format!("{} trân trọng giới thiệu:", doc.issuer.name()));
        b.text(format!("Ông (bà) {}", g.person));
        b.text(format!("Chức vụ: {}", g.title));
        b.text(format!("Được cử đến: {}", g.sent_to));
        b.text(format!("Về việc: {}", g.purpose));
        b.text(
            "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ."
                .into(),
        );
        b.text(format!(
            "Giấy này có giá trị đến hết ngày {}",
            vn::short_date(g.valid_until)
        ));
    }
    if let Some(g) = &doc.leave {
        // Mẫu 1.10, in its words.
        b.text(format!(
            "Xét Đơn đề nghị nghỉ phép ngày {} của ông (bà) {}, {} cấp cho:",
            vn::short_date(g.request_date),
            g.person,
            doc.issuer.name()
        ));
        b.text(format!("Ông (bà): {}", g.person));
        b.text(format!("Chức vụ: {}", g.title));
        b.text(format!(
            "Được nghỉ phép trong thời gian {}, kể từ ngày {} đến hết ngày {} tại {}.",
            g.duration,
            vn::short_date(g.from),
            vn::short_date(g.to),
            g.place
        ));
        b.text(format!(
            "Số ngày nghỉ phép nêu trên được tính vào thời gian {}",
            g.counted_as
        ));
    }
    if let Some(m) = &doc.minutes {
        // Mẫu 1.9: the meeting's facts, then its content.
        b.text(format!("Thời gian bắt đầu: {}.", m.start));
        b.text(format!("Địa điểm: {}.", m.place));
        match m.attendees.as_slice() {
            [one] => b.text(format!("Thành phần tham dự: {one}.")),
            many => {
                b.text("Thành phần tham dự:".into());
                for line in dashed(many) {
                    b.text(line);
                }
            }
        }
        b.text(format!("Chủ trì (chủ tọa): {}.", m.chair));
        b.text(format!("Thư ký (người ghi biên bản): {}.", m.secretary));
        b.text(format!(
            "Nội dung (theo diễn biến {}):",
            m.event.to_lowercase()
        ));
    }
    b.paras(&doc.opening);
    b.articles(&doc.articles);
    b.chapters(&doc.chapters);
    b.divisions(&doc.divisions);
    b.parts(&doc.parts);
    b.sections(&doc.sections);
    if let Some(t) = &doc.table {
        b.table(t);
    }
    b.paras(&doc.closing);
    if let Some(m) = &doc.minutes {
        b.text(format!("{} kết thúc vào {}", m.event, m.end));
    }
    b.finish()
}

/// The body's blocks, numbered as they are added: Điều continue across
/// chapters, Mục restart in each chapter.
#[derive(Default)]
struct Body {
    blocks: Vec<Block>,
    article: usize,
}

impl Body {
    fn push_para(&mut self, spans: Inline) {
        self.blocks.push(Block::Para {
            heading: false,
            spans,
        });
    }

    fn text(&mut self, s: String) {
        self.push_para(vec![Span::Text(s)]);
    }

    fn heading_para(&mut self, s: String) {
        self.blocks.push(Block::Para {
            heading: true,
            spans: vec![Span::Text(s)],
        });
    }

    fn center(&mut self, s: &str, bold: bool) {
        self.blocks.push(Block::Center {
            text: s.to_string(),
            bold,
        });
    }

    fn paras(&mut self, ps: &[Inline]) {
        for p in ps {
            self.push_para(p.clone());
        }
    }

    fn articles(&mut self, list: &[Article]) {
        for a in list {
            self.article += 1;
            self.heading_para(format!("Điều {}. {}", self.article, a.title));
            self.paras(&a.paragraphs);
            self.clauses(&a.clauses);
        }
    }

    /// "Chương I" / title, its articles, then "Mục 1" / title … (§2.6).
    fn chapters(&mut self, list: &[Chapter]) {
        for (i, ch) in list.iter().enumerate() {
            self.heading(format!("Chương {}", vn::roman(i as u32 + 1)), &ch.title);
            self.articles(&ch.articles);
            for (j, s) in ch.sections.iter().enumerate() {
                self.subdivision("Mục", j, s);
            }
        }
    }

    fn subdivision(&mut self, word: &str, i: usize, s: &Subdivision) {
        self.heading(format!("{word} {}", i + 1), &s.title);
        self.articles(&s.articles);
        for (k, t) in s.subsections.iter().enumerate() {
            self.subdivision("Tiểu mục", k, t);
        }
    }

    fn heading(&mut self, label: String, title: &str) {
        self.blocks.push(Block::Heading {
            lines: vec![label, title.to_string()],
        });
    }

    /// "Phần I" / title, then its mục I., II. (§2.6, reports and plans).
    fn divisions(&mut self, list: &[Division]) {
        for (i, d) in list.iter().enumerate() {
            self.heading(format!("Phần {}", vn::roman(i as u32 + 1)), &d.title);
            self.paras(&d.paragraphs);
            self.parts(&d.parts);
        }
    }

    fn parts(&mut self, list: &[Part]) {
        for (i, part) in list.iter().enumerate() {
            self.heading_para(format!("{}. {}", vn::roman(i as u32 + 1), part.title));
            self.paras(&part.paragraphs);
            self.clauses(&part.clauses);
        }
    }

    fn sections(&mut self, list: &[Section]) {
        for (i, s) in list.iter().enumerate() {
            self.heading_para(format!("{}. {}", i + 1, s.assignee));
            self.paras(&s.paragraphs);
            for t in &s.tasks {
                let mut spans = Vec::new();
                inline::push_text(&mut spans, "- ");
                if !t.units.is_empty() {
                    inline::push_text(&mut spans, &format!("{}: ", t.units.join(", ")));
                }
                for sp in &t.text {
                    match sp {
                        Span::Text(x) => inline::push_text(&mut spans, x),
                        other => spans.push(other.clone()),
                    }
                }
                if let Some(d) = t.deadline {
                    let tail = inline::plain(&spans);
                    let sep = if tail.trim_end().ends_with(['.', ';', ':']) {
                        " "
                    } else {
                        ". "
                    };
                    inline::push_text(
                        &mut spans,
                        &format!(
                            "{sep}Thời hạn hoàn thành: trước ngày {}.",
                            vn::short_date(d)
                        ),
                    );
                }
                self.push_para(spans);
            }
        }
    }

    fn table(&mut self, t: &Table) {
        self.blocks.push(Block::Table {
            columns: t.columns.clone(),
            widths: t.widths.clone(),
            rows: t.rows.clone(),
        });
    }

    /// Clauses "1.", "2." and their points "a)", "b)".
    fn clauses(&mut self, clauses: &[Clause]) {
        for (k, cl) in clauses.iter().enumerate() {
            self.blocks.push(numbered(format!("{}. ", k + 1), &cl.text));
            for (j, p) in cl.points.iter().enumerate() {
                self.blocks
                    .push(numbered(format!("{}) ", vn::point_letter(j)), p));
            }
        }
    }

    /// The blocks, the last paragraph ending with "./.". A table cannot
    /// carry the mark, so a body that ends with one is closed by a
    /// paragraph of the mark alone after it (Mẫu 2.1: "./." after all the
    /// content).
    fn finish(mut self) -> Vec<Block> {
        match self.blocks.last_mut() {
            Some(Block::Para { spans, .. }) => add_final_mark(spans),
            Some(_) => self.text("./.".into()),
            None => {}
        }
        self.blocks
    }
}

/// A paragraph that starts with a number or letter: "1. …", "a) …".
fn numbered(label: String, text: &Inline) -> Block {
    let mut spans = vec![Span::Text(label)];
    for sp in text {
        match sp {
            Span::Text(x) => inline::push_text(&mut spans, x),
            other => spans.push(other.clone()),
        }
    }
    Block::Para {
        heading: false,
        spans,
    }
}

/// End the body with "./." (every Phụ lục III sample), on the last text
/// span; a trailing footnote reference stays after the mark's text.
fn add_final_mark(spans: &mut Inline) {
    match spans.last_mut() {
        Some(Span::Text(t) | Span::Bold(t) | Span::Italic(t)) => *t = vn::final_mark(t),
        _ => spans.push(Span::Text("./.".into())),
    }
}

fn signer_block(s: &Signer) -> SignerBlock {
    let mut lines = Vec::new();
    match (s.authority, &s.head) {
        (Some(a), Some(head)) => lines.push(format!("{} {head}", a.prefix())),
        (None, Some(head)) => lines.push(head.clone()),
        _ => {}
    }
    if let Some(t) = &s.title {
        lines.push(t.clone());
    }
    SignerBlock {
        lines,
        name: s.name.clone(),
    }
}

fn recipients(doc: &Document) -> Vec<RecipientLine> {
    // (level, text, is group heading)
    let mut raw: Vec<(u8, String, bool)> = Vec::new();
    for r in &doc.recipients {
        match r {
            Recipient::Single(s) => raw.push((0, s.clone(), false)),
            Recipient::Group {
                name,
                members,
                archive,
            } => {
                raw.push((0, name.clone(), true));
                raw.extend(members.iter().map(|m| (1, m.clone(), false)));
                if let Some(a) = archive {
                    raw.push((1, format!("Lưu: {a}"), false));
                }
            }
        }
    }
    if let Some(a) = &doc.archive {
        raw.push((0, format!("Lưu: {a}"), false));
    }
    // ô 12, the drafter's symbol and copies issued, follows the Lưu line
    // (Phụ lục III: "- Lưu: VT, …(8). …(9).").
    let drafter = match (&doc.drafter, doc.copies_issued) {
        (Some(d), Some(n)) => Some(format!("{d}.({n})")),
        (Some(d), None) => Some(d.clone()),
        (None, Some(n)) => Some(format!("({n})")),
        (None, None) => None,
    };
    if let Some(d) = drafter {
        match raw.last_mut() {
            Some((_, text, false)) if text.starts_with("Lưu:") => {
                *text = format!("{}. {d}", vn::strip_end_punct(text));
            }
            _ => raw.push((0, d, false)),
        }
    }
    punctuated(raw)
}

/// "- A;", "+ B;", "- Group:", the last line ending with ".".
fn punctuated(raw: Vec<(u8, String, bool)>) -> Vec<RecipientLine> {
    let n = raw.len();
    raw.into_iter()
        .enumerate()
        .map(|(i, (level, text, group))| {
            let end = if group {
                ":"
            } else if i + 1 == n {
                "."
            } else {
                ";"
            };
            let bullet = if level == 0 { "-" } else { "+" };
            RecipientLine {
                level,
                text: format!("{bullet} {text}{end}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::text::vn::DocDate;

    fn doc() -> Document {
        Document {
            kind: Kind::CONG_VAN,
            parent: None,
            issuer: Agency {
                typed: vec!["Ủy ban nhân dân".into(), "tỉnh Bắc Giang".into()],
                lines: vec!["ỦY BAN NHÂN DÂN".into(), "TỈNH BẮC GIANG".into()],
                abbreviation: Some("UBND".into()),
            },
            number: None,
            symbol: "UBND-KTTH".into(),
            drafting_unit: Some("KTTH".into()),
            place: "Bắc Giang".into(),
            date: DocDate::parse("2024-04").unwrap(),
            subject: "thử".into(),
            subject_printed: true,
            addressees: vec!["Công an tỉnh".into(), "Báo Bắc Giang".into()],
            authority_line: None,
            grounds: vec![],
            proposer: None,
            articles: vec![],
            chapters: vec![],
            divisions: vec![],
            parts: vec![],
            invitation: None,
            telegram: None,
            introduction: None,
            leave: None,
            minutes: None,
            secrecy: None,
            urgency: None,
            distribution: None,
            drafter: None,
            copies_issued: None,
            contact: None,
            attached: None,
            appendices: vec![],
            copy: None,
            opening: vec![vec![Span::Text("Mở đầu.".into())]],
            sections: vec![Section {
                assignee: "Sở Công Thương".into(),
                paragraphs: vec![],
                tasks: vec![Task {
                    id: None,
                    units: vec!["Sở Tư pháp".into()],
                    text: vec![Span::Text("Phối hợp".into())],
                    deadline: chrono::NaiveDate::from_ymd_opt(2024, 6, 30),
                }],
            }],
            table: None,
            closing: vec![],
            signer: Signer {
                authority: Some(Authority::Kt),
                head: Some("CHỦ TỊCH".into()),
                title: Some("PHÓ CHỦ TỊCH".into()),
                name: "Phan Thế Tuấn".into(),
            },
            cosigner: None,
            recipients: vec![
                Recipient::Single("Như trên".into()),
                Recipient::Group {
                    name: "Văn phòng UBND tỉnh".into(),
                    members: vec!["LĐVP, TH".into()],
                    archive: Some("VT, KTTH.Bình".into()),
                },
            ],
            archive: None,
            keywords: vec![],
            pdfa: None,
        }
    }

    #[test]
    fn kinh_gui_lines_are_punctuated() {
        let p = print(&doc());
        let k = p.kinh_gui.unwrap();
        assert_eq!(k.items, ["- Công an tỉnh;", "- Báo Bắc Giang."]);
        assert!(k.single.is_none());
        let mut d = doc();
        d.addressees.truncate(1);
        assert_eq!(
            print(&d).kinh_gui.unwrap().single.as_deref(),
            Some("Công an tỉnh")
        );
    }

    #[test]
    fn noi_nhan_nested_groups_and_final_period() {
        let lines: Vec<String> = print(&doc())
            .recipients
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            lines,
            [
                "- Như trên;",
                "- Văn phòng UBND tỉnh:",
                "+ LĐVP, TH;",
                "+ Lưu: VT, KTTH.Bình."
            ]
        );
        let mut d = doc();
        d.recipients.truncate(1);
        d.archive = Some("VT, KTTH (2)".into());
        let lines: Vec<String> = print(&d).recipients.into_iter().map(|l| l.text).collect();
        assert_eq!(lines, ["- Như trên;", "- Lưu: VT, KTTH (2)."]);
    }

    #[test]
    fn sections_tasks_deadline_and_final_mark() {
        let p = print(&doc());
        let texts: Vec<String> = p.body.iter().map(|b| inline::plain(b.spans())).collect();
        assert_eq!(
            texts,
            [
                "Mở đầu.",
                "1. Sở Công Thương",
                "- Sở Tư pháp: Phối hợp. Thời hạn hoàn thành: trước ngày 30/6/2024./."
            ]
        );
        assert!(matches!(p.body[1], Block::Para { heading: true, .. }));
    }

    #[test]
    fn header_lines() {
        let p = print(&doc());
        assert_eq!(p.number, format!("Số:{}/UBND-KTTH", vn::BLANK));
        assert_eq!(
            p.place_date.unwrap(),
            format!("Bắc Giang, ngày {} tháng 4 năm 2024", vn::BLANK)
        );
        assert_eq!(p.subject_cv.as_deref(), Some("V/v thử"));
        assert_eq!(p.signer.lines, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert!(p.meta.date.is_none());
    }
}
