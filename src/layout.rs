//! Geometry of a map in document space: where the headers, columns, lanes,
//! cells, cards, connectors and blueprint lines go, and what lies under a point.
//!
//! Pure data computed from a [`Document`] and the [`LayoutOptions`]; it knows
//! nothing of windows or pixels. One document unit is one point at 100 % zoom.
//! The editor caches a layout per history revision and options.

mod route;

use std::collections::HashMap;

use crate::model::{
    BlueprintLine, Card, CardId, ConnectorId, Direction, Document, EmotionScale, Lane, LaneId,
    LaneKind, LaneOrderProblem, PersonaId, StageId, StepId,
};

/// Width of the lane header column at the left of the map.
pub const LANE_HEADER_WIDTH: f32 = 170.0;
/// Height of the stage header row at the top of the map.
pub const STAGE_HEADER_HEIGHT: f32 = 40.0;
/// Height of the step header row, below the stage headers.
pub const STEP_HEADER_HEIGHT: f32 = 32.0;
/// Width of one column (step).
pub const COLUMN_WIDTH: f32 = 200.0;
/// Width of a stage without steps, so it can still be seen, renamed and moved.
pub const EMPTY_STAGE_WIDTH: f32 = 120.0;
/// Size of a card.
pub const CARD_WIDTH: f32 = 180.0;
/// Height of a card.
pub const CARD_HEIGHT: f32 = 76.0;
/// Vertical gap between the cards of a cell.
pub const CARD_GAP: f32 = 8.0;
/// Space between a cell's border and its cards.
pub const CELL_PADDING: f32 = 10.0;
/// Free room below the last card of the fullest cell, so every cell has an
/// empty spot to double-click and to drop on.
pub const ADD_ROOM: f32 = 30.0;
/// Height of a lane with no cards.
pub const MIN_LANE_HEIGHT: f32 = CARD_HEIGHT + 2.0 * CELL_PADDING + ADD_ROOM;
/// Card title text size, in document units.
pub const CARD_FONT: f32 = 13.0;
/// Distance between the lines of wrapped text, as a share of the text size.
pub const LINE_HEIGHT: f32 = 1.25;
/// Marker text size on a card, in document units.
pub const MARKER_FONT: f32 = 10.5;
/// Height of the marker row at the bottom of a card.
pub const MARKER_ROW: f32 = 18.0;
/// Padding inside a card.
pub const CARD_PADDING: f32 = 7.0;
/// Side of the sign drawn for a card picture that cannot be shown.
pub const PICTURE_PLACEHOLDER_SIDE: f32 = 18.0;
/// Text size of a blueprint line's label, in document units.
pub const LINE_LABEL_FONT: f32 = 12.0;
/// Room a blueprint line's label takes above its rule, gap included: rules
/// closer than this share a row of labels.
pub const LINE_LABEL_HEIGHT: f32 = 22.0;
/// Width of one label slot beside a blueprint line, room between labels
/// included; wide enough for the longest label in every language at
/// [`LINE_LABEL_FONT`].
pub const LINE_LABEL_SLOT: f32 = 200.0;
/// Distance from the grid's left edge to the first label slot.
pub const LINE_LABEL_INSET: f32 = 8.0;

/// A point in document space.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Rightwards.
    pub x: f32,
    /// Downwards.
    pub y: f32,
}

impl Point {
    /// A point from its coordinates.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    fn lerp(self, other: Self, t: f32) -> Self {
        Self::new(
            self.x + (other.x - self.x) * t,
            self.y + (other.y - self.y) * t,
        )
    }

    fn distance_sq(self, other: Self) -> f32 {
        (self.x - other.x).powi(2) + (self.y - other.y).powi(2)
    }
}

/// An axis-aligned rectangle in document space.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
}

impl Rect {
    /// The rectangle with this top-left corner and size.
    pub const fn from_min_size(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self {
            min: Point::new(x, y),
            max: Point::new(x + width, y + height),
        }
    }

    /// The smallest rectangle holding all `points`; `None` for no points.
    pub fn bounding(points: &[Point]) -> Option<Self> {
        let first = *points.first()?;
        Some(points.iter().fold(
            Self {
                min: first,
                max: first,
            },
            |rect, p| Self {
                min: Point::new(rect.min.x.min(p.x), rect.min.y.min(p.y)),
                max: Point::new(rect.max.x.max(p.x), rect.max.y.max(p.y)),
            },
        ))
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// The middle.
    pub fn center(&self) -> Point {
        self.min.lerp(self.max, 0.5)
    }

    /// `p` lies inside or on the border.
    pub fn contains(&self, p: Point) -> bool {
        (self.min.x..=self.max.x).contains(&p.x) && (self.min.y..=self.max.y).contains(&p.y)
    }

    /// The two rectangles overlap (touching counts).
    pub fn intersects(&self, other: &Self) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    /// The two rectangles share area (touching edges do not count).
    pub fn overlaps(&self, other: &Self) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// The rectangle grown by `margin` on every side.
    pub fn expand(&self, margin: f32) -> Self {
        Self {
            min: Point::new(self.min.x - margin, self.min.y - margin),
            max: Point::new(self.max.x + margin, self.max.y + margin),
        }
    }
}

/// Which lanes are shown: trainers reveal a blueprint layer by layer.
///
/// Lanes without a blueprint zone (thoughts, emotions, pain points …) are
/// always shown. Hiding lanes is a view choice; the document is unchanged.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum LayerPreset {
    /// Every lane.
    #[default]
    All,
    /// Everything down to the back-stage; support processes hidden.
    UpToBackstage,
    /// Only what the customer sees: back-stage and support hidden.
    FrontstageOnly,
    /// Only the customer's side of the line of interaction (evidence and
    /// customer actions, with the journey lanes): every blueprint line hidden.
    CustomerOnly,
}

