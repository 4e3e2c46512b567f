//! Builds commands from what a user means: "add a card in this cell", "delete
//! this stage and everything in it". Every function here only reads the
//! document; the returned command is executed through a [`super::History`].

use crate::model::{
    Card, CardId, Connector, Direction, Document, EmotionScale, Lane, LaneId, LaneKind, Persona,
    Stage, StageId, Step, StepId,
};

use super::{CardField, Command, EditError};

/// Adds a stage at `index` with one step named like the stage.
pub fn add_stage(doc: &Document, index: usize, name: &str) -> Command {
    Command::InsertStage {
        index,
        stage: Stage {
            id: doc.next_stage_id(),
            name: name.to_owned(),
            steps: vec![Step {
                id: doc.next_step_id(),
                name: name.to_owned(),
            }],
        },
    }
}

/// Adds an empty step at `index` in a stage.
pub fn add_step(doc: &Document, stage: StageId, index: usize, name: &str) -> Command {
    Command::InsertStep {
        stage,
        index,
        step: Step {
            id: doc.next_step_id(),
            name: name.to_owned(),
        },
    }
}

/// Adds a lane at `index`.
pub fn add_lane(doc: &Document, index: usize, name: &str, kind: LaneKind) -> Command {
    Command::InsertLane {
        index,
        lane: Lane {
            id: doc.next_lane_id(),
            name: name.to_owned(),
            kind,
        },
    }
}

/// Where an emotion lane reads best: right under the first customer lane,
/// else under the first lane (first of all in a map without lanes).
pub fn emotion_lane_index(doc: &Document) -> usize {
    doc.lanes
        .iter()
        .position(|lane| lane.kind == LaneKind::Customer)
        .map_or(1, |customer| customer + 1)
        .min(doc.lanes.len())
}

/// Adds an emotion lane named `name` at [`emotion_lane_index`], so the
/// emotion curve shows; `None` when the map has an emotion lane already.
pub fn add_emotion_lane(doc: &Document, name: &str) -> Option<Command> {
    let has_one = doc.lanes.iter().any(|lane| lane.kind == LaneKind::Emotion);
    (!has_one).then(|| add_lane(doc, emotion_lane_index(doc), name, LaneKind::Emotion))
}

/// Adds a persona at the end of the list.
pub fn add_persona(doc: &Document, name: &str) -> Command {
    Command::InsertPersona {
        index: doc.personas.len(),
        persona: Persona {
            id: doc.next_persona_id(),
            name: name.to_owned(),
            ..Persona::default()
        },
    }
}

/// The index in [`Document::cards`] at which a card lands to be at
/// `position` within a cell; the card `moving`, if given, is counted as
/// already taken out. A position past the end means last in the cell.
pub fn card_index_for_cell(
    doc: &Document,
    step: StepId,
    lane: LaneId,
    position: usize,
    moving: Option<CardId>,
) -> usize {
    let mut seen = 0;
    let mut after_last_in_cell = None;
    let mut index = 0;
    for card in &doc.cards {
        if Some(card.id) == moving {
            continue;
        }
        if card.step == step && card.lane == lane {
            if seen == position {
                return index;
            }
            seen += 1;
            after_last_in_cell = Some(index + 1);
        }
        index += 1;
    }
    after_last_in_cell.unwrap_or(index)
}

/// Adds a card with a title at `position` in a cell; returns the command and the new card's id.
pub fn add_card(
    doc: &Document,
    step: StepId,
    lane: LaneId,
    position: usize,
    title: &str,
) -> (Command, CardId) {
    let id = doc.next_card_id();
    let command = Command::InsertCard {
        index: card_index_for_cell(doc, step, lane, position, None),
        card: Card::new(id, step, lane, title),
    };
    (command, id)
}

/// Moves a card to `position` within a cell (its own cell or another).
pub fn move_card(
    doc: &Document,
    id: CardId,
    step: StepId,
    lane: LaneId,
    position: usize,
) -> Command {
    Command::MoveCard {
        id,
        step,
        lane,
        index: card_index_for_cell(doc, step, lane, position, Some(id)),
    }
}

/// Sets one field of a card.
pub fn set_card_field(id: CardId, field: CardField) -> Command {
    Command::SetCardField { id, field }
}

/// Deletes cards together with the connectors that touch them.
pub fn delete_cards(doc: &Document, ids: &[CardId]) -> Command {
    let mut commands: Vec<Command> = doc
        .connectors
        .iter()
        .filter(|c| ids.contains(&c.from) || ids.contains(&c.to))
        .map(|c| Command::Disconnect(c.id))
        .collect();
    commands.extend(
        doc.cards
            .iter()
            .filter(|card| ids.contains(&card.id))
            .map(|card| Command::RemoveCard(card.id)),
    );
    Command::Batch {
        label: if ids.len() == 1 {
            "delete-card"
        } else {
            "delete-cards"
        },
        commands,
    }
}

