//! The DOCX writer: docx-rs builds the parts, `fix` mends what it gets
//! wrong and packs the archive. Header and signature blocks are borderless
//! tables, footnotes are real Word footnotes, every number comes from the
//! layout table. Appendices and attached documents are sections of their
//! own, so that their page numbers restart at 1.

use docx_rs::*;

mod fix;
mod ooxml_order;

use crate::model::body::Align;
use crate::render::fonts::text_width_pt;
use crate::render::layout::{half_points, pt_twips, twips, Layout, TextStyle};
use crate::render::print::{
    Block, KinhGui, PCell, PTable, Par, Printed, PrintedAttachment, RecipientLine, SignerBlock,
};
use crate::render::{Image, RenderError};
use crate::text::inline::{Span, Style as SpanStyle};

/// A body-level element: paragraphs and tables go to the document or to a
/// section alike. Short-lived, so the size difference does not matter.
#[allow(clippy::large_enum_variant)]
enum Item {
    P(Paragraph),
    T(Table),
}

/// Build the DOCX file of a printed document.
pub fn docx(p: &Printed, l: &Layout, images: &[Image]) -> Result<Vec<u8>, RenderError> {
    let jpeg: Vec<usize> = (0..images.len()).filter(|i| images[*i].jpeg).collect();
    let font = l.fonts[0];
    let fonts = RunFonts::new()
        .ascii(font)
        .hi_ansi(font)
        .cs(font)
        .east_asia(font);

    let mut d = Docx::new()
        .page_size(twips(l.page_width) as u32, twips(l.page_height) as u32)
        .page_margin(page_margin(l))
        .default_fonts(fonts.clone())
        .default_size(half_points(l.body.size))
        .add_style(
            Style::new("FootnoteText", StyleType::Paragraph)
                .name("footnote text")
                .size(half_points(l.footnote.size))
                .line_spacing(exact(l.footnote.pitch))
                .align(AlignmentType::Both),
        )
        .add_style(footnote_reference_style());

    let mut cx = Cx {
        l,
        footnotes: 0,
        images,
    };
    let main = main_items(p, &mut cx);
    // Page number top centre from page 2; an empty first-page header
    // (w:titlePg) keeps page 1 clean. ô 13 is the first-page footer.
    let page_header = || {
        Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(l.page_number.pitch))
                .add_page_num(PageNum::new())
                .size(half_points(l.page_number.size)),
        )
    };
    let empty_header = || Header::new().add_paragraph(spacer(1.0));
    let empty_footer = || Footer::new().add_paragraph(spacer(1.0));

    // Issue 15: a draft's mark, framed and bold at the top right of each
    // first page (the first-page header, which attachments' sections
    // share), in the top margin above the Quốc hiệu, as in the PDF.
    let first_header = match &p.draft_mark {
        Some(mark) => {
            let st = &l.note;
            let w_mm = (text_width_pt(mark, st.size, st.bold, st.italic) + 2.0 * l.note_pad_x_pt)
                * 25.4
                / 72.0;
            Header::new()
                .add_table(
                    framed(mark, st, w_mm, None, l.note_pad_y_pt, "000000", l)
                        .align(TableAlignmentType::Right),
                )
                .add_paragraph(spacer(1.0))
        }
        None => empty_header(),
    };
    d = d.header(page_header()).first_header(first_header);
    if !p.footer.is_empty() {
        d = d
            .footer(empty_footer())
            .first_footer(contact_footer(&p.footer, l));
    }
    for item in main {
        d = add(d, item);
    }
    // Each attachment starts a new section whose page numbers restart at 1
    // (Phụ lục I, §2.10). docx-rs's own sections lose all but one header
    // or footer, so the section breaks are marked here and written by
    // `fix` from the document's section properties.
    for a in &p.attachments {
        let mark = if a.landscape {
            fix::SECTION_MARK_LANDSCAPE
        } else {
            fix::SECTION_MARK
        };
        d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(mark)));
        for item in attachment_items(p, a, &mut cx) {
            d = add(d, item);
        }
    }
    // Word expects the body to end with a paragraph.
    d = d.add_paragraph(spacer(1.0));

    let mut xml = d.build();
    fix::fix(&mut xml, &p.meta, &jpeg)?;
    fix::pack(xml)
}

