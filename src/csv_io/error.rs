//! What can be wrong with a CSV file or a workbook, said so that a person can find the cell and fix it.

use std::path::PathBuf;

use crate::fsio::{NotText, ReadError};
use crate::limits::MAX_TEXT_CHARS;

use super::columns::{Column, letter};

/// Why a CSV file or a workbook could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The file could not be read (missing, unreadable, too large).
    #[error(transparent)]
    Read(ReadError),
    /// The file is not text in an encoding Stagemap reads.
    #[error("{}: {problem}", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// What the bytes are instead, and what to do.
        problem: NotText,
    },
    /// The workbook cannot be read: damaged, protected by a password, or
    /// not an `.xlsx` workbook at all.
    #[error(
        "{}: the workbook cannot be read ({reason}). Open it in Excel, WPS or LibreOffice,          save it again as .xlsx without a password (or as \"CSV UTF-8\"), and import that",
        path.display()
    )]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What the workbook reader said.
        reason: String,
    },
    /// The workbook has no sheet of the name asked for, or no worksheet at all.
    #[error(
        "{}: {}",
        path.display(),
        match sheet {
            Some(sheet) if !sheets.is_empty() => format!(
                "the workbook has no sheet named `{sheet}`; its sheets are {}. Name one of them",
                sheets.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
            ),
            _ => "the workbook has no worksheet; put the cards on a sheet, one per row".to_owned(),
        }
    )]
    NoSuchSheet {
        /// The file.
        path: PathBuf,
        /// The sheet asked for; `None` for the first one.
        sheet: Option<String>,
        /// The worksheets the workbook has, in order.
        sheets: Vec<String>,
    },
    /// A sheet was named for a file that is text, not a workbook.
    #[error(
        "{}: the file is CSV text, which has no sheets; leave out the sheet `{sheet}`, or \
         import the .xlsx workbook it came from",
        path.display()
    )]
    SheetOfText {
        /// The file.
        path: PathBuf,
        /// The sheet asked for.
        sheet: String,
    },
    /// The file holds no rows at all.
    #[error(
        "{}: the file holds no rows. The first line must be a header naming the columns \
         (at least stage, lane and title), then one card per line",
        path.display()
    )]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The header row lacks a required column.
    #[error(
        "{}:{line}: the header row has no `{column}` column{}. The first line must name the \
         columns, at least stage, lane and title; add a `{column}` column",
        path.display(),
        aliases_note(*column)
    )]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// Line of the header row.
        line: Line,
        /// The missing column.
        column: Column,
    },
    /// Two header cells name the same column.
    #[error(
        "{}:{line}: columns {} and {} both mean `{column}`; delete or rename one of them",
        path.display(),
        letter(*first),
        letter(*second)
    )]
    RepeatedColumn {
        /// The file.
        path: PathBuf,
        /// Line of the header row.
        line: Line,
        /// The column named twice.
        column: Column,
        /// 0-based index of the first header cell naming it.
        first: usize,
        /// 0-based index of the second.
        second: usize,
    },
    /// A cell of a row holds something the map cannot take.
    #[error("{}:{line}: {column}: {problem}", path.display())]
    Cell {
        /// The file.
        path: PathBuf,
        /// The row.
        line: Line,
        /// The cell's column.
        column: ColumnRef,
        /// What is wrong and what to do.
        problem: Box<CellProblem>,
    },
    /// The file holds more than a map may.
    #[error("{}:{line}: the file holds more than {limit} {what}; split it into several maps", path.display())]
    TooMany {
        /// The file.
        path: PathBuf,
        /// The row where the limit was passed.
        line: Line,
        /// What there are too many of: "cards", "connectors".
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The CSV reader failed.
    #[error("{}:{line}: {message}; check the quotes on this line", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What the reader said.
        message: String,
    },
}

fn aliases_note(column: Column) -> String {
    match column.aliases() {
        [] => String::new(),
        aliases => format!(" (or {})", aliases.join(", ")),
    }
}

impl CsvError {
    /// The row the error is about, as a spreadsheet numbers it, if it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::MissingColumn { line, .. }
            | Self::RepeatedColumn { line, .. }
            | Self::Cell { line, .. }
            | Self::TooMany { line, .. } => Some(line.row),
            Self::NotText {
                problem:
                    NotText::Undecodable {
                        first_bad_byte: Some((line, _)),
                    },
                ..
            } => Some(*line),
            Self::Syntax { line, .. } => usize::try_from(*line).ok(),
            Self::Read(_)
            | Self::NotText { .. }
            | Self::Workbook { .. }
            | Self::NoSuchSheet { .. }
            | Self::SheetOfText { .. }
            | Self::Empty { .. } => None,
        }
    }

    /// What is wrong with the cell, if the error is about one.
    pub fn problem(&self) -> Option<&CellProblem> {
        match self {
            Self::Cell { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The column the error is about, if it is about one of the known columns.
    pub fn column(&self) -> Option<Column> {
        match self {
            Self::MissingColumn { column, .. } | Self::RepeatedColumn { column, .. } => {
                Some(*column)
            }
            Self::Cell { column, .. } => column.column,
            _ => None,
        }
    }
}

/// Where a row sits: the spreadsheet row number, and the line a text editor
/// shows (they differ after cells that hold line breaks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based row as a spreadsheet numbers it; the header row is usually 1.
    pub row: usize,
    /// 1-based line in a text editor where the row starts.
    pub text_line: usize,
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row == self.text_line {
            write!(f, "{}", self.row)
        } else {
            write!(f, "{} (line {} in a text editor)", self.row, self.text_line)
        }
    }
}

