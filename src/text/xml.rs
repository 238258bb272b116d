//! Escaping text for XML, the one path by which user text reaches the XML
//! we write by hand (DOCX core properties, XMP, the archive manifest).

/// Whether XML 1.0 allows the character at all (its `Char` production):
/// not the C0 controls other than tab, line feed and carriage return, not
/// U+FFFE and U+FFFF. A DOCX or an XMP packet with any other character is
/// refused by Word, LibreOffice and python-docx.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text without the characters XML 1.0 forbids.
pub fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        s.into()
    } else {
        s.chars()
            .filter(|&c| is_xml_char(c))
            .collect::<String>()
            .into()
    }
}

/// Escape text for XML content and attribute values; characters XML 1.0
/// forbids are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Undo [`escape`] (and numeric character references) for text we read
/// back.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = "a < b & \"c\" 'd' > \u{1} Đ";
        assert_eq!(
            escape(s),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;  Đ"
        );
        assert_eq!(unescape(&escape(s)), "a < b & \"c\" 'd' >  Đ");
        assert_eq!(unescape("&#272;&#x110;&bogus; &"), "ĐĐ&bogus; &");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        let s = "a\u{0}b\u{1}c\u{1b}d\u{b}e\u{fffe}f\u{ffff}g\th\u{10000}";
        assert_eq!(xml_safe(s), "abcdef\u{0}".replace('\u{0}', "g\th\u{10000}"));
        assert_eq!(escape(s), xml_safe(s));
        assert!(matches!(xml_safe("Đ"), std::borrow::Cow::Borrowed(_)));
    }
}
