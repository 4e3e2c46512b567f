//! Crash recovery across editor windows: several recovered maps offered at
//! start, each restored or discarded; recovery files of editors still
//! running left alone; the autosave interval set in the preferences.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stagemap::model::Document;
use stagemap::recovery::{Autosave, RecoveryFolder};
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_dialog, click_menu, dialog_shows, english, options_with, press};
#[path = "support/small_map.rs"]
mod small_map;
use small_map::small_map;

const RESTORE: &str = "Recover unsaved work?";

/// The editor on the sample map, keeping recovery files in `recovery`.
fn editor(recovery: &Path, settings: Settings) -> Harness<'static, StagemapApp> {
    let folder = RecoveryFolder::new(recovery.to_owned());
    let options = options_with(english(settings, ThemeChoice::Light));
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            StagemapApp::new(cc, Startup::Sample, options).with_recovery(folder)
        })
}

/// A map called `title` with one stage, one lane and `cards` cards.
fn map(title: &str, cards: usize) -> Document {
    let titles: Vec<String> = (0..cards).map(|index| format!("Card {index}")).collect();
    let cards: Vec<(&str, Option<&str>)> = titles.iter().map(|t| (t.as_str(), None)).collect();
    small_map(title, &cards)
}

/// The recovery file an editor keeps for `doc` (belonging to `original`),
/// written `minutes_ago`; the editor is still running while the result lives.
fn kept_by_an_editor(
    recovery: &Path,
    doc: &Document,
    original: Option<&Path>,
    minutes_ago: u64,
) -> Autosave {
    let mut autosave = Autosave::default();
    let written = SystemTime::now() - Duration::from_secs(minutes_ago * 60);
    autosave
        .write(
            &RecoveryFolder::new(recovery.to_owned()),
            doc,
            original,
            written,
        )
        .unwrap();
    autosave
}

/// The recovery file an editor left when it crashed.
fn left_by_a_crash(
    recovery: &Path,
    doc: &Document,
    original: Option<&Path>,
    minutes_ago: u64,
) -> PathBuf {
    let autosave = kept_by_an_editor(recovery, doc, original, minutes_ago);
    autosave.file().unwrap().to_owned()
}

/// How many buttons `label` the open dialogs have.
fn buttons_in_dialog(harness: &Harness<'_, StagemapApp>, label: &str) -> usize {
    harness
        .query_all_by_role(Role::Dialog)
        .map(|dialog| {
            dialog
                .query_all_by_role_and_label(Role::Button, label)
                .count()
        })
        .sum()
}

#[test]
fn two_recovered_maps_are_listed_one_restored_here_and_the_other_discarded() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let workshop_path = folder.path().join("workshop.stagemap.ron");
    let workshop = map("Workshop", 3);
    let interviews = map("Interviews", 1);
    let workshop_file = left_by_a_crash(&recovery, &workshop, Some(&workshop_path), 10);
    let interviews_file = left_by_a_crash(&recovery, &interviews, None, 5);

    let mut harness = editor(&recovery, Settings::default());
    assert!(dialog_shows(&harness, RESTORE));
    let workshop_entry = format!("“Workshop” — {}", workshop_path.display());
    assert!(dialog_shows(&harness, &workshop_entry));
    assert!(dialog_shows(
        &harness,
        "“Interviews” — untitled, never saved to a file"
    ));
    assert!(
        harness.query_by_label_contains("· 3 cards").is_some(),
        "the card count is not listed"
    );
    assert_eq!(buttons_in_dialog(&harness, "Restore"), 2);
    assert_eq!(buttons_in_dialog(&harness, "Discard"), 2);

    // The oldest is listed first.
    harness
        .query_all_by_role_and_label(Role::Button, "Restore")
        .next()
        .expect("a Restore button")
        .click();
    harness.run();
    assert_eq!(harness.state().document(), &workshop);
    assert_eq!(harness.state().path(), Some(workshop_path.as_path()));
    assert!(harness.state().is_dirty());

    // The other stays offered; this window holds a map now, so it would open in another.
    assert!(dialog_shows(&harness, RESTORE));
    assert!(!dialog_shows(&harness, &workshop_entry));
    assert_eq!(buttons_in_dialog(&harness, "Restore in a new window"), 1);
    click_dialog(&mut harness, "Discard");
    assert!(!dialog_shows(&harness, RESTORE));
    assert!(
        !interviews_file.exists(),
        "the discarded map's file was kept"
    );
    assert_eq!(harness.state().document(), &workshop);

    // The restored map's file now belongs to this window: kept, but offered to no other.
    assert!(workshop_file.exists());
    let folder_now = RecoveryFolder::new(recovery.clone());
    assert_eq!(folder_now.list().len(), 1);
    assert!(folder_now.recoverable().is_empty());
    assert!(!dialog_shows(
        &editor(&recovery, Settings::default()),
        RESTORE
    ));

    // Saved, the map needs its recovery file no more.
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!workshop_file.exists());
}

