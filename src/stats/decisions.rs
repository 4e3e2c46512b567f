//! The workshop's decisions in `stagemap stats`: each voting round with its
//! ranking (hidden while the round is open), the matrix's items, the
//! screening table and the action plan, as JSON and as a short summary.

use std::fmt;

use serde::Serialize;

use crate::decisions::{
    axis_names, matrix_items, participant_name, ranking, round_title, screening_table,
};
use crate::model::{ActionId, CardId, CriterionId, Document, Quadrant, RoundId, StepId};
use crate::scene::words::Language;

/// Figures are in English, as the rest of `stats`.
const LANGUAGE: Language = Language::English;

/// One voting round.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundStats {
    /// The round's id.
    pub id: RoundId,
    /// Its question (or "Round N").
    pub question: String,
    /// What was voted on: `pain-points`, `opportunities`, `fail-points`, `all-cards`, `cards`.
    pub ballot: &'static str,
    /// Who votes, in turn order.
    pub participants: Vec<ParticipantStats>,
    /// Dots per participant.
    pub budget: u32,
    /// One participant may put several dots on one card.
    pub stacking: bool,
    /// When the round was closed (RFC 3339), `null` while it is open.
    pub closed: Option<String>,
    /// The cards with dots, most first; `null` while the round is open (the
    /// votes are hidden until it closes).
    pub ranking: Option<Vec<RankedStats>>,
}

/// A participant of a round.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParticipantStats {
    /// Their name (or "Participant N").
    pub name: String,
    /// Their group; empty when none.
    pub group: String,
}

/// A card of a closed round's ranking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedStats {
    /// The card's id.
    pub card: CardId,
    /// Its title.
    pub title: String,
    /// 1 for the most dots; equal dots share a rank.
    pub rank: usize,
    /// Its dots.
    pub dots: usize,
    /// Its dots per group, in the order groups first appear; empty without groups.
    pub by_group: Vec<GroupDots>,
}

/// A group's dots on a card.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupDots {
    /// The group.
    pub group: String,
    /// Its dots.
    pub dots: usize,
}

/// The impact/effort matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixStats {
    /// The vertical axis's name.
    pub impact_axis: String,
    /// The horizontal axis's name.
    pub effort_axis: String,
    /// The items, in map order.
    pub items: Vec<MatrixItemStats>,
}

/// An item on the matrix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixItemStats {
    /// The card's id.
    pub card: CardId,
    /// Its title.
    pub title: String,
    /// 0 (low) – 1 (high).
    pub impact: f64,
    /// 0 (low) – 1 (high).
    pub effort: f64,
    /// `quick-wins`, `big-bets`, `fill-ins` or `money-pits`.
    pub quadrant: &'static str,
    /// Dragged into place (`false`: where its votes put it, waiting).
    pub placed: bool,
}

/// Concept screening.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScreeningStats {
    /// The criteria, in column order.
    pub criteria: Vec<CriterionStats>,
    /// The cards screened, highest weighted total first.
    pub rows: Vec<ScreenedStats>,
}

/// A screening criterion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionStats {
    /// Its id.
    pub id: CriterionId,
    /// Its name.
    pub name: String,
    /// Its weight.
    pub weight: f64,
}

/// A row of the screening table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScreenedStats {
    /// The card's id.
    pub card: CardId,
    /// Its title.
    pub title: String,
    /// Its score (1–5) per criterion, in the criteria's order; `null` where not scored.
    pub scores: Vec<Option<u8>>,
    /// Σ weight × score.
    pub total: f64,
    /// 1 for the highest total; equal totals share a rank.
    pub rank: usize,
}

/// An action of the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionStats {
    /// Its id.
    pub id: ActionId,
    /// What is to be done.
    pub what: String,
    /// Who does it; empty when nobody is named.
    pub owner: String,
    /// By when, `YYYY-MM-DD`, or `null`.
    pub due: Option<String>,
    /// `to-do`, `doing` or `done`.
    pub status: &'static str,
    /// The cards it improves (title `null` for one the map no longer holds).
    pub cards: Vec<Named<CardId>>,
    /// The steps it improves (name `null` for one the map no longer holds).
    pub steps: Vec<Named<StepId>>,
}

/// Something an action names: its id and its title or name, if the map still holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named<Id> {
    /// Its id.
    pub id: Id,
    /// Its title or name; `null` when it is gone.
    pub name: Option<String>,
}

/// The stable key of a quadrant.
fn quadrant_key(quadrant: Quadrant) -> &'static str {
    match quadrant {
        Quadrant::QuickWins => "quick-wins",
        Quadrant::BigBets => "big-bets",
        Quadrant::FillIns => "fill-ins",
        Quadrant::MoneyPits => "money-pits",
    }
}

fn title(doc: &Document, card: CardId) -> String {
    doc.card(card).map(|c| c.title.clone()).unwrap_or_default()
}

