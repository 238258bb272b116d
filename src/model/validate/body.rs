//! The body: `noi_dung` blocks and the older per-kind keys (`mo_dau`,
//! `dieu`, `chuong`, `phan`, `muc`, `phan_cong`, `bang`, `ket_luan`), all
//! into one tree of [`Block`]s.

use std::path::{Component, Path, PathBuf};

use super::{one, Checker};
use crate::diag::Pos;
use crate::format::blocks::{Lead, RawBlock, RawBlocks, RawCell, RawColumn, RawGrid, RawRow};
use crate::format::raw::*;
use crate::model::body::*;
use crate::text::inline::{self, Inline};
use crate::text::vn::{self, nfc};

/// What a list of blocks sits in: it decides what `muc` means and which
/// levels may appear.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    /// The nearest numbered unit above.
    parent: Option<Level>,
    /// The kind every string or kind-less map of the list takes, when the
    /// list is the value of a kind key (`khoan: [...]`).
    implied: Option<Kind>,
}

impl Ctx {
    pub(super) const ROOT: Ctx = Ctx {
        parent: None,
        implied: None,
    };
}

/// The kinds of block (the kind keys of [`RawBlock`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Para,
    Unit(UnitKey),
    Dash,
    Plus,
    Field,
    Task,
    Table,
    Image,
    Note,
    PageBreak,
}

/// A unit as written: `muc` becomes Section or Roman by its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitKey {
    Part,
    Chapter,
    Muc,
    Subsection,
    Article,
    Clause,
    SubClause,
    Point,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Para => "doan",
            Kind::Unit(u) => match u {
                UnitKey::Part => "phan",
                UnitKey::Chapter => "chuong",
                UnitKey::Muc => "muc",
                UnitKey::Subsection => "tieu_muc",
                UnitKey::Article => "dieu",
                UnitKey::Clause => "khoan",
                UnitKey::SubClause => "tieu_khoan",
                UnitKey::Point => "diem",
            },
            Kind::Dash => "gach",
            Kind::Plus => "cong",
            Kind::Field => "truong",
            Kind::Task => "nhiem_vu",
            Kind::Table => "bang",
            Kind::Image => "hinh",
            Kind::Note => "ghi_chu",
            Kind::PageBreak => "trang_moi",
        }
    }

    /// The options a block of this kind may carry besides its kind key.
    fn options(self) -> &'static [&'static str] {
        match self {
            Kind::Para => &["can", "nghieng", "dam"],
            Kind::Unit(_) => &["tieu_de", "noi_dung", "so"],
            Kind::Dash | Kind::Plus => &["noi_dung"],
            Kind::Field => &["noi_dung", "dam"],
            Kind::Task => &["noi_dung", "ma", "han", "don_vi"],
            Kind::Image => &["rong", "chu_thich"],
            Kind::Note => &["can"],
            Kind::Table | Kind::PageBreak => &[],
        }
    }
}

/// The keys of a raw block that may hold a list of children, in the order
/// their children are printed (after `noi_dung`).
fn child_lists(b: &RawBlock) -> [(Kind, Option<&Located<Lead>>); 11] {
    [
        (Kind::Unit(UnitKey::Part), b.phan.as_ref()),
        (Kind::Unit(UnitKey::Chapter), b.chuong.as_ref()),
        (Kind::Unit(UnitKey::Muc), b.muc.as_ref()),
        (Kind::Unit(UnitKey::Subsection), b.tieu_muc.as_ref()),
        (Kind::Unit(UnitKey::Article), b.dieu.as_ref()),
        (Kind::Unit(UnitKey::Clause), b.khoan.as_ref()),
        (Kind::Unit(UnitKey::SubClause), b.tieu_khoan.as_ref()),
        (Kind::Unit(UnitKey::Point), b.diem.as_ref()),
        (Kind::Dash, b.gach.as_ref()),
        (Kind::Plus, b.cong.as_ref()),
        (Kind::Task, b.nhiem_vu.as_ref()),
    ]
}

/// The options present on a raw block, by key.
fn options_present(b: &RawBlock) -> Vec<(&'static str, Option<Pos>)> {
    let pos = |l: &Option<Located<String>>| l.as_ref().map(|l| Pos::of(&l.referenced));
    let mut out = Vec::new();
    let mut add = |k: &'static str, present: bool, p: Option<Pos>| {
        if present {
            out.push((k, p));
        }
    };
    add("tieu_de", b.tieu_de.is_some(), pos(&b.tieu_de));
    add(
        "noi_dung",
        matches!(&b.noi_dung, Some(l) if !matches!(l.value, Lead::Empty)),
        b.noi_dung.as_ref().map(|l| Pos::of(&l.referenced)),
    );
    add("so", b.so.is_some(), pos(&b.so));
    add("can", b.can.is_some(), pos(&b.can));
    add("nghieng", b.nghieng.is_some(), None);
    add("dam", b.dam.is_some(), None);
    add(
        "rong",
        b.rong.is_some(),
        b.rong.as_ref().map(|l| Pos::of(&l.referenced)),
    );
    add("chu_thich", b.chu_thich.is_some(), pos(&b.chu_thich));
    add("ma", b.ma.is_some(), pos(&b.ma));
    add("han", b.han.is_some(), pos(&b.han));
    add(
        "don_vi",
        b.don_vi.is_some(),
        b.don_vi.as_ref().map(|l| Pos::of(&l.referenced)),
    );
    out
}

