//! Details of the editor met in a first hour, driven through accessible labels: Esc closes the command palette, a language switch is confirmed in the status bar, key names in menus speak the UI language, and a click on a lane header shows the lane's settings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::edit::{Session, ops};
use stagemap::model::{Document, LaneKind};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_in, click_menu, press, retype};

/// The editor on `doc`, English and light, in a 1280×800 window.
fn harness(doc: Document) -> Harness<'static, StagemapApp> {
    app_driver::app_harness(Startup::Document(doc), [1280.0, 800.0])
}

/// A map with one stage, two lanes and a card in the first lane.
fn small_map() -> Document {
    let mut session = Session::opened(Document::new("Coffee run"));
    session.run(|doc| ops::add_stage(doc, 0, "Order")).unwrap();
    session
        .run(|doc| ops::add_lane(doc, 0, "Customer", LaneKind::Customer))
        .unwrap();
    session
        .run(|doc| ops::add_lane(doc, 1, "Barista", LaneKind::Frontstage))
        .unwrap();
    let (step, lane) = (
        session.doc().stages[0].steps[0].id,
        session.doc().lanes[0].id,
    );
    session
        .run(|doc| ops::add_card(doc, step, lane, 0, "Queue at the counter").0)
        .unwrap();
    session.doc().clone()
}

/// The shortcut that assistive technology reads for the menu item `label` in the open menus.
fn menu_shortcut(harness: &Harness<'_, StagemapApp>, label: &str) -> Option<String> {
    harness
        .get_all_by_role(Role::Menu)
        .find_map(|menu| menu.query_by_label(label))
        .unwrap_or_else(|| panic!("no {label:?} in an open menu"))
        .accesskit_node()
        .data()
        .keyboard_shortcut()
        .map(str::to_owned)
}

#[test]
fn esc_closes_the_command_palette_and_runs_nothing() {
    let mut harness = harness(small_map());
    press(&mut harness, Modifiers::COMMAND, Key::K);
    harness.get_by_label("Search commands").type_text("add st");
    harness.run();
    assert!(harness.query_by_label("Search commands").is_some());

    press(&mut harness, Modifiers::NONE, Key::Escape);

    assert!(harness.query_by_label("Search commands").is_none());
    assert_eq!(harness.state().document(), &small_map());
    // The palette opens again afterwards, with an empty search.
    press(&mut harness, Modifiers::COMMAND, Key::K);
    assert!(harness.query_by_label("Search commands").is_some());
}

#[test]
fn a_language_switch_is_confirmed_in_the_status_bar() {
    let mut harness = harness(small_map());
    click_menu(&mut harness, &["View", "Language", "简体中文"]);
    assert!(harness.query_by_label("语言：简体中文").is_some());

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    assert!(harness.query_by_label("語言：繁體中文").is_some());
    assert!(harness.query_by_label("语言：简体中文").is_none());

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    assert!(harness.query_by_label("Language: English").is_some());
    assert!(harness.query_by_label("語言：繁體中文").is_none());
}

#[test]
fn key_names_in_menus_speak_the_ui_language() {
    let mut harness = harness(small_map());
    click_menu(&mut harness, &["Edit"]);
    assert_eq!(menu_shortcut(&harness, "Delete").as_deref(), Some("Delete"));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    click_menu(&mut harness, &["View", "Language"]);
    assert_eq!(
        menu_shortcut(&harness, "Switch language").as_deref(),
        Some("Ctrl+Shift+L")
    );
    click_in(&mut harness, Role::Menu, "简体中文");

    click_menu(&mut harness, &["编辑"]);
    assert_eq!(menu_shortcut(&harness, "删除").as_deref(), Some("删除键"));
    press(&mut harness, Modifiers::NONE, Key::Escape);
    click_menu(&mut harness, &["视图", "语言"]);
    assert_eq!(
        menu_shortcut(&harness, "切换语言").as_deref(),
        Some("Ctrl+Shift+L")
    );
    click_in(&mut harness, Role::Menu, "繁體中文");

    click_menu(&mut harness, &["編輯"]);
    assert_eq!(
        menu_shortcut(&harness, "刪除").as_deref(),
        Some("Delete 鍵")
    );
}

#[test]
fn a_click_on_a_lane_header_shows_the_lane_and_its_edits_are_single_steps() {
    let mut harness = harness(small_map());
    assert!(harness.query_by_label("Lane name").is_none());

    harness
        .get_by_role_and_label(Role::RowHeader, "Barista")
        .click();
    harness.run();

    let header = harness.get_by_role_and_label(Role::RowHeader, "Barista");
    assert_eq!(header.accesskit_node().is_selected(), Some(true));
    assert_eq!(
        harness.get_by_label("Lane name").accesskit_node().value(),
        Some("Barista".to_owned())
    );
    // The lane alone: no step or stage fields beside it.
    assert!(harness.query_by_label("Step name").is_none());

    retype(&mut harness, "Lane name", "Counter staff");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().document().lanes[1].name, "Counter staff");

    harness
        .get_by_role_and_label(Role::ComboBox, "Kind")
        .click();
    harness.run();
    harness.get_by_label("Back-stage actions").click();
    harness.run();
    assert_eq!(
        harness.state().document().lanes[1].kind,
        LaneKind::Backstage
    );

    // Each edit is one undo step.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().document().lanes[1].kind,
        LaneKind::Frontstage
    );
    assert_eq!(harness.state().document().lanes[1].name, "Counter staff");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &small_map());

    // A click on a card shows the card instead.
    harness.get_by_label("Queue at the counter").click();
    harness.run();
    assert!(harness.query_by_label("Lane name").is_none());
    assert_eq!(
        harness
            .get_by_role_and_label(Role::RowHeader, "Barista")
            .accesskit_node()
            .is_selected(),
        Some(false)
    );
}
