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
/// Editor snapshots: the CPU renderer draws the same picture run after run
/// (0 pixels differed between runs), so only a handful may differ; all the
/// pain markers of the hotel map together are about 190 pixels.
pub fn snapshot_options() -> egui_kittest::SnapshotOptions {
    egui_kittest::SnapshotOptions::new().max_failed_pixels(20)
}

#[cfg(feature = "gui")]
/// Whether what `harness` shows now passes the snapshot `name` under
/// [`snapshot_options`], compared on a copy of the snapshot in a scratch
/// folder, so that the proof a change is noticed never writes beside the
/// real snapshot. `None` while snapshots are being updated (the comparison
/// would pass by rewriting the copy).
pub fn matches_snapshot<State>(
    harness: &mut egui_kittest::Harness<'_, State>,
    name: &str,
) -> Option<bool> {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        return None;
    }
    let scratch = tempfile::tempdir().ok()?;
    let file = format!("{name}.png");
    let original = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(&file);
    std::fs::copy(original, scratch.path().join(&file)).ok()?;
    let options = snapshot_options().output_path(scratch.path());
    Some(harness.try_snapshot_options(name, &options).is_ok())
}

/// Export goldens: the largest difference of one channel that still counts
/// as the same pixel (anti-aliasing may differ slightly between machines).
pub const CHANNEL_TOLERANCE: u8 = 24;
/// Export goldens: the share of pixels allowed to differ by more than
/// [`CHANNEL_TOLERANCE`]: about 36 of the Chinese example's 3.6 million (the
/// writer draws the same picture run after run; the markers alone are thousands).
pub const DIFFERENT_PIXELS_ALLOWED: f64 = 0.00001;
