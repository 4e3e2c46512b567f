//! The menu bar: File, Edit, View, Share, Workshop, built from the user commands.

use std::path::PathBuf;

use crate::samples::TEMPLATES;

use super::app::Effect;
use super::command::UiCommand;
use super::dialogs::template_name;
use super::i18n::tr;
use super::palette::CommandLook;

/// Draws the menu bar; what the user picks is pushed to `effects`.
pub fn menu_bar_ui(
    ui: &mut egui::Ui,
    look: &dyn Fn(UiCommand) -> CommandLook,
    recent_files: &[PathBuf],
    effects: &mut Vec<Effect>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(tr("menu-file"), |ui| {
            ui.menu_button(tr("menu-new"), |ui| {
                if ui.button(tr("template-blank")).clicked() {
                    effects.push(Effect::NewMap(None));
                }
                for template in TEMPLATES {
                    if ui.button(template_name(template)).clicked() {
                        effects.push(Effect::NewMap(Some(template)));
                    }
                }
            });
            command_item_ui(ui, UiCommand::Open, look, effects);
            command_item_ui(ui, UiCommand::Import, look, effects);
            ui.menu_button(tr("menu-recent"), |ui| {
                if recent_files.is_empty() {
                    ui.add_enabled(false, egui::Button::new(tr("menu-recent-none")));
                }
                for path in recent_files {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    let item = ui.button(name).on_hover_text(path.display().to_string());
                    if item.clicked() {
                        effects.push(Effect::OpenPath(path.clone()));
                    }
                }
            });
            ui.separator();
            command_item_ui(ui, UiCommand::Save, look, effects);
            command_item_ui(ui, UiCommand::SaveAs, look, effects);
            command_item_ui(ui, UiCommand::Export, look, effects);
            command_item_ui(ui, UiCommand::ExportSlides, look, effects);
            command_item_ui(ui, UiCommand::RecoveredMaps, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::Preferences, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::Quit, look, effects);
        });
        ui.menu_button(tr("menu-edit"), |ui| {
            command_item_ui(ui, UiCommand::Undo, look, effects);
            command_item_ui(ui, UiCommand::Redo, look, effects);
            ui.separator();
            for command in [
                UiCommand::Cut,
                UiCommand::Copy,
                UiCommand::Paste,
                UiCommand::Duplicate,
                UiCommand::Delete,
                UiCommand::SelectAll,
            ] {
                command_item_ui(ui, command, look, effects);
            }
            ui.separator();
            command_item_ui(ui, UiCommand::AddCard, look, effects);
            command_item_ui(ui, UiCommand::AddStage, look, effects);
            command_item_ui(ui, UiCommand::AddStep, look, effects);
            command_item_ui(ui, UiCommand::AddLane, look, effects);
            command_item_ui(ui, UiCommand::AddEmotionLane, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::DeleteStage, look, effects);
            command_item_ui(ui, UiCommand::DeleteStep, look, effects);
            command_item_ui(ui, UiCommand::DeleteLane, look, effects);
        });
        ui.menu_button(tr("menu-view"), |ui| {
            for command in [
                UiCommand::FitMap,
                UiCommand::ZoomActual,
                UiCommand::ZoomIn,
                UiCommand::ZoomOut,
            ] {
                command_item_ui(ui, command, look, effects);
            }
            ui.menu_button(tr("menu-layers"), |ui| {
                for command in [
                    UiCommand::LayersAll,
                    UiCommand::LayersUpToBackstage,
                    UiCommand::LayersFrontstageOnly,
                ] {
                    command_item_ui(ui, command, look, effects);
                }
            });
            ui.separator();
            command_item_ui(ui, UiCommand::Present, look, effects);
            command_item_ui(ui, UiCommand::PresenterView, look, effects);
            command_item_ui(ui, UiCommand::ToggleFullScreen, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::ToggleInspector, look, effects);
            command_item_ui(ui, UiCommand::ToggleInsights, look, effects);
            command_item_ui(ui, UiCommand::TogglePersonas, look, effects);
            command_item_ui(ui, UiCommand::ToggleViews, look, effects);
            command_item_ui(ui, UiCommand::CommandPalette, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::ReadabilityCheck, look, effects);
            ui.menu_button(tr("menu-timer"), |ui| {
                for command in [
                    UiCommand::StartTimer,
                    UiCommand::PauseTimer,
                    UiCommand::AddOneMinute,
                    UiCommand::AddFiveMinutes,
                    UiCommand::NextAgendaStep,
                ] {
                    command_item_ui(ui, command, look, effects);
                }
            });
            ui.separator();
            ui.menu_button(tr("menu-language"), |ui| {
                command_item_ui(ui, UiCommand::UseEnglish, look, effects);
                command_item_ui(ui, UiCommand::UseSimplifiedChinese, look, effects);
                command_item_ui(ui, UiCommand::UseTraditionalChinese, look, effects);
                ui.separator();
                command_item_ui(ui, UiCommand::ToggleLanguage, look, effects);
            });
            ui.menu_button(tr("menu-theme"), |ui| {
                command_item_ui(ui, UiCommand::ThemeSystem, look, effects);
                command_item_ui(ui, UiCommand::ThemeLight, look, effects);
                command_item_ui(ui, UiCommand::ThemeDark, look, effects);
                ui.separator();
                command_item_ui(ui, UiCommand::ToggleTheme, look, effects);
            });
        });
        ui.menu_button(tr("menu-share"), |ui| {
            command_item_ui(ui, UiCommand::LiveOpen, look, effects);
            command_item_ui(ui, UiCommand::LiveJoin, look, effects);
            command_item_ui(ui, UiCommand::LiveRoom, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::LiveLockStructure, look, effects);
            command_item_ui(ui, UiCommand::LiveFollowHost, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::LiveLeave, look, effects);
        });
        ui.menu_button(tr("menu-workshop"), |ui| {
            for command in [
                UiCommand::StartVoting,
                UiCommand::PassTheLaptop,
                UiCommand::NextParticipant,
                UiCommand::RevealVotes,
                UiCommand::VotingResults,
            ] {
                command_item_ui(ui, command, look, effects);
            }
            ui.separator();
            command_item_ui(ui, UiCommand::ImpactEffortMatrix, look, effects);
            command_item_ui(ui, UiCommand::ConceptScreening, look, effects);
            ui.separator();
            command_item_ui(ui, UiCommand::TurnIntoAction, look, effects);
            command_item_ui(ui, UiCommand::ToggleActions, look, effects);
        });
    });
}

