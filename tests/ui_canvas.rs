//! The map canvas driven like a user drives it: pointer and keyboard events
//! on the real canvas, found through its accessibility labels, with the edits
//! it returns applied to a real `Session`.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of these tests fail the test when the map is not as expected"
)]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Rect, Vec2};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, kittest::NodeT as _};
use stagemap::edit::{Session, ops};
use stagemap::model::{Document, LaneKind};
use stagemap::ui::canvas::LayerPreset;

#[path = "support/canvas_editor.rs"]
mod canvas_editor;

use canvas_editor::{Editor, card_id, drag, harness, press_and_move, release};
#[path = "support/examples.rs"]
mod examples;
#[path = "support/on_screen.rs"]
mod on_screen;
use on_screen::{cell_center, double_click, rect_of};

/// A blueprint with two stages (one step each) and four lanes:
///
/// | lane            | 选车 (step of 购车) | 充电 (step of 用车) |
/// |-----------------|---------------------|---------------------|
/// | 顾客 customer   | 查找充电桩, Compare offers |              |
/// | 前台 frontstage | Test drive          |                     |
/// | 后台 backstage  |                     | 预约维保            |
/// | 系统 support    |                     |                     |
fn sample() -> Document {
    let mut session = Session::unsaved(Document::new("新能源汽车车主旅程"));
    session.run(|d| ops::add_stage(d, 0, "购车")).unwrap();
    session.run(|d| ops::add_stage(d, 1, "用车")).unwrap();
    let rename = |session: &mut Session, stage: usize, name: &str| {
        let id = session.doc().stages[stage].steps[0].id;
        session
            .execute(stagemap::edit::Command::RenameStep {
                id,
                name: name.into(),
            })
            .unwrap();
    };
    rename(&mut session, 0, "选车");
    rename(&mut session, 1, "充电");
    for (index, (name, kind)) in [
        ("顾客", LaneKind::Customer),
        ("前台", LaneKind::Frontstage),
        ("后台", LaneKind::Backstage),
        ("系统", LaneKind::Support),
    ]
    .into_iter()
    .enumerate()
    {
        session
            .run(|d| ops::add_lane(d, index, name, kind))
            .unwrap();
    }
    let doc = session.doc().clone();
    let (first, second) = (doc.stages[0].steps[0].id, doc.stages[1].steps[0].id);
    for (step, lane, title) in [
        (first, 0, "查找充电桩"),
        (first, 0, "Compare offers"),
        (first, 1, "Test drive"),
        (second, 2, "预约维保"),
    ] {
        let lane = doc.lanes[lane].id;
        session
            .run(|d| ops::add_card(d, step, lane, usize::MAX, title).0)
            .unwrap();
    }
    session.doc().clone()
}

/// The (step name, lane name) a card sits in.
fn cell_of(harness: &Harness<'_, Editor>, title: &str) -> (String, String) {
    let doc = harness.state().session.doc();
    let card = doc.card(card_id(harness, title)).unwrap();
    (
        doc.step(card.step).unwrap().name.clone(),
        doc.lane(card.lane).unwrap().name.clone(),
    )
}

#[test]
fn double_click_adds_a_card_and_its_chinese_title_in_one_step() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    let empty = cell_center(&harness, "充电", "系统");
    double_click(&mut harness, empty);

    harness
        .get_by_role(Role::TextInput)
        .type_text("一键维保预约");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    assert_eq!(
        cell_of(&harness, "一键维保预约"),
        ("充电".into(), "系统".into())
    );
    // The new card is on the canvas, found by its title, and selected.
    harness.get_by_label("一键维保预约");
    let id = card_id(&harness, "一键维保预约");
    assert_eq!(harness.state().canvas.selected_cards(), vec![id]);
    // Adding and naming it is one undo step.
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("add-card")
    );
    harness.state_mut().session.undo();
    assert_eq!(harness.state().session.doc(), &before);
}

#[test]
fn esc_while_naming_a_new_card_leaves_nothing() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    let empty = cell_center(&harness, "充电", "系统");
    double_click(&mut harness, empty);
    harness.get_by_role(Role::TextInput).type_text("Never mind");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().session.doc(), &before);
    assert_eq!(harness.state().session.history().undo_label(), None);
    assert!(harness.query_by_role(Role::TextInput).is_none());
}

