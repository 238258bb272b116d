//! Digital signatures of Nghị định 30 documents: PAdES baseline B-B
//! (ETSI EN 319 142-1) added as an incremental update, with the visible
//! appearance Phụ lục I draws for each role, and their verification.
//!
//! The roles (`--vai-tro`):
//! - `nguoi-ky`, the signer (ô 7c): the signature image, blue, centred in
//!   the space between title and name — the prepared field `NguoiKy` that
//!   `vanban render` leaves there (see [`fields`]);
//! - `co-quan`, the agency (ô 8): the seal image, red, at its real size,
//!   its right edge one third into the signer's image;
//! - `dinh-kem`, the agency on an attachment in its own file: no image, the
//!   main document's number and symbol and the signing time, top right of
//!   page 1, 10 pt, black;
//! - `sao`, the agency on an electronic copy (ô 14): the copy form, the
//!   copying agency and the signing time, top right of page 1, 10 pt.
//!
//! The appearance is the signature widget's own appearance stream: the page
//! content is never touched, so an earlier signature stays valid and a
//! PDF/A stays PDF/A (no encryption, no transparency group, the widget
//! printable, an /AP with only /N).

pub mod appearance;
pub mod cms;
pub mod fields;
pub mod keys;
pub mod pdf;
pub mod rsa;
#[cfg(unix)]
pub mod token;
pub mod verify;

use pdf::{Dict, Obj, Pdf, Update};

/// Who signs, and so what the signature shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Signer,
    Agency,
    Copy,
    Attachment,
}

impl Role {
    /// The field name a signature of this role gets.
    pub fn field(self) -> &'static str {
        match self {
            Role::Signer => fields::SIGNER_FIELD,
            Role::Agency => "CoQuan",
            Role::Copy => "BanSao",
            Role::Attachment => "DinhKem",
        }
    }
}

/// What to sign with and how it looks.
pub struct SignRequest<'a> {
    pub role: Role,
    /// The signing time, Vietnam time (+07:00).
    pub time: chrono::DateTime<chrono::FixedOffset>,
    /// The signer's signature image (PNG), for [`Role::Signer`].
    pub signature_png: Option<&'a [u8]>,
    /// The seal image (PNG), for [`Role::Agency`], and its width in mm.
    pub seal_png: Option<&'a [u8]>,
    pub seal_mm: f64,
    /// The text lines of a top-right stamp ([`Role::Copy`], [`Role::Attachment`]).
    pub lines: Vec<String>,
    /// Right and top margins of the page, mm (the stamp stays inside them).
    pub margin_right_mm: f64,
    pub margin_top_mm: f64,
}

const MM: f64 = 72.0 / 25.4;

/// The /ByteRange placeholder: four numbers, patched in place.
const BR_PLACEHOLDER: &str = "[0 0000000000 0000000000 0000000000]";

