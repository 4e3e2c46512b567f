//! Commands that move several cards at once: a drop on a cell, or a step by the arrow keys.
//!
//! Card positions are indices into the document's card list, so each move is
//! planned on a scratch copy that has already seen the moves before it.

use super::{Command, ops};
use crate::layout::LayerPreset;
use crate::model::{CardId, Document, LaneId, StepId};

/// Where a card goes within its target cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    /// Just before this card.
    Before(CardId),
    /// Just after this card.
    After(CardId),
    /// After the last card of the cell.
    End,
}

/// Plans moves on a scratch copy of the document and collects them.
struct Plan {
    scratch: Document,
    commands: Vec<Command>,
}

impl Plan {
    fn new(doc: &Document) -> Self {
        Self {
            scratch: doc.clone(),
            commands: Vec::new(),
        }
    }

    fn place(&mut self, id: CardId, step: StepId, lane: LaneId, anchor: Anchor) {
        let Some(from) = self.scratch.card_index(id) else {
            return;
        };
        let index_without = |anchor_id: CardId| {
            let at = self.scratch.card_index(anchor_id)?;
            Some(if at > from { at - 1 } else { at })
        };
        let index = match anchor {
            Anchor::Before(other) => index_without(other),
            Anchor::After(other) => index_without(other).map(|at| at + 1),
            Anchor::End => Some(ops::card_index_for_cell(
                &self.scratch,
                step,
                lane,
                usize::MAX,
                Some(id),
            )),
        };
        let Some(index) = index else {
            return;
        };
        let card = &self.scratch.cards[from];
        if card.step == step && card.lane == lane && index == from {
            return;
        }
        let command = Command::MoveCard {
            id,
            step,
            lane,
            index,
        };
        if command.clone().apply(&mut self.scratch).is_ok() {
            self.commands.push(command);
        }
    }

    fn finish(self, count: usize) -> Option<Command> {
        if self.commands.is_empty() {
            return None;
        }
        Some(Command::Batch {
            label: if count == 1 {
                "move-card"
            } else {
                "move-cards"
            },
            commands: self.commands,
        })
    }
}

/// Drops `cards` (which include `grabbed`) on a cell at `slot`, counted without the moving cards.
///
/// The cards that sit in the grabbed card's cell land together at the slot,
/// in their document order; cards from other cells move by the same column
/// and lane step as the grabbed card (clamped to the map) and go last in their
/// new cell. Returns `None` when nothing would change.
pub fn drop_cards(
    doc: &Document,
    layers: LayerPreset,
    grabbed: CardId,
    cards: &[CardId],
    target: (StepId, LaneId),
    slot: usize,
) -> Option<Command> {
    let grid = Grid::new(doc, layers);
    let grabbed_card = doc.card(grabbed)?;
    let from_cell = grid.position(grabbed_card.step, grabbed_card.lane)?;
    let to_cell = grid.position(target.0, target.1)?;
    let delta = (
        to_cell.0 as isize - from_cell.0 as isize,
        to_cell.1 as isize - from_cell.1 as isize,
    );
    let moving: Vec<&crate::model::Card> = doc
        .cards
        .iter()
        .filter(|card| cards.contains(&card.id))
        .collect();
    let staying_in_target: Vec<CardId> = doc
        .cards_in_cell(target.0, target.1)
        .filter(|card| !cards.contains(&card.id))
        .map(|card| card.id)
        .collect();

    let mut plan = Plan::new(doc);
    let mut previous: Option<CardId> = None;
    for card in moving
        .iter()
        .filter(|card| card.step == grabbed_card.step && card.lane == grabbed_card.lane)
    {
        let anchor = match previous {
            Some(previous) => Anchor::After(previous),
            None => staying_in_target
                .get(slot)
                .map_or(Anchor::End, |&next| Anchor::Before(next)),
        };
        plan.place(card.id, target.0, target.1, anchor);
        previous = Some(card.id);
    }
    for card in moving
        .iter()
        .filter(|card| card.step != grabbed_card.step || card.lane != grabbed_card.lane)
    {
        if let Some((step, lane)) = grid.shifted(card.step, card.lane, delta) {
            plan.place(card.id, step, lane, Anchor::End);
        }
    }
    plan.finish(moving.len())
}

/// Moves `cards` by `dx` columns and `dy` shown lanes, clamped to the map;
/// each goes last in its new cell. Returns `None` when nothing would change.
pub fn shift_cards(
    doc: &Document,
    layers: LayerPreset,
    cards: &[CardId],
    dx: isize,
    dy: isize,
) -> Option<Command> {
    let grid = Grid::new(doc, layers);
    let mut plan = Plan::new(doc);
    let mut count = 0;
    for card in doc.cards.iter().filter(|card| cards.contains(&card.id)) {
        let Some((step, lane)) = grid.shifted(card.step, card.lane, (dx, dy)) else {
            continue;
        };
        if (step, lane) != (card.step, card.lane) {
            plan.place(card.id, step, lane, Anchor::End);
            count += 1;
        }
    }
    plan.finish(count)
}

/// The columns and shown lanes of a document, for stepping between cells.
struct Grid {
    steps: Vec<StepId>,
    lanes: Vec<LaneId>,
}

