//! The images a body shows (`hinh:`), read from beside the document once
//! for both writers: PNG and JPEG, their pixel size read from the header,
//! their printed size decided here.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::render::print::ImageRef;

/// The largest image file read (a photo from a phone is a few MB).
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;

/// An image ready for the writers.
#[derive(Debug, Clone)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    pub jpeg: bool,
    /// Printed size in mm.
    pub width_mm: f64,
    pub height_mm: f64,
}

/// Read every image of a printed document from `dir` (the document's
/// folder); a missing or unreadable image is an error at its `hinh:` line.
pub fn load_images(dir: &Path, refs: &[ImageRef], file: &str) -> Result<Vec<Image>, Diagnostic> {
    refs.iter().map(|r| load(dir, r, file)).collect()
}

fn load(dir: &Path, r: &ImageRef, file: &str) -> Result<Image, Diagnostic> {
    let path = dir.join(&r.path);
    let err = |m: String| {
        Diagnostic::error(file, r.pos, m)
            .field("hinh")
            .hint("cần: tệp PNG hoặc JPEG đặt trong thư mục của tệp YAML")
    };
    let meta = std::fs::metadata(&path).map_err(|e| {
        err(format!(
            "không đọc được hình {} ({})",
            r.path.display(),
            crate::format::load::io_vi(&e)
        ))
    })?;
    if !meta.is_file() {
        return Err(err(format!("{} không phải là tệp", r.path.display())));
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(err(format!(
            "hình {} quá lớn ({} MB, tối đa {} MB)",
            r.path.display(),
            meta.len() / 1_048_576,
            MAX_IMAGE_BYTES / 1_048_576
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        err(format!(
            "không đọc được hình {} ({})",
            r.path.display(),
            crate::format::load::io_vi(&e)
        ))
    })?;
    let (jpeg, (w, h)) = if let Some(d) = png_size(&bytes) {
        (false, d)
    } else if let Some(d) = jpeg_size(&bytes) {
        (true, d)
    } else {
        return Err(err(format!(
            "{} không phải hình PNG hoặc JPEG hợp lệ",
            r.path.display()
        )));
    };
    if w == 0 || h == 0 || w > 30_000 || h > 30_000 {
        return Err(err(format!(
            "kích thước hình {} không hợp lệ ({w}×{h} điểm ảnh)",
            r.path.display()
        )));
    }
    // Asked width, else the image's own size at 150 dpi, never wider than
    // the text.
    let natural = f64::from(w) / 150.0 * 25.4;
    let mut width_mm = r.width_mm.unwrap_or(natural).min(r.max_mm);
    let mut height_mm = width_mm * f64::from(h) / f64::from(w);
    if let Some(max_h) = r.max_h_mm.filter(|m| height_mm > *m) {
        width_mm *= max_h / height_mm;
        height_mm = max_h;
    }
    Ok(Image {
        bytes,
        width_px: w,
        height_px: h,
        jpeg,
        width_mm,
        height_mm,
    })
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 || &b[..8] != b"\x89PNG\r\n\x1a\n" || &b[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
    Some((w, h))
}

/// Width and height from a JPEG's first start-of-frame marker.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        // Fill bytes and markers without a length.
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            let h = u32::from(u16::from_be_bytes([b[i + 5], b[i + 6]]));
            let w = u32::from(u16::from_be_bytes([b[i + 7], b[i + 8]]));
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((640, 480)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0xE0, 0x02, 0x80, 0x03,
        ];
        assert_eq!(jpeg_size(&jpeg), Some((640, 480)));
        assert_eq!(jpeg_size(b"not a jpeg"), None);
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
