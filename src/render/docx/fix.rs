//! What docx-rs 0.4 gets wrong, mended in one place, and the archive packed
//! deterministically:
//!
//! - core properties: docx-rs has no setter for title/creator/keywords and
//!   stamps the wall clock; we write our own `core.xml` with the issue date;
//! - footnotes: docx-rs writes no `<w:footnoteRef/>` in the footnote text,
//!   so Word would show the note without its number;
//! - ids: paragraph ids come from a process-wide counter, so the same
//!   document rendered second in a batch would differ; they are renumbered;
//! - schema order: property elements are reordered (`ooxml_order`), and
//!   the parts docx-rs writes loosely (settings, numbering) are replaced;
//! - a theme part, which Word's semantic rules require;
//! - packing: deflate-compressed, fixed timestamps, fixed order.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;

use super::ooxml_order;
use crate::render::print::Meta;
use crate::render::RenderError;
use crate::text::xml::{escape, xml_safe};

/// The text of a paragraph that stands for a section break before an
/// appendix or attached document.
pub const SECTION_MARK: &str = "\u{E000}vanban-section\u{E000}";
/// The same, before a landscape one.
pub const SECTION_MARK_LANDSCAPE: &str = "\u{E000}vanban-section-landscape\u{E000}";
/// A table style name that stands for "the first N rows are header rows,
/// repeated on each page" (`w:tblHeader`, which docx-rs cannot write).
pub const HEADER_ROWS_STYLE: &str = "VanbanHeaderRows";

/// Apply every fix to the built parts; `jpeg` lists the images (by order)
/// that are JPEG, which docx-rs names .png.
pub fn fix(xml: &mut XMLDocx, meta: &Meta, jpeg: &[usize]) -> Result<(), RenderError> {
    let doc = sections(&String::from_utf8_lossy(&xml.document));
    let doc = drawings(&doc);
    xml.document = header_rows(&doc).into_bytes();
    if !jpeg.is_empty() {
        let mut rels = String::from_utf8_lossy(&xml.document_rels).into_owned();
        for (id, bytes) in &xml.media {
            if bytes.starts_with(&[0xFF, 0xD8]) {
                rels = rels.replace(&format!("media/{id}.png\""), &format!("media/{id}.jpeg\""));
            }
        }
        xml.document_rels = rels.into_bytes();
    }
    xml.doc_props.core = core_xml(meta).into_bytes();
    let notes = add_footnote_refs(&String::from_utf8_lossy(&xml.footnotes));
    xml.footnotes = add_separators(&notes).into_bytes();
    xml.settings = SETTINGS.as_bytes().to_vec();
    xml.numberings = NUMBERING.as_bytes().to_vec();
    let rels = String::from_utf8_lossy(&xml.document_rels).replace(
        "</Relationships>",
        "<Relationship Id=\"rIdTheme1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\" /></Relationships>",
    );
    xml.document_rels = rels.into_bytes();
    let types = String::from_utf8_lossy(&xml.content_type).replace(
        "</Types>",
        "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\" /></Types>",
    );
    xml.content_type = types.into_bytes();
    let mut counter = 0u32;
    for part in [&mut xml.document, &mut xml.footnotes, &mut xml.styles]
        .into_iter()
        .chain(xml.headers.iter_mut())
        .chain(xml.footers.iter_mut())
    {
        let text = renumber_para_ids(&String::from_utf8_lossy(part), &mut counter);
        *part = ooxml_order::reorder(&text).into_bytes();
    }
    // Every part, whatever wrote it: no character XML 1.0 forbids (a "\x1b"
    // from a YAML escape would make Word refuse the whole file).
    for part in [
        &mut xml.document,
        &mut xml.footnotes,
        &mut xml.styles,
        &mut xml.doc_props.core,
        &mut xml.doc_props.app,
        &mut xml.doc_props.custom,
        &mut xml.comments,
    ]
    .into_iter()
    .chain(xml.headers.iter_mut())
    .chain(xml.footers.iter_mut())
    {
        if let std::borrow::Cow::Owned(clean) = xml_safe(&String::from_utf8_lossy(part)) {
            *part = clean.into_bytes();
        }
    }
    Ok(())
}

