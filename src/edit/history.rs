//! Undo and redo: transactions group commands into one step per gesture, and a
//! revision number tells whether the document changed since it was saved.

use super::command::{Command, EditError, undo_all};
use crate::model::Document;

/// How many undo steps are kept by default.
pub const DEFAULT_LIMIT: usize = 1000;

/// One undo (or redo) step.
#[derive(Clone, Debug)]
struct Entry {
    /// Label key of the step (see [`Command::label`]).
    label: &'static str,
    /// Commands that revert the step, in the order they must be applied.
    revert: Vec<Command>,
    /// Revision of the document before the step.
    before: u64,
    /// Revision of the document after the step.
    after: u64,
}

/// An open group of commands that will become one undo step.
#[derive(Clone, Debug)]
struct Transaction {
    label: &'static str,
    /// Inverses of the applied commands, in application order.
    inverses: Vec<Command>,
    before: u64,
    depth: usize,
}

/// The undo/redo history of one document.
///
/// Every state of the document has a revision number; undo and redo return to
/// the number the state had, so "dirty" is simply "the revision differs from
/// the saved one".
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    open: Option<Transaction>,
    revision: u64,
    last_issued: u64,
    saved: Option<u64>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

impl History {
    /// An empty history for a document that is as it was loaded (not dirty).
    pub fn new() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            open: None,
            revision: 0,
            last_issued: 0,
            saved: Some(0),
            limit: DEFAULT_LIMIT,
        }
    }

    /// An empty history for a document that has never been saved (dirty).
    pub fn unsaved() -> Self {
        Self {
            saved: None,
            ..Self::new()
        }
    }

    /// Keeps at most `limit` undo steps; older ones are dropped.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit.max(1);
        self
    }

    /// Applies a command. Inside a transaction it joins that transaction;
    /// otherwise it becomes its own undo step. Clears the redo list.
    pub fn execute(&mut self, doc: &mut Document, command: Command) -> Result<(), EditError> {
        let label = command.label();
        let inverse = command.apply(doc)?;
        let before = self.revision;
        self.revision = self.issue_revision();
        self.redo.clear();
        if let Some(transaction) = &mut self.open {
            transaction.inverses.push(inverse);
        } else {
            self.push_undo(Entry {
                label,
                revert: vec![inverse],
                before,
                after: self.revision,
            });
        }
        Ok(())
    }

    /// Opens a transaction: the commands executed until [`History::commit`]
    /// become one undo step named `label`. Nested calls join the outer one.
    pub fn begin(&mut self, label: &'static str) {
        match &mut self.open {
            Some(transaction) => transaction.depth += 1,
            None => {
                self.open = Some(Transaction {
                    label,
                    inverses: Vec::new(),
                    before: self.revision,
                    depth: 1,
                });
            }
        }
    }

    /// Closes the innermost transaction; the outermost one becomes an undo
    /// step if it changed anything.
    pub fn commit(&mut self) {
        let Some(transaction) = &mut self.open else {
            return;
        };
        if transaction.depth > 1 {
            transaction.depth -= 1;
            return;
        }
        let Some(transaction) = self.open.take() else {
            return;
        };
        if transaction.inverses.is_empty() {
            return;
        }
        self.push_undo(Entry {
            label: transaction.label,
            revert: reversed(transaction.inverses),
            before: transaction.before,
            after: self.revision,
        });
    }

    /// Cancels the open transaction (all levels): reverts what it applied and
    /// leaves nothing to undo. Used when a gesture is cancelled with Esc.
    pub fn abort(&mut self, doc: &mut Document) {
        if let Some(transaction) = self.open.take() {
            undo_all(doc, transaction.inverses);
            self.revision = transaction.before;
        }
    }

    /// Records a change made outside this history (by a live room, or this
    /// editor's steps there): a new revision, so the document is dirty and
    /// views redraw; nothing to undo here.
    pub fn record_change(&mut self) {
        self.revision = self.issue_revision();
    }

    /// Forgets the undo and redo steps (their commands would not apply to a
    /// document others changed); on entering and leaving a live room.
    pub fn close_for_live(&mut self) {
        self.open = None;
        self.undo.clear();
        self.redo.clear();
    }

    /// A transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.open.is_some()
    }

    /// Reverts the last step. Returns its label, or `None` when there is nothing to undo.
    /// An open transaction is committed first.
    pub fn undo(&mut self, doc: &mut Document) -> Option<&'static str> {
        self.close_open();
        let entry = self.undo.pop()?;
        let redo = apply_revert(doc, entry.revert);
        self.revision = entry.before;
        self.redo.push(Entry {
            label: entry.label,
            revert: redo,
            before: entry.before,
            after: entry.after,
        });
        Some(entry.label)
    }

    /// Re-applies the last undone step. Returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, doc: &mut Document) -> Option<&'static str> {
        self.close_open();
        let entry = self.redo.pop()?;
        let undo = apply_revert(doc, entry.revert);
        self.revision = entry.after;
        self.undo.push(Entry {
            label: entry.label,
            revert: undo,
            before: entry.before,
            after: entry.after,
        });
        Some(entry.label)
    }

    /// Label of the step [`History::undo`] would revert.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|entry| entry.label)
    }

    /// Label of the step [`History::redo`] would re-apply.
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|entry| entry.label)
    }

    /// The revision of the current document state; equal numbers mean equal documents.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records that the current state has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.revision);
    }

    /// Records that no saved copy of the document exists (e.g. after the file was lost).
    pub fn mark_unsaved(&mut self) {
        self.saved = None;
    }

    /// The document differs from what was last saved (or was never saved).
    pub fn is_dirty(&self) -> bool {
        self.saved != Some(self.revision)
    }

    fn issue_revision(&mut self) -> u64 {
        self.last_issued += 1;
        self.last_issued
    }

    fn push_undo(&mut self, entry: Entry) {
        self.undo.push(entry);
        if self.undo.len() > self.limit {
            let excess = self.undo.len() - self.limit;
            self.undo.drain(..excess);
        }
    }

    fn close_open(&mut self) {
        if let Some(transaction) = &mut self.open {
            transaction.depth = 1;
            self.commit();
        }
    }
}

/// Applies the revert commands of an entry and returns the commands that revert *them*.
fn apply_revert(doc: &mut Document, revert: Vec<Command>) -> Vec<Command> {
    let mut inverses = Vec::with_capacity(revert.len());
    for command in revert {
        // Reverting applies to the state the entry recorded, so it cannot fail.
        if let Ok(inverse) = command.apply(doc) {
            inverses.push(inverse);
        }
    }
    reversed(inverses)
}

fn reversed(mut commands: Vec<Command>) -> Vec<Command> {
    commands.reverse();
    commands
}