#[test]
fn a_recovery_file_kept_by_a_running_editor_is_not_offered() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let running = kept_by_an_editor(&recovery, &map("Still open", 2), None, 1);
    left_by_a_crash(&recovery, &map("Crashed", 1), None, 2);

    let mut harness = editor(&recovery, Settings::default());
    assert!(dialog_shows(&harness, RESTORE));
    assert!(dialog_shows(
        &harness,
        "“Crashed” — untitled, never saved to a file"
    ));
    assert!(
        harness.query_by_label_contains("Still open").is_none(),
        "the map of a running editor was offered"
    );
    assert_eq!(buttons_in_dialog(&harness, "Restore"), 1);
    click_dialog(&mut harness, "Later");
    assert!(!dialog_shows(&harness, RESTORE));

    // Alone, the running editor's file brings no offer at all.
    let crashed_gone = RecoveryFolder::new(recovery.clone());
    for found in crashed_gone.recoverable() {
        let mut autosave = Autosave::claim(&found.unwrap().recovery_file).unwrap().0;
        autosave.discard().unwrap();
    }
    assert!(!dialog_shows(
        &editor(&recovery, Settings::default()),
        RESTORE
    ));
    assert!(running.file().unwrap().exists());

    // Once that editor is gone (a crash), its map is offered.
    drop(running);
    let restarted = editor(&recovery, Settings::default());
    assert!(dialog_shows(
        &restarted,
        "“Still open” — untitled, never saved to a file"
    ));
}

#[test]
fn the_autosave_interval_is_set_in_the_preferences_and_applies_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let mut harness = editor(&recovery, Settings::default());
    assert_eq!(harness.state().settings().autosave_interval(), 30);

    click_menu(&mut harness, &["File", "Preferences…"]);
    harness.get_by_label("Every 10 seconds").click();
    harness.run();
    assert_eq!(harness.state().settings().autosave_interval(), 10);
    assert_eq!(harness.state().settings().autosave_seconds, Some(10));

    // Taking effect at once: an edit reaches the recovery file ten seconds on.
    click_menu(&mut harness, &["Edit", "Add stage"]);
    assert!(RecoveryFolder::new(recovery.clone()).list().is_empty());
    // Ten seconds of frames at the harness's 60 frames a second, and a few more.
    harness.run_steps(660);
    let found = RecoveryFolder::new(recovery.clone()).list();
    assert_eq!(found.len(), 1);
    assert_eq!(
        &found[0].as_ref().unwrap().document,
        harness.state().document()
    );

    harness
        .get_by_label("Only when switching to another window")
        .click();
    harness.run();
    assert_eq!(harness.state().settings().autosave_interval(), 0);
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run();
    assert!(harness.query_by_label("Preferences").is_none());

    // The command palette opens the preferences too.
    press(&mut harness, Modifiers::COMMAND, Key::K);
    harness.get_by_label("Search commands").type_text("prefer");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("Every 5 minutes").click();
    harness.run();
    assert_eq!(harness.state().settings().autosave_interval(), 300);
}

#[test]
fn maps_put_off_with_later_are_offered_again_from_the_file_menu() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let crashed = left_by_a_crash(&recovery, &map("Crashed", 2), None, 3);

    let mut harness = editor(&recovery, Settings::default());
    assert!(dialog_shows(&harness, RESTORE));
    click_dialog(&mut harness, "Later");
    assert!(!dialog_shows(&harness, RESTORE));

    click_menu(&mut harness, &["File", "Recovered maps…"]);
    assert!(dialog_shows(&harness, RESTORE));
    assert!(dialog_shows(
        &harness,
        "“Crashed” — untitled, never saved to a file"
    ));
    click_dialog(&mut harness, "Discard");
    assert!(!dialog_shows(&harness, RESTORE));
    assert!(!crashed.exists());

    // With nothing left, the menu says so instead of showing an empty list.
    click_menu(&mut harness, &["File", "Recovered maps…"]);
    assert!(!dialog_shows(&harness, RESTORE));
    assert!(
        harness
            .query_by_label("No map is waiting to be restored")
            .is_some()
    );
}
