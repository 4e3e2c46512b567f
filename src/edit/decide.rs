//! Builders from a workshop's intentions to commands: start a voting round,
//! place or take back a dot, close and reopen a round, put a card on the
//! matrix, score it, turn it into an action. Each checks what the person
//! meant against the map and says why it is refused ([`Refusal`]).

use crate::model::{
    Action, ActionStatus, Ballot, CardId, Criterion, CriterionId, Document, Participant,
    ParticipantId, Placement, RoundId, Score, Vote, VotingRound,
};

use super::Command;

/// Why a workshop step was refused; the document is unchanged. The editor
/// shows [`Refusal::key`] in the UI's language, the command line the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A round needs someone to vote.
    #[error("a round needs at least one participant")]
    NoParticipants,
    /// The ballot offers no card.
    #[error("there is nothing to vote on: the map has no such cards")]
    NothingToVoteOn,
    /// The budget is 0 or above the number of cards on the ballot.
    #[error("each participant needs between 1 and {options} dots (one per card on the ballot)")]
    BadBudget {
        /// Cards on the ballot.
        options: usize,
    },
    /// The round is closed: its votes were revealed.
    #[error("the round is closed; reopen it to vote")]
    RoundClosed,
    /// The map holds no such round.
    #[error("there is no such voting round")]
    NoSuchRound,
    /// The round has no such participant.
    #[error("there is no such participant in the round")]
    NoSuchParticipant,
    /// The card was deleted.
    #[error("card {0} is not in the map")]
    NoSuchCard(CardId),
    /// The card is not one the round votes on.
    #[error("card {0} is not on this round's ballot")]
    NotOnBallot(CardId),
    /// The participant has placed all their dots.
    #[error("all dots are placed; take one back first")]
    BudgetSpent,
    /// The round does not let one person put two dots on one card.
    #[error("this round allows one dot per card and person")]
    NoStacking,
    /// The participant has no dot on the card.
    #[error("there is no dot of this participant on the card")]
    NoDotThere,
    /// An action must say what is to be done.
    #[error("an action needs to say what is to be done")]
    EmptyAction,
    /// A score lies outside 1–5.
    #[error("a score goes from 1 to 5")]
    BadScore,
    /// A criterion weight is negative or not a number.
    #[error("a weight is a number of 0 or more")]
    BadWeight,
}

impl Refusal {
    /// A stable key naming the refusal, for the editor's translations
    /// (`refused-` + key).
    pub fn key(&self) -> &'static str {
        match self {
            Self::NoParticipants => "no-participants",
            Self::NothingToVoteOn => "nothing-to-vote-on",
            Self::BadBudget { .. } => "bad-budget",
            Self::RoundClosed => "round-closed",
            Self::NoSuchRound => "no-such-round",
            Self::NoSuchParticipant => "no-such-participant",
            Self::NoSuchCard(_) => "no-such-card",
            Self::NotOnBallot(_) => "not-on-ballot",
            Self::BudgetSpent => "budget-spent",
            Self::NoStacking => "no-stacking",
            Self::NoDotThere => "no-dot-there",
            Self::EmptyAction => "empty-action",
            Self::BadScore => "bad-score",
            Self::BadWeight => "bad-weight",
        }
    }
}

/// Who votes when a round starts: a name (may be empty) and a group (may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Voter {
    /// Their name; empty: they are numbered.
    pub name: String,
    /// Their group; empty: none.
    pub group: String,
}

/// What a round is started with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundSetup {
    /// The question or criterion.
    pub question: String,
    /// What can be voted on.
    pub ballot: Ballot,
    /// Who votes.
    pub voters: Vec<Voter>,
    /// Dots per participant.
    pub budget: u32,
    /// One may put several dots on one card.
    pub stacking: bool,
}

/// The colour-palette index each voter gets: one per group when the room
/// votes in groups (groups in order of first appearance), else one per
/// person; the palette repeats after [`PALETTE_SIZE`], the initials tell
/// dots apart.
fn colours(voters: &[Voter]) -> Vec<u8> {
    let grouped = voters.iter().any(|v| !v.group.trim().is_empty());
    let mut groups: Vec<&str> = Vec::new();
    voters
        .iter()
        .enumerate()
        .map(|(index, voter)| {
            let slot = if grouped {
                let group = voter.group.trim();
                groups.iter().position(|g| *g == group).unwrap_or_else(|| {
                    groups.push(group);
                    groups.len() - 1
                })
            } else {
                index
            };
            (slot % PALETTE_SIZE) as u8
        })
        .collect()
}

