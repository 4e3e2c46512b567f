//! Fuzz target: arbitrary bytes imported as a CSV file.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    stagemap_fuzz::csv_file(bytes);
});
