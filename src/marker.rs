//! The small signs a card carries — moment of truth, pain, fail, wait,
//! opportunity, the actions that improve it, emotion score — worked out once
//! for the canvas and the exports.

use std::cmp::Ordering;

use crate::model::{ActionStatus, Card, Document, LaneKind};

/// A small sign on a card.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Marker {
    /// Moment of truth: a star.
    MomentOfTruth,
    /// Pain point: "!" in a red circle.
    Pain,
    /// Fail point: "F" in a red box.
    Fail,
    /// Wait point with its minutes.
    Wait(u32),
    /// Opportunity: a card in an opportunity lane.
    Opportunity,
    /// Actions of the action plan improve the card: how many, and whether every one is done.
    Actions {
        /// The actions naming the card.
        count: usize,
        /// Every one of them is done.
        done: bool,
    },
    /// Emotion score, and whether it lies above, at or below the scale's neutral point.
    Emotion(f64, Ordering),
}

/// Which kinds of marker a drawing shows, on the cards and on the emotion curve
/// (a view setting of the canvas, a choice of an export).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MarkerKinds {
    /// Pain points ("!").
    pub pain: bool,
    /// Fail points ("F"; their recovery shows on hover).
    pub fail: bool,
    /// Wait points ("W" and minutes).
    pub wait: bool,
    /// Moments of truth (★).
    pub moment_of_truth: bool,
    /// Cards in opportunity lanes.
    pub opportunity: bool,
}

impl Default for MarkerKinds {
    fn default() -> Self {
        Self::ALL
    }
}

impl MarkerKinds {
    /// Every kind shown.
    pub const ALL: Self = Self {
        pain: true,
        fail: true,
        wait: true,
        moment_of_truth: true,
        opportunity: true,
    };

    /// The marker's kind is switched on (the actions and the emotion score always show).
    pub fn shows(&self, marker: &Marker) -> bool {
        match marker {
            Marker::MomentOfTruth => self.moment_of_truth,
            Marker::Pain => self.pain,
            Marker::Fail => self.fail,
            Marker::Wait(_) => self.wait,
            Marker::Opportunity => self.opportunity,
            Marker::Actions { .. } | Marker::Emotion(..) => true,
        }
    }
}

/// The markers a card shows, left to right (the emotion score last).
pub fn card_markers(card: &Card, doc: &Document) -> Vec<Marker> {
    let mut markers = Vec::new();
    if card.moment_of_truth {
        markers.push(Marker::MomentOfTruth);
    }
    if card.pain {
        markers.push(Marker::Pain);
    }
    if card.fail {
        markers.push(Marker::Fail);
    }
    if card.is_wait_point() {
        markers.push(Marker::Wait(card.wait_minutes.unwrap_or(0)));
    }
    if doc
        .lane(card.lane)
        .is_some_and(|lane| lane.kind == LaneKind::Opportunity)
    {
        markers.push(Marker::Opportunity);
    }
    let (count, done) = doc
        .decisions
        .actions_for(card.id)
        .fold((0, true), |(count, done), action| {
            (count + 1, done && action.status == ActionStatus::Done)
        });
    if count > 0 {
        markers.push(Marker::Actions { count, done });
    }
    if let Some(score) = card.emotion.filter(|score| score.is_finite()) {
        let neutral = doc.meta.emotion_scale.neutral;
        let side = score.partial_cmp(&neutral).unwrap_or(Ordering::Equal);
        markers.push(Marker::Emotion(score, side));
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CardId;

    #[test]
    fn markers_follow_the_card() {
        let doc = Document::default();
        let mut card = Card::new(CardId(1), Default::default(), Default::default(), "x");
        assert!(card_markers(&card, &doc).is_empty());
        card.pain = true;
        card.wait_minutes = Some(0);
        card.emotion = Some(-1.0);
        card.moment_of_truth = true;
        assert_eq!(
            card_markers(&card, &doc),
            vec![
                Marker::MomentOfTruth,
                Marker::Pain,
                Marker::Emotion(-1.0, Ordering::Less)
            ]
        );
        card.wait_minutes = Some(15);
        assert!(card_markers(&card, &doc).contains(&Marker::Wait(15)));
    }
}
