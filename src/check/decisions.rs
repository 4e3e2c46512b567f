//! What `stagemap check` warns of in a workshop's decisions: dots, places,
//! scores and actions naming cards or steps the map no longer holds, and
//! rounds whose dots break their own rules (over the budget, stacked where
//! stacking is off, a budget above what the ballot now offers). The loader
//! already refuses what is impossible on its own (no participants, a score
//! of 7, an action without text).

use std::collections::BTreeMap;

use super::Problem;
use crate::model::{CardId, Document, ParticipantId, VotingRound};

/// Warnings about the decisions of `doc`, in document order.
pub(super) fn check_decisions(doc: &Document, problems: &mut Vec<Problem>) {
    for round in &doc.decisions.rounds {
        check_round(doc, round, problems);
    }
    let gone = |card: CardId| doc.card(card).is_none();
    for place in &doc.decisions.matrix.placed {
        if gone(place.card) {
            problems.push(Problem::warning(format!(
                "the impact/effort matrix places card {}, which the map no longer has; \
                 the matrix leaves it out",
                place.card
            )));
        }
    }
    let mut scored_gone: Vec<CardId> = Vec::new();
    for score in &doc.decisions.screening.scores {
        if gone(score.card) && !scored_gone.contains(&score.card) {
            scored_gone.push(score.card);
        }
    }
    for card in scored_gone {
        problems.push(Problem::warning(format!(
            "concept screening scores card {card}, which the map no longer has; \
             the screening table leaves it out"
        )));
    }
    for action in &doc.decisions.actions {
        for card in action.cards.iter().filter(|card| gone(**card)) {
            problems.push(Problem::warning(format!(
                "action {} \"{}\" improves card {card}, which the map no longer has",
                action.id, action.what
            )));
        }
        for step in action
            .steps
            .iter()
            .filter(|step| doc.step(**step).is_none())
        {
            problems.push(Problem::warning(format!(
                "action {} \"{}\" improves step {step}, which the map no longer has",
                action.id, action.what
            )));
        }
    }
}

fn check_round(doc: &Document, round: &VotingRound, problems: &mut Vec<Problem>) {
    let name = format!("voting round {} \"{}\"", round.id, round.question);
    // Dots per card and per (participant, card), in order of first dot.
    let mut per_card: BTreeMap<CardId, usize> = BTreeMap::new();
    let mut per_person_card: BTreeMap<(ParticipantId, CardId), usize> = BTreeMap::new();
    for vote in &round.votes {
        *per_card.entry(vote.card).or_default() += 1;
        *per_person_card
            .entry((vote.participant, vote.card))
            .or_default() += 1;
    }
    for (card, dots) in &per_card {
        if doc.card(*card).is_none() {
            problems.push(Problem::warning(format!(
                "{name} has {dots} dot(s) on card {card}, which the map no longer has; \
                 the tally leaves them out"
            )));
        }
    }
    let person = |id: ParticipantId| {
        let name = round
            .participant(id)
            .map_or("", |p| p.name.trim())
            .to_owned();
        format!("participant {id} \"{name}\"")
    };
    for participant in &round.participants {
        let dots = round.dots_of(participant.id);
        if dots > round.budget as usize {
            problems.push(Problem::warning(format!(
                "{name}: {} placed {dots} dots, over the round's budget of {}",
                person(participant.id),
                round.budget
            )));
        }
    }
    if !round.stacking {
        for ((participant, card), dots) in per_person_card.iter().filter(|(_, n)| **n > 1) {
            let title = doc.card(*card).map_or("", |c| c.title.as_str());
            problems.push(Problem::warning(format!(
                "{name}: {} put {dots} dots on card {card} \"{title}\", but the round allows \
                 one dot per card and person",
                person(*participant)
            )));
        }
    }
    let options = round.ballot.options(doc).len();
    if round.budget as usize > options {
        problems.push(Problem::warning(format!(
            "{name} gives each participant {} dots, but its ballot now offers only {options} \
             card(s)",
            round.budget
        )));
    }
}
