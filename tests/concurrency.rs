//! No work is lost when processes run at once, are killed, or meet a full
//! disk: the register and the archive manifest are changed under a lock,
//! a number is used only once every file of its document is in place, and
//! the next run finishes or reports what a killed one left half done.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;

/// The tests of this file start many processes and time them: one at a
/// time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The sample with number `n` and a text of its own, as `<dir>/<stem>.yaml`.
fn document(dir: &Path, stem: &str, n: u32) -> PathBuf {
    let text = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace("so: 1956", &format!("so: {n}"))
        .replace("trich_yeu: ", &format!("trich_yeu: {stem}, "));
    let p = dir.join(format!("{stem}.yaml"));
    std::fs::write(&p, text).unwrap();
    p
}

/// The register's rows, read with a CSV reader: number → (file, SHA-256).
/// The columns of Phụ lục IV: "Số, ký hiệu văn bản" first, Tệp and
/// SHA-256 last.
fn register_rows(reg: &Path) -> Vec<(String, String, String)> {
    let bytes = std::fs::read(reg).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    r.records()
        .map(|rec| {
            let rec = rec.expect("every row whole");
            assert_eq!(rec.len(), 13, "{rec:?}");
            let number = rec[0].split('/').next().unwrap().to_string();
            (number, rec[11].to_string(), rec[12].to_string())
        })
        .collect()
}

/// Files in `dir` with the extension `ext`.
fn files(dir: &Path, ext: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().into_string().unwrap())
                .filter(|n| n.ends_with(ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn eight_processes_share_one_register() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Eight documents with their own numbers, rendered at once.
    for i in 0..8 {
        document(d, &format!("cv-{i}"), 100 + i);
    }
    let children: Vec<Child> = (0..8)
        .map(|i| {
            let input = format!("cv-{i}.yaml");
            spawn(
                d,
                &[
                    "render",
                    &input,
                    "-o",
                    "ra",
                    "--so-dang-ky",
                    "so.csv",
                    "--format",
                    "pdf",
                    "--no-system-fonts",
                ],
            )
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let rows = register_rows(&d.join("so.csv"));
    let numbers: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(rows.len(), 8, "every row kept: {numbers:?}");
    for (_, file, sha) in &rows {
        let bytes = std::fs::read(d.join("ra").join(file)).unwrap();
        assert_eq!(&vanban::engine::output::sha256_hex(&bytes), sha);
    }

    // Eight different documents claiming one number: exactly one wins.
    for i in 0..8 {
        document(d, &format!("trung-{i}"), 500);
    }
    let children: Vec<Child> = (0..8)
        .map(|i| {
            let input = format!("trung-{i}.yaml");
            spawn(
                d,
                &[
                    "render",
                    &input,
                    "-o",
                    "ra",
                    "--so-dang-ky",
                    "so.csv",
                    "--format",
                    "pdf",
                    "--no-system-fonts",
                ],
            )
        })
        .collect();
    let mut ok = 0;
    for c in children {
        let o = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => ok += 1,
            Some(2) => assert!(
                err.contains("số 500 năm 2024 đã có trong sổ đăng ký"),
                "{err}"
            ),
            c => panic!("exit {c:?}: {err}"),
        }
    }
    assert_eq!(ok, 1, "one document gets number 500");
    let rows = register_rows(&d.join("so.csv"));
    assert_eq!(rows.iter().filter(|r| r.0 == "500").count(), 1);
    assert_eq!(
        files(&d.join("ra"), ".pdf")
            .iter()
            .filter(|f| f.starts_with("trung-"))
            .count(),
        1
    );
}

#[test]
fn eight_archive_runs_into_one_folder_keep_every_entry() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..8 {
        document(d, &format!("cv-{i}"), 200 + i);
    }
    let children: Vec<Child> = (0..8)
        .map(|i| spawn(d, &["archive", &format!("cv-{i}.yaml"), "-o", "kho"]))
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("kho/manifest.json")).unwrap()).unwrap();
    assert_eq!(m["documents"].as_array().unwrap().len(), 8, "{m}");
    let o = vanban(d, &["verify", "kho"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// xorshift: reproducible kill times.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Whether `dir` holds a sign of writing in progress: a temporary file or
/// a journal.
fn writing(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let n = e.file_name().into_string().unwrap_or_default();
            n.ends_with(".tmp") || n.ends_with(".dang-ghi") || n == ".dang-ghi.json"
        })
    })
}

