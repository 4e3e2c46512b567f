//! One picture: the canvas, drawn by egui on the CPU, and the PNG writer, drawn
//! by tiny-skia, show the same map. Both draw one display list, so each card's
//! box, each lane band and each blueprint line must match pixel for pixel
//! within antialiasing; a wrong colour, a missing card, a moved line of text or
//! a dropped character is caught in the region it falls in.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use image::RgbaImage;
use stagemap::edit::Session;
use stagemap::export::png::{self, PngOptions, PngSize};
use stagemap::layout::{Layout, LayoutOptions, Point, Rect};
use stagemap::model::Document;
use stagemap::scene::{Anchor, Item, Scene, SceneOptions, Shows, TextMeasure};

#[path = "support/canvas_editor.rs"]
mod canvas_editor;
use canvas_editor::{Editor, canvas_frame};

/// In a line of text, a pixel differs when one of its channels differs by more
/// than this (of 255): above what two rasterisers' antialiasing of glyphs gives.
const INK_CHANNEL_TOLERANCE: u8 = 96;
/// In an area (a card, a lane), a pixel differs when one of its channels
/// differs by more than this: fills are flat, so a tint of another lane shows.
const AREA_CHANNEL_TOLERANCE: u8 = 12;
/// Share of an area's pixels (a card, a lane) that may differ (measured: at
/// most 4.3 %, the glyphs of a card's title).
const AREA_TOLERANCE: f64 = 0.06;
/// Share of a line's ink that may differ: above what two rasterisers of the
/// same glyphs give (measured: at most 13.8 %, in the two glyphs of "−1"),
/// below what a Latin line with a character left out gives (17.9 % for
/// "Sleep and shower" without its "S"). A CJK line without one character
/// can stay under it; `tests/fonts.rs` looks for the ink of each character.
const INK_TOLERANCE: f64 = 0.16;
/// Share of the whole map's pixels (the grid, headers excluded) that may differ
/// at [`AREA_CHANNEL_TOLERANCE`].
const MAP_TOLERANCE: f64 = 0.02;

fn example(name: &str) -> Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    stagemap::format::load(&path).unwrap()
}

/// The scene the canvas draws at 100 %: light, every marker, curves and critical path.
fn scene_options() -> SceneOptions {
    SceneOptions {
        markers: true,
        critical_path: true,
        emotion_curves: true,
        ..SceneOptions::default()
    }
}

/// The canvas at 100 % showing the whole map in a window large enough for it,
/// rendered on the CPU, with where the map's origin lies in the picture.
fn canvas_picture(doc: &Document, layout: &Layout) -> (RgbaImage, Point) {
    // Even sizes, so that a card centred in the window lies on whole pixels.
    let even = |length: f32| (length / 2.0).ceil() * 2.0;
    let size = Vec2::new(
        even(layout.bounds.width() + 200.0),
        even(layout.bounds.height() + 400.0),
    );
    let mut harness = Harness::builder()
        .with_size(size)
        .with_context_setup(|ctx| {
            stagemap::ui::fonts::install(ctx);
            ctx.set_visuals(egui::Visuals::light());
        })
        .build_ui_state(canvas_frame, Editor::new(Session::opened(doc.clone())));
    // The card nearest the map's middle: centred, it brings the whole map into view.
    let middle = layout.bounds.center();
    let card = layout
        .cards
        .iter()
        .min_by(|a, b| {
            let distance = |card: &stagemap::layout::CardBox| {
                let c = card.rect.center();
                (c.x - middle.x).abs() + (c.y - middle.y).abs()
            };
            distance(a).total_cmp(&distance(b))
        })
        .expect("a card");
    harness.state_mut().canvas.zoom_to_100();
    harness.run();
    harness.state_mut().canvas.center_on_card(card.id);
    harness.run();
    // Where a card lies on the screen tells where the map's origin is.
    let title = &doc.cards[card.doc_index].title;
    let on_screen = harness
        .query_all_by_label(title)
        .next()
        .expect("the card on the canvas")
        .rect();
    let origin = Point::new(
        on_screen.min.x - card.rect.min.x,
        on_screen.min.y - card.rect.min.y,
    );
    (harness.render().expect("a CPU rendering"), origin)
}

/// The PNG writer's picture of `scene`, at 1×.
fn png_picture(scene: &Scene) -> RgbaImage {
    let pixmap = png::render(
        scene,
        PngOptions {
            size: PngSize::Scale(1.0),
            transparent: false,
        },
    )
    .unwrap();
    let mut image = RgbaImage::new(pixmap.width(), pixmap.height());
    for (pixel, colour) in image.pixels_mut().zip(pixmap.pixels()) {
        let c = colour.demultiply();
        *pixel = image::Rgba([c.red(), c.green(), c.blue(), c.alpha()]);
    }
    image
}

