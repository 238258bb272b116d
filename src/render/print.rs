//! What is printed, decided once for both writers: every line of the
//! header, the Kính gửi block, the body paragraphs with their numbering,
//! spacing and punctuation, the signer blocks and the Nơi nhận list.
//!
//! The typst template receives this structure as JSON; the DOCX writer walks
//! the same structure. So the two outputs cannot differ in content, and they
//! break centred titles and signer lines at the same words (balanced lines
//! measured with the bundled fonts' metrics).

use serde::Serialize;

use crate::model::body::{self as mb, Align, Level};
use crate::model::{Attachment, Document, EndMark, Recipient, Signer};
use crate::render::fonts::text_width_pt;
use crate::render::layout::{TextStyle, ND30};
use crate::text::inline::{self, Inline, Span, Style};
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
    /// "Số: 05/UBND-KTTH"; none for a joint biên bản.
    pub number: Option<String>,
    /// "Bắc Giang, ngày 19 tháng 4 năm 2024"; none for a biên bản (Mẫu
    /// 1.9) unless it is a joint one without an issuer.
    pub place_date: Option<String>,
    /// Secrecy and urgency stamps (ô 10a, 10b), framed, under the number.
    pub stamps: Vec<String>,
    /// Distribution note (ô 11), framed, above the right column.
    pub distribution: Option<String>,
    /// The draft mark (issue 15): "DỰ THẢO" or "Dự thảo lần 2", framed and
    /// bold at the top right of the first page, in the top margin above the
    /// Quốc hiệu. None on an issued document.
    pub draft_mark: Option<String>,
    /// Công văn subject under the number, in balanced lines: "V/v …".
    pub subject_cv: Vec<String>,
    /// Other kinds: their name and trích yếu as a centred title (ô 5a).
    pub title: Option<Title>,
    pub kinh_gui: Option<KinhGui>,
    pub body: Vec<Block>,
    /// Signers left to right, two to a row; with one, Nơi nhận is beside it
    /// on the left; with more, below them (Mẫu 1.9).
    pub signers: Vec<SignerBlock>,
    pub recipients: Vec<RecipientLine>,
    /// Agency address and contacts (ô 13), page 1 only.
    pub footer: Vec<String>,
    /// Appendices and the document a quyết định issues, each from a new
    /// page with its own page numbers.
    pub attachments: Vec<PrintedAttachment>,
    /// The copy block (bản sao) under the document.
    pub copy: Option<PrintedCopy>,
    /// The images the body shows, in order; `Block::Image` names them by
    /// index. The writers load their bytes.
    pub images: Vec<ImageRef>,
}

/// An image of the body: where it is and the size it is printed at.
#[derive(Debug, Clone, Serialize)]
pub struct ImageRef {
    /// Relative to the document's folder.
    pub path: std::path::PathBuf,
    /// Width in mm as asked; none for the image's own size.
    pub width_mm: Option<f64>,
    /// The text width where it stands, which it never exceeds.
    pub max_mm: f64,
    /// A height it never exceeds (a signature in its space), if any.
    pub max_h_mm: Option<f64>,
    #[serde(skip)]
    pub pos: crate::diag::Pos,
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
    /// The title in balanced lines.
    pub title: Vec<String>,
    /// "(Kèm theo Quyết định số 07/QĐ-UBND ngày … của …)".
    pub reference: Vec<String>,
    pub body: Vec<Block>,
    /// Set on landscape pages.
    pub landscape: bool,
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
    /// The trích yếu in balanced lines; empty for giấy giới thiệu and giấy
    /// nghỉ phép (Mẫu 1.8, 1.10).
    pub subject: Vec<String>,
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
    /// One recipient: printed on the label's line, as typed.
    pub single: Option<String>,
    /// Several: one per line, "- …;" and the last "- ….".
    pub items: Vec<String>,
    /// A công điện's label is centred and its list starts at the Kính gửi
    /// indent; a Kính gửi list lines up under the colon.
    pub centered: bool,
    /// A line in brackets under the block, centred (F1).
    pub note: Option<String>,
}

/// A block of the body, as the writers set it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Para(Par),
    /// Centred bold heading lines kept with what follows: "Chương I" and
    /// its title, "Mục 1" and its title.
    Heading {
        lines: Vec<String>,
        after: f64,
    },
    Table(PTable),
    Image {
        /// Index into [`Printed::images`].
        image: usize,
        caption: Option<String>,
        after: f64,
    },
    /// A page break.
    Break,
}

/// A paragraph as set: its runs, alignment, first-line indent, whether it
/// stays with the next block, and the space after it.
#[derive(Debug, Clone, Serialize)]
pub struct Par {
    pub spans: Inline,
    pub align: Align,
    /// First-line indent (Phụ lục I: 1 cm or 1.27 cm); off for centred
    /// lines and notes.
    pub indent: bool,
    /// Kept on the page of the block after it (headings, titled units).
    pub keep: bool,
    /// Space after, in points, before the next block.
    pub after: f64,
    /// A note line ("(Có … kèm theo)"): the end mark passes it by.
    #[serde(skip)]
    pub note: bool,
}

/// A table as set: column widths in mm, header rows (repeated on each
/// page) and body rows, each cell with its grid column.
#[derive(Debug, Clone, Serialize)]
pub struct PTable {
    pub widths: Vec<f64>,
    pub header: Vec<Vec<PCell>>,
    pub rows: Vec<Vec<PCell>>,
    pub repeat: bool,
    pub after: f64,
}

