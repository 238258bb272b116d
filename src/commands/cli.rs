//! Command-line arguments (clap), with Vietnamese help. Only this module and
//! `main` know about clap.

use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} — {about}

Cách dùng: {usage}

{all-args}{after-help}";

const SUBCOMMAND_TEMPLATE: &str = "\
{about}

Cách dùng: {usage}

{all-args}{after-help}";

/// Văn bản hành chính theo Nghị định 30/2020/NĐ-CP: từ tệp YAML ra PDF và DOCX.
#[derive(Debug, Parser)]
#[command(
    name = "vanban",
    version,
    about = "văn bản hành chính theo Nghị định 30/2020/NĐ-CP, từ YAML ra PDF và DOCX",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Ví dụ:\n  vanban new cong_van -o cv.yaml      tệp mẫu của một công văn\n  vanban edit cv.yaml                 soạn trong trình duyệt, xem trang in ngay\n  vanban render samples/cong-van-ccn-bac-giang.yaml\n  vanban render *.yaml -o ban-in --format pdf\n  vanban issue cv.yaml --so-dang-ky so-di-2024.csv   văn thư cấp số, ngày và vào sổ\n\nXem `vanban <LỆNH> --help` để biết chi tiết từng lệnh."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// In trợ giúp
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Tùy chọn chung")]
    pub help: Option<bool>,

    /// In phiên bản
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Tùy chọn chung")]
    pub version: Option<bool>,

    /// Kích thước lớn nhất của một tệp đầu vào, tính bằng MB (mặc định 10)
    #[arg(
        long = "kich-thuoc-toi-da",
        value_name = "MB",
        global = true,
        value_parser = clap::value_parser!(u64).range(1..=4096),
        help_heading = "Tùy chọn chung"
    )]
    pub max_input_mb: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tạo tệp YAML mẫu cho một loại văn bản
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    New(NewArgs),
    /// Soạn văn bản trong trình duyệt, xem trang in ngay khi gõ
    #[command(
        help_template = SUBCOMMAND_TEMPLATE,
        disable_help_flag = true,
        visible_alias = "soan"
    )]
    Edit(EditArgs),
    /// Kiểm tra văn bản theo Nghị định 30 trước khi in
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Check(CheckArgs),
    /// Tạo PDF và DOCX từ các tệp YAML
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Render(RenderArgs),
    /// Tạo công văn đôn đốc các đơn vị chưa hoàn thành nhiệm vụ
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Remind(RemindArgs),
    /// Ban hành: cấp số tiếp theo trong sổ đăng ký, ghi số và ngày vào tệp YAML, in PDF/A và DOCX
    #[command(
        help_template = SUBCOMMAND_TEMPLATE,
        disable_help_flag = true,
        visible_alias = "ban-hanh"
    )]
    Issue(IssueArgs),
    /// Sổ đăng ký văn bản đi: in bảng, lọc, kiểm tra với các tệp
    #[command(
        help_template = SUBCOMMAND_TEMPLATE,
        disable_help_flag = true,
        visible_alias = "so-dang-ky"
    )]
    Register(RegisterArgs),
    // Issue 16: digital signatures (src/commands/sign.rs).
    /// Ký số tệp PDF (PAdES) và trình bày chữ ký theo Phụ lục I Nghị định 30
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Sign(SignArgs),
    /// Kiểm tra các chữ ký số trong tệp PDF
    #[command(
        name = "verify-sig",
        alias = "kiem-tra-chu-ky",
        help_template = SUBCOMMAND_TEMPLATE,
        disable_help_flag = true
    )]
    VerifySig(VerifySigArgs),
    /// Gói tin edXML (QCVN 102:2016/BTTTT) để gửi văn bản qua trục liên thông
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Edxml(EdxmlArgs),
    /// Lưu trữ: ghi PDF/A với tên ổn định và manifest (JSON, CSV, XML)
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Archive(ArchiveArgs),
    /// Kiểm tra kho lưu trữ: mã băm, siêu dữ liệu, tệp thiếu hoặc thừa
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Verify(VerifyArgs),
    /// In JSON Schema của định dạng YAML (để trình soạn thảo gợi ý và kiểm tra)
    #[command(help_template = SUBCOMMAND_TEMPLATE, disable_help_flag = true)]
    Schema(SchemaArgs),
}

