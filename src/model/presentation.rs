//! The map's presentation: views on the document shown one after another, and
//! the workshop agenda. A view never holds cards; it says which part of the map
//! to show and how.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Card, CardId, Document, PersonaId, Servqual, StageId, ViewId};
use crate::layout::LayerPreset;

/// What a map shows a room: its views in order and its agenda.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Presentation {
    /// The views of the walk-through, in the order they are shown. Empty: the
    /// default walk-through ([`crate::presentation::walkthrough`]) is offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// The workshop's timed steps, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<AgendaStep>,
}

impl Presentation {
    /// No views and no agenda: nothing is written to the file.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty() && self.agenda.is_empty()
    }
}

/// One view on the document: a range of stages, the layers shown, what stays
/// bright, and what the presenter says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Identifies the view among the map's views.
    pub id: ViewId,
    /// Shown on the progress line and the slide; empty: the view is named
    /// after its stages and layers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The stages shown; `None`: the whole map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stages: Option<StageSpan>,
    /// The lanes shown, by blueprint layer.
    #[serde(default, skip_serializing_if = "is_all_layers")]
    pub layers: LayerPreset,
    /// What stays bright while the rest is dimmed; `None` dims nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<Focus>,
    /// The presenter's notes, shown in the presenter view and on the slide.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

fn is_all_layers(layers: &LayerPreset) -> bool {
    *layers == LayerPreset::All
}

impl View {
    /// The indices of the stages the view shows, first to last; `None` when
    /// the map has no stage the view can show. A range whose end stage was
    /// deleted keeps its other end; a range with both ends gone shows the
    /// whole map.
    pub fn stage_indices(&self, doc: &Document) -> Option<std::ops::RangeInclusive<usize>> {
        if doc.stages.is_empty() {
            return None;
        }
        let whole = 0..=doc.stages.len() - 1;
        let Some(range) = self.stages else {
            return Some(whole);
        };
        match (doc.stage_index(range.first), doc.stage_index(range.last)) {
            (Some(a), Some(b)) => Some(a.min(b)..=a.max(b)),
            (Some(one), None) | (None, Some(one)) => Some(one..=one),
            (None, None) => Some(whole),
        }
    }

    /// The view shows every stage.
    pub fn is_whole_map(&self, doc: &Document) -> bool {
        self.stage_indices(doc)
            .is_none_or(|range| *range.start() == 0 && *range.end() + 1 == doc.stages.len())
    }
}

/// A run of stages, from `first` to `last` inclusive (one stage: both the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StageSpan {
    /// The leftmost stage shown.
    pub first: StageId,
    /// The rightmost stage shown.
    pub last: StageId,
}

impl StageSpan {
    /// One stage.
    pub fn single(stage: StageId) -> Self {
        Self {
            first: stage,
            last: stage,
        }
    }
}

/// What stays bright while everything else is dimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub fn keeps(&self, card: &Card, critical: &HashSet<CardId>) -> bool {
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

/// One timed step of a workshop agenda, e.g. «前台 · 50 分钟».
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaStep {
    /// What the room does in this step.
    pub name: String,
    /// How long it lasts, in minutes (at least 1).
    pub minutes: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LaneId, Stage, StepId};

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

    #[test]
    fn a_view_keeps_showing_what_is_left_of_its_stages() {
        let mut doc = Document::new("m");
        for id in 1..=4 {
            doc.stages.push(Stage {
                id: StageId(id),
                name: format!("s{id}"),
                steps: Vec::new(),
            });
        }
        let view = |first, last| View {
            stages: Some(StageSpan {
                first: StageId(first),
                last: StageId(last),
            }),
            ..View::default()
        };
        assert_eq!(view(3, 2).stage_indices(&doc), Some(1..=2));
        assert_eq!(view(2, 9).stage_indices(&doc), Some(1..=1));
        assert_eq!(view(8, 9).stage_indices(&doc), Some(0..=3));
        assert!(view(8, 9).is_whole_map(&doc));
        assert!(!view(1, 3).is_whole_map(&doc));
        assert!(View::default().is_whole_map(&doc));
        assert_eq!(View::default().stage_indices(&Document::new("empty")), None);
    }
}
