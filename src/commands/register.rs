//! `vanban register` (`so-dang-ky`): the outgoing register as a table on
//! the terminal, filtered by year, kind or signer; with `--kiem-tra`,
//! checked against the files — missing or changed issued files, numbered
//! documents not in the register, numbers used twice or skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::commands::cli::RegisterArgs;
use crate::engine::issued::{self, Standing};
use crate::engine::register::{self, Row};
use crate::engine::{output, Status};

/// `vanban register`: prints to `out`, messages to `report`; exit code.
pub fn run(
    args: &RegisterArgs,
    out: &mut dyn std::io::Write,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    let (shape, rows, notes) = match register::read(&args.file) {
        Ok(r) => r,
        Err(diags) => {
            diags.iter().for_each(|d| report(&d.to_string()));
            report(&format!(
                "{}: {} lỗi; sổ đăng ký không đọc được",
                args.file.display(),
                diags.len()
            ));
            return Status::Failed;
        }
    };
    notes.iter().for_each(|n| report(n));
    if shape.columns == register::Columns::Old {
        report(&format!(
            "ghi chú: {}: sổ theo mẫu cũ (9 cột); vanban đọc và ghi tiếp theo đúng mẫu đó, không chuyển đổi",
            args.file.display()
        ));
    }
    if args.kiem_tra {
        return check(args, &rows, out, report);
    }
    let kind = args.loai.as_deref().map(kind_name);
    let signer = args.nguoi_ky.as_deref().map(|s| lower(s.trim()));
    let shown: Vec<&Row> = rows
        .iter()
        .filter(|r| args.nam.is_none_or(|y| r.year() == y))
        .filter(|r| kind.as_ref().is_none_or(|k| lower(&r.kind) == lower(k)))
        .filter(|r| signer.as_ref().is_none_or(|s| lower(&r.signer).contains(s)))
        .collect();
    let _ = write_table(out, &shown);
    let _ = writeln!(out, "{} văn bản (sổ có {} dòng)", shown.len(), rows.len());
    Status::Done
}

/// A kind's name from its key (`quyet_dinh`) or its name.
fn kind_name(s: &str) -> String {
    crate::model::Kind::parse(s)
        .map(|k| k.name().to_string())
        .unwrap_or_else(|| s.trim().to_string())
}

fn lower(s: &str) -> String {
    crate::text::vn::nfc(s).to_lowercase()
}

