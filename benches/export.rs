//! Benchmarks of the exporters. On the reference map (40 stages × 8 lanes ×
//! 3 cards = 960 cards, 500 connectors, Chinese and English text): building
//! the display list, writing SVG with and without the embedded font, the PNG
//! at 2× side by side with rasterising the same map's SVG export with resvg,
//! the PDF on one A1 page and as an A1 poster tiled on A4 sheets, and the
//! Markdown report. On generated maps of 100, 1,000 and 10,000 cards: how SVG,
//! PNG (at 1×, as 10,000 cards at 2× pass the pixel cap) and one-page PDF
//! export grow with the number of cards.
//!
//! Run with `cargo bench --bench export`, or `cargo bench --bench export -- PDF`
//! for the cases whose name holds "PDF". Every export case times what the
//! editor does: load the font, build the display list, write the file. The
//! table gives the median and the fastest run, the median cost per card, the
//! project's goal at 960 cards where it has one (SVG ≤ 300 ms, PNG at 2× ≤ 2 s
//! and at most 0.4× the time resvg takes, PDF ≤ 2 s), and how the cost per
//! card grows from 100 to 10,000 cards (1.0× is linear).
//!
//! With the PNG cases, the benchmark also starts copies of itself, each
//! doing one thing in a fresh process: the PNG at 2× of the reference map,
//! whose peak memory (the process's high-water mark) is printed beside the
//! goal of 300 MiB; and, in turns, the same export with the system's fonts
//! available and with them turned off ([`SYSTEM_FONTS_VAR`] = `none`), on
//! the reference map without its emotion curves and markers, whose text the
//! bundled font covers, so that the font fallback is seen to cost such maps nothing.

mod support;

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use stagemap::export::pdf::{Paper, PdfOptions, Tiling, sheet_grid, to_pdf};
use stagemap::export::png::{MAX_PIXELS, PngOptions, PngSize, to_png};
use stagemap::export::svg::{SvgOptions, to_svg};
use stagemap::export::{Scene, SceneOptions, TextMeasure, TitleBlock, markdown};
use stagemap::generate;
use stagemap::insights::Insights;
use stagemap::model::Document;
use stagemap::scene::text::{FONT_BYTES, SYSTEM_FONTS_VAR, system_face_count};
use support::{Goal, Measure, SIZES};

/// Cards of the reference map, which the goals are set for.
const REFERENCE_CARDS: usize = 960;

/// Lanes of every generated map of the growth rows.
const LANES: usize = 10;

/// Cards in every cell of a generated map of the growth rows.
const CARDS_PER_CELL: usize = 2;

/// Timed runs of the PNG at 2× and of resvg, taken in turns.
const PNG_RUNS: usize = 5;

/// Timed runs of a case whose single run takes seconds.
const FEW_RUNS: usize = 3;

/// The most time the PNG at 2× may take, as a share of resvg's on the same map's SVG.
const RESVG_SHARE_GOAL: f64 = 0.4;

/// The most memory a process making the PNG at 2× of the reference map may use, in MiB.
const PEAK_GOAL_MIB: f64 = 300.0;

/// Turns of the font fallback comparison: a fresh process with the system's
/// fonts, then one without, each turn.
const FALLBACK_TURNS: usize = 4;

/// Set in a copy of the benchmark started to do one thing in a fresh process
/// (`peak` or `export`), which it prints and exits.
const CHILD_VAR: &str = "STAGEMAP_BENCH_CHILD";

/// The case names, shared by the cases and their goals.
const DISPLAY_LIST: &str = "display list";
const SVG_EMBEDDED: &str = "SVG, font embedded";
const SVG: &str = "SVG, font referenced";
const PNG_2X: &str = "PNG at 2×";
const RESVG_2X: &str = "resvg, same SVG at 2×";
const PDF_PAGE: &str = "PDF, one A1 page";
const PDF_TILED: &str = "PDF, A1 tiled on A4 sheets";
const MARKDOWN: &str = "Markdown report";
const PNG_1X: &str = "PNG at 1× (2× > pixel cap)";

