//! Diagnostics: what went wrong, where in the YAML, and how to fix it.
//!
//! The library never prints; it returns [`Diagnostic`]s and the CLI renders
//! them in the style of rustc and typst, in Vietnamese.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// Said, never counted: a rule a document switched off, and why.
    Note,
}

/// A position in a source file, 1-based; `line == 0` means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    /// The position of a located YAML value.
    pub fn of(loc: &serde_saphyr::Location) -> Pos {
        Pos::new(loc.line() as usize, loc.column() as usize)
    }
}

/// One message about an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Rule id, e.g. `ND30-KY-01`, for diagnostics of `vanban check`.
    pub code: Option<&'static str>,
    /// The file as the user named it.
    pub file: String,
    pub pos: Pos,
    /// Key path of the field concerned, e.g. `nguoi_ky.ho_ten`.
    pub field: Option<String>,
    pub message: String,
    /// What was expected, and suggested fixes.
    pub hints: Vec<String>,
    /// The text of the source line, for the caret display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at a position of a file.
    pub fn error(file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            file: file.to_string(),
            pos,
            field: None,
            message: message.into(),
            hints: Vec::new(),
            source_line: None,
        }
    }

    /// A warning at a position of a file.
    pub fn warning(file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    /// Tag with a rule id.
    pub fn code(mut self, code: &'static str) -> Diagnostic {
        self.code = Some(code);
        self
    }

    /// Machine-readable form (`vanban check --format json`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "note" },
            "code": self.code,
            "file": self.file,
            "line": self.pos.line,
            "column": self.pos.column,
            "field": self.field,
            "message": self.message,
            "hints": self.hints,
        })
    }

    /// Name the field concerned.
    pub fn field(mut self, path: impl Into<String>) -> Diagnostic {
        self.field = Some(path.into());
        self
    }

    /// Add a hint line.
    pub fn hint(mut self, h: impl Into<String>) -> Diagnostic {
        self.hints.push(h.into());
        self
    }

    /// Attach the source line the position points at.
    pub fn with_source(mut self, text: &str) -> Diagnostic {
        if self.pos.line > 0 {
            self.source_line = text.lines().nth(self.pos.line - 1).map(str::to_string);
        }
        self
    }
}

/// Text safe to print on a terminal: control characters (C0 but the line
/// feed, DEL, C1) and the bidirectional overrides that reorder what is
/// shown are written as `\u{1b}`. A file name or a text with an escape
/// sequence must not recolour, move or hide what the clerk reads.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if bad(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

impl fmt::Display for Diagnostic {
    /// rustc-style rendering:
    ///
    /// ```text
    /// lỗi: thiếu trường bắt buộc `ho_ten`
    ///   --> mau.yaml:42:3
    ///    |
    /// 42 |   chuc_vu: PHÓ CHỦ TỊCH
    ///    |   ^
    ///    = trường: nguoi_ky.ho_ten
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.render(&mut text)?;
        f.write_str(&printable(&text))
    }
}

impl Diagnostic {
    /// Rendered by annotate-snippets (already in the tree through the YAML
    /// parser) with Vietnamese level names; a very long source line is shown
    /// as a window around the column. No colours: the text goes to files
    /// and pipes as well as terminals.
    fn render(&self, f: &mut impl fmt::Write) -> fmt::Result {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR.with_name("lỗi"),
            Severity::Warning => Level::WARNING.with_name("cảnh báo"),
            Severity::Note => Level::NOTE.with_name("ghi chú"),
        };
        // Our own escapes first (`\u{1b}`), so that what the user typed
        // shows as typed, not as the renderer's replacement character.
        let message = printable(&self.message);
        let file = printable(&self.file);
        let mut title = level.primary_title(message.as_ref());
        if let Some(code) = self.code {
            title = title.id(code);
        }
        let mut group = Group::with_title(title);
        let origin = if self.pos.line > 0 {
            format!("{file}:{}:{}", self.pos.line, self.pos.column)
        } else {
            file.to_string()
        };
        let line = self
            .source_line
            .as_deref()
            .filter(|_| self.pos.line > 0)
            .map(|l| l.replace('\t', " "));
        match &line {
            Some(text) => {
                // The caret at the column (in characters) of the line.
                let col = self.pos.column.max(1) - 1;
                let at = text.char_indices().nth(col).map_or(text.len(), |(i, _)| i);
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                // The snippet adds ":line:column" to the path itself.
                group = group.element(
                    Snippet::source(text.as_str())
                        .line_start(self.pos.line)
                        .path(file.as_ref())
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(at..end)),
                );
            }
            None => {
                group = group.element(annotate_snippets::Origin::path(origin.as_str()));
            }
        }
        let field = self.field.as_ref().map(|x| format!("trường: {x}"));
        let notes: Vec<String> = field
            .iter()
            .chain(self.hints.iter())
            .map(|n| printable(n).into_owned())
            .collect();
        for note in &notes {
            group = group.element(Level::NOTE.no_name().message(note.as_str()));
        }
        let out = Renderer::plain().term_width(120).render(&[group]);
        writeln!(f, "{out}")
    }
}

/// Strip Vietnamese diacritics, for comparing a mistyped key such as
/// `kính_gửi` with `kinh_gui`.
pub fn fold_ascii(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Edit distance between two strings (Levenshtein, by chars).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The known name closest to `got`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(got: &str, known: &[&'a str]) -> Option<&'a str> {
    let folded = fold_ascii(got).replace([' ', '-'], "_");
    known
        .iter()
        .map(|k| (edit_distance(&folded, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_shown_as_a_window() {
        let line = format!("trich_yeu: {}", "ả".repeat(10_000));
        let d = Diagnostic::error("a.yaml", Pos::new(1, 5000), "x").with_source(&line);
        let s = d.to_string();
        assert!(s.len() < 1000, "{}", s.len());
        assert!(s.contains("..."), "{s}");
        let caret_line = s.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        assert!(caret_line.chars().count() < 130, "{caret_line}");
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        let d = Diagnostic::warning("a\u{1b}[31m.yaml", Pos::new(1, 1), "x\u{9b}2J \u{202e}y")
            .with_source("k: \u{7}v");
        let s = d.to_string();
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
        assert!(
            s.contains("a\\u{1b}[31m.yaml") && s.contains("x\\u{9b}2J \\u{202e}y"),
            "{s}"
        );
        assert_eq!(printable("Đà Nẵng\nx"), "Đà Nẵng\nx");
    }

    #[test]
    fn suggestions_fold_diacritics_and_typos() {
        let known = ["kinh_gui", "trich_yeu", "noi_nhan", "nguoi_ky"];
        assert_eq!(did_you_mean("kính_gửi", &known), Some("kinh_gui"));
        assert_eq!(did_you_mean("trich_yue", &known), Some("trich_yeu"));
        assert_eq!(did_you_mean("nơi nhận", &known), Some("noi_nhan"));
        assert_eq!(did_you_mean("xyz", &known), None);
    }

    #[test]
    fn rendering_has_location_caret_and_field() {
        let d = Diagnostic::error("a.yaml", Pos::new(2, 3), "thiếu trường `ho_ten`")
            .field("nguoi_ky.ho_ten")
            .with_source("nguoi_ky:\n  chuc_vu: X\n");
        let s = d.to_string();
        assert!(s.starts_with("lỗi: thiếu trường `ho_ten`\n"));
        assert!(s.contains("--> a.yaml:2:3"));
        assert!(s.contains("2 |   chuc_vu: X\n"));
        assert!(s.contains("  |   ^\n"));
        assert!(s.contains("= trường: nguoi_ky.ho_ten"));
    }
}
