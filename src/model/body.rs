//! The body of a document: one tree of blocks, the same for every kind
//! (ND30 Phụ lục I, Phần I, Mục II, khoản 6). Numbers are not stored here
//! unless the clerk overrode them: `print` numbers the tree as it walks it.

use std::path::PathBuf;

use crate::diag::Pos;
use crate::text::inline::Inline;

/// A block of the body. Khối nội dung.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph. Đoạn.
    Para(Para),
    /// A numbered structural unit with its content: phần, chương, mục,
    /// tiểu mục, điều, khoản, tiểu khoản, điểm.
    Unit(Unit),
    /// A "-" or "+" item. Dòng gạch đầu dòng.
    Item(Item),
    /// A task given to a unit: a "-" item that progress files follow.
    /// Nhiệm vụ.
    Task(Task),
    /// "Label: content". Trường ("Thời gian:", "Địa điểm:").
    Field(Field),
    Table(Table),
    Image(Image),
    /// An italic note on a line of its own: "(Có … kèm theo)". Ghi chú.
    Note {
        spans: Inline,
        align: Align,
    },
    /// A page break. Sang trang.
    PageBreak,
}

/// Horizontal alignment. Căn lề.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Both margins (the body's default, Phụ lục I).
    Justify,
    Left,
    Center,
    Right,
}

impl Align {
    /// The YAML values: `deu`, `trai`, `giua`, `phai`.
    pub const ALL: [(&'static str, Align); 4] = [
        ("deu", Align::Justify),
        ("trai", Align::Left),
        ("giua", Align::Center),
        ("phai", Align::Right),
    ];
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub spans: Inline,
    pub align: Align,
}

/// The levels of the structure (Phụ lục I, Phần I, Mục II, khoản 6.đ and
/// Mục V/6b), from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// "Phần I" and its title on the next line, centred.
    Part,
    /// "Chương I" and its title, centred.
    Chapter,
    /// "Mục 1" and its title, centred (inside a chapter).
    Section,
    /// "Tiểu mục 1" and its title, centred.
    Subsection,
    /// "I. TITLE": Roman, capitals, bold (reports, plans).
    Roman,
    /// "Điều 1." with a bold title, or its content running in.
    Article,
    /// "1." Khoản.
    Clause,
    /// "1.1." Tiểu khoản, numbered from its clause.
    SubClause,
    /// "a)" in Vietnamese alphabet order. Điểm.
    Point,
}

impl Level {
    /// The YAML key of the level.
    pub fn key(self) -> &'static str {
        match self {
            Level::Part => "phan",
            Level::Chapter => "chuong",
            Level::Section | Level::Roman => "muc",
            Level::Subsection => "tieu_muc",
            Level::Article => "dieu",
            Level::Clause => "khoan",
            Level::SubClause => "tieu_khoan",
            Level::Point => "diem",
        }
    }

    /// Whether it is a centred two-line heading ("Chương I" / TITLE).
    pub fn is_division(self) -> bool {
        matches!(
            self,
            Level::Part | Level::Chapter | Level::Section | Level::Subsection
        )
    }
}

/// A numbered unit: its title (bold, on its own line) or its lead text
/// (running in after the number), and what it contains.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub level: Level,
    /// The clerk's own number ("3a"), printed instead of the automatic one.
    pub number: Option<String>,
    /// Title: upper case for divisions and Roman mục, as typed otherwise.
    pub title: Option<String>,
    /// Text running in after the number when there is no title.
    pub lead: Inline,
    pub children: Vec<Block>,
}

/// A list marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// "-"
    Dash,
    /// "+"
    Plus,
}

impl Marker {
    pub fn text(self) -> &'static str {
        match self {
            Marker::Dash => "-",
            Marker::Plus => "+",
        }
    }
}

/// A "-" or "+" item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub marker: Marker,
    pub spans: Inline,
    pub children: Vec<Block>,
}