#[test]
fn double_click_on_a_lane_name_renames_it() {
    let mut harness = harness(sample());
    harness.run();
    let lane = rect_of(&harness, "后台").center();
    double_click(&mut harness, lane);
    harness.key_press(Key::Backspace);
    harness.get_by_role(Role::TextInput).type_text("后台行为");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let doc = harness.state().session.doc();
    assert_eq!(doc.lanes[2].name, "后台行为");
    harness.get_by_label("后台行为");
}

#[test]
fn dragging_a_card_moves_it_to_another_cell_in_one_undo_step() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    let from = rect_of(&harness, "Test drive").center();
    let to = cell_center(&harness, "充电", "前台");
    drag(&mut harness, from, to);

    assert_eq!(
        cell_of(&harness, "Test drive"),
        ("充电".into(), "前台".into())
    );
    let after = harness.state().session.doc().clone();
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("move-card")
    );

    harness.state_mut().session.undo();
    harness.run();
    assert_eq!(harness.state().session.doc(), &before);
    harness.state_mut().session.redo();
    harness.run();
    assert_eq!(harness.state().session.doc(), &after);
    // The canvas follows the document: the card is drawn in its new column.
    let card = rect_of(&harness, "Test drive");
    assert!((card.center().x - rect_of(&harness, "充电").center().x).abs() < 1.0);
}

#[test]
fn dragging_a_card_within_its_cell_reorders_it() {
    let mut harness = harness(sample());
    harness.run();
    let first = rect_of(&harness, "查找充电桩");
    let second = rect_of(&harness, "Compare offers");
    // Drop the first card below the second.
    drag(
        &mut harness,
        first.center(),
        Pos2::new(second.center().x, second.bottom() + 4.0),
    );
    let doc = harness.state().session.doc();
    let titles: Vec<&str> = doc
        .cards_in_cell(doc.stages[0].steps[0].id, doc.lanes[0].id)
        .map(|card| card.title.as_str())
        .collect();
    assert_eq!(titles, vec!["Compare offers", "查找充电桩"]);
}

#[test]
fn esc_during_a_drag_leaves_nothing_to_undo() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    let from = rect_of(&harness, "Test drive").center();
    let to = cell_center(&harness, "充电", "后台");
    press_and_move(&mut harness, from, to);
    assert!(harness.state().canvas.is_busy());
    harness.key_press(Key::Escape);
    harness.run();
    release(&mut harness, to);

    assert_eq!(harness.state().session.doc(), &before);
    assert_eq!(harness.state().session.history().undo_label(), None);
    assert!(!harness.state().session.history().in_transaction());
    assert!(!harness.state().canvas.is_busy());
}

#[test]
fn dragging_a_lane_header_reorders_lanes_and_warns_about_the_blueprint() {
    let mut harness = harness(sample());
    harness.run();
    assert!(harness.query_by_role(Role::Alert).is_none());
    // Drag the support lane to the very top.
    let from = rect_of(&harness, "系统").center();
    let top = rect_of(&harness, "顾客");
    drag(&mut harness, from, Pos2::new(from.x, top.top() + 5.0));

    let names: Vec<String> = harness
        .state()
        .session
        .doc()
        .lanes
        .iter()
        .map(|lane| lane.name.clone())
        .collect();
    assert_eq!(names, vec!["系统", "顾客", "前台", "后台"]);
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("move-lane")
    );
    // Support above the customer lanes is no blueprint: the canvas says so.
    let alert = harness.get_by_role(Role::Alert);
    assert!(
        alert
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("系统")
    );

    harness.state_mut().session.undo();
    harness.run();
    assert!(harness.query_by_role(Role::Alert).is_none());
}

#[test]
fn dragging_a_stage_header_moves_the_stage_with_its_cards() {
    let mut harness = harness(sample());
    harness.run();
    let from = rect_of(&harness, "用车").center();
    let to = Pos2::new(rect_of(&harness, "购车").left() + 5.0, from.y);
    drag(&mut harness, from, to);
    let doc = harness.state().session.doc();
    let names: Vec<&str> = doc.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["用车", "购车"]);
    // Cards keep their cells.
    assert_eq!(
        cell_of(&harness, "预约维保"),
        ("充电".into(), "后台".into())
    );
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("move-stage")
    );
}

