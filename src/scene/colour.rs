//! The colours of a map's drawing: the hue of each lane kind, the light and
//! dark palettes (the same values on the canvas and in every export), the
//! one parser of a card's `#rrggbb` colour, and the WCAG contrast ratio that
//! picks the text colour on every fill.
//!
//! Every text the scene draws on a card, a lane header, a badge or a label
//! reads at WCAG AA for normal text (4.5:1) in both themes: the tests below
//! check each lane kind's pairs, and `tests/contrast.rs` checks every text run
//! of whole scenes against what it is drawn on.

use crate::model::LaneKind;

/// A colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 = opaque.
    pub a: u8,
}

impl Colour {
    /// White.
    pub const WHITE: Self = Self::rgb(0xff, 0xff, 0xff);
    /// Black.
    pub const BLACK: Self = Self::rgb(0, 0, 0);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// `self` moved towards `other` by `t` (0 = `self`, 1 = `other`), opaque.
    pub fn mix(self, other: Self, t: f32) -> Self {
        let channel = |x: u8, y: u8| {
            (f32::from(x) + (f32::from(y) - f32::from(x)) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Self::rgb(
            channel(self.r, other.r),
            channel(self.g, other.g),
            channel(self.b, other.b),
        )
    }

    /// A card colour of the form `#rrggbb` (see [`crate::model::hex_colour`]).
    pub fn parse_hex(text: &str) -> Option<Self> {
        let [r, g, b] = crate::model::hex_colour(text)?;
        Some(Self::rgb(r, g, b))
    }

    /// WCAG 2.x relative luminance, 0 (black) ..= 1 (white), alpha ignored.
    ///
    /// Each channel is scaled to 0..=1 and linearised as sRGB defines it
    /// (`c / 12.92` up to 0.04045, else `((c + 0.055) / 1.055)^2.4`; WCAG
    /// writes the threshold 0.03928, which no 8-bit value falls between),
    /// then weighted 0.2126 R + 0.7152 G + 0.0722 B.
    pub fn relative_luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }
}

/// WCAG AA for normal text: the least contrast ratio card and header text keeps.
pub const AA_TEXT: f64 = 4.5;

/// The WCAG 2.x contrast ratio of two opaque colours, 1 (the same) ..= 21
/// (black on white), in either order: `(L1 + 0.05) / (L2 + 0.05)` with `L1`
/// the lighter one's [`Colour::relative_luminance`].
pub fn contrast_ratio(a: Colour, b: Colour) -> f64 {
    let (a, b) = (a.relative_luminance(), b.relative_luminance());
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Dark text on light fills.
const DARK_TEXT: Colour = Colour::rgb(0x14, 0x18, 0x1f);

/// The colours of voting dots, one per participant or group: the Okabe–Ito
/// palette, told apart under the common colour blindnesses. A dot also
/// carries its participant's initial, so colour is never the only sign.
pub const DOT_PALETTE: [Colour; crate::edit::decide::PALETTE_SIZE] = [
    Colour::rgb(0xe6, 0x9f, 0x00),
    Colour::rgb(0x56, 0xb4, 0xe9),
    Colour::rgb(0x00, 0x9e, 0x73),
    Colour::rgb(0xf0, 0xe4, 0x42),
    Colour::rgb(0x00, 0x72, 0xb2),
    Colour::rgb(0xd5, 0x5e, 0x00),
    Colour::rgb(0xcc, 0x79, 0xa7),
    Colour::rgb(0x00, 0x00, 0x00),
];

/// The colour of a participant's dots (the palette repeats past its end).
pub fn dot_colour(index: u8) -> Colour {
    DOT_PALETTE[usize::from(index) % DOT_PALETTE.len()]
}

/// The strong hue of a lane kind: lane headers and card borders, in both themes.
///
/// Every hue is dark enough for white lane-header text at WCAG AA (4.5:1).
/// The blueprint lanes (evidence, customer, touchpoint, frontstage,
/// backstage, support) stay apart for viewers with protanopia or
/// deuteranopia (`tests/contrast.rs` simulates both). Colour is never the
/// only cue: every lane header writes the lane's name, and the canvas adds
/// the kind's name when the lane's name does not say it.
pub fn lane_hue(kind: &LaneKind) -> Colour {
    let (r, g, b) = match kind {
        LaneKind::Evidence => (0x5b, 0x6b, 0x82),
        LaneKind::Customer => (0x1f, 0x63, 0xc9),
        LaneKind::Touchpoint => (0x0d, 0x82, 0x70),
        LaneKind::Frontstage => (0x21, 0x86, 0x39),
        LaneKind::Backstage => (0xb9, 0x59, 0x00),
        LaneKind::Support => (0x52, 0x39, 0xa3),
        LaneKind::Thought => (0x25, 0x79, 0xba),
        LaneKind::Emotion => (0xc2, 0x2f, 0x7a),
        LaneKind::Pain => (0xc7, 0x2c, 0x2c),
        LaneKind::Opportunity => (0x8e, 0x72, 0x00),
        LaneKind::Metric => (0x79, 0x55, 0x48),
        LaneKind::Note | LaneKind::Unknown(_) => (0x6b, 0x72, 0x7c),
    };
    Colour::rgb(r, g, b)
}

/// Light or dark colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Dark text on light fills: print and slides.
    #[default]
    Light,
    /// Light text on dark fills.
    Dark,
}

/// The colours of an export; the same values as the editor's canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// The theme is dark.
    pub dark: bool,
    /// Behind everything.
    pub background: Colour,
    /// Grid lines between columns and lanes.
    pub grid_line: Colour,
    /// Stronger line between stages.
    pub stage_line: Colour,
    /// Header fill of stages and steps.
    pub header_fill: Colour,
    /// Header text.
    pub header_text: Colour,
    /// Connectors.
    pub connector: Colour,
    /// Blueprint lines.
    pub blueprint_line: Colour,
    /// Pain and fail markers.
    pub danger: Colour,
    /// Wait markers.
    pub wait: Colour,
    /// Moment-of-truth star.
    pub star: Colour,
    /// Positive emotion.
    pub positive: Colour,
    /// Neutral emotion.
    pub neutral: Colour,
    /// The critical path: its cards' outline.
    pub critical: Colour,
}

