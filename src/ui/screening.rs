//! Workshop → Concept screening…: the screened cards
//! ([`decisions::screening_table`]) against the weighted criteria, a 1–5
//! score picker in each cell, the weighted total and rank of each card; the
//! criteria named, weighted, added and removed, or the defaults taken in the
//! UI's language. Each change is one undo step; a refused one says why.

use egui::WidgetInfo;
use egui::accesskit::Role;

use crate::decisions;
use crate::edit::decide::{self, Refusal};
use crate::edit::{Command, Edit};
use crate::model::{Criterion, CriterionId, Document};

use super::field_visit::FieldVisit;
use super::i18n::{self, tr, tr_args};

/// The undo step of every change the window makes.
const STEP: &str = "edit-screening";
/// Width of a criterion's name field, in points.
const NAME_WIDTH: f32 = 140.0;

/// The screening window between frames.
#[derive(Debug, Default)]
pub struct ScreeningWindow {
    /// The window shows.
    open: bool,
    /// The criterion field being typed in.
    fields: FieldVisit,
    /// Why the last change was refused, in words.
    refused: Option<String>,
}

impl ScreeningWindow {
    /// Shows the window.
    pub fn open(&mut self) {
        self.open = true;
    }

    /// The window shows.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The field being typed in, if any, lets go: its undo step is committed.
    pub fn finish_editing(&mut self) -> Vec<Edit> {
        self.fields.finish()
    }

    /// Draws the window when it is open and returns the edits made in it.
    pub fn screening_ui(&mut self, ctx: &egui::Context, doc: &Document) -> Vec<Edit> {
        if !self.open {
            return Vec::new();
        }
        let mut edits = Vec::new();
        let mut open = true;
        egui::Window::new(tr("screening-title"))
            .id(egui::Id::unique("concept screening"))
            .open(&mut open)
            .default_pos(super::matrix::WORKSHOP_WINDOW_AT)
            .resizable(true)
            .show(ctx, |ui| {
                edits = self.fields.finish_if_left(ui);
                self.criteria_ui(ui, doc, &mut edits);
                ui.separator();
                self.table_ui(ui, doc, &mut edits);
                if let Some(refused) = &self.refused {
                    ui.colored_label(ui.visuals().error_fg_color, refused);
                }
            });
        if !open {
            edits.extend(self.fields.finish());
            self.open = false;
        }
        edits
    }

    /// Turns a builder's answer into an edit, or remembers why it was refused.
    fn accept(&mut self, answer: Result<Command, Refusal>, edits: &mut Vec<Edit>) {
        match answer {
            Ok(command) => {
                self.refused = None;
                edits.push(Edit::Execute(command));
            }
            Err(refusal) => self.refused = Some(i18n::refusal(&refusal)),
        }
    }

