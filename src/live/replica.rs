//! One peer's live copy of a map: the Yjs document (in an `Awareness`, which
//! also carries who is in the room), the changes this peer made waiting to be
//! sent, and the undo history of this peer's own changes.
//!
//! Commands stay the only way a map changes: a command is applied to the map
//! as when editing alone, then what it changed is written into the Yjs
//! document as one transaction. Changes from others are applied to the Yjs
//! document and the map is read back from it.

use std::sync::{Arc, Mutex, PoisonError};

use yrs::sync::{Awareness, Message};
use yrs::undo::Options as UndoOptions;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Origin, ReadTxn, StateVector, Transact, UndoManager, Update};

use super::schema::{self, Materialized};
use super::{LiveError, sync};
use crate::edit::{Command, EditError};
use crate::model::{CardId, Document, IdBlock};

/// The origin of this peer's own transactions: what is sent and undone.
const LOCAL: &str = "stagemap-local";

/// A transaction of commands that will be one undo step.
struct Open {
    label: &'static str,
    depth: usize,
    undo_items: usize,
}

/// One peer's live copy of a map.
pub struct Replica {
    awareness: Awareness,
    undo: UndoManager,
    labels: Vec<&'static str>,
    redo_labels: Vec<&'static str>,
    open: Option<Open>,
    outgoing: Arc<Mutex<Vec<Vec<u8>>>>,
    rescued: Vec<CardId>,
    block: IdBlock,
    host: bool,
    presence_changed: bool,
}

