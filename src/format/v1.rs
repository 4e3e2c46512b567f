//! Format version 1, frozen: the document as the first release wrote it, before
//! a map held a presentation (views and agenda).
//!
//! Only the top level changed from version 1 to 2, so the parts below it are
//! the current types; when one of them changes, freeze its version-1 shape here.

use serde::Deserialize;

use crate::model::{
    Card, Connector, Decisions, Document, IdBlock, Lane, MapMeta, Persona, Presentation, Stage,
};

/// A version-1 file.
#[derive(Deserialize)]
pub(super) struct File {
    /// The map.
    pub document: Document1,
}

/// A version-1 document: a version-2 document without a presentation.
#[derive(Deserialize)]
pub(super) struct Document1 {
    meta: MapMeta,
    #[serde(default)]
    personas: Vec<Persona>,
    #[serde(default)]
    stages: Vec<Stage>,
    #[serde(default)]
    lanes: Vec<Lane>,
    #[serde(default)]
    cards: Vec<Card>,
    #[serde(default)]
    connectors: Vec<Connector>,
}

impl From<Document1> for Document {
    /// Version 1 → 2 (and on): the map gets an empty presentation, so the
    /// default walk-through is offered, and no decisions.
    fn from(doc: Document1) -> Self {
        Self {
            meta: doc.meta,
            personas: doc.personas,
            stages: doc.stages,
            lanes: doc.lanes,
            cards: doc.cards,
            connectors: doc.connectors,
            presentation: Presentation::default(),
            decisions: Decisions::default(),
            id_block: IdBlock::SHARED,
        }
    }
}
