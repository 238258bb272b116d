//! Just enough PDF to sign one: read the objects of a file with classic
//! cross-reference tables (what typst writes), and append an incremental
//! update (new and replaced objects, a new xref section, a trailer with
//! /Prev) without touching a byte of the original.
//!
//! Why not a PDF crate: signing needs byte-exact control of the appended
//! section (the /ByteRange and the /Contents hole), and reading needs only
//! dictionaries, arrays and references. This is about 400 lines of std.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A PDF object.
#[derive(Debug, Clone, PartialEq)]
pub enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(String),
    Str(Vec<u8>),
    Arr(Vec<Obj>),
    Dict(Dict),
    Ref(u32, u16),
    /// A stream: its dictionary and the byte range of its data in the file.
    Stream(Dict, std::ops::Range<usize>),
}

/// A dictionary, its keys in file order (without the leading `/`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict(pub Vec<(String, Obj)>);

impl Dict {
    /// Look a key up.
    pub fn get(&self, key: &str) -> Option<&Obj> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// Set a key, replacing its value or adding it at the end.
    pub fn set(&mut self, key: &str, v: Obj) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = v,
            None => self.0.push((key.to_string(), v)),
        }
    }
    /// Drop a key.
    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }
    /// The name under `key`, if it is one.
    pub fn name(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Obj::Name(n)) => Some(n),
            _ => None,
        }
    }
}

impl Obj {
    pub fn name(n: &str) -> Obj {
        Obj::Name(n.to_string())
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Obj::Int(i) => Some(*i),
            Obj::Real(r) => Some(*r as i64),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Obj::Int(i) => Some(*i as f64),
            Obj::Real(r) => Some(*r),
            _ => None,
        }
    }
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, _) => Some(d),
            _ => None,
        }
    }
    pub fn as_arr(&self) -> Option<&[Obj]> {
        match self {
            Obj::Arr(a) => Some(a),
            _ => None,
        }
    }
}

/// A PDF file read for signing or verifying.
pub struct Pdf<'a> {
    pub bytes: &'a [u8],
    /// Object number → byte offset of "n g obj", newest revision wins.
    pub offsets: BTreeMap<u32, usize>,
    /// The newest trailer.
    pub trailer: Dict,
    /// Offset of the newest xref section (the next update's /Prev).
    pub startxref: usize,
}

/// A reading error (Vietnamese, shown to the user).
pub type Error = String;

