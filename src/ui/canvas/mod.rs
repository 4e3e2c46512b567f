//! The map canvas: stages, lanes, cards and connectors, drawn and edited by direct manipulation.
//!
//! [`canvas_ui`] reads the document, draws the cached [`Layout`] under the
//! current pan and zoom, and returns the [`Edit`]s the user's gestures ask
//! for; the caller applies them to its [`crate::edit::Session`] after the
//! frame. Everything else the canvas remembers (view, selection, shown
//! layers, the gesture in progress) lives in [`CanvasState`] and is never
//! saved in the map file.
//!
//! Emotion lanes draw a smooth curve per persona (and the map's own, and a
//! dashed to-be curve) through the mean score of each column, with the
//! scale's words and a legend; dragging a point up or down sets the score of
//! the card behind it (see `emotion`). The critical path of the flow is
//! outlined, rework loops are dashed, and the elapsed time along the flow is
//! shown. A bar at the bottom right switches kinds of marker, the critical
//! path, and the focus ([`Focus`]: everything else is dimmed); all of that is
//! view state, set also through [`CanvasState::set_markers`],
//! [`CanvasState::set_show_critical_path`] and [`CanvasState::set_focus`].
//!
//! Input (see `interaction` for details): click selects, Shift/Ctrl-click
//! adds to the selection, Shift-drag on empty canvas selects in a box, drag
//! moves cards or reorders headers, the round handle on a card's right edge
//! draws a connector, double-click renames or adds a card, drag on empty
//! canvas (or middle/right drag, or Space+drag) pans, scroll pans,
//! Ctrl+scroll and pinch zoom. Keys while the canvas has focus: arrows move
//! the selected cards, Delete removes them (or the selected connector), Esc
//! cancels the gesture or clears the selection, +/− zoom, F fits the map,
//! F2 renames the selected card. Clicking an empty spot selects its cell;
//! typing then adds a card there (see `interaction`), and the arrows move the
//! selected cell.

mod access;
mod actions;
pub(crate) mod display;
mod emotion;
mod focus;
mod interaction;
pub(crate) mod overlay;
mod paint;
pub(crate) mod pictures;
mod screen_layout;
mod text_edit;
pub(crate) mod theme;
mod view;

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::accesskit::Role;
use egui::{Sense, WidgetInfo};

use crate::edit::{Command, Edit, moves, ops};
pub use crate::layout::LayerPreset;
use crate::layout::{Layout, LayoutOptions};
use crate::model::{CardId, ConnectorId, Document, LaneId, LaneKind, StepId};
use crate::ui::i18n::{tr, tr_args};
use focus::FlowSummary;
pub use focus::{Focus, MarkerKinds};
use interaction::Gesture;
use screen_layout::{Hit, ScreenLayout};
use text_edit::TextEditing;
use view::{CameraMove, View, ViewRequest, ZOOM_STEP};

/// What is selected: cards, one connector, or one cell.
#[derive(Clone, Debug, Default, PartialEq)]
struct Selection {
    /// Selected cards, in the order they were selected.
    cards: Vec<CardId>,
    /// The selected connector; never together with cards.
    connector: Option<ConnectorId>,
    /// The selected cell (an empty spot of it was clicked): typing there adds
    /// a card. Never together with cards, a connector or a lane.
    cell: Option<(StepId, LaneId)>,
    /// The lane whose header was clicked; counts only while no card or connector is selected.
    lane: Option<LaneId>,
}

impl Selection {
    fn clear(&mut self) {
        self.cards.clear();
        self.connector = None;
        self.cell = None;
        self.lane = None;
    }

    /// The selected lane, unless cards or a connector were selected since.
    fn lane(&self) -> Option<LaneId> {
        self.lane
            .filter(|_| self.cards.is_empty() && self.connector.is_none())
    }
}

/// The layout of one document state under one set of view options.
#[derive(Debug)]
struct CachedLayout {
    /// History revision, view options, and the sizes of the document as a
    /// guard against a revision number reused by another document.
    key: (u64, LayoutOptions, [usize; 4]),
    layout: Arc<Layout>,
}

