//! View → Readability check…: says in words whether the back row of the room reads the card titles at the canvas' zoom on this screen, and edits the room's two figures (also in the preferences).

use crate::presentation::Room;
use crate::presentation::room::Readability;

use super::i18n::{tr, tr_args};

/// The figures of the check for card titles of `title_points` (at 100 % the card font,
/// [`crate::layout::CARD_FONT`], times the zoom) on a screen `screen_points` wide with
/// `pixels_per_point` physical pixels per point.
pub fn judge_titles(
    room: Room,
    title_points: f32,
    screen_points: f32,
    pixels_per_point: f32,
) -> Readability {
    let title_px = title_points * pixels_per_point;
    let window_px = screen_points * pixels_per_point;
    room.clamped().judge(title_px, window_px)
}

/// A length in metres as the check writes it: one decimal, none when whole ("2.9", "3").
fn metres(value: f32) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The verdict in words: "At this zoom card titles are 9 px, 12 mm on a 2.5 m image: readable
/// up to 2.9 m. The back row at 8 m needs 25 px: present stage by stage."
pub fn verdict_text(verdict: &Readability) -> String {
    let sizes = tr_args(
        "readability-sizes",
        &[
            ("px", &format!("{:.0}", verdict.text_px)),
            ("mm", &format!("{:.0}", verdict.text_mm)),
            ("image", &metres(verdict.room.image_width_m)),
            ("reach", &metres(verdict.readable_up_to_m)),
        ],
    );
    let needed = format!("{:.0}", verdict.needed_px.ceil());
    let distance = metres(verdict.room.distance_m);
    let advice = if verdict.is_readable() {
        tr_args(
            "readability-fine",
            &[("distance", &distance), ("needed", &needed)],
        )
    } else {
        tr_args(
            "readability-too-small",
            &[("distance", &distance), ("needed", &needed)],
        )
    };
    format!("{sizes} {advice}")
}

/// The room's two figures as editable fields; returns `true` when one changed (the room is
/// then brought into range).
pub fn room_fields_ui(ui: &mut egui::Ui, room: &mut Room) -> bool {
    let mut changed = false;
    let range = Room::RANGE_M;
    egui::Grid::new(ui.next_auto_id())
        .num_columns(2)
        .show(ui, |ui| {
            for (key, value) in [
                ("readability-distance", &mut room.distance_m),
                ("readability-image-width", &mut room.image_width_m),
            ] {
                let label = ui.label(tr(key));
                changed |= ui
                    .add(
                        egui::DragValue::new(value)
                            .range(range.clone())
                            .speed(0.1)
                            .max_decimals(1)
                            .suffix(tr("readability-metres-suffix")),
                    )
                    .labelled_by(label.id)
                    .changed();
                ui.end_row();
            }
        });
    if changed {
        *room = room.clamped();
    }
    changed
}

/// The readability check window, while `open`, for card titles set `title_points` large on
/// the canvas.
pub fn readability_ui(ctx: &egui::Context, open: &mut bool, room: &mut Room, title_points: f32) {
    let mut keep_open = *open;
    let screen_points = ctx
        .input(|input| input.viewport().monitor_size)
        .map_or_else(|| ctx.content_rect().width(), |size| size.x);
    egui::Window::new(tr("readability-title"))
        .id(egui::Id::unique("readability check"))
        .open(&mut keep_open)
        .collapsible(false)
        .resizable(false)
        .default_width(380.0)
        .show(ctx, |ui| {
            let verdict = judge_titles(*room, title_points, screen_points, ctx.pixels_per_point());
            ui.add(egui::Label::new(verdict_text(&verdict)).wrap());
            ui.add_space(6.0);
            ui.label(egui::RichText::new(tr("readability-room")).strong());
            room_fields_ui(ui, room);
            ui.add_space(6.0);
            if ui.button(tr("button-close")).clicked() {
                *open = false;
            }
        });
    *open &= keep_open;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::CARD_FONT;
    use crate::ui::i18n::{Language, set_current};

    #[test]
    fn nine_pixel_titles_on_a_1080p_projector_are_too_small_for_8_m() {
        set_current(Language::English);
        let verdict = judge_titles(Room::default(), 9.0, 1920.0, 1.0);
        assert_eq!(
            verdict_text(&verdict),
            "At this zoom card titles are 9 px, 12 mm on a 2.5 m image: readable up to 2.9 m. \
             The back row at 8 m needs 25 px: present stage by stage."
        );
        // On a 2× screen the same zoom doubles the pixels and the window's width alike.
        let sharp = judge_titles(Room::default(), 9.0, 1920.0, 2.0);
        assert!((sharp.text_mm - verdict.text_mm).abs() < 1e-3);
        set_current(Language::TraditionalChinese);
        let fine = judge_titles(Room::default(), 2.0 * CARD_FONT, 1920.0, 1.0);
        let text = verdict_text(&fine);
        assert!(
            text.contains("26 像素") && text.contains("34 公釐"),
            "{text}"
        );
        set_current(Language::English);
    }
}
