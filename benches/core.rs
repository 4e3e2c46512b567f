//! Benchmarks of the document core on generated maps of 100, 1,000 and
//! 10,000 cards: opening and saving map files, CSV import and export, flow
//! analysis (also with every connector leaving one card), validation and
//! statistics.
//!
//! Run with `cargo bench --bench core`. Each case runs several times; the
//! table gives the median and the fastest run, the median cost per card, the
//! project's goal where it has one, and how the cost per card grows from 100
//! to 10,000 cards (1.0× is linear).

mod support;

use std::error::Error;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use stagemap::model::{Connector, ConnectorId, Direction, Document};
use stagemap::{analysis, check, csv_io, format, generate, stats};
use support::{Goal, Measure, SIZES};

/// Lanes of every generated map.
const LANES: usize = 10;

/// Cards in every cell of a generated map.
const CARDS_PER_CELL: usize = 2;

/// Goals the project sets.
const GOALS: [Goal; 2] = [
    Goal {
        case: "load",
        cards: 1_000,
        limit: Duration::from_millis(100),
    },
    Goal {
        case: "save",
        cards: 1_000,
        limit: Duration::from_millis(50),
    },
];

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
            measures.push(support::measure(case, cards, &mut run)?);
        }
    }
    Ok(measures)
}

fn main() -> Result<(), Box<dyn Error>> {
    let filter = support::case_filter();
    let folder = tempfile::tempdir()?;
    let mut measures = Vec::new();
    for cards in SIZES {
        measures.extend(measure_size(cards, folder.path(), &filter)?);
    }
    support::print_table("the document core", &measures, &GOALS);
    Ok(())
}
