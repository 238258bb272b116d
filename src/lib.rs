//! vanban: Vietnamese administrative documents (văn bản hành chính) from
//! YAML, as PDF and DOCX laid out per Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline, one stage per folder, arrows pointing down:
//!
//! 1. [`format`]: read the file (UTF-8, not empty) and parse the YAML into the
//!    raw structs, whose keys are the clerk's Vietnamese terms;
//! 2. [`model`]: NFC-normalise and validate into the [`model::Document`];
//! 3. [`rules`]: the ND30 rules `check` and `render` run;
//! 4. [`render`]: decide every printed line once (`print`), then the PDF
//!    writer (typst, in process) and the DOCX writer (docx-rs), both reading
//!    the one `layout` table;
//! 5. [`engine`]: the renderer kept warm and the batch runner, which the
//!    [`commands`] drive. [`text`] and [`diag`] serve every stage.
//!
//! The library never prints; errors are [`diag::Diagnostic`]s.

// Diagnostics travel only on the cold error path, where their size costs
// nothing; boxing each one would only add noise.
#![allow(clippy::result_large_err)]

pub mod commands;
pub mod diag;
pub mod engine;
pub mod format;
pub mod model;
pub mod render;
pub mod rules;
pub mod sign;
pub mod text;

use std::path::Path;

use diag::Diagnostic;
use format::load::{self, SourceFile};
use model::Document;

/// Read, parse and validate one document file.
pub fn load_file(path: &Path) -> Result<Document, Vec<Diagnostic>> {
    let src = load::read(path)?;
    load_source(&src)
}

/// Parse and validate a document already in memory.
pub fn load_source(src: &SourceFile) -> Result<Document, Vec<Diagnostic>> {
    let raw = load::parse(src)?;
    model::validate::document(src, &raw)
}

/// Parse, validate and run the ND30 rules ([`rules`]): the document and
/// its warnings, or every error.
pub fn load_checked(
    src: &SourceFile,
    opts: &rules::CheckOptions,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let raw = load::parse(src)?;
    let doc = model::validate::document(src, &raw)?;
    // The folder's project file (`.vanban.yaml`): tone style, rules off.
    let project = format::project::for_document(&src.path)?;
    let (errors, warnings): (Vec<_>, Vec<_>) =
        rules::check_with(src, &raw, &doc, opts, project.as_ref())
            .into_iter()
            .partition(|d| d.severity == diag::Severity::Error);
    if errors.is_empty() {
        Ok((doc, warnings))
    } else {
        Err(errors.into_iter().chain(warnings).collect())
    }
}

#[cfg(test)]
/// A temporary folder removed on drop: the part of the `tempfile` crate the
/// tests use. Not a dev-dependency on purpose: `tempfile` switches on
/// features of crates typst shares (bitflags' `std`), so `cargo test
/// --release` would compile typst a second time after `cargo build
/// --release`.
pub(crate) mod tempfile {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};

    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A new empty folder under the system's temporary folder.
    pub fn tempdir() -> std::io::Result<TempDir> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let p = std::env::temp_dir().join(format!(
                "vanban-test-{}-{n}-{nanos:08x}",
                std::process::id()
            ));
            match std::fs::create_dir(&p) {
                Ok(()) => return Ok(TempDir(p)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}