/// Arguments of `vanban issue` (issue 15).
#[derive(Debug, clap::Args)]
#[command(
    about = "ban hành văn bản: lấy số tiếp theo trong sổ đăng ký (theo cơ quan, năm; văn bản quy phạm pháp luật và văn bản mật có sổ số riêng), ghi số và ngày vào tệp YAML (giữ nguyên chú thích và bố cục), in PDF/A và DOCX, vào sổ kèm SHA-256 — tất cả hoặc không gì cả",
    override_usage = "vanban issue <TỆP.yaml> --so-dang-ky <SỔ.csv> [--ngay NGÀY] [--so SỐ] [-o THƯ_MỤC]",
    after_help = "Sổ đăng ký: --so-dang-ky, hoặc `so_dang_ky:` trong .vanban.yaml của thư mục.\nVí dụ:\n  vanban issue cv.yaml --so-dang-ky so-di-2024.csv\n  vanban ban-hanh cv.yaml --so-dang-ky so-di-2024.csv --ngay 2024-04-19 --so 12"
)]
pub struct IssueArgs {
    /// Tệp YAML của văn bản (bản dự thảo đã được ký)
    #[arg(value_name = "TỆP.yaml", help_heading = "Tham số")]
    pub file: PathBuf,

    /// Sổ đăng ký văn bản đi (CSV); mặc định: `so_dang_ky` của .vanban.yaml
    #[arg(long = "so-dang-ky", value_name = "SỔ.csv", help_heading = "Tùy chọn")]
    pub so_dang_ky: Option<PathBuf>,

    /// Ngày ban hành YYYY-MM-DD (mặc định: hôm nay)
    #[arg(long = "ngay", value_name = "NGÀY", help_heading = "Tùy chọn")]
    pub ngay: Option<String>,

    /// Cấp đúng số này (ví dụ số đã giữ trước); từ chối nếu số đã cấp
    #[arg(long = "so", value_name = "SỐ", help_heading = "Tùy chọn")]
    pub so: Option<String>,

    /// Thư mục ghi PDF và DOCX (mặc định: thư mục của tệp YAML)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "THƯ_MỤC",
        help_heading = "Tùy chọn"
    )]
    pub out_dir: Option<PathBuf>,

    /// Thêm phông chữ từ thư mục này (văn bản ban hành chỉ dùng phông đi kèm và phông này)
    #[arg(long = "font-dir", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub font_dirs: Vec<PathBuf>,
}

/// Arguments of `vanban register` (issue 15).
#[derive(Debug, clap::Args)]
#[command(
    about = "sổ đăng ký văn bản đi: in thành bảng, lọc theo năm, loại, người ký; --kiem-tra so với các tệp (thiếu, bị sửa, chưa vào sổ) và tìm số bị bỏ trống",
    override_usage = "vanban register <SỔ.csv> [--nam NĂM] [--loai LOẠI] [--nguoi-ky TÊN] [--kiem-tra] [--thu-muc THƯ_MỤC]...",
    after_help = "Mã thoát của --kiem-tra: 0 sổ khớp với các tệp, 2 có vấn đề (sổ hỏng, tệp thiếu hoặc bị sửa, văn bản chưa vào sổ, số bị trùng hoặc bỏ trống)."
)]
pub struct RegisterArgs {
    /// Sổ đăng ký văn bản đi (CSV)
    #[arg(value_name = "SỔ.csv", help_heading = "Tham số")]
    pub file: PathBuf,

    /// Chỉ các văn bản của năm này
    #[arg(long = "nam", value_name = "NĂM", help_heading = "Tùy chọn")]
    pub nam: Option<i32>,

    /// Chỉ một loại văn bản: cong_van, quyet_dinh, … (hoặc tên: "Quyết định")
    #[arg(long = "loai", value_name = "LOẠI", help_heading = "Tùy chọn")]
    pub loai: Option<String>,

    /// Chỉ các văn bản của người ký này (một phần họ tên, không phân biệt hoa thường)
    #[arg(long = "nguoi-ky", value_name = "TÊN", help_heading = "Tùy chọn")]
    pub nguoi_ky: Option<String>,

    /// Kiểm tra sổ với các tệp: tệp thiếu, tệp bị sửa (SHA-256 khác), văn bản đã có số mà chưa vào sổ, số trùng, số bỏ trống
    #[arg(long = "kiem-tra", help_heading = "Tùy chọn")]
    pub kiem_tra: bool,

    /// Thư mục chứa các tệp đã ban hành (mặc định: thư mục của sổ)
    #[arg(long = "thu-muc", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub thu_muc: Vec<PathBuf>,
}

