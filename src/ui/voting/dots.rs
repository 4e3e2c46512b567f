//! Dots over the map: while a round is open only the voter's own dots (their
//! colour and initial), drawn here; once revealed, each card's count and heat
//! come with the display list, and are named here. Each shows to assistive
//! technology (and tests) by name.

use egui::{Id, Sense, WidgetInfo, accesskit::Role};

use crate::decisions::dots_per_card;
use crate::model::{Document, Participant, VotingRound};
use crate::ui::canvas::CanvasState;
use crate::ui::i18n::{self, tr_args};

use super::facilitator::paint_dot;

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
        // Large enough to see from the room, over the card's top edge.
        let radius = (rect.height() * 0.3).clamp(9.0, 16.0);
        let painter = ui.painter().with_clip_rect(ui.clip_rect());
        for index in 0..count {
            let centre = egui::pos2(
                rect.right() - radius * (1.0 + 2.1 * index as f32),
                rect.top(),
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

/// Names each voted card's count for assistive technology; the display list
/// draws the counts and the heat ([`crate::scene::votes`]).
pub fn name_revealed(ui: &egui::Ui, canvas: &CanvasState, doc: &Document, round: &VotingRound) {
    let dots = dots_per_card(round);
    for card in &doc.cards {
        let Some(&count) = dots.get(&card.id) else {
            continue;
        };
        let Some(rect) = canvas.card_on_screen(card.id) else {
            continue;
        };
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
