//! The inline mini-syntax of paragraphs, parsed here into styled runs:
//! `**đậm**`, `*nghiêng*`, `***đậm nghiêng***`, `__gạch chân__`, `m^2^`
//! (superscript), `CO~2~` (subscript) and footnotes `^[chú thích]`.
//! Emphasis nests: `**Thời hạn: *trước ngày 30/6/2024***`.
//!
//! Text never reaches typst or Word as markup: writers receive these runs
//! and set each one as literal text. A backslash makes the next `*`, `_`,
//! `^`, `~`, `[`, `]` or `\` literal; a marker without its partner is
//! literal too, so "3 * 4" and "5~10" print as typed.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The emphasis of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub sup: bool,
    pub sub: bool,
}

impl Style {
    pub const PLAIN: Style = Style {
        bold: false,
        italic: false,
        underline: false,
        sup: false,
        sub: false,
    };
    pub const BOLD: Style = Style {
        bold: true,
        ..Style::PLAIN
    };
    pub const ITALIC: Style = Style {
        italic: true,
        ..Style::PLAIN
    };
}

/// One run of text with its emphasis, or a footnote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text {
        text: String,
        style: Style,
    },
    /// `^[footnote]`: its own runs (no footnote inside a footnote).
    Footnote(Vec<Span>),
}

impl Span {
    /// A plain run.
    pub fn plain(s: impl Into<String>) -> Span {
        Span::styled(s, Style::PLAIN)
    }

    /// A bold run.
    pub fn bold(s: impl Into<String>) -> Span {
        Span::styled(s, Style::BOLD)
    }

    /// An italic run.
    pub fn italic(s: impl Into<String>) -> Span {
        Span::styled(s, Style::ITALIC)
    }

    pub fn styled(s: impl Into<String>, style: Style) -> Span {
        Span::Text {
            text: s.into(),
            style,
        }
    }
}

/// The typst template reads `{"t": …, "b": true, "i": true, "u": true,
/// "sup": true, "sub": true}` and `{"fn": [...]}`.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Span::Text { text, style } => {
                m.serialize_entry("t", text)?;
                for (k, on) in [
                    ("b", style.bold),
                    ("i", style.italic),
                    ("u", style.underline),
                    ("sup", style.sup),
                    ("sub", style.sub),
                ] {
                    if on {
                        m.serialize_entry(k, &true)?;
                    }
                }
            }
            Span::Footnote(inner) => m.serialize_entry("fn", inner)?,
        }
        m.end()
    }
}

/// Inline text: a sequence of spans.
pub type Inline = Vec<Span>;

/// Why a text could not be parsed; `offset` is a char index into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineError {
    pub offset: usize,
    pub message: String,
}

/// Parse a paragraph text.
pub fn parse(s: &str) -> Result<Inline, InlineError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    parse_into(&chars, 0, chars.len(), Style::PLAIN, true, &mut out)?;
    Ok(out)
}

/// The plain text of spans, footnotes left out (for metadata and tests).
pub fn plain(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        if let Span::Text { text, .. } = span {
            s.push_str(text);
        }
    }
    s
}

/// Write spans back in the mini-syntax, escaping what would be markup, so
/// that `parse(&to_source(x)) == x` (used when vanban writes YAML itself).
pub fn to_source(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text { text, style } => {
                let mut t: String = text
                    .chars()
                    .flat_map(|c| {
                        let esc = is_escapable(c).then_some('\\');
                        esc.into_iter().chain(std::iter::once(c))
                    })
                    .collect();
                for (on, open, close) in [
                    (style.sup, "^", "^"),
                    (style.sub, "~", "~"),
                    (style.underline, "__", "__"),
                    (style.italic, "*", "*"),
                    (style.bold, "**", "**"),
                ] {
                    if on {
                        t = format!("{open}{t}{close}");
                    }
                }
                out.push_str(&t);
            }
            Span::Footnote(inner) => out.push_str(&format!("^[{}]", to_source(inner))),
        }
    }
    out
}

/// Append plain text, merging with the last run if it is plain.
pub fn push_text(out: &mut Inline, text: &str) {
    push_styled(out, text, Style::PLAIN);
}

/// Append a run, merging with the last one when the style is the same.
pub fn push_styled(out: &mut Inline, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    if let Some(Span::Text { text: t, style: s }) = out.last_mut() {
        if *s == style {
            t.push_str(text);
            return;
        }
    }
    out.push(Span::styled(text, style));
}

