//! Kinds other than công văn: the Phụ lục III abbreviation in the symbol and
//! the kind's name with its trích yếu as a centred title, in both writers.

mod common;

use common::*;

const QD: &str = r#"loai: quyet_dinh
co_quan:
  ten: |-
    Ủy ban nhân dân
    tỉnh Bắc Giang
  viet_tat: UBND
so: 7
dia_danh: Bắc Giang
ngay: 2024-02-05
trich_yeu: Về việc thành lập Tổ công tác rà soát cụm công nghiệp
mo_dau:
  - Thành lập Tổ công tác rà soát cụm công nghiệp trên địa bàn tỉnh.
nguoi_ky:
  quyen_han: TM.
  thu_truong: Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn Gấu
noi_nhan:
  - Các sở, ngành thuộc UBND tỉnh
luu: VT, KTTH
"#;

#[test]
fn a_quyet_dinh_has_its_symbol_and_title_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("qd.yaml");
    std::fs::write(&yaml, QD).unwrap();
    let (_d, pdf, docx) = render_ok(&yaml, &[]);
    let lines = pdf_lines(&pdf);
    line(&lines, "Số: 07/QĐ-UBND");
    line(&lines, "Bắc Giang, ngày 05 tháng 02 năm 2024");
    let title = line(&lines, "QUYẾT ĐỊNH");
    assert!(title.bold && title.size == 14.0, "{title:?}");
    let subject = line(&lines, "Về việc thành lập Tổ công tác");
    assert!(
        subject.bold && subject.size == 14.0 && subject.top > title.top,
        "{subject:?}"
    );
    let centre = |l: &TextLine| l.left + l.width / 2.0;
    let text_centre = (30.0 + 165.0 / 2.0) * 72.0 / 25.4;
    assert!(
        (centre(title) - text_centre).abs() < 3.0 && (centre(subject) - text_centre).abs() < 3.0
    );
    assert!(
        !squash(&pdf_text(&pdf, None)).contains("V/v"),
        "no V/v line for a quyết định"
    );
    line(&lines, "TM. ỦY BAN NHÂN DÂN");

    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains(">QUYẾT ĐỊNH<") && xml.contains(">Số: 07/QĐ-UBND<"));
    let core = docx_part(&docx, "docProps/core.xml");
    assert!(core.contains("Quyết định số 07/QĐ-UBND"), "{core}");
    let audit = tool("python3", &["-m", "openxml_audit", docx.to_str().unwrap()]);
    assert!(audit.status.success(), "{}", stdout(&audit));
}

