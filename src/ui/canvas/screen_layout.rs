//! Screen geometry of one frame: the layout under the current view, sticky headers, and what
//! lies under the pointer.

use egui::{Pos2, Rect, pos2};

use super::view::View;
use crate::layout::{
    self, CardBox, CellRef, LANE_HEADER_WIDTH, Layout, STAGE_HEADER_HEIGHT, STEP_HEADER_HEIGHT,
};
use crate::model::{CardId, ConnectorId};

/// Radius of the connector handle on a card's right edge, in screen points.
pub(crate) const HANDLE_RADIUS: f32 = 7.0;
/// Cards shorter than this on screen have no handle: too small to aim at.
pub(crate) const MIN_CARD_HEIGHT_FOR_HANDLE: f32 = 36.0;
/// The sticky header bands are never thinner than these, in screen points,
/// so stage, step and lane names read at every zoom.
const MIN_STAGE_BAND: f32 = 16.0;
/// See [`MIN_STAGE_BAND`].
const MIN_STEP_BAND: f32 = 14.0;
/// See [`MIN_STAGE_BAND`].
const MIN_LANE_BAND: f32 = 60.0;
/// How close to a connector a click selects it, in screen points.
const CONNECTOR_TOLERANCE: f32 = 6.0;

/// What lies under a screen position, from the topmost thing down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Hit {
    /// The connector handle of a card: dragging it draws a connector.
    Handle(CardId),
    /// A card.
    Card(CardId),
    /// A stage header, by index.
    Stage(usize),
    /// A step header, by column.
    Step(usize),
    /// A lane header, by shown index.
    Lane(usize),
    /// A connector.
    Connector(ConnectorId),
    /// An empty spot in a cell.
    Cell(CellRef),
    /// Nothing: outside the grid, or the corner above the lane headers.
    Empty,
}

/// The layout placed on the screen for one frame.
///
/// Headers are sticky: the stage and step rows stay at the top of the canvas
/// and the lane header column at its left while the map is panned.
pub(crate) struct ScreenLayout<'a> {
    /// The canvas on the screen.
    pub canvas: Rect,
    /// Pan and zoom.
    pub view: View,
    /// The map in document space.
    pub layout: &'a Layout,
    /// Screen y of the top of the stage header row.
    header_top: f32,
    /// Screen x of the left edge of the lane header column.
    header_left: f32,
}

impl<'a> ScreenLayout<'a> {
    /// Places `layout` on `canvas` under `view`.
    pub fn new(canvas: Rect, view: View, layout: &'a Layout) -> Self {
        Self {
            canvas,
            view,
            layout,
            header_top: view.screen_y(canvas, 0.0).max(canvas.min.y),
            header_left: view.screen_x(canvas, 0.0).max(canvas.min.x),
        }
    }

    /// Screen points per document unit.
    pub fn zoom(&self) -> f32 {
        self.view.zoom
    }

    /// A document length on the screen.
    pub fn scaled(&self, length: f32) -> f32 {
        length * self.view.zoom
    }

    /// Height of the sticky stage header row: zoomed, but never so low that
    /// a stage's name cannot be read.
    pub fn stage_band(&self) -> f32 {
        self.scaled(STAGE_HEADER_HEIGHT).max(MIN_STAGE_BAND)
    }

    /// Height of the sticky step header row, never too low to read a step's name.
    pub fn step_band(&self) -> f32 {
        self.scaled(STEP_HEADER_HEIGHT).max(MIN_STEP_BAND)
    }

    /// Width of the sticky lane header column, never too narrow to read a lane's name.
    pub fn lane_band(&self) -> f32 {
        self.scaled(LANE_HEADER_WIDTH).max(MIN_LANE_BAND)
    }

    /// Screen position of a document point.
    pub fn screen_from_doc(&self, p: layout::Point) -> Pos2 {
        self.view.screen_from_doc(self.canvas, p)
    }

    /// Document point under a screen position.
    pub fn doc_from_screen(&self, p: Pos2) -> layout::Point {
        self.view.doc_from_screen(self.canvas, p)
    }

    /// Screen rectangle of a document rectangle.
    pub fn screen_from_doc_rect(&self, r: layout::Rect) -> Rect {
        self.view.screen_from_doc_rect(self.canvas, r)
    }

    /// The part of the document the canvas shows.
    pub fn visible_doc(&self) -> layout::Rect {
        self.view.doc_from_screen_rect(self.canvas, self.canvas)
    }

    /// Top of the sticky header rows on the screen.
    pub fn header_top(&self) -> f32 {
        self.header_top
    }

    /// Left edge of the sticky lane header column on the screen.
    pub fn header_left(&self) -> f32 {
        self.header_left
    }

    /// Bottom of the sticky header rows on the screen.
    pub fn header_bottom(&self) -> f32 {
        self.header_top + self.stage_band() + self.step_band()
    }

    /// Right edge of the sticky lane header column on the screen.
    pub fn header_right(&self) -> f32 {
        self.header_left + self.lane_band()
    }

