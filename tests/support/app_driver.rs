//! The whole editor under test: options that make it deterministic (English,
//! in-window dialogs), and the clicks and keys a user gives it through its
//! accessibility labels.

#![allow(dead_code, reason = "each test file uses a different part")]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stagemap::ui::files::DialogKind;
use stagemap::ui::i18n::Language;
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{AppOptions, StagemapApp, Startup};

/// `settings` made deterministic: English, in `theme`.
pub fn english(settings: Settings, theme: ThemeChoice) -> Settings {
    Settings {
        theme,
        language: Some(Language::English),
        ..settings
    }
}

/// Options for a test: English, `theme`, dialogs drawn in the window.
pub fn options(theme: ThemeChoice) -> AppOptions {
    options_with(english(Settings::default(), theme))
}

/// Options for a test with these settings and dialogs drawn in the window.
pub fn options_with(settings: Settings) -> AppOptions {
    AppOptions {
        settings: Some(settings),
        dialogs: DialogKind::InWindow,
    }
}

/// The editor on `startup` in a window of `size`, English and light.
pub fn app_harness(startup: Startup, size: [f32; 2]) -> Harness<'static, StagemapApp> {
    Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| StagemapApp::new(cc, startup, options(ThemeChoice::Light)))
}

/// The editor on `startup` in a window of `size`, English and light, with
/// frames as short as a screen's, so that two clicks make a double-click.
pub fn app_harness_with_short_frames(
    startup: Startup,
    size: [f32; 2],
) -> Harness<'static, StagemapApp> {
    Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |cc| StagemapApp::new(cc, startup, options(ThemeChoice::Light)))
}

/// Clicks the button `label` inside an open container of `role` (a menu, a dialog),
/// so a canvas button with the same name is not mistaken for it.
pub fn click_in(harness: &mut Harness<'_, StagemapApp>, role: Role, label: &str) {
    let node = harness
        .get_all_by_role(role)
        .find_map(|container| container.query_by_label(label))
        .unwrap_or_else(|| panic!("no {label:?} in an open {role:?}"));
    node.click();
    harness.run();
}

/// Opens a menu of the menu bar and clicks through its (sub)menus.
pub fn click_menu(harness: &mut Harness<'_, StagemapApp>, path: &[&str]) {
    let (top, items) = path.split_first().expect("a menu path");
    harness.get_by_role_and_label(Role::Button, top).click();
    harness.run();
    for label in items {
        click_in(harness, Role::Menu, label);
    }
}

/// An open dialog shows `label`.
pub fn dialog_shows(harness: &Harness<'_, StagemapApp>, label: &str) -> bool {
    harness
        .query_all_by_role(Role::Dialog)
        .any(|dialog| dialog.query_by_label(label).is_some())
}

/// Clicks a button of the open dialog.
pub fn click_dialog(harness: &mut Harness<'_, StagemapApp>, label: &str) {
    click_in(harness, Role::Dialog, label);
}

/// Presses a key with modifiers and lets the app handle it.
pub fn press(harness: &mut Harness<'_, StagemapApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Replaces the text of the field `label` with `text` (the field keeps the keyboard).
pub fn retype(harness: &mut Harness<'_, StagemapApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    press(harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}
