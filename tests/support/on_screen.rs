//! Where things are on the screen of a kittest harness, found by their
//! accessibility labels, and the clicks that are not kittest's own.

#![allow(dead_code, reason = "each test file uses a different part")]

use egui::{Modifiers, Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The rectangle of the one widget labelled `label`.
pub fn rect_of<State>(harness: &Harness<'_, State>, label: &str) -> Rect {
    harness.get_by_label(label).rect()
}

/// The middle of the cell under a step header and beside a lane header.
pub fn cell_center<State>(harness: &Harness<'_, State>, step: &str, lane: &str) -> Pos2 {
    Pos2::new(
        rect_of(harness, step).center().x,
        rect_of(harness, lane).center().y,
    )
}

/// Clicks once with the primary button at `at`, then lets the frame run.
pub fn click<State>(harness: &mut Harness<'_, State>, at: Pos2) {
    clicks(harness, at, 1);
}

/// Double-clicks at `at` (two clicks in one frame), then lets the frame run.
pub fn double_click<State>(harness: &mut Harness<'_, State>, at: Pos2) {
    clicks(harness, at, 2);
}

/// Hovers at `at` for a frame, then clicks `times` times in the next.
fn clicks<State>(harness: &mut Harness<'_, State>, at: Pos2, times: usize) {
    harness.hover_at(at);
    harness.run();
    for _ in 0..times {
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
    }
    harness.run();
}