fn page_margin(l: &Layout) -> PageMargin {
    PageMargin::new()
        .top(twips(l.margin_top))
        .bottom(twips(l.margin_bottom))
        .left(twips(l.margin_left))
        .right(twips(l.margin_right))
        .header(twips(l.header_distance))
        .footer(twips(l.header_distance))
        .gutter(0)
}

fn add(d: Docx, item: Item) -> Docx {
    match item {
        Item::P(p) => d.add_paragraph(p),
        Item::T(t) => d.add_table(t),
    }
}

/// ô 13: the agency's contacts under a full-width rule, page 1 only.
fn contact_footer(lines: &[String], l: &Layout) -> Footer {
    let st = &l.contact;
    let mut f = Footer::new();
    for (i, t) in lines.iter().enumerate() {
        let mut para = line(st, AlignmentType::Center, t);
        if i == 0 {
            para.property = para.property.set_borders(top_border(l, l.rule_gap_pt));
        }
        f = f.add_paragraph(para);
    }
    f
}

/// What the writer carries from block to block: the layout, the footnote
/// count (ids stay stable whatever else the process renders) and the
/// images' bytes.
struct Cx<'a> {
    l: &'a Layout,
    footnotes: usize,
    images: &'a [Image],
}

/// The main document: header, title, Kính gửi, body, signature, copy.
fn main_items(p: &Printed, cx: &mut Cx) -> Vec<Item> {
    let l = cx.l;
    // LibreOffice pushes a table that opens the document down by a line;
    // a 1 pt paragraph before it keeps the header at the top margin.
    let mut out = vec![Item::P(spacer(1.0)), Item::T(header_table(p, l, true))];

    // Tên loại and trích yếu (ô 5a), for every kind but công văn.
    if let Some(t) = &p.title {
        out.push(Item::P(
            line(&l.kind_title, AlignmentType::Center, &t.name)
                .line_spacing(exact(l.kind_title.pitch).before(pt_u(l.title_above_pt))),
        ));
        if t.subject.is_empty() {
            // Mẫu 1.8, 1.10: the rule goes under the kind's name.
            out.push(Item::P(rule(
                &l.kind_title,
                &[&t.name],
                l.subject_rule_ratio,
                l.text_width(),
                l,
            )));
        } else {
            out.extend(
                lines(&l.subject_title, AlignmentType::Center, &t.subject)
                    .into_iter()
                    .map(Item::P),
            );
            let subject: Vec<&str> = t.subject.iter().map(String::as_str).collect();
            out.push(Item::P(rule(
                &l.subject_title,
                &subject,
                l.subject_rule_ratio,
                l.text_width(),
                l,
            )));
        }
    }

    if let Some(k) = &p.kinh_gui {
        out.extend(kinh_gui(k, l));
    }

    // Body (ô 6).
    let first_space = if p.kinh_gui.is_some() {
        l.kinh_gui_below_pt
    } else {
        l.kinh_gui_above_pt
    };
    out.extend(body_items(&p.body, first_space, true, cx));

    // Space above the signature table: what the paragraph spacing does not
    // already give.
    let gap = (l.sign_above_pt - l.paragraph_space_pt).max(1.0);
    out.push(Item::P(spacer(gap).keep_next(true)));
    match p.signers.as_slice() {
        [one] => out.push(Item::T(signature_table(&p.recipients, one, l, cx.images))),
        many => {
            // Mẫu 1.9 and joint records: signers two to a row, Nơi nhận
            // below them.
            let widths = [l.cosign_left, l.cosign_right];
            let rows: Vec<TableRow> = many
                .chunks(2)
                .enumerate()
                .map(|(r, pair)| {
                    let mut cells: Vec<TableCell> = pair
                        .iter()
                        .zip(widths)
                        .map(|(s, w)| {
                            let mut paras = signer_paras(s, l, cx.images, w);
                            // Rows after the first keep the typst grid's
                            // row gap.
                            if r > 0 && !paras.is_empty() {
                                let first = paras.remove(0).line_spacing(
                                    exact(l.signer.pitch).before(pt_u(l.sign_above_pt)),
                                );
                                paras.insert(0, first);
                            }
                            cell(w, paras)
                        })
                        .collect();
                    if cells.len() == 1 {
                        cells.push(cell(l.cosign_right, vec![Paragraph::new()]));
                    }
                    TableRow::new(cells).cant_split()
                })
                .collect();
            out.push(Item::T(borderless(rows, &widths, 0.0)));
            if !p.recipients.is_empty() {
                let mut first = true;
                for para in recipient_paras(&p.recipients, l) {
                    let para = if first {
                        first = false;
                        para.line_spacing(
                            exact(l.recipients_title.pitch).before(pt_u(l.recipients_below_pt)),
                        )
                    } else {
                        para
                    };
                    out.push(Item::P(para.keep_next(true)));
                }
            }
        }
    }

    if let Some(c) = &p.copy {
        use AlignmentType::Center;
        // Mẫu 3.1: a full-width rule, then copying body and number | form
        // and date, then Nơi nhận | signer.
        let mut sep = spacer(1.0).line_spacing(
            exact(1.0)
                .before(pt_u(l.copy_above_pt))
                .after(pt_u(l.copy_below_pt)),
        );
        sep.property = sep.property.set_borders(top_border(l, 0.0));
        out.push(Item::P(sep.keep_next(true)));
        let mut left = lines(&l.issuing_body, Center, &c.issuer);
        let issuer: Vec<&str> = c.issuer.iter().map(String::as_str).collect();
        left.push(rule(
            &l.issuing_body,
            &issuer,
            l.agency_rule_ratio,
            l.sign_left,
            l,
        ));
        left.push(
            line(&l.number, Center, &c.number)
                .line_spacing(exact(l.number.pitch).before(pt_u(l.number_row_above_pt))),
        );
        let right = vec![
            line(&l.copy_form, Center, c.form),
            line(&l.place_date, Center, &c.place_date)
                .line_spacing(exact(l.place_date.pitch).before(pt_u(l.number_row_above_pt))),
        ];
        let row =
            TableRow::new(vec![cell(l.sign_left, left), cell(l.sign_right, right)]).cant_split();
        out.push(Item::T(borderless(
            vec![row],
            &[l.sign_left, l.sign_right],
            0.0,
        )));
        out.push(Item::P(spacer(gap).keep_next(true)));
        out.push(Item::T(signature_table(
            &c.recipients,
            &c.signer,
            l,
            cx.images,
        )));
    }
    out
}

