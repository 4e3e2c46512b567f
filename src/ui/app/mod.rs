//! The editor application: saved settings apart from runtime state, the frame loop (window input, panels drawn each frame) and the side effects they ask for, run afterwards.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::edit::Edit;
use crate::model::{Document, LaneId, StageSpan, StepId, View};
use crate::recovery::{Autosave, Recovered, RecoveryFolder};
use crate::samples::{self, Template};

use super::actions::{ActionsPanel, Improved};
use super::canvas::CanvasState;
use super::command::UiCommand;
use super::dialogs::{
    self, ConflictAnswer, NewMapAnswer, RestoreAnswer, RestoreEntry, SaveFailedAnswer,
    UnsavedAnswer,
};
use super::document::OpenDocument;
use super::export::{ExportDialog, ExportRequest};
use super::files::{DialogKind, FileAnswer, FileChooser, FilePurpose};
use super::fonts;
use super::i18n::{self, Language, tr, tr_args};
use super::insights::InsightsPanel;
use super::inspector::{CellTarget, Inspector};
use super::live::{JoinDialog, LiveRoom};
use super::matrix::MatrixWindow;
use super::menu::menu_bar_ui;
use super::palette::{CommandLook, Palette};
use super::personas::PersonaPanel;
use super::present::Presenting;
use super::readability;
use super::screening::ScreeningWindow;
use super::settings::{self as preferences, Settings, ThemeChoice};
use super::views::{CurrentView, ViewsPanel, ViewsRequest};
use super::voting::{Voting, VotingRequest};
use super::workshop_clock::WorkshopClock;

mod action_plan;
mod autosave;
mod commands;
mod file_flow;
mod live;
mod presenting;
mod structure;
mod timer;
mod voting;

use autosave::restore_entry;
use file_flow::{blank_map, load_error_text};

/// The share of the window's width the side panels may take together.
const SIDE_PANELS_SHARE: f32 = 0.5;

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
    /// A new map joined to the live room at this link (`stagemap --join URL`).
    Join(crate::live::address::JoinLink),
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
    /// Show a view of the presentation on the canvas: its layers, its focus, its stages framed.
    ShowView(View),
    /// Select a card or step an action improves and show it on the canvas.
    ShowImproved(Improved),
    /// Join the live room at this link (asks about unsaved changes first).
    Join(crate::live::address::JoinLink),
    /// A dot-voting step to apply, or its refusal to show.
    Voting(VotingRequest),
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
    /// Ask which spreadsheet to make a new map from.
    Import,
    /// Join a live room on a new map.
    Join(crate::live::address::JoinLink),
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
    /// The view chosen and the field typed in, in the Views panel.
    views: ViewsPanel,
    /// The Views panel is shown.
    views_shown: bool,
    /// The action chosen and the field typed in, in the Actions panel.
    actions: ActionsPanel,
    /// The Actions panel is shown.
    actions_shown: bool,
    /// The readability check window is open.
    readability_open: bool,
    /// The impact/effort matrix window.
    matrix: MatrixWindow,
    /// The concept screening window.
    screening: ScreeningWindow,
    /// The workshop timer, counting down the agenda: the status bar, the stage and the
    /// presenter's window show and drive this one.
    clock: WorkshopClock,
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
    /// The presentation under way, if any.
    present: Option<Presenting>,
    /// Dot voting: the start dialog, who votes, passing the laptop, the results.
    voting: Voting,
    /// The live room the editor is in, if any (never saved).
    live: Option<LiveRoom>,
    /// The Join dialog.
    join_dialog: JoinDialog,
}

/// The panels and workshop windows whose text fields are one undo step a visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextPanel {
    Inspector,
    Personas,
    Views,
    Actions,
    Matrix,
    Screening,
}

