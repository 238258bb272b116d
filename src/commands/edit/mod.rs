//! `vanban edit FILE.yaml` (alias `soan`): a local editor in the browser.
//! The YAML on the left (CodeMirror, with completion, hover help and
//! `check`'s marks), the pages as they will print on the right, updated as
//! the clerk types; save, PDF, DOCX and PDF/A.
//!
//! A server on 127.0.0.1 only, guarded by a random token in the URL and by
//! `Host`/`Origin` checks ([`api`]); it keeps one warm [`Renderer`] and the
//! pictures of pages that did not change ([`session`]); no edit is lost
//! (atomic saves, a recovery file beside the YAML, disk changes offered,
//! never overwritten).

mod api;
mod assets;
mod http;
mod session;
mod signal;

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use crate::commands::cli::EditArgs;
use crate::engine::{output, Error, Renderer, Status};
use crate::model::Kind;

/// The port tried first when `--port` is not given; a free one otherwise.
const DEFAULT_PORT: u16 = 7730;

/// `vanban edit`: serve the editor until Ctrl+C; the exit code.
pub fn run(args: &EditArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    // Phase 1: the file, which may not exist yet.
    let file = &args.file;
    if !matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    ) {
        return Error::Other(format!(
            "{}: `vanban edit` chỉ mở tệp .yaml (ví dụ: vanban edit cong-van.yaml)",
            file.display()
        ))
        .report(report);
    }
    let kind = match args.loai.as_deref().map(|k| (k, Kind::parse(k))) {
        None => None,
        Some((_, Some(k))) => Some(k),
        Some((k, None)) => {
            let keys: Vec<&str> = crate::model::KINDS.iter().map(|k| k.key).collect();
            let mut msg = format!("loại văn bản `{k}` không có trong Nghị định 30");
            if let Some(s) = crate::diag::did_you_mean(k, &keys) {
                msg.push_str(&format!("\n  = có phải ý bạn là `{s}`?"));
            }
            msg.push_str(&format!("\n  = các loại: {}", keys.join(", ")));
            return Error::Other(msg).report(report);
        }
    };
    let exists = std::fs::symlink_metadata(file).is_ok();
    if exists {
        if let Err(d) = crate::format::load::read(file) {
            return Error::Input(d).report(report);
        }
    } else {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Error::Other(format!(
                "không có thư mục {} để tạo {}",
                dir.display(),
                file.display()
            ))
            .report(report);
        }
    }

    // Phase 2: the warm engine and the document.
    let renderer = match Renderer::new(&args.fonts()) {
        Ok(r) => r,
        Err(m) => return Error::Other(m).report(report),
    };
    let session = match session::Session::new(file.clone(), kind, renderer) {
        Ok(s) => Arc::new(s),
        Err(m) => return Error::Other(m).report(report),
    };
    if let Some(dir) = session.file.parent() {
        if let Some(note) = output::stale_note(dir, &output::clean_stale_temps(dir)) {
            report(&note);
        }
    }

    // Phase 3: listen on 127.0.0.1 only.
    let listener = match args.port {
        Some(p) => TcpListener::bind(("127.0.0.1", p)),
        None => TcpListener::bind(("127.0.0.1", DEFAULT_PORT))
            .or_else(|_| TcpListener::bind(("127.0.0.1", 0))),
    };
    let listener = match listener {
        Ok(l) => l,
        Err(e) => {
            return Error::Other(format!(
                "không mở được cổng {} trên 127.0.0.1 ({}); chọn cổng khác với --port",
                args.port.unwrap_or(DEFAULT_PORT),
                crate::format::load::io_vi(&e)
            ))
            .report(report)
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => return Error::Other(crate::format::load::io_vi(&e)).report(report),
    };
    let guard = Arc::new(api::Guard {
        port,
        token: token(),
    });
    let url = format!("http://127.0.0.1:{port}/?token={}", guard.token);

    // Phase 4: the URL first on stdout, then the browser.
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{url}");
        let _ = out.flush();
    }
    report(&format!(
        "đang soạn {} — mở đường dẫn trên trong trình duyệt; Ctrl+C để dừng",
        session.file.display()
    ));
    if !args.no_browser {
        open_browser(&url);
    }
    // Lay out the document once now, so the page's first preview is warm.
    if let Ok(Some((text, _))) = session.disk() {
        let s = Arc::clone(&session);
        std::thread::spawn(move || {
            s.preview(&text, &Default::default());
        });
    }

    // Phase 5: serve until Ctrl+C, then let a save in progress finish.
    signal::install(&listener);
    let handler = {
        let (guard, session) = (Arc::clone(&guard), Arc::clone(&session));
        Arc::new(move |req: &http::Request| api::handle(&guard, &session, req))
    };
    http::serve(&listener, handler);
    drop(session.writing.lock());
    report("đã dừng trình soạn thảo");
    Status::Done
}

/// A random token of 128 bits, in hex: from the system's random source,
/// else from std's randomly keyed hasher.
fn token() -> String {
    let mut bytes = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .is_ok();
    if !from_os {
        use std::hash::{BuildHasher, Hasher};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            h.write_u32(std::process::id());
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Open the URL in the default browser, quietly; never fails the command
/// (the URL is on stdout). On Linux only with a graphical session, so that
/// a terminal browser never takes over the terminal.
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let command = if cfg!(target_os = "macos") {
        Some(Command::new("open"))
    } else if cfg!(windows) {
        let mut c = Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        Some(c)
    } else if std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
    {
        Some(Command::new("xdg-open"))
    } else {
        None
    };
    if let Some(mut c) = command {
        let child = c
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Ok(mut child) = child {
            std::thread::spawn(move || child.wait());
        }
    }
}
