//! PNG drawn from a [`Scene`] on the CPU: shapes rasterised with tiny-skia,
//! text as filled glyph outlines from the font chain (the bundled font, then
//! the system font that has a character; each glyph's outline read once; a
//! hollow box for a character no font has), card pictures resampled into
//! their boxes, so Chinese renders with no window and no GPU.

use std::collections::HashMap;
use std::sync::Arc;

use tiny_skia::{
    FillRule, FilterQuality, IntSize, LineCap, LineJoin, Paint, Path, PathBuilder, PathSegment,
    Pattern, Pixmap, SpreadMode, StrokeDash, Transform,
};
use ttf_parser::{GlyphId, OutlineBuilder};

use super::outline;
use crate::layout::{Point, Rect};
use crate::pictures::Thumbnail;
use crate::scene::text::{
    FontRef, TextMeasure, missing_glyph_box, missing_glyph_stroke, with_face,
};
use crate::scene::{Anchor, Colour, Item, Scene, Stroke, TextRun};

/// The most pixels a picture may have (about 1 GB of memory while drawing).
pub const MAX_PIXELS: u64 = 256 * 1024 * 1024;

/// How large the picture is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PngSize {
    /// Pixels per document unit: 1, 2, 4 …
    Scale(f32),
    /// The picture's width in pixels; the height follows.
    Width(u32),
}

/// How a PNG is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngOptions {
    /// The picture's size.
    pub size: PngSize,
    /// Leave the background transparent instead of filling it with the theme's colour.
    pub transparent: bool,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            size: PngSize::Scale(1.0),
            transparent: false,
        }
    }
}

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The scale or width is zero, negative or not a number.
    #[error("the picture size is not usable ({0}); give a positive scale or width")]
    BadSize(String),
    /// The picture would be too large to draw.
    #[error(
        "the picture would be {width} × {height} pixels, more than {MAX_PIXELS} pixels; \
         choose a smaller scale or width, or export fewer stages"
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// The progress callback asked to stop before the picture was drawn.
    #[error("drawing the picture was stopped")]
    Stopped,
    /// The PNG encoder failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(#[from] png::EncodingError),
}

/// The PNG file of `scene`, drawn and written a band of rows at a time
/// ([`to_png_with_progress`]).
pub fn to_png(scene: &Scene, options: PngOptions) -> Result<Vec<u8>, PngError> {
    to_png_with_progress(scene, options, &mut |_| true)
}

/// `scene` drawn into a pixmap (premultiplied RGBA). Linear in the number of items.
pub fn render(scene: &Scene, options: PngOptions) -> Result<Pixmap, PngError> {
    render_with_progress(scene, options, &mut |_| true)
}

/// Items drawn between two calls of a progress callback.
const ITEMS_PER_PROGRESS: usize = 512;

/// Rows of pixels the PNG writer draws at a time: a band of a poster 16,000
/// pixels wide is about 17 MB, where the whole picture would be hundreds.
const BAND_ROWS: u32 = 256;

/// Pixels an item's drawing may reach beyond its box (anti-aliasing), in pixels.
const EDGE_PIXELS: f32 = 2.0;

/// The picture's width and height in pixels and its pixels per document unit,
/// checked against [`MAX_PIXELS`].
fn picture_size(scene: &Scene, options: PngOptions) -> Result<(u32, u32, f32), PngError> {
    let scale = match options.size {
        PngSize::Scale(scale) => scale,
        PngSize::Width(width) => width as f32 / scene.width.max(1.0),
    };
    if !scale.is_finite() || scale <= 0.0 {
        return Err(PngError::BadSize(format!("{:?}", options.size)));
    }
    let width = match options.size {
        PngSize::Width(width) => u64::from(width),
        PngSize::Scale(_) => (f64::from(scene.width) * f64::from(scale)).ceil() as u64,
    };
    let height = (f64::from(scene.height) * f64::from(scale)).ceil() as u64;
    let too_large = || PngError::TooLarge { width, height };
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(too_large());
    }
    let (Ok(pixel_width), Ok(pixel_height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(too_large());
    };
    if pixel_width == 0 || pixel_height == 0 {
        // An empty scene still makes a picture of one pixel.
        return Ok((pixel_width.max(1), pixel_height.max(1), scale));
    }
    Ok((pixel_width, pixel_height, scale))
}