/// How many colours the dot palette has (`scene::colour::DOT_PALETTE`).
pub const PALETTE_SIZE: usize = 8;

/// Starts a voting round, open and empty, after the map's rounds.
pub fn start_round(doc: &Document, setup: RoundSetup) -> Result<Command, Refusal> {
    if setup.voters.is_empty() {
        return Err(Refusal::NoParticipants);
    }
    let options = setup.ballot.options(doc).len();
    if options == 0 {
        return Err(Refusal::NothingToVoteOn);
    }
    if setup.budget == 0 || setup.budget as usize > options {
        return Err(Refusal::BadBudget { options });
    }
    let colours = colours(&setup.voters);
    let participants = setup
        .voters
        .into_iter()
        .zip(colours)
        .zip(1..)
        .map(|((voter, colour), id)| Participant {
            id: ParticipantId(id),
            name: voter.name.trim().to_owned(),
            group: voter.group.trim().to_owned(),
            colour,
        })
        .collect();
    Ok(Command::InsertRound {
        index: doc.decisions.rounds.len(),
        round: VotingRound {
            id: doc.next_round_id(),
            question: setup.question.trim().to_owned(),
            ballot: setup.ballot,
            participants,
            budget: setup.budget,
            stacking: setup.stacking,
            votes: Vec::new(),
            closed: None,
        },
    })
}

fn open_round(doc: &Document, round: RoundId) -> Result<&VotingRound, Refusal> {
    let round = doc.decisions.round(round).ok_or(Refusal::NoSuchRound)?;
    if !round.is_open() {
        return Err(Refusal::RoundClosed);
    }
    Ok(round)
}

/// Places one dot of `participant` on `card`.
pub fn cast_vote(
    doc: &Document,
    round: RoundId,
    participant: ParticipantId,
    card: CardId,
) -> Result<Command, Refusal> {
    let round = open_round(doc, round)?;
    round
        .participant(participant)
        .ok_or(Refusal::NoSuchParticipant)?;
    let on_map = doc.card(card).ok_or(Refusal::NoSuchCard(card))?;
    if !round.ballot.offers(doc, on_map) {
        return Err(Refusal::NotOnBallot(card));
    }
    if round.remaining(participant) == 0 {
        return Err(Refusal::BudgetSpent);
    }
    let vote = Vote { participant, card };
    if !round.stacking && round.votes.contains(&vote) {
        return Err(Refusal::NoStacking);
    }
    let mut changed = round.clone();
    changed.votes.push(vote);
    Ok(Command::SetRound(changed))
}

/// Takes back `participant`'s last dot on `card`.
pub fn take_back_vote(
    doc: &Document,
    round: RoundId,
    participant: ParticipantId,
    card: CardId,
) -> Result<Command, Refusal> {
    let round = open_round(doc, round)?;
    let vote = Vote { participant, card };
    let at = round
        .votes
        .iter()
        .rposition(|v| *v == vote)
        .ok_or(Refusal::NoDotThere)?;
    let mut changed = round.clone();
    changed.votes.remove(at);
    Ok(Command::SetRound(changed))
}

/// Closes a round and reveals its votes; `now` is when, as the editor's clock says.
pub fn close_round(
    doc: &Document,
    round: RoundId,
    now: jiff::Timestamp,
) -> Result<Command, Refusal> {
    let mut changed = open_round(doc, round)?.clone();
    changed.closed = Some(now);
    Ok(Command::SetRound(changed))
}

/// Reopens a closed round: its votes are hidden again and more may be placed.
pub fn reopen_round(doc: &Document, round: RoundId) -> Result<Command, Refusal> {
    let mut changed = doc
        .decisions
        .round(round)
        .ok_or(Refusal::NoSuchRound)?
        .clone();
    changed.closed = None;
    Ok(Command::SetRound(changed))
}

/// Puts a card on the impact/effort matrix (both clamped to 0–1).
pub fn place_on_matrix(
    doc: &Document,
    card: CardId,
    impact: f64,
    effort: f64,
) -> Result<Command, Refusal> {
    doc.card(card).ok_or(Refusal::NoSuchCard(card))?;
    let clamp = |v: f64| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.5
        }
    };
    let place = Placement {
        card,
        impact: clamp(impact),
        effort: clamp(effort),
    };
    let mut matrix = doc.decisions.matrix.clone();
    match matrix.placed.iter_mut().find(|p| p.card == card) {
        Some(existing) => *existing = place,
        None => matrix.placed.push(place),
    }
    Ok(Command::SetMatrix(matrix))
}

