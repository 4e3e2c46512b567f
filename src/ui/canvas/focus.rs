//! View filters of the canvas: which kinds of marker show, and which cards stay bright while
//! the rest is dimmed (the [`Focus`], a model type because a presentation's views save it),
//! with the flow summary the critical-path focus reads.

use std::collections::HashSet;

use crate::analysis::Flow;
pub use crate::marker::MarkerKinds;
use crate::model::CardId;
pub use crate::model::Focus;

/// The flow of one document state, with the critical path as a set for lookups.
#[derive(Debug)]
pub(crate) struct FlowSummary {
    /// The analysis.
    pub flow: Flow,
    /// The cards of `flow.critical_path`.
    pub critical: HashSet<CardId>,
}

impl FlowSummary {
    /// Summarises a flow.
    pub fn new(flow: Flow) -> Self {
        let critical = flow.critical_path.iter().copied().collect();
        Self { flow, critical }
    }
}
