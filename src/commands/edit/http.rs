//! A small HTTP/1.1 server on `std::net`, enough for one editor page on the
//! clerk's own machine, and strict about what it accepts.
//!
//! Why not a server crate: the editor needs exact control of every limit
//! — the body size is refused from `Content-Length` before a byte of the
//! body is read, a refused body is drained so the client reads the 413,
//! headers are bounded, slow or idle connections time out, and the number
//! of connections is capped — and a few hundred lines of std do that with
//! no new dependency (the project keeps its tree small; see Cargo.toml).
//!
//! One thread per connection (a local editor has a handful), keep-alive,
//! `Content-Length` bodies only (a chunked request gets 411). A handler
//! that panics answers 500 and the server goes on.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The largest request body: 2 MB (a long quy chế is about 300 KB).
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// The largest request head (request line and headers).
const MAX_HEAD: u64 = 16 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// The most connections served at once; more get 503.
const MAX_CONNECTIONS: usize = 512;
/// How long a connection may stay idle, or a request take to arrive.
const IDLE: Duration = Duration::from_secs(30);
/// How much of a refused body is read and dropped so that the client sees
/// the answer (closing with unread data would reset the connection).
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;

/// One request, read in full.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The path, without the query; not decoded (routes are exact).
    pub path: String,
    /// Query parameters, percent-decoded.
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON answer.
    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response {
            status,
            content_type: "application/json; charset=utf-8",
            headers: Vec::new(),
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// A JSON error: `{ "error": message }`.
    pub fn error(status: u16, message: &str) -> Response {
        Response::json(status, &serde_json::json!({ "error": message }))
    }

    /// Bytes of a given type.
    pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }

    /// Add a header.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Why a request could not be read: answered with this status, then the
/// connection is closed.
#[derive(Debug)]
struct Refusal {
    status: u16,
    message: &'static str,
    /// Body bytes announced but not read, to drain before closing.
    unread: u64,
}

fn refuse(status: u16, message: &'static str) -> Refusal {
    Refusal {
        status,
        message,
        unread: 0,
    }
}

/// Serve `listener` until it is shut down (Ctrl+C shuts it down); every
/// request goes to `handle`.
pub fn serve(listener: &TcpListener, handle: Arc<dyn Fn(&Request) -> Response + Send + Sync>) {
    let live = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            // Shut down (Ctrl+C): stop. Anything else (a client that
            // vanished before accept, too many open files): go on.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput || stopping() => break,
            Err(_) => {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if live.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            live.fetch_sub(1, Ordering::SeqCst);
            let mut s = stream;
            let _ = write_response(
                &mut s,
                &Response::error(503, "máy chủ đang bận, thử lại sau"),
                true,
            );
            continue;
        }
        let handle = Arc::clone(&handle);
        let live2 = Arc::clone(&live);
        let spawned = std::thread::Builder::new()
            .name("vanban-edit-conn".into())
            .spawn(move || {
                connection(stream, &*handle);
                live2.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            live.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Whether the server was asked to stop.
fn stopping() -> bool {
    super::signal::stop_requested()
}

/// Serve the requests of one connection, in order, until it closes.
fn connection(stream: TcpStream, handle: &(dyn Fn(&Request) -> Response + Sync)) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        match read_request(&mut reader) {
            Ok(None) => return,
            Ok(Some((req, keep_alive))) => {
                let response =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&req)))
                        .unwrap_or_else(|_| Response::error(500, "lỗi nội bộ của vanban"));
                if write_response(&mut writer, &response, !keep_alive).is_err() || !keep_alive {
                    let _ = writer.shutdown(Shutdown::Both);
                    return;
                }
            }
            Err(r) => {
                let _ = write_response(&mut writer, &Response::error(r.status, r.message), true);
                // Let the client read the answer: stop writing, then drop
                // what it still sends (bounded), then close.
                let _ = writer.shutdown(Shutdown::Write);
                let _ = reader
                    .get_mut()
                    .set_read_timeout(Some(Duration::from_secs(2)));
                let _ = std::io::copy(
                    &mut reader.by_ref().take(r.unread.clamp(64 * 1024, DRAIN_LIMIT)),
                    &mut std::io::sink(),
                );
                return;
            }
        }
    }
}

