//! The editor driven as a user drives it: through menus, keys and dialogs found by their accessible labels.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use stagemap::format;
use stagemap::model::Document;
use stagemap::ui::i18n::Language;
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_dialog, click_menu, dialog_shows, options, press, retype};
#[path = "support/small_map.rs"]
mod small_map;
#[path = "support/snapshots.rs"]
mod snapshots;
use snapshots::snapshot_options;

/// A small map with one stage, one lane and one card.
fn small_map() -> Document {
    small_map::small_map("Coffee run", &[("Queue at the counter", None)])
}

/// The editor on `startup`, English and light, in a 1280×800 window.
fn harness(startup: Startup) -> Harness<'static, StagemapApp> {
    app_driver::app_harness(startup, [1280.0, 800.0])
}

#[test]
fn add_stage_from_the_menu_then_undo_and_redo_by_keys_and_menu() {
    let mut harness = harness(Startup::Document(Document::new("Trip")));
    click_menu(&mut harness, &["Edit", "Add stage"]);
    assert_eq!(harness.state().document().stages.len(), 1);

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(harness.state().document().stages.is_empty());
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(harness.state().document().stages.len(), 1);

    click_menu(&mut harness, &["Edit", "Undo Add stage"]);
    assert!(harness.state().document().stages.is_empty());
    click_menu(&mut harness, &["Edit", "Redo Add stage"]);
    assert_eq!(harness.state().document().stages.len(), 1);
}

#[test]
fn typing_a_card_title_in_the_inspector_is_one_undo_step() {
    let mut harness = harness(Startup::Document(small_map()));
    harness.get_by_label("Queue at the counter").click();
    harness.run();
    retype(&mut harness, "Title", "排队");
    // A Chinese input method composes, then commits the characters.
    for event in [
        egui::ImeEvent::Preedit {
            text: "dian dan".to_owned(),
            active_range_chars: None,
        },
        egui::ImeEvent::Commit("点单".to_owned()),
    ] {
        harness.event(egui::Event::Ime(event));
        harness.run();
    }
    harness.get_by_label("Title").type_text(" order");
    harness.run();
    // Keys that act on the canvas belong to the text field while it has the keyboard.
    press(&mut harness, Modifiers::NONE, Key::Delete);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let card = &harness.state().document().cards[0];
    assert_eq!(card.title, "排队点单 order");

    click_menu(&mut harness, &["Edit"]);
    assert!(
        harness
            .get_all_by_role(Role::Menu)
            .any(|menu| menu.query_by_label("Undo Edit card").is_some())
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &small_map());
    assert!(!harness.state().is_dirty());
}

#[test]
fn the_inspector_sets_flags_and_numbers_as_single_steps() {
    let mut harness = harness(Startup::Document(small_map()));
    harness.get_by_label("Queue at the counter").click();
    harness.run();
    harness.get_by_label("Pain point").click();
    harness.run();
    retype(&mut harness, "Wait", "１５");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    retype(&mut harness, "Emotion", "9");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let card = &harness.state().document().cards[0];
    assert!(card.pain);
    assert_eq!(card.wait_minutes, Some(15));
    assert_eq!(card.emotion, None, "9 lies outside the −2…2 scale");
    assert!(
        harness
            .query_by_label_contains("between -2 and 2")
            .is_some()
    );

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().cards[0].wait_minutes, None);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(!harness.state().document().cards[0].pain);
}

#[test]
fn esc_takes_back_what_was_typed_and_moving_between_fields_makes_two_steps() {
    let mut harness = harness(Startup::Document(small_map()));
    harness.get_by_label("Queue at the counter").click();
    harness.run();
    retype(&mut harness, "Owner", "前台");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().document().cards[0].owner, "");
    assert!(!harness.state().is_dirty());

    retype(&mut harness, "Owner", "前台");
    retype(&mut harness, "Channel", "门店");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let card = &harness.state().document().cards[0];
    assert_eq!(
        (card.owner.as_str(), card.channel.as_str()),
        ("前台", "门店")
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let card = &harness.state().document().cards[0];
    assert_eq!((card.owner.as_str(), card.channel.as_str()), ("前台", ""));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &small_map());
}

