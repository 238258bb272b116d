//! The YAML format as written by a clerk: serde structs whose fields are the
//! ASCII snake_case Vietnamese keys. Nothing is checked here beyond types and
//! unknown keys; `validate` turns this into a [`crate::model::Document`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

pub use super::blocks::{RawBlock, RawBlocks, RawGrid};

/// A YAML value with its position in the file.
pub type Located<T> = Spanned<T>;

/// A whole document file. Văn bản.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Văn bản hành chính (vanban)",
    description = "Một văn bản theo Nghị định 30/2020/NĐ-CP, viết bằng YAML; vanban in ra PDF và DOCX."
)]
pub struct RawDocument {
    /// Kind of document (loại văn bản); `cong_van` when absent.
    #[schemars(
        with = "Option<String>",
        description = "Loại văn bản (Phụ lục III): cong_van (mặc định), nghi_quyet, quyet_dinh, chi_thi, quy_che, quy_dinh, thong_cao, thong_bao, huong_dan, chuong_trinh, ke_hoach, phuong_an, de_an, du_an, bao_cao, bien_ban, to_trinh, hop_dong, cong_dien, ban_ghi_nho, ban_thoa_thuan, giay_uy_quyen, giay_moi, giay_gioi_thieu, giay_nghi_phep, phieu_gui, phieu_chuyen, phieu_bao."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loai: Option<Located<String>>,
    /// Issuing body (cơ quan ban hành) and its parent (cơ quan chủ quản).
    #[schemars(
        description = "Cơ quan ban hành (và cơ quan chủ quản, nếu có); biên bản liên ngành có thể không có."
    )]
    #[schemars(with = "Option<RawAgency>")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co_quan: Option<Located<RawAgency>>,
    /// Number within the year (số); empty for a draft. Digits, with an
    /// optional ".digits" or letter suffix ("66.19", "12a").
    #[schemars(
        with = "Option<NumberText>",
        description = "Số văn bản trong năm (ví dụ 35, \"66.19\", \"12a\"); để trống khi văn thư sẽ ghi số sau khi ký."
    )]
    #[serde(
        default,
        deserialize_with = "number_text",
        serialize_with = "number_out"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub so: Option<Located<String>>,
    /// A legal-normative document: its number carries the year.
    #[schemars(
        description = "Văn bản quy phạm pháp luật (quyết định, nghị quyết, chỉ thị): số có năm ban hành, ví dụ \"Số: 35/2024/QĐ-UBND\"."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qppl: Option<bool>,
    /// Drafting unit abbreviation (đơn vị soạn thảo), the công văn symbol's
    /// second group.
    #[schemars(
        with = "Option<String>",
        description = "Chữ viết tắt đơn vị soạn thảo; ký hiệu công văn là <cơ quan>-<đơn vị>, ví dụ UBND-KTTH."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub don_vi_soan_thao: Option<Located<String>>,
    /// Place name (địa danh).
    #[schemars(
        with = "String",
        description = "Địa danh nơi cơ quan đóng trụ sở, ví dụ: Bắc Giang."
    )]
    pub dia_danh: Located<String>,
    /// Issue date (ngày), ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY` for a draft.
    #[schemars(
        with = "String",
        description = "Ngày ban hành YYYY-MM-DD; bản dự thảo có thể ghi YYYY-MM hoặc YYYY."
    )]
    pub ngay: Located<String>,
    /// Subject line (trích yếu).
    #[schemars(
        with = "Option<String>",
        description = "Trích yếu nội dung (in thành \"V/v …\" dưới số của công văn); giấy giới thiệu và giấy nghỉ phép không cần."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trich_yeu: Option<Located<String>>,
    /// Addressees (kính gửi): one name or a list; an item in brackets is
    /// a note line under the block.
    #[schemars(
        with = "Option<OneOrMany<String>>",
        description = "Kính gửi: một nơi nhận (in trên cùng dòng, giữ nguyên như gõ), hoặc danh sách (vanban tự thêm \"-\", \";\" và \".\"); một dòng trong ngoặc \"(Theo …)\" in dưới, không gạch đầu dòng."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinh_gui: Option<Located<OneOrMany<String>>>,
    /// The issuing authority line (thẩm quyền ban hành), e.g. "CHỦ TỊCH ỦY BAN
    /// NHÂN DÂN TỈNH BẮC GIANG", printed bold and centred.
    #[schemars(
        with = "Option<String>",
        description = "Dòng thẩm quyền ban hành (quyết định, nghị quyết), ví dụ: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tham_quyen: Option<Located<String>>,
    /// Preamble lines: legal grounds (căn cứ), and lines such as "Xét đề
    /// nghị của …" kept as written.
    #[schemars(
        with = "Vec<String>",
        description = "Các căn cứ ban hành, mỗi dòng một văn bản (số, ngày, cơ quan, trích yếu); vanban thêm \"Căn cứ\", \";\" và \".\". Dòng bắt đầu bằng \"Theo\", \"Xét\", \"Thực hiện\", \"Trên cơ sở\" giữ nguyên."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub can_cu: Vec<Located<String>>,
    /// "Theo đề nghị của …" (proposer).
    #[schemars(
        with = "Option<String>",
        description = "Người, cơ quan đề nghị: in \"Theo đề nghị của …\" (dòng cuối phần căn cứ)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theo_de_nghi: Option<Located<String>>,
    /// The body: one ordered list of blocks, the same for every kind.
    #[schemars(
        with = "Vec<StrOr<RawBlock>>",
        description = "Nội dung văn bản: danh sách các khối theo thứ tự in (đoạn, mục, điều, khoản, điểm, dòng \"-\", bảng, hình, ghi chú…)."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noi_dung: RawBlocks,
    /// Where the end mark "./." goes.
    #[schemars(
        with = "Option<String>",
        description = "Dấu kết thúc \"./.\": doan_cuoi (mặc định, cuối đoạn cuối), sau_cung (sau cả dòng ghi chú cuối), khong (không in)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dau_ket: Option<Located<String>>,
    /// Articles (điều) of a quyết định or quy chế.
    #[schemars(
        with = "Vec<RawArticle>",
        description = "Các Điều (quyết định, quy chế…), đánh số Điều 1, Điều 2, … tự động."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dieu: Vec<Located<RawArticle>>,
    /// The fields of a giấy mời (Mẫu 1.7).
    #[schemars(
        with = "Option<RawInvitation>",
        description = "Nội dung giấy mời (Mẫu 1.7): người được mời, cuộc họp, chủ trì, thời gian, địa điểm, lưu ý."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub giay_moi: Option<Located<RawInvitation>>,
    /// Roman-numbered parts (mục) of a báo cáo or kế hoạch: "I. MỤC ĐÍCH".
    #[schemars(
        with = "Vec<RawPart>",
        description = "Các mục của báo cáo, kế hoạch…, đánh số I., II., … tự động, tiêu đề in hoa đậm."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub muc: Vec<Located<RawPart>>,
    /// Chapters (chương) of a quy chế, quy định: "Chương I" and its title.
    #[schemars(
        with = "Vec<RawChapter>",
        description = "Các Chương (quy chế, quy định…), đánh số Chương I, II, … tự động; trong chương có Mục, Điều."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chuong: Vec<Located<RawChapter>>,
    /// Parts (phần) of a báo cáo or kế hoạch: "Phần I" and its title.
    #[schemars(
        with = "Vec<RawDivision>",
        description = "Các Phần (báo cáo, kế hoạch, đề án…), đánh số Phần I, II, … tự động; trong phần có các mục I., II., …"
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phan: Vec<Located<RawDivision>>,
    /// A công điện's sender and addressees (Mẫu 1.6).
    #[schemars(
        with = "Option<RawTelegram>",
        description = "Công điện (Mẫu 1.6): ai điện, điện cho ai."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cong_dien: Option<Located<RawTelegram>>,
    /// A giấy giới thiệu's fields (Mẫu 1.8).
    #[schemars(
        with = "Option<RawIntroduction>",
        description = "Giấy giới thiệu (Mẫu 1.8): người được giới thiệu, nơi đến, việc, thời hạn."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub giay_gioi_thieu: Option<Located<RawIntroduction>>,
    /// A giấy nghỉ phép's fields (Mẫu 1.10).
    #[schemars(
        with = "Option<RawLeave>",
        description = "Giấy nghỉ phép (Mẫu 1.10): đơn đề nghị, người được nghỉ, thời gian, nơi nghỉ."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub giay_nghi_phep: Option<Located<RawLeave>>,
    /// A biên bản's fields (Mẫu 1.9).
    #[schemars(
        with = "Option<RawMinutes>",
        description = "Biên bản (Mẫu 1.9): thời gian, địa điểm, thành phần, chủ trì, thư ký, giờ kết thúc."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bien_ban: Option<Located<RawMinutes>>,
    /// Secrecy level (độ mật, ô 10a).
    #[schemars(
        with = "Option<String>",
        description = "Độ mật (ô 10a): mat, toi_mat, tuyet_mat."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_mat: Option<Located<String>>,
    /// Urgency level (độ khẩn, ô 10b).
    #[schemars(
        with = "Option<String>",
        description = "Độ khẩn (ô 10b): khan, thuong_khan, hoa_toc."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_khan: Option<Located<String>>,
    /// Distribution note (chỉ dẫn phạm vi lưu hành, ô 11).
    #[schemars(
        with = "Option<String>",
        description = "Chỉ dẫn phạm vi lưu hành (ô 11), ví dụ: XEM XONG TRẢ LẠI, LƯU HÀNH NỘI BỘ."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub luu_hanh: Option<Located<String>>,
    /// Drafter's symbol (ký hiệu người soạn thảo, ô 12).
    #[schemars(
        with = "Option<String>",
        description = "Ký hiệu người soạn thảo (ô 12), ví dụ PL; in sau dòng Lưu."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nguoi_soan: Option<Located<String>>,
    /// Number of copies issued (số lượng bản phát hành, ô 12).
    #[schemars(
        with = "Option<u32>",
        description = "Số lượng bản phát hành (ô 12), in \"PL.(300)\" cùng ký hiệu người soạn thảo."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub so_ban: Option<Located<u32>>,
    /// Address, phone, e-mail, website of the agency (ô 13).
    #[schemars(
        with = "Option<RawContact>",
        description = "Địa chỉ, điện thoại, fax, e-mail, website của cơ quan (ô 13), in cuối trang đầu."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lien_he: Option<Located<RawContact>>,
    // Issue 16 (vanban sign): the images of the digital signatures.
    /// Digital signing (ký số): the signer's and the seal's images.
    #[schemars(
        with = "Option<RawSigning>",
        description = "Ký số (Phụ lục I, ô 7c và 8): hình chữ ký của người ký, hình con dấu và đường kính thật của dấu. Có khóa này thì PDF có sẵn ô chữ ký NguoiKy cho `vanban sign`, và DOCX in các hình ở khối chữ ký."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ky_so: Option<Located<RawSigning>>,
    /// The document issued or approved by a quyết định (Mẫu 1.3).
    #[schemars(
        with = "Option<RawAttachment>",
        description = "Văn bản ban hành (phê duyệt) kèm theo quyết định (Mẫu 1.3): loại, tiêu đề, các chương, điều."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub van_ban_kem_theo: Option<Located<RawAttachment>>,
    /// Appendices (phụ lục), Mẫu 2.1.
    #[schemars(
        with = "Vec<RawAttachment>",
        description = "Các phụ lục (Mẫu 2.1): tiêu đề, đoạn văn, mục, bảng; đánh số Phụ lục I, II, … tự động."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phu_luc: Vec<Located<RawAttachment>>,
    /// A copy (bản sao) block under the copied document (Mẫu 3.1).
    #[schemars(
        with = "Option<RawCopy>",
        description = "Bản sao (Mẫu 3.1): hình thức sao, cơ quan sao, số, ngày, người ký, nơi nhận."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ban_sao: Option<Located<RawCopy>>,
    /// Opening paragraphs (mở đầu).
    #[serde(default)]
    #[schemars(
        with = "Vec<String>",
        description = "Các đoạn mở đầu. Trong đoạn: **đậm**, *nghiêng*, chú thích ^[nội dung]."
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mo_dau: Vec<Located<String>>,
    /// Numbered sections, one per assignee (phân công).
    #[serde(default)]
    #[schemars(
        with = "Vec<RawSection>",
        description = "Các phần giao nhiệm vụ, mỗi phần một đơn vị, được đánh số 1., 2., …"
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phan_cong: Vec<Located<RawSection>>,
    /// A table (bảng) printed after the sections, before the closing.
    #[schemars(
        with = "Option<RawGrid>",
        description = "Một bảng, in sau các phần giao nhiệm vụ."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bang: Option<Located<RawGrid>>,
    /// Closing paragraphs (kết luận); the tool ends the last with "./.".
    #[serde(default)]
    #[schemars(
        with = "Vec<String>",
        description = "Các đoạn kết luận; vanban thêm \"./.\" cuối đoạn cuối."
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ket_luan: Vec<Located<String>>,
    /// Signer (người ký), or up to six signers printed side by side, two
    /// to a row, left to right: biên bản (thư ký, chủ tọa; the parties of a
    /// joint record) and joint documents. The last one is the principal
    /// signer.
    #[schemars(
        with = "OneOrMany<RawSigner>",
        description = "Người ký; hoặc danh sách người ký (tối đa sáu) in hai người một hàng, trái rồi phải (biên bản: thư ký, chủ tọa; các bên của biên bản liên ngành; văn bản liên tịch)."
    )]
    pub nguoi_ky: Located<OneOrMany<RawSigner>>,
    /// Distribution list (nơi nhận).
    #[serde(default)]
    #[schemars(
        with = "Vec<StrOr<RawRecipientGroup>>",
        description = "Nơi nhận: mỗi dòng một nơi, hoặc một nhóm có các thành phần \"+\"."
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noi_nhan: Vec<Located<StrOr<RawRecipientGroup>>>,
    /// Archive line (lưu), e.g. "VT, KTTH (2)", when not inside a group.
    #[schemars(
        with = "Option<String>",
        description = "Dòng Lưu, ví dụ \"VT, KTTH (2)\"."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub luu: Option<Located<String>>,
    /// The tone-mark style of the document: "moi" (hòa, ủy) or "cu" (hoà,
    /// uỷ).
    #[schemars(
        with = "Option<String>",
        description = "Kiểu đặt dấu thanh của văn bản: moi (\"hòa\", \"ủy\", như văn bản NĐ 30) hoặc cu (\"hoà\", \"uỷ\"); không ghi thì theo kiểu văn bản dùng nhiều hơn."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kieu_dau: Option<Located<String>>,
    /// Rules the document switches off, each with its reason.
    #[schemars(
        with = "Option<std::collections::BTreeMap<String, String>>",
        description = "Bỏ qua quy tắc kiểm tra, mỗi mã một lý do: {ND30-NN-02: \"Văn phòng lưu theo quy chế riêng\"}; `check` vẫn in ghi chú."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bo_qua: Option<Located<std::collections::BTreeMap<String, String>>>,
    /// Extra PDF keywords (từ khóa).
    #[serde(default)]
    #[schemars(description = "Từ khóa thêm vào siêu dữ liệu PDF/DOCX.")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tu_khoa: Vec<String>,
    /// PDF/A for archiving: `true` (PDF/A-2b) or a level "2b", "2u", "3b".
    #[schemars(
        with = "Option<BoolOrStr>",
        description = "Ghi PDF/A để lưu trữ: true (PDF/A-2b) hoặc \"2b\", \"2u\", \"3b\"."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdfa: Option<Located<BoolOrStr>>,
    /// A draft's mark (dự thảo, issue 15): `true` prints "DỰ THẢO", a
    /// number n "Dự thảo lần n". A document without a number or a full
    /// date is a draft anyway; `vanban issue` removes this key.
    #[schemars(
        with = "Option<BoolOrNumber>",
        description = "Bản dự thảo: true in \"DỰ THẢO\", 2 in \"Dự thảo lần 2\" (khung ở góc trên bên phải trang đầu). Văn bản chưa có số hoặc ngày đủ cũng là dự thảo; `vanban issue` bỏ khóa này khi ban hành."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub du_thao: Option<Located<BoolOrNumber>>,
}

