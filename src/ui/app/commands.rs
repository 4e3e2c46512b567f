//! Running a user command from the menu, a shortcut or the palette, and how each command looks (name, availability, tick) as the map stands.

use crate::clipboard::{self, ClipboardCards};
use crate::edit::{Edit, ops};

use super::{Continuation, Modal, StagemapApp};
use crate::ui::canvas::LayerPreset;
use crate::ui::clipboard::refusal_status;
use crate::ui::command::UiCommand;
use crate::ui::i18n::{Language, step_name, tr, tr_args};
use crate::ui::import;
use crate::ui::palette::CommandLook;
use crate::ui::settings::ThemeChoice;

impl StagemapApp {
    /// Name, availability and tick of a command as it stands now.
    pub(super) fn look(&self, command: UiCommand) -> CommandLook {
        let session = &self.document.session;
        let language = self.settings.effective_language(self.system_language);
        let mut tooltip = None;
        let (label, enabled, checked) = match command {
            UiCommand::Undo => match session.undo_label() {
                Some(label) => (
                    tr_args("cmd-undo-step", &[("step", &step_name(label))]),
                    true,
                    None,
                ),
                None => (command.label().into_owned(), false, None),
            },
            UiCommand::Redo => match session.redo_label() {
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
            UiCommand::AddEmotionLane => {
                let existing = import::emotion_lane_name(self.document.doc());
                tooltip = existing.map(|name| tr_args("emotion-lane-exists", &[("name", name)]));
                (command.label().into_owned(), existing.is_none(), None)
            }
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
            UiCommand::PresenterView => (
                command.label().into_owned(),
                true,
                Some(
                    self.present
                        .as_ref()
                        .is_some_and(|present| present.presenter_open),
                ),
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
            UiCommand::ToggleViews => (command.label().into_owned(), true, Some(self.views_shown)),
            UiCommand::ToggleActions => {
                (command.label().into_owned(), true, Some(self.actions_shown))
            }
            UiCommand::TurnIntoAction => (
                command.label().into_owned(),
                self.card_to_turn_into_action().is_some(),
                None,
            ),
            UiCommand::StartTimer
            | UiCommand::PauseTimer
            | UiCommand::AddOneMinute
            | UiCommand::AddFiveMinutes
            | UiCommand::NextAgendaStep => (
                command.label().into_owned(),
                self.timer_command_enabled(command),
                None,
            ),
            UiCommand::UseEnglish => (
                command.label().into_owned(),
                true,
                Some(language == Language::English),
            ),
            UiCommand::UseSimplifiedChinese => (
                command.label().into_owned(),
                true,
                Some(language == Language::SimplifiedChinese),
            ),
            UiCommand::UseTraditionalChinese => (
                command.label().into_owned(),
                true,
                Some(language == Language::TraditionalChinese),
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
            UiCommand::StartVoting
            | UiCommand::PassTheLaptop
            | UiCommand::NextParticipant
            | UiCommand::RevealVotes => (
                command.label().into_owned(),
                self.voting_command_enabled(command),
                None,
            ),
            UiCommand::VotingResults => (
                command.label().into_owned(),
                true,
                Some(self.voting.results_shown()),
            ),
            UiCommand::LiveOpen
            | UiCommand::LiveJoin
            | UiCommand::LiveRoom
            | UiCommand::LiveLeave
            | UiCommand::LiveLockStructure
            | UiCommand::LiveFollowHost => self.live_look(command),
            _ => (command.label().into_owned(), true, None),
        };
        CommandLook {
            label,
            enabled,
            checked,
            tooltip,
        }
    }

    pub(super) fn run_command(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        command: UiCommand,
    ) {
        match command {
            UiCommand::New => self.modal = Some(Modal::NewMap),
            UiCommand::Open => self.request(ctx, frame, Continuation::Open(None)),
            UiCommand::Import => self.request(ctx, frame, Continuation::Import),
            UiCommand::Save => self.save(ctx, frame),
            UiCommand::SaveAs => self.ask_save_as(ctx, frame),
            UiCommand::Export => self.export.open(self.document.doc()),
            UiCommand::ExportSlides => {
                self.settings.export.format = crate::export::job::Format::Slides;
                self.export.open(self.document.doc());
            }
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
            UiCommand::AddEmotionLane => match import::add_emotion_lane(self.document.doc()) {
                Ok((command, status)) => {
                    if self.apply_edit(Edit::Execute(command)) {
                        self.status = Some(status);
                    }
                }
                Err(status) => self.status = Some(status),
            },
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
            UiCommand::ToggleInsights => {
                let shown = !self.insights_shown;
                self.show_left_panel(shown.then_some(LeftPanel::Insights));
            }
            UiCommand::TogglePersonas => {
                let shown = !self.personas_shown;
                self.show_left_panel(shown.then_some(LeftPanel::Personas));
            }
            UiCommand::ToggleViews => {
                let shown = !self.views_shown;
                self.show_left_panel(shown.then_some(LeftPanel::Views));
            }
            UiCommand::ToggleActions => {
                let shown = !self.actions_shown;
                self.show_left_panel(shown.then_some(LeftPanel::Actions));
            }
            UiCommand::TurnIntoAction => self.turn_into_action(),
            UiCommand::ReadabilityCheck => self.readability_open = true,
            UiCommand::ImpactEffortMatrix => self.matrix.open(),
            UiCommand::ConceptScreening => self.screening.open(),
            UiCommand::StartTimer
            | UiCommand::PauseTimer
            | UiCommand::AddOneMinute
            | UiCommand::AddFiveMinutes
            | UiCommand::NextAgendaStep => self.run_timer_command(ctx, command),
            UiCommand::CommandPalette => self.palette.open(),
            UiCommand::ToggleLanguage => {
                self.settings.language = Some(
                    self.settings
                        .effective_language(self.system_language)
                        .next(),
                );
            }
            UiCommand::UseEnglish => self.settings.language = Some(Language::English),
            UiCommand::UseSimplifiedChinese => {
                self.settings.language = Some(Language::SimplifiedChinese);
            }
            UiCommand::UseTraditionalChinese => {
                self.settings.language = Some(Language::TraditionalChinese);
            }
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
            UiCommand::Present => self.start_presenting(ctx),
            UiCommand::PresenterView => self.toggle_presenter(ctx),
            UiCommand::ToggleFullScreen => {
                let full = ctx
                    .input(|input| input.viewport().fullscreen)
                    .unwrap_or(false);
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
            }
            UiCommand::StartVoting
            | UiCommand::PassTheLaptop
            | UiCommand::NextParticipant
            | UiCommand::RevealVotes
            | UiCommand::VotingResults => self.run_voting_command(command),
            UiCommand::LiveOpen
            | UiCommand::LiveJoin
            | UiCommand::LiveRoom
            | UiCommand::LiveLeave
            | UiCommand::LiveLockStructure
            | UiCommand::LiveFollowHost => self.run_live_command(command),
        }
        // A new language or theme shows from this frame's end on.
        self.apply_settings(ctx);
        if matches!(
            command,
            UiCommand::ToggleLanguage
                | UiCommand::UseEnglish
                | UiCommand::UseSimplifiedChinese
                | UiCommand::UseTraditionalChinese
        ) {
            let language = self.settings.effective_language(self.system_language);
            self.status = Some(tr_args(
                "status-language",
                &[("language", language.native_name())],
            ));
        }
    }

    /// Puts the selected cards on the system clipboard as text.
    pub(super) fn copy_selection(&mut self, ctx: &egui::Context) {
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
    pub(super) fn paste(&mut self, text: &str) {
        let target = self.canvas.target_cell();
        match clipboard::paste(text, self.document.doc(), target) {
            Ok((command, ids)) => {
                if self.apply_edit(Edit::Execute(command)) {
                    self.canvas.select_cards(&ids);
                    self.status = Some(tr_args(
                        "status-pasted",
                        &[("count", &ids.len().to_string())],
                    ));
                }
            }
            Err(refusal) => self.status = Some(refusal_status(&refusal)),
        }
    }
}

/// The lanes a layer command shows.
pub(super) fn layer_preset(command: UiCommand) -> Option<LayerPreset> {
    match command {
        UiCommand::LayersAll => Some(LayerPreset::All),
        UiCommand::LayersUpToBackstage => Some(LayerPreset::UpToBackstage),
        UiCommand::LayersFrontstageOnly => Some(LayerPreset::FrontstageOnly),
        _ => None,
    }
}

/// The panels that take turns on the left of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LeftPanel {
    Insights,
    Personas,
    Views,
    Actions,
}

impl StagemapApp {
    /// Shows `panel` on the left, or none: the personas, views, actions and insights
    /// panels take turns there, so with the inspector at most two side panels
    /// share the window and each keeps a width its fields can be read in.
    /// What was being typed in a panel that closes is committed.
    pub(super) fn show_left_panel(&mut self, panel: Option<LeftPanel>) {
        if self.personas_shown && panel != Some(LeftPanel::Personas) {
            for edit in self.personas.finish_editing() {
                self.apply_edit(edit);
            }
        }
        if self.views_shown && panel != Some(LeftPanel::Views) {
            for edit in self.views.finish_editing() {
                self.apply_edit(edit);
            }
        }
        if self.actions_shown && panel != Some(LeftPanel::Actions) {
            for edit in self.actions.finish_editing() {
                self.apply_edit(edit);
            }
        }
        self.actions_shown = panel == Some(LeftPanel::Actions);
        self.insights_shown = panel == Some(LeftPanel::Insights);
        self.personas_shown = panel == Some(LeftPanel::Personas);
        self.views_shown = panel == Some(LeftPanel::Views);
    }
}
