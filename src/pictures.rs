//! Pictures referenced by cards and personas: safe path resolution, size limits and thumbnails.
//!
//! A map names its pictures by paths relative to the map file's folder. This module
//! refuses every path that could make the app read outside that folder (absolute
//! paths, `..` segments, symlinks leading out), refuses files and images larger than
//! the limits in [`crate::limits`] before decoding them, and returns a small RGBA
//! [`Thumbnail`] for display.

use std::fs::File;
use std::io::{Cursor, Read as _};
use std::path::{Component, Path, PathBuf};

use image::{ImageReader, Limits};

use crate::limits::{MAX_PICTURE_BYTES, MAX_PICTURE_DECODE_BYTES, MAX_PICTURE_SIDE};

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 512;

/// A decoded picture scaled down for display, as straight (unpremultiplied) RGBA.
#[derive(Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// Width in pixels, at most [`THUMBNAIL_SIDE`].
    pub width: u32,
    /// Height in pixels, at most [`THUMBNAIL_SIDE`].
    pub height: u32,
    /// `width × height` pixels, four bytes each, row by row.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Thumbnail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Thumbnail({}×{})", self.width, self.height)
    }
}

/// Why a picture could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// The map has not been saved, so there is no folder to find pictures in.
    #[error(
        "picture \"{picture}\" cannot be found because the map has not been saved yet; \
         save the map next to its pictures"
    )]
    NoMapFolder {
        /// The picture path as written in the map.
        picture: String,
    },
    /// The picture path is empty.
    #[error("the picture path is empty")]
    Empty,
    /// The picture path is absolute.
    #[error(
        "picture \"{picture}\" is an absolute path; pictures must be given relative to \
         the map's folder"
    )]
    Absolute {
        /// The picture path as written in the map.
        picture: String,
    },
    /// The picture path climbs out of its folder with `..`.
    #[error(
        "picture \"{picture}\" contains \"..\"; pictures must sit in the map's folder \
         or below it"
    )]
    ParentSegment {
        /// The picture path as written in the map.
        picture: String,
    },
    /// The picture file does not exist or cannot be reached.
    #[error("picture {path} cannot be opened: {source}")]
    Unreachable {
        /// The path the picture was looked for at.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// The picture resolves (through a symbolic link) outside the map's folder.
    #[error(
        "picture {path} leads outside the map's folder (to {resolved}); copy the \
         picture into the map's folder instead of linking to it"
    )]
    Outside {
        /// The path the picture was looked for at.
        path: PathBuf,
        /// Where it actually leads.
        resolved: PathBuf,
    },
    /// The picture path names something that is not a file (a folder, a device …).
    #[error("picture {path} is not a file")]
    NotAFile {
        /// The resolved path.
        path: PathBuf,
    },
    /// The picture file is larger than [`MAX_PICTURE_BYTES`].
    #[error(
        "picture {path} is {bytes} bytes, more than the limit of {limit} bytes; \
         use a smaller picture"
    )]
    TooManyBytes {
        /// The resolved path.
        path: PathBuf,
        /// Its size (or at least this many bytes).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The picture is wider or taller than [`MAX_PICTURE_SIDE`] pixels.
    #[error(
        "picture {path} is {width} × {height} pixels, more than {limit} pixels on a side; \
         use a smaller picture"
    )]
    TooManyPixels {
        /// The resolved path.
        path: PathBuf,
        /// The width its header claims.
        width: u32,
        /// The height its header claims.
        height: u32,
        /// The limit per side.
        limit: u32,
    },
    /// The picture is not a PNG, JPEG, WebP or GIF image, or it is damaged.
    #[error("picture {path} cannot be read as an image (PNG, JPEG, WebP or GIF): {reason}")]
    Undecodable {
        /// The resolved path.
        path: PathBuf,
        /// What the decoder reported.
        reason: String,
    },
}