impl Grid {
    fn new(doc: &Document, layers: LayerPreset) -> Self {
        Self {
            steps: doc.columns().map(|(_, step)| step.id).collect(),
            lanes: doc
                .lanes
                .iter()
                .filter(|lane| layers.shows(&lane.kind))
                .map(|lane| lane.id)
                .collect(),
        }
    }

    fn position(&self, step: StepId, lane: LaneId) -> Option<(usize, usize)> {
        Some((
            self.steps.iter().position(|s| *s == step)?,
            self.lanes.iter().position(|l| *l == lane)?,
        ))
    }

    fn shifted(
        &self,
        step: StepId,
        lane: LaneId,
        delta: (isize, isize),
    ) -> Option<(StepId, LaneId)> {
        let (column, row) = self.position(step, lane)?;
        let clamp = |at: usize, by: isize, len: usize| {
            at.saturating_add_signed(by).min(len.saturating_sub(1))
        };
        Some((
            self.steps[clamp(column, delta.0, self.steps.len())],
            self.lanes[clamp(row, delta.1, self.lanes.len())],
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Session;
    use crate::generate::generated_map;

    fn titles_in(doc: &Document, step: StepId, lane: LaneId) -> Vec<CardId> {
        doc.cards_in_cell(step, lane).map(|card| card.id).collect()
    }

    #[test]
    fn a_card_dropped_in_its_own_cell_changes_place() {
        let mut session = Session::opened(generated_map(2, 2, 3, 0));
        let doc = session.doc().clone();
        let (step, lane) = (doc.stages[0].steps[0].id, doc.lanes[0].id);
        let [a, b, c] = titles_in(&doc, step, lane)[..] else {
            panic!("three cards");
        };
        // Drop the first card last.
        let command = drop_cards(&doc, LayerPreset::All, a, &[a], (step, lane), 2).unwrap();
        session.execute(command).unwrap();
        assert_eq!(titles_in(session.doc(), step, lane), vec![b, c, a]);
        // Dropping it where it is changes nothing.
        let doc = session.doc().clone();
        assert_eq!(
            drop_cards(&doc, LayerPreset::All, a, &[a], (step, lane), 2),
            None
        );
    }

    #[test]
    fn cards_from_one_cell_land_together() {
        let mut session = Session::opened(generated_map(2, 2, 3, 0));
        let doc = session.doc().clone();
        let (from_step, lane) = (doc.stages[0].steps[0].id, doc.lanes[0].id);
        let to_step = doc.stages[1].steps[0].id;
        let source = titles_in(&doc, from_step, lane);
        let target = titles_in(&doc, to_step, lane);
        let moving = [source[0], source[2]];
        let command = drop_cards(
            &doc,
            LayerPreset::All,
            source[2],
            &moving,
            (to_step, lane),
            1,
        )
        .unwrap();
        session.execute(command).unwrap();
        assert_eq!(
            titles_in(session.doc(), to_step, lane),
            vec![target[0], source[0], source[2], target[1], target[2]]
        );
        assert_eq!(titles_in(session.doc(), from_step, lane), vec![source[1]]);
        session.undo();
        assert_eq!(session.doc(), &doc);
    }

    #[test]
    fn cards_from_other_cells_follow_the_grabbed_card() {
        let mut session = Session::opened(generated_map(3, 2, 1, 0));
        let doc = session.doc().clone();
        let steps: Vec<StepId> = doc.columns().map(|(_, s)| s.id).collect();
        let lanes: Vec<LaneId> = doc.lanes.iter().map(|l| l.id).collect();
        let a = titles_in(&doc, steps[0], lanes[0])[0];
        let b = titles_in(&doc, steps[1], lanes[0])[0];
        // Grab a, drop one lane down: b follows one lane down as well.
        let command =
            drop_cards(&doc, LayerPreset::All, a, &[a, b], (steps[0], lanes[1]), 0).unwrap();
        session.execute(command).unwrap();
        let moved = |id| {
            let card = session.doc().card(id).unwrap();
            (card.step, card.lane)
        };
        assert_eq!(moved(a), (steps[0], lanes[1]));
        assert_eq!(moved(b), (steps[1], lanes[1]));
    }

    #[test]
    fn arrow_steps_clamp_to_the_map_and_skip_hidden_lanes() {
        let doc = generated_map(2, 6, 1, 0);
        // Lanes: evidence, customer, touchpoint, front-stage, back-stage, support.
        let steps: Vec<StepId> = doc.columns().map(|(_, s)| s.id).collect();
        let front = doc.lanes[3].id;
        let card = titles_in(&doc, steps[1], front)[0];
        // Right of the last column: nothing to do.
        assert_eq!(shift_cards(&doc, LayerPreset::All, &[card], 1, 0), None);
        // Down from front-stage with back-stage and support hidden: nowhere to go.
        assert_eq!(
            shift_cards(&doc, LayerPreset::FrontstageOnly, &[card], 0, 1),
            None
        );
        let mut session = Session::opened(doc.clone());
        session
            .execute(shift_cards(&doc, LayerPreset::All, &[card], -1, 1).unwrap())
            .unwrap();
        let moved = session.doc().card(card).unwrap();
        assert_eq!((moved.step, moved.lane), (steps[0], doc.lanes[4].id));
        // Last in its new cell.
        assert_eq!(
            titles_in(session.doc(), steps[0], doc.lanes[4].id).last(),
            Some(&card)
        );
    }
}
