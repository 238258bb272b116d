//! The inline mini-syntax of paragraphs and tasks: `**đậm**`, `*nghiêng*`
//! and footnotes `^[chú thích]`, parsed here into segments.
//!
//! Text never reaches typst or Word as markup: writers receive these
//! segments and set each one as literal text. A backslash makes the next
//! `*`, `^`, `[`, `]` or `\` literal; a marker without its partner is
//! literal too, so "3 * 4" prints as typed.

use serde::Serialize;

/// One run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Span {
    /// Plain text.
    #[serde(rename = "t")]
    Text(String),
    /// `**bold**`.
    #[serde(rename = "b")]
    Bold(String),
    /// `*italic*`.
    #[serde(rename = "i")]
    Italic(String),
    /// `^[footnote]`: its own spans (no footnote inside a footnote).
    #[serde(rename = "fn")]
    Footnote(Vec<Span>),
}

/// Inline text: a sequence of spans.
pub type Inline = Vec<Span>;

/// Why a text could not be parsed; `offset` is a char index into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineError {
    pub offset: usize,
    pub message: String,
}

/// Parse a paragraph or task text.
pub fn parse(s: &str) -> Result<Inline, InlineError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    parse_into(&chars, 0, chars.len(), true, &mut out)?;
    Ok(out)
}

/// The plain text of spans, footnotes left out (for metadata and tests).
pub fn plain(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        match span {
            Span::Text(t) | Span::Bold(t) | Span::Italic(t) => s.push_str(t),
            Span::Footnote(_) => {}
        }
    }
    s
}

/// Write spans back in the mini-syntax, escaping what would be markup, so
/// that `parse(&to_source(x)) == x` (used when vanban writes YAML itself).
pub fn to_source(spans: &[Span]) -> String {
    fn esc(t: &str) -> String {
        let mut s = String::with_capacity(t.len());
        for c in t.chars() {
            if is_escapable(c) {
                s.push('\\');
            }
            s.push(c);
        }
        s
    }
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(t) => out.push_str(&esc(t)),
            Span::Bold(t) => out.push_str(&format!("**{}**", esc(t))),
            Span::Italic(t) => out.push_str(&format!("*{}*", esc(t))),
            Span::Footnote(inner) => out.push_str(&format!("^[{}]", to_source(inner))),
        }
    }
    out
}

/// Append text to the last span if it is plain, else start a new one.
pub fn push_text(out: &mut Inline, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Span::Text(t)) = out.last_mut() {
        t.push_str(text);
    } else {
        out.push(Span::Text(text.to_string()));
    }
}

fn is_escapable(c: char) -> bool {
    matches!(c, '*' | '^' | '[' | ']' | '\\')
}