/// Finds the file a `picture` path names, relative to `map_folder`, refusing any path
/// that leads outside it. `map_folder` is `None` when the map has no file yet.
pub fn resolve(map_folder: Option<&Path>, picture: &str) -> Result<PathBuf, PictureError> {
    let trimmed = picture.trim();
    if trimmed.is_empty() {
        return Err(PictureError::Empty);
    }
    let relative = Path::new(trimmed);
    let is_rooted = relative.has_root()
        || relative
            .components()
            .any(|part| matches!(part, Component::Prefix(_) | Component::RootDir));
    if relative.is_absolute() || is_rooted {
        return Err(PictureError::Absolute {
            picture: trimmed.to_owned(),
        });
    }
    if relative
        .components()
        .any(|part| matches!(part, Component::ParentDir))
    {
        return Err(PictureError::ParentSegment {
            picture: trimmed.to_owned(),
        });
    }
    let Some(folder) = map_folder else {
        return Err(PictureError::NoMapFolder {
            picture: trimmed.to_owned(),
        });
    };
    // The folder of a map named without a folder is the current one.
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let joined = folder.join(relative);
    let canonical_folder = folder
        .canonicalize()
        .map_err(|source| PictureError::Unreachable {
            path: joined.clone(),
            source,
        })?;
    let resolved = joined
        .canonicalize()
        .map_err(|source| PictureError::Unreachable {
            path: joined.clone(),
            source,
        })?;
    if !resolved.starts_with(&canonical_folder) {
        return Err(PictureError::Outside {
            path: joined,
            resolved,
        });
    }
    Ok(resolved)
}

/// Reads and decodes the picture file at `path` (already resolved) within the limits,
/// and scales it down to at most [`THUMBNAIL_SIDE`] pixels on its long side.
pub fn load_thumbnail(path: &Path) -> Result<Thumbnail, PictureError> {
    let bytes = read_limited(path)?;
    let undecodable = |reason: String| PictureError::Undecodable {
        path: path.to_owned(),
        reason,
    };
    let reader = || {
        ImageReader::new(Cursor::new(bytes.as_slice()))
            .with_guessed_format()
            .map_err(|error| undecodable(error.to_string()))
    };
    let (width, height) = reader()?
        .into_dimensions()
        .map_err(|error| undecodable(error.to_string()))?;
    if width > MAX_PICTURE_SIDE || height > MAX_PICTURE_SIDE {
        return Err(PictureError::TooManyPixels {
            path: path.to_owned(),
            width,
            height,
            limit: MAX_PICTURE_SIDE,
        });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PICTURE_SIDE);
    limits.max_image_height = Some(MAX_PICTURE_SIDE);
    limits.max_alloc = Some(MAX_PICTURE_DECODE_BYTES);
    let mut decoder = reader()?;
    decoder.limits(limits);
    let image = decoder
        .decode()
        .map_err(|error| undecodable(error.to_string()))?;
    let image = if image.width() > THUMBNAIL_SIDE || image.height() > THUMBNAIL_SIDE {
        image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    } else {
        image
    };
    let rgba = image.into_rgba8();
    Ok(Thumbnail {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

/// Resolves `picture` against `map_folder` and loads its thumbnail: [`resolve`] then
/// [`load_thumbnail`].
pub fn load(map_folder: Option<&Path>, picture: &str) -> Result<Thumbnail, PictureError> {
    load_thumbnail(&resolve(map_folder, picture)?)
}

/// Reads a whole picture file, refusing it before reading when it is over the byte limit
/// (and while reading, should it grow).
fn read_limited(path: &Path) -> Result<Vec<u8>, PictureError> {
    let unreachable = |source| PictureError::Unreachable {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(unreachable)?;
    let metadata = file.metadata().map_err(unreachable)?;
    if !metadata.is_file() {
        return Err(PictureError::NotAFile {
            path: path.to_owned(),
        });
    }
    let too_many = |bytes| PictureError::TooManyBytes {
        path: path.to_owned(),
        bytes,
        limit: MAX_PICTURE_BYTES,
    };
    if metadata.len() > MAX_PICTURE_BYTES {
        return Err(too_many(metadata.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_PICTURE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreachable)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_PICTURE_BYTES {
        return Err(too_many(read));
    }
    Ok(bytes)
}
