//! The project file `.vanban.yaml` beside the documents: choices every
//! document of the folder shares, so that `render`, `check` and the editor
//! agree without a flag on each run.
//!
//! ```yaml
//! kieu_dau: cu                 # the tone-mark style of the office
//! bo_qua:                      # rules the office departs from, with why
//!   ND30-NN-02: Văn phòng lưu theo quy chế riêng
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
