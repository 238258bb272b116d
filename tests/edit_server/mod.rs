//! A `vanban edit` server for the tests: the real binary on a free port,
//! its URL read from its first stdout line, and a plain HTTP client on
//! `std::net` (the tests have no dependencies).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `vanban edit`; stopped when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub token: String,
    pub url: String,
    /// What it printed on stderr after the URL (read when stopped).
    stderr: Option<std::process::ChildStderr>,
}

impl Server {
    /// `vanban edit FILE --no-browser --port 0 --no-system-fonts EXTRA…`.
    pub fn start(file: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("edit")
            .arg(file)
            .args(["--no-browser", "--port", "0", "--no-system-fonts"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start vanban edit");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.contains("/?token="),
            "first stdout line is the URL: {url:?}"
        );
        let port = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let token = url.split("token=").nth(1).unwrap().to_string();
        let stderr = child.stderr.take();
        Server {
            child,
            port,
            token,
            url,
            stderr,
        }
    }

    /// Host header value this server accepts.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A request with the right Host and token.
    pub fn call(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
        let host = self.host();
        let mut headers = vec![("Host", host.as_str()), ("X-Vanban-Token", &self.token)];
        if !content_type.is_empty() {
            headers.push(("Content-Type", content_type));
        }
        request(self.port, method, path, &headers, body)
    }

    /// `POST /api/preview` with `{text, have}`.
    pub fn preview(&self, text: &str) -> serde_json::Value {
        let body = serde_json::json!({ "text": text }).to_string();
        let r = self.call("POST", "/api/preview", "application/json", body.as_bytes());
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }

    /// Stop with SIGINT (Ctrl+C) and wait; the exit status and stderr.
    pub fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "vanban edit did not stop on Ctrl+C"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        if let Some(mut e) = self.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        (status, err)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("JSON answer ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Send one request (`Connection: close`) and read the answer.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut raw = head.into_bytes();
    raw.extend_from_slice(body);
    raw_request(port, &raw)
}

/// Send raw bytes, read the answer to the end (the server may answer
/// before reading everything; a write error is then ignored).
pub fn raw_request(port: u16, raw: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    parse_reply(&out)
}

pub fn parse_reply(out: &[u8]) -> Reply {
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(out)));
    let head = String::from_utf8_lossy(&out[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect::<Vec<_>>();
    let mut body = out[split + 4..].to_vec();
    if let Some(len) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(len);
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// A temp folder holding a copy of a sample (and the samples' images).
pub fn sample_copy(name: &str) -> (super::common::tempfile::TempDir, PathBuf) {
    let root = super::common::root();
    let dir = super::common::tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::copy(root.join("samples").join(name), &file).unwrap();
    let hinh = dir.path().join("hinh");
    std::fs::create_dir(&hinh).unwrap();
    for e in std::fs::read_dir(root.join("samples/hinh")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), hinh.join(e.file_name())).unwrap();
    }
    (dir, file)
}
