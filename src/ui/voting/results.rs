//! The results panel beside the map: a revealed round's cards ranked (ties
//! shown as ties, with the dots per group), and the map's rounds — show,
//! reopen (its votes hidden again), delete (with its votes), and two compared
//! side by side. An open round's votes never show here.

use egui::RichText;

use crate::decisions::{compare_rounds, latest_closed_round, ranking, round_title};
use crate::edit::Command;
use crate::edit::decide;
use crate::model::{Document, RoundId, VotingRound};
use crate::ui::i18n::{self, tr, tr_args};

use super::VotingRequest;

/// What the panel shows.
#[derive(Debug, Default)]
pub struct ResultsPanel {
    /// The panel is open.
    pub shown: bool,
    /// The round ranked; `None`: the latest revealed one.
    round: Option<RoundId>,
    /// Rounds ticked for comparison, in the order ticked (two are compared).
    compare: Vec<RoundId>,
}

impl ResultsPanel {
    /// Opens the panel on a round (`None`: the latest revealed one).
    pub fn show(&mut self, round: Option<RoundId>) {
        self.shown = true;
        self.round = round;
    }

    /// The revealed round whose dots the map shows: the one ranked in the open panel.
    pub fn revealed_round<'d>(&self, doc: &'d Document) -> Option<&'d VotingRound> {
        if !self.shown {
            return None;
        }
        self.round
            .and_then(|id| doc.decisions.round(id))
            .or_else(|| latest_closed_round(doc))
            .filter(|round| !round.is_open())
    }

    /// Draws the panel; returns the steps its buttons ask for.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Vec<VotingRequest> {
        let mut requests = Vec::new();
        ui.heading(tr("voting-results-title"));
        if doc.decisions.rounds.is_empty() {
            ui.label(tr("voting-no-rounds"));
            return requests;
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            if let Some(round) = self.revealed_round(doc) {
                ranking_ui(ui, doc, round);
            } else {
                ui.label(tr("voting-hidden"));
            }
            ui.separator();
            ui.label(RichText::new(tr("voting-rounds")).strong());
            for round in &doc.decisions.rounds {
                self.round_row_ui(ui, doc, round, &mut requests);
            }
            self.compare
                .retain(|id| doc.decisions.round(*id).is_some_and(|r| !r.is_open()));
            if let [first, second] = self.compare[..] {
                ui.separator();
                comparison_ui(ui, doc, [first, second]);
            }
        });
        requests
    }

    /// One round of the list with its buttons.
    fn round_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        round: &VotingRound,
        requests: &mut Vec<VotingRequest>,
    ) {
        let language = i18n::current();
        ui.horizontal_wrapped(|ui| {
            ui.label(round_title(round, language));
            if round.is_open() {
                ui.label(RichText::new(tr("voting-hidden")).weak());
            } else {
                if ui.button(tr("voting-show")).clicked() {
                    self.round = Some(round.id);
                }
                if ui.button(tr("voting-reopen")).clicked() {
                    requests.push(VotingRequest::from_result(
                        "reopen-round",
                        decide::reopen_round(doc, round.id),
                    ));
                }
                let mut ticked = self.compare.contains(&round.id);
                if ui.checkbox(&mut ticked, tr("voting-compare")).changed() {
                    self.compare.retain(|id| *id != round.id);
                    if ticked {
                        self.compare.push(round.id);
                        if self.compare.len() > 2 {
                            self.compare.remove(0);
                        }
                    }
                }
            }
            if ui.button(tr("voting-delete")).clicked() {
                requests.push(VotingRequest::Step(
                    "delete-round",
                    Box::new(Command::RemoveRound(round.id)),
                ));
            }
        });
    }
}

/// A round's ranked cards: ties share their rank, marked as tied; the dots
/// per group under each card when the room voted in groups.
fn ranking_ui(ui: &mut egui::Ui, doc: &Document, round: &VotingRound) {
    let language = i18n::current();
    ui.label(RichText::new(round_title(round, language)).strong());
    let ranked = ranking(doc, round);
    if ranked.is_empty() {
        ui.label(tr("voting-no-dots"));
    }
    for entry in &ranked {
        let tied = ranked
            .iter()
            .filter(|other| other.rank == entry.rank)
            .count()
            > 1;
        let rank = if tied {
            tr_args("voting-rank-tied", &[("rank", &entry.rank.to_string())])
        } else {
            entry.rank.to_string()
        };
        let title = doc
            .card(entry.card)
            .map(|card| card.title.trim().to_owned())
            .unwrap_or_default();
        ui.label(tr_args(
            super::one_or_many(entry.dots, "voting-rank-row-one", "voting-rank-row"),
            &[
                ("rank", &rank),
                ("card", &title),
                ("dots", &entry.dots.to_string()),
            ],
        ));
        if !entry.by_group.is_empty() {
            let groups: Vec<String> = entry
                .by_group
                .iter()
                .map(|(group, dots)| {
                    tr_args(
                        "voting-by-group",
                        &[("group", group), ("dots", &dots.to_string())],
                    )
                })
                .collect();
            ui.label(RichText::new(groups.join(" · ")).weak());
        }
    }
}

/// Two rounds side by side: each voted card's dots in both.
fn comparison_ui(ui: &mut egui::Ui, doc: &Document, rounds: [RoundId; 2]) {
    let language = i18n::current();
    ui.label(RichText::new(tr("voting-compare-title")).strong());
    egui::Grid::new("rounds compared")
        .striped(true)
        .show(ui, |ui| {
            ui.label(tr("voting-card"));
            for id in rounds {
                let title = doc
                    .decisions
                    .round(id)
                    .map(|round| round_title(round, language))
                    .unwrap_or_default();
                ui.label(title);
            }
            ui.end_row();
            for (card, counts) in compare_rounds(doc, &rounds) {
                let title = doc.card(card).map(|c| c.title.clone()).unwrap_or_default();
                ui.label(title);
                for count in counts {
                    ui.label(count.to_string());
                }
                ui.end_row();
            }
        });
}
