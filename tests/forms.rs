//! The forms real documents use (issue "Real documents, not only the Mẫu"),
//! each read back from the produced PDF (poppler) and DOCX (python-docx,
//! the XML, LibreOffice): untitled articles, preamble lines, lists at every
//! level, tables with spans and repeated headers, landscape appendices,
//! giấy mời on one page, attachment line and end mark, legal-normative
//! numbers, Kính gửi forms, signer lines, joint biên bản, inline styles,
//! images; and the layout defects found on real documents.

mod common;

use std::path::Path;

use common::*;

fn sample(name: &str) -> std::path::PathBuf {
    root().join("samples").join(name)
}

/// Paragraphs of a DOCX as JSON lines: text, runs (text, bold, italic),
/// keep_with_next, space_after (pt) — body paragraphs and table cells.
fn docx_paragraphs(docx: &Path) -> Vec<serde_json::Value> {
    let out = python(
        r#"
import sys, json, docx
d = docx.Document(sys.argv[1])
def emit(p):
    pf = p.paragraph_format
    print(json.dumps({
        "text": p.text.replace("\u00a0", " "),
        "runs": [[r.text, bool(r.bold), bool(r.italic)] for r in p.runs],
        "keep": bool(pf.keep_with_next),
        "after": pf.space_after.pt if pf.space_after is not None else None,
    }, ensure_ascii=False))
for p in d.paragraphs:
    emit(p)
for t in d.tables:
    for r in t.rows:
        for c in r.cells:
            for p in c.paragraphs:
                emit(p)
"#,
        docx,
    );
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn para<'a>(ps: &'a [serde_json::Value], prefix: &str) -> &'a serde_json::Value {
    ps.iter()
        .find(|p| p["text"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no DOCX paragraph starting with {prefix:?}"))
}

/// The raw `pdftohtml -xml` text elements, inner markup kept.
fn pdf_xml(pdf: &Path) -> Vec<String> {
    let o = tool(
        "pdftohtml",
        &["-xml", "-i", "-zoom", "1", "-stdout", pdf.to_str().unwrap()],
    );
    stdout(&o)
        .lines()
        .filter(|l| l.trim_start().starts_with("<text "))
        .map(|l| l.replace('\u{a0}', " "))
        .collect()
}

fn pages(pdf: &Path) -> u32 {
    let o = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    stdout(&o)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Page sizes (w, h) in points, every page.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let o = tool("pdfinfo", &["-f", "1", "-l", "99", pdf.to_str().unwrap()]);
    stdout(&o)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .filter_map(|w| w.parse::<f64>().ok())
                .collect();
            // "Page    3 size: 841.89 x 595.304 pts (A4)"
            (v[1], v[2])
        })
        .collect()
}

fn write_doc(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let y = format!(
        "co_quan: {{ten: Sở Công Thương, viet_tat: SCT}}\ndon_vi_soan_thao: VP\n\
         dia_danh: Bắc Giang\nngay: 2024-05-20\ntrich_yeu: Thử\n\
         nguoi_ky: {{quyen_han: KT., thu_truong: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Nguyễn Văn A}}\n\
         noi_nhan: [Như trên]\nluu: VT, VP\nkinh_gui: Sở Tài chính\n{body}"
    );
    let p = dir.join(name);
    std::fs::write(&p, y).unwrap();
    p
}

