//! What an issued document is (issue 15): rendered once by `vanban
//! issue`, entered in the register with its PDF's SHA-256, and from then
//! on frozen.
//!
//! The issued PDF is a PDF/A (the document's own `pdfa:` level, else 2b)
//! set in the bundled fonts only (and `--font-dir`), as `archive` does: so
//! the same YAML gives the same bytes on any machine, and anyone can check
//! the register's hash by rendering again. `render` and `edxml` render an
//! issued document the same way to compare it with the register.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Pos};
use crate::engine::register::{self, Register, Row, Sequence};
use crate::engine::Error;
use crate::format::load::SourceFile;
use crate::format::raw::RawDocument;
use crate::model::{Document, PdfA};
use crate::render::fonts::FontOptions;
use crate::render::PdfSettings;
use crate::rules::Code;

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

/// The registers that cover a batch of documents, read once each, by the
/// documents' folders: `--so-dang-ky` for every input, else the
/// `so_dang_ky` of each folder's project file, else the registers beside
/// the document (and in `-o`), so that a plain `vanban render` never
/// writes over an issued file and `check` sees the numbers given.
#[derive(Default)]
pub struct Registers {
    by_dir: HashMap<PathBuf, Arc<Vec<Row>>>,
}

impl Registers {
    pub fn load(
        files: &[PathBuf],
        given: Option<&Register>,
        out_dir: Option<&Path>,
    ) -> Result<Registers, Error> {
        let mut by_dir = HashMap::new();
        let mut by_path: HashMap<PathBuf, Arc<Vec<Row>>> = HashMap::new();
        let given_rows = match given {
            Some(reg) => {
                let mut notes = Vec::new();
                let r = reg.rows(&mut notes).map_err(|d| Error::Input(vec![d]))?;
                Some(Arc::new(r))
            }
            None => None,
        };
        for f in files {
            let dir = folder_of(f);
            if by_dir.contains_key(&dir) {
                continue;
            }
            let rows = match &given_rows {
                Some(r) => Some(r.clone()),
                None => {
                    let project = crate::format::project::for_document(f).map_err(Error::Input)?;
                    match project.and_then(|p| p.register()) {
                        Some(path) if path.exists() => {
                            let key = std::fs::canonicalize(&path).unwrap_or(path.clone());
                            match by_path.get(&key) {
                                Some(r) => Some(r.clone()),
                                None => {
                                    let (_, r, _) = register::read(&path).map_err(Error::Input)?;
                                    let r = Arc::new(r);
                                    by_path.insert(key, r.clone());
                                    Some(r)
                                }
                            }
                        }
                        _ => {
                            let mut r = registers_in(&dir);
                            if let Some(o) = out_dir {
                                r.extend(registers_in(o));
                            }
                            (!r.is_empty()).then(|| Arc::new(r))
                        }
                    }
                }
            };
            if let Some(r) = rows {
                by_dir.insert(dir, r);
            }
        }
        Ok(Registers { by_dir })
    }

    /// The rows of the register that covers `file`, if one does.
    pub fn for_file(&self, file: &Path) -> Option<&[Row]> {
        self.by_dir.get(&folder_of(file)).map(|r| r.as_slice())
    }
}

/// The canonical folder of an input.
fn folder_of(file: &Path) -> PathBuf {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// What `check` says of a document against the register that covers it:
/// its number given to another file (ND30-SO-03), a numbered document not
/// in the register, and numbers skipped in its sequence (ND30-SO-04, each
/// sequence once per run: `gaps_said`).
fn number_findings(
    src: &SourceFile,
    raw: &RawDocument,
    doc: &Document,
    rows: &[Row],
    gaps_said: &mut HashSet<Sequence>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let seq = Sequence::of(doc);
    let at = raw
        .so
        .as_ref()
        .map(|s| (Pos::of(&s.referenced), "so"))
        .unwrap_or((Pos::of(&raw.ngay.referenced), "ngay"));
    let pdf = format!(
        "{}.pdf",
        src.path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("van-ban")
    );
    let say = |code, message: String, fix: &str| {
        crate::rules::finding(src, code, at.0, at.1, message, Some(fix.to_string()))
    };
    if let Some(number) = &doc.number {
        match register::find(rows, &seq, number) {
            Some(r) if r.file == pdf => {}
            Some(r) => {
                let whom = if r.file.is_empty() {
                    "một văn bản ghi tay trong sổ".to_string()
                } else {
                    r.file.clone()
                };
                out.push(say(
                    Code::So03,
                    format!(
                        "số {} ({seq}) đã cấp cho {whom} (sổ đăng ký, dòng {})",
                        doc.number_symbol(),
                        r.line
                    ),
                    "bỏ `so` rồi để `vanban issue` cấp số tiếp theo còn trống",
                ));
            }
            None if !doc.is_draft() => out.push(say(
                Code::So04,
                format!("văn bản số {} chưa vào sổ đăng ký ({seq})", doc.number_symbol()),
                "`vanban issue` cấp số và vào sổ; văn bản đã ghi số thì `vanban render --so-dang-ky SỔ.csv`",
            )),
            None => {}
        }
    }
    if !gaps_said.contains(&seq) {
        if let Some((_, missing)) = register::gaps(rows).into_iter().find(|(s, _)| *s == seq) {
            gaps_said.insert(seq.clone());
            let ranges: Vec<String> = missing
                .iter()
                .map(|(a, b)| register::range_text(*a, *b))
                .collect();
            out.push(say(
                Code::So04,
                format!("sổ đăng ký bỏ trống số {} ({seq})", ranges.join(", ")),
                "số đã hủy hoặc giữ lại thì ghi một dòng cho số đó, lý do ở cột Ghi chú",
            ));
        }
    }
    out
}

/// What a register adds to `check`'s findings for a valid document
/// ([`number_findings`]), with the `bo_qua` switches of the document and
/// its folder applied: `vanban check` and the editor both say it.
pub fn register_findings(
    src: &SourceFile,
    doc: &Document,
    rows: &[Row],
    gaps_said: &mut HashSet<Sequence>,
) -> Vec<Diagnostic> {
    let Ok(raw) = crate::format::load::parse(src) else {
        return Vec::new();
    };
    let project = crate::format::project::for_document(&src.path)
        .ok()
        .flatten();
    let found = number_findings(src, &raw, doc, rows, gaps_said);
    crate::rules::with_switches(src, &raw, project.as_ref(), found)
}