/// The pixel of `image` at `(x, y)` in document space, the map's origin at `origin`.
fn pixel(image: &RgbaImage, origin: Point, x: i64, y: i64) -> Option<[u8; 3]> {
    let px = x + origin.x.round() as i64;
    let py = y + origin.y.round() as i64;
    let inside = px >= 0 && py >= 0 && (px as u32) < image.width() && (py as u32) < image.height();
    inside.then(|| {
        let [r, g, b, _] = image.get_pixel(px as u32, py as u32).0;
        [r, g, b]
    })
}

fn close(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(a, b)| a.abs_diff(b) <= tolerance)
}

/// The picture `one` shows at `(x, y)` something `other` shows at or next to it:
/// two rasterisers of the same glyphs may set them a pixel apart.
fn matched(
    one: (&RgbaImage, Point),
    other: (&RgbaImage, Point),
    x: i64,
    y: i64,
    tolerance: u8,
) -> bool {
    let Some(a) = pixel(one.0, one.1, x, y) else {
        return true;
    };
    (-1..=1)
        .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
        .filter_map(|(dx, dy)| pixel(other.0, other.1, x + dx, y + dy))
        .any(|b| close(a, b, tolerance))
}

/// What part of `region` (document space) differs between the two pictures,
/// as (differing pixels, pixels weighed). For an area, every pixel of the
/// canvas' picture is weighed; for a line of `text`, only its ink (pixels
/// unlike the line's background in either picture), looked for both ways, so
/// a glyph drawn in one picture only counts in full.
fn differing(
    canvas: (&RgbaImage, Point),
    export: (&RgbaImage, Point),
    region: Rect,
    text: bool,
) -> (usize, usize) {
    let (x0, x1) = (region.min.x.ceil() as i64, region.max.x.floor() as i64);
    let (y0, y1) = (region.min.y.ceil() as i64, region.max.y.floor() as i64);
    let points = || (y0..y1).flat_map(move |y| (x0..x1).map(move |x| (x, y)));
    if !text {
        let total = points()
            .filter(|(x, y)| pixel(canvas.0, canvas.1, *x, *y).is_some())
            .count();
        let differ = points()
            .filter(|(x, y)| !matched(canvas, export, *x, *y, AREA_CHANNEL_TOLERANCE))
            .count();
        return (differ, total);
    }
    // The line's background: the colour most of its box has in the canvas.
    let mut counts = std::collections::HashMap::new();
    for (x, y) in points() {
        if let Some(colour) = pixel(canvas.0, canvas.1, x, y) {
            *counts.entry(colour).or_insert(0usize) += 1;
        }
    }
    let Some(background) = counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(c, _)| c)
    else {
        return (0, 0);
    };
    let ink = |picture: (&RgbaImage, Point), x, y| {
        pixel(picture.0, picture.1, x, y)
            .is_some_and(|colour| !close(colour, background, INK_CHANNEL_TOLERANCE))
    };
    let (mut differ, mut total) = (0, 0);
    for (x, y) in points() {
        let (in_canvas, in_export) = (ink(canvas, x, y), ink(export, x, y));
        if in_canvas || in_export {
            total += 1;
        }
        if (in_canvas && !matched(canvas, export, x, y, INK_CHANNEL_TOLERANCE))
            || (in_export && !matched(export, canvas, x, y, INK_CHANNEL_TOLERANCE))
        {
            differ += 1;
        }
    }
    (differ, total)
}

/// The regions compared: every card (with its outline and markers), every
/// lane's band, and every line of text the display list writes in the map.
fn regions(layout: &Layout, scene: &Scene) -> Vec<(String, Rect, bool)> {
    let mut regions: Vec<(String, Rect, bool)> = layout
        .cards
        .iter()
        .map(|card| (format!("card {:?}", card.id), card.rect.expand(3.0), false))
        .collect();
    let grid = layout.grid();
    for (index, lane) in layout.lanes.iter().enumerate() {
        regions.push((
            format!("lane {index}"),
            Rect {
                min: Point::new(grid.min.x, lane.top),
                max: Point::new(grid.max.x, lane.bottom),
            },
            false,
        ));
    }
    let origin = scene_options().map_origin();
    let measure = TextMeasure::bundled();
    for (shows, item) in scene.tagged() {
        let Item::Text(run) = item else {
            continue;
        };
        if matches!(
            shows,
            Shows::StageHeader(_) | Shows::StepHeader(_) | Shows::LaneHeader(_)
        ) {
            // The canvas draws its own sticky headers.
            continue;
        }
        for (row, line) in run.lines.iter().enumerate() {
            let width = measure.width(line, run.size);
            let left = match run.anchor {
                Anchor::Start => run.x,
                Anchor::Middle => run.x - width / 2.0,
            };
            let baseline = run.baseline + row as f32 * run.line_height;
            regions.push((
                format!("{shows:?} {line:?}"),
                Rect {
                    min: Point::new(left - origin.x, baseline - run.size - origin.y),
                    max: Point::new(
                        left + width - origin.x,
                        baseline + run.size * 0.3 - origin.y,
                    ),
                },
                true,
            ));
        }
    }
    regions
}

