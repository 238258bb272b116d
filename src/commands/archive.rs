//! `vanban archive` and `vanban verify`: PDF/A copies under stable names,
//! a manifest with the Phụ lục VI fields and SHA-256 of every file, and a
//! check that proves the archive intact or says exactly what changed.
//!
//! Archives use only the bundled fonts (and `--font-dir`), never the
//! system's, so that a file re-rendered on another machine has the same
//! bytes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Pos};
use crate::engine::output::{self, sha256_hex, FileLock};
use crate::engine::{expand_inputs, parallel, Error, Renderer, Status};
use crate::format::load::read_regular;
use crate::model::record::{Record, FIELDS};
use crate::model::{Document, PdfA};
use crate::render::fonts::FontOptions;
use crate::render::print;
use crate::render::{Attachment, PdfSettings};

/// The manifest files of an archive folder.
pub const MANIFEST_JSON: &str = "manifest.json";
pub const MANIFEST_CSV: &str = "manifest.csv";
pub const MANIFEST_XML: &str = "manifest.xml";
const SCHEMA: &str = "vanban-manifest/1";

/// One archived file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(rename = "File")]
    pub file: String,
    #[serde(rename = "Sha256")]
    pub sha256: String,
    /// PDF/A level the file was written with.
    #[serde(rename = "PdfA")]
    pub pdfa: PdfA,
    /// The YAML source's file name, for `verify --nguon`.
    #[serde(rename = "Source")]
    pub source: String,
    #[serde(rename = "SourceSha256")]
    pub source_sha256: String,
    /// Whether the source is attached inside the PDF.
    #[serde(rename = "SourceAttached")]
    pub source_attached: bool,
    #[serde(flatten)]
    pub record: Record,
}

/// manifest.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub documents: Vec<Entry>,
}

/// Options of `vanban archive`.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    pub out_dir: PathBuf,
    pub pdfa: PdfA,
    /// Attach the YAML source (needs PDF/A-3).
    pub attach_source: bool,
    /// File name pattern: {nam}, {so}, {ky_hieu}, {ngay}, {ten}.
    pub name_pattern: String,
}

/// The default file name: `<năm>-<số>-<ký hiệu>`.
pub const DEFAULT_PATTERN: &str = "{nam}-{so}-{ky_hieu}";

/// The archive file name of a document.
pub fn file_name(pattern: &str, doc: &Document, input: &Path) -> String {
    let year = doc.date.year.to_string();
    let date = doc
        .date
        .full()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let stem = input
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("van-ban");
    let name = pattern
        .replace("{nam}", &year)
        // A joint biên bản has no number: its file is named after its source.
        .replace("{so}", doc.number.as_deref().unwrap_or(stem))
        .replace("{ky_hieu}", &doc.symbol)
        .replace("{ngay}", &date)
        .replace("{ten}", stem);
    let safe: String = name
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_whitespace() || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{}.pdf", safe.trim_matches(['-', '.']))
}

fn err(file: &str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(file, Pos::default(), msg)
}

/// One archived document, rendered in memory: its file name, bytes and
/// manifest entry.
struct Archived {
    file: String,
    bytes: Vec<u8>,
    entry: Entry,
    /// The signed copy archived instead of the rendered file, and its
    /// signers.
    signed: Option<(PathBuf, Vec<String>)>,
    /// Copies of the file whose signatures do not hold, and why.
    passed_over: Vec<(PathBuf, String)>,
}

