//! `vanban check`: the rules of Nghị định 30 a clerk most often gets wrong,
//! each with an id, run on a document before anything is printed.
//!
//! Rules read the raw YAML (for positions) and the validated document (for
//! meaning). Each diagnostic names its rule, the YAML line, what ND30 says
//! and a fix. `render` runs the same rules and refuses to write on errors.

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::format::blocks::{Lead, RawBlocks, RawCell, RawGrid, RawRow};
use crate::format::load::SourceFile;
use crate::format::raw::{
    Located, OneOrMany, RawArticle, RawChapter, RawClause, RawDocument, RawPart, RawSubdivision,
    StrOr,
};
use crate::model::{Authority, Document, Recipient};
use crate::text::legacy;
use crate::text::vn::nfc;

/// A rule: id, severity, and what ND30 says.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what the rule checks (Vietnamese, for the README table).
    pub title: &'static str,
    /// What Nghị định 30 says.
    pub nd30: &'static str,
}

use Severity::{Error, Warning};

/// Every rule, in the order of the README table.
pub const RULES: &[Rule] = &[
    Rule { id: "ND30-KY-01", severity: Error, title: "KT. cần chức vụ người đứng đầu và chức vụ riêng của cấp phó, khác nhau", nd30: "Điều 13, Phụ lục I: KT. đặt trước chức vụ của người đứng đầu; dòng dưới là chức vụ của người ký thay" },
    Rule { id: "ND30-KY-02", severity: Error, title: "TM. đứng trước tên tập thể hoặc cơ quan, không trước một chức vụ", nd30: "Phụ lục I: TM. (thay mặt) đặt trước tên tập thể lãnh đạo hoặc tên cơ quan, tổ chức" },
    Rule { id: "ND30-KY-03", severity: Error, title: "TL./TUQ. cần chức vụ người đứng đầu và chức vụ của người ký, khác nhau", nd30: "Phụ lục I: TL., TUQ. đặt trước chức vụ của người đứng đầu; người ký ghi chức vụ của mình" },
    Rule { id: "ND30-KY-04", severity: Error, title: "không ghi học hàm, học vị trước họ tên người ký", nd30: "Phụ lục I: không ghi học hàm, học vị và các danh hiệu danh dự khác trước họ tên người ký" },
    Rule { id: "ND30-SO-01", severity: Warning, title: "chữ viết tắt trong ký hiệu viết hoa", nd30: "Phụ lục I: ký hiệu văn bản viết bằng chữ in hoa" },
    Rule { id: "ND30-NG-01", severity: Warning, title: "ngày ban hành không quá xa trong tương lai", nd30: "Điều 15: văn bản được ghi số, ngày sau khi ký" },
    Rule { id: "ND30-NG-02", severity: Error, title: "không trích dẫn văn bản có ngày sau ngày ban hành", nd30: "Phụ lục I: văn bản được trích dẫn phải đã ban hành" },
    Rule { id: "ND30-NG-03", severity: Error, title: "hạn của nhiệm vụ sau ngày ban hành", nd30: "thời hạn thực hiện phải sau ngày văn bản giao nhiệm vụ" },
    Rule { id: "ND30-NG-04", severity: Warning, title: "ngày tháng trong nội dung theo quy tắc số 0 (05/3/2024, 10/01/2024)", nd30: "Phụ lục I: ngày dưới 10 và tháng 1, 2 thêm số 0 ở trước" },
    Rule { id: "ND30-CC-01", severity: Warning, title: "mỗi căn cứ nêu số, ký hiệu và ngày của văn bản (trừ luật, pháp lệnh)", nd30: "Phụ lục I: căn cứ ghi tên loại, số, ký hiệu, cơ quan ban hành, ngày tháng năm, trích yếu; luật, pháp lệnh chỉ ghi tên loại và tên" },
    Rule { id: "ND30-KG-01", severity: Error, title: "Kính gửi chỉ dùng cho công văn, tờ trình, báo cáo gửi cấp trên", nd30: "Phụ lục I: \"Kính gửi\" dùng cho tờ trình, báo cáo gửi cấp trên và công văn" },
    Rule { id: "ND30-NN-01", severity: Error, title: "\"Như trên\" trong Nơi nhận chỉ khi có nơi nhận ở trên (Kính gửi, công điện, giấy giới thiệu)", nd30: "Phụ lục I: Nơi nhận của văn bản có Kính gửi bắt đầu bằng \"- Như trên;\"" },
    Rule { id: "ND30-NN-02", severity: Error, title: "Nơi nhận kết thúc bằng dòng Lưu bắt đầu bằng VT", nd30: "Phụ lục I: dòng cuối \"- Lưu: VT, <đơn vị soạn thảo> <số bản>.\"" },
    Rule { id: "ND30-NN-05", severity: Error, title: "\"Như Điều …\" trong Nơi nhận chỉ tới một Điều có trong văn bản", nd30: "Mẫu 1.2: Nơi nhận của quyết định ghi \"- Như Điều …;\" (các Điều giao thi hành)" },
    Rule { id: "ND30-NN-03", severity: Warning, title: "không lặp nơi nhận trong Kính gửi hoặc Nơi nhận", nd30: "mỗi nơi nhận ghi một lần" },
    Rule { id: "ND30-NN-04", severity: Warning, title: "đơn vị được giao nhiệm vụ có trong Kính gửi (hoặc thuộc một nhóm ở đó)", nd30: "văn bản giao nhiệm vụ phải gửi tới đơn vị thực hiện" },
    Rule { id: "ND30-DC-01", severity: Warning, title: "không tự gõ dấu câu mà vanban tự thêm (\";\", \".\", \"./.\")", nd30: "Phụ lục I: \";\" cuối mỗi nơi nhận, \".\" cuối dòng cuối; \"./.\" cuối nội dung" },
    Rule { id: "ND30-VH-01", severity: Warning, title: "viết hoa tên cơ quan, loại văn bản và thành phần văn bản (danh sách chọn lọc)", nd30: "Phụ lục II: viết hoa tên cơ quan, \"Nghị định số\", \"Điều 5\" nhưng \"khoản 2\", \"điểm a\"" },
    Rule { id: "ND30-DA-01", severity: Warning, title: "một kiểu đặt dấu thanh trong cả văn bản (\"hòa\" hay \"hoà\")", nd30: "văn bản NĐ 30 viết \"HÒA\", \"Ủy\" (dấu trên nguyên âm chính)" },
    Rule { id: "ND30-MA-01", severity: Error, title: "văn bản bảng mã cũ (TCVN3, VNI) phải chuyển sang Unicode", nd30: "Phụ lục I: phông chữ tiếng Việt bộ mã Unicode theo TCVN 6909:2001" },
    Rule { id: "ND30-KT-01", severity: Warning, title: "không có ký tự ẩn (zero-width, tab, dấu cách không ngắt)", nd30: "ký tự ẩn làm sai tìm kiếm và trình bày" },
];

