//! The `.stagemap.ron` file format: versioned, pretty RON that diffs cleanly.
//!
//! A file is `(format_version: N, document: (…))`. [`parse`] reads the
//! version first: a newer version is refused whole, an older one goes through
//! the migration chain (`migrate`) before the document is read, so every file that any released
//! version wrote still opens.
//!
//! To change the format: freeze the current document types in a module
//! `vN`, bump [`CURRENT_VERSION`], add a step to `migrate` converting
//! `vN` to the new types, and add golden files under `tests/golden/`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::edit::Session;
use crate::fsio::{self, DiskSteps, ReadError};
use crate::limits::{self, MAX_CARDS, MAX_ITEMS, MAX_TEXT_CHARS};
use crate::model::Document;

mod v1;
mod v2;

/// The version this build writes.
pub const CURRENT_VERSION: u32 = 4;

/// The ending of map files.
pub const FILE_EXTENSION: &str = ".stagemap.ron";

/// What the top of every file holds.
#[derive(Deserialize)]
struct Header {
    format_version: u32,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    document: &'a Document,
}

#[derive(Deserialize)]
struct FileIn {
    document: Document,
}

/// Why a map file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read as text.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The text is not valid for the format.
    #[error(
        "{}:{line}:{column}: {message}. Fix the file in a text editor at that place, \
         or open a backup copy",
        path.display()
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// The file does not start with a `format_version`.
    #[error(
        "{}: this is not a Stagemap map (no `format_version` at the top); \
         open a .stagemap.ron file, or import a CSV file with `stagemap import`",
        path.display()
    )]
    NotAMap {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer Stagemap.
    #[error(
        "{}: the file has format version {version}, written by a newer Stagemap; this \
         version reads up to {CURRENT_VERSION}. Update Stagemap to open it (the file was not changed)",
        path.display()
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// Its version.
        version: u32,
    },
    /// The version number is not one any Stagemap wrote.
    #[error("{}: format version {version} does not exist", path.display())]
    UnknownVersion {
        /// The file.
        path: PathBuf,
        /// Its version.
        version: u32,
    },
    /// The map holds a decision that cannot be (a round without participants,
    /// a score of 7, an action without text).
    #[error(
        "{}: {problem}. Fix it in a text editor, or open a backup copy",
        path.display()
    )]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        problem: String,
    },
    /// The map holds more than Stagemap accepts.
    #[error("{}: {what}; the limit is {limit}", path.display())]
    TooBig {
        /// The file.
        path: PathBuf,
        /// What is too big, e.g. "120000 cards".
        what: String,
        /// The limit.
        limit: usize,
    },
}

/// Reads a map file.
pub fn load(path: &Path) -> Result<Document, LoadError> {
    let text = fsio::read_text(path)?;
    parse(&text, path)
}

/// Parses the text of a map file; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Document, LoadError> {
    let header: Header = ron::from_str(text).map_err(|error| {
        if error.to_string().contains("format_version") {
            LoadError::NotAMap {
                path: path.to_owned(),
            }
        } else {
            syntax_error(path, &error)
        }
    })?;
    let version = header.format_version;
    if version > CURRENT_VERSION {
        return Err(LoadError::NewerVersion {
            path: path.to_owned(),
            version,
        });
    }
    let document = migrate(text, version, path)?;
    check_limits_and_decisions(&document, path)?;
    Ok(document)
}

/// Reads a file of `version` into the current document types.
///
/// Versions: 1, the first release; 2 added the presentation (views and
/// agenda); 3 the workshop's decisions (voting rounds, matrix, screening,
/// actions); 4 ids up to 2⁵³, each live peer's from its own block
/// ([`crate::model::IdBlock`]), read by the same types as 3, whose ids all
/// fit. Each new version adds one step here.
fn migrate(text: &str, version: u32, path: &Path) -> Result<Document, LoadError> {
    match version {
        1 => {
            let file: v1::File = ron::from_str(text).map_err(|e| syntax_error(path, &e))?;
            Ok(file.document.into())
        }
        2 => {
            let file: v2::File = ron::from_str(text).map_err(|e| syntax_error(path, &e))?;
            Ok(file.document.into())
        }
        3 | CURRENT_VERSION => {
            let file: FileIn = ron::from_str(text).map_err(|e| syntax_error(path, &e))?;
            Ok(file.document)
        }
        _ => Err(LoadError::UnknownVersion {
            path: path.to_owned(),
            version,
        }),
    }
}