/// Arguments of `vanban edxml` (issue 15).
#[derive(Debug, clap::Args)]
#[command(
    about = "gói tin edXML (QCVN 102:2016/BTTTT) của một văn bản đã ban hành: thông tin văn bản, nơi gửi, nơi nhận và tệp PDF đính kèm (base64, SHA-256)",
    override_usage = "vanban edxml <TỆP.yaml> [-o GÓI.edxml] [--ma-gui MÃ] [--ma-nhan MÃ]...",
    after_help = "Mã định danh: --ma-gui, --ma-nhan, hoặc `lien_thong:` trong .vanban.yaml (ma_dinh_danh; noi_nhan: tên → mã)."
)]
pub struct EdxmlArgs {
    /// Tệp YAML của văn bản đã ban hành
    #[arg(value_name = "TỆP.yaml", help_heading = "Tham số")]
    pub file: PathBuf,

    /// Tệp gói tin cần ghi (mặc định: <TỆP>.edxml cạnh tệp YAML)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "GÓI.edxml",
        help_heading = "Tùy chọn"
    )]
    pub out: Option<PathBuf>,

    /// Mã định danh của cơ quan gửi (mặc định: lien_thong.ma_dinh_danh)
    #[arg(long = "ma-gui", value_name = "MÃ", help_heading = "Tùy chọn")]
    pub ma_gui: Option<String>,

    /// Mã định danh của một nơi nhận (nhắc lại cho nhiều nơi); mặc định: lien_thong.noi_nhan
    #[arg(long = "ma-nhan", value_name = "MÃ", help_heading = "Tùy chọn")]
    pub ma_nhan: Vec<String>,

    /// Sổ đăng ký để đối chiếu (mặc định: so_dang_ky của .vanban.yaml)
    #[arg(long = "so-dang-ky", value_name = "SỔ.csv", help_heading = "Tùy chọn")]
    pub so_dang_ky: Option<PathBuf>,

    /// Thêm phông chữ từ thư mục này (như khi ban hành)
    #[arg(long = "font-dir", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub font_dirs: Vec<PathBuf>,
}

/// Who signs (`vanban sign --vai-tro`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignRole {
    /// Người có thẩm quyền ký (ô 7c): hình chữ ký giữa chức vụ và họ tên
    #[value(name = "nguoi-ky")]
    NguoiKy,
    /// Cơ quan (ô 8): hình con dấu trùm 1/3 hình chữ ký về bên trái
    #[value(name = "co-quan")]
    CoQuan,
    /// Bản sao điện tử (ô 14): hình thức sao, tên cơ quan sao, thời gian ký
    #[value(name = "sao")]
    Sao,
    /// Tệp đính kèm riêng: số, ký hiệu văn bản và thời gian ký
    #[value(name = "dinh-kem")]
    DinhKem,
}

/// Arguments of `vanban sign`.
#[derive(Debug, clap::Args)]
#[command(
    about = "ký số tệp PDF theo PAdES (ETSI EN 319 142, B-B) bằng tệp PKCS#12 hoặc thiết bị ký PKCS#11; mật khẩu/PIN lấy từ biến môi trường VANBAN_PIN hoặc hỏi khi chạy",
    override_usage = "vanban sign TỆP.pdf -o RA.pdf (--p12 TỆP.p12 | --pkcs11 THƯ_VIỆN.so --slot N) [--vai-tro nguoi-ky|co-quan|sao|dinh-kem]",
    after_help = "Người ký ký trước, cơ quan ký sau (cả hai chữ ký đều hợp lệ):\n  vanban render --pdfa cv.yaml\n  vanban sign cv.pdf -o cv-ky.pdf --p12 nguoi-ky.p12 --hinh-chu-ky chu-ky.png\n  vanban sign cv-ky.pdf -o cv-ban-hanh.pdf --p12 co-quan.p12 --vai-tro co-quan --hinh-dau dau.png"
)]
pub struct SignArgs {
    /// Tệp PDF cần ký
    #[arg(value_name = "TỆP.pdf", help_heading = "Tham số")]
    pub file: PathBuf,

