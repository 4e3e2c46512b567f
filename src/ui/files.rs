//! Choosing a file to open or save to: the system's file dialog when there is one, else a path typed into the window.
//!
//! The system dialog runs on a worker thread, so the window keeps drawing
//! while it is open. Where no system dialog can be shown (on Linux: no
//! desktop portal and no zenity), rfd gives up at once; a "cancelled" that
//! comes back faster than a person could cancel is taken as that, the user is
//! told, and the in-window path field takes over for the rest of the run.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::i18n::tr;

/// A dialog that answers sooner than this without a file was not shown at all.
const FASTER_THAN_A_PERSON: Duration = Duration::from_millis(400);

/// What the chosen file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    /// A map to open.
    Open,
    /// A spreadsheet to make a new map from.
    Import,
    /// Where to save the map.
    SaveAs,
    /// Where to write an export with this extension (no dot).
    Export(&'static str),
}

/// What a file dialog answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileAnswer {
    /// What the file was asked for.
    pub purpose: FilePurpose,
    /// The chosen file; `None` when the user cancelled.
    pub path: Option<PathBuf>,
}

/// Which kind of dialog asks for a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// The operating system's file dialog (through rfd).
    System,
    /// A path typed into a field in the window.
    InWindow,
}

/// A system dialog that is open on a worker thread.
#[derive(Debug)]
struct Waiting {
    purpose: FilePurpose,
    /// Where the dialog started, for the in-window dialog should it take over.
    suggestion: PathBuf,
    answer: mpsc::Receiver<Option<PathBuf>>,
    started: Instant,
}

/// The in-window dialog: a path field and a confirm button.
#[derive(Clone, Debug)]
struct PathPrompt {
    purpose: FilePurpose,
    text: String,
    /// Why the system dialog is not used (translation key), shown above the field.
    note: Option<&'static str>,
    /// The field has been given the keyboard once.
    focused: bool,
}

/// Asks the user for a file, one request at a time.
#[derive(Debug)]
pub struct FileChooser {
    kind: DialogKind,
    waiting: Option<Waiting>,
    prompt: Option<PathPrompt>,
}

impl FileChooser {
    /// A chooser that starts with `kind` of dialog.
    pub fn new(kind: DialogKind) -> Self {
        Self {
            kind,
            waiting: None,
            prompt: None,
        }
    }

    /// A dialog is open; the rest of the window waits for it.
    pub fn is_open(&self) -> bool {
        self.waiting.is_some() || self.prompt.is_some()
    }

    /// Asks for a file for `purpose`, starting at `suggestion` (a folder for
    /// Open, a file for Save As). The answer arrives through [`Self::poll`].
    pub fn ask(
        &mut self,
        purpose: FilePurpose,
        suggestion: &Path,
        ctx: &egui::Context,
        frame: &eframe::Frame,
    ) {
        if self.is_open() {
            return;
        }
        match self.kind {
            DialogKind::System => self.ask_system(purpose, suggestion, ctx, frame),
            DialogKind::InWindow => self.ask_in_window(purpose, suggestion, None),
        }
    }

    fn ask_in_window(
        &mut self,
        purpose: FilePurpose,
        suggestion: &Path,
        note: Option<&'static str>,
    ) {
        let mut text = suggestion.display().to_string();
        if matches!(purpose, FilePurpose::Open | FilePurpose::Import)
            && !text.is_empty()
            && !text.ends_with(std::path::MAIN_SEPARATOR)
        {
            text.push(std::path::MAIN_SEPARATOR);
        }
        self.prompt = Some(PathPrompt {
            purpose,
            text,
            note,
            focused: false,
        });
    }

