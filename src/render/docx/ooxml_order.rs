//! Put the children of WordprocessingML property elements in the order the
//! Open XML schema prescribes. docx-rs writes them in its own order
//! (`<w:pPr><w:rPr/><w:jc/><w:spacing/>…`), which LibreOffice accepts but
//! the schema — and so Word's strict reading — does not.
//!
//! The XML here is docx-rs output: elements, attributes, escaped text and
//! an XML declaration, no comments, CDATA or DTDs. A tiny tree is enough.

/// A parsed node: an element (name, raw attribute text, children) or raw
/// text kept exactly as written.
enum Node<'a> {
    Element {
        name: &'a str,
        attrs: &'a str,
        children: Vec<Node<'a>>,
    },
    Raw(&'a str),
}

/// The schema order of the children of the elements we reorder.
fn order(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        "w:rPr" => &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        ],
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        ],
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
        "w:tblCellMar" | "w:tcMar" => {
            &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"]
        }
        "w:pBdr" => &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
        "w:sectPr" => &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        _ => return None,
    })
}

/// Reorder a whole part. Returns the input unchanged if it does not parse.
pub fn reorder(xml: &str) -> String {
    let Some(nodes) = parse(xml) else {
        return xml.to_string();
    };
    let mut out = String::with_capacity(xml.len());
    for n in nodes {
        write(&n, "", &mut out);
    }
    out
}

fn parse(xml: &str) -> Option<Vec<Node<'_>>> {
    let mut stack: Vec<(&str, &str, Vec<Node>)> = vec![("", "", Vec::new())];
    let mut i = 0;
    let b = xml.as_bytes();
    while i < b.len() {
        if b[i] != b'<' {
            let end = xml[i..].find('<').map_or(b.len(), |j| i + j);
            stack.last_mut()?.2.push(Node::Raw(&xml[i..end]));
            i = end;
            continue;
        }
        // Find the end of the tag, honouring quoted attribute values.
        let mut j = i + 1;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'"' | b'\'') => quote = Some(b[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        if j >= b.len() {
            return None;
        }
        let tag = &xml[i + 1..j];
        i = j + 1;
        if tag.starts_with('?') || tag.starts_with('!') {
            stack
                .last_mut()?
                .2
                .push(Node::Raw(&xml[i - tag.len() - 2..i]));
        } else if let Some(name) = tag.strip_prefix('/') {
            let (open, attrs, children) = stack.pop()?;
            if open != name.trim() {
                return None;
            }
            stack.last_mut()?.2.push(Node::Element {
                name: open,
                attrs,
                children,
            });
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, attrs) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
            if self_closing {
                stack.last_mut()?.2.push(Node::Element {
                    name,
                    attrs: attrs.trim(),
                    children: Vec::new(),
                });
            } else {
                stack.push((name, attrs.trim(), Vec::new()));
            }
        }
    }
    if stack.len() != 1 {
        return None;
    }
    stack.pop().map(|(_, _, c)| c)
}

fn write(node: &Node, parent: &str, out: &mut String) {
    match node {
        Node::Raw(t) => out.push_str(t),
        Node::Element {
            name,
            attrs,
            children,
        } => {
            out.push('<');
            out.push_str(name);
            // A grid column has no type attribute in the schema.
            let attrs = if *name == "w:gridCol" {
                attrs.replace(" w:type=\"dxa\"", "")
            } else {
                attrs.to_string()
            };
            if !attrs.is_empty() {
                out.push(' ');
                out.push_str(&attrs);
            }
            let mut kids: Vec<&Node> = children.iter().collect();
            // Paragraph properties of a style or of the defaults
            // (CT_PPrGeneral) take no run properties.
            if *name == "w:pPr" && matches!(parent, "w:style" | "w:pPrDefault") {
                kids.retain(|k| !matches!(k, Node::Element { name: "w:rPr", .. }));
            }
            if let Some(ord) = order(name) {
                let rank = |n: &&Node| match n {
                    Node::Element { name, .. } => {
                        ord.iter().position(|o| o == name).unwrap_or(ord.len())
                    }
                    Node::Raw(_) => ord.len(),
                };
                kids.sort_by_key(rank);
            }
            if kids.is_empty() {
                out.push_str(" />");
                return;
            }
            out.push('>');
            for k in kids {
                write(k, name, out);
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_properties_in_schema_order() {
        let x = r#"<w:p><w:pPr><w:rPr /><w:jc w:val="center" /><w:spacing w:line="280" /><w:pStyle w:val="A" /></w:pPr><w:r><w:rPr><w:sz w:val="24" /><w:b /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#;
        assert_eq!(
            reorder(x),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:spacing w:line="280" /><w:jc w:val="center" /><w:rPr /></w:pPr><w:r><w:rPr><w:b /><w:sz w:val="24" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn declaration_text_and_attributes_survive() {
        let x = "<?xml version=\"1.0\"?><a x=\"1>2\"><b>t</b><w:gridCol w:w=\"5\" w:type=\"dxa\" /></a>";
        assert_eq!(
            reorder(x),
            "<?xml version=\"1.0\"?><a x=\"1>2\"><b>t</b><w:gridCol w:w=\"5\" /></a>"
        );
    }

    #[test]
    fn unparsable_input_is_returned_unchanged() {
        assert_eq!(reorder("<a><b></a>"), "<a><b></a>");
    }
}
