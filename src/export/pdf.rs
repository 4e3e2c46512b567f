//! PDF drawn from a [`Scene`] with krilla: the map fitted on one page of a
//! paper size, or a poster of that size cut into overlapping sheets of a
//! smaller paper with crop marks and labels. Text stays text (selectable and
//! searchable), set in the bundled font, which is embedded as a subset.
//!
//! Tiling: the poster is the chosen paper in the chosen orientation with the
//! map fitted in its margins, exactly as on a single page. Each sheet prints a
//! window of the poster inside a [`SHEET_MARGIN_MM`] margin (printers cannot
//! print to the edge); neighbouring windows overlap by the tiling's overlap.
//! Sheets are laid portrait or landscape, whichever needs fewer sheets
//! (portrait on a tie). The crop marks of a sheet sit at the corners of its
//! cut rectangle: the window without the overlap it shares with the sheets to
//! its right and below, so the cut rectangles of all sheets tile the poster.
//! To assemble, trim each sheet's left and top margins at the marks and lay it
//! over its neighbours' overlap so its edges meet their marks.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point as PdfPoint, Size, Transform};
use krilla::graphic::Graphic;
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document};
use serde::{Deserialize, Serialize};

use super::outline;
use crate::layout::{Point, Rect};
use crate::pictures::Thumbnail;
use crate::scene::Language;
use crate::scene::text::{
    FONT_BYTES, FontRef, TextMeasure, missing_glyph_box, missing_glyph_stroke, system_face,
};
use crate::scene::{Anchor, Colour, Item, Scene, Stroke, TextRun};

/// PDF points in a millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// The blank border of every sheet of a tiled poster, in millimetres.
pub const SHEET_MARGIN_MM: f32 = 8.0;
/// Room the map keeps on a page at the least, in millimetres each way.
const MIN_MAP_MM: f32 = 10.0;
/// Distance of a crop mark from the corner it marks, in millimetres.
const MARK_GAP_MM: f32 = 2.0;
/// Length of a crop mark, in millimetres.
const MARK_LENGTH_MM: f32 = 5.0;
/// Size of the sheet label, in millimetres.
const LABEL_SIZE_MM: f32 = 2.6;
/// Distance of the sheet label's baseline from the sheet's bottom edge, in millimetres.
const LABEL_BASELINE_MM: f32 = 4.0;

/// An ISO 216 paper size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Paper {
    /// 841 × 1189 mm.
    A0,
    /// 594 × 841 mm.
    A1,
    /// 420 × 594 mm.
    A2,
    /// 297 × 420 mm.
    A3,
    /// 210 × 297 mm.
    #[default]
    A4,
}

impl Paper {
    /// Every paper size, largest first.
    pub const ALL: [Paper; 5] = [Paper::A0, Paper::A1, Paper::A2, Paper::A3, Paper::A4];

    /// Reads a paper name, `A0` to `A4`, in either case.
    pub fn parse(text: &str) -> Result<Paper, PdfError> {
        let name = text.trim();
        Self::ALL
            .into_iter()
            .find(|paper| paper.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| PdfError::UnknownPaper(text.to_owned()))
    }

    /// The paper's name, as `A4`.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A0 => "A0",
            Paper::A1 => "A1",
            Paper::A2 => "A2",
            Paper::A3 => "A3",
            Paper::A4 => "A4",
        }
    }

    /// Width and height in millimetres, portrait.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A0 => (841.0, 1189.0),
            Paper::A1 => (594.0, 841.0),
            Paper::A2 => (420.0, 594.0),
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
        }
    }

    /// Width and height in millimetres, laid in `orientation`.
    pub fn oriented_mm(self, orientation: Orientation) -> (f32, f32) {
        let (short, long) = self.size_mm();
        match orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Paper {
    type Err = PdfError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Which way a page is laid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Orientation {
    /// Taller than wide.
    Portrait,
    /// Wider than tall: most maps are.
    #[default]
    Landscape,
}

/// A poster cut into sheets of a smaller paper.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tiling {
    /// The paper the poster is printed on, one sheet at a time.
    pub sheet: Paper,
    /// How far neighbouring sheets overlap, in millimetres (10 by default).
    pub overlap_mm: f32,
}

impl Tiling {
    /// The usual overlap of neighbouring sheets, in millimetres.
    pub const DEFAULT_OVERLAP_MM: f32 = 10.0;
}

impl Default for Tiling {
    fn default() -> Self {
        Self {
            sheet: Paper::A4,
            overlap_mm: Self::DEFAULT_OVERLAP_MM,
        }
    }
}

/// How a PDF is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PdfOptions {
    /// The page, or the poster when tiled.
    pub paper: Paper,
    /// Which way the page or poster is laid.
    pub orientation: Orientation,
    /// Blank border around the map, in millimetres.
    pub margin_mm: f32,
    /// Cut the poster into sheets of a smaller paper; `None` for one page.
    pub tile: Option<Tiling>,
    /// Which Chinese the sheet labels of a tiled poster print beside the English.
    /// Not a setting of its own: the export job sets it to the language of the
    /// picture's other words ([`crate::scene::SceneOptions::language`]).
    #[serde(skip)]
    pub language: Language,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            orientation: Orientation::Landscape,
            margin_mm: 10.0,
            tile: None,
            language: Language::English,
        }
    }
}

