//! The colours of a map's drawing: the hue of each lane kind, the light and
//! dark palettes (the same values on the canvas and in every export), and the
//! one parser of a card's `#rrggbb` colour.

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

    /// Perceived brightness, 0..=255.
    pub fn luminance(self) -> f32 {
        0.2126 * f32::from(self.r) + 0.7152 * f32::from(self.g) + 0.0722 * f32::from(self.b)
    }
}

/// The strong hue of a lane kind: lane headers and card borders, in both themes.
pub fn lane_hue(kind: &LaneKind) -> Colour {
    let (r, g, b) = match kind {
        LaneKind::Evidence => (0x5b, 0x6b, 0x82),
        LaneKind::Customer => (0x1f, 0x63, 0xc9),
        LaneKind::Touchpoint => (0x00, 0x8c, 0x8c),
        LaneKind::Frontstage => (0x22, 0x8b, 0x3b),
        LaneKind::Backstage => (0xc8, 0x6a, 0x00),
        LaneKind::Support => (0x6e, 0x44, 0xc2),
        LaneKind::Thought => (0x2b, 0x8c, 0xd6),
        LaneKind::Emotion => (0xc2, 0x2f, 0x7a),
        LaneKind::Pain => (0xc7, 0x2c, 0x2c),
        LaneKind::Opportunity => (0xa8, 0x86, 0x00),
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
                positive: Colour::rgb(0x1e, 0x8e, 0x3e),
                neutral: Colour::rgb(0x6b, 0x72, 0x7c),
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

    /// Text colour that reads on `fill`.
    pub fn text_on(&self, fill: Colour) -> Colour {
        if fill.luminance() > 150.0 {
            Colour::rgb(0x14, 0x18, 0x1f)
        } else {
            Colour::WHITE
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
