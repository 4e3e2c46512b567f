//! Typing through an input method in the whole editor: the platform's
//! composition events (egui's `ImeEvent`) and keys fed to the real app —
//! type-to-add in a selected cell, Enter and Tab moving on, Enter and Esc
//! belonging to a composition, shortcuts left alone while composing, and the
//! input method kept allowed from one field to the next.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of these tests fail the test when the map is not as expected"
)]

use egui::accesskit::Role;
use egui::{Event, ImeEvent, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stagemap::edit::{Command, Session, ops};
use stagemap::model::{Document, LaneKind};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::press;

/// Two stages of one step each ("Check in", "Sleep") and two lanes ("Guest", "Staff"), no cards.
fn empty_grid() -> Document {
    let mut session = Session::unsaved(Document::new("Hotel night"));
    session.run(|d| ops::add_stage(d, 0, "Arrive")).unwrap();
    session.run(|d| ops::add_stage(d, 1, "Stay")).unwrap();
    for (index, name) in ["Check in", "Sleep"].into_iter().enumerate() {
        let id = session.doc().stages[index].steps[0].id;
        session
            .execute(Command::RenameStep {
                id,
                name: name.into(),
            })
            .unwrap();
    }
    session
        .run(|d| ops::add_lane(d, 0, "Guest", LaneKind::Customer))
        .unwrap();
    session
        .run(|d| ops::add_lane(d, 1, "Staff", LaneKind::Frontstage))
        .unwrap();
    session.doc().clone()
}

fn harness() -> Harness<'static, StagemapApp> {
    let mut harness = app_driver::app_harness(Startup::Document(empty_grid()), [1280.0, 800.0]);
    harness.run();
    harness
}

/// An empty spot low in the cell under a step header and beside a lane header.
fn cell_spot(harness: &Harness<'_, StagemapApp>, step: &str, lane: &str) -> Pos2 {
    let lane = harness.get_by_label(lane).rect();
    Pos2::new(
        harness.get_by_label(step).rect().center().x,
        lane.bottom() - 8.0,
    )
}

