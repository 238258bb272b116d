//! `vanban render`: documents to PDF and DOCX, in parallel, written
//! atomically, optionally entered in the register.

use std::path::{Path, PathBuf};

use crate::commands::cli::{Format, RenderArgs};
use crate::diag::{Diagnostic, Pos};
use crate::engine::register::Register;

use crate::engine::{
    expand_inputs, issued, output, parallel_with_progress, progress_wanted, Error, Renderer, Status,
};
use crate::model::{Document, PdfA};
use crate::render::print;
use crate::render::PdfSettings;

/// `vanban render`: every file in parallel; returns the exit code. Messages
/// go to `report` (stderr in the binary).
pub fn run(args: &RenderArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    let files = expand_inputs(&args.files);
    let formats = args.output.formats();
    // Two inputs that would write the same file: refuse before any work.
    if let Some(clash) = clashes(&files, args.out_dir.as_deref()) {
        return Error::Other(clash).report(report);
    }
    let renderer = match Renderer::new(&args.output.fonts()) {
        Ok(r) => r,
        Err(m) => return Error::Other(m).report(report),
    };
    if args.verbose {
        report(&format!("phông chữ PDF: {}", renderer.pdf_family()));
    }
    if let Some(dir) = &args.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Error::folder(dir, &e).report(report);
        }
    }
    let register = match Register::open_given(args.so_dang_ky.as_deref(), report) {
        Ok(r) => r,
        Err(d) => {
            report(&d.to_string());
            return Status::Failed;
        }
    };
    // Issue 15: the registers that say which documents are issued (and so
    // frozen): --so-dang-ky, else each folder's `.vanban.yaml`.
    let frozen = match issued::Registers::load(&files, register.as_ref(), args.out_dir.as_deref()) {
        Ok(registers) => Frozen { registers },
        Err(e) => return e.report(report),
    };
    let issued_renderer = std::sync::OnceLock::new();
    // What a killed earlier run left in the output folders.
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| output::output_path(f, args.out_dir.as_deref(), "pdf"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        if let Some(note) = output::stale_note(dir, &output::clean_stale_temps(dir)) {
            report(&note);
        }
    }

    let start = std::time::Instant::now();
    let show = progress_wanted(files.len());
    let results = parallel_with_progress(&files, show, report, |file| {
        let outcome = render_one(&renderer, file, args, &formats)?;
        frozen.apply(outcome, file, args, &issued_renderer)
    });
    let (mut failed, mut done, mut skipped) = (0, 0, 0);
    for (file, result) in files.iter().zip(results) {
        let name = file.display().to_string();
        let outcome = match result {
            Ok(o) => o,
            Err(diags) => {
                failed += 1;
                Error::Input(diags).report(report);
                continue;
            }
        };
        let Outcome::Rendered {
            doc,
            outputs,
            warnings,
            amended,
        } = outcome
        else {
            skipped += 1;
            report(&crate::engine::progress_note(file));
            continue;
        };
        warnings.iter().for_each(|w| report(&w.to_string()));
        let files: Vec<(PathBuf, &[u8])> = outputs
            .iter()
            .map(|(p, b)| (p.clone(), b.as_slice()))
            .collect();
        // A numbered document goes into the register only once every file
        // of it is in place; a number already used stops the writing.
        if let Some(w) = &amended {
            report(w);
        }
        let written = match (&register, &doc.number) {
            // A changed issued document goes under a new name, not into
            // the register: it is not a new number.
            _ if amended.is_some() => output::write_all(&files).map_err(Error::from),
            (Some(reg), Some(_)) => {
                let mut notes = Vec::new();
                let r = reg.enter(&doc, &files, || output::write_all(&files), &mut notes);
                notes.iter().for_each(|n| report(n));
                r.map(|_| ()).map_err(|m| {
                    Error::Other(format!("{name}: {m}; không ghi tệp nào của văn bản này"))
                })
            }
            _ => output::write_all(&files).map_err(Error::from),
        };
        if let Err(e) = written {
            failed += 1;
            e.report(report);
            continue;
        }
        done += 1;
        if args.verbose {
            let written: Vec<String> = outputs
                .iter()
                .map(|(p, _)| p.display().to_string())
                .collect();
            report(&format!("đã ghi: {}", written.join(", ")));
        }
    }
    if files.len() > 1 || failed > 0 {
        let skipped = if skipped > 0 {
            format!(", {skipped} bỏ qua")
        } else {
            String::new()
        };
        report(&format!(
            "{done} văn bản trong {:.2} s{skipped}; {failed} lỗi",
            start.elapsed().as_secs_f64()
        ));
    }
    if failed > 0 {
        Status::Failed
    } else {
        Status::Done
    }
}

