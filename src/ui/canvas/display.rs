//! The map's display list ([`crate::scene`], the one every export prints)
//! drawn on the canvas through egui's painter: built once per document state
//! and view-independent choice (layers, theme, language, markers, critical
//! path), then transformed to the screen every frame, culled to what is in
//! view, and thinned out by what each item shows (cards too small to read
//! become plain blocks). Dimming, fading and hiding follow the items' tags.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use egui::epaint::{CornerRadius, Shape, Stroke, StrokeKind};
use egui::{Color32, ColorImage, FontId, Painter, Pos2, TextureHandle, TextureOptions, pos2};

use super::screen_layout::ScreenLayout;
use super::theme::color;
use crate::layout::{self, Layout, LayoutOptions, Point, Rect};
use crate::marker::MarkerKinds;
use crate::model::{CardId, Document};
use crate::pictures::Thumbnail;
use crate::scene::{
    Anchor, Colour, Item, Language, PictureCache, Scene, SceneOptions, Shows, TextMeasure,
    TextScale, Theme,
};
use crate::ui::fonts::card_family;

/// Text smaller than this many screen points is not drawn.
const MIN_TEXT_SIZE: f32 = 6.5;
/// Card titles and line labels are set at least this large on the screen.
const MIN_LEGIBLE_SIZE: f32 = 8.0;
/// The enlargements of card titles a zoomed-out canvas steps through, so the
/// display list is rebuilt only when zooming crosses a step.
const TEXT_SCALE_STEPS: [f32; 8] = [1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0];

/// How much card titles must be enlarged at `zoom` to be set at least
/// [`MIN_LEGIBLE_SIZE`] points: the next step up from what is needed.
pub(crate) fn legible_text_scale(zoom: f32) -> TextScale {
    let needed = MIN_LEGIBLE_SIZE / (layout::CARD_FONT * zoom);
    let step = TEXT_SCALE_STEPS
        .iter()
        .copied()
        .find(|step| *step >= needed - 1e-3)
        .unwrap_or(TEXT_SCALE_STEPS[TEXT_SCALE_STEPS.len() - 1]);
    TextScale::new(step)
}
/// Cards narrower than this on the screen are plain blocks.
const MIN_CARD_WIDTH_FOR_TEXT: f32 = 60.0;

/// What a display list is built from besides the document state.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SceneKey {
    /// History revision and the document's sizes (a guard against a reused revision).
    pub document: (u64, [usize; 4]),
    /// Which lanes show.
    pub layout: LayoutOptions,
    /// Dark or light.
    pub dark: bool,
    /// The language of the words the drawing writes.
    pub language: Language,
    /// Which markers show.
    pub markers: MarkerKinds,
    /// The critical path is outlined.
    pub critical_path: bool,
    /// Where card pictures are looked up.
    pub picture_folder: Option<PathBuf>,
    /// How much card titles and line labels are enlarged to stay legible.
    pub text_scale: TextScale,
    /// The revealed round whose votes are drawn on the map, if any.
    pub votes: Option<crate::model::RoundId>,
}

/// The display list of the document state last drawn, with each item's bounds
/// (document space) for culling, and the textures of its pictures.
#[derive(Default)]
pub(crate) struct CanvasScene {
    key: Option<SceneKey>,
    scene: Option<Arc<Scene>>,
    /// Bounds of each item, in document space.
    bounds: Vec<Rect>,
    /// Where the map's origin lies in the scene.
    origin: Point,
    /// Pictures decoded for the scene, kept across rebuilds.
    pictures: PictureCache,
    /// Pictures uploaded to the GPU, by the decoded picture they show.
    textures: HashMap<*const Thumbnail, TextureHandle>,
    measure: TextMeasure,
}

impl std::fmt::Debug for CanvasScene {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CanvasScene")
            .field("key", &self.key)
            .field("items", &self.bounds.len())
            .finish_non_exhaustive()
    }
}