/// The rows as a table, its columns as wide as their widest cell (the
/// subject cut to keep a line on a wide terminal).
fn write_table(out: &mut dyn std::io::Write, rows: &[&Row]) -> std::io::Result<()> {
    const SUBJECT: usize = 60;
    let head = [
        "Số, ký hiệu",
        "Ngày",
        "Tên loại và trích yếu",
        "Người ký",
        "Tệp",
    ];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.number_symbol(),
                r.date.clone(),
                cut(&r.kind_subject(), SUBJECT),
                r.signer.clone(),
                r.file.clone(),
            ]
        })
        .collect();
    let width = |i: usize| {
        cells
            .iter()
            .map(|c| c[i].chars().count())
            .chain([head[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..5).map(width).collect();
    let line = |out: &mut dyn std::io::Write, c: &[&str]| {
        let parts: Vec<String> = c
            .iter()
            .zip(&widths)
            .map(|(s, w)| format!("{s}{}", " ".repeat(w - s.chars().count())))
            .collect();
        writeln!(
            out,
            "{}",
            crate::diag::printable(parts.join(" │ ").trim_end())
        )
    };
    line(out, &head)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("─┼─"))?;
    for c in &cells {
        let refs: Vec<&str> = c.iter().map(String::as_str).collect();
        line(out, &refs)?;
    }
    Ok(())
}

/// At most `n` characters, "…" when cut.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// `--kiem-tra`: every problem, one line each; exit 2 when there is one.
fn check(
    args: &RegisterArgs,
    rows: &[Row],
    out: &mut dyn std::io::Write,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    let reg = args.file.display().to_string();
    let dirs: Vec<PathBuf> = if args.thu_muc.is_empty() {
        vec![args
            .file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()]
    } else {
        args.thu_muc.clone()
    };
    let mut problems: Vec<String> = Vec::new();

    // Numbers used twice in one sequence (a hand edit, or two registers merged).
    let mut seen: HashMap<(register::Sequence, String), &Row> = HashMap::new();
    for r in rows {
        if let Some(first) = seen.insert((r.sequence(), r.number.clone()), r) {
            problems.push(format!(
                "{reg}:{}: số {} ({}) đã có ở dòng {}: một số chỉ cấp một lần",
                r.line,
                r.number_symbol(),
                r.sequence(),
                first.line
            ));
        }
    }
    // Numbers skipped (ND30 Điều 15: numbers run on from 01).
    for (seq, missing) in register::gaps(rows) {
        let ranges: Vec<String> = missing
            .iter()
            .map(|(a, b)| register::range_text(*a, *b))
            .collect();
        problems.push(format!(
            "{reg}: {seq}: bỏ trống số {} — số phải liên tục; nếu số đã hủy hoặc giữ cho văn bản khác, ghi một dòng cho số đó với lý do ở cột Ghi chú",
            ranges.join(", ")
        ));
    }
    // Each issued file: there, and unchanged.
    for r in rows.iter().filter(|r| !r.file.is_empty()) {
        let found = dirs.iter().map(|d| d.join(&r.file)).find(|p| p.is_file());
        match found {
            None => problems.push(format!(
                "{reg}:{}: thiếu tệp {} của văn bản số {} (tìm trong {})",
                r.line,
                r.file,
                r.number_symbol(),
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(p) if !r.sha256.is_empty() => match crate::format::load::read_regular(&p) {
                Ok(b) if output::sha256_hex(&b) == r.sha256 => {}
                Ok(b) => problems.push(format!(
                    "{reg}:{}: tệp {} đã bị sửa sau khi ban hành: SHA-256 {} khác với sổ ({})",
                    r.line,
                    p.display(),
                    output::sha256_hex(&b),
                    r.sha256
                )),
                Err(e) => problems.push(format!(
                    "{reg}:{}: không đọc được {} ({})",
                    r.line,
                    p.display(),
                    crate::format::load::io_vi(&e)
                )),
            },
            Some(_) => {}
        }
    }
    // Documents with a number and a date (issued) that are not in it.
    for yaml in crate::engine::expand_inputs(&dirs) {
        let Ok(src) = crate::format::load::read(&yaml) else {
            continue;
        };
        if crate::engine::is_progress_file(&yaml, &src.text) {
            continue;
        }
        let Ok(doc) = crate::load_source(&src) else {
            continue;
        };
        if doc.is_draft() || doc.issuer.lines.is_empty() {
            continue;
        }
        let pdf = register::file_name(&output::output_path(&yaml, None, "pdf"));
        match issued::standing(rows, &doc, &pdf) {
            Standing::Issued(_) => {}
            Standing::NotIssued => problems.push(format!(
                "{}: văn bản số {} ngày {} chưa vào sổ {reg}",
                yaml.display(),
                doc.number_symbol(),
                doc.date
                    .full()
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default()
            )),
            Standing::NumberTaken(r) => problems.push(format!(
                "{}: số {} đã cấp cho {} (dòng {} của sổ {reg})",
                yaml.display(),
                doc.number_symbol(),
                r.file,
                r.line
            )),
        }
    }

    for p in &problems {
        report(&format!("lỗi: {p}"));
    }
    let _ = writeln!(out, "{reg}: {} dòng, {} vấn đề", rows.len(), problems.len());
    if problems.is_empty() {
        Status::Done
    } else {
        Status::Failed
    }
}
