//! Dots drawn over the map: while a round is open only the voter's own dots
//! (their colour and initial); once revealed each card's count, in a badge
//! readable from the back of the room, and a heat shade by votes. Each shows
//! to assistive technology (and tests) by name.

use egui::{Color32, Id, Sense, WidgetInfo, accesskit::Role};

use crate::decisions::dots_per_card;
use crate::model::{Document, Participant, VotingRound};
use crate::ui::canvas::CanvasState;
use crate::ui::i18n::{self, tr_args};

use super::facilitator::paint_dot;

/// The shade of the most-voted cards (orange, about half opaque).
const HEAT: Color32 = Color32::from_rgba_premultiplied(120, 60, 0, 120);

/// A card's title as a dot's name says it.
fn card_title(doc: &Document, card: crate::model::CardId) -> String {
    doc.card(card)
        .map(|card| card.title.trim().to_owned())
        .unwrap_or_default()
}

/// Names a spot of the map for assistive technology.
fn name_spot(ui: &egui::Ui, id: Id, rect: egui::Rect, label: &str) {
    let response = ui.interact(rect, id, Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, label));
}

/// The voter's dots on the cards in view, in a row along each card's top edge.
pub fn paint_own_dots(
    ui: &egui::Ui,
    canvas: &CanvasState,
    doc: &Document,
    round: &VotingRound,
    voter: &Participant,
) {
    let language = i18n::current();
    let name = crate::decisions::participant_name(round, voter.id, language);
    let mine = round
        .votes
        .iter()
        .filter(|vote| vote.participant == voter.id);
    let mut counts: Vec<(crate::model::CardId, usize)> = Vec::new();
    for vote in mine {
        match counts.iter_mut().find(|(card, _)| *card == vote.card) {
            Some((_, count)) => *count += 1,
            None => counts.push((vote.card, 1)),
        }
    }
    for (card, count) in counts {
        let Some(rect) = canvas.card_on_screen(card) else {
            continue;
        };
        let radius = (rect.height() * 0.16).clamp(5.0, 14.0);
        let painter = ui.painter_at(rect);
        for index in 0..count {
            let centre = egui::pos2(
                rect.right() - radius * (1.2 + 2.2 * index as f32),
                rect.top() + radius * 1.2,
            );
            paint_dot(&painter, centre, radius, voter);
        }
        let label = tr_args(
            super::one_or_many(count, "voting-dots-of-one", "voting-dots-of"),
            &[
                ("name", &name),
                ("count", &count.to_string()),
                ("card", &card_title(doc, card)),
            ],
        );
        name_spot(ui, ui.scope_id().with(("own dots", card.0)), rect, &label);
    }
}

/// Every voted card's count in a round badge at its top right, at least
/// `min_text` points tall (the room's smallest readable letters), over a
/// shade that deepens with the votes.
pub fn paint_revealed(
    ui: &egui::Ui,
    canvas: &CanvasState,
    doc: &Document,
    round: &VotingRound,
    min_text: f32,
) {
    let dots = dots_per_card(round);
    let most = dots.values().copied().max().unwrap_or(0).max(1);
    for card in &doc.cards {
        let Some(&count) = dots.get(&card.id) else {
            continue;
        };
        let Some(rect) = canvas.card_on_screen(card.id) else {
            continue;
        };
        let painter = ui.painter().with_clip_rect(canvas_clip(ui, rect));
        let share = count as f32 / most as f32;
        painter.rect_filled(rect, 4.0, HEAT.gamma_multiply(0.25 + 0.75 * share));
        // The badge grows with the zoom, never below the room's minimum.
        let text = (rect.height() * 0.35).max(min_text);
        let radius = text * 0.8;
        let centre = egui::pos2(rect.right() - radius * 0.6, rect.top() + radius * 0.6);
        painter.circle(
            centre,
            radius,
            Color32::from_rgb(0x14, 0x18, 0x1f),
            egui::Stroke::new(2.0, Color32::WHITE),
        );
        painter.text(
            centre,
            egui::Align2::CENTER_CENTER,
            count.to_string(),
            egui::FontId::proportional(text),
            Color32::WHITE,
        );
        let label = tr_args(
            super::one_or_many(count, "voting-count-on-one", "voting-count-on"),
            &[("count", &count.to_string()), ("card", card.title.trim())],
        );
        name_spot(
            ui,
            ui.scope_id().with(("revealed dots", card.id.0)),
            rect,
            &label,
        );
    }
}

/// Where a badge may be drawn: over its card and what is around it, inside the canvas.
fn canvas_clip(ui: &egui::Ui, card: egui::Rect) -> egui::Rect {
    ui.clip_rect().intersect(card.expand(card.height()))
}
