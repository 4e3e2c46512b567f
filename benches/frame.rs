//! CPU time of one canvas frame (egui pass and tessellation, no GPU) on a large
//! generated map: 40 stages × 8 lanes × 3 cards (960 cards, 500 connectors).
//!
//! Run with `cargo bench --bench frame`. Prints the median and 95th percentile
//! per case next to the goal: a median of at most 4 ms on a 2-core machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, MouseWheelUnit, RawInput, Rect, Vec2, pos2, vec2};
use stagemap::edit::Session;
use stagemap::generate::generated_map;
use stagemap::ui::canvas::{CanvasState, canvas_ui};

/// The goal for the median frame time.
const GOAL: Duration = Duration::from_millis(4);
/// Frames run before measuring (font atlas, caches).
const WARM_UP: usize = 30;
/// Frames measured per case.
const FRAMES: usize = 400;
/// A 1080p projector.
const SCREEN: Vec2 = vec2(1920.0, 1080.0);

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
    fn name(self) -> &'static str {
        match self {
            Self::Fit => "fit map",
            Self::PanningAt100 => "100% zoom, panning",
            Self::FitWithAccessibility => "fit map, accessibility on",
            Self::FitRelayoutEveryFrame => "fit map, layout every frame",
        }
    }
}

fn input(frame: usize, case: Case) -> RawInput {
    let mut input = RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), SCREEN)),
        time: Some(frame as f64 / 60.0),
        predicted_dt: 1.0 / 60.0,
        ..RawInput::default()
    };
    if matches!(case, Case::PanningAt100) {
        input.events.push(Event::PointerMoved(pos2(960.0, 600.0)));
        // Back and forth over 1200 points, so the view stays over the map.
        let direction = if (frame / 120).is_multiple_of(2) {
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

fn run(case: Case, doc: &stagemap::model::Document) -> Vec<Sample> {
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

fn percentile<T: Copy>(sorted: &[T], fraction: f64) -> T {
    let index = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[index]
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn main() {
    let doc = generated_map(40, 8, 3, 500);
    println!(
        "canvas frame on {} cards, {} connectors, {}×{} screen (goal: median ≤ {})",
        doc.cards.len(),
        doc.connectors.len(),
        SCREEN.x,
        SCREEN.y,
        millis(GOAL)
    );
    println!(
        "{:<30} {:>10} {:>10}  {:<6} {:>18} {:>10}",
        "case", "median", "p95", "goal", "tessellation (med)", "triangles"
    );
    for case in [
        Case::Fit,
        Case::PanningAt100,
        Case::FitWithAccessibility,
        Case::FitRelayoutEveryFrame,
    ] {
        let samples = run(case, &doc);
        let mut frames: Vec<Duration> = samples.iter().map(|s| s.frame).collect();
        frames.sort();
        let mut tessellation: Vec<Duration> = samples.iter().map(|s| s.tessellation).collect();
        tessellation.sort();
        let mut triangles: Vec<usize> = samples.iter().map(|s| s.triangles).collect();
        triangles.sort_unstable();
        let median = percentile(&frames, 0.5);
        let verdict = if median <= GOAL { "met" } else { "MISSED" };
        println!(
            "{:<30} {:>10} {:>10}  {verdict:<6} {:>18} {:>10}",
            case.name(),
            millis(median),
            millis(percentile(&frames, 0.95)),
            millis(percentile(&tessellation, 0.5)),
            triangles[triangles.len() / 2]
        );
    }
    println!();
    println!("growth with the map (median frame; cost should not grow with cards off screen)");
    println!(
        "{:<8} {:>12} {:>20}",
        "cards", "fit map", "100% zoom, panning"
    );
    for (stages, lanes, per_cell, connectors) in
        [(5, 5, 4, 50), (25, 8, 5, 500), (125, 8, 10, 5000)]
    {
        let doc = generated_map(stages, lanes, per_cell, connectors);
        let median = |case| {
            let mut frames: Vec<Duration> = run(case, &doc).iter().map(|s| s.frame).collect();
            frames.sort();
            percentile(&frames, 0.5)
        };
        println!(
            "{:<8} {:>12} {:>20}",
            doc.cards.len(),
            millis(median(Case::Fit)),
            millis(median(Case::PanningAt100))
        );
    }
}