/// `true`/`false` or a whole number (`du_thao`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BoolOrNumber {
    Bool(bool),
    Number(i64),
}

impl<'de> Deserialize<'de> for BoolOrNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BoolOrNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or a whole number")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Ok(BoolOrNumber::Bool(b))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(BoolOrNumber::Number(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(BoolOrNumber::Number(i64::try_from(n).unwrap_or(i64::MAX)))
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for BoolOrNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DuThao".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "anyOf": [{ "type": "boolean" }, { "type": "integer", "minimum": 1 }] })
    }
}

/// `true`/`false` or a string.
#[derive(Debug, Serialize)]
#[serde(untagged)]
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
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "CoQuan",
    description = "Cơ quan ban hành: tên, chữ viết tắt, cơ quan chủ quản."
)]
pub struct RawAgency {
    /// Full name (tên); a line break is kept as a line break.
    #[schemars(
        with = "String",
        description = "Tên cơ quan; xuống dòng được giữ khi in."
    )]
    pub ten: Located<String>,
    /// Abbreviation (viết tắt), used in the symbol.
    #[schemars(
        with = "Option<String>",
        description = "Chữ viết tắt tên cơ quan, dùng trong ký hiệu (UBND)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viet_tat: Option<Located<String>>,
    /// Parent body (cơ quan chủ quản), if any.
    #[schemars(description = "Cơ quan chủ quản trực tiếp, nếu có.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chu_quan: Option<RawParent>,
}

