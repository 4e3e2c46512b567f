//! What a workshop's decisions add up to, for the editor, the exports and
//! `stagemap stats`: a round's votes tallied and ranked (ties kept as ties,
//! with the count per group), where each item sits on the impact/effort
//! matrix, the screening's weighted totals and ranks, and the default names
//! of the matrix and the criteria in a language.
//!
//! Cards the map no longer holds are left out of every table.

use std::collections::HashMap;

use crate::model::{
    ActionStatus, Ballot, CardId, Criterion, CriterionId, Document, LaneKind, Quadrant, RoundId,
    VotingRound,
};
use crate::scene::words::Language;

/// One card of a round's ranked list.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedCard {
    /// The card.
    pub card: CardId,
    /// 1 for the most dots; cards with as many dots share a rank and the next
    /// rank skips (1, 2, 2, 4).
    pub rank: usize,
    /// Its dots.
    pub dots: usize,
    /// Its dots per group, in the order groups first appear among the
    /// participants; empty when nobody is in a group.
    pub by_group: Vec<(String, usize)>,
}

/// A round's cards with at least one dot, most dots first (map order among
/// equals), each with its rank.
pub fn ranking(doc: &Document, round: &VotingRound) -> Vec<RankedCard> {
    let groups = groups(round);
    let mut counted: Vec<RankedCard> = doc
        .cards
        .iter()
        .filter_map(|card| {
            let votes = || round.votes.iter().filter(|v| v.card == card.id);
            let dots = votes().count();
            (dots > 0).then(|| RankedCard {
                card: card.id,
                rank: 0,
                dots,
                by_group: groups
                    .iter()
                    .map(|group| {
                        let count = votes()
                            .filter(|v| {
                                round
                                    .participant(v.participant)
                                    .is_some_and(|p| p.group.trim() == group)
                            })
                            .count();
                        (group.clone(), count)
                    })
                    .collect(),
            })
        })
        .collect();
    // A stable sort keeps map order among cards with as many dots.
    counted.sort_by_key(|ranked| std::cmp::Reverse(ranked.dots));
    for index in 0..counted.len() {
        counted[index].rank = match index {
            0 => 1,
            _ if counted[index].dots == counted[index - 1].dots => counted[index - 1].rank,
            _ => index + 1,
        };
    }
    counted
}

/// The groups of a round's participants, in order of first appearance.
pub fn groups(round: &VotingRound) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for participant in &round.participants {
        let group = participant.group.trim();
        if !group.is_empty() && !groups.iter().any(|g| g == group) {
            groups.push(group.to_owned());
        }
    }
    groups
}

/// Dots per card of a round (cards without dots absent).
pub fn dots_per_card(round: &VotingRound) -> HashMap<CardId, usize> {
    let mut dots = HashMap::new();
    for vote in &round.votes {
        *dots.entry(vote.card).or_insert(0) += 1;
    }
    dots
}

/// The round whose votes set the matrix's starting places and the heat of
/// the map: the latest closed round, else none.
pub fn latest_closed_round(doc: &Document) -> Option<&VotingRound> {
    doc.decisions.rounds.iter().rev().find(|r| !r.is_open())
}

/// One item on the impact/effort matrix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatrixItem {
    /// The card.
    pub card: CardId,
    /// 0 (low) – 1 (high).
    pub impact: f64,
    /// 0 (low) – 1 (high).
    pub effort: f64,
    /// Dragged into place (`false`: placed by its votes, waiting to be moved).
    pub placed: bool,
    /// Its dots in the latest closed round.
    pub dots: usize,
}

impl MatrixItem {
    /// The quadrant it sits in.
    pub fn quadrant(&self) -> Quadrant {
        Quadrant::of(self.impact, self.effort)
    }
}

/// The items of the matrix: the map's opportunities (and pain points when
/// the matrix includes them), plus any card already placed. An item not yet
/// placed starts at an impact from its votes in the latest closed round
/// (most dots at the top, none at the bottom), spread side by side along
/// the effort axis so none hides another until it is dragged.
pub fn matrix_items(doc: &Document) -> Vec<MatrixItem> {
    let matrix = &doc.decisions.matrix;
    let dots = latest_closed_round(doc)
        .map(dots_per_card)
        .unwrap_or_default();
    let most = dots.values().copied().max().unwrap_or(0);
    let on_matrix: Vec<CardId> = doc
        .cards
        .iter()
        .filter(|card| {
            Ballot::Opportunities.offers(doc, card)
                || (matrix.include_pain && Ballot::PainPoints.offers(doc, card))
                || matrix.placement(card.id).is_some()
        })
        .map(|card| card.id)
        .collect();
    let waiting = on_matrix
        .iter()
        .filter(|card| matrix.placement(**card).is_none())
        .count();
    let mut next_waiting = 0;
    on_matrix
        .into_iter()
        .map(|card| {
            let count = dots.get(&card).copied().unwrap_or(0);
            match matrix.placement(card) {
                Some(place) => MatrixItem {
                    card,
                    impact: place.impact,
                    effort: place.effort,
                    placed: true,
                    dots: count,
                },
                None => {
                    next_waiting += 1;
                    let impact = if most == 0 {
                        0.5
                    } else {
                        0.1 + 0.8 * count as f64 / most as f64
                    };
                    // Side by side along the effort axis, none at its ends.
                    let effort = next_waiting as f64 / (waiting + 1) as f64;
                    MatrixItem {
                        card,
                        impact,
                        effort,
                        placed: false,
                        dots: count,
                    }
                }
            }
        })
        .collect()
}