impl TextPanel {
    const ALL: [Self; 6] = [
        Self::Inspector,
        Self::Personas,
        Self::Views,
        Self::Actions,
        Self::Matrix,
        Self::Screening,
    ];
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
        let system_language = i18n::system_language();
        i18n::set_current(settings.effective_language(system_language));
        let mut errors = Vec::new();
        let mut settings = settings;
        let mut autosave = Autosave::default();
        let restored_here = matches!(startup, Startup::Recover(_));
        let mut join = None;
        let document = match startup {
            Startup::Join(link) => {
                join = Some(link);
                OpenDocument::new_unsaved(Document::default())
            }
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
        let mut app = Self {
            settings,
            document,
            canvas: CanvasState::default(),
            inspector: Inspector::default(),
            added: None,
            insights: InsightsPanel::default(),
            insights_shown: false,
            personas: PersonaPanel::default(),
            personas_shown: false,
            views: ViewsPanel::default(),
            views_shown: false,
            actions: ActionsPanel::default(),
            actions_shown: false,
            readability_open: false,
            matrix: MatrixWindow::default(),
            screening: ScreeningWindow::default(),
            clock: WorkshopClock::default(),
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
            present: None,
            voting: Voting::default(),
            live: None,
            join_dialog: JoinDialog::default(),
        };
        if let Some(link) = join {
            app.join_room(link);
        }
        app
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

    /// The workshop timer (the presentation mode shows the same countdown).
    pub fn workshop_clock(&self) -> &WorkshopClock {
        &self.clock
    }

    /// The canvas' view state (zoom, layers, focus).
    pub fn canvas(&self) -> &CanvasState {
        &self.canvas
    }

    /// The canvas' view state, to change the view from outside the window (tests set a zoom).
    pub fn canvas_mut(&mut self) -> &mut CanvasState {
        &mut self.canvas
    }

    /// What the canvas shows now, as a view: the stages on screen (`None` when all are),
    /// the layers and the focus.
    fn current_view(&self) -> CurrentView {
        let doc = self.document.doc();
        let stages = self.canvas.visible_stages().and_then(|range| {
            let whole = *range.start() == 0 && *range.end() + 1 >= doc.stages.len();
            if whole {
                return None;
            }
            Some(StageSpan {
                first: doc.stages.get(*range.start())?.id,
                last: doc.stages.get(*range.end())?.id,
            })
        });
        CurrentView {
            stages,
            layers: self.canvas.layers(),
            focus: self.canvas.focus().cloned(),
        }
    }

    /// Shows a view on the canvas: its layers and focus, its stages framed.
    fn show_view(&mut self, view: &View) {
        let doc = self.document.doc();
        self.canvas.set_layers(view.layers);
        self.canvas.set_focus(view.focus.clone());
        let stages = view.stage_indices(doc).filter(|_| !view.is_whole_map(doc));
        self.canvas.frame_stages(stages);
    }

    /// The user agreed to close the window (or there was nothing to lose).
    pub fn close_confirmed(&self) -> bool {
        self.close_confirmed
    }

    fn any_dialog_open(&self) -> bool {
        self.modal.is_some()
            || !self.errors.is_empty()
            || self.files.is_open()
            || self.palette.is_open()
            || self.export.is_open()
            || self.voting.setup_open()
            || self.join_dialog.is_open()
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
        if self.present.is_some() {
            self.present_input(ctx, effects);
            return;
        }
        // While a round is open, 1–9 pick who votes, before the layer presets.
        self.voting.number_keys(ctx, self.document.doc());
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
    ///
    /// Side panels together take at most [`SIDE_PANELS_SHARE`] of the window's
    /// width; what they hold scrolls or wraps within that.
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
        egui::Panel::bottom("status bar").show(ui, |ui| self.status_bar_ui(ui, &mut effects));
        self.voting_bar_ui(ui, &mut effects);
        // The side panels share at most this much of the window, so the map keeps the rest.
        let open = [
            !self.settings.inspector_hidden,
            self.personas_shown,
            self.insights_shown,
            self.views_shown,
            self.actions_shown,
            self.voting.results_shown(),
        ]
        .into_iter()
        .filter(|shown| *shown)
        .count()
        .max(1);
        let panel_max = ui.available_width() * SIDE_PANELS_SHARE / open as f32;
        let panel_size =
            |default: f32, min: f32| (default.min(panel_max), min.min(panel_max), panel_max);
        self.voting_results_ui(ui, &mut effects, panel_size(300.0, 220.0));
        if !self.settings.inspector_hidden {
            let (default, min, max) = panel_size(300.0, 220.0);
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(default)
                .min_size(min)
                .max_size(max)
                .show(ui, |ui| {
                    let selection = self.canvas.selected_cards();
                    let target = self.inspector_target();
                    let edits =
                        self.inspector
                            .inspector_ui(ui, self.document.doc(), &selection, target);
                    // Typing moved here from another field: that field's step ends first.
                    if edits.iter().any(|edit| matches!(edit, Edit::Begin(_))) {
                        let others = self.finish_editing_except(Some(TextPanel::Inspector));
                        effects.extend(others.into_iter().map(Effect::Edit));
                    }
                    effects.extend(edits.into_iter().map(Effect::Edit));
                    if self.inspector.take_action_request() {
                        effects.push(Effect::Run(UiCommand::TurnIntoAction));
                    }
                });
        }
        if self.personas_shown {
            let (default, min, max) = panel_size(260.0, 200.0);
            egui::Panel::left("personas")
                .resizable(true)
                .default_size(default)
                .min_size(min)
                .max_size(max)
                .show(ui, |ui| {
                    let folder = self.document.path.as_deref().and_then(Path::parent);
                    let edits = self.personas.personas_ui(ui, self.document.doc(), folder);
                    if edits.iter().any(|edit| matches!(edit, Edit::Begin(_))) {
                        let others = self.finish_editing_except(Some(TextPanel::Personas));
                        effects.extend(others.into_iter().map(Effect::Edit));
                    }
                    effects.extend(edits.into_iter().map(Effect::Edit));
                });
        }
        if self.views_shown {
            let (default, min, max) = panel_size(320.0, 240.0);
            let current = self.current_view();
            egui::Panel::left("views")
                .resizable(true)
                .default_size(default)
                .min_size(min)
                .max_size(max)
                .show(ui, |ui| {
                    let requests = self.views.views_ui(ui, self.document.doc(), &current);
                    let begins = requests
                        .iter()
                        .any(|request| matches!(request, ViewsRequest::Edit(Edit::Begin(_))));
                    if begins {
                        // Typing moved here from another panel's field: that step ends first.
                        let others = self.finish_editing_except(Some(TextPanel::Views));
                        effects.extend(others.into_iter().map(Effect::Edit));
                    }
                    effects.extend(requests.into_iter().map(|request| match request {
                        ViewsRequest::Edit(edit) => Effect::Edit(edit),
                        ViewsRequest::Show(view) => Effect::ShowView(view),
                    }));
                });
        }
        if self.actions_shown {
            let (default, min, max) = panel_size(320.0, 240.0);
            egui::Panel::left("actions")
                .resizable(true)
                .default_size(default)
                .min_size(min)
                .max_size(max)
                .show(ui, |ui| self.actions_panel_ui(ui, &mut effects));
        }
        if self.insights_shown {
            let (default, min, max) = panel_size(300.0, 220.0);
            egui::Panel::left("insights")
                .resizable(true)
                .default_size(default)
                .min_size(min)
                .max_size(max)
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
            // Card pictures are found next to the map file (none while it has no file).
            let folder = self.document.path.as_deref().and_then(Path::parent);
            self.canvas.set_base_folder(folder.map(Path::to_owned));
            self.map_ui(ui, &mut effects);
        });
        self.dialogs_ui(&ctx, &mut effects);
        self.live_windows_ui(&ctx, &mut effects);
        drop_hint_ui(&ctx);
        Effects(effects)
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui, effects: &mut Vec<Effect>) {
        ui.horizontal(|ui| {
            self.timer_ui(ui, effects);
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
        if self.readability_open {
            readability::readability_ui(
                ctx,
                &mut self.readability_open,
                &mut self.settings.room,
                self.canvas.card_title_points(),
            );
        }
        let doc = self.document.doc();
        let revision = self.document.session.history().revision();
        let matrix = self.matrix.matrix_ui(ctx, doc, revision);
        let screening = self.screening.screening_ui(ctx, doc);
        let begins = |edits: &[Edit]| edits.iter().any(|edit| matches!(edit, Edit::Begin(_)));
        // Typing moved into a workshop window from another field: that step ends first.
        for (window, edits) in [
            (TextPanel::Matrix, &matrix),
            (TextPanel::Screening, &screening),
        ] {
            if begins(edits) {
                let others = self.finish_editing_except(Some(window));
                effects.extend(others.into_iter().map(Effect::Edit));
            }
        }
        effects.extend(matrix.into_iter().chain(screening).map(Effect::Edit));
        if let Some(request) = self.voting.setup_ui(ctx, self.document.doc()) {
            effects.push(Effect::Voting(request));
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
                Effect::ShowView(view) => self.show_view(&view),
                Effect::ShowImproved(improved) => self.show_improved(improved),
                Effect::Voting(request) => self.run_voting_request(request),
                Effect::Join(link) => self.join_requested(ctx, frame, link),
            }
        }
    }

    /// Applies an edit; says in the status bar when it could not be made.
    fn apply_edit(&mut self, edit: Edit) -> bool {
        match self.document.session.apply(edit) {
            Ok(()) => true,
            Err(crate::edit::EditError::StructureLocked) => {
                self.status = Some(tr("live-structure-locked").into_owned());
                false
            }
            Err(error) => {
                self.status = Some(tr_args(
                    "status-edit-failed",
                    &[("reason", &error.to_string())],
                ));
                false
            }
        }
    }

    /// Sends the window title when it changed.
    /// Ends the undo step of whatever is being typed in every panel and
    /// workshop window but `keep` (`None`: in all of them), so typing moved to
    /// another field, or a command run meanwhile, is an undo step of its own.
    fn finish_editing_except(&mut self, keep: Option<TextPanel>) -> Vec<Edit> {
        let mut edits = Vec::new();
        for panel in TextPanel::ALL {
            if keep == Some(panel) {
                continue;
            }
            edits.extend(match panel {
                TextPanel::Inspector => self.inspector.finish_editing(),
                TextPanel::Personas => self.personas.finish_editing(),
                TextPanel::Views => self.views.finish_editing(),
                TextPanel::Actions => self.actions.finish_editing(),
                TextPanel::Matrix => self.matrix.finish_editing(),
                TextPanel::Screening => self.screening.finish_editing(),
            });
        }
        edits
    }

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
        // What the room sent shows in this frame.
        self.pump_live(&ctx);
        let mut effects = Effects::default();
        self.window_input(&ctx, &mut effects);
        let drawn = if self.present.is_some() {
            self.present_ui(ui)
        } else {
            self.panels_ui(ui)
        };
        effects.0.extend(drawn.0);
        self.run_effects(&ctx, frame, effects);
        // This frame's changes and presence go to the room at once.
        self.live_presence();
        self.pump_live(&ctx);
        self.autosave_if_due(&ctx);
        self.update_title(&ctx);
        if let Some(wait) = self.clock.repaint_after(WorkshopClock::now(&ctx)) {
            ctx.request_repaint_after(wait);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
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