/// What a cached flow analysis is of: the history revision and the document's sizes.
type FlowKey = (u64, [usize; 4]);

/// View state of the canvas: pan and zoom, selection, hidden layers, marker kinds and focus,
/// the gesture in progress.
/// Never saved in the map file.
///
/// Keep one per open document: the layout cache is keyed by the document's
/// history revision.
#[derive(Debug)]
pub struct CanvasState {
    view: View,
    layers: LayerPreset,
    selection: Selection,
    /// Where a paste goes when no card is selected: the cell last clicked.
    last_cell: Option<(StepId, LaneId)>,
    gesture: Gesture,
    editing: Option<TextEditing>,
    /// A view change to carry out at the next frame (the canvas size is known then).
    pending: Option<ViewRequest>,
    cache: Option<CachedLayout>,
    /// Which kinds of marker show.
    markers: MarkerKinds,
    /// What stays bright; `None` dims nothing.
    focus: Option<Focus>,
    /// The critical path is highlighted.
    critical_path: bool,
    /// The flow analysis of the document state last drawn, keyed like the layout.
    flow: Option<(FlowKey, Arc<FlowSummary>)>,
    /// Card pictures, decoded once per file.
    pictures: pictures::PictureCache,
    /// The map's display list, as every export draws it, for the document state last drawn.
    scene: display::CanvasScene,
    /// Where the canvas was on the screen in the last frame drawn.
    last_canvas: Option<egui::Rect>,
    /// The glide of the view under way, if any.
    camera: Option<CameraMove>,
    /// The editor's own things float over the map (add buttons, filter bar,
    /// notes); off while presenting.
    chrome: bool,
    /// Cards of other steps than these are dimmed; `None` dims none.
    bright_steps: Option<HashSet<StepId>>,
    /// The card a plain click landed on this frame.
    clicked_card: Option<CardId>,
    /// "Turn into action" was chosen in a card's context menu.
    action_asked: bool,
    /// The card a right click landed on this frame.
    right_clicked_card: Option<CardId>,
    /// Cards other than these are dimmed; `None` dims none.
    bright_cards: Option<HashSet<CardId>>,
    /// Clicks only pick cards (a vote): no editing in place, no dragging cards.
    pick_only: bool,
    /// The revealed round whose votes the map shows.
    votes: Option<crate::model::RoundId>,
}

/// What the editor shows on the canvas (view, layers, focus, markers,
/// selection), kept to be given back exactly, e.g. after a presentation.
#[derive(Clone, Debug)]
pub struct CanvasSnapshot {
    view: View,
    layers: LayerPreset,
    focus: Option<Focus>,
    markers: MarkerKinds,
    critical_path: bool,
    selection: Selection,
    last_cell: Option<(StepId, LaneId)>,
}

impl Default for CanvasState {
    fn default() -> Self {
        Self {
            view: View::default(),
            layers: LayerPreset::default(),
            selection: Selection::default(),
            last_cell: None,
            gesture: Gesture::default(),
            editing: None,
            // A map opens fitted to the window.
            pending: Some(ViewRequest::Fit),
            cache: None,
            markers: MarkerKinds::default(),
            focus: None,
            critical_path: true,
            flow: None,
            pictures: pictures::PictureCache::default(),
            scene: display::CanvasScene::default(),
            last_canvas: None,
            camera: None,
            chrome: true,
            bright_steps: None,
            clicked_card: None,
            action_asked: false,
            right_clicked_card: None,
            bright_cards: None,
            pick_only: false,
            votes: None,
        }
    }
}

impl CanvasState {
    /// Tells the canvas the folder of the map file, where card pictures are looked up
    /// (`None` while the map has no file: pictures then show a placeholder). Call it when a
    /// map is opened or saved under a new name.
    pub fn set_base_folder(&mut self, folder: Option<PathBuf>) {
        self.pictures.set_base_folder(folder);
    }

    /// Zooms and pans so that the whole map fits the canvas (never beyond 150 %).
    pub fn fit_map(&mut self) {
        self.pending = Some(ViewRequest::Fit);
    }

    /// Zooms to 100 %: one document unit per screen point, about the middle of the map in view.
    pub fn zoom_to_100(&mut self) {
        self.pending = Some(ViewRequest::Actual);
    }

