//! The Phụ lục VI fields in the PDF's XMP packet, under a namespace of our
//! own, declared with a PDF/A extension schema so the file stays PDF/A.
//!
//! typst has no hook for extra XMP, so the packet is replaced by an
//! incremental update (a new version of the metadata object appended after
//! the original bytes, as PDF allows and PDF/A permits). typst writes a
//! classic cross-reference table with uncompressed objects; anything else
//! is reported as an error rather than guessed at.

use std::collections::BTreeMap;

use crate::model::record::Record;
use crate::text::xml::{escape, unescape, xml_safe};

/// Our XMP namespace and prefix.
pub const NS: &str = "urn:x-vanban:nd30:1.0/";
pub const PREFIX: &str = "nd30";

/// Value types of the fields, for the extension schema.
fn value_type(field: &str) -> &'static str {
    match field {
        "PageAmount" | "Priority" | "IssuedAmount" => "Integer",
        "IssuedDate" | "DueDate" => "Date",
        "To" => "Seq Text",
        _ => "Text",
    }
}

fn description(field: &str) -> &'static str {
    match field {
        "TypeName" => "Tên loại văn bản",
        "CodeNumber" => "Số của văn bản",
        "CodeNotation" => "Ký hiệu của văn bản",
        "IssuedDate" => "Ngày, tháng, năm văn bản",
        "OrganName" => "Tên cơ quan, tổ chức ban hành văn bản",
        "Subject" => "Trích yếu nội dung",
        "Language" => "Ngôn ngữ",
        "PageAmount" => "Số trang của văn bản",
        "SignerPosition" => "Chức vụ của người ký",
        "SignerFullName" => "Họ tên người ký",
        "To" => "Nơi nhận",
        "Priority" => "Mức độ khẩn, mật (0: thường)",
        "IssuedAmount" => "Số lượng bản phát hành",
        "DueDate" => "Thời hạn trả lời",
        _ => "",
    }
}

/// Our values (an rdf:Description) and our extension schema (an rdf:li).
fn descriptions(rec: &Record) -> (String, String) {
    let mut props = String::new();
    for (field, value) in crate::model::record::FIELDS.iter().zip(rec.values()) {
        if field == &"To" {
            props.push_str(&format!("<{PREFIX}:To><rdf:Seq>"));
            for t in &rec.to {
                props.push_str(&format!("<rdf:li>{}</rdf:li>", escape(t)));
            }
            props.push_str(&format!("</rdf:Seq></{PREFIX}:To>"));
        } else if !value.is_empty() {
            props.push_str(&format!(
                "<{PREFIX}:{field}>{}</{PREFIX}:{field}>",
                escape(&value)
            ));
        }
    }
    let mut schema_props = String::new();
    for field in crate::model::record::FIELDS {
        schema_props.push_str(&format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{field}</pdfaProperty:name>\
             <pdfaProperty:valueType>{}</pdfaProperty:valueType>\
             <pdfaProperty:category>external</pdfaProperty:category>\
             <pdfaProperty:description>{}</pdfaProperty:description></rdf:li>",
            value_type(field),
            description(field)
        ));
    }
    let values = format!(
        "<rdf:Description rdf:about=\"\" xmlns:{PREFIX}=\"{NS}\">{props}</rdf:Description>"
    );
    let schema = format!(
        "<rdf:li rdf:parseType=\"Resource\">\
         <pdfaSchema:schema>vanban: siêu dữ liệu văn bản đi theo Nghị định 30/2020/NĐ-CP, Phụ lục VI</pdfaSchema:schema>\
         <pdfaSchema:namespaceURI>{NS}</pdfaSchema:namespaceURI><pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>\
         <pdfaSchema:property><rdf:Seq>{schema_props}</rdf:Seq></pdfaSchema:property></rdf:li>"
    );
    (values, schema)
}

