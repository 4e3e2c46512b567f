//! Validation of a document: what `stagemap check` reports and the editor shows on open.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use crate::edit::is_hex_colour;
use crate::model::{CardId, Document, LaneId, LaneKind, PersonaId, StepId};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The map is inconsistent: something refers to nothing, a value is impossible.
    Error,
    /// The map is consistent but probably not what was meant.
    Warning,
}

/// One thing wrong with a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl Problem {
    fn error(message: String) -> Self {
        Self {
            severity: Severity::Error,
            message,
        }
    }

    fn warning(message: String) -> Self {
        Self {
            severity: Severity::Warning,
            message,
        }
    }

    /// The problem is an error, not a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.message)
    }
}

/// Every problem of a document, errors first, each group in document order.
pub fn check(doc: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_ids(doc, &mut problems);
    check_lanes(doc, &mut problems);
    check_cards(doc, &mut problems);
    check_connectors(doc, &mut problems);
    if !doc.meta.emotion_scale.is_valid() {
        let scale = doc.meta.emotion_scale;
        problems.push(Problem::error(format!(
            "the emotion scale {}..{} with neutral {} is not usable; it needs min < max and \
             the neutral value between them",
            scale.min, scale.max, scale.neutral
        )));
    }
    for persona in &doc.meta.personas {
        if doc.persona(*persona).is_none() {
            problems.push(Problem::error(format!(
                "the map is about persona {persona}, which does not exist"
            )));
        }
    }
    for stage in doc.stages.iter().filter(|stage| stage.steps.is_empty()) {
        problems.push(Problem::warning(format!(
            "stage {} \"{}\" has no steps, so it has no column on the map",
            stage.id, stage.name
        )));
    }
    problems.sort_by_key(|problem| problem.severity);
    problems
}

fn check_ids(doc: &Document, problems: &mut Vec<Problem>) {
    let mut report = |kind: &str, ids: &mut dyn Iterator<Item = u32>| {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                problems.push(Problem::error(format!(
                    "two {kind}s have the id {id}; give one of them an unused id"
                )));
            }
        }
    };
    report("stage", &mut doc.stages.iter().map(|s| s.id.0));
    report("step", &mut doc.columns().map(|(_, step)| step.id.0));
    report("lane", &mut doc.lanes.iter().map(|l| l.id.0));
    report("card", &mut doc.cards.iter().map(|c| c.id.0));
    report("connector", &mut doc.connectors.iter().map(|c| c.id.0));
    report("persona", &mut doc.personas.iter().map(|p| p.id.0));
}

fn check_lanes(doc: &Document, problems: &mut Vec<Problem>) {
    for lane in &doc.lanes {
        if let LaneKind::Unknown(word) = &lane.kind {
            let known: Vec<&str> = LaneKind::KNOWN.iter().map(LaneKind::as_str).collect();
            problems.push(Problem::error(format!(
                "lane {} \"{}\" has the unknown kind \"{word}\"; use one of: {}",
                lane.id,
                lane.name,
                known.join(", ")
            )));
        }
    }
    let (_, order_problems) = doc.blueprint_lines();
    // The first lane with an id names it, as with `Document::lane`.
    let names: HashMap<LaneId, &str> = doc
        .lanes
        .iter()
        .rev()
        .map(|lane| (lane.id, lane.name.as_str()))
        .collect();
    for problem in order_problems {
        let name = |id| names.get(&id).copied().unwrap_or("?");
        problems.push(Problem::warning(format!(
            "lane \"{}\" sits above lane \"{}\", which makes the blueprint impossible; \
             move it below",
            name(problem.upper),
            name(problem.lower)
        )));
    }
}

fn check_cards(doc: &Document, problems: &mut Vec<Problem>) {
    let scale = doc.meta.emotion_scale;
    // Id sets built once, so a check stays linear in the size of the map.
    let steps: HashSet<StepId> = doc.columns().map(|(_, step)| step.id).collect();
    let lanes: HashSet<LaneId> = doc.lanes.iter().map(|lane| lane.id).collect();
    let personas: HashSet<PersonaId> = doc.personas.iter().map(|persona| persona.id).collect();
    for card in &doc.cards {
        let what = format!("card {} \"{}\"", card.id, card.title);
        if !steps.contains(&card.step) {
            problems.push(Problem::error(format!(
                "{what} sits in step {}, which does not exist",
                card.step
            )));
        }
        if !lanes.contains(&card.lane) {
            problems.push(Problem::error(format!(
                "{what} sits in lane {}, which does not exist",
                card.lane
            )));
        }
        if let Some(persona) = card.persona
            && !personas.contains(&persona)
        {
            problems.push(Problem::error(format!(
                "{what} belongs to persona {persona}, which does not exist"
            )));
        }
        for (name, value) in [
            ("emotion", card.emotion),
            ("to-be emotion", card.emotion_to_be),
            ("NPS", card.nps),
            ("CSAT", card.csat),
            ("CES", card.ces),
        ] {
            if value.is_some_and(|v| !v.is_finite()) {
                problems.push(Problem::error(format!(
                    "{what} has a {name} that is not a number"
                )));
            }
        }
        let scores = [card.emotion, card.emotion_to_be];
        for score in scores.into_iter().flatten().filter(|s| s.is_finite()) {
            if scale.is_valid() && !scale.contains(score) {
                problems.push(Problem::error(format!(
                    "{what} has the emotion {score}, outside the map's scale {}..{}",
                    scale.min, scale.max
                )));
            }
        }
        if card.nps.is_some_and(|nps| !(-100.0..=100.0).contains(&nps)) {
            problems.push(Problem::warning(format!(
                "{what} has an NPS outside −100..100"
            )));
        }
        if let Some(colour) = &card.colour
            && !is_hex_colour(colour)
        {
            problems.push(Problem::error(format!(
                "{what} has the colour \"{colour}\"; write it as #rrggbb"
            )));
        }
    }
}

fn check_connectors(doc: &Document, problems: &mut Vec<Problem>) {
    let cards: HashSet<CardId> = doc.cards.iter().map(|card| card.id).collect();
    for connector in &doc.connectors {
        for (end, card) in [("starts at", connector.from), ("points to", connector.to)] {
            if !cards.contains(&card) {
                problems.push(Problem::error(format!(
                    "connector {} {end} card {card}, which does not exist (a dangling connector)",
                    connector.id
                )));
            }
        }
    }
}
