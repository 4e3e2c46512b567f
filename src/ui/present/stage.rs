//! The stage: the map alone on the window in the light theme, framed on the
//! current step, with a thin progress line at the bottom («维保 · 3/9 · 后台»)
//! and, when the map has an agenda, the workshop timer small in its corner.

use egui::{Color32, Frame, Margin, RichText, Sense, vec2};

use crate::edit::Edit;
use crate::model::Document;
use crate::presentation::Screen;
use crate::ui::canvas::{CanvasState, canvas_ui};
use crate::ui::settings::Settings;

use super::{Presenting, StepLook};
use crate::ui::workshop_clock::WorkshopClock;

/// Draws the stage filling `ui`; returns the edits the canvas asked for
/// (cards added or renamed live). A plain click on a card puts it in the spotlight.
pub fn stage_ui(
    ui: &mut egui::Ui,
    present: &mut Presenting,
    canvas: &mut CanvasState,
    doc: &Document,
    revision: u64,
    settings: &Settings,
    clock: &WorkshopClock,
) -> Vec<Edit> {
    let ctx = ui.ctx().clone();
    let pixels_per_point = ctx.pixels_per_point();
    let window_px = ctx.content_rect().width() * pixels_per_point;
    let min_title = settings.room.clamped().min_text_px(window_px) / pixels_per_point;
    // Projectors wash dark themes out: the stage is light whatever the editor's theme.
    let light = egui::Visuals::light();
    egui::Panel::bottom("presentation progress")
        .frame(
            Frame::new()
                .fill(light.panel_fill)
                .inner_margin(Margin::symmetric(12, 4)),
        )
        .show(ui, |ui| {
            *ui.visuals_mut() = light.clone();
            progress_ui(ui, present, doc, clock);
        });
    let mut edits = Vec::new();
    egui::CentralPanel::default()
        .frame(Frame::NONE.fill(light.panel_fill))
        .show(ui, |ui| {
            *ui.visuals_mut() = light.clone();
            let size = ui.available_size();
            let screen = Screen {
                width: size.x,
                height: size.y,
            };
            present.update(doc, revision, screen, min_title);
            if let Some(look) = present.reframe() {
                show_step(canvas, look, settings.motion_reduced());
            }
            edits = canvas_ui(ui, doc, revision, canvas);
            if !canvas.is_busy()
                && let Some(card) = canvas.clicked_card()
            {
                present.spotlight = Some(card);
            }
        });
    edits
}

/// Sets the canvas' layers, focus and bright steps from the step and frames its shot.
fn show_step(canvas: &mut CanvasState, look: StepLook, reduce_motion: bool) {
    canvas.set_layers(look.layers);
    canvas.set_focus(look.focus);
    canvas.set_bright_steps(look.bright_steps);
    canvas.frame_at(look.corner, look.zoom, look.moved && !reduce_motion);
}

/// The progress text, the timer at the right, and a thin line as long as the way gone.
fn progress_ui(ui: &mut egui::Ui, present: &Presenting, doc: &Document, clock: &WorkshopClock) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(present.progress_text(doc)).size(15.0));
        let agenda = &doc.presentation.agenda;
        let now = WorkshopClock::now(ui.ctx());
        if let Some(face) = clock.face(agenda, now) {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let colour = face.colour(ui.visuals());
                ui.label(
                    RichText::new(&face.remaining)
                        .size(15.0)
                        .strong()
                        .color(colour),
                );
                ui.label(RichText::new(&face.step).size(15.0));
            });
            if let Some(wait) = clock.repaint_after(now) {
                ui.ctx().request_repaint_after(wait);
            }
        }
    });
    let walk = present.walk();
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), 3.0), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, Color32::from_gray(220));
    if !walk.is_empty() {
        let share = (walk.position() + 1) as f32 / walk.len() as f32;
        let mut done = rect;
        done.set_width(rect.width() * share);
        painter.rect_filled(done, 0.0, ui.visuals().selection.bg_fill);
    }
}
