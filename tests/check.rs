//! `vanban check`: every rule fires on a failing example and stays quiet on
//! the passing one; exit codes; JSON; --fix; render refuses on errors.

mod common;

use common::*;

/// A clean công văn; each test changes one thing.
const BASE: &str = r#"co_quan:
  ten: |-
    Ủy ban nhân dân
    tỉnh Bắc Giang
  viet_tat: UBND
so: 15
don_vi_soan_thao: KTTH
dia_danh: Bắc Giang
ngay: 2024-04-19
trich_yeu: tăng cường quản lý cụm công nghiệp
kinh_gui:
  - Các sở, cơ quan thuộc UBND tỉnh
  - Công an tỉnh
mo_dau:
  - Thực hiện Nghị định số 32/2024/NĐ-CP ngày 15/3/2024 của Chính phủ về quản lý, phát triển cụm công nghiệp, Ủy ban nhân dân tỉnh có ý kiến như sau
phan_cong:
  - don_vi: Sở Công Thương
    nhiem_vu:
      - noi_dung: Rà soát phương án phát triển cụm công nghiệp theo khoản 2 Điều 27 của Nghị định.
        han: 2024-05-31
  - don_vi: Công an tỉnh
    nhiem_vu:
      - Kiểm tra công tác phòng cháy, chữa cháy tại các cụm công nghiệp.
ket_luan:
  - Giao Sở Công Thương theo dõi, đôn đốc thực hiện
nguoi_ky:
  quyen_han: KT.
  thu_truong: Chủ tịch
  chuc_vu: Phó Chủ tịch
  ho_ten: Phan Thế Tuấn
noi_nhan:
  - Như trên
  - Chủ tịch, các PCT UBND tỉnh
luu: VT, KTTH
"#;

/// `vanban check` on a YAML text: exit code and human output.
fn check(yaml: &str, extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), yaml).unwrap();
    let mut args = vec!["check", "x.yaml"];
    if !extra.contains(&"--tuong-lai") {
        args.extend(["--tuong-lai", "100000"]);
    }
    args.extend_from_slice(extra);
    let o = vanban(dir.path(), &args);
    let text = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    (o.status.code().unwrap(), text)
}

fn fires(yaml: &str, code: &str) -> String {
    let (_, out) = check(yaml, &[]);
    assert!(
        out.contains(&format!("[{code}]")),
        "{code} did not fire:\n{out}"
    );
    out
}