    /// Tệp PDF đã ký cần ghi
    #[arg(
        short = 'o',
        long = "out",
        value_name = "RA.pdf",
        required = true,
        help_heading = "Tùy chọn"
    )]
    pub out: PathBuf,

    /// Tệp chứng thư số và khóa bí mật PKCS#12 (.p12, .pfx)
    #[arg(
        long = "p12",
        value_name = "TỆP.p12",
        help_heading = "Tùy chọn",
        conflicts_with = "pkcs11",
        required_unless_present = "pkcs11"
    )]
    pub p12: Option<PathBuf>,

    /// Thư viện PKCS#11 của thiết bị ký (USB token)
    #[arg(
        long = "pkcs11",
        value_name = "THƯ_VIỆN.so",
        help_heading = "Tùy chọn",
        requires = "slot"
    )]
    pub pkcs11: Option<PathBuf>,

    /// Khe của thiết bị ký (mã khe, hoặc thứ tự 0, 1, …)
    #[arg(long = "slot", value_name = "N", help_heading = "Tùy chọn")]
    pub slot: Option<u64>,

    /// Vai trò của chữ ký
    #[arg(
        long = "vai-tro",
        value_name = "VAI_TRÒ",
        default_value = "nguoi-ky",
        help_heading = "Tùy chọn"
    )]
    pub role: SignRole,

    /// Hình chữ ký của người ký (PNG nền trong suốt, màu xanh)
    #[arg(
        long = "hinh-chu-ky",
        value_name = "TỆP.png",
        help_heading = "Tùy chọn"
    )]
    pub signature_image: Option<PathBuf>,

    /// Hình con dấu của cơ quan (PNG nền trong suốt, màu đỏ)
    #[arg(long = "hinh-dau", value_name = "TỆP.png", help_heading = "Tùy chọn")]
    pub seal_image: Option<PathBuf>,

    /// Đường kính thật của con dấu, mm (mặc định 36; thường 35–42)
    #[arg(long = "dau-rong", value_name = "MM", help_heading = "Tùy chọn")]
    pub seal_mm: Option<f64>,

    /// Tệp YAML của văn bản, để lấy hình ảnh (ky_so); mặc định: tệp .yaml cùng tên bên cạnh tệp PDF
    #[arg(long = "nguon", value_name = "TỆP.yaml", help_heading = "Tùy chọn")]
    pub source: Option<PathBuf>,

    /// Số, ký hiệu văn bản in trên tệp đính kèm (mặc định: đọc từ siêu dữ liệu XMP của PDF)
    #[arg(
        long = "so-ky-hieu",
        value_name = "SỐ/KÝ_HIỆU",
        help_heading = "Tùy chọn"
    )]
    pub number: Option<String>,

    /// Tên cơ quan in trên bản sao, tệp đính kèm (mặc định: O hoặc CN của chứng thư số)
    #[arg(long = "co-quan", value_name = "TÊN", help_heading = "Tùy chọn")]
    pub agency: Option<String>,

    /// Hình thức sao của bản sao điện tử
    #[arg(
        long = "hinh-thuc",
        value_name = "HÌNH_THỨC",
        default_value = "SAO Y",
        help_heading = "Tùy chọn"
    )]
    pub copy_form: String,
}

/// Arguments of `vanban verify-sig`.
#[derive(Debug, clap::Args)]
#[command(
    about = "kiểm tra mọi chữ ký số trong tệp PDF: người ký, thời gian, phạm vi ký, phần thêm sau khi ký, chuỗi chứng thư tới gốc tin cậy; mã thoát 2 nếu có lỗi",
    override_usage = "vanban verify-sig TỆP.pdf [--tin-cay GỐC.pem]"
)]
pub struct VerifySigArgs {
    /// Tệp PDF đã ký
    #[arg(value_name = "TỆP.pdf", help_heading = "Tham số")]
    pub file: PathBuf,

    /// Chứng thư số gốc tin cậy (PEM, có thể nhiều chứng thư; lặp lại được)
    #[arg(long = "tin-cay", value_name = "GỐC.pem", help_heading = "Tùy chọn")]
    pub trust: Vec<PathBuf>,
}

/// Arguments of `vanban edit`.
#[derive(Debug, clap::Args)]
#[command(
    about = "soạn văn bản trong trình duyệt: YAML bên trái, trang in bên phải, cập nhật khi gõ",
    override_usage = "vanban edit <TỆP.yaml> [--port CỔNG] [--no-browser] [--loai LOẠI]",
    after_help = "Dòng đầu tiên in ra là đường dẫn cần mở (http://127.0.0.1:CỔNG/?token=…); chỉ máy này mở được.\nTệp chưa có: bắt đầu từ mẫu của loại văn bản (--loai, hoặc chọn trên trang); chỉ ghi khi bấm Lưu.\nBản chưa lưu được giữ trong .TÊN.yaml.khoi-phuc cạnh tệp. Ctrl+C để dừng."
)]
pub struct EditArgs {
    /// Tệp YAML cần soạn (có thể chưa có)
    #[arg(value_name = "TỆP.yaml", help_heading = "Tham số")]
    pub file: PathBuf,