/// Render one source for the archive; `None` for a progress file. The
/// source is read once: its bytes are hashed, attached and parsed.
fn render_for_archive(
    renderer: &Renderer,
    input: &Path,
    opts: &ArchiveOptions,
) -> Result<Option<Archived>, Vec<Diagnostic>> {
    let name = input.display().to_string();
    let source = crate::format::load::read_bytes(input).map_err(|d| vec![d])?;
    let src = crate::format::load::decode(input, source.clone())?;
    if crate::engine::is_progress_file(input, &src.text) {
        return Ok(None);
    }
    // The same rules as `render`: a document with errors is not archived.
    let (doc, _warnings) = crate::load_checked(&src, &Default::default())?;
    if doc.is_draft() {
        // Issue 15: a document marked `du_thao` is a draft too.
        let why = match doc.draft {
            Some(_) => "văn bản được đánh dấu `du_thao`",
            None => "văn bản chưa có số hoặc ngày ban hành đầy đủ",
        };
        return Err(vec![err(
            &name,
            format!("{why}: bản dự thảo không đưa vào lưu trữ"),
        )
        .hint(
            "gợi ý: cấp số và ngày bằng `vanban issue TỆP.yaml --so-dang-ky SỔ.csv`, rồi lưu trữ",
        )]);
    }
    let source_name = input
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("nguon.yaml")
        .to_string();
    let settings = settings_for(opts.pdfa, opts.attach_source, &source_name, &source);
    let printed = print::print(&doc);
    let images = crate::engine::images_for(input, &printed).map_err(|d| vec![d])?;
    let pdf = renderer
        .pdf(&doc, &printed, &images, &settings)
        .map_err(|e| vec![err(&name, e.to_string())])?;
    // A signed copy of this very file beside the document (what `vanban
    // sign` made of the issued PDF) is the electronic original: keep it.
    let (copy, passed_over) = signed_copy(input, &pdf.bytes);
    let (bytes, signed) = match copy {
        Some((path, bytes, subjects)) => (bytes, Some((path, subjects))),
        None => (pdf.bytes, None),
    };
    let file = file_name(&opts.name_pattern, &doc, input);
    let entry = Entry {
        file: file.clone(),
        sha256: sha256_hex(&bytes),
        pdfa: settings.pdfa.unwrap_or(opts.pdfa),
        source: source_name,
        source_sha256: sha256_hex(&source),
        source_attached: opts.attach_source,
        record: Record::new(&doc, pdf.pages),
    };
    Ok(Some(Archived {
        file,
        bytes,
        entry,
        signed,
        passed_over,
    }))
}

/// A signed copy of a file: its path, bytes and signers.
type SignedCopy = (PathBuf, Vec<u8>, Vec<String>);

/// The signed copy of `base` in the folder of `input`: the PDF that is
/// `base` with valid signatures added, the most signed one (signer, then
/// agency), with its signers; and the copies whose signatures do not hold,
/// with the reason. Only files longer than `base` whose first bytes match
/// are read whole.
fn signed_copy(input: &Path, base: &[u8]) -> (Option<SignedCopy>, Vec<(PathBuf, String)>) {
    use std::io::Read;
    let dir = input
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut found: Option<SignedCopy> = None;
    let mut passed_over = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (None, passed_over);
    };
    for e in entries.flatten() {
        let path = e.path();
        let is_pdf = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("pdf"));
        let longer = e
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() > base.len() as u64);
        if !is_pdf || !longer {
            continue;
        }
        let mut head = vec![0; base.len().min(4096)];
        let same_start = std::fs::File::open(&path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok_and(|()| base.starts_with(&head));
        if !same_start {
            continue;
        }
        let Ok(bytes) = crate::format::load::read_regular(&path) else {
            continue;
        };
        match crate::sign::verify::signed_over(base, &bytes) {
            Ok(subjects) => {
                // Of two signed copies, the one that extends the other.
                let better = found
                    .as_ref()
                    .is_none_or(|(_, b, _)| bytes.len() > b.len() && bytes.starts_with(b));
                if better {
                    found = Some((path, bytes, subjects));
                }
            }
            // Not the file with signatures added (another revision of it).
            Err(_) if !bytes.starts_with(base) => {}
            Err(why) => passed_over.push((path, why)),
        }
    }
    (found, passed_over)
}

/// The PDF settings of an archive copy.
fn settings_for(pdfa: PdfA, attach: bool, source_name: &str, source: &[u8]) -> PdfSettings {
    PdfSettings {
        pdfa: Some(pdfa),
        attachment: attach.then(|| Attachment {
            name: source_name.to_string(),
            data: source.to_vec(),
            description: "Tệp nguồn YAML của văn bản (vanban)".into(),
        }),
    }
}

/// Read the manifest of an archive folder; `None` when there is none yet.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>, Diagnostic> {
    let path = dir.join(MANIFEST_JSON);
    let name = path.display().to_string();
    let text = match read_regular(&path)
        .and_then(|b| String::from_utf8(b).map_err(|_| std::io::ErrorKind::InvalidData.into()))
    {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            let msg = format!("không đọc được ({})", crate::format::load::io_vi(&e));
            return Err(err(&name, msg));
        }
    };
    let m: Manifest = serde_json::from_str(&text).map_err(|e| {
        let pos = Pos::new(e.line(), e.column());
        Diagnostic::error(&name, pos, format!("manifest hỏng: {e}"))
    })?;
    if m.schema != SCHEMA {
        let msg = format!("manifest có lược đồ lạ `{}` (cần {SCHEMA})", m.schema);
        return Err(err(&name, msg));
    }
    Ok(Some(m))
}

