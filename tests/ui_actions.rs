//! The action plan in the editor, driven through accessible labels on the Chinese example:
//! a card turned into an action, the Actions panel's fields (each change one undo step), its
//! grouping, the refusal of an action without text, and the actions marker on the card.

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

use stagemap::decisions::is_opportunity;
use stagemap::layout;
use stagemap::model::{Action, ActionId, ActionStatus, CardId, Document};
use stagemap::scene::{Item, Scene, SceneOptions, Shows, TextMeasure};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
#[path = "support/examples.rs"]
mod examples;
#[path = "support/on_screen.rs"]
mod on_screen;
use app_driver::{click_menu, press, retype};

/// The text shown when a due date cannot be read.
fn bad_date(text: &str) -> String {
    format!(
        "«{text}» is not a date; write it as year-month-day, e.g. 2026-12-20. The due date is unchanged."
    )
}

/// The editor on `doc` in a 1280×800 window, English and light.
fn harness_on(doc: Document) -> Harness<'static, StagemapApp> {
    let mut harness = app_driver::app_harness(Startup::Document(doc), [1280.0, 800.0]);
    harness.run();
    harness
}

fn doc(harness: &Harness<'_, StagemapApp>) -> Document {
    harness.state().document().clone()
}

fn undo(harness: &mut Harness<'_, StagemapApp>) {
    press(harness, Modifiers::COMMAND, Key::Z);
}

fn redo(harness: &mut Harness<'_, StagemapApp>) {
    press(harness, Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
}

/// The first opportunity card of `doc` whose title no other card has.
fn opportunity(doc: &Document) -> (CardId, String) {
    doc.cards
        .iter()
        .filter(|card| is_opportunity(doc, card.id))
        .find(|card| doc.cards.iter().filter(|c| c.title == card.title).count() == 1)
        .map(|card| (card.id, card.title.clone()))
        .expect("the example has an opportunity card")
}

/// A card of `doc` that is not `but`, with a title no other card has.
fn other_card(doc: &Document, but: CardId) -> CardId {
    doc.cards
        .iter()
        .filter(|card| card.id != but && !card.title.trim().is_empty())
        .find(|card| doc.cards.iter().filter(|c| c.title == card.title).count() == 1)
        .map(|card| card.id)
        .unwrap()
}

/// Where the card titled `title` is on the canvas (right of the left panel, which may list
/// an action of the same name).
fn card_on_canvas(harness: &Harness<'_, StagemapApp>, title: &str) -> egui::Rect {
    harness
        .get_all_by_role_and_label(Role::Button, title)
        .map(|node| node.rect())
        .max_by(|a, b| a.left().total_cmp(&b.left()))
        .unwrap()
}

/// Clicks the card titled `title` on the canvas.
fn click_card(harness: &mut Harness<'_, StagemapApp>, title: &str) {
    let at = card_on_canvas(harness, title).center();
    on_screen::click(harness, at);
}

/// Leaves the field with the keyboard by pressing Enter.
fn enter(harness: &mut Harness<'_, StagemapApp>) {
    press(harness, Modifiers::NONE, Key::Enter);
}

/// An action on `card` with these fields.
fn action(id: u64, what: &str, owner: &str, status: ActionStatus, card: CardId) -> Action {
    Action {
        id: ActionId(id),
        what: what.to_owned(),
        owner: owner.to_owned(),
        due: None,
        status,
        cards: vec![card],
        steps: vec![],
    }
}

#[test]
fn a_card_turned_into_an_action_is_edited_in_the_panel_each_change_one_undo_step() {
    let original = examples::ev_owner();
    let (card, title) = opportunity(&original);
    let mut harness = harness_on(original.clone());

    click_card(&mut harness, &title);
    click_menu(&mut harness, &["Workshop", "Turn into action"]);
    let created = doc(&harness);
    let actions = &created.decisions.actions;
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].what, title);
    assert_eq!(actions[0].cards, [card]);
    assert_eq!(actions[0].status, ActionStatus::ToDo);
    // The panel opened on it: its title is in the list and in the "What" field.
    assert!(harness.query_by_label("Action plan").is_some());
    assert_eq!(
        harness.get_by_label("What").value().as_deref(),
        Some(title.as_str())
    );
    assert_eq!(
        harness
            .get_all_by_role_and_label(Role::Button, &title)
            .count(),
        2,
        "the card on the canvas and the action in the list"
    );
    undo(&mut harness);
    assert_eq!(doc(&harness), original);
    redo(&mut harness);
    assert_eq!(doc(&harness), created);

    // The owner, typed in two goes: one undo step.
    retype(&mut harness, "Who", "李");
    harness.get_by_label("Who").type_text("工");
    harness.run();
    enter(&mut harness);
    let owned = doc(&harness);
    assert_eq!(owned.decisions.actions[0].owner, "李工");
    undo(&mut harness);
    assert_eq!(doc(&harness), created);
    redo(&mut harness);
    assert_eq!(doc(&harness), owned);

    // A due date that is no date is said and changes nothing.
    retype(&mut harness, "Due", "下周五");
    enter(&mut harness);
    assert_eq!(doc(&harness), owned);
    assert!(harness.query_by_label(&bad_date("下周五")).is_some());

    // A due date in Chinese: one undo step.
    retype(&mut harness, "Due", "2026年12月20日");
    enter(&mut harness);
    let due = doc(&harness);
    assert_eq!(
        due.decisions.actions[0].due,
        Some(jiff::civil::date(2026, 12, 20))
    );
    assert!(harness.query_by_label(&bad_date("下周五")).is_none());
    assert_eq!(
        harness.get_by_label("Due").value().as_deref(),
        Some("2026-12-20")
    );
    undo(&mut harness);
    assert_eq!(doc(&harness), owned);
    redo(&mut harness);
    assert_eq!(doc(&harness), due);

    // The status: one undo step.
    harness.get_by_role_and_label(Role::Button, "Doing").click();
    harness.run();
    let doing = doc(&harness);
    assert_eq!(doing.decisions.actions[0].status, ActionStatus::Doing);
    undo(&mut harness);
    assert_eq!(doc(&harness), due);

    // Four steps back is the map as it was, exactly.
    for _ in 0..3 {
        undo(&mut harness);
    }
    assert_eq!(doc(&harness), original);
}

