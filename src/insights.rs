//! What a map tells, read out live: ranked pain points, figures per stage,
//! SERVQUAL and KANO counts, fail points without a recovery, steps without an
//! owner, and the flow. Derived from the document and [`crate::analysis`]; never saved.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::analysis::{self, Flow};
use crate::model::{Card, CardId, Document, Kano, Servqual, Stage, StageId, StepId};

/// Everything the insights panel and `stagemap stats` say about a map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Insights {
    /// Pain points, most urgent first: lowest emotion, then on the critical
    /// path, then map order (column, lane, order in the cell).
    pub pain_points: Vec<PainPoint>,
    /// Figures per stage, left to right.
    pub stages: Vec<StageInsights>,
    /// Pain points per SERVQUAL dimension, every dimension listed in [`Servqual::ALL`] order.
    pub servqual: Vec<(Servqual, usize)>,
    /// Pain points that name no SERVQUAL dimension.
    pub pain_without_servqual: usize,
    /// Cards per KANO category, every category listed in [`Kano::ALL`] order.
    pub kano: Vec<(Kano, usize)>,
    /// Fail points that say nothing about how the service recovers, in map order.
    pub fail_without_recovery: Vec<CardId>,
    /// Steps (columns) holding cards, none of which names an owner, left to right.
    pub steps_without_owner: Vec<StepId>,
    /// The flow: critical path, elapsed and waiting time.
    pub flow: Flow,
}

/// One pain point as the panel ranks it (and `stagemap stats --json` lists it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PainPoint {
    /// The pain card.
    #[serde(rename = "id")]
    pub card: CardId,
    /// Its title.
    pub title: String,
    /// The stage it sits in, if its step exists.
    pub stage: Option<StageId>,
    /// The emotion it is ranked by: its own score, or else the lowest score in its column.
    pub emotion: Option<f64>,
    /// The card lies on the critical path.
    pub on_critical_path: bool,
}

/// The figures of one stage (serialised under `per_stage` by `stagemap stats --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageInsights {
    /// The stage.
    #[serde(rename = "id")]
    pub stage: StageId,
    /// Its name.
    #[serde(rename = "stage")]
    pub name: String,
    /// Cards in its steps.
    pub cards: usize,
    /// Pain points among them.
    pub pain_points: usize,
    /// Fail points among them.
    pub fail_points: usize,
    /// Wait points among them.
    pub wait_points: usize,
    /// Moments of truth among them.
    pub moments_of_truth: usize,
    /// Average emotion of its scored cards; `None` when no card is scored.
    pub emotion_average: Option<f64>,
    /// Average NPS of the cards that give one.
    pub nps_average: Option<f64>,
    /// Average CSAT of the cards that give one.
    pub csat_average: Option<f64>,
    /// Average CES of the cards that give one.
    pub ces_average: Option<f64>,
}

impl Insights {
    /// Reads what a document tells.
    pub fn of(doc: &Document) -> Self {
        let flow = analysis::analyze(doc);
        let positions = analysis::map_positions(doc);
        // The first of equal ids wins, as with the lookups of `Document`.
        let mut stage_of: HashMap<StepId, StageId> = HashMap::new();
        for (stage, step) in doc.columns() {
            stage_of.entry(step.id).or_insert(stage.id);
        }

        let mut lowest_in_step: HashMap<StepId, f64> = HashMap::new();
        for (card, score) in doc
            .cards
            .iter()
            .filter_map(|c| Some((c, score(c.emotion)?)))
        {
            lowest_in_step
                .entry(card.step)
                .and_modify(|low| *low = low.min(score))
                .or_insert(score);
        }
        let critical: HashSet<CardId> = flow.critical_path.iter().copied().collect();
        let mut ranked: Vec<(analysis::MapPosition, PainPoint)> = doc
            .cards
            .iter()
            .enumerate()
            .filter(|(_, card)| card.pain)
            .map(|(index, card)| {
                let point = PainPoint {
                    card: card.id,
                    title: card.title.clone(),
                    stage: stage_of.get(&card.step).copied(),
                    emotion: score(card.emotion)
                        .or_else(|| lowest_in_step.get(&card.step).copied()),
                    on_critical_path: critical.contains(&card.id),
                };
                (positions[index], point)
            })
            .collect();
        ranked.sort_by(|(pos_a, a), (pos_b, b)| {
            let emotion = match (a.emotion, b.emotion) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (a, b) => b.is_some().cmp(&a.is_some()),
            };
            emotion
                .then(b.on_critical_path.cmp(&a.on_critical_path))
                .then(pos_a.cmp(pos_b))
        });

        let mut fail_without_recovery: Vec<(analysis::MapPosition, CardId)> = doc
            .cards
            .iter()
            .enumerate()
            .filter(|(_, card)| card.fail && card.recovery.trim().is_empty())
            .map(|(index, card)| (positions[index], card.id))
            .collect();
        fail_without_recovery.sort_by_key(|(pos, _)| *pos);

