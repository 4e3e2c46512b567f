//! The start-round dialog: what is voted on (pain points, opportunities, fail
//! points, all cards, or the cards the focus shows), the question, who votes,
//! the dots each and whether they stack. A refused setup says why and starts
//! nothing.

use crate::edit::Command;
use crate::edit::decide::{self, Refusal, RoundSetup, Voter};
use crate::model::{Ballot, CardId, Document, VotingRound};
use crate::ui::i18n::{self, tr, tr_args};

/// The most participants a count alone may ask for.
const MOST_COUNTED: usize = 99;

/// The voters written in the participants field: one name a line with an
/// optional group after a tab or a comma (also «，»); or a number alone, for
/// that many unnamed participants.
pub fn parse_voters(text: &str) -> Vec<Voter> {
    if let Ok(count) = text.trim().parse::<usize>() {
        return vec![Voter::default(); count.min(MOST_COUNTED)];
    }
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (name, group) = line
                .split_once('\t')
                .or_else(|| line.split_once(','))
                .or_else(|| line.split_once('，'))
                .unwrap_or((line, ""));
            Voter {
                name: name.trim().to_owned(),
                group: group.trim().to_owned(),
            }
        })
        .collect()
}

/// The question a ballot is voted on by default, in the UI's language.
fn default_question(ballot: &Ballot) -> String {
    let key = match ballot {
        Ballot::PainPoints => "voting-question-pain-points",
        Ballot::Opportunities => "voting-question-opportunities",
        Ballot::FailPoints => "voting-question-fail-points",
        Ballot::AllCards | Ballot::Cards(_) => "voting-question-cards",
    };
    tr(key).into_owned()
}

/// What the dialog was answered.
pub enum Answer {
    /// Still open.
    Waiting,
    /// Closed without a round.
    Cancel,
    /// Start the round with this command.
    Start(Box<Command>),
}

/// The start dialog's fields.
#[derive(Debug)]
pub struct SetupDialog {
    ballot: Ballot,
    /// The cards the canvas' focus showed when the dialog opened.
    focus_cards: Option<Vec<CardId>>,
    question: String,
    /// The question was typed: a new ballot keeps it.
    question_typed: bool,
    participants: String,
    budget: u32,
    /// The budget was set: a new ballot keeps it.
    budget_set: bool,
    stacking: bool,
    /// Why the last start was refused.
    refusal: Option<Refusal>,
}

impl SetupDialog {
    /// The dialog on pain points (the cards the focus shows when a focus is set).
    pub fn new(doc: &Document, focus_cards: Option<Vec<CardId>>) -> Self {
        let ballot = match &focus_cards {
            Some(cards) => Ballot::Cards(cards.clone()),
            None => Ballot::PainPoints,
        };
        let budget = VotingRound::default_budget(ballot.options(doc).len());
        Self {
            question: default_question(&ballot),
            ballot,
            focus_cards,
            question_typed: false,
            participants: String::new(),
            budget,
            budget_set: false,
            stacking: false,
            refusal: None,
        }
    }

    /// Draws the dialog.
    pub fn ui(&mut self, ctx: &egui::Context, doc: &Document) -> Answer {
        let mut answer = Answer::Waiting;
        let modal = egui::Modal::new(egui::Id::unique("start voting round")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(tr("voting-setup-title"));
            self.ballot_ui(ui, doc);
            ui.add_space(6.0);
            let label = ui.label(tr("voting-question"));
            let edit = egui::TextEdit::singleline(&mut self.question).desired_width(f32::INFINITY);
            if ui.add(edit).labelled_by(label.id).changed() {
                self.question_typed = true;
            }
            ui.add_space(6.0);
            let label = ui.label(tr("voting-participants"));
            let edit = egui::TextEdit::multiline(&mut self.participants)
                .hint_text(tr("voting-participants-hint"))
                .desired_rows(5)
                .desired_width(f32::INFINITY);
            ui.add(edit).labelled_by(label.id);
            let voters = parse_voters(&self.participants);
            ui.label(tr_args(
                super::one_or_many(
                    voters.len(),
                    "voting-participants-count-one",
                    "voting-participants-count",
                ),
                &[("count", &voters.len().to_string())],
            ));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label(tr("voting-budget"));
                let budget = egui::DragValue::new(&mut self.budget).range(0..=99);
                if ui.add(budget).labelled_by(label.id).changed() {
                    self.budget_set = true;
                }
            });
            ui.checkbox(&mut self.stacking, tr("voting-stacking"));
            if let Some(refusal) = &self.refusal {
                ui.colored_label(ui.visuals().error_fg_color, i18n::refusal(refusal));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(tr("voting-start")).clicked() {
                    let setup = RoundSetup {
                        question: self.question.clone(),
                        ballot: self.ballot.clone(),
                        voters,
                        budget: self.budget,
                        stacking: self.stacking,
                    };
                    match decide::start_round(doc, setup) {
                        Ok(command) => answer = Answer::Start(Box::new(command)),
                        Err(refusal) => self.refusal = Some(refusal),
                    }
                }
                if ui.button(tr("button-cancel")).clicked() {
                    answer = Answer::Cancel;
                }
            });
        });
        if modal.should_close() && matches!(answer, Answer::Waiting) {
            answer = Answer::Cancel;
        }
        answer
    }

    /// The choice of ballot, each with how many cards it offers; a new choice
    /// brings its question and budget unless they were set by hand.
    fn ballot_ui(&mut self, ui: &mut egui::Ui, doc: &Document) {
        ui.label(tr("voting-ballot"));
        let mut choices: Vec<(Ballot, &str)> = Ballot::KINDS
            .iter()
            .map(|kind| {
                let key = match kind {
                    Ballot::PainPoints => "voting-ballot-pain-points",
                    Ballot::Opportunities => "voting-ballot-opportunities",
                    Ballot::FailPoints => "voting-ballot-fail-points",
                    _ => "voting-ballot-all-cards",
                };
                (kind.clone(), key)
            })
            .collect();
        if let Some(cards) = &self.focus_cards {
            choices.push((Ballot::Cards(cards.clone()), "voting-ballot-cards"));
        }
        for (ballot, key) in choices {
            let count = ballot.options(doc).len();
            let text = tr_args(key, &[("count", &count.to_string())]);
            let chosen = self.ballot == ballot;
            if ui.radio(chosen, text).clicked() && !chosen {
                if !self.question_typed {
                    self.question = default_question(&ballot);
                }
                if !self.budget_set {
                    self.budget = VotingRound::default_budget(count);
                }
                self.ballot = ballot;
                self.refusal = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voter(name: &str, group: &str) -> Voter {
        Voter {
            name: name.into(),
            group: group.into(),
        }
    }

    #[test]
    fn names_with_groups_after_a_tab_or_a_comma() {
        let voters = parse_voters("喆\t用户组\n李娜, 员工组\n\n  王芳，用户组 \nSam\n");
        assert_eq!(
            voters,
            [
                voter("喆", "用户组"),
                voter("李娜", "员工组"),
                voter("王芳", "用户组"),
                voter("Sam", ""),
            ]
        );
    }

    #[test]
    fn a_number_alone_is_that_many_unnamed_participants() {
        assert_eq!(parse_voters(" 4 \n"), vec![Voter::default(); 4]);
        assert_eq!(parse_voters("100000").len(), MOST_COUNTED);
        assert!(parse_voters("  ").is_empty());
    }
}
