//! Characters XML 1.0 forbids never reach a file: written as YAML escapes
//! they are a located error of `check` and `render` (nothing written), and
//! the writers drop any that reach them, so Word, LibreOffice and
//! python-docx always open the DOCX.

mod common;

use common::*;
use vanban::commands::cli::Format;
use vanban::engine::Renderer;
use vanban::render::fonts::FontOptions;
use vanban::render::PdfSettings;

const ESCAPES: [(&str, &str); 6] = [
    (r"\0", "U+0000"),
    (r"\x01", "U+0001"),
    (r"\x1b", "U+001B"),
    (r"\e", "U+001B"),
    (r"\v", "U+000B"),
    (r"\uFFFE", "U+FFFE"),
];

fn with_subject(subject: &str) -> String {
    std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace(
            "trich_yeu: tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh",
            &format!("trich_yeu: \"tăng cường{subject}quản lý\""),
        )
}

#[test]
fn escapes_of_forbidden_characters_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (escape, code) in ESCAPES {
        std::fs::write(dir.path().join("x.yaml"), with_subject(escape)).unwrap();
        for cmd in ["check", "render"] {
            let o = vanban(dir.path(), &[cmd, "x.yaml"]);
            let err = String::from_utf8_lossy(&o.stderr) + String::from_utf8_lossy(&o.stdout);
            assert_eq!(o.status.code(), Some(2), "{escape} {cmd}: {err}");
            assert!(err.contains(code), "{escape}: {err}");
            assert!(err.contains(&format!("`{escape}`")), "{escape}: {err}");
            assert!(err.contains("--> x.yaml:17:23"), "{escape}: {err}");
            assert!(err.contains("= trường: trich_yeu"), "{escape}: {err}");
        }
        assert!(!dir.path().join("x.pdf").exists() && !dir.path().join("x.docx").exists());
    }
}

/// Whatever reaches the writers (here the model itself carries the
/// characters), the DOCX and the PDF/A's XMP stay well-formed XML.
#[test]
fn the_writers_never_emit_a_forbidden_character() {
    let src = vanban::format::load::SourceFile::from_text(
        "x.yaml",
        &std::fs::read_to_string(root().join(SAMPLE)).unwrap(),
    );
    let mut doc = vanban::load_source(&src).unwrap();
    doc.subject = "a\u{0}b\u{1}c\u{1b}d\u{b}e\u{fffe}f\u{ffff}g".into();
    let printed = vanban::render::print::print(&doc);
    let renderer = Renderer::new(&FontOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("x.docx");
    let bytes = renderer
        .render(&doc, &printed, &[], Format::Docx, &PdfSettings::default())
        .unwrap();
    std::fs::write(&docx, bytes).unwrap();
    let out = python(
        "import sys, docx\nd = docx.Document(sys.argv[1])\nprint(d.core_properties.title)\n\
         print('\\n'.join(p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs))",
        &docx,
    );
    assert!(out.contains("abcdefg"), "{out}");
    let audit = tool("python3", &["-m", "openxml_audit", docx.to_str().unwrap()]);
    assert!(audit.status.success(), "{}", stdout(&audit));

    let pdfa = PdfSettings {
        pdfa: Some(vanban::model::PdfA::A2b),
        attachment: None,
    };
    // typst itself refuses such text in a PDF/A; our XMP fields come from
    // the model, so lay out the clean text and record the dirty one.
    let clean = vanban::load_source(&src).unwrap();
    let printed = vanban::render::print::print(&clean);
    let pdf = renderer
        .render(&doc, &printed, &[], Format::Pdf, &pdfa)
        .unwrap();
    let fields = vanban::render::xmp::read_fields(&pdf).unwrap();
    assert_eq!(fields["Subject"], "abcdefg");
    let p = dir.path().join("x.pdf");
    std::fs::write(&p, &pdf).unwrap();
    let q = tool("qpdf", &["--check", p.to_str().unwrap()]);
    assert!(q.status.success(), "{}", stdout(&q));
}
