//! Colours of the canvas: one strong hue per lane kind, tuned for light and dark themes and
//! for projectors (saturated hues, dark text on light fills, light text on dark fills).

use egui::Color32;

use crate::model::LaneKind;
use crate::scene::{Colour, Palette as SharedPalette, Theme};

/// The colours one frame is painted with, picked once from `dark_mode`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Palette {
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
    /// The same colours as exports use them.
    shared: SharedPalette,
}

impl Palette {
    /// The palette for the current theme.
    pub fn new(dark: bool) -> Self {
        // The colours exports use too come from one table, so both agree.
        let theme = if dark { Theme::Dark } else { Theme::Light };
        let shared = SharedPalette::new(theme);
        // Selection, drop targets and warnings belong to the editor alone.
        let (accent, drop_fill, warning, warning_fill, warning_text) = if dark {
            (
                Color32::from_rgb(0x4d, 0xa3, 0xff),
                Color32::from_rgba_unmultiplied(0x4d, 0xa3, 0xff, 0x30),
                Color32::from_rgb(0xff, 0x8a, 0x3d),
                Color32::from_rgb(0x4a, 0x2a, 0x12),
                Color32::from_rgb(0xff, 0xe3, 0xcc),
            )
        } else {
            (
                Color32::from_rgb(0x00, 0x5f, 0xd4),
                Color32::from_rgba_unmultiplied(0x00, 0x5f, 0xd4, 0x26),
                Color32::from_rgb(0xc2, 0x41, 0x00),
                Color32::from_rgb(0xff, 0xe8, 0xd6),
                Color32::from_rgb(0x5c, 0x1f, 0x00),
            )
        };
        Self {
            background: color(shared.background),
            grid_line: color(shared.grid_line),
            stage_line: color(shared.stage_line),
            header_fill: color(shared.header_fill),
            header_text: color(shared.header_text),
            accent,
            drop_fill,
            connector: color(shared.connector),
            blueprint_line: color(shared.blueprint_line),
            warning,
            warning_fill,
            warning_text,
            danger: color(shared.danger),
            wait: color(shared.wait),
            star: color(shared.star),
            positive: color(shared.positive),
            neutral: color(shared.neutral),
            critical: color(shared.critical),
            shared,
        }
    }

    /// The strong hue of a lane kind: lane headers and card borders.
    pub fn lane_hue(&self, kind: &LaneKind) -> Color32 {
        // One table for the canvas and the exporters, so both agree.
        color(crate::scene::lane_hue(kind))
    }

    /// Fill of a card in a lane of this hue: a light tint, or a dark one in the dark theme.
    pub fn card_fill(&self, hue: Color32) -> Color32 {
        color(self.shared.card_fill(colour(hue)))
    }

    /// Faint band behind a lane's cells.
    pub fn lane_band(&self, hue: Color32) -> Color32 {
        color(self.shared.lane_band(colour(hue)))
    }

    /// Text colour that reads on `fill`.
    pub fn text_on(&self, fill: Color32) -> Color32 {
        color(self.shared.text_on(colour(fill)))
    }
}

/// The egui colour of an export colour.
pub(crate) fn color(colour: Colour) -> Color32 {
    Color32::from_rgba_unmultiplied(colour.r, colour.g, colour.b, colour.a)
}

/// The export colour of an egui colour (opaque colours only are passed).
fn colour(color: Color32) -> Colour {
    Colour::rgb(color.r(), color.g(), color.b())
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
