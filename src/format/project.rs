//! The project file `.vanban.yaml` beside the documents: choices every
//! document of the folder shares, so that `render`, `check` and the editor
//! agree without a flag on each run.
//!
//! ```yaml
//! kieu_dau: cu                 # the tone-mark style of the office
//! bo_qua:                      # rules the office departs from, with why
//!   ND30-NN-02: Văn phòng lưu theo quy chế riêng
//! so_dang_ky: so-di-2024.csv   # the outgoing register (issue, render, edxml)
//! lien_thong:                  # electronic exchange (edxml)
//!   ma_dinh_danh: 000.00.00.H06
//!   noi_nhan:
//!     Sở Công Thương: 000.00.12.H06
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::load::SourceFile;
use super::raw::Located;
use crate::diag::Diagnostic;

/// The file name, looked for in the document's folder.
pub const FILE_NAME: &str = ".vanban.yaml";

/// A project file as written.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    #[schemars(
        with = "Option<String>",
        description = "Kiểu đặt dấu thanh: moi hoặc cu."
    )]
    pub kieu_dau: Option<Located<String>>,
    #[schemars(
        with = "Option<BTreeMap<String, String>>",
        description = "Các quy tắc bỏ qua cho mọi văn bản trong thư mục, mỗi mã một lý do."
    )]
    pub bo_qua: Option<Located<BTreeMap<String, String>>>,
    /// The folder's outgoing register (issue 15): `issue` numbers into it
    /// without `--so-dang-ky`, `render` and `edxml` keep issued documents
    /// frozen by it. Relative to this file's folder.
    #[schemars(
        with = "Option<String>",
        description = "Sổ đăng ký văn bản đi của thư mục (CSV), đường dẫn tính từ thư mục này: `vanban issue` cấp số vào sổ này khi không ghi --so-dang-ky; `render` không ghi đè văn bản đã ban hành."
    )]
    pub so_dang_ky: Option<Located<String>>,
    /// Electronic exchange (edXML, issue 15): the agency's and its
    /// recipients' electronic ids.
    #[schemars(
        with = "Option<RawExchange>",
        description = "Liên thông văn bản điện tử (edXML, QCVN 102:2016/BTTTT): mã định danh của cơ quan và của các nơi nhận."
    )]
    pub lien_thong: Option<Located<RawExchange>>,
}

/// The ids an edXML package needs (issue 15).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExchange {
    /// The agency's electronic id (mã định danh, Quyết định 20/2020/QĐ-TTg).
    #[schemars(
        with = "String",
        description = "Mã định danh điện tử của cơ quan ban hành (Quyết định 20/2020/QĐ-TTg), ví dụ 000.00.00.H06."
    )]
    pub ma_dinh_danh: Located<String>,
    /// Recipients' ids, by their names as the documents write them in
    /// `kinh_gui` or `noi_nhan`.
    #[schemars(
        with = "BTreeMap<String, String>",
        description = "Mã định danh của các nơi nhận, theo tên như văn bản ghi ở kinh_gui hoặc noi_nhan."
    )]
    #[serde(default)]
    pub noi_nhan: BTreeMap<String, String>,
}

/// A project file read and parsed, with its source for located messages.
pub struct Project {
    pub src: SourceFile,
    pub raw: RawProject,
}

/// The project file of the folder holding `document`, if there is one.
pub fn for_document(document: &Path) -> Result<Option<Project>, Vec<Diagnostic>> {
    let dir = document
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let path: PathBuf = dir.join(FILE_NAME);
    if !path.is_file() {
        return Ok(None);
    }
    let src = super::load::read(&path)?;
    let raw = if src.text.trim().is_empty() {
        RawProject::default()
    } else {
        super::load::parse_as::<RawProject>(&src)?
    };
    Ok(Some(Project { src, raw }))
}

impl Project {
    /// The folder's register (`so_dang_ky`), relative to the project
    /// file's folder.
    pub fn register(&self) -> Option<PathBuf> {
        let r = self.raw.so_dang_ky.as_ref()?;
        let value = Path::new(r.value.trim());
        match self.src.path.parent() {
            Some(dir) if dir != Path::new(".") && !dir.as_os_str().is_empty() => {
                Some(dir.join(value))
            }
            _ => Some(value.to_path_buf()),
        }
    }
}
