//! Dot voting in the window: the Workshop commands, the voting bar, the map
//! or the hand-over screen in the middle, the results panel, and each voting
//! step applied as one undo step.

use crate::edit::Edit;
use crate::ui::command::UiCommand;
use crate::ui::i18n;
use crate::ui::voting::{VotingRequest, open_round};

use super::{Effect, StagemapApp};

impl StagemapApp {
    /// Runs a Workshop command.
    pub(super) fn run_voting_command(&mut self, command: UiCommand) {
        let doc = self.document.doc();
        match command {
            UiCommand::StartVoting => {
                let focus_cards = self.canvas.focus().map(|_| {
                    doc.cards
                        .iter()
                        .filter(|card| !self.canvas.is_dimmed(doc, card.id))
                        .map(|card| card.id)
                        .collect()
                });
                self.voting.open_setup(doc, focus_cards);
            }
            UiCommand::PassTheLaptop => self.voting.start_passing(),
            UiCommand::NextParticipant => self.voting.next_participant(doc),
            UiCommand::RevealVotes => {
                // To the second: the file keeps when the round closed, not the
                // clock's nanoseconds.
                let now = jiff::Timestamp::now();
                let now = now.round(jiff::Unit::Second).unwrap_or(now);
                if let Some(request) = self.voting.reveal(doc, now) {
                    self.run_voting_request(request);
                }
            }
            UiCommand::VotingResults => self.voting.toggle_results(),
            _ => {}
        }
    }

    /// A Workshop command can run now: the round commands need an open round.
    pub(super) fn voting_command_enabled(&self, command: UiCommand) -> bool {
        let open = open_round(self.document.doc()).is_some();
        // In a live room the host runs the round; guests vote from their own laptops.
        let guest = self.is_live_guest();
        match command {
            UiCommand::StartVoting => !open && !guest,
            UiCommand::PassTheLaptop | UiCommand::NextParticipant | UiCommand::RevealVotes => {
                open && !guest
            }
            _ => true,
        }
    }

    /// Applies a voting step as one undo step, or says why it was refused.
    pub(super) fn run_voting_request(&mut self, request: VotingRequest) {
        match request {
            VotingRequest::Step(name, command) => {
                if self.apply_edit(Edit::Begin(name)) {
                    let done = self.apply_edit(Edit::Execute(*command));
                    self.apply_edit(if done { Edit::Commit } else { Edit::Abort });
                }
            }
            VotingRequest::Refused(refusal) => self.status = Some(i18n::refusal(&refusal)),
        }
    }

    /// The voting bar over the map while a round is open.
    pub(super) fn voting_bar_ui(&mut self, ui: &mut egui::Ui, effects: &mut Vec<Effect>) {
        if open_round(self.document.doc()).is_none() {
            return;
        }
        egui::Panel::top("voting bar").show(ui, |ui| {
            let commands = self.voting.bar_ui(ui, self.document.doc());
            effects.extend(commands.into_iter().map(Effect::Run));
        });
    }

    /// The middle of the window: the map with the dots, its clicks placing
    /// them while a round is open, or the hand-over screen that hides it.
    pub(super) fn map_ui(&mut self, ui: &mut egui::Ui, effects: &mut Vec<Effect>) {
        let doc = self.document.doc();
        if self.voting.hides_map(doc) {
            let commands = self.voting.hand_over_ui(ui, doc);
            effects.extend(commands.into_iter().map(Effect::Run));
            return;
        }
        let own_name = self
            .is_live_guest()
            .then(|| self.settings.live_name.clone());
        self.voting.vote_from_own_laptop(doc, own_name.as_deref());
        self.voting.prepare_canvas(&mut self.canvas, doc);
        let revision = self.document.session.history().revision();
        let edits = crate::ui::canvas::canvas_ui(ui, doc, revision, &mut self.canvas);
        effects.extend(edits.into_iter().map(Effect::Edit));
        if self.canvas.take_action_request() {
            effects.push(Effect::Run(UiCommand::TurnIntoAction));
        }
        if let Some(request) = self.voting.canvas_clicks(&self.canvas, doc) {
            effects.push(Effect::Voting(request));
        }
        self.voting.dots_on_map(ui, &self.canvas, doc);
        self.live_on_map(ui);
    }

    /// The results panel beside the map, when shown.
    pub(super) fn voting_results_ui(
        &mut self,
        ui: &mut egui::Ui,
        effects: &mut Vec<Effect>,
        (default, min, max): (f32, f32, f32),
    ) {
        if !self.voting.results_shown() {
            return;
        }
        egui::Panel::right("voting results")
            .resizable(true)
            .default_size(default)
            .min_size(min)
            .max_size(max)
            .show(ui, |ui| {
                let requests = self.voting.results_ui(ui, self.document.doc());
                effects.extend(requests.into_iter().map(Effect::Voting));
            });
    }
}
