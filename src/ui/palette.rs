//! The command palette (Ctrl+K, Ctrl+Shift+P): find any command by typing part of its name, in either language.

use super::command::UiCommand;
use super::i18n::{Language, tr, translate};
use super::menu::name_command_widget;

/// How a command looks right now: its name (e.g. "Undo Move card") and whether it can run.
#[derive(Clone, Debug)]
pub struct CommandLook {
    /// The name shown.
    pub label: String,
    /// The command can run now.
    pub enabled: bool,
    /// For a setting: whether it is the current one (shown ticked in menus).
    pub checked: Option<bool>,
    /// Explanation that says more than the command's own, e.g. what a delete takes with it.
    pub tooltip: Option<String>,
}

impl CommandLook {
    /// The explanation shown on hover: the look's own, else the command's.
    pub fn tooltip_for(&self, command: UiCommand) -> String {
        self.tooltip
            .clone()
            .unwrap_or_else(|| command.tooltip().into_owned())
    }
}

/// State of the palette between frames.
#[derive(Debug, Default)]
pub struct Palette {
    open: bool,
    query: String,
    highlighted: usize,
}

impl Palette {
    /// Opens the palette with an empty search.
    pub fn open(&mut self) {
        self.open = true;
        self.query.clear();
        self.highlighted = 0;
    }

    /// The palette is showing.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Draws the palette when open, listing `commands` as they look now;
    /// returns the command the user picked.
    pub fn palette_ui(
        &mut self,
        ctx: &egui::Context,
        commands: &[(UiCommand, CommandLook)],
    ) -> Option<UiCommand> {
        if !self.open {
            return None;
        }
        let matches: Vec<&(UiCommand, CommandLook)> = commands
            .iter()
            .filter(|(command, _)| *command != UiCommand::CommandPalette)
            .filter(|(command, look)| matches_query(&self.query, *command, &look.label))
            .collect();
        self.highlighted = self.highlighted.min(matches.len().saturating_sub(1));
        let mut picked = None;
        let modal = egui::Modal::new(egui::Id::unique("command palette")).show(ctx, |ui| {
            ui.set_width(420.0);
            let label = ui.label(tr("palette-search"));
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text(tr("palette-hint"))
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            // Asked for only when it is missing: every request would cut a composition.
            if !search.has_focus() {
                search.request_focus();
            }
            if search.changed() {
                self.highlighted = 0;
            }
            ui.input_mut(|input| {
                if input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                    self.highlighted = (self.highlighted + 1).min(matches.len().saturating_sub(1));
                }
                if input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                    self.highlighted = self.highlighted.saturating_sub(1);
                }
            });
            let entered = ui.input(|input| input.key_pressed(egui::Key::Enter));
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    if matches.is_empty() {
                        ui.label(tr("palette-no-match"));
                    }
                    for (index, (command, look)) in matches.iter().copied().enumerate() {
                        let mut button = egui::Button::selectable(
                            index == self.highlighted,
                            look.label.as_str(),
                        );
                        let shortcut = command.shortcut_text(ui.ctx());
                        if let Some(shortcut) = &shortcut {
                            button = button.shortcut_text(shortcut.as_str());
                        }
                        let response = ui
                            .add_enabled(look.enabled, button)
                            .on_hover_text(look.tooltip_for(*command))
                            .on_disabled_hover_text(look.tooltip_for(*command));
                        name_command_widget(&response, look, shortcut);
                        if index == self.highlighted {
                            response.scroll_to_me(None);
                        }
                        if response.clicked()
                            || (entered && index == self.highlighted && look.enabled)
                        {
                            picked = Some(*command);
                        }
                    }
                });
        });
        if picked.is_some() || modal.should_close() {
            self.open = false;
        }
        picked
    }
}

/// Every word of `query` appears in the command's name, in the current
/// language or in another one (so "undo" finds 撤销 and 復原 too).
fn matches_query(query: &str, command: UiCommand, label: &str) -> bool {
    let key = command.spec().label;
    let names: Vec<String> = std::iter::once(label.to_lowercase())
        .chain(
            Language::ALL
                .into_iter()
                .map(|language| translate(language, key).to_lowercase()),
        )
        .collect();
    query
        .split_whitespace()
        .map(str::to_lowercase)
        .all(|word| names.iter().any(|name| name.contains(&word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_matches_words_in_any_language() {
        let label = UiCommand::SaveAs.label();
        assert!(matches_query("", UiCommand::SaveAs, &label));
        assert!(matches_query("save as", UiCommand::SaveAs, &label));
        assert!(matches_query("另存", UiCommand::SaveAs, &label));
        assert!(!matches_query("undo", UiCommand::SaveAs, &label));
        // Whatever the UI speaks, 撤销 and 復原 find Undo.
        let label = UiCommand::Undo.label();
        assert!(matches_query("撤销", UiCommand::Undo, &label));
        assert!(matches_query("復原", UiCommand::Undo, &label));
    }
}
