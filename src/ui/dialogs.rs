//! The editor's modal dialogs: unsaved changes (Save / Discard / Cancel), an error to acknowledge, a failed save, a file changed on disk, unsaved work to recover, and the choice of template for a new map.

use crate::samples::{TEMPLATES, Template};

use super::i18n::{tr, tr_args};

/// What the user answered to "save the changes first?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save, then go on.
    Save,
    /// Go on and lose the changes.
    Discard,
    /// Stay with the map as it is.
    Cancel,
}

/// Asks whether to save the changes to `name` before going on; returns the answer once given.
pub fn unsaved_changes_ui(ctx: &egui::Context, name: &str) -> Option<UnsavedAnswer> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(tr("unsaved-title"));
        ui.label(tr_args("unsaved-body", &[("name", name)]));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr("button-save")).clicked() {
                answer = Some(UnsavedAnswer::Save);
            }
            if ui.button(tr("button-discard")).clicked() {
                answer = Some(UnsavedAnswer::Discard);
            }
            if ui.button(tr("button-cancel")).clicked() {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(UnsavedAnswer::Cancel);
    }
    answer
}

/// Shows an error until the user acknowledges it; returns `true` then.
pub fn error_ui(ctx: &egui::Context, message: &str) -> bool {
    let mut acknowledged = false;
    let modal = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(tr("error-title"));
        ui.add(egui::Label::new(message).selectable(true));
        ui.add_space(8.0);
        acknowledged = ui.button(tr("button-ok")).clicked();
    });
    acknowledged || modal.should_close()
}

/// A dialog with a title, a message and a row of buttons; returns the
/// answer of the button clicked, or `dismissed` when the dialog is closed
/// (Escape, a click outside).
fn choice_ui<T: Copy>(
    ctx: &egui::Context,
    id: &str,
    title: &str,
    message: &str,
    buttons: &[(&str, T)],
    dismissed: T,
) -> Option<T> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(title);
        ui.add(egui::Label::new(message).selectable(true));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for &(label, value) in buttons {
                if ui.button(label).clicked() {
                    answer = Some(value);
                }
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(dismissed);
    }
    answer
}

/// What the user answered to a failed save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveFailedAnswer {
    /// Choose another file to save to.
    SaveAs,
    /// Close the message; the map stays open with its changes.
    Close,
}

/// Says why the save failed and offers to save elsewhere.
pub fn save_failed_ui(ctx: &egui::Context, message: &str) -> Option<SaveFailedAnswer> {
    choice_ui(
        ctx,
        "save failed",
        &tr("error-title"),
        message,
        &[
            (&tr("button-save-as"), SaveFailedAnswer::SaveAs),
            (&tr("button-ok"), SaveFailedAnswer::Close),
        ],
        SaveFailedAnswer::Close,
    )
}

/// What the user answered when the file changed on disk since it was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictAnswer {
    /// Read the file again, discarding the changes made here (after confirmation).
    Reload,
    /// Save the map to another file.
    SaveAs,
    /// Save over the other program's changes.
    Overwrite,
    /// Do not save.
    Cancel,
}

/// Warns that `path` changed on disk and asks what to do instead of overwriting it.
pub fn conflict_ui(ctx: &egui::Context, path: &str) -> Option<ConflictAnswer> {
    choice_ui(
        ctx,
        "file changed on disk",
        &tr("conflict-title"),
        &tr_args("conflict-body", &[("path", path)]),
        &[
            (&tr("button-reload"), ConflictAnswer::Reload),
            (&tr("button-save-as"), ConflictAnswer::SaveAs),
            (&tr("button-overwrite"), ConflictAnswer::Overwrite),
            (&tr("button-cancel"), ConflictAnswer::Cancel),
        ],
        ConflictAnswer::Cancel,
    )
}

/// Asks to confirm that reloading `path` discards the changes made here;
/// returns `true` to reload, `false` to keep the changes.
pub fn confirm_reload_ui(ctx: &egui::Context, path: &str) -> Option<bool> {
    choice_ui(
        ctx,
        "confirm reload",
        &tr("reload-title"),
        &tr_args("reload-body", &[("path", path)]),
        &[
            (&tr("button-discard-reload"), true),
            (&tr("button-cancel"), false),
        ],
        false,
    )
}

/// A map found in a recovery file, as the restore dialog lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreEntry {
    /// The map's title.
    pub name: String,
    /// The file the map belongs to, or words saying it has none.
    pub file: String,
    /// When its changes were kept: local time and how long ago.
    pub kept: String,
    /// How many cards it holds.
    pub cards: usize,
}

/// What the user answered to the offer of the maps found in recovery files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreAnswer {
    /// Open the map of this entry.
    Restore(usize),
    /// Delete the recovery file of this entry.
    Discard(usize),
    /// Keep the recovery files and ask again at the next start.
    Later,
}

/// Lists the maps whose unsaved changes were found in recovery files, each
/// with Restore and Discard. Restore opens the map in this window when
/// `here`, else in a new window.
pub fn restore_ui(
    ctx: &egui::Context,
    entries: &[RestoreEntry],
    here: bool,
) -> Option<RestoreAnswer> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("restore")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(tr("restore-title"));
        ui.label(tr("restore-intro"));
        ui.add_space(8.0);
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                for (index, entry) in entries.iter().enumerate() {
                    ui.group(|ui| {
                        ui.set_width(ui.available_width());
                        ui.add(
                            egui::Label::new(tr_args(
                                "restore-entry",
                                &[("name", &entry.name), ("file", &entry.file)],
                            ))
                            .selectable(true),
                        );
                        ui.label(tr_args(
                            "restore-entry-details",
                            &[("kept", &entry.kept), ("cards", &entry.cards.to_string())],
                        ));
                        ui.horizontal(|ui| {
                            let restore = if here {
                                tr("button-restore")
                            } else {
                                tr("button-restore-new-window")
                            };
                            if ui.button(restore).clicked() {
                                answer = Some(RestoreAnswer::Restore(index));
                            }
                            if ui.button(tr("button-discard")).clicked() {
                                answer = Some(RestoreAnswer::Discard(index));
                            }
                        });
                    });
                }
            });
        ui.add_space(8.0);
        ui.label(tr("restore-later-note"));
        if ui.button(tr("button-later")).clicked() {
            answer = Some(RestoreAnswer::Later);
        }
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(RestoreAnswer::Later);
    }
    answer
}

/// What the template chooser answered.
#[derive(Clone, Copy, Debug)]
pub enum NewMapAnswer {
    /// Start from an empty map.
    Blank,
    /// Start from a shipped map.
    Template(&'static Template),
    /// Do not start a new map.
    Cancel,
}

/// The name of a shipped map in the current language.
pub fn template_name(template: &Template) -> String {
    tr(&format!("template-{}", template.key)).into_owned()
}

/// Lets the user pick what a new map starts from; returns the choice once made.
pub fn new_map_ui(ctx: &egui::Context) -> Option<NewMapAnswer> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("new map")).show(ctx, |ui| {
        ui.set_min_width(320.0);
        ui.heading(tr("new-map-title"));
        ui.label(tr("new-map-body"));
        ui.add_space(4.0);
        if ui.button(tr("template-blank")).clicked() {
            answer = Some(NewMapAnswer::Blank);
        }
        for template in TEMPLATES {
            if ui.button(template_name(template)).clicked() {
                answer = Some(NewMapAnswer::Template(template));
            }
        }
        ui.add_space(8.0);
        if ui.button(tr("button-cancel")).clicked() {
            answer = Some(NewMapAnswer::Cancel);
        }
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(NewMapAnswer::Cancel);
    }
    answer
}
