//! Fuzz target: arbitrary bytes opened as a map file.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    stagemap_fuzz::map_file(bytes);
});
