//! `vanban edit`'s HTTP API against the real binary on a free port: the
//! preview of every sample (the same pages as the PDF), located marks,
//! atomic saves, recovery, disk changes, downloads, and every refusal
//! (token, Host, Origin, paths, sizes, malformed requests) with the server
//! still answering afterwards.

mod common;
mod edit_server;

use std::collections::BTreeSet;
use std::path::Path;

use common::{root, tokens, SAMPLE};
use edit_server::{raw_request, request, sample_copy, Server};

/// The document samples (not the progress file).
fn samples() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| {
            !std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .any(|l| l.starts_with("tien_do:"))
        })
        .collect();
    v.sort();
    v
}

fn seed_text() -> String {
    std::fs::read_to_string(root().join(SAMPLE)).unwrap()
}

fn file_name(p: &Path) -> &str {
    p.file_name().unwrap().to_str().unwrap()
}

#[test]
fn every_sample_previews_as_the_pages_of_its_pdf() {
    let (dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    for sample in samples() {
        let name = file_name(&sample);
        let text = std::fs::read_to_string(&sample).unwrap();
        let v = server.preview(&text);
        assert_eq!(v["rendered"], true, "{name}: {v}");
        let errors: Vec<_> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(v["ms"].as_f64().unwrap() >= 0.0);
        let pages = v["pages"].as_array().unwrap();
        assert!(!pages.is_empty(), "{name}");
        // The PDF `render` writes: same page count, same text on each page.
        let out = dir.path().join("pdf");
        std::fs::create_dir_all(&out).unwrap();
        let o = common::vanban(
            &root(),
            &[
                "render",
                sample.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--format",
                "pdf",
                "--no-system-fonts",
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let pdf = out.join(name.replace(".yaml", ".pdf"));
        let info = common::stdout(&common::tool("pdfinfo", &[pdf.to_str().unwrap()]));
        let count: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(pages.len(), count, "{name}: page count");
        assert_eq!(v["page_count"].as_u64().unwrap() as usize, count);
        for (i, page) in pages.iter().enumerate() {
            let svg = page["svg"].as_str().unwrap();
            assert!(svg.starts_with("<svg"), "{name} page {}", i + 1);
            assert_eq!(page["hash"].as_str().unwrap().len(), 32);
            let shown: BTreeSet<String> =
                tokens(page["text"].as_str().unwrap()).into_iter().collect();
            let n = (i + 1) as u32;
            let printed: BTreeSet<String> = tokens(&common::pdf_text(&pdf, Some((n, n))))
                .into_iter()
                .collect();
            assert_eq!(shown, printed, "{name} page {n}: preview text ≠ PDF text");
        }
    }
}

#[test]
fn unchanged_pages_are_sent_by_hash_only() {
    let (_dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let text = seed_text();
    let first = server.preview(&text);
    let hashes: Vec<String> = first["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hash"].as_str().unwrap().to_string())
        .collect();
    // One character in the body: one page changes, the others are known.
    let edited = text.replacen("Tổ chức rà soát", "Tổ chức rà soátx", 1);
    let body = serde_json::json!({ "text": edited, "have": hashes }).to_string();
    let v = server
        .call("POST", "/api/preview", "application/json", body.as_bytes())
        .json();
    let pages = v["pages"].as_array().unwrap();
    assert_eq!(pages.len(), hashes.len());
    let sent: Vec<bool> = pages.iter().map(|p| p.get("svg").is_some()).collect();
    assert_eq!(
        sent.iter().filter(|s| **s).count(),
        1,
        "only the edited page is sent again: {sent:?}"
    );
    for (p, old) in pages.iter().zip(&hashes) {
        assert_eq!(p.get("svg").is_none(), p["hash"] == old.as_str());
    }
    // The YAML as the body itself (text/yaml) works too.
    let r = server.call("POST", "/api/preview", "text/yaml", text.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["rendered"], true);
}

#[test]
fn a_bad_key_is_marked_at_its_line_and_the_last_pages_are_kept() {
    let (_dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let text = seed_text();
    let line = text.lines().position(|l| l == "kinh_gui:").unwrap() + 1;
    let bad = text.replacen("kinh_gui:", "kính_gửi:", 1);
    let v = server.preview(&bad);
    assert_eq!(v["rendered"], false);
    assert_eq!(v["pages"].as_array().unwrap().len(), 0);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], line);
    assert_eq!(d["column"], 1);
    let msg = d["message"].as_str().unwrap();
    assert!(msg.contains("kính_gửi"), "{msg}");
    assert!(
        d["hints"].to_string().contains("kinh_gui"),
        "did-you-mean hint: {d}"
    );
    // An ND30 rule error leaves a valid document: its pages still show.
    let rule = text.replacen("thu_truong: Chủ tịch", "thu_truong: Phó Chủ tịch", 1);
    assert_ne!(rule, text);
    let v = server.preview(&rule);
    assert_eq!(v["rendered"], true, "{v}");
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"ND30-KY-01"), "{codes:?}");
}

