//! The Actions panel: the workshop's action plan grouped by owner or by status, and the
//! chosen action's what, owner, due date, status and the cards and steps it improves.
//!
//! Every change is one undo step: typing in "what" or "owner" is one step per visit to the
//! field (as in the inspector), a due date is read when its field is left (a date that cannot
//! be read is said and changes nothing), the other changes are a step each. An action is never
//! left without text: emptying "what" is refused with the reason. Clicking a card or step the
//! action improves selects it on the canvas; the app does that with [`ActionsRequest::Show`].

use std::collections::BTreeMap;

use egui::WidgetInfo;
use egui::accesskit::Role;

use crate::edit::decide::Refusal;
use crate::edit::{Command, Edit};
use crate::model::{Action, ActionId, ActionStatus, CardId, Document, StepId, parse_due_date};

use super::field_visit::FieldVisit;
use super::i18n::{self, tr, tr_args};

/// The undo step of an edit of an action (the name `Command::SetAction` gives it).
const EDIT_ACTION: &str = "edit-action";

/// How the list of actions is grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// One group per owner, by name; the actions without one last.
    #[default]
    Owner,
    /// To do, doing, done.
    Status,
}

/// Something on the map an action improves, shown on the canvas when clicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Improved {
    /// A card.
    Card(CardId),
    /// A step.
    Step(StepId),
}

/// What the panel asks the app for.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "a few per frame, run and dropped at its end"
)]
pub enum ActionsRequest {
    /// Apply an edit to the document.
    Edit(Edit),
    /// Select this card or step and show it on the canvas.
    Show(Improved),
}

/// The due date being typed: the field's widget and its text.
#[derive(Debug)]
struct DueDraft {
    widget: egui::Id,
    text: String,
}

/// State of the Actions panel between frames.
#[derive(Debug, Default)]
pub struct ActionsPanel {
    /// The action chosen in the list, whose fields show.
    selected: Option<ActionId>,
    /// How the list is grouped.
    grouping: Grouping,
    /// The text field of "what" or "owner" being typed in.
    editing: FieldVisit,
    /// The due date being typed, read when its field is left.
    due: Option<DueDraft>,
    /// Why the last change was refused, until the next change.
    message: Option<String>,
}

impl ActionsPanel {
    /// The field being typed in, if any, lets go: its step is committed (a due date
    /// still being typed is dropped).
    pub fn finish_editing(&mut self) -> Vec<Edit> {
        self.due = None;
        self.editing.finish()
    }

    /// Chooses `action` for editing.
    pub fn select(&mut self, action: ActionId) {
        self.selected = Some(action);
    }

    /// The action chosen in the list, if the map still holds it.
    fn selected(&self, doc: &Document) -> Option<ActionId> {
        self.selected
            .filter(|id| doc.decisions.action(*id).is_some())
    }