/// The regions whose share of differing pixels passes its tolerance, worst first.
fn mismatches(
    scene: &Scene,
    regions: &[(String, Rect, bool)],
    canvas: &(RgbaImage, Point),
) -> Vec<String> {
    let export = png_picture(scene);
    let origin = scene_options().map_origin();
    let mut worst: Vec<(f64, String)> = regions
        .iter()
        .filter_map(|(name, region, text)| {
            let (differ, total) =
                differing((&canvas.0, canvas.1), (&export, origin), *region, *text);
            let share = differ as f64 / total.max(1) as f64;
            let tolerance = if *text { INK_TOLERANCE } else { AREA_TOLERANCE };
            (share > tolerance).then(|| (share, format!("{name}: {:.1} % differ", share * 100.0)))
        })
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    worst.into_iter().map(|(_, text)| text).collect()
}

fn compare(name: &str, latin_titles: bool) {
    let doc = example(name);
    let options = scene_options();
    let layout = Layout::compute(&doc, LayoutOptions::default());
    let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
    let canvas = canvas_picture(&doc, &layout);
    let regions = regions(&layout, &scene);
    let found = mismatches(&scene, &regions, &canvas);
    assert!(found.is_empty(), "{name}: {found:#?}");
    let export = png_picture(&scene);
    let (differ, total) = differing(
        (&canvas.0, canvas.1),
        (&export, options.map_origin()),
        layout.grid(),
        false,
    );
    let share = differ as f64 / total.max(1) as f64;
    println!(
        "{name}: {:.2} % of the map's {total} pixels differ",
        share * 100.0
    );
    assert!(
        share <= MAP_TOLERANCE,
        "{name}: {:.2} % differ",
        share * 100.0
    );

    // The comparison would notice: a card left out, a line of text moved by
    // three points, a lane in another colour.
    let card = layout.cards[layout.cards.len() / 2].id;
    let without_card = Scene {
        items: scene
            .tagged()
            .filter(|(shows, _)| shows.card() != Some(card))
            .map(|(_, item)| item.clone())
            .collect(),
        shows: Vec::new(),
        ..scene.clone()
    };
    assert!(
        !mismatches(&without_card, &regions, &canvas).is_empty(),
        "{name}: a missing card went unnoticed"
    );
    let moved_text = Scene {
        items: scene
            .tagged()
            .map(|(shows, item)| match (shows, item) {
                (Shows::CardTitle(id), Item::Text(run)) if id == card => {
                    let mut run = run.clone();
                    run.baseline += 3.0;
                    Item::Text(run)
                }
                (_, item) => item.clone(),
            })
            .collect(),
        shows: Vec::new(),
        ..scene.clone()
    };
    assert!(
        !mismatches(&moved_text, &regions, &canvas).is_empty(),
        "{name}: a title moved by three points went unnoticed"
    );
    let dropped = Scene {
        items: scene
            .tagged()
            .map(|(shows, item)| match (shows, item) {
                (Shows::CardTitle(id), Item::Text(run)) if id == card => {
                    let mut run = run.clone();
                    let first = &mut run.lines[0];
                    let keep: String = first.chars().skip(1).collect();
                    *first = keep;
                    Item::Text(run)
                }
                (_, item) => item.clone(),
            })
            .collect(),
        shows: Vec::new(),
        ..scene.clone()
    };
    if latin_titles {
        assert!(
            !mismatches(&dropped, &regions, &canvas).is_empty(),
            "{name}: a character left out went unnoticed"
        );
    }
    let recoloured = Scene {
        items: scene
            .tagged()
            .map(|(shows, item)| match (shows, item) {
                (
                    Shows::Grid,
                    Item::Rect {
                        rect,
                        radius,
                        stroke,
                        ..
                    },
                ) => Item::Rect {
                    rect: *rect,
                    radius: *radius,
                    fill: Some(stagemap::scene::Colour::rgb(0xff, 0xd0, 0xd0)),
                    stroke: *stroke,
                },
                (_, item) => item.clone(),
            })
            .collect(),
        shows: Vec::new(),
        ..scene.clone()
    };
    assert!(
        !mismatches(&recoloured, &regions, &canvas).is_empty(),
        "{name}: lanes in another colour went unnoticed"
    );
}

#[test]
fn the_canvas_and_the_png_show_the_hotel_blueprint_alike() {
    compare("hotel-stay.stagemap.ron", true);
}

#[test]
fn the_canvas_and_the_png_show_the_chinese_journey_alike() {
    compare("ev-owner-journey.stagemap.ron", false);
}
