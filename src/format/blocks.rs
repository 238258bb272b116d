//! The body as a clerk writes it: one ordered list of blocks (`noi_dung`),
//! the same for every kind. A block is a string (a paragraph) or a map
//! whose one *kind key* says what it is — `dieu`, `khoan`, `gach`, `bang` …
//! (the table [`BLOCK_KEYS`]) — with options beside it.
//!
//! A kind key whose value is a list is a list of children of that kind
//! (`khoan: [a, b]` under an article); with a text value (or none) it makes
//! the block itself: `- dieu: Phê duyệt …` is an untitled article whose text
//! runs in after "Điều 1.", `- dieu:` with `tieu_de: Hiệu lực thi hành` a
//! titled one.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::raw::{Located, StrOr};

/// A list of body blocks.
pub type RawBlocks = Vec<Located<StrOr<RawBlock>>>;

/// The value of a kind key or of `noi_dung`: nothing, a text, or a list of
/// blocks.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Lead {
    Empty,
    Text(String),
    Blocks(RawBlocks),
}

impl Lead {
    /// The text, when the value is one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Lead::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Lead {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lead;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lead, E> {
                Ok(Lead::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<Lead, E> {
                Ok(Lead::Empty)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Lead, E> {
                Ok(Lead::Text(s.to_string()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Lead, E> {
                Ok(Lead::Text(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Lead, E> {
                Ok(Lead::Text(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Lead, E> {
                Ok(Lead::Text(n.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Lead, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Lead::Blocks)
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for Lead {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NoiDung".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let blocks = g.subschema_for::<Vec<StrOr<RawBlock>>>();
        schemars::json_schema!({ "anyOf": [{ "type": "null" }, { "type": "string" }, { "type": "number" }, blocks] })
    }
}

/// A key that may be present with no value (`dieu:`), which serde's
/// `Option` would read as absent.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Located<Lead>>, D::Error> {
    Located::<Lead>::deserialize(d).map(Some)
}

/// The kinds of block a clerk can write, in the order `--help`, the schema
/// and the editor's Insert menu list them: (key, what it makes).
pub const BLOCK_KEYS: [(&str, &str); 18] = [
    ("doan", "đoạn văn (một chuỗi cũng là một đoạn)"),
    ("phan", "Phần I, II … và tiêu đề in hoa, căn giữa"),
    ("chuong", "Chương I, II … và tiêu đề in hoa, căn giữa"),
    ("muc", "trong chương: Mục 1, 2 …; nơi khác: mục I., II. tiêu đề in hoa đậm"),
    ("tieu_muc", "Tiểu mục 1, 2 … trong mục của chương"),
    ("dieu", "Điều 1., 2. …; có `tieu_de` thì in đậm cả dòng, không thì nội dung chạy tiếp sau \"Điều 1.\""),
    ("khoan", "khoản 1., 2. …"),
    ("tieu_khoan", "tiểu khoản 1.1., 1.2. …"),
    ("diem", "điểm a), b) … đ) … theo bảng chữ cái tiếng Việt"),
    ("gach", "dòng gạch đầu dòng \"- …\""),
    ("cong", "dòng \"+ …\""),
    ("truong", "nhãn và nội dung: \"Thời gian: …\""),
    ("nhiem_vu", "nhiệm vụ \"- …\" có mã, hạn, đơn vị (theo dõi tiến độ)"),
    ("bang", "bảng: cột, dòng, gộp ô, số thứ tự"),
    ("hinh", "hình ảnh (PNG, JPEG) đặt cạnh tệp YAML"),
    ("ghi_chu", "dòng ghi chú in nghiêng, ví dụ \"(Có … kèm theo)\""),
    ("trang_moi", "sang trang mới"),
    ("noi_dung", "nhóm các khối (dùng trong danh sách con)"),
];

/// One body block written as a map. Exactly one kind key is a text (or
/// empty); kind keys with list values are its children.
#[derive(Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Khoi",
    description = "Một khối nội dung: đoạn, phần, chương, mục, điều, khoản, điểm, dòng gạch đầu dòng, bảng, hình, ghi chú…"
)]
pub struct RawBlock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", description = "Một đoạn văn.")]
    pub doan: Option<Located<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Phần (Phần I, II …): tiêu đề; hoặc danh sách các phần."
    )]
    pub phan: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Chương (Chương I, II …): tiêu đề; hoặc danh sách các chương."
    )]
    pub chuong: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Mục: trong chương in \"Mục 1\"; ở nơi khác in \"I. TIÊU ĐỀ\". Giá trị là tiêu đề; hoặc danh sách các mục."
    )]
    pub muc: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Tiểu mục (trong mục của chương): tiêu đề; hoặc danh sách."
    )]
    pub tieu_muc: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Điều: nội dung chạy tiếp sau \"Điều 1.\" (khi không có tiêu đề); để trống khi có `tieu_de`; hoặc danh sách các điều."
    )]
    pub dieu: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Khoản 1., 2. …: nội dung; hoặc danh sách các khoản."
    )]
    pub khoan: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Tiểu khoản 1.1., 1.2. …: nội dung; hoặc danh sách."
    )]
    pub tieu_khoan: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Điểm a), b) …: nội dung; hoặc danh sách các điểm."
    )]
    pub diem: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Dòng \"- …\": nội dung; hoặc danh sách các dòng."
    )]
    pub gach: Option<Located<Lead>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Dòng \"+ …\": nội dung; hoặc danh sách các dòng."
    )]
    pub cong: Option<Located<Lead>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Nhãn của trường (\"Thời gian\", \"Địa điểm\"); nội dung ở `noi_dung`."
    )]
    pub truong: Option<Located<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Một nhiệm vụ (\"- …\"), có thể kèm `ma`, `han`, `don_vi`; hoặc danh sách nhiệm vụ."
    )]
    pub nhiem_vu: Option<Located<Lead>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<RawGrid>", description = "Một bảng.")]
    pub bang: Option<Located<RawGrid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Đường dẫn tệp hình (PNG, JPEG), tính từ thư mục của tệp YAML."
    )]
    pub hinh: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Dòng ghi chú in nghiêng, căn giữa (\"(Có dự thảo Quyết định kèm theo)\"); không mang dấu \"./.\"."
    )]
    pub ghi_chu: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<bool>", description = "Sang trang mới.")]
    pub trang_moi: Option<Located<bool>>,

    // ── Options ─────────────────────────────────────────────────────────
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Tiêu đề (điều, khoản, mục…): in đậm trên một dòng riêng, không có dấu chấm cuối."
    )]
    pub tieu_de: Option<Located<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Nội dung: một chuỗi (chạy tiếp sau số) hoặc danh sách các khối con."
    )]
    pub noi_dung: Option<Located<Lead>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Số in thay cho số tự động (\"3a\", \"IV\")."
    )]
    pub so: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Căn lề: deu (mặc định, hai bên), trai, giua, phai."
    )]
    pub can: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "In nghiêng cả đoạn.")]
    pub nghieng: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "In đậm cả đoạn (hoặc nhãn của trường).")]
    pub dam: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<f64>",
        description = "Chiều rộng của hình (mm); mặc định vừa khổ chữ."
    )]
    pub rong: Option<Located<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", description = "Chú thích dưới hình.")]
    pub chu_thich: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Mã nhiệm vụ ổn định, dùng cho tệp tiến độ."
    )]
    pub ma: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", description = "Hạn hoàn thành YYYY-MM-DD.")]
    pub han: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<super::raw::OneOrMany<String>>",
        description = "Đơn vị thực hiện nhiệm vụ (in trước nội dung)."
    )]
    pub don_vi: Option<Located<super::raw::OneOrMany<String>>>,
}

