//! Spreadsheets into the editor: a CSV file or an `.xlsx` workbook becomes a new map, with a status that says how the file was read; and the Add emotion lane command.

use std::path::Path;

use crate::csv_io::{self, Delimiter, ReadAs};
use crate::edit::{Command, ops};
use crate::model::{Document, LaneKind};

use super::document::OpenDocument;
use super::i18n::{tr, tr_args};

/// Reads a spreadsheet into a new map, which has unsaved changes until it
/// is saved as a map file, with the status message that says how the file
/// was read and whether an emotion lane was added. The error, in the UI
/// language, names the file and what to do.
pub fn import_spreadsheet(path: &Path) -> Result<(OpenDocument, String), String> {
    let imported = csv_io::import_file(path, None)
        .map_err(|error| tr_args("error-import", &[("reason", &error.to_string())]))?;
    let how = match &imported.read_as {
        ReadAs::Text {
            encoding,
            delimiter: Delimiter::Comma,
        } => tr_args("import-read-as", &[("encoding", encoding.name())]),
        ReadAs::Text {
            encoding,
            delimiter: Delimiter::Tab,
        } => tr_args("import-read-as-tabs", &[("encoding", encoding.name())]),
        ReadAs::Sheet(sheet) => tr_args("import-read-sheet", &[("sheet", sheet)]),
    };
    let mut status = tr_args(
        "status-imported",
        &[
            ("path", &path.display().to_string()),
            ("how", &how),
            ("cards", &imported.doc.cards.len().to_string()),
        ],
    );
    if imported.added_emotion_lane {
        status.push_str(&tr("status-imported-emotion-lane"));
    }
    Ok((OpenDocument::imported(imported.doc), status))
}

/// The name of the map's emotion lane, when it has one.
pub fn emotion_lane_name(doc: &Document) -> Option<&str> {
    doc.lanes
        .iter()
        .find(|lane| lane.kind == LaneKind::Emotion)
        .map(|lane| lane.name.as_str())
}

/// The command that adds an emotion lane named in the UI language, under
/// the customer lane, with the status message that says so; or, when the
/// map has an emotion lane already, the message that names it.
pub fn add_emotion_lane(doc: &Document) -> Result<(Command, String), String> {
    let name = tr("new-emotion-lane-name");
    match ops::add_emotion_lane(doc, &name) {
        Some(command) => {
            let status = tr_args("status-emotion-lane-added", &[("name", &name)]);
            Ok((command, status))
        }
        None => {
            let existing = emotion_lane_name(doc).unwrap_or_default();
            Err(tr_args("emotion-lane-exists", &[("name", existing)]))
        }
    }
}
