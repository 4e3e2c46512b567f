//! The report's sections on what the workshop decided: each voting round
//! ranked, the impact/effort matrix by quadrant, the screening table and the
//! action plan. Cards the map no longer holds are left out.

use std::fmt::Write as _;

use super::inline;
use crate::decisions::{
    axis_names, format_weight, groups, matrix_items, participant_name, quadrant_name, ranking,
    round_title, screening_table, status_name,
};
use crate::model::{Action, Document, Quadrant, VotingRound};
use crate::scene::words::Language;

/// The report speaks English; default names (quadrants, rounds) follow it.
const LANGUAGE: Language = Language::English;

/// Every section the map's decisions fill, in workshop order.
pub(super) fn sections(out: &mut String, doc: &Document) {
    let decisions = &doc.decisions;
    if decisions.is_empty() {
        return;
    }
    // The summary before ends without a blank line.
    out.push('\n');
    if !decisions.rounds.is_empty() {
        out.push_str("## Voting\n\n");
        for round in &decisions.rounds {
            voting_round(out, doc, round);
        }
    }
    if !decisions.matrix.is_empty() {
        matrix(out, doc);
    }
    if !decisions.screening.is_empty() {
        screening(out, doc);
    }
    if !decisions.actions.is_empty() {
        actions(out, doc);
    }
}

fn voting_round(out: &mut String, doc: &Document, round: &VotingRound) {
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(
        out,
        "### Round {}: {}\n",
        round.id,
        inline(&round_title(round, LANGUAGE))
    );
    let per_card = if round.stacking {
        "several may go on one card"
    } else {
        "one per card"
    };
    let _ = write!(
        out,
        "Budget: {} dot(s) per participant, {per_card}. ",
        round.budget
    );
    match round.closed {
        Some(closed) => {
            let _ = writeln!(out, "Closed {}.\n", closed.strftime("%Y-%m-%d %H:%M UTC"));
        }
        None => out.push_str("Open: the votes stay hidden until the round is closed.\n\n"),
    }
    let people: Vec<String> = round
        .participants
        .iter()
        .map(|p| {
            let name = inline(&participant_name(round, p.id, LANGUAGE));
            match p.group.trim() {
                "" => name,
                group => format!("{name} ({})", inline(group)),
            }
        })
        .collect();
    let _ = writeln!(out, "Participants: {}.\n", people.join(", "));
    if round.is_open() {
        return;
    }
    let ranked = ranking(doc, round);
    if ranked.is_empty() {
        out.push_str("No dots on cards the map holds.\n\n");
        return;
    }
    let groups = groups(round);
    out.push_str("| Rank | Card | Dots |");
    for group in &groups {
        let _ = write!(out, " {} |", inline(group));
    }
    out.push_str("\n|---:|---|---:|");
    out.push_str(&"---:|".repeat(groups.len()));
    out.push('\n');
    for item in &ranked {
        let title = doc.card(item.card).map_or("", |card| card.title.as_str());
        let _ = write!(out, "| {} | {} | {} |", item.rank, inline(title), item.dots);
        for (_, count) in &item.by_group {
            let _ = write!(out, " {count} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn matrix(out: &mut String, doc: &Document) {
    let (impact, effort) = axis_names(doc, LANGUAGE);
    let _ = writeln!(out, "## {} × {} matrix\n", inline(&impact), inline(&effort));
    let items = matrix_items(doc);
    let title = |card| doc.card(card).map_or("", |c| c.title.as_str());
    for quadrant in Quadrant::ALL {
        let _ = writeln!(
            out,
            "### {}\n",
            inline(&quadrant_name(doc, quadrant, LANGUAGE))
        );
        let placed: Vec<_> = items
            .iter()
            .filter(|item| item.placed && item.quadrant() == quadrant)
            .collect();
        if placed.is_empty() {
            out.push_str("None placed.\n\n");
            continue;
        }
        for item in placed {
            let _ = writeln!(
                out,
                "- {} ({} {:.2}, {} {:.2})",
                inline(title(item.card)),
                inline(&impact).to_lowercase(),
                item.impact,
                inline(&effort).to_lowercase(),
                item.effort
            );
        }
        out.push('\n');
    }
    let waiting: Vec<String> = items
        .iter()
        .filter(|item| !item.placed)
        .map(|item| inline(title(item.card)))
        .collect();
    if !waiting.is_empty() {
        let _ = writeln!(out, "Not yet placed: {}.\n", waiting.join(", "));
    }
}

fn screening(out: &mut String, doc: &Document) {
    let criteria = &doc.decisions.screening.criteria;
    out.push_str("## Concept screening\n\n| Rank | Card |");
    for criterion in criteria {
        let _ = write!(
            out,
            " {} (×{}) |",
            inline(&criterion.name),
            format_weight(criterion.weight)
        );
    }
    out.push_str(" Weighted total |\n|---:|---|");
    out.push_str(&"---:|".repeat(criteria.len() + 1));
    out.push('\n');
    for row in screening_table(doc) {
        let title = doc.card(row.card).map_or("", |card| card.title.as_str());
        let _ = write!(out, "| {} | {} |", row.rank, inline(title));
        for score in &row.scores {
            match score {
                Some(score) => {
                    let _ = write!(out, " {score} |");
                }
                None => out.push_str(" – |"),
            }
        }
        let _ = writeln!(out, " {} |", format_weight(row.total));
    }
    out.push_str("\nWeighted total: the sum of weight × score (1–5) over the criteria scored.\n\n");
}

fn actions(out: &mut String, doc: &Document) {
    out.push_str("## Action plan\n\n| # | Action | Owner | Due | Status | Cards | Steps |\n");
    out.push_str("|---:|---|---|---|---|---|---|\n");
    for (number, action) in (1..).zip(&doc.decisions.actions) {
        let due = action
            .due
            .map_or_else(|| "–".to_owned(), |due| due.to_string());
        let (cards, steps) = improves(doc, action);
        let _ = writeln!(
            out,
            "| {number} | {} | {} | {due} | {} | {} | {} |",
            inline(&action.what),
            inline(&action.owner),
            status_name(action.status, LANGUAGE),
            cards.join(", "),
            steps.join(", "),
        );
    }
    out.push('\n');
}

/// The titles of the cards and the names of the steps an action improves
/// that the map still holds, escaped.
fn improves(doc: &Document, action: &Action) -> (Vec<String>, Vec<String>) {
    let cards = action
        .cards
        .iter()
        .filter_map(|id| doc.card(*id))
        .map(|card| inline(&card.title))
        .collect();
    let steps = action
        .steps
        .iter()
        .filter_map(|id| doc.step(*id))
        .map(|step| inline(&step.name))
        .collect();
    (cards, steps)
}
