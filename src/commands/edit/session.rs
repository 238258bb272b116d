//! The document the editor has open: its file, the warm renderer, the
//! page pictures already made, saving, the recovery file and the disk
//! watch. Only the opened file, its recovery file and the images beside it
//! that the document names are ever read or written.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use serde_json::{json, Value};

use crate::commands::cli::Format;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::engine::{output, Renderer};
use crate::format::load::SourceFile;
use crate::model::{Kind, PdfA};
use crate::render::{print, svg, Image, PdfSettings};

/// One page as the preview shows it.
struct PagePicture {
    svg: String,
    text: String,
}

/// The editor's document.
pub struct Session {
    /// The YAML file (absolute).
    pub file: PathBuf,
    /// Its folder, canonical: images must resolve inside it.
    dir: PathBuf,
    /// The file name shown and used in messages (`cv.yaml`).
    pub name: String,
    /// The kind for a new file's skeleton, from `--loai`.
    pub kind: Option<Kind>,
    renderer: Renderer,
    /// Page pictures by page hash; pages that did not change are not
    /// exported again.
    pages: Mutex<HashMap<u128, Arc<PagePicture>>>,
    /// Held while the file or the recovery file is written (Ctrl+C waits
    /// for it).
    pub writing: Mutex<()>,
    /// At most this many layouts at once (the rest wait): a burst of
    /// requests cannot exhaust memory.
    gate: Gate,
}

/// How many page pictures are kept (about 0.5 MB each): the pages of the
/// last few edits; a longer document keeps at least all its pages.
const PAGE_CACHE: usize = 96;

/// A hash, as the API writes it: 32 hex digits.
pub fn hex(h: u128) -> String {
    format!("{h:032x}")
}

