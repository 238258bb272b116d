//! The PDF of the sample, read back with poppler and qpdf.

mod common;

use common::*;
use vanban::text::inline::Span;

fn printed() -> vanban::render::print::Printed {
    vanban::render::print::print(&vanban::load_file(&root().join(SAMPLE)).unwrap())
}

/// A block's text with footnote marks numbered as the writers number them.
pub fn block_text(spans: &[Span], n: &mut usize) -> String {
    let mut s = String::new();
    for sp in spans {
        match sp {
            Span::Text { text, .. } => s.push_str(text),
            Span::Footnote(_) => {
                *n += 1;
                s.push_str(&n.to_string());
            }
        }
    }
    s
}

fn footnotes(p: &vanban::render::print::Printed) -> Vec<String> {
    let mut out = Vec::new();
    for b in &p.body {
        for sp in b.spans() {
            if let Span::Footnote(inner) = sp {
                out.push(vanban::text::inline::plain(inner));
            }
        }
    }
    out
}

#[test]
fn every_paragraph_footnote_and_key_string_comes_back() {
    let (_dir, pdf, _) = render_ok(&root().join(SAMPLE), &["--format", "pdf"]);
    let text = pdf_text(&pdf, None);
    let toks = tokens(&text);
    let p = printed();
    let mut pos = 0;
    let mut n = 0;
    for b in &p.body {
        pos = assert_in_order(&toks, &tokens(&block_text(b.spans(), &mut n)), pos, "body");
    }
    assert_eq!(n, 3, "the sample has three footnotes");
    let flat = squash(&text);
    let notes = footnotes(&p);
    assert_eq!(notes.len(), 3);
    for note in &notes {
        assert!(flat.contains(&squash(note)), "footnote missing: {note}");
    }
    for key in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "TỈNH BẮC GIANG",
        "Số: 1956/UBND-KTTH",
        "Bắc Giang, ngày 19 tháng 4 năm 2024",
        "V/v tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh",
        "Kính gửi:",
        "- Các sở, cơ quan thuộc UBND tỉnh;",
        "- UBND huyện, thị xã, thành phố.",
        "1. Sở Công Thương",
        "6. UBND huyện, thành phố, thị xã",
        "Kết quả tổng hợp, báo cáo Chủ tịch UBND tỉnh theo quy định./.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phan Thế Tuấn",
        "Nơi nhận:",
        "- Như trên;",
        "- Văn phòng UBND tỉnh:",
        "+ LĐVP, TH, KTN, KTTH, TTTT;",
        "+ Lưu: VT, KTTH.Bình.",
    ] {
        assert!(flat.contains(key), "missing {key:?}");
    }
    assert_eq!(flat, vanban::text::vn::nfc(&flat), "extracted text is NFC");
}

