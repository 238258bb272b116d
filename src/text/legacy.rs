//! Text from the pre-Unicode Vietnamese encodings, TCVN3 (ABC, the .VnTime
//! fonts) and VNI, pasted into a UTF-8 file: detected and converted.
//!
//! Such text arrives as Latin-1 look-alikes ("Uû ban nh©n d©n"). TCVN3 maps
//! one byte to one letter; VNI writes a base letter followed by a mark byte
//! ("chaøo"). The TCVN3 table is TCVN 5712:1993 VN3 (glibc's TCVN5712-1
//! restricted to VN3); VNI is VNI-Windows.

/// TCVN3 (VN3) bytes, as the Latin-1 characters they show as, and the
/// letters they stand for. Lower-case letters and the seven capitals VN3
/// has; the .VnTimeH fonts show the same codes as capitals.
const TCVN3: [(char, char); 74] = [
    ('\u{a1}', 'Ă'),
    ('\u{a2}', 'Â'),
    ('\u{a3}', 'Ê'),
    ('\u{a4}', 'Ô'),
    ('\u{a5}', 'Ơ'),
    ('\u{a6}', 'Ư'),
    ('\u{a7}', 'Đ'),
    ('\u{a8}', 'ă'),
    ('\u{a9}', 'â'),
    ('\u{aa}', 'ê'),
    ('\u{ab}', 'ô'),
    ('\u{ac}', 'ơ'),
    ('\u{ad}', 'ư'),
    ('\u{ae}', 'đ'),
    ('\u{b5}', 'à'),
    ('\u{b6}', 'ả'),
    ('\u{b7}', 'ã'),
    ('\u{b8}', 'á'),
    ('\u{b9}', 'ạ'),
    ('\u{bb}', 'ằ'),
    ('\u{bc}', 'ẳ'),
    ('\u{bd}', 'ẵ'),
    ('\u{be}', 'ắ'),
    ('\u{c6}', 'ặ'),
    ('\u{c7}', 'ầ'),
    ('\u{c8}', 'ẩ'),
    ('\u{c9}', 'ẫ'),
    ('\u{ca}', 'ấ'),
    ('\u{cb}', 'ậ'),
    ('\u{cc}', 'è'),
    ('\u{ce}', 'ẻ'),
    ('\u{cf}', 'ẽ'),
    ('\u{d0}', 'é'),
    ('\u{d1}', 'ẹ'),
    ('\u{d2}', 'ề'),
    ('\u{d3}', 'ể'),
    ('\u{d4}', 'ễ'),
    ('\u{d5}', 'ế'),
    ('\u{d6}', 'ệ'),
    ('\u{d7}', 'ì'),
    ('\u{d8}', 'ỉ'),
    ('\u{dc}', 'ĩ'),
    ('\u{dd}', 'í'),
    ('\u{de}', 'ị'),
    ('\u{df}', 'ò'),
    ('\u{e1}', 'ỏ'),
    ('\u{e2}', 'õ'),
    ('\u{e3}', 'ó'),
    ('\u{e4}', 'ọ'),
    ('\u{e5}', 'ồ'),
    ('\u{e6}', 'ổ'),
    ('\u{e7}', 'ỗ'),
    ('\u{e8}', 'ố'),
    ('\u{e9}', 'ộ'),
    ('\u{ea}', 'ờ'),
    ('\u{eb}', 'ở'),
    ('\u{ec}', 'ỡ'),
    ('\u{ed}', 'ớ'),
    ('\u{ee}', 'ợ'),
    ('\u{ef}', 'ù'),
    ('\u{f1}', 'ủ'),
    ('\u{f2}', 'ũ'),
    ('\u{f3}', 'ú'),
    ('\u{f4}', 'ụ'),
    ('\u{f5}', 'ừ'),
    ('\u{f6}', 'ử'),
    ('\u{f7}', 'ữ'),
    ('\u{f8}', 'ứ'),
    ('\u{f9}', 'ự'),
    ('\u{fa}', 'ỳ'),
    ('\u{fb}', 'ỷ'),
    ('\u{fc}', 'ỹ'),
    ('\u{fd}', 'ý'),
    ('\u{fe}', 'ỵ'),
];

