//! Arbitrary bytes through the whole pipeline, as `render` runs it, with
//! the promises checked: the one body of the cargo-fuzz target
//! (`fuzz/fuzz_targets/render_both.rs`), the mutation corpus and the replay
//! of the fuzz corpus in the ordinary tests (`tests/mutations.rs`).

use crate::commands::cli::Format;
use crate::diag::Diagnostic;
use crate::engine::Renderer;
use crate::render::PdfSettings;

/// What became of one input.
#[derive(Debug)]
pub enum Trial {
    /// Accepted, and both writers produced their file.
    Rendered,
    /// Refused with these diagnostics (nothing would be written).
    Rejected(Vec<Diagnostic>),
}

/// Run `bytes` (a file named `name`) through decoding, parsing,
/// validation, the ND30 rules, printing and both writers. `Err` names a
/// broken promise:
///
/// - a rejection without a message, or without a line in the file when
///   the YAML itself is at fault;
/// - a writer failing on a document the rules accepted (typst's own
///   panics on odd character sequences come back as a clean error, which is
///   allowed);
/// - a DOCX part holding a character XML 1.0 forbids.
///
/// A panic anywhere is a broken promise too; the caller catches it.
pub fn trial(renderer: &Renderer, name: &str, bytes: &[u8]) -> Result<Trial, String> {
    let src = match crate::format::load::decode(std::path::Path::new(name), bytes.to_vec()) {
        Ok(s) => s,
        Err(d) => return rejected(d),
    };
    let (doc, _warnings) = match crate::load_checked(&src, &Default::default()) {
        Ok(x) => x,
        Err(d) => return rejected(d),
    };
    let printed = crate::render::print::print(&doc);
    // Images are read from beside the named file; a missing one is a
    // located rejection like any other.
    let images = match super::images_for(std::path::Path::new(name), &printed) {
        Ok(i) => i,
        Err(d) => return rejected(vec![d]),
    };
    let docx = renderer
        .render(
            &doc,
            &printed,
            &images,
            Format::Docx,
            &PdfSettings::default(),
        )
        .map_err(|e| format!("DOCX writer failed on an accepted document: {e}"))?;
    clean_docx(&docx)?;
    match renderer.render(
        &doc,
        &printed,
        &images,
        Format::Pdf,
        &PdfSettings::default(),
    ) {
        Ok(pdf) if pdf.starts_with(b"%PDF") => {}
        Ok(_) => return Err("the PDF writer returned something else than a PDF".into()),
        Err(e) if e.to_string().contains("lỗi nội bộ của typst") => {}
        Err(e) => return Err(format!("PDF writer failed on an accepted document: {e}")),
    }
    Ok(Trial::Rendered)
}

fn rejected(diags: Vec<Diagnostic>) -> Result<Trial, String> {
    if diags.is_empty() {
        return Err("rejected without a message".into());
    }
    for d in &diags {
        if d.message.trim().is_empty() {
            return Err(format!("a diagnostic without a message: {d:?}"));
        }
        let _ = d.to_string();
    }
    if !diags.iter().any(|d| d.pos.line > 0) {
        return Err(format!(
            "rejected without a location: {}",
            diags[0].to_string().trim_end()
        ));
    }
    Ok(Trial::Rejected(diags))
}

/// Every XML part of a DOCX holds only characters XML 1.0 allows.
fn clean_docx(docx: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx))
        .map_err(|e| format!("the DOCX is not a zip archive: {e}"))?;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| e.to_string())?;
        let mut text = String::new();
        part.read_to_string(&mut text)
            .map_err(|e| format!("{}: not UTF-8 ({e})", part.name()))?;
        if let Some(c) = text.chars().find(|&c| !crate::text::xml::is_xml_char(c)) {
            return Err(format!("{} holds U+{:04X}", part.name(), c as u32));
        }
    }
    Ok(())
}
