//! The PDF writer: typst, in process, through a small World of our own that
//! knows only the template, the document as JSON and the loaded fonts. No
//! file system, no network, no packages, no clock.

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::{Image, RenderError};
use crate::model::PdfA;
use crate::render::fonts::FontSet;
use crate::render::layout::{Layout, TEXT_BOTTOM_EM, TEXT_TOP_EM};
use crate::render::print::Printed;

/// How to write one PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    /// PDF/A conformance, or plain PDF 1.7.
    pub pdfa: Option<PdfA>,
    /// A file to attach (PDF/A-3 only): the YAML source.
    pub attachment: Option<Attachment>,
}

/// A file attached to the PDF.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// File name shown by PDF readers.
    pub name: String,
    pub data: Vec<u8>,
    pub description: String,
}

/// A rendered PDF and its page count.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    pub pages: u32,
    /// The principal signer's signature space (issue 16): where the
    /// signature field `NguoiKy` goes when the document is to be signed.
    pub signature_box: Option<crate::sign::fields::SigBox>,
}

/// The typst template, embedded in the binary.
const TEMPLATE: &str = include_str!("../../templates/vanban.typ");

/// Everything a PDF compile needs that does not change between documents:
/// loaded once per process and shared by every render (and every thread).
pub struct PdfEngine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    families: Vec<&'static str>,
    main: Source,
    data_id: FileId,
}

/// How many compiles a memoised result survives without being used.
const EVICT_AGE: usize = 10;

/// Where an attachment lives in the World.
const ATTACHMENT_DIR: &str = "/kem-theo/";
/// The id of a file of our small typst World.
pub(crate) fn id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("valid path"),
    )
    .intern()
}

/// Where the body's images are in the World.
const IMAGE_DIR: &str = "/hinh/";

impl PdfEngine {
    /// Prepare the engine with the given fonts.
    pub fn new(fonts: &FontSet) -> PdfEngine {
        let families = fonts.families();
        PdfEngine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book.clone()),
            fonts: fonts.fonts.clone(),
            families,
            main: Source::new(id("/main.typ"), TEMPLATE.to_string()),
            data_id: id("/data.json"),
        }
    }

    /// The font family the PDF is set in.
    pub fn family(&self) -> &'static str {
        self.families[0]
    }

    /// Lay out and export one document.
    pub fn render(
        &self,
        printed: &Printed,
        images: &[Image],
        layout: &Layout,
        settings: &PdfSettings,
    ) -> Result<RenderedPdf, RenderError> {
        let world = self.world(printed, images, layout, settings);
        // typst 0.15 can panic while shaping some unusual character
        // sequences (a Hebrew accent after a Vietnamese letter, found by
        // the mutation test). Such a panic is turned into an error for this
        // document, quietly: the batch goes on and no stack trace is shown.
        let compiled = quietly(|| typst::compile::<PagedDocument>(&world).output)?;
        let document = compiled.map_err(|errs| typst_error(&world, &errs))?;
        let standards = match settings.pdfa {
            None => PdfStandards::default(),
            Some(level) => PdfStandards::new(&[match level {
                PdfA::A2b => PdfStandard::A_2b,
                PdfA::A2u => PdfStandard::A_2u,
                PdfA::A3b => PdfStandard::A_3b,
            }])
            .map_err(|e| RenderError::Pdf(e.message().to_string()))?,
        };
        let options = PdfOptions {
            // Content-derived, so the same input gives the same bytes.
            ident: Smart::Custom(format!("{}|{}", printed.meta.subject, printed.meta.title)),
            standards,
            ..PdfOptions::default()
        };
        let mut bytes = quietly(|| typst_pdf::pdf(&document, &options))?
            .map_err(|errs| typst_error(&world, &errs))?;
        quiet_mark_info(&mut bytes);
        // typst memoises across compiles; in a long batch, keep only what
        // recent documents used (fonts, the template) so memory stays flat.
        typst::comemo::evict(EVICT_AGE);
        Ok(RenderedPdf {
            bytes,
            pages: document.pages().len() as u32,
            signature_box: signature_box(&document, layout),
        })
    }
}

