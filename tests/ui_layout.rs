//! What the canvas lays over the map never overlaps: the lane-order warning,
//! the elapsed-time note and the filter bar, in a 1024-pixel window with every
//! side panel open, after a lane reorder that makes the blueprint impossible.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable as _, by};
use stagemap::edit::{Command, Session};
use stagemap::model::{Document, LaneKind};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::click_menu;

/// The hotel blueprint with its back-stage lane moved above the front-stage lane.
fn impossible_hotel() -> Document {
    let doc = stagemap::samples::sample();
    let back = doc
        .lanes
        .iter()
        .find(|lane| lane.kind == LaneKind::Backstage)
        .unwrap()
        .id;
    let front = doc
        .lanes
        .iter()
        .position(|lane| lane.kind == LaneKind::Frontstage)
        .unwrap();
    let mut session = Session::opened(doc);
    session
        .execute(Command::MoveLane {
            id: back,
            index: front,
        })
        .unwrap();
    session.doc().clone()
}

#[test]
fn warning_elapsed_note_and_filter_bar_never_overlap_at_1024_pixels_with_every_panel() {
    for width in [1024.0, 1280.0, 1920.0] {
        let mut harness =
            app_driver::app_harness(Startup::Document(impossible_hotel()), [width, 768.0]);
        harness.run();
        click_menu(&mut harness, &["View", "Insights panel"]);
        click_menu(&mut harness, &["View", "Personas panel"]);
        harness.run();
        // The personas panel took the insights panel's turn on the left.
        assert!(harness.query_by_label("Add persona").is_some());
        assert!(harness.query_by_label_contains("Pain points (").is_none());

        let warning = harness.get_by_role(Role::Alert).rect();
        let elapsed = harness
            .get(by().role(Role::Status).label_contains("Elapsed"))
            .rect();
        // The bar is drawn when the canvas has room for it: it must, at 1024 px too.
        let toggle = |label| {
            harness
                .query_by_label(label)
                .unwrap_or_else(|| panic!("{width} px: no {label:?} in the filter bar"))
                .rect()
        };
        let bar = toggle("! Pain").union(toggle("Critical path"));
        // The whole bar lies on the canvas, in two rows when the canvas is narrow.
        let canvas = harness.get_by_role(Role::Canvas).rect();
        assert!(
            canvas.contains_rect(bar),
            "{width} px: the filter bar {bar:?} runs off the canvas {canvas:?}"
        );
        for (name, note) in [("warning", warning), ("elapsed", elapsed)] {
            assert!(
                !note.intersects(bar),
                "{width} px: the {name} note {note:?} runs under the filter bar {bar:?}"
            );
        }
        assert!(
            !warning.intersects(elapsed),
            "{width} px: {warning:?} over {elapsed:?}"
        );
    }
}

/// Every text painted in the last frame.
fn painted_texts(harness: &Harness<'_, StagemapApp>) -> Vec<String> {
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Text(text) => Some(text.galley.text().to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn stage_step_and_lane_names_read_when_the_chinese_example_is_fitted_at_150_percent_scaling() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ev-owner-journey.stagemap.ron");
    let doc = stagemap::format::load(&example).unwrap();
    let mut harness = Harness::builder()
        .with_size([1280.0 / 1.5, 800.0 / 1.5])
        .with_pixels_per_point(1.5)
        .build_eframe({
            let doc = doc.clone();
            move |cc| {
                StagemapApp::new(
                    cc,
                    Startup::Document(doc),
                    app_driver::options(stagemap::ui::settings::ThemeChoice::Light),
                )
            }
        });
    harness.run();
    let texts = painted_texts(&harness);
    // Each name is painted whole, or shortened with "…" (at least its first character shows).
    let shows = |name: &str| {
        texts.iter().any(|text| {
            let text = text.replace('\n', "");
            text == name
                || text
                    .strip_suffix('…')
                    .is_some_and(|start| !start.is_empty() && name.starts_with(start))
        })
    };
    let names = doc
        .stages
        .iter()
        .map(|stage| stage.name.as_str())
        .chain(
            doc.stages
                .iter()
                .flat_map(|stage| stage.steps.iter().map(|step| step.name.as_str())),
        )
        .chain(doc.lanes.iter().map(|lane| lane.name.as_str()));
    for name in names {
        assert!(shows(name), "{name:?} is not painted: {texts:?}");
    }
}

#[test]
fn blueprint_line_labels_never_stack_after_a_back_stage_lane_moves_above_the_front_stage() {
    let mut harness =
        app_driver::app_harness(Startup::Document(impossible_hotel()), [1280.0, 800.0]);
    harness.run();
    let labels: Vec<egui::Rect> = harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Text(text) if text.galley.text().starts_with("Line of") => {
                Some(text.galley.rect.translate(text.pos.to_vec2()))
            }
            _ => None,
        })
        .collect();
    assert!(labels.len() >= 2, "{labels:?}");
    for (index, a) in labels.iter().enumerate() {
        for b in &labels[index + 1..] {
            assert!(!a.intersects(*b), "line labels {a:?} and {b:?} overlap");
        }
    }
    // The warning says the order is impossible, and the filter bar leaves it readable.
    assert!(harness.query_by_role(Role::Alert).is_some());
}