#[test]
fn untitled_articles_run_in_with_only_the_number_bold() {
    let (_d, pdf, docx) = render_ok(&sample("quyet-dinh-thanh-lap-doan-kiem-tra.yaml"), &[]);
    // DOCX: "Điều 1." is one bold run, the content follows in regular runs
    // of the same paragraph; a titled article is bold throughout and kept
    // with the next paragraph.
    let ps = docx_paragraphs(&docx);
    let d1 = para(&ps, "Điều 1. Thành lập Đoàn kiểm tra");
    let runs = d1["runs"].as_array().unwrap();
    assert_eq!(
        runs[0][0].as_str().unwrap().replace('\u{a0}', " "),
        "Điều 1."
    );
    assert!(runs[0][1].as_bool().unwrap(), "Điều 1. is bold");
    assert!(
        runs[1..].iter().all(|r| !r[1].as_bool().unwrap()),
        "the content is regular: {runs:?}"
    );
    let d2 = para(&ps, "Điều 2. Nhiệm vụ, quyền hạn của Đoàn kiểm tra");
    assert!(d2["runs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r[1].as_bool().unwrap()));
    assert!(
        d2["keep"].as_bool().unwrap(),
        "a titled article stays with its text"
    );
    assert!(
        !d1["keep"].as_bool().unwrap(),
        "an untitled one does not chain"
    );
    // Khoản, điểm and dash items under an untitled article, in order.
    let texts: Vec<&str> = ps.iter().map(|p| p["text"].as_str().unwrap()).collect();
    let pos = |s: &str| {
        texts
            .iter()
            .position(|t| t.starts_with(s))
            .unwrap_or_else(|| panic!("{s:?} missing"))
    };
    assert!(pos("1. Ông Nguyễn Văn Bình") < pos("3. Các thành viên:"));
    assert!(pos("3. Các thành viên:") < pos("- Ông Lê Văn Hùng"));
    assert!(pos("a) Tình hình đầu tư") < pos("c) Công tác phòng cháy"));
    // The closing article and the unnumbered hiệu lực paragraph after it;
    // the end mark once, on the last paragraph.
    assert!(pos("Điều 4. Chánh Văn phòng Sở") < pos("Quyết định này có hiệu lực kể từ ngày ký./."));

    // PDF: the same run-in form.
    // poppler gives the bold "Điều 1." and the regular text after it on
    // the same line as two pieces.
    let xml = pdf_xml(&pdf);
    let i = xml
        .iter()
        .position(|l| l.contains(">Điều 1.<") || l.contains("<b>Điều 1.</b>"))
        .unwrap_or_else(|| panic!("no PDF line with Điều 1.: {xml:?}"));
    assert!(xml[i].contains("<b>Điều 1.</b>"), "{}", xml[i]);
    let next = &xml[i + 1];
    assert!(
        next.contains("> Thành lập Đoàn kiểm tra") && !next.contains("<b>"),
        "{next}"
    );
    let text = squash(&pdf_text(&pdf, None)).replace('\u{a0}', " ");
    assert_eq!(text.matches("./.").count(), 1, "{text}");
    assert!(text.contains("kể từ ngày ký./."));
    // "Xét đề nghị …" closes the preamble with "." in italics; căn cứ lines
    // end with ";".
    let lines = pdf_lines(&pdf);
    let xet = line(&lines, "Xét đề nghị của Trưởng phòng");
    assert!(xet.italic);
    assert!(text.contains("ngày 28/5/2024. QUYẾT ĐỊNH:"), "{text}");
    assert!(text.contains("Nghị định số 32/2024/NĐ-CP;"));
    // Bold-italic deadline, no marker leaks.
    assert!(!text.contains('*'));
    assert!(
        xml.iter()
            .any(|l| l.contains("<i><b>trước ngày 05/7/2024</b></i>")
                || l.contains("<b><i>trước ngày 05/7/2024</i></b>")),
        "bold italic deadline"
    );
}

#[test]
fn giay_moi_with_lists_and_fields_stays_on_one_page() {
    let (d, pdf, docx) = render_ok(&sample("giay-moi-hoi-nghi-so-ket.yaml"), &[]);
    assert_eq!(pages(&pdf), 1, "our PDF");
    let lo = soffice_pdf(&docx, d.path());
    assert_eq!(pages(&lo), 1, "LibreOffice's rendering of the DOCX");
    let ps = docx_paragraphs(&docx);
    // One-line items are set close; the last item of a list keeps the
    // paragraph space.
    let a = para(&ps, "- Đại diện lãnh đạo Ủy ban nhân dân tỉnh;");
    assert_eq!(a["after"].as_f64(), Some(0.0), "{a}");
    let last = para(&ps, "- Các chủ đầu tư hạ tầng kỹ thuật");
    assert_eq!(last["after"].as_f64(), Some(6.0), "{last}");
    for f in [
        "Thời gian: 08 giờ 00 phút",
        "Địa điểm: Hội trường",
        "Thành phần:",
        "Chủ trì: Đồng chí",
    ] {
        para(&ps, f);
    }
    let text = squash(&pdf_text(&pdf, None));
    assert!(text.contains("Sở Công Thương trân trọng kính mời: - Đại diện lãnh đạo"));
}

#[test]
fn tables_with_grouped_headers_numbering_and_totals() {
    let (_d, pdf, docx) = render_ok(&sample("bao-cao-thong-ke-cum-cong-nghiep.yaml"), &[]);
    let xml = docx_part(&docx, "word/document.xml");
    // "Số cụm công nghiệp" spans three columns; STT, Địa bàn and Diện tích
    // span the two header rows.
    assert!(xml.contains("<w:gridSpan w:val=\"3\" />"), "gridSpan");
    assert_eq!(xml.matches("<w:vMerge w:val=\"restart\" />").count(), 3);
    assert_eq!(xml.matches("<w:vMerge w:val=\"continue\" />").count(), 3);
    // Both header rows repeat on a new page.
    assert_eq!(xml.matches("<w:tblHeader />").count(), 2);
    let cells = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nt = [t for t in d.tables if len(t.columns) == 6][0]\n\
         print(len(t.rows))\nfor r in t.rows: print('|'.join(c.text for c in r.cells))",
        &docx,
    );
    let rows: Vec<&str> = cells.lines().collect();
    assert_eq!(
        rows[0], "6",
        "2 header rows, 3 body rows, 1 total row: {cells}"
    );
    assert!(
        rows[1].starts_with(
            "STT|Địa bàn|Số cụm công nghiệp|Số cụm công nghiệp|Số cụm công nghiệp|Diện tích"
        ),
        "{cells}"
    );
    assert!(
        rows[3].starts_with("1|Huyện Lạng Giang|07|05|02|356,2"),
        "{cells}"
    );
    assert!(rows[5].starts_with("3|Huyện Yên Dũng"), "{cells}");
    assert!(rows[6].starts_with("Tổng cộng|Tổng cộng|18"), "{cells}");
    // The total row is bold in both outputs; the sub-headers sit under
    // their group heading.
    let ps = docx_paragraphs(&docx);
    assert!(para(&ps, "Tổng cộng")["runs"][0][1].as_bool().unwrap());
    let lines = pdf_lines(&pdf);
    let group = line(&lines, "Số cụm công nghiệp");
    let sub = line(&lines, "Đang hoạt");
    assert!(group.bold && sub.top > group.top);
    let gc = group.left + group.width / 2.0;
    let sc = sub.left + sub.width / 2.0;
    assert!(
        (gc - sc).abs() < 15.0,
        "middle sub-column under the group: {group:?} {sub:?}"
    );
    assert!(line(&lines, "Tổng cộng").bold);
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (1..=70)
        .map(|i| format!("      - [\"Nhiệm vụ số {i}\", \"Sở Công Thương\"]\n"))
        .collect();
    let y = write_doc(
        dir.path(),
        "bang-dai.yaml",
        &format!(
            "noi_dung:\n  - \"Danh sách nhiệm vụ:\"\n  - bang:\n      stt: true\n      cot: [STT, Nội dung nhiệm vụ, Đơn vị]\n      dong:\n{rows}"
        ),
    );
    let (_d, pdf, docx) = render_ok(&y, &[]);
    let lines = pdf_lines(&pdf);
    let headers: Vec<u32> = lines
        .iter()
        .filter(|l| l.text == "Nội dung nhiệm vụ")
        .map(|l| l.page)
        .collect();
    assert!(headers.len() >= 2, "header on each page: {headers:?}");
    assert_eq!(headers, (1..=headers.len() as u32).collect::<Vec<_>>());
    assert!(lines.iter().any(|l| l.text == "70"), "STT numbered to 70");
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
}

#[test]
fn a_landscape_appendix_inside_a_portrait_plan() {
    let (d, pdf, docx) = render_ok(&sample("ke-hoach-kiem-tra-cum-cong-nghiep.yaml"), &[]);
    let sizes = page_sizes(&pdf);
    assert!(sizes[0].0 < sizes[0].1, "page 1 portrait: {sizes:?}");
    let last = sizes.last().unwrap();
    assert!(last.0 > last.1, "the appendix is landscape: {sizes:?}");
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(xml.matches("w:orient=\"landscape\"").count(), 1);
    let lo = soffice_pdf(&docx, d.path());
    let lo_sizes = page_sizes(&lo);
    assert_eq!(
        lo_sizes.len(),
        sizes.len(),
        "same page count in LibreOffice"
    );
    assert!(lo_sizes.last().unwrap().0 > lo_sizes.last().unwrap().1);
    assert!(lo_sizes[0].0 < lo_sizes[0].1);
    // The body's task table: numbered rows, a group row and column numbers
    // in the appendix.
    let text = squash(&pdf_text(&pdf, None));
    for s in [
        "1 Xây dựng đề cương kiểm tra",
        "3 Tổng hợp kết quả",
        "(1) (2) (3) (4) (5) (6) (7)",
        "I. Huyện Lạng Giang",
        "Cộng 188,2",
    ] {
        assert!(text.contains(s), "{s:?} in {text}");
    }
    // No end mark in the appendix (ND30 gives it for the main text only).
    let appendix = pdf_text(&pdf, Some((sizes.len() as u32, sizes.len() as u32)));
    assert!(!appendix.contains("./."), "{appendix}");
}

#[test]
fn attachment_line_after_the_closing_sentence() {
    let (_d, pdf, docx) = render_ok(&sample("cong-van-gui-du-thao-dinh-kem.yaml"), &[]);
    let text = squash(&pdf_text(&pdf, None));
    assert!(
        text.contains(
            "hoàn thiện dự thảo./. (Gửi kèm theo dự thảo Quyết định và Tờ trình) Nơi nhận"
        ),
        "{text}"
    );
    let lines = pdf_lines(&pdf);
    let note = line(&lines, "(Gửi kèm theo dự thảo");
    assert!(note.italic);
    let ps = docx_paragraphs(&docx);
    let n = para(&ps, "(Gửi kèm theo dự thảo");
    assert!(n["runs"][0][2].as_bool().unwrap(), "italic in the DOCX");
    // One addressee keeps the "." the clerk typed; the note goes under it.
    assert!(text.contains("Kính gửi: Sở Tư pháp tỉnh Bắc Giang. (Theo Kế hoạch số 142/KH-UBND"));
    para(&ps, "Kính gửi: Sở Tư pháp tỉnh Bắc Giang.");
    para(&ps, "(Theo Kế hoạch số 142/KH-UBND");
}

#[test]
fn a_typed_end_mark_is_removed_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let y = write_doc(
        dir.path(),
        "dau.yaml",
        "noi_dung:\n  - Đoạn một.\n  - Đề nghị các đơn vị thực hiện./.\n",
    );
    let o = vanban(
        dir.path(),
        &["render", y.to_str().unwrap(), "--no-system-fonts"],
    );
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cảnh báo[ND30-DC-01]") && err.contains("dau.yaml:12:"),
        "{err}"
    );
    let text = squash(&pdf_text(&dir.path().join("dau.pdf"), None));
    assert!(text.contains("thực hiện./."));
    assert_eq!(text.matches("./.").count(), 1);
}