/// The editor says what `vanban check` says of the number when a register
/// lies beside the file (issue 15): a number the văn thư gave to another
/// file is marked at `so:`, and the page still shows.
#[test]
fn a_number_taken_in_the_register_is_marked_at_its_line() {
    let (dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let text = seed_text();
    let line = text.lines().position(|l| l.starts_with("so:")).unwrap() + 1;
    let server = Server::start(&file, &[]);
    let codes = |v: &serde_json::Value| -> Vec<(String, u64)> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| Some((d["code"].as_str()?.to_string(), d["line"].as_u64()?)))
            .collect()
    };
    // No register: no word on the number.
    let v = server.preview(&text);
    assert!(
        !codes(&v).iter().any(|(c, _)| c.starts_with("ND30-SO-0")),
        "{v}"
    );
    // The văn thư gives 1956 of 2024 to another file; the register is read
    // anew on the next preview.
    std::fs::write(
        dir.path().join("so-di-2024.csv"),
        "\u{feff}\"Số, ký hiệu văn bản\",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản,Người ký,Nơi nhận văn bản,\"Đơn vị, người nhận bản lưu\",Số lượng bản,Ngày chuyển,Ký nhận,Ghi chú,Độ mật,Tệp,SHA-256\n\
         1956/UBND-KTTH,18/04/2024,Công văn V/v khác,Phan Thế Tuấn,Sở Tài chính,VT,,,,,,khac.pdf,\n",
    )
    .unwrap();
    let v = server.preview(&text);
    assert_eq!(v["rendered"], true, "{v}");
    let found = codes(&v);
    assert!(
        found.contains(&("ND30-SO-03".to_string(), line as u64)),
        "{v}"
    );
}

#[test]
fn saves_are_atomic_and_never_overwrite_a_changed_file() {
    let (dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let load = server.call("GET", "/api/load", "", b"").json();
    assert_eq!(load["exists"], true);
    assert_eq!(load["text"].as_str().unwrap(), seed_text());
    let mut base = load["hash"].as_str().unwrap().to_string();

    // Many saves of two texts while another thread reads the file: every
    // read is one whole text, never a mix or a truncation.
    let a = seed_text();
    let b = format!("{a}\n# {}\n", "đã sửa ".repeat(20_000));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (file, stop, a, b) = (file.clone(), stop.clone(), a.clone(), b.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let t = std::fs::read_to_string(&file).unwrap();
                assert!(
                    t == a || t == b,
                    "a read saw a partial file ({} bytes)",
                    t.len()
                );
                reads += 1;
            }
            reads
        })
    };
    #[cfg(unix)]
    let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    for i in 0..40 {
        let text = if i % 2 == 0 { &b } else { &a };
        #[cfg(unix)]
        let before = inode(&file);
        let body = serde_json::json!({ "text": text, "base": base }).to_string();
        let r = server.call("POST", "/api/save", "application/json", body.as_bytes());
        assert_eq!(r.status, 200, "{}", r.text());
        base = r.json()["hash"].as_str().unwrap().to_string();
        // Written beside and renamed over: a new file each time.
        #[cfg(unix)]
        assert_ne!(inode(&file), before);
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(reader.join().unwrap() > 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), a);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Another program changes the file: the disk check sees it, a save
    // from the old base is refused with the disk's text, a forced one goes.
    std::fs::write(&file, "loai: cong_van\n# sửa bằng chương trình khác\n").unwrap();
    let disk = server.call("GET", "/api/disk", "", b"").json();
    assert_ne!(disk["hash"].as_str().unwrap(), base);
    assert!(disk.get("text").is_none());
    let disk = server.call("GET", "/api/disk?text=1", "", b"").json();
    assert!(disk["text"].as_str().unwrap().contains("chương trình khác"));
    let body = serde_json::json!({ "text": a, "base": base }).to_string();
    let r = server.call("POST", "/api/save", "application/json", body.as_bytes());
    assert_eq!(r.status, 409);
    assert!(r.json()["text"]
        .as_str()
        .unwrap()
        .contains("chương trình khác"));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("chương trình khác"));
    let body = serde_json::json!({ "text": a, "base": base, "force": true }).to_string();
    let r = server.call("POST", "/api/save", "application/json", body.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), a);
    // Deleted behind the editor's back: also a conflict.
    std::fs::remove_file(&file).unwrap();
    let body = serde_json::json!({ "text": a, "base": r.json()["hash"] }).to_string();
    let r = server.call("POST", "/api/save", "application/json", body.as_bytes());
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["exists"], false);
    assert!(!file.exists());
}

