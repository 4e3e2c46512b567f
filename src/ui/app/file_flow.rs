//! The file flow: new, open (recent files and dropped files too; spreadsheets are imported), save and save as, the unsaved-changes prompt before a map is replaced or the window closes, and the conflict with a file changed on disk.

use std::path::{Path, PathBuf};

use crate::format::LoadError;
use crate::model::Document;
use crate::samples::Template;

use super::{Continuation, Modal, StagemapApp};
use crate::ui::canvas::CanvasState;
use crate::ui::dialogs::{ConflictAnswer, SaveFailedAnswer, UnsavedAnswer};
use crate::ui::document::{OpenDocument, with_map_extension};
use crate::ui::files::{FileAnswer, FilePurpose};
use crate::ui::i18n::{self, tr, tr_args};
use crate::ui::import::import_spreadsheet;
use crate::ui::insights::InsightsPanel;
use crate::ui::inspector::Inspector;
use crate::ui::personas::PersonaPanel;

impl StagemapApp {
    /// Goes on with `next` now, or first asks about unsaved changes.
    pub(super) fn request(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        next: Continuation,
    ) {
        if self.document.is_dirty() {
            self.modal = Some(Modal::Unsaved(next));
        } else {
            self.proceed(ctx, frame, next);
        }
    }

    pub(super) fn proceed(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        next: Continuation,
    ) {
        match next {
            Continuation::NewMap(template) => self.new_map(template),
            Continuation::Open(Some(path)) => self.open_path(&path),
            Continuation::Open(None) => {
                let folder = self.suggested_folder();
                self.files.ask(FilePurpose::Open, &folder, ctx, frame);
            }
            Continuation::Import => {
                let folder = self.suggested_folder();
                self.files.ask(FilePurpose::Import, &folder, ctx, frame);
            }
            Continuation::Join(link) => self.join_room(link),
            Continuation::Close => {
                self.discard_recovery_file();
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    pub(super) fn unsaved_answered(
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

    pub(super) fn new_map(&mut self, template: Option<&'static Template>) {
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

    /// Opens a map file, or imports a spreadsheet (by its extension) as a new map.
    pub(super) fn open_path(&mut self, path: &Path) {
        if crate::csv_io::is_spreadsheet(path) {
            match import_spreadsheet(path) {
                Ok((document, status)) => {
                    self.replace_document(document);
                    self.status = Some(status);
                }
                Err(error) => self.errors.push(error),
            }
            return;
        }
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

    pub(super) fn replace_document(&mut self, document: OpenDocument) {
        // Another map: the live room of this one is left (or closed) first.
        self.leave_room();
        self.discard_recovery_file();
        self.document = document;
        self.canvas = CanvasState::default();
        self.inspector = Inspector::default();
        self.added = None;
        self.insights = InsightsPanel::default();
        self.personas = PersonaPanel::default();
        self.views = crate::ui::views::ViewsPanel::default();
        self.actions = crate::ui::actions::ActionsPanel::default();
        self.voting = crate::ui::voting::Voting::default();
        // The workshop windows stay open on the new map, holding nothing of the old one.
        let (matrix_open, screening_open) = (self.matrix.is_open(), self.screening.is_open());
        self.matrix = crate::ui::matrix::MatrixWindow::default();
        self.screening = crate::ui::screening::ScreeningWindow::default();
        if matrix_open {
            self.matrix.open();
        }
        if screening_open {
            self.screening.open();
        }
        self.clock.reset();
    }

    pub(super) fn save(&mut self, ctx: &egui::Context, frame: &eframe::Frame) {
        match self.document.path.clone() {
            Some(path) => self.save_to(ctx, frame, &path, false),
            None => self.ask_save_as(ctx, frame),
        }
    }

    pub(super) fn ask_save_as(&mut self, ctx: &egui::Context, frame: &eframe::Frame) {
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
    pub(super) fn save_to(
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

    pub(super) fn save_failed_answered(
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

    pub(super) fn conflict_answered(
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

    pub(super) fn reload_answered(&mut self, reload: bool) {
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

    pub(super) fn file_chosen(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        answer: FileAnswer,
    ) {
        match (answer.purpose, answer.path) {
            (FilePurpose::Open | FilePurpose::Import, Some(path)) => self.open_path(&path),
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
    pub(super) fn suggested_folder(&self) -> PathBuf {
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
}

/// A map with nothing in it yet, titled in the UI language.
pub(super) fn blank_map() -> Document {
    let mut doc = Document::new(tr("untitled"));
    doc.meta.language = i18n::current().tag().to_owned();
    doc
}

/// A file name made from a map's name: characters that files cannot hold become `-`.
pub(super) fn file_stem_for(name: &str) -> String {
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
pub(super) fn load_error_text(error: &LoadError) -> String {
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
