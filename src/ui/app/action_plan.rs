//! The action plan in the editor: the selected card turned into an action (one undo step,
//! then edited in the Actions panel), the Actions panel's requests, and what an action
//! improves shown on the canvas.

use crate::edit::{Edit, decide};
use crate::model::CardId;
use crate::ui::actions::{ActionsRequest, Improved};
use crate::ui::i18n;

use super::commands::LeftPanel;
use super::{Effect, StagemapApp, TextPanel};

impl StagemapApp {
    /// The card "Turn into action" acts on: the one selected card.
    pub(super) fn card_to_turn_into_action(&self) -> Option<CardId> {
        match self.canvas.selected_cards()[..] {
            [card] => Some(card),
            _ => None,
        }
    }

    /// Adds an action improving the selected card (its title says what to do), opens the
    /// Actions panel and chooses the new action there; a refusal is said in the status bar.
    pub(super) fn turn_into_action(&mut self) {
        let Some(card) = self.card_to_turn_into_action() else {
            return;
        };
        // A field still being typed in ends its own step first.
        for edit in self.finish_editing_except(None) {
            self.apply_edit(edit);
        }
        let doc = self.document.doc();
        let id = doc.next_action_id();
        match decide::action_from_card(doc, card, "") {
            Ok(command) => {
                if self.apply_edit(Edit::Execute(command)) {
                    self.show_left_panel(Some(LeftPanel::Actions));
                    self.actions.select(id);
                }
            }
            Err(refusal) => self.status = Some(i18n::refusal(&refusal)),
        }
    }

    /// Draws the Actions panel's content; its requests become the frame's effects.
    pub(super) fn actions_panel_ui(&mut self, ui: &mut egui::Ui, effects: &mut Vec<Effect>) {
        let selected_card = self.card_to_turn_into_action();
        let requests = self
            .actions
            .actions_ui(ui, self.document.doc(), selected_card);
        let begins = requests
            .iter()
            .any(|request| matches!(request, ActionsRequest::Edit(Edit::Begin(_))));
        if begins {
            // Typing moved here from another panel's field: that step ends first.
            let others = self.finish_editing_except(Some(TextPanel::Actions));
            effects.extend(others.into_iter().map(Effect::Edit));
        }
        effects.extend(requests.into_iter().map(|request| match request {
            ActionsRequest::Edit(edit) => Effect::Edit(edit),
            ActionsRequest::Show(improved) => Effect::ShowImproved(improved),
        }));
    }

    /// Selects a card or step an action improves and brings it into view (a step by its
    /// first cell and first card).
    pub(super) fn show_improved(&mut self, improved: Improved) {
        let doc = self.document.doc();
        match improved {
            Improved::Card(card) => {
                if doc.card(card).is_some() {
                    self.canvas.select_cards(&[card]);
                    self.canvas.center_on_card(card);
                }
            }
            Improved::Step(step) => {
                let Some(lane) = doc.lanes.first().map(|lane| lane.id) else {
                    return;
                };
                if doc.step(step).is_none() {
                    return;
                }
                let first_card = doc
                    .cards
                    .iter()
                    .find(|card| card.step == step)
                    .map(|c| c.id);
                self.canvas.select_cell(step, lane);
                if let Some(card) = first_card {
                    self.canvas.center_on_card(card);
                }
            }
        }
    }
}
