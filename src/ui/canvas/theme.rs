//! Colours of the canvas: one strong hue per lane kind, tuned for light and dark themes and
//! for projectors (saturated hues, dark text on light fills, light text on dark fills).

use egui::Color32;

use crate::model::LaneKind;

/// The colours one frame is painted with, picked once from `dark_mode`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Palette {
    /// The theme is dark.
    pub dark: bool,
    /// Behind everything.
    pub background: Color32,
    /// Grid lines between columns and lanes.
    pub grid_line: Color32,
    /// Stronger line between stages.
    pub stage_line: Color32,
    /// Header fill of stages and steps.
    pub header_fill: Color32,
    /// Header text.
    pub header_text: Color32,
    /// Selection and focus.
    pub accent: Color32,
    /// Drop targets.
    pub drop_fill: Color32,
    /// Connectors.
    pub connector: Color32,
    /// Blueprint lines.
    pub blueprint_line: Color32,
    /// Warnings (impossible lane order).
    pub warning: Color32,
    /// Fill behind warning text.
    pub warning_fill: Color32,
    /// Text on the warning fill.
    pub warning_text: Color32,
    /// Pain and fail markers.
    pub danger: Color32,
    /// Wait markers.
    pub wait: Color32,
    /// Moment-of-truth star.
    pub star: Color32,
    /// Positive emotion.
    pub positive: Color32,
    /// Neutral emotion.
    pub neutral: Color32,
    /// The critical path: its cards' outline and its connectors.
    pub critical: Color32,
}

impl Palette {
    /// The palette for the current theme.
    pub fn new(dark: bool) -> Self {
        if dark {
            Self {
                dark,
                background: Color32::from_rgb(0x1b, 0x1d, 0x21),
                grid_line: Color32::from_rgb(0x3a, 0x3e, 0x45),
                stage_line: Color32::from_rgb(0x6a, 0x70, 0x7a),
                header_fill: Color32::from_rgb(0x2b, 0x2f, 0x36),
                header_text: Color32::from_rgb(0xf0, 0xf2, 0xf5),
                accent: Color32::from_rgb(0x4d, 0xa3, 0xff),
                drop_fill: Color32::from_rgba_unmultiplied(0x4d, 0xa3, 0xff, 0x30),
                connector: Color32::from_rgb(0xc8, 0xcc, 0xd2),
                blueprint_line: Color32::from_rgb(0xe0, 0xe3, 0xe8),
                warning: Color32::from_rgb(0xff, 0x8a, 0x3d),
                warning_fill: Color32::from_rgb(0x4a, 0x2a, 0x12),
                warning_text: Color32::from_rgb(0xff, 0xe3, 0xcc),
                danger: Color32::from_rgb(0xff, 0x5c, 0x5c),
                wait: Color32::from_rgb(0xf5, 0xa6, 0x23),
                star: Color32::from_rgb(0xff, 0xcf, 0x33),
                positive: Color32::from_rgb(0x3d, 0xc4, 0x6b),
                neutral: Color32::from_rgb(0x9a, 0xa0, 0xa8),
                critical: Color32::from_rgb(0xff, 0x9f, 0x1c),
            }
        } else {
            Self {
                dark,
                background: Color32::from_rgb(0xf6, 0xf7, 0xf9),
                grid_line: Color32::from_rgb(0xd5, 0xd9, 0xdf),
                stage_line: Color32::from_rgb(0x8a, 0x91, 0x9c),
                header_fill: Color32::from_rgb(0xe4, 0xe8, 0xee),
                header_text: Color32::from_rgb(0x14, 0x18, 0x1f),
                accent: Color32::from_rgb(0x00, 0x5f, 0xd4),
                drop_fill: Color32::from_rgba_unmultiplied(0x00, 0x5f, 0xd4, 0x26),
                connector: Color32::from_rgb(0x3c, 0x43, 0x4d),
                blueprint_line: Color32::from_rgb(0x22, 0x26, 0x2d),
                warning: Color32::from_rgb(0xc2, 0x41, 0x00),
                warning_fill: Color32::from_rgb(0xff, 0xe8, 0xd6),
                warning_text: Color32::from_rgb(0x5c, 0x1f, 0x00),
                danger: Color32::from_rgb(0xd0, 0x1f, 0x1f),
                wait: Color32::from_rgb(0xd9, 0x7a, 0x00),
                star: Color32::from_rgb(0xe0, 0xa1, 0x00),
                positive: Color32::from_rgb(0x1e, 0x8e, 0x3e),
                neutral: Color32::from_rgb(0x6b, 0x72, 0x7c),
                critical: Color32::from_rgb(0xe0, 0x6c, 0x00),
            }
        }
    }

    /// The strong hue of a lane kind: lane headers and card borders.
    pub fn lane_hue(&self, kind: &LaneKind) -> Color32 {
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
        Color32::from_rgb(r, g, b)
    }

    /// Fill of a card in a lane of this hue: a light tint, or a dark one in the dark theme.
    pub fn card_fill(&self, hue: Color32) -> Color32 {
        if self.dark {
            mix(hue, Color32::from_rgb(0x22, 0x24, 0x28), 0.62)
        } else {
            mix(hue, Color32::WHITE, 0.84)
        }
    }

    /// Faint band behind a lane's cells.
    pub fn lane_band(&self, hue: Color32) -> Color32 {
        if self.dark {
            mix(hue, self.background, 0.88)
        } else {
            mix(hue, self.background, 0.94)
        }
    }

    /// Text colour that reads on `fill`.
    pub fn text_on(&self, fill: Color32) -> Color32 {
        let luminance = 0.2126 * f32::from(fill.r())
            + 0.7152 * f32::from(fill.g())
            + 0.0722 * f32::from(fill.b());
        if luminance > 150.0 {
            Color32::from_rgb(0x14, 0x18, 0x1f)
        } else {
            Color32::WHITE
        }
    }
}

/// `a` moved towards `b` by `t` (0 = `a`, 1 = `b`).
pub(crate) fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let channel = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(
        channel(a.r(), b.r()),
        channel(a.g(), b.g()),
        channel(a.b(), b.b()),
    )
}

/// Parses a card colour of the form `#rrggbb`.
pub(crate) fn parse_hex(text: &str) -> Option<Color32> {
    let digits = text.strip_prefix('#')?;
    if digits.len() != 6 {
        return None;
    }
    let value = u32::from_str_radix(digits, 16).ok()?;
    let [_, r, g, b] = value.to_be_bytes();
    Some(Color32::from_rgb(r, g, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_headers_keep_readable_text() {
        for dark in [false, true] {
            let palette = Palette::new(dark);
            for kind in LaneKind::KNOWN {
                let hue = palette.lane_hue(&kind);
                // Every hue is dark enough for white text on a projector.
                assert_eq!(palette.text_on(hue), Color32::WHITE, "{kind}");
                let fill = palette.card_fill(hue);
                let text = palette.text_on(fill);
                assert_eq!(
                    text == Color32::WHITE,
                    dark,
                    "{kind} card text in dark={dark}"
                );
            }
        }
    }

    #[test]
    fn hex_colours_parse() {
        assert_eq!(parse_hex("#ff8000"), Some(Color32::from_rgb(255, 128, 0)));
        assert_eq!(parse_hex("ff8000"), None);
        assert_eq!(parse_hex("#ff80"), None);
        assert_eq!(parse_hex("#gg8000"), None);
    }
}