/// A table. Bảng.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "BangKhoi",
    description = "Một bảng: các cột (tên, độ rộng, căn lề), dòng tiêu đề gộp ô, các dòng (ô có thể gộp cột, gộp dòng), dòng nhóm, dòng tổng."
)]
pub struct RawGrid {
    #[schemars(
        with = "Vec<StrOr<RawColumn>>",
        description = "Các cột: tên, hoặc {ten, rong, can}."
    )]
    pub cot: Vec<Located<StrOr<RawColumn>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<Vec<f64>>",
        description = "Độ rộng tương đối của các cột (cách viết cũ; nay ghi `rong` ở từng cột)."
    )]
    pub do_rong: Option<Located<Vec<f64>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(
        with = "Vec<Vec<StrOr<RawCell>>>",
        description = "Các dòng tiêu đề khi cần gộp ô (thay cho tên cột); mỗi ô {o, gop_cot, gop_dong}."
    )]
    pub tieu_de: Vec<Located<Vec<Located<StrOr<RawCell>>>>>,
    #[serde(default)]
    #[schemars(
        with = "Vec<RawRow>",
        description = "Các dòng: danh sách ô; hoặc {nhom: …} (dòng nhóm trải hết bề ngang), {tong: [...]} (dòng tổng in đậm)."
    )]
    pub dong: Vec<Located<RawRow>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "Tự đánh số thứ tự ở cột đầu (cột STT để trống trong các dòng).")]
    pub stt: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "Nhắc lại dòng tiêu đề ở đầu mỗi trang (mặc định: có).")]
    pub lap_tieu_de: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "Đánh số cột (1), (2), … dưới dòng tiêu đề.")]
    pub so_cot: Option<bool>,
}

