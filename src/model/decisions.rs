//! What a workshop decides: dot-voting rounds, the impact/effort matrix,
//! concept screening and the action plan that leaves the room.
//!
//! A value here may name a card the map no longer holds (one deleted after the
//! vote or the action was made): it is kept, `stagemap check` reports it, and
//! tallies and exports leave it out. What a value must be on its own (a round
//! has participants and a budget, a score is 1–5, an action says what to do) is
//! [`Decisions::problem`], which commands and the file loader both enforce.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{
    ActionId, Card, CardId, CriterionId, Document, LaneKind, ParticipantId, RoundId, StepId,
};

/// Everything a workshop decided, saved with the map.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    /// Dot-voting rounds, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<VotingRound>,
    /// The impact/effort matrix.
    #[serde(default, skip_serializing_if = "Matrix::is_empty")]
    pub matrix: Matrix,
    /// Concept screening: criteria and scores.
    #[serde(default, skip_serializing_if = "Screening::is_empty")]
    pub screening: Screening,
    /// The action plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

impl Decisions {
    /// Nothing decided: nothing is written to the file.
    pub fn is_empty(&self) -> bool {
        self.rounds.is_empty()
            && self.matrix.is_empty()
            && self.screening.is_empty()
            && self.actions.is_empty()
    }

    /// The first thing that is wrong with a value on its own, in words, or
    /// `None`. Commands refuse such values and the loader refuses such files.
    pub fn problem(&self) -> Option<String> {
        let mut ids = HashSet::new();
        for round in &self.rounds {
            if !ids.insert(round.id) {
                return Some(format!("two voting rounds have the id {}", round.id));
            }
            if let Some(problem) = round.problem() {
                return Some(format!("voting round {}: {problem}", round.id));
            }
        }
        if let Some(problem) = self.matrix.problem() {
            return Some(format!("the impact/effort matrix: {problem}"));
        }
        if let Some(problem) = self.screening.problem() {
            return Some(format!("concept screening: {problem}"));
        }
        let mut ids = HashSet::new();
        for action in &self.actions {
            if !ids.insert(action.id) {
                return Some(format!("two actions have the id {}", action.id));
            }
            if let Some(problem) = action.problem() {
                return Some(format!("action {}: {problem}", action.id));
            }
        }
        None
    }

    /// A round by id.
    pub fn round(&self, id: RoundId) -> Option<&VotingRound> {
        self.rounds.iter().find(|round| round.id == id)
    }

    /// Index of a round.
    pub fn round_index(&self, id: RoundId) -> Option<usize> {
        self.rounds.iter().position(|round| round.id == id)
    }

    /// An action by id.
    pub fn action(&self, id: ActionId) -> Option<&Action> {
        self.actions.iter().find(|action| action.id == id)
    }

    /// Index of an action.
    pub fn action_index(&self, id: ActionId) -> Option<usize> {
        self.actions.iter().position(|action| action.id == id)
    }

    /// The actions that improve a card.
    pub fn actions_for(&self, card: CardId) -> impl Iterator<Item = &Action> {
        self.actions
            .iter()
            .filter(move |action| action.cards.contains(&card))
    }
}

/// One round of dot voting: a question, who votes, how many dots each, and
/// every dot placed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VotingRound {
    /// Identifies the round among the map's rounds.
    pub id: RoundId,
    /// The question or criterion voted on, e.g. «最该先解决的痛点».
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// What can be voted on.
    pub ballot: Ballot,
    /// Who votes, in the order they take their turn.
    pub participants: Vec<Participant>,
    /// Dots per participant.
    pub budget: u32,
    /// One participant may put several dots on one card.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stacking: bool,
    /// Every dot, in the order placed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<Vote>,
    /// When the round was closed and its votes revealed; `None`: still open,
    /// the votes hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<jiff::Timestamp>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl VotingRound {
    /// The dots a participant may place when a ballot offers `options` cards:
    /// a quarter of them, rounded, between 3 and 5, and never more than the
    /// options (at least 1).
    pub fn default_budget(options: usize) -> u32 {
        let quarter = (options as f64 / 4.0).round() as u32;
        let options = u32::try_from(options).unwrap_or(u32::MAX);
        quarter.clamp(3, 5).min(options).max(1)
    }

    /// The round's votes are still hidden and dots may be placed.
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// A participant by id.
    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// The dots a participant has placed.
    pub fn dots_of(&self, participant: ParticipantId) -> usize {
        self.votes
            .iter()
            .filter(|vote| vote.participant == participant)
            .count()
    }

    /// The dots a participant has left to place (0 when over budget).
    pub fn remaining(&self, participant: ParticipantId) -> u32 {
        let used = u32::try_from(self.dots_of(participant)).unwrap_or(u32::MAX);
        self.budget.saturating_sub(used)
    }

    /// The id a new participant gets.
    pub fn next_participant_id(&self) -> ParticipantId {
        ParticipantId(super::IdBlock::SHARED.next_after(self.participants.iter().map(|p| p.id.0)))
    }

    /// What is wrong with the round on its own, or `None`.
    pub fn problem(&self) -> Option<String> {
        if self.participants.is_empty() {
            return Some("a round needs at least one participant".into());
        }
        if self.budget == 0 {
            return Some("each participant needs at least one dot".into());
        }
        let mut ids = HashSet::new();
        if let Some(twice) = self.participants.iter().find(|p| !ids.insert(p.id)) {
            return Some(format!("two participants have the id {}", twice.id));
        }
        if let Some(vote) = self.votes.iter().find(|v| !ids.contains(&v.participant)) {
            return Some(format!(
                "a dot of participant {} who is not in the round",
                vote.participant
            ));
        }
        None
    }
}

