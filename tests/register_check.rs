//! Issue 15: `vanban register` — the outgoing register as a table,
//! filtered; `--kiem-tra` against the files (missing, changed,
//! unregistered, numbers twice or skipped); a register broken by hand is a
//! located error; a register of the earlier nine columns is read and
//! appended to in its own form.

mod common;

use std::path::Path;

use common::*;

fn draft(dir: &Path, sample: &str, stem: &str) {
    let text = std::fs::read_to_string(root().join("samples").join(sample)).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("so:") {
                "so:".to_string()
            } else if let Some(d) = l.strip_prefix("ngay: ") {
                format!("ngay: {}", &d[..7])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(dir.join(format!("{stem}.yaml")), text).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = vanban(dir, args);
    (
        o.status.code(),
        stdout(&o),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A folder with three issued documents: two công văn, one quyết định.
fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    draft(d, "cong-van-ccn-bac-giang.yaml", "cv");
    draft(d, "quyet-dinh-to-cong-tac.yaml", "qd");
    draft(d, "cong-van-bao-cao-hai-phu-luc.yaml", "cv2");
    for (stem, date) in [
        ("cv", "2024-04-19"),
        ("qd", "2024-05-06"),
        ("cv2", "2025-01-06"),
    ] {
        let f = format!("{stem}.yaml");
        let (code, _, err) = run(d, &["issue", &f, "--so-dang-ky", "so.csv", "--ngay", date]);
        assert_eq!(code, Some(0), "{err}");
    }
    dir
}

#[test]
fn the_register_as_a_table_filtered() {
    let dir = office();
    let d = dir.path();
    let (code, out, err) = run(d, &["register", "so.csv"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Số, ký hiệu"), "{out}");
    assert!(
        out.contains("01/UBND-KTTH │ 19/04/2024 │ Công văn V/v tăng cường"),
        "{out}"
    );
    assert!(out.contains("02/QĐ-UBND"), "{out}");
    assert!(out.contains("3 văn bản (sổ có 3 dòng)"), "{out}");
    let (_, out, _) = run(d, &["so-dang-ky", "so.csv", "--nam", "2025"]);
    assert!(out.contains("01/UBND-KTTH │ 06/01/2025"), "{out}");
    assert!(out.contains("1 văn bản"), "{out}");
    let (_, out, _) = run(d, &["register", "so.csv", "--loai", "quyet_dinh"]);
    assert!(
        out.contains("02/QĐ-UBND") && out.contains("1 văn bản"),
        "{out}"
    );
    let (_, out, _) = run(d, &["register", "so.csv", "--nguoi-ky", "phan thế"]);
    assert!(out.contains("2 văn bản"), "{out}");
    let (_, out, _) = run(d, &["register", "so.csv", "--nguoi-ky", "LÊ VĂN"]);
    assert!(
        out.contains("06/01/2025") && out.contains("1 văn bản"),
        "{out}"
    );
    let (code, out, err) = run(d, &["register", "so.csv", "--kiem-tra"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("3 dòng, 0 vấn đề"), "{out}");
}

/// A changed issued PDF, a missing one, a numbered document never entered,
/// a number written twice by hand: all reported, exit 2.
#[test]
fn the_check_finds_changed_missing_and_unregistered_files() {
    let dir = office();
    let d = dir.path();
    // Changed after issue.
    let mut pdf = std::fs::read(d.join("cv.pdf")).unwrap();
    pdf.extend_from_slice(b"%sua\n");
    std::fs::write(d.join("cv.pdf"), &pdf).unwrap();
    // Gone.
    std::fs::remove_file(d.join("qd.pdf")).unwrap();
    // Numbered by hand, never entered.
    let text = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    std::fs::write(d.join("tay.yaml"), text.replace("so: 1956", "so: 7")).unwrap();
    let (code, _, err) = run(d, &["register", "so.csv", "--kiem-tra"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("so.csv:2: tệp ") && err.contains("cv.pdf đã bị sửa sau khi ban hành"),
        "{err}"
    );
    assert!(err.contains("so.csv:3: thiếu tệp qd.pdf"), "{err}");
    assert!(
        err.contains("tay.yaml: văn bản số 07/UBND-KTTH ngày 19/04/2024 chưa vào sổ"),
        "{err}"
    );
    // Number 07 of 2024 is also a gap in the register: not reported, the
    // register has 01 and 02 only. A row typed by hand for a cancelled
    // number fills a gap; a number typed twice is reported.
    let mut reg = std::fs::read_to_string(d.join("so.csv")).unwrap();
    reg.push_str("04/UBND-KTTH,01/06/2024,Công văn V/v hủy,,,,,,,số hủy,,,\n");
    reg.push_str("02/QĐ-UBND,07/05/2024,Quyết định: chép nhầm,,,,,,,,,,\n");
    std::fs::write(d.join("so.csv"), reg).unwrap();
    let (code, _, err) = run(d, &["register", "so.csv", "--kiem-tra"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("bỏ trống số 03"), "{err}");
    assert!(
        err.contains("so.csv:6: số 02/QĐ-UBND (UBND năm 2024) đã có ở dòng 3"),
        "{err}"
    );
}

/// A register broken by hand is never guessed at: the error names the line
/// and column, for `register`, `issue` and `render --so-dang-ky` alike.
#[test]
fn a_broken_register_is_a_located_error() {
    let dir = office();
    let d = dir.path();
    let good = std::fs::read_to_string(d.join("so.csv")).unwrap();
    draft(d, "cong-van-ccn-bac-giang.yaml", "moi");
    // A date typed wrong in the third row.
    let lines: Vec<&str> = good.lines().collect();
    let broken = good.replacen(lines[3], &lines[3].replace("06/01/2025", "06/13/2025"), 1);
    std::fs::write(d.join("so.csv"), &broken).unwrap();
    let col = lines[3].find("06/01/2025").unwrap() + 1;
    for args in [
        vec!["register", "so.csv"],
        vec!["register", "so.csv", "--kiem-tra"],
        vec!["issue", "moi.yaml", "--so-dang-ky", "so.csv"],
    ] {
        let (code, _, err) = run(d, &args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(&format!("so.csv:4:{col}")), "{args:?}: {err}");
        assert!(err.contains("ngày `06/13/2025` không đọc được"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(d.join("so.csv")).unwrap(), broken);
    assert!(!d.join("moi.pdf").exists());
    // A row cut short by hand (cells missing).
    let cut = good.replacen(lines[2], "02/QĐ-UBND,06/05/2024", 1);
    std::fs::write(d.join("so.csv"), &cut).unwrap();
    let (code, _, err) = run(d, &["register", "so.csv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("so.csv:3:22") && err.contains("dòng có 2 ô, sổ đăng ký có 13 cột"),
        "{err}"
    );
    // Not a register at all.
    std::fs::write(d.join("so.csv"), "STT,Tên\n1,x\n").unwrap();
    let (code, _, err) = run(d, &["register", "so.csv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("so.csv:1:1") && err.contains("cần `Số, ký hiệu văn bản`"),
        "{err}"
    );
}

/// A register of the earlier nine columns is read as it is and appended
/// to in its own columns, never rewritten.
#[test]
fn an_old_register_keeps_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = format!(
        "\u{feff}Số,Ký hiệu,Ngày,Loại,Trích yếu,Nơi nhận,Người ký,Tệp,SHA-256\n07,UBND-KTTH,02/04/2024,Công văn,cũ,Sở Tài chính,Lê Văn A,cu.pdf,{}\n",
        "0".repeat(64)
    );
    std::fs::write(d.join("so.csv"), &old).unwrap();
    draft(d, "cong-van-ccn-bac-giang.yaml", "cv");
    let (code, _, err) = run(
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
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("số 08/UBND-KTTH"), "{err}");
    let now = std::fs::read_to_string(d.join("so.csv")).unwrap();
    assert!(now.starts_with(&old), "old rows kept byte for byte");
    let added = now[old.len()..].to_string();
    assert!(
        added.starts_with("08,UBND-KTTH,19/04/2024,Công văn,"),
        "{added}"
    );
    let cells = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(added.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(cells.len(), 9, "nine cells: {added}");
    let (code, out, err) = run(d, &["register", "so.csv"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("mẫu cũ (9 cột)"), "{err}");
    assert!(
        out.contains("07/UBND-KTTH") && out.contains("08/UBND-KTTH"),
        "{out}"
    );
}
