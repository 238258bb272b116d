//! Bounds: only regular files are read, inputs have a size limit and YAML
//! aliases an expansion budget, nothing blocks on a named pipe, memory
//! grows linearly with the input with a small factor, and every refusal is
//! a Vietnamese message with exit code 2.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Run vanban, killing it after `secs`: a hang is a test failure, not a
/// stuck test run.
fn vanban_within(dir: &Path, secs: u64, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            panic!("vanban {args:?} did not finish in {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Exit 2, a Vietnamese message with every `parts`, no English from below.
fn refused(o: &Output, parts: &[&str]) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.lines().any(|l| l.starts_with("lỗi")), "{err}");
    for p in parts {
        assert!(err.contains(p), "missing {p:?}: {err}");
    }
    for english in [
        "os error",
        "budget",
        "recursion",
        "No space",
        "File exists",
        "panicked",
    ] {
        assert!(!err.contains(english), "{english}: {err}");
    }
    err
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap();
    assert!(ok.success());
}

#[test]
fn devices_pipes_and_folders_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("pipe.yaml"));
    std::fs::create_dir(d.join("thu-muc")).unwrap();
    std::fs::copy(root().join(SAMPLE), d.join("cv.yaml")).unwrap();
    for cmd in ["check", "render"] {
        let o = vanban_within(d, 10, &[cmd, "/dev/zero"]);
        refused(&o, &["/dev/zero", "đây là thiết bị", "tệp thông thường"]);
        let o = vanban_within(d, 10, &[cmd, "pipe.yaml"]);
        refused(&o, &["pipe.yaml", "ống dẫn có tên"]);
    }
    // A folder where a file is expected.
    let o = vanban_within(d, 10, &["remind", "cv.yaml", "--tien-do", "thu-muc"]);
    refused(&o, &["thu-muc", "đây là thư mục"]);
    // The register must be a regular file: /dev/full used to take 12 GB.
    let o = vanban_within(d, 10, &["render", "cv.yaml", "--so-dang-ky", "/dev/full"]);
    refused(&o, &["/dev/full", "thiết bị"]);
    assert!(!d.join("cv.pdf").exists());
    // --font-dir: missing is an error; a named pipe inside is skipped.
    let o = vanban_within(d, 10, &["render", "cv.yaml", "--font-dir", "khong-co"]);
    refused(&o, &["--font-dir khong-co", "không có thư mục này"]);
    std::fs::create_dir(d.join("fonts")).unwrap();
    mkfifo(&d.join("fonts/treo.ttf"));
    let o = vanban_within(
        d,
        20,
        &[
            "render",
            "cv.yaml",
            "--font-dir",
            "fonts",
            "--format",
            "pdf",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // An output folder that is a file.
    let o = vanban_within(d, 10, &["render", "cv.yaml", "-o", "cv.yaml"]);
    refused(&o, &["đã có tệp hoặc thư mục cùng tên"]);
}

#[test]
fn inputs_have_a_size_limit_with_a_flag_to_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    // 11 MB of comments after a valid document.
    let mut big = sample.clone();
    let line = format!("# {}\n", "x".repeat(1000));
    while big.len() <= 11 * 1024 * 1024 {
        big.push_str(&line);
    }
    std::fs::write(d.join("lon.yaml"), &big).unwrap();
    let t = Instant::now();
    let o = vanban_within(d, 10, &["check", "lon.yaml"]);
    refused(
        &o,
        &[
            "lon.yaml",
            "tệp quá lớn",
            "giới hạn 10,0 MB",
            "--kich-thuoc-toi-da",
        ],
    );
    assert!(t.elapsed() < Duration::from_secs(5));
    let o = vanban_within(d, 30, &["check", "lon.yaml", "--kich-thuoc-toi-da", "12"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = vanban_within(d, 30, &["--kich-thuoc-toi-da", "0", "check", "lon.yaml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn alias_expansion_and_nesting_have_budgets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    // A 1 MB anchor repeated 30 times: 30 MB of text from a 1 MB file.
    let bomb = sample.replacen(
        "mo_dau:\n",
        &format!(
            "mo_dau:\n  - &b \"{}\"\n{}",
            "y".repeat(1_000_000),
            "  - *b\n".repeat(30)
        ),
        1,
    );
    std::fs::write(d.join("bom.yaml"), bomb).unwrap();
    let o = vanban_within(d, 20, &["check", "bom.yaml"]);
    refused(&o, &["bom.yaml:", "bí danh", "quá lớn", "= trường: mo_dau"]);
    // Many aliases of a small anchor.
    let ratio = sample.replacen(
        "mo_dau:\n",
        &format!("mo_dau:\n  - &a x\n{}", "  - *a\n".repeat(300)),
        1,
    );
    std::fs::write(d.join("ti-le.yaml"), ratio).unwrap();
    let o = vanban_within(d, 20, &["check", "ti-le.yaml"]);
    refused(&o, &["ti-le.yaml:", "bí danh"]);
    // Deep nesting.
    let deep = sample.replacen(
        "mo_dau:\n",
        &format!("mo_dau:\n  - {}{}\n", "[".repeat(300), "]".repeat(300)),
        1,
    );
    std::fs::write(d.join("sau.yaml"), deep).unwrap();
    let o = vanban_within(d, 20, &["check", "sau.yaml"]);
    refused(&o, &["sau.yaml:", "lồng nhau quá sâu"]);
}

/// Peak memory (KB) of one run, from `/usr/bin/time`.
fn peak_kb(dir: &Path, args: &[&str]) -> u64 {
    let o = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("PEAK %M")
        .arg(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("/usr/bin/time (Debian package `time`) is needed; scripts/test.sh installs it");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    err.lines()
        .find_map(|l| l.strip_prefix("PEAK "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{err}"))
}

/// Memory grows linearly with the input, with the factors the README
/// states; time too (100 000 tasks used to take minutes in the DOCX).
#[test]
fn memory_and_time_grow_linearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let para = "phát triển cụm công nghiệp ".repeat(40);
    let write = |name: &str, mb: usize| {
        let n = mb * 1024 * 1024 / para.len();
        let body: String = (0..n).map(|_| format!("  - \"{para}\"\n")).collect();
        std::fs::write(
            d.join(name),
            sample.replacen("mo_dau:\n", &format!("mo_dau:\n{body}"), 1),
        )
        .unwrap();
    };
    write("mot.yaml", 1);
    write("bon.yaml", 4);
    let per_byte = |args: [&str; 2]| {
        let small = peak_kb(d, &[args[0], "mot.yaml", args[1]]);
        let large = peak_kb(d, &[args[0], "bon.yaml", args[1]]);
        (large.saturating_sub(small) * 1024) as f64 / (3.0 * 1024.0 * 1024.0)
    };
    let check = per_byte(["check", "--format=human"]);
    let docx = per_byte(["render", "--format=docx"]);
    let pdf = per_byte(["render", "--format=pdf"]);
    eprintln!("bytes of memory per input byte: check {check:.0}, docx {docx:.0}, pdf {pdf:.0}");
    assert!(check < 20.0, "check: {check:.0} bytes per input byte");
    assert!(docx < 40.0, "docx: {docx:.0} bytes per input byte");
    assert!(pdf < 250.0, "pdf: {pdf:.0} bytes per input byte");

    // Time: 4× the tasks take about 4× as long, not 16×.
    let tasks = |n: usize| {
        let list: String = (0..n)
            .map(|k| format!("      - Nhiệm vụ số {k} rà soát cụm công nghiệp\n"))
            .collect();
        sample.replacen(
            "phan_cong:\n",
            &format!("phan_cong:\n  - don_vi: Sở Xây dựng\n    nhiem_vu:\n{list}"),
            1,
        )
    };
    std::fs::write(d.join("t1.yaml"), tasks(5_000)).unwrap();
    std::fs::write(d.join("t4.yaml"), tasks(20_000)).unwrap();
    let time = |f: &str| {
        let t = Instant::now();
        let o = vanban_within(d, 120, &["render", f, "--format", "docx"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        t.elapsed().as_secs_f64()
    };
    let (t1, t4) = (time("t1.yaml"), time("t4.yaml"));
    eprintln!("DOCX of 5 000 tasks {t1:.2} s, 20 000 tasks {t4:.2} s");
    assert!(
        t4 < 8.0 * t1.max(0.05),
        "superlinear: {t1:.2} s → {t4:.2} s"
    );
}
