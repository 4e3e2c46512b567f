//! A replica linked to its room through a connection: what arrived carried
//! in (a hello when the connection opens, the frames read into the map once),
//! then this peer's own changes and presence sent out.

use std::time::Duration;

use super::Replica;
use super::connection::{Connection, Event};
use super::replica::Received;
use crate::model::Document;

/// What one pump did.
#[derive(Debug, Default)]
pub struct Pumped {
    /// What the frames that arrived did (replies already sent).
    pub received: Received,
    /// The connection opened (or opened again) and the hello was sent.
    pub connected: bool,
    /// The connection dropped, with why; it reconnects by itself.
    pub disconnected: Option<String>,
    /// The room refused this peer (a wrong code), with why; it does not retry.
    pub refused: Option<String>,
}

impl Replica {
    /// Carries into `doc` what arrived on `connection` within `wait` (and
    /// whatever else is there already), answering the room, then sends this
    /// peer's changes. Frames that arrive together are read into the map once.
    pub fn pump(&mut self, doc: &mut Document, connection: &Connection, wait: Duration) -> Pumped {
        let mut pumped = Pumped::default();
        let mut frames = Vec::new();
        let mut next = connection.recv_timeout(wait);
        while let Some(event) = next {
            match event {
                Event::Connected => {
                    pumped.connected = true;
                    for frame in self.hello() {
                        connection.send(frame);
                    }
                }
                Event::Frame(frame) => frames.push(frame),
                Event::Disconnected(why) => pumped.disconnected = Some(why),
                Event::Refused(why) => pumped.refused = Some(why),
            }
            next = connection.try_recv();
        }
        pumped.received = self.receive_all(doc, frames.iter().map(Vec::as_slice));
        for reply in std::mem::take(&mut pumped.received.replies) {
            connection.send(reply);
        }
        for frame in self.take_outgoing() {
            connection.send(frame);
        }
        pumped
    }
}