impl LayerPreset {
    /// Every preset, from the fewest lanes hidden to the most.
    pub const PRESETS: [Self; 4] = [
        Self::All,
        Self::UpToBackstage,
        Self::FrontstageOnly,
        Self::CustomerOnly,
    ];

    /// Stable key, also used for translations: `"all"`, `"up-to-backstage"`, `"frontstage-only"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::UpToBackstage => "up-to-backstage",
            Self::FrontstageOnly => "frontstage-only",
            Self::CustomerOnly => "customer-only",
        }
    }

    /// A lane of this kind is shown under the preset.
    pub fn shows(self, kind: &LaneKind) -> bool {
        let deepest_zone = match self {
            Self::All => return true,
            Self::UpToBackstage => 2,
            Self::FrontstageOnly => 1,
            Self::CustomerOnly => 0,
        };
        kind.blueprint_zone()
            .is_none_or(|zone| zone <= deepest_zone)
    }
}

/// The view choices a layout depends on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Which lanes are shown.
    pub layers: LayerPreset,
}

/// A stage header spanning its steps' columns.
#[derive(Clone, Debug, PartialEq)]
pub struct StageBox {
    /// The stage.
    pub id: StageId,
    /// Its name.
    pub name: String,
    /// The header, in the top row.
    pub header: Rect,
    /// Index of its first column in [`Layout::columns`].
    pub first_column: usize,
    /// How many columns (steps) it has.
    pub column_count: usize,
}

/// One column: a step, its header and its x range.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnBox {
    /// The step.
    pub step: StepId,
    /// Its name.
    pub name: String,
    /// Index of its stage in [`Layout::stages`] (and in the document's stages).
    pub stage: usize,
    /// The step header, in the second row.
    pub header: Rect,
    /// Left edge of the column's cells.
    pub left: f32,
    /// Right edge of the column's cells.
    pub right: f32,
}

/// One shown lane: its header at the left and its y range.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneBox {
    /// The lane.
    pub id: LaneId,
    /// Its name.
    pub name: String,
    /// What it holds.
    pub kind: LaneKind,
    /// Its index in the document's lanes (hidden lanes count).
    pub doc_index: usize,
    /// The header at the left of the row.
    pub header: Rect,
    /// Top edge of the row.
    pub top: f32,
    /// Bottom edge of the row.
    pub bottom: f32,
    /// The lane is part of a lane-order problem (drawn with a warning).
    pub misplaced: bool,
}

/// A cell: one column and one shown lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// Index in [`Layout::columns`].
    pub column: usize,
    /// Index in [`Layout::lanes`].
    pub lane: usize,
}

/// A card placed in its cell.
#[derive(Clone, Debug, PartialEq)]
pub struct CardBox {
    /// The card.
    pub id: CardId,
    /// Where it is drawn.
    pub rect: Rect,
    /// Its cell.
    pub cell: CellRef,
    /// Its position within the cell, from the top.
    pub slot: usize,
    /// Its index in the document's card list (of the document state laid out).
    pub doc_index: usize,
}

/// Where the parts of a card go, in document space. The canvas and every
/// export place a card's picture and title by this one rule, so a title has
/// the same room, and breaks the same way, everywhere.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CardParts {
    /// The picture's slot, left of the title: as tall as the title's room and at
    /// most a third of the card wide. The picture is fitted into it at the top
    /// left; the slot's width is kept whatever the picture's shape, loaded or not.
    pub picture: Option<Rect>,
    /// The title's room.
    pub title: Rect,
}

/// The parts of a card drawn in `card`, with a marker row at the bottom or not,
/// with a picture or not.
pub fn card_parts(card: Rect, markers: bool, picture: bool) -> CardParts {
    let marker_row = if markers { MARKER_ROW } else { 0.0 };
    let top = card.min.y + CARD_PADDING;
    let bottom = (card.max.y - CARD_PADDING - marker_row).max(top);
    let left = card.min.x + CARD_PADDING;
    let right = (card.max.x - CARD_PADDING).max(left);
    let slot = picture.then(|| {
        let width = (card.width() / 3.0).min((bottom - top) * 1.5).max(0.0);
        Rect {
            min: Point::new(left, top),
            max: Point::new(left + width, bottom),
        }
    });
    let text_left = slot.map_or(left, |slot| (slot.max.x + CARD_PADDING).min(right));
    CardParts {
        picture: slot,
        title: Rect {
            min: Point::new(text_left, top),
            max: Point::new(right, bottom),
        },
    }
}

/// A connector as a polyline between two shown cards, routed through the
/// gutters between columns and lanes so it never passes under a card.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectorPath {
    /// The connector.
    pub id: ConnectorId,
    /// Card it starts at.
    pub from: CardId,
    /// Card it points to.
    pub to: CardId,
    /// One-way or two-way.
    pub direction: Direction,
    /// Text written along the arrow.
    pub label: String,
    /// The route, from the start card's border to the end card's border:
    /// straight pieces with their corners rounded off.
    pub points: Vec<Point>,
    /// Bounding box of the route, for culling.
    pub bounds: Rect,
    /// Where its label goes: half-way along the route.
    pub label_at: Point,
}

