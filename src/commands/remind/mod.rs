//! `vanban remind`: follow-up letters (công văn đôn đốc) to the units that
//! have not finished their tasks, from the directive and its progress file.
//!
//! Each letter is itself a document of vanban's YAML format: its wording
//! comes from plain-text tera templates (`templates/don-doc/*.txt`,
//! overridable with `--templates`), the YAML is parsed by the same pipeline
//! as any document, and `--yaml` writes that YAML for the clerk to edit.

pub mod task_progress;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::json;

use crate::commands::cli::Format;
use crate::commands::remind::task_progress::{Progress, State, TaskRef};
use crate::diag::{Diagnostic, Pos};
use crate::engine::output::output_path;
use crate::engine::register::Register;
use crate::engine::{Error, Renderer, Status};
use crate::format::load::SourceFile;
use crate::model::PdfA;
use crate::model::{Document, Signer};
use crate::render::PdfSettings;
use crate::text::vn;

/// The templates, with their embedded defaults.
const TEMPLATES: [(&str, &str); 6] = [
    (
        "trich-yeu.txt",
        include_str!("../../../templates/don-doc/trich-yeu.txt"),
    ),
    (
        "mo-dau.txt",
        include_str!("../../../templates/don-doc/mo-dau.txt"),
    ),
    (
        "nhiem-vu.txt",
        include_str!("../../../templates/don-doc/nhiem-vu.txt"),
    ),
    (
        "de-nghi.txt",
        include_str!("../../../templates/don-doc/de-nghi.txt"),
    ),
    (
        "mo-dau-gop.txt",
        include_str!("../../../templates/don-doc/mo-dau-gop.txt"),
    ),
    (
        "de-nghi-gop.txt",
        include_str!("../../../templates/don-doc/de-nghi-gop.txt"),
    ),
];

/// What `vanban remind` is asked to do.
#[derive(Debug, Clone)]
pub struct RemindOptions {
    pub directive: PathBuf,
    pub progress: PathBuf,
    /// Date of the letters; a task is late when its deadline is before it.
    pub date: NaiveDate,
    /// The new deadline given in the letters.
    pub new_deadline: NaiveDate,
    /// Deadline for tasks that have none (overrides the progress file's).
    pub default_deadline: Option<NaiveDate>,
    /// One combined letter with a table instead of one per unit.
    pub combined: bool,
    pub out_dir: PathBuf,
    pub formats: Vec<Format>,
    pub write_yaml: bool,
    pub templates: Option<PathBuf>,
    pub first_number: Option<u32>,
    pub register: Option<PathBuf>,
    pub pdf: PdfSettings,
}

/// The loaded templates.
pub struct Templates {
    tera: tera::Tera,
    /// name → (path shown in messages, text).
    sources: HashMap<String, (String, String)>,
}

