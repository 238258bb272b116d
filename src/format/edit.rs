//! Editing a document's YAML text in place (issue 15): `vanban issue`
//! writes the number and the issue date into the clerk's own file.
//!
//! Only those values change: every comment, blank line, key order,
//! indentation, line end (LF or CRLF) and byte-order mark stays as the
//! clerk left it. The values are found where the parser located them
//! (`so:` and `ngay:` from [`RawDocument`]'s spans); an empty `so:` (which
//! the parser reads as nothing, without a position) is found as its
//! top-level key line, and a missing one is inserted above `ngay:`. The
//! draft key `du_thao:` goes: an issued document is no draft. The result
//! is parsed again and must hold exactly the new values.

use crate::format::raw::{Located, RawDocument};

/// What [`issue`] changed, for the message to the clerk.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// `so:` was absent and was inserted.
    pub inserted_number: bool,
    /// The `du_thao:` line was removed, with its text.
    pub removed_draft: Option<String>,
}

/// The file's text (as read, with its byte-order mark) with `so` set to
/// `number` and `ngay` to `date` (YYYY-MM-DD), and `du_thao` removed.
/// `raw` is the document parsed from the same text without the mark.
pub fn issue(
    original: &str,
    raw: &RawDocument,
    number: &str,
    date: &str,
) -> Result<(String, Changes), String> {
    let (bom, body) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut changes = Changes::default();
    // (start, end, replacement) in `body`'s bytes.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();

    // ngay: always present (the parser requires it), so always located.
    let (start, end) = span(&raw.ngay, body)
        .ok_or("không tìm được vị trí của `ngay` trong tệp để ghi ngày ban hành")?;
    edits.push(keep_comment_column(body, start, end, date));
    let ngay_line = body[..start].rfind('\n').map_or(0, |i| i + 1);

    // so: a value the parser located, or an empty key, or none at all.
    let value = number_yaml(number);
    match raw.so.as_ref().and_then(|s| span(s, body)) {
        Some((start, end)) => edits.push(keep_comment_column(body, start, end, &value)),
        None => match top_level_key(body, "so") {
            Some(k) => {
                let rest = &body[k.after_colon..k.line_end];
                let comment = comment_start(rest);
                let (old, tail) = rest.split_at(comment.unwrap_or(rest.len()));
                let token = old.trim();
                if !token.is_empty() && !is_null(token) {
                    return Err(format!(
                        "`so: {token}` không đọc được là số văn bản; sửa hoặc để trống rồi chạy lại"
                    ));
                }
                // Keep a comment where the clerk aligned it.
                let new = format!(" {value}");
                let pad = if tail.is_empty() {
                    String::new()
                } else {
                    " ".repeat(
                        old.chars()
                            .count()
                            .saturating_sub(new.chars().count())
                            .max(1),
                    )
                };
                edits.push((
                    k.after_colon,
                    k.after_colon + old.len(),
                    format!("{new}{pad}"),
                ));
            }
            None => {
                changes.inserted_number = true;
                edits.push((ngay_line, ngay_line, format!("so: {value}{eol}")));
            }
        },
    }

    // du_thao: the whole line goes.
    if raw.du_thao.is_some() {
        let k = top_level_key(body, "du_thao")
            .ok_or("không tìm được dòng `du_thao:` để bỏ; bỏ dòng này bằng tay rồi chạy lại")?;
        let located = raw
            .du_thao
            .as_ref()
            .and_then(|d| span(d, body))
            .is_some_and(|(s, e)| s >= k.after_colon && e <= k.line_end);
        if !located {
            return Err(
                "`du_thao:` viết trên nhiều dòng; bỏ khóa này bằng tay rồi chạy lại".into(),
            );
        }
        changes.removed_draft = Some(body[k.line_start..k.line_end].trim().to_string());
        edits.push((k.line_start, k.next_line, String::new()));
    }

    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = body.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    Ok((format!("{bom}{out}"), changes))
}