impl Palette {
    /// The palette of a theme.
    pub fn new(theme: Theme) -> Self {
        match theme {
            Theme::Dark => Self {
                dark: true,
                background: Colour::rgb(0x1b, 0x1d, 0x21),
                grid_line: Colour::rgb(0x3a, 0x3e, 0x45),
                stage_line: Colour::rgb(0x6a, 0x70, 0x7a),
                header_fill: Colour::rgb(0x2b, 0x2f, 0x36),
                header_text: Colour::rgb(0xf0, 0xf2, 0xf5),
                connector: Colour::rgb(0xc8, 0xcc, 0xd2),
                blueprint_line: Colour::rgb(0xe0, 0xe3, 0xe8),
                danger: Colour::rgb(0xff, 0x5c, 0x5c),
                wait: Colour::rgb(0xf5, 0xa6, 0x23),
                star: Colour::rgb(0xff, 0xcf, 0x33),
                positive: Colour::rgb(0x3d, 0xc4, 0x6b),
                neutral: Colour::rgb(0x9a, 0xa0, 0xa8),
                critical: Colour::rgb(0xff, 0x9f, 0x1c),
            },
            Theme::Light => Self {
                dark: false,
                background: Colour::rgb(0xf6, 0xf7, 0xf9),
                grid_line: Colour::rgb(0xd5, 0xd9, 0xdf),
                stage_line: Colour::rgb(0x8a, 0x91, 0x9c),
                header_fill: Colour::rgb(0xe4, 0xe8, 0xee),
                header_text: Colour::rgb(0x14, 0x18, 0x1f),
                connector: Colour::rgb(0x3c, 0x43, 0x4d),
                blueprint_line: Colour::rgb(0x22, 0x26, 0x2d),
                danger: Colour::rgb(0xd0, 0x1f, 0x1f),
                wait: Colour::rgb(0xd9, 0x7a, 0x00),
                star: Colour::rgb(0xe0, 0xa1, 0x00),
                positive: Colour::rgb(0x1c, 0x86, 0x3b),
                neutral: Colour::rgb(0x69, 0x70, 0x7a),
                critical: Colour::rgb(0xe0, 0x6c, 0x00),
            },
        }
    }

