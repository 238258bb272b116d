//! Reading a YAML file into the raw model, with every failure turned into a
//! located Vietnamese [`Diagnostic`].

use std::path::{Path, PathBuf};

use crate::diag::{did_you_mean, Diagnostic, Pos};
use crate::format::raw::RawDocument;

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

/// Read a file: it must exist and be UTF-8.
pub fn read(path: &Path) -> Result<SourceFile, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            &name,
            Pos::default(),
            format!("không đọc được tệp ({})", io_vi(&e)),
        )]
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = String::from_utf8_lossy(good);
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(vec![Diagnostic::error(
                &name,
                Pos::new(line, column),
                "tệp không phải văn bản UTF-8",
            )
            .hint(format!(
                "byte 0x{:02X} ở vị trí {} không hợp lệ trong UTF-8",
                e.as_bytes()[e.utf8_error().valid_up_to()],
                e.utf8_error().valid_up_to()
            ))
            .hint("gợi ý: lưu lại tệp với bảng mã UTF-8 (Unicode); văn bản gõ bằng TCVN3 hoặc VNI cần chuyển sang Unicode")]);
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

/// Parse the YAML text into the raw model; an empty file is an error.
pub fn parse(src: &SourceFile) -> Result<RawDocument, Vec<Diagnostic>> {
    parse_as(src)
}

/// Parse a YAML file of vanban's (document, progress file) into `T`.
pub fn parse_as<T: serde::de::DeserializeOwned>(src: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    if src.text.trim().lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Err(vec![src
            .error(Pos::new(1, 1), "tệp rỗng: không có nội dung")
            .hint("gợi ý: xem các tệp mẫu trong thư mục samples/ của vanban")]);
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options::<T>(&src.text, options)
        .map_err(|e| vec![yaml_error(src, &e)])
}

/// Turn a serde-saphyr error into a located Vietnamese diagnostic.
fn yaml_error(src: &SourceFile, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::of(&l))
        .unwrap_or_else(|| Pos::new(1, 1));
    let raw = strip_location(&e.without_snippet().to_string());
    let t = translate(&raw);
    let mut d = src.error(pos, t.message);
    let path = key_path_at(&src.text, pos.line);
    let field = match t.missing {
        // The library points at a sibling of the missing key: name the key
        // inside its parent map.
        Some(key) => {
            let parent = path
                .as_deref()
                .and_then(|p| p.rsplit_once('.'))
                .map(|(p, _)| p);
            Some(match parent {
                Some(p) => format!("{p}.{key}"),
                None => key,
            })
        }
        None => path,
    };
    if let Some(f) = field {
        d = d.field(f);
    }
    // The commonest trap: a text with ": " (or ending with ":") read as a
    // key. Show the line as it should be written.
    let text_as_key = t
        .unknown
        .as_deref()
        .is_some_and(|k| !k.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    if text_as_key || raw.starts_with("mapping values are not allowed") {
        if let Some(q) = quoted_line(src, pos.line) {
            d = d.hint(format!(
                "gợi ý: dòng có dấu \":\" nên YAML hiểu phần trước nó là một khóa; đặt cả nội dung trong dấu nháy kép: {q}"
            ));
        }
    }
    for h in t.hints {
        d = d.hint(h);
    }
    d
}

/// The source line `line` with its text in double quotes: `- "a: b"`,
/// `khoan: "Các thành viên:"`.
fn quoted_line(src: &SourceFile, line: usize) -> Option<String> {
    let l = src.text.lines().nth(line.checked_sub(1)?)?.trim();
    let (head, text) = match l.strip_prefix("- ") {
        Some(rest) => ("- ", rest),
        None => ("", l),
    };
    // A known key before the text keeps its place: `khoan: "…:"`.
    let (head, text) = match text.split_once(": ") {
        Some((k, v)) if k.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !k.is_empty() => {
            (format!("{head}{k}: "), v)
        }
        _ => (head.to_string(), text),
    };
    let text = text.trim();
    if text.is_empty() || text.starts_with('"') {
        return None;
    }
    Some(format!(
        "`{head}\"{}\"`",
        text.replace('\\', "\\\\").replace('"', "\\\"")
    ))
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
    m
}

/// A YAML library message in Vietnamese.
struct Translated {
    message: String,
    hints: Vec<String>,
    /// The missing key, for "missing field".
    missing: Option<String>,
    /// The unknown key, for "unknown field".
    unknown: Option<String>,
}