/// [`render`], telling `progress` the fraction of the items drawn every few
/// hundred items; when it answers `false`, drawing stops with [`PngError::Stopped`].
pub fn render_with_progress(
    scene: &Scene,
    options: PngOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Pixmap, PngError> {
    let (width, height, scale) = picture_size(scene, options)?;
    let Some(pixmap) = Pixmap::new(width, height) else {
        return Err(PngError::BadSize(format!("{width} × {height} pixels")));
    };
    let mut painter = Painter::new(pixmap, scale);
    painter.clear(scene, options);
    let total = scene.items.len().max(1) as f32;
    for (index, chunk) in scene.items.chunks(ITEMS_PER_PROGRESS).enumerate() {
        if !progress((index * ITEMS_PER_PROGRESS) as f32 / total) {
            return Err(PngError::Stopped);
        }
        for item in chunk {
            painter.item(item);
        }
    }
    Ok(painter.pixmap)
}

/// [`to_png`], drawing the picture a band of 256 rows at a time
/// (each band with the items that reach into it) and compressing each band
/// on a second thread while the next is drawn, so the whole picture is never
/// held in memory;
/// `progress` is told the fraction of the bands done before each band, and
/// when it answers `false` the writing stops with [`PngError::Stopped`].
///
/// Each band is drawn with more rows above and below than it
/// writes: a curve the band's edge cuts is flattened differently from the
/// whole curve, so the cut is kept where it cannot show.
pub fn to_png_with_progress(
    scene: &Scene,
    options: PngOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Vec<u8>, PngError> {
    let (width, height, scale) = picture_size(scene, options)?;
    let Some(pixmap) = Pixmap::new(width, 1) else {
        return Err(PngError::BadSize(format!("{width} × {height} pixels")));
    };
    let mut painter = Painter::new(pixmap, scale);
    let margin = band_margin(scene, scale, &mut painter);
    let band_count = height.div_ceil(BAND_ROWS) as usize;
    // The items of each band, in drawing order.
    let mut bands: Vec<Vec<usize>> = vec![Vec::new(); band_count];
    for (index, item) in scene.items.iter().enumerate() {
        let Some((top, bottom)) = vertical_extent(item) else {
            continue;
        };
        let top = (top * scale - EDGE_PIXELS - margin as f32).floor().max(0.0);
        let bottom = (bottom * scale + EDGE_PIXELS + margin as f32).ceil();
        if bottom.is_nan() || top > bottom || top >= height as f32 {
            continue;
        }
        let first = top as usize / BAND_ROWS as usize;
        let last =
            (bottom.min(height as f32 - 1.0) as usize / BAND_ROWS as usize).min(band_count - 1);
        for band in &mut bands[first..=last] {
            band.push(index);
        }
    }
    let band_pixmap = || {
        Pixmap::new(width, BAND_ROWS.min(height) + 2 * margin)
            .ok_or_else(|| PngError::BadSize(format!("{width} × {height} pixels")))
    };
    painter.pixmap = band_pixmap()?;
    let spare = band_pixmap()?;
    // A band is compressed on a second thread while the next is drawn; two
    // band pixmaps go back and forth between the threads.
    std::thread::scope(|threads| {
        let (send_band, drawn) = std::sync::mpsc::sync_channel::<(Pixmap, u32)>(1);
        let (send_back, returned) = std::sync::mpsc::channel::<Pixmap>();
        let _ = send_back.send(spare);
        let compressor = threads.spawn(move || -> Result<Vec<u8>, PngError> {
            let mut out = Vec::new();
            let mut writer = encoder(&mut out, width, height).write_header()?;
            let mut stream = writer.stream_writer()?;
            let mut row = Vec::with_capacity(width as usize * 4);
            for (pixmap, rows) in drawn {
                write_rows(&mut stream, &pixmap, margin..margin + rows, &mut row)?;
                // The drawing side may have stopped; then the pixmap is not needed.
                let _ = send_back.send(pixmap);
            }
            stream.finish()?;
            writer.finish()?;
            Ok(out)
        });
        let mut stopped = false;
        for (index, items) in bands.iter().enumerate() {
            if !progress(index as f32 / band_count as f32) {
                stopped = true;
                break;
            }
            let top = index as u32 * BAND_ROWS;
            let shift = top as f32 - margin as f32;
            painter.transform = Transform::from_row(scale, 0.0, 0.0, scale, 0.0, -shift);
            painter.clear(scene, options);
            for &item in items {
                painter.item(&scene.items[item]);
            }
            // The compressor gives a pixmap back for every band but the last
            // two; it stops answering only when it has failed.
            let Ok(next) = returned.recv() else {
                break;
            };
            let band = std::mem::replace(&mut painter.pixmap, next);
            if send_band.send((band, BAND_ROWS.min(height - top))).is_err() {
                break;
            }
        }
        drop(send_band);
        let written = compressor
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if stopped {
            return Err(PngError::Stopped);
        }
        written
    })
}

/// Rows drawn above and below each band of [`to_png_with_progress`]: more
/// than the tallest single curve of the scene (a rounded corner, a quarter of
/// a circle, a curve of a glyph's outline), in pixels.
fn band_margin(scene: &Scene, scale: f32, painter: &mut Painter) -> u32 {
    let mut tallest = 0.0_f32;
    for item in &scene.items {
        let height = match item {
            Item::Rect { radius, .. } => *radius,
            Item::Circle { radius, stroke, .. } => {
                radius + stroke.map_or(0.0, |stroke| stroke.width)
            }
            Item::Text(run) => run.size * painter.tallest_glyph_curve(run),
            Item::Polyline { .. } | Item::Polygon { .. } | Item::Image { .. } => 0.0,
        };
        tallest = tallest.max(height);
    }
    let rows = (tallest * scale + 2.0 * EDGE_PIXELS).ceil();
    // A margin as tall as the picture would make every band the whole picture.
    if rows.is_finite() && rows > 0.0 {
        (rows as u32).min(MAX_MARGIN)
    } else {
        0
    }
}

/// The most rows [`band_margin`] adds above and below a band.
const MAX_MARGIN: u32 = 1024;

/// The top and bottom of what `item` draws, in document units, generously
/// (strokes, miter joins, glyphs above the ascent); `None` when it draws nothing.
fn vertical_extent(item: &Item) -> Option<(f32, f32)> {
    let points = |points: &[Point]| {
        points.iter().fold(None, |extent: Option<(f32, f32)>, p| {
            Some(extent.map_or((p.y, p.y), |(top, bottom)| (top.min(p.y), bottom.max(p.y))))
        })
    };
    let widen = |(top, bottom): (f32, f32), margin: f32| (top - margin, bottom + margin);
    match item {
        Item::Rect { rect, .. } | Item::Image { rect, .. } => Some((rect.min.y, rect.max.y)),
        // The default miter limit lets a corner reach 4 half-widths out.
        Item::Polyline {
            points: p, stroke, ..
        } => points(p).map(|e| widen(e, 2.0 * stroke.width)),
        Item::Polygon { points: p, .. } => points(p),
        Item::Circle {
            center,
            radius,
            stroke,
            ..
        } => {
            let reach = radius + stroke.map_or(0.0, |stroke| stroke.width);
            Some((center.y - reach, center.y + reach))
        }
        Item::Text(run) => {
            let lines = run.lines.len().max(1) - 1;
            let last = run.baseline + lines as f32 * run.line_height;
            Some((run.baseline - 1.5 * run.size, last + run.size))
        }
    }
}

/// The PNG encoder the writer uses: straight RGBA, 8 bits per channel, fast
/// compression with every row filtered by Paeth (on the 960-card map at 2×,
/// a file 4 % larger than choosing each row's filter, written in 60 % of the time).
fn encoder<W: std::io::Write>(out: W, width: u32, height: u32) -> png::Encoder<'static, W> {
    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    encoder
}

/// Writes `rows` of `pixmap` as straight RGBA; a row with no see-through
/// pixel is written as it is (premultiplied and straight are the same).
fn write_rows(
    stream: &mut impl std::io::Write,
    pixmap: &Pixmap,
    rows: std::ops::Range<u32>,
    row: &mut Vec<u8>,
) -> Result<(), PngError> {
    let width = pixmap.width().max(1) as usize;
    let lines = pixmap
        .pixels()
        .chunks(width)
        .zip(pixmap.data().chunks(width * 4))
        .skip(rows.start as usize)
        .take(rows.len());
    for (pixels, bytes) in lines {
        // No early exit, so that the check runs many pixels at a time.
        let opaque = bytes
            .chunks_exact(4)
            .fold(u8::MAX, |alpha, pixel| alpha & pixel[3]);
        if opaque == u8::MAX {
            stream.write_all(bytes).map_err(png::EncodingError::from)?;
            continue;
        }
        row.clear();
        for pixel in pixels {
            let straight = pixel.demultiply();
            row.extend_from_slice(&[
                straight.red(),
                straight.green(),
                straight.blue(),
                straight.alpha(),
            ]);
        }
        stream.write_all(row).map_err(png::EncodingError::from)?;
    }
    Ok(())
}

/// A pixmap as a PNG file (straight alpha, 8 bits per channel), written a
/// row at a time so a poster-sized picture is not held twice.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, PngError> {
    let mut out = Vec::new();
    let mut writer = encoder(&mut out, pixmap.width(), pixmap.height()).write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut row = Vec::with_capacity(pixmap.width() as usize * 4);
    write_rows(&mut stream, pixmap, 0..pixmap.height(), &mut row)?;
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// Draws items onto a pixmap.
struct Painter {
    pixmap: Pixmap,
    /// Document units to pixels.
    transform: Transform,
    glyphs: GlyphCache,
    measure: TextMeasure,
    /// Each picture as a premultiplied pixmap, made once however many cards show it.
    pictures: HashMap<*const Thumbnail, Option<Pixmap>>,
    masks: MaskCache,
    /// The glyphs of the text run being drawn: their masks and where they go.
    placed: Vec<(usize, i32, i32)>,
    /// The coverage of the text run being drawn, glyph masks added up.
    coverage: Vec<u8>,
}

impl Painter {
    fn new(pixmap: Pixmap, scale: f32) -> Self {
        Self {
            pixmap,
            transform: Transform::from_scale(scale, scale),
            glyphs: GlyphCache::new(),
            measure: TextMeasure::bundled(),
            pictures: HashMap::new(),
            masks: MaskCache::default(),
            placed: Vec::new(),
            coverage: Vec::new(),
        }
    }

    /// The whole pixmap back to the scene's background, or transparent.
    fn clear(&mut self, scene: &Scene, options: PngOptions) {
        if options.transparent {
            self.pixmap.fill(tiny_skia::Color::TRANSPARENT);
        } else {
            self.pixmap.fill(colour(scene.background));
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Rect {
                rect,
                radius,
                fill,
                stroke,
            } => self.rect(*rect, *radius, *fill, *stroke),
            Item::Polyline {
                points,
                stroke,
                dash,
            } => {
                if let Some(path) = path(|b| outline::polyline(b, points, false)) {
                    self.stroke(&path, *stroke, *dash);
                }
            }
            Item::Polygon { points, fill } => {
                if let Some(path) = path(|b| outline::polyline(b, points, true)) {
                    self.fill(&path, *fill);
                }
            }
            Item::Circle {
                center,
                radius,
                fill,
                stroke,
            } => {
                if let Some(path) = PathBuilder::from_circle(center.x, center.y, *radius) {
                    if let Some(fill) = fill {
                        self.fill(&path, *fill);
                    }
                    if let Some(stroke) = stroke {
                        self.stroke(&path, *stroke, None);
                    }
                }
            }
            Item::Text(run) => self.text(run),
            Item::Image { rect, picture } => self.image(*rect, picture),
        }
    }

    /// A picture stretched to fill `rect`.
    fn image(&mut self, rect: Rect, picture: &Arc<Thumbnail>) {
        let pixels = self
            .pictures
            .entry(Arc::as_ptr(picture))
            .or_insert_with(|| premultiplied(picture));
        let (Some(pixels), Some(target)) = (
            pixels.as_ref(),
            tiny_skia::Rect::from_ltrb(rect.min.x, rect.min.y, rect.max.x, rect.max.y),
        ) else {
            return;
        };
        // From the picture's pixels to document units.
        let placement = Transform::from_row(
            rect.width() / pixels.width() as f32,
            0.0,
            0.0,
            rect.height() / pixels.height() as f32,
            rect.min.x,
            rect.min.y,
        );
        let paint = Paint {
            shader: Pattern::new(
                pixels.as_ref(),
                SpreadMode::Pad,
                FilterQuality::Bicubic,
                1.0,
                placement,
            ),
            anti_alias: true,
            ..Paint::default()
        };
        self.pixmap.fill_rect(target, &paint, self.transform, None);
    }

    fn rect(&mut self, rect: Rect, radius: f32, fill: Option<Colour>, stroke: Option<Stroke>) {
        let (rect, radius) = outline::inside_outline(rect, radius, stroke);
        let Some(path) = path(|b| outline::rounded_rect(b, rect, radius)) else {
            return;
        };
        if let Some(fill) = fill {
            self.fill(&path, fill);
        }
        if let Some(stroke) = stroke {
            self.stroke(&path, stroke, None);
        }
    }

    fn fill(&mut self, path: &Path, fill: Colour) {
        self.pixmap
            .fill_path(path, &paint(fill), FillRule::Winding, self.transform, None);
    }

    fn stroke(&mut self, path: &Path, stroke: Stroke, dash: Option<[f32; 2]>) {
        let style = tiny_skia::Stroke {
            width: stroke.width,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Miter,
            dash: dash.and_then(|[on, off]| StrokeDash::new(vec![on, off], 0.0)),
            ..tiny_skia::Stroke::default()
        };
        self.pixmap
            .stroke_path(path, &paint(stroke.colour), &style, self.transform, None);
    }

    /// The height of the tallest curve among the glyphs of `run`, as a share of its size.
    fn tallest_glyph_curve(&mut self, run: &TextRun) -> f32 {
        let mut tallest = 0.0_f32;
        for line in &run.lines {
            for glyph in self.measure.glyphs(line) {
                if !glyph.blank
                    && let Some(glyph) = self.glyphs.glyph(glyph.font, glyph.glyph)
                {
                    tallest = tallest.max(glyph.tallest_curve);
                }
            }
        }
        tallest
    }

    /// The run's glyphs from their coverage masks ([`MaskCache`]), added up
    /// into one coverage of the whole run and blended once, as filling all
    /// their outlines as one path would; a run with a character no font has,
    /// or set too large for masks, is filled as paths ([`Painter::text_as_paths`]).
    fn text(&mut self, run: &TextRun) {
        if !self.text_from_masks(run) {
            self.text_as_paths(run);
        }
    }

    /// [`Painter::text`] from glyph masks; `false`, having drawn nothing, when
    /// the run needs paths.
    fn text_from_masks(&mut self, run: &TextRun) -> bool {
        let ts = self.transform;
        let size = run.size * ts.sy;
        if ts.kx != 0.0 || ts.ky != 0.0 || ts.sx != ts.sy || !(size > 0.0 && size <= MAX_MASK_EM) {
            return false;
        }
        self.masks.trim();
        self.placed.clear();
        for (index, line) in run.lines.iter().enumerate() {
            let baseline = run.baseline + index as f32 * run.line_height;
            let mut x = match run.anchor {
                Anchor::Start => run.x,
                Anchor::Middle => run.x - self.measure.width(line, run.size) / 2.0,
            };
            let (row, down) = subpixel(ts.sy * baseline + ts.ty);
            for glyph in self.measure.glyphs(line) {
                if glyph.font == FontRef::Missing && !glyph.blank {
                    return false;
                }
                if !glyph.blank {
                    let (column, across) = subpixel(ts.sx * x + ts.tx);
                    let key = MaskKey {
                        font: glyph.font,
                        glyph: glyph.glyph,
                        size: size.to_bits(),
                        across,
                        down,
                    };
                    if let Some(mask) = self.masks.get(key, &mut self.glyphs) {
                        self.placed.push((mask, column, row));
                    }
                }
                x += glyph.advance * run.size;
            }
        }
        // The run's box in pixels, within the pixmap.
        let (mut left, mut top, mut right, mut bottom) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        for &(mask, column, row) in &self.placed {
            let mask = &self.masks.masks[mask];
            left = left.min(column + mask.left);
            top = top.min(row + mask.top);
            right = right.max(column + mask.left + mask.width as i32);
            bottom = bottom.max(row + mask.top + mask.height as i32);
        }
        let (width, height) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        let (left, top, right, bottom) = (
            left.max(0),
            top.max(0),
            right.min(width),
            bottom.min(height),
        );
        if left >= right || top >= bottom {
            return true;
        }
        let stride = (right - left) as usize;
        self.coverage.clear();
        self.coverage.resize(stride * (bottom - top) as usize, 0);
        for &(mask, column, row) in &self.placed {
            let mask = &self.masks.masks[mask];
            let (x0, y0) = (column + mask.left, row + mask.top);
            let columns = x0.max(left)..(x0 + mask.width as i32).min(right);
            if columns.is_empty() {
                continue;
            }
            let count = columns.len();
            for y in y0.max(top)..(y0 + mask.height as i32).min(bottom) {
                let from = (y - y0) as usize * mask.width as usize + (columns.start - x0) as usize;
                let to = (y - top) as usize * stride + (columns.start - left) as usize;
                for (sum, add) in self.coverage[to..to + count]
                    .iter_mut()
                    .zip(&mask.coverage[from..from + count])
                {
                    *sum = sum.saturating_add(*add);
                }
            }
        }
        let colour = colour(run.colour).premultiply().to_color_u8();
        let source = [colour.red(), colour.green(), colour.blue(), colour.alpha()];
        let pixels = self.pixmap.data_mut();
        for (y, coverage) in (top..bottom).zip(self.coverage.chunks_exact(stride)) {
            let start = (y as usize * width as usize + left as usize) * 4;
            let row = &mut pixels[start..start + stride * 4];
            for (pixel, &c) in row.chunks_exact_mut(4).zip(coverage) {
                if c != 0 {
                    blend(pixel, source, c);
                }
            }
        }
        true
    }

    /// Each line of the run as one path of glyph outlines, filled once; each
    /// glyph from the font of the chain that has it, a hollow box where none has.
    fn text_as_paths(&mut self, run: &TextRun) {
        let mut builder = PathBuilder::new();
        for (index, line) in run.lines.iter().enumerate() {
            let baseline = run.baseline + index as f32 * run.line_height;
            let mut x = match run.anchor {
                Anchor::Start => run.x,
                Anchor::Middle => run.x - self.measure.width(line, run.size) / 2.0,
            };
            for glyph in self.measure.glyphs(line) {
                if glyph.font == FontRef::Missing && !glyph.blank {
                    outline::hollow_frame(
                        &mut builder,
                        missing_glyph_box(x, baseline, glyph.advance, run.size),
                        missing_glyph_stroke(run.size),
                    );
                } else if !glyph.blank
                    && let Some((outline, units_per_em)) =
                        self.glyphs.outline(glyph.font, glyph.glyph)
                {
                    let k = run.size / units_per_em;
                    push_placed(&mut builder, outline, Point::new(x, baseline), k);
                }
                x += glyph.advance * run.size;
            }
        }
        if let Some(path) = builder.finish() {
            self.fill(&path, run.colour);
        }
    }
}

/// Glyphs larger than this, in pixels per em, are filled as paths, not drawn from masks.
const MAX_MASK_EM: f32 = 160.0;

/// The most bytes of glyph masks kept; past it the cache starts again.
const MASK_BUDGET: usize = 32 * 1024 * 1024;

/// `position` in pixels as the whole pixel and the bits of the fraction
/// past it: glyph masks are made for the exact fraction, so that a glyph
/// drawn from its mask covers the same pixels as its outline filled in place.
fn subpixel(position: f32) -> (i32, u32) {
    let whole = position.floor();
    (whole as i32, (position - whole).to_bits())
}

/// Blends `source` (premultiplied) over the premultiplied `pixel` at `coverage`.
fn blend(pixel: &mut [u8], source: [u8; 4], coverage: u8) {
    let coverage = u32::from(coverage);
    let alpha = div255(u32::from(source[3]) * coverage);
    for (channel, source) in pixel.iter_mut().zip(source) {
        let source = div255(u32::from(source) * coverage);
        *channel = (source + div255(u32::from(*channel) * (255 - alpha))).min(255) as u8;
    }
}

/// `value` / 255, rounded.
fn div255(value: u32) -> u32 {
    (value + 128 + ((value + 128) >> 8)) >> 8
}

/// A glyph at a size and a position within a pixel.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct MaskKey {
    font: FontRef,
    glyph: u16,
    /// Pixels per em, as bits.
    size: u32,
    /// Right of the pixel's left edge and below its top edge ([`subpixel`]).
    across: u32,
    down: u32,
}

