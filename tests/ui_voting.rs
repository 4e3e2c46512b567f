//! Dot voting driven through the editor's accessibility labels on the Chinese
//! electric-car example: a facilitator records a round with number keys and
//! clicks, reveals it and reads the ranking; passing the laptop never shows
//! the dots of the person before; every step is one undo step.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use stagemap::layout::LayerPreset;
use stagemap::model::{Ballot, Document, Focus, VotingRound};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
#[path = "support/examples.rs"]
mod examples;
#[path = "support/on_screen.rs"]
mod on_screen;
use app_driver::{click_dialog, click_menu, press};

const FINDING: &str = "充电桩查找困难";
const BLOCKED: &str = "充电桩被燃油车占用";
const WINTER: &str = "冬季续航缩水明显";
const SERVICE: &str = "维保等待时间长";
const DELIVERY: &str = "交付周期长、进度不透明";

/// The editor on the electric-car example in a big window.
fn harness() -> Harness<'static, StagemapApp> {
    let mut harness =
        app_driver::app_harness(Startup::Document(examples::ev_owner()), [1600.0, 1000.0]);
    harness.run();
    harness
}

fn doc(harness: &Harness<'_, StagemapApp>) -> Document {
    harness.state().document().clone()
}

/// Workshop → Start voting round…, the participants typed (one a line), Start.
fn start_round(harness: &mut Harness<'_, StagemapApp>, participants: &str) {
    click_menu(harness, &["Workshop", "Start voting round…"]);
    harness.get_by_label("Participants").click();
    harness.run();
    harness.get_by_label("Participants").type_text(participants);
    harness.run();
    click_dialog(harness, "Start");
}

/// Where a card is on the screen.
fn card_at(harness: &Harness<'_, StagemapApp>, title: &str) -> Pos2 {
    harness
        .get_by_role_and_label(Role::Button, title)
        .rect()
        .center()
}

fn click_card(harness: &mut Harness<'_, StagemapApp>, title: &str) {
    let at = card_at(harness, title);
    on_screen::click(harness, at);
}