/// A table column. Cột.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Cot",
    description = "Một cột: tên, độ rộng tương đối, căn lề."
)]
pub struct RawColumn {
    #[schemars(with = "String", description = "Tên cột (in ở dòng tiêu đề).")]
    pub ten: Located<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>", description = "Độ rộng tương đối (mặc định 1).")]
    pub rong: Option<Located<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Căn lề các ô của cột: trai (mặc định), giua, phai, deu."
    )]
    pub can: Option<Located<String>>,
}

/// A table cell written as a map. Ô.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "O",
    description = "Một ô: nội dung, gộp cột, gộp dòng, căn lề, in đậm."
)]
pub struct RawCell {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(
        with = "Option<Lead>",
        description = "Nội dung của ô: một chuỗi, hoặc danh sách đoạn và dòng \"- …\"."
    )]
    pub o: Option<Located<Lead>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>", description = "Số cột ô này chiếm (mặc định 1).")]
    pub gop_cot: Option<Located<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<u32>",
        description = "Số dòng ô này chiếm (mặc định 1)."
    )]
    pub gop_dong: Option<Located<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Căn lề: trai, giua, phai, deu."
    )]
    pub can: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "In đậm.")]
    pub dam: Option<bool>,
}

/// A row: its cells, or a group or total row. Dòng.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum RawRow {
    Cells(Vec<Located<StrOr<RawCell>>>),
    Special(RawSpecialRow),
}

/// A group row (one cell across the table) or a total row (bold).
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "DongDacBiet",
    description = "Dòng nhóm {nhom: …} hoặc dòng tổng {tong: [...]}."
)]
pub struct RawSpecialRow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<String>",
        description = "Dòng nhóm: một ô in đậm trải hết bề ngang bảng; số thứ tự đánh lại từ 1 sau dòng này."
    )]
    pub nhom: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        with = "Option<Vec<StrOr<RawCell>>>",
        description = "Dòng tổng: các ô in đậm."
    )]
    pub tong: Option<Located<Vec<Located<StrOr<RawCell>>>>>,
}

impl<'de> Deserialize<'de> for RawRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRow;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of cells, or a map with `nhom` or `tong`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawRow, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawRow::Cells)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawRow, A::Error> {
                RawSpecialRow::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawRow::Special)
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for RawRow {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Dong".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let cells = g.subschema_for::<Vec<StrOr<RawCell>>>();
        let special = g.subschema_for::<RawSpecialRow>();
        schemars::json_schema!({ "anyOf": [cells, special] })
    }
}
