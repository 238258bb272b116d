//! The DOCX of the sample, read back as XML, with python-docx, LibreOffice
//! and openxml-audit.

mod common;

use common::*;

/// The `<w:r>` runs whose text contains `needle`, with their properties.
fn runs_with<'a>(xml: &'a str, needle: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:r>") {
        let end = rest[i..].find("</w:r>").map_or(rest.len(), |j| i + j + 6);
        let run = &rest[i..end];
        if run.contains(needle) {
            out.push(run);
        }
        rest = &rest[end..];
    }
    out
}

fn run_has(xml: &str, text: &str, size_half_points: u32, bold: bool, italic: bool) {
    let runs = runs_with(xml, text);
    assert!(!runs.is_empty(), "no run with {text:?}");
    let r = runs[0];
    assert!(
        r.contains(&format!("<w:sz w:val=\"{size_half_points}\" />")),
        "{text}: {r}"
    );
    assert_eq!(r.contains("<w:b />"), bold, "{text} bold: {r}");
    assert_eq!(r.contains("<w:i />"), italic, "{text} italic: {r}");
}

#[test]
fn page_setup_fonts_sizes_and_footnotes() {
    let (_dir, _, docx) = render_ok(&root().join(SAMPLE), &["--format", "docx"]);
    let doc = docx_part(&docx, "word/document.xml");
    let styles = docx_part(&docx, "word/styles.xml");

    // A4, margins 20/15/20/30 mm, page number from page 2 (titlePg).
    assert!(
        doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"),
        "pgSz"
    );
    for m in [
        "w:top=\"1134\"",
        "w:right=\"850\"",
        "w:bottom=\"1134\"",
        "w:left=\"1701\"",
    ] {
        assert!(doc.contains(m), "pgMar {m}");
    }
    assert!(doc.contains("<w:titlePg />"));
    assert!(doc.contains("w:type=\"first\""));
    let header_with_page = (1..=2)
        .map(|i| docx_part(&docx, &format!("word/header{i}.xml")))
        .find(|h| h.contains("PAGE"))
        .expect("a header with the PAGE field");
    assert!(header_with_page.contains("<w:jc w:val=\"center\" />"));

    // Times New Roman everywhere by default; each header element's size.
    assert!(styles.contains("<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\""));
    run_has(&doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24, true, false);
    run_has(&doc, "Độc lập - Tự do - Hạnh phúc", 26, true, false);
    run_has(&doc, "ỦY BAN NHÂN DÂN", 24, true, false);
    run_has(&doc, "Số: 1956/UBND-KTTH", 26, false, false);
    run_has(&doc, "Bắc Giang, ngày 19 tháng 4 năm 2024", 26, false, true);
    run_has(&doc, "V/v tăng cường", 24, false, false);
    run_has(&doc, "Kính gửi:", 28, false, false);
    run_has(&doc, "Công tác quản lý", 28, false, false);
    run_has(&doc, "1. Sở Công Thương", 28, true, false);
    run_has(&doc, "Nơi nhận:", 24, true, true);
    run_has(&doc, "- Như trên;", 22, false, false);
    run_has(&doc, "KT. CHỦ TỊCH", 28, true, false);
    run_has(&doc, "Phan Thế Tuấn", 28, true, false);
    // Rules under the agency name and the Tiêu ngữ.
    assert_eq!(doc.matches("<w:pBdr><w:top w:val=\"single\"").count(), 2);
    // Body: justified, first-line indent 1.27 cm, exact 16.5 pt, 6 pt after.
    assert!(doc.contains("w:firstLine=\"720\" />"));
    assert!(doc.contains("w:after=\"120\" w:line=\"330\" w:lineRule=\"exact\""));

    // Real footnotes, numbered, with their styles defined.
    let notes = docx_part(&docx, "word/footnotes.xml");
    let bodies: Vec<&str> = notes.split("<w:footnote ").skip(1).collect();
    let real: Vec<&&str> = bodies.iter().filter(|b| !b.contains("w:type=")).collect();
    assert_eq!(real.len(), 3, "{notes}");
    for b in &real {
        assert!(
            b.contains("<w:footnoteRef />"),
            "footnote without its number: {b}"
        );
        assert!(b.contains("FootnoteText"));
    }
    assert!(real[1].contains("Toàn tỉnh đã thành lập được 55 cụm công nghiệp"));
    assert_eq!(doc.matches("<w:footnoteReference ").count(), 3);
    assert!(styles.contains("w:styleId=\"FootnoteText\""));
    assert!(styles.contains("w:styleId=\"FootnoteReference\""));
    assert!(styles.contains("<w:vertAlign w:val=\"superscript\" />"));

    let core = docx_part(&docx, "docProps/core.xml");
    assert!(core.contains(
        "<dc:title>tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh</dc:title>"
    ));
    assert!(core.contains("<dc:creator>ỦY BAN NHÂN DÂN TỈNH BẮC GIANG</dc:creator>"));
    assert!(core.contains("2024-04-19T00:00:00Z"));
}

#[test]
fn python_docx_reads_it() {
    let (_dir, _, docx) = render_ok(&root().join(SAMPLE), &["--format", "docx"]);
    let out = python(
        "import sys, docx\n\
         d = docx.Document(sys.argv[1])\n\
         s = d.sections[0]\n\
         print(round(s.page_width.mm), round(s.page_height.mm), round(s.top_margin.mm), round(s.bottom_margin.mm), round(s.left_margin.mm), round(s.right_margin.mm))\n\
         print(s.different_first_page_header_footer)\n\
         print(d.core_properties.title)\n\
         print(d.core_properties.author)\n\
         print(len(d.tables))\n\
         print(any(p.text == 'Kính gửi:' for p in d.paragraphs))\n\
         print(d.tables[1].rows[0].cells[1].paragraphs[0].text)",
        &docx,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "210 297 20 20 30 15");
    assert_eq!(lines[1], "True");
    assert_eq!(
        lines[2],
        "tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh"
    );
    assert_eq!(lines[3], "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG");
    assert_eq!(lines[4], "2");
    assert_eq!(lines[5], "True");
    assert_eq!(lines[6], "KT. CHỦ TỊCH");
}

#[test]
fn libreoffice_converts_it_with_the_same_text() {
    let (dir, pdf, docx) = render_ok(&root().join(SAMPLE), &[]);
    let lo = soffice_pdf(&docx, &dir.path().join("lo"));
    let lo_text = squash(&pdf_text(&lo, None));
    let typst_text = squash(&pdf_text(&pdf, None));
    for key in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1956/UBND-KTTH",
        "Bắc Giang, ngày 19 tháng 4 năm 2024",
        "Kính gửi:",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phan Thế Tuấn",
        "Nơi nhận:",
        "+ Lưu: VT, KTTH.Bình.",
        "theo quy định./.",
    ] {
        assert!(lo_text.contains(key), "LibreOffice text lacks {key:?}");
        assert!(typst_text.contains(key));
    }
    // The two writers lay out alike: page 1 of both ends at the same words.
    let last_words = |p: &std::path::Path| {
        let t = pdf_text(p, Some((2, 2)));
        tokens(&t)
            .into_iter()
            .filter(|t| t != "2")
            .take(6)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        last_words(&lo),
        last_words(&pdf),
        "page 2 starts differently"
    );
}

#[test]
fn openxml_audit_reports_no_errors() {
    let (_dir, _, docx) = render_ok(&root().join(SAMPLE), &["--format", "docx"]);
    let o = tool(
        "python3",
        &["-m", "openxml_audit", docx.to_str().unwrap(), "-m", "0"],
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Errors: 0"), "{out}");
}
