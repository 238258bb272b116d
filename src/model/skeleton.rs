//! `vanban new KIND`: a commented YAML skeleton for a kind, in the clerk's
//! terms, that renders as-is into a valid draft.

use crate::model::Kind;

/// The first line that lets an editor complete and check the keys.
pub const MODELINE: &str = "# yaml-language-server: $schema=van-ban.schema.json";

/// The skeleton of a document of `kind`, dated `year`-`month` (a draft:
/// the văn thư fills in the number and the day).
pub fn skeleton(kind: Kind, year: i32, month: u32) -> String {
    let mut y = format!(
        "{MODELINE}\n\
         # {name} — bản nháp do `vanban new {key}` tạo. Sửa nội dung, rồi:\n\
         #   vanban check TỆP.yaml     (kiểm tra theo Nghị định 30)\n\
         #   vanban render TỆP.yaml    (in ra PDF và DOCX)\n\
         loai: {key}\n\
         \n\
         co_quan:\n\
         \x20 # Tên cơ quan ban hành; xuống dòng được giữ khi in (in hoa, đậm).\n\
         \x20 ten: |-\n\
         \x20   Ủy ban nhân dân\n\
         \x20   tỉnh Bắc Giang\n\
         \x20 viet_tat: UBND          # chữ viết tắt, dùng trong ký hiệu\n\
         \x20 # chu_quan:             # cơ quan chủ quản trực tiếp, nếu có\n\
         \x20 #   ten: Bộ Công Thương\n\
         \n\
         so:                       # để trống: văn thư ghi số sau khi ký\n\
         don_vi_soan_thao: VP      # đơn vị soạn thảo (ký hiệu công văn; dòng Lưu)\n\
         dia_danh: Bắc Giang\n\
         ngay: {year}-{month:02}          # bản nháp; khi ban hành ghi đủ YYYY-MM-DD\n\
         {subject}\n\
         \n",
        name = kind.name(),
        key = kind.key(),
        subject = match kind.key() {
            "cong_van" => "trich_yeu: nội dung chính của công văn   # in thành \"V/v …\"",
            "giay_gioi_thieu" | "giay_nghi_phep" =>
                "# trich_yeu:             # Mẫu không có trích yếu; ghi nếu cần",
            "bien_ban" =>
                "trich_yeu: Cuộc họp …          # tên cuộc họp, hội nghị, in dưới \"BIÊN BẢN\"",
            _ => "trich_yeu: Về việc …                     # in dưới tên loại văn bản",
        },
    );
    if kind.takes_kinh_gui() {
        y.push_str(
            "# Kính gửi: một nơi nhận (cùng dòng) hoặc danh sách; vanban tự thêm \";\" và \".\".\n\
             kinh_gui:\n\
             \x20 - Sở Tài chính\n\
             \x20 - Sở Công Thương\n\n",
        );
    }
    if matches!(kind.key(), "quyet_dinh" | "nghi_quyet") {
        y.push_str(
            "# Thẩm quyền ban hành, các căn cứ (vanban thêm \"Căn cứ\", \";\" và \".\").\n\
             tham_quyen: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang\n\
             can_cu:\n\
             \x20 - Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015\n\
             theo_de_nghi: Chánh Văn phòng Ủy ban nhân dân tỉnh\n\n\
             # Nội dung: các Điều, đánh số tự động. Điều không có tiêu đề: chỉ \"Điều 1.\" in\n\
             # đậm, nội dung chạy tiếp. Điều có `tieu_de`: cả dòng in đậm.\n\
             noi_dung:\n\
             \x20 - dieu: Nội dung chính của Điều 1.\n\
             \x20   khoan:                  # khoản 1., 2. …; trong khoản có `diem` a), b) … và `gach` \"- …\"\n\
             \x20     - Nội dung khoản 1.\n\
             \x20     - Nội dung khoản 2.\n\
             \x20 - dieu:\n\
             \x20   tieu_de: Hiệu lực thi hành\n\
             \x20   noi_dung:\n\
             \x20     - Quyết định có hiệu lực kể từ ngày ký.\n\
             \x20 - dieu: Chánh Văn phòng và các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.\n\n",
        );
    } else if kind.key() == "giay_moi" {
        y.push_str(
            "# Giấy mời (Mẫu 1.7): vanban in \"<cơ quan> trân trọng kính mời: …\", \"Tới dự …\", …\n\
             # Muốn lời văn khác: bỏ `giay_moi`, viết trong `noi_dung` (danh sách người mời,\n\
             # `truong: Thời gian`, `truong: Thành phần` với `gach: [...]` …).\n\
             giay_moi:\n\
             \x20 kinh_moi: Giám đốc các sở, ngành liên quan\n\
             \x20 toi_du: cuộc họp về …\n\
             \x20 chu_tri: Đồng chí …, Phó Chủ tịch UBND tỉnh\n\
             \x20 thoi_gian: 08 giờ 00 phút, ngày …\n\
             \x20 dia_diem: Phòng họp số 1, Ủy ban nhân dân tỉnh\n\
             \x20 luu_y:\n\
             \x20   - Các đơn vị chuẩn bị nội dung liên quan\n\n",
        );
    } else if kind.key() == "giay_gioi_thieu" {
        y.push_str(
            "# Giấy giới thiệu (Mẫu 1.8): vanban in \"<cơ quan> trân trọng giới thiệu:\", \"Ông (bà) …\", …\n\
             giay_gioi_thieu:\n\
             \x20 ong_ba: Nguyễn Văn B\n\
             \x20 chuc_vu: Chuyên viên Văn phòng\n\
             \x20 duoc_cu_den: Sở Tài chính\n\
             \x20 ve_viec: Liên hệ công tác về …\n"
                .to_string()
                .as_str(),
        );
        y.push_str(&format!(
            "\x20 gia_tri_den: {year}-{:02}-28    # giấy có giá trị đến hết ngày\n\n",
            month
        ));
    } else if kind.key() == "giay_nghi_phep" {
        y.push_str(&format!(
            "# Giấy nghỉ phép (Mẫu 1.10): vanban in \"Xét Đơn đề nghị nghỉ phép ngày …\", \"Ông (bà): …\", …\n\
             giay_nghi_phep:\n\
             \x20 ngay_don: {year}-{month:02}-01      # ngày của đơn đề nghị\n\
             \x20 ong_ba: Nguyễn Văn B\n\
             \x20 chuc_vu: Chuyên viên Văn phòng\n\
             \x20 tu_ngay: {year}-{month:02}-10\n\
             \x20 den_ngay: {year}-{month:02}-14      # số ngày nghỉ tự tính, hoặc ghi `thoi_gian: 05 ngày làm việc`\n\
             \x20 noi_nghi: xã …, huyện …, tỉnh …\n\
             \x20 tinh_vao: nghỉ hằng năm năm {year}\n\n"
        ));
    } else if kind.key() == "bien_ban" {
        y.push_str(
            "# Biên bản (Mẫu 1.9): không có dòng địa danh, ngày tháng; hai chữ ký ở cuối.\n\
             bien_ban:\n\
             \x20 bat_dau: 08 giờ 00 phút, ngày …\n\
             \x20 dia_diem: Phòng họp số 1\n\
             \x20 thanh_phan:\n\
             \x20   - Ông Nguyễn Văn A, Phó Chủ tịch UBND tỉnh\n\
             \x20   - Đại diện lãnh đạo các sở, ngành liên quan\n\
             \x20 chu_tri: Ông Nguyễn Văn A, Phó Chủ tịch UBND tỉnh\n\
             \x20 thu_ky: Bà Trần Thị B, chuyên viên Văn phòng\n\
             \x20 ket_thuc: 11 giờ 00 phút cùng ngày\n\n\
             # Nội dung theo diễn biến cuộc họp: đoạn văn, các mục I., II. (`muc`), …\n\
             noi_dung:\n\
             \x20 - Ý kiến phát biểu của các đại biểu …\n\n\
             # Hai người ký: thư ký (bên trái), chủ tọa (bên phải).\n\
             nguoi_ky:\n\
             \x20 - chuc_vu: Thư ký\n\
             \x20   ho_ten: Trần Thị B\n\
             \x20 - chuc_vu: Chủ tọa\n\
             \x20   ho_ten: Nguyễn Văn A\n\n\
             noi_nhan:\n\
             \x20 - Các thành viên dự họp\n\
             luu: VT, Hồ sơ\n",
        );
        return y;
    } else if matches!(kind.key(), "quy_che" | "quy_dinh") {
        y.push_str(
            "# Các Chương (Chương I, II … tự động), trong chương các Điều (đánh số liên tục).\n\
             noi_dung:\n\
             \x20 - chuong: Quy định chung\n\
             \x20   dieu:\n\
             \x20     - tieu_de: Phạm vi điều chỉnh\n\
             \x20       noi_dung: Nội dung của Điều 1.\n\
             \x20 - chuong: Điều khoản thi hành\n\
             \x20   dieu:\n\
             \x20     - tieu_de: Tổ chức thực hiện\n\
             \x20       noi_dung: Nội dung của Điều 2.\n\n",
        );
    } else {
        if kind.key() == "cong_dien" {
            y.push_str(
                "# Công điện (Mẫu 1.6): \"<cơ quan, chức danh> điện:\" và nơi nhận điện.\n\
                 cong_dien:\n\
                 \x20 dien: Chủ tịch Ủy ban nhân dân tỉnh\n\
                 \x20 gui:\n\
                 \x20   - Giám đốc các sở, ngành\n\
                 \x20   - Chủ tịch UBND các huyện, thành phố\n\
                 # do_khan: hoa_toc          # độ khẩn: khan, thuong_khan, hoa_toc\n\n",
            );
        }
        y.push_str(
            "# Nội dung: danh sách các khối theo thứ tự in. Một chuỗi là một đoạn văn; trong\n\
             # đoạn: **đậm**, *nghiêng*, ***đậm nghiêng***, m^2^, CO~2~, chú thích ^[nội dung].\n\
             # Các khối khác: muc (I.), khoan (1.), tieu_khoan (1.1.), diem (a)), gach (\"- …\"),\n\
             # cong (\"+ …\"), truong (\"Thời gian: …\"), bang, hinh, ghi_chu; số tự động.\n\
             noi_dung:\n\
             \x20 - Nội dung mở đầu của văn bản.\n",
        );
        if kind.is_cong_van() {
            y.push_str(
                "\x20 - khoan: \"Sở Tài chính chủ trì, phối hợp với các đơn vị:\"   # dấu \":\" cuối dòng: đặt trong nháy\n\
                 \x20   gach:\n\
                 \x20     - Nhiệm vụ thứ nhất;\n\
                 \x20     - Nhiệm vụ thứ hai.\n\
                 \x20 - khoan:\n\
                 \x20   tieu_de: Sở Công Thương          # khoản có tiêu đề: in đậm\n\
                 \x20   nhiem_vu:                        # nhiệm vụ có hạn, theo dõi bằng `vanban remind`\n\
                 \x20     - noi_dung: Nhiệm vụ có thời hạn.\n\
                 \x20       han: {year}-12-31\n"
                    .replace("{year}", &year.to_string())
                    .as_str(),
            );
        } else if !matches!(kind.key(), "cong_dien" | "giay_moi") {
            y.push_str(
                "\x20 - muc: Mục đích, yêu cầu\n\
                 \x20   khoan:\n\
                 \x20     - tieu_de: Mục đích\n\
                 \x20       gach:\n\
                 \x20         - Nội dung thứ nhất;\n\
                 \x20         - Nội dung thứ hai.\n\
                 \x20 - muc: Tổ chức thực hiện\n\
                 \x20   noi_dung:\n\
                 \x20     - Các đơn vị tổ chức thực hiện.\n",
            );
        }
        y.push_str(
            "\x20 - Nội dung kết luận; vanban thêm \"./.\" cuối đoạn cuối.\n\
             \x20 # - ghi_chu: (Có … kèm theo)      # dòng đính kèm in nghiêng, không mang \"./.\"\n\n",
        );
    }
    y.push_str(
        "nguoi_ky:\n\
         \x20 quyen_han: KT.          # TM., KT., TL., TUQ., Q. hoặc bỏ dòng này\n\
         \x20 thu_truong: Chủ tịch    # chức vụ người đứng đầu (hoặc tên tập thể khi TM.)\n\
         \x20 chuc_vu: Phó Chủ tịch   # chức vụ người ký\n\
         \x20 ho_ten: Nguyễn Văn A    # không ghi học hàm, học vị\n\n\
         # Nơi nhận: mỗi dòng một nơi; nhóm: {ten: …, gom: [...]}; vanban tự thêm dấu câu.\n\
         noi_nhan:\n",
    );
    if kind.takes_kinh_gui() {
        y.push_str("  - Như trên\n");
    } else if matches!(kind.key(), "quyet_dinh" | "nghi_quyet") {
        y.push_str("  - Như Điều 3\n");
    }
    y.push_str("  - Chủ tịch, các PCT UBND tỉnh\nluu: VT, VP               # dòng Lưu: VT, đơn vị soạn thảo (số bản)\n");
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KINDS;

    #[test]
    fn every_kind_has_a_skeleton_that_loads_and_passes_the_rules() {
        for info in &KINDS {
            let kind = Kind::parse(info.key).unwrap();
            let text = skeleton(kind, 2024, 5);
            assert!(text.starts_with(MODELINE));
            let src = crate::format::load::SourceFile::from_text("x.yaml", &text);
            let opts = crate::rules::CheckOptions {
                today: chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
                ..Default::default()
            };
            let (doc, warnings) = crate::load_checked(&src, &opts)
                .unwrap_or_else(|e| panic!("{}: {}", info.key, e[0]));
            assert!(warnings.is_empty(), "{}: {}", info.key, warnings[0]);
            assert_eq!(doc.kind, kind);
        }
    }
}