/// The core properties part: title = trích yếu, creator = issuing body,
/// dates = issue date (never the wall clock).
fn core_xml(meta: &Meta) -> String {
    let date = meta
        .date
        .map(|[y, m, d]| format!("{y:04}-{m:02}-{d:02}T00:00:00Z"));
    let dates = date
        .map(|d| {
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:created>\
                 <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:modified>"
            )
        })
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:keywords>{}</cp:keywords><dc:language>vi-VN</dc:language>{dates}</cp:coreProperties>",
        escape(&meta.title),
        escape(&meta.subject),
        escape(&meta.author),
        escape(&meta.keywords.join("; ")),
    )
}

/// Turn each section mark into a section break. The main document's
/// section keeps the document's properties (page-number header, ô 13 as
/// the first-page footer); each attachment's section restarts its page
/// numbers at 1 and has an empty first-page footer (ô 13 is for page 1 of
/// the document only).
fn sections(xml: &str) -> String {
    if !xml.contains(SECTION_MARK) && !xml.contains(SECTION_MARK_LANDSCAPE) {
        return xml.to_string();
    }
    let Some(start) = xml.rfind("<w:sectPr") else {
        return xml.to_string();
    };
    let Some(len) = xml[start..].find("</w:sectPr>") else {
        return xml.to_string();
    };
    let end = start + len + "</w:sectPr>".len();
    let main = xml[start..end].to_string();
    // An attachment's first-page footer is the (empty) default footer.
    let rid = |kind: &str| {
        let tag = format!("<w:footerReference w:type=\"{kind}\" r:id=\"");
        main.find(&tag).map(|i| {
            let from = i + tag.len();
            main[from..from + main[from..].find('"').unwrap_or(0)].to_string()
        })
    };
    let mut attached = main.clone();
    if let (Some(first), Some(default)) = (rid("first"), rid("default")) {
        attached = attached.replace(
            &format!("w:type=\"first\" r:id=\"{first}\""),
            &format!("w:type=\"first\" r:id=\"{default}\""),
        );
    }
    attached = attached.replace("</w:sectPr>", "<w:pgNumType w:start=\"1\" /></w:sectPr>");
    let landscape = landscape(&attached);

    let mut out = String::with_capacity(xml.len() + 4096);
    let mut rest = &xml[..start];
    // A section's properties go at its end: the mark that opens an
    // attachment ends the section before it, so each mark's orientation
    // applies at the next mark (or at the body's last sectPr).
    let mut ending: &str = &main;
    loop {
        let found = [SECTION_MARK, SECTION_MARK_LANDSCAPE]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min_by_key(|(i, _)| *i);
        let Some((m, mark)) = found else { break };
        let p_start = ["<w:p ", "<w:p>"]
            .iter()
            .filter_map(|t| rest[..m].rfind(t))
            .max()
            .unwrap_or(m);
        let p_end = rest[m..]
            .find("</w:p>")
            .map_or(rest.len(), |i| m + i + "</w:p>".len());
        out.push_str(&rest[..p_start]);
        out.push_str(&format!("<w:p><w:pPr>{ending}</w:pPr></w:p>"));
        ending = if mark == SECTION_MARK_LANDSCAPE {
            &landscape
        } else {
            &attached
        };
        rest = &rest[p_end..];
    }
    out.push_str(rest);
    out.push_str(ending);
    out.push_str(&xml[end..]);
    out
}

/// A section's properties turned to landscape: the page size swapped, the
/// same margins (Phụ lục I, I.2 allows landscape pages for wide tables).
fn landscape(sect: &str) -> String {
    let Some(i) = sect.find("<w:pgSz ") else {
        return sect.to_string();
    };
    let Some(len) = sect[i..].find("/>") else {
        return sect.to_string();
    };
    let tag = &sect[i..i + len + 2];
    let attr = |name: &str| {
        let key = format!("{name}=\"");
        tag.find(&key).map(|j| {
            let from = j + key.len();
            tag[from..from + tag[from..].find('"').unwrap_or(0)].to_string()
        })
    };
    let (Some(w), Some(h)) = (attr("w:w"), attr("w:h")) else {
        return sect.to_string();
    };
    sect.replace(
        tag,
        &format!("<w:pgSz w:w=\"{h}\" w:h=\"{w}\" w:orient=\"landscape\" />"),
    )
}

