//! Issue 15: the register with several writers. Sixteen `vanban issue`
//! processes started at once on one register get sixteen distinct,
//! consecutive numbers and sixteen rows; `kill -9` in the middle of an
//! issue leaves a register that reads, and the next run finishes or frees
//! the killed run's number.

mod common;

use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;

/// The tests of this file start many processes and time them: one at a
/// time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The seed sample as a draft with a subject of its own.
fn draft(dir: &Path, stem: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace("so: 1956", "so:")
        .replace("ngay: 2024-04-19", "ngay: 2024-04")
        .replace("trich_yeu: ", &format!("trich_yeu: {stem}, "));
    let p = dir.join(format!("{stem}.yaml"));
    std::fs::write(&p, text).unwrap();
    p
}

/// The register's rows: (number, file, SHA-256); every row whole.
fn rows(reg: &Path) -> Vec<(String, String, String)> {
    let bytes = std::fs::read(reg).unwrap();
    csv::ReaderBuilder::new()
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| {
            let r = r.expect("every row whole");
            assert_eq!(r.len(), 13, "{r:?}");
            (
                r[0].split('/').next().unwrap().to_string(),
                r[11].to_string(),
                r[12].to_string(),
            )
        })
        .collect()
}

#[test]
fn sixteen_issue_processes_get_sixteen_consecutive_numbers() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 16;
    for i in 0..n {
        draft(d, &format!("cv-{i:02}"));
    }
    let start = Instant::now();
    let children: Vec<Child> = (0..n)
        .map(|i| {
            let f = format!("cv-{i:02}.yaml");
            spawn(
                d,
                &[
                    "issue",
                    &f,
                    "--so-dang-ky",
                    "so.csv",
                    "--ngay",
                    "2024-04-19",
                ],
            )
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for c in children {
        let o = c.wait_with_output().unwrap();
        slowest = slowest.max(start.elapsed());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let wall = start.elapsed();
    let rows = rows(&d.join("so.csv"));
    assert_eq!(rows.len(), n, "every row kept: {rows:?}");
    let mut numbers: Vec<u32> = rows.iter().map(|r| r.0.parse().unwrap()).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        (1..=n as u32).collect::<Vec<_>>(),
        "distinct, consecutive"
    );
    for (number, file, sha) in &rows {
        let pdf = std::fs::read(d.join(file)).unwrap();
        assert_eq!(&vanban::engine::output::sha256_hex(&pdf), sha, "{file}");
        // Each YAML holds the number its row says.
        let yaml = std::fs::read_to_string(d.join(file).with_extension("yaml")).unwrap();
        let n: u32 = number.parse().unwrap();
        assert!(yaml.contains(&format!("\nso: {n}\n")), "{file}");
    }
    let o = vanban(d, &["register", "so.csv", "--kiem-tra"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    eprintln!(
        "16 concurrent `issue` processes on one register: {:.2} s wall clock, {:.0} ms per document, {} cores",
        wall.as_secs_f64(),
        wall.as_secs_f64() * 1000.0 / n as f64,
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );
}

/// Whether `dir` holds a sign of writing in progress: a temporary file or
/// the register's journal.
fn writing(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let n = e.file_name().into_string().unwrap_or_default();
            n.ends_with(".tmp") || n.ends_with(".dang-ghi")
        })
    })
}

/// SIGKILL the child once it is seen writing (after `extra_us` more).
fn kill_while_writing(mut child: Child, dir: &Path, extra_us: u64) -> bool {
    let start = Instant::now();
    let landed = loop {
        if child.try_wait().ok().flatten().is_some() || start.elapsed() > Duration::from_secs(30) {
            break false;
        }
        if writing(dir) {
            std::thread::sleep(Duration::from_micros(extra_us));
            break true;
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let _ = child.kill();
    let _ = child.wait();
    landed
}

/// `kill -9` while `issue` writes its files, journal and row: right after
/// each kill the register reads (`vanban register` exits 0), and issuing
/// every draft again ends with a register that matches the files exactly:
/// one row per issued YAML, no number twice, none skipped.
#[test]
fn a_process_killed_mid_issue_leaves_a_readable_register() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 10;
    for i in 0..n {
        draft(d, &format!("cv-{i}"));
    }
    let (mut landed, mut notes) = (0, 0);
    for i in 0..n {
        let f = format!("cv-{i}.yaml");
        let args = [
            "issue",
            f.as_str(),
            "--so-dang-ky",
            "so.csv",
            "--ngay",
            "2024-04-19",
        ];
        landed += usize::from(kill_while_writing(spawn(d, &args), d, (i as u64 % 4) * 300));
        if d.join("so.csv").exists() {
            rows(&d.join("so.csv"));
            let o = vanban(d, &["register", "so.csv"]);
            assert!(
                o.status.success(),
                "kill {i}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        // Again: the killed run is finished (its row added) or undone (its
        // number free, its draft untouched), and this one completes.
        let o = vanban(d, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        notes += err.matches("ghi chú:").count();
        let done = std::fs::read_to_string(d.join(&f)).unwrap();
        if !o.status.success() {
            // Finished by the repair: the YAML was issued by the killed run.
            assert!(err.contains("đã ban hành rồi"), "kill {i}: {err}");
            assert!(!done.contains("\nso:\n"), "kill {i}");
        }
        assert!(!writing(d), "kill {i}: a journal or temp file left");
    }
    let rows = rows(&d.join("so.csv"));
    assert_eq!(rows.len(), n, "{rows:?}");
    let mut numbers: Vec<u32> = rows.iter().map(|r| r.0.parse().unwrap()).collect();
    numbers.sort();
    assert_eq!(numbers, (1..=n as u32).collect::<Vec<_>>());
    let o = vanban(d, &["register", "so.csv", "--kiem-tra"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    eprintln!("kill -9 during issue: {landed} of {n} kills while writing, {notes} repair notes");
}
