//! How pictures are drawn for comparison, and how closely they must match
//! their snapshot or golden image.

#![allow(dead_code, reason = "each test file uses a different part")]

use stagemap::export::{SceneOptions, TitleBlock};

/// The date the export tests print in the title block.
pub const TITLE_DATE: &str = "2026-05-04";

/// Scene options that show everything, as the export goldens are drawn:
/// the title block dated [`TITLE_DATE`], the markers and the emotion curves.
pub fn everything_shown() -> SceneOptions {
    SceneOptions {
        title_block: Some(TitleBlock {
            date: TITLE_DATE.to_owned(),
        }),
        markers: true,
        emotion_curves: true,
        ..SceneOptions::default()
    }
}

#[cfg(feature = "gui")]
/// Editor snapshots: tolerates the few edge pixels in which CPU rasterisers
/// (lavapipe, llvmpipe) differ.
pub fn snapshot_options() -> egui_kittest::SnapshotOptions {
    egui_kittest::SnapshotOptions::new().max_failed_pixels(4000)
}

/// Export goldens: the largest difference of one channel that still counts
/// as the same pixel (anti-aliasing may differ slightly between machines).
pub const CHANNEL_TOLERANCE: u8 = 24;
/// Export goldens: the share of pixels allowed to differ by more than [`CHANNEL_TOLERANCE`].
pub const DIFFERENT_PIXELS_ALLOWED: f64 = 0.0005;