/// Translate the shapes of serde/YAML messages into Vietnamese.
fn translate(msg: &str) -> Translated {
    let plain = |message: String, hints: Vec<String>| Translated {
        message,
        hints,
        missing: None,
        unknown: None,
    };
    let names = |list: &str| -> Vec<String> {
        list.replace('`', "")
            .replace(" or ", ", ")
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = got.trim_matches('`').to_string();
        let known = names(expected.trim_start_matches("one of "));
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let mut hints = Vec::new();
        if let Some(s) = did_you_mean(&got, &known) {
            hints.push(format!("có phải ý bạn là `{s}`?"));
        }
        if !known.is_empty() {
            hints.push(format!("các khóa hợp lệ ở đây: {}", known.join(", ")));
        }
        return Translated {
            unknown: Some(got.clone()),
            ..plain(format!("khóa không hợp lệ `{got}`"), hints)
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = rest.trim().trim_matches('`').to_string();
        return Translated {
            message: format!("thiếu trường bắt buộc `{name}`"),
            hints: vec![format!("cần: thêm dòng `{name}: …` vào bảng này")],
            missing: Some(name),
            unknown: None,
        };
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let name = rest.split(',').next().unwrap_or("").trim();
        return plain(
            format!("khóa `{name}` bị lặp lại"),
            vec!["gợi ý: mỗi khóa chỉ được viết một lần trong một bảng".into()],
        );
    }
    if msg.starts_with("tabs disallowed") {
        return plain(
            "thụt lề bằng phím Tab".into(),
            vec!["cần: thụt lề YAML bằng dấu cách (thường là 2 dấu cách)".into()],
        );
    }
    if let Some(ty) = msg.strip_prefix("invalid ").filter(|t| !t.contains(' ')) {
        let what = if ty.starts_with('u') {
            "một số nguyên dương"
        } else {
            "một số"
        };
        return plain(
            format!("giá trị không hợp lệ: cần {what}"),
            vec!["ví dụ: `so: 15`; để trống nếu văn thư sẽ ghi số sau".into()],
        );
    }
    let expected: &[(&str, &str)] = &[
        ("expected string scalar", "một chuỗi văn bản"),
        (
            "expected mapping start",
            "một bảng khóa–giá trị (các dòng `khóa: giá trị` thụt lề bên dưới)",
        ),
        (
            "expected sequence start",
            "một danh sách (các dòng bắt đầu bằng `- `)",
        ),
    ];
    for (en, vi) in expected {
        if msg.starts_with(en) {
            let hints = if en.contains("string") {
                vec!["gợi ý: một đoạn văn có dấu `:` (nhất là ở cuối dòng) phải đặt trong dấu nháy kép, hoặc viết dạng khối `>-`".into()]
            } else {
                Vec::new()
            };
            return plain(format!("sai kiểu dữ liệu: cần {vi}"), hints);
        }
    }
    for (prefix, what) in [
        ("invalid type: ", "sai kiểu dữ liệu"),
        ("invalid value: ", "giá trị không hợp lệ"),
    ] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let mut hints = Vec::new();
            if !expected.is_empty() {
                hints.push(format!("cần: {}", type_vi(expected)));
            }
            return plain(format!("{what}: gặp {}", type_vi(got)), hints);
        }
    }
    let what = match msg {
        m if m.starts_with("unclosed quote") => "thiếu dấu nháy đóng".to_string(),
        m if m.starts_with("mapping values are not allowed") => {
            "dấu \":\" trong một giá trị chưa đặt trong dấu nháy".to_string()
        }
        m => format!("YAML không hợp lệ ({m})"),
    };
    plain(
        what,
        vec!["gợi ý: kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu `:` sau mỗi khóa và các dấu nháy".into()],
    )
}

/// Vietnamese names of serde's type descriptions.
fn type_vi(s: &str) -> String {
    let s = s.trim();
    let table: &[(&str, &str)] = &[
        (
            "a value or a list of values",
            "một giá trị hoặc một danh sách",
        ),
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
        assert_eq!(
            key_path_at(y, 9).as_deref(),
            Some("phan_cong.nhiem_vu.noi_dung")
        );
    }

    #[test]
    fn messages_are_translated() {
        for msg in [
            "unknown field `kinh_gu`, expected one of `kinh_gui`, `so`",
            "unknown field `kinh_gu`, expected one of kinh_gui, so",
        ] {
            let t = translate(msg);
            assert_eq!(t.message, "khóa không hợp lệ `kinh_gu`");
            assert_eq!(t.hints[0], "có phải ý bạn là `kinh_gui`?");
        }
        let t = translate("missing field `ho_ten`");
        assert!(t.message.contains("`ho_ten`"));
        assert_eq!(t.missing.as_deref(), Some("ho_ten"));
        let t = translate("invalid type: string \"ba\", expected u32");
        assert_eq!(t.message, "sai kiểu dữ liệu: gặp một chuỗi \"ba\"");
        assert_eq!(t.hints[0], "cần: một số nguyên dương");
        assert!(translate("invalid u32").message.contains("số nguyên dương"));
        assert!(translate("duplicate mapping key: ten, set X")
            .message
            .contains("`ten`"));
        assert!(translate("expected string scalar")
            .message
            .contains("chuỗi"));
    }
}