/// The file's text made a draft again (`vanban new --tu … --thay-the`,
/// issue 15): `so:` emptied and `ngay:` set to `draft_date` (YYYY-MM),
/// everything else as it was, with `header` comment lines put first (after
/// an editor's schema line).
pub fn redraft(
    original: &str,
    raw: &RawDocument,
    draft_date: &str,
    header: &str,
) -> Result<String, String> {
    let (bom, body) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let (start, end) = span(&raw.ngay, body).ok_or("không tìm được vị trí của `ngay`")?;
    edits.push(keep_comment_column(body, start, end, draft_date));
    if let Some((start, end)) = raw.so.as_ref().and_then(|s| span(s, body)) {
        // "so: 1956" → "so:" (the value and the space before it).
        let from = body[..start].trim_end_matches([' ', '\t']).len();
        edits.push((from, end, String::new()));
    }
    let first_line_end = body.find('\n').map_or(body.len(), |i| i + 1);
    let at = if body.starts_with("# yaml-language-server:") {
        first_line_end
    } else {
        0
    };
    let header: String = header.lines().map(|l| format!("{l}{eol}")).collect();
    edits.push((at, at, header));
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = body.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    Ok(format!("{bom}{out}"))
}

/// The number as a YAML value that reads back as the same text: digits
/// plain ("7", printed "07"), anything else quoted ("66.19" is no float).
fn number_yaml(number: &str) -> String {
    if number.bytes().all(|b| b.is_ascii_digit()) {
        let n = number.trim_start_matches('0');
        if n.is_empty() { "0" } else { n }.to_string()
    } else {
        format!("\"{number}\"")
    }
}

/// Replace `body[start..end]` with `new`, taking spaces from (or giving
/// them to) the gap before a comment on the same line, so that the
/// comment stays in the column the clerk aligned it to.
fn keep_comment_column(body: &str, start: usize, end: usize, new: &str) -> (usize, usize, String) {
    let after = &body[end..];
    let gap = after.len() - after.trim_start_matches(' ').len();
    if !after[gap..].starts_with('#') || gap == 0 {
        return (start, end, new.to_string());
    }
    let (old_w, new_w) = (body[start..end].chars().count(), new.chars().count());
    let gap_new = (gap + old_w).saturating_sub(new_w).max(1);
    (start, end + gap, format!("{new}{}", " ".repeat(gap_new)))
}

fn is_null(token: &str) -> bool {
    matches!(token, "~" | "null" | "Null" | "NULL" | "''" | "\"\"")
}

/// The byte range of a located value in `body` (quotes included).
fn span<T>(v: &Located<T>, body: &str) -> Option<(usize, usize)> {
    let s = v.referenced.span();
    let start = usize::try_from(s.byte_offset()?).ok()?;
    let end = start + usize::try_from(s.byte_len()?).ok()?;
    (end <= body.len() && body.is_char_boundary(start) && body.is_char_boundary(end))
        .then_some((start, end))
}

/// A top-level key's line, in bytes.
struct KeyLine {
    line_start: usize,
    after_colon: usize,
    /// Before the line's end (`\r\n` or `\n`).
    line_end: usize,
    /// After the line's end.
    next_line: usize,
}

/// The line of a top-level `key:` (at column 1: in a block mapping only a
/// top-level key starts there; a block scalar's lines are indented).
fn top_level_key(body: &str, key: &str) -> Option<KeyLine> {
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let next = start + line.len();
        let content = line.trim_end_matches('\n').trim_end_matches('\r');
        if let Some(rest) = content.strip_prefix(key) {
            let rest_trim = rest.trim_start_matches([' ', '\t']);
            if let Some(after) = rest_trim.strip_prefix(':') {
                if after.is_empty() || after.starts_with([' ', '\t']) {
                    let after_colon = start + (content.len() - after.len());
                    return Some(KeyLine {
                        line_start: start,
                        after_colon,
                        line_end: start + content.len(),
                        next_line: next,
                    });
                }
            }
        }
        start = next;
    }
    None
}

