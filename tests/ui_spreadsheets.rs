//! Spreadsheets in the editor: importing a CSV file or a workbook from the File
//! menu or by dropping it on the window (the emotion lane it adds, the status
//! that says how it was read, the errors), and the Add emotion lane command.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::csv_io;
use stagemap::edit::{Session, ops};
use stagemap::model::{Document, LaneKind};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_dialog, click_menu, dialog_shows, press, retype};

fn harness(doc: Document) -> Harness<'static, StagemapApp> {
    app_driver::app_harness(Startup::Document(doc), [1280.0, 800.0])
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/csv")
        .join(name)
}

fn lane_names(harness: &Harness<'_, StagemapApp>) -> Vec<String> {
    harness
        .state()
        .document()
        .lanes
        .iter()
        .map(|lane| lane.name.clone())
        .collect()
}

/// A file dropped onto the window, as the windowing layer hands it over.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

fn drop_file(harness: &mut Harness<'_, StagemapApp>, path: &Path) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.to_owned())));
    harness.run();
}

/// A customer lane and a back-stage lane; no emotion lane.
fn scored_map() -> Document {
    let mut session = Session::opened(Document::new("Coffee run"));
    session.run(|doc| ops::add_stage(doc, 0, "Order")).unwrap();
    session
        .run(|doc| ops::add_lane(doc, 0, "Customer", LaneKind::Customer))
        .unwrap();
    session
        .run(|doc| ops::add_lane(doc, 1, "Barista", LaneKind::Backstage))
        .unwrap();
    session.doc().clone()
}

#[test]
fn dropping_a_gbk_csv_imports_it_with_an_emotion_lane_under_the_customer_lane() {
    let path = fixture("gbk/sample-zh.csv");
    let mut harness = harness(Document::new("Blank"));
    drop_file(&mut harness, &path);

    let expected = csv_io::import_file(&fixture("sample-zh.csv"), None).unwrap();
    assert_eq!(harness.state().document(), &expected.doc);
    assert_eq!(
        lane_names(&harness),
        ["顾客行为", "情绪", "门店顾问", "后台行为", "支持过程"]
    );
    // A new map with no file yet: closing asks to save it.
    assert_eq!(harness.state().path(), None);
    assert!(harness.state().is_dirty());
    assert!(
        harness
            .query_by_label_contains("(read as GB18030): 10 cards")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("An emotion lane was added")
            .is_some()
    );
    // The curve shows: 王女士's point at the card 查找充电桩, scored −2.
    assert!(
        harness
            .query_by_label("王女士 emotion at 查找充电桩: −2")
            .is_some()
    );
}

#[test]
fn file_import_reads_a_workbook_through_the_file_dialog() {
    let path = fixture("sample-zh.xlsx");
    let mut harness = harness(Document::new("Blank"));
    click_menu(&mut harness, &["File", "Import spreadsheet…"]);
    assert!(dialog_shows(&harness, "Import a spreadsheet"));
    retype(&mut harness, "File path", &path.display().to_string());
    click_dialog(&mut harness, "Import");

    assert_eq!(harness.state().document().cards.len(), 10);
    assert_eq!(harness.state().document().meta.title, "sample-zh");
    assert_eq!(lane_names(&harness)[1], "情绪");
    assert!(harness.query_by_label_contains("sheet “旅程”").is_some());
}

#[test]
fn a_spreadsheet_that_cannot_be_read_shows_why_and_keeps_the_map() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("broken.xlsx");
    std::fs::write(&path, b"not a workbook").unwrap();
    let mut harness = harness(scored_map());
    drop_file(&mut harness, &path);

    assert_eq!(harness.state().document(), &scored_map());
    assert!(
        harness
            .query_by_label_contains("Could not import the spreadsheet")
            .is_some()
    );
    assert!(harness.query_by_label_contains("broken.xlsx").is_some());
}

#[test]
fn add_emotion_lane_from_the_palette_is_one_undo_step_and_then_disabled() {
    let mut harness = harness(scored_map());
    press(&mut harness, Modifiers::COMMAND, Key::K);
    harness
        .get_by_label("Search commands")
        .type_text("emotion lane");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);

    assert_eq!(lane_names(&harness), ["Customer", "Emotions", "Barista"]);
    assert_eq!(harness.state().document().lanes[1].kind, LaneKind::Emotion);
    assert!(
        harness
            .query_by_label_contains("Added the emotion lane Emotions")
            .is_some()
    );

    // Now there is one: the menu entry is disabled and says which lane it is.
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    let item = harness
        .get_all_by_role(Role::Menu)
        .find_map(|menu| menu.query_by_label("Add emotion lane"))
        .unwrap();
    assert!(item.accesskit_node().is_disabled());
    press(&mut harness, Modifiers::NONE, Key::Escape);

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &scored_map());
}

#[test]
fn add_emotion_lane_from_the_edit_menu_in_chinese() {
    let mut harness = harness(scored_map());
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    click_menu(&mut harness, &["编辑", "添加情绪泳道"]);
    assert_eq!(lane_names(&harness), ["Customer", "情绪", "Barista"]);
}
