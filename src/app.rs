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

/// `vanban new`: write a skeleton (and the schema beside it); exit code.
pub fn new(args: &crate::cli::NewArgs, report: &(dyn Fn(&str) + Sync)) -> u8 {
    let Some(kind) = crate::model::Kind::parse(&args.kind) else {
        let keys: Vec<&str> = crate::model::KINDS.iter().map(|k| k.key).collect();
        let mut msg = format!(
            "lỗi: loại văn bản `{}` không có trong Nghị định 30",
            args.kind
        );
        if let Some(s) = crate::diag::did_you_mean(&args.kind, &keys) {
            msg.push_str(&format!("\n  = có phải ý bạn là `{s}`?"));
        }
        msg.push_str(&format!("\n  = các loại: {}", keys.join(", ")));
        report(&msg);
        return EXIT_ERROR;
    };
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.yaml", kind.key())));
    if path.exists() {
        report(&format!(
            "lỗi: {} đã có; vanban không ghi đè (chọn tên khác với -o)",
            path.display()
        ));
        return EXIT_ERROR;
    }
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let text = crate::skeleton::skeleton(kind, today.year(), today.month());
    let schema = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("van-ban.schema.json");
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(path.clone(), text.into_bytes())];
    if !schema.exists() {
        let json = serde_json::to_string_pretty(&crate::raw::schema()).unwrap_or_default() + "\n";
        files.push((schema, json.into_bytes()));
    }
    let borrowed: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    match output::write_all(&borrowed) {
        Ok(()) => {
            report(&format!("đã tạo {} ({})", path.display(), kind.name()));
            EXIT_OK
        }
        Err(m) => {
            report(&format!("lỗi: {m}"));
            EXIT_ERROR
        }
    }
}

/// `vanban check`: returns the exit code.
pub fn check(
    args: &crate::cli::CheckArgs,
    out: &mut dyn std::io::Write,
    report: &(dyn Fn(&str) + Sync),
) -> u8 {
    use crate::diag::Severity;
    if args.quy_tac {
        let _ = write!(out, "{}", crate::check::rules_markdown());
        return EXIT_OK;
    }
    let opts = crate::check::CheckOptions {
        future_days: args.tuong_lai,
        new_tone_style: args.kieu_dau == crate::cli::ToneStyle::Moi,
        ..Default::default()
    };
    let json = args.format == crate::cli::CheckFormat::Json;
    let (mut errors, mut warnings) = (0, 0);
    let mut files_json = Vec::new();
    for file in expand_inputs(&args.files) {
        let diags: Vec<Diagnostic> = match crate::load::read(&file) {
            Err(d) => d,
            Ok(src) if src.text.lines().any(|l| l.starts_with("tien_do:")) => {
                report(&format!(
                    "bỏ qua {}: tệp tiến độ, không phải văn bản (dùng `vanban remind`)",
                    file.display()
                ));
                continue;
            }
            Ok(src) => {
                let mut src = src;
                if args.fix {
                    if let Ok(raw) = crate::load::parse(&src) {
                        let (fixed, n) = crate::check::fix_legacy(&src, &raw);
                        if n > 0 {
                            match output::write_atomic(&file, fixed.as_bytes()) {
                                Ok(()) => {
                                    report(&format!(
                                        "đã chuyển {n} đoạn văn bản sang Unicode trong {}",
                                        file.display()
                                    ));
                                    src.text = fixed;
                                }
                                Err(e) => report(&format!(
                                    "lỗi: không ghi được {} ({})",
                                    file.display(),
                                    crate::load::io_vi(&e)
                                )),
                            }
                        }
                    }
                }
                match crate::load_checked(&src, &opts) {
                    Ok((_, w)) => w,
                    Err(d) => d,
                }
            }
        };
        for d in &diags {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        if json {
            files_json.push(serde_json::json!({
                "file": file.display().to_string(),
                "diagnostics": diags.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            }));
        } else {
            for d in &diags {
                let _ = writeln!(out, "{d}");
            }
        }
    }
    if json {
        let v = serde_json::json!({ "errors": errors, "warnings": warnings, "files": files_json });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    } else {
        report(&format!("{errors} lỗi, {warnings} cảnh báo"));
    }
    if errors > 0 {
        EXIT_ERROR
    } else if warnings > 0 && args.strict {
        1
    } else {
        EXIT_OK
    }
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
    let opts = crate::remind::RemindOptions {
        directive: args.directive.clone(),
        progress: args.tien_do.clone(),
        date: today,
        new_deadline,
        default_deadline,
        combined: args.gop,
        out_dir,
        formats: args.output.formats(),
        write_yaml: args.yaml,
        templates: args.templates.clone(),
        first_number: args.so_bat_dau,
        register: args.so_dang_ky.clone(),
        pdf: PdfSettings {
            pdfa: args.output.pdfa.map(PdfA::from),
            attachment: None,
        },
    };
    let renderer = Renderer::new(&args.output.fonts());
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
    let renderer = Renderer::new(&args.output.fonts());
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
    let formats = args.output.formats();
    let mut register = match args
        .so_dang_ky
        .as_deref()
        .map(crate::register::Register::open)
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
            report(&format!(
                "bỏ qua {name}: tệp tiến độ, không phải văn bản (dùng `vanban remind`)"
            ));
            continue;
        };
        warnings.iter().for_each(|w| report(&w.to_string()));
        if let (Some(reg), Some((path, bytes))) = (register.as_mut(), outputs.first()) {
            if doc.number.is_some() {
                let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if let Err(m) = reg.add(&doc, file_name, &crate::archive::sha256_hex(bytes)) {
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
                crate::load::io_vi(&e)
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

/// The YAML files named by the inputs: files as given, folders' *.yaml
/// (sorted).
pub fn expand_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for i in inputs {
        if i.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(i)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(i.clone());
        }
    }
    out
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
) -> Result<Outcome, Vec<Diagnostic>> {
    let src = crate::load::read(file)?;
    if src.text.lines().any(|l| l.starts_with("tien_do:")) {
        return Ok(Outcome::Skipped);
    }
    let (doc, warnings) = crate::load_checked(&src, &crate::check::CheckOptions::default())?;
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
