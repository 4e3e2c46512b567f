//! One data row read through the header: the trimmed text of a column,
//! typed values, and errors that point at the cell.

use std::path::Path;

use crate::limits::MAX_TEXT_CHARS;

use super::columns::{Column, Header};
use super::error::{CellProblem, ColumnRef, CsvError};
use super::records::Record;

/// One data row, read through the header.
pub(super) struct Row<'a> {
    /// The file, for errors.
    pub(super) path: &'a Path,
    /// The header row.
    pub(super) header: &'a Header,
    /// The row.
    pub(super) record: &'a Record,
}

impl Row<'_> {
    /// The row has a field for every header cell, nothing beyond them, and
    /// no cell longer than a field may be.
    pub(super) fn check_shape(&self) -> Result<(), CsvError> {
        let (found, expected) = (self.record.fields.len(), self.header.len());
        if found < expected {
            return Err(self.error_at(found, CellProblem::MissingFields { found, expected }));
        }
        if let Some(extra) = (expected..found).find(|&index| {
            self.record
                .fields
                .get(index)
                .is_some_and(|field| !field.trim().is_empty())
        }) {
            return Err(self.error_at(extra, CellProblem::ExtraFields { found, expected }));
        }
        for column in Column::ALL {
            let length = self.text(column).chars().count();
            if length > MAX_TEXT_CHARS {
                return Err(self.error(column, CellProblem::TooLong(length)));
            }
        }
        Ok(())
    }

    /// The trimmed text of a column; empty when the file lacks the column.
    pub(super) fn text(&self, column: Column) -> &str {
        self.header
            .position(column)
            .and_then(|index| self.record.fields.get(index))
            .map_or("", str::trim)
    }

    /// The column's text turned into a value.
    pub(super) fn parse<T>(
        &self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, CellProblem>,
    ) -> Result<T, CsvError> {
        parse(self.text(column)).map_err(|problem| self.error(column, problem))
    }

    /// The column's text, which must not be empty.
    pub(super) fn required(&self, column: Column) -> Result<&str, CsvError> {
        match self.text(column) {
            "" => Err(self.error(column, CellProblem::Empty)),
            text => Ok(text),
        }
    }

    /// The cell of `column` in this row, named as a person finds it.
    pub(super) fn column_ref(&self, column: Column) -> ColumnRef {
        // Only columns the file has hold text that can be wrong.
        let index = self.header.position(column).unwrap_or_default();
        ColumnRef {
            index,
            header: self.header.name_at(index).to_owned(),
            column: Some(column),
        }
    }

    /// An error about the cell of `column`.
    pub(super) fn error(&self, column: Column, problem: CellProblem) -> CsvError {
        CsvError::Cell {
            path: self.path.to_owned(),
            line: self.record.line,
            column: self.column_ref(column),
            problem: Box::new(problem),
        }
    }

    /// An error about the field at `index`, which may lie past the header.
    fn error_at(&self, index: usize, problem: CellProblem) -> CsvError {
        let header = self.header.name_at(index).to_owned();
        CsvError::Cell {
            path: self.path.to_owned(),
            line: self.record.line,
            column: ColumnRef {
                index,
                column: Column::from_header(&header),
                header,
            },
            problem: Box::new(problem),
        }
    }
}