#[test]
fn the_inspector_turns_a_card_into_an_action_and_the_panel_adds_and_shows_what_it_improves() {
    let original = examples::ev_owner();
    let (card, title) = opportunity(&original);
    let other = other_card(&original, card);
    let other_title = original.card(other).unwrap().title.clone();
    let mut harness = harness_on(original);

    click_card(&mut harness, &title);
    // The title retyped in the inspector, still with the keyboard: its step ends before the
    // action is added, so each undoes on its own.
    let before = doc(&harness);
    retype(&mut harness, "Title", "实时显示桩位");
    harness
        .get_by_role_and_label(Role::Button, "Turn into action")
        .click();
    harness.run();
    let created = doc(&harness);
    assert_eq!(created.decisions.actions[0].cards, [card]);
    assert_eq!(created.decisions.actions[0].what, "实时显示桩位");
    undo(&mut harness);
    assert!(doc(&harness).decisions.actions.is_empty());
    assert_eq!(doc(&harness).card(card).unwrap().title, "实时显示桩位");
    undo(&mut harness);
    assert_eq!(doc(&harness), before);
    redo(&mut harness);
    redo(&mut harness);
    assert_eq!(doc(&harness), created);
    let title = "实时显示桩位".to_owned();

    // Another card selected on the canvas is added to the action as one step.
    click_card(&mut harness, &other_title);
    harness
        .get_by_role_and_label(Role::Button, "Add selected card")
        .click();
    harness.run();
    let added = doc(&harness);
    assert_eq!(added.decisions.actions[0].cards, [card, other]);
    undo(&mut harness);
    assert_eq!(doc(&harness), created);
    redo(&mut harness);

    // Clicking the first card in the panel selects it on the canvas.
    harness.get_by_label(&format!("Card «{title}»")).click();
    harness.run();
    assert_eq!(harness.state().canvas().selected_cards(), [card]);

    // Removing the second card is one step.
    harness
        .get_by_label(&format!("Remove Card «{other_title}»"))
        .click();
    harness.run();
    assert_eq!(doc(&harness), created);

    // Deleting the action is one step.
    harness
        .get_by_role_and_label(Role::Button, "Delete action")
        .click();
    harness.run();
    assert!(doc(&harness).decisions.actions.is_empty());
    assert!(harness.query_by_label("What").is_none());
    undo(&mut harness);
    assert_eq!(doc(&harness), created);
}

