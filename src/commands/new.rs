//! `vanban new KIND`: a commented skeleton for a kind, with the schema
//! beside it.

use std::path::{Path, PathBuf};

use crate::commands::cli::NewArgs;
use crate::engine::{output, Status};

/// `vanban new`: write a skeleton (and the schema beside it); exit code.
pub fn run(args: &NewArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    if let Some(from) = &args.tu {
        return correction(args, from, report);
    }
    let kind_key = args.kind.as_deref().unwrap_or_default();
    let Some(kind) = crate::model::Kind::parse(kind_key) else {
        let keys: Vec<&str> = crate::model::KINDS.iter().map(|k| k.key).collect();
        let mut msg = format!("lỗi: loại văn bản `{kind_key}` không có trong Nghị định 30");
        if let Some(s) = crate::diag::did_you_mean(kind_key, &keys) {
            msg.push_str(&format!("\n  = có phải ý bạn là `{s}`?"));
        }
        msg.push_str(&format!("\n  = các loại: {}", keys.join(", ")));
        report(&msg);
        return Status::Failed;
    };
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.yaml", kind.key())));
    if path.exists() {
        report(&format!(
            "lỗi: {} đã có; vanban không ghi đè (chọn tên khác với -o)",
            path.display()
        ));
        return Status::Failed;
    }
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let text = crate::model::skeleton::skeleton(kind, today.year(), today.month());
    let schema = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("van-ban.schema.json");
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(path.clone(), text.into_bytes())];
    if !schema.exists() {
        let json =
            serde_json::to_string_pretty(&crate::format::raw::schema()).unwrap_or_default() + "\n";
        files.push((schema, json.into_bytes()));
    }
    let borrowed: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    match output::write_all(&borrowed) {
        Ok(()) => {
            report(&format!("đã tạo {} ({})", path.display(), kind.name()));
            Status::Done
        }
        Err(m) => {
            report(&format!("lỗi: {m}"));
            Status::Failed
        }
    }
}

