//! Typed, sequential identifiers for everything a document holds.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u64);

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

/// How many ids one block holds: 2²¹, so that a peer's block number (a
/// 32-bit Yjs client id) times it stays below 2⁵³, the largest integer a
/// JavaScript client of the live document reads exactly.
const BLOCK_SIZE: u64 = 1 << 21;

/// The ids an editor hands out for new items.
///
/// A map edited alone takes its ids from block 0 (1 up to 2²¹), as every map
/// saved before live co-editing did; each peer of a live room takes them from
/// its own block, numbered by its Yjs client id, so two people adding a card
/// at the same moment never get the same id. Ids are kept forever whatever
/// block they came from.
///
/// The block belongs to the editor, not to the map: it is never saved and a
/// document's `==` ignores it.
#[derive(Clone, Copy, Debug, Default)]
pub struct IdBlock(u32);

impl IdBlock {
    /// The block of a map edited alone.
    pub const SHARED: Self = Self(0);

    /// The block of a live peer with this Yjs client id (0 is taken as 1).
    pub fn of_peer(client_id: u32) -> Self {
        Self(client_id.max(1))
    }

    /// The ids of the block: the smallest and one past the largest.
    pub fn range(self) -> std::ops::Range<u64> {
        let start = u64::from(self.0) * BLOCK_SIZE;
        start.max(1)..start + BLOCK_SIZE
    }

    /// The id after the largest of `ids` that lies in this block, or the
    /// block's first id.
    ///
    /// Allocating from the current maximum keeps undo exact: undoing an
    /// addition gives back a document equal to the one before it.
    pub(crate) fn next_after(self, ids: impl Iterator<Item = u64>) -> u64 {
        let range = self.range();
        ids.filter(|id| range.contains(id))
            .max()
            .map_or(range.start, |max| max.saturating_add(1))
    }
}

impl PartialEq for IdBlock {
    /// Always equal: which editor hands out ids is no part of what a map says.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}