    /// Zooms in one step (×1.25) about the canvas centre.
    pub fn zoom_in(&mut self) {
        self.pending = Some(ViewRequest::ZoomBy(ZOOM_STEP));
    }

    /// Zooms out one step (÷1.25) about the canvas centre.
    pub fn zoom_out(&mut self) {
        self.pending = Some(ViewRequest::ZoomBy(1.0 / ZOOM_STEP));
    }

    /// Sets the zoom factor (1.0 = 100 %) about the canvas centre, within the zoom limits.
    pub fn set_zoom(&mut self, zoom: f32) {
        self.pending = Some(ViewRequest::ZoomTo(zoom));
    }

    /// Frames these stages (indices into the document's stages, first to last): they fill the
    /// canvas' width, the lanes shown from the top. `None` fits the whole map.
    pub fn frame_stages(&mut self, stages: Option<std::ops::RangeInclusive<usize>>) {
        self.pending = Some(match stages {
            Some(range) => ViewRequest::FrameStages(*range.start(), *range.end()),
            None => ViewRequest::Fit,
        });
    }

    /// The stages on screen in the last frame drawn (indices, first to last): each whose
    /// middle is in view right of the lane headers, else the one under the canvas' middle.
    /// `None` before the first frame or for a map without stages.
    pub fn visible_stages(&self) -> Option<std::ops::RangeInclusive<usize>> {
        let canvas = self.last_canvas?;
        let layout = &self.cache.as_ref()?.layout;
        let frame = ScreenLayout::new(canvas, self.view, layout);
        let left = (canvas.min.x + frame.lane_band()).min(canvas.max.x);
        let doc_left = self
            .view
            .doc_from_screen(canvas, egui::pos2(left, canvas.min.y))
            .x;
        let doc_right = self
            .view
            .doc_from_screen(canvas, egui::pos2(canvas.max.x, canvas.min.y))
            .x;
        let middles: Vec<usize> = layout
            .stages
            .iter()
            .enumerate()
            .filter(|(_, stage)| (doc_left..=doc_right).contains(&stage.header.center().x))
            .map(|(index, _)| index)
            .collect();
        if let (Some(first), Some(last)) = (middles.first(), middles.last()) {
            return Some(*first..=*last);
        }
        let middle = (doc_left + doc_right) / 2.0;
        let index = layout
            .stages
            .iter()
            .position(|stage| stage.header.max.x >= middle)
            .or_else(|| layout.stages.len().checked_sub(1))?;
        Some(index..=index)
    }

    /// How large card titles are set on the screen now, in points: the card font at the
    /// zoom, enlarged as a zoomed-out canvas enlarges them to stay legible.
    pub fn card_title_points(&self) -> f32 {
        crate::layout::CARD_FONT
            * self.view.zoom
            * display::legible_text_scale(self.view.zoom).get()
    }

    /// Shows document point `corner` at the canvas' top-left corner at `zoom`
    /// (at the next frame), gliding there when `animate`.
    pub fn frame_at(&mut self, corner: crate::layout::Point, zoom: f32, animate: bool) {
        self.pending = Some(ViewRequest::Frame {
            origin: corner,
            zoom,
            animate,
        });
    }

    /// The view is still gliding to a framing.
    pub fn is_moving(&self) -> bool {
        self.camera.is_some() || matches!(self.pending, Some(ViewRequest::Frame { .. }))
    }

    /// Shows or hides what the editor floats over the map (the add buttons,
    /// the filter bar, the notes); hidden while presenting.
    pub fn set_chrome(&mut self, shown: bool) {
        self.chrome = shown;
    }

    /// Dims the cards of every step but these (`None`: dims none of them). A
    /// view choice: the document is unchanged.
    pub fn set_bright_steps(&mut self, steps: Option<HashSet<StepId>>) {
        self.bright_steps = steps;
    }

    /// The card a plain click (no Shift or Ctrl) landed on in the last frame drawn.
    pub fn clicked_card(&self) -> Option<CardId> {
        self.clicked_card
    }

