//! The inspector: every field of the selected card (or, when no card is selected, of the targeted lane, step and stage and of the map), edited as undoable commands.
//!
//! Typing is one undo step per field visit, not per letter: a transaction
//! opens when a field takes the keyboard and is committed when it lets go
//! (Esc cancels it). Text fields update the map as you type; number fields
//! are read when you leave them, and a value that does not parse is shown
//! as an error and not applied.

use crate::edit::{CardField, Command, Edit, is_hex_colour, ops};
use crate::model::{
    Card, CardId, Document, EmotionScale, Kano, LaneId, LaneKind, MapMeta, Servqual, StepId,
};

use super::command::UiCommand;
use super::i18n::{tr, tr_args};

/// Builds the command for a field from the text typed into it, or says why the text is not a value.
type Parse = Box<dyn Fn(&str) -> Result<Command, String>>;

/// Sticky-note colours offered as one-click swatches.
const SWATCHES: [(&str, &str); 8] = [
    ("#fff3b0", "colour-yellow"),
    ("#ffd6a5", "colour-orange"),
    ("#ffadad", "colour-red"),
    ("#fdc5f5", "colour-pink"),
    ("#cdb4db", "colour-purple"),
    ("#a0c4ff", "colour-blue"),
    ("#9bf6ff", "colour-cyan"),
    ("#caffbf", "colour-green"),
];

/// The field being typed in.
struct FieldEdit {
    /// The text field's widget.
    widget: egui::Id,
    /// The text as typed so far.
    text: String,
    /// Turns the text into a command.
    parse: Parse,
    /// The map follows every keystroke (text) or only the finished value (numbers).
    live: bool,
}

/// The lane and the step the inspector edits when no card is selected: those
/// of the cell last clicked, or the ones just added. Both may be absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellTarget {
    /// The step (and so the stage) to edit.
    pub step: Option<StepId>,
    /// The lane to edit.
    pub lane: Option<LaneId>,
}

/// State of the inspector panel between frames.
#[derive(Default)]
pub struct Inspector {
    editing: Option<FieldEdit>,
    /// The last value that could not be applied: the field's widget and the reason.
    error: Option<(egui::Id, String)>,
    /// "Turn into action" was clicked.
    action_asked: bool,
}

/// What became of a text field that holds an open undo step.
pub(crate) enum FieldFocus {
    /// It still has the keyboard.
    Typing,
    /// It lost the keyboard: the step is finished.
    Left,
    /// Esc took the keyboard from it: the step is cancelled.
    Cancelled,
}

/// Whether the field `widget` is still typed in, was left, or was cancelled with Esc.
pub(crate) fn field_focus(ui: &egui::Ui, widget: egui::Id) -> FieldFocus {
    if ui.memory(|memory| memory.has_focus(widget)) {
        return FieldFocus::Typing;
    }
    // Esc takes the keyboard from the field at the start of the frame it is
    // pressed in; it is used up here so the canvas does not also act on it.
    if ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        FieldFocus::Cancelled
    } else {
        FieldFocus::Left
    }
}

impl std::fmt::Debug for Inspector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inspector")
            .field("editing", &self.editing.as_ref().map(|e| e.widget))
            .field("error", &self.error)
            .finish()
    }
}

impl Inspector {
    /// Ends the field being typed in as if it had been left (e.g. when the
    /// panel is hidden): applies a finished number and commits the transaction.
    pub fn finish_editing(&mut self) -> Vec<Edit> {
        let Some(edit) = self.editing.take() else {
            return Vec::new();
        };
        let mut edits = Vec::new();
        if !edit.live {
            match (edit.parse)(&edit.text) {
                Ok(command) => edits.push(Edit::Execute(command)),
                Err(reason) => self.error = Some((edit.widget, reason)),
            }
        }
        edits.push(Edit::Commit);
        edits
    }

    /// "Turn into action" was clicked since the last call (the app runs it on the selected card).
    pub fn take_action_request(&mut self) -> bool {
        std::mem::take(&mut self.action_asked)
    }

