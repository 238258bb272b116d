//! The YAML format as written by a clerk: serde structs whose fields are the
//! ASCII snake_case Vietnamese keys. Nothing is checked here beyond types and
//! unknown keys; `validate` turns this into a [`crate::model::Document`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// A YAML value with its position in the file.
pub type Located<T> = Spanned<T>;

/// A whole document file. Văn bản.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    /// Kind of document (loại văn bản); only `cong_van` for now.
    pub loai: Option<Located<String>>,
    /// Issuing body (cơ quan ban hành) and its parent (cơ quan chủ quản).
    pub co_quan: RawAgency,
    /// Number within the year (số); empty for a draft.
    pub so: Option<Located<u32>>,
    /// Drafting unit abbreviation (đơn vị soạn thảo), the công văn symbol's
    /// second group.
    pub don_vi_soan_thao: Option<Located<String>>,
    /// Place name (địa danh).
    pub dia_danh: Located<String>,
    /// Issue date (ngày), ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY` for a draft.
    pub ngay: Located<String>,
    /// Subject line (trích yếu).
    pub trich_yeu: Located<String>,
    /// Addressees (kính gửi): one name or a list.
    pub kinh_gui: Option<Located<OneOrMany<String>>>,
    /// Opening paragraphs (mở đầu).
    #[serde(default)]
    pub mo_dau: Vec<Located<String>>,
    /// Numbered sections, one per assignee (phân công).
    #[serde(default)]
    pub phan_cong: Vec<Located<RawSection>>,
    /// A table (bảng) printed after the sections, before the closing.
    pub bang: Option<Located<RawTable>>,
    /// Closing paragraphs (kết luận); the tool ends the last with "./.".
    #[serde(default)]
    pub ket_luan: Vec<Located<String>>,
    /// Signer (người ký).
    pub nguoi_ky: RawSigner,
    /// Distribution list (nơi nhận).
    #[serde(default)]
    pub noi_nhan: Vec<Located<StrOr<RawRecipientGroup>>>,
    /// Archive line (lưu), e.g. "VT, KTTH (2)", when not inside a group.
    pub luu: Option<Located<String>>,
    /// Extra PDF keywords (từ khóa).
    #[serde(default)]
    pub tu_khoa: Vec<String>,
    /// PDF/A for archiving: `true` (PDF/A-2b) or a level "2b", "2u", "3b".
    pub pdfa: Option<Located<BoolOrStr>>,
}

/// `true`/`false` or a string.
#[derive(Debug)]
pub enum BoolOrStr {
    Bool(bool),
    Str(String),
}

impl<'de> Deserialize<'de> for BoolOrStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BoolOrStr;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or a string")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Ok(BoolOrStr::Bool(b))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(BoolOrStr::Str(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// An agency: name and abbreviation. Cơ quan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgency {
    /// Full name (tên); a line break is kept as a line break.
    pub ten: Located<String>,
    /// Abbreviation (viết tắt), used in the symbol.
    pub viet_tat: Option<Located<String>>,
    /// Parent body (cơ quan chủ quản), if any.
    pub chu_quan: Option<RawParent>,
}

/// A parent body. Cơ quan chủ quản.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParent {
    pub ten: Located<String>,
    pub viet_tat: Option<Located<String>>,
}

/// A numbered section for one assignee (đơn vị): prose and tasks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// The assignee, printed as the numbered heading.
    pub don_vi: Located<String>,
    /// Prose paragraphs (đoạn) before the tasks.
    #[serde(default)]
    pub doan: Vec<Located<String>>,
    /// Tasks (nhiệm vụ), each printed as a "- " item.
    #[serde(default)]
    pub nhiem_vu: Vec<Located<StrOr<RawTask>>>,
}

/// A table. Bảng.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    /// Column headings (cột).
    pub cot: Vec<String>,
    /// Relative column widths (độ rộng), one per column.
    pub do_rong: Option<Vec<f64>>,
    /// Rows (dòng), each a list of cells.
    #[serde(default)]
    pub dong: Vec<Vec<String>>,
}

/// A task written out as a map. Nhiệm vụ.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// Stable identifier (mã) for progress tracking.
    pub ma: Option<Located<String>>,
    /// The unit(s) that carry the task when not the whole section's
    /// assignee; printed before the text ("Sở Tư pháp: …").
    pub don_vi: Option<Located<OneOrMany<String>>>,
    /// The task text (nội dung).
    pub noi_dung: Located<String>,
    /// Deadline (hạn), ISO date.
    pub han: Option<Located<String>>,
}

/// A recipient group of the Nơi nhận list ("Văn phòng UBND tỉnh:").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecipientGroup {
    /// Group name (tên).
    pub ten: Located<String>,
    /// Members (gồm), printed as "+ " lines.
    #[serde(default)]
    pub gom: Vec<Located<String>>,
    /// The archive line inside this group ("+ Lưu: VT, KTTH.Bình").
    pub luu: Option<Located<String>>,
}

/// Signer. Người ký.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSigner {
    /// Authority (quyền hạn): TM., KT., TL., TUQ., Q. or none.
    pub quyen_han: Option<Located<String>>,
    /// The head's title or the collective's name the prefix stands before
    /// (thủ trưởng): "CHỦ TỊCH", "ỦY BAN NHÂN DÂN".
    pub thu_truong: Option<Located<String>>,
    /// The signer's own title (chức vụ): "PHÓ CHỦ TỊCH".
    pub chuc_vu: Option<Located<String>>,
    /// Full name (họ tên).
    pub ho_ten: Located<String>,
}

/// A value that is either a single item or a list of items.
#[derive(Debug)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                T::deserialize(de::value::StrDeserializer::<E>::new(s)).map(OneOrMany::One)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A value written either as a plain string or as a map of fields.
#[derive(Debug)]
pub enum StrOr<T> {
    Str(String),
    Map(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StrOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = StrOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a map")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(StrOr::Str(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StrOr::Map)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}