/// A table cell: where it starts, its span, how it is set, its paragraphs.
#[derive(Debug, Clone, Serialize)]
pub struct PCell {
    /// Grid column where the cell starts (the DOCX needs it for vertical
    /// merges; typst places cells alike by itself).
    pub x: usize,
    pub colspan: usize,
    pub rowspan: usize,
    pub align: Align,
    pub bold: bool,
    pub italic: bool,
    pub paras: Vec<Inline>,
}

impl Block {
    /// The runs of a paragraph; other blocks have none.
    pub fn spans(&self) -> &[Span] {
        match self {
            Block::Para(p) => &p.spans,
            _ => &[],
        }
    }
}

/// A signer block (ô 7a/7b): title lines in capitals, then the names, each
/// after room for a signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignerBlock {
    pub lines: Vec<String>,
    pub names: Vec<String>,
    /// For printing (the DOCX; the signed PDF draws them in its signature
    /// appearance): the signature image, centred in the space for it, and
    /// the seal over its left third (Phụ lục I, ô 7c and 8). Indexes into
    /// [`Printed::images`].
    #[serde(skip)]
    pub signature: Option<usize>,
    #[serde(skip)]
    pub seal: Option<usize>,
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
    let l = &ND30;
    let joint = doc.issuer.lines.is_empty();
    let number = (!joint).then(|| vn::number_line(doc.number.as_deref(), &doc.full_symbol()));
    let subject_cv = if doc.kind.is_cong_van() {
        balance_lines(
            &doc.subject_lines
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>(),
            "V/v ",
            &l.subject_cv,
            l.header_left,
        )
    } else {
        Vec::new()
    };
    let kinh_gui = match (&doc.telegram, doc.addressees.as_slice()) {
        (Some(t), _) => Some(KinhGui {
            label: format!("{} điện:", t.sender),
            single: None,
            items: dashed(&t.addressees),
            centered: true,
            note: None,
        }),
        (None, []) => None,
        (None, [one]) => Some(KinhGui {
            label: "Kính gửi:".into(),
            single: Some(one.clone()),
            items: Vec::new(),
            centered: false,
            note: doc.addressee_note.clone(),
        }),
        (None, many) => Some(KinhGui {
            label: "Kính gửi:".into(),
            single: None,
            items: dashed(many),
            centered: false,
            note: doc.addressee_note.clone(),
        }),
    };
    let mut stamps: Vec<String> = Vec::new();
    stamps.extend(doc.secrecy.map(|s| s.text().to_string()));
    stamps.extend(doc.urgency.map(|u| u.text().to_string()));
    let mut images = Vec::new();
    let body = body(doc, &mut images);
    let attachments = attachments(doc, &mut images);
    let sign_width = if doc.signers.len() > 1 {
        l.cosign_right
    } else {
        l.sign_right
    };

    Printed {
        meta: meta(doc),
        parent: doc
            .parent
            .as_ref()
            .map(|p| balance_each(&p.lines, &l.parent_body, l.header_left))
            .unwrap_or_default(),
        issuer: balance_each(&doc.issuer.lines, &l.issuing_body, l.header_left),
        national_title: NATIONAL_TITLE,
        motto: MOTTO,
        number,
        // Mẫu 1.9: a biên bản has no place and date line; a joint one,
        // without an issuer, has it under the Quốc hiệu (J).
        place_date: (doc.kind.key() != "bien_ban" || joint)
            .then(|| vn::place_date_line(&doc.place, &doc.date)),
        stamps,
        distribution: doc.distribution.clone(),
        draft_mark: doc.draft_mark(),
        subject_cv,
        title: (!doc.kind.is_cong_van()).then(|| Title {
            name: vn::upper(doc.kind.name()),
            subject: if doc.subject_printed {
                balance_lines(
                    &doc.subject_lines
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>(),
                    "",
                    &l.subject_title,
                    l.text_width(),
                )
            } else {
                Vec::new()
            },
        }),
        kinh_gui,
        body,
        signers: {
            let mut blocks = signer_grid(&doc.signers, sign_width);
            if let (Some(sg), Some(last)) = (&doc.signing, blocks.last_mut()) {
                let l = &ND30;
                let mut add = |path: &Option<std::path::PathBuf>, w: f64, h: Option<f64>| {
                    path.as_ref().map(|p| {
                        images.push(ImageRef {
                            path: p.clone(),
                            width_mm: Some(w),
                            max_mm: w,
                            max_h_mm: h,
                            pos: sg.pos,
                        });
                        images.len() - 1
                    })
                };
                // The signature fits the space kept for it; the seal is at
                // its real size (ND30: 35–42 mm is usual).
                last.signature = add(
                    &sg.signature_image,
                    sign_width * 0.6,
                    Some(l.signature_space * 0.85),
                );
                last.seal = add(&sg.seal_image, sg.seal_mm.unwrap_or(36.0), None);
            }
            blocks
        },
        recipients: recipients(doc),
        footer: footer(doc),
        attachments,
        copy: doc.copy.as_ref().map(|c| PrintedCopy {
            issuer: balance_each(&c.issuer.lines, &l.issuing_body, l.sign_left),
            form: c.form.text(),
            number: vn::number_line(c.number.as_deref(), &c.symbol),
            place_date: vn::place_date_line(&c.place, &c.date),
            signer: signer_block(&c.signer, l.sign_right),
            recipients: punctuated(
                c.recipients
                    .iter()
                    .map(|r| (0, r.clone(), false))
                    .chain(c.archive.iter().map(|a| (0, format!("Lưu: {a}"), false)))
                    .collect(),
            ),
        }),
        images,
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
fn attachments(doc: &Document, images: &mut Vec<ImageRef>) -> Vec<PrintedAttachment> {
    let l = &ND30;
    let number = format!(
        "{}/{}",
        doc.number.clone().unwrap_or_else(|| vn::BLANK.to_string()),
        doc.full_symbol()
    );
    let reference = format!(
        "(Kèm theo {} số {number} {} của {})",
        doc.kind.name(),
        doc.date.long_text(),
        doc.issuer.name()
    );
    let mut out = Vec::new();
    let width = |a: &Attachment| {
        if a.landscape {
            l.page_height - l.margin_left - l.margin_right
        } else {
            l.text_width()
        }
    };
    let title_style = &l.subject_title;
    if let Some(a) = &doc.attached {
        out.push(PrintedAttachment {
            header: true,
            heading: None,
            name: a.kind.map(|k| vn::upper(k.name())),
            title: balance_lines(&[&a.title], "", title_style, width(a)),
            reference: balance_lines(&[&reference], "", &l.attachment_ref, width(a)),
            body: attachment_body(a, images),
            landscape: a.landscape,
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
            title: balance_lines(&[&a.title], "", title_style, width(a)),
            reference: balance_lines(&[&reference], "", &l.attachment_ref, width(a)),
            body: attachment_body(a, images),
            landscape: a.landscape,
        });
    }
    out
}

fn attachment_body(a: &Attachment, images: &mut Vec<ImageRef>) -> Vec<Block> {
    let mut b = Body::new(images, a.landscape);
    b.blocks(&a.body, None);
    b.finish(a.end_mark)
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

fn body(doc: &Document, images: &mut Vec<ImageRef>) -> Vec<Block> {
    let mut b = Body::new(images, false);
    // Authority, preamble and the enacting word (Mẫu 1.2).
    if let Some(a) = &doc.authority_line {
        b.center(a);
    }
    let n = doc.preamble.len();
    for (i, line) in doc.preamble.iter().enumerate() {
        let mut spans = inline::restyle(line, |s| s.italic = true);
        let end = if i + 1 == n { "." } else { ";" };
        inline::push_styled(&mut spans, end, Style::ITALIC);
        b.para(spans);
    }
    if let (Some(word), true) = (doc.kind.enacting(), doc.authority_line.is_some() || n > 0) {
        b.center(word);
    }
    if let Some(g) = &doc.invitation {
        // Mẫu 1.7: "<cơ quan> trân trọng kính mời: …", "Tới dự …", then the
        // chair, time and place, then what to note.
        match g.invitees.as_slice() {
            [one] => b.text(format!("{} trân trọng kính mời: {one}", doc.issuer.name())),
            many => {
                b.text(format!("{} trân trọng kính mời:", doc.issuer.name()));
                b.list_lines(&dashed(many));
            }
        }
        b.text(format!("Tới dự {}.", g.event));
        if let Some(ch) = &g.chair {
            b.text(format!("Chủ trì: {ch}."));
        }
        b.text(format!("Thời gian: {}.", g.time));
        b.text(format!("Địa điểm: {}.", g.place));
        for p in &g.notes {
            b.para(p.clone());
        }
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
                b.list_lines(&dashed(many));
            }
        }
        b.text(format!("Chủ trì (chủ tọa): {}.", m.chair));
        b.text(format!("Thư ký (người ghi biên bản): {}.", m.secretary));
        b.text(format!(
            "Nội dung (theo diễn biến {}):",
            m.event.to_lowercase()
        ));
    }
    b.blocks(&doc.body, None);
    if let Some(m) = &doc.minutes {
        b.text(format!("{} kết thúc vào {}", m.event, m.end));
    }
    b.finish(doc.end_mark)
}

