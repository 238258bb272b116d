//! Robustness: every sample, mutated more than a thousand ways (deleted keys,
//! swapped types, truncation, random bytes, huge strings, deep nesting, odd
//! Unicode), never makes vanban panic; the binary always exits 0 or 2 and
//! writes nothing when it exits 2.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::*;
use vanban::commands::cli::Format;
use vanban::engine::Renderer;
use vanban::render::fonts::FontOptions;
use vanban::render::PdfSettings;

/// xorshift64*: deterministic, so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ODD: &[&str] = &[
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{0}",
    "\u{301}\u{301}\u{301}",
    "\u{ad}",
    "\t",
    "\u{a0}",
    "𝕍",
    "\u{fffd}",
    "\r",
    "\u{2028}",
    "©¸µ",
    "aøï",
];

fn values(rng: &mut Rng) -> String {
    match rng.below(14) {
        0 => "[1, 2]".into(),
        1 => "{a: b}".into(),
        2 => "123".into(),
        3 => "-5".into(),
        4 => "true".into(),
        5 => "~".into(),
        6 => "\"\"".into(),
        7 => "4294967296".into(),
        8 => "2024-13-45".into(),
        9 => "x".repeat(50_000),
        10 => format!("{}{}", "[".repeat(500), "]".repeat(500)),
        11 => "ả".repeat(20_000),
        12 => "\"^[ **a* \\\\ ^[\"".into(),
        _ => ODD[rng.below(ODD.len())].repeat(1 + rng.below(300)),
    }
}

