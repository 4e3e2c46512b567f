//! The example maps shipped in `examples/`: their paths, found by listing the
//! folder, and the maps loaded.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};

use stagemap::format;
use stagemap::model::Document;

/// The file of the Chinese example (the electric-car owner's journey).
pub const EV_OWNER: &str = "ev-owner-journey.stagemap.ron";
/// The file of the hotel-stay blueprint.
pub const HOTEL_STAY: &str = "hotel-stay.stagemap.ron";

/// The path of the example with this file name.
pub fn example_path(file_name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(file_name)
}

/// The example map with this file name, loaded.
pub fn example(file_name: &str) -> Document {
    let path = example_path(file_name);
    format::load(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The Chinese example, with emotions, every marker and a rework loop.
pub fn ev_owner() -> Document {
    example(EV_OWNER)
}

/// The hotel-stay blueprint, with all five blueprint lanes.
pub fn hotel_stay() -> Document {
    example(HOTEL_STAY)
}

/// Every `*.stagemap.ron` file in `examples/`, sorted by name.
pub fn example_maps() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut maps: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| {
            entry
                .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
                .path()
        })
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with(format::FILE_EXTENSION))
        })
        .collect();
    maps.sort();
    maps
}
