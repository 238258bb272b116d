//! Writing output files atomically: a temporary file in the same folder,
//! synced, then renamed over the target. A failed run never leaves a
//! half-written file and never destroys an earlier good one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Write `data` to `path` atomically.
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Write several files atomically, each on its own; on failure, the
/// Vietnamese message of the file that could not be written.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<(), String> {
    for (path, bytes) in files {
        write_atomic(path, bytes).map_err(|e| {
            format!(
                "không ghi được {} ({})",
                path.display(),
                crate::format::load::io_vi(&e)
            )
        })?;
    }
    Ok(())
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
    fn output_paths() {
        let p = output_path(Path::new("samples/cv.yaml"), None, "pdf");
        assert_eq!(p, Path::new("samples/cv.pdf"));
        let p = output_path(Path::new("cv.yaml"), Some(Path::new("out")), "docx");
        assert_eq!(p, Path::new("out/cv.docx"));
        let p = output_path(Path::new("cv.yaml"), None, "pdf");
        assert_eq!(p, Path::new("cv.pdf"));
    }
}
