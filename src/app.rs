//! The commands: what `vanban render` does with its arguments.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cli::{Format, RenderArgs};
use crate::diag::{Diagnostic, Pos};
use crate::fonts::{FontOptions, FontSet};
use crate::layout::ND30;
use crate::model::Document;
use crate::output;
use crate::print::{self, Printed};
use crate::render::{self, PdfEngine};

/// Exit code when every document was written.
pub const EXIT_OK: u8 = 0;
/// Exit code when any input was bad or any output could not be written.
pub const EXIT_ERROR: u8 = 2;

/// Loaded once per process: fonts and the typst engine.
pub struct Renderer {
    pdf: PdfEngine,
}

impl Renderer {
    pub fn new(fonts: &FontOptions) -> Renderer {
        Renderer {
            pdf: PdfEngine::new(&FontSet::load(fonts)),
        }
    }

    /// The font family PDFs are set in.
    pub fn pdf_family(&self) -> &'static str {
        self.pdf.family()
    }

    /// Render a document to the bytes of one format.
    pub fn render(
        &self,
        printed: &Printed,
        format: Format,
    ) -> Result<Vec<u8>, render::RenderError> {
        match format {
            Format::Pdf => self.pdf.render(printed, &ND30),
            Format::Docx => render::docx(printed, &ND30),
        }
    }
}

/// `vanban render`: every file in parallel; returns the exit code. Messages
/// go to `report` (stderr in the binary).
pub fn render(args: &RenderArgs, report: &(dyn Fn(&str) + Sync)) -> u8 {
    let renderer = Renderer::new(&FontOptions {
        dirs: args.font_dirs.clone(),
        system: !args.no_system_fonts,
    });
    if args.verbose {
        report(&format!("phông chữ PDF: {}", renderer.pdf_family()));
    }
    if let Some(dir) = &args.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            report(&format!(
                "lỗi: không tạo được thư mục {} ({})",
                dir.display(),
                crate::load::io_vi(&e)
            ));
            return EXIT_ERROR;
        }
    }
    let mut formats = args.formats.clone();
    formats.dedup();

    let next = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    let out = Mutex::new(());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(args.files.len())
        .max(1);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = args.files.get(i) else { break };
                let result = render_one(&renderer, file, args.out_dir.as_deref(), &formats);
                let _guard = out.lock();
                match result {
                    Ok(written) => {
                        if args.verbose {
                            let names: Vec<String> =
                                written.iter().map(|p| p.display().to_string()).collect();
                            report(&format!("đã ghi: {}", names.join(", ")));
                        }
                    }
                    Err(diags) => {
                        failures.fetch_add(1, Ordering::Relaxed);
                        for d in diags {
                            report(&d.to_string());
                        }
                    }
                }
            });
        }
    });
    let failed = failures.into_inner();
    if failed > 0 {
        report(&format!(
            "{failed}/{} văn bản không tạo được; không có tệp nào của chúng được ghi.",
            args.files.len()
        ));
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// Load, render all formats in memory, then write them; nothing is written
/// unless every format rendered.
fn render_one(
    renderer: &Renderer,
    file: &Path,
    out_dir: Option<&Path>,
    formats: &[Format],
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let doc: Document = crate::load_file(file)?;
    let printed = print::print(&doc);
    let name = file.display().to_string();
    let mut rendered = Vec::new();
    for &f in formats {
        let bytes = renderer
            .render(&printed, f)
            .map_err(|e| vec![Diagnostic::error(&name, Pos::default(), e.to_string())])?;
        rendered.push((output::output_path(file, out_dir, f.ext()), bytes));
    }
    let mut written = Vec::new();
    for (path, bytes) in rendered {
        output::write_atomic(&path, &bytes).map_err(|e| {
            vec![Diagnostic::error(
                &name,
                Pos::default(),
                format!(
                    "không ghi được {} ({})",
                    path.display(),
                    crate::load::io_vi(&e)
                ),
            )]
        })?;
        written.push(path);
    }
    Ok(written)
}