/// A parent body. Cơ quan chủ quản.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "CoQuanChuQuan", description = "Cơ quan chủ quản trực tiếp.")]
pub struct RawParent {
    #[schemars(with = "String", description = "Tên cơ quan chủ quản.")]
    pub ten: Located<String>,
    #[schemars(
        with = "Option<String>",
        description = "Chữ viết tắt cơ quan chủ quản."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viet_tat: Option<Located<String>>,
}

/// A numbered section for one assignee (đơn vị): prose and tasks.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "PhanCong",
    description = "Một phần giao nhiệm vụ cho một đơn vị."
)]
pub struct RawSection {
    /// The assignee, printed as the numbered heading.
    #[schemars(
        with = "String",
        description = "Đơn vị được giao nhiệm vụ (tiêu đề của phần)."
    )]
    pub don_vi: Located<String>,
    /// Prose paragraphs (đoạn) before the tasks.
    #[serde(default)]
    #[schemars(
        with = "Vec<String>",
        description = "Các đoạn văn của phần, trước các nhiệm vụ."
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doan: Vec<Located<String>>,
    /// Tasks (nhiệm vụ), each printed as a "- " item.
    #[serde(default)]
    #[schemars(
        with = "Vec<StrOr<RawTask>>",
        description = "Các nhiệm vụ, in thành dòng \"- …\"; mỗi nhiệm vụ là một chuỗi hoặc một bảng có noi_dung, han, don_vi, ma."
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nhiem_vu: Vec<Located<StrOr<RawTask>>>,
}

