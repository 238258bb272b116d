//! Issue 15: `vanban register` — the outgoing register as a table,
//! filtered; `--kiem-tra` against the files (missing, changed,
//! unregistered, numbers twice or skipped); a register broken by hand is a
//! located error; a register of the earlier nine columns is read and
//! appended to in its own form.

mod common;

use std::path::Path;

use common::*;

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
    draft(d, "cong-van-ccn-bac-giang.yaml", "cv", |t| t);
    draft(d, "quyet-dinh-to-cong-tac.yaml", "qd", |t| t);
    draft(d, "cong-van-bao-cao-hai-phu-luc.yaml", "cv2", |t| t);
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
    draft(d, "cong-van-ccn-bac-giang.yaml", "moi", |t| t);
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
    draft(d, "cong-van-ccn-bac-giang.yaml", "cv", |t| t);
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

/// `vanban check` reads the register that covers a document (issue 15):
/// a number given to another file is an error (ND30-SO-03); a numbered
/// document not in the register and numbers skipped in its sequence are
/// warnings (ND30-SO-04), the gap once per run; `bo_qua` switches them off
/// with a note, as every rule.
#[test]
fn check_finds_taken_numbers_unregistered_documents_and_gaps() {
    let dir = office();
    let d = dir.path();
    // Clean: three issued documents, no gap.
    let (code, out, err) = run(d, &["check", "cv.yaml", "qd.yaml", "cv2.yaml"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(!out.contains("ND30-SO-0"), "{out}");
    // A draft numbered by hand with the number of cv.yaml (2024).
    draft(d, "cong-van-ccn-bac-giang.yaml", "trung", |t| t);
    let text = std::fs::read_to_string(d.join("trung.yaml"))
        .unwrap()
        .replace("so:\n", "so: 1\n")
        .replace("ngay: 2024-04\n", "ngay: 2024-04-22\n");
    std::fs::write(d.join("trung.yaml"), &text).unwrap();
    // A document with a free number, not in the register; then 2024's
    // công văn sequence gets 05 (02 is the quyết định: 03–04 skipped).
    std::fs::write(d.join("ngoai.yaml"), text.replace("so: 1\n", "so: 40\n")).unwrap();
    draft(d, "cong-van-ccn-bac-giang.yaml", "sau", |t| t);
    let (code, _, err) = run(
        d,
        &[
            "issue",
            "sau.yaml",
            "--so-dang-ky",
            "so.csv",
            "--ngay",
            "2024-06-03",
            "--so",
            "5",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run(
        d,
        &[
            "check",
            "--format",
            "json",
            "trung.yaml",
            "ngoai.yaml",
            "cv.yaml",
        ],
    );
    assert_eq!(code, Some(2), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found = |file: &str| -> Vec<(String, String, u64)> {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file)
            .unwrap()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| {
                x["code"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("ND30-SO-0"))
            })
            .map(|x| {
                (
                    x["code"].as_str().unwrap().to_string(),
                    x["message"].as_str().unwrap().to_string(),
                    x["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let so_line = text.lines().position(|l| l.starts_with("so:")).unwrap() as u64 + 1;
    let trung = found("trung.yaml");
    assert!(
        trung.iter().any(|(c, m, l)| c == "ND30-SO-03"
            && m.contains("01/UBND-KTTH")
            && m.contains("cv.pdf")
            && *l == so_line),
        "{trung:?}"
    );
    // The gap of 2024, said once in the run (at the first document).
    assert!(
        trung
            .iter()
            .any(|(c, m, _)| c == "ND30-SO-04" && m.contains("bỏ trống số 03–04")),
        "{trung:?}"
    );
    let ngoai = found("ngoai.yaml");
    assert!(
        ngoai
            .iter()
            .any(|(c, m, _)| c == "ND30-SO-04" && m.contains("40/UBND-KTTH chưa vào sổ")),
        "{ngoai:?}"
    );
    assert!(
        !ngoai.iter().any(|(_, m, _)| m.contains("bỏ trống")),
        "{ngoai:?}"
    );
    assert!(found("cv.yaml").is_empty());
    // Switched off with a reason: a note, not a warning.
    std::fs::write(
        d.join("ngoai.yaml"),
        text.replace("so: 1\n", "so: 40\n")
            + "bo_qua:\n  ND30-SO-04: \"số 40 giữ cho văn bản mật, vào sổ mật\"\n",
    )
    .unwrap();
    let (code, out, err) = run(d, &["check", "ngoai.yaml"]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("quy tắc ND30-SO-04 được bỏ qua"), "{out}");
    assert!(!out.contains("cảnh báo[ND30-SO-04]"), "{out}");
}