    /// Cổng trên 127.0.0.1 (mặc định 7730, hoặc một cổng trống; 0: cổng trống bất kỳ)
    #[arg(long = "port", value_name = "CỔNG", help_heading = "Tùy chọn")]
    pub port: Option<u16>,

    /// Không mở trình duyệt; chỉ in đường dẫn
    #[arg(long = "no-browser", help_heading = "Tùy chọn")]
    pub no_browser: bool,

    /// Loại văn bản cho tệp mới, ví dụ cong_van, quyet_dinh
    #[arg(long = "loai", value_name = "LOẠI", help_heading = "Tùy chọn")]
    pub loai: Option<String>,

    /// Thêm phông chữ từ thư mục này (ví dụ Times New Roman)
    #[arg(long = "font-dir", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub font_dirs: Vec<PathBuf>,

    /// Không tìm Times New Roman trong hệ thống; chỉ dùng phông đi kèm
    #[arg(long = "no-system-fonts", help_heading = "Tùy chọn")]
    pub no_system_fonts: bool,
}

impl EditArgs {
    /// Where fonts come from.
    pub fn fonts(&self) -> crate::render::fonts::FontOptions {
        crate::render::fonts::FontOptions {
            dirs: self.font_dirs.clone(),
            system: !self.no_system_fonts,
        }
    }
}

/// Arguments of `vanban new`.
#[derive(Debug, clap::Args)]
#[command(
    about = "tạo tệp YAML mẫu (có chú thích) cho một loại văn bản; in được ngay thành bản nháp. Với --tu: bắt đầu văn bản đính chính hoặc thay thế một văn bản đã ban hành",
    override_usage = "vanban new <LOẠI> [-o TỆP.yaml]\n       vanban new --tu CŨ.yaml [--thay-the] [-o TỆP.yaml]"
)]
pub struct NewArgs {
    /// Loại văn bản, ví dụ cong_van, quyet_dinh
    #[arg(
        value_name = "LOẠI",
        required_unless_present = "tu",
        help_heading = "Tham số"
    )]
    pub kind: Option<String>,

    /// Bắt đầu văn bản đính chính (hoặc thay thế, với --thay-the) cho văn bản đã ban hành này
    #[arg(long = "tu", value_name = "CŨ.yaml", help_heading = "Tùy chọn")]
    pub tu: Option<PathBuf>,

    /// Với --tu: văn bản thay thế (chép nội dung văn bản cũ để sửa) thay vì công văn đính chính
    #[arg(long = "thay-the", requires = "tu", help_heading = "Tùy chọn")]
    pub thay_the: bool,

    /// Tệp cần ghi (mặc định: <LOẠI>.yaml); không ghi đè tệp đã có
    #[arg(
        short = 'o',
        long = "out",
        value_name = "TỆP.yaml",
        help_heading = "Tùy chọn"
    )]
    pub out: Option<PathBuf>,
}

/// Arguments of `vanban schema`.
#[derive(Debug, clap::Args)]
#[command(
    about = "in JSON Schema của định dạng YAML",
    override_usage = "vanban schema > van-ban.schema.json",
    after_help = "Dòng đầu tệp YAML để VS Code (tiện ích YAML của Red Hat) gợi ý và kiểm tra khóa:\n  # yaml-language-server: $schema=./van-ban.schema.json"
)]
pub struct SchemaArgs {}