fn click_at(harness: &mut Harness<'_, StagemapApp>, at: Pos2) {
    harness.hover_at(at);
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

fn select_cell(harness: &mut Harness<'_, StagemapApp>, step: &str, lane: &str) {
    let spot = cell_spot(harness, step, lane);
    click_at(harness, spot);
}

/// Sends platform events and lets the app handle them.
fn send(harness: &mut Harness<'_, StagemapApp>, events: Vec<Event>) {
    for event in events {
        harness.event(event);
    }
    harness.run();
}

fn preedit(text: &str) -> Event {
    Event::Ime(ImeEvent::Preedit {
        text: text.into(),
        active_range_chars: Some(0..text.chars().count()),
    })
}

fn commit(text: &str) -> Event {
    Event::Ime(ImeEvent::Commit(text.into()))
}

/// A key as the platform sends it: pressed (with the text it types, if any), then released.
fn key_events(key: Key, text: Option<&str>) -> Vec<Event> {
    let key_event = |pressed| Event::Key {
        key,
        physical_key: Some(key),
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    let mut events = vec![key_event(true)];
    events.extend(text.map(|text| Event::Text(text.into())));
    events.push(key_event(false));
    events
}

/// Types `pinyin` letter by letter as a composition, then commits `chosen` (Space on a candidate).
fn compose(harness: &mut Harness<'_, StagemapApp>, pinyin: &str, chosen: &str) {
    #[expect(deprecated, reason = "X11 and Windows still send it")]
    send(harness, vec![Event::Ime(ImeEvent::Enabled)]);
    for end in 1..=pinyin.len() {
        send(harness, vec![preedit(&pinyin[..end])]);
    }
    send(harness, vec![preedit(""), commit(chosen)]);
}

/// The (step, lane) names of the card titled `title`.
fn cell_of(harness: &Harness<'_, StagemapApp>, title: &str) -> (String, String) {
    let doc = harness.state().document();
    let card = doc
        .cards
        .iter()
        .find(|card| card.title == title)
        .unwrap_or_else(|| panic!("no card titled {title:?}"));
    (
        doc.step(card.step).unwrap().name.clone(),
        doc.lane(card.lane).unwrap().name.clone(),
    )
}

fn titles(harness: &Harness<'_, StagemapApp>) -> Vec<String> {
    let doc = harness.state().document();
    doc.cards.iter().map(|card| card.title.clone()).collect()
}

fn card_editor_open(harness: &Harness<'_, StagemapApp>) -> bool {
    harness.query_by_label("Type a name").is_some()
        || harness
            .query_all_by_role(Role::TextInput)
            .any(|node| node.rect().left() < 900.0)
}

#[test]
fn typing_letters_into_a_selected_cell_adds_a_card_and_enter_moves_down() {
    let mut harness = harness();
    select_cell(&mut harness, "Check in", "Guest");
    for (key, text) in [(Key::W, "W"), (Key::I, "i"), (Key::F, "F"), (Key::I, "i")] {
        send(&mut harness, key_events(key, Some(text)));
    }
    press(&mut harness, Modifiers::NONE, Key::Enter);
    // The cell below is selected: the next card goes there.
    for (key, text) in [(Key::K, "K"), (Key::E, "e"), (Key::Y, "y")] {
        send(&mut harness, key_events(key, Some(text)));
    }
    press(&mut harness, Modifiers::NONE, Key::Enter);

    assert_eq!(
        cell_of(&harness, "WiFi"),
        ("Check in".into(), "Guest".into())
    );
    assert_eq!(
        cell_of(&harness, "Key"),
        ("Check in".into(), "Staff".into())
    );
    // One undo step per card.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(titles(&harness), vec!["WiFi".to_owned()]);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(titles(&harness).is_empty());
}

#[test]
fn a_composition_in_a_selected_cell_adds_a_card_and_tab_moves_to_the_next_step() {
    let mut harness = harness();
    select_cell(&mut harness, "Check in", "Guest");
    compose(&mut harness, "ruzhu", "入住");
    send(&mut harness, key_events(Key::Tab, None));
    compose(&mut harness, "shuijiao", "睡觉");
    press(&mut harness, Modifiers::NONE, Key::Enter);

    assert_eq!(
        cell_of(&harness, "入住"),
        ("Check in".into(), "Guest".into())
    );
    assert_eq!(cell_of(&harness, "睡觉"), ("Sleep".into(), "Guest".into()));
    assert_eq!(titles(&harness).len(), 2);
}

#[test]
fn enter_and_esc_during_a_composition_belong_to_it() {
    let mut harness = harness();
    select_cell(&mut harness, "Check in", "Guest");
    send(&mut harness, vec![preedit("r")]);
    send(&mut harness, vec![preedit("ru")]);
    assert!(card_editor_open(&harness), "the composition opened a card");
    // Esc cancels the composition (the platform clears it), not the card.
    let mut esc = key_events(Key::Escape, None);
    esc.push(preedit(""));
    send(&mut harness, esc);
    assert!(
        card_editor_open(&harness),
        "Esc during a composition kept the card open"
    );
    // Enter commits the composition (here as the raw letters), not the card.
    send(&mut harness, vec![preedit("ruzhu")]);
    let mut enter = key_events(Key::Enter, None);
    enter.extend([preedit(""), commit("ruzhu")]);
    send(&mut harness, enter);
    assert!(
        card_editor_open(&harness),
        "Enter during a composition kept the card open"
    );
    // Without a composition, Enter commits the card.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(!card_editor_open(&harness));
    assert_eq!(titles(&harness), vec!["ruzhu".to_owned()]);
}

#[test]
fn shortcuts_wait_while_composing_and_work_after() {
    let mut harness = harness();
    select_cell(&mut harness, "Check in", "Guest");
    compose(&mut harness, "ruzhu", "入住");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let before = harness.state().document().clone();
    // The cell below is selected; a composition is typed, and its keys
    // (Ctrl+Z, a digit for a candidate, even Ctrl+S, which works while
    // typing) reach no shortcut.
    send(&mut harness, vec![preedit("d")]);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::NONE, Key::Num2);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(
        harness.query_all_by_role(Role::Dialog).next().is_none(),
        "no Save As dialog"
    );
    assert_eq!(
        harness.state().document().cards.len(),
        2,
        "the new card is still there"
    );
    send(&mut harness, vec![preedit(""), commit("")]);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(
        harness.state().document(),
        &before,
        "an empty card is dropped"
    );
    // With no composition the same keys are shortcuts again.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(titles(&harness).is_empty(), "Ctrl+Z undid the card");
}

#[test]
fn the_input_method_stays_allowed_from_one_field_to_the_next() {
    let mut harness = harness();
    let allowed = |harness: &Harness<'_, StagemapApp>| {
        harness
            .output()
            .platform_output
            .ime
            .is_some_and(|ime| !ime.should_interrupt_composition)
    };
    assert!(allowed(&harness), "allowed before any field");
    select_cell(&mut harness, "Check in", "Guest");
    // The card that a composition opens takes the composition over, uncut.
    harness.event(preedit("r"));
    harness.step();
    assert!(
        allowed(&harness),
        "the composition went on into the new card"
    );
    send(&mut harness, vec![preedit(""), commit("")]);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    compose(&mut harness, "ruzhu", "入住");
    assert!(allowed(&harness));
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(allowed(&harness), "allowed between fields");
    compose(&mut harness, "qiantai", "前台");
    assert!(allowed(&harness), "allowed, not reset, in the next card");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(allowed(&harness));
}