impl Templates {
    /// The embedded templates, each replaced by `dir/<name>` when present.
    pub fn load(dir: Option<&Path>) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources = HashMap::new();
        let mut errors = Vec::new();
        for (name, text) in TEMPLATES {
            let over = dir.map(|d| d.join(name)).filter(|p| p.exists());
            let (shown, body) = match over {
                Some(p) => match crate::format::load::read_bytes(&p) {
                    Ok(b) => (
                        p.display().to_string(),
                        String::from_utf8_lossy(&b).into_owned(),
                    ),
                    Err(d) => {
                        errors.push(d);
                        continue;
                    }
                },
                None => (
                    format!("templates/don-doc/{name} (mặc định)"),
                    text.to_string(),
                ),
            };
            sources.insert(name.to_string(), (shown, body));
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![]);
        tera.register_filter("ngay_ngan", filter_date(vn::short_date));
        tera.register_filter(
            "ngay_dai",
            filter_date(|d| {
                use chrono::Datelike;
                vn::DocDate {
                    year: d.year(),
                    month: Some(d.month()),
                    day: Some(d.day()),
                }
                .long_text()
            }),
        );
        tera.register_filter(
            "bo_dau_cham",
            |v: &tera::Value, _: &HashMap<String, tera::Value>| {
                let s = tera::try_get_value!("bo_dau_cham", "value", String, v);
                Ok(tera::Value::String(vn::strip_end_punct(&s).to_string()))
            },
        );
        for (name, (shown, text)) in &sources {
            if let Err(e) = tera.add_raw_template(name, text) {
                let chain = error_chain(&e);
                let pos = chain
                    .split("--> ")
                    .nth(1)
                    .and_then(|r| {
                        let mut it = r
                            .split(|c: char| !c.is_ascii_digit())
                            .filter(|s| !s.is_empty());
                        Some(Pos::new(it.next()?.parse().ok()?, it.next()?.parse().ok()?))
                    })
                    .unwrap_or_default();
                errors.push(
                    Diagnostic::error(shown, pos, "mẫu văn bản viết sai cú pháp tera")
                        .with_source(text)
                        .hint(format!(
                            "chi tiết: {}",
                            chain.lines().last().unwrap_or("").trim()
                        )),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Templates { tera, sources })
    }

    /// Render one template to a single line of text.
    fn render(&self, name: &str, ctx: &serde_json::Value) -> Result<String, Diagnostic> {
        let context = tera::Context::from_value(ctx.clone()).expect("context is an object");
        self.tera
            .render(name, &context)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .map_err(|e| {
                let (shown, text) = &self.sources[name];
                let chain = error_chain(&e);
                let var = chain.split('`').nth(1).map(str::to_string);
                let pos = var
                    .as_deref()
                    .and_then(|v| {
                        text.lines().enumerate().find_map(|(i, l)| {
                            l.find(v).map(|c| Pos::new(i + 1, l[..c].chars().count() + 1))
                        })
                    })
                    .unwrap_or_default();
                let mut d = Diagnostic::error(shown, pos, "không điền được mẫu văn bản").with_source(text);
                if let Some(v) = var {
                    d = d.field(v.clone()).hint(format!(
                        "biến `{v}` không có; các biến: van_ban.loai, van_ban.so_ky_hieu, van_ban.ngay, van_ban.co_quan, van_ban.trich_yeu, ngay, han_moi, don_vi, dau_moi, so_don_vi, nhiem_vu.noi_dung, nhiem_vu.han"
                    ));
                }
                d.hint(format!("chi tiết: {}", chain.lines().last().unwrap_or("").trim()))
            })
    }
}

/// tera's messages hide their cause in the source chain.
fn error_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push('\n');
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// A tera filter formatting an ISO date.
fn filter_date(f: impl Fn(NaiveDate) -> String + Sync + Send + 'static) -> impl tera::Filter {
    move |v: &tera::Value, _: &HashMap<String, tera::Value>| {
        let s = tera::try_get_value!("ngay", "value", String, v);
        let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|_| tera::Error::msg(format!("`{s}` không phải ngày YYYY-MM-DD")))?;
        Ok(tera::Value::String(f(d)))
    }
}

/// One letter, ready to be written as YAML.
struct Letter {
    /// File stem of its outputs.
    stem: String,
    number: Option<u32>,
    subject: String,
    kinh_gui: Vec<String>,
    opening: Vec<String>,
    table: Option<Vec<Vec<String>>>,
    closing: Vec<String>,
    recipients: Vec<String>,
}