    /// Draws the inspector for `selection` (or, with no card selected, for
    /// `target` and the map) and returns the edits the user made.
    pub fn inspector_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        selection: &[CardId],
        target: CellTarget,
    ) -> Vec<Edit> {
        let mut edits = Vec::new();
        self.finish_if_left(ui, &mut edits);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match selection {
                [] => {
                    if self.structure_ui(ui, doc, target, &mut edits) {
                        ui.separator();
                    }
                    ui.heading(tr("inspector-map"));
                    self.map_ui(ui, doc, &mut edits);
                }
                [id] => match doc.card(*id) {
                    Some(card) => {
                        ui.heading(tr("inspector-card"));
                        let command = UiCommand::TurnIntoAction;
                        if ui
                            .button(command.label())
                            .on_hover_text(command.tooltip())
                            .clicked()
                        {
                            self.action_asked = true;
                        }
                        self.card_ui(ui, doc, card, &mut edits);
                    }
                    None => {
                        ui.label(tr("inspector-nothing"));
                    }
                },
                many => {
                    ui.heading(tr("inspector-card"));
                    ui.label(tr_args(
                        "inspector-many",
                        &[("count", &many.len().to_string())],
                    ));
                }
            });
        edits
    }

    /// Ends the open transaction once its field no longer has the keyboard:
    /// applies a finished number, commits, or (Esc) cancels.
    fn finish_if_left(&mut self, ui: &mut egui::Ui, edits: &mut Vec<Edit>) {
        let Some(edit) = &self.editing else {
            return;
        };
        match field_focus(ui, edit.widget) {
            FieldFocus::Typing => {}
            FieldFocus::Cancelled => {
                self.editing = None;
                edits.push(Edit::Abort);
            }
            FieldFocus::Left => edits.extend(self.finish_editing()),
        }
    }

    /// A labelled text field in the inspector grid.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call per field reads best flat"
    )]
    fn text_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        edits: &mut Vec<Edit>,
        label_key: &str,
        id_salt: impl std::hash::Hash + std::fmt::Debug,
        current: String,
        multiline: bool,
        live: bool,
        hint: Option<String>,
        parse: impl Fn(&str) -> Result<Command, String> + 'static,
    ) {
        let label = ui.label(tr(label_key));
        let widget = ui.make_persistent_id(id_salt);
        let editing_here = self.editing.as_ref().is_some_and(|e| e.widget == widget);
        let mut text = match &self.editing {
            Some(edit) if editing_here => edit.text.clone(),
            _ => current,
        };
        let field = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(3)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let field = field.id(widget).desired_width(f32::INFINITY);
        let field = match hint {
            Some(hint) => field.hint_text(hint),
            None => field,
        };
        let response = ui.add(field).labelled_by(label.id);
        ui.end_row();
        if let Some((_, reason)) = self.error.as_ref().filter(|(id, _)| *id == widget) {
            ui.label("");
            ui.colored_label(ui.visuals().error_fg_color, reason.as_str());
            ui.end_row();
        }
        if (response.gained_focus() || response.changed()) && !editing_here {
            // Moving straight from another field ends that field's step first.
            edits.extend(self.finish_editing());
            edits.push(Edit::Begin(label_for(&parse, &text)));
            self.editing = Some(FieldEdit {
                widget,
                text: text.clone(),
                parse: Box::new(parse),
                live,
            });
            if self.error.as_ref().is_some_and(|(id, _)| *id == widget) {
                self.error = None;
            }
        }
        if response.changed()
            && let Some(edit) = &mut self.editing
        {
            edit.text = text;
            if edit.live
                && let Ok(command) = (edit.parse)(&edit.text)
            {
                edits.push(Edit::Execute(command));
            }
        }
    }

    /// The lane (name, kind), step and stage (names) of `target`; says whether it drew anything.
    fn structure_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        target: CellTarget,
        edits: &mut Vec<Edit>,
    ) -> bool {
        let lane = target.lane.and_then(|id| doc.lane(id));
        let step = target.step.and_then(|id| doc.step(id));
        let stage = target.step.and_then(|id| doc.stage_of_step(id));
        if let Some(lane) = lane {
            let id = lane.id;
            ui.heading(tr("inspector-lane"));
            egui::Grid::new("lane fields")
                .num_columns(2)
                .show(ui, |ui| {
                    self.text_row_ui(
                        ui,
                        edits,
                        "field-lane-name",
                        (id, "lane-name"),
                        lane.name.clone(),
                        false,
                        true,
                        None,
                        move |text| {
                            Ok(Command::RenameLane {
                                id,
                                name: text.to_owned(),
                            })
                        },
                    );
                    lane_kind_ui(ui, id, &lane.kind, edits);
                });
        }
        if let (Some(step), Some(stage)) = (step, stage) {
            let step_id = step.id;
            ui.heading(tr("inspector-step"));
            egui::Grid::new("step fields")
                .num_columns(2)
                .show(ui, |ui| {
                    self.text_row_ui(
                        ui,
                        edits,
                        "field-step-name",
                        (step_id, "step-name"),
                        step.name.clone(),
                        false,
                        true,
                        None,
                        move |text| {
                            Ok(Command::RenameStep {
                                id: step_id,
                                name: text.to_owned(),
                            })
                        },
                    );
                });
            let stage_id = stage.id;
            // A stage's only step named like the stage follows its renames, as on the canvas.
            let step_named_alike = stage.steps.len() == 1 && step.name == stage.name;
            ui.heading(tr("inspector-stage"));
            egui::Grid::new("stage fields")
                .num_columns(2)
                .show(ui, |ui| {
                    self.text_row_ui(
                        ui,
                        edits,
                        "field-stage-name",
                        (stage_id, "stage-name"),
                        stage.name.clone(),
                        false,
                        true,
                        None,
                        move |text| {
                            let rename = Command::RenameStage {
                                id: stage_id,
                                name: text.to_owned(),
                            };
                            if !step_named_alike {
                                return Ok(rename);
                            }
                            Ok(Command::Batch {
                                label: "rename-stage",
                                commands: vec![
                                    rename,
                                    Command::RenameStep {
                                        id: step_id,
                                        name: text.to_owned(),
                                    },
                                ],
                            })
                        },
                    );
                });
        }
        lane.is_some() || step.is_some()
    }

    fn map_ui(&mut self, ui: &mut egui::Ui, doc: &Document, edits: &mut Vec<Edit>) {
        let meta = &doc.meta;
        egui::Grid::new("map fields")
            .num_columns(2)
            .striped(false)
            .show(ui, |ui| {
                type Setter = fn(&mut MapMeta, String);
                let rows: [(&str, &str, &String, bool, Setter); 4] = [
                    ("field-map-title", "title", &meta.title, false, |m, v| {
                        m.title = v;
                    }),
                    (
                        "field-description",
                        "description",
                        &meta.description,
                        true,
                        |m, v| {
                            m.description = v;
                        },
                    ),
                    (
                        "field-scenario",
                        "scenario",
                        &meta.scenario,
                        true,
                        |m, v| {
                            m.scenario = v;
                        },
                    ),
                    (
                        "field-expectations",
                        "expectations",
                        &meta.expectations,
                        true,
                        |m, v| {
                            m.expectations = v;
                        },
                    ),
                ];
                for (label_key, salt, value, multiline, set) in rows {
                    let base = meta.clone();
                    self.text_row_ui(
                        ui,
                        edits,
                        label_key,
                        ("map", salt),
                        value.clone(),
                        multiline,
                        true,
                        None,
                        move |text| {
                            let mut meta = base.clone();
                            set(&mut meta, text.to_owned());
                            Ok(Command::SetMeta(meta))
                        },
                    );
                }
                emotion_scale_ui(ui, doc, edits);
            });
    }

    fn card_ui(&mut self, ui: &mut egui::Ui, doc: &Document, card: &Card, edits: &mut Vec<Edit>) {
        let id = card.id;
        let set = move |field: CardField| Command::SetCardField { id, field };
        egui::Grid::new("card fields")
            .num_columns(2)
            .striped(false)
            .show(ui, |ui| {
                for (key, value, multiline, make) in text_fields(card) {
                    self.text_row_ui(
                        ui,
                        edits,
                        key,
                        (id, key),
                        value,
                        multiline,
                        true,
                        None,
                        move |text| Ok(set(make(text))),
                    );
                }
                let scale = doc.meta.emotion_scale;
                let emotions: [Score; 2] = [
                    ("field-emotion", "emotion", card.emotion, CardField::Emotion),
                    (
                        "field-emotion-to-be",
                        "emotion-to-be",
                        card.emotion_to_be,
                        CardField::EmotionToBe,
                    ),
                ];
                for (key, salt, value, make) in emotions {
                    self.text_row_ui(
                        ui,
                        edits,
                        key,
                        (id, salt),
                        number_text(value),
                        false,
                        false,
                        Some(format!("{} … {}", scale.min, scale.max)),
                        move |text| {
                            let value = parse_number(text)?;
                            if let Some(v) = value
                                && !scale.contains(v)
                            {
                                return Err(tr_args(
                                    "error-emotion-range",
                                    &[
                                        ("min", &scale.min.to_string()),
                                        ("max", &scale.max.to_string()),
                                    ],
                                ));
                            }
                            Ok(set(make(value)))
                        },
                    );
                }
                let minutes: [Minutes; 2] = [
                    ("field-duration", card.duration_minutes, CardField::Duration),
                    ("field-wait", card.wait_minutes, CardField::Wait),
                ];
                for (key, value, make) in minutes {
                    self.text_row_ui(
                        ui,
                        edits,
                        key,
                        (id, key),
                        value.map(|v| v.to_string()).unwrap_or_default(),
                        false,
                        false,
                        Some(tr("hint-minutes").into_owned()),
                        move |text| Ok(set(make(parse_minutes(text)?))),
                    );
                }
                type Measure = (
                    &'static str,
                    Option<f64>,
                    (f64, f64),
                    fn(Option<f64>) -> CardField,
                );
                let measures: [Measure; 3] = [
                    ("field-nps", card.nps, (-100.0, 100.0), CardField::Nps),
                    ("field-csat", card.csat, (0.0, 100.0), CardField::Csat),
                    ("field-ces", card.ces, (0.0, 10.0), CardField::Ces),
                ];
                for (key, value, range, make) in measures {
                    self.text_row_ui(
                        ui,
                        edits,
                        key,
                        (id, key),
                        number_text(value),
                        false,
                        false,
                        Some(format!("{} … {}", range.0, range.1)),
                        move |text| {
                            let value = parse_number(text)?;
                            if let Some(v) = value
                                && !(range.0..=range.1).contains(&v)
                            {
                                return Err(tr_args(
                                    "error-range",
                                    &[("min", &range.0.to_string()), ("max", &range.1.to_string())],
                                ));
                            }
                            Ok(set(make(value)))
                        },
                    );
                }
            });
        ui.separator();
        flags_ui(ui, card, edits);
        ui.separator();
        egui::Grid::new("card categories")
            .num_columns(2)
            .show(ui, |ui| {
                kano_ui(ui, card, edits);
                servqual_ui(ui, card, edits);
                persona_ui(ui, doc, card, edits);
            });
        ui.separator();
        self.colour_ui(ui, card, edits);
    }

    fn colour_ui(&mut self, ui: &mut egui::Ui, card: &Card, edits: &mut Vec<Edit>) {
        let id = card.id;
        ui.label(tr("field-colour"));
        ui.horizontal_wrapped(|ui| {
            for (hex, name_key) in SWATCHES {
                let Ok(colour) = egui::Color32::from_hex(hex) else {
                    continue;
                };
                let selected = card.colour.as_deref() == Some(hex);
                let stroke = if selected {
                    ui.visuals().selection.stroke
                } else {
                    ui.visuals().widgets.noninteractive.bg_stroke
                };
                let swatch = egui::Button::new("")
                    .fill(colour)
                    .stroke(stroke)
                    .min_size(egui::vec2(20.0, 20.0));
                if ui.add(swatch).on_hover_text(tr(name_key)).clicked() && !selected {
                    edits.push(Edit::Execute(Command::SetCardField {
                        id,
                        field: CardField::Colour(Some(hex.to_owned())),
                    }));
                }
            }
            let lane_colour =
                ui.add_enabled(card.colour.is_some(), egui::Button::new(tr("colour-lane")));
            if lane_colour.on_hover_text(tr("colour-lane-tip")).clicked() {
                edits.push(Edit::Execute(Command::SetCardField {
                    id,
                    field: CardField::Colour(None),
                }));
            }
        });
        egui::Grid::new("card colour code")
            .num_columns(2)
            .show(ui, |ui| {
                self.colour_code_ui(ui, card, edits);
            });
    }

    fn colour_code_ui(&mut self, ui: &mut egui::Ui, card: &Card, edits: &mut Vec<Edit>) {
        let id = card.id;
        self.text_row_ui(
            ui,
            edits,
            "field-colour-hex",
            (id, "colour"),
            card.colour.clone().unwrap_or_default(),
            false,
            false,
            Some("#rrggbb".to_owned()),
            move |text| {
                let text = text.trim();
                let colour = if text.is_empty() {
                    None
                } else if is_hex_colour(text) {
                    Some(text.to_lowercase())
                } else {
                    return Err(tr("error-colour").into_owned());
                };
                Ok(Command::SetCardField {
                    id,
                    field: CardField::Colour(colour),
                })
            },
        );
    }
}

