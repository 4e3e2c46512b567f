//! Benchmark of the exporters on the generated 960-card map (40 stages × 8
//! lanes × 3 cards, 500 connectors, Chinese and English text): building the
//! display list, writing SVG with and without the embedded font, the PNG at
//! 2× next to rasterising the same map's SVG export with resvg, the PDF on
//! one A1 page and as an A1 poster tiled on A4 sheets, and the Markdown
//! report; and how SVG and PNG export grow with the number of cards.
//!
//! Run with `cargo bench --bench export`. Each case runs several times; the
//! median and the fastest run are printed next to the goal (SVG ≤ 0.3 s,
//! PNG at 2× ≤ 2 s, and faster than resvg, PDF ≤ 2 s).

use std::hint::black_box;
use std::time::{Duration, Instant};

use stagemap::export::pdf::{Paper, PdfOptions, Tiling, sheet_grid, to_pdf};
use stagemap::export::png::{PngOptions, PngSize, to_png};
use stagemap::export::svg::{SvgOptions, to_svg};
use stagemap::export::text::FONT_BYTES;
use stagemap::export::{Scene, SceneOptions, TextMeasure, TitleBlock, markdown};
use stagemap::generate;
use stagemap::insights::Insights;

/// Timed runs per case.
const RUNS: usize = 9;
/// Timed runs of the slow cases (PNG, resvg).
const SLOW_RUNS: usize = 3;

/// Median and fastest time of `RUNS` runs of `work`.
fn time<T>(work: impl FnMut() -> T) -> (Duration, Duration) {
    time_runs(RUNS, work)
}

/// Median and fastest time of `runs` runs of `work`.
fn time_runs<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[0])
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
    let png_2x = PngOptions {
        size: PngSize::Scale(2.0),
        transparent: false,
    };
    let png = time_runs(SLOW_RUNS, || {
        let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
        to_png(&scene, png_2x)
    });
    report("PNG at 2× (scene + raster + encode)", png, "goal ≤ 2000 ms");
    let families: Vec<String> = resvg_font_database()
        .faces()
        .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
        .collect();
    println!("resvg is given the bundled font, families {families:?}");
    let resvg = time_runs(SLOW_RUNS, || rasterise_with_resvg(&doc, &options));
    report("the same map's SVG at 2× through resvg", resvg, "");
    println!(
        "PNG export is {:.1}× as fast as rasterising the SVG with resvg (goal > 1)",
        resvg.0.as_secs_f64() / png.0.as_secs_f64()
    );
    let pdf_goal = "goal PDF ≤ 2000 ms";
    let a1 = PdfOptions {
        paper: Paper::A1,
        ..PdfOptions::default()
    };
    let pdf = time_runs(SLOW_RUNS, || {
        let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
        to_pdf(&scene, &a1)
    });
    report("PDF, one A1 page (scene + write)", pdf, pdf_goal);
    let tiled = PdfOptions {
        tile: Some(Tiling::default()),
        ..a1
    };
    let scene = Scene::build(&doc, &options, &measure);
    let (columns, rows) = sheet_grid(&scene, &tiled);
    let pdf_tiled = time_runs(SLOW_RUNS, || {
        let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
        to_pdf(&scene, &tiled)
    });
    report(
        &format!("PDF, A1 on {} A4 sheets (scene + write)", columns * rows),
        pdf_tiled,
        pdf_goal,
    );
    match (to_pdf(&scene, &a1), to_pdf(&scene, &tiled)) {
        (Ok(page), Ok(sheets)) => println!(
            "PDF sizes: one page {:.0} KB, {} sheets {:.0} KB",
            page.len() as f64 / 1024.0,
            columns * rows,
            sheets.len() as f64 / 1024.0
        ),
        (Err(error), _) | (_, Err(error)) => println!("PDF not made: {error}"),
    }
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
        let scene = Scene::build(&doc, &options, &measure);
        if let Err(error) = to_png(&scene, png_2x) {
            println!(
                "PNG at 2× of {:>5} cards: not made: {error}",
                doc.cards.len()
            );
            continue;
        }
        let (median, _) = time_runs(SLOW_RUNS, || {
            let scene = Scene::build(&doc, &options, &measure);
            to_png(&scene, png_2x)
        });
        println!(
            "PNG at 2× of {:>5} cards: {:>8.1} ms, {:>6.1} µs per card",
            doc.cards.len(),
            median.as_secs_f64() * 1000.0,
            median.as_secs_f64() * 1e6 / doc.cards.len() as f64
        );
    }
}

/// A font database for resvg holding only the bundled font.
fn resvg_font_database() -> resvg::usvg::fontdb::Database {
    let mut faces = resvg::usvg::fontdb::Database::new();
    faces.load_font_data(FONT_BYTES.to_vec());
    faces
}

/// The map's SVG export (font referenced, the bundled font given to resvg)
/// parsed, its text laid out and the whole rasterised at 2× by resvg, then
/// encoded as the PNG export encodes.
fn rasterise_with_resvg(doc: &stagemap::model::Document, options: &SceneOptions) -> Vec<u8> {
    let scene = Scene::build(doc, options, &TextMeasure::bundled());
    let svg = to_svg(&scene, SvgOptions { embed_font: false });
    let usvg_options = resvg::usvg::Options {
        fontdb: std::sync::Arc::new(resvg_font_database()),
        ..resvg::usvg::Options::default()
    };
    let Ok(tree) = resvg::usvg::Tree::from_str(&svg, &usvg_options) else {
        return Vec::new();
    };
    let size = tree.size().to_int_size().scale_by(2.0);
    let Some(mut pixmap) =
        size.and_then(|size| tiny_skia::Pixmap::new(size.width(), size.height()))
    else {
        return Vec::new();
    };
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(2.0, 2.0),
        &mut pixmap.as_mut(),
    );
    stagemap::export::png::encode(&pixmap).unwrap_or_default()
}
