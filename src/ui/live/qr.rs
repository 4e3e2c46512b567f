//! A QR code of the room's link, drawn as egui rectangles (dark modules on a
//! white square with the quiet zone the standard asks for), so a phone or a
//! laptop's camera can read it off the screen or the projector.

use egui::accesskit::Role;
use egui::{Color32, Rect, Sense, Vec2, WidgetInfo, pos2, vec2};
use qrcode::{Color, QrCode};

use crate::ui::i18n::tr;

/// Modules of light margin around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// The modules of `text`'s QR code, row by row (`true` dark), and its width;
/// `None` when the text is too long for a QR code.
pub fn modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|colour| colour == Color::Dark)
        .collect();
    Some((dark, code.width()))
}

/// Draws `text` as a QR code `side` points wide, named "QR code" for
/// assistive technology; says so in words when the text does not fit one.
pub fn qr_code_ui(ui: &mut egui::Ui, text: &str, side: f32) {
    // Encoded once per link, not each frame (a room repaints every 30 ms).
    let id = ui.make_persistent_id(("room-qr", text));
    let encoded = ui.data_mut(|data| {
        data.get_temp_mut_or_insert_with(id, || std::sync::Arc::new(modules(text)))
            .clone()
    });
    let Some((dark, width)) = encoded.as_ref() else {
        ui.label(tr("live-qr-too-long"));
        return;
    };
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
    let label = tr("live-qr-code");
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &label));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let width = *width;
    let cells = (width + 2 * QUIET_ZONE) as f32;
    let module = side / cells;
    for (index, _) in dark.iter().enumerate().filter(|(_, dark)| **dark) {
        let (row, column) = (index / width, index % width);
        let min = rect.min
            + vec2(
                (column + QUIET_ZONE) as f32 * module,
                (row + QUIET_ZONE) as f32 * module,
            );
        // A hair wider than a module, so no seams show between neighbours.
        let module_rect = Rect::from_min_max(min, pos2(min.x + module + 0.3, min.y + module + 0.3));
        painter.rect_filled(module_rect, 0.0, Color32::BLACK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_makes_a_square_code_with_its_finder_patterns() {
        let (dark, width) = modules("ws://192.168.1.20:4455/Hotel%20stay?token=7KQ4M2XD").unwrap();
        assert_eq!(dark.len(), width * width);
        // The top-left finder pattern: a dark 7×7 ring around a light ring.
        for i in 0..7 {
            assert!(dark[i], "top row {i}");
            assert!(dark[i * width], "left column {i}");
        }
        assert!(!dark[width + 1]);
        assert!(dark[3 * width + 3], "the finder's centre");
    }

    #[test]
    fn text_too_long_for_a_code_is_said() {
        assert!(modules(&"x".repeat(5000)).is_none());
    }
}