/// A glyph's coverage, drawn with its origin at the top left corner of a
/// pixel moved by its [`MaskKey`]'s fractions; `left` and `top` place the mask from that pixel.
struct GlyphMask {
    left: i32,
    top: i32,
    width: u32,
    height: u32,
    coverage: Vec<u8>,
}

/// Each glyph's coverage at each size and sub-pixel position it is drawn at,
/// made once: maps repeat the same few hundred glyphs thousands of times.
#[derive(Default)]
struct MaskCache {
    index: HashMap<MaskKey, Option<usize>>,
    masks: Vec<GlyphMask>,
    bytes: usize,
}

impl MaskCache {
    /// Starts again when the masks kept pass [`MASK_BUDGET`]; called between
    /// text runs, never while a run holds places in [`MaskCache::masks`].
    fn trim(&mut self) {
        if self.bytes > MASK_BUDGET {
            self.index.clear();
            self.masks.clear();
            self.bytes = 0;
        }
    }

    /// The mask of `key`, made the first time; `None` for a glyph with no outline.
    fn get(&mut self, key: MaskKey, glyphs: &mut GlyphCache) -> Option<usize> {
        if let Some(&known) = self.index.get(&key) {
            return known;
        }
        let made = glyphs.glyph(key.font, key.glyph).and_then(|glyph| {
            let mask = glyph_mask(glyph, f32::from_bits(key.size), key)?;
            self.bytes += mask.coverage.len();
            self.masks.push(mask);
            Some(self.masks.len() - 1)
        });
        self.index.insert(key, made);
        made
    }
}

