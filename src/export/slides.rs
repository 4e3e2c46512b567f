//! Slides for the handout: a PDF with one 16:9 page per step of the
//! presentation — each view of [`presentation::views`], cut into the shots
//! that keep it readable on the projector — titled, numbered and with the
//! presenter's notes.
//!
//! Framing: every page is a 1920 × 1080 pixel screen drawn at half a point a
//! pixel, so pages are 960 × 540 pt (13.33 × 7.5 in, the widescreen slide
//! size). A title band tops the page and, when the view has notes, a notes
//! band closes it; the map is framed in the screen left between them by
//! [`presentation::shots()`] with card titles at least
//! [`Room::default`]`.min_text_px(1920)` pixels large (24.6 px, 12.3 pt on the
//! page): a page is exactly as readable as the projector showing the same
//! screen. The bands take height from the map, so a view with notes may need
//! a shot more than on the projector, never smaller text.
//!
//! Each page is drawn from the view's display list ([`Scene`], built with the
//! view's layers), in three clipped groups: the cells of the shot's area; the
//! stage and step headers moved down to sit right above the area; the lane
//! headers moved across to sit right beside it. So the headers show on every
//! page, even one that starts at the fifth column or the fourth lane, and the
//! header of a stage or lane the shot shows only part of has its name set
//! again in the part shown. Items wholly outside a group are left out of the
//! file (not merely clipped), so a page holds as text only what it shows.
//! Cards the view's focus does not keep are drawn at a quarter opacity, with
//! the connectors that touch them, as the canvas dims them.

use std::collections::{HashMap, HashSet};

use krilla::Document as PdfDocument;
use krilla::geom::Transform;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::FillRule;
use krilla::surface::Surface;

use super::outline;
use super::pdf::{Painter, PdfError, fill_path, path};
use crate::layout::{
    LANE_HEADER_WIDTH, LINE_HEIGHT, Layout, LayoutOptions, Point, Rect, STAGE_HEADER_HEIGHT,
    STEP_HEADER_HEIGHT,
};
use crate::model::{CardId, ConnectorId, Document, Focus, View};
use crate::presentation::{self, Room, Screen, Shot};
use crate::scene::{
    Anchor, Colour, Item, Language, Palette, PictureCache, Scene, SceneOptions, Shows, TextMeasure,
    TextRun, TextScale,
};

/// The screen every page frames, in pixels.
pub const SCREEN: Screen = Screen {
    width: 1920.0,
    height: 1080.0,
};
/// PDF points per pixel of [`SCREEN`]: pages are 960 × 540 pt.
pub const PT_PER_PX: f32 = 0.5;
/// Height of the title band at the top of every page, in pixels.
pub const TITLE_BAND: f32 = 104.0;
/// The most lines of notes a page shows; longer notes end in "…".
pub const NOTES_MAX_LINES: usize = 5;
/// Size of the page title, in pixels.
const TITLE_SIZE: f32 = 44.0;
/// Size of the part marker after the title and of the page number, in pixels.
const SMALL_SIZE: f32 = 28.0;
/// Size of the notes, in pixels.
const NOTES_SIZE: f32 = 30.0;
/// Room above and below the notes in their band, in pixels.
const NOTES_PADDING: f32 = 20.0;
/// Room left and right of the title and the notes, in pixels.
const SIDE: f32 = 48.0;
/// Opacity of what the view's focus dims.
const DIMMED: f32 = 0.25;
/// Height of the stage and step headers.
const HEADER_HEIGHT: f32 = STAGE_HEADER_HEIGHT + STEP_HEADER_HEIGHT;

/// The smallest card title on a page, in pixels of [`SCREEN`]: what the back
/// row of the default room reads on a 1920 pixel wide image.
pub fn min_title() -> f32 {
    Room::default().min_text_px(SCREEN.width)
}