/// Two inputs whose outputs would have the same name in one folder (the
/// second would silently replace the first): the message naming both.
fn clashes(files: &[PathBuf], out_dir: Option<&Path>) -> Option<String> {
    let mut seen: std::collections::HashMap<PathBuf, &PathBuf> = std::collections::HashMap::new();
    for f in files {
        let out = output::output_path(f, out_dir, "pdf");
        let dir = out.parent().unwrap_or(Path::new(""));
        let dir = std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .unwrap_or_else(|_| dir.to_path_buf());
        let mut stem = out
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // Names differing only in case are one file on Windows and macOS.
        if cfg!(any(windows, target_os = "macos")) {
            stem = stem.to_lowercase();
        }
        // A progress file writes nothing (read again only in this rare case).
        let progress = |p: &Path| {
            crate::format::load::read(p).is_ok_and(|s| crate::engine::is_progress_file(p, &s.text))
        };
        let key = dir.join(stem);
        if let Some(first) = seen.get(&key) {
            if progress(f) {
                continue;
            }
            if progress(first) {
                seen.insert(key, f);
                continue;
            }
            return Some(format!(
                "{} và {} cùng ghi ra {} (và .docx): tệp sau sẽ đè mất tệp trước; không ghi gì\n  = gợi ý: đổi tên một trong hai tệp YAML, hoặc bỏ -o để mỗi văn bản ghi cạnh tệp YAML của nó",
                first.display(),
                f.display(),
                out.display()
            ));
        }
        seen.insert(key, f);
    }
    None
}

/// What became of one input of `render`.
enum Outcome {
    /// Rendered in memory; not yet written.
    Rendered {
        doc: Box<Document>,
        outputs: Vec<(PathBuf, Vec<u8>)>,
        /// Rule warnings: printed, never blocking.
        warnings: Vec<Diagnostic>,
        /// An issued document changed since: the warning; its outputs are
        /// under a new name (issue 15).
        amended: Option<String>,
    },
    /// A progress file (`tien_do:`), which `remind` reads.
    Skipped,
}

/// Load, render all formats in memory, then write them; nothing is written
/// unless every format rendered.
fn render_one(
    renderer: &Renderer,
    file: &Path,
    args: &RenderArgs,
    formats: &[Format],
) -> Result<Outcome, Vec<Diagnostic>> {
    let src = crate::format::load::read(file)?;
    if crate::engine::is_progress_file(file, &src.text) {
        return Ok(Outcome::Skipped);
    }
    let (doc, warnings) = crate::load_checked(&src, &crate::rules::CheckOptions::default())?;
    let printed = print::print(&doc);
    let name = file.display().to_string();
    // The command line's --pdfa wins over the document's own `pdfa:`.
    let settings = PdfSettings {
        pdfa: args.output.pdfa.map(PdfA::from).or(doc.pdfa),
        attachment: None,
    };
    if settings.pdfa.is_some() && doc.date.full().is_none() {
        return Err(vec![Diagnostic::error(
            &name,
            Pos::default(),
            "PDF/A cần ngày ban hành đầy đủ; bản dự thảo chưa có ngày",
        )
        .field("ngay")
        .hint(
            "gợi ý: bỏ --pdfa (hoặc `pdfa:`) khi in bản dự thảo, hoặc ghi đủ `ngay: YYYY-MM-DD`",
        )]);
    }
    let images = crate::engine::images_for(file, &printed).map_err(|d| vec![d])?;
    let mut outputs = Vec::new();
    for &f in formats {
        let bytes = renderer
            .render(&doc, &printed, &images, f, &settings)
            .map_err(|e| vec![Diagnostic::error(&name, Pos::default(), e.to_string())])?;
        outputs.push((
            output::output_path(file, args.out_dir.as_deref(), f.ext()),
            bytes,
        ));
    }
    Ok(Outcome::Rendered {
        doc: Box::new(doc),
        outputs,
        warnings,
        amended: None,
    })
}

