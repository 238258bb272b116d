//! `vanban check`: the rules of Nghị định 30 a clerk most often gets wrong,
//! each with an id, run on a document before anything is printed.
//!
//! Rules read the raw YAML (for positions) and the validated document (for
//! meaning). Each diagnostic names its rule, the YAML line, what ND30 says
//! and a fix. `render` runs the same rules and refuses to write on errors.

mod codes;

pub use codes::{Code, Rule, RULES};

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::format::blocks::{Lead, RawBlocks, RawCell, RawGrid, RawRow};
use crate::format::load::SourceFile;
use crate::format::project::Project;
use crate::format::raw::{
    Located, OneOrMany, RawArticle, RawChapter, RawClause, RawDocument, RawPart, RawSubdivision,
    StrOr,
};
use crate::model::{Authority, Document, Recipient};
use crate::text::legacy;
use crate::text::vn::{self, nfc, ToneStyle};

/// Options of the checks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// How many days after today an issue date may be.
    pub future_days: i64,
    /// The tone-mark style asked on the command line; it wins over the
    /// document's `kieu_dau` and the project file's. None: as the document
    /// says, else whichever style the document uses more.
    pub tone: Option<ToneStyle>,
    /// "Today", for the future-date rule.
    pub today: NaiveDate,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            future_days: 30,
            tone: None,
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
    fn emit(&mut self, id: Code, pos: Pos, field: &str, message: String, fix: Option<String>) {
        self.out
            .push(finding(self.src, id, pos, field, message, fix));
    }
}

/// A finding of rule `id`: its severity, what ND30 says, and the fix.
pub fn finding(
    src: &SourceFile,
    id: Code,
    pos: Pos,
    field: &str,
    message: String,
    fix: Option<String>,
) -> Diagnostic {
    let r = id.rule();
    let mut d = src.error(pos, message).code(id.id()).field(field);
    d.severity = r.severity;
    d = d.hint(format!("ND30: {}", r.nd30));
    if let Some(f) = fix {
        d = d.hint(format!("sửa: {f}"));
    }
    d
}

/// Findings made outside [`check`] (from the register, by `vanban
/// check`), with the rules the document and its project file switch off
/// applied as `check` applies them. An invalid switch is reported by
/// [`check`] itself, not here again.
pub fn with_switches(
    src: &SourceFile,
    raw: &RawDocument,
    project: Option<&Project>,
    diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut c = Ctx {
        src,
        out: Vec::new(),
    };
    let off = switched_off(&mut c, raw, project);
    apply_switches(diags, &off)
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
    check_with(src, raw, doc, opts, None)
}

/// [`check`], with the project file of the document's folder: its tone
/// style and the rules it switches off.
pub fn check_with(
    src: &SourceFile,
    raw: &RawDocument,
    doc: &Document,
    opts: &CheckOptions,
    project: Option<&Project>,
) -> Vec<Diagnostic> {
    let mut c = Ctx {
        src,
        out: Vec::new(),
    };
    let all = texts(raw);
    signer_rules(&mut c, raw, doc);
    symbol_rules(&mut c, raw, doc);
    date_rules(&mut c, raw, doc, &all, opts);
    recipient_rules(&mut c, raw, doc);
    text_rules(&mut c, &all);
    let tone = opts
        .tone
        .or_else(|| style_of(&mut c, raw.kieu_dau.as_ref(), src))
        .or_else(|| {
            project.and_then(|p| {
                let mut pc = Ctx {
                    src: &p.src,
                    out: Vec::new(),
                };
                let t = style_of(&mut pc, p.raw.kieu_dau.as_ref(), &p.src);
                c.out.extend(pc.out);
                t
            })
        });
    tone_rule(&mut c, &all, tone);
    let off = switched_off(&mut c, raw, project);
    apply_switches(c.out, &off)
}

/// `kieu_dau: cu|moi`.
fn style_of(c: &mut Ctx, v: Option<&Located<String>>, src: &SourceFile) -> Option<ToneStyle> {
    let v = v?;
    let key = v.value.trim();
    let found = ToneStyle::ALL
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| *t);
    if found.is_none() {
        c.out.push(
            src.error(
                Pos::of(&v.referenced),
                format!("kiểu đặt dấu `{key}` không hợp lệ"),
            )
            .field("kieu_dau")
            .hint("cần: moi (\"hòa\", \"ủy\") hoặc cu (\"hoà\", \"uỷ\")"),
        );
    }
    found
}

