//! The kinds of document (Nghị định 30, Điều 7 and Phụ lục III) as one
//! table: validation, printing, skeletons, `--help` and the schema read it.

/// One kind of document (Nghị định 30, Điều 7 and Phụ lục III).
#[derive(Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// The YAML name: `quyet_dinh`.
    pub key: &'static str,
    /// The Vietnamese name: "Quyết định".
    pub name: &'static str,
    /// The Phụ lục III abbreviation (case-sensitive), none for công văn.
    pub abbreviation: Option<&'static str>,
    /// Whether "Kính gửi" is used (công văn; tờ trình and báo cáo to a
    /// higher body).
    pub kinh_gui: bool,
    /// The word before the articles (Mẫu 1.2): "QUYẾT ĐỊNH:".
    pub enacting: Option<&'static str>,
    /// Whether the kind has a trích yếu (Mẫu 1.8 and 1.10 have none).
    pub subject: bool,
    /// Whether a document of this kind may be legal-normative (văn bản quy
    /// phạm pháp luật), its number then carrying the year.
    pub normative: bool,
    /// The key of the kind's own Mẫu block (`giay_moi: …`), if any.
    pub form: Option<&'static str>,
}

const fn k(key: &'static str, name: &'static str, abbr: &'static str, kinh_gui: bool) -> KindInfo {
    KindInfo {
        key,
        name,
        abbreviation: Some(abbr),
        kinh_gui,
        enacting: None,
        subject: true,
        normative: false,
        form: None,
    }
}

/// A kind whose documents may be legal-normative, with its enacting word.
const fn normative(
    key: &'static str,
    name: &'static str,
    abbr: &'static str,
    enacting: Option<&'static str>,
) -> KindInfo {
    KindInfo {
        enacting,
        normative: true,
        ..k(key, name, abbr, false)
    }
}

/// A kind with its own Mẫu block.
const fn form(
    key: &'static str,
    name: &'static str,
    abbr: &'static str,
    subject: bool,
) -> KindInfo {
    KindInfo {
        subject,
        form: Some(key),
        ..k(key, name, abbr, false)
    }
}

/// Every kind: công văn and the 27 of Phụ lục III, Mục I, in its order.
pub const KINDS: [KindInfo; 28] = [
    KindInfo {
        abbreviation: None,
        ..k("cong_van", "Công văn", "", true)
    },
    normative("nghi_quyet", "Nghị quyết", "NQ", Some("QUYẾT NGHỊ:")),
    normative("quyet_dinh", "Quyết định", "QĐ", Some("QUYẾT ĐỊNH:")),
    normative("chi_thi", "Chỉ thị", "CT", None),
    k("quy_che", "Quy chế", "QC", false),
    k("quy_dinh", "Quy định", "QyĐ", false),
    k("thong_cao", "Thông cáo", "TC", false),
    k("thong_bao", "Thông báo", "TB", false),
    k("huong_dan", "Hướng dẫn", "HD", false),
    k("chuong_trinh", "Chương trình", "CTr", false),
    k("ke_hoach", "Kế hoạch", "KH", false),
    k("phuong_an", "Phương án", "PA", false),
    k("de_an", "Đề án", "ĐA", false),
    k("du_an", "Dự án", "DA", false),
    k("bao_cao", "Báo cáo", "BC", true),
    form("bien_ban", "Biên bản", "BB", true),
    k("to_trinh", "Tờ trình", "TTr", true),
    k("hop_dong", "Hợp đồng", "HĐ", false),
    form("cong_dien", "Công điện", "CĐ", true),
    k("ban_ghi_nho", "Bản ghi nhớ", "BGN", false),
    k("ban_thoa_thuan", "Bản thỏa thuận", "BTT", false),
    k("giay_uy_quyen", "Giấy ủy quyền", "GUQ", false),
    form("giay_moi", "Giấy mời", "GM", true),
    form("giay_gioi_thieu", "Giấy giới thiệu", "GGT", false),
    form("giay_nghi_phep", "Giấy nghỉ phép", "GNP", false),
    k("phieu_gui", "Phiếu gửi", "PG", false),
    k("phieu_chuyen", "Phiếu chuyển", "PC", false),
    k("phieu_bao", "Phiếu báo", "PB", false),
];

/// Kind of document. Loại văn bản.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind(usize);

impl Kind {
    /// Công văn: no type line, "V/v" subject under the number (Mẫu 1.5).
    pub const CONG_VAN: Kind = Kind(0);

    /// The kind named `key` in the YAML.
    pub fn parse(key: &str) -> Option<Kind> {
        KINDS.iter().position(|k| k.key == key.trim()).map(Kind)
    }

    pub fn info(self) -> &'static KindInfo {
        &KINDS[self.0]
    }

    /// The YAML name of the kind.
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// The Vietnamese name, as a user reads it.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The Phụ lục III abbreviation; none for công văn.
    pub fn abbreviation(self) -> Option<&'static str> {
        self.info().abbreviation
    }

    /// Whether documents of this kind take "Kính gửi".
    pub fn takes_kinh_gui(self) -> bool {
        self.info().kinh_gui
    }

    /// Công văn carries its subject as "V/v" in the header, other kinds
    /// print their name as a title.
    pub fn is_cong_van(self) -> bool {
        self == Kind::CONG_VAN
    }

    /// The word before the articles: "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:".
    pub fn enacting(self) -> Option<&'static str> {
        self.info().enacting
    }

    /// Whether the kind has a trích yếu.
    pub fn has_subject(self) -> bool {
        self.info().subject
    }

    /// Whether documents of the kind may be legal-normative.
    pub fn may_be_normative(self) -> bool {
        self.info().normative
    }

    /// The key of the kind's own Mẫu block.
    pub fn form(self) -> Option<&'static str> {
        self.info().form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_follow_phu_luc_iii() {
        let abbr = |k: &str| Kind::parse(k).unwrap().abbreviation();
        assert_eq!(abbr("quyet_dinh"), Some("QĐ"));
        assert_eq!(abbr("quy_dinh"), Some("QyĐ"));
        assert_eq!(abbr("chuong_trinh"), Some("CTr"));
        assert_eq!(abbr("to_trinh"), Some("TTr"));
        assert_eq!(abbr("cong_van"), None);
        assert_eq!(KINDS.len(), 28);
        let mut keys: Vec<_> = KINDS.iter().map(|k| k.key).collect();
        keys.dedup();
        assert_eq!(keys.len(), 28);
        assert!(Kind::parse("to_trinh").unwrap().takes_kinh_gui());
        assert!(!Kind::parse("quyet_dinh").unwrap().takes_kinh_gui());
    }
}
