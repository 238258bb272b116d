//! Robustness: every sample, mutated 10 000 ways (deleted keys, swapped
//! types, truncation, random bytes, huge strings, deep nesting, odd
//! Unicode, YAML escapes of control characters, aliases, CRLF and BOM),
//! runs through the whole pipeline in process with its promises checked
//! ([`vanban::engine::trial`]); 200 run through the binary, which always
//! exits 0 or 2 in bounded time and writes nothing when it exits 2. The
//! fuzz corpus (`fuzz/corpus/render_both/`) is replayed the same way, on
//! stable, in every test run.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use vanban::engine::trial::{trial, Trial};
use vanban::engine::Renderer;
use vanban::render::fonts::FontOptions;

/// xorshift64*: deterministic, so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
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
    "\u{591}",
    "\u{9b}",
    "а",
];

/// YAML escapes that decode to characters XML forbids, or to odd ones.
const ESCAPES: &[&str] = &[
    r"\0",
    r"\x01",
    r"\x1b",
    r"\e",
    r"\v",
    r"\f",
    r"\uFFFE",
    r"\uFFFF",
    r"\x9b",
    r"\u202E",
    r"\U0001F600",
    r"\N",
    r"\_",
    r"\L",
];

fn values(rng: &mut Rng) -> String {
    match rng.below(18) {
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
        13 => format!("\"a{}b\"", ESCAPES[rng.below(ESCAPES.len())]),
        14 => "&neo [x, y]".into(),
        15 => "*neo".into(),
        16 => "=HYPERLINK(\"x\")".into(),
        _ => ODD[rng.below(ODD.len())].repeat(1 + rng.below(300)),
    }
}

