//! A document together with its history: the one door through which a document changes,
//! alone or in a live room.

use std::time::Duration;

use super::{Command, EditError, History};
use crate::live::connection::Connection;
use crate::live::link::Pumped;
use crate::live::replica::Received;
use crate::live::{LiveError, Replica};
use crate::model::Document;

/// A request to the history, as a view emits it while drawing: the editor
/// collects these during a frame and applies them afterwards, so views only
/// ever read the document.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "a view emits a handful of edits per frame; boxing each command buys nothing"
)]
pub enum Edit {
    /// Open a transaction: what follows until [`Edit::Commit`] is one undo step.
    Begin(&'static str),
    /// Execute a command.
    Execute(Command),
    /// Close the transaction.
    Commit,
    /// Cancel the transaction, reverting what it applied (Esc during a gesture).
    Abort,
}

/// A document being edited. The document is readable by anyone and
/// changeable only through commands, which all land in the history.
///
/// In a live room ([`Session::go_live`]) the commands go to the room's live
/// document through a [`Replica`]: undo and redo take back this editor's own
/// steps only, and changes from the room arrive through
/// [`Session::receive_update`]. The history then numbers revisions and
/// tells the dirty state for both.
#[derive(Debug, Default)]
pub struct Session {
    doc: Document,
    history: History,
    live: Option<Box<Replica>>,
}

impl Session {
    /// A session on a document just loaded from (or saved to) a file.
    pub fn opened(doc: Document) -> Self {
        Self {
            doc,
            history: History::new(),
            live: None,
        }
    }

    /// A session on a document that exists on no disk yet (dirty from the start).
    pub fn unsaved(doc: Document) -> Self {
        Self {
            doc,
            history: History::unsaved(),
            live: None,
        }
    }

    /// The document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The history (undo labels, revision, dirty state).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Executes a command.
    pub fn execute(&mut self, command: Command) -> Result<(), EditError> {
        match &mut self.live {
            Some(live) => {
                live.execute(&mut self.doc, command)?;
                self.history.record_change();
                Ok(())
            }
            None => self.history.execute(&mut self.doc, command),
        }
    }

    /// Takes the session into a live room: from now on the document lives
    /// in `replica`, which holds it already (the host's, founded from this
    /// document) or will receive it (a joiner's). The document is read from
    /// the replica; the undo history starts afresh.
    pub fn go_live(&mut self, mut replica: Replica) {
        self.history.close_for_live();
        let doc = replica.read();
        if doc != self.doc {
            self.doc = doc;
            self.history.record_change();
        }
        self.live = Some(Box::new(replica));
    }

    /// The live room's replica, while in one.
    pub fn live(&self) -> Option<&Replica> {
        self.live.as_deref()
    }

    /// The live room's replica, to set this editor's presence or the lock.
    pub fn live_mut(&mut self) -> Option<&mut Replica> {
        self.live.as_deref_mut()
    }

    /// Leaves the live room, keeping the document as it is now; returns the
    /// replica. Undo starts afresh, as after opening a file.
    pub fn leave_live(&mut self) -> Option<Replica> {
        let replica = self.live.take()?;
        self.history.close_for_live();
        Some(*replica)
    }

    /// Applies a Yjs update from the room; the document is read again when
    /// it changed. A malformed update changes nothing.
    pub fn receive_update(&mut self, update: &[u8]) -> Result<bool, LiveError> {
        let Some(live) = &mut self.live else {
            return Ok(false);
        };
        let changed = live.apply_update(&mut self.doc, update)?;
        if changed {
            self.history.record_change();
        }
        Ok(changed)
    }

    /// Handles the frames that arrived together (see
    /// [`Replica::receive_all`]); the map is read once and a changed map is
    /// a new revision.
    pub fn receive_frames<'a>(&mut self, frames: impl IntoIterator<Item = &'a [u8]>) -> Received {
        let Some(live) = &mut self.live else {
            return Received::default();
        };
        let received = live.receive_all(&mut self.doc, frames);
        if received.changed {
            self.history.record_change();
        }
        received
    }

    /// Carries what arrived on `connection` into the live map and sends this
    /// editor's changes (see [`Replica::pump`]); a changed map is a new
    /// revision.
    pub fn pump_live(&mut self, connection: &Connection, wait: Duration) -> Pumped {
        let Some(live) = &mut self.live else {
            return Pumped::default();
        };
        let pumped = live.pump(&mut self.doc, connection, wait);
        if pumped.received.changed {
            self.history.record_change();
        }
        pumped
    }

    /// Builds a command from the current document and executes it:
    /// `session.run(|doc| ops::add_stage(doc, 0, "Arrive"))`.
    pub fn run(&mut self, build: impl FnOnce(&Document) -> Command) -> Result<(), EditError> {
        let command = build(&self.doc);
        self.execute(command)
    }

    /// Applies a view's request.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            Edit::Begin(label) => self.begin(label),
            Edit::Execute(command) => return self.execute(command),
            Edit::Commit => self.commit(),
            Edit::Abort => self.abort(),
        }
        Ok(())
    }

    /// Opens a transaction (one undo step per gesture); see [`History::begin`].
    pub fn begin(&mut self, label: &'static str) {
        match &mut self.live {
            Some(live) => live.begin(label),
            None => self.history.begin(label),
        }
    }

    /// Closes a transaction; see [`History::commit`].
    pub fn commit(&mut self) {
        match &mut self.live {
            Some(live) => live.commit(),
            None => self.history.commit(),
        }
    }

    /// Cancels the open transaction, reverting it; see [`History::abort`].
    pub fn abort(&mut self) {
        match &mut self.live {
            Some(live) => {
                let before = self.doc.clone();
                live.abort(&mut self.doc);
                if self.doc != before {
                    self.history.record_change();
                }
            }
            None => self.history.abort(&mut self.doc),
        }
    }

    /// Undoes the last step; returns its label. In a live room: this
    /// editor's last step, never another's.
    pub fn undo(&mut self) -> Option<&'static str> {
        match &mut self.live {
            Some(live) => {
                let label = live.undo(&mut self.doc)?;
                self.history.record_change();
                Some(label)
            }
            None => self.history.undo(&mut self.doc),
        }
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Option<&'static str> {
        match &mut self.live {
            Some(live) => {
                let label = live.redo(&mut self.doc)?;
                self.history.record_change();
                Some(label)
            }
            None => self.history.redo(&mut self.doc),
        }
    }

    /// Label of the step [`Session::undo`] would take back.
    pub fn undo_label(&self) -> Option<&'static str> {
        match &self.live {
            Some(live) => live.undo_label(),
            None => self.history.undo_label(),
        }
    }

    /// Label of the step [`Session::redo`] would bring back.
    pub fn redo_label(&self) -> Option<&'static str> {
        match &self.live {
            Some(live) => live.redo_label(),
            None => self.history.redo_label(),
        }
    }

    /// Records that the document as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.history.mark_saved();
    }

    /// The document changed since it was last saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }
}