        // Cards grouped by step once, so per-stage and per-step figures stay linear.
        let mut cards_by_step: HashMap<StepId, Vec<&Card>> = HashMap::new();
        for card in &doc.cards {
            cards_by_step.entry(card.step).or_default().push(card);
        }
        let pains = || doc.cards.iter().filter(|card| card.pain);
        Self {
            pain_points: ranked.into_iter().map(|(_, point)| point).collect(),
            stages: doc
                .stages
                .iter()
                .map(|stage| StageInsights::of(stage, &cards_by_step))
                .collect(),
            servqual: Servqual::ALL
                .iter()
                .map(|&dim| (dim, pains().filter(|c| c.servqual == Some(dim)).count()))
                .collect(),
            pain_without_servqual: pains().filter(|c| c.servqual.is_none()).count(),
            kano: Kano::ALL
                .iter()
                .map(|&kano| {
                    (
                        kano,
                        doc.cards.iter().filter(|c| c.kano == Some(kano)).count(),
                    )
                })
                .collect(),
            fail_without_recovery: fail_without_recovery
                .into_iter()
                .map(|(_, id)| id)
                .collect(),
            steps_without_owner: doc
                .columns()
                .map(|(_, step)| step.id)
                .filter(|step| {
                    cards_by_step
                        .get(step)
                        .is_some_and(|cards| cards.iter().all(|card| card.owner.trim().is_empty()))
                })
                .collect(),
            flow,
        }
    }

    /// The figures of a stage.
    pub fn stage(&self, id: StageId) -> Option<&StageInsights> {
        self.stages.iter().find(|stage| stage.stage == id)
    }
}

impl StageInsights {
    fn of(stage: &Stage, cards_by_step: &HashMap<StepId, Vec<&Card>>) -> Self {
        // In step order, so averages add up the same way every time; a step
        // listed twice (a broken file) counts its cards once.
        let mut seen = HashSet::new();
        let cards: Vec<&Card> = stage
            .steps
            .iter()
            .filter(|step| seen.insert(step.id))
            .filter_map(|step| cards_by_step.get(&step.id))
            .flatten()
            .copied()
            .collect();
        let count = |keep: fn(&Card) -> bool| cards.iter().filter(|c| keep(c)).count();
        let average = |measure: fn(&Card) -> Option<f64>| {
            average(cards.iter().filter_map(|card| score(measure(card))))
        };
        Self {
            stage: stage.id,
            name: stage.name.clone(),
            cards: cards.len(),
            pain_points: count(|c| c.pain),
            fail_points: count(|c| c.fail),
            wait_points: count(Card::is_wait_point),
            moments_of_truth: count(|c| c.moment_of_truth),
            emotion_average: average(|c| c.emotion),
            nps_average: average(|c| c.nps),
            csat_average: average(|c| c.csat),
            ces_average: average(|c| c.ces),
        }
    }
}

