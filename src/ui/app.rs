//! The editor application: saved settings apart from runtime state, panels drawn each frame, and the side effects they ask for run afterwards.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::edit::{Edit, ops};
use crate::format::LoadError;
use crate::model::{Card, Document, LaneId, LaneKind, StepId};
use crate::recovery::{Autosave, Recovered, RecoveryFolder};
use crate::samples::{self, Template};

use super::canvas::{CanvasState, LayerPreset, canvas_ui};
use super::clipboard::ClipboardCards;
use super::command::UiCommand;
use super::dialogs::{
    self, ConflictAnswer, NewMapAnswer, RestoreAnswer, RestoreEntry, SaveFailedAnswer,
    UnsavedAnswer,
};
use super::document::{OpenDocument, with_map_extension};
use super::export::{ExportDialog, ExportRequest};
use super::files::{DialogKind, FileAnswer, FileChooser, FilePurpose};
use super::fonts;
use super::i18n::{self, Language, step_name, tr, tr_args};
use super::insights::InsightsPanel;
use super::inspector::{CellTarget, Inspector};
use super::menu::menu_bar_ui;
use super::palette::{CommandLook, Palette};
use super::personas::PersonaPanel;
use super::settings::{self as preferences, Settings, ThemeChoice};

/// What the window shows when it opens.
#[derive(Clone, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "made once, when the window opens"
)]
pub enum Startup {
    /// The built-in sample map (the hotel-stay blueprint).
    Sample,
    /// A document that has no file yet.
    Document(Document),
    /// A map file; if it cannot be read, the error is shown over an empty map.
    File(PathBuf),
    /// A recovery file left by an editor no longer running, taken over by
    /// this window; the other recovery files are not offered here.
    Recover(PathBuf),
}

/// Choices made by whoever starts the editor, not by the user.
#[derive(Clone, Debug)]
pub struct AppOptions {
    /// Settings to use instead of the saved ones (tests pass fixed settings).
    pub settings: Option<Settings>,
    /// Which kind of file dialog to use first.
    pub dialogs: DialogKind,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            settings: None,
            dialogs: DialogKind::System,
        }
    }
}

/// Something a panel asked for during the frame; run after all panels are drawn.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "a few per frame, run and dropped at its end"
)]
pub enum Effect {
    /// Run a user command.
    Run(UiCommand),
    /// Apply an edit to the document.
    Edit(Edit),
    /// Start a new map, from a template or blank (asks about unsaved changes first).
    NewMap(Option<&'static Template>),
    /// Open a map file (asks about unsaved changes first).
    OpenPath(PathBuf),
    /// Paste clipboard text, if it holds cards.
    PasteText(String),
    /// The user answered a file dialog.
    FileChosen(FileAnswer),
    /// The user answered the unsaved-changes prompt.
    Unsaved(UnsavedAnswer),
    /// The user answered the message of a failed save.
    SaveFailed(SaveFailedAnswer),
    /// The user answered the warning that the file changed on disk.
    Conflict(ConflictAnswer),
    /// The user confirmed (`true`) or refused reloading the file, losing the changes.
    Reload(bool),
    /// The user answered the offer of a map found in a recovery file.
    Restore(RestoreAnswer),
    /// The export dialog asked for something.
    Export(ExportRequest),
}

/// The side effects of one frame, run once the panels are drawn.
#[must_use = "the effects of a frame must be run"]
#[derive(Debug, Default)]
pub struct Effects(pub Vec<Effect>);

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug)]
enum Continuation {
    /// Replace the map with a new one.
    NewMap(Option<&'static Template>),
    /// Open a file, or ask which one.
    Open(Option<PathBuf>),
    /// Close the window.
    Close,
}

/// A dialog over the window that waits for an answer.
#[derive(Clone, Debug)]
enum Modal {
    /// "Save changes first?" before going on with the continuation.
    Unsaved(Continuation),
    /// Which template a new map starts from.
    NewMap,
    /// A save failed: why, with Save As offered; what was to follow the save.
    SaveFailed {
        /// The error, in the UI language.
        message: String,
        /// What was to happen once saved.
        next: Option<Continuation>,
    },
    /// The file changed on disk since it was opened or saved: reload, save
    /// elsewhere, overwrite or cancel; what was to follow the save.
    Conflict(PathBuf, Option<Continuation>),
    /// Reloading the file discards the changes: sure?
    ConfirmReload(PathBuf),
    /// The first of the restore offers: restore, discard or later?
    Restore,
}

/// A step or lane just added, which the structure commands and the inspector
/// act on until another cell is clicked.
#[derive(Clone, Copy, Debug)]
struct AddedTarget {
    /// The canvas's target cell when it was added.
    since: Option<(StepId, LaneId)>,
    /// What to act on meanwhile.
    target: CellTarget,
}

/// The Stagemap editor.
pub struct StagemapApp {
    /// Saved between runs.
    settings: Settings,
    /// The map being edited.
    document: OpenDocument,
    /// Pan, zoom, selection of the canvas.
    canvas: CanvasState,
    /// The field being typed in.
    inspector: Inspector,
    /// The stage, step or lane just added, kept until another cell is clicked.
    added: Option<AddedTarget>,
    /// What the map tells, kept until the map changes.
    insights: InsightsPanel,
    /// The insights panel is shown.
    insights_shown: bool,
    /// The persona being edited.
    personas: PersonaPanel,
    /// The persona panel is shown.
    personas_shown: bool,
    /// The open file dialog, if any.
    files: FileChooser,
    /// The export dialog and the export it runs.
    export: ExportDialog,
    /// The command palette.
    palette: Palette,
    /// The dialog waiting for an answer.
    modal: Option<Modal>,
    /// Errors waiting to be acknowledged, oldest first.
    errors: Vec<String>,
    /// What to do once the pending save succeeds.
    after_save: Option<Continuation>,
    /// A short message in the status bar.
    status: Option<String>,
    /// The user agreed to close the window.
    close_confirmed: bool,
    /// The title last sent to the window.
    shown_title: Option<String>,
    /// The language of the system locale, read once at start.
    system_language: Language,
    /// The theme last applied.
    applied_theme: Option<ThemeChoice>,
    /// Where unsaved changes are kept against a crash; `None` keeps none.
    recovery: Option<RecoveryFolder>,
    /// The recovery file of the open map.
    autosave: Autosave,
    /// The revision of the map last written to the recovery file.
    autosaved_revision: Option<u64>,
    /// When (in egui's time, seconds) the map last had no unsaved changes
    /// or was last written to the recovery file.
    autosave_clock: f64,
    /// Maps found in recovery files at start, still to be offered.
    restore_offers: Vec<Recovered>,
    /// A recovered map was opened in this window: more open in new windows.
    restored_here: bool,
    /// The preferences window is open.
    preferences_open: bool,
}

impl StagemapApp {
    /// Creates the editor on what `startup` names.
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup, options: AppOptions) -> Self {
        fonts::install(&cc.egui_ctx);
        super::ime::install(&cc.egui_ctx);
        let settings = options.settings.unwrap_or_else(|| {
            cc.storage
                .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
                .unwrap_or_default()
        });
        let system_language = Language::from_system();
        i18n::set_current(settings.effective_language(system_language));
        let mut errors = Vec::new();
        let mut settings = settings;
        let mut autosave = Autosave::default();
        let restored_here = matches!(startup, Startup::Recover(_));
        let document = match startup {
            Startup::Sample => OpenDocument::new_unsaved(samples::sample()),
            Startup::Document(doc) => OpenDocument::new_unsaved(doc),
            Startup::File(path) => match OpenDocument::open(&path) {
                Ok(document) => {
                    settings.remember_file(&path);
                    document
                }
                Err(error) => {
                    errors.push(load_error_text(&error));
                    OpenDocument::new_unsaved(blank_map())
                }
            },
            Startup::Recover(path) => match Autosave::claim(&path) {
                Ok((claimed, recovered)) => {
                    autosave = claimed;
                    OpenDocument::restored(recovered.document, recovered.original)
                }
                Err(error) => {
                    errors.push(error.to_string());
                    OpenDocument::new_unsaved(blank_map())
                }
            },
        };
        Self {
            settings,
            document,
            canvas: CanvasState::default(),
            inspector: Inspector::default(),
            added: None,
            insights: InsightsPanel::default(),
            insights_shown: false,
            personas: PersonaPanel::default(),
            personas_shown: false,
            files: FileChooser::new(options.dialogs),
            export: ExportDialog::default(),
            palette: Palette::default(),
            modal: None,
            errors,
            after_save: None,
            status: None,
            close_confirmed: false,
            shown_title: None,
            system_language,
            applied_theme: None,
            recovery: None,
            autosave,
            autosaved_revision: None,
            autosave_clock: 0.0,
            restore_offers: Vec::new(),
            restored_here,
            preferences_open: false,
        }
    }