#[test]
fn unsaved_text_survives_a_restart_in_the_recovery_file() {
    let (dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let recovery = dir.path().join(".cong-van-ccn-bac-giang.yaml.khoi-phuc");
    let edited = seed_text().replacen("Bắc Giang", "Bắc Giang (sửa)", 1);
    {
        let server = Server::start(&file, &[]);
        let body = serde_json::json!({ "text": edited }).to_string();
        let r = server.call("POST", "/api/recovery", "application/json", body.as_bytes());
        assert_eq!(r.status, 200);
        assert_eq!(std::fs::read_to_string(&recovery).unwrap(), edited);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), seed_text());
        let (status, _) = server.interrupt();
        assert!(status.success());
    }
    let server = Server::start(&file, &[]);
    let load = server.call("GET", "/api/load", "", b"").json();
    assert_eq!(load["text"].as_str().unwrap(), seed_text());
    assert_eq!(load["recovery"]["text"].as_str().unwrap(), edited);
    assert!(load["recovery"]["modified"].as_u64().unwrap() > 0);
    // Declined: gone. Written again, then saved: gone too.
    assert_eq!(server.call("DELETE", "/api/recovery", "", b"").status, 200);
    assert!(!recovery.exists());
    let body = serde_json::json!({ "text": edited }).to_string();
    server.call("POST", "/api/recovery", "application/json", body.as_bytes());
    assert!(recovery.exists());
    let base = load["hash"].as_str().unwrap();
    let body = serde_json::json!({ "text": edited, "base": base }).to_string();
    assert_eq!(
        server
            .call("POST", "/api/save", "application/json", body.as_bytes())
            .status,
        200
    );
    assert!(!recovery.exists());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
}