/// The language slides speak: the map's own (`meta.language`) when it names
/// one Stagemap speaks, else `fallback`.
pub fn language(doc: &Document, fallback: Language) -> Language {
    doc.meta.language.parse().unwrap_or(fallback)
}

/// The notes of a view as its page shows them: wrapped to the page's width,
/// at most [`NOTES_MAX_LINES`] lines.
pub fn notes_lines(notes: &str, measure: &TextMeasure) -> Vec<String> {
    if notes.trim().is_empty() {
        return Vec::new();
    }
    measure.wrap(
        notes,
        NOTES_SIZE,
        SCREEN.width - 2.0 * SIDE,
        NOTES_MAX_LINES,
    )
}

/// Height of the notes band for `lines` lines of notes (none: no band), in pixels.
fn notes_band(lines: usize) -> f32 {
    if lines == 0 {
        0.0
    } else {
        lines as f32 * NOTES_SIZE * LINE_HEIGHT + 2.0 * NOTES_PADDING
    }
}

/// The screen the map is framed in on a page with `notes_lines` lines of
/// notes: the page less the title band and the notes band.
pub fn map_screen(notes_lines: usize) -> Screen {
    Screen {
        width: SCREEN.width,
        height: SCREEN.height - TITLE_BAND - notes_band(notes_lines),
    }
}

/// One page of the deck.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// The view shown, by its index in [`presentation::views`].
    pub view: usize,
    /// The page's title: the view's ([`presentation::view_title`]).
    pub title: String,
    /// Which shot of the view this is, from 0, and how many the view has.
    pub part: (usize, usize),
    /// The part of the map shown and its zoom (card titles are
    /// `CARD_FONT × zoom` pixels large).
    pub shot: Shot,
    /// Where the map is framed on the page, in pixels.
    pub map: Rect,
    /// The notes, wrapped as shown.
    pub notes: Vec<String>,
}

/// The pages of `doc`'s deck, in order: each view of the walk-through and
/// each of its shots, words in `language`.
pub fn plan(doc: &Document, language: Language) -> Vec<Slide> {
    let measure = TextMeasure::bundled();
    presentation::views(doc)
        .iter()
        .enumerate()
        .flat_map(|(index, view)| {
            let layout = Layout::compute(
                doc,
                LayoutOptions {
                    layers: view.layers,
                },
            );
            view_slides(doc, index, view, &layout, &measure, language)
        })
        .collect()
}

/// The pages of one view laid out as `layout`.
fn view_slides(
    doc: &Document,
    index: usize,
    view: &View,
    layout: &Layout,
    measure: &TextMeasure,
    language: Language,
) -> Vec<Slide> {
    let notes = notes_lines(&view.notes, measure);
    let screen = map_screen(notes.len());
    let map = Rect::from_min_size(0.0, TITLE_BAND, screen.width, screen.height);
    let shots = presentation::shots(layout, view.stage_indices(doc), screen, min_title());
    let count = shots.len();
    let title = presentation::view_title(doc, view, language);
    shots
        .into_iter()
        .enumerate()
        .map(|(part, shot)| Slide {
            view: index,
            title: title.clone(),
            part: (part, count),
            shot,
            map,
            notes: notes.clone(),
        })
        .collect()
}

/// A deck written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deck {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// Every line of text drawn on its pages (for the missing-glyph warnings).
    pub text: Vec<String>,
}

