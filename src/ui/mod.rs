//! The desktop editor (feature `gui`): an eframe window around the canvas, with menus, inspector, files and settings.

pub mod actions;
pub mod app;
pub mod canvas;
pub mod clipboard;
pub mod command;
pub mod dialogs;
pub mod document;
pub mod export;
mod field_visit;
pub mod files;
pub mod fonts;
pub mod i18n;
pub mod ime;
pub mod import;
pub mod insights;
pub mod inspector;
pub mod live;
pub mod matrix;
pub mod menu;
pub mod palette;
pub mod personas;
pub mod present;
pub mod readability;
pub mod screening;
pub mod settings;
pub mod views;
pub mod voting;
pub mod workshop_clock;

use std::path::PathBuf;

pub use app::{AppOptions, StagemapApp, Startup};

use crate::recovery::RecoveryFolder;

/// Opens the editor window on `file`, or on the built-in sample map; or,
/// given `recover`, on the map in that recovery file (left by a crash); or,
/// given `join`, on a new map joined to that live room.
pub fn run(
    file: Option<PathBuf>,
    recover: Option<PathBuf>,
    join: Option<crate::live::address::JoinLink>,
) -> anyhow::Result<()> {
    let startup = match (join, recover, file) {
        (Some(link), _, _) => Startup::Join(link),
        (None, Some(recovery_file), _) => Startup::Recover(recovery_file),
        (None, None, file) => file.map_or(Startup::Sample, Startup::File),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(i18n::translate(i18n::Language::English, "app-name"))
            .with_app_id("stagemap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Stagemap",
        options,
        Box::new(|cc| {
            let app = StagemapApp::new(cc, startup, AppOptions::default());
            // Unsaved changes are kept in the user's data folder against a crash.
            let app = match eframe::storage_dir("stagemap") {
                Some(data) => app.with_recovery(RecoveryFolder::new(data.join("recovery"))),
                None => app,
            };
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("the editor window could not be opened: {error}"))
}
