//! Size limits that keep a hostile or broken file from exhausting memory.

/// Largest map, CSV or workbook file read, in bytes (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Most cards a map may hold.
pub const MAX_CARDS: usize = 100_000;

/// Most stages, steps, lanes, connectors or personas a map may hold, each.
pub const MAX_ITEMS: usize = 100_000;

/// Most cells read from one sheet of a workbook, counting every row as wide
/// as the header (ten million).
pub const MAX_SHEET_CELLS: usize = 10_000_000;

/// Longest text of a single field (title, detail …), in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Largest picture file a card or persona may reference, in bytes (20 MiB).
pub const MAX_PICTURE_BYTES: u64 = 20 * 1024 * 1024;

/// Widest or tallest picture decoded, in pixels.
pub const MAX_PICTURE_SIDE: u32 = 8192;

/// Most memory a picture decoder may allocate at once, in bytes (512 MiB).
pub const MAX_PICTURE_DECODE_BYTES: u64 = 512 * 1024 * 1024;
