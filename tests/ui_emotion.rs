//! The emotion curve, the focus filters and the critical path on the real canvas, driven through
//! its accessibility labels with the edits applied to a real `Session`.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of these tests fail the test when the map is not as expected"
)]

use egui::{Key, Vec2};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, kittest::NodeT as _};
use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::model::{Direction, Document, LaneKind};
use stagemap::ui::canvas::Focus;

#[path = "support/canvas_editor.rs"]
mod canvas_editor;

use canvas_editor::{Editor, card_id, harness, press_and_move, release};

/// Two stages of one step each, a customer lane with two cards and an emotion lane:
/// 查找充电桩 (emotion −1, a pain point, 10 min) → 预约维保 (emotion +1, 20 min, 30 min wait).
fn sample() -> Document {
    let mut session = Session::unsaved(Document::new("新能源汽车车主旅程"));
    session.run(|d| ops::add_stage(d, 0, "用车")).unwrap();
    session.run(|d| ops::add_stage(d, 1, "维保")).unwrap();
    session
        .run(|d| ops::add_lane(d, 0, "顾客", LaneKind::Customer))
        .unwrap();
    session
        .run(|d| ops::add_lane(d, 1, "情绪", LaneKind::Emotion))
        .unwrap();
    let doc = session.doc().clone();
    let lane = doc.lanes[0].id;
    let mut ids = Vec::new();
    for (stage, title) in [(0, "查找充电桩"), (1, "预约维保")] {
        let step = doc.stages[stage].steps[0].id;
        ids.push(session.doc().next_card_id());
        session
            .run(|d| ops::add_card(d, step, lane, usize::MAX, title).0)
            .unwrap();
    }
    let fields = [
        (ids[0], CardField::Emotion(Some(-1.0))),
        (ids[0], CardField::Pain(true)),
        (ids[0], CardField::Duration(Some(10))),
        (ids[1], CardField::Emotion(Some(1.0))),
        (ids[1], CardField::EmotionToBe(Some(2.0))),
        (ids[1], CardField::Duration(Some(20))),
        (ids[1], CardField::Wait(Some(30))),
    ];
    for (id, field) in fields {
        session
            .execute(Command::SetCardField { id, field })
            .unwrap();
    }
    session
        .run(|d| ops::connect(d, ids[0], ids[1], Direction::OneWay).unwrap())
        .unwrap();
    session.doc().clone()
}

fn emotion_of(harness: &Harness<'_, Editor>, title: &str) -> Option<f64> {
    let id = card_id(harness, title);
    harness.state().session.doc().card(id).unwrap().emotion
}

fn description(harness: &Harness<'_, Editor>, label: &str) -> String {
    harness
        .get_by_label(label)
        .accesskit_node()
        .description()
        .unwrap_or_default()
}

const POINT: &str = "This map emotion at 查找充电桩: −1";

#[test]
fn dragging_a_curve_point_sets_a_snapped_score_in_one_undo_step() {
    let mut harness = harness(sample());
    harness.run();
    let point = harness.get_by_label(POINT).rect().center();
    // Far up: the score stops at the top of the scale.
    let to = point - Vec2::new(0.0, 400.0);
    press_and_move(&mut harness, point, to);
    release(&mut harness, to);
    assert_eq!(emotion_of(&harness, "查找充电桩"), Some(2.0));
    assert_eq!(
        harness.state().session.history().undo_label(),
        Some("edit-card")
    );
    harness.state_mut().session.undo();
    harness.run();
    assert_eq!(emotion_of(&harness, "查找充电桩"), Some(-1.0));
    assert_eq!(harness.state().session.history().undo_label(), None);

    // A short drag lands on a multiple of 0.5 above the old score.
    let point = harness.get_by_label(POINT).rect().center();
    let to = point - Vec2::new(0.0, 23.0);
    press_and_move(&mut harness, point, to);
    release(&mut harness, to);
    let score = emotion_of(&harness, "查找充电桩").unwrap();
    assert!(score > -1.0 && score < 2.0, "{score}");
    assert_eq!((score * 2.0).fract(), 0.0, "{score} is not snapped");
}

