//! What floats above the map: the lane-order warning, the hidden-layers note, the hint on an
//! empty map, and the buttons that add a stage or a lane at the end.

use std::borrow::Cow;

use egui::accesskit::Role;
use egui::{FontId, Rect, Sense, Stroke, StrokeKind, WidgetInfo, pos2, vec2};

use crate::ui::i18n::{tr, tr_args};
use crate::ui::insights::human_minutes;

use super::focus::FlowSummary;
use super::interaction::finish_editing;
use super::screen_layout::ScreenLayout;
use super::text_edit::{EditTarget, Finish, TextEditing};
use super::theme::Palette;
use super::{CanvasState, Focus, layer_name};
use crate::edit::{Edit, ops};
use crate::layout::{self, COLUMN_WIDTH, LANE_HEADER_WIDTH, MIN_LANE_HEIGHT, STAGE_HEADER_HEIGHT};
use crate::model::{Document, LaneKind, Servqual};

/// Size of the add buttons, in screen points.
const ADD_BUTTON: f32 = 28.0;

/// Draws the notes and the add buttons; a click on an add button starts naming the new item.
pub(crate) fn overlay_ui(
    ui: &mut egui::Ui,
    canvas_id: egui::Id,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    flow: &FlowSummary,
    edits: &mut Vec<Edit>,
) {
    if !state.chrome {
        return;
    }
    let palette = Palette::new(ui.visuals().dark_mode);
    add_buttons(ui, frame, doc, state, edits);
    let bar = filter_bar(ui, frame, doc, state, &palette);
    notes(ui, canvas_id, frame, doc, state, flow, bar, &palette);
}

/// Below this canvas width (points) the filter bar takes two rows.
const TWO_ROW_BAR_BELOW: f32 = 720.0;

/// The toggle of the critical path's outline.
fn critical_toggle(ui: &mut egui::Ui, state: &mut CanvasState) {
    let mut critical = state.critical_path;
    ui.toggle_value(&mut critical, tr("canvas-toggle-critical"));
    state.critical_path = critical;
}

/// The bar at the bottom right that switches marker kinds, the critical path
/// and the focus; returns where it was drawn.
fn filter_bar(
    ui: &mut egui::Ui,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    palette: &Palette,
) -> Option<Rect> {
    // A narrow canvas gets the bar in two rows: the marker kinds above, the
    // critical path and the focus below, so nothing runs off its left edge.
    let rows = if frame.canvas.width() < TWO_ROW_BAR_BELOW {
        2.0
    } else {
        1.0
    };
    let height = if rows > 1.0 { 58.0 } else { 30.0 };
    let left = if rows > 1.0 { 0.02 } else { 0.3 };
    let area = Rect::from_min_max(
        pos2(
            frame.canvas.left() + frame.canvas.width() * left,
            frame.canvas.bottom() - height - 8.0,
        ),
        pos2(frame.canvas.right() - 8.0, frame.canvas.bottom() - 8.0),
    );
    if area.width() < 200.0 || area.top() < frame.header_bottom() {
        return None;
    }
    let builder = egui::UiBuilder::new()
        .max_rect(area)
        .layout(egui::Layout::top_down(egui::Align::Max));
    let shown = ui.scope_builder(builder, |ui| {
        egui::Frame::new()
            .fill(palette.header_fill)
            .stroke(Stroke::new(1.0, palette.stage_line))
            .corner_radius(6.0)
            .inner_margin(egui::Margin::symmetric(6, 3))
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing = vec2(4.0, 2.0);
                let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
                let markers_ui = |ui: &mut egui::Ui, state: &mut CanvasState| {
                    let mut markers = state.markers;
                    for (shown, key) in [
                        (&mut markers.opportunity, "canvas-toggle-opportunity"),
                        (&mut markers.moment_of_truth, "canvas-toggle-mot"),
                        (&mut markers.wait, "canvas-toggle-wait"),
                        (&mut markers.fail, "canvas-toggle-fail"),
                        (&mut markers.pain, "canvas-toggle-pain"),
                    ] {
                        ui.toggle_value(shown, tr(key));
                    }
                    state.markers = markers;
                };
                let row = vec2(ui.available_width(), ui.spacing().interact_size.y);
                if rows > 1.0 {
                    ui.allocate_ui_with_layout(row, right_to_left, |ui| markers_ui(ui, state));
                    ui.allocate_ui_with_layout(row, right_to_left, |ui| {
                        focus_menu(ui, doc, state);
                        ui.separator();
                        critical_toggle(ui, state);
                    });
                } else {
                    ui.allocate_ui_with_layout(row, right_to_left, |ui| {
                        focus_menu(ui, doc, state);
                        ui.separator();
                        critical_toggle(ui, state);
                        markers_ui(ui, state);
                    });
                }
            })
            .response
            .rect
    });
    Some(shown.inner)
}