/// Why a deck was not written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SlidesError {
    /// The progress callback asked to stop.
    #[error("the slides were stopped before the last page")]
    Stopped,
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// The deck of `doc`: its walk-through's pages drawn with `options` (theme,
/// markers, curves; the view sets the layers, and the slides speak the map's
/// language, see [`language`]). `progress` hears the fraction done before
/// each page and stops the deck by returning `false`.
pub fn to_pdf(
    doc: &Document,
    options: &SceneOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Deck, SlidesError> {
    let measure = TextMeasure::bundled();
    let language = language(doc, options.language);
    let views = presentation::views(doc);
    let planned: Vec<(Layout, Vec<Slide>)> = views
        .iter()
        .enumerate()
        .map(|(index, view)| {
            let layout = Layout::compute(
                doc,
                LayoutOptions {
                    layers: view.layers,
                },
            );
            let slides = view_slides(doc, index, view, &layout, &measure, language);
            (layout, slides)
        })
        .collect();
    let pages = planned
        .iter()
        .map(|(_, slides)| slides.len())
        .sum::<usize>();
    let critical: HashSet<CardId> = if views
        .iter()
        .any(|view| view.focus == Some(Focus::CriticalPath))
    {
        crate::analysis::analyze(doc)
            .critical_path
            .into_iter()
            .collect()
    } else {
        HashSet::new()
    };
    let ends: HashMap<ConnectorId, (CardId, CardId)> = doc
        .connectors
        .iter()
        .map(|connector| (connector.id, (connector.from, connector.to)))
        .collect();
    let palette = Palette::new(options.theme);
    let mut painter = Painter::new()?;
    let mut pictures = PictureCache::default();
    let mut pdf = PdfDocument::new();
    let mut text = Vec::new();
    let mut number = 0;
    for (view, (layout, slides)) in views.iter().zip(&planned) {
        let scene_options = SceneOptions {
            layout: LayoutOptions {
                layers: view.layers,
            },
            title_block: None,
            critical_path: options.critical_path || view.focus == Some(Focus::CriticalPath),
            language,
            text_scale: TextScale::ONE,
            ..options.clone()
        };
        let mut scene = Scene::of_layout(doc, layout, &scene_options, &measure, &mut pictures);
        // The latest revealed round's counts, as on the canvas and the other exports.
        if let Some(round) = crate::decisions::latest_closed_round(doc) {
            scene.add_votes(doc, layout, &scene_options, round);
        }
        let dimmed: HashSet<CardId> = view.focus.as_ref().map_or_else(HashSet::new, |focus| {
            doc.cards
                .iter()
                .filter(|card| !focus.keeps(card, &critical))
                .map(|card| card.id)
                .collect()
        });
        let look = Look {
            scene: &scene,
            layout,
            offset: scene_options.map_origin(),
            palette: &palette,
            measure: &measure,
            dimmed: &dimmed,
            ends: &ends,
        };
        for slide in slides {
            if !progress(number as f32 / pages.max(1) as f32) {
                return Err(SlidesError::Stopped);
            }
            number += 1;
            let settings =
                PageSettings::from_wh(SCREEN.width * PT_PER_PX, SCREEN.height * PT_PER_PX)
                    .ok_or_else(|| PdfError::Write("the slide size is not valid".to_owned()))?;
            let mut page = pdf.start_page_with(settings);
            let mut surface = page.surface();
            surface.push_transform(&Transform::from_scale(PT_PER_PX, PT_PER_PX));
            let mut drawn = PageText(&mut text);
            look.page(
                &mut painter,
                &mut surface,
                slide,
                (number, pages),
                language,
                &mut drawn,
            );
            surface.pop();
            surface.finish();
            page.finish();
        }
    }
    // The handout's title and language, for readers, search and screen readers.
    let title = if doc.meta.title.trim().is_empty() {
        crate::scene::words::whole_map(language).to_owned()
    } else {
        doc.meta.title.trim().to_owned()
    };
    pdf.set_metadata(
        Metadata::new()
            .title(title)
            .language(language.tag().to_owned()),
    );
    let bytes = pdf
        .finish()
        .map_err(|error| PdfError::Write(error.to_string()))?;
    Ok(Deck { bytes, pages, text })
}

/// Collects the lines of text drawn.
struct PageText<'a>(&'a mut Vec<String>);

impl PageText<'_> {
    fn run(&mut self, run: &TextRun) {
        self.0.extend(run.lines.iter().cloned());
    }
}