/// Counters of one list of siblings; Điều, Chương and Phần count through
/// the whole text.
#[derive(Default)]
struct Siblings {
    roman: u32,
    clause: u32,
    sub_clause: u32,
    point: usize,
    section: u32,
}

/// The body's blocks, numbered as they are added.
struct Body<'a> {
    out: Vec<Block>,
    article: u32,
    chapter: u32,
    part: u32,
    images: &'a mut Vec<ImageRef>,
    /// Text width in mm (landscape appendices are wider).
    width: f64,
}

impl<'a> Body<'a> {
    fn new(images: &'a mut Vec<ImageRef>, landscape: bool) -> Self {
        let l = &ND30;
        Body {
            out: Vec::new(),
            article: 0,
            chapter: 0,
            part: 0,
            images,
            width: if landscape {
                l.page_height - l.margin_left - l.margin_right
            } else {
                l.text_width()
            },
        }
    }

    fn push_par(&mut self, spans: Inline, align: Align, indent: bool, keep: bool) {
        let spans = spans
            .into_iter()
            .map(|sp| match sp {
                Span::Text { text, style } => Span::styled(vn::keep_article_refs(&text), style),
                other => other,
            })
            .collect();
        self.out.push(Block::Para(Par {
            spans,
            align,
            indent,
            keep,
            after: ND30.paragraph_space_pt,
            note: false,
        }));
    }

    /// A justified body paragraph.
    fn para(&mut self, spans: Inline) {
        self.push_par(spans, Align::Justify, true, false);
    }