/// An appendix or attached document, from the top of its page.
fn attachment_items(p: &Printed, a: &PrintedAttachment, cx: &mut Cx) -> Vec<Item> {
    use AlignmentType::Center;
    let l = cx.l;
    let width = if a.landscape {
        l.page_height - l.margin_left - l.margin_right
    } else {
        l.text_width()
    };
    let mut out = Vec::new();
    let mut above = 0.0;
    out.push(Item::P(spacer(1.0)));
    if a.header {
        out.push(Item::T(header_table(p, l, false)));
        above = l.title_above_pt;
    }
    if let Some(h) = &a.heading {
        out.push(Item::P(line(&l.appendix_heading, Center, h).line_spacing(
            exact(l.appendix_heading.pitch).before(pt_u(above)),
        )));
        above = 0.0;
    }
    if let Some(n) = &a.name {
        out.push(Item::P(
            line(&l.kind_title, Center, n)
                .line_spacing(exact(l.kind_title.pitch).before(pt_u(above))),
        ));
    }
    out.extend(
        lines(&l.subject_title, Center, &a.title)
            .into_iter()
            .map(Item::P),
    );
    out.extend(
        lines(&l.attachment_ref, Center, &a.reference)
            .into_iter()
            .map(Item::P),
    );
    let reference: Vec<&str> = a.reference.iter().map(String::as_str).collect();
    out.push(Item::P(rule(
        &l.attachment_ref,
        &reference,
        l.subject_rule_ratio,
        width,
        l,
    )));
    out.extend(body_items(&a.body, l.kinh_gui_above_pt, false, cx));
    out
}

