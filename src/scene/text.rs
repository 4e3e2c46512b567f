//! Text measured with a chain of fonts — the bundled font first, then the
//! system's fonts for the characters it lacks — and the one wrapping function
//! every drawing of a map uses, so text breaks the same way with or without a window.
//!
//! The system's fonts are looked up only when a character is missing from the
//! bundled font, once per process, and each character's font is remembered;
//! a map the bundled font covers never touches them. [`SYSTEM_FONTS_VAR`] sets
//! where they are looked for.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use ttf_parser::Face;
use unicode_linebreak::linebreaks;

use crate::layout::{CARD_FONT, LINE_HEIGHT};

/// The bundled font file: Noto Sans CJK SC Regular cut down to the GB2312
/// characters, CJK punctuation, full-width forms and Latin (SIL Open Font License).
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf");

/// The family name drawings refer to the bundled font by.
pub const FONT_FAMILY: &str = "Noto Sans SC";

/// The environment variable that says where the system's fonts are looked
/// for: unset, the system's font folders; `none`, nowhere (only the bundled
/// font is used); otherwise a list of folders or font files, separated like `PATH`.
pub const SYSTEM_FONTS_VAR: &str = "STAGEMAP_SYSTEM_FONTS";

/// What marks text cut short.
const ELLIPSIS: char = '…';

/// Height of the em box above the baseline, as a share of the size, should
/// the bundled font not say.
const DEFAULT_ASCENT: f32 = 0.88;

/// Which font of the chain draws a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FontRef {
    /// The bundled font.
    Bundled,
    /// A system font, by its place among the system faces loaded so far ([`system_face`]).
    System(usize),
    /// No font on this machine has the character: it is drawn as a hollow box
    /// ([`missing_glyph_box`]) and reported.
    Missing,
}

/// One character of a line as it is drawn: its font, glyph and advance.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    /// The font that draws it.
    pub font: FontRef,
    /// The glyph in that font (0 when the font is [`FontRef::Missing`]).
    pub glyph: u16,
    /// Advance width as a share of the font size.
    pub advance: f32,
    /// Where the character is in the line, in bytes.
    pub range: Range<usize>,
    /// Nothing is drawn: a space, a control character or an invisible format character.
    pub blank: bool,
}

/// A stretch of a line drawn with one font: the writers' unit of text.
#[derive(Clone, Debug, PartialEq)]
pub struct FontSegment {
    /// The font.
    pub font: FontRef,
    /// Where the stretch is in the line, in bytes.
    pub range: Range<usize>,
    /// Its characters, in order.
    pub glyphs: Vec<PlacedGlyph>,
}

/// A system font face the chain has loaded: its file's bytes, kept for the process.
pub struct SystemFace {
    /// The family name, as drawings name it.
    pub family: String,
    /// The font file (a collection may hold several faces).
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    /// The face's index in the file.
    pub index: u32,
}

impl std::fmt::Debug for SystemFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemFace")
            .field("family", &self.family)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl SystemFace {
    /// The face parsed for reading glyphs; `None` should the file not parse.
    pub fn parse(&self) -> Option<Face<'_>> {
        Face::parse(self.data.as_ref().as_ref(), self.index).ok()
    }
}

/// How many system faces the chain has loaded so far: [`FontRef::System`]
/// indices run from 0 to this, in the order the chain tries them.
pub fn system_face_count() -> usize {
    SYSTEM_FONTS
        .get()
        .map_or(0, |fonts| fonts.state().faces.len())
}

/// The system face at `index` of [`FontRef::System`].
pub fn system_face(index: usize) -> Option<Arc<SystemFace>> {
    let fonts = SYSTEM_FONTS.get()?;
    fonts.state().faces.get(index).cloned()
}

