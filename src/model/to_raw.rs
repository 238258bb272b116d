//! The YAML form ([`format::raw`](crate::format::raw)) of a validated
//! document's parts, for the documents vanban writes from another one:
//! `remind`'s letters from a directive, `new --tu`'s correction from an
//! issued document. They are built as typed values and serialised, never
//! concatenated as text, so whatever the clerk typed stays text.

use crate::format::raw::{at, Located, OneOrMany, RawAgency, RawParent, RawSigner, StrOr};
use crate::format::{blocks::Lead, raw::RawBlock};
use crate::model::{Document, Recipient, Signer};

/// A body block: one paragraph (`- "…"` in `noi_dung`).
pub type Block = Located<StrOr<RawBlock>>;

/// The issuing body and its parent, as `co_quan:` writes them.
pub fn agency(doc: &Document) -> RawAgency {
    RawAgency {
        ten: at(doc.issuer.typed.join("\n")),
        viet_tat: doc.issuer.abbreviation.clone().map(at),
        chu_quan: doc.parent.as_ref().map(|p| RawParent {
            ten: at(p.typed.join("\n")),
            viet_tat: p.abbreviation.clone().map(at),
        }),
    }
}

/// A signer as `nguoi_ky:` writes it: the prefix and the head's title,
/// or the authority lines when there are several ("TM. ỦY BAN NHÂN DÂN",
/// "KT. CHỦ TỊCH").
pub fn signer(s: &Signer) -> RawSigner {
    let (quyen_han, thu_truong) = if s.above.is_empty() {
        (
            s.authority.map(|a| OneOrMany::One(a.prefix().to_string())),
            s.head.clone(),
        )
    } else {
        let mut lines = s.above.clone();
        if let (Some(a), Some(h)) = (s.authority, &s.head) {
            lines.push(format!("{} {h}", a.prefix()));
        }
        (Some(OneOrMany::Many(lines)), None)
    };
    let ho_ten = if s.more_names.is_empty() {
        OneOrMany::One(s.name.clone())
    } else {
        OneOrMany::Many(
            std::iter::once(s.name.clone())
                .chain(s.more_names.clone())
                .collect(),
        )
    };
    RawSigner {
        quyen_han: quyen_han.map(at),
        thu_truong: thu_truong.map(at),
        chuc_vu: s.title.clone().map(at),
        ho_ten: at(ho_ten),
    }
}

/// The Lưu line: the document's own, or the one inside a Nơi nhận group.
pub fn archive_line(doc: &Document) -> Option<String> {
    doc.archive.clone().or_else(|| {
        doc.recipients.iter().find_map(|r| match r {
            Recipient::Group { archive, .. } => archive.clone(),
            _ => None,
        })
    })
}

/// Plain texts as a list of YAML strings.
pub fn texts<S: AsRef<str>>(items: &[S]) -> Vec<Located<String>> {
    items.iter().map(|s| at(s.as_ref().to_string())).collect()
}

/// A paragraph of the body.
pub fn paragraph(text: impl Into<String>) -> Block {
    at(StrOr::Str(text.into()))
}

/// A dash list ("- …" lines) of the body.
pub fn dashes<S: AsRef<str>>(items: &[S]) -> Block {
    at(StrOr::Map(RawBlock {
        gach: Some(at(Lead::Blocks(
            items.iter().map(|i| paragraph(i.as_ref())).collect(),
        ))),
        ..Default::default()
    }))
}
