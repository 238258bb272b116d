//! The DOCX writer: docx-rs builds the parts, `docx_fix` mends what it gets
//! wrong and packs the archive. Header and signature blocks are borderless
//! tables, footnotes are real Word footnotes, every number comes from the
//! layout table.

use docx_rs::*;

use super::docx_fix;
use super::RenderError;
use crate::fonts::text_width_pt;
use crate::inline::Span;
use crate::layout::{half_points, pt_twips, twips, Layout, TextStyle};
use crate::print::{Block, Printed};

/// Build the DOCX file of a printed document.
pub fn docx(p: &Printed, l: &Layout) -> Result<Vec<u8>, RenderError> {
    let font = l.fonts[0];
    let fonts = RunFonts::new()
        .ascii(font)
        .hi_ansi(font)
        .cs(font)
        .east_asia(font);
    let mut footnotes = 0usize;

    let mut d = Docx::new()
        .page_size(twips(l.page_width) as u32, twips(l.page_height) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(l.margin_top))
                .bottom(twips(l.margin_bottom))
                .left(twips(l.margin_left))
                .right(twips(l.margin_right))
                .header(twips(l.header_distance))
                .footer(twips(l.header_distance))
                .gutter(0),
        )
        .default_fonts(fonts.clone())
        .default_size(half_points(l.body.size))
        .add_style(
            Style::new("FootnoteText", StyleType::Paragraph)
                .name("footnote text")
                .size(half_points(l.footnote.size))
                .line_spacing(exact(l.footnote.pitch))
                .align(AlignmentType::Both),
        )
        .add_style(footnote_reference_style())
        // Page number top centre from page 2; an empty first-page header
        // (w:titlePg) keeps page 1 clean.
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .line_spacing(exact(l.page_number.pitch))
                    .add_page_num(PageNum::new())
                    .size(half_points(l.page_number.size)),
            ),
        )
        .first_header(Header::new().add_paragraph(spacer(1.0)));

    // LibreOffice pushes a table that opens the document down by a line;
    // a 1 pt paragraph before it keeps the header at the top margin.
    d = d.add_paragraph(spacer(1.0)).add_table(header_table(p, l));

    // Tên loại and trích yếu (ô 5a), for every kind but công văn.
    if let Some(t) = &p.title {
        d = d
            .add_paragraph(
                line(&l.kind_title, AlignmentType::Center, &t.name)
                    .line_spacing(exact(l.kind_title.pitch).before(pt_u(l.title_above_pt))),
            )
            .add_paragraph(line(&l.subject_title, AlignmentType::Center, &t.subject))
            .add_paragraph(rule(
                &l.subject_title,
                &[&t.subject],
                l.subject_rule_ratio,
                l.text_width(),
                l,
            ));
    }

    // Kính gửi (ô 9a).
    if let Some(k) = &p.kinh_gui {
        let st = &l.kinh_gui;
        if let Some(one) = &k.single {
            d = d.add_paragraph(
                line(st, AlignmentType::Center, &format!("{} {one}", k.label))
                    .line_spacing(exact(st.pitch).before(pt_u(l.kinh_gui_above_pt))),
            );
        } else {
            // The dashes line up under the colon, as in the typst template.
            let label_w = text_width_pt(k.label.trim_end_matches(':'), st.size, st.bold, st.italic);
            let dash_w = text_width_pt("- ", st.size, st.bold, st.italic);
            let left = twips(l.kinh_gui_indent);
            d = d.add_paragraph(
                line(st, AlignmentType::Left, k.label)
                    .indent(Some(left), None, None, None)
                    .line_spacing(exact(st.pitch).before(pt_u(l.kinh_gui_above_pt))),
            );
            for item in &k.items {
                d = d.add_paragraph(
                    line(st, AlignmentType::Left, item)
                        .indent(
                            Some(left + pt_twips(label_w + dash_w)),
                            Some(SpecialIndentType::Hanging(pt_twips(dash_w))),
                            None,
                            None,
                        )
                        .line_spacing(exact(st.pitch)),
                );
            }
        }
    }

    // Body (ô 6).
    let first_space = if p.kinh_gui.is_some() {
        l.kinh_gui_below_pt
    } else {
        l.kinh_gui_above_pt
    };
    let mut after_table = false;
    for (i, b) in p.body.iter().enumerate() {
        let (heading, spans) = match b {
            Block::Para { heading, spans } => (*heading, spans),
            Block::Table {
                columns,
                widths,
                rows,
            } => {
                d = d.add_table(body_table(columns, widths, rows, l));
                after_table = true;
                continue;
            }
            Block::Center { text, bold } => {
                let st = if *bold { &l.heading } else { &l.body };
                let before = if i == 0 {
                    first_space
                } else {
                    l.paragraph_space_pt
                };
                d = d.add_paragraph(
                    line(st, AlignmentType::Center, text).line_spacing(
                        exact(st.pitch)
                            .before(pt_u(before))
                            .after(pt_u(l.paragraph_space_pt)),
                    ),
                );
                continue;
            }
        };
        let st = if heading { &l.heading } else { &l.body };
        let before = match (i, after_table) {
            (0, _) => first_space,
            (_, true) => l.table_space_pt,
            _ => 0.0,
        };
        after_table = false;
        let mut para = Paragraph::new()
            .align(AlignmentType::Both)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(twips(l.first_line_indent))),
                None,
                None,
            )
            .line_spacing(
                exact(st.pitch)
                    .before(pt_u(before))
                    .after(pt_u(l.paragraph_space_pt)),
            );
        // A heading stays with its first task; the last paragraph stays on
        // the signer's page (a signature page without body text is not
        // accepted).
        let last = i + 1 == p.body.len();
        if heading || last {
            para = para.keep_next(true);
        }
        if last {
            para = para.keep_lines(true);
        }
        for span in spans {
            para = para.add_run(span_run(span, st, l, &mut footnotes));
        }
        d = d.add_paragraph(para);
    }

    // Space above the signature table: what the paragraph spacing does not
    // already give.
    let gap = (l.sign_above_pt - l.paragraph_space_pt).max(1.0);
    d = d
        .add_paragraph(spacer(gap).keep_next(true))
        .add_table(signature_table(p, l))
        // Word expects the body to end with a paragraph.
        .add_paragraph(spacer(1.0));

    let mut xml = d.build();
    docx_fix::fix(&mut xml, &p.meta)?;
    docx_fix::pack(xml)
}

