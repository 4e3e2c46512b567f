//! Commands: the only way a document changes. Applying one returns its inverse.

use crate::model::{Action, ActionId, AgendaStep, Matrix, RoundId, Screening, VotingRound};
use crate::model::{
    Card, CardId, Connector, ConnectorId, Direction, Document, Kano, Lane, LaneId, LaneKind,
    MapMeta, Persona, PersonaId, Servqual, Stage, StageId, Step, StepId, View, ViewId,
};

/// Why a command could not be applied. The document is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The command names something the document does not hold.
    #[error("there is no {kind} with id {id}")]
    NotFound {
        /// What was looked for: "card", "stage" …
        kind: &'static str,
        /// The id that was not found.
        id: u64,
    },
    /// An index lies outside the list it points into.
    #[error("position {index} is outside the {kind} list (length {len})")]
    BadIndex {
        /// Which list.
        kind: &'static str,
        /// The index asked for.
        index: usize,
        /// The list's length.
        len: usize,
    },
    /// The item still holds things that must be removed first.
    #[error("the {kind} {id} still holds {what}; remove them first")]
    NotEmpty {
        /// What was to be removed.
        kind: &'static str,
        /// Its id.
        id: u64,
        /// What it still holds.
        what: &'static str,
    },
    /// An item with this id already exists.
    #[error("a {kind} with id {id} already exists")]
    DuplicateId {
        /// Kind of item.
        kind: &'static str,
        /// The clashing id.
        id: u64,
    },
    /// A value the model does not accept.
    #[error("{0}")]
    Invalid(String),
    /// In a live room whose host locked the structure, a participant tried
    /// to change a stage, step or lane.
    #[error("the host has locked the stages, steps and lanes; add and edit cards only")]
    StructureLocked,
}

/// One field of a card with its new value; see [`crate::model::Card`] for meanings.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    missing_docs,
    reason = "each variant is the card field of the same name"
)]
pub enum CardField {
    Title(String),
    Detail(String),
    Channel(String),
    Emotion(Option<f64>),
    EmotionToBe(Option<f64>),
    Duration(Option<u32>),
    Wait(Option<u32>),
    Pain(bool),
    Fail(bool),
    Recovery(String),
    MomentOfTruth(bool),
    Kano(Option<Kano>),
    Servqual(Option<Servqual>),
    Nps(Option<f64>),
    Csat(Option<f64>),
    Ces(Option<f64>),
    Owner(String),
    Tags(Vec<String>),
    Colour(Option<String>),
    Picture(Option<String>),
    Persona(Option<PersonaId>),
}