impl<'a> Pdf<'a> {
    /// Read the cross-reference chain of `bytes`.
    pub fn parse(bytes: &'a [u8]) -> Result<Pdf<'a>, Error> {
        if !bytes.starts_with(b"%PDF-") {
            return Err("tệp không phải PDF (không bắt đầu bằng %PDF-)".into());
        }
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        let sx = rfind(tail, b"startxref").ok_or("PDF thiếu startxref")?;
        let mut lx = Lexer::new(bytes, bytes.len() - tail.len() + sx + 9);
        let startxref = lx
            .object()
            .ok()
            .and_then(|o| o.as_i64())
            .filter(|&o| o >= 0 && (o as usize) < bytes.len())
            .ok_or("startxref hỏng")? as usize;
        let mut offsets = BTreeMap::new();
        let mut trailer: Option<Dict> = None;
        let mut at = Some(startxref);
        let mut seen = std::collections::HashSet::new();
        while let Some(pos) = at.take() {
            if !seen.insert(pos) {
                return Err("chuỗi bảng tham chiếu (xref) của PDF lặp vòng".into());
            }
            let (entries, t) = read_xref(bytes, pos)?;
            for (num, off) in entries {
                offsets.entry(num).or_insert(off);
            }
            at = t
                .get("Prev")
                .and_then(Obj::as_i64)
                .map(|p| p as usize)
                .filter(|&p| p < bytes.len());
            if trailer.is_none() {
                trailer = Some(t);
            }
        }
        Ok(Pdf {
            bytes,
            offsets,
            trailer: trailer.unwrap_or_default(),
            startxref,
        })
    }

    /// The object `num`, if the file has it.
    pub fn get(&self, num: u32) -> Result<Obj, Error> {
        let off = *self
            .offsets
            .get(&num)
            .ok_or_else(|| format!("PDF thiếu đối tượng {num}"))?;
        let mut lx = Lexer::new(self.bytes, off);
        let n = lx.object()?;
        let _g = lx.object()?;
        if n != Obj::Int(i64::from(num)) || !lx.keyword(b"obj") {
            return Err(format!(
                "đối tượng {num} của PDF không ở vị trí bảng xref ghi"
            ));
        }
        let o = lx.object()?;
        // A stream: its data follows "stream" and one end of line.
        if let Obj::Dict(d) = &o {
            if lx.keyword(b"stream") {
                let mut start = lx.pos;
                if self.bytes.get(start) == Some(&b'\r') {
                    start += 1;
                }
                if self.bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
                let len = match d.get("Length") {
                    Some(Obj::Ref(n, _)) => self.get(*n)?.as_i64(),
                    Some(o) => o.as_i64(),
                    None => None,
                }
                .ok_or_else(|| format!("luồng {num} của PDF thiếu /Length"))?;
                let end = start + len.max(0) as usize;
                if end > self.bytes.len() {
                    return Err(format!("luồng {num} của PDF vượt quá cuối tệp"));
                }
                return Ok(Obj::Stream(d.clone(), start..end));
            }
        }
        Ok(o)
    }

    /// Follow a reference (other objects are returned as they are).
    pub fn resolve(&self, o: &Obj) -> Result<Obj, Error> {
        match o {
            Obj::Ref(n, _) => self.get(*n),
            o => Ok(o.clone()),
        }
    }

    /// The catalog's object number and dictionary.
    pub fn catalog(&self) -> Result<(u32, Dict), Error> {
        match self.trailer.get("Root") {
            Some(Obj::Ref(n, _)) => {
                let d = self
                    .get(*n)?
                    .as_dict()
                    .cloned()
                    .ok_or("/Root không phải từ điển")?;
                Ok((*n, d))
            }
            _ => Err("PDF thiếu /Root".into()),
        }
    }

    /// The pages in order: object number and dictionary of each.
    pub fn pages(&self) -> Result<Vec<(u32, Dict)>, Error> {
        let (_, cat) = self.catalog()?;
        let mut out = Vec::new();
        let root = match cat.get("Pages") {
            Some(Obj::Ref(n, _)) => *n,
            _ => return Err("PDF thiếu /Pages".into()),
        };
        let mut stack = vec![(root, 0)];
        while let Some((n, depth)) = stack.pop() {
            if depth > 32 || out.len() > 100_000 {
                return Err("cây trang của PDF quá sâu".into());
            }
            let d = self.get(n)?.as_dict().cloned().ok_or("nút trang hỏng")?;
            if d.name("Type") == Some("Pages") {
                if let Some(kids) = d.get("Kids").and_then(Obj::as_arr) {
                    for k in kids.iter().rev() {
                        if let Obj::Ref(k, _) = k {
                            stack.push((*k, depth + 1));
                        }
                    }
                }
            } else {
                out.push((n, d));
            }
        }
        Ok(out)
    }

    /// One more than the largest object number in use.
    pub fn size(&self) -> u32 {
        let t = self.trailer.get("Size").and_then(Obj::as_i64).unwrap_or(0) as u32;
        t.max(self.offsets.keys().next_back().map_or(0, |n| n + 1))
    }

    /// The signature fields, depth-first through /AcroForm /Fields: the
    /// field's object number, its name and the field dictionary.
    pub fn signature_fields(&self) -> Result<Vec<(u32, String, Dict)>, Error> {
        let (_, cat) = self.catalog()?;
        let Some(form) = cat.get("AcroForm") else {
            return Ok(Vec::new());
        };
        let form = self.resolve(form)?;
        let mut out = Vec::new();
        let mut stack: Vec<(Obj, String, u32)> = form
            .as_dict()
            .and_then(|d| d.get("Fields"))
            .map(|f| self.resolve(f))
            .transpose()?
            .and_then(|f| f.as_arr().map(<[Obj]>::to_vec))
            .unwrap_or_default()
            .into_iter()
            .rev()
            .map(|o| (o, String::new(), 0))
            .collect();
        while let Some((o, prefix, depth)) = stack.pop() {
            let Obj::Ref(n, _) = o else { continue };
            if depth > 16 || out.len() > 10_000 {
                break;
            }
            let Some(d) = self.get(n)?.as_dict().cloned() else {
                continue;
            };
            let name = match d.get("T") {
                Some(Obj::Str(s)) if prefix.is_empty() => text_string(s),
                Some(Obj::Str(s)) => format!("{prefix}.{}", text_string(s)),
                _ => prefix.clone(),
            };
            if let Some(kids) = d.get("Kids").and_then(Obj::as_arr) {
                for k in kids.iter().rev() {
                    stack.push((k.clone(), name.clone(), depth + 1));
                }
            }
            if d.name("FT") == Some("Sig") {
                out.push((n, name, d));
            }
        }
        Ok(out)
    }
}

/// A PDF text string (PDFDocEncoding taken as Latin-1, or UTF-16BE).
pub fn text_string(s: &[u8]) -> String {
    if s.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = s[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        s.iter().map(|&b| b as char).collect()
    }
}

/// A text string as PDF writes Unicode: UTF-16BE with its byte-order mark.
pub fn utf16(s: &str) -> Obj {
    let mut v = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        v.extend(u.to_be_bytes());
    }
    Obj::Str(v)
}