    fn text(&mut self, s: String) {
        self.para(vec![Span::plain(s)]);
    }

    /// A centred bold line kept with what follows: the issuing authority,
    /// "QUYẾT ĐỊNH:".
    fn center(&mut self, s: &str) {
        self.push_par(vec![Span::bold(s)], Align::Center, false, true);
    }

    /// Lines of a list the tool wrote ("- A;", "- B."): one-liners are set
    /// close together.
    fn list_lines(&mut self, lines: &[String]) {
        let start = self.out.len();
        for t in lines {
            self.text(t.clone());
        }
        self.compact(start);
    }

    /// A bold line "<label> <title>" kept with what follows.
    fn heading_line(&mut self, label: &str, title: &str) {
        let text = if label.is_empty() {
            title.to_string()
        } else {
            format!("{label} {title}")
        };
        self.push_par(vec![Span::bold(text)], Align::Justify, true, true);
    }

    /// Centred division heading: "Chương I" / TITLE (Phụ lục I, II.6.đ).
    fn division(&mut self, label: String, title: &str) {
        let l = &ND30;
        let mut lines = vec![label];
        lines.extend(balance_lines(&[title], "", &l.division, self.width));
        self.out.push(Block::Heading {
            lines,
            after: l.paragraph_space_pt,
        });
    }

    /// A list of sibling blocks; `parent` is the number of the clause a
    /// tiểu khoản is numbered from.
    fn blocks(&mut self, blocks: &[mb::Block], parent: Option<&str>) {
        let mut sib = Siblings::default();
        let mut run_start: Option<usize> = None;
        for b in blocks {
            // A run of "-"/"+" items is set compact when every item is one
            // line (G2: a one-page giấy mời stays one page).
            let is_item = matches!(b, mb::Block::Item(i) if i.children.is_empty());
            match (is_item, run_start) {
                (true, None) => run_start = Some(self.out.len()),
                (false, Some(s)) => {
                    self.compact(s);
                    run_start = None;
                }
                _ => {}
            }
            self.block(b, &mut sib, parent);
        }
        if let Some(s) = run_start {
            self.compact(s);
        }
    }

    fn block(&mut self, b: &mb::Block, sib: &mut Siblings, parent: Option<&str>) {
        match b {
            mb::Block::Para(p) => {
                let indent = p.align == Align::Justify;
                self.push_par(p.spans.clone(), p.align, indent, false);
            }
            mb::Block::Unit(u) => self.unit(u, sib, parent),
            mb::Block::Item(i) => {
                let mut spans = vec![Span::plain(format!("{} ", i.marker.text()))];
                inline::extend(&mut spans, &i.spans);
                self.para(spans);
                self.blocks(&i.children, parent);
            }
            mb::Block::Task(t) => self.task(t),
            mb::Block::Field(f) => {
                let style = if f.bold { Style::BOLD } else { Style::PLAIN };
                let mut spans = vec![Span::styled(format!("{}:", f.label), style)];
                if !f.lead.is_empty() {
                    inline::push_text(&mut spans, " ");
                    inline::extend(&mut spans, &f.lead);
                }
                let keep = f.lead.is_empty() && !f.children.is_empty();
                self.push_par(spans, Align::Justify, true, keep);
                self.blocks(&f.children, parent);
            }
            mb::Block::Table(t) => self.table(t),
            mb::Block::Image(img) => {
                self.images.push(ImageRef {
                    path: img.path.clone(),
                    width_mm: img.width_mm,
                    max_mm: self.width,
                    max_h_mm: None,
                    pos: img.pos,
                });
                self.out.push(Block::Image {
                    image: self.images.len() - 1,
                    caption: img.caption.clone(),
                    after: ND30.paragraph_space_pt,
                });
            }
            mb::Block::Note { spans, align } => {
                let spans = inline::restyle(spans, |s| s.italic = true);
                self.out.push(Block::Para(Par {
                    spans,
                    align: *align,
                    indent: *align == Align::Justify,
                    keep: false,
                    after: ND30.paragraph_space_pt,
                    note: true,
                }));
            }
            mb::Block::PageBreak => self.out.push(Block::Break),
        }
    }

    /// Set the items from `start` on close together when each is one line.
    fn compact(&mut self, start: usize) {
        let l = &ND30;
        let st = &l.body;
        // Room on the first line: the text width less the first-line indent.
        let room_pt = (self.width - l.first_line_indent) * 72.0 / 25.4;
        let one_line = self.out[start..].iter().all(|b| match b {
            Block::Para(p) => {
                let w: f64 = p
                    .spans
                    .iter()
                    .map(|s| match s {
                        Span::Text { text, style } => {
                            text_width_pt(text, st.size, style.bold, style.italic)
                        }
                        Span::Footnote(_) => st.size / 2.0,
                    })
                    .sum();
                w <= room_pt
            }
            _ => false,
        });
        let n = self.out.len();
        if one_line && n - start > 1 {
            for b in &mut self.out[start..n - 1] {
                if let Block::Para(p) = b {
                    p.after = l.list_space_pt;
                }
            }
        }
    }

