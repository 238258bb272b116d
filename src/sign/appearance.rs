//! The visible part of a signature (Phụ lục I, ô 7c, 8, 14 and attachments),
//! laid out by typst like the page itself and imported into the signed PDF
//! as the widget's appearance stream (a Form XObject).
//!
//! typst gives what a hand-written content stream would not: the Vietnamese
//! text in Times New Roman (or the bundled Liberation Serif) subset and
//! embedded with its ToUnicode map, and the PNG with its transparency as an
//! image with a soft mask, both as PDF/A-2 allows. The stamp is a one-page
//! PDF the size of the widget; its page content and resources are copied,
//! renumbered, into the update.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::pdf::{Dict, Obj, Pdf, Update};
use crate::render::fonts::FontSet;

/// The stamp template: everything printed comes from /data.json.
const TEMPLATE: &str = r#"
#let d = json("/data.json")
#set page(width: d.w * 1pt, height: d.h * 1pt, margin: 0pt, fill: none)
#set text(font: d.fonts, size: 10pt, fill: black, lang: "vi")
#set par(leading: 0.35em, spacing: 0.35em, justify: false)
#if d.image != none {
  place(center + horizon, image("/hinh.png", width: d.w * 1pt, height: d.h * 1pt, fit: "contain"))
} else {
  align(right + horizon, d.lines.map(l => [#l]).join(linebreak()))
}
"#;

/// What a stamp shows.
pub enum Content<'a> {
    /// A PNG filling the box (kept in proportion).
    Image(&'a [u8]),
    /// Lines of 10 pt text, right-aligned.
    Lines(&'a [String]),
}

/// Lay the stamp out (`w` × `h` points) and export it as a one-page PDF.
pub fn stamp_pdf(fonts: &FontSet, w: f64, h: f64, content: &Content) -> Result<Vec<u8>, String> {
    let id = crate::render::pdf::id;
    let families = fonts.families();
    let (image, lines): (Option<&[u8]>, &[String]) = match content {
        Content::Image(b) => (Some(b), &[]),
        Content::Lines(l) => (None, l),
    };
    let data = serde_json::json!({
        "w": w, "h": h, "fonts": families,
        "image": image.map(|_| "/hinh.png"),
        "lines": lines,
    });
    let world = StampWorld {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(fonts.book.clone()),
        fonts: fonts.fonts.clone(),
        main: Source::new(id("/main.typ"), TEMPLATE.to_string()),
        data_id: id("/data.json"),
        image_id: id("/hinh.png"),
        data: Bytes::new(serde_json::to_vec(&data).expect("json")),
        image: image.map(|b| Bytes::new(b.to_vec())),
    };
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|e| format!("không dàn được hình chữ ký ({})", first(&e)))?;
    let options = typst_pdf::PdfOptions {
        tagged: false,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options)
        .map_err(|e| format!("không xuất được hình chữ ký ({})", first(&e)))
}

fn first(e: &[typst::diag::SourceDiagnostic]) -> String {
    e.first().map(|d| d.message.to_string()).unwrap_or_default()
}

struct StampWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
    image_id: FileId,
    data: Bytes,
    image: Option<Bytes>,
}

impl World for StampWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.image_id && self.image.is_some() {
            Ok(self.image.clone().expect("checked"))
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Copy page 1 of `stamp` into `up` as a Form XObject of `w` × `h`
/// points; its object number. `next` is the next free object number.
pub fn import_form(
    stamp: &[u8],
    w: f64,
    h: f64,
    up: &mut Update,
    next: &mut u32,
) -> Result<u32, String> {
    let src = Pdf::parse(stamp)?;
    let (_, page) = src
        .pages()?
        .into_iter()
        .next()
        .ok_or("hình chữ ký không có trang")?;
    let mut map = HashMap::new();
    let res = page
        .get("Resources")
        .cloned()
        .unwrap_or(Obj::Dict(Dict::default()));
    let res = copy(&src, &res, &mut map, up, next)?;
    // The page's content: one stream, or several joined.
    let mut data = Vec::new();
    let mut filter = None;
    let contents = match page.get("Contents") {
        Some(Obj::Arr(a)) => a.clone(),
        Some(o) => vec![o.clone()],
        None => vec![],
    };
    for c in &contents {
        let Obj::Stream(d, range) = src.resolve(c)? else {
            return Err("nội dung hình chữ ký hỏng".into());
        };
        let f = d.get("Filter").cloned();
        if contents.len() > 1 && f.is_some() {
            // typst writes one content stream per page.
            return Err("hình chữ ký có nhiều luồng nội dung nén".into());
        }
        filter = f;
        data.extend_from_slice(&stamp[range]);
    }
    let mut form = Dict::default();
    form.set("Type", Obj::name("XObject"));
    form.set("Subtype", Obj::name("Form"));
    form.set(
        "BBox",
        Obj::Arr(vec![Obj::Int(0), Obj::Int(0), Obj::Real(w), Obj::Real(h)]),
    );
    form.set("Resources", res);
    if let Some(f) = filter {
        form.set("Filter", f);
    }
    let num = *next;
    *next += 1;
    up.put_stream(num, &form, &data);
    Ok(num)
}

/// Copy `o` and everything it references from `src` into `up`.
fn copy(
    src: &Pdf,
    o: &Obj,
    map: &mut HashMap<u32, u32>,
    up: &mut Update,
    next: &mut u32,
) -> Result<Obj, String> {
    Ok(match o {
        Obj::Ref(n, _) => {
            if let Some(m) = map.get(n) {
                return Ok(Obj::Ref(*m, 0));
            }
            let m = *next;
            *next += 1;
            map.insert(*n, m);
            match src.get(*n)? {
                Obj::Stream(d, range) => {
                    let mut d = d.clone();
                    d.remove("Length");
                    let Obj::Dict(d) = copy(src, &Obj::Dict(d), map, up, next)? else {
                        unreachable!()
                    };
                    up.put_stream(m, &d, &src.bytes[range]);
                }
                other => {
                    let c = copy(src, &other, map, up, next)?;
                    up.put(m, &c);
                }
            }
            Obj::Ref(m, 0)
        }
        Obj::Arr(a) => Obj::Arr(
            a.iter()
                .map(|x| copy(src, x, map, up, next))
                .collect::<Result<_, _>>()?,
        ),
        Obj::Dict(d) => Obj::Dict(Dict(
            d.0.iter()
                .map(|(k, v)| Ok((k.clone(), copy(src, v, map, up, next)?)))
                .collect::<Result<_, String>>()?,
        )),
        o => o.clone(),
    })
}