/// What a frame from the room did.
#[derive(Debug, Default)]
pub struct Received {
    /// Frames to send back to the room.
    pub replies: Vec<Vec<u8>>,
    /// The map changed (and has been read again).
    pub changed: bool,
    /// Someone's presence (name, colour, selection …) changed.
    pub presence_changed: bool,
    /// Frames dropped as malformed or oversized, with why; they changed nothing.
    pub dropped: Vec<LiveError>,
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica")
            .field("client_id", &self.client_id())
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl Replica {
    /// The host's copy: founds the live document from a map.
    pub fn host(doc: &Document) -> Self {
        let replica = Self::empty(true);
        schema::write_document(replica.awareness.doc(), doc);
        replica
    }

    /// A joiner's copy: empty until the room sends the map.
    pub fn join() -> Self {
        Self::empty(false)
    }

    fn empty(host: bool) -> Self {
        // A random 32-bit client id, as Yjs itself picks; it also numbers the
        // block this peer's new ids come from.
        let random = yrs::block::ClientID::random().get();
        let client = u32::try_from(random & u64::from(u32::MAX))
            .unwrap_or(1)
            .max(1);
        let ydoc = schema::new_ydoc(u64::from(client));
        let mut undo = UndoManager::with_options(UndoOptions {
            // Steps end where commands and transactions end, not by time.
            capture_timeout_millis: u64::MAX,
            ..UndoOptions::default()
        });
        for root in schema::ROOTS {
            let map = ydoc.get_or_insert_map(*root);
            undo.expand_scope(&ydoc, &map);
        }
        undo.include_origin(Origin::from(LOCAL));
        let outgoing = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::clone(&outgoing);
        // Only this peer's transactions are sent; what came from the room
        // is applied without an origin and is already there.
        let subscribed = ydoc.observe_update_v1(LOCAL, move |txn, event| {
            if txn.origin().is_some() {
                queue
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(event.update.clone());
            }
        });
        debug_assert!(subscribed.is_ok(), "a new document has no open transaction");
        Self {
            awareness: Awareness::new(ydoc),
            undo,
            labels: Vec::new(),
            redo_labels: Vec::new(),
            open: None,
            outgoing,
            rescued: Vec::new(),
            block: IdBlock::of_peer(client),
            host,
            presence_changed: false,
        }
    }

    /// This peer's Yjs client id.
    pub fn client_id(&self) -> u64 {
        self.awareness.doc().client_id().get()
    }

    /// The block this peer's new ids come from.
    pub fn id_block(&self) -> IdBlock {
        self.block
    }

    /// This copy hosts the room.
    pub fn is_host(&self) -> bool {
        self.host
    }

    /// The Yjs document and who is in the room.
    pub fn awareness(&self) -> &Awareness {
        &self.awareness
    }

    /// The Yjs document and who is in the room, to change this peer's presence.
    pub fn awareness_mut(&mut self) -> &mut Awareness {
        &mut self.awareness
    }

    /// The map as the live document holds it now, with the ids of this peer's block.
    pub fn read(&mut self) -> Document {
        let Materialized {
            mut document,
            rescued,
            ..
        } = schema::read_document(self.awareness.doc());
        document.id_block = self.block;
        self.rescued = rescued;
        document
    }

    /// Cards put back in a cell after the step or lane they were moved to
    /// was deleted by someone else, for the editor to point out.
    pub fn rescued(&self) -> &[CardId] {
        &self.rescued
    }

    /// The host locked the structure (stages, steps, lanes).
    pub fn structure_locked(&self) -> bool {
        schema::structure_locked(&self.awareness.doc().transact())
    }

    /// Locks or unlocks the structure for everyone; only the host may.
    pub fn set_structure_locked(&mut self, locked: bool) {
        if self.host {
            let mut txn = self.awareness.doc().transact_mut_with("stagemap-room");
            schema::set_structure_locked(&mut txn, locked);
        }
    }

    /// Applies a command to `doc` (this peer's map, as last read) and writes
    /// what it changed into the live document as one transaction.
    pub fn execute(&mut self, doc: &mut Document, command: Command) -> Result<(), EditError> {
        if command.changes_structure() && !self.host && self.structure_locked() {
            return Err(EditError::StructureLocked);
        }
        let label = command.label();
        let before = doc.clone();
        command.apply(doc)?;
        if self.open.is_none() {
            self.undo.reset();
        }
        let items = self.undo.undo_stack().len();
        {
            let mut txn = self.awareness.doc().transact_mut_with(LOCAL);
            schema::write_changes(&mut txn, &before, doc);
        }
        if self.open.is_none() {
            if self.undo.undo_stack().len() > items {
                self.labels.push(label);
                self.redo_labels.clear();
            }
            self.undo.reset();
        }
        Ok(())
    }

    /// Opens a transaction: what runs until [`Replica::commit`] is one undo step.
    pub fn begin(&mut self, label: &'static str) {
        match &mut self.open {
            Some(open) => open.depth += 1,
            None => {
                self.undo.reset();
                self.open = Some(Open {
                    label,
                    depth: 1,
                    undo_items: self.undo.undo_stack().len(),
                });
            }
        }
    }

    /// Closes the innermost transaction.
    pub fn commit(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.depth > 1 {
            open.depth -= 1;
            return;
        }
        if let Some(open) = self.open.take()
            && self.undo.undo_stack().len() > open.undo_items
        {
            self.labels.push(open.label);
            self.redo_labels.clear();
        }
        self.undo.reset();
    }

    /// Cancels the open transaction, taking back this peer's changes in it.
    pub fn abort(&mut self, doc: &mut Document) {
        let Some(open) = self.open.take() else { return };
        if self.undo.undo_stack().len() > open.undo_items {
            self.undo.undo_blocking();
            self.undo.clear_redo();
            *doc = self.read();
        }
        self.undo.reset();
    }

    /// Takes back this peer's last step (never another's); returns its label.
    pub fn undo(&mut self, doc: &mut Document) -> Option<&'static str> {
        self.commit_all();
        let label = self.labels.pop()?;
        self.undo.undo_blocking();
        self.redo_labels.push(label);
        *doc = self.read();
        Some(label)
    }