/// Sets (or, with `None`, clears) a card's score on a criterion.
pub fn set_score(
    doc: &Document,
    card: CardId,
    criterion: CriterionId,
    value: Option<u8>,
) -> Result<Command, Refusal> {
    doc.card(card).ok_or(Refusal::NoSuchCard(card))?;
    if value.is_some_and(|v| !(1..=5).contains(&v)) {
        return Err(Refusal::BadScore);
    }
    let mut screening = doc.decisions.screening.clone();
    let at = screening
        .scores
        .iter()
        .position(|s| s.card == card && s.criterion == criterion);
    match (at, value) {
        (Some(at), Some(value)) => screening.scores[at].value = value,
        (Some(at), None) => {
            screening.scores.remove(at);
        }
        (None, Some(value)) => screening.scores.push(Score {
            card,
            criterion,
            value,
        }),
        (None, None) => {}
    }
    Ok(Command::SetScreening(screening))
}

/// Replaces the screening criteria (names, weights, order); the scores of a
/// criterion no longer listed go with it.
pub fn set_criteria(doc: &Document, criteria: Vec<Criterion>) -> Result<Command, Refusal> {
    if criteria
        .iter()
        .any(|c| !c.weight.is_finite() || c.weight < 0.0)
    {
        return Err(Refusal::BadWeight);
    }
    let mut screening = doc.decisions.screening.clone();
    screening
        .scores
        .retain(|score| criteria.iter().any(|c| c.id == score.criterion));
    screening.criteria = criteria;
    Ok(Command::SetScreening(screening))
}