/// Where a comment starts in a plain value's text (" #").
fn comment_start(rest: &str) -> Option<usize> {
    if rest.trim_start().starts_with('#') {
        return Some(rest.len() - rest.trim_start().len());
    }
    rest.find(" #").or_else(|| rest.find("\t#")).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load::SourceFile;

    fn raw(text: &str) -> RawDocument {
        let src = SourceFile::from_text("t.yaml", text);
        crate::format::load::parse(&src).unwrap()
    }

    const DOC: &str = "# Công văn\n\
        loai: cong_van\n\
        co_quan: {ten: Ủy ban nhân dân tỉnh Bắc Giang, viet_tat: UBND}\n\
        so:                       # để trống: văn thư ghi số\n\
        don_vi_soan_thao: KTTH\n\
        dia_danh: Bắc Giang\n\
        ngay: 2024-04          # bản nháp\n\
        trich_yeu: x\n\
        nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: A}\n";

    fn issued(text: &str, number: &str) -> (String, Changes) {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        issue(text, &raw(body), number, "2024-04-19").unwrap()
    }

    /// `key: value` padded so that its comment starts where `line`'s did.
    fn aligned(line: &str, key_value: &str) -> String {
        let col = line.find('#').unwrap();
        format!("{key_value}{}", " ".repeat(col - key_value.len()))
    }

    #[test]
    fn only_the_two_values_change_comments_stay_aligned() {
        let (out, ch) = issued(DOC, "07");
        let want = DOC
            .replace(
                "so:                       ",
                &aligned("so:                       #", "so: 7"),
            )
            .replace(
                "ngay: 2024-04          ",
                &aligned("ngay: 2024-04          #", "ngay: 2024-04-19"),
            );
        assert_eq!(out, want);
        assert_eq!(ch, Changes::default());
    }

    #[test]
    fn crlf_and_byte_order_mark_are_kept() {
        let text = format!("\u{feff}{}", DOC.replace('\n', "\r\n"));
        let (out, _) = issued(&text, "12a");
        assert!(out.starts_with('\u{feff}'));
        assert!(
            !out.replace("\r\n", "").contains('\n'),
            "every line end CRLF"
        );
        let so = aligned("so:                       #", "so: \"12a\"");
        assert!(out.contains(&format!("{so}# để trống")), "{out}");
        assert!(out.contains("ngay: 2024-04-19       # bản nháp"), "{out}");
    }

    #[test]
    fn a_located_number_is_replaced_a_missing_one_inserted() {
        let text = DOC.replace(
            "so:                       # để trống: văn thư ghi số\n",
            "so: 5\n",
        );
        let (out, _) = issued(&text, "66.19");
        assert!(out.contains("\nso: \"66.19\"\n"), "{out}");
        let text = DOC.replace("so:                       # để trống: văn thư ghi số\n", "");
        let (out, ch) = issued(&text, "08");
        assert!(ch.inserted_number);
        assert!(
            out.contains("dia_danh: Bắc Giang\nso: 8\nngay: 2024-04-19"),
            "{out}"
        );
        let text = DOC.replace("so:                       #", "so: ~                     #");
        let (out, _) = issued(&text, "3");
        let so = aligned("so:                       #", "so: 3");
        assert!(out.contains(&format!("{so}# để trống")), "{out}");
    }

    #[test]
    fn the_draft_key_goes() {
        let text = DOC.replace("trich_yeu: x\n", "trich_yeu: x\ndu_thao: 2   # lần 2\n");
        let (out, ch) = issued(&text, "9");
        assert!(!out.contains("du_thao"), "{out}");
        assert_eq!(ch.removed_draft.as_deref(), Some("du_thao: 2   # lần 2"));
        assert!(out.contains("trich_yeu: x\nnguoi_ky"), "{out}");
    }

    #[test]
    fn a_replacement_starts_as_a_draft_of_the_old_text() {
        let text = DOC.replace(
            "so:                       # để trống: văn thư ghi số",
            "so: 1956  # số cũ",
        );
        let text = text.replace("ngay: 2024-04 ", "ngay: 2024-04-19");
        let out = redraft(&text, &raw(&text), "2024-06", "# thay thế\n# dòng 2").unwrap();
        assert!(
            out.starts_with("# thay thế\n# dòng 2\n# Công văn\n"),
            "{out}"
        );
        assert!(out.contains("\nso:  # số cũ\n"), "{out}");
        assert!(out.contains("ngay: 2024-06   "), "{out}");
        let again = raw(&out);
        assert!(again.so.is_none());
        assert_eq!(again.ngay.value, "2024-06");
    }

    #[test]
    fn keys_in_block_scalars_are_not_keys() {
        let text = DOC.replace(
            "trich_yeu: x\n",
            "trich_yeu: |-\n  so: này là chữ\n  ngay: cũng vậy\n",
        );
        let (out, _) = issued(&text, "4");
        assert!(out.contains("  so: này là chữ\n  ngay: cũng vậy"), "{out}");
        assert!(out.contains("so: 4 "), "{out}");
    }
}
