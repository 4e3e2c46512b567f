//! The display list of a map: rectangles, lines, polylines, arrow heads,
//! pictures and wrapped text runs in document space, computed once from the
//! document and its [`Layout`], with no window. Every exporter draws this list.
//!
//! Cards are laid out by the rules the canvas uses ([`layout::card_parts`],
//! [`TextMeasure::wrap_card_title`]), so a card reads the same on the screen
//! and in every export. The words the scene writes itself come from
//! [`words`] in the language of [`SceneOptions::language`].

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub mod colour;
pub mod matrix;
pub mod text;
pub mod votes;
pub mod words;

pub use colour::{Colour, Palette, Theme, lane_hue};

pub use text::TextMeasure;
pub use words::{Language, format_score};

use crate::layout::EmotionCurve;
use crate::layout::{
    self, CARD_FONT, CARD_PADDING, LINE_HEIGHT, Layout, LayoutOptions, MARKER_FONT, MARKER_ROW,
    PICTURE_PLACEHOLDER_SIDE, Point, Rect,
};
use crate::marker::{Marker, MarkerKinds, card_markers};
use crate::model::{
    BlueprintLine, CardId, ConnectorId, Direction, Document, EmotionScale, LaneKind, StepId,
};
use crate::pictures::{self, Thumbnail};
use words::ScaleEnd;

/// Room around the map.
const MARGIN: f32 = 24.0;
/// Height of the title block above the map.
const TITLE_BLOCK_HEIGHT: f32 = 64.0;

/// A line's width and colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Width in document units.
    pub width: f32,
    /// Colour.
    pub colour: Colour,
}

/// Where a text run's x lies on its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// At the left end.
    Start,
    /// In the middle.
    Middle,
}

/// Where lines of text sit in their box, from top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// From the top, as a card's title.
    Top,
    /// In the middle, as a badge's or a header's text.
    Centred,
}

/// Lines of text set in the font chain ([`TextMeasure`]), already wrapped.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// Horizontal position, see `anchor`.
    pub x: f32,
    /// Baseline of the first line.
    pub baseline: f32,
    /// Font size.
    pub size: f32,
    /// Distance between baselines.
    pub line_height: f32,
    /// Colour.
    pub colour: Colour,
    /// How the lines sit on `x`.
    pub anchor: Anchor,
    /// The lines, top to bottom.
    pub lines: Vec<String>,
}

/// One thing to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A rectangle with rounded corners, filled and/or outlined (the outline inside).
    Rect {
        /// Where.
        rect: Rect,
        /// Corner radius.
        radius: f32,
        /// Fill, if any.
        fill: Option<Colour>,
        /// Outline, if any.
        stroke: Option<Stroke>,
    },
    /// A straight or bent line through `points`, solid or dashed (`[dash, gap]`).
    Polyline {
        /// The points, at least two.
        points: Vec<Point>,
        /// Width and colour.
        stroke: Stroke,
        /// Dash and gap lengths; `None` for a solid line.
        dash: Option<[f32; 2]>,
    },
    /// A filled polygon (arrow heads, markers).
    Polygon {
        /// The corners.
        points: Vec<Point>,
        /// Fill.
        fill: Colour,
    },
    /// A circle, filled and/or outlined (the outline centred on the circle).
    Circle {
        /// The middle.
        center: Point,
        /// Radius.
        radius: f32,
        /// Fill, if any.
        fill: Option<Colour>,
        /// Outline, if any.
        stroke: Option<Stroke>,
    },
    /// Text.
    Text(TextRun),
    /// A card's picture, stretched to fill `rect` (the scene keeps its shape).
    Image {
        /// Where.
        rect: Rect,
        /// The decoded picture, shared by every card that shows the same file.
        picture: Arc<Thumbnail>,
    },
}

impl Item {
    /// The rectangle an item covers, in scene units; a text run's from its
    /// lines' measured widths and the font's ascender and descender.
    pub fn bounds(&self, measure: &TextMeasure) -> Rect {
        match self {
            Item::Rect { rect, stroke, .. } => rect.expand(stroke.map_or(0.0, |s| s.width / 2.0)),
            Item::Image { rect, .. } => *rect,
            Item::Polyline { points, stroke, .. } => {
                Rect::bounding(points).map_or(Rect::default(), |r| r.expand(stroke.width / 2.0))
            }
            Item::Polygon { points, .. } => Rect::bounding(points).unwrap_or_default(),
            Item::Circle {
                center,
                radius,
                stroke,
                ..
            } => Rect::from_min_size(
                center.x - radius,
                center.y - radius,
                2.0 * radius,
                2.0 * radius,
            )
            .expand(stroke.map_or(0.0, |s| s.width / 2.0)),
            Item::Text(run) => {
                let width = run
                    .lines
                    .iter()
                    .map(|line| measure.width(line, run.size))
                    .fold(0.0, f32::max);
                let left = match run.anchor {
                    Anchor::Start => run.x,
                    Anchor::Middle => run.x - width / 2.0,
                };
                let top = run.baseline - measure.ascent() * run.size;
                let bottom = run.baseline
                    + run.lines.len().saturating_sub(1) as f32 * run.line_height
                    + measure.descent() * run.size;
                Rect {
                    min: Point::new(left, top),
                    max: Point::new(left + width, bottom),
                }
            }
        }
    }
}

/// What an item of the display list shows. The canvas hit-tests, dims,
/// highlights and thins out detail by it; the exporters draw every item alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shows {
    /// The title block above the map.
    TitleBlock,
    /// Lane bands and grid lines.
    Grid,
    /// A stage header, by the stage's index in the layout.
    StageHeader(usize),
    /// A step header, by column.
    StepHeader(usize),
    /// A lane header, by the shown lane's index.
    LaneHeader(usize),
    /// A connector's line and arrow heads.
    Connector(ConnectorId),
    /// A connector's label.
    ConnectorLabel(ConnectorId),
    /// The critical path's outline around a card.
    CriticalOutline(CardId),
    /// A card's body: its fill and outline.
    Card(CardId),
    /// A card's picture, or the sign of a missing one.
    CardPicture(CardId),
    /// A card's title.
    CardTitle(CardId),
    /// A card's markers (moment of truth, pain, fail, wait, opportunity, score).
    CardMarkers(CardId),
    /// The marker of the actions that improve a card (a flag, a tick once all are done).
    CardActions(CardId),
    /// An emotion lane's neutral line, scale labels and legend, by the shown lane's index.
    EmotionScale(usize),
    /// The line of an emotion curve, by the shown lane's index.
    Curve(usize),
    /// A point of an emotion curve with its score and signs.
    CurvePoint {
        /// The shown lane's index.
        lane: usize,
        /// The card whose score the point shows (dragging the point sets it).
        card: CardId,
        /// A point of the to-be curve.
        to_be: bool,
    },
    /// A blueprint line.
    BlueprintLine(BlueprintLine),
    /// A blueprint line's label.
    LineLabel(BlueprintLine),
    /// A quadrant of the impact/effort matrix and its name, by its index in
    /// [`crate::model::Quadrant::ALL`].
    MatrixQuadrant(usize),
    /// The impact/effort matrix' axes and their names.
    MatrixAxis,
    /// An item of the impact/effort matrix: its card, title and dots.
    MatrixItem(CardId),
    /// A revealed round's heat over a card and its count ([`votes`]).
    Votes(CardId),
}