fn rule(id: &str) -> &'static Rule {
    RULES.iter().find(|r| r.id == id).expect("known rule")
}

/// Options of the checks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// How many days after today an issue date may be.
    pub future_days: i64,
    /// Tone-mark style: `true` = "hòa, ủy" (ND30's own), `false` = "hoà, uỷ".
    pub new_tone_style: bool,
    /// "Today", for the future-date rule.
    pub today: NaiveDate,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            future_days: 30,
            new_tone_style: true,
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// Collects diagnostics for one file.
struct Ctx<'a> {
    src: &'a SourceFile,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn emit(
        &mut self,
        id: &'static str,
        pos: Pos,
        field: &str,
        message: String,
        fix: Option<String>,
    ) {
        let r = rule(id);
        let mut d = self.src.error(pos, message).code(id).field(field);
        d.severity = r.severity;
        d = d.hint(format!("ND30: {}", r.nd30));
        if let Some(f) = fix {
            d = d.hint(format!("sửa: {f}"));
        }
        self.out.push(d);
    }
}

/// A text of the YAML with its place.
struct Text<'a> {
    field: String,
    pos: Pos,
    text: &'a str,
}

/// Every user text of the document, with positions.
fn texts(raw: &RawDocument) -> Vec<Text<'_>> {
    let mut v = Vec::new();
    let at = located;
    if let Some(a) = &raw.co_quan {
        v.push(at("co_quan.ten", &a.value.ten));
        if let Some(p) = &a.value.chu_quan {
            v.push(at("co_quan.chu_quan.ten", &p.ten));
        }
    }
    v.push(at("dia_danh", &raw.dia_danh));
    if let Some(t) = &raw.tham_quyen {
        v.push(at("tham_quyen", t));
    }
    for g in &raw.can_cu {
        v.push(at("can_cu", g));
    }
    if let Some(t) = &raw.theo_de_nghi {
        v.push(at("theo_de_nghi", t));
    }
    article_texts(&raw.dieu, "dieu", &mut v);
    chapter_texts(&raw.chuong, "chuong", &mut v);
    for d in &raw.phan {
        v.push(at("phan.tieu_de", &d.value.tieu_de));
        for p in &d.value.doan {
            v.push(at("phan.doan", p));
        }
        part_texts(&d.value.muc, "phan.muc", &mut v);
    }
    for (field, a) in raw
        .van_ban_kem_theo
        .iter()
        .map(|a| ("van_ban_kem_theo", a))
        .chain(raw.phu_luc.iter().map(|a| ("phu_luc", a)))
    {
        let a = &a.value;
        v.push(at(&format!("{field}.tieu_de"), &a.tieu_de));
        for p in &a.doan {
            v.push(at(&format!("{field}.doan"), p));
        }
        article_texts(&a.dieu, &format!("{field}.dieu"), &mut v);
        chapter_texts(&a.chuong, &format!("{field}.chuong"), &mut v);
        part_texts(&a.muc, &format!("{field}.muc"), &mut v);
        if let Some(t) = &a.bang {
            grid_texts(t, &format!("{field}.bang"), &mut v);
        }
        block_texts(&a.noi_dung, &format!("{field}.noi_dung"), &mut v);
    }
    if let Some(t) = &raw.trich_yeu {
        v.push(at("trich_yeu", t));
    }
    if let Some(k) = &raw.kinh_gui {
        let pos = Pos::of(&k.referenced);
        match &k.value {
            OneOrMany::One(s) => v.push(Text {
                field: "kinh_gui".into(),
                pos,
                text: s,
            }),
            OneOrMany::Many(items) => {
                for s in items {
                    v.push(Text {
                        field: "kinh_gui".into(),
                        pos,
                        text: s,
                    });
                }
            }
        }
    }
    if let Some(g) = &raw.giay_moi {
        let g = &g.value;
        for x in g.kinh_moi.value.as_slice() {
            v.push(Text {
                field: "giay_moi.kinh_moi".into(),
                pos: Pos::of(&g.kinh_moi.referenced),
                text: x,
            });
        }
        for (f, l) in [
            ("giay_moi.toi_du", &g.toi_du),
            ("giay_moi.thoi_gian", &g.thoi_gian),
            ("giay_moi.dia_diem", &g.dia_diem),
        ] {
            v.push(at(f, l));
        }
        if let Some(ch) = &g.chu_tri {
            v.push(at("giay_moi.chu_tri", ch));
        }
        for p in &g.luu_y {
            v.push(at("mo_dau", p));
        }
    }
    part_texts(&raw.muc, "muc", &mut v);
    for p in &raw.mo_dau {
        v.push(at("mo_dau", p));
    }
    for s in &raw.phan_cong {
        v.push(at("phan_cong.don_vi", &s.value.don_vi));
        for p in &s.value.doan {
            v.push(at("phan_cong.doan", p));
        }
        for t in &s.value.nhiem_vu {
            match &t.value {
                StrOr::Str(x) => v.push(Text {
                    field: "phan_cong.nhiem_vu".into(),
                    pos: Pos::of(&t.referenced),
                    text: x,
                }),
                StrOr::Map(m) => v.push(at("phan_cong.nhiem_vu.noi_dung", &m.noi_dung)),
            }
        }
    }
    if let Some(t) = &raw.bang {
        grid_texts(t, "bang", &mut v);
    }
    block_texts(&raw.noi_dung, "noi_dung", &mut v);
    for p in &raw.ket_luan {
        v.push(at("ket_luan", p));
    }
    for s in raw.nguoi_ky.value.as_slice() {
        for x in s.ho_ten.value.as_slice() {
            v.push(Text {
                field: "nguoi_ky.ho_ten".into(),
                pos: Pos::of(&s.ho_ten.referenced),
                text: x,
            });
        }
        if let Some(q) = &s.quyen_han {
            if let OneOrMany::Many(lines) = &q.value {
                for x in lines {
                    v.push(Text {
                        field: "nguoi_ky.quyen_han".into(),
                        pos: Pos::of(&q.referenced),
                        text: x,
                    });
                }
            }
        }
        for (f, x) in [
            ("nguoi_ky.thu_truong", &s.thu_truong),
            ("nguoi_ky.chuc_vu", &s.chuc_vu),
        ] {
            if let Some(x) = x {
                v.push(at(f, x));
            }
        }
    }
    for r in &raw.noi_nhan {
        match &r.value {
            StrOr::Str(x) => v.push(Text {
                field: "noi_nhan".into(),
                pos: Pos::of(&r.referenced),
                text: x,
            }),
            StrOr::Map(g) => {
                v.push(at("noi_nhan.ten", &g.ten));
                for m in &g.gom {
                    v.push(at("noi_nhan.gom", m));
                }
                if let Some(l) = &g.luu {
                    v.push(at("noi_nhan.luu", l));
                }
            }
        }
    }
    if let Some(l) = &raw.luu {
        v.push(at("luu", l));
    }
    v
}

