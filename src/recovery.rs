//! Crash recovery: unsaved maps written now and then to recovery files in a folder of their own, found again at the next start.
//!
//! Each open map has its own recovery file ([`Autosave`]) in the
//! [`RecoveryFolder`], never next to the user's file. A recovery file holds
//! the map (as the text of a map file, so it goes through the same version
//! checks and limits as any map), the file the map belongs to and when it
//! was written. The caller passes the time in: this module does not read
//! the clock. A normal save or a discard removes the recovery file; any
//! that remain at the next start were left by a crash.
//!
//! Several editors share the folder. The editor writing a recovery file
//! holds an operating-system lock on it ([`std::fs::File::try_lock`]) for as
//! long as it runs, so another editor starting meanwhile leaves it alone
//! ([`RecoveryFolder::recoverable`]). The system releases the lock when the
//! process ends, however it ends (even killed), so the file of a crashed
//! editor is never blocked by a stale lock. On file systems without locks
//! the files are written all the same, unlocked.

use std::fs::{File, TryLockError};
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

/// Why a recovery file could not be taken over.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    /// Another running editor holds the file.
    #[error(
        "{}: another Stagemap window is keeping this map's unsaved changes; \
         switch to that window to work on it",
        path.display()
    )]
    InUse {
        /// The recovery file.
        path: PathBuf,
    },
    /// The file could not be opened or read.
    #[error(transparent)]
    Recovery(#[from] RecoveryError),
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
    /// it could not be, including those of editors still running. A missing
    /// folder holds none.
    pub fn list(&self) -> Vec<Result<Recovered, RecoveryError>> {
        self.read_files(|_| true)
    }

    /// The recovery files left by editors that are no longer running (closed
    /// by a crash, killed): those to offer back. Oldest first, as [`Self::list`].
    pub fn recoverable(&self) -> Vec<Result<Recovered, RecoveryError>> {
        self.read_files(|path| !held_by_running_editor(path))
    }

    /// The recovery files that `keep` accepts, read, oldest first.
    fn read_files(&self, keep: impl Fn(&Path) -> bool) -> Vec<Result<Recovered, RecoveryError>> {
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
            .filter(|path| keep(path))
            .collect();
        files.sort();
        let mut found: Vec<_> = files.iter().map(|path| read_recovery(path)).collect();
        found.sort_by_key(|entry| entry.as_ref().ok().map(|recovered| recovered.written_at));
        found
    }
}

/// A running editor holds the lock of the recovery file at `path`. A file
/// that cannot be opened or locked at all counts as free: reading it then
/// says what is wrong.
fn held_by_running_editor(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    // Taken for a moment only: dropping the file releases it.
    matches!(file.try_lock(), Err(TryLockError::WouldBlock))
}

/// Locks `file` for this process, if the file system can: `None` when the
/// lock could not be taken.
fn lock(file: File) -> Option<File> {
    file.try_lock().is_ok().then_some(file)
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
/// changes, removed once they are saved or discarded, and locked meanwhile
/// so that other editors leave it alone.
#[derive(Debug, Default)]
pub struct Autosave {
    /// The file once written (or taken over from a restored map).
    file: Option<PathBuf>,
    /// The recovery file, open and locked while this editor keeps it.
    lock: Option<File>,
}

impl Autosave {
    /// Takes over the recovery file at `path`, left by an editor no longer
    /// running: locks it, then reads the map in it. The file is replaced by
    /// the next write and removed by the next save or discard.
    pub fn claim(path: &Path) -> Result<(Self, Recovered), ClaimError> {
        let file = File::open(path).map_err(|source| {
            RecoveryError::Read(ReadError::Io {
                path: path.to_owned(),
                source,
            })
        })?;
        let lock = match file.try_lock() {
            Ok(()) => Some(file),
            Err(TryLockError::WouldBlock) => {
                return Err(ClaimError::InUse {
                    path: path.to_owned(),
                });
            }
            // A file system without locks: the file is used unlocked.
            Err(TryLockError::Error(_)) => None,
        };
        let recovered = read_recovery(path)?;
        let autosave = Self {
            file: Some(path.to_owned()),
            lock,
        };
        Ok((autosave, recovered))
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
                let (reserved, path) = reserved.keep().map_err(|error| error.error)?;
                // Locked from the start: an editor starting now leaves the empty file alone.
                self.lock = lock(reserved);
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
        let mut locking = LockingDisk { disk, locked: None };
        fsio::write_atomic_with(&mut locking, &file, text.as_bytes())?;
        // The new file is locked; the old one (replaced) is let go.
        if let Some(locked) = locking.locked {
            self.lock = Some(locked);
        }
        Ok(())
    }

    /// Removes the recovery file (after a save, or when the changes are discarded).
    pub fn discard(&mut self) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        // Removed while still locked, so no other editor takes it up meanwhile.
        let removed = std::fs::remove_file(&file);
        self.lock = None;
        match removed {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }
}

/// The steps of an atomic write of a recovery file: those of `disk`, with
/// the new file locked before it takes the old one's place, so the file at
/// the recovery path is locked at every moment.
struct LockingDisk<'a> {
    /// The steps themselves.
    disk: &'a mut dyn DiskSteps,
    /// The new file, once locked.
    locked: Option<File>,
}