    /// "Turn into action" was chosen in a card's context menu since the last call.
    pub fn take_action_request(&mut self) -> bool {
        std::mem::take(&mut self.action_asked)
    }

    /// The card a right click landed on in the last frame drawn.
    pub fn right_clicked_card(&self) -> Option<CardId> {
        self.right_clicked_card
    }

    /// Dims every card but these (`None`: dims none of them). A view choice:
    /// the document is unchanged.
    pub fn set_bright_cards(&mut self, cards: Option<HashSet<CardId>>) {
        self.bright_cards = cards;
    }

    /// Makes clicks only pick cards ([`CanvasState::clicked_card`],
    /// [`CanvasState::right_clicked_card`]): a double click does not edit and
    /// a drag pans instead of moving cards. For dot voting.
    pub fn set_pick_only(&mut self, pick_only: bool) {
        self.pick_only = pick_only;
    }

    /// Shows a revealed round's votes on the map — each voted card's heat
    /// and count, drawn with the display list like the exports draw them —
    /// or none.
    pub fn set_votes(&mut self, round: Option<crate::model::RoundId>) {
        self.votes = round;
    }

    /// Where a card is on the screen in the last frame drawn, cut to the part
    /// of the canvas the sticky headers leave; `None` when it is not in view.
    pub fn card_on_screen(&self, card: CardId) -> Option<egui::Rect> {
        let canvas = self.last_canvas?;
        let layout = &self.cache.as_ref()?.layout;
        let frame = ScreenLayout::new(canvas, self.view, layout);
        let rect = frame
            .card(layout.card(card)?)
            .intersect(frame.content_clip());
        rect.is_positive().then_some(rect)
    }

    /// What the canvas shows now, to be given back by [`CanvasState::restore`].
    pub fn snapshot(&self) -> CanvasSnapshot {
        CanvasSnapshot {
            view: self.camera.map_or(self.view, |camera| camera.to),
            layers: self.layers,
            focus: self.focus.clone(),
            markers: self.markers,
            critical_path: self.critical_path,
            selection: self.selection.clone(),
            last_cell: self.last_cell,
        }
    }

    /// Shows exactly what `snapshot` holds (no glide); the editor's own things
    /// float over the map again and no step is dimmed.
    pub fn restore(&mut self, snapshot: CanvasSnapshot) {
        self.view = snapshot.view;
        self.layers = snapshot.layers;
        self.focus = snapshot.focus;
        self.markers = snapshot.markers;
        self.critical_path = snapshot.critical_path;
        self.selection = snapshot.selection;
        self.last_cell = snapshot.last_cell;
        self.pending = None;
        self.camera = None;
        self.chrome = true;
        self.bright_steps = None;
        self.clicked_card = None;
    }

    /// The texture of a card picture once decoded (pictures are looked up
    /// next to the map file, like the canvas draws them).
    pub(crate) fn picture_texture(&self, picture: &str) -> Option<&egui::TextureHandle> {
        match self.pictures.shown(picture) {
            Some(pictures::Shown::Ready(texture)) => Some(texture),
            _ => None,
        }
    }

    /// The screen offset of the document origin from the canvas' top-left corner (the pan).
    pub fn pan(&self) -> egui::Vec2 {
        self.view.origin
    }

    /// The current zoom factor (1.0 = 100 %), e.g. for a status bar.
    pub fn zoom(&self) -> f32 {
        self.view.zoom
    }

    /// The document point in the middle of the canvas as last drawn, and
    /// the zoom: where the canvas looks, to tell a live room.
    pub fn view_centre(&self) -> Option<(crate::layout::Point, f32)> {
        let canvas = self.last_canvas?;
        Some((
            self.view.doc_from_screen(canvas, canvas.center()),
            self.view.zoom,
        ))
    }

    /// Looks at document point `centre` at `zoom` at once (following a live
    /// room's host); any glide under way stops.
    pub fn show_centre(&mut self, centre: crate::layout::Point, zoom: f32) {
        let Some(canvas) = self.last_canvas else {
            return;
        };
        self.camera = None;
        self.pending = None;
        self.view.zoom = zoom.clamp(view::MIN_ZOOM, view::MAX_ZOOM);
        self.view.center_on(canvas, centre);
    }

