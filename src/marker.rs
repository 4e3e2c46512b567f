//! The small signs a card carries — moment of truth, pain, fail, wait,
//! opportunity, emotion score — worked out once for the canvas and the exports.

use std::cmp::Ordering;

use crate::model::{Card, Document, LaneKind};

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
    /// Emotion score, and whether it lies above, at or below the scale's neutral point.
    Emotion(f64, Ordering),
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
