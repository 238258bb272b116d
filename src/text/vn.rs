//! Vietnamese text rules of Nghị định 30: dates, numbers, symbols, list
//! punctuation and Unicode normalisation.

use unicode_normalization::UnicodeNormalization;

/// The blank a văn thư fills in by hand (a draft's number, day or month):
/// no-break spaces, so that neither writer collapses them.
pub const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// Normalise to NFC, so that search and copy-paste match (spec: all text is
/// NFC on input).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Pad a document number, day or month below 10 with a leading zero (§2.3).
pub fn pad2(n: u32) -> String {
    format!("{n:02}")
}

/// Month as printed in a date: a leading zero for January and February only
/// (§2.4: "ngày 05 tháng 01", "ngày 29 tháng 6").
pub fn month_text(m: u32) -> String {
    if m <= 2 {
        pad2(m)
    } else {
        m.to_string()
    }
}

/// A document date, possibly a draft with the day or month left blank.
/// Ngày ban hành.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DocDate {
    /// The complete date, when neither day nor month is blank.
    pub fn full(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// Parse `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` for a draft whose day (and
    /// month) the văn thư fills in. Returns a Vietnamese reason on failure.
    pub fn parse(s: &str) -> Result<DocDate, String> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, what: &str| -> Result<u32, String> {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("{what} \"{p}\" không phải là số"));
            }
            p.parse::<u32>()
                .map_err(|_| format!("{what} \"{p}\" quá lớn"))
        };
        if parts.len() > 3 || parts[0].len() != 4 {
            return Err(format!(
                "\"{s}\" không đúng dạng năm-tháng-ngày (YYYY-MM-DD, ví dụ 2024-04-19)"
            ));
        }
        let year = num(parts[0], "năm")? as i32;
        let month = parts.get(1).map(|p| num(p, "tháng")).transpose()?;
        let day = parts.get(2).map(|p| num(p, "ngày")).transpose()?;
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("tháng {m} không có (1–12)"));
            }
        }
        let date = DocDate { year, month, day };
        if day.is_some() && date.full().is_none() {
            return Err(format!("ngày \"{s}\" không có trong lịch"));
        }
        Ok(date)
    }

    /// "ngày 05 tháng 4 năm 2024", with blanks for a draft's missing parts.
    pub fn long_text(&self) -> String {
        let day = self.day.map(pad2).unwrap_or_else(|| BLANK.to_string());
        let month = self
            .month
            .map(month_text)
            .unwrap_or_else(|| BLANK.to_string());
        format!("ngày {day} tháng {month} năm {}", self.year)
    }
}

/// "Bắc Giang, ngày 05 tháng 4 năm 2024" (ô 4).
pub fn place_date_line(place: &str, date: &DocDate) -> String {
    format!("{place}, {}", date.long_text())
}

/// A date inside running text: "15/3/2024", "05/01/2024" (same zero rule).
pub fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}/{}/{}", pad2(d.day()), month_text(d.month()), d.year())
}