/// The YAML of a letter, in vanban's document format: a typed document
/// serialised, so that the directive's and the templates' text stays text.
fn letter_yaml(
    dir: &Document,
    signer: &Signer,
    date: NaiveDate,
    l: &Letter,
    origin: &str,
) -> Result<String, String> {
    use crate::format::blocks::{RawColumn, RawRow};
    use crate::format::raw::{at, OneOrMany, RawBlock, RawDocument, RawGrid, StrOr};
    use crate::model::to_raw;
    let mut raw = RawDocument::new(
        dir.place.clone(),
        date.format("%Y-%m-%d").to_string(),
        OneOrMany::One(to_raw::signer(signer)),
    );
    raw.loai = Some(at("cong_van".to_string()));
    raw.co_quan = Some(at(to_raw::agency(dir)));
    raw.so = l.number.map(|n| at(n.to_string()));
    raw.don_vi_soan_thao = dir.drafting_unit.clone().map(at);
    raw.trich_yeu = Some(at(l.subject.clone()));
    raw.kinh_gui = Some(at(OneOrMany::Many(l.kinh_gui.clone())));
    raw.noi_dung = l.opening.iter().map(to_raw::paragraph).collect();
    if let Some(rows) = &l.table {
        let cot = [
            ("STT", 1.3),
            ("Đơn vị", 4.0),
            ("Nhiệm vụ chưa hoàn thành", 9.0),
            ("Hạn", 2.7),
        ]
        .iter()
        .map(|(ten, rong)| {
            at(StrOr::Map(RawColumn {
                ten: at(ten.to_string()),
                rong: Some(at(*rong)),
                can: None,
            }))
        })
        .collect();
        let dong = rows
            .iter()
            .map(|r| {
                at(RawRow::Cells(
                    r.iter().map(|c| at(StrOr::Str(c.clone()))).collect(),
                ))
            })
            .collect();
        raw.noi_dung.push(at(StrOr::Map(RawBlock {
            bang: Some(at(RawGrid {
                cot,
                do_rong: None,
                tieu_de: Vec::new(),
                dong,
                stt: None,
                lap_tieu_de: None,
                so_cot: None,
            })),
            ..Default::default()
        })));
    }
    raw.noi_dung.extend(l.closing.iter().map(to_raw::paragraph));
    raw.noi_nhan = l
        .recipients
        .iter()
        .map(|r| at(StrOr::Str(r.clone())))
        .collect();
    let unit = dir
        .drafting_unit
        .as_deref()
        .map(|u| format!(", {u}"))
        .unwrap_or_default();
    raw.luu = Some(at(format!("VT{unit}")));
    raw.to_yaml(&format!(
        "# Công văn đôn đốc, tạo bởi `vanban remind` từ {origin}.\n# Sửa nội dung rồi chạy `vanban render` để in lại."
    ))
}

/// A file-name part from a unit name: "Sở Công Thương" → "so-cong-thuong".
fn slug(s: &str) -> String {
    let folded = crate::diag::fold_ascii(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}

/// The late (task, unit) pairs grouped by unit, in the directive's order.
fn late_by_unit(progress: &Progress, date: NaiveDate) -> Vec<(String, Vec<&TaskRef>)> {
    let mut groups: Vec<(String, Vec<&TaskRef>)> = Vec::new();
    for t in &progress.tasks {
        let late = t.state != State::Done && t.deadline.is_some_and(|d| d < date);
        if !late {
            continue;
        }
        match groups.iter_mut().find(|(u, _)| u == &t.unit) {
            Some((_, v)) => v.push(t),
            None => groups.push((t.unit.clone(), vec![t])),
        }
    }
    groups
}

/// Build the letters' text from the templates.
fn letters(
    dir: &Document,
    progress: &Progress,
    opts: &RemindOptions,
    templates: &Templates,
) -> Result<Vec<Letter>, Diagnostic> {
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let base = json!({
        "van_ban": {
            "loai": dir.kind.name(),
            "so_ky_hieu": dir.number_symbol(),
            "ngay": dir.date.full().map(iso).unwrap_or_default(),
            "co_quan": dir.issuer.name(),
            "trich_yeu": dir.subject,
        },
        "ngay": iso(opts.date),
        "han_moi": iso(opts.new_deadline),
        "dau_moi": progress.coordinator.clone().unwrap_or_default(),
    });
    let with = |extra: serde_json::Value| {
        let mut v = base.clone();
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            for (k, x) in e {
                o.insert(k.clone(), x.clone());
            }
        }
        v
    };
    let groups = late_by_unit(progress, opts.date);
    let mut recipients = vec!["Như trên".to_string()];
    if let Some(c) = &progress.coordinator {
        recipients.push(c.clone());
    }
    let subject = templates.render("trich-yeu.txt", &base)?;
    let number = |i: usize| opts.first_number.map(|n| n + i as u32);

    if opts.combined {
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let units: Vec<String> = groups.iter().map(|(u, _)| u.clone()).collect();
        let ctx = with(json!({ "so_don_vi": units.len(), "don_vi": units.join(", ") }));
        let mut rows = Vec::new();
        for (unit, tasks) in &groups {
            for t in tasks {
                let text = crate::text::inline::plain(
                    &crate::text::inline::parse(&t.text).unwrap_or_default(),
                );
                rows.push(vec![
                    (rows.len() + 1).to_string(),
                    unit.clone(),
                    format!("{} ({})", vn::strip_end_punct(&text), t.id),
                    t.deadline.map(vn::short_date).unwrap_or_default(),
                ]);
            }
        }
        return Ok(vec![Letter {
            stem: "don-doc-tong-hop".into(),
            number: number(0),
            subject,
            kinh_gui: units,
            opening: vec![templates.render("mo-dau-gop.txt", &ctx)?],
            table: Some(rows),
            closing: vec![templates.render("de-nghi-gop.txt", &ctx)?],
            recipients,
        }]);
    }

    let mut out = Vec::new();
    let mut stems: HashMap<String, usize> = HashMap::new();
    for (i, (unit, tasks)) in groups.iter().enumerate() {
        let ctx = with(json!({ "don_vi": unit }));
        let mut opening = vec![templates.render("mo-dau.txt", &ctx)?];
        for t in tasks {
            let tctx = with(json!({
                "don_vi": unit,
                "nhiem_vu": { "noi_dung": t.text, "han": t.deadline.map(iso).unwrap_or_default(), "ma": t.id },
            }));
            opening.push(templates.render("nhiem-vu.txt", &tctx)?);
        }
        let mut stem = format!("don-doc-{}", slug(unit));
        let n = stems.entry(stem.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            stem = format!("{stem}-{n}");
        }
        // "Như trên" already names the unit itself.
        let recipients: Vec<String> = recipients.iter().filter(|r| *r != unit).cloned().collect();
        out.push(Letter {
            stem,
            number: number(i),
            subject: subject.clone(),
            kinh_gui: vec![unit.clone()],
            opening,
            table: None,
            closing: vec![templates.render("de-nghi.txt", &ctx)?],
            recipients,
        });
    }
    Ok(out)
}