/// Append spans, merging plain text at the seam.
pub fn extend(out: &mut Inline, spans: &[Span]) {
    for sp in spans {
        match sp {
            Span::Text { text, style } => push_styled(out, text, *style),
            other => out.push(other.clone()),
        }
    }
}

/// `spans` with every run given `f`'s extra emphasis (căn cứ lines are
/// italic throughout).
pub fn restyle(spans: &[Span], f: impl Fn(&mut Style) + Copy) -> Inline {
    spans
        .iter()
        .map(|sp| match sp {
            Span::Text { text, style } => {
                let mut s = *style;
                f(&mut s);
                Span::styled(text.clone(), s)
            }
            Span::Footnote(inner) => Span::Footnote(inner.clone()),
        })
        .collect()
}

/// Apply `f` to the text of the last run (the end mark goes there); a
/// trailing footnote reference stays after it. Returns false when there is
/// no text run to change.
pub fn map_last_text(spans: &mut Inline, f: impl FnOnce(&str) -> String) -> bool {
    for sp in spans.iter_mut().rev() {
        if let Span::Text { text, .. } = sp {
            *text = f(text);
            return true;
        }
    }
    false
}

fn is_escapable(c: char) -> bool {
    matches!(c, '*' | '_' | '^' | '~' | '[' | ']' | '\\')
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

/// Find a closing run of at least `marker` copies of `m` after `from`: it
/// must follow non-space text. A footnote inside emphasis ends the search.
fn find_emph_end(chars: &[char], from: usize, end: usize, m: char, marker: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        let c = chars[i];
        if c == '\\' && i + 1 < end && is_escapable(chars[i + 1]) {
            i += 2;
            continue;
        }
        if c == '^' && i + 1 < end && chars[i + 1] == '[' {
            return None;
        }
        if c == m {
            let run = chars[i..end].iter().take_while(|&&x| x == m).count();
            // A run of exactly the marker closes it; "**" does not close "*"
            // (it is bold inside); a run of three closes any.
            let closes = run == marker || (run >= 3 && run > marker);
            if closes && i > from && !chars[i - 1].is_whitespace() {
                // A longer run closes the outer marker too: take the last
                // `marker` characters of the run ("***" after "*x" closes
                // "**…*x***"), so inner emphasis keeps its own.
                return Some(i + run - marker);
            }
            i += run;
            continue;
        }
        i += 1;
    }
    None
}

