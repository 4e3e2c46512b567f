//! Cards on the system clipboard: RON text with a recognisable first line, so copies travel between windows.

use serde::{Deserialize, Serialize};

use crate::edit::{Command, ops};
use crate::limits::{MAX_CARDS, MAX_FILE_BYTES};
use crate::model::{Card, CardId, Connector, Document, LaneId, StepId};

/// The first line of clipboard text that holds Stagemap cards.
pub const HEADER: &str = "// Stagemap cards, format 1";

/// Cards and the connectors among them, as they travel on the clipboard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClipboardCards {
    /// The copied cards, in document order.
    pub cards: Vec<Card>,
    /// Connectors whose both ends are among the cards.
    #[serde(default)]
    pub connectors: Vec<Connector>,
}

impl ClipboardCards {
    /// The cards `ids` of `doc` with the connectors among them.
    pub fn copy(doc: &Document, ids: &[CardId]) -> Self {
        Self {
            cards: doc
                .cards
                .iter()
                .filter(|card| ids.contains(&card.id))
                .cloned()
                .collect(),
            connectors: doc
                .connectors
                .iter()
                .filter(|c| ids.contains(&c.from) && ids.contains(&c.to))
                .cloned()
                .collect(),
        }
    }

    /// The clipboard text: [`HEADER`], then the cards as RON.
    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        // Serialising plain data with string keys cannot fail.
        let body = ron::ser::to_string_pretty(self, config).unwrap_or_default();
        format!("{HEADER}\n{body}\n")
    }

    /// Reads clipboard text; `None` when it is not Stagemap cards (any other
    /// text, a damaged copy, or more cards than a map may hold).
    pub fn from_text(text: &str) -> Option<Self> {
        if text.len() as u64 > MAX_FILE_BYTES {
            return None;
        }
        let body = text.trim_start().strip_prefix(HEADER)?;
        let cards: Self = ron::from_str(body).ok()?;
        (!cards.cards.is_empty() && cards.cards.len() <= MAX_CARDS).then_some(cards)
    }

    /// The command that pastes the cards into `doc`, and the ids of the copies.
    ///
    /// With a `target` cell other than the first card's own, every copy goes
    /// there (the user clicked where the paste should land). Otherwise each
    /// card goes back to its own cell when `doc` has it (pasting in the same
    /// map), else to `target` or the first cell of `doc`. `None` when `doc`
    /// has no cell at all.
    pub fn paste_command(
        &self,
        doc: &Document,
        target: Option<(StepId, LaneId)>,
    ) -> Option<(Command, Vec<CardId>)> {
        let has_cell =
            |(step, lane): (StepId, LaneId)| doc.step(step).is_some() && doc.lane(lane).is_some();
        let first_cell = doc
            .columns()
            .next()
            .zip(doc.lanes.first())
            .map(|((_, step), lane)| (step.id, lane.id));
        let target = target.filter(|cell| has_cell(*cell));
        let default_cell = target.or(first_cell)?;
        let first_own = self.cards.first().map(|card| (card.step, card.lane));
        let all_to_target = target.is_some() && target != first_own;
        Some(ops::insert_copies(
            doc,
            "paste",
            &self.cards,
            &self.connectors,
            |card| {
                let own = (card.step, card.lane);
                if !all_to_target && has_cell(own) {
                    own
                } else {
                    default_cell
                }
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Session;
    use crate::model::{Direction, LaneKind};

    fn small_map() -> Session {
        let mut session = Session::opened(Document::new("Hotel"));
        session.run(|doc| ops::add_stage(doc, 0, "到达")).unwrap();
        session
            .run(|doc| ops::add_lane(doc, 0, "顾客行为", LaneKind::Customer))
            .unwrap();
        let (step, lane) = (
            session.doc().stages[0].steps[0].id,
            session.doc().lanes[0].id,
        );
        for title in ["办理入住", "Give bags"] {
            session
                .run(|doc| ops::add_card(doc, step, lane, usize::MAX, title).0)
                .unwrap();
        }
        let (a, b) = (session.doc().cards[0].id, session.doc().cards[1].id);
        session
            .run(|doc| ops::connect(doc, a, b, Direction::OneWay).unwrap())
            .unwrap();
        session
    }

    #[test]
    fn text_round_trips_with_connectors() {
        let session = small_map();
        let ids: Vec<CardId> = session.doc().cards.iter().map(|c| c.id).collect();
        let copied = ClipboardCards::copy(session.doc(), &ids);
        assert_eq!(copied.connectors.len(), 1);
        let text = copied.to_text();
        assert!(text.starts_with(HEADER));
        assert_eq!(ClipboardCards::from_text(&text), Some(copied));
    }

    #[test]
    fn other_text_is_not_cards() {
        assert_eq!(ClipboardCards::from_text("办理入住"), None);
        assert_eq!(ClipboardCards::from_text("(cards: [])"), None);
        assert_eq!(
            ClipboardCards::from_text(&format!("{HEADER}\n(cards: [")),
            None
        );
        assert_eq!(
            ClipboardCards::from_text(&format!("{HEADER}\n(cards: [])")),
            None
        );
    }

    #[test]
    fn paste_into_another_map_lands_in_its_first_cell() {
        let source = small_map();
        let first = source.doc().cards[0].id;
        let copied = ClipboardCards::copy(source.doc(), &[first]);

        let mut target = Session::opened(Document::new("Other"));
        assert!(copied.paste_command(target.doc(), None).is_none());
        target.run(|doc| ops::add_stage(doc, 0, "A")).unwrap();
        target.run(|doc| ops::add_stage(doc, 1, "B")).unwrap();
        for name in ["Gone", "Notes"] {
            target
                .run(|doc| ops::add_lane(doc, doc.lanes.len(), name, LaneKind::Note))
                .unwrap();
        }
        let gone = target.doc().lanes[0].id;
        target.execute(Command::RemoveLane(gone)).unwrap();
        // The card's step id exists in the target, its lane id no longer does.
        assert!(target.doc().lane(copied.cards[0].lane).is_none());
        let target_step = target.doc().stages[0].steps[0].id;
        let target_lane = target.doc().lanes[0].id;
        let (command, ids) = copied.paste_command(target.doc(), None).unwrap();
        target.execute(command).unwrap();
        let pasted = target.doc().card(ids[0]).unwrap();
        assert_eq!(pasted.title, "办理入住");
        assert_eq!((pasted.step, pasted.lane), (target_step, target_lane));
        assert_eq!(target.history().undo_label(), Some("paste"));
    }

    #[test]
    fn paste_with_a_target_cell_puts_every_copy_there() {
        let mut session = small_map();
        session.run(|doc| ops::add_stage(doc, 1, "入住")).unwrap();
        let target = (
            session.doc().stages[1].steps[0].id,
            session.doc().lanes[0].id,
        );
        let ids: Vec<CardId> = session.doc().cards.iter().map(|c| c.id).collect();
        let copied = ClipboardCards::copy(session.doc(), &ids);
        let (command, new_ids) = copied.paste_command(session.doc(), Some(target)).unwrap();
        session.execute(command).unwrap();
        for id in new_ids {
            let card = session.doc().card(id).unwrap();
            assert_eq!((card.step, card.lane), target);
        }
    }

    #[test]
    fn paste_in_the_same_map_copies_cards_and_connector() {
        let mut session = small_map();
        let ids: Vec<CardId> = session.doc().cards.iter().map(|c| c.id).collect();
        let copied = ClipboardCards::copy(session.doc(), &ids);
        let (command, new_ids) = copied.paste_command(session.doc(), None).unwrap();
        session.execute(command).unwrap();
        assert_eq!(session.doc().cards.len(), 4);
        assert_eq!(session.doc().connectors.len(), 2);
        assert!(new_ids.iter().all(|id| !ids.contains(id)));
        session.undo();
        assert_eq!(session.doc().cards.len(), 2);
    }
}