    /// Where cells, cards and connectors may be drawn: the canvas without the header bands.
    pub fn content_clip(&self) -> Rect {
        Rect::from_min_max(
            pos2(self.header_right(), self.header_bottom()),
            self.canvas.max,
        )
        .intersect(self.canvas)
    }

    /// The corner above the lane headers and left of the stage headers.
    pub fn corner(&self) -> Rect {
        Rect::from_min_max(
            pos2(self.header_left, self.header_top),
            pos2(self.header_right(), self.header_bottom()),
        )
    }

    /// The header of stage `index`, on the sticky top row.
    pub fn stage_header(&self, index: usize) -> Option<Rect> {
        let stage = self.layout.stages.get(index)?;
        Some(Rect::from_min_max(
            pos2(
                self.view.screen_x(self.canvas, stage.header.min.x),
                self.header_top,
            ),
            pos2(
                self.view.screen_x(self.canvas, stage.header.max.x),
                self.header_top + self.stage_band(),
            ),
        ))
    }

    /// The header of the step in `column`, on the sticky second row.
    pub fn step_header(&self, column: usize) -> Option<Rect> {
        let column = self.layout.columns.get(column)?;
        let top = self.header_top + self.stage_band();
        Some(Rect::from_min_max(
            pos2(self.view.screen_x(self.canvas, column.left), top),
            pos2(
                self.view.screen_x(self.canvas, column.right),
                top + self.step_band(),
            ),
        ))
    }

    /// The header of shown lane `index`, in the sticky left column.
    pub fn lane_header(&self, index: usize) -> Option<Rect> {
        let lane = self.layout.lanes.get(index)?;
        Some(Rect::from_min_max(
            pos2(self.header_left, self.view.screen_y(self.canvas, lane.top)),
            pos2(
                self.header_right(),
                self.view.screen_y(self.canvas, lane.bottom),
            ),
        ))
    }

    /// A card on the screen.
    pub fn card(&self, card: &CardBox) -> Rect {
        self.screen_from_doc_rect(card.rect)
    }

    /// Centre of a card's connector handle, or `None` when cards are too small to aim at.
    pub fn handle(&self, card: &CardBox) -> Option<Pos2> {
        let rect = self.card(card);
        (rect.height() >= MIN_CARD_HEIGHT_FOR_HANDLE).then(|| rect.right_center())
    }

    /// The indices of the stages whose headers overlap the canvas.
    pub fn visible_stages(&self) -> impl Iterator<Item = usize> + '_ {
        let area = self.visible_doc();
        self.layout
            .stages
            .iter()
            .enumerate()
            .filter(move |(_, stage)| {
                stage.header.max.x >= area.min.x && stage.header.min.x <= area.max.x
            })
            .map(|(index, _)| index)
    }

    /// What lies under `pos`.
    pub fn hit(&self, pos: Pos2) -> Hit {
        if !self.canvas.contains(pos) {
            return Hit::Empty;
        }
        if self.corner().contains(pos) {
            return Hit::Empty;
        }
        let p = self.doc_from_screen(pos);
        if pos.y >= self.header_top && pos.y < self.header_bottom() {
            let on_stage_row = pos.y < self.header_top + self.stage_band();
            if on_stage_row {
                return self
                    .layout
                    .stages
                    .iter()
                    .position(|stage| (stage.header.min.x..stage.header.max.x).contains(&p.x))
                    .map_or(Hit::Empty, Hit::Stage);
            }
            return self
                .layout
                .columns
                .iter()
                .position(|column| (column.left..column.right).contains(&p.x))
                .map_or(Hit::Empty, Hit::Step);
        }
        if pos.x >= self.header_left && pos.x < self.header_right() {
            return self
                .layout
                .lanes
                .iter()
                .position(|lane| (lane.top..lane.bottom).contains(&p.y))
                .map_or(Hit::Empty, Hit::Lane);
        }
        // A handle sticks out of the card's right edge: look at the card under
        // the pointer and the one just left of it.
        let reach = HANDLE_RADIUS / self.zoom();
        for probe in [p, layout::Point::new(p.x - reach, p.y)] {
            if let Some(card) = self.layout.card_at(probe)
                && let Some(handle) = self.handle(card)
                && handle.distance(pos) <= HANDLE_RADIUS + 1.0
            {
                return Hit::Handle(card.id);
            }
        }
        if let Some(card) = self.layout.card_at(p) {
            return Hit::Card(card.id);
        }
        if let Some(connector) = self
            .layout
            .connector_at(p, CONNECTOR_TOLERANCE / self.zoom())
        {
            return Hit::Connector(connector.id);
        }
        self.layout.cell_at(p).map_or(Hit::Empty, Hit::Cell)
    }

    /// The screen rectangle around the whole map, headers included.
    pub fn map_rect(&self) -> Rect {
        self.screen_from_doc_rect(self.layout.bounds)
    }
}
