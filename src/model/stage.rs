//! Stages (phases) and the steps inside them: the columns of a map.

use serde::{Deserialize, Serialize};

use super::{StageId, StepId};

/// A phase of the journey, e.g. 购车 or "Check in"; holds ordered steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Stable identifier.
    pub id: StageId,
    /// Name shown in the stage header.
    pub name: String,
    /// The columns of this stage, left to right.
    pub steps: Vec<Step>,
}

/// One column of the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Stable identifier, unique across all stages.
    pub id: StepId,
    /// Name shown in the step header.
    pub name: String,
}
