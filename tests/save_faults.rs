//! Saving when the disk fails: each input/output step of a save (and of an autosave) is made to fail in turn, and the map on disk, its backup, the recovery file and the document in memory must come through intact.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};

use stagemap::edit::{Session, ops};
use stagemap::format;
use stagemap::fsio::{self, DiskSteps, RealDisk};
use stagemap::model::{Document, LaneKind};
use stagemap::recovery::{Autosave, RecoveryFolder};

/// A step of a save that can be made to fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// The temporary file cannot be created (folder gone, no permission).
    CreateTemp,
    /// The folder has become read-only (a USB stick's switch, a remounted share).
    ReadOnlyFolder,
    /// Half of the bytes are written, then the disk is full.
    WriteHalfway,
    /// Flushing to the disk fails.
    Sync,
    /// The rename over the target fails.
    Rename,
    /// Flushing the folder after the rename fails: the new file is in place,
    /// but might not survive a power cut (not in [`FAULTS`], which leave the
    /// old file in place).
    SyncFolder,
}

const FAULTS: [Fault; 5] = [
    Fault::CreateTemp,
    Fault::ReadOnlyFolder,
    Fault::WriteHalfway,
    Fault::Sync,
    Fault::Rename,
];

/// The real disk, except that `fault` fails in the atomic write number
/// `in_write` (0: the backup, 1: the map itself).
struct FaultyDisk {
    fault: Fault,
    in_write: usize,
    /// Atomic writes started so far (each starts by creating a temporary file).
    writes: usize,
}

impl FaultyDisk {
    fn new(fault: Fault, in_write: usize) -> Self {
        Self {
            fault,
            in_write,
            writes: 0,
        }
    }

    fn fails(&self, fault: Fault) -> bool {
        self.fault == fault && self.writes == self.in_write + 1
    }
}

fn injected() -> std::io::Error {
    std::io::Error::other("injected failure")
}

impl DiskSteps for FaultyDisk {
    fn create_temp(&mut self, folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
        self.writes += 1;
        if self.fails(Fault::CreateTemp) {
            return Err(injected());
        }
        if self.fails(Fault::ReadOnlyFolder) {
            return Err(std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem));
        }
        RealDisk.create_temp(folder)
    }

    fn write(&mut self, file: &mut std::fs::File, contents: &[u8]) -> std::io::Result<()> {
        if self.fails(Fault::WriteHalfway) {
            RealDisk.write(file, &contents[..contents.len() / 2])?;
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on the device",
            ));
        }
        RealDisk.write(file, contents)
    }

    fn sync(&mut self, file: &std::fs::File) -> std::io::Result<()> {
        if self.fails(Fault::Sync) {
            return Err(injected());
        }
        RealDisk.sync(file)
    }

    fn rename(&mut self, temp: tempfile::TempPath, target: &Path) -> std::io::Result<()> {
        if self.fails(Fault::Rename) {
            return Err(injected());
        }
        RealDisk.rename(temp, target)
    }

    fn sync_folder(&mut self, folder: &Path) -> std::io::Result<()> {
        if self.fails(Fault::SyncFolder) {
            return Err(injected());
        }
        RealDisk.sync_folder(folder)
    }
}

/// The real disk, noting the steps it runs, and what the last renamed file
/// holds each time a folder is flushed.
#[derive(Default)]
struct WatchedDisk {
    steps: Vec<String>,
    renamed: Option<PathBuf>,
    held_at_folder_sync: Vec<Vec<u8>>,
}

impl DiskSteps for WatchedDisk {
    fn create_temp(&mut self, folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
        self.steps.push("create".to_owned());
        RealDisk.create_temp(folder)
    }

    fn write(&mut self, file: &mut std::fs::File, contents: &[u8]) -> std::io::Result<()> {
        self.steps.push("write".to_owned());
        RealDisk.write(file, contents)
    }

    fn sync(&mut self, file: &std::fs::File) -> std::io::Result<()> {
        self.steps.push("sync".to_owned());
        RealDisk.sync(file)
    }

    fn rename(&mut self, temp: tempfile::TempPath, target: &Path) -> std::io::Result<()> {
        self.steps.push("rename".to_owned());
        self.renamed = Some(target.to_owned());
        RealDisk.rename(temp, target)
    }

