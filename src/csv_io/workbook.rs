//! Reading the rows of one sheet of an `.xlsx` workbook as the records a CSV file would give.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{DataRef, Reader as _, SheetType, Xlsx};

use crate::fsio;
use crate::limits::{MAX_CARDS, MAX_SHEET_CELLS};

use super::columns::letter;
use super::error::{CsvError, Line};
use super::records::Record;

/// The file names a workbook by its extension (`.xlsx`, `.xlsm`).
pub(super) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("xlsx") || extension.eq_ignore_ascii_case("xlsm")
        })
}

/// Reads the rows of the sheet named `sheet`, or of the first worksheet,
/// with the name of the sheet read. Each row is a record of cells from
/// column A on, numbered as the spreadsheet numbers its rows; a cell holds
/// the text a CSV export of it would ([`cell_text`]).
///
/// Reading stops after the first row with a cell beyond the header's last
/// column, which is an error there, and after more rows than a map may
/// hold cards; a cell past Excel's last column (XFD) or a sheet of more
/// than [`MAX_SHEET_CELLS`] is refused: a hostile sheet cannot fill the
/// memory with cells.
pub(super) fn read(path: &Path, sheet: Option<&str>) -> Result<(Vec<Record>, String), CsvError> {
    let bytes = fsio::read_bytes(path).map_err(CsvError::Read)?;
    let damaged = |error: calamine::XlsxError| CsvError::Workbook {
        path: path.to_owned(),
        reason: error.to_string(),
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let worksheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|meta| meta.typ == SheetType::WorkSheet)
        .map(|meta| meta.name.clone())
        .collect();
    let name = match sheet {
        Some(wanted) => worksheets.iter().find(|name| *name == wanted).cloned(),
        None => worksheets.first().cloned(),
    };
    let Some(name) = name else {
        return Err(CsvError::NoSuchSheet {
            path: path.to_owned(),
            sheet: sheet.map(str::to_owned),
            sheets: worksheets,
        });
    };
    let mut cells = workbook.worksheet_cells_reader(&name).map_err(damaged)?;
    // Row number (0-based) → its cells, from column A on.
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    // The header's row and width, once the row after it starts.
    let mut header: Option<(u32, usize)> = None;
    let mut last_row = None;
    while let Some(cell) = cells.next_cell().map_err(damaged)? {
        let (row, column) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let number = usize::try_from(row).unwrap_or(usize::MAX).saturating_add(1);
        let line = Line {
            row: number,
            text_line: number,
        };
        if column >= SHEET_COLUMNS {
            return Err(CsvError::Workbook {
                path: path.to_owned(),
                reason: format!(
                    "row {} has a cell in column {}, past XFD, the last column a sheet has",
                    line.row,
                    letter(usize::try_from(column).unwrap_or(usize::MAX))
                ),
            });
        }
        if last_row != Some(row) {
            // The rows before this one are complete.
            if rows.len() > MAX_CARDS + 1 || beyond_header(&rows, header) {
                break;
            }
            header = header.or_else(|| rows.first_key_value().map(|(&at, f)| (at, f.len())));
            let width = header.map_or(0, |(_, width)| width);
            if rows.len().saturating_mul(width) > MAX_SHEET_CELLS {
                return Err(CsvError::TooMany {
                    path: path.to_owned(),
                    line,
                    what: "cells (rows as wide as the header)",
                    limit: MAX_SHEET_CELLS,
                });
            }
            last_row = Some(row);
        }
        let fields = rows.entry(row).or_default();
        if header.is_some_and(|(_, width)| fields.len() > width) {
            // One cell beyond the header already makes the row wrong.
            continue;
        }
        // Below XFD's 16,384, as checked above.
        let column = usize::try_from(column).unwrap_or_default();
        if fields.len() <= column {
            fields.resize(column, String::new());
            fields.push(text);
        } else {
            fields[column] = text;
        }
    }
    // Every row as wide as the header, as a CSV export writes them.
    let width = match header {
        Some((_, width)) => width,
        None => rows.values().map(Vec::len).max().unwrap_or(0),
    };
    let records = rows
        .into_iter()
        .map(|(row, mut fields)| {
            if fields.len() < width {
                fields.resize(width, String::new());
            }
            let number = usize::try_from(row).unwrap_or(usize::MAX).saturating_add(1);
            Record {
                fields: csv::StringRecord::from(fields),
                line: Line {
                    row: number,
                    text_line: number,
                },
            }
        })
        .collect();
    Ok((records, name))
}

/// Columns a sheet has: A to XFD.
const SHEET_COLUMNS: u32 = 16_384;

/// The last row read has a cell beyond the header's last column.
fn beyond_header(rows: &BTreeMap<u32, Vec<String>>, header: Option<(u32, usize)>) -> bool {
    let Some((header_row, width)) = header else {
        return false;
    };
    rows.last_key_value()
        .is_some_and(|(&row, fields)| row != header_row && fields.len() > width)
}

/// The text of a cell as the spreadsheet would write it to CSV: whole
/// numbers without a decimal point (a score of 1.0 is `1`, 30 minutes are
/// `30`), other numbers in the shortest form that reads back the same,
/// yes/no cells as `true`/`false`, error cells as their code (`#N/A`), and
/// dates and times as their serial number.
pub(super) fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number.to_string(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            text.clone()
        }
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Bool(yes) => yes.to_string(),
        DataRef::DateTime(when) => when.as_f64().to_string(),
        DataRef::Error(error) => error.to_string(),
        DataRef::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_they_are_written() {
        assert_eq!(cell_text(&DataRef::Float(1.0)), "1");
        assert_eq!(cell_text(&DataRef::Float(30.0)), "30");
        assert_eq!(cell_text(&DataRef::Float(-1.5)), "-1.5");
        assert_eq!(cell_text(&DataRef::Float(0.1)), "0.1");
        assert_eq!(cell_text(&DataRef::Float(-0.0)), "-0");
        assert_eq!(cell_text(&DataRef::Int(-2)), "-2");
        assert_eq!(cell_text(&DataRef::Bool(true)), "true");
        assert_eq!(cell_text(&DataRef::SharedString("预约")), "预约");
        assert_eq!(cell_text(&DataRef::Empty), "");
    }

    #[test]
    fn workbooks_are_known_by_their_extension() {
        assert!(is_workbook(Path::new("a/cards.xlsx")));
        assert!(is_workbook(Path::new("cards.XLSX")));
        assert!(is_workbook(Path::new("cards.xlsm")));
        assert!(!is_workbook(Path::new("cards.csv")));
        assert!(!is_workbook(Path::new("xlsx")));
    }
}
