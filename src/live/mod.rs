//! Live co-editing: several people edit one map at once over the Yjs sync
//! protocol (y-websocket), so Stagemap peers, the npm `y-websocket` server and
//! its clients interoperate.
//!
//! [`schema`] maps a [`Document`](crate::model::Document) onto a yrs doc;
//! [`sync`] handles the protocol's frames; [`relay`] is the WebSocket server a
//! host runs (or [`serve`] headless); [`connection`] is a peer's link to a
//! relay; [`address`] reads and writes join links and room codes;
//! [`discovery`] announces and finds rooms on the local network.

pub mod address;
pub mod connection;
pub mod discovery;
pub mod relay;
pub mod schema;
pub mod serve;
mod socket;
pub mod sync;

/// What can go wrong with a live frame.
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