    /// Pans so that a card is in the middle of the canvas (at the next frame).
    pub fn center_on_card(&mut self, card: CardId) {
        self.pending = Some(ViewRequest::CenterOn(card));
    }

    /// The selected cards, in the order they were selected.
    pub fn selected_cards(&self) -> Vec<CardId> {
        self.selection.cards.clone()
    }

    /// The selected connector, if a connector (rather than cards) is selected.
    pub fn selected_connector(&self) -> Option<ConnectorId> {
        self.selection.connector
    }

    /// The lane selected by a click on its header, while no card or connector is selected.
    pub fn selected_lane(&self) -> Option<LaneId> {
        self.selection.lane()
    }

    /// Selects exactly these cards (ids the document does not hold are dropped at the next frame).
    pub fn select_cards(&mut self, cards: &[CardId]) {
        self.selection.cards = cards.to_vec();
        self.selection.connector = None;
        self.selection.cell = None;
    }

    /// Selects one connector (and no cards).
    pub fn select_connector(&mut self, connector: ConnectorId) {
        self.selection.cards.clear();
        self.selection.connector = Some(connector);
        self.selection.cell = None;
    }

    /// Selects one cell (and no cards): typing then adds a card to it.
    pub fn select_cell(&mut self, step: StepId, lane: LaneId) {
        self.selection.clear();
        self.selection.cell = Some((step, lane));
        self.last_cell = Some((step, lane));
    }

    /// The selected cell, if a cell (rather than cards or a connector) is selected.
    pub fn selected_cell(&self) -> Option<(StepId, LaneId)> {
        self.selection.cell
    }

    /// Letters typed now would go into a new card in the selected cell, so the
    /// single-letter shortcuts (F) must leave them alone.
    pub fn letters_add_a_card(&self) -> bool {
        self.selection.cell.is_some() && self.editing.is_none() && self.gesture == Gesture::Idle
    }

    /// Selects nothing.
    pub fn clear_selection(&mut self) {
        self.selection.clear();
    }

    /// Shows the lanes of a layer preset; hidden lanes are a view choice, the document is unchanged.
    pub fn set_layers(&mut self, layers: LayerPreset) {
        self.layers = layers;
    }

    /// The layer preset in use.
    pub fn layers(&self) -> LayerPreset {
        self.layers
    }

    /// The selected cards the document still holds.
    fn selected_cards_in(&self, doc: &Document) -> Vec<CardId> {
        self.selection
            .cards
            .iter()
            .copied()
            .filter(|id| doc.card(*id).is_some())
            .collect()
    }

    /// The command that deletes the selected cards (with their connectors) or
    /// the selected connector; `None` when nothing is selected. Clears the selection.
    pub fn delete_selection(&mut self, doc: &Document) -> Option<Command> {
        let command = if let Some(connector) = self.selection.connector {
            doc.connector(connector)
                .map(|connector| Command::Disconnect(connector.id))
        } else {
            let cards = self.selected_cards_in(doc);
            (!cards.is_empty()).then(|| ops::delete_cards(doc, &cards))
        };
        if command.is_some() {
            self.selection.clear();
        }
        command
    }

    /// The command that duplicates the selected cards in their cells (with the
    /// connectors among them); the copies become the selection. `None` when no card is selected.
    pub fn duplicate_selection(&mut self, doc: &Document) -> Option<Command> {
        let cards = self.selected_cards_in(doc);
        if cards.is_empty() {
            return None;
        }
        let (command, copies) = ops::duplicate_cards(doc, &cards);
        self.select_cards(&copies);
        Some(command)
    }

    /// The command that moves the selected cards `dx` columns right and `dy`
    /// shown lanes down (negative: left, up), clamped to the map; each card
    /// goes last in its new cell. `None` when nothing would move.
    pub fn move_selection(&self, doc: &Document, dx: i32, dy: i32) -> Option<Command> {
        moves::shift_cards(
            doc,
            self.layers,
            &self.selection.cards,
            dx as isize,
            dy as isize,
        )
    }

