//! The votes layer: a revealed round drawn on the map — each voted card
//! shaded by its share of the votes (the heat) and its count in a round badge
//! at its top right, tagged [`Shows::Votes`] so the canvas, the presentation
//! and every export draw the same.
//!
//! The count is set twice as large as a card title ([`VOTE_BADGE_FONT`]):
//! wherever titles meet the room's minimum letter size (a presentation's
//! shots are zoomed so they do), the counts are read from the back row too.

use crate::decisions::dots_per_card;
use crate::layout::{CARD_FONT, Layout, Point, Rect};
use crate::model::{Document, VotingRound};

use super::{Anchor, Colour, Item, Scene, SceneOptions, Shows, TextRun};

/// The size of a badge's count at 100 %, in points: twice a card title's.
pub const VOTE_BADGE_FONT: f32 = 2.0 * CARD_FONT;

/// The hue of the heat (Okabe–Ito orange), most opaque on the most-voted cards.
const HEAT: Colour = Colour::rgb(0xe6, 0x9f, 0x00);

/// The badge's fill: the dark text colour of the light theme, white on it.
const BADGE: Colour = Colour::rgb(0x14, 0x18, 0x1f);

impl Scene {
    /// Adds `round`'s votes over the cards of `layout` (the layout this scene
    /// was built from under `options`): the heat, then the badges, on top of
    /// everything. Cards without dots, or not laid out, get nothing.
    pub fn add_votes(
        &mut self,
        doc: &Document,
        layout: &Layout,
        options: &SceneOptions,
        round: &VotingRound,
    ) {
        let dots = dots_per_card(round);
        let most = dots.values().copied().max().unwrap_or(0).max(1);
        let origin = options.map_origin();
        let size = VOTE_BADGE_FONT * options.text_scale.get();
        for card in &doc.cards {
            let (Some(&count), Some(laid)) = (dots.get(&card.id), layout.card(card.id)) else {
                continue;
            };
            let rect = Rect {
                min: Point::new(laid.rect.min.x + origin.x, laid.rect.min.y + origin.y),
                max: Point::new(laid.rect.max.x + origin.x, laid.rect.max.y + origin.y),
            };
            let share = count as f32 / most as f32;
            let alpha = (40.0 + 110.0 * share).round() as u8;
            let radius = size * 0.8;
            let centre = Point::new(rect.max.x - radius * 0.4, rect.min.y + radius * 0.4);
            let shows = Shows::Votes(card.id);
            let items = [
                Item::Rect {
                    rect,
                    radius: 4.0,
                    fill: Some(Colour { a: alpha, ..HEAT }),
                    stroke: None,
                },
                Item::Circle {
                    center: centre,
                    radius,
                    fill: Some(BADGE),
                    stroke: Some(super::Stroke {
                        width: 2.0,
                        colour: Colour::WHITE,
                    }),
                },
                Item::Text(TextRun {
                    x: centre.x,
                    baseline: centre.y + size * 0.36,
                    size,
                    line_height: size,
                    colour: Colour::WHITE,
                    anchor: Anchor::Middle,
                    lines: vec![count.to_string()],
                }),
            ];
            for item in items {
                self.items.push(item);
                self.shows.push(shows);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ballot, Participant, ParticipantId, RoundId, Vote};
    use crate::scene::{TextMeasure, TextScale};

    /// The sample map with a closed round: two dots on the first card, one on the second.
    fn voted() -> (Document, VotingRound) {
        let doc = crate::samples::sample();
        let first = doc.cards[0].id;
        let second = doc.cards[1].id;
        let voter = |id| Participant {
            id: ParticipantId(id),
            name: String::new(),
            group: String::new(),
            colour: 0,
        };
        let round = VotingRound {
            id: RoundId(1),
            question: String::new(),
            ballot: Ballot::AllCards,
            participants: vec![voter(1), voter(2)],
            budget: 3,
            stacking: false,
            votes: vec![
                Vote {
                    participant: ParticipantId(1),
                    card: first,
                },
                Vote {
                    participant: ParticipantId(2),
                    card: first,
                },
                Vote {
                    participant: ParticipantId(2),
                    card: second,
                },
            ],
            closed: None,
        };
        (doc, round)
    }

    #[test]
    fn each_voted_card_gets_its_heat_and_its_count_on_top() {
        let (doc, round) = voted();
        let options = SceneOptions {
            text_scale: TextScale::new(1.5),
            ..SceneOptions::default()
        };
        let layout = Layout::compute(&doc, options.layout);
        let mut scene = Scene::of_layout(
            &doc,
            &layout,
            &options,
            &TextMeasure::bundled(),
            &mut super::super::PictureCache::default(),
        );
        let before = scene.items.len();
        scene.add_votes(&doc, &layout, &options, &round);
        assert_eq!(scene.items.len(), before + 6, "three items per voted card");
        let counts: Vec<(crate::model::CardId, String, f32)> = scene
            .tagged()
            .filter_map(|(shows, item)| match (shows, item) {
                (Shows::Votes(card), Item::Text(run)) => Some((card, run.lines.join(""), run.size)),
                _ => None,
            })
            .collect();
        assert_eq!(
            counts,
            [
                (doc.cards[0].id, "2".to_owned(), VOTE_BADGE_FONT * 1.5),
                (doc.cards[1].id, "1".to_owned(), VOTE_BADGE_FONT * 1.5),
            ]
        );
        // The most-voted card is shaded more deeply.
        let heat: Vec<u8> = scene
            .tagged()
            .filter_map(|(shows, item)| match (shows, item) {
                (
                    Shows::Votes(_),
                    Item::Rect {
                        fill: Some(fill), ..
                    },
                ) => Some(fill.a),
                _ => None,
            })
            .collect();
        assert!(heat[0] > heat[1], "{heat:?}");
        // The votes are on top of everything.
        assert!(
            scene.shows[before..]
                .iter()
                .all(|shows| matches!(shows, Shows::Votes(_)))
        );
    }

    #[test]
    fn an_export_draws_the_latest_revealed_round_and_no_open_one() {
        let (mut doc, mut round) = voted();
        let settings = crate::export::job::ExportSettings::default();
        let votes = |doc: &Document| {
            crate::export::job::scene(doc, &settings)
                .unwrap()
                .shows
                .iter()
                .filter(|shows| matches!(shows, Shows::Votes(_)))
                .count()
        };
        doc.decisions.rounds.push(round.clone());
        assert_eq!(votes(&doc), 0, "an open round's votes are hidden");
        round.closed = Some(jiff::Timestamp::UNIX_EPOCH);
        doc.decisions.rounds[0] = round;
        assert_eq!(votes(&doc), 6);
    }
}