impl CanvasScene {
    /// Rebuilds the display list when `key` differs from the one it was built for.
    pub fn update(&mut self, doc: &Document, layout: &Layout, key: SceneKey) {
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let options = SceneOptions {
            layout: key.layout,
            theme: if key.dark { Theme::Dark } else { Theme::Light },
            title_block: None,
            markers: true,
            marker_kinds: key.markers,
            critical_path: key.critical_path,
            emotion_curves: true,
            language: key.language,
            text_scale: key.text_scale,
            picture_folder: key.picture_folder.clone(),
        };
        let mut scene = Scene::of_layout(doc, layout, &options, &self.measure, &mut self.pictures);
        if let Some(round) = key.votes.and_then(|id| doc.decisions.round(id)) {
            scene.add_votes(doc, layout, &options, round);
        }
        let origin = options.map_origin();
        let measure = &self.measure;
        self.bounds = scene
            .items
            .iter()
            .map(|item| item_bounds(item, measure, origin))
            .collect();
        let shown: HashSet<*const Thumbnail> = scene
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Image { picture, .. } => Some(Arc::as_ptr(picture)),
                _ => None,
            })
            .collect();
        self.textures.retain(|picture, _| shown.contains(picture));
        self.origin = origin;
        self.scene = Some(Arc::new(scene));
        self.key = Some(key);
    }

    /// The display list last built.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_deref()
    }

    /// The card whose actions marker lies under `p` (document space), if any.
    pub fn action_marker_at(&self, p: Point) -> Option<CardId> {
        let scene = self.scene.as_deref()?;
        scene
            .tagged()
            .zip(&self.bounds)
            .find_map(|((shows, _), bounds)| match shows {
                Shows::CardActions(card) if bounds.contains(p) => Some(card),
                _ => None,
            })
    }
}

/// How the canvas changes the look of some items this frame.
pub(crate) struct Look<'a> {
    /// Cards dimmed by the focus filter.
    pub dimmed: &'a HashSet<CardId>,
    /// Cards being dragged: faded where they were.
    pub faded: &'a HashSet<CardId>,
    /// The card whose title is being edited in place: its title is left out.
    pub editing: Option<CardId>,
    /// Text is drawn: its fonts are in place (not in a pass about to be redone).
    pub text: bool,
}

/// Paints the map's display list on `painter` (clipped to the map's content).
pub(crate) fn paint_scene(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
    canvas_scene: &mut CanvasScene,
    look: &Look<'_>,
) {
    let Some(scene) = canvas_scene.scene.clone() else {
        return;
    };
    let visible = frame.visible_doc().expand(2.0);
    let detailed = frame.scaled(layout::CARD_WIDTH) >= MIN_CARD_WIDTH_FOR_TEXT;
    let connector_ends: HashMap<_, _> = frame
        .layout
        .connectors
        .iter()
        .map(|c| (c.id, (c.from, c.to)))
        .collect();
    let painter = ScenePainter::on_canvas(painter, frame, canvas_scene.origin);
    for (index, (shows, item)) in scene.tagged().enumerate() {
        if !canvas_scene
            .bounds
            .get(index)
            .is_some_and(|bounds| bounds.intersects(&visible))
        {
            continue;
        }
        let card = shows.card();
        let alpha = match shows {
            // Sticky headers are drawn by the canvas itself.
            Shows::TitleBlock
            | Shows::StageHeader(_)
            | Shows::StepHeader(_)
            | Shows::LaneHeader(_) => continue,
            Shows::Connector(id) | Shows::ConnectorLabel(id) => {
                let dims = connector_ends.get(&id).is_some_and(|(from, to)| {
                    look.dimmed.contains(from) || look.dimmed.contains(to)
                });
                if dims { 0.25 } else { 1.0 }
            }
            _ if card.is_some_and(|id| look.faded.contains(&id)) => {
                if !matches!(shows, Shows::Card(_)) {
                    continue;
                }
                0.35
            }
            _ if card.is_some_and(|id| look.dimmed.contains(&id)) => 0.25,
            _ => 1.0,
        };
        if !detailed
            && matches!(
                shows,
                Shows::CardTitle(_)
                    | Shows::CardMarkers(_)
                    | Shows::CardActions(_)
                    | Shows::CardPicture(_)
            )
        {
            continue;
        }
        if matches!(shows, Shows::CardTitle(id) if look.editing == Some(id)) {
            continue;
        }
        if !detailed && matches!(shows, Shows::Card(_)) {
            painter.block(item, alpha);
            continue;
        }
        // A connector's label too small to read is left out whole, box and all.
        if matches!(shows, Shows::ConnectorLabel(_))
            && frame.scaled(layout::MARKER_FONT) < MIN_TEXT_SIZE
        {
            continue;
        }
        if !look.text && matches!(item, Item::Text(_)) {
            continue;
        }
        if let Item::Image { rect, picture } = item {
            let texture = canvas_scene
                .textures
                .entry(Arc::as_ptr(picture))
                .or_insert_with(|| upload(painter.painter, picture));
            let rect = painter.rect(*rect);
            let uv = egui::Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
            let tint = Color32::WHITE.gamma_multiply(alpha);
            painter.painter.image(texture.id(), rect, uv, tint);
            continue;
        }
        painter.item(item, alpha);
    }
}

