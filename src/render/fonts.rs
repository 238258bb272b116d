//! Fonts: the bundled Liberation Serif (metric-compatible with Times New
//! Roman, SIL OFL, full Vietnamese coverage), a system Times New Roman when
//! one is installed, and any `--font-dir`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// The four bundled faces, embedded in the binary.
pub static BUNDLED: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The family ND30 names.
pub const TIMES: &str = "Times New Roman";
/// The bundled substitute.
pub const LIBERATION: &str = "Liberation Serif";

/// Where to look for fonts besides the bundled ones.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Extra folders (`--font-dir`).
    pub dirs: Vec<PathBuf>,
    /// Look for a Times New Roman installed on the system.
    pub system: bool,
}

/// All fonts one process renders with, loaded once.
pub struct FontSet {
    pub fonts: Vec<Font>,
    pub book: FontBook,
    /// Where the Times New Roman faces came from, if any were found.
    pub times_source: Option<PathBuf>,
}

impl FontSet {
    /// Load the bundled fonts, then the system Times New Roman and extra
    /// folders. Unreadable files are skipped; only regular files are read
    /// (a named pipe would block). An extra folder that does not exist is
    /// an error: the clerk asked for fonts that would silently be missing.
    pub fn load(opts: &FontOptions) -> Result<FontSet, String> {
        for dir in &opts.dirs {
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(format!("--font-dir {}: không phải thư mục", dir.display())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(format!(
                        "--font-dir {}: không có thư mục này",
                        dir.display()
                    ))
                }
                Err(e) => {
                    return Err(format!(
                        "--font-dir {}: {}",
                        dir.display(),
                        crate::format::load::io_vi(&e)
                    ))
                }
            }
        }
        let mut fonts: Vec<Font> = BUNDLED
            .iter()
            .flat_map(|b| Font::iter(Bytes::new(*b)))
            .collect();
        let mut times_source = None;
        let mut add = |path: &Path, fonts: &mut Vec<Font>| {
            let Ok(data) = read_font(path) else {
                return;
            };
            for f in Font::iter(Bytes::new(data)) {
                if f.info().family.eq_ignore_ascii_case(TIMES) && times_source.is_none() {
                    times_source = Some(path.to_path_buf());
                }
                fonts.push(f);
            }
        };
        if opts.system {
            for dir in system_font_dirs() {
                for path in font_files(&dir, 4) {
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if name.to_lowercase().starts_with("times") {
                        add(&path, &mut fonts);
                    }
                }
            }
        }
        for dir in &opts.dirs {
            for path in font_files(dir, 4) {
                add(&path, &mut fonts);
            }
        }
        let book = FontBook::from_fonts(&fonts);
        Ok(FontSet {
            fonts,
            book,
            times_source,
        })
    }

    /// The families typst is given, in order: the PDF's own, then
    /// Liberation Serif for what it lacks.
    pub fn families(&self) -> Vec<&'static str> {
        let mut families = vec![self.family()];
        if families[0] != LIBERATION {
            families.push(LIBERATION);
        }
        families
    }

    /// The family the PDF is set in.
    pub fn family(&self) -> &'static str {
        if self.times_source.is_some() {
            TIMES
        } else {
            LIBERATION
        }
    }
}

/// The usual font folders of Linux, macOS and Windows.
fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
        "C:\\Windows\\Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
    }
    dirs
}

/// The largest font file read: a CJK collection is about 30 MB.
const MAX_FONT_FILE: u64 = 64 * 1024 * 1024;

/// A font file's bytes: a regular file of reasonable size.
fn read_font(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() || meta.len() > MAX_FONT_FILE {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(MAX_FONT_FILE)
        .read_to_end(&mut data)?;
    Ok(data)
}

/// Font files under `dir`, sorted so that loading is deterministic.
fn font_files(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if depth > 0 {
                out.extend(font_files(&path, depth - 1));
            }
        } else if path.is_file()
            && matches!(
                path.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_lowercase)
                    .as_deref(),
                Some("ttf" | "otf" | "ttc" | "otc")
            )
        {
            out.push(path);
        }
    }
    out
}

/// Width of a line of text in points, from the bundled faces' metrics
/// (identical to Times New Roman's). Used where the DOCX must size a rule
/// to its text, as the typst template does with `measure`.
pub fn text_width_pt(text: &str, size: f64, bold: bool, italic: bool) -> f64 {
    static FACES: OnceLock<Vec<ttf_parser::Face<'static>>> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|b| ttf_parser::Face::parse(b, 0).expect("bundled font parses"))
            .collect()
    });
    let face = &faces[usize::from(bold) + 2 * usize::from(italic)];
    let upem = f64::from(face.units_per_em());
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(upem / 2.0, f64::from)
        })
        .sum();
    units / upem * size
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempfile;

    #[test]
    fn bundled_fonts_cover_vietnamese() {
        let face = ttf_parser::Face::parse(BUNDLED[0], 0).unwrap();
        let alphabet = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
        for c in alphabet.chars().chain(alphabet.to_uppercase().chars()) {
            assert!(face.glyph_index(c).is_some(), "no glyph for {c}");
        }
    }

    #[test]
    fn bundled_family_is_liberation_serif() {
        let set = FontSet::load(&FontOptions::default()).unwrap();
        assert_eq!(set.fonts.len(), 4);
        assert!(set.fonts.iter().all(|f| f.info().family == LIBERATION));
        assert_eq!(set.family(), LIBERATION);
    }

    #[test]
    fn font_dir_adds_its_fonts() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("nested");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.ttf"), BUNDLED[1]).unwrap();
        std::fs::write(dir.path().join("not-a-font.ttf"), b"junk").unwrap();
        std::fs::write(dir.path().join("readme.txt"), b"x").unwrap();
        #[cfg(unix)]
        {
            // A named pipe among the fonts would block a plain read.
            let fifo = dir.path().join("pipe.ttf");
            let ok = std::process::Command::new("mkfifo").arg(&fifo).status();
            assert!(ok.is_ok_and(|s| s.success()));
        }
        let set = FontSet::load(&FontOptions {
            dirs: vec![dir.path().to_path_buf()],
            system: false,
        })
        .unwrap();
        assert_eq!(set.fonts.len(), 5);
        assert!(set.times_source.is_none());
        let missing = FontSet::load(&FontOptions {
            dirs: vec![dir.path().join("missing")],
            system: false,
        });
        let e = missing.err().unwrap();
        assert!(
            e.contains("missing") && e.contains("không có thư mục"),
            "{e}"
        );
    }

    #[test]
    fn widths_scale_with_size_and_weight() {
        let w12 = text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.0, true, false);
        let w13 = text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13.0, true, false);
        assert!(w12 > 200.0 && w12 < 300.0, "{w12}");
        assert!((w13 / w12 - 13.0 / 12.0).abs() < 1e-9);
        assert!(text_width_pt("a", 12.0, false, false) > 0.0);
    }
}
