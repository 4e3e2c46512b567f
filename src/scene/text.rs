//! Text measured with the bundled font, and the one wrapping function every
//! drawing of a map uses, so text breaks the same way with or without a window.

use ttf_parser::Face;

use crate::layout::{CARD_FONT, LINE_HEIGHT};

/// The bundled font file: Noto Sans CJK SC Regular cut down to the GB2312
/// characters, CJK punctuation, full-width forms and Latin (SIL Open Font License).
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf");

/// The family name drawings refer to the bundled font by.
pub const FONT_FAMILY: &str = "Noto Sans SC";

/// What marks text cut short.
const ELLIPSIS: char = '…';

/// Measures text set in the bundled font.
pub struct TextMeasure {
    face: Option<Face<'static>>,
    units_per_em: f32,
}

impl std::fmt::Debug for TextMeasure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextMeasure")
            .field("font", &self.face.is_some())
            .finish()
    }
}

impl Default for TextMeasure {
    fn default() -> Self {
        Self::bundled()
    }
}

impl TextMeasure {
    /// Measures with the bundled font. Should the font not parse, widths are
    /// estimated (a full em for CJK, 0.6 em otherwise) rather than failing.
    pub fn bundled() -> Self {
        let face = Face::parse(FONT_BYTES, 0).ok();
        let units_per_em = face
            .as_ref()
            .map_or(1000.0, |face| f32::from(face.units_per_em().max(1)));
        Self { face, units_per_em }
    }

    /// Height above the baseline of the font's tallest letters, as a share of the size.
    pub fn ascent(&self) -> f32 {
        self.face
            .as_ref()
            .map_or(0.88, |face| f32::from(face.ascender()) / self.units_per_em)
    }

    /// Advance width of one character at `size`.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        let units = self.face.as_ref().and_then(|face| {
            let glyph = face.glyph_index(c)?;
            face.glyph_hor_advance(glyph)
        });
        match units {
            Some(units) => f32::from(units) / self.units_per_em * size,
            None if is_wide(c) => size,
            None => 0.6 * size,
        }
    }

    /// Width of a line of text at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// `text` broken into lines no wider than `max_width` at `size`: between
    /// words, and between any two CJK characters; a word longer than a line is
    /// broken where it must. At most `max_lines` lines (at least one); text cut
    /// short ends in "…". Line breaks in the text are kept; blank text gives no lines.
    pub fn wrap(&self, text: &str, size: f32, max_width: f32, max_lines: usize) -> Vec<String> {
        let max_lines = max_lines.max(1);
        let mut lines = Vec::new();
        let mut cut = false;
        for paragraph in text.trim().lines() {
            if lines.len() >= max_lines {
                cut = true;
                break;
            }
            cut |= self.wrap_paragraph(paragraph, size, max_width, max_lines, &mut lines);
        }
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            cut = true;
        }
        if cut && let Some(last) = lines.last_mut() {
            self.end_with_ellipsis(last, size, max_width);
        }
        lines
    }

    /// `text` wrapped into a box `width` × `height` at `size`: as many lines as
    /// fit at [`LINE_HEIGHT`] (at least one), cut short with "…" beyond that.
    pub fn wrap_in_box(&self, text: &str, size: f32, width: f32, height: f32) -> Vec<String> {
        let lines = (height / (size * LINE_HEIGHT)).floor();
        let max_lines = if lines.is_finite() && lines >= 1.0 {
            lines as usize
        } else {
            1
        };
        self.wrap(text, size, width, max_lines)
    }

    /// A card's title in its room ([`crate::layout::card_parts`]), `width` ×
    /// `height` in document units, at [`CARD_FONT`]: the one wrapping of card
    /// titles, shared by the canvas and every export.
    pub fn wrap_card_title(&self, title: &str, width: f32, height: f32) -> Vec<String> {
        self.wrap_in_box(title, CARD_FONT, width, height)
    }

    /// Wraps one paragraph onto `lines`; true when it did not fit.
    fn wrap_paragraph(
        &self,
        paragraph: &str,
        size: f32,
        max_width: f32,
        max_lines: usize,
        lines: &mut Vec<String>,
    ) -> bool {
        let mut line = String::new();
        let mut line_width = 0.0;
        for piece in pieces(paragraph) {
            let piece_width = self.width(piece, size);
            if line_width + piece_width <= max_width || (line.is_empty() && piece.trim().is_empty())
            {
                line.push_str(piece);
                line_width += piece_width;
                continue;
            }
            if piece.trim().is_empty() {
                // A space at the end of a line is dropped.
                lines.push(std::mem::take(&mut line).trim_end().to_owned());
                line_width = 0.0;
            } else {
                if !line.trim().is_empty() {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                }
                line.clear();
                line_width = 0.0;
                // A piece too long for a line of its own is broken between characters.
                for c in piece.chars() {
                    let width = self.char_width(c, size);
                    if line_width + width > max_width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += width;
                }
            }
            if lines.len() > max_lines {
                return true;
            }
        }
        let line = line.trim_end();
        if !line.is_empty() || lines.is_empty() {
            lines.push(line.to_owned());
        }
        false
    }

    /// Shortens `line` until it fits `max_width` with "…" added.
    fn end_with_ellipsis(&self, line: &mut String, size: f32, max_width: f32) {
        let room = max_width - self.char_width(ELLIPSIS, size);
        while self.width(line, size) > room && line.pop().is_some() {}
        let kept = line.trim_end().len();
        line.truncate(kept);
        line.push(ELLIPSIS);
    }
}