#[test]
fn legal_normative_numbers_carry_the_year() {
    let (_d, pdf, docx) = render_ok(&sample("quyet-dinh-qppl-quy-dinh-phan-cap.yaml"), &[]);
    let text = squash(&pdf_text(&pdf, None));
    assert!(text.contains("Số: 35/2024/QĐ-UBND"), "{text}");
    assert!(
        text.contains("(Kèm theo Quyết định số 35/2024/QĐ-UBND"),
        "{text}"
    );
    let ps = docx_paragraphs(&docx);
    para(&ps, "Số: 35/2024/QĐ-UBND");
    // A công văn is never legal-normative.
    let dir = tempfile::tempdir().unwrap();
    let y = write_doc(dir.path(), "cv.yaml", "qppl: true\nso: 5\nnoi_dung: [a]\n");
    let o = vanban(dir.path(), &["check", y.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("không phải văn bản quy phạm pháp luật"));
}

#[test]
fn signer_lines_as_offices_write_them() {
    let (_d, pdf, docx) = render_ok(&sample("ke-hoach-kiem-tra-cum-cong-nghiep.yaml"), &[]);
    let lines = pdf_lines(&pdf);
    let tm = line(&lines, "TM. ỦY BAN NHÂN DÂN");
    let kt = line(&lines, "KT. CHỦ TỊCH");
    let pct = line(&lines, "PHÓ CHỦ TỊCH");
    assert!(tm.top < kt.top && kt.top < pct.top && tm.bold);
    let ps = docx_paragraphs(&docx);
    for s in ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] {
        para(&ps, s);
    }
    // A clerk's line break in a title is kept in both outputs, and a long
    // TL. line breaks into balanced lines.
    let dir = tempfile::tempdir().unwrap();
    let y = dir.path().join("ky.yaml");
    std::fs::write(
        &y,
        "co_quan: {ten: Văn phòng UBND tỉnh Bắc Giang, viet_tat: VP}\ndon_vi_soan_thao: TH\n\
         dia_danh: Bắc Giang\nngay: 2024-05-20\ntrich_yeu: Thử\nkinh_gui: Sở Tài chính\n\
         noi_dung: [a]\nnoi_nhan: [Như trên]\nluu: VT, TH\n\
         nguoi_ky:\n  quyen_han: TL.\n  thu_truong: \"Chủ tịch\\nỦy ban nhân dân tỉnh Bắc Giang\"\n  chuc_vu: Chánh Văn phòng Ủy ban nhân dân tỉnh Bắc Giang\n  ho_ten: Nguyễn Văn B\n",
    )
    .unwrap();
    let (_d2, pdf, docx) = render_ok(&y, &[]);
    let ps = docx_paragraphs(&docx);
    let texts: Vec<&str> = ps.iter().map(|p| p["text"].as_str().unwrap()).collect();
    // "CHỦ TỊCH" stays on its own line; the next line, too long for the
    // column, is balanced.
    let tl = texts
        .iter()
        .position(|t| *t == "TL. CHỦ TỊCH")
        .expect("TL. CHỦ TỊCH");
    assert_eq!(
        texts[tl + 1..tl + 3],
        ["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"],
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("TỊCHỦY")));
    let chanh: Vec<&&str> = texts
        .iter()
        .filter(|t| t.starts_with("CHÁNH VĂN PHÒNG") || t.ends_with("BẮC GIANG"))
        .collect();
    assert!(chanh.len() >= 3, "the long title is broken: {chanh:?}");
    let lines = pdf_lines(&pdf);
    let first = line(&lines, "CHÁNH VĂN PHÒNG");
    assert!(first.text.split(' ').count() >= 3, "{first:?}");
    for l in lines.iter().filter(|l| l.bold && l.left > 300.0) {
        assert!(
            l.text.split(' ').count() >= 2 || l.text == "CHỦ TỊCH",
            "orphan word: {l:?}"
        );
    }
}

