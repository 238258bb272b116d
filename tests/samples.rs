//! Every sample in `samples/`, rendered in one run into both formats, and
//! read back by the real clients: poppler and qpdf for the PDF;
//! openxml-audit, python-docx and LibreOffice for the DOCX. The DOCX,
//! converted by LibreOffice, must carry the same words as our PDF.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

/// The documents among the samples (progress files are not documents).
fn documents() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| !std::fs::read_to_string(p).unwrap().contains("\ntien_do:"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// Words of a text as a multiset, without the numbers alone on a line
/// (page numbers), so that two renderings of one document compare alike.
fn words(text: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for line in text.lines() {
        if line.trim().chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        for t in tokens(line) {
            *m.entry(t).or_insert(0) += 1;
        }
    }
    m
}

fn render_all(out: &Path) {
    let o = vanban(
        &root(),
        &[
            "render",
            "samples",
            "-o",
            out.to_str().unwrap(),
            "--no-system-fonts",
        ],
    );
    assert!(
        o.status.success(),
        "render samples: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_sample_renders_and_real_clients_accept_both_files() {
    let docs = documents();
    assert!(docs.len() >= 16, "one sample per main kind: {docs:?}");
    let dir = tempfile::tempdir().unwrap();
    render_all(dir.path());
    let path = |stem: &str, ext: &str| dir.path().join(format!("{stem}.{ext}"));

    for stem in &docs {
        let pdf = path(stem, "pdf");
        let p = pdf.to_str().unwrap();
        let info = stdout(&tool("pdfinfo", &[p]));
        assert!(
            info.contains("Page size:       595.276 x 841.89 pts (A4)"),
            "{stem}: {info}"
        );
        let fonts = stdout(&tool("pdffonts", &[p]));
        for row in fonts.lines().skip(2) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(
                cols.len() >= 5 && cols[cols.len() - 5] == "yes",
                "{stem}: font not embedded: {row}"
            );
        }
        assert!(fonts.contains("LiberationSerif"), "{stem}: {fonts}");
        let q = tool("qpdf", &["--check", p]);
        assert!(q.status.success(), "{stem}: {}", stdout(&q));
    }

    // openxml-audit: 0 errors in each DOCX. One run per file: in a
    // recursive run, openxml-audit's json report carries one file's
    // footnote ids over to the next and reports errors that a run on the
    // file alone does not.
    let docx_dir = dir.path().join("docx");
    std::fs::create_dir(&docx_dir).unwrap();
    for stem in &docs {
        let f = docx_dir.join(format!("{stem}.docx"));
        std::fs::copy(path(stem, "docx"), &f).unwrap();
        let audit = tool(
            "python3",
            &["-m", "openxml_audit", "-o", "json", f.to_str().unwrap()],
        );
        let report: serde_json::Value = serde_json::from_slice(&audit.stdout)
            .unwrap_or_else(|e| panic!("openxml-audit output: {e}: {}", stdout(&audit)));
        let files = report.as_array().cloned().unwrap_or_else(|| vec![report]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0]["error_count"], 0, "{stem}: {:#}", files[0]);
    }

    // python-docx reads every one, and finds the signer's name.
    let names = python(
        "import sys, glob, os, docx\n\
         for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.docx'))):\n\
         \x20   d = docx.Document(f)\n\
         \x20   cells = [c.text for t in d.tables for r in t.rows for c in r.cells]\n\
         \x20   print(os.path.basename(f), len(d.paragraphs) + len(cells))",
        &docx_dir,
    );
    assert_eq!(names.lines().count(), docs.len(), "{names}");

    // LibreOffice converts every DOCX; its PDF has the same words as ours.
    let lo_dir = dir.path().join("lo");
    std::fs::create_dir(&lo_dir).unwrap();
    let mut args: Vec<String> = vec![
        format!(
            "-env:UserInstallation=file://{}/lo-profile",
            dir.path().display()
        ),
        "--headless".into(),
        "--convert-to".into(),
        "pdf".into(),
        "--outdir".into(),
        lo_dir.to_str().unwrap().into(),
    ];
    args.extend(
        docs.iter()
            .map(|s| docx_dir.join(format!("{s}.docx")).display().to_string()),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = tool("soffice", &refs);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for stem in &docs {
        let lo: PathBuf = lo_dir.join(format!("{stem}.pdf"));
        assert!(lo.exists(), "LibreOffice did not convert {stem}");
        let ours = words(&pdf_text(&path(stem, "pdf"), None));
        let theirs = words(&pdf_text(&lo, None));
        let diff: Vec<String> = ours
            .keys()
            .chain(theirs.keys())
            .filter(|k| ours.get(*k) != theirs.get(*k))
            .map(|k| format!("{k}: {:?} vs {:?}", ours.get(k), theirs.get(k)))
            .collect();
        assert!(
            diff.is_empty(),
            "{stem}: PDF vs DOCX words differ: {diff:?}"
        );
    }
}

#[test]
fn every_sample_passes_the_rules_without_warnings() {
    let o = vanban(&root(), &["check", "--strict", "samples"]);
    assert!(
        o.status.success(),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
}