    /// Brings back this peer's last undone step; returns its label.
    pub fn redo(&mut self, doc: &mut Document) -> Option<&'static str> {
        self.commit_all();
        let label = self.redo_labels.pop()?;
        self.undo.redo_blocking();
        self.labels.push(label);
        *doc = self.read();
        Some(label)
    }

    fn commit_all(&mut self) {
        if let Some(open) = &mut self.open {
            open.depth = 1;
            self.commit();
        }
    }

    /// Label of the step [`Replica::undo`] would take back.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.labels.last().copied()
    }

    /// Label of the step [`Replica::redo`] would bring back.
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo_labels.last().copied()
    }

    /// The frames to say hello after (re)connecting to the room: what this
    /// peer has seen (sync step 1) and its presence.
    pub fn hello(&self) -> Vec<Vec<u8>> {
        sync::hello(&self.awareness)
    }

    /// Handles a frame from the room (a sync step, an update, presence);
    /// when the map changed, `doc` is read again. A malformed or oversized
    /// frame changes nothing.
    pub fn receive(&mut self, doc: &mut Document, frame: &[u8]) -> Result<Received, LiveError> {
        let mut received = self.receive_all(doc, std::iter::once(frame));
        match received.dropped.pop() {
            Some(error) => Err(error),
            None => Ok(received),
        }
    }

    /// Handles the frames that arrived together and reads the map once at
    /// the end (reading is what costs; a burst of edits is read once).
    /// Malformed or oversized frames change nothing and are listed in
    /// [`Received::dropped`]; the others are applied.
    pub fn receive_all<'a>(
        &mut self,
        doc: &mut Document,
        frames: impl IntoIterator<Item = &'a [u8]>,
    ) -> Received {
        let mut received = Received::default();
        let mut doc_changed = false;
        for frame in frames {
            match sync::handle(&mut self.awareness, frame) {
                Ok(handled) => {
                    received.replies.extend(handled.replies);
                    doc_changed |= handled.doc_changed;
                    received.presence_changed |= handled.awareness_changed;
                }
                Err(error) => received.dropped.push(error),
            }
        }
        received.changed = doc_changed && self.refresh(doc);
        received
    }

    /// Sets what this peer tells the room about itself (a JSON object: name,
    /// colour, selection …); sent with the next [`Replica::take_outgoing`].
    pub fn set_presence<S: serde::Serialize>(&mut self, presence: &S) {
        if self.awareness.set_local_state(presence).is_ok() {
            self.presence_changed = true;
        }
    }

    /// The frames this peer has to send since the last call: its changes to
    /// the map and, when it changed, its presence.
    pub fn take_outgoing(&mut self) -> Vec<Vec<u8>> {
        let mut frames: Vec<Vec<u8>> = self
            .take_updates()
            .iter()
            .map(|update| sync::update_frame(update))
            .collect();
        if std::mem::take(&mut self.presence_changed) {
            let own = self.awareness.client_id();
            if let Ok(update) = self.awareness.update_with_clients([own]) {
                frames.push(Message::Awareness(update).encode_v1());
            }
        }
        frames
    }

    /// The Yjs updates this peer made since the last call, to send to the room.
    pub fn take_updates(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut *self.outgoing.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// This peer's state vector (what it has seen), encoded.
    pub fn state_vector(&self) -> Vec<u8> {
        self.awareness.doc().transact().state_vector().encode_v1()
    }

    /// What this peer has that a peer with `state_vector` has not, as one update.
    pub fn diff_since(&self, state_vector: &[u8]) -> Result<Vec<u8>, LiveError> {
        let vector = StateVector::decode_v1(state_vector)
            .map_err(|e| LiveError::Malformed(e.to_string()))?;
        Ok(self
            .awareness
            .doc()
            .transact()
            .encode_state_as_update_v1(&vector))
    }

    /// Applies an update from the room and, when the map changed, reads it
    /// into `doc`. A malformed update changes nothing.
    pub fn apply_update(&mut self, doc: &mut Document, update: &[u8]) -> Result<bool, LiveError> {
        let update = Update::decode_v1(update).map_err(|e| LiveError::Malformed(e.to_string()))?;
        {
            let mut txn = self.awareness.doc().transact_mut();
            txn.apply_update(update)
                .map_err(|e| LiveError::Malformed(e.to_string()))?;
        }
        Ok(self.refresh(doc))
    }

    /// Reads the map again after the live document changed from outside;
    /// returns whether the map changed. (A deletion leaves the state vector
    /// as it was, so the map itself is compared.)
    pub(crate) fn refresh(&mut self, doc: &mut Document) -> bool {
        let fresh = self.read();
        let changed = fresh != *doc;
        if changed {
            *doc = fresh;
        }
        changed
    }
}