/// VNI-Windows: a base letter and its mark characters (upper case; the
/// lower case uses the lower-case forms of both).
const VNI: [(&str, char); 67] = [
    ("AÙ", 'Á'),
    ("AØ", 'À'),
    ("AÛ", 'Ả'),
    ("AÕ", 'Ã'),
    ("AÏ", 'Ạ'),
    ("AÂ", 'Â'),
    ("AÁ", 'Ấ'),
    ("AÀ", 'Ầ'),
    ("AÅ", 'Ẩ'),
    ("AÃ", 'Ẫ'),
    ("AÄ", 'Ậ'),
    ("AÊ", 'Ă'),
    ("AÉ", 'Ắ'),
    ("AÈ", 'Ằ'),
    ("AÚ", 'Ẳ'),
    ("AÜ", 'Ẵ'),
    ("AË", 'Ặ'),
    ("EÙ", 'É'),
    ("EØ", 'È'),
    ("EÛ", 'Ẻ'),
    ("EÕ", 'Ẽ'),
    ("EÏ", 'Ẹ'),
    ("EÂ", 'Ê'),
    ("EÁ", 'Ế'),
    ("EÀ", 'Ề'),
    ("EÅ", 'Ể'),
    ("EÃ", 'Ễ'),
    ("EÄ", 'Ệ'),
    ("OÙ", 'Ó'),
    ("OØ", 'Ò'),
    ("OÛ", 'Ỏ'),
    ("OÕ", 'Õ'),
    ("OÏ", 'Ọ'),
    ("OÂ", 'Ô'),
    ("OÁ", 'Ố'),
    ("OÀ", 'Ồ'),
    ("OÅ", 'Ổ'),
    ("OÃ", 'Ỗ'),
    ("OÄ", 'Ộ'),
    ("Ô", 'Ơ'),
    ("ÔÙ", 'Ớ'),
    ("ÔØ", 'Ờ'),
    ("ÔÛ", 'Ở'),
    ("ÔÕ", 'Ỡ'),
    ("ÔÏ", 'Ợ'),
    ("UÙ", 'Ú'),
    ("UØ", 'Ù'),
    ("UÛ", 'Ủ'),
    ("UÕ", 'Ũ'),
    ("UÏ", 'Ụ'),
    ("Ö", 'Ư'),
    ("ÖÙ", 'Ứ'),
    ("ÖØ", 'Ừ'),
    ("ÖÛ", 'Ử'),
    ("ÖÕ", 'Ữ'),
    ("ÖÏ", 'Ự'),
    ("Í", 'Í'),
    ("Ì", 'Ì'),
    ("Æ", 'Ỉ'),
    ("Ó", 'Ĩ'),
    ("Ò", 'Ị'),
    ("YÙ", 'Ý'),
    ("YØ", 'Ỳ'),
    ("YÛ", 'Ỷ'),
    ("YÕ", 'Ỹ'),
    ("Î", 'Ỵ'),
    ("Ñ", 'Đ'),
];

/// Which legacy encoding a text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
        }
    }
}

/// VNI mark characters that are not Vietnamese letters in Unicode ("ø" in
/// "chaøo", "ï" in "baïn", "ñ" for đ). Marks that are also Vietnamese
/// letters ("à", "ê", "õ") prove nothing.
fn vni_only(c: char) -> bool {
    "øïåäëüûñæîöØÏÅÄËÜÛÑÆÎÖ".contains(c)
}

/// Guess whether `s` is TCVN3 or VNI text read as Latin-1.
pub fn detect(s: &str) -> Option<Legacy> {
    // TCVN3 writes most Vietnamese letters with bytes 0xA1–0xBF, which are
    // symbols in Latin-1 and absent from Vietnamese Unicode text. A line
    // that also has Unicode Vietnamese letters (đ, ă, ơ, ạ …) may be a
    // half-converted paste, or Unicode with "m³" and "25°C": there such a
    // symbol counts only inside a word, between two letters ("c«ng").
    let range = |c: char| ('\u{a1}'..='\u{bf}').contains(&c);
    let unicode = s.chars().any(|c| ('\u{100}'..='\u{1ef9}').contains(&c));
    let chars: Vec<char> = s.chars().collect();
    let tcvn3 = chars.iter().enumerate().any(|(i, &c)| {
        range(c)
            && (!unicode
                || (i > 0
                    && chars[i - 1].is_alphabetic()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())))
    });
    if tcvn3 {
        return Some(Legacy::Tcvn3);
    }
    if unicode {
        return None;
    }
    let marks = s.chars().filter(|c| vni_only(*c)).count();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if marks >= 2 || (marks == 1 && letters < 12) {
        return Some(Legacy::Vni);
    }
    None
}

