//! Autosave and recovery: unsaved changes written to a recovery file on a timer or when the window loses focus, and the maps left by editors that crashed offered back.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::recovery::{Autosave, Recovered, RecoveryFolder};

use super::StagemapApp;
use crate::ui::dialogs::{RestoreAnswer, RestoreEntry};
use crate::ui::document::OpenDocument;
use crate::ui::i18n::{tr, tr_args};

impl StagemapApp {
    /// Keeps unsaved changes in recovery files in `folder`, and offers to
    /// restore the maps that recovery files there hold, left by editors no
    /// longer running (after a crash); the files of running editors, and
    /// unreadable ones, are left alone. A window started on a recovered map
    /// offers none: the window that opened it offers the others.
    #[must_use]
    pub fn with_recovery(mut self, folder: RecoveryFolder) -> Self {
        if !self.restored_here {
            self.restore_offers = folder
                .recoverable()
                .into_iter()
                .filter_map(Result::ok)
                .collect();
        }
        self.recovery = Some(folder);
        self
    }

    /// Lists again the maps left behind by editors no longer running (those
    /// put off with Later, or left by a window that crashed since), or says
    /// that there are none.
    pub(super) fn offer_recovered_maps(&mut self) {
        self.restore_offers = self
            .recovery
            .as_ref()
            .map(|folder| {
                folder
                    .recoverable()
                    .into_iter()
                    .filter_map(Result::ok)
                    .collect()
            })
            .unwrap_or_default();
        if self.restore_offers.is_empty() {
            self.status = Some(tr("status-no-recovered-maps").into_owned());
        }
    }

    /// A map restored now opens in this window: none was restored here yet
    /// and the map here has no unsaved changes.
    pub(super) fn restores_here(&self) -> bool {
        !self.restored_here && !self.document.is_dirty()
    }

    pub(super) fn restore_answered(&mut self, answer: RestoreAnswer) {
        let (RestoreAnswer::Restore(index) | RestoreAnswer::Discard(index)) = answer else {
            // Kept on disk, offered again at the next start.
            self.restore_offers.clear();
            self.modal = None;
            return;
        };
        if index >= self.restore_offers.len() {
            return;
        }
        let offer = self.restore_offers.remove(index);
        if self.restore_offers.is_empty() {
            self.modal = None;
        }
        let name = offer.document.meta.title.clone();
        match answer {
            RestoreAnswer::Restore(_) if !self.restores_here() => {
                self.status = Some(match open_recovered_window(&offer.recovery_file) {
                    Ok(()) => tr_args("status-restored-new-window", &[("name", &name)]),
                    Err(error) => tr_args(
                        "status-new-window-failed",
                        &[("name", &name), ("reason", &error.to_string())],
                    ),
                });
            }
            RestoreAnswer::Restore(_) => match Autosave::claim(&offer.recovery_file) {
                Ok((autosave, recovered)) => {
                    self.replace_document(OpenDocument::restored(
                        recovered.document,
                        recovered.original,
                    ));
                    self.autosave = autosave;
                    self.restored_here = true;
                    self.status = Some(tr_args("status-restored", &[("name", &name)]));
                }
                Err(error) => self.errors.push(error.to_string()),
            },
            RestoreAnswer::Discard(_) => {
                let discarded = Autosave::claim(&offer.recovery_file)
                    .map_err(|error| error.to_string())
                    .and_then(|(mut autosave, _)| {
                        autosave.discard().map_err(|error| error.to_string())
                    });
                if let Err(reason) = discarded {
                    self.status = Some(tr_args("status-autosave-failed", &[("reason", &reason)]));
                }
            }
            RestoreAnswer::Later => {}
        }
    }

    /// Writes the map to its recovery file when it has unsaved changes not
    /// yet written there and the interval has passed or the window lost
    /// focus; removes the recovery file once nothing is unsaved.
    pub(super) fn autosave_if_due(&mut self, ctx: &egui::Context) {
        let Some(folder) = &self.recovery else {
            return;
        };
        let now = ctx.input(|input| input.time);
        if !self.document.is_dirty() {
            self.autosave_clock = now;
            self.autosaved_revision = None;
            if self.autosave.file().is_some() {
                self.discard_recovery_file();
            }
            return;
        }
        let revision = self.document.session.history().revision();
        if self.autosaved_revision == Some(revision) {
            return;
        }
        let focus_lost = ctx.input(|input| {
            input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::WindowFocused(false)))
        });
        let interval = f64::from(self.settings.autosave_interval());
        let waited = now - self.autosave_clock;
        let timer_due = interval > 0.0 && waited >= interval;
        if !(timer_due || focus_lost) {
            if interval > 0.0 {
                ctx.request_repaint_after(Duration::from_secs_f64(interval - waited));
            }
            return;
        }
        let written = self.autosave.write(
            folder,
            self.document.doc(),
            self.document.path.as_deref(),
            SystemTime::now(),
        );
        self.autosave_clock = now;
        match written {
            Ok(()) => self.autosaved_revision = Some(revision),
            Err(error) => {
                self.status = Some(tr_args(
                    "status-autosave-failed",
                    &[("reason", &error.to_string())],
                ));
            }
        }
    }

    /// Removes the open map's recovery file: its changes are saved or given up.
    pub(super) fn discard_recovery_file(&mut self) {
        self.autosaved_revision = None;
        if let Err(error) = self.autosave.discard() {
            self.status = Some(tr_args(
                "status-autosave-failed",
                &[("reason", &error.to_string())],
            ));
        }
    }
}

/// How the restore dialog lists a recovered map: title, file, when kept (local time and how long ago), cards.
pub(super) fn restore_entry(offer: &Recovered, now: SystemTime) -> RestoreEntry {
    let file = offer.original.as_ref().map_or_else(
        || tr("restore-untitled").into_owned(),
        |path| path.display().to_string(),
    );
    let local = jiff::Timestamp::try_from(offer.written_at)
        .map(|time| {
            time.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let kept = format!("{local} ({})", age_text(offer.written_at, now));
    RestoreEntry {
        name: offer.document.meta.title.clone(),
        file,
        kept: kept.trim().to_owned(),
        cards: offer.document.cards.len(),
    }
}

/// Opens the map in the recovery file `path` in a new window: the program
/// again, in a process of its own, told to take the file over.
pub(super) fn open_recovered_window(path: &Path) -> std::io::Result<()> {
    let program = std::env::current_exe()?;
    let mut child = std::process::Command::new(program)
        .arg("--recover")
        .arg(path)
        .spawn()?;
    // The window lives on its own; a thread reaps it when it closes, so no
    // finished process is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// How long ago `then` was, as of `now`, in words: "5 minutes ago".
pub(super) fn age_text(then: SystemTime, now: SystemTime) -> String {
    let minutes = now.duration_since(then).unwrap_or_default().as_secs() / 60;
    let (key, count) = match minutes {
        0 => return tr("age-just-now").into_owned(),
        1 => return tr("age-one-minute").into_owned(),
        2..120 => ("age-minutes", minutes),
        120..2880 => ("age-hours", minutes / 60),
        _ => ("age-days", minutes / 1440),
    };
    tr_args(key, &[("count", &count.to_string())])
}