/// The pain, fail and moment-of-truth marks, each a checkbox that is one undo step.
fn flags_ui(ui: &mut egui::Ui, card: &Card, edits: &mut Vec<Edit>) {
    let id = card.id;
    ui.label(tr("field-marks"));
    ui.horizontal_wrapped(|ui| {
        let flags: [Flag; 3] = [
            ("field-pain", card.pain, CardField::Pain),
            ("field-fail", card.fail, CardField::Fail),
            ("field-mot", card.moment_of_truth, CardField::MomentOfTruth),
        ];
        for (key, value, make) in flags {
            let mut checked = value;
            if ui.checkbox(&mut checked, tr(key)).changed() {
                edits.push(Edit::Execute(Command::SetCardField {
                    id,
                    field: make(checked),
                }));
            }
        }
    });
}

/// The transaction label of a field: that of the command it builds.
fn label_for(parse: &impl Fn(&str) -> Result<Command, String>, text: &str) -> &'static str {
    parse(text).map_or("edit-card", |command| command.label())
}

/// An emotion row: label key, widget salt, value, and how a value becomes the field.
type Score = (
    &'static str,
    &'static str,
    Option<f64>,
    fn(Option<f64>) -> CardField,
);

/// A minutes field of a card: label key, value, and how a value becomes the field.
type Minutes = (&'static str, Option<u32>, fn(Option<u32>) -> CardField);

/// A mark of a card: label key, whether it is set, and how a value becomes the field.
type Flag = (&'static str, bool, fn(bool) -> CardField);

/// The free-text fields of a card: label key, value, multi-line, and how the text becomes the field.
type TextField = (&'static str, String, bool, fn(&str) -> CardField);

fn text_fields(card: &Card) -> [TextField; 7] {
    [
        ("field-title", card.title.clone(), false, |t| {
            CardField::Title(t.to_owned())
        }),
        ("field-detail", card.detail.clone(), true, |t| {
            CardField::Detail(t.to_owned())
        }),
        ("field-channel", card.channel.clone(), false, |t| {
            CardField::Channel(t.to_owned())
        }),
        ("field-recovery", card.recovery.clone(), true, |t| {
            CardField::Recovery(t.to_owned())
        }),
        ("field-owner", card.owner.clone(), false, |t| {
            CardField::Owner(t.to_owned())
        }),
        ("field-tags", card.tags.join(", "), false, |t| {
            CardField::Tags(parse_tags(t))
        }),
        (
            "field-picture",
            card.picture.clone().unwrap_or_default(),
            false,
            |t| {
                let t = t.trim();
                CardField::Picture((!t.is_empty()).then(|| t.to_owned()))
            },
        ),
    ]
}

/// The name of a lane kind in the current language, e.g. "Front-stage actions" or 前台行为.
fn lane_kind_name(kind: &LaneKind) -> String {
    match kind {
        LaneKind::Unknown(word) => tr_args("lane-kind-unknown", &[("kind", word)]),
        known => tr(&format!("lane-kind-{}", known.as_str())).into_owned(),
    }
}

/// How a scale reads in a menu: "−2 … +2", "1 … 5".
fn scale_name(scale: &EmotionScale) -> String {
    let number = |value: f64| {
        let text = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            value.to_string()
        };
        text.replace('-', "−")
    };
    let plus = if scale.max > 0.0 && scale.min < 0.0 {
        "+"
    } else {
        ""
    };
    format!("{} … {plus}{}", number(scale.min), number(scale.max))
}

/// The map's emotion scale, chosen from the presets; a change rescales every score in one undo step.
fn emotion_scale_ui(ui: &mut egui::Ui, doc: &Document, edits: &mut Vec<Edit>) {
    let current = doc.meta.emotion_scale;
    let label = ui.label(tr("field-emotion-scale"));
    let mut chosen = current;
    let response = egui::ComboBox::from_id_salt("emotion-scale")
        .selected_text(scale_name(&current))
        .show_ui(ui, |ui| {
            if !EmotionScale::PRESETS.contains(&current) {
                ui.selectable_value(&mut chosen, current, scale_name(&current));
            }
            for preset in EmotionScale::PRESETS {
                ui.selectable_value(&mut chosen, preset, scale_name(&preset));
            }
        })
        .response;
    response
        .labelled_by(label.id)
        .on_hover_text(tr("field-emotion-scale-tip"));
    ui.end_row();
    if chosen != current {
        edits.push(Edit::Execute(ops::set_emotion_scale(doc, chosen)));
    }
}

/// The kind of a lane, chosen from the known kinds; each choice is one undo step.
fn lane_kind_ui(ui: &mut egui::Ui, id: LaneId, kind: &LaneKind, edits: &mut Vec<Edit>) {
    let label = ui.label(tr("field-lane-kind"));
    let mut chosen = kind.clone();
    let response = egui::ComboBox::from_id_salt((id, "lane-kind"))
        .selected_text(lane_kind_name(kind))
        .show_ui(ui, |ui| {
            if matches!(kind, LaneKind::Unknown(_)) {
                ui.selectable_value(&mut chosen, kind.clone(), lane_kind_name(kind));
            }
            for known in LaneKind::KNOWN {
                let name = lane_kind_name(&known);
                ui.selectable_value(&mut chosen, known, name);
            }
        })
        .response;
    response
        .labelled_by(label.id)
        .on_hover_text(tr("field-lane-kind-tip"));
    ui.end_row();
    if chosen != *kind {
        edits.push(Edit::Execute(Command::SetLaneKind { id, kind: chosen }));
    }
}

fn kano_ui(ui: &mut egui::Ui, card: &Card, edits: &mut Vec<Edit>) {
    let label = ui.label(tr("field-kano"));
    let name =
        |kano: Option<Kano>| kano.map_or(tr("value-none"), |k| tr(&format!("kano-{}", k.as_str())));
    let mut chosen = card.kano;
    let response = egui::ComboBox::from_id_salt((card.id, "kano"))
        .selected_text(name(chosen))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, name(None));
            for kano in Kano::ALL {
                ui.selectable_value(&mut chosen, Some(kano), name(Some(kano)));
            }
        })
        .response;
    response.labelled_by(label.id);
    ui.end_row();
    if chosen != card.kano {
        edits.push(Edit::Execute(Command::SetCardField {
            id: card.id,
            field: CardField::Kano(chosen),
        }));
    }
}