/// The Kính gửi block (ô 9a), or a công điện's "… điện:" list.
fn kinh_gui(k: &KinhGui, l: &Layout) -> Vec<Item> {
    let st = &l.kinh_gui;
    let mut out = Vec::new();
    let note = |out: &mut Vec<Item>| {
        if let Some(n) = &k.note {
            out.push(Item::P(line(st, AlignmentType::Center, n)));
        }
    };
    if let Some(one) = &k.single {
        out.push(Item::P(
            line(st, AlignmentType::Center, &format!("{} {one}", k.label))
                .line_spacing(exact(st.pitch).before(pt_u(l.kinh_gui_above_pt))),
        ));
        note(&mut out);
        return out;
    }
    let dash_w = text_width_pt("- ", st.size, st.bold, st.italic);
    let left = twips(l.kinh_gui_indent);
    // The dashes line up under the colon, as in the typst template; a
    // công điện's list starts at the indent under its centred label.
    let items_left = if k.centered {
        left
    } else {
        let label_w = text_width_pt(k.label.trim_end_matches(':'), st.size, st.bold, st.italic);
        left + pt_twips(label_w)
    };
    let label = if k.centered {
        line(st, AlignmentType::Center, &k.label)
    } else {
        line(st, AlignmentType::Left, &k.label).indent(Some(left), None, None, None)
    };
    out.push(Item::P(
        label.line_spacing(exact(st.pitch).before(pt_u(l.kinh_gui_above_pt))),
    ));
    for item in &k.items {
        out.push(Item::P(
            line(st, AlignmentType::Left, item)
                .indent(
                    Some(items_left + pt_twips(dash_w)),
                    Some(SpecialIndentType::Hanging(pt_twips(dash_w))),
                    None,
                    None,
                )
                .line_spacing(exact(st.pitch)),
        ));
    }
    note(&mut out);
    out
}

/// The body blocks. `signed`: the last paragraph stays on the signer's
/// page (a signature page without body text is not accepted). Each block
/// carries the space after it; the first gets `first_space` before.
fn body_items(body: &[Block], first_space: f64, signed: bool, cx: &mut Cx) -> Vec<Item> {
    let l = cx.l;
    let mut out = Vec::new();
    // Space owed to the next paragraph: after a table, which has none.
    let mut before = first_space;
    let mut page_break = false;
    for (i, b) in body.iter().enumerate() {
        match b {
            Block::Para(par) => {
                let last = signed && i + 1 == body.len();
                let mut para = paragraph(par, before, cx);
                if par.keep || last {
                    para = para.keep_next(true);
                }
                if last {
                    para = para.keep_lines(true);
                }
                if std::mem::take(&mut page_break) {
                    para = para.page_break_before(true);
                }
                out.push(Item::P(para));
                before = 0.0;
            }
            Block::Heading { lines, after } => {
                // "Chương I" / its title: centred, kept with what follows.
                let st = &l.division;
                let n = lines.len();
                for (j, t) in lines.iter().enumerate() {
                    let above = match (j, before > 0.0) {
                        (0, true) => before,
                        (0, false) => l.division_above_pt,
                        _ => 0.0,
                    };
                    let below = if j + 1 == n { *after } else { 0.0 };
                    let mut para = line(st, AlignmentType::Center, t)
                        .line_spacing(exact(st.pitch).before(pt_u(above)).after(pt_u(below)))
                        .keep_next(true);
                    if j == 0 && std::mem::take(&mut page_break) {
                        para = para.page_break_before(true);
                    }
                    out.push(Item::P(para));
                }
                before = 0.0;
            }
            Block::Table(t) => {
                if before > 0.0 || std::mem::take(&mut page_break) {
                    let mut sp = spacer(before.max(1.0));
                    if page_break {
                        sp = sp.page_break_before(true);
                        page_break = false;
                    }
                    out.push(Item::P(sp));
                }
                out.push(Item::T(body_table(t, cx)));
                before = t.after;
            }
            Block::Image {
                image,
                caption,
                after,
            } => {
                let mut para = Paragraph::new()
                    .align(AlignmentType::Center)
                    .line_spacing(
                        LineSpacing::new()
                            .before(pt_u(before))
                            .after(pt_u(if caption.is_some() { 0.0 } else { *after })),
                    )
                    .keep_next(caption.is_some());
                if std::mem::take(&mut page_break) {
                    para = para.page_break_before(true);
                }
                if let Some(img) = cx.images.get(*image) {
                    para = para.add_run(Run::new().add_image(picture(img, *image)));
                }
                out.push(Item::P(para));
                if let Some(c) = caption {
                    out.push(Item::P(
                        line(&l.caption, AlignmentType::Center, c)
                            .line_spacing(exact(l.caption.pitch).after(pt_u(*after))),
                    ));
                }
                before = 0.0;
            }
            Block::Break => page_break = true,
        }
    }
    out
}