/// The three manifest files' contents.
pub fn manifest_files(m: &Manifest) -> [(&'static str, Vec<u8>); 3] {
    let mut json = serde_json::to_vec_pretty(m).expect("manifest serialises");
    json.push(b'\n');
    [
        (MANIFEST_JSON, json),
        (MANIFEST_CSV, manifest_csv(m)),
        (MANIFEST_XML, manifest_xml(m).into_bytes()),
    ]
}

fn manifest_csv(m: &Manifest) -> Vec<u8> {
    // A UTF-8 byte-order mark, so that Excel reads the Vietnamese right.
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let mut header = vec![
            "File",
            "Sha256",
            "PdfA",
            "Source",
            "SourceSha256",
            "SourceAttached",
        ];
        header.extend(FIELDS);
        w.write_record(&header).expect("write to memory");
        for e in &m.documents {
            let mut row = vec![
                e.file.clone(),
                e.sha256.clone(),
                e.pdfa.key().to_string(),
                e.source.clone(),
                e.source_sha256.clone(),
                e.source_attached.to_string(),
            ];
            row.extend(e.record.values());
            // Cells that a spreadsheet would take for formulas stay text.
            w.write_record(row.iter().map(|c| output::spreadsheet_safe(c).into_owned()))
                .expect("write to memory");
        }
        w.flush().expect("write to memory");
    }
    out
}

fn manifest_xml(m: &Manifest) -> String {
    use crate::text::xml::escape;
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HoSoLuuTru schema=\"");
    x.push_str(SCHEMA);
    x.push_str("\">\n");
    for e in &m.documents {
        x.push_str("  <VanBan>\n");
        let head = [
            ("File", e.file.clone()),
            ("Sha256", e.sha256.clone()),
            ("PdfA", e.pdfa.key().to_string()),
            ("Source", e.source.clone()),
            ("SourceSha256", e.source_sha256.clone()),
            ("SourceAttached", e.source_attached.to_string()),
        ];
        for (k, v) in head {
            x.push_str(&format!("    <{k}>{}</{k}>\n", escape(&v)));
        }
        for (k, v) in FIELDS.iter().zip(e.record.values()) {
            if *k == "To" {
                x.push_str("    <To>\n");
                for t in &e.record.to {
                    x.push_str(&format!("      <OrganName>{}</OrganName>\n", escape(t)));
                }
                x.push_str("    </To>\n");
            } else if !v.is_empty() {
                x.push_str(&format!("    <{k}>{}</{k}>\n", escape(&v)));
            }
        }
        x.push_str("  </VanBan>\n");
    }
    x.push_str("</HoSoLuuTru>\n");
    x
}

/// The lock file of an archive folder: one archive run changes the
/// folder at a time.
const LOCK: &str = ".khoa";
/// The journal of an archive run: the entries whose PDFs are being
/// written, so that a run killed before the manifests were updated is
/// finished by the next one.
const JOURNAL: &str = ".dang-ghi.json";

