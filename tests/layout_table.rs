//! One source of truth for the layout: every text style, margin and label
//! of `render::layout::ND30` is walked and found, as that number, in both
//! outputs of a set of samples that use every component.

mod common;

use common::*;
use vanban::render::layout::{half_points, pt_twips, twips, ND30};

const SAMPLES: [&str; 8] = [
    "cong-van-ccn-bac-giang.yaml",
    "cong-van-bao-cao-hai-phu-luc.yaml",
    "cong-dien-ung-pho-bao.yaml",
    "thong-bao-ket-luan-hop.yaml",
    "quyet-dinh-ban-hanh-quy-che.yaml",
    "bao-cao-thong-ke-cum-cong-nghiep.yaml",
    "ban-sao-y-quyet-dinh.yaml",
    "bien-ban-hop-to-cong-tac.yaml",
];

#[test]
fn every_layout_number_is_found_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["render".to_string()];
    args.extend(
        SAMPLES
            .iter()
            .map(|s| root().join("samples").join(s).display().to_string()),
    );
    args.extend([
        "-o".into(),
        dir.path().display().to_string(),
        "--no-system-fonts".into(),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = vanban(&root(), &refs);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // What the PDFs set: (size, bold, italic) of every text line.
    let mut pdf_styles: Vec<(f64, bool, bool)> = Vec::new();
    // What the DOCX files set: every part's XML, joined.
    let mut docx = String::new();
    for s in SAMPLES {
        let stem = s.trim_end_matches(".yaml");
        let pdf = dir.path().join(format!("{stem}.pdf"));
        pdf_styles.extend(pdf_lines(&pdf).iter().map(|l| (l.size, l.bold, l.italic)));
        // Every XML part under word/: body, footnotes, headers, footers.
        let d = dir.path().join(format!("{stem}.docx"));
        let mut z = zip::ZipArchive::new(std::fs::File::open(&d).unwrap()).unwrap();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            if f.name().starts_with("word/") && f.name().ends_with(".xml") {
                std::io::Read::read_to_string(&mut f, &mut docx).unwrap();
            }
        }
    }
    let layout = serde_json::to_value(&ND30).unwrap();
    let mut checked = 0;
    for (name, v) in layout.as_object().unwrap() {
        let Some(size) = v.get("size").and_then(|x| x.as_f64()) else {
            continue;
        };
        let bold = v["bold"].as_bool().unwrap();
        let italic = v["italic"].as_bool().unwrap();
        let pitch = v["pitch"].as_f64().unwrap();
        // The PDF: poppler reports sizes to the point.
        assert!(
            pdf_styles
                .iter()
                .any(|(s, b, i)| (s - size).abs() < 1.0 && *b == bold && *i == italic),
            "layout.{name} ({size} pt, bold {bold}, italic {italic}) is in no PDF line"
        );
        // The DOCX: the same size in half-points and the same exact pitch.
        assert!(
            docx.contains(&format!("<w:sz w:val=\"{}\" />", half_points(size))),
            "layout.{name}: no w:sz {}",
            half_points(size)
        );
        assert!(
            docx.contains(&format!("w:line=\"{}\"", pt_twips(pitch))),
            "layout.{name}: no exact line pitch {pitch} pt"
        );
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} text styles walked");

    // Margins: the DOCX section and the PDF's text edges.
    for (key, mm) in [
        ("w:top", ND30.margin_top),
        ("w:bottom", ND30.margin_bottom),
        ("w:left", ND30.margin_left),
        ("w:right", ND30.margin_right),
    ] {
        assert!(
            docx.contains(&format!("{key}=\"{}\"", twips(mm))),
            "{key} {mm} mm"
        );
    }
    let lines = pdf_lines(&dir.path().join("cong-van-ccn-bac-giang.pdf"));
    let left = lines
        .iter()
        .filter(|l| l.size == ND30.body.size)
        .map(|l| l.left)
        .fold(f64::MAX, f64::min);
    assert!(
        (left - ND30.margin_left * 72.0 / 25.4).abs() < 1.0,
        "body left edge {left}"
    );
    // The one label both writers print.
    let text = squash(&pdf_text(
        &dir.path().join("cong-van-ccn-bac-giang.pdf"),
        None,
    ));
    assert!(text.contains(ND30.recipients_label));
    assert!(docx.contains(ND30.recipients_label));
}