/// Why a PDF could not be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// The paper name is not one of A0 to A4.
    #[error("`{0}` is not a paper size; use A0, A1, A2, A3 or A4")]
    UnknownPaper(String),
    /// The margin is negative, not a number, or leaves no room for the map.
    #[error(
        "a margin of {margin_mm} mm does not fit {paper} paper; use a margin from 0 to {max_mm} mm"
    )]
    BadMargin {
        /// The margin asked for.
        margin_mm: f32,
        /// The paper.
        paper: Paper,
        /// The largest margin that leaves room for the map.
        max_mm: f32,
    },
    /// The overlap of the sheets is negative, not a number, or too large for the sheet.
    #[error(
        "an overlap of {overlap_mm} mm does not fit {sheet} sheets; \
         use an overlap from 0 to {max_mm} mm (10 mm is usual)"
    )]
    BadOverlap {
        /// The overlap asked for.
        overlap_mm: f32,
        /// The sheet paper.
        sheet: Paper,
        /// The largest overlap allowed: half the narrower printable side of a sheet.
        max_mm: f32,
    },
    /// The scene has no area to draw.
    #[error("the map has no size to draw ({width} × {height}); is it empty?")]
    EmptyMap {
        /// The scene's width.
        width: f32,
        /// The scene's height.
        height: f32,
    },
    /// The bundled font could not be read.
    #[error(
        "the bundled font cannot be read, so the PDF cannot hold text; the program is damaged, reinstall it"
    )]
    Font,
    /// The PDF writer failed.
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// One sheet of a tiled poster. Rectangles are in millimetres of the poster,
/// x rightwards and y downwards from its top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sheet {
    /// Row, from 0 at the top.
    pub row: usize,
    /// Column, from 0 at the left.
    pub column: usize,
    /// The part of the poster printed inside the sheet's margins.
    pub window: Rect,
    /// The part of the poster inside the crop marks; the cut rectangles of
    /// all sheets tile the poster with no gap and no overlap.
    pub cut: Rect,
}

impl Sheet {
    /// The sheet's short name: its row as a letter, its column as a number, as `B2`.
    pub fn name(&self) -> String {
        format!("{}{}", row_letters(self.row), self.column + 1)
    }

    /// Where a point of the poster lands on this sheet, in millimetres from
    /// the sheet's top left corner.
    pub fn on_sheet(&self, poster: Point) -> Point {
        Point::new(
            SHEET_MARGIN_MM + poster.x - self.window.min.x,
            SHEET_MARGIN_MM + poster.y - self.window.min.y,
        )
    }
}

/// How a poster is cut into sheets.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetPlan {
    /// The poster's width and height in millimetres.
    pub poster_mm: (f32, f32),
    /// Each sheet's width and height in millimetres, as laid.
    pub sheet_mm: (f32, f32),
    /// Sheets across.
    pub columns: usize,
    /// Sheets down.
    pub rows: usize,
    /// The sheets, row by row from the top left.
    pub sheets: Vec<Sheet>,
}

/// How a poster of `poster_mm` (width, height in millimetres; see
/// [`tiled_poster_mm`]) is cut into sheets by `tiling`.
/// Windows start at the poster's top left corner and step by the printable
/// size less the overlap; the last window of a row or column may reach past
/// the poster's edge (that part stays blank).
pub fn plan_sheets(poster_mm: (f32, f32), tiling: Tiling) -> Result<SheetPlan, PdfError> {
    let (sheet_short, sheet_long) = tiling.sheet.size_mm();
    let printable_short = sheet_short - 2.0 * SHEET_MARGIN_MM;
    let max_overlap = (printable_short / 2.0).floor();
    let overlap = tiling.overlap_mm;
    if !(0.0..=max_overlap).contains(&overlap) {
        return Err(PdfError::BadOverlap {
            overlap_mm: overlap,
            sheet: tiling.sheet,
            max_mm: max_overlap,
        });
    }
    let (width, height) = poster_mm;
    let grid = |sheet_width: f32, sheet_height: f32| {
        let window = (
            sheet_width - 2.0 * SHEET_MARGIN_MM,
            sheet_height - 2.0 * SHEET_MARGIN_MM,
        );
        let columns = windows_across(width, window.0, overlap);
        let rows = windows_across(height, window.1, overlap);
        (columns, rows, window)
    };
    let portrait = grid(sheet_short, sheet_long);
    let landscape = grid(sheet_long, sheet_short);
    let ((columns, rows, window), sheet_mm) = if landscape.0 * landscape.1 < portrait.0 * portrait.1
    {
        (landscape, (sheet_long, sheet_short))
    } else {
        (portrait, (sheet_short, sheet_long))
    };
    let step = (window.0 - overlap, window.1 - overlap);
    let mut sheets = Vec::with_capacity(columns * rows);
    for row in 0..rows {
        for column in 0..columns {
            let left = column as f32 * step.0;
            let top = row as f32 * step.1;
            let right = if column + 1 < columns {
                left + step.0
            } else {
                width
            };
            let bottom = if row + 1 < rows { top + step.1 } else { height };
            sheets.push(Sheet {
                row,
                column,
                window: Rect::from_min_size(left, top, window.0, window.1),
                cut: Rect {
                    min: Point::new(left, top),
                    max: Point::new(right, bottom),
                },
            });
        }
    }
    Ok(SheetPlan {
        poster_mm: (width, height),
        sheet_mm,
        columns,
        rows,
        sheets,
    })
}