/// One mutation of a YAML text.
fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    let i = rng.below(n);
    match rng.below(11) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 => {
            let j = rng.below(n);
            lines.swap(i, j);
        }
        3 => {
            let cut = rng.below(text.len());
            return text.as_bytes()[..cut].to_vec();
        }
        4 => {
            let mut b = text.as_bytes().to_vec();
            let at = rng.below(b.len());
            for _ in 0..1 + rng.below(8) {
                b.insert(at, rng.below(256) as u8);
            }
            return b;
        }
        5 => {
            if let Some(c) = lines[i].find(": ") {
                let v = values(rng);
                lines[i] = format!("{}: {v}", &lines[i][..c]);
            }
        }
        6 => {
            let l = &lines[i];
            lines[i] = if rng.below(2) == 0 {
                format!("{}{l}", " ".repeat(1 + rng.below(3)))
            } else {
                l.trim_start_matches(' ').to_string()
            };
        }
        7 => lines[i].insert(0, '\t'),
        8 => {
            if let Some(c) = lines[i].find(':') {
                // Drop one character of the key (a char boundary, not a byte).
                let starts: Vec<usize> = lines[i][..c].char_indices().map(|(k, _)| k).collect();
                if starts.len() > 1 {
                    let at = starts[rng.below(starts.len())];
                    lines[i].remove(at);
                }
            }
        }
        9 => {
            let odd = ODD[rng.below(ODD.len())];
            let l = &lines[i];
            let at = l
                .char_indices()
                .map(|(k, _)| k)
                .nth(rng.below(l.chars().count() + 1))
                .unwrap_or(l.len());
            lines[i] = format!("{}{odd}{}", &l[..at], &l[at..]);
        }
        _ => {
            let v = values(rng);
            lines.insert(i, format!("{}khoa_la: {v}", " ".repeat(rng.below(4) * 2)));
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

fn seeds() -> Vec<String> {
    [
        "samples/cong-van-ccn-bac-giang.yaml",
        "samples/tien-do-ccn.yaml",
        "samples/quyet-dinh-to-cong-tac.yaml",
        "samples/ke-hoach-cum-cong-nghiep.yaml",
        "samples/giay-moi-hop-cum-cong-nghiep.yaml",
        "samples/quyet-dinh-ban-hanh-quy-che.yaml",
        "samples/bien-ban-hop-to-cong-tac.yaml",
        "samples/cong-dien-ung-pho-bao.yaml",
        "samples/cong-van-bao-cao-hai-phu-luc.yaml",
        "samples/ban-sao-y-quyet-dinh.yaml",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(root().join(p)).unwrap())
    .collect()
}

/// 1200 mutations through the whole pipeline in process.
#[test]
fn a_thousand_mutations_never_panic() {
    let renderer = Renderer::new(&FontOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    let mut rng = Rng(0x005e_ed0f_7a11);
    let (mut ok, mut rejected) = (0, 0);
    let seeds = seeds();
    for (k, seed) in seeds.iter().enumerate() {
        for round in 0..3000 / seeds.len() {
            let mut bytes = mutate(seed, &mut rng);
            // Some rounds stack a second mutation.
            if round % 3 == 0 {
                let t = String::from_utf8_lossy(&bytes).into_owned();
                bytes = mutate(&t, &mut rng);
            }
            std::fs::write(&path, &bytes).unwrap();
            let result = catch_unwind(AssertUnwindSafe(|| {
                let src = vanban::format::load::read(&path)?;
                let (doc, _warnings) = vanban::load_checked(&src, &Default::default())?;
                let printed = vanban::render::print::print(&doc);
                let images = vanban::engine::images_for(&path, &printed).map_err(|d| vec![d])?;
                for f in [Format::Docx, Format::Pdf] {
                    renderer
                        .render(&doc, &printed, &images, f, &PdfSettings::default())
                        .map_err(|e| {
                            vec![vanban::diag::Diagnostic::error(
                                "m",
                                Default::default(),
                                e.to_string(),
                            )]
                        })?;
                }
                Ok::<_, Vec<vanban::diag::Diagnostic>>(())
            }));
            match result {
                Ok(Ok(())) => ok += 1,
                Ok(Err(diags)) => {
                    assert!(
                        !diags.is_empty(),
                        "seed {k} round {round}: an error without a message"
                    );
                    for d in &diags {
                        // A render failure on accepted input is a bug too,
                        // except typst's own panics on odd character
                        // sequences, which come back as a clean error.
                        assert!(
                            !d.message.starts_with("không tạo được")
                                || d.message.contains("lỗi nội bộ của typst"),
                            "seed {k} round {round}: {d}"
                        );
                        let _ = d.to_string();
                    }
                    rejected += 1;
                }
                Err(_) => panic!(
                    "seed {k} round {round} panicked; input:\n{}",
                    String::from_utf8_lossy(&bytes)
                ),
            }
        }
    }
    assert_eq!(ok + rejected, 3000);
    assert!(
        ok > 50 && rejected > 300,
        "mutations should both pass and fail: {ok} ok, {rejected} rejected"
    );
}

/// A hundred mutations through the real binary: exit 0 or 2, no panic,
/// nothing written on 2.
#[test]
fn the_binary_exits_0_or_2_and_writes_nothing_on_2() {
    let mut rng = Rng(0xfeed_beef);
    let seeds = seeds();
    for round in 0..100 {
        let dir = tempfile::tempdir().unwrap();
        let bytes = mutate(&seeds[round % seeds.len()], &mut rng);
        std::fs::write(dir.path().join("m.yaml"), &bytes).unwrap();
        for cmd in ["check", "render"] {
            let o = vanban(
                dir.path(),
                &[
                    cmd,
                    "m.yaml",
                    "--format",
                    if cmd == "check" { "human" } else { "pdf,docx" },
                ],
            );
            let err = String::from_utf8_lossy(&o.stderr);
            let code = o.status.code();
            assert!(
                matches!(code, Some(0) | Some(2)),
                "round {round} {cmd}: exit {code:?}\n{err}"
            );
            assert!(!err.contains("panicked"), "round {round} {cmd}: {err}");
            if cmd == "render" && code == Some(2) {
                let written: Vec<_> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .flatten()
                    .map(|e| e.file_name().into_string().unwrap())
                    .filter(|n| n != "m.yaml")
                    .collect();
                assert!(
                    written.is_empty(),
                    "round {round}: exit 2 but wrote {written:?}"
                );
            }
        }
    }
}
