//! The outgoing-documents register (sổ đăng ký văn bản đi, Phụ lục IV) as a
//! CSV file: one row per numbered document, only ever appended.
//!
//! Several `vanban` processes may number documents into one register at
//! once, and any of them may be killed or meet a full disk. So each
//! document is entered under an exclusive lock on the register file:
//!
//! 1. read the register and refuse a number its agency already used that
//!    year (ND30 Điều 15: numbers run per agency and year);
//! 2. note the row about to be added in a journal (`.NAME.dang-ghi`);
//! 3. put every output file of the document in place;
//! 4. append the row with one write, synced; drop the journal.
//!
//! A failed write (step 3) adds no row, so the number stays free. A run
//! killed after step 3 is finished by the next one, which finds the
//! journal, sees the files in place and appends the row (or, if the files
//! are not all there, says the number is still free). A row cut short by a
//! crash in step 4 is removed, so the last row is always whole or absent.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Pos};
use crate::engine::output::{self, sha256_hex, FileLock, WriteError};
use crate::format::load::io_vi;
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

/// A register file.
pub struct Register {
    /// The file itself (a symlink's target).
    path: PathBuf,
    /// The path as the user named it, for messages.
    name: String,
}

/// What became of a document entered in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    /// A new row was appended.
    Added,
    /// The register already has this number for the same file with the
    /// same bytes: the document was rendered again, unchanged.
    AlreadyThere,
}

/// The journal of a row being entered: the row and the files it needs.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    row: Vec<String>,
    outputs: Vec<(PathBuf, String)>,
}

/// The register read under its lock.
struct Locked {
    lock: FileLock,
    /// The register's bytes.
    bytes: Vec<u8>,
    rows: Vec<UsedNumber>,
}

/// One row's number and where it came from.
#[derive(Debug, Clone)]
struct UsedNumber {
    year: i32,
    agency: String,
    /// As printed: "05", "66.19", "12a".
    number: String,
    file: String,
    sha256: String,
}