fn servqual_ui(ui: &mut egui::Ui, card: &Card, edits: &mut Vec<Edit>) {
    let label = ui.label(tr("field-servqual"));
    let name = |dimension: Option<Servqual>| {
        dimension.map_or(tr("value-none"), |d| {
            tr(&format!("servqual-{}", d.as_str()))
        })
    };
    let mut chosen = card.servqual;
    let response = egui::ComboBox::from_id_salt((card.id, "servqual"))
        .selected_text(name(chosen))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, name(None));
            for dimension in Servqual::ALL {
                ui.selectable_value(&mut chosen, Some(dimension), name(Some(dimension)));
            }
        })
        .response;
    response.labelled_by(label.id);
    ui.end_row();
    if chosen != card.servqual {
        edits.push(Edit::Execute(Command::SetCardField {
            id: card.id,
            field: CardField::Servqual(chosen),
        }));
    }
}

fn persona_ui(ui: &mut egui::Ui, doc: &Document, card: &Card, edits: &mut Vec<Edit>) {
    let label = ui.label(tr("field-persona"));
    let name = |persona| {
        doc.persona(persona)
            .map_or_else(|| tr("value-none").into_owned(), |p| p.name.clone())
    };
    let mut chosen = card.persona;
    let selected = chosen.map_or_else(|| tr("value-none").into_owned(), name);
    let response = ui
        .add_enabled_ui(!doc.personas.is_empty(), |ui| {
            egui::ComboBox::from_id_salt((card.id, "persona"))
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, tr("value-none"));
                    for persona in &doc.personas {
                        ui.selectable_value(&mut chosen, Some(persona.id), persona.name.as_str());
                    }
                })
                .response
        })
        .inner;
    response.labelled_by(label.id);
    ui.end_row();
    if chosen != card.persona {
        edits.push(Edit::Execute(Command::SetCardField {
            id: card.id,
            field: CardField::Persona(chosen),
        }));
    }
}

