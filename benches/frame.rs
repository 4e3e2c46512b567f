//! CPU time of one canvas frame (egui pass and tessellation, no GPU): on the
//! reference map of 40 stages × 8 lanes × 3 cards (960 cards, 500 connectors)
//! with the whole map on screen, panning at 100 % zoom, with a screen reader
//! listening and with the layout recomputed every frame, and the first frame
//! of a new window; and on generated maps of 100, 1,000 and 10,000 cards, how
//! the frame grows with the map.
//!
//! Run with `cargo bench --bench frame`, or `cargo bench --bench frame -- pan`
//! for the cases whose name holds "pan". The shared table gives the median
//! and fastest frame, the median cost per card, the goal (a median of at most
//! 4 ms on a 2-core machine) and how the cost per card grows from 100 to
//! 10,000 cards (1.0× is linear; a frame that draws only what is on screen
//! falls far below it). A second table gives the 95th percentile frame, the
//! tessellation part and the triangles drawn.

mod support;

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, MouseWheelUnit, RawInput, Rect, Vec2, pos2, vec2};
use stagemap::edit::Session;
use stagemap::generate::generated_map;
use stagemap::model::Document;
use stagemap::ui::canvas::{CanvasState, canvas_ui};
use support::{Goal, Measure, SIZES};

/// Cards of the reference map, which the goals are set for.
const REFERENCE_CARDS: usize = 960;
/// The goal for the median frame time.
const GOAL: Duration = Duration::from_millis(4);
/// Frames run before measuring (font atlas, caches).
const WARM_UP: usize = 30;
/// Frames measured per case.
const FRAMES: usize = 400;
/// A 1080p projector.
const SCREEN: Vec2 = vec2(1920.0, 1080.0);
/// Lanes of every generated map of the growth rows.
const LANES: usize = 10;
/// Cards in every cell of a generated map of the growth rows.
const CARDS_PER_CELL: usize = 2;
/// The name of the case timing the first frame of a new window.
const FIRST_FRAME: &str = "first frame, new window";

/// Goals the project sets, for the reference map.
const GOALS: [Goal; 2] = [
    Goal {
        case: "fit map",
        cards: REFERENCE_CARDS,
        limit: GOAL,
    },
    Goal {
        case: "100% zoom, panning",
        cards: REFERENCE_CARDS,
        limit: GOAL,
    },
];

/// How the view is set up and what the user does during the case.
#[derive(Clone, Copy)]
enum Case {
    /// The whole map on screen, nothing moving.
    Fit,
    /// 100 % zoom, panning sideways by scrolling every frame.
    PanningAt100,
    /// The whole map on screen with a screen reader listening (all AccessKit nodes built).
    FitWithAccessibility,
    /// The whole map on screen, the document changing every frame (layout recomputed).
    FitRelayoutEveryFrame,
}

impl Case {
    /// The case's name in the tables.
    fn name(self) -> &'static str {
        match self {
            Self::Fit => "fit map",
            Self::PanningAt100 => "100% zoom, panning",
            Self::FitWithAccessibility => "fit map, accessibility on",
            Self::FitRelayoutEveryFrame => "fit map, layout every frame",
        }
    }
}

