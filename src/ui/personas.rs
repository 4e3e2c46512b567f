//! The persona panel: the people the journey is about, listed, added, edited and deleted as undoable commands.
//!
//! As in the inspector, typing is one undo step per field visit: a
//! transaction opens when a field takes the keyboard and is committed when it
//! lets go (Esc cancels it); the map follows every keystroke.
//!
//! The persona's picture shows as a thumbnail, loaded as card pictures are
//! (off the drawing path, by the canvas's picture cache), with a placeholder
//! and the reason when it cannot be shown.

use std::path::Path;

use crate::edit::{Command, Edit, ops};
use crate::model::{Document, Persona, PersonaId};

use super::canvas::pictures::{PictureCache, Shown};
use super::field_visit::FieldVisit;
use super::i18n::{tr, tr_args};

/// The longest side of a persona's picture in the panel, in points.
const THUMBNAIL_SIDE: f32 = 96.0;

/// What the user names an edit step of this panel in the undo menu.
const EDIT_LABEL: &str = "edit-persona";

/// A text field of a persona: label key, multi-line, how to read it and how to set it.
type Field = (
    &'static str,
    bool,
    fn(&Persona) -> String,
    fn(&mut Persona, String),
);

/// The fields shown for a persona, top to bottom.
const FIELDS: [Field; 6] = [
    ("persona-name", false, |p| p.name.clone(), |p, v| p.name = v),
    ("persona-role", false, |p| p.role.clone(), |p, v| p.role = v),
    (
        "persona-goals",
        true,
        |p| p.goals.clone(),
        |p, v| p.goals = v,
    ),
    (
        "persona-needs",
        true,
        |p| p.needs.clone(),
        |p, v| p.needs = v,
    ),
    (
        "persona-quote",
        true,
        |p| p.quote.clone(),
        |p, v| p.quote = v,
    ),
    (
        "persona-picture",
        false,
        |p| p.picture.clone().unwrap_or_default(),
        |p, v| p.picture = (!v.trim().is_empty()).then_some(v),
    ),
];

/// State of the persona panel between frames.
#[derive(Debug, Default)]
pub struct PersonaPanel {
    /// The persona shown for editing.
    selected: Option<PersonaId>,
    /// The field being typed in.
    editing: FieldVisit,
    /// Persona pictures, decoded off the drawing path.
    pictures: PictureCache,
}

impl PersonaPanel {
    /// The field being typed in, if any, lets go: its transaction is committed.
    pub fn finish_editing(&mut self) -> Vec<Edit> {
        self.editing.finish()
    }