/// A rule switched off: where, and why.
struct Off {
    code: Code,
    reason: String,
    pos: Pos,
    file: String,
    source_line: Option<String>,
}

/// The rules the document (first) and the project file switch off; an
/// unknown code or a missing reason is an error (ND30-BQ-01).
fn switched_off(c: &mut Ctx, raw: &RawDocument, project: Option<&Project>) -> Vec<Off> {
    let mut out: Vec<Off> = Vec::new();
    let sources = raw
        .bo_qua
        .as_ref()
        .map(|b| (c.src, b))
        .into_iter()
        .chain(project.and_then(|p| p.raw.bo_qua.as_ref().map(|b| (&p.src, b))));
    let codes: Vec<&str> = RULES.iter().map(|r| r.code.id()).collect();
    let mut errors = Vec::new();
    for (src, map) in sources {
        for (key, reason) in &map.value {
            let pos = find_after(src, Pos::of(&map.referenced), key);
            let Some(code) = Code::parse(key) else {
                let mut hint = "các mã: xem `vanban check --quy-tac`".to_string();
                let got = key.trim().to_uppercase();
                let near = codes
                    .iter()
                    .map(|k| (crate::diag::edit_distance(&got, k), *k))
                    .filter(|(d, _)| *d <= 2)
                    .min_by_key(|(d, _)| *d);
                if let Some((_, s)) = near {
                    hint = format!("có phải ý bạn là `{s}`? {hint}");
                }
                errors.push((src, pos, format!("mã quy tắc `{key}` không có"), hint));
                continue;
            };
            if code == Code::Bq01 {
                errors.push((
                    src,
                    pos,
                    "quy tắc ND30-BQ-01 không bỏ qua được".into(),
                    String::new(),
                ));
                continue;
            }
            if reason.trim().is_empty() {
                errors.push((
                    src,
                    pos,
                    format!("bỏ qua `{}` cần ghi lý do", code.id()),
                    "cần: `ND30-NN-02: Văn phòng lưu theo quy chế riêng`".into(),
                ));
                continue;
            }
            // The document's own choice comes first; the project's adds.
            if out.iter().any(|o| o.code == code) {
                continue;
            }
            let line = src
                .text
                .lines()
                .nth(pos.line.saturating_sub(1))
                .map(str::to_string);
            out.push(Off {
                code,
                reason: nfc(reason.trim()),
                pos,
                file: src.name.clone(),
                source_line: line,
            });
        }
    }
    for (src, pos, msg, hint) in errors {
        let r = Code::Bq01.rule();
        let mut d = src.error(pos, msg).code(Code::Bq01.id()).field("bo_qua");
        d.severity = r.severity;
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        c.out.push(d);
    }
    out
}

/// Drop what switched-off rules found; say once per rule that it was off
/// and why (never silently).
fn apply_switches(diags: Vec<Diagnostic>, off: &[Off]) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(diags.len());
    let mut silenced: Vec<(Code, usize)> = Vec::new();
    for d in diags {
        let hit = off.iter().find(|o| d.code == Some(o.code.id()));
        match hit {
            Some(o) => match silenced.iter_mut().find(|(c, _)| *c == o.code) {
                Some((_, n)) => *n += 1,
                None => silenced.push((o.code, 1)),
            },
            None => out.push(d),
        }
    }
    for (code, n) in silenced {
        let o = off
            .iter()
            .find(|o| o.code == code)
            .expect("silenced by a switch");
        let mut d = Diagnostic::error(
            &o.file,
            o.pos,
            format!("quy tắc {} được bỏ qua ({n} chỗ): {}", code.id(), o.reason),
        )
        .code(code.id())
        .field("bo_qua")
        .hint(format!("quy tắc: {}", code.rule().title));
        d.severity = crate::diag::Severity::Note;
        d.source_line = o.source_line.clone();
        out.push(d);
    }
    out
}

