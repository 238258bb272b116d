//! Writing output files atomically: a temporary file in the same folder,
//! synced, then renamed over the target. A failed run never leaves a
//! half-written file and never destroys an earlier good one.
//!
//! Files the user protected stay protected: a read-only target is refused
//! (also when running as root, who could write it), a symlink is written
//! through to its target (the link stays a link), and a replaced file keeps
//! its permissions. Temporary files are named `.NAME.PID.tmp`; those a
//! killed process left behind are removed by the next run
//! ([`clean_stale_temps`]).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::format::load::io_vi;

/// Why a file could not be written, in Vietnamese.
#[derive(Debug)]
pub struct WriteError {
    /// The file as the user named it.
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "không ghi được {} ({})",
            self.path.display(),
            self.reason
        )
    }
}

impl WriteError {
    fn io(path: &Path, e: &std::io::Error) -> WriteError {
        WriteError {
            path: path.to_path_buf(),
            reason: io_vi(e),
        }
    }
}

/// Write `data` to `path` atomically.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), WriteError> {
    write_all(&[(path.to_path_buf(), data)])
}

/// Write several files, all or nothing as far as a file system allows:
/// every file is first written in full to a temporary file beside its
/// target and synced; only then are they renamed into place. A full disk,
/// a read-only target or any other failure leaves every target as it was.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<(), WriteError> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let unstage = |staged: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
        }
    };
    for (path, data) in files {
        match stage(path, data) {
            Ok(s) => staged.push(s),
            Err(e) => {
                unstage(&staged);
                return Err(e);
            }
        }
    }
    for (i, ((tmp, target), (path, _))) in staged.iter().zip(files).enumerate() {
        if let Err(e) = fs::rename(tmp, target) {
            unstage(&staged[i..]);
            return Err(WriteError::io(path, &e));
        }
    }
    for dir in staged.iter().filter_map(|(_, t)| t.parent()) {
        sync_dir(dir);
    }
    Ok(())
}

/// Write `data` to a temporary file beside `path`'s real target; returns
/// the temporary file and the target.
fn stage(path: &Path, data: &[u8]) -> Result<(PathBuf, PathBuf), WriteError> {
    let target = real_target(path).map_err(|e| WriteError::io(path, &e))?;
    let old = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::io(path, &e)),
    };
    if let Some(m) = &old {
        if !m.is_file() {
            return Err(WriteError {
                path: path.to_path_buf(),
                reason: crate::format::load::not_a_file(m),
            });
        }
        if is_read_only(m) {
            return Err(WriteError {
                path: path.to_path_buf(),
                reason: "tệp chỉ cho đọc (read-only); vanban không ghi đè tệp đã được bảo vệ — bỏ thuộc tính chỉ đọc nếu muốn ghi lại".into(),
            });
        }
    }
    let tmp = temp_name(&target);
    let result = (|| {
        // create_new: never follow a link someone planted under our name.
        let _ = fs::remove_file(&tmp);
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(data)?;
        if let Some(m) = &old {
            f.set_permissions(m.permissions())?;
        }
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok((tmp, target)),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(WriteError::io(path, &e))
        }
    }
}

/// Whether nobody may write the file (all write bits off on Unix).
pub fn is_read_only(m: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        m.permissions().mode() & 0o222 == 0
    }
    #[cfg(not(unix))]
    {
        m.permissions().readonly()
    }
}

/// The file a path finally names: a symlink (or a chain of them) is
/// followed, so that writing replaces the target and the link stays.
pub fn real_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(
        "quá nhiều liên kết tượng trưng lồng nhau",
    ))
}

/// `.NAME.PID.tmp` beside `target`.
fn temp_name(target: &Path) -> PathBuf {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Make the renames durable (best effort: not every system can sync a
/// folder).
fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Remove the temporary files (`.NAME.PID.tmp`) that a process killed
/// while writing left in `dir`; returns their names. A file whose process
/// still runs is left alone. Where process ids cannot be checked (no
/// `/proc`), only files older than a day are removed.
pub fn clean_stale_temps(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        let Some(pid) = temp_pid(&name) else { continue };
        if pid == std::process::id() || process_alive(pid, &e.path()) {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_file()) && fs::remove_file(e.path()).is_ok() {
            removed.push(name);
        }
    }
    removed.sort();
    removed
}

/// The process id in a temporary file's name `.NAME.PID.tmp`, for the
/// kinds of file vanban writes (a user's own `.x.12.tmp` is left alone).
fn temp_pid(name: &str) -> Option<u32> {
    const OURS: [&str; 8] = [
        ".pdf",
        ".docx",
        ".yaml",
        ".json",
        ".csv",
        ".xml",
        ".dang-ghi",
        ".edxml",
    ];
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, pid) = rest.rsplit_once('.')?;
    if !OURS.iter().any(|ext| file.ends_with(ext)) {
        return None;
    }
    pid.parse().ok()
}

fn process_alive(pid: u32, file: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let day = std::time::Duration::from_secs(24 * 3600);
    fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < day)
}