/// The coverage of `glyph` at `size` pixels per em, its origin moved by `key`'s fractions.
fn glyph_mask(glyph: &Glyph, size: f32, key: MaskKey) -> Option<GlyphMask> {
    let k = size / glyph.units_per_em;
    let across = f32::from_bits(key.across);
    let down = f32::from_bits(key.down);
    let bounds = glyph.path.bounds();
    // A pixel of room on every side, so the outline is never cut.
    let left = (across + bounds.left() * k).floor() as i32 - 1;
    let right = (across + bounds.right() * k).ceil() as i32 + 1;
    let top = (down - bounds.bottom() * k).floor() as i32 - 1;
    let bottom = (down - bounds.top() * k).ceil() as i32 + 1;
    let (width, height) = (
        u32::try_from(right - left).ok()?,
        u32::try_from(bottom - top).ok()?,
    );
    let mut mask = tiny_skia::Mask::new(width, height)?;
    let place = Transform::from_row(k, 0.0, 0.0, -k, across - left as f32, down - top as f32);
    mask.fill_path(&glyph.path, FillRule::Winding, true, place);
    Some(GlyphMask {
        left,
        top,
        width,
        height,
        coverage: mask.data().to_vec(),
    })
}

/// A picture's straight RGBA as a premultiplied pixmap; `None` when its pixels do not match its size.
fn premultiplied(picture: &Thumbnail) -> Option<Pixmap> {
    let size = IntSize::from_wh(picture.width, picture.height)?;
    if picture.rgba.len() as u64 != u64::from(picture.width) * u64::from(picture.height) * 4 {
        return None;
    }
    let data = picture
        .rgba
        .chunks_exact(4)
        .flat_map(|pixel| {
            let alpha = u16::from(pixel[3]);
            let multiply = |channel: u8| ((u16::from(channel) * alpha + 127) / 255) as u8;
            [
                multiply(pixel[0]),
                multiply(pixel[1]),
                multiply(pixel[2]),
                pixel[3],
            ]
        })
        .collect();
    Pixmap::from_vec(data, size)
}

