//! Pictures on cards: path safety, size limits and decoding.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of these tests fail the test when a file cannot be written"
)]

use std::path::Path;

use image::{Rgba, RgbaImage};
use stagemap::limits::{MAX_PICTURE_BYTES, MAX_PICTURE_SIDE};
use stagemap::pictures::{self, PictureError, THUMBNAIL_SIDE};

/// Writes a `width × height` PNG at `path`, left half red, right half blue.
fn write_png(path: &Path, width: u32, height: u32) {
    let image = RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgba([255, 0, 0, 255])
        } else {
            Rgba([0, 0, 255, 255])
        }
    });
    image.save(path).unwrap();
}

/// The CRC-32 a PNG chunk ends with (over its type and data).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One PNG chunk: length, type, data and CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut typed = kind.to_vec();
    typed.extend(data);
    let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    chunk.extend(&typed);
    chunk.extend(crc32(&typed).to_be_bytes());
    chunk
}

/// A small PNG file whose header claims `width × height` RGBA pixels: a decompression
/// bomb's shape, with a few bytes of pixel data.
fn png_header_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 6, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(png_chunk(b"IHDR", &header));
    bytes.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bytes.extend(png_chunk(b"IEND", &[]));
    bytes
}

#[test]
fn a_good_png_loads_as_a_thumbnail_in_proportion() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("photos")).unwrap();
    write_png(&folder.path().join("photos/desk.png"), 1024, 256);

    let thumbnail = pictures::load(Some(folder.path()), "photos/desk.png").unwrap();

    assert_eq!(
        (thumbnail.width, thumbnail.height),
        (THUMBNAIL_SIDE, THUMBNAIL_SIDE / 4)
    );
    assert_eq!(
        thumbnail.rgba.len(),
        (thumbnail.width * thumbnail.height * 4) as usize
    );
    assert_eq!(&thumbnail.rgba[..4], &[255, 0, 0, 255], "left is red");
    let last = thumbnail.rgba.len() - 4;
    assert_eq!(&thumbnail.rgba[last..], &[0, 0, 255, 255], "right is blue");
}

#[test]
fn a_small_picture_keeps_its_size() {
    let folder = tempfile::tempdir().unwrap();
    write_png(&folder.path().join("icon.png"), 40, 30);
    let thumbnail = pictures::load(Some(folder.path()), "icon.png").unwrap();
    assert_eq!((thumbnail.width, thumbnail.height), (40, 30));
}

#[test]
fn a_missing_file_names_the_path() {
    let folder = tempfile::tempdir().unwrap();
    let error = pictures::load(Some(folder.path()), "gone.png").unwrap_err();
    assert!(
        matches!(error, PictureError::Unreachable { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("gone.png"), "{error}");
}

#[test]
fn a_map_without_a_file_cannot_resolve_pictures() {
    let error = pictures::load(None, "desk.png").unwrap_err();
    assert!(
        matches!(error, PictureError::NoMapFolder { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("desk.png"), "{error}");
}

#[test]
fn an_absolute_path_is_refused_even_inside_the_folder() {
    let folder = tempfile::tempdir().unwrap();
    let inside = folder.path().join("desk.png");
    write_png(&inside, 4, 4);
    let error = pictures::load(Some(folder.path()), inside.to_str().unwrap()).unwrap_err();
    assert!(matches!(error, PictureError::Absolute { .. }), "{error:?}");
    assert!(error.to_string().contains("absolute"), "{error}");
}

#[test]
fn a_parent_segment_is_refused_even_when_the_file_exists() {
    let outer = tempfile::tempdir().unwrap();
    let folder = outer.path().join("map");
    std::fs::create_dir(&folder).unwrap();
    write_png(&outer.path().join("x.png"), 4, 4);
    for picture in ["../x.png", "photos/../../x.png", "photos/../x.png"] {
        let error = pictures::load(Some(&folder), picture).unwrap_err();
        assert!(
            matches!(error, PictureError::ParentSegment { .. }),
            "{picture}: {error:?}"
        );
        assert!(error.to_string().contains(picture), "{error}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_outside_the_folder_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let folder = outer.path().join("map");
    std::fs::create_dir(&folder).unwrap();
    write_png(&outer.path().join("secret.png"), 4, 4);
    std::os::unix::fs::symlink(outer.path().join("secret.png"), folder.join("link.png")).unwrap();
    std::os::unix::fs::symlink(outer.path(), folder.join("up")).unwrap();

    for picture in ["link.png", "up/secret.png"] {
        let error = pictures::load(Some(&folder), picture).unwrap_err();
        assert!(
            matches!(error, PictureError::Outside { .. }),
            "{picture}: {error:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_staying_inside_the_folder_is_followed() {
    let folder = tempfile::tempdir().unwrap();
    write_png(&folder.path().join("real.png"), 4, 4);
    std::os::unix::fs::symlink(
        folder.path().join("real.png"),
        folder.path().join("alias.png"),
    )
    .unwrap();
    assert!(pictures::load(Some(folder.path()), "alias.png").is_ok());
}

#[test]
fn a_file_over_the_byte_limit_is_refused_before_reading() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.png");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_PICTURE_BYTES + 1).unwrap();
    let error = pictures::load(Some(folder.path()), "huge.png").unwrap_err();
    assert!(
        matches!(error, PictureError::TooManyBytes { bytes, .. } if bytes == MAX_PICTURE_BYTES + 1),
        "{error:?}"
    );
}

#[test]
fn a_header_claiming_a_huge_picture_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("bomb.png"),
        png_header_claiming(100_000, 100_000),
    )
    .unwrap();
    let error = pictures::load(Some(folder.path()), "bomb.png").unwrap_err();
    assert!(
        matches!(
            error,
            PictureError::TooManyPixels { width: 100_000, height: 100_000, limit, .. }
                if limit == MAX_PICTURE_SIDE
        ),
        "{error:?}"
    );
}

#[test]
fn garbage_bytes_are_not_an_image() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("notes.png"),
        b"these are not the pixels you seek",
    )
    .unwrap();
    let error = pictures::load(Some(folder.path()), "notes.png").unwrap_err();
    assert!(
        matches!(error, PictureError::Undecodable { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("notes.png"), "{error}");
}

#[test]
fn a_truncated_png_is_not_an_image() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("cut.png");
    write_png(&path, 64, 64);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let error = pictures::load(Some(folder.path()), "cut.png").unwrap_err();
    assert!(
        matches!(error, PictureError::Undecodable { .. }),
        "{error:?}"
    );
}

#[test]
fn a_folder_or_an_empty_path_is_not_a_picture() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("photos")).unwrap();
    let error = pictures::load(Some(folder.path()), "photos").unwrap_err();
    assert!(matches!(error, PictureError::NotAFile { .. }), "{error:?}");
    let error = pictures::load(Some(folder.path()), "  ").unwrap_err();
    assert!(matches!(error, PictureError::Empty), "{error:?}");
}
