//! The pixels of a PNG file, decoded for tests that look at what was drawn.

#![allow(dead_code, reason = "each test file uses a different part")]

/// Width, height and straight RGBA pixels (four bytes each, row by row) of a PNG file.
pub fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG header");
    let mut data = vec![0; reader.output_buffer_size().expect("a PNG of a sane size")];
    let info = reader.next_frame(&mut data).expect("PNG pixels");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    data.truncate(info.buffer_size());
    (info.width, info.height, data)
}

/// Straight RGBA of the pixel at `(x, y)` of a PNG file.
pub fn pixel(bytes: &[u8], x: u32, y: u32) -> [u8; 4] {
    let (width, _, pixels) = decode(bytes);
    let at = (y as usize * width as usize + x as usize) * 4;
    pixels[at..at + 4].try_into().expect("four bytes")
}
