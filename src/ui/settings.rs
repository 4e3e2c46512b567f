//! What the editor remembers between runs (theme, language, recent files, how often to autosave), kept in eframe's storage, never in a map; and the preferences window that sets them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::export::ExportChoices;
use super::i18n::{Language, tr, tr_args};

/// How many recent files the File menu lists.
pub const MAX_RECENT_FILES: usize = 10;

/// How often unsaved changes go to the recovery file unless the settings say otherwise.
pub const DEFAULT_AUTOSAVE_SECONDS: u32 = 30;

/// The autosave intervals the preferences offer, in seconds; 0 writes only
/// when the window loses focus.
pub const AUTOSAVE_CHOICES: [u32; 7] = [10, 30, 60, 120, 300, 600, 0];

/// The saved preferences of the editor. The window size is kept by eframe
/// itself in the same storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Light, dark, or as the system says.
    pub theme: ThemeChoice,
    /// The UI language; `None` follows the system locale.
    pub language: Option<Language>,
    /// Files opened or saved lately, newest first.
    pub recent_files: Vec<PathBuf>,
    /// The inspector panel is hidden.
    pub inspector_hidden: bool,
    /// Seconds between writes of unsaved changes to the recovery file;
    /// `None` for [`DEFAULT_AUTOSAVE_SECONDS`], `Some(0)` to write only when
    /// the window loses focus.
    pub autosave_seconds: Option<u32>,
    /// The choices of the last export, offered again by File → Export.
    pub export: ExportChoices,
    /// The room maps are presented in: how far the back row sits and how wide
    /// the projected image is, for the readability check and presentation zoom.
    pub room: crate::presentation::Room,
    /// Views change without moving the camera (a presentation jumps from
    /// view to view instead of gliding).
    pub reduce_motion: bool,
    /// The name others see in a live room.
    pub live_name: String,
    /// The colour others see in a live room, `#rrggbb` (empty: one is picked).
    pub live_colour: String,
}

/// The environment variable that asks for reduced motion whatever the
/// settings say (`1`); egui cannot ask the system.
pub const REDUCE_MOTION_VAR: &str = "STAGEMAP_REDUCE_MOTION";

impl Settings {
    /// Puts `path` first in the recent files, once, keeping at most [`MAX_RECENT_FILES`].
    pub fn remember_file(&mut self, path: &Path) {
        self.recent_files.retain(|recent| recent != path);
        self.recent_files.insert(0, path.to_owned());
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    /// Drops `path` from the recent files (e.g. after it failed to open).
    pub fn forget_file(&mut self, path: &Path) {
        self.recent_files.retain(|recent| recent != path);
    }

    /// Seconds between writes of unsaved changes to the recovery file; 0 for none on a timer.
    pub fn autosave_interval(&self) -> u32 {
        self.autosave_seconds.unwrap_or(DEFAULT_AUTOSAVE_SECONDS)
    }

    /// Motion is to be reduced: by the preference or by [`REDUCE_MOTION_VAR`] set to `1`.
    pub fn motion_reduced(&self) -> bool {
        self.reduce_motion
            || std::env::var(REDUCE_MOTION_VAR).is_ok_and(|value| value.trim() == "1")
    }

    /// The language the UI speaks: the chosen one, or `system` (the system locale's).
    pub fn effective_language(&self, system: Language) -> Language {
        self.language.unwrap_or(system)
    }
}

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl ThemeChoice {
    /// egui's name for the choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// An autosave interval in words: "Every 5 minutes".
pub fn autosave_choice_label(seconds: u32) -> String {
    match seconds {
        0 => tr("autosave-off").into_owned(),
        1..60 => tr_args("autosave-seconds", &[("count", &seconds.to_string())]),
        60 => tr("autosave-minute").into_owned(),
        _ => tr_args(
            "autosave-minutes",
            &[("count", &(seconds / 60).to_string())],
        ),
    }
}

/// The preferences window, while `open`: changes to `settings` take effect at once.
pub fn preferences_ui(ctx: &egui::Context, settings: &mut Settings, open: &mut bool) {
    let mut keep_open = *open;
    egui::Window::new(tr("preferences-title"))
        .id(egui::Id::unique("preferences"))
        .open(&mut keep_open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.strong(tr("preferences-autosave"));
            ui.label(tr("preferences-autosave-explained"));
            ui.add_space(4.0);
            let mut seconds = settings.autosave_interval();
            for choice in AUTOSAVE_CHOICES {
                ui.radio_value(&mut seconds, choice, autosave_choice_label(choice));
            }
            if seconds != settings.autosave_interval() {
                settings.autosave_seconds = Some(seconds);
            }
            ui.add_space(8.0);
            ui.strong(tr("readability-room"));
            ui.label(tr("preferences-room-explained"));
            super::readability::room_fields_ui(ui, &mut settings.room);
            ui.checkbox(&mut settings.reduce_motion, tr("preferences-reduce-motion"))
                .on_hover_text(tr("preferences-reduce-motion-tip"));
            ui.add_space(8.0);
            if ui.button(tr("button-close")).clicked() {
                *open = false;
            }
        });
    // Closed by its title bar's button.
    *open &= keep_open;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_newest_first_unique_and_bounded() {
        let mut settings = Settings::default();
        for index in 0..MAX_RECENT_FILES + 3 {
            settings.remember_file(Path::new(&format!("map{index}.stagemap.ron")));
        }
        settings.remember_file(Path::new("map5.stagemap.ron"));
        assert_eq!(settings.recent_files.len(), MAX_RECENT_FILES);
        assert_eq!(settings.recent_files[0], Path::new("map5.stagemap.ron"));
        let fives = settings
            .recent_files
            .iter()
            .filter(|path| path.as_path() == Path::new("map5.stagemap.ron"))
            .count();
        assert_eq!(fives, 1);
        settings.forget_file(Path::new("map5.stagemap.ron"));
        assert!(
            !settings
                .recent_files
                .iter()
                .any(|p| p.ends_with("map5.stagemap.ron"))
        );
    }

    #[test]
    fn settings_round_trip_through_ron() {
        let mut settings = Settings {
            theme: ThemeChoice::Dark,
            language: Some(Language::TraditionalChinese),
            ..Settings::default()
        };
        settings.remember_file(Path::new("酒店.stagemap.ron"));
        let text = ron::to_string(&settings).unwrap();
        let back: Settings = ron::from_str(&text).unwrap();
        assert_eq!(back, settings);
    }
}