    fn unit(&mut self, u: &mb::Unit, sib: &mut Siblings, parent: Option<&str>) {
        // The number: the clerk's own, or the next of its counter.
        let set = |counter: &mut u32, own: &Option<String>| -> u32 {
            match own.as_deref().and_then(|s| s.parse::<u32>().ok()) {
                Some(n) => *counter = n,
                None => *counter += 1,
            }
            *counter
        };
        let title = u.title.as_deref().unwrap_or("");
        match u.level {
            Level::Part | Level::Chapter | Level::Section | Level::Subsection => {
                let (word, n) = match u.level {
                    Level::Part => ("Phần", vn::roman(set(&mut self.part, &u.number))),
                    Level::Chapter => ("Chương", vn::roman(set(&mut self.chapter, &u.number))),
                    Level::Section => ("Mục", set(&mut sib.section, &u.number).to_string()),
                    _ => ("Tiểu mục", set(&mut sib.section, &u.number).to_string()),
                };
                let n = match &u.number {
                    Some(own) if own.parse::<u32>().is_err() => own.clone(),
                    _ => n,
                };
                self.division(format!("{word} {n}"), title);
                if !u.lead.is_empty() {
                    self.para(u.lead.clone());
                }
                self.blocks(&u.children, None);
            }
            Level::Roman | Level::Article | Level::Clause | Level::SubClause | Level::Point => {
                let auto = match u.level {
                    Level::Roman => vn::roman(set(&mut sib.roman, &u.number)),
                    Level::Article => set(&mut self.article, &u.number).to_string(),
                    Level::Clause => set(&mut sib.clause, &u.number).to_string(),
                    Level::SubClause => {
                        let n = set(&mut sib.sub_clause, &u.number);
                        match parent {
                            Some(p) => format!("{p}.{n}"),
                            None => n.to_string(),
                        }
                    }
                    _ => {
                        let own = u.number.is_some();
                        sib.point += 1;
                        if own {
                            String::new()
                        } else {
                            vn::point_letter(sib.point - 1)
                        }
                    }
                };
                let n = match &u.number {
                    Some(own) if u.level == Level::Point || own.parse::<u32>().is_err() => {
                        own.clone()
                    }
                    _ => auto,
                };
                // "Điều 5" never breaks inside (a no-break space).
                let label = match u.level {
                    Level::Article => format!("Điều {n}."),
                    Level::Point => format!("{n})"),
                    _ => format!("{n}."),
                };
                if u.title.is_some() {
                    let title = if u.level == Level::Roman {
                        title.to_string()
                    } else {
                        vn::strip_end_punct(title).to_string()
                    };
                    self.heading_line(&label, &title);
                    if !u.lead.is_empty() {
                        self.para(u.lead.clone());
                    }
                } else {
                    // Untitled: only "Điều 1." is bold, the content runs in
                    // (C1); a khoản or điểm number is upright.
                    let style = if u.level == Level::Article {
                        Style::BOLD
                    } else {
                        Style::PLAIN
                    };
                    let mut spans = vec![Span::styled(label, style)];
                    if !u.lead.is_empty() {
                        inline::push_text(&mut spans, " ");
                        inline::extend(&mut spans, &u.lead);
                    }
                    self.para(spans);
                }
                let number = match u.level {
                    Level::Clause | Level::SubClause => Some(n.as_str()),
                    _ => None,
                };
                self.blocks(&u.children, number);
            }
        }
    }

    /// "- [units: ]text[. Thời hạn hoàn thành: trước ngày 30/6/2024.]"
    fn task(&mut self, t: &mb::Task) {
        let mut spans = Vec::new();
        inline::push_text(&mut spans, "- ");
        if !t.units.is_empty() {
            inline::push_text(&mut spans, &format!("{}: ", t.units.join(", ")));
        }
        inline::extend(&mut spans, &t.text);
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
        self.para(spans);
    }

    fn table(&mut self, t: &mb::Table) {
        let total: f64 = t
            .columns
            .iter()
            .map(|c| c.width)
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        let widths: Vec<f64> = t
            .columns
            .iter()
            .map(|c| c.width / total * self.width)
            .collect();
        let n = t.columns.len();
        let place = |cells: &[mb::Cell], carry: &mut Vec<usize>, bold: bool, italic: bool| {
            let mut out = Vec::new();
            let mut x = 0;
            for c in cells {
                while x < n && carry[x] > 0 {
                    x += 1;
                }
                let align = c
                    .align
                    .unwrap_or_else(|| t.columns.get(x).map_or(Align::Left, |col| col.align));
                out.push(PCell {
                    x,
                    colspan: c.colspan,
                    rowspan: c.rowspan,
                    align,
                    bold: bold || c.bold,
                    italic,
                    paras: c.paras.clone(),
                });
                for k in &mut carry[x..(x + c.colspan).min(n)] {
                    *k = c.rowspan;
                }
                x += c.colspan;
            }
            for k in carry.iter_mut() {
                *k = k.saturating_sub(1);
            }
            out
        };
        let mut carry = vec![0usize; n];
        let mut header: Vec<Vec<PCell>> = t
            .header
            .iter()
            .map(|r| place(r, &mut carry, true, false))
            .collect();
        if t.column_numbers {
            let nums: Vec<mb::Cell> = (1..=n)
                .map(|i| mb::Cell {
                    paras: vec![vec![Span::plain(format!("({i})"))]],
                    colspan: 1,
                    rowspan: 1,
                    align: Some(Align::Center),
                    bold: false,
                })
                .collect();
            header.push(place(&nums, &mut carry, false, true));
        }
        let mut rows = Vec::new();
        let mut carry = vec![0usize; n];
        let mut stt = 0;
        for r in &t.rows {
            match r {
                mb::Row::Cells(cells) => {
                    let mut cells = cells.clone();
                    if t.numbered {
                        stt += 1;
                        if let Some(first) = cells.first_mut() {
                            first.paras = vec![vec![Span::plain(stt.to_string())]];
                            first.align = first.align.or(Some(Align::Center));
                        }
                    }
                    rows.push(place(&cells, &mut carry, false, false));
                }
                mb::Row::Total(cells) => rows.push(place(cells, &mut carry, true, false)),
                mb::Row::Group(spans) => {
                    // Numbering restarts after a group row.
                    stt = 0;
                    let cell = mb::Cell {
                        paras: vec![spans.clone()],
                        colspan: n,
                        rowspan: 1,
                        align: Some(Align::Left),
                        bold: true,
                    };
                    rows.push(place(&[cell], &mut carry, true, false));
                }
            }
        }
        self.out.push(Block::Table(PTable {
            widths,
            header,
            rows,
            repeat: t.repeat_header,
            after: ND30.table_space_pt,
        }));
    }

