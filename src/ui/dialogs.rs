//! The editor's modal dialogs: unsaved changes (Save / Discard / Cancel), an error to acknowledge, and the choice of template for a new map.

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
