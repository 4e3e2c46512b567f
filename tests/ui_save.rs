//! Saving from the editor when things go wrong: the file changed on disk by another program, a save that fails, and unsaved work recovered after a crash.

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
use egui_kittest::kittest::Queryable as _;
use stagemap::format;
use stagemap::fsio;
use stagemap::model::Document;
use stagemap::recovery::RecoveryFolder;
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_dialog, click_menu, dialog_shows, english, options_with, press, retype};

const CONFLICT: &str = "The file changed on disk";

fn harness(startup: Startup) -> Harness<'static, StagemapApp> {
    harness_with(startup, None)
}

/// The editor on `startup`, keeping recovery files in `recovery` when given.
fn harness_with(startup: Startup, recovery: Option<&Path>) -> Harness<'static, StagemapApp> {
    harness_on(startup, recovery, Settings::default())
}

/// The editor on `startup` with `settings` (in English, light).
fn harness_on(
    startup: Startup,
    recovery: Option<&Path>,
    settings: Settings,
) -> Harness<'static, StagemapApp> {
    let recovery = recovery.map(|folder| RecoveryFolder::new(folder.to_owned()));
    let options = options_with(english(settings, ThemeChoice::Light));
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            let app = StagemapApp::new(cc, startup, options);
            match recovery {
                Some(folder) => app.with_recovery(folder),
                None => app,
            }
        })
}

/// A map saved in a fresh folder, opened in the editor, edited there, then
/// changed by "another program"; gives the other program's version too.
fn edited_here_and_elsewhere() -> (
    tempfile::TempDir,
    PathBuf,
    Harness<'static, StagemapApp>,
    Document,
) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("shared.stagemap.ron");
    format::save(&Document::new("Shared"), &path).unwrap();
    let mut harness = harness(Startup::File(path.clone()));
    click_menu(&mut harness, &["Edit", "Add stage"]);
    let mut theirs = Document::new("Shared");
    theirs.meta.description = "Edited on another laptop".to_owned();
    format::save(&theirs, &path).unwrap();
    (folder, path, harness, theirs)
}

fn on_disk(path: &Path) -> Document {
    format::load(path).unwrap()
}

#[test]
fn saving_over_a_file_changed_elsewhere_warns_and_cancel_keeps_both() {
    let (_folder, path, mut harness, theirs) = edited_here_and_elsewhere();
    let mine = harness.state().document().clone();

    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(dialog_shows(&harness, CONFLICT));
    assert_eq!(
        on_disk(&path),
        theirs,
        "the other program's changes were overwritten"
    );

    click_dialog(&mut harness, "Cancel");
    assert!(!dialog_shows(&harness, CONFLICT));
    assert_eq!(on_disk(&path), theirs);
    assert_eq!(harness.state().document(), &mine);
    assert!(harness.state().is_dirty());
}

#[test]
fn overwrite_anyway_saves_and_keeps_their_version_as_the_backup() {
    let (_folder, path, mut harness, theirs) = edited_here_and_elsewhere();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    click_dialog(&mut harness, "Overwrite anyway");

    assert_eq!(&on_disk(&path), harness.state().document());
    assert!(!harness.state().is_dirty());
    let backup = std::fs::read_to_string(fsio::backup_path(&path)).unwrap();
    assert_eq!(format::parse(&backup, &path).unwrap(), theirs);

    // Saved here, the file is ours again: the next save does not ask.
    click_menu(&mut harness, &["Edit", "Add stage"]);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!dialog_shows(&harness, CONFLICT));
    assert_eq!(&on_disk(&path), harness.state().document());
}

#[test]
fn reload_asks_before_discarding_the_changes_made_here() {
    let (_folder, path, mut harness, theirs) = edited_here_and_elsewhere();
    let mine = harness.state().document().clone();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    click_dialog(&mut harness, "Reload from disk");
    assert!(dialog_shows(&harness, "Discard your changes?"));
    click_dialog(&mut harness, "Cancel");
    assert_eq!(harness.state().document(), &mine);
    assert!(harness.state().is_dirty());

    press(&mut harness, Modifiers::COMMAND, Key::S);
    click_dialog(&mut harness, "Reload from disk");
    click_dialog(&mut harness, "Discard my changes and reload");
    assert_eq!(harness.state().document(), &theirs);
    assert!(!harness.state().is_dirty());
    assert_eq!(harness.state().path(), Some(path.as_path()));
}

#[test]
fn save_as_from_the_conflict_leaves_their_file_alone() {
    let (folder, path, mut harness, theirs) = edited_here_and_elsewhere();
    let copy = folder.path().join("mine.stagemap.ron");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    click_dialog(&mut harness, "Save as…");
    retype(&mut harness, "File path", &copy.display().to_string());
    click_dialog(&mut harness, "Save");

    assert_eq!(on_disk(&path), theirs);
    assert_eq!(&on_disk(&copy), harness.state().document());
    assert_eq!(harness.state().path(), Some(copy.as_path()));
    assert!(!harness.state().is_dirty());
}

