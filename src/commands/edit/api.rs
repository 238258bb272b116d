//! The editor's HTTP API and its guards. Every request must name this
//! server in `Host` (no DNS rebinding) and, when it has an `Origin`, come
//! from the page itself (no cross-site request); every `/api/` call must
//! carry the session's token (`X-Vanban-Token` header or `token` query
//! parameter). Routes are a fixed table: no path reaches the file system.
//! The README's "Soạn trong trình duyệt" section documents each route.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::assets;
use super::http::{Request, Response};
use super::session::{SaveError, Session};
use crate::model::{Kind, KINDS};

/// The server's identity: where it listens and the token it expects.
pub struct Guard {
    pub port: u16,
    pub token: String,
}

impl Guard {
    /// The `Host` values that name this server.
    fn host_ok(&self, host: &str) -> bool {
        host == format!("127.0.0.1:{}", self.port) || host == format!("localhost:{}", self.port)
    }

    /// The `Origin` of the page this server serves.
    fn origin_ok(&self, origin: &str) -> bool {
        origin == format!("http://127.0.0.1:{}", self.port)
            || origin == format!("http://localhost:{}", self.port)
    }

    /// Whether the request carries the token (compared in constant time).
    fn token_ok(&self, req: &Request) -> bool {
        let given = req
            .header("x-vanban-token")
            .or_else(|| req.param("token"))
            .unwrap_or("");
        let (a, b) = (given.as_bytes(), self.token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Answer one request.
pub fn handle(guard: &Guard, session: &Session, req: &Request) -> Response {
    // Phase 1: who is asking.
    match req.header("host") {
        None => return Response::error(400, "thiếu trường Host"),
        Some(h) if !guard.host_ok(h) => {
            return Response::error(403, "Host không hợp lệ: chỉ nhận yêu cầu tới 127.0.0.1")
        }
        _ => {}
    }
    if let Some(o) = req.header("origin") {
        if !guard.origin_ok(o) {
            return Response::error(403, "Origin không hợp lệ: yêu cầu từ trang khác bị từ chối");
        }
    }
    if req.header("sec-fetch-site") == Some("cross-site") {
        return Response::error(403, "yêu cầu từ trang khác bị từ chối");
    }
    // Phase 2: the page and its assets (no data in them).
    if !req.path.starts_with("/api/") {
        if req.method != "GET" {
            return Response::error(405, "phương thức không được hỗ trợ");
        }
        return match assets::get(&req.path) {
            Some((kind, body)) => {
                let r = Response::bytes(200, kind, body.to_vec());
                if kind.starts_with("text/html") {
                    r.with("Content-Security-Policy", assets::CSP)
                } else {
                    r
                }
            }
            None => Response::error(404, "không có trang này"),
        };
    }
    // Phase 3: the API, with the token.
    if !guard.token_ok(req) {
        return Response::error(
            401,
            "thiếu hoặc sai mã truy cập: mở đúng đường dẫn mà `vanban edit` in ra",
        );
    }
    const PARAMS: [&str; 4] = ["token", "format", "loai", "text"];
    if let Some((bad, _)) = req
        .query
        .iter()
        .find(|(k, _)| !PARAMS.contains(&k.as_str()))
    {
        return Response::error(400, &format!("tham số không hợp lệ: {bad}"));
    }
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/api/meta") => Response::json(200, &meta()),
        ("GET", "/api/load") => load(session),
        ("GET", "/api/disk") => disk(session, req.param("text") == Some("1")),
        ("GET", "/api/skeleton") => skeleton(req.param("loai").unwrap_or("")),
        ("POST", "/api/preview") => match body_text(req) {
            Ok((text, have)) => Response::json(200, &session.preview(&text, &have)),
            Err(r) => r,
        },
        ("POST", "/api/save") => save(session, req),
        ("POST", "/api/recovery") => match body_text(req) {
            Ok((text, _)) => match session.write_recovery(&text) {
                Ok(()) => Response::json(200, &json!({ "ok": true })),
                Err(m) => Response::error(500, &m),
            },
            Err(r) => r,
        },
        ("DELETE", "/api/recovery") => {
            session.discard_recovery();
            Response::json(200, &json!({ "ok": true }))
        }
        ("POST", "/api/download") => download(session, req),
        (_, "/api/meta" | "/api/load" | "/api/disk" | "/api/skeleton" | "/api/preview")
        | (_, "/api/save" | "/api/recovery" | "/api/download") => {
            Response::error(405, "phương thức không được hỗ trợ")
        }
        _ => Response::error(404, "không có lệnh API này"),
    }
}

/// The YAML text of a request: the body itself, or with
/// `Content-Type: application/json` the `text` of `{ "text", "have" }`
/// (`have`: page hashes the client already shows).
fn body_text(req: &Request) -> Result<(String, HashSet<String>), Response> {
    let json = req
        .header("content-type")
        .is_some_and(|t| t.trim_start().starts_with("application/json"));
    if json {
        let v: Value = serde_json::from_slice(&req.body)
            .map_err(|_| Response::error(400, "JSON không hợp lệ"))?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| Response::error(400, "thiếu trường `text` (chuỗi)"))?;
        let have = v
            .get("have")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .take(10_000)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        Ok((text.to_string(), have))
    } else {
        String::from_utf8(req.body.clone())
            .map(|t| (t, HashSet::new()))
            .map_err(|_| Response::error(400, "nội dung không phải UTF-8"))
    }
}

/// `GET /api/load`: the file, the recovery text if it differs, and what a
/// new file starts from.
fn load(session: &Session) -> Response {
    let disk = match session.disk() {
        Ok(d) => d,
        Err(m) => return Response::error(500, &m),
    };
    let recovery = session.recovery().filter(|(text, _)| match &disk {
        Some((disk_text, _)) => text != disk_text,
        None => !text.trim().is_empty(),
    });
    if recovery.is_none() {
        // Same as the file: nothing to offer.
        if session.recovery_path().exists() {
            session.discard_recovery();
        }
    }
    let (text, hash) = match &disk {
        Some((t, h)) => (Some(t.clone()), Some(h.clone())),
        None => (session.kind.map(skeleton_text), None),
    };
    Response::json(
        200,
        &json!({
            "name": session.name,
            "path": session.file.display().to_string(),
            "exists": disk.is_some(),
            "text": text,
            "hash": hash,
            "kind": session.kind.map(|k| k.key()),
            "recovery": recovery.map(|(text, when)| json!({ "text": text, "modified": when })),
        }),
    )
}

/// `GET /api/disk`: the file's hash now (and its text with `text=1`).
fn disk(session: &Session, with_text: bool) -> Response {
    match session.disk() {
        Ok(Some((text, hash))) => {
            let mut v = json!({ "exists": true, "hash": hash });
            if with_text {
                v["text"] = json!(text);
            }
            Response::json(200, &v)
        }
        Ok(None) => Response::json(200, &json!({ "exists": false, "hash": null })),
        Err(m) => Response::error(500, &m),
    }
}

/// The `new` skeleton of a kind, dated this month.
fn skeleton_text(kind: Kind) -> String {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    crate::model::skeleton::skeleton(kind, today.year(), today.month())
}

/// `GET /api/skeleton?loai=KIND`.
fn skeleton(key: &str) -> Response {
    match Kind::parse(key) {
        Some(k) => Response::json(200, &json!({ "text": skeleton_text(k) })),
        None => Response::error(
            400,
            &format!("loại văn bản `{key}` không có trong Nghị định 30"),
        ),
    }
}

/// `POST /api/save` with `{ "text", "base", "force" }`.
fn save(session: &Session, req: &Request) -> Response {
    let Ok(v) = serde_json::from_slice::<Value>(&req.body) else {
        return Response::error(400, "JSON không hợp lệ");
    };
    let Some(text) = v.get("text").and_then(Value::as_str) else {
        return Response::error(400, "thiếu trường `text` (chuỗi)");
    };
    let base = v.get("base").and_then(Value::as_str);
    let force = v.get("force").and_then(Value::as_bool).unwrap_or(false);
    match session.save(text, base, force) {
        Ok(hash) => Response::json(200, &json!({ "saved": true, "hash": hash })),
        Err(SaveError::Conflict { text, hash }) => Response::json(
            409,
            &json!({
                "error": "tệp trên đĩa đã bị chương trình khác thay đổi",
                "exists": !hash.is_empty(),
                "hash": if hash.is_empty() { Value::Null } else { json!(hash) },
                "text": text,
            }),
        ),
        Err(SaveError::Failed(m)) => Response::error(500, &m),
    }
}

/// `POST /api/download?format=pdf|docx|pdfa` with the YAML text.
fn download(session: &Session, req: &Request) -> Response {
    let what = req.param("format").unwrap_or("pdf");
    if !matches!(what, "pdf" | "docx" | "pdfa") {
        return Response::error(400, "định dạng phải là pdf, docx hoặc pdfa");
    }
    let text = match body_text(req) {
        Ok((t, _)) => t,
        Err(r) => return r,
    };
    match session.download(&text, what) {
        Ok((bytes, name)) => {
            let kind = if what == "docx" {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            } else {
                "application/pdf"
            };
            Response::bytes(200, kind, bytes).with(
                "Content-Disposition",
                format!(
                    "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                    ascii_name(&name),
                    percent_encode(&name)
                ),
            )
        }
        Err(diags) => Response::json(
            422,
            &json!({
                "error": "văn bản còn lỗi: sửa các chỗ được đánh dấu rồi tải lại",
                "diagnostics": diags.iter().map(crate::diag::Diagnostic::to_json).collect::<Vec<_>>(),
            }),
        ),
    }
}

/// The name with non-ASCII letters folded ("công-văn.pdf" → "cong-van.pdf").
fn ascii_name(name: &str) -> String {
    crate::diag::fold_ascii(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /api/meta`: what completion, hover and the Insert menu read — the
/// JSON Schema and the tables of kinds, blocks, signer authorities and
/// rules.
fn meta() -> Value {
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "schema": crate::format::raw::schema(),
        "kinds": KINDS.iter().map(|k| json!({
            "key": k.key,
            "name": k.name,
            "abbreviation": k.abbreviation,
            "kinh_gui": k.kinh_gui,
            "enacting": k.enacting,
            "subject": k.subject,
            "normative": k.normative,
            "form": k.form,
        })).collect::<Vec<_>>(),
        "blocks": crate::format::blocks::BLOCK_KEYS.iter().map(|(key, what)| json!({
            "key": key,
            "description": what,
        })).collect::<Vec<_>>(),
        "authorities": [
            { "prefix": "TM.", "name": "thay mặt (tập thể, cơ quan)" },
            { "prefix": "KT.", "name": "ký thay (cấp phó ký thay người đứng đầu)" },
            { "prefix": "TL.", "name": "thừa lệnh" },
            { "prefix": "TUQ.", "name": "thừa ủy quyền" },
            { "prefix": "Q.", "name": "quyền (người đứng đầu tạm thời)" },
        ],
        // The closed choices of some keys, from the model's tables.
        "choices": {
            "can": keys(&crate::model::body::Align::ALL),
            "do_mat": keys(&crate::model::Secrecy::ALL),
            "do_khan": keys(&crate::model::Urgency::ALL),
            "dau_ket": keys(&crate::model::EndMark::ALL),
            "hinh_thuc": keys(&crate::model::CopyForm::ALL),
            "huong": ["doc", "ngang"],
            "pdfa": ["true", "2b", "2u", "3b"],
        },
        "rules": crate::rules::RULES.iter().map(|r| json!({
            "code": r.code.id(),
            "severity": if r.severity == crate::diag::Severity::Error { "error" } else { "warning" },
            "title": r.title,
            "nd30": r.nd30,
        })).collect::<Vec<_>>(),
    })
}

/// The YAML names of a choice table.
fn keys<T>(all: &[(&'static str, T)]) -> Vec<&'static str> {
    all.iter().map(|(k, _)| *k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_safe_in_a_header() {
        assert_eq!(ascii_name("công văn \"x\".pdf"), "cong_van__x_.pdf");
        assert_eq!(percent_encode("cv 1.pdf"), "cv%201.pdf");
    }

    #[test]
    fn the_token_must_match_exactly() {
        let g = Guard {
            port: 1,
            token: "abc".into(),
        };
        let req = |q: &str| Request {
            method: "GET".into(),
            path: "/api/load".into(),
            query: vec![("token".into(), q.into())],
            headers: vec![],
            body: vec![],
        };
        assert!(g.token_ok(&req("abc")));
        assert!(!g.token_ok(&req("abd")));
        assert!(!g.token_ok(&req("ab")));
        assert!(!g.token_ok(&req("")));
        assert!(g.host_ok("127.0.0.1:1") && g.host_ok("localhost:1"));
        assert!(!g.host_ok("evil.example:1") && !g.host_ok("127.0.0.1:2"));
    }
}