/// Blocks of a list.
pub(super) fn blocks(c: &mut Checker, list: &RawBlocks, ctx: Ctx, field: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for item in list {
        let pos = Pos::of(&item.referenced);
        match &item.value {
            StrOr::Str(s) => match ctx.implied {
                Some(kind) => {
                    let b = RawBlock::default();
                    if let Some(block) = make(c, kind, &b, Some(s), pos, ctx, field) {
                        out.push(block);
                    }
                }
                None => {
                    let spans = c.inline_str(&nfc(s.trim()), pos, field);
                    if spans.is_empty() {
                        c.error(pos, field, "đoạn văn để trống", None);
                    }
                    out.push(Block::Para(Para {
                        spans,
                        align: Align::Justify,
                    }));
                }
            },
            StrOr::Map(b) => map_block(c, b, pos, ctx, field, &mut out),
        }
    }
    out
}

/// A block written as a map: find its kind, then build it (or, for a map
/// of child lists only, add the children in place).
fn map_block(c: &mut Checker, b: &RawBlock, pos: Pos, ctx: Ctx, field: &str, out: &mut Vec<Block>) {
    // Kind keys with a text (or empty) value name the block's kind.
    let scalar =
        |l: Option<&Located<Lead>>| matches!(l, Some(l) if !matches!(l.value, Lead::Blocks(_)));
    let mut kinds: Vec<Kind> = child_lists(b)
        .into_iter()
        .filter(|(_, l)| scalar(*l))
        .map(|(k, _)| k)
        .collect();
    for (k, present) in [
        (Kind::Para, b.doan.is_some()),
        (Kind::Field, b.truong.is_some()),
        (Kind::Table, b.bang.is_some()),
        (Kind::Image, b.hinh.is_some()),
        (Kind::Note, b.ghi_chu.is_some()),
        (Kind::PageBreak, b.trang_moi.is_some()),
    ] {
        if present {
            kinds.push(k);
        }
    }
    let kind = match (kinds.as_slice(), ctx.implied) {
        ([one], _) => *one,
        ([], Some(k)) => k,
        ([], None) => {
            // Only child lists (`- gach: [a, b]`) or `noi_dung`: a group,
            // its children added in place.
            let has_lists = child_lists(b)
                .iter()
                .any(|(_, l)| matches!(l, Some(l) if matches!(l.value, Lead::Blocks(_))));
            let group = matches!(&b.noi_dung, Some(l) if matches!(l.value, Lead::Blocks(_)));
            if has_lists || group {
                let extra: Vec<&str> = options_present(b)
                    .into_iter()
                    .map(|(k, _)| k)
                    .filter(|k| *k != "noi_dung")
                    .collect();
                if !extra.is_empty() {
                    c.error(
                        pos,
                        field,
                        format!(
                            "nhóm khối không có loại nên không dùng được `{}`",
                            extra.join("`, `")
                        ),
                        Some(format!(
                            "gợi ý: thêm một khóa loại khối, ví dụ `dieu:`; các loại: {}",
                            kind_keys()
                        )),
                    );
                }
                out.extend(children(c, b, ctx, field));
                return;
            }
            c.error(
                pos,
                field,
                "khối nội dung không có loại",
                Some(format!(
                    "cần một trong các khóa: {}; một chuỗi là một đoạn văn",
                    kind_keys()
                )),
            );
            return;
        }
        (many, _) => {
            let keys: Vec<&str> = many.iter().map(|k| k.key()).collect();
            c.error(
                pos,
                field,
                format!(
                    "một khối chỉ có một loại, ở đây có `{}`",
                    keys.join("`, `")
                ),
                Some("gợi ý: tách thành nhiều khối (mỗi khối một dòng `- …` trong danh sách); danh sách con viết `khoan: [..]`".into()),
            );
            return;
        }
    };
    // Options that do not belong to the kind.
    for (opt, at) in options_present(b) {
        if !kind.options().contains(&opt) {
            let allowed = kind.options();
            c.error(
                at.unwrap_or(pos),
                &format!("{field}.{opt}"),
                format!("khóa `{opt}` không dùng cho khối `{}`", kind.key()),
                Some(if allowed.is_empty() {
                    format!("khối `{}` không có tùy chọn", kind.key())
                } else {
                    format!("khối `{}` dùng: {}", kind.key(), allowed.join(", "))
                }),
            );
        }
    }
    if let Some(block) = make(c, kind, b, None, pos, ctx, field) {
        out.push(block);
    }
}

fn kind_keys() -> String {
    crate::format::blocks::BLOCK_KEYS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| *k != "noi_dung")
        .collect::<Vec<_>>()
        .join(", ")
}

/// The children of a block: `noi_dung` as a list, then each kind key whose
/// value is a list.
fn children(c: &mut Checker, b: &RawBlock, ctx: Ctx, field: &str) -> Vec<Block> {
    let mut out = Vec::new();
    if let Some(Located {
        value: Lead::Blocks(list),
        ..
    }) = &b.noi_dung
    {
        out.extend(blocks(
            c,
            list,
            Ctx {
                implied: None,
                ..ctx
            },
            &format!("{field}.noi_dung"),
        ));
    }
    for (kind, lead) in child_lists(b) {
        if let Some(Located {
            value: Lead::Blocks(list),
            ..
        }) = lead
        {
            out.extend(blocks(
                c,
                list,
                Ctx {
                    implied: Some(kind),
                    ..ctx
                },
                &format!("{field}.{}", kind.key()),
            ));
        }
    }
    out
}

