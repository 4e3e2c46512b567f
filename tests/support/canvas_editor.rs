//! The canvas under test: a session and the canvas' view state in a kittest
//! harness, the canvas drawn each frame with its edits applied, and pointer gestures.

#![allow(dead_code, reason = "each test file uses a different part")]

use egui::{Pos2, Vec2};
use egui_kittest::Harness;
use stagemap::edit::Session;
use stagemap::model::{CardId, Document};
use stagemap::ui::canvas::{CanvasState, canvas_ui};

/// What the test window holds: a document session and the canvas' view state.
pub struct Editor {
    pub session: Session,
    pub canvas: CanvasState,
}

impl Editor {
    /// An editor on a session, with a fresh view.
    pub fn new(session: Session) -> Self {
        Self {
            session,
            canvas: CanvasState::default(),
        }
    }
}

/// One frame: the canvas draws the document and its edits go to the session.
pub fn canvas_frame(ui: &mut egui::Ui, editor: &mut Editor) {
    let revision = editor.session.history().revision();
    let edits = canvas_ui(ui, editor.session.doc(), revision, &mut editor.canvas);
    for edit in edits {
        editor
            .session
            .apply(edit)
            .expect("the canvas emits valid edits");
    }
}

/// A 1200×800 window on `doc`, with the bundled fonts.
pub fn harness(doc: Document) -> Harness<'static, Editor> {
    Harness::builder()
        .with_size(Vec2::new(1200.0, 800.0))
        // Short frames, so that two clicks in two frames make a double-click.
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(stagemap::ui::fonts::install)
        .build_ui_state(canvas_frame, Editor::new(Session::opened(doc)))
}

/// The id of the card with this title.
pub fn card_id(harness: &Harness<'_, Editor>, title: &str) -> CardId {
    harness
        .state()
        .session
        .doc()
        .cards
        .iter()
        .find(|card| card.title == title)
        .unwrap_or_else(|| panic!("no card titled {title}"))
        .id
}

/// Presses at `from`, moves in small steps to `to` and releases there.
pub fn drag(harness: &mut Harness<'_, Editor>, from: Pos2, to: Pos2) {
    press_and_move(harness, from, to);
    release(harness, to);
}

/// Presses at `from` and moves in small steps to `to`, still pressed.
pub fn press_and_move(harness: &mut Harness<'_, Editor>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=10 {
        harness.hover_at(from + (to - from) * (step as f32 / 10.0));
        harness.step();
    }
    harness.run();
}

/// Releases the pointer at `at`.
pub fn release(harness: &mut Harness<'_, Editor>, at: Pos2) {
    harness.drop_at(at);
    harness.run();
}