/// Appends `outline` (font units, y up) scaled by `k` with its origin at `origin` (y down).
fn push_placed(builder: &mut PathBuilder, outline: &Path, origin: Point, k: f32) {
    let map = |p: tiny_skia::Point| (origin.x + p.x * k, origin.y - p.y * k);
    for segment in outline.segments() {
        match segment {
            PathSegment::MoveTo(p) => {
                let (x, y) = map(p);
                builder.move_to(x, y);
            }
            PathSegment::LineTo(p) => {
                let (x, y) = map(p);
                builder.line_to(x, y);
            }
            PathSegment::QuadTo(p1, p) => {
                let ((x1, y1), (x, y)) = (map(p1), map(p));
                builder.quad_to(x1, y1, x, y);
            }
            PathSegment::CubicTo(p1, p2, p) => {
                let ((x1, y1), (x2, y2), (x, y)) = (map(p1), map(p2), map(p));
                builder.cubic_to(x1, y1, x2, y2, x, y);
            }
            PathSegment::Close => builder.close(),
        }
    }
}

/// A glyph's outline in font units, its font's units per em, and the height
/// of its tallest curve as a share of the em.
struct Glyph {
    path: Path,
    units_per_em: f32,
    tallest_curve: f32,
}

/// Glyph outlines, read once per glyph of each font.
struct GlyphCache {
    outlines: HashMap<(FontRef, u16), Option<Glyph>>,
}

