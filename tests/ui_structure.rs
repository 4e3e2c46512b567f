//! Building a map's structure as a user does: adding and deleting steps, stages and lanes, and choosing a lane's kind, through menus and the inspector.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::model::{BlueprintLine, Direction, Document, EmotionScale, LaneKind};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_menu, press, retype};
#[path = "support/on_screen.rs"]
mod on_screen;
use on_screen::{cell_center, click};

fn harness(doc: Document) -> Harness<'static, StagemapApp> {
    app_driver::app_harness(Startup::Document(doc), [1280.0, 800.0])
}

/// Replaces the text of the field `label` with `text` and leaves the field.
fn retype_and_leave(harness: &mut Harness<'_, StagemapApp>, label: &str, text: &str) {
    retype(harness, label, text);
    press(harness, Modifiers::NONE, Key::Enter);
}

/// A hotel map: a check-in stage of two steps (arrive, check in), a guest lane, a reception
/// lane (front-stage) and a kitchen lane (notes); cards in the second step,
/// joined by an arrow.
fn hotel() -> Document {
    let mut session = Session::opened(Document::new("Hotel stay"));
    session
        .run(|doc| ops::add_stage(doc, 0, "Check-in"))
        .unwrap();
    let stage = session.doc().stages[0].id;
    let first = session.doc().stages[0].steps[0].id;
    session
        .execute(Command::RenameStep {
            id: first,
            name: "Arrive".to_owned(),
        })
        .unwrap();
    session
        .run(|doc| ops::add_step(doc, stage, 1, "Check in"))
        .unwrap();
    for (name, kind) in [
        ("Guest", LaneKind::Customer),
        ("Reception", LaneKind::Frontstage),
        ("Kitchen", LaneKind::Note),
    ] {
        session
            .run(|doc| ops::add_lane(doc, doc.lanes.len(), name, kind))
            .unwrap();
    }
    let check_in = session.doc().stages[0].steps[1].id;
    let (guest, reception) = (session.doc().lanes[0].id, session.doc().lanes[1].id);
    let mut cards = Vec::new();
    for (lane, title) in [(guest, "Hand over passport"), (reception, "Scan passport")] {
        let (command, id) = ops::add_card(session.doc(), check_in, lane, 0, title);
        session.execute(command).unwrap();
        cards.push(id);
    }
    let arrow = ops::connect(session.doc(), cards[0], cards[1], Direction::OneWay).unwrap();
    session.execute(arrow).unwrap();
    session.doc().clone()
}

/// Whether the menu item `item` of `menu` can be clicked now (the menu is closed again).
fn menu_item_enabled(harness: &mut Harness<'_, StagemapApp>, menu: &str, item: &str) -> bool {
    harness.get_by_role_and_label(Role::Button, menu).click();
    harness.run();
    let enabled = harness
        .get_all_by_role(Role::Menu)
        .find_map(|open| open.query_by_label(item))
        .map_or_else(
            || panic!("no {item:?} in the {menu:?} menu"),
            |node| !node.accesskit_node().is_disabled(),
        );
    press(harness, Modifiers::NONE, Key::Escape);
    enabled
}

/// Clicks once, with the primary button, in the middle of a cell (an empty one).
fn click_cell(harness: &mut Harness<'_, StagemapApp>, step: &str, lane: &str) {
    let at = cell_center(harness, step, lane);
    click(harness, at);
}

#[test]
fn add_step_goes_after_the_clicked_step_and_is_named_in_the_inspector() {
    let original = hotel();
    let mut harness = harness(original.clone());
    let arrive = original.stages[0].steps[0].id;
    click_cell(&mut harness, "Arrive", "Kitchen");
    click_menu(&mut harness, &["Edit", "Add step"]);

    let doc = harness.state().document();
    let stage = &doc.stages[0];
    let names: Vec<&str> = stage.steps.iter().map(|step| step.name.as_str()).collect();
    assert_eq!(names, ["Arrive", "Step 3", "Check in"]);
    assert_eq!(stage.steps[0].id, arrive);
    assert_eq!(doc.cards, original.cards, "the cards keep their cells");

    // The new step is the one the inspector names.
    retype_and_leave(&mut harness, "Step name", "Find the desk");
    assert_eq!(
        harness.state().document().stages[0].steps[1].name,
        "Find the desk"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().stages[0].steps[1].name, "Step 3");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);
}