impl PdfEngine {
    /// Lay out one document into its pages, exactly as [`PdfEngine::render`]
    /// does before exporting: the same World, template and data. The
    /// editor's preview draws these pages (typst memoises between calls, so
    /// a small edit lays out again only what changed).
    pub fn layout(
        &self,
        printed: &Printed,
        images: &[Image],
        layout: &Layout,
    ) -> Result<PagedDocument, RenderError> {
        let world = self.world(printed, images, layout, &PdfSettings::default());
        let compiled = quietly(|| typst::compile::<PagedDocument>(&world).output)?;
        compiled.map_err(|errs| typst_error(&world, &errs))
    }

    /// The World of one document: its data, images and attachment.
    fn world(
        &self,
        printed: &Printed,
        images: &[Image],
        layout: &Layout,
        settings: &PdfSettings,
    ) -> DocWorld<'_> {
        // The images are files of the World: "/img/0.png", "/img/1.jpg" …
        let image_files: Vec<(String, Bytes)> = images
            .iter()
            .enumerate()
            .map(|(i, img)| {
                let ext = if img.jpeg { "jpg" } else { "png" };
                (
                    format!("{IMAGE_DIR}{i}.{ext}"),
                    Bytes::new(img.bytes.clone()),
                )
            })
            .collect();
        // Attachments need PDF/A-3 (typst does not attach in PDF/A-2).
        let attachment = settings.attachment.as_ref().map(|a| {
            let name: String = a
                .name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "._-".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (format!("{ATTACHMENT_DIR}{name}"), a)
        });
        let data = serde_json::json!({
            "doc": printed,
            "layout": layout,
            "fonts": self.families,
            "text_top_em": TEXT_TOP_EM,
            "text_bottom_em": TEXT_BOTTOM_EM,
            "images": images.iter().zip(&image_files).map(|(img, (path, _))| serde_json::json!({
                "path": path,
                "width": img.width_mm,
                "height": img.height_mm,
            })).collect::<Vec<_>>(),
            "attachment": attachment.as_ref().map(|(path, a)| serde_json::json!({
                "path": path,
                "description": a.description,
            })),
        });
        DocWorld {
            engine: self,
            data: Bytes::new(serde_json::to_vec(&data).expect("printed document serialises")),
            attachment: attachment
                .as_ref()
                .map(|(path, a)| (path.clone(), Bytes::new(a.data.clone()))),
            images: image_files,
        }
    }
}

/// The signature space above the name the template marks
/// (`<vanban-ky-duoi>`, the top of the name's line): as high as the layout's
/// `signature_space`, as wide as the signer's column, in PDF points from the
/// page's bottom left (issue 16).
fn signature_box(document: &PagedDocument, layout: &Layout) -> Option<crate::sign::fields::SigBox> {
    use typst::foundations::Label;
    use typst::introspection::Introspector;
    use typst::utils::PicoStr;
    let intro = document.introspector();
    let label = Label::new(PicoStr::intern("vanban-ky-duoi"))?;
    let loc = intro.query_label(label).ok()?.location()?;
    let name = intro.position(loc)?;
    let page = name.page.get() - 1;
    let height = document.pages().get(page)?.frame.height().to_pt();
    let mm = 72.0 / 25.4;
    // The signer's column: right of the Nơi nhận column, in the text area.
    let x0 = (layout.margin_left + layout.sign_left) * mm;
    let x1 = x0 + layout.sign_right * mm;
    let bottom = height - name.point.y.to_pt();
    Some(crate::sign::fields::SigBox {
        page,
        rect: [x0, bottom, x1, bottom + layout.signature_space * mm],
    })
}

/// What typst (krilla) writes in the catalog of a tagged PDF.
const MARK_INFO: &[u8] = b"/MarkInfo<</Marked true/Suspects false>>";