/// `read` applied to the parsed face of `font`; `None` for [`FontRef::Missing`]
/// or a face that cannot be read.
pub fn with_face<T>(font: FontRef, read: impl FnOnce(&Face<'_>) -> T) -> Option<T> {
    match font {
        FontRef::Bundled => bundled_face().map(read),
        FontRef::System(index) => {
            let face = system_face(index)?;
            let parsed = face.parse()?;
            Some(read(&parsed))
        }
        FontRef::Missing => None,
    }
}

/// The hollow box drawn for a character no font has, as fonts draw their
/// `.notdef`: nearly the em box, `advance` (share of `size`) wide, from the pen at `x`.
pub fn missing_glyph_box(x: f32, baseline: f32, advance: f32, size: f32) -> crate::layout::Rect {
    let inset = 0.06 * size;
    crate::layout::Rect {
        min: crate::layout::Point::new(x + inset, baseline - (DEFAULT_ASCENT - 0.04) * size),
        max: crate::layout::Point::new(
            x + (advance * size - inset).max(2.0 * inset),
            baseline + 0.06 * size,
        ),
    }
}

/// The width of the outline of [`missing_glyph_box`] at `size`.
pub fn missing_glyph_stroke(size: f32) -> f32 {
    0.06 * size
}

/// The bundled font, parsed once per process.
fn bundled_face() -> Option<&'static Face<'static>> {
    static FACE: OnceLock<Option<Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| Face::parse(FONT_BYTES, 0).ok())
        .as_ref()
}

/// Characters that draw nothing and need no font: controls and invisible format characters.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(u32::from(c),
            0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
            | 0xE0100..=0xE01EF)
}

/// A character's glyph in a system face.
#[derive(Clone, Copy, Debug)]
struct SystemGlyph {
    face: usize,
    glyph: u16,
    advance: f32,
}

/// The system's fonts, found once per process when a character first needs them.
struct SystemFonts {
    database: fontdb::Database,
    /// Faces in the order they are tried: upright, regular weight, sans,
    /// proportional, Simplified Chinese first.
    order: Vec<fontdb::ID>,
    state: Mutex<FallbackState>,
}

/// What the chain has learnt so far.
#[derive(Default)]
struct FallbackState {
    faces: Vec<Arc<SystemFace>>,
    loaded: HashMap<fontdb::ID, usize>,
    /// The bytes of each font file read, by path.
    files: HashMap<std::path::PathBuf, Arc<dyn AsRef<[u8]> + Send + Sync>>,
    /// Each character looked up, with its glyph or none.
    chars: HashMap<char, Option<SystemGlyph>>,
}

static SYSTEM_FONTS: OnceLock<SystemFonts> = OnceLock::new();

