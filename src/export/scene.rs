//! The display list of a map: rectangles, lines, polylines, arrow heads,
//! pictures and wrapped text runs in document space, computed once from the
//! document and its [`Layout`], with no window. Every exporter draws this list.
//!
//! Cards are laid out by the rules the canvas uses ([`layout::card_parts`],
//! [`TextMeasure::wrap_card_title`]), so a card reads the same on the screen
//! and in every export. The words the scene writes itself come from
//! [`super::labels`] in the language of [`SceneOptions::language`].

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::labels::{self, Language};
use super::text::TextMeasure;
use crate::insights::Insights;
use crate::layout::{
    self, CARD_FONT, CARD_PADDING, LINE_HEIGHT, Layout, LayoutOptions, MARKER_FONT, MARKER_ROW,
    PICTURE_PLACEHOLDER_SIDE, Point, Rect,
};
use crate::marker::{Marker, card_markers};
use crate::model::{BlueprintLine, CardId, Direction, Document, LaneKind};
use crate::pictures::{self, Thumbnail};

/// Room around the map.
const MARGIN: f32 = 24.0;
/// Height of the title block above the map.
const TITLE_BLOCK_HEIGHT: f32 = 64.0;

/// A colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 = opaque.
    pub a: u8,
}

impl Colour {
    /// White.
    pub const WHITE: Self = Self::rgb(0xff, 0xff, 0xff);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// `self` moved towards `other` by `t` (0 = `self`, 1 = `other`), opaque.
    pub fn mix(self, other: Self, t: f32) -> Self {
        let channel = |x: u8, y: u8| {
            (f32::from(x) + (f32::from(y) - f32::from(x)) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Self::rgb(
            channel(self.r, other.r),
            channel(self.g, other.g),
            channel(self.b, other.b),
        )
    }

    /// Parses a card colour of the form `#rrggbb`.
    pub fn parse_hex(text: &str) -> Option<Self> {
        let digits = text.strip_prefix('#')?;
        if digits.len() != 6 {
            return None;
        }
        let value = u32::from_str_radix(digits, 16).ok()?;
        let [_, r, g, b] = value.to_be_bytes();
        Some(Self::rgb(r, g, b))
    }

    /// Perceived brightness, 0..=255.
    pub fn luminance(self) -> f32 {
        0.2126 * f32::from(self.r) + 0.7152 * f32::from(self.g) + 0.0722 * f32::from(self.b)
    }
}

/// The strong hue of a lane kind: lane headers and card borders, in both themes.
pub fn lane_hue(kind: &LaneKind) -> Colour {
    let (r, g, b) = match kind {
        LaneKind::Evidence => (0x5b, 0x6b, 0x82),
        LaneKind::Customer => (0x1f, 0x63, 0xc9),
        LaneKind::Touchpoint => (0x00, 0x8c, 0x8c),
        LaneKind::Frontstage => (0x22, 0x8b, 0x3b),
        LaneKind::Backstage => (0xc8, 0x6a, 0x00),
        LaneKind::Support => (0x6e, 0x44, 0xc2),
        LaneKind::Thought => (0x2b, 0x8c, 0xd6),
        LaneKind::Emotion => (0xc2, 0x2f, 0x7a),
        LaneKind::Pain => (0xc7, 0x2c, 0x2c),
        LaneKind::Opportunity => (0xa8, 0x86, 0x00),
        LaneKind::Metric => (0x79, 0x55, 0x48),
        LaneKind::Note | LaneKind::Unknown(_) => (0x6b, 0x72, 0x7c),
    };
    Colour::rgb(r, g, b)
}

/// Light or dark colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Dark text on light fills: print and slides.
    #[default]
    Light,
    /// Light text on dark fills.
    Dark,
}

/// The colours of an export; the same values as the editor's canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// The theme is dark.
    pub dark: bool,
    /// Behind everything.
    pub background: Colour,
    /// Grid lines between columns and lanes.
    pub grid_line: Colour,
    /// Stronger line between stages.
    pub stage_line: Colour,
    /// Header fill of stages and steps.
    pub header_fill: Colour,
    /// Header text.
    pub header_text: Colour,
    /// Connectors.
    pub connector: Colour,
    /// Blueprint lines.
    pub blueprint_line: Colour,
    /// Pain and fail markers.
    pub danger: Colour,
    /// Wait markers.
    pub wait: Colour,
    /// Moment-of-truth star.
    pub star: Colour,
    /// Positive emotion.
    pub positive: Colour,
    /// Neutral emotion.
    pub neutral: Colour,
    /// The critical path: its cards' outline.
    pub critical: Colour,
}

