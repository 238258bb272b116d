//! Bad input: a located Vietnamese message, exit code 2, nothing written,
//! and an earlier good output left untouched.

mod common;

use std::path::Path;

use common::*;

fn sample() -> String {
    std::fs::read_to_string(root().join(SAMPLE)).unwrap()
}

/// Render `bytes` as `name` in a dir that already holds good outputs;
/// returns stderr after checking the failure contract.
fn fails(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join(name);
    std::fs::write(&yaml, bytes).unwrap();
    let stem = Path::new(name).file_stem().unwrap().to_str().unwrap();
    let pdf = dir.path().join(format!("{stem}.pdf"));
    let docx = dir.path().join(format!("{stem}.docx"));
    std::fs::write(&pdf, b"earlier good pdf").unwrap();
    std::fs::write(&docx, b"earlier good docx").unwrap();

    let o = vanban(dir.path(), &["render", name]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(err.starts_with("lỗi: "), "{err}");
    assert_eq!(std::fs::read(&pdf).unwrap(), b"earlier good pdf");
    assert_eq!(std::fs::read(&docx).unwrap(), b"earlier good docx");
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 3, "a temporary file was left behind");
    err
}

fn assert_all(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in:\n{err}");
    }
}

#[test]
fn malformed_yaml() {
    let y = sample().replace("dia_danh: Bắc Giang", "dia_danh: \"Bắc Giang");
    let err = fails("hong.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "lỗi: thiếu dấu nháy đóng",
            "--> hong.yaml:15:11",
            "= trường: dia_danh",
            "^",
        ],
    );
}

#[test]
fn missing_required_field() {
    let y = sample().replace("  ho_ten: Phan Thế Tuấn\n", "");
    let err = fails("thieu.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "thiếu trường bắt buộc `ho_ten`",
            "thieu.yaml:",
            "= trường: nguoi_ky.ho_ten",
            "cần:",
        ],
    );
}

#[test]
fn wrong_type() {
    let y = sample().replace("so: 1956", "so: ba");
    let err = fails("kieu.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "số văn bản `ba` không hợp lệ",
            "--> kieu.yaml:13:5",
            "= trường: so",
            "13 | so: ba",
        ],
    );
    let y = sample().replace("  viet_tat: UBND", "  viet_tat: [UBND]");
    let err = fails("kieu2.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "cần một chuỗi",
            "kieu2.yaml:11:13",
            "= trường: co_quan.viet_tat",
        ],
    );
}

#[test]
fn unknown_key_with_suggestion() {
    let y = sample().replace("kinh_gui:", "kính_gửi:");
    let err = fails("khoa.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "khóa không hợp lệ `kính_gửi`",
            "--> khoa.yaml:19:1",
            "có phải ý bạn là `kinh_gui`?",
        ],
    );
    let y = sample().replace("    gom:", "    gomm:");
    let err = fails("khoa2.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "`gomm`",
            "= trường: noi_nhan.gomm",
            "có phải ý bạn là `gom`?",
        ],
    );
}

#[test]
fn non_utf8_bytes() {
    let mut y = sample().into_bytes();
    let at = sample().find("Phan").unwrap();
    y[at] = 0xC0; // TCVN3-era byte
    let err = fails("tcvn3.yaml", &y);
    assert_all(
        &err,
        &[
            "tệp không phải văn bản UTF-8",
            "tcvn3.yaml:",
            "0xC0",
            "TCVN3",
        ],
    );
    let line = sample()[..at].matches('\n').count() + 1;
    assert!(err.contains(&format!("tcvn3.yaml:{line}:")), "{err}");
}

#[test]
fn empty_file() {
    let err = fails("rong.yaml", b"");
    assert_all(&err, &["tệp rỗng", "rong.yaml:1:1"]);
    let err = fails("chu-thich.yaml", "# chỉ có chú thích\n\n".as_bytes());
    assert_all(&err, &["tệp rỗng"]);
}

#[test]
fn semantic_errors_are_located() {
    let y = sample().replace("ngay: 2024-04-19", "ngay: 2024-02-30");
    let err = fails("ngay.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "ngày ban hành không hợp lệ",
            "ngay.yaml:16:7",
            "= trường: ngay",
        ],
    );
    let y = sample().replace("quyen_han: KT.", "quyen_han: KY");
    let err = fails("ky.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "quyền hạn ký `KY`",
            "= trường: nguoi_ky.quyen_han",
            "TM. (thay mặt)",
        ],
    );
    let y = sample()
        .replace("định^[Toàn tỉnh", "định^ [Toàn tỉnh")
        .replace("lao động.].", "lao động.]. ^[chưa đóng");
    let err = fails("chu-thich-hong.yaml", y.as_bytes());
    assert_all(&err, &["thiếu dấu \"]\" đóng", "= trường: mo_dau"]);
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SAMPLE), dir.path().join("tot.yaml")).unwrap();
    std::fs::write(
        dir.path().join("xau.yaml"),
        sample().replace("so: 1956", "so: ba"),
    )
    .unwrap();
    let o = vanban(
        dir.path(),
        &["render", "xau.yaml", "tot.yaml", "--format", "pdf"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(dir.path().join("tot.pdf").exists());
    assert!(!dir.path().join("xau.pdf").exists());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("1 văn bản trong") && err.ends_with("; 1 lỗi\n"),
        "{err}"
    );
}

#[test]
fn a_colon_in_text_gets_the_quoted_form() {
    // A list item with ": " is read as a key; a value ending with ":" is
    // not allowed: both messages show the line as it should be written.
    let y = sample().replace(
        "mo_dau:\n",
        "noi_dung:\n  - Thông tin liên hệ: bà Lan, số 0204\nmo_dau:\n",
    );
    let err = fails("hai-cham.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "khóa không hợp lệ `Thông tin liên hệ`",
            "`- \"Thông tin liên hệ: bà Lan, số 0204\"`",
        ],
    );
    let y = sample().replace(
        "mo_dau:\n",
        "noi_dung:\n  - khoan: Các thành viên:\nmo_dau:\n",
    );
    let err = fails("hai-cham2.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "dấu \":\" trong một giá trị chưa đặt trong dấu nháy",
            "`- khoan: \"Các thành viên:\"`",
        ],
    );
}

/// Control bytes in a file name or a text reach the terminal escaped
/// (`\u{1b}`), never raw: they could recolour or hide what is printed.
#[test]
fn control_bytes_are_escaped_before_printing() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\u{1b}[2J\u{9b}31m.yaml";
    std::fs::write(dir.path().join(name), "trich_yeu: [").unwrap();
    for cmd in ["check", "render"] {
        let o = vanban(dir.path(), &[cmd, name]);
        let out =
            String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("x\\u{1b}[2J\\u{9b}31m.yaml"), "{out}");
    }
}

/// A missing field is reported at the map that lacks it, with its full
/// path; at the top level, the document itself.
#[test]
fn a_missing_field_points_at_its_map() {
    let y = sample().replace("  ho_ten: Phan Thế Tuấn\n", "");
    let line = y.lines().position(|l| l == "nguoi_ky:").unwrap() + 1;
    let err = fails("thieu.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "bảng `nguoi_ky` thiếu trường bắt buộc `ho_ten`",
            &format!("--> thieu.yaml:{line}:1"),
            "= trường: nguoi_ky.ho_ten",
        ],
    );
    let y = sample().replace("dia_danh: Bắc Giang\n", "");
    let err = fails("thieu2.yaml", y.as_bytes());
    assert_all(
        &err,
        &[
            "văn bản thiếu trường bắt buộc `dia_danh`",
            "--> thieu2.yaml:1:1",
        ],
    );
}
