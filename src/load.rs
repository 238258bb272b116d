//! Reading a YAML file into the raw model, with every failure turned into a
//! located Vietnamese [`Diagnostic`].

use std::path::{Path, PathBuf};

use crate::diag::{did_you_mean, Diagnostic, Pos};
use crate::raw::RawDocument;

/// A source file read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as shown in messages.
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// An in-memory source (tests, stdin).
    pub fn from_text(name: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(name),
            name: name.to_string(),
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
        }
    }

    /// An error at `pos`, with the source line attached.
    pub fn error(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.name, pos, message).with_source(&self.text)
    }
}

/// Read a file: it must exist, be UTF-8 and not be empty.
pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(&name, Pos::default(), format!("không đọc được tệp ({})", io_vi(&e)))
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = String::from_utf8_lossy(good);
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(Diagnostic::error(
                &name,
                Pos::new(line, column),
                "tệp không phải văn bản UTF-8",
            )
            .hint(format!(
                "byte 0x{:02X} ở vị trí {} không hợp lệ trong UTF-8",
                e.as_bytes()[e.utf8_error().valid_up_to()],
                e.utf8_error().valid_up_to()
            ))
            .hint("gợi ý: lưu lại tệp với bảng mã UTF-8 (Unicode); văn bản gõ bằng TCVN3 hoặc VNI cần chuyển sang Unicode"));
        }
    };
    let mut src = SourceFile::from_text(&name, &text);
    src.path = path.to_path_buf();
    Ok(src)
}

/// Explain an I/O error in Vietnamese.
pub fn io_vi(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "không tìm thấy tệp".into(),
        PermissionDenied => "không có quyền truy cập".into(),
        IsADirectory => "đây là thư mục, không phải tệp".into(),
        _ => e.to_string(),
    }
}

/// Parse the YAML text into the raw model.
pub fn parse(src: &SourceFile) -> Result<RawDocument, Diagnostic> {
    if src.text.trim().lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Err(src
            .error(Pos::new(1, 1), "tệp rỗng: không có nội dung văn bản")
            .hint("gợi ý: tạo tệp mẫu bằng lệnh `vanban new cong_van` hoặc xem samples/"));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options::<RawDocument>(&src.text, options)
        .map_err(|e| yaml_error(src, &e))
}

/// Turn a serde-saphyr error into a located Vietnamese diagnostic.
fn yaml_error(src: &SourceFile, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::of(&l))
        .unwrap_or_else(|| Pos::new(1, 1));
    let raw = strip_location(&e.without_snippet().to_string());
    let (message, hints, key) = translate(&raw);
    let mut d = src.error(pos, message);
    let path = key_path_at(&src.text, pos.line);
    let field = match (&key, path) {
        (Some(k), Some(p)) if !p.ends_with(k.as_str()) => Some(format!("{p}.{k}")),
        (Some(k), None) => Some(k.clone()),
        (_, p) => p,
    };
    if let Some(f) = field {
        d = d.field(f);
    }
    for h in hints {
        d = d.hint(h);
    }
    d
}

/// Drop the "line N column M" part the YAML library adds to its messages.
fn strip_location(msg: &str) -> String {
    let mut m = msg.trim().to_string();
    for sep in [" at line ", "\n"] {
        if let Some(i) = m.find(sep) {
            m.truncate(i);
        }
    }
    if let Some(rest) = m.strip_prefix("line ") {
        if let Some(i) = rest.find(": ") {
            return rest[i + 2..].to_string();
        }
    }
    if let Some(rest) = m.strip_prefix("error: ") {
        return rest.to_string();
    }
    m
}