/// Paints the items of one card, moved by `offset` screen points: a card being dragged.
pub(crate) fn paint_card_at(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
    canvas_scene: &CanvasScene,
    card: CardId,
    offset: egui::Vec2,
) {
    let Some(scene) = canvas_scene.scene() else {
        return;
    };
    let moved = painter.clone();
    let painter = ScenePainter::on_canvas(
        &moved,
        frame,
        Point::new(
            canvas_scene.origin.x - offset.x / frame.zoom(),
            canvas_scene.origin.y - offset.y / frame.zoom(),
        ),
    );
    for (shows, item) in scene.tagged() {
        if shows.card() == Some(card) && !matches!(shows, Shows::CriticalOutline(_)) {
            if matches!(item, Item::Image { .. }) {
                continue;
            }
            painter.item(item, 1.0);
        }
    }
}

/// The card's fill as the scene draws it, for drag ghosts and blocks.
pub(crate) fn card_fill(canvas_scene: &CanvasScene, card: CardId) -> Option<Color32> {
    canvas_scene
        .scene()?
        .tagged()
        .find_map(|(shows, item)| match (shows, item) {
            (Shows::Card(id), Item::Rect { fill, .. }) if id == card => fill.map(color),
            _ => None,
        })
}

/// Paints scene items as they are (every item, none dimmed), the scene's
/// point `(x, y)` landing at `corner + (x, y) × zoom` on the screen: a
/// picture other than the map, such as the impact/effort matrix.
pub(crate) fn paint_items<'a>(
    painter: &Painter,
    items: impl IntoIterator<Item = &'a Item>,
    corner: Pos2,
    zoom: f32,
    alpha: f32,
) {
    let painter = ScenePainter {
        painter,
        zoom,
        offset: corner.to_vec2(),
    };
    for item in items {
        painter.item(item, alpha);
    }
}

/// Draws scene items at their place on the screen: a scene point `p` lands at
/// `offset + p × zoom`.
struct ScenePainter<'a> {
    painter: &'a Painter,
    /// Screen points per scene unit.
    zoom: f32,
    /// Where the scene's origin lands on the screen.
    offset: egui::Vec2,
}

impl<'a> ScenePainter<'a> {
    /// The canvas' painter of a map scene whose map origin lies at `origin`.
    fn on_canvas(painter: &'a Painter, frame: &ScreenLayout<'_>, origin: Point) -> Self {
        Self {
            painter,
            zoom: frame.zoom(),
            offset: frame
                .screen_from_doc(Point::new(-origin.x, -origin.y))
                .to_vec2(),
        }
    }

    fn pos(&self, p: Point) -> Pos2 {
        pos2(p.x, p.y) * self.zoom + self.offset
    }

    fn rect(&self, r: Rect) -> egui::Rect {
        egui::Rect::from_min_max(self.pos(r.min), self.pos(r.max))
    }

    fn stroke(&self, stroke: crate::scene::Stroke, alpha: f32) -> Stroke {
        Stroke::new(
            (stroke.width * self.zoom).max(0.75),
            faded(stroke.colour, alpha),
        )
    }

    /// A card too small to read: a plain block of its fill blended with its outline.
    fn block(&self, item: &Item, alpha: f32) {
        if let Item::Rect {
            rect, fill, stroke, ..
        } = item
        {
            let fill = fill.unwrap_or(Colour::WHITE);
            let colour = stroke.map_or(fill, |stroke| fill.mix(stroke.colour, 0.35));
            self.painter
                .rect_filled(self.rect(*rect), CornerRadius::ZERO, faded(colour, alpha));
        }
    }