    /// The blocks, with the end mark "./." where `mark` puts it.
    fn finish(mut self, mark: EndMark) -> Vec<Block> {
        let target = match mark {
            EndMark::None => return self.out,
            EndMark::AfterAll => self.out.len().checked_sub(1),
            EndMark::LastParagraph => self
                .out
                .iter()
                .rposition(|b| !matches!(b, Block::Para(Par { note: true, .. }) | Block::Break)),
        };
        let Some(i) = target else {
            return self.out;
        };
        let marked = match &mut self.out[i] {
            Block::Para(p) => inline::map_last_text(&mut p.spans, vn::final_mark),
            _ => false,
        };
        // A table, an image or a heading cannot carry the mark: a paragraph
        // of the mark alone follows it (Mẫu 2.1: "./." after all the
        // content).
        if !marked {
            {
                let l = &ND30;
                self.out.insert(
                    i + 1,
                    Block::Para(Par {
                        spans: vec![Span::plain("./.")],
                        align: Align::Justify,
                        indent: true,
                        keep: false,
                        after: l.paragraph_space_pt,
                        note: false,
                    }),
                );
            }
        }
        self.out
    }
}

/// Signer blocks; in a grid the blocks of a row get the same number of
/// title lines, so that their names sit on one line.
fn signer_grid(signers: &[Signer], width_mm: f64) -> Vec<SignerBlock> {
    let mut blocks: Vec<SignerBlock> = signers.iter().map(|s| signer_block(s, width_mm)).collect();
    if blocks.len() > 1 {
        for row in blocks.chunks_mut(2) {
            let n = row.iter().map(|b| b.lines.len()).max().unwrap_or(0);
            for b in row {
                b.lines.resize(n, String::new());
            }
        }
    }
    blocks
}