#[test]
fn the_map_fields_show_when_nothing_is_selected() {
    let mut harness = harness(Startup::Document(small_map()));
    retype(&mut harness, "Map title", "咖啡之旅");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().document().meta.title, "咖啡之旅");
    assert_eq!(harness.state().window_title(), Some("*咖啡之旅 — Stagemap"));
}

#[test]
fn switching_to_chinese_translates_the_menus() {
    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["View", "Language", "简体中文"]);
    assert!(harness.query_by_label("文件").is_some());
    assert!(harness.query_by_label("File").is_none());
    assert_eq!(
        harness.state().settings().language,
        Some(Language::SimplifiedChinese)
    );
    click_menu(&mut harness, &["编辑", "添加阶段"]);
    assert_eq!(harness.state().document().stages.len(), 2);
    click_menu(&mut harness, &["编辑"]);
    assert!(
        harness
            .get_all_by_role(Role::Menu)
            .any(|menu| menu.query_by_label("撤销 添加阶段").is_some())
    );
}

#[test]
fn switching_to_traditional_chinese_speaks_taiwan_usage() {
    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["View", "Language", "繁體中文"]);
    assert_eq!(
        harness.state().settings().language,
        Some(Language::TraditionalChinese)
    );
    // 檔案 and 檢視, not the Simplified 文件 and 视图 nor their character-converted 文件 and 視圖.
    assert!(harness.query_by_label("檔案").is_some());
    assert!(harness.query_by_label("檢視").is_some());
    assert!(harness.query_by_label("文件").is_none());
    assert!(harness.query_by_label("File").is_none());
    click_menu(&mut harness, &["編輯", "新增階段"]);
    assert_eq!(harness.state().document().stages.len(), 2);
    click_menu(&mut harness, &["編輯"]);
    assert!(
        harness
            .get_all_by_role(Role::Menu)
            .any(|menu| menu.query_by_label("復原 新增階段").is_some())
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    click_menu(&mut harness, &["檔案"]);
    assert!(harness.get_all_by_role(Role::Menu).any(
        |menu| menu.query_by_label("儲存").is_some() && menu.query_by_label("開啟…").is_some()
    ));
}

#[test]
fn the_language_shortcut_goes_through_all_three_languages() {
    let mut harness = harness(Startup::Document(small_map()));
    let shortcut = Modifiers::COMMAND | Modifiers::SHIFT;
    for (language, file_menu) in [
        (Language::SimplifiedChinese, "文件"),
        (Language::TraditionalChinese, "檔案"),
        (Language::English, "File"),
    ] {
        press(&mut harness, shortcut, Key::L);
        assert_eq!(harness.state().settings().language, Some(language));
        assert!(harness.query_by_label(file_menu).is_some(), "{language:?}");
    }
}

#[test]
fn save_as_then_reopen_gives_the_same_document() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("咖啡.stagemap.ron");
    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["Edit", "Add stage"]);

    click_menu(&mut harness, &["File", "Save as…"]);
    retype(&mut harness, "File path", &path.display().to_string());
    click_dialog(&mut harness, "Save");
    assert_eq!(harness.state().path(), Some(path.as_path()));
    assert!(!harness.state().is_dirty());
    let saved = format::load(&path).unwrap();
    assert_eq!(&saved, harness.state().document());

    let mut reopened = harness_on_blank();
    click_menu(&mut reopened, &["File", "Open…"]);
    retype(&mut reopened, "File path", &path.display().to_string());
    click_dialog(&mut reopened, "Open");
    assert_eq!(reopened.state().document(), &saved);
    assert_eq!(reopened.state().path(), Some(path.as_path()));
    assert_eq!(
        reopened.state().settings().recent_files.first(),
        Some(&path)
    );
}

fn harness_on_blank() -> Harness<'static, StagemapApp> {
    harness(Startup::Document(Document::new("Blank")))
}

