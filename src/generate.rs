//! Synthetic maps of any size, with Chinese and English text, for benchmarks and tests.

use crate::model::{
    Card, CardId, Connector, ConnectorId, Direction, Document, Lane, LaneId, LaneKind, Stage,
    StageId, Step, StepId,
};

/// Lane kinds in blueprint order; maps with more lanes repeat the journey kinds below them.
const LANE_KINDS: [(LaneKind, &str, &str); 8] = [
    (LaneKind::Evidence, "有形展示", "Evidence"),
    (LaneKind::Customer, "顾客行为", "Customer actions"),
    (LaneKind::Touchpoint, "触点", "Touchpoints"),
    (LaneKind::Frontstage, "前台行为", "Front-stage"),
    (LaneKind::Backstage, "后台行为", "Back-stage"),
    (LaneKind::Support, "支持过程", "Support"),
    (LaneKind::Pain, "痛点", "Pain points"),
    (LaneKind::Opportunity, "机会点", "Opportunities"),
];

/// Words card titles are made of, Chinese and English in turn.
const PHRASES: [&str; 12] = [
    "查找充电桩",
    "Compare offers online",
    "预约上门维保",
    "Wait for loan approval",
    "门店试驾体验",
    "Check in at the front desk",
    "填写开户资料",
    "Receive the confirmation email",
    "客服电话回访",
    "Pick up the car after service",
    "系统自动审批",
    "Pay the invoice in the app",
];

/// A map with `stages` stages of one step each, `lanes` lanes, `cards_per_cell`
/// cards in every cell and up to `connectors` connectors between the cards.
///
/// Titles mix Chinese and English; some cards carry pain, fail and wait
/// points, moments of truth and emotion scores. The same arguments always give
/// the same document.
pub fn generated_map(
    stages: usize,
    lanes: usize,
    cards_per_cell: usize,
    connectors: usize,
) -> Document {
    let mut doc = Document::new("生成的旅程 Generated journey");
    doc.stages = (0..stages)
        .map(|index| {
            let number = index as u64 + 1;
            let name = if index % 2 == 0 {
                format!("阶段 {number}")
            } else {
                format!("Stage {number}")
            };
            Stage {
                id: StageId(number),
                name: name.clone(),
                steps: vec![Step {
                    id: StepId(number),
                    name: format!("{name} · 1"),
                }],
            }
        })
        .collect();
    doc.lanes = (0..lanes)
        .map(|index| {
            let (kind, chinese, english) = &LANE_KINDS[index % LANE_KINDS.len()];
            let round = index / LANE_KINDS.len();
            let name = if round == 0 {
                format!("{chinese} {english}")
            } else {
                format!("{chinese} {english} {}", round + 1)
            };
            // Repeated rounds hold journey lanes only, so the blueprint stays valid.
            let kind = if round == 0 {
                kind.clone()
            } else {
                LaneKind::Note
            };
            Lane {
                id: LaneId(index as u64 + 1),
                name,
                kind,
            }
        })
        .collect();

    let mut cards = Vec::with_capacity(stages * lanes * cards_per_cell);
    for stage in &doc.stages {
        for step in &stage.steps {
            for lane in &doc.lanes {
                for _ in 0..cards_per_cell {
                    let number = cards.len() + 1;
                    cards.push(sample_card(CardId(number as u64), step.id, lane.id, number));
                }
            }
        }
    }
    doc.connectors = sample_connectors(&cards, lanes * cards_per_cell, connectors);
    doc.cards = cards;
    doc
}

fn sample_card(id: CardId, step: StepId, lane: LaneId, number: usize) -> Card {
    let phrase = PHRASES[number % PHRASES.len()];
    let mut card = Card::new(id, step, lane, format!("{phrase} {number}"));
    card.pain = number.is_multiple_of(7);
    card.fail = number.is_multiple_of(11);
    card.moment_of_truth = number.is_multiple_of(13);
    if number.is_multiple_of(5) {
        card.wait_minutes = Some((number % 4 + 1) as u32 * 5);
    }
    if number.is_multiple_of(3) {
        card.emotion = Some(((number % 5) as f64) - 2.0);
    }
    card
}

/// Connectors from each card to the card in the same place one column to the
/// right (or, in the last column, the next card down), every fifth one two-way.
fn sample_connectors(cards: &[Card], cards_per_column: usize, wanted: usize) -> Vec<Connector> {
    let mut connectors = Vec::with_capacity(wanted);
    if cards.len() < 2 || cards_per_column == 0 {
        return connectors;
    }
    // Spread the connectors over the whole map rather than the first columns.
    let stride = (cards.len() / wanted.max(1)).max(1);
    let mut from = 0;
    while connectors.len() < wanted && from < cards.len() {
        let to = if from + cards_per_column < cards.len() {
            from + cards_per_column
        } else {
            (from + 1) % cards.len()
        };
        let number = connectors.len() + 1;
        connectors.push(Connector {
            id: ConnectorId(number as u64),
            from: cards[from].id,
            to: cards[to].id,
            direction: if number.is_multiple_of(5) {
                Direction::TwoWay
            } else {
                Direction::OneWay
            },
            label: String::new(),
        });
        from += stride;
    }
    connectors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_arguments() {
        let doc = generated_map(40, 8, 3, 500);
        assert_eq!(doc.stages.len(), 40);
        assert_eq!(doc.step_count(), 40);
        assert_eq!(doc.lanes.len(), 8);
        assert_eq!(doc.cards.len(), 960);
        assert_eq!(doc.connectors.len(), 500);
        assert!(doc.blueprint_lines().1.is_empty());
        assert!(doc.cards.iter().any(|c| c.title.contains('充')));
        assert!(doc.cards.iter().any(|c| c.title.contains("Compare")));
    }

    #[test]
    fn the_map_is_a_valid_file() {
        let doc = generated_map(5, 10, 2, 30);
        let text = crate::format::to_string(&doc);
        let back = crate::format::parse(&text, std::path::Path::new("generated.stagemap.ron"))
            .expect("generated map parses");
        assert_eq!(back, doc);
        let mut pairs: Vec<(CardId, CardId)> =
            doc.connectors.iter().map(|c| (c.from, c.to)).collect();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), doc.connectors.len());
    }

    #[test]
    fn small_maps_are_fine() {
        assert!(generated_map(0, 0, 0, 10).cards.is_empty());
        assert!(generated_map(1, 1, 1, 10).connectors.is_empty());
        assert_eq!(generated_map(1, 1, 2, 10).connectors.len(), 2);
    }
}