/// A blueprint line drawn as a labelled rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineRule {
    /// Which line.
    pub line: BlueprintLine,
    /// Its height: the top edge of the lane below it.
    pub y: f32,
    /// Which label slot, from the left, its label takes: lines at the same (or
    /// nearly the same) height put their labels side by side.
    pub label_slot: usize,
}

impl LineRule {
    /// Distance from the grid's left edge to the left edge of the label, with
    /// labels set `scale` times their size ([`LINE_LABEL_FONT`]): the inset,
    /// plus one [`LINE_LABEL_SLOT`] (scaled like the text) per slot.
    pub fn label_offset(&self, scale: f32) -> f32 {
        LINE_LABEL_INSET + self.label_slot as f32 * LINE_LABEL_SLOT * scale
    }
}

/// One emotion point: the mean score of a column's scored cards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmotionPoint {
    /// The mean score.
    pub score: f64,
    /// The first card (in document order) behind the point: dragging the point sets its score.
    pub card: CardId,
}

/// One emotion curve: a persona's (or the map's own) scores along the columns.
#[derive(Clone, Debug, PartialEq)]
pub struct EmotionCurve {
    /// Whose curve: cards of this persona; `None` for cards without a persona.
    pub persona: Option<PersonaId>,
    /// The to-be curve (from `Card::emotion_to_be`) rather than the as-is one.
    pub to_be: bool,
    /// Per column, the point; `None` leaves a gap in the curve, never a zero.
    pub points: Vec<Option<EmotionPoint>>,
}

/// Everything the canvas draws, in document space.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Stage headers, left to right.
    pub stages: Vec<StageBox>,
    /// Columns (steps), left to right.
    pub columns: Vec<ColumnBox>,
    /// Shown lanes, top to bottom.
    pub lanes: Vec<LaneBox>,
    /// Cards in shown lanes, in document order.
    pub cards: Vec<CardBox>,
    /// Connectors whose both ends are shown.
    pub connectors: Vec<ConnectorPath>,
    /// Blueprint lines between the shown lanes.
    pub lines: Vec<LineRule>,
    /// Lane pairs whose order makes a blueprint impossible (all lanes, shown or not).
    pub problems: Vec<LaneOrderProblem>,
    /// The whole map, headers included.
    pub bounds: Rect,
    /// How many lanes the preset hides.
    pub hidden_lanes: usize,
    /// The emotion curves: the map's own, then each persona's, as-is before
    /// to-be; only curves with at least one score (cards in hidden lanes count).
    pub emotion_curves: Vec<EmotionCurve>,
    /// The scale emotion scores are drawn on.
    pub emotion_scale: EmotionScale,
    card_index: HashMap<CardId, usize>,
    /// Card indices per cell, `column * lanes.len() + lane`, top to bottom.
    cells: Vec<Vec<usize>>,
}

