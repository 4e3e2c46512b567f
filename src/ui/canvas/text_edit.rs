//! Editing text in place: a card's title, a stage, step or lane name, typed where it is drawn.
//!
//! Enter (or clicking elsewhere) commits, Esc cancels. A card added by
//! double-click is created when editing starts, inside an open undo step, so
//! the add and its title are undone together; Esc or an empty title aborts it.
//!
//! A card opened by typing into a selected cell ([`TextEditing::type_into_cell`])
//! takes the keyboard in the frame it opens, so the letters or the input-method
//! composition that opened it are typed into it; Enter then commits it and
//! moves on to the cell below, Tab to the cell of the next step ([`Advance`]).
//! While the input method composes, Enter and Esc belong to the composition
//! (see `ui::ime`): they never reach the field.

use egui::{FontId, Key, Rect, Vec2, vec2};

use crate::ui::i18n::tr;

use super::screen_layout::ScreenLayout;
use crate::edit::{CardField, Command, Edit};
use crate::layout;
use crate::model::{CardId, Document, LaneId, StageId, StepId};

/// What is being renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EditTarget {
    /// A card's title.
    Card(CardId),
    /// A stage's name.
    Stage(StageId),
    /// A step's name.
    Step(StepId),
    /// A lane's name.
    Lane(LaneId),
}

/// Text being typed on the canvas.
#[derive(Clone, Debug)]
pub(crate) struct TextEditing {
    /// What the text names.
    pub target: EditTarget,
    /// The text as typed so far.
    pub text: String,
    /// The text before editing started.
    original: String,
    /// The target was just created in an open undo step: commit closes it, cancel aborts it.
    creating: bool,
    /// Where to draw the field until the target shows up in the layout (a card just added).
    placeholder: Option<layout::Rect>,
    /// Keyboard focus was already given to the field.
    focused: bool,
    /// The target has been seen in the layout (a new card shows up a frame after it is added).
    seen: bool,
    /// A step created with a new stage and named like it, renamed along with it.
    step_named_alike: Option<StepId>,
    /// The card was opened by typing into a selected cell: committing moves on to the next cell.
    typed_into_cell: bool,
    /// What was typed to open the card (text, composition), still to give to the field.
    typed: Vec<egui::Event>,
}

/// Where the cell selection goes after a card typed into a cell is committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Advance {
    /// The cell below (Enter): the next shown lane of the same step.
    Down,
    /// The cell of the next step in the same lane (Tab).
    Next,
}

/// How an edit ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Finish {
    /// Keep the text.
    Commit,
    /// Throw it away.
    Cancel,
}

impl TextEditing {
    /// Renames something that exists.
    pub fn rename(target: EditTarget, current: &str) -> Self {
        Self {
            target,
            text: current.to_owned(),
            original: current.to_owned(),
            creating: false,
            placeholder: None,
            focused: false,
            seen: false,
            step_named_alike: None,
            typed_into_cell: false,
            typed: Vec::new(),
        }
    }

    /// Renames `step` too when the new stage gets its name (a new stage's
    /// first step is named like the stage).
    pub fn with_step_named_alike(mut self, step: StepId) -> Self {
        self.step_named_alike = Some(step);
        self
    }

    /// Names something created in the undo step the caller just began.
    pub fn create(target: EditTarget, initial: &str, placeholder: Option<layout::Rect>) -> Self {
        Self {
            creating: true,
            placeholder,
            ..Self::rename(target, initial)
        }
    }

    /// Names a card created in the undo step the caller just began because the
    /// user started typing into its selected cell; `typed` are the text and
    /// input-method events that started it, which the field receives first.
    pub fn type_into_cell(
        card: CardId,
        placeholder: Option<layout::Rect>,
        typed: Vec<egui::Event>,
    ) -> Self {
        Self {
            typed_into_cell: true,
            typed,
            ..Self::create(EditTarget::Card(card), "", placeholder)
        }
    }