/// One row of the screening table.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenedCard {
    /// The card.
    pub card: CardId,
    /// Its score on each criterion, in the criteria's order.
    pub scores: Vec<Option<u8>>,
    /// Σ weight × score over the criteria it is scored on.
    pub total: f64,
    /// 1 for the highest total; equal totals share a rank (1, 2, 2, 4).
    pub rank: usize,
}

/// The cards screened: the map's opportunities and any card already scored,
/// highest weighted total first (map order among equals).
pub fn screening_table(doc: &Document) -> Vec<ScreenedCard> {
    let screening = &doc.decisions.screening;
    let mut rows: Vec<ScreenedCard> = doc
        .cards
        .iter()
        .filter(|card| {
            Ballot::Opportunities.offers(doc, card)
                || screening.scores.iter().any(|s| s.card == card.id)
        })
        .map(|card| {
            let scores: Vec<Option<u8>> = screening
                .criteria
                .iter()
                .map(|c| screening.score(card.id, c.id))
                .collect();
            let total = screening
                .criteria
                .iter()
                .zip(&scores)
                .filter_map(|(c, s)| s.map(|s| c.weight * f64::from(s)))
                .sum();
            ScreenedCard {
                card: card.id,
                scores,
                total,
                rank: 0,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.total.total_cmp(&a.total));
    for index in 0..rows.len() {
        rows[index].rank = match index {
            0 => 1,
            // Totals are sums of a few products of small numbers: equal
            // totals are equal to well within this.
            _ if (rows[index].total - rows[index - 1].total).abs() < 1e-9 => rows[index - 1].rank,
            _ => index + 1,
        };
    }
    rows
}

/// The criteria a screening starts with: 有效性 effectiveness, 可行性
/// feasibility, 客户价值 customer value, each weighing 1, named in `language`.
pub fn default_criteria(language: Language) -> Vec<Criterion> {
    let names: [&str; 3] = match language {
        Language::English => ["Effectiveness", "Feasibility", "Customer value"],
        Language::SimplifiedChinese => ["有效性", "可行性", "客户价值"],
        Language::TraditionalChinese => ["有效性", "可行性", "客戶價值"],
    };
    names
        .into_iter()
        .zip(1..)
        .map(|(name, id)| Criterion {
            id: CriterionId(id),
            name: name.to_owned(),
            weight: 1.0,
        })
        .collect()
}

/// A quadrant's name: the map's own, else the default in `language`.
pub fn quadrant_name(doc: &Document, quadrant: Quadrant, language: Language) -> String {
    let own = doc.decisions.matrix.quadrants[quadrant.index()].trim();
    if !own.is_empty() {
        return own.to_owned();
    }
    let name = match (language, quadrant) {
        (Language::English, Quadrant::QuickWins) => "Quick wins",
        (Language::English, Quadrant::BigBets) => "Big bets",
        (Language::English, Quadrant::FillIns) => "Fill-ins",
        (Language::English, Quadrant::MoneyPits) => "Money pits",
        (Language::SimplifiedChinese, Quadrant::QuickWins) => "速赢",
        (Language::TraditionalChinese, Quadrant::QuickWins) => "速贏",
        (_, Quadrant::BigBets) => "重大投入",
        (_, Quadrant::FillIns) => "填充",
        (_, Quadrant::MoneyPits) => "不值得",
    };
    name.to_owned()
}

/// The names of the matrix's axes (impact, effort): the map's own, else the
/// defaults in `language`.
pub fn axis_names(doc: &Document, language: Language) -> (String, String) {
    let matrix = &doc.decisions.matrix;
    let (impact, effort) = match language {
        Language::English => ("Impact", "Effort"),
        Language::SimplifiedChinese => ("影响", "投入"),
        Language::TraditionalChinese => ("影響", "投入"),
    };
    let or = |own: &str, default: &str| match own.trim() {
        "" => default.to_owned(),
        own => own.to_owned(),
    };
    (
        or(&matrix.impact_axis, impact),
        or(&matrix.effort_axis, effort),
    )
}

/// The title of a round: its question, else "Round N" in `language`.
pub fn round_title(round: &VotingRound, language: Language) -> String {
    match round.question.trim() {
        "" => match language {
            Language::English => format!("Round {}", round.id),
            Language::SimplifiedChinese => format!("第 {} 轮投票", round.id),
            Language::TraditionalChinese => format!("第 {} 輪投票", round.id),
        },
        question => question.to_owned(),
    }
}

/// A participant's name: their own, else "Participant N" in `language`.
pub fn participant_name(
    round: &VotingRound,
    id: crate::model::ParticipantId,
    language: Language,
) -> String {
    match round.participant(id).map(|p| p.name.trim()) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => match language {
            Language::English => format!("Participant {id}"),
            Language::SimplifiedChinese => format!("参与者 {id}"),
            Language::TraditionalChinese => format!("參與者 {id}"),
        },
    }
}

/// The dots each card got in each of `rounds`, for comparing them side by
/// side: the cards with a dot in any of them, in map order.
pub fn compare_rounds(doc: &Document, rounds: &[RoundId]) -> Vec<(CardId, Vec<usize>)> {
    let counts: Vec<HashMap<CardId, usize>> = rounds
        .iter()
        .filter_map(|id| doc.decisions.round(*id))
        .map(dots_per_card)
        .collect();
    doc.cards
        .iter()
        .filter_map(|card| {
            let row: Vec<usize> = counts
                .iter()
                .map(|c| c.get(&card.id).copied().unwrap_or(0))
                .collect();
            row.iter().any(|n| *n > 0).then_some((card.id, row))
        })
        .collect()
}

/// An action's status in `language`: "to do", "doing", "done" (待办, 进行中, 已完成).
pub fn status_name(status: ActionStatus, language: Language) -> &'static str {
    match (language, status) {
        (Language::English, ActionStatus::ToDo) => "to do",
        (Language::English, ActionStatus::Doing) => "doing",
        (Language::English, ActionStatus::Done) => "done",
        (Language::SimplifiedChinese, ActionStatus::ToDo) => "待办",
        (Language::TraditionalChinese, ActionStatus::ToDo) => "待辦",
        (Language::SimplifiedChinese, ActionStatus::Doing) => "进行中",
        (Language::TraditionalChinese, ActionStatus::Doing) => "進行中",
        (Language::SimplifiedChinese | Language::TraditionalChinese, ActionStatus::Done) => {
            "已完成"
        }
    }
}