#[test]
fn with_a_cell_selected_f_types_and_the_other_shortcuts_still_work() {
    let mut harness = harness();
    select_cell(&mut harness, "Check in", "Guest");
    // 0 is not a letter: it zooms to 100 % with the cell still selected.
    send(&mut harness, key_events(Key::Num0, Some("0")));
    assert!(harness.query_by_label_contains("Zoom 100").is_some());
    assert!(titles(&harness).is_empty(), "a digit starts no card");
    // F is a letter here: it starts a card instead of fitting the map.
    send(&mut harness, key_events(Key::F, Some("F")));
    send(&mut harness, key_events(Key::O, Some("o")));
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(titles(&harness), vec!["Fo".to_owned()]);
    assert!(
        harness.query_by_label_contains("Zoom 100").is_some(),
        "F did not fit the map"
    );
    // With nothing selected, F fits the map again.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    send(&mut harness, key_events(Key::F, Some("f")));
    assert!(harness.query_by_label_contains("Zoom 100").is_none());
    assert_eq!(titles(&harness).len(), 1);
}

#[test]
fn the_candidate_window_follows_the_caret_when_the_canvas_zooms() {
    let mut harness = harness();
    select_cell(&mut harness, "Check in", "Guest");
    send(&mut harness, vec![preedit("ru")]);
    let caret = |harness: &Harness<'_, StagemapApp>| {
        harness
            .output()
            .platform_output
            .ime
            .map(|ime| ime.cursor_rect)
            .expect("the input method is allowed")
    };
    let field = |harness: &Harness<'_, StagemapApp>| {
        harness
            .query_all_by_role(Role::TextInput)
            .find(|node| node.rect().left() < 900.0)
            .expect("the card's field")
            .rect()
    };
    let before = caret(&harness);
    assert!(field(&harness).expand(1.0).contains_rect(before));
    let canvas_middle = Pos2::new(400.0, 400.0);
    harness.hover_at(canvas_middle);
    send(&mut harness, vec![Event::Zoom(1.5)]);
    let after = caret(&harness);
    assert_ne!(before, after, "the caret moved with the zoom");
    assert!(field(&harness).expand(1.0).contains_rect(after));
}