impl CardField {
    /// Stable key of the field, also the suffix of its undo label: `"title"`, `"emotion"` …
    pub fn key(&self) -> &'static str {
        match self {
            Self::Title(_) => "title",
            Self::Detail(_) => "detail",
            Self::Channel(_) => "channel",
            Self::Emotion(_) => "emotion",
            Self::EmotionToBe(_) => "emotion-to-be",
            Self::Duration(_) => "duration",
            Self::Wait(_) => "wait",
            Self::Pain(_) => "pain",
            Self::Fail(_) => "fail",
            Self::Recovery(_) => "recovery",
            Self::MomentOfTruth(_) => "moment-of-truth",
            Self::Kano(_) => "kano",
            Self::Servqual(_) => "servqual",
            Self::Nps(_) => "nps",
            Self::Csat(_) => "csat",
            Self::Ces(_) => "ces",
            Self::Owner(_) => "owner",
            Self::Tags(_) => "tags",
            Self::Colour(_) => "colour",
            Self::Picture(_) => "picture",
            Self::Persona(_) => "persona",
        }
    }

    /// Puts the value into `card` and returns the field with the card's old value.
    fn swap_into(self, card: &mut Card) -> Self {
        use std::mem::replace;
        match self {
            Self::Title(v) => Self::Title(replace(&mut card.title, v)),
            Self::Detail(v) => Self::Detail(replace(&mut card.detail, v)),
            Self::Channel(v) => Self::Channel(replace(&mut card.channel, v)),
            Self::Emotion(v) => Self::Emotion(replace(&mut card.emotion, v)),
            Self::EmotionToBe(v) => Self::EmotionToBe(replace(&mut card.emotion_to_be, v)),
            Self::Duration(v) => Self::Duration(replace(&mut card.duration_minutes, v)),
            Self::Wait(v) => Self::Wait(replace(&mut card.wait_minutes, v)),
            Self::Pain(v) => Self::Pain(replace(&mut card.pain, v)),
            Self::Fail(v) => Self::Fail(replace(&mut card.fail, v)),
            Self::Recovery(v) => Self::Recovery(replace(&mut card.recovery, v)),
            Self::MomentOfTruth(v) => Self::MomentOfTruth(replace(&mut card.moment_of_truth, v)),
            Self::Kano(v) => Self::Kano(replace(&mut card.kano, v)),
            Self::Servqual(v) => Self::Servqual(replace(&mut card.servqual, v)),
            Self::Nps(v) => Self::Nps(replace(&mut card.nps, v)),
            Self::Csat(v) => Self::Csat(replace(&mut card.csat, v)),
            Self::Ces(v) => Self::Ces(replace(&mut card.ces, v)),
            Self::Owner(v) => Self::Owner(replace(&mut card.owner, v)),
            Self::Tags(v) => Self::Tags(replace(&mut card.tags, v)),
            Self::Colour(v) => Self::Colour(replace(&mut card.colour, v)),
            Self::Picture(v) => Self::Picture(replace(&mut card.picture, v)),
            Self::Persona(v) => Self::Persona(replace(&mut card.persona, v)),
        }
    }

    /// Checks the value against the document before it is set.
    fn validate(&self, doc: &Document) -> Result<(), EditError> {
        let finite = |value: &Option<f64>, name: &str| match value {
            Some(v) if !v.is_finite() => {
                Err(EditError::Invalid(format!("{name} must be a number")))
            }
            _ => Ok(()),
        };
        match self {
            Self::Emotion(v) | Self::EmotionToBe(v) => finite(v, "emotion"),
            Self::Nps(v) => finite(v, "NPS"),
            Self::Csat(v) => finite(v, "CSAT"),
            Self::Ces(v) => finite(v, "CES"),
            Self::Persona(Some(id)) if doc.persona(*id).is_none() => Err(EditError::NotFound {
                kind: "persona",
                id: id.0,
            }),
            Self::Colour(Some(colour)) if !is_hex_colour(colour) => Err(EditError::Invalid(
                format!("colour `{colour}` is not of the form #rrggbb"),
            )),
            _ => Ok(()),
        }
    }
}

/// `text` is a colour of the form `#rrggbb`.
pub fn is_hex_colour(text: &str) -> bool {
    crate::model::hex_colour(text).is_some()
}

