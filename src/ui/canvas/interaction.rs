//! The canvas' input state machine: pointer gestures and keys turned into view changes,
//! selection changes and edits.
//!
//! A gesture that changes the document is one undo step: it emits
//! [`Edit::Begin`] when the drag starts, [`Edit::Execute`] at the drop and
//! [`Edit::Commit`] at the end; Esc during the gesture emits [`Edit::Abort`].
//!
//! Pointer: click selects (Shift or Ctrl/Cmd toggles), double-click renames
//! or adds a card in an empty spot, dragging a card moves it (with the rest
//! of the selection), dragging an emotion curve point sets its card's score
//! (snapped to 0.5), dragging a card's round handle draws a connector,
//! dragging a header reorders stages, steps or lanes, dragging empty canvas
//! pans, and Shift-dragging empty canvas selects cards in a box. The middle
//! or right button, or Space held down, pans from anywhere. Scroll pans;
//! Ctrl+scroll and pinch zoom.
//!
//! Keys: clicking an empty spot of a cell selects the cell, and then typing
//! (a letter, or a composition through the input method) adds a card there
//! with what was typed; Enter commits it and selects the cell below, Tab the
//! cell of the next step. With a cell selected, letters are text, so the one
//! letter shortcut (F, fit) waits until nothing or a card is selected; the
//! other shortcuts are not letters (digits, +/−, arrows, Delete, Esc, F2,
//! Ctrl combinations) and work either way.

use egui::{Key, Modifiers, PointerButton, Pos2, Response};

use super::CanvasState;
use super::emotion::{self, GrabbedPoint};
use super::screen_layout::{Hit, ScreenLayout};
use super::text_edit::{Advance, EditTarget, Finish, TextEditing};
use crate::edit::{CardField, Command, Edit, moves, ops};
use crate::layout::{self, CellRef};
use crate::model::{CardId, Direction, Document, LaneId, StepId};