/// A rendered letter, not yet written.
struct Rendered {
    stem: String,
    yaml: String,
    doc: Document,
    files: Vec<(Format, Vec<u8>)>,
}

/// `vanban remind`: returns the exit code.
pub fn remind(renderer: &Renderer, opts: &RemindOptions, report: &(dyn Fn(&str) + Sync)) -> Status {
    let start = std::time::Instant::now();
    let fail = |diags: &[Diagnostic]| {
        diags.iter().for_each(|d| report(&d.to_string()));
        report("không tạo công văn đôn đốc nào; không có tệp nào được ghi.");
        Status::Failed
    };
    let directive = match crate::load_file(&opts.directive) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    if directive.date.full().is_none() || directive.number.is_none() {
        let d = Diagnostic::error(
            &opts.directive.display().to_string(),
            Pos::default(),
            "văn bản được đôn đốc chưa có số hoặc ngày ban hành: chưa trích dẫn được",
        );
        return fail(&[d]);
    }
    let progress = match crate::commands::remind::task_progress::load(
        &opts.progress,
        &directive,
        opts.default_deadline,
    ) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let templates = match Templates::load(opts.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let letters = match letters(&directive, &progress, opts, &templates) {
        Ok(l) => l,
        Err(d) => return fail(&[d]),
    };
    if letters.is_empty() {
        report(&format!(
            "không có đơn vị nào chậm thực hiện tính đến ngày {}; không tạo công văn nào.",
            vn::short_date(opts.date)
        ));
        return Status::Done;
    }
    let register = match Register::open_given(opts.register.as_deref(), report) {
        Ok(r) => r,
        Err(d) => return fail(&[d]),
    };
    let signer = progress
        .signer
        .clone()
        .unwrap_or_else(|| directive.signer().clone());
    let origin = format!(
        "{} và {}",
        opts.directive
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(""),
        opts.progress
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
    );

    // Render every letter in parallel; write nothing yet.
    let show = crate::engine::progress_wanted(letters.len());
    let rendered = crate::engine::parallel_with_progress(&letters, show, report, |l| {
        let name = format!("{}.yaml", l.stem);
        let yaml = letter_yaml(&directive, &signer, opts.date, l, &origin)
            .map_err(|m| vec![Diagnostic::error(&name, Pos::default(), m)])?;
        let doc = crate::load_source(&SourceFile::from_text(&name, &yaml))?;
        let printed = crate::render::print::print(&doc);
        let mut files = Vec::new();
        for &f in &opts.formats {
            let bytes = renderer
                .render(&doc, &printed, &[], f, &opts.pdf)
                .map_err(|e| vec![Diagnostic::error(&name, Pos::default(), e.to_string())])?;
            files.push((f, bytes));
        }
        Ok::<_, Vec<Diagnostic>>(Rendered {
            stem: l.stem.clone(),
            yaml,
            doc,
            files,
        })
    });

    if let Err(e) = std::fs::create_dir_all(&opts.out_dir) {
        return Error::folder(&opts.out_dir, &e).report(report);
    }
    let removed = crate::engine::output::clean_stale_temps(&opts.out_dir);
    if let Some(note) = crate::engine::output::stale_note(&opts.out_dir, &removed) {
        report(&note);
    }
    let mut failed = 0;
    let mut written = 0;
    for r in rendered {
        let r = match r {
            Ok(r) => r,
            Err(diags) => {
                failed += 1;
                diags.iter().for_each(|d| report(&d.to_string()));
                continue;
            }
        };
        let target = |ext: &str| {
            output_path(
                Path::new(&format!("{}.yaml", r.stem)),
                Some(&opts.out_dir),
                ext,
            )
        };
        let mut outputs: Vec<(PathBuf, &[u8])> = r
            .files
            .iter()
            .map(|(f, b)| (target(f.ext()), b.as_slice()))
            .collect();
        if opts.write_yaml {
            outputs.push((target("yaml"), r.yaml.as_bytes()));
        }
        // Into the register only once every file of the letter is in place.
        let result = match &register {
            Some(reg) => {
                let mut notes = Vec::new();
                let entered = reg.enter(
                    &r.doc,
                    &outputs,
                    || crate::engine::output::write_all(&outputs),
                    &mut notes,
                );
                notes.iter().for_each(|n| report(n));
                entered.map(|_| ()).map_err(|m| {
                    Error::Other(format!("{}: {m}; công văn này không được ghi", r.stem))
                })
            }
            None => crate::engine::output::write_all(&outputs).map_err(Error::from),
        };
        if let Err(e) = result {
            failed += 1;
            e.report(report);
            continue;
        }
        written += 1;
    }
    report(&format!(
        "đôn đốc: {written} công văn trong {:.2} s; {failed} lỗi",
        start.elapsed().as_secs_f64()
    ));
    if failed > 0 {
        Status::Failed
    } else {
        Status::Done
    }
}

/// `vanban remind`.
pub fn run(args: &crate::commands::cli::RemindArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    let date = |s: &Option<String>, flag: &str| -> Result<Option<chrono::NaiveDate>, String> {
        match s {
            None => Ok(None),
            Some(s) => crate::text::vn::DocDate::parse(s)
                .ok()
                .and_then(|d| d.full())
                .map(Some)
                .ok_or_else(|| format!("lỗi: {flag} `{s}` không phải ngày dạng YYYY-MM-DD")),
        }
    };
    let parsed = (|| {
        let today =
            date(&args.ngay, "--ngay")?.unwrap_or_else(|| chrono::Local::now().date_naive());
        let new_deadline = date(&args.han, "--han")?.unwrap_or(today + chrono::Duration::days(15));
        let default_deadline = date(&args.han_mac_dinh, "--han-mac-dinh")?;
        Ok::<_, String>((today, new_deadline, default_deadline))
    })();
    let (today, new_deadline, default_deadline) = match parsed {
        Ok(x) => x,
        Err(m) => {
            report(&m);
            return Status::Failed;
        }
    };
    let out_dir = args.out_dir.clone().unwrap_or_else(|| {
        args.directive
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    });
    let opts = RemindOptions {
        directive: args.directive.clone(),
        progress: args.tien_do.clone(),
        date: today,
        new_deadline,
        default_deadline,
        combined: args.gop,
        out_dir,
        formats: args.output.formats(),
        write_yaml: args.yaml,
        templates: args.templates.clone(),
        first_number: args.so_bat_dau,
        register: args.so_dang_ky.clone(),
        pdf: PdfSettings {
            pdfa: args.output.pdfa.map(PdfA::from),
            attachment: None,
        },
    };
    let renderer = match Renderer::new(&args.output.fonts()) {
        Ok(r) => r,
        Err(m) => return Error::Other(m).report(report),
    };
    remind(&renderer, &opts, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Sở Công Thương"), "so-cong-thuong");
        assert_eq!(
            slug("UBND huyện, thị xã, thành phố"),
            "ubnd-huyen-thi-xa-thanh-pho"
        );
        assert_eq!(slug("Đài Phát thanh"), "dai-phat-thanh");
    }

    #[test]
    fn embedded_templates_parse() {
        assert!(Templates::load(None).is_ok());
    }
}