    fn sync_folder(&mut self, folder: &Path) -> std::io::Result<()> {
        self.steps.push(format!(
            "sync folder {}",
            folder.file_name().unwrap().display()
        ));
        let renamed = self.renamed.as_deref().unwrap();
        self.held_at_folder_sync
            .push(std::fs::read(renamed).unwrap());
        RealDisk.sync_folder(folder)
    }
}

/// A folder holding a map saved twice (so it has a backup), and a session
/// opened on it with an edit not yet saved.
struct Setup {
    folder: tempfile::TempDir,
    path: PathBuf,
    map_bytes: Vec<u8>,
    backup_bytes: Vec<u8>,
    session: Session,
}

fn setup() -> Setup {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("workshop.stagemap.ron");
    let mut first = Document::new("Workshop");
    format::save_with_backup(&first, &path, &mut RealDisk).unwrap();
    first.meta.description = "Two hours of a room's work".to_owned();
    format::save_with_backup(&first, &path, &mut RealDisk).unwrap();

    let mut session = Session::opened(format::load(&path).unwrap());
    session.run(|doc| ops::add_stage(doc, 0, "Arrive")).unwrap();
    session
        .run(|doc| ops::add_lane(doc, 0, "Guest", LaneKind::Customer))
        .unwrap();
    Setup {
        map_bytes: std::fs::read(&path).unwrap(),
        backup_bytes: std::fs::read(fsio::backup_path(&path)).unwrap(),
        folder,
        path,
        session,
    }
}

/// The names of the files in `folder`, sorted.
fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn saving_over_a_map_keeps_the_previous_version_as_a_backup() {
    let Setup {
        folder: _folder,
        path,
        map_bytes,
        mut session,
        ..
    } = setup();
    format::save_session(&mut session, &path, &mut RealDisk).unwrap();
    assert!(!session.is_dirty());
    assert_eq!(std::fs::read(fsio::backup_path(&path)).unwrap(), map_bytes);
    assert_eq!(&format::load(&path).unwrap(), session.doc());
    assert_eq!(
        fsio::backup_path(&path).file_name().unwrap(),
        "workshop.stagemap.ron.bak"
    );
}

#[test]
fn the_first_save_of_a_map_makes_no_backup() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("new.stagemap.ron");
    format::save_with_backup(&Document::new("New"), &path, &mut RealDisk).unwrap();
    assert_eq!(files_in(folder.path()), ["new.stagemap.ron"]);
}