/// Sign `input` as `req` says; the whole signed file.
pub fn sign(
    input: &[u8],
    cred: &keys::Credential,
    req: &SignRequest,
    fonts: &crate::render::fonts::FontSet,
) -> Result<Vec<u8>, String> {
    let src = Pdf::parse(input)?;
    let (cat_num, mut catalog) = src.catalog()?;
    let pages = src.pages()?;
    let existing = src.signature_fields()?;
    let mut next = src.size();
    let mut up = Update::default();

    // Phase 1: where the widget goes, on which page, in which field.
    let name = req.role.field();
    let taken = |n: &str| {
        existing
            .iter()
            .any(|(_, f, d)| f == n && d.get("V").is_some())
    };
    let prepared = existing
        .iter()
        .find(|(_, f, d)| f == name && d.get("V").is_none())
        .cloned();
    let mut field_name = name.to_string();
    let mut k = 2;
    while prepared.is_none()
        && (taken(&field_name) || existing.iter().any(|(_, f, _)| *f == field_name))
    {
        field_name = format!("{name}{k}");
        k += 1;
    }
    let rect_of = |d: &Dict| -> Option<[f64; 4]> {
        let a = d.get("Rect")?.as_arr()?;
        let v: Vec<f64> = a.iter().filter_map(Obj::as_f64).collect();
        (v.len() == 4).then(|| {
            [
                v[0].min(v[2]),
                v[1].min(v[3]),
                v[0].max(v[2]),
                v[1].max(v[3]),
            ]
        })
    };
    let page_of = |d: &Dict| -> Option<u32> {
        match d.get("P") {
            Some(Obj::Ref(n, _)) => Some(*n),
            _ => None,
        }
    };
    let signer_field = existing.iter().find(|(_, f, _)| f == fields::SIGNER_FIELD);
    let (page_num, rect, content): (u32, [f64; 4], appearance::Content) = match req.role {
        Role::Signer => {
            let png = req.signature_png.ok_or(
                "cần hình chữ ký của người ký (--hinh-chu-ky hoặc ky_so.chu_ky trong tệp YAML)",
            )?;
            let (_, _, d) = prepared.as_ref().ok_or(
                "tệp PDF không có ô chữ ký của người ký (NguoiKy); văn bản ban hành bằng `vanban issue` luôn có ô này, bản in bằng `vanban render` cần khóa `ky_so:` trong tệp YAML",
            )?;
            let space = rect_of(d).ok_or("ô chữ ký NguoiKy không có /Rect")?;
            let page = page_of(d).unwrap_or(pages[pages.len() - 1].0);
            let (pw, ph) = png_size(png)?;
            // Fit the image into the space, centred, in proportion.
            let (sw, sh) = (space[2] - space[0], space[3] - space[1]);
            let scale = (sw / pw).min(sh / ph);
            let (w, h) = (pw * scale, ph * scale);
            let x0 = space[0] + (sw - w) / 2.0;
            let y0 = space[1] + (sh - h) / 2.0;
            (
                page,
                [x0, y0, x0 + w, y0 + h],
                appearance::Content::Image(png),
            )
        }
        Role::Agency => {
            let png = req.seal_png.ok_or(
                "cần hình con dấu của cơ quan (--hinh-dau hoặc ky_so.con_dau trong tệp YAML)",
            )?;
            let (_, _, d) = signer_field.ok_or(
                "tệp PDF không có ô chữ ký của người ký (NguoiKy) để đóng dấu lên; văn bản ban hành bằng `vanban issue` luôn có ô này, bản in bằng `vanban render` cần khóa `ky_so:` trong tệp YAML",
            )?;
            let sig = rect_of(d).ok_or("ô chữ ký NguoiKy không có /Rect")?;
            let page = page_of(d).unwrap_or(pages[pages.len() - 1].0);
            let (pw, ph) = png_size(png)?;
            let w = req.seal_mm * MM;
            let h = w * ph / pw;
            // Its right edge a third into the signature image (Phụ lục I,
            // ô 8: "trùm lên khoảng 1/3 hình ảnh chữ ký số … về phía bên trái").
            let right = sig[0] + (sig[2] - sig[0]) / 3.0;
            let cy = (sig[1] + sig[3]) / 2.0;
            (
                page,
                [right - w, cy - h / 2.0, right, cy + h / 2.0],
                appearance::Content::Image(png),
            )
        }
        Role::Copy | Role::Attachment => {
            let (page, pd) = &pages[0];
            let mb = src.resolve(pd.get("MediaBox").unwrap_or(&Obj::Null))?;
            let mb: Vec<f64> = mb
                .as_arr()
                .unwrap_or(&[])
                .iter()
                .filter_map(Obj::as_f64)
                .collect();
            let (pw, ph) = if mb.len() == 4 {
                (mb[2], mb[3])
            } else {
                (595.28, 841.89)
            };
            // Inside the top margin, its right edge on the right margin.
            let n = req.lines.len().max(1) as f64;
            let h = n * 12.5 + 4.0;
            let w = 90.0 * MM;
            let right = pw - req.margin_right_mm * MM;
            let top = ph - (req.margin_top_mm * MM - h) / 2.0;
            (
                *page,
                [right - w, top - h, right, top],
                appearance::Content::Lines(&req.lines),
            )
        }
    };

    // Phase 2: the appearance stream, laid out by typst.
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    let stamp = appearance::stamp_pdf(fonts, w, h, &content)?;
    let form = appearance::import_form(&stamp, w, h, &mut up, &mut next)?;

    // Phase 3: the signature dictionary, with holes for the byte range
    // and the CMS.
    let sig_num = next;
    next += 1;
    let reserve = 8192
        + std::iter::once(&cred.cert)
            .chain(&cred.chain)
            .map(|c| der::Encode::encoded_len(c).map_or(4096, |l| u32::from(l) as usize))
            .sum::<usize>();
    let mut sig = Vec::new();
    sig.extend_from_slice(b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M");
    pdf::write_obj(&mut sig, &Obj::Str(pdf_date(&req.time).into_bytes()));
    sig.extend_from_slice(b"/Name");
    pdf::write_obj(
        &mut sig,
        &pdf::utf16(
            &keys::name_attr(&cred.cert.tbs_certificate.subject, "2.5.4.3")
                .unwrap_or_else(|| keys::subject(&cred.cert)),
        ),
    );
    sig.extend_from_slice(b"/Reason");
    pdf::write_obj(
        &mut sig,
        &pdf::utf16(match req.role {
            Role::Signer => "Người có thẩm quyền ký",
            Role::Agency => "Chữ ký số của cơ quan, tổ chức",
            Role::Copy => "Sao văn bản điện tử",
            Role::Attachment => "Chữ ký số của cơ quan trên tệp đính kèm",
        }),
    );
    sig.extend_from_slice(format!("/ByteRange{BR_PLACEHOLDER}/Contents<").as_bytes());
    sig.extend(std::iter::repeat_n(b'0', reserve * 2));
    sig.extend_from_slice(b">>>");
    up.put_raw(sig_num, sig);

    // Phase 4: the field and widget, the page's annotations, the form.
    let mut widget = match &prepared {
        Some((_, _, d)) => d.clone(),
        None => {
            let mut d = Dict::default();
            d.set("FT", Obj::name("Sig"));
            d.set("T", pdf::utf16(&field_name));
            d
        }
    };
    widget.set("Type", Obj::name("Annot"));
    widget.set("Subtype", Obj::name("Widget"));
    widget.set(
        "Rect",
        Obj::Arr(rect.iter().map(|&v| Obj::Real(v)).collect()),
    );
    // Print + Locked: printed (PDF/A), not movable.
    widget.set("F", Obj::Int(132));
    widget.set("P", Obj::Ref(page_num, 0));
    widget.set("V", Obj::Ref(sig_num, 0));
    let mut ap = Dict::default();
    ap.set("N", Obj::Ref(form, 0));
    widget.set("AP", Obj::Dict(ap));
    let widget_num = match &prepared {
        Some((n, _, _)) => *n,
        None => {
            let n = next;
            next += 1;
            n
        }
    };
    up.put(widget_num, &Obj::Dict(widget));
    if prepared.is_none() {
        // The widget joins its page's /Annots and the form's /Fields.
        let page = src.get(page_num)?.as_dict().cloned().ok_or("trang hỏng")?;
        fields::add_annot(&src, &mut up, page_num, page, widget_num)?;
    }
    let (form_num, mut acro) = match catalog.get("AcroForm").cloned() {
        Some(Obj::Ref(n, _)) => (Some(n), src.get(n)?.as_dict().cloned().unwrap_or_default()),
        Some(Obj::Dict(d)) => (None, d),
        _ => (None, Dict::default()),
    };
    if prepared.is_none() {
        let mut fields = match acro.get("Fields") {
            Some(o) => src
                .resolve(o)?
                .as_arr()
                .map(<[Obj]>::to_vec)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        fields.push(Obj::Ref(widget_num, 0));
        acro.set("Fields", Obj::Arr(fields));
    }
    // SignaturesExist + AppendOnly.
    acro.set("SigFlags", Obj::Int(3));
    acro.remove("NeedAppearances");
    match form_num {
        Some(n) => up.put(n, &Obj::Dict(acro)),
        None => {
            let n = next;
            next += 1;
            up.put(n, &Obj::Dict(acro));
            catalog.set("AcroForm", Obj::Ref(n, 0));
            up.put(cat_num, &Obj::Dict(catalog));
        }
    }

    // Phase 5: write, fill the byte range, hash, sign, fill /Contents.
    let mut out = up.append_to(&src, next);
    let sig_at = pdf::find(
        &out[input.len()..],
        format!("{sig_num} 0 obj\n<</Type/Sig").as_bytes(),
    )
    .map(|i| i + input.len())
    .ok_or("không tìm thấy chữ ký vừa ghi")?;
    let br_at =
        sig_at + pdf::find(&out[sig_at..], BR_PLACEHOLDER.as_bytes()).ok_or("byte range")?;
    let c_start = sig_at + pdf::find(&out[sig_at..], b"/Contents<").ok_or("contents")? + 9;
    let c_end = c_start + 2 + reserve * 2;
    let br = format!("[0 {c_start} {c_end} {}]", out.len() - c_end);
    let padded = format!("{br:<width$}", width = BR_PLACEHOLDER.len());
    out[br_at..br_at + padded.len()].copy_from_slice(padded.as_bytes());
    let hash = {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(&out[..c_start]);
        h.update(&out[c_end..]);
        h.finalize().to_vec()
    };
    let cms = cms::build(cred, &hash)?;
    if cms.len() > reserve {
        return Err("chữ ký CMS lớn hơn chỗ dành cho nó".into());
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[c_start + 1..c_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// A PDF date: D:YYYYMMDDHHmmSS+07'00'.
pub fn pdf_date(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!(
        "D:{}{sign}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        off / 3600,
        off % 3600 / 60
    )
}

/// Width and height in pixels of a PNG, as f64.
fn png_size(b: &[u8]) -> Result<(f64, f64), String> {
    let info = check_png(b)?;
    Ok((f64::from(info.0), f64::from(info.1)))
}

/// Check a signature or seal image: a PNG with an alpha channel (or a
/// transparent colour), of a sane size. Width and height in pixels.
pub fn check_png(b: &[u8]) -> Result<(u32, u32), String> {
    if b.len() < 33 || &b[..8] != b"\x89PNG\r\n\x1a\n" || &b[12..16] != b"IHDR" {
        return Err("hình phải là tệp PNG".into());
    }
    let w = u32::from_be_bytes(b[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(b[20..24].try_into().expect("4 bytes"));
    if w == 0 || h == 0 || w > 10_000 || h > 10_000 {
        return Err(format!("kích thước hình không hợp lệ ({w}×{h} điểm ảnh)"));
    }
    // Colour types 4 and 6 carry alpha; a tRNS chunk makes a colour transparent.
    let alpha = matches!(b[25], 4 | 6) || pdf::find(b, b"tRNS").is_some();
    if !alpha {
        return Err(
            "hình PNG phải có nền trong suốt (kênh alpha), theo Phụ lục I Nghị định 30".into(),
        );
    }
    Ok((w, h))
}