#[test]
fn choosing_back_stage_in_the_inspector_places_the_line_of_visibility() {
    let mut harness = harness(hotel());
    let lines = |harness: &Harness<'_, StagemapApp>| -> Vec<BlueprintLine> {
        let (placed, problems) = harness.state().document().blueprint_lines();
        assert!(problems.is_empty());
        placed.into_iter().map(|placed| placed.line).collect()
    };
    assert_eq!(lines(&harness), [BlueprintLine::Interaction]);

    click_cell(&mut harness, "Arrive", "Kitchen");
    harness.get_by_label("Kind").click();
    harness.run();
    harness.get_by_label("Back-stage actions").click();
    harness.run();

    let doc = harness.state().document();
    assert_eq!(doc.lanes[2].kind, LaneKind::Backstage);
    assert_eq!(
        lines(&harness),
        [BlueprintLine::Interaction, BlueprintLine::Visibility]
    );
    let (placed, _) = harness.state().document().blueprint_lines();
    assert_eq!(placed[1].above_lane, 2, "the line runs above the kitchen");

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().lanes[2].kind, LaneKind::Note);
}

#[test]
fn deleting_a_step_with_cards_is_one_undo_step() {
    let original = hotel();
    let mut harness = harness(original.clone());
    assert!(!menu_item_enabled(&mut harness, "Edit", "Delete step"));

    // The clicked card's cell is the target.
    harness.get_by_label("Scan passport").click();
    harness.run();
    click_menu(&mut harness, &["Edit", "Delete step"]);

    let doc = harness.state().document();
    assert_eq!(doc.stages[0].steps.len(), 1);
    assert!(doc.cards.is_empty());
    assert!(doc.connectors.is_empty());
    // The only step left of its stage goes with the stage, not alone.
    click_cell(&mut harness, "Arrive", "Guest");
    assert!(!menu_item_enabled(&mut harness, "Edit", "Delete step"));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);
    assert!(!harness.state().is_dirty());
}

#[test]
fn deleting_a_stage_and_a_lane_take_their_cards_with_them() {
    let original = hotel();
    let mut harness = harness(original.clone());
    harness.get_by_label("Hand over passport").click();
    harness.run();
    click_menu(&mut harness, &["Edit", "Delete lane"]);
    let doc = harness.state().document();
    assert_eq!(doc.lanes.len(), 2);
    assert_eq!(doc.cards.len(), 1);
    assert!(doc.connectors.is_empty());

    click_cell(&mut harness, "Arrive", "Kitchen");
    // The menu says what goes with the stage.
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    harness.get_by_label("Delete stage").hover();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("“Check-in”: 2 step(s), 1 card(s) and 0 arrow(s)")
            .is_some()
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    click_menu(&mut harness, &["Edit", "Delete stage"]);
    let doc = harness.state().document();
    assert!(doc.stages.is_empty());
    assert!(doc.cards.is_empty());

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);
}

#[test]
fn a_new_lane_is_a_note_lane_named_in_the_inspector() {
    let mut harness = harness(hotel());
    click_menu(&mut harness, &["Edit", "Add lane"]);
    let lane = harness.state().document().lanes[3].clone();
    assert_eq!(lane.kind, LaneKind::Note);

    retype_and_leave(&mut harness, "Lane name", "Housekeeping");
    assert_eq!(harness.state().document().lanes[3].name, "Housekeeping");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().lanes[3], lane);
}

#[test]
fn choosing_another_emotion_scale_moves_the_scores_in_one_undo_step() {
    let mut session = Session::opened(hotel());
    let card = session.doc().cards[0].id;
    session
        .execute(ops::set_card_field(card, CardField::Emotion(Some(1.0))))
        .unwrap();
    let mut harness = harness(session.doc().clone());
    harness.get_by_label("Emotion scale").click();
    harness.run();
    harness.get_by_label("1 … 5").click();
    harness.run();

    let doc = harness.state().document();
    assert_eq!(doc.meta.emotion_scale, EmotionScale::PRESETS[1]);
    assert_eq!(
        doc.card(card).unwrap().emotion,
        Some(4.0),
        "+1 of −2..+2 is 4 of 1..5"
    );

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let doc = harness.state().document();
    assert_eq!(doc.meta.emotion_scale, EmotionScale::default());
    assert_eq!(doc.card(card).unwrap().emotion, Some(1.0));
}