impl Session {
    /// Open `file` (which may not exist yet) with a warm renderer.
    pub fn new(file: PathBuf, kind: Option<Kind>, renderer: Renderer) -> Result<Session, String> {
        let file = if file.is_absolute() {
            file
        } else {
            std::env::current_dir()
                .map_err(|e| crate::format::load::io_vi(&e))?
                .join(file)
        };
        let parent = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        let dir = std::fs::canonicalize(&parent).map_err(|e| {
            format!(
                "không mở được thư mục {} ({})",
                parent.display(),
                crate::format::load::io_vi(&e)
            )
        })?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Session {
            file,
            dir,
            name,
            kind,
            renderer,
            pages: Mutex::new(HashMap::new()),
            writing: Mutex::new(()),
            gate: Gate::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
        })
    }

    /// `.NAME.yaml.khoi-phuc` beside the file: the unsaved text.
    pub fn recovery_path(&self) -> PathBuf {
        self.file
            .with_file_name(format!(".{}.khoi-phuc", self.name))
    }

    /// The file on disk: its text and SHA-256, or `None` when it does not
    /// exist.
    pub fn disk(&self) -> Result<Option<(String, String)>, String> {
        if !self.file.exists() {
            return Ok(None);
        }
        let bytes = crate::format::load::read_bytes(&self.file).map_err(|d| d.message)?;
        let hash = output::sha256_hex(&bytes);
        let src = crate::format::load::decode(&self.file, bytes).map_err(|d| {
            d.into_iter()
                .map(|d| d.message)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok(Some((src.text, hash)))
    }

    /// The recovery file's text and its time (seconds since 1970), when
    /// there is one.
    pub fn recovery(&self) -> Option<(String, u64)> {
        let path = self.recovery_path();
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > crate::format::load::max_input() {
            return None;
        }
        let text = String::from_utf8(std::fs::read(&path).ok()?).ok()?;
        let when = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        Some((text, when))
    }

    /// Keep unsaved text in the recovery file (atomically).
    pub fn write_recovery(&self, text: &str) -> Result<(), String> {
        let _w = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        output::write_atomic(&self.recovery_path(), text.as_bytes()).map_err(|e| e.to_string())
    }

    /// Remove the recovery file (saved, or the clerk declined it).
    pub fn discard_recovery(&self) {
        let _w = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let _ = std::fs::remove_file(self.recovery_path());
    }

    /// Save `text` atomically, unless the file on disk is no longer the one
    /// the editor started from (`base`: its hash, `None` for a file that
    /// did not exist) and `force` is off. Ok: the new hash. Err: the disk's
    /// text and hash (a conflict), or a message.
    pub fn save(&self, text: &str, base: Option<&str>, force: bool) -> Result<String, SaveError> {
        let _w = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let disk = self.disk().map_err(SaveError::Failed)?;
        let disk_hash = disk.as_ref().map(|(_, h)| h.as_str());
        if !force && disk_hash != base {
            return Err(match disk {
                Some((text, hash)) => SaveError::Conflict { text, hash },
                None => SaveError::Conflict {
                    text: String::new(),
                    hash: String::new(),
                },
            });
        }
        output::write_atomic(&self.file, text.as_bytes())
            .map_err(|e| SaveError::Failed(e.to_string()))?;
        let _ = std::fs::remove_file(self.recovery_path());
        Ok(output::sha256_hex(text.as_bytes()))
    }

    /// The source of a text from the editor.
    fn source(&self, text: &str) -> SourceFile {
        SourceFile {
            path: self.file.clone(),
            name: self.name.clone(),
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
        }
    }

    /// `vanban check` on the text: the rules, and what the register that
    /// covers the file says of its number (read anew each time: the văn
    /// thư may have issued a number since).
    fn check(
        &self,
        src: &SourceFile,
        opts: &crate::rules::CheckOptions,
    ) -> Result<(crate::model::Document, Vec<Diagnostic>), Vec<Diagnostic>> {
        let (doc, mut warnings) = crate::load_checked(src, opts)?;
        let files = [self.file.clone()];
        if let Ok(registers) = crate::engine::issued::Registers::load(&files, None, None) {
            if let Some(rows) = registers.for_file(&self.file) {
                let found = crate::engine::issued::register_findings(
                    src,
                    &doc,
                    rows,
                    &mut Default::default(),
                );
                let (errors, rest): (Vec<_>, Vec<_>) = found
                    .into_iter()
                    .partition(|d| d.severity == Severity::Error);
                if !errors.is_empty() {
                    return Err(errors.into_iter().chain(warnings).chain(rest).collect());
                }
                warnings.extend(rest);
            }
        }
        Ok((doc, warnings))
    }

    /// Check and lay out `text`: the diagnostics of `vanban check`, and the
    /// pages when the document is valid enough to print (an ND30 rule
    /// error still shows its pages). Pages whose hash is in `have` are sent
    /// without their picture and text.
    pub fn preview(&self, text: &str, have: &HashSet<String>) -> Value {
        let start = Instant::now();
        let src = self.source(text);
        let opts = crate::rules::CheckOptions::default();
        // `check` on a thread of its own while this one lays the pages out:
        // both start from the text, so neither waits for the other. (Not
        // rayon::join: a typst compile must not run as a rayon job, where a
        // worker waiting inside typst's own joins could take up another
        // request's compile on the same stack.)
        let ((checked, check_time), drawing) = std::thread::scope(|scope| {
            let check = std::thread::Builder::new()
                .name("vanban-edit-check".into())
                .spawn_scoped(scope, || {
                    let t = Instant::now();
                    (self.check(&src, &opts), t.elapsed())
                });
            let drawing = self.draw(&src, have);
            let checked = match check {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                // No thread to be had: check here, after the layout.
                Err(_) => {
                    let t = Instant::now();
                    (self.check(&src, &opts), t.elapsed())
                }
            };
            (checked, drawing)
        });
        // An ND30 rule error leaves a valid model: its pages still show,
        // so the clerk sees the page while fixing it.
        let mut diags = match checked {
            Ok((_, warnings)) => warnings,
            Err(diags) => diags,
        };
        let (pages, laid_out, drawn) = match drawing {
            None => (None, Default::default(), Default::default()),
            Some(Err(d)) => {
                diags.push(d);
                (None, Default::default(), Default::default())
            }
            Some(Ok(d)) => (Some(d.pages), d.laid_out, d.drawn),
        };
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let ms = |d: std::time::Duration| (d.as_secs_f64() * 10_000.0).round() / 10.0;
        let rendered = pages.is_some();
        let pages = pages.unwrap_or_default();
        json!({
            "rendered": rendered,
            "page_count": pages.len(),
            "pages": pages,
            "diagnostics": diags.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            "errors": errors,
            "warnings": diags.len() - errors,
            "ms": ms(start.elapsed()),
            "timing": { "check": ms(check_time), "layout": ms(laid_out), "svg": ms(drawn) },
        })
    }

    /// Lay out the document of `src` and make its pages' JSON; `None` when
    /// the text is not a document (`check` says why), an error when its
    /// images or the layout fail.
    fn draw(
        &self,
        src: &SourceFile,
        have: &HashSet<String>,
    ) -> Option<Result<Drawing, Diagnostic>> {
        let doc = crate::load_source(src).ok()?;
        let printed = print::print(&doc);
        let images = match self.images(&printed) {
            Ok(images) => images,
            Err(d) => return Some(Err(d)),
        };
        let _permit = self.gate.enter();
        let t = Instant::now();
        let result = self.renderer.pages(&printed, &images);
        let laid_out = t.elapsed();
        let drawing = result
            .map(|document| {
                let t = Instant::now();
                let pages = self.pictures(&document, have);
                Drawing {
                    pages,
                    laid_out,
                    drawn: t.elapsed(),
                }
            })
            .map_err(|e| Diagnostic::error(&self.name, Pos::default(), e.to_string()));
        // Keep what recent layouts used, so memory stays flat.
        typst::comemo::evict(10);
        Some(drawing)
    }

    /// The pages as JSON: hash, and picture and text unless the client has
    /// them. Hashes and missing pictures are made on all cores.
    fn pictures(
        &self,
        document: &typst_layout::PagedDocument,
        have: &HashSet<String>,
    ) -> Vec<Value> {
        let pages = document.pages();
        let list: Vec<(u128, &typst_layout::Page)> = on_all_cores(pages, svg::page_hash)
            .into_iter()
            .zip(pages)
            .collect();
        let missing: Vec<(u128, &typst_layout::Page)> = {
            let cache = self.pages.lock().unwrap_or_else(|e| e.into_inner());
            list.iter()
                .filter(|(h, _)| !have.contains(&hex(*h)) && !cache.contains_key(h))
                .copied()
                .collect()
        };
        let made: Vec<(u128, Arc<PagePicture>)> = on_all_cores(&missing, |(h, p)| {
            (
                *h,
                Arc::new(PagePicture {
                    svg: svg::page_svg(p),
                    text: svg::page_text(p),
                }),
            )
        });
        let mut cache = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() + made.len() > PAGE_CACHE {
            let keep: HashSet<u128> = list.iter().map(|(h, _)| *h).collect();
            cache.retain(|h, _| keep.contains(h));
        }
        cache.extend(made);
        list.iter()
            .map(|(h, _)| {
                let id = hex(*h);
                match cache.get(h) {
                    Some(p) if !have.contains(&id) => {
                        json!({ "hash": id, "svg": p.svg, "text": p.text })
                    }
                    _ => json!({ "hash": id }),
                }
            })
            .collect()
    }

    /// The images the document shows, each inside the document's folder
    /// (a symbolic link out of it is refused).
    fn images(&self, printed: &print::Printed) -> Result<Vec<Image>, Diagnostic> {
        for r in &printed.images {
            let inside = std::fs::canonicalize(self.dir.join(&r.path))
                .map(|p| p.starts_with(&self.dir))
                .unwrap_or(true);
            if !inside {
                return Err(Diagnostic::error(
                    &self.name,
                    r.pos,
                    format!(
                        "hình {} nằm ngoài thư mục của văn bản (liên kết ra ngoài)",
                        r.path.display()
                    ),
                )
                .field("hinh"));
            }
        }
        crate::engine::images_for(&self.dir.join(&self.name), printed)
    }

    /// The file of one download: PDF, DOCX or PDF/A of `text`, as `render`
    /// would write it (rule errors refuse it). Ok: the bytes and the file
    /// name. Err: the diagnostics.
    pub fn download(&self, text: &str, what: &str) -> Result<(Vec<u8>, String), Vec<Diagnostic>> {
        let src = self.source(text);
        let (doc, _) = crate::load_checked(&src, &crate::rules::CheckOptions::default())?;
        let printed = print::print(&doc);
        let images = self.images(&printed).map_err(|d| vec![d])?;
        let stem = Path::new(&self.name)
            .file_stem()
            .map_or("van-ban".into(), |s| s.to_string_lossy().into_owned());
        let (format, settings, name) = match what {
            "docx" => (Format::Docx, PdfSettings::default(), format!("{stem}.docx")),
            "pdfa" => {
                let settings = PdfSettings {
                    pdfa: Some(doc.pdfa.unwrap_or(PdfA::A2b)),
                    attachment: None,
                };
                (Format::Pdf, settings, format!("{stem}-pdfa.pdf"))
            }
            // As `render`: the document's own `pdfa:` is honoured.
            _ => {
                let settings = PdfSettings {
                    pdfa: doc.pdfa,
                    attachment: None,
                };
                (Format::Pdf, settings, format!("{stem}.pdf"))
            }
        };
        if format == Format::Pdf && settings.pdfa.is_some() && doc.date.full().is_none() {
            return Err(vec![Diagnostic::error(
                &self.name,
                Pos::default(),
                "PDF/A cần ngày ban hành đầy đủ; bản dự thảo chưa có ngày",
            )
            .field("ngay")
            .hint(
                "gợi ý: ghi đủ `ngay: YYYY-MM-DD`, hoặc tải PDF thường (bỏ `pdfa:`)",
            )]);
        }
        let _permit = self.gate.enter();
        let bytes = self
            .renderer
            .render(&doc, &printed, &images, format, &settings)
            .map_err(|e| vec![Diagnostic::error(&self.name, Pos::default(), e.to_string())])?;
        Ok((bytes, name))
    }
}

/// `f` of every item, in order, the items shared out among the cores on
/// scoped threads (not rayon: this runs beside typst, whose own joins must
/// not pick up other work).
fn on_all_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() < 2 || cores < 2 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let f = &f;
        let mut handles = items
            .chunks(chunk)
            .map(|c| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || c.iter().map(f).collect::<Vec<R>>())
                    .map_err(|_| c)
            })
            .collect::<Vec<_>>();
        handles
            .drain(..)
            .flat_map(|h| match h {
                Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                // No thread to be had: this chunk here.
                Err(c) => c.iter().map(f).collect(),
            })
            .collect()
    })
}

/// The pages of one layout, and how long it took.
struct Drawing {
    pages: Vec<Value>,
    laid_out: std::time::Duration,
    drawn: std::time::Duration,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// The file on disk changed since the editor read it: its text and
    /// hash (both empty when it was deleted).
    Conflict { text: String, hash: String },
    /// It could not be written (the message).
    Failed(String),
}

/// A counting gate: at most `n` holders at once.
struct Gate {
    free: Mutex<usize>,
    wake: Condvar,
}

struct Permit<'a>(&'a Gate);

impl Gate {
    fn new(n: usize) -> Gate {
        Gate {
            free: Mutex::new(n.max(1)),
            wake: Condvar::new(),
        }
    }

    fn enter(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.wake.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.wake.notify_one();
    }
}
