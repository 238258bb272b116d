//! `vanban new KIND`: a commented skeleton for a kind, with the schema
//! beside it.

use std::path::{Path, PathBuf};

use crate::commands::cli::NewArgs;
use crate::engine::{output, Status};

/// `vanban new`: write a skeleton (and the schema beside it); exit code.
pub fn run(args: &NewArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    let Some(kind) = crate::model::Kind::parse(&args.kind) else {
        let keys: Vec<&str> = crate::model::KINDS.iter().map(|k| k.key).collect();
        let mut msg = format!(
            "lỗi: loại văn bản `{}` không có trong Nghị định 30",
            args.kind
        );
        if let Some(s) = crate::diag::did_you_mean(&args.kind, &keys) {
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
