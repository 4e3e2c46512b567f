//! Voting from one's own laptop in a live room: a guest says which of the
//! round's participants they are (picked for them when their name in the
//! room is one of the participants' names) and places only that
//! participant's dots. Their map shows only their own dots, as everyone's
//! does, until the host reveals the round.

use egui::RichText;

use crate::model::{ParticipantId, VotingRound};
use crate::ui::i18n::{self, tr, tr_args};

/// The participant of `round` called `name` (case and spaces aside), if one is.
pub fn seat_by_name(round: &VotingRound, name: &str) -> Option<ParticipantId> {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return None;
    }
    round
        .participants
        .iter()
        .find(|voter| voter.name.trim().to_lowercase() == name)
        .map(|voter| voter.id)
}

/// The guest's voting bar: the question, who they vote as (a choice among
/// the participants) and their dots left; no one else's turn, no reveal.
pub fn bar_ui(ui: &mut egui::Ui, round: &VotingRound, seat: &mut Option<ParticipantId>) {
    let language = i18n::current();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(crate::decisions::round_title(round, language)).strong());
        ui.separator();
        let chosen = seat.map_or_else(
            || tr("live-vote-choose").into_owned(),
            |id| crate::decisions::participant_name(round, id, language),
        );
        egui::ComboBox::from_label(tr("live-vote-as"))
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for voter in &round.participants {
                    let name = crate::decisions::participant_name(round, voter.id, language);
                    ui.selectable_value(seat, Some(voter.id), name);
                }
            });
        if let Some(id) = *seat {
            let remaining = round.remaining(id) as usize;
            ui.label(
                RichText::new(tr_args(
                    super::one_or_many(remaining, "voting-remaining-one", "voting-remaining"),
                    &[("count", &remaining.to_string())],
                ))
                .strong(),
            );
        }
        ui.label(RichText::new(tr("live-vote-hidden")).weak());
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ballot, Participant, RoundId};

    fn voter(id: u64, name: &str) -> Participant {
        Participant {
            id: ParticipantId(id),
            name: name.to_owned(),
            group: String::new(),
            colour: 0,
        }
    }

    #[test]
    fn a_guest_is_seated_by_their_name() {
        let round = VotingRound {
            id: RoundId(1),
            question: String::new(),
            ballot: Ballot::AllCards,
            participants: vec![voter(1, "Ana"), voter(2, " 小王 ")],
            budget: 3,
            stacking: false,
            votes: Vec::new(),
            closed: None,
        };
        assert_eq!(seat_by_name(&round, "小王"), Some(ParticipantId(2)));
        assert_eq!(seat_by_name(&round, "ana "), Some(ParticipantId(1)));
        assert_eq!(seat_by_name(&round, "Bo"), None);
        assert_eq!(seat_by_name(&round, " "), None);
    }
}