/// Arguments of `vanban check`.
#[derive(Debug, clap::Args)]
#[command(
    about = "kiểm tra văn bản theo các quy tắc của Nghị định 30; không in gì",
    override_usage = "vanban check [TÙY_CHỌN] <TỆP.yaml|THƯ_MỤC>...",
    after_help = "Mã thoát: 0 không có lỗi (cảnh báo không chặn), 1 chỉ có cảnh báo khi dùng --strict, 2 có lỗi.\nDanh sách quy tắc: xem README, mục \"Quy tắc kiểm tra\"."
)]
pub struct CheckArgs {
    /// Tệp YAML của văn bản, hoặc thư mục
    #[arg(
        value_name = "TỆP.yaml",
        required_unless_present = "quy_tac",
        help_heading = "Tham số"
    )]
    pub files: Vec<PathBuf>,

    /// In bảng các quy tắc kiểm tra rồi thoát; với TỆP: kèm các quy tắc văn bản (và .vanban.yaml) bỏ qua, lý do
    #[arg(long = "quy-tac", help_heading = "Tùy chọn")]
    pub quy_tac: bool,

    /// Dạng kết quả: human (mặc định) hoặc json
    #[arg(
        long = "format",
        value_name = "DẠNG",
        default_value = "human",
        hide_default_value = true,
        hide_possible_values = true,
        help_heading = "Tùy chọn"
    )]
    pub format: CheckFormat,

    /// Coi cảnh báo là thất bại (mã thoát 1)
    #[arg(long = "strict", help_heading = "Tùy chọn")]
    pub strict: bool,

    /// Chuyển văn bản gõ bằng TCVN3, VNI sang Unicode ngay trong tệp YAML
    #[arg(long = "fix", help_heading = "Tùy chọn")]
    pub fix: bool,

    /// Kiểu đặt dấu thanh: moi ("hòa", "ủy", như văn bản NĐ 30) hoặc cu ("hoà", "uỷ"); mặc định theo `kieu_dau` của văn bản, của .vanban.yaml, hoặc kiểu văn bản dùng nhiều hơn
    #[arg(
        long = "kieu-dau",
        value_name = "KIỂU",
        hide_possible_values = true,
        help_heading = "Tùy chọn"
    )]
    pub kieu_dau: Option<ToneStyle>,

    /// Số ngày ngày ban hành được phép sau hôm nay (mặc định 30)
    #[arg(
        long = "tuong-lai",
        value_name = "NGÀY",
        default_value_t = 30,
        hide_default_value = true,
        help_heading = "Tùy chọn"
    )]
    pub tuong_lai: i64,

    /// Đối chiếu số văn bản với sổ đăng ký này (mặc định: so_dang_ky của .vanban.yaml, hoặc sổ cạnh tệp)
    #[arg(long = "so-dang-ky", value_name = "SỔ.csv", help_heading = "Tùy chọn")]
    pub so_dang_ky: Option<PathBuf>,
}

/// Output of `vanban check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

/// Tone-mark placement style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToneStyle {
    Moi,
    Cu,
}

/// Arguments of `vanban remind`.
#[derive(Debug, clap::Args)]
#[command(
    about = "tạo công văn đôn đốc các đơn vị chưa hoàn thành nhiệm vụ, từ văn bản và tệp tiến độ",
    override_usage = "vanban remind <VĂN_BẢN.yaml> --tien-do <TIẾN_ĐỘ.yaml|.csv> [TÙY_CHỌN]",
    after_help = "Một nhiệm vụ bị đôn đốc khi chưa hoàn thành và hạn của nó đã qua tính đến --ngay.\nLời văn lấy từ các mẫu trong templates/don-doc/; --templates THƯ_MỤC thay mẫu nào có tệp cùng tên."
)]
pub struct RemindArgs {
    /// Văn bản đã giao nhiệm vụ (YAML)
    #[arg(value_name = "VĂN_BẢN.yaml", help_heading = "Tham số")]
    pub directive: PathBuf,

    /// Tệp tiến độ thực hiện (YAML hoặc CSV)
    #[arg(
        long = "tien-do",
        value_name = "TỆP",
        required = true,
        help_heading = "Tùy chọn"
    )]
    pub tien_do: PathBuf,

    /// Ngày của công văn đôn đốc, YYYY-MM-DD (mặc định: hôm nay)
    #[arg(long = "ngay", value_name = "NGÀY", help_heading = "Tùy chọn")]
    pub ngay: Option<String>,

    /// Hạn mới cho các đơn vị (mặc định: 15 ngày sau --ngay)
    #[arg(long = "han", value_name = "NGÀY", help_heading = "Tùy chọn")]
    pub han: Option<String>,

    /// Hạn của các nhiệm vụ không ghi hạn (thay `han` của tệp tiến độ)
    #[arg(long = "han-mac-dinh", value_name = "NGÀY", help_heading = "Tùy chọn")]
    pub han_mac_dinh: Option<String>,

    /// Gộp thành một công văn gửi mọi đơn vị chậm, kèm bảng
    #[arg(long = "gop", help_heading = "Tùy chọn")]
    pub gop: bool,

    /// Thư mục ghi kết quả (mặc định: thư mục của văn bản)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "THƯ_MỤC",
        help_heading = "Tùy chọn"
    )]
    pub out_dir: Option<PathBuf>,

    /// Ghi cả tệp YAML của từng công văn (để sửa rồi in lại)
    #[arg(long = "yaml", help_heading = "Tùy chọn")]
    pub yaml: bool,

    /// Thư mục chứa mẫu lời văn thay cho mẫu mặc định
    #[arg(long = "templates", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub templates: Option<PathBuf>,

    /// Đánh số các công văn liên tiếp từ số này
    #[arg(long = "so-bat-dau", value_name = "SỐ", help_heading = "Tùy chọn")]
    pub so_bat_dau: Option<u32>,

    /// Ghi vào sổ đăng ký văn bản đi (CSV); từ chối số đã dùng trong năm
    #[arg(long = "so-dang-ky", value_name = "TỆP.csv", help_heading = "Tùy chọn")]
    pub so_dang_ky: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `vanban archive`.