/// Deletes a stage with its steps, their cards and those cards' connectors.
pub fn delete_stage(doc: &Document, id: StageId) -> Command {
    let cards = stage_cards(doc, id);
    Command::Batch {
        label: "delete-stage",
        commands: vec![delete_cards(doc, &cards), Command::RemoveStage(id)],
    }
}

/// Deletes a step with its cards and their connectors.
pub fn delete_step(doc: &Document, id: StepId) -> Command {
    let cards = step_cards(doc, id);
    Command::Batch {
        label: "delete-step",
        commands: vec![delete_cards(doc, &cards), Command::RemoveStep(id)],
    }
}

/// Deletes a lane with its cards and their connectors.
pub fn delete_lane(doc: &Document, id: LaneId) -> Command {
    let cards = lane_cards(doc, id);
    Command::Batch {
        label: "delete-lane",
        commands: vec![delete_cards(doc, &cards), Command::RemoveLane(id)],
    }
}

/// What deleting a stage, step or lane takes along with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TakenAlong {
    /// The cards in it.
    pub cards: usize,
    /// The connectors that touch those cards.
    pub connectors: usize,
}

/// What [`delete_stage`] takes along: the cards in its steps and their connectors.
pub fn stage_delete_takes(doc: &Document, id: StageId) -> TakenAlong {
    taken_along(doc, &stage_cards(doc, id))
}

/// What [`delete_step`] takes along: its cards and their connectors.
pub fn step_delete_takes(doc: &Document, id: StepId) -> TakenAlong {
    taken_along(doc, &step_cards(doc, id))
}

/// What [`delete_lane`] takes along: its cards and their connectors.
pub fn lane_delete_takes(doc: &Document, id: LaneId) -> TakenAlong {
    taken_along(doc, &lane_cards(doc, id))
}

fn taken_along(doc: &Document, cards: &[CardId]) -> TakenAlong {
    TakenAlong {
        cards: cards.len(),
        connectors: doc
            .connectors
            .iter()
            .filter(|c| cards.contains(&c.from) || cards.contains(&c.to))
            .count(),
    }
}

/// The cards in the steps of a stage.
fn stage_cards(doc: &Document, id: StageId) -> Vec<CardId> {
    let steps: Vec<StepId> = doc
        .stage(id)
        .map(|stage| stage.steps.iter().map(|step| step.id).collect())
        .unwrap_or_default();
    card_ids_where(doc, |card| steps.contains(&card.step))
}

/// The cards in a step.
fn step_cards(doc: &Document, id: StepId) -> Vec<CardId> {
    card_ids_where(doc, |card| card.step == id)
}

/// The cards in a lane.
fn lane_cards(doc: &Document, id: LaneId) -> Vec<CardId> {
    card_ids_where(doc, |card| card.lane == id)
}

/// Deletes a persona; the cards that belonged to it belong to nobody afterwards.
pub fn delete_persona(doc: &Document, id: crate::model::PersonaId) -> Command {
    let mut commands: Vec<Command> = doc
        .cards
        .iter()
        .filter(|card| card.persona == Some(id))
        .map(|card| set_card_field(card.id, CardField::Persona(None)))
        .collect();
    if doc.meta.personas.contains(&id) {
        let mut meta = doc.meta.clone();
        meta.personas.retain(|persona| *persona != id);
        commands.push(Command::SetMeta(meta));
    }
    commands.push(Command::RemovePersona(id));
    Command::Batch {
        label: "delete-persona",
        commands,
    }
}

/// Says whether the map is about a persona (the map's own persona list).
pub fn set_map_persona(doc: &Document, id: crate::model::PersonaId, about: bool) -> Command {
    let mut meta = doc.meta.clone();
    meta.personas.retain(|persona| *persona != id);
    if about {
        // Keep the order of the persona list.
        meta.personas.push(id);
        meta.personas
            .sort_by_key(|persona| doc.persona_index(*persona).unwrap_or(usize::MAX));
    }
    Command::SetMeta(meta)
}

/// Puts the map on another emotion scale, moving every score (as-is and
/// to-be) to the same place on the new scale, as one undo step.
pub fn set_emotion_scale(doc: &Document, scale: EmotionScale) -> Command {
    let old = doc.meta.emotion_scale;
    let mut commands = Vec::new();
    if old.is_valid() {
        for card in &doc.cards {
            if let Some(score) = card.emotion {
                let field = CardField::Emotion(Some(old.convert(score, &scale)));
                commands.push(set_card_field(card.id, field));
            }
            if let Some(score) = card.emotion_to_be {
                let field = CardField::EmotionToBe(Some(old.convert(score, &scale)));
                commands.push(set_card_field(card.id, field));
            }
        }
    }
    let mut meta = doc.meta.clone();
    meta.emotion_scale = scale;
    commands.push(Command::SetMeta(meta));
    Command::Batch {
        label: "set-emotion-scale",
        commands,
    }
}