/// What a round lets people vote on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ballot {
    /// Pain points: cards marked as pain or in a pain lane.
    PainPoints,
    /// Cards in an opportunity lane.
    Opportunities,
    /// Cards marked as fail points.
    FailPoints,
    /// Every card of the map.
    AllCards,
    /// The cards listed (those a focus filter showed when the round started).
    Cards(Vec<CardId>),
}

impl Ballot {
    /// The kinds offered when a round starts, in menu order.
    pub const KINDS: [Ballot; 4] = [
        Ballot::PainPoints,
        Ballot::Opportunities,
        Ballot::FailPoints,
        Ballot::AllCards,
    ];

    /// The card may be voted on.
    pub fn offers(&self, doc: &Document, card: &Card) -> bool {
        let lane_kind = || doc.lane(card.lane).map(|lane| &lane.kind);
        match self {
            Self::PainPoints => card.pain || lane_kind() == Some(&LaneKind::Pain),
            Self::Opportunities => lane_kind() == Some(&LaneKind::Opportunity),
            Self::FailPoints => card.fail,
            Self::AllCards => true,
            Self::Cards(cards) => cards.contains(&card.id),
        }
    }

    /// The cards that may be voted on, in map order.
    pub fn options(&self, doc: &Document) -> Vec<CardId> {
        doc.cards
            .iter()
            .filter(|card| self.offers(doc, card))
            .map(|card| card.id)
            .collect()
    }

    /// A stable key for the ballot's kind: `"pain-points"`, `"cards"` …
    pub fn key(&self) -> &'static str {
        match self {
            Self::PainPoints => "pain-points",
            Self::Opportunities => "opportunities",
            Self::FailPoints => "fail-points",
            Self::AllCards => "all-cards",
            Self::Cards(_) => "cards",
        }
    }
}

/// Someone who votes in a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Identifies the participant within the round.
    pub id: ParticipantId,
    /// Their name; empty: "Participant N".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Their group, if the room votes in groups.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// Their colour, an index into the colour-blind-safe dot palette
    /// ([`crate::scene::colour::DOT_PALETTE`]); a dot also carries their initial.
    #[serde(default)]
    pub colour: u8,
}

impl Participant {
    /// The letter their dots carry: the first of their name, else their number.
    pub fn initial(&self) -> String {
        match self.name.trim().chars().next() {
            Some(first) => first.to_uppercase().collect(),
            None => self.id.to_string(),
        }
    }
}

/// One dot: a participant's vote for a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// Who placed it.
    pub participant: ParticipantId,
    /// The card it is on.
    pub card: CardId,
}

/// The four quadrants of the impact/effort matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quadrant {
    /// High impact, low effort.
    QuickWins,
    /// High impact, high effort.
    BigBets,
    /// Low impact, low effort.
    FillIns,
    /// Low impact, high effort.
    MoneyPits,
}

