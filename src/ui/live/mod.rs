//! Live rooms in the editor: the room the editor is in ([`room`]), the Room
//! window with the link, QR code and people ([`window`], [`qr`]), the Join
//! dialog ([`join`]) and other people's selections on the canvas
//! ([`selections`]). The app wires them in `ui::app::live`.

pub mod join;
pub mod qr;
pub mod room;
pub mod selections;
pub mod window;

pub use join::{JoinAnswer, JoinDialog};
pub use room::{LiveRoom, RoomStatus};
