//! What any input must survive: the checks the fuzz targets and the fuzz
//! regression tests run on bytes opened as a map file, imported as CSV or
//! pasted as clipboard text.
//!
//! Whatever the bytes, nothing panics. Whatever opens goes through
//! validation, flow analysis, statistics and layout, and saves and opens
//! back to the same map; whatever imports from CSV also exports and imports
//! back to the same map; whatever pastes leaves a map that passes `check`.

use std::path::Path;

use stagemap::clipboard::{self, PasteRefusal};
use stagemap::edit::Session;
use stagemap::generate::generated_map;
use stagemap::layout::{LayerPreset, Layout, LayoutOptions};
use stagemap::model::{Document, EmotionScale};
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

/// Pastes `bytes` as clipboard text, as the editor does on Ctrl+V, into a
/// map on the −2..+2 scale and into one on 1–5: either the paste is refused
/// with a reason, or the cards land, the map passes `check` as before, and
/// it goes through everything an opened map does. Returns the refusal of the
/// first map, if any, so callers can count what happened.
pub fn clipboard_text(bytes: &[u8]) -> Result<(), PasteRefusal> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(PasteRefusal::NotCards);
    };
    let mut first_outcome = None;
    for scale in [EmotionScale::PRESETS[0], EmotionScale::PRESETS[1]] {
        let mut session = Session::opened(generated_map(2, 3, 1, 3));
        if scale != session.doc().meta.emotion_scale {
            session
                .run(|doc| stagemap::edit::ops::set_emotion_scale(doc, scale))
                .unwrap_or_else(|error| panic!("the scale cannot change: {error}"));
        }
        let outcome = paste_into(text, &mut session);
        first_outcome.get_or_insert(outcome);
    }
    first_outcome.unwrap_or(Err(PasteRefusal::NotCards))
}

/// Pastes `text` into the map of `session` and checks what came of it.
fn paste_into(text: &str, session: &mut Session) -> Result<(), PasteRefusal> {
    assert!(
        !check::check(session.doc())
            .iter()
            .any(check::Problem::is_error),
        "the map to paste into has errors already"
    );
    let cards_before = session.doc().cards.len();
    let (command, ids) = match clipboard::paste(text, session.doc(), None) {
        Ok(paste) => paste,
        Err(refusal) => {
            let reason = refusal.to_string();
            assert!(!reason.is_empty(), "a refusal without a reason");
            return Err(refusal);
        }
    };
    if let Err(error) = session.execute(command) {
        panic!("the paste command was refused by the map: {error}\n{text}");
    }
    assert_eq!(session.doc().cards.len(), cards_before + ids.len());
    let errors: Vec<_> = check::check(session.doc())
        .into_iter()
        .filter(check::Problem::is_error)
        .collect();
    assert!(
        errors.is_empty(),
        "pasting made the map fail its check: {errors:?}\n{text}"
    );
    use_document(session.doc());
    Ok(())
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