/// A change to a document. [`Command::apply`] performs it and returns the
/// command that undoes it.
///
/// Indices are positions in the document's lists (for cards: in
/// [`Document::cards`]), so that an inverse restores the exact document.
/// [`crate::edit::ops`] builds commands from what a user means ("put this
/// card second in that cell").
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Replace the map metadata.
    SetMeta(MapMeta),
    /// Insert a persona at `index`.
    InsertPersona {
        /// Position in the persona list.
        index: usize,
        /// The persona, with a fresh id.
        persona: Persona,
    },
    /// Remove a persona no card belongs to.
    RemovePersona(PersonaId),
    /// Replace a persona's fields (matched by id).
    SetPersona(Persona),
    /// Insert a stage, with its steps, at `index`.
    InsertStage {
        /// Position in the stage list.
        index: usize,
        /// The stage, with fresh ids.
        stage: Stage,
    },
    /// Remove a stage whose steps hold no cards.
    RemoveStage(StageId),
    /// Move a stage (with its steps and their cards) to `index`.
    MoveStage {
        /// The stage.
        id: StageId,
        /// Its new position.
        index: usize,
    },
    /// Rename a stage.
    RenameStage {
        /// The stage.
        id: StageId,
        /// New name.
        name: String,
    },
    /// Insert a step into a stage.
    InsertStep {
        /// The stage.
        stage: StageId,
        /// Position within the stage.
        index: usize,
        /// The step, with a fresh id.
        step: Step,
    },
    /// Remove a step that holds no cards.
    RemoveStep(StepId),
    /// Move a step (with its cards) to a position in a stage.
    MoveStep {
        /// The step.
        id: StepId,
        /// Target stage.
        stage: StageId,
        /// Position within the target stage.
        index: usize,
    },
    /// Rename a step.
    RenameStep {
        /// The step.
        id: StepId,
        /// New name.
        name: String,
    },
    /// Insert a lane at `index`.
    InsertLane {
        /// Position in the lane list.
        index: usize,
        /// The lane, with a fresh id.
        lane: Lane,
    },
    /// Remove a lane that holds no cards.
    RemoveLane(LaneId),
    /// Move a lane (with its cards) to `index`.
    MoveLane {
        /// The lane.
        id: LaneId,
        /// Its new position.
        index: usize,
    },
    /// Rename a lane.
    RenameLane {
        /// The lane.
        id: LaneId,
        /// New name.
        name: String,
    },
    /// Change what a lane holds.
    SetLaneKind {
        /// The lane.
        id: LaneId,
        /// The new kind.
        kind: LaneKind,
    },
    /// Insert a card at `index` of [`Document::cards`].
    InsertCard {
        /// Position in the card list.
        index: usize,
        /// The card, with a fresh id, in an existing cell.
        card: Card,
    },
    /// Remove a card no connector touches.
    RemoveCard(CardId),
    /// Move a card to a cell, at `index` of [`Document::cards`] (counted without the card).
    MoveCard {
        /// The card.
        id: CardId,
        /// Target column.
        step: StepId,
        /// Target row.
        lane: LaneId,
        /// Position in the card list once the card is taken out.
        index: usize,
    },
    /// Set one field of a card.
    SetCardField {
        /// The card.
        id: CardId,
        /// The field and its new value.
        field: CardField,
    },
    /// Add a connector at `index` of the connector list.
    Connect {
        /// Position in the connector list.
        index: usize,
        /// The connector, with a fresh id, between existing cards.
        connector: Connector,
    },
    /// Remove a connector.
    Disconnect(ConnectorId),
    /// Change a connector's direction and label.
    SetConnector {
        /// The connector.
        id: ConnectorId,
        /// New direction.
        direction: Direction,
        /// New label.
        label: String,
    },
    /// Insert a view into the presentation at `index`. A view may name a
    /// stage or persona the map no longer holds (one deleted after the view
    /// was made): it then shows what is left ([`View::stage_indices`]).
    InsertView {
        /// Position in the view list.
        index: usize,
        /// The view, with a fresh id.
        view: View,
    },
    /// Remove a view from the presentation.
    RemoveView(ViewId),
    /// Move a view to `index` of the view list.
    MoveView {
        /// The view.
        id: ViewId,
        /// Its new position.
        index: usize,
    },
    /// Replace a view's fields (matched by id): title, stages, layers, focus, notes.
    SetView(View),
    /// Replace the workshop agenda.
    SetAgenda(Vec<AgendaStep>),
    /// Insert a voting round at `index` of the rounds. Its votes may name
    /// cards the map no longer holds ([`crate::model::Decisions`]); what a
    /// person may vote for is checked by [`crate::edit::decide`].
    InsertRound {
        /// Position in the round list.
        index: usize,
        /// The round, with a fresh id.
        round: VotingRound,
    },
    /// Remove a voting round with its votes.
    RemoveRound(RoundId),
    /// Replace a round (matched by id): its question, participants, budget,
    /// votes, or its closing.
    SetRound(VotingRound),
    /// Replace the impact/effort matrix: names and placements.
    SetMatrix(Matrix),
    /// Replace concept screening: criteria, weights and scores.
    SetScreening(Screening),
    /// Insert an action into the action plan at `index`.
    InsertAction {
        /// Position in the action list.
        index: usize,
        /// The action, with a fresh id.
        action: Action,
    },
    /// Remove an action.
    RemoveAction(ActionId),
    /// Replace an action's fields (matched by id).
    SetAction(Action),
    /// Several commands as one: all apply, or none.
    Batch {
        /// What the whole does, as a label key (see [`Command::label`]).
        label: &'static str,
        /// The commands, applied in order.
        commands: Vec<Command>,
    },
}

