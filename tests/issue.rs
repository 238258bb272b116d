//! Issue 15: from draft to issued document. The draft mark in both
//! outputs, `vanban issue` (numbering per agency, year and sequence; the
//! YAML edited in place; PDF/A, DOCX and the register row all or nothing),
//! the frozen issued document and `new --tu`.

mod common;

use std::path::Path;

use common::*;

fn run(dir: &Path, args: &[&str]) -> (bool, String) {
    let o = vanban(dir, args);
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `vanban issue <stem>.yaml --so-dang-ky so.csv --ngay <date> <extra>`.
fn issue(dir: &Path, stem: &str, date: &str, extra: &[&str]) -> (bool, String) {
    let file = format!("{stem}.yaml");
    let mut args = vec!["issue", &file, "--so-dang-ky", "so.csv", "--ngay", date];
    args.extend_from_slice(extra);
    run(dir, &args)
}

/// The register's data rows (header dropped), cells as read by a CSV reader.
fn rows(reg: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(reg).unwrap();
    csv::ReaderBuilder::new()
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// "Số, ký hiệu văn bản" of every row.
fn numbers(reg: &Path) -> Vec<String> {
    rows(reg).into_iter().map(|r| r[0].clone()).collect()
}

fn docx_header_text(docx: &Path) -> String {
    (1..=4)
        .filter_map(|i| {
            let f = std::fs::File::open(docx).unwrap();
            let mut z = zip::ZipArchive::new(f).unwrap();
            let mut s = String::new();
            use std::io::Read;
            z.by_name(&format!("word/header{i}.xml"))
                .ok()?
                .read_to_string(&mut s)
                .ok()?;
            Some(s)
        })
        .collect()
}

/// The seed sample without a number is a draft with its mark in both
/// files; `issue` makes it 01/UBND-KTTH of 2024, changing two lines of the
/// YAML, and writes a PDF/A and a DOCX without the mark, and the register
/// row Excel reads (byte-order mark, the Phụ lục IV columns, the PDF's
/// SHA-256).
#[test]
fn the_seed_sample_from_draft_to_issued() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let yaml = draft(d, "cong-van-ccn-bac-giang.yaml", "cv", |t| t);
    let before = std::fs::read_to_string(&yaml).unwrap();
    let (ok, err) = run(d, &["render", "cv.yaml", "--no-system-fonts"]);
    assert!(ok, "{err}");
    let lines = pdf_lines(&d.join("cv.pdf"));
    let mark = line(&lines, "DỰ THẢO");
    assert!(mark.page == 1 && mark.bold, "{mark:?}");
    let quoc_hieu = line(&lines, "CỘNG HÒA");
    assert!(mark.top < quoc_hieu.top, "above the Quốc hiệu: {mark:?}");
    assert!(
        mark.left > quoc_hieu.left,
        "at the right of the page: {mark:?}"
    );
    assert!(mark.top < 20.0 / 25.4 * 72.0, "in the top margin: {mark:?}");
    assert!(docx_header_text(&d.join("cv.docx")).contains("DỰ THẢO"));

    let (ok, err) = issue(d, "cv", "2024-04-19", &[]);
    assert!(ok, "{err}");
    assert!(
        err.contains("đã ban hành: Công văn số 01/UBND-KTTH ngày 19/04/2024"),
        "{err}"
    );
    let after = std::fs::read_to_string(&yaml).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [("so:", "so: 1"), ("ngay: 2024-04", "ngay: 2024-04-19")]
    );
    assert_eq!(before.lines().count(), after.lines().count());

    let text = pdf_text(&d.join("cv.pdf"), Some((1, 1)));
    assert!(!text.contains("THẢO"), "{text}");
    assert!(squash(&text).contains("Số: 01/UBND-KTTH"), "{text}");
    let meta = stdout(&tool(
        "pdfinfo",
        &["-meta", d.join("cv.pdf").to_str().unwrap()],
    ));
    assert!(meta.contains("pdfaid:part"), "a PDF/A: {meta}");
    assert!(!docx_header_text(&d.join("cv.docx")).contains("THẢO"));

    let csv = std::fs::read(d.join("so.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark for Excel"
    );
    let header = String::from_utf8_lossy(&csv)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        header,
        "\u{feff}\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký,Nơi nhận văn bản,\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú,Độ mật,Tệp,SHA-256"
    );
    let r = &rows(&d.join("so.csv"))[0];
    assert_eq!(r[0], "01/UBND-KTTH");
    assert_eq!(r[1], "19/04/2024");
    assert_eq!(
        r[2],
        "Công văn V/v tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh"
    );
    assert_eq!(r[3], "Phan Thế Tuấn");
    assert!(
        r[4].starts_with("Các sở, cơ quan thuộc UBND tỉnh; Công an tỉnh"),
        "{r:?}"
    );
    assert_eq!(r[5], "VT, KTTH.Bình");
    assert_eq!(r[11], "cv.pdf");
    let pdf = std::fs::read(d.join("cv.pdf")).unwrap();
    assert_eq!(r[12], vanban::engine::output::sha256_hex(&pdf));

    // Issued once: a second `issue` is refused, nothing changes.
    let (ok, err) = issue(d, "cv", "2024-04-20", &[]);
    assert!(!ok && err.contains("đã ban hành rồi"), "{err}");
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), after);
    assert_eq!(numbers(&d.join("so.csv")), ["01/UBND-KTTH"]);
    // A plain `render` (no register named, the system's fonts, no PDF/A)
    // finds the register beside the document and leaves the issued file
    // as it was.
    let (ok, err) = run(d, &["render", "cv.yaml"]);
    assert!(ok, "{err}");
    assert_eq!(std::fs::read(d.join("cv.pdf")).unwrap(), pdf);
    // The issued document re-rendered unchanged gives the issued bytes.
    let (ok, err) = run(d, &["render", "cv.yaml", "--so-dang-ky", "so.csv"]);
    assert!(ok, "{err}");
    assert_eq!(std::fs::read(d.join("cv.pdf")).unwrap(), pdf);
    assert_eq!(rows(&d.join("so.csv")).len(), 1);
}