    /// The edits that end this editing session.
    pub fn finish(&self, how: Finish, edits: &mut Vec<Edit>) {
        let text = self.text.trim();
        let keep = how == Finish::Commit && !text.is_empty();
        if self.creating {
            let card = matches!(self.target, EditTarget::Card(_));
            if !keep && card {
                // A card without a title is not worth keeping.
                edits.push(Edit::Abort);
                return;
            }
            if keep && text != self.original {
                edits.push(Edit::Execute(self.rename_command(text)));
                if let Some(step) = self.step_named_alike {
                    edits.push(Edit::Execute(Command::RenameStep {
                        id: step,
                        name: text.to_owned(),
                    }));
                }
            }
            edits.push(if how == Finish::Commit {
                Edit::Commit
            } else {
                Edit::Abort
            });
        } else if keep && text != self.original {
            edits.push(Edit::Execute(self.rename_command(text)));
        }
    }

    fn rename_command(&self, text: &str) -> Command {
        let name = text.to_owned();
        match self.target {
            EditTarget::Card(id) => Command::SetCardField {
                id,
                field: CardField::Title(name),
            },
            EditTarget::Stage(id) => Command::RenameStage { id, name },
            EditTarget::Step(id) => Command::RenameStep { id, name },
            EditTarget::Lane(id) => Command::RenameLane { id, name },
        }
    }

    /// The target still exists (it may vanish when the shell undoes under us).
    fn exists(&self, doc: &Document) -> bool {
        match self.target {
            EditTarget::Card(id) => doc.card(id).is_some(),
            EditTarget::Stage(id) => doc.stage(id).is_some(),
            EditTarget::Step(id) => doc.step(id).is_some(),
            EditTarget::Lane(id) => doc.lane(id).is_some(),
        }
    }

    /// Where the target is drawn this frame.
    fn target_rect(&self, frame: &ScreenLayout<'_>) -> Option<Rect> {
        let layout = frame.layout;
        let shown = match self.target {
            EditTarget::Card(id) => layout.card(id).map(|card| frame.card(card)),
            EditTarget::Stage(id) => layout
                .stages
                .iter()
                .position(|stage| stage.id == id)
                .and_then(|index| frame.stage_header(index)),
            EditTarget::Step(id) => layout
                .columns
                .iter()
                .position(|column| column.step == id)
                .and_then(|column| frame.step_header(column)),
            EditTarget::Lane(id) => layout
                .lanes
                .iter()
                .position(|lane| lane.id == id)
                .and_then(|index| frame.lane_header(index)),
        };
        shown.or_else(|| {
            self.placeholder
                .map(|rect| frame.screen_from_doc_rect(rect))
        })
    }
}