/// The pieces a line may break between: runs of spaces, single wide (CJK)
/// characters, and runs of anything else (words).
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = if is_wide(first) {
            first.len_utf8()
        } else {
            let space = first.is_whitespace();
            rest.char_indices()
                .find(|&(_, c)| is_wide(c) || c.is_whitespace() != space)
                .map_or(rest.len(), |(index, _)| index)
        };
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

/// CJK ideographs, kana, hangul, CJK punctuation and full-width forms: a line may break around them.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF
        | 0x2E80..=0x303F
        | 0x3040..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_measures_latin_and_chinese() {
        let measure = TextMeasure::bundled();
        assert!(measure.face.is_some());
        let chinese = measure.char_width('维', 10.0);
        let latin = measure.char_width('i', 10.0);
        assert!((chinese - 10.0).abs() < 0.5, "{chinese}");
        assert!(latin > 0.0 && latin < chinese);
    }

    #[test]
    fn words_stay_whole_and_chinese_breaks_anywhere() {
        let measure = TextMeasure::bundled();
        let lines = measure.wrap("charge the battery overnight", 13.0, 90.0, 10);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(measure.width(line, 13.0) <= 90.0, "{line}");
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
        assert_eq!(lines.join(" "), "charge the battery overnight");
        let chinese = measure.wrap("维保等待时间长维保等待时间长", 13.0, 60.0, 10);
        assert!(chinese.len() >= 3);
        assert_eq!(chinese.concat(), "维保等待时间长维保等待时间长");
    }

    #[test]
    fn a_box_holds_as_many_lines_as_fit() {
        let measure = TextMeasure::bundled();
        let text = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
        // 13 × 1.25 = 16.25 per line: 44 holds two lines, 62 three.
        assert_eq!(measure.wrap_in_box(text, 13.0, 70.0, 44.0).len(), 2);
        assert_eq!(measure.wrap_card_title(text, 70.0, 62.0).len(), 3);
        assert_eq!(measure.wrap_in_box(text, 13.0, 70.0, 1.0).len(), 1);
        assert_eq!(measure.wrap_in_box(text, 13.0, 70.0, f32::NAN).len(), 1);
    }

    #[test]
    fn text_cut_short_ends_in_an_ellipsis_within_the_width() {
        let measure = TextMeasure::bundled();
        let lines = measure.wrap("一二三四五六七八九十一二三四五六七八九十", 13.0, 70.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(measure.width(&lines[1], 13.0) <= 70.0);
        // Text that fits is left alone.
        assert_eq!(measure.wrap("short", 13.0, 200.0, 1), vec!["short"]);
        // Nothing to draw gives no lines; no room gives one short line; never a panic.
        assert!(measure.wrap(" ", 13.0, 100.0, 3).is_empty());
        assert_eq!(measure.wrap("abc", 13.0, 0.0, 0).len(), 1);
    }
}
