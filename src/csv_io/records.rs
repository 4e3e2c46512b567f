//! Splitting CSV text into records, each with the row a spreadsheet shows and the line a text editor shows.

use std::path::Path;

use super::columns::Column;
use super::error::{CellProblem, ColumnRef, CsvError, Line};

/// One record of the file with its place.
#[derive(Debug)]
pub(super) struct Record {
    /// The fields, untrimmed.
    pub(super) fields: csv::StringRecord,
    /// Where the record starts.
    pub(super) line: Line,
}

/// What separates the fields of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// A comma: CSV.
    Comma,
    /// A tab: what Excel writes as "Unicode text" and "Text (tab-delimited)".
    Tab,
}

impl Delimiter {
    /// The delimiter of `text`: a tab when its first line holds more tabs
    /// than commas outside quotes, else a comma.
    pub fn of(text: &str) -> Self {
        let (mut tabs, mut commas, mut quoted) = (0_usize, 0_usize, false);
        let first_line = text.trim_start_matches(['\r', '\n']);
        for c in first_line.chars() {
            match c {
                '"' => quoted = !quoted,
                '\t' if !quoted => tabs += 1,
                ',' if !quoted => commas += 1,
                '\r' | '\n' if !quoted => break,
                _ => {}
            }
        }
        if tabs > commas {
            Self::Tab
        } else {
            Self::Comma
        }
    }

    /// The byte itself.
    fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Tab => b'\t',
        }
    }
}

/// Reads every record of `text` (RFC 4180, fields separated by
/// `delimiter`). Empty lines yield no record but count as rows, as a
/// spreadsheet shows them.
///
/// A quoted field left open at the end is an error: the reader would take
/// the rest of the file into it.
pub(super) fn read(text: &str, delimiter: Delimiter, path: &Path) -> Result<Vec<Record>, CsvError> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(bytes);
    let mut records = Vec::new();
    // Line breaks before `counted_to`, and line breaks inside fields so far.
    let (mut counted_to, mut breaks, mut breaks_in_fields) = (0, 0, 0);
    let mut last_start = 0;
    for result in reader.records() {
        let fields = result.map_err(|error| CsvError::Syntax {
            path: path.to_owned(),
            line: error.position().map_or(0, csv::Position::line),
            message: error.to_string(),
        })?;
        // The reader's position is where it started looking, before any
        // empty lines it skipped; the record starts after them.
        let looked_from = fields
            .position()
            .and_then(|position| usize::try_from(position.byte()).ok())
            .unwrap_or(counted_to)
            .clamp(counted_to, bytes.len());
        let start = looked_from
            + bytes[looked_from..]
                .iter()
                .take_while(|byte| matches!(byte, b'\r' | b'\n'))
                .count();
        breaks += line_breaks(&bytes[counted_to..start]);
        counted_to = start;
        last_start = start;
        let text_line = breaks + 1;
        let line = Line {
            row: text_line - breaks_in_fields,
            text_line,
        };
        breaks_in_fields += fields
            .iter()
            .map(|field| line_breaks(field.as_bytes()))
            .sum::<usize>();
        records.push(Record { fields, line });
    }
    if let Some((last, before)) = records.split_last()
        && let Some(index) = unclosed_quote(&text[last_start..], char::from(delimiter.byte()))
    {
        // Name the column by the header row, unless the quote opens in it.
        let header = before
            .iter()
            .find(|record| !record.is_blank())
            .and_then(|header| header.fields.get(index))
            .map(str::trim)
            .unwrap_or_default();
        return Err(CsvError::Cell {
            path: path.to_owned(),
            line: last.line,
            column: ColumnRef {
                index,
                header: header.to_owned(),
                column: Column::from_header(header),
            },
            problem: Box::new(CellProblem::UnclosedQuote),
        });
    }
    Ok(records)
}

impl Record {
    /// Every field is empty or blank: the row is skipped.
    pub(super) fn is_blank(&self) -> bool {
        self.fields.iter().all(|field| field.trim().is_empty())
    }
}

/// Line breaks in `bytes`, counting `\r\n`, `\n` and a lone `\r` as one each.
fn line_breaks(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|byte| **byte == b'\n').count();
    let lone_returns = bytes
        .iter()
        .enumerate()
        .filter(|(at, byte)| **byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
        .count();
    newlines + lone_returns
}

/// The field index of a quote opened and never closed in the record that
/// starts `text`, scanning as RFC 4180 reads: a quote opens a field only as
/// its first character, and `""` inside a quoted field is a quote.
fn unclosed_quote(text: &str, delimiter: char) -> Option<usize> {
    let mut chars = text.chars().peekable();
    let (mut field, mut at_field_start, mut quoted) = (0, true, false);
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' && chars.next_if_eq(&'"').is_none() {
                quoted = false;
            }
            continue;
        }
        match c {
            '"' if at_field_start => quoted = true,
            c if c == delimiter => {
                field += 1;
                at_field_start = true;
                continue;
            }
            '\r' | '\n' => return None,
            _ => {}
        }
        at_field_start = false;
    }
    quoted.then_some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(Vec<String>, usize, usize)> {
        read(text, Delimiter::Comma, Path::new("t.csv"))
            .unwrap()
            .into_iter()
            .map(|r| {
                let fields = r.fields.iter().map(str::to_owned).collect();
                (fields, r.line.row, r.line.text_line)
            })
            .collect()
    }

    #[test]
    fn rows_count_empty_lines_and_not_breaks_inside_fields() {
        let text = "a,b\r\n\"x\ny\",z\r\n\r\nlast,\"\"\"q\"\"\"\r\n";
        let read = rows(text);
        assert_eq!(read.len(), 3);
        assert_eq!((read[0].1, read[0].2), (1, 1));
        assert_eq!(read[1].0, ["x\ny", "z"]);
        assert_eq!((read[1].1, read[1].2), (2, 2));
        // One empty row after the two-line record.
        assert_eq!((read[2].1, read[2].2), (4, 5));
        assert_eq!(read[2].0, ["last", "\"q\""]);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let read = rows("a\rb\r\rc");
        let lines: Vec<usize> = read.iter().map(|r| r.1).collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn an_open_quote_at_the_end_is_found() {
        assert_eq!(unclosed_quote("a,\"b\nc,d\n", ','), Some(1));
        assert_eq!(unclosed_quote("a,\"b\"\"\",c\n", ','), None);
        assert_eq!(unclosed_quote("a,b\"c,\"d\"\n", ','), None);
        assert_eq!(unclosed_quote("x\"y,z", ','), None);
        assert_eq!(unclosed_quote("\"\"\"", ','), Some(0));
        let error = read(
            "stage,lane,title\nA,B,\"open\nmore,rows,here\n",
            Delimiter::Comma,
            Path::new("t.csv"),
        )
        .unwrap_err();
        assert_eq!(error.line(), Some(2));
        assert!(matches!(
            error,
            CsvError::Cell { ref problem, ref column, .. } if **problem == CellProblem::UnclosedQuote && column.index == 2
        ));
    }
}