fn right_click_card(harness: &mut Harness<'_, StagemapApp>, title: &str) {
    let at = card_at(harness, title);
    harness.hover_at(at);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

/// Picks a participant by their number key, clicks their cards; the
/// document after each dot is kept in `states`.
fn vote(
    harness: &mut Harness<'_, StagemapApp>,
    states: &mut Vec<Document>,
    key: Key,
    cards: &[&str],
) {
    press(harness, Modifiers::NONE, key);
    for card in cards {
        click_card(harness, card);
        states.push(doc(harness));
    }
}

/// The status line says `text`.
fn status_says(harness: &Harness<'_, StagemapApp>, text: &str) -> bool {
    harness.query_by_label(text).is_some()
}

#[test]
fn a_facilitator_records_a_round_and_reads_the_ranking_each_step_one_undo_step() {
    let mut harness = harness();
    let mut states = vec![doc(&harness)];
    start_round(
        &mut harness,
        "张伟, 用户组\n李娜, 用户组\n王芳, 员工组\n陈磊, 员工组",
    );
    let started = doc(&harness);
    let round = &started.decisions.rounds[0];
    assert_eq!(round.participants.len(), 4);
    assert_eq!(round.budget, 3, "a quarter of the ten pain points, rounded");
    assert_eq!(round.question, "Which pain point should we fix first?");
    assert!(harness.query_by_label("3 votes left").is_some());
    states.push(started);

    // 1–4 pick who votes; the layer presets do not see them.
    vote(
        &mut harness,
        &mut states,
        Key::Num1,
        &[FINDING, BLOCKED, SERVICE],
    );
    assert!(harness.query_by_label("0 votes left").is_some());

    // A fourth dot is refused: nothing changes, the status line says why.
    let before = doc(&harness);
    click_card(&mut harness, DELIVERY);
    assert_eq!(doc(&harness), before);
    assert!(status_says(
        &harness,
        "All dots are placed; take one back first."
    ));

    // A right click takes a dot back.
    right_click_card(&mut harness, SERVICE);
    states.push(doc(&harness));
    assert!(harness.query_by_label("1 vote left").is_some());
    vote(&mut harness, &mut states, Key::Num1, &[DELIVERY]);
    vote(
        &mut harness,
        &mut states,
        Key::Num2,
        &[FINDING, BLOCKED, SERVICE],
    );
    vote(
        &mut harness,
        &mut states,
        Key::Num3,
        &[FINDING, SERVICE, WINTER],
    );
    vote(
        &mut harness,
        &mut states,
        Key::Num4,
        &[FINDING, BLOCKED, WINTER],
    );
    assert_eq!(harness.state().canvas().layers(), LayerPreset::All);
    assert_eq!(doc(&harness).decisions.rounds[0].votes.len(), 12);

    click_menu(&mut harness, &["Workshop", "Reveal votes"]);
    let revealed = doc(&harness);
    assert!(revealed.decisions.rounds[0].closed.is_some());
    states.push(revealed);

    // By hand: 充电桩查找困难 4 (everyone), 充电桩被燃油车占用 3 (张伟 李娜 陈磊),
    // 冬季续航缩水明显 2 and 维保等待时间长 2 (tied, map order), 交付周期长 1.
    let expected = [
        format!("1  {FINDING} — 4 dots"),
        format!("2  {BLOCKED} — 3 dots"),
        format!("=3  {WINTER} — 2 dots"),
        format!("=3  {SERVICE} — 2 dots"),
        format!("5  {DELIVERY} — 1 dot"),
    ];
    let tops: Vec<f32> = expected
        .iter()
        .map(|row| harness.get_by_label(row).rect().top())
        .collect();
    assert!(tops.is_sorted(), "the rows are in rank order: {tops:?}");
    // The dots per group, in the order the groups first appear.
    assert!(harness.query_by_label("用户组 2 · 员工组 2").is_some());
    // Each voted card shows its count on the map.
    assert!(
        harness
            .query_by_label(&format!("4 dots on {FINDING}"))
            .is_some()
    );

    // Undo walks back through every step to the map as it was.
    let last = states.pop().unwrap();
    assert_eq!(doc(&harness), last);
    while let Some(previous) = states.pop() {
        press(&mut harness, Modifiers::COMMAND, Key::Z);
        assert_eq!(doc(&harness), previous, "{} steps back", states.len());
    }
}

#[test]
fn passing_the_laptop_never_shows_the_dots_of_the_person_before() {
    let mut harness = harness();
    start_round(&mut harness, "张伟\n李娜\n王芳");
    click_menu(&mut harness, &["Workshop", "Pass the laptop"]);

    let names = ["张伟", "李娜", "王芳"];
    let ballots = [[FINDING, BLOCKED], [BLOCKED, WINTER], [SERVICE, FINDING]];
    for (index, (name, cards)) in names.iter().zip(ballots).enumerate() {
        // The hand-over screen hides the map: no card, no dot.
        assert!(
            harness
                .query_by_label(&format!("Pass the laptop to {name}"))
                .is_some()
        );
        assert!(harness.query_by_label(FINDING).is_none());
        assert!(harness.query_by_label_contains(" dots on ").is_none());
        // Nobody's turn can be skipped from the bar while the map is hidden.
        assert!(harness.query_by_label("Done, next person").is_none());
        harness
            .get_by_label(&format!("I am {name}, show my turn"))
            .click();
        harness.run();
        assert!(
            harness
                .query_by_label(&format!("{name}, your turn — 3 dots"))
                .is_some()
        );
        // Before their own dots, nobody's show.
        assert!(harness.query_by_label_contains(" dots on ").is_none());
        for card in cards {
            click_card(&mut harness, card);
        }
        for earlier in &names[..index] {
            assert!(
                harness
                    .query_by_label_contains(&format!("{earlier} — "))
                    .is_none(),
                "{earlier}'s dots show during {name}'s turn"
            );
        }
        assert!(
            harness
                .query_by_label(&format!("{name} — 1 dot on {}", cards[0]))
                .is_some()
        );
        harness.get_by_label("Done, next person").click();
        harness.run();
    }
    assert!(harness.query_by_label(FINDING).is_none());
    assert!(
        harness
            .query_by_label("Everyone has voted. The facilitator reveals the votes.")
            .is_some()
    );
    assert_eq!(doc(&harness).decisions.rounds[0].votes.len(), 6);
    assert!(doc(&harness).decisions.rounds[0].is_open());
}

#[test]
fn a_refused_setup_says_why_and_starts_nothing() {
    let mut harness = harness();
    let before = doc(&harness);
    click_menu(&mut harness, &["Workshop", "Start voting round…"]);
    click_dialog(&mut harness, "Start");
    assert!(
        harness
            .query_by_label("A round needs at least one participant.")
            .is_some()
    );
    assert_eq!(doc(&harness), before);
}

#[test]
fn rounds_are_reopened_deleted_and_compared_each_one_undo_step() {
    let mut harness = harness();
    for card in [FINDING, BLOCKED] {
        start_round(&mut harness, "2");
        click_card(&mut harness, card);
        click_menu(&mut harness, &["Workshop", "Reveal votes"]);
    }
    let both = doc(&harness);
    assert_eq!(both.decisions.rounds.len(), 2);
    assert!(both.decisions.rounds.iter().all(|round| !round.is_open()));

    // Two rounds ticked: side by side.
    for index in 0..2 {
        harness
            .get_all_by_label("Compare")
            .nth(index)
            .unwrap()
            .click();
        harness.run();
    }
    assert!(harness.query_by_label("Rounds compared").is_some());
    assert_eq!(doc(&harness), both, "comparing changes nothing");

    // Reopen hides the votes again and voting resumes; one undo step.
    harness.get_all_by_label("Reopen").next().unwrap().click();
    harness.run();
    assert!(doc(&harness).decisions.rounds[0].is_open());
    for card in [FINDING, BLOCKED] {
        assert!(
            harness
                .query_by_label(&format!("1 dot on {card}"))
                .is_none(),
            "{card}'s count shows while a round is open"
        );
    }
    assert!(harness.query_by_label("Rounds compared").is_none());
    // The voting bar is back: the first participant, their one dot placed.
    assert!(harness.query_by_label("2 votes left").is_some());
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(doc(&harness), both);

    // Delete takes the round with its votes; one undo step.
    harness.get_all_by_label("Delete").next().unwrap().click();
    harness.run();
    assert_eq!(doc(&harness).decisions.rounds.len(), 1);
    assert_eq!(doc(&harness).decisions.rounds[0], both.decisions.rounds[1]);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(doc(&harness), both);
}

#[test]
fn a_round_on_the_cards_the_focus_shows() {
    let mut harness = harness();
    harness
        .state_mut()
        .canvas_mut()
        .set_focus(Some(Focus::PainPoints));
    harness.run();
    let map = doc(&harness);
    let focused: Vec<_> = map
        .cards
        .iter()
        .filter(|card| card.pain || card.fail)
        .map(|card| card.id)
        .collect();
    start_round(&mut harness, "3");
    let round = &doc(&harness).decisions.rounds[0];
    assert_eq!(round.ballot, Ballot::Cards(focused.clone()));
    assert_eq!(round.budget, VotingRound::default_budget(focused.len()));
    assert_eq!(round.participants.len(), 3);
}