/// The input of frame number `frame`: the screen, the time, and for panning a scroll.
fn input(frame: usize, case: Case) -> RawInput {
    let mut input = RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), SCREEN)),
        time: Some(frame as f64 / 60.0),
        predicted_dt: 1.0 / 60.0,
        ..RawInput::default()
    };
    if matches!(case, Case::PanningAt100) {
        input.events.push(Event::PointerMoved(pos2(960.0, 600.0)));
        // Back and forth over 1200 points, centred where the view was when it
        // went to 100 %, so the view stays over the map, small maps too.
        let since_zoom = frame as i64 - WARM_UP as i64;
        let direction = if (since_zoom + 60).rem_euclid(240) < 120 {
            -1.0
        } else {
            1.0
        };
        input.events.push(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(direction * 10.0, 0.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
    }
    input
}

/// Times of one frame: the whole frame, and its tessellation part.
struct Sample {
    frame: Duration,
    tessellation: Duration,
    /// Triangles drawn, to show the case draws what it should.
    triangles: usize,
}

/// Runs the warm-up frames and then the measured frames of `case` on `doc`.
fn run(case: Case, doc: &Document) -> Vec<Sample> {
    let ctx = egui::Context::default();
    stagemap::ui::fonts::install(&ctx);
    if matches!(case, Case::FitWithAccessibility) {
        ctx.enable_accesskit();
    }
    let session = Session::opened(doc.clone());
    let mut canvas = CanvasState::default();
    let mut times = Vec::with_capacity(FRAMES);
    for frame in 0..WARM_UP + FRAMES {
        if frame == WARM_UP && matches!(case, Case::PanningAt100) {
            canvas.zoom_to_100();
        }
        let revision = match case {
            Case::FitRelayoutEveryFrame => frame as u64,
            _ => session.history().revision(),
        };
        let start = Instant::now();
        let output = ctx.run_ui(input(frame, case), |ui| {
            let edits = canvas_ui(ui, session.doc(), revision, &mut canvas);
            black_box(edits);
        });
        let tessellation_start = Instant::now();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let end = Instant::now();
        let triangles = primitives
            .iter()
            .map(|clipped| match &clipped.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum();
        black_box(primitives);
        if frame >= WARM_UP {
            times.push(Sample {
                frame: end - start,
                tessellation: end - tessellation_start,
                triangles,
            });
        }
    }
    times
}

/// A generated map of about `cards` cards, with one connector per card.
fn map_of(cards: usize) -> Document {
    let per_column = LANES * CARDS_PER_CELL;
    generated_map(cards.div_ceil(per_column), LANES, CARDS_PER_CELL, cards)
}

/// The frame's 95th percentile, its tessellation part and the triangles drawn, of one case.
struct Detail {
    case: &'static str,
    cards: usize,
    p95: Duration,
    tessellation: Duration,
    triangles: usize,
}

/// The median of `values`, sorting them.
fn median<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// Runs `case` on `doc`: the frame times for the shared table, the rest for the second.
fn measure_case(case: Case, doc: &Document) -> (Measure, Detail) {
    let samples = run(case, doc);
    let cards = doc.cards.len();
    let mut frames: Vec<Duration> = samples.iter().map(|s| s.frame).collect();
    frames.sort_unstable();
    let p95 = frames
        .get((frames.len().saturating_sub(1)) * 95 / 100)
        .copied()
        .unwrap_or_default();
    let detail = Detail {
        case: case.name(),
        cards,
        p95,
        tessellation: median(samples.iter().map(|s| s.tessellation).collect()),
        triangles: median(samples.iter().map(|s| s.triangles).collect()),
    };
    (Measure::of_runs(case.name(), cards, frames), detail)
}

/// The first frame of a new window showing `doc`: a new egui context with the
/// fonts installed, the map opened, one frame run and tessellated.
fn first_frame(doc: &Document) -> Result<(), Box<dyn Error>> {
    let ctx = egui::Context::default();
    stagemap::ui::fonts::install(&ctx);
    let session = Session::opened(doc.clone());
    let mut canvas = CanvasState::default();
    let output = ctx.run_ui(input(0, Case::Fit), |ui| {
        black_box(canvas_ui(
            ui,
            session.doc(),
            session.history().revision(),
            &mut canvas,
        ));
    });
    black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let filter = support::case_filter();
    let doc = generated_map(40, 8, 3, 500);
    let mut measures = Vec::new();
    let mut details = Vec::new();
    for case in [
        Case::Fit,
        Case::PanningAt100,
        Case::FitWithAccessibility,
        Case::FitRelayoutEveryFrame,
    ] {
        if case.name().contains(filter.as_str()) {
            let (measure, detail) = measure_case(case, &doc);
            measures.push(measure);
            details.push(detail);
        }
    }
    if FIRST_FRAME.contains(filter.as_str()) {
        measures.push(support::measure(FIRST_FRAME, doc.cards.len(), || {
            first_frame(&doc)
        })?);
    }
    for cards in SIZES {
        let doc = map_of(cards);
        for case in [Case::Fit, Case::PanningAt100] {
            if case.name().contains(filter.as_str()) {
                let (measure, detail) = measure_case(case, &doc);
                measures.push(measure);
                details.push(detail);
            }
        }
    }
    support::print_table(
        &format!(
            "a canvas frame on a {}×{} screen (CPU: egui pass and tessellation)",
            SCREEN.x, SCREEN.y
        ),
        &measures,
        &GOALS,
    );
    println!("\nthe same frames: slowest 5 %, tessellation and triangles drawn");
    println!(
        "{:<28} {:>7} {:>11} {:>18} {:>10}",
        "case", "cards", "p95", "tessellation (med)", "triangles"
    );
    for detail in details {
        println!(
            "{:<28} {:>7} {:>11} {:>18} {:>10}",
            detail.case,
            detail.cards,
            support::show(detail.p95),
            support::show(detail.tessellation),
            detail.triangles
        );
    }
    Ok(())
}
