//! Esc cancels every gesture in the editor: for each one (dragging a card, a
//! connector, a stage, step or lane header, the curve, box selection,
//! renaming in place, typing in the inspector) the test starts it, presses
//! Esc, lets go, and finds the map unchanged with nothing to undo; then it
//! does the same gesture to its end and sees it change what it should, so a
//! gesture that never started cannot pass for one that was cancelled.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::model::{Document, LaneKind};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{press, retype};
#[path = "support/on_screen.rs"]
mod on_screen;
use on_screen::{cell_center, double_click, rect_of};

type App = Harness<'static, StagemapApp>;

/// Two stages — Book (steps Search and Pay) and Stay (step Check in) — and
/// three lanes: Guest (customer), Desk (front-stage) and Mood (emotion).
/// Find a room (emotion −1) and Pay online (+1) sit in Guest, Greet in Desk.
fn trip() -> Document {
    let mut session = Session::unsaved(Document::new("Trip"));
    for (index, stage) in ["Book", "Stay"].into_iter().enumerate() {
        session
            .run(|doc| ops::add_stage(doc, index, stage))
            .unwrap();
    }
    for (stage, name) in [(0, "Search"), (1, "Check in")] {
        let id = session.doc().stages[stage].steps[0].id;
        session
            .execute(Command::RenameStep {
                id,
                name: name.to_owned(),
            })
            .unwrap();
    }
    let book = session.doc().stages[0].id;
    session
        .run(|doc| ops::add_step(doc, book, 1, "Pay"))
        .unwrap();
    for (index, (name, kind)) in [
        ("Guest", LaneKind::Customer),
        ("Desk", LaneKind::Frontstage),
        ("Mood", LaneKind::Emotion),
    ]
    .into_iter()
    .enumerate()
    {
        session
            .run(|doc| ops::add_lane(doc, index, name, kind))
            .unwrap();
    }
    let doc = session.doc().clone();
    let (search, pay, check_in) = (
        doc.stages[0].steps[0].id,
        doc.stages[0].steps[1].id,
        doc.stages[1].steps[0].id,
    );
    let (guest, desk) = (doc.lanes[0].id, doc.lanes[1].id);
    for (step, lane, title, emotion) in [
        (search, guest, "Find a room", Some(-1.0)),
        (pay, guest, "Pay online", Some(1.0)),
        (check_in, desk, "Greet", None),
    ] {
        let id = session.doc().next_card_id();
        session
            .run(|doc| ops::add_card(doc, step, lane, usize::MAX, title).0)
            .unwrap();
        if let Some(score) = emotion {
            session
                .execute(Command::SetCardField {
                    id,
                    field: CardField::Emotion(Some(score)),
                })
                .unwrap();
        }
    }
    session.doc().clone()
}

/// How a gesture ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// Esc while the gesture is on, then the button let go (or nothing, for typing).
    Esc,
    /// The button let go (or Enter, for typing).
    Finish,
}

fn button(harness: &mut App, at: Pos2, pressed: bool, modifiers: Modifiers) {
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        },
        modifiers,
    );
}

/// Presses at `from` (holding `modifiers`), moves in small steps to `to`,
/// then ends as `end` says and lets go at `to`.
fn drag(harness: &mut App, from: Pos2, to: Pos2, modifiers: Modifiers, end: End) {
    harness.hover_at(from);
    harness.run();
    button(harness, from, true, modifiers);
    harness.run();
    for step in 1..=10 {
        harness.event_modifiers(
            egui::Event::PointerMoved(from + (to - from) * (step as f32 / 10.0)),
            modifiers,
        );
        harness.step();
    }
    harness.run();
    if end == End::Esc {
        press(harness, modifiers, Key::Escape);
    }
    button(harness, to, false, modifiers);
    harness.run();
}

/// Ends typing in a text field: Esc or Enter.
fn end_typing(harness: &mut App, end: End) {
    let key = match end {
        End::Esc => Key::Escape,
        End::Finish => Key::Enter,
    };
    press(harness, Modifiers::NONE, key);
}

fn drag_card(harness: &mut App, end: End) {
    let from = rect_of(harness, "Greet").center();
    let to = cell_center(harness, "Search", "Desk");
    drag(harness, from, to, Modifiers::NONE, end);
}

fn drag_connector(harness: &mut App, end: End) {
    // The round handle sits on the middle of the card's right edge.
    let from = rect_of(harness, "Find a room").right_center() - Vec2::new(2.0, 0.0);
    let to = rect_of(harness, "Greet").center();
    drag(harness, from, to, Modifiers::NONE, end);
}

