//! The workshop timer in the status bar: the current agenda step counting down (red in the last minute, blinking once over) with start/pause, +1 and +5 minutes and next step; and the timer commands.

use super::{Effect, StagemapApp};
use crate::ui::command::UiCommand;
use crate::ui::i18n::tr;
use crate::ui::menu::name_command_widget;
use crate::ui::workshop_clock::WorkshopClock;

impl StagemapApp {
    /// The timer at the left of the status bar, while the map has an agenda.
    pub(super) fn timer_ui(&self, ui: &mut egui::Ui, effects: &mut Vec<Effect>) {
        let agenda = &self.document.doc().presentation.agenda;
        if agenda.is_empty() {
            return;
        }
        let now = WorkshopClock::now(ui.ctx());
        match self.clock.face(agenda, now) {
            Some(face) => {
                let text = egui::RichText::new(format!("{} {}", face.step, face.remaining))
                    .monospace()
                    .color(face.colour(ui.visuals()));
                let spoken = face.spoken();
                let response = ui.label(text);
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Timer, true, &spoken)
                });
                if face.running {
                    self.timer_button_ui(ui, UiCommand::PauseTimer, &tr("timer-pause"), effects);
                } else {
                    self.timer_button_ui(ui, UiCommand::StartTimer, &tr("timer-start"), effects);
                }
                self.timer_button_ui(ui, UiCommand::AddOneMinute, "+1", effects);
                self.timer_button_ui(ui, UiCommand::AddFiveMinutes, "+5", effects);
                self.timer_button_ui(ui, UiCommand::NextAgendaStep, &tr("timer-next"), effects);
            }
            None => {
                ui.label(tr("timer-ready"));
                self.timer_button_ui(ui, UiCommand::StartTimer, &tr("timer-start"), effects);
            }
        }
        ui.separator();
    }

    /// A small button of the timer, named after its command.
    fn timer_button_ui(
        &self,
        ui: &mut egui::Ui,
        command: UiCommand,
        text: &str,
        effects: &mut Vec<Effect>,
    ) {
        let look = self.look(command);
        let response = ui
            .add_enabled(look.enabled, egui::Button::new(text).small())
            .on_hover_text(&look.label)
            .on_disabled_hover_text(&look.label);
        name_command_widget(&response, &look, None);
        if response.clicked() {
            effects.push(Effect::Run(command));
        }
    }

    /// Whether a timer command can run now.
    pub(super) fn timer_command_enabled(&self, command: UiCommand) -> bool {
        let agenda = &self.document.doc().presentation.agenda;
        let started = self.clock.timer().is_some_and(|t| t.step() < agenda.len());
        match command {
            UiCommand::StartTimer => !agenda.is_empty() && !self.clock.is_running(),
            UiCommand::PauseTimer => self.clock.is_running(),
            UiCommand::AddOneMinute | UiCommand::AddFiveMinutes => started,
            UiCommand::NextAgendaStep => self
                .clock
                .timer()
                .is_some_and(|timer| timer.step() + 1 < agenda.len()),
            _ => true,
        }
    }

    /// Runs a timer command at the time of `ctx`.
    pub(super) fn run_timer_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        let now = WorkshopClock::now(ctx);
        let agenda = &self.document.doc().presentation.agenda;
        match command {
            UiCommand::StartTimer => self.clock.start(agenda, now),
            UiCommand::PauseTimer => self.clock.pause(now),
            UiCommand::AddOneMinute => self.clock.add_minutes(1),
            UiCommand::AddFiveMinutes => self.clock.add_minutes(5),
            UiCommand::NextAgendaStep => {
                self.clock.next_step(agenda, now);
            }
            _ => {}
        }
        ctx.request_repaint();
    }
}