impl GlyphCache {
    fn new() -> Self {
        Self {
            outlines: HashMap::new(),
        }
    }

    /// The outline of `glyph` in `font` and the font's units per em; `None`
    /// for blank glyphs and fonts that cannot be read.
    fn outline(&mut self, font: FontRef, glyph: u16) -> Option<(&Path, f32)> {
        self.glyph(font, glyph)
            .map(|glyph| (&glyph.path, glyph.units_per_em))
    }

    /// The cached glyph, read the first time.
    fn glyph(&mut self, font: FontRef, glyph: u16) -> Option<&Glyph> {
        let entry = self.outlines.entry((font, glyph)).or_insert_with(|| {
            with_face(font, |face| {
                let mut outline = OutlinePath(PathBuilder::new());
                face.outline_glyph(GlyphId(glyph), &mut outline)?;
                let units_per_em = f32::from(face.units_per_em().max(1));
                let path = outline.0.finish()?;
                let tallest_curve = tallest_curve(&path) / units_per_em;
                Some(Glyph {
                    path,
                    units_per_em,
                    tallest_curve,
                })
            })
            .flatten()
        });
        entry.as_ref()
    }
}

/// The height of the tallest curve of `path`, from its start to its end
/// through its control points.
fn tallest_curve(path: &Path) -> f32 {
    let mut last = tiny_skia::Point::zero();
    let mut tallest = 0.0_f32;
    let mut span = |points: &[tiny_skia::Point]| {
        let (low, high) = points
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), p| {
                (low.min(p.y), high.max(p.y))
            });
        tallest = tallest.max(high - low);
    };
    for segment in path.segments() {
        match segment {
            PathSegment::MoveTo(p) | PathSegment::LineTo(p) => last = p,
            PathSegment::QuadTo(p1, p) => {
                span(&[last, p1, p]);
                last = p;
            }
            PathSegment::CubicTo(p1, p2, p) => {
                span(&[last, p1, p2, p]);
                last = p;
            }
            PathSegment::Close => {}
        }
    }
    tallest
}