/// An article. Điều.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Dieu",
    description = "Một Điều: tiêu đề, nội dung, các khoản."
)]
pub struct RawArticle {
    #[schemars(
        with = "Option<String>",
        description = "Tiêu đề của Điều (in đậm cả dòng); không có tiêu đề thì đoạn đầu chạy tiếp sau \"Điều 1.\"."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tieu_de: Option<Located<String>>,
    #[schemars(with = "Vec<String>", description = "Các đoạn nội dung của Điều.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noi_dung: Vec<Located<String>>,
    #[schemars(
        with = "Vec<StrOr<RawClause>>",
        description = "Các khoản, đánh số 1., 2., … tự động; một khoản có điểm viết {noi_dung: …, diem: [...]}."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub khoan: Vec<Located<StrOr<RawClause>>>,
}

/// A giấy mời's fields. Giấy mời.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "GiayMoi", description = "Các mục của giấy mời theo Mẫu 1.7.")]
pub struct RawInvitation {
    #[schemars(
        with = "OneOrMany<String>",
        description = "Người, cơ quan được mời (sau \"trân trọng kính mời:\"); một dòng hoặc danh sách."
    )]
    pub kinh_moi: Located<OneOrMany<String>>,
    #[schemars(
        with = "String",
        description = "Tên, nội dung cuộc họp (sau \"Tới dự\")."
    )]
    pub toi_du: Located<String>,
    #[schemars(with = "Option<String>", description = "Người chủ trì.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chu_tri: Option<Located<String>>,
    #[schemars(
        with = "String",
        description = "Thời gian, ví dụ: 08 giờ 00 phút, thứ Năm, ngày 23/5/2024."
    )]
    pub thoi_gian: Located<String>,
    #[schemars(with = "String", description = "Địa điểm.")]
    pub dia_diem: Located<String>,
    #[schemars(with = "Vec<String>", description = "Các vấn đề cần lưu ý.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub luu_y: Vec<Located<String>>,
}

/// A Roman-numbered part. Mục.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Muc",
    description = "Một mục: tiêu đề, các đoạn văn, các khoản."
)]
pub struct RawPart {
    #[schemars(with = "String", description = "Tiêu đề của mục (in hoa, đậm).")]
    pub tieu_de: Located<String>,
    #[schemars(with = "Vec<String>", description = "Các đoạn văn của mục.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doan: Vec<Located<String>>,
    #[schemars(
        with = "Vec<StrOr<RawClause>>",
        description = "Các khoản của mục, đánh số 1., 2., … tự động."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub khoan: Vec<Located<StrOr<RawClause>>>,
}

/// A chapter. Chương.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Chuong",
    description = "Một Chương: tiêu đề, các Mục, các Điều."
)]
pub struct RawChapter {
    #[schemars(with = "String", description = "Tiêu đề của Chương (in hoa, đậm).")]
    pub tieu_de: Located<String>,
    #[schemars(
        with = "Vec<RawSubdivision>",
        description = "Các Mục của Chương, đánh số Mục 1, 2, … tự động."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub muc: Vec<Located<RawSubdivision>>,
    #[schemars(
        with = "Vec<RawArticle>",
        description = "Các Điều của Chương (đánh số liên tục trong cả văn bản)."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dieu: Vec<Located<RawArticle>>,
}