/// What every page of one view is drawn from.
struct Look<'a> {
    scene: &'a Scene,
    layout: &'a Layout,
    /// Where the layout's origin lies in the scene.
    offset: Point,
    palette: &'a Palette,
    measure: &'a TextMeasure,
    /// Cards the focus dims.
    dimmed: &'a HashSet<CardId>,
    /// Each connector's ends.
    ends: &'a HashMap<ConnectorId, (CardId, CardId)>,
}

/// Which group of a page an item is drawn in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Cells,
    TopHeaders,
    LaneHeaders,
}

impl Look<'_> {
    /// One page: background, title band, map, notes band.
    fn page(
        &self,
        painter: &mut Painter,
        surface: &mut Surface<'_>,
        slide: &Slide,
        (number, pages): (usize, usize),
        language: Language,
        drawn: &mut PageText<'_>,
    ) {
        let page = Rect::from_min_size(0.0, 0.0, SCREEN.width, SCREEN.height);
        fill(surface, page, self.palette.background);
        self.map(painter, surface, slide, drawn);
        self.title_band(painter, surface, slide, (number, pages), language, drawn);
        if !slide.notes.is_empty() {
            let top = slide.map.max.y;
            let band = Rect {
                min: Point::new(0.0, top),
                max: Point::new(SCREEN.width, SCREEN.height),
            };
            fill(surface, band, self.palette.header_fill);
            fill(
                surface,
                Rect::from_min_size(0.0, top, SCREEN.width, 2.0),
                self.palette.grid_line,
            );
            let run = self.run(
                slide.notes.clone(),
                Rect {
                    min: Point::new(SIDE, top + NOTES_PADDING),
                    max: Point::new(SCREEN.width - SIDE, SCREEN.height - NOTES_PADDING),
                },
                NOTES_SIZE,
                self.palette.header_text,
                Anchor::Start,
            );
            painter.text(surface, &run);
            drawn.run(&run);
        }
    }

    /// The title (with the part of the view when it has several shots) and the page number.
    fn title_band(
        &self,
        painter: &mut Painter,
        surface: &mut Surface<'_>,
        slide: &Slide,
        (number, pages): (usize, usize),
        language: Language,
        drawn: &mut PageText<'_>,
    ) {
        let band = Rect::from_min_size(0.0, 0.0, SCREEN.width, TITLE_BAND);
        fill(surface, band, self.palette.background);
        fill(
            surface,
            Rect::from_min_size(0.0, TITLE_BAND - 2.0, SCREEN.width, 2.0),
            self.palette.grid_line,
        );
        let page_number = format!("{number} / {pages}");
        let number_width = self.measure.width(&page_number, SMALL_SIZE);
        let number_left = SCREEN.width - SIDE - number_width;
        let part = (slide.part.1 > 1).then(|| part_words(slide.part, language));
        let part_width = part
            .as_deref()
            .map_or(0.0, |part| self.measure.width(part, SMALL_SIZE) + 24.0);
        let room = (number_left - 48.0 - SIDE - part_width).max(TITLE_SIZE);
        let title = self.measure.wrap(&slide.title, TITLE_SIZE, room, 1);
        let title_width = title
            .first()
            .map_or(0.0, |line| self.measure.width(line, TITLE_SIZE));
        let line = |left: f32, right: f32| Rect {
            min: Point::new(left, 0.0),
            max: Point::new(right, TITLE_BAND),
        };
        let mut runs = vec![self.run(
            title,
            line(SIDE, SIDE + room),
            TITLE_SIZE,
            self.palette.header_text,
            Anchor::Start,
        )];
        if let Some(part) = part {
            let left = SIDE + title_width + 24.0;
            runs.push(self.run(
                vec![part],
                line(left, number_left),
                SMALL_SIZE,
                self.palette.neutral,
                Anchor::Start,
            ));
        }
        runs.push(self.run(
            vec![page_number],
            line(number_left, SCREEN.width - SIDE),
            SMALL_SIZE,
            self.palette.neutral,
            Anchor::Start,
        ));
        for run in &runs {
            painter.text(surface, run);
            drawn.run(run);
        }
    }

    /// Lines set in the middle of `area`'s height, as the scene sets a header's.
    fn run(
        &self,
        lines: Vec<String>,
        area: Rect,
        size: f32,
        colour: Colour,
        anchor: Anchor,
    ) -> TextRun {
        let line_height = size * LINE_HEIGHT;
        let (ascent, descent) = (self.measure.ascent() * size, self.measure.descent() * size);
        let block = lines.len().saturating_sub(1) as f32 * line_height + ascent + descent;
        TextRun {
            x: match anchor {
                Anchor::Start => area.min.x,
                Anchor::Middle => area.center().x,
            },
            baseline: area.center().y - block / 2.0 + ascent,
            size,
            line_height,
            colour,
            anchor,
            lines,
        }
    }

    /// The map part of a page: the shot's cells, the headers above and beside them.
    fn map(
        &self,
        painter: &mut Painter,
        surface: &mut Surface<'_>,
        slide: &Slide,
        drawn: &mut PageText<'_>,
    ) {
        let shot = &slide.shot;
        let area = shot.area;
        let screen = Screen {
            width: slide.map.width(),
            height: slide.map.height(),
        };
        let origin = shot.origin(screen);
        let zoom = shot.zoom;
        // Document space to the page's pixels.
        let to_page = |p: Point| {
            Point::new(
                slide.map.min.x + (p.x - origin.x) * zoom,
                slide.map.min.y + (p.y - origin.y) * zoom,
            )
        };
        let page_rect = |r: Rect| Rect {
            min: to_page(r.min),
            max: to_page(r.max),
        };
        let above = area.min.y - HEADER_HEIGHT;
        let beside = area.min.x - LANE_HEADER_WIDTH;
        let corner = Rect {
            min: Point::new(beside, above),
            max: Point::new(area.min.x, area.min.y),
        };
        fill(surface, page_rect(corner), self.palette.header_fill);
        for group in [Group::Cells, Group::TopHeaders, Group::LaneHeaders] {
            // Where the group's items lie in the document, and how far they move.
            let (region, moved) = match group {
                Group::Cells => (area, Point::new(0.0, 0.0)),
                Group::TopHeaders => (
                    Rect {
                        min: Point::new(area.min.x, above),
                        max: Point::new(area.max.x, area.min.y),
                    },
                    Point::new(0.0, above),
                ),
                Group::LaneHeaders => (
                    Rect {
                        min: Point::new(beside, area.min.y),
                        max: Point::new(area.min.x, area.max.y),
                    },
                    Point::new(beside, 0.0),
                ),
            };
            let Some(clip) = path(|b| outline::rounded_rect(b, page_rect(region), 0.0)) else {
                continue;
            };
            surface.push_clip_path(&clip, &FillRule::NonZero);
            // Scene units to the page: the scene's offset taken off, moved, zoomed.
            let shift = Point::new(
                moved.x - self.offset.x - origin.x,
                moved.y - self.offset.y - origin.y,
            );
            surface.push_transform(&Transform::from_row(
                zoom,
                0.0,
                0.0,
                zoom,
                slide.map.min.x + shift.x * zoom,
                slide.map.min.y + shift.y * zoom,
            ));
            // The region in scene units, before the move.
            let shown = Rect {
                min: Point::new(
                    region.min.x - moved.x + self.offset.x,
                    region.min.y - moved.y + self.offset.y,
                ),
                max: Point::new(
                    region.max.x - moved.x + self.offset.x,
                    region.max.y - moved.y + self.offset.y,
                ),
            };
            for (shows, item) in self.scene.tagged() {
                let belongs = match shows {
                    Shows::TitleBlock => None,
                    Shows::StageHeader(_) | Shows::StepHeader(_) => Some(Group::TopHeaders),
                    Shows::LaneHeader(_) => Some(Group::LaneHeaders),
                    _ => Some(Group::Cells),
                };
                if belongs != Some(group) {
                    continue;
                }
                // A header's name is set again in the part of the header shown.
                let refitted = match (shows, item) {
                    (Shows::StageHeader(index), Item::Text(run)) => {
                        self.refit_stage(index, run, &shown)
                    }
                    (Shows::LaneHeader(index), Item::Text(run)) => {
                        self.refit_lane(index, run, &shown)
                    }
                    _ => None,
                };
                let item = refitted.as_ref().unwrap_or(item);
                if !item.bounds(self.measure).overlaps(&shown) {
                    continue;
                }
                let alpha = self.alpha(shows);
                if alpha < 1.0 {
                    surface.push_opacity(NormalizedF32::new(alpha).unwrap_or(NormalizedF32::ONE));
                }
                painter.item(surface, item);
                if alpha < 1.0 {
                    surface.pop();
                }
                if let Item::Text(run) = item {
                    drawn.run(run);
                }
            }
            surface.pop();
            surface.pop();
        }
    }

    /// How opaque an item is drawn: dimmed when it belongs to a card the
    /// focus dims, or is a connector touching one.
    fn alpha(&self, shows: Shows) -> f32 {
        let dims = match shows {
            Shows::Connector(id) | Shows::ConnectorLabel(id) => self
                .ends
                .get(&id)
                .is_some_and(|(from, to)| self.dimmed.contains(from) || self.dimmed.contains(to)),
            _ => shows.card().is_some_and(|id| self.dimmed.contains(&id)),
        };
        if dims { DIMMED } else { 1.0 }
    }

    /// A stage header's name set again in the part of the header shown (scene
    /// units), when the shot shows only part of the stage.
    fn refit_stage(&self, index: usize, run: &TextRun, shown: &Rect) -> Option<Item> {
        let stage = self.layout.stages.get(index)?;
        let header = self.in_scene(stage.header);
        let whole = header.min.x >= shown.min.x && header.max.x <= shown.max.x;
        if whole || !header.overlaps(shown) {
            return None;
        }
        let inner = Rect {
            min: Point::new(header.min.x.max(shown.min.x) + 8.0, header.min.y + 8.0),
            max: Point::new(header.max.x.min(shown.max.x) - 8.0, header.max.y - 6.0),
        };
        Some(self.refit(&stage.name, run, inner))
    }

    /// A lane header's name set again in the part of the lane shown (scene
    /// units), when the shot shows only part of a tall lane.
    fn refit_lane(&self, index: usize, run: &TextRun, shown: &Rect) -> Option<Item> {
        let lane = self.layout.lanes.get(index)?;
        let header = self.in_scene(lane.header);
        let whole = header.min.y >= shown.min.y && header.max.y <= shown.max.y;
        if whole || !header.overlaps(shown) {
            return None;
        }
        let inner = Rect {
            min: Point::new(header.min.x + 10.0, header.min.y.max(shown.min.y) + 10.0),
            max: Point::new(header.max.x - 10.0, header.max.y.min(shown.max.y) - 10.0),
        };
        Some(self.refit(&lane.name, run, inner))
    }

    /// `text` wrapped again into `inner`, in the run's size, colour and anchor.
    fn refit(&self, text: &str, run: &TextRun, inner: Rect) -> Item {
        let lines = self.measure.wrap_in_box(
            text,
            run.size,
            inner.width().max(1.0),
            inner.height().max(1.0),
        );
        Item::Text(self.run(lines, inner, run.size, run.colour, run.anchor))
    }

    /// A layout rectangle in scene units.
    fn in_scene(&self, rect: Rect) -> Rect {
        Rect {
            min: Point::new(rect.min.x + self.offset.x, rect.min.y + self.offset.y),
            max: Point::new(rect.max.x + self.offset.x, rect.max.y + self.offset.y),
        }
    }
}