/// A new action to improve `card` (an opportunity or a pain point): what to
/// do (the card's title when `what` is empty), the card and its step.
pub fn action_from_card(doc: &Document, card: CardId, what: &str) -> Result<Command, Refusal> {
    let source = doc.card(card).ok_or(Refusal::NoSuchCard(card))?;
    let what = match what.trim() {
        "" => source.title.trim(),
        typed => typed,
    };
    if what.is_empty() {
        return Err(Refusal::EmptyAction);
    }
    Ok(Command::InsertAction {
        index: doc.decisions.actions.len(),
        action: Action {
            id: doc.next_action_id(),
            what: what.to_owned(),
            owner: String::new(),
            due: None,
            status: ActionStatus::ToDo,
            cards: vec![card],
            steps: vec![source.step],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Card, Lane, LaneId, LaneKind, Stage, StageId, Step, StepId};

    /// Three pain points (1–3) and a plain card (4).
    fn map() -> Document {
        let mut doc = Document::new("t");
        doc.stages.push(Stage {
            id: StageId(1),
            name: "到店".into(),
            steps: vec![Step {
                id: StepId(1),
                name: "排队".into(),
            }],
        });
        doc.lanes.push(Lane {
            id: LaneId(1),
            name: "顾客".into(),
            kind: LaneKind::Customer,
        });
        for id in 1..=4 {
            doc.cards.push(Card {
                id: CardId(id),
                step: StepId(1),
                lane: LaneId(1),
                title: format!("卡{id}"),
                pain: id <= 3,
                ..Card::default()
            });
        }
        doc
    }

    fn voters(n: usize) -> Vec<Voter> {
        (0..n).map(|_| Voter::default()).collect()
    }

    fn started(doc: &mut Document, budget: u32, stacking: bool) -> RoundId {
        let setup = RoundSetup {
            question: "最该先解决的痛点".into(),
            ballot: Ballot::PainPoints,
            voters: voters(2),
            budget,
            stacking,
        };
        start_round(doc, setup).unwrap().apply(doc).unwrap();
        doc.decisions.rounds.last().unwrap().id
    }

    #[test]
    fn a_round_needs_voters_options_and_a_budget_within_them() {
        let doc = map();
        let setup = |voters: Vec<Voter>, budget| RoundSetup {
            question: String::new(),
            ballot: Ballot::PainPoints,
            voters,
            budget,
            stacking: false,
        };
        assert_eq!(
            start_round(&doc, setup(vec![], 2)),
            Err(Refusal::NoParticipants)
        );
        assert_eq!(
            start_round(&doc, setup(voters(3), 0)),
            Err(Refusal::BadBudget { options: 3 })
        );
        assert_eq!(
            start_round(&doc, setup(voters(3), 4)),
            Err(Refusal::BadBudget { options: 3 })
        );
        assert!(start_round(&doc, setup(voters(3), 3)).is_ok());
        let nothing = RoundSetup {
            ballot: Ballot::Opportunities,
            ..setup(voters(3), 1)
        };
        assert_eq!(start_round(&doc, nothing), Err(Refusal::NothingToVoteOn));
    }

    #[test]
    fn dots_keep_to_the_ballot_the_budget_and_the_stacking_rule() {
        let mut doc = map();
        let round = started(&mut doc, 2, false);
        let one = ParticipantId(1);
        let vote = |doc: &mut Document, card| {
            cast_vote(doc, round, one, CardId(card)).map(|c| c.apply(doc).unwrap())
        };
        assert_eq!(
            vote(&mut doc, 4).err(),
            Some(Refusal::NotOnBallot(CardId(4)))
        );
        assert_eq!(
            vote(&mut doc, 9).err(),
            Some(Refusal::NoSuchCard(CardId(9)))
        );
        vote(&mut doc, 1).unwrap();
        assert_eq!(vote(&mut doc, 1).err(), Some(Refusal::NoStacking));
        vote(&mut doc, 2).unwrap();
        assert_eq!(vote(&mut doc, 3).err(), Some(Refusal::BudgetSpent));
        take_back_vote(&doc, round, one, CardId(2))
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        assert_eq!(doc.decisions.round(round).unwrap().remaining(one), 1);
        assert_eq!(
            take_back_vote(&doc, round, one, CardId(2)).err(),
            Some(Refusal::NoDotThere)
        );
        let now = jiff::Timestamp::UNIX_EPOCH;
        close_round(&doc, round, now)
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        assert_eq!(vote(&mut doc, 3).err(), Some(Refusal::RoundClosed));
        reopen_round(&doc, round).unwrap().apply(&mut doc).unwrap();
        vote(&mut doc, 3).unwrap();
    }

    #[test]
    fn stacking_lets_one_person_put_every_dot_on_one_card() {
        let mut doc = map();
        let round = started(&mut doc, 3, true);
        for _ in 0..3 {
            cast_vote(&doc, round, ParticipantId(2), CardId(1))
                .unwrap()
                .apply(&mut doc)
                .unwrap();
        }
        assert_eq!(
            doc.decisions
                .round(round)
                .unwrap()
                .dots_of(ParticipantId(2)),
            3
        );
    }

    #[test]
    fn groups_share_a_colour_and_people_without_groups_get_their_own() {
        let voter = |group: &str| Voter {
            name: String::new(),
            group: group.into(),
        };
        assert_eq!(colours(&[voter("A"), voter("B"), voter("A")]), [0, 1, 0]);
        assert_eq!(colours(&voters(10))[8..], [0, 1]);
    }

    #[test]
    fn an_action_from_a_card_takes_its_title_and_step_and_needs_text() {
        let mut doc = map();
        action_from_card(&doc, CardId(2), " ")
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        let action = &doc.decisions.actions[0];
        assert_eq!(
            (action.what.as_str(), action.cards.as_slice()),
            ("卡2", &[CardId(2)][..])
        );
        doc.cards[2].title.clear();
        assert_eq!(
            action_from_card(&doc, CardId(3), ""),
            Err(Refusal::EmptyAction)
        );
        assert_eq!(
            set_score(&doc, CardId(1), CriterionId(1), Some(6)),
            Err(Refusal::BadScore)
        );
        let criterion = |id, weight| Criterion {
            id: CriterionId(id),
            name: "可行性".into(),
            weight,
        };
        set_criteria(&doc, vec![criterion(1, 2.0), criterion(2, 1.0)])
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        set_score(&doc, CardId(1), CriterionId(2), Some(4))
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        set_criteria(&doc, vec![criterion(1, 2.0)])
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        assert!(
            doc.decisions.screening.scores.is_empty(),
            "the score went with its criterion"
        );
        assert_eq!(
            set_criteria(&doc, vec![criterion(1, -1.0)]),
            Err(Refusal::BadWeight)
        );
    }
}
