//! Dot voting on one screen: the voting state of the window — the start
//! dialog, who votes now, passing the laptop, the results panel — and what a
//! click on the map means while a round is open.
//!
//! The round being voted in is the map's latest open round ([`open_round`]),
//! so undoing its start ends the voting and reopening a round resumes it.
//! Before a round is revealed the map shows only the dots of the participant
//! voting now; nothing here keeps votes, the document does.

mod dots;
mod facilitator;
mod own;
mod pass;
mod results;
mod setup;

use std::collections::HashSet;

use crate::edit::Command;
use crate::edit::decide::{self, Refusal};
use crate::model::{Document, Participant, ParticipantId, Vote, VotingRound};
use crate::ui::canvas::CanvasState;

use pass::Pass;
use setup::SetupDialog;
pub use setup::parse_voters;

/// What the voting screens ask the app to do.
#[derive(Debug)]
pub enum VotingRequest {
    /// Apply a command as one undo step named `step-` + the name.
    Step(&'static str, Box<Command>),
    /// Say in the status line why a step was refused.
    Refused(Refusal),
}

impl VotingRequest {
    /// A builder's answer as a request: the step, or the refusal.
    fn from_result(name: &'static str, result: Result<Command, Refusal>) -> Self {
        match result {
            Ok(command) => Self::Step(name, Box::new(command)),
            Err(refusal) => Self::Refused(refusal),
        }
    }
}

/// The translation key for `count` things: the singular one for 1 (English
/// says "1 dot", "2 dots"; Chinese says both alike).
fn one_or_many(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// The round dots go to now: the map's latest round still open.
pub fn open_round(doc: &Document) -> Option<&VotingRound> {
    doc.decisions
        .rounds
        .iter()
        .rev()
        .find(|round| round.is_open())
}

/// The window's voting state; never saved.
#[derive(Debug, Default)]
pub struct Voting {
    /// The start dialog, while open.
    setup: Option<SetupDialog>,
    /// Who votes now: an index into the open round's participants.
    active: usize,
    /// Passing the laptop round the room; `None`: the facilitator clicks for everyone.
    pass: Option<Pass>,
    /// The results panel.
    results: results::ResultsPanel,
    /// This window votes from its own laptop in a live room (a guest): only
    /// as the participant it says it is.
    own_laptop: bool,
    /// Who this window votes as, voting from its own laptop.
    seat: Option<ParticipantId>,
    /// The round voted in from this laptop, whose results show once the host reveals it.
    own_round: Option<crate::model::RoundId>,
}

impl Voting {
    /// Opens the start dialog; `focus_cards` are the cards the canvas' focus
    /// shows (offered as a ballot), `None` when no focus is set.
    pub fn open_setup(&mut self, doc: &Document, focus_cards: Option<Vec<crate::model::CardId>>) {
        self.setup = Some(SetupDialog::new(doc, focus_cards));
    }

    /// The start dialog is open.
    pub fn setup_open(&self) -> bool {
        self.setup.is_some()
    }

    /// Draws the start dialog; a round started is returned as its step (and
    /// the first participant votes first), a refusal stays in the dialog.
    pub fn setup_ui(&mut self, ctx: &egui::Context, doc: &Document) -> Option<VotingRequest> {
        let dialog = self.setup.as_mut()?;
        match dialog.ui(ctx, doc) {
            setup::Answer::Waiting => None,
            setup::Answer::Cancel => {
                self.setup = None;
                None
            }
            setup::Answer::Start(command) => {
                self.setup = None;
                self.active = 0;
                self.pass = None;
                Some(VotingRequest::Step("start-round", command))
            }
        }
    }

    /// The participant voting now in `round`.
    pub fn active<'r>(&self, round: &'r VotingRound) -> Option<&'r Participant> {
        round
            .participants
            .get(self.active)
            .or_else(|| round.participants.first())
    }

