//! Issue 16: `vanban sign` and `vanban verify-sig`. A test CA made here with
//! openssl (root → intermediate → signer, agency); the seed sample rendered
//! as PDF/A with `ky_so:`, signed by the signer then the agency, checked by
//! vanban, poppler's pdfsig and pyHanko; tampering, wrong passwords, expired
//! certificates, SoftHSM2 as a PKCS#11 token, and the positions Phụ lục I
//! draws.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{root, tempfile, tool};

const PASS: &str = "matkhau-Thử-123";
const MM: f64 = 72.0 / 25.4;

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.args(args).current_dir(dir).env_remove("VANBAN_PIN");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run vanban")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn sh(dir: &Path, script: &str) {
    let o = Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(dir)
        .output()
        .expect("bash");
    assert!(
        o.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A test PKI in `dir`: root → intermediate → signer, agency (valid now),
/// old (expired), future (not yet valid); each leaf as a .p12 with PASS.
fn pki(dir: &Path) {
    std::fs::write(
        dir.join("ext.cnf"),
        "[v3_ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
         [leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n\
         [ca]\ndefault_ca=d\n[d]\ndir=.\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\norganizationName=optional\ncountryName=optional\n",
    )
    .unwrap();
    sh(
        dir,
        &format!(
            r#"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 -subj "/C=VN/O=Test Root CA/CN=Test Root CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj "/C=VN/O=Test CA/CN=Test Intermediate CA" 2>/dev/null
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 1825 -extfile ext.cnf -extensions v3_ca 2>/dev/null
cat int.pem root.pem > chain.pem
touch index.txt; echo 1000 > serial
leaf() {{ # name subject start end
  openssl req -newkey rsa:2048 -nodes -keyout $1.key -out $1.csr -utf8 -subj "$2" 2>/dev/null
  openssl ca -batch -config ext.cnf -utf8 -preserveDN -notext -cert int.pem -keyfile int.key -in $1.csr -out $1.pem -startdate $3 -enddate $4 -extfile ext.cnf -extensions leaf 2>/dev/null
  openssl pkcs12 -export -inkey $1.key -in $1.pem -certfile chain.pem -out $1.p12 -passout 'pass:{PASS}'
}}
now=$(date -u +%Y%m%d%H%M%SZ); later=$(date -u -d '+1 year' +%Y%m%d%H%M%SZ)
leaf signer "/C=VN/O=UBND tỉnh Bắc Giang/CN=Phan Thế Tuấn" 20240101000000Z $later
leaf agency "/C=VN/O=Ủy ban nhân dân tỉnh Bắc Giang/CN=Ủy ban nhân dân tỉnh Bắc Giang" 20240101000000Z $later
leaf old "/C=VN/O=UBND tỉnh Bắc Giang/CN=Người Cũ" 20200101000000Z 20210101000000Z
leaf future "/C=VN/O=UBND tỉnh Bắc Giang/CN=Người Mới" 20400101000000Z 20410101000000Z
"#
        ),
    );
}

/// A PNG with alpha (RGBA, 8 bits) from a pixel function.
fn png(path: &Path, w: u32, h: u32, px: impl Fn(u32, u32) -> [u8; 4]) {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend(px(x, y));
        }
    }
    // zlib with stored blocks.
    let mut z = vec![0x78, 0x01];
    for (i, chunk) in raw.chunks(65535).enumerate() {
        let last = (i + 1) * 65535 >= raw.len();
        z.push(u8::from(last));
        z.extend((chunk.len() as u16).to_le_bytes());
        z.extend((!(chunk.len() as u16)).to_le_bytes());
        z.extend(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &c in &raw {
        a = (a + u32::from(c)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &d in data {
            c ^= u32::from(d);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |t: &[u8], d: &[u8]| {
        out.extend((d.len() as u32).to_be_bytes());
        let mut td = t.to_vec();
        td.extend(d);
        out.extend(&td);
        out.extend(crc(&td).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    std::fs::write(path, out).unwrap();
}

/// The images: a blue signature stroke, a red seal ring.
fn images(dir: &Path) {
    png(&dir.join("chu-ky.png"), 300, 120, |x, y| {
        let cy = 60.0 + 35.0 * (f64::from(x) / 25.0).sin();
        if (f64::from(y) - cy).abs() < 4.0 {
            [20, 40, 200, 255]
        } else {
            [0, 0, 0, 0]
        }
    });
    png(&dir.join("dau.png"), 200, 200, |x, y| {
        let r = (f64::from(x) - 100.0).hypot(f64::from(y) - 100.0);
        if (88.0..98.0).contains(&r) || (60.0..64.0).contains(&r) {
            [220, 20, 20, 230]
        } else {
            [0, 0, 0, 0]
        }
    });
    // No transparency: refused.
    let mut opaque = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    opaque.extend(10u32.to_be_bytes());
    opaque.extend(10u32.to_be_bytes());
    opaque.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    std::fs::write(dir.join("den.png"), opaque).unwrap();
}

/// The seed sample with `ky_so:`, rendered as PDF/A into `dir/cv.pdf`.
fn render_seed(dir: &Path) -> PathBuf {
    let mut yaml = std::fs::read_to_string(root().join(common::SAMPLE)).unwrap();
    yaml = yaml.replace("../schema/", &format!("{}/schema/", root().display()));
    yaml.push_str("\nky_so:\n  chu_ky: chu-ky.png\n  con_dau: dau.png\n  dau_rong: 36\n");
    std::fs::write(dir.join("cv.yaml"), yaml).unwrap();
    ok(&run(
        dir,
        &[
            "render",
            "--pdfa",
            "cv.yaml",
            "--format",
            "pdf",
            "--no-system-fonts",
        ],
        &[],
    ));
    dir.join("cv.pdf")
}

fn pin() -> [(&'static str, &'static str); 1] {
    [("VANBAN_PIN", PASS)]
}

/// Signer, then agency: cv-1.pdf, cv-2.pdf.
fn sign_both(dir: &Path) {
    ok(&run(
        dir,
        &["sign", "cv.pdf", "-o", "cv-1.pdf", "--p12", "signer.p12"],
        &pin(),
    ));
    ok(&run(
        dir,
        &[
            "sign",
            "cv-1.pdf",
            "-o",
            "cv-2.pdf",
            "--p12",
            "agency.p12",
            "--vai-tro",
            "co-quan",
            "--nguon",
            "cv.yaml",
        ],
        &pin(),
    ));
}

fn setup() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    pki(t.path());
    images(t.path());
    render_seed(t.path());
    t
}

const PYHANKO: &str = r#"
import sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko.keys import load_cert_from_pemder
vc = ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[2])], allow_fetching=False, revocation_mode='soft-fail')
r = PdfFileReader(open(sys.argv[1], 'rb'))
for s in r.embedded_signatures:
    st = validate_pdf_signature(s, vc)
    print(s.field_name, st.intact, st.valid, st.trusted, st.bottom_line)
"#;

/// The fields of a PDF as pyHanko reads them: name, rect, and the font
/// sizes its appearance stream sets.
const FIELDS: &str = r#"
import sys, re
from pyhanko.pdf_utils.reader import PdfFileReader
r = PdfFileReader(open(sys.argv[1], 'rb'))
for f in r.root['/AcroForm']['/Fields']:
    f = f.get_object()
    ap = f['/AP']['/N'].get_object()
    sizes = sorted(set(re.findall(rb'([0-9.]+) Tf', ap.data)))
    print(f['/T'], *[float(v) for v in f['/Rect']], b','.join(sizes).decode() or '-')
"#;

fn pyhanko_ready() {
    let o = tool("python3", &["-c", "import pyhanko, pyhanko_certvalidator"]);
    assert!(
        o.status.success(),
        "pyHanko is needed (scripts/test.sh installs it)"
    );
}

#[test]
fn signer_then_agency_both_valid_for_vanban_poppler_and_pyhanko() {
    let t = setup();
    let d = t.path();
    sign_both(d);
    let signed = d.join("cv-2.pdf");
    // vanban: both valid, chain to the root, the first covered by the second.
    let out = ok(&run(
        d,
        &["verify-sig", "cv-2.pdf", "--tin-cay", "root.pem"],
        &[],
    ));
    assert_eq!(
        out.matches("HỢP LỆ").count() - out.matches("KHÔNG HỢP LỆ").count(),
        2,
        "{out}"
    );
    assert!(out.contains("CN=Phan Thế Tuấn"), "{out}");
    assert!(out.contains("Test Root CA"), "{out}");
    assert!(out.contains("toàn bộ tệp"), "{out}");
    // The Vietnamese alias.
    ok(&run(
        d,
        &["kiem-tra-chu-ky", "cv-2.pdf", "--tin-cay", "root.pem"],
        &[],
    ));
    // poppler.
    let o = tool("pdfsig", &[signed.to_str().unwrap()]);
    let s = common::stdout(&o);
    assert_eq!(s.matches("Signature is Valid.").count(), 2, "{s}");
    assert!(s.contains("ETSI.CAdES.detached"), "{s}");
    assert!(s.contains("Total document signed"), "{s}");
    // pyHanko, with the root as trust anchor.
    pyhanko_ready();
    let o = tool(
        "python3",
        &[
            "-c",
            PYHANKO,
            signed.to_str().unwrap(),
            d.join("root.pem").to_str().unwrap(),
        ],
    );
    let s = common::stdout(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        s.lines()
            .filter(|l| l.ends_with("True True True True"))
            .count(),
        2,
        "{s}"
    );
    // Still PDF/A: the identification is there, qpdf finds nothing.
    let bytes = std::fs::read(&signed).unwrap();
    assert!(common::squash(&String::from_utf8_lossy(&bytes)).contains("pdfaid:part"));
    let q = tool("qpdf", &["--check", signed.to_str().unwrap()]);
    assert!(q.status.success(), "{}", common::stdout(&q));
    assert!(!String::from_utf8_lossy(&bytes).contains("/Encrypt"));
    // The original bytes are untouched (incremental updates).
    let orig = std::fs::read(d.join("cv.pdf")).unwrap();
    assert_eq!(&bytes[..orig.len()], &orig[..]);
}

/// Issue 15 with 16: the văn thư issues a draft written without `ky_so:`;
/// the issued PDF/A still has the signer's field, so the signer and the
/// agency sign it as it is (no re-render, which would make it differ from
/// the register), the register still matches the issued file, and the
/// archive keeps the signed file.
#[test]
fn an_issued_document_is_signed_without_a_re_render() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    pki(d);
    images(d);
    let mut yaml = std::fs::read_to_string(root().join(common::SAMPLE)).unwrap();
    yaml = yaml.replace("../schema/", &format!("{}/schema/", root().display()));
    assert!(!yaml.contains("ky_so"));
    let yaml: String = yaml
        .lines()
        .filter(|l| !l.starts_with("so:"))
        .map(|l| {
            if l.starts_with("ngay:") {
                "ngay: 2024-04"
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(d.join("cv.yaml"), yaml).unwrap();
    ok(&run(
        d,
        &[
            "issue",
            "cv.yaml",
            "--so-dang-ky",
            "so.csv",
            "--ngay",
            "2024-04-19",
        ],
        &[],
    ));
    ok(&run(
        d,
        &[
            "sign",
            "cv.pdf",
            "-o",
            "cv-1.pdf",
            "--p12",
            "signer.p12",
            "--hinh-chu-ky",
            "chu-ky.png",
        ],
        &pin(),
    ));
    ok(&run(
        d,
        &[
            "sign",
            "cv-1.pdf",
            "-o",
            "cv-2.pdf",
            "--p12",
            "agency.p12",
            "--vai-tro",
            "co-quan",
            "--hinh-dau",
            "dau.png",
        ],
        &pin(),
    ));
    let o = tool("pdfsig", &[d.join("cv-2.pdf").to_str().unwrap()]);
    let s = common::stdout(&o);
    assert_eq!(s.matches("Signature is Valid.").count(), 2, "{s}");
    let out = ok(&run(d, &["register", "so.csv", "--kiem-tra"], &[]));
    assert!(out.contains("0 vấn đề"), "{out}");
    // `archive` keeps the signed file (the most signed copy of the issued
    // one beside it), and `verify --nguon` accepts it: the rebuilt file
    // with valid signatures added.
    // Archive into `kho`: what it said, and whether it kept cv-2.pdf.
    let archive = |kho: &str| -> (String, bool) {
        let o = run(d, &["archive", "cv.yaml", "-o", kho], &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let kept = std::fs::read(d.join(kho).join("2024-01-UBND-KTTH.pdf")).unwrap();
        (
            String::from_utf8_lossy(&o.stderr).into_owned(),
            kept == std::fs::read(d.join("cv-2.pdf")).unwrap(),
        )
    };
    let (err, signed_kept) = archive("kho");
    assert!(
        err.contains("cv-2.pdf") && err.contains("2 chữ ký"),
        "{err}"
    );
    assert!(signed_kept);
    let o = run(d, &["verify", "kho", "--nguon", "."], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 bản đã ký số"));
    // A copy whose signed bytes were changed is passed over, and said.
    let mut bad = std::fs::read(d.join("cv-2.pdf")).unwrap();
    let at = bad.len() - 200;
    bad[at] ^= 0x20;
    std::fs::write(d.join("cv-sai.pdf"), &bad).unwrap();
    let (err, signed_kept) = archive("kho2");
    assert!(
        err.contains("bỏ qua") && err.contains("cv-sai.pdf"),
        "{err}"
    );
    assert!(signed_kept);
    // A plain render (no `ky_so:`) prepares no field.
    std::fs::create_dir(d.join("nhap")).unwrap();
    let draft = std::fs::read_to_string(d.join("cv.yaml"))
        .unwrap()
        .replace("so: 1\n", "");
    std::fs::write(d.join("nhap/cv.yaml"), draft).unwrap();
    ok(&run(d, &["render", "nhap/cv.yaml", "--format", "pdf"], &[]));
    let o = run(
        d,
        &[
            "sign",
            "nhap/cv.pdf",
            "-o",
            "nhap/ky.pdf",
            "--p12",
            "signer.p12",
            "--hinh-chu-ky",
            "chu-ky.png",
        ],
        &pin(),
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("vanban issue") && err.contains("ky_so"),
        "{err}"
    );
}

#[test]
fn a_flipped_byte_anywhere_is_caught() {
    let t = setup();
    let d = t.path();
    sign_both(d);
    let bytes = std::fs::read(d.join("cv-2.pdf")).unwrap();
    let n = bytes.len();
    // Spread over the file: the original, the first signature's update,
    // its /Contents, the second update, the end.
    let mut positions: Vec<usize> = (1..24).map(|i| n * i / 24).collect();
    positions.extend([200, n - 30, n - 1]);
    let sig_at = bytes.windows(10).position(|w| w == b"/Contents<").unwrap();
    positions.extend([sig_at + 30, sig_at + 3000]);
    for at in positions {
        let mut b = bytes.clone();
        b[at] = if b[at] == b'7' { b'3' } else { b'7' };
        let f = d.join("x.pdf");
        std::fs::write(&f, &b).unwrap();
        let o = run(d, &["verify-sig", "x.pdf", "--tin-cay", "root.pem"], &[]);
        assert!(
            !o.status.success(),
            "flip at {at} of {n} not caught: {}",
            common::stdout(&o)
        );
        assert_eq!(o.status.code(), Some(2));
    }
    // pdfsig agrees on a flip in the signed page content and in the
    // second update.
    for at in [n / 3, n - 200] {
        let mut b = bytes.clone();
        b[at] ^= 0x01;
        let f = d.join("y.pdf");
        std::fs::write(&f, &b).unwrap();
        let s = common::stdout(&tool("pdfsig", &[f.to_str().unwrap()]));
        assert!(
            s.matches("Signature is Valid.").count() < 2,
            "pdfsig missed a flip at {at}: {s}"
        );
    }
}

#[test]
fn wrong_password_and_bad_certificates_are_refused_in_vietnamese_without_output() {
    let t = setup();
    let d = t.path();
    let try_sign = |p12: &str, env: &[(&str, &str)]| {
        let out = d.join("ra.pdf");
        let _ = std::fs::remove_file(&out);
        let o = run(d, &["sign", "cv.pdf", "-o", "ra.pdf", "--p12", p12], env);
        assert_eq!(o.status.code(), Some(2));
        assert!(!out.exists(), "an output was written");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let e = try_sign("signer.p12", &[("VANBAN_PIN", "sai-mat-khau")]);
    assert!(e.contains("sai mật khẩu"), "{e}");
    assert!(!e.contains("sai-mat-khau"), "the password was printed: {e}");
    let e = try_sign("old.p12", &pin());
    assert!(e.contains("đã hết hạn ngày 01/01/2021"), "{e}");
    let e = try_sign("future.p12", &pin());
    assert!(e.contains("chưa có hiệu lực"), "{e}");
    // No password and no terminal: told where to put it.
    let e = try_sign("signer.p12", &[]);
    assert!(e.contains("VANBAN_PIN"), "{e}");
    // An image without transparency.
    let o = run(
        d,
        &[
            "sign",
            "cv.pdf",
            "-o",
            "ra.pdf",
            "--p12",
            "signer.p12",
            "--hinh-chu-ky",
            "den.png",
        ],
        &pin(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nền trong suốt"));
    // Verifying an unsigned file fails.
    assert_eq!(
        run(d, &["verify-sig", "cv.pdf"], &[]).status.code(),
        Some(2)
    );
}

#[test]
fn images_and_stamps_sit_where_phu_luc_i_draws_them() {
    let t = setup();
    let d = t.path();
    sign_both(d);
    pyhanko_ready();
    let o = tool(
        "python3",
        &["-c", FIELDS, d.join("cv-2.pdf").to_str().unwrap()],
    );
    let s = common::stdout(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rect = |name: &str| -> [f64; 4] {
        let l = s
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {s}"));
        let v: Vec<f64> = l
            .split_whitespace()
            .skip(1)
            .take(4)
            .map(|x| x.parse().unwrap())
            .collect();
        [v[0], v[1], v[2], v[3]]
    };
    let sig = rect("NguoiKy");
    let seal = rect("CoQuan");
    // The signature image in the signer's column (30 + 80 mm … 195 mm),
    // between the title and the name.
    assert!(
        sig[0] >= 110.0 * MM - 1.0 && sig[2] <= 195.0 * MM + 1.0,
        "{sig:?}"
    );
    // Word boxes (top-down) of the signer's name and title on the last page.
    let bbox = common::stdout(&tool(
        "pdftotext",
        &["-bbox", d.join("cv-2.pdf").to_str().unwrap(), "-"],
    ));
    let word = |w: &str, key: &str| -> f64 {
        let l = bbox
            .lines()
            .rfind(|l| l.ends_with(&format!(">{w}</word>")))
            .unwrap();
        let i = l.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        l[i..].split('"').next().unwrap().parse().unwrap()
    };
    let page_h = 841.89;
    let name_top = word("Phan", "yMin");
    let title_bottom = word("PHÓ", "yMax");
    assert!(
        page_h - sig[1] <= name_top + 1.0,
        "image over the name: {sig:?} {name_top}"
    );
    assert!(
        page_h - sig[3] >= title_bottom - 1.0,
        "image over the title: {sig:?} {title_bottom}"
    );
    // Centred in the column.
    let col_mid = (110.0 + 195.0) / 2.0 * MM;
    assert!(((sig[0] + sig[2]) / 2.0 - col_mid).abs() < 2.0, "{sig:?}");
    // The seal: 36 mm, its right edge a third into the signature image,
    // covering its left third.
    assert!(((seal[2] - seal[0]) - 36.0 * MM).abs() < 0.5, "{seal:?}");
    let third = sig[0] + (sig[2] - sig[0]) / 3.0;
    assert!((seal[2] - third).abs() < 0.5, "{seal:?} {sig:?}");
    assert!(seal[0] < sig[0] && seal[1] < sig[3] && seal[3] > sig[1]);

    // An attachment and an electronic copy: text, top right of page 1,
    // inside the top and right margins, 10 pt.
    ok(&run(
        d,
        &[
            "sign",
            "cv.pdf",
            "-o",
            "dk.pdf",
            "--p12",
            "agency.p12",
            "--vai-tro",
            "dinh-kem",
        ],
        &pin(),
    ));
    ok(&run(
        d,
        &[
            "sign",
            "cv.pdf",
            "-o",
            "sao.pdf",
            "--p12",
            "agency.p12",
            "--vai-tro",
            "sao",
        ],
        &pin(),
    ));
    for (f, field) in [("dk.pdf", "DinhKem"), ("sao.pdf", "BanSao")] {
        let o = tool("python3", &["-c", FIELDS, d.join(f).to_str().unwrap()]);
        let s = common::stdout(&o);
        let l = s
            .lines()
            .find(|l| l.starts_with(field))
            .unwrap_or_else(|| panic!("{field}: {s}"));
        let v: Vec<&str> = l.split_whitespace().collect();
        let r: Vec<f64> = v[1..5].iter().map(|x| x.parse().unwrap()).collect();
        assert!(r[2] <= 595.28 - 15.0 * MM + 0.5, "{f}: {r:?}");
        assert!(
            r[3] <= page_h && r[1] >= page_h - 20.0 * MM,
            "{f}: not in the top margin {r:?}"
        );
        assert_eq!(v[5], "10", "{f}: font sizes {}", v[5]);
        let out = ok(&run(d, &["verify-sig", f, "--tin-cay", "root.pem"], &[]));
        assert!(out.contains("HỢP LỆ"), "{out}");
        let s = common::stdout(&tool("pdfsig", &[d.join(f).to_str().unwrap()]));
        assert!(s.contains("Signature is Valid."), "{s}");
    }
}

#[test]
fn softhsm2_token_signs_like_a_p12() {
    let t = setup();
    let d = t.path();
    let lib = [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
    .expect("SoftHSM2 is needed (scripts/test.sh installs softhsm2)");
    std::fs::create_dir(d.join("tokens")).unwrap();
    std::fs::write(
        d.join("softhsm2.conf"),
        format!(
            "directories.tokendir = {}/tokens\nobjectstore.backend = file\n",
            d.display()
        ),
    )
    .unwrap();
    let conf = d.join("softhsm2.conf");
    let conf = conf.to_str().unwrap();
    sh(
        d,
        &format!(
            r#"
export SOFTHSM2_CONF={conf}
softhsm2-util --init-token --free --label vanban --pin 246810 --so-pin 135790 >/dev/null
openssl pkcs8 -topk8 -nocrypt -in signer.key -out signer.pk8
softhsm2-util --import signer.pk8 --token vanban --label khoa --id 01 --pin 246810 >/dev/null
for c in signer:01 int:02 root:03; do
  openssl x509 -in ${{c%%:*}}.pem -outform DER -out ${{c%%:*}}.der
  pkcs11-tool --module {lib} --token-label vanban --login --pin 246810 --write-object ${{c%%:*}}.der --type cert --id ${{c##*:}} --label ${{c%%:*}} >/dev/null
done
"#
        ),
    );
    let env = [("SOFTHSM2_CONF", conf), ("VANBAN_PIN", "246810")];
    ok(&run(
        d,
        &[
            "sign", "cv.pdf", "-o", "hsm.pdf", "--pkcs11", lib, "--slot", "0",
        ],
        &env,
    ));
    let out = ok(&run(
        d,
        &["verify-sig", "hsm.pdf", "--tin-cay", "root.pem"],
        &[],
    ));
    assert!(
        out.contains("CN=Phan Thế Tuấn") && out.contains("Test Root CA"),
        "{out}"
    );
    let s = common::stdout(&tool("pdfsig", &[d.join("hsm.pdf").to_str().unwrap()]));
    assert!(s.contains("Signature is Valid."), "{s}");
    // The agency signs over it with its .p12: both stay valid.
    ok(&run(
        d,
        &[
            "sign",
            "hsm.pdf",
            "-o",
            "hsm-2.pdf",
            "--p12",
            "agency.p12",
            "--vai-tro",
            "co-quan",
            "--hinh-dau",
            "dau.png",
        ],
        &pin(),
    ));
    let s = common::stdout(&tool("pdfsig", &[d.join("hsm-2.pdf").to_str().unwrap()]));
    assert_eq!(s.matches("Signature is Valid.").count(), 2, "{s}");
    // A wrong PIN.
    let o = run(
        d,
        &[
            "sign", "cv.pdf", "-o", "sai.pdf", "--pkcs11", lib, "--slot", "0",
        ],
        &[("SOFTHSM2_CONF", conf), ("VANBAN_PIN", "000000")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("PIN"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!d.join("sai.pdf").exists());
}

/// For printing, the DOCX shows the signature centred in its space and the
/// seal over its left third, both in front of the text (Phụ lục I).
#[test]
fn the_docx_shows_signature_and_seal_for_printing() {
    let dir = tempfile::tempdir().unwrap();
    images(dir.path());
    let mut yaml = std::fs::read_to_string(root().join(common::SAMPLE)).unwrap();
    yaml.push_str("\nky_so:\n  chu_ky: chu-ky.png\n  con_dau: dau.png\n  dau_rong: 36\n");
    std::fs::write(dir.path().join("cv.yaml"), yaml).unwrap();
    let o = run(dir.path(), &["render", "cv.yaml", "--format", "docx"], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docx = dir.path().join("cv.docx");
    let xml = common::docx_part(&docx, "word/document.xml");
    let anchors: Vec<&str> = xml.split("<wp:anchor ").skip(1).collect();
    assert_eq!(anchors.len(), 2, "signature and seal");
    let num = |a: &str, key: &str| -> i64 {
        let i = a.find(key).unwrap() + key.len();
        a[i..]
            .split(|c: char| !c.is_ascii_digit() && c != '-')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (sig, seal) = (anchors[0], anchors[1]);
    for a in [sig, seal] {
        assert!(
            a.contains("layoutInCell=\"1\"") && a.contains("allowOverlap=\"1\""),
            "{a}"
        );
        assert!(a.contains("<wp:wrapNone />"), "in front of the text");
    }
    let mm = |emu: i64| emu as f64 / 36_000.0;
    let sig_x = mm(num(
        sig,
        "<wp:positionH relativeFrom=\"column\"><wp:posOffset>",
    ));
    let sig_w = mm(num(sig, "<wp:extent cx=\""));
    let seal_x = mm(num(
        seal,
        "<wp:positionH relativeFrom=\"column\"><wp:posOffset>",
    ));
    let seal_w = mm(num(seal, "<wp:extent cx=\""));
    assert!(
        (seal_w - 36.0).abs() < 0.1,
        "the seal at its real size: {seal_w}"
    );
    // Centred in the 85 mm signer column; the seal's right edge a third
    // into the signature.
    assert!((sig_x + sig_w / 2.0 - 42.5).abs() < 0.5, "{sig_x} {sig_w}");
    assert!((seal_x + seal_w - (sig_x + sig_w / 3.0)).abs() < 0.5);
    // LibreOffice prints both on the signature page.
    let lo = common::soffice_pdf(&docx, dir.path());
    let list = String::from_utf8_lossy(
        &std::process::Command::new("pdfimages")
            .args(["-list", lo.to_str().unwrap()])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(list.lines().count() >= 4, "{list}");
}