/// Translate the few shapes of serde/YAML messages into Vietnamese.
/// Returns the message, hints, and the key the message is about.
fn translate(msg: &str) -> (String, Vec<String>, Option<String>) {
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, t)| t.to_string())
            .collect()
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = ticked(rest);
        let got = names.first().cloned().unwrap_or_default();
        let known: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let mut hints = Vec::new();
        if let Some(s) = did_you_mean(&got, &known) {
            hints.push(format!("có phải ý bạn là `{s}`?"));
        }
        if !known.is_empty() {
            hints.push(format!("các khóa hợp lệ ở đây: {}", known.join(", ")));
        }
        return (format!("khóa không hợp lệ `{got}`"), hints, None);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = ticked(rest).into_iter().next().unwrap_or_default();
        return (
            format!("thiếu trường bắt buộc `{name}`"),
            vec![format!("cần: thêm dòng `{name}: …` vào bảng này")],
            Some(name),
        );
    }
    if msg.starts_with("duplicate") {
        let name = msg.rsplit(':').next().unwrap_or("").split(',').next().unwrap_or("").trim();
        return (
            format!("khóa `{name}` bị lặp lại"),
            vec!["gợi ý: mỗi khóa chỉ được viết một lần trong một bảng".into()],
            None,
        );
    }
    for (prefix, what) in [("invalid type: ", "sai kiểu dữ liệu"), ("invalid value: ", "giá trị không hợp lệ")] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let mut hints = Vec::new();
            if !expected.is_empty() {
                hints.push(format!("cần: {}", type_vi(expected)));
            }
            return (format!("{what}: gặp {}", type_vi(got)), hints, None);
        }
    }
    (
        format!("YAML không hợp lệ: {msg}"),
        vec!["gợi ý: kiểm tra thụt lề (dùng dấu cách, không dùng tab) và dấu `:` sau mỗi khóa".into()],
        None,
    )
}

/// Vietnamese names of serde's type descriptions.
fn type_vi(s: &str) -> String {
    let s = s.trim();
    let table: &[(&str, &str)] = &[
        ("a string or a list of strings", "một chuỗi hoặc một danh sách chuỗi"),
        ("a string or a map", "một chuỗi hoặc một bảng khóa–giá trị"),
        ("a sequence", "một danh sách"),
        ("sequence", "một danh sách"),
        ("a string", "một chuỗi"),
        ("string", "một chuỗi"),
        ("map", "một bảng khóa–giá trị"),
        ("u32", "một số nguyên dương"),
        ("unit value", "giá trị rỗng"),
        ("boolean", "giá trị đúng/sai"),
        ("floating point", "một số thực"),
        ("integer", "số nguyên"),
    ];
    if s.starts_with("struct ") {
        return "một bảng khóa–giá trị".into();
    }
    for (en, vi) in table {
        if s == *en {
            return vi.to_string();
        }
        if let Some(rest) = s.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    s.to_string()
}

/// The key path (`nguoi_ky.ho_ten`) of the block-style YAML line `line`,
/// found by walking up to the keys with less indentation.
pub fn key_path_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line > lines.len() {
        return None;
    }
    let mut path = Vec::new();
    let mut limit = usize::MAX;
    for l in lines[..line].iter().rev() {
        if let Some((col, key)) = line_key(l) {
            if col < limit {
                path.push(key);
                limit = col;
                if col == 0 {
                    break;
                }
            }
        }
    }
    path.reverse();
    (!path.is_empty()).then(|| path.join("."))
}

/// The column and name of the key a line starts with, after any "- ".
fn line_key(l: &str) -> Option<(usize, String)> {
    let mut col = l.len() - l.trim_start().len();
    let mut rest = l.trim_start();
    while let Some(r) = rest.strip_prefix("- ") {
        let r2 = r.trim_start();
        col += rest.len() - r2.len();
        rest = r2;
    }
    if rest.starts_with('#') {
        return None;
    }
    let (key, _) = rest.split_once(':')?;
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    ok.then(|| (col, key.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_follow_indentation() {
        let y = "co_quan:\n  ten: A\nnguoi_ky:\n  quyen_han: KT\n  ho_ten: X\nphan_cong:\n  - don_vi: S\n    nhiem_vu:\n      - noi_dung: x\n";
        assert_eq!(key_path_at(y, 2).as_deref(), Some("co_quan.ten"));
        assert_eq!(key_path_at(y, 5).as_deref(), Some("nguoi_ky.ho_ten"));
        assert_eq!(key_path_at(y, 9).as_deref(), Some("phan_cong.nhiem_vu.noi_dung"));
    }

    #[test]
    fn messages_are_translated() {
        let (m, h, _) = translate("unknown field `kinh_gu`, expected one of `kinh_gui`, `so`");
        assert_eq!(m, "khóa không hợp lệ `kinh_gu`");
        assert!(h[0].contains("`kinh_gui`"));
        let (m, _, k) = translate("missing field `ho_ten`");
        assert!(m.contains("`ho_ten`"));
        assert_eq!(k.as_deref(), Some("ho_ten"));
        let (m, h, _) = translate("invalid type: string \"ba\", expected u32");
        assert_eq!(m, "sai kiểu dữ liệu: gặp một chuỗi \"ba\"");
        assert_eq!(h[0], "cần: một số nguyên dương");
    }
}
