//! Pages as pictures for the editor's preview: each laid-out page (the same
//! pages the PDF is exported from) as an SVG, with its plain text and a
//! hash that tells whether a page changed between two edits.

use typst::layout::{Frame, FrameItem};
use typst_layout::Page;

/// The SVG of one page: glyphs as outlines, so a browser shows it without
/// the fonts; A4 at 1 pt per SVG unit.
pub fn page_svg(page: &Page) -> String {
    typst_svg::svg(page, &typst_svg::SvgOptions::default())
}

/// A 128-bit hash of everything a page shows: equal hashes, equal pictures.
///
/// Not `Page`'s own hash: its frames carry introspection tags that hold
/// the content of enclosing elements (the whole body), so every page
/// would change with every keystroke. Only what is drawn is hashed: text,
/// shapes, images, groups with their transforms and clips, link areas.
pub fn page_hash(page: &Page) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut halves = [0u64; 2];
    for (seed, half) in halves.iter_mut().enumerate() {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut h);
        page.fill.hash(&mut h);
        page.bleed.hash(&mut h);
        hash_frame(&page.frame, &mut h);
        *half = h.finish();
    }
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}

fn hash_frame(frame: &Frame, h: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    frame.size().hash(h);
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Tag(_) => continue,
            FrameItem::Group(g) => {
                (pos, 0u8).hash(h);
                g.transform.hash(h);
                g.clip.hash(h);
                hash_frame(&g.frame, h);
            }
            FrameItem::Text(t) => (pos, 1u8, t).hash(h),
            FrameItem::Shape(s, _) => (pos, 2u8, s).hash(h),
            FrameItem::Image(i, size, _) => (pos, 3u8, i, size).hash(h),
            // Where a link leads (a location) changes with the content
            // before it; the picture does not.
            FrameItem::Link(_, size) => (pos, 4u8, size).hash(h),
        }
    }
}

/// The page's text, run by run in the order typst laid it out, runs
/// separated by a space (the editor finds the page a YAML line is on by
/// its words).
pub fn page_text(page: &Page) -> String {
    let mut out = String::new();
    collect_text(&page.frame, &mut out);
    out
}

fn collect_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => collect_text(&g.frame, out),
            FrameItem::Text(t) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&t.text);
            }
            _ => {}
        }
    }
}
