//! Live co-editing: one map edited by everyone in a room at once, kept in a
//! Yjs document (the `yrs` crate), so any standard Yjs relay and client can
//! take part.
//!
//! - [`schema`]: the map in a Yjs document, written, read back and repaired;
//! - [`replica`]: one peer's live copy, the commands it runs and its own undo.

mod collection;
mod order;
pub mod replica;
pub mod schema;
mod values;

pub use replica::{LiveError, Replica};
pub use schema::{Materialized, read_document, write_document};