impl SystemFonts {
    fn get() -> &'static Self {
        SYSTEM_FONTS.get_or_init(Self::load)
    }

    fn load() -> Self {
        let mut database = fontdb::Database::new();
        match std::env::var_os(SYSTEM_FONTS_VAR) {
            None => database.load_system_fonts(),
            Some(value) if value == "none" || value.is_empty() => {}
            Some(value) => {
                for path in std::env::split_paths(&value) {
                    if path.is_dir() {
                        database.load_fonts_dir(&path);
                    } else {
                        // A file that is not a font is skipped, as in a folder.
                        let _ = database.load_font_file(&path);
                    }
                }
            }
        }
        let mut faces: Vec<&fontdb::FaceInfo> = database.faces().collect();
        faces.sort_by_key(|face| {
            let family = face
                .families
                .first()
                .map(|(name, _)| name.as_str())
                .unwrap_or_default();
            (
                face.style != fontdb::Style::Normal,
                face.stretch != fontdb::Stretch::Normal,
                face.weight.0.abs_diff(fontdb::Weight::NORMAL.0),
                face.monospaced || family.contains("Mono"),
                family.contains("Serif"),
                !family.contains(" SC"),
                family.to_owned(),
                face.index,
            )
        });
        let order = faces.iter().map(|face| face.id).collect();
        Self {
            database,
            order,
            state: Mutex::new(FallbackState::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, FallbackState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The first face in the order that has `c`, loaded; remembered per character.
    fn glyph(&self, c: char) -> Option<SystemGlyph> {
        let mut state = self.state();
        if let Some(known) = state.chars.get(&c) {
            return *known;
        }
        let found = self.order.iter().find_map(|&id| {
            let (glyph, advance) = self
                .database
                .with_face_data(id, |data, index| {
                    let face = Face::parse(data, index).ok()?;
                    let glyph = face.glyph_index(c)?;
                    let units = f32::from(face.units_per_em().max(1));
                    let advance = f32::from(face.glyph_hor_advance(glyph)?) / units;
                    Some((glyph.0, advance))
                })
                .flatten()?;
            let face = self.face_slot(&mut state, id)?;
            Some(SystemGlyph {
                face,
                glyph,
                advance,
            })
        });
        state.chars.insert(c, found);
        found
    }

    /// The place of face `id` among the loaded faces, loading its file the first time.
    fn face_slot(&self, state: &mut FallbackState, id: fontdb::ID) -> Option<usize> {
        if let Some(&slot) = state.loaded.get(&id) {
            return Some(slot);
        }
        let info = self.database.face(id)?;
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = match &info.source {
            fontdb::Source::Binary(data) | fontdb::Source::SharedFile(_, data) => Arc::clone(data),
            fontdb::Source::File(path) => {
                // Faces of one collection share the bytes, read once.
                if let Some(data) = state.files.get(path) {
                    Arc::clone(data)
                } else {
                    let data: Arc<dyn AsRef<[u8]> + Send + Sync> =
                        Arc::new(std::fs::read(path).ok()?);
                    state.files.insert(path.clone(), Arc::clone(&data));
                    data
                }
            }
        };
        let family = info
            .families
            .first()
            .map_or_else(String::new, |(name, _)| name.clone());
        state.faces.push(Arc::new(SystemFace {
            family,
            data,
            index: info.index,
        }));
        let slot = state.faces.len() - 1;
        state.loaded.insert(id, slot);
        Some(slot)
    }
}

/// Measures text set in the font chain: the bundled font, then the system's fonts.
#[derive(Clone, Copy)]
pub struct TextMeasure {
    face: Option<&'static Face<'static>>,
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
    /// Measures with the bundled font first and the system's fonts for what
    /// it lacks. Should the bundled font not parse, the system's fonts draw
    /// everything; a character no font has is as wide as a box, a full em for
    /// CJK and 0.6 em otherwise, rather than failing.
    pub fn bundled() -> Self {
        let face = bundled_face();
        let units_per_em = face.map_or(1000.0, |face| f32::from(face.units_per_em().max(1)));
        Self { face, units_per_em }
    }

    /// Height of the em box above the baseline (the font's typographic
    /// ascender), as a share of the size.
    pub fn ascent(&self) -> f32 {
        self.face
            .and_then(|face| face.typographic_ascender())
            .map_or(DEFAULT_ASCENT, |units| f32::from(units) / self.units_per_em)
    }

    /// Depth of the em box below the baseline (the font's typographic
    /// descender, as a positive number), as a share of the size.
    pub fn descent(&self) -> f32 {
        self.face
            .and_then(|face| face.typographic_descender())
            .map_or(1.0 - DEFAULT_ASCENT, |units| {
                -f32::from(units) / self.units_per_em
            })
    }

    /// How `c` is drawn: the first font of the chain that has it.
    fn place(&self, c: char) -> (FontRef, u16, f32, bool) {
        if let Some(face) = self.face
            && let Some(glyph) = face.glyph_index(c)
            && let Some(units) = face.glyph_hor_advance(glyph)
        {
            let blank = c.is_whitespace() || is_invisible(c);
            return (
                FontRef::Bundled,
                glyph.0,
                f32::from(units) / self.units_per_em,
                blank,
            );
        }
        if is_invisible(c) {
            return (FontRef::Missing, 0, 0.0, true);
        }
        if c.is_whitespace() {
            return (FontRef::Missing, 0, self.advance(' '), true);
        }
        match SystemFonts::get().glyph(c) {
            Some(found) => (
                FontRef::System(found.face),
                found.glyph,
                found.advance,
                false,
            ),
            None => (
                FontRef::Missing,
                0,
                if is_wide(c) { 1.0 } else { 0.6 },
                false,
            ),
        }
    }

    /// Advance of `c` as a share of the size.
    fn advance(&self, c: char) -> f32 {
        self.place(c).2
    }

    /// Advance width of one character at `size`.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        self.advance(c) * size
    }

    /// Width of a line of text at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// Whether some font of the chain draws `c` (characters that draw nothing count as drawn).
    pub fn has_glyph(&self, c: char) -> bool {
        let (font, _, _, blank) = self.place(c);
        blank || font != FontRef::Missing
    }

    /// The characters of `text` no font of the chain draws, each once, in order of appearance.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in text.chars() {
            if !self.has_glyph(c) && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// Each character of `line` as it is drawn, in order.
    pub fn glyphs<'a>(&'a self, line: &'a str) -> impl Iterator<Item = PlacedGlyph> + 'a {
        line.char_indices().map(|(at, c)| {
            let (font, glyph, advance, blank) = self.place(c);
            PlacedGlyph {
                font,
                glyph,
                advance,
                range: at..at + c.len_utf8(),
                blank,
            }
        })
    }

    /// `line` cut into stretches that one font draws each, in order.
    pub fn segments(&self, line: &str) -> Vec<FontSegment> {
        let mut segments: Vec<FontSegment> = Vec::new();
        for glyph in self.glyphs(line) {
            match segments.last_mut() {
                Some(segment) if segment.font == glyph.font => {
                    segment.range.end = glyph.range.end;
                    segment.glyphs.push(glyph);
                }
                _ => segments.push(FontSegment {
                    font: glyph.font,
                    range: glyph.range.clone(),
                    glyphs: vec![glyph],
                }),
            }
        }
        segments
    }

    /// `text` broken into lines no wider than `max_width` at `size`, where the
    /// Unicode line breaking rules (UAX #14) allow: between words and between
    /// CJK characters, never before closing punctuation such as ，。」）; a word
    /// longer than a line is broken where it must. At most `max_lines` lines
    /// (at least one); text cut short ends in "…". Line breaks in the text are
    /// kept; blank text gives no lines.
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
        for piece in break_pieces(paragraph) {
            // Spaces after a word may hang past the end of a line.
            let word = piece.trim_end();
            let word_width = self.width(word, size);
            let piece_width = word_width + self.width(&piece[word.len()..], size);
            if line_width + word_width <= max_width {
                line.push_str(piece);
                line_width += piece_width;
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_owned());
            }
            line.clear();
            line_width = 0.0;
            if word_width <= max_width {
                line.push_str(piece);
                line_width = piece_width;
            } else {
                // A word too long for a line of its own is broken between characters.
                for c in word.chars() {
                    let width = self.char_width(c, size);
                    if line_width + width > max_width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += width;
                }
                line.push_str(&piece[word.len()..]);
                line_width += piece_width - word_width;
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

/// The pieces of `text` between the places UAX #14 lets a line break, each
/// with the spaces that follow it.
fn break_pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    linebreaks(text).filter_map(move |(end, _)| {
        let piece = text.get(start..end).filter(|piece| !piece.is_empty());
        start = end;
        piece
    })
}

/// CJK ideographs, kana, hangul, CJK punctuation and full-width forms: a box
/// for a missing one is a full em wide.
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
        assert_eq!(measure.ascent() + measure.descent(), 1.0);
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

    #[test]
    fn closing_punctuation_never_starts_a_line_and_words_stay_whole() {
        let measure = TextMeasure::bundled();
        let text = "充电桩，排队。等待、「确认」（完成）充电桩，排队。等待、「确认」（完成）";
        for width in [30.0, 45.0, 60.0, 75.0, 90.0] {
            let lines = measure.wrap(text, 13.0, width, 40);
            assert_eq!(lines.concat(), text, "{width}");
            for line in &lines[1..] {
                let first = line.chars().next().unwrap();
                assert!(!"，。、」）".contains(first), "{width}: {lines:?}");
            }
            for line in &lines {
                let last = line.chars().last().unwrap();
                assert!(!"「（".contains(last), "{width}: {lines:?}");
            }
        }
        // Latin words are not split unless one is wider than the line.
        let lines = measure.wrap("battery overnight", 13.0, 80.0, 5);
        assert_eq!(lines, vec!["battery", "overnight"]);
        let long = measure.wrap("supercalifragilistic", 13.0, 50.0, 5);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "supercalifragilistic");
    }

    #[test]
    fn characters_the_bundled_font_lacks_come_from_the_system_or_are_missing() {
        let measure = TextMeasure::bundled();
        // Every character the bundled font has is drawn with it.
        let bundled: Vec<FontRef> = measure.glyphs("维A ").map(|g| g.font).collect();
        assert_eq!(bundled, vec![FontRef::Bundled; 3]);
        // A character no font has (the last private-use code point) is missing:
        // a box as wide as 0.6 em, reported once.
        let missing = measure.segments("a\u{10FFFD}\u{10FFFD}b");
        assert_eq!(missing.len(), 3);
        assert_eq!(missing[1].font, FontRef::Missing);
        assert_eq!(missing[1].range, 1..9);
        assert_eq!(missing[1].glyphs[0].advance, 0.6);
        assert_eq!(
            measure.missing_chars("a\u{10FFFD}b\u{10FFFD}"),
            vec!['\u{10FFFD}']
        );
        // Controls and invisible characters draw nothing and are never missing.
        assert!(measure.missing_chars("a\tb\u{200B}\u{FE0F}").is_empty());
    }
}