/// A weight or a weighted total as reports print it: a whole number without
/// decimals, others with up to two (trailing zeros dropped): 20, 17.5, 1.25.
pub fn format_weight(value: f64) -> String {
    // An empty sum of floats is −0: written as 0.
    let text = format!("{:.2}", value + 0.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The card lies in an opportunity lane.
pub fn is_opportunity(doc: &Document, card: CardId) -> bool {
    doc.card(card)
        .and_then(|c| doc.lane(c.lane))
        .is_some_and(|lane| lane.kind == LaneKind::Opportunity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Card, Lane, LaneId, Participant, ParticipantId, Placement, Score, Stage, StageId, Step,
        StepId, Vote,
    };

    /// Opportunities 1–4 in map order.
    fn map() -> Document {
        let mut doc = Document::new("t");
        doc.stages.push(Stage {
            id: StageId(1),
            name: "S".into(),
            steps: vec![Step {
                id: StepId(1),
                name: "s".into(),
            }],
        });
        doc.lanes.push(Lane {
            id: LaneId(1),
            name: "机会".into(),
            kind: LaneKind::Opportunity,
        });
        for id in 1..=4 {
            doc.cards.push(Card {
                id: CardId(id),
                step: StepId(1),
                lane: LaneId(1),
                title: format!("机会{id}"),
                ..Card::default()
            });
        }
        doc
    }

    fn round(groups: &[&str], votes: &[(u64, u64)]) -> VotingRound {
        VotingRound {
            id: RoundId(1),
            question: String::new(),
            ballot: Ballot::Opportunities,
            participants: groups
                .iter()
                .zip(1..)
                .map(|(group, id)| Participant {
                    id: ParticipantId(id),
                    name: String::new(),
                    group: (*group).into(),
                    colour: 0,
                })
                .collect(),
            budget: 3,
            stacking: true,
            votes: votes
                .iter()
                .map(|&(p, c)| Vote {
                    participant: ParticipantId(p),
                    card: CardId(c),
                })
                .collect(),
            closed: None,
        }
    }

    #[test]
    fn ranks_share_ties_skip_after_them_and_split_by_group() {
        let doc = map();
        // Card 3: 3 dots; cards 1 and 4: 2 each; card 2: none.
        let round = round(
            &["A", "B", "A"],
            &[(1, 3), (2, 3), (3, 3), (1, 4), (2, 1), (3, 1), (2, 4)],
        );
        let ranked: Vec<(u64, usize, usize)> = ranking(&doc, &round)
            .iter()
            .map(|r| (r.card.0, r.rank, r.dots))
            .collect();
        assert_eq!(ranked, [(3, 1, 3), (1, 2, 2), (4, 2, 2)]);
        let first = &ranking(&doc, &round)[0];
        assert_eq!(first.by_group, [("A".to_owned(), 2), ("B".to_owned(), 1)]);
    }

    #[test]
    fn a_deleted_card_s_dots_are_left_out() {
        let mut doc = map();
        let round = round(&[""], &[(1, 2), (1, 2)]);
        doc.cards.retain(|c| c.id != CardId(2));
        assert!(ranking(&doc, &round).is_empty());
    }

    #[test]
    fn unplaced_items_start_from_their_votes_and_placed_ones_stay() {
        let mut doc = map();
        let mut closed = round(&[""], &[(1, 1), (1, 1), (1, 2)]);
        closed.closed = Some(jiff::Timestamp::UNIX_EPOCH);
        doc.decisions.rounds.push(closed);
        doc.decisions.matrix.placed.push(Placement {
            card: CardId(4),
            impact: 0.2,
            effort: 0.9,
        });
        let items = matrix_items(&doc);
        let impact: Vec<f64> = items.iter().map(|i| i.impact).collect();
        assert_eq!(impact, [0.9, 0.5, 0.1, 0.2]);
        assert!(items[3].placed && !items[0].placed);
        assert_eq!(items[3].quadrant(), Quadrant::MoneyPits);
        let efforts: Vec<f64> = items[..3].iter().map(|i| i.effort).collect();
        assert!(efforts.windows(2).all(|w| w[0] < w[1]), "{efforts:?}");
    }

    #[test]
    fn screening_totals_are_weighted_sums_ranked_with_ties() {
        let mut doc = map();
        let mut criteria = default_criteria(Language::SimplifiedChinese);
        criteria[0].weight = 0.5;
        criteria[1].weight = 2.0;
        doc.decisions.screening.criteria = criteria;
        let mut score = |card, criterion, value| {
            doc.decisions.screening.scores.push(Score {
                card: CardId(card),
                criterion: CriterionId(criterion),
                value,
            });
        };
        // Card 1: 0.5·4 + 2·3 + 1·5 = 13; card 2: 2·5 + 1·3 = 13; card 3: 0.5·2 = 1.
        score(1, 1, 4);
        score(1, 2, 3);
        score(1, 3, 5);
        score(2, 2, 5);
        score(2, 3, 3);
        score(3, 1, 2);
        let table: Vec<(u64, f64, usize)> = screening_table(&doc)
            .iter()
            .map(|r| (r.card.0, r.total, r.rank))
            .collect();
        assert_eq!(
            table,
            [(1, 13.0, 1), (2, 13.0, 1), (3, 1.0, 3), (4, 0.0, 4)]
        );
    }

    #[test]
    fn weights_and_totals_drop_needless_decimals() {
        assert_eq!(format_weight(20.0), "20");
        assert_eq!(format_weight(17.5), "17.5");
        assert_eq!(format_weight(1.25), "1.25");
        assert_eq!(format_weight(0.0), "0");
        assert_eq!(format_weight(std::iter::empty::<f64>().sum()), "0");
    }

    #[test]
    fn default_names_follow_the_language_and_own_names_win() {
        let mut doc = map();
        assert_eq!(
            quadrant_name(&doc, Quadrant::QuickWins, Language::SimplifiedChinese),
            "速赢"
        );
        assert_eq!(
            quadrant_name(&doc, Quadrant::QuickWins, Language::TraditionalChinese),
            "速贏"
        );
        assert_eq!(
            quadrant_name(&doc, Quadrant::MoneyPits, Language::English),
            "Money pits"
        );
        assert_eq!(
            quadrant_name(&doc, Quadrant::QuickWins, Language::TraditionalChinese),
            "速贏"
        );
        doc.decisions.matrix.quadrants[1] = "大项目".into();
        assert_eq!(
            quadrant_name(&doc, Quadrant::BigBets, Language::English),
            "大项目"
        );
        assert_eq!(
            axis_names(&doc, Language::English),
            ("Impact".into(), "Effort".into())
        );
    }
}