/// Each voting round of `doc`.
pub fn rounds(doc: &Document) -> Vec<RoundStats> {
    doc.decisions
        .rounds
        .iter()
        .map(|round| RoundStats {
            id: round.id,
            question: round_title(round, LANGUAGE),
            ballot: round.ballot.key(),
            participants: round
                .participants
                .iter()
                .map(|p| ParticipantStats {
                    name: participant_name(round, p.id, LANGUAGE),
                    group: p.group.trim().to_owned(),
                })
                .collect(),
            budget: round.budget,
            stacking: round.stacking,
            closed: round.closed.map(|time| time.to_string()),
            ranking: (!round.is_open()).then(|| {
                ranking(doc, round)
                    .into_iter()
                    .map(|item| RankedStats {
                        card: item.card,
                        title: title(doc, item.card),
                        rank: item.rank,
                        dots: item.dots,
                        by_group: item
                            .by_group
                            .into_iter()
                            .map(|(group, dots)| GroupDots { group, dots })
                            .collect(),
                    })
                    .collect()
            }),
        })
        .collect()
}

/// The matrix of `doc`, or `None` when nothing was placed or named on it.
pub fn matrix(doc: &Document) -> Option<MatrixStats> {
    if doc.decisions.matrix.is_empty() {
        return None;
    }
    let (impact_axis, effort_axis) = axis_names(doc, LANGUAGE);
    Some(MatrixStats {
        impact_axis,
        effort_axis,
        items: matrix_items(doc)
            .into_iter()
            .map(|item| MatrixItemStats {
                card: item.card,
                title: title(doc, item.card),
                impact: item.impact,
                effort: item.effort,
                quadrant: quadrant_key(item.quadrant()),
                placed: item.placed,
            })
            .collect(),
    })
}

/// The screening of `doc`, or `None` when it has no criteria or scores.
pub fn screening(doc: &Document) -> Option<ScreeningStats> {
    let screening = &doc.decisions.screening;
    if screening.is_empty() {
        return None;
    }
    Some(ScreeningStats {
        criteria: screening
            .criteria
            .iter()
            .map(|c| CriterionStats {
                id: c.id,
                name: c.name.clone(),
                weight: c.weight,
            })
            .collect(),
        rows: screening_table(doc)
            .into_iter()
            .map(|row| ScreenedStats {
                card: row.card,
                title: title(doc, row.card),
                scores: row.scores,
                total: row.total,
                rank: row.rank,
            })
            .collect(),
    })
}

/// The action plan of `doc`.
pub fn actions(doc: &Document) -> Vec<ActionStats> {
    doc.decisions
        .actions
        .iter()
        .map(|action| ActionStats {
            id: action.id,
            what: action.what.clone(),
            owner: action.owner.clone(),
            due: action.due.map(|due| due.to_string()),
            status: action.status.key(),
            cards: action
                .cards
                .iter()
                .map(|id| Named {
                    id: *id,
                    name: doc.card(*id).map(|c| c.title.clone()),
                })
                .collect(),
            steps: action
                .steps
                .iter()
                .map(|id| Named {
                    id: *id,
                    name: doc.step(*id).map(|s| s.name.clone()),
                })
                .collect(),
        })
        .collect()
}

/// The short summary the plain `stats` prints after its figures; nothing
/// when the map holds no decisions.
pub(super) struct Summary<'a>(pub(super) &'a super::Stats);

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stats = self.0;
        let nothing = stats.votes.is_empty()
            && stats.matrix.is_none()
            && stats.screening.is_none()
            && stats.actions.is_empty();
        if nothing {
            return Ok(());
        }
        writeln!(f, "decisions")?;
        for round in &stats.votes {
            write!(
                f,
                "  round {} {}: {} participants, {} dots each, ",
                round.id,
                round.question,
                round.participants.len(),
                round.budget
            )?;
            match &round.ranking {
                None => writeln!(f, "open (votes hidden)")?,
                Some(ranked) => match ranked.first() {
                    Some(top) => writeln!(f, "closed; first: {} ({} dots)", top.title, top.dots)?,
                    None => writeln!(f, "closed; no dots")?,
                },
            }
        }
        if let Some(matrix) = &stats.matrix {
            let placed = matrix.items.iter().filter(|item| item.placed).count();
            writeln!(
                f,
                "  matrix: {placed} placed, {} waiting",
                matrix.items.len() - placed
            )?;
        }
        if let Some(screening) = &stats.screening {
            write!(f, "  screening: {} criteria", screening.criteria.len())?;
            match screening.rows.first() {
                Some(top) => writeln!(f, "; first: {} ({})", top.title, top.total)?,
                None => writeln!(f)?,
            }
        }
        if !stats.actions.is_empty() {
            let count = |key| stats.actions.iter().filter(|a| a.status == key).count();
            writeln!(
                f,
                "  actions: {} ({} to do, {} doing, {} done)",
                stats.actions.len(),
                count("to-do"),
                count("doing"),
                count("done")
            )?;
        }
        Ok(())
    }
}
