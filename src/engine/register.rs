//! The outgoing-documents register (sổ đăng ký văn bản đi, Nghị định 30,
//! Phụ lục IV) as a CSV file that Excel opens: one row per issued
//! document, only ever appended.
//!
//! **Columns.** The ten of Phụ lục IV, I.2 — Số, ký hiệu văn bản; Ngày
//! tháng văn bản; Tên loại và trích yếu nội dung văn bản; Người ký; Nơi
//! nhận văn bản; Đơn vị, người nhận bản lưu; Số lượng bản; Ngày chuyển; Ký
//! nhận; Ghi chú — then Độ mật (secret documents have their own sequence),
//! Tệp and SHA-256 (the issued PDF and its hash). UTF-8 with a byte-order
//! mark, so that Excel reads the Vietnamese right. Registers written
//! before (nine columns: Số, Ký hiệu, Ngày, Loại, Trích yếu, Nơi nhận,
//! Người ký, Tệp, SHA-256) are read as they are and appended to in their
//! own columns: rewriting them would break the promise that rows are never
//! rewritten, and the lock, which is on the file itself. A register saved
//! again by Excel with semicolons or CRLF line ends is read and appended
//! to in that shape.
//!
//! **Numbers** (ND30 Điều 15): one sequence per issuing body and calendar
//! year, from 01 on 1 January; legal-normative documents (number with the
//! year, "35/2024/QĐ-UBND") and secret documents (độ mật) have their own.
//! [`Register::issue`] gives the next number of a sequence, or a number
//! asked for if it is free; a skipped number is said, never silent.
//!
//! **Several writers.** Several `vanban` processes may number documents
//! into one register at once, and any of them may be killed or meet a full
//! disk. So each document is entered under an exclusive lock on the
//! register file:
//!
//! 1. read the register and choose the number (or refuse one already used
//!    in its sequence);
//! 2. note the row about to be added in a journal (`.NAME.dang-ghi`);
//! 3. put every output file of the document in place;
//! 4. append the row with one write, synced; drop the journal.
//!
//! A failed write (step 3) adds no row, so the number stays free. A run
//! killed after step 3 is finished by the next one, which finds the
//! journal, sees the files in place and appends the row (or, if the files
//! are not all there, says the number is still free). A row cut short by a
//! crash in step 4 is removed, so the last row is always whole or absent.
//! A register edited by hand that no longer reads is a located error
//! (line and column), never a guess.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Pos};
use crate::engine::output::{self, sha256_hex, FileLock, WriteError};
use crate::format::load::io_vi;
use crate::model::Document;

/// The register's columns: Phụ lục IV's ten, then Độ mật, Tệp, SHA-256.
pub const COLUMNS: [&str; 13] = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
    "Độ mật",
    "Tệp",
    "SHA-256",
];

/// The columns of registers written before the Phụ lục IV form.
pub const OLD_COLUMNS: [&str; 9] = [
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

/// Which columns a register file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// The Phụ lục IV form ([`COLUMNS`]).
    Form,
    /// The nine columns of earlier registers ([`OLD_COLUMNS`]).
    Old,
}

impl Columns {
    /// The column names.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Columns::Form => &COLUMNS,
            Columns::Old => &OLD_COLUMNS,
        }
    }
}

/// How a register file is written: its columns, separator and line end,
/// as found in the file (a new register: vanban's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub columns: Columns,
    delimiter: u8,
    crlf: bool,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            columns: Columns::Form,
            delimiter: b',',
            crlf: false,
        }
    }
}

/// Which of an agency's sequences a number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Administrative documents.
    Regular,
    /// Legal-normative documents (số có năm).
    Normative,
    /// Secret documents (độ mật).
    Secret,
}

/// A numbering sequence (ND30 Điều 15): an issuing body, a calendar year,
/// and the class of its documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sequence {
    /// The issuing body's abbreviation in the symbol: "UBND".
    pub agency: String,
    pub year: i32,
    pub class: Class,
}

impl Sequence {
    /// The sequence a document is numbered in.
    pub fn of(doc: &Document) -> Sequence {
        let class = if doc.secrecy.is_some() {
            Class::Secret
        } else if doc.normative {
            Class::Normative
        } else {
            Class::Regular
        };
        Sequence {
            agency: agency_of(doc.kind.name(), &doc.symbol),
            year: doc.date.year,
            class,
        }
    }
}

impl std::fmt::Display for Sequence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let class = match self.class {
            Class::Regular => "",
            Class::Normative => ", văn bản quy phạm pháp luật",
            Class::Secret => ", văn bản mật",
        };
        write!(f, "{} năm {}{class}", self.agency, self.year)
    }
}