/// Goals the project sets, all for the reference map.
const GOALS: [Goal; 5] = [
    Goal {
        case: SVG_EMBEDDED,
        cards: REFERENCE_CARDS,
        limit: Duration::from_millis(300),
    },
    Goal {
        case: SVG,
        cards: REFERENCE_CARDS,
        limit: Duration::from_millis(300),
    },
    Goal {
        case: PNG_2X,
        cards: REFERENCE_CARDS,
        limit: Duration::from_secs(2),
    },
    Goal {
        case: PDF_PAGE,
        cards: REFERENCE_CARDS,
        limit: Duration::from_secs(2),
    },
    Goal {
        case: PDF_TILED,
        cards: REFERENCE_CARDS,
        limit: Duration::from_secs(2),
    },
];

/// One thing a case does, timed as a whole.
type Run<'a> = Box<dyn FnMut() -> Result<(), Box<dyn Error>> + 'a>;

/// What the exporters are asked for: title block, markers and emotion curves on.
fn scene_options() -> SceneOptions {
    SceneOptions {
        title_block: Some(TitleBlock {
            date: "2026-05-04".to_owned(),
        }),
        markers: true,
        emotion_curves: true,
        ..SceneOptions::default()
    }
}

/// One page of A1.
fn a1_page() -> PdfOptions {
    PdfOptions {
        paper: Paper::A1,
        ..PdfOptions::default()
    }
}

/// An A1 poster tiled on A4 sheets.
fn a1_tiled() -> PdfOptions {
    PdfOptions {
        tile: Some(Tiling::default()),
        ..a1_page()
    }
}

/// The display list the editor builds for an export: font loaded, map laid out.
fn scene_of(doc: &Document, options: &SceneOptions) -> Scene {
    Scene::build(doc, options, &TextMeasure::bundled())
}

/// A generated map of about `cards` cards, with one connector per card.
fn map_of(cards: usize) -> Document {
    let per_column = LANES * CARDS_PER_CELL;
    generate::generated_map(cards.div_ceil(per_column), LANES, CARDS_PER_CELL, cards)
}

/// Times `run` `runs` times after one run to warm up, for cases too slow for [`support::measure`].
fn measure_few(
    case: &'static str,
    cards: usize,
    runs: usize,
    mut run: impl FnMut() -> Result<(), Box<dyn Error>>,
) -> Result<Measure, Box<dyn Error>> {
    run()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed());
    }
    Ok(Measure::of_runs(case, cards, times))
}

/// The PNG export at 2× and resvg rasterising the same map's SVG at 2×,
/// timed in turns so that both see the same load on the machine.
/// Also the mean processor time of a run of each.
fn measure_png_and_resvg(
    doc: &Document,
    options: &SceneOptions,
) -> Result<(Measure, Measure, [Duration; 2]), Box<dyn Error>> {
    let png_2x = PngOptions {
        size: PngSize::Scale(2.0),
        transparent: false,
    };
    let png = || -> Result<(), Box<dyn Error>> {
        black_box(to_png(&scene_of(doc, options), png_2x)?);
        Ok(())
    };
    let resvg = || -> Result<(), Box<dyn Error>> {
        black_box(rasterise_with_resvg(doc, options)?);
        Ok(())
    };
    png()?;
    resvg()?;
    let mut png_times = Vec::with_capacity(PNG_RUNS);
    let mut resvg_times = Vec::with_capacity(PNG_RUNS);
    let (mut png_cpu, mut resvg_cpu) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..PNG_RUNS {
        let (start, cpu) = (Instant::now(), cpu_time());
        png()?;
        png_times.push(start.elapsed());
        png_cpu += cpu_time().saturating_sub(cpu);
        let (start, cpu) = (Instant::now(), cpu_time());
        resvg()?;
        resvg_times.push(start.elapsed());
        resvg_cpu += cpu_time().saturating_sub(cpu);
    }
    let cards = doc.cards.len();
    Ok((
        Measure::of_runs(PNG_2X, cards, png_times),
        Measure::of_runs(RESVG_2X, cards, resvg_times),
        [png_cpu / PNG_RUNS as u32, resvg_cpu / PNG_RUNS as u32],
    ))
}