/// How many windows of `window` overlapping by `overlap` cover `length`.
fn windows_across(length: f32, window: f32, overlap: f32) -> usize {
    // A hair of tolerance so an exact fit does not take one more sheet.
    let beyond = length - window - 1e-3;
    if beyond <= 0.0 {
        1
    } else {
        (beyond / (window - overlap)).ceil() as usize + 1
    }
}

/// Spreadsheet-style letters of a row from 0: A … Z, AA, AB …
fn row_letters(mut row: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (row % 26) as u8));
        if row < 26 {
            break;
        }
        row = row / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The size of a tiled poster in millimetres: the map scaled to fit the
/// paper inside its margins. Only the map is cut into sheets, so the paper's
/// blank bands (a wide map on tall paper) cost no sheets.
pub fn tiled_poster_mm(scene: &Scene, options: &PdfOptions) -> (f32, f32) {
    let paper = options.paper.oriented_mm(options.orientation);
    let scale = fit_scale(scene, paper, options.margin_mm);
    (scene.width * scale, scene.height * scale)
}

/// How many sheets a tiled poster needs, (columns, rows); (1, 1) when not
/// tiled, or when the tiling cannot be made ([`to_pdf`] says why).
pub fn sheet_grid(scene: &Scene, options: &PdfOptions) -> (usize, usize) {
    options
        .tile
        .and_then(|tiling| plan_sheets(tiled_poster_mm(scene, options), tiling).ok())
        .map_or((1, 1), |plan| (plan.columns, plan.rows))
}

/// A page drawn from a display list laid out in PDF points, from its top
/// left corner (the results pages, [`super::results`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListPage {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What the page shows, in points.
    pub items: Vec<Item>,
    /// Drawings of their own placed on the page (the impact/effort matrix).
    pub pictures: Vec<Picture>,
}

/// A display list in its own units drawn on a [`ListPage`], scaled from its
/// top left corner to `at`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    /// The drawing, from its top left corner.
    pub items: Vec<Item>,
    /// Where its top left corner goes, in points.
    pub at: Point,
    /// Points per unit of the drawing.
    pub scale: f32,
}

impl ListPage {
    /// Every line of text the page shows, its pictures' included.
    pub fn text_lines(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .chain(self.pictures.iter().flat_map(|picture| &picture.items))
            .flat_map(|item| match item {
                Item::Text(run) => run.lines.as_slice(),
                _ => &[],
            })
            .map(String::as_str)
    }
}

/// The PDF file of `scene` laid out by `options`: one page, or one page per
/// sheet of a tiled poster. Linear in the number of items; a tiled poster's
/// drawing is written once and shown on every sheet.
pub fn to_pdf(scene: &Scene, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    to_pdf_with(scene, options, &[])
}

