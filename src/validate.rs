//! From the raw YAML structs to the validated [`Document`]: NFC
//! normalisation, required fields per signer authority, dates, symbol
//! composition and inline parsing. All errors are collected, each located.

use crate::diag::{Diagnostic, Pos};
use crate::inline::{self, Inline};
use crate::load::SourceFile;
use crate::model::*;
use crate::raw::*;
use crate::vn::{self, nfc, DocDate};

/// Collects diagnostics while converting.
struct Checker<'a> {
    src: &'a SourceFile,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, pos: Pos, field: &str, message: impl Into<String>, hint: Option<String>) {
        let mut d = self.src.error(pos, message).field(field);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.errors.push(d);
    }

    /// A required text: NFC, trimmed, not empty.
    fn text(&mut self, v: &Located<String>, field: &str) -> String {
        let s = nfc(v.value.trim());
        if s.is_empty() {
            self.error(
                Pos::of(&v.referenced),
                field,
                format!("trường `{field}` không được để trống"),
                None,
            );
        }
        s
    }

    /// A paragraph or task text with inline markup.
    fn inline(&mut self, v: &Located<String>, field: &str) -> Inline {
        let s = self.text(v, field);
        self.inline_str(&s, Pos::of(&v.referenced), field)
    }

    fn inline_str(&mut self, s: &str, pos: Pos, field: &str) -> Inline {
        // Folded YAML lines arrive joined with spaces or newlines: a line
        // break inside a paragraph is a space.
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match inline::parse(&s) {
            Ok(spans) => spans,
            Err(e) => {
                self.error(
                    pos,
                    field,
                    e.message,
                    Some(
                        "gợi ý: chú thích viết là ^[nội dung]; muốn in ký tự * ^ [ ] thì viết \\*, \\^, \\[, \\]"
                            .into(),
                    ),
                );
                Vec::new()
            }
        }
    }

    fn date(&mut self, v: &Located<String>, field: &str) -> Option<chrono::NaiveDate> {
        match DocDate::parse(&v.value).map(|d| d.full()) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.error(
                    Pos::of(&v.referenced),
                    field,
                    "thời hạn phải là một ngày đầy đủ",
                    Some("cần: ngày dạng YYYY-MM-DD, ví dụ 2024-06-30".into()),
                );
                None
            }
            Err(e) => {
                self.error(
                    Pos::of(&v.referenced),
                    field,
                    format!("ngày không hợp lệ: {e}"),
                    Some("cần: ngày dạng YYYY-MM-DD, ví dụ 2024-06-30".into()),
                );
                None
            }
        }
    }
}

