//! Reading a YAML file into the raw model, with every failure turned into a
//! located Vietnamese [`Diagnostic`].

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// The default largest input file: 10 MB. A long quy chế is about 300 KB
/// of YAML; the limit keeps a wrong file (a log, a disk image) from taking
/// the machine's memory. `--kich-thuoc-toi-da` raises it.
pub const DEFAULT_MAX_INPUT: u64 = 10 * 1024 * 1024;

static MAX_INPUT: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT);

/// Set the largest input file this process reads (the command line's
/// `--kich-thuoc-toi-da`).
pub fn set_max_input(bytes: u64) {
    MAX_INPUT.store(bytes.max(1), Ordering::Relaxed);
}

/// The largest input file this process reads, in bytes.
pub fn max_input() -> u64 {
    MAX_INPUT.load(Ordering::Relaxed)
}

/// Read a file: it must exist, be a regular file (not a device, a named
/// pipe or a folder, which could block or never end) and be at most
/// [`max_input`] bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let name = path.display().to_string();
    let fail = |msg: String| Diagnostic::error(&name, Pos::default(), msg);
    let limit = max_input();
    let too_big = |size: u64| {
        fail(format!(
            "tệp quá lớn ({}, giới hạn {})",
            human_size(size),
            human_size(limit)
        ))
        .hint("một văn bản hành chính dài cũng chỉ vài trăm KB; kiểm tra lại tên tệp")
        .hint("cần đọc tệp lớn hơn: thêm --kich-thuoc-toi-da <MB>")
    };
    // Look before opening: opening a named pipe would wait for a writer.
    let meta =
        std::fs::metadata(path).map_err(|e| fail(format!("không đọc được tệp ({})", io_vi(&e))))?;
    if !meta.is_file() {
        return Err(fail(not_a_file(&meta)));
    }
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| fail(format!("không đọc được tệp ({})", io_vi(&e))))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may have grown since: read one byte past the limit at most.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("không đọc được tệp ({})", io_vi(&e))))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of a regular file, whatever its size (a PDF of the archive,
/// a manifest): a device or a named pipe is refused, never read.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            not_a_file(&meta),
        ));
    }
    std::fs::read(path)
}

/// Why a path that exists is not a regular file, in Vietnamese.
pub fn not_a_file(meta: &std::fs::Metadata) -> String {
    let what = if meta.is_dir() {
        "đây là thư mục"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let t = meta.file_type();
            if t.is_fifo() {
                "đây là ống dẫn có tên (FIFO)"
            } else if t.is_char_device() || t.is_block_device() {
                "đây là thiết bị"
            } else if t.is_socket() {
                "đây là socket"
            } else {
                "đây không phải tệp thông thường"
            }
        }
        #[cfg(not(unix))]
        "đây không phải tệp thông thường"
    };
    format!("{what}, không phải tệp thông thường: vanban chỉ đọc tệp thông thường")
}

/// A byte count for messages: "12,5 MB", "840 KB", "17 byte".
pub fn human_size(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64).replace('.', ",")
    } else if n >= 1024 {
        format!("{} KB", n / 1024)
    } else {
        format!("{n} byte")
    }
}

/// Read a file: a regular file ([`read_bytes`]) in UTF-8.
pub fn read(path: &Path) -> Result<SourceFile, Vec<Diagnostic>> {
    let bytes = read_bytes(path).map_err(|d| vec![d])?;
    decode(path, bytes)
}

/// The text of a file already read: it must be UTF-8.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Vec<Diagnostic>> {
    let name = path.display().to_string();
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
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        name,
        text,
    })
}