/// ND30 Điều 15: one sequence per agency and calendar year, restarting at
/// 01 on 1 January; legal-normative and secret documents have their own.
#[test]
fn numbering_per_agency_year_and_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cv = "cong-van-ccn-bac-giang.yaml";
    for s in ["a", "b", "c", "mat", "e"] {
        draft(d, cv, s, |t| {
            let t = t.replace("trich_yeu: ", &format!("trich_yeu: {s} "));
            if s == "mat" {
                t.replace("loai: cong_van\n", "loai: cong_van\ndo_mat: mat\n")
            } else {
                t
            }
        });
    }
    draft(d, "quyet-dinh-qppl-quy-dinh-phan-cap.yaml", "qppl", |t| t);
    draft(d, "quyet-dinh-to-cong-tac.yaml", "qd", |t| t);
    let steps = [
        ("a", "2024-12-30", "01/UBND-KTTH"),
        ("b", "2024-12-31", "02/UBND-KTTH"),
        // A quyết định of the same body shares the administrative sequence.
        ("qd", "2024-12-31", "03/QĐ-UBND"),
        // Legal-normative: its own sequence, the year in the number.
        ("qppl", "2024-12-31", "01/2024/QĐ-UBND"),
        // Secret: its own sequence.
        ("mat", "2024-12-31", "01/UBND-KTTH"),
        // 1 January: every sequence starts again at 01.
        ("c", "2025-01-02", "01/UBND-KTTH"),
        ("e", "2025-01-03", "02/UBND-KTTH"),
    ];
    for (stem, date, _) in steps {
        let (ok, err) = issue(d, stem, date, &[]);
        assert!(ok, "{stem}: {err}");
    }
    let got = rows(&d.join("so.csv"));
    let want: Vec<&str> = steps.iter().map(|s| s.2).collect();
    assert_eq!(got.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), want);
    assert_eq!(got[4][10], "MẬT", "the secret row says so: {:?}", got[4]);
    assert!(got[3][2].starts_with("Quyết định: "), "{:?}", got[3]);
}

