//! Cards as clipboard text, and pasted text read as untrusted input: the same limits and checks as a map file.
//!
//! Copied cards travel as RON text with a recognisable first line
//! ([`HEADER`]), so a copy made in one window pastes in another. Whatever
//! text is pasted is checked before anything changes ([`paste`]): its size,
//! the number of cards, every text field's length, numbers that are numbers,
//! emotion scores on the map's scale, colours, and connectors between the
//! pasted cards only. What passes gives cards that pass [`crate::check`] in
//! the map they are pasted into; anything else is refused with a reason.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::edit::{Command, is_hex_colour, ops};
use crate::limits::{self, MAX_CARDS, MAX_FILE_BYTES, MAX_ITEMS, TextTooLong};
use crate::model::{Card, CardId, Connector, ConnectorId, Document, EmotionScale, LaneId, StepId};

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
    /// The emotion scale of the map the cards were copied from; pasted into
    /// a map of another scale, scores move to the same place on its scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion_scale: Option<EmotionScale>,
}

/// Why pasted text gives no cards.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PasteRefusal {
    /// The text is not Stagemap cards (any other text).
    #[error("the clipboard holds no Stagemap cards")]
    NotCards,
    /// The text is larger than a map file may be.
    #[error("the clipboard text is {bytes} bytes, more than the {MAX_FILE_BYTES} a map may be")]
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// The text starts as cards but cannot be read.
    #[error("the copied cards are damaged at line {line}, column {column}: {message}")]
    Damaged {
        /// 1-based line of the text.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the reader expected.
        message: String,
    },
    /// The text holds no card.
    #[error("the copied text holds no cards")]
    NoCards,
    /// More cards or connectors than a map may hold, copied or after pasting.
    #[error("pasting would make {count} {what}, more than the {limit} a map may hold")]
    TooMany {
        /// "cards" or "connectors".
        what: &'static str,
        /// How many there would be.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A text field is longer than a map allows.
    #[error("{0}, more than the {max} a text may hold", max = limits::MAX_TEXT_CHARS)]
    TextTooLong(#[from] TextTooLong),
    /// Two copied cards share an id, so connectors between them are ambiguous.
    #[error("two copied cards have the id {0}")]
    DuplicateCard(CardId),
    /// A connector ends at a card that was not copied.
    #[error("connector {connector} ends at card {card}, which is not among the copied cards")]
    DanglingConnector {
        /// The connector.
        connector: ConnectorId,
        /// The card it names.
        card: CardId,
    },
    /// A score is not a number (NaN or infinite).
    #[error("the {field} of copied card {card} is not a number")]
    NotANumber {
        /// The card.
        card: CardId,
        /// "emotion", "NPS" …
        field: &'static str,
    },
    /// The scale the cards were copied with is not usable.
    #[error(
        "the emotion scale of the copied cards is not usable (it needs min < max and the neutral value between them)"
    )]
    BadScale,
    /// An emotion score is off the scale of the map pasted into.
    #[error("copied card {card} has the emotion {score}, outside this map's scale {min}..{max}")]
    OffScale {
        /// The card.
        card: CardId,
        /// The score, on this map's scale.
        score: f64,
        /// This map's lowest score.
        min: f64,
        /// This map's highest score.
        max: f64,
    },
    /// A colour is not `#rrggbb`.
    #[error("copied card {card} has the colour \"{colour}\", not #rrggbb")]
    BadColour {
        /// The card.
        card: CardId,
        /// The colour as written.
        colour: String,
    },
    /// The map has no cell to paste into.
    #[error("the map has no stage and lane to paste into")]
    NoCell,
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
            emotion_scale: Some(doc.meta.emotion_scale),
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

    /// Reads clipboard text and checks what does not depend on the map it
    /// goes into: size, card count, text lengths, numbers, colours, the
    /// scale, and that connectors join copied cards only.
    pub fn from_text(text: &str) -> Result<Self, PasteRefusal> {
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(PasteRefusal::TooLarge { bytes: text.len() });
        }
        let body = text
            .trim_start()
            .strip_prefix(HEADER)
            .ok_or(PasteRefusal::NotCards)?;
        let cards: Self = ron::from_str(body).map_err(|error| PasteRefusal::Damaged {
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        })?;
        cards.validate()?;
        Ok(cards)
    }

    fn validate(&self) -> Result<(), PasteRefusal> {
        if self.cards.is_empty() {
            return Err(PasteRefusal::NoCards);
        }
        for (what, count, limit) in [
            ("cards", self.cards.len(), MAX_CARDS),
            ("connectors", self.connectors.len(), MAX_ITEMS),
        ] {
            if count > limit {
                return Err(PasteRefusal::TooMany { what, count, limit });
            }
        }
        let connector_labels = self.connectors.iter().map(|connector| limits::TextField {
            owner: limits::TextOwner::Connector(connector.id),
            name: "label",
            text: &connector.label,
        });
        let texts = self
            .cards
            .iter()
            .flat_map(limits::card_text_fields)
            .chain(connector_labels);
        if let Some(too_long) = limits::first_text_too_long(texts) {
            return Err(too_long.into());
        }
        if self.emotion_scale.is_some_and(|scale| !scale.is_valid()) {
            return Err(PasteRefusal::BadScale);
        }
        let mut ids = HashSet::with_capacity(self.cards.len());
        for card in &self.cards {
            if !ids.insert(card.id) {
                return Err(PasteRefusal::DuplicateCard(card.id));
            }
            for (field, value) in [
                ("emotion", card.emotion),
                ("to-be emotion", card.emotion_to_be),
                ("NPS", card.nps),
                ("CSAT", card.csat),
                ("CES", card.ces),
            ] {
                if value.is_some_and(|value| !value.is_finite()) {
                    return Err(PasteRefusal::NotANumber {
                        card: card.id,
                        field,
                    });
                }
            }
            if let Some(colour) = card.colour.as_ref().filter(|c| !is_hex_colour(c)) {
                return Err(PasteRefusal::BadColour {
                    card: card.id,
                    colour: colour.clone(),
                });
            }
        }
        for connector in &self.connectors {
            for card in [connector.from, connector.to] {
                if !ids.contains(&card) {
                    return Err(PasteRefusal::DanglingConnector {
                        connector: connector.id,
                        card,
                    });
                }
            }
        }
        Ok(())
    }

    /// The command that pastes the cards into `doc`, and the ids of the copies.
    ///
    /// With a `target` cell other than the first card's own, every copy goes
    /// there (the user clicked where the paste should land). Otherwise each
    /// card goes back to its own cell when `doc` has it (pasting in the same
    /// map), else to `target` or the first cell of `doc`. Scores copied from
    /// a map of another emotion scale move to the same place on `doc`'s.
    /// Refused when `doc` has no cell, when it would hold too many cards or
    /// connectors, or when a score is off its scale.
    pub fn paste_command(
        &self,
        doc: &Document,
        target: Option<(StepId, LaneId)>,
    ) -> Result<(Command, Vec<CardId>), PasteRefusal> {
        let has_cell =
            |(step, lane): (StepId, LaneId)| doc.step(step).is_some() && doc.lane(lane).is_some();
        let first_cell = doc
            .columns()
            .next()
            .zip(doc.lanes.first())
            .map(|((_, step), lane)| (step.id, lane.id));
        let target = target.filter(|cell| has_cell(*cell));
        let default_cell = target.or(first_cell).ok_or(PasteRefusal::NoCell)?;
        for (what, count, limit) in [
            ("cards", doc.cards.len() + self.cards.len(), MAX_CARDS),
            (
                "connectors",
                doc.connectors.len() + self.connectors.len(),
                MAX_ITEMS,
            ),
        ] {
            if count > limit {
                return Err(PasteRefusal::TooMany { what, count, limit });
            }
        }
        let cards = self.cards_on_scale(doc.meta.emotion_scale)?;
        let first_own = cards.first().map(|card| (card.step, card.lane));
        let all_to_target = target.is_some() && target != first_own;
        Ok(ops::insert_copies(
            doc,
            "paste",
            &cards,
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

    /// The cards with their scores on `scale`: moved there from the scale
    /// they were copied with, and each one on it.
    fn cards_on_scale(&self, scale: EmotionScale) -> Result<Vec<Card>, PasteRefusal> {
        let source = self
            .emotion_scale
            .filter(|source| *source != scale && scale.is_valid());
        let mut cards = self.cards.clone();
        for card in &mut cards {
            for score in [&mut card.emotion, &mut card.emotion_to_be]
                .into_iter()
                .flatten()
            {
                if let Some(source) = source {
                    let on_source = source.contains(*score);
                    *score = source.convert(*score, &scale);
                    // Rounding never takes a score that was on its scale off this one.
                    if on_source {
                        *score = score.clamp(scale.min, scale.max);
                    }
                }
                if scale.is_valid() && !scale.contains(*score) {
                    return Err(PasteRefusal::OffScale {
                        card: card.id,
                        score: *score,
                        min: scale.min,
                        max: scale.max,
                    });
                }
            }
        }
        Ok(cards)
    }
}

/// Reads pasted `text` and builds the command that pastes its cards into
/// `doc` ([`ClipboardCards::from_text`], then
/// [`ClipboardCards::paste_command`]): the command and the ids of the
/// copies, or why nothing can be pasted.
pub fn paste(
    text: &str,
    doc: &Document,
    target: Option<(StepId, LaneId)>,
) -> Result<(Command, Vec<CardId>), PasteRefusal> {
    ClipboardCards::from_text(text)?.paste_command(doc, target)
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
        assert_eq!(ClipboardCards::from_text(&text), Ok(copied));
    }

    #[test]
    fn other_text_is_not_cards() {
        assert_eq!(
            ClipboardCards::from_text("办理入住"),
            Err(PasteRefusal::NotCards)
        );
        assert_eq!(
            ClipboardCards::from_text("(cards: [])"),
            Err(PasteRefusal::NotCards)
        );
        assert!(matches!(
            ClipboardCards::from_text(&format!("{HEADER}\n(cards: [")),
            Err(PasteRefusal::Damaged { line: 2, .. })
        ));
        assert_eq!(
            ClipboardCards::from_text(&format!("{HEADER}\n(cards: [])")),
            Err(PasteRefusal::NoCards)
        );
    }

    #[test]
    fn paste_into_another_map_lands_in_its_first_cell() {
        let source = small_map();
        let first = source.doc().cards[0].id;
        let copied = ClipboardCards::copy(source.doc(), &[first]);

        let mut target = Session::opened(Document::new("Other"));
        assert_eq!(
            copied.paste_command(target.doc(), None).map(|_| ()),
            Err(PasteRefusal::NoCell)
        );
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