/// One row of the register, whatever the file's columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// As printed: "05", "66.19", "12a".
    pub number: String,
    /// With the year of a legal-normative document: "2024/QĐ-UBND".
    pub symbol: String,
    /// "19/04/2024".
    pub date: String,
    /// "Công văn", "Quyết định".
    pub kind: String,
    /// Trích yếu.
    pub subject: String,
    pub signer: String,
    /// Nơi nhận: Kính gửi, else the Nơi nhận list.
    pub to: String,
    /// Đơn vị, người nhận bản lưu: the Lưu line.
    pub archive: String,
    /// Số lượng bản.
    pub copies: String,
    /// Ngày chuyển, Ký nhận, Ghi chú: the văn thư's own columns.
    pub sent: String,
    pub received: String,
    pub note: String,
    /// Độ mật: "MẬT", "TỐI MẬT", "TUYỆT MẬT".
    pub secrecy: String,
    /// The issued PDF's file name; empty for a row the văn thư typed.
    pub file: String,
    pub sha256: String,
    /// The row's line in the file (1 is the header); 0 when not read.
    #[serde(skip)]
    pub line: usize,
}

impl Row {
    /// The row of a numbered document whose PDF is `file`.
    pub fn of(doc: &Document, file: &str, sha256: &str) -> Row {
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
        Row {
            number: doc.number.clone().unwrap_or_default(),
            symbol: doc.full_symbol(),
            date,
            kind: doc.kind.name().to_string(),
            subject: doc.subject.clone(),
            signer: doc.signer().name.clone(),
            to,
            // The Lưu line: top level, or inside a Nơi nhận group.
            archive: doc
                .archive
                .clone()
                .or_else(|| {
                    doc.recipients.iter().find_map(|r| match r {
                        crate::model::Recipient::Group { archive, .. } => archive.clone(),
                        _ => None,
                    })
                })
                .unwrap_or_default(),
            copies: doc.copies_issued.map(|n| n.to_string()).unwrap_or_default(),
            secrecy: doc
                .secrecy
                .map(|s| s.text().to_string())
                .unwrap_or_default(),
            file: file.to_string(),
            sha256: sha256.to_string(),
            ..Row::default()
        }
    }

    /// "05/UBND-KTTH".
    pub fn number_symbol(&self) -> String {
        format!("{}/{}", self.number, self.symbol)
    }

    /// Tên loại và trích yếu: "Công văn V/v …", "Quyết định: Về việc …".
    pub fn kind_subject(&self) -> String {
        match self.kind.as_str() {
            "" => self.subject.clone(),
            "Công văn" => format!("Công văn V/v {}", self.subject),
            k => format!("{k}: {}", self.subject),
        }
    }

    /// The year of the row's date.
    pub fn year(&self) -> i32 {
        date_year(&self.date).unwrap_or(0)
    }

    /// The sequence the row's number belongs to.
    pub fn sequence(&self) -> Sequence {
        let class = if !self.secrecy.trim().is_empty() {
            Class::Secret
        } else if year_prefix(&self.symbol).is_some() {
            Class::Normative
        } else {
            Class::Regular
        };
        Sequence {
            agency: agency_of(&self.kind, &self.symbol),
            year: self.year(),
            class,
        }
    }

    /// The cells of the row in a register's columns.
    fn cells(&self, columns: Columns) -> Vec<String> {
        match columns {
            Columns::Form => vec![
                self.number_symbol(),
                self.date.clone(),
                self.kind_subject(),
                self.signer.clone(),
                self.to.clone(),
                self.archive.clone(),
                self.copies.clone(),
                self.sent.clone(),
                self.received.clone(),
                self.note.clone(),
                self.secrecy.clone(),
                self.file.clone(),
                self.sha256.clone(),
            ],
            Columns::Old => vec![
                self.number.clone(),
                self.symbol.clone(),
                self.date.clone(),
                self.kind.clone(),
                self.subject.clone(),
                self.to.clone(),
                self.signer.clone(),
                self.file.clone(),
                self.sha256.clone(),
            ],
        }
    }