/// [`to_pdf`] with `after` drawn on pages of their own after the map (or
/// after the last sheet of a tiled poster).
pub fn to_pdf_with(
    scene: &Scene,
    options: &PdfOptions,
    after: &[ListPage],
) -> Result<Vec<u8>, PdfError> {
    if !(scene.width.is_finite() && scene.height.is_finite())
        || scene.width <= 0.0
        || scene.height <= 0.0
    {
        return Err(PdfError::EmptyMap {
            width: scene.width,
            height: scene.height,
        });
    }
    let (width, height) = options.paper.oriented_mm(options.orientation);
    let max_margin = ((width.min(height) - MIN_MAP_MM) / 2.0).floor();
    if !(0.0..=max_margin).contains(&options.margin_mm) {
        return Err(PdfError::BadMargin {
            margin_mm: options.margin_mm,
            paper: options.paper,
            max_mm: max_margin,
        });
    }
    let plan = options
        .tile
        .map(|tiling| plan_sheets(tiled_poster_mm(scene, options), tiling).map(|p| (tiling, p)))
        .transpose()?;
    let mut painter = Painter::new()?;
    let mut document = Document::new();
    match plan {
        None => {
            let settings = page_settings(width, height)?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            surface.push_transform(&fit(scene, (width, height), options.margin_mm));
            painter.scene(&mut surface, scene);
            surface.pop();
            surface.finish();
            page.finish();
        }
        Some((tiling, plan)) => {
            let mut drawing: Option<Graphic> = None;
            for sheet in &plan.sheets {
                let settings = page_settings(plan.sheet_mm.0, plan.sheet_mm.1)?;
                let mut page = document.start_page_with(settings);
                let mut surface = page.surface();
                let graphic = drawing.get_or_insert_with(|| {
                    let mut builder = surface.stream_builder();
                    let mut inner = builder.surface();
                    // The poster is the map alone, from its top left corner.
                    let scale = fit_scale(scene, (width, height), options.margin_mm) * PT_PER_MM;
                    inner.push_transform(&Transform::from_scale(scale, scale));
                    painter.scene(&mut inner, scene);
                    inner.pop();
                    inner.finish();
                    Graphic::new(builder.finish(), false)
                });
                painter.sheet(
                    &mut surface,
                    sheet,
                    graphic,
                    &plan,
                    tiling,
                    options.language,
                );
                surface.finish();
                page.finish();
            }
        }
    }
    for list in after {
        let settings = PageSettings::from_wh(list.width, list.height).ok_or_else(|| {
            PdfError::Write(format!(
                "a page of {} × {} points is not valid",
                list.width, list.height
            ))
        })?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in &list.items {
            painter.item(&mut surface, item);
        }
        for picture in &list.pictures {
            surface.push_transform(&Transform::from_row(
                picture.scale,
                0.0,
                0.0,
                picture.scale,
                picture.at.x,
                picture.at.y,
            ));
            for item in &picture.items {
                painter.item(&mut surface, item);
            }
            surface.pop();
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| PdfError::Write(error.to_string()))
}

/// A page of `width` × `height` millimetres.
fn page_settings(width: f32, height: f32) -> Result<PageSettings, PdfError> {
    PageSettings::from_wh(width * PT_PER_MM, height * PT_PER_MM)
        .ok_or_else(|| PdfError::Write(format!("a page of {width} × {height} mm is not valid")))
}

/// Scene units to PDF points on a page of `paper` millimetres: the scene
/// scaled uniformly to fit inside `margin`, centred.
fn fit(scene: &Scene, paper: (f32, f32), margin: f32) -> Transform {
    let scale = fit_scale(scene, paper, margin);
    let left = (paper.0 - scene.width * scale) / 2.0;
    let top = (paper.1 - scene.height * scale) / 2.0;
    Transform::from_row(
        scale * PT_PER_MM,
        0.0,
        0.0,
        scale * PT_PER_MM,
        left * PT_PER_MM,
        top * PT_PER_MM,
    )
}

/// Millimetres per scene unit when the scene fits `paper` inside `margin`.
fn fit_scale(scene: &Scene, paper: (f32, f32), margin: f32) -> f32 {
    ((paper.0 - 2.0 * margin) / scene.width).min((paper.1 - 2.0 * margin) / scene.height)
}

/// Draws scenes and sheets onto PDF surfaces (the slide writer draws its pages with it too).
pub(super) struct Painter {
    /// Each font of the chain the text uses, made into a PDF font once
    /// (embedded as a subset of the glyphs drawn); `None` for one that cannot be read.
    fonts: HashMap<FontRef, Option<Font>>,
    measure: TextMeasure,
    /// Each picture made into a PDF image once (by identity); `None` for one that cannot be.
    pictures: HashMap<*const Thumbnail, Option<Image>>,
}

impl Painter {
    /// A painter with the bundled font ready; fails when the font cannot be read.
    pub(super) fn new() -> Result<Self, PdfError> {
        let bundled = Font::new(Data::from(FONT_BYTES), 0).ok_or(PdfError::Font)?;
        Ok(Self {
            fonts: HashMap::from([(FontRef::Bundled, Some(bundled))]),
            measure: TextMeasure::bundled(),
            pictures: HashMap::new(),
        })
    }

    /// The scene's background over its area, then its items, in scene units.
    fn scene(&mut self, surface: &mut Surface<'_>, scene: &Scene) {
        let area = Rect::from_min_size(0.0, 0.0, scene.width, scene.height);
        if let Some(path) = path(|b| outline::rounded_rect(b, area, 0.0)) {
            fill_path(surface, &path, scene.background);
        }
        for item in &scene.items {
            self.item(surface, item);
        }
    }

    /// One item of a display list, in the surface's units.
    pub(super) fn item(&mut self, surface: &mut Surface<'_>, item: &Item) {
        match item {
            Item::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => {
                let (rect, radius) = outline::inside_outline(*rect, *radius, *stroke);
                let Some(path) = path(|b| outline::rounded_rect(b, rect, radius)) else {
                    return;
                };
                surface.set_fill(fill.map(pdf_fill));
                surface.set_stroke(stroke.and_then(|stroke| pdf_stroke(stroke, None)));
                if fill.is_some() || surface.get_stroke().is_some() {
                    surface.draw_path(&path);
                }
            }
            Item::Polyline {
                points,
                stroke,
                dash,
            } => {
                let Some(pdf_stroke) = pdf_stroke(*stroke, *dash) else {
                    return;
                };
                if let Some(path) = path(|b| outline::polyline(b, points, false)) {
                    surface.set_fill(None);
                    surface.set_stroke(Some(pdf_stroke));
                    surface.draw_path(&path);
                }
            }
            Item::Polygon { points, fill } => {
                if let Some(path) = path(|b| outline::polyline(b, points, true)) {
                    fill_path(surface, &path, *fill);
                }
            }
            Item::Circle {
                center,
                radius,
                fill,
                stroke,
            } => {
                if let Some(path) = circle(*center, *radius) {
                    surface.set_fill(fill.map(pdf_fill));
                    surface.set_stroke(stroke.and_then(|stroke| pdf_stroke(stroke, None)));
                    if fill.is_some() || surface.get_stroke().is_some() {
                        surface.draw_path(&path);
                    }
                }
            }
            Item::Text(run) => self.text(surface, run),
            Item::Image { rect, picture } => self.image(surface, *rect, picture),
        }
    }

    /// A picture stretched to fill `rect`; left out when its pixels do not match its size.
    fn image(&mut self, surface: &mut Surface<'_>, rect: Rect, picture: &Arc<Thumbnail>) {
        let image = self
            .pictures
            .entry(Arc::as_ptr(picture))
            .or_insert_with(|| {
                let pixels = u64::from(picture.width) * u64::from(picture.height);
                (pixels > 0 && picture.rgba.len() as u64 == pixels * 4)
                    .then(|| Image::from_rgba8(picture.rgba.clone(), picture.width, picture.height))
            })
            .clone();
        let (Some(image), Some(size)) = (image, Size::from_wh(rect.width(), rect.height())) else {
            return;
        };
        surface.push_transform(&Transform::from_translate(rect.min.x, rect.min.y));
        surface.draw_image(image, size);
        surface.pop();
    }

    /// Each line of the run as real text at its baseline: each stretch in the
    /// font of the chain that has its characters, advanced as the text was
    /// measured when it was wrapped. A character no font has is a hollow box
    /// over an empty glyph that still carries the character, so it can be
    /// selected and searched.
    pub(super) fn text(&mut self, surface: &mut Surface<'_>, run: &TextRun) {
        if !(run.size.is_finite() && run.size > 0.0) {
            return;
        }
        surface.set_fill(Some(pdf_fill(run.colour)));
        surface.set_stroke(None);
        for (index, line) in run.lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            let baseline = run.baseline + index as f32 * run.line_height;
            let mut x = match run.anchor {
                Anchor::Start => run.x,
                Anchor::Middle => run.x - self.measure.width(line, run.size) / 2.0,
            };
            for segment in self.measure.segments(line) {
                let start = x;
                let font = if segment.font == FontRef::Missing {
                    let mut pen = start;
                    for glyph in &segment.glyphs {
                        if !glyph.blank {
                            let frame = missing_glyph_box(pen, baseline, glyph.advance, run.size);
                            if let Some(path) = path(|b| {
                                outline::hollow_frame(b, frame, missing_glyph_stroke(run.size));
                                true
                            }) {
                                surface.draw_path(&path);
                            }
                        }
                        pen += glyph.advance * run.size;
                    }
                    FontRef::Bundled
                } else {
                    segment.font
                };
                x += segment
                    .glyphs
                    .iter()
                    .map(|glyph| glyph.advance * run.size)
                    .sum::<f32>();
                let Some(font) = self.font(font) else {
                    continue;
                };
                let glyphs: Vec<KrillaGlyph> = segment
                    .glyphs
                    .iter()
                    .map(|glyph| {
                        let id = if segment.font == FontRef::Missing {
                            0
                        } else {
                            glyph.glyph
                        };
                        KrillaGlyph::new(
                            GlyphId::new(u32::from(id)),
                            glyph.advance,
                            0.0,
                            0.0,
                            0.0,
                            glyph.range.start - segment.range.start
                                ..glyph.range.end - segment.range.start,
                            None,
                        )
                    })
                    .collect();
                surface.draw_glyphs(
                    PdfPoint::from_xy(start, baseline),
                    &glyphs,
                    font,
                    &line[segment.range.clone()],
                    run.size,
                    false,
                );
            }
        }
    }

    /// The PDF font of `font`, made the first time it is needed.
    fn font(&mut self, font: FontRef) -> Option<Font> {
        self.fonts
            .entry(font)
            .or_insert_with(|| match font {
                FontRef::System(index) => {
                    let face = system_face(index)?;
                    Font::new(Data::from(Arc::clone(&face.data)), face.index)
                }
                FontRef::Bundled => Font::new(Data::from(FONT_BYTES), 0),
                FontRef::Missing => None,
            })
            .clone()
    }

    /// One sheet of a tiled poster: its window of the poster inside the
    /// margins, crop marks at the corners of its cut rectangle, and its label.
    fn sheet(
        &mut self,
        surface: &mut Surface<'_>,
        sheet: &Sheet,
        drawing: &Graphic,
        plan: &SheetPlan,
        tiling: Tiling,
        language: Language,
    ) {
        // Everything on the sheet in millimetres from its top left corner.
        surface.push_transform(&Transform::from_scale(PT_PER_MM, PT_PER_MM));
        let printable = Rect::from_min_size(
            SHEET_MARGIN_MM,
            SHEET_MARGIN_MM,
            sheet.window.width(),
            sheet.window.height(),
        );
        if let Some(clip) = path(|b| outline::rounded_rect(b, printable, 0.0)) {
            surface.push_clip_path(&clip, &FillRule::NonZero);
            surface.push_transform(&Transform::from_translate(
                SHEET_MARGIN_MM - sheet.window.min.x,
                SHEET_MARGIN_MM - sheet.window.min.y,
            ));
            surface.push_transform(&Transform::from_scale(1.0 / PT_PER_MM, 1.0 / PT_PER_MM));
            surface.draw_graphic(drawing.clone());
            surface.pop();
            surface.pop();
            surface.pop();
        }
        crop_marks(surface, sheet);
        let label = sheet_label(sheet, plan, tiling, language);
        // As large as LABEL_SIZE_MM allows, smaller should the line not fit between the margins.
        let width_at_one = self.measure.width(&label, 1.0);
        let room = plan.sheet_mm.0 - 2.0 * SHEET_MARGIN_MM;
        let size = if width_at_one > 0.0 {
            LABEL_SIZE_MM.min(room / width_at_one)
        } else {
            LABEL_SIZE_MM
        };
        self.text(
            surface,
            &TextRun {
                x: plan.sheet_mm.0 / 2.0,
                baseline: plan.sheet_mm.1 - LABEL_BASELINE_MM,
                size,
                line_height: size,
                colour: Colour::rgb(0x33, 0x33, 0x33),
                anchor: Anchor::Middle,
                lines: vec![label],
            },
        );
        surface.pop();
    }
}

