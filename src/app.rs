//! The commands: what `vanban render` does with its arguments.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cli::{Format, RenderArgs};
use crate::diag::{Diagnostic, Pos};
use crate::fonts::{FontOptions, FontSet};
use crate::layout::ND30;
use crate::model::Document;
use crate::model::PdfA;
use crate::output;
use crate::print::{self, Printed};
use crate::record::Record;
use crate::render::{self, PdfEngine, PdfSettings, RenderedPdf};

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

    /// Render a document to the bytes of one format. A PDF/A also carries
    /// the Phụ lục VI fields in its XMP.
    pub fn render(
        &self,
        doc: &Document,
        printed: &Printed,
        format: Format,
        pdf: &PdfSettings,
    ) -> Result<Vec<u8>, render::RenderError> {
        match format {
            Format::Pdf => self.pdf(doc, printed, pdf).map(|r| r.bytes),
            Format::Docx => render::docx(printed, &ND30),
        }
    }

    /// Render the PDF; returns it with its page count.
    pub fn pdf(
        &self,
        doc: &Document,
        printed: &Printed,
        settings: &PdfSettings,
    ) -> Result<RenderedPdf, render::RenderError> {
        let mut out = self.pdf.render(printed, &ND30, settings)?;
        if settings.pdfa.is_some() {
            let record = Record::new(doc, out.pages);
            out.bytes =
                render::xmp::add_record(&out.bytes, &record).map_err(render::RenderError::Pdf)?;
        }
        Ok(out)
    }
}

/// `vanban archive`.
pub fn archive(args: &crate::cli::ArchiveArgs, report: &(dyn Fn(&str) + Sync)) -> u8 {
    let pdfa = args.pdfa.map(PdfA::from);
    if args.kem_nguon && matches!(pdfa, Some(PdfA::A2b | PdfA::A2u)) {
        report("lỗi: --kem-nguon cần PDF/A-3 (PDF/A-2 không cho đính kèm tệp); bỏ --pdfa hoặc dùng --pdfa 3b");
        return EXIT_ERROR;
    }
    let opts = crate::archive::ArchiveOptions {
        out_dir: args.out_dir.clone(),
        pdfa: pdfa.unwrap_or(if args.kem_nguon { PdfA::A3b } else { PdfA::A2b }),
        attach_source: args.kem_nguon,
        name_pattern: args
            .ten_tep
            .clone()
            .unwrap_or_else(|| crate::archive::DEFAULT_PATTERN.to_string()),
    };
    let renderer = Renderer::new(&archive_fonts(&args.font_dirs));
    crate::archive::archive(&renderer, &args.inputs, &opts, report)
}