/// The texts of body blocks, depth first.
fn block_texts<'a>(list: &'a RawBlocks, field: &str, v: &mut Vec<Text<'a>>) {
    for item in list {
        let pos = Pos::of(&item.referenced);
        let b = match &item.value {
            StrOr::Str(x) => {
                v.push(Text {
                    field: field.into(),
                    pos,
                    text: x,
                });
                continue;
            }
            StrOr::Map(b) => b,
        };
        for (key, l) in [
            ("doan", &b.doan),
            ("truong", &b.truong),
            ("ghi_chu", &b.ghi_chu),
            ("tieu_de", &b.tieu_de),
            ("chu_thich", &b.chu_thich),
        ] {
            if let Some(l) = l {
                v.push(located(&format!("{field}.{key}"), l));
            }
        }
        let leads = [
            ("phan", &b.phan),
            ("chuong", &b.chuong),
            ("muc", &b.muc),
            ("tieu_muc", &b.tieu_muc),
            ("dieu", &b.dieu),
            ("khoan", &b.khoan),
            ("tieu_khoan", &b.tieu_khoan),
            ("diem", &b.diem),
            ("gach", &b.gach),
            ("cong", &b.cong),
            ("nhiem_vu", &b.nhiem_vu),
            ("noi_dung", &b.noi_dung),
        ];
        for (key, l) in leads {
            let Some(l) = l else { continue };
            let f = format!("{field}.{key}");
            match &l.value {
                Lead::Text(x) => v.push(Text {
                    field: f,
                    pos: Pos::of(&l.referenced),
                    text: x,
                }),
                Lead::Blocks(list) => block_texts(list, &f, v),
                Lead::Empty => {}
            }
        }
        if let Some(t) = &b.bang {
            grid_texts(t, &format!("{field}.bang"), v);
        }
    }
}

/// The texts of a table: column names and cells.
fn grid_texts<'a>(t: &'a Located<RawGrid>, field: &str, v: &mut Vec<Text<'a>>) {
    let cell = |c: &'a Located<StrOr<RawCell>>, f: &str, v: &mut Vec<Text<'a>>| match &c.value {
        StrOr::Str(x) => v.push(Text {
            field: f.into(),
            pos: Pos::of(&c.referenced),
            text: x,
        }),
        StrOr::Map(m) => match m.o.as_ref().map(|o| &o.value) {
            Some(Lead::Text(x)) => v.push(Text {
                field: f.into(),
                pos: Pos::of(&c.referenced),
                text: x,
            }),
            Some(Lead::Blocks(list)) => block_texts(list, f, v),
            _ => {}
        },
    };
    for c in &t.value.cot {
        match &c.value {
            StrOr::Str(x) => v.push(Text {
                field: format!("{field}.cot"),
                pos: Pos::of(&c.referenced),
                text: x,
            }),
            StrOr::Map(m) => v.push(located(&format!("{field}.cot"), &m.ten)),
        }
    }
    for r in &t.value.tieu_de {
        for c in &r.value {
            cell(c, &format!("{field}.tieu_de"), v);
        }
    }
    for r in &t.value.dong {
        match &r.value {
            RawRow::Cells(cells) => {
                for c in cells {
                    cell(c, &format!("{field}.dong"), v);
                }
            }
            RawRow::Special(sp) => {
                if let Some(g) = &sp.nhom {
                    v.push(located(&format!("{field}.dong.nhom"), g));
                }
                if let Some(t) = &sp.tong {
                    for c in &t.value {
                        cell(c, &format!("{field}.dong.tong"), v);
                    }
                }
            }
        }
    }
}

/// The texts of clauses (khoản) and their points (điểm).
fn located<'a>(field: &str, l: &'a Located<String>) -> Text<'a> {
    Text {
        field: field.to_string(),
        pos: Pos::of(&l.referenced),
        text: l.value.as_str(),
    }
}

fn article_texts<'a>(list: &'a [Located<RawArticle>], field: &str, v: &mut Vec<Text<'a>>) {
    for a in list {
        if let Some(t) = &a.value.tieu_de {
            v.push(located(&format!("{field}.tieu_de"), t));
        }
        for p in &a.value.noi_dung {
            v.push(located(&format!("{field}.noi_dung"), p));
        }
        clause_texts(&a.value.khoan, &format!("{field}.khoan"), v);
    }
}

