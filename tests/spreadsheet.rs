//! Every CSV vanban writes (the register, manifest.csv) is safe to open in
//! Excel or LibreOffice: a cell that starts like a formula (`=`, `+`, `-`,
//! `@`, tab, carriage return) gets a leading `'` and shows as text; vanban
//! reads its own files back unchanged.

mod common;

use common::*;

#[test]
fn formulas_in_cells_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let subject = "=HYPERLINK(\"http://x\";\"bấm\")";
    let doc = sample.replace(
        "trich_yeu: tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh",
        &format!("trich_yeu: '{subject}'"),
    );
    // The Phụ lục IV register puts the kind before the subject ("Công văn
    // V/v ="): a recipient is the cell that starts like a formula there.
    let doc = doc.replace(
        "  - Các sở, cơ quan thuộc UBND tỉnh",
        "  - '@Các sở, cơ quan thuộc UBND tỉnh'",
    );
    assert_ne!(doc, sample);
    std::fs::write(d.join("cv.yaml"), &doc).unwrap();
    std::fs::write(d.join("cv2.yaml"), doc.replace("so: 1956", "so: 1957")).unwrap();
    let o = vanban(
        d,
        &[
            "render",
            "cv.yaml",
            "--format",
            "pdf",
            "--so-dang-ky",
            "so.csv",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The register is read back (numbers, agencies) with the quoted cells.
    let o = vanban(
        d,
        &[
            "render",
            "cv2.yaml",
            "--format",
            "pdf",
            "--so-dang-ky",
            "so.csv",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let changed = doc.replace("trich_yeu: '", "trich_yeu: 'khác ");
    std::fs::write(d.join("cv.yaml"), changed).unwrap();
    let o = vanban(
        d,
        &[
            "render",
            "cv.yaml",
            "--format",
            "pdf",
            "--so-dang-ky",
            "so.csv",
        ],
    );
    // Number 1956 is still known: the changed document is frozen (issue
    // 15) and goes under a new name, outside the register.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("đã ban hành"), "{err}");
    assert!(d.join("cv-sua-doi-1.pdf").exists());

    let cells = |path: &std::path::Path| -> Vec<Vec<String>> {
        let bytes = std::fs::read(path).unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let formula = |c: &String| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let reg = cells(&d.join("so.csv"));
    assert_eq!(reg.len(), 3);
    assert_eq!(reg[1][2], format!("Công văn V/v {subject}"));
    assert!(reg[1][4].starts_with("'@Các sở"), "{:?}", reg[1]);
    assert!(reg.iter().flatten().all(|c| !formula(c)), "{reg:?}");

    let o = vanban(d, &["archive", "cv2.yaml", "-o", "kho"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest = cells(&d.join("kho/manifest.csv"));
    assert!(
        manifest
            .iter()
            .flatten()
            .any(|c| c == &format!("'{subject}")),
        "{manifest:?}"
    );
    assert!(
        manifest.iter().flatten().all(|c| !formula(c)),
        "{manifest:?}"
    );
    let o = vanban(d, &["verify", "kho"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