#[test]
fn abbreviations_are_case_sensitive_and_unknown_kinds_suggest() {
    let dir = tempfile::tempdir().unwrap();
    for (loai, symbol) in [
        ("quy_dinh", "QyĐ-UBND"),
        ("chuong_trinh", "CTr-UBND"),
        ("to_trinh", "TTr-UBND"),
        ("thong_bao", "TB-UBND"),
    ] {
        std::fs::write(
            dir.path().join("x.yaml"),
            QD.replace("loai: quyet_dinh", &format!("loai: {loai}")),
        )
        .unwrap();
        let o = vanban(
            dir.path(),
            &["render", "x.yaml", "--format", "pdf", "--no-system-fonts"],
        );
        assert!(
            o.status.success(),
            "{loai}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = squash(&pdf_text(&dir.path().join("x.pdf"), Some((1, 1))));
        assert!(text.contains(&format!("Số: 07/{symbol}")), "{loai}: {text}");
    }
    std::fs::write(
        dir.path().join("y.yaml"),
        QD.replace("loai: quyet_dinh", "loai: quyet_dnh"),
    )
    .unwrap();
    let o = vanban(dir.path(), &["render", "y.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("loại văn bản `quyet_dnh`") && err.contains("có phải ý bạn là `quyet_dinh`?"),
        "{err}"
    );
}

#[test]
fn quyet_dinh_sample_has_grounds_enacting_word_and_articles() {
    let (_d, pdf, docx) = render_ok(&root().join("samples/quyet-dinh-to-cong-tac.yaml"), &[]);
    let lines = pdf_lines(&pdf);
    let authority = line(&lines, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG");
    assert!(authority.bold);
    let ground = line(
        &lines,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    );
    assert!(ground.italic && !ground.bold, "{ground:?}");
    assert!(line(&lines, "Theo đề nghị của Giám đốc Sở Công Thương.").italic);
    let word = line(&lines, "QUYẾT ĐỊNH:");
    let centre = word.left + word.width / 2.0;
    assert!(
        (centre - (30.0 + 165.0 / 2.0) * 72.0 / 25.4).abs() < 3.0,
        "{word:?}"
    );
    assert!(line(&lines, "Điều 1. Thành lập Tổ công tác").bold);
    assert!(line(&lines, "Điều 3. Hiệu lực thi hành").bold);
    line(&lines, "1. Tổ trưởng là Phó Giám đốc Sở Công Thương.");
    line(&lines, "2. Các thành viên là đại diện lãnh đạo:");
    line(&lines, "a) Sở Kế hoạch và Đầu tư;");
    line(&lines, "d) Sở Tài nguyên và Môi trường;");
    line(&lines, "đ) Công an tỉnh.");
    line(&lines, "- Như Điều 3;");
    let text = squash(&pdf_text(&pdf, None));
    assert!(text.contains("thi hành Quyết định này./."), "{text}");
    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nprint('\\n'.join(p.text for p in d.paragraphs))",
        &docx,
    )
    .replace('\u{a0}', " ");
    for s in [
        "QUYẾT ĐỊNH:",
        "Điều 2. Nhiệm vụ của Tổ công tác",
        "Căn cứ Nghị định số 32/2024/NĐ-CP ngày 15/3/2024",
    ] {
        assert!(out.contains(s), "DOCX lacks {s:?}: {out}");
    }
}

#[test]
fn vanban_new_writes_a_skeleton_for_every_kind_that_renders_as_is() {
    let dir = tempfile::tempdir().unwrap();
    for info in vanban::model::KINDS.iter() {
        let name = format!("{}.yaml", info.key);
        let o = vanban(dir.path(), &["new", info.key, "-o", &name]);
        assert!(
            o.status.success(),
            "{}: {}",
            info.key,
            String::from_utf8_lossy(&o.stderr)
        );
        let text = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        assert!(text.starts_with("# yaml-language-server: $schema=van-ban.schema.json\n"));
        assert!(
            text.contains("# Tên cơ quan ban hành"),
            "Vietnamese comments"
        );
        let o = vanban(dir.path(), &["render", &name, "--no-system-fonts"]);
        assert!(
            o.status.success(),
            "{}: {}",
            info.key,
            String::from_utf8_lossy(&o.stderr)
        );
        let stem = info.key;
        assert!(
            dir.path().join(format!("{stem}.pdf")).exists()
                && dir.path().join(format!("{stem}.docx")).exists()
        );
    }
    assert!(
        dir.path().join("van-ban.schema.json").exists(),
        "the schema beside the skeletons"
    );
    // Never overwrites; an unknown kind is refused with a suggestion.
    let o = vanban(dir.path(), &["new", "cong_van", "-o", "cong_van.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = vanban(dir.path(), &["new", "giay_moii"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("có phải ý bạn là `giay_moi`?"));
}

#[test]
fn ke_hoach_sample_has_roman_parts_clauses_points_and_a_task_table() {
    let (_d, pdf, docx) = render_ok(&root().join("samples/ke-hoach-cum-cong-nghiep.yaml"), &[]);
    let lines = pdf_lines(&pdf);
    line(&lines, "Số: 88/KH-UBND");
    assert!(line(&lines, "KẾ HOẠCH").bold);
    assert!(line(&lines, "I. MỤC ĐÍCH, YÊU CẦU").bold);
    assert!(line(&lines, "II. NHIỆM VỤ CỤ THỂ").bold);
    line(&lines, "1. Mục đích:");
    line(
        &lines,
        "b) Xác định rõ trách nhiệm của các sở, ngành, địa phương.",
    );
    line(&lines, "2. Yêu cầu các đơn vị chủ động");
    assert!(line(&lines, "STT").bold);
    line(&lines, "TM. ỦY BAN NHÂN DÂN");
    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nt = [t for t in d.tables if t.rows[0].cells[0].text == 'STT'][0]\n\
         print(len(t.rows), t.rows[3].cells[2].text)",
        &docx,
    );
    assert_eq!(out.trim(), "4 Sở Tài chính");
}

#[test]
fn giay_moi_sample_follows_mau_1_7() {
    let (_d, pdf, docx) = render_ok(
        &root().join("samples/giay-moi-hop-cum-cong-nghiep.yaml"),
        &[],
    );
    let text = squash(&pdf_text(&pdf, None));
    for s in [
        "Số: 45/GM-UBND",
        "GIẤY MỜI",
        "Ủy ban nhân dân tỉnh Bắc Giang trân trọng kính mời: Giám đốc các sở Công Thương",
        "Tới dự cuộc họp đánh giá tình hình quản lý",
        "Chủ trì: Đồng chí Phan Thế Tuấn, Phó Chủ tịch UBND tỉnh.",
        "Thời gian: 08 giờ 00 phút, thứ Năm, ngày 23/5/2024.",
        "Địa điểm: Phòng họp số 1, Ủy ban nhân dân tỉnh.",
        "để phục vụ cuộc họp./.",
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
    ] {
        assert!(text.contains(s), "missing {s:?} in {text}");
    }
    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nprint('\\n'.join(p.text for p in d.paragraphs))",
        &docx,
    );
    assert!(out.contains("Thời gian: 08 giờ 00 phút"), "{out}");
    // The fields belong to a giấy mời only.
    let dir = tempfile::tempdir().unwrap();
    let y =
        std::fs::read_to_string(root().join("samples/giay-moi-hop-cum-cong-nghiep.yaml")).unwrap();
    std::fs::write(
        dir.path().join("x.yaml"),
        y.replace("loai: giay_moi", "loai: thong_bao"),
    )
    .unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mục `giay_moi` chỉ dùng cho giấy mời"));
}

/// The words of a DOCX part's text runs, in order.
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:t") {
        let after = &rest[i..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        if after[..open_end].ends_with('/') {
            rest = &after[open_end..];
            continue;
        }
        let body = &after[open_end + 1..];
        let end = body.find("</w:t>").unwrap_or(body.len());
        out.push_str(&body[..end]);
        out.push(' ');
        rest = &body[end..];
    }
    squash(&out)
}

/// The page-number lines of a PDF: (page, number shown).
fn page_numbers(lines: &[TextLine]) -> Vec<(u32, String)> {
    lines
        .iter()
        .filter(|l| l.top < 20.0 * 72.0 / 25.4 && l.text.chars().all(|c| c.is_ascii_digit()))
        .map(|l| (l.page, l.text.clone()))
        .collect()
}

#[test]
fn quyet_dinh_issuing_a_quy_che_follows_mau_1_3() {
    let (_d, pdf, docx) = render_ok(
        &root().join("samples/quyet-dinh-ban-hanh-quy-che.yaml"),
        &[],
    );
    let lines = pdf_lines(&pdf);
    let centre = |l: &TextLine| l.left + l.width / 2.0;
    let text_centre = (30.0 + 165.0 / 2.0) * 72.0 / 25.4;
    line(&lines, "Số: 1105/QĐ-UBND");
    // The trích yếu is broken into balanced lines.
    line(&lines, "Ban hành Quy chế phối hợp quản lý cụm");
    line(&lines, "công nghiệp trên địa bàn tỉnh Bắc Giang");
    assert!(line(&lines, "Điều 1. Ban hành Quy chế").bold);
    line(&lines, "Ban hành kèm theo Quyết định này Quy chế");

    // The attached quy chế: a new page with its own header, name, title,
    // "(Kèm theo …)" in italics, Chương/Mục centred, Điều numbered anew.
    let name = line(&lines, "QUY CHẾ");
    let first = name.page;
    assert!(first > 1 && name.bold && name.size == 14.0);
    assert!((centre(name) - text_centre).abs() < 3.0, "{name:?}");
    let national: Vec<_> = lines
        .iter()
        .filter(|l| l.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        .collect();
    assert_eq!(national.len(), 2, "a header on the attached document too");
    assert_eq!(national[1].page, first);
    assert!(national[1].top < name.top);
    assert!(
        !lines
            .iter()
            .any(|l| l.page == first && l.text.starts_with("Số:")),
        "no number line on the attached document"
    );
    let reference = line(&lines, "(Kèm theo Quyết định số 1105/QĐ-UBND");
    assert!(reference.italic && !reference.bold && reference.page == first);
    let chapter = line(&lines, "Chương I");
    assert!(
        chapter.bold && (centre(chapter) - text_centre).abs() < 3.0,
        "{chapter:?}"
    );
    let title = line(&lines, "QUY ĐỊNH CHUNG");
    assert!(title.bold && title.top > chapter.top);
    line(&lines, "Chương II");
    line(&lines, "Chương III");
    let section = line(&lines, "Mục 1");
    assert!(section.bold && (centre(section) - text_centre).abs() < 3.0);
    line(&lines, "Mục 2");
    let art: Vec<_> = lines
        .iter()
        .filter(|l| l.text.starts_with("Điều 1."))
        .collect();
    assert_eq!(art.len(), 2, "Điều 1 in the quyết định and in the quy chế");
    assert!(art[1].page >= first && art[1].text.contains("Phạm vi điều chỉnh"));
    line(&lines, "Điều 5. Trách nhiệm thi hành");
    line(&lines, "a) Sở Kế hoạch và Đầu tư;");
    let text = squash(&pdf_text(&pdf, None));
    assert!(text.contains("cho phù hợp./."), "{text}");

    // Page numbers restart on the attached document: its first page shows
    // none, the next shows 2.
    let numbers = page_numbers(&lines);
    assert!(!numbers.iter().any(|(p, _)| *p == first), "{numbers:?}");
    assert!(
        numbers.contains(&(first + 1, "2".to_string())),
        "{numbers:?}"
    );

    // The DOCX: the attached document is a section of its own whose page
    // numbers start at 1, with the same words.
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:sectPr").count(), 2, "two sections");
    assert!(
        xml.contains("<w:pgNumType w:start=\"1\""),
        "page numbers restart"
    );
    let words = docx_text(&xml);
    for s in [
        "QUY CHẾ",
        "(Kèm theo Quyết định số 1105/QĐ-UBND ngày 27 tháng 5 năm 2024 của Ủy ban nhân dân tỉnh Bắc Giang)",
        "Chương II",
        "PHỐI HỢP TRONG KIỂM TRA, GIÁM SÁT",
        "Điều 5. Trách nhiệm thi hành",
    ] {
        assert!(words.contains(s), "DOCX lacks {s:?}");
    }
    let lo_dir = tempfile::tempdir().unwrap();
    let lo = soffice_pdf(&docx, lo_dir.path());
    let lo_lines = pdf_lines(&lo);
    let lo_first = line(&lo_lines, "QUY CHẾ").page;
    assert!(
        page_numbers(&lo_lines).contains(&(lo_first + 1, "2".to_string())),
        "LibreOffice restarts the numbers too: {:?}",
        page_numbers(&lo_lines)
    );
}

/// Render a sample; return its PDF lines, its PDF text on one line, the
/// DOCX text (body, headers, footers) and the DOCX path.
fn sample(
    stem: &str,
) -> (
    tempfile::TempDir,
    Vec<TextLine>,
    String,
    String,
    std::path::PathBuf,
) {
    let (d, pdf, docx) = render_ok(&root().join(format!("samples/{stem}.yaml")), &[]);
    let lines = pdf_lines(&pdf);
    let text = squash(&pdf_text(&pdf, None));
    let f = std::fs::File::open(&docx).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    let mut words = String::new();
    for name in z
        .file_names()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
    {
        if name.contains("document") || name.contains("footer") || name.contains("header") {
            words.push_str(&docx_text(&docx_part(&docx, name)));
            words.push(' ');
        }
    }
    (d, lines, text, words, docx)
}

/// Each of `items` is in the PDF text and in the DOCX text.
fn in_both(stem: &str, text: &str, words: &str, items: &[&str]) {
    for s in items {
        assert!(text.contains(s), "{stem}: PDF lacks {s:?}");
        assert!(words.contains(s), "{stem}: DOCX lacks {s:?}");
    }
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn bien_ban_has_no_date_line_two_signers_and_noi_nhan_below() {
    let stem = "bien-ban-hop-to-cong-tac";
    let (_d, lines, text, words, docx) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &[
            "Số: 07/BB-SCT",
            "BIÊN BẢN",
            "Họp Tổ công tác về cụm công nghiệp tháng 5 năm 2024",
            "Thời gian bắt đầu:",
            "Địa điểm:",
            "Thành phần tham dự:",
            "Chủ trì (chủ tọa):",
            "Thư ký (người ghi biên bản):",
            "Nội dung (theo diễn biến cuộc họp):",
            "Cuộc họp kết thúc vào 11 giờ 15 phút, ngày 24 tháng 5 năm 2024./.",
            "- Lưu: VT, Hồ sơ.",
        ],
    );
    assert!(!text.contains(", ngày 24 tháng 5 năm 2024 BIÊN BẢN"));
    assert!(
        !lines.iter().any(|l| l.italic && l.text.contains(", ngày ")),
        "Mẫu 1.9: no place and date line"
    );
    let secretary = line(&lines, "THƯ KÝ");
    let chair = line(&lines, "CHỦ TỌA");
    assert!(secretary.bold && chair.bold);
    assert!((secretary.top - chair.top).abs() < 1.0, "side by side");
    assert!(secretary.left < 100.0 * MM && chair.left > 110.0 * MM);
    let name = line(&lines, "Nguyễn Văn Bình");
    let noi_nhan = line(&lines, "Nơi nhận:");
    assert!(
        noi_nhan.page > name.page || noi_nhan.top > name.top,
        "Nơi nhận below the signatures"
    );
    assert!(noi_nhan.left < 35.0 * MM && noi_nhan.bold && noi_nhan.italic);
    let lo_dir = tempfile::tempdir().unwrap();
    let lo = pdf_lines(&soffice_pdf(&docx, lo_dir.path()));
    let (s, c) = (line(&lo, "THƯ KÝ"), line(&lo, "CHỦ TỌA"));
    assert!((s.top - c.top).abs() < 1.0 && s.left < c.left);
    let n = line(&lo, "Nơi nhận:");
    assert!(n.page > c.page || n.top > line(&lo, "Nguyễn Văn Bình").top);
}

#[test]
fn cong_dien_has_its_sender_list_and_a_red_framed_urgency_stamp() {
    let stem = "cong-dien-ung-pho-bao";
    let (_d, lines, text, words, docx) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &[
            "Số: 12/CĐ-UBND",
            "CÔNG ĐIỆN",
            "Về việc chủ động ứng phó với bão số 3",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:",
            "HỎA TỐC",
            "- Như trên;",
        ],
    );
    let sender = line(&lines, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:");
    let centre = sender.left + sender.width / 2.0;
    assert!(
        (centre - (30.0 + 165.0 / 2.0) * MM).abs() < 3.0,
        "{sender:?}"
    );
    let first = lines
        .iter()
        .find(|l| l.top > sender.top && l.text.starts_with("- "))
        .unwrap();
    assert!(first.left > 40.0 * MM, "{first:?}");
    assert!(lines
        .iter()
        .any(|l| l.text.starts_with("- ") && l.text.ends_with(';')));
    // ô 10b: red, bold, in the left column under the number.
    let stamp = line(&lines, "HỎA TỐC");
    let number = line(&lines, "Số: 12/CĐ-UBND");
    assert!(stamp.bold && stamp.color == "#ff0000", "{stamp:?}");
    assert!(stamp.top > number.top && stamp.left < 100.0 * MM);
    // The DOCX frame is 30 × 8 mm, red (ND30 §2 table).
    let xml = docx_part(&docx, "word/document.xml");
    assert!(
        xml.contains("<w:tblW w:w=\"1701\" w:type=\"dxa\" />")
            && xml.contains("w:val=\"454\" w:hRule=\"exact\""),
        "a 30 × 8 mm frame"
    );
    assert!(xml.contains("w:color=\"FF0000\""));
}

#[test]
fn giay_gioi_thieu_and_giay_nghi_phep_follow_their_mau() {
    let stem = "giay-gioi-thieu-kiem-tra-ccn";
    let (_d, lines, text, words, _) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &[
            "Số: 156/GGT-SCT",
            "GIẤY GIỚI THIỆU",
            "Sở Công Thương trân trọng giới thiệu:",
            "Ông (bà) Nguyễn Minh Đức",
            "Chức vụ: Trưởng phòng Quản lý công nghiệp",
            "Được cử đến: Ủy ban nhân dân huyện Lạng Giang",
            "Về việc: Kiểm tra",
            "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
            "Giấy này có giá trị đến hết ngày 30/6/2024./.",
            "- Như trên;",
            "- Lưu: VT.",
        ],
    );
    // Mẫu 1.8 has no trích yếu: the body follows the title directly.
    let title = line(&lines, "GIẤY GIỚI THIỆU");
    let next = lines
        .iter()
        .filter(|l| l.top > title.top && l.page == 1)
        .min_by(|a, b| a.top.total_cmp(&b.top))
        .unwrap();
    assert!(
        next.text.starts_with("Sở Công Thương trân trọng"),
        "{next:?}"
    );

    let stem = "giay-nghi-phep";
    let (_d, _lines, text, words, _) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &[
            "Số: 203/GNP-SCT",
            "GIẤY NGHỈ PHÉP",
            "Xét Đơn đề nghị nghỉ phép ngày 03/7/2024 của ông (bà) Hoàng Thị Mai, Sở Công Thương cấp cho:",
            "Ông (bà): Hoàng Thị Mai",
            "Được nghỉ phép trong thời gian 05 ngày làm việc, kể từ ngày 15/7/2024 đến hết ngày 19/7/2024 tại",
            "Số ngày nghỉ phép nêu trên được tính vào thời gian",
        ],
    );
}