/// Explain an I/O error in Vietnamese.
pub fn io_vi(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    if e.kind() == InvalidInput && e.raw_os_error().is_none() {
        if let Some(inner) = e.get_ref() {
            return inner.to_string();
        }
    }
    let what = match e.kind() {
        NotFound => "không tìm thấy tệp",
        PermissionDenied => "không có quyền truy cập",
        IsADirectory => "đây là thư mục, không phải tệp",
        NotADirectory => "một phần của đường dẫn không phải thư mục",
        AlreadyExists => "đã có tệp hoặc thư mục cùng tên",
        StorageFull => "ổ đĩa đã đầy",
        QuotaExceeded => "đã hết hạn mức dung lượng đĩa",
        FileTooLarge => "tệp vượt quá kích thước cho phép",
        ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        DirectoryNotEmpty => "thư mục không trống",
        ResourceBusy => "tệp đang bị chương trình khác dùng",
        InvalidFilename => "tên tệp không hợp lệ",
        WouldBlock => "tệp đang bị khóa",
        Interrupted => "bị ngắt giữa chừng",
        UnexpectedEof => "tệp kết thúc đột ngột",
        OutOfMemory => "không đủ bộ nhớ",
        InvalidData => "dữ liệu không hợp lệ",
        _ => "lỗi hệ thống",
    };
    // The OS's own code, which an administrator can look up.
    match e.raw_os_error() {
        Some(code) => format!("{what}, mã lỗi hệ điều hành {code}"),
        None => what.to_string(),
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
        budget: Some(budget()),
    };
    let value = serde_saphyr::from_str_with_options::<T>(&src.text, options)
        .map_err(|e| vec![yaml_error(src, &e)])?;
    let forbidden = forbidden_chars(src);
    if forbidden.is_empty() {
        Ok(value)
    } else {
        Err(forbidden)
    }
}

/// Text that YAML escapes turned into characters XML 1.0 forbids ("\0",
/// "\x01", "\e", "\v", "\uFFFE" in double quotes): no DOCX may carry them,
/// and they are invisible in the YAML. One located error per scalar, at the
/// escape. (Written as raw bytes, such characters are already refused by
/// the YAML parser.)
pub fn forbidden_chars(src: &SourceFile) -> Vec<Diagnostic> {
    if !src.text.contains('\\') {
        return Vec::new();
    }
    let mut out = Vec::new();
    for event in granit_parser::Parser::new_from_str(&src.text) {
        let Ok((event, span)) = event else { break };
        let granit_parser::Event::Scalar(value, ..) = event else {
            continue;
        };
        let Some(c) = value.chars().find(|&c| !crate::text::xml::is_xml_char(c)) else {
            continue;
        };
        let start = Pos::new(span.start.line(), span.start.col() + 1);
        let end = Pos::new(span.end.line(), span.end.col() + 1);
        let (pos, escape) = escape_of(&src.text, start, end, c).unwrap_or((start, String::new()));
        let shown = if escape.is_empty() {
            String::new()
        } else {
            format!(" (viết là `{escape}`)")
        };
        let mut d = src
            .error(
                pos,
                format!(
                    "ký tự ẩn U+{:04X}{shown} trong văn bản: không in được, và Word, LibreOffice không mở được tệp có ký tự này",
                    c as u32
                ),
            )
            .hint("cần: xóa ký tự này (thường do dán từ chương trình khác)");
        if let Some(f) = key_path_at(&src.text, pos.line) {
            d = d.field(f);
        }
        out.push(d);
    }
    out
}

/// Where in the source, between `start` and `end`, an escape sequence
/// decodes to `c`: its position and its spelling.
fn escape_of(text: &str, start: Pos, end: Pos, c: char) -> Option<(Pos, String)> {
    for (i, line) in text.lines().enumerate().skip(start.line.saturating_sub(1)) {
        let n = i + 1;
        if n > end.line {
            break;
        }
        let chars: Vec<char> = line.chars().collect();
        let from = if n == start.line { start.column - 1 } else { 0 };
        let mut k = from;
        while k < chars.len() {
            if chars[k] != '\\' {
                k += 1;
                continue;
            }
            let hex = |len: usize| -> Option<char> {
                let s: String = chars.get(k + 2..k + 2 + len)?.iter().collect();
                char::from_u32(u32::from_str_radix(&s, 16).ok()?)
            };
            let (decoded, len) = match chars.get(k + 1) {
                Some('0') => (Some('\0'), 2),
                Some('a') => (Some('\u{7}'), 2),
                Some('b') => (Some('\u{8}'), 2),
                Some('v') => (Some('\u{b}'), 2),
                Some('f') => (Some('\u{c}'), 2),
                Some('e') => (Some('\u{1b}'), 2),
                Some('x') => (hex(2), 4),
                Some('u') => (hex(4), 6),
                Some('U') => (hex(8), 10),
                _ => (None, 2),
            };
            if decoded == Some(c) {
                let spelled: String = chars[k..(k + len).min(chars.len())].iter().collect();
                return Some((Pos::new(n, k + 1), spelled));
            }
            k += len;
        }
    }
    None
}