#[test]
fn hiding_the_back_stage_layer_hides_its_cards_but_not_the_document() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    harness.get_by_label("预约维保");

    harness
        .state_mut()
        .canvas
        .set_layers(LayerPreset::FrontstageOnly);
    harness.run();
    assert!(harness.query_by_label("预约维保").is_none());
    assert!(harness.query_by_label("后台").is_none());
    harness.get_by_label("Test drive");
    assert_eq!(harness.state().session.doc(), &before);
    assert_eq!(harness.state().session.history().undo_label(), None);
    // The note says lanes are hidden.
    harness.get_by_role(Role::Status);

    harness.state_mut().canvas.set_layers(LayerPreset::All);
    harness.run();
    harness.get_by_label("预约维保");
}

#[test]
fn dragging_from_a_card_handle_draws_a_connector() {
    let mut harness = harness(sample());
    harness.run();
    let from_card = rect_of(&harness, "Test drive");
    // The handle sits on the middle of the card's right edge.
    let handle = from_card.right_center() - Vec2::new(2.0, 0.0);
    let to = rect_of(&harness, "预约维保").center();
    drag(&mut harness, handle, to);

    let doc = harness.state().session.doc().clone();
    assert_eq!(doc.connectors.len(), 1);
    let connector = &doc.connectors[0];
    assert_eq!(connector.from, card_id(&harness, "Test drive"));
    assert_eq!(connector.to, card_id(&harness, "预约维保"));
    // The card did not move.
    assert_eq!(
        cell_of(&harness, "Test drive"),
        ("选车".into(), "前台".into())
    );
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("connect")
    );
    // The new connector is selected and on the canvas.
    assert_eq!(
        harness.state().canvas.selected_connector(),
        Some(connector.id)
    );
    harness.get_by_label("Arrow from Test drive to 预约维保");
}

#[test]
fn a_clicked_connector_is_removed_by_delete() {
    let mut doc = sample();
    let (a, b) = (doc.cards[2].id, doc.cards[3].id);
    let mut session = Session::opened(doc.clone());
    session
        .run(|d| ops::connect(d, a, b, stagemap::model::Direction::TwoWay).unwrap())
        .unwrap();
    doc = session.doc().clone();
    let mut harness = harness(doc);
    harness.run();
    let label = "Two-way arrow between Test drive and 预约维保";
    harness.get_by_label(label);
    // An S-curve between two cards passes through the middle of its bounds.
    let id = harness.state().session.doc().connectors[0].id;
    harness.get_by_label(label).click();
    harness.run();
    assert_eq!(harness.state().canvas.selected_connector(), Some(id));
    harness.key_press(Key::Delete);
    harness.run();
    assert!(harness.state().session.doc().connectors.is_empty());
    assert_eq!(harness.state().session.doc().cards.len(), 4);
}

#[test]
fn shift_click_selects_several_cards_and_arrows_move_them() {
    let mut harness = harness(sample());
    harness.run();
    harness.get_by_label("查找充电桩").click();
    harness.run();
    harness
        .get_by_label("Test drive")
        .click_modifiers(Modifiers::SHIFT);
    harness.run();
    let selected = harness.state().canvas.selected_cards();
    assert_eq!(
        selected,
        vec![
            card_id(&harness, "查找充电桩"),
            card_id(&harness, "Test drive")
        ]
    );
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(
        cell_of(&harness, "查找充电桩"),
        ("充电".into(), "顾客".into())
    );
    assert_eq!(
        cell_of(&harness, "Test drive"),
        ("充电".into(), "前台".into())
    );
    // One key press, one undo step.
    harness.state_mut().session.undo();
    assert_eq!(
        cell_of(&harness, "查找充电桩"),
        ("选车".into(), "顾客".into())
    );
    assert_eq!(
        cell_of(&harness, "Test drive"),
        ("选车".into(), "前台".into())
    );
}

#[test]
fn shift_drag_on_empty_canvas_selects_cards_in_a_box() {
    let mut harness = harness(sample());
    harness.run();
    let a = rect_of(&harness, "查找充电桩");
    let b = rect_of(&harness, "Test drive");
    let start = Pos2::new(a.left() - 4.0, a.top() - 4.0);
    let end = b.center();
    harness.hover_at(start);
    harness.run();
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: start,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    harness.run();
    for step in 1..=10 {
        harness.event_modifiers(
            egui::Event::PointerMoved(start + (end - start) * (step as f32 / 10.0)),
            Modifiers::SHIFT,
        );
    }
    harness.run();
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: end,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    harness.run();
    let mut selected = harness.state().canvas.selected_cards();
    selected.sort();
    let mut expected = vec![
        card_id(&harness, "查找充电桩"),
        card_id(&harness, "Compare offers"),
        card_id(&harness, "Test drive"),
    ];
    expected.sort();
    assert_eq!(selected, expected);
    // Selecting changes nothing in the document.
    assert_eq!(harness.state().session.history().undo_label(), None);
}

