//! Reading input files with limits, and writing output files atomically.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::limits::MAX_FILE_BYTES;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused or failed.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error(
        "{}: the file is {size} bytes, more than the {MAX_FILE_BYTES} bytes Stagemap reads; \
         is it the right file?",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{}:{line}:{column}: the file is not UTF-8 text; save it as UTF-8 and try again",
        path.display()
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
    },
}

/// Reads a whole text file, refusing files over [`MAX_FILE_BYTES`] and
/// text that is not UTF-8. A leading byte-order mark is removed.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    text_from_bytes(bytes).map_err(|(line, column)| ReadError::NotUtf8 {
        path: path.to_owned(),
        line,
        column,
    })
}

/// Decodes UTF-8, dropping a byte-order mark; on failure gives the line and
/// column of the first bad byte.
pub fn text_from_bytes(mut bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|error| {
        let good = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    })
}

/// The input/output steps of an atomic write, one method each, so that tests
/// can make any of them fail. [`RealDisk`] runs them on the real file system.
pub trait DiskSteps {
    /// Creates the temporary file in `folder`.
    fn create_temp(&mut self, folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
        tempfile::Builder::new()
            .prefix(".stagemap-")
            .suffix(".tmp")
            .tempfile_in(folder)
    }

    /// Writes all of `contents` into the temporary file.
    fn write(&mut self, file: &mut std::fs::File, contents: &[u8]) -> std::io::Result<()> {
        file.write_all(contents)
    }

    /// Flushes the temporary file to the disk.
    fn sync(&mut self, file: &std::fs::File) -> std::io::Result<()> {
        file.sync_all()
    }

    /// Renames the temporary file over `target`. On error the temporary file
    /// is removed when `temp` is dropped.
    fn rename(&mut self, temp: tempfile::TempPath, target: &Path) -> std::io::Result<()> {
        temp.persist(target).map_err(|error| error.error)
    }

    /// Flushes `folder`'s list of files to the disk after the rename, so that
    /// the renamed file is still there after a power cut (SQLite does the
    /// same). See [`sync_folder`].
    fn sync_folder(&mut self, folder: &Path) -> std::io::Result<()> {
        sync_folder(folder)
    }
}

/// Flushes `folder`'s list of files to the disk: on Unix the folder is opened
/// and synced like a file. Two cases count as done, as in SQLite: a folder the
/// user may write in but not read cannot be opened (the system writes it out in
/// its own time), and a file system that cannot sync folders says so with
/// "invalid input". Any other failure is returned. Windows offers no way to
/// sync a folder: there this does nothing.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    let opened = match std::fs::File::open(folder) {
        Ok(opened) => opened,
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => return Ok(()),
        Err(error) => return Err(error),
    };
    match opened.sync_all() {
        Err(error) if error.kind() != std::io::ErrorKind::InvalidInput => Err(error),
        _ => Ok(()),
    }
}

/// Windows offers no way to sync a folder: a rename there is as durable as
/// the file system makes it.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The file system as it is, with no step failing on purpose.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealDisk;

impl DiskSteps for RealDisk {}

/// Writes `contents` to `path` atomically and durably: a temporary file in
/// the same folder is written, flushed to disk, then renamed over `path`, and
/// the folder is flushed too, so the new file survives a power cut once this
/// returns. Readers see the old file or the new one, never a mix. When a step
/// before the rename fails, `path` is untouched; when flushing the folder
/// fails, `path` holds the whole new file but the error is returned, since it
/// may not survive a power cut.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(&mut RealDisk, path, contents)
}

/// [`write_atomic`] through `disk`'s steps. On failure the temporary file is
/// removed, and `path` is untouched unless only the folder's flush failed.
pub fn write_atomic_with(
    disk: &mut dyn DiskSteps,
    path: &Path,
    contents: &[u8],
) -> std::io::Result<()> {
    // The new file keeps the permissions of the one it replaces; a new file
    // gets the usual ones (a temporary file alone would be private to its owner).
    let permissions = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => new_file_permissions(),
    };
    write_atomic_as(disk, path, contents, permissions)
}

fn write_atomic_as(
    disk: &mut dyn DiskSteps,
    path: &Path,
    contents: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = disk.create_temp(folder)?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    disk.write(temp.as_file_mut(), contents)?;
    disk.sync(temp.as_file())?;
    disk.rename(temp.into_temp_path(), path)?;
    disk.sync_folder(folder).map_err(|error| {
        std::io::Error::new(
            error.kind(),
            format!(
                "the file is written, but its folder could not be flushed to the disk: {error}"
            ),
        )
    })
}

/// The backup kept of `path` when it is saved over: `NAME.bak` next to it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Replaces `path` with `contents`, first keeping the file it replaces as
/// [`backup_path`]. Both steps are atomic writes, so at every instant the map
/// and its backup are each complete on disk. A missing `path` makes no
/// backup. On failure `path` is untouched.
pub fn write_with_backup(
    disk: &mut dyn DiskSteps,
    path: &Path,
    contents: &[u8],
) -> std::io::Result<()> {
    match std::fs::read(path) {
        Ok(previous) => {
            let permissions = std::fs::metadata(path)
                .ok()
                .map(|metadata| metadata.permissions());
            write_atomic_as(disk, &backup_path(path), &previous, permissions)?;
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    write_atomic_with(disk, path, contents)
}

/// What a file on disk was at one moment: its length, modification time and
/// a hash of its bytes. Two stamps differ when the file was changed between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// Length in bytes.
    pub len: u64,
    /// Last modification, when the system tells it.
    pub modified: Option<std::time::SystemTime>,
    /// Hash of the bytes (for comparison within one run only).
    pub hash: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` when there is no file.
    pub fn read(path: &Path) -> std::io::Result<Option<Self>> {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let bytes = std::fs::read(path)?;
        Ok(Some(Self {
            len: bytes.len() as u64,
            modified: metadata.modified().ok(),
            hash: hash_bytes(&bytes),
        }))
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Permissions of a newly created file: readable by all, writable by its owner.
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere temporary files are created with the usual permissions already.
#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}
