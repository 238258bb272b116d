//! The prepared signature field `NguoiKy`: an empty signature field over the
//! space the layout keeps between the signer's title and name (Phụ lục I,
//! ô 7c), added by `vanban render` when the document asks for digital
//! signing (`ky_so:`). `vanban sign --vai-tro nguoi-ky` fills it, and any
//! other PDF signing tool that signs into existing fields finds it too.

use super::pdf::{self, Dict, Obj, Pdf, Update};

/// The name of the signer's field.
pub const SIGNER_FIELD: &str = "NguoiKy";

/// A box on a page: 0-based page index, PDF points from the bottom left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SigBox {
    pub page: usize,
    pub rect: [f64; 4],
}

/// Append an incremental update adding the unsigned field `NguoiKy` at
/// `b`, with an empty appearance (PDF/A wants one on every widget).
pub fn add_signer_field(input: &[u8], b: &SigBox) -> Result<Vec<u8>, String> {
    let src = Pdf::parse(input)?;
    let (cat_num, mut catalog) = src.catalog()?;
    if catalog.get("AcroForm").is_some() {
        return Err("PDF đã có biểu mẫu (AcroForm)".into());
    }
    let pages = src.pages()?;
    let (page_num, page) = pages.get(b.page).cloned().ok_or("trang chữ ký không có")?;
    let mut next = src.size();
    let mut up = Update::default();
    let (w, h) = (b.rect[2] - b.rect[0], b.rect[3] - b.rect[1]);
    let empty = next;
    next += 1;
    let mut form = Dict::default();
    form.set("Type", Obj::name("XObject"));
    form.set("Subtype", Obj::name("Form"));
    form.set(
        "BBox",
        Obj::Arr(vec![Obj::Int(0), Obj::Int(0), Obj::Real(w), Obj::Real(h)]),
    );
    up.put_stream(empty, &form, b"");
    let field = next;
    next += 1;
    let mut d = Dict::default();
    d.set("Type", Obj::name("Annot"));
    d.set("Subtype", Obj::name("Widget"));
    d.set("FT", Obj::name("Sig"));
    d.set("T", pdf::utf16(SIGNER_FIELD));
    d.set("TU", pdf::utf16("Chữ ký số của người có thẩm quyền"));
    d.set(
        "Rect",
        Obj::Arr(b.rect.iter().map(|&v| Obj::Real(v)).collect()),
    );
    d.set("F", Obj::Int(4));
    d.set("P", Obj::Ref(page_num, 0));
    let mut ap = Dict::default();
    ap.set("N", Obj::Ref(empty, 0));
    d.set("AP", Obj::Dict(ap));
    up.put(field, &Obj::Dict(d));
    add_annot(&src, &mut up, page_num, page, field)?;
    let acro = next;
    next += 1;
    let mut a = Dict::default();
    a.set("Fields", Obj::Arr(vec![Obj::Ref(field, 0)]));
    up.put(acro, &Obj::Dict(a));
    catalog.set("AcroForm", Obj::Ref(acro, 0));
    up.put(cat_num, &Obj::Dict(catalog));
    Ok(up.append_to(&src, next))
}

/// Add the annotation `annot` to the page `page_num` (whose dictionary is
/// `page`): to its /Annots array, written in place or as the page anew.
pub(super) fn add_annot(
    src: &Pdf,
    up: &mut Update,
    page_num: u32,
    mut page: Dict,
    annot: u32,
) -> Result<(), String> {
    match page.get("Annots").cloned() {
        Some(Obj::Ref(a, _)) => {
            let mut arr = src
                .get(a)?
                .as_arr()
                .map(<[Obj]>::to_vec)
                .unwrap_or_default();
            arr.push(Obj::Ref(annot, 0));
            up.put(a, &Obj::Arr(arr));
        }
        Some(Obj::Arr(mut arr)) => {
            arr.push(Obj::Ref(annot, 0));
            page.set("Annots", Obj::Arr(arr));
            up.put(page_num, &Obj::Dict(page));
        }
        _ => {
            page.set("Annots", Obj::Arr(vec![Obj::Ref(annot, 0)]));
            up.put(page_num, &Obj::Dict(page));
        }
    }
    Ok(())
}