impl Shows {
    /// The card this item belongs to, if any.
    pub fn card(self) -> Option<CardId> {
        match self {
            Self::Card(id)
            | Self::CriticalOutline(id)
            | Self::CardPicture(id)
            | Self::CardTitle(id)
            | Self::CardMarkers(id)
            | Self::CardActions(id)
            | Self::Votes(id) => Some(id),
            _ => None,
        }
    }
}

/// The title block above the map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TitleBlock {
    /// The date written in it, as given (the library never reads the clock); empty for none.
    pub date: String,
}

/// What goes in a scene and how it looks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SceneOptions {
    /// Which lanes are shown.
    pub layout: LayoutOptions,
    /// Light or dark.
    pub theme: Theme,
    /// The title block, or none.
    pub title_block: Option<TitleBlock>,
    /// Draw markers (pain, fail, wait, moment of truth, emotion) on cards.
    pub markers: bool,
    /// Which kinds of marker are drawn when `markers` is on (the emotion score always is).
    pub marker_kinds: MarkerKinds,
    /// Outline the cards of the critical path.
    pub critical_path: bool,
    /// Draw the emotion curves in emotion lanes.
    pub emotion_curves: bool,
    /// The language of the words the scene writes itself (blueprint lines, markers).
    pub language: Language,
    /// How much larger than at 100 % card titles and line labels are set: 1 in
    /// every export; the canvas zoomed far out sets them larger (titles
    /// wrapped again into the same boxes), so the map still reads.
    pub text_scale: TextScale,
    /// The folder of the map file, where card pictures are looked up; `None`
    /// (a map never saved) draws every picture as the sign of a missing one.
    pub picture_folder: Option<PathBuf>,
}

impl SceneOptions {
    /// Where the map's document-space origin lands in a scene built with these
    /// options: the map is drawn moved by it, past the margin and the title block.
    pub fn map_origin(&self) -> Point {
        let title_block = if self.title_block.is_some() {
            TITLE_BLOCK_HEIGHT
        } else {
            0.0
        };
        Point::new(MARGIN, MARGIN + title_block)
    }
}

/// Space kept between two connector labels moved apart, in points.
const LABEL_GAP: f32 = 2.0;

/// A factor of at least 1 by which card titles and line labels are enlarged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextScale(f32);

impl TextScale {
    /// Text as large as at 100 %.
    pub const ONE: Self = Self(1.0);

    /// The factor `factor`, kept between 1 and 8 (1 when it is not a number).
    pub fn new(factor: f32) -> Self {
        Self(if factor.is_finite() {
            factor.clamp(1.0, 8.0)
        } else {
            1.0
        })
    }

    /// The factor.
    pub fn get(self) -> f32 {
        self.0
    }
}

impl Default for TextScale {
    fn default() -> Self {
        Self::ONE
    }
}

/// A map ready to draw: a size and a list of items, back to front.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Width of the drawing.
    pub width: f32,
    /// Height of the drawing.
    pub height: f32,
    /// Behind everything.
    pub background: Colour,
    /// What to draw, back to front.
    pub items: Vec<Item>,
    /// What each item shows, one entry per item of `items` (a scene put
    /// together by hand may leave it empty: the exporters never read it).
    pub shows: Vec<Shows>,
}

impl Scene {
    /// The display list of `doc` under `options`, text measured with `measure`.
    pub fn build(doc: &Document, options: &SceneOptions, measure: &TextMeasure) -> Self {
        let layout = Layout::compute(doc, options.layout);
        Self::of_layout(doc, &layout, options, measure, &mut PictureCache::default())
    }

    /// The display list of `doc` laid out as `layout` (computed with
    /// `options.layout`), decoding card pictures through `pictures`, which a
    /// caller drawing the same map again and again keeps between builds.
    pub fn of_layout(
        doc: &Document,
        layout: &Layout,
        options: &SceneOptions,
        measure: &TextMeasure,
        pictures: &mut PictureCache,
    ) -> Self {
        let palette = Palette::new(options.theme);
        let origin = options.map_origin();
        pictures.use_folder(options.picture_folder.as_deref());
        let capacity = layout.cards.len() * 6 + layout.columns.len() * 4;
        let mut builder = Builder {
            items: Vec::with_capacity(capacity),
            shows: Vec::with_capacity(capacity),
            now: Shows::Grid,
            offset: origin,
            measure,
            palette,
            language: options.language,
            marker_kinds: options.marker_kinds,
            text_scale: options.text_scale.get(),
            picture_folder: options.picture_folder.as_deref(),
            pictures: &mut pictures.decoded,
        };
        let flow = (options.critical_path || !doc.connectors.is_empty())
            .then(|| crate::analysis::analyze(doc));
        let critical: HashSet<CardId> = match &flow {
            Some(flow) if options.critical_path => flow.critical_path.iter().copied().collect(),
            _ => HashSet::new(),
        };
        if let Some(block) = &options.title_block {
            builder.title_block(doc, block, layout.bounds.width().max(400.0));
        }
        builder.grid(layout);
        builder.headers(layout);
        if options.emotion_curves {
            builder.emotion_curves(doc, layout, options.markers);
        }
        let labelled = builder.connectors(layout, flow.as_ref(), &critical);
        builder.cards(doc, layout, options.markers, &critical);
        builder.connector_labels(layout, &labelled);
        builder.lines(layout);
        Self {
            width: layout.bounds.width().max(400.0) + 2.0 * MARGIN,
            height: layout.bounds.height() + origin.y + MARGIN,
            background: palette.background,
            items: builder.items,
            shows: builder.shows,
        }
    }

    /// Each item with what it shows, back to front.
    pub fn tagged(&self) -> impl Iterator<Item = (Shows, &Item)> {
        self.shows.iter().copied().zip(&self.items)
    }

    /// Every line of text in the scene, in drawing order.
    pub fn text_lines(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .flat_map(|item| match item {
                Item::Text(run) => run.lines.as_slice(),
                _ => &[],
            })
            .map(String::as_str)
    }
}

/// Card pictures decoded for drawing, by path, kept between builds of the same map.
#[derive(Debug, Default)]
pub struct PictureCache {
    /// The folder the paths are relative to.
    folder: Option<PathBuf>,
    /// Each picture path met so far, decoded, or `None` when it cannot be shown.
    decoded: HashMap<String, Option<Arc<Thumbnail>>>,
}

impl PictureCache {
    /// Forgets every picture when the map's folder changes.
    fn use_folder(&mut self, folder: Option<&Path>) {
        if self.folder.as_deref() != folder {
            self.folder = folder.map(Path::to_path_buf);
            self.decoded.clear();
        }
    }
}

struct Builder<'a> {
    items: Vec<Item>,
    /// What each item shows.
    shows: Vec<Shows>,
    /// What the items pushed now show.
    now: Shows,
    /// Where the map's origin lands in the drawing.
    offset: Point,
    measure: &'a TextMeasure,
    palette: Palette,
    language: Language,
    marker_kinds: MarkerKinds,
    /// Card titles and line labels are enlarged by this.
    text_scale: f32,
    picture_folder: Option<&'a Path>,
    /// Each picture path met so far, decoded, or `None` when it cannot be shown.
    pictures: &'a mut HashMap<String, Option<Arc<Thumbnail>>>,
}

