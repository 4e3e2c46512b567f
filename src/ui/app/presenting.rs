//! Presenting from the editor: starting and leaving (full screen, and the
//! editor's view given back exactly), the keys of the walk-through, the
//! stage drawn instead of the panels, the spotlight and the presenter's window.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::{Effect, Effects, StagemapApp};
use crate::ui::command::UiCommand;
use crate::ui::dialogs;
use crate::ui::present::presenter::{PresenterAction, presenter_ui};
use crate::ui::present::spotlight::spotlight_ui;
use crate::ui::present::stage::stage_ui;
use crate::ui::present::{Nav, Presenting};
use crate::ui::workshop_clock::WorkshopClock;

impl StagemapApp {
    /// A presentation is under way.
    pub fn is_presenting(&self) -> bool {
        self.present.is_some()
    }

    /// The presentation under way, if any.
    pub fn presentation(&self) -> Option<&Presenting> {
        self.present.as_ref()
    }

    /// Starts presenting from the first step, full screen; what is being typed
    /// in a panel is committed first.
    pub(super) fn start_presenting(&mut self, ctx: &egui::Context) {
        if self.present.is_some() {
            return;
        }
        for edit in self.finish_editing_except(None) {
            self.apply_edit(edit);
        }
        let was_fullscreen = ctx
            .input(|input| input.viewport().fullscreen)
            .unwrap_or(false);
        self.present = Some(Presenting::new(self.canvas.snapshot(), was_fullscreen));
        self.canvas.clear_selection();
        self.canvas.set_chrome(false);
        if self.clock.timer().is_none() {
            let now = WorkshopClock::now(ctx);
            self.clock
                .start(&self.document.doc().presentation.agenda, now);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
    }

    /// Leaves the presentation: the editor shows exactly what it showed before.
    pub(super) fn stop_presenting(&mut self, ctx: &egui::Context) {
        let Some(present) = self.present.take() else {
            return;
        };
        let (saved, was_fullscreen) = present.into_saved();
        self.canvas.restore(saved);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(was_fullscreen));
    }

    /// Opens or closes the presenter's window (starting the presentation if needed).
    pub(super) fn toggle_presenter(&mut self, ctx: &egui::Context) {
        if self.present.is_none() {
            self.start_presenting(ctx);
            if let Some(present) = &mut self.present {
                present.presenter_open = true;
            }
        } else if let Some(present) = &mut self.present {
            present.presenter_open = !present.presenter_open;
        }
    }

    /// Keys while presenting: the walk-through's, Esc (closes the spotlight,
    /// else leaves), S (the presenter's window), F11, undo and redo. While a
    /// title is typed in place its keys are the text's.
    pub(super) fn present_input(&mut self, ctx: &egui::Context, effects: &mut Effects) {
        const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        const REDO: KeyboardShortcut =
            KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
        const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        if ctx.input_mut(|input| input.consume_key(Modifiers::NONE, Key::F11)) {
            effects.0.push(Effect::Run(UiCommand::ToggleFullScreen));
        }
        if self.canvas.is_busy() || ctx.text_edit_focused() {
            return;
        }
        let (undo, redo) = ctx.input_mut(|input| {
            let redo = input.consume_shortcut(&REDO) || input.consume_shortcut(&REDO_Y);
            (input.consume_shortcut(&UNDO), redo)
        });
        if redo {
            effects.0.push(Effect::Run(UiCommand::Redo));
        }
        if undo {
            effects.0.push(Effect::Run(UiCommand::Undo));
        }
        if ctx.input_mut(|input| input.consume_key(Modifiers::NONE, Key::Escape)) {
            match &mut self.present {
                Some(present) if present.spotlight.is_some() => present.spotlight = None,
                _ => self.stop_presenting(ctx),
            }
            return;
        }
        if ctx.input_mut(|input| input.consume_key(Modifiers::NONE, Key::S)) {
            self.toggle_presenter(ctx);
        }
        let moves: Vec<Nav> = ctx.input_mut(|input| {
            Nav::KEYS
                .into_iter()
                .filter(|key| input.consume_key(Modifiers::NONE, *key))
                .filter_map(Nav::for_key)
                .collect()
        });
        if let Some(present) = &mut self.present {
            for nav in moves {
                present.go(nav);
            }
        }
    }

    /// Draws the stage, the spotlight and the presenter's window instead of the panels.
    pub(super) fn present_ui(&mut self, ui: &mut egui::Ui) -> Effects {
        let ctx = ui.ctx().clone();
        let mut effects = Vec::new();
        let Some(present) = &mut self.present else {
            return Effects(effects);
        };
        let revision = self.document.session.history().revision();
        let folder = self
            .document
            .path
            .as_deref()
            .and_then(std::path::Path::parent);
        self.canvas
            .set_base_folder(folder.map(std::path::Path::to_owned));
        let doc = self.document.doc();
        let edits = stage_ui(
            ui,
            present,
            &mut self.canvas,
            doc,
            revision,
            &self.settings,
            &self.clock,
        );
        effects.extend(edits.into_iter().map(Effect::Edit));
        if let Some(card) = present.spotlight.and_then(|id| doc.card(id)) {
            if spotlight_ui(&ctx, doc, card, &self.canvas) {
                present.spotlight = None;
            }
        } else {
            present.spotlight = None;
        }
        if present.presenter_open {
            let agenda = &doc.presentation.agenda;
            let now = WorkshopClock::now(&ctx);
            for action in presenter_ui(&ctx, present, doc, &self.clock) {
                match action {
                    PresenterAction::Go(nav) => present.go(nav),
                    PresenterAction::Close => present.presenter_open = false,
                    PresenterAction::TogglePause if self.clock.is_running() => {
                        self.clock.pause(now);
                    }
                    PresenterAction::TogglePause => self.clock.start(agenda, now),
                    PresenterAction::AddMinutes(count) => self.clock.add_minutes(count),
                    PresenterAction::NextAgendaStep => {
                        self.clock.next_step(agenda, now);
                    }
                }
            }
        }
        if let Some(error) = self.errors.first()
            && dialogs::error_ui(&ctx, error)
        {
            self.errors.remove(0);
        }
        Effects(effects)
    }
}
