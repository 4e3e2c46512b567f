//! The impact/effort matrix and concept screening windows (Workshop menu),
//! driven through their accessible labels on the Chinese example: an item
//! dragged into a quadrant is saved there, undone in one step, and Esc
//! cancels a drag; scores and weights set in the screening table give the
//! totals and ranks worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stagemap::decisions::{self, screening_table};
use stagemap::model::{CardId, Document, Quadrant};
use stagemap::scene::matrix::{self, MatrixFrame};
use stagemap::ui::i18n::Language;
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
#[path = "support/examples.rs"]
mod examples;
#[path = "support/on_screen.rs"]
mod on_screen;
#[path = "support/snapshots.rs"]
mod snapshots;

use app_driver::{app_harness, click_menu, options_with, press, retype};
use on_screen::rect_of;

type App = Harness<'static, StagemapApp>;

/// The opportunities of the Chinese example, in map order.
fn opportunities(doc: &Document) -> Vec<(CardId, String)> {
    doc.cards
        .iter()
        .filter(|card| decisions::is_opportunity(doc, card.id))
        .map(|card| (card.id, card.title.trim().to_owned()))
        .collect()
}

fn open(window: &str) -> (App, Document) {
    let doc = examples::ev_owner();
    let mut harness = app_harness(Startup::Document(doc.clone()), [1400.0, 1000.0]);
    harness.run();
    click_menu(&mut harness, &["Workshop", window]);
    (harness, doc)
}

/// Where a place of the matrix is on the screen.
fn on_screen(harness: &App, impact: f64, effort: f64) -> Pos2 {
    // The matrix' picture is the one image of the window (its label is in the UI's language).
    let picture = harness.get_by_role(egui::accesskit::Role::Image).rect();
    let zoom = picture.width() / matrix::WIDTH;
    let at = MatrixFrame::default().point_of(impact, effort);
    picture.min + vec2(at.x, at.y) * zoom
}

/// The middle of the item of `title` now.
fn item_centre(harness: &App, title: &str) -> Pos2 {
    let label = harness
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .find(|label| label.starts_with(&format!("{title} — ")))
        .unwrap_or_else(|| panic!("no item {title}"));
    rect_of(harness, &label).center()
}

fn button(harness: &mut App, at: Pos2, pressed: bool) {
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Drags from `from` to `to` in small steps; Esc before letting go when `cancel`.
fn drag(harness: &mut App, from: Pos2, to: Pos2, cancel: bool) {
    harness.hover_at(from);
    harness.run();
    button(harness, from, true);
    harness.run();
    for step in 1..=10 {
        harness.event(egui::Event::PointerMoved(
            from + (to - from) * (step as f32 / 10.0),
        ));
        harness.step();
    }
    harness.run();
    if cancel {
        press(harness, Modifiers::NONE, Key::Escape);
    }
    button(harness, to, false);
    harness.run();
}

#[test]
fn an_item_dragged_lands_in_its_quadrant_and_undo_takes_it_back() {
    let (mut harness, original) = open("Impact/effort matrix…");
    let (card, title) = opportunities(&original)[0].clone();
    assert!(original.decisions.matrix.placement(card).is_none());
    let from = item_centre(&harness, &title);
    let to = on_screen(&harness, 0.2, 0.85);
    drag(&mut harness, from, to, false);

    let doc = harness.state().document();
    let placed = doc.decisions.matrix.placement(card).expect("placed");
    assert!(
        (placed.impact - 0.2).abs() < 0.02 && (placed.effort - 0.85).abs() < 0.02,
        "{placed:?}"
    );
    assert_eq!(
        Quadrant::of(placed.impact, placed.effort),
        Quadrant::MoneyPits
    );
    assert!(
        harness
            .query_by_label(&format!("{title} — Money pits"))
            .is_some()
    );
    // The card now lies in the quadrant it was dropped in.
    let money_pits = {
        let (top_left, bottom_right) =
            (on_screen(&harness, 0.5, 0.5), on_screen(&harness, 0.0, 1.0));
        egui::Rect::from_min_max(top_left, bottom_right)
    };
    assert!(money_pits.contains(item_centre(&harness, &title)));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);
}

#[test]
fn esc_during_a_drag_leaves_the_item_where_it_was() {
    let (mut harness, original) = open("Impact/effort matrix…");
    let (_, title) = opportunities(&original)[1].clone();
    let from = item_centre(&harness, &title);
    let to = on_screen(&harness, 0.9, 0.9);
    drag(&mut harness, from, to, true);
    assert_eq!(harness.state().document(), &original);
    assert_eq!(item_centre(&harness, &title), from);
}

#[test]
fn a_focused_item_moves_by_the_arrow_keys_one_undo_step_a_key() {
    let (mut harness, original) = open("Impact/effort matrix…");
    let (card, title) = opportunities(&original)[0].clone();
    let start = decisions::matrix_items(&original)
        .into_iter()
        .find(|item| item.card == card)
        .unwrap();
    let label = harness
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .find(|label| label.starts_with(&format!("{title} — ")))
        .unwrap();
    harness.get_by_label(&label).focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    let doc = harness.state().document().clone();
    let placed = doc.decisions.matrix.placement(card).expect("placed");
    assert!(
        (placed.impact - (start.impact + 0.1)).abs() < 1e-9,
        "{placed:?}"
    );
    assert!(
        (placed.effort - (start.effort - 0.05)).abs() < 1e-9,
        "{placed:?}"
    );
    // The keys moved the item, not the map's cards behind the window.
    assert_eq!(doc.cards, original.cards);
    // One undo step a key.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let back = harness
        .state()
        .document()
        .decisions
        .matrix
        .placement(card)
        .copied();
    assert!((back.unwrap().impact - (start.impact + 0.1)).abs() < 1e-9);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);
}

