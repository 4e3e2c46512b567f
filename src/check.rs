//! Validation of a document: what `stagemap check` reports and the editor shows on open,
//! the workshop's decisions included (`decisions`).

mod decisions;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use crate::edit::is_hex_colour;
use crate::model::{CardId, Document, LaneId, LaneKind, PersonaId, StepId};
use crate::scene::TextMeasure;

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

    /// A warning saying `message`.
    pub fn warning(message: String) -> Self {
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
    check_presentation(doc, &mut problems);
    decisions::check_decisions(doc, &mut problems);
    problems.extend(
        missing_glyphs(doc, &TextMeasure::bundled())
            .iter()
            .map(MissingGlyphs::warning),
    );
    problems.sort_by_key(|problem| problem.severity);
    problems
}

/// Views that name what the map no longer holds (they show what is left), a
/// view id used twice, agenda steps of no length.
fn check_presentation(doc: &Document, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for view in &doc.presentation.views {
        if !seen.insert(view.id) {
            problems.push(Problem::error(format!("view id {} is used twice", view.id)));
        }
        if let Some(span) = view.stages {
            for stage in [span.first, span.last] {
                if doc.stage(stage).is_none() {
                    problems.push(Problem::warning(format!(
                        "view {} shows stage {stage}, which the map no longer has;                          it shows the stages left",
                        view.id
                    )));
                }
            }
        }
        if let Some(crate::model::Focus::Persona(persona)) = view.focus
            && doc.persona(persona).is_none()
        {
            problems.push(Problem::warning(format!(
                "view {} brightens the cards of persona {persona}, which the map no longer has",
                view.id
            )));
        }
    }
    for (number, step) in (1..).zip(&doc.presentation.agenda) {
        if step.minutes == 0 {
            problems.push(Problem::error(format!(
                "agenda step {number} \"{}\" lasts 0 minutes; give it at least one",
                step.name
            )));
        }
    }
}

/// Characters no font on this computer draws, and the text they are in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingGlyphs {
    /// Where they are: `card 12 "张喆"`, `stage 2 "…"`, `the map's title`.
    pub place: String,
    /// The characters, each once.
    pub chars: Vec<char>,
}

impl MissingGlyphs {
    /// The warning `stagemap check` and exports give for these characters.
    pub fn warning(&self) -> Problem {
        Problem::warning(format!(
            "{} holds {} that no font on this computer can draw; pictures show a box in \
             their place (install a font that has them)",
            self.place,
            describe_chars(&self.chars)
        ))
    }
}

/// Each text of `doc` a drawing shows (the title, personas' names, stage,
/// step and lane names, card titles, connector labels) that holds characters
/// no font of `measure`'s chain draws on this computer.
pub fn missing_glyphs(doc: &Document, measure: &TextMeasure) -> Vec<MissingGlyphs> {
    let mut found = Vec::new();
    let mut report = |place: &dyn Fn() -> String, text: &str| {
        let chars = measure.missing_chars(text);
        if !chars.is_empty() {
            found.push(MissingGlyphs {
                place: place(),
                chars,
            });
        }
    };
    report(&|| "the map's title".to_owned(), &doc.meta.title);
    for persona in &doc.personas {
        report(
            &|| format!("persona {} \"{}\"", persona.id, persona.name),
            &persona.name,
        );
    }
    for stage in &doc.stages {
        report(
            &|| format!("stage {} \"{}\"", stage.id, stage.name),
            &stage.name,
        );
        for step in &stage.steps {
            report(
                &|| format!("step {} \"{}\"", step.id, step.name),
                &step.name,
            );
        }
    }
    for lane in &doc.lanes {
        report(
            &|| format!("lane {} \"{}\"", lane.id, lane.name),
            &lane.name,
        );
    }
    for card in &doc.cards {
        report(
            &|| format!("card {} \"{}\"", card.id, card.title),
            &card.title,
        );
    }
    for connector in &doc.connectors {
        report(
            &|| format!("the label of connector {}", connector.id),
            &connector.label,
        );
    }
    found
}

/// Characters as `喆 (U+5586), 堃 (U+5803)`.
pub fn describe_chars(chars: &[char]) -> String {
    let named: Vec<String> = chars
        .iter()
        .map(|&c| format!("{c} (U+{:04X})", u32::from(c)))
        .collect();
    named.join(", ")
}

fn check_ids(doc: &Document, problems: &mut Vec<Problem>) {
    let mut report = |kind: &str, ids: &mut dyn Iterator<Item = u64>| {
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