#[derive(Debug, clap::Args)]
#[command(
    about = "lưu trữ văn bản: PDF/A với tên ổn định, manifest.json, manifest.csv, manifest.xml",
    override_usage = "vanban archive [TÙY_CHỌN] <TỆP.yaml|THƯ_MỤC>... -o <KHO>",
    after_help = "Tên tệp mặc định: {nam}-{so}-{ky_hieu}.pdf, ví dụ 2024-1956-UBND-KTTH.pdf.\nKho chỉ dùng phông chữ đi kèm (và --font-dir) để bản dựng lại ở máy khác giống từng byte."
)]
pub struct ArchiveArgs {
    /// Tệp YAML, hoặc thư mục chứa các tệp .yaml
    #[arg(
        value_name = "TỆP.yaml|THƯ_MỤC",
        required = true,
        help_heading = "Tham số"
    )]
    pub inputs: Vec<PathBuf>,

    /// Thư mục kho lưu trữ (tạo mới nếu chưa có; thêm vào nếu đã có)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "KHO",
        required = true,
        help_heading = "Tùy chọn"
    )]
    pub out_dir: PathBuf,

    /// Mức PDF/A: 2b (mặc định), 2u hoặc 3b
    #[arg(
        long = "pdfa",
        value_name = "MỨC",
        hide_possible_values = true,
        help_heading = "Tùy chọn"
    )]
    pub pdfa: Option<PdfALevel>,

    /// Đính kèm tệp YAML nguồn vào PDF (PDF/A-3b)
    #[arg(long = "kem-nguon", help_heading = "Tùy chọn")]
    pub kem_nguon: bool,

    /// Mẫu tên tệp: {nam}, {so}, {ky_hieu}, {ngay}, {ten}
    #[arg(long = "ten-tep", value_name = "MẪU", help_heading = "Tùy chọn")]
    pub ten_tep: Option<String>,

    /// Thêm phông chữ từ thư mục này
    #[arg(long = "font-dir", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub font_dirs: Vec<PathBuf>,
}

/// Arguments of `vanban verify`.
#[derive(Debug, clap::Args)]
#[command(
    about = "kiểm tra kho lưu trữ: tính lại mã băm, đọc lại siêu dữ liệu, tìm tệp thiếu, thừa hoặc bị sửa",
    override_usage = "vanban verify [TÙY_CHỌN] <KHO>"
)]
pub struct VerifyArgs {
    /// Thư mục kho lưu trữ
    #[arg(value_name = "KHO", help_heading = "Tham số")]
    pub dir: PathBuf,

    /// Thư mục chứa các tệp YAML nguồn: dựng lại và so từng byte
    #[arg(long = "nguon", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub nguon: Option<PathBuf>,

    /// Thêm phông chữ từ thư mục này (như khi lưu trữ)
    #[arg(long = "font-dir", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub font_dirs: Vec<PathBuf>,
}

/// Arguments of `vanban render`.
#[derive(Debug, clap::Args)]
#[command(
    about = "tạo PDF và DOCX từ các tệp YAML",
    override_usage = "vanban render [TÙY_CHỌN] <TỆP.yaml>..."
)]
pub struct RenderArgs {
    /// Tệp YAML của văn bản, hoặc thư mục chứa các tệp .yaml
    #[arg(value_name = "TỆP.yaml", required = true, help_heading = "Tham số")]
    pub files: Vec<PathBuf>,

    /// Thư mục ghi kết quả (mặc định: cùng thư mục với tệp YAML)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "THƯ_MỤC",
        help_heading = "Tùy chọn"
    )]
    pub out_dir: Option<PathBuf>,

    /// Ghi vào sổ đăng ký văn bản đi (CSV) các văn bản đã có số
    #[arg(long = "so-dang-ky", value_name = "TỆP.csv", help_heading = "Tùy chọn")]
    pub so_dang_ky: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// In thêm thông tin (phông chữ đã dùng, tệp đã ghi)
    #[arg(short = 'v', long = "verbose", help_heading = "Tùy chọn")]
    pub verbose: bool,
}

