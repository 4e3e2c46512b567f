//! The Views panel, the agenda, the workshop timer in the status bar and the readability
//! check, driven through their accessible labels; every change undone with Ctrl+Z.

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

use stagemap::layout::LayerPreset;
use stagemap::model::{AgendaStep, Document, StageId, StageSpan, View, ViewId};
use stagemap::presentation;
use stagemap::samples;
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_menu, press, retype};

/// The blank service blueprint: three stages (Before, During, After), all five blueprint lanes.
fn blueprint() -> Document {
    samples::template("template-service-blueprint")
        .unwrap()
        .document()
        .unwrap()
}

/// The editor on `doc` in a 1280×800 window with the Views panel open.
fn views_harness(doc: Document) -> Harness<'static, StagemapApp> {
    let mut harness = app_driver::app_harness(Startup::Document(doc), [1280.0, 800.0]);
    harness.run();
    click_menu(&mut harness, &["View", "Views panel"]);
    // The panel took room from the canvas: show the whole map again.
    press(&mut harness, Modifiers::NONE, Key::F);
    harness
}

fn doc(harness: &Harness<'_, StagemapApp>) -> Document {
    harness.state().document().clone()
}

fn click(harness: &mut Harness<'_, StagemapApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

fn undo(harness: &mut Harness<'_, StagemapApp>) {
    press(harness, Modifiers::COMMAND, Key::Z);
}

fn view_ids(doc: &Document) -> Vec<u64> {
    doc.presentation
        .views
        .iter()
        .map(|view| view.id.0)
        .collect()
}

#[test]
fn views_are_added_from_the_canvas_reordered_renamed_and_deleted_each_one_undo_step() {
    let original = blueprint();
    let mut harness = views_harness(original.clone());

    // The whole map on screen, front-stage only.
    press(&mut harness, Modifiers::NONE, Key::Num3);
    click(&mut harness, "Add current view");
    let one = doc(&harness);
    assert_eq!(
        one.presentation.views,
        [View {
            id: ViewId(1),
            layers: LayerPreset::FrontstageOnly,
            ..View::default()
        }]
    );
    undo(&mut harness);
    assert_eq!(doc(&harness), original);
    press(
        &mut harness,
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::Z,
    );
    assert_eq!(doc(&harness), one);

    // Only the second stage on screen: the view holds that stage, after the selected view.
    harness.state_mut().canvas_mut().frame_stages(Some(1..=1));
    harness.run();
    click(&mut harness, "Add current view");
    let two = doc(&harness);
    let added = &two.presentation.views[1];
    assert_eq!(added.stages, Some(StageSpan::single(StageId(2))));
    assert_eq!(added.layers, LayerPreset::FrontstageOnly);
    assert!(harness.query_by_label("2. During · front-stage").is_some());

    // Reorder: the selected (second) view goes up.
    click(&mut harness, "Move view up");
    assert_eq!(view_ids(&doc(&harness)), [2, 1]);
    undo(&mut harness);
    assert_eq!(doc(&harness), two);
    // Or by dragging the first view onto the second.
    let centre = |harness: &Harness<'_, StagemapApp>, label: &str| {
        let bounds = harness.get_by_label(label).rect();
        bounds.center()
    };
    let from = centre(&harness, "1. Whole map · front-stage");
    let to = centre(&harness, "2. During · front-stage");
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=10 {
        harness.hover_at(from + (to - from) * (step as f32 / 10.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.run();
    assert_eq!(view_ids(&doc(&harness)), [2, 1]);
    undo(&mut harness);
    assert_eq!(doc(&harness), two);

    // Rename: one undo step for the whole visit to the field.
    retype(&mut harness, "View title", "前台");
    harness.get_by_label("View title").type_text(" During");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(doc(&harness).presentation.views[1].title, "前台 During");
    assert!(harness.query_by_label("2. 前台 During").is_some());
    undo(&mut harness);
    assert_eq!(doc(&harness), two);

    // Speaker notes, several lines, also one step.
    harness.get_by_label("Speaker notes").click();
    harness.run();
    harness.get_by_label("Speaker notes").type_text("Line one");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("Speaker notes").type_text("line two");
    harness.run();
    // Leaving the field ends the step.
    click(&mut harness, "Add agenda step");
    assert_eq!(
        doc(&harness).presentation.views[1].notes,
        "Line one\nline two"
    );
    undo(&mut harness);
    undo(&mut harness);
    assert_eq!(doc(&harness), two);

    // Delete.
    click(&mut harness, "Delete view");
    assert_eq!(view_ids(&doc(&harness)), [1]);
    undo(&mut harness);
    assert_eq!(doc(&harness), two);
}

#[test]
fn choosing_a_view_shows_its_layers_and_stages_on_the_canvas() {
    let mut original = blueprint();
    original.presentation.views = vec![
        View {
            id: ViewId(1),
            ..View::default()
        },
        View {
            id: ViewId(2),
            stages: Some(StageSpan::single(StageId(3))),
            layers: LayerPreset::CustomerOnly,
            ..View::default()
        },
    ];
    let mut harness = views_harness(original);
    click(&mut harness, "2. After · customer");
    assert_eq!(harness.state().canvas().layers(), LayerPreset::CustomerOnly);
    assert_eq!(harness.state().canvas().visible_stages(), Some(2..=2));
    click(&mut harness, "1. Whole map");
    assert_eq!(harness.state().canvas().layers(), LayerPreset::All);
    assert_eq!(harness.state().canvas().visible_stages(), Some(0..=2));
}

#[test]
fn the_default_walkthrough_is_offered_and_copied_in_one_undo_step() {
    let original = blueprint();
    let mut harness = views_harness(original.clone());
    assert!(
        harness
            .query_by_label("Default walk-through — add a view to make your own")
            .is_some()
    );
    // Whole map, then each of three stages in four reveal steps.
    assert!(harness.query_by_label("13. After").is_some());
    click(&mut harness, "Start from the default walk-through");
    let started = doc(&harness);
    assert_eq!(
        started.presentation.views,
        presentation::walkthrough(&original)
    );
    assert!(
        harness
            .query_by_label("Default walk-through — add a view to make your own")
            .is_none()
    );
    undo(&mut harness);
    assert_eq!(doc(&harness), original);
}

#[test]
fn the_agenda_is_edited_and_undone_step_by_step() {
    let original = blueprint();
    let mut harness = views_harness(original.clone());
    click(&mut harness, "Add agenda step");
    let added = doc(&harness);
    assert_eq!(
        added.presentation.agenda,
        [AgendaStep {
            name: "Step 1".into(),
            minutes: 15
        }]
    );
    retype(&mut harness, "Name of agenda step 1", "范围");
    harness
        .get_by_label("Name of agenda step 1")
        .type_text(" Scope");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    click(&mut harness, "Add agenda step");
    let two = doc(&harness);
    assert_eq!(two.presentation.agenda[0].name, "范围 Scope");
    // Minutes typed in: one step for the visit to the field.
    retype(&mut harness, "Minutes of agenda step 2", "2");
    harness
        .get_by_label("Minutes of agenda step 2")
        .type_text("5");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(doc(&harness).presentation.agenda[1].minutes, 25);
    undo(&mut harness);
    assert_eq!(doc(&harness), two);
    click(&mut harness, "Move agenda step 2 up");
    assert_eq!(doc(&harness).presentation.agenda[1].name, "范围 Scope");
    undo(&mut harness);
    assert_eq!(doc(&harness), two);
    click(&mut harness, "Remove agenda step 1");
    assert_eq!(doc(&harness).presentation.agenda.len(), 1);
    undo(&mut harness);
    assert_eq!(doc(&harness), two);
    undo(&mut harness);
    undo(&mut harness);
    assert_eq!(doc(&harness), added);
    undo(&mut harness);
    assert_eq!(doc(&harness), original);
}

/// The timer in the status bar, as assistive technology reads it.
fn timer_text(harness: &Harness<'_, StagemapApp>) -> String {
    harness
        .get_by_role(Role::Timer)
        .accesskit_node()
        .label()
        .unwrap_or_default()
}

/// Moves the window's clock on by `seconds` and draws.
fn wait(harness: &mut Harness<'_, StagemapApp>, seconds: f64) {
    let now = harness.ctx.input(|input| input.time);
    harness.input_mut().time = Some(now + seconds);
    harness.run();
}

#[test]
fn the_status_bar_timer_counts_down_and_warns_in_the_last_minute() {
    let mut map = blueprint();
    map.presentation.agenda = [("Scope", 2), ("Front-stage", 50)]
        .map(|(name, minutes)| AgendaStep {
            name: name.into(),
            minutes,
        })
        .to_vec();
    let mut harness = app_driver::app_harness(Startup::Document(map), [1280.0, 800.0]);
    harness.run();
    assert!(harness.query_by_role(Role::Timer).is_none());
    click(&mut harness, "Start timer");
    assert_eq!(timer_text(&harness), "Scope: 2:00 left");
    wait(&mut harness, 30.0);
    assert_eq!(timer_text(&harness), "Scope: 1:30 left");
    click(&mut harness, "Pause timer");
    wait(&mut harness, 300.0);
    assert_eq!(timer_text(&harness), "Scope: 1:30 left, paused");
    click(&mut harness, "Start timer");
    wait(&mut harness, 31.0);
    assert_eq!(timer_text(&harness), "Scope: 0:59 left, last minute");
    click(&mut harness, "Add 1 minute");
    assert_eq!(timer_text(&harness), "Scope: 1:59 left");
    wait(&mut harness, 120.0);
    assert_eq!(timer_text(&harness), "Scope: time is up (−0:01)");
    click(&mut harness, "Next agenda step");
    assert_eq!(timer_text(&harness), "Front-stage: 50:00 left");
    // The commands are in the palette too.
    press(&mut harness, Modifiers::COMMAND, Key::K);
    harness.get_by_label("Search commands").type_text("add 5");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(timer_text(&harness), "Front-stage: 55:00 left");
}

#[test]
fn the_readability_check_says_how_far_the_titles_read() {
    let mut harness = app_driver::app_harness(Startup::Document(blueprint()), [1920.0, 1080.0]);
    harness.run();
    // Titles of 13 points at 9/13 zoom on a 1× screen: 9 px.
    harness
        .state_mut()
        .canvas_mut()
        .set_zoom(9.0 / stagemap::layout::CARD_FONT);
    harness.run();
    click_menu(&mut harness, &["View", "Readability check…"]);
    let said = "At this zoom card titles are 9 px, 12 mm on a 2.5 m image: readable up to \
                2.9 m. The back row at 8 m needs 25 px: present stage by stage.";
    assert!(harness.query_by_label(said).is_some(), "not said: {said}");
    // Zoomed far out, the canvas sets titles larger than the zoom alone would (2.5 × 3.9 pt).
    harness.state_mut().canvas_mut().set_zoom(0.3);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("card titles are 10 px, 13 mm")
            .is_some()
    );
    // At twice the size from 3 m away the titles read.
    harness.state_mut().canvas_mut().set_zoom(2.0);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("26 px, 34 mm on a 2.5 m image: readable up to 8.5 m. The back row at 8 m reads them")
            .is_some()
    );
}

#[test]
fn the_palette_finds_the_views_panel_and_the_readability_check_in_chinese_and_english() {
    let mut harness = app_driver::app_harness(Startup::Document(blueprint()), [1280.0, 800.0]);
    harness.run();
    for (query, shows) in [
        ("视图", "Add current view"),
        ("readability", "Distance to the farthest seat"),
    ] {
        assert!(harness.query_by_label(shows).is_none(), "{shows}");
        press(&mut harness, Modifiers::COMMAND, Key::K);
        harness.get_by_label("Search commands").type_text(query);
        harness.run();
        press(&mut harness, Modifiers::NONE, Key::Enter);
        assert!(harness.query_by_label(shows).is_some(), "{query} → {shows}");
    }
    // 可读性 finds it too.
    press(&mut harness, Modifiers::COMMAND, Key::K);
    harness.get_by_label("Search commands").type_text("可读性");
    harness.run();
    assert!(harness.query_by_label("Readability check…").is_some());
}