/// "Exactly" line spacing at a pitch in points.
fn exact(pitch: f64) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(pt_twips(pitch))
        .before(0)
        .after(0)
}

/// An empty paragraph exactly `pt` high (1 pt type), to hold space.
fn spacer(pt: f64) -> Paragraph {
    Paragraph::new().line_spacing(exact(pt)).size(2)
}

fn pt_u(pt: f64) -> u32 {
    pt_twips(pt).max(0) as u32
}

/// A run of plain text in a style.
fn run(st: &TextStyle, text: &str) -> Run {
    let mut r = Run::new().add_text(text).size(half_points(st.size));
    if st.bold {
        r = r.bold();
    }
    if st.italic {
        r = r.italic();
    }
    r
}

/// A paragraph of one line of text in a style.
fn line(st: &TextStyle, align: AlignmentType, text: &str) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(exact(st.pitch))
        .add_run(run(st, text))
}

/// Several lines, each its own paragraph.
fn lines(st: &TextStyle, align: AlignmentType, texts: &[String]) -> Vec<Paragraph> {
    texts.iter().map(|t| line(st, align, t)).collect()
}

/// A centred rule `ratio` as long as the widest of `texts`, drawn as the
/// top border of an empty paragraph inside a cell `cell_mm` wide.
fn rule(st: &TextStyle, texts: &[&str], ratio: f64, cell_mm: f64, l: &Layout) -> Paragraph {
    let text_w = texts
        .iter()
        .map(|t| text_width_pt(t, st.size, st.bold, st.italic))
        .fold(0.0, f64::max)
        .min(cell_mm * 72.0 / 25.4);
    let len_mm = text_w * ratio * 25.4 / 72.0;
    let side = twips(((cell_mm - len_mm) / 2.0).max(0.0));
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(exact(l.rule_gap_pt + l.rule_pt + 1.0).before(pt_u(l.rule_gap_pt)))
        .size(2);
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size((l.rule_pt * 8.0).round() as usize)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

fn cell(width_mm: f64, paras: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(twips(width_mm) as usize, WidthType::Dxa);
    for p in paras {
        c = c.add_paragraph(p);
    }
    c
}

fn borderless(rows: Vec<TableRow>, widths: &[f64], shift_mm: f64) -> Table {
    let total: f64 = widths.iter().sum();
    Table::without_borders(rows)
        .set_grid(widths.iter().map(|w| twips(*w) as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(twips(total) as usize, WidthType::Dxa)
        .indent(-twips(shift_mm))
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// Header (ô 1–4, 5b): names | Quốc hiệu; Số | place and date; V/v.
fn header_table(p: &Printed, l: &Layout) -> Table {
    use AlignmentType::Center;
    let (lw, rw) = (l.header_left, l.header_right);

    let mut left = lines(&l.parent_body, Center, &p.parent);
    left.extend(lines(&l.issuing_body, Center, &p.issuer));
    let issuer: Vec<&str> = p.issuer.iter().map(String::as_str).collect();
    left.push(rule(&l.issuing_body, &issuer, l.agency_rule_ratio, lw, l));

    let right = vec![
        line(&l.national_title, Center, p.national_title),
        line(&l.motto, Center, p.motto),
        rule(&l.motto, &[p.motto], l.motto_rule_ratio, rw, l),
    ];

    let space = |para: Paragraph, st: &TextStyle, before: f64| {
        para.line_spacing(exact(st.pitch).before(pt_u(before)))
    };
    let number = space(
        line(&l.number, Center, &p.number),
        &l.number,
        l.number_row_above_pt,
    );
    let date = space(
        line(&l.place_date, Center, &p.place_date),
        &l.place_date,
        l.number_row_above_pt,
    );

    let mut rows = vec![
        TableRow::new(vec![cell(lw, left), cell(rw, right)]).cant_split(),
        TableRow::new(vec![cell(lw, vec![number]), cell(rw, vec![date])]).cant_split(),
    ];
    if let Some(v) = &p.subject_cv {
        let subject = space(
            line(&l.subject_cv, Center, v),
            &l.subject_cv,
            l.subject_above_pt,
        );
        rows.push(
            TableRow::new(vec![
                cell(lw, vec![subject]),
                cell(rw, vec![Paragraph::new()]),
            ])
            .cant_split(),
        );
    }
    borderless(rows, &[lw, rw], l.header_shift)
}

/// Nơi nhận (left, ô 9b) beside the signer (right, ô 7), kept on one page.
fn signature_table(p: &Printed, l: &Layout) -> Table {
    use AlignmentType::{Center, Left};
    let mut left = Vec::new();
    if !p.recipients.is_empty() {
        left.push(line(&l.recipients_title, Left, "Nơi nhận:"));
        for r in &p.recipients {
            left.push(line(&l.recipients, Left, &r.text));
        }
    } else {
        left.push(Paragraph::new());
    }
    let mut right = lines(&l.signer, Center, &p.signer.lines);
    right.push(
        line(&l.signer, Center, &p.signer.name)
            .line_spacing(exact(l.signer.pitch).before(pt_u(l.signature_space * 72.0 / 25.4))),
    );
    let row = TableRow::new(vec![cell(l.sign_left, left), cell(l.sign_right, right)]).cant_split();
    borderless(vec![row], &[l.sign_left, l.sign_right], 0.0)
}

/// A bordered body table spanning the text width, header row in bold.
fn body_table(columns: &[String], widths: &[f64], rows: &[Vec<String>], l: &Layout) -> Table {
    let total: f64 = widths.iter().sum();
    let mm: Vec<f64> = widths.iter().map(|w| w / total * l.text_width()).collect();
    let pad = |st: &TextStyle, align, text: &str| {
        line(st, align, text).line_spacing(
            exact(st.pitch)
                .before(pt_u(l.table_pad_y_pt))
                .after(pt_u(l.table_pad_y_pt)),
        )
    };
    let header = TableRow::new(
        columns
            .iter()
            .zip(&mm)
            .map(|(c, w)| cell(*w, vec![pad(&l.table_header, AlignmentType::Center, c)]))
            .collect(),
    )
    .cant_split();
    let mut all = vec![header];
    for r in rows {
        all.push(
            TableRow::new(
                r.iter()
                    .zip(&mm)
                    .map(|(c, w)| cell(*w, vec![pad(&l.table_cell, AlignmentType::Left, c)]))
                    .collect(),
            )
            .cant_split(),
        );
    }
    let sz = (l.rule_pt * 8.0).round() as usize;
    let x = pt_twips(l.table_pad_x_pt).max(0) as usize;
    Table::new(all)
        .set_grid(mm.iter().map(|w| twips(*w) as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(twips(l.text_width()) as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, x, 0, x))
        .set_borders(
            [
                TableBorderPosition::Top,
                TableBorderPosition::Left,
                TableBorderPosition::Bottom,
                TableBorderPosition::Right,
                TableBorderPosition::InsideH,
                TableBorderPosition::InsideV,
            ]
            .into_iter()
            .fold(TableBorders::new(), |b, pos| {
                b.set(TableBorder::new(pos).size(sz))
            }),
        )
}

/// A run for one inline span; a footnote becomes a real Word footnote.
fn span_run(span: &Span, st: &TextStyle, l: &Layout, footnotes: &mut usize) -> Run {
    match span {
        Span::Text(t) => run(st, t),
        Span::Bold(t) => run(st, t).bold(),
        Span::Italic(t) => run(st, t).italic(),
        Span::Footnote(inner) => {
            *footnotes += 1;
            let fst = &l.footnote;
            let mut para = Paragraph::new().style("FootnoteText");
            for s in inner {
                para = para.add_run(span_run(s, fst, l, footnotes));
            }
            // Explicit ids keep the output independent of other documents
            // rendered in the same process.
            let note = Footnote {
                id: *footnotes,
                content: vec![para],
            };
            Run::new().add_footnote_reference(note)
        }
    }
}

fn footnote_reference_style() -> Style {
    let mut s = Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    s.run_property = s.run_property.vert_align(VertAlignType::SuperScript);
    s
}