/// `"a, b，c"` → `["a", "b", "c"]`: commas (also full-width) separate tags; blanks are dropped.
fn parse_tags(text: &str) -> Vec<String> {
    text.split([',', '，', '、'])
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

fn number_text(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Full-width digits and signs (as a Chinese input method types them) as ASCII.
fn ascii_digits(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            '－' | '−' => '-',
            '＋' => '+',
            '．' | '。' => '.',
            _ => c,
        })
        .collect()
}

/// An empty field is no value; otherwise the text must be a number.
fn parse_number(text: &str) -> Result<Option<f64>, String> {
    let text = ascii_digits(text);
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(value)),
        _ => Err(tr_args("error-not-a-number", &[("text", &text)])),
    }
}

/// An empty field is no value; otherwise a whole number of minutes.
fn parse_minutes(text: &str) -> Result<Option<u32>, String> {
    let text = ascii_digits(text);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| tr_args("error-not-minutes", &[("text", &text)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_ascii_and_chinese_commas() {
        assert_eq!(parse_tags("vip, 夜间，投诉、 "), ["vip", "夜间", "投诉"]);
        assert!(parse_tags(" , ").is_empty());
    }

    #[test]
    fn numbers_accept_full_width_digits_and_empty() {
        assert_eq!(parse_number("－１．５"), Ok(Some(-1.5)));
        assert_eq!(parse_number("  "), Ok(None));
        assert!(parse_number("abc").is_err());
        assert!(parse_number("inf").is_err());
        assert_eq!(parse_minutes("３０"), Ok(Some(30)));
        assert!(parse_minutes("-5").is_err());
        assert!(parse_minutes("2.5").is_err());
    }
}
