//! The rule codes of `vanban check`: one enum that the rules, `bo_qua`,
//! `check --quy-tac`, the README table and the tests share.

use crate::diag::Severity::{self, Error, Warning};

/// A rule's code. Mã quy tắc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Ky01,
    Ky02,
    Ky03,
    Ky04,
    So01,
    So02,
    So03,
    So04,
    Ng01,
    Ng02,
    Ng03,
    Ng04,
    Cc01,
    Kg01,
    Nn01,
    Nn02,
    Nn05,
    Nn03,
    Nn04,
    Dc01,
    Vh01,
    Da01,
    Ma01,
    Kt01,
    Kt02,
    Bq01,
}

/// A rule: its code, severity, and what ND30 says.
pub struct Rule {
    pub code: Code,
    pub severity: Severity,
    /// One line: what the rule checks (Vietnamese, for the README table).
    pub title: &'static str,
    /// What Nghị định 30 says.
    pub nd30: &'static str,
}

/// Every rule, in the order of the README table.
pub const RULES: &[Rule] = &[
    Rule { code: Code::Ky01, severity: Error, title: "KT. cần chức vụ người đứng đầu và chức vụ riêng của cấp phó, khác nhau", nd30: "Điều 13, Phụ lục I: KT. đặt trước chức vụ của người đứng đầu; dòng dưới là chức vụ của người ký thay" },
    Rule { code: Code::Ky02, severity: Error, title: "TM. đứng trước tên tập thể hoặc cơ quan, không trước một chức vụ", nd30: "Phụ lục I: TM. (thay mặt) đặt trước tên tập thể lãnh đạo hoặc tên cơ quan, tổ chức" },
    Rule { code: Code::Ky03, severity: Error, title: "TL./TUQ. cần chức vụ người đứng đầu và chức vụ của người ký, khác nhau", nd30: "Phụ lục I: TL., TUQ. đặt trước chức vụ của người đứng đầu; người ký ghi chức vụ của mình" },
    Rule { code: Code::Ky04, severity: Error, title: "không ghi học hàm, học vị trước họ tên người ký", nd30: "Phụ lục I: không ghi học hàm, học vị và các danh hiệu danh dự khác trước họ tên người ký" },
    Rule { code: Code::So01, severity: Warning, title: "chữ viết tắt trong ký hiệu viết hoa", nd30: "Phụ lục I: ký hiệu văn bản viết bằng chữ in hoa" },
    Rule { code: Code::So02, severity: Warning, title: "văn bản quy phạm pháp luật do cơ quan có thẩm quyền ban hành (không do cơ quan thuộc, trực thuộc)", nd30: "Luật Ban hành văn bản QPPL: HĐND, UBND các cấp và cơ quan trung ương ban hành văn bản QPPL; số có năm ban hành" },
    Rule { code: Code::So03, severity: Error, title: "mỗi số chỉ cấp cho một văn bản trong sổ đăng ký (cơ quan, năm; QPPL và văn bản mật có sổ riêng)", nd30: "Điều 15: số văn bản ghi liên tục từ 01 ngày 01 tháng 01 đến 31 tháng 12 hằng năm, mỗi số một văn bản" },
    Rule { code: Code::So04, severity: Warning, title: "văn bản đã có số thì có trong sổ đăng ký, và sổ không bỏ trống số", nd30: "Điều 15, 16 và Phụ lục IV: văn bản đi được cấp số theo thứ tự và đăng ký vào sổ đăng ký văn bản đi" },
    Rule { code: Code::Ng01, severity: Warning, title: "ngày ban hành không quá xa trong tương lai", nd30: "Điều 15: văn bản được ghi số, ngày sau khi ký" },
    Rule { code: Code::Ng02, severity: Error, title: "không trích dẫn văn bản có ngày sau ngày ban hành", nd30: "Phụ lục I: văn bản được trích dẫn phải đã ban hành" },
    Rule { code: Code::Ng03, severity: Error, title: "hạn của nhiệm vụ sau ngày ban hành", nd30: "thời hạn thực hiện phải sau ngày văn bản giao nhiệm vụ" },
    Rule { code: Code::Ng04, severity: Warning, title: "ngày tháng trong nội dung theo quy tắc số 0 (05/3/2024, 10/01/2024)", nd30: "Phụ lục I: ngày dưới 10 và tháng 1, 2 thêm số 0 ở trước" },
    Rule { code: Code::Cc01, severity: Warning, title: "mỗi căn cứ nêu số, ký hiệu và ngày của văn bản (trừ luật, pháp lệnh)", nd30: "Phụ lục I: căn cứ ghi tên loại, số, ký hiệu, cơ quan ban hành, ngày tháng năm, trích yếu; luật, pháp lệnh chỉ ghi tên loại và tên" },
    Rule { code: Code::Kg01, severity: Error, title: "Kính gửi chỉ dùng cho công văn, tờ trình, báo cáo gửi cấp trên", nd30: "Phụ lục I: \"Kính gửi\" dùng cho tờ trình, báo cáo gửi cấp trên và công văn" },
    Rule { code: Code::Nn01, severity: Error, title: "\"Như trên\" trong Nơi nhận chỉ khi có nơi nhận ở trên (Kính gửi, công điện, giấy giới thiệu)", nd30: "Phụ lục I: Nơi nhận của văn bản có Kính gửi bắt đầu bằng \"- Như trên;\"" },
    Rule { code: Code::Nn02, severity: Error, title: "Nơi nhận kết thúc bằng dòng Lưu bắt đầu bằng VT", nd30: "Phụ lục I: dòng cuối \"- Lưu: VT, <đơn vị soạn thảo> <số bản>.\"" },
    Rule { code: Code::Nn05, severity: Error, title: "\"Như Điều …\" trong Nơi nhận chỉ tới một Điều có trong văn bản", nd30: "Mẫu 1.2: Nơi nhận của quyết định ghi \"- Như Điều …;\" (các Điều giao thi hành)" },
    Rule { code: Code::Nn03, severity: Warning, title: "không lặp nơi nhận trong Kính gửi hoặc Nơi nhận", nd30: "mỗi nơi nhận ghi một lần" },
    Rule { code: Code::Nn04, severity: Warning, title: "đơn vị được giao nhiệm vụ có trong Kính gửi (hoặc thuộc một nhóm ở đó)", nd30: "văn bản giao nhiệm vụ phải gửi tới đơn vị thực hiện" },
    Rule { code: Code::Dc01, severity: Warning, title: "không tự gõ dấu câu mà vanban tự thêm (\";\", \".\", \"./.\")", nd30: "Phụ lục I: \";\" cuối mỗi nơi nhận, \".\" cuối dòng cuối; \"./.\" cuối nội dung" },
    Rule { code: Code::Vh01, severity: Warning, title: "viết hoa tên cơ quan, loại văn bản và thành phần văn bản (danh sách chọn lọc)", nd30: "Phụ lục II: viết hoa tên cơ quan, \"Nghị định số\", \"Điều 5\" nhưng \"khoản 2\", \"điểm a\"" },
    Rule { code: Code::Da01, severity: Warning, title: "một kiểu đặt dấu thanh trong cả văn bản (\"hòa\" hay \"hoà\")", nd30: "văn bản NĐ 30 viết \"HÒA\", \"Ủy\" (dấu trên nguyên âm chính)" },
    Rule { code: Code::Ma01, severity: Error, title: "văn bản bảng mã cũ (TCVN3, VNI) phải chuyển sang Unicode", nd30: "Phụ lục I: phông chữ tiếng Việt bộ mã Unicode theo TCVN 6909:2001" },
    Rule { code: Code::Kt01, severity: Warning, title: "không có ký tự ẩn (zero-width, tab, dấu cách không ngắt)", nd30: "ký tự ẩn làm sai tìm kiếm và trình bày" },
    Rule { code: Code::Kt02, severity: Warning, title: "không có chữ cái của bảng chữ khác (Cyrillic, Hy Lạp) lẫn trong từ tiếng Việt", nd30: "Phụ lục I: chữ tiếng Việt theo TCVN 6909:2001; chữ trông giống nhưng khác mã làm sai tìm kiếm" },
    Rule { code: Code::Bq01, severity: Error, title: "quy tắc bỏ qua (`bo_qua`) phải là mã quy tắc có thật và có lý do", nd30: "mỗi ngoại lệ so với Nghị định 30 ghi rõ lý do" },
];