#[cfg(test)]
#[test]
fn unicode_text_with_symbols_is_not_legacy() {
    assert_eq!(detect("công suất 1.500 m³/ngày đêm, nhiệt độ 25°C"), None);
    assert_eq!(detect("§ 3 ± 2 «trích dẫn» của Điều"), None);
}

/// What a text holds in a legacy encoding.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The whole text (or most of it): convert it all.
    Whole(Legacy),
    /// A few words in otherwise Unicode text (a name pasted from an old
    /// file): each word and its conversion.
    Words(Vec<(String, String)>),
}

/// Whether and how `s` holds legacy-encoded text.
pub fn classify(s: &str) -> Option<Found> {
    let lone = legacy_words(s);
    let total = s.split_whitespace().count().max(1);
    match detect(s) {
        Some(enc) if lone.is_empty() || lone.len() * 3 >= total => Some(Found::Whole(enc)),
        _ if !lone.is_empty() => Some(Found::Words(lone)),
        Some(enc) => Some(Found::Whole(enc)),
        None => None,
    }
}

/// The words of `s` typed in TCVN3: a TCVN3 symbol code between two
/// letters in text that also has Unicode Vietnamese letters ("V¨n"), or a
/// Latin-1 capital right after a small letter ("NguyÔn", "ThÕ"), which no
/// Vietnamese word has. Each word with its conversion.
pub fn legacy_words(s: &str) -> Vec<(String, String)> {
    let range = |c: char| ('\u{a1}'..='\u{bf}').contains(&c);
    let unicode = s.chars().any(|c| ('\u{100}'..='\u{1ef9}').contains(&c));
    s.split(char::is_whitespace)
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()))
        .filter(|w| {
            let chars: Vec<char> = w.chars().collect();
            chars.iter().enumerate().any(|(i, &c)| {
                let between = i > 0
                    && chars[i - 1].is_alphabetic()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
                (unicode && range(c) && between)
                    || (('\u{c0}'..='\u{de}').contains(&c)
                        && c != '\u{d7}'
                        && i > 0
                        && chars[i - 1].is_lowercase())
            })
        })
        .map(|w| (w.to_string(), from_tcvn3(w)))
        .collect()
}

/// Convert TCVN3 text to Unicode. A word written all in capitals stays in
/// capitals (the .VnTimeH fonts show lower-case codes as capitals).
pub fn from_tcvn3(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_inclusive(char::is_whitespace) {
        // "NH©N" is a capitalised word; "Uû" only starts with a capital.
        let caps = word.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
            && !word.chars().any(|c| c.is_ascii_lowercase());
        for c in word.chars() {
            match TCVN3.iter().find(|(k, _)| *k == c) {
                Some((_, v)) if caps => out.extend(v.to_uppercase()),
                Some((_, v)) => out.push(*v),
                None => out.push(c),
            }
        }
    }
    out
}