/// SIGKILL the child as soon as it is seen writing in one of `dirs` (after
/// `extra_ms` more); whether it was killed while writing.
fn kill_while_writing(mut child: Child, dirs: &[PathBuf], extra_ms: u64) -> bool {
    let start = Instant::now();
    let landed = loop {
        if child.try_wait().ok().flatten().is_some() || start.elapsed() > Duration::from_secs(30) {
            break false;
        }
        if dirs.iter().any(|d| writing(d)) {
            std::thread::sleep(Duration::from_millis(extra_ms));
            break true;
        }
        std::thread::sleep(Duration::from_micros(300));
    };
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    landed
}

/// `kill -9` while `render --so-dang-ky` and `archive` write their files,
/// journals and manifests; after each kill the register still parses, and
/// a normal run afterwards removes the temporary files, finishes or
/// reports the half-done entry and leaves every PDF with its row (or
/// manifest entry) and every row with its file.
#[test]
fn kill_9_never_loses_or_corrupts_anything() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = d.join("nguon");
    std::fs::create_dir(&src).unwrap();
    for i in 0..12 {
        document(&src, &format!("cv-{i}"), 300 + i);
    }
    let render = [
        "render",
        "nguon",
        "-o",
        "ra",
        "--so-dang-ky",
        "so.csv",
        "--no-system-fonts",
    ];
    let archive = ["archive", "nguon", "-o", "kho"];
    let watched = [d.to_path_buf(), d.join("ra"), d.join("kho")];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut landed, mut left_temps, mut notes) = (0, 0, 0);
    let rounds = 24;
    for round in 0..rounds {
        let k = round % 2;
        let args: &[&str] = if k == 0 { &render } else { &archive };
        // Every other round of each kind starts from nothing, so that the
        // kills also hit a first write of the register and the manifests.
        if round % 4 < 2 {
            let _ = std::fs::remove_dir_all(d.join(if k == 0 { "ra" } else { "kho" }));
            if k == 0 {
                let _ = std::fs::remove_file(d.join("so.csv"));
            }
        }
        landed += usize::from(kill_while_writing(spawn(d, args), &watched, rng.below(4)));
        // Right after the kill: whole rows only.
        if d.join("so.csv").exists() {
            register_rows(&d.join("so.csv"));
        }
        left_temps += files(&d.join("ra"), ".tmp").len() + files(&d.join("kho"), ".tmp").len();
        // The next run repairs and succeeds.
        let o = vanban(d, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "round {round} {args:?}: {err}");
        notes += err.matches("ghi chú:").count();
        let out = if k == 0 { "ra" } else { "kho" };
        assert!(
            files(&d.join(out), ".tmp").is_empty(),
            "round {round}: temp files left"
        );
        assert!(!writing(d), "round {round}: a journal left");
    }
    // Every PDF has its row and every row its PDF, with the same bytes.
    let rows = register_rows(&d.join("so.csv"));
    let by_file: BTreeMap<String, String> =
        rows.iter().map(|r| (r.1.clone(), r.2.clone())).collect();
    assert_eq!(rows.len(), 12, "{rows:?}");
    let pdfs = files(&d.join("ra"), ".pdf");
    assert_eq!(pdfs, by_file.keys().cloned().collect::<Vec<_>>());
    for (file, sha) in &by_file {
        let bytes = std::fs::read(d.join("ra").join(file)).unwrap();
        assert_eq!(&vanban::engine::output::sha256_hex(&bytes), sha, "{file}");
    }
    let o = vanban(d, &["verify", "kho"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    eprintln!(
        "kill -9 loop: {landed} of {rounds} kills while writing: {left_temps} temp files left, {notes} repair notes"
    );
    assert!(
        landed >= rounds / 2,
        "only {landed} of {rounds} kills landed while writing"
    );
    assert!(left_temps + notes > 0, "the kills left nothing to repair");
}

/// Run `vanban` with a file-size limit (bash's `ulimit -f`, in KB): a write
/// past it fails with EFBIG, as a full disk fails with ENOSPC.
fn vanban_limited(dir: &Path, kb: u64, args: &[&str]) -> std::process::Output {
    let cmd = format!("trap '' XFSZ; ulimit -f {kb}; exec \"$0\" \"$@\"");
    Command::new("bash")
        .arg("-c")
        .arg(cmd)
        .arg(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_failed_write_does_not_use_the_number() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    document(d, "cv", 42);
    let args = [
        "render",
        "cv.yaml",
        "-o",
        "ra",
        "--so-dang-ky",
        "so.csv",
        "--no-system-fonts",
    ];
    // The PDF (about 80 KB) cannot be written: nothing is, no number used.
    let o = vanban_limited(d, 40, &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("không ghi được") && err.contains("vượt quá kích thước"),
        "{err}"
    );
    assert!(
        files(&d.join("ra"), "").is_empty(),
        "nothing written: {:?}",
        files(&d.join("ra"), "")
    );
    assert!(!d.join("so.csv").exists() || register_rows(&d.join("so.csv")).is_empty());
    // With room again, the same number is free.
    let o = vanban(d, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(register_rows(&d.join("so.csv")).len(), 1);

    // The files fit but the register cannot grow: the run fails, and the
    // next run adds the row, since every file is in place.
    let big: String = (10_000..13_000)
        .map(|n| {
            format!(
                "{n}/X-Y,01/01/2000,Công văn V/v a,c,b,,,,,,,x{n}.pdf,{}\n",
                "0".repeat(64)
            )
        })
        .collect();
    let mut reg = std::fs::read_to_string(d.join("so.csv")).unwrap();
    reg.push_str(&big);
    std::fs::write(d.join("so.csv"), &reg).unwrap();
    assert!(reg.len() > 300 * 1024);
    document(d, "cv2", 43);
    let args2 = [
        "render",
        "cv2.yaml",
        "-o",
        "ra",
        "--so-dang-ky",
        "so.csv",
        "--no-system-fonts",
    ];
    let o = vanban_limited(d, 200, &args2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("lần chạy sau sẽ bổ sung"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("so.csv")).unwrap(),
        reg,
        "register unchanged"
    );
    let o = vanban(d, &args2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("đã bổ sung dòng số 43"), "{err}");
    let rows = register_rows(&d.join("so.csv"));
    assert_eq!(rows.iter().filter(|r| r.0 == "43").count(), 1);
}

/// A real full disk (a 64 KB tmpfs), where mounting is allowed (root): the
/// message says so in Vietnamese and no number is used.
#[test]
fn a_full_disk_is_reported_in_vietnamese() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    document(d, "cv", 7);
    let mnt = d.join("day");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=64k",
            "tmpfs",
            mnt.to_str().unwrap(),
        ])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Not root: the ulimit test above covers the failed write.
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let o = vanban(
        d,
        &[
            "render",
            "cv.yaml",
            "-o",
            "day",
            "--so-dang-ky",
            "so.csv",
            "--no-system-fonts",
        ],
    );
    let _ = Command::new("umount").arg(&mnt).status();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("ổ đĩa đã đầy"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert!(!d.join("so.csv").exists() || register_rows(&d.join("so.csv")).is_empty());
}

/// A row cut short by a crash while it was appended is removed by the next
/// run, with a note; the register stays whole.
#[test]
fn a_row_cut_short_is_removed() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    document(d, "cv", 61);
    document(d, "cv2", 62);
    let args = |f: &str| {
        vec![
            "render".to_string(),
            f.to_string(),
            "--format".into(),
            "pdf".into(),
            "--so-dang-ky".into(),
            "so.csv".into(),
        ]
    };
    let run = |f: &str| {
        let a = args(f);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        vanban(d, &a)
    };
    assert!(run("cv.yaml").status.success());
    let whole = std::fs::read_to_string(d.join("so.csv")).unwrap();
    std::fs::write(
        d.join("so.csv"),
        format!("{whole}63/UBND-KTTH,01/05/2024,Công văn V/v cắt ng"),
    )
    .unwrap();
    let o = run("cv2.yaml");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("đã bỏ dòng cuối ghi dở"), "{err}");
    let rows = register_rows(&d.join("so.csv"));
    let numbers: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(numbers, ["61", "62"]);
    assert!(std::fs::read_to_string(d.join("so.csv"))
        .unwrap()
        .starts_with(&whole));
}
