//! What any input must survive: the checks the fuzz targets and the fuzz
//! regression tests run on bytes opened as a map file or imported as CSV.
//!
//! Whatever the bytes, nothing panics. Whatever opens goes through
//! validation, flow analysis, statistics and layout, and saves and opens
//! back to the same map; whatever imports from CSV also exports and imports
//! back to the same map.

use std::path::Path;

use stagemap::layout::{LayerPreset, Layout, LayoutOptions};
use stagemap::model::Document;
use stagemap::{analysis, check, csv_io, format, fsio, stats};

/// The name errors give a fuzzed map file.
const MAP_PATH: &str = "fuzz.stagemap.ron";

/// The name errors give a fuzzed CSV file; its stem is the imported map's title.
const CSV_PATH: &str = "fuzz.csv";

/// Opens `bytes` as a map file, as the editor and the command line do, and
/// runs on the map everything that works on an opened map.
pub fn map_file(bytes: &[u8]) {
    let Ok(text) = fsio::text_from_bytes(bytes.to_vec()) else {
        return;
    };
    let Ok(doc) = format::parse(&text, Path::new(MAP_PATH)) else {
        return;
    };
    use_document(&doc);
    // CSV holds less than a map, so the map need not come back whole, but
    // exporting it and importing the export must not crash.
    let csv = csv_io::export(&doc);
    let _ = csv_io::import_str(&csv, Path::new(CSV_PATH));
}

/// Imports `bytes` as a CSV file, as `stagemap import` does, runs on the map
/// everything that works on an opened map, and exports it back to CSV.
pub fn csv_file(bytes: &[u8]) {
    let Ok(text) = fsio::text_from_bytes(bytes.to_vec()) else {
        return;
    };
    let Ok(doc) = csv_io::import_str(&text, Path::new(CSV_PATH)) else {
        return;
    };
    use_document(&doc);
    let csv = csv_io::export(&doc);
    match csv_io::import_str(&csv, Path::new(CSV_PATH)) {
        Ok(back) => assert!(
            back == doc,
            "exporting an imported map to CSV and importing it again changed it:\n{csv}"
        ),
        Err(error) => panic!("the CSV export of an imported map does not import: {error}\n{csv}"),
    }
}

/// Validates, analyses, counts and lays out `doc`, then saves it and opens it back.
fn use_document(doc: &Document) {
    let _problems = check::check(doc);
    let flow = analysis::analyze(doc);
    assert_eq!(
        flow.order.len(),
        doc.cards.len(),
        "the flow order does not hold every card once"
    );
    let _summary = stats::Stats::of(doc).to_string();
    for layers in LayerPreset::PRESETS {
        let _layout = Layout::compute(doc, LayoutOptions { layers });
    }

    let text = format::to_string(doc);
    match format::parse(&text, Path::new(MAP_PATH)) {
        Ok(back) => {
            // NaN is never equal to itself, so a map holding one is compared by
            // its debug text, which shows every field.
            assert!(
                back == *doc || format!("{back:?}") == format!("{doc:?}"),
                "saving a map and opening it again changed it:\n{text}"
            );
            assert!(
                format::to_string(&back) == text,
                "saving the reopened map gives another text:\n{text}"
            );
        }
        Err(error) => panic!("a saved map does not open again: {error}\n{text}"),
    }
}