/// Find the end of a superscript or subscript: the next `m` with no space
/// between, at least one character inside.
fn find_script_end(chars: &[char], from: usize, end: usize, m: char) -> Option<usize> {
    let mut i = from;
    while i < end {
        let c = chars[i];
        if c.is_whitespace() {
            return None;
        }
        if c == '\\' && i + 1 < end && is_escapable(chars[i + 1]) {
            i += 2;
            continue;
        }
        if c == m {
            return (i > from).then_some(i);
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
    style: Style,
    allow_footnote: bool,
    out: &mut Inline,
) -> Result<(), InlineError> {
    let mut i = start;
    let mut text_from = start;
    let flush = |out: &mut Inline, from: usize, to: usize| {
        if from < to {
            push_styled(out, &literal(&chars[from..to]), style);
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
                    message:
                        "chú thích không được lồng trong chú thích hoặc trong chữ đậm, nghiêng"
                            .into(),
                });
            }
            let close = find_footnote_end(chars, i + 2, end).ok_or(InlineError {
                offset: i,
                message: "chú thích \"^[\" thiếu dấu \"]\" đóng".into(),
            })?;
            flush(out, text_from, i);
            let mut inner = Vec::new();
            parse_into(chars, i + 2, close, Style::PLAIN, false, &mut inner)?;
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
        if c == '^' || c == '~' {
            if let Some(close) = find_script_end(chars, i + 1, end, c) {
                flush(out, text_from, i);
                let mut s = style;
                if c == '^' {
                    s.sup = true;
                } else {
                    s.sub = true;
                }
                push_styled(out, &literal(&chars[i + 1..close]), s);
                i = close + 1;
                text_from = i;
                continue;
            }
            i += 1;
            continue;
        }
        if c == '*' || c == '_' {
            let run = chars[i..end].iter().take_while(|&&x| x == c).count();
            // `*` italic, `**` bold, `***` both; `__` underline (a single
            // `_` is text: file_names, ___ blanks).
            let tries: &[usize] = match (c, run) {
                ('*', 1) => &[1],
                ('*', 2) => &[2, 1],
                ('*', _) => &[3, 2, 1],
                ('_', 2) => &[2],
                _ => &[],
            };
            let mut matched = false;
            for &marker in tries {
                let opens = i + marker < end && !chars[i + marker].is_whitespace();
                if !opens {
                    continue;
                }
                if let Some(close) = find_emph_end(chars, i + marker, end, c, marker) {
                    flush(out, text_from, i);
                    let mut s = style;
                    match (c, marker) {
                        ('_', _) => s.underline = true,
                        (_, 1) => s.italic = true,
                        (_, 2) => s.bold = true,
                        _ => {
                            s.bold = true;
                            s.italic = true;
                        }
                    }
                    parse_into(chars, i + marker, close, s, false, out).map_err(|mut e| {
                        if e.message.contains("lồng") {
                            e.offset = e.offset.max(i);
                        }
                        e
                    })?;
                    i = close + marker;
                    text_from = i;
                    matched = true;
                    break;
                }
            }
            if !matched {
                i += run;
            }
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
        Span::plain(s)
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
                Span::bold("đậm"),
                t(" b "),
                Span::italic("nghiêng"),
                t(" c"),
                Span::Footnote(vec![t("Nghị định "), Span::italic("số"), t(" 68")]),
                t(". d"),
            ]
        );
    }

    #[test]
    fn bold_italic_nests_without_leaking_markers() {
        let bi = Style {
            bold: true,
            italic: true,
            ..Style::PLAIN
        };
        assert_eq!(
            parse("hạn ***30/6/2024*** nhé").unwrap(),
            vec![t("hạn "), Span::styled("30/6/2024", bi), t(" nhé")]
        );
        assert_eq!(
            parse("**Thời hạn: *trước 30/6***").unwrap(),
            vec![Span::bold("Thời hạn: "), Span::styled("trước 30/6", bi)]
        );
        assert_eq!(
            parse("*a **b** c*").unwrap(),
            vec![
                Span::italic("a "),
                Span::styled("b", bi),
                Span::italic(" c")
            ]
        );
    }

    #[test]
    fn underline_superscript_subscript() {
        let u = Style {
            underline: true,
            ..Style::PLAIN
        };
        let sup = Style {
            sup: true,
            ..Style::PLAIN
        };
        let sub = Style {
            sub: true,
            ..Style::PLAIN
        };
        assert_eq!(
            parse("__chú ý__ 50 m^2^ và CO~2~").unwrap(),
            vec![
                Span::styled("chú ý", u),
                t(" 50 m"),
                Span::styled("2", sup),
                t(" và CO"),
                Span::styled("2", sub),
            ]
        );
        // Without a partner, or with a space inside, markers are text.
        assert_eq!(
            parse("5~10 người ~ nhé").unwrap(),
            vec![t("5~10 người ~ nhé")]
        );
        assert_eq!(parse("a ^ b ^ c").unwrap(), vec![t("a ^ b ^ c")]);
        assert_eq!(
            parse("ten_tep_moi.pdf").unwrap(),
            vec![t("ten_tep_moi.pdf")]
        );
        assert_eq!(parse("Số: ____/UBND").unwrap(), vec![t("Số: ____/UBND")]);
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
            "***x*** __u__ m^2^ CO~2~ a_b",
        ] {
            let spans = parse(s).unwrap();
            assert_eq!(parse(&to_source(&spans)).unwrap(), spans, "{s}");
        }
        let tricky = vec![t("a * b"), Span::italic("x*y"), t("[^]~_")];
        assert_eq!(parse(&to_source(&tricky)).unwrap(), tricky);
    }

    #[test]
    fn plain_drops_footnotes() {
        assert_eq!(plain(&parse("a^[b] **c**").unwrap()), "a c");
    }

    #[test]
    fn serialises_for_the_template() {
        let j = serde_json::to_string(&parse("a **b** ^[c]").unwrap()).unwrap();
        assert_eq!(
            j,
            r#"[{"t":"a "},{"t":"b","b":true},{"t":" "},{"fn":[{"t":"c"}]}]"#
        );
    }
}