    /// Votes from this window's own laptop as the person called `name` (a
    /// guest of a live room), or for everyone (`None`: the facilitator's
    /// screen). The person is seated as the participant of their name when
    /// the round has one, and votes as whoever they chose.
    pub fn vote_from_own_laptop(&mut self, doc: &Document, name: Option<&str>) {
        self.own_laptop = name.is_some();
        let Some(name) = name else {
            return;
        };
        let Some(round) = open_round(doc) else {
            // The host revealed the round voted in: its results show here too.
            if let Some(id) = self.own_round.take() {
                self.results.show(Some(id));
            }
            return;
        };
        self.own_round = Some(round.id);
        if self
            .seat
            .is_none_or(|seat| round.participant(seat).is_none())
        {
            self.seat = own::seat_by_name(round, name);
        }
        if let Some(index) = self
            .seat
            .and_then(|seat| round.participants.iter().position(|voter| voter.id == seat))
        {
            self.active = index;
        }
    }

    /// Number keys 1–9 pick who votes while a round is open (before the layer
    /// presets see them); passing the laptop, or voting from one's own
    /// laptop, they pick no one.
    pub fn number_keys(&mut self, ctx: &egui::Context, doc: &Document) {
        let Some(round) = open_round(doc) else {
            return;
        };
        if self.own_laptop {
            return;
        }
        if ctx.text_edit_focused() {
            return;
        }
        for (index, key) in facilitator::NUMBER_KEYS.into_iter().enumerate() {
            let pressed = ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, key));
            if pressed && self.pass.is_none() && index < round.participants.len() {
                self.active = index;
            }
        }
    }

    /// Hands the vote to the next participant: in turn while passing the
    /// laptop (the map hidden in between), round the room otherwise.
    pub fn next_participant(&mut self, doc: &Document) {
        let Some(round) = open_round(doc) else {
            return;
        };
        match self.pass {
            Some(pass) => {
                let (next, active) = pass.next(self.active, round.participants.len());
                self.pass = Some(next);
                self.active = active;
            }
            None => self.active = (self.active + 1) % round.participants.len().max(1),
        }
    }

    /// Starts passing the laptop from the first participant: the map hidden
    /// until they say they have it.
    pub fn start_passing(&mut self) {
        self.active = 0;
        self.pass = Some(Pass::HandOver);
    }

    /// Closes the open round now and opens the results beside the map.
    pub fn reveal(&mut self, doc: &Document, now: jiff::Timestamp) -> Option<VotingRequest> {
        let round = open_round(doc)?;
        let result = decide::close_round(doc, round.id, now);
        if result.is_ok() {
            self.pass = None;
            self.results.show(Some(round.id));
        }
        Some(VotingRequest::from_result("reveal-votes", result))
    }

    /// Sets the canvas up for the round: clicks only place dots, cards not on
    /// the ballot dimmed, no counts; back to editing when no round is open,
    /// with the counts of the round the results panel shows.
    pub fn prepare_canvas(&self, canvas: &mut CanvasState, doc: &Document) {
        match open_round(doc) {
            Some(round) => {
                canvas.set_votes(None);
                canvas.set_pick_only(true);
                let ballot: HashSet<_> = round.ballot.options(doc).into_iter().collect();
                canvas.set_bright_cards(Some(ballot));
            }
            None => {
                canvas.set_votes(self.results.revealed_round(doc).map(|round| round.id));
                canvas.set_pick_only(false);
                canvas.set_bright_cards(None);
            }
        }
    }

    /// The map must be hidden now (a hand-over between two participants).
    pub fn hides_map(&self, doc: &Document) -> bool {
        open_round(doc).is_some() && self.pass.is_some_and(|pass| pass != Pass::Turn)
    }

    /// What the clicks on the canvas in the last frame ask for: a left click
    /// places the voter's dot (or takes it back when one dot per card is
    /// allowed and it is there), a right click takes one back.
    pub fn canvas_clicks(&self, canvas: &CanvasState, doc: &Document) -> Option<VotingRequest> {
        let round = open_round(doc)?;
        if self.hides_map(doc) {
            return None;
        }
        if self.own_laptop && self.seat.is_none() {
            // Not yet said who they are: their clicks place no one's dots.
            return None;
        }
        let voter = self.active(round)?.id;
        if let Some(card) = canvas.right_clicked_card() {
            return Some(VotingRequest::from_result(
                "take-back-vote",
                decide::take_back_vote(doc, round.id, voter, card),
            ));
        }
        let card = canvas.clicked_card()?;
        let placed = round.votes.contains(&Vote {
            participant: voter,
            card,
        });
        Some(if placed && !round.stacking {
            VotingRequest::from_result(
                "take-back-vote",
                decide::take_back_vote(doc, round.id, voter, card),
            )
        } else {
            VotingRequest::from_result("cast-vote", decide::cast_vote(doc, round.id, voter, card))
        })
    }

    /// The dots over the map: the voter's own while a round is open; the
    /// counts of the round the results panel shows, once revealed, named.
    pub fn dots_on_map(&self, ui: &egui::Ui, canvas: &CanvasState, doc: &Document) {
        if let Some(round) = open_round(doc) {
            if self.own_laptop && self.seat.is_none() {
                return;
            }
            if let Some(voter) = self.active(round) {
                dots::paint_own_dots(ui, canvas, doc, round, voter);
            }
        } else if let Some(round) = self.results.revealed_round(doc) {
            dots::name_revealed(ui, canvas, doc, round);
        }
    }

    /// The voting bar over the map while a round is open: the participants as
    /// chips, who votes and their dots left; while passing the laptop, only
    /// the voter's turn, and nothing between two turns (the hand-over screen
    /// has its own buttons, so nobody's turn is skipped from the bar).
    /// Returns the commands it asks for.
    pub fn bar_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
    ) -> Vec<crate::ui::command::UiCommand> {
        let Some(round) = open_round(doc) else {
            return Vec::new();
        };
        if self.own_laptop {
            own::bar_ui(ui, round, &mut self.seat);
            return Vec::new();
        }
        match self.pass {
            Some(Pass::Turn) => pass::turn_bar_ui(ui, round, self.active),
            Some(Pass::HandOver | Pass::AllVoted) => Vec::new(),
            None => facilitator::bar_ui(ui, round, &mut self.active),
        }
    }

    /// The screen between two participants, drawn instead of the map.
    pub fn hand_over_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
    ) -> Vec<crate::ui::command::UiCommand> {
        let (Some(round), Some(state)) = (open_round(doc), self.pass) else {
            return Vec::new();
        };
        let answer = pass::hand_over_ui(ui, round, self.active, state);
        match answer {
            pass::HandOverAnswer::Ready => self.pass = Some(Pass::Turn),
            pass::HandOverAnswer::Leave => self.pass = None,
            pass::HandOverAnswer::Waiting => {}
            pass::HandOverAnswer::Run(command) => return vec![command],
        }
        Vec::new()
    }

    /// The results panel is shown.
    pub fn results_shown(&self) -> bool {
        self.results.shown
    }

    /// Shows or hides the results panel.
    pub fn toggle_results(&mut self) {
        if self.results.shown {
            self.results.shown = false;
        } else {
            self.results.show(None);
        }
    }

    /// Draws the results panel: the round shown ranked, the rounds with
    /// reopen, delete and compare. Returns the steps it asks for.
    pub fn results_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Vec<VotingRequest> {
        let requests = self.results.ui(ui, doc);
        if requests
            .iter()
            .any(|request| matches!(request, VotingRequest::Step("reopen-round", _)))
        {
            // A reopened round is voted in again from its first participant.
            self.active = 0;
            self.pass = None;
        }
        requests
    }
}