#[test]
fn joint_bien_ban_has_no_issuer_and_a_signer_grid() {
    let (_d, pdf, docx) = render_ok(&sample("bien-ban-kiem-tra-lien-nganh.yaml"), &[]);
    let text = squash(&pdf_text(&pdf, None));
    assert!(!text.contains("Số:"), "no number");
    assert!(text.contains("Lạng Giang, ngày 12 tháng 8 năm 2024"));
    assert!(!text.contains("Nơi nhận"));
    let lines = pdf_lines(&pdf);
    let names = [
        "Nguyễn Văn Bình",
        "Vũ Thị Mai",
        "Hoàng Văn Nam",
        "Đỗ Minh Tâm",
    ];
    let at: Vec<&TextLine> = names.iter().map(|n| line(&lines, n)).collect();
    assert!(
        (at[0].top - at[1].top).abs() < 1.0,
        "a row's names on one line"
    );
    assert!((at[2].top - at[3].top).abs() < 1.0);
    assert!(at[2].top > at[0].top);
    assert!(at[0].left < at[1].left);
    let grid = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\n\
         t = [t for t in d.tables if 'Đỗ Minh Tâm' in ''.join(c.text for r in t.rows for c in r.cells)][0]\n\
         print(len(t.rows), len(t.columns))",
        &docx,
    );
    assert_eq!(grid.trim(), "2 2");
}