/// The signer's title lines, each balanced in the column, then the names.
fn signer_block(s: &Signer, width_mm: f64) -> SignerBlock {
    let st = &ND30.signer;
    let mut lines = Vec::new();
    for a in &s.above {
        lines.extend(balance_lines(&[a], "", st, width_mm));
    }
    let first = match (s.authority, &s.head) {
        (Some(a), Some(head)) => Some(format!("{} {head}", a.prefix())),
        (None, Some(head)) => Some(head.clone()),
        _ => None,
    };
    for part in first.iter().chain(s.title.iter()) {
        let segs: Vec<&str> = part.split('\n').collect();
        lines.extend(balance_lines(&segs, "", st, width_mm));
    }
    let mut names = vec![s.name.clone()];
    names.extend(s.more_names.iter().cloned());
    SignerBlock {
        lines,
        names,
        signature: None,
        seal: None,
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

/// Each line of a name block balanced in `width_mm`.
fn balance_each(lines: &[String], st: &TextStyle, width_mm: f64) -> Vec<String> {
    let segs: Vec<&str> = lines.iter().map(String::as_str).collect();
    balance_lines(&segs, "", st, width_mm)
}

/// Break centred text into balanced lines no wider than `width_mm`: the
/// clerk's own lines are kept, and a line too long for the width is split
/// into the fewest lines, as even as the words allow, so that no word is
/// left alone on a last line. `prefix` ("V/v ") goes before the first.
pub fn balance_lines(
    segments: &[&str],
    prefix: &str,
    st: &TextStyle,
    width_mm: f64,
) -> Vec<String> {
    // A hair under the width: Word and typst must both fit each line.
    let room = width_mm * 72.0 / 25.4 * 0.97;
    let w = |s: &str| text_width_pt(s, st.size, st.bold, st.italic);
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let text = if i == 0 {
            format!("{prefix}{seg}")
        } else {
            seg.to_string()
        };
        let words: Vec<&str> = text.split(' ').filter(|s| !s.is_empty()).collect();
        if words.is_empty() {
            continue;
        }
        if w(&text) <= room || words.len() == 1 {
            out.push(words.join(" "));
            continue;
        }
        out.extend(balance_words(&words, room, &w));
    }
    out
}

/// Split words into the fewest lines that fit `room`, then even them out:
/// the partition with that many lines whose widest line is narrowest.
fn balance_words(words: &[&str], room: f64, w: &impl Fn(&str) -> f64) -> Vec<String> {
    let space = w(" ");
    let widths: Vec<f64> = words.iter().map(|s| w(s)).collect();
    let line_w = |a: usize, b: usize| -> f64 {
        widths[a..b].iter().sum::<f64>() + space * (b - a).saturating_sub(1) as f64
    };
    // Greedy: the fewest lines.
    let mut k = 1;
    let mut cur = 0.0;
    for (i, ww) in widths.iter().enumerate() {
        let add = if cur == 0.0 { *ww } else { cur + space + ww };
        if add > room && cur > 0.0 {
            k += 1;
            cur = *ww;
        } else {
            cur = add;
        }
        let _ = i;
    }
    let n = words.len();
    if k == 1 || n > 400 {
        return greedy(words, room, w);
    }
    // best[j][i]: the smallest widest line splitting words[..i] into j lines.
    let inf = f64::INFINITY;
    let mut best = vec![vec![inf; n + 1]; k + 1];
    let mut cut = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = 0.0;
    for j in 1..=k {
        for i in 1..=n {
            for s in (j - 1)..i {
                if best[j - 1][s] == inf {
                    continue;
                }
                let lw = line_w(s, i);
                if lw > room && i - s > 1 {
                    continue;
                }
                let v = best[j - 1][s].max(lw);
                if v < best[j][i] {
                    best[j][i] = v;
                    cut[j][i] = s;
                }
            }
        }
    }
    if best[k][n] == inf {
        return greedy(words, room, w);
    }
    let mut lines = Vec::new();
    let mut i = n;
    for j in (1..=k).rev() {
        let s = cut[j][i];
        lines.push(words[s..i].join(" "));
        i = s;
    }
    lines.reverse();
    lines
}

fn greedy(words: &[&str], room: f64, w: &impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in words {
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if w(&cand) > room && !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = cand;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load::SourceFile;

    fn doc(yaml: &str) -> Document {
        let src = SourceFile::from_text("t.yaml", yaml);
        crate::load_source(&src).unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    const HEAD: &str = "co_quan: {ten: \"Ủy ban nhân dân\\ntỉnh Bắc Giang\", viet_tat: UBND}\n\
        don_vi_soan_thao: KTTH\ndia_danh: Bắc Giang\nngay: 2024-04\ntrich_yeu: thử\n\
        nguoi_ky: {quyen_han: KT., thu_truong: Chủ tịch, chuc_vu: Phó Chủ tịch, ho_ten: Phan Thế Tuấn}\n";

    fn texts(p: &Printed) -> Vec<String> {
        p.body.iter().map(|b| inline::plain(b.spans())).collect()
    }

    #[test]
    fn kinh_gui_lines_are_punctuated_and_one_keeps_its_period() {
        let p = print(&doc(&format!(
            "{HEAD}kinh_gui: [Công an tỉnh, Báo Bắc Giang]\nnoi_dung: [a]\n"
        )));
        let k = p.kinh_gui.unwrap();
        assert_eq!(k.items, ["- Công an tỉnh;", "- Báo Bắc Giang."]);
        assert!(k.single.is_none());
        let p = print(&doc(&format!(
            "{HEAD}kinh_gui: [Sở Y., \"(Theo Kế hoạch số 45/KH-SY)\"]\nnoi_dung: [a]\n"
        )));
        let k = p.kinh_gui.unwrap();
        assert_eq!(k.single.as_deref(), Some("Sở Y."));
        assert_eq!(k.note.as_deref(), Some("(Theo Kế hoạch số 45/KH-SY)"));
    }

    #[test]
    fn noi_nhan_nested_groups_and_final_period() {
        let p = print(&doc(&format!(
            "{HEAD}noi_dung: [a]\nnoi_nhan: [Như trên, {{ten: Văn phòng UBND tỉnh, gom: [\"LĐVP, TH\"], luu: \"VT, KTTH.Bình\"}}]\n"
        )));
        let lines: Vec<String> = p.recipients.into_iter().map(|l| l.text).collect();
        assert_eq!(
            lines,
            [
                "- Như trên;",
                "- Văn phòng UBND tỉnh:",
                "+ LĐVP, TH;",
                "+ Lưu: VT, KTTH.Bình."
            ]
        );
    }

    #[test]
    fn sections_tasks_deadline_and_final_mark() {
        let p = print(&doc(&format!(
            "{HEAD}mo_dau: [Mở đầu.]\nphan_cong:\n  - don_vi: Sở Công Thương\n    nhiem_vu:\n      - {{don_vi: Sở Tư pháp, noi_dung: Phối hợp, han: 2024-06-30}}\n"
        )));
        assert_eq!(
            texts(&p),
            [
                "Mở đầu.",
                "1. Sở Công Thương",
                "- Sở Tư pháp: Phối hợp. Thời hạn hoàn thành: trước ngày 30/6/2024./."
            ]
        );
        assert!(matches!(&p.body[1], Block::Para(Par { keep: true, .. })));
    }

    #[test]
    fn untitled_articles_run_in_and_titled_ones_are_headings() {
        let p = print(&doc(&format!(
            "{HEAD}loai: quyet_dinh\ntham_quyen: Chủ tịch UBND tỉnh\ncan_cu: [Luật A, Xét đề nghị của Sở B]\n\
             noi_dung:\n  - dieu: Phê duyệt Kế hoạch.\n    khoan: [Một, {{khoan: Hai, diem: [x, y], gach: [z]}}]\n  - dieu:\n    tieu_de: Tổ chức thực hiện.\n    noi_dung: [Giao Sở C.]\n  - Quyết định này có hiệu lực kể từ ngày ký./.\n"
        )));
        let t = texts(&p);
        assert_eq!(t[0], "CHỦ TỊCH UBND TỈNH");
        assert_eq!(t[1], "Căn cứ Luật A;");
        assert_eq!(t[2], "Xét đề nghị của Sở B.");
        assert_eq!(t[3], "QUYẾT ĐỊNH:");
        assert_eq!(t[4], "Điều\u{a0}1. Phê duyệt Kế hoạch.");
        assert_eq!(&t[5..10], ["1. Một", "2. Hai", "a) x", "b) y", "- z"]);
        assert_eq!(t[10], "Điều\u{a0}2. Tổ chức thực hiện");
        assert_eq!(t[11], "Giao Sở C.");
        assert_eq!(t[12], "Quyết định này có hiệu lực kể từ ngày ký./.");
        // Only "Điều 1." is bold in an untitled article.
        let Block::Para(p4) = &p.body[4] else {
            panic!()
        };
        assert!(matches!(&p4.spans[0], Span::Text { style, .. } if style.bold));
        assert!(matches!(&p4.spans[1], Span::Text { style, .. } if !style.bold));
        let Block::Para(p10) = &p.body[10] else {
            panic!()
        };
        assert!(p10.keep);
    }

    #[test]
    fn ladder_and_overrides() {
        let p = print(&doc(&format!(
            "{HEAD}loai: bao_cao\nnoi_dung:\n  - muc: Kết quả\n    khoan:\n      - {{khoan: Công nghiệp, tieu_khoan: [A, B]}}\n      - {{so: \"5\", khoan: Năm}}\n      - Sáu\n  - muc: Kiến nghị\n"
        )
        .replace("  - muc: Kiến nghị\n", "  - {muc: Kiến nghị, noi_dung: [Đề nghị.]}\n")));
        assert_eq!(
            texts(&p),
            [
                "I. KẾT QUẢ",
                "1. Công nghiệp",
                "1.1. A",
                "1.2. B",
                "5. Năm",
                "6. Sáu",
                "II. KIẾN NGHỊ",
                "Đề nghị./."
            ]
        );
    }

    #[test]
    fn end_mark_choices() {
        let p = print(&doc(&format!(
            "{HEAD}noi_dung: [Đoạn một., {{ghi_chu: \"(Có dự thảo kèm theo)\"}}]\n"
        )));
        assert_eq!(texts(&p), ["Đoạn một./.", "(Có dự thảo kèm theo)"]);
        let p = print(&doc(&format!(
            "{HEAD}dau_ket: sau_cung\nnoi_dung: [Đoạn một., {{ghi_chu: \"(Đính kèm)\"}}]\n"
        )));
        assert_eq!(texts(&p), ["Đoạn một.", "(Đính kèm)./."]);
        let p = print(&doc(&format!(
            "{HEAD}dau_ket: khong\nnoi_dung: [Đoạn./.]\n"
        )));
        assert_eq!(texts(&p), ["Đoạn."]);
    }

    #[test]
    fn header_lines() {
        let p = print(&doc(&format!("{HEAD}noi_dung: [a]\n")));
        assert_eq!(p.number.unwrap(), format!("Số:{}/UBND-KTTH", vn::BLANK));
        assert_eq!(
            p.place_date.unwrap(),
            format!("Bắc Giang, ngày {} tháng 4 năm 2024", vn::BLANK)
        );
        assert_eq!(p.subject_cv, ["V/v thử"]);
        assert_eq!(p.signers[0].lines, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert!(p.meta.date.is_none());
    }

    #[test]
    fn normative_numbers_carry_the_year() {
        let p = print(&doc(&format!(
            "{HEAD}loai: quyet_dinh\nqppl: true\nso: 35\nngay: 2024-05-06\nnoi_dung: [a]\n"
        )
        .replace("ngay: 2024-04\n", "")));
        assert_eq!(p.number.unwrap(), "Số: 35/2024/QĐ-UBND");
    }

    #[test]
    fn balanced_lines_leave_no_orphan_word() {
        let st = &ND30.subject_title;
        let lines = balance_lines(
            &["Về việc thành lập Tổ công tác theo dõi, đôn đốc quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh Bắc Giang"],
            "",
            st,
            ND30.text_width(),
        );
        assert_eq!(lines.len(), 2);
        let w: Vec<f64> = lines
            .iter()
            .map(|s| text_width_pt(s, st.size, true, false))
            .collect();
        assert!((w[0] - w[1]).abs() < w[0] * 0.35, "{lines:?}");
        assert!(lines[1].split(' ').count() > 2);
        // The clerk's breaks are kept.
        assert_eq!(
            balance_lines(&["CHỦ TỊCH", "ỦY BAN NHÂN DÂN"], "", &ND30.signer, 85.0),
            ["CHỦ TỊCH", "ỦY BAN NHÂN DÂN"]
        );
    }

    #[test]
    fn compact_lists_of_one_liners() {
        let p = print(&doc(&format!(
            "{HEAD}noi_dung:\n  - \"Thành phần:\"\n  - gach: [Sở A;, Sở B;, Sở C.]\n  - Kết thúc.\n"
        )));
        let after: Vec<f64> = p
            .body
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.after,
                _ => -1.0,
            })
            .collect();
        assert_eq!(
            after,
            [6.0, ND30.list_space_pt, ND30.list_space_pt, 6.0, 6.0]
        );
    }
}
