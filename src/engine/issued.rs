//! What an issued document is (issue 15): rendered once by `vanban
//! issue`, entered in the register with its PDF's SHA-256, and from then
//! on frozen.
//!
//! The issued PDF is a PDF/A (the document's own `pdfa:` level, else 2b)
//! set in the bundled fonts only (and `--font-dir`), as `archive` does: so
//! the same YAML gives the same bytes on any machine, and anyone can check
//! the register's hash by rendering again. `render` and `edxml` render an
//! issued document the same way to compare it with the register.

use std::path::{Path, PathBuf};

use crate::engine::register::{self, Row, Sequence};
use crate::model::{Document, PdfA};
use crate::render::fonts::FontOptions;
use crate::render::PdfSettings;

/// The fonts an issued document is set in: the bundled ones and the
/// folders named with `--font-dir`, never the system's.
pub fn fonts(dirs: &[PathBuf]) -> FontOptions {
    FontOptions {
        dirs: dirs.to_vec(),
        system: false,
    }
}

/// The PDF settings of an issued document.
pub fn pdf_settings(doc: &Document) -> PdfSettings {
    PdfSettings {
        pdfa: Some(doc.pdfa.unwrap_or(PdfA::A2b)),
        attachment: None,
        // The issued PDF is the electronic original that the signer and
        // the agency sign next (Phụ lục I): it always carries the empty
        // field `NguoiKy`, with or without `ky_so:`, so that signing never
        // needs a re-render (which would make it differ from the register).
        signable: true,
    }
}

/// What the register says about a numbered, dated document whose PDF is
/// named `pdf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Not in the register.
    NotIssued,
    /// Issued as `pdf`: the row.
    Issued(Row),
    /// Its number is taken by another file in its sequence.
    NumberTaken(Row),
}

/// Look a document up in the register's rows.
pub fn standing(rows: &[Row], doc: &Document, pdf: &str) -> Standing {
    if doc.is_draft() {
        return Standing::NotIssued;
    }
    let Some(number) = &doc.number else {
        return Standing::NotIssued;
    };
    match register::find(rows, &Sequence::of(doc), number) {
        Some(r) if r.file == pdf => Standing::Issued(r.clone()),
        Some(r) => Standing::NumberTaken(r.clone()),
        None => Standing::NotIssued,
    }
}

/// The rows of every register in `dir`: the `*.csv` files whose header is
/// a register's. A CSV that is not a register (a progress file, a
/// manifest) or that does not read is passed by: this only looks for
/// issued documents when no register is named.
pub fn registers_in(dir: &Path) -> Vec<Row> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut csvs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .collect();
    csvs.sort();
    csvs.iter()
        .filter(|p| register::looks_like_register(p))
        .filter_map(|p| register::read(p).ok())
        .flat_map(|(_, rows, _)| rows)
        .collect()
}

/// The first free name for the files of a document changed after issue:
/// `<stem>-sua-doi-1.pdf`, `-sua-doi-2`, … — a name whose files do not
/// exist yet, or whose PDF already holds exactly `pdf_bytes` (the same
/// change rendered again). Never the issued file's name.
pub fn amended_stem(dir: &Path, stem: &str, pdf_bytes: &[u8]) -> String {
    for n in 1.. {
        let candidate = format!("{stem}-sua-doi-{n}");
        let pdf = dir.join(format!("{candidate}.pdf"));
        match std::fs::read(&pdf) {
            Ok(existing) if existing == pdf_bytes => return candidate,
            Ok(_) => continue,
            Err(_) if dir.join(format!("{candidate}.docx")).exists() => continue,
            Err(_) => return candidate,
        }
    }
    unreachable!("an unbounded range always yields")
}