#[test]
fn the_title_marks_unsaved_changes() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("trip.stagemap.ron");
    format::save(&small_map(), &path).unwrap();
    let mut harness = harness(Startup::File(path.clone()));
    assert_eq!(
        harness.state().window_title(),
        Some("trip.stagemap.ron — Stagemap")
    );

    click_menu(&mut harness, &["Edit", "Add lane"]);
    assert_eq!(
        harness.state().window_title(),
        Some("*trip.stagemap.ron — Stagemap")
    );

    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(
        harness.state().window_title(),
        Some("trip.stagemap.ron — Stagemap")
    );
    assert_eq!(format::load(&path).unwrap().lanes.len(), 2);
}

#[test]
fn a_failed_save_shows_the_error_and_keeps_the_changes() {
    let folder = tempfile::tempdir().unwrap();
    // A file where a folder should be: the save fails for every user, even an administrator.
    let not_a_folder = folder.path().join("notes.txt");
    std::fs::write(&not_a_folder, "not a folder").unwrap();
    let target = not_a_folder.join("trip.stagemap.ron");

    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["Edit", "Add stage"]);
    click_menu(&mut harness, &["File", "Save as…"]);
    retype(&mut harness, "File path", &target.display().to_string());
    click_dialog(&mut harness, "Save");

    assert!(harness.query_by_label("Something went wrong").is_some());
    assert!(
        harness
            .query_by_label_contains("Could not save the map")
            .is_some()
    );
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().path(), None);
    assert_eq!(harness.state().document().stages.len(), 2);
    assert!(!target.exists());

    click_dialog(&mut harness, "OK");
    assert!(harness.query_by_label("Something went wrong").is_none());
}

#[test]
fn a_broken_file_reports_where_and_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("broken.stagemap.ron");
    std::fs::write(
        &path,
        "(format_version: 1, document: (meta: (title: \"x\",\n oops",
    )
    .unwrap();
    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["File", "Open…"]);
    retype(&mut harness, "File path", &path.display().to_string());
    click_dialog(&mut harness, "Open");
    assert!(harness.query_by_label_contains("line 2, column").is_some());
    assert_eq!(harness.state().document(), &small_map());
    assert_eq!(harness.state().path(), None);
}

/// eframe's key-value storage, kept in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

#[test]
fn settings_are_kept_in_eframe_storage() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("trip.stagemap.ron");
    format::save(&small_map(), &path).unwrap();
    let mut harness = harness(Startup::File(path.clone()));
    click_menu(&mut harness, &["View", "Theme", "Dark"]);
    click_menu(&mut harness, &["View", "Language", "繁體中文"]);

    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let saved: Settings = eframe::get_value(&storage, eframe::APP_KEY).unwrap();
    assert_eq!(&saved, harness.state().settings());
    assert_eq!(saved.theme, ThemeChoice::Dark);
    assert_eq!(saved.language, Some(Language::TraditionalChinese));
    assert_eq!(saved.recent_files, vec![path]);
}

/// A file dropped onto the window, as the windowing layer hands it over.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

#[test]
fn dropping_a_map_file_on_the_window_opens_it() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("dropped.stagemap.ron");
    format::save(&small_map(), &path).unwrap();
    let mut harness = harness_on_blank();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.clone())));
    harness.run();
    assert_eq!(harness.state().document(), &small_map());
    assert_eq!(harness.state().path(), Some(path.as_path()));
}

fn request_close(harness: &mut Harness<'_, StagemapApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["Edit", "Add stage"]);

    request_close(&mut harness);
    assert!(dialog_shows(&harness, "Unsaved changes"));
    assert!(!harness.state().close_confirmed());
    click_dialog(&mut harness, "Cancel");
    assert!(harness.query_by_label("Discard").is_none());
    assert!(!harness.state().close_confirmed());

    request_close(&mut harness);
    click_dialog(&mut harness, "Discard");
    assert!(harness.state().close_confirmed());
}