#[test]
fn a_new_file_starts_from_the_skeleton_and_is_written_only_on_save() {
    let dir = common::tempfile::tempdir().unwrap();
    let file = dir.path().join("quyet-dinh-moi.yaml");
    let server = Server::start(&file, &["--loai", "quyet_dinh"]);
    let load = server.call("GET", "/api/load", "", b"").json();
    assert_eq!(load["exists"], false);
    assert_eq!(load["kind"], "quyet_dinh");
    let text = load["text"].as_str().unwrap().to_string();
    assert!(text.contains("loai: quyet_dinh"));
    assert!(!file.exists());
    let v = server.preview(&text);
    assert_eq!(v["rendered"], true, "the skeleton renders as a draft: {v}");
    let body = serde_json::json!({ "text": text, "base": null }).to_string();
    let r = server.call("POST", "/api/save", "application/json", body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    drop(server);

    // Without --loai the page asks; the skeleton of any kind is there.
    let other = dir.path().join("chua-co.yaml");
    let server = Server::start(&other, &[]);
    let load = server.call("GET", "/api/load", "", b"").json();
    assert!(load["text"].is_null());
    let s = server
        .call("GET", "/api/skeleton?loai=giay_moi", "", b"")
        .json();
    assert!(s["text"].as_str().unwrap().contains("loai: giay_moi"));
    let r = server.call("GET", "/api/skeleton?loai=cong_vann", "", b"");
    assert_eq!(r.status, 400);
    assert!(!other.exists());
}

#[test]
fn downloads_are_the_files_render_writes() {
    let (dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let text = seed_text().replacen(
        "trich_yeu: tăng cường quản lý",
        "trich_yeu: tăng cường kiểm tra, quản lý",
        1,
    );
    let r = server.call(
        "POST",
        "/api/download?format=pdf",
        "text/yaml",
        text.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("application/pdf"));
    assert!(r
        .header("Content-Disposition")
        .unwrap()
        .contains("cong-van-ccn-bac-giang.pdf"));
    assert!(r.body.starts_with(b"%PDF"));
    let pdf = dir.path().join("tai.pdf");
    std::fs::write(&pdf, &r.body).unwrap();
    let words = common::squash(&common::pdf_text(&pdf, Some((1, 1))));
    assert!(words.contains("tăng cường kiểm tra, quản lý"), "{words}");
    // Byte-identical to what `vanban render` writes for the same YAML.
    let same = dir.path().join("same.yaml");
    std::fs::write(&same, &text).unwrap();
    let o = common::vanban(
        dir.path(),
        &[
            "render",
            "same.yaml",
            "--format",
            "pdf",
            "--no-system-fonts",
        ],
    );
    assert!(o.status.success());
    assert_eq!(std::fs::read(dir.path().join("same.pdf")).unwrap(), r.body);

    let r = server.call(
        "POST",
        "/api/download?format=docx",
        "text/yaml",
        text.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"PK"));
    assert!(r.header("Content-Disposition").unwrap().contains(".docx"));
    let r = server.call(
        "POST",
        "/api/download?format=pdfa",
        "text/yaml",
        text.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert!(
        r.body.windows(7).any(|w| w == b"pdfaid:"),
        "PDF/A identification"
    );
    // A draft (no day) has no PDF/A; a plain PDF of it is fine.
    let draft = text.replacen("ngay: 2024-04-19", "ngay: 2024-04", 1);
    let r = server.call(
        "POST",
        "/api/download?format=pdfa",
        "text/yaml",
        draft.as_bytes(),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["diagnostics"][0]["field"], "ngay");
    let r = server.call(
        "POST",
        "/api/download?format=pdf",
        "text/yaml",
        draft.as_bytes(),
    );
    assert_eq!(r.status, 200);
    // A document with errors is not downloaded; the errors say why.
    let bad = text.replacen("kinh_gui:", "kính_gửi:", 1);
    let r = server.call(
        "POST",
        "/api/download?format=pdf",
        "text/yaml",
        bad.as_bytes(),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["diagnostics"][0]["severity"], "error");
    let r = server.call(
        "POST",
        "/api/download?format=exe",
        "text/yaml",
        text.as_bytes(),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn requests_without_the_token_or_from_elsewhere_are_refused() {
    let (_dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let host = server.host();
    let origin = format!("http://127.0.0.1:{}", server.port);
    let token = server.token.clone();
    let get =
        |path: &str, headers: &[(&str, &str)]| request(server.port, "GET", path, headers, b"");
    // The token: header or query parameter, nothing else.
    assert_eq!(get("/api/load", &[("Host", &host)]).status, 401);
    assert_eq!(
        get("/api/load", &[("Host", &host), ("X-Vanban-Token", "0000")]).status,
        401
    );
    let wrong = format!("{}0", &token[..token.len() - 1]);
    assert_eq!(
        get("/api/load", &[("Host", &host), ("X-Vanban-Token", &wrong)]).status,
        401
    );
    assert_eq!(
        get(&format!("/api/load?token={token}"), &[("Host", &host)]).status,
        200
    );
    assert_eq!(
        get("/api/load", &[("Host", &host), ("X-Vanban-Token", &token)]).status,
        200
    );
    // Host: only this server's name (DNS rebinding sends the attacker's).
    for bad in [
        "evil.example",
        "evil.example:80",
        &format!("evil.example:{}", server.port),
        &format!("127.0.0.1:{}", server.port + 1),
        "127.0.0.1",
    ] {
        let r = get("/api/load", &[("Host", bad), ("X-Vanban-Token", &token)]);
        assert_eq!(r.status, 403, "Host {bad}");
    }
    assert_eq!(
        get(
            "/api/load",
            &[
                ("Host", &format!("localhost:{}", server.port)),
                ("X-Vanban-Token", &token)
            ]
        )
        .status,
        200
    );
    assert_eq!(get("/", &[("Host", "evil.example")]).status, 403);
    let r = raw_request(
        server.port,
        format!("GET /api/load?token={token} HTTP/1.1\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(r.status, 400, "no Host");
    // Origin: only the page itself (a cross-site page cannot drive it).
    for bad in [
        "http://evil.example",
        "null",
        &format!("http://127.0.0.1:{}", server.port + 1),
        &format!("https://127.0.0.1:{}", server.port),
    ] {
        let r = request(
            server.port,
            "POST",
            "/api/save",
            &[("Host", &host), ("X-Vanban-Token", &token), ("Origin", bad)],
            br#"{"text":"x","force":true}"#,
        );
        assert_eq!(r.status, 403, "Origin {bad}");
    }
    let r = get(
        "/api/load",
        &[
            ("Host", &host),
            ("X-Vanban-Token", &token),
            ("Origin", &origin),
        ],
    );
    assert_eq!(r.status, 200);
    let r = get(
        "/api/load",
        &[
            ("Host", &host),
            ("X-Vanban-Token", &token),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(r.status, 403);
    // Nothing was written by the refused requests.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), seed_text());
    // The page is served with a strict policy, and no API data in it.
    let page = get("/", &[("Host", &host)]);
    assert_eq!(page.status, 200);
    let csp = page.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert!(!page.text().contains("noi_dung"));
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
}

#[test]
fn paths_reach_nothing_but_the_opened_file() {
    let (dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    // A secret beside and above the document's folder.
    std::fs::write(dir.path().join("bi-mat.txt"), "BÍ MẬT").unwrap();
    let server = Server::start(&file, &[]);
    let host = server.host();
    let token = server.token.clone();
    for path in [
        "/../../etc/passwd",
        "/assets/../../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/bi-mat.txt",
        "/cong-van-ccn-bac-giang.yaml",
        "/api/../bi-mat.txt",
        "/api/file",
        "//etc/passwd",
    ] {
        let r = request(
            server.port,
            "GET",
            path,
            &[("Host", &host), ("X-Vanban-Token", &token)],
            b"",
        );
        assert!(matches!(r.status, 400 | 404), "{path}: {}", r.status);
        assert!(!r.text().contains("BÍ MẬT") && !r.text().contains("root:"));
    }
    // A path parameter is refused, not ignored.
    for q in ["path=/etc/passwd", "file=../bi-mat.txt"] {
        let r = server.call("GET", &format!("/api/load?{q}"), "", b"");
        assert_eq!(r.status, 400, "{q}");
    }
    // Absolute-form targets are refused.
    let r = raw_request(
        server.port,
        format!("GET http://evil.example/api/load HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(r.status, 400);
    // Images: only inside the document's folder; a link out is refused.
    let text = seed_text();
    let with_image = |path: &str| {
        text.replacen(
            "phan_cong:",
            &format!("noi_dung:\n  - hinh: {path}\n\nphan_cong:"),
            1,
        )
    };
    for bad in ["../bi-mat.png", "/etc/passwd.png", "hinh/../../x.png"] {
        let v = server.preview(&with_image(bad));
        assert_eq!(v["rendered"], false, "{bad}");
        assert!(v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("thư mục"));
    }
    #[cfg(unix)]
    {
        let outside = common::tempfile::tempdir().unwrap();
        let png = root().join("samples/hinh/ty-le-lap-day.png");
        std::fs::copy(&png, outside.path().join("x.png")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.png"),
            dir.path().join("hinh/lien-ket.png"),
        )
        .unwrap();
        let v = server.preview(&with_image("hinh/lien-ket.png"));
        assert_eq!(v["rendered"], false);
        assert!(v["diagnostics"]
            .to_string()
            .contains("nằm ngoài thư mục của văn bản"));
        let v = server.preview(&with_image("hinh/ty-le-lap-day.png"));
        assert_eq!(v["rendered"], true, "{v}");
    }
}

#[test]
fn oversized_and_malformed_requests_get_4xx_and_the_server_goes_on() {
    let (_dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let host = server.host();
    let token = server.token.clone();
    let alive = || {
        let r = server.call("GET", "/api/disk", "", b"");
        assert_eq!(r.status, 200, "still answering");
    };
    // 10 MB of YAML: refused from its Content-Length, before reading it.
    let big = format!("trich_yeu: {}\n", "a".repeat(10 * 1024 * 1024));
    let start = std::time::Instant::now();
    let r = server.call("POST", "/api/preview", "text/yaml", big.as_bytes());
    assert_eq!(r.status, 413);
    assert!(r.json()["error"].as_str().unwrap().contains("2 MB"));
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    alive();
    // Just over the limit: refused; at the limit's edge, the body is read.
    let over = vec![b'a'; 2 * 1024 * 1024 + 1];
    assert_eq!(
        server
            .call("POST", "/api/recovery", "application/json", &over)
            .status,
        413
    );
    alive();
    // A lying Content-Length (more than is sent) does not hang the server.
    let r = raw_request(
        server.port,
        format!("POST /api/preview HTTP/1.1\r\nHost: {host}\r\nX-Vanban-Token: {token}\r\nContent-Length: 99999999999\r\n\r\nabc").as_bytes(),
    );
    assert_eq!(r.status, 413);
    alive();
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (b"garbage\r\n\r\n".to_vec(), 400),
        (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(), 505),
        (b"get / HTTP/1.1\r\n\r\n".to_vec(), 400),
        (format!("GET / HTTP/1.1\r\nHost: {host}\r\nBad Header\r\n\r\n").into_bytes(), 400),
        (
            format!("POST /api/preview HTTP/1.1\r\nHost: {host}\r\nX-Vanban-Token: {token}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").into_bytes(),
            411,
        ),
        (
            format!("POST /api/preview HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab").into_bytes(),
            400,
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nX: {}\r\n\r\n", "y".repeat(20_000)).into_bytes(),
            431,
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n{}\r\n", "A: b\r\n".repeat(100)).into_bytes(),
            431,
        ),
        (format!("GET /?a=%zz HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes(), 400),
    ];
    for (raw, want) in cases {
        let r = raw_request(server.port, &raw);
        assert_eq!(
            r.status,
            want,
            "{}",
            String::from_utf8_lossy(&raw[..raw.len().min(80)])
        );
        alive();
    }
    // Bad bodies of good requests.
    for (path, ct, body, want) in [
        ("/api/preview", "application/json", &b"{not json"[..], 400),
        (
            "/api/preview",
            "application/json",
            &br#"{"text": 5}"#[..],
            400,
        ),
        ("/api/preview", "text/yaml", &b"\xff\xfe"[..], 400),
        ("/api/save", "application/json", &b"[]"[..], 400),
        ("/api/load", "", &b""[..], 200),
    ] {
        let method = if path == "/api/load" { "GET" } else { "POST" };
        assert_eq!(
            server.call(method, path, ct, body).status,
            want,
            "{path} {body:?}"
        );
    }
    assert_eq!(server.call("PUT", "/api/save", "", b"").status, 405);
    assert_eq!(server.call("GET", "/api/nothing", "", b"").status, 404);
    // YAML that is not a document: a 200 with the located error.
    for text in ["", "[[[", "loai: 5\n", ":\n  - - -", "\u{feff}", "a: *x"] {
        let v = server.preview(text);
        assert_eq!(v["rendered"], false, "{text:?}");
        assert!(!v["diagnostics"].as_array().unwrap().is_empty());
    }
    // A client that connects and says nothing is not waited for forever by
    // the others.
    let _idle = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    alive();
}

#[test]
fn two_hundred_concurrent_previews_all_succeed() {
    let (_dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    let text = seed_text();
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let (port, token) = (server.port, server.token.clone());
            let text = text.replacen("Tổ chức rà soát", &format!("Tổ chức rà soát {}", i % 7), 1);
            std::thread::spawn(move || {
                let body = serde_json::json!({ "text": text }).to_string();
                let host = format!("127.0.0.1:{port}");
                let r = request(
                    port,
                    "POST",
                    "/api/preview",
                    &[
                        ("Host", &host),
                        ("X-Vanban-Token", &token),
                        ("Content-Type", "application/json"),
                    ],
                    body.as_bytes(),
                );
                (r.status, r.json()["rendered"] == true)
            })
        })
        .collect();
    let results: Vec<(u16, bool)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let failed: Vec<_> = results.iter().filter(|(s, ok)| *s != 200 || !ok).collect();
    assert!(
        failed.is_empty(),
        "{} of 200 failed: {failed:?}",
        failed.len()
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let (_dir, file) = sample_copy(file_name(Path::new(SAMPLE)));
    let server = Server::start(&file, &[]);
    assert_eq!(server.call("GET", "/api/disk", "", b"").status, 200);
    let port = server.port;
    let (status, err) = server.interrupt();
    assert!(status.success(), "exit status {status:?}; {err}");
    assert!(err.contains("đã dừng"), "{err}");
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_command_line_refuses_what_it_cannot_edit() {
    let dir = common::tempfile::tempdir().unwrap();
    let o = common::vanban(dir.path(), &["edit", "ghi-chu.txt", "--no-browser"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(".yaml"));
    let o = common::vanban(
        dir.path(),
        &["soan", "moi.yaml", "--loai", "quyet_dinhh", "--no-browser"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("quyet_dinh"), "{err}");
    let o = common::vanban(dir.path(), &["edit", "khong-co/moi.yaml", "--no-browser"]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(dir.path().join("latin1.yaml"), b"trich_yeu: \xe9\n").unwrap();
    let o = common::vanban(dir.path(), &["edit", "latin1.yaml", "--no-browser"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("UTF-8"));
    let o = common::vanban(dir.path(), &["edit", "--help"]);
    assert!(common::stdout(&o).contains("--no-browser"));
}

/// The Insert menu's snippets (editor/src/snippets.json), inserted into the
/// skeleton of each kind they are offered for, leave a document without
/// errors.
#[test]
fn every_insert_snippet_loads_in_the_kinds_it_is_offered_for() {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editor/src/snippets.json")).unwrap(),
    )
    .unwrap();
    let han = "2099-12-31";
    for s in json["snippets"].as_array().unwrap() {
        let text = s["text"]
            .as_str()
            .unwrap()
            .replace(['«', '»'], "")
            .replace("{{han}}", han);
        let kinds: Vec<&str> = s["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        let targets: Vec<&str> = if kinds.contains(&"*") {
            vanban::model::KINDS.iter().map(|k| k.key).collect()
        } else if kinds.is_empty() {
            vec!["cong_van"]
        } else {
            kinds
        };
        for kind in targets {
            let skeleton = vanban::model::skeleton::skeleton(
                vanban::model::Kind::parse(kind).unwrap(),
                2099,
                1,
            );
            let doc = insert(&skeleton, s["where"].as_str().unwrap(), &text);
            let src = vanban::format::load::SourceFile::from_text("x.yaml", &doc);
            let opts = vanban::rules::CheckOptions {
                today: chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap(),
                ..Default::default()
            };
            if let Err(errs) = vanban::load_checked(&src, &opts) {
                let errs: Vec<String> = errs
                    .iter()
                    .filter(|d| d.severity == vanban::diag::Severity::Error)
                    .map(|d| d.to_string())
                    .collect();
                assert!(
                    errs.is_empty(),
                    "snippet {} in {kind}:\n{}\n{doc}",
                    s["id"],
                    errs.join("\n")
                );
            }
        }
    }
}

/// Append a list item to a top-level list (the editor's rule when the
/// cursor is not in a list), creating the list before `nguoi_ky` or at the
/// end.
fn insert(doc: &str, target: &str, item: &str) -> String {
    let key = if target == "body" { "noi_dung" } else { target };
    let item: String = item.lines().map(|l| format!("  {l}\n")).collect();
    let lines: Vec<&str> = doc.lines().collect();
    if let Some(start) = lines.iter().position(|l| *l == format!("{key}:")) {
        let end = lines[start + 1..]
            .iter()
            .position(|l| !l.is_empty() && !l.starts_with(' ') && !l.starts_with('#'))
            .map_or(lines.len(), |p| start + 1 + p);
        let mut last = end;
        while last > start + 1 && lines[last - 1].trim().is_empty() {
            last -= 1;
        }
        let mut out: Vec<String> = lines[..last].iter().map(|l| format!("{l}\n")).collect();
        out.push(item);
        out.extend(lines[last..].iter().map(|l| format!("{l}\n")));
        return out.concat();
    }
    let at = if key == "phu_luc" || key == "noi_nhan" {
        None
    } else {
        lines.iter().position(|l| l.starts_with("nguoi_ky:"))
    };
    match at {
        Some(at) => {
            let mut out: Vec<String> = lines[..at].iter().map(|l| format!("{l}\n")).collect();
            out.push(format!("{key}:\n{item}\n"));
            out.extend(lines[at..].iter().map(|l| format!("{l}\n")));
            out.concat()
        }
        None => format!("{}\n{key}:\n{item}", doc.trim_end()),
    }
}
