//! The insights panel: what the map tells, read out live — pain points ranked,
//! figures per stage, SERVQUAL and KANO counts, fail points without a recovery,
//! steps without an owner and the flow. Clicking an entry picks its cards.

use crate::insights::Insights;
use crate::model::{CardId, Document, StageId};

use super::i18n::{tr, tr_args};

/// The insights of the map as last computed, kept until the document changes.
#[derive(Debug, Default)]
pub struct InsightsPanel {
    /// The revision the insights were computed for, and the insights.
    cache: Option<(u64, Insights)>,
}

impl InsightsPanel {
    /// Draws the panel for `doc` at `revision` (equal revisions mean equal
    /// documents); returns the cards the user picked: select them and show the first.
    pub fn insights_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        revision: u64,
    ) -> Option<Vec<CardId>> {
        if self
            .cache
            .as_ref()
            .is_none_or(|(seen, _)| *seen != revision)
        {
            self.cache = Some((revision, Insights::of(doc)));
        }
        let (_, insights) = self.cache.as_ref()?;
        let mut picked = None;
        ui.heading(tr("insights-title"));
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                pain_points_ui(ui, doc, insights, &mut picked);
                stages_ui(ui, insights);
                measures_ui(ui, insights);
                servqual_kano_ui(ui, insights);
                gaps_ui(ui, doc, insights, &mut picked);
                flow_ui(ui, insights, &mut picked);
            });
        picked
    }
}

/// The name of a stage, or a dash when the card's step is missing.
fn stage_name(doc: &Document, stage: Option<StageId>) -> String {
    stage
        .and_then(|id| doc.stage(id))
        .map_or_else(|| "-".to_owned(), |stage| stage.name.clone())
}

/// A number with at most two decimals and no trailing zeros, or a dash.
fn number(value: Option<f64>) -> String {
    value.map_or_else(
        || "-".to_owned(),
        |value| {
            let text = format!("{value:.2}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            // A tiny negative average rounds to "-0": show it as 0.
            if text == "-0" {
                "0".to_owned()
            } else {
                text.to_owned()
            }
        },
    )
}

/// A clickable line naming cards; its accessible name is `name`.
fn entry_ui(
    ui: &mut egui::Ui,
    text: &str,
    name: &str,
    cards: Vec<CardId>,
    picked: &mut Option<Vec<CardId>>,
) {
    let response = ui
        .add(egui::Button::new(text).frame(false).wrap())
        .on_hover_text(tr("insights-entry-tip"));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, name));
    if response.clicked() {
        *picked = Some(cards);
    }
}

fn pain_points_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    insights: &Insights,
    picked: &mut Option<Vec<CardId>>,
) {
    let count = insights.pain_points.len().to_string();
    egui::CollapsingHeader::new(tr_args("insights-pain-points", &[("count", &count)]))
        .id_salt("insights pain points")
        .default_open(true)
        .show(ui, |ui| {
            if insights.pain_points.is_empty() {
                ui.label(tr("insights-none"));
            }
            for (rank, point) in insights.pain_points.iter().enumerate() {
                let rank = (rank + 1).to_string();
                let emotion = number(point.emotion);
                let stage = stage_name(doc, point.stage);
                let critical = if point.on_critical_path {
                    tr("insights-on-critical-path").into_owned()
                } else {
                    String::new()
                };
                let args = [
                    ("rank", rank.as_str()),
                    ("title", point.title.as_str()),
                    ("emotion", emotion.as_str()),
                    ("stage", stage.as_str()),
                    ("critical", critical.as_str()),
                ];
                entry_ui(
                    ui,
                    &tr_args("insights-pain-entry", &args),
                    &tr_args("insights-pain-entry-name", &args),
                    vec![point.card],
                    picked,
                );
            }
        });
}

fn stages_ui(ui: &mut egui::Ui, insights: &Insights) {
    egui::CollapsingHeader::new(tr("insights-per-stage"))
        .id_salt("insights per stage")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("insights stage counts")
                .num_columns(7)
                .striped(true)
                .show(ui, |ui| {
                    for key in [
                        "insights-stage",
                        "insights-cards",
                        "insights-pain",
                        "insights-fail",
                        "insights-wait",
                        "insights-mot",
                        "insights-emotion",
                    ] {
                        ui.strong(tr(key));
                    }
                    ui.end_row();
                    for stage in &insights.stages {
                        ui.label(stage.name.as_str());
                        for value in [
                            stage.cards,
                            stage.pain_points,
                            stage.fail_points,
                            stage.wait_points,
                            stage.moments_of_truth,
                        ] {
                            ui.label(value.to_string());
                        }
                        ui.label(number(stage.emotion_average));
                        ui.end_row();
                    }
                });
        });
}