impl Builder<'_> {
    /// Adds an item showing what `now` says.
    fn push(&mut self, item: Item) {
        self.items.push(item);
        self.shows.push(self.now);
    }

    fn at(&self, p: Point) -> Point {
        Point::new(p.x + self.offset.x, p.y + self.offset.y)
    }

    fn rect(&self, r: Rect) -> Rect {
        Rect {
            min: self.at(r.min),
            max: self.at(r.max),
        }
    }

    fn fill(&mut self, rect: Rect, radius: f32, fill: Colour, stroke: Option<Stroke>) {
        self.push(Item::Rect {
            rect,
            radius,
            fill: Some(fill),
            stroke,
        });
    }

    fn line(&mut self, from: Point, to: Point, stroke: Stroke, dash: Option<[f32; 2]>) {
        self.push(Item::Polyline {
            points: vec![from, to],
            stroke,
            dash,
        });
    }

    /// Text wrapped into the box `area`, as many lines as fit, centred
    /// vertically (left aligned or centred horizontally).
    fn text_in(&mut self, text: &str, area: Rect, size: f32, colour: Colour, anchor: Anchor) {
        let lines = self
            .measure
            .wrap_in_box(text, size, area.width(), area.height());
        self.lines_in(lines, area, size, colour, anchor, Placement::Centred);
    }

    /// Lines already wrapped, set in the box `area`: each line's em box (the
    /// font's ascender to its descender) sits in the middle of its line
    /// height, and the lines sit at the top of the box or in its middle.
    fn lines_in(
        &mut self,
        lines: Vec<String>,
        area: Rect,
        size: f32,
        colour: Colour,
        anchor: Anchor,
        placement: Placement,
    ) {
        let line_height = size * LINE_HEIGHT;
        if lines.iter().all(String::is_empty) {
            return;
        }
        let x = match anchor {
            Anchor::Start => area.min.x,
            Anchor::Middle => area.center().x,
        };
        let (ascent, descent) = (self.measure.ascent() * size, self.measure.descent() * size);
        let em = ascent + descent;
        let em_top = match placement {
            Placement::Top => area.min.y + (line_height - em) / 2.0,
            Placement::Centred => {
                let block = (lines.len() - 1) as f32 * line_height + em;
                area.center().y - block / 2.0
            }
        };
        self.push(Item::Text(TextRun {
            x,
            baseline: em_top + ascent,
            size,
            line_height,
            colour,
            anchor,
            lines,
        }));
    }

    fn title_block(&mut self, doc: &Document, block: &TitleBlock, width: f32) {
        self.now = Shows::TitleBlock;
        let colour = self.palette.header_text;
        let title = Rect::from_min_size(MARGIN, MARGIN - 4.0, width, 32.0);
        self.text_in(&doc.meta.title, title, 22.0, colour, Anchor::Start);
        let personas: Vec<&str> = doc
            .meta
            .personas
            .iter()
            .filter_map(|id| doc.persona(*id))
            .map(|persona| persona.name.as_str())
            .collect();
        let personas = personas.join(" · ");
        let subtitle: Vec<&str> = [personas.as_str(), block.date.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
        let line = Rect::from_min_size(MARGIN, MARGIN + 30.0, width, 20.0);
        self.text_in(
            &subtitle.join("  |  "),
            line,
            13.0,
            self.palette.neutral,
            Anchor::Start,
        );
    }

    fn grid(&mut self, layout: &Layout) {
        self.now = Shows::Grid;
        let grid = layout.grid();
        let line = Stroke {
            width: 1.0,
            colour: self.palette.grid_line,
        };
        for lane in &layout.lanes {
            let band = self.rect(Rect {
                min: Point::new(grid.min.x, lane.top),
                max: Point::new(grid.max.x, lane.bottom),
            });
            let colour = self.palette.lane_band(lane_hue(&lane.kind));
            self.fill(band, 0.0, colour, None);
            self.line(
                self.at(Point::new(grid.min.x, lane.bottom)),
                self.at(Point::new(grid.max.x, lane.bottom)),
                line,
                None,
            );
        }
        let stage_line = Stroke {
            width: 1.5,
            colour: self.palette.stage_line,
        };
        for (index, column) in layout.columns.iter().enumerate() {
            let ends_stage = layout
                .columns
                .get(index + 1)
                .is_none_or(|next| next.stage != column.stage);
            self.line(
                self.at(Point::new(column.right, grid.min.y)),
                self.at(Point::new(column.right, grid.max.y)),
                if ends_stage { stage_line } else { line },
                None,
            );
        }
    }

    fn headers(&mut self, layout: &Layout) {
        let border = Some(Stroke {
            width: 1.0,
            colour: self.palette.grid_line,
        });
        let (fill, text) = (self.palette.header_fill, self.palette.header_text);
        for (index, stage) in layout.stages.iter().enumerate() {
            self.now = Shows::StageHeader(index);
            let rect = self.rect(stage.header);
            self.fill(rect, 0.0, fill, border);
            let inner = Rect {
                min: Point::new(rect.min.x + 8.0, rect.min.y + 8.0),
                max: Point::new(rect.max.x - 8.0, rect.max.y - 6.0),
            };
            self.text_in(&stage.name, inner, 15.0, text, Anchor::Middle);
        }
        for (index, column) in layout.columns.iter().enumerate() {
            self.now = Shows::StepHeader(index);
            let rect = self.rect(column.header);
            self.fill(rect, 0.0, fill, border);
            let inner = Rect {
                min: Point::new(rect.min.x + 6.0, rect.min.y + 7.0),
                max: Point::new(rect.max.x - 6.0, rect.max.y - 5.0),
            };
            self.text_in(&column.name, inner, 12.5, text, Anchor::Middle);
        }
        for (index, lane) in layout.lanes.iter().enumerate() {
            self.now = Shows::LaneHeader(index);
            let hue = lane_hue(&lane.kind);
            let rect = self.rect(lane.header);
            self.fill(rect, 0.0, hue, None);
            let inner = Rect {
                min: Point::new(rect.min.x + 10.0, rect.min.y + 10.0),
                max: Point::new(rect.max.x - 10.0, rect.max.y - 10.0),
            };
            let colour = self.palette.text_on(hue);
            self.text_in(&lane.name, inner, 14.0, colour, Anchor::Start);
        }
    }

    /// Every connector: solid, or dashed where it closes a rework loop;
    /// in the critical path's colour where it is a step of that path. Returns
    /// the connectors with a label, for [`Self::connector_labels`].
    fn connectors(
        &mut self,
        layout: &Layout,
        flow: Option<&crate::analysis::Flow>,
        critical: &HashSet<CardId>,
    ) -> Vec<(usize, Stroke)> {
        let critical_steps: HashSet<(CardId, CardId)> = flow
            .filter(|_| !critical.is_empty())
            .map(|flow| {
                flow.critical_path
                    .windows(2)
                    .map(|pair| (pair[0], pair[1]))
                    .collect()
            })
            .unwrap_or_default();
        let mut labelled = Vec::new();
        for (index, connector) in layout.connectors.iter().enumerate() {
            self.now = Shows::Connector(connector.id);
            let (from, to) = (connector.from, connector.to);
            let on_path = critical_steps.contains(&(from, to))
                || (connector.direction == Direction::TwoWay
                    && critical_steps.contains(&(to, from)));
            let stroke = if on_path {
                Stroke {
                    width: 2.6,
                    colour: self.palette.critical,
                }
            } else {
                Stroke {
                    width: 1.6,
                    colour: self.palette.connector,
                }
            };
            let rework = flow.is_some_and(|flow| {
                flow.loops
                    .iter()
                    .any(|cards| cards.contains(&from) && cards.contains(&to))
            });
            let points: Vec<Point> = connector.points.iter().map(|p| self.at(*p)).collect();
            self.arrow_head(&points, stroke.colour);
            if connector.direction == Direction::TwoWay {
                let reversed: Vec<Point> = points.iter().rev().copied().collect();
                self.arrow_head(&reversed, stroke.colour);
            }
            self.push(Item::Polyline {
                points,
                stroke,
                dash: rework.then_some([7.0, 4.0]),
            });
            if !connector.label.trim().is_empty() {
                labelled.push((index, stroke));
            }
        }
        labelled
    }

    /// The labels of the connectors `labelled` (their place in the layout and
    /// their line), drawn over the cards so a label in a narrow gap stays whole.
    /// A label that would cover one drawn before it moves sideways beside it
    /// (two connectors between the same cards run through the same gap).
    fn connector_labels(&mut self, layout: &Layout, labelled: &[(usize, Stroke)]) {
        let mut placed: Vec<Rect> = Vec::with_capacity(labelled.len());
        for &(index, stroke) in labelled {
            let connector = &layout.connectors[index];
            self.now = Shows::ConnectorLabel(connector.id);
            let middle = self.at(connector.label_at);
            let size = MARKER_FONT;
            let lines = self.measure.wrap(&connector.label, size, 160.0, 1);
            let width = lines.first().map_or(0.0, |l| self.measure.width(l, size));
            let mut back = Rect::from_min_size(
                middle.x - width / 2.0 - 4.0,
                middle.y - size * 0.7 - 2.0,
                width + 8.0,
                size * 1.4 + 4.0,
            );
            // Each move clears one label; a label can only collide with as many as were placed.
            for _ in 0..=placed.len() {
                let Some(other) = placed.iter().find(|other| other.overlaps(&back)) else {
                    break;
                };
                let shift = if back.center().x >= other.center().x {
                    other.max.x + LABEL_GAP - back.min.x
                } else {
                    other.min.x - LABEL_GAP - back.max.x
                };
                back.min.x += shift;
                back.max.x += shift;
            }
            placed.push(back);
            let background = self.palette.background;
            self.fill(back, 3.0, background, Some(stroke));
            self.text_in(
                &connector.label,
                back,
                size,
                self.palette.header_text,
                Anchor::Middle,
            );
        }
    }

    /// A filled triangle at the end of `points`, pointing along the last piece.
    fn arrow_head(&mut self, points: &[Point], colour: Colour) {
        const SIZE: f32 = 9.0;
        let [.., before, tip] = points else {
            return;
        };
        let (dx, dy) = (tip.x - before.x, tip.y - before.y);
        let length = (dx * dx + dy * dy).sqrt();
        if length <= f32::EPSILON || !length.is_finite() {
            return;
        }
        let (ux, uy) = (dx / length, dy / length);
        let back = Point::new(tip.x - ux * SIZE, tip.y - uy * SIZE);
        let (sx, sy) = (-uy * SIZE * 0.5, ux * SIZE * 0.5);
        self.push(Item::Polygon {
            points: vec![
                *tip,
                Point::new(back.x + sx, back.y + sy),
                Point::new(back.x - sx, back.y - sy),
            ],
            fill: colour,
        });
    }

    fn cards(
        &mut self,
        doc: &Document,
        layout: &Layout,
        markers: bool,
        critical: &HashSet<CardId>,
    ) {
        for card_box in &layout.cards {
            let Some(card) = layout.doc_card(doc, card_box) else {
                continue;
            };
            let lane = &layout.lanes[card_box.cell.lane];
            let hue = lane_hue(&lane.kind);
            let fill = card
                .colour
                .as_deref()
                .and_then(Colour::parse_hex)
                .unwrap_or_else(|| self.palette.card_fill(hue));
            let rect = self.rect(card_box.rect);
            if critical.contains(&card.id) {
                self.now = Shows::CriticalOutline(card.id);
                self.push(Item::Rect {
                    rect: Rect {
                        min: Point::new(rect.min.x - 3.0, rect.min.y - 3.0),
                        max: Point::new(rect.max.x + 3.0, rect.max.y + 3.0),
                    },
                    radius: 8.0,
                    fill: None,
                    stroke: Some(Stroke {
                        width: 2.5,
                        colour: self.palette.critical,
                    }),
                });
            }
            self.now = Shows::Card(card.id);
            self.fill(
                rect,
                6.0,
                fill,
                Some(Stroke {
                    width: 1.5,
                    colour: hue,
                }),
            );
            let signs = if markers {
                let mut signs = card_markers(card, doc);
                signs.retain(|sign| self.marker_kinds.shows(sign));
                signs
            } else {
                Vec::new()
            };
            let marker_row = if signs.is_empty() { 0.0 } else { MARKER_ROW };
            let parts =
                layout::card_parts(card_box.rect, !signs.is_empty(), card.picture.is_some());
            let colour = self.palette.text_on(fill);
            if let (Some(picture), Some(slot)) = (card.picture.as_deref(), parts.picture) {
                self.now = Shows::CardPicture(card.id);
                let slot = self.rect(slot);
                self.picture(picture, slot, colour);
            }
            // Wrapped in document space, exactly as the canvas wraps it.
            let size = CARD_FONT * self.text_scale;
            let lines = if self.text_scale > 1.0 {
                self.measure.wrap_in_box(
                    &card.title,
                    size,
                    parts.title.width(),
                    parts.title.height(),
                )
            } else {
                self.measure
                    .wrap_card_title(&card.title, parts.title.width(), parts.title.height())
            };
            let title = self.rect(parts.title);
            self.now = Shows::CardTitle(card.id);
            self.lines_in(lines, title, size, colour, Anchor::Start, Placement::Top);
            if !signs.is_empty() {
                self.now = Shows::CardMarkers(card.id);
                let row = Rect {
                    min: Point::new(
                        rect.min.x + CARD_PADDING,
                        rect.max.y - CARD_PADDING - marker_row,
                    ),
                    max: Point::new(rect.max.x - CARD_PADDING, rect.max.y - CARD_PADDING * 0.5),
                };
                self.markers(card.id, &signs, row);
            }
        }
    }

    /// A card's picture fitted into the top left of `slot`, or, when it cannot be
    /// shown, the canvas' sign of a missing picture: a frame crossed out.
    fn picture(&mut self, path: &str, slot: Rect, colour: Colour) {
        let folder = self.picture_folder;
        let decoded = self
            .pictures
            .entry(path.to_owned())
            .or_insert_with(|| pictures::load(folder, path).ok().map(Arc::new));
        if let Some(picture) = decoded.as_ref().filter(|p| p.width > 0 && p.height > 0) {
            let (width, height) = (picture.width as f32, picture.height as f32);
            let scale = (slot.width() / width).min(slot.height() / height);
            if scale.is_finite() && scale > 0.0 {
                let picture = Arc::clone(picture);
                self.push(Item::Image {
                    rect: Rect::from_min_size(
                        slot.min.x,
                        slot.min.y,
                        width * scale,
                        height * scale,
                    ),
                    picture,
                });
            }
            return;
        }
        let side = PICTURE_PLACEHOLDER_SIDE.min(slot.height()).max(0.0);
        let icon = Rect::from_min_size(slot.min.x, slot.min.y, side, side);
        let stroke = Stroke {
            width: 1.0,
            colour: Colour { a: 178, ..colour },
        };
        self.push(Item::Rect {
            rect: icon,
            radius: 2.0,
            fill: None,
            stroke: Some(stroke),
        });
        let inset = side * 0.2;
        let (left, right) = (icon.min.x + inset, icon.max.x - inset);
        let (top, bottom) = (icon.min.y + inset, icon.max.y - inset);
        self.line(
            Point::new(left, bottom),
            Point::new(right, top),
            stroke,
            None,
        );
        self.line(
            Point::new(left, top),
            Point::new(right, bottom),
            stroke,
            None,
        );
    }

    /// Markers left to right in `row`, the emotion score at its right end;
    /// a marker that would run into the score is left out.
    fn markers(&mut self, card: CardId, signs: &[Marker], row: Rect) {
        let height = row.height().min(15.0);
        let y = row.center().y;
        let mut x = row.min.x;
        let mut right = row.max.x;
        if let Some(&Marker::Emotion(score, side)) = signs.last() {
            let fill = match side {
                Ordering::Greater => self.palette.positive,
                Ordering::Less => self.palette.danger,
                Ordering::Equal => self.palette.neutral,
            };
            let text = format_score(score);
            let width = self.measure.width(&text, MARKER_FONT) + 10.0;
            let pill = Rect::from_min_size(row.max.x - width, y - height / 2.0, width, height);
            self.badge(&text, pill, height / 2.0, fill);
            right = pill.min.x - 3.0;
        }
        for &sign in signs {
            let square = Rect::from_min_size(x, y - height / 2.0, height, height);
            let width = match sign {
                Marker::Wait(minutes) => {
                    let text = words::wait_marker(minutes, self.language);
                    self.measure.width(&text, MARKER_FONT) + 8.0
                }
                Marker::Actions { count, .. } if count > 1 => {
                    height + self.measure.width(&count.to_string(), MARKER_FONT) + 3.0
                }
                Marker::Emotion(..) => continue,
                _ => height,
            };
            if x + width > right {
                break;
            }
            match sign {
                Marker::MomentOfTruth => {
                    self.star(square.center(), height * 0.55, self.palette.star);
                }
                Marker::Pain => {
                    self.push(Item::Circle {
                        center: square.center(),
                        radius: height / 2.0,
                        fill: Some(self.palette.danger),
                        stroke: None,
                    });
                    let colour = self.palette.text_on(self.palette.danger);
                    self.text_in("!", square, MARKER_FONT, colour, Anchor::Middle);
                }
                Marker::Fail => self.badge("F", square, 2.0, self.palette.danger),
                Marker::Wait(minutes) => {
                    let text = words::wait_marker(minutes, self.language);
                    let pill = Rect::from_min_size(x, y - height / 2.0, width, height);
                    self.badge(&text, pill, height / 2.0, self.palette.wait);
                }
                Marker::Opportunity => {
                    let (c, r) = (square.center(), height / 2.0);
                    self.push(Item::Polygon {
                        points: vec![
                            Point::new(c.x, c.y - r),
                            Point::new(c.x + r, c.y),
                            Point::new(c.x, c.y + r),
                            Point::new(c.x - r, c.y),
                        ],
                        fill: self.palette.positive,
                    });
                }
                Marker::Actions { count, done } => {
                    let pill = Rect::from_min_size(x, y - height / 2.0, width, height);
                    self.now = Shows::CardActions(card);
                    self.action_badge(pill, count, done);
                    self.now = Shows::CardMarkers(card);
                }
                Marker::Emotion(..) => {}
            }
            x += width + 3.0;
        }
    }

    /// The actions' marker in `rect`: a flag on a dark box (light in the dark theme), or a
    /// tick on green once every action is done, followed by the count when there are several.
    fn action_badge(&mut self, rect: Rect, count: usize, done: bool) {
        let fill = if done {
            self.palette.positive
        } else {
            self.palette.header_text
        };
        self.fill(rect, 3.0, fill, None);
        let ink = self.palette.text_on(fill);
        let side = rect.height();
        let at = |fx: f32, fy: f32| Point::new(rect.min.x + side * fx, rect.min.y + side * fy);
        let stroke = Stroke {
            width: (side * 0.12).max(1.0),
            colour: ink,
        };
        if done {
            self.push(Item::Polyline {
                points: vec![at(0.22, 0.52), at(0.42, 0.72), at(0.78, 0.28)],
                stroke,
                dash: None,
            });
        } else {
            self.line(at(0.3, 0.2), at(0.3, 0.82), stroke, None);
            self.push(Item::Polygon {
                points: vec![at(0.3, 0.2), at(0.78, 0.36), at(0.3, 0.52)],
                fill: ink,
            });
        }
        if count > 1 {
            let text = Rect {
                min: Point::new(rect.min.x + side * 0.8, rect.min.y),
                max: rect.max,
            };
            self.text_in(&count.to_string(), text, MARKER_FONT, ink, Anchor::Middle);
        }
    }

    /// A filled box with `text` centred in it, in the colour that reads on the fill.
    fn badge(&mut self, text: &str, rect: Rect, radius: f32, fill: Colour) {
        self.fill(rect, radius, fill, None);
        let colour = self.palette.text_on(fill);
        self.text_in(text, rect, MARKER_FONT, colour, Anchor::Middle);
    }

    /// A five-pointed star as convex pieces (a pentagon with a triangle on each side),
    /// so every backend fills it the same way.
    fn star(&mut self, center: Point, radius: f32, fill: Colour) {
        let inner = radius * 0.42;
        let point = |index: usize, r: f32| {
            let angle = -std::f32::consts::FRAC_PI_2 + index as f32 * std::f32::consts::PI / 5.0;
            Point::new(center.x + angle.cos() * r, center.y + angle.sin() * r)
        };
        for i in 0..5 {
            self.push(Item::Polygon {
                points: vec![
                    point(2 * i, radius),
                    point(2 * i + 1, inner),
                    point((2 * i + 9) % 10, inner),
                ],
                fill,
            });
        }
        self.push(Item::Polygon {
            points: (0..5).map(|i| point(2 * i + 1, inner)).collect(),
            fill,
        });
    }

    fn lines(&mut self, layout: &Layout) {
        let grid = layout.grid();
        let colour = self.palette.blueprint_line;
        let stroke = Stroke { width: 2.5, colour };
        for rule in &layout.lines {
            self.now = Shows::BlueprintLine(rule.line);
            let dash = (rule.line == BlueprintLine::Visibility).then_some([10.0, 6.0]);
            let from = self.at(Point::new(grid.min.x, rule.y));
            let to = self.at(Point::new(grid.max.x, rule.y));
            self.line(from, to, stroke, dash);
            self.now = Shows::LineLabel(rule.line);
            let label = words::line_label(rule.line, self.language);
            let size = 12.0 * self.text_scale;
            let width = self.measure.width(label, size);
            let back = Rect::from_min_size(
                from.x + rule.label_offset(self.text_scale),
                from.y - 6.0 - size * 1.3,
                width + 10.0,
                size * 1.3,
            );
            let background = self.palette.background;
            self.fill(back, 3.0, background, Some(Stroke { width: 1.0, colour }));
            self.text_in(label, back, size, colour, Anchor::Middle);
        }
    }
}

