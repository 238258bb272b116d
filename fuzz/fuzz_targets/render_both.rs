//! Fuzz the whole pipeline as `render` runs it: any bytes end in both
//! files or in located diagnostics — never a panic, never a DOCX with a
//! character XML forbids, never a writer failing on an accepted document.
//! The body is the library's [`vanban::engine::trial::trial`], which the
//! ordinary tests also run over `corpus/render_both/` on stable.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vanban::engine::Renderer;

/// Fonts and typst loaded once per fuzzing process.
fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| Renderer::new(&Default::default()).expect("bundled fonts load"))
}

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = vanban::engine::trial::trial(renderer(), "fuzz.yaml", data) {
        panic!("{broken}");
    }
});