#[test]
fn actions_are_grouped_by_owner_or_by_status() {
    let mut map = examples::ev_owner();
    let (card, _) = opportunity(&map);
    map.decisions.actions = vec![
        action(1, "公示充电桩实时状态", "王经理", ActionStatus::Done, card),
        action(2, "上门取送车", "李工", ActionStatus::ToDo, card),
        action(3, "维保进度推送", "", ActionStatus::Doing, card),
        action(4, "预约时段提醒", "李工", ActionStatus::Doing, card),
    ];
    let mut harness = harness_on(map);
    click_menu(&mut harness, &["Workshop", "Actions panel"]);

    let top = |harness: &Harness<'_, StagemapApp>, label: &str| {
        harness
            .query_by_label(label)
            .unwrap_or_else(|| panic!("no group {label:?}"))
            .rect()
            .top()
    };
    // By owner (the default): by name, those without one last.
    let owners = ["李工 · 2", "王经理 · 1", "No owner yet · 1"];
    let tops: Vec<f32> = owners.iter().map(|label| top(&harness, label)).collect();
    assert!(tops.is_sorted(), "{tops:?}");
    assert!(harness.query_by_label("Doing · 2").is_none());

    harness
        .get_by_role_and_label(Role::Button, "By status")
        .click();
    harness.run();
    let statuses = ["To do · 1", "Doing · 2", "Done · 1"];
    let tops: Vec<f32> = statuses.iter().map(|label| top(&harness, label)).collect();
    assert!(tops.is_sorted(), "{tops:?}");
    for owner in owners {
        assert!(harness.query_by_label(owner).is_none(), "{owner}");
    }
    // Each action is listed once, under its status.
    let doing = top(&harness, "Doing · 2");
    let done = top(&harness, "Done · 1");
    for what in ["维保进度推送", "预约时段提醒"] {
        let y = harness
            .get_by_role_and_label(Role::Button, what)
            .rect()
            .top();
        assert!(doing < y && y < done, "{what}");
    }
}

#[test]
fn an_action_is_never_left_without_text() {
    let mut map = examples::ev_owner();
    let (card, _) = opportunity(&map);
    map.decisions.actions = vec![action(1, "上门取送车", "李工", ActionStatus::ToDo, card)];
    let mut harness = harness_on(map.clone());
    click_menu(&mut harness, &["Workshop", "Actions panel"]);
    harness
        .get_by_role_and_label(Role::Button, "上门取送车")
        .click();
    harness.run();

    harness.get_by_label("What").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    let refusal = "An action needs to say what is to be done.";
    assert!(harness.query_by_label(refusal).is_some());
    assert_eq!(doc(&harness), map);
    enter(&mut harness);
    assert_eq!(doc(&harness), map);
    assert_eq!(
        harness.get_by_label("What").value().as_deref(),
        Some("上门取送车")
    );

    // Turning a card without a title into an action is refused too, with the same words.
    let mut untitled = map.clone();
    let index = untitled.cards.iter().position(|c| c.id == card).unwrap();
    untitled.cards[index].title = "  ".to_owned();
    let mut harness = harness_on(untitled.clone());
    harness.state_mut().canvas_mut().select_cards(&[card]);
    harness.run();
    click_menu(&mut harness, &["Workshop", "Turn into action"]);
    assert_eq!(doc(&harness), untitled);
    assert!(harness.query_by_label_contains(refusal).is_some());
}

/// The scene of `doc` with the cards' markers, as the canvas draws it.
fn scene(doc: &Document) -> Scene {
    let options = SceneOptions {
        markers: true,
        ..SceneOptions::default()
    };
    Scene::build(doc, &options, &TextMeasure::bundled())
}

/// The items the scene of `doc` draws for `card`'s actions marker.
fn marker_items(doc: &Document, card: CardId) -> Vec<Item> {
    let scene = scene(doc);
    scene
        .tagged()
        .filter(|(shows, _)| *shows == Shows::CardActions(card))
        .map(|(_, item)| item.clone())
        .collect()
}