/// Colours of the persona curves, in persona order (the map's own curve takes the lane's hue).
const PERSONA_COLOURS: [Colour; 6] = [
    Colour::rgb(0x2b, 0x6c, 0xb0),
    Colour::rgb(0x2f, 0x85, 0x5a),
    Colour::rgb(0xc0, 0x56, 0x21),
    Colour::rgb(0x6b, 0x46, 0xc1),
    Colour::rgb(0x0f, 0x76, 0x6e),
    Colour::rgb(0x97, 0x5a, 0x16),
];

/// Size of the signs under an emotion point.
const POINT_SIGN: f32 = 12.0;
/// Radius of an as-is emotion point.
const POINT_RADIUS: f32 = 5.0;

/// What a column's cards mark, shown under its emotion point.
#[derive(Clone, Copy, Debug, Default)]
struct ColumnMarks {
    truth: bool,
    pain: bool,
    fail: bool,
    wait: bool,
}

impl Builder<'_> {
    /// In each shown emotion lane: the neutral line, every curve (as-is solid,
    /// to-be dashed, a gap where a column has no score), its points with their
    /// scores, the signs of the column's pain, fail and wait points, the
    /// lowest point ringed, the words of the scale and a legend placed where it
    /// covers no point.
    fn emotion_curves(&mut self, doc: &Document, layout: &Layout, markers: bool) {
        let scale = layout.emotion_scale;
        if !scale.is_valid() {
            return;
        }
        let marks = column_marks(doc, layout);
        let grid = layout.grid();
        for (lane_index, lane) in layout.lanes.iter().enumerate() {
            if lane.kind != LaneKind::Emotion {
                continue;
            }
            let inset = 2.0 * layout::CELL_PADDING;
            let (top, bottom) = (lane.top + inset, lane.bottom - inset);
            let y_of = |score: f64| {
                let t = ((scale.max - score) / (scale.max - scale.min)).clamp(0.0, 1.0) as f32;
                top + t * (bottom - top)
            };
            self.now = Shows::EmotionScale(lane_index);
            let neutral = y_of(scale.neutral);
            let stroke = Stroke {
                width: 1.0,
                colour: self.palette.neutral,
            };
            self.line(
                self.at(Point::new(grid.min.x, neutral)),
                self.at(Point::new(grid.max.x, neutral)),
                stroke,
                Some([6.0, 4.0]),
            );
            let hue = lane_hue(&lane.kind);
            // Where points and their labels sit, so the legend can keep clear of them.
            let mut taken: Vec<Rect> = Vec::new();
            for curve in &layout.emotion_curves {
                let colour = curve_colour(doc, curve, hue);
                let points: Vec<Option<(Point, f64, usize, CardId)>> = curve
                    .points
                    .iter()
                    .zip(&layout.columns)
                    .enumerate()
                    .map(|(column_index, (point, column))| {
                        let point = (*point)?;
                        let at = self.at(Point::new(
                            (column.left + column.right) / 2.0,
                            y_of(point.score),
                        ));
                        Some((at, point.score, column_index, point.card))
                    })
                    .collect();
                self.now = Shows::Curve(lane_index);
                for run in points.split(Option::is_none) {
                    let run: Vec<Point> = run.iter().flatten().map(|(p, ..)| *p).collect();
                    if run.len() >= 2 {
                        self.push(Item::Polyline {
                            points: smooth_curve(&run),
                            stroke: Stroke {
                                width: if curve.to_be { 2.5 } else { 3.0 },
                                colour,
                            },
                            dash: curve.to_be.then_some([8.0, 5.0]),
                        });
                    }
                }
                let lowest = (!curve.to_be)
                    .then(|| {
                        points
                            .iter()
                            .flatten()
                            .map(|(_, score, ..)| *score)
                            .min_by(f64::total_cmp)
                    })
                    .flatten()
                    .filter(|score| *score < scale.neutral);
                for &(center, score, column, card) in points.iter().flatten() {
                    self.now = Shows::CurvePoint {
                        lane: lane_index,
                        card,
                        to_be: curve.to_be,
                    };
                    let k = self.text_scale;
                    taken.push(Rect {
                        min: Point::new(center.x - 16.0 * k, center.y - 30.0 * k),
                        max: Point::new(center.x + 16.0 * k, center.y + 24.0 * k),
                    });
                    let mark = if markers {
                        marks.get(column).copied().unwrap_or_default()
                    } else {
                        ColumnMarks::default()
                    };
                    self.curve_point(center, score, colour, curve.to_be, lowest == Some(score));
                    if curve.to_be {
                        continue;
                    }
                    self.point_signs(center, mark);
                    let above = center.y - (POINT_RADIUS + 2.0) * k;
                    if mark.truth && self.marker_kinds.moment_of_truth {
                        let star = Point::new(center.x, above - 9.0 * k);
                        self.star(star, 9.0 * k, self.palette.star);
                    } else {
                        let size = 11.5 * k;
                        let label = Rect {
                            min: Point::new(center.x - 30.0 * k, above - size * LINE_HEIGHT),
                            max: Point::new(center.x + 30.0 * k, above),
                        };
                        let text = format_score(score);
                        let colour = self.palette.header_text;
                        self.text_in(&text, label, size, colour, Anchor::Middle);
                    }
                }
            }
            self.now = Shows::EmotionScale(lane_index);
            self.scale_labels(grid.min.x, &y_of, scale);
            let area = self.rect(Rect {
                min: Point::new(grid.min.x, lane.top),
                max: Point::new(grid.max.x, lane.bottom),
            });
            self.legend(doc, layout, area, hue, &taken);
        }
    }

    /// One point of a curve: filled on the side of neutral it lies for the
    /// as-is curve, hollow for the to-be curve; the lowest as-is point ringed.
    fn curve_point(&mut self, center: Point, score: f64, colour: Colour, to_be: bool, low: bool) {
        let k = self.text_scale;
        if low {
            // The low point reads from across the room.
            self.push(Item::Circle {
                center,
                radius: 11.0 * k,
                fill: None,
                stroke: Some(Stroke {
                    width: 3.0,
                    colour: self.palette.danger,
                }),
            });
        }
        let (radius, fill, width) = if to_be {
            (POINT_RADIUS * 0.8 * k, self.palette.background, 2.0)
        } else {
            let side = if score > 0.0 {
                self.palette.positive
            } else if score < 0.0 {
                self.palette.danger
            } else {
                self.palette.neutral
            };
            (POINT_RADIUS * k, side, 1.5)
        };
        self.push(Item::Circle {
            center,
            radius,
            fill: Some(fill),
            stroke: Some(Stroke { width, colour }),
        });
    }

    /// Small signs under an emotion point for the pain, fail and wait points of its column.
    fn point_signs(&mut self, point: Point, mark: ColumnMarks) {
        let kinds = self.marker_kinds;
        let signs = [
            (mark.pain && kinds.pain, "!", self.palette.danger, true),
            (mark.fail && kinds.fail, "F", self.palette.danger, false),
            (mark.wait && kinds.wait, "W", self.palette.wait, false),
        ];
        let count = signs.iter().filter(|sign| sign.0).count();
        let size = POINT_SIGN * self.text_scale;
        let mut x = point.x - (count as f32 * (size + 2.0) - 2.0) / 2.0;
        let top = point.y + size * 0.6 + 4.0 - size / 2.0;
        for (on, text, fill, round) in signs {
            if !on {
                continue;
            }
            let rect = Rect::from_min_size(x, top, size, size);
            self.fill(rect, if round { size / 2.0 } else { 2.0 }, fill, None);
            let colour = self.palette.text_on(fill);
            self.text_in(text, rect, size * 0.75, colour, Anchor::Middle);
            x += size + 2.0;
        }
    }

    /// The words and values of the scale at its top, neutral point and bottom,
    /// at the left of the lane's cells.
    fn scale_labels(&mut self, left: f32, y_of: &dyn Fn(f64) -> f32, scale: EmotionScale) {
        let size = 10.5 * self.text_scale;
        for (score, end) in [
            (scale.max, ScaleEnd::High),
            (scale.neutral, ScaleEnd::Neutral),
            (scale.min, ScaleEnd::Low),
        ] {
            let text = format!(
                "{} {}",
                words::scale_word(end, self.language),
                words::format_scale_value(score)
            );
            let width = self.measure.width(&text, size) + 6.0;
            let height = size * LINE_HEIGHT;
            let at = self.at(Point::new(left + 4.0, y_of(score)));
            let back = Rect::from_min_size(at.x, at.y - height / 2.0, width, height);
            let fill = Colour {
                a: 217,
                ..self.palette.background
            };
            self.fill(back, 3.0, fill, None);
            let colour = self.palette.neutral;
            self.text_in(&text, back, size, colour, Anchor::Middle);
        }
    }

    /// The legend of the curves in a corner of `area` (an emotion lane) that
    /// covers none of the `taken` rectangles (points and their labels); the top
    /// right when every corner covers one.
    fn legend(&mut self, doc: &Document, layout: &Layout, area: Rect, hue: Colour, taken: &[Rect]) {
        if layout.emotion_curves.is_empty() {
            return;
        }
        let size = 11.0 * self.text_scale;
        let swatch = 22.0 * self.text_scale;
        let row_height = size * LINE_HEIGHT + 4.0;
        let names: Vec<(String, Colour, bool)> = layout
            .emotion_curves
            .iter()
            .map(|curve| {
                let persona = curve
                    .persona
                    .and_then(|persona| doc.persona(persona))
                    .map(|persona| persona.name.as_str());
                let name = words::curve_name(persona, curve.to_be, self.language);
                (name, curve_colour(doc, curve, hue), curve.to_be)
            })
            .collect();
        let width = names
            .iter()
            .map(|(name, ..)| self.measure.width(name, size))
            .fold(0.0, f32::max)
            + swatch
            + 14.0;
        let height = names.len() as f32 * (row_height + 2.0);
        let (left, right) = (
            area.min.x + 110.0 * self.text_scale,
            area.max.x - 8.0 - width,
        );
        let (top, bottom) = (area.min.y + 6.0, area.max.y - 6.0 - height);
        let corners = [(right, top), (right, bottom), (left, top), (left, bottom)];
        let free = corners.iter().find(|(x, y)| {
            let legend = Rect::from_min_size(*x, *y, width, height);
            !taken.iter().any(|rect| rect.intersects(&legend))
        });
        let (x, mut y) = free.copied().unwrap_or(corners[0]);
        for (name, colour, to_be) in names {
            let row = Rect::from_min_size(x, y, width, row_height);
            let fill = Colour {
                a: 217,
                ..self.palette.background
            };
            self.fill(row, 3.0, fill, None);
            let mid = row.center().y;
            let stroke = Stroke {
                width: if to_be { 2.5 } else { 3.0 },
                colour,
            };
            self.line(
                Point::new(row.min.x + 4.0, mid),
                Point::new(row.min.x + 4.0 + swatch, mid),
                stroke,
                to_be.then_some([5.0, 3.0]),
            );
            let text = Rect {
                min: Point::new(row.min.x + 10.0 + swatch, row.min.y + 2.0),
                max: Point::new(row.max.x, row.max.y - 2.0),
            };
            let colour = self.palette.header_text;
            self.text_in(&name, text, size, colour, Anchor::Start);
            y = row.max.y + 2.0;
        }
    }
}

