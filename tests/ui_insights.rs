//! The insights and persona panels driven as a user drives them: through the View menu and accessible labels.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stagemap::format;
use stagemap::insights::Insights;
use stagemap::model::Document;
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::click_menu;

#[path = "support/examples.rs"]
mod examples;
use examples::{EV_OWNER, example_path};

/// The editor on `startup`, English and light, in a 1600×1000 window.
fn harness(startup: Startup) -> Harness<'static, StagemapApp> {
    app_driver::app_harness(startup, [1600.0, 1000.0])
}

#[test]
fn the_insights_panel_ranks_the_pain_points_and_a_click_selects_the_card() {
    let mut harness = harness(Startup::File(example_path(EV_OWNER)));
    harness.run();
    assert!(harness.query_by_label_contains("Pain points (").is_none());
    click_menu(&mut harness, &["View", "Insights panel"]);

    let expected = Insights::of(&format::load(&example_path(EV_OWNER)).unwrap());
    assert_eq!(expected.pain_points.len(), 12);
    assert!(harness.query_by_label("Pain points (12)").is_some());
    let first = &expected.pain_points[0];
    let first_entry = format!("Pain point 1: {},", first.title);
    let entry = harness.get_by_label_contains(&first_entry);
    // The inspector shows the map, not a card, before the click.
    assert!(harness.query_by_label("Map title").is_some());
    entry.click();
    harness.run();

    let title = harness.get_by_label("Title");
    assert_eq!(title.value().as_deref(), Some(first.title.as_str()));
    // The emotion averages per stage, worked out by hand: 购车 (0.5 + 1 + 2) / 3, 维保
    // (−0.5 − 2 − 1 + 1.5) / 4.
    assert!(harness.query_by_label("Per stage").is_some());
    assert!(harness.query_by_label("1.17").is_some());
    assert!(harness.query_by_label("-0.5").is_some());

    click_menu(&mut harness, &["View", "Insights panel"]);
    assert!(harness.query_by_label("Pain points (12)").is_none());
}

#[test]
fn the_insights_panel_follows_edits() {
    let mut harness = harness(Startup::File(example_path(EV_OWNER)));
    click_menu(&mut harness, &["View", "Insights panel"]);
    assert!(harness.query_by_label("Pain points (12)").is_some());
    // Deleting the first ranked pain point leaves eleven.
    harness.get_by_label_contains("Pain point 1: ").click();
    harness.run();
    click_menu(&mut harness, &["Edit", "Delete"]);
    assert!(harness.query_by_label("Pain points (11)").is_some());
}

#[test]
fn a_persona_is_created_renamed_and_the_rename_undone() {
    let mut harness = harness(Startup::Document(Document::new("Trip")));
    click_menu(&mut harness, &["View", "Personas panel"]);
    assert!(harness.query_by_label("No personas yet.").is_some());

    harness.get_by_label("Add persona").click();
    harness.run();
    let personas = &harness.state().document().personas;
    assert_eq!(personas.len(), 1);
    assert_eq!(personas[0].name, "New persona");

    let name = harness.get_by_label("Persona name");
    name.click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label("Persona name").type_text("王女士");
    harness.run();
    assert_eq!(harness.state().document().personas[0].name, "王女士");
    harness.get_by_label("Role").click();
    harness.run();
    harness.get_by_label("Role").type_text("Commuter");
    harness.run();
    assert_eq!(harness.state().document().personas[0].role, "Commuter");

    // Each field visit is one step: undo the role, then the name, then the addition.
    click_menu(&mut harness, &["Edit", "Undo Edit persona"]);
    assert_eq!(harness.state().document().personas[0].role, "");
    assert_eq!(harness.state().document().personas[0].name, "王女士");
    click_menu(&mut harness, &["Edit", "Undo Edit persona"]);
    assert_eq!(harness.state().document().personas[0].name, "New persona");
    click_menu(&mut harness, &["Edit", "Undo Add persona"]);
    assert!(harness.state().document().personas.is_empty());
}

#[test]
fn a_persona_is_deleted_and_its_cards_belong_to_nobody() {
    let mut harness = harness(Startup::File(example_path(EV_OWNER)));
    click_menu(&mut harness, &["View", "Personas panel"]);
    assert!(harness.query_by_label("王女士").is_some());
    harness.get_by_label("Delete persona").click();
    harness.run();
    let doc = harness.state().document();
    assert!(doc.personas.is_empty());
    assert!(doc.cards.iter().all(|card| card.persona.is_none()));
    click_menu(&mut harness, &["Edit", "Undo Delete persona"]);
    assert_eq!(harness.state().document().personas.len(), 1);
}

#[test]
fn esc_takes_back_what_was_typed_in_a_persona_field() {
    let mut harness = harness(Startup::File(example_path(EV_OWNER)));
    click_menu(&mut harness, &["View", "Personas panel"]);
    let before = harness.state().document().personas[0].clone();
    harness.get_by_label("Quote").click();
    harness.run();
    harness.get_by_label("Quote").type_text("!!");
    harness.run();
    let typed = &harness.state().document().personas[0].quote;
    assert!(typed.contains("!!") && typed.chars().count() == before.quote.chars().count() + 2);
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().document().personas[0], before);
    assert!(!harness.state().is_dirty());
}
