//! A readable Markdown report of a map: title, scenario, personas, per stage its
//! steps and what the customer and the front-stage do, pain points ranked,
//! opportunities, owners, fail points without recovery, the figures, and what
//! the workshop decided (`decisions`: votes, matrix, screening, action plan).

mod decisions;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::insights::Insights;
use crate::model::{Card, Document, LaneKind};

use crate::scene::format_score;
use crate::scene::words::{Language, format_minutes};

/// The report of `doc`, with the figures of `insights` (read from the same document).
pub fn report(doc: &Document, insights: &Insights) -> String {
    let mut out = String::with_capacity(doc.cards.len() * 80 + 1024);
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(out, "# {}\n", inline(&doc.meta.title));
    for (label, text) in [
        ("Description", &doc.meta.description),
        ("Scenario", &doc.meta.scenario),
        ("Expectations", &doc.meta.expectations),
    ] {
        if !text.trim().is_empty() {
            let _ = writeln!(out, "**{label}:** {}\n", inline(text));
        }
    }
    personas(&mut out, doc);
    stages(&mut out, doc);
    pain_points(&mut out, doc, insights);
    opportunities(&mut out, doc);
    owners(&mut out, doc);
    fail_points(&mut out, doc, insights);
    summary(&mut out, insights);
    decisions::sections(&mut out, doc);
    out
}

fn personas(out: &mut String, doc: &Document) {
    let chosen: Vec<_> = doc
        .meta
        .personas
        .iter()
        .filter_map(|id| doc.persona(*id))
        .collect();
    let list = if chosen.is_empty() {
        doc.personas.iter().collect()
    } else {
        chosen
    };
    if list.is_empty() {
        return;
    }
    out.push_str("## Personas\n\n");
    for persona in list {
        let _ = write!(out, "- **{}**", inline(&persona.name));
        if !persona.role.trim().is_empty() {
            let _ = write!(out, ", {}", inline(&persona.role));
        }
        if !persona.goals.trim().is_empty() {
            let _ = write!(out, ". Goals: {}", inline(&persona.goals));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// The lanes a report tells per step: what the customer does and what they meet.
fn told(kind: &LaneKind) -> bool {
    matches!(kind, LaneKind::Customer | LaneKind::Frontstage)
}

fn stages(out: &mut String, doc: &Document) {
    out.push_str("## Stages\n\n");
    for (number, stage) in doc.stages.iter().enumerate() {
        let _ = writeln!(out, "### {}. {}\n", number + 1, inline(&stage.name));
        if stage.steps.is_empty() {
            out.push_str("No steps.\n\n");
            continue;
        }
        for step in &stage.steps {
            let _ = writeln!(out, "- **{}**", inline(&step.name));
            for lane in doc.lanes.iter().filter(|lane| told(&lane.kind)) {
                for card in doc.cards_in_cell(step.id, lane.id) {
                    let _ = writeln!(
                        out,
                        "  - {}: {}{}",
                        inline(&lane.name),
                        inline(&card.title),
                        flags(card)
                    );
                }
            }
        }
        out.push('\n');
    }
}

/// Pain, fail, wait and moment-of-truth flags after a card's title.
fn flags(card: &Card) -> String {
    let mut flags = Vec::new();
    if card.moment_of_truth {
        flags.push("moment of truth".to_owned());
    }
    if card.pain {
        flags.push("pain point".to_owned());
    }
    if card.fail {
        flags.push("fail point".to_owned());
    }
    if card.is_wait_point() {
        flags.push(format!("wait {} min", card.wait_minutes.unwrap_or(0)));
    }
    if flags.is_empty() {
        String::new()
    } else {
        format!(" _({})_", flags.join(", "))
    }
}

fn pain_points(out: &mut String, doc: &Document, insights: &Insights) {
    out.push_str("## Pain points, most urgent first\n\n");
    if insights.pain_points.is_empty() {
        out.push_str("None marked.\n\n");
        return;
    }
    for (rank, pain) in insights.pain_points.iter().enumerate() {
        let _ = write!(out, "{}. {}", rank + 1, inline(&pain.title));
        if let Some(stage) = pain.stage.and_then(|id| doc.stage(id)) {
            let _ = write!(out, " — {}", inline(&stage.name));
        }
        if let Some(score) = pain.emotion {
            let _ = write!(out, " — emotion {}", format_score(score));
        }
        if pain.on_critical_path {
            out.push_str(" — on the critical path");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn opportunities(out: &mut String, doc: &Document) {
    let found: Vec<&Card> = doc
        .cards
        .iter()
        .filter(|card| {
            doc.lane(card.lane)
                .is_some_and(|lane| lane.kind == LaneKind::Opportunity)
        })
        .collect();
    if found.is_empty() {
        return;
    }
    out.push_str("## Opportunities\n\n");
    for card in found {
        let _ = write!(out, "- {}", inline(&card.title));
        if let (Some(stage), Some(step)) = (doc.stage_of_step(card.step), doc.step(card.step)) {
            let _ = write!(out, " ({} / {})", inline(&stage.name), inline(&step.name));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn owners(out: &mut String, doc: &Document) {
    // Owner → the steps their cards sit in, in map order, each once.
    let mut owned: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, step) in doc.columns() {
        for card in doc.cards.iter().filter(|card| card.step == step.id) {
            let owner = card.owner.trim();
            if owner.is_empty() {
                continue;
            }
            let steps = owned.entry(owner).or_default();
            if steps.last() != Some(&step.name.as_str()) {
                steps.push(&step.name);
            }
        }
    }
    if owned.is_empty() {
        return;
    }
    out.push_str("## Owners\n\n");
    for (owner, steps) in owned {
        let steps: Vec<String> = steps.into_iter().map(inline).collect();
        let _ = writeln!(out, "- **{}**: {}", inline(owner), steps.join(", "));
    }
    out.push('\n');
}

fn fail_points(out: &mut String, doc: &Document, insights: &Insights) {
    if insights.fail_without_recovery.is_empty() {
        return;
    }
    out.push_str("## Fail points without recovery\n\n");
    for card in insights
        .fail_without_recovery
        .iter()
        .filter_map(|id| doc.card(*id))
    {
        let _ = write!(out, "- {}", inline(&card.title));
        if let Some(stage) = doc.stage_of_step(card.step) {
            let _ = write!(out, " ({})", inline(&stage.name));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn summary(out: &mut String, insights: &Insights) {
    out.push_str("## Summary\n\n");
    out.push_str("| Stage | Cards | Pain | Fail | Wait | Moments of truth | Emotion (avg) |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for stage in &insights.stages {
        let emotion = stage
            .emotion_average
            .map_or_else(|| "–".to_owned(), |score| format!("{score:.1}"));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {emotion} |",
            inline(&stage.name),
            stage.cards,
            stage.pain_points,
            stage.fail_points,
            stage.wait_points,
            stage.moments_of_truth,
        );
    }
    let flow = &insights.flow;
    let _ = writeln!(
        out,
        "\nElapsed time along the critical path: {}, of which waiting {} ({:.0} %).",
        format_minutes(flow.elapsed_minutes, Language::English),
        format_minutes(flow.waiting_minutes, Language::English),
        flow.waiting_share() * 100.0
    );
}

/// Text on one line with Markdown's special characters escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped_and_lines_joined() {
        assert_eq!(inline(" a|b *c*\nd "), "a\\|b \\*c\\* d");
    }
}