#[test]
fn another_map_opened_shows_its_own_matrix_not_the_one_before() {
    let (mut harness, original) = open("Impact/effort matrix…");
    let (_, title) = opportunities(&original)[0].clone();
    let item_of = |harness: &App| {
        harness
            .get_all_by_role(egui::accesskit::Role::Button)
            .filter_map(|node| node.accesskit_node().label())
            .any(|label| label.starts_with(&format!("{title} — ")))
    };
    assert!(item_of(&harness));
    // The window opens below the menu bar, so the menus stay within reach.
    click_menu(&mut harness, &["File", "New", "Blank map"]);
    harness.run();
    // Still open, on the new map: nothing of the example is left.
    assert!(!item_of(&harness));
    assert!(
        harness
            .query_by_label(
                "Nothing to place yet; add cards to an opportunity lane, or include the pain points."
            )
            .is_some()
    );
}

/// Picks `value` ("4 / 5") in the score picker of `card` on `criterion`.
fn score(harness: &mut App, card: &str, criterion: &str, value: u8) {
    harness
        .get_by_label(&format!("Score of {card} on {criterion}"))
        .click();
    harness.run();
    harness.get_by_label(&format!("{value} / 5")).click();
    harness.run();
}

#[test]
fn screening_totals_and_ranks_follow_the_scores_and_weights() {
    let (mut harness, original) = open("Concept screening…");
    let cards = opportunities(&original);
    let ((a, a_title), (b, b_title)) = (cards[0].clone(), cards[1].clone());
    harness.get_by_label("Use default criteria").click();
    harness.run();
    let criteria: Vec<String> = harness
        .state()
        .document()
        .decisions
        .screening
        .criteria
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(criteria, ["Effectiveness", "Feasibility", "Customer value"]);

    retype(&mut harness, "Weight of criterion 1", "2");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    score(&mut harness, &a_title, "Effectiveness", 4);
    score(&mut harness, &a_title, "Feasibility", 3);
    score(&mut harness, &a_title, "Customer value", 5);
    score(&mut harness, &b_title, "Effectiveness", 5);
    score(&mut harness, &b_title, "Feasibility", 1);

    // By hand: A = 2 × 4 + 3 + 5 = 16, B = 2 × 5 + 1 = 11, the rest 0.
    for label in [
        format!("Weighted total of {a_title}: 16"),
        format!("Rank of {a_title}: 1"),
        format!("Weighted total of {b_title}: 11"),
        format!("Rank of {b_title}: 2"),
    ] {
        assert!(harness.query_by_label(&label).is_some(), "{label}");
    }
    let table = screening_table(harness.state().document());
    let row = |card: CardId| table.iter().find(|row| row.card == card).unwrap();
    assert_eq!((row(a).total, row(a).rank), (16.0, 1));
    assert_eq!((row(b).total, row(b).rank), (11.0, 2));
    assert!(
        table
            .iter()
            .skip(2)
            .all(|row| row.total == 0.0 && row.rank == 3)
    );

    // Each pick is one step: undo takes back B's last score only.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let table = screening_table(harness.state().document());
    let b_row = table.iter().find(|row| row.card == b).unwrap();
    assert_eq!(b_row.total, 10.0);
}

#[test]
fn a_weight_that_is_no_number_is_refused_in_words_and_changes_nothing() {
    let (mut harness, _) = open("Concept screening…");
    harness.get_by_label("Use default criteria").click();
    harness.run();
    let before = harness.state().document().clone();
    retype(&mut harness, "Weight of criterion 2", "heavy");
    assert!(
        harness
            .query_by_label("A weight is a number of 0 or more.")
            .is_some()
    );
    assert_eq!(
        harness.state().document().decisions.screening,
        before.decisions.screening
    );
}

#[test]
fn snapshot_the_matrix_in_chinese() {
    let doc = examples::ev_owner();
    let settings = Settings {
        language: Some(Language::SimplifiedChinese),
        theme: ThemeChoice::Light,
        ..Settings::default()
    };
    let mut harness: App = Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_eframe(move |cc| {
            StagemapApp::new(cc, Startup::Document(doc), options_with(settings))
        });
    harness.run();
    click_menu(&mut harness, &["工作坊", "影响/投入矩阵…"]);
    let (_, title) = opportunities(harness.state().document())[0].clone();
    let from = item_centre(&harness, &title);
    let to = on_screen(&harness, 0.85, 0.15);
    drag(&mut harness, from, to, false);
    harness.snapshot_options("ui_matrix_window", &snapshots::snapshot_options());
}

#[test]
fn renaming_a_quadrant_is_one_undo_step_and_pain_points_join_when_asked() {
    let (mut harness, original) = open("Impact/effort matrix…");
    harness.get_by_label("Names").click();
    harness.run();
    retype(&mut harness, "Quick wins", "先做这些");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        harness.state().document().decisions.matrix.quadrants[0],
        "先做这些"
    );
    // The waiting items sit in the top left quadrant, now named so.
    let (_, title) = opportunities(&original)[0].clone();
    assert!(
        harness
            .query_by_label(&format!("{title} — 先做这些"))
            .is_some()
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);

    let pain = original
        .cards
        .iter()
        .find(|card| card.pain)
        .map(|card| card.title.trim().to_owned())
        .unwrap();
    let item = format!("{pain} — Quick wins");
    assert!(harness.query_by_label(&item).is_none());
    harness.get_by_label("Include pain points").click();
    harness.run();
    assert!(harness.state().document().decisions.matrix.include_pain);
    assert!(harness.query_by_label(&item).is_some());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document(), &original);
}