/// `vanban remind`.
pub fn remind(args: &crate::cli::RemindArgs, report: &(dyn Fn(&str) + Sync)) -> u8 {
    let date = |s: &Option<String>, flag: &str| -> Result<Option<chrono::NaiveDate>, String> {
        match s {
            None => Ok(None),
            Some(s) => crate::vn::DocDate::parse(s)
                .ok()
                .and_then(|d| d.full())
                .map(Some)
                .ok_or_else(|| format!("lỗi: {flag} `{s}` không phải ngày dạng YYYY-MM-DD")),
        }
    };
    let parsed = (|| {
        let today =
            date(&args.ngay, "--ngay")?.unwrap_or_else(|| chrono::Local::now().date_naive());
        let new_deadline = date(&args.han, "--han")?.unwrap_or(today + chrono::Duration::days(15));
        let default_deadline = date(&args.han_mac_dinh, "--han-mac-dinh")?;
        Ok::<_, String>((today, new_deadline, default_deadline))
    })();
    let (today, new_deadline, default_deadline) = match parsed {
        Ok(x) => x,
        Err(m) => {
            report(&m);
            return EXIT_ERROR;
        }
    };
    let out_dir = args.out_dir.clone().unwrap_or_else(|| {
        args.directive
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    let mut formats = args.formats.clone();
    formats.dedup();
    let opts = crate::remind::RemindOptions {
        directive: args.directive.clone(),
        progress: args.tien_do.clone(),
        date: today,
        new_deadline,
        default_deadline,
        combined: args.gop,
        out_dir,
        formats,
        write_yaml: args.yaml,
        templates: args.templates.clone(),
        first_number: args.so_bat_dau,
        register: args.so_dang_ky.clone(),
        pdf: PdfSettings {
            pdfa: args.pdfa.map(PdfA::from),
            attachment: None,
        },
    };
    let renderer = Renderer::new(&FontOptions {
        dirs: args.font_dirs.clone(),
        system: !args.no_system_fonts,
    });
    crate::remind::remind(&renderer, &opts, report)
}

/// `vanban verify`.
pub fn verify(args: &crate::cli::VerifyArgs, report: &(dyn Fn(&str) + Sync)) -> u8 {
    let renderer = Renderer::new(&archive_fonts(&args.font_dirs));
    crate::archive::verify(&renderer, &args.dir, args.nguon.as_deref(), report)
}

/// Archives never use system fonts: a re-render elsewhere must match.
fn archive_fonts(dirs: &[PathBuf]) -> FontOptions {
    FontOptions {
        dirs: dirs.to_vec(),
        system: false,
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

    let results = parallel(&args.files, |file| {
        render_one(&renderer, file, args, &formats)
    });
    let mut failed = 0;
    for result in results {
        match result {
            Ok(written) => {
                if args.verbose {
                    let names: Vec<String> =
                        written.iter().map(|p| p.display().to_string()).collect();
                    report(&format!("đã ghi: {}", names.join(", ")));
                }
            }
            Err(diags) => {
                failed += 1;
                diags.iter().for_each(|d| report(&d.to_string()));
            }
        }
    }
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

/// Apply `f` to every item on all cores; results in the items' order.
pub fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    parallel_with_progress(items, false, &|_| {}, f)
}

/// Whether a batch of `n` deserves a progress bar: long, and stderr is a
/// terminal.
pub fn progress_wanted(n: usize) -> bool {
    use std::io::IsTerminal;
    n >= 20 && std::io::stderr().is_terminal()
}

/// [`parallel`], drawing a progress bar on stderr when `show`.
pub fn parallel_with_progress<T: Sync, R: Send>(
    items: &[T],
    show: bool,
    _report: &(dyn Fn(&str) + Sync),
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let done = AtomicUsize::new(0);
    let bar = |n: usize| {
        if show {
            let width = 30;
            let filled = n * width / items.len().max(1);
            eprint!(
                "\r[{}{}] {n}/{}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                items.len()
            );
            if n == items.len() {
                eprintln!();
            }
        }
    };
    let g = |item: &T| {
        let r = f(item);
        bar(done.fetch_add(1, Ordering::Relaxed) + 1);
        r
    };
    parallel_inner(items, g)
}

fn parallel_inner<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            });
        }
    });
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item ran")
        })
        .collect()
}

/// Load, render all formats in memory, then write them; nothing is written
/// unless every format rendered.
fn render_one(
    renderer: &Renderer,
    file: &Path,
    args: &RenderArgs,
    formats: &[Format],
) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let doc: Document = crate::load_file(file)?;
    let printed = print::print(&doc);
    let name = file.display().to_string();
    // The command line's --pdfa wins over the document's own `pdfa:`.
    let settings = PdfSettings {
        pdfa: args.pdfa.map(PdfA::from).or(doc.pdfa),
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
    let mut rendered = Vec::new();
    for &f in formats {
        let bytes = renderer
            .render(&doc, &printed, f, &settings)
            .map_err(|e| vec![Diagnostic::error(&name, Pos::default(), e.to_string())])?;
        rendered.push((
            output::output_path(file, args.out_dir.as_deref(), f.ext()),
            bytes,
        ));
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
