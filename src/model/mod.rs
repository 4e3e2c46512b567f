//! The journey map / service blueprint document: plain data, no pixels, no selection.
//!
//! A [`Document`] changes only through [`crate::edit::Command`]s; this module
//! offers read access and lookups.

mod card;
mod connector;
mod decisions;
mod ids;
mod lane;
mod meta;
mod presentation;
mod stage;

pub use card::{Card, Kano, Servqual, hex_colour};
pub use connector::{Connector, Direction};
pub use decisions::{
    Action, ActionStatus, Ballot, Criterion, Decisions, Matrix, Participant, Placement, Quadrant,
    Score, Screening, Vote, VotingRound, parse_due_date,
};
pub use ids::{
    ActionId, CardId, ConnectorId, CriterionId, IdBlock, LaneId, ParticipantId, PersonaId, RoundId,
    StageId, StepId, ViewId,
};
pub use lane::{BlueprintLine, Lane, LaneKind, LaneOrderProblem, PlacedLine, blueprint_lines};
pub use meta::{EmotionScale, MapMeta, Persona};
pub use presentation::{AgendaStep, Focus, Presentation, StageSpan, View};
pub use stage::{Stage, Step};

use serde::{Deserialize, Serialize};

/// A journey map or service blueprint.
///
/// Stages hold the columns (steps), lanes are the rows, cards sit in cells and
/// are ordered within a cell by their order in [`Document::cards`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Title, scenario, language, emotion scale.
    pub meta: MapMeta,
    /// The people the journey is about.
    #[serde(default)]
    pub personas: Vec<Persona>,
    /// Stages left to right, each with its steps.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Lanes top to bottom.
    #[serde(default)]
    pub lanes: Vec<Lane>,
    /// All cards; cards of one cell appear in their order within the cell.
    #[serde(default)]
    pub cards: Vec<Card>,
    /// Arrows between cards.
    #[serde(default)]
    pub connectors: Vec<Connector>,
    /// The views a presentation walks through and the workshop agenda.
    #[serde(default, skip_serializing_if = "Presentation::is_empty")]
    pub presentation: Presentation,
    /// What the workshop decided: voting rounds, the impact/effort matrix,
    /// concept screening and the action plan.
    #[serde(default, skip_serializing_if = "Decisions::is_empty")]
    pub decisions: Decisions,
    /// Where this editor takes the ids of new items from (see [`IdBlock`]);
    /// never saved.
    #[serde(skip)]
    pub id_block: IdBlock,
}

/// Where a step sits: its stage's index and its index within the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepLocation {
    /// Index of the stage in [`Document::stages`].
    pub stage: usize,
    /// Index of the step in that stage's steps.
    pub step: usize,
}