/// One classic xref section at `pos` and its trailer.
fn read_xref(bytes: &[u8], pos: usize) -> Result<(Vec<(u32, usize)>, Dict), Error> {
    let mut lx = Lexer::new(bytes, pos);
    if !lx.keyword(b"xref") {
        return Err("PDF dùng luồng tham chiếu (xref stream); vanban chỉ ký PDF có bảng xref cổ điển, như PDF do vanban tạo".into());
    }
    let mut entries = Vec::new();
    loop {
        lx.skip_ws();
        if lx.keyword(b"trailer") {
            break;
        }
        let first = lx.object()?.as_i64().ok_or("bảng xref hỏng")?;
        let count = lx.object()?.as_i64().ok_or("bảng xref hỏng")?;
        if !(0..=10_000_000).contains(&count) || first < 0 {
            return Err("bảng xref hỏng".into());
        }
        lx.skip_ws();
        for i in 0..count {
            let line = bytes.get(lx.pos..lx.pos + 20).ok_or("bảng xref bị cắt")?;
            let off: usize = std::str::from_utf8(&line[..10])
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .ok_or("dòng xref hỏng")?;
            if line[17] == b'n' && off < bytes.len() {
                entries.push(((first + i) as u32, off));
            }
            lx.pos += 20;
        }
    }
    match lx.object()? {
        Obj::Dict(d) => Ok((entries, d)),
        _ => Err("trailer của PDF hỏng".into()),
    }
}

pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A tokenizer and object reader over the file.
pub struct Lexer<'a> {
    b: &'a [u8],
    pub pos: usize,
    depth: u32,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    pub fn new(b: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { b, pos, depth: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if is_ws(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Consume `kw` (after white space) if it is next.
    fn keyword(&mut self, kw: &[u8]) -> bool {
        self.skip_ws();
        let end = self.pos + kw.len();
        if self.b.get(self.pos..end) == Some(kw)
            && self.b.get(end).is_none_or(|&c| is_ws(c) || is_delim(c))
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_ws(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
        }
        &self.b[start..self.pos]
    }

    /// Read one object; `n g R` is read as a reference.
    pub fn object(&mut self) -> Result<Obj, Error> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("PDF lồng quá sâu".into());
        }
        let r = self.object_inner();
        self.depth -= 1;
        r
    }

    fn object_inner(&mut self) -> Result<Obj, Error> {
        self.skip_ws();
        let c = self.peek().ok_or("PDF kết thúc giữa chừng")?;
        match c {
            b'/' => {
                self.pos += 1;
                let raw = self.regular();
                let mut name = Vec::new();
                let mut i = 0;
                while i < raw.len() {
                    if raw[i] == b'#' && i + 2 < raw.len() + 1 {
                        if let Some(h) = raw
                            .get(i + 1..i + 3)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                        {
                            name.push(h);
                            i += 3;
                            continue;
                        }
                    }
                    name.push(raw[i]);
                    i += 1;
                }
                Ok(Obj::Name(String::from_utf8_lossy(&name).into_owned()))
            }
            b'<' if self.b.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut d = Dict::default();
                loop {
                    self.skip_ws();
                    if self.b.get(self.pos..self.pos + 2) == Some(b">>") {
                        self.pos += 2;
                        return Ok(Obj::Dict(d));
                    }
                    let Obj::Name(k) = self.object()? else {
                        return Err("khóa từ điển PDF không phải tên".into());
                    };
                    let v = self.object()?;
                    d.0.push((k, v));
                }
            }
            b'<' => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c != b'>') {
                    self.pos += 1;
                }
                let hex: Vec<u8> = self.b[start..self.pos]
                    .iter()
                    .copied()
                    .filter(|c| !is_ws(*c))
                    .collect();
                self.pos += 1;
                let mut out = Vec::with_capacity(hex.len() / 2 + 1);
                for pair in hex.chunks(2) {
                    let hi = hexval(pair[0])?;
                    let lo = pair.get(1).map_or(Ok(0), |&c| hexval(c))?;
                    out.push(hi << 4 | lo);
                }
                Ok(Obj::Str(out))
            }
            b'(' => {
                self.pos += 1;
                let mut out = Vec::new();
                let mut depth = 1;
                loop {
                    let c = self.peek().ok_or("chuỗi PDF không đóng")?;
                    self.pos += 1;
                    match c {
                        b'\\' => {
                            let e = self.peek().ok_or("chuỗi PDF không đóng")?;
                            self.pos += 1;
                            match e {
                                b'n' => out.push(b'\n'),
                                b'r' => out.push(b'\r'),
                                b't' => out.push(b'\t'),
                                b'b' => out.push(8),
                                b'f' => out.push(12),
                                b'0'..=b'7' => {
                                    let mut v = u32::from(e - b'0');
                                    for _ in 0..2 {
                                        match self.peek() {
                                            Some(d @ b'0'..=b'7') => {
                                                v = v * 8 + u32::from(d - b'0');
                                                self.pos += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    out.push(v as u8);
                                }
                                b'\r' => {
                                    if self.peek() == Some(b'\n') {
                                        self.pos += 1;
                                    }
                                }
                                b'\n' => {}
                                e => out.push(e),
                            }
                        }
                        b'(' => {
                            depth += 1;
                            out.push(c);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                return Ok(Obj::Str(out));
                            }
                            out.push(c);
                        }
                        c => out.push(c),
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut a = Vec::new();
                loop {
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Obj::Arr(a));
                    }
                    a.push(self.object()?);
                }
            }
            _ => {
                let tok = self.regular();
                if tok.is_empty() {
                    return Err(format!("ký tự lạ trong PDF tại byte {}", self.pos));
                }
                match tok {
                    b"true" => return Ok(Obj::Bool(true)),
                    b"false" => return Ok(Obj::Bool(false)),
                    b"null" => return Ok(Obj::Null),
                    _ => {}
                }
                let s = std::str::from_utf8(tok).map_err(|_| "số PDF hỏng")?;
                if let Ok(i) = s.parse::<i64>() {
                    // "n g R"?
                    let save = self.pos;
                    self.skip_ws();
                    let g = self.regular();
                    if let Ok(g) = std::str::from_utf8(g).unwrap_or("x").parse::<u16>() {
                        if self.keyword(b"R") && i >= 0 && i <= i64::from(u32::MAX) {
                            return Ok(Obj::Ref(i as u32, g));
                        }
                    }
                    self.pos = save;
                    return Ok(Obj::Int(i));
                }
                s.parse::<f64>()
                    .map(Obj::Real)
                    .map_err(|_| format!("từ khóa PDF lạ `{s}`"))
            }
        }
    }
}

fn hexval(c: u8) -> Result<u8, Error> {
    (c as char)
        .to_digit(16)
        .map(|d| d as u8)
        .ok_or_else(|| "chuỗi hex PDF hỏng".into())
}

/// Write an object as PDF syntax.
pub fn write_obj(out: &mut Vec<u8>, o: &Obj) {
    match o {
        Obj::Null => out.extend_from_slice(b"null"),
        Obj::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Obj::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Obj::Real(r) => {
            let mut s = format!("{r:.4}");
            while s.contains('.') && (s.ends_with('0') || s.ends_with('.')) {
                s.pop();
            }
            if s == "-0" {
                s = "0".into();
            }
            out.extend_from_slice(s.as_bytes());
        }
        Obj::Name(n) => {
            out.push(b'/');
            for &c in n.as_bytes() {
                if c.is_ascii_alphanumeric() || b"-_.+*".contains(&c) {
                    out.push(c);
                } else {
                    let _ = write!(HexSink(out), "#{c:02X}");
                }
            }
        }
        Obj::Str(s) => {
            out.push(b'<');
            for c in s {
                let _ = write!(HexSink(out), "{c:02X}");
            }
            out.push(b'>');
        }
        Obj::Arr(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_obj(out, x);
            }
            out.push(b']');
        }
        Obj::Dict(d) | Obj::Stream(d, _) => {
            out.extend_from_slice(b"<<");
            for (k, v) in &d.0 {
                write_obj(out, &Obj::Name(k.clone()));
                out.push(b' ');
                write_obj(out, v);
            }
            out.extend_from_slice(b">>");
        }
        Obj::Ref(n, g) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

struct HexSink<'a>(&'a mut Vec<u8>);
impl std::fmt::Write for HexSink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The objects of one incremental update, written in number order.
#[derive(Default)]
pub struct Update {
    /// Object number → its serialised body (between "obj" and "endobj").
    pub objects: BTreeMap<u32, Vec<u8>>,
}