/// One menu entry for a command: its current name, its shortcut, its tooltip, ticked for the current setting.
fn command_item_ui(
    ui: &mut egui::Ui,
    command: UiCommand,
    look: &dyn Fn(UiCommand) -> CommandLook,
    effects: &mut Vec<Effect>,
) {
    let look = look(command);
    let mut button = match look.checked {
        Some(checked) => egui::Button::selectable(checked, look.label.as_str()),
        None => egui::Button::new(look.label.as_str()),
    };
    let shortcut = command.shortcut_text(ui.ctx());
    if let Some(shortcut) = &shortcut {
        button = button.shortcut_text(shortcut.as_str());
    }
    let response = ui
        .add_enabled(look.enabled, button)
        .on_hover_text(look.tooltip_for(command))
        .on_disabled_hover_text(look.tooltip_for(command));
    name_command_widget(&response, &look, shortcut);
    if response.clicked() {
        effects.push(Effect::Run(command));
    }
}

/// Names a command's button for assistive technology by the command alone,
/// with its shortcut as the shortcut property rather than part of the name.
pub fn name_command_widget(
    response: &egui::Response,
    look: &CommandLook,
    shortcut: Option<String>,
) {
    let info = || match look.checked {
        Some(checked) => egui::WidgetInfo::selected(
            egui::accesskit::Role::Button,
            look.enabled,
            checked,
            &look.label,
        ),
        None => egui::WidgetInfo::labeled(egui::accesskit::Role::Button, look.enabled, &look.label),
    };
    response.widget_info(info);
    if let Some(shortcut) = shortcut {
        response.ctx.accesskit_node_builder(response.id, |node| {
            node.set_keyboard_shortcut(shortcut);
        });
    }
}
