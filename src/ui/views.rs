//! The Views panel: the presentation's views in order (or the default walk-through, greyed, while the map has none), added from the canvas, reordered, renamed, annotated and deleted, each an undo step; and the workshop agenda's timed steps.
//!
//! Typing works as in the inspector: one undo step per field visit, opened when a field takes
//! the keyboard and committed when it lets go (Esc cancels it). Choosing a view shows it on the
//! canvas (its layers and focus, its stages framed); the app does that with the
//! [`ViewsRequest::Show`] the panel returns.

use std::borrow::Cow;

use egui::WidgetInfo;
use egui::accesskit::Role;

use crate::edit::{Command, Edit};
use crate::layout::LayerPreset;
use crate::model::{AgendaStep, Document, Focus, StageSpan, View, ViewId};
use crate::presentation;

use super::canvas::layer_name;
use super::canvas::overlay::focus_choices;
use super::field_visit::FieldVisit;
use super::i18n::{tr, tr_args};

/// Room the minutes and the buttons of an agenda row take right of its name, in points.
const AGENDA_ROW_CONTROLS: f32 = 190.0;

/// The label of the undo step that copies the default walk-through into the map.
pub const START_FROM_WALKTHROUGH: &str = "start-walkthrough";

/// What the canvas shows now, for "Add current view".
#[derive(Clone, Debug, PartialEq)]
pub struct CurrentView {
    /// The stages on screen; `None` when every stage is.
    pub stages: Option<StageSpan>,
    /// The layers shown.
    pub layers: LayerPreset,
    /// What stays bright.
    pub focus: Option<Focus>,
}

/// What the panel asks the app for.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "a few per frame, run and dropped at its end"
)]
pub enum ViewsRequest {
    /// Apply an edit to the document.
    Edit(Edit),
    /// Show this view on the canvas.
    Show(View),
}

/// State of the Views panel between frames.
#[derive(Debug, Default)]
pub struct ViewsPanel {
    /// The view chosen in the list.
    selected: Option<ViewId>,
    /// The field being typed in.
    editing: FieldVisit,
}

impl ViewsPanel {
    /// The field being typed in, if any, lets go: its transaction is committed.
    pub fn finish_editing(&mut self) -> Vec<Edit> {
        self.editing.finish()
    }

    /// The view chosen in the list, if the map still holds it.
    pub fn selected(&self, doc: &Document) -> Option<ViewId> {
        self.selected.filter(|id| doc.view_index(*id).is_some())
    }

