//! `vanban remind`: who is reminded, of what, in which words; the combined
//! letter; templates; CSV progress; the register.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const PROGRESS: &str = "samples/tien-do-ccn.yaml";

/// Run remind on the samples into a fresh dir.
fn remind(extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_string();
    let directive = root().join(SAMPLE);
    let progress = root().join(PROGRESS);
    let mut args = vec![
        "remind",
        directive.to_str().unwrap(),
        "--tien-do",
        progress.to_str().unwrap(),
        "--ngay",
        "2024-06-20",
        "--han",
        "2024-07-05",
        "-o",
        &out,
        "--no-system-fonts",
    ];
    args.extend_from_slice(extra);
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = vanban(&root(), &a);
    (dir, o)
}

fn files(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.ends_with(ext))
        .collect();
    v.sort();
    v
}

#[test]
fn late_units_get_one_letter_each_with_only_their_unfinished_tasks() {
    let (dir, o) = remind(&["--yaml"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        files(dir.path(), ".pdf"),
        [
            "don-doc-bao-bac-giang.pdf",
            "don-doc-cong-an-tinh.pdf",
            "don-doc-so-cong-thuong.pdf",
            "don-doc-so-tai-chinh.pdf",
            "don-doc-ubnd-huyen-thanh-pho-thi-xa.pdf",
        ],
        "done units (Sở Xây dựng, Sở Kế hoạch và Đầu tư …) get none"
    );
    assert_eq!(files(dir.path(), ".docx").len(), 5);
    assert_eq!(files(dir.path(), ".yaml").len(), 5);

    let text = squash(&pdf_text(
        &dir.path().join("don-doc-so-cong-thuong.pdf"),
        None,
    ));
    for s in [
        "V/v đôn đốc thực hiện Công văn số 1956/UBND-KTTH ngày 19/4/2024",
        "Kính gửi: Sở Công Thương",
        "Bắc Giang, ngày 20 tháng 6 năm 2024",
        "Thực hiện Công văn số 1956/UBND-KTTH ngày 19/4/2024 của Ủy ban nhân dân tỉnh Bắc Giang về tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh",
        "- Đánh giá các điều kiện thành lập",
        "- Chủ trì hoặc phối hợp với các cơ quan, đơn vị liên quan tăng cường thanh tra",
        "(thời hạn: 31/5/2024)",
        "trước ngày 05/7/2024",
        "KT. CHỦ TỊCH",
        "Phan Thế Tuấn",
        "- Lưu: VT, KTTH.",
    ] {
        assert!(text.contains(s), "missing {s:?} in {text}");
    }
    // Finished tasks of the same unit are not listed.
    assert!(!text.contains("Nêu cao vai trò"), "1.1 is done");
    assert!(
        !text.contains("Hằng tháng, tiếp tục chủ trì"),
        "1.5 is done"
    );

    // A task shared by three units: only the one that has not reported.
    let bao = squash(&pdf_text(
        &dir.path().join("don-doc-bao-bac-giang.pdf"),
        None,
    ));
    assert!(
        bao.contains("Phối hợp với Sở Công Thương tổ chức tuyên truyền"),
        "{bao}"
    );
    assert!(!dir
        .path()
        .join("don-doc-so-thong-tin-va-truyen-thong.pdf")
        .exists());

    // A task whose deadline was moved to 31/7 is not late yet.
    let huyen = squash(&pdf_text(
        &dir.path().join("don-doc-ubnd-huyen-thanh-pho-thi-xa.pdf"),
        None,
    ));
    assert!(huyen.contains("Tăng cường công tác quản lý nhà nước"));
    assert!(
        !huyen.contains("Rà soát các quy định pháp luật hiện hành"),
        "6.3 is due 31/7"
    );
    // The coordinator is told, except in its own letter.
    assert!(huyen.contains("báo cáo kết quả về Sở Công Thương"));
    assert!(
        huyen.contains("- Sở Công Thương;"),
        "coordinator in Nơi nhận"
    );
}

#[test]
fn the_yaml_renders_to_the_same_files() {
    let (dir, o) = remind(&["--yaml", "--so-bat-dau", "2301"]);
    assert!(o.status.success());
    let again = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("don-doc-so-tai-chinh.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        text.contains("so: 2302"),
        "second letter, second number: {text}"
    );
    let o = vanban(
        &root(),
        &[
            "render",
            yaml.to_str().unwrap(),
            "-o",
            again.path().to_str().unwrap(),
            "--no-system-fonts",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for ext in ["pdf", "docx"] {
        let a = std::fs::read(dir.path().join(format!("don-doc-so-tai-chinh.{ext}"))).unwrap();
        let b = std::fs::read(again.path().join(format!("don-doc-so-tai-chinh.{ext}"))).unwrap();
        assert_eq!(a, b, "{ext} differs");
    }
}

#[test]
fn combined_letter_has_the_table_in_both_writers() {
    let (dir, o) = remind(&["--gop"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files(dir.path(), ".pdf"), ["don-doc-tong-hop.pdf"]);
    let pdf = dir.path().join("don-doc-tong-hop.pdf");
    let text = squash(&pdf_text(&pdf, None));
    for s in [
        "STT",
        "Đơn vị",
        "Nhiệm vụ chưa hoàn thành",
        "Hạn",
        "- Sở Tài chính;",
        "- Báo Bắc Giang;",
        "5 đơn vị chưa hoàn thành",
    ] {
        assert!(text.contains(s), "missing {s:?}");
    }
    let docx = dir.path().join("don-doc-tong-hop.docx");
    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nt = [t for t in d.tables if t.rows[0].cells[0].text == 'STT'][0]\n\
         print(len(t.rows)); print([c.text for c in t.rows[0].cells]); print(t.rows[1].cells[1].text, '|', t.rows[1].cells[3].text)",
        &docx,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "7", "header + 6 late (unit, task) pairs: {out}");
    assert_eq!(
        lines[1],
        "['STT', 'Đơn vị', 'Nhiệm vụ chưa hoàn thành', 'Hạn']"
    );
    assert_eq!(lines[2], "Sở Công Thương | 31/5/2024");
    let audit = tool("python3", &["-m", "openxml_audit", docx.to_str().unwrap()]);
    assert!(audit.status.success(), "{}", stdout(&audit));
}

#[test]
fn templates_can_be_overridden_and_errors_are_located() {
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(
        tpl.path().join("de-nghi.txt"),
        "Yêu cầu {{ don_vi }} báo cáo ngay trước {{ han_moi | ngay_dai }}.",
    )
    .unwrap();
    let (dir, o) = remind(&[
        "--templates",
        tpl.path().to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = squash(&pdf_text(
        &dir.path().join("don-doc-so-tai-chinh.pdf"),
        None,
    ));
    assert!(
        text.contains("Yêu cầu Sở Tài chính báo cáo ngay trước ngày 05 tháng 7 năm 2024./."),
        "{text}"
    );

    // An unknown variable: the template, its line and the variable named.
    std::fs::write(
        tpl.path().join("mo-dau.txt"),
        "Dòng một\nKính gửi {{ ten_sai }}:\n",
    )
    .unwrap();
    let (dir, o) = remind(&["--templates", tpl.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mo-dau.txt:2:"), "{err}");
    assert!(err.contains("= trường: ten_sai"), "{err}");
    assert!(files(dir.path(), "").is_empty(), "nothing written");

    // A syntax error: located too.
    std::fs::write(
        tpl.path().join("mo-dau.txt"),
        "Thực hiện {{ van_ban.loai \n",
    )
    .unwrap();
    let (dir, o) = remind(&["--templates", tpl.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mo-dau.txt:") && err.contains("cú pháp"),
        "{err}"
    );
    assert!(files(dir.path(), "").is_empty());
}

fn progress_variant(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join(name);
    std::fs::write(&p, text).unwrap();
    (d, p)
}

fn remind_with(progress: &Path, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "remind".to_string(),
        root().join(SAMPLE).display().to_string(),
        "--tien-do".into(),
        progress.display().to_string(),
        "--ngay".into(),
        "2024-06-20".into(),
        "-o".into(),
        dir.path().display().to_string(),
        "--format".into(),
        "pdf".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = vanban(&root(), &a);
    (dir, o)
}

#[test]
fn csv_progress_works_like_yaml() {
    let csv = "don_vi,nhiem_vu,trang_thai,ngay_bao_cao,so_bao_cao,ghi_chu\n\
               Sở Công Thương,1.1,da_hoan_thanh,2024-05-20,412/BC-SCT,\n\
               Sở Công Thương,1.2,dang_thuc_hien,,,\"đang làm, chậm\"\n";
    let (_p, path) = progress_variant("tien-do.csv", csv);
    let (dir, o) = remind_with(&path, &["--han-mac-dinh", "2024-05-31"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = squash(&pdf_text(
        &dir.path().join("don-doc-so-cong-thuong.pdf"),
        None,
    ));
    assert!(text.contains("- Rà soát phương án phát triển cụm công nghiệp"));
    assert!(!text.contains("Nêu cao vai trò"));
    // Every unit without a row is late too: 1 letter per assignee.
    assert!(
        files(dir.path(), ".pdf").len() >= 10,
        "{:?}",
        files(dir.path(), ".pdf")
    );
}

#[test]
fn a_broken_progress_file_is_located_and_writes_nothing() {
    let sample = std::fs::read_to_string(root().join(PROGRESS)).unwrap();
    let cases = [
        (
            sample.replacen("nhiem_vu: \"1.3\"", "nhiem_vu: \"1.9\"", 1),
            "nhiệm vụ `1.9` không có trong văn bản",
            "phần 1 (Sở Công Thương) có 6 nhiệm vụ",
        ),
        (
            sample.replacen(
                "{don_vi: Sở Tài chính, nhiem_vu: \"3.2\"",
                "{don_vi: Sở Tài Chính Tỉnh, nhiem_vu: \"3.2\"",
                1,
            ),
            "không được giao nhiệm vụ 3.2",
            "giao cho: Sở Tài chính",
        ),
        (
            sample.replacen("trang_thai: dang_thuc_hien", "trang_thai: xong", 1),
            "trạng thái `xong` không hợp lệ",
            "da_hoan_thanh",
        ),
        (
            sample.replacen("han: 2024-05-31", "han: 31/5/2024", 1),
            "ngày `31/5/2024` không hợp lệ",
            "YYYY-MM-DD",
        ),
        (
            sample.replacen("tien_do:", "tien_doo:", 1),
            "khóa không hợp lệ `tien_doo`",
            "có phải ý bạn là `tien_do`?",
        ),
    ];
    for (text, msg, hint) in cases {
        let (_p, path) = progress_variant("tien-do.yaml", &text);
        let (dir, o) = remind_with(&path, &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(msg) && err.contains(hint), "{msg}: {err}");
        assert!(err.contains("tien-do.yaml:"), "located: {err}");
        assert!(files(dir.path(), "").is_empty(), "nothing written");
    }
    let (_p, path) = progress_variant(
        "tien-do.csv",
        "don_vi,nhiem_vu,trang_thai,han_cuoi\nSở Công Thương,1.1,da_hoan_thanh,x\n",
    );
    let (_d, o) = remind_with(&path, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("tien-do.csv:1:4") && err.contains("cột `han_cuoi`"),
        "{err}"
    );
}

#[test]
fn register_rows_are_appended_and_reused_numbers_refused() {
    let reg_dir = tempfile::tempdir().unwrap();
    let reg = reg_dir.path().join("so-van-ban-di.csv");
    let r = reg.to_str().unwrap();
    let (dir, o) = remind(&["--so-bat-dau", "2301", "--so-dang-ky", r]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(&reg).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 6, "{csv}");
    // The sổ đăng ký văn bản đi of Phụ lục IV, then Độ mật, Tệp, SHA-256.
    assert!(rows[0].ends_with("\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký,Nơi nhận văn bản,\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú,Độ mật,Tệp,SHA-256"), "{}", rows[0]);
    assert!(rows[1].starts_with("2301/UBND-KTTH,20/06/2024,Công văn V/v đôn đốc thực hiện Công văn số 1956/UBND-KTTH ngày 19/4/2024,Phan Thế Tuấn,Sở Công Thương,\"VT, KTTH\",,,,,,don-doc-so-cong-thuong.pdf,"), "{}", rows[1]);
    let sha = rows[1].rsplit(',').next().unwrap();
    let pdf = std::fs::read(dir.path().join("don-doc-so-cong-thuong.pdf")).unwrap();
    assert_eq!(sha, vanban::engine::output::sha256_hex(&pdf));

    // The same numbers again: refused, nothing written, the register unchanged.
    let (dir2, o) = remind(&["--so-bat-dau", "2303", "--so-dang-ky", r]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("số 2303 năm 2024 đã có trong sổ đăng ký"),
        "{err}"
    );
    let after = std::fs::read_to_string(&reg).unwrap();
    assert!(after.starts_with(&csv), "old rows kept byte for byte");
    // Letters 2303–2305 collide and are not written; 2306 and 2307 are.
    assert!(!dir2.path().join("don-doc-so-cong-thuong.pdf").exists());
    assert!(!dir2.path().join("don-doc-cong-an-tinh.pdf").exists());
    assert!(dir2.path().join("don-doc-bao-bac-giang.pdf").exists());
    assert_eq!(after.lines().count(), 8, "{after}");
    assert!(after.contains("\n2307/UBND-KTTH,"));
}

#[test]
fn another_signer_and_no_late_unit() {
    let sample = std::fs::read_to_string(root().join(PROGRESS)).unwrap();
    let text = sample.replace(
        "dau_moi: Sở Công Thương",
        "dau_moi: Sở Công Thương\nnguoi_ky:\n  quyen_han: TL.\n  thu_truong: Chủ tịch\n  chuc_vu: Chánh Văn phòng\n  ho_ten: Nguyễn Văn Cường",
    );
    let (_p, path) = progress_variant("tien-do.yaml", &text);
    let (dir, o) = remind_with(&path, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = squash(&pdf_text(
        &dir.path().join("don-doc-so-tai-chinh.pdf"),
        None,
    ));
    assert!(
        t.contains("TL. CHỦ TỊCH")
            && t.contains("CHÁNH VĂN PHÒNG")
            && t.contains("Nguyễn Văn Cường"),
        "{t}"
    );

    // Before any deadline has passed nobody is reminded, and nothing is written.
    let out = tempfile::tempdir().unwrap();
    let directive = root().join(SAMPLE);
    let progress = root().join(PROGRESS);
    let o = vanban(
        &root(),
        &[
            "remind",
            directive.to_str().unwrap(),
            "--tien-do",
            progress.to_str().unwrap(),
            "--ngay",
            "2024-05-01",
            "-o",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("không có đơn vị nào chậm"));
    assert!(files(out.path(), "").is_empty());
}

/// Two rows for one unit and task: a located error naming both rows (the
/// last one used to win silently, and a unit's reminder was dropped).
#[test]
fn duplicate_progress_rows_are_located_errors() {
    let yaml = "tien_do:\n  - {don_vi: Sở Công Thương, nhiem_vu: \"1.3\", trang_thai: chua_bao_cao}\n  - {don_vi: Sở Tài chính, nhiem_vu: \"3.1\", trang_thai: dang_thuc_hien}\n  - {don_vi: sở công thương, nhiem_vu: \"1.3\", trang_thai: da_hoan_thanh}\n";
    let (_p, path) = progress_variant("tien-do.yaml", yaml);
    let (dir, o) = remind_with(&path, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("tien-do.yaml:4:14"), "{err}");
    assert!(err.contains("đã có ở dòng 2"), "{err}");
    assert!(
        err.contains("dòng trước: ") && err.contains("tien-do.yaml:2:14"),
        "{err}"
    );
    assert!(files(dir.path(), ".pdf").is_empty());

    let csv = "don_vi,nhiem_vu,trang_thai\nSở Công Thương,1.1,da_hoan_thanh\nSở Công Thương,1.1,chua_bao_cao\n";
    let (_p, path) = progress_variant("tien-do.csv", csv);
    let (_dir, o) = remind_with(&path, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tien-do.csv:3:1") && err.contains("đã có ở dòng 2"),
        "{err}"
    );
}