/// Blank out `/Suspects false` in the catalog's /MarkInfo, in place.
///
/// poppler 22 (Debian 12's pdfinfo, pdftotext, pdffonts) misreads the key and
/// prints "Syntax Error: Suspects object is wrong type (boolean)" for every
/// file. The key is optional and `false` is its default (PDF 32000-1, table
/// 321), so dropping it changes nothing for any reader; spaces of the same
/// length keep every byte offset of the cross-reference table valid, and
/// /Marked stays, so the file is still a tagged PDF and a valid PDF/A.
fn quiet_mark_info(pdf: &mut [u8]) {
    const SUSPECTS: &[u8] = b"/Suspects false";
    if let Some(at) = pdf.windows(MARK_INFO.len()).position(|w| w == MARK_INFO) {
        let key = at + MARK_INFO.len() - 2 - SUSPECTS.len();
        pdf[key..key + SUSPECTS.len()].fill(b' ');
    }
}

thread_local! {
    /// Set while typst runs on this thread: its panics are reported as
    /// errors, not printed by the panic hook.
    static IN_TYPST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f` (typst), turning a panic into a [`RenderError`].
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, RenderError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_TYPST.with(|q| q.get()) {
                default(info);
            }
        }));
    });
    // A batch runs on rayon, which may start another document on this
    // thread while typst waits here: restore, do not clear, the flag.
    let outer = IN_TYPST.with(|q| q.replace(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_TYPST.with(|q| q.set(outer));
    r.map_err(|payload| {
        let what = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        RenderError::Pdf(format!(
            "lỗi nội bộ của typst khi dàn trang ({what}); thường do một chuỗi ký tự lạ trong văn bản (dấu của chữ viết khác, ký tự thay thế �) — `vanban check` chỉ ra các ký tự này"
        ))
    })
}

/// The World of one document: the shared engine plus its data file.
struct DocWorld<'a> {
    engine: &'a PdfEngine,
    data: Bytes,
    /// The attached file's path in the World and its bytes.
    attachment: Option<(String, Bytes)>,
    /// The body's images by their path in the World.
    images: Vec<(String, Bytes)>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.main.id() {
            Ok(self.engine.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data_id {
            return Ok(self.data.clone());
        }
        let path = id.vpath().get_with_slash();
        match &self.attachment {
            Some((p, bytes)) if path == p.as_str() => Ok(bytes.clone()),
            _ => self
                .images
                .iter()
                .find(|(p, _)| path == p.as_str())
                .map(|(_, b)| b.clone())
                .ok_or_else(|| FileError::NotFound(path.into())),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// A template or export failure: a bug in vanban, reported with its place.
fn typst_error(world: &DocWorld, errs: &[SourceDiagnostic]) -> RenderError {
    use typst::WorldExt;
    let msgs: Vec<String> = errs
        .iter()
        .map(|e| {
            let at = world
                .range(e.span)
                .and_then(|r| {
                    let src = world.source(world.main()).ok()?;
                    let (l, c) = src.lines().byte_to_line_column(r.start)?;
                    Some(format!("templates/vanban.typ:{}:{}: ", l + 1, c + 1))
                })
                .unwrap_or_default();
            format!("{at}{}", e.message)
        })
        .collect();
    RenderError::Pdf(msgs.join("; "))
}

// The engine is shared between threads rendering a batch.
const _: fn() = || {
    fn assert_sync<T: Send + Sync>() {}
    assert_sync::<PdfEngine>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspects_is_blanked_keeping_every_offset() {
        let mut pdf =
            b"1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>>>\nendobj\n"
                .to_vec();
        let len = pdf.len();
        quiet_mark_info(&mut pdf);
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap();
        assert!(
            text.contains("/MarkInfo<</Marked true               >>"),
            "{text}"
        );
        assert!(!text.contains("Suspects"));
    }
}
