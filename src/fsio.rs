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
    let bytes = read_bytes(path)?;
    text_from_bytes(bytes).map_err(|(line, column)| ReadError::NotUtf8 {
        path: path.to_owned(),
        line,
        column,
    })
}

/// Reads a whole file, refusing files over [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
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
    Ok(bytes)
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
        line_and_column_after(good)
    })
}

/// The 1-based line and column of the character that would follow `text`.
fn line_and_column_after(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The character encodings text from a spreadsheet program is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian: Excel's "Unicode text" on Windows.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// GB18030, the superset of GBK and GB2312: what Excel and WPS on
    /// Chinese Windows write as "CSV".
    Gb18030,
}

impl TextEncoding {
    /// The encoding's usual name ("GB18030").
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Gb18030 => "GB18030",
        }
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why bytes are not text in any encoding Stagemap reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotText {
    /// A workbook file (a zip archive or an old binary Excel file), not text.
    #[error(
        "the file is a spreadsheet workbook, not CSV text. If it is an Excel or WPS .xlsx \
         workbook, give it the .xlsx extension and import it again; else save it as \
         \"CSV UTF-8\" from the spreadsheet program"
    )]
    Workbook,
    /// Control characters no text file holds: a picture, an archive, a program.
    #[error(
        "the file holds binary data, not text; is it the right file? Import CSV text or an \
         .xlsx workbook"
    )]
    Binary,
    /// None of the encodings fits, or GB18030 fits only as garbled text.
    #[error(
        "the file is not UTF-8, UTF-16 or GB18030 (GBK) text{}; it may be in another \
         encoding (Big5, Shift-JIS …). Save it again as \"CSV UTF-8\" (Excel) or with the \
         character set UTF-8 (LibreOffice, WPS) and import it again",
        match first_bad_byte {
            Some((line, column)) => format!(" (the first byte that is not UTF-8 is on line {line}, column {column})"),
            None => String::new(),
        }
    )]
    Undecodable {
        /// Line and column (1-based, in characters) of the first byte that
        /// is not UTF-8, when there is one.
        first_bad_byte: Option<(usize, usize)>,
    },
}

/// Decodes the text of a CSV file as spreadsheet programs write it: by its
/// byte-order mark (UTF-8, UTF-16 little- or big-endian) when it has one,
/// else as UTF-8, else as UTF-16 when zero bytes give it away, else as
/// GB18030. The byte-order mark is removed.
///
/// GB18030 takes almost any bytes, so its reading is accepted only when it
/// looks like Chinese text: when most two-byte characters are ones GB2312
/// already had (Big5 text, for one, reads as rare characters).
pub fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), NotText> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let (text, encoding) = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let found = if encoding == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf8
        };
        (decode_strictly(encoding, &bytes[bom..])?, found)
    } else if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        return Err(NotText::Workbook);
    } else if bytes.contains(&0) {
        let (encoding, found) = utf16_by_zero_bytes(bytes).ok_or(NotText::Binary)?;
        (decode_strictly(encoding, bytes)?, found)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), TextEncoding::Utf8),
            Err(error) => {
                let good = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
                let first_bad_byte = Some(line_and_column_after(good));
                if !reads_as_chinese(bytes) {
                    return Err(NotText::Undecodable { first_bad_byte });
                }
                let text = encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .ok_or(NotText::Undecodable { first_bad_byte })?;
                (text.into_owned(), TextEncoding::Gb18030)
            }
        }
    };
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(NotText::Binary);
    }
    Ok((text, encoding))
}

/// `bytes` in `encoding`, refused whole when any of them does not fit it.
fn decode_strictly(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<String, NotText> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let good = text.split('\u{fffd}').next().unwrap_or_default();
        return Err(NotText::Undecodable {
            first_bad_byte: Some(line_and_column_after(good)),
        });
    }
    Ok(text.into_owned())
}

/// UTF-16 without a byte-order mark: Latin letters, digits and separators
/// have a zero high byte, so zeros gather at odd positions (little-endian)
/// or even ones (big-endian). `None` when they do not.
fn utf16_by_zero_bytes(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, TextEncoding)> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0_usize, 0_usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd > 4 * even {
        Some((encoding_rs::UTF_16LE, TextEncoding::Utf16Le))
    } else if even > 4 * odd {
        Some((encoding_rs::UTF_16BE, TextEncoding::Utf16Be))
    } else {
        None
    }
}

/// The bytes, read as GB18030, are mostly characters GB2312 already had:
/// at least two thirds of the two-byte characters (when there are 16 or
/// more to judge by) have both bytes from 0xA1 up. Text in another
/// encoding read as GB18030 turns into rare characters instead.
fn reads_as_chinese(bytes: &[u8]) -> bool {
    let (mut double, mut rare) = (0_usize, 0_usize);
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        if lead < 0x80 {
            at += 1;
            continue;
        }
        match bytes.get(at + 1) {
            Some(0x30..=0x39) => at += 4,
            Some(&trail) => {
                double += 1;
                rare += usize::from(lead < 0xA1 || trail < 0xA1);
                at += 2;
            }
            None => break,
        }
    }
    double < 16 || rare * 3 <= double
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
    /// same).
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
