//! Typed, sequential identifiers for everything a document holds.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Identifies a [`crate::model::Stage`].
    StageId
);
id_type!(
    /// Identifies a [`crate::model::Step`], unique across all stages.
    StepId
);
id_type!(
    /// Identifies a [`crate::model::Lane`].
    LaneId
);
id_type!(
    /// Identifies a [`crate::model::Card`].
    CardId
);
id_type!(
    /// Identifies a [`crate::model::Connector`].
    ConnectorId
);
id_type!(
    /// Identifies a [`crate::model::Persona`].
    PersonaId
);
id_type!(
    /// Identifies a [`crate::model::View`] of the map's presentation.
    ViewId
);

id_type!(
    /// Identifies a [`crate::model::VotingRound`].
    RoundId
);
id_type!(
    /// Identifies a [`crate::model::Participant`] within its voting round.
    ParticipantId
);
id_type!(
    /// Identifies a [`crate::model::Criterion`] of concept screening.
    CriterionId
);
id_type!(
    /// Identifies an [`crate::model::Action`] of the action plan.
    ActionId
);

/// The id after the largest of `ids`, starting at 1 for an empty list.
///
/// Ids are never reused while the item holding them exists, and allocating
/// from the current maximum keeps undo exact: undoing an addition gives back
/// a document equal to the one before it.
pub(crate) fn next_after(ids: impl Iterator<Item = u32>) -> u32 {
    ids.max().map_or(1, |max| max.saturating_add(1))
}