    /// Fill of a card in a lane of this hue: a light tint, or a dark one in the dark theme.
    pub fn card_fill(&self, hue: Colour) -> Colour {
        if self.dark {
            hue.mix(Colour::rgb(0x22, 0x24, 0x28), 0.62)
        } else {
            hue.mix(Colour::WHITE, 0.84)
        }
    }

    /// Faint band behind a lane's cells.
    pub fn lane_band(&self, hue: Colour) -> Colour {
        hue.mix(self.background, if self.dark { 0.88 } else { 0.94 })
    }

    /// Text colour that reads on the opaque `fill`: dark text or white,
    /// whichever has the higher WCAG contrast ratio; black when neither
    /// reaches [`AA_TEXT`] (a mid-tone card colour the user picked), which
    /// then always does (black or white reaches 4.58:1 on any fill).
    pub fn text_on(&self, fill: Colour) -> Colour {
        let (dark, light) = (
            contrast_ratio(DARK_TEXT, fill),
            contrast_ratio(Colour::WHITE, fill),
        );
        let (best, ratio) = if light > dark {
            (Colour::WHITE, light)
        } else {
            (DARK_TEXT, dark)
        };
        if ratio >= AA_TEXT {
            best
        } else {
            Colour::BLACK
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse() {
        assert_eq!(Colour::parse_hex("#ff8000"), Some(Colour::rgb(255, 128, 0)));
        assert_eq!(Colour::parse_hex("ff8000"), None);
        assert_eq!(Colour::parse_hex("#gg8000"), None);
        assert_eq!(Colour::parse_hex("#+12345"), None);
    }

    #[test]
    fn contrast_ratios_match_hand_worked_values() {
        let close = |ratio: f64, expected: f64| (ratio - expected).abs() < 0.005;
        assert_eq!(Colour::BLACK.relative_luminance(), 0.0);
        assert_eq!(Colour::WHITE.relative_luminance(), 1.0);
        // 0x80 / 255 = 0.50196 → ((0.50196 + 0.055) / 1.055)^2.4 = 0.21586.
        let grey = Colour::rgb(0x80, 0x80, 0x80).relative_luminance();
        assert!((grey - 0.21586).abs() < 1e-5, "{grey}");
        // 1.05 / 0.05.
        assert!(close(contrast_ratio(Colour::BLACK, Colour::WHITE), 21.0));
        assert!(close(contrast_ratio(Colour::WHITE, Colour::BLACK), 21.0));
        // #777777: L = 0.18447, so 1.05 / 0.23447 = 4.478, just short of AA.
        let ratio = contrast_ratio(Colour::rgb(0x77, 0x77, 0x77), Colour::WHITE);
        assert!(close(ratio, 4.478), "{ratio}");
        assert!(ratio < AA_TEXT);
        // #767676 is the lightest grey that passes on white: 4.54.
        let ratio = contrast_ratio(Colour::rgb(0x76, 0x76, 0x76), Colour::WHITE);
        assert!(close(ratio, 4.542), "{ratio}");
        // Pure red on white: L = 0.2126, 1.05 / 0.2626 = 3.998.
        let ratio = contrast_ratio(Colour::rgb(0xff, 0, 0), Colour::WHITE);
        assert!(close(ratio, 3.998), "{ratio}");
        let teal = Colour::rgb(0x00, 0x8c, 0x8c);
        assert_eq!(contrast_ratio(teal, teal), 1.0);
    }

    fn hex(colour: Colour) -> String {
        format!("#{:02x}{:02x}{:02x}", colour.r, colour.g, colour.b)
    }

    /// Every (text, fill) pair the scene draws on a card, a lane header, a
    /// badge or a label, for every lane kind (an unknown one too) in both
    /// themes: `(what, text, fill)`.
    fn text_pairs(theme: Theme) -> Vec<(String, Colour, Colour)> {
        let palette = Palette::new(theme);
        let mut pairs = Vec::new();
        let mut kinds = LaneKind::KNOWN.to_vec();
        kinds.push(LaneKind::Unknown("ritual".to_owned()));
        for kind in &kinds {
            let hue = lane_hue(kind);
            let fill = palette.card_fill(hue);
            pairs.push((format!("{kind} card title"), palette.text_on(fill), fill));
            pairs.push((
                format!("{kind} lane header name"),
                palette.text_on(hue),
                hue,
            ));
        }
        // Emotion points' scores are written straight on the emotion lane's band.
        let band = palette.lane_band(lane_hue(&LaneKind::Emotion));
        pairs.push((
            "emotion score on its lane".to_owned(),
            palette.header_text,
            band,
        ));
        // The scale's words sit on the background, 85 % opaque, over that band.
        let words = band.mix(palette.background, 217.0 / 255.0);
        pairs.push(("emotion scale words".to_owned(), palette.neutral, words));
        pairs.push(("curve legend".to_owned(), palette.header_text, words));
        // The emotion score pill, the wait pill, the fail badge, the pain "!"
        // and the signs under emotion points.
        for (what, fill) in [
            ("positive score", palette.positive),
            ("negative score, fail, pain", palette.danger),
            ("neutral score", palette.neutral),
            ("wait", palette.wait),
        ] {
            pairs.push((format!("{what} badge"), palette.text_on(fill), fill));
        }
        let back = palette.background;
        pairs.push((
            "blueprint line label".to_owned(),
            palette.blueprint_line,
            back,
        ));
        pairs.push(("connector label".to_owned(), palette.header_text, back));
        pairs.push(("map title".to_owned(), palette.header_text, back));
        pairs.push(("personas and date".to_owned(), palette.neutral, back));
        let header = palette.header_fill;
        pairs.push((
            "stage and step name".to_owned(),
            palette.header_text,
            header,
        ));
        // A card colour the user picked: bright yellow, deep indigo, mid tones.
        for code in [
            "#ffeb3b", "#1a237e", "#959595", "#ff5c5c", "#00a0a0", "#808080",
        ] {
            let Some(fill) = Colour::parse_hex(code) else {
                panic!("{code}");
            };
            pairs.push((format!("{code} card title"), palette.text_on(fill), fill));
        }
        pairs
    }

    #[test]
    fn every_card_and_header_text_reads_at_aa_in_both_themes() {
        let mut failures = Vec::new();
        for theme in [Theme::Light, Theme::Dark] {
            let pairs = text_pairs(theme);
            let count = pairs.len();
            let least = pairs
                .iter()
                .map(|(what, text, fill)| (contrast_ratio(*text, *fill), what))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((ratio, what)) = least {
                println!("{theme:?}: least contrast {ratio:.2}:1 ({what}) over {count} pairs");
            }
            for (what, text, fill) in pairs {
                let ratio = contrast_ratio(text, fill);
                if ratio < AA_TEXT {
                    failures.push(format!(
                        "{theme:?} {what}: {} on {} is {ratio:.2}:1",
                        hex(text),
                        hex(fill)
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "below {AA_TEXT}:1:\n{}",
            failures.join("\n")
        );
    }

    #[test]
    fn the_text_on_any_card_colour_reads_at_aa() {
        for v in 0..=255u8 {
            let grey = Colour::rgb(v, v, v);
            let text = Palette::new(Theme::Dark).text_on(grey);
            assert!(contrast_ratio(text, grey) >= AA_TEXT, "{}", hex(grey));
        }
        for r in (0..=255u8).step_by(5) {
            for g in (0..=255u8).step_by(5) {
                for b in (0..=255u8).step_by(5) {
                    let fill = Colour::rgb(r, g, b);
                    let text = Palette::new(Theme::Light).text_on(fill);
                    let ratio = contrast_ratio(text, fill);
                    assert!(ratio >= AA_TEXT, "{}: {ratio:.2}", hex(fill));
                }
            }
        }
    }

    #[test]
    fn lane_hues_and_card_fills_keep_readable_text() {
        for theme in [Theme::Light, Theme::Dark] {
            let palette = Palette::new(theme);
            for kind in LaneKind::KNOWN {
                let hue = lane_hue(&kind);
                // Every hue is dark enough for white text on a projector.
                assert_eq!(palette.text_on(hue), Colour::WHITE, "{kind}");
                let text = palette.text_on(palette.card_fill(hue));
                assert_eq!(
                    text == Colour::WHITE,
                    palette.dark,
                    "{kind} card text in {theme:?}"
                );
            }
        }
    }
}
