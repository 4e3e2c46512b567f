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
    /// Warnings (impossible lane order).
    pub warning: Color32,
    /// Fill behind warning text.
    pub warning_fill: Color32,
    /// Text on the warning fill.
    pub warning_text: Color32,
    /// Pain and fail markers.
    pub danger: Color32,
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
            warning,
            warning_fill,
            warning_text,
            danger: color(shared.danger),
            shared,
        }
    }

    /// The strong hue of a lane kind: lane headers and card borders.
    pub fn lane_hue(&self, kind: &LaneKind) -> Color32 {
        // One table for the canvas and the exporters, so both agree.
        color(crate::scene::lane_hue(kind))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::colour::{AA_TEXT, contrast_ratio};

    #[test]
    fn the_editors_own_text_reads_at_aa_in_both_themes() {
        let mut failures = Vec::new();
        for dark in [false, true] {
            let palette = Palette::new(dark);
            for (what, text, fill) in [
                (
                    "misplaced lane's warning sign",
                    palette.text_on(palette.warning),
                    palette.warning,
                ),
                (
                    "dragged cards' count",
                    palette.text_on(palette.accent),
                    palette.accent,
                ),
                ("warning note", palette.warning_text, palette.warning_fill),
                ("note", palette.header_text, palette.header_fill),
            ] {
                let ratio = contrast_ratio(colour(text), colour(fill));
                if ratio < AA_TEXT {
                    failures.push(format!("dark {dark}, {what}: {ratio:.2}:1"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