/// A section or subsection of a chapter. Mục, tiểu mục.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "MucCuaChuong",
    description = "Một Mục (hoặc Tiểu mục) của Chương: tiêu đề, các Điều."
)]
pub struct RawSubdivision {
    #[schemars(with = "String", description = "Tiêu đề của Mục (in hoa, đậm).")]
    pub tieu_de: Located<String>,
    #[schemars(
        with = "Vec<RawSubdivision>",
        description = "Các Tiểu mục, đánh số Tiểu mục 1, 2, … tự động."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tieu_muc: Vec<Located<RawSubdivision>>,
    #[schemars(with = "Vec<RawArticle>", description = "Các Điều của Mục.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dieu: Vec<Located<RawArticle>>,
}

/// A part of a report or plan. Phần.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Phan",
    description = "Một Phần: tiêu đề, đoạn văn, các mục I., II., …"
)]
pub struct RawDivision {
    #[schemars(with = "String", description = "Tiêu đề của Phần (in hoa, đậm).")]
    pub tieu_de: Located<String>,
    #[schemars(with = "Vec<String>", description = "Các đoạn văn của Phần.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doan: Vec<Located<String>>,
    #[schemars(
        with = "Vec<RawPart>",
        description = "Các mục của Phần, đánh số I., II., … tự động."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub muc: Vec<Located<RawPart>>,
}

/// A công điện's sender and addressees. Công điện.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "CongDien",
    description = "Công điện: người (cơ quan) điện và nơi nhận điện."
)]
pub struct RawTelegram {
    #[schemars(
        with = "String",
        description = "Tên cơ quan hoặc chức danh người đứng đầu, in \"… điện:\", ví dụ: Chủ tịch Ủy ban nhân dân tỉnh."
    )]
    pub dien: Located<String>,
    #[schemars(
        with = "OneOrMany<String>",
        description = "Các cơ quan, tổ chức nhận điện, mỗi dòng một nơi."
    )]
    pub gui: Located<OneOrMany<String>>,
}

/// A giấy giới thiệu's fields. Giấy giới thiệu.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "GiayGioiThieu",
    description = "Các mục của giấy giới thiệu theo Mẫu 1.8."
)]
pub struct RawIntroduction {
    #[schemars(
        with = "String",
        description = "Họ và tên người được giới thiệu (in sau \"Ông (bà)\")."
    )]
    pub ong_ba: Located<String>,
    #[schemars(with = "String", description = "Chức vụ, đơn vị công tác.")]
    pub chuc_vu: Located<String>,
    #[schemars(
        with = "String",
        description = "Cơ quan, tổ chức được giới thiệu tới làm việc."
    )]
    pub duoc_cu_den: Located<String>,
    #[schemars(with = "String", description = "Về việc.")]
    pub ve_viec: Located<String>,
    #[schemars(
        with = "String",
        description = "Giấy có giá trị đến hết ngày (YYYY-MM-DD)."
    )]
    pub gia_tri_den: Located<String>,
}

/// A giấy nghỉ phép's fields. Giấy nghỉ phép.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "GiayNghiPhep",
    description = "Các mục của giấy nghỉ phép theo Mẫu 1.10."
)]
pub struct RawLeave {
    #[schemars(
        with = "String",
        description = "Ngày của đơn đề nghị nghỉ phép (YYYY-MM-DD)."
    )]
    pub ngay_don: Located<String>,
    #[schemars(with = "String", description = "Họ và tên người được nghỉ phép.")]
    pub ong_ba: Located<String>,
    #[schemars(with = "String", description = "Chức vụ, đơn vị công tác.")]
    pub chuc_vu: Located<String>,
    #[schemars(with = "String", description = "Ngày bắt đầu nghỉ (YYYY-MM-DD).")]
    pub tu_ngay: Located<String>,
    #[schemars(with = "String", description = "Ngày nghỉ đến hết (YYYY-MM-DD).")]
    pub den_ngay: Located<String>,
    #[schemars(
        with = "Option<String>",
        description = "Thời gian nghỉ in ra, ví dụ \"05 ngày làm việc\"; mặc định tính theo ngày."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thoi_gian: Option<Located<String>>,
    #[schemars(with = "String", description = "Nơi nghỉ phép.")]
    pub noi_nghi: Located<String>,
    #[schemars(
        with = "String",
        description = "Số ngày nghỉ được tính vào thời gian nào, ví dụ: nghỉ hằng năm năm 2024."
    )]
    pub tinh_vao: Located<String>,
}

/// A biên bản's fields. Biên bản.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "BienBan",
    description = "Các mục của biên bản theo Mẫu 1.9; nội dung viết ở `mo_dau`, `muc`."
)]
pub struct RawMinutes {
    #[schemars(
        with = "Option<String>",
        description = "Cuộc họp, hội nghị hay hội thảo (mặc định: Cuộc họp)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cuoc_hop: Option<Located<String>>,
    #[schemars(
        with = "String",
        description = "Thời gian bắt đầu, ví dụ: 08 giờ 00 phút, ngày 20 tháng 5 năm 2024."
    )]
    pub bat_dau: Located<String>,
    #[schemars(with = "String", description = "Địa điểm.")]
    pub dia_diem: Located<String>,
    #[schemars(
        with = "OneOrMany<String>",
        description = "Thành phần tham dự: một dòng hoặc danh sách."
    )]
    pub thanh_phan: Located<OneOrMany<String>>,
    #[schemars(with = "String", description = "Chủ trì (chủ tọa): họ tên, chức vụ.")]
    pub chu_tri: Located<String>,
    #[schemars(
        with = "String",
        description = "Thư ký (người ghi biên bản): họ tên, chức vụ."
    )]
    pub thu_ky: Located<String>,
    #[schemars(
        with = "String",
        description = "Thời gian kết thúc, ví dụ: 11 giờ 30 phút, ngày 20 tháng 5 năm 2024."
    )]
    pub ket_thuc: Located<String>,
}