fn chapter_texts<'a>(list: &'a [Located<RawChapter>], field: &str, v: &mut Vec<Text<'a>>) {
    fn sub<'a>(s: &'a Located<RawSubdivision>, field: &str, v: &mut Vec<Text<'a>>) {
        v.push(located(&format!("{field}.tieu_de"), &s.value.tieu_de));
        article_texts(&s.value.dieu, &format!("{field}.dieu"), v);
        for t in &s.value.tieu_muc {
            sub(t, &format!("{field}.tieu_muc"), v);
        }
    }
    for ch in list {
        v.push(located(&format!("{field}.tieu_de"), &ch.value.tieu_de));
        article_texts(&ch.value.dieu, &format!("{field}.dieu"), v);
        for m in &ch.value.muc {
            sub(m, &format!("{field}.muc"), v);
        }
    }
}

fn part_texts<'a>(list: &'a [Located<RawPart>], field: &str, v: &mut Vec<Text<'a>>) {
    for m in list {
        v.push(located(&format!("{field}.tieu_de"), &m.value.tieu_de));
        for p in &m.value.doan {
            v.push(located(&format!("{field}.doan"), p));
        }
        clause_texts(&m.value.khoan, &format!("{field}.khoan"), v);
    }
}

fn clause_texts<'a>(list: &'a [Located<StrOr<RawClause>>], field: &str, v: &mut Vec<Text<'a>>) {
    for k in list {
        match &k.value {
            StrOr::Str(x) => v.push(Text {
                field: field.into(),
                pos: Pos::of(&k.referenced),
                text: x,
            }),
            StrOr::Map(m) => {
                for l in std::iter::once(&m.noi_dung).chain(&m.diem) {
                    v.push(Text {
                        field: field.into(),
                        pos: Pos::of(&l.referenced),
                        text: &l.value,
                    });
                }
            }
        }
    }
}

/// The position of `needle` in the source at or after `from`, for list
/// items that have no position of their own.
fn find_after(src: &SourceFile, from: Pos, needle: &str) -> Pos {
    for (i, line) in src
        .text
        .lines()
        .enumerate()
        .skip(from.line.saturating_sub(1))
    {
        if let Some(c) = line.find(needle) {
            return Pos::new(i + 1, line[..c].chars().count() + 1);
        }
    }
    from
}

/// Run every rule on a parsed, validated document.
pub fn check(
    src: &SourceFile,
    raw: &RawDocument,
    doc: &Document,
    opts: &CheckOptions,
) -> Vec<Diagnostic> {
    let mut c = Ctx {
        src,
        out: Vec::new(),
    };
    let all = texts(raw);
    signer_rules(&mut c, raw, doc);
    symbol_rules(&mut c, raw);
    date_rules(&mut c, raw, doc, &all, opts);
    recipient_rules(&mut c, raw, doc);
    text_rules(&mut c, &all, opts);
    c.out
}

const PERSONAL_TITLES: &[&str] = &[
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "CHÁNH VĂN PHÒNG",
    "TRƯỞNG BAN",
    "TRƯỞNG PHÒNG",
    "HIỆU TRƯỞNG",
    "TỔNG GIÁM ĐỐC",
    "THỦ TRƯỞNG",
    "CHÁNH ÁN",
    "VIỆN TRƯỞNG",
    "BÍ THƯ",
    "TỔNG CỤC TRƯỞNG",
];

const ACADEMIC: &[&str] = &[
    "GS.",
    "GS.TS",
    "PGS.",
    "PGS.TS",
    "TS.",
    "ThS.",
    "ThS ",
    "TS ",
    "KS.",
    "BS.",
    "CN.",
    "NCS.",
    "Giáo sư",
    "Phó Giáo sư",
    "Tiến sĩ",
    "Thạc sĩ",
    "Kỹ sư",
    "Bác sĩ",
    "Cử nhân",
];

fn signer_rules(c: &mut Ctx, raw: &RawDocument, doc: &Document) {
    let s = doc.signer();
    let Some(signer) = raw.main_signer() else {
        return;
    };
    let pos = |l: &Option<Located<String>>| l.as_ref().map(|l| Pos::of(&l.referenced));
    let head_pos = pos(&signer.thu_truong).unwrap_or(Pos::of(&signer.ho_ten.referenced));
    let same = s.head.is_some() && s.head == s.title;
    match s.authority {
        Some(Authority::Kt) if same => c.emit(
            "ND30-KY-01",
            head_pos,
            "nguoi_ky.chuc_vu",
            format!("người ký thay (KT.) ghi cùng một chức vụ \"{}\" cho người đứng đầu và cho mình", s.title.clone().unwrap_or_default()),
            Some("`thu_truong: CHỦ TỊCH`, `chuc_vu: PHÓ CHỦ TỊCH`".into()),
        ),
        Some(Authority::Tl | Authority::Tuq) if same => c.emit(
            "ND30-KY-03",
            head_pos,
            "nguoi_ky.chuc_vu",
            "người ký thừa lệnh/thừa ủy quyền phải ghi chức vụ của mình, khác chức vụ người đứng đầu".into(),
            Some("`thu_truong: CHỦ TỊCH`, `chuc_vu: CHÁNH VĂN PHÒNG`".into()),
        ),
        Some(Authority::Tm) => {
            let head = s.head.clone().unwrap_or_default();
            if PERSONAL_TITLES.iter().any(|t| head == *t) {
                c.emit(
                    "ND30-KY-02",
                    head_pos,
                    "nguoi_ky.thu_truong",
                    format!("\"TM.\" đứng trước tên tập thể, không trước chức vụ \"{head}\""),
                    Some("`thu_truong: ỦY BAN NHÂN DÂN`, `chuc_vu: CHỦ TỊCH`; hoặc dùng KT. nếu cấp phó ký thay".into()),
                );
            }
        }
        _ => {}
    }
    for s in raw.nguoi_ky.value.as_slice() {
        for name in s.ho_ten.value.as_slice() {
            let name = name.trim();
            if let Some(t) = ACADEMIC.iter().find(|t| name.starts_with(*t)) {
                let bare = name[t.len()..].trim_start_matches(['.', ' ']).trim();
                c.emit(
                    "ND30-KY-04",
                    Pos::of(&s.ho_ten.referenced),
                    "nguoi_ky.ho_ten",
                    format!("họ tên người ký có học hàm, học vị \"{}\"", t.trim()),
                    Some(format!("`ho_ten: {bare}`")),
                );
            }
        }
    }
}