/// The line in a sheet's bottom margin telling where it goes and how to
/// assemble, in English and Chinese (a printed sheet may reach either reader):
/// Traditional Chinese when the export speaks it, Simplified otherwise.
/// Taiwan usage names rows 列 and columns 欄, where Simplified says 行 and 列.
fn sheet_label(sheet: &Sheet, plan: &SheetPlan, tiling: Tiling, language: Language) -> String {
    let (row, column) = (sheet.row + 1, sheet.column + 1);
    let (rows, columns) = (plan.rows, plan.columns);
    let overlap = number(tiling.overlap_mm);
    let (place, trim) = match language {
        Language::TraditionalChinese => (
            format!("第 {row} 列，第 {column} 欄（共 {rows} 列 {columns} 欄）"),
            format!("沿裁切標記剪去左邊和上邊，相鄰兩張重疊 {overlap} 公釐"),
        ),
        Language::English | Language::SimplifiedChinese => (
            format!("第 {row} 行，第 {column} 列（共 {rows} 行 {columns} 列）"),
            format!("沿裁切标记剪去左边和上边，相邻两张重叠 {overlap} 毫米"),
        ),
    };
    format!(
        "{name} · row {row} of {rows}, column {column} of {columns} · {place} · \
         trim the left and top margins at the marks; sheets overlap {overlap} mm · {trim}",
        name = sheet.name(),
    )
}