/// The text a block leads with: its kind key's text, or `noi_dung` when
/// that is a text, or `implied` (a string in a list of that kind).
fn lead_text<'a>(
    c: &mut Checker,
    own: Option<&'a Located<Lead>>,
    b: &'a RawBlock,
    implied: Option<&'a String>,
    pos: Pos,
    field: &str,
) -> Option<&'a str> {
    let own = own.and_then(|l| l.value.text());
    let body = b.noi_dung.as_ref().and_then(|l| l.value.text());
    if let (Some(_), Some(_)) = (own, body) {
        c.error(
            pos,
            field,
            "nội dung ghi hai lần: ở khóa loại khối và ở `noi_dung`",
            Some("gợi ý: giữ một chỗ; `noi_dung` dùng cho danh sách khối con".into()),
        );
    }
    implied.map(String::as_str).or(own).or(body)
}

#[allow(clippy::too_many_arguments)]
fn make(
    c: &mut Checker,
    kind: Kind,
    b: &RawBlock,
    implied_text: Option<&String>,
    pos: Pos,
    ctx: Ctx,
    field: &str,
) -> Option<Block> {
    let field = format!("{field}.{}", kind.key());
    let field = field.as_str();
    match kind {
        Kind::Para => {
            let text = implied_text
                .map(String::as_str)
                .or(b.doan.as_ref().map(|d| d.value.as_str()))
                .unwrap_or("");
            let at = b.doan.as_ref().map_or(pos, |d| Pos::of(&d.referenced));
            let mut spans = c.inline_str(&nfc(text.trim()), at, field);
            if spans.is_empty() {
                c.error(at, field, "đoạn văn để trống", None);
            }
            if b.nghieng == Some(true) || b.dam == Some(true) {
                let (i, d) = (b.nghieng == Some(true), b.dam == Some(true));
                spans = inline::restyle(&spans, |s| {
                    s.italic |= i;
                    s.bold |= d;
                });
            }
            Some(Block::Para(Para {
                spans,
                align: align(c, b.can.as_ref(), Align::Justify, field),
            }))
        }
        Kind::Unit(key) => unit(c, key, b, implied_text, pos, ctx, field).map(Block::Unit),
        Kind::Dash | Kind::Plus => {
            let own = if kind == Kind::Dash {
                b.gach.as_ref()
            } else {
                b.cong.as_ref()
            };
            let text = lead_text(c, own, b, implied_text, pos, field).unwrap_or("");
            let spans = c.inline_str(&nfc(text.trim()), pos, field);
            let kids = children(
                c,
                b,
                Ctx {
                    implied: None,
                    ..ctx
                },
                field,
            );
            if spans.is_empty() && kids.is_empty() {
                c.error(pos, field, "dòng gạch đầu dòng để trống", None);
            }
            Some(Block::Item(Item {
                marker: if kind == Kind::Dash {
                    Marker::Dash
                } else {
                    Marker::Plus
                },
                spans,
                children: kids,
            }))
        }
        Kind::Field => {
            let label = implied_text
                .map(String::as_str)
                .or(b.truong.as_ref().map(|t| t.value.as_str()))
                .unwrap_or("");
            let label = vn::strip_end_punct(&nfc(label.trim())).to_string();
            if label.is_empty() {
                c.error(
                    pos,
                    field,
                    "trường cần nhãn, ví dụ `truong: Thời gian`",
                    None,
                );
            }
            let text = b
                .noi_dung
                .as_ref()
                .and_then(|l| l.value.text())
                .unwrap_or("");
            let lead = c.inline_str(&nfc(text.trim()), pos, field);
            let kids = children(
                c,
                b,
                Ctx {
                    implied: None,
                    ..ctx
                },
                field,
            );
            if lead.is_empty() && kids.is_empty() {
                c.error(
                    pos,
                    field,
                    format!("trường `{label}` chưa có nội dung"),
                    Some("cần: `noi_dung: …` (một chuỗi, hoặc danh sách khối)".into()),
                );
            }
            Some(Block::Field(Field {
                label,
                bold: b.dam == Some(true),
                lead,
                children: kids,
            }))
        }
        Kind::Task => {
            let text = lead_text(c, b.nhiem_vu.as_ref(), b, implied_text, pos, field).unwrap_or("");
            let text = nfc(text.trim());
            if text.is_empty() {
                c.error(pos, field, "nhiệm vụ để trống", None);
            }
            Some(Block::Task(Task {
                id: b.ma.as_ref().map(|m| nfc(m.value.trim())),
                units: b
                    .don_vi
                    .as_ref()
                    .map(|u| u.value.as_slice().iter().map(|s| nfc(s.trim())).collect())
                    .unwrap_or_default(),
                text: c.inline_str(&text, pos, field),
                deadline: b
                    .han
                    .as_ref()
                    .and_then(|h| c.date(h, &format!("{field}.han"))),
            }))
        }
        Kind::Table => b.bang.as_ref().map(|t| Block::Table(table(c, t, field))),
        Kind::Image => {
            let h = b.hinh.as_ref()?;
            Some(Block::Image(image(c, h, b, field)))
        }
        Kind::Note => {
            let text = implied_text
                .map(String::as_str)
                .or(b.ghi_chu.as_ref().map(|t| t.value.as_str()))
                .unwrap_or("");
            let spans = c.inline_str(&nfc(text.trim()), pos, field);
            if spans.is_empty() {
                c.error(pos, field, "ghi chú để trống", None);
            }
            Some(Block::Note {
                spans,
                align: align(c, b.can.as_ref(), Align::Center, field),
            })
        }
        Kind::PageBreak => match b.trang_moi.as_ref().map(|t| t.value) {
            Some(false) => None,
            _ => Some(Block::PageBreak),
        },
    }
}