/// `--so N` takes a free number (one kept earlier), says when it leaves a
/// gap, and is refused when taken: nothing is written.
#[test]
fn a_given_number_is_taken_when_free_and_refused_when_taken() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for s in ["a", "b", "c", "e"] {
        draft(d, "cong-van-ccn-bac-giang.yaml", s, |t| {
            t.replace("trich_yeu: ", &format!("trich_yeu: {s} "))
        });
    }
    let (ok, err) = issue(d, "a", "2024-05-02", &["--so", "5"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("các số 01–04") && err.contains("còn trống"),
        "{err}"
    );
    // Taken: refused, the YAML, the register and the outputs untouched.
    let yaml = std::fs::read(d.join("b.yaml")).unwrap();
    let reg = std::fs::read(d.join("so.csv")).unwrap();
    let (ok, err) = issue(d, "b", "2024-05-02", &["--so", "05"]);
    assert!(!ok, "{err}");
    assert!(
        err.contains("số 05") && err.contains("đã cấp cho a.pdf"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("b.yaml")).unwrap(), yaml);
    assert_eq!(std::fs::read(d.join("so.csv")).unwrap(), reg);
    assert!(!d.join("b.pdf").exists() && !d.join("b.docx").exists());
    // A free number below the highest: taken, no note.
    let (ok, err) = issue(d, "b", "2024-05-03", &["--so", "3"]);
    assert!(ok, "{err}");
    assert!(!err.contains("còn trống"), "{err}");
    // Without --so: the next after the highest.
    let (ok, err) = issue(d, "c", "2024-05-03", &[]);
    assert!(ok, "{err}");
    assert_eq!(
        numbers(&d.join("so.csv")),
        ["05/UBND-KTTH", "03/UBND-KTTH", "06/UBND-KTTH"]
    );
    assert!(std::fs::read_to_string(d.join("c.yaml"))
        .unwrap()
        .contains("\nso: 6\n"));
    // The register's check names the numbers still missing.
    let o = vanban(d, &["register", "so.csv", "--kiem-tra"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("bỏ trống số 01–02, 04"), "{err}");
}

/// The clerk's file keeps its comments, layout, CRLF line ends and
/// byte-order mark: only the two values change (and a `du_thao` line
/// goes), byte for byte.
#[test]
fn comments_layout_crlf_and_bom_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = draft(d, "cong-van-ccn-bac-giang.yaml", "cv", |t| {
        t.replace("so:\n", "so:                 # văn thư ghi số\n")
            .replace("ngay: 2024-04\n", "ngay: 2024-04      # tháng trình ký\n")
            .replace("trich_yeu: ", "du_thao: 3\ntrich_yeu: ")
    });
    let text = std::fs::read_to_string(&p).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    std::fs::write(&p, &crlf).unwrap();
    let (ok, err) = issue(d, "cv", "2024-04-19", &[]);
    assert!(ok, "{err}");
    assert!(err.contains("đã bỏ dòng `du_thao: 3`"), "{err}");
    let out = std::fs::read_to_string(&p).unwrap();
    let want = crlf
        .replace(
            "so:                 # văn thư ghi số",
            "so: 1               # văn thư ghi số",
        )
        .replace(
            "ngay: 2024-04      # tháng trình ký",
            "ngay: 2024-04-19   # tháng trình ký",
        )
        .replace("du_thao: 3\r\n", "");
    assert_eq!(out, want);
}

