//! The editor's page, bundled into the binary: `editor/index.html` and the
//! JavaScript and CSS that `editor/build.sh` makes from `editor/src/`
//! (CodeMirror 6, bundled with esbuild). The built files are committed, so
//! `cargo build` needs no Node.js and the editor works offline.

const INDEX: &str = include_str!("../../../editor/index.html");
const JS: &str = include_str!("../../../editor/dist/editor.js");
const CSS: &str = include_str!("../../../editor/dist/editor.css");

/// The page's Content-Security-Policy: its own script and styles only
/// (CodeMirror sets inline styles), pages shown as blob: images, requests
/// only to this server.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The asset at `path`: its content type and bytes.
pub fn get(path: &str) -> Option<(&'static str, &'static [u8])> {
    match path {
        "/" | "/index.html" => Some(("text/html; charset=utf-8", INDEX.as_bytes())),
        "/assets/editor.js" => Some(("text/javascript; charset=utf-8", JS.as_bytes())),
        "/assets/editor.css" => Some(("text/css; charset=utf-8", CSS.as_bytes())),
        _ => None,
    }
}