#[test]
fn every_failing_step_leaves_the_map_the_backup_and_the_session_intact() {
    for fault in FAULTS {
        for (in_write, step) in [(0, "backup"), (1, "map")] {
            let Setup {
                folder,
                path,
                map_bytes,
                backup_bytes,
                mut session,
            } = setup();
            let before = session.doc().clone();
            let last_step = session.history().undo_label();
            let mut disk = FaultyDisk::new(fault, in_write);

            let error = format::save_session(&mut session, &path, &mut disk).unwrap_err();

            let case = format!("{fault:?} while writing the {step}");
            assert_eq!(error.path, path, "{case}");
            assert!(
                error.to_string().contains("workshop.stagemap.ron"),
                "{case}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), map_bytes, "{case}");
            // The backup is whole: the one before, or a copy of the map it replaced.
            let backup_now = std::fs::read(fsio::backup_path(&path)).unwrap();
            let expected_backup = if in_write == 0 {
                &backup_bytes
            } else {
                &map_bytes
            };
            assert_eq!(&backup_now, expected_backup, "{case}");
            assert_eq!(
                files_in(folder.path()),
                ["workshop.stagemap.ron", "workshop.stagemap.ron.bak"],
                "{case}: a temporary file was left behind"
            );
            assert_eq!(session.doc(), &before, "{case}");
            assert!(session.is_dirty(), "{case}");
            assert!(last_step.is_some());
            assert_eq!(
                session.undo(),
                last_step,
                "{case}: the undo history changed"
            );
        }
    }
}

#[test]
fn a_folder_that_is_gone_fails_the_save_and_keeps_the_session() {
    let Setup {
        folder,
        path,
        mut session,
        ..
    } = setup();
    let before = session.doc().clone();
    std::fs::remove_dir_all(folder.path()).unwrap();

    let error = format::save_session(&mut session, &path, &mut RealDisk).unwrap_err();

    assert_eq!(error.path, path);
    assert_eq!(error.source.kind(), std::io::ErrorKind::NotFound);
    assert!(!folder.path().exists(), "the save recreated the folder");
    assert_eq!(session.doc(), &before);
    assert!(session.is_dirty());
}

#[test]
fn a_failed_first_save_leaves_no_file_at_all() {
    for fault in FAULTS {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("new.stagemap.ron");
        let mut session = Session::unsaved(Document::new("New"));
        // With no previous file there is no backup: the map is write number 0.
        let mut disk = FaultyDisk::new(fault, 0);
        assert!(format::save_session(&mut session, &path, &mut disk).is_err());
        assert!(files_in(folder.path()).is_empty(), "{fault:?}");
        assert!(session.is_dirty(), "{fault:?}");
    }
}

#[test]
fn a_failed_autosave_keeps_the_recovery_file_written_before() {
    for fault in FAULTS {
        let Setup {
            folder,
            path,
            map_bytes,
            session,
            ..
        } = setup();
        let recovery_folder = folder.path().join("recovery");
        let recovery = RecoveryFolder::new(recovery_folder.clone());
        let earlier = Document::new("Earlier");
        let mut autosave = Autosave::default();
        let then = std::time::SystemTime::UNIX_EPOCH;
        autosave
            .write(&recovery, &earlier, Some(&path), then)
            .unwrap();
        let recovery_file = autosave.file().unwrap().to_owned();
        let written_before = std::fs::read(&recovery_file).unwrap();

        let mut disk = FaultyDisk::new(fault, 0);
        let now = then + std::time::Duration::from_secs(60);
        let result = autosave.write_with(&mut disk, &recovery, session.doc(), Some(&path), now);

        assert!(result.is_err(), "{fault:?}");
        assert_eq!(
            std::fs::read(&recovery_file).unwrap(),
            written_before,
            "{fault:?}"
        );
        assert_eq!(
            files_in(&recovery_folder).len(),
            1,
            "{fault:?}: a temporary file was left"
        );
        let found = recovery.list();
        assert_eq!(found[0].as_ref().unwrap().document, earlier, "{fault:?}");
        assert_eq!(std::fs::read(&path).unwrap(), map_bytes, "{fault:?}");
    }
}

#[test]
fn a_save_flushes_the_folder_once_the_new_file_is_in_place() {
    let Setup {
        folder,
        path,
        map_bytes,
        mut session,
        ..
    } = setup();
    let mut disk = WatchedDisk::default();

    format::save_session(&mut session, &path, &mut disk).unwrap();

    let folder_name = folder.path().file_name().unwrap().display().to_string();
    let one_write = [
        "create".to_owned(),
        "write".to_owned(),
        "sync".to_owned(),
        "rename".to_owned(),
        format!("sync folder {folder_name}"),
    ];
    // The backup, then the map, each flushed with its folder.
    assert_eq!(disk.steps, [one_write.clone(), one_write].concat());
    let new_bytes = std::fs::read(&path).unwrap();
    assert_eq!(disk.held_at_folder_sync, [map_bytes, new_bytes]);
}

#[test]
fn a_folder_that_cannot_be_flushed_fails_the_save_though_the_new_map_is_whole() {
    let Setup {
        folder,
        path,
        mut session,
        ..
    } = setup();
    let mut disk = FaultyDisk::new(Fault::SyncFolder, 1);

    let error = format::save_session(&mut session, &path, &mut disk).unwrap_err();

    assert_eq!(error.path, path);
    assert!(
        error.to_string().contains("folder could not be flushed"),
        "{error}"
    );
    // The save is not reported done, though the file holds the whole new map.
    assert!(session.is_dirty());
    assert_eq!(&format::load(&path).unwrap(), session.doc());
    assert_eq!(
        files_in(folder.path()),
        ["workshop.stagemap.ron", "workshop.stagemap.ron.bak"]
    );
}

#[test]
fn an_autosave_whose_folder_cannot_be_flushed_says_so() {
    let Setup {
        folder,
        path,
        session,
        ..
    } = setup();
    let recovery = RecoveryFolder::new(folder.path().join("recovery"));
    let mut autosave = Autosave::default();
    let mut disk = FaultyDisk::new(Fault::SyncFolder, 0);
    let now = std::time::SystemTime::UNIX_EPOCH;

    let result = autosave.write_with(&mut disk, &recovery, session.doc(), Some(&path), now);

    assert!(result.is_err());
}