/// A task given to an assignee. Nhiệm vụ.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Stable identifier for progress tracking (mã).
    pub id: Option<String>,
    /// Units named before the text when the task is not for the whole
    /// section's assignee.
    pub units: Vec<String>,
    pub text: Inline,
    /// Deadline (hạn).
    pub deadline: Option<chrono::NaiveDate>,
}

/// "Label: content". Trường.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Without its colon.
    pub label: String,
    pub bold: bool,
    pub lead: Inline,
    pub children: Vec<Block>,
}

/// A table. Bảng.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Leaf columns: relative width and alignment.
    pub columns: Vec<Column>,
    /// Header rows, origin cells only (a spanned cell appears once).
    pub header: Vec<Vec<Cell>>,
    /// Print "(1)", "(2)" … under the header.
    pub column_numbers: bool,
    pub rows: Vec<Row>,
    /// Number the first column 1, 2, … (restarting after a group row).
    pub numbered: bool,
    /// Repeat the header at the top of every page.
    pub repeat_header: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub width: f64,
    pub align: Align,
}

/// A cell: paragraphs, its span, its own alignment and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub paras: Vec<Inline>,
    pub colspan: usize,
    pub rowspan: usize,
    pub align: Option<Align>,
    pub bold: bool,
}

/// A body row, a group row across the table, or a bold total row.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Cells(Vec<Cell>),
    Group(Inline),
    Total(Vec<Cell>),
}

/// An image beside the document. Hình.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Relative to the document's folder, checked to stay inside it.
    pub path: PathBuf,
    pub width_mm: Option<f64>,
    pub caption: Option<String>,
    /// Where the path was written, for a located error if it cannot be
    /// read.
    pub pos: Pos,
}

/// Where the end mark "./." goes. Dấu kết thúc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndMark {
    /// On the last paragraph that is not a note (the default for the main
    /// text: every Phụ lục III sample).
    LastParagraph,
    /// After the very last block, a note included.
    AfterAll,
    /// Nowhere (the default for appendices).
    None,
}

impl EndMark {
    /// The YAML values of `dau_ket`.
    pub const ALL: [(&'static str, EndMark); 3] = [
        ("doan_cuoi", EndMark::LastParagraph),
        ("sau_cung", EndMark::AfterAll),
        ("khong", EndMark::None),
    ];
}

/// Every block of a tree, depth first, in print order.
pub fn walk(blocks: &[Block], f: &mut impl FnMut(&Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::Unit(u) => walk(&u.children, f),
            Block::Item(i) => walk(&i.children, f),
            Block::Field(fl) => walk(&fl.children, f),
            _ => {}
        }
    }
}

/// The assignment sections of a directive: units that directly hold tasks,
/// with their tasks, in order. Progress files name a task "<section>.<n>".
pub fn task_sections(blocks: &[Block]) -> Vec<(&Unit, Vec<&Task>)> {
    fn go<'a>(blocks: &'a [Block], out: &mut Vec<(&'a Unit, Vec<&'a Task>)>) {
        for b in blocks {
            let children = match b {
                Block::Unit(u) => {
                    let tasks: Vec<&Task> = u
                        .children
                        .iter()
                        .filter_map(|c| match c {
                            Block::Task(t) => Some(t),
                            _ => None,
                        })
                        .collect();
                    if !tasks.is_empty() {
                        out.push((u, tasks));
                    }
                    &u.children
                }
                Block::Item(i) => &i.children,
                Block::Field(f) => &f.children,
                _ => continue,
            };
            go(children, out);
        }
    }
    let mut out = Vec::new();
    go(blocks, &mut out);
    out
}

/// The articles (Điều) of a tree, in order.
pub fn articles(blocks: &[Block]) -> Vec<&Unit> {
    let mut out = Vec::new();
    fn go<'a>(blocks: &'a [Block], out: &mut Vec<&'a Unit>) {
        for b in blocks {
            match b {
                Block::Unit(u) => {
                    if u.level == Level::Article {
                        out.push(u);
                    }
                    go(&u.children, out);
                }
                Block::Item(i) => go(&i.children, out),
                Block::Field(f) => go(&f.children, out),
                _ => {}
            }
        }
    }
    go(blocks, &mut out);
    out
}