/// A numbered unit: its level by key and place, its title, lead text and
/// children.
#[allow(clippy::too_many_arguments)]
fn unit(
    c: &mut Checker,
    key: UnitKey,
    b: &RawBlock,
    implied_text: Option<&String>,
    pos: Pos,
    ctx: Ctx,
    field: &str,
) -> Option<Unit> {
    let level = match key {
        UnitKey::Part => Level::Part,
        UnitKey::Chapter => Level::Chapter,
        // ND30 uses "mục" for both: "Mục 1" inside a chương, "I." elsewhere.
        UnitKey::Muc if ctx.parent == Some(Level::Chapter) => Level::Section,
        UnitKey::Muc => Level::Roman,
        UnitKey::Subsection => Level::Subsection,
        UnitKey::Article => Level::Article,
        UnitKey::Clause => Level::Clause,
        UnitKey::SubClause => Level::SubClause,
        UnitKey::Point => Level::Point,
    };
    let name = level_name(level);
    if let Some(parent) = ctx.parent {
        let bad = level <= parent
            // A tiểu mục belongs in a mục of a chương.
            || (level == Level::Subsection && parent != Level::Section);
        if bad {
            c.error(
                pos,
                field,
                format!("không đặt {name} trong {}", level_name(parent)),
                Some(
                    "thứ tự theo Phụ lục I: phần, chương, mục, tiểu mục, điều, khoản, điểm".into(),
                ),
            );
        }
    } else if level == Level::Subsection {
        c.error(
            pos,
            field,
            "tiểu mục chỉ nằm trong một mục của chương",
            None,
        );
    }
    let own = match key {
        UnitKey::Part => b.phan.as_ref(),
        UnitKey::Chapter => b.chuong.as_ref(),
        UnitKey::Muc => b.muc.as_ref(),
        UnitKey::Subsection => b.tieu_muc.as_ref(),
        UnitKey::Article => b.dieu.as_ref(),
        UnitKey::Clause => b.khoan.as_ref(),
        UnitKey::SubClause => b.tieu_khoan.as_ref(),
        UnitKey::Point => b.diem.as_ref(),
    };
    let text = lead_text(c, own, b, implied_text, pos, field);
    let titled_level = level.is_division() || level == Level::Roman;
    let (title, lead) = match (&b.tieu_de, titled_level) {
        (Some(t), _) => {
            let t = one(c, t, &format!("{field}.tieu_de"));
            (Some(t), text)
        }
        // A division or Roman mục: the value is its title.
        (None, true) => (
            text.map(|t| vn::strip_end_punct(&nfc(t.trim())).to_string()),
            None,
        ),
        (None, false) => (None, text),
    };
    let title = title.map(|t| {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if titled_level {
            vn::upper(&t)
        } else {
            t
        }
    });
    if titled_level && title.as_deref().is_none_or(str::is_empty) {
        c.error(
            pos,
            field,
            format!("{name} cần tiêu đề (Phụ lục I)"),
            Some(format!("cần: `{}: TIÊU ĐỀ`", level.key())),
        );
    }
    let mut lead = match lead {
        Some(t) => c.inline_str(&nfc(t.trim()), pos, field),
        None => Vec::new(),
    };
    let mut kids = children(
        c,
        b,
        Ctx {
            parent: Some(level),
            implied: None,
        },
        field,
    );
    // Without a title, the first paragraph runs in after "Điều 1." (C1).
    if title.is_none() && lead.is_empty() {
        if let Some(Block::Para(Para {
            align: Align::Justify,
            ..
        })) = kids.first()
        {
            if let Block::Para(p) = kids.remove(0) {
                lead = p.spans;
            }
        }
    }
    if title.is_none() && lead.is_empty() && kids.is_empty() {
        c.error(
            pos,
            field,
            format!("{name} chưa có nội dung"),
            Some(format!(
                "cần: `{}: nội dung…`, hoặc `tieu_de:` và `noi_dung:`",
                level.key()
            )),
        );
    }
    let number = b.so.as_ref().map(|s| {
        let n = nfc(s.value.trim());
        if n.is_empty() {
            c.error(
                Pos::of(&s.referenced),
                &format!("{field}.so"),
                "số để trống",
                None,
            );
        }
        n
    });
    Some(Unit {
        level,
        number,
        title,
        lead,
        children: kids,
    })
}

/// "chương", "điều" … as a user reads them.
fn level_name(l: Level) -> &'static str {
    match l {
        Level::Part => "phần",
        Level::Chapter => "chương",
        Level::Section => "mục (của chương)",
        Level::Subsection => "tiểu mục",
        Level::Roman => "mục",
        Level::Article => "điều",
        Level::Clause => "khoản",
        Level::SubClause => "tiểu khoản",
        Level::Point => "điểm",
    }
}