/// `vanban archive`: returns the exit code.
///
/// Documents render in parallel without the lock. Then, under the folder's
/// lock: finish a killed run's entries, read the manifest, write the new
/// PDFs, write the manifests. Parallel runs into one folder thus never
/// lose an entry.
pub fn archive(
    renderer: &Renderer,
    inputs: &[PathBuf],
    opts: &ArchiveOptions,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    let dir = &opts.out_dir;
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Error::folder(dir, &e).report(report);
    }
    let files = expand_inputs(inputs);
    if files.is_empty() {
        report("lỗi: không có tệp YAML nào để lưu trữ");
        return Status::Failed;
    }
    let rendered = parallel(&files, |f| render_for_archive(renderer, f, opts));

    let _lock = match FileLock::acquire(&dir.join(LOCK)) {
        Ok(l) => l,
        Err(e) => {
            report(&format!(
                "lỗi: không khóa được kho {} ({})",
                dir.display(),
                crate::format::load::io_vi(&e)
            ));
            return Status::Failed;
        }
    };
    if let Some(note) = output::stale_note(dir, &output::clean_stale_temps(dir)) {
        report(&note);
    }
    let mut manifest = match read_manifest(dir) {
        Ok(m) => m.unwrap_or(Manifest {
            schema: SCHEMA.into(),
            documents: Vec::new(),
        }),
        Err(d) => {
            report(&d.to_string());
            return Status::Failed;
        }
    };
    if recover(dir, &mut manifest, report) {
        if let Err(e) = write_manifests(dir, &manifest) {
            report(&format!("lỗi: {e}"));
            return Status::Failed;
        }
        let _ = std::fs::remove_file(dir.join(JOURNAL));
    }

    let mut failed = 0;
    let mut new: Vec<Archived> = Vec::new();
    for (input, result) in files.iter().zip(rendered) {
        let a = match result {
            Ok(Some(r)) => r,
            Ok(None) => {
                report(&crate::engine::progress_note(input));
                continue;
            }
            Err(diags) => {
                failed += 1;
                diags.iter().for_each(|d| report(&d.to_string()));
                continue;
            }
        };
        let known = manifest
            .documents
            .iter()
            .chain(new.iter().map(|n| &n.entry))
            .find(|e| e.file == a.file);
        if let Some(old) = known {
            if old.sha256 != a.entry.sha256 {
                failed += 1;
                report(&format!(
                    "lỗi: {} → {}: kho đã có tệp cùng tên với nội dung khác (SHA-256 {}); không ghi đè\n  = gợi ý: kiểm tra số và ký hiệu, hoặc đặt tên khác bằng --ten-tep",
                    input.display(),
                    a.file,
                    &old.sha256[..old.sha256.len().min(12)]
                ));
            }
            continue;
        }
        if let Ok(existing) = read_regular(&dir.join(&a.file)) {
            if existing != a.bytes {
                failed += 1;
                report(&format!(
                    "lỗi: {}: {} đã có trong thư mục (không có trong manifest) với nội dung khác; không ghi đè",
                    input.display(),
                    a.file
                ));
                continue;
            }
        }
        for (path, why) in &a.passed_over {
            report(&format!(
                "cảnh báo: {}: bỏ qua {}: chữ ký số không hợp lệ ({why})",
                input.display(),
                path.display()
            ));
        }
        if let Some((path, subjects)) = &a.signed {
            report(&format!(
                "ghi chú: {}: lưu bản đã ký số {} ({} chữ ký: {})",
                input.display(),
                path.display(),
                subjects.len(),
                subjects.join("; ")
            ));
        }
        new.push(a);
    }

    // The journal first, then the PDFs, then the manifests.
    let entries: Vec<&Entry> = new.iter().map(|a| &a.entry).collect();
    let journal = dir.join(JOURNAL);
    if !new.is_empty() {
        let json = serde_json::to_vec_pretty(&entries).unwrap_or_default();
        if let Err(e) = output::write_atomic(&journal, &json) {
            report(&format!("lỗi: {e}"));
            return Status::Failed;
        }
    }
    let mut added = 0;
    for a in &new {
        let target = dir.join(&a.file);
        if !target.exists() {
            if let Err(e) = output::write_atomic(&target, &a.bytes) {
                failed += 1;
                report(&format!("lỗi: {e}"));
                continue;
            }
        }
        manifest.documents.push(a.entry.clone());
        added += 1;
    }
    if added > 0 {
        if let Err(e) = write_manifests(dir, &manifest) {
            report(&format!("lỗi: {e}"));
            return Status::Failed;
        }
    }
    let _ = std::fs::remove_file(&journal);
    report(&format!(
        "lưu trữ: {added} văn bản mới, {} trong kho, {failed} lỗi",
        manifest.documents.len()
    ));
    if failed > 0 {
        Status::Failed
    } else {
        Status::Done
    }
}

/// Write the three manifests, the JSON (the reference) last.
fn write_manifests(dir: &Path, m: &Manifest) -> Result<(), output::WriteError> {
    let mut files = manifest_files(m);
    files.rotate_left(1);
    for (name, data) in files {
        output::write_atomic(&dir.join(name), &data)?;
    }
    Ok(())
}

