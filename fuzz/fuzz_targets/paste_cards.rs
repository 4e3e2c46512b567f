//! Fuzz target: arbitrary bytes pasted as clipboard text into a map.

#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    // A refusal is a fine outcome; what matters is what the call asserts.
    let _ = stagemap_fuzz::clipboard_text(bytes);
});
