//! Benchmark of the exporters on the generated 960-card map (40 stages × 8
//! lanes × 3 cards, 500 connectors, Chinese and English text): building the
//! display list, writing SVG with and without the embedded font, and the
//! Markdown report; and how SVG export grows with the number of cards.
//!
//! Run with `cargo bench --bench export`. Each case runs several times; the
//! median and the fastest run are printed next to the goal (SVG ≤ 0.3 s).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stagemap::export::svg::{SvgOptions, to_svg};
use stagemap::export::{Scene, SceneOptions, TextMeasure, TitleBlock, markdown};
use stagemap::generate;
use stagemap::insights::Insights;

/// Timed runs per case.
const RUNS: usize = 9;

/// Median and fastest time of `RUNS` runs of `work`.
fn time<T>(mut work: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[RUNS / 2], times[0])
}

fn report(name: &str, (median, fastest): (Duration, Duration), goal: &str) {
    println!(
        "{name:<44} median {:>8.1} ms   fastest {:>8.1} ms   {goal}",
        median.as_secs_f64() * 1000.0,
        fastest.as_secs_f64() * 1000.0
    );
}

fn main() {
    let doc = generate::generated_map(40, 8, 3, 500);
    let options = SceneOptions {
        title_block: Some(TitleBlock {
            date: "2026-05-04".to_owned(),
        }),
        markers: true,
        emotion_curves: true,
        ..SceneOptions::default()
    };
    println!(
        "{} cards, {} connectors",
        doc.cards.len(),
        doc.connectors.len()
    );
    report(
        "font loaded (TextMeasure::bundled)",
        time(TextMeasure::bundled),
        "",
    );
    let measure = TextMeasure::bundled();
    report(
        "display list (Scene::build)",
        time(|| Scene::build(&doc, &options, &measure)),
        "",
    );
    let svg_goal = "goal ≤ 300 ms";
    report(
        "SVG, font embedded (scene + write)",
        time(|| {
            let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
            to_svg(&scene, SvgOptions { embed_font: true })
        }),
        svg_goal,
    );
    report(
        "SVG, font referenced (scene + write)",
        time(|| {
            let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
            to_svg(&scene, SvgOptions { embed_font: false })
        }),
        svg_goal,
    );
    report(
        "Markdown report (insights + write)",
        time(|| markdown::report(&doc, &Insights::of(&doc))),
        "",
    );
    // Growth: the cost per card should stay flat as maps grow.
    for stages in [10, 40, 160] {
        let doc = generate::generated_map(stages, 8, 3, stages * 12);
        let (median, _) = time(|| {
            let scene = Scene::build(&doc, &options, &measure);
            to_svg(&scene, SvgOptions { embed_font: false })
        });
        println!(
            "SVG of {:>5} cards: {:>8.1} ms, {:>6.1} µs per card",
            doc.cards.len(),
            median.as_secs_f64() * 1000.0,
            median.as_secs_f64() * 1e6 / doc.cards.len() as f64
        );
    }
}