/// The colour of a curve: the lane's hue for the map's own, a fixed colour per persona.
fn curve_colour(doc: &Document, curve: &EmotionCurve, hue: Colour) -> Colour {
    curve
        .persona
        .and_then(|persona| doc.persona_index(persona))
        .map_or(hue, |index| PERSONA_COLOURS[index % PERSONA_COLOURS.len()])
}

/// What each shown column's cards mark: moments of truth, pain, fail and wait points.
fn column_marks(doc: &Document, layout: &Layout) -> Vec<ColumnMarks> {
    let column_of: HashMap<StepId, usize> = layout
        .columns
        .iter()
        .enumerate()
        .map(|(index, column)| (column.step, index))
        .collect();
    let mut marks = vec![ColumnMarks::default(); layout.columns.len()];
    for card in &doc.cards {
        if let Some(&column) = column_of.get(&card.step) {
            let mark = &mut marks[column];
            mark.truth |= card.moment_of_truth;
            mark.pain |= card.pain;
            mark.fail |= card.fail;
            mark.wait |= card.is_wait_point();
        }
    }
    marks
}

/// A smooth curve through `points` (Catmull-Rom), as a polyline of ten pieces per span.
pub fn smooth_curve(points: &[Point]) -> Vec<Point> {
    const SAMPLES: usize = 10;
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut line = Vec::with_capacity(points.len() * SAMPLES);
    for i in 0..points.len() - 1 {
        let p0 = points[i.saturating_sub(1)];
        let (p1, p2) = (points[i], points[i + 1]);
        let p3 = points[(i + 2).min(points.len() - 1)];
        for s in 0..SAMPLES {
            let t = s as f32 / SAMPLES as f32;
            let (t2, t3) = (t * t, t * t * t);
            let at = |a: f32, b: f32, c: f32, d: f32| {
                0.5 * (2.0 * b
                    + (-a + c) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (-a + 3.0 * b - 3.0 * c + d) * t3)
            };
            line.push(Point::new(
                at(p0.x, p1.x, p2.x, p3.x),
                at(p0.y, p1.y, p2.y, p3.y),
            ));
        }
    }
    line.extend(points.last());
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Width a card's title is wrapped to.
    const CARD_WIDTH_FOR_TEXT: f32 = layout::CARD_WIDTH - 2.0 * CARD_PADDING;

    fn scene(options: &SceneOptions) -> (Document, Scene) {
        // The electric-car example has an emotion lane with scores, personas and every marker.
        let doc = crate::format::parse(
            include_str!("../../examples/ev-owner-journey.stagemap.ron"),
            Path::new("ev-owner-journey.stagemap.ron"),
        )
        .unwrap();
        let scene = Scene::build(&doc, options, &TextMeasure::bundled());
        (doc, scene)
    }

    fn within(scene: &Scene, p: Point) -> bool {
        (-1.0..=scene.width + 1.0).contains(&p.x) && (-1.0..=scene.height + 1.0).contains(&p.y)
    }

    #[test]
    fn everything_lies_inside_the_drawing() {
        let (_, scene) = scene(&SceneOptions {
            title_block: Some(TitleBlock::default()),
            markers: true,
            emotion_curves: true,
            critical_path: true,
            ..SceneOptions::default()
        });
        assert!(scene.items.len() > 10);
        for item in &scene.items {
            let inside = match item {
                Item::Rect { rect, .. } | Item::Image { rect, .. } => {
                    within(&scene, rect.min) && within(&scene, rect.max)
                }
                Item::Polyline { points, .. } | Item::Polygon { points, .. } => {
                    points.iter().all(|p| within(&scene, *p))
                }
                Item::Circle { center, .. } => within(&scene, *center),
                Item::Text(run) => within(&scene, Point::new(run.x, run.baseline)),
            };
            assert!(inside, "{item:?}");
        }
    }

    #[test]
    fn connector_labels_never_cover_each_other() {
        // 质检 → 返修 «不合格» and 返修 → 质检 «复检» share the gap between the two cards.
        let (_, scene) = scene(&SceneOptions::default());
        let labels: Vec<Rect> = scene
            .tagged()
            .filter_map(|(shows, item)| match (shows, item) {
                (Shows::ConnectorLabel(_), Item::Rect { rect, .. }) => Some(*rect),
                _ => None,
            })
            .collect();
        assert!(labels.len() >= 4, "{labels:?}");
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} covers {b:?}");
            }
        }
    }

    #[test]
    fn every_card_title_starts_a_text_run() {
        let (doc, scene) = scene(&SceneOptions::default());
        let measure = TextMeasure::bundled();
        let lines: HashSet<&str> = scene.text_lines().collect();
        for card in &doc.cards {
            let wrapped = measure.wrap(&card.title, CARD_FONT, CARD_WIDTH_FOR_TEXT, 1);
            let Some(first) = wrapped.first() else {
                continue;
            };
            let first = first.trim_end_matches('…');
            assert!(
                lines.iter().any(|line| line.starts_with(first)),
                "{}",
                card.title
            );
        }
    }

    #[test]
    fn curves_and_markers_follow_the_options() {
        let count = |options: &SceneOptions| {
            let (_, scene) = scene(options);
            scene
                .items
                .iter()
                .filter(|item| matches!(item, Item::Circle { .. }))
                .count()
        };
        let bare = count(&SceneOptions::default());
        let with_curves = count(&SceneOptions {
            emotion_curves: true,
            ..SceneOptions::default()
        });
        let with_markers = count(&SceneOptions {
            markers: true,
            ..SceneOptions::default()
        });
        assert!(with_curves > bare);
        assert!(with_markers > bare);
    }

    #[test]
    fn the_scene_writes_its_own_words_in_the_chosen_language() {
        let lines = |language| {
            let (_, scene) = scene(&SceneOptions {
                markers: true,
                language,
                ..SceneOptions::default()
            });
            scene.text_lines().map(str::to_owned).collect::<Vec<_>>()
        };
        let english = lines(Language::English);
        assert!(english.iter().any(|line| line == "Line of visibility"));
        assert!(english.iter().any(|line| line.ends_with(" min")));
        let chinese = lines(Language::SimplifiedChinese);
        assert!(chinese.iter().any(|line| line == "可视分界线"));
        assert!(chinese.iter().any(|line| line.ends_with("分钟")));
        assert!(!chinese.iter().any(|line| line.starts_with("Line of")));
        // The default is English.
        assert_eq!(SceneOptions::default().language, Language::English);
    }

    #[test]
    fn a_picture_that_cannot_be_found_is_a_crossed_frame_where_the_canvas_puts_it() {
        let (mut doc, _) = scene(&SceneOptions::default());
        doc.cards[0].picture = Some("missing.png".to_owned());
        let layout = Layout::compute(&doc, LayoutOptions::default());
        let card_box = layout.card(doc.cards[0].id).unwrap();
        let scene = Scene::build(&doc, &SceneOptions::default(), &TextMeasure::bundled());
        assert!(
            !scene
                .items
                .iter()
                .any(|item| matches!(item, Item::Image { .. }))
        );
        let slot = layout::card_parts(card_box.rect, false, true)
            .picture
            .unwrap();
        let origin = SceneOptions::default().map_origin();
        let at = |p: Point| Point::new(p.x + origin.x, p.y + origin.y);
        let frame = Rect::from_min_size(
            at(slot.min).x,
            at(slot.min).y,
            PICTURE_PLACEHOLDER_SIDE,
            PICTURE_PLACEHOLDER_SIDE,
        );
        assert!(scene.items.iter().any(|item| matches!(
            item,
            Item::Rect { rect, fill: None, stroke: Some(_), .. } if *rect == frame
        )));
    }

    #[test]
    fn every_item_says_what_it_shows() {
        let (doc, scene) = scene(&SceneOptions {
            markers: true,
            emotion_curves: true,
            critical_path: true,
            ..SceneOptions::default()
        });
        assert_eq!(scene.items.len(), scene.shows.len());
        let shown: HashSet<Shows> = scene.shows.iter().copied().collect();
        for card in &doc.cards {
            assert!(shown.contains(&Shows::Card(card.id)), "{}", card.title);
            if !card.title.trim().is_empty() {
                assert!(shown.contains(&Shows::CardTitle(card.id)), "{}", card.title);
            }
        }
        for connector in &doc.connectors {
            assert!(shown.contains(&Shows::Connector(connector.id)));
        }
        assert!(shown.iter().any(|s| matches!(s, Shows::CurvePoint { .. })));
        assert!(shown.iter().any(|s| matches!(s, Shows::LineLabel(_))) || doc.lanes.len() < 3);
    }

    #[test]
    fn the_marker_kinds_switched_off_are_not_drawn() {
        let stars = |kinds: MarkerKinds| {
            let (_, scene) = scene(&SceneOptions {
                markers: true,
                marker_kinds: kinds,
                ..SceneOptions::default()
            });
            scene
                .tagged()
                .filter(|(shows, item)| {
                    matches!(shows, Shows::CardMarkers(_)) && matches!(item, Item::Polygon { .. })
                })
                .count()
        };
        let all = stars(MarkerKinds::ALL);
        let no_truths = stars(MarkerKinds {
            moment_of_truth: false,
            opportunity: false,
            ..MarkerKinds::ALL
        });
        assert!(all > 0);
        assert_eq!(no_truths, 0);
    }

    #[test]
    fn smoothing_passes_through_every_point() {
        let points = [
            Point::new(0.0, 0.0),
            Point::new(10.0, 5.0),
            Point::new(20.0, -3.0),
            Point::new(30.0, 1.0),
        ];
        let line = smooth_curve(&points);
        for point in points {
            assert!(
                line.iter()
                    .any(|p| (p.x - point.x).abs() < 1e-3 && (p.y - point.y).abs() < 1e-3),
                "{point:?} missing"
            );
        }
    }
}