/// The rules a document and its project file switch off, with why, for
/// `check --quy-tac FILE`.
pub fn switches_of(
    src: &SourceFile,
    raw: &RawDocument,
    project: Option<&Project>,
) -> Vec<(Code, String)> {
    let mut c = Ctx {
        src,
        out: Vec::new(),
    };
    switched_off(&mut c, raw, project)
        .into_iter()
        .map(|o| (o.code, o.reason))
        .collect()
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
            Code::Ky01,
            head_pos,
            "nguoi_ky.chuc_vu",
            format!("người ký thay (KT.) ghi cùng một chức vụ \"{}\" cho người đứng đầu và cho mình", s.title.clone().unwrap_or_default()),
            Some("`thu_truong: CHỦ TỊCH`, `chuc_vu: PHÓ CHỦ TỊCH`".into()),
        ),
        Some(Authority::Tl | Authority::Tuq) if same => c.emit(
            Code::Ky03,
            head_pos,
            "nguoi_ky.chuc_vu",
            "người ký thừa lệnh/thừa ủy quyền phải ghi chức vụ của mình, khác chức vụ người đứng đầu".into(),
            Some("`thu_truong: CHỦ TỊCH`, `chuc_vu: CHÁNH VĂN PHÒNG`".into()),
        ),
        Some(Authority::Tm) => {
            let head = s.head.clone().unwrap_or_default();
            if PERSONAL_TITLES.iter().any(|t| head == *t) {
                c.emit(
                    Code::Ky02,
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
                    Code::Ky04,
                    Pos::of(&s.ho_ten.referenced),
                    "nguoi_ky.ho_ten",
                    format!("họ tên người ký có học hàm, học vị \"{}\"", t.trim()),
                    Some(format!("`ho_ten: {bare}`")),
                );
            }
        }
    }
}