/// Find the closing `]` of a footnote opened before `from`, honouring
/// escapes and nested brackets.
fn find_footnote_end(chars: &[char], from: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i < end {
        match chars[i] {
            '\\' if i + 1 < end && is_escapable(chars[i + 1]) => i += 1,
            '[' => depth += 1,
            ']' if depth == 0 => return Some(i),
            ']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Find a closing emphasis marker (`*` or `**`) starting at `from`.
fn find_emph_end(chars: &[char], from: usize, end: usize, marker: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        let c = chars[i];
        if c == '\\' && i + 1 < end && is_escapable(chars[i + 1]) {
            i += 2;
            continue;
        }
        if c == '^' && i + 1 < end && chars[i + 1] == '[' {
            // A footnote inside emphasis is not supported: stop here.
            return None;
        }
        if c == '*' {
            let run = chars[i..end].iter().take_while(|&&c| c == '*').count();
            // The closing marker must follow non-space text.
            if run >= marker && i > from && !chars[i - 1].is_whitespace() {
                return Some(i);
            }
            i += run;
            continue;
        }
        i += 1;
    }
    None
}

/// Unescape a text slice into a string.
fn literal(chars: &[char]) -> String {
    let mut s = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() && is_escapable(chars[i + 1]) {
            i += 1;
        }
        s.push(chars[i]);
        i += 1;
    }
    s
}

fn parse_into(
    chars: &[char],
    start: usize,
    end: usize,
    allow_footnote: bool,
    out: &mut Inline,
) -> Result<(), InlineError> {
    let mut i = start;
    let mut text_from = start;
    let flush = |out: &mut Inline, from: usize, to: usize| {
        if from < to {
            push_text(out, &literal(&chars[from..to]));
        }
    };
    while i < end {
        let c = chars[i];
        if c == '\\' && i + 1 < end && is_escapable(chars[i + 1]) {
            i += 2;
            continue;
        }
        if c == '^' && i + 1 < end && chars[i + 1] == '[' {
            if !allow_footnote {
                return Err(InlineError {
                    offset: i,
                    message: "chú thích không được lồng trong chú thích".into(),
                });
            }
            let close = find_footnote_end(chars, i + 2, end).ok_or(InlineError {
                offset: i,
                message: "chú thích \"^[\" thiếu dấu \"]\" đóng".into(),
            })?;
            flush(out, text_from, i);
            let mut inner = Vec::new();
            parse_into(chars, i + 2, close, false, &mut inner)?;
            if plain(&inner).trim().is_empty() {
                return Err(InlineError {
                    offset: i,
                    message: "chú thích \"^[]\" không có nội dung".into(),
                });
            }
            out.push(Span::Footnote(inner));
            i = close + 1;
            text_from = i;
            continue;
        }
        if c == '*' {
            let run = chars[i..end].iter().take_while(|&&c| c == '*').count();
            let marker = if run >= 2 { 2 } else { 1 };
            let opens = i + marker < end && !chars[i + marker].is_whitespace();
            if opens {
                if let Some(close) = find_emph_end(chars, i + marker, end, marker) {
                    flush(out, text_from, i);
                    let body = literal(&chars[i + marker..close]);
                    out.push(if marker == 2 {
                        Span::Bold(body)
                    } else {
                        Span::Italic(body)
                    });
                    i = close + marker;
                    text_from = i;
                    continue;
                }
            }
            i += run;
            continue;
        }
        i += 1;
    }
    flush(out, text_from, end);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Span {
        Span::Text(s.into())
    }

    #[test]
    fn plain_text_is_one_span() {
        assert_eq!(parse("Kính gửi").unwrap(), vec![t("Kính gửi")]);
        assert_eq!(parse("").unwrap(), vec![]);
    }

    #[test]
    fn bold_italic_and_footnote() {
        let got = parse("a **đậm** b *nghiêng* c^[Nghị định *số* 68]. d").unwrap();
        assert_eq!(
            got,
            vec![
                t("a "),
                Span::Bold("đậm".into()),
                t(" b "),
                Span::Italic("nghiêng".into()),
                t(" c"),
                Span::Footnote(vec![t("Nghị định "), Span::Italic("số".into()), t(" 68")]),
                t(". d"),
            ]
        );
    }

    #[test]
    fn unmatched_markers_and_escapes_are_literal() {
        assert_eq!(parse("3 * 4 = 12").unwrap(), vec![t("3 * 4 = 12")]);
        assert_eq!(parse("a *b").unwrap(), vec![t("a *b")]);
        assert_eq!(parse(r"\*x\* \^[y]").unwrap(), vec![t("*x* ^[y]")]);
        assert_eq!(parse(r"a \ b").unwrap(), vec![t(r"a \ b")]);
        assert_eq!(
            parse("giá [1] và ^ mũ").unwrap(),
            vec![t("giá [1] và ^ mũ")]
        );
    }

    #[test]
    fn markup_of_other_languages_is_text() {
        let s = "#set page(fill: red) $y$ <a> & \\ @b [x](y) _z_ `c`";
        assert_eq!(parse(s).unwrap(), vec![t(s)]);
    }

    #[test]
    fn footnote_errors_name_the_offset() {
        let e = parse("abc ^[chưa đóng").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("]"));
        assert!(parse("x^[]").is_err());
        assert!(parse("x^[a ^[b]]").is_err());
    }

    #[test]
    fn brackets_inside_footnote() {
        let got = parse("x^[Điều 5 [sửa đổi] khoản 2]").unwrap();
        assert_eq!(
            got,
            vec![t("x"), Span::Footnote(vec![t("Điều 5 [sửa đổi] khoản 2")])]
        );
    }

    #[test]
    fn source_round_trips() {
        for s in [
            "a **đậm** b *nghiêng* c^[Nghị định *số* 68]. d",
            r"3 \* 4 = 12 \^\[x\] \\ back",
            "#set page(fill: red) $y$ <a> & @b",
        ] {
            let spans = parse(s).unwrap();
            assert_eq!(parse(&to_source(&spans)).unwrap(), spans, "{s}");
        }
        let tricky = vec![t("a * b"), Span::Italic("x*y".into()), t("[^]")];
        assert_eq!(parse(&to_source(&tricky)).unwrap(), tricky);
    }

    #[test]
    fn plain_drops_footnotes() {
        assert_eq!(plain(&parse("a^[b] **c**").unwrap()), "a c");
    }
}