/// Pictures as Word wants them: each drawing its own `docPr` id (docx-rs
/// gives every one id 1, which Word calls unreadable); floating ones (the
/// signature and seal) in front of the text and allowed to overlap
/// (docx-rs writes square wrapping and no overlap); negative offsets as
/// negative numbers (docx-rs writes them as unsigned).
fn drawings(xml: &str) -> String {
    if !xml.contains("<w:drawing>") {
        return xml.to_string();
    }
    let xml = xml
        .replace(
            "<wp:wrapSquare wrapText=\"bothSides\" />",
            "<wp:wrapNone />",
        )
        .replace("allowOverlap=\"0\"", "allowOverlap=\"1\"");
    let mut out = String::with_capacity(xml.len());
    let mut id = 0;
    let mut rest = xml.as_str();
    loop {
        let next = [("<wp:docPr id=\"", 0), ("<wp:posOffset>", 1)]
            .iter()
            .filter_map(|(t, k)| rest.find(t).map(|i| (i, *t, *k)))
            .min_by_key(|(i, _, _)| *i);
        let Some((i, tag, kind)) = next else { break };
        let start = i + tag.len();
        let end = start + rest[start..].find(['"', '<']).unwrap_or(0);
        out.push_str(&rest[..start]);
        let value = &rest[start..end];
        if kind == 0 {
            id += 1;
            out.push_str(&id.to_string());
        } else {
            match value.parse::<i64>() {
                Ok(v) if v > i64::from(i32::MAX) => out.push_str(&(v - (1_i64 << 32)).to_string()),
                _ => out.push_str(value),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Turn the [`HEADER_ROWS_STYLE`] marker of a table into `w:tblHeader` on
/// its first N rows.
fn header_rows(xml: &str) -> String {
    let marker = format!("<w:tblStyle w:val=\"{HEADER_ROWS_STYLE}");
    let mut out = String::with_capacity(xml.len() + 256);
    let mut rest = xml;
    while let Some(i) = rest.find(&marker) {
        let tag_end = rest[i..].find("/>").map_or(rest.len(), |j| i + j + 2);
        let n: usize = rest[i + marker.len()..tag_end]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        out.push_str(&rest[..i]);
        rest = &rest[tag_end..];
        for _ in 0..n {
            let Some(j) = rest.find("<w:trPr>") else {
                break;
            };
            out.push_str(&rest[..j + "<w:trPr>".len()]);
            out.push_str("<w:tblHeader />");
            rest = &rest[j + "<w:trPr>".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// Put the footnote number (`<w:footnoteRef/>`) at the start of each
/// footnote's first paragraph, followed by a space.
fn add_footnote_refs(xml: &str) -> String {
    const REF: &str =
        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\" /></w:rPr><w:footnoteRef /></w:r>\
                       <w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
    let mut out = String::with_capacity(xml.len() + 200);
    let mut rest = xml;
    while let Some(i) = rest.find("<w:footnote ") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // The first paragraph's properties end, or the paragraph opens bare.
        let end_note = rest.find("</w:footnote>").unwrap_or(rest.len());
        let note = &rest[..end_note];
        let is_separator = note.contains("w:type=\"separator\"")
            || note.contains("w:type=\"continuationSeparator\"");
        let at = if is_separator {
            None
        } else if let Some(p) = note.find("</w:pPr>") {
            Some(p + "</w:pPr>".len())
        } else {
            note.find("<w:p>").map(|p| p + "<w:p>".len())
        };
        match at {
            Some(at) => {
                out.push_str(&note[..at]);
                out.push_str(REF);
                out.push_str(&note[at..]);
            }
            None => out.push_str(note),
        }
        rest = &rest[end_note..];
    }
    out.push_str(rest);
    out
}

/// Settings: docx-rs writes its children out of schema order. Ours also
/// name the separator footnotes, as Word does.
const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\" /><w:defaultTabStop w:val=\"720\" />\
<w:characterSpacingControl w:val=\"doNotCompress\" />\
<w:footnotePr><w:footnote w:id=\"-1\" /><w:footnote w:id=\"0\" /></w:footnotePr>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\" /></w:compat>\
</w:settings>";

/// No lists are numbered by Word: the tool numbers them itself.
const NUMBERING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" />";

/// Add Word's separator and continuation-separator footnotes (ids −1, 0).
fn add_separators(xml: &str) -> String {
    const SEP: &str = "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\" /></w:pPr><w:r><w:separator /></w:r></w:p></w:footnote>\
<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\" /></w:pPr><w:r><w:continuationSeparator /></w:r></w:p></w:footnote>";
    if xml.contains("w:type=\"separator\"") {
        return xml.to_string();
    }
    if let Some(i) = xml
        .find("<w:footnote ")
        .or_else(|| xml.find("</w:footnotes>"))
    {
        return format!("{}{SEP}{}", &xml[..i], &xml[i..]);
    }
    // A document without footnotes: docx-rs writes an empty root element.
    match xml.trim_end().strip_suffix("/>") {
        Some(open) => format!("{}>{SEP}</w:footnotes>", open.trim_end()),
        None => xml.to_string(),
    }
}

/// Replace every `w14:paraId`/`w14:textId` value by a sequence number.
/// One pass: each `w14:` is looked at once (searching for each key anew
/// from every match made a 100 000-task document take minutes).
fn renumber_para_ids(xml: &str, counter: &mut u32) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("w14:") {
        let at = &rest[i..];
        let Some(key) = ["w14:paraId=\"", "w14:textId=\""]
            .into_iter()
            .find(|k| at.starts_with(k))
        else {
            out.push_str(&rest[..i + 4]);
            rest = &rest[i + 4..];
            continue;
        };
        let start = i + key.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        *counter += 1;
        out.push_str(&rest[..start]);
        // Word requires values below 0x80000000.
        out.push_str(&format!("{:08X}", *counter));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// A minimal Office theme with Times New Roman as both theme fonts.
const THEME: &str = include_str!("theme1.xml");

/// Pack the parts into a DOCX archive: deflated, fixed timestamps.
pub fn pack(xml: XMLDocx) -> Result<Vec<u8>, RenderError> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &xml.doc_props.core),
        ("docProps/custom.xml".into(), &xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &xml.document),
        ("word/styles.xml".into(), &xml.styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
        ("word/theme/theme1.xml".into(), THEME.as_bytes()),
    ];
    for (i, h) in xml.headers.iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), h));
        if let Some(r) = xml.header_rels.get(i) {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), r));
        }
    }
    for (i, f) in xml.footers.iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(r) = xml.footer_rels.get(i) {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), r));
        }
    }
    for (id, bytes) in &xml.media {
        let ext = if bytes.starts_with(&[0xFF, 0xD8]) {
            "jpeg"
        } else {
            "png"
        };
        parts.push((format!("word/media/{id}.{ext}"), bytes));
    }
    let err = |e: &dyn std::fmt::Display| RenderError::Docx(e.to_string());
    for (name, data) in parts {
        zip.start_file(name, options).map_err(|e| err(&e))?;
        zip.write_all(data).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_ref_goes_after_paragraph_properties() {
        let x = "<w:footnotes><w:footnote w:id=\"1\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\" /></w:pPr><w:r><w:t>A</w:t></w:r></w:p></w:footnote></w:footnotes>";
        let y = add_footnote_refs(x);
        assert!(y.contains("</w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\" /></w:rPr><w:footnoteRef /></w:r>"));
        assert_eq!(y.matches("<w:footnoteRef />").count(), 1);
    }

    #[test]
    fn separators_go_into_empty_and_full_footnote_parts() {
        let empty = add_separators("<w:footnotes xmlns:w=\"x\" />");
        assert!(empty.starts_with(
            "<w:footnotes xmlns:w=\"x\"><w:footnote w:type=\"separator\" w:id=\"-1\">"
        ));
        assert!(empty.ends_with("</w:footnotes>"));
        let full =
            add_separators("<w:footnotes><w:footnote w:id=\"1\"></w:footnote></w:footnotes>");
        assert!(full.find("w:id=\"-1\"").unwrap() < full.find("w:id=\"1\"").unwrap());
    }

    #[test]
    fn ids_are_renumbered_in_order() {
        let mut n = 0;
        let y = renumber_para_ids(
            "<w:p w14:paraId=\"7FFF\" w14:textId=\"1\"/><w:p w14:paraId=\"9\"/>",
            &mut n,
        );
        assert_eq!(
            y,
            "<w:p w14:paraId=\"00000001\" w14:textId=\"00000002\"/><w:p w14:paraId=\"00000003\"/>"
        );
    }

    #[test]
    fn core_properties_are_escaped() {
        let meta = Meta {
            title: "a < b & \"c\"".into(),
            author: "UBND".into(),
            subject: "Công văn số 05/UBND-KTTH".into(),
            keywords: vec!["x".into()],
            date: Some([2024, 4, 19]),
        };
        let x = core_xml(&meta);
        assert!(x.contains("<dc:title>a &lt; b &amp; &quot;c&quot;</dc:title>"));
        assert!(x.contains("2024-04-19T00:00:00Z"));
    }
}