fn symbol_rules(c: &mut Ctx, raw: &RawDocument) {
    let mut check = |l: &Located<String>, field: &str| {
        let v = l.value.trim();
        if v.chars().any(char::is_lowercase) {
            c.emit(
                "ND30-SO-01",
                Pos::of(&l.referenced),
                field,
                format!("chữ viết tắt \"{v}\" có chữ thường"),
                Some(format!("`{}`", v.to_uppercase())),
            );
        }
    };
    if let Some(a) = raw.co_quan.as_ref().and_then(|a| a.value.viet_tat.as_ref()) {
        check(a, "co_quan.viet_tat");
    }
    if let Some(u) = &raw.don_vi_soan_thao {
        check(u, "don_vi_soan_thao");
    }
}

/// Dates written in running text: (byte offset, length, date, as typed),
/// both "15/3/2024" and "ngày 19 tháng 6 năm 2015" (the long form is not
/// checked for zeros).
fn text_dates(s: &str) -> Vec<(usize, usize, NaiveDate, String)> {
    let mut out = short_dates(s);
    let mut from = 0;
    while let Some(i) = s[from..].find("ngày ") {
        let at = from + i;
        let rest = &s[at + "ngày ".len()..];
        let words: Vec<&str> = rest.split_whitespace().take(5).collect();
        if words.len() == 5 && words[1] == "tháng" && words[3] == "năm" {
            let num = |w: &str| w.trim_end_matches([',', '.', ';', ')']).parse::<u32>().ok();
            if let (Some(d), Some(m), Some(y)) = (num(words[0]), num(words[2]), num(words[4])) {
                if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    // Offset of the day number, so that "ngày" precedes it.
                    let day_at = at + "ngày ".len();
                    out.push((day_at, 0, date, String::new()));
                }
            }
        }
        from = at + "ngày ".len();
    }
    out
}

