//! Crash recovery: unsaved maps written now and then to recovery files in a folder of their own, found again at the next start.
//!
//! Each open map has its own recovery file ([`Autosave`]) in the
//! [`RecoveryFolder`], never next to the user's file. A recovery file holds
//! the map (as the text of a map file, so it goes through the same version
//! checks and limits as any map), the file the map belongs to and when it
//! was written. The caller passes the time in: this module does not read
//! the clock. A normal save or a discard removes the recovery file; any
//! that remain at the next start were left by a crash.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::format::{self, LoadError};
use crate::fsio::{self, DiskSteps, ReadError, RealDisk};
use crate::model::Document;

/// The ending of recovery file names.
const RECOVERY_EXTENSION: &str = ".recovery.ron";

/// What a recovery file holds.
#[derive(Serialize, Deserialize)]
struct RecoveryFile {
    /// Seconds since the Unix epoch when it was written.
    written_at: u64,
    /// The map's own file; `None` for a map never saved.
    original: Option<PathBuf>,
    /// The text of the map file.
    map: String,
}

/// Why a recovery file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file is not a recovery file.
    #[error("{}: not a recovery file ({reason}); it can be deleted", path.display())]
    Damaged {
        /// The recovery file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The map inside cannot be read.
    #[error(transparent)]
    Map(#[from] LoadError),
}

/// A map found in a recovery file.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The recovery file itself.
    pub recovery_file: PathBuf,
    /// The file the map belongs to; `None` for a map that was never saved.
    pub original: Option<PathBuf>,
    /// When the recovery file was written.
    pub written_at: SystemTime,
    /// The map.
    pub document: Document,
}

/// The folder that holds recovery files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryFolder {
    folder: PathBuf,
}

impl RecoveryFolder {
    /// Recovery files go in `folder` (created on the first write).
    pub fn new(folder: PathBuf) -> Self {
        Self { folder }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.folder
    }

    /// The recovery files in the folder, oldest first, each read or with why
    /// it could not be. A missing folder holds none.
    pub fn list(&self) -> Vec<Result<Recovered, RecoveryError>> {
        let Ok(entries) = std::fs::read_dir(&self.folder) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .is_some_and(|name| name.to_string_lossy().ends_with(RECOVERY_EXTENSION))
            })
            .collect();
        files.sort();
        let mut found: Vec<_> = files.iter().map(|path| read_recovery(path)).collect();
        found.sort_by_key(|entry| entry.as_ref().ok().map(|recovered| recovered.written_at));
        found
    }
}

/// Reads one recovery file.
pub fn read_recovery(path: &Path) -> Result<Recovered, RecoveryError> {
    let text = fsio::read_text(path)?;
    let file: RecoveryFile = ron::from_str(&text).map_err(|error| RecoveryError::Damaged {
        path: path.to_owned(),
        reason: error.to_string(),
    })?;
    let map_path = file.original.clone().unwrap_or_else(|| path.to_owned());
    let document = format::parse(&file.map, &map_path)?;
    Ok(Recovered {
        recovery_file: path.to_owned(),
        original: file.original,
        written_at: SystemTime::UNIX_EPOCH + Duration::from_secs(file.written_at),
        document,
    })
}

/// The recovery file of one open map: written while the map has unsaved
/// changes, removed once they are saved or discarded.
#[derive(Debug, Default)]
pub struct Autosave {
    /// The file once written (or taken over from a restored map).
    file: Option<PathBuf>,
}

impl Autosave {
    /// Keeps using the recovery file a map was restored from, so it is
    /// replaced by the next write and removed by the next save.
    pub fn resume(recovered: &Recovered) -> Self {
        Self {
            file: Some(recovered.recovery_file.clone()),
        }
    }

    /// The recovery file, once there is one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Writes `doc` (belonging to `original`) to the recovery file in
    /// `folder`, atomically, stamped with `now`. The first write picks a new
    /// file name in the folder, so it never replaces another map's file.
    pub fn write(
        &mut self,
        folder: &RecoveryFolder,
        doc: &Document,
        original: Option<&Path>,
        now: SystemTime,
    ) -> std::io::Result<()> {
        self.write_with(&mut RealDisk, folder, doc, original, now)
    }

    /// [`Self::write`] through `disk`'s steps; on failure the recovery file
    /// written before is intact.
    pub fn write_with(
        &mut self,
        disk: &mut dyn DiskSteps,
        folder: &RecoveryFolder,
        doc: &Document,
        original: Option<&Path>,
        now: SystemTime,
    ) -> std::io::Result<()> {
        let file = match &self.file {
            Some(file) => file.clone(),
            None => {
                std::fs::create_dir_all(folder.path())?;
                let reserved = tempfile::Builder::new()
                    .prefix("map-")
                    .suffix(RECOVERY_EXTENSION)
                    .tempfile_in(folder.path())?;
                let (_, path) = reserved.keep().map_err(|error| error.error)?;
                self.file = Some(path.clone());
                path
            }
        };
        let written_at = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let contents = RecoveryFile {
            written_at,
            original: original.map(Path::to_path_buf),
            map: format::to_string(doc),
        };
        // Plain data with string keys always serialises.
        let text = ron::ser::to_string_pretty(&contents, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        fsio::write_atomic_with(disk, &file, text.as_bytes())
    }

    /// Removes the recovery file (after a save, or when the changes are discarded).
    pub fn discard(&mut self) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn a_written_map_is_found_again_and_discarding_removes_it() {
        let folder = tempfile::tempdir().unwrap();
        let recovery = RecoveryFolder::new(folder.path().join("recovery"));
        let original = folder.path().join("trip.stagemap.ron");
        let mut doc = Document::new("Trip");
        let mut autosave = Autosave::default();
        autosave
            .write(&recovery, &doc, Some(&original), at(1_000))
            .unwrap();
        doc.meta.description = "later".to_owned();
        autosave
            .write(&recovery, &doc, Some(&original), at(2_000))
            .unwrap();

        let found = recovery.list();
        assert_eq!(found.len(), 1, "a second write replaces the first");
        let recovered = found[0].as_ref().unwrap();
        assert_eq!(recovered.document, doc);
        assert_eq!(recovered.original.as_deref(), Some(original.as_path()));
        assert_eq!(recovered.written_at, at(2_000));
        assert!(!original.exists(), "the user's file was written");

        autosave.discard().unwrap();
        assert!(recovery.list().is_empty());
    }

    #[test]
    fn two_maps_keep_two_files_and_a_damaged_file_is_reported() {
        let folder = tempfile::tempdir().unwrap();
        let recovery = RecoveryFolder::new(folder.path().to_owned());
        let (mut first, mut second) = (Autosave::default(), Autosave::default());
        first
            .write(&recovery, &Document::new("A"), None, at(20))
            .unwrap();
        second
            .write(&recovery, &Document::new("B"), None, at(10))
            .unwrap();
        std::fs::write(folder.path().join("junk.recovery.ron"), "garbage").unwrap();

        let found = recovery.list();
        assert_eq!(found.len(), 3);
        assert!(matches!(found[0], Err(RecoveryError::Damaged { .. })));
        let titles: Vec<_> = found[1..]
            .iter()
            .map(|entry| entry.as_ref().unwrap().document.meta.title.clone())
            .collect();
        assert_eq!(titles, ["B", "A"], "oldest first");
    }
}