/// Convert VNI text to Unicode.
pub fn from_vni(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    'next: while i < chars.len() {
        // Longest match first: a base letter and its mark, then a single
        // character (VNI's ơ, ư, đ and the i-with-tone letters).
        for len in [2, 1] {
            if i + len > chars.len() {
                continue;
            }
            let piece: String = chars[i..i + len].iter().collect();
            let upper: String = piece.to_uppercase();
            if let Some((_, v)) = VNI.iter().find(|(k, _)| *k == upper) {
                if chars[i].is_lowercase() {
                    out.extend(v.to_lowercase());
                } else {
                    out.push(*v);
                }
                i += len;
                continue 'next;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Convert text in a legacy encoding to Unicode.
pub fn convert(s: &str, from: Legacy) -> String {
    match from {
        Legacy::Tcvn3 => from_tcvn3(s),
        Legacy::Vni => from_vni(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOWER: &str = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ";

    /// Encode to TCVN3 with the table itself, for the round trip.
    fn to_tcvn3(s: &str) -> String {
        s.chars()
            .map(|c| TCVN3.iter().find(|(_, v)| *v == c).map_or(c, |(k, _)| *k))
            .collect()
    }

    fn to_vni(s: &str) -> String {
        s.chars()
            .map(|c| {
                let up: char = c.to_uppercase().next().unwrap();
                match VNI.iter().find(|(_, v)| *v == up) {
                    Some((k, _)) if c.is_lowercase() => k.to_lowercase(),
                    Some((k, _)) => k.to_string(),
                    None => c.to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn tcvn3_round_trips_the_alphabet() {
        let text = format!("{LOWER} ĂÂÊÔƠƯĐ");
        let legacy = to_tcvn3(&text);
        assert!(legacy.chars().all(|c| (c as u32) < 0x100), "{legacy}");
        assert_eq!(detect(&legacy), Some(Legacy::Tcvn3));
        assert_eq!(from_tcvn3(&legacy), text);
    }

    #[test]
    fn vni_round_trips_the_alphabet() {
        for text in [LOWER.to_string(), LOWER.to_uppercase()] {
            let legacy = to_vni(&text);
            assert!(legacy.chars().all(|c| (c as u32) < 0x100), "{legacy}");
            assert_eq!(from_vni(&legacy), text);
        }
    }

    #[test]
    fn real_legacy_strings() {
        assert_eq!(detect("Uû ban nh©n d©n tØnh"), Some(Legacy::Tcvn3));
        assert_eq!(
            from_tcvn3("Uû ban nh©n d©n tØnh B¾c Giang"),
            "Uỷ ban nhân dân tỉnh Bắc Giang"
        );
        assert_eq!(from_tcvn3("M\u{ad}êng Kh\u{ad}\u{ac}ng"), "Mường Khương");
        assert_eq!(from_tcvn3("Uû BAN NH©N D©N"), "Uỷ BAN NHÂN DÂN");
        assert_eq!(detect("Xin chaøo caùc baïn"), Some(Legacy::Vni));
        assert_eq!(from_vni("Xin chaøo caùc baïn"), "Xin chào các bạn");
        assert_eq!(
            from_vni("UÛY BAN NHAÂN DAÂN TÆNH BAÉC GIANG"),
            "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
        );
        assert_eq!(
            from_vni("Ñoäc laäp - Töï do - Haïnh phuùc"),
            "Độc lập - Tự do - Hạnh phúc"
        );
    }

    #[test]
    fn unicode_vietnamese_is_not_flagged() {
        for s in [
            "Ủy ban nhân dân tỉnh Bắc Giang",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Phan Thế Tuấn, Nguyễn Thị Ánh, Hoàng Ý",
            "Sở Công Thương; UBND huyện, thị xã, thành phố",
            "Thường xuyên hướng dẫn, đôn đốc, yêu cầu chủ đầu tư; hoàn thành, toàn tỉnh, quân đội",
        ] {
            assert_eq!(detect(s), None, "{s}");
        }
    }

    #[test]
    fn a_lone_tcvn3_word_in_unicode_text() {
        let w = legacy_words("Ông Nguy\u{d4}n V\u{a8}n An, Phó Trưởng phòng");
        assert_eq!(
            w,
            [
                ("Nguy\u{d4}n".to_string(), "Nguyễn".to_string()),
                ("V\u{a8}n".to_string(), "Văn".to_string())
            ]
        );
        assert!(legacy_words("công suất 1.500 m³/ngày, 25°C").is_empty());
        assert_eq!(classify("c«ng v\u{a8}n"), Some(Found::Whole(Legacy::Tcvn3)));
        assert_eq!(
            classify("Phan Th\u{d5} Tu\u{ca}n"),
            Some(Found::Words(vec![
                ("Th\u{d5}".to_string(), "Thế".to_string()),
                ("Tu\u{ca}n".to_string(), "Tuấn".to_string())
            ]))
        );
    }
}
