//! A newcomer's set-up: `cargo run --release` then `scripts/test.sh` build
//! the dependencies once. Checked on the files that decide it.

mod common;

use common::*;

/// The scripts use cargo's default target directory unless the user sets
/// `CARGO_TARGET_DIR`: forcing another one compiled typst a second time.
#[test]
fn scripts_keep_cargos_default_target_dir() {
    for script in ["scripts/test.sh", ".ci/run", "scripts/bench.sh"] {
        let text = std::fs::read_to_string(root().join(script)).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            assert!(
                !line.contains("CARGO_TARGET_DIR=") && !line.contains("--target-dir"),
                "{script} chooses a target directory: {line}"
            );
        }
    }
    let test = std::fs::read_to_string(root().join("scripts/test.sh")).unwrap();
    assert!(
        test.contains("cargo test --release"),
        "same profile as `cargo build --release`"
    );
}

/// `cargo test` builds dependencies with the features `cargo build` uses:
/// a dev-dependency (tempfile) switched on bitflags' `std` and so rebuilt
/// typst, krilla, usvg and image for the tests.
#[test]
fn no_dev_dependency_changes_the_dependency_build() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let dev = manifest
        .lines()
        .skip_while(|l| l.trim() != "[dev-dependencies]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>();
    assert!(dev.is_empty(), "dev-dependencies: {dev:?}");
    assert!(
        !manifest.contains("[features]"),
        "features would split builds"
    );
}