/// Join the groups of a symbol with hyphens, no spaces (§2.3):
/// `["UBND", "KTTH"]` → `UBND-KTTH`.
pub fn compose_symbol(groups: &[&str]) -> String {
    groups
        .iter()
        .map(|g| g.trim())
        .filter(|g| !g.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// "Số: 05/UBND-KTTH", or "Số:      /UBND-KTTH" for a draft (ô 3).
pub fn number_line(number: Option<&str>, symbol: &str) -> String {
    match number {
        Some(n) => format!("Số: {n}/{symbol}"),
        None => format!("Số:{BLANK}/{symbol}"),
    }
}

/// A document number as printed (A1): digits, a leading zero below 10,
/// optionally a ".digits" or a letter suffix: "5" → "05", "66.19", "12a".
pub fn number_text(s: &str) -> Result<String, String> {
    let s = s.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = &s[digits.len()..];
    let suffix_ok = rest.is_empty()
        || (rest.starts_with('.')
            && rest.len() > 1
            && rest[1..].chars().all(|c| c.is_ascii_digit()))
        || rest.chars().all(|c| c.is_alphabetic()) && rest.chars().count() <= 2;
    if digits.is_empty() || !suffix_ok {
        return Err(format!(
            "số văn bản `{s}` không hợp lệ: chữ số, có thể thêm \".số\" hoặc một chữ cái (ví dụ 35, 66.19, 12a)"
        ));
    }
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("số văn bản `{s}` quá lớn"))?;
    if n == 0 {
        return Err("số văn bản bắt đầu từ 1".into());
    }
    let head = if digits.len() == 1 {
        format!("0{digits}")
    } else {
        digits
    };
    Ok(format!("{head}{rest}"))
}

/// "Điều 5" never breaks between the word and its number (a no-break
/// space, in both writers).
pub fn keep_article_refs(s: &str) -> String {
    if !s.contains("Điều ") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("Điều ") {
        let after = &rest[i + "Điều ".len()..];
        out.push_str(&rest[..i]);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str("Điều\u{a0}");
        } else {
            out.push_str("Điều ");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where the tone mark sits on "oa", "oe", "uy". Kiểu đặt dấu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToneStyle {
    /// "hoà", "uỷ".
    Old,
    /// "hòa", "ủy": the decree's own.
    New,
}

impl ToneStyle {
    /// The YAML values: `cu`, `moi`.
    pub const ALL: [(&'static str, ToneStyle); 2] =
        [("cu", ToneStyle::Old), ("moi", ToneStyle::New)];

    /// How a user reads it.
    pub fn name(self) -> &'static str {
        match self {
            ToneStyle::Old => "kiểu cũ (\"hoà\", \"uỷ\")",
            ToneStyle::New => "kiểu mới (\"hòa\", \"ủy\", như văn bản NĐ 30)",
        }
    }
}

/// The pairs (old, new) of tone placement: "oà"/"òa", "uỷ"/"ủy" …, NFC,
/// lower case.
pub fn tone_pairs() -> Vec<(String, String)> {
    let tones = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
    let mut v = Vec::new();
    for (a, b) in [('o', 'a'), ('o', 'e'), ('u', 'y')] {
        for t in tones {
            v.push((nfc(&format!("{a}{b}{t}")), nfc(&format!("{a}{t}{b}"))));
        }
    }
    v
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// A word's last two letters decomposed, when they are "oa", "oe" or "uy"
/// with one tone mark: (first letter's parts, second's, tone on second).
fn tone_split(word: &str) -> Option<(Vec<char>, Vec<char>, bool)> {
    let lw = word.to_lowercase();
    // After "qu", "gi" the vowel is single: "quý", "giòa" take no choice.
    if lw.starts_with("qu") || lw.starts_with("gi") {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 2 {
        return None;
    }
    let parts = |c: char| -> Vec<char> { c.to_string().nfd().collect() };
    let (a, b) = (parts(chars[n - 2]), parts(chars[n - 1]));
    let base = |p: &[char]| p.first().map(|c| c.to_ascii_lowercase());
    let pair = (base(&a)?, base(&b)?);
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let tone_a = a.iter().any(|c| TONES.contains(c));
    let tone_b = b.iter().any(|c| TONES.contains(c));
    match (tone_a, tone_b) {
        (true, false) => Some((a, b, false)),
        (false, true) => Some((a, b, true)),
        _ => None,
    }
}

/// The tone style of a word, when its placement shows one ("hoà" old,
/// "hòa" new; "hoa", "quý" none).
pub fn word_tone(word: &str, _pairs: &[(String, String)]) -> Option<ToneStyle> {
    tone_split(word).map(|(_, _, on_b)| if on_b { ToneStyle::Old } else { ToneStyle::New })
}

/// The word with its tone mark placed in `style`, case kept.
fn retone(word: &str, style: ToneStyle) -> Option<String> {
    let (mut a, mut b, on_b) = tone_split(word)?;
    let want_b = style == ToneStyle::Old;
    if on_b == want_b {
        return None;
    }
    let (from, to) = if on_b {
        (&mut b, &mut a)
    } else {
        (&mut a, &mut b)
    };
    let i = from.iter().position(|c| TONES.contains(c))?;
    let t = from.remove(i);
    to.push(t);
    let chars: Vec<char> = word.chars().collect();
    let head: String = chars[..chars.len() - 2].iter().collect();
    Some(format!(
        "{head}{}{}",
        nfc(&a.iter().collect::<String>()),
        nfc(&b.iter().collect::<String>())
    ))
}

/// `s` with every word's tone mark placed in `style`.
pub fn set_tone(s: &str, style: ToneStyle) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match retone(word, style) {
            Some(w) => out.push_str(&w),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Letters of other scripts that look like Latin ones (Cyrillic а, о, е,
/// с, р, х, у, і and capitals; Greek ο, α, ε …), with the Latin letter
/// each stands for.
pub const LOOKALIKES: [(char, char); 24] = [
    ('а', 'a'),
    ('о', 'o'),
    ('е', 'e'),
    ('с', 'c'),
    ('р', 'p'),
    ('х', 'x'),
    ('у', 'y'),
    ('і', 'i'),
    ('А', 'A'),
    ('О', 'O'),
    ('Е', 'E'),
    ('С', 'C'),
    ('Р', 'P'),
    ('Х', 'X'),
    ('Т', 'T'),
    ('Н', 'H'),
    ('К', 'K'),
    ('М', 'M'),
    ('В', 'B'),
    ('ο', 'o'),
    ('α', 'a'),
    ('ε', 'e'),
    ('Ο', 'O'),
    ('Α', 'A'),
];

/// The Latin letter a look-alike stands for.
pub fn lookalike(c: char) -> Option<char> {
    LOOKALIKES.iter().find(|(x, _)| *x == c).map(|(_, l)| *l)
}

/// A letter of the Latin script (Vietnamese letters included).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{c0}'..='\u{24f}').contains(&c) && c.is_alphabetic()
        || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// Words mixing a look-alike letter with Latin letters: (word, fixed).
pub fn lookalike_words(s: &str) -> Vec<(String, String)> {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().any(|c| lookalike(c).is_some()) && w.chars().any(is_latin_letter))
        .map(|w| {
            (
                w.to_string(),
                w.chars().map(|c| lookalike(c).unwrap_or(c)).collect(),
            )
        })
        .collect()
}

/// Remove the punctuation a user typed where the tool adds its own.
pub fn strip_end_punct(s: &str) -> &str {
    s.trim_end()
        .trim_end_matches([';', '.', ',', ':'])
        .trim_end()
}

/// Punctuate a list the ND30 way: every item ends with ";" and the last
/// with "." (Kính gửi, Nơi nhận).
pub fn punctuate_list(items: &[String]) -> Vec<String> {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = if i + 1 == n { "." } else { ";" };
            format!("{}{end}", strip_end_punct(s))
        })
        .collect()
}

/// End the last paragraph of a body with "./." (every Phụ lục III sample).
pub fn final_mark(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with("./.") {
        return t.to_string();
    }
    format!("{}./.", t.trim_end_matches('.'))
}

/// Roman numerals for Phần, Chương and mục "I., II." (1 → "I").
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The letter of the n-th điểm (0-based) in Vietnamese alphabet order:
/// a, b, c, d, đ, e, g, h, i, k, … (Phụ lục I); past y, doubled (aa, bb…).
pub fn point_letter(n: usize) -> String {
    const LETTERS: [&str; 23] = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s",
        "t", "u", "v", "x", "y",
    ];
    LETTERS[n % LETTERS.len()].repeat(n / LETTERS.len() + 1)
}

/// Upper-case a name as ND30 prints agency names and titles (Vietnamese aware).
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_leading_zero_rule() {
        let d = DocDate::parse("2020-01-05").unwrap();
        assert_eq!(d.long_text(), "ngày 05 tháng 01 năm 2020");
        let d = DocDate::parse("2019-06-29").unwrap();
        assert_eq!(d.long_text(), "ngày 29 tháng 6 năm 2019");
        let d = DocDate::parse("2024-02-10").unwrap();
        assert_eq!(d.long_text(), "ngày 10 tháng 02 năm 2024");
        let d = DocDate::parse("2024-12-10").unwrap();
        assert_eq!(d.long_text(), "ngày 10 tháng 12 năm 2024");
    }

    #[test]
    fn draft_dates_leave_blanks() {
        let d = DocDate::parse("2024-04").unwrap();
        assert_eq!(
            place_date_line("Bắc Giang", &d),
            format!("Bắc Giang, ngày {BLANK} tháng 4 năm 2024")
        );
        let d = DocDate::parse("2024").unwrap();
        assert_eq!(
            d.long_text(),
            format!("ngày {BLANK} tháng {BLANK} năm 2024")
        );
        assert!(d.full().is_none());
    }

    #[test]
    fn bad_dates_are_rejected() {
        assert!(DocDate::parse("2024-02-30").is_err());
        assert!(DocDate::parse("2024-13-01").is_err());
        assert!(DocDate::parse("19/4/2024").is_err());
        assert!(DocDate::parse("2024-4-x").is_err());
        assert!(DocDate::parse("").is_err());
    }

    #[test]
    fn short_dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        assert_eq!(short_date(d), "15/3/2024");
        let d = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        assert_eq!(short_date(d), "01/5/2024");
        let d = chrono::NaiveDate::from_ymd_opt(2020, 1, 5).unwrap();
        assert_eq!(short_date(d), "05/01/2020");
    }

    #[test]
    fn number_padding_and_symbol() {
        assert_eq!(pad2(5), "05");
        assert_eq!(pad2(15), "15");
        assert_eq!(pad2(1234), "1234");
        let sym = compose_symbol(&["UBND", "KTTH"]);
        assert_eq!(sym, "UBND-KTTH");
        assert_eq!(compose_symbol(&["QĐ", " UBND "]), "QĐ-UBND");
        assert_eq!(number_line(Some("05"), &sym), "Số: 05/UBND-KTTH");
        assert_eq!(number_line(None, &sym), format!("Số:{BLANK}/UBND-KTTH"));
    }

    #[test]
    fn list_punctuation() {
        let items: Vec<String> = ["Bộ Nội vụ", "Bộ Tài chính;", "Bộ Tư pháp."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            punctuate_list(&items),
            ["Bộ Nội vụ;", "Bộ Tài chính;", "Bộ Tư pháp."]
        );
        assert_eq!(punctuate_list(&["Một".into()]), ["Một."]);
    }

    #[test]
    fn final_mark_is_added_once() {
        assert_eq!(final_mark("theo quy định"), "theo quy định./.");
        assert_eq!(final_mark("theo quy định."), "theo quy định./.");
        assert_eq!(final_mark("theo quy định./."), "theo quy định./.");
    }

    #[test]
    fn nfc_normalises_decomposed_input() {
        let nfd = "Ha\u{300}\u{323} Nô\u{323}i"; // decomposed marks
        let nfd2: String = "Hạnh phúc".nfd().collect();
        assert_ne!(nfd2, "Hạnh phúc");
        assert_eq!(nfc(&nfd2), "Hạnh phúc");
        assert!(nfc(nfd).chars().count() < nfd.chars().count());
    }

    #[test]
    fn roman_numerals() {
        let r: Vec<String> = [1, 2, 4, 9, 14, 40].iter().map(|n| roman(*n)).collect();
        assert_eq!(r, ["I", "II", "IV", "IX", "XIV", "XL"]);
    }

    #[test]
    fn points_follow_the_vietnamese_alphabet() {
        let first: Vec<String> = (0..7).map(point_letter).collect();
        assert_eq!(first, ["a", "b", "c", "d", "đ", "e", "g"]);
        assert_eq!(point_letter(22), "y");
        assert_eq!(point_letter(23), "aa");
    }

    #[test]
    fn vietnamese_upper_case() {
        assert_eq!(
            upper("ủy ban nhân dân tỉnh bắc giang"),
            "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
        );
    }

    #[test]
    fn numbers_as_offices_write_them() {
        assert_eq!(number_text("5").unwrap(), "05");
        assert_eq!(number_text("1956").unwrap(), "1956");
        assert_eq!(number_text("66.19").unwrap(), "66.19");
        assert_eq!(number_text("12a").unwrap(), "12a");
        assert_eq!(number_text("5a").unwrap(), "05a");
        assert!(number_text("0").is_err());
        assert!(number_text("a12").is_err());
        assert!(number_text("12/2024").is_err());
        assert!(number_text("12.").is_err());
    }

    #[test]
    fn article_references_stay_together() {
        assert_eq!(
            keep_article_refs("theo Điều 5 và Điều khoản"),
            "theo Điều\u{a0}5 và Điều khoản"
        );
    }

    #[test]
    fn tone_styles_and_lookalikes() {
        let pairs = tone_pairs();
        assert_eq!(word_tone("hoà", &pairs), Some(ToneStyle::Old));
        assert_eq!(word_tone("Ủy", &pairs), Some(ToneStyle::New));
        assert_eq!(word_tone("quý", &pairs), None);
        assert_eq!(word_tone("HOÀ", &pairs), Some(ToneStyle::Old));
        assert_eq!(
            set_tone("Cộng hoà, Uỷ ban, quý", ToneStyle::New),
            "Cộng hòa, Ủy ban, quý"
        );
        assert_eq!(set_tone("CỘNG HÒA, ủy", ToneStyle::Old), "CỘNG HOÀ, uỷ");
        assert_eq!(word_tone("hoa", &pairs), None);
        assert_eq!(word_tone("Hoá", &pairs), Some(ToneStyle::Old));
        assert_eq!(
            lookalike_words("Quyết định c\u{0443}a và c\u{0430}ng"),
            [
                ("c\u{0443}a".to_string(), "cya".to_string()),
                ("c\u{0430}ng".to_string(), "cang".to_string())
            ]
        );
        assert!(lookalike_words("Москва").is_empty(), "a Russian word stays");
    }
}