/// The processor time the process has used so far, all its threads (to
/// 10 ms); zero where the system does not say.
fn cpu_time() -> Duration {
    let ticks = || -> Option<u64> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The fields after the program's name: state is the first, utime the 12th, stime the 13th.
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    };
    // Linux counts processor time in hundredths of a second.
    Duration::from_millis(ticks().unwrap_or(0) * 10)
}

/// The cases on the reference map whose name holds `filter`, and the lines
/// to print after the table.
fn measure_reference(filter: &str) -> Result<(Vec<Measure>, Vec<String>), Box<dyn Error>> {
    let doc = generate::generated_map(40, 8, 3, 500);
    let cards = doc.cards.len();
    let options = scene_options();
    let text = TextMeasure::bundled();
    let mut notes = vec![format!(
        "the reference map: {cards} cards, {} connectors",
        doc.connectors.len()
    )];
    let mut measures = Vec::new();
    let cases: [(&'static str, Run<'_>); 6] = [
        (
            DISPLAY_LIST,
            Box::new(|| {
                black_box(Scene::build(&doc, &options, &text));
                Ok(())
            }),
        ),
        (
            SVG_EMBEDDED,
            Box::new(|| {
                black_box(to_svg(
                    &scene_of(&doc, &options),
                    SvgOptions { embed_font: true },
                ));
                Ok(())
            }),
        ),
        (
            SVG,
            Box::new(|| {
                black_box(to_svg(
                    &scene_of(&doc, &options),
                    SvgOptions { embed_font: false },
                ));
                Ok(())
            }),
        ),
        (
            PDF_PAGE,
            Box::new(|| {
                black_box(to_pdf(&scene_of(&doc, &options), &a1_page())?);
                Ok(())
            }),
        ),
        (
            PDF_TILED,
            Box::new(|| {
                black_box(to_pdf(&scene_of(&doc, &options), &a1_tiled())?);
                Ok(())
            }),
        ),
        (
            MARKDOWN,
            Box::new(|| {
                black_box(markdown::report(&doc, &Insights::of(&doc)));
                Ok(())
            }),
        ),
    ];
    for (case, mut run) in cases {
        if case.contains(filter) {
            measures.push(support::measure(case, cards, &mut run)?);
        }
        if case == SVG && (PNG_2X.contains(filter) || RESVG_2X.contains(filter)) {
            let (png, resvg, [png_cpu, resvg_cpu]) = measure_png_and_resvg(&doc, &options)?;
            let share = png.median.as_secs_f64() / resvg.median.as_secs_f64();
            notes.push(format!(
                "PNG at 2× takes {share:.2}× the time resvg takes (goal ≤ {RESVG_SHARE_GOAL}×: {}), \
                 timed in turns in the same run; processor time a run, all threads: PNG {}, \
                 resvg {} ({:.2}×; the PNG compresses each band on a second thread)",
                verdict(share <= RESVG_SHARE_GOAL),
                support::show(png_cpu),
                support::show(resvg_cpu),
                png_cpu.as_secs_f64() / resvg_cpu.as_secs_f64().max(1e-9)
            ));
            measures.extend([png, resvg]);
            notes.extend(png_in_fresh_processes()?);
        }
    }
    if PDF_TILED.contains(filter) {
        let scene = Scene::build(&doc, &options, &text);
        let (columns, rows) = sheet_grid(&scene, &a1_tiled());
        let page = to_pdf(&scene, &a1_page())?;
        let sheets = to_pdf(&scene, &a1_tiled())?;
        notes.push(format!(
            "PDF sizes: one A1 page {:.0} KB; A1 tiled on {} A4 sheets ({columns} × {rows}) {:.0} KB",
            page.len() as f64 / 1024.0,
            columns * rows,
            sheets.len() as f64 / 1024.0
        ));
    }
    Ok((measures, notes))
}