/// The parser's resource limits. Aliases (`*ten`) repeat what an anchor
/// (`&ten`) holds: the text after expansion may be at most twice the input
/// limit, so memory stays proportional to what the limit allows.
fn budget() -> serde_saphyr::Budget {
    let bytes = usize::try_from(max_input().saturating_mul(2)).unwrap_or(usize::MAX);
    let mut b = serde_saphyr::Budget::default();
    b.max_total_scalar_bytes = bytes;
    b.max_reader_input_bytes = Some(bytes);
    b
}

/// Turn a serde-saphyr error into a located Vietnamese diagnostic.
fn yaml_error(src: &SourceFile, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::of(&l))
        .unwrap_or_else(|| Pos::new(1, 1));
    let raw = strip_location(&e.without_snippet().to_string());
    let mut t = translate(&raw);
    let mut pos = pos;
    let path = key_path_at(&src.text, pos.line);
    let field = match t.missing.clone() {
        // The library points at a sibling of the missing key (the last one
        // of its map): name the key inside its parent map, and point at
        // the map that lacks it.
        Some(key) => {
            let lines: Vec<&str> = src.text.lines().collect();
            let own = lines
                .get(pos.line.wrapping_sub(1))
                .and_then(|l| line_key(l));
            let parent = match &own {
                // A block map: the sibling's path less its own key.
                Some(_) => path
                    .as_deref()
                    .and_then(|p| p.rsplit_once('.'))
                    .map(|(p, _)| p.to_string()),
                // A flow map `{…}` on the line: the line's path is the map's.
                None => path.clone(),
            };
            if let Some((col, _)) = own {
                // The map's own key line: the nearest line above with less
                // indentation; none means the document's top level.
                let above = lines[..pos.line.saturating_sub(1)]
                    .iter()
                    .enumerate()
                    .rev()
                    .find_map(|(i, l)| {
                        line_key(l)
                            .filter(|(c, _)| *c < col)
                            .map(|(c, k)| (i, c, k))
                    });
                match above {
                    Some((i, c, k)) => {
                        pos = Pos::new(i + 1, c + 1);
                        t.message = format!("bảng `{k}` thiếu trường bắt buộc `{key}`");
                    }
                    None if col == 0 => {
                        pos = Pos::new(1, 1);
                        t.message = format!("văn bản thiếu trường bắt buộc `{key}`");
                    }
                    None => {}
                }
            }
            Some(match parent {
                Some(p) => format!("{p}.{key}"),
                None => key,
            })
        }
        None => path,
    };
    let mut d = src.error(pos, t.message.clone());
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
    let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
    // A long line is shown by its start: the form is what matters.
    let shown: String = if quoted.chars().count() > 60 {
        quoted.chars().take(60).collect::<String>() + "…"
    } else {
        quoted
    };
    Some(format!("`{head}\"{shown}\"`"))
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
    // serde-saphyr: a key written with nothing after its `:` where a value
    // is required ("ngay:").
    if msg.starts_with("cannot deserialize null") {
        return plain(
            "giá trị để trống: trường này cần có giá trị".into(),
            vec!["cần: ghi giá trị sau dấu `:`; nếu trường không bắt buộc thì bỏ cả dòng".into()],
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
    if let Some(t) = translate_limit(msg) {
        return t;
    }
    let what = match msg {
        m if m.starts_with("unclosed quote") => "thiếu dấu nháy đóng".to_string(),
        m if m.starts_with("mapping values are not allowed") => {
            "dấu \":\" trong một giá trị chưa đặt trong dấu nháy".to_string()
        }
        m if m.starts_with("unexpected character") => {
            let c = m
                .split('`')
                .nth(1)
                .map(|c| c.trim_end_matches('\''))
                .unwrap_or("");
            format!("ký tự không được phép trong YAML: {c}")
        }
        m => format!("YAML không hợp lệ ({m})"),
    };
    plain(
        what,
        vec!["gợi ý: kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu `:` sau mỗi khóa và các dấu nháy".into()],
    )
}

/// The parser's resource limits (alias expansion, nesting, size), in
/// Vietnamese.
fn translate_limit(msg: &str) -> Option<Translated> {
    let lower = msg.to_lowercase();
    let plain = |message: &str, hint: &str| Translated {
        message: message.to_string(),
        hints: vec![hint.to_string()],
        missing: None,
        unknown: None,
    };
    let alias_hint = "gợi ý: viết thẳng nội dung thay cho `*bí_danh`, hoặc giảm số lần lặp lại";
    let t = if lower.contains("budget breached") || lower.contains("budget exceeded") {
        let what = if msg.contains("AliasAnchorRatio") || msg.contains("Aliases") {
            (
                "dùng quá nhiều bí danh YAML (`*tên`) so với số neo (`&tên`)",
                alias_hint,
            )
        } else if msg.contains("ScalarBytes") || msg.contains("RecordedAnchor") {
            (
                "văn bản sau khi mở rộng các bí danh YAML (`*tên`) quá lớn",
                alias_hint,
            )
        } else if msg.contains("Depth") {
            (
                "các danh sách, bảng lồng nhau quá sâu",
                "gợi ý: kiểm tra thụt lề và các dấu `[` `{` chưa đóng",
            )
        } else if msg.contains("Nodes") || msg.contains("Events") {
            (
                "tệp có quá nhiều phần tử YAML",
                "gợi ý: tách thành nhiều văn bản",
            )
        } else if msg.contains("Documents") {
            (
                "tệp có quá nhiều tài liệu YAML (dòng `---`)",
                "gợi ý: mỗi tệp chỉ chứa một văn bản",
            )
        } else {
            (
                "tệp YAML vượt giới hạn an toàn của vanban",
                "gợi ý: kiểm tra lại tệp; tệp của một văn bản không cần đến cỡ này",
            )
        };
        plain(what.0, what.1)
    } else if lower.contains("recursion limit") || lower.contains("nesting") {
        plain(
            "các danh sách, bảng lồng nhau quá sâu",
            "gợi ý: kiểm tra thụt lề và các dấu `[` `{` chưa đóng",
        )
    } else if lower.contains("alias") && (lower.contains("limit") || lower.contains("exceeded")) {
        plain(
            "văn bản sau khi mở rộng các bí danh YAML (`*tên`) quá lớn",
            alias_hint,
        )
    } else if lower.contains("too large") || lower.contains("file too large") {
        plain(
            "tệp quá lớn",
            "cần đọc tệp lớn hơn: thêm --kich-thuoc-toi-da <MB>",
        )
    } else {
        return None;
    };
    Some(t)
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
    fn io_errors_are_vietnamese() {
        let full = io_vi(&std::io::Error::from_raw_os_error(28));
        assert_eq!(full, "ổ đĩa đã đầy, mã lỗi hệ điều hành 28");
        let exists = io_vi(&std::io::Error::from_raw_os_error(17));
        assert!(
            exists.starts_with("đã có tệp hoặc thư mục cùng tên"),
            "{exists}"
        );
        let other = io_vi(&std::io::Error::from_raw_os_error(5));
        assert!(!other.contains("error"), "{other}");
    }

    #[test]
    fn limits_are_translated() {
        for msg in [
            "budget breached: AliasAnchorRatio { aliases: 300, anchors: 1 }",
            "budget breached: ScalarBytes { total_scalar_bytes: 1 }",
            "recursion limit exceeded",
        ] {
            let t = translate(msg);
            assert!(
                !t.message.contains("budget") && !t.message.contains("recursion"),
                "{}",
                t.message
            );
            assert!(
                !t.message.starts_with("YAML không hợp lệ ("),
                "{}",
                t.message
            );
        }
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
        let t = translate("cannot deserialize null into string; use Option<String>");
        assert_eq!(t.message, "giá trị để trống: trường này cần có giá trị");
        assert!(translate("expected string scalar")
            .message
            .contains("chuỗi"));
    }
}