/// A body paragraph: alignment, first-line indent, exact pitch, the space
/// after it, its runs.
fn paragraph(par: &Par, before: f64, cx: &mut Cx) -> Paragraph {
    let l = cx.l;
    let st = &l.body;
    let mut para = Paragraph::new()
        .align(alignment(par.align))
        .line_spacing(exact(st.pitch).before(pt_u(before)).after(pt_u(par.after)));
    if par.indent {
        para = para.indent(
            None,
            Some(SpecialIndentType::FirstLine(twips(l.first_line_indent))),
            None,
            None,
        );
    }
    for span in &par.spans {
        para = para.add_run(span_run(span, st, cx));
    }
    para
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// An image inline in its paragraph, at its printed size.
fn picture(img: &Image, index: usize) -> Pic {
    let emu = |mm: f64| (mm * 36_000.0).round() as u32;
    // A fixed id per image keeps the output the same whatever else the
    // process rendered (docx-rs numbers pictures with a global counter).
    Pic::new_with_dimensions(img.bytes.clone(), img.width_px, img.height_px)
        .id(format!("rIdImage{}", index + 1))
        .size(emu(img.width_mm), emu(img.height_mm))
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
    p.property = p.property.set_borders(top_border(l, 0.0));
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

/// Header (ô 1–4, 5b, 10, 11): names | Quốc hiệu; Số | place and date;
/// V/v; stamps. An attached document's header (`full` false) has the first
/// row only.
fn header_table(p: &Printed, l: &Layout, full: bool) -> Table {
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
    let mut rows = Vec::new();
    // ô 11: the distribution note, framed, above the right column.
    if let (Some(note), true) = (&p.distribution, full) {
        let st = &l.note;
        let w_mm = (text_width_pt(note, st.size, st.bold, st.italic) + 2.0 * l.note_pad_x_pt)
            * 25.4
            / 72.0;
        let frame = framed(note, st, w_mm, None, l.note_pad_y_pt, "000000", l);
        rows.push(
            TableRow::new(vec![
                cell(lw, vec![Paragraph::new()]),
                TableCell::new()
                    .width(twips(rw) as usize, WidthType::Dxa)
                    .add_table(frame)
                    .add_paragraph(spacer(l.paragraph_space_pt)),
            ])
            .cant_split(),
        );
    }
    rows.push(TableRow::new(vec![cell(lw, left), cell(rw, right)]).cant_split());
    if !full {
        return borderless(rows, &[lw, rw], l.header_shift);
    }

    let space = |para: Paragraph, st: &TextStyle, before: f64| {
        para.line_spacing(exact(st.pitch).before(pt_u(before)))
    };
    let number = space(
        line(&l.number, Center, p.number.as_deref().unwrap_or("")),
        &l.number,
        l.number_row_above_pt,
    );
    let date = match &p.place_date {
        Some(pd) => space(
            line(&l.place_date, Center, pd),
            &l.place_date,
            l.number_row_above_pt,
        ),
        None => Paragraph::new(),
    };
    rows.push(TableRow::new(vec![cell(lw, vec![number]), cell(rw, vec![date])]).cant_split());
    if !p.subject_cv.is_empty() {
        let mut paras = lines(&l.subject_cv, Center, &p.subject_cv);
        paras[0] = space(
            line(&l.subject_cv, Center, &p.subject_cv[0]),
            &l.subject_cv,
            l.subject_above_pt,
        );
        rows.push(
            TableRow::new(vec![cell(lw, paras), cell(rw, vec![Paragraph::new()])]).cant_split(),
        );
    }
    // ô 10a/10b: secrecy and urgency stamps, framed, left, under the number.
    if !p.stamps.is_empty() {
        let mut c = TableCell::new().width(twips(lw) as usize, WidthType::Dxa);
        for s in &p.stamps {
            c = c.add_paragraph(spacer(l.stamp_gap_pt)).add_table(framed(
                s,
                &l.stamp,
                l.stamp_width(s),
                Some(l.stamp_height),
                0.0,
                l.stamp_color,
                l,
            ));
        }
        c = c.add_paragraph(spacer(1.0));
        rows.push(TableRow::new(vec![c, cell(rw, vec![Paragraph::new()])]).cant_split());
    }
    borderless(rows, &[lw, rw], l.header_shift)
}

/// A one-cell framed box, centred in its column: a stamp (fixed height)
/// or the distribution note (height from its padding).
fn framed(
    text: &str,
    st: &TextStyle,
    width_mm: f64,
    height_mm: Option<f64>,
    pad_y_pt: f64,
    color: &str,
    l: &Layout,
) -> Table {
    let mut r = run(st, text);
    if color != "000000" {
        r = r.color(color);
    }
    let para = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(exact(st.pitch).before(pt_u(pad_y_pt)).after(pt_u(pad_y_pt)))
        .add_run(r);
    let c = TableCell::new()
        .width(twips(width_mm) as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(para);
    let mut row = TableRow::new(vec![c]).cant_split();
    if let Some(h) = height_mm {
        row = row
            .row_height(twips(h) as f32)
            .height_rule(HeightRule::Exact);
    }
    let sz = (l.rule_pt * 8.0).round() as usize;
    Table::new(vec![row])
        .set_grid(vec![twips(width_mm) as usize])
        .layout(TableLayoutType::Fixed)
        .width(twips(width_mm) as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .set_borders(
            [
                TableBorderPosition::Top,
                TableBorderPosition::Left,
                TableBorderPosition::Bottom,
                TableBorderPosition::Right,
            ]
            .into_iter()
            .fold(TableBorders::with_empty(), |b, pos| {
                b.set(TableBorder::new(pos).size(sz).color(color))
            }),
        )
}

/// A rule as a paragraph's top border, `gap_pt` above its text: the short
/// rules under names and titles, the copy block's and ô 13's full rules.
fn top_border(l: &Layout, gap_pt: f64) -> ParagraphBorders {
    ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Top)
            .val(BorderType::Single)
            .size((l.rule_pt * 8.0).round() as usize)
            .space(gap_pt.round() as usize)
            .color("000000"),
    )
}

/// The signer's title lines, then each name after room for a signature;
/// the signature and seal images, if the document has them, float in that
/// room (Phụ lục I: the seal over the left third of the signature).
fn signer_paras(s: &SignerBlock, l: &Layout, images: &[Image], cell_mm: f64) -> Vec<Paragraph> {
    use AlignmentType::Center;
    let mut out = lines(&l.signer, Center, &s.lines);
    let sig = s.signature.and_then(|i| images.get(i).map(|img| (i, img)));
    let seal = s.seal.and_then(|i| images.get(i).map(|img| (i, img)));
    if sig.is_some() || seal.is_some() {
        // Anchored to the last title line, below it, centred in the cell.
        let line_mm = l.signer.pitch * 25.4 / 72.0;
        let (sig_x, sig_y, sig_w, sig_h) = match sig {
            Some((_, img)) => (
                (cell_mm - img.width_mm) / 2.0,
                line_mm + (l.signature_space - img.height_mm) / 2.0,
                img.width_mm,
                img.height_mm,
            ),
            None => (
                cell_mm / 2.0 - 15.0,
                line_mm + l.signature_space / 2.0,
                30.0,
                0.0,
            ),
        };
        let mut anchor = out.pop().unwrap_or_default();
        if let Some((i, img)) = sig {
            anchor = anchor.add_run(Run::new().add_image(floating(img, i, sig_x, sig_y, 1)));
        }
        if let Some((i, img)) = seal {
            let x = sig_x + sig_w / 3.0 - img.width_mm;
            let y = sig_y + sig_h / 2.0 - img.height_mm / 2.0;
            anchor = anchor.add_run(Run::new().add_image(floating(img, i, x, y, 2)));
        }
        out.push(anchor);
    }
    for n in &s.names {
        out.push(
            line(&l.signer, Center, n)
                .line_spacing(exact(l.signer.pitch).before(pt_u(l.signature_space * 72.0 / 25.4))),
        );
    }
    out
}

/// A picture in front of the text at (x, y) mm from its cell's left and
/// its paragraph's top; `z` orders overlapping ones (the seal on top).
fn floating(img: &Image, index: usize, x_mm: f64, y_mm: f64, z: u32) -> Pic {
    let emu = |mm: f64| (mm * 36_000.0).round() as i32;
    let mut p = picture(img, index)
        .floating()
        .overlapping()
        .relative_from_h(RelativeFromHType::Column)
        .relative_from_v(RelativeFromVType::Paragraph)
        .position_h(DrawingPosition::Offset(emu(x_mm)))
        .position_v(DrawingPosition::Offset(emu(y_mm)))
        .relative_height(190_500 + z);
    p.layout_in_cell = true;
    p
}

/// "Nơi nhận:" and its lines.
fn recipient_paras(recipients: &[RecipientLine], l: &Layout) -> Vec<Paragraph> {
    use AlignmentType::Left;
    let mut out = vec![line(&l.recipients_title, Left, l.recipients_label)];
    for r in recipients {
        out.push(line(&l.recipients, Left, &r.text));
    }
    out
}

/// Nơi nhận (left, ô 9b) beside the signer (right, ô 7), kept on one page.
fn signature_table(
    recipients: &[RecipientLine],
    signer: &SignerBlock,
    l: &Layout,
    images: &[Image],
) -> Table {
    let left = if recipients.is_empty() {
        vec![Paragraph::new()]
    } else {
        recipient_paras(recipients, l)
    };
    let row = TableRow::new(vec![
        cell(l.sign_left, left),
        cell(l.sign_right, signer_paras(signer, l, images, l.sign_right)),
    ])
    .cant_split();
    borderless(vec![row], &[l.sign_left, l.sign_right], 0.0)
}

/// A bordered body table: its grid in mm, header rows repeated on each
/// page, spans as Word's gridSpan and vMerge, cells' own alignment.
fn body_table(t: &PTable, cx: &mut Cx) -> Table {
    let l = cx.l;
    let n = t.widths.len();
    let grid: Vec<usize> = t.widths.iter().map(|w| twips(*w) as usize).collect();
    let header_rows = t.header.len();
    let mut rows = Vec::new();
    // Columns still covered by a cell from a row above: (rows left, span).
    let mut carry: Vec<(usize, usize)> = vec![(0, 0); n];
    for (r, row) in t.header.iter().chain(t.rows.iter()).enumerate() {
        if r == header_rows {
            carry = vec![(0, 0); n];
        }
        let mut cells = Vec::new();
        let mut x = 0;
        let mut next = row.iter().peekable();
        while x < n {
            if carry[x].0 > 0 {
                // The continuation of a cell merged down from above.
                let span = carry[x].1.max(1);
                let w: usize = grid[x..(x + span).min(n)].iter().sum();
                let mut c = TableCell::new()
                    .width(w, WidthType::Dxa)
                    .vertical_merge(VMergeType::Continue)
                    .add_paragraph(spacer(1.0));
                if span > 1 {
                    c = c.grid_span(span);
                }
                cells.push(c);
                x += span;
                continue;
            }
            match next.peek() {
                Some(c) if c.x == x => {
                    let c = next.next().expect("peeked");
                    let span = c.colspan.min(n - x);
                    let w: usize = grid[x..x + span].iter().sum();
                    let mut tc = TableCell::new()
                        .width(w, WidthType::Dxa)
                        .vertical_align(VAlignType::Center);
                    if span > 1 {
                        tc = tc.grid_span(span);
                    }
                    if c.rowspan > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    }
                    for para in cell_paras(c, cx) {
                        tc = tc.add_paragraph(para);
                    }
                    cells.push(tc);
                    for (k, slot) in carry[x..x + span].iter_mut().enumerate() {
                        *slot = (c.rowspan, if k == 0 { span } else { 0 });
                    }
                    x += span;
                }
                _ => {
                    // A hole the grid check refused: keep the row whole.
                    cells.push(
                        TableCell::new()
                            .width(grid[x], WidthType::Dxa)
                            .add_paragraph(spacer(1.0)),
                    );
                    x += 1;
                }
            }
        }
        for k in carry.iter_mut() {
            k.0 = k.0.saturating_sub(1);
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    let sz = (l.rule_pt * 8.0).round() as usize;
    let x = pt_twips(l.table_pad_x_pt).max(0) as usize;
    let total: usize = grid.iter().sum();
    // The header rows repeat on each page: docx-rs cannot say so; the
    // style name carries the count to `fix`, which writes w:tblHeader.
    let mut table = Table::new(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(total, WidthType::Dxa)
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
        );
    if t.repeat && header_rows > 0 {
        table = table.style(format!("{}{header_rows}", fix::HEADER_ROWS_STYLE));
    }
    table
}

/// A cell's paragraphs in the table style, each padded top and bottom.
fn cell_paras(c: &PCell, cx: &mut Cx) -> Vec<Paragraph> {
    let l = cx.l;
    let st = if c.bold {
        &l.table_header
    } else {
        &l.table_cell
    };
    let n = c.paras.len();
    if n == 0 {
        return vec![Paragraph::new().line_spacing(
            exact(st.pitch)
                .before(pt_u(l.table_pad_y_pt))
                .after(pt_u(l.table_pad_y_pt)),
        )];
    }
    c.paras
        .iter()
        .enumerate()
        .map(|(i, spans)| {
            let mut p = Paragraph::new().align(alignment(c.align)).line_spacing(
                exact(st.pitch)
                    .before(pt_u(if i == 0 { l.table_pad_y_pt } else { 0.0 }))
                    .after(pt_u(if i + 1 == n { l.table_pad_y_pt } else { 0.0 })),
            );
            for sp in spans {
                let mut r = span_run(sp, st, cx);
                if c.italic {
                    r = r.italic();
                }
                p = p.add_run(r);
            }
            p
        })
        .collect()
}

/// A run for one inline span; a footnote becomes a real Word footnote.
fn span_run(span: &Span, st: &TextStyle, cx: &mut Cx) -> Run {
    match span {
        Span::Text { text, style } => styled_run(st, text, *style),
        Span::Footnote(inner) => {
            cx.footnotes += 1;
            let fst = &cx.l.footnote;
            let mut para = Paragraph::new().style("FootnoteText");
            for s in inner {
                para = para.add_run(span_run(s, fst, cx));
            }
            // Explicit ids keep the output independent of other documents
            // rendered in the same process.
            let note = Footnote {
                id: cx.footnotes,
                content: vec![para],
            };
            Run::new().add_footnote_reference(note)
        }
    }
}

/// A run in a text style with the span's own emphasis on top.
fn styled_run(st: &TextStyle, text: &str, style: SpanStyle) -> Run {
    let mut r = run(st, text);
    if style.bold && !st.bold {
        r = r.bold();
    }
    if style.italic && !st.italic {
        r = r.italic();
    }
    if style.underline {
        r = r.underline("single");
    }
    if style.sup || style.sub {
        let v = if style.sup {
            VertAlignType::SuperScript
        } else {
            VertAlignType::SubScript
        };
        r.run_property = r.run_property.vert_align(v);
    }
    r
}

fn footnote_reference_style() -> Style {
    let mut s = Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    s.run_property = s.run_property.vert_align(VertAlignType::SuperScript);
    s
}