/// The growth cases whose name holds `filter`, at one size.
fn measure_size(cards: usize, filter: &str) -> Result<Vec<Measure>, Box<dyn Error>> {
    let doc = map_of(cards);
    let cards = doc.cards.len();
    let options = scene_options();
    let png_1x = PngOptions {
        size: PngSize::Scale(1.0),
        transparent: false,
    };
    let cases: [(&'static str, Run<'_>); 3] = [
        (
            SVG,
            Box::new(|| {
                black_box(to_svg(
                    &scene_of(&doc, &options),
                    SvgOptions { embed_font: false },
                ));
                Ok(())
            }),
        ),
        (
            PNG_1X,
            Box::new(|| {
                black_box(to_png(&scene_of(&doc, &options), png_1x)?);
                Ok(())
            }),
        ),
        (
            PDF_PAGE,
            Box::new(|| {
                black_box(to_pdf(&scene_of(&doc, &options), &a1_page())?);
                Ok(())
            }),
        ),
    ];
    let mut measures = Vec::new();
    for (case, mut run) in cases {
        if !case.contains(filter) {
            continue;
        }
        // The PNG of the largest map takes seconds a run.
        if case == PNG_1X && cards >= SIZES[2] {
            measures.push(measure_few(case, cards, FEW_RUNS, &mut run)?);
        } else {
            measures.push(support::measure(case, cards, &mut run)?);
        }
    }
    Ok(measures)
}

/// "met" or "MISSED".
fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// The reference map's PNG at 2×, as the PNG cases make it; without the
/// emotion curves and card markers when not `scores` (the font fallback
/// case: text only).
fn reference_png(scores: bool) -> Result<Vec<u8>, Box<dyn Error>> {
    let doc = generate::generated_map(40, 8, 3, 500);
    let png_2x = PngOptions {
        size: PngSize::Scale(2.0),
        transparent: false,
    };
    let options = SceneOptions {
        emotion_curves: scores,
        markers: scores,
        ..scene_options()
    };
    Ok(to_png(&scene_of(&doc, &options), png_2x)?)
}

/// The process's peak resident memory so far (VmHWM), in KiB; `None` where
/// the system does not say.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What a copy of the benchmark started by [`png_in_fresh_processes`] does:
/// `peak`, one PNG at 2× of the reference map and the peak memory; `export`,
/// the time of the first and the second such export without the emotion
/// curves and markers (text the bundled font covers), and the system faces
/// the font chain loaded.
fn child(what: &str) -> Result<(), Box<dyn Error>> {
    match what {
        "peak" => {
            let before = peak_kib().unwrap_or_default();
            let png = black_box(reference_png(true)?);
            let peak = peak_kib().ok_or("the system does not tell the peak memory")?;
            println!("{before} {peak} {}", png.len());
        }
        _ => {
            let start = Instant::now();
            black_box(reference_png(false)?);
            let first = start.elapsed();
            let start = Instant::now();
            black_box(reference_png(false)?);
            let second = start.elapsed();
            println!(
                "{} {} {}",
                first.as_secs_f64(),
                second.as_secs_f64(),
                system_face_count()
            );
        }
    }
    Ok(())
}