impl Code {
    /// "ND30-KY-01".
    pub fn id(self) -> &'static str {
        match self {
            Code::Ky01 => "ND30-KY-01",
            Code::Ky02 => "ND30-KY-02",
            Code::Ky03 => "ND30-KY-03",
            Code::Ky04 => "ND30-KY-04",
            Code::So01 => "ND30-SO-01",
            Code::So02 => "ND30-SO-02",
            Code::So03 => "ND30-SO-03",
            Code::So04 => "ND30-SO-04",
            Code::Ng01 => "ND30-NG-01",
            Code::Ng02 => "ND30-NG-02",
            Code::Ng03 => "ND30-NG-03",
            Code::Ng04 => "ND30-NG-04",
            Code::Cc01 => "ND30-CC-01",
            Code::Kg01 => "ND30-KG-01",
            Code::Nn01 => "ND30-NN-01",
            Code::Nn02 => "ND30-NN-02",
            Code::Nn05 => "ND30-NN-05",
            Code::Nn03 => "ND30-NN-03",
            Code::Nn04 => "ND30-NN-04",
            Code::Dc01 => "ND30-DC-01",
            Code::Vh01 => "ND30-VH-01",
            Code::Da01 => "ND30-DA-01",
            Code::Ma01 => "ND30-MA-01",
            Code::Kt01 => "ND30-KT-01",
            Code::Kt02 => "ND30-KT-02",
            Code::Bq01 => "ND30-BQ-01",
        }
    }

    /// The code written `id` (case-insensitive, with or without "ND30-").
    pub fn parse(id: &str) -> Option<Code> {
        let id = id.trim().to_uppercase();
        let id = id.strip_prefix("ND30-").unwrap_or(&id).to_string();
        RULES
            .iter()
            .map(|r| r.code)
            .find(|c| c.id().strip_prefix("ND30-") == Some(id.as_str()))
    }

    /// The rule of this code.
    pub fn rule(self) -> &'static Rule {
        RULES
            .iter()
            .find(|r| r.code == self)
            .expect("every code has its row in RULES")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_row_and_parses_back() {
        for r in RULES {
            assert_eq!(Code::parse(r.code.id()), Some(r.code));
            assert_eq!(RULES.iter().filter(|x| x.code == r.code).count(), 1);
        }
        assert_eq!(Code::parse("nn-02"), Some(Code::Nn02));
        assert_eq!(Code::parse("ND30-XX-99"), None);
    }
}