impl Register {
    /// Open a register: a regular file with vanban's columns, or no file
    /// yet. Finishes what a killed run left half done; returns the notes
    /// saying so.
    pub fn open(path: &Path) -> Result<(Register, Vec<String>), Diagnostic> {
        let name = path.display().to_string();
        let fail = |msg: String| Diagnostic::error(&name, Pos::default(), msg);
        let real = output::real_target(path)
            .map_err(|e| fail(format!("không mở được sổ đăng ký ({})", io_vi(&e))))?;
        let reg = Register {
            path: real,
            name: name.clone(),
        };
        match std::fs::metadata(&reg.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Nothing to read yet; the folder must exist.
                let dir = reg.path.parent().filter(|d| !d.as_os_str().is_empty());
                if dir.is_some_and(|d| !d.is_dir()) {
                    return Err(fail(
                        "không tạo được sổ đăng ký: thư mục chứa sổ không tồn tại".into(),
                    ));
                }
                return Ok((reg, Vec::new()));
            }
            Err(e) => return Err(fail(format!("không đọc được sổ đăng ký ({})", io_vi(&e)))),
            Ok(m) if !m.is_file() => {
                return Err(fail(format!(
                    "không dùng được làm sổ đăng ký: {}",
                    crate::format::load::not_a_file(&m)
                )))
            }
            Ok(m) if output::is_read_only(&m) => {
                return Err(fail(
                    "sổ đăng ký chỉ cho đọc (read-only); vanban không ghi vào tệp đã được bảo vệ"
                        .into(),
                ))
            }
            Ok(_) => {}
        }
        let mut notes = Vec::new();
        // A journal's temporary file, left by a run killed while writing it.
        let dir = reg.path.parent().unwrap_or(Path::new(""));
        notes.extend(output::stale_note(dir, &output::clean_stale_temps(dir)));
        let locked = reg.lock(&mut notes)?;
        drop(locked);
        Ok((reg, notes))
    }

    /// Enter a numbered document whose outputs are `outputs` (the first
    /// one is named in the row): under the register's lock, refuse a number
    /// already used, let `write` put every output in place, then append the
    /// row. Notes about a killed earlier run go to `notes`.
    pub fn enter(
        &self,
        doc: &Document,
        outputs: &[(PathBuf, &[u8])],
        write: impl FnOnce() -> Result<(), WriteError>,
        notes: &mut Vec<String>,
    ) -> Result<Entered, String> {
        let Some(number) = doc.number.clone() else {
            return Err("văn bản chưa có số: không vào sổ".into());
        };
        let Some((first, first_bytes)) = outputs.first() else {
            return Err("văn bản không có tệp nào để vào sổ".into());
        };
        let file = first
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let sha = sha256_hex(first_bytes);
        let row = row_of(doc, &number, &file, &sha);
        let mut locked = self.lock(notes).map_err(|d| d.message)?;
        let year = doc.date.year;
        let agency = agency_of(doc.kind.name(), &doc.symbol);
        if let Some(used) = locked
            .rows
            .iter()
            .find(|u| u.year == year && u.agency == agency && u.number == number)
        {
            if used.file == file && used.sha256 == sha {
                write().map_err(|e| e.to_string())?;
                return Ok(Entered::AlreadyThere);
            }
            return Err(format!(
                "số {} năm {year} đã có trong sổ đăng ký {} (tệp {})",
                number, self.name, used.file
            ));
        }
        let pending = Pending {
            row: row.clone(),
            outputs: outputs
                .iter()
                .map(|(p, b)| (p.clone(), sha256_hex(b)))
                .collect(),
        };
        let journal = self.journal();
        let json = serde_json::to_vec(&pending).unwrap_or_default();
        output::write_atomic(&journal, &json).map_err(|e| e.to_string())?;
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&journal);
            return Err(e.to_string());
        }
        match append(&mut locked, &row) {
            Ok(()) => {
                let _ = std::fs::remove_file(&journal);
                Ok(Entered::Added)
            }
            // The files are in place: the journal stays, and the next run
            // adds the row.
            Err(e) => Err(format!(
                "đã ghi tệp nhưng không ghi được sổ đăng ký {} ({}); lần chạy sau sẽ bổ sung dòng này",
                self.name,
                io_vi(&e)
            )),
        }
    }

    /// `.NAME.dang-ghi` beside the register.
    fn journal(&self) -> PathBuf {
        let name = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("so-dang-ky");
        self.path.with_file_name(format!(".{name}.dang-ghi"))
    }

    /// Take the lock, read and check the register, and finish a killed
    /// run's row.
    fn lock(&self, notes: &mut Vec<String>) -> Result<Locked, Diagnostic> {
        let fail = |pos: Pos, msg: String| Diagnostic::error(&self.name, pos, msg);
        let lock = FileLock::acquire(&self.path).map_err(|e| {
            fail(
                Pos::default(),
                format!("không mở được sổ đăng ký ({})", io_vi(&e)),
            )
        })?;
        let mut bytes = Vec::new();
        (&mut lock.file()).read_to_end(&mut bytes).map_err(|e| {
            fail(
                Pos::default(),
                format!("không đọc được sổ đăng ký ({})", io_vi(&e)),
            )
        })?;
        if let Some(keep) = torn_tail(&bytes) {
            lock.file().set_len(keep as u64).map_err(|e| {
                fail(
                    Pos::default(),
                    format!("không sửa được sổ đăng ký ({})", io_vi(&e)),
                )
            })?;
            bytes.truncate(keep);
            notes.push(format!(
                "ghi chú: {}: đã bỏ dòng cuối ghi dở của sổ đăng ký (lần chạy trước bị ngắt giữa chừng)",
                self.name
            ));
        }
        let rows = parse(&bytes).map_err(|(pos, msg)| fail(pos, msg))?;
        let mut locked = Locked { lock, bytes, rows };
        self.recover(&mut locked, notes);
        Ok(locked)
    }

    /// Finish or discard the row of a run killed while entering it.
    fn recover(&self, locked: &mut Locked, notes: &mut Vec<String>) {
        let journal = self.journal();
        let Ok(text) = crate::format::load::read_regular(&journal) else {
            return;
        };
        let Ok(p) = serde_json::from_slice::<Pending>(&text) else {
            let _ = std::fs::remove_file(&journal);
            return;
        };
        let number = p.row.first().cloned().unwrap_or_default();
        let file = p.row.get(7).cloned().unwrap_or_default();
        let used = parse_row(&p.row);
        let holder = used.as_ref().and_then(|u| {
            locked
                .rows
                .iter()
                .find(|r| r.year == u.year && r.agency == u.agency && r.number == u.number)
        });
        let present = holder.is_some();
        if let (Some(h), Some(u)) = (holder, &used) {
            if h.file != u.file || h.sha256 != u.sha256 {
                notes.push(format!(
                    "ghi chú: {}: lần chạy trước bị ngắt khi đang ghi {file} với số {number}, nay đã thuộc về {} trong sổ; {file} không vào sổ — hãy cấp số khác",
                    self.name, h.file
                ));
            }
        }
        let missing: Vec<String> = p
            .outputs
            .iter()
            .filter(|(path, sha)| {
                !crate::format::load::read_regular(path).is_ok_and(|b| sha256_hex(&b) == *sha)
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        if present {
            // Killed after appending: nothing to do.
        } else if missing.is_empty() && append(locked, &p.row).is_ok() {
            notes.push(format!(
                "ghi chú: {}: đã bổ sung dòng số {number} ({file}) mà lần chạy trước bị ngắt trước khi kịp ghi vào sổ; các tệp đã ghi đủ",
                self.name
            ));
        } else {
            notes.push(format!(
                "ghi chú: {}: lần chạy trước bị ngắt khi đang ghi văn bản số {number} ({file}); thiếu hoặc khác tệp {}, nên văn bản chưa vào sổ và số {number} vẫn còn trống — hãy chạy lại",
                self.name,
                missing.join(", ")
            ));
        }
        let _ = std::fs::remove_file(&journal);
    }
}

/// Append one row (with the byte-order mark and header when the register
/// is new) in one write, synced. On failure the register is cut back to
/// its old length, so no half row remains.
fn append(locked: &mut Locked, row: &[String]) -> std::io::Result<()> {
    let mut out = Vec::new();
    if locked.bytes.is_empty() {
        // A byte-order mark, so that Excel reads the Vietnamese right.
        out.extend_from_slice("\u{feff}".as_bytes());
    } else if !locked.bytes.ends_with(b"\n") {
        out.push(b'\n');
    }
    {
        let mut w = csv::Writer::from_writer(&mut out);
        if locked.bytes.is_empty() {
            w.write_record(COLUMNS)?;
        }
        w.write_record(
            row.iter()
                .map(|c| output::spreadsheet_safe(&one_line(c)).into_owned()),
        )?;
        w.flush()?;
    }
    let mut f = locked.lock.file();
    let old_len = locked.bytes.len() as u64;
    let result = f.write_all(&out).and_then(|()| f.sync_data());
    if let Err(e) = result {
        let _ = f.set_len(old_len);
        return Err(e);
    }
    // Keep the in-memory view in step for the rest of this lock.
    locked.bytes.extend_from_slice(&out);
    if let Some(u) = parse_row(row) {
        locked.rows.push(u);
    }
    Ok(())
}

/// A row keeps to one line, so that a cut-off write is easy to spot.
fn one_line(cell: &str) -> String {
    cell.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

/// When the last row was cut off by a crash (no final newline, and not a
/// whole row ending in a SHA-256): the length to keep.
fn torn_tail(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        return None;
    }
    let start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let last = String::from_utf8_lossy(&bytes[start..]);
    let whole = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(last.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .is_some_and(|r| {
            r.len() == COLUMNS.len()
                && r.get(8)
                    .is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        });
    // The header alone is whole too.
    let header = last.trim_start_matches('\u{feff}').starts_with("Số,");
    (!whole && !header).then_some(start)
}

/// The numbers a register's bytes hold; an error names the line.
fn parse(bytes: &[u8]) -> Result<Vec<UsedNumber>, (Pos, String)> {
    let mut used = Vec::new();
    if bytes.is_empty() {
        return Ok(used);
    }
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| (Pos::new(1, 1), format!("sổ đăng ký hỏng ({e})")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    if headers != COLUMNS {
        return Err((
            Pos::new(1, 1),
            format!(
                "tệp này không phải sổ đăng ký văn bản đi của vanban (cần các cột: {})",
                COLUMNS.join(", ")
            ),
        ));
    }
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            (
                Pos::new(line, 1),
                format!("dòng hỏng trong sổ đăng ký ({e})"),
            )
        })?;
        let cells: Vec<String> = rec
            .iter()
            .map(|c| output::from_spreadsheet_safe(c).to_string())
            .collect();
        if let Some(u) = parse_row(&cells) {
            used.push(u);
        }
    }
    Ok(used)
}