impl Layout {
    /// Lays out `doc` under `options`.
    pub fn compute(doc: &Document, options: LayoutOptions) -> Self {
        let (_, problems) = doc.blueprint_lines();
        let shown: Vec<(usize, &Lane)> = doc
            .lanes
            .iter()
            .enumerate()
            .filter(|(_, lane)| options.layers.shows(&lane.kind))
            .collect();
        let lane_slot: HashMap<LaneId, usize> = shown
            .iter()
            .enumerate()
            .map(|(slot, (_, lane))| (lane.id, slot))
            .collect();

        let grid_left = LANE_HEADER_WIDTH;
        let grid_top = STAGE_HEADER_HEIGHT + STEP_HEADER_HEIGHT;

        // Columns and stage headers.
        let mut stages = Vec::with_capacity(doc.stages.len());
        let mut columns = Vec::with_capacity(doc.step_count());
        let mut x = grid_left;
        for (stage_index, stage) in doc.stages.iter().enumerate() {
            let first_column = columns.len();
            let stage_left = x;
            for step in &stage.steps {
                columns.push(ColumnBox {
                    step: step.id,
                    name: step.name.clone(),
                    stage: stage_index,
                    header: Rect::from_min_size(
                        x,
                        STAGE_HEADER_HEIGHT,
                        COLUMN_WIDTH,
                        STEP_HEADER_HEIGHT,
                    ),
                    left: x,
                    right: x + COLUMN_WIDTH,
                });
                x += COLUMN_WIDTH;
            }
            if stage.steps.is_empty() {
                x += EMPTY_STAGE_WIDTH;
            }
            stages.push(StageBox {
                id: stage.id,
                name: stage.name.clone(),
                header: Rect::from_min_size(stage_left, 0.0, x - stage_left, STAGE_HEADER_HEIGHT),
                first_column,
                column_count: stage.steps.len(),
            });
        }
        let grid_right = x;
        let columns_len = columns.len();
        let column_of: HashMap<StepId, usize> = columns
            .iter()
            .enumerate()
            .map(|(index, column)| (column.step, index))
            .collect();

        // Cards per cell (as indices into the document's cards), in document order.
        let lane_count = shown.len();
        let mut cells: Vec<Vec<usize>> = vec![Vec::new(); columns.len() * lane_count];
        for (doc_index, card) in doc.cards.iter().enumerate() {
            if let (Some(&column), Some(&lane)) =
                (column_of.get(&card.step), lane_slot.get(&card.lane))
            {
                cells[column * lane_count + lane].push(doc_index);
            }
        }

        // Lane heights follow the fullest cell.
        let mut lanes = Vec::with_capacity(lane_count);
        let mut y = grid_top;
        for (slot, (doc_index, lane)) in shown.iter().enumerate() {
            let fullest = (0..columns.len())
                .map(|column| cells[column * lane_count + slot].len())
                .max()
                .unwrap_or(0);
            let height = lane_height(fullest);
            let misplaced = problems
                .iter()
                .any(|problem| problem.upper == lane.id || problem.lower == lane.id);
            lanes.push(LaneBox {
                id: lane.id,
                name: lane.name.clone(),
                kind: lane.kind.clone(),
                doc_index: *doc_index,
                header: Rect::from_min_size(0.0, y, LANE_HEADER_WIDTH, height),
                top: y,
                bottom: y + height,
                misplaced,
            });
            y += height;
        }
        let grid_bottom = y;

        // Cards.
        let mut cards = Vec::with_capacity(doc.cards.len());
        let mut card_index = HashMap::with_capacity(doc.cards.len());
        let mut cell_cards = vec![Vec::new(); cells.len()];
        for (cell_number, indices) in cells.iter().enumerate() {
            let cell = CellRef {
                column: cell_number / lane_count.max(1),
                lane: cell_number % lane_count.max(1),
            };
            let column = &columns[cell.column];
            let lane = &lanes[cell.lane];
            for (slot, &doc_index) in indices.iter().enumerate() {
                let id = doc.cards[doc_index].id;
                card_index.insert(id, cards.len());
                cell_cards[cell_number].push(cards.len());
                cards.push(CardBox {
                    id,
                    rect: card_rect(column.left, lane.top, slot),
                    cell,
                    slot,
                    doc_index,
                });
            }
        }

        // Blueprint lines between the shown lanes.
        let shown_lanes: Vec<Lane> = shown.iter().map(|(_, lane)| (*lane).clone()).collect();
        let (placed, _) = crate::model::blueprint_lines(&shown_lanes);
        let mut lines: Vec<LineRule> = Vec::with_capacity(placed.len());
        for placed in &placed {
            let Some(lane) = lanes.get(placed.above_lane) else {
                continue;
            };
            let y = lane.top;
            // The first slot no label of a line at about the same height has taken.
            let taken: Vec<usize> = lines
                .iter()
                .filter(|rule| (rule.y - y).abs() < LINE_LABEL_HEIGHT)
                .map(|rule| rule.label_slot)
                .collect();
            let label_slot = (0..).find(|slot| !taken.contains(slot)).unwrap_or(0);
            lines.push(LineRule {
                line: placed.line,
                y,
                label_slot,
            });
        }

        let mut layout = Self {
            stages,
            columns,
            lanes,
            cards,
            connectors: Vec::new(),
            lines,
            problems,
            bounds: Rect {
                min: Point::new(0.0, 0.0),
                max: Point::new(grid_right, grid_bottom),
            },
            hidden_lanes: doc.lanes.len() - lane_count,
            emotion_curves: emotion_curves(doc, &column_of, columns_len),
            emotion_scale: doc.meta.emotion_scale,
            card_index,
            cells: cell_cards,
        };
        // Connectors between shown cards, routed around the cards just placed.
        layout.connectors = route::route_connectors(&layout, doc);
        layout
    }

    /// Left, top, right and bottom edges of the cell grid (headers excluded).
    pub fn grid(&self) -> Rect {
        Rect {
            min: Point::new(LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT + STEP_HEADER_HEIGHT),
            max: self.bounds.max,
        }
    }

    /// The box of a shown card.
    pub fn card(&self, id: CardId) -> Option<&CardBox> {
        self.cards.get(*self.card_index.get(&id)?)
    }