/// Finish the entries of a run killed after writing PDFs but before its
/// manifests: an entry whose PDF is in place with its hash is added, one
/// whose PDF is missing is reported. Returns whether the manifest changed.
fn recover(dir: &Path, manifest: &mut Manifest, report: &(dyn Fn(&str) + Sync)) -> bool {
    let journal = dir.join(JOURNAL);
    let Ok(text) = read_regular(&journal) else {
        return false;
    };
    let pending: Vec<Entry> = serde_json::from_slice(&text).unwrap_or_default();
    let mut changed = false;
    for e in pending {
        if manifest.documents.iter().any(|d| d.file == e.file) {
            continue;
        }
        let in_place = read_regular(&dir.join(&e.file)).is_ok_and(|b| sha256_hex(&b) == e.sha256);
        if in_place {
            report(&format!(
                "ghi chú: {}: đã bổ sung vào manifest {} mà lần lưu trữ trước bị ngắt trước khi kịp ghi",
                dir.display(),
                e.file
            ));
            manifest.documents.push(e);
            changed = true;
        } else {
            report(&format!(
                "ghi chú: {}: lần lưu trữ trước bị ngắt trước khi ghi xong {}; văn bản này chưa vào kho — hãy lưu trữ lại",
                dir.display(),
                e.file
            ));
        }
    }
    if !changed {
        let _ = std::fs::remove_file(&journal);
    }
    changed
}

