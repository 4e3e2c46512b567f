//! Benchmarks of the document core on generated maps of 100, 1,000 and
//! 10,000 cards: opening and saving map files, CSV import and export, flow
//! analysis (also with every connector leaving one card), validation and
//! statistics.
//!
//! Run with `cargo bench --bench core`. Each case runs several times; the
//! table gives the median and the fastest run, the median cost per card, the
//! project's goal where it has one, and how the cost per card grows from 100
//! to 10,000 cards (1.0× is linear).

use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use stagemap::model::{Connector, ConnectorId, Direction, Document};
use stagemap::{analysis, check, csv_io, format, generate, stats};

/// Map sizes, in cards.
const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// Lanes of every generated map.
const LANES: usize = 10;

/// Cards in every cell of a generated map.
const CARDS_PER_CELL: usize = 2;

/// Fewest and most timed runs of a case, and the time after which no more
/// runs start once the fewest are done.
const MIN_RUNS: usize = 5;
const MAX_RUNS: usize = 50;
const TIME_PER_CASE: Duration = Duration::from_secs(2);

/// Goals the project sets: (case, cards, most time allowed).
const GOALS: [(&str, usize, Duration); 2] = [
    ("load", 1_000, Duration::from_millis(100)),
    ("save", 1_000, Duration::from_millis(50)),
];

/// Timings of one case at one size.
struct Measure {
    case: &'static str,
    cards: usize,
    median: Duration,
    fastest: Duration,
}

impl Measure {
    /// Median time per card.
    fn per_card(&self) -> Duration {
        self.median / u32::try_from(self.cards.max(1)).unwrap_or(u32::MAX)
    }
}

/// A generated map of about `cards` cards, with one connector per card.
fn map_of(cards: usize) -> Document {
    let per_column = LANES * CARDS_PER_CELL;
    generate::generated_map(cards.div_ceil(per_column), LANES, CARDS_PER_CELL, cards)
}

/// One thing a case does, timed as a whole.
type Run<'a> = Box<dyn FnMut() -> Result<(), Box<dyn Error>> + 'a>;

/// The same map with every connector leaving its first card: the worst case
/// for code that looks at the connectors of one card.
fn hub_of(doc: &Document) -> Document {
    let mut hub = doc.clone();
    let Some(first) = doc.cards.first() else {
        return hub;
    };
    hub.connectors = doc.cards[1..]
        .iter()
        .zip(1..)
        .map(|(card, number)| Connector {
            id: ConnectorId(number),
            from: first.id,
            to: card.id,
            direction: Direction::OneWay,
            label: String::new(),
        })
        .collect();
    hub
}

/// Runs `run` once to warm up, then times it between [`MIN_RUNS`] and [`MAX_RUNS`] times.
fn measure(case: &'static str, cards: usize, run: &mut Run<'_>) -> Result<Measure, Box<dyn Error>> {
    run()?;
    let mut times = Vec::with_capacity(MAX_RUNS);
    let started = Instant::now();
    while times.len() < MIN_RUNS || (times.len() < MAX_RUNS && started.elapsed() < TIME_PER_CASE) {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(Measure {
        case,
        cards,
        median: times[times.len() / 2],
        fastest: times[0],
    })
}

/// The cases whose name holds `filter`, at one size.
fn measure_size(cards: usize, folder: &Path, filter: &str) -> Result<Vec<Measure>, Box<dyn Error>> {
    let doc = map_of(cards);
    let hub = hub_of(&doc);
    let cards = doc.cards.len();
    let ron_text = format::to_string(&doc);
    let csv_text = csv_io::export(&doc);
    let map_path = folder.join(format!("bench-{cards}{}", format::FILE_EXTENSION));
    let csv_path = folder.join(format!("bench-{cards}.csv"));
    let cases: [(&'static str, Run<'_>); 9] = [
        (
            "load",
            Box::new(|| {
                black_box(format::parse(&ron_text, &map_path)?);
                Ok(())
            }),
        ),
        // Saving is writing the text and then the file; the file's cost is
        // mostly the flush to disk, the same for any size.
        (
            "save text",
            Box::new(|| {
                black_box(format::to_string(&doc));
                Ok(())
            }),
        ),
        ("save", Box::new(|| Ok(format::save(&doc, &map_path)?))),
        (
            "csv import",
            Box::new(|| {
                black_box(csv_io::import_str(&csv_text, &csv_path)?);
                Ok(())
            }),
        ),
        (
            "csv export",
            Box::new(|| {
                black_box(csv_io::export(&doc));
                Ok(())
            }),
        ),
        (
            "flow analysis",
            Box::new(|| {
                black_box(analysis::analyze(&doc));
                Ok(())
            }),
        ),
        (
            "flow, one hub",
            Box::new(|| {
                black_box(analysis::analyze(&hub));
                Ok(())
            }),
        ),
        (
            "check",
            Box::new(|| {
                black_box(check::check(&doc));
                Ok(())
            }),
        ),
        (
            "stats",
            Box::new(|| {
                black_box(stats::Stats::of(&doc));
                Ok(())
            }),
        ),
    ];
    let mut measures = Vec::new();
    for (case, mut run) in cases {
        if case.contains(filter) {
            measures.push(measure(case, cards, &mut run)?);
        }
    }
    Ok(measures)
}

/// A duration in the unit that suits it.
fn show(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1_000.0 {
        format!("{micros:.1} µs")
    } else {
        format!("{:.2} ms", micros / 1_000.0)
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    // `cargo bench` passes `--bench`; a name given after `--` picks the cases to run.
    let filter = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with("--"))
        .unwrap_or_default();
    let folder = tempfile::tempdir()?;
    let mut measures = Vec::new();
    for cards in SIZES {
        measures.extend(measure_size(cards, folder.path(), &filter)?);
    }

    println!(
        "{:<14} {:>7} {:>11} {:>11} {:>11} {:>16} {:>8}",
        "case", "cards", "median", "min", "per card", "goal", "growth"
    );
    for measure in &measures {
        let goal = GOALS
            .iter()
            .find(|(case, cards, _)| *case == measure.case && *cards == measure.cards)
            .map_or(String::new(), |(_, _, limit)| {
                let verdict = if measure.median <= *limit {
                    "met"
                } else {
                    "MISSED"
                };
                format!("≤ {} {verdict}", show(*limit))
            });
        // Cost per card against the smallest map: 1.0× is linear.
        let growth = measures
            .iter()
            .find(|m| m.case == measure.case && m.cards == SIZES[0])
            .filter(|_| measure.cards != SIZES[0])
            .map_or(String::new(), |smallest| {
                let ratio = measure.per_card().as_secs_f64() / smallest.per_card().as_secs_f64();
                format!("{ratio:.1}×")
            });
        println!(
            "{:<14} {:>7} {:>11} {:>11} {:>11} {:>16} {:>8}",
            measure.case,
            measure.cards,
            show(measure.median),
            show(measure.fastest),
            show(measure.per_card()),
            goal,
            growth
        );
    }
    Ok(())
}
