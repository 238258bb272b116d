//! Helpers shared by the integration tests: run the real binary, read the
//! real files back with the real clients (poppler, qpdf, LibreOffice,
//! python-docx, openxml-audit).
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The sample this project was born from.
pub const SAMPLE: &str = "samples/cong-van-ccn-bac-giang.yaml";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `vanban <args>` in `dir`.
pub fn vanban(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run vanban")
}

/// Render the sample (or another YAML) into a fresh temp dir, asserting
/// success. Returns the dir and the stem's PDF and DOCX paths.
pub fn render_ok(yaml: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_string();
    let mut args = vec![
        "render",
        yaml.to_str().unwrap(),
        "-o",
        &out,
        "--no-system-fonts",
    ];
    args.extend_from_slice(extra);
    let o = vanban(&root(), &args);
    assert!(
        o.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stem = yaml.file_stem().unwrap().to_str().unwrap();
    let pdf = dir.path().join(format!("{stem}.pdf"));
    let docx = dir.path().join(format!("{stem}.docx"));
    (dir, pdf, docx)
}

/// Run an external tool; a missing tool fails the test with the fix.
pub fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by this test ({e}); run scripts/test.sh, which installs it")
    })
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `pdftotext -raw` of some pages (all when `pages` is None): content
/// order, and a word broken after a hyphen keeps its hyphen.
pub fn pdf_text(pdf: &Path, pages: Option<(u32, u32)>) -> String {
    let mut args: Vec<String> = vec!["-raw".into()];
    if let Some((f, l)) = pages {
        args.extend(["-f".into(), f.to_string(), "-l".into(), l.to_string()]);
    }
    args.push(pdf.to_str().unwrap().into());
    args.push("-".into());
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = tool("pdftotext", &a);
    assert!(o.status.success());
    stdout(&o)
}

/// Collapse all whitespace (including no-break spaces) to single spaces.
pub fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tokens for order-preserving comparison: runs of letters, runs of
/// digits, single punctuation marks. "định1," → ["định", "1", ","], so a
/// footnote mark reads the same whether or not a space precedes it.
/// Hyphens separate tokens but are not tokens: a "- " item dash and a line
/// broken after "NĐ-" compare alike.
pub fn tokens(s: &str) -> Vec<String> {
    let s = s.replace('-', " ");
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut kind = 0u8; // 1 letters, 2 digits
    for c in s.chars() {
        let k = if c.is_alphabetic() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            0
        };
        if (k != kind || k == 0) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        kind = k;
        if k != 0 {
            cur.push(c);
        } else if !c.is_whitespace() && c != '\u{a0}' {
            out.push(c.to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Assert that `needle`'s tokens occur in `hay`'s tokens in order (other
/// tokens, such as page numbers and footnotes at a page foot, may come in
/// between). Returns the index after the last match.
pub fn assert_in_order(hay: &[String], needle: &[String], from: usize, what: &str) -> usize {
    let mut i = from;
    for (n, t) in needle.iter().enumerate() {
        match hay[i..].iter().position(|h| h == t) {
            Some(p) => i += p + 1,
            None => panic!(
                "{what}: token {n} `{t}` not found after position {i}; context: {:?}",
                &needle[n.saturating_sub(8)..(n + 3).min(needle.len())]
            ),
        }
    }
    i
}

/// One text line of `pdftohtml -xml` at zoom 1 (positions in points).
#[derive(Debug, Clone)]
pub struct TextLine {
    pub page: u32,
    pub top: f64,
    pub left: f64,
    pub width: f64,
    pub size: f64,
    pub family: String,
    pub bold: bool,
    pub italic: bool,
    /// Text colour, "#rrggbb".
    pub color: String,
    pub text: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every text line of a PDF with its font size, weight and position.
pub fn pdf_lines(pdf: &Path) -> Vec<TextLine> {
    let o = tool(
        "pdftohtml",
        &["-xml", "-i", "-zoom", "1", "-stdout", pdf.to_str().unwrap()],
    );
    assert!(o.status.success());
    let xml = stdout(&o);
    let mut fonts = std::collections::HashMap::new();
    let mut page = 0;
    let mut lines = Vec::new();
    for l in xml.lines() {
        let l = l.trim();
        if let Some(i) = l.find("<page number=\"") {
            page = attr(&l[i..], "number").unwrap().parse().unwrap();
        } else if l.starts_with("<fontspec") {
            fonts.insert(
                attr(l, "id").unwrap(),
                (
                    attr(l, "size").unwrap().parse::<f64>().unwrap(),
                    attr(l, "family").unwrap(),
                    attr(l, "color").unwrap_or_default(),
                ),
            );
        } else if l.starts_with("<text ") {
            let close = l.find('>').unwrap();
            let tag = &l[..close];
            let inner = &l[close + 1..l.rfind("</text>").unwrap_or(l.len())];
            let (size, family, color) = fonts[&attr(tag, "font").unwrap()].clone();
            let num = |n: &str| attr(tag, n).unwrap().parse::<f64>().unwrap();
            let text: String = {
                let mut t = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => t.push(c),
                        _ => {}
                    }
                }
                unescape(&t)
            };
            lines.push(TextLine {
                page,
                top: num("top"),
                left: num("left"),
                width: num("width"),
                size,
                family,
                bold: inner.contains("<b>"),
                italic: inner.contains("<i>"),
                color,
                text: squash(&text),
            });
        }
    }
    lines
}

/// The first line whose text starts with `prefix`.
pub fn line<'a>(lines: &'a [TextLine], prefix: &str) -> &'a TextLine {
    lines
        .iter()
        .find(|l| l.text.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
}

/// A part of a DOCX (zip) file as text.
pub fn docx_part(docx: &Path, part: &str) -> String {
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(part)
        .unwrap_or_else(|_| panic!("{part} missing"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// LibreOffice converts a DOCX to PDF; returns the PDF path.
pub fn soffice_pdf(docx: &Path, outdir: &Path) -> PathBuf {
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        outdir.display()
    );
    let o = tool(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            outdir.to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    assert!(
        o.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pdf = outdir.join(docx.file_stem().unwrap()).with_extension("pdf");
    assert!(pdf.exists(), "soffice wrote no PDF: {}", stdout(&o));
    pdf
}

/// Run a python3 snippet with `path` as argv[1]; returns stdout.
pub fn python(code: &str, path: &Path) -> String {
    let o = tool("python3", &["-c", code, path.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}
/// A temporary folder removed on drop: the part of the `tempfile` crate the
/// tests use. Not a dev-dependency on purpose: `tempfile` switches on
/// features of crates typst shares (bitflags' `std`), so `cargo test
/// --release` would compile typst a second time after `cargo build
/// --release`.
pub mod tempfile {
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

/// Start vanban in `dir` without waiting: its stderr piped, its stdout
/// dropped (the multi-process tests).
pub fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// A sample as a clerk's draft: `so:` empty, `ngay:` cut to the month;
/// `edit` changes it further. Written as `<dir>/<stem>.yaml`.
pub fn draft(dir: &Path, sample: &str, stem: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(root().join("samples").join(sample)).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("so:") {
                "so:".to_string()
            } else if let Some(d) = l.strip_prefix("ngay: ") {
                format!("ngay: {}", &d[..7])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let p = dir.join(format!("{stem}.yaml"));
    std::fs::write(&p, edit(text)).unwrap();
    p
}