    /// Draws the panel and returns the edits the user made; pictures are
    /// found in `folder`, the map file's folder (none while it has no file).
    pub fn personas_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        folder: Option<&Path>,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        self.finish_if_left(ui, &mut edits);
        if self.selected.is_none_or(|id| doc.persona(id).is_none()) {
            self.selected = doc.personas.first().map(|p| p.id);
        }
        ui.heading(tr("personas-title"));
        if ui.button(tr("persona-add")).clicked() {
            edits.extend(self.finish_editing());
            let command = ops::add_persona(doc, &tr("new-persona-name"));
            if let Command::InsertPersona { persona, .. } = &command {
                self.selected = Some(persona.id);
            }
            edits.push(Edit::Execute(command));
        }
        if doc.personas.is_empty() {
            ui.label(tr("personas-none"));
            return edits;
        }
        ui.separator();
        for persona in &doc.personas {
            let shown = self.selected == Some(persona.id);
            if ui.selectable_label(shown, persona.name.as_str()).clicked() {
                self.selected = Some(persona.id);
            }
        }
        ui.separator();
        let Some(persona) = self.selected.and_then(|id| doc.persona(id)) else {
            return edits;
        };
        self.pictures.set_base_folder(folder.map(Path::to_owned));
        self.pictures
            .update_pictures(ui.ctx(), persona.picture.as_deref().into_iter());
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some(picture) = persona.picture.as_deref() {
                    self.picture_ui(ui, &persona.name, picture);
                }
                egui::Grid::new("persona fields")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for field in FIELDS {
                            self.field_ui(ui, persona, field, &mut edits);
                        }
                    });
                let mut about = doc.meta.personas.contains(&persona.id);
                if ui
                    .checkbox(&mut about, tr("persona-map-is-about"))
                    .on_hover_text(tr("persona-map-is-about-tip"))
                    .changed()
                {
                    edits.extend(self.finish_editing());
                    let command = ops::set_map_persona(doc, persona.id, about);
                    edits.push(Edit::Execute(command));
                }
                if ui.button(tr("persona-delete")).clicked() {
                    edits.extend(self.finish_editing());
                    edits.push(Edit::Execute(ops::delete_persona(doc, persona.id)));
                    self.selected = None;
                }
            });
        edits
    }

    /// The persona's picture as a thumbnail; a placeholder while it loads, or
    /// one with the reason when it cannot be shown.
    fn picture_ui(&self, ui: &mut egui::Ui, name: &str, picture: &str) {
        let placeholder = egui::Vec2::splat(THUMBNAIL_SIDE);
        match self.pictures.shown(picture) {
            Some(Shown::Ready(texture)) => {
                let size = texture.size_vec2();
                let scale = (THUMBNAIL_SIDE / size.x.max(size.y).max(1.0)).min(1.0);
                let image = egui::Image::new((texture.id(), size * scale))
                    .alt_text(tr_args("persona-picture-of", &[("name", name)]));
                ui.add(image).on_hover_text(picture);
            }
            Some(Shown::Failed(reason)) => {
                let reason = tr_args("persona-picture-failed", &[("reason", reason)]);
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(placeholder * 0.5, egui::Sense::hover());
                    let stroke = ui.visuals().widgets.noninteractive.fg_stroke;
                    ui.painter()
                        .rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
                    let inner = rect.shrink(rect.width() * 0.2);
                    ui.painter()
                        .line_segment([inner.left_bottom(), inner.right_top()], stroke);
                    ui.painter()
                        .line_segment([inner.left_top(), inner.right_bottom()], stroke);
                    ui.add(egui::Label::new(egui::RichText::new(reason).small().weak()).wrap());
                });
            }
            Some(Shown::Loading) | None => {
                ui.add_sized(placeholder, egui::Spinner::new())
                    .on_hover_text(tr("persona-picture-loading"));
            }
        }
        ui.add_space(4.0);
    }

    /// Ends the open transaction once its field no longer has the keyboard: commits, or (Esc) cancels.
    fn finish_if_left(&mut self, ui: &egui::Ui, edits: &mut Vec<Edit>) {
        edits.extend(self.editing.finish_if_left(ui));
    }

    /// One labelled text field of the persona.
    fn field_ui(
        &mut self,
        ui: &mut egui::Ui,
        persona: &Persona,
        field: Field,
        edits: &mut Vec<Edit>,
    ) {
        let (label_key, multiline, get, set) = field;
        let label = ui.label(tr(label_key));
        let widget = ui.make_persistent_id(("persona", persona.id, label_key));
        let mut text = self.editing.text(widget, || get(persona));
        let edit = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(2)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let mut edit = edit.id(widget).desired_width(f32::INFINITY);
        if label_key == "persona-picture" {
            edit = edit.hint_text(tr("persona-picture-hint"));
        }
        let response = ui.add(edit).labelled_by(label.id);
        ui.end_row();
        // Moving straight from another field ends that field's step first.
        let (visit, typed) = self.editing.track(&response, widget, &text, EDIT_LABEL);
        edits.extend(visit);
        if typed {
            let mut changed = persona.clone();
            set(&mut changed, text);
            edits.push(Edit::Execute(Command::SetPersona(changed)));
        }
    }
}