#[test]
fn dragging_empty_canvas_pans_and_fit_brings_the_map_back() {
    let mut harness = harness(sample());
    harness.run();
    let before = rect_of(&harness, "Test drive");
    let empty = cell_center(&harness, "充电", "系统");
    drag(&mut harness, empty, empty + Vec2::new(-150.0, -80.0));
    let after = rect_of(&harness, "Test drive");
    // The card's left part is now under the sticky lane headers: compare its
    // bottom-right corner, which follows the pointer exactly.
    assert!((after.max - (before.max + Vec2::new(-150.0, -80.0))).length() < 0.5);
    assert!(after.left() > before.left() - 150.0);
    assert_eq!(harness.state().session.history().undo_label(), None);

    harness.state_mut().canvas.fit_map();
    harness.run();
    assert_eq!(rect_of(&harness, "Test drive"), before);
    harness.state_mut().canvas.zoom_in();
    harness.run();
    assert!(rect_of(&harness, "Test drive").height() > before.height() * 1.2);
}

#[test]
fn dragging_a_step_header_moves_the_step_into_another_stage() {
    let mut harness = harness(sample());
    harness.run();
    // Drag the step of 用车 onto the right half of the step of 购车.
    let from = rect_of(&harness, "充电").center();
    let target = rect_of(&harness, "选车");
    drag(
        &mut harness,
        from,
        Pos2::new(target.right() - 10.0, target.center().y),
    );
    let doc = harness.state().session.doc();
    let steps: Vec<Vec<&str>> = doc
        .stages
        .iter()
        .map(|stage| stage.steps.iter().map(|step| step.name.as_str()).collect())
        .collect();
    assert_eq!(steps, vec![vec!["选车", "充电"], vec![]]);
    assert_eq!(
        cell_of(&harness, "预约维保"),
        ("充电".into(), "后台".into())
    );
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("move-step")
    );
}

#[test]
fn the_add_stage_button_adds_a_stage_named_in_place() {
    let mut harness = harness(sample());
    harness.run();
    harness.get_by_label("Add stage").click();
    harness.run();
    // The default name is selected: typing replaces it.
    harness.get_by_role(Role::TextInput).type_text("置换");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let doc = harness.state().session.doc();
    let last = doc.stages.last().unwrap();
    assert_eq!(last.name, "置换");
    // Its first step is named along with it.
    assert_eq!(last.steps[0].name, "置换");
    // Stage and step headers both carry the new name.
    assert_eq!(
        harness
            .get_all_by_role_and_label(Role::ColumnHeader, "置换")
            .count(),
        2
    );
    // One undo step removes the stage.
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("add-stage")
    );
    harness.state_mut().session.undo();
    assert_eq!(harness.state().session.doc().stages.len(), 2);
}

#[test]
fn space_held_down_pans_even_over_a_card() {
    let mut harness = harness(sample());
    harness.run();
    let before_doc = harness.state().session.doc().clone();
    let before = rect_of(&harness, "预约维保");
    let from = before.center();
    let to = from + Vec2::new(-60.0, 40.0);
    // A click on an empty spot gives the canvas keyboard focus; Space on a
    // focused widget is a click in egui, which must not select the card under the pointer.
    let empty = cell_center(&harness, "充电", "系统");
    harness.hover_at(empty);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: empty,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    harness.hover_at(from);
    harness.run();
    harness.key_down(Key::Space);
    harness.run();
    drag(&mut harness, from, to);
    harness.key_up(Key::Space);
    harness.run();

    assert_eq!(harness.state().session.doc(), &before_doc);
    assert!(harness.state().canvas.selected_cards().is_empty());
    let after = rect_of(&harness, "预约维保");
    assert!((after.center() - to).length() < 0.5, "{after:?}");
}

