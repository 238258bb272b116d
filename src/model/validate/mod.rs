//! From the raw YAML structs to the validated [`Document`]: NFC
//! normalisation, required fields per signer authority, dates, symbol
//! composition and inline parsing. All errors are collected, each located.

mod body;

use crate::diag::{Diagnostic, Pos};
use crate::format::load::SourceFile;
use crate::format::raw::*;
use crate::model::*;
use crate::text::inline::{self, Inline};
use crate::text::vn::{self, nfc, DocDate};

/// Collects diagnostics while converting.
pub(crate) struct Checker<'a> {
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
        let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // The tool adds "./." itself: one the clerk typed is dropped (rule
        // ND30-DC-01 says so), never doubled.
        if s.ends_with("./.") {
            s.truncate(s.len() - 2);
        }
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

    // A joint biên bản (several agencies) has no issuer and no number;
    // every other document has an issuing body.
    let (issuer, parent) = match &raw.co_quan {
        Some(a) => (
            agency(&mut c, &a.value.ten, a.value.viet_tat.as_ref(), "co_quan"),
            a.value
                .chu_quan
                .as_ref()
                .map(|p| agency(&mut c, &p.ten, p.viet_tat.as_ref(), "co_quan.chu_quan")),
        ),
        None => {
            if kind.key() != "bien_ban" {
                c.errors.push(
                    src.error(Pos::new(1, 1), "thiếu cơ quan ban hành")
                        .field("co_quan")
                        .hint("cần: `co_quan: {ten: …, viet_tat: …}`; chỉ biên bản liên ngành mới không có cơ quan ban hành"),
                );
            }
            (
                Agency {
                    typed: Vec::new(),
                    lines: Vec::new(),
                    abbreviation: None,
                },
                None,
            )
        }
    };
    let joint = raw.co_quan.is_none();

    // Symbol (§2.3): công văn <agency>-<drafting unit>; every other kind
    // <kind>-<agency>. The drafting unit still goes into the Lưu line.
    let unit = raw
        .don_vi_soan_thao
        .as_ref()
        .map(|u| c.text(u, "don_vi_soan_thao"));
    if issuer.abbreviation.is_none() && !joint {
        let at = raw
            .co_quan
            .as_ref()
            .map_or(Pos::new(1, 1), |a| Pos::of(&a.value.ten.referenced));
        c.error(
            at,
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

    let number = raw.so.as_ref().and_then(|n| number(&mut c, n, "so"));
    if let (Some(_), true) = (&number, joint) {
        let n = raw.so.as_ref().expect("number came from `so`");
        c.error(
            Pos::of(&n.referenced),
            "so",
            "biên bản không có cơ quan ban hành thì không có số",
            Some("gợi ý: bỏ `so`, hoặc ghi `co_quan` của cơ quan lập biên bản".into()),
        );
    }
    let normative = raw.qppl == Some(true);
    if normative && !kind.may_be_normative() {
        c.errors.push(
            src.error(
                Pos::new(1, 1),
                format!(
                    "{} không phải văn bản quy phạm pháp luật: số không ghi năm",
                    kind.name()
                ),
            )
            .field("qppl")
            .hint("số có năm (\"35/2024/QĐ-UBND\") chỉ dùng cho nghị quyết, quyết định, chỉ thị là văn bản quy phạm pháp luật; bỏ `qppl`"),
        );
    }

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

    // Issue 15: `du_thao` marks a draft ("DỰ THẢO", "Dự thảo lần 2"); a
    // document with a number and a full date is issued, and an issued
    // document never carries the mark: that is an error, not a silent drop.
    let draft = raw.du_thao.as_ref().and_then(|d| {
        let round = match d.value {
            BoolOrNumber::Bool(b) => b.then_some(0),
            BoolOrNumber::Number(n) if (1..=99).contains(&n) => Some(n as u32),
            BoolOrNumber::Number(n) => {
                c.error(
                    Pos::of(&d.referenced),
                    "du_thao",
                    format!("lần dự thảo `{n}` không hợp lệ"),
                    Some("cần: `du_thao: true` (\"DỰ THẢO\") hoặc số lần dự thảo từ 1 đến 99".into()),
                );
                None
            }
        };
        if round.is_some() && number.is_some() && date.full().is_some() {
            c.error(
                Pos::of(&d.referenced),
                "du_thao",
                "văn bản đã có số và ngày ban hành đầy đủ nên không còn là dự thảo: không in dấu \"DỰ THẢO\" lên văn bản đã ban hành",
                Some("gợi ý: bỏ `du_thao` (lệnh `vanban issue` tự bỏ khi cấp số), hoặc để trống `so` khi văn bản còn là dự thảo".into()),
            );
        }
        round
    });

    // Giấy giới thiệu and giấy nghỉ phép have no trích yếu in their Mẫu;
    // every other kind needs one.
    let subject = match &raw.trich_yeu {
        Some(t) => {
            let subject = c.text(t, "trich_yeu");
            // A break the clerk typed (a `|` block) is kept (A4); a folded
            // line is a space.
            let lines: Vec<String> = subject
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect();
            let joined = lines.join("\n");
            Some(strip_prefix_ci(&joined, "V/v ").to_string())
        }
        None if !kind.has_subject() => None,
        None => {
            c.errors.push(
                src.error(Pos::new(1, 1), "thiếu trích yếu nội dung văn bản")
                    .field("trich_yeu")
                    .hint("cần: `trich_yeu: Về việc …` (công văn: nội dung sau \"V/v\")"),
            );
            None
        }
    };
    let (addressees, addressee_note) = match &raw.kinh_gui {
        None => (Vec::new(), None),
        Some(k) => {
            let pos = Pos::of(&k.referenced);
            let mut items: Vec<String> = k
                .value
                .as_slice()
                .iter()
                .map(|s| {
                    nfc(s.trim())
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            // A last line in brackets is a note under the block (F1).
            let note = match items.last() {
                Some(l) if l.starts_with('(') && l.ends_with(')') && items.len() > 1 => items.pop(),
                _ => None,
            };
            if items.is_empty() || items.iter().any(String::is_empty) {
                c.error(
                    pos,
                    "kinh_gui",
                    "có nơi nhận trong `kinh_gui` bị để trống",
                    None,
                );
            }
            // One addressee is printed as typed, on the label's line; a list
            // is punctuated by the tool.
            if items.len() > 1 {
                for i in items.iter_mut() {
                    *i = vn::strip_end_punct(i).to_string();
                }
            } else if let Some(one) = items.first_mut() {
                // Its "." stays; a list's ";" or "," does not belong here.
                *one = one.trim_end_matches([';', ',', ':']).trim_end().to_string();
            }
            (items, note)
        }
    };

    let authority_line = raw
        .tham_quyen
        .as_ref()
        .map(|t| vn::upper(&c.text(t, "tham_quyen")));
    let mut preamble: Vec<Inline> = raw
        .can_cu
        .iter()
        .map(|g| {
            let text = nfc(g.value.trim());
            let text = vn::strip_end_punct(&text);
            // "Theo đề nghị …", "Xét đề nghị …", "Thực hiện …" are kept as
            // written; anything else is a legal ground (B1, B2).
            let kept = PREAMBLE_OPENERS.iter().any(|o| starts_with_ci(text, o));
            let text = if kept {
                text.to_string()
            } else {
                format!("Căn cứ {}", strip_prefix_ci(text, "Căn cứ ").trim_start())
            };
            c.inline_str(&text, Pos::of(&g.referenced), "can_cu")
        })
        .collect();
    if let Some(t) = &raw.theo_de_nghi {
        let text = c.text(t, "theo_de_nghi");
        let text = strip_prefix_ci(&text, "Theo đề nghị của ").to_string();
        let text = vn::strip_end_punct(&text).to_string();
        preamble.push(c.inline_str(
            &format!("Theo đề nghị của {text}"),
            Pos::of(&t.referenced),
            "theo_de_nghi",
        ));
    }
    for (present, key) in [
        (raw.giay_moi.as_ref().map(|g| &g.referenced), "giay_moi"),
        (raw.cong_dien.as_ref().map(|g| &g.referenced), "cong_dien"),
        (
            raw.giay_gioi_thieu.as_ref().map(|g| &g.referenced),
            "giay_gioi_thieu",
        ),
        (
            raw.giay_nghi_phep.as_ref().map(|g| &g.referenced),
            "giay_nghi_phep",
        ),
        (raw.bien_ban.as_ref().map(|g| &g.referenced), "bien_ban"),
        (
            raw.van_ban_kem_theo.as_ref().map(|g| &g.referenced),
            "van_ban_kem_theo",
        ),
    ] {
        let Some(at) = present else { continue };
        // Each Mẫu block belongs to its kind (the kinds table); the
        // attached document to a quyết định (Mẫu 1.3).
        let owner = if key == "van_ban_kem_theo" {
            "quyet_dinh"
        } else {
            key
        };
        if kind.key() != owner {
            let name = Kind::parse(owner).map(Kind::name).unwrap_or_default();
            c.error(
                Pos::of(at),
                key,
                format!(
                    "mục `{key}` chỉ dùng cho {}, văn bản này là {}",
                    name.to_lowercase(),
                    kind.name().to_lowercase()
                ),
                Some(format!("cần: `loai: {owner}`, hoặc bỏ mục `{key}`")),
            );
        }
    }
    let invitation = raw.giay_moi.as_ref().map(|g| {
        let v = &g.value;
        let invitees: Vec<String> = v
            .kinh_moi
            .value
            .as_slice()
            .iter()
            .map(|s| vn::strip_end_punct(&nfc(s.trim())).to_string())
            .collect();
        if invitees.is_empty() || invitees.iter().any(String::is_empty) {
            c.error(
                Pos::of(&v.kinh_moi.referenced),
                "giay_moi.kinh_moi",
                "có người được mời để trống",
                None,
            );
        }
        Invitation {
            invitees,
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
    let telegram = raw.cong_dien.as_ref().map(|t| {
        let v = &t.value;
        let addressees: Vec<String> = v
            .gui
            .value
            .as_slice()
            .iter()
            .map(|s| vn::strip_end_punct(&nfc(s.trim())).to_string())
            .collect();
        if addressees.is_empty() || addressees.iter().any(String::is_empty) {
            c.error(
                Pos::of(&v.gui.referenced),
                "cong_dien.gui",
                "có nơi nhận điện bị để trống",
                None,
            );
        }
        let sender = one(&mut c, &v.dien, "cong_dien.dien");
        Telegram {
            sender: vn::upper(strip_suffix_ci(&sender, " điện")),
            addressees,
        }
    });
    let introduction = raw.giay_gioi_thieu.as_ref().map(|g| {
        let v = &g.value;
        Introduction {
            person: one(&mut c, &v.ong_ba, "giay_gioi_thieu.ong_ba"),
            title: one(&mut c, &v.chuc_vu, "giay_gioi_thieu.chuc_vu"),
            sent_to: one(&mut c, &v.duoc_cu_den, "giay_gioi_thieu.duoc_cu_den"),
            purpose: one(&mut c, &v.ve_viec, "giay_gioi_thieu.ve_viec"),
            valid_until: c
                .date(&v.gia_tri_den, "giay_gioi_thieu.gia_tri_den")
                .unwrap_or_default(),
        }
    });
    let leave = raw.giay_nghi_phep.as_ref().map(|g| {
        let v = &g.value;
        let from = c
            .date(&v.tu_ngay, "giay_nghi_phep.tu_ngay")
            .unwrap_or_default();
        let to = c
            .date(&v.den_ngay, "giay_nghi_phep.den_ngay")
            .unwrap_or_default();
        if to < from {
            c.error(
                Pos::of(&v.den_ngay.referenced),
                "giay_nghi_phep.den_ngay",
                "ngày nghỉ đến hết trước ngày bắt đầu nghỉ",
                None,
            );
        }
        let duration = match &v.thoi_gian {
            Some(t) => one(&mut c, t, "giay_nghi_phep.thoi_gian"),
            None => format!(
                "{} ngày",
                vn::pad2((to - from).num_days().max(0) as u32 + 1)
            ),
        };
        Leave {
            request_date: c
                .date(&v.ngay_don, "giay_nghi_phep.ngay_don")
                .unwrap_or_default(),
            person: one(&mut c, &v.ong_ba, "giay_nghi_phep.ong_ba"),
            title: one(&mut c, &v.chuc_vu, "giay_nghi_phep.chuc_vu"),
            from,
            to,
            duration,
            place: one(&mut c, &v.noi_nghi, "giay_nghi_phep.noi_nghi"),
            counted_as: one(&mut c, &v.tinh_vao, "giay_nghi_phep.tinh_vao"),
        }
    });
    let minutes = raw.bien_ban.as_ref().map(|b| {
        let v = &b.value;
        Minutes {
            event: v
                .cuoc_hop
                .as_ref()
                .map(|e| one(&mut c, e, "bien_ban.cuoc_hop"))
                .unwrap_or_else(|| "Cuộc họp".into()),
            start: one(&mut c, &v.bat_dau, "bien_ban.bat_dau"),
            place: one(&mut c, &v.dia_diem, "bien_ban.dia_diem"),
            attendees: v
                .thanh_phan
                .value
                .as_slice()
                .iter()
                .map(|s| vn::strip_end_punct(&nfc(s.trim())).to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            chair: one(&mut c, &v.chu_tri, "bien_ban.chu_tri"),
            secretary: one(&mut c, &v.thu_ky, "bien_ban.thu_ky"),
            end: one(&mut c, &v.ket_thuc, "bien_ban.ket_thuc"),
        }
    });
    let secrecy = raw
        .do_mat
        .as_ref()
        .and_then(|v| choice(&mut c, v, "do_mat", &Secrecy::ALL));
    let urgency = raw
        .do_khan
        .as_ref()
        .and_then(|v| choice(&mut c, v, "do_khan", &Urgency::ALL));
    let distribution = raw
        .luu_hanh
        .as_ref()
        .map(|v| vn::upper(&one(&mut c, v, "luu_hanh")));
    let drafter = raw
        .nguoi_soan
        .as_ref()
        .map(|v| vn::upper(&one(&mut c, v, "nguoi_soan")));
    let copies_issued = raw.so_ban.as_ref().map(|n| n.value);
    let contact = raw.lien_he.as_ref().map(|l| {
        let v = &l.value;
        let mut opt = |x: &Option<Located<String>>, f: &str| x.as_ref().map(|x| one(&mut c, x, f));
        Contact {
            address: opt(&v.dia_chi, "lien_he.dia_chi"),
            phone: opt(&v.dien_thoai, "lien_he.dien_thoai"),
            fax: opt(&v.fax, "lien_he.fax"),
            email: opt(&v.email, "lien_he.email"),
            website: opt(&v.website, "lien_he.website"),
        }
    });
    // Issue 16: `ky_so`, the images of the digital signatures.
    let signing = raw.ky_so.as_ref().map(|l| {
        let mut s = signing(&mut c, &l.value);
        s.pos = Pos::of(&l.referenced);
        s
    });
    let attached = raw
        .van_ban_kem_theo
        .as_ref()
        .map(|a| attachment(&mut c, a, "van_ban_kem_theo", true));
    let appendices: Vec<Attachment> = raw
        .phu_luc
        .iter()
        .map(|a| attachment(&mut c, a, "phu_luc", false))
        .collect();
    let copy = raw.ban_sao.as_ref().map(|b| copy_block(&mut c, &b.value));
    let body = body::body(&mut c, raw);
    if body.is_empty()
        && invitation.is_none()
        && introduction.is_none()
        && leave.is_none()
        && minutes.is_none()
    {
        c.errors.push(
            src.error(Pos::new(1, 1), "văn bản chưa có nội dung")
                .field("noi_dung")
                .hint("cần: `noi_dung:` với ít nhất một đoạn văn (xem `vanban new`)"),
        );
    }
    let end_mark = end_mark(&mut c, raw.dau_ket.as_ref(), EndMark::LastParagraph);

    let signers: Vec<Signer> = raw
        .nguoi_ky
        .value
        .as_slice()
        .iter()
        .map(|s| signer(&mut c, s))
        .collect();
    if !(1..=MAX_SIGNERS).contains(&signers.len()) {
        c.error(
            Pos::of(&raw.nguoi_ky.referenced),
            "nguoi_ky",
            format!(
                "văn bản có từ một đến {MAX_SIGNERS} người ký, ở đây có {}",
                signers.len()
            ),
            Some("cần: một bảng `nguoi_ky`, hoặc danh sách người ký (in hai người một hàng, trái rồi phải)".into()),
        );
    }
    if kind.key() == "bien_ban" && signers.len() < 2 {
        c.error(
            Pos::of(&raw.nguoi_ky.referenced),
            "nguoi_ky",
            "biên bản có ít nhất hai chữ ký: thư ký (bên trái) và chủ tọa (bên phải) (Mẫu 1.9), hoặc đại diện các bên",
            Some("cần: `nguoi_ky:` là danh sách: `- {chuc_vu: THƯ KÝ, ho_ten: …}` rồi `- {chuc_vu: CHỦ TỌA, ho_ten: …}`".into()),
        );
    }
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
        normative,
        symbol,
        drafting_unit: unit,
        place,
        date,
        subject_printed: subject.is_some(),
        subject_lines: subject
            .as_deref()
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default(),
        subject: subject.map(|s| s.replace('\n', " ")).unwrap_or_else(|| {
            let person = introduction
                .as_ref()
                .map(|i| i.person.as_str())
                .or(leave.as_ref().map(|l| l.person.as_str()))
                .unwrap_or_default();
            format!("{} ông (bà) {person}", kind.name())
        }),
        addressees,
        addressee_note,
        authority_line,
        preamble,
        invitation,
        telegram,
        introduction,
        leave,
        minutes,
        secrecy,
        urgency,
        distribution,
        drafter,
        copies_issued,
        contact,
        signing,
        attached,
        appendices,
        copy,
        body,
        end_mark,
        signers,
        recipients,
        archive,
        keywords,
        pdfa,
        draft,
    })
}

/// The most signers a document has: a joint biên bản of six parties (J).
pub const MAX_SIGNERS: usize = 6;

/// Preamble lines kept as written (B2); others get "Căn cứ".
const PREAMBLE_OPENERS: [&str; 8] = [
    "Căn cứ",
    "Theo",
    "Xét",
    "Thực hiện",
    "Trên cơ sở",
    "Sau khi",
    "Để",
    "Nhằm",
];

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.to_lowercase().starts_with(&prefix.to_lowercase())
}

/// A document number as printed: digits with a leading zero below 10, an
/// optional ".digits" or letter suffix ("66.19", "12a") (A1).
fn number(c: &mut Checker, n: &Located<String>, field: &str) -> Option<String> {
    match vn::number_text(&n.value) {
        Ok(s) => Some(s),
        Err(e) => {
            c.error(
                Pos::of(&n.referenced),
                field,
                e,
                Some("để trống `so:` nếu văn thư sẽ ghi số sau khi ký".into()),
            );
            None
        }
    }
}

/// `dau_ket:` → where "./." goes.
fn end_mark(c: &mut Checker, v: Option<&Located<String>>, default: EndMark) -> EndMark {
    v.and_then(|v| choice(c, v, "dau_ket", &EndMark::ALL))
        .unwrap_or(default)
}

/// A one-line field: NFC, spaces collapsed, end punctuation removed.
fn one(c: &mut Checker, l: &Located<String>, field: &str) -> String {
    vn::strip_end_punct(&c.text(l, field))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `ky_so:` (issue 16): PNG paths beside the document, a sane seal size.
/// The files themselves are read and checked where they are used.
fn signing(c: &mut Checker, v: &crate::format::raw::RawSigning) -> crate::model::Signing {
    let mut path = |x: &Option<Located<String>>, field: &str| {
        let l = x.as_ref()?;
        let p = l.value.trim();
        if !p.to_lowercase().ends_with(".png") {
            c.error(
                Pos::of(&l.referenced),
                field,
                format!("`{field}` phải là tệp PNG (nền trong suốt)"),
                Some(
                    "Phụ lục I Nghị định 30: hình chữ ký và hình con dấu là tệp PNG nền trong suốt"
                        .into(),
                ),
            );
            return None;
        }
        Some(std::path::PathBuf::from(p))
    };
    let signature_image = path(&v.chu_ky, "ky_so.chu_ky");
    let seal_image = path(&v.con_dau, "ky_so.con_dau");
    let seal_mm = v.dau_rong.as_ref().and_then(|l| {
        if (10.0..=80.0).contains(&l.value) {
            Some(l.value)
        } else {
            c.error(
                Pos::of(&l.referenced),
                "ky_so.dau_rong",
                format!("đường kính con dấu {} mm không hợp lý", l.value),
                Some("cần 10–80 mm; con dấu thường 35–42 mm".into()),
            );
            None
        }
    });
    crate::model::Signing {
        signature_image,
        seal_image,
        seal_mm,
        pos: Pos::default(),
    }
}

/// One of a fixed set of keys (`khan`, `hoa_toc` …).
fn choice<T: Copy>(
    c: &mut Checker,
    v: &Located<String>,
    field: &str,
    all: &[(&str, T)],
) -> Option<T> {
    let key = v.value.trim();
    let found = all.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
    if found.is_none() {
        let keys: Vec<&str> = all.iter().map(|(k, _)| *k).collect();
        let mut hint = format!("cần một trong: {}", keys.join(", "));
        if let Some(s) = crate::diag::did_you_mean(key, &keys) {
            hint = format!("có phải ý bạn là `{s}`? {hint}");
        }
        c.error(
            Pos::of(&v.referenced),
            field,
            format!("giá trị `{key}` không hợp lệ cho `{field}`"),
            Some(hint),
        );
    }
    found
}

/// An appendix, or the document a quyết định issues (`attached`).
fn attachment(
    c: &mut Checker,
    a: &Located<RawAttachment>,
    field: &str,
    attached: bool,
) -> Attachment {
    let v = &a.value;
    let kind = match (&v.loai, attached) {
        (Some(l), true) => {
            let k = Kind::parse(&l.value).filter(|k| !k.is_cong_van());
            if k.is_none() {
                c.error(
                    Pos::of(&l.referenced),
                    &format!("{field}.loai"),
                    format!("loại văn bản kèm theo `{}` không hợp lệ", l.value.trim()),
                    Some("cần: quy_che, quy_dinh, ke_hoach, chuong_trinh, de_an, phuong_an, huong_dan …".into()),
                );
            }
            k
        }
        (None, true) => {
            c.error(
                Pos::of(&a.referenced),
                &format!("{field}.loai"),
                "thiếu loại của văn bản kèm theo",
                Some("cần: ví dụ `loai: quy_che`".into()),
            );
            None
        }
        (Some(l), false) => {
            c.error(
                Pos::of(&l.referenced),
                &format!("{field}.loai"),
                "phụ lục không có loại văn bản",
                Some(
                    "gợi ý: bỏ `loai`; văn bản ban hành kèm quyết định viết ở `van_ban_kem_theo`"
                        .into(),
                ),
            );
            None
        }
        (None, false) => None,
    };
    let heading = one(c, &v.tieu_de, &format!("{field}.tieu_de"));
    let body = body::attachment_body(c, v, field);
    if body.is_empty() {
        c.error(
            Pos::of(&a.referenced),
            field,
            "phụ lục (văn bản kèm theo) chưa có nội dung",
            Some("cần: `noi_dung:` (đoạn, mục, bảng, điều…)".into()),
        );
    }
    let landscape = match &v.huong {
        None => false,
        Some(h) => choice(
            c,
            h,
            &format!("{field}.huong"),
            &[("doc", false), ("ngang", true)],
        )
        .unwrap_or(false),
    };
    Attachment {
        kind,
        // An appendix title is printed in capitals; an attached document's
        // trích yếu as typed.
        title: if attached {
            heading
        } else {
            vn::upper(&heading)
        },
        body,
        landscape,
        // ND30 states the mark for the main text only; real appendices
        // leave it out (E6); an attached quy chế is a text of its own.
        end_mark: end_mark(
            c,
            v.dau_ket.as_ref(),
            if attached {
                EndMark::LastParagraph
            } else {
                EndMark::None
            },
        ),
    }
}

/// The copy block (bản sao).
fn copy_block(c: &mut Checker, b: &RawCopy) -> CopyBlock {
    let form =
        choice(c, &b.hinh_thuc, "ban_sao.hinh_thuc", &CopyForm::ALL).unwrap_or(CopyForm::SaoY);
    let issuer = agency(
        c,
        &b.co_quan.ten,
        b.co_quan.viet_tat.as_ref(),
        "ban_sao.co_quan",
    );
    if issuer.abbreviation.is_none() {
        c.error(
            Pos::of(&b.co_quan.ten.referenced),
            "ban_sao.co_quan.viet_tat",
            "thiếu chữ viết tắt tên cơ quan sao văn bản (dùng trong ký hiệu bản sao)",
            Some("cần: `viet_tat: VP`".into()),
        );
    }
    let symbol = vn::compose_symbol(&[
        form.abbreviation(),
        issuer.abbreviation.as_deref().unwrap_or(""),
    ]);
    let date = DocDate::parse(&b.ngay.value).unwrap_or_else(|e| {
        c.error(
            Pos::of(&b.ngay.referenced),
            "ban_sao.ngay",
            format!("ngày sao không hợp lệ: {e}"),
            Some("cần: YYYY-MM-DD".into()),
        );
        DocDate {
            year: 1970,
            month: None,
            day: None,
        }
    });
    CopyBlock {
        form,
        issuer,
        number: b.so.as_ref().and_then(|n| number(c, n, "ban_sao.so")),
        symbol,
        place: one(c, &b.dia_danh, "ban_sao.dia_danh"),
        date,
        signer: signer(c, &b.nguoi_ky),
        recipients: b
            .noi_nhan
            .iter()
            .map(|r| one(c, r, "ban_sao.noi_nhan"))
            .collect(),
        archive: b
            .luu
            .as_ref()
            .map(|l| archive_text(&c.text(l, "ban_sao.luu"))),
    }
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> &'a str {
    let lower = s.to_lowercase();
    if lower.ends_with(suffix) && lower.len() == s.len() {
        s[..s.len() - suffix.len()].trim_end()
    } else {
        s
    }
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
    let bad_prefix = |c: &mut Checker, pos: Pos, t: &str| {
        c.error(
            pos,
            "nguoi_ky.quyen_han",
            format!("quyền hạn ký `{t}` không có trong Nghị định 30"),
            Some("cần: TM. (thay mặt), KT. (ký thay), TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền), hoặc bỏ trống".into()),
        );
    };
    let mut above = Vec::new();
    let (authority, head) = match s
        .quyen_han
        .as_ref()
        .map(|q| (&q.value, Pos::of(&q.referenced)))
    {
        None => (None, None),
        Some((OneOrMany::One(t), pos)) => {
            let t = t.trim();
            let a = if t.is_empty() {
                None
            } else {
                let a = Authority::parse(t);
                if a.is_none() {
                    bad_prefix(c, pos, t);
                }
                a
            };
            let head = s
                .thu_truong
                .as_ref()
                .map(|h| multiline_upper(&c.text(h, "nguoi_ky.thu_truong")));
            (a, head)
        }
        // Whole authority lines: "TM. Ủy ban nhân dân", "KT. Chủ tịch" (K).
        Some((OneOrMany::Many(lines), pos)) => {
            if let Some(t) = &s.thu_truong {
                c.error(
                    Pos::of(&t.referenced),
                    "nguoi_ky.thu_truong",
                    "khi `quyen_han` là danh sách dòng, chức vụ người đứng đầu ghi ngay trong dòng đó",
                    Some("cần: `quyen_han: [\"TM. Ủy ban nhân dân\", \"KT. Chủ tịch\"]` và bỏ `thu_truong`".into()),
                );
            }
            let mut parsed = Vec::new();
            for line in lines {
                let line = nfc(line.trim());
                let (prefix, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
                match Authority::parse(prefix) {
                    Some(a) if !rest.trim().is_empty() => {
                        parsed.push((a, multiline_upper(rest.trim())))
                    }
                    _ => bad_prefix(c, pos, &line),
                }
            }
            let last = parsed.pop();
            above = parsed
                .into_iter()
                .map(|(a, rest)| format!("{} {rest}", a.prefix()))
                .collect();
            match last {
                Some((a, head)) => (Some(a), Some(head)),
                None => (None, None),
            }
        }
    };
    let title = s
        .chuc_vu
        .as_ref()
        .map(|h| multiline_upper(&c.text(h, "nguoi_ky.chuc_vu")));
    let mut names: Vec<String> = s
        .ho_ten
        .value
        .as_slice()
        .iter()
        .map(|n| {
            nfc(n.trim())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let at = Pos::of(&s.ho_ten.referenced);
    if names.is_empty() || names.iter().any(String::is_empty) {
        c.error(
            at,
            "nguoi_ky.ho_ten",
            "trường `nguoi_ky.ho_ten` không được để trống",
            None,
        );
    }
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
    let name = if names.is_empty() {
        String::new()
    } else {
        names.remove(0)
    };
    Signer {
        above,
        authority,
        head,
        title,
        name,
        more_names: names,
    }
}

/// Upper case, keeping the clerk's line breaks ("CHỦ TỊCH\nỦY BAN NHÂN
/// DÂN"), spaces inside each line collapsed.
fn multiline_upper(s: &str) -> String {
    s.lines()
        .map(|l| vn::upper(&l.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
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
    use crate::format::load;

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
        assert_eq!(d.signer().authority, Some(Authority::Kt));
        assert_eq!(d.signer().head.as_deref(), Some("CHỦ TỊCH"));
        assert_eq!(d.archive.as_deref(), Some("VT, KTTH"));
        let Some(Block::Para(p)) = d.body.first() else {
            panic!("a paragraph first")
        };
        assert_eq!(inline::plain(&p.spans), "Nội dung.");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = BASE.nfd().collect();
        let d = doc(&nfd).unwrap();
        assert_eq!(d.place, "Bắc Giang");
        assert_eq!(d.signer().name, "Phan Thế Tuấn");
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