    /// Draws the panel; `current` is what the canvas shows now.
    pub fn views_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        current: &CurrentView,
    ) -> Vec<ViewsRequest> {
        let mut out = Vec::new();
        self.finish_if_left(ui, &mut out);
        ui.heading(tr("views-title"));
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.list_ui(ui, doc, current, &mut out);
                if let Some(view) = self
                    .selected(doc)
                    .and_then(|id| doc.presentation.views.iter().find(|v| v.id == id))
                {
                    ui.separator();
                    self.details_ui(ui, doc, view, &mut out);
                }
                ui.separator();
                self.agenda_ui(ui, doc, &mut out);
            });
        out
    }

    /// The list of views, with "Add current view" (and, while the map has none, the default
    /// walk-through greyed with the offer to start from it).
    fn list_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        current: &CurrentView,
        out: &mut Vec<ViewsRequest>,
    ) {
        let own = &doc.presentation.views;
        if ui
            .button(tr("views-add-current"))
            .on_hover_text(tr("views-add-current-tip"))
            .clicked()
        {
            out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
            let index = self
                .selected(doc)
                .and_then(|id| doc.view_index(id))
                .map_or(own.len(), |index| index + 1);
            let view = View {
                id: doc.next_view_id(),
                stages: current.stages,
                layers: current.layers,
                focus: current.focus.clone(),
                ..View::default()
            };
            self.selected = Some(view.id);
            out.push(ViewsRequest::Edit(Edit::Execute(Command::InsertView {
                index,
                view,
            })));
        }
        if own.is_empty() {
            let walkthrough = presentation::walkthrough(doc);
            ui.label(egui::RichText::new(tr("views-default-explained")).weak());
            if ui.button(tr("views-start-from-default")).clicked() {
                out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
                let commands = walkthrough
                    .iter()
                    .enumerate()
                    .map(|(index, view)| Command::InsertView {
                        index,
                        view: view.clone(),
                    })
                    .collect();
                self.selected = walkthrough.first().map(|view| view.id);
                out.push(ViewsRequest::Edit(Edit::Execute(Command::Batch {
                    label: START_FROM_WALKTHROUGH,
                    commands,
                })));
            }
            for (number, view) in (1..).zip(&walkthrough) {
                let text = format!("{number}. {}", view_name(doc, view));
                if ui
                    .selectable_label(false, egui::RichText::new(text).weak())
                    .clicked()
                {
                    out.push(ViewsRequest::Show(view.clone()));
                }
            }
            return;
        }
        let selected = self.selected(doc);
        for (index, view) in own.iter().enumerate() {
            let text = format!("{}. {}", index + 1, view_name(doc, view));
            // A view is dragged onto another's place to move it there.
            let response = ui
                .add(
                    egui::Button::selectable(selected == Some(view.id), text)
                        .sense(egui::Sense::click_and_drag()),
                )
                .on_hover_text(tr("views-drag-tip"));
            if response.drag_started() {
                response.dnd_set_drag_payload(view.id);
            }
            if let Some(dragged) = response.dnd_hover_payload::<ViewId>()
                && *dragged != view.id
            {
                let rect = response.rect;
                let from = doc.view_index(*dragged).unwrap_or(index);
                let y = if from < index {
                    rect.bottom()
                } else {
                    rect.top()
                };
                let stroke = ui.visuals().selection.stroke;
                ui.painter().hline(rect.x_range(), y, stroke);
            }
            if let Some(dragged) = response.dnd_release_payload::<ViewId>()
                && *dragged != view.id
            {
                out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
                out.push(move_view(*dragged, index));
            }
            if response.clicked() {
                out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
                self.selected = Some(view.id);
                out.push(ViewsRequest::Show(view.clone()));
            }
        }
    }

    /// The chosen view's fields and actions.
    fn details_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        view: &View,
        out: &mut Vec<ViewsRequest>,
    ) {
        let Some(index) = doc.view_index(view.id) else {
            return;
        };
        let count = doc.presentation.views.len();
        egui::Grid::new("view fields")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(tr("views-field-title"));
                let hint = generated_name(doc, view);
                self.text_field_ui(ui, view, label.id, false, &hint, out);
                ui.end_row();

                let label = ui.label(tr("views-field-layers"));
                let mut layers = view.layers;
                let combo = egui::ComboBox::from_id_salt(("view layers", view.id))
                    .selected_text(layer_name(layers))
                    .show_ui(ui, |ui| {
                        for preset in LayerPreset::PRESETS {
                            ui.selectable_value(&mut layers, preset, layer_name(preset));
                        }
                    })
                    .response;
                combo.labelled_by(label.id);
                ui.end_row();
                if layers != view.layers {
                    self.set_view(view, |v| v.layers = layers, out);
                }

                let label = ui.label(tr("views-field-focus"));
                let mut choices = focus_choices(doc);
                if let Some(focus) = &view.focus
                    && !choices.iter().any(|(f, _)| f.as_ref() == Some(focus))
                {
                    choices.push((Some(focus.clone()), focus_word(doc, focus)));
                }
                let current = choices
                    .iter()
                    .find(|(focus, _)| *focus == view.focus)
                    .map_or_else(|| tr("canvas-focus-none").into_owned(), |(_, l)| l.clone());
                let mut picked = None;
                let combo = egui::ComboBox::from_id_salt(("view focus", view.id))
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for (focus, label) in choices {
                            let selected = focus == view.focus;
                            if ui.selectable_label(selected, label).clicked() && !selected {
                                picked = Some(focus);
                            }
                        }
                    })
                    .response;
                combo.labelled_by(label.id);
                ui.end_row();
                if let Some(focus) = picked {
                    self.set_view(view, |v| v.focus = focus, out);
                }

                let label = ui.label(tr("views-field-notes"));
                self.text_field_ui(ui, view, label.id, true, "", out);
                ui.end_row();
            });
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(index > 0, egui::Button::new(tr("views-move-up")))
                .clicked()
            {
                out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
                out.push(move_view(view.id, index - 1));
            }
            if ui
                .add_enabled(index + 1 < count, egui::Button::new(tr("views-move-down")))
                .clicked()
            {
                out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
                out.push(move_view(view.id, index + 1));
            }
            if ui.button(tr("views-delete")).clicked() {
                out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
                let views = &doc.presentation.views;
                self.selected = views
                    .get(index + 1)
                    .or_else(|| index.checked_sub(1).and_then(|i| views.get(i)))
                    .map(|v| v.id);
                out.push(ViewsRequest::Edit(Edit::Execute(Command::RemoveView(
                    view.id,
                ))));
            }
        });
    }

    /// Changes one field of `view` as its own undo step, and shows the view as changed.
    fn set_view(
        &mut self,
        view: &View,
        change: impl FnOnce(&mut View),
        out: &mut Vec<ViewsRequest>,
    ) {
        out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
        let mut changed = view.clone();
        change(&mut changed);
        out.push(ViewsRequest::Edit(Edit::Execute(Command::SetView(
            changed.clone(),
        ))));
        out.push(ViewsRequest::Show(changed));
    }

    /// The title (one line) or the notes (several) of the view.
    fn text_field_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &View,
        label: egui::Id,
        notes: bool,
        hint: &str,
        out: &mut Vec<ViewsRequest>,
    ) {
        let widget = ui.make_persistent_id(("view field", view.id, notes));
        let mut text = self.editing.text(widget, || {
            if notes {
                view.notes.clone()
            } else {
                view.title.clone()
            }
        });
        let edit = if notes {
            egui::TextEdit::multiline(&mut text).desired_rows(4)
        } else {
            egui::TextEdit::singleline(&mut text).hint_text(hint)
        };
        let response = ui
            .add(edit.id(widget).desired_width(f32::INFINITY))
            .labelled_by(label);
        let (visit, typed) = self.editing.track(&response, widget, &text, "edit-view");
        out.extend(visit.into_iter().map(ViewsRequest::Edit));
        if typed {
            let mut changed = view.clone();
            if notes {
                changed.notes = text;
            } else {
                changed.title = text;
            }
            out.push(ViewsRequest::Edit(Edit::Execute(Command::SetView(changed))));
        }
    }

    /// The agenda: its timed steps, added, removed, reordered and edited.
    fn agenda_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<ViewsRequest>) {
        let agenda = &doc.presentation.agenda;
        ui.heading(tr("agenda-title"));
        let total: u32 = agenda.iter().map(|step| step.minutes).sum();
        if agenda.is_empty() {
            ui.label(egui::RichText::new(tr("agenda-none")).weak());
        } else {
            ui.label(tr_args(
                "agenda-total",
                &[(
                    "minutes",
                    &crate::scene::words::format_minutes(
                        u64::from(total),
                        crate::ui::i18n::current(),
                    ),
                )],
            ));
        }
        for (index, step) in agenda.iter().enumerate() {
            ui.horizontal(|ui| self.agenda_row_ui(ui, agenda, index, step, out));
        }
        if ui.button(tr("agenda-add")).clicked() {
            out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
            let mut changed = agenda.clone();
            changed.push(AgendaStep {
                name: tr_args(
                    "agenda-new-step",
                    &[("number", &(agenda.len() + 1).to_string())],
                ),
                minutes: 15,
            });
            out.push(set_agenda(changed));
        }
    }

    /// One step of the agenda: its name, minutes, and buttons to move or remove it.
    fn agenda_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        agenda: &[AgendaStep],
        index: usize,
        step: &AgendaStep,
        out: &mut Vec<ViewsRequest>,
    ) {
        let number = (index + 1).to_string();
        let args = [("number", number.as_str())];
        // The name, typed in as one undo step.
        let widget = ui.make_persistent_id(("agenda name", index));
        let mut text = self.editing.text(widget, || step.name.clone());
        let name_label = tr_args("agenda-step-name", &args);
        let response = ui.add(
            egui::TextEdit::singleline(&mut text)
                .id(widget)
                .desired_width((ui.available_width() - AGENDA_ROW_CONTROLS).max(60.0)),
        );
        response.widget_info(|| WidgetInfo {
            label: Some(name_label.clone()),
            ..WidgetInfo::text_edit(true, step.name.clone(), text.clone(), "")
        });
        let (visit, typed) = self.editing.track(&response, widget, &text, "edit-agenda");
        out.extend(visit.into_iter().map(ViewsRequest::Edit));
        if typed {
            let mut changed = agenda.to_vec();
            changed[index].name = text;
            out.push(ViewsRequest::Edit(Edit::Execute(Command::SetAgenda(
                changed,
            ))));
        }
        // The minutes: one undo step per visit to the field or per drag.
        let mut minutes = step.minutes;
        let minutes_label = tr_args("agenda-step-minutes", &args);
        let response = ui.add(
            egui::DragValue::new(&mut minutes)
                .range(1..=600)
                .suffix(tr("agenda-minutes-suffix")),
        );
        response.widget_info(|| WidgetInfo::labeled(Role::SpinButton, true, minutes_label.clone()));
        if minutes != step.minutes {
            let visit = self.editing.begin(response.id, "edit-agenda");
            out.extend(visit.into_iter().map(ViewsRequest::Edit));
            let mut changed = agenda.to_vec();
            changed[index].minutes = minutes;
            out.push(ViewsRequest::Edit(Edit::Execute(Command::SetAgenda(
                changed,
            ))));
        }
        let icon = |ui: &mut egui::Ui, enabled: bool, icon: &str, key: &str| {
            let label = tr_args(key, &args);
            let response = ui
                .add_enabled(enabled, egui::Button::new(icon).small())
                .on_hover_text(&label)
                .on_disabled_hover_text(&label);
            response.widget_info(|| WidgetInfo::labeled(Role::Button, enabled, &label));
            response.clicked()
        };
        let mut changed = None;
        if icon(ui, index > 0, "↑", "agenda-step-up") {
            let mut moved = agenda.to_vec();
            moved.swap(index, index - 1);
            changed = Some(moved);
        }
        if icon(ui, index + 1 < agenda.len(), "↓", "agenda-step-down") {
            let mut moved = agenda.to_vec();
            moved.swap(index, index + 1);
            changed = Some(moved);
        }
        if icon(ui, true, "×", "agenda-step-remove") {
            let mut fewer = agenda.to_vec();
            fewer.remove(index);
            changed = Some(fewer);
        }
        if let Some(changed) = changed {
            out.extend(self.finish_editing().into_iter().map(ViewsRequest::Edit));
            out.push(set_agenda(changed));
        }
    }

    /// Ends the open transaction once its field no longer has the keyboard (nor is dragged):
    /// commits, or (Esc) cancels.
    fn finish_if_left(&mut self, ui: &egui::Ui, out: &mut Vec<ViewsRequest>) {
        out.extend(
            self.editing
                .finish_if_left(ui)
                .into_iter()
                .map(ViewsRequest::Edit),
        );
    }
}