#[test]
fn a_card_with_actions_carries_their_marker_and_hovering_it_lists_them() {
    let original = examples::ev_owner();
    let (card, title) = opportunity(&original);
    let other = other_card(&original, card);
    assert!(marker_items(&original, card).is_empty());
    let mut harness = harness_on(original);
    click_card(&mut harness, &title);
    click_menu(&mut harness, &["Workshop", "Turn into action"]);
    let one = doc(&harness);

    // A flag on the card, no count; none on a card without actions.
    let flag = marker_items(&one, card);
    assert!(flag.iter().any(|item| matches!(item, Item::Polygon { .. })));
    assert!(!flag.iter().any(|item| matches!(item, Item::Text(_))));
    assert!(marker_items(&one, other).is_empty());

    // Two actions: the count; all done: a tick instead of the flag.
    let mut two = one.clone();
    let mut second = two.decisions.actions[0].clone();
    second.id = ActionId(2);
    two.decisions.actions.push(second);
    let counted = marker_items(&two, card);
    assert!(
        counted
            .iter()
            .any(|item| matches!(item, Item::Text(run) if run.lines == ["2"]))
    );
    for action in &mut two.decisions.actions {
        action.status = ActionStatus::Done;
    }
    let done = marker_items(&two, card);
    assert!(!done.iter().any(|item| matches!(item, Item::Polygon { .. })));
    assert!(
        done.iter()
            .any(|item| matches!(item, Item::Polyline { .. }))
    );

    // The canvas draws the same marker; resting the pointer on it lists the action.
    let scene = scene(&one);
    let measure = TextMeasure::bundled();
    let bounds = |shows: Shows| {
        scene
            .tagged()
            .filter(|(s, _)| *s == shows)
            .map(|(_, item)| item.bounds(&measure))
            .reduce(|a, b| layout::Rect {
                min: layout::Point::new(a.min.x.min(b.min.x), a.min.y.min(b.min.y)),
                max: layout::Point::new(a.max.x.max(b.max.x), a.max.y.max(b.max.y)),
            })
            .unwrap()
    };
    let card_in_scene = bounds(Shows::Card(card));
    let marker_in_scene = bounds(Shows::CardActions(card)).center();
    let on_screen = card_on_canvas(&harness, &title);
    let zoom = on_screen.width() / card_in_scene.width();
    let at = Pos2::new(
        on_screen.min.x + (marker_in_scene.x - card_in_scene.min.x) * zoom,
        on_screen.min.y + (marker_in_scene.y - card_in_scene.min.y) * zoom,
    );
    assert!(harness.query_by_label("Actions for this card").is_none());
    harness.hover_at(at);
    for _ in 0..20 {
        harness.step();
    }
    assert!(harness.query_by_label("Actions for this card").is_some());
    assert!(
        harness
            .query_by_label_contains(&format!("{title} — To do"))
            .is_some()
    );
}

#[test]
fn a_card_s_context_menu_turns_it_into_an_action() {
    let original = examples::ev_owner();
    let (card, title) = opportunity(&original);
    let mut harness = harness_on(original.clone());
    let at = card_on_canvas(&harness, &title).center();
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
    // The right click selected the card; its menu offers to turn it into an action.
    assert_eq!(harness.state().canvas().selected_cards(), [card]);
    // (The inspector offers it too, on the right; the menu opens at the pointer.)
    let item = harness
        .get_all_by_role_and_label(Role::Button, "Turn into action")
        .min_by(|a, b| {
            let from = |node: &egui_kittest::Node<'_>| node.rect().left_top().distance(at);
            from(a).total_cmp(&from(b))
        })
        .unwrap();
    assert!(item.rect().left_top().distance(at) < 40.0);
    item.click();
    harness.run();
    let actions = &doc(&harness).decisions.actions;
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].cards, [card]);
    undo(&mut harness);
    assert_eq!(doc(&harness), original);
}

/// Runs the command-line program with `args` and gives its standard output.
fn stagemap(args: &[&std::ffi::OsStr]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn an_action_made_in_the_editor_leaves_the_room_in_the_report_the_csv_and_stats() {
    let original = examples::ev_owner();
    let (card, title) = opportunity(&original);
    let mut harness = harness_on(original);
    click_card(&mut harness, &title);
    click_menu(&mut harness, &["Workshop", "Turn into action"]);
    retype(&mut harness, "Who", "李工");
    enter(&mut harness);
    retype(&mut harness, "Due", "2026-12-20");
    enter(&mut harness);

    let folder = tempfile::tempdir().unwrap();
    let map = folder.path().join("decided.stagemap.ron");
    stagemap::format::save(&doc(&harness), &map).unwrap();
    let report = folder.path().join("report.md");
    let csv = folder.path().join("plan.csv");
    let (map, report, csv) = (map.as_os_str(), report.as_os_str(), csv.as_os_str());
    stagemap(&["export".as_ref(), map, "-o".as_ref(), report]);
    stagemap(&[
        "export".as_ref(),
        map,
        "-o".as_ref(),
        csv,
        "--actions".as_ref(),
        "--lang".as_ref(),
        "zh-CN".as_ref(),
    ]);
    let stats = stagemap(&["stats".as_ref(), map, "--json".as_ref()]);

    let report = std::fs::read_to_string(report).unwrap();
    let row = format!("| 1 | {title} | 李工 | 2026-12-20 | to do | {title} |");
    assert!(report.contains(&row), "no «{row}» in:\n{report}");
    let csv = std::fs::read_to_string(csv).unwrap();
    let line = format!("{title},李工,2026-12-20,待办,{title},");
    assert!(csv.lines().nth(1).unwrap().starts_with(&line), "{csv}");
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    let action = &stats["actions"][0];
    assert_eq!(action["what"], title.as_str());
    assert_eq!(action["owner"], "李工");
    assert_eq!(action["due"], "2026-12-20");
    assert_eq!(action["status"], "to-do");
    assert_eq!(action["cards"][0]["id"], card.0);
}