/// A measure worth counting: given and finite.
fn score(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

/// The mean of the values, `None` when there are none.
fn average(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), v| (sum + v, count + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Connector, ConnectorId, Direction, Lane, LaneId, LaneKind, Stage, Step};

    /// Two stages: A (steps 1, 2) and B (steps 3, 4; step 4 empty); a customer
    /// lane and a pain lane; the flow 1 → 3 → 5 is the critical path (35 min, 20 waiting).
    fn map() -> Document {
        let step = |id: u64| Step {
            id: StepId(id),
            name: format!("step {id}"),
        };
        let mut doc = Document::new("small");
        doc.stages = vec![
            Stage {
                id: StageId(1),
                name: "A".into(),
                steps: vec![step(1), step(2)],
            },
            Stage {
                id: StageId(2),
                name: "B".into(),
                steps: vec![step(3), step(4)],
            },
        ];
        doc.lanes = vec![
            Lane {
                id: LaneId(1),
                name: "Customer".into(),
                kind: LaneKind::Customer,
            },
            Lane {
                id: LaneId(2),
                name: "Pain".into(),
                kind: LaneKind::Pain,
            },
        ];
        let card = |id: u64, step: u64, lane: u64| {
            Card::new(CardId(id), StepId(step), LaneId(lane), format!("card {id}"))
        };
        doc.cards = vec![
            Card {
                emotion: Some(1.0),
                owner: "Sales".into(),
                duration_minutes: Some(10),
                ..card(1, 1, 1)
            },
            Card {
                pain: true,
                servqual: Some(Servqual::Reliability),
                ..card(2, 1, 2)
            },
            Card {
                emotion: Some(-1.0),
                duration_minutes: Some(5),
                wait_minutes: Some(20),
                ..card(3, 2, 1)
            },
            Card {
                pain: true,
                emotion: Some(-2.0),
                fail: true,
                kano: Some(Kano::MustBe),
                ..card(4, 2, 2)
            },
            Card {
                pain: true,
                emotion: Some(-1.0),
                owner: "Ops".into(),
                nps: Some(20.0),
                csat: Some(4.0),
                ..card(5, 3, 1)
            },
            Card {
                pain: true,
                fail: true,
                recovery: "call back".into(),
                nps: Some(40.0),
                ..card(6, 3, 2)
            },
            Card {
                pain: true,
                emotion: Some(-1.0),
                ..card(7, 3, 1)
            },
        ];
        let link = |id: u64, from: u64, to: u64| Connector {
            id: ConnectorId(id),
            from: CardId(from),
            to: CardId(to),
            direction: Direction::OneWay,
            label: String::new(),
        };
        doc.connectors = vec![link(1, 1, 3), link(2, 3, 5)];
        doc
    }

    #[test]
    fn pain_points_rank_by_emotion_then_critical_path_then_map_order() {
        let insights = Insights::of(&map());
        let ranked: Vec<(u64, Option<f64>, bool)> = insights
            .pain_points
            .iter()
            .map(|p| (p.card.0, p.emotion, p.on_critical_path))
            .collect();
        // Card 6 has no score and takes its column's lowest (−1); card 2 takes 1.
        // Among the −1s, card 5 is on the critical path; card 7 sits in a higher lane than 6.
        assert_eq!(
            ranked,
            vec![
                (4, Some(-2.0), false),
                (5, Some(-1.0), true),
                (7, Some(-1.0), false),
                (6, Some(-1.0), false),
                (2, Some(1.0), false),
            ]
        );
        assert_eq!(insights.pain_points[0].stage, Some(StageId(1)));
        assert_eq!(insights.pain_points[1].title, "card 5");
    }

    #[test]
    fn a_pain_point_without_any_score_in_its_column_comes_last() {
        let mut doc = map();
        let extra = Card {
            pain: true,
            ..Card::new(CardId(8), StepId(4), LaneId(2), "unscored")
        };
        doc.cards.insert(0, extra);
        let insights = Insights::of(&doc);
        let last = insights.pain_points.last().unwrap();
        assert_eq!((last.card, last.emotion), (CardId(8), None));
    }

    #[test]
    fn stages_count_their_cards_and_average_the_given_scores() {
        let insights = Insights::of(&map());
        let a = insights.stage(StageId(1)).unwrap();
        assert_eq!(
            (a.cards, a.pain_points, a.fail_points, a.wait_points),
            (4, 2, 1, 1)
        );
        // Cards 1, 3 and 4 are scored: (1 − 1 − 2) / 3.
        assert!((a.emotion_average.unwrap() - (-2.0 / 3.0)).abs() < 1e-9);
        assert_eq!(
            (a.nps_average, a.csat_average, a.ces_average),
            (None, None, None)
        );
        let b = insights.stage(StageId(2)).unwrap();
        assert_eq!(
            (b.cards, b.pain_points, b.fail_points, b.moments_of_truth),
            (3, 3, 1, 0)
        );
        assert_eq!(b.emotion_average, Some(-1.0));
        assert_eq!(
            (b.nps_average, b.csat_average, b.ces_average),
            (Some(30.0), Some(4.0), None)
        );
    }

    #[test]
    fn servqual_kano_recovery_and_owners() {
        let insights = Insights::of(&map());
        assert_eq!(insights.servqual[1], (Servqual::Reliability, 1));
        assert_eq!(insights.servqual.iter().map(|(_, n)| n).sum::<usize>(), 1);
        assert_eq!(insights.pain_without_servqual, 4);
        assert_eq!(insights.kano[0], (Kano::MustBe, 1));
        assert_eq!(insights.fail_without_recovery, vec![CardId(4)]);
        // Step 2 has cards but no owner; step 4 has no cards at all.
        assert_eq!(insights.steps_without_owner, vec![StepId(2)]);
    }

    #[test]
    fn the_flow_gives_the_critical_path_and_the_waiting_share() {
        let insights = Insights::of(&map());
        assert_eq!(
            insights.flow.critical_path,
            vec![CardId(1), CardId(3), CardId(5)]
        );
        assert_eq!(
            (insights.flow.elapsed_minutes, insights.flow.waiting_minutes),
            (35, 20)
        );
        assert!((insights.flow.waiting_share() - 20.0 / 35.0).abs() < 1e-9);
    }

    #[test]
    fn an_empty_map_tells_nothing() {
        let insights = Insights::of(&Document::new("empty"));
        assert!(insights.pain_points.is_empty() && insights.stages.is_empty());
        assert!(insights.steps_without_owner.is_empty());
        assert_eq!(insights.flow.waiting_share(), 0.0);
    }
}