fn measures_ui(ui: &mut egui::Ui, insights: &Insights) {
    let given = insights.stages.iter().any(|stage| {
        stage.nps_average.is_some() || stage.csat_average.is_some() || stage.ces_average.is_some()
    });
    egui::CollapsingHeader::new(tr("insights-measures"))
        .id_salt("insights measures")
        .default_open(true)
        .show(ui, |ui| {
            if !given {
                ui.label(tr("insights-none"));
                return;
            }
            egui::Grid::new("insights measures grid")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for key in [
                        "insights-stage",
                        "insights-nps",
                        "insights-csat",
                        "insights-ces",
                    ] {
                        ui.strong(tr(key));
                    }
                    ui.end_row();
                    for stage in &insights.stages {
                        ui.label(stage.name.as_str());
                        for value in [stage.nps_average, stage.csat_average, stage.ces_average] {
                            ui.label(number(value));
                        }
                        ui.end_row();
                    }
                });
        });
}

fn servqual_kano_ui(ui: &mut egui::Ui, insights: &Insights) {
    egui::CollapsingHeader::new(tr("insights-servqual"))
        .id_salt("insights servqual")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("insights servqual grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for (dimension, count) in &insights.servqual {
                        ui.label(tr(&format!("servqual-{}", dimension.as_str())));
                        ui.label(count.to_string());
                        ui.end_row();
                    }
                    ui.label(tr("insights-servqual-none"));
                    ui.label(insights.pain_without_servqual.to_string());
                    ui.end_row();
                });
        });
    egui::CollapsingHeader::new(tr("insights-kano"))
        .id_salt("insights kano")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("insights kano grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for (category, count) in &insights.kano {
                        ui.label(tr(&format!("kano-{}", category.as_str())));
                        ui.label(count.to_string());
                        ui.end_row();
                    }
                });
        });
}

fn gaps_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    insights: &Insights,
    picked: &mut Option<Vec<CardId>>,
) {
    let count = insights.fail_without_recovery.len().to_string();
    egui::CollapsingHeader::new(tr_args(
        "insights-fail-without-recovery",
        &[("count", &count)],
    ))
    .id_salt("insights fail without recovery")
    .default_open(true)
    .show(ui, |ui| {
        if insights.fail_without_recovery.is_empty() {
            ui.label(tr("insights-none"));
        }
        for &id in &insights.fail_without_recovery {
            let Some(card) = doc.card(id) else {
                continue;
            };
            let args = [("title", card.title.as_str())];
            entry_ui(
                ui,
                &card.title,
                &tr_args("insights-fail-entry-name", &args),
                vec![id],
                picked,
            );
        }
    });
    let count = insights.steps_without_owner.len().to_string();
    egui::CollapsingHeader::new(tr_args(
        "insights-steps-without-owner",
        &[("count", &count)],
    ))
    .id_salt("insights steps without owner")
    .default_open(true)
    .show(ui, |ui| {
        if insights.steps_without_owner.is_empty() {
            ui.label(tr("insights-none"));
        }
        for &id in &insights.steps_without_owner {
            let (Some(step), Some(stage)) = (doc.step(id), doc.stage_of_step(id)) else {
                continue;
            };
            let cards = doc
                .cards
                .iter()
                .filter(|card| card.step == id)
                .map(|card| card.id)
                .collect();
            let args = [("step", step.name.as_str()), ("stage", stage.name.as_str())];
            entry_ui(
                ui,
                &tr_args("insights-step-entry", &args),
                &tr_args("insights-step-entry-name", &args),
                cards,
                picked,
            );
        }
    });
}

fn flow_ui(ui: &mut egui::Ui, insights: &Insights, picked: &mut Option<Vec<CardId>>) {
    egui::CollapsingHeader::new(tr("insights-flow"))
        .id_salt("insights flow")
        .default_open(true)
        .show(ui, |ui| {
            let flow = &insights.flow;
            ui.label(tr_args(
                "insights-elapsed",
                &[
                    ("elapsed", &human_minutes(flow.elapsed_minutes)),
                    ("waiting", &human_minutes(flow.waiting_minutes)),
                    ("share", &format!("{:.0}", 100.0 * flow.waiting_share())),
                ],
            ));
            if !flow.critical_path.is_empty() {
                let count = flow.critical_path.len().to_string();
                let text = tr_args("insights-critical-path", &[("count", &count)]);
                entry_ui(ui, &text, &text, flow.critical_path.clone(), picked);
            }
        });
}

/// Minutes in human units, in the UI language: "10 d 15 h 42 min", "10天15小时42分钟".
pub(crate) fn human_minutes(minutes: u64) -> String {
    crate::scene::words::format_minutes(minutes, crate::ui::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_show_at_most_two_decimals_without_trailing_zeros() {
        assert_eq!(number(Some(3.5 / 3.0)), "1.17");
        assert_eq!(number(Some(-0.5)), "-0.5");
        assert_eq!(number(Some(20.0)), "20");
        assert_eq!(number(Some(-0.001)), "0");
        assert_eq!(number(None), "-");
    }
}