    /// Read a row's cells; an error names the cell (its index) and why.
    fn parse(cells: &[String], columns: Columns, line: usize) -> Result<Row, (usize, String)> {
        let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
        let number = |i: usize, s: &str| crate::text::vn::number_text(s).map_err(|e| (i, e));
        let date = |i: usize| {
            let d = cell(i);
            match date_year(d) {
                Some(_) => Ok(d.to_string()),
                None => Err((
                    i,
                    format!("ngày `{d}` không đọc được (cần ngày/tháng/năm, ví dụ 19/04/2024)"),
                )),
            }
        };
        let sha = |i: usize| {
            let s = cell(i);
            if s.is_empty() || (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())) {
                Ok(s.to_ascii_lowercase())
            } else {
                Err((
                    i,
                    format!("mã SHA-256 `{s}` không hợp lệ (cần 64 chữ số hệ 16, hoặc để trống)"),
                ))
            }
        };
        let row = match columns {
            Columns::Form => {
                let ns = cell(0);
                let Some((n, s)) = ns.split_once('/') else {
                    return Err((
                        0,
                        format!("số, ký hiệu `{ns}` không đọc được (cần số/ký hiệu, ví dụ 05/UBND-KTTH)"),
                    ));
                };
                let (kind, subject) = split_kind(cell(2));
                Row {
                    number: number(0, n)?,
                    symbol: s.trim().to_string(),
                    date: date(1)?,
                    kind,
                    subject,
                    signer: cell(3).to_string(),
                    to: cell(4).to_string(),
                    archive: cell(5).to_string(),
                    copies: cell(6).to_string(),
                    sent: cell(7).to_string(),
                    received: cell(8).to_string(),
                    note: cell(9).to_string(),
                    secrecy: cell(10).to_string(),
                    file: cell(11).to_string(),
                    sha256: sha(12)?,
                    line,
                }
            }
            Columns::Old => Row {
                number: number(0, cell(0))?,
                symbol: cell(1).to_string(),
                date: date(2)?,
                kind: cell(3).to_string(),
                subject: cell(4).to_string(),
                to: cell(5).to_string(),
                signer: cell(6).to_string(),
                file: cell(7).to_string(),
                sha256: sha(8)?,
                line,
                ..Row::default()
            },
        };
        Ok(row)
    }
}

/// The row of `rows` holding `number` in `seq`.
pub fn find<'a>(rows: &'a [Row], seq: &Sequence, number: &str) -> Option<&'a Row> {
    rows.iter()
        .find(|r| r.number == number && r.sequence() == *seq)
}

/// The leading integer of a number: 12 for "12", "12a", "12.3".
pub fn leading(number: &str) -> u64 {
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// The numbers missing in each sequence, from 1 to its highest: ranges
/// `(from, to)`, inclusive, sequences in order.
pub fn gaps(rows: &[Row]) -> Vec<(Sequence, Vec<(u64, u64)>)> {
    let mut by_seq: std::collections::BTreeMap<Sequence, std::collections::BTreeSet<u64>> =
        Default::default();
    for r in rows {
        by_seq
            .entry(r.sequence())
            .or_default()
            .insert(leading(&r.number));
    }
    let mut out = Vec::new();
    for (seq, used) in by_seq {
        let mut missing = Vec::new();
        let mut expect = 1;
        for &n in &used {
            if n > expect {
                missing.push((expect, n - 1));
            }
            expect = expect.max(n + 1);
        }
        if !missing.is_empty() {
            out.push((seq, missing));
        }
    }
    out
}

/// "05", "05–07".
pub fn range_text(from: u64, to: u64) -> String {
    let n = |v: u64| crate::text::vn::number_text(&v.to_string()).unwrap_or_default();
    if from == to {
        n(from)
    } else {
        format!("{}–{}", n(from), n(to))
    }
}

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

/// What `issue` puts in place under the register's lock: the row and
/// every file of the document, written all or nothing in this order.
pub struct Prepared {
    pub row: Row,
    pub outputs: Vec<(PathBuf, Vec<u8>)>,
}

/// The journal of a row being entered: the row and the files it needs.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    row: PendingRow,
    outputs: Vec<(PathBuf, String)>,
}

/// A journal's row: a [`Row`], or the nine cells an earlier vanban wrote.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum PendingRow {
    Row(Box<Row>),
    Cells(Vec<String>),
}

/// The register read under its lock.
struct Locked {
    lock: FileLock,
    /// The register's bytes.
    bytes: Vec<u8>,
    shape: Shape,
    rows: Vec<Row>,
}

impl Register {
    /// The register a command was given (`--so-dang-ky`), opened, its
    /// notes said through `report`; `None` when none was given.
    pub fn open_given(
        path: Option<&Path>,
        report: &(dyn Fn(&str) + Sync),
    ) -> Result<Option<Register>, Diagnostic> {
        let Some(path) = path else {
            return Ok(None);
        };
        let (reg, notes) = Register::open(path)?;
        notes.iter().for_each(|n| report(n));
        Ok(Some(reg))
    }

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

    /// The register as the user named it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every row, read under the lock (which also finishes a killed run's
    /// row).
    pub fn rows(&self, notes: &mut Vec<String>) -> Result<Vec<Row>, Diagnostic> {
        Ok(self.lock(notes)?.rows)
    }

