//! The presenter's window: a second native window (dragged to the laptop's
//! screen while the projector shows the stage) with the current and the next
//! step, the view's notes, the workshop timer and every view to jump to.
//! Where the system cannot open a second window it is drawn as a window
//! inside the stage.

use egui::{RichText, ViewportBuilder, ViewportClass, ViewportId};

use crate::layout::Layout;
use crate::model::Document;
use crate::presentation::Shot;
use crate::scene::lane_hue;
use crate::ui::i18n::tr;

use super::{Nav, Presenting, short_layer_name, view_title};
use crate::ui::workshop_clock::WorkshopClock;

/// What the presenter asked for in their window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresenterAction {
    /// Move through the walk-through.
    Go(Nav),
    /// Close the presenter's window.
    Close,
    /// Stop or resume the timer.
    TogglePause,
    /// Give the agenda's current step more minutes.
    AddMinutes(u32),
    /// Go on to the agenda's next step.
    NextAgendaStep,
}

/// The id of the presenter's window.
pub fn presenter_viewport() -> ViewportId {
    ViewportId::from_hash_of("stagemap presenter")
}

/// Shows the presenter's window for this frame; returns what was asked for in it.
pub fn presenter_ui(
    ctx: &egui::Context,
    present: &Presenting,
    doc: &Document,
    clock: &WorkshopClock,
) -> Vec<PresenterAction> {
    let builder = ViewportBuilder::default()
        .with_title(tr("presenter-title"))
        .with_inner_size([560.0, 720.0]);
    ctx.show_viewport_immediate(presenter_viewport(), builder, |ui, class| {
        let mut actions = Vec::new();
        if class == ViewportClass::Immediate {
            // Its own window has its own keyboard: the walk-through keys work there too.
            if ui.input(|input| input.viewport().close_requested()) {
                actions.push(PresenterAction::Close);
            }
            for key in Nav::KEYS {
                if ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, key))
                    && let Some(nav) = Nav::for_key(key)
                {
                    actions.push(PresenterAction::Go(nav));
                }
            }
        }
        egui::Frame::central_panel(ui.style()).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                contents_ui(ui, present, doc, clock, &mut actions);
            });
        });
        actions
    })
}

/// A small picture of a step: the view's map as coloured blocks (its
/// cards, in their lane's hue) with the part the stage shows outlined.
fn minimap_ui(ui: &mut egui::Ui, layout: &Layout, shot: &Shot, height: f32) {
    let bounds = layout.bounds;
    let scale =
        (ui.available_width() / bounds.width().max(1.0)).min(height / bounds.height().max(1.0));
    let size = egui::vec2(bounds.width(), bounds.height()) * scale;
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let at = |x: f32, y: f32| rect.min + egui::vec2(x - bounds.min.x, y - bounds.min.y) * scale;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, egui::Color32::from_gray(245));
    for card in &layout.cards {
        let Some(lane) = layout.lanes.get(card.cell.lane) else {
            continue;
        };
        let hue = lane_hue(&lane.kind);
        let block = egui::Rect::from_min_max(
            at(card.rect.min.x, card.rect.min.y),
            at(card.rect.max.x, card.rect.max.y),
        );
        painter.rect_filled(block, 1.0, egui::Color32::from_rgb(hue.r, hue.g, hue.b));
    }
    let shown = egui::Rect::from_min_max(
        at(shot.area.min.x, shot.area.min.y),
        at(shot.area.max.x, shot.area.max.y),
    );
    painter.rect_stroke(
        shown,
        2.0,
        egui::Stroke::new(2.0, egui::Color32::from_rgb(0xd0, 0x20, 0x20)),
        egui::StrokeKind::Outside,
    );
}

fn contents_ui(
    ui: &mut egui::Ui,
    present: &Presenting,
    doc: &Document,
    clock: &WorkshopClock,
    actions: &mut Vec<PresenterAction>,
) {
    let walk = present.walk();
    if let Some(step) = walk.current() {
        ui.label(RichText::new(tr("presenter-now")).weak());
        ui.label(
            RichText::new(present.step_name(doc, step))
                .size(24.0)
                .strong(),
        );
        if let Some((layout, shot)) = present.step_picture(step) {
            minimap_ui(ui, layout, shot, 150.0);
        }
    }
    ui.label(RichText::new(tr("presenter-next")).weak());
    let next = walk.next().map_or_else(
        || tr("presenter-end").into_owned(),
        |step| present.step_name(doc, step),
    );
    ui.label(RichText::new(next).size(18.0));
    if let Some((layout, shot)) = walk.next().and_then(|step| present.step_picture(step)) {
        minimap_ui(ui, layout, shot, 90.0);
    }
    ui.horizontal(|ui| {
        if ui.button(tr("presenter-previous")).clicked() {
            actions.push(PresenterAction::Go(Nav::Previous));
        }
        if ui.button(tr("presenter-forward")).clicked() {
            actions.push(PresenterAction::Go(Nav::Next));
        }
        if ui.button(tr("presenter-close")).clicked() {
            actions.push(PresenterAction::Close);
        }
    });
    ui.separator();
    ui.label(RichText::new(tr("presenter-notes")).weak());
    let notes = present
        .current_view()
        .map(|view| view.notes.trim())
        .filter(|notes| !notes.is_empty());
    match notes {
        Some(notes) => ui.label(RichText::new(notes).size(18.0)),
        None => ui.label(RichText::new(tr("presenter-no-notes")).italics().weak()),
    };
    let agenda = &doc.presentation.agenda;
    let now = WorkshopClock::now(ui.ctx());
    if let Some(face) = clock.face(agenda, now) {
        ui.separator();
        ui.label(RichText::new(tr("presenter-timer")).weak());
        let colour = face.colour(ui.visuals());
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&face.remaining)
                    .size(36.0)
                    .strong()
                    .color(colour),
            );
            ui.label(RichText::new(&face.step).size(18.0));
        });
        ui.horizontal(|ui| {
            let running = face.running;
            let pause = if running {
                tr("presenter-pause")
            } else {
                tr("presenter-resume")
            };
            if ui.button(pause).clicked() {
                actions.push(PresenterAction::TogglePause);
            }
            if ui.button("+1").clicked() {
                actions.push(PresenterAction::AddMinutes(1));
            }
            if ui.button("+5").clicked() {
                actions.push(PresenterAction::AddMinutes(5));
            }
            if ui.button(tr("presenter-next-agenda-step")).clicked() {
                actions.push(PresenterAction::NextAgendaStep);
            }
        });
        if let Some(wait) = clock.repaint_after(now) {
            ui.ctx().request_repaint_after(wait);
        }
    }
    ui.separator();
    ui.label(RichText::new(tr("presenter-views")).weak());
    let shown = walk.current().map(|step| step.view);
    for (index, view) in present.views().enumerate() {
        let mut name = format!("{}. {}", index + 1, view_title(doc, view));
        if !view.is_whole_map(doc) {
            name.push_str(" · ");
            name.push_str(&short_layer_name(view.layers));
        }
        if ui.selectable_label(shown == Some(index), name).clicked() {
            actions.push(PresenterAction::Go(Nav::View(index)));
        }
    }
}
