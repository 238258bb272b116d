//! `vanban sign` and `vanban verify-sig`: sign a PDF as a role of Nghị định
//! 30 (signer, agency, copy, attachment) and verify every signature of one.
//!
//! Secrets: the password or PIN comes only from `VANBAN_PIN` or a prompt
//! without echo, never from an argument; it is held in a zeroising string
//! and never printed, logged or written. Nothing is written on any error.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::commands::cli::{SignArgs, SignRole, VerifySigArgs};
use crate::engine::Status;
use crate::render::fonts::{FontOptions, FontSet};
use crate::sign::{self, keys, Role, SignRequest};

/// The largest PDF signed or verified (a long scanned document is ~50 MB).
const MAX_PDF: u64 = 200 * 1024 * 1024;
/// The largest signature or seal image.
const MAX_PNG: u64 = 5 * 1024 * 1024;
/// Default seal diameter, mm (Phụ lục I: the real size; 35–42 mm usual).
const SEAL_MM: f64 = 36.0;

/// Run `vanban sign`.
pub fn run(args: &SignArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    match sign_file(args) {
        Ok(msg) => {
            report(&msg);
            Status::Done
        }
        Err(e) => {
            report(&format!("lỗi: {e}"));
            Status::Failed
        }
    }
}

fn read_limited(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, String> {
    let m = std::fs::metadata(path).map_err(|e| {
        format!(
            "không đọc được {what} {} ({})",
            path.display(),
            crate::format::load::io_vi(&e)
        )
    })?;
    if !m.is_file() {
        return Err(format!("{what} {} không phải là tệp", path.display()));
    }
    if m.len() > max {
        return Err(format!(
            "{what} {} quá lớn (tối đa {} MB)",
            path.display(),
            max / 1_048_576
        ));
    }
    std::fs::read(path).map_err(|e| {
        format!(
            "không đọc được {what} {} ({})",
            path.display(),
            crate::format::load::io_vi(&e)
        )
    })
}

/// The password or PIN: `VANBAN_PIN`, else a prompt on the terminal.
fn secret(prompt: &str) -> Result<Zeroizing<String>, String> {
    if let Ok(v) = std::env::var("VANBAN_PIN") {
        return Ok(Zeroizing::new(v));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|_| "cần mật khẩu/PIN: đặt biến môi trường VANBAN_PIN hoặc chạy trong cửa sổ dòng lệnh để nhập".to_string())
}

/// The signature image, the seal image and the seal's size a YAML names.
type YamlImages = (Option<PathBuf>, Option<PathBuf>, Option<f64>);

/// The images the YAML beside the PDF names (`ky_so:`), if any.
fn yaml_images(args: &SignArgs) -> Result<YamlImages, String> {
    let yaml = match &args.source {
        Some(p) => p.clone(),
        None => {
            let p = args.file.with_extension("yaml");
            if !p.is_file() {
                return Ok((None, None, None));
            }
            p
        }
    };
    let doc = crate::load_file(&yaml).map_err(|d| {
        format!(
            "không đọc được tệp nguồn {}: {}",
            yaml.display(),
            d.first().map(|d| d.message.clone()).unwrap_or_default()
        )
    })?;
    let dir = yaml.parent().unwrap_or(Path::new("."));
    Ok(match &doc.signing {
        Some(s) => (
            s.signature_image.as_ref().map(|p| dir.join(p)),
            s.seal_image.as_ref().map(|p| dir.join(p)),
            s.seal_mm,
        ),
        None => (None, None, None),
    })
}

fn sign_file(args: &SignArgs) -> Result<String, String> {
    // Phase 1: everything that can be checked without the secret.
    let input = read_limited(&args.file, MAX_PDF, "tệp PDF")?;
    sign::pdf::Pdf::parse(&input).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let role = match args.role {
        SignRole::NguoiKy => Role::Signer,
        SignRole::CoQuan => Role::Agency,
        SignRole::Sao => Role::Copy,
        SignRole::DinhKem => Role::Attachment,
    };
    let (y_sig, y_seal, y_mm) = if matches!(role, Role::Signer | Role::Agency) {
        yaml_images(args)?
    } else {
        (None, None, None)
    };
    let image = |cli: &Option<PathBuf>,
                 yaml: Option<PathBuf>,
                 what: &str|
     -> Result<Option<Vec<u8>>, String> {
        match cli.clone().or(yaml) {
            None => Ok(None),
            Some(p) => {
                let b = read_limited(&p, MAX_PNG, what)?;
                sign::check_png(&b).map_err(|e| format!("{} {}: {e}", what, p.display()))?;
                Ok(Some(b))
            }
        }
    };
    let sig_png = if role == Role::Signer {
        image(&args.signature_image, y_sig, "hình chữ ký")?
    } else {
        None
    };
    let seal_png = if role == Role::Agency {
        image(&args.seal_image, y_seal, "hình con dấu")?
    } else {
        None
    };
    let seal_mm = args.seal_mm.or(y_mm).unwrap_or(SEAL_MM);
    if !(10.0..=80.0).contains(&seal_mm) {
        return Err(format!(
            "đường kính con dấu {seal_mm} mm không hợp lý (10–80 mm)"
        ));
    }
    if role == Role::Signer && sig_png.is_none() {
        return Err("cần hình chữ ký của người ký: --hinh-chu-ky TỆP.png, hoặc `ky_so: {chu_ky: …}` trong tệp YAML".into());
    }
    if role == Role::Agency && seal_png.is_none() {
        return Err(
            "cần hình con dấu: --hinh-dau TỆP.png, hoặc `ky_so: {con_dau: …}` trong tệp YAML"
                .into(),
        );
    }

    // Phase 2: the credential.
    let cred = match (&args.p12, &args.pkcs11) {
        (Some(p12), _) => {
            let bytes = Zeroizing::new(read_limited(p12, 1024 * 1024, "tệp PKCS#12")?);
            let pw = secret(&format!("Mật khẩu của {}: ", p12.display()))?;
            keys::load_p12(&bytes, &pw).map_err(|e| match e {
                keys::P12Error::WrongPassword => format!(
                    "sai mật khẩu của tệp chứng thư số {} (kiểm tra VANBAN_PIN)",
                    p12.display()
                ),
                keys::P12Error::Other(m) => format!("{}: {m}", p12.display()),
            })?
        }
        (None, Some(module)) => {
            #[cfg(unix)]
            {
                let pin = secret("Mã PIN của thiết bị ký: ")?;
                sign::token::open(module, args.slot.unwrap_or(0), &pin)?
            }
            #[cfg(not(unix))]
            {
                let _ = module;
                return Err("PKCS#11 chỉ hỗ trợ trên Linux và macOS".into());
            }
        }
        (None, None) => return Err("cần --p12 TỆP.p12 hoặc --pkcs11 THƯ_VIỆN.so --slot N".into()),
    };
    let now = std::time::SystemTime::now();
    keys::check_validity(&cred.cert, now)?;
    for c in &cred.chain {
        keys::check_validity(c, now)?;
    }

    // Phase 3: the text of a top-right stamp.
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("+07:00");
    let time = chrono::Utc::now().with_timezone(&vn);
    let iso = time.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let agency = args
        .agency
        .clone()
        .or_else(|| keys::name_attr(&cred.cert.tbs_certificate.subject, "2.5.4.10"))
        .or_else(|| keys::name_attr(&cred.cert.tbs_certificate.subject, "2.5.4.3"))
        .unwrap_or_default();
    let lines = match role {
        Role::Attachment => {
            let number =
                match &args.number {
                    Some(n) => n.clone(),
                    None => {
                        let f = crate::render::xmp::read_fields(&input).unwrap_or_default();
                        match (f.get("CodeNumber"), f.get("CodeNotation")) {
                            (Some(n), Some(s)) if !n.is_empty() => format!("{n}/{s}"),
                            _ => return Err(
                                "không biết số, ký hiệu văn bản: dùng --so-ky-hieu 1956/UBND-KTTH"
                                    .into(),
                            ),
                        }
                    }
                };
            vec![
                agency.clone(),
                format!("Kèm theo văn bản số {number}"),
                format!("Thời gian ký: {iso}"),
            ]
        }
        Role::Copy => vec![
            args.copy_form.trim().to_uppercase(),
            agency.clone(),
            format!("Thời gian ký: {iso}"),
        ],
        _ => Vec::new(),
    };
    let layout = &crate::render::layout::ND30;
    let req = SignRequest {
        role,
        time,
        signature_png: sig_png.as_deref(),
        seal_png: seal_png.as_deref(),
        seal_mm,
        lines,
        margin_right_mm: layout.margin_right,
        margin_top_mm: layout.margin_top,
    };
    let fonts = FontSet::load(&FontOptions {
        dirs: Vec::new(),
        system: true,
    })?;

    // Phase 4: sign, check our own work, write.
    let out = sign::sign(&input, &cred, &req, &fonts)?;
    drop(cred);
    let reports = sign::verify::verify(&out, &[])?;
    if let Some(bad) = reports
        .iter()
        .find(|r| r.covered_end == out.len() && !r.problems.is_empty())
    {
        return Err(format!(
            "chữ ký vừa tạo không tự kiểm tra được: {}",
            bad.problems.join("; ")
        ));
    }
    crate::engine::output::write_atomic(&args.out, &out)
        .map_err(|e| format!("không ghi được {}: {e}", args.out.display()))?;
    Ok(format!(
        "đã ký {} → {} ({}, {})",
        args.file.display(),
        args.out.display(),
        match role {
            Role::Signer => "người ký",
            Role::Agency => "cơ quan",
            Role::Copy => "bản sao",
            Role::Attachment => "tệp đính kèm",
        },
        iso
    ))
}

/// Run `vanban verify-sig`: one report per signature on `out`, problems on
/// `report`; exit 2 on any failure or when the file has no signature.
pub fn run_verify(
    args: &VerifySigArgs,
    out: &mut dyn std::io::Write,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    let result = (|| -> Result<Vec<sign::verify::SigReport>, String> {
        let mut anchors = Vec::new();
        for p in &args.trust {
            let pem = read_limited(p, 1024 * 1024, "tệp gốc tin cậy")?;
            let certs = x509_cert::Certificate::load_pem_chain(&pem)
                .map_err(|_| format!("{}: không phải chứng thư số PEM", p.display()))?;
            anchors.extend(certs);
        }
        let bytes = read_limited(&args.file, MAX_PDF, "tệp PDF")?;
        sign::verify::verify(&bytes, &anchors).map_err(|e| format!("{}: {e}", args.file.display()))
    })();
    let reports = match result {
        Ok(r) => r,
        Err(e) => {
            report(&format!("lỗi: {e}"));
            return Status::Failed;
        }
    };
    if reports.is_empty() {
        report(&format!(
            "lỗi: {} không có chữ ký số nào",
            args.file.display()
        ));
        return Status::Failed;
    }
    let mut failed = false;
    for (i, r) in reports.iter().enumerate() {
        let ok = r.problems.is_empty();
        failed |= !ok;
        let _ = writeln!(
            out,
            "Chữ ký {} ({}): {}",
            i + 1,
            r.field,
            if ok {
                "HỢP LỆ"
            } else {
                "KHÔNG HỢP LỆ"
            }
        );
        let _ = writeln!(out, "  người ký: {}", crate::diag::printable(&r.subject));
        let _ = writeln!(
            out,
            "  thời gian ký: {}",
            r.time.as_deref().unwrap_or("(không ghi)")
        );
        let _ = writeln!(out, "  định dạng: {}", r.sub_filter);
        let _ = writeln!(
            out,
            "  phạm vi: {}",
            if r.whole {
                "toàn bộ tệp".to_string()
            } else {
                format!(
                    "{} byte đầu; {} byte thêm sau khi ký",
                    r.covered_end, r.after
                )
            }
        );
        if let Some(path) = &r.chain {
            let _ = writeln!(
                out,
                "  chuỗi chứng thư: {}",
                crate::diag::printable(&path.join(" ← "))
            );
        }
        for n in &r.notes {
            let _ = writeln!(out, "  ghi chú: {n}");
        }
        for p in &r.problems {
            let _ = writeln!(out, "  lỗi: {p}");
        }
    }
    if failed {
        report("lỗi: có chữ ký không hợp lệ hoặc tệp đã bị sửa sau khi ký");
        Status::Failed
    } else {
        Status::Done
    }
}
