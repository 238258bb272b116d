//! vanban: Vietnamese administrative documents (văn bản hành chính) from
//! YAML, as PDF and DOCX laid out per Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline, one stage per module:
//!
//! 1. [`load`]: read the file (UTF-8, not empty) and parse the YAML into the
//!    [`raw`] structs, whose keys are the clerk's Vietnamese terms;
//! 2. [`validate`]: NFC-normalise and check into the [`model::Document`];
//! 3. [`print`]: decide every printed line once (numbering, punctuation,
//!    dates per [`vn`]);
//! 4. [`render`]: the PDF writer (typst, in process) and the DOCX writer
//!    (docx-rs), both reading the [`layout`] table.
//!
//! The library never prints; errors are [`diag::Diagnostic`]s.

// Diagnostics travel only on the cold error path, where their size costs
// nothing; boxing each one would only add noise.
#![allow(clippy::result_large_err)]

pub mod app;
pub mod archive;
pub mod check;
pub mod cli;
pub mod diag;
pub mod fonts;
pub mod inline;
pub mod layout;
pub mod legacy;
pub mod load;
pub mod model;
pub mod output;
pub mod print;
pub mod progress;
pub mod raw;
pub mod record;
pub mod register;
pub mod remind;
pub mod render;
pub mod skeleton;
pub mod validate;
pub mod vn;
pub mod xml;

use std::path::Path;

use diag::Diagnostic;
use load::SourceFile;
use model::Document;

/// Read, parse and validate one document file.
pub fn load_file(path: &Path) -> Result<Document, Vec<Diagnostic>> {
    let src = load::read(path)?;
    load_source(&src)
}

/// Parse and validate a document already in memory.
pub fn load_source(src: &SourceFile) -> Result<Document, Vec<Diagnostic>> {
    let raw = load::parse(src)?;
    validate::document(src, &raw)
}

/// Parse, validate and run the ND30 rules ([`check`]): the document and
/// its warnings, or every error.
pub fn load_checked(
    src: &SourceFile,
    opts: &check::CheckOptions,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let raw = load::parse(src)?;
    let doc = validate::document(src, &raw)?;
    let (errors, warnings): (Vec<_>, Vec<_>) = check::check(src, &raw, &doc, opts)
        .into_iter()
        .partition(|d| d.severity == diag::Severity::Error);
    if errors.is_empty() {
        Ok((doc, warnings))
    } else {
        Err(errors.into_iter().chain(warnings).collect())
    }
}
