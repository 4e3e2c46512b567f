//! Format version 2, frozen: the document with its presentation (views and
//! agenda), before a map held the workshop's decisions (voting rounds, the
//! impact/effort matrix, concept screening, the action plan).
//!
//! Only the top level changed from version 2 to 3, so the parts below it are
//! the current types; when one of them changes, freeze its version-2 shape here.

use serde::Deserialize;

use crate::model::{
    Card, Connector, Decisions, Document, IdBlock, Lane, MapMeta, Persona, Presentation, Stage,
};

/// A version-2 file.
#[derive(Deserialize)]
pub(super) struct File {
    /// The map.
    pub document: Document2,
}

/// A version-2 document: a version-3 document without decisions.
#[derive(Deserialize)]
pub(super) struct Document2 {
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
    #[serde(default)]
    presentation: Presentation,
}

impl From<Document2> for Document {
    /// Version 2 → 3: the map gets no decisions yet.
    fn from(doc: Document2) -> Self {
        Self {
            meta: doc.meta,
            personas: doc.personas,
            stages: doc.stages,
            lanes: doc.lanes,
            cards: doc.cards,
            connectors: doc.connectors,
            presentation: doc.presentation,
            decisions: Decisions::default(),
            id_block: IdBlock::SHARED,
        }
    }
}