/// Build the validated document from the raw one.
pub fn document(src: &SourceFile, raw: &RawDocument) -> Result<Document, Vec<Diagnostic>> {
    let mut c = Checker {
        src,
        errors: Vec::new(),
    };

    let kind = match &raw.loai {
        None => Kind::CONG_VAN,
        Some(v) => Kind::parse(&v.value).unwrap_or_else(|| {
            let keys: Vec<&str> = crate::model::KINDS.iter().map(|k| k.key).collect();
            let mut hint = format!("các loại: {}", keys.join(", "));
            if let Some(s) = crate::diag::did_you_mean(v.value.trim(), &keys) {
                hint = format!("có phải ý bạn là `{s}`? {hint}");
            }
            c.error(
                Pos::of(&v.referenced),
                "loai",
                format!(
                    "loại văn bản `{}` không có trong Nghị định 30",
                    v.value.trim()
                ),
                Some(hint),
            );
            Kind::CONG_VAN
        }),
    };

    let issuer = agency(
        &mut c,
        &raw.co_quan.ten,
        raw.co_quan.viet_tat.as_ref(),
        "co_quan",
    );
    let parent = raw
        .co_quan
        .chu_quan
        .as_ref()
        .map(|p| agency(&mut c, &p.ten, p.viet_tat.as_ref(), "co_quan.chu_quan"));

    // Symbol (§2.3): công văn <agency>-<drafting unit>; every other kind
    // <kind>-<agency>. The drafting unit still goes into the Lưu line.
    let unit = raw
        .don_vi_soan_thao
        .as_ref()
        .map(|u| c.text(u, "don_vi_soan_thao"));
    if issuer.abbreviation.is_none() {
        c.error(
            Pos::of(&raw.co_quan.ten.referenced),
            "co_quan.viet_tat",
            "thiếu chữ viết tắt tên cơ quan ban hành (dùng trong ký hiệu văn bản)",
            Some("cần: `viet_tat: UBND` trong bảng `co_quan`".into()),
        );
    }
    if unit.is_none() && kind.is_cong_van() {
        c.errors.push(
            src.error(Pos::new(1, 1), "công văn cần chữ viết tắt của đơn vị soạn thảo")
                .field("don_vi_soan_thao")
                .hint("cần: `don_vi_soan_thao: KTTH` — ký hiệu công văn là <cơ quan>-<đơn vị soạn thảo>, ví dụ UBND-KTTH"),
        );
    }
    let agency_abbr = issuer.abbreviation.as_deref().unwrap_or("");
    let symbol = match kind.abbreviation() {
        None => vn::compose_symbol(&[agency_abbr, unit.as_deref().unwrap_or("")]),
        Some(k) => vn::compose_symbol(&[k, agency_abbr]),
    };

    let number = match &raw.so {
        Some(n) if n.value == 0 => {
            c.error(
                Pos::of(&n.referenced),
                "so",
                "số văn bản bắt đầu từ 1",
                Some("để trống `so:` nếu văn thư sẽ ghi số sau khi ký".into()),
            );
            None
        }
        Some(n) => Some(n.value),
        None => None,
    };

    let place = c.text(&raw.dia_danh, "dia_danh");
    let date = match DocDate::parse(&raw.ngay.value) {
        Ok(d) => d,
        Err(e) => {
            c.error(
                Pos::of(&raw.ngay.referenced),
                "ngay",
                format!("ngày ban hành không hợp lệ: {e}"),
                Some(
                    "cần: YYYY-MM-DD (ví dụ 2024-04-19); bản dự thảo có thể để YYYY-MM hoặc YYYY"
                        .into(),
                ),
            );
            DocDate {
                year: 1970,
                month: None,
                day: None,
            }
        }
    };

    let subject = c.text(&raw.trich_yeu, "trich_yeu");
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let subject = strip_prefix_ci(&subject, "V/v ").to_string();

    let addressees: Vec<String> = match &raw.kinh_gui {
        None => Vec::new(),
        Some(k) => {
            let pos = Pos::of(&k.referenced);
            let items: Vec<String> = match &k.value {
                OneOrMany::One(s) => vec![s.clone()],
                OneOrMany::Many(v) => v.clone(),
            };
            let items: Vec<String> = items
                .iter()
                .map(|s| vn::strip_end_punct(&nfc(s.trim())).to_string())
                .collect();
            if items.is_empty() || items.iter().any(String::is_empty) {
                c.error(
                    pos,
                    "kinh_gui",
                    "có nơi nhận trong `kinh_gui` bị để trống",
                    None,
                );
            }
            items
        }
    };

    let authority_line = raw
        .tham_quyen
        .as_ref()
        .map(|t| vn::upper(&c.text(t, "tham_quyen")));
    let grounds: Vec<Inline> = raw
        .can_cu
        .iter()
        .map(|g| {
            let text = nfc(g.value.trim());
            let text = strip_prefix_ci(&text, "Căn cứ ").to_string();
            let text = vn::strip_end_punct(&text).to_string();
            c.inline_str(&text, Pos::of(&g.referenced), "can_cu")
        })
        .collect();
    let proposer = raw.theo_de_nghi.as_ref().map(|t| {
        let text = c.text(t, "theo_de_nghi");
        let text = strip_prefix_ci(&text, "Theo đề nghị của ").to_string();
        vn::strip_end_punct(&text).to_string()
    });
    let articles: Vec<Article> = raw
        .dieu
        .iter()
        .map(|a| Article {
            title: vn::strip_end_punct(&c.text(&a.value.tieu_de, "dieu.tieu_de")).to_string(),
            paragraphs: a
                .value
                .noi_dung
                .iter()
                .map(|p| c.inline(p, "dieu.noi_dung"))
                .collect(),
            clauses: a
                .value
                .khoan
                .iter()
                .map(|k| match &k.value {
                    StrOr::Str(t) => Clause {
                        text: c.inline_str(&nfc(t.trim()), Pos::of(&k.referenced), "dieu.khoan"),
                        points: Vec::new(),
                    },
                    StrOr::Map(m) => Clause {
                        text: c.inline(&m.noi_dung, "dieu.khoan.noi_dung"),
                        points: m
                            .diem
                            .iter()
                            .map(|p| c.inline(p, "dieu.khoan.diem"))
                            .collect(),
                    },
                })
                .collect(),
        })
        .collect();
    let parts: Vec<Part> = raw
        .muc
        .iter()
        .map(|m| Part {
            title: vn::upper(vn::strip_end_punct(
                &c.text(&m.value.tieu_de, "muc.tieu_de"),
            )),
            paragraphs: m
                .value
                .doan
                .iter()
                .map(|p| c.inline(p, "muc.doan"))
                .collect(),
            clauses: clauses(&mut c, &m.value.khoan, "muc.khoan"),
        })
        .collect();
    let invitation = raw.giay_moi.as_ref().map(|g| {
        if kind.key() != "giay_moi" {
            c.error(
                Pos::of(&g.referenced),
                "giay_moi",
                format!(
                    "mục `giay_moi` chỉ dùng cho giấy mời, văn bản này là {}",
                    kind.name()
                ),
                Some("cần: `loai: giay_moi`, hoặc bỏ mục `giay_moi`".into()),
            );
        }
        let v = &g.value;
        let one = |c: &mut Checker, l: &Located<String>, f: &str| {
            vn::strip_end_punct(&c.text(l, f))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        Invitation {
            invitee: one(&mut c, &v.kinh_moi, "giay_moi.kinh_moi"),
            event: one(&mut c, &v.toi_du, "giay_moi.toi_du"),
            chair: v
                .chu_tri
                .as_ref()
                .map(|l| one(&mut c, l, "giay_moi.chu_tri")),
            time: one(&mut c, &v.thoi_gian, "giay_moi.thoi_gian"),
            place: one(&mut c, &v.dia_diem, "giay_moi.dia_diem"),
            notes: v
                .luu_y
                .iter()
                .map(|p| c.inline(p, "giay_moi.luu_y"))
                .collect(),
        }
    });
    let opening: Vec<Inline> = raw.mo_dau.iter().map(|p| c.inline(p, "mo_dau")).collect();
    let sections: Vec<Section> = raw.phan_cong.iter().map(|s| section(&mut c, s)).collect();
    let table = raw.bang.as_ref().map(|t| table(&mut c, t));
    let closing: Vec<Inline> = raw
        .ket_luan
        .iter()
        .map(|p| c.inline(p, "ket_luan"))
        .collect();
    if opening.is_empty()
        && invitation.is_none()
        && articles.is_empty()
        && parts.is_empty()
        && sections.is_empty()
        && table.is_none()
        && closing.is_empty()
    {
        c.errors.push(
            src.error(Pos::new(1, 1), "văn bản chưa có nội dung")
                .field("mo_dau")
                .hint("cần: ít nhất một đoạn trong `mo_dau`, `phan_cong` hoặc `ket_luan`"),
        );
    }

    let signer = signer(&mut c, &raw.nguoi_ky);
    let (recipients, group_archive) = recipients(&mut c, &raw.noi_nhan);
    let archive = raw.luu.as_ref().map(|l| archive_text(&c.text(l, "luu")));
    if archive.is_some() && group_archive {
        let l = raw.luu.as_ref().unwrap();
        c.error(
            Pos::of(&l.referenced),
            "luu",
            "dòng \"Lưu\" được khai báo hai lần (ở `luu` và trong một nhóm của `noi_nhan`)",
            Some("gợi ý: giữ một trong hai".into()),
        );
    }

    let keywords = raw.tu_khoa.iter().map(|k| nfc(k.trim())).collect();
    let pdfa = raw.pdfa.as_ref().and_then(|p| match &p.value {
        BoolOrStr::Bool(b) => b.then_some(PdfA::A2b),
        BoolOrStr::Str(s) => {
            let level = PdfA::parse(s);
            if level.is_none() {
                c.error(
                    Pos::of(&p.referenced),
                    "pdfa",
                    format!("mức PDF/A `{s}` không được hỗ trợ"),
                    Some("cần: true (PDF/A-2b), \"2b\", \"2u\" hoặc \"3b\"".into()),
                );
            }
            level
        }
    });

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(Document {
        kind,
        parent,
        issuer,
        number,
        symbol,
        drafting_unit: unit,
        place,
        date,
        subject,
        addressees,
        authority_line,
        grounds,
        proposer,
        articles,
        parts,
        invitation,
        opening,
        sections,
        table,
        closing,
        signer,
        recipients,
        archive,
        keywords,
        pdfa,
    })
}

/// Clauses (khoản) and their points (điểm).
fn clauses(c: &mut Checker, list: &[Located<StrOr<RawClause>>], field: &str) -> Vec<Clause> {
    list.iter()
        .map(|k| match &k.value {
            StrOr::Str(t) => Clause {
                text: c.inline_str(&nfc(t.trim()), Pos::of(&k.referenced), field),
                points: Vec::new(),
            },
            StrOr::Map(m) => Clause {
                text: c.inline(&m.noi_dung, &format!("{field}.noi_dung")),
                points: m
                    .diem
                    .iter()
                    .map(|p| c.inline(p, &format!("{field}.diem")))
                    .collect(),
            },
        })
        .collect()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> &'a str {
    match s.get(..prefix.len()) {
        Some(p) if p.eq_ignore_ascii_case(prefix) => &s[prefix.len()..],
        _ => s,
    }
}

/// "VT, KTTH" with a user-typed "Lưu:" prefix and end punctuation removed.
fn archive_text(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("Lưu:")
        .or_else(|| s.strip_prefix("Lưu"))
        .unwrap_or(s);
    vn::strip_end_punct(s.trim()).to_string()
}

fn agency(
    c: &mut Checker,
    name: &Located<String>,
    abbr: Option<&Located<String>>,
    field: &str,
) -> Agency {
    let text = c.text(name, &format!("{field}.ten"));
    let typed: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let lines = typed.iter().map(|l| vn::upper(l)).collect();
    let abbreviation = abbr.map(|a| c.text(a, &format!("{field}.viet_tat")));
    if let (Some(a), Some(loc)) = (&abbreviation, abbr) {
        if a.contains(char::is_whitespace) || a.contains('/') {
            c.error(
                Pos::of(&loc.referenced),
                &format!("{field}.viet_tat"),
                format!("chữ viết tắt `{a}` không được chứa dấu cách hoặc \"/\""),
                Some("ký hiệu văn bản nối các nhóm chữ viết tắt bằng \"-\", không có dấu cách (Phụ lục I)".into()),
            );
        }
    }
    Agency {
        lines,
        typed,
        abbreviation,
    }
}

/// A table (bảng): header cells, optional relative widths, rows.
fn table(c: &mut Checker, t: &Located<RawTable>) -> Table {
    let pos = Pos::of(&t.referenced);
    let cell = |s: &String| {
        nfc(s.trim())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let columns: Vec<String> = t.value.cot.iter().map(cell).collect();
    if columns.is_empty() {
        c.error(pos, "bang.cot", "bảng cần ít nhất một cột", None);
    }
    let widths = match &t.value.do_rong {
        Some(w) if w.len() != columns.len() || w.iter().any(|x| *x <= 0.0 || !x.is_finite()) => {
            c.error(
                pos,
                "bang.do_rong",
                format!("`do_rong` cần {} số dương, mỗi cột một số", columns.len()),
                None,
            );
            vec![1.0; columns.len()]
        }
        Some(w) => w.clone(),
        None => vec![1.0; columns.len()],
    };
    let mut rows = Vec::new();
    for (i, r) in t.value.dong.iter().enumerate() {
        if r.len() != columns.len() {
            c.error(
                pos,
                "bang.dong",
                format!(
                    "dòng {} của bảng có {} ô, bảng có {} cột",
                    i + 1,
                    r.len(),
                    columns.len()
                ),
                None,
            );
        }
        rows.push(r.iter().map(cell).collect());
    }
    Table {
        columns,
        widths,
        rows,
    }
}

fn section(c: &mut Checker, s: &Located<RawSection>) -> Section {
    let raw = &s.value;
    let assignee = vn::strip_end_punct(&c.text(&raw.don_vi, "phan_cong.don_vi")).to_string();
    let paragraphs = raw
        .doan
        .iter()
        .map(|p| c.inline(p, "phan_cong.doan"))
        .collect::<Vec<_>>();
    let tasks: Vec<Task> = raw.nhiem_vu.iter().map(|t| task(c, t)).collect();
    if paragraphs.is_empty() && tasks.is_empty() {
        c.error(
            Pos::of(&s.referenced),
            "phan_cong",
            format!("phần giao cho `{assignee}` chưa có nhiệm vụ hay đoạn văn nào"),
            Some("cần: `nhiem_vu:` (danh sách) hoặc `doan:`".into()),
        );
    }
    Section {
        assignee,
        paragraphs,
        tasks,
    }
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
        StrOr::Map(m) => {
            let units = m
                .don_vi
                .as_ref()
                .map(|u| match &u.value {
                    OneOrMany::One(s) => vec![nfc(s.trim())],
                    OneOrMany::Many(v) => v.iter().map(|s| nfc(s.trim())).collect(),
                })
                .unwrap_or_default();
            Task {
                id: m.ma.as_ref().map(|m| nfc(m.value.trim())),
                units,
                text: c.inline(&m.noi_dung, "phan_cong.nhiem_vu.noi_dung"),
                deadline: m
                    .han
                    .as_ref()
                    .and_then(|h| c.date(h, "phan_cong.nhiem_vu.han")),
            }
        }
    }
}

/// A signer block read from another file (a progress file's `nguoi_ky`).
pub fn signer_of(src: &SourceFile, raw: &RawSigner) -> Result<Signer, Vec<Diagnostic>> {
    let mut c = Checker {
        src,
        errors: Vec::new(),
    };
    let s = signer(&mut c, raw);
    if c.errors.is_empty() {
        Ok(s)
    } else {
        Err(c.errors)
    }
}

fn signer(c: &mut Checker, s: &RawSigner) -> Signer {
    let authority = s.quyen_han.as_ref().and_then(|q| {
        let t = q.value.trim();
        if t.is_empty() {
            return None;
        }
        let a = Authority::parse(t);
        if a.is_none() {
            c.error(
                Pos::of(&q.referenced),
                "nguoi_ky.quyen_han",
                format!("quyền hạn ký `{t}` không có trong Nghị định 30"),
                Some("cần: TM. (thay mặt), KT. (ký thay), TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền), hoặc bỏ trống".into()),
            );
        }
        a
    });
    let head = s
        .thu_truong
        .as_ref()
        .map(|h| vn::upper(&c.text(h, "nguoi_ky.thu_truong")));
    let title = s
        .chuc_vu
        .as_ref()
        .map(|h| vn::upper(&c.text(h, "nguoi_ky.chuc_vu")));
    let name = c.text(&s.ho_ten, "nguoi_ky.ho_ten");
    let at = Pos::of(&s.ho_ten.referenced);
    if let (Some(a), None) = (authority, &head) {
        let a = a.prefix();
        c.error(
            at,
            "nguoi_ky.thu_truong",
            format!(
                "người ký \"{a}\" cần chức vụ của người đứng đầu hoặc tên tập thể đứng sau \"{a}\""
            ),
            Some(format!(
                "cần: ví dụ `thu_truong: CHỦ TỊCH` để in \"{a} CHỦ TỊCH\""
            )),
        );
    }
    let needs_title = !matches!(authority, Some(Authority::Q));
    if needs_title && title.is_none() {
        c.error(
            at,
            "nguoi_ky.chuc_vu",
            "thiếu chức vụ của người ký",
            Some("cần: ví dụ `chuc_vu: PHÓ CHỦ TỊCH`".into()),
        );
    }
    Signer {
        authority,
        head,
        title,
        name,
    }
}

/// The Nơi nhận list; also says whether a group carries the Lưu line.
fn recipients(
    c: &mut Checker,
    list: &[Located<StrOr<RawRecipientGroup>>],
) -> (Vec<Recipient>, bool) {
    let mut out = Vec::new();
    let mut archives = 0;
    for item in list {
        let pos = Pos::of(&item.referenced);
        match &item.value {
            StrOr::Str(s) => {
                let s = vn::strip_end_punct(&nfc(s.trim())).to_string();
                if s.is_empty() {
                    c.error(pos, "noi_nhan", "có dòng trống trong `noi_nhan`", None);
                }
                out.push(Recipient::Single(s));
            }
            StrOr::Map(g) => {
                let name = vn::strip_end_punct(&c.text(&g.ten, "noi_nhan.ten")).to_string();
                let members = g
                    .gom
                    .iter()
                    .map(|m| vn::strip_end_punct(&c.text(m, "noi_nhan.gom")).to_string())
                    .collect();
                let archive = g
                    .luu
                    .as_ref()
                    .map(|l| archive_text(&c.text(l, "noi_nhan.luu")));
                if archive.is_some() {
                    archives += 1;
                }
                out.push(Recipient::Group {
                    name,
                    members,
                    archive,
                });
            }
        }
    }
    if archives > 1 {
        c.errors.push(
            c.src
                .error(
                    Pos::new(1, 1),
                    "dòng \"Lưu\" xuất hiện ở nhiều nhóm của `noi_nhan`",
                )
                .field("noi_nhan.luu"),
        );
    }
    (out, archives > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;

    fn doc(yaml: &str) -> Result<Document, Vec<Diagnostic>> {
        let src = SourceFile::from_text("t.yaml", yaml);
        let raw = load::parse(&src)?;
        document(&src, &raw)
    }

    const BASE: &str = "co_quan:\n  ten: Ủy ban nhân dân tỉnh Bắc Giang\n  viet_tat: UBND\nso: 5\ndon_vi_soan_thao: KTTH\ndia_danh: Bắc Giang\nngay: 2024-04-19\ntrich_yeu: V/v thử\nkinh_gui: Bộ Nội vụ;\nmo_dau:\n  - Nội dung.\nnguoi_ky:\n  quyen_han: kt\n  thu_truong: chủ tịch\n  chuc_vu: phó chủ tịch\n  ho_ten: Phan Thế Tuấn\nnoi_nhan:\n  - Như trên;\nluu: 'Lưu: VT, KTTH.'\n";

    #[test]
    fn normalises_the_seed_shape() {
        let d = doc(BASE).unwrap();
        assert_eq!(d.symbol, "UBND-KTTH");
        assert_eq!(d.number_symbol(), "05/UBND-KTTH");
        assert_eq!(d.subject, "thử");
        assert_eq!(d.addressees, ["Bộ Nội vụ"]);
        assert_eq!(d.issuer.lines, ["ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"]);
        assert_eq!(d.signer.authority, Some(Authority::Kt));
        assert_eq!(d.signer.head.as_deref(), Some("CHỦ TỊCH"));
        assert_eq!(d.archive.as_deref(), Some("VT, KTTH"));
        assert_eq!(inline::plain(&d.opening[0]), "Nội dung.");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = BASE.nfd().collect();
        let d = doc(&nfd).unwrap();
        assert_eq!(d.place, "Bắc Giang");
        assert_eq!(d.signer.name, "Phan Thế Tuấn");
    }

    #[test]
    fn kt_without_head_is_an_error() {
        let y = BASE.replace("  thu_truong: chủ tịch\n", "");
        let errs = doc(&y).unwrap_err();
        assert!(errs
            .iter()
            .any(|e| e.field.as_deref() == Some("nguoi_ky.thu_truong")));
        assert_eq!(errs[0].pos.line, 15);
    }

    #[test]
    fn unknown_authority_is_located() {
        let y = BASE.replace("quyen_han: kt", "quyen_han: XY");
        let errs = doc(&y).unwrap_err();
        assert_eq!(errs[0].pos, Pos::new(13, 14));
        assert!(errs[0].message.contains("XY"));
    }

    #[test]
    fn bad_date_and_footnote_are_located() {
        let y = BASE
            .replace("ngay: 2024-04-19", "ngay: 2024-02-30")
            .replace("  - Nội dung.", "  - Nội dung^[chưa đóng.");
        let errs = doc(&y).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].pos.line, 7);
        assert_eq!(errs[1].pos.line, 11);
    }
}