/// The agency's contact details. Thông tin liên hệ (ô 13).
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "LienHe",
    description = "Địa chỉ, điện thoại, fax, e-mail, website của cơ quan."
)]
pub struct RawContact {
    #[schemars(with = "Option<String>", description = "Địa chỉ trụ sở.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dia_chi: Option<Located<String>>,
    #[schemars(with = "Option<String>", description = "Điện thoại.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dien_thoai: Option<Located<String>>,
    #[schemars(with = "Option<String>", description = "Fax.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fax: Option<Located<String>>,
    #[schemars(with = "Option<String>", description = "Thư điện tử.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Located<String>>,
    #[schemars(with = "Option<String>", description = "Trang thông tin điện tử.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<Located<String>>,
}

/// The images of the digital signatures (issue 16). Ký số.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "KySo",
    description = "Hình ảnh của chữ ký số (Phụ lục I Nghị định 30): tệp PNG nền trong suốt, đặt cùng thư mục với tệp YAML."
)]
pub struct RawSigning {
    #[schemars(
        with = "Option<String>",
        description = "Hình chữ ký của người ký: PNG nền trong suốt, màu xanh."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chu_ky: Option<Located<String>>,
    #[schemars(
        with = "Option<String>",
        description = "Hình con dấu của cơ quan: PNG nền trong suốt, màu đỏ."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub con_dau: Option<Located<String>>,
    #[schemars(
        with = "Option<f64>",
        description = "Đường kính thật của con dấu, mm (thường 35–42; mặc định 36)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dau_rong: Option<Located<f64>>,
}

/// An appendix or a document issued with a quyết định. Phụ lục, văn bản
/// kèm theo.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "KemTheo",
    description = "Một phụ lục, hoặc văn bản ban hành kèm theo quyết định."
)]
pub struct RawAttachment {
    #[schemars(
        with = "Option<String>",
        description = "Loại văn bản kèm theo (quy_che, quy_dinh, ke_hoach…); phụ lục không ghi."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loai: Option<Located<String>>,
    #[schemars(
        with = "String",
        description = "Tiêu đề (trích yếu) của phụ lục hoặc văn bản kèm theo."
    )]
    pub tieu_de: Located<String>,
    #[schemars(with = "Vec<String>", description = "Các đoạn văn.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub doan: Vec<Located<String>>,
    #[schemars(with = "Vec<RawChapter>", description = "Các Chương.")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chuong: Vec<Located<RawChapter>>,
    #[schemars(
        with = "Vec<RawArticle>",
        description = "Các Điều (khi không chia chương)."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dieu: Vec<Located<RawArticle>>,
    #[schemars(with = "Vec<RawPart>", description = "Các mục I., II., …")]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub muc: Vec<Located<RawPart>>,
    #[schemars(with = "Option<RawGrid>", description = "Một bảng.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bang: Option<Located<RawGrid>>,
    #[schemars(
        with = "Vec<StrOr<RawBlock>>",
        description = "Nội dung: danh sách các khối, như `noi_dung` của văn bản."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noi_dung: RawBlocks,
    #[schemars(
        with = "Option<String>",
        description = "Hướng trang: doc (mặc định) hoặc ngang (bảng rộng)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub huong: Option<Located<String>>,
    #[schemars(
        with = "Option<String>",
        description = "Dấu kết thúc \"./.\": khong (mặc định cho phụ lục), doan_cuoi, sau_cung."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dau_ket: Option<Located<String>>,
}

/// A copy block. Bản sao.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "BanSao",
    description = "Phần bản sao (Mẫu 3.1), in dưới văn bản được sao."
)]
pub struct RawCopy {
    #[schemars(
        with = "String",
        description = "Hình thức sao: sao_y, trich_sao, sao_luc."
    )]
    pub hinh_thuc: Located<String>,
    #[schemars(description = "Cơ quan thực hiện sao văn bản.")]
    pub co_quan: RawAgency,
    #[schemars(
        with = "Option<NumberText>",
        description = "Số bản sao; để trống khi văn thư ghi sau."
    )]
    #[serde(
        default,
        deserialize_with = "number_text",
        serialize_with = "number_out"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub so: Option<Located<String>>,
    #[schemars(with = "String", description = "Địa danh.")]
    pub dia_danh: Located<String>,
    #[schemars(with = "String", description = "Ngày sao YYYY-MM-DD.")]
    pub ngay: Located<String>,
    #[schemars(description = "Người ký bản sao.")]
    pub nguoi_ky: RawSigner,
    #[serde(default)]
    #[schemars(with = "Vec<String>", description = "Nơi nhận bản sao.")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noi_nhan: Vec<Located<String>>,
    #[schemars(with = "Option<String>", description = "Dòng Lưu, ví dụ \"VT\".")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub luu: Option<Located<String>>,
}

/// A clause with points. Khoản có các điểm.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Khoan",
    description = "Một khoản có các điểm a), b), … đánh tự động."
)]
pub struct RawClause {
    #[schemars(with = "String", description = "Nội dung của khoản.")]
    pub noi_dung: Located<String>,
    #[schemars(
        with = "Vec<String>",
        description = "Các điểm, đánh a), b), c), d), đ), e), … theo bảng chữ cái tiếng Việt."
    )]
    #[serde(default)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diem: Vec<Located<String>>,
}