    /// Draws the panel; `selected_card` is the card selected on the canvas (it can be
    /// added to the chosen action).
    pub fn actions_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        selected_card: Option<CardId>,
    ) -> Vec<ActionsRequest> {
        let mut out = Vec::new();
        out.extend(
            self.editing
                .finish_if_left(ui)
                .into_iter()
                .map(ActionsRequest::Edit),
        );
        ui.heading(tr("actions-title"));
        ui.horizontal_wrapped(|ui| {
            ui.label(tr("actions-group-by"));
            for (grouping, key) in [
                (Grouping::Owner, "actions-by-owner"),
                (Grouping::Status, "actions-by-status"),
            ] {
                if ui
                    .add(egui::Button::selectable(self.grouping == grouping, tr(key)))
                    .clicked()
                {
                    self.grouping = grouping;
                }
            }
        });
        if let Some(message) = &self.message {
            ui.colored_label(ui.visuals().error_fg_color, message.as_str());
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.list_ui(ui, doc, &mut out);
                if let Some(action) = self.selected(doc).and_then(|id| doc.decisions.action(id)) {
                    ui.separator();
                    self.details_ui(ui, doc, action, selected_card, &mut out);
                }
            });
        out
    }

    /// The actions, group by group; clicking one chooses it.
    fn list_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<ActionsRequest>) {
        let actions = &doc.decisions.actions;
        if actions.is_empty() {
            ui.label(egui::RichText::new(tr("actions-none")).weak());
            return;
        }
        for (name, group) in groups(actions, self.grouping) {
            ui.add_space(4.0);
            ui.label(egui::RichText::new(format!("{name} · {}", group.len())).strong());
            for action in group {
                let chosen = self.selected == Some(action.id);
                let response = ui.add(egui::Button::selectable(chosen, action.what.as_str()));
                let summary = summary(action);
                if !summary.is_empty() {
                    ui.label(egui::RichText::new(summary).weak().small());
                }
                if response.clicked() && !chosen {
                    out.extend(self.finish_editing().into_iter().map(ActionsRequest::Edit));
                    self.selected = Some(action.id);
                    self.message = None;
                }
            }
        }
    }

    /// The chosen action's fields, what it improves, and its delete button.
    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        action: &Action,
        selected_card: Option<CardId>,
        out: &mut Vec<ActionsRequest>,
    ) {
        egui::Grid::new("action fields")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(tr("actions-field-what"));
                self.text_field_ui(ui, action, label.id, TextField::What, out);
                ui.end_row();

                let label = ui.label(tr("actions-field-owner"));
                self.text_field_ui(ui, action, label.id, TextField::Owner, out);
                ui.end_row();

                let label = ui.label(tr("actions-field-due"));
                self.due_field_ui(ui, action, label.id, out);
                ui.end_row();

                ui.label(tr("actions-field-status"));
                ui.horizontal_wrapped(|ui| {
                    for status in ActionStatus::ALL {
                        let chosen = action.status == status;
                        if ui
                            .add(egui::Button::selectable(chosen, status_name(status)))
                            .clicked()
                            && !chosen
                        {
                            self.set(action, |a| a.status = status, out);
                        }
                    }
                });
                ui.end_row();
            });
        ui.label(egui::RichText::new(tr("actions-improves")).strong());
        self.improves_ui(ui, doc, action, out);
        ui.horizontal_wrapped(|ui| {
            let card = selected_card.and_then(|id| doc.card(id));
            let new_card = card.filter(|card| !action.cards.contains(&card.id));
            if ui
                .add_enabled(
                    new_card.is_some(),
                    egui::Button::new(tr("actions-add-card")),
                )
                .clicked()
                && let Some(card) = new_card
            {
                self.set(action, |a| a.cards.push(card.id), out);
            }
            let new_step = card
                .map(|card| card.step)
                .filter(|step| !action.steps.contains(step));
            if ui
                .add_enabled(
                    new_step.is_some(),
                    egui::Button::new(tr("actions-add-step")),
                )
                .clicked()
                && let Some(step) = new_step
            {
                self.set(action, |a| a.steps.push(step), out);
            }
        });
        ui.separator();
        if ui.button(tr("actions-delete")).clicked() {
            out.extend(self.finish_editing().into_iter().map(ActionsRequest::Edit));
            self.selected = None;
            self.message = None;
            out.push(ActionsRequest::Edit(Edit::Execute(Command::RemoveAction(
                action.id,
            ))));
        }
    }

    /// The cards and steps the action improves: each shows on the canvas when clicked and
    /// can be removed.
    fn improves_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        action: &Action,
        out: &mut Vec<ActionsRequest>,
    ) {
        let cards = action.cards.iter().map(|&id| {
            let name = doc.card(id).map(|card| card.title.as_str());
            (Improved::Card(id), link_name("actions-card", "title", name))
        });
        let steps = action.steps.iter().map(|&id| {
            let name = doc.step(id).map(|step| step.name.as_str());
            (Improved::Step(id), link_name("actions-step", "name", name))
        });
        for (improved, name) in cards.chain(steps).collect::<Vec<_>>() {
            ui.horizontal(|ui| {
                let remove = ui.small_button("×");
                let remove_label = tr_args("actions-remove-link", &[("name", &name)]);
                remove.widget_info(|| WidgetInfo::labeled(Role::Button, true, &remove_label));
                let remove = remove.on_hover_text(remove_label.as_str());
                if ui.link(name.as_str()).clicked() {
                    out.push(ActionsRequest::Show(improved));
                }
                if remove.clicked() {
                    self.set(
                        action,
                        |a| match improved {
                            Improved::Card(id) => a.cards.retain(|card| *card != id),
                            Improved::Step(id) => a.steps.retain(|step| *step != id),
                        },
                        out,
                    );
                }
            });
        }
    }

    /// Changes the action as its own undo step (the field being typed in lets go first).
    fn set(
        &mut self,
        action: &Action,
        change: impl FnOnce(&mut Action),
        out: &mut Vec<ActionsRequest>,
    ) {
        out.extend(self.finish_editing().into_iter().map(ActionsRequest::Edit));
        let mut changed = action.clone();
        change(&mut changed);
        self.message = None;
        out.push(ActionsRequest::Edit(Edit::Execute(Command::SetAction(
            changed,
        ))));
    }

    /// "What" or "owner", typed in as one undo step per visit; "what" is never emptied.
    fn text_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        action: &Action,
        label: egui::Id,
        field: TextField,
        out: &mut Vec<ActionsRequest>,
    ) {
        let widget = ui.make_persistent_id(("action field", action.id, field));
        let mut text = self.editing.text(widget, || match field {
            TextField::What => action.what.clone(),
            TextField::Owner => action.owner.clone(),
        });
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(widget)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        let (visit, typed) = self.editing.track(&response, widget, &text, EDIT_ACTION);
        out.extend(visit.into_iter().map(ActionsRequest::Edit));
        if !typed {
            return;
        }
        let mut changed = action.clone();
        match field {
            TextField::What if text.trim().is_empty() => {
                self.message = Some(i18n::refusal(&Refusal::EmptyAction));
                return;
            }
            TextField::What => changed.what = text,
            TextField::Owner => changed.owner = text,
        }
        self.message = None;
        out.push(ActionsRequest::Edit(Edit::Execute(Command::SetAction(
            changed,
        ))));
    }

    /// The due date: typed freely, read when the field is left (Enter, Tab or a click
    /// elsewhere); Esc takes the typing back. Empty clears the date; a text that is no date
    /// is said and changes nothing.
    fn due_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        action: &Action,
        label: egui::Id,
        out: &mut Vec<ActionsRequest>,
    ) {
        let widget = ui.make_persistent_id(("action due", action.id));
        let mut text = match &self.due {
            Some(draft) if draft.widget == widget => draft.text.clone(),
            _ => action.due.map(|due| due.to_string()).unwrap_or_default(),
        };
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(widget)
                    .hint_text(tr("actions-due-hint"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        if response.gained_focus() || response.changed() {
            out.extend(self.editing.finish().into_iter().map(ActionsRequest::Edit));
            self.due = Some(DueDraft { widget, text });
        }
        if !response.lost_focus() {
            return;
        }
        let Some(draft) = self.due.take().filter(|draft| draft.widget == widget) else {
            return;
        };
        if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
            return;
        }
        let due = match draft.text.trim() {
            "" => None,
            typed => match parse_due_date(typed) {
                Ok(date) => Some(date),
                Err(_) => {
                    self.message = Some(tr_args("actions-bad-date", &[("text", typed)]));
                    return;
                }
            },
        };
        if due != action.due {
            self.set(action, |a| a.due = due, out);
        } else {
            self.message = None;
        }
    }
}