fn drag_stage(harness: &mut App, end: End) {
    let from = rect_of(harness, "Stay").center();
    let to = Pos2::new(rect_of(harness, "Book").left() + 5.0, from.y);
    drag(harness, from, to, Modifiers::NONE, end);
}

fn drag_step(harness: &mut App, end: End) {
    let from = rect_of(harness, "Search").center();
    let target = rect_of(harness, "Check in");
    let to = Pos2::new(target.right() - 10.0, target.center().y);
    drag(harness, from, to, Modifiers::NONE, end);
}

fn drag_lane(harness: &mut App, end: End) {
    let from = rect_of(harness, "Mood").center();
    let to = Pos2::new(from.x, rect_of(harness, "Guest").top() + 5.0);
    drag(harness, from, to, Modifiers::NONE, end);
}

fn box_select(harness: &mut App, end: End) {
    let first = rect_of(harness, "Find a room");
    let from = first.left_top() - Vec2::splat(4.0);
    let to = rect_of(harness, "Pay online").center();
    drag(harness, from, to, Modifiers::SHIFT, end);
}

fn rename_in_place(harness: &mut App, end: End) {
    let at = rect_of(harness, "Desk").center();
    harness.hover_at(at);
    // Half a second passes, so these clicks do not count with earlier ones.
    for _ in 0..30 {
        harness.step();
    }
    double_click(harness, at);
    // (The inspector shows the lane's name too, in a field without the keyboard.)
    let typing_the_name = harness.query_all_by_role(Role::TextInput).any(|field| {
        let node = field.accesskit_node();
        node.is_focused() && node.value().as_deref() == Some("Desk")
    });
    assert!(
        typing_the_name,
        "double-clicking the lane name opens it for typing"
    );
    // The name is selected: typing replaces it.
    harness.event(egui::Event::Text("Front desk".to_owned()));
    harness.run();
    end_typing(harness, end);
}

fn drag_curve_point(harness: &mut App, end: End) {
    let from = rect_of(harness, "This map emotion at Find a room: −1").center();
    drag(
        harness,
        from,
        from - Vec2::new(0.0, 40.0),
        Modifiers::NONE,
        end,
    );
}

fn inspector_field(harness: &mut App, end: End) {
    harness.get_by_label("Greet").click();
    harness.run();
    retype(harness, "Owner", "Night manager");
    end_typing(harness, end);
}

/// The Edit menu's undo item: its label and whether it can be clicked.
fn undo_item(harness: &mut App) -> (String, bool) {
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run();
    let item = harness
        .get_all_by_role(Role::Menu)
        .find_map(|menu| menu.query_by_label_contains("Undo"))
        .map(|item| {
            let node = item.accesskit_node();
            (node.label().unwrap_or_default(), !node.is_disabled())
        })
        .expect("an Undo item in the Edit menu");
    press(harness, Modifiers::NONE, Key::Escape);
    item
}

/// The inspector says several cards are selected.
fn several_selected(harness: &App) -> bool {
    harness.query_by_label_contains("cards selected").is_some()
}

#[test]
fn esc_cancels_every_gesture_and_leaves_nothing_to_undo() {
    type Gesture = fn(&mut App, End);
    let gestures: [(&str, Gesture); 9] = [
        ("card drag", drag_card),
        ("connector drag", drag_connector),
        ("stage header drag", drag_stage),
        ("step header drag", drag_step),
        ("lane header drag", drag_lane),
        ("box select", box_select),
        ("rename in place", rename_in_place),
        ("curve point drag", drag_curve_point),
        ("inspector field", inspector_field),
    ];
    let mut failures = Vec::new();
    for (name, gesture) in gestures {
        let mut harness =
            app_driver::app_harness_with_short_frames(Startup::Document(trip()), [1280.0, 800.0]);
        harness.run();
        let before = harness.state().document().clone();

        gesture(&mut harness, End::Esc);
        let unchanged = harness.state().document() == &before;
        let clean = !harness.state().is_dirty();
        let selection_kept = !several_selected(&harness);
        let undo = undo_item(&mut harness);
        if !(unchanged && clean && selection_kept && undo == ("Undo".to_owned(), false)) {
            failures.push(format!(
                "{name}: after Esc, map unchanged {unchanged}, not dirty {clean}, \
                 selection as before {selection_kept}, undo item {undo:?}"
            ));
            continue;
        }

        // Done to its end, the same gesture does something.
        gesture(&mut harness, End::Finish);
        if name == "box select" {
            if !several_selected(&harness) {
                failures.push(format!("{name}: finished, it selected nothing"));
            }
        } else {
            let undo = undo_item(&mut harness);
            if harness.state().document() == &before || !undo.1 {
                failures.push(format!(
                    "{name}: finished, it changed nothing (undo item {undo:?})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