/// Connects two cards. Refuses a connector that already exists between them in that direction.
pub fn connect(
    doc: &Document,
    from: CardId,
    to: CardId,
    direction: Direction,
) -> Result<Command, EditError> {
    if doc.connectors.iter().any(|c| c.from == from && c.to == to) {
        return Err(EditError::Invalid(format!(
            "cards {from} and {to} are already connected"
        )));
    }
    Ok(Command::Connect {
        index: doc.connectors.len(),
        connector: Connector {
            id: doc.next_connector_id(),
            from,
            to,
            direction,
            label: String::new(),
        },
    })
}

/// Copies of `cards` (and of the connectors among them) with fresh ids,
/// each placed in `cell(card)`, after the last card of that cell.
///
/// Used by duplicate and paste; `cards` may come from another document.
/// Returns the command and the ids of the copies, in the order of `cards`.
pub fn insert_copies(
    doc: &Document,
    label: &'static str,
    cards: &[Card],
    connectors: &[Connector],
    cell: impl Fn(&Card) -> (StepId, LaneId),
) -> (Command, Vec<CardId>) {
    let mut scratch = doc.clone();
    let mut commands = Vec::new();
    let mut new_ids = Vec::with_capacity(cards.len());
    for original in cards {
        let (step, lane) = cell(original);
        let copy = Card {
            id: scratch.next_card_id(),
            step,
            lane,
            persona: original.persona.filter(|p| doc.persona(*p).is_some()),
            ..original.clone()
        };
        new_ids.push(copy.id);
        let command = Command::InsertCard {
            index: card_index_for_cell(&scratch, step, lane, usize::MAX, None),
            card: copy,
        };
        push_applied(&mut scratch, &mut commands, command);
    }
    for connector in connectors {
        let ends = (
            cards.iter().position(|c| c.id == connector.from),
            cards.iter().position(|c| c.id == connector.to),
        );
        if let (Some(from), Some(to)) = ends {
            let command = Command::Connect {
                index: scratch.connectors.len(),
                connector: Connector {
                    id: scratch.next_connector_id(),
                    from: new_ids[from],
                    to: new_ids[to],
                    ..connector.clone()
                },
            };
            push_applied(&mut scratch, &mut commands, command);
        }
    }
    (Command::Batch { label, commands }, new_ids)
}

/// Duplicates cards in their own cells, with the connectors among them.
pub fn duplicate_cards(doc: &Document, ids: &[CardId]) -> (Command, Vec<CardId>) {
    let cards: Vec<Card> = doc
        .cards
        .iter()
        .filter(|card| ids.contains(&card.id))
        .cloned()
        .collect();
    let connectors: Vec<Connector> = doc
        .connectors
        .iter()
        .filter(|c| ids.contains(&c.from) && ids.contains(&c.to))
        .cloned()
        .collect();
    insert_copies(doc, "duplicate", &cards, &connectors, |card| {
        (card.step, card.lane)
    })
}

fn card_ids_where(doc: &Document, keep: impl Fn(&Card) -> bool) -> Vec<CardId> {
    doc.cards.iter().filter(|c| keep(c)).map(|c| c.id).collect()
}

/// Applies `command` to the scratch copy (so later ids and indices see it) and keeps it.
fn push_applied(scratch: &mut Document, commands: &mut Vec<Command>, command: Command) {
    if command.clone().apply(scratch).is_ok() {
        commands.push(command);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Session;
    use crate::generate::generated_map;

    /// Applies `delete` and counts the cards and connectors it removed.
    fn removed_by(doc: &Document, delete: Command) -> TakenAlong {
        let mut session = Session::opened(doc.clone());
        session.execute(delete).unwrap();
        TakenAlong {
            cards: doc.cards.len() - session.doc().cards.len(),
            connectors: doc.connectors.len() - session.doc().connectors.len(),
        }
    }

    #[test]
    fn what_a_delete_takes_along_is_what_it_removes() {
        let doc = generated_map(3, 3, 2, 20);
        assert!(!doc.connectors.is_empty(), "the map has connectors");
        let stage = doc.stages[1].id;
        let step = doc.stages[2].steps[0].id;
        let lane = doc.lanes[1].id;

        let taken = stage_delete_takes(&doc, stage);
        assert!(taken.cards > 0 && taken.connectors > 0, "{taken:?}");
        assert_eq!(taken, removed_by(&doc, delete_stage(&doc, stage)));

        let taken = step_delete_takes(&doc, step);
        assert!(taken.cards > 0, "{taken:?}");
        assert_eq!(taken, removed_by(&doc, delete_step(&doc, step)));

        let taken = lane_delete_takes(&doc, lane);
        assert!(taken.cards > 0 && taken.connectors > 0, "{taken:?}");
        assert_eq!(taken, removed_by(&doc, delete_lane(&doc, lane)));
    }
}