/// `can:` → alignment.
fn align(c: &mut Checker, v: Option<&Located<String>>, default: Align, field: &str) -> Align {
    match v {
        None => default,
        Some(v) => super::choice(c, v, &format!("{field}.can"), &Align::ALL).unwrap_or(default),
    }
}

/// An image path: relative, inside the document's folder, PNG or JPEG.
fn image(c: &mut Checker, h: &Located<String>, b: &RawBlock, field: &str) -> Image {
    let pos = Pos::of(&h.referenced);
    let text = nfc(h.value.trim());
    let path = PathBuf::from(&text);
    let escapes = path
        .components()
        .any(|p| !matches!(p, Component::Normal(_) | Component::CurDir));
    if text.is_empty() || escapes {
        c.error(
            pos,
            field,
            format!("đường dẫn hình `{text}` phải nằm trong thư mục của văn bản"),
            Some("cần: đường dẫn tương đối, không có \"..\" và không bắt đầu bằng \"/\", ví dụ `hinh: hinh/bieu-do.png`".into()),
        );
    }
    let ext = Path::new(&text)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    if !matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg")) {
        c.error(
            pos,
            field,
            format!("hình `{text}` không phải PNG hoặc JPEG"),
            Some("cần: tệp .png, .jpg hoặc .jpeg".into()),
        );
    }
    let width_mm = b.rong.as_ref().map(|r| {
        let w = r.value;
        if !(w.is_finite() && w > 5.0 && w <= 297.0) {
            c.error(
                Pos::of(&r.referenced),
                &format!("{field}.rong"),
                format!("chiều rộng hình {w} mm không hợp lệ"),
                Some("cần: một số từ 5 đến 297 (mm)".into()),
            );
        }
        w
    });
    Image {
        path,
        width_mm,
        caption: b
            .chu_thich
            .as_ref()
            .map(|t| one(c, t, &format!("{field}.chu_thich"))),
        pos,
    }
}

/// A cell written as a string or a map.
fn cell(c: &mut Checker, v: &Located<StrOr<RawCell>>, field: &str) -> Cell {
    let pos = Pos::of(&v.referenced);
    match &v.value {
        StrOr::Str(s) => Cell {
            paras: cell_paras_text(c, s, pos, field),
            colspan: 1,
            rowspan: 1,
            align: None,
            bold: false,
        },
        StrOr::Map(m) => {
            let span = |c: &mut Checker, v: &Option<Located<u32>>, what: &str| match v {
                None => 1,
                Some(n) if n.value == 0 || n.value > 100 => {
                    c.error(
                        Pos::of(&n.referenced),
                        &format!("{field}.{what}"),
                        format!("`{what}` phải từ 1 đến 100"),
                        None,
                    );
                    1
                }
                Some(n) => n.value as usize,
            };
            let colspan = span(c, &m.gop_cot, "gop_cot");
            let rowspan = span(c, &m.gop_dong, "gop_dong");
            let paras = match m.o.as_ref().map(|o| &o.value) {
                None | Some(Lead::Empty) => Vec::new(),
                Some(Lead::Text(t)) => cell_paras_text(c, t, pos, field),
                Some(Lead::Blocks(list)) => {
                    let blocks = blocks(c, list, Ctx::ROOT, &format!("{field}.o"));
                    cell_paras(c, &blocks, pos, field)
                }
            };
            Cell {
                paras,
                colspan,
                rowspan,
                align: m
                    .can
                    .as_ref()
                    .and_then(|a| super::choice(c, a, &format!("{field}.can"), &Align::ALL)),
                bold: m.dam == Some(true),
            }
        }
    }
}

/// A cell's text: a line break the clerk typed starts a new paragraph.
fn cell_paras_text(c: &mut Checker, s: &str, pos: Pos, field: &str) -> Vec<Inline> {
    nfc(s)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| c.inline_str(l, pos, field))
        .collect()
}

/// Paragraphs and "-" lines are what a cell holds.
fn cell_paras(c: &mut Checker, blocks: &[Block], pos: Pos, field: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => out.push(p.spans.clone()),
            Block::Item(i) if i.children.is_empty() => {
                let mut spans = vec![inline::Span::plain(format!("{} ", i.marker.text()))];
                inline::extend(&mut spans, &i.spans);
                out.push(spans);
            }
            _ => c.error(
                pos,
                field,
                "ô của bảng chỉ chứa đoạn văn và dòng \"- …\"",
                None,
            ),
        }
    }
    out
}

