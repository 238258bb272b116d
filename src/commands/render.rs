//! `vanban render`: documents to PDF and DOCX, in parallel, written
//! atomically, optionally entered in the register.

use std::path::{Path, PathBuf};

use crate::commands::cli::{Format, RenderArgs};
use crate::diag::{Diagnostic, Pos};
use crate::engine::{
    expand_inputs, output, parallel_with_progress, progress_wanted, Renderer, EXIT_ERROR, EXIT_OK,
};
use crate::model::{Document, PdfA};
use crate::render::print;
use crate::render::PdfSettings;

/// `vanban render`: every file in parallel; returns the exit code. Messages
/// go to `report` (stderr in the binary).
pub fn run(args: &RenderArgs, report: &(dyn Fn(&str) + Sync)) -> u8 {
    let renderer = Renderer::new(&args.output.fonts());
    if args.verbose {
        report(&format!("phông chữ PDF: {}", renderer.pdf_family()));
    }
    if let Some(dir) = &args.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            report(&format!(
                "lỗi: không tạo được thư mục {} ({})",
                dir.display(),
                crate::format::load::io_vi(&e)
            ));
            return EXIT_ERROR;
        }
    }
    let formats = args.output.formats();
    let mut register = match args
        .so_dang_ky
        .as_deref()
        .map(crate::engine::register::Register::open)
    {
        Some(Err(d)) => {
            report(&d.to_string());
            return EXIT_ERROR;
        }
        r => r.map(Result::unwrap),
    };

    let start = std::time::Instant::now();
    let files = expand_inputs(&args.files);
    let show = progress_wanted(files.len());
    let results = parallel_with_progress(&files, show, report, |file| {
        render_one(&renderer, file, args, &formats)
    });
    let (mut failed, mut done, mut skipped) = (0, 0, 0);
    for (file, result) in files.iter().zip(results) {
        let name = file.display().to_string();
        let outcome = match result {
            Ok(o) => o,
            Err(diags) => {
                failed += 1;
                diags.iter().for_each(|d| report(&d.to_string()));
                continue;
            }
        };
        let Outcome::Rendered {
            doc,
            outputs,
            warnings,
        } = outcome
        else {
            skipped += 1;
            report(&crate::engine::progress_note(file));
            continue;
        };
        warnings.iter().for_each(|w| report(&w.to_string()));
        if let (Some(reg), Some((path, bytes))) = (register.as_mut(), outputs.first()) {
            if doc.number.is_some() {
                let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if let Err(m) = reg.add(&doc, file_name, &crate::engine::output::sha256_hex(bytes))
                {
                    failed += 1;
                    report(&format!(
                        "lỗi: {name}: {m}; không ghi tệp nào của văn bản này"
                    ));
                    continue;
                }
            }
        }
        let files: Vec<(PathBuf, &[u8])> = outputs
            .iter()
            .map(|(p, b)| (p.clone(), b.as_slice()))
            .collect();
        if let Err(m) = output::write_all(&files) {
            failed += 1;
            report(&format!("lỗi: {m}"));
            continue;
        }
        let written: Vec<String> = outputs
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        done += 1;
        if args.verbose {
            report(&format!("đã ghi: {}", written.join(", ")));
        }
    }
    if let Some(reg) = &register {
        if let Err(e) = reg.save() {
            failed += 1;
            report(&format!(
                "lỗi: không ghi được sổ đăng ký ({})",
                crate::format::load::io_vi(&e)
            ));
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
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// What became of one input of `render`.
enum Outcome {
    /// Rendered in memory; not yet written.
    Rendered {
        doc: Box<Document>,
        outputs: Vec<(PathBuf, Vec<u8>)>,
        /// Rule warnings: printed, never blocking.
        warnings: Vec<Diagnostic>,
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
    let mut outputs = Vec::new();
    for &f in formats {
        let bytes = renderer
            .render(&doc, &printed, f, &settings)
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
    })
}
