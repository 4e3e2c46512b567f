//! The live room the editor is in, as runtime state never saved: the relay
//! and its announcement when hosting, the connection to the room, the join
//! link, how the connection stands and who else is in. Each frame
//! [`LiveRoom::pump`] carries frames between the connection and the
//! session's replica.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::edit::Session;
use crate::live::address::{DEFAULT_PORT, JoinLink, RoomCode};
use crate::live::connection::{Connection, Event};
use crate::live::discovery::{self, Announcement};
use crate::live::presence::{self, Peer, Presence};
use crate::live::relay::{Relay, RelayConfig};
use crate::live::{Replica, serve};
use crate::model::{CardId, Document};

/// Ports tried after [`DEFAULT_PORT`] before letting the system pick one.
const PORTS_TRIED: u16 = 16;

/// What the relay says when the host ends the room (its close frame's reason).
const ROOM_ENDED: &str = "the room has ended";

/// How the connection to the room stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomStatus {
    /// Not connected yet.
    Connecting,
    /// Connected and in sync.
    InRoom,
    /// The connection was lost and is being made again; why it was lost.
    Reconnecting(String),
    /// The room refused us (a wrong code, no such room); why.
    Refused(String),
    /// The host ended the room.
    Closed,
}

/// What a frame's worth of pumping brought.
#[derive(Debug, Default)]
pub struct Pumped {
    /// The map changed.
    pub changed: bool,
    /// Cards just put back in a cell because someone deleted where they were going.
    pub rescued: Vec<CardId>,
    /// The status changed (a message may be due).
    pub status_changed: bool,
}

/// The live room the editor is in.
pub struct LiveRoom {
    /// The relay, when this editor hosts the room.
    relay: Option<Relay>,
    /// The room announced to the local network, when hosting and possible.
    announcement: Option<Announcement>,
    /// The link to the room; `None` once refused or closed.
    connection: Option<Connection>,
    /// How others join (for the host: through the LAN address).
    link: JoinLink,
    status: RoomStatus,
    people: Vec<Peer>,
    /// The presence last given to the replica.
    sent: Option<Presence>,
    /// The cards last said to be rescued, so one rescue is said once.
    rescued: Vec<CardId>,
    /// The guest's map was filled from the room at least once.
    filled: bool,
    /// The guest's canvas follows the host's view.
    pub follow: bool,
    /// The Room window is open.
    pub window_open: bool,
}

impl std::fmt::Debug for LiveRoom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveRoom")
            .field("hosting", &self.relay.is_some())
            .field("status", &self.status)
            .field("people", &self.people.len())
            .finish_non_exhaustive()
    }
}

impl LiveRoom {
    /// Opens a room on `doc` named `room`: a relay listening only on this
    /// computer's LAN address (the loopback when it has none), on
    /// [`DEFAULT_PORT`] or the next free port, announced nearby when the
    /// network allows; the host joins it through the same address. Returns
    /// the room and the host's replica for the session.
    pub fn host(doc: &Document, room: &str, host_name: &str) -> Result<(Self, Replica), String> {
        let code = RoomCode::random().map_err(|error| error.to_string())?;
        let room = if room.trim().is_empty() {
            "map"
        } else {
            room.trim()
        };
        let lan = serve::lan_address();
        let shown = lan.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let relay = start_relay(shown, &link_path(room), &code)?;
        let port = relay.local_addr().port();
        let link = relay.join_link(&shown.to_string());
        let announcement =
            lan.and_then(|ip| discovery::announce(room, host_name, &[ip], port).ok());
        let room = Self {
            relay: Some(relay),
            announcement,
            filled: true,
            window_open: true,
            ..Self::connecting(link)
        };
        Ok((room, Replica::host(doc)))
    }

    /// Joins the room at `link`; returns the room and an empty replica that
    /// fills when the room sends the map.
    pub fn join(link: JoinLink) -> (Self, Replica) {
        (Self::connecting(link), Replica::join())
    }

    /// A room being connected to at `link`, as a guest until told otherwise.
    fn connecting(link: JoinLink) -> Self {
        Self {
            relay: None,
            announcement: None,
            connection: Some(Connection::open(&link.url())),
            link,
            status: RoomStatus::Connecting,
            people: Vec::new(),
            sent: None,
            rescued: Vec::new(),
            filled: false,
            follow: false,
            window_open: false,
        }
    }

    /// This editor hosts the room.
    pub fn is_host(&self) -> bool {
        self.relay.is_some()
    }

    /// The link others join by.
    pub fn link(&self) -> &JoinLink {
        &self.link
    }

    /// How the connection stands.
    pub fn status(&self) -> &RoomStatus {
        &self.status
    }

    /// The other people in the room, sorted by name.
    pub fn people(&self) -> &[Peer] {
        &self.people
    }

    /// The room is over for this editor (refused or closed): nothing more comes.
    pub fn is_over(&self) -> bool {
        self.connection.is_none()
    }

