//! Live co-editing: one map edited by everyone in a room at once, kept in a
//! Yjs document (the `yrs` crate) and synced over the Yjs protocol
//! (y-websocket), so the npm `y-websocket` server, Hocuspocus or y-sweet can
//! relay a room and other Yjs clients can read and write a live map.
//!
//! - [`schema`]: the map in a Yjs document, written, read back and repaired;
//! - [`replica`]: one peer's live copy, the commands it runs and its own undo;
//! - [`sync`]: the protocol's frames;
//! - [`relay`]: the WebSocket server a host runs (or [`serve`], headless);
//! - [`connection`]: a peer's link to a relay; [`link`]: a replica pumped through it;
//! - [`address`]: join links and room codes;
//! - [`presence`]: who is in the room, their colour, selection and view;
//! - [`discovery`]: rooms announced and found on the local network.

pub mod address;
mod collection;
pub mod connection;
pub mod discovery;
pub mod link;
mod order;
pub mod presence;
pub mod relay;
pub mod replica;
pub mod schema;
pub mod serve;
mod socket;
pub mod sync;
mod values;

pub use replica::Replica;
pub use schema::{Materialized, read_document, write_document};

/// What can go wrong with something from the room.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// A frame larger than [`sync::MAX_FRAME_BYTES`].
    #[error("a live message of {bytes} bytes is larger than the {max} allowed")]
    FrameTooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The most allowed.
        max: usize,
    },
    /// A frame that is not a well-formed y-websocket message, or whose update
    /// does not fit the document.
    #[error("a live message is malformed: {0}")]
    Malformed(String),
    /// The other side denied access (a y-sync auth message).
    #[error("access to the room was denied: {0}")]
    Denied(String),
}