/// A table: columns, header rows with spans, rows; the grid is checked so
/// that both writers place every cell alike.
pub(super) fn table(c: &mut Checker, t: &Located<RawGrid>, field: &str) -> Table {
    let pos = Pos::of(&t.referenced);
    let g = &t.value;
    let mut columns = Vec::new();
    let mut names = Vec::new();
    for col in &g.cot {
        let at = Pos::of(&col.referenced);
        match &col.value {
            StrOr::Str(s) => {
                names.push(cell_paras_text(c, s, at, &format!("{field}.cot")));
                columns.push(Column {
                    width: 1.0,
                    align: Align::Left,
                });
            }
            StrOr::Map(RawColumn { ten, rong, can }) => {
                names.push(cell_paras_text(c, &ten.value, at, &format!("{field}.cot")));
                let width = match rong {
                    Some(w) if !(w.value.is_finite() && w.value > 0.0) => {
                        c.error(
                            Pos::of(&w.referenced),
                            &format!("{field}.cot.rong"),
                            "độ rộng cột phải là số dương",
                            None,
                        );
                        1.0
                    }
                    Some(w) => w.value,
                    None => 1.0,
                };
                columns.push(Column {
                    width,
                    align: align(c, can.as_ref(), Align::Left, &format!("{field}.cot")),
                });
            }
        }
    }
    if columns.is_empty() {
        c.error(
            pos,
            &format!("{field}.cot"),
            "bảng cần ít nhất một cột",
            None,
        );
    }
    if let Some(w) = &g.do_rong {
        if w.value.len() != columns.len() || w.value.iter().any(|x| *x <= 0.0 || !x.is_finite()) {
            c.error(
                Pos::of(&w.referenced),
                &format!("{field}.do_rong"),
                format!("`do_rong` cần {} số dương, mỗi cột một số", columns.len()),
                None,
            );
        } else {
            for (col, w) in columns.iter_mut().zip(&w.value) {
                col.width = *w;
            }
        }
    }
    let n = columns.len();
    let header: Vec<Vec<Cell>> = if g.tieu_de.is_empty() {
        vec![names
            .into_iter()
            .map(|paras| Cell {
                paras,
                colspan: 1,
                rowspan: 1,
                align: Some(Align::Center),
                bold: true,
            })
            .collect()]
    } else {
        g.tieu_de
            .iter()
            .map(|r| {
                r.value
                    .iter()
                    .map(|v| {
                        let mut cl = cell(c, v, &format!("{field}.tieu_de"));
                        cl.bold = true;
                        cl.align = cl.align.or(Some(Align::Center));
                        cl
                    })
                    .collect()
            })
            .collect()
    };
    let header_pos: Vec<Pos> = if g.tieu_de.is_empty() {
        vec![pos]
    } else {
        g.tieu_de.iter().map(|r| Pos::of(&r.referenced)).collect()
    };
    check_grid(
        c,
        &header,
        &header_pos,
        n,
        &format!("{field}.tieu_de"),
        false,
    );

    let numbered = g.stt == Some(true);
    let mut rows = Vec::new();
    let mut row_pos = Vec::new();
    for r in &g.dong {
        let at = Pos::of(&r.referenced);
        row_pos.push(at);
        match &r.value {
            RawRow::Cells(cells) => {
                let mut cs: Vec<Cell> = cells
                    .iter()
                    .map(|v| cell(c, v, &format!("{field}.dong")))
                    .collect();
                let width: usize = cs.iter().map(|c| c.colspan).sum();
                if numbered && width + 1 == n {
                    // The STT column is filled by the tool; the clerk may
                    // leave it out or leave it empty.
                    cs.insert(
                        0,
                        Cell {
                            paras: Vec::new(),
                            colspan: 1,
                            rowspan: 1,
                            align: None,
                            bold: false,
                        },
                    );
                }
                rows.push(Row::Cells(cs));
            }
            RawRow::Special(s) => match (&s.nhom, &s.tong) {
                (Some(g), None) => {
                    let text = one(c, g, &format!("{field}.dong.nhom"));
                    rows.push(Row::Group(c.inline_str(
                        &text,
                        at,
                        &format!("{field}.dong.nhom"),
                    )));
                }
                (None, Some(t)) => {
                    let cs = t
                        .value
                        .iter()
                        .map(|v| {
                            let mut cl = cell(c, v, &format!("{field}.dong.tong"));
                            cl.bold = true;
                            cl
                        })
                        .collect();
                    rows.push(Row::Total(cs));
                }
                _ => c.error(
                    at,
                    &format!("{field}.dong"),
                    "dòng đặc biệt cần đúng một trong `nhom`, `tong`",
                    None,
                ),
            },
        }
    }
    let grid: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| match r {
            Row::Cells(cs) | Row::Total(cs) => cs.clone(),
            Row::Group(_) => vec![Cell {
                paras: Vec::new(),
                colspan: n,
                rowspan: 1,
                align: None,
                bold: true,
            }],
        })
        .collect();
    check_grid(c, &grid, &row_pos, n, &format!("{field}.dong"), numbered);
    Table {
        columns,
        header,
        column_numbers: g.so_cot == Some(true),
        rows,
        numbered,
        repeat_header: g.lap_tieu_de != Some(false),
    }
}

