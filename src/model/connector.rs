//! Connectors: arrows between cards that make up the flow.

use serde::{Deserialize, Serialize};

use super::{CardId, ConnectorId};

/// An arrow from one card to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Connector {
    /// Stable identifier.
    pub id: ConnectorId,
    /// Card the arrow starts at.
    pub from: CardId,
    /// Card the arrow points to.
    pub to: CardId,
    /// One-way (a hand-off) or two-way (a co-dependency).
    #[serde(default, skip_serializing_if = "Direction::is_one_way")]
    pub direction: Direction,
    /// Text written along the arrow.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// Whether a connector points one way or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// A hand-off from `from` to `to`.
    #[default]
    OneWay,
    /// A co-dependency between the two cards.
    TwoWay,
}

impl Direction {
    #[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
    fn is_one_way(&self) -> bool {
        *self == Self::OneWay
    }
}