impl Command {
    /// The command changes the map's structure: a stage, step or lane (what
    /// a live room's host can lock).
    pub fn changes_structure(&self) -> bool {
        match self {
            Self::InsertStage { .. }
            | Self::RemoveStage(_)
            | Self::MoveStage { .. }
            | Self::RenameStage { .. }
            | Self::InsertStep { .. }
            | Self::RemoveStep(_)
            | Self::MoveStep { .. }
            | Self::RenameStep { .. }
            | Self::InsertLane { .. }
            | Self::RemoveLane(_)
            | Self::MoveLane { .. }
            | Self::RenameLane { .. }
            | Self::SetLaneKind { .. } => true,
            Self::Batch { commands, .. } => commands.iter().any(Self::changes_structure),
            _ => false,
        }
    }

    /// A stable key naming what the command does, e.g. `"move-card"`; the
    /// editor translates it for "Undo Move card".
    pub fn label(&self) -> &'static str {
        match self {
            Self::SetMeta(_) => "set-meta",
            Self::InsertPersona { .. } => "add-persona",
            Self::RemovePersona(_) => "delete-persona",
            Self::SetPersona(_) => "edit-persona",
            Self::InsertStage { .. } => "add-stage",
            Self::RemoveStage(_) => "delete-stage",
            Self::MoveStage { .. } => "move-stage",
            Self::RenameStage { .. } => "rename-stage",
            Self::InsertStep { .. } => "add-step",
            Self::RemoveStep(_) => "delete-step",
            Self::MoveStep { .. } => "move-step",
            Self::RenameStep { .. } => "rename-step",
            Self::InsertLane { .. } => "add-lane",
            Self::RemoveLane(_) => "delete-lane",
            Self::MoveLane { .. } => "move-lane",
            Self::RenameLane { .. } => "rename-lane",
            Self::SetLaneKind { .. } => "set-lane-kind",
            Self::InsertCard { .. } => "add-card",
            Self::RemoveCard(_) => "delete-card",
            Self::MoveCard { .. } => "move-card",
            Self::SetCardField { .. } => "edit-card",
            Self::Connect { .. } => "connect",
            Self::Disconnect(_) => "disconnect",
            Self::SetConnector { .. } => "edit-connector",
            Self::InsertView { .. } => "add-view",
            Self::RemoveView(_) => "delete-view",
            Self::MoveView { .. } => "move-view",
            Self::SetView(_) => "edit-view",
            Self::SetAgenda(_) => "edit-agenda",
            Self::InsertRound { .. } => "start-round",
            Self::RemoveRound(_) => "delete-round",
            Self::SetRound(_) => "edit-round",
            Self::SetMatrix(_) => "edit-matrix",
            Self::SetScreening(_) => "edit-screening",
            Self::InsertAction { .. } => "add-action",
            Self::RemoveAction(_) => "delete-action",
            Self::SetAction(_) => "edit-action",
            Self::Batch { label, .. } => label,
        }
    }

    /// Applies the command and returns its inverse. On error the document is unchanged.
    pub fn apply(self, doc: &mut Document) -> Result<Command, EditError> {
        match self {
            Self::SetMeta(meta) => {
                if !meta.emotion_scale.is_valid() {
                    return Err(EditError::Invalid(
                        "the emotion scale needs min < neutral ≤ max".into(),
                    ));
                }
                if let Some(missing) = meta.personas.iter().find(|p| doc.persona(**p).is_none()) {
                    return Err(not_found("persona", missing.0));
                }
                Ok(Self::SetMeta(std::mem::replace(&mut doc.meta, meta)))
            }
            Self::InsertPersona { index, persona } => {
                check_insert_index("persona", index, doc.personas.len())?;
                if doc.persona(persona.id).is_some() {
                    return Err(duplicate("persona", persona.id.0));
                }
                let id = persona.id;
                doc.personas.insert(index, persona);
                Ok(Self::RemovePersona(id))
            }
            Self::RemovePersona(id) => {
                let index = doc.persona_index(id).ok_or(not_found("persona", id.0))?;
                if doc.cards.iter().any(|card| card.persona == Some(id)) {
                    return Err(not_empty("persona", id.0, "cards"));
                }
                if doc.meta.personas.contains(&id) {
                    return Err(not_empty("persona", id.0, "the map's persona list"));
                }
                let persona = doc.personas.remove(index);
                Ok(Self::InsertPersona { index, persona })
            }
            Self::SetPersona(persona) => {
                let index = doc
                    .persona_index(persona.id)
                    .ok_or(not_found("persona", persona.id.0))?;
                Ok(Self::SetPersona(std::mem::replace(
                    &mut doc.personas[index],
                    persona,
                )))
            }
            Self::InsertStage { index, stage } => {
                check_insert_index("stage", index, doc.stages.len())?;
                if doc.stage(stage.id).is_some() {
                    return Err(duplicate("stage", stage.id.0));
                }
                if let Some(step) = stage.steps.iter().find(|s| doc.step(s.id).is_some()) {
                    return Err(duplicate("step", step.id.0));
                }
                let id = stage.id;
                doc.stages.insert(index, stage);
                Ok(Self::RemoveStage(id))
            }
            Self::RemoveStage(id) => {
                let index = doc.stage_index(id).ok_or(not_found("stage", id.0))?;
                let stage = &doc.stages[index];
                if doc
                    .cards
                    .iter()
                    .any(|card| stage.steps.iter().any(|s| s.id == card.step))
                {
                    return Err(not_empty("stage", id.0, "cards"));
                }
                let stage = doc.stages.remove(index);
                Ok(Self::InsertStage { index, stage })
            }
            Self::MoveStage { id, index } => {
                let from = doc.stage_index(id).ok_or(not_found("stage", id.0))?;
                check_move_index("stage", index, doc.stages.len())?;
                let stage = doc.stages.remove(from);
                doc.stages.insert(index, stage);
                Ok(Self::MoveStage { id, index: from })
            }
            Self::RenameStage { id, name } => {
                let index = doc.stage_index(id).ok_or(not_found("stage", id.0))?;
                let old = std::mem::replace(&mut doc.stages[index].name, name);
                Ok(Self::RenameStage { id, name: old })
            }
            Self::InsertStep { stage, index, step } => {
                let stage_index = doc.stage_index(stage).ok_or(not_found("stage", stage.0))?;
                check_insert_index("step", index, doc.stages[stage_index].steps.len())?;
                if doc.step(step.id).is_some() {
                    return Err(duplicate("step", step.id.0));
                }
                let id = step.id;
                doc.stages[stage_index].steps.insert(index, step);
                Ok(Self::RemoveStep(id))
            }
            Self::RemoveStep(id) => {
                let at = doc.step_location(id).ok_or(not_found("step", id.0))?;
                if doc.cards.iter().any(|card| card.step == id) {
                    return Err(not_empty("step", id.0, "cards"));
                }
                let stage = &mut doc.stages[at.stage];
                let step = stage.steps.remove(at.step);
                Ok(Self::InsertStep {
                    stage: stage.id,
                    index: at.step,
                    step,
                })
            }
            Self::MoveStep { id, stage, index } => {
                let from = doc.step_location(id).ok_or(not_found("step", id.0))?;
                let to_stage = doc.stage_index(stage).ok_or(not_found("stage", stage.0))?;
                let target_len = doc.stages[to_stage].steps.len();
                if to_stage == from.stage {
                    check_move_index("step", index, target_len)?;
                } else {
                    check_insert_index("step", index, target_len)?;
                }
                let old_stage = doc.stages[from.stage].id;
                let step = doc.stages[from.stage].steps.remove(from.step);
                doc.stages[to_stage].steps.insert(index, step);
                Ok(Self::MoveStep {
                    id,
                    stage: old_stage,
                    index: from.step,
                })
            }
            Self::RenameStep { id, name } => {
                let at = doc.step_location(id).ok_or(not_found("step", id.0))?;
                let old = std::mem::replace(&mut doc.stages[at.stage].steps[at.step].name, name);
                Ok(Self::RenameStep { id, name: old })
            }
            Self::InsertLane { index, lane } => {
                check_insert_index("lane", index, doc.lanes.len())?;
                if doc.lane(lane.id).is_some() {
                    return Err(duplicate("lane", lane.id.0));
                }
                let id = lane.id;
                doc.lanes.insert(index, lane);
                Ok(Self::RemoveLane(id))
            }
            Self::RemoveLane(id) => {
                let index = doc.lane_index(id).ok_or(not_found("lane", id.0))?;
                if doc.cards.iter().any(|card| card.lane == id) {
                    return Err(not_empty("lane", id.0, "cards"));
                }
                let lane = doc.lanes.remove(index);
                Ok(Self::InsertLane { index, lane })
            }
            Self::MoveLane { id, index } => {
                let from = doc.lane_index(id).ok_or(not_found("lane", id.0))?;
                check_move_index("lane", index, doc.lanes.len())?;
                let lane = doc.lanes.remove(from);
                doc.lanes.insert(index, lane);
                Ok(Self::MoveLane { id, index: from })
            }
            Self::RenameLane { id, name } => {
                let index = doc.lane_index(id).ok_or(not_found("lane", id.0))?;
                let old = std::mem::replace(&mut doc.lanes[index].name, name);
                Ok(Self::RenameLane { id, name: old })
            }
            Self::SetLaneKind { id, kind } => {
                let index = doc.lane_index(id).ok_or(not_found("lane", id.0))?;
                let old = std::mem::replace(&mut doc.lanes[index].kind, kind);
                Ok(Self::SetLaneKind { id, kind: old })
            }
            Self::InsertCard { index, card } => {
                check_insert_index("card", index, doc.cards.len())?;
                if doc.card(card.id).is_some() {
                    return Err(duplicate("card", card.id.0));
                }
                check_cell(doc, card.step, card.lane)?;
                if let Some(persona) = card.persona
                    && doc.persona(persona).is_none()
                {
                    return Err(not_found("persona", persona.0));
                }
                let id = card.id;
                doc.cards.insert(index, card);
                Ok(Self::RemoveCard(id))
            }
            Self::RemoveCard(id) => {
                let index = doc.card_index(id).ok_or(not_found("card", id.0))?;
                if doc.connectors.iter().any(|c| c.from == id || c.to == id) {
                    return Err(not_empty("card", id.0, "connectors"));
                }
                let card = doc.cards.remove(index);
                Ok(Self::InsertCard { index, card })
            }
            Self::MoveCard {
                id,
                step,
                lane,
                index,
            } => {
                let from = doc.card_index(id).ok_or(not_found("card", id.0))?;
                check_cell(doc, step, lane)?;
                check_move_index("card", index, doc.cards.len())?;
                let mut card = doc.cards.remove(from);
                let old_step = std::mem::replace(&mut card.step, step);
                let old_lane = std::mem::replace(&mut card.lane, lane);
                doc.cards.insert(index, card);
                Ok(Self::MoveCard {
                    id,
                    step: old_step,
                    lane: old_lane,
                    index: from,
                })
            }
            Self::SetCardField { id, field } => {
                let index = doc.card_index(id).ok_or(not_found("card", id.0))?;
                field.validate(doc)?;
                let old = field.swap_into(&mut doc.cards[index]);
                Ok(Self::SetCardField { id, field: old })
            }
            Self::Connect { index, connector } => {
                check_insert_index("connector", index, doc.connectors.len())?;
                if doc.connector(connector.id).is_some() {
                    return Err(duplicate("connector", connector.id.0));
                }
                for end in [connector.from, connector.to] {
                    if doc.card(end).is_none() {
                        return Err(not_found("card", end.0));
                    }
                }
                let id = connector.id;
                doc.connectors.insert(index, connector);
                Ok(Self::Disconnect(id))
            }
            Self::Disconnect(id) => {
                let index = doc
                    .connector_index(id)
                    .ok_or(not_found("connector", id.0))?;
                let connector = doc.connectors.remove(index);
                Ok(Self::Connect { index, connector })
            }
            Self::SetConnector {
                id,
                direction,
                label,
            } => {
                let index = doc
                    .connector_index(id)
                    .ok_or(not_found("connector", id.0))?;
                let connector = &mut doc.connectors[index];
                let old_direction = std::mem::replace(&mut connector.direction, direction);
                let old_label = std::mem::replace(&mut connector.label, label);
                Ok(Self::SetConnector {
                    id,
                    direction: old_direction,
                    label: old_label,
                })
            }
            Self::InsertView { index, view } => {
                let views = &doc.presentation.views;
                check_insert_index("view", index, views.len())?;
                if doc.view_index(view.id).is_some() {
                    return Err(duplicate("view", view.id.0));
                }
                let id = view.id;
                doc.presentation.views.insert(index, view);
                Ok(Self::RemoveView(id))
            }
            Self::RemoveView(id) => {
                let index = doc.view_index(id).ok_or(not_found("view", id.0))?;
                let view = doc.presentation.views.remove(index);
                Ok(Self::InsertView { index, view })
            }
            Self::MoveView { id, index } => {
                let from = doc.view_index(id).ok_or(not_found("view", id.0))?;
                let views = &mut doc.presentation.views;
                check_move_index("view", index, views.len())?;
                let view = views.remove(from);
                views.insert(index, view);
                Ok(Self::MoveView { id, index: from })
            }
            Self::SetView(view) => {
                let index = doc
                    .view_index(view.id)
                    .ok_or(not_found("view", view.id.0))?;
                Ok(Self::SetView(std::mem::replace(
                    &mut doc.presentation.views[index],
                    view,
                )))
            }
            Self::SetAgenda(agenda) => {
                if agenda.iter().any(|step| step.minutes == 0) {
                    return Err(EditError::Invalid(
                        "an agenda step lasts at least one minute".into(),
                    ));
                }
                Ok(Self::SetAgenda(std::mem::replace(
                    &mut doc.presentation.agenda,
                    agenda,
                )))
            }
            Self::InsertRound { index, round } => {
                check_insert_index("round", index, doc.decisions.rounds.len())?;
                if doc.decisions.round(round.id).is_some() {
                    return Err(duplicate("round", round.id.0));
                }
                refuse_problem(round.problem())?;
                let id = round.id;
                doc.decisions.rounds.insert(index, round);
                Ok(Self::RemoveRound(id))
            }
            Self::RemoveRound(id) => {
                let index = doc
                    .decisions
                    .round_index(id)
                    .ok_or(not_found("round", id.0))?;
                let round = doc.decisions.rounds.remove(index);
                Ok(Self::InsertRound { index, round })
            }
            Self::SetRound(round) => {
                let index = doc
                    .decisions
                    .round_index(round.id)
                    .ok_or(not_found("round", round.id.0))?;
                refuse_problem(round.problem())?;
                Ok(Self::SetRound(std::mem::replace(
                    &mut doc.decisions.rounds[index],
                    round,
                )))
            }
            Self::SetMatrix(matrix) => {
                refuse_problem(matrix.problem())?;
                Ok(Self::SetMatrix(std::mem::replace(
                    &mut doc.decisions.matrix,
                    matrix,
                )))
            }
            Self::SetScreening(screening) => {
                refuse_problem(screening.problem())?;
                Ok(Self::SetScreening(std::mem::replace(
                    &mut doc.decisions.screening,
                    screening,
                )))
            }
            Self::InsertAction { index, action } => {
                check_insert_index("action", index, doc.decisions.actions.len())?;
                if doc.decisions.action(action.id).is_some() {
                    return Err(duplicate("action", action.id.0));
                }
                refuse_problem(action.problem())?;
                let id = action.id;
                doc.decisions.actions.insert(index, action);
                Ok(Self::RemoveAction(id))
            }
            Self::RemoveAction(id) => {
                let index = doc
                    .decisions
                    .action_index(id)
                    .ok_or(not_found("action", id.0))?;
                let action = doc.decisions.actions.remove(index);
                Ok(Self::InsertAction { index, action })
            }
            Self::SetAction(action) => {
                let index = doc
                    .decisions
                    .action_index(action.id)
                    .ok_or(not_found("action", action.id.0))?;
                refuse_problem(action.problem())?;
                Ok(Self::SetAction(std::mem::replace(
                    &mut doc.decisions.actions[index],
                    action,
                )))
            }
            Self::Batch { label, commands } => {
                let mut inverses = Vec::with_capacity(commands.len());
                for command in commands {
                    match command.apply(doc) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            undo_all(doc, inverses);
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Ok(Self::Batch {
                    label,
                    commands: inverses,
                })
            }
        }
    }
}

