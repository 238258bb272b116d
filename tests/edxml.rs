//! Issue 15: the exchange package (edXML, QCVN 102:2016/BTTTT) of the
//! issued seed sample, parsed back with Python's XML parser: every header
//! field against the document, the archive's Phụ lục VI record (one mapping,
//! two outputs) and the attached PDF against the issued file and its
//! SHA-256.

mod common;

use std::path::Path;

use common::*;

/// Every field of the package as JSON, read by xml.etree.
const READ: &str = r#"
import sys, json, base64, hashlib
import xml.etree.ElementTree as ET
E = "{http://www.mic.gov.vn/TBT/QCVN_102_2016}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
XL = "{http://www.w3.org/1999/xlink}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == E + "edXML", root.tag
env = root.find(E + "edXMLEnvelope")
h = env.find(E + "edXMLHeader/" + E + "MessageHeader")
def t(el, path):
    x = el.find("/".join(E + p for p in path.split("/")))
    assert x is not None, path
    return x.text or ""
out = {
  "from": {k: t(h, "From/" + k) for k in ["OrganId", "OrganizationInCharge", "OrganName", "OrganAdd", "Email", "Telephone", "Fax", "Website"]},
  "to": [{"OrganId": t(x, "OrganId"), "OrganName": t(x, "OrganName")} for x in h.findall(E + "To")],
  "CodeNumber": t(h, "Code/CodeNumber"),
  "CodeNotation": t(h, "Code/CodeNotation"),
  "Place": t(h, "PromulgationInfo/Place"),
  "PromulgationDate": t(h, "PromulgationInfo/PromulgationDate"),
  "Type": t(h, "DocumentType/Type"),
  "TypeName": t(h, "DocumentType/TypeName"),
  "Subject": t(h, "Subject"),
  "Content": t(h, "Content"),
  "Competence": t(h, "SignerInfo/Competence"),
  "Position": t(h, "SignerInfo/Position"),
  "FullName": t(h, "SignerInfo/FullName"),
  "DueDate": t(h, "DueDate"),
  "ToPlaces": [x.text for x in h.find(E + "ToPlaces")],
  "Priority": t(h, "OtherInfo/Priority"),
  "SphereOfPromulgation": t(h, "OtherInfo/SphereOfPromulgation"),
  "TyperNotation": t(h, "OtherInfo/TyperNotation"),
  "PromulgationAmount": t(h, "OtherInfo/PromulgationAmount"),
  "PageAmount": t(h, "OtherInfo/PageAmount"),
  "Appendixes": [x.text for x in h.find(E + "OtherInfo/" + E + "Appendixes")],
  "SteeringType": t(h, "SteeringType"),
  "DocumentId": t(h, "DocumentId"),
  "TraceOrganId": t(env, "edXMLHeader/TraceHeaderList/TraceHeader/OrganId"),
  "Timestamp": t(env, "edXMLHeader/TraceHeaderList/TraceHeader/Timestamp"),
}
refs = env.findall(E + "edXMLBody/" + E + "edXMLManifest/" + E + "Reference")
digests = {r.get("URI"): (r.find(DS + "DigestMethod").get("Algorithm"), r.find(DS + "DigestValue").text)
           for r in env.find(E + "edXMLHeader").find(DS + "Manifest").findall(DS + "Reference")}
att = []
for a in root.find(E + "AttachmentEncoded").findall(E + "Attachment"):
    data = base64.b64decode(a.find(E + "ContentTransferEncoded").text)
    cid = a.find(E + "ContentId").text
    ref = [r for r in refs if r.get(XL + "href") == "cid:" + cid][0]
    alg, dv = digests["cid:" + cid]
    att.append({
      "name": a.find(E + "AttachmentName").text,
      "type": a.find(E + "ContentType").text,
      "ref_name": t(ref, "AttachmentName"),
      "ref_type": t(ref, "ContentType"),
      "sha256": hashlib.sha256(data).hexdigest(),
      "digest_ok": base64.b64decode(dv) == hashlib.sha256(data).digest(),
      "digest_alg": alg,
      "size": len(data),
    })
