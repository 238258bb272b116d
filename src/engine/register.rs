//! The outgoing-documents register (sổ đăng ký văn bản đi, Phụ lục IV) as a
//! CSV file: one row per numbered document. Rows are only ever appended; a
//! number already used in the same year is refused.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Pos};
use crate::engine::output::write_atomic;
use crate::model::Document;

/// The register's columns.
pub const COLUMNS: [&str; 9] = [
    "Số",
    "Ký hiệu",
    "Ngày",
    "Loại",
    "Trích yếu",
    "Nơi nhận",
    "Người ký",
    "Tệp",
    "SHA-256",
];

/// A register file, read once and appended to.
pub struct Register {
    path: PathBuf,
    /// The file as it was, kept byte for byte.
    existing: Vec<u8>,
    /// (year, issuing body, number) already used: each body keeps its own
    /// sequence (ND30 Điều 15: numbers run per agency and year).
    used: Vec<(i32, String, String)>,
    new_rows: Vec<Vec<String>>,
}

impl Register {
    /// Open a register; a missing file is an empty register.
    pub fn open(path: &Path) -> Result<Register, Diagnostic> {
        let name = path.display().to_string();
        let existing = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(Diagnostic::error(
                    &name,
                    Pos::default(),
                    format!(
                        "không đọc được sổ đăng ký ({})",
                        crate::format::load::io_vi(&e)
                    ),
                ))
            }
        };
        let mut used = Vec::new();
        if !existing.is_empty() {
            let mut r = csv::ReaderBuilder::new().from_reader(existing.as_slice());
            let headers: Vec<String> = r
                .headers()
                .map_err(|e| {
                    Diagnostic::error(&name, Pos::new(1, 1), format!("sổ đăng ký hỏng ({e})"))
                })?
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').to_string())
                .collect();
            if headers != COLUMNS {
                return Err(Diagnostic::error(
                    &name,
                    Pos::new(1, 1),
                    "tệp này không phải sổ đăng ký văn bản đi của vanban",
                )
                .hint(format!("cần các cột: {}", COLUMNS.join(", "))));
            }
            for rec in r.records() {
                let rec = rec.map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    Diagnostic::error(
                        &name,
                        Pos::new(line, 1),
                        format!("dòng hỏng trong sổ đăng ký ({e})"),
                    )
                })?;
                let number = rec
                    .get(0)
                    .and_then(|n| crate::text::vn::number_text(n).ok());
                let year = rec
                    .get(2)
                    .and_then(|d| d.rsplit('/').next())
                    .and_then(|y| y.trim().parse::<i32>().ok());
                let agency = agency_of(rec.get(3).unwrap_or(""), rec.get(1).unwrap_or(""));
                if let (Some(n), Some(y)) = (number, year) {
                    used.push((y, agency, n));
                }
            }
        }
        Ok(Register {
            path: path.to_path_buf(),
            existing,
            used,
            new_rows: Vec::new(),
        })
    }

    /// Whether `number` is already taken by `agency` in `year`.
    pub fn is_used(&self, year: i32, agency: &str, number: &str) -> bool {
        self.used
            .iter()
            .any(|(y, a, n)| *y == year && a == agency && n == number)
    }

    /// Record a numbered document; refuses a number used in the same year.
    pub fn add(&mut self, doc: &Document, file: &str, sha256: &str) -> Result<(), String> {
        let Some(number) = doc.number.clone() else {
            return Err("văn bản chưa có số: không vào sổ".into());
        };
        let year = doc.date.year;
        let agency = agency_of(doc.kind.name(), &doc.symbol);
        if self.is_used(year, &agency, &number) {
            return Err(format!(
                "số {} năm {year} đã có trong sổ đăng ký {}",
                number,
                self.path.display()
            ));
        }
        self.used.push((year, agency, number.clone()));
        let date = doc
            .date
            .full()
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| year.to_string());
        let to = if doc.addressees.is_empty() {
            doc.recipients
                .iter()
                .map(|r| match r {
                    crate::model::Recipient::Single(s) => s.clone(),
                    crate::model::Recipient::Group { name, .. } => name.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            doc.addressees.join("; ")
        };
        self.new_rows.push(vec![
            number,
            doc.full_symbol(),
            date,
            doc.kind.name().to_string(),
            doc.subject.clone(),
            to,
            doc.signer().name.clone(),
            file.to_string(),
            sha256.to_string(),
        ]);
        Ok(())
    }

    /// Write the register: the old bytes unchanged, the new rows after.
    pub fn save(&self) -> std::io::Result<()> {
        if self.new_rows.is_empty() {
            return Ok(());
        }
        let mut out = self.existing.clone();
        if out.is_empty() {
            // A byte-order mark, so that Excel reads the Vietnamese right.
            out.extend_from_slice("\u{feff}".as_bytes());
        } else if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        {
            let mut w = csv::Writer::from_writer(&mut out);
            if self.existing.is_empty() {
                w.write_record(COLUMNS)?;
            }
            for r in &self.new_rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        write_atomic(&self.path, &out)
    }
}

/// The issuing body's abbreviation in a symbol: the first group of a công
/// văn's ("UBND-KTTH"), the second of any other kind's ("QĐ-UBND").
fn agency_of(kind_name: &str, symbol: &str) -> String {
    let mut groups = symbol.split('-');
    let first = groups.next().unwrap_or("");
    if kind_name == "Công văn" {
        first.to_string()
    } else {
        groups.next().unwrap_or(first).to_string()
    }
}