/// One mutation of a YAML text.
fn mutate(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    let i = rng.below(n);
    match rng.below(14) {
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
        10 => {
            // A text value in double quotes with an escape inside.
            if let Some(c) = lines[i].find(": ") {
                let value = lines[i][c + 2..].trim().replace(['"', '\\'], "");
                let at = value
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.below(value.chars().count() + 1))
                    .unwrap_or(value.len());
                let esc = ESCAPES[rng.below(ESCAPES.len())];
                lines[i] = format!(
                    "{}: \"{}{esc}{}\"",
                    &lines[i][..c],
                    &value[..at],
                    &value[at..]
                );
            }
        }
        11 => {
            // An anchor on one value, aliases of it elsewhere.
            if let Some(c) = lines[i].find(": ") {
                lines[i].insert_str(c + 2, "&neo ");
                for _ in 0..1 + rng.below(4) {
                    let j = rng.below(lines.len());
                    if let Some(c) = lines[j].find(": ") {
                        lines[j] = format!("{}: *neo", &lines[j][..c]);
                    }
                }
            }
        }
        12 => {
            // CRLF line endings and a byte-order mark.
            let mut out = "\u{feff}".as_bytes().to_vec();
            out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
            return out;
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

/// Every YAML file in samples/, documents and progress files alike.
fn seeds() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 17, "{paths:?}");
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

/// Mutation `round` of seed `k`: one or two stacked mutations.
fn mutation(seed: &str, k: usize, round: usize) -> Vec<u8> {
    let mut rng = Rng::new((k as u64) << 32 | round as u64);
    let mut bytes = mutate(seed, &mut rng);
    if round.is_multiple_of(3) {
        let t = String::from_utf8_lossy(&bytes).into_owned();
        bytes = mutate(&t, &mut rng);
    }
    bytes
}

/// Run one input; a panic or a broken promise fails with the input.
fn run(renderer: &Renderer, what: &str, bytes: &[u8]) -> (Trial, Duration) {
    let start = Instant::now();
    let r = catch_unwind(AssertUnwindSafe(|| trial(renderer, "m.yaml", bytes)));
    let input = || String::from_utf8_lossy(&bytes[..bytes.len().min(3000)]).into_owned();
    match r {
        Ok(Ok(t)) => (t, start.elapsed()),
        Ok(Err(broken)) => panic!("{what}: {broken}\ninput:\n{}", input()),
        Err(_) => panic!("{what} panicked; input:\n{}", input()),
    }
}

const IN_PROCESS: usize = 10_200;

/// 10 200 mutations (600 of each of the 17 samples) through the whole
/// pipeline in process, on all cores.
#[test]
fn ten_thousand_mutations_keep_every_promise() {
    let renderer = Renderer::new(&FontOptions::default()).unwrap();
    let seeds = seeds();
    let per_seed = IN_PROCESS / seeds.len();
    let jobs: Vec<(usize, usize)> = (0..seeds.len())
        .flat_map(|k| (0..per_seed).map(move |r| (k, r)))
        .collect();
    let start = Instant::now();
    // The engine's batch runner: one plain thread per core.
    let results: Vec<(bool, Duration, String)> = vanban::engine::parallel(&jobs, |&(k, round)| {
        let bytes = mutation(&seeds[k].1, k, round);
        let what = format!("{} round {round}", seeds[k].0);
        let (t, took) = run(&renderer, &what, &bytes);
        let first = match &t {
            Trial::Rendered => String::new(),
            Trial::Rejected(d) => d[0].message.chars().take(40).collect(),
        };
        (matches!(t, Trial::Rendered), took, first)
    });
    let ok = results.iter().filter(|r| r.0).count();
    let slowest = results.iter().map(|r| r.1).max().unwrap_or_default();
    let kinds: std::collections::BTreeSet<&str> = results
        .iter()
        .filter(|r| !r.0)
        .map(|r| r.2.as_str())
        .collect();
    eprintln!(
        "{} mutations in {:.1} s: {ok} rendered, {} rejected ({} kinds of first message); slowest {:.2} s",
        results.len(),
        start.elapsed().as_secs_f64(),
        results.len() - ok,
        kinds.len(),
        slowest.as_secs_f64()
    );
    assert!(results.len() >= 10_000);
    assert!(
        ok > 500 && results.len() - ok > 2000,
        "mutations should both pass and fail: {ok} ok"
    );
    assert!(
        slowest < Duration::from_secs(20),
        "a mutation took {slowest:?}"
    );
    write_corpus(&seeds, &jobs, &results);
}

/// With `VANBAN_NEW_CORPUS=<dir>`, keep one small input per kind of first
/// message (and some accepted ones) as a fuzz corpus: how
/// `fuzz/corpus/render_both/` was seeded.
fn write_corpus(
    seeds: &[(String, String)],
    jobs: &[(usize, usize)],
    results: &[(bool, Duration, String)],
) {
    let Some(dir) = std::env::var_os("VANBAN_NEW_CORPUS") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut accepted = 0;
    for (&(k, round), (ok, _, first)) in jobs.iter().zip(results) {
        let bytes = mutation(&seeds[k].1, k, round);
        if bytes.len() > 12 * 1024 {
            continue;
        }
        // One per kind of message: its first two words.
        let kind: Vec<&str> = first.split_whitespace().take(2).collect();
        let keep = if *ok {
            accepted += 1;
            accepted % 400 == 1
        } else {
            seen.insert(kind.join(" "))
        };
        if keep {
            let stem = seeds[k].0.trim_end_matches(".yaml");
            std::fs::write(dir.join(format!("{stem}-{round}.yaml")), bytes).unwrap();
        }
    }
}

/// The fuzz corpus, replayed on stable in every test run.
#[test]
fn the_fuzz_corpus_keeps_every_promise() {
    let renderer = Renderer::new(&FontOptions::default()).unwrap();
    let dir = root().join("fuzz/corpus/render_both");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 20,
        "{} inputs in {}",
        files.len(),
        dir.display()
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        run(&renderer, &f.display().to_string(), &bytes);
    }
}

/// 200 mutations through the real binary: exit 0 or 2 within a time
/// limit, no panic, nothing written on 2.
#[test]
fn the_binary_exits_0_or_2_and_writes_nothing_on_2() {
    let seeds = seeds();
    let rounds: Vec<usize> = (0..200).collect();
    vanban::engine::parallel(&rounds, |&round| {
        let k = round % seeds.len();
        let dir = tempfile::tempdir().unwrap();
        let bytes = mutation(&seeds[k].1, k + 100, round);
        std::fs::write(dir.path().join("m.yaml"), &bytes).unwrap();
        for cmd in ["check", "render"] {
            let start = Instant::now();
            let o = vanban(
                dir.path(),
                &[
                    cmd,
                    "m.yaml",
                    "--format",
                    if cmd == "check" { "human" } else { "pdf,docx" },
                ],
            );
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "round {round} {cmd}: too slow"
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
    });
}