/// What the pointer is doing.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Gesture {
    /// Nothing.
    #[default]
    Idle,
    /// Moving the view; the document point under the pointer stays under it.
    Panning {
        /// Where the pointer was at the last frame.
        last: Pos2,
    },
    /// Moving cards to another cell or place.
    DraggingCards {
        /// The card under the pointer.
        grabbed: CardId,
        /// Every card that moves, the grabbed one included.
        cards: Vec<CardId>,
        /// Where the press started, on the screen.
        origin: Pos2,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// Reordering stages.
    DraggingStage {
        /// Index of the stage.
        index: usize,
        /// Where the press started.
        origin: Pos2,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// Moving a step, possibly into another stage.
    DraggingStep {
        /// Column of the step.
        column: usize,
        /// Where the press started.
        origin: Pos2,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// Reordering lanes.
    DraggingLane {
        /// Shown index of the lane.
        index: usize,
        /// Where the press started.
        origin: Pos2,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// Drawing a connector from a card's handle.
    Connecting {
        /// The card the connector starts at.
        from: CardId,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// Dragging an emotion curve point up or down to set the score of the card behind it.
    DraggingEmotion {
        /// The point grabbed.
        point: GrabbedPoint,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// Selecting the cards in a rectangle.
    BoxSelecting {
        /// Corner where the drag started, in document space.
        origin: layout::Point,
        /// The opposite corner, in document space.
        current: layout::Point,
        /// The selection before the box, which the box adds to.
        base: Vec<CardId>,
    },
}

impl Gesture {
    /// The gesture opened an undo step that must be committed or aborted.
    pub fn began_edit(&self) -> bool {
        matches!(
            self,
            Self::DraggingCards { .. }
                | Self::DraggingStage { .. }
                | Self::DraggingStep { .. }
                | Self::DraggingLane { .. }
                | Self::DraggingEmotion { .. }
                | Self::Connecting { .. }
        )
    }

    fn set_pointer(&mut self, to: Pos2) {
        match self {
            Self::DraggingCards { pointer, .. }
            | Self::DraggingStage { pointer, .. }
            | Self::DraggingStep { pointer, .. }
            | Self::DraggingLane { pointer, .. }
            | Self::DraggingEmotion { pointer, .. }
            | Self::Connecting { pointer, .. } => *pointer = to,
            Self::Idle | Self::Panning { .. } | Self::BoxSelecting { .. } => {}
        }
    }
}

/// Where dragged cards would land: a cell and a position in it.
pub(crate) fn card_drop_target(
    frame: &ScreenLayout<'_>,
    cards: &[CardId],
    pointer: Pos2,
) -> Option<(CellRef, usize)> {
    if !frame.content_clip().contains(pointer) {
        return None;
    }
    let p = frame.doc_from_screen(pointer);
    let cell = frame.layout.cell_at(p)?;
    Some((cell, frame.layout.slot_at(cell, p.y, cards)))
}

/// The card a connector drawn to `pointer` would end at.
pub(crate) fn connect_target(
    frame: &ScreenLayout<'_>,
    from: CardId,
    pointer: Pos2,
) -> Option<CardId> {
    if !frame.content_clip().contains(pointer) {
        return None;
    }
    let card = frame.layout.card_at(frame.doc_from_screen(pointer))?;
    (card.id != from).then_some(card.id)
}

/// Scrolling, zooming, clicks and drags on the canvas.
pub(crate) fn pointer_input(
    ui: &egui::Ui,
    response: &Response,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    if response.contains_pointer() {
        let (scroll, zoom, hover) = ui.input(|i| {
            (
                i.smooth_scroll_delta(),
                i.zoom_delta(),
                i.pointer.hover_pos(),
            )
        });
        if zoom != 1.0 {
            let anchor = hover.unwrap_or(frame.canvas.center());
            state.view.zoom_about(frame.canvas, anchor, zoom);
        }
        if scroll != egui::Vec2::ZERO {
            state.view.pan(scroll);
        }
    }

    // egui drops the drag on Esc, which would look like a drop: cancel first.
    if state.gesture != Gesture::Idle
        && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
    {
        cancel_gesture(state, edits);
        return;
    }

    let pointer = response.interact_pointer_pos();
    if response.drag_started() {
        finish_editing(state, Finish::Commit, edits);
        response.request_focus();
        start_drag(ui, response, frame, state, edits);
    }
    if response.dragged() {
        if let Gesture::Panning { last } = &mut state.gesture {
            if let Some(pointer) = pointer {
                state.view.pan(pointer - *last);
                *last = pointer;
            }
        } else if let Some(pointer) = pointer {
            state.gesture.set_pointer(pointer);
            if let Gesture::BoxSelecting {
                origin,
                current,
                base,
            } = &mut state.gesture
            {
                *current = frame.doc_from_screen(pointer);
                let area = layout::Rect::bounding(&[*origin, *current]).unwrap_or_default();
                let mut selected = base.clone();
                for index in frame.layout.cards_in(area) {
                    let id = frame.layout.cards[index].id;
                    if !selected.contains(&id) {
                        selected.push(id);
                    }
                }
                state.selection.cards = selected;
                state.selection.connector = None;
                state.selection.cell = None;
            }
        }
    }
    if response.drag_stopped() {
        finish_drag(frame, doc, state, edits);
    } else if state.gesture != Gesture::Idle && !response.dragged() {
        // The drag ended without a release reaching the canvas: drop nothing.
        cancel_gesture(state, edits);
    }

    // Space and Enter make egui report a click on the focused canvas, without
    // a pointer position: such clicks select nothing (Space is held to pan).
    if state.pick_only {
        pick(response, frame, state, pointer);
        return;
    }
    if response.double_clicked() {
        finish_editing(state, Finish::Commit, edits);
        response.request_focus();
        if let Some(pos) = pointer {
            double_click(frame, doc, state, pos, edits);
        }
    } else if response.clicked() {
        finish_editing(state, Finish::Commit, edits);
        response.request_focus();
        if let Some(pos) = pointer {
            let modifiers = ui.input(|i| i.modifiers);
            click(frame, state, pos, modifiers);
        }
    }
}

fn start_drag(
    ui: &egui::Ui,
    response: &Response,
    frame: &ScreenLayout<'_>,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    let (origin, modifiers, space) = ui.input(|i| {
        (
            i.pointer.press_origin(),
            i.modifiers,
            i.key_down(Key::Space),
        )
    });
    let Some(origin) = origin else {
        return;
    };
    let primary = response.dragged_by(PointerButton::Primary);
    if !primary || space || state.pick_only {
        state.gesture = Gesture::Panning { last: origin };
        return;
    }
    let pointer = response.interact_pointer_pos().unwrap_or(origin);
    if let Some(point) = emotion::point_at(frame, origin) {
        // Named like every other change to a card's fields.
        edits.push(Edit::Begin("edit-card"));
        state.gesture = Gesture::DraggingEmotion { point, pointer };
        return;
    }
    let hit = frame.hit(origin);
    state.gesture = match hit {
        Hit::Handle(from) => {
            edits.push(Edit::Begin("connect"));
            Gesture::Connecting { from, pointer }
        }
        Hit::Card(grabbed) => {
            if !state.selection.cards.contains(&grabbed) {
                state.selection.cards = vec![grabbed];
            }
            state.selection.connector = None;
            state.selection.cell = None;
            let cards = state.selection.cards.clone();
            edits.push(Edit::Begin(if cards.len() == 1 {
                "move-card"
            } else {
                "move-cards"
            }));
            Gesture::DraggingCards {
                grabbed,
                cards,
                origin,
                pointer,
            }
        }
        Hit::Stage(index) => {
            edits.push(Edit::Begin("move-stage"));
            Gesture::DraggingStage {
                index,
                origin,
                pointer,
            }
        }
        Hit::Step(column) => {
            edits.push(Edit::Begin("move-step"));
            Gesture::DraggingStep {
                column,
                origin,
                pointer,
            }
        }
        Hit::Lane(index) => {
            edits.push(Edit::Begin("move-lane"));
            Gesture::DraggingLane {
                index,
                origin,
                pointer,
            }
        }
        Hit::Connector(_) | Hit::Cell(_) | Hit::Empty if modifiers.shift => {
            let start = frame.doc_from_screen(origin);
            Gesture::BoxSelecting {
                origin: start,
                current: start,
                base: state.selection.cards.clone(),
            }
        }
        Hit::Connector(_) | Hit::Cell(_) | Hit::Empty => Gesture::Panning { last: origin },
    };
}

fn finish_drag(
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    let gesture = std::mem::take(&mut state.gesture);
    if let Some(command) = drop_command(frame, doc, state, &gesture) {
        edits.push(Edit::Execute(command));
    }
    if gesture.began_edit() {
        edits.push(Edit::Commit);
    }
}

/// The command a finished drag performs, if it changes anything.
fn drop_command(
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    gesture: &Gesture,
) -> Option<Command> {
    let layout = frame.layout;
    match gesture {
        Gesture::Idle | Gesture::Panning { .. } | Gesture::BoxSelecting { .. } => None,
        Gesture::DraggingCards {
            grabbed,
            cards,
            pointer,
            ..
        } => {
            let (cell, slot) = card_drop_target(frame, cards, *pointer)?;
            let target = layout.cell_ids(cell)?;
            state.last_cell = Some(target);
            moves::drop_cards(doc, state.layers, *grabbed, cards, target, slot)
        }
        Gesture::DraggingStage { index, pointer, .. } => {
            let stage = layout.stages.get(*index)?;
            let to = layout.stage_drop_index(frame.doc_from_screen(*pointer).x, *index);
            (to != *index).then_some(Command::MoveStage {
                id: stage.id,
                index: to,
            })
        }
        Gesture::DraggingStep {
            column, pointer, ..
        } => step_move(layout, *column, frame.doc_from_screen(*pointer).x),
        Gesture::DraggingLane { index, pointer, .. } => {
            let lane = layout.lanes.get(*index)?;
            let to =
                layout.lane_drop_index(frame.doc_from_screen(*pointer).y, *index, doc.lanes.len());
            (to != lane.doc_index).then_some(Command::MoveLane {
                id: lane.id,
                index: to,
            })
        }
        Gesture::DraggingEmotion { point, pointer } => {
            let score = emotion::score_at(frame, point.lane, pointer.y)?;
            let card = doc.card(point.card)?;
            let (old, field) = if point.to_be {
                (card.emotion_to_be, CardField::EmotionToBe(Some(score)))
            } else {
                (card.emotion, CardField::Emotion(Some(score)))
            };
            (old != Some(score)).then(|| ops::set_card_field(card.id, field))
        }
        Gesture::Connecting { from, pointer } => {
            let to = connect_target(frame, *from, *pointer)?;
            let command = ops::connect(doc, *from, to, Direction::OneWay).ok()?;
            state.selection.clear();
            state.selection.connector = Some(doc.next_connector_id());
            Some(command)
        }
    }
}

/// The command that moves the step in `column` to where `x` points, if it moves.
fn step_move(layout: &layout::Layout, column: usize, x: f32) -> Option<Command> {
    let step = layout.columns.get(column)?;
    let (stage_index, position) = layout.step_drop_target(x, column)?;
    let stage = layout.stages.get(stage_index)?;
    let current = column - layout.stages.get(step.stage)?.first_column;
    (stage_index != step.stage || position != current).then_some(Command::MoveStep {
        id: step.step,
        stage: stage.id,
        index: position,
    })
}

/// Ends the gesture in progress without changing anything (Esc).
pub(crate) fn cancel_gesture(state: &mut CanvasState, edits: &mut Vec<Edit>) {
    let gesture = std::mem::take(&mut state.gesture);
    if gesture.began_edit() {
        edits.push(Edit::Abort);
    }
    if let Gesture::BoxSelecting { base, .. } = gesture {
        state.selection.cards = base;
    }
}

/// Ends in-place editing, if any.
pub(crate) fn finish_editing(state: &mut CanvasState, how: Finish, edits: &mut Vec<Edit>) {
    if let Some(editing) = state.editing.take() {
        editing.finish(how, edits);
    }
}

fn click(frame: &ScreenLayout<'_>, state: &mut CanvasState, pos: Pos2, modifiers: Modifiers) {
    let toggle = modifiers.shift || modifiers.command;
    let layout = frame.layout;
    match frame.hit(pos) {
        Hit::Card(id) | Hit::Handle(id) => {
            let selection = &mut state.selection;
            selection.connector = None;
            selection.cell = None;
            if toggle {
                if let Some(at) = selection.cards.iter().position(|c| *c == id) {
                    selection.cards.remove(at);
                } else {
                    selection.cards.push(id);
                }
            } else {
                selection.cards = vec![id];
                state.clicked_card = Some(id);
            }
            if let Some(card) = layout.card(id) {
                state.last_cell = layout.cell_ids(card.cell);
            }
        }
        Hit::Connector(id) => {
            state.selection.clear();
            state.selection.connector = Some(id);
        }
        Hit::Cell(cell) => {
            if let Some((step, lane)) = layout.cell_ids(cell)
                && !toggle
            {
                state.select_cell(step, lane);
            }
            state.last_cell = layout.cell_ids(cell);
        }
        Hit::Lane(index) => {
            state.selection.clear();
            if let Some(lane) = layout.lanes.get(index) {
                state.selection.lane = Some(lane.id);
                // The lane's commands (delete lane, add card) act on it too.
                let step = state
                    .last_cell
                    .map(|(step, _)| step)
                    .or_else(|| layout.columns.first().map(|column| column.step));
                if let Some(step) = step {
                    state.last_cell = Some((step, lane.id));
                }
            }
        }
        Hit::Stage(_) | Hit::Step(_) | Hit::Empty => {
            if !toggle {
                state.selection.clear();
            }
        }
    }
}

/// While clicks only pick cards: the card a click, a double click (two
/// quick dots) or a right click landed on.
fn pick(
    response: &Response,
    frame: &ScreenLayout<'_>,
    state: &mut CanvasState,
    pointer: Option<Pos2>,
) {
    let card = || match pointer.map(|pos| frame.hit(pos)) {
        Some(Hit::Card(id) | Hit::Handle(id)) => Some(id),
        _ => None,
    };
    if response.clicked() || response.double_clicked() {
        response.request_focus();
        state.clicked_card = card();
    } else if response.secondary_clicked() {
        state.right_clicked_card = card();
    }
}

fn double_click(
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    pos: Pos2,
    edits: &mut Vec<Edit>,
) {
    let layout = frame.layout;
    let editing = match frame.hit(pos) {
        Hit::Card(id) | Hit::Handle(id) => doc
            .card(id)
            .map(|card| TextEditing::rename(EditTarget::Card(id), &card.title)),
        Hit::Stage(index) => layout
            .stages
            .get(index)
            .map(|stage| TextEditing::rename(EditTarget::Stage(stage.id), &stage.name)),
        Hit::Step(column) => layout
            .columns
            .get(column)
            .map(|column| TextEditing::rename(EditTarget::Step(column.step), &column.name)),
        Hit::Lane(index) => layout
            .lanes
            .get(index)
            .map(|lane| TextEditing::rename(EditTarget::Lane(lane.id), &lane.name)),
        Hit::Cell(cell) => {
            let Some((step, lane)) = layout.cell_ids(cell) else {
                return;
            };
            let slot = layout.slot_at(cell, frame.doc_from_screen(pos).y, &[]);
            let (command, id) = ops::add_card(doc, step, lane, slot, "");
            edits.push(Edit::Begin("add-card"));
            edits.push(Edit::Execute(command));
            state.select_cards(&[id]);
            state.last_cell = Some((step, lane));
            Some(TextEditing::create(
                EditTarget::Card(id),
                "",
                layout.slot_rect(cell, slot),
            ))
        }
        Hit::Connector(_) | Hit::Empty => None,
    };
    state.editing = editing;
}

/// Keys the canvas handles itself while it (or nothing) has keyboard focus:
/// Esc, Delete/Backspace, arrows, +/−, F (fit), F2 (rename the selected card),
/// and typing into a selected cell, which adds a card there.
pub(crate) fn keyboard_input(
    ui: &egui::Ui,
    response: &Response,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    edits: &mut Vec<Edit>,
) {
    // Keys belong to a dialog over the canvas (the command palette, the export dialog).
    if state.editing.is_some() || !ui.memory(|m| m.is_above_modal_layer(ui.layer_id())) {
        return;
    }
    let focus = ui.memory(|m| m.focused());
    if focus.is_some_and(|id| id != response.id) {
        return;
    }
    if focus.is_some() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                egui::EventFilter {
                    tab: false,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: true,
                },
            );
        });
    }
    let pressed = |key: Key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));

    if pressed(Key::Escape) {
        if state.gesture == Gesture::Idle {
            state.selection.clear();
        } else {
            cancel_gesture(state, edits);
        }
    }
    if state.gesture != Gesture::Idle {
        return;
    }
    if let Some((step, lane)) = state.selection.cell
        && let Some(typed) = ui.input_mut(|i| take_typing(&mut i.events))
    {
        type_into_cell(frame, doc, state, (step, lane), typed, edits);
        return;
    }
    if (pressed(Key::Delete) || pressed(Key::Backspace))
        && let Some(command) = state.delete_selection(doc)
    {
        edits.push(Edit::Execute(command));
    }
    for (key, dx, dy) in [
        (Key::ArrowLeft, -1, 0),
        (Key::ArrowRight, 1, 0),
        (Key::ArrowUp, 0, -1),
        (Key::ArrowDown, 0, 1),
    ] {
        if !pressed(key) {
            continue;
        }
        if state.selection.cards.is_empty() {
            move_cell_selection(frame.layout, state, dx, dy);
        } else if let Some(command) = state.move_selection(doc, dx, dy) {
            edits.push(Edit::Execute(command));
        }
    }
    if pressed(Key::Plus) || pressed(Key::Equals) {
        state.zoom_in();
    }
    if pressed(Key::Minus) {
        state.zoom_out();
    }
    // With a cell selected, F is a letter to type (see `starts_a_card`).
    if state.selection.cell.is_none() && pressed(Key::F) {
        state.fit_map();
    }
    if pressed(Key::F2)
        && let [id] = state.selection.cards[..]
        && let Some(card) = doc.card(id)
    {
        state.editing = Some(TextEditing::rename(EditTarget::Card(id), &card.title));
    }
}