#[test]
fn a_failed_save_offers_save_as_and_then_saves_elsewhere() {
    let folder = tempfile::tempdir().unwrap();
    // A file where a folder should be: the save fails for every user, even an administrator.
    let not_a_folder = folder.path().join("notes.txt");
    std::fs::write(&not_a_folder, "not a folder").unwrap();
    let bad = not_a_folder.join("trip.stagemap.ron");
    let good = folder.path().join("trip.stagemap.ron");

    let mut harness = harness(Startup::Document(Document::new("Trip")));
    click_menu(&mut harness, &["Edit", "Add stage"]);
    click_menu(&mut harness, &["File", "Save as…"]);
    retype(&mut harness, "File path", &bad.display().to_string());
    click_dialog(&mut harness, "Save");
    assert!(dialog_shows(&harness, "Something went wrong"));
    assert!(harness.state().is_dirty());

    click_dialog(&mut harness, "Save as…");
    assert!(!dialog_shows(&harness, "Something went wrong"));
    retype(&mut harness, "File path", &good.display().to_string());
    click_dialog(&mut harness, "Save");
    assert_eq!(&on_disk(&good), harness.state().document());
    assert_eq!(harness.state().path(), Some(good.as_path()));
    assert!(!harness.state().is_dirty());
}

const RESTORE: &str = "Recover unsaved work?";

/// The window loses focus, as when the user switches to another program.
fn lose_focus(harness: &mut Harness<'_, StagemapApp>) {
    harness
        .input_mut()
        .events
        .push(egui::Event::WindowFocused(false));
    harness.run();
}

fn files_in(folder: &Path) -> usize {
    std::fs::read_dir(folder).map_or(0, Iterator::count)
}

/// A map file, opened with recovery on, edited, and the window left
/// without saving (as if killed); gives the map as it was in memory.
fn crash_while_editing(folder: &Path, recovery: &Path) -> (PathBuf, Document) {
    let path = folder.join("workshop.stagemap.ron");
    format::save(&Document::new("Workshop"), &path).unwrap();
    let mut harness = harness_with(Startup::File(path.clone()), Some(recovery));
    click_menu(&mut harness, &["Edit", "Add stage"]);
    click_menu(&mut harness, &["Edit", "Add lane"]);
    assert_eq!(
        files_in(recovery),
        0,
        "written before the interval or a focus loss"
    );
    lose_focus(&mut harness);
    assert_eq!(files_in(recovery), 1);
    assert_eq!(
        format::load(&path).unwrap(),
        Document::new("Workshop"),
        "the autosave wrote over the user's file"
    );
    (path, harness.state().document().clone())
}

#[test]
fn after_a_crash_the_next_start_restores_the_unsaved_map() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let (path, unsaved) = crash_while_editing(folder.path(), &recovery);

    let mut restarted = harness_with(Startup::Sample, Some(&recovery));
    assert!(dialog_shows(&restarted, RESTORE));
    assert!(
        restarted
            .query_by_label_contains(&path.display().to_string())
            .is_some(),
        "the offer does not name the map's file"
    );
    click_dialog(&mut restarted, "Restore");
    assert_eq!(restarted.state().document(), &unsaved);
    assert_eq!(restarted.state().path(), Some(path.as_path()));
    assert!(restarted.state().is_dirty());

    // Saved normally, the map needs its recovery file no more.
    press(&mut restarted, Modifiers::COMMAND, Key::S);
    assert_eq!(&format::load(&path).unwrap(), &unsaved);
    assert_eq!(files_in(&recovery), 0);
    assert!(
        !harness_with(Startup::Sample, Some(&recovery))
            .query_all_by_role(Role::Dialog)
            .any(|dialog| dialog.query_by_label(RESTORE).is_some())
    );
}

#[test]
fn discarding_a_recovered_map_deletes_its_recovery_file() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let (path, _) = crash_while_editing(folder.path(), &recovery);

    let mut restarted = harness_with(Startup::Sample, Some(&recovery));
    click_dialog(&mut restarted, "Discard");
    assert!(!dialog_shows(&restarted, RESTORE));
    assert_ne!(restarted.state().path(), Some(path.as_path()));
    assert_eq!(files_in(&recovery), 0);
}

#[test]
fn unsaved_changes_reach_the_recovery_file_after_the_set_interval() {
    let folder = tempfile::tempdir().unwrap();
    let recovery = folder.path().join("recovery");
    let settings = Settings {
        autosave_seconds: Some(2),
        ..Settings::default()
    };
    let mut harness = harness_on(
        Startup::Document(Document::new("Timed")),
        Some(&recovery),
        settings,
    );
    // Two seconds of frames at the harness's 60 frames a second, and a few more.
    harness.run_steps(150);
    assert_eq!(files_in(&recovery), 0, "nothing unsaved, nothing written");

    click_menu(&mut harness, &["Edit", "Add stage"]);
    harness.run_steps(150);
    let found = RecoveryFolder::new(recovery.clone()).list();
    assert_eq!(found.len(), 1);
    let recovered = found[0].as_ref().unwrap();
    assert_eq!(&recovered.document, harness.state().document());
    assert_eq!(recovered.original, None);

    // Undone back to the saved state, nothing is unsaved: the file goes.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(!harness.state().is_dirty());
    assert_eq!(files_in(&recovery), 0);
}