#[test]
fn a4_fonts_embedded_qpdf_clean_and_metadata() {
    let (_dir, pdf, _) = render_ok(&root().join(SAMPLE), &["--format", "pdf"]);
    let p = pdf.to_str().unwrap();

    let info = stdout(&tool("pdfinfo", &["-f", "1", "-l", "99", p]));
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 3, "{info}");
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .collect();
    assert_eq!(sizes.len(), pages);
    for s in &sizes {
        assert!(s.contains("595.276 x 841.89 pts (A4)"), "{s}");
    }
    assert!(info.contains(
        "Title:           tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh"
    ));
    assert!(info.contains("Author:          ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"));
    assert!(
        info.contains("CreationDate:    Fri Apr 19 00:00:00 2024"),
        "{info}"
    );
    assert!(info.contains("Keywords:        Công văn, 1956/UBND-KTTH"));

    let fonts = stdout(&tool("pdffonts", &[p]));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name type encoding emb sub uni object id
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "font not embedded: {r}");
        assert_eq!(cols[n - 3], "yes", "font without ToUnicode: {r}");
    }

    let q = tool("qpdf", &["--check", p]);
    assert!(q.status.success(), "qpdf --check: {}", stdout(&q));
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn margins_page_numbers_sizes_and_positions() {
    let (_dir, pdf, _) = render_ok(&root().join(SAMPLE), &["--format", "pdf"]);
    let lines = pdf_lines(&pdf);
    let (top, bottom, left, right) = (20.0 * MM, 20.0 * MM, 30.0 * MM, 15.0 * MM);
    let (w, h) = (210.0 * MM, 297.0 * MM);

    // Page numbers: none on page 1; "2" centred in the top margin of page 2.
    assert!(!lines.iter().any(|l| l.page == 1 && l.top < top - 1.0));
    let num = lines
        .iter()
        .find(|l| l.page == 2 && l.top < top)
        .expect("page number on page 2");
    assert_eq!(num.text, "2");
    let text_centre = left + (w - left - right) / 2.0;
    assert!(
        (num.left + num.width / 2.0 - text_centre).abs() < 3.0,
        "{num:?}"
    );

    // Body text inside the margins (the header table may extend left).
    // pdftohtml counts a line's trailing space in its width.
    let is_page_number = |l: &TextLine| l.top < top && l.text.chars().all(|c| c.is_ascii_digit());
    for l in lines
        .iter()
        .filter(|l| l.size == 14.0 && !is_page_number(l))
    {
        assert!(l.left >= left - 0.6, "left margin: {l:?}");
        assert!(l.left + l.width <= w - right + 4.5, "right margin: {l:?}");
        assert!(
            l.top >= top - 1.0 && l.top <= h - bottom,
            "vertical margins: {l:?}"
        );
    }

    let check = |prefix: &str, size: f64, bold: bool, italic: bool| {
        let l = line(&lines, prefix);
        assert_eq!(
            (l.size, l.bold, l.italic),
            (size, bold, italic),
            "{prefix}: {l:?}"
        );
        l.clone()
    };
    let qh = check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.0, true, false);
    assert_eq!(
        qh.text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Quốc hiệu on one line"
    );
    let motto = check("Độc lập - Tự do - Hạnh phúc", 13.0, true, false);
    let agency = check("ỦY BAN NHÂN DÂN", 12.0, true, false);
    let so = check("Số: 1956/UBND-KTTH", 13.0, false, false);
    let date = check("Bắc Giang, ngày 19 tháng 4 năm 2024", 13.0, false, true);
    let vv = check("V/v tăng cường", 12.0, false, false);
    let kg = check("Kính gửi:", 14.0, false, false);
    check("Công tác quản lý", 14.0, false, false);
    check("1. Sở Công Thương", 14.0, true, false);
    let nn = check("Nơi nhận:", 12.0, true, true);
    check("- Như trên;", 11.0, false, false);
    check("+ Lưu: VT, KTTH.Bình.", 11.0, false, false);
    let kt = check("KT. CHỦ TỊCH", 14.0, true, false);
    check("PHÓ CHỦ TỊCH", 14.0, true, false);
    let name = check("Phan Thế Tuấn", 14.0, true, false);
    check(
        "Nghị định số 68/2017/NĐ-CP ngày 25/5/2017",
        10.0,
        false,
        false,
    );

    // Header: the agency and Quốc hiệu start on the first line; Số and the
    // date share a line; V/v about 6 pt under the number.
    assert!(agency.top >= top - 1.0 && (agency.top - qh.top).abs() < 1.0);
    assert!(motto.top > qh.top);
    assert!((so.top - date.top).abs() < 1.0, "{so:?} {date:?}");
    assert!(
        vv.top > so.top + 13.0 && vv.top < so.top + 13.0 + 12.0,
        "{so:?} {vv:?}"
    );
    assert!(so.left + so.width < w / 2.0 && date.left > w / 2.0 - 20.0);

    // Kính gửi: the dashes line up under the colon.
    let items: Vec<&TextLine> = lines
        .iter()
        .filter(|l| l.page == 1 && l.top > kg.top && l.text.starts_with("- ") && l.size == 14.0)
        .take(4)
        .collect();
    assert_eq!(items.len(), 4);
    for i in &items {
        assert!((i.left - items[0].left).abs() < 0.6);
    }
    assert!(items[0].left > kg.left + kg.width * 0.7 && items[0].left < kg.left + kg.width);

    // Nơi nhận level with the authority line; the signer block centred in
    // the right column, with room for the signature.
    assert_eq!(nn.page, kt.page);
    assert!((nn.top - kt.top).abs() < 4.0, "{nn:?} {kt:?}");
    assert!(nn.left < left + 1.0);
    let centre = |l: &TextLine| l.left + l.width / 2.0;
    assert!((centre(&kt) - centre(&name)).abs() < 2.0);
    assert!(centre(&kt) > w / 2.0);
    assert!(name.top - kt.top > 25.0 * MM);

    // The signature page carries the end of the body.
    assert!(lines
        .iter()
        .any(|l| l.page == name.page && l.text.ends_with("quy định./.")));
}

#[test]
fn same_input_gives_identical_bytes() {
    let (_a, pdf1, docx1) = render_ok(&root().join(SAMPLE), &[]);
    let (_b, pdf2, docx2) = render_ok(&root().join(SAMPLE), &[]);
    assert_eq!(std::fs::read(pdf1).unwrap(), std::fs::read(pdf2).unwrap());
    assert_eq!(std::fs::read(docx1).unwrap(), std::fs::read(docx2).unwrap());
}