/// Every card title painted in the last frame at 100 %: where its galley starts and its rows.
fn painted_titles(harness: &Harness<'_, Editor>) -> Vec<(Pos2, Vec<String>, Vec<f32>)> {
    let family = stagemap::ui::fonts::card_family();
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Text(text)
                if !text.galley.job.sections.is_empty()
                    && text.galley.job.sections.iter().all(|section| {
                        // Card titles at 100 %: the card font, at the card size.
                        section.format.font_id.family == family
                            && (section.format.font_id.size - stagemap::layout::CARD_FONT).abs()
                                < 0.01
                    }) =>
            {
                let rows = &text.galley.rows;
                Some((
                    text.pos,
                    rows.iter().map(|row| row.text()).collect(),
                    rows.iter()
                        .map(|row| row.rect_without_leading_space().width())
                        .collect(),
                ))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn cards_break_their_titles_on_screen_as_in_the_exports() {
    use stagemap::export::{Scene, SceneOptions, TextMeasure};
    use stagemap::layout::{Layout, card_parts};
    use stagemap::scene::Item;

    let mut session = Session::opened(examples::ev_owner());
    let long = "充电桩排队 waiting time 太长，而且 App 显示的 charger status 经常是 wrong 的，\
                无法提前 reserve 一个 charging slot，只能在现场等待";
    let (step, lane) = (
        session.doc().stages[0].steps[0].id,
        session.doc().lanes[0].id,
    );
    session
        .run(|d| ops::add_card(d, step, lane, 0, long).0)
        .unwrap();
    let doc = session.doc().clone();

    // The export: every marker shown, as on the canvas by default.
    let options = SceneOptions {
        markers: true,
        ..SceneOptions::default()
    };
    let scene = Scene::build(&doc, &options, &TextMeasure::bundled());
    let layout = Layout::compute(&doc, options.layout);
    let origin = options.map_origin();

    let mut harness = harness(doc.clone());
    harness.state_mut().canvas.zoom_to_100();
    harness.run();
    // The middle of the 1200 × 800 window, where a centred card lies.
    let middle = Pos2::new(600.0, 400.0);
    let mut compared = 0;
    for card in &doc.cards {
        let card_box = layout.card(card.id).unwrap();
        let markers = !stagemap::marker::card_markers(card, &doc).is_empty();
        let room = card_parts(card_box.rect, markers, false).title;
        // The scene's run of this card's title starts at the top left of its room.
        let exported = scene.items.iter().find_map(|item| match item {
            Item::Text(run)
                if (run.x - (origin.x + room.min.x)).abs() < 0.01
                    && run.baseline > origin.y + room.min.y
                    && run.baseline < origin.y + room.max.y =>
            {
                Some(run.lines.clone())
            }
            _ => None,
        });

        harness.state_mut().canvas.center_on_card(card.id);
        harness.run();
        // The card's box on the screen, found by its label: the one in the middle.
        let Some(card_rect) = harness
            .query_all_by_label(&card.title)
            .map(|node| node.rect())
            .min_by(|a, b| {
                a.center()
                    .distance(middle)
                    .total_cmp(&b.center().distance(middle))
            })
        else {
            assert!(
                card.title.trim().is_empty(),
                "{} is not on the canvas",
                card.title
            );
            continue;
        };
        // At 100 %, the title's room on the screen (the marker row below it is not title).
        let title_room = Rect::from_min_size(
            card_rect.min
                + Vec2::new(
                    room.min.x - card_box.rect.min.x,
                    room.min.y - card_box.rect.min.y,
                ),
            Vec2::new(room.width(), room.height()),
        );
        let painted: Vec<_> = painted_titles(&harness)
            .into_iter()
            .filter(|(pos, _, _)| title_room.expand(1.0).contains(*pos))
            .collect();
        let Some(exported) = exported else {
            assert!(painted.is_empty(), "{}: painted {painted:?}", card.title);
            continue;
        };
        // One galley per line, top to bottom.
        let mut painted = painted;
        painted.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
        let lines: Vec<String> = painted
            .iter()
            .flat_map(|(_, lines, _)| lines.iter().cloned())
            .collect();
        let widths: Vec<f32> = painted
            .iter()
            .flat_map(|(_, _, widths)| widths.iter().copied())
            .collect();
        let (lines, widths) = (&lines, &widths);
        assert_eq!(lines, &exported, "{}", card.title);
        // Set in the same font, the lines fill the same room.
        for width in widths {
            assert!(*width <= room.width() + 1.0, "{}: {width}", card.title);
        }
        if card.title == long {
            assert_eq!(lines.len(), 3, "{lines:?}");
            assert!(lines[2].ends_with('…'), "{lines:?}");
            assert!(lines[0].contains("waiting"), "{lines:?}");
        }
        compared += 1;
    }
    assert!(compared > 40, "only {compared} cards compared");
}
