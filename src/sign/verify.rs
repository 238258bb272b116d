//! Verify every signature of a PDF: the CMS over its byte range, the bytes
//! it covers and those added after it, and the certificate chain to the
//! trust anchors given.

use x509_cert::Certificate;

use super::cms;
use super::keys;
use super::pdf::{self, Obj, Pdf};

/// One signature's report.
#[derive(Debug, Clone)]
pub struct SigReport {
    pub field: String,
    pub subject: String,
    /// The claimed signing time (/M), as written.
    pub time: Option<String>,
    /// The /SubFilter.
    pub sub_filter: String,
    /// Bytes of the file the signature covers (its byte range ends here).
    pub covered_end: usize,
    /// Whether it covers the whole file.
    pub whole: bool,
    /// Bytes after its range (a later revision).
    pub after: usize,
    /// The certificate path to a trust anchor, when one was given and found.
    pub chain: Option<Vec<String>>,
    /// Every problem found; empty when the signature is good.
    pub problems: Vec<String>,
    /// Things worth saying that are not failures.
    pub notes: Vec<String>,
}

/// Verify all signatures of `bytes`; `anchors` empty means the chain is
/// not checked (and said so).
pub fn verify(bytes: &[u8], anchors: &[Certificate]) -> Result<Vec<SigReport>, String> {
    let doc = Pdf::parse(bytes)?;
    let mut out = Vec::new();
    for (_, name, field) in doc.signature_fields()? {
        let Some(v) = field.get("V") else { continue };
        let sig = doc.resolve(v)?;
        let Some(sig) = sig.as_dict() else { continue };
        let mut r = SigReport {
            field: name,
            subject: String::new(),
            time: match sig.get("M") {
                Some(Obj::Str(s)) => Some(pdf::text_string(s)),
                _ => None,
            },
            sub_filter: sig.name("SubFilter").unwrap_or("").to_string(),
            covered_end: 0,
            whole: false,
            after: 0,
            chain: None,
            problems: Vec::new(),
            notes: Vec::new(),
        };
        let br: Vec<i64> = sig
            .get("ByteRange")
            .and_then(Obj::as_arr)
            .map(|a| a.iter().filter_map(Obj::as_i64).collect())
            .unwrap_or_default();
        let contents = match sig.get("Contents") {
            Some(Obj::Str(s)) => s.clone(),
            _ => Vec::new(),
        };
        // Phase 1: the byte range: from 0, around exactly the /Contents
        // hex string, inside the file.
        let ok_range = br.len() == 4
            && br[0] == 0
            && br.iter().all(|&v| v >= 0)
            && br[1] < br[2]
            && (br[2] + br[3]) as usize <= bytes.len()
            && bytes.get(br[1] as usize) == Some(&b'<')
            && bytes.get(br[2] as usize - 1) == Some(&b'>');
        if !ok_range {
            r.problems
                .push("/ByteRange không hợp lệ (không bao đúng phần còn lại của tệp)".into());
            out.push(r);
            continue;
        }
        let (a, b) = (br[1] as usize, br[2] as usize);
        let end = b + br[3] as usize;
        r.covered_end = end;
        r.whole = end == bytes.len();
        r.after = bytes.len() - end;
        // The hole holds only hex digits (nothing signed hides there).
        if !bytes[a + 1..b - 1]
            .iter()
            .all(|c| c.is_ascii_hexdigit() || c.is_ascii_whitespace())
        {
            r.problems.push("phần /Contents chứa byte lạ".into());
        }
        if r.sub_filter != "ETSI.CAdES.detached" && r.sub_filter != "adbe.pkcs7.detached" {
            r.problems
                .push(format!("/SubFilter {} không hỗ trợ", r.sub_filter));
        }
        // Phase 2: the CMS.
        match cms::verify(&contents, &[&bytes[..a], &bytes[b..end]]) {
            Ok(c) => {
                r.subject = keys::subject(&c.cert);
                if !c.ess_ok && r.sub_filter == "ETSI.CAdES.detached" {
                    r.problems.push(
                        "thiếu hoặc sai thuộc tính signing-certificate-v2 (PAdES cần)".into(),
                    );
                }
                // Phase 3: the chain, at the claimed signing time.
                let at = r
                    .time
                    .as_deref()
                    .and_then(parse_pdf_date)
                    .unwrap_or_else(std::time::SystemTime::now);
                if anchors.is_empty() {
                    r.notes.push(
                        "chưa kiểm tra chuỗi chứng thư: cần --tin-cay TỆP.pem (chứng thư gốc tin cậy)".into(),
                    );
                } else {
                    match cms::chain_to(&c.cert, &c.certs, anchors, at) {
                        Ok(path) => r.chain = Some(path),
                        Err(e) => r.problems.push(e),
                    }
                }
            }
            Err(e) => r.problems.push(e),
        }
        out.push(r);
    }
    // Phase 4: what comes after each signature must be covered by a later
    // one; bytes after the last are a failure of the last.
    let max_end = out.iter().map(|r| r.covered_end).max().unwrap_or(0);
    for r in &mut out {
        if r.after > 0 {
            if r.covered_end < max_end && max_end == bytes.len() {
                r.notes.push(format!(
                    "{} byte sau chữ ký này là bản cập nhật của chữ ký sau (phần đã ký không đổi)",
                    r.after
                ));
            } else {
                r.problems.push(format!(
                    "{} byte được thêm sau chữ ký này mà không chữ ký nào bao trùm",
                    bytes.len() - max_end.max(r.covered_end)
                ));
            }
        }
    }
    Ok(out)
}

/// Whether `signed` is `base` with digital signatures added: it starts
/// with `base`'s bytes, has a signature, every signature is intact, and
/// the last covers the whole file. The signers' subjects, in order; else
/// why not. (No chain is judged: that needs the trust anchors.)
pub fn signed_over(base: &[u8], signed: &[u8]) -> Result<Vec<String>, String> {
    if signed.len() <= base.len() || !signed.starts_with(base) {
        return Err("không bắt đầu bằng tệp gốc".into());
    }
    let reports = verify(signed, &[])?;
    if reports.is_empty() {
        return Err("không có chữ ký số".into());
    }
    if let Some(p) = reports.iter().flat_map(|r| &r.problems).next() {
        return Err(p.clone());
    }
    if !reports.iter().any(|r| r.whole) {
        return Err("có phần thêm sau chữ ký cuối".into());
    }
    Ok(reports.into_iter().map(|r| r.subject).collect())
}

/// "D:20240419093000+07'00'" as a time.
pub fn parse_pdf_date(s: &str) -> Option<std::time::SystemTime> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take(14).collect();
    if digits.len() < 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = &s[14..];
    let off = match rest.chars().next() {
        Some(c @ ('+' | '-')) => {
            let n: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            let h: i32 = n.get(..2)?.parse().ok()?;
            let m: i32 = n.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let v = h * 3600 + m * 60;
            if c == '-' {
                -v
            } else {
                v
            }
        }
        _ => 0,
    };
    let tz = chrono::FixedOffset::east_opt(off)?;
    let naive = chrono::NaiveDateTime::parse_from_str(&digits, "%Y%m%d%H%M%S").ok()?;
    let t = naive.and_local_timezone(tz).single()?;
    Some(t.with_timezone(&chrono::Utc).into())
}
