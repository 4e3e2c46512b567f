//! A document together with its history: the one door through which a document changes.

use super::{Command, EditError, History};
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
#[derive(Clone, Debug, Default)]
pub struct Session {
    doc: Document,
    history: History,
}

impl Session {
    /// A session on a document just loaded from (or saved to) a file.
    pub fn opened(doc: Document) -> Self {
        Self {
            doc,
            history: History::new(),
        }
    }

    /// A session on a document that exists on no disk yet (dirty from the start).
    pub fn unsaved(doc: Document) -> Self {
        Self {
            doc,
            history: History::unsaved(),
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
        self.history.execute(&mut self.doc, command)
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
        self.history.begin(label);
    }

    /// Closes a transaction; see [`History::commit`].
    pub fn commit(&mut self) {
        self.history.commit();
    }

    /// Cancels the open transaction, reverting it; see [`History::abort`].
    pub fn abort(&mut self) {
        self.history.abort(&mut self.doc);
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Option<&'static str> {
        self.history.undo(&mut self.doc)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Option<&'static str> {
        self.history.redo(&mut self.doc)
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