#[test]
fn inline_styles_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let y = write_doc(
        dir.path(),
        "kieu.yaml",
        "noi_dung:\n  - \"Hạn ***30/6/2024***; __lưu ý__ diện tích 50 m^2^, khí CO~2~.\"\n",
    );
    let (_d, pdf, docx) = render_ok(&y, &[]);
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains("<w:vertAlign w:val=\"superscript\" />"));
    assert!(xml.contains("<w:vertAlign w:val=\"subscript\" />"));
    assert!(xml.contains("<w:u w:val=\"single\" />"));
    let ps = docx_paragraphs(&docx);
    let p = para(&ps, "Hạn 30/6/2024");
    let bi = p["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0] == "30/6/2024")
        .unwrap();
    assert!(
        bi[1].as_bool().unwrap() && bi[2].as_bool().unwrap(),
        "bold italic"
    );
    let text = pdf_text(&pdf, None);
    for c in ['*', '^', '~', '_'] {
        assert!(!text.contains(c), "{c} leaked: {text}");
    }
    // Reading order (not layout): the raised and lowered digits follow
    // their letters.
    let plain = stdout(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(squash(&plain).contains("50 m2, khí CO2./."), "{plain}");
}

#[test]
fn an_image_with_its_caption_in_both_outputs() {
    let (d, pdf, docx) = render_ok(&sample("bao-cao-thong-ke-cum-cong-nghiep.yaml"), &[]);
    let o = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let list = stdout(&o);
    assert_eq!(list.lines().count(), 3, "one image: {list}");
    assert!(list.contains(" 600   300 "), "{list}");
    let shapes = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\ns = d.inline_shapes[0]\n\
         print(len(d.inline_shapes), round(s.width.mm), round(s.height.mm))",
        &docx,
    );
    assert_eq!(shapes.trim(), "1 120 60", "120 mm wide as asked");
    let text = squash(&pdf_text(&pdf, None));
    assert!(text.contains("Biểu đồ 1. Tỷ lệ lấp đầy"));
    let lo = soffice_pdf(&docx, d.path());
    let o = tool("pdfimages", &["-list", lo.to_str().unwrap()]);
    assert!(stdout(&o).lines().count() >= 3, "LibreOffice shows it");
    // A missing image is a located error, nothing written.
    let dir = tempfile::tempdir().unwrap();
    let y = write_doc(
        dir.path(),
        "hinh.yaml",
        "noi_dung:\n  - a\n  - hinh: khong-co.png\n",
    );
    let o = vanban(dir.path(), &["render", y.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("hinh.yaml:12:") && err.contains("khong-co.png"),
        "{err}"
    );
    assert!(!dir.path().join("hinh.pdf").exists());
    // A path out of the document's folder is refused.
    let y = write_doc(
        dir.path(),
        "hinh2.yaml",
        "noi_dung:\n  - hinh: ../../etc/passwd.png\n",
    );
    let o = vanban(dir.path(), &["check", y.to_str().unwrap()]);
    assert!(stdout(&o).contains("phải nằm trong thư mục của văn bản"));
}

// ── Layout defects found on real documents ───────────────────────────────

/// Every sample's PDF, rendered once.
fn all_samples() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let o = vanban(
        &root(),
        &[
            "render",
            "samples",
            "-o",
            dir.path().to_str().unwrap(),
            "--format",
            "pdf",
            "--no-system-fonts",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut pdfs: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    (dir, pdfs)
}

#[test]
fn no_page_ends_with_a_heading_and_no_number_breaks_after_a_slash() {
    let (_d, pdfs) = all_samples();
    assert!(pdfs.len() >= 20);
    for pdf in &pdfs {
        let lines = pdf_lines(pdf);
        let last_page = lines.iter().map(|l| l.page).max().unwrap();
        for page in 1..last_page {
            // The last body line of a page (the footer's contacts aside).
            let body: Vec<&TextLine> = lines
                .iter()
                .filter(|l| l.page == page && l.size >= 13.0)
                .collect();
            let Some(last) = body.iter().max_by(|a, b| a.top.total_cmp(&b.top)) else {
                continue;
            };
            let heading = last.bold
                && (last.text.starts_with("Điều")
                    || last.text.starts_with("Chương")
                    || last.text.starts_with("Mục")
                    || last.text.starts_with("Phần")
                    || last.text.starts_with("QUYẾT")
                    || last
                        .text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit() || "IVX".contains(c)));
            assert!(
                !heading,
                "{}: page {page} ends with heading {last:?}",
                pdf.display()
            );
        }
        for l in pdf_text(pdf, None).lines() {
            assert!(
                !l.trim_end().ends_with('/'),
                "{}: a line breaks after '/': {l}",
                pdf.display()
            );
        }
    }
}

#[test]
fn the_last_paragraph_is_as_wide_as_the_others() {
    let (_d, pdf, _) = render_ok(&root().join(SAMPLE), &["--format", "pdf"]);
    let o = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let xml = stdout(&o);
    // Right ends of the full lines of every paragraph (all but its last).
    let mut rights: Vec<f64> = Vec::new();
    for block in xml.split("<block ").skip(1) {
        let lines: Vec<f64> = block
            .split("<line ")
            .skip(1)
            .map(|l| attr_f(l, "xMax"))
            .collect();
        if lines.len() > 1 {
            rights.extend(&lines[..lines.len() - 1]);
        }
    }
    let max = rights.iter().cloned().fold(0.0, f64::max);
    let last_par_lines: Vec<f64> = {
        let i = xml.find(">Giao</word>").unwrap();
        let block = &xml[xml[..i].rfind("<block ").unwrap()..];
        let block = &block[..block.find("</block>").unwrap()];
        block
            .split("<line ")
            .skip(1)
            .map(|l| attr_f(l, "xMax"))
            .collect()
    };
    assert!(last_par_lines.len() >= 2);
    for r in &last_par_lines[..last_par_lines.len() - 1] {
        assert!(
            (max - r).abs() < 1.0,
            "last paragraph line ends at {r}, others at {max}"
        );
    }
}

fn attr_f(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let i = tag.find(&key).unwrap() + key.len();
    tag[i..i + tag[i..].find('"').unwrap()].parse().unwrap()
}

#[test]
fn titles_break_into_balanced_lines_with_the_rule_clear_of_descenders() {
    let (d, pdf, _) = render_ok(
        &sample("quyet-dinh-thanh-lap-doan-kiem-tra.yaml"),
        &["--format", "pdf"],
    );
    let lines = pdf_lines(&pdf);
    let a = line(&lines, "Về việc thành lập Đoàn kiểm tra");
    let b = lines
        .iter()
        .find(|l| l.page == 1 && l.top > a.top && l.bold && l.size == 14.0)
        .unwrap();
    assert!(b.width > a.width * 0.6, "balanced: {a:?} {b:?}");
    assert!(b.text.split(' ').count() >= 4, "{b:?}");
    // The short rule under the last title line: its distance below that
    // line's baseline, read from the page content (qpdf's QDF form).
    let qdf = d.path().join("q.pdf");
    let o = tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    let content = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    // (y of each text line's baseline, y of each stroked line), in order.
    let mut last_text_y = None;
    let mut gap = None;
    for l in content.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() > 7 && f[0] == "q" && f[7].starts_with("cm/c0") {
            let y: f64 = f[6].parse().unwrap();
            if l.contains(" cs ") {
                last_text_y = Some(y);
            } else if l.contains("0.5 w") && gap.is_none() {
                // The first rule below the title's text.
                if let Some(t) = last_text_y {
                    if t - y > 0.0 && t < 700.0 {
                        gap = Some(t - y);
                    }
                }
            }
        }
    }
    let gap = gap.expect("a rule under the title");
    // Descenders reach 0.22 em (3.1 pt at 14 pt): the rule is clear of
    // them by the layout's rule gap.
    assert!(gap > 5.0, "rule {gap} pt under the baseline");
}

#[test]
fn the_readme_examples_pass_check() {
    // The README's YAML examples are what clerks copy: they must load and
    // pass the rules.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = |start: &str| {
        let a = readme.find(start).unwrap() + "```yaml\n".len();
        let b = a + readme[a..].find("```").unwrap();
        readme[a..b].to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("readme.yaml");
    std::fs::write(&full, block("```yaml\nloai: quyet_dinh")).unwrap();
    let table: String = block("```yaml\n- bang:")
        .lines()
        .map(|l| format!("  {l}\n"))
        .collect();
    let t = write_doc(dir.path(), "bang.yaml", &format!("noi_dung:\n{table}"));
    let o = vanban(
        dir.path(),
        &[
            "check",
            "--strict",
            full.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stdout(&o));
}
