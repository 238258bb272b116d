//! Fuzz the YAML → model → check path: any bytes must end in a document or
//! in diagnostics, never in a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let src = vanban::format::load::SourceFile::from_text("fuzz.yaml", text);
        match vanban::load_checked(&src, &Default::default()) {
            Ok((doc, _)) => {
                // Printing decides every line; it must not panic either.
                let _ = vanban::render::print::print(&doc);
            }
            Err(diags) => {
                for d in diags {
                    let _ = d.to_string();
                }
            }
        }
    }
});