/// `du_thao: 2` prints "Dự thảo lần 2" in both files; a numbered, fully
/// dated document with `du_thao` is an error at that line; `archive`
/// refuses a `du_thao` draft.
#[test]
fn the_draft_mark_is_never_on_an_issued_document() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    // Numbered and dated, but a draft by its mark: "Dự thảo lần 2".
    let marked = sample.replace("trich_yeu: ", "du_thao: 2\ntrich_yeu: ");
    std::fs::write(
        d.join("ban-2.yaml"),
        marked.replace("ngay: 2024-04-19", "ngay: 2024-04"),
    )
    .unwrap();
    let (ok, err) = run(d, &["render", "ban-2.yaml", "--no-system-fonts"]);
    assert!(ok, "{err}");
    let lines = pdf_lines(&d.join("ban-2.pdf"));
    assert!(line(&lines, "Dự thảo lần 2").bold);
    assert!(docx_header_text(&d.join("ban-2.docx")).contains("Dự thảo lần 2"));
    // Number and full date: issued, so the mark is an error.
    std::fs::write(d.join("sai.yaml"), &marked).unwrap();
    let o = vanban(d, &["render", "sai.yaml"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let at = marked
        .lines()
        .position(|l| l.starts_with("du_thao"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("sai.yaml:{at}:10")), "{err}");
    assert!(err.contains("không in dấu \"DỰ THẢO\""), "{err}");
    assert!(!d.join("sai.pdf").exists());
    // A joint biên bản has no number: `du_thao` makes it a draft.
    let o = vanban(d, &["archive", "ban-2.yaml", "-o", "kho"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`du_thao`") && err.contains("bản dự thảo"),
        "{err}"
    );
}

/// An issued document is frozen: changed and rendered again, it warns and
/// writes `-sua-doi-1` files; the issued files and the register stay.
/// `new --tu` starts the correction as a new document.
#[test]
fn an_issued_document_is_frozen_and_corrected_by_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    draft(d, "cong-van-ccn-bac-giang.yaml", "cv", |t| t);
    // The folder's register, named once in .vanban.yaml.
    std::fs::write(d.join(".vanban.yaml"), "so_dang_ky: so-di.csv\n").unwrap();
    let (ok, err) = run(d, &["issue", "cv.yaml", "--ngay", "2024-04-19"]);
    assert!(ok, "{err}");
    let pdf = std::fs::read(d.join("cv.pdf")).unwrap();
    let docx = std::fs::read(d.join("cv.docx")).unwrap();
    let reg = std::fs::read(d.join("so-di.csv")).unwrap();
    let text = std::fs::read_to_string(d.join("cv.yaml")).unwrap();
    std::fs::write(
        d.join("cv.yaml"),
        text.replace("trich_yeu: tăng cường", "trich_yeu: tăng cường hơn nữa"),
    )
    .unwrap();
    let (ok, err) = run(d, &["render", "cv.yaml"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("văn bản số 01/UBND-KTTH đã ban hành")
            && err.contains("khác SHA-256 trong sổ")
            && err.contains("cv-sua-doi-1.pdf"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("cv.pdf")).unwrap(), pdf);
    assert_eq!(std::fs::read(d.join("cv.docx")).unwrap(), docx);
    assert_eq!(std::fs::read(d.join("so-di.csv")).unwrap(), reg);
    assert!(d.join("cv-sua-doi-1.pdf").exists() && d.join("cv-sua-doi-1.docx").exists());
    // The same change again: the same new name, not a third file.
    let (ok, _) = run(d, &["render", "cv.yaml"]);
    assert!(ok);
    assert!(!d.join("cv-sua-doi-2.pdf").exists());
    // A second change: the next name.
    std::fs::write(
        d.join("cv.yaml"),
        text.replace("trich_yeu: tăng cường", "trich_yeu: đẩy mạnh"),
    )
    .unwrap();
    let (ok, _) = run(d, &["render", "cv.yaml"]);
    assert!(ok);
    assert!(d.join("cv-sua-doi-2.pdf").exists());
    std::fs::write(d.join("cv.yaml"), &text).unwrap();

    // The correction: a công văn đính chính, a draft of the same body.
    let (ok, err) = run(d, &["new", "--tu", "cv.yaml"]);
    assert!(ok, "{err}");
    let dc = std::fs::read_to_string(d.join("cv-dinh-chinh.yaml")).unwrap();
    assert!(
        dc.lines().any(|l| l.starts_with("trich_yeu:")
            && l.contains("đính chính Công văn số 01/UBND-KTTH ngày 19/4/2024")),
        "{dc}"
    );
    let (ok, err) = run(d, &["render", "cv-dinh-chinh.yaml", "--no-system-fonts"]);
    assert!(ok, "{err}");
    let t = squash(&pdf_text(&d.join("cv-dinh-chinh.pdf"), None));
    assert!(t.starts_with("DỰ THẢO"), "{t}");
    assert!(
        t.contains("V/v đính chính Công văn số 01/UBND-KTTH ngày 19/4/2024"),
        "{t}"
    );
    assert!(t.contains("Phan Thế Tuấn"), "{t}");
    // Its number comes from the same register.
    let (ok, err) = run(d, &["issue", "cv-dinh-chinh.yaml", "--ngay", "2024-04-22"]);
    assert!(ok, "{err}");
    assert!(err.contains("số 02/UBND-KTTH"), "{err}");
    // The replacement: the old text, a draft again.
    let (ok, err) = run(d, &["new", "--tu", "cv.yaml", "--thay-the"]);
    assert!(ok, "{err}");
    let tt = std::fs::read_to_string(d.join("cv-thay-the.yaml")).unwrap();
    assert!(
        tt.contains("# Văn bản thay thế Công văn số 01/UBND-KTTH"),
        "{tt}"
    );
    assert!(tt.contains("\nso:\n"), "{tt}");
    assert!(
        tt.contains(&text[text.find("kinh_gui:").unwrap()..]),
        "the text kept"
    );
    // A draft cannot be corrected: it is edited.
    draft(d, "cong-van-ccn-bac-giang.yaml", "nhap", |t| t);
    let (ok, err) = run(d, &["new", "--tu", "nhap.yaml"]);
    assert!(!ok && err.contains("chưa ban hành"), "{err}");
}

/// The copy `archive` keeps of an issued document is the issued file
/// itself, byte for byte (the register's SHA-256), and `verify --nguon`
/// rebuilds it from the YAML.
#[test]
fn the_archive_keeps_the_issued_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    draft(d, "cong-van-ccn-bac-giang.yaml", "cv", |t| t);
    let (ok, err) = run(
        d,
        &[
            "issue",
            "cv.yaml",
            "--so-dang-ky",
            "so.csv",
            "--ngay",
            "2024-04-19",
        ],
    );
    assert!(ok, "{err}");
    let registered = rows(&d.join("so.csv"))[0].last().unwrap().clone();
    let (ok, err) = run(d, &["archive", "cv.yaml", "-o", "kho"]);
    assert!(ok, "{err}");
    let archived = std::fs::read(d.join("kho/2024-01-UBND-KTTH.pdf")).unwrap();
    assert_eq!(
        vanban::engine::output::sha256_hex(&archived),
        registered,
        "archive copy = issued file"
    );
    let (ok, err) = run(d, &["verify", "kho", "--nguon", "."]);
    assert!(ok, "{err}");
}
