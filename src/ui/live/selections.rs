//! Other people's selections on the canvas: each card someone else selected
//! is outlined in their colour, with their name on a small tag over its top
//! edge. Drawn by the editor over the map (never in the display list, so no
//! export shows it), and named for assistive technology ("Selected by Ana").

use egui::accesskit::Role;
use egui::{Color32, FontId, Sense, Stroke, StrokeKind, WidgetInfo, vec2};

use crate::live::presence::Peer;
use crate::model::Document;
use crate::ui::canvas::CanvasState;
use crate::ui::i18n::tr_args;

use super::window::display_name;

/// Width of the outline, in points.
const OUTLINE: f32 = 3.0;

/// Size of the name on the tag, in points.
const TAG_POINTS: f32 = 11.0;

/// Outlines the cards each of `people` has selected, with their name.
pub fn paint_selections(ui: &egui::Ui, canvas: &CanvasState, doc: &Document, people: &[Peer]) {
    let painter = ui.painter();
    for peer in people {
        let [r, g, b] = peer.presence.rgb();
        let colour = Color32::from_rgb(r, g, b);
        let name = display_name(&peer.presence);
        let label = tr_args("live-selected-by", &[("name", &name)]);
        for &card in &peer.presence.selection {
            if doc.card(card).is_none() {
                continue;
            }
            let Some(rect) = canvas.card_on_screen(card) else {
                continue;
            };
            let outline = rect.expand(OUTLINE);
            painter.rect_stroke(
                outline,
                4.0,
                Stroke::new(OUTLINE, colour),
                StrokeKind::Outside,
            );
            let galley = painter.layout_no_wrap(
                name.clone(),
                FontId::proportional(TAG_POINTS),
                Color32::WHITE,
            );
            let tag = egui::Rect::from_min_size(
                outline.left_top() - vec2(0.0, galley.size().y + 4.0),
                galley.size() + vec2(8.0, 4.0),
            );
            painter.rect_filled(tag, 3.0, colour);
            painter.galley(tag.min + vec2(4.0, 2.0), galley, Color32::WHITE);
            let response = ui.interact(
                outline,
                ui.scope_id()
                    .with(("live selection", peer.client_id, card.0)),
                Sense::hover(),
            );
            response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &label));
        }
    }
}