#[test]
fn the_base_document_and_the_sample_are_clean() {
    let (code, out) = check(BASE, &["--strict"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 lỗi, 0 cảnh báo"), "{out}");
    let o = vanban(&root(), &["check", SAMPLE, "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn signer_rules() {
    let out = fires(
        &BASE.replace("  chuc_vu: Phó Chủ tịch", "  chuc_vu: Chủ tịch"),
        "ND30-KY-01",
    );
    assert!(
        out.contains("x.yaml:28:")
            && out.contains("lỗi[ND30-KY-01]")
            && out.contains("= ND30:")
            && out.contains("= sửa:"),
        "{out}"
    );
    fires(
        &BASE.replace("quyen_han: KT.", "quyen_han: TM."),
        "ND30-KY-02",
    );
    let tm_ok = BASE
        .replace("quyen_han: KT.", "quyen_han: TM.")
        .replace("thu_truong: Chủ tịch", "thu_truong: Ủy ban nhân dân")
        .replace("chuc_vu: Phó Chủ tịch", "chuc_vu: Chủ tịch");
    assert_eq!(check(&tm_ok, &[]).0, 0);
    fires(
        &BASE
            .replace("quyen_han: KT.", "quyen_han: TL.")
            .replace("chuc_vu: Phó Chủ tịch", "chuc_vu: Chủ tịch"),
        "ND30-KY-03",
    );
    let tl_ok = BASE
        .replace("quyen_han: KT.", "quyen_han: TL.")
        .replace("chuc_vu: Phó Chủ tịch", "chuc_vu: Chánh Văn phòng");
    assert_eq!(check(&tl_ok, &[]).0, 0);
    let out = fires(
        &BASE.replace("ho_ten: Phan Thế Tuấn", "ho_ten: TS. Phan Thế Tuấn"),
        "ND30-KY-04",
    );
    assert!(out.contains("`ho_ten: Phan Thế Tuấn`"), "{out}");
}

#[test]
fn symbol_rule() {
    fires(
        &BASE.replace("don_vi_soan_thao: KTTH", "don_vi_soan_thao: ktth"),
        "ND30-SO-01",
    );
}

#[test]
fn date_rules() {
    let future = BASE
        .replace("ngay: 2024-04-19", "ngay: 2099-04-19")
        .replace("han: 2024-05-31", "han: 2099-05-31");
    let (code, out) = check(&future, &["--tuong-lai", "30"]);
    assert_eq!(code, 0, "a warning does not fail: {out}");
    assert!(out.contains("cảnh báo[ND30-NG-01]"), "{out}");
    let (code, _) = check(&future, &["--tuong-lai", "30", "--strict"]);
    assert_eq!(code, 1, "--strict fails on warnings");
    fires(
        &BASE.replace("ngày 15/3/2024", "ngày 15/5/2024"),
        "ND30-NG-02",
    );
    // An effective date after the issue date is not a citation.
    assert_eq!(
        check(
            &BASE.replace("như sau", "(có hiệu lực từ 01/5/2024) như sau"),
            &[]
        )
        .0,
        0
    );
    fires(
        &BASE.replace("han: 2024-05-31", "han: 2024-04-10"),
        "ND30-NG-03",
    );
    let out = fires(
        &BASE.replace("ngày 15/3/2024", "ngày 5/03/2024"),
        "ND30-NG-04",
    );
    assert!(out.contains("\"05/3/2024\""), "{out}");
}

#[test]
fn grounds_and_articles() {
    let qd = std::fs::read_to_string(root().join("samples/quyet-dinh-to-cong-tac.yaml")).unwrap();
    let out = fires(
        &qd.replace(
            "Nghị định số 32/2024/NĐ-CP ngày 15/3/2024",
            "Nghị định về cụm công nghiệp",
        ),
        "ND30-CC-01",
    );
    assert!(out.contains("chưa nêu số, ký hiệu"), "{out}");
    fires(
        &qd.replace("ngày 15/3/2024 của Chính phủ", "của Chính phủ"),
        "ND30-CC-01",
    );
    // A law is cited by its name alone.
    assert!(!check(&qd, &[]).1.contains("ND30-CC-01"));
    let out = fires(
        &qd.replace("  - Như Điều 3", "  - Như Điều 4"),
        "ND30-NN-05",
    );
    assert!(out.contains("không có Điều 4 (có 3 Điều)"), "{out}");
    assert!(!check(&qd, &[]).1.contains("ND30-NN-05"));
    // A ground dated after the issue date, in the long form.
    fires(
        &qd.replace("ngày 19 tháng 6 năm 2015", "ngày 19 tháng 6 năm 2025")
            .replace(
                "Luật Tổ chức chính quyền địa phương",
                "Nghị quyết số 01/2025/QH15",
            ),
        "ND30-NG-02",
    );
}

#[test]
fn kinh_gui_only_for_the_kinds_that_take_it() {
    let qd = format!("loai: quyet_dinh\n{BASE}");
    let out = fires(&qd, "ND30-KG-01");
    assert!(out.contains("Quyết định không dùng \"Kính gửi\""), "{out}");
    let tt = format!("loai: to_trinh\n{BASE}");
    let (code, out) = check(&tt, &[]);
    assert_eq!(code, 0, "a tờ trình takes Kính gửi: {out}");
    assert!(!out.contains("ND30-KG-01"));
}

#[test]
fn recipient_rules() {
    let no_kg = BASE.replace(
        "kinh_gui:\n  - Các sở, cơ quan thuộc UBND tỉnh\n  - Công an tỉnh\n",
        "",
    );
    fires(&no_kg, "ND30-NN-01");
    fires(&BASE.replace("luu: VT, KTTH\n", ""), "ND30-NN-02");
    let out = fires(&BASE.replace("luu: VT, KTTH", "luu: KTTH"), "ND30-NN-02");
    assert!(out.contains("`luu: VT, KTTH`"), "{out}");
    fires(
        &BASE.replace(
            "  - Công an tỉnh\nmo_dau",
            "  - Công an tỉnh\n  - công an tỉnh\nmo_dau",
        ),
        "ND30-NN-03",
    );
    fires(
        &BASE.replace(
            "  - Chủ tịch, các PCT UBND tỉnh",
            "  - Chủ tịch, các PCT UBND tỉnh\n  - Chủ tịch, các PCT UBND tỉnh",
        ),
        "ND30-NN-03",
    );
    let out = fires(
        &BASE.replace("  - don_vi: Công an tỉnh", "  - don_vi: UBND huyện Yên Thế"),
        "ND30-NN-04",
    );
    assert!(out.contains("UBND huyện Yên Thế"), "{out}");
    fires(
        &BASE.replace("  - Công an tỉnh\nmo_dau", "  - Công an tỉnh;\nmo_dau"),
        "ND30-DC-01",
    );
    fires(
        &BASE.replace(
            "theo dõi, đôn đốc thực hiện",
            "theo dõi, đôn đốc thực hiện./.",
        ),
        "ND30-DC-01",
    );
}

#[test]
fn text_rules() {
    let out = fires(
        &BASE.replace("Thực hiện Nghị định số", "Thực hiện nghị định số"),
        "ND30-VH-01",
    );
    assert!(out.contains("\"Nghị định số\""), "{out}");
    fires(
        &BASE.replace(
            "Ủy ban nhân dân tỉnh có ý kiến",
            "Ủy Ban Nhân Dân tỉnh có ý kiến",
        ),
        "ND30-VH-01",
    );
    fires(
        &BASE.replace("theo khoản 2 Điều 27", "theo Khoản 2 điều 27"),
        "ND30-VH-01",
    );
    let out = fires(
        &BASE.replace("phòng cháy, chữa cháy", "phòng cháy, chữa cháy, hoà giải"),
        "ND30-DA-01",
    );
    assert!(out.contains("\"hòa\""), "{out}");
    // The other style, chosen: "hòa" is now the odd one.
    let (_, out) = check(
        &BASE.replace("phòng cháy, chữa cháy", "phòng cháy, chữa cháy, hòa giải"),
        &["--kieu-dau", "cu"],
    );
    assert!(
        out.contains("[ND30-DA-01]") && out.contains("\"hoà\""),
        "{out}"
    );
    assert!(!check(
        &BASE.replace(
            "phòng cháy, chữa cháy",
            "phòng cháy, chữa cháy, quý, hoàn thành"
        ),
        &[]
    )
    .1
    .contains("ND30-DA-01"));
    fires(
        &BASE.replace("Kiểm tra công tác", "Kiểm tra\u{200b} công tác"),
        "ND30-KT-01",
    );
    fires(
        &BASE.replace("Kiểm tra công tác", "Kiểm tra\u{a0}công tác"),
        "ND30-KT-01",
    );
}

#[test]
fn legacy_text_is_found_and_fixed() {
    let yaml = BASE.replace(
        "Kiểm tra công tác phòng cháy, chữa cháy tại các cụm công nghiệp.",
        "\"KiÓm tra c«ng t¸c phßng ch¸y, ch÷a ch¸y t¹i c¸c cụm c«ng nghiÖp.\"",
    );
    let out = fires(&yaml, "ND30-MA-01");
    assert!(out.contains("TCVN3"), "{out}");
    let vni = BASE.replace(
        "Kiểm tra công tác phòng cháy, chữa cháy tại các cụm công nghiệp.",
        "Kieåm tra coâng taùc phoøng chaùy, chöõa chaùy taïi caùc cuïm coâng nghieäp.",
    );
    fires(&vni, "ND30-MA-01");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.yaml");
    std::fs::write(&path, &yaml).unwrap();
    let o = vanban(
        dir.path(),
        &["check", "x.yaml", "--fix", "--tuong-lai", "100000"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("Kiểm tra công tác phòng cháy, chữa cháy tại các cụm công nghiệp."),
        "{fixed}"
    );
}

#[test]
fn json_output_and_render_refusing_errors() {
    let bad = BASE.replace("  chuc_vu: Phó Chủ tịch", "  chuc_vu: Chủ tịch");
    let (code, out) = check(&bad, &["--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(out.split("\n0 lỗi").next().unwrap())
        .unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["errors"], 1);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "ND30-KY-01");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 28);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), &bad).unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lỗi[ND30-KY-01]"));
    assert!(!dir.path().join("x.pdf").exists());
    // Warnings are printed and do not block.
    let warned = BASE.replace("Thực hiện Nghị định số", "Thực hiện nghị định số");
    std::fs::write(dir.path().join("w.yaml"), warned).unwrap();
    let o = vanban(dir.path(), &["render", "w.yaml", "--format", "pdf"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("cảnh báo[ND30-VH-01]"), "{err}");
    assert!(dir.path().join("w.pdf").exists());
}

#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&vanban::rules::rules_markdown()),
        "update the README's rules table from `vanban check --quy-tac`"
    );
}

#[test]
fn rules_read_the_clauses_and_points_of_articles_and_parts() {
    let kh = std::fs::read_to_string(root().join("samples/ke-hoach-cum-cong-nghiep.yaml")).unwrap();
    assert!(
        !check(&kh, &[]).1.contains("ND30-"),
        "the kế hoạch sample is clean"
    );
    let out = fires(
        &kh.replace(
            "Triển khai kịp thời, đồng bộ",
            "Triển khai nghị định số 32/2024/NĐ-CP kịp thời, đồng bộ",
        ),
        "ND30-VH-01",
    );
    assert!(out.contains("= trường: muc.khoan"), "{out}");
    let qd = std::fs::read_to_string(root().join("samples/quyet-dinh-to-cong-tac.yaml")).unwrap();
    let out = fires(
        &qd.replace(
            "          - Sở Tài chính;",
            "          - Sở Tài\u{200b} chính;",
        ),
        "ND30-KT-01",
    );
    assert!(out.contains("= trường: dieu.khoan"), "{out}");
}

#[test]
fn one_tone_warning_per_document_and_none_when_consistent() {
    // Written throughout in the old style: nothing to say.
    let old = BASE
        .replace("Ủy ban", "Uỷ ban")
        .replace("chữa cháy tại", "chữa cháy, hoà giải tại");
    let (code, out) = check(&old, &["--strict"]);
    assert_eq!(code, 0, "{out}");
    // Mixed: one warning naming the style, the count and where.
    let mixed = old.replace("Thực hiện Nghị định", "Thực hiện hòa giải và Nghị định");
    let (_, out) = check(&mixed, &[]);
    assert_eq!(out.matches("[ND30-DA-01]").count(), 1, "{out}");
    assert!(
        out.contains("1 từ đặt dấu khác kiểu văn bản dùng nhiều hơn, kiểu cũ"),
        "{out}"
    );
    assert!(out.contains("dòng 15 \"hòa\""), "{out}");
    // The document's choice wins over the count; the project file's too.
    let chosen = format!("kieu_dau: moi\n{old}");
    let (_, out) = check(&chosen, &[]);
    assert!(
        out.contains("3 từ đặt dấu khác kiểu đã chọn, kiểu mới"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".vanban.yaml"), "kieu_dau: moi\n").unwrap();
    std::fs::write(dir.path().join("x.yaml"), &old).unwrap();
    let o = vanban(dir.path(), &["check", ".", "--tuong-lai", "100000"]);
    let out = stdout(&o);
    assert!(out.contains("kiểu đã chọn, kiểu mới"), "{out}");
    assert!(
        !out.contains(".vanban.yaml:"),
        "the project file is not a document"
    );
    // --fix puts every word in the chosen style, keeps the rest.
    let o = vanban(
        dir.path(),
        &["check", "x.yaml", "--fix", "--tuong-lai", "100000"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let fixed = std::fs::read_to_string(dir.path().join("x.yaml")).unwrap();
    assert!(fixed.contains("Ủy ban") && fixed.contains("hòa giải") && !fixed.contains("Uỷ"));
    assert_eq!(fixed.lines().count(), old.lines().count());
}

#[test]
fn lookalike_letters_and_lone_legacy_names_are_found_and_fixed() {
    // A Cyrillic "а" (U+0430) in "của", as seen in a signed decision.
    let y = BASE.replace("của Chính phủ", "củ\u{430} Chính phủ");
    let out = fires(&y, "ND30-KT-02");
    assert!(out.contains("x.yaml:15:57"), "located: {out}");
    // A name pasted from a TCVN3 file into Unicode text.
    let y2 = BASE.replace("ho_ten: Phan Thế Tuấn", "ho_ten: Phan ThÕ TuÊn");
    let out = fires(&y2, "ND30-MA-01");
    assert!(out.contains("từ gõ bằng bảng mã TCVN3"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a.yaml", &y), ("b.yaml", &y2)] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let o = vanban(
            dir.path(),
            &["check", name, "--fix", "--tuong-lai", "100000"],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}{}",
            stdout(&o),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            BASE
        );
    }
}

#[test]
fn a_document_switches_a_rule_off_with_a_reason() {
    let no_luu = BASE.replace("luu: VT, KTTH\n", "");
    fires(&no_luu, "ND30-NN-02");
    let off = format!("bo_qua:\n  ND30-NN-02: Văn phòng lưu theo quy chế riêng\n{no_luu}");
    let (code, out) = check(&off, &["--strict"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ghi chú[ND30-NN-02]: quy tắc ND30-NN-02 được bỏ qua (1 chỗ): Văn phòng lưu theo quy chế riêng"),
        "never silently: {out}"
    );
    // render proceeds, and says so too.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), &off).unwrap();
    let o = vanban(dir.path(), &["render", "x.yaml", "--format", "docx"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ghi chú[ND30-NN-02]"));
    // `check --quy-tac FILE` shows it off, with the reason.
    let o = vanban(dir.path(), &["check", "--quy-tac", "x.yaml"]);
    let table = stdout(&o);
    assert!(table.contains("| bỏ qua |"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("| ND30-NN-02 |")
                && l.contains("Văn phòng lưu theo quy chế riêng")),
        "{table}"
    );
    // An unknown code is an error with a suggestion; a reason is needed.
    let bad = format!("bo_qua:\n  ND30-NN-20: x\n  ND30-KT-01: \"\"\n{BASE}");
    let (code, out) = check(&bad, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("mã quy tắc `ND30-NN-20` không có")
            && out.contains("có phải ý bạn là `ND30-NN-0"),
        "{out}"
    );
    assert!(out.contains("bỏ qua `ND30-KT-01` cần ghi lý do"), "{out}");
    // The same switch in the project file applies to every document.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".vanban.yaml"),
        "bo_qua:\n  ND30-NN-02: Văn phòng lưu theo quy chế riêng\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("x.yaml"), &no_luu).unwrap();
    let o = vanban(
        dir.path(),
        &["check", "x.yaml", "--strict", "--tuong-lai", "100000"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(".vanban.yaml:2:"), "{}", stdout(&o));
}

#[test]
fn a_subordinate_body_does_not_issue_legal_normative_documents() {
    let y = BASE
        .replace("co_quan:\n  ten: |-\n    Ủy ban nhân dân\n    tỉnh Bắc Giang\n  viet_tat: UBND\n", "co_quan:\n  ten: Sở Công Thương\n  viet_tat: SCT\n  chu_quan:\n    ten: UBND tỉnh Bắc Giang\n")
        .replace("don_vi_soan_thao: KTTH\n", "loai: quyet_dinh\nqppl: true\n");
    let out = fires(&y, "ND30-SO-02");
    assert!(
        out.contains("Sở Công Thương thuộc UBND tỉnh Bắc Giang"),
        "{out}"
    );
}