/// Crop marks at the four corners of the sheet's cut rectangle, each a short
/// line continuing both edges outwards, in black over a white halo so they
/// show on the dark theme too. Drawn in millimetres of the sheet.
fn crop_marks(surface: &mut Surface<'_>, sheet: &Sheet) {
    let cut = sheet.cut;
    let corners = [
        (cut.min, -1.0, -1.0),
        (Point::new(cut.max.x, cut.min.y), 1.0, -1.0),
        (Point::new(cut.min.x, cut.max.y), -1.0, 1.0),
        (cut.max, 1.0, 1.0),
    ];
    let mut builder = PathBuilder::new();
    for (corner, out_x, out_y) in corners {
        let at = sheet.on_sheet(corner);
        builder.move_to(at.x + out_x * MARK_GAP_MM, at.y);
        builder.line_to(at.x + out_x * (MARK_GAP_MM + MARK_LENGTH_MM), at.y);
        builder.move_to(at.x, at.y + out_y * MARK_GAP_MM);
        builder.line_to(at.x, at.y + out_y * (MARK_GAP_MM + MARK_LENGTH_MM));
    }
    let Some(path) = builder.finish() else {
        return;
    };
    surface.set_fill(None);
    for (width, colour) in [(0.5, Colour::WHITE), (0.15, Colour::rgb(0, 0, 0))] {
        surface.set_stroke(pdf_stroke(Stroke { width, colour }, None));
        surface.draw_path(&path);
    }
}

/// A millimetre figure with no trailing zeros.
fn number(value: f32) -> String {
    let text = format!("{value:.1}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

pub(super) fn fill_path(surface: &mut Surface<'_>, path: &Path, colour: Colour) {
    surface.set_fill(Some(pdf_fill(colour)));
    surface.set_stroke(None);
    surface.draw_path(path);
}

fn opacity(colour: Colour) -> NormalizedF32 {
    NormalizedF32::new(f32::from(colour.a) / 255.0).unwrap_or(NormalizedF32::ONE)
}

fn pdf_fill(colour: Colour) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.r, colour.g, colour.b).into(),
        opacity: opacity(colour),
        rule: FillRule::NonZero,
    }
}

/// A krilla stroke with butt caps and mitred joins, as in the SVG; `None`
/// for a line of no width.
fn pdf_stroke(stroke: Stroke, dash: Option<[f32; 2]>) -> Option<krilla::paint::Stroke> {
    if !(stroke.width.is_finite() && stroke.width > 0.0) {
        return None;
    }
    let dash = dash
        .filter(|[on, off]| on.is_finite() && off.is_finite() && *on > 0.0 && *off >= 0.0)
        .map(|[on, off]| StrokeDash {
            array: vec![on, off],
            offset: 0.0,
        });
    Some(krilla::paint::Stroke {
        paint: rgb::Color::new(stroke.colour.r, stroke.colour.g, stroke.colour.b).into(),
        width: stroke.width,
        miter_limit: 4.0,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        opacity: opacity(stroke.colour),
        dash,
    })
}

/// The path `trace` draws into a new builder; `None` when it traces nothing.
pub(super) fn path(trace: impl FnOnce(&mut PathBuilder) -> bool) -> Option<Path> {
    let mut builder = PathBuilder::new();
    if trace(&mut builder) {
        builder.finish()
    } else {
        None
    }
}

impl outline::PathSink for PathBuilder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.line_to(x, y);
    }
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.close();
    }
}

