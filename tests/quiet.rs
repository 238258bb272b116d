//! Outputs open quietly: poppler and qpdf print nothing on stderr for any
//! PDF we write — every sample, plain and PDF/A, the archive copies and the
//! reminder letters. poppler 22 used to say "Syntax Error: Suspects object
//! is wrong type (boolean)" for every file.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// Every reader is silent on stderr and succeeds.
fn assert_quiet(pdf: &Path) {
    let p = pdf.to_str().unwrap();
    for (name, args) in [
        ("pdftotext", vec![p, "/dev/null"]),
        ("pdfinfo", vec![p]),
        ("pdffonts", vec![p]),
        ("qpdf", vec!["--check", p]),
    ] {
        let o = tool(name, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{name} {p}: {err}{}", stdout(&o));
        assert!(err.trim().is_empty(), "{name} {p} printed: {err}");
    }
}

fn run_ok(dir: &Path, args: &[&str]) {
    let o = vanban(dir, args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_pdf_we_write_opens_without_a_word_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let samples = root().join("samples");
    let s = samples.to_str().unwrap();
    run_ok(
        &root(),
        &[
            "render",
            s,
            "-o",
            &format!("{d}/ban"),
            "--format",
            "pdf",
            "--no-system-fonts",
        ],
    );
    run_ok(
        &root(),
        &[
            "render",
            s,
            "-o",
            &format!("{d}/pdfa"),
            "--format",
            "pdf",
            "--pdfa",
            "--no-system-fonts",
        ],
    );
    // The samples folder holds directives and their progress file: archived
    // as is (the progress file is skipped with a note).
    run_ok(&root(), &["archive", s, "-o", &format!("{d}/kho")]);
    let directive = root().join(SAMPLE);
    let progress = root().join("samples/tien-do-ccn.yaml");
    run_ok(
        &root(),
        &[
            "remind",
            directive.to_str().unwrap(),
            "--tien-do",
            progress.to_str().unwrap(),
            "--ngay",
            "2024-06-20",
            "-o",
            &format!("{d}/don-doc"),
            "--no-system-fonts",
        ],
    );
    let mut n = 0;
    for sub in ["ban", "pdfa", "kho", "don-doc"] {
        let files = pdfs(&dir.path().join(sub));
        assert!(!files.is_empty(), "{sub}: no PDF");
        for pdf in files {
            assert_quiet(&pdf);
            n += 1;
        }
    }
    assert!(n >= 50, "{n} PDFs checked");
}