/// Every row must fill the columns exactly, counting cells that span down
/// from rows above; a span must not run past the table.
fn check_grid(
    c: &mut Checker,
    rows: &[Vec<Cell>],
    pos: &[Pos],
    n: usize,
    field: &str,
    numbered: bool,
) {
    let mut carry = vec![0usize; n]; // rows still covered from above, per column
    for (i, row) in rows.iter().enumerate() {
        let at = pos.get(i).copied().unwrap_or_default();
        let mut col = 0;
        let mut ok = true;
        for cl in row {
            while col < n && carry[col] > 0 {
                col += 1;
            }
            if col + cl.colspan > n {
                ok = false;
                break;
            }
            for k in &mut carry[col..col + cl.colspan] {
                if *k > 0 {
                    ok = false;
                }
                *k = cl.rowspan;
            }
            col += cl.colspan;
        }
        while col < n && carry[col] > 0 {
            col += 1;
        }
        if !ok || col != n {
            let filled: usize = row.iter().map(|c| c.colspan).sum::<usize>();
            c.error(
                at,
                field,
                format!(
                    "dòng {} của bảng có {} ô (kể cả ô gộp), bảng có {} cột",
                    i + 1,
                    filled,
                    n
                ),
                Some(if numbered {
                    "cột số thứ tự do vanban điền: bỏ ô đó hoặc để trống (\"\")".into()
                } else {
                    "gợi ý: ô gộp nhiều cột ghi `{o: …, gop_cot: 2}`; ô gộp nhiều dòng `{o: …, gop_dong: 2}` (các dòng dưới bỏ ô đó)".into()
                }),
            );
        }
        for k in carry.iter_mut() {
            *k = k.saturating_sub(1);
        }
    }
    if carry.iter().any(|k| *k > 0) {
        c.error(
            pos.last().copied().unwrap_or_default(),
            field,
            "ô gộp dòng (`gop_dong`) vượt quá số dòng của bảng",
            None,
        );
    }
}

/// The older per-kind keys, into blocks, in the order they always printed:
/// mở đầu, điều, chương, phần, mục, phân công, bảng; then `noi_dung`; then
/// kết luận.
pub(super) fn body(c: &mut Checker, raw: &RawDocument) -> Vec<Block> {
    let mut out: Vec<Block> = raw.mo_dau.iter().map(|p| para(c, p, "mo_dau")).collect();
    out.extend(raw.dieu.iter().map(|a| article(c, a, "dieu")));
    out.extend(raw.chuong.iter().map(|ch| chapter(c, ch, "chuong")));
    out.extend(raw.phan.iter().map(|d| {
        let v = &d.value;
        let mut kids: Vec<Block> = v.doan.iter().map(|p| para(c, p, "phan.doan")).collect();
        kids.extend(v.muc.iter().map(|m| part(c, m, "phan.muc")));
        division(c, Level::Part, &v.tieu_de, kids, "phan")
    }));
    out.extend(raw.muc.iter().map(|m| part(c, m, "muc")));
    out.extend(raw.phan_cong.iter().map(|s| section(c, s)));
    if let Some(t) = &raw.bang {
        out.push(Block::Table(table(c, t, "bang")));
    }
    out.extend(blocks(c, &raw.noi_dung, Ctx::ROOT, "noi_dung"));
    out.extend(raw.ket_luan.iter().map(|p| para(c, p, "ket_luan")));
    out
}

/// An appendix's or attached document's content, the same way.
pub(super) fn attachment_body(c: &mut Checker, v: &RawAttachment, field: &str) -> Vec<Block> {
    let mut out: Vec<Block> = v
        .doan
        .iter()
        .map(|p| para(c, p, &format!("{field}.doan")))
        .collect();
    out.extend(
        v.dieu
            .iter()
            .map(|a| article(c, a, &format!("{field}.dieu"))),
    );
    out.extend(
        v.chuong
            .iter()
            .map(|ch| chapter(c, ch, &format!("{field}.chuong"))),
    );
    out.extend(v.muc.iter().map(|m| part(c, m, &format!("{field}.muc"))));
    if let Some(t) = &v.bang {
        out.push(Block::Table(table(c, t, &format!("{field}.bang"))));
    }
    out.extend(blocks(
        c,
        &v.noi_dung,
        Ctx::ROOT,
        &format!("{field}.noi_dung"),
    ));
    out
}

fn para(c: &mut Checker, p: &Located<String>, field: &str) -> Block {
    Block::Para(Para {
        spans: c.inline(p, field),
        align: Align::Justify,
    })
}

fn division(
    c: &mut Checker,
    level: Level,
    title: &Located<String>,
    children: Vec<Block>,
    field: &str,
) -> Block {
    Block::Unit(Unit {
        level,
        number: None,
        title: Some(vn::upper(&one(c, title, &format!("{field}.tieu_de")))),
        lead: Vec::new(),
        children,
    })
}

/// An article (Điều) of the `dieu:` list: titled, or its first paragraph
/// running in.
fn article(c: &mut Checker, a: &Located<RawArticle>, field: &str) -> Block {
    let v = &a.value;
    let title = v
        .tieu_de
        .as_ref()
        .map(|t| one(c, t, &format!("{field}.tieu_de")));
    let mut kids: Vec<Block> = v
        .noi_dung
        .iter()
        .map(|p| para(c, p, &format!("{field}.noi_dung")))
        .collect();
    kids.extend(clauses(c, &v.khoan, &format!("{field}.khoan")));
    let mut lead = Vec::new();
    if title.is_none() {
        match kids.first() {
            Some(Block::Para(_)) => {
                if let Block::Para(p) = kids.remove(0) {
                    lead = p.spans;
                }
            }
            _ => c.error(
                Pos::of(&a.referenced),
                field,
                "điều không có tiêu đề cần một đoạn nội dung (chạy tiếp sau \"Điều 1.\")",
                Some("cần: `tieu_de: …`, hoặc `noi_dung: [ … ]`".into()),
            ),
        }
    }
    Block::Unit(Unit {
        level: Level::Article,
        number: None,
        title,
        lead,
        children: kids,
    })
}