/// A task written out as a map. Nhiệm vụ.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "NhiemVu",
    description = "Một nhiệm vụ viết dạng bảng khóa–giá trị."
)]
pub struct RawTask {
    /// Stable identifier (mã) for progress tracking.
    #[schemars(
        with = "Option<String>",
        description = "Mã nhiệm vụ ổn định, dùng cho tệp tiến độ."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ma: Option<Located<String>>,
    /// The unit(s) that carry the task when not the whole section's
    /// assignee; printed before the text ("Sở Tư pháp: …").
    #[schemars(
        with = "Option<OneOrMany<String>>",
        description = "Đơn vị thực hiện nhiệm vụ này (in trước nội dung)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub don_vi: Option<Located<OneOrMany<String>>>,
    /// The task text (nội dung).
    #[schemars(with = "String", description = "Nội dung nhiệm vụ.")]
    pub noi_dung: Located<String>,
    /// Deadline (hạn), ISO date.
    #[schemars(with = "Option<String>", description = "Hạn hoàn thành YYYY-MM-DD.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub han: Option<Located<String>>,
}

/// A recipient group of the Nơi nhận list ("Văn phòng UBND tỉnh:").
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "NhomNoiNhan",
    description = "Một nhóm nơi nhận, các thành phần in \"+ …\"."
)]
pub struct RawRecipientGroup {
    /// Group name (tên).
    #[schemars(with = "String", description = "Tên nhóm, in \"- Tên:\".")]
    pub ten: Located<String>,
    /// Members (gồm), printed as "+ " lines.
    #[serde(default)]
    #[schemars(
        with = "Vec<String>",
        description = "Các thành phần của nhóm, in \"+ …\"."
    )]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gom: Vec<Located<String>>,
    /// The archive line inside this group ("+ Lưu: VT, KTTH.Bình").
    #[schemars(
        with = "Option<String>",
        description = "Dòng Lưu đặt trong nhóm (\"+ Lưu: VT, KTTH.Bình\")."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub luu: Option<Located<String>>,
}

/// Signer. Người ký.
#[derive(Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "NguoiKy",
    description = "Người ký: quyền hạn, chức vụ, họ tên."
)]
pub struct RawSigner {
    /// Authority (quyền hạn): TM., KT., TL., TUQ., Q. or none; or whole
    /// authority lines, "TM. Ủy ban nhân dân" then "KT. Chủ tịch".
    #[schemars(
        with = "Option<OneOrMany<String>>",
        description = "Quyền hạn ký: TM., KT., TL., TUQ., Q. hoặc bỏ trống; hoặc danh sách các dòng đầy đủ, ví dụ [\"TM. Ủy ban nhân dân\", \"KT. Chủ tịch\"] (khi đó không ghi `thu_truong`)."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quyen_han: Option<Located<OneOrMany<String>>>,
    /// The head's title or the collective's name the prefix stands before
    /// (thủ trưởng): "CHỦ TỊCH", "ỦY BAN NHÂN DÂN".
    #[schemars(
        with = "Option<String>",
        description = "Chức vụ người đứng đầu (hoặc tên tập thể khi TM.), đứng sau quyền hạn."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thu_truong: Option<Located<String>>,
    /// The signer's own title (chức vụ): "PHÓ CHỦ TỊCH".
    #[schemars(with = "Option<String>", description = "Chức vụ của người ký.")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chuc_vu: Option<Located<String>>,
    /// Full name (họ tên), or several names signing in one block.
    #[schemars(
        with = "OneOrMany<String>",
        description = "Họ và tên người ký (không ghi học hàm, học vị); danh sách khi một bên có nhiều người ký."
    )]
    pub ho_ten: Located<OneOrMany<String>>,
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

    /// The items, one or many.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

impl RawDocument {
    /// A document to be written by vanban itself (`remind`'s letters,
    /// `new --tu`): the required values; every other key absent.
    pub fn new(dia_danh: String, ngay: String, nguoi_ky: OneOrMany<RawSigner>) -> RawDocument {
        RawDocument {
            loai: None,
            co_quan: None,
            so: None,
            qppl: None,
            don_vi_soan_thao: None,
            dia_danh: at(dia_danh),
            ngay: at(ngay),
            trich_yeu: None,
            kinh_gui: None,
            tham_quyen: None,
            can_cu: Vec::new(),
            theo_de_nghi: None,
            noi_dung: Vec::new(),
            dau_ket: None,
            dieu: Vec::new(),
            giay_moi: None,
            muc: Vec::new(),
            chuong: Vec::new(),
            phan: Vec::new(),
            cong_dien: None,
            giay_gioi_thieu: None,
            giay_nghi_phep: None,
            bien_ban: None,
            do_mat: None,
            do_khan: None,
            luu_hanh: None,
            nguoi_soan: None,
            so_ban: None,
            lien_he: None,
            ky_so: None,
            van_ban_kem_theo: None,
            phu_luc: Vec::new(),
            ban_sao: None,
            mo_dau: Vec::new(),
            phan_cong: Vec::new(),
            bang: None,
            ket_luan: Vec::new(),
            nguoi_ky: at(nguoi_ky),
            noi_nhan: Vec::new(),
            luu: None,
            kieu_dau: None,
            bo_qua: None,
            tu_khoa: Vec::new(),
            pdfa: None,
            du_thao: None,
        }
    }

    /// The YAML text of the document: `header` (comment lines, each
    /// starting with "#") then the keys in the format's order; every value
    /// quoted as YAML needs, so user text stays text.
    pub fn to_yaml(&self, header: &str) -> Result<String, String> {
        let body = serde_saphyr::to_string(self).map_err(|e| e.to_string())?;
        let mut out = String::with_capacity(header.len() + body.len() + 1);
        for line in header.lines() {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&body);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    }
}