impl Palette {
    /// The palette of a theme.
    pub fn new(theme: Theme) -> Self {
        match theme {
            Theme::Dark => Self {
                dark: true,
                background: Colour::rgb(0x1b, 0x1d, 0x21),
                grid_line: Colour::rgb(0x3a, 0x3e, 0x45),
                stage_line: Colour::rgb(0x6a, 0x70, 0x7a),
                header_fill: Colour::rgb(0x2b, 0x2f, 0x36),
                header_text: Colour::rgb(0xf0, 0xf2, 0xf5),
                connector: Colour::rgb(0xc8, 0xcc, 0xd2),
                blueprint_line: Colour::rgb(0xe0, 0xe3, 0xe8),
                danger: Colour::rgb(0xff, 0x5c, 0x5c),
                wait: Colour::rgb(0xf5, 0xa6, 0x23),
                star: Colour::rgb(0xff, 0xcf, 0x33),
                positive: Colour::rgb(0x3d, 0xc4, 0x6b),
                neutral: Colour::rgb(0x9a, 0xa0, 0xa8),
                critical: Colour::rgb(0xff, 0x9f, 0x1c),
            },
            Theme::Light => Self {
                dark: false,
                background: Colour::rgb(0xf6, 0xf7, 0xf9),
                grid_line: Colour::rgb(0xd5, 0xd9, 0xdf),
                stage_line: Colour::rgb(0x8a, 0x91, 0x9c),
                header_fill: Colour::rgb(0xe4, 0xe8, 0xee),
                header_text: Colour::rgb(0x14, 0x18, 0x1f),
                connector: Colour::rgb(0x3c, 0x43, 0x4d),
                blueprint_line: Colour::rgb(0x22, 0x26, 0x2d),
                danger: Colour::rgb(0xd0, 0x1f, 0x1f),
                wait: Colour::rgb(0xd9, 0x7a, 0x00),
                star: Colour::rgb(0xe0, 0xa1, 0x00),
                positive: Colour::rgb(0x1e, 0x8e, 0x3e),
                neutral: Colour::rgb(0x6b, 0x72, 0x7c),
                critical: Colour::rgb(0xe0, 0x6c, 0x00),
            },
        }
    }

    /// Fill of a card in a lane of this hue: a light tint, or a dark one in the dark theme.
    pub fn card_fill(&self, hue: Colour) -> Colour {
        if self.dark {
            hue.mix(Colour::rgb(0x22, 0x24, 0x28), 0.62)
        } else {
            hue.mix(Colour::WHITE, 0.84)
        }
    }

    /// Faint band behind a lane's cells.
    pub fn lane_band(&self, hue: Colour) -> Colour {
        hue.mix(self.background, if self.dark { 0.88 } else { 0.94 })
    }

    /// Text colour that reads on `fill`.
    pub fn text_on(&self, fill: Colour) -> Colour {
        if fill.luminance() > 150.0 {
            Colour::rgb(0x14, 0x18, 0x1f)
        } else {
            Colour::WHITE
        }
    }
}

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