#[test]
fn two_appendices_with_their_own_page_numbers_footer_and_drafter() {
    let stem = "cong-van-bao-cao-hai-phu-luc";
    let (_d, lines, text, words, docx) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &[
            "Phụ lục I",
            "Phụ lục II",
            "(Kèm theo Công văn số 2345/UBND-KTTH ngày 14 tháng 6 năm 2024 của Ủy ban nhân dân tỉnh Bắc Giang)",
            "Lưu: VT, KTTH. PL.(15).",
            "Địa chỉ: Số 82 đường Hùng Vương",
        ],
    );
    let h1 = line(&lines, "Phụ lục I");
    let h2 = lines.iter().find(|l| l.text == "Phụ lục II").unwrap();
    assert!(h1.page > 1 && h2.page > h1.page);
    for h in [h1, h2] {
        assert!(h.bold && h.size == 14.0, "{h:?}");
        let centre = h.left + h.width / 2.0;
        assert!((centre - (30.0 + 165.0 / 2.0) * MM).abs() < 3.0);
        // Each appendix opens a page and that page shows no number.
        assert!(!page_numbers(&lines).iter().any(|(p, _)| *p == h.page));
        let r = lines
            .iter()
            .find(|l| l.page == h.page && l.text.starts_with("(Kèm theo Công văn"))
            .unwrap();
        assert!(r.italic && r.top > h.top);
    }
    // ô 13: on page 1 only, 11 pt, at the foot of the page.
    let footer: Vec<_> = lines
        .iter()
        .filter(|l| l.text.starts_with("Địa chỉ: Số 82"))
        .collect();
    assert_eq!(footer.len(), 1, "page 1 only");
    assert!(footer[0].page == 1 && footer[0].size == 11.0);
    assert!(footer[0].top > 260.0 * MM, "{:?}", footer[0]);
    // The DOCX: three sections, the appendices restarting at 1; the
    // address in the first page's footer only.
    let xml = docx_part(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:sectPr").count(), 3);
    assert_eq!(xml.matches("<w:pgNumType w:start=\"1\"").count(), 2);
    let rels = docx_part(&docx, "word/_rels/document.xml.rels");
    let footers: Vec<String> = rels
        .split("Target=\"")
        .skip(1)
        .map(|t| t[..t.find('"').unwrap()].to_string())
        .filter(|t| t.starts_with("footer"))
        .collect();
    let with_address = footers
        .iter()
        .filter(|f| docx_part(&docx, &format!("word/{f}")).contains("Địa chỉ: Số 82"))
        .count();
    assert_eq!(with_address, 1, "{footers:?}");
}

