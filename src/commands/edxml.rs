//! `vanban edxml`: the exchange package of an issued document (edXML,
//! QCVN 102:2016/BTTTT; issue 15) — its header from the same Phụ lục VI
//! mapping the archive uses, the sending and receiving organs' electronic
//! ids, and the issued PDF attached.
//!
//! Only an issued document is packaged. When a register covers it
//! (`--so-dang-ky`, or the folder's `.vanban.yaml`), the PDF attached must
//! be the one the register names: a document changed after issue is
//! refused.

use std::path::PathBuf;

use crate::commands::cli::EdxmlArgs;
use crate::diag::{Diagnostic, Pos};
use crate::engine::issued::{self, Standing};
use crate::engine::register::{self, Register};
use crate::engine::{output, Error, Renderer, Status};
use crate::format::load;
use crate::model::record::Exchange;
use crate::render::edxml::{self, Attached, Organ, Package};
use crate::render::print;

/// `vanban edxml`: returns the exit code.
pub fn run(args: &EdxmlArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    match package(args, report) {
        Ok(()) => Status::Done,
        Err(e) => e.report(report),
    }
}

fn package(args: &EdxmlArgs, report: &(dyn Fn(&str) + Sync)) -> Result<(), Error> {
    let file = &args.file;
    let name = file.display().to_string();
    let src = load::read(file).map_err(Error::Input)?;
    let (doc, warnings) = crate::load_checked(&src, &Default::default()).map_err(Error::Input)?;
    warnings.iter().for_each(|w| report(&w.to_string()));
    if doc.is_draft() {
        return Err(Error::Input(vec![Diagnostic::error(
            &name,
            Pos::default(),
            "bản dự thảo chưa ban hành: không gửi qua trục liên thông",
        )
        .hint(
            "gợi ý: cấp số và ngày trước: `vanban issue TỆP.yaml --so-dang-ky SỔ.csv`",
        )]));
    }
    let project = crate::format::project::for_document(file).map_err(Error::Input)?;
    let exchange = project
        .as_ref()
        .and_then(|p| p.raw.lien_thong.as_ref())
        .map(|l| &l.value);

    // The sender's id; the receivers' ids, by the names the document uses.
    let from_id = args
        .ma_gui
        .clone()
        .or_else(|| exchange.map(|e| e.ma_dinh_danh.value.trim().to_string()))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            Error::Other(format!(
                "{name}: chưa có mã định danh của cơ quan gửi\n  = gợi ý: --ma-gui 000.00.00.H06, hoặc trong .vanban.yaml:\n      lien_thong:\n        ma_dinh_danh: 000.00.00.H06"
            ))
        })?;

    // The issued PDF, rendered as `issue` renders it.
    let renderer = Renderer::new(&issued::fonts(&args.font_dirs)).map_err(Error::Other)?;
    let printed = print::print(&doc);
    let images = crate::engine::images_for(file, &printed).map_err(|d| Error::Input(vec![d]))?;
    let pdf = renderer
        .pdf(&doc, &printed, &images, &issued::pdf_settings(&doc))
        .map_err(|e| Error::Other(format!("{name}: {e}")))?;
    let pdf_name = register::file_name(&output::output_path(file, None, "pdf"));

    // Checked against the register, when one covers the document.
    let register_path = args
        .so_dang_ky
        .clone()
        .or_else(|| project.as_ref().and_then(|p| p.register()));
    let rows = match &register_path {
        Some(path) => {
            let (reg, notes) = Register::open(path).map_err(|d| Error::Input(vec![d]))?;
            notes.iter().for_each(|n| report(n));
            let mut notes = Vec::new();
            let rows = reg.rows(&mut notes).map_err(|d| Error::Input(vec![d]))?;
            notes.iter().for_each(|n| report(n));
            Some((reg.name().to_string(), rows))
        }
        // No register named: those beside the document.
        None => {
            let dir = file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let rows = issued::registers_in(dir);
            (!rows.is_empty()).then(|| (format!("trong {}", dir.display()), rows))
        }
    };
    match rows {
        Some((reg_name, rows)) => {
            match issued::standing(&rows, &doc, &pdf_name) {
                Standing::Issued(row) if row.sha256 == output::sha256_hex(&pdf.bytes) => {}
                Standing::Issued(row) => {
                    return Err(Error::Other(format!(
                        "{name}: văn bản số {} đã đổi sau khi ban hành: PDF khác SHA-256 trong sổ {} (dòng {}); không gửi văn bản khác với bản đã ban hành",
                        row.number_symbol(),
                        reg_name,
                        row.line
                    )))
                }
                Standing::NumberTaken(row) => {
                    return Err(Error::Other(format!(
                        "{name}: số {} đã cấp cho {} trong sổ {} (dòng {})",
                        doc.number_symbol(),
                        row.file,
                        reg_name,
                        row.line
                    )))
                }
                Standing::NotIssued => {
                    return Err(Error::Other(format!(
                        "{name}: văn bản số {} chưa vào sổ {}: chỉ gửi văn bản đã ban hành\n  = gợi ý: `vanban issue`",
                        doc.number_symbol(),
                        reg_name
                    )))
                }
            }
        }
        None => report(&format!(
            "ghi chú: {name}: không có sổ đăng ký để đối chiếu (--so-dang-ky hoặc so_dang_ky trong .vanban.yaml); gói tin mang PDF dựng lại từ tệp YAML"
        )),
    }

    let ex = Exchange::new(&doc, pdf.pages);
    let to: Vec<Organ> = if args.ma_nhan.is_empty() {
        let ids = exchange.map(|e| &e.noi_nhan);
        let id_of = |name: &str| {
            let key = crate::text::vn::nfc(name.trim()).to_lowercase();
            ids.and_then(|m| {
                m.iter()
                    .find(|(n, _)| crate::text::vn::nfc(n.trim()).to_lowercase() == key)
                    .map(|(_, id)| id.trim().to_string())
            })
        };
        let mut missing = Vec::new();
        let to: Vec<Organ> = ex
            .record
            .to
            .iter()
            .filter_map(|n| match id_of(n) {
                Some(id) => Some(Organ {
                    id,
                    name: n.clone(),
                }),
                None => {
                    missing.push(n.clone());
                    None
                }
            })
            .collect();
        if !missing.is_empty() {
            report(&format!(
                "ghi chú: {name}: chưa có mã định danh của {} (lien_thong.noi_nhan trong .vanban.yaml): chỉ ghi tên ở ToPlaces, không gửi tới",
                missing.join("; ")
            ));
        }
        to
    } else {
        args.ma_nhan
            .iter()
            .map(|id| Organ {
                id: id.trim().to_string(),
                name: exchange
                    .and_then(|e| e.noi_nhan.iter().find(|(_, v)| v.trim() == id.trim()))
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default(),
            })
            .collect()
    };
    if to.is_empty() {
        return Err(Error::Other(format!(
            "{name}: không có nơi nhận nào có mã định danh: gói tin không có nơi gửi tới\n  = gợi ý: --ma-nhan MÃ, hoặc trong .vanban.yaml: lien_thong: {{noi_nhan: {{\"{}\": MÃ}}}}",
            ex.record.to.first().map(String::as_str).unwrap_or("Tên nơi nhận")
        )));
    }

    let package = Package {
        from_id,
        to,
        timestamp: chrono::Local::now().format("%Y/%m/%d %H:%M:%S").to_string(),
        attachments: vec![Attached {
            name: pdf_name.clone(),
            content_type: "application/pdf".into(),
            description: format!("{} số {} (PDF/A)", ex.record.type_name, doc.number_symbol()),
            data: pdf.bytes,
        }],
    };
    let xml = edxml::edxml(&ex, &package);
    let out: PathBuf = args
        .out
        .clone()
        .unwrap_or_else(|| output::output_path(file, None, "edxml"));
    output::write_atomic(&out, xml.as_bytes()).map_err(Error::Write)?;
    report(&format!(
        "đã ghi gói tin {} ({} số {}, gửi {} nơi, đính kèm {})",
        out.display(),
        ex.record.type_name,
        doc.number_symbol(),
        package.to.len(),
        pdf_name
    ));
    Ok(())
}