    /// The document's card drawn as `card`, found without a search.
    /// `doc` must be the document state this layout was computed from.
    pub fn doc_card<'d>(&self, doc: &'d Document, card: &CardBox) -> Option<&'d Card> {
        doc.cards.get(card.doc_index).filter(|c| c.id == card.id)
    }

    /// The rectangle of a cell.
    pub fn cell_rect(&self, cell: CellRef) -> Option<Rect> {
        let column = self.columns.get(cell.column)?;
        let lane = self.lanes.get(cell.lane)?;
        Some(Rect {
            min: Point::new(column.left, lane.top),
            max: Point::new(column.right, lane.bottom),
        })
    }

    /// The step and lane of a cell.
    pub fn cell_ids(&self, cell: CellRef) -> Option<(StepId, LaneId)> {
        Some((
            self.columns.get(cell.column)?.step,
            self.lanes.get(cell.lane)?.id,
        ))
    }

    /// The cell of a step and a shown lane.
    pub fn cell_of(&self, step: StepId, lane: LaneId) -> Option<CellRef> {
        Some(CellRef {
            column: self.columns.iter().position(|c| c.step == step)?,
            lane: self.lanes.iter().position(|l| l.id == lane)?,
        })
    }

    /// Indices into [`Layout::cards`] of the cards in a cell, top to bottom.
    pub fn cards_in_cell(&self, cell: CellRef) -> &[usize] {
        if cell.column >= self.columns.len() || cell.lane >= self.lanes.len() {
            return &[];
        }
        self.cells
            .get(cell.column * self.lanes.len() + cell.lane)
            .map_or(&[], Vec::as_slice)
    }

    /// The columns whose x range overlaps `left..right`.
    pub fn columns_between(&self, left: f32, right: f32) -> std::ops::Range<usize> {
        let start = self.columns.partition_point(|c| c.right < left);
        let end = self.columns.partition_point(|c| c.left <= right);
        start..end.max(start)
    }

    /// The shown lanes whose y range overlaps `top..bottom`.
    pub fn lanes_between(&self, top: f32, bottom: f32) -> std::ops::Range<usize> {
        let start = self.lanes.partition_point(|l| l.bottom < top);
        let end = self.lanes.partition_point(|l| l.top <= bottom);
        start..end.max(start)
    }

    /// Indices into [`Layout::cards`] of the cards that overlap `area`, cell by cell.
    pub fn cards_in(&self, area: Rect) -> impl Iterator<Item = usize> + '_ {
        let columns = self.columns_between(area.min.x, area.max.x);
        let lanes = self.lanes_between(area.min.y, area.max.y);
        columns
            .flat_map(move |column| lanes.clone().map(move |lane| CellRef { column, lane }))
            .flat_map(|cell| self.cards_in_cell(cell).iter().copied())
            .filter(move |&index| self.cards[index].rect.intersects(&area))
    }

    /// The cell under a point of the grid.
    pub fn cell_at(&self, p: Point) -> Option<CellRef> {
        let column = self.columns.partition_point(|c| c.right < p.x);
        let lane = self.lanes.partition_point(|l| l.bottom < p.y);
        let cell = CellRef { column, lane };
        self.cell_rect(cell)
            .is_some_and(|rect| rect.contains(p))
            .then_some(cell)
    }

    /// The card under a point.
    pub fn card_at(&self, p: Point) -> Option<&CardBox> {
        let cell = self.cell_at(p)?;
        self.cards_in_cell(cell)
            .iter()
            .map(|&index| &self.cards[index])
            .find(|card| card.rect.contains(p))
    }

    /// The position within `cell` at which a card dropped at height `y` lands,
    /// not counting the cards in `moving`.
    pub fn slot_at(&self, cell: CellRef, y: f32, moving: &[CardId]) -> usize {
        self.cards_in_cell(cell)
            .iter()
            .map(|&index| &self.cards[index])
            .filter(|card| !moving.contains(&card.id))
            .take_while(|card| card.rect.center().y < y)
            .count()
    }

    /// Where a dropped card would be drawn at `slot` of `cell`, for the drop marker.
    pub fn slot_rect(&self, cell: CellRef, slot: usize) -> Option<Rect> {
        let column = self.columns.get(cell.column)?;
        let lane = self.lanes.get(cell.lane)?;
        Some(card_rect(column.left, lane.top, slot))
    }

    /// The connector whose curve passes within `tolerance` of `p`, the closest one.
    pub fn connector_at(&self, p: Point, tolerance: f32) -> Option<&ConnectorPath> {
        let limit = tolerance * tolerance;
        self.connectors
            .iter()
            .filter(|c| c.bounds.expand(tolerance).contains(p))
            .map(|c| (c, distance_sq_to_polyline(p, &c.points)))
            .filter(|(_, distance)| *distance <= limit)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c)
    }

    /// Where a stage dragged to `x` goes: its new index in the stage list,
    /// with the stage `moving` (at index `from`) taken out first.
    pub fn stage_drop_index(&self, x: f32, from: usize) -> usize {
        let before = self
            .stages
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != from)
            .take_while(|(_, stage)| stage.header.center().x < x)
            .count();
        before.min(self.stages.len().saturating_sub(1))
    }

    /// Where a step dragged to `x` goes: `(stage index, position in that stage)`,
    /// with the step at `from_column` taken out first. `None` when there is no stage.
    pub fn step_drop_target(&self, x: f32, from_column: usize) -> Option<(usize, usize)> {
        let stage_index = self
            .stages
            .iter()
            .position(|stage| x < stage.header.max.x)
            .unwrap_or(self.stages.len().checked_sub(1)?);
        let stage = &self.stages[stage_index];
        let position = (stage.first_column..stage.first_column + stage.column_count)
            .filter(|&column| column != from_column)
            .take_while(|&column| self.columns[column].header.center().x < x)
            .count();
        Some((stage_index, position))
    }

    /// Where a lane dragged to `y` goes: its new index in the document's lane
    /// list (hidden lanes count), with the lane at shown index `from` taken out.
    pub fn lane_drop_index(&self, y: f32, from: usize, doc_lane_count: usize) -> usize {
        let Some(moving) = self.lanes.get(from) else {
            return 0;
        };
        let below = self
            .lanes
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != from)
            .find(|(_, lane)| lane.header.center().y >= y);
        let index = match below {
            // Just above that lane, counted without the moving one.
            Some((_, lane)) if lane.doc_index > moving.doc_index => lane.doc_index - 1,
            Some((_, lane)) => lane.doc_index,
            // Below the last shown lane.
            None => self
                .lanes
                .iter()
                .filter(|lane| lane.id != moving.id)
                .map(|lane| {
                    if lane.doc_index > moving.doc_index {
                        lane.doc_index
                    } else {
                        lane.doc_index + 1
                    }
                })
                .max()
                .unwrap_or(moving.doc_index),
        };
        index.min(doc_lane_count.saturating_sub(1))
    }
}