fn short_dates(s: &str) -> Vec<(usize, usize, NaiveDate, String)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit() && b[i - 1] != b'/') {
            let start = i;
            let mut parts = Vec::new();
            let mut j = i;
            loop {
                let k = j;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                if j == k || j - k > 4 {
                    break;
                }
                parts.push(&s[k..j]);
                if parts.len() == 3 || j >= b.len() || b[j] != b'/' {
                    break;
                }
                j += 1;
            }
            if parts.len() == 3
                && parts[2].len() == 4
                && (j >= b.len() || !b[j].is_ascii_alphanumeric() && b[j] != b'/')
            {
                let num = |p: &str| p.parse::<u32>().ok();
                if let (Some(d), Some(m), Some(y)) = (num(parts[0]), num(parts[1]), num(parts[2])) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                        out.push((start, j - start, date, s[start..j].to_string()));
                    }
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn date_rules(c: &mut Ctx, raw: &RawDocument, doc: &Document, all: &[Text], opts: &CheckOptions) {
    let date_pos = Pos::of(&raw.ngay.referenced);
    if let Some(issued) = doc.date.full() {
        let days = (issued - opts.today).num_days();
        if days > opts.future_days {
            c.emit(
                "ND30-NG-01",
                date_pos,
                "ngay",
                format!(
                    "ngày ban hành {} là {days} ngày sau hôm nay",
                    crate::text::vn::short_date(issued)
                ),
                Some("kiểm tra năm và tháng; bản dự thảo có thể để `ngay: YYYY-MM`".into()),
            );
        }
        for t in all.iter().filter(|t| {
            matches!(
                t.field.as_str(),
                "can_cu"
                    | "mo_dau"
                    | "dieu.noi_dung"
                    | "dieu.khoan"
                    | "muc.doan"
                    | "muc.khoan"
                    | "ket_luan"
                    | "phan_cong.doan"
                    | "phan_cong.nhiem_vu"
                    | "phan_cong.nhiem_vu.noi_dung"
            )
        }) {
            for (at, _, d, typed) in text_dates(t.text) {
                // Only the date of a cited document: "… số 32/2024/NĐ-CP ngày 15/3/2024".
                let before: Vec<&str> = t.text[..at].split_whitespace().rev().take(2).collect();
                let cites = before.first() == Some(&"ngày")
                    && before.get(1).is_some_and(|w| w.contains('/'));
                if cites && d > issued {
                    let typed = if typed.is_empty() {
                        crate::text::vn::short_date(d)
                    } else {
                        typed
                    };
                    let pos = find_after(c.src, t.pos, &typed);
                    c.emit(
                        "ND30-NG-02",
                        pos,
                        &t.field,
                        format!(
                            "ngày {typed} được trích dẫn sau ngày ban hành {}",
                            crate::text::vn::short_date(issued)
                        ),
                        Some("kiểm tra ngày của văn bản được trích dẫn hoặc ngày ban hành".into()),
                    );
                }
            }
        }
        for s in &raw.phan_cong {
            for t in &s.value.nhiem_vu {
                if let StrOr::Map(m) = &t.value {
                    if let Some(h) = &m.han {
                        if let Some(d) = crate::text::vn::DocDate::parse(&h.value)
                            .ok()
                            .and_then(|d| d.full())
                        {
                            if d <= issued {
                                c.emit(
                                    "ND30-NG-03",
                                    Pos::of(&h.referenced),
                                    "phan_cong.nhiem_vu.han",
                                    format!(
                                        "hạn {} không sau ngày ban hành {}",
                                        crate::text::vn::short_date(d),
                                        crate::text::vn::short_date(issued)
                                    ),
                                    None,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    for t in all {
        for (_, _, d, typed) in text_dates(t.text) {
            let right = crate::text::vn::short_date(d);
            if !typed.is_empty() && typed != right {
                let pos = find_after(c.src, t.pos, &typed);
                c.emit(
                    "ND30-NG-04",
                    pos,
                    &t.field,
                    format!("ngày \"{typed}\" chưa theo quy tắc số 0"),
                    Some(format!("\"{right}\"")),
                );
            }
        }
    }
}

fn key(s: &str) -> String {
    crate::text::vn::strip_end_punct(&nfc(s))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a Kính gửi entry covers a unit: the same name, or a group
/// ("Các sở, cơ quan thuộc UBND tỉnh") whose words name the unit's kind.
fn covers(entry: &str, unit: &str) -> bool {
    let (e, u) = (key(entry), key(unit));
    if e == u {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (ew, uw) = (words(&e), words(&u));
    // The same words in another order: "UBND huyện, thị xã, thành phố".
    let mut a = ew.clone();
    let mut b = uw.clone();
    a.sort();
    b.sort();
    if a == b {
        return true;
    }
    if ew.first().map(String::as_str) != Some("các") {
        return false;
    }
    // The group's kinds are its words before "thuộc", "của", "trên"…:
    // "Các sở, cơ quan thuộc UBND tỉnh" → sở, cơ quan.
    let head: Vec<&String> = ew
        .iter()
        .take_while(|w| !matches!(w.as_str(), "thuộc" | "của" | "trên" | "trực" | "tại"))
        .collect();
    let first = uw.first().cloned().unwrap_or_default();
    let agencies = head.windows(2).any(|w| w[0] == "cơ" && w[1] == "quan");
    // "Các sở, cơ quan …" covers "Sở …", and every agency but the
    // people's committees ("cơ quan").
    head.contains(&&first) || (agencies && first != "ubnd" && first != "ủy")
}

fn recipient_rules(c: &mut Ctx, raw: &RawDocument, doc: &Document) {
    let kg_pos = raw.kinh_gui.as_ref().map(|k| Pos::of(&k.referenced));
    // Kính gửi is for công văn, and tờ trình and báo cáo to a higher body.
    let takes_kinh_gui = doc.kind.takes_kinh_gui();
    if let (false, Some(pos)) = (takes_kinh_gui, kg_pos) {
        c.emit(
            "ND30-KG-01",
            pos,
            "kinh_gui",
            format!("{} không dùng \"Kính gửi\"", doc.kind.name()),
            Some("chuyển các nơi nhận vào `noi_nhan`".into()),
        );
    }

    let nn_pos = |i: usize| {
        raw.noi_nhan
            .get(i)
            .map(|r| Pos::of(&r.referenced))
            .unwrap_or(Pos::new(1, 1))
    };

    // Căn cứ: a document is cited by number and date; a law by its name.
    for g in &raw.can_cu {
        let t = nfc(&g.value);
        let lower = t.to_lowercase();
        let law = ["luật", "bộ luật", "pháp lệnh", "hiến pháp"]
            .iter()
            .any(|w| strip_can_cu(&lower).starts_with(w));
        let has_number = lower.contains("số ") && t.contains('/');
        let has_date = lower.contains("ngày ");
        if !(law || has_number && has_date) {
            let missing = if has_number {
                "ngày ban hành"
            } else {
                "số, ký hiệu"
            };
            c.emit(
                "ND30-CC-01",
                Pos::of(&g.referenced),
                "can_cu",
                format!(
                    "căn cứ \"{}\" chưa nêu {missing}",
                    t.chars().take(60).collect::<String>()
                ),
                Some(
                    "ví dụ: \"Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ về …\""
                        .into(),
                ),
            );
        }
    }

    // "Như Điều 3" must name an Điều of the document.
    for (i, r) in doc.recipients.iter().enumerate() {
        if let Recipient::Single(s) = r {
            if let Some(rest) = s.strip_prefix("Như Điều") {
                let nums: Vec<usize> = rest
                    .split(|ch: char| !ch.is_ascii_digit())
                    .filter_map(|n| n.parse().ok())
                    .collect();
                for n in nums
                    .iter()
                    .filter(|n| **n == 0 || **n > crate::model::body::articles(&doc.body).len())
                {
                    c.emit(
                        "ND30-NN-05",
                        nn_pos(i),
                        "noi_nhan",
                        format!(
                            "\"{s}\": văn bản không có Điều {n} (có {} Điều)",
                            crate::model::body::articles(&doc.body).len()
                        ),
                        Some("sửa số Điều, hoặc ghi tên nơi nhận".into()),
                    );
                }
            }
        }
    }
    for (i, r) in doc.recipients.iter().enumerate() {
        if let Recipient::Single(s) = r {
            // "Như trên" points at the addressees above: Kính gửi, a công
            // điện's list, a giấy giới thiệu's "Được cử đến" (Mẫu 1.8).
            let above =
                !doc.addressees.is_empty() || doc.telegram.is_some() || doc.introduction.is_some();
            if key(s) == "như trên" && !above {
                c.emit(
                    "ND30-NN-01",
                    nn_pos(i),
                    "noi_nhan",
                    "\"Như trên\" nhưng văn bản không có Kính gửi".into(),
                    Some("bỏ \"Như trên\" và ghi tên từng nơi nhận".into()),
                );
            }
        }
    }

    // The Lưu line: present, last, starting with VT.
    let group_archive = doc.recipients.iter().rev().find_map(|r| match r {
        Recipient::Group {
            archive: Some(a), ..
        } => Some(a.clone()),
        _ => None,
    });
    let archive = doc.archive.clone().or(group_archive);
    let luu_pos = raw
        .luu
        .as_ref()
        .map(|l| Pos::of(&l.referenced))
        .unwrap_or_else(|| nn_pos(raw.noi_nhan.len().saturating_sub(1)));
    // A joint biên bản has no Nơi nhận at all (each party keeps a copy).
    let joint = doc.issuer.lines.is_empty() && doc.recipients.is_empty();
    match archive {
        None if joint => {}
        None => c.emit(
            "ND30-NN-02",
            luu_pos,
            "luu",
            "Nơi nhận không có dòng \"Lưu\"".into(),
            Some(format!(
                "thêm `luu: VT, {}`",
                doc.drafting_unit
                    .clone()
                    .unwrap_or_else(|| "<đơn vị soạn thảo>".into())
            )),
        ),
        Some(a) if !a.trim_start().starts_with("VT") => c.emit(
            "ND30-NN-02",
            luu_pos,
            "luu",
            format!("dòng Lưu \"{a}\" không bắt đầu bằng VT (Văn thư)"),
            Some(format!("`luu: VT, {a}`")),
        ),
        _ => {}
    }

    // Duplicates.
    let mut seen: Vec<String> = Vec::new();
    for a in &doc.addressees {
        let k = key(a);
        if seen.contains(&k) {
            let pos = find_after(c.src, kg_pos.unwrap_or_default(), a);
            c.emit(
                "ND30-NN-03",
                pos,
                "kinh_gui",
                format!("\"{a}\" ghi hai lần trong Kính gửi"),
                Some("bỏ dòng lặp".into()),
            );
        }
        seen.push(k);
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, r) in doc.recipients.iter().enumerate() {
        let names: Vec<&String> = match r {
            Recipient::Single(s) => vec![s],
            Recipient::Group { name, members, .. } => {
                std::iter::once(name).chain(members.iter()).collect()
            }
        };
        for n in names {
            let k = key(n);
            if seen.contains(&k) {
                let pos = find_after(c.src, nn_pos(i), n);
                c.emit(
                    "ND30-NN-03",
                    pos,
                    "noi_nhan",
                    format!("\"{n}\" ghi hai lần trong Nơi nhận"),
                    Some("bỏ dòng lặp".into()),
                );
            }
            seen.push(k);
        }
    }

    // Every assignee is addressed.
    if !doc.addressees.is_empty() {
        for (si, s) in doc.task_sections().iter().enumerate() {
            let spos = raw
                .phan_cong
                .get(si)
                .map(|s| Pos::of(&s.value.don_vi.referenced))
                .unwrap_or_else(|| find_after(c.src, Pos::new(1, 1), &s.assignee));
            let mut units = vec![(s.assignee.clone(), spos)];
            for (ti, t) in s.tasks.iter().enumerate() {
                let tpos = raw
                    .phan_cong
                    .get(si)
                    .and_then(|s| s.value.nhiem_vu.get(ti))
                    .map(|t| Pos::of(&t.referenced))
                    .unwrap_or(spos);
                units.extend(
                    t.units
                        .iter()
                        .map(|u| (u.clone(), find_after(c.src, tpos, u))),
                );
            }
            for (u, pos) in units {
                if !doc.addressees.iter().any(|a| covers(a, &u)) {
                    c.emit(
                        "ND30-NN-04",
                        pos,
                        "phan_cong.don_vi",
                        format!("\"{u}\" được giao nhiệm vụ nhưng không có trong Kính gửi"),
                        Some(format!("thêm \"{u}\" vào `kinh_gui`")),
                    );
                }
            }
        }
    }

    // Punctuation the tool adds.
    let typed_end = |s: &str| s.trim_end().ends_with([';', '.', ',']);
    if let Some(k) = &raw.kinh_gui {
        // A line in brackets is a note; one addressee keeps its "." (F1).
        let items: Vec<&String> = k
            .value
            .as_slice()
            .iter()
            .filter(|s| !s.trim_start().starts_with('('))
            .collect();
        let single = items.len() == 1;
        let typed = |s: &str| {
            if single {
                s.trim_end().ends_with([';', ','])
            } else {
                typed_end(s)
            }
        };
        for s in items.into_iter().filter(|s| typed(s)) {
            let pos = find_after(c.src, Pos::of(&k.referenced), s.trim_end());
            c.emit(
                "ND30-DC-01",
                pos,
                "kinh_gui",
                format!(
                    "\"{}\" đã có dấu câu ở cuối; vanban tự thêm \";\" và \".\"",
                    s.trim()
                ),
                Some(format!("\"{}\"", crate::text::vn::strip_end_punct(s))),
            );
        }
    }
    for r in &raw.noi_nhan {
        if let StrOr::Str(s) = &r.value {
            if typed_end(s) {
                c.emit(
                    "ND30-DC-01",
                    Pos::of(&r.referenced),
                    "noi_nhan",
                    format!(
                        "\"{}\" đã có dấu câu ở cuối; vanban tự thêm \";\" và \".\"",
                        s.trim()
                    ),
                    Some(format!("\"{}\"", crate::text::vn::strip_end_punct(s))),
                );
            }
        }
    }
    // "./." is the tool's: one typed anywhere is dropped, never doubled.
    for t in texts(raw) {
        if t.text.trim_end().ends_with("./.") {
            let pos = find_after(c.src, t.pos, "./.");
            c.emit(
                "ND30-DC-01",
                pos,
                &t.field,
                "đoạn văn đã có \"./.\"; vanban tự thêm dấu kết thúc ở cuối nội dung (đã bỏ dấu gõ tay)".into(),
                Some("bỏ \"./.\" ở cuối; chỗ đặt dấu chọn bằng `dau_ket`".into()),
            );
        }
    }
}

fn strip_can_cu(s: &str) -> &str {
    s.trim().strip_prefix("căn cứ ").unwrap_or(s.trim())
}

/// Capitalisation pairs (Phụ lục II), wrong → right, matched as words.
const CAPS: &[(&str, &str)] = &[
    ("Ủy Ban Nhân Dân", "Ủy ban nhân dân"),
    ("Uỷ Ban Nhân Dân", "Ủy ban nhân dân"),
    ("Hội Đồng Nhân Dân", "Hội đồng nhân dân"),
    ("Sở Tài Chính", "Sở Tài chính"),
    ("Sở Nội Vụ", "Sở Nội vụ"),
    ("Sở Tư Pháp", "Sở Tư pháp"),
    ("Sở Xây Dựng", "Sở Xây dựng"),
    ("Sở Kế Hoạch và Đầu Tư", "Sở Kế hoạch và Đầu tư"),
    ("Sở Tài Nguyên và Môi Trường", "Sở Tài nguyên và Môi trường"),
    (
        "Sở Thông Tin và Truyền Thông",
        "Sở Thông tin và Truyền thông",
    ),
    ("Bộ Nội Vụ", "Bộ Nội vụ"),
    ("Bộ Tài Chính", "Bộ Tài chính"),
    ("Chính Phủ", "Chính phủ"),
    ("Thủ Tướng Chính Phủ", "Thủ tướng Chính phủ"),
    ("thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ("nghị định số", "Nghị định số"),
    ("thông tư số", "Thông tư số"),
    ("quyết định số", "Quyết định số"),
    ("Nghị Định số", "Nghị định số"),
    ("Thông Tư số", "Thông tư số"),
    ("Quyết Định số", "Quyết định số"),
    ("Công Văn số", "Công văn số"),
];

/// Old-style tone placement ("hoà") and the ND30 style ("hòa").
fn tone_pairs() -> Vec<(String, String)> {
    let tones = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
    let mut v = Vec::new();
    for (a, b) in [('o', 'a'), ('o', 'e'), ('u', 'y')] {
        for t in tones {
            let old = nfc(&format!("{a}{b}{t}"));
            let new = nfc(&format!("{a}{t}{b}"));
            v.push((old, new));
        }
    }
    v
}

fn text_rules(c: &mut Ctx, all: &[Text], opts: &CheckOptions) {
    let pairs = tone_pairs();
    for t in all {
        // Legacy encodings first: nothing else makes sense in such text.
        if let Some(enc) = legacy::detect(t.text) {
            let fixed = legacy::convert(t.text, enc);
            c.emit(
                "ND30-MA-01",
                t.pos,
                &t.field,
                format!(
                    "văn bản gõ bằng bảng mã {}: \"{}\"",
                    enc.name(),
                    t.text.chars().take(40).collect::<String>()
                ),
                Some(format!(
                    "chạy `vanban check --fix` để chuyển sang Unicode: \"{}\"",
                    fixed.chars().take(40).collect::<String>()
                )),
            );
            continue;
        }
        for (i, ch) in t.text.char_indices() {
            let name = match ch {
                '\u{200b}' => "dấu cách rộng 0 (U+200B)",
                '\u{200c}' | '\u{200d}' => "ký tự nối rộng 0",
                '\u{2060}' | '\u{feff}' => "ký tự ẩn (U+2060/U+FEFF)",
                '\u{ad}' => "dấu gạch nối mềm (U+00AD)",
                '\t' => "phím Tab",
                '\u{a0}' => "dấu cách không ngắt (U+00A0)",
                _ => continue,
            };
            let line_pos = find_after(c.src, t.pos, &t.text[i..i + ch.len_utf8()]);
            c.emit(
                "ND30-KT-01",
                line_pos,
                &t.field,
                format!("có {name} trong văn bản"),
                Some("xóa hoặc thay bằng một dấu cách thường".into()),
            );
            break;
        }
        let text = nfc(t.text);
        for (wrong, right) in CAPS {
            if find_word(&text, wrong).is_some() {
                let pos = find_after(c.src, t.pos, wrong);
                c.emit(
                    "ND30-VH-01",
                    pos,
                    &t.field,
                    format!("\"{wrong}\" viết hoa chưa đúng"),
                    Some(format!("\"{right}\"")),
                );
            }
        }
        for (word, right) in structure_caps(&text) {
            let pos = find_after(c.src, t.pos, &word);
            c.emit(
                "ND30-VH-01",
                pos,
                &t.field,
                format!("\"{word}\" viết hoa chưa đúng"),
                Some(format!("\"{right}\"")),
            );
        }
        for w in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            let lw = w.to_lowercase();
            if lw.starts_with("qu") || lw.starts_with("gi") {
                continue;
            }
            for (old, new) in &pairs {
                let (wrong, right) = if opts.new_tone_style {
                    (old, new)
                } else {
                    (new, old)
                };
                if lw.ends_with(wrong.as_str()) {
                    let fixed = format!("{}{}", &w[..w.len() - wrong.len()], right);
                    let pos = find_after(c.src, t.pos, w);
                    let style = if opts.new_tone_style {
                        "\"hòa\", \"ủy\" (như văn bản NĐ 30)"
                    } else {
                        "\"hoà\", \"uỷ\""
                    };
                    c.emit(
                        "ND30-DA-01",
                        pos,
                        &t.field,
                        format!("\"{w}\" đặt dấu khác kiểu đã chọn: {style}"),
                        Some(format!("\"{fixed}\"")),
                    );
                }
            }
        }
    }
}

/// Find `needle` as whole words in `hay`; byte offset.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().last();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// "điều 5" → "Điều 5"; "Khoản 2", "Điểm a" inside a sentence → lower case.
fn structure_caps(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let words: Vec<&str> = text.split(' ').collect();
    for i in 0..words.len().saturating_sub(1) {
        let (w, next) = (words[i], words[i + 1]);
        let num = next.chars().next().is_some_and(|c| c.is_ascii_digit());
        let letter =
            next.chars().count() <= 2 && next.chars().next().is_some_and(|c| c.is_lowercase());
        let sentence_start = i == 0 || words[i - 1].ends_with(['.', ':', ';']);
        match w {
            "điều" if num => out.push((format!("{w} {next}"), format!("Điều {next}"))),
            "Khoản" if num && !sentence_start => {
                out.push((format!("{w} {next}"), format!("khoản {next}")))
            }
            "Điểm" if letter && !sentence_start => {
                out.push((format!("{w} {next}"), format!("điểm {next}")))
            }
            _ => {}
        }
    }
    out
}

/// Convert the legacy-encoded texts of a YAML file to Unicode; returns the
/// new text and how many texts changed.
pub fn fix_legacy(src: &SourceFile, raw: &RawDocument) -> (String, usize) {
    let mut text = src.text.clone();
    let mut n = 0;
    for t in texts(raw) {
        if let Some(enc) = legacy::detect(t.text) {
            // Replace the text where it is written; YAML may have folded it,
            // so convert each source line that holds part of it.
            let fixed_whole = legacy::convert(t.text, enc);
            if text.contains(t.text) {
                text = text.replacen(t.text, &fixed_whole, 1);
            } else {
                let lines: Vec<String> = text
                    .lines()
                    .map(|l| {
                        if legacy::detect(l).is_some() {
                            legacy::convert(l, enc)
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                text = lines.join("\n") + if src.text.ends_with('\n') { "\n" } else { "" };
            }
            n += 1;
        }
    }
    (text, n)
}

/// The rules table in Markdown, for the README.
pub fn rules_markdown() -> String {
    let mut s = String::from("| mã | mức | quy tắc |\n|---|---|---|\n");
    for r in RULES {
        let sev = match r.severity {
            Error => "lỗi",
            Warning => "cảnh báo",
        };
        s.push_str(&format!("| {} | {sev} | {} |\n", r.id, r.title));
    }
    s
}
