//! Changing a document: commands with inverses, the undo history, and
//! builders that turn user intentions into commands (`ops`, `moves`, and
//! `decide` for a workshop's votes, matrix, screening and actions).

mod command;
pub mod decide;
mod history;
pub mod moves;
pub mod ops;
mod session;

pub use command::{CardField, Command, EditError, is_hex_colour};
pub use history::{DEFAULT_LIMIT, History};
pub use session::{Edit, Session};
