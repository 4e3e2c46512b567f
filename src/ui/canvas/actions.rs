//! What the canvas adds to the action plan: a card's context menu offers to turn it into an
//! action, and hovering a card's actions marker lists the actions that improve it.

use egui::accesskit::Role;
use egui::{Response, WidgetInfo};

use super::CanvasState;
use super::interaction::Gesture;
use super::screen_layout::{Hit, ScreenLayout};
use crate::model::Document;
use crate::ui::actions::summary;
use crate::ui::command::UiCommand;
use crate::ui::i18n::tr;

/// A right click on a card selects it (unless it is selected already) and opens its menu:
/// "Turn into action", which the app runs after the frame.
pub(super) fn card_menu_ui(response: &Response, frame: &ScreenLayout<'_>, state: &mut CanvasState) {
    if response.secondary_clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && let Hit::Card(card) | Hit::Handle(card) = frame.hit(pos)
        && !state.selection.cards.contains(&card)
    {
        state.select_cards(&[card]);
    }
    if state.selection.cards.len() != 1 {
        return;
    }
    response.context_menu(|ui| {
        let command = UiCommand::TurnIntoAction;
        let label = command.label();
        let item = ui.button(label.as_ref()).on_hover_text(command.tooltip());
        item.widget_info(|| WidgetInfo::labeled(Role::Button, true, label.as_ref()));
        if item.clicked() {
            state.action_asked = true;
            ui.close();
        }
    });
}

/// While the pointer rests on a card's actions marker, the actions that improve the card:
/// what, owner, due date and status.
pub(super) fn marker_hover_ui(
    response: &Response,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &CanvasState,
) {
    if !matches!(state.gesture, Gesture::Idle) {
        return;
    }
    let Some(card) = response
        .hover_pos()
        .filter(|pos| frame.content_clip().contains(*pos))
        .and_then(|pos| state.scene.action_marker_at(frame.doc_from_screen(pos)))
    else {
        return;
    };
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.strong(tr("actions-marker-title"));
        for action in doc.decisions.actions_for(card) {
            ui.label(format!("{} — {}", action.what, summary(action)));
        }
    });
}