/// The emotion curves of `doc`: per persona (the map's own first) and per
/// as-is / to-be, the mean score of each column's cards.
fn emotion_curves(
    doc: &Document,
    column_of: &HashMap<StepId, usize>,
    columns: usize,
) -> Vec<EmotionCurve> {
    let personas = std::iter::once(None).chain(doc.personas.iter().map(|p| Some(p.id)));
    let mut curves = Vec::new();
    for persona in personas {
        for to_be in [false, true] {
            // Sum, count and first card per column.
            let mut sums: Vec<(f64, u32, Option<CardId>)> = vec![(0.0, 0, None); columns];
            for card in doc.cards.iter().filter(|card| card.persona == persona) {
                let score = if to_be {
                    card.emotion_to_be
                } else {
                    card.emotion
                };
                if let (Some(score), Some(&column)) = (
                    score.filter(|score| score.is_finite()),
                    column_of.get(&card.step),
                ) {
                    let sum = &mut sums[column];
                    sum.0 += score;
                    sum.1 += 1;
                    sum.2.get_or_insert(card.id);
                }
            }
            let points: Vec<Option<EmotionPoint>> = sums
                .into_iter()
                .map(|(sum, count, card)| {
                    Some(EmotionPoint {
                        score: sum / f64::from(count),
                        card: card?,
                    })
                })
                .collect();
            if points.iter().any(Option::is_some) {
                curves.push(EmotionCurve {
                    persona,
                    to_be,
                    points,
                });
            }
        }
    }
    curves
}

/// Height of a lane whose fullest cell holds `cards` cards.
pub fn lane_height(cards: usize) -> f32 {
    let stacked = cards as f32 * (CARD_HEIGHT + CARD_GAP) - if cards > 0 { CARD_GAP } else { 0.0 };
    (2.0 * CELL_PADDING + stacked + ADD_ROOM).max(MIN_LANE_HEIGHT)
}

fn card_rect(column_left: f32, lane_top: f32, slot: usize) -> Rect {
    Rect::from_min_size(
        column_left + (COLUMN_WIDTH - CARD_WIDTH) / 2.0,
        lane_top + CELL_PADDING + slot as f32 * (CARD_HEIGHT + CARD_GAP),
        CARD_WIDTH,
        CARD_HEIGHT,
    )
}

fn distance_sq_to_polyline(p: Point, points: &[Point]) -> f32 {
    points
        .windows(2)
        .map(|pair| distance_sq_to_segment(p, pair[0], pair[1]))
        .fold(f32::INFINITY, f32::min)
}