impl Quadrant {
    /// The quadrants in the order of [`Matrix::quadrants`]: top left, top
    /// right, bottom left, bottom right.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::QuickWins,
        Quadrant::BigBets,
        Quadrant::FillIns,
        Quadrant::MoneyPits,
    ];

    /// The quadrant a place falls in (impact up, effort to the right; the
    /// middle belongs to the higher impact and the lower effort).
    pub fn of(impact: f64, effort: f64) -> Self {
        match (impact >= 0.5, effort <= 0.5) {
            (true, true) => Self::QuickWins,
            (true, false) => Self::BigBets,
            (false, true) => Self::FillIns,
            (false, false) => Self::MoneyPits,
        }
    }

    /// Its position in [`Quadrant::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The impact/effort 2×2: its names and where items were put.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// Name of the vertical axis; empty: "Impact" in the reader's language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact_axis: String,
    /// Name of the horizontal axis; empty: "Effort" in the reader's language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effort_axis: String,
    /// Names of the quadrants in [`Quadrant::ALL`] order; empty: the default
    /// name in the reader's language (Quick wins, Big bets, Fill-ins, Money pits).
    #[serde(default, skip_serializing_if = "all_empty")]
    pub quadrants: [String; 4],
    /// Pain points are placed too, not only opportunities.
    #[serde(default, skip_serializing_if = "is_false")]
    pub include_pain: bool,
    /// Items dragged into place; the others sit where their votes put them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placed: Vec<Placement>,
}

fn all_empty(names: &[String; 4]) -> bool {
    names.iter().all(String::is_empty)
}

impl Matrix {
    /// Nothing named, placed or chosen.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Where a card was put, if it was.
    pub fn placement(&self, card: CardId) -> Option<&Placement> {
        self.placed.iter().find(|p| p.card == card)
    }

    /// What is wrong with the matrix on its own, or `None`.
    pub fn problem(&self) -> Option<String> {
        let mut cards = HashSet::new();
        for place in &self.placed {
            if !cards.insert(place.card) {
                return Some(format!("card {} is placed twice", place.card));
            }
            let inside = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
            if !inside(place.impact) || !inside(place.effort) {
                return Some(format!(
                    "card {} is placed outside the matrix (impact and effort go from 0 to 1)",
                    place.card
                ));
            }
        }
        None
    }
}

/// A card put on the matrix: impact and effort from 0 (low) to 1 (high).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The card.
    pub card: CardId,
    /// Up the vertical axis, 0–1.
    pub impact: f64,
    /// Along the horizontal axis, 0–1.
    pub effort: f64,
}

/// Concept screening: weighted criteria and the scores of opportunities.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    /// The criteria, in column order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    /// The scores given, one per card and criterion at most.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<Score>,
}

impl Screening {
    /// No criteria and no scores.
    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty() && self.scores.is_empty()
    }

    /// The score a card has on a criterion.
    pub fn score(&self, card: CardId, criterion: CriterionId) -> Option<u8> {
        self.scores
            .iter()
            .find(|s| s.card == card && s.criterion == criterion)
            .map(|s| s.value)
    }

    /// The id a new criterion gets.
    pub fn next_criterion_id(&self) -> CriterionId {
        CriterionId(super::IdBlock::SHARED.next_after(self.criteria.iter().map(|c| c.id.0)))
    }

    /// What is wrong with the screening on its own, or `None`.
    pub fn problem(&self) -> Option<String> {
        let mut ids = HashSet::new();
        for criterion in &self.criteria {
            if !ids.insert(criterion.id) {
                return Some(format!("two criteria have the id {}", criterion.id));
            }
            if !criterion.weight.is_finite() || criterion.weight < 0.0 {
                return Some(format!(
                    "criterion «{}» has the weight {}; a weight is a number of 0 or more",
                    criterion.name, criterion.weight
                ));
            }
        }
        let mut scored = HashSet::new();
        for score in &self.scores {
            if !ids.contains(&score.criterion) {
                return Some(format!(
                    "a score of card {} names criterion {}, which is not in the list",
                    score.card, score.criterion
                ));
            }
            if !(1..=5).contains(&score.value) {
                return Some(format!(
                    "card {} scores {} on criterion {}; scores go from 1 to 5",
                    score.card, score.value, score.criterion
                ));
            }
            if !scored.insert((score.card, score.criterion)) {
                return Some(format!(
                    "card {} is scored twice on criterion {}",
                    score.card, score.criterion
                ));
            }
        }
        None
    }
}

/// A criterion opportunities are scored on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Identifies the criterion, so scores survive renaming and reordering.
    pub id: CriterionId,
    /// Its name, e.g. «可行性».
    pub name: String,
    /// How much it counts: a score's contribution is score × weight.
    pub weight: f64,
}

/// One score: a card on a criterion, 1 (poor) to 5 (strong).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// The card scored.
    pub card: CardId,
    /// The criterion.
    pub criterion: CriterionId,
    /// 1–5.
    pub value: u8,
}

