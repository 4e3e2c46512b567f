//! A snapshot of the Chinese example with its emotion curve and markers, in Chinese and
//! light, rendered on the CPU. Its own test binary: it sets the process-wide language.

#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of these tests fail the test when the map is not as expected"
)]

use egui::Vec2;
use egui_kittest::Harness;
use stagemap::edit::Session;
use stagemap::ui::canvas::{CanvasState, canvas_ui};

/// What the test window holds: a document session and the canvas' view state.
struct Editor {
    session: Session,
    canvas: CanvasState,
}

/// Tolerates the few edge pixels in which CPU rasterisers (lavapipe, llvmpipe) differ.
fn snapshot_options() -> egui_kittest::SnapshotOptions {
    egui_kittest::SnapshotOptions::new().max_failed_pixels(4000)
}

#[test]
fn snapshot_ev_owner_journey_emotion_light() {
    stagemap::ui::i18n::set_current(stagemap::ui::i18n::Language::Chinese);
    rust_i18n::set_locale(stagemap::ui::i18n::Language::Chinese.code());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("ev-owner-journey.stagemap.ron");
    let doc = stagemap::format::load(&path).expect("the example opens");
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .wgpu()
        .with_context_setup(|ctx| {
            stagemap::ui::fonts::install(ctx);
            ctx.set_visuals(egui::Visuals::light());
        })
        .build_ui_state(
            |ui, editor: &mut Editor| {
                let revision = editor.session.history().revision();
                let edits = canvas_ui(ui, editor.session.doc(), revision, &mut editor.canvas);
                assert!(edits.is_empty(), "drawing alone changes nothing");
            },
            Editor {
                session: Session::opened(doc),
                canvas: CanvasState::default(),
            },
        );
    harness.run();
    harness.snapshot_options("ev_owner_journey_emotion_light", &snapshot_options());
}
