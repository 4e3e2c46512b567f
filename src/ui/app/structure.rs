//! Structure editing: adding and deleting stages, steps and lanes, what each delete takes with it, and the step or lane just added that later commands act on.

use crate::edit::{Edit, ops};
use crate::model::LaneKind;

use super::{AddedTarget, StagemapApp};
use crate::ui::command::UiCommand;
use crate::ui::i18n::{tr, tr_args};
use crate::ui::inspector::CellTarget;

impl StagemapApp {
    /// The step and lane the structure commands and the inspector act on: the
    /// ones just added until another cell is clicked, else the cell's; only
    /// those the map still holds.
    pub(super) fn structure_target(&self) -> CellTarget {
        let cell = self.canvas.target_cell();
        let target = match self.added {
            Some(added) if added.since == cell => added.target,
            _ => CellTarget {
                step: cell.map(|(step, _)| step),
                lane: cell.map(|(_, lane)| lane),
            },
        };
        let doc = self.document.doc();
        CellTarget {
            step: target.step.filter(|id| doc.step(*id).is_some()),
            lane: target.lane.filter(|id| doc.lane(*id).is_some()),
        }
    }

    /// What the inspector shows when no card is selected: the lane whose
    /// header was clicked, alone, unless a step or lane was added since; else
    /// the [structure target](Self::structure_target).
    pub(super) fn inspector_target(&self) -> CellTarget {
        let added_since = self
            .added
            .is_some_and(|added| added.since == self.canvas.target_cell());
        match self.canvas.selected_lane() {
            Some(lane) if !added_since => CellTarget {
                step: None,
                lane: Some(lane),
            },
            _ => self.structure_target(),
        }
    }

    /// Acts on `target` (a step or lane just added) until another cell is clicked.
    pub(super) fn focus_added(&mut self, target: CellTarget) {
        self.added = Some(AddedTarget {
            since: self.canvas.target_cell(),
            target,
        });
    }

    /// Name, availability and explanation of a structure command as it stands now.
    pub(super) fn structure_look(&self, command: UiCommand) -> (bool, Option<String>) {
        let doc = self.document.doc();
        let target = self.structure_target();
        let step = target.step.and_then(|id| doc.step(id));
        let stage = target.step.and_then(|id| doc.stage_of_step(id));
        let lane = target.lane.and_then(|id| doc.lane(id));
        match command {
            UiCommand::AddStep => (step.is_some(), None),
            UiCommand::DeleteStage => match stage {
                Some(stage) => {
                    let taken = ops::stage_delete_takes(doc, stage.id);
                    let tip = tr_args(
                        "delete-stage-what",
                        &[
                            ("name", &stage.name),
                            ("steps", &stage.steps.len().to_string()),
                            ("cards", &taken.cards.to_string()),
                            ("arrows", &taken.connectors.to_string()),
                        ],
                    );
                    (true, Some(tip))
                }
                None => (false, Some(tr("no-target-cell").into_owned())),
            },
            UiCommand::DeleteStep => match (step, stage) {
                (Some(step), Some(stage)) if stage.steps.len() == 1 => (
                    false,
                    Some(tr_args("delete-step-last", &[("name", &step.name)])),
                ),
                (Some(step), _) => {
                    let taken = ops::step_delete_takes(doc, step.id);
                    let tip = tr_args(
                        "delete-step-what",
                        &[
                            ("name", &step.name),
                            ("cards", &taken.cards.to_string()),
                            ("arrows", &taken.connectors.to_string()),
                        ],
                    );
                    (true, Some(tip))
                }
                _ => (false, Some(tr("no-target-cell").into_owned())),
            },
            UiCommand::DeleteLane => match lane {
                Some(lane) => {
                    let taken = ops::lane_delete_takes(doc, lane.id);
                    let tip = tr_args(
                        "delete-lane-what",
                        &[
                            ("name", &lane.name),
                            ("cards", &taken.cards.to_string()),
                            ("arrows", &taken.connectors.to_string()),
                        ],
                    );
                    (true, Some(tip))
                }
                None => (false, Some(tr("no-target-cell").into_owned())),
            },
            _ => (true, None),
        }
    }

    /// Runs a command that adds or deletes a step, stage or lane.
    pub(super) fn run_structure_command(&mut self, command: UiCommand) {
        let target = self.structure_target();
        let doc = self.document.doc();
        match command {
            UiCommand::AddStage => {
                let name = tr("new-stage-name");
                let step = doc.next_step_id();
                let edit = ops::add_stage(doc, doc.stages.len(), &name);
                if self.apply_edit(Edit::Execute(edit)) {
                    self.focus_added(CellTarget {
                        step: Some(step),
                        lane: target.lane,
                    });
                }
            }
            UiCommand::AddStep => {
                let Some(step) = target.step else {
                    return;
                };
                let (Some(at), Some(stage)) = (doc.step_location(step), doc.stage_of_step(step))
                else {
                    return;
                };
                let number = (stage.steps.len() + 1).to_string();
                let name = tr_args("new-step-name", &[("number", &number)]);
                let new_step = doc.next_step_id();
                let edit = ops::add_step(doc, stage.id, at.step + 1, &name);
                if self.apply_edit(Edit::Execute(edit)) {
                    self.focus_added(CellTarget {
                        step: Some(new_step),
                        lane: target.lane,
                    });
                }
            }
            UiCommand::AddLane => {
                let name = tr("new-lane-name");
                let lane = doc.next_lane_id();
                let step = target
                    .step
                    .or_else(|| doc.columns().next().map(|(_, step)| step.id));
                let edit = ops::add_lane(doc, doc.lanes.len(), &name, LaneKind::Note);
                if self.apply_edit(Edit::Execute(edit)) {
                    self.focus_added(CellTarget {
                        step,
                        lane: Some(lane),
                    });
                }
            }
            UiCommand::DeleteStage => {
                let Some(stage) = target.step.and_then(|id| doc.stage_of_step(id)) else {
                    return;
                };
                let edit = ops::delete_stage(doc, stage.id);
                self.apply_edit(Edit::Execute(edit));
            }
            UiCommand::DeleteStep => {
                let Some(step) = target.step else {
                    return;
                };
                if doc
                    .stage_of_step(step)
                    .is_none_or(|stage| stage.steps.len() < 2)
                {
                    return;
                }
                let edit = ops::delete_step(doc, step);
                self.apply_edit(Edit::Execute(edit));
            }
            UiCommand::DeleteLane => {
                let Some(lane) = target.lane else {
                    return;
                };
                let edit = ops::delete_lane(doc, lane);
                self.apply_edit(Edit::Execute(edit));
            }
            _ => {}
        }
    }
}