/// Lines of text set in the bundled font, already wrapped.
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
    /// A filled circle.
    Circle {
        /// The middle.
        center: Point,
        /// Radius.
        radius: f32,
        /// Fill.
        fill: Colour,
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
    /// Outline the cards of the critical path.
    pub critical_path: bool,
    /// Draw the emotion curves in emotion lanes.
    pub emotion_curves: bool,
    /// The language of the words the scene writes itself (blueprint lines, markers).
    pub language: Language,
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
}

impl Scene {
    /// The display list of `doc` under `options`, text measured with `measure`.
    pub fn build(doc: &Document, options: &SceneOptions, measure: &TextMeasure) -> Self {
        let layout = Layout::compute(doc, options.layout);
        let palette = Palette::new(options.theme);
        let origin = options.map_origin();
        let mut builder = Builder {
            items: Vec::with_capacity(layout.cards.len() * 4 + layout.columns.len() * 4),
            offset: origin,
            measure,
            palette,
            language: options.language,
            picture_folder: options.picture_folder.as_deref(),
            pictures: HashMap::new(),
        };
        if let Some(block) = &options.title_block {
            builder.title_block(doc, block, layout.bounds.width().max(400.0));
        }
        builder.grid(&layout);
        builder.headers(&layout);
        if options.emotion_curves {
            builder.emotion_curves(doc, &layout);
        }
        builder.connectors(&layout);
        let critical: HashSet<CardId> = if options.critical_path {
            Insights::of(doc).flow.critical_path.into_iter().collect()
        } else {
            HashSet::new()
        };
        builder.cards(doc, &layout, options.markers, &critical);
        builder.lines(&layout);
        Self {
            width: layout.bounds.width().max(400.0) + 2.0 * MARGIN,
            height: layout.bounds.height() + origin.y + MARGIN,
            background: palette.background,
            items: builder.items,
        }
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

/// A signed emotion score, as on the canvas: "+2", "−1.5".
pub fn format_score(score: f64) -> String {
    let magnitude = score.abs();
    let digits = if (magnitude - magnitude.round()).abs() < 0.05 {
        format!("{magnitude:.0}")
    } else {
        format!("{magnitude:.1}")
    };
    if score >= 0.0 {
        format!("+{digits}")
    } else {
        format!("−{digits}")
    }
}

struct Builder<'a> {
    items: Vec<Item>,
    /// Where the map's origin lands in the drawing.
    offset: Point,
    measure: &'a TextMeasure,
    palette: Palette,
    language: Language,
    picture_folder: Option<&'a Path>,
    /// Each picture path met so far, decoded, or `None` when it cannot be shown.
    pictures: HashMap<String, Option<Arc<Thumbnail>>>,
}

impl Builder<'_> {
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
        self.items.push(Item::Rect {
            rect,
            radius,
            fill: Some(fill),
            stroke,
        });
    }

    fn line(&mut self, from: Point, to: Point, stroke: Stroke, dash: Option<[f32; 2]>) {
        self.items.push(Item::Polyline {
            points: vec![from, to],
            stroke,
            dash,
        });
    }

    /// Text wrapped into the box `area` (top-left aligned, or centred), as many lines as fit.
    fn text_in(&mut self, text: &str, area: Rect, size: f32, colour: Colour, anchor: Anchor) {
        let lines = self
            .measure
            .wrap_in_box(text, size, area.width(), area.height());
        self.lines_in(lines, area, size, colour, anchor);
    }

    /// Lines already wrapped, set in the box `area` from its top.
    fn lines_in(
        &mut self,
        lines: Vec<String>,
        area: Rect,
        size: f32,
        colour: Colour,
        anchor: Anchor,
    ) {
        let line_height = size * LINE_HEIGHT;
        if lines.iter().all(String::is_empty) {
            return;
        }
        let x = match anchor {
            Anchor::Start => area.min.x,
            Anchor::Middle => area.center().x,
        };
        let baseline = area.min.y + (line_height - size) / 2.0 + size * self.measure.ascent();
        self.items.push(Item::Text(TextRun {
            x,
            baseline,
            size,
            line_height,
            colour,
            anchor,
            lines,
        }));
    }

    fn title_block(&mut self, doc: &Document, block: &TitleBlock, width: f32) {
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
        for stage in &layout.stages {
            let rect = self.rect(stage.header);
            self.fill(rect, 0.0, fill, border);
            let inner = Rect {
                min: Point::new(rect.min.x + 8.0, rect.min.y + 8.0),
                max: Point::new(rect.max.x - 8.0, rect.max.y - 6.0),
            };
            self.text_in(&stage.name, inner, 15.0, text, Anchor::Middle);
        }
        for column in &layout.columns {
            let rect = self.rect(column.header);
            self.fill(rect, 0.0, fill, border);
            let inner = Rect {
                min: Point::new(rect.min.x + 6.0, rect.min.y + 7.0),
                max: Point::new(rect.max.x - 6.0, rect.max.y - 5.0),
            };
            self.text_in(&column.name, inner, 12.5, text, Anchor::Middle);
        }
        for lane in &layout.lanes {
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

    fn connectors(&mut self, layout: &Layout) {
        let stroke = Stroke {
            width: 1.6,
            colour: self.palette.connector,
        };
        for connector in &layout.connectors {
            let points: Vec<Point> = connector.points.iter().map(|p| self.at(*p)).collect();
            self.arrow_head(&points, stroke.colour);
            if connector.direction == Direction::TwoWay {
                let reversed: Vec<Point> = points.iter().rev().copied().collect();
                self.arrow_head(&reversed, stroke.colour);
            }
            let middle = self.at(connector.label_at);
            self.items.push(Item::Polyline {
                points,
                stroke,
                dash: None,
            });
            if !connector.label.trim().is_empty() {
                let size = MARKER_FONT;
                let lines = self.measure.wrap(&connector.label, size, 160.0, 1);
                let width = lines.first().map_or(0.0, |l| self.measure.width(l, size));
                let back = Rect::from_min_size(
                    middle.x - width / 2.0 - 4.0,
                    middle.y - size * 0.7 - 2.0,
                    width + 8.0,
                    size * 1.4 + 4.0,
                );
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
        self.items.push(Item::Polygon {
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
                self.items.push(Item::Rect {
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
                card_markers(card, doc)
            } else {
                Vec::new()
            };
            let marker_row = if signs.is_empty() { 0.0 } else { MARKER_ROW };
            let parts =
                layout::card_parts(card_box.rect, !signs.is_empty(), card.picture.is_some());
            let colour = self.palette.text_on(fill);
            if let (Some(picture), Some(slot)) = (card.picture.as_deref(), parts.picture) {
                let slot = self.rect(slot);
                self.picture(picture, slot, colour);
            }
            // Wrapped in document space, exactly as the canvas wraps it.
            let lines = self.measure.wrap_card_title(
                &card.title,
                parts.title.width(),
                parts.title.height(),
            );
            let title = self.rect(parts.title);
            self.lines_in(lines, title, CARD_FONT, colour, Anchor::Start);
            if !signs.is_empty() {
                let row_top = rect.max.y - CARD_PADDING - marker_row + 2.0;
                self.markers(&signs, rect.min.x + CARD_PADDING, row_top, rect.max.x);
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
                self.items.push(Item::Image {
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
        self.items.push(Item::Rect {
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

    /// Markers left to right from `x`, in a row starting at `top`, stopping before `right`.
    fn markers(&mut self, signs: &[Marker], mut x: f32, top: f32, right: f32) {
        let height = MARKER_ROW - 4.0;
        for &sign in signs {
            let (text, fill) = match sign {
                Marker::MomentOfTruth => ("★".to_owned(), self.palette.star),
                Marker::Pain => ("!".to_owned(), self.palette.danger),
                Marker::Fail => ("F".to_owned(), self.palette.danger),
                Marker::Wait(minutes) => (
                    labels::wait_marker(minutes, self.language),
                    self.palette.wait,
                ),
                Marker::Opportunity => ("◆".to_owned(), self.palette.positive),
                Marker::Emotion(score, side) => {
                    let fill = match side {
                        Ordering::Greater => self.palette.positive,
                        Ordering::Less => self.palette.danger,
                        Ordering::Equal => self.palette.neutral,
                    };
                    (format_score(score), fill)
                }
            };
            let width = (self.measure.width(&text, MARKER_FONT) + 8.0).max(height);
            if x + width > right - CARD_PADDING {
                break;
            }
            let pill = Rect::from_min_size(x, top, width, height);
            if sign == Marker::Pain {
                self.items.push(Item::Circle {
                    center: pill.center(),
                    radius: height / 2.0,
                    fill,
                });
            } else {
                self.fill(pill, height / 2.0, fill, None);
            }
            let colour = self.palette.text_on(fill);
            self.text_in(&text, pill, MARKER_FONT, colour, Anchor::Middle);
            x += width + 4.0;
        }
    }

    fn lines(&mut self, layout: &Layout) {
        let grid = layout.grid();
        let colour = self.palette.blueprint_line;
        let stroke = Stroke { width: 2.5, colour };
        for rule in &layout.lines {
            let dash = (rule.line == BlueprintLine::Visibility).then_some([10.0, 6.0]);
            let from = self.at(Point::new(grid.min.x, rule.y));
            let to = self.at(Point::new(grid.max.x, rule.y));
            self.line(from, to, stroke, dash);
            let label = labels::line_label(rule.line, self.language);
            let size = 12.0;
            let width = self.measure.width(label, size);
            let back = Rect::from_min_size(
                self.at(Point::new(rule.label_x, rule.y)).x,
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

impl Builder<'_> {
    /// The neutral line and every curve in each shown emotion lane: as-is
    /// solid, to-be dashed, a gap where a column has no score.
    fn emotion_curves(&mut self, doc: &Document, layout: &Layout) {
        let scale = layout.emotion_scale;
        if !scale.is_valid() || layout.emotion_curves.is_empty() {
            return;
        }
        let grid = layout.grid();
        for lane in layout.lanes.iter().filter(|l| l.kind == LaneKind::Emotion) {
            let inset = 2.0 * layout::CELL_PADDING;
            let (top, bottom) = (lane.top + inset, lane.bottom - inset);
            let y_of = |score: f64| {
                let t = ((scale.max - score) / (scale.max - scale.min)).clamp(0.0, 1.0) as f32;
                top + t * (bottom - top)
            };
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
            for curve in &layout.emotion_curves {
                let colour = curve
                    .persona
                    .and_then(|persona| doc.persona_index(persona))
                    .map_or(hue, |index| PERSONA_COLOURS[index % PERSONA_COLOURS.len()]);
                let points: Vec<Option<Point>> = curve
                    .points
                    .iter()
                    .zip(&layout.columns)
                    .map(|(point, column)| {
                        let point = (*point)?;
                        Some(self.at(Point::new(
                            (column.left + column.right) / 2.0,
                            y_of(point.score),
                        )))
                    })
                    .collect();
                for run in points.split(Option::is_none) {
                    let run: Vec<Point> = run.iter().flatten().copied().collect();
                    if run.len() >= 2 {
                        self.items.push(Item::Polyline {
                            points: smooth_curve(&run),
                            stroke: Stroke { width: 2.5, colour },
                            dash: curve.to_be.then_some([8.0, 5.0]),
                        });
                    }
                    for &center in &run {
                        self.items.push(Item::Circle {
                            center,
                            radius: 4.0,
                            fill: colour,
                        });
                    }
                }
            }
        }
    }
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
        assert!(chinese.iter().any(|line| line.ends_with(" 分钟")));
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
    fn hex_colours_parse() {
        assert_eq!(Colour::parse_hex("#ff8000"), Some(Colour::rgb(255, 128, 0)));
        assert_eq!(Colour::parse_hex("ff8000"), None);
        assert_eq!(Colour::parse_hex("#gg8000"), None);
    }
}