fn distance_sq_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length_sq = dx * dx + dy * dy;
    if length_sq <= f32::EPSILON {
        return p.distance_sq(a);
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / length_sq).clamp(0.0, 1.0);
    p.distance_sq(Point::new(a.x + t * dx, a.y + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Session, ops};
    use crate::model::{Direction, LaneKind};

    /// Two stages (the second with two steps), three lanes, a few cards.
    fn sample() -> Session {
        let mut session = Session::unsaved(Document::new("test"));
        session.run(|d| ops::add_stage(d, 0, "Book")).unwrap();
        session.run(|d| ops::add_stage(d, 1, "Stay")).unwrap();
        let stay = session.doc().stages[1].id;
        session.run(|d| ops::add_step(d, stay, 1, "Sleep")).unwrap();
        session
            .run(|d| ops::add_lane(d, 0, "Guest", LaneKind::Customer))
            .unwrap();
        session
            .run(|d| ops::add_lane(d, 1, "Desk", LaneKind::Frontstage))
            .unwrap();
        session
            .run(|d| ops::add_lane(d, 2, "Kitchen", LaneKind::Backstage))
            .unwrap();
        let doc = session.doc().clone();
        let steps: Vec<StepId> = doc.columns().map(|(_, s)| s.id).collect();
        let lanes: Vec<LaneId> = doc.lanes.iter().map(|l| l.id).collect();
        for (step, lane, title) in [
            (steps[0], lanes[0], "a"),
            (steps[0], lanes[0], "b"),
            (steps[1], lanes[1], "c"),
            (steps[2], lanes[2], "d"),
        ] {
            session
                .run(|d| ops::add_card(d, step, lane, usize::MAX, title).0)
                .unwrap();
        }
        let ids: Vec<CardId> = session.doc().cards.iter().map(|c| c.id).collect();
        session
            .run(|d| ops::connect(d, ids[0], ids[2], Direction::OneWay).unwrap())
            .unwrap();
        session
            .run(|d| ops::connect(d, ids[2], ids[3], Direction::TwoWay).unwrap())
            .unwrap();
        session
    }

    fn title_of(doc: &Document, id: CardId) -> &str {
        &doc.card(id).unwrap().title
    }

    #[test]
    fn columns_follow_stages_and_steps() {
        let session = sample();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        assert_eq!(layout.columns.len(), 3);
        assert_eq!(layout.stages[1].first_column, 1);
        assert_eq!(layout.stages[1].column_count, 2);
        assert_eq!(layout.stages[1].header.width(), 2.0 * COLUMN_WIDTH);
        assert!(layout.columns[1].left >= layout.columns[0].right);
    }

    #[test]
    fn fullest_cell_sets_lane_height() {
        let session = sample();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        assert_eq!(layout.lanes[0].bottom - layout.lanes[0].top, lane_height(2));
        assert_eq!(layout.lanes[1].bottom - layout.lanes[1].top, lane_height(1));
        assert!(lane_height(2) > lane_height(1));
        assert_eq!(layout.lanes[1].top, layout.lanes[0].bottom);
    }

    #[test]
    fn cards_stack_in_document_order_and_are_found_by_point() {
        let session = sample();
        let doc = session.doc();
        let layout = Layout::compute(doc, LayoutOptions::default());
        let first = &layout.cards[0];
        let second = &layout.cards[1];
        assert_eq!((first.slot, second.slot), (0, 1));
        assert!(second.rect.min.y > first.rect.max.y);
        let hit = layout.card_at(second.rect.center()).unwrap();
        assert_eq!(title_of(doc, hit.id), "b");
        // A gap in a cell holds no card but is in the cell.
        let below = Point::new(second.rect.center().x, second.rect.max.y + 2.0);
        assert!(layout.card_at(below).is_none());
        assert_eq!(layout.cell_at(below), Some(second.cell));
        // Headers are outside the grid.
        assert!(layout.cell_at(Point::new(10.0, 10.0)).is_none());
    }

    #[test]
    fn slots_count_cards_above_the_drop_point() {
        let session = sample();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        let cell = layout.cards[0].cell;
        let [a, b] = [&layout.cards[0], &layout.cards[1]];
        assert_eq!(layout.slot_at(cell, a.rect.min.y - 1.0, &[]), 0);
        assert_eq!(layout.slot_at(cell, a.rect.max.y + 1.0, &[]), 1);
        assert_eq!(layout.slot_at(cell, b.rect.max.y + 1.0, &[]), 2);
        // The moving card does not count.
        assert_eq!(layout.slot_at(cell, b.rect.max.y + 1.0, &[a.id]), 1);
    }

    #[test]
    fn hiding_layers_drops_lanes_cards_and_connectors() {
        let session = sample();
        let doc = session.doc();
        let all = Layout::compute(doc, LayoutOptions::default());
        let front = Layout::compute(
            doc,
            LayoutOptions {
                layers: LayerPreset::FrontstageOnly,
            },
        );
        assert_eq!(all.lanes.len(), 3);
        assert_eq!(front.lanes.len(), 2);
        assert_eq!(front.hidden_lanes, 1);
        assert_eq!(front.cards.len(), 3);
        assert_eq!(front.connectors.len(), 1);
        assert_eq!(all.lines.len(), 2);
        assert_eq!(front.lines.len(), 1);
        assert_eq!(front.lines[0].line, BlueprintLine::Interaction);
        assert_eq!(front.lines[0].y, front.lanes[1].top);
    }

    #[test]
    fn connectors_are_hit_near_their_curve_only() {
        let session = sample();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        let path = &layout.connectors[0];
        let middle = path.points[path.points.len() / 2];
        assert_eq!(
            layout.connector_at(middle, 4.0).map(|c| c.id),
            Some(path.id)
        );
        let far = Point::new(middle.x, middle.y + 200.0);
        assert!(layout.connector_at(far, 4.0).map(|c| c.id) != Some(path.id));
        // Sideways between columns: starts at the right edge of the first card.
        let from = layout.card(path.from).unwrap();
        assert_eq!(path.points[0].x, from.rect.max.x);
    }

    #[test]
    fn misordered_lanes_are_flagged() {
        let mut session = sample();
        let kitchen = session.doc().lanes[2].id;
        session
            .execute(crate::edit::Command::MoveLane {
                id: kitchen,
                index: 0,
            })
            .unwrap();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        assert!(!layout.problems.is_empty());
        assert!(layout.lanes[0].misplaced);
    }

    #[test]
    fn drop_indices_account_for_the_moving_item() {
        let session = sample();
        let doc = session.doc();
        let layout = Layout::compute(doc, LayoutOptions::default());
        // Stage 0 dragged past the right end goes last.
        assert_eq!(layout.stage_drop_index(layout.bounds.max.x + 50.0, 0), 1);
        assert_eq!(layout.stage_drop_index(0.0, 1), 0);
        // Lane 0 dragged below everything goes last; lane 2 dragged to the top goes first.
        let bottom = layout.bounds.max.y + 10.0;
        assert_eq!(layout.lane_drop_index(bottom, 0, doc.lanes.len()), 2);
        assert_eq!(layout.lane_drop_index(0.0, 2, doc.lanes.len()), 0);
        // Lane 0 dropped between lanes 1 and 2 lands at index 1.
        let between = layout.lanes[2].top + 1.0;
        assert_eq!(layout.lane_drop_index(between, 0, doc.lanes.len()), 1);
        // The first step dragged into the second stage, before its first step.
        let x = layout.columns[1].left + 5.0;
        assert_eq!(layout.step_drop_target(x, 0), Some((1, 0)));
        // The last step dragged right of everything ends its own stage.
        assert_eq!(
            layout.step_drop_target(layout.bounds.max.x + 5.0, 2),
            Some((1, 1))
        );
    }

    #[test]
    fn lane_drop_index_counts_hidden_lanes() {
        let mut session = sample();
        // Guest, Desk, Kitchen, Tills (support) — hide back-stage and support,
        // then drag Guest below Desk: index 1 in the full list.
        session
            .run(|d| ops::add_lane(d, 3, "Tills", LaneKind::Support))
            .unwrap();
        let doc = session.doc();
        let layout = Layout::compute(
            doc,
            LayoutOptions {
                layers: LayerPreset::FrontstageOnly,
            },
        );
        assert_eq!(layout.lanes.len(), 2);
        let bottom = layout.bounds.max.y + 10.0;
        assert_eq!(layout.lane_drop_index(bottom, 0, doc.lanes.len()), 1);
    }

    #[test]
    fn a_picture_takes_a_fixed_slot_left_of_the_title() {
        let card = Rect::from_min_size(100.0, 50.0, CARD_WIDTH, CARD_HEIGHT);
        let plain = card_parts(card, false, false);
        assert_eq!(plain.picture, None);
        assert_eq!(plain.title.min, Point::new(107.0, 57.0));
        assert_eq!(plain.title.max, Point::new(273.0, 119.0));
        let marked = card_parts(card, true, false);
        assert_eq!(marked.title.max.y, 119.0 - MARKER_ROW);
        let pictured = card_parts(card, true, true);
        let slot = pictured.picture.unwrap();
        assert_eq!(slot.min, marked.title.min);
        assert_eq!(slot.height(), marked.title.height());
        assert!((slot.width() - CARD_WIDTH / 3.0).abs() < 1e-3);
        assert_eq!(pictured.title.min.x, slot.max.x + CARD_PADDING);
        assert_eq!(pictured.title.max, marked.title.max);
        // A card too small for its padding still gives rooms, never inverted.
        let tiny = card_parts(Rect::from_min_size(0.0, 0.0, 5.0, 5.0), true, true);
        assert!(tiny.title.width() >= 0.0 && tiny.title.height() >= 0.0);
    }

    #[test]
    fn culling_finds_only_overlapping_cards() {
        let session = sample();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        let first_column = Rect {
            min: Point::new(layout.columns[0].left, 0.0),
            max: Point::new(layout.columns[0].right - 1.0, layout.bounds.max.y),
        };
        let found: Vec<usize> = layout.cards_in(first_column).collect();
        assert_eq!(found, vec![0, 1]);
        let nowhere = Rect::from_min_size(-500.0, -500.0, 10.0, 10.0);
        assert_eq!(layout.cards_in(nowhere).count(), 0);
    }

    #[test]
    fn emotions_average_per_column_and_leave_gaps() {
        let mut session = sample();
        let ids: Vec<CardId> = session.doc().cards.iter().map(|c| c.id).collect();
        for (id, score) in [(ids[0], 1.0), (ids[1], -2.0), (ids[3], 2.0)] {
            session
                .execute(crate::edit::Command::SetCardField {
                    id,
                    field: crate::edit::CardField::Emotion(Some(score)),
                })
                .unwrap();
        }
        session
            .execute(crate::edit::Command::SetCardField {
                id: ids[1],
                field: crate::edit::CardField::EmotionToBe(Some(1.5)),
            })
            .unwrap();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        assert_eq!(layout.emotion_curves.len(), 2);
        let scores = |curve: &EmotionCurve| -> Vec<Option<f64>> {
            curve.points.iter().map(|p| p.map(|p| p.score)).collect()
        };
        let as_is = &layout.emotion_curves[0];
        assert!(!as_is.to_be && as_is.persona.is_none());
        assert_eq!(scores(as_is), vec![Some(-0.5), None, Some(2.0)]);
        assert_eq!(as_is.points[0].map(|p| p.card), Some(ids[0]));
        let to_be = &layout.emotion_curves[1];
        assert!(to_be.to_be);
        assert_eq!(scores(to_be), vec![Some(1.5), None, None]);
    }

    #[test]
    fn each_persona_with_scores_has_its_own_curve() {
        let mut session = sample();
        session.run(|d| ops::add_persona(d, "王女士")).unwrap();
        session.run(|d| ops::add_persona(d, "No scores")).unwrap();
        let persona = session.doc().personas[0].id;
        let ids: Vec<CardId> = session.doc().cards.iter().map(|c| c.id).collect();
        for field in [
            crate::edit::CardField::Persona(Some(persona)),
            crate::edit::CardField::Emotion(Some(-1.0)),
        ] {
            session
                .execute(crate::edit::Command::SetCardField { id: ids[2], field })
                .unwrap();
        }
        session
            .execute(crate::edit::Command::SetCardField {
                id: ids[0],
                field: crate::edit::CardField::Emotion(Some(1.0)),
            })
            .unwrap();
        let layout = Layout::compute(session.doc(), LayoutOptions::default());
        let owners: Vec<Option<PersonaId>> =
            layout.emotion_curves.iter().map(|c| c.persona).collect();
        assert_eq!(owners, vec![None, Some(persona)]);
        let persona_curve = &layout.emotion_curves[1];
        assert_eq!(persona_curve.points[0], None);
        assert_eq!(
            persona_curve.points[1],
            Some(EmotionPoint {
                score: -1.0,
                card: ids[2]
            })
        );
    }

    #[test]
    fn presets_show_journey_lanes_always() {
        for preset in LayerPreset::PRESETS {
            assert!(preset.shows(&LaneKind::Emotion));
            assert!(preset.shows(&LaneKind::Customer));
        }
        assert!(!LayerPreset::FrontstageOnly.shows(&LaneKind::Backstage));
        assert!(LayerPreset::UpToBackstage.shows(&LaneKind::Backstage));
        assert!(!LayerPreset::UpToBackstage.shows(&LaneKind::Support));
    }
}