/// The text fields of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum TextField {
    What,
    Owner,
}

/// The actions in groups, each with its heading: by owner (by name, those without one
/// last) or by status (to do, doing, done); empty groups are left out.
pub fn groups(actions: &[Action], grouping: Grouping) -> Vec<(String, Vec<&Action>)> {
    match grouping {
        Grouping::Owner => {
            let mut owners: BTreeMap<&str, Vec<&Action>> = BTreeMap::new();
            let mut nobody = Vec::new();
            for action in actions {
                match action.owner.trim() {
                    "" => nobody.push(action),
                    owner => owners.entry(owner).or_default().push(action),
                }
            }
            let mut groups: Vec<(String, Vec<&Action>)> = owners
                .into_iter()
                .map(|(owner, group)| (owner.to_owned(), group))
                .collect();
            if !nobody.is_empty() {
                groups.push((tr("actions-no-owner").into_owned(), nobody));
            }
            groups
        }
        Grouping::Status => ActionStatus::ALL
            .into_iter()
            .map(|status| {
                let group: Vec<&Action> = actions.iter().filter(|a| a.status == status).collect();
                (status_name(status), group)
            })
            .filter(|(_, group)| !group.is_empty())
            .collect(),
    }
}

/// A status in the UI's language.
pub fn status_name(status: ActionStatus) -> String {
    tr(&format!("actions-status-{}", status.key())).into_owned()
}

/// How far an action is, in a line: owner, due date, status (under it in the list, and
/// beside it when its card's marker is hovered).
pub fn summary(action: &Action) -> String {
    let owner = action.owner.trim();
    let due = action.due.map(|due| due.to_string());
    [
        Some(owner.to_owned()),
        due,
        Some(status_name(action.status)),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" · ")
}

/// How a card or step an action improves is named: `key` with its name, or "(deleted)".
fn link_name(key: &str, arg: &str, name: Option<&str>) -> String {
    let gone = tr("actions-gone");
    tr_args(key, &[(arg, name.unwrap_or(&gone))])
}