fn syntax_error(path: &Path, error: &ron::error::SpannedError) -> LoadError {
    let message = match error.code {
        // RON's own text speaks to programmers; a map never nests this deep.
        ron::Error::ExceededRecursionLimit => {
            "brackets nest too deeply here for a map; the file is damaged or not a map".to_owned()
        }
        ref code => code.to_string(),
    };
    LoadError::Syntax {
        path: path.to_owned(),
        line: error.span.start.line,
        column: error.span.start.col,
        message,
    }
}

fn check_limits_and_decisions(doc: &Document, path: &Path) -> Result<(), LoadError> {
    let too_big = |what: String, limit: usize| LoadError::TooBig {
        path: path.to_owned(),
        what,
        limit,
    };
    if doc.cards.len() > MAX_CARDS {
        return Err(too_big(format!("{} cards", doc.cards.len()), MAX_CARDS));
    }
    for (count, what) in [
        (doc.stages.len(), "stages"),
        (doc.step_count(), "steps"),
        (doc.lanes.len(), "lanes"),
        (doc.connectors.len(), "connectors"),
        (doc.personas.len(), "personas"),
        (doc.presentation.views.len(), "views"),
        (doc.presentation.agenda.len(), "agenda steps"),
        (doc.decisions.rounds.len(), "voting rounds"),
        (
            doc.decisions
                .rounds
                .iter()
                .map(|r| r.participants.len())
                .sum(),
            "participants",
        ),
        (doc.decisions.matrix.placed.len(), "matrix placements"),
        (doc.decisions.screening.criteria.len(), "screening criteria"),
        (doc.decisions.actions.len(), "actions"),
        (
            doc.decisions.rounds.iter().map(|r| r.votes.len()).sum(),
            "votes",
        ),
        (doc.decisions.screening.scores.len(), "screening scores"),
    ] {
        if count > MAX_ITEMS {
            return Err(too_big(format!("{count} {what}"), MAX_ITEMS));
        }
    }
    if let Some(too_long) = limits::first_text_too_long(limits::text_fields(doc)) {
        return Err(too_big(too_long.to_string(), MAX_TEXT_CHARS));
    }
    if let Some(problem) = doc.decisions.problem() {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            problem,
        });
    }
    Ok(())
}

/// The text of a map file for `doc`, in the current format version.
pub fn to_string(doc: &Document) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let file = FileOut {
        format_version: CURRENT_VERSION,
        document: doc,
    };
    // Serialising plain data with string keys cannot fail.
    let mut text = ron::ser::to_string_pretty(&file, config).unwrap_or_default();
    text.push('\n');
    text
}

/// Why a map could not be saved. The document in memory is untouched.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot save the map: {source}. The map is still open; save it elsewhere", path.display())]
pub struct SaveError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// The cause.
    pub source: std::io::Error,
}

/// Saves a map atomically: on failure the previous file is intact.
pub fn save(doc: &Document, path: &Path) -> Result<(), SaveError> {
    fsio::write_atomic(path, to_string(doc).as_bytes()).map_err(|source| SaveError {
        path: path.to_owned(),
        source,
    })
}

/// Saves a map over its file, first keeping the file it replaces as
/// `NAME.stagemap.ron.bak` ([`fsio::backup_path`]); every write goes through
/// `disk`'s steps. On failure the previous file and backup are intact.
pub fn save_with_backup(
    doc: &Document,
    path: &Path,
    disk: &mut dyn DiskSteps,
) -> Result<(), SaveError> {
    fsio::write_with_backup(disk, path, to_string(doc).as_bytes()).map_err(|source| SaveError {
        path: path.to_owned(),
        source,
    })
}

/// Saves the map of `session` as [`save_with_backup`] does and marks the
/// session saved; on failure the session, its undo history and its unsaved
/// state are as they were.
pub fn save_session(
    session: &mut Session,
    path: &Path,
    disk: &mut dyn DiskSteps,
) -> Result<(), SaveError> {
    save_with_backup(session.doc(), path, disk)?;
    session.mark_saved();
    Ok(())
}