impl DiskSteps for LockingDisk<'_> {
    fn create_temp(&mut self, folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
        let temp = self.disk.create_temp(folder)?;
        // A second handle on the same open file keeps the lock after the write is done.
        self.locked = temp.as_file().try_clone().ok();
        Ok(temp)
    }

    fn write(&mut self, file: &mut File, contents: &[u8]) -> std::io::Result<()> {
        self.disk.write(file, contents)
    }

    fn sync(&mut self, file: &File) -> std::io::Result<()> {
        self.disk.sync(file)
    }

    fn rename(&mut self, temp: tempfile::TempPath, target: &Path) -> std::io::Result<()> {
        self.locked = self.locked.take().and_then(lock);
        let renamed = self.disk.rename(temp, target);
        if renamed.is_err() {
            self.locked = None;
        }
        renamed
    }

    fn sync_folder(&mut self, folder: &Path) -> std::io::Result<()> {
        self.disk.sync_folder(folder)
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

    #[test]
    fn a_file_kept_by_a_running_editor_is_not_recoverable_until_the_editor_is_gone() {
        let folder = tempfile::tempdir().unwrap();
        let recovery = RecoveryFolder::new(folder.path().to_owned());
        let mut running = Autosave::default();
        running
            .write(&recovery, &Document::new("Live"), None, at(10))
            .unwrap();
        // Written again: the replacing file is locked as well.
        running
            .write(&recovery, &Document::new("Live, later"), None, at(20))
            .unwrap();
        assert_eq!(recovery.list().len(), 1);
        assert!(recovery.recoverable().is_empty(), "a live file was offered");
        let path = running.file().unwrap().to_owned();
        assert!(matches!(
            Autosave::claim(&path),
            Err(ClaimError::InUse { .. })
        ));

        // The editor ends without removing its file, as when it crashes.
        drop(running);
        let found = recovery.recoverable();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].as_ref().unwrap().document.meta.title,
            "Live, later"
        );
    }

    #[test]
    fn a_file_locked_by_another_holder_is_left_alone_until_released() {
        let folder = tempfile::tempdir().unwrap();
        let recovery = RecoveryFolder::new(folder.path().to_owned());
        let mut crashed = Autosave::default();
        crashed
            .write(&recovery, &Document::new("Left"), None, at(10))
            .unwrap();
        let path = crashed.file().unwrap().to_owned();
        drop(crashed);

        let holder = File::open(&path).unwrap();
        holder.lock().unwrap();
        assert!(recovery.recoverable().is_empty());
        drop(holder);
        assert_eq!(recovery.recoverable().len(), 1);
    }

    #[test]
    fn a_claimed_file_is_kept_by_its_new_editor_and_removed_by_its_discard() {
        let folder = tempfile::tempdir().unwrap();
        let recovery = RecoveryFolder::new(folder.path().to_owned());
        let original = folder.path().join("trip.stagemap.ron");
        let mut crashed = Autosave::default();
        crashed
            .write(&recovery, &Document::new("Trip"), Some(&original), at(10))
            .unwrap();
        let path = crashed.file().unwrap().to_owned();
        drop(crashed);

        let (mut claimed, recovered) = Autosave::claim(&path).unwrap();
        assert_eq!(recovered.document, Document::new("Trip"));
        assert_eq!(recovered.original.as_deref(), Some(original.as_path()));
        assert_eq!(claimed.file(), Some(path.as_path()));
        assert!(recovery.recoverable().is_empty(), "claimed twice");
        assert!(matches!(
            Autosave::claim(&path),
            Err(ClaimError::InUse { .. })
        ));

        claimed
            .write(
                &recovery,
                &Document::new("Trip, edited"),
                Some(&original),
                at(20),
            )
            .unwrap();
        assert_eq!(claimed.file(), Some(path.as_path()), "a new file was made");
        assert!(recovery.recoverable().is_empty());
        claimed.discard().unwrap();
        assert!(recovery.list().is_empty());
    }

    #[test]
    fn claiming_a_missing_file_says_which() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("gone.recovery.ron");
        let error = Autosave::claim(&path).unwrap_err();
        assert!(error.to_string().contains("gone.recovery.ron"), "{error}");
    }
}