#[test]
fn esc_during_a_curve_drag_leaves_nothing_to_undo() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    let point = harness.get_by_label(POINT).rect().center();
    let to = point - Vec2::new(0.0, 60.0);
    press_and_move(&mut harness, point, to);
    assert!(harness.state().canvas.is_busy());
    harness.key_press(Key::Escape);
    harness.run();
    release(&mut harness, to);
    assert_eq!(harness.state().session.doc(), &before);
    assert_eq!(harness.state().session.history().undo_label(), None);
    assert!(!harness.state().session.history().in_transaction());
}

#[test]
fn the_to_be_curve_has_its_own_points() {
    let mut harness = harness(sample());
    harness.run();
    let to_be = harness.get_by_label("This map (to-be) emotion at 预约维保: +2");
    let as_is = harness.get_by_label("This map emotion at 预约维保: +1");
    assert!(to_be.rect().center().y < as_is.rect().center().y);
}

#[test]
fn focusing_on_pain_points_dims_the_other_cards_without_changing_the_map() {
    let mut harness = harness(sample());
    harness.run();
    let before = harness.state().session.doc().clone();
    assert!(!description(&harness, "预约维保").contains("dimmed"));

    harness.get_by_label("Focus:").click();
    harness.run();
    harness.get_by_label("Pain and fail points").click();
    harness.run();

    assert_eq!(harness.state().canvas.focus(), Some(&Focus::PainPoints));
    let calm = card_id(&harness, "预约维保");
    let painful = card_id(&harness, "查找充电桩");
    let doc = harness.state().session.doc().clone();
    assert!(harness.state().canvas.is_dimmed(&doc, calm));
    assert!(!harness.state().canvas.is_dimmed(&doc, painful));
    assert!(description(&harness, "预约维保").contains("dimmed by the filter"));
    assert!(!description(&harness, "查找充电桩").contains("dimmed"));
    assert_eq!(harness.state().session.doc(), &before);
    assert_eq!(harness.state().session.history().undo_label(), None);

    // Marker kinds switch off and on from the same bar, still without an edit.
    assert!(harness.state().canvas.markers().pain);
    harness.get_by_label("! Pain").click();
    harness.run();
    assert!(!harness.state().canvas.markers().pain);
    assert!(harness.state().canvas.markers().wait);
    harness.get_by_label("! Pain").click();
    harness.run();
    assert!(harness.state().canvas.markers().pain);
    assert_eq!(harness.state().session.doc(), &before);
}

#[test]
fn the_critical_path_is_marked_and_its_time_shown() {
    let mut harness = harness(sample());
    harness.run();
    let path = harness.state().canvas.critical_path();
    assert_eq!(
        path,
        vec![
            card_id(&harness, "查找充电桩"),
            card_id(&harness, "预约维保")
        ]
    );
    assert!(description(&harness, "查找充电桩").contains("on the critical path"));
    // 10 + 20 + 30 minutes, 30 of them waiting.
    harness.get_by_label("Elapsed 1 h from “查找充电桩” to “预约维保”, waiting 50%");

    // A changed duration shows at once.
    let id = card_id(&harness, "查找充电桩");
    harness
        .state_mut()
        .session
        .execute(Command::SetCardField {
            id,
            field: CardField::Duration(Some(40)),
        })
        .unwrap();
    harness.run();
    harness.get_by_label("Elapsed 1 h 30 min from “查找充电桩” to “预约维保”, waiting 33%");

    // Switched off, the path is no longer described.
    harness.get_by_label("Critical path").click();
    harness.run();
    assert!(!harness.state().canvas.shows_critical_path());
    assert!(!description(&harness, "查找充电桩").contains("critical path"));
}