    /// The cell a paste goes to: the cell of the first selected card, else the cell last clicked.
    pub fn target_cell(&self) -> Option<(StepId, LaneId)> {
        self.last_cell
    }

    /// A gesture (drag, connector, box selection) or an in-place edit is in progress.
    pub fn is_busy(&self) -> bool {
        self.gesture != Gesture::Idle || self.editing.is_some()
    }

    /// Shows or hides kinds of marker (on the cards and on the emotion curve).
    pub fn set_markers(&mut self, markers: MarkerKinds) {
        self.markers = markers;
    }

    /// The kinds of marker shown.
    pub fn markers(&self) -> MarkerKinds {
        self.markers
    }

    /// Dims every card the focus does not keep (`None`: dims nothing). A view
    /// choice: the document is unchanged.
    pub fn set_focus(&mut self, focus: Option<Focus>) {
        self.focus = focus;
    }

    /// The focus in use, if any.
    pub fn focus(&self) -> Option<&Focus> {
        self.focus.as_ref()
    }

    /// Highlights the critical path (its cards and connectors) or not.
    pub fn set_show_critical_path(&mut self, show: bool) {
        self.critical_path = show;
    }

    /// The critical path is highlighted.
    pub fn shows_critical_path(&self) -> bool {
        self.critical_path
    }

    /// The card is dimmed by the focus, as of the last frame drawn (the
    /// critical path is the one of the document state last drawn).
    pub fn is_dimmed(&self, doc: &Document, card: CardId) -> bool {
        doc.card(card).is_some_and(|card| self.dims(card))
    }

    /// The focus, or the steps kept bright, dim this card.
    fn dims(&self, card: &crate::model::Card) -> bool {
        if self
            .bright_steps
            .as_ref()
            .is_some_and(|steps| !steps.contains(&card.step))
            || self
                .bright_cards
                .as_ref()
                .is_some_and(|cards| !cards.contains(&card.id))
        {
            return true;
        }
        let Some(focus) = &self.focus else {
            return false;
        };
        let empty = HashSet::new();
        let critical = self
            .flow
            .as_ref()
            .map_or(&empty, |(_, flow)| &flow.critical);
        !focus.keeps(card, critical)
    }

    /// The cards of the critical path, in flow order, as of the last frame drawn.
    pub fn critical_path(&self) -> Vec<CardId> {
        self.flow
            .as_ref()
            .map(|(_, flow)| flow.flow.critical_path.clone())
            .unwrap_or_default()
    }

    /// The flow analysis of `doc`, from the cache when it is current.
    fn flow_for(&mut self, doc: &Document, revision: u64) -> Arc<FlowSummary> {
        let key = (revision, document_sizes(doc));
        if let Some((cached, flow)) = &self.flow
            && *cached == key
        {
            return Arc::clone(flow);
        }
        let flow = Arc::new(FlowSummary::new(crate::analysis::analyze(doc)));
        self.flow = Some((key, Arc::clone(&flow)));
        flow
    }

    /// The layout of `doc` under the current options, from the cache when it is current.
    fn layout_for(&mut self, doc: &Document, revision: u64) -> Arc<Layout> {
        let options = LayoutOptions {
            layers: self.layers,
        };
        let sizes = document_sizes(doc);
        let key = (revision, options, sizes);
        if let Some(cached) = &self.cache
            && cached.key == key
        {
            return Arc::clone(&cached.layout);
        }
        let layout = Arc::new(Layout::compute(doc, options));
        self.cache = Some(CachedLayout {
            key,
            layout: Arc::clone(&layout),
        });
        layout
    }

    /// Drops selected things the document no longer holds and keeps the paste target current.
    fn prune(&mut self, doc: &Document, layout: &Layout) {
        self.selection.cards.retain(|id| layout.card(*id).is_some());
        if let Some(connector) = self.selection.connector
            && doc.connector(connector).is_none()
        {
            self.selection.connector = None;
        }
        if self
            .selection
            .cell
            .is_some_and(|(step, lane)| layout.cell_of(step, lane).is_none())
        {
            // The step or lane went, or the lane is hidden.
            self.selection.cell = None;
        }
        if let Some(lane) = self.selection.lane
            && doc.lane(lane).is_none()
        {
            self.selection.lane = None;
        }
        if let Some(card) = self.selection.cards.first().and_then(|id| doc.card(*id)) {
            self.last_cell = Some((card.step, card.lane));
        } else if let Some((step, lane)) = self.last_cell
            && (doc.step(step).is_none() || doc.lane(lane).is_none())
        {
            self.last_cell = None;
        }
    }