fn symbol_rules(c: &mut Ctx, raw: &RawDocument, doc: &Document) {
    // A legal-normative document comes from a body with that power (HĐND,
    // UBND, central bodies), not from one under a parent (a Sở, a phòng).
    if doc.normative && doc.parent.is_some() {
        let pos = raw
            .co_quan
            .as_ref()
            .map_or(Pos::new(1, 1), |a| Pos::of(&a.value.ten.referenced));
        c.emit(
            Code::So02,
            pos,
            "qppl",
            format!(
                "{} thuộc {} không ban hành văn bản quy phạm pháp luật",
                doc.issuer.name(),
                doc.parent.as_ref().map(|p| p.name()).unwrap_or_default()
            ),
            Some(
                "bỏ `qppl: true` (số không có năm), hoặc ghi cơ quan có thẩm quyền ban hành".into(),
            ),
        );
    }
    let mut check = |l: &Located<String>, field: &str| {
        let v = l.value.trim();
        if v.chars().any(char::is_lowercase) {
            c.emit(
                Code::So01,
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
                Code::Ng01,
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
                        Code::Ng02,
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
                                    Code::Ng03,
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
                    Code::Ng04,
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
            Code::Kg01,
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
                Code::Cc01,
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
                        Code::Nn05,
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
                    Code::Nn01,
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
            Code::Nn02,
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
            Code::Nn02,
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
                Code::Nn03,
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
                    Code::Nn03,
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
                        Code::Nn04,
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
                Code::Dc01,
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
                    Code::Dc01,
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
                Code::Dc01,
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

fn text_rules(c: &mut Ctx, all: &[Text]) {
    for t in all {
        // Legacy encodings first: nothing else makes sense in such text.
        match legacy::classify(t.text) {
            Some(legacy::Found::Words(lone)) => {
                // A name pasted from an old file into Unicode text.
                let (w, fixed) = &lone[0];
                c.emit(
                    Code::Ma01,
                    find_after(c.src, t.pos, w),
                    &t.field,
                    format!(
                        "{} từ gõ bằng bảng mã TCVN3 trong văn bản Unicode, đầu tiên \"{w}\"",
                        lone.len()
                    ),
                    Some(format!("chạy `vanban check --fix`: \"{fixed}\"")),
                );
                continue;
            }
            Some(legacy::Found::Whole(enc)) => {
                let fixed = legacy::convert(t.text, enc);
                c.emit(
                    Code::Ma01,
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
            None => {}
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
                Code::Kt01,
                line_pos,
                &t.field,
                format!("có {name} trong văn bản"),
                Some("xóa hoặc thay bằng một dấu cách thường (`vanban check --fix`)".into()),
            );
            break;
        }
        // Letters of other scripts inside Vietnamese words: "của" with a
        // Cyrillic "а" looks right and is never found by a search.
        for (w, fixed) in vn::lookalike_words(t.text) {
            c.emit(
                Code::Kt02,
                find_after(c.src, t.pos, &w),
                &t.field,
                format!("từ \"{w}\" có chữ cái của bảng chữ khác (Cyrillic, Hy Lạp) trông giống chữ Latin"),
                Some(format!("\"{fixed}\" (`vanban check --fix`)")),
            );
        }
        let text = nfc(t.text);
        for (wrong, right) in CAPS {
            if find_word(&text, wrong).is_some() {
                let pos = find_after(c.src, t.pos, wrong);
                c.emit(
                    Code::Vh01,
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
                Code::Vh01,
                pos,
                &t.field,
                format!("\"{word}\" viết hoa chưa đúng"),
                Some(format!("\"{right}\"")),
            );
        }
    }
}

/// One tone-mark style through the document (ND30-DA-01): one warning
/// naming the style found, how many words differ, and where the first
/// ones are. With no style chosen, a document written in one style
/// throughout is fine, whichever it is.
fn tone_rule(c: &mut Ctx, all: &[Text], chosen: Option<ToneStyle>) {
    let pairs = vn::tone_pairs();
    let mut found: Vec<(ToneStyle, &str, &Text)> = Vec::new();
    for t in all {
        for w in t
            .text
            .split(|ch: char| !ch.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            if let Some(style) = vn::word_tone(w, &pairs) {
                found.push((style, w, t));
            }
        }
    }
    let count = |s: ToneStyle| found.iter().filter(|(x, _, _)| *x == s).count();
    let (old, new) = (count(ToneStyle::Old), count(ToneStyle::New));
    let target = chosen.unwrap_or(if old > new {
        ToneStyle::Old
    } else {
        ToneStyle::New
    });
    let wrong: Vec<&(ToneStyle, &str, &Text)> =
        found.iter().filter(|(s, _, _)| *s != target).collect();
    let Some((_, first, t)) = wrong.first() else {
        return;
    };
    let places: Vec<String> = wrong
        .iter()
        .take(3)
        .map(|(_, w, t)| format!("dòng {} \"{w}\"", find_after(c.src, t.pos, w).line))
        .collect();
    let why = if chosen.is_some() {
        "kiểu đã chọn"
    } else {
        "kiểu văn bản dùng nhiều hơn"
    };
    let fixed = vn::set_tone(first, target);
    c.emit(
        Code::Da01,
        find_after(c.src, t.pos, first),
        &t.field,
        format!(
            "{} từ đặt dấu khác {why}, {}: {}{}",
            wrong.len(),
            target.name(),
            places.join(", "),
            if wrong.len() > 3 { ", …" } else { "" }
        ),
        Some(format!(
            "\"{first}\" → \"{fixed}\"; `vanban check --fix` sửa cả văn bản; hoặc chọn kiểu bằng `kieu_dau: cu` / `kieu_dau: moi`"
        )),
    );
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
/// `check --fix`: the source with what the rules can mend mended, each
/// in the text where it is written — legacy encodings (whole texts, or lone
/// TCVN3 words), letters of other scripts, invisible characters, and the
/// tone marks into `tone` (or the style the document uses more). Returns
/// the new text and what was done, one line each.
pub fn fix(
    src: &SourceFile,
    raw: &RawDocument,
    tone: Option<ToneStyle>,
    project: Option<&Project>,
) -> (String, Vec<String>) {
    let mut text = src.text.clone();
    let mut done: Vec<String> = Vec::new();
    let mut count = |what: &str, n: usize| {
        if n > 0 {
            done.push(format!("{what}: {n}"));
        }
    };
    // Whole texts in a legacy encoding, then lone legacy words.
    let (mut whole, mut words) = (0, 0);
    for t in texts(raw) {
        let enc = match legacy::classify(t.text) {
            None => continue,
            Some(legacy::Found::Words(lone)) => {
                for (w, fixed) in lone {
                    text = replace_in_lines(&text, t.pos.line, &w, &fixed);
                    words += 1;
                }
                continue;
            }
            Some(legacy::Found::Whole(enc)) => enc,
        };
        // Replace the text where it is written; YAML may have folded it,
        // so convert each source line that holds part of it.
        let fixed_whole = legacy::convert(t.text, enc);
        if text.contains(t.text) {
            text = text.replacen(t.text, &fixed_whole, 1);
        } else {
            let ends_nl = text.ends_with('\n');
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
            text = lines.join("\n") + if ends_nl { "\n" } else { "" };
        }
        whole += 1;
    }
    count("đoạn chuyển từ bảng mã cũ sang Unicode", whole);
    count("từ TCVN3 chuyển sang Unicode", words);
    // Look-alike letters and invisible characters, in the user's texts.
    let mut alike = 0;
    let mut hidden = 0;
    for t in texts(raw) {
        for (w, fixed) in vn::lookalike_words(t.text) {
            text = replace_in_lines(&text, t.pos.line, &w, &fixed);
            alike += 1;
        }
        for (ch, to) in [
            ('\u{200b}', ""),
            ('\u{200c}', ""),
            ('\u{200d}', ""),
            ('\u{2060}', ""),
            ('\u{ad}', ""),
            ('\u{a0}', " "),
        ] {
            if t.text.contains(ch) {
                let n = t.text.matches(ch).count();
                text = replace_in_lines(&text, t.pos.line, &ch.to_string(), to);
                hidden += n;
            }
        }
    }
    count("từ có chữ cái bảng chữ khác đã sửa", alike);
    count("ký tự ẩn đã bỏ", hidden);
    // Tone marks: into the chosen style, or the one the document uses
    // more; the keys and comments of the file are not touched (only words
    // with such a pair change, and no key has one).
    let pairs = vn::tone_pairs();
    let all = texts(raw);
    let styles: Vec<ToneStyle> = all
        .iter()
        .flat_map(|t| t.text.split(|c: char| !c.is_alphabetic()))
        .filter_map(|w| vn::word_tone(w, &pairs))
        .collect();
    let old = styles.iter().filter(|s| **s == ToneStyle::Old).count();
    let new = styles.len() - old;
    let written = |k: Option<&Located<String>>| {
        k.and_then(|k| ToneStyle::ALL.iter().find(|(x, _)| *x == k.value.trim()))
            .map(|(_, t)| *t)
    };
    let target = tone
        .or_else(|| written(raw.kieu_dau.as_ref()))
        .or_else(|| project.and_then(|p| written(p.raw.kieu_dau.as_ref())))
        .unwrap_or(if old > new {
            ToneStyle::Old
        } else {
            ToneStyle::New
        });
    let wrong = if target == ToneStyle::New { old } else { new };
    if wrong > 0 {
        // Line by line, so that folded texts change where they are written.
        let ends_nl = text.ends_with('\n');
        text = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with('#') {
                    l.to_string()
                } else {
                    vn::set_tone(l, target)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + if ends_nl { "\n" } else { "" };
        count(&format!("từ đổi sang {}", target.name()), wrong);
    }
    (text, done)
}

/// Replace `from` by `to` in the source, from line `line` on (the text's
/// own place), at its first occurrence.
fn replace_in_lines(text: &str, line: usize, from: &str, to: &str) -> String {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    match text[start..].find(from) {
        Some(i) => format!(
            "{}{to}{}",
            &text[..start + i],
            &text[start + i + from.len()..]
        ),
        None => text.to_string(),
    }
}

/// The rules table in Markdown, for the README.
pub fn rules_markdown() -> String {
    rules_markdown_with(&[])
}

/// The rules table, with a column saying which rules are off and why.
pub fn rules_markdown_with(off: &[(Code, String)]) -> String {
    let mut s = if off.is_empty() {
        String::from("| mã | mức | quy tắc |\n|---|---|---|\n")
    } else {
        String::from("| mã | mức | quy tắc | bỏ qua |\n|---|---|---|---|\n")
    };
    for r in RULES {
        let sev = match r.severity {
            Severity::Error => "lỗi",
            _ => "cảnh báo",
        };
        s.push_str(&format!("| {} | {sev} | {} |", r.code.id(), r.title));
        if !off.is_empty() {
            let why = off
                .iter()
                .find(|(c, _)| *c == r.code)
                .map(|(_, w)| w.replace('|', "\\|"))
                .unwrap_or_default();
            s.push_str(&format!(" {why} |"));
        }
        s.push('\n');
    }
    s
}