/// A row's number, year and agency (and file and hash).
fn parse_row(cells: &[String]) -> Option<UsedNumber> {
    let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
    let number = crate::text::vn::number_text(cell(0)).ok()?;
    let year = cell(2).rsplit('/').next()?.trim().parse::<i32>().ok()?;
    Some(UsedNumber {
        year,
        agency: agency_of(cell(3), cell(1)),
        number,
        file: cell(7).to_string(),
        sha256: cell(8).to_string(),
    })
}

/// The row of a document.
fn row_of(doc: &Document, number: &str, file: &str, sha256: &str) -> Vec<String> {
    let date = doc
        .date
        .full()
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|| doc.date.year.to_string());
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
    vec![
        number.to_string(),
        doc.full_symbol(),
        date,
        doc.kind.name().to_string(),
        doc.subject.clone(),
        to,
        doc.signer().name.clone(),
        file.to_string(),
        sha256.to_string(),
    ]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_off_last_row_is_spotted_a_whole_one_kept() {
        let head = "\u{feff}Số,Ký hiệu,Ngày,Loại,Trích yếu,Nơi nhận,Người ký,Tệp,SHA-256\n";
        let row = format!(
            "05,UBND-KTTH,19/04/2024,Công văn,x,y,z,a.pdf,{}",
            "a".repeat(64)
        );
        let whole = format!("{head}{row}");
        assert_eq!(torn_tail(whole.as_bytes()), None, "no newline but whole");
        let cut = format!("{head}{}", &row[..row.len() - 3]);
        assert_eq!(torn_tail(cut.as_bytes()), Some(head.len()));
        assert_eq!(torn_tail(head.as_bytes()), None);
        assert_eq!(torn_tail(head.trim_end().as_bytes()), None);
        assert_eq!(parse(format!("{whole}\n").as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn rows_are_one_line_and_formula_safe() {
        let mut bytes = Vec::new();
        {
            let mut w = csv::Writer::from_writer(&mut bytes);
            w.write_record(
                ["=1+1", "a\nb"]
                    .iter()
                    .map(|c| output::spreadsheet_safe(&one_line(c)).into_owned()),
            )
            .unwrap();
        }
        assert_eq!(String::from_utf8(bytes).unwrap(), "'=1+1,a b\n");
    }
}