#[test]
fn ban_sao_y_block_follows_mau_3_1() {
    let stem = "ban-sao-y-quyet-dinh";
    let (_d, lines, text, words, _) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &[
            "Số: 1188/QĐ-UBND",
            "SAO Y",
            "Số: 25/SY-VP",
            "VĂN PHÒNG ỦY BAN NHÂN DÂN",
            "TL. CHỦ TỊCH",
            "CHÁNH VĂN PHÒNG",
            "Đỗ Thị Hương",
        ],
    );
    let original = line(&lines, "Lê Văn Thành");
    let form = line(&lines, "SAO Y");
    assert!(form.bold && (form.page, form.top) > (original.page, original.top));
    assert!(form.left > 100.0 * MM, "SAO Y in the right column");
    let number = line(&lines, "Số: 25/SY-VP");
    assert!(number.left < 100.0 * MM && number.page == form.page);
    let copy_signer = line(&lines, "Đỗ Thị Hương");
    assert!(copy_signer.top > number.top);
}

#[test]
fn reports_plans_and_notices_use_phan_and_distribution_notes() {
    let stem = "bao-cao-tinh-hinh-cum-cong-nghiep";
    let (_d, lines, text, words, _) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &["BÁO CÁO", "Kính gửi: Bộ Công Thương", "Phần I", "Phần II"],
    );
    let part = line(&lines, "Phần I");
    assert!(part.bold && ((part.left + part.width / 2.0) - (30.0 + 165.0 / 2.0) * MM).abs() < 3.0);
    let part_title = lines
        .iter()
        .find(|l| l.page == part.page && l.top > part.top)
        .unwrap();
    assert!(part_title.bold && part_title.text == part_title.text.to_uppercase());
    assert!(lines.iter().any(|l| l.bold && l.text.starts_with("I. ")));

    let stem = "thong-bao-ket-luan-hop";
    let (_d, lines, text, words, _) = sample(stem);
    in_both(
        stem,
        &text,
        &words,
        &["THÔNG BÁO", "LƯU HÀNH NỘI BỘ", "Số:"],
    );
    let note = line(&lines, "LƯU HÀNH NỘI BỘ");
    let national = line(&lines, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(note.bold && note.top < national.top && note.left > 90.0 * MM);

    for (stem, items) in [
        (
            "nghi-quyet-hdnd-cum-cong-nghiep",
            &["NGHỊ QUYẾT", "QUYẾT NGHỊ:", "Điều 1."][..],
        ),
        (
            "chi-thi-phong-chong-thien-tai",
            &["CHỈ THỊ", "/CT-UBND"][..],
        ),
        (
            "to-trinh-quy-hoach-cum-cong-nghiep",
            &["TỜ TRÌNH", "/TTr-SCT", "Kính gửi:", "- Như trên;"][..],
        ),
    ] {
        let (_d, _lines, text, words, _) = sample(stem);
        in_both(stem, &text, &words, items);
    }
}
