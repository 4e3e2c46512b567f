//! View filters of the canvas: which kinds of marker show, and which cards stay bright while
//! the rest is dimmed. Both are view state, never saved in the map file.

use std::collections::HashSet;

use crate::analysis::Flow;
pub use crate::marker::MarkerKinds;
use crate::model::{Card, CardId, PersonaId, Servqual};

/// What stays bright while everything else is dimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Focus {
    /// Cards of one persona.
    Persona(PersonaId),
    /// Cards of one channel (compared without case and surrounding spaces).
    Channel(String),
    /// Pain points and fail points.
    PainPoints,
    /// The cards on the critical path of the flow.
    CriticalPath,
    /// Cards of one owner (compared without case and surrounding spaces).
    Owner(String),
    /// Cards that touch one SERVQUAL dimension.
    Servqual(Servqual),
}

impl Focus {
    /// The card stays bright under this focus. `critical` is the critical path's cards.
    pub(crate) fn keeps(&self, card: &Card, critical: &HashSet<CardId>) -> bool {
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        match self {
            Self::Persona(persona) => card.persona == Some(*persona),
            Self::Channel(channel) => same(&card.channel, channel),
            Self::PainPoints => card.pain || card.fail,
            Self::CriticalPath => critical.contains(&card.id),
            Self::Owner(owner) => same(&card.owner, owner),
            Self::Servqual(dimension) => card.servqual == Some(*dimension),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LaneId, StepId};

    fn card() -> Card {
        let mut card = Card::new(CardId(1), StepId(1), LaneId(1), "充电");
        card.channel = "App".into();
        card.owner = "服务部".into();
        card.servqual = Some(Servqual::Responsiveness);
        card.persona = Some(PersonaId(2));
        card
    }

    #[test]
    fn each_focus_keeps_only_matching_cards() {
        let card = card();
        let none = HashSet::new();
        let on_path: HashSet<CardId> = [CardId(1)].into();
        assert!(Focus::Channel(" app ".into()).keeps(&card, &none));
        assert!(!Focus::Channel("phone".into()).keeps(&card, &none));
        assert!(Focus::Owner("服务部".into()).keeps(&card, &none));
        assert!(!Focus::Owner("销售部".into()).keeps(&card, &none));
        assert!(Focus::Servqual(Servqual::Responsiveness).keeps(&card, &none));
        assert!(!Focus::Servqual(Servqual::Empathy).keeps(&card, &none));
        assert!(Focus::Persona(PersonaId(2)).keeps(&card, &none));
        assert!(!Focus::Persona(PersonaId(3)).keeps(&card, &none));
        assert!(!Focus::PainPoints.keeps(&card, &none));
        assert!(!Focus::CriticalPath.keeps(&card, &none));
        assert!(Focus::CriticalPath.keeps(&card, &on_path));
        let mut failing = card;
        failing.fail = true;
        assert!(Focus::PainPoints.keeps(&failing, &none));
    }
}