/// `vanban new --tu OLD.yaml` (issue 15): an issued document is frozen; a
/// correction is a new document. By default a công văn đính chính of the
/// same body, to the same recipients, citing the old document and with a
/// line to fill per correction; with `--thay-the`, the old document's own
/// text made a draft again (number emptied, date to this month), to be
/// amended into a văn bản thay thế. Either way a draft, to sign and then
/// `vanban issue`.
fn correction(args: &NewArgs, from: &Path, report: &(dyn Fn(&str) + Sync)) -> Status {
    let fail = |msg: String| {
        report(&format!("lỗi: {msg}"));
        Status::Failed
    };
    let bytes = match crate::format::load::read_bytes(from) {
        Ok(b) => b,
        Err(d) => return fail(d.to_string()),
    };
    let src = match crate::format::load::decode(from, bytes.clone()) {
        Ok(s) => s,
        Err(d) => {
            return fail(
                d.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
    };
    let (raw, doc) = match crate::format::load::parse(&src)
        .and_then(|raw| crate::model::validate::document(&src, &raw).map(|d| (raw, d)))
    {
        Ok(r) => r,
        Err(d) => {
            d.iter().for_each(|d| report(&d.to_string()));
            return Status::Failed;
        }
    };
    let (Some(_), Some(issued)) = (&doc.number, doc.date.full()) else {
        return fail(format!(
            "{} chưa ban hành (chưa có số và ngày): sửa thẳng bản dự thảo, không cần văn bản đính chính",
            from.display()
        ));
    };
    let stem = from
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("van-ban");
    let suffix = if args.thay_the {
        "thay-the"
    } else {
        "dinh-chinh"
    };
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| from.with_file_name(format!("{stem}-{suffix}.yaml")));
    if path.exists() {
        return fail(format!(
            "{} đã có; vanban không ghi đè (chọn tên khác với -o)",
            path.display()
        ));
    }
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let cited = format!(
        "{} số {} ngày {}",
        doc.kind.name(),
        doc.number_symbol(),
        crate::text::vn::short_date(issued)
    );
    let text = if args.thay_the {
        let header = format!(
            "# Văn bản thay thế {cited}, tạo bởi `vanban new --tu {} --thay-the`.\n\
             # Sửa nội dung và ghi rõ trong văn bản: \"… thay thế {cited} …\".\n\
             # Bản dự thảo: sau khi ký, văn thư chạy `vanban issue` để cấp số và ngày.",
            from.display()
        );
        let original = String::from_utf8_lossy(&bytes).into_owned();
        match crate::format::edit::redraft(
            &original,
            &raw,
            &format!("{}-{:02}", today.year(), today.month()),
            &header,
        ) {
            Ok(t) => t,
            Err(m) => return fail(m),
        }
    } else {
        match correction_yaml(&doc, &cited, from, today) {
            Ok(t) => t,
            Err(m) => return fail(m),
        }
    };
    match output::write_all(&[(path.clone(), text.as_bytes())]) {
        Ok(()) => {
            report(&format!(
                "đã tạo {} ({} cho {cited}); sửa nội dung, ký, rồi `vanban issue`",
                path.display(),
                if args.thay_the {
                    "văn bản thay thế"
                } else {
                    "công văn đính chính"
                }
            ));
            Status::Done
        }
        Err(m) => fail(m.to_string()),
    }
}

/// The công văn đính chính of an issued document: same body, signer and
/// recipients; the number left for the văn thư.
fn correction_yaml(
    doc: &crate::model::Document,
    cited: &str,
    from: &Path,
    today: chrono::NaiveDate,
) -> Result<String, String> {
    use crate::format::raw::{at, OneOrMany, RawDocument, StrOr};
    use crate::model::to_raw;
    use chrono::Datelike;
    let mut raw = RawDocument::new(
        doc.place.clone(),
        format!("{}-{:02}", today.year(), today.month()),
        OneOrMany::One(to_raw::signer(doc.signer())),
    );
    raw.loai = Some(at("cong_van".to_string()));
    raw.co_quan = Some(at(to_raw::agency(doc)));
    raw.don_vi_soan_thao = Some(at(doc
        .drafting_unit
        .clone()
        .unwrap_or_else(|| "VP".to_string())));
    raw.trich_yeu = Some(at(format!("đính chính {cited}")));
    if !doc.addressees.is_empty() {
        raw.kinh_gui = Some(at(OneOrMany::Many(doc.addressees.clone())));
    }
    let agency = doc.issuer.name();
    raw.noi_dung = vec![
        to_raw::paragraph(format!(
            "Ngày {}, {agency} ban hành {} số {} về {}. Do sơ suất trong quá trình soạn thảo, {agency} đính chính như sau:",
            crate::text::vn::short_date(doc.date.full().unwrap_or(today)),
            doc.kind.name(),
            doc.number_symbol(),
            doc.subject
        )),
        to_raw::dashes(&["Tại … (Điều, khoản, dòng …), đã viết: “…”; nay sửa lại: “…”."]),
        to_raw::paragraph(format!(
            "Các nội dung khác của {} số {} giữ nguyên. {agency} thông báo để các cơ quan, đơn vị biết và thực hiện.",
            doc.kind.name(),
            doc.number_symbol()
        )),
    ];
    // The same recipients as the corrected document (a group by its name).
    let mut to: Vec<String> = Vec::new();
    if !doc.addressees.is_empty() {
        to.push("Như trên".into());
    }
    for r in &doc.recipients {
        let name = match r {
            crate::model::Recipient::Single(n) => n,
            crate::model::Recipient::Group { name, .. } => name,
        };
        if name != "Như trên" || doc.addressees.is_empty() {
            to.push(name.clone());
        }
    }
    raw.noi_nhan = to.into_iter().map(|n| at(StrOr::Str(n))).collect();
    raw.luu = to_raw::archive_line(doc).map(at);
    raw.to_yaml(&format!(
        "{}\n# Công văn đính chính {cited}, tạo bởi `vanban new --tu {}`.\n\
         # Ghi từng chỗ sai và chỗ sửa; sau khi ký, văn thư chạy `vanban issue` để cấp số và ngày.",
        crate::model::skeleton::MODELINE,
        from.display()
    ))
}
