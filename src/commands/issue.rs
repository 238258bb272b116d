//! `vanban issue` (`ban-hanh`): the văn thư's step from a signed draft to an
//! issued document (Nghị định 30, Điều 15–16).
//!
//! Under the register's lock: take the next number of the document's
//! sequence (or the one asked for with `--so`, refused if taken), write the
//! number and the date into the clerk's YAML changing only those two values
//! ([`crate::format::edit`]), render the issued PDF (PDF/A) and DOCX,
//! write the three files all or nothing and append the register row with
//! the PDF's SHA-256. A failure leaves the YAML, the register and the
//! outputs as they were; two `issue` runs on one register take turns on
//! its lock and never get the same number.

use std::path::{Path, PathBuf};

use crate::commands::cli::{Format, IssueArgs};
use crate::diag::{Diagnostic, Pos};
use crate::engine::register::{self, Prepared, Register, Row, Sequence};
use crate::engine::{issued, output, Error, Renderer, Status};
use crate::format::load::{self, SourceFile};
use crate::render::print;

/// `vanban issue`: returns the exit code.
pub fn run(args: &IssueArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    match issue(args, report) {
        Ok(()) => Status::Done,
        Err(e) => e.report(report),
    }
}

fn issue(args: &IssueArgs, report: &(dyn Fn(&str) + Sync)) -> Result<(), Error> {
    let file = &args.file;
    let name = file.display().to_string();
    let fail = |msg: String| Error::Input(vec![Diagnostic::error(&name, Pos::default(), msg)]);

    // The clerk's file as it is, byte-order mark and all.
    let bytes = load::read_bytes(file).map_err(|d| Error::Input(vec![d]))?;
    let src = load::decode(file, bytes.clone()).map_err(Error::Input)?;
    let original = String::from_utf8(bytes).map_err(|_| fail("tệp không phải UTF-8".into()))?;
    if crate::engine::is_progress_file(file, &src.text) {
        return Err(fail(
            "tệp tiến độ, không phải văn bản: không ban hành".into(),
        ));
    }
    let raw = load::parse(&src).map_err(Error::Input)?;
    let (doc, warnings) = crate::load_checked(&src, &Default::default()).map_err(Error::Input)?;
    warnings.iter().for_each(|w| report(&w.to_string()));

    // The issue date: --ngay, else today.
    let date = match &args.ngay {
        Some(s) => chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            Error::Other(format!(
                "--ngay `{s}` không hợp lệ (cần YYYY-MM-DD, ví dụ 2024-04-19)"
            ))
        })?,
        None => chrono::Local::now().date_naive(),
    };
    let date_text = date.format("%Y-%m-%d").to_string();

    // The register: --so-dang-ky, else the folder's `.vanban.yaml`.
    let project = crate::format::project::for_document(file).map_err(Error::Input)?;
    let register_path = args
        .so_dang_ky
        .clone()
        .or_else(|| project.as_ref().and_then(|p| p.register()))
        .ok_or_else(|| {
            Error::Other(
                "chưa chỉ sổ đăng ký văn bản đi\n  = gợi ý: thêm --so-dang-ky SỔ.csv, hoặc ghi `so_dang_ky: SỔ.csv` trong .vanban.yaml của thư mục".into(),
            )
        })?;
    // A number written in the draft (kept for it) is taken as --so.
    let wanted = args.so.clone().or_else(|| doc.number.clone());

    let renderer = Renderer::new(&issued::fonts(&args.font_dirs)).map_err(Error::Other)?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| Error::folder(dir, &e))?;
    }
    let pdf_path = output::output_path(file, args.out_dir.as_deref(), Format::Pdf.ext());
    let docx_path = output::output_path(file, args.out_dir.as_deref(), Format::Docx.ext());
    for dir in [pdf_path.parent(), file.parent()].into_iter().flatten() {
        if let Some(note) = output::stale_note(dir, &output::clean_stale_temps(dir)) {
            report(&note);
        }
    }
    // Opening the register finishes what a killed run left half done
    // (perhaps this very document), before anything is decided.
    let (reg, notes) = Register::open(&register_path).map_err(|d| Error::Input(vec![d]))?;
    notes.iter().for_each(|n| report(n));
    if doc.issuer.lines.is_empty() {
        return Err(fail(
            "biên bản không có cơ quan ban hành thì không có số: không cấp số".into(),
        ));
    }
    if doc.number.is_some() && doc.date.full().is_some() {
        return Err(Error::Input(vec![Diagnostic::error(
            &name,
            Pos::of(&raw.ngay.referenced),
            format!(
                "văn bản đã có số {} và ngày ban hành: đã ban hành rồi",
                doc.number_symbol()
            ),
        )
        .with_source(&src.text)
        .hint("gợi ý: in lại bằng `vanban render`; văn bản sửa đổi, đính chính là văn bản mới: `vanban new --tu TỆP.yaml`")]));
    }

    let mut seq = Sequence::of(&doc);
    seq.year = chrono::Datelike::year(&date);
    let pdf_name = register::file_name(&pdf_path);
    let mut changes = None;
    let mut notes = Vec::new();
    let started = std::time::Instant::now();
    let row = reg.issue(
        &seq,
        wanted.as_deref(),
        &pdf_name,
        |number| {
            let (text, ch) = crate::format::edit::issue(&original, &raw, number, &date_text)?;
            changes = Some(ch);
            prepare(
                &renderer,
                file,
                &src,
                &doc,
                &text,
                number,
                &date,
                [&pdf_path, &docx_path],
            )
        },
        &mut notes,
    );
    notes.iter().for_each(|n| report(n));
    let row = row.map_err(|m| Error::Other(format!("{name}: {m}; không ghi gì")))?;

    if let Some(ch) = changes {
        if ch.inserted_number {
            report(&format!(
                "ghi chú: {name}: đã thêm dòng `so:` trước `ngay:`"
            ));
        }
        if let Some(line) = ch.removed_draft {
            report(&format!(
                "ghi chú: {name}: đã bỏ dòng `{line}` — văn bản đã ban hành không còn là dự thảo"
            ));
        }
    }
    report(&format!(
        "đã ban hành: {} số {} ngày {} ({seq}) — {}, {}, {}; vào {} ({:.2} s)",
        row.kind,
        row.number_symbol(),
        row.date,
        pdf_path.display(),
        docx_path.display(),
        file.display(),
        reg.name(),
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// Under the lock, with the number chosen: the edited YAML checked back,
/// the PDF/A and the DOCX, and the row. The YAML comes last among the
/// outputs, so that a run killed while renaming leaves the draft as it
/// was rather than a numbered YAML without its PDF.
#[allow(clippy::too_many_arguments)]
fn prepare(
    renderer: &Renderer,
    file: &Path,
    src: &SourceFile,
    draft: &crate::model::Document,
    text: &str,
    number: &str,
    date: &chrono::NaiveDate,
    [pdf_path, docx_path]: [&PathBuf; 2],
) -> Result<Prepared, String> {
    let edited = SourceFile {
        path: src.path.clone(),
        name: src.name.clone(),
        text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
    };
    let (doc, _) = crate::load_checked(&edited, &Default::default()).map_err(|d| {
        let text: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        format!(
            "văn bản sau khi ghi số và ngày không hợp lệ:\n{}",
            text.join("\n")
        )
    })?;
    // The edit changed the number and the date, and nothing else.
    let mut same = doc.clone();
    same.number = draft.number.clone();
    same.date = draft.date;
    same.draft = draft.draft;
    if doc.number.as_deref() != Some(number)
        || doc.date.full() != Some(*date)
        || doc.is_draft()
        || same != *draft
    {
        return Err(
            "lỗi của vanban: sửa tệp YAML làm đổi nội dung khác ngoài số và ngày; không ghi gì"
                .into(),
        );
    }
    let printed = print::print(&doc);
    let images = crate::engine::images_for(file, &printed).map_err(|d| d.to_string())?;
    let settings = issued::pdf_settings(&doc);
    let pdf = renderer
        .render(&doc, &printed, &images, Format::Pdf, &settings)
        .map_err(|e| e.to_string())?;
    let docx = renderer
        .render(&doc, &printed, &images, Format::Docx, &settings)
        .map_err(|e| e.to_string())?;
    let row = Row::of(
        &doc,
        &register::file_name(pdf_path),
        &output::sha256_hex(&pdf),
    );
    Ok(Prepared {
        row,
        outputs: vec![
            (pdf_path.clone(), pdf),
            (docx_path.clone(), docx),
            (file.to_path_buf(), text.as_bytes().to_vec()),
        ],
    })
}