/// The note for temporary files removed by [`clean_stale_temps`].
pub fn stale_note(dir: &Path, removed: &[String]) -> Option<String> {
    (!removed.is_empty()).then(|| {
        format!(
            "ghi chú: đã xóa {} tệp tạm do lần chạy trước bị ngắt để lại trong {}: {}",
            removed.len(),
            if dir.as_os_str().is_empty() {
                ".".to_string()
            } else {
                dir.display().to_string()
            },
            removed.join(", ")
        )
    })
}

/// An exclusive lock on a file, held until dropped: the register and the
/// archive folder are changed by one process at a time.
pub struct FileLock {
    file: fs::File,
}

impl FileLock {
    /// Wait for the lock on `path` (created if missing). The file is opened
    /// for reading and appending, so the lock may be the data file itself.
    pub fn acquire(path: &Path) -> std::io::Result<FileLock> {
        let file = fs::OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        file.lock()?;
        Ok(FileLock { file })
    }

    /// The locked file.
    pub fn file(&self) -> &fs::File {
        &self.file
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// A CSV cell that a spreadsheet shows as text: one starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be taken for a formula
/// by Excel and LibreOffice (CSV injection), so it gets a leading `'`,
/// which both programs hide and read as "text".
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undo [`spreadsheet_safe`] for a cell read back from our own CSV.
pub fn from_spreadsheet_safe(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Where a document's output goes: `<dir>/<stem>.<ext>`, with `dir` the
/// output folder or the input's own folder.
pub fn output_path(input: &Path, out_dir: Option<&Path>, ext: &str) -> PathBuf {
    let stem = input.file_stem().unwrap_or_default();
    let dir = out_dir
        .map(Path::to_path_buf)
        .or_else(|| input.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    dir.join(stem).with_extension(ext)
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempfile;

    #[test]
    fn replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("a.pdf");
        assert!(write_atomic(&p, b"x").is_err());
        assert!(!p.exists());
    }

    #[test]
    fn all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        write_atomic(&a, b"old").unwrap();
        let bad = dir.path().join("no-such-dir").join("a.docx");
        let r = write_all(&[(a.clone(), b"new"), (bad, b"x")]);
        assert!(r.is_err());
        assert_eq!(fs::read(&a).unwrap(), b"old", "the first file is untouched");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file");
    }

    #[cfg(unix)]
    #[test]
    fn read_only_refused_mode_kept_links_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ro = dir.path().join("ro.pdf");
        fs::write(&ro, b"keep").unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&ro, b"new").unwrap_err();
        assert!(e.to_string().contains("chỉ cho đọc"), "{e}");
        assert_eq!(fs::read(&ro).unwrap(), b"keep");

        let private = dir.path().join("p.pdf");
        fs::write(&private, b"a").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&private, b"b").unwrap();
        let mode = fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        let target = dir.path().join("real.yaml");
        fs::write(&target, b"1").unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("real.yaml", &link).unwrap();
        write_atomic(&link, b"2").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"2");
    }

    #[test]
    fn stale_temps_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // Process ids above the kernel's maximum (4194304) are never alive.
        fs::write(dir.path().join(".a.pdf.4999999.tmp"), b"x").unwrap();
        let mine = format!(".b.pdf.{}.tmp", std::process::id());
        fs::write(dir.path().join(&mine), b"x").unwrap();
        fs::write(dir.path().join("c.pdf"), b"x").unwrap();
        if Path::new("/proc/self").exists() {
            assert_eq!(clean_stale_temps(dir.path()), [".a.pdf.4999999.tmp"]);
            assert!(dir.path().join(&mine).exists());
            assert!(dir.path().join("c.pdf").exists());
        }
        assert_eq!(temp_pid(".x.y.pdf.12.tmp"), Some(12));
        assert_eq!(temp_pid("..so.csv.dang-ghi.7.tmp"), Some(7));
        assert_eq!(temp_pid(".notes.txt.12.tmp"), None, "not one of ours");
        assert_eq!(temp_pid("x.pdf"), None);
    }

    #[test]
    fn spreadsheet_cells_are_text_and_read_back() {
        for f in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let safe = spreadsheet_safe(f);
            assert!(safe.starts_with('\''), "{f}");
            assert_eq!(from_spreadsheet_safe(&safe), f);
        }
        assert_eq!(spreadsheet_safe("Sở Nội vụ"), "Sở Nội vụ");
        assert_eq!(from_spreadsheet_safe("'quoted"), "'quoted");
    }

    #[test]
    fn output_paths() {
        let p = output_path(Path::new("samples/cv.yaml"), None, "pdf");
        assert_eq!(p, Path::new("samples/cv.pdf"));
        let p = output_path(Path::new("cv.yaml"), Some(Path::new("out")), "docx");
        assert_eq!(p, Path::new("out/cv.docx"));
        let p = output_path(Path::new("cv.yaml"), None, "pdf");
        assert_eq!(p, Path::new("cv.pdf"));
    }
}
