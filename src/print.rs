//! What is printed, decided once for both writers: every line of the
//! header, the Kính gửi block, the body paragraphs with their numbering and
//! punctuation, the signer block and the Nơi nhận list.
//!
//! The typst template receives this structure as JSON; the DOCX writer walks
//! the same structure. So the two outputs cannot differ in content.

use serde::Serialize;

use crate::inline::{self, Inline, Span};
use crate::model::{Document, Recipient};
use crate::vn;

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
    /// "Bắc Giang, ngày 19 tháng 4 năm 2024".
    pub place_date: String,
    /// Công văn subject under the number: "V/v …".
    pub subject_cv: Option<String>,
    /// Other kinds: their name and trích yếu as a centred title (ô 5a).
    pub title: Option<Title>,
    pub kinh_gui: Option<KinhGui>,
    pub body: Vec<Block>,
    pub signer: SignerBlock,
    pub recipients: Vec<RecipientLine>,
}

/// The title of a kind other than công văn: "QUYẾT ĐỊNH" / "Về việc …".
#[derive(Debug, Clone, Serialize)]
pub struct Title {
    pub name: String,
    pub subject: String,
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
    pub label: &'static str,
    /// One recipient: printed on the label's line.
    pub single: Option<String>,
    /// Several: one per line, "- …;" and the last "- ….".
    pub items: Vec<String>,
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
            Block::Table { .. } | Block::Center { .. } => &[],
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
    let kinh_gui = match doc.addressees.as_slice() {
        [] => None,
        [one] => Some(KinhGui {
            label: "Kính gửi:",
            single: Some(one.clone()),
            items: Vec::new(),
        }),
        many => Some(KinhGui {
            label: "Kính gửi:",
            single: None,
            items: vn::punctuate_list(many)
                .into_iter()
                .map(|s| format!("- {s}"))
                .collect(),
        }),
    };

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
        place_date: vn::place_date_line(&doc.place, &doc.date),
        subject_cv,
        title: (!doc.kind.is_cong_van()).then(|| Title {
            name: vn::upper(doc.kind.name()),
            subject: doc.subject.clone(),
        }),
        kinh_gui,
        body: body(doc),
        signer: signer(doc),
        recipients: recipients(doc),
    }
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
    let para = |spans: &Inline| Block::Para {
        heading: false,
        spans: spans.clone(),
    };
    let mut blocks: Vec<Block> = Vec::new();
    // Authority, căn cứ, proposer and the enacting word (Mẫu 1.2).
    if let Some(a) = &doc.authority_line {
        blocks.push(Block::Center {
            text: a.clone(),
            bold: true,
        });
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
        blocks.push(Block::Para {
            heading: false,
            spans: g,
        });
    }
    let enacting = match doc.kind.key() {
        "quyet_dinh" => Some("QUYẾT ĐỊNH:"),
        "nghi_quyet" => Some("QUYẾT NGHỊ:"),
        _ => None,
    };
    if let (Some(word), true) = (enacting, doc.authority_line.is_some() || n > 0) {
        blocks.push(Block::Center {
            text: word.into(),
            bold: true,
        });
    }
    if let Some(g) = &doc.invitation {
        // Mẫu 1.7: "<cơ quan> trân trọng kính mời: …", "Tới dự …", then the
        // chair, time and place, then what to note.
        let text = |s: String| Block::Para {
            heading: false,
            spans: vec![Span::Text(s)],
        };
        blocks.push(text(format!(
            "{} trân trọng kính mời: {}",
            doc.issuer.name(),
            g.invitee
        )));
        blocks.push(text(format!("Tới dự {}.", g.event)));
        if let Some(ch) = &g.chair {
            blocks.push(text(format!("Chủ trì: {ch}.")));
        }
        blocks.push(text(format!("Thời gian: {}.", g.time)));
        blocks.push(text(format!("Địa điểm: {}.", g.place)));
        blocks.extend(g.notes.iter().map(para));
    }
    blocks.extend(doc.opening.iter().map(para));
    for (i, a) in doc.articles.iter().enumerate() {
        blocks.push(Block::Para {
            heading: true,
            spans: vec![Span::Text(format!("Điều {}. {}", i + 1, a.title))],
        });
        blocks.extend(a.paragraphs.iter().map(para));
        push_clauses(&mut blocks, &a.clauses);
    }
    for (i, part) in doc.parts.iter().enumerate() {
        blocks.push(Block::Para {
            heading: true,
            spans: vec![Span::Text(format!(
                "{}. {}",
                vn::roman(i as u32 + 1),
                part.title
            ))],
        });
        blocks.extend(part.paragraphs.iter().map(para));
        push_clauses(&mut blocks, &part.clauses);
    }
    for (i, s) in doc.sections.iter().enumerate() {
        blocks.push(Block::Para {
            heading: true,
            spans: vec![Span::Text(format!("{}. {}", i + 1, s.assignee))],
        });
        blocks.extend(s.paragraphs.iter().map(para));
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
            blocks.push(Block::Para {
                heading: false,
                spans,
            });
        }
    }
    if let Some(t) = &doc.table {
        blocks.push(Block::Table {
            columns: t.columns.clone(),
            widths: t.widths.clone(),
            rows: t.rows.clone(),
        });
    }
    blocks.extend(doc.closing.iter().map(para));
    let last_para = blocks.iter_mut().rev().find_map(|b| match b {
        Block::Para { spans, .. } => Some(spans),
        Block::Table { .. } | Block::Center { .. } => None,
    });
    if let Some(spans) = last_para {
        add_final_mark(spans);
    }
    blocks
}

/// Clauses "1.", "2." and their points "a)", "b)".
fn push_clauses(blocks: &mut Vec<Block>, clauses: &[crate::model::Clause]) {
    for (k, cl) in clauses.iter().enumerate() {
        blocks.push(numbered(format!("{}. ", k + 1), &cl.text));
        for (j, p) in cl.points.iter().enumerate() {
            blocks.push(numbered(format!("{}) ", vn::point_letter(j)), p));
        }
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

fn signer(doc: &Document) -> SignerBlock {
    let s = &doc.signer;
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
    use crate::vn::DocDate;

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
            addressees: vec!["Công an tỉnh".into(), "Báo Bắc Giang".into()],
            authority_line: None,
            grounds: vec![],
            proposer: None,
            articles: vec![],
            parts: vec![],
            invitation: None,
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
            p.place_date,
            format!("Bắc Giang, ngày {} tháng 4 năm 2024", vn::BLANK)
        );
        assert_eq!(p.subject_cv.as_deref(), Some("V/v thử"));
        assert_eq!(p.signer.lines, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert!(p.meta.date.is_none());
    }
}
