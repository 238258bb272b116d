//! The two writers: PDF through typst, DOCX through docx-rs. Both read the
//! same [`Printed`](crate::render::print::Printed) document and the same
//! [`Layout`](crate::render::layout::Layout) table.

pub mod docx;
pub mod edxml;
pub mod fonts;
pub mod layout;
pub mod pdf;
pub mod print;
pub mod svg;
pub mod xmp;

pub mod images;

pub use docx::docx;
pub use images::{load_images, Image};
pub use pdf::{Attachment, PdfEngine, PdfSettings, RenderedPdf};

/// A writer failed on a valid document: a bug in vanban, not in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    Pdf(String),
    Docx(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Pdf(m) => write!(f, "không tạo được PDF: {m}"),
            RenderError::Docx(m) => write!(f, "không tạo được DOCX: {m}"),
        }
    }
}
