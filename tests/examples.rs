//! The example maps shipped in `examples/`: each one opens, survives a save, and is internally consistent.
//!
//! The maps are found by listing the folder, so a new example is covered without touching this file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::collections::HashSet;
use std::path::Path;

use stagemap::format;
use stagemap::model::{BlueprintLine, LaneKind};

#[path = "support/examples.rs"]
mod examples;
use examples::{example, example_maps};

/// Asserts that no id in `ids` occurs twice.
fn assert_unique<T: std::hash::Hash + Eq + std::fmt::Debug>(
    path: &Path,
    what: &str,
    ids: impl IntoIterator<Item = T>,
) {
    let mut seen = HashSet::new();
    for id in ids {
        let shown = format!("{id:?}");
        assert!(
            seen.insert(id),
            "{}: {what} id {shown} is used twice",
            path.display()
        );
    }
}

#[test]
fn the_shipped_examples_are_found() {
    let names: Vec<String> = example_maps()
        .iter()
        .filter_map(|path| path.file_name()?.to_str().map(str::to_owned))
        .collect();
    for expected in [
        "ev-owner-journey.stagemap.ron",
        "hotel-stay.stagemap.ron",
        "template-journey-map.stagemap.ron",
        "template-service-blueprint.stagemap.ron",
        "workshop-journey-map.stagemap.ron",
        "workshop-service-blueprint.stagemap.ron",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn every_example_loads_and_round_trips() {
    for path in example_maps() {
        let doc = format::load(&path).unwrap_or_else(|error| panic!("{error}"));
        let saved = format::to_string(&doc);
        let reparsed = format::parse(&saved, &path).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            reparsed,
            doc,
            "{}: saving and reading back changes the map",
            path.display()
        );
    }
}

#[test]
fn every_example_is_saved_in_canonical_form() {
    for path in example_maps() {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = format::parse(&text, &path).unwrap_or_else(|error| panic!("{error}"));
        let canonical = format::to_string(&doc);
        let first_difference = canonical
            .lines()
            .zip(text.lines())
            .position(|(written, read)| written != read)
            .map_or(canonical.lines().count().min(text.lines().count()), |at| at)
            + 1;
        assert!(
            canonical == text,
            "{}:{first_difference}: the file differs from what Stagemap writes; open and \
             save it once (or write it with `format::to_string`) so it diffs cleanly",
            path.display()
        );
    }
}

#[test]
fn every_example_is_consistent() {
    for path in example_maps() {
        let doc = format::load(&path).unwrap_or_else(|error| panic!("{error}"));
        let shown = path.display();

        assert_unique(&path, "stage", doc.stages.iter().map(|stage| stage.id));
        assert_unique(&path, "step", doc.columns().map(|(_, step)| step.id));
        assert_unique(&path, "lane", doc.lanes.iter().map(|lane| lane.id));
        assert_unique(&path, "card", doc.cards.iter().map(|card| card.id));
        assert_unique(&path, "connector", doc.connectors.iter().map(|c| c.id));
        assert_unique(&path, "persona", doc.personas.iter().map(|p| p.id));

        assert!(
            doc.meta.emotion_scale.is_valid(),
            "{shown}: bad emotion scale"
        );
        for card in &doc.cards {
            assert!(
                doc.step(card.step).is_some(),
                "{shown}: card {} sits in step {}, which does not exist",
                card.id,
                card.step
            );
            assert!(
                doc.lane(card.lane).is_some(),
                "{shown}: card {} sits in lane {}, which does not exist",
                card.id,
                card.lane
            );
            if let Some(persona) = card.persona {
                assert!(
                    doc.persona(persona).is_some(),
                    "{shown}: card {} names persona {persona}, which does not exist",
                    card.id
                );
            }
            if let Some(score) = card.emotion {
                assert!(
                    doc.meta.emotion_scale.contains(score),
                    "{shown}: card {} has emotion {score}, off the map's scale",
                    card.id
                );
            }
        }
        for connector in &doc.connectors {
            for end in [connector.from, connector.to] {
                assert!(
                    doc.card(end).is_some(),
                    "{shown}: connector {} ends at card {end}, which does not exist",
                    connector.id
                );
            }
        }
    }
}

#[test]
fn the_blueprints_have_all_three_lines_in_order() {
    for file_name in [
        "template-service-blueprint.stagemap.ron",
        "hotel-stay.stagemap.ron",
    ] {
        let doc = example(file_name);
        let (lines, problems) = doc.blueprint_lines();
        assert!(problems.is_empty(), "{file_name}: {problems:?}");
        let placed: Vec<BlueprintLine> = lines.iter().map(|placed| placed.line).collect();
        assert_eq!(
            placed,
            [
                BlueprintLine::Interaction,
                BlueprintLine::Visibility,
                BlueprintLine::InternalInteraction,
            ],
            "{file_name}"
        );
    }
}

#[test]
fn the_journey_template_is_blank() {
    let doc = example("template-journey-map.stagemap.ron");
    assert!(doc.cards.is_empty() && doc.connectors.is_empty());
    assert!(!doc.stages.is_empty() && !doc.lanes.is_empty());
    assert!(doc.stages.iter().all(|stage| !stage.steps.is_empty()));
}

#[test]
fn the_blueprint_template_is_blank() {
    let doc = example("template-service-blueprint.stagemap.ron");
    assert!(doc.cards.is_empty() && doc.connectors.is_empty());
    assert!(doc.stages.iter().all(|stage| !stage.steps.is_empty()));
}

#[test]
fn the_ev_journey_marks_its_pains_waits_and_fails() {
    let doc = example("ev-owner-journey.stagemap.ron");
    assert_eq!(doc.meta.language, "zh-CN");
    assert_eq!(doc.cards.iter().filter(|card| card.pain).count(), 12);
    assert!(doc.cards.iter().any(|card| card.is_wait_point()));
    assert!(doc.cards.iter().any(|card| card.fail));
    assert!(
        doc.cards
            .iter()
            .filter(|card| card.fail)
            .all(|card| !card.recovery.is_empty()),
        "every fail point needs a recovery"
    );
}

#[test]
fn the_hotel_fail_points_have_a_recovery() {
    let doc = example("hotel-stay.stagemap.ron");
    let fails: Vec<_> = doc.cards.iter().filter(|card| card.fail).collect();
    assert!(!fails.is_empty());
    assert!(fails.iter().all(|card| !card.recovery.is_empty()));
}

#[test]
fn the_workshop_templates_are_starting_maps_with_their_agendas() {
    for (file_name, hours, kinds) in [
        (
            "workshop-journey-map.stagemap.ron",
            2,
            &[
                LaneKind::Customer,
                LaneKind::Touchpoint,
                LaneKind::Emotion,
                LaneKind::Pain,
                LaneKind::Opportunity,
            ][..],
        ),
        (
            "workshop-service-blueprint.stagemap.ron",
            3,
            &[
                LaneKind::Evidence,
                LaneKind::Customer,
                LaneKind::Frontstage,
                LaneKind::Backstage,
                LaneKind::Support,
            ][..],
        ),
    ] {
        let doc = example(file_name);
        let agenda = &doc.presentation.agenda;
        let minutes: u32 = agenda.iter().map(|step| step.minutes).sum();
        assert_eq!(minutes, hours * 60, "{file_name}: {agenda:?}");
        assert!(agenda.len() >= 4, "{file_name}");
        for kind in kinds {
            assert!(
                doc.lanes.iter().any(|lane| lane.kind == *kind),
                "{file_name}: no {kind} lane"
            );
        }
        assert!(doc.stages.len() >= 4, "{file_name}");
        assert!(doc.cards.len() >= 5, "{file_name}: a few example cards");
        assert!(!doc.connectors.is_empty(), "{file_name}");
        // Shipped as File → New offers them.
        let key = file_name.trim_end_matches(format::FILE_EXTENSION);
        let template = stagemap::samples::template(key).expect("listed in File → New");
        assert_eq!(template.document().unwrap(), doc);
    }
    let blueprint = example("workshop-service-blueprint.stagemap.ron");
    let (_, problems) = blueprint.blueprint_lines();
    assert!(problems.is_empty(), "{problems:?}");
}