impl Update {
    /// Add or replace an object.
    pub fn put(&mut self, num: u32, o: &Obj) {
        let mut v = Vec::new();
        write_obj(&mut v, o);
        self.objects.insert(num, v);
    }
    /// Add a stream object with its data (the dictionary gets /Length).
    pub fn put_stream(&mut self, num: u32, dict: &Dict, data: &[u8]) {
        let mut d = dict.clone();
        d.set("Length", Obj::Int(data.len() as i64));
        let mut v = Vec::new();
        write_obj(&mut v, &Obj::Dict(d));
        v.extend_from_slice(b"\nstream\n");
        v.extend_from_slice(data);
        v.extend_from_slice(b"\nendstream");
        self.objects.insert(num, v);
    }
    /// Add an object whose body is already serialised.
    pub fn put_raw(&mut self, num: u32, body: Vec<u8>) {
        self.objects.insert(num, body);
    }

    /// The original file followed by this update: objects, one xref
    /// section with a subsection per run of numbers, the trailer.
    pub fn append_to(&self, pdf: &Pdf, size: u32) -> Vec<u8> {
        let mut out = pdf.bytes.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offs = Vec::new();
        for (n, body) in &self.objects {
            offs.push((*n, out.len()));
            out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref_at = out.len();
        out.extend_from_slice(b"xref\n");
        let mut i = 0;
        while i < offs.len() {
            let mut j = i;
            while j + 1 < offs.len() && offs[j + 1].0 == offs[j].0 + 1 {
                j += 1;
            }
            out.extend_from_slice(format!("{} {}\n", offs[i].0, j - i + 1).as_bytes());
            for (_, off) in &offs[i..=j] {
                out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
            }
            i = j + 1;
        }
        let mut t = Dict::default();
        t.set("Size", Obj::Int(i64::from(size)));
        for k in ["Root", "Info", "ID"] {
            if let Some(v) = pdf.trailer.get(k) {
                t.set(k, v.clone());
            }
        }
        t.set("Prev", Obj::Int(pdf.startxref as i64));
        out.extend_from_slice(b"trailer\n");
        write_obj(&mut out, &Obj::Dict(t));
        out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Vec<u8> {
        let mut s = String::from("%PDF-1.7\n");
        let o1 = s.len();
        s.push_str("1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n");
        let o2 = s.len();
        s.push_str("2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n");
        let o3 = s.len();
        s.push_str("3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.28 841.89]/Note(a\\(b\\)c)>>\nendobj\n");
        let x = s.len();
        s.push_str(&format!("xref\n0 4\n0000000000 65535 f \n{o1:010} 00000 n \n{o2:010} 00000 n \n{o3:010} 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\nstartxref\n{x}\n%%EOF\n"));
        s.into_bytes()
    }

    #[test]
    fn reads_pages_and_appends_an_update() {
        let b = tiny();
        let pdf = Pdf::parse(&b).unwrap();
        let pages = pdf.pages().unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, 3);
        assert_eq!(pages[0].1.get("Note"), Some(&Obj::Str(b"a(b)c".to_vec())));
        let mb = pages[0].1.get("MediaBox").unwrap().as_arr().unwrap();
        assert_eq!(mb[2].as_f64(), Some(595.28));
        let mut up = Update::default();
        let mut page = pages[0].1.clone();
        page.set("Rotate", Obj::Int(0));
        up.put(3, &Obj::Dict(page));
        up.put(4, &Obj::Arr(vec![Obj::name("A B"), utf16("Đ")]));
        let out = up.append_to(&pdf, 5);
        assert!(out.starts_with(&b));
        let again = Pdf::parse(&out).unwrap();
        assert_eq!(
            again.pages().unwrap()[0].1.get("Rotate"),
            Some(&Obj::Int(0))
        );
        assert_eq!(
            again.get(4).unwrap(),
            Obj::Arr(vec![Obj::name("A B"), utf16("Đ")])
        );
        assert_eq!(again.size(), 5);
    }
}