impl Document {
    /// An empty document with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            meta: MapMeta {
                title: title.into(),
                ..MapMeta::default()
            },
            ..Self::default()
        }
    }

    /// Index of a stage.
    pub fn stage_index(&self, id: StageId) -> Option<usize> {
        self.stages.iter().position(|stage| stage.id == id)
    }

    /// A stage by id.
    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|stage| stage.id == id)
    }

    /// Where a step sits.
    pub fn step_location(&self, id: StepId) -> Option<StepLocation> {
        self.stages.iter().enumerate().find_map(|(stage, s)| {
            let step = s.steps.iter().position(|step| step.id == id)?;
            Some(StepLocation { stage, step })
        })
    }

    /// A step by id.
    pub fn step(&self, id: StepId) -> Option<&Step> {
        let at = self.step_location(id)?;
        Some(&self.stages[at.stage].steps[at.step])
    }

    /// The stage a step belongs to.
    pub fn stage_of_step(&self, id: StepId) -> Option<&Stage> {
        let at = self.step_location(id)?;
        Some(&self.stages[at.stage])
    }

    /// All steps left to right, with their stage: the columns of the map.
    pub fn columns(&self) -> impl Iterator<Item = (&Stage, &Step)> {
        self.stages
            .iter()
            .flat_map(|stage| stage.steps.iter().map(move |step| (stage, step)))
    }

    /// Column index of a step, counting across stages from the left.
    pub fn column_index(&self, id: StepId) -> Option<usize> {
        self.columns().position(|(_, step)| step.id == id)
    }

    /// Number of steps in all stages.
    pub fn step_count(&self) -> usize {
        self.stages.iter().map(|stage| stage.steps.len()).sum()
    }

    /// Index of a lane.
    pub fn lane_index(&self, id: LaneId) -> Option<usize> {
        self.lanes.iter().position(|lane| lane.id == id)
    }

    /// A lane by id.
    pub fn lane(&self, id: LaneId) -> Option<&Lane> {
        self.lanes.iter().find(|lane| lane.id == id)
    }

    /// Index of a card in [`Document::cards`].
    pub fn card_index(&self, id: CardId) -> Option<usize> {
        self.cards.iter().position(|card| card.id == id)
    }

    /// A card by id.
    pub fn card(&self, id: CardId) -> Option<&Card> {
        self.cards.iter().find(|card| card.id == id)
    }

    /// The cards of one cell, in their order within the cell.
    pub fn cards_in_cell(&self, step: StepId, lane: LaneId) -> impl Iterator<Item = &Card> {
        self.cards
            .iter()
            .filter(move |card| card.step == step && card.lane == lane)
    }

    /// Index of a connector.
    pub fn connector_index(&self, id: ConnectorId) -> Option<usize> {
        self.connectors.iter().position(|c| c.id == id)
    }

    /// A connector by id.
    pub fn connector(&self, id: ConnectorId) -> Option<&Connector> {
        self.connectors.iter().find(|c| c.id == id)
    }

    /// Index of a persona.
    pub fn persona_index(&self, id: PersonaId) -> Option<usize> {
        self.personas.iter().position(|p| p.id == id)
    }

    /// A persona by id.
    pub fn persona(&self, id: PersonaId) -> Option<&Persona> {
        self.personas.iter().find(|p| p.id == id)
    }

    /// The id a new stage gets.
    pub fn next_stage_id(&self) -> StageId {
        StageId(self.id_block.next_after(self.stages.iter().map(|s| s.id.0)))
    }

    /// The id a new step gets.
    pub fn next_step_id(&self) -> StepId {
        StepId(
            self.id_block
                .next_after(self.columns().map(|(_, step)| step.id.0)),
        )
    }

    /// The id a new lane gets.
    pub fn next_lane_id(&self) -> LaneId {
        LaneId(self.id_block.next_after(self.lanes.iter().map(|l| l.id.0)))
    }

    /// The id a new card gets.
    pub fn next_card_id(&self) -> CardId {
        CardId(self.id_block.next_after(self.cards.iter().map(|c| c.id.0)))
    }

    /// The id a new connector gets.
    pub fn next_connector_id(&self) -> ConnectorId {
        ConnectorId(
            self.id_block
                .next_after(self.connectors.iter().map(|c| c.id.0)),
        )
    }

    /// Index of a view in the presentation.
    pub fn view_index(&self, id: ViewId) -> Option<usize> {
        self.presentation.views.iter().position(|v| v.id == id)
    }

    /// The id a new view gets.
    pub fn next_view_id(&self) -> ViewId {
        ViewId(
            self.id_block
                .next_after(self.presentation.views.iter().map(|v| v.id.0)),
        )
    }

    /// The id a new persona gets.
    pub fn next_persona_id(&self) -> PersonaId {
        PersonaId(
            self.id_block
                .next_after(self.personas.iter().map(|p| p.id.0)),
        )
    }

    /// The id a new voting round gets.
    pub fn next_round_id(&self) -> RoundId {
        RoundId(
            self.id_block
                .next_after(self.decisions.rounds.iter().map(|r| r.id.0)),
        )
    }

    /// The id a new action gets.
    pub fn next_action_id(&self) -> ActionId {
        ActionId(
            self.id_block
                .next_after(self.decisions.actions.iter().map(|a| a.id.0)),
        )
    }

    /// Where the blueprint lines go and which lanes are out of blueprint order.
    pub fn blueprint_lines(&self) -> (Vec<PlacedLine>, Vec<LaneOrderProblem>) {
        blueprint_lines(&self.lanes)
    }
}