/// The output options `render` and `remind` share.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Định dạng cần tạo: pdf, docx hoặc cả hai cách nhau bằng dấu phẩy (mặc định: pdf,docx)
    #[arg(
        short = 'f',
        long = "format",
        value_name = "ĐỊNH_DẠNG",
        value_delimiter = ',',
        default_value = "pdf,docx",
        hide_default_value = true,
        hide_possible_values = true,
        help_heading = "Tùy chọn"
    )]
    pub formats: Vec<Format>,

    /// Ghi PDF/A để lưu trữ: 2b (mặc định khi không ghi mức), 2u hoặc 3b
    #[arg(
        long = "pdfa",
        value_name = "MỨC",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "2b",
        hide_possible_values = true,
        help_heading = "Tùy chọn"
    )]
    pub pdfa: Option<PdfALevel>,

    /// Thêm phông chữ từ thư mục này (ví dụ Times New Roman)
    #[arg(long = "font-dir", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
    pub font_dirs: Vec<PathBuf>,

    /// Không tìm Times New Roman trong hệ thống; chỉ dùng phông đi kèm
    #[arg(long = "no-system-fonts", help_heading = "Tùy chọn")]
    pub no_system_fonts: bool,
}

impl OutputArgs {
    /// The formats asked for, each once, in the order first named:
    /// `pdf,docx,pdf` is a set of two.
    pub fn formats(&self) -> Vec<Format> {
        let mut set = Vec::new();
        for &f in &self.formats {
            if !set.contains(&f) {
                set.push(f);
            }
        }
        set
    }

    /// Where fonts come from.
    pub fn fonts(&self) -> crate::render::fonts::FontOptions {
        crate::render::fonts::FontOptions {
            dirs: self.font_dirs.clone(),
            system: !self.no_system_fonts,
        }
    }
}

/// A PDF/A level on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfALevel {
    #[value(name = "2b")]
    A2b,
    #[value(name = "2u")]
    A2u,
    #[value(name = "3b")]
    A3b,
}

impl From<PdfALevel> for crate::model::PdfA {
    fn from(l: PdfALevel) -> Self {
        match l {
            PdfALevel::A2b => crate::model::PdfA::A2b,
            PdfALevel::A2u => crate::model::PdfA::A2u,
            PdfALevel::A3b => crate::model::PdfA::A3b,
        }
    }
}

/// Parse the command line. Help and version go to stdout (exit 0); a
/// usage error is explained in Vietnamese on stderr (exit 2).
/// The command line, with the help texts that list the kinds and the body
/// blocks read from their tables.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let kinds: Vec<&str> = crate::model::KINDS.iter().map(|k| k.key).collect();
    let blocks: String = crate::format::blocks::BLOCK_KEYS
        .iter()
        .map(|(k, what)| format!("\n  {k:<11} {what}"))
        .collect();
    Cli::command().mut_subcommand("new", |c| {
        c.after_help(format!(
            "Các loại: {}.\nCùng thư mục, vanban ghi thêm van-ban.schema.json để VS Code gợi ý khóa.\n\nCác khối của `noi_dung`:{blocks}",
            kinds.join(", ")
        ))
    })
}

pub fn parse() -> Cli {
    use clap::error::ErrorKind;
    use clap::FromArgMatches;
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => e.exit(),
            kind => {
                let what = match kind {
                    ErrorKind::MissingRequiredArgument => "thiếu tham số bắt buộc",
                    ErrorKind::UnknownArgument => "tùy chọn không hợp lệ",
                    ErrorKind::InvalidValue | ErrorKind::ValueValidation => "giá trị không hợp lệ",
                    ErrorKind::InvalidSubcommand => "lệnh không hợp lệ",
                    ErrorKind::MissingSubcommand
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                        "thiếu lệnh (ví dụ: vanban render TỆP.yaml)"
                    }
                    ErrorKind::TooManyValues
                    | ErrorKind::TooFewValues
                    | ErrorKind::WrongNumberOfValues => "số giá trị không đúng",
                    _ => "dòng lệnh không hợp lệ",
                };
                eprintln!("lỗi: {what}");
                // clap's own detail, without its "error: " prefix and usage.
                if !matches!(
                    kind,
                    ErrorKind::MissingSubcommand
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) {
                    let text = e.to_string();
                    let detail: Vec<&str> = text
                        .lines()
                        .map(str::trim)
                        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("Cách dùng:"))
                        .filter(|l| !l.is_empty())
                        .collect();
                    eprintln!(
                        "  = chi tiết: {}",
                        detail.join(" ").trim_start_matches("error: ")
                    );
                }
                eprintln!("  = xem `vanban --help` hoặc `vanban render --help`");
                std::process::exit(i32::from(crate::engine::Status::Failed.code()));
            }
        },
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}