/// Applies inverses in reverse order, restoring the document they were taken from.
pub(crate) fn undo_all(doc: &mut Document, inverses: Vec<Command>) {
    for inverse in inverses.into_iter().rev() {
        // An inverse applies to the document its command produced, so it cannot fail.
        let _ = inverse.apply(doc);
    }
}

/// A value with a problem of its own ([`crate::model::Decisions::problem`]) is refused.
fn refuse_problem(problem: Option<String>) -> Result<(), EditError> {
    problem.map_or(Ok(()), |problem| Err(EditError::Invalid(problem)))
}

fn not_found(kind: &'static str, id: u64) -> EditError {
    EditError::NotFound { kind, id }
}

fn not_empty(kind: &'static str, id: u64, what: &'static str) -> EditError {
    EditError::NotEmpty { kind, id, what }
}

fn duplicate(kind: &'static str, id: u64) -> EditError {
    EditError::DuplicateId { kind, id }
}

/// An insertion may go at any index up to and including the end.
fn check_insert_index(kind: &'static str, index: usize, len: usize) -> Result<(), EditError> {
    if index > len {
        return Err(EditError::BadIndex { kind, index, len });
    }
    Ok(())
}

/// A move takes the item out first, so the last valid index is `len - 1`.
fn check_move_index(kind: &'static str, index: usize, len: usize) -> Result<(), EditError> {
    if index >= len {
        return Err(EditError::BadIndex { kind, index, len });
    }
    Ok(())
}

fn check_cell(doc: &Document, step: StepId, lane: LaneId) -> Result<(), EditError> {
    if doc.step(step).is_none() {
        return Err(not_found("step", step.0));
    }
    if doc.lane(lane).is_none() {
        return Err(not_found("lane", lane.0));
    }
    Ok(())
}
