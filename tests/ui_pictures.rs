//! Card pictures on the real canvas: a picture that cannot be shown leaves a placeholder,
//! and its reason is in the card's accessible description, while the map still draws.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of these tests fail the test when the map is not as expected"
)]

use std::path::Path;

use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, kittest::NodeT as _};
use stagemap::model::Document;

#[path = "support/canvas_editor.rs"]
mod canvas_editor;
#[path = "support/small_map.rs"]
mod small_map;

use canvas_editor::{Editor, harness};
use small_map::small_map;

/// A map with one stage, one lane and two cards: "Check-in" with `picture`, "Pay" without.
fn map_with_picture(picture: &str) -> Document {
    small_map("Hotel stay", &[("Check-in", Some(picture)), ("Pay", None)])
}

/// The canvas on `doc`, with pictures looked up in `folder`, after its first frames.
fn canvas_with_folder(doc: Document, folder: Option<&Path>) -> Harness<'static, Editor> {
    let mut harness = harness(doc);
    harness
        .state_mut()
        .canvas
        .set_base_folder(folder.map(Path::to_owned));
    harness.run();
    harness
}

fn description(harness: &Harness<'_, Editor>, label: &str) -> String {
    harness
        .get_by_label(label)
        .accesskit_node()
        .description()
        .unwrap_or_default()
}

#[test]
fn a_missing_picture_leaves_a_placeholder_and_says_why() {
    let folder = tempfile::tempdir().unwrap();
    let harness = canvas_with_folder(map_with_picture("photos/lobby.png"), Some(folder.path()));

    let described = description(&harness, "Check-in");
    assert!(described.contains("picture not shown"), "{described}");
    assert!(described.contains("lobby.png"), "{described}");
    // The rest of the map draws as usual.
    assert!(!description(&harness, "Pay").contains("picture"));
}

#[test]
fn a_picture_outside_the_maps_folder_is_refused_on_the_canvas() {
    let folder = tempfile::tempdir().unwrap();
    let harness = canvas_with_folder(map_with_picture("../lobby.png"), Some(folder.path()));
    let described = description(&harness, "Check-in");
    assert!(described.contains("picture not shown"), "{described}");
    assert!(described.contains(".."), "{described}");
}

#[test]
fn an_unsaved_map_shows_placeholders_for_its_pictures() {
    let harness = canvas_with_folder(map_with_picture("lobby.png"), None);
    let described = description(&harness, "Check-in");
    assert!(described.contains("not been saved"), "{described}");
}

#[test]
fn a_damaged_picture_file_leaves_a_placeholder_once_decoded() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("lobby.png"), b"not a picture").unwrap();
    let mut harness = canvas_with_folder(map_with_picture("lobby.png"), Some(folder.path()));
    // The picture is decoded off the drawing thread: draw until it has come back.
    let mut described = description(&harness, "Check-in");
    for _ in 0..500 {
        if described.contains("picture not shown") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
        described = description(&harness, "Check-in");
    }
    assert!(
        described.contains("cannot be read as an image"),
        "{described}"
    );
}