    /// Keeps unsaved changes in recovery files in `folder`, and offers to
    /// restore the maps that recovery files there hold, left by editors no
    /// longer running (after a crash); the files of running editors, and
    /// unreadable ones, are left alone. A window started on a recovered map
    /// offers none: the window that opened it offers the others.
    #[must_use]
    pub fn with_recovery(mut self, folder: RecoveryFolder) -> Self {
        if !self.restored_here {
            self.restore_offers = folder
                .recoverable()
                .into_iter()
                .filter_map(Result::ok)
                .collect();
        }
        self.recovery = Some(folder);
        self
    }

    /// The map being edited.
    pub fn document(&self) -> &Document {
        self.document.doc()
    }

    /// The file the map belongs to, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.document.path.as_deref()
    }

    /// The map has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.document.is_dirty()
    }

    /// The window title as last sent to the window.
    pub fn window_title(&self) -> Option<&str> {
        self.shown_title.as_deref()
    }

    /// The current settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The user agreed to close the window (or there was nothing to lose).
    pub fn close_confirmed(&self) -> bool {
        self.close_confirmed
    }

    /// The step and lane the structure commands and the inspector act on: the
    /// ones just added until another cell is clicked, else the cell's; only
    /// those the map still holds.
    fn structure_target(&self) -> CellTarget {
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

    /// Acts on `target` (a step or lane just added) until another cell is clicked.
    fn focus_added(&mut self, target: CellTarget) {
        self.added = Some(AddedTarget {
            since: self.canvas.target_cell(),
            target,
        });
    }

    /// Name, availability and explanation of a structure command as it stands now.
    fn structure_look(&self, command: UiCommand) -> (bool, Option<String>) {
        let doc = self.document.doc();
        let target = self.structure_target();
        let step = target.step.and_then(|id| doc.step(id));
        let stage = target.step.and_then(|id| doc.stage_of_step(id));
        let lane = target.lane.and_then(|id| doc.lane(id));
        match command {
            UiCommand::AddStep => (step.is_some(), None),
            UiCommand::DeleteStage => match stage {
                Some(stage) => {
                    let steps: Vec<StepId> = stage.steps.iter().map(|step| step.id).collect();
                    let (cards, arrows) = going_with(doc, |card| steps.contains(&card.step));
                    let tip = tr_args(
                        "delete-stage-what",
                        &[
                            ("name", &stage.name),
                            ("steps", &steps.len().to_string()),
                            ("cards", &cards.to_string()),
                            ("arrows", &arrows.to_string()),
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
                    let (cards, arrows) = going_with(doc, |card| card.step == step.id);
                    let tip = tr_args(
                        "delete-step-what",
                        &[
                            ("name", &step.name),
                            ("cards", &cards.to_string()),
                            ("arrows", &arrows.to_string()),
                        ],
                    );
                    (true, Some(tip))
                }
                _ => (false, Some(tr("no-target-cell").into_owned())),
            },
            UiCommand::DeleteLane => match lane {
                Some(lane) => {
                    let (cards, arrows) = going_with(doc, |card| card.lane == lane.id);
                    let tip = tr_args(
                        "delete-lane-what",
                        &[
                            ("name", &lane.name),
                            ("cards", &cards.to_string()),
                            ("arrows", &arrows.to_string()),
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
    fn run_structure_command(&mut self, command: UiCommand) {
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

    fn any_dialog_open(&self) -> bool {
        self.modal.is_some()
            || !self.errors.is_empty()
            || self.files.is_open()
            || self.palette.is_open()
            || self.export.is_open()
    }

    /// Name, availability and tick of a command as it stands now.
    fn look(&self, command: UiCommand) -> CommandLook {
        let history = self.document.session.history();
        let language = self.settings.effective_language(self.system_language);
        let mut tooltip = None;
        let (label, enabled, checked) = match command {
            UiCommand::Undo => match history.undo_label() {
                Some(label) => (
                    tr_args("cmd-undo-step", &[("step", &step_name(label))]),
                    true,
                    None,
                ),
                None => (command.label().into_owned(), false, None),
            },
            UiCommand::Redo => match history.redo_label() {
                Some(label) => (
                    tr_args("cmd-redo-step", &[("step", &step_name(label))]),
                    true,
                    None,
                ),
                None => (command.label().into_owned(), false, None),
            },
            UiCommand::Cut | UiCommand::Copy | UiCommand::Duplicate => (
                command.label().into_owned(),
                !self.canvas.selected_cards().is_empty(),
                None,
            ),
            UiCommand::Delete => (
                command.label().into_owned(),
                !self.canvas.selected_cards().is_empty()
                    || self.canvas.selected_connector().is_some(),
                None,
            ),
            UiCommand::SelectAll => (
                command.label().into_owned(),
                !self.document.doc().cards.is_empty(),
                None,
            ),
            UiCommand::AddCard => (
                command.label().into_owned(),
                self.canvas.target_cell().is_some(),
                None,
            ),
            UiCommand::AddStep
            | UiCommand::DeleteStage
            | UiCommand::DeleteStep
            | UiCommand::DeleteLane => {
                let (enabled, tip) = self.structure_look(command);
                tooltip = tip;
                (command.label().into_owned(), enabled, None)
            }
            UiCommand::LayersAll
            | UiCommand::LayersUpToBackstage
            | UiCommand::LayersFrontstageOnly => (
                command.label().into_owned(),
                true,
                Some(layer_preset(command) == Some(self.canvas.layers())),
            ),
            UiCommand::ToggleInspector => (
                command.label().into_owned(),
                true,
                Some(!self.settings.inspector_hidden),
            ),
            UiCommand::ToggleInsights => (
                command.label().into_owned(),
                true,
                Some(self.insights_shown),
            ),
            UiCommand::TogglePersonas => (
                command.label().into_owned(),
                true,
                Some(self.personas_shown),
            ),
            UiCommand::UseEnglish => (
                command.label().into_owned(),
                true,
                Some(language == Language::English),
            ),
            UiCommand::UseChinese => (
                command.label().into_owned(),
                true,
                Some(language == Language::Chinese),
            ),
            UiCommand::ThemeSystem | UiCommand::ThemeLight | UiCommand::ThemeDark => {
                let theme = match command {
                    UiCommand::ThemeLight => ThemeChoice::Light,
                    UiCommand::ThemeDark => ThemeChoice::Dark,
                    _ => ThemeChoice::System,
                };
                (
                    command.label().into_owned(),
                    true,
                    Some(self.settings.theme == theme),
                )
            }
            _ => (command.label().into_owned(), true, None),
        };
        CommandLook {
            label,
            enabled,
            checked,
            tooltip,
        }
    }

    /// Makes the language and theme of the settings current.
    fn apply_settings(&mut self, ctx: &egui::Context) {
        let language = self.settings.effective_language(self.system_language);
        i18n::set_current(language);
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
    }

    /// Input the window itself handles: shortcuts, pasted text, dropped files, the close button.
    fn window_input(&mut self, ctx: &egui::Context, effects: &mut Effects) {
        if ctx.input(|input| input.viewport().close_requested())
            && !self.close_confirmed
            && self.document.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            effects.0.push(Effect::Run(UiCommand::Quit));
        }
        if let Some(answer) = self.files.poll() {
            effects.0.push(Effect::FileChosen(answer));
        }
        if self.any_dialog_open() {
            return;
        }
        effects.0.extend(
            UiCommand::consume_shortcuts(
                ctx,
                self.canvas.is_busy(),
                self.canvas.letters_add_a_card(),
            )
            .into_iter()
            .map(Effect::Run),
        );
        if !ctx.text_edit_focused() {
            let pasted = ctx.input(|input| {
                input
                    .events
                    .iter()
                    .filter_map(|event| match event {
                        egui::Event::Paste(text) => Some(text.clone()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            });
            effects.0.extend(pasted.into_iter().map(Effect::PasteText));
        }
        let dropped = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .find(|path| !path.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            effects.0.push(Effect::OpenPath(path));
        }
    }

    /// Draws every panel and dialog; returns what they asked for.
    fn panels_ui(&mut self, ui: &mut egui::Ui) -> Effects {
        let mut effects = Vec::new();
        let ctx = ui.ctx().clone();
        egui::Panel::top("menu bar").show(ui, |ui| {
            menu_bar_ui(
                ui,
                &|command| self.look(command),
                &self.settings.recent_files,
                &mut effects,
            );
        });
        egui::Panel::bottom("status bar").show(ui, |ui| self.status_bar_ui(ui));
        if !self.settings.inspector_hidden {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(300.0)
                .min_size(220.0)
                .show(ui, |ui| {
                    let selection = self.canvas.selected_cards();
                    let target = self.structure_target();
                    let edits =
                        self.inspector
                            .inspector_ui(ui, self.document.doc(), &selection, target);
                    // Typing moved here from a persona field: that field's step ends first.
                    if edits.iter().any(|edit| matches!(edit, Edit::Begin(_))) {
                        effects
                            .extend(self.personas.finish_editing().into_iter().map(Effect::Edit));
                    }
                    effects.extend(edits.into_iter().map(Effect::Edit));
                });
        }
        if self.personas_shown {
            egui::Panel::left("personas")
                .resizable(true)
                .default_size(260.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    let folder = self.document.path.as_deref().and_then(Path::parent);
                    let edits = self.personas.personas_ui(ui, self.document.doc(), folder);
                    if edits.iter().any(|edit| matches!(edit, Edit::Begin(_))) {
                        effects.extend(
                            self.inspector
                                .finish_editing()
                                .into_iter()
                                .map(Effect::Edit),
                        );
                    }
                    effects.extend(edits.into_iter().map(Effect::Edit));
                });
        }
        if self.insights_shown {
            egui::Panel::left("insights")
                .resizable(true)
                .default_size(300.0)
                .min_size(220.0)
                .show(ui, |ui| {
                    let revision = self.document.session.history().revision();
                    if let Some(cards) =
                        self.insights.insights_ui(ui, self.document.doc(), revision)
                    {
                        self.canvas.select_cards(&cards);
                        if let Some(&first) = cards.first() {
                            self.canvas.center_on_card(first);
                        }
                    }
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let revision = self.document.session.history().revision();
            // Card pictures are found next to the map file (none while it has no file).
            let folder = self.document.path.as_deref().and_then(Path::parent);
            self.canvas.set_base_folder(folder.map(Path::to_owned));
            let edits = canvas_ui(ui, self.document.doc(), revision, &mut self.canvas);
            effects.extend(edits.into_iter().map(Effect::Edit));
        });
        self.dialogs_ui(&ctx, &mut effects);
        drop_hint_ui(&ctx);
        Effects(effects)
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let saved = if self.document.is_dirty() {
                tr("status-unsaved")
            } else {
                tr("status-saved")
            };
            ui.label(saved);
            ui.separator();
            let doc = self.document.doc();
            ui.label(tr_args(
                "status-counts",
                &[
                    ("stages", &doc.stages.len().to_string()),
                    ("lanes", &doc.lanes.len().to_string()),
                    ("cards", &doc.cards.len().to_string()),
                ],
            ));
            ui.separator();
            ui.label(tr_args(
                "status-zoom",
                &[("percent", &format!("{:.0}", self.canvas.zoom() * 100.0))],
            ));
            if let Some(status) = &self.status {
                ui.separator();
                ui.label(status.as_str());
            }
        });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, effects: &mut Vec<Effect>) {
        let name = self.document.display_name();
        let map = self.document.export_source(&name);
        if let Some(request) = self.export.ui(ctx, map, &mut self.settings.export) {
            effects.push(Effect::Export(request));
        }
        if let Some(answer) = self.files.prompt_ui(ctx) {
            effects.push(Effect::FileChosen(answer));
        }
        if self.modal.is_none() && !self.restore_offers.is_empty() {
            self.modal = Some(Modal::Restore);
        }
        match &self.modal {
            Some(Modal::Unsaved(_)) => {
                if let Some(answer) =
                    dialogs::unsaved_changes_ui(ctx, &self.document.display_name())
                {
                    effects.push(Effect::Unsaved(answer));
                }
            }
            Some(Modal::NewMap) => match dialogs::new_map_ui(ctx) {
                Some(NewMapAnswer::Blank) => {
                    self.modal = None;
                    effects.push(Effect::NewMap(None));
                }
                Some(NewMapAnswer::Template(template)) => {
                    self.modal = None;
                    effects.push(Effect::NewMap(Some(template)));
                }
                Some(NewMapAnswer::Cancel) => self.modal = None,
                None => {}
            },
            Some(Modal::SaveFailed { message, .. }) => {
                if let Some(answer) = dialogs::save_failed_ui(ctx, message) {
                    effects.push(Effect::SaveFailed(answer));
                }
            }
            Some(Modal::Conflict(path, _)) => {
                if let Some(answer) = dialogs::conflict_ui(ctx, &path.display().to_string()) {
                    effects.push(Effect::Conflict(answer));
                }
            }
            Some(Modal::Restore) => {
                let now = SystemTime::now();
                let entries: Vec<RestoreEntry> = self
                    .restore_offers
                    .iter()
                    .map(|offer| restore_entry(offer, now))
                    .collect();
                if let Some(answer) = dialogs::restore_ui(ctx, &entries, self.restores_here()) {
                    effects.push(Effect::Restore(answer));
                }
            }
            Some(Modal::ConfirmReload(path)) => {
                if let Some(reload) = dialogs::confirm_reload_ui(ctx, &path.display().to_string()) {
                    effects.push(Effect::Reload(reload));
                }
            }
            None => {}
        }
        let looks: Vec<(UiCommand, CommandLook)> = UiCommand::ALL
            .into_iter()
            .map(|command| (command, self.look(command)))
            .collect();
        if self.preferences_open {
            preferences::preferences_ui(ctx, &mut self.settings, &mut self.preferences_open);
        }
        if let Some(picked) = self.palette.palette_ui(ctx, &looks) {
            effects.push(Effect::Run(picked));
        }
        if let Some(error) = self.errors.first()
            && dialogs::error_ui(ctx, error)
        {
            self.errors.remove(0);
        }
    }

    /// Runs the effects of the frame, in order.
    fn run_effects(&mut self, ctx: &egui::Context, frame: &eframe::Frame, effects: Effects) {
        for effect in effects.0 {
            match effect {
                Effect::Run(command) => self.run_command(ctx, frame, command),
                Effect::Edit(edit) => {
                    self.apply_edit(edit);
                }
                Effect::NewMap(template) => {
                    self.request(ctx, frame, Continuation::NewMap(template));
                }
                Effect::OpenPath(path) => self.request(ctx, frame, Continuation::Open(Some(path))),
                Effect::PasteText(text) => self.paste(&text),
                Effect::FileChosen(answer) => self.file_chosen(ctx, frame, answer),
                Effect::Unsaved(answer) => self.unsaved_answered(ctx, frame, answer),
                Effect::SaveFailed(answer) => self.save_failed_answered(ctx, frame, answer),
                Effect::Conflict(answer) => self.conflict_answered(ctx, frame, answer),
                Effect::Reload(reload) => self.reload_answered(reload),
                Effect::Restore(answer) => self.restore_answered(answer),
                Effect::Export(ExportRequest::ChooseFile {
                    suggestion,
                    extension,
                }) => {
                    self.files
                        .ask(FilePurpose::Export(extension), &suggestion, ctx, frame);
                }
                Effect::Export(ExportRequest::Finished(status)) => self.status = Some(status),
            }
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, frame: &eframe::Frame, command: UiCommand) {
        match command {
            UiCommand::New => self.modal = Some(Modal::NewMap),
            UiCommand::Open => self.request(ctx, frame, Continuation::Open(None)),
            UiCommand::Save => self.save(ctx, frame),
            UiCommand::SaveAs => self.ask_save_as(ctx, frame),
            UiCommand::Export => self.export.open(self.document.doc()),
            UiCommand::Quit => self.request(ctx, frame, Continuation::Close),
            UiCommand::Undo => {
                if let Some(label) = self.document.session.undo() {
                    self.status = Some(tr_args("status-undone", &[("step", &step_name(label))]));
                }
            }
            UiCommand::Redo => {
                if let Some(label) = self.document.session.redo() {
                    self.status = Some(tr_args("status-redone", &[("step", &step_name(label))]));
                }
            }
            UiCommand::Cut => {
                self.copy_selection(ctx);
                if let Some(command) = self.canvas.delete_selection(self.document.doc()) {
                    self.apply_edit(Edit::Execute(command));
                }
            }
            UiCommand::Copy => self.copy_selection(ctx),
            UiCommand::Paste => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            UiCommand::Duplicate => {
                if let Some(command) = self.canvas.duplicate_selection(self.document.doc()) {
                    self.apply_edit(Edit::Execute(command));
                }
            }
            UiCommand::Delete => {
                if let Some(command) = self.canvas.delete_selection(self.document.doc()) {
                    self.apply_edit(Edit::Execute(command));
                }
            }
            UiCommand::SelectAll => {
                let all: Vec<_> = self
                    .document
                    .doc()
                    .cards
                    .iter()
                    .map(|card| card.id)
                    .collect();
                self.canvas.select_cards(&all);
            }
            UiCommand::AddCard => {
                if let Some((step, lane)) = self.canvas.target_cell() {
                    let title = tr("new-card-title");
                    let (command, id) =
                        ops::add_card(self.document.doc(), step, lane, usize::MAX, &title);
                    if self.apply_edit(Edit::Execute(command)) {
                        self.canvas.select_cards(&[id]);
                    }
                }
            }
            UiCommand::FitMap => self.canvas.fit_map(),
            UiCommand::ZoomActual => self.canvas.zoom_to_100(),
            UiCommand::ZoomIn => self.canvas.zoom_in(),
            UiCommand::ZoomOut => self.canvas.zoom_out(),
            UiCommand::LayersAll
            | UiCommand::LayersUpToBackstage
            | UiCommand::LayersFrontstageOnly => {
                if let Some(layers) = layer_preset(command) {
                    self.canvas.set_layers(layers);
                }
            }
            UiCommand::AddStage
            | UiCommand::AddStep
            | UiCommand::AddLane
            | UiCommand::DeleteStage
            | UiCommand::DeleteStep
            | UiCommand::DeleteLane => self.run_structure_command(command),
            UiCommand::ToggleInspector => {
                self.settings.inspector_hidden = !self.settings.inspector_hidden;
                if self.settings.inspector_hidden {
                    for edit in self.inspector.finish_editing() {
                        self.apply_edit(edit);
                    }
                }
            }
            UiCommand::ToggleInsights => self.insights_shown = !self.insights_shown,
            UiCommand::TogglePersonas => {
                self.personas_shown = !self.personas_shown;
                if !self.personas_shown {
                    for edit in self.personas.finish_editing() {
                        self.apply_edit(edit);
                    }
                }
            }
            UiCommand::CommandPalette => self.palette.open(),
            UiCommand::ToggleLanguage => {
                self.settings.language = Some(
                    self.settings
                        .effective_language(self.system_language)
                        .other(),
                );
            }
            UiCommand::UseEnglish => self.settings.language = Some(Language::English),
            UiCommand::UseChinese => self.settings.language = Some(Language::Chinese),
            UiCommand::ToggleTheme => {
                let dark = match self.settings.theme {
                    ThemeChoice::Dark => false,
                    ThemeChoice::Light => true,
                    ThemeChoice::System => ctx.theme() == egui::Theme::Light,
                };
                self.settings.theme = if dark {
                    ThemeChoice::Dark
                } else {
                    ThemeChoice::Light
                };
            }
            UiCommand::ThemeSystem => self.settings.theme = ThemeChoice::System,
            UiCommand::ThemeLight => self.settings.theme = ThemeChoice::Light,
            UiCommand::ThemeDark => self.settings.theme = ThemeChoice::Dark,
            UiCommand::Preferences => self.preferences_open = true,
            UiCommand::RecoveredMaps => self.offer_recovered_maps(),
        }
        // A new language or theme shows from this frame's end on.
        self.apply_settings(ctx);
    }

    /// Applies an edit; says in the status bar when it could not be made.
    fn apply_edit(&mut self, edit: Edit) -> bool {
        match self.document.session.apply(edit) {
            Ok(()) => true,
            Err(error) => {
                self.status = Some(tr_args(
                    "status-edit-failed",
                    &[("reason", &error.to_string())],
                ));
                false
            }
        }
    }

    /// Puts the selected cards on the system clipboard as text.
    fn copy_selection(&mut self, ctx: &egui::Context) {
        let ids = self.canvas.selected_cards();
        if ids.is_empty() {
            return;
        }
        let cards = ClipboardCards::copy(self.document.doc(), &ids);
        ctx.copy_text(cards.to_text());
        self.status = Some(tr_args(
            "status-copied",
            &[("count", &cards.cards.len().to_string())],
        ));
    }

    /// Pastes clipboard text that holds cards: into their own cells in the
    /// same map, else into the cell last clicked; the copies become the selection.
    fn paste(&mut self, text: &str) {
        let Some(cards) = ClipboardCards::from_text(text) else {
            self.status = Some(tr("status-paste-not-cards").into_owned());
            return;
        };
        match cards.paste_command(self.document.doc(), self.canvas.target_cell()) {
            Some((command, ids)) => {
                if self.apply_edit(Edit::Execute(command)) {
                    self.canvas.select_cards(&ids);
                    self.status = Some(tr_args(
                        "status-pasted",
                        &[("count", &ids.len().to_string())],
                    ));
                }
            }
            None => self.status = Some(tr("status-paste-no-cell").into_owned()),
        }
    }

    /// Goes on with `next` now, or first asks about unsaved changes.
    fn request(&mut self, ctx: &egui::Context, frame: &eframe::Frame, next: Continuation) {
        if self.document.is_dirty() {
            self.modal = Some(Modal::Unsaved(next));
        } else {
            self.proceed(ctx, frame, next);
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, frame: &eframe::Frame, next: Continuation) {
        match next {
            Continuation::NewMap(template) => self.new_map(template),
            Continuation::Open(Some(path)) => self.open_path(&path),
            Continuation::Open(None) => {
                let folder = self.suggested_folder();
                self.files.ask(FilePurpose::Open, &folder, ctx, frame);
            }
            Continuation::Close => {
                self.discard_recovery_file();
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn unsaved_answered(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        answer: UnsavedAnswer,
    ) {
        let Some(Modal::Unsaved(next)) = self.modal.take() else {
            return;
        };
        match answer {
            UnsavedAnswer::Save => {
                self.after_save = Some(next);
                self.save(ctx, frame);
            }
            UnsavedAnswer::Discard => self.proceed(ctx, frame, next),
            UnsavedAnswer::Cancel => {}
        }
    }

    fn new_map(&mut self, template: Option<&'static Template>) {
        let doc = match template.map(Template::document) {
            None => blank_map(),
            Some(Ok(doc)) => doc,
            Some(Err(error)) => {
                self.errors.push(load_error_text(&error));
                return;
            }
        };
        self.replace_document(OpenDocument::new_unsaved(doc));
    }

    fn open_path(&mut self, path: &Path) {
        match OpenDocument::open(path) {
            Ok(document) => {
                self.settings.remember_file(path);
                self.replace_document(document);
                self.status = Some(tr_args(
                    "status-opened",
                    &[("path", &path.display().to_string())],
                ));
            }
            Err(error) => {
                if !path.exists() {
                    self.settings.forget_file(path);
                }
                self.errors.push(load_error_text(&error));
            }
        }
    }

    fn replace_document(&mut self, document: OpenDocument) {
        self.discard_recovery_file();
        self.document = document;
        self.canvas = CanvasState::default();
        self.inspector = Inspector::default();
        self.added = None;
        self.insights = InsightsPanel::default();
        self.personas = PersonaPanel::default();
    }

    fn save(&mut self, ctx: &egui::Context, frame: &eframe::Frame) {
        match self.document.path.clone() {
            Some(path) => self.save_to(ctx, frame, &path, false),
            None => self.ask_save_as(ctx, frame),
        }
    }

    fn ask_save_as(&mut self, ctx: &egui::Context, frame: &eframe::Frame) {
        let suggestion = match &self.document.path {
            Some(path) => path.clone(),
            None => self
                .suggested_folder()
                .join(with_map_extension(PathBuf::from(file_stem_for(
                    &self.document.display_name(),
                )))),
        };
        self.files.ask(FilePurpose::SaveAs, &suggestion, ctx, frame);
    }

    /// Saves to `path`; unless `overwrite`, first checks that the map's own
    /// file was not changed by another program, and asks when it was.
    fn save_to(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        path: &Path,
        overwrite: bool,
    ) {
        let own_file = self.document.path.as_deref() == Some(path);
        if own_file && !overwrite && self.document.changed_on_disk() {
            self.modal = Some(Modal::Conflict(path.to_owned(), self.after_save.take()));
            return;
        }
        match self.document.save_to(path) {
            Ok(()) => {
                self.discard_recovery_file();
                self.settings.remember_file(path);
                self.status = Some(tr_args(
                    "status-saved-to",
                    &[("path", &path.display().to_string())],
                ));
                if let Some(next) = self.after_save.take() {
                    self.proceed(ctx, frame, next);
                }
            }
            Err(error) => {
                let message = tr_args(
                    "error-save",
                    &[
                        ("path", &error.path.display().to_string()),
                        ("reason", &error.source.to_string()),
                    ],
                );
                self.modal = Some(Modal::SaveFailed {
                    message,
                    next: self.after_save.take(),
                });
            }
        }
    }

    fn save_failed_answered(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        answer: SaveFailedAnswer,
    ) {
        let Some(Modal::SaveFailed { next, .. }) = self.modal.take() else {
            return;
        };
        if answer == SaveFailedAnswer::SaveAs {
            self.after_save = next;
            self.ask_save_as(ctx, frame);
        }
    }

    fn conflict_answered(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        answer: ConflictAnswer,
    ) {
        let Some(Modal::Conflict(path, next)) = self.modal.take() else {
            return;
        };
        match answer {
            ConflictAnswer::Reload => self.modal = Some(Modal::ConfirmReload(path)),
            ConflictAnswer::SaveAs => {
                self.after_save = next;
                self.ask_save_as(ctx, frame);
            }
            ConflictAnswer::Overwrite => {
                self.after_save = next;
                self.save_to(ctx, frame, &path, true);
            }
            ConflictAnswer::Cancel => {}
        }
    }

    /// Lists again the maps left behind by editors no longer running (those
    /// put off with Later, or left by a window that crashed since), or says
    /// that there are none.
    fn offer_recovered_maps(&mut self) {
        self.restore_offers = self
            .recovery
            .as_ref()
            .map(|folder| {
                folder
                    .recoverable()
                    .into_iter()
                    .filter_map(Result::ok)
                    .collect()
            })
            .unwrap_or_default();
        if self.restore_offers.is_empty() {
            self.status = Some(tr("status-no-recovered-maps").into_owned());
        }
    }

    /// A map restored now opens in this window: none was restored here yet
    /// and the map here has no unsaved changes.
    fn restores_here(&self) -> bool {
        !self.restored_here && !self.document.is_dirty()
    }

    fn restore_answered(&mut self, answer: RestoreAnswer) {
        let (RestoreAnswer::Restore(index) | RestoreAnswer::Discard(index)) = answer else {
            // Kept on disk, offered again at the next start.
            self.restore_offers.clear();
            self.modal = None;
            return;
        };
        if index >= self.restore_offers.len() {
            return;
        }
        let offer = self.restore_offers.remove(index);
        if self.restore_offers.is_empty() {
            self.modal = None;
        }
        let name = offer.document.meta.title.clone();
        match answer {
            RestoreAnswer::Restore(_) if !self.restores_here() => {
                self.status = Some(match open_recovered_window(&offer.recovery_file) {
                    Ok(()) => tr_args("status-restored-new-window", &[("name", &name)]),
                    Err(error) => tr_args(
                        "status-new-window-failed",
                        &[("name", &name), ("reason", &error.to_string())],
                    ),
                });
            }
            RestoreAnswer::Restore(_) => match Autosave::claim(&offer.recovery_file) {
                Ok((autosave, recovered)) => {
                    self.replace_document(OpenDocument::restored(
                        recovered.document,
                        recovered.original,
                    ));
                    self.autosave = autosave;
                    self.restored_here = true;
                    self.status = Some(tr_args("status-restored", &[("name", &name)]));
                }
                Err(error) => self.errors.push(error.to_string()),
            },
            RestoreAnswer::Discard(_) => {
                let discarded = Autosave::claim(&offer.recovery_file)
                    .map_err(|error| error.to_string())
                    .and_then(|(mut autosave, _)| {
                        autosave.discard().map_err(|error| error.to_string())
                    });
                if let Err(reason) = discarded {
                    self.status = Some(tr_args("status-autosave-failed", &[("reason", &reason)]));
                }
            }
            RestoreAnswer::Later => {}
        }
    }

    /// Writes the map to its recovery file when it has unsaved changes not
    /// yet written there and the interval has passed or the window lost
    /// focus; removes the recovery file once nothing is unsaved.
    fn autosave_if_due(&mut self, ctx: &egui::Context) {
        let Some(folder) = &self.recovery else {
            return;
        };
        let now = ctx.input(|input| input.time);
        if !self.document.is_dirty() {
            self.autosave_clock = now;
            self.autosaved_revision = None;
            if self.autosave.file().is_some() {
                self.discard_recovery_file();
            }
            return;
        }
        let revision = self.document.session.history().revision();
        if self.autosaved_revision == Some(revision) {
            return;
        }
        let focus_lost = ctx.input(|input| {
            input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::WindowFocused(false)))
        });
        let interval = f64::from(self.settings.autosave_interval());
        let waited = now - self.autosave_clock;
        let timer_due = interval > 0.0 && waited >= interval;
        if !(timer_due || focus_lost) {
            if interval > 0.0 {
                ctx.request_repaint_after(Duration::from_secs_f64(interval - waited));
            }
            return;
        }
        let written = self.autosave.write(
            folder,
            self.document.doc(),
            self.document.path.as_deref(),
            SystemTime::now(),
        );
        self.autosave_clock = now;
        match written {
            Ok(()) => self.autosaved_revision = Some(revision),
            Err(error) => {
                self.status = Some(tr_args(
                    "status-autosave-failed",
                    &[("reason", &error.to_string())],
                ));
            }
        }
    }

    /// Removes the open map's recovery file: its changes are saved or given up.
    fn discard_recovery_file(&mut self) {
        self.autosaved_revision = None;
        if let Err(error) = self.autosave.discard() {
            self.status = Some(tr_args(
                "status-autosave-failed",
                &[("reason", &error.to_string())],
            ));
        }
    }

    fn reload_answered(&mut self, reload: bool) {
        let Some(Modal::ConfirmReload(path)) = self.modal.take() else {
            return;
        };
        if !reload {
            return;
        }
        match OpenDocument::open(&path) {
            Ok(document) => {
                self.replace_document(document);
                self.status = Some(tr_args(
                    "status-reloaded",
                    &[("path", &path.display().to_string())],
                ));
            }
            Err(error) => self.errors.push(load_error_text(&error)),
        }
    }

    fn file_chosen(&mut self, ctx: &egui::Context, frame: &eframe::Frame, answer: FileAnswer) {
        match (answer.purpose, answer.path) {
            (FilePurpose::Open, Some(path)) => self.open_path(&path),
            (FilePurpose::SaveAs, Some(path)) => {
                self.save_to(ctx, frame, &with_map_extension(path), false);
            }
            (FilePurpose::Export(_), Some(path)) => {
                let name = self.document.display_name();
                let map = self.document.export_source(&name);
                self.export.start(ctx, map, path, &mut self.settings.export);
            }
            (_, None) => self.after_save = None,
        }
    }

    /// Where dialogs start: the map's folder, else the most recent file's, else the home folder.
    fn suggested_folder(&self) -> PathBuf {
        self.document
            .path
            .as_deref()
            .or(self.settings.recent_files.first().map(PathBuf::as_path))
            .and_then(Path::parent)
            .filter(|folder| !folder.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(std::env::home_dir)
            .unwrap_or_default()
    }

    /// Sends the window title when it changed.
    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.document.window_title();
        if self.shown_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
    }
}

impl eframe::App for StagemapApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.apply_settings(&ctx);
        let mut effects = Effects::default();
        self.window_input(&ctx, &mut effects);
        let drawn = self.panels_ui(ui);
        effects.0.extend(drawn.0);
        self.run_effects(&ctx, frame, effects);
        self.autosave_if_due(&ctx);
        self.update_title(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// The lanes a layer command shows.
fn layer_preset(command: UiCommand) -> Option<LayerPreset> {
    match command {
        UiCommand::LayersAll => Some(LayerPreset::All),
        UiCommand::LayersUpToBackstage => Some(LayerPreset::UpToBackstage),
        UiCommand::LayersFrontstageOnly => Some(LayerPreset::FrontstageOnly),
        _ => None,
    }
}

/// How many cards `goes` picks, and how many arrows touch them: what a delete takes with it.
fn going_with(doc: &Document, goes: impl Fn(&Card) -> bool) -> (usize, usize) {
    let cards: Vec<_> = doc
        .cards
        .iter()
        .filter(|card| goes(card))
        .map(|card| card.id)
        .collect();
    let arrows = doc
        .connectors
        .iter()
        .filter(|arrow| cards.contains(&arrow.from) || cards.contains(&arrow.to))
        .count();
    (cards.len(), arrows)
}

/// A map with nothing in it yet, titled in the UI language.
fn blank_map() -> Document {
    let mut doc = Document::new(tr("untitled"));
    doc.meta.language = i18n::current().code().to_owned();
    doc
}

/// A file name made from a map's name: characters that files cannot hold become `-`.
fn file_stem_for(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_control() || r#"/\:*?"<>|"#.contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let stem = stem
        .trim()
        .trim_end_matches(crate::format::FILE_EXTENSION)
        .to_owned();
    if stem.is_empty() {
        tr("untitled").into_owned()
    } else {
        stem
    }
}

/// A load error in the UI language, with file, line and column where the text is wrong.
fn load_error_text(error: &LoadError) -> String {
    match error {
        LoadError::Syntax {
            path,
            line,
            column,
            message,
        } => tr_args(
            "error-load-syntax",
            &[
                ("path", &path.display().to_string()),
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("reason", message),
            ],
        ),
        other => tr_args("error-load", &[("reason", &other.to_string())]),
    }
}

/// How the restore dialog lists a recovered map: title, file, when kept (local time and how long ago), cards.
fn restore_entry(offer: &Recovered, now: SystemTime) -> RestoreEntry {
    let file = offer.original.as_ref().map_or_else(
        || tr("restore-untitled").into_owned(),
        |path| path.display().to_string(),
    );
    let local = jiff::Timestamp::try_from(offer.written_at)
        .map(|time| {
            time.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let kept = format!("{local} ({})", age_text(offer.written_at, now));
    RestoreEntry {
        name: offer.document.meta.title.clone(),
        file,
        kept: kept.trim().to_owned(),
        cards: offer.document.cards.len(),
    }
}

/// Opens the map in the recovery file `path` in a new window: the program
/// again, in a process of its own, told to take the file over.
fn open_recovered_window(path: &Path) -> std::io::Result<()> {
    let program = std::env::current_exe()?;
    let mut child = std::process::Command::new(program)
        .arg("--recover")
        .arg(path)
        .spawn()?;
    // The window lives on its own; a thread reaps it when it closes, so no
    // finished process is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// How long ago `then` was, as of `now`, in words: "5 minutes ago".
fn age_text(then: SystemTime, now: SystemTime) -> String {
    let minutes = now.duration_since(then).unwrap_or_default().as_secs() / 60;
    let (key, count) = match minutes {
        0 => return tr("age-just-now").into_owned(),
        1 => return tr("age-one-minute").into_owned(),
        2..120 => ("age-minutes", minutes),
        120..2880 => ("age-hours", minutes / 60),
        _ => ("age-days", minutes / 1440),
    };
    tr_args(key, &[("count", &count.to_string())])
}

/// While files are dragged over the window, says that dropping opens them.
fn drop_hint_ui(ctx: &egui::Context) {
    if ctx.input(|input| input.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop hint"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        tr("drop-to-open"),
        egui::TextStyle::Heading.resolve(&ctx.global_style()),
        egui::Color32::WHITE,
    );
}