/// The focus choices: everything, pain points, the critical path, each persona,
/// channel, owner and SERVQUAL dimension the map uses.
pub(crate) fn focus_choices(doc: &Document) -> Vec<(Option<Focus>, String)> {
    let mut choices = vec![
        (None, tr("canvas-focus-none").into_owned()),
        (
            Some(Focus::PainPoints),
            tr("canvas-focus-pain").into_owned(),
        ),
        (
            Some(Focus::CriticalPath),
            tr("canvas-focus-critical").into_owned(),
        ),
    ];
    for persona in &doc.personas {
        choices.push((
            Some(Focus::Persona(persona.id)),
            tr_args(
                "canvas-focus-persona",
                &[("name", &persona.name.to_string())],
            ),
        ));
    }
    let distinct = |field: fn(&crate::model::Card) -> &str| {
        let mut words: Vec<String> = doc
            .cards
            .iter()
            .map(|card| field(card).trim().to_owned())
            .filter(|word| !word.is_empty())
            .collect();
        words.sort();
        words.dedup();
        words
    };
    for channel in distinct(|card| &card.channel) {
        let label = tr_args("canvas-focus-channel", &[("name", &channel.to_string())]);
        choices.push((Some(Focus::Channel(channel)), label));
    }
    for owner in distinct(|card| &card.owner) {
        let label = tr_args("canvas-focus-owner", &[("name", &owner.to_string())]);
        choices.push((Some(Focus::Owner(owner)), label));
    }
    for dimension in Servqual::ALL {
        if doc
            .cards
            .iter()
            .any(|card| card.servqual == Some(dimension))
        {
            choices.push((
                Some(Focus::Servqual(dimension)),
                tr_args("canvas-focus-servqual", &[("name", (dimension.as_str()))]),
            ));
        }
    }
    choices
}

fn focus_menu(ui: &mut egui::Ui, doc: &Document, state: &mut CanvasState) {
    let choices = focus_choices(doc);
    let current = choices
        .iter()
        .find(|(focus, _)| focus.as_ref() == state.focus.as_ref())
        .map_or_else(
            || tr("canvas-focus-none").into_owned(),
            |(_, label)| label.clone(),
        );
    // The bar is laid out right to left: the box first, then its label to its left.
    let combo = egui::ComboBox::from_id_salt("canvas-focus")
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (focus, label) in choices {
                let selected = focus.as_ref() == state.focus.as_ref();
                if ui.selectable_label(selected, label).clicked() {
                    state.focus = focus;
                }
            }
        })
        .response;
    let label = ui.label(tr("canvas-focus"));
    combo.labelled_by(label.id);
}

/// The notes at the bottom left: the lane-order warning, hidden lanes, the
/// elapsed time, an empty map. They stack upwards beside the filter `bar`, or
/// above it when the canvas is too narrow for both side by side.
#[expect(clippy::too_many_arguments, reason = "one frame's canvas context")]
fn notes(
    ui: &egui::Ui,
    canvas_id: egui::Id,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &CanvasState,
    flow: &FlowSummary,
    bar: Option<Rect>,
    palette: &Palette,
) {
    let layout = frame.layout;
    let lane_name = |id| doc.lane(id).map_or("", |lane| lane.name.as_str());
    let mut notes = Vec::new();
    // The note whose hover explains how the elapsed time is counted.
    let mut explained = None;
    if let Some(problem) = layout.problems.first() {
        let mut text = tr_args(
            "canvas-warning-lane-order",
            &[
                ("upper", (lane_name(problem.upper))),
                ("lower", (lane_name(problem.lower))),
            ],
        );
        let more = layout.problems.len() - 1;
        if more > 0 {
            text.push(' ');
            text.push_str(&Cow::<str>::Owned(tr_args(
                "canvas-warning-more",
                &[("count", &more.to_string())],
            )));
        }
        notes.push((text, true));
    }
    if layout.hidden_lanes > 0 {
        notes.push((
            tr_args(
                "canvas-hidden-lanes",
                &[
                    ("count", &layout.hidden_lanes.to_string()),
                    ("layers", (layer_name(state.layers)).as_ref()),
                ],
            ),
            false,
        ));
    }
    let path = &flow.flow.critical_path;
    if let (true, Some(first), Some(last)) = (
        flow.flow.elapsed_minutes > 0,
        path.first().and_then(|id| doc.card(*id)),
        path.last().and_then(|id| doc.card(*id)),
    ) {
        let percent = (flow.flow.waiting_share() * 100.0).round();
        explained = Some(notes.len());
        notes.push((
            tr_args(
                "canvas-elapsed",
                &[
                    ("time", &human_minutes(flow.flow.elapsed_minutes)),
                    ("first", first.title.trim()),
                    ("last", last.title.trim()),
                    ("percent", &percent.to_string()),
                ],
            ),
            false,
        ));
    }
    if doc.stages.is_empty() {
        notes.push((tr("canvas-empty").into_owned(), false));
    } else if doc.lanes.is_empty() {
        notes.push((tr("canvas-no-lanes").into_owned(), false));
    }

    let painter = ui.painter_at(frame.canvas);
    let left = frame.canvas.left() + 10.0;
    // Beside the bar when there is room for a readable column, else above it.
    let (mut bottom, right) = match bar {
        Some(bar) if bar.left() - 10.0 - left >= 280.0 => {
            (frame.canvas.bottom() - 10.0, bar.left() - 10.0)
        }
        Some(bar) => (bar.top() - 6.0, frame.canvas.right() - 10.0),
        None => (frame.canvas.bottom() - 10.0, frame.canvas.right() - 10.0),
    };
    let width = (right - left).max(40.0);
    for (index, (text, warning)) in notes.into_iter().enumerate() {
        let (fill, color, border) = if warning {
            (palette.warning_fill, palette.warning_text, palette.warning)
        } else {
            (palette.header_fill, palette.header_text, palette.stage_line)
        };
        let galley = painter.layout(
            text.clone(),
            FontId::proportional(14.0),
            color,
            width - 20.0,
        );
        let rect = Rect::from_min_size(
            pos2(frame.canvas.left() + 10.0, bottom - galley.size().y - 12.0),
            galley.size() + vec2(20.0, 12.0),
        );
        painter.rect(
            rect,
            6.0,
            fill,
            Stroke::new(2.0, border),
            StrokeKind::Inside,
        );
        painter.galley(rect.min + vec2(10.0, 6.0), galley, color);
        let role = if warning { Role::Alert } else { Role::Status };
        let response = ui.interact(rect, canvas_id.with(("note", index)), Sense::hover());
        response.widget_info(|| WidgetInfo::labeled(role, true, &text));
        if explained == Some(index) {
            response.on_hover_text(tr("canvas-elapsed-explained"));
        }
        bottom = rect.top() - 6.0;
    }
}

