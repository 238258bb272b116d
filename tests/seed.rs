//! The sample reproduces the seed directive: every word of the text
//! extracted from the original PDF comes back, in order, from our PDF and
//! from LibreOffice's rendering of our DOCX.

mod common;

use common::*;

/// The seed split into its body (from "Kính gửi" to the closing "./.") and
/// its footnotes. In the extraction a footnote block follows a line of
/// spaces and runs to the first line of the next page, which starts with a
/// space.
fn seed() -> (String, Vec<String>) {
    // The extraction has decomposed marks ("lưu ý" with U+0301): NFC, as
    // vanban normalises its input.
    let text = vanban::text::vn::nfc(
        &std::fs::read_to_string(root().join("tests/data/seed-cong-van-ccn.txt")).unwrap(),
    );
    let mut body = String::new();
    let mut notes: Vec<String> = Vec::new();
    let mut in_notes = false;
    for l in text.lines() {
        if l.len() > 10 && l.trim().is_empty() {
            in_notes = true;
            continue;
        }
        if in_notes
            && l.starts_with(' ')
            && l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii_digit())
        {
            in_notes = false;
        }
        if in_notes {
            let t = l.trim();
            match t.split_once(' ') {
                Some((n, rest))
                    if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() && n.len() == 1 =>
                {
                    notes.push(rest.to_string())
                }
                _ if !t.is_empty() => {
                    let last = notes.last_mut().expect("footnote continuation");
                    last.push(' ');
                    last.push_str(t);
                }
                _ => {}
            }
        } else {
            body.push_str(l);
            body.push('\n');
        }
    }
    // "Kính gửi::" is an extraction artefact; stop before the signature
    // block, whose two columns come back interleaved.
    let body = body.replace("Kính gửi::", "Kính gửi:");
    let end = body.find("Nơi nhận:").unwrap();
    (body[..end].to_string(), notes)
}

fn check_against_seed(pdf_text: &str, what: &str) {
    let (body, notes) = seed();
    assert_eq!(notes.len(), 3);
    let toks = tokens(pdf_text);
    assert_in_order(&toks, &tokens(&body), 0, what);
    for n in &notes {
        assert_in_order(&toks, &tokens(n), 0, what);
    }
    let flat = squash(pdf_text);
    for key in [
        "Nơi nhận:",
        "- Như trên;",
        "- TT Tỉnh ủy, TT HĐND tỉnh;",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Văn phòng UBND tỉnh:",
        "+ LĐVP, TH, KTN, KTTH, TTTT;",
        "+ Lưu: VT, KTTH.Bình",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phan Thế Tuấn",
    ] {
        assert!(flat.contains(key), "{what}: missing {key:?}");
    }
}

#[test]
fn pdf_reproduces_the_seed() {
    let (_dir, pdf, _) = render_ok(&root().join(SAMPLE), &["--format", "pdf"]);
    check_against_seed(&pdf_text(&pdf, None), "PDF");
}

#[test]
fn docx_reproduces_the_seed() {
    let (dir, _, docx) = render_ok(&root().join(SAMPLE), &["--format", "docx"]);
    let lo = soffice_pdf(&docx, &dir.path().join("lo"));
    check_against_seed(&pdf_text(&lo, None), "DOCX via LibreOffice");
}