fn move_view(id: ViewId, index: usize) -> ViewsRequest {
    ViewsRequest::Edit(Edit::Execute(Command::MoveView { id, index }))
}

fn set_agenda(agenda: Vec<AgendaStep>) -> ViewsRequest {
    ViewsRequest::Edit(Edit::Execute(Command::SetAgenda(agenda)))
}

/// A view's name: its title, or one made from its stages, layers and focus.
pub fn view_name(doc: &Document, view: &View) -> String {
    let title = view.title.trim();
    if title.is_empty() {
        generated_name(doc, view)
    } else {
        title.to_owned()
    }
}

/// The name a view without a title goes by, in the current language: its stages (one, a
/// range, or the whole map), then the layers shown when not all, then the focus, joined by
/// " · " — «维保 · 后台», "Maintenance · back-stage".
pub fn generated_name(doc: &Document, view: &View) -> String {
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    let stages = view.stage_indices(doc).filter(|_| !view.is_whole_map(doc));
    match stages {
        Some(range) if range.start() == range.end() => {
            parts.push(doc.stages[*range.start()].name.as_str().into());
        }
        Some(range) => parts.push(
            tr_args(
                "views-name-stages",
                &[
                    ("first", &doc.stages[*range.start()].name),
                    ("last", &doc.stages[*range.end()].name),
                ],
            )
            .into(),
        ),
        None => parts.push(tr("views-name-whole-map")),
    }
    let layers = match view.layers {
        LayerPreset::All => None,
        LayerPreset::UpToBackstage => Some("views-name-backstage"),
        LayerPreset::FrontstageOnly => Some("views-name-frontstage"),
        LayerPreset::CustomerOnly => Some("views-name-customer"),
    };
    parts.extend(layers.map(tr));
    if let Some(focus) = &view.focus {
        parts.push(focus_word(doc, focus).into());
    }
    parts.join(" · ")
}

