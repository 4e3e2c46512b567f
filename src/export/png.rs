//! PNG drawn from a [`Scene`] on the CPU: shapes rasterised with tiny-skia,
//! text as filled glyph outlines of the bundled font (each glyph's outline read
//! once), card pictures resampled into their boxes, so Chinese renders with no
//! system fonts, no window and no GPU.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;

use tiny_skia::{
    FillRule, FilterQuality, IntSize, LineCap, LineJoin, Paint, Path, PathBuilder, PathSegment,
    Pattern, Pixmap, SpreadMode, StrokeDash, Transform,
};
use ttf_parser::{Face, OutlineBuilder};

use super::outline;
use crate::layout::{Point, Rect};
use crate::pictures::Thumbnail;
use crate::scene::text::{FONT_BYTES, TextMeasure};
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

/// The PNG file of `scene`.
pub fn to_png(scene: &Scene, options: PngOptions) -> Result<Vec<u8>, PngError> {
    let pixmap = render(scene, options)?;
    encode(&pixmap)
}

/// `scene` drawn into a pixmap (premultiplied RGBA). Linear in the number of items.
pub fn render(scene: &Scene, options: PngOptions) -> Result<Pixmap, PngError> {
    render_with_progress(scene, options, &mut |_| true)
}

/// Items drawn between two calls of a progress callback.
const ITEMS_PER_PROGRESS: usize = 512;

/// [`render`], telling `progress` the fraction of the items drawn every few
/// hundred items; when it answers `false`, drawing stops with [`PngError::Stopped`].
pub fn render_with_progress(
    scene: &Scene,
    options: PngOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Pixmap, PngError> {
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
    let Some(mut pixmap) = Pixmap::new(pixel_width.max(1), pixel_height.max(1)) else {
        return Err(PngError::BadSize(format!("{width} × {height} pixels")));
    };
    if !options.transparent {
        pixmap.fill(colour(scene.background));
    }
    let mut painter = Painter {
        pixmap: &mut pixmap,
        transform: Transform::from_scale(scale, scale),
        glyphs: GlyphCache::new(),
        measure: TextMeasure::bundled(),
        pictures: HashMap::new(),
    };
    let total = scene.items.len().max(1) as f32;
    for (index, chunk) in scene.items.chunks(ITEMS_PER_PROGRESS).enumerate() {
        if !progress((index * ITEMS_PER_PROGRESS) as f32 / total) {
            return Err(PngError::Stopped);
        }
        for item in chunk {
            painter.item(item);
        }
    }
    Ok(pixmap)
}

/// A pixmap as a PNG file (straight alpha, 8 bits per channel), written a
/// row at a time so a poster-sized picture is not held twice.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, PngError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let mut row = Vec::with_capacity(pixmap.width() as usize * 4);
    for pixels in pixmap.pixels().chunks(pixmap.width().max(1) as usize) {
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
        stream.write_all(&row).map_err(png::EncodingError::from)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// Draws items onto a pixmap.
struct Painter<'a> {
    pixmap: &'a mut Pixmap,
    /// Document units to pixels.
    transform: Transform,
    glyphs: GlyphCache,
    measure: TextMeasure,
    /// Each picture as a premultiplied pixmap, made once however many cards show it.
    pictures: HashMap<*const Thumbnail, Option<Pixmap>>,
}

impl Painter<'_> {
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

    /// Each line of the run as one path of glyph outlines, filled once.
    fn text(&mut self, run: &TextRun) {
        let em = self.glyphs.units_per_em;
        let k = run.size / em;
        let mut builder = PathBuilder::new();
        for (index, line) in run.lines.iter().enumerate() {
            let baseline = run.baseline + index as f32 * run.line_height;
            let mut x = match run.anchor {
                Anchor::Start => run.x,
                Anchor::Middle => run.x - self.measure.width(line, run.size) / 2.0,
            };
            for c in line.chars() {
                if let Some(outline) = self.glyphs.outline(c) {
                    push_placed(&mut builder, outline, Point::new(x, baseline), k);
                }
                x += self.measure.char_width(c, run.size);
            }
        }
        if let Some(path) = builder.finish() {
            self.fill(&path, run.colour);
        }
    }
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

/// Glyph outlines of the bundled font in font units, read once per character.
struct GlyphCache {
    face: Option<Face<'static>>,
    units_per_em: f32,
    outlines: HashMap<char, Option<Path>>,
}

impl GlyphCache {
    fn new() -> Self {
        let face = Face::parse(FONT_BYTES, 0).ok();
        let units_per_em = face
            .as_ref()
            .map_or(1000.0, |face| f32::from(face.units_per_em().max(1)));
        Self {
            face,
            units_per_em,
            outlines: HashMap::new(),
        }
    }

    /// The outline of `c`; `None` for blank glyphs and characters the font lacks.
    fn outline(&mut self, c: char) -> Option<&Path> {
        let face = self.face.as_ref();
        let entry = self.outlines.entry(c).or_insert_with(|| {
            let face = face?;
            let glyph = face.glyph_index(c)?;
            let mut outline = OutlinePath(PathBuilder::new());
            face.outline_glyph(glyph, &mut outline)?;
            outline.0.finish()
        });
        entry.as_ref()
    }
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
    fn glyphs_have_outlines_and_spaces_do_not() {
        let mut glyphs = GlyphCache::new();
        assert!(glyphs.outline('充').is_some());
        assert!(glyphs.outline('A').is_some());
        assert!(glyphs.outline(' ').is_none());
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
