//! `vanban check`: run the ND30 rules over documents and report.

use crate::commands::cli::CheckArgs;
use crate::diag::Diagnostic;
use crate::engine::register::Register;
use crate::engine::{expand_inputs, issued, output, Status};

/// `vanban check`: returns the exit code.
pub fn run(
    args: &CheckArgs,
    out: &mut dyn std::io::Write,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    use crate::diag::Severity;
    if args.quy_tac {
        // With files: which rules each one (and its folder's .vanban.yaml)
        // switches off, and why.
        let mut off: Vec<(crate::rules::Code, String)> = Vec::new();
        for file in expand_inputs(&args.files) {
            let switches = crate::format::load::read(&file).and_then(|src| {
                let raw = crate::format::load::parse(&src)?;
                let project = crate::format::project::for_document(&src.path)?;
                Ok(crate::rules::switches_of(&src, &raw, project.as_ref()))
            });
            match switches {
                Ok(s) => {
                    for (code, why) in s {
                        let why = format!("{}: {why}", file.display());
                        match off.iter_mut().find(|(c, _)| *c == code) {
                            Some((_, w)) => *w = format!("{w}; {why}"),
                            None => off.push((code, why)),
                        }
                    }
                }
                Err(d) => d.iter().for_each(|d| report(&d.to_string())),
            }
        }
        let _ = write!(out, "{}", crate::rules::rules_markdown_with(&off));
        return Status::Done;
    }
    let opts = crate::rules::CheckOptions {
        future_days: args.tuong_lai,
        tone: args.kieu_dau.map(|k| match k {
            crate::commands::cli::ToneStyle::Moi => crate::text::vn::ToneStyle::New,
            crate::commands::cli::ToneStyle::Cu => crate::text::vn::ToneStyle::Old,
        }),
        ..Default::default()
    };
    let json = args.format == crate::commands::cli::CheckFormat::Json;
    let (mut errors, mut warnings) = (0, 0);
    let mut files_json = Vec::new();
    let files = expand_inputs(&args.files);
    // Issue 15: the registers that cover the documents, for the numbers.
    let given = match Register::open_given(args.so_dang_ky.as_deref(), report) {
        Ok(r) => r,
        Err(d) => {
            report(&d.to_string());
            return Status::Failed;
        }
    };
    let registers = match issued::Registers::load(&files, given.as_ref(), None) {
        Ok(r) => r,
        Err(e) => return e.report(report),
    };
    let mut gaps_said = std::collections::HashSet::new();
    for file in files {
        let read = crate::format::load::read_bytes(&file)
            .map_err(|d| vec![d])
            .and_then(|bytes| {
                let bom = bytes.starts_with("\u{feff}".as_bytes());
                crate::format::load::decode(&file, bytes).map(|src| (src, bom))
            });
        let diags: Vec<Diagnostic> = match read {
            Err(d) => d,
            Ok((src, _)) if crate::engine::is_progress_file(&file, &src.text) => {
                report(&crate::engine::progress_note(&file));
                continue;
            }
            Ok((mut src, bom)) => {
                if args.fix {
                    if let Ok(raw) = crate::format::load::parse(&src) {
                        let project = crate::format::project::for_document(&src.path)
                            .ok()
                            .flatten();
                        let (fixed, done) =
                            crate::rules::fix(&src, &raw, opts.tone, project.as_ref());
                        if !done.is_empty() {
                            let bytes = as_written(&fixed, &src.text, bom);
                            match output::write_atomic(&file, &bytes) {
                                Ok(()) => {
                                    report(&format!(
                                        "đã sửa {}: {}",
                                        file.display(),
                                        done.join("; ")
                                    ));
                                    src.text = fixed;
                                }
                                Err(e) => {
                                    errors += 1;
                                    report(&format!("lỗi: {e}"));
                                }
                            }
                        }
                    }
                }
                match crate::load_checked(&src, &opts) {
                    Ok((doc, mut w)) => {
                        if let Some(rows) = registers.for_file(&file) {
                            w.extend(issued::register_findings(&src, &doc, rows, &mut gaps_said));
                        }
                        w
                    }
                    Err(d) => d,
                }
            }
        };
        for d in &diags {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Note => {}
            }
        }
        if json {
            files_json.push(serde_json::json!({
                "file": file.display().to_string(),
                "diagnostics": diags.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            }));
        } else {
            for d in &diags {
                let _ = writeln!(out, "{d}");
            }
        }
    }
    if json {
        let v = serde_json::json!({ "errors": errors, "warnings": warnings, "files": files_json });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        );
    } else {
        report(&format!("{errors} lỗi, {warnings} cảnh báo"));
    }
    if errors > 0 {
        Status::Failed
    } else if warnings > 0 && args.strict {
        Status::Warnings
    } else {
        Status::Done
    }
}

/// The bytes of a fixed file in the original's conventions: its line
/// endings (CRLF when the original used them) and its byte-order mark.
fn as_written(fixed: &str, original: &str, bom: bool) -> Vec<u8> {
    let crlf = original.contains("\r\n");
    let text = if crlf {
        fixed.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        fixed.to_string()
    };
    let mut out = Vec::with_capacity(text.len() + 3);
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    out.extend_from_slice(text.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_files_keep_crlf_and_bom() {
        assert_eq!(
            as_written("a\nb\n", "x\r\ny\r\n", true),
            "\u{feff}a\r\nb\r\n".as_bytes()
        );
        assert_eq!(as_written("a\r\nb\n", "x\r\ny\r\n", false), b"a\r\nb\r\n");
        assert_eq!(as_written("a\nb\n", "x\ny\n", false), b"a\nb\n");
    }
}