/// The words a fresh copy of the benchmark doing `what` prints, with the
/// system's fonts turned off when `fonts_off`.
fn run_child(what: &str, fonts_off: bool) -> Result<Vec<String>, Box<dyn Error>> {
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command.env(CHILD_VAR, what);
    if fonts_off {
        command.env(SYSTEM_FONTS_VAR, "none");
    } else {
        command.env_remove(SYSTEM_FONTS_VAR);
    }
    let output = command.output()?;
    if !output.status.success() {
        return Err(format!(
            "the benchmark's copy doing `{what}` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(output.stdout)?
        .split_whitespace()
        .map(str::to_owned)
        .collect())
}

/// The peak memory of the PNG at 2× of the reference map, and its cost with
/// the system's fonts available and turned off, each in fresh processes.
fn png_in_fresh_processes() -> Result<Vec<String>, Box<dyn Error>> {
    let number = |words: &[String], at: usize| -> Result<f64, Box<dyn Error>> {
        Ok(words
            .get(at)
            .ok_or("a copy of the benchmark said too little")?
            .parse()?)
    };
    let peak = run_child("peak", false)?;
    let (before, after, bytes) = (number(&peak, 0)?, number(&peak, 1)?, number(&peak, 2)?);
    let mib = after / 1024.0;
    let mut notes = vec![format!(
        "PNG at 2× of the reference map: a {:.1} MB file; peak memory of a process making it \
         {mib:.0} MiB (goal ≤ {PEAK_GOAL_MIB:.0} MiB: {}), {:.0} MiB of it before the export",
        bytes / 1e6,
        verdict(mib <= PEAK_GOAL_MIB),
        before / 1024.0
    )];
    let mut first = [Vec::new(), Vec::new()];
    let mut second = [Vec::new(), Vec::new()];
    let mut faces = [0.0_f64; 2];
    for _ in 0..FALLBACK_TURNS {
        for (side, fonts_off) in [(0, false), (1, true)] {
            let words = run_child("export", fonts_off)?;
            first[side].push(Duration::from_secs_f64(number(&words, 0)?));
            second[side].push(Duration::from_secs_f64(number(&words, 1)?));
            faces[side] = faces[side].max(number(&words, 2)?);
        }
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        support::show(times[times.len() / 2])
    };
    notes.push(format!(
        "font fallback on a map the bundled font covers (the reference map without emotion \
         curves and markers), PNG at 2× in a \
         fresh process, medians of {FALLBACK_TURNS} turns: first export {} with the system's \
         fonts available, {} with them off; second export {} and {}; system faces loaded: {} and {}",
        median(&mut first[0]),
        median(&mut first[1]),
        median(&mut second[0]),
        median(&mut second[1]),
        faces[0],
        faces[1]
    ));
    Ok(notes)
}

fn main() -> Result<(), Box<dyn Error>> {
    if let Ok(what) = std::env::var(CHILD_VAR) {
        return child(&what);
    }
    let filter = support::case_filter();
    let font = support::measure("font loaded", 0, || {
        black_box(TextMeasure::bundled());
        Ok::<(), Box<dyn Error>>(())
    })?;
    let (mut measures, notes) = measure_reference(&filter)?;
    for cards in SIZES {
        measures.extend(measure_size(cards, &filter)?);
    }
    support::print_table("the exporters", &measures, &GOALS);
    println!();
    for note in notes {
        println!("{note}");
    }
    if PNG_1X.contains(filter.as_str()) {
        let doc = map_of(SIZES[2]);
        let scene = scene_of(&doc, &scene_options());
        let pixels = |scale: f32| {
            (f64::from(scene.width) * f64::from(scale)).ceil()
                * (f64::from(scene.height) * f64::from(scale)).ceil()
        };
        println!(
            "PNG of {} cards: {:.0} million pixels at 1×, {:.0} million at 2×; the cap is {:.0} million",
            doc.cards.len(),
            pixels(1.0) / 1e6,
            pixels(2.0) / 1e6,
            MAX_PIXELS as f64 / 1e6
        );
    }
    println!(
        "font loaded (TextMeasure::bundled): median {}, counted in every export",
        support::show(font.median)
    );
    Ok(())
}

/// A font database for resvg holding only the bundled font.
fn resvg_font_database() -> fontdb::Database {
    let mut faces = fontdb::Database::new();
    faces.load_font_data(FONT_BYTES.to_vec());
    faces
}

/// The map's SVG export (font referenced, the bundled font given to resvg)
/// parsed, its text laid out and the whole rasterised at 2× by resvg, then
/// encoded as the PNG export encodes.
fn rasterise_with_resvg(doc: &Document, options: &SceneOptions) -> Result<Vec<u8>, Box<dyn Error>> {
    let svg = to_svg(&scene_of(doc, options), SvgOptions { embed_font: false });
    let usvg_options = resvg::usvg::Options {
        fontdb: std::sync::Arc::new(resvg_font_database()),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg, &usvg_options)?;
    let mut pixmap = tree
        .size()
        .to_int_size()
        .scale_by(2.0)
        .and_then(|size| tiny_skia::Pixmap::new(size.width(), size.height()))
        .ok_or("resvg: the SVG's size at 2× is not a usable picture size")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(2.0, 2.0),
        &mut pixmap.as_mut(),
    );
    Ok(stagemap::export::png::encode(&pixmap)?)
}