/// A circle of four cubic curves; `None` when the radius is not positive.
fn circle(center: Point, radius: f32) -> Option<Path> {
    if !(radius.is_finite() && radius > 0.0) {
        return None;
    }
    let (x, y, r, k) = (center.x, center.y, radius, radius * outline::KAPPA);
    let mut builder = PathBuilder::new();
    builder.move_to(x + r, y);
    builder.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
    builder.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
    builder.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
    builder.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
    builder.close();
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-3
    }

    fn rect_is(rect: Rect, left: f32, top: f32, right: f32, bottom: f32) -> bool {
        close(rect.min.x, left)
            && close(rect.min.y, top)
            && close(rect.max.x, right)
            && close(rect.max.y, bottom)
    }

    #[test]
    fn papers_parse_in_either_case_and_refuse_others() {
        assert_eq!(Paper::parse("a3"), Ok(Paper::A3));
        assert_eq!(Paper::parse(" A0 "), Ok(Paper::A0));
        assert_eq!("A1".parse::<Paper>(), Ok(Paper::A1));
        for bad in ["", "A5", "letter", "4"] {
            assert!(Paper::parse(bad).is_err(), "{bad}");
        }
        for paper in Paper::ALL {
            assert_eq!(Paper::parse(paper.name()), Ok(paper));
        }
        assert_eq!(
            Paper::A4.oriented_mm(Orientation::Landscape),
            (297.0, 210.0)
        );
        assert_eq!(PdfOptions::default().paper, Paper::A4);
        assert_eq!(PdfOptions::default().orientation, Orientation::Landscape);
    }

    /// A1 landscape (841 × 594 mm) on A4 with 10 mm overlap: an A4 sheet's
    /// printable area is 194 × 281 mm portrait, 281 × 194 mm landscape.
    /// Portrait steps 184 × 271 mm: 5 columns (windows end at 736 + 194 = 930
    /// ≥ 841; four would end at 746) and 3 rows (542 + 281 = 823 ≥ 594; two
    /// would end at 552), 15 sheets. Landscape steps 271 × 184 mm: 4 × 4 = 16.
    #[test]
    fn sheet_labels_speak_english_and_the_export_s_chinese() {
        let tiling = Tiling::default();
        let plan = plan_sheets((841.0, 594.0), tiling).unwrap();
        let b3 = plan.sheets[plan.columns + 2];
        let english = "B3 · row 2 of 3, column 3 of 5";
        let simplified = "第 2 行，第 3 列（共 3 行 5 列）";
        let traditional = "第 2 列，第 3 欄（共 3 列 5 欄）";
        for language in [Language::English, Language::SimplifiedChinese] {
            let label = sheet_label(&b3, &plan, tiling, language);
            assert!(label.starts_with(english), "{label}");
            assert!(label.contains(simplified), "{label}");
            assert!(label.contains("相邻两张重叠 10 毫米"), "{label}");
        }
        let label = sheet_label(&b3, &plan, tiling, Language::TraditionalChinese);
        assert!(label.starts_with(english), "{label}");
        assert!(label.contains(traditional), "{label}");
        assert!(
            label.contains("沿裁切標記剪去左邊和上邊，相鄰兩張重疊 10 公釐"),
            "{label}"
        );
        assert!(!label.contains(simplified), "{label}");
    }

    #[test]
    fn an_a1_poster_takes_fifteen_portrait_a4_sheets() {
        let plan = plan_sheets((841.0, 594.0), Tiling::default()).unwrap();
        assert_eq!(plan.poster_mm, (841.0, 594.0));
        assert_eq!(plan.sheet_mm, (210.0, 297.0));
        assert_eq!((plan.columns, plan.rows), (5, 3));
        assert_eq!(plan.sheets.len(), 15);
        let sheet = |row: usize, column: usize| plan.sheets[row * plan.columns + column];
        let first = sheet(0, 0);
        assert!(rect_is(first.window, 0.0, 0.0, 194.0, 281.0));
        assert!(rect_is(first.cut, 0.0, 0.0, 184.0, 271.0));
        assert_eq!(first.name(), "A1");
        let middle = sheet(1, 2);
        assert_eq!(middle.name(), "B3");
        assert!(rect_is(middle.window, 368.0, 271.0, 562.0, 552.0));
        assert!(rect_is(middle.cut, 368.0, 271.0, 552.0, 542.0));
        // The last row and column are cut at the poster's edge.
        let last = sheet(2, 4);
        assert!(rect_is(last.window, 736.0, 542.0, 930.0, 823.0));
        assert!(rect_is(last.cut, 736.0, 542.0, 841.0, 594.0));
        // The cut rectangles tile the poster: their areas add up to it, and
        // each begins where its left and upper neighbours' end.
        let area: f32 = plan
            .sheets
            .iter()
            .map(|s| s.cut.width() * s.cut.height())
            .sum();
        assert!((area - 841.0 * 594.0).abs() < 1.0);
        for s in &plan.sheets {
            if s.column > 0 {
                assert!(close(sheet(s.row, s.column - 1).cut.max.x, s.cut.min.x));
            }
            if s.row > 0 {
                assert!(close(sheet(s.row - 1, s.column).cut.max.y, s.cut.min.y));
            }
        }
    }

    #[test]
    fn a_point_in_an_overlap_sits_where_both_sheets_predict() {
        let plan = plan_sheets((841.0, 594.0), Tiling::default()).unwrap();
        let (a1, a2, b1) = (plan.sheets[0], plan.sheets[1], plan.sheets[5]);
        // 190 mm across the poster lies in A1's window (0..194) and A2's (184..378).
        let point = Point::new(190.0, 100.0);
        assert!(a1.window.contains(point) && a2.window.contains(point));
        // On A1 it is 8 + 190 mm from the left edge; on A2 8 + 6 mm.
        let (on_a1, on_a2) = (a1.on_sheet(point), a2.on_sheet(point));
        assert!(close(on_a1.x, 198.0) && close(on_a1.y, 108.0));
        assert!(close(on_a2.x, 14.0) && close(on_a2.y, 108.0));
        // On the sheet below (B1) it is 271 mm higher: y 108 − 271 is off the sheet.
        assert!(close(b1.on_sheet(point).y, 108.0 - 271.0));
        assert!(!b1.window.contains(point));
    }

    #[test]
    fn landscape_sheets_win_when_they_need_fewer() {
        // A2 sheets (printable 404 × 578 portrait) on an A1 landscape poster:
        // portrait needs 3 × 2, landscape (578 × 404, steps 568 × 394) 2 × 2.
        let tiling = Tiling {
            sheet: Paper::A2,
            overlap_mm: 10.0,
        };
        let plan = plan_sheets((841.0, 594.0), tiling).unwrap();
        assert_eq!(plan.sheet_mm, (594.0, 420.0));
        assert_eq!((plan.columns, plan.rows), (2, 2));
        // A sheet as large as the poster takes one.
        let same = Tiling {
            sheet: Paper::A1,
            overlap_mm: 10.0,
        };
        let plan = plan_sheets((297.0, 420.0), same).unwrap();
        assert_eq!((plan.columns, plan.rows), (1, 1));
        assert!(rect_is(plan.sheets[0].cut, 0.0, 0.0, 297.0, 420.0));
    }

    #[test]
    fn bad_overlaps_and_margins_are_refused_with_the_allowed_range() {
        for overlap_mm in [-1.0, 98.0, f32::NAN, f32::INFINITY] {
            let tiling = Tiling {
                sheet: Paper::A4,
                overlap_mm,
            };
            let error = plan_sheets((1189.0, 841.0), tiling).unwrap_err();
            assert!(error.to_string().contains("0 to 97 mm"), "{error}");
        }
        let scene = Scene {
            shows: Vec::new(),
            width: 100.0,
            height: 50.0,
            background: Colour::WHITE,
            items: Vec::new(),
        };
        let options = PdfOptions {
            margin_mm: 150.0,
            ..PdfOptions::default()
        };
        let error = to_pdf(&scene, &options).unwrap_err();
        assert!(error.to_string().contains("0 to 100 mm"), "{error}");
        let empty = Scene {
            shows: Vec::new(),
            width: 0.0,
            ..scene.clone()
        };
        assert!(matches!(
            to_pdf(&empty, &PdfOptions::default()),
            Err(PdfError::EmptyMap { .. })
        ));
        let bad_tiling = PdfOptions {
            tile: Some(Tiling {
                sheet: Paper::A4,
                overlap_mm: -5.0,
            }),
            ..PdfOptions::default()
        };
        assert_eq!(sheet_grid(&scene, &bad_tiling), (1, 1));
    }

    #[test]
    fn rows_are_lettered_like_spreadsheet_columns() {
        assert_eq!(row_letters(0), "A");
        assert_eq!(row_letters(25), "Z");
        assert_eq!(row_letters(26), "AA");
        assert_eq!(row_letters(27), "AB");
    }

    #[test]
    fn pictures_become_images_and_broken_ones_are_left_out() {
        let picture = |rgba: Vec<u8>| {
            Arc::new(Thumbnail {
                width: 2,
                height: 2,
                rgba,
            })
        };
        let image = |picture| Item::Image {
            rect: Rect::from_min_size(10.0, 10.0, 20.0, 20.0),
            picture,
        };
        let scene = |items| Scene {
            shows: Vec::new(),
            width: 100.0,
            height: 50.0,
            background: Colour::WHITE,
            items,
        };
        let images = |bytes: &[u8]| {
            bytes
                .windows(b"/Subtype/Image".len())
                .filter(|w| *w == b"/Subtype/Image")
                .count()
        };
        let good = picture([200, 30, 40, 255].repeat(4));
        // One picture shown twice is written once.
        let twice = to_pdf(
            &scene(vec![image(Arc::clone(&good)), image(good)]),
            &PdfOptions::default(),
        )
        .unwrap();
        assert_eq!(images(&twice), 1);
        let broken = to_pdf(
            &scene(vec![image(picture(vec![0; 3]))]),
            &PdfOptions::default(),
        )
        .unwrap();
        assert_eq!(images(&broken), 0);
    }

    #[test]
    fn a_small_scene_makes_a_pdf() {
        let scene = Scene {
            shows: Vec::new(),
            width: 200.0,
            height: 100.0,
            background: Colour::WHITE,
            items: vec![Item::Text(TextRun {
                x: 10.0,
                baseline: 20.0,
                size: 12.0,
                line_height: 15.0,
                colour: Colour::rgb(0, 0, 0),
                anchor: Anchor::Start,
                lines: vec!["维保 ok".to_owned()],
            })],
        };
        let bytes = to_pdf(&scene, &PdfOptions::default()).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