/// `vanban verify`: every problem is reported; returns the exit code.
pub fn verify(
    renderer: &Renderer,
    dir: &Path,
    sources: Option<&Path>,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    let manifest = match read_manifest(dir) {
        Ok(Some(m)) => m,
        Ok(None) => {
            report(&format!(
                "lỗi: {} không có {MANIFEST_JSON}: đây không phải kho lưu trữ của vanban",
                dir.display()
            ));
            return Status::Failed;
        }
        Err(d) => {
            report(&d.to_string());
            return Status::Failed;
        }
    };
    let mut problems: Vec<String> = Vec::new();
    // Archived files that are the rebuilt file with signatures added.
    let mut signed = 0;

    // The CSV and XML must say what the JSON says.
    for (name, data) in manifest_files(&manifest).into_iter().skip(1) {
        match read_regular(&dir.join(name)) {
            Ok(on_disk) if on_disk == data => {}
            Ok(_) => problems.push(format!("{name}: không khớp {MANIFEST_JSON} (đã bị sửa?)")),
            Err(_) => problems.push(format!("{name}: thiếu")),
        }
    }

    let mut known = BTreeSet::new();
    for e in &manifest.documents {
        known.insert(e.file.clone());
        let path = dir.join(&e.file);
        let Ok(bytes) = read_regular(&path) else {
            problems.push(format!("{}: thiếu tệp", e.file));
            continue;
        };
        let hash = sha256_hex(&bytes);
        if hash != e.sha256 {
            problems.push(format!(
                "{}: nội dung đã thay đổi (SHA-256 {} ≠ {} trong manifest)",
                e.file,
                &hash[..12],
                &e.sha256[..e.sha256.len().min(12)]
            ));
        }
        match crate::render::xmp::read_fields(&bytes) {
            Ok(fields) => {
                for (k, v) in FIELDS.iter().zip(e.record.values()) {
                    let got = fields.get(*k).cloned().unwrap_or_default();
                    if got != v {
                        problems.push(format!(
                            "{}: siêu dữ liệu {k} trong PDF là {got:?}, manifest ghi {v:?}",
                            e.file
                        ));
                    }
                }
            }
            Err(m) => problems.push(format!("{}: không đọc được siêu dữ liệu XMP ({m})", e.file)),
        }
        if let Some(src_dir) = sources {
            let src = src_dir.join(&e.source);
            match read_regular(&src) {
                Err(_) => {
                    problems.push(format!("{}: không có tệp nguồn {}", e.file, src.display()))
                }
                Ok(source) => {
                    if sha256_hex(&source) != e.source_sha256 {
                        problems.push(format!(
                            "{}: tệp nguồn {} đã khác bản đã lưu trữ",
                            e.file,
                            src.display()
                        ));
                    }
                    // Every problem of the source, not only the first.
                    let again = crate::format::load::decode(&src, source.clone())
                        .and_then(|s| crate::load_source(&s))
                        .map_err(|d| {
                            d.iter()
                                .map(|x| match x.pos.line {
                                    0 => x.message.clone(),
                                    l => format!("dòng {l}: {}", x.message),
                                })
                                .collect::<Vec<_>>()
                                .join("; ")
                        })
                        .and_then(|doc| {
                            let settings =
                                settings_for(e.pdfa, e.source_attached, &e.source, &source);
                            let printed = print::print(&doc);
                            let images = crate::engine::images_for(&src, &printed)
                                .map_err(|d| d.message.clone())?;
                            renderer
                                .pdf(&doc, &printed, &images, &settings)
                                .map(|r| r.bytes)
                                .map_err(|x| x.to_string())
                        });
                    match again {
                        Ok(b) if b == bytes => {}
                        // The rebuilt file with valid signatures added.
                        Ok(b) if crate::sign::verify::signed_over(&b, &bytes).is_ok() => {
                            signed += 1;
                        }
                        Ok(_) => problems.push(format!(
                            "{}: dựng lại từ nguồn cho kết quả khác tệp lưu trữ",
                            e.file
                        )),
                        Err(m) => {
                            problems.push(format!("{}: không dựng lại được từ nguồn ({m})", e.file))
                        }
                    }
                }
            }
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|d| d.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pdf") && !known.contains(n))
        .collect();
    extra.sort();
    for n in extra {
        problems.push(format!("{n}: tệp thừa, không có trong manifest"));
    }

    for p in &problems {
        report(&format!("lỗi: {p}"));
    }
    if problems.is_empty() {
        let how = if sources.is_some() {
            ", dựng lại từ nguồn giống từng byte"
        } else {
            ""
        };
        let signed = match signed {
            0 => String::new(),
            n => format!(" ({n} bản đã ký số: phần trước các chữ ký, các chữ ký hợp lệ)"),
        };
        report(&format!(
            "kho nguyên vẹn: {} văn bản, mã băm và siêu dữ liệu khớp{how}{signed}",
            manifest.documents.len()
        ));
        Status::Done
    } else {
        report(&format!(
            "{} vấn đề trong kho {}",
            problems.len(),
            dir.display()
        ));
        Status::Failed
    }
}

/// `vanban archive`.
pub fn run(args: &crate::commands::cli::ArchiveArgs, report: &(dyn Fn(&str) + Sync)) -> Status {
    let pdfa = args.pdfa.map(PdfA::from);
    if args.kem_nguon && matches!(pdfa, Some(PdfA::A2b | PdfA::A2u)) {
        report("lỗi: --kem-nguon cần PDF/A-3 (PDF/A-2 không cho đính kèm tệp); bỏ --pdfa hoặc dùng --pdfa 3b");
        return Status::Failed;
    }
    let opts = ArchiveOptions {
        out_dir: args.out_dir.clone(),
        pdfa: pdfa.unwrap_or(if args.kem_nguon { PdfA::A3b } else { PdfA::A2b }),
        attach_source: args.kem_nguon,
        name_pattern: args
            .ten_tep
            .clone()
            .unwrap_or_else(|| DEFAULT_PATTERN.to_string()),
    };
    let renderer = match Renderer::new(&archive_fonts(&args.font_dirs)) {
        Ok(r) => r,
        Err(m) => return Error::Other(m).report(report),
    };
    archive(&renderer, &args.inputs, &opts, report)
}

/// `vanban verify`.
pub fn run_verify(
    args: &crate::commands::cli::VerifyArgs,
    report: &(dyn Fn(&str) + Sync),
) -> Status {
    let renderer = match Renderer::new(&archive_fonts(&args.font_dirs)) {
        Ok(r) => r,
        Err(m) => return Error::Other(m).report(report),
    };
    verify(&renderer, &args.dir, args.nguon.as_deref(), report)
}

/// Archives never use system fonts: a re-render elsewhere must match.
pub fn archive_fonts(dirs: &[PathBuf]) -> FontOptions {
    FontOptions {
        dirs: dirs.to_vec(),
        system: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_are_safe_and_stable() {
        let src = crate::format::load::SourceFile::from_text(
            "x.yaml",
            "co_quan:\n  ten: UBND\n  viet_tat: UBND\nso: 5\ndon_vi_soan_thao: KTTH\ndia_danh: A\nngay: 2024-04-19\ntrich_yeu: t\nmo_dau: [x]\nnguoi_ky:\n  chuc_vu: CT\n  ho_ten: A\n",
        );
        let doc = crate::load_source(&src).unwrap();
        let p = Path::new("dir/cv 1.yaml");
        assert_eq!(file_name(DEFAULT_PATTERN, &doc, p), "2024-05-UBND-KTTH.pdf");
        assert_eq!(
            file_name("{ngay}_{ten}/{so}", &doc, p),
            "2024-04-19_cv-1-05.pdf"
        );
    }
}
