//! Passing the laptop: each participant in turn sees only their own dots and
//! a big "Done, next person" button; between two of them a hand-over screen
//! hides the map, so nobody sees the dots of the person before.

use egui::{Button, RichText};

use crate::model::VotingRound;
use crate::scene::words::Language;
use crate::ui::command::UiCommand;
use crate::ui::i18n::{self, tr, tr_args};

/// Where passing the laptop stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// The laptop goes to the next participant: the map is hidden.
    HandOver,
    /// The participant votes: only their dots show.
    Turn,
    /// Everyone has had their turn: the map stays hidden until the reveal.
    AllVoted,
}

impl Pass {
    /// After `active` is done (of `count` participants): the hand-over to the
    /// next one, or everyone has voted.
    pub fn next(self, active: usize, count: usize) -> (Self, usize) {
        if active + 1 < count {
            (Self::HandOver, active + 1)
        } else {
            (Self::AllVoted, active)
        }
    }
}

/// How big the words of the turn and hand-over screens are, in points: read
/// by someone standing at the laptop.
const BIG_TEXT: f32 = 28.0;

/// The bar over the map during a participant's turn: their name, their dots
/// left and the button that passes the laptop on.
pub fn turn_bar_ui(ui: &mut egui::Ui, round: &VotingRound, active: usize) -> Vec<UiCommand> {
    let Some(voter) = round.participants.get(active) else {
        return Vec::new();
    };
    let language = i18n::current();
    let name = crate::decisions::participant_name(round, voter.id, language);
    let remaining = round.remaining(voter.id) as usize;
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        super::facilitator::chip_ui(ui, voter, true);
        ui.label(
            RichText::new(tr_args(
                super::one_or_many(remaining, "voting-turn-one", "voting-turn"),
                &[("name", &name), ("count", &remaining.to_string())],
            ))
            .size(BIG_TEXT)
            .strong(),
        );
        let done = Button::new(RichText::new(tr("voting-turn-done")).size(BIG_TEXT));
        if ui.add(done).clicked() {
            commands.push(UiCommand::NextParticipant);
        }
    });
    commands
}

/// What the hand-over screen was answered.
pub enum HandOverAnswer {
    /// Nothing yet.
    Waiting,
    /// The next participant has the laptop: show their turn.
    Ready,
    /// The facilitator takes the laptop back.
    Leave,
    /// A command (reveal once everyone has voted).
    Run(UiCommand),
}

/// The screen drawn instead of the map between two turns.
pub fn hand_over_ui(
    ui: &mut egui::Ui,
    round: &VotingRound,
    active: usize,
    pass: Pass,
) -> HandOverAnswer {
    let language: Language = i18n::current();
    let mut answer = HandOverAnswer::Waiting;
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 4.0);
        match (pass, round.participants.get(active)) {
            (Pass::HandOver, Some(voter)) => {
                let name = crate::decisions::participant_name(round, voter.id, language);
                ui.label(
                    RichText::new(tr_args("voting-hand-over", &[("name", &name)]))
                        .size(BIG_TEXT * 1.4)
                        .strong(),
                );
                ui.label(RichText::new(tr("voting-hand-over-hidden")).size(BIG_TEXT * 0.6));
                ui.add_space(24.0);
                let start = Button::new(
                    RichText::new(tr_args("voting-hand-over-start", &[("name", &name)]))
                        .size(BIG_TEXT),
                );
                if ui.add(start).clicked() {
                    answer = HandOverAnswer::Ready;
                }
            }
            _ => {
                ui.label(RichText::new(tr("voting-all-voted")).size(BIG_TEXT * 1.2));
                ui.add_space(24.0);
                let reveal =
                    Button::new(RichText::new(UiCommand::RevealVotes.label()).size(BIG_TEXT));
                if ui.add(reveal).clicked() {
                    answer = HandOverAnswer::Run(UiCommand::RevealVotes);
                }
            }
        }
        ui.add_space(24.0);
        if ui.button(tr("voting-leave-pass")).clicked() {
            answer = HandOverAnswer::Leave;
        }
    });
    answer
}