/// Issue 15: the registers that cover the inputs; an issued document is
/// frozen.
struct Frozen {
    registers: issued::Registers,
}

impl Frozen {
    /// An issued document rendered again: unchanged, its files are written
    /// as issued (the bytes the register's hash names); changed, the new
    /// files go under `<stem>-sua-doi-N` with a warning, never over the
    /// issued ones.
    fn apply(
        &self,
        outcome: Outcome,
        file: &Path,
        args: &RenderArgs,
        issued_renderer: &std::sync::OnceLock<Result<Renderer, String>>,
    ) -> Result<Outcome, Vec<Diagnostic>> {
        let Outcome::Rendered {
            doc,
            mut outputs,
            warnings,
            amended: _,
        } = outcome
        else {
            return Ok(outcome);
        };
        let name = file.display().to_string();
        let pdf_path = output::output_path(file, args.out_dir.as_deref(), "pdf");
        let pdf_name = crate::engine::register::file_name(&pdf_path);
        let standing = match self.registers.for_file(file) {
            Some(rows) => issued::standing(rows, &doc, &pdf_name),
            None => issued::Standing::NotIssued,
        };
        let mut amended = None;
        let mut warnings = warnings;
        match standing {
            issued::Standing::NotIssued => {}
            issued::Standing::NumberTaken(r) => {
                if args.so_dang_ky.is_none() {
                    warnings.push(Diagnostic::warning(
                        &name,
                        Pos::default(),
                        format!(
                            "số {} đã cấp cho {} trong sổ đăng ký (dòng {})",
                            doc.number_symbol(),
                            r.file,
                            r.line
                        ),
                    ));
                }
            }
            issued::Standing::Issued(row) => {
                let rendered = outputs.iter().position(|(p, _)| *p == pdf_path);
                let same = |b: &[u8]| output::sha256_hex(b) == row.sha256;
                if !rendered.is_some_and(|i| same(&outputs[i].1)) {
                    // Render as `issue` does: bundled fonts, PDF/A.
                    let r = issued_renderer
                        .get_or_init(|| Renderer::new(&issued::fonts(&args.output.font_dirs)))
                        .as_ref()
                        .map_err(|m| vec![Diagnostic::error(&name, Pos::default(), m.clone())])?;
                    let printed = print::print(&doc);
                    let images = crate::engine::images_for(file, &printed).map_err(|d| vec![d])?;
                    let pdf = r
                        .render(
                            &doc,
                            &printed,
                            &images,
                            Format::Pdf,
                            &issued::pdf_settings(&doc),
                        )
                        .map_err(|e| {
                            vec![Diagnostic::error(&name, Pos::default(), e.to_string())]
                        })?;
                    if same(&pdf) {
                        // Unchanged: the PDF written is the issued one.
                        if let Some(i) = rendered {
                            outputs[i].1 = pdf;
                        }
                    } else {
                        let dir = pdf_path.parent().unwrap_or(Path::new(""));
                        let stem = file
                            .file_stem()
                            .and_then(|s| s.to_str())
                            .unwrap_or("van-ban");
                        let probe = rendered.map(|i| outputs[i].1.as_slice()).unwrap_or(&pdf);
                        let new_stem = issued::amended_stem(dir, stem, probe);
                        for (p, _) in outputs.iter_mut() {
                            let ext = p
                                .extension()
                                .and_then(|e| e.to_str())
                                .unwrap_or("pdf")
                                .to_string();
                            *p = dir.join(format!("{new_stem}.{ext}"));
                        }
                        amended = Some(format!(
                            "cảnh báo: {name}: văn bản số {} đã ban hành ({} trong sổ, dòng {}) nhưng nội dung đã đổi: tệp in ra khác SHA-256 trong sổ; không ghi đè tệp đã ban hành, ghi ra {}\n  = gợi ý: sửa văn bản đã ban hành bằng một văn bản mới: `vanban new --tu {name}` (đính chính) hoặc `--thay-the`",
                            row.number_symbol(),
                            row.file,
                            row.line,
                            outputs
                                .iter()
                                .map(|(p, _)| p.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
            }
        }
        Ok(Outcome::Rendered {
            doc,
            outputs,
            warnings,
            amended,
        })
    }
}