/// Collects a glyph outline from the font into a path.
struct OutlinePath(PathBuilder);

impl OutlineBuilder for OutlinePath {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}

/// The path `trace` draws into a new builder; `None` when it traces nothing.
fn path(trace: impl FnOnce(&mut PathBuilder) -> bool) -> Option<Path> {
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

fn colour(colour: Colour) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(colour.r, colour.g, colour.b, colour.a)
}

fn paint(fill: Colour) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(colour(fill));
    paint.anti_alias = true;
    paint
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated map's scene, with several progress steps of items.
    fn large_scene() -> Scene {
        let doc = crate::generate::generated_map(10, 8, 3, 240);
        Scene::build(
            &doc,
            &crate::export::SceneOptions::default(),
            &TextMeasure::bundled(),
        )
    }

    #[test]
    fn progress_rises_through_the_items_and_can_stop_the_drawing() {
        let scene = large_scene();
        assert!(scene.items.len() > 2 * ITEMS_PER_PROGRESS);
        let mut seen = Vec::new();
        render_with_progress(&scene, PngOptions::default(), &mut |done| {
            seen.push(done);
            true
        })
        .unwrap();
        assert_eq!(seen.len(), scene.items.len().div_ceil(ITEMS_PER_PROGRESS));
        assert_eq!(seen[0], 0.0);
        assert!(
            seen.windows(2)
                .all(|pair| pair[0] < pair[1] && pair[1] < 1.0)
        );

        let mut calls = 0;
        let stopped = render_with_progress(&scene, PngOptions::default(), &mut |_| {
            calls += 1;
            calls < 2
        });
        assert!(matches!(stopped, Err(PngError::Stopped)));
        assert_eq!(calls, 2);
    }

    #[test]
    fn the_file_drawn_in_bands_is_the_picture_drawn_whole() {
        let scene = large_scene();
        let options = PngOptions {
            size: PngSize::Scale(2.0),
            transparent: true,
        };
        let whole = encode(&render(&scene, options).unwrap()).unwrap();
        let banded = to_png(&scene, options).unwrap();
        let pixels = |bytes: &[u8]| {
            let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
                .read_info()
                .unwrap();
            let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
            reader.next_frame(&mut pixels).unwrap();
            pixels
        };
        let (whole, banded) = (pixels(&whole), pixels(&banded));
        assert!(whole.len() / 4 > (3 * BAND_ROWS as usize) * 1000);
        assert_eq!(whole.len(), banded.len());
        // Only where tiny-skia cuts a path at a band's edge may a pixel differ, and then slightly.
        let differing = whole
            .chunks_exact(4)
            .zip(banded.chunks_exact(4))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 2))
            .count();
        assert!(differing < 50, "{differing}");

        let mut calls = 0;
        let stopped = to_png_with_progress(&scene, options, &mut |_| {
            calls += 1;
            calls < 2
        });
        assert!(matches!(stopped, Err(PngError::Stopped)));
    }

    #[test]
    fn text_from_glyph_masks_matches_its_outlines_filled() {
        let run = TextRun {
            x: 3.3,
            baseline: 20.7,
            size: 13.0,
            line_height: 16.25,
            colour: Colour {
                r: 20,
                g: 24,
                b: 31,
                a: 255,
            },
            anchor: Anchor::Start,
            lines: vec![
                "充电桩排队 charge overnight".to_owned(),
                "维保等待时间长 waiting, waiting".to_owned(),
            ],
        };
        let draw = |masks: bool| {
            let mut painter = Painter::new(Pixmap::new(300, 60).unwrap(), 1.5);
            painter.pixmap.fill(tiny_skia::Color::WHITE);
            if masks {
                assert!(painter.text_from_masks(&run));
                // A run drawn again comes from the masks made the first time.
                let made = painter.masks.masks.len();
                assert!(painter.text_from_masks(&run));
                assert_eq!(painter.masks.masks.len(), made);
                painter.pixmap.fill(tiny_skia::Color::WHITE);
                assert!(painter.text_from_masks(&run));
            } else {
                painter.text_as_paths(&run);
            }
            painter.pixmap
        };
        let (masked, filled) = (draw(true), draw(false));
        let inked = filled.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(inked > 500, "{inked}");
        let differing = masked
            .data()
            .chunks_exact(4)
            .zip(filled.data().chunks_exact(4))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
            .count();
        assert!(differing <= 2, "{differing}");
    }

    #[test]
    fn glyphs_have_outlines_and_spaces_do_not() {
        let measure = TextMeasure::bundled();
        let mut glyphs = GlyphCache::new();
        for (c, inked) in [('充', true), ('A', true), (' ', false)] {
            let placed = measure.glyphs(&c.to_string()).next().unwrap();
            assert_eq!(placed.font, FontRef::Bundled);
            assert_eq!(
                glyphs.outline(placed.font, placed.glyph).is_some(),
                inked,
                "{c}"
            );
        }
        assert!(glyphs.outline(FontRef::Missing, 0).is_none());
    }

    #[test]
    fn pictures_fill_their_box_and_bad_ones_are_skipped() {
        let picture = Arc::new(Thumbnail {
            width: 4,
            height: 4,
            rgba: [200, 30, 40, 255].repeat(16),
        });
        let broken = Arc::new(Thumbnail {
            width: 4,
            height: 4,
            rgba: vec![0; 3],
        });
        let scene = Scene {
            shows: Vec::new(),
            width: 40.0,
            height: 20.0,
            background: Colour::WHITE,
            items: vec![
                Item::Image {
                    rect: Rect::from_min_size(10.0, 5.0, 10.0, 10.0),
                    picture,
                },
                Item::Image {
                    rect: Rect::from_min_size(25.0, 5.0, 10.0, 10.0),
                    picture: broken,
                },
            ],
        };
        let pixmap = render(&scene, PngOptions::default()).unwrap();
        let pixel = |x, y| pixmap.pixel(x, y).unwrap().demultiply();
        let inside = pixel(15, 10);
        assert_eq!((inside.red(), inside.green(), inside.blue()), (200, 30, 40));
        let outside = pixel(5, 10);
        assert_eq!(
            (outside.red(), outside.green(), outside.blue()),
            (255, 255, 255)
        );
        let skipped = pixel(30, 10);
        assert_eq!(
            (skipped.red(), skipped.green(), skipped.blue()),
            (255, 255, 255)
        );
    }

    #[test]
    fn sizes_are_checked_before_drawing() {
        let scene = Scene {
            shows: Vec::new(),
            width: 100.0,
            height: 50.0,
            background: Colour::WHITE,
            items: Vec::new(),
        };
        let bad = |size| {
            render(
                &scene,
                PngOptions {
                    size,
                    transparent: false,
                },
            )
            .is_err()
        };
        assert!(bad(PngSize::Scale(0.0)));
        assert!(bad(PngSize::Scale(f32::NAN)));
        assert!(bad(PngSize::Width(0)));
        assert!(bad(PngSize::Scale(1.0e6)));
        let pixmap = render(
            &scene,
            PngOptions {
                size: PngSize::Width(300),
                transparent: false,
            },
        )
        .unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (300, 150));
    }
}
