//! Files the user wrote or protected are never lost: two inputs writing
//! one output are refused, read-only files stay as they are, symlinks stay
//! links, and `check --fix` keeps line endings and the byte-order mark.

mod common;

use common::*;

/// A document with a legacy-encoded (TCVN3) line, which `--fix` converts.
fn legacy(eol: &str, bom: bool) -> Vec<u8> {
    let text = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace("dia_danh: Bắc Giang", "dia_danh: B¾c Giang");
    let mut out = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    out.extend_from_slice(text.replace('\n', eol).as_bytes());
    out
}

#[test]
fn two_inputs_with_one_output_name_are_refused_before_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["a", "b"] {
        std::fs::create_dir(d.join(sub)).unwrap();
        std::fs::copy(root().join(SAMPLE), d.join(sub).join("x.yaml")).unwrap();
    }
    let o = vanban(d, &["render", "a/x.yaml", "b/x.yaml", "-o", "ra"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a/x.yaml") && err.contains("b/x.yaml"),
        "{err}"
    );
    assert!(err.contains("ra/x.pdf"), "{err}");
    assert!(!d.join("ra").exists() || std::fs::read_dir(d.join("ra")).unwrap().count() == 0);

    // Without -o each writes beside its own YAML; the same file named twice
    // is rendered once.
    let o = vanban(
        d,
        &["render", "a/x.yaml", "b/x.yaml", "a/../a/x.yaml", "-v"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(d.join("a/x.pdf").exists() && d.join("b/x.pdf").exists());
    assert_eq!(err.matches("đã ghi:").count(), 2, "{err}");
}

#[cfg(unix)]
#[test]
fn read_only_files_and_symlinks_are_respected() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join(SAMPLE), d.join("cv.yaml")).unwrap();

    // A read-only PDF from an earlier run: refused, left as it is (tests run
    // as root, who could write it: the refusal is vanban's own check).
    std::fs::write(d.join("cv.pdf"), b"signed copy").unwrap();
    std::fs::set_permissions(d.join("cv.pdf"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = vanban(d, &["render", "cv.yaml", "--no-system-fonts"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cv.pdf") && err.contains("chỉ cho đọc"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("cv.pdf")).unwrap(), b"signed copy");
    let mode = std::fs::metadata(d.join("cv.pdf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o444);
    assert!(!d.join("cv.docx").exists(), "all or nothing");

    // A read-only YAML is not rewritten by --fix.
    std::fs::write(d.join("cu.yaml"), legacy("\n", false)).unwrap();
    std::fs::set_permissions(d.join("cu.yaml"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = vanban(d, &["check", "cu.yaml", "--fix"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("chỉ cho đọc"), "{err}");
    assert_eq!(
        std::fs::read(d.join("cu.yaml")).unwrap(),
        legacy("\n", false)
    );

    // A symlinked output and a symlinked YAML stay links; their targets
    // get the new bytes, and the targets keep their mode.
    std::fs::create_dir(d.join("that")).unwrap();
    std::fs::write(d.join("that/real.pdf"), b"old").unwrap();
    std::fs::set_permissions(
        d.join("that/real.pdf"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    std::fs::copy(root().join(SAMPLE), d.join("lk.yaml")).unwrap();
    std::os::unix::fs::symlink("that/real.pdf", d.join("lk.pdf")).unwrap();
    let o = vanban(
        d,
        &["render", "lk.yaml", "--format", "pdf", "--no-system-fonts"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(d.join("lk.pdf"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read(d.join("that/real.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    let mode = std::fs::metadata(d.join("that/real.pdf"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);

    std::fs::write(d.join("that/src.yaml"), legacy("\n", false)).unwrap();
    std::os::unix::fs::symlink("that/src.yaml", d.join("src.yaml")).unwrap();
    let o = vanban(d, &["check", "src.yaml", "--fix"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(d.join("src.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    let fixed = std::fs::read_to_string(d.join("that/src.yaml")).unwrap();
    assert!(fixed.contains("dia_danh: Bắc Giang"), "{fixed}");
}

#[test]
fn fix_keeps_crlf_and_the_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, eol, bom) in [("crlf.yaml", "\r\n", true), ("lf.yaml", "\n", false)] {
        std::fs::write(d.join(name), legacy(eol, bom)).unwrap();
        let o = vanban(d, &["check", name, "--fix"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(err.contains("sang Unicode"), "{err}");
        let after = std::fs::read(d.join(name)).unwrap();
        let text = String::from_utf8(after.clone()).unwrap();
        assert!(
            text.contains(&format!("dia_danh: Bắc Giang{eol}")),
            "{name}"
        );
        assert_eq!(after.starts_with("\u{feff}".as_bytes()), bom, "{name}: BOM");
        let lines = text.matches('\n').count();
        assert_eq!(
            text.matches("\r\n").count(),
            if eol == "\r\n" { lines } else { 0 },
            "{name}"
        );
        // Only the fixed text changed.
        let expected = String::from_utf8(legacy(eol, bom))
            .unwrap()
            .replace("B¾c", "Bắc");
        assert_eq!(text, expected, "{name}");
    }
}