/// A value vanban itself writes: no place in a file.
pub fn at<T>(value: T) -> Located<T> {
    Spanned::new(
        value,
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

impl RawDocument {
    /// The principal signer: the only one, or the last of several.
    /// `None` only for an empty list, which `validate` refuses.
    pub fn main_signer(&self) -> Option<&RawSigner> {
        self.nguoi_ky.value.as_slice().last()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                T::deserialize(de::value::StrDeserializer::<E>::new(s)).map(OneOrMany::One)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A number written as digits or as a string ("66.19", "12a").
pub struct NumberText;

impl schemars::JsonSchema for NumberText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "So".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "anyOf": [{ "type": "integer", "minimum": 1 }, { "type": "string" }] })
    }
}

/// `so:` as written: an integer or a string, kept as text; empty is none.
fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Located<String>>, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok((!s.trim().is_empty()).then(|| s.to_string()))
        }
    }
    struct Any(Option<String>);
    impl<'de> Deserialize<'de> for Any {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(V).map(Any)
        }
    }
    let l = Located::<Any>::deserialize(d)?;
    Ok(l.value.0.map(|v| Spanned::new(v, l.referenced, l.defined)))
}

/// `so:` written back: plain digits as a number (`so: 15`), anything
/// else ("05", "66.19", "12a") as text, so that it reads back the same.
fn number_out<S: serde::Serializer>(v: &Option<Located<String>>, s: S) -> Result<S::Ok, S::Error> {
    let digits = |t: &str| {
        !t.is_empty()
            && t.len() < 19
            && !t.starts_with('0')
            && t.bytes().all(|b| b.is_ascii_digit())
    };
    match v.as_ref().map(|l| l.value.as_str()) {
        Some(t) if digits(t) => s.serialize_u64(t.parse().unwrap_or_default()),
        Some(t) => s.serialize_str(t),
        None => s.serialize_none(),
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
            // A table cell or list item typed as a bare number.
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(StrOr::Str(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(StrOr::Str(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Ok(StrOr::Str(n.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StrOr::Map)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T: serde::Serialize> serde::Serialize for OneOrMany<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(t) => t.serialize(s),
            OneOrMany::Many(v) => v.serialize(s),
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for StrOr<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StrOr::Str(t) => s.serialize_str(t),
            StrOr::Map(m) => m.serialize(s),
        }
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for OneOrMany<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("MotHoacNhieu_{}", T::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = g.subschema_for::<T>();
        let many = g.subschema_for::<Vec<T>>();
        schemars::json_schema!({ "anyOf": [one, many] })
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for StrOr<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("ChuoiHoac_{}", T::schema_name()).into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let map = g.subschema_for::<T>();
        schemars::json_schema!({ "anyOf": [{ "type": "string" }, map] })
    }
}

impl schemars::JsonSchema for BoolOrStr {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PdfA".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "anyOf": [{ "type": "boolean" }, { "enum": ["2b", "2u", "3b"] }] })
    }
}

/// The JSON Schema of the YAML format (`vanban schema`).
pub fn schema() -> serde_json::Value {
    let mut s = schemars::schema_for!(RawDocument).to_value();
    if let Some(o) = s.as_object_mut() {
        o.insert(
            "$id".into(),
            "https://vanban.invalid/schema/van-ban.json".into(),
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load::{parse, SourceFile};

    /// What vanban writes as YAML reads back as the same text, whatever
    /// the text: YAML's own syntax in it stays text.
    #[test]
    fn written_documents_read_back_as_written() {
        let nasty = [
            "Sở: Công Thương",
            "# không phải chú thích",
            "- không phải danh sách",
            "*bi_danh &neo !the {a: b} [1, 2]",
            "\"nháy kép\" và 'nháy đơn' \\ gạch chéo",
            "2024-04-19",
            "1956",
            "05",
            "66.19",
            "true",
            "null",
            "~",
            "dòng một\ndòng hai",
            "  cách ở đầu và cuối  ",
            "@ ` % | > ? ,",
        ];
        for t in nasty {
            let mut raw = RawDocument::new(
                t.to_string(),
                "2024-04-19".into(),
                OneOrMany::One(RawSigner {
                    quyen_han: None,
                    thu_truong: None,
                    chuc_vu: Some(at(t.to_string())),
                    ho_ten: at(OneOrMany::One(t.to_string())),
                }),
            );
            raw.trich_yeu = Some(at(t.to_string()));
            raw.so = Some(at(t.to_string()));
            raw.kinh_gui = Some(at(OneOrMany::Many(vec![t.to_string(), t.to_string()])));
            raw.noi_dung = vec![at(StrOr::Str(t.to_string()))];
            let yaml = raw.to_yaml("# đầu tệp").unwrap();
            let back = parse(&SourceFile::from_text("x.yaml", &yaml))
                .unwrap_or_else(|d| panic!("{t:?}\n{yaml}\n{}", d[0]));
            assert_eq!(back.dia_danh.value, t, "{yaml}");
            assert_eq!(back.trich_yeu.as_ref().unwrap().value, t, "{yaml}");
            assert_eq!(
                back.so.as_ref().map(|s| s.value.as_str()),
                Some(t).filter(|t| !t.trim().is_empty())
            );
            assert_eq!(back.kinh_gui.as_ref().unwrap().value.as_slice(), [t, t]);
            match &back.noi_dung[0].value {
                StrOr::Str(s) => assert_eq!(s, t),
                StrOr::Map(_) => panic!("{yaml}"),
            }
            let s = back.main_signer().unwrap();
            assert_eq!(s.ho_ten.value.as_slice(), [t]);
            assert_eq!(s.chuc_vu.as_ref().unwrap().value, t);
            assert!(yaml.starts_with("# đầu tệp\n"));
            if t == "1956" {
                // A plain number is written as one, as a clerk writes it.
                assert!(yaml.contains("\nso: 1956\n"), "{yaml}");
            }
        }
    }
}