/// The event starts a card in a selected cell: text that begins with a letter
/// (of any script), or an input-method composition.
fn starts_a_card(event: &egui::Event) -> bool {
    let begins_with_letter = |text: &str| text.chars().next().is_some_and(char::is_alphabetic);
    match event {
        egui::Event::Text(text) | egui::Event::Ime(egui::ImeEvent::Commit(text)) => {
            begins_with_letter(text)
        }
        egui::Event::Ime(egui::ImeEvent::Preedit { text, .. }) => !text.is_empty(),
        _ => false,
    }
}

/// Takes the text, input-method and key events from the first one that starts
/// a card on, if one does: a slow frame can hold the start of a title and the
/// Enter that commits it.
fn take_typing(events: &mut Vec<egui::Event>) -> Option<Vec<egui::Event>> {
    let start = events.iter().position(starts_a_card)?;
    let mut typed = Vec::new();
    let mut index = start;
    while index < events.len() {
        if matches!(
            events[index],
            egui::Event::Text(_) | egui::Event::Ime(_) | egui::Event::Key { .. }
        ) {
            typed.push(events.remove(index));
        } else {
            index += 1;
        }
    }
    Some(typed)
}

/// Adds a card at the end of the cell and opens its title for typing, in one
/// undo step; `typed` (what started it) goes into the title field.
fn type_into_cell(
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    (step, lane): (StepId, LaneId),
    typed: Vec<egui::Event>,
    edits: &mut Vec<Edit>,
) {
    let layout = frame.layout;
    let Some(cell) = layout.cell_of(step, lane) else {
        return;
    };
    let slot = layout.cards_in_cell(cell).len();
    let (command, id) = ops::add_card(doc, step, lane, slot, "");
    edits.push(Edit::Begin("add-card"));
    edits.push(Edit::Execute(command));
    state.editing = Some(TextEditing::type_into_cell(
        id,
        layout.slot_rect(cell, slot),
        typed,
    ));
}