#[test]
fn closing_a_saved_map_does_not_ask() {
    let mut harness = harness(Startup::Document(small_map()));
    request_close(&mut harness);
    assert!(harness.query_by_label("Discard").is_none());
}

#[test]
fn a_new_map_from_a_template_asks_about_unsaved_changes() {
    let mut harness = harness(Startup::Document(small_map()));
    click_menu(&mut harness, &["Edit", "Add stage"]);
    click_menu(&mut harness, &["File", "New", "Service blueprint template"]);
    assert!(dialog_shows(&harness, "Unsaved changes"));
    click_dialog(&mut harness, "Discard");
    let template = stagemap::samples::template("template-service-blueprint")
        .unwrap()
        .document()
        .unwrap();
    assert_eq!(harness.state().document(), &template);
    assert_eq!(harness.state().path(), None);
    assert!(!harness.state().is_dirty());

    press(&mut harness, Modifiers::COMMAND, Key::N);
    click_dialog(&mut harness, "Blank map");
    assert!(harness.state().document().stages.is_empty());
}

#[test]
fn the_command_palette_runs_a_command_by_name() {
    let mut harness = harness(Startup::Document(Document::new("Trip")));
    press(&mut harness, Modifiers::COMMAND, Key::K);
    harness.get_by_label("Search commands").type_text("add st");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().document().stages.len(), 1);
    assert!(harness.query_by_label("Search commands").is_none());

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    assert!(harness.query_by_label("Search commands").is_some());
}

#[test]
fn copied_cards_travel_as_text_and_paste_into_the_map() {
    let mut harness = harness(Startup::Document(small_map()));
    harness.get_by_label("Queue at the counter").click();
    harness.run();
    // The system's copy key reaches egui as a copy event.
    harness.event(egui::Event::Copy);
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|command| match command {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("Ctrl+C puts the card on the clipboard");
    assert!(copied.starts_with(stagemap::clipboard::HEADER));

    // What another window of the app receives when the user pastes.
    let mut other = harness_on_blank();
    other.event(egui::Event::Paste(copied.clone()));
    other.run();
    assert!(
        other
            .query_by_label("Add a stage and a lane before pasting cards.")
            .is_some()
    );

    harness.event(egui::Event::Paste(copied));
    harness.run();
    let doc = harness.state().document();
    assert_eq!(doc.cards.len(), 2);
    assert_eq!(doc.cards[1].title, "Queue at the counter");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().cards.len(), 1);

    harness.event(egui::Event::Paste("plain words".to_owned()));
    harness.run();
    assert_eq!(harness.state().document().cards.len(), 1);
    assert!(
        harness
            .query_by_label("The clipboard holds no Stagemap cards.")
            .is_some()
    );
}

fn snapshot_harness(theme: ThemeChoice) -> Harness<'static, StagemapApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .wgpu()
        .build_eframe(move |cc| StagemapApp::new(cc, Startup::Sample, options(theme)))
}

/// The hotel map's snapshot in `theme`, and the proof that it would notice
/// the markers gone: every marker kind switched off in the filter bar.
fn hotel_snapshot(theme: ThemeChoice, name: &str) {
    let mut harness = snapshot_harness(theme);
    harness.run();
    harness.snapshot_options(name, &snapshot_options());
    for toggle in ["! Pain", "F Fail", "W Wait", "★ MOT", "◆ Opportunity"] {
        harness.get_by_label(toggle).click();
        harness.run();
    }
    assert_ne!(
        snapshots::matches_snapshot(&mut harness, name),
        Some(true),
        "{name} passes with every marker gone"
    );
}

#[test]
fn snapshot_hotel_blueprint_light() {
    hotel_snapshot(ThemeChoice::Light, "hotel_blueprint_light");
}

#[test]
fn snapshot_hotel_blueprint_dark() {
    hotel_snapshot(ThemeChoice::Dark, "hotel_blueprint_dark");
}

#[test]
fn sample_opens_without_a_file() {
    let harness = harness(Startup::Sample);
    assert!(harness.state().path().is_none());
    assert!(!harness.state().document().cards.is_empty());
}
