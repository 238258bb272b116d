//! `vanban edit` in a real browser: Debian's headless Chromium, driven by
//! chromedriver through Selenium (tests/edit_browser.py). scripts/test.sh
//! installs chromium, chromium-driver and selenium. Set
//! `VANBAN_SCREENSHOT=docs/edit.png` to keep the screenshot it takes.

mod common;
mod edit_server;

use std::process::Command;

use edit_server::{sample_copy, Server};

#[test]
fn the_editor_in_a_browser() {
    for (tool, fix) in [
        ("/usr/bin/chromium", "apt-get install chromium"),
        ("/usr/bin/chromedriver", "apt-get install chromium-driver"),
    ] {
        assert!(
            std::path::Path::new(tool).exists(),
            "{tool} is needed by this test: run scripts/test.sh (or {fix})"
        );
    }
    let selenium = Command::new("python3")
        .args(["-c", "import selenium"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        selenium,
        "Selenium is needed by this test: run scripts/test.sh (or pip install selenium)"
    );

    let (dir, file) = sample_copy("cong-van-ccn-bac-giang.yaml");
    let server = Server::start(&file, &[]);
    let shot = dir.path().join("edit.png");
    let out = Command::new("python3")
        .arg(common::root().join("tests/edit_browser.py"))
        .arg(&server.url)
        .arg(dir.path())
        .arg(&shot)
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("\nOK"),
        "browser test failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "a screenshot"
    );
    if let Ok(keep) = std::env::var("VANBAN_SCREENSHOT") {
        std::fs::write(common::root().join(keep), &png).unwrap();
    }
}