/// A column of the file, named as a person finds it: letter and header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    /// 0-based field index.
    pub index: usize,
    /// The header cell as written; empty past the header's last cell.
    pub header: String,
    /// The column it names, if it names one.
    pub column: Option<Column>,
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}", letter(self.index))?;
        if !self.header.is_empty() {
            write!(f, " ({})", self.header)?;
        }
        Ok(())
    }
}

/// What is wrong with one cell, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CellProblem {
    /// A stage or lane cell is empty.
    #[error("the cell is empty; every card needs a stage and a lane")]
    Empty,
    /// The row has fewer fields than the header.
    #[error(
        "the row has {found} fields but the header has {expected}. Put double quotes around a \
         field that holds a comma or a line break, and write a quote inside it as two quotes (\"\")"
    )]
    MissingFields {
        /// Fields in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// The row has text beyond the header's last column.
    #[error(
        "the row has {found} fields but the header has {expected}. Put double quotes around a \
         field that holds a comma or a line break, or add a header for the extra column"
    )]
    ExtraFields {
        /// Fields in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A quoted field is never closed.
    #[error(
        "a quoted field starts here and never ends: the rest of the file would be read into \
         it. Add the closing double quote, and write a quote inside a field as two quotes (\"\")"
    )]
    UnclosedQuote,
    /// Not a lane kind word.
    #[error(
        "`{0}` is not a lane kind. Use evidence, customer, touchpoint, frontstage, backstage, \
         support, thought, emotion, pain, opportunity, metric or note (or 有形展示, 顾客行为, \
         触点, 前台, 后台, 支持 …), or leave the cell empty to take the kind from the lane name"
    )]
    LaneKind(String),
    /// Two rows give one lane different kinds.
    #[error(
        "lane `{lane}` is `{kind}` here but `{earlier_kind}` on line {earlier_line}; a lane has \
         one kind: make the cells agree, or give the lanes different names"
    )]
    LaneKindConflict {
        /// The lane's name.
        lane: String,
        /// The kind this row gives.
        kind: String,
        /// The kind an earlier row gave.
        earlier_kind: String,
        /// The spreadsheet row of that earlier row.
        earlier_line: usize,
    },
    /// Not a KANO category.
    #[error(
        "`{0}` is not a KANO category. Use must-be, performance, attractive, indifferent or \
         reverse (or 必备, 期望, 魅力, 无差异, 反向), or leave the cell empty"
    )]
    Kano(String),
    /// Not a SERVQUAL dimension.
    #[error(
        "`{0}` is not a SERVQUAL dimension. Use tangibles, reliability, responsiveness, \
         assurance or empathy (or 有形性, 可靠性, 响应性, 保证性, 移情性), or leave the cell empty"
    )]
    Servqual(String),
    /// Not a finite number.
    #[error(
        "`{0}` is not a number. Write a number like 3 or -1.5, with a point as the decimal \
         separator, or leave the cell empty"
    )]
    Number(String),
    /// Not a whole number of minutes.
    #[error(
        "`{0}` is not a whole number of minutes. Write 0 or more, like 15, or leave the cell empty"
    )]
    Minutes(String),
    /// Not a yes/no word.
    #[error(
        "`{0}` is not yes or no. Write true/false, yes/no, 1/0 or 是/否, or leave the cell \
         empty for no"
    )]
    Boolean(String),
    /// Not a `#rrggbb` colour.
    #[error("`{0}` is not a colour. Write #rrggbb, like #ff8800, or leave the cell empty")]
    Colour(String),
    /// The same id on two rows.
    #[error("the id `{id}` is already used on line {earlier_line}; give each row its own id")]
    DuplicateId {
        /// The id.
        id: String,
        /// The spreadsheet row that used it first.
        earlier_line: usize,
    },
    /// A `next` id no row has.
    #[error(
        "no row has the id `{0}`. List ids from the `id` column, separated by `;`, or leave \
         the cell empty"
    )]
    UnknownNext(String),
    /// A cell longer than a map field may be.
    #[error(
        "the cell holds {0} characters, more than the {MAX_TEXT_CHARS} a field may hold; shorten it"
    )]
    TooLong(usize),
}