/// Draws the text field of an edit in progress and ends the edit on Enter, Tab, Esc or focus
/// loss. Returns where the cell selection moves when a card typed into a cell was committed.
pub(crate) fn text_edit_ui(
    ui: &mut egui::Ui,
    canvas_id: egui::Id,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    editing: &mut Option<TextEditing>,
    edits: &mut Vec<Edit>,
) -> Option<Advance> {
    let active = editing.as_mut()?;
    let exists = active.exists(doc);
    active.seen |= exists;
    let rect = active.target_rect(frame);
    // A new card may not exist yet (its edits apply after this frame); anything
    // else missing was removed under us, e.g. undone from a menu.
    let (Some(rect), true) = (rect, exists || (active.creating && !active.seen)) else {
        if active.creating {
            edits.push(Edit::Abort);
        }
        *editing = None;
        return None;
    };
    let font_size = (14.0 * frame.zoom()).clamp(13.0, 28.0);
    let field = Rect::from_min_size(rect.min, vec2(rect.width().max(180.0), font_size + 12.0));
    let id = canvas_id.with("text-edit");
    let just_opened = !active.focused;
    if just_opened {
        // The field takes the keyboard before it is drawn, so that what was
        // typed to open it goes into it in this very frame.
        ui.memory_mut(|memory| memory.request_focus(id));
        if active.typed_into_cell {
            crate::ui::ime::hand_over_composition(ui.ctx());
        } else {
            select_all(ui, id, &active.text);
        }
        active.focused = true;
    }
    let typed = std::mem::take(&mut active.typed);
    if !typed.is_empty() {
        ui.input_mut(|input| {
            input.events.splice(0..0, typed);
        });
    }
    let response = ui.put(
        field,
        egui::TextEdit::singleline(&mut active.text)
            .id(id)
            .font(FontId::proportional(font_size))
            .margin(Vec2::splat(4.0))
            // Tab commits the card instead of moving the keyboard to another widget.
            .lock_focus(true)
            .hint_text(tr("canvas-edit-hint")),
    );
    let (enter, tab, escape) = ui.input(|i| {
        (
            i.key_pressed(Key::Enter),
            i.key_pressed(Key::Tab),
            i.key_pressed(Key::Escape),
        )
    });
    if just_opened && !response.has_focus() && !(enter || tab || escape) {
        // The click that opened the field (a double-click beside it) does not close it.
        response.request_focus();
        return None;
    }
    // The field had the keyboard at the start of the frame (it takes it when it
    // opens): without it now, Enter, Esc or a click elsewhere ended the edit.
    let how = if !response.has_focus() {
        if escape {
            Finish::Cancel
        } else {
            Finish::Commit
        }
    } else if response.has_focus() && tab {
        Finish::Commit
    } else {
        return None;
    };
    active.finish(how, edits);
    let advance = if !active.typed_into_cell || how == Finish::Cancel {
        None
    } else if tab {
        Some(Advance::Next)
    } else if enter {
        Some(Advance::Down)
    } else {
        None
    };
    *editing = None;
    advance
}

/// Selects the whole text so that typing replaces it.
fn select_all(ui: &egui::Ui, id: egui::Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ui.ctx(), id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_card_without_title_is_aborted() {
        let mut edits = Vec::new();
        let mut editing = TextEditing::create(EditTarget::Card(CardId(4)), "", None);
        editing.text = "   ".into();
        editing.finish(Finish::Commit, &mut edits);
        assert_eq!(edits, vec![Edit::Abort]);
    }

    #[test]
    fn a_new_card_gets_its_title_in_the_same_step() {
        let mut edits = Vec::new();
        let mut editing = TextEditing::create(EditTarget::Card(CardId(4)), "", None);
        editing.text = " 查找充电桩 ".into();
        editing.finish(Finish::Commit, &mut edits);
        assert_eq!(
            edits,
            vec![
                Edit::Execute(Command::SetCardField {
                    id: CardId(4),
                    field: CardField::Title("查找充电桩".into()),
                }),
                Edit::Commit,
            ]
        );
    }

    #[test]
    fn renaming_to_the_same_name_or_cancelling_does_nothing() {
        let mut edits = Vec::new();
        let editing = TextEditing::rename(EditTarget::Lane(LaneId(1)), "Guest");
        editing.finish(Finish::Commit, &mut edits);
        let mut changed = editing.clone();
        changed.text = "Host".into();
        changed.finish(Finish::Cancel, &mut edits);
        assert!(edits.is_empty());
        changed.finish(Finish::Commit, &mut edits);
        assert_eq!(
            edits,
            vec![Edit::Execute(Command::RenameLane {
                id: LaneId(1),
                name: "Host".into(),
            })]
        );
    }

    #[test]
    fn a_new_stage_keeps_its_default_name_on_commit_and_goes_on_cancel() {
        let editing = TextEditing::create(EditTarget::Stage(StageId(2)), "New stage", None);
        let mut edits = Vec::new();
        editing.finish(Finish::Commit, &mut edits);
        assert_eq!(edits, vec![Edit::Commit]);
        edits.clear();
        editing.finish(Finish::Cancel, &mut edits);
        assert_eq!(edits, vec![Edit::Abort]);
    }
}