    fn ask_system(
        &mut self,
        purpose: FilePurpose,
        suggestion: &Path,
        ctx: &egui::Context,
        frame: &eframe::Frame,
    ) {
        let mut dialog = match purpose {
            FilePurpose::Export(extension) => {
                rfd::AsyncFileDialog::new().add_filter(tr("file-filter-export"), &[extension])
            }
            FilePurpose::Import => rfd::AsyncFileDialog::new().add_filter(
                tr("file-filter-spreadsheets"),
                crate::csv_io::SPREADSHEET_EXTENSIONS,
            ),
            _ => rfd::AsyncFileDialog::new().add_filter(tr("file-filter-maps"), &["ron"]),
        }
        .set_parent(frame);
        let (folder, file_name) = match purpose {
            FilePurpose::Open | FilePurpose::Import => (Some(suggestion), None),
            FilePurpose::SaveAs | FilePurpose::Export(_) => {
                (suggestion.parent(), suggestion.file_name())
            }
        };
        if let Some(folder) = folder.filter(|folder| folder.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(name) = file_name {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        let (send, answer) = mpsc::channel();
        let repaint = ctx.clone();
        let future: std::pin::Pin<Box<dyn Future<Output = _> + Send>> = match purpose {
            FilePurpose::Open => Box::pin(dialog.set_title(tr("dialog-open-title")).pick_file()),
            FilePurpose::Import => {
                Box::pin(dialog.set_title(tr("dialog-import-title")).pick_file())
            }
            FilePurpose::SaveAs => Box::pin(dialog.set_title(tr("dialog-save-title")).save_file()),
            FilePurpose::Export(_) => {
                Box::pin(dialog.set_title(tr("dialog-export-title")).save_file())
            }
        };
        let spawned = std::thread::Builder::new()
            .name("file dialog".to_owned())
            .spawn(move || {
                let chosen = pollster::block_on(future).map(|handle| handle.path().to_owned());
                // The window may have closed meanwhile; then nobody needs the answer.
                let _ = send.send(chosen);
                repaint.request_repaint();
            });
        if spawned.is_err() {
            self.kind = DialogKind::InWindow;
            self.ask_in_window(purpose, suggestion, Some("dialog-no-system-dialog"));
            return;
        }
        self.waiting = Some(Waiting {
            purpose,
            suggestion: suggestion.to_owned(),
            answer,
            started: Instant::now(),
        });
    }

    /// The system dialog's answer once it has one: the file, or `None` when
    /// the user cancelled. Switches to the in-window dialog, and answers
    /// nothing yet, when the system dialog could not be shown.
    pub fn poll(&mut self) -> Option<FileAnswer> {
        let waiting = self.waiting.as_ref()?;
        let answer = match waiting.answer.try_recv() {
            Ok(answer) => answer,
            Err(mpsc::TryRecvError::Empty) => return None,
            Err(mpsc::TryRecvError::Disconnected) => None,
        };
        let Waiting {
            purpose,
            suggestion,
            started,
            ..
        } = self.waiting.take()?;
        match answer {
            None if started.elapsed() < FASTER_THAN_A_PERSON => {
                self.kind = DialogKind::InWindow;
                self.ask_in_window(purpose, &suggestion, Some("dialog-no-system-dialog"));
                None
            }
            path => Some(FileAnswer { purpose, path }),
        }
    }

    /// Draws the in-window dialog when it is open; returns its answer once given.
    pub fn prompt_ui(&mut self, ctx: &egui::Context) -> Option<FileAnswer> {
        let prompt = self.prompt.as_mut()?;
        let (title, confirm) = match prompt.purpose {
            FilePurpose::Open => (tr("dialog-open-title"), tr("dialog-open-confirm")),
            FilePurpose::Import => (tr("dialog-import-title"), tr("dialog-import-confirm")),
            FilePurpose::SaveAs => (tr("dialog-save-title"), tr("dialog-save-confirm")),
            FilePurpose::Export(_) => (tr("dialog-export-title"), tr("dialog-export-confirm")),
        };
        let mut confirmed = false;
        let mut cancelled = false;
        egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.heading(title.as_ref());
            if let Some(note) = prompt.note {
                ui.label(tr(note));
            }
            let label = ui.label(tr("dialog-path-label"));
            let field = ui.add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .desired_width(f32::INFINITY)
                    .hint_text(tr("dialog-path-hint")),
            );
            let field = field.labelled_by(label.id);
            if !prompt.focused {
                field.request_focus();
                prompt.focused = true;
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let has_text = !prompt.text.trim().is_empty();
                confirmed = ui
                    .add_enabled(has_text, egui::Button::new(confirm.as_ref()))
                    .clicked()
                    || (entered && has_text);
                cancelled = ui.button(tr("button-cancel")).clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::Escape));
            });
        });
        if confirmed || cancelled {
            let prompt = self.prompt.take()?;
            let path = confirmed.then(|| expand_home(prompt.text.trim()));
            return Some(FileAnswer {
                purpose: prompt.purpose,
                path,
            });
        }
        None
    }
}

/// `~/maps/x` → the home folder's `maps/x`; other paths as typed.
fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = std::env::home_dir()
    {
        return home.join(rest);
    }
    PathBuf::from(text)
}
