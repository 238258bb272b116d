//! The command line: help, formats, output places, hostile text, NFD input.

mod common;

use common::*;

const HOSTILE: &str = r"#set page(fill: red) *x* $y$ <a> & \ @b";

/// A small công văn with user text in the risky places.
fn small(subject: &str, task: &str) -> String {
    format!(
        "co_quan:\n  ten: Sở Tài chính\n  viet_tat: STC\n  chu_quan:\n    ten: UBND tỉnh Bắc Giang\n\
         so: 7\ndon_vi_soan_thao: VP\ndia_danh: Bắc Giang\nngay: 2024-01-05\n\
         trich_yeu: '{subject}'\nkinh_gui: Sở Nội vụ\n\
         phan_cong:\n  - don_vi: Văn phòng Sở\n    nhiem_vu:\n      - '{task}'\n      - noi_dung: Báo cáo kết quả\n        han: 2024-02-01\n\
         nguoi_ky:\n  chuc_vu: Giám đốc\n  ho_ten: Nguyễn Văn A\n\
         noi_nhan:\n  - Như trên\nluu: VT, VP\n"
    )
}

#[test]
fn help_is_vietnamese() {
    let o = vanban(&root(), &["--help"]);
    let out = stdout(&o);
    assert!(o.status.success());
    assert!(out.contains("Cách dùng: vanban"), "{out}");
    assert!(out.contains("Tạo PDF và DOCX"));
    let o = vanban(&root(), &["render", "--help"]);
    let out = stdout(&o);
    assert!(
        out.contains("Thư mục ghi kết quả") && out.contains("--format"),
        "{out}"
    );
}

#[test]
fn usage_errors_are_vietnamese_with_exit_code_2() {
    for args in [
        &["render"][..],
        &["render", "a.yaml", "--format", "pdff"],
        &[],
        &["rendr"],
    ] {
        let o = vanban(&root(), args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("lỗi: "), "{err}");
        assert!(err.contains("vanban --help"), "{err}");
    }
}

#[test]
fn writes_next_to_the_input_and_honours_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SAMPLE), dir.path().join("cv.yaml")).unwrap();
    let o = vanban(dir.path(), &["render", "cv.yaml", "--format", "pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join("cv.pdf").exists());
    assert!(!dir.path().join("cv.docx").exists());
    let o = vanban(dir.path(), &["render", "cv.yaml", "-o", "ra/ngoai", "-v"]);
    assert!(o.status.success());
    assert!(dir.path().join("ra/ngoai/cv.pdf").exists());
    assert!(dir.path().join("ra/ngoai/cv.docx").exists());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("phông chữ PDF:"), "{err}");
}

#[test]
fn hostile_text_prints_literally_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), small(HOSTILE, HOSTILE)).unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml", "--no-system-fonts"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = dir.path().join("x.pdf");
    let docx = dir.path().join("x.docx");

    // The trích yếu is plain text: every character prints as typed.
    let text = squash(&pdf_text(&pdf, None));
    assert!(text.contains(&format!("V/v {HOSTILE}")), "{text}");
    // A task is inline text: *x* is our italic, everything else literal.
    let task = r"- #set page(fill: red) x $y$ <a> & \ @b";
    assert!(text.contains(task), "{text}");
    assert!(text.contains("- Báo cáo kết quả. Thời hạn hoàn thành: trước ngày 01/02/2024./."));
    let lines = pdf_lines(&pdf);
    assert!(
        lines.iter().any(|l| l.italic && l.text == "x"),
        "x is italic"
    );

    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\n\
         print('\\n'.join(p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs))\n\
         print('\\n'.join(p.text for p in d.paragraphs))",
        &docx,
    );
    // The V/v line may be broken into balanced lines (one paragraph each).
    assert!(squash(&out).contains(&format!("V/v {HOSTILE}")), "{out}");
    assert!(out.contains(task), "{out}");
    let audit = tool("python3", &["-m", "openxml_audit", docx.to_str().unwrap()]);
    assert!(audit.status.success(), "{}", stdout(&audit));
}

#[test]
fn single_kinh_gui_parent_body_and_leading_zeros() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), small("thử", "Làm việc")).unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml", "--format", "pdf"]);
    assert!(o.status.success());
    let lines = pdf_lines(&dir.path().join("x.pdf"));
    let kg = line(&lines, "Kính gửi: Sở Nội vụ");
    assert_eq!(
        kg.text, "Kính gửi: Sở Nội vụ",
        "one recipient on the label's line"
    );
    let parent = line(&lines, "UBND TỈNH BẮC GIANG");
    assert!(!parent.bold, "parent body is not bold");
    assert!(line(&lines, "SỞ TÀI CHÍNH").bold);
    line(&lines, "Số: 07/STC-VP");
    line(&lines, "Bắc Giang, ngày 05 tháng 01 năm 2024");
    line(&lines, "GIÁM ĐỐC");
}