    /// Carries out a view change asked for since the last frame.
    fn apply_pending_view(&mut self, canvas: egui::Rect, layout: &Layout) {
        let Some(request) = self.pending.take() else {
            return;
        };
        match request {
            ViewRequest::Fit => self.view.fit(canvas, layout.bounds),
            ViewRequest::Actual => {
                // Keep the middle of the part of the map in view where it is.
                let map = self.view.screen_from_doc_rect(canvas, layout.bounds);
                let shown = map.intersect(canvas);
                let anchor = if shown.is_positive() {
                    shown.center()
                } else {
                    canvas.center()
                };
                self.view.zoom_to(canvas, anchor, 1.0);
            }
            ViewRequest::ZoomBy(factor) => self.view.zoom_about(canvas, canvas.center(), factor),
            ViewRequest::CenterOn(card) => {
                if let Some(card) = layout.card(card) {
                    self.view.center_on(canvas, card.rect.center());
                }
            }
            ViewRequest::ZoomTo(zoom) => self.view.zoom_to(canvas, canvas.center(), zoom),
            ViewRequest::FrameStages(first, last) => {
                match (layout.stages.get(first), layout.stages.get(last)) {
                    (Some(first), Some(last)) => {
                        // The lane headers stick to the canvas' left edge: leave them room.
                        let area = crate::layout::Rect {
                            min: crate::layout::Point::new(
                                first.header.min.x - crate::layout::LANE_HEADER_WIDTH,
                                layout.bounds.min.y,
                            ),
                            max: crate::layout::Point::new(last.header.max.x, layout.bounds.max.y),
                        };
                        self.view.fit(canvas, area);
                    }
                    _ => self.view.fit(canvas, layout.bounds),
                }
            }
            ViewRequest::Frame {
                origin,
                zoom,
                animate,
            } => {
                let to = View::framing(origin, zoom);
                self.camera = None;
                if animate && to != self.view {
                    self.camera = Some(CameraMove {
                        from: self.view,
                        to,
                        started: None,
                    });
                } else {
                    self.view = to;
                }
            }
        }
    }

    /// Moves the view along the glide under way; asks for the next frame until it is over.
    fn glide(&mut self, ctx: &egui::Context) {
        let Some(camera) = &mut self.camera else {
            return;
        };
        let (view, done) = camera.at(ctx.input(|input| input.time));
        self.view = view;
        if done {
            self.camera = None;
        } else {
            ctx.request_repaint();
        }
    }
}

/// The sizes of a document, kept with a revision as a guard against a revision reused by another document.
fn document_sizes(doc: &Document) -> [usize; 4] {
    [
        doc.stages.len(),
        doc.step_count(),
        doc.lanes.len(),
        doc.cards.len(),
    ]
}

