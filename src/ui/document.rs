//! The map open in the window: its edit session, the file it belongs to, and how it is named in the title bar.

use std::path::{Path, PathBuf};

use crate::edit::Session;
use crate::format;
use crate::fsio::{FileStamp, RealDisk};
use crate::model::Document;

use super::export::MapInfo;
use super::i18n::tr;

/// A map being edited, with the file it was opened from or saved to.
#[derive(Debug, Default)]
pub struct OpenDocument {
    /// The document and its undo history.
    pub session: Session,
    /// The file; `None` for a map never saved.
    pub path: Option<PathBuf>,
    /// What the file was when it was opened or last saved, to notice when
    /// another program changes it.
    pub stamp: Option<FileStamp>,
}

impl OpenDocument {
    /// A map that has no file yet; it counts as unchanged until edited.
    pub fn new_unsaved(doc: Document) -> Self {
        Self {
            session: Session::opened(doc),
            path: None,
            stamp: None,
        }
    }

    /// A map made from a spreadsheet: it has no map file yet, and its
    /// changes count as unsaved, so closing the window asks to save it.
    pub fn imported(doc: Document) -> Self {
        Self {
            session: Session::unsaved(doc),
            path: None,
            stamp: None,
        }
    }

    /// A map restored from a recovery file, belonging to `path`: its changes
    /// are not in that file, so it opens with unsaved changes. The file as it
    /// is now is what a later save checks for changes by another program.
    pub fn restored(doc: Document, path: Option<PathBuf>) -> Self {
        let stamp = path
            .as_deref()
            .and_then(|path| FileStamp::read(path).ok().flatten());
        Self {
            session: Session::unsaved(doc),
            path,
            stamp,
        }
    }

    /// Reads a map file. On error nothing is opened and the error says where the file is wrong.
    pub fn open(path: &Path) -> Result<Self, format::LoadError> {
        // Stamped before reading: a change in between shows as a conflict
        // later rather than going unnoticed.
        let stamp = FileStamp::read(path).ok().flatten();
        let doc = format::load(path)?;
        Ok(Self {
            session: Session::opened(doc),
            path: Some(path.to_owned()),
            stamp,
        })
    }

    /// The document.
    pub fn doc(&self) -> &Document {
        self.session.doc()
    }

    /// Writes the map to `path` atomically, keeping the file it replaces as
    /// a backup, and makes it the map's file. On error the map, its file and
    /// its unsaved state stay as they were.
    pub fn save_to(&mut self, path: &Path) -> Result<(), format::SaveError> {
        format::save_session(&mut self.session, path, &mut RealDisk)?;
        self.stamp = FileStamp::read(path).ok().flatten();
        self.path = Some(path.to_owned());
        Ok(())
    }

    /// Another program changed (or replaced) the map's file since it was
    /// opened or last saved here. A file that is gone, or cannot be read,
    /// is not a conflict: saving recreates it or reports why it cannot.
    pub fn changed_on_disk(&self) -> bool {
        let (Some(path), Some(stamp)) = (&self.path, &self.stamp) else {
            return false;
        };
        match FileStamp::read(path) {
            Ok(Some(now)) => &now != stamp,
            Ok(None) | Err(_) => false,
        }
    }

    /// The map has changes that are not in its file.
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    /// The map's name: its file name, else its title, else "Untitled".
    pub fn display_name(&self) -> String {
        if let Some(name) = self.path.as_deref().and_then(Path::file_name) {
            return name.to_string_lossy().into_owned();
        }
        let title = self.doc().meta.title.trim();
        if title.is_empty() {
            tr("untitled").into_owned()
        } else {
            title.to_owned()
        }
    }

    /// What an export needs of this map; `name` is its [`display_name`](Self::display_name).
    pub fn export_source<'a>(&'a self, name: &'a str) -> MapInfo<'a> {
        MapInfo {
            doc: self.doc(),
            revision: self.session.history().revision(),
            path: self.path.as_deref(),
            name,
        }
    }

    /// The window title: the map's name, marked with `*` while it has unsaved changes.
    pub fn window_title(&self) -> String {
        let marker = if self.is_dirty() { "*" } else { "" };
        format!("{marker}{} — {}", self.display_name(), tr("app-name"))
    }
}

/// `path` with the map file ending added when it has none: `hotel` → `hotel.stagemap.ron`.
pub fn with_map_extension(path: PathBuf) -> PathBuf {
    let has_ending = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().ends_with(".ron"));
    if has_ending {
        return path;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format::FILE_EXTENSION);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::ops;
    use crate::fsio;

    #[test]
    fn map_extension_is_added_once() {
        assert_eq!(
            with_map_extension(PathBuf::from("maps/hotel")),
            PathBuf::from("maps/hotel.stagemap.ron")
        );
        assert_eq!(
            with_map_extension(PathBuf::from("maps/hotel.stagemap.ron")),
            PathBuf::from("maps/hotel.stagemap.ron")
        );
        assert_eq!(
            with_map_extension(PathBuf::from("酒店.v2")),
            PathBuf::from("酒店.v2.stagemap.ron")
        );
    }

    #[test]
    fn title_marks_unsaved_changes_until_saved() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("trip.stagemap.ron");
        let mut open = OpenDocument::new_unsaved(Document::new("Trip"));
        assert!(open.window_title().starts_with("Trip"));
        open.session
            .run(|doc| ops::add_stage(doc, 0, "Arrive"))
            .unwrap();
        assert!(open.window_title().starts_with("*Trip"));
        open.save_to(&path).unwrap();
        assert!(open.window_title().starts_with("trip.stagemap.ron"));
        assert_eq!(OpenDocument::open(&path).unwrap().doc(), open.doc());
    }

    #[test]
    fn a_change_by_another_program_is_noticed_until_saved_again() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("trip.stagemap.ron");
        format::save(&Document::new("Trip"), &path).unwrap();
        let mut open = OpenDocument::open(&path).unwrap();
        assert!(!open.changed_on_disk());
        // Same length, so only the bytes (and perhaps the time) tell.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Trip", "Tour")).unwrap();
        assert!(open.changed_on_disk());
        open.save_to(&path).unwrap();
        assert!(!open.changed_on_disk());
        assert_eq!(
            std::fs::read_to_string(fsio::backup_path(&path)).unwrap(),
            text.replace("Trip", "Tour")
        );
    }

    #[test]
    fn failed_save_keeps_changes_and_file() {
        let folder = tempfile::tempdir().unwrap();
        let mut open = OpenDocument::new_unsaved(Document::new("Trip"));
        open.session
            .run(|doc| ops::add_stage(doc, 0, "Arrive"))
            .unwrap();
        let missing_folder = folder
            .path()
            .join("no-such-folder")
            .join("trip.stagemap.ron");
        assert!(open.save_to(&missing_folder).is_err());
        assert!(open.is_dirty());
        assert_eq!(open.path, None);
        assert_eq!(open.doc().stages.len(), 1);
    }
}