/// Insert our values and our extension schema into an XMP packet. The
/// schema joins the packet's existing `pdfaExtension:schemas` bag when
/// there is one: XMP allows each property only once.
fn insert(xmp: &str, rec: &Record) -> Result<String, String> {
    let (values, schema) = descriptions(rec);
    let end = xmp.rfind("</rdf:RDF>").ok_or("gói XMP thiếu </rdf:RDF>")?;
    const BAG_END: &str = "</rdf:Bag></pdfaExtension:schemas>";
    Ok(match xmp.find(BAG_END) {
        Some(bag) => format!(
            "{}{schema}{}{values}{}",
            &xmp[..bag],
            &xmp[bag..end],
            &xmp[end..]
        ),
        None => format!(
            "{}{values}<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
             xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\
             <pdfaExtension:schemas><rdf:Bag>{schema}</rdf:Bag></pdfaExtension:schemas></rdf:Description>{}",
            &xmp[..end],
            &xmp[end..]
        ),
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The integer after `key` in `s` ("/Root 132 0 R" → 132).
fn int_after(s: &str, key: &str) -> Option<u64> {
    let i = s.find(key)? + key.len();
    let digits: String = s[i..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The bytes of the latest definition of object `num`.
fn object(pdf: &[u8], num: u64) -> Option<(usize, &[u8])> {
    let head = format!("\n{num} 0 obj");
    let start = rfind(pdf, head.as_bytes())? + 1;
    let end = find(&pdf[start..], b"endobj")? + start;
    Some((start, &pdf[start..end]))
}

/// Where the XMP packet of the document is: metadata object number and
/// its stream bytes.
fn metadata(pdf: &[u8]) -> Result<(u64, &[u8]), String> {
    let t = rfind(pdf, b"trailer").ok_or("PDF không có trailer (cần bảng xref cổ điển)")?;
    let trailer = String::from_utf8_lossy(&pdf[t..]);
    let root = int_after(&trailer, "/Root").ok_or("trailer thiếu /Root")?;
    let (_, catalog) = object(pdf, root).ok_or("không tìm thấy Catalog")?;
    let catalog = String::from_utf8_lossy(catalog);
    let meta = int_after(&catalog, "/Metadata").ok_or("Catalog thiếu /Metadata")?;
    let (_, obj) = object(pdf, meta).ok_or("không tìm thấy đối tượng Metadata")?;
    let dict_end = find(obj, b"stream").ok_or("Metadata không phải stream")?;
    let dict = String::from_utf8_lossy(&obj[..dict_end]);
    if dict.contains("/Filter") {
        return Err("gói XMP bị nén; không sửa được".into());
    }
    let mut data = dict_end + b"stream".len();
    if obj.get(data) == Some(&b'\r') {
        data += 1;
    }
    if obj.get(data) == Some(&b'\n') {
        data += 1;
    }
    let len = int_after(&dict, "/Length").ok_or("Metadata thiếu /Length")? as usize;
    let stream = obj.get(data..data + len).ok_or("độ dài Metadata sai")?;
    Ok((meta, stream))
}

/// Append an updated XMP packet carrying `rec` to `pdf`.
pub fn add_record(pdf: &[u8], rec: &Record) -> Result<Vec<u8>, String> {
    let (meta, stream) = metadata(pdf)?;
    // The whole packet, typst's part too, goes through the one XML filter.
    let new_xmp = xml_safe(&insert(&String::from_utf8_lossy(stream), rec)?).into_owned();

    let t = rfind(pdf, b"trailer").unwrap_or(0);
    let trailer = String::from_utf8_lossy(&pdf[t..]).into_owned();
    let dict_start = trailer.find("<<").ok_or("trailer hỏng")?;
    let dict_end = trailer.rfind(">>").ok_or("trailer hỏng")?;
    let dict = &trailer[dict_start + 2..dict_end];
    let sx = rfind(pdf, b"startxref").ok_or("PDF thiếu startxref")?;
    let prev =
        int_after(&String::from_utf8_lossy(&pdf[sx..]), "startxref").ok_or("startxref hỏng")?;
    let dict = match dict.find("/Prev") {
        Some(_) => return Err("PDF đã có bản cập nhật; không sửa tiếp".into()),
        None => format!("{dict}/Prev {prev}"),
    };

    let mut out = pdf.to_vec();
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    let obj_at = out.len();
    out.extend_from_slice(
        format!(
            "{meta} 0 obj\n<</Type/Metadata/Subtype/XML/Length {}>>\nstream\n",
            new_xmp.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(new_xmp.as_bytes());
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{meta} 1\n{obj_at:010} 00000 n \ntrailer\n<<{dict}>>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    Ok(out)
}

/// Read our fields back from the latest XMP packet of a PDF.
pub fn read_fields(pdf: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let (_, stream) = metadata(pdf)?;
    let xmp = String::from_utf8_lossy(stream);
    let mut out = BTreeMap::new();
    for field in crate::model::record::FIELDS {
        let open = format!("<{PREFIX}:{field}>");
        let close = format!("</{PREFIX}:{field}>");
        let Some(i) = xmp.find(&open) else { continue };
        let Some(j) = xmp[i..].find(&close) else {
            continue;
        };
        let inner = &xmp[i + open.len()..i + j];
        let value = if field == "To" {
            inner
                .split("<rdf:li>")
                .skip(1)
                .map(|li| unescape(li.split("</rdf:li>").next().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            unescape(inner)
        };
        out.insert(field.to_string(), value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            type_name: "Công văn".into(),
            code_number: "05".into(),
            code_notation: "UBND-KTTH".into(),
            issued_date: "2024-04-19".into(),
            organ_name: "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG".into(),
            subject: "a < b & c".into(),
            language: "vi".into(),
            page_amount: 4,
            signer_position: "PHÓ CHỦ TỊCH".into(),
            signer_full_name: "Phan Thế Tuấn".into(),
            to: vec!["Công an tỉnh".into(), "Báo Bắc Giang".into()],
            priority: 0,
            issued_amount: None,
            due_date: None,
        }
    }

    /// A minimal PDF with an uncompressed XMP stream, shaped as typst's.
    fn pdf() -> Vec<u8> {
        let xmp = "<?xpacket begin=\"\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
        let mut s = String::from("%PDF-1.7\n");
        let o1 = s.len();
        s.push_str("1 0 obj\n<</Type/Catalog/Metadata 2 0 R>>\nendobj\n");
        let o2 = s.len();
        s.push_str(&format!(
            "2 0 obj\n<</Type/Metadata/Subtype/XML/Length {}>>\nstream\n{xmp}\nendstream\nendobj\n",
            xmp.len()
        ));
        let x = s.len();
        s.push_str(&format!("xref\n0 3\n0000000000 65535 f \n{o1:010} 00000 n \n{o2:010} 00000 n \ntrailer\n<</Size 3/Root 1 0 R>>\nstartxref\n{x}\n%%EOF\n"));
        s.into_bytes()
    }

    #[test]
    fn fields_round_trip_through_an_incremental_update() {
        let original = pdf();
        let updated = add_record(&original, &record()).unwrap();
        assert!(
            updated.starts_with(&original),
            "the original bytes are kept"
        );
        let fields = read_fields(&updated).unwrap();
        assert_eq!(fields["CodeNotation"], "UBND-KTTH");
        assert_eq!(fields["Subject"], "a < b & c");
        assert_eq!(fields["To"], "Công an tỉnh; Báo Bắc Giang");
        assert_eq!(fields["PageAmount"], "4");
        assert!(!fields.contains_key("DueDate"));
        let text = String::from_utf8_lossy(&updated);
        assert!(text.contains("/Prev "));
        assert!(text
            .contains("<pdfaSchema:namespaceURI>urn:x-vanban:nd30:1.0/</pdfaSchema:namespaceURI>"));
        assert!(read_fields(&original).unwrap().is_empty());
        assert!(add_record(&updated, &record()).is_err(), "one update only");
    }

    #[test]
    fn schema_joins_an_existing_extension_bag() {
        let xmp = "<rdf:RDF><rdf:Description rdf:about=\"\"><pdfaExtension:schemas><rdf:Bag><rdf:li>A</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF>";
        let out = insert(xmp, &record()).unwrap();
        assert_eq!(out.matches("<pdfaExtension:schemas>").count(), 1);
        assert!(out.contains(
            "<rdf:li>A</rdf:li><rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>vanban"
        ));
        assert!(out.contains("<nd30:CodeNotation>UBND-KTTH</nd30:CodeNotation>"));
        let fresh = insert("<rdf:RDF></rdf:RDF>", &record()).unwrap();
        assert_eq!(fresh.matches("<pdfaExtension:schemas>").count(), 1);
    }
}