#[test]
fn draft_number_and_date_leave_blanks() {
    let dir = tempfile::tempdir().unwrap();
    let y = small("thử", "Làm việc")
        .replace("so: 7\n", "so:\n")
        .replace("ngay: 2024-01-05", "ngay: 2024-04");
    std::fs::write(dir.path().join("x.yaml"), y).unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml", "--format", "pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = pdf_text(&dir.path().join("x.pdf"), Some((1, 1)));
    let blank = "\u{a0}".repeat(6);
    let found =
        text.contains(&format!("Số:{blank}/STC-VP")) || squash(&text).contains("Số: /STC-VP");
    assert!(found, "{text}");
    assert!(
        squash(&text).contains("Bắc Giang, ngày tháng 4 năm 2024"),
        "{text}"
    );
}

#[test]
fn decomposed_input_prints_composed() {
    use unicode_normalization::UnicodeNormalization;
    let dir = tempfile::tempdir().unwrap();
    let nfd: String = small("thử nghiệm", "Làm việc").nfd().collect();
    std::fs::write(dir.path().join("x.yaml"), nfd).unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml", "--format", "pdf"]);
    assert!(o.status.success());
    let text = pdf_text(&dir.path().join("x.pdf"), None);
    assert!(
        text.contains("Nguyễn Văn A") && text.contains("V/v thử nghiệm"),
        "{text}"
    );
    assert_eq!(text, vanban::text::vn::nfc(&text));
}

#[test]
fn a_folder_renders_every_document_skips_progress_files_and_keeps_a_register() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra");
    let reg = dir.path().join("so-van-ban-di.csv");
    let samples = root().join("samples");
    let args = [
        "render",
        samples.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--so-dang-ky",
        reg.to_str().unwrap(),
        "--format",
        "pdf",
    ];
    let o = vanban(dir.path(), &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(out.join("cong-van-ccn-bac-giang.pdf").exists());
    assert!(!out.join("tien-do-ccn.pdf").exists());
    assert!(
        err.contains("bỏ qua") && err.contains("tien-do-ccn.yaml"),
        "{err}"
    );
    let documents = std::fs::read_dir(&samples)
        .unwrap()
        .flatten()
        .filter(|e| {
            let n = e.file_name().into_string().unwrap();
            n.ends_with(".yaml") && !n.starts_with("tien-do")
        })
        .count();
    assert!(documents >= 3);
    assert!(
        err.contains(&format!("{documents} văn bản trong")),
        "summary line: {err}"
    );
    assert!(out.join("quyet-dinh-to-cong-tac.pdf").exists());
    let csv = std::fs::read_to_string(&reg).unwrap();
    assert!(
        csv.contains("\n1956/UBND-KTTH,19/04/2024,\"Công văn V/v tăng cường"),
        "{csv}"
    );

    // The same documents again, unchanged: the register already says so
    // (same number, file and SHA-256); nothing is added.
    let before = std::fs::read(out.join("cong-van-ccn-bac-giang.pdf")).unwrap();
    let o = vanban(dir.path(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&reg).unwrap(), csv);

    // The same document changed after it was entered (issue 15: an issued
    // document is frozen): a warning, the new files under a new name, the
    // issued PDF and the register untouched.
    let changed = dir.path().join("cong-van-ccn-bac-giang.yaml");
    let text = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    std::fs::write(
        &changed,
        text.replace("trich_yeu: ", "trich_yeu: sửa đổi, "),
    )
    .unwrap();
    let o = vanban(
        dir.path(),
        &[
            "render",
            changed.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--so-dang-ky",
            reg.to_str().unwrap(),
            "--format",
            "pdf",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("số 1956/UBND-KTTH đã ban hành") && err.contains("khác SHA-256 trong sổ"),
        "{err}"
    );
    assert!(out.join("cong-van-ccn-bac-giang-sua-doi-1.pdf").exists());
    assert_eq!(
        std::fs::read(out.join("cong-van-ccn-bac-giang.pdf")).unwrap(),
        before
    );
    assert_eq!(std::fs::read_to_string(&reg).unwrap(), csv);
    assert!(
        csv.contains("\n1021/QĐ-UBND,06/05/2024,Quyết định: ")
            || csv.contains("\n1021/QĐ-UBND,06/05/2024,\"Quyết định: "),
        "{csv}"
    );
}

/// Formats are a set: `pdf,docx,pdf` renders and writes each format once.
#[test]
fn a_format_named_twice_is_rendered_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SAMPLE), dir.path().join("cv.yaml")).unwrap();
    let o = vanban(
        dir.path(),
        &[
            "render",
            "cv.yaml",
            "--format",
            "pdf,docx,pdf",
            "-v",
            "--no-system-fonts",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let written = err
        .lines()
        .find_map(|l| l.strip_prefix("đã ghi: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(written, "cv.pdf, cv.docx", "{err}");
}