    fn item(&self, item: &Item, alpha: f32) {
        let zoom = self.zoom;
        match item {
            Item::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => {
                let rect = self.rect(*rect);
                let fill = fill.map_or(Color32::TRANSPARENT, |fill| faded(fill, alpha));
                let stroke = stroke.map_or(Stroke::NONE, |stroke| self.stroke(stroke, alpha));
                self.painter
                    .rect(rect, radius * zoom, fill, stroke, StrokeKind::Inside);
            }
            Item::Polyline {
                points,
                stroke,
                dash,
            } => {
                let points: Vec<Pos2> = points.iter().map(|p| self.pos(*p)).collect();
                let stroke = self.stroke(*stroke, alpha);
                match dash {
                    Some([on, off]) => self.painter.extend(Shape::dashed_line(
                        &points,
                        stroke,
                        (on * zoom).max(2.0),
                        (off * zoom).max(1.5),
                    )),
                    None => {
                        self.painter.add(Shape::line(points, stroke));
                    }
                }
            }
            Item::Polygon { points, fill } => {
                let points: Vec<Pos2> = points.iter().map(|p| self.pos(*p)).collect();
                self.painter.add(Shape::convex_polygon(
                    points,
                    faded(*fill, alpha),
                    Stroke::NONE,
                ));
            }
            Item::Circle {
                center,
                radius,
                fill,
                stroke,
            } => {
                let fill = fill.map_or(Color32::TRANSPARENT, |fill| faded(fill, alpha));
                let stroke = stroke.map_or(Stroke::NONE, |stroke| self.stroke(stroke, alpha));
                self.painter
                    .circle(self.pos(*center), radius * zoom, fill, stroke);
            }
            Item::Text(run) => {
                let size = run.size * zoom;
                if size < MIN_TEXT_SIZE {
                    return;
                }
                let font = FontId::new(size, card_family());
                let colour = faded(run.colour, alpha);
                for (row, line) in run.lines.iter().enumerate() {
                    let baseline = self.pos(Point::new(
                        run.x,
                        run.baseline + row as f32 * run.line_height,
                    ));
                    let galley = self
                        .painter
                        .layout_no_wrap(line.clone(), font.clone(), colour);
                    let ascent = galley
                        .rows
                        .first()
                        .and_then(|row| Some(row.pos.y + row.row.glyphs.first()?.pos.y))
                        .unwrap_or(size * 0.88);
                    let x = match run.anchor {
                        Anchor::Start => baseline.x,
                        Anchor::Middle => baseline.x - galley.size().x / 2.0,
                    };
                    self.painter
                        .galley(pos2(x, baseline.y - ascent), galley, colour);
                }
            }
            Item::Image { .. } => {}
        }
    }
}

/// Uploads a decoded picture as a texture.
fn upload(painter: &Painter, picture: &Thumbnail) -> TextureHandle {
    let size = [picture.width as usize, picture.height as usize];
    let image = if picture.rgba.len() == size[0] * size[1] * 4 {
        ColorImage::from_rgba_unmultiplied(size, &picture.rgba)
    } else {
        ColorImage::new([1, 1], vec![Color32::TRANSPARENT])
    };
    painter
        .ctx()
        .load_texture("card picture", image, TextureOptions::LINEAR)
}

/// A scene colour as egui's, made more transparent by `alpha` (1 = as it is).
fn faded(colour: Colour, alpha: f32) -> Color32 {
    let base = color(colour);
    if alpha < 1.0 {
        base.gamma_multiply(alpha)
    } else {
        base
    }
}

/// The rectangle an item covers, in document space (the scene's origin taken off),
/// grown by [`CULL_MARGIN`] so antialiasing and glyph overshoot are never culled.
fn item_bounds(item: &Item, measure: &TextMeasure, origin: Point) -> Rect {
    let scene_bounds = item.bounds(measure).expand(CULL_MARGIN);
    Rect {
        min: Point::new(scene_bounds.min.x - origin.x, scene_bounds.min.y - origin.y),
        max: Point::new(scene_bounds.max.x - origin.x, scene_bounds.max.y - origin.y),
    }
}

/// How far beyond an item's exact bounds it still counts as in view, in scene units.
const CULL_MARGIN: f32 = 4.0;
