//! The progress of a directive's tasks (tiến độ thực hiện), from a YAML or
//! CSV file, matched to the directive's tasks.
//!
//! A task is named by its stable id (`ma`) or by its place, "<section>.<task>"
//! ("1.3" is the third task of section 1). A progress row also names the unit
//! reporting, which must be one of the task's assignees.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{did_you_mean, Diagnostic, Pos};
use crate::format::load::SourceFile;
use crate::format::raw::{Located, RawSigner};
use crate::model::{Document, Signer};
use crate::text::vn::{nfc, DocDate};

/// State of a task for one unit. Trạng thái.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// chua_bao_cao: not reported (also when the file has no row).
    NotReported,
    /// dang_thuc_hien: in progress.
    InProgress,
    /// da_hoan_thanh: done.
    Done,
}

impl State {
    pub const KEYS: [&'static str; 3] = ["chua_bao_cao", "dang_thuc_hien", "da_hoan_thanh"];

    fn parse(s: &str) -> Option<State> {
        match s.trim() {
            "chua_bao_cao" => Some(State::NotReported),
            "dang_thuc_hien" => Some(State::InProgress),
            "da_hoan_thanh" => Some(State::Done),
            _ => None,
        }
    }
}

/// One task of the directive, for one responsible unit.
#[derive(Debug, Clone)]
pub struct TaskRef {
    /// "1.3", or the task's own `ma`.
    pub id: String,
    /// The unit responsible.
    pub unit: String,
    /// The task text in the inline mini-syntax, footnotes left out.
    pub text: String,
    /// Deadline: the directive's `han`, else the row's, else the file's default.
    pub deadline: Option<chrono::NaiveDate>,
    pub state: State,
}

/// The progress of a directive.
#[derive(Debug, Clone)]
pub struct Progress {
    /// Every (task, unit) of the directive, in its order.
    pub tasks: Vec<TaskRef>,
    /// The unit that follows up and receives the reports (đầu mối).
    pub coordinator: Option<String>,
    /// A signer other than the directive's, if given.
    pub signer: Option<Signer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgress {
    /// Deadline of tasks that have none in the directive (hạn mặc định).
    han: Option<Located<String>>,
    /// Coordinating unit (đơn vị đầu mối).
    dau_moi: Option<Located<String>>,
    /// Signer of the reminders, when not the directive's.
    nguoi_ky: Option<RawSigner>,
    /// The directive the file tracks (informative).
    #[allow(dead_code)]
    van_ban: Option<String>,
    #[serde(default)]
    tien_do: Vec<Located<RawRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    don_vi: Located<String>,
    nhiem_vu: Located<String>,
    trang_thai: Located<String>,
    ngay_bao_cao: Option<Located<String>>,
    // The report's number and notes are the clerk's record; reminders do
    // not print them.
    #[allow(dead_code)]
    so_bao_cao: Option<String>,
    #[allow(dead_code)]
    ghi_chu: Option<String>,
    han: Option<Located<String>>,
}

/// A row, wherever it came from, with the positions of its cells.
struct Row {
    unit: (String, Pos),
    task: (String, Pos),
    state: (String, Pos),
    reported: Option<(String, Pos)>,
    deadline: Option<(String, Pos)>,
}

fn same_unit(a: &str, b: &str) -> bool {
    nfc(a).trim().to_lowercase() == nfc(b).trim().to_lowercase()
}

/// Every (task, unit) of a directive, with its id.
fn directive_tasks(doc: &Document) -> Vec<(String, String, String, Option<chrono::NaiveDate>)> {
    let mut out = Vec::new();
    for (si, s) in doc.task_sections().iter().enumerate() {
        for (ti, t) in s.tasks.iter().enumerate() {
            let id =
                t.id.clone()
                    .unwrap_or_else(|| format!("{}.{}", si + 1, ti + 1));
            let text: Vec<_> = t
                .text
                .iter()
                .filter(|s| !matches!(s, crate::text::inline::Span::Footnote(_)))
                .cloned()
                .collect();
            let text = crate::text::inline::to_source(&text);
            let units = if t.units.is_empty() {
                vec![s.assignee.clone()]
            } else {
                t.units.clone()
            };
            for u in units {
                out.push((id.clone(), u, text.clone(), t.deadline));
            }
        }
    }
    out
}

/// Load a progress file (`.csv` or YAML) against a directive.
/// `default_deadline` (from the command line) wins over the file's `han`.
pub fn load(
    path: &Path,
    doc: &Document,
    default_deadline: Option<chrono::NaiveDate>,
) -> Result<Progress, Vec<Diagnostic>> {
    let src = crate::format::load::read(path)?;
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (rows, file_deadline, coordinator, raw_signer) = if is_csv {
        (csv_rows(&src)?, None, None, None)
    } else {
        let raw: RawProgress = crate::format::load::parse_as(&src)?;
        let rows = raw
            .tien_do
            .iter()
            .map(|r| {
                let v = &r.value;
                let at = |l: &Located<String>| (nfc(l.value.trim()), Pos::of(&l.referenced));
                Row {
                    unit: at(&v.don_vi),
                    task: at(&v.nhiem_vu),
                    state: at(&v.trang_thai),
                    reported: v.ngay_bao_cao.as_ref().map(at),
                    deadline: v.han.as_ref().map(at),
                }
            })
            .collect();
        let deadline = raw
            .han
            .as_ref()
            .map(|h| (h.value.clone(), Pos::of(&h.referenced)));
        let coord = raw.dau_moi.as_ref().map(|d| nfc(d.value.trim()));
        (rows, deadline, coord, raw.nguoi_ky)
    };

    let mut errors = Vec::new();
    let date =
        |value: &str, pos: Pos, field: &str, errors: &mut Vec<Diagnostic>| match DocDate::parse(
            value,
        )
        .ok()
        .and_then(|d| d.full())
        {
            Some(d) => Some(d),
            None => {
                errors.push(
                    src.error(pos, format!("ngày `{value}` không hợp lệ"))
                        .field(field)
                        .hint("cần: ngày dạng YYYY-MM-DD, ví dụ 2024-05-31"),
                );
                None
            }
        };
    let file_deadline = match &file_deadline {
        Some((v, pos)) => date(v, *pos, "han", &mut errors),
        None => None,
    };
    let fallback = default_deadline.or(file_deadline);

    let mut tasks: Vec<TaskRef> = directive_tasks(doc)
        .into_iter()
        .map(|(id, unit, text, deadline)| TaskRef {
            id,
            unit,
            text,
            deadline: deadline.or(fallback),
            state: State::NotReported,
        })
        .collect();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for (i, t) in tasks.iter().enumerate() {
        index.insert((t.id.clone(), t.unit.to_lowercase()), i);
    }

    // The first row of each (task, unit): a second one is an error, never
    // a silent "last one wins".
    let mut first_row: HashMap<usize, Pos> = HashMap::new();
    for row in &rows {
        let Some(state) = State::parse(&row.state.0) else {
            errors.push(
                src.error(
                    row.state.1,
                    format!("trạng thái `{}` không hợp lệ", row.state.0),
                )
                .field("tien_do.trang_thai")
                .hint(format!("cần một trong: {}", State::KEYS.join(", "))),
            );
            continue;
        };
        let same_task: Vec<&TaskRef> = tasks.iter().filter(|t| t.id == row.task.0).collect();
        if same_task.is_empty() {
            let task_sections = doc.task_sections();
            let sections = task_sections.len();
            let mut d = src
                .error(row.task.1, format!("nhiệm vụ `{}` không có trong văn bản", row.task.0))
                .field("tien_do.nhiem_vu")
                .hint(format!(
                    "nhiệm vụ được gọi theo `ma` hoặc theo vị trí \"phần.thứ tự\" (văn bản có {sections} phần); văn bản có thể đã thay đổi sau khi lập tệp tiến độ"
                ));
            if let Some((si, _)) = row.task.0.split_once('.') {
                if let Some(s) = si
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| task_sections.get(i.wrapping_sub(1)))
                {
                    d = d.hint(format!(
                        "phần {si} ({}) có {} nhiệm vụ",
                        s.assignee,
                        s.tasks.len()
                    ));
                }
            }
            errors.push(d);
            continue;
        }
        let Some(&i) = index.get(&(row.task.0.clone(), row.unit.0.to_lowercase())) else {
            let owners: Vec<&str> = same_task.iter().map(|t| t.unit.as_str()).collect();
            let mut d = src
                .error(
                    row.unit.1,
                    format!("`{}` không được giao nhiệm vụ {}", row.unit.0, row.task.0),
                )
                .field("tien_do.don_vi")
                .hint(format!(
                    "nhiệm vụ {} giao cho: {}",
                    row.task.0,
                    owners.join("; ")
                ));
            if let Some(s) = owners
                .iter()
                .find(|o| same_unit(o, &row.unit.0))
                .or_else(|| {
                    owners
                        .iter()
                        .find(|o| did_you_mean(&row.unit.0, &[o]).is_some())
                })
            {
                d = d.hint(format!("có phải ý bạn là `{s}`?"));
            }
            errors.push(d);
            continue;
        };
        if let Some(first) = first_row.get(&i) {
            errors.push(
                src.error(
                    row.unit.1,
                    format!(
                        "nhiệm vụ {} của `{}` đã có ở dòng {}; mỗi đơn vị chỉ ghi một dòng cho một nhiệm vụ",
                        row.task.0, tasks[i].unit, first.line
                    ),
                )
                .field("tien_do")
                .hint(format!(
                    "dòng trước: {}:{}:{}",
                    src.name, first.line, first.column
                ))
                .hint("cần: xóa một trong hai dòng, hoặc gộp lại thành một"),
            );
            continue;
        }
        first_row.insert(i, row.unit.1);
        tasks[i].state = state;
        if let Some((v, pos)) = &row.deadline {
            if let Some(d) = date(v, *pos, "tien_do.han", &mut errors) {
                tasks[i].deadline = Some(d);
            }
        }
        if let Some((v, pos)) = &row.reported {
            date(v, *pos, "tien_do.ngay_bao_cao", &mut errors);
        }
    }
    let signer = raw_signer
        .as_ref()
        .map(|s| crate::model::validate::signer_of(&src, s));
    let signer = match signer {
        Some(Ok(s)) => Some(s),
        Some(Err(mut e)) => {
            errors.append(&mut e);
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Progress {
        tasks,
        coordinator,
        signer,
    })
}

/// Rows of a CSV progress file: header `don_vi,nhiem_vu,trang_thai` and
/// optionally `ngay_bao_cao,so_bao_cao,ghi_chu,han`, in any order.
fn csv_rows(src: &SourceFile) -> Result<Vec<Row>, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(src.text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| vec![src.error(Pos::new(1, 1), format!("tiêu đề CSV hỏng ({e})"))])?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let known = [
        "don_vi",
        "nhiem_vu",
        "trang_thai",
        "ngay_bao_cao",
        "so_bao_cao",
        "ghi_chu",
        "han",
    ];
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if !known.contains(&h.as_str()) {
            let mut d = src
                .error(Pos::new(1, i + 1), format!("cột `{h}` không hợp lệ"))
                .hint(format!("các cột: {}", known.join(", ")));
            if let Some(s) = did_you_mean(h, &known) {
                d = d.hint(format!("có phải ý bạn là `{s}`?"));
            }
            errors.push(d);
        }
    }
    for need in ["don_vi", "nhiem_vu", "trang_thai"] {
        if !headers.iter().any(|h| h == need) {
            errors.push(src.error(Pos::new(1, 1), format!("thiếu cột bắt buộc `{need}`")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            vec![src.error(Pos::new(line, 1), format!("dòng CSV hỏng ({e})"))]
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cell = |name: &str| -> Option<(String, Pos)> {
            let i = col(name)?;
            let v = nfc(record.get(i)?.trim());
            (!v.is_empty()).then(|| (v, Pos::new(line, i + 1)))
        };
        let need = |name: &str| {
            cell(name).unwrap_or((String::new(), Pos::new(line, col(name).unwrap_or(0) + 1)))
        };
        rows.push(Row {
            unit: need("don_vi"),
            task: need("nhiem_vu"),
            state: need("trang_thai"),
            reported: cell("ngay_bao_cao"),
            deadline: cell("han"),
        });
    }
    Ok(rows)
}
