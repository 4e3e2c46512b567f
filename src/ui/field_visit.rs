//! One undo step per visit to a text field of a side panel: the step opens
//! when the field takes focus or first changes, each keystroke runs the
//! field's command inside it, leaving the field commits it and Esc takes it back.

use crate::edit::Edit;

use super::inspector::{FieldFocus, field_focus};

/// The visit under way, if any, of the fields of one panel.
#[derive(Debug, Default)]
pub(crate) struct FieldVisit {
    editing: Option<Visit>,
}

/// The field being visited and what has been typed in it.
#[derive(Debug)]
struct Visit {
    /// The field's widget.
    widget: egui::Id,
    /// The text as typed so far (empty for a number).
    text: String,
}

impl FieldVisit {
    /// The visit is of `widget`.
    fn is_on(&self, widget: egui::Id) -> bool {
        self.editing
            .as_ref()
            .is_some_and(|visit| visit.widget == widget)
    }

    /// The text field `widget` shows: what is being typed in it, else `stored()`.
    pub fn text(&self, widget: egui::Id, stored: impl FnOnce() -> String) -> String {
        match &self.editing {
            Some(visit) if visit.widget == widget => visit.text.clone(),
            _ => stored(),
        }
    }

    /// After text field `widget` was drawn showing `text`: when it takes focus
    /// or changes outside a visit, the visit under way is committed and one
    /// named `label` opens. Returns those edits, and whether the text changed
    /// (the caller then adds the field's command).
    pub fn track(
        &mut self,
        response: &egui::Response,
        widget: egui::Id,
        text: &str,
        label: &'static str,
    ) -> (Vec<Edit>, bool) {
        let mut edits = Vec::new();
        let opens = (response.gained_focus() || response.changed()) && !self.is_on(widget);
        if opens {
            edits = self.begin(widget, label);
        }
        let changed = response.changed();
        if (opens || changed)
            && let Some(visit) = &mut self.editing
        {
            text.clone_into(&mut visit.text);
        }
        (edits, changed)
    }

    /// Opens a visit of `widget` named `label` (a number dragged or typed),
    /// unless it is the one under way; the visit before is committed.
    pub fn begin(&mut self, widget: egui::Id, label: &'static str) -> Vec<Edit> {
        if self.is_on(widget) {
            return Vec::new();
        }
        let mut edits = self.finish();
        edits.push(Edit::Begin(label));
        self.editing = Some(Visit {
            widget,
            text: String::new(),
        });
        edits
    }

    /// The visit under way, if any, ends: its step is committed.
    pub fn finish(&mut self) -> Vec<Edit> {
        match self.editing.take() {
            Some(_) => vec![Edit::Commit],
            None => Vec::new(),
        }
    }

    /// Ends the visit when its field lost the focus (committed) or Esc was
    /// pressed in it (taken back); a number being dragged stays visited.
    pub fn finish_if_left(&mut self, ui: &egui::Ui) -> Vec<Edit> {
        let Some(visit) = &self.editing else {
            return Vec::new();
        };
        if ui.ctx().is_being_dragged(visit.widget) {
            return Vec::new();
        }
        match field_focus(ui, visit.widget) {
            FieldFocus::Typing => Vec::new(),
            FieldFocus::Cancelled => {
                self.editing = None;
                vec![Edit::Abort]
            }
            FieldFocus::Left => self.finish(),
        }
    }
}