/// Read one request; `None` when the client closed the connection between
/// requests. Returns whether to keep the connection open after answering.
fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<(Request, bool)>, Refusal> {
    // Idle between two requests, or closed: end quietly.
    match reader.fill_buf() {
        Ok([]) | Err(_) => return Ok(None),
        Ok(_) => {}
    }
    let mut head = Head {
        left: MAX_HEAD,
        until: std::time::Instant::now() + IDLE,
    };
    let mut line = Vec::new();
    // The request line (blank lines before it are allowed, RFC 9112 2.2).
    loop {
        line.clear();
        let n = read_line(reader, &mut line, &mut head)?;
        if n == 0 {
            return Ok(None);
        }
        if !trim_eol(&line).is_empty() {
            break;
        }
    }
    let request_line = std::str::from_utf8(trim_eol(&line))
        .map_err(|_| refuse(400, "dòng yêu cầu không hợp lệ"))?
        .to_string();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse(400, "dòng yêu cầu không hợp lệ"));
    };
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || method.is_empty() {
        return Err(refuse(400, "phương thức không hợp lệ"));
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(refuse(505, "chỉ hỗ trợ HTTP/1.1")),
    };
    // Origin-form only: "/path?query" (no absolute URL, no "*").
    if !target.starts_with('/') {
        return Err(refuse(400, "đường dẫn không hợp lệ"));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = parse_query(query).ok_or_else(|| refuse(400, "tham số không hợp lệ"))?;

    let mut headers = Vec::new();
    loop {
        line.clear();
        if read_line(reader, &mut line, &mut head)? == 0 {
            return Err(refuse(400, "yêu cầu bị cắt giữa chừng"));
        }
        let l = trim_eol(&line);
        if l.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err(refuse(431, "quá nhiều trường đầu (header)"));
        }
        let l = std::str::from_utf8(l).map_err(|_| refuse(400, "trường đầu không hợp lệ"))?;
        let (name, value) = l
            .split_once(':')
            .ok_or_else(|| refuse(400, "trường đầu không hợp lệ"))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(refuse(400, "trường đầu không hợp lệ"));
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    let header = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    if header("transfer-encoding").is_some() {
        return Err(refuse(411, "cần Content-Length (không nhận chunked)"));
    }
    let lengths: Vec<&str> = headers
        .iter()
        .filter(|(k, _)| k == "content-length")
        .map(|(_, v)| v.as_str())
        .collect();
    let length: u64 = match lengths.as_slice() {
        [] => 0,
        [one] => one
            .parse()
            .map_err(|_| refuse(400, "Content-Length không hợp lệ"))?,
        _ => return Err(refuse(400, "Content-Length lặp lại")),
    };
    if length > MAX_BODY as u64 {
        return Err(Refusal {
            status: 413,
            message: "nội dung gửi lên quá lớn (tối đa 2 MB)",
            unread: length,
        });
    }
    let mut body = vec![0; length as usize];
    reader
        .read_exact(&mut body)
        .map_err(|_| refuse(400, "nội dung bị cắt giữa chừng"))?;
    let connection = header("connection").unwrap_or("").to_ascii_lowercase();
    let keep_alive = if http11 {
        !connection.contains("close")
    } else {
        connection.contains("keep-alive")
    };
    Ok(Some((
        Request {
            method: method.to_string(),
            path: path.to_string(),
            query,
            headers,
            body,
        },
        keep_alive,
    )))
}

/// What is left for the head of a request: bytes, and time (a client that
/// sends its head a byte at a time does not hold a thread for long).
struct Head {
    left: u64,
    until: std::time::Instant,
}

/// Read one line of the head, counting it against the head's limits.
fn read_line(
    reader: &mut BufReader<TcpStream>,
    line: &mut Vec<u8>,
    head: &mut Head,
) -> Result<usize, Refusal> {
    if std::time::Instant::now() > head.until {
        return Err(refuse(408, "hết thời gian chờ yêu cầu"));
    }
    let n = reader
        .by_ref()
        .take(head.left)
        .read_until(b'\n', line)
        .map_err(|_| refuse(408, "hết thời gian chờ yêu cầu"))?;
    head.left -= n as u64;
    if n > 0 && !line.ends_with(b"\n") {
        return Err(if head.left == 0 {
            refuse(431, "phần đầu yêu cầu quá dài")
        } else {
            refuse(400, "yêu cầu bị cắt giữa chừng")
        });
    }
    Ok(n)
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `a=1&b=x%20y` → pairs, percent- and plus-decoded; `None` when an escape
/// is broken or the text is not UTF-8.
pub fn parse_query(q: &str) -> Option<Vec<(String, String)>> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((percent_decode(k)?, percent_decode(v)?))
        })
        .collect()
}

fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Write a response with the headers every answer carries: no caching
/// (the token is in the URL), no sniffing, no framing, no referrer.
fn write_response(w: &mut TcpStream, r: &Response, close: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\nCross-Origin-Resource-Policy: same-origin\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    for (name, value) in &r.headers {
        // Values are ours; a line break would split the head: refuse it.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&r.body);
    w.write_all(&out)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded_and_broken_ones_refused() {
        assert_eq!(
            parse_query("token=ab%20c&format=pdf&x").unwrap(),
            vec![
                ("token".into(), "ab c".into()),
                ("format".into(), "pdf".into()),
                ("x".into(), String::new())
            ]
        );
        assert_eq!(parse_query("a=%2e%2e%2F").unwrap()[0].1, "../");
        assert!(parse_query("a=%zz").is_none());
        assert!(parse_query("a=%e1").is_none());
        assert!(parse_query("a=%4").is_none());
    }
}