    /// The criteria: name and weight fields, remove and add buttons, or the defaults.
    fn criteria_ui(&mut self, ui: &mut egui::Ui, doc: &Document, edits: &mut Vec<Edit>) {
        let criteria = &doc.decisions.screening.criteria;
        ui.strong(tr("screening-criteria"));
        if criteria.is_empty() {
            ui.label(tr("screening-no-criteria"));
            if ui.button(tr("screening-use-defaults")).clicked() {
                let defaults = decisions::default_criteria(i18n::current());
                self.accept(decide::set_criteria(doc, defaults), edits);
            }
        }
        egui::Grid::new("screening criteria")
            .num_columns(5)
            .show(ui, |ui| {
                for (index, criterion) in criteria.iter().enumerate() {
                    let number = (index + 1).to_string();
                    let label =
                        ui.label(tr_args("screening-criterion-name", &[("number", &number)]));
                    let widget = ui.make_persistent_id(("criterion name", criterion.id));
                    let mut name = self.fields.text(widget, || criterion.name.clone());
                    let response = ui
                        .add_sized(
                            [NAME_WIDTH, ui.spacing().interact_size.y],
                            egui::TextEdit::singleline(&mut name).id(widget),
                        )
                        .labelled_by(label.id);
                    let (visit, typed) = self.fields.track(&response, widget, &name, STEP);
                    edits.extend(visit);
                    if typed {
                        let mut changed = criteria.clone();
                        changed[index].name = name;
                        self.accept(decide::set_criteria(doc, changed), edits);
                    }
                    let label = ui.label(tr_args("screening-weight-of", &[("number", &number)]));
                    let widget = ui.make_persistent_id(("criterion weight", criterion.id));
                    let mut weight = self.fields.text(widget, || criterion.weight.to_string());
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut weight)
                                .id(widget)
                                .desired_width(48.0),
                        )
                        .labelled_by(label.id);
                    let (visit, typed) = self.fields.track(&response, widget, &weight, STEP);
                    edits.extend(visit);
                    if typed {
                        let mut changed = criteria.clone();
                        match weight.trim().replace(',', ".").parse::<f64>() {
                            Ok(weight) => {
                                changed[index].weight = weight;
                                self.accept(decide::set_criteria(doc, changed), edits);
                            }
                            Err(_) => self.refused = Some(i18n::refusal(&Refusal::BadWeight)),
                        }
                    }
                    let remove = tr_args("screening-remove-criterion", &[("number", &number)]);
                    if ui.button(remove).clicked() {
                        edits.extend(self.fields.finish());
                        let mut changed = criteria.clone();
                        changed.remove(index);
                        self.accept(decide::set_criteria(doc, changed), edits);
                    }
                    ui.end_row();
                }
            });
        if ui.button(tr("screening-add-criterion")).clicked() {
            edits.extend(self.fields.finish());
            let next = criteria.iter().map(|c| c.id.0).max().unwrap_or(0) + 1;
            let mut changed = criteria.clone();
            changed.push(Criterion {
                id: CriterionId(next),
                name: tr("screening-new-criterion").into_owned(),
                weight: 1.0,
            });
            self.accept(decide::set_criteria(doc, changed), edits);
        }
    }

    /// The table: a row per screened card, a score picker per criterion, the
    /// weighted total and the rank.
    fn table_ui(&mut self, ui: &mut egui::Ui, doc: &Document, edits: &mut Vec<Edit>) {
        let rows = decisions::screening_table(doc);
        if rows.is_empty() {
            ui.label(tr("screening-no-cards"));
            return;
        }
        let criteria = &doc.decisions.screening.criteria;
        egui::Grid::new("screening table")
            .num_columns(criteria.len() + 3)
            .striped(true)
            .show(ui, |ui| {
                ui.strong(tr("screening-card"));
                for criterion in criteria {
                    ui.strong(format!(
                        "{} ({} {})",
                        criterion.name,
                        tr("screening-weight"),
                        criterion.weight
                    ));
                }
                ui.strong(tr("screening-total"));
                ui.strong(tr("screening-rank"));
                ui.end_row();
                for row in &rows {
                    let Some(card) = doc.card(row.card) else {
                        continue;
                    };
                    let title = card.title.trim();
                    ui.label(title);
                    for (criterion, score) in criteria.iter().zip(&row.scores) {
                        let spoken = tr_args(
                            "screening-score-of",
                            &[("card", title), ("criterion", criterion.name.trim())],
                        );
                        let mut picked = *score;
                        let shown = picked.map_or_else(
                            || tr("screening-no-score").into_owned(),
                            |value| value.to_string(),
                        );
                        let combo = egui::ComboBox::from_id_salt(("score", row.card, criterion.id))
                            .selected_text(shown)
                            .width(44.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut picked, None, tr("screening-no-score"));
                                for value in 1..=5 {
                                    ui.selectable_value(
                                        &mut picked,
                                        Some(value),
                                        score_text(value),
                                    );
                                }
                            });
                        combo
                            .response
                            .widget_info(|| WidgetInfo::labeled(Role::ComboBox, true, &spoken));
                        if picked != *score {
                            edits.extend(self.fields.finish());
                            let answer = decide::set_score(doc, row.card, criterion.id, picked);
                            self.accept(answer, edits);
                        }
                    }
                    let total = ui.label(format_total(row.total));
                    total.widget_info(|| {
                        let spoken = tr_args("screening-total-of", &[("card", title)]);
                        WidgetInfo::labeled(
                            Role::Label,
                            true,
                            format!("{spoken}: {}", format_total(row.total)),
                        )
                    });
                    let rank = ui.label(row.rank.to_string());
                    rank.widget_info(|| {
                        let spoken = tr_args("screening-rank-of", &[("card", title)]);
                        WidgetInfo::labeled(Role::Label, true, format!("{spoken}: {}", row.rank))
                    });
                    ui.end_row();
                }
            });
    }
}

/// A score as the picker offers it: "4 / 5".
fn score_text(value: u8) -> String {
    format!("{value} / 5")
}

/// A weighted total: whole when it is, else with up to two decimals (a
/// sum of nothing, −0, is written 0).
fn format_total(total: f64) -> String {
    let text = format!("{:.2}", total + 0.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_written_short_and_never_as_minus_zero() {
        let nothing: f64 = std::iter::empty::<f64>().sum();
        assert_eq!(format_total(nothing), "0");
        assert_eq!(format_total(16.0), "16");
        assert_eq!(format_total(10.5), "10.5");
        assert_eq!(format_total(1.0 / 3.0), "0.33");
    }
}
