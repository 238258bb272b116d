//! The one engine every command drives: the renderer (fonts and the typst
//! world loaded once per process), the batch runner (inputs in parallel,
//! results in order) and the exit codes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub mod issued;
pub mod output;
pub mod register;
pub mod trial;

use crate::commands::cli::Format;
use crate::diag::Diagnostic;
use crate::model::record::Record;
use crate::model::Document;
use crate::render::fonts::{FontOptions, FontSet};
use crate::render::layout::ND30;
use crate::render::print::Printed;
use crate::render::{self, Image, PdfEngine, PdfSettings, RenderedPdf};

/// How a command ended: the one place where exit codes are decided (the
/// binary returns [`Status::code`]; clap's usage errors use it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything asked for was done: exit code 0.
    Done,
    /// `check --strict` found warnings and no error: exit code 1.
    Warnings,
    /// An input was bad, an output could not be written, or the command
    /// line asked for the impossible: exit code 2. Every [`Error`] ends so.
    Failed,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Done => 0,
            Status::Warnings => 1,
            Status::Failed => 2,
        }
    }
}

/// What stops a command, or one document of a batch; shown in Vietnamese.
/// Every error ends the command with [`Status::Failed`].
#[derive(Debug)]
pub enum Error {
    /// Located problems in an input file.
    Input(Vec<Diagnostic>),
    /// A file that could not be written.
    Write(output::WriteError),
    /// Anything else, already in words (a folder that cannot be created,
    /// a register number already used, fonts that cannot be loaded).
    Other(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Input(diags) => {
                let text: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
                f.write_str(text.join("\n").trim_end())
            }
            Error::Write(e) => write!(f, "lỗi: {e}"),
            Error::Other(m) => write!(f, "lỗi: {m}"),
        }
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(d: Vec<Diagnostic>) -> Error {
        Error::Input(d)
    }
}

impl From<output::WriteError> for Error {
    fn from(e: output::WriteError) -> Error {
        Error::Write(e)
    }
}

impl Error {
    /// A folder that could not be created.
    pub fn folder(dir: &Path, e: &std::io::Error) -> Error {
        Error::Other(format!(
            "không tạo được thư mục {} ({})",
            dir.display(),
            crate::format::load::io_vi(e)
        ))
    }

    /// Report the error; the status it ends the command with.
    pub fn report(&self, report: &(dyn Fn(&str) + Sync)) -> Status {
        report(&self.to_string());
        Status::Failed
    }
}

/// Loaded once per process: fonts and the typst engine.
pub struct Renderer {
    pdf: PdfEngine,
}

impl Renderer {
    /// Load the fonts and prepare typst; a `--font-dir` that is not a
    /// folder is an error (the Vietnamese message).
    pub fn new(fonts: &FontOptions) -> Result<Renderer, String> {
        Ok(Renderer {
            pdf: PdfEngine::new(&FontSet::load(fonts)?),
        })
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
        images: &[Image],
        format: Format,
        pdf: &PdfSettings,
    ) -> Result<Vec<u8>, render::RenderError> {
        match format {
            Format::Pdf => self.pdf(doc, printed, images, pdf).map(|r| r.bytes),
            Format::Docx => render::docx(printed, &ND30, images),
        }
    }

    /// Render the PDF; returns it with its page count.
    pub fn pdf(
        &self,
        doc: &Document,
        printed: &Printed,
        images: &[Image],
        settings: &PdfSettings,
    ) -> Result<RenderedPdf, render::RenderError> {
        let mut out = self.pdf.render(printed, images, &ND30, settings)?;
        if settings.pdfa.is_some() {
            let record = Record::new(doc, out.pages);
            out.bytes =
                render::xmp::add_record(&out.bytes, &record).map_err(render::RenderError::Pdf)?;
        }
        // Issue 16: a document to be signed gets the empty signature field
        // `NguoiKy` over its signature space: one with `ky_so:`, and every
        // PDF/A of a numbered, dated document — the electronic original
        // that the signer and the agency sign (Phụ lục I). So the file
        // `issue` registers and the copy `archive` keeps are the same bytes,
        // and signing never needs a re-render (which would make the file
        // differ from the register).
        let signable = doc.signing.is_some() || (settings.pdfa.is_some() && !doc.is_draft());
        if let (true, Some(b)) = (signable, &out.signature_box) {
            out.bytes = crate::sign::fields::add_signer_field(&out.bytes, b)
                .map_err(render::RenderError::Pdf)?;
        }
        Ok(out)
    }
}

impl Renderer {
    /// Lay out a document into the pages its PDF prints (same fonts, World
    /// and template), for the editor's page pictures
    /// ([`render::svg`](crate::render::svg)). Warm: typst memoises between
    /// calls, so after a small edit only what changed is laid out again.
    pub fn pages(
        &self,
        printed: &Printed,
        images: &[Image],
    ) -> Result<typst_layout::PagedDocument, render::RenderError> {
        self.pdf.layout(printed, images, &ND30)
    }
}

/// The images a document shows, read from the folder of its file.
pub fn images_for(file: &Path, printed: &Printed) -> Result<Vec<Image>, crate::diag::Diagnostic> {
    let dir = file.parent().unwrap_or(Path::new("."));
    render::load_images(dir, &printed.images, &file.display().to_string())
}

/// The YAML files named by the inputs: files as given, folders' *.yaml
/// (sorted); a file named twice is taken once.
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for i in inputs {
        if i.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(i)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                // Hidden files are not documents: the project file
                // `.vanban.yaml`, editors' recovery and temporary files.
                .filter(|p| {
                    !p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(i.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    out
}

/// Whether an input is a progress file (tiến độ: a CSV, or YAML with a
/// top-level `tien_do:`), which `remind` reads and the document commands
/// skip with a note.
pub fn is_progress_file(path: &Path, text: &str) -> bool {
    let csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    csv || text.lines().any(|l| l.starts_with("tien_do:"))
}

/// The note for a skipped progress file.
pub fn progress_note(path: &Path) -> String {
    format!(
        "bỏ qua {}: tệp tiến độ, không phải văn bản (dùng `vanban remind`)",
        path.display()
    )
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

/// One plain thread per core, each taking the next item. Not rayon: typst
/// runs its own work on rayon's pool, and a rayon worker that waits for it
/// steals the next document and runs it on the same stack, so a long batch
/// nests documents until the stack overflows (the 10 000-input mutation
/// test found it at a few hundred). Plain threads only wait.
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
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
