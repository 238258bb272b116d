//! PDF/A output, `vanban archive` and `vanban verify`.

mod common;

use std::path::Path;

use common::*;

fn xmp(pdf: &Path) -> String {
    let o = tool("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
    assert!(o.status.success());
    stdout(&o)
}

fn pdfa_id(x: &str) -> (String, String) {
    let get = |name: &str| -> String {
        let open = format!("<pdfaid:{name}>");
        if let Some(i) = x.find(&open) {
            let rest = &x[i + open.len()..];
            return rest[..rest.find('<').unwrap()].to_string();
        }
        let attr = format!("pdfaid:{name}=\"");
        let i = x
            .find(&attr)
            .unwrap_or_else(|| panic!("no pdfaid:{name} in {x}"));
        let rest = &x[i + attr.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    (get("part"), get("conformance"))
}

#[test]
fn pdfa_levels_metadata_and_our_fields() {
    for (flag, part, conf) in [
        ("--pdfa", "2", "B"),
        ("--pdfa=2u", "2", "U"),
        ("--pdfa=3b", "3", "B"),
    ] {
        let (_d, pdf, _) = render_ok(&root().join(SAMPLE), &["--format", "pdf", flag]);
        let x = xmp(&pdf);
        assert_eq!(pdfa_id(&x), (part.to_string(), conf.to_string()), "{flag}");
        for field in [
            "<nd30:TypeName>Công văn</nd30:TypeName>",
            "<nd30:CodeNumber>1956</nd30:CodeNumber>",
            "<nd30:CodeNotation>UBND-KTTH</nd30:CodeNotation>",
            "<nd30:IssuedDate>2024-04-19</nd30:IssuedDate>",
            "<nd30:OrganName>ỦY BAN NHÂN DÂN TỈNH BẮC GIANG</nd30:OrganName>",
            "<nd30:PageAmount>4</nd30:PageAmount>",
            "<nd30:SignerFullName>Phan Thế Tuấn</nd30:SignerFullName>",
            "<rdf:li>Công an tỉnh</rdf:li>",
            "<pdfaSchema:prefix>nd30</pdfaSchema:prefix>",
        ] {
            assert!(x.contains(field), "{flag}: XMP lacks {field}");
        }
        let p = pdf.to_str().unwrap();
        let info = stdout(&tool("pdfinfo", &[p]));
        assert!(
            info.contains("Title:           tăng cường quản lý"),
            "{info}"
        );
        assert!(info.contains("Author:          ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"));
        assert!(
            info.contains("CreationDate:    Fri Apr 19 00:00:00 2024"),
            "{info}"
        );
        let fonts = stdout(&tool("pdffonts", &[p]));
        assert!(
            fonts
                .lines()
                .skip(2)
                .all(|l| l.split_whitespace().rev().nth(4) == Some("yes")),
            "{fonts}"
        );
        let q = tool("qpdf", &["--check", p]);
        assert!(q.status.success(), "{flag}: {}", stdout(&q));
    }
}

#[test]
fn document_can_ask_for_pdfa_and_output_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let y = std::fs::read_to_string(root().join(SAMPLE)).unwrap() + "pdfa: true\n";
    std::fs::write(dir.path().join("a.yaml"), &y).unwrap();
    let (_d1, pdf1, docx1) = render_ok(&dir.path().join("a.yaml"), &[]);
    let (_d2, pdf2, docx2) = render_ok(&dir.path().join("a.yaml"), &[]);
    assert_eq!(pdfa_id(&xmp(&pdf1)), ("2".into(), "B".into()));
    assert_eq!(std::fs::read(&pdf1).unwrap(), std::fs::read(&pdf2).unwrap());
    assert_eq!(
        std::fs::read(&docx1).unwrap(),
        std::fs::read(&docx2).unwrap()
    );
}

/// An archive of the sample and a second document.
fn make_archive(extra_args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("nguon");
    std::fs::create_dir(&src).unwrap();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    std::fs::write(src.join("cv-ccn.yaml"), &sample).unwrap();
    std::fs::write(
        src.join("cv-2.yaml"),
        sample
            .replace("so: 1956", "so: 7")
            .replace("ngay: 2024-04-19", "ngay: 2024-05-02"),
    )
    .unwrap();
    let mut args = vec!["archive", "nguon", "-o", "kho"];
    args.extend_from_slice(extra_args);
    let o = vanban(dir.path(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let kho = dir.path().join("kho");
    (dir, kho)
}

fn verify(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut a = vec!["verify", "kho"];
    a.extend_from_slice(args);
    let o = vanban(dir, &a);
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn archive_names_files_and_writes_matching_manifests() {
    let (dir, kho) = make_archive(&[]);
    let a = kho.join("2024-1956-UBND-KTTH.pdf");
    let b = kho.join("2024-07-UBND-KTTH.pdf");
    assert!(a.exists() && b.exists());
    assert_eq!(pdfa_id(&xmp(&a)), ("2".into(), "B".into()));

    let out = python(
        "import sys, json, hashlib, csv, os, xml.etree.ElementTree as ET\n\
         d = sys.argv[1]\n\
         m = json.load(open(os.path.join(d, 'manifest.json')))\n\
         for e in m['documents']:\n\
         \x20   h = hashlib.sha256(open(os.path.join(d, e['File']), 'rb').read()).hexdigest()\n\
         \x20   print(e['File'], h == e['Sha256'], e['CodeNumber'], e['IssuedDate'], e['PageAmount'], e['Source'])\n\
         rows = list(csv.DictReader(open(os.path.join(d, 'manifest.csv'), encoding='utf-8-sig')))\n\
         print(len(rows), rows[0]['Subject'], rows[1]['Sha256'] == m['documents'][1]['Sha256'])\n\
         x = ET.parse(os.path.join(d, 'manifest.xml')).getroot()\n\
         print(len(x.findall('VanBan')), x.find('VanBan/CodeNotation').text, len(x.findall('VanBan/To/OrganName')))",
        &kho,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0], "2024-07-UBND-KTTH.pdf True 07 2024-05-02 4 cv-2.yaml",
        "{out}"
    );
    assert_eq!(
        lines[1], "2024-1956-UBND-KTTH.pdf True 1956 2024-04-19 4 cv-ccn.yaml",
        "{out}"
    );
    assert_eq!(
        lines[2],
        "2 tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh True"
    );
    assert_eq!(lines[3], "2 UBND-KTTH 8");

    // Archiving again changes nothing; the same name with other content is refused.
    let before = std::fs::read(&a).unwrap();
    let o = vanban(dir.path(), &["archive", "nguon", "-o", "kho"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    std::fs::write(
        dir.path().join("khac.yaml"),
        sample.replace("Phan Thế Tuấn", "Nguyễn Văn B"),
    )
    .unwrap();
    let o = vanban(dir.path(), &["archive", "khac.yaml", "-o", "kho"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2024-1956-UBND-KTTH.pdf") && err.contains("không ghi đè"),
        "{err}"
    );
    assert_eq!(std::fs::read(&a).unwrap(), before);
    assert_eq!(verify(dir.path(), &[]).0, 0);
}

#[test]
fn a_draft_cannot_be_pdfa() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        sample.replace("ngay: 2024-04-19", "ngay: 2024-04"),
    )
    .unwrap();
    let o = vanban(dir.path(), &["render", "d.yaml", "--pdfa"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("PDF/A cần ngày ban hành đầy đủ") && err.contains("= trường: ngay"),
        "{err}"
    );
    assert!(!dir.path().join("d.pdf").exists() && !dir.path().join("d.docx").exists());
}

#[test]
fn drafts_are_not_archived() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    std::fs::write(
        dir.path().join("du-thao.yaml"),
        sample.replace("so: 1956", "so:"),
    )
    .unwrap();
    let o = vanban(dir.path(), &["archive", "du-thao.yaml", "-o", "kho"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bản dự thảo"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("kho"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "pdf")
            })
            .count(),
        0
    );
}

#[test]
fn verify_catches_every_kind_of_change() {
    let (dir, kho) = make_archive(&[]);
    let (code, out) = verify(dir.path(), &["--nguon", "nguon"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("kho nguyên vẹn: 2 văn bản"), "{out}");

    // A flipped byte.
    let a = kho.join("2024-1956-UBND-KTTH.pdf");
    let mut bytes = std::fs::read(&a).unwrap();
    let original = bytes.clone();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&a, &bytes).unwrap();
    let (code, out) = verify(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        out.contains("2024-1956-UBND-KTTH.pdf: nội dung đã thay đổi"),
        "{out}"
    );
    std::fs::write(&a, &original).unwrap();

    // A deleted file and an extra one.
    let b = kho.join("2024-07-UBND-KTTH.pdf");
    let b_bytes = std::fs::read(&b).unwrap();
    std::fs::remove_file(&b).unwrap();
    std::fs::write(kho.join("la.pdf"), b"%PDF-1.7").unwrap();
    let (code, out) = verify(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(out.contains("2024-07-UBND-KTTH.pdf: thiếu tệp"), "{out}");
    assert!(out.contains("la.pdf: tệp thừa"), "{out}");
    std::fs::write(&b, &b_bytes).unwrap();
    std::fs::remove_file(kho.join("la.pdf")).unwrap();
    assert_eq!(verify(dir.path(), &[]).0, 0);

    // An edited manifest: the subject no longer matches the PDF's XMP, and
    // the CSV and XML no longer match the JSON.
    let m = kho.join("manifest.json");
    let json = std::fs::read_to_string(&m).unwrap();
    std::fs::write(
        &m,
        json.replacen("tăng cường quản lý", "tăng cường QUẢN LÝ", 1),
    )
    .unwrap();
    let (code, out) = verify(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(out.contains("siêu dữ liệu Subject"), "{out}");
    assert!(out.contains("manifest.csv: không khớp"), "{out}");
    std::fs::write(&m, &json).unwrap();

    // A changed source no longer rebuilds the archived bytes.
    let src = dir.path().join("nguon/cv-2.yaml");
    let s = std::fs::read_to_string(&src).unwrap();
    std::fs::write(&src, s.replace("Phan Thế Tuấn", "Phan Thế Tuân")).unwrap();
    let (code, out) = verify(dir.path(), &["--nguon", "nguon"]);
    assert_eq!(code, 2);
    assert!(out.contains("2024-07-UBND-KTTH.pdf: tệp nguồn"), "{out}");
    assert!(out.contains("dựng lại từ nguồn cho kết quả khác"), "{out}");
}

#[test]
fn attached_source_extracts_identical() {
    let (dir, kho) = make_archive(&["--kem-nguon"]);
    let a = kho.join("2024-1956-UBND-KTTH.pdf");
    assert_eq!(pdfa_id(&xmp(&a)), ("3".into(), "B".into()));
    let list = stdout(&tool("pdfdetach", &["-list", a.to_str().unwrap()]));
    assert!(list.contains("cv-ccn.yaml"), "{list}");
    let out = dir.path().join("ra.yaml");
    let o = tool(
        "pdfdetach",
        &[
            "-save",
            "1",
            "-o",
            out.to_str().unwrap(),
            a.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(dir.path().join("nguon/cv-ccn.yaml")).unwrap()
    );
    assert!(tool("qpdf", &["--check", a.to_str().unwrap()])
        .status
        .success());
    let (code, out) = verify(dir.path(), &["--nguon", "nguon"]);
    assert_eq!(code, 0, "{out}");
    let o = vanban(
        dir.path(),
        &[
            "archive",
            "nguon",
            "-o",
            "kho2",
            "--kem-nguon",
            "--pdfa",
            "2b",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "PDF/A-2 cannot carry attachments");
}

/// A folder of real work holds directives and their progress files (YAML
/// with `tien_do:`, or CSV): the documents are archived, each progress file
/// is skipped with one note, and the run succeeds.
#[test]
fn a_folder_with_progress_files_archives_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("ho-so");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(root().join(SAMPLE), src.join("cv.yaml")).unwrap();
    std::fs::copy(
        root().join("samples/tien-do-ccn.yaml"),
        src.join("tien-do.yaml"),
    )
    .unwrap();
    std::fs::write(
        src.join("tien-do.csv"),
        "don_vi,nhiem_vu,trang_thai\nSở Công Thương,1.1,da_hoan_thanh\n",
    )
    .unwrap();
    let o = vanban(
        dir.path(),
        &["archive", "ho-so", "ho-so/tien-do.csv", "-o", "kho"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for skipped in ["tien-do.yaml", "tien-do.csv"] {
        let notes = err
            .lines()
            .filter(|l| l.starts_with("bỏ qua") && l.contains(skipped))
            .count();
        assert_eq!(notes, 1, "{skipped}: {err}");
    }
    assert!(dir.path().join("kho/2024-1956-UBND-KTTH.pdf").exists());
    let m: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("kho/manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(m["documents"].as_array().unwrap().len(), 1);

    // And the project's own samples folder, as the README says.
    let o = vanban(
        &root(),
        &[
            "archive",
            "samples",
            "-o",
            dir.path().join("kho2").to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// One `verify` run reports every problem, each on its line, and a source
/// that no longer loads with all of its errors.
#[test]
fn verify_reports_every_problem_in_one_run() {
    let (dir, kho) = make_archive(&[]);
    let a = kho.join("2024-1956-UBND-KTTH.pdf");
    let mut bytes = std::fs::read(&a).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&a, &bytes).unwrap();
    std::fs::remove_file(kho.join("2024-07-UBND-KTTH.pdf")).unwrap();
    std::fs::write(kho.join("la.pdf"), b"%PDF-1.7").unwrap();
    std::fs::write(kho.join("manifest.xml"), b"<x/>").unwrap();
    let src = dir.path().join("nguon/cv-ccn.yaml");
    let s = std::fs::read_to_string(&src).unwrap();
    std::fs::write(
        &src,
        s.replace("ngay: 2024-04-19", "ngay: 2024-13-45")
            .replace("ho_ten: Phan Thế Tuấn", "ho_ten: \"\""),
    )
    .unwrap();
    let (code, out) = verify(dir.path(), &["--nguon", "nguon"]);
    assert_eq!(code, 2, "{out}");
    for part in [
        "2024-1956-UBND-KTTH.pdf: nội dung đã thay đổi",
        "2024-07-UBND-KTTH.pdf: thiếu tệp",
        "la.pdf: tệp thừa",
        "manifest.xml: không khớp",
        "2024-1956-UBND-KTTH.pdf: không dựng lại được từ nguồn",
    ] {
        assert!(out.contains(part), "{part}: {out}");
    }
    let rebuild = out
        .lines()
        .find(|l| l.contains("không dựng lại được"))
        .unwrap();
    assert!(
        rebuild.matches("dòng ").count() >= 2,
        "every source error: {rebuild}"
    );
    assert!(out.contains("vấn đề trong kho"), "{out}");
}