/// «part 2 of 3» in `language`; `part` counts from 0.
fn part_words((part, count): (usize, usize), language: Language) -> String {
    let part = part + 1;
    match language {
        Language::English => format!("part {part} of {count}"),
        Language::SimplifiedChinese | Language::TraditionalChinese => {
            format!("第 {part} 部分，共 {count} 部分")
        }
    }
}

/// `rect` filled with `colour`, in the surface's units.
fn fill(surface: &mut Surface<'_>, rect: Rect, colour: Colour) {
    if let Some(path) = path(|b| outline::rounded_rect(b, rect, 0.0)) {
        fill_path(surface, &path, colour);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ViewId;

    #[test]
    fn pages_are_widescreen_and_titles_readable_from_the_back_row() {
        assert!((SCREEN.width / SCREEN.height - 16.0 / 9.0).abs() < 1e-6);
        assert!((min_title() - 24.576).abs() < 1e-3);
        let doc = crate::samples::sample();
        let slides = plan(&doc, Language::English);
        assert!(slides.len() > doc.stages.len());
        for slide in &slides {
            assert!(slide.shot.title_size() >= min_title() - 1e-3);
            assert!(slide.map.max.y <= SCREEN.height + 1e-3);
        }
    }

    #[test]
    fn notes_take_height_from_the_map_and_stop_at_five_lines() {
        let measure = TextMeasure::bundled();
        assert!(notes_lines("  ", &measure).is_empty());
        assert_eq!(map_screen(0).height, SCREEN.height - TITLE_BAND);
        assert!(map_screen(1).height < map_screen(0).height);
        let long = "很长的备注。".repeat(400);
        let lines = notes_lines(&long, &measure);
        assert_eq!(lines.len(), NOTES_MAX_LINES);
        assert!(lines.last().is_some_and(|line| line.ends_with('…')));
    }

    #[test]
    fn a_deck_has_a_page_per_slide_and_stops_when_asked() {
        let mut doc = crate::samples::sample();
        doc.presentation.views.push(View {
            id: ViewId(1),
            title: "All of it".into(),
            notes: "Say hello.".into(),
            ..View::default()
        });
        let slides = plan(&doc, Language::English);
        let deck = to_pdf(&doc, &SceneOptions::default(), &mut |_| true).unwrap();
        assert_eq!(deck.pages, slides.len());
        assert!(deck.bytes.starts_with(b"%PDF-"));
        assert!(deck.text.iter().any(|line| line == "All of it"));
        assert!(deck.text.iter().any(|line| line == "Say hello."));
        let stopped = to_pdf(&doc, &SceneOptions::default(), &mut |done| done < 0.01);
        if slides.len() > 1 {
            assert_eq!(stopped, Err(SlidesError::Stopped));
        }
    }

    #[test]
    fn an_empty_map_is_one_page_named_in_the_map_s_language() {
        let mut doc = Document::new("");
        doc.meta.language = "zh-TW".into();
        let deck = to_pdf(&doc, &SceneOptions::default(), &mut |_| true).unwrap();
        assert_eq!(deck.pages, 1);
        assert!(deck.text.iter().any(|line| line == "整張地圖"));
        assert!(deck.text.iter().any(|line| line == "1 / 1"));
        assert_eq!(
            language(&doc, Language::English),
            Language::TraditionalChinese
        );
        doc.meta.language = "fr".into();
        assert_eq!(language(&doc, Language::English), Language::English);
    }

    #[test]
    fn parts_are_counted_from_one() {
        assert_eq!(part_words((1, 3), Language::English), "part 2 of 3");
        assert_eq!(
            part_words((0, 2), Language::SimplifiedChinese),
            "第 1 部分，共 2 部分"
        );
    }
}