fn add_buttons(
    ui: &mut egui::Ui,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    let layout = frame.layout;
    let size = vec2(ADD_BUTTON, ADD_BUTTON);
    let gap = 6.0;

    let stage_at = pos2(
        frame
            .view
            .screen_x(frame.canvas, layout.bounds.max.x)
            .max(frame.header_right())
            + gap,
        frame.header_top() + (frame.stage_band() - ADD_BUTTON).max(0.0) / 2.0,
    );
    let stage_button = Rect::from_min_size(stage_at, size);
    if frame.canvas.contains_rect(stage_button) && add_button(ui, stage_button, "canvas-add-stage")
    {
        finish_editing(state, Finish::Commit, edits);
        let name = tr("canvas-new-stage").into_owned();
        let stage = doc.next_stage_id();
        let step = doc.next_step_id();
        edits.push(Edit::Begin("add-stage"));
        edits.push(Edit::Execute(ops::add_stage(doc, doc.stages.len(), &name)));
        let placeholder = layout::Rect::from_min_size(
            layout.bounds.max.x,
            0.0,
            COLUMN_WIDTH,
            STAGE_HEADER_HEIGHT,
        );
        state.editing = Some(
            TextEditing::create(EditTarget::Stage(stage), &name, Some(placeholder))
                .with_step_named_alike(step),
        );
    }

    let lane_at = pos2(
        frame.header_left() + gap,
        frame
            .view
            .screen_y(frame.canvas, layout.bounds.max.y)
            .max(frame.header_bottom())
            + gap,
    );
    let lane_button = Rect::from_min_size(lane_at, size);
    if frame.canvas.contains_rect(lane_button) && add_button(ui, lane_button, "canvas-add-lane") {
        finish_editing(state, Finish::Commit, edits);
        let name = tr("canvas-new-lane").into_owned();
        let lane = doc.next_lane_id();
        edits.push(Edit::Begin("add-lane"));
        edits.push(Edit::Execute(ops::add_lane(
            doc,
            doc.lanes.len(),
            &name,
            LaneKind::Note,
        )));
        let placeholder = layout::Rect::from_min_size(
            0.0,
            layout.bounds.max.y,
            LANE_HEADER_WIDTH,
            MIN_LANE_HEIGHT,
        );
        state.editing = Some(TextEditing::create(
            EditTarget::Lane(lane),
            &name,
            Some(placeholder),
        ));
    }
}

/// A round "+" button named by the translation `key`; returns whether it was clicked.
fn add_button(ui: &mut egui::Ui, rect: Rect, key: &str) -> bool {
    let label = tr(key).into_owned();
    let response = ui
        .put(
            rect,
            egui::Button::new(egui::RichText::new("+").size(18.0)).corner_radius(ADD_BUTTON / 2.0),
        )
        .on_hover_text(&label);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
    response.clicked()
}