    /// Carries what arrived from the room into the session (answering sync
    /// steps), then sends the session's own changes and presence.
    pub fn pump(&mut self, session: &mut Session) -> Pumped {
        let mut pumped = Pumped::default();
        let Some(connection) = self.connection.take() else {
            return pumped;
        };
        let mut over = false;
        let mut presence_changed = false;
        // Frames that arrive together are applied together and the map read
        // once (reading is what costs when edits come in bursts).
        let mut frames: Vec<Vec<u8>> = Vec::new();
        while let Some(event) = connection.try_recv() {
            if let Event::Frame(frame) = event {
                frames.push(frame);
                continue;
            }
            presence_changed |= self.apply(session, &connection, &mut frames, &mut pumped);
            match event {
                Event::Connected => {
                    self.set_status(RoomStatus::InRoom, &mut pumped);
                    if let Some(replica) = session.live() {
                        for frame in replica.hello() {
                            connection.send(frame);
                        }
                    }
                }
                Event::Frame(_) => {}
                Event::Disconnected(reason) => {
                    if !self.is_host() && reason.ends_with(ROOM_ENDED) {
                        self.set_status(RoomStatus::Closed, &mut pumped);
                        over = true;
                        break;
                    }
                    self.set_status(RoomStatus::Reconnecting(reason), &mut pumped);
                }
                Event::Refused(reason) => {
                    self.set_status(RoomStatus::Refused(reason), &mut pumped);
                    over = true;
                    break;
                }
            }
        }
        presence_changed |= self.apply(session, &connection, &mut frames, &mut pumped);
        if let Some(replica) = session.live_mut() {
            for frame in replica.take_outgoing() {
                connection.send(frame);
            }
            if presence_changed {
                self.people = presence::others(replica);
            }
        }
        if over {
            connection.close();
        } else {
            self.connection = Some(connection);
        }
        pumped
    }

    /// Applies the frames gathered so far (malformed ones change nothing) and
    /// sends the replies; returns whether someone's presence changed.
    fn apply(
        &mut self,
        session: &mut Session,
        connection: &Connection,
        frames: &mut Vec<Vec<u8>>,
        pumped: &mut Pumped,
    ) -> bool {
        if frames.is_empty() {
            return false;
        }
        let received = session.receive_frames(frames.iter().map(Vec::as_slice));
        frames.clear();
        for reply in received.replies {
            connection.send(reply);
        }
        if received.changed {
            pumped.changed = true;
            self.note_rescued(session, pumped);
        }
        received.presence_changed
    }

    /// The guest's map was filled from the room for the first time: returns
    /// `true` once, for the canvas to fit it.
    pub fn take_first_fill(&mut self, doc: &Document) -> bool {
        if self.filled || doc.stages.is_empty() {
            return false;
        }
        self.filled = true;
        true
    }

    fn set_status(&mut self, status: RoomStatus, pumped: &mut Pumped) {
        if self.status != status {
            self.status = status;
            pumped.status_changed = true;
        }
    }

    /// Cards the last read put back in a cell, said once per rescue.
    fn note_rescued(&mut self, session: &Session, pumped: &mut Pumped) {
        let rescued = session
            .live()
            .map(|replica| replica.rescued().to_vec())
            .unwrap_or_default();
        if !rescued.is_empty() && rescued != self.rescued {
            pumped.rescued.clone_from(&rescued);
        }
        self.rescued = rescued;
    }

    /// Tells the room this editor's presence when it changed.
    pub fn update_presence(&mut self, replica: &mut Replica, presence: Presence) {
        if self.sent.as_ref() != Some(&presence) {
            replica.set_presence(&presence);
            self.sent = Some(presence);
        }
    }

    /// Leaves the room (a guest) or ends it for everyone (the host): the
    /// connection closes, and the host's relay and announcement stop.
    pub fn end(mut self) {
        if let Some(connection) = self.connection.take() {
            connection.close();
        }
        drop(self.announcement.take());
        if let Some(relay) = self.relay.take() {
            relay.stop();
        }
    }
}

/// The room's name as it goes into the join link: the ASCII letters and
/// digits of the map's title, words joined by `-`, at most 24 characters, or
/// `map`. A short link keeps the QR code coarse enough to scan from a seat
/// (a Chinese title percent-encoded tripled the link); the full title is
/// what rooms nearby show.
fn link_path(room: &str) -> String {
    let words: Vec<String> = room
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut path = words.join("-");
    path.truncate(24);
    let path = path.trim_end_matches('-');
    if path.is_empty() {
        "map".to_owned()
    } else {
        path.to_owned()
    }
}

/// A relay for `room` on `ip` only, on [`DEFAULT_PORT`] or the next free port.
fn start_relay(ip: IpAddr, room: &str, code: &RoomCode) -> Result<Relay, String> {
    let mut last_error = String::new();
    let ports = (DEFAULT_PORT..DEFAULT_PORT.saturating_add(PORTS_TRIED)).chain([0]);
    for port in ports {
        let bind = SocketAddr::new(ip, port);
        match Relay::start(RelayConfig::new(bind, room, code.clone())) {
            Ok(relay) => return Ok(relay),
            Err(error) => last_error = error.to_string(),
        }
    }
    Err(last_error)
}

#[cfg(test)]
mod tests {
    use super::link_path;

    #[test]
    fn a_room_goes_into_its_link_by_its_ascii_words() {
        assert_eq!(link_path("Hotel stay: check-in"), "hotel-stay-check-in");
        assert_eq!(link_path("新能源汽车车主旅程"), "map");
        assert_eq!(link_path("EV 车主 journey 2026"), "ev-journey-2026");
        assert_eq!(
            link_path("A very long workshop title indeed here"),
            "a-very-long-workshop-tit"
        );
    }
}