    /// Enter a numbered document whose outputs are `outputs` (the first
    /// one is named in the row): under the register's lock, refuse a number
    /// already used in its sequence, let `write` put every output in place,
    /// then append the row. Notes about a killed earlier run go to `notes`.
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
        let file = file_name(first);
        let sha = sha256_hex(first_bytes);
        let row = Row::of(doc, &file, &sha);
        let mut locked = self.lock(notes).map_err(|d| d.to_string())?;
        let seq = Sequence::of(doc);
        if let Some(used) = find(&locked.rows, &seq, &number) {
            if used.file == file && used.sha256 == sha {
                write().map_err(|e| e.to_string())?;
                return Ok(Entered::AlreadyThere);
            }
            return Err(format!(
                "số {} năm {} đã có trong sổ đăng ký {} ({seq}: tệp {}, dòng {})",
                number, seq.year, self.name, used.file, used.line
            ));
        }
        self.put(&mut locked, &row, outputs, write)?;
        Ok(Entered::Added)
    }

    /// Issue a document (`vanban issue`): under the register's lock, take
    /// the next number of `seq` (or `wanted`, refused if taken), let
    /// `prepare` render the document with that number, put its files in
    /// place (all or nothing) and append its row. `pdf` is the issued
    /// PDF's file name: a file already in the register is never written
    /// over. Returns the prepared document's row.
    pub fn issue(
        &self,
        seq: &Sequence,
        wanted: Option<&str>,
        pdf: &str,
        prepare: impl FnOnce(&str) -> Result<Prepared, String>,
        notes: &mut Vec<String>,
    ) -> Result<Row, String> {
        let mut locked = self.lock(notes).map_err(|d| d.to_string())?;
        if let Some(r) = locked.rows.iter().find(|r| r.file == pdf) {
            return Err(format!(
                "{pdf} đã vào sổ đăng ký {}: số {} ngày {} (dòng {}); văn bản đã ban hành không bị ghi đè\n  = gợi ý: văn bản sửa đổi, đính chính là văn bản mới (`vanban new --tu …`), với tên tệp khác",
                self.name,
                r.number_symbol(),
                r.date,
                r.line
            ));
        }
        let max = locked
            .rows
            .iter()
            .filter(|r| r.sequence() == *seq)
            .map(|r| leading(&r.number))
            .max()
            .unwrap_or(0);
        let number = match wanted {
            Some(w) => {
                let n = crate::text::vn::number_text(w)?;
                if let Some(used) = find(&locked.rows, seq, &n) {
                    return Err(format!(
                        "số {n} ({seq}) đã cấp cho {} (dòng {} của sổ {}): một số chỉ cấp một lần\n  = gợi ý: bỏ --so để lấy số tiếp theo ({})",
                        if used.file.is_empty() { used.number_symbol() } else { used.file.clone() },
                        used.line,
                        self.name,
                        range_text(max + 1, max + 1)
                    ));
                }
                if leading(&n) > max + 1 {
                    notes.push(format!(
                        "ghi chú: {}: cấp số {n} theo --so; các số {} ({seq}) còn trống — ghi lý do vào cột Ghi chú của sổ, hoặc cấp các số này sau bằng --so",
                        self.name,
                        range_text(max + 1, leading(&n) - 1)
                    ));
                }
                n
            }
            None => crate::text::vn::number_text(&(max + 1).to_string())?,
        };
        let prepared = prepare(&number)?;
        let outputs: Vec<(PathBuf, &[u8])> = prepared
            .outputs
            .iter()
            .map(|(p, b)| (p.clone(), b.as_slice()))
            .collect();
        self.put(&mut locked, &prepared.row, &outputs, || {
            output::write_all(&outputs)
        })?;
        Ok(prepared.row)
    }

    /// Steps 2–4 under the lock: journal, files, row.
    fn put(
        &self,
        locked: &mut Locked,
        row: &Row,
        outputs: &[(PathBuf, &[u8])],
        write: impl FnOnce() -> Result<(), WriteError>,
    ) -> Result<(), String> {
        let pending = Pending {
            row: PendingRow::Row(Box::new(row.clone())),
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
        match append(locked, row) {
            Ok(()) => {
                let _ = std::fs::remove_file(&journal);
                Ok(())
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
        let fail = |msg: String| Diagnostic::error(&self.name, Pos::default(), msg);
        let lock = FileLock::acquire(&self.path)
            .map_err(|e| fail(format!("không mở được sổ đăng ký ({})", io_vi(&e))))?;
        let mut bytes = Vec::new();
        (&mut lock.file())
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("không đọc được sổ đăng ký ({})", io_vi(&e))))?;
        if let Some(keep) = torn_tail(&bytes) {
            lock.file()
                .set_len(keep as u64)
                .map_err(|e| fail(format!("không sửa được sổ đăng ký ({})", io_vi(&e))))?;
            bytes.truncate(keep);
            notes.push(format!(
                "ghi chú: {}: đã bỏ dòng cuối ghi dở của sổ đăng ký (lần chạy trước bị ngắt giữa chừng)",
                self.name
            ));
        }
        let (shape, rows) = parse(&bytes, &self.name).map_err(|mut diags| {
            let more = diags.len() - 1;
            let mut d = diags.swap_remove(0);
            if more > 0 {
                d = d.hint(format!(
                    "còn {more} lỗi khác: xem tất cả bằng `vanban register {} --kiem-tra`",
                    self.name
                ));
            }
            d.hint(
                "sổ đăng ký chỉ được thêm dòng; sửa lại ô này (hoặc bỏ dòng sửa tay) rồi chạy lại",
            )
        })?;
        let mut locked = Locked {
            lock,
            bytes,
            shape,
            rows,
        };
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
        let row = match p.row {
            PendingRow::Row(r) => *r,
            PendingRow::Cells(cells) => match Row::parse(&cells, Columns::Old, 0) {
                Ok(r) => r,
                Err(_) => {
                    let _ = std::fs::remove_file(&journal);
                    return;
                }
            },
        };
        let (number, file) = (row.number.clone(), row.file.clone());
        let holder = find(&locked.rows, &row.sequence(), &number);
        let present = holder.is_some();
        if let Some(h) = holder {
            if h.file != row.file || h.sha256 != row.sha256 {
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
        } else if missing.is_empty() && append(locked, &row).is_ok() {
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

/// Read a register without changing it (`vanban register`): its shape and
/// rows, and a note when its last row is being written (left out). No
/// lock, so a read-only register or one another process holds can be
/// read.
pub fn read(path: &Path) -> Result<(Shape, Vec<Row>, Vec<String>), Vec<Diagnostic>> {
    let name = path.display().to_string();
    let mut bytes = crate::format::load::read_regular(path).map_err(|e| {
        vec![Diagnostic::error(
            &name,
            Pos::default(),
            format!("không đọc được sổ đăng ký ({})", io_vi(&e)),
        )]
    })?;
    let mut notes = Vec::new();
    if let Some(keep) = torn_tail(&bytes) {
        bytes.truncate(keep);
        notes.push(format!(
            "ghi chú: {name}: dòng cuối đang ghi dở (hoặc bị ngắt giữa chừng) nên không tính"
        ));
    }
    let (shape, rows) = parse(&bytes, &name)?;
    Ok((shape, rows, notes))
}

/// Whether a file starts with a register's header (read no further).
pub fn looks_like_register(path: &Path) -> bool {
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    let _ = f.take(4096).read_to_end(&mut head);
    let text = String::from_utf8_lossy(&head);
    text.lines().next().is_some_and(|h| shape_of(h).is_some())
}

/// The file name of a path, for the register's Tệp column.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// Append one row (with the byte-order mark and header when the register
/// is new) in one write, synced. On failure the register is cut back to
/// its old length, so no half row remains.
fn append(locked: &mut Locked, row: &Row) -> std::io::Result<()> {
    let shape = locked.shape;
    let end: &[u8] = if shape.crlf { b"\r\n" } else { b"\n" };
    let mut out = Vec::new();
    if locked.bytes.is_empty() {
        // A byte-order mark, so that Excel reads the Vietnamese right.
        out.extend_from_slice("\u{feff}".as_bytes());
    } else if !locked.bytes.ends_with(b"\n") {
        out.extend_from_slice(end);
    }
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(shape.delimiter)
            .terminator(if shape.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(&mut out);
        if locked.bytes.is_empty() {
            w.write_record(shape.columns.names())?;
        }
        w.write_record(
            row.cells(shape.columns)
                .iter()
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
    let line = String::from_utf8_lossy(&locked.bytes)
        .lines()
        .count()
        .max(1)
        + 1;
    locked.bytes.extend_from_slice(&out);
    locked.rows.push(Row {
        line,
        ..row.clone()
    });
    Ok(())
}

/// A row keeps to one line, so that a cut-off write is easy to spot.
fn one_line(cell: &str) -> String {
    cell.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

/// The shape a header line announces, if it is a register's header.
fn shape_of(header: &str) -> Option<Shape> {
    let header = header.trim_start_matches('\u{feff}').trim_end_matches('\r');
    for delimiter in [b',', b';', b'\t'] {
        let cells = split_record(header, delimiter);
        for columns in [Columns::Form, Columns::Old] {
            if cells
                .iter()
                .map(|c| c.trim())
                .eq(columns.names().iter().copied())
            {
                return Some(Shape {
                    columns,
                    delimiter,
                    crlf: false,
                });
            }
        }
    }
    None
}

/// One CSV line's cells.
fn split_record(line: &str, delimiter: u8) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// When the last row was cut off by a crash (no final newline, and not a
/// whole row): the length to keep. A whole row ends in a SHA-256, or, when
/// the văn thư typed it, has neither file nor hash.
fn torn_tail(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        return None;
    }
    let start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let text = String::from_utf8_lossy(bytes);
    let header = text.lines().next().unwrap_or("");
    if start == 0 {
        // The header alone: whole, or cut off with the first row.
        return shape_of(header).is_none().then_some(0);
    }
    let shape = shape_of(header)?;
    let last = String::from_utf8_lossy(&bytes[start..]);
    let cells = split_record(&last, shape.delimiter);
    let n = shape.columns.names().len();
    let whole = cells.len() == n && {
        let sha = cells[n - 1].trim();
        let file = cells[n - 2].trim();
        (sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()))
            || (sha.is_empty() && file.is_empty())
    };
    (!whole).then_some(start)
}

/// The 1-based columns where each cell of a CSV line starts.
fn cell_columns(line: &str, delimiter: u8) -> Vec<usize> {
    let delimiter = delimiter as char;
    let mut cols = vec![1];
    let mut quoted = false;
    let mut col = 1;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        if c == '"' {
            if quoted && chars.peek() == Some(&'"') {
                chars.next();
                col += 1;
            } else {
                quoted = !quoted;
            }
        } else if c == delimiter && !quoted {
            cols.push(col);
        }
    }
    cols
}

/// The register's shape and rows; every error located (line, column).
fn parse(bytes: &[u8], name: &str) -> Result<(Shape, Vec<Row>), Vec<Diagnostic>> {
    if bytes.is_empty() {
        return Ok((Shape::default(), Vec::new()));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(vec![Diagnostic::error(
                name,
                Pos::new(line, column),
                "sổ đăng ký không phải văn bản UTF-8",
            )
            .hint(
                "gợi ý: trong Excel, lưu lại bằng \"CSV UTF-8 (Comma delimited)\"",
            )]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: usize, column: usize, msg: String| {
        Diagnostic::error(name, Pos::new(line, column), msg).with_source(text)
    };
    let header = lines.first().copied().unwrap_or("");
    let Some(mut shape) = shape_of(header) else {
        let cells = split_record(header, b',');
        let cols = cell_columns(header, b',');
        let i = cells
            .iter()
            .zip(COLUMNS)
            .position(|(c, want)| c.trim() != want)
            .unwrap_or(cells.len().min(COLUMNS.len() - 1));
        let found = cells.get(i).map(|c| c.trim()).unwrap_or("");
        return Err(vec![at(
            1,
            cols.get(i).copied().unwrap_or(header.chars().count() + 1),
            format!(
                "tệp này không phải sổ đăng ký văn bản đi của vanban: cột {} là `{found}`, cần `{}`",
                i + 1,
                COLUMNS[i]
            ),
        )
        .hint(format!("các cột của sổ (Phụ lục IV): {}", COLUMNS.join(" | ")))]);
    };
    // Rows appended end their line as the file's header does (Excel: CRLF).
    shape.crlf = text.split('\n').next().is_some_and(|l| l.ends_with('\r'));
    let n = shape.columns.names().len();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(shape.delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    for rec in r.records() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(at(line, 1, format!("dòng hỏng trong sổ đăng ký ({e})")));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = rec
            .iter()
            .map(|c| output::from_spreadsheet_safe(c).to_string())
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let raw_line = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        let cols = cell_columns(raw_line, shape.delimiter);
        if cells.len() != n {
            let column = if cells.len() > n {
                cols.get(n).copied().unwrap_or(1)
            } else {
                raw_line.chars().count() + 1
            };
            errors.push(
                at(
                    line,
                    column,
                    format!("dòng có {} ô, sổ đăng ký có {n} cột", cells.len()),
                )
                .hint(format!("các cột: {}", shape.columns.names().join(" | "))),
            );
            continue;
        }
        match Row::parse(&cells, shape.columns, line) {
            Ok(row) => rows.push(row),
            Err((i, msg)) => errors.push(
                at(line, cols.get(i).copied().unwrap_or(1), msg).field(shape.columns.names()[i]),
            ),
        }
    }
    if errors.is_empty() {
        Ok((shape, rows))
    } else {
        Err(errors)
    }
}

/// A date cell's year: "19/04/2024", "19/4/2024", "2024-04-19" or (a row
/// of an undated document) "2024".
fn date_year(s: &str) -> Option<i32> {
    let s = s.trim();
    let ymd = if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        (
            y.trim().parse().ok()?,
            m.trim().parse().ok()?,
            d.trim().parse().ok()?,
        )
    } else if s.contains('-') {
        let mut it = s.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        (y, m, d)
    } else {
        let y: i32 = s.parse().ok()?;
        return (1900..=9999).contains(&y).then_some(y);
    };
    chrono::NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).map(|_| ymd.0)
}

/// The year group a legal-normative symbol starts with: "2024/QĐ-UBND".
fn year_prefix(symbol: &str) -> Option<&str> {
    let (y, rest) = symbol.split_once('/')?;
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty()).then_some(y)
}

/// Split "Tên loại và trích yếu" into the kind's name and the subject.
fn split_kind(cell: &str) -> (String, String) {
    let lower = cell.to_lowercase();
    let kind = crate::model::KINDS
        .iter()
        .filter(|k| lower.starts_with(&k.name.to_lowercase()))
        .max_by_key(|k| k.name.len());
    match kind {
        Some(k) => {
            let rest = cell[k.name.len()..].trim_start();
            let rest = rest
                .strip_prefix(':')
                .or_else(|| rest.strip_prefix("V/v"))
                .unwrap_or(rest);
            (k.name.to_string(), rest.trim().to_string())
        }
        None => (String::new(), cell.to_string()),
    }
}

/// The issuing body's abbreviation in a symbol: the first group of a công
/// văn's ("UBND-KTTH"), the second of any other kind's ("QĐ-UBND"); for a
/// row whose kind is not known, the first group that is not a Phụ lục III
/// abbreviation. A legal-normative symbol's year is not part of it.
fn agency_of(kind_name: &str, symbol: &str) -> String {
    let symbol = match year_prefix(symbol) {
        Some(y) => &symbol[y.len() + 1..],
        None => symbol,
    };
    let mut groups = symbol.split('-');
    let first = groups.next().unwrap_or("");
    let second = groups.next();
    let kind_code = crate::model::KINDS
        .iter()
        .any(|k| k.abbreviation == Some(first));
    let cong_van = kind_name == "Công văn" || (kind_name.is_empty() && !kind_code);
    if cong_van {
        first.to_string()
    } else {
        second.unwrap_or(first).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "\u{feff}Số, ký hiệu văn bản,Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký,Nơi nhận văn bản,\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú,Độ mật,Tệp,SHA-256\n";

    fn header() -> String {
        let mut out = "\u{feff}".to_string();
        out.push_str(
            &String::from_utf8({
                let mut v = Vec::new();
                let mut w = csv::Writer::from_writer(&mut v);
                w.write_record(COLUMNS).unwrap();
                drop(w);
                v
            })
            .unwrap(),
        );
        out
    }

    fn row(n: &str, sym: &str, date: &str) -> String {
        format!(
            "{n}/{sym},{date},Công văn V/v x,z,y,\"VT, KTTH (2)\",,,,,,a.pdf,{}",
            "a".repeat(64)
        )
    }

    #[test]
    fn the_form_header_quotes_its_comma_columns() {
        // "Số, ký hiệu văn bản" and "Đơn vị, người nhận bản lưu" hold a
        // comma: the writer quotes them, the reader finds the form.
        let h = header();
        assert!(h.starts_with("\u{feff}\"Số, ký hiệu văn bản\","), "{h}");
        assert_eq!(
            shape_of(h.lines().next().unwrap()).unwrap().columns,
            Columns::Form
        );
        assert!(
            shape_of(HEAD.lines().next().unwrap()).is_none(),
            "unquoted commas split"
        );
    }

    #[test]
    fn a_cut_off_last_row_is_spotted_a_whole_one_kept() {
        let head = header();
        let r = row("05", "UBND-KTTH", "19/04/2024");
        let whole = format!("{head}{r}");
        assert_eq!(torn_tail(whole.as_bytes()), None, "no newline but whole");
        let cut = format!("{head}{}", &r[..r.len() - 3]);
        assert_eq!(torn_tail(cut.as_bytes()), Some(head.len()));
        assert_eq!(torn_tail(head.as_bytes()), None);
        assert_eq!(torn_tail(head.trim_end().as_bytes()), None);
        assert_eq!(torn_tail(&head.as_bytes()[..20]), Some(0), "a cut header");
        // A row the văn thư typed: no file, no hash.
        let typed = format!("{head}07/UBND-KTTH,20/04/2024,Công văn V/v y,z,,,,,,hủy số,,,");
        assert_eq!(torn_tail(typed.as_bytes()), None);
        let (shape, rows) = parse(format!("{whole}\n").as_bytes(), "so.csv").unwrap();
        assert_eq!(shape.columns, Columns::Form);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].archive, "VT, KTTH (2)");
    }

    #[test]
    fn old_registers_are_read_in_their_own_columns() {
        let old = format!(
            "\u{feff}Số,Ký hiệu,Ngày,Loại,Trích yếu,Nơi nhận,Người ký,Tệp,SHA-256\n05,UBND-KTTH,19/04/2024,Công văn,x,y,z,a.pdf,{}\n",
            "a".repeat(64)
        );
        let (shape, rows) = parse(old.as_bytes(), "so.csv").unwrap();
        assert_eq!(shape.columns, Columns::Old);
        assert_eq!(rows[0].number_symbol(), "05/UBND-KTTH");
        assert_eq!(rows[0].sequence().agency, "UBND");
        assert_eq!(rows[0].sequence().year, 2024);
        assert_eq!(rows[0].cells(Columns::Old).len(), 9);
    }

    #[test]
    fn a_broken_cell_is_located() {
        let head = header();
        let text = format!(
            "{head}{}\n05/UBND-KTTH,31/02/2024,x,,,,,,,,,,\n",
            row("04", "UBND-KTTH", "19/04/2024")
        );
        let errs = parse(text.as_bytes(), "so.csv").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            (errs[0].pos.line, errs[0].pos.column),
            (3, 14),
            "{}",
            errs[0]
        );
        assert!(errs[0].message.contains("31/02/2024"), "{}", errs[0]);
        let short = format!("{head}05/UBND-KTTH,19/04/2024\n");
        let errs = parse(short.as_bytes(), "so.csv").unwrap_err();
        assert_eq!(
            (errs[0].pos.line, errs[0].pos.column),
            (2, 24),
            "{}",
            errs[0]
        );
        let bad = format!("{head}năm/UBND-KTTH,19/04/2024,x,,,,,,,,,,\n");
        assert_eq!(
            parse(bad.as_bytes(), "so.csv").unwrap_err()[0].pos.column,
            1
        );
    }

    #[test]
    fn sequences_per_agency_year_and_class() {
        let mut r = Row {
            number: "05".into(),
            symbol: "UBND-KTTH".into(),
            date: "19/04/2024".into(),
            kind: "Công văn".into(),
            ..Row::default()
        };
        let regular = r.sequence();
        r.symbol = "2024/QĐ-UBND".into();
        r.kind = "Quyết định".into();
        let normative = r.sequence();
        assert_eq!(normative.agency, "UBND");
        assert_eq!(normative.class, Class::Normative);
        r.symbol = "QĐ-UBND".into();
        assert_eq!(r.sequence(), regular, "công văn and quyết định share one");
        r.secrecy = "MẬT".into();
        assert_eq!(r.sequence().class, Class::Secret);
        r.secrecy.clear();
        r.date = "02/01/2025".into();
        assert_eq!(r.sequence().year, 2025);
        // A kind the văn thư typed differently: the symbol still tells.
        r.kind.clear();
        assert_eq!(r.sequence().agency, "UBND");
        assert_eq!(
            split_kind("Công văn V/v tăng cường"),
            ("Công văn".into(), "tăng cường".into())
        );
        assert_eq!(
            split_kind("Quyết định: Về việc x"),
            ("Quyết định".into(), "Về việc x".into())
        );
    }

    #[test]
    fn gaps_are_ranges_of_missing_numbers() {
        let rows: Vec<Row> = ["01", "02", "05", "05a", "09"]
            .iter()
            .map(|n| Row {
                number: n.to_string(),
                symbol: "UBND-VP".into(),
                date: "01/02/2024".into(),
                kind: "Công văn".into(),
                ..Row::default()
            })
            .collect();
        let g = gaps(&rows);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].1, vec![(3, 4), (6, 8)]);
        assert_eq!(range_text(3, 4), "03–04");
    }

    #[test]
    fn excel_semicolons_and_crlf_are_kept() {
        let head = COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(";");
        let text = format!("{head}\r\n05/UBND-KTTH;19/04/2024;Công văn V/v x;;;;;;;;;;\r\n");
        let (shape, rows) = parse(text.as_bytes(), "so.csv").unwrap();
        assert_eq!((shape.delimiter, shape.crlf), (b';', true));
        assert_eq!(rows.len(), 1);
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