fn chapter(c: &mut Checker, ch: &Located<RawChapter>, field: &str) -> Block {
    let v = &ch.value;
    if v.muc.is_empty() && v.dieu.is_empty() {
        c.error(
            Pos::of(&ch.referenced),
            field,
            "chương chưa có Điều nào",
            Some("cần: `dieu:` hoặc `muc:` (mỗi mục có `dieu:`)".into()),
        );
    }
    let mut kids: Vec<Block> = v
        .dieu
        .iter()
        .map(|a| article(c, a, &format!("{field}.dieu")))
        .collect();
    kids.extend(
        v.muc
            .iter()
            .map(|m| subdivision(c, m, &format!("{field}.muc"), Level::Section)),
    );
    division(c, Level::Chapter, &v.tieu_de, kids, field)
}

fn subdivision(c: &mut Checker, s: &Located<RawSubdivision>, field: &str, level: Level) -> Block {
    let v = &s.value;
    if level == Level::Subsection && !v.tieu_muc.is_empty() {
        c.error(
            Pos::of(&s.referenced),
            field,
            "tiểu mục không chia nhỏ hơn nữa",
            Some("Nghị định 30: phần, chương, mục, tiểu mục, điều".into()),
        );
    }
    let mut kids: Vec<Block> = v
        .dieu
        .iter()
        .map(|a| article(c, a, &format!("{field}.dieu")))
        .collect();
    kids.extend(
        v.tieu_muc
            .iter()
            .map(|t| subdivision(c, t, &format!("{field}.tieu_muc"), Level::Subsection)),
    );
    division(c, level, &v.tieu_de, kids, field)
}

/// A Roman-numbered part (mục I., II.) of a report or plan.
fn part(c: &mut Checker, m: &Located<RawPart>, field: &str) -> Block {
    let v = &m.value;
    let mut kids: Vec<Block> = v
        .doan
        .iter()
        .map(|p| para(c, p, &format!("{field}.doan")))
        .collect();
    kids.extend(clauses(c, &v.khoan, &format!("{field}.khoan")));
    division(c, Level::Roman, &v.tieu_de, kids, field)
}

/// Clauses (khoản) and their points (điểm).
fn clauses(c: &mut Checker, list: &[Located<StrOr<RawClause>>], field: &str) -> Vec<Block> {
    list.iter()
        .map(|k| {
            let (lead, points) = match &k.value {
                StrOr::Str(t) => (
                    c.inline_str(&nfc(t.trim()), Pos::of(&k.referenced), field),
                    Vec::new(),
                ),
                StrOr::Map(m) => (
                    c.inline(&m.noi_dung, &format!("{field}.noi_dung")),
                    m.diem
                        .iter()
                        .map(|p| {
                            Block::Unit(Unit {
                                level: Level::Point,
                                number: None,
                                title: None,
                                lead: c.inline(p, &format!("{field}.diem")),
                                children: Vec::new(),
                            })
                        })
                        .collect(),
                ),
            };
            Block::Unit(Unit {
                level: Level::Clause,
                number: None,
                title: None,
                lead,
                children: points,
            })
        })
        .collect()
}

/// A `phan_cong` section: "1. <assignee>" in bold, its paragraphs and tasks.
fn section(c: &mut Checker, s: &Located<RawSection>) -> Block {
    let raw = &s.value;
    let assignee = vn::strip_end_punct(&c.text(&raw.don_vi, "phan_cong.don_vi")).to_string();
    let mut kids: Vec<Block> = raw
        .doan
        .iter()
        .map(|p| para(c, p, "phan_cong.doan"))
        .collect();
    let tasks: Vec<Block> = raw
        .nhiem_vu
        .iter()
        .map(|t| Block::Task(task(c, t)))
        .collect();
    if kids.is_empty() && tasks.is_empty() {
        c.error(
            Pos::of(&s.referenced),
            "phan_cong",
            format!("phần giao cho `{assignee}` chưa có nhiệm vụ hay đoạn văn nào"),
            Some("cần: `nhiem_vu:` (danh sách) hoặc `doan:`".into()),
        );
    }
    kids.extend(tasks);
    Block::Unit(Unit {
        level: Level::Clause,
        number: None,
        title: Some(assignee),
        lead: Vec::new(),
        children: kids,
    })
}

fn task(c: &mut Checker, t: &Located<StrOr<RawTask>>) -> Task {
    let pos = Pos::of(&t.referenced);
    match &t.value {
        StrOr::Str(s) => {
            let s = nfc(s.trim());
            if s.is_empty() {
                c.error(pos, "phan_cong.nhiem_vu", "nhiệm vụ để trống", None);
            }
            Task {
                id: None,
                units: Vec::new(),
                text: c.inline_str(&s, pos, "phan_cong.nhiem_vu"),
                deadline: None,
            }
        }
        StrOr::Map(m) => Task {
            id: m.ma.as_ref().map(|m| nfc(m.value.trim())),
            units: m
                .don_vi
                .as_ref()
                .map(|u| u.value.as_slice().iter().map(|s| nfc(s.trim())).collect())
                .unwrap_or_default(),
            text: c.inline(&m.noi_dung, "phan_cong.nhiem_vu.noi_dung"),
            deadline: m
                .han
                .as_ref()
                .and_then(|h| c.date(h, "phan_cong.nhiem_vu.han")),
        },
    }
}