/// Draws the map and turns pointer and keyboard input into edits, which the
/// caller applies after the frame. The document is only read.
///
/// `revision` is the history revision of `doc` (`session.history().revision()`):
/// the layout is recomputed only when it changes. The canvas fills the space `ui` has left.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    revision: u64,
    state: &mut CanvasState,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    let layout = state.layout_for(doc, revision);
    let flow = state.flow_for(doc, revision);
    let (canvas, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let label = tr("canvas-label");
    response.widget_info(|| WidgetInfo::labeled(Role::Canvas, true, &label));
    state.prune(doc, &layout);
    state.last_canvas = Some(canvas);
    state.apply_pending_view(canvas, &layout);
    state.glide(ui.ctx());
    state.clicked_card = None;
    state.right_clicked_card = None;

    let frame = ScreenLayout::new(canvas, state.view, &layout);
    let before_input = state.view;
    interaction::pointer_input(ui, &response, &frame, doc, state, &mut edits);
    interaction::keyboard_input(ui, &response, &frame, doc, state, &mut edits);
    if state.view != before_input {
        // The user took the view over.
        state.camera = None;
    }
    // Input may have moved the view.
    state.apply_pending_view(canvas, &layout);
    let frame = ScreenLayout::new(canvas, state.view, &layout);

    let hovered_card = match (&state.gesture, response.hover_pos()) {
        (Gesture::Idle, Some(pos)) if frame.content_clip().contains(pos) => match frame.hit(pos) {
            Hit::Card(id) | Hit::Handle(id) => Some(id),
            _ => None,
        },
        _ => None,
    };
    state.pictures.update(ui.ctx(), doc);
    let key = display::SceneKey {
        document: (revision, document_sizes(doc)),
        layout: LayoutOptions {
            layers: state.layers,
        },
        dark: ui.visuals().dark_mode,
        language: crate::ui::i18n::current(),
        markers: state.markers,
        critical_path: state.critical_path,
        picture_folder: state.pictures.folder().map(Path::to_path_buf),
        text_scale: display::legible_text_scale(frame.zoom()),
        votes: state.votes,
    };
    state.scene.update(doc, &layout, key);
    // The canvas sets text in the fonts the display list was measured with;
    // fonts just added serve from the next pass, which egui runs at once.
    let fonts_ready = !crate::ui::fonts::sync_card_family(ui.ctx());
    paint::paint_canvas(ui, &frame, doc, state, hovered_card, fonts_ready);
    if let Some(reason) = hovered_card
        .and_then(|id| doc.card(id))
        .and_then(|card| card.picture.as_deref())
        .and_then(|picture| state.pictures.failure(picture))
    {
        response.clone().on_hover_text_at_pointer(reason);
    }
    access::accessibility_nodes(ui, response.id, &frame, doc, state, &flow);
    interaction::selected_cell_ui(ui, &frame, state);
    if let Some(advance) =
        text_edit::text_edit_ui(ui, response.id, &frame, doc, &mut state.editing, &mut edits)
    {
        interaction::advance_cell(frame.layout, state, advance);
        response.request_focus();
    }
    overlay::overlay_ui(ui, response.id, &frame, doc, state, &flow, &mut edits);
    actions::marker_hover_ui(&response, &frame, doc, state);
    // While voting, a right click takes a dot back instead of opening the menu.
    if !state.pick_only {
        actions::card_menu_ui(&response, &frame, state);
    }
    edits
}

/// The translated name of a lane kind, e.g. "Back-stage actions".
pub(crate) fn lane_kind_name(kind: &LaneKind) -> Cow<'static, str> {
    match kind {
        LaneKind::Evidence => tr("canvas-kind-evidence"),
        LaneKind::Customer => tr("canvas-kind-customer"),
        LaneKind::Touchpoint => tr("canvas-kind-touchpoint"),
        LaneKind::Frontstage => tr("canvas-kind-frontstage"),
        LaneKind::Backstage => tr("canvas-kind-backstage"),
        LaneKind::Support => tr("canvas-kind-support"),
        LaneKind::Thought => tr("canvas-kind-thought"),
        LaneKind::Emotion => tr("canvas-kind-emotion"),
        LaneKind::Pain => tr("canvas-kind-pain"),
        LaneKind::Opportunity => tr("canvas-kind-opportunity"),
        LaneKind::Metric => tr("canvas-kind-metric"),
        LaneKind::Note => tr("canvas-kind-note"),
        LaneKind::Unknown(word) => Cow::<str>::Owned(tr_args(
            "canvas-kind-unknown",
            &[("kind", &word.to_string())],
        )),
    }
}

/// The translated name of a layer preset, for menus and the hidden-lanes note.
pub fn layer_name(layers: LayerPreset) -> Cow<'static, str> {
    match layers {
        LayerPreset::All => tr("canvas-layers-all"),
        LayerPreset::UpToBackstage => tr("canvas-layers-up-to-backstage"),
        LayerPreset::FrontstageOnly => tr("canvas-layers-frontstage-only"),
        LayerPreset::CustomerOnly => tr("canvas-layers-customer-only"),
    }
}