out["attachments"] = att
print(json.dumps(out, ensure_ascii=False))
"#;

fn issued_seed(d: &Path) {
    let text = std::fs::read_to_string(root().join(SAMPLE))
        .unwrap()
        .replace("so: 1956", "so:")
        .replace("ngay: 2024-04-19", "ngay: 2024-04")
        // Urgent, with its copies counted and its drafter: Priority,
        // PromulgationAmount and TyperNotation have something to carry.
        .replace(
            "loai: cong_van\n",
            "loai: cong_van\ndo_khan: khan\nnguoi_soan: PL\nso_ban: 30\n",
        );
    std::fs::write(d.join("cv.yaml"), text).unwrap();
    std::fs::write(
        d.join(".vanban.yaml"),
        "so_dang_ky: so.csv\n\
         lien_thong:\n\
         \x20 ma_dinh_danh: 000.00.00.H06\n\
         \x20 noi_nhan:\n\
         \x20   Công an tỉnh: 000.00.31.H06\n\
         \x20   báo bắc giang: 000.00.50.H06\n",
    )
    .unwrap();
    let o = vanban(d, &["issue", "cv.yaml", "--ngay", "2024-04-19"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_seed_samples_package_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued_seed(d);
    let o = vanban(d, &["edxml", "cv.yaml"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    // The two groups have no id: named in ToPlaces only, and said so.
    assert!(
        err.contains("chưa có mã định danh của Các sở, cơ quan thuộc UBND tỉnh"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&python(READ, &d.join("cv.edxml"))).unwrap();
    let s = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("{k}: {v}"))
            .to_string()
    };

    assert_eq!(v["from"]["OrganId"], "000.00.00.H06");
    assert_eq!(v["from"]["OrganName"], "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG");
    assert_eq!(
        v["from"]["OrganizationInCharge"],
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"
    );
    assert_eq!(
        v["to"],
        serde_json::json!([
            {"OrganId": "000.00.31.H06", "OrganName": "Công an tỉnh"},
            {"OrganId": "000.00.50.H06", "OrganName": "Báo Bắc Giang"},
        ])
    );
    assert_eq!(s("CodeNumber"), "01");
    assert_eq!(s("CodeNotation"), "UBND-KTTH");
    assert_eq!(s("Place"), "Bắc Giang");
    assert_eq!(s("PromulgationDate"), "2024/04/19");
    assert_eq!(s("Type"), "2");
    assert_eq!(s("TypeName"), "Công văn");
    let subject = "tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh";
    assert_eq!(s("Subject"), subject);
    assert_eq!(s("Content"), subject);
    assert_eq!(s("Competence"), "KT. CHỦ TỊCH");
    assert_eq!(s("Position"), "PHÓ CHỦ TỊCH");
    assert_eq!(s("FullName"), "Phan Thế Tuấn");
    assert_eq!(s("DueDate"), "", "the sample's tasks have no deadline");
    assert_eq!(
        v["ToPlaces"],
        serde_json::json!([
            "Các sở, cơ quan thuộc UBND tỉnh",
            "Công an tỉnh",
            "Báo Bắc Giang",
            "UBND huyện, thị xã, thành phố"
        ])
    );
    assert_eq!(s("Priority"), "1", "khẩn");
    assert_eq!(s("TyperNotation"), "PL");
    assert_eq!(s("PromulgationAmount"), "30");
    assert_eq!(s("SteeringType"), "1", "it assigns tasks");
    assert_eq!(v["Appendixes"], serde_json::json!([]));
    assert_eq!(s("DocumentId"), "000.00.00.H06,2024/04/19,01/UBND-KTTH");
    assert_eq!(s("TraceOrganId"), "000.00.00.H06");
    assert_eq!(s("Timestamp").len(), "2024/04/19 08:00:00".len());

    // The page count is the issued PDF's.
    let pdf = std::fs::read(d.join("cv.pdf")).unwrap();
    let info = stdout(&tool("pdfinfo", &[d.join("cv.pdf").to_str().unwrap()]));
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(s("PageAmount"), pages);

    // The attachment is the issued PDF, byte for byte, with its digest.
    let att = &v["attachments"][0];
    assert_eq!(v["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(att["name"], "cv.pdf");
    assert_eq!(att["ref_name"], "cv.pdf");
    assert_eq!(att["type"], "application/pdf");
    assert_eq!(att["ref_type"], "application/pdf");
    assert_eq!(att["sha256"], vanban::engine::output::sha256_hex(&pdf));
    assert_eq!(att["digest_ok"], true);
    assert_eq!(att["digest_alg"], "http://www.w3.org/2001/04/xmlenc#sha256");
    let csv = std::fs::read_to_string(d.join("so.csv")).unwrap();
    assert!(
        csv.contains(att["sha256"].as_str().unwrap()),
        "the register's hash"
    );

    // One mapping, two outputs: the archive's Phụ lục VI record says the same.
    let o = vanban(d, &["archive", "cv.yaml", "-o", "kho"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("kho/manifest.json")).unwrap()).unwrap();
    let r = &m["documents"][0];
    for (record, edxml) in [
        ("TypeName", "TypeName"),
        ("CodeNumber", "CodeNumber"),
        ("CodeNotation", "CodeNotation"),
        ("OrganName", "from"),
        ("Subject", "Subject"),
        ("SignerPosition", "Position"),
        ("SignerFullName", "FullName"),
        ("To", "ToPlaces"),
        ("PageAmount", "PageAmount"),
        ("Priority", "Priority"),
        ("IssuedAmount", "PromulgationAmount"),
    ] {
        let a = match &r[record] {
            serde_json::Value::Number(n) => serde_json::Value::String(n.to_string()),
            x => x.clone(),
        };
        let b = if edxml == "from" {
            v["from"]["OrganName"].clone()
        } else {
            v[edxml].clone()
        };
        assert_eq!(a, b, "{record} / {edxml}");
    }
    assert_eq!(
        r["IssuedDate"].as_str().unwrap().replace('-', "/"),
        s("PromulgationDate")
    );
}

/// Only the issued document goes out: a draft, a document changed since
/// issue, or one without the organs' ids is refused, with what to do.
#[test]
fn only_the_issued_document_is_packaged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    issued_seed(d);
    let text = std::fs::read_to_string(d.join("cv.yaml")).unwrap();
    std::fs::write(
        d.join("cv.yaml"),
        text.replace("trich_yeu: ", "trich_yeu: sửa, "),
    )
    .unwrap();
    let o = vanban(d, &["edxml", "cv.yaml"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("đã đổi sau khi ban hành"), "{err}");
    assert!(!d.join("cv.edxml").exists());
    std::fs::write(d.join("cv.yaml"), &text).unwrap();

    let draft = text.replace("\nso: 1\n", "\nso:\n");
    std::fs::write(d.join("nhap.yaml"), draft).unwrap();
    let o = vanban(d, &["edxml", "nhap.yaml"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("bản dự thảo"), "{err}");

    std::fs::write(d.join(".vanban.yaml"), "so_dang_ky: so.csv\n").unwrap();
    let o = vanban(d, &["edxml", "cv.yaml", "-o", "goi.edxml"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("mã định danh của cơ quan gửi") && err.contains("ma_dinh_danh"),
        "{err}"
    );
    let o = vanban(
        d,
        &[
            "edxml",
            "cv.yaml",
            "-o",
            "goi.edxml",
            "--ma-gui",
            "000.00.00.H06",
            "--ma-nhan",
            "000.00.31.H06",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&python(READ, &d.join("goi.edxml"))).unwrap();
    assert_eq!(v["to"][0]["OrganId"], "000.00.31.H06");
}
