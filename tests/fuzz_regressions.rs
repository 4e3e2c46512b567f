//! Inputs the fuzzers found, kept so that what they broke stays fixed, and
//! inputs of a kind fuzzing does not reach (brackets nested thousands deep).
//!
//! Every file under `tests/fuzz/load_ron/` is opened as a map file, every
//! file under `tests/fuzz/import_csv/` is imported as CSV and every file under
//! `tests/fuzz/paste_cards/` is pasted as clipboard text, through the same
//! checks the fuzz targets run (`fuzz/src/lib.rs`): nothing may panic, and
//! whatever opens must save and open back to the same map.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "../fuzz/src/lib.rs"]
mod survive;

use std::path::{Path, PathBuf};

use stagemap::format::{self, LoadError};

/// The files kept for one fuzz target, sorted by name.
fn kept_inputs(target: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| {
            entry
                .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
                .path()
        })
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", folder.display());
    files
}

/// Runs `survive` on every kept input of `target`, naming the file that fails.
fn replay(target: &str, survive: fn(&[u8])) {
    for path in kept_inputs(target) {
        let bytes =
            std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let outcome = std::panic::catch_unwind(|| survive(&bytes));
        assert!(outcome.is_ok(), "{} broke again", path.display());
    }
}

#[test]
fn map_files_the_fuzzer_found_open_or_give_an_error() {
    replay("load_ron", survive::map_file);
}

#[test]
fn csv_files_the_fuzzer_found_import_or_give_an_error() {
    replay("import_csv", survive::csv_file);
}

#[test]
fn clipboard_texts_kept_paste_or_are_refused() {
    replay("paste_cards", |bytes| {
        let _ = survive::clipboard_text(bytes);
    });
}

/// `text` opened as a map gives a syntax error about nesting.
fn assert_too_deep(text: &str) {
    match format::parse(text, Path::new("deep.stagemap.ron")) {
        Err(LoadError::Syntax { message, line, .. }) => {
            assert!(message.contains("nest"), "{message}");
            assert_eq!(line, 1);
        }
        other => panic!("expected an error about nesting, got {other:?}"),
    }
}

#[test]
fn brackets_nested_deeply_give_an_error_not_a_stack_overflow() {
    // Deep enough to overflow the stack of a test thread many times over if
    // the parser recursed without limit.
    let depth = 100_000;
    let nested = |open: &str, close: &str| format!("{}{}", open.repeat(depth), close.repeat(depth));
    // While the version is looked for, in a field of the document, and in a
    // field the document does not have.
    assert_too_deep(&format!(
        "(skipped: {}, format_version: 1)",
        nested("[", "]")
    ));
    assert_too_deep(&format!(
        "(format_version: 1, document: (meta: {}))",
        nested("Some(", ")")
    ));
    assert_too_deep(&format!(
        "(format_version: 1, document: (unknown: {}))",
        nested("{1: ", "}")
    ));
}