/// A focus in words, as the canvas' focus menu says it.
fn focus_word(doc: &Document, focus: &Focus) -> String {
    match focus {
        Focus::PainPoints => tr("canvas-focus-pain").into_owned(),
        Focus::CriticalPath => tr("canvas-focus-critical").into_owned(),
        Focus::Persona(id) => tr_args(
            "canvas-focus-persona",
            &[("name", doc.persona(*id).map_or("?", |p| p.name.as_str()))],
        ),
        Focus::Channel(name) => tr_args("canvas-focus-channel", &[("name", name)]),
        Focus::Owner(name) => tr_args("canvas-focus-owner", &[("name", name)]),
        Focus::Servqual(dimension) => {
            tr_args("canvas-focus-servqual", &[("name", dimension.as_str())])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lane, LaneId, LaneKind, Stage, StageId};
    use crate::ui::i18n::{Language, set_current};

    fn map() -> Document {
        let mut doc = Document::new("m");
        for (id, name) in [(1, "购买"), (2, "使用"), (3, "维保")] {
            doc.stages.push(Stage {
                id: StageId(id),
                name: name.into(),
                steps: Vec::new(),
            });
        }
        for (id, kind) in [(1, LaneKind::Customer), (2, LaneKind::Backstage)] {
            doc.lanes.push(Lane {
                id: LaneId(id),
                name: kind.to_string(),
                kind,
            });
        }
        doc
    }

    fn view(stages: Option<(u64, u64)>, layers: LayerPreset, focus: Option<Focus>) -> View {
        View {
            stages: stages.map(|(first, last)| StageSpan {
                first: StageId(first),
                last: StageId(last),
            }),
            layers,
            focus,
            ..View::default()
        }
    }

    #[test]
    fn a_view_is_named_after_its_stages_layers_and_focus() {
        let doc = map();
        set_current(Language::SimplifiedChinese);
        let back = view(Some((3, 3)), LayerPreset::UpToBackstage, None);
        assert_eq!(view_name(&doc, &back), "维保 · 后台");
        set_current(Language::English);
        assert_eq!(view_name(&doc, &back), "维保 · back-stage");
        let range = view(Some((1, 2)), LayerPreset::All, Some(Focus::PainPoints));
        assert_eq!(
            view_name(&doc, &range),
            "购买 – 使用 · Pain and fail points"
        );
        let whole = view(None, LayerPreset::CustomerOnly, None);
        assert_eq!(view_name(&doc, &whole), "Whole map · customer");
        // A span over every stage is the whole map.
        assert_eq!(
            view_name(&doc, &view(Some((1, 3)), LayerPreset::All, None)),
            "Whole map"
        );
        set_current(Language::TraditionalChinese);
        assert_eq!(view_name(&doc, &whole), "全圖 · 顧客");
        let titled = View {
            title: "  痛点  ".into(),
            ..back
        };
        assert_eq!(view_name(&doc, &titled), "痛点");
        set_current(Language::English);
    }
}