/// Moves the selected cell `dx` columns and `dy` shown lanes, clamped to the map.
fn move_cell_selection(layout: &layout::Layout, state: &mut CanvasState, dx: i32, dy: i32) {
    let Some(cell) = state
        .selection
        .cell
        .and_then(|(step, lane)| layout.cell_of(step, lane))
    else {
        return;
    };
    let shift = |index: usize, by: i32, len: usize| {
        index
            .saturating_add_signed(by as isize)
            .min(len.saturating_sub(1))
    };
    let moved = CellRef {
        column: shift(cell.column, dx, layout.columns.len()),
        lane: shift(cell.lane, dy, layout.lanes.len()),
    };
    if let Some((step, lane)) = layout.cell_ids(moved) {
        state.select_cell(step, lane);
    }
}

/// Selects the cell below, or of the next step, after a card typed into a cell was committed.
pub(crate) fn advance_cell(layout: &layout::Layout, state: &mut CanvasState, advance: Advance) {
    if state.selection.cell.is_none() {
        return;
    }
    match advance {
        Advance::Down => move_cell_selection(layout, state, 0, 1),
        Advance::Next => move_cell_selection(layout, state, 1, 0),
    }
}

/// Outlines the selected cell and tells the input method that text typed now
/// goes there (its candidate window opens at the cell).
pub(crate) fn selected_cell_ui(ui: &egui::Ui, frame: &ScreenLayout<'_>, state: &CanvasState) {
    if state.editing.is_some() {
        return;
    }
    let Some(rect) = state
        .selection
        .cell
        .and_then(|(step, lane)| frame.layout.cell_of(step, lane))
        .and_then(|cell| frame.layout.cell_rect(cell))
    else {
        return;
    };
    let rect = frame.screen_from_doc_rect(rect);
    let stroke = ui.visuals().selection.stroke;
    ui.painter()
        .with_clip_rect(frame.content_clip())
        .rect_stroke(rect.shrink(1.0), 2.0, stroke, egui::StrokeKind::Inside);
    if frame.content_clip().contains(rect.left_top()) {
        let caret = egui::Rect::from_min_size(
            rect.left_top() + egui::vec2(8.0, 8.0),
            egui::vec2(1.0, 16.0),
        );
        crate::ui::ime::set_caret_if_no_field(ui.ctx(), caret);
    }
}