/// One thing to do after the workshop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Identifies the action.
    pub id: ActionId,
    /// What is to be done.
    pub what: String,
    /// Who does it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<jiff::civil::Date>,
    /// How far it is.
    #[serde(default)]
    pub status: ActionStatus,
    /// The cards it improves (the opportunity or pain point it came from first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<CardId>,
    /// The steps it improves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepId>,
}

impl Action {
    /// What is wrong with the action on its own, or `None`.
    pub fn problem(&self) -> Option<String> {
        if self.what.trim().is_empty() {
            return Some("an action needs to say what is to be done".into());
        }
        None
    }
}

/// How far an action is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionStatus {
    /// Not started.
    #[default]
    ToDo,
    /// Under way.
    Doing,
    /// Finished.
    Done,
}

impl ActionStatus {
    /// Every status, in order.
    pub const ALL: [ActionStatus; 3] = [Self::ToDo, Self::Doing, Self::Done];

    /// A stable key: `"to-do"`, `"doing"`, `"done"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::ToDo => "to-do",
            Self::Doing => "doing",
            Self::Done => "done",
        }
    }
}

/// Parses a due date typed by a person: `YYYY-MM-DD` (also with `/` or `.`,
/// or «2026年12月20日»). The error says what is expected.
pub fn parse_due_date(text: &str) -> Result<jiff::civil::Date, String> {
    let trimmed = text.trim();
    let normal: String = trimmed
        .trim_end_matches('日')
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            other => other,
        })
        .collect();
    let mut parts = normal.split('-').map(str::trim);
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "«{trimmed}» is not a date; write it as year-month-day, e.g. 2026-12-20"
        ));
    };
    let number = |part: &str| part.parse::<i16>().ok();
    let (Some(year), Some(month), Some(day)) = (number(y), number(m), number(d)) else {
        return Err(format!(
            "«{trimmed}» is not a date; write it as year-month-day, e.g. 2026-12-20"
        ));
    };
    let month =
        i8::try_from(month).map_err(|_| format!("«{trimmed}»: there is no month {month}"))?;
    let day = i8::try_from(day).map_err(|_| format!("«{trimmed}»: there is no day {day}"))?;
    jiff::civil::Date::new(year, month, day)
        .map_err(|_| format!("«{trimmed}» is not a day of the calendar"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_budget_is_a_quarter_between_three_and_five() {
        let budgets: Vec<u32> = [1, 2, 3, 8, 14, 16, 18, 40]
            .into_iter()
            .map(VotingRound::default_budget)
            .collect();
        assert_eq!(budgets, [1, 2, 3, 3, 4, 4, 5, 5]);
    }

    #[test]
    fn quadrants_split_at_the_middle() {
        assert_eq!(Quadrant::of(0.9, 0.1), Quadrant::QuickWins);
        assert_eq!(Quadrant::of(0.9, 0.9), Quadrant::BigBets);
        assert_eq!(Quadrant::of(0.1, 0.1), Quadrant::FillIns);
        assert_eq!(Quadrant::of(0.1, 0.9), Quadrant::MoneyPits);
        assert_eq!(Quadrant::of(0.5, 0.5), Quadrant::QuickWins);
    }

    #[test]
    fn due_dates_are_read_in_the_usual_spellings_and_refused_otherwise() {
        let day = jiff::civil::date(2026, 12, 20);
        for text in ["2026-12-20", " 2026/12/20 ", "2026.12.20", "2026年12月20日"] {
            assert_eq!(parse_due_date(text), Ok(day), "{text}");
        }
        for text in [
            "",
            "next week",
            "2026-13-01",
            "2026-02-30",
            "20-12",
            "2026-12-20-1",
        ] {
            assert!(parse_due_date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_round_without_participants_or_dots_or_with_a_stranger_s_dot_is_refused() {
        let participant = Participant {
            id: ParticipantId(1),
            name: "喆".into(),
            group: String::new(),
            colour: 0,
        };
        let round = VotingRound {
            id: RoundId(1),
            question: String::new(),
            ballot: Ballot::PainPoints,
            participants: vec![participant.clone()],
            budget: 3,
            stacking: false,
            votes: vec![],
            closed: None,
        };
        assert_eq!(round.problem(), None);
        assert_eq!(participant.initial(), "喆");
        let no_one = VotingRound {
            participants: vec![],
            ..round.clone()
        };
        assert!(no_one.problem().is_some());
        let no_dots = VotingRound {
            budget: 0,
            ..round.clone()
        };
        assert!(no_dots.problem().is_some());
        let stranger = VotingRound {
            votes: vec![Vote {
                participant: ParticipantId(9),
                card: CardId(1),
            }],
            ..round
        };
        assert!(stranger.problem().is_some());
    }
}
