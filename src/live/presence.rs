//! Who is in the room and what they look at: each peer's presence (name,
//! colour, selected cards, whether it hosts, and the host's view), carried
//! in the Yjs awareness as a JSON object.
//!
//! Other Yjs clients may put anything in their awareness state, so a
//! presence is read field by field: unknown fields are ignored, and a field
//! of the wrong kind leaves only that part out (a peer with a bad colour is
//! still listed, in the default colour).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Replica;
use crate::model::CardId;

/// The colour of a peer whose presence gives none (or a bad one).
pub const DEFAULT_COLOUR: &str = "#5b6b7f";

/// Where a peer looks: the middle of its canvas in document space, and its zoom.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresenceView {
    /// Document x of the middle of the canvas.
    pub x: f32,
    /// Document y of the middle of the canvas.
    pub y: f32,
    /// The zoom factor (1.0 = 100 %).
    pub zoom: f32,
}

/// What a peer tells the room about itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Presence {
    /// The person's name.
    pub name: String,
    /// Their colour, `#rrggbb`.
    pub colour: String,
    /// The cards they have selected.
    pub selection: Vec<CardId>,
    /// They host the room.
    pub host: bool,
    /// Where they look (the host tells it, for others to follow).
    pub view: Option<PresenceView>,
}

/// Another peer in the room: its Yjs client id and its presence.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    /// The peer's Yjs client id.
    pub client_id: u64,
    /// What it says about itself.
    pub presence: Presence,
}

impl Presence {
    /// Reads a presence from an awareness state (JSON), keeping what is
    /// well-formed; `None` when the state is not a JSON object.
    pub fn from_json(json: &str) -> Option<Self> {
        let Value::Object(fields) = serde_json::from_str::<Value>(json).ok()? else {
            return None;
        };
        let name = fields
            .get("name")
            .and_then(Value::as_str)
            .map(|name| name.trim().to_owned())
            .unwrap_or_default();
        let colour = fields
            .get("colour")
            .and_then(Value::as_str)
            .filter(|colour| is_colour(colour))
            .unwrap_or(DEFAULT_COLOUR)
            .to_owned();
        let selection = match fields.get("selection") {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_u64).map(CardId).collect()
            }
            _ => Vec::new(),
        };
        let host = fields.get("host").and_then(Value::as_bool).unwrap_or(false);
        let view = fields
            .get("view")
            .and_then(|view| serde_json::from_value::<PresenceView>(view.clone()).ok())
            .filter(|view| {
                view.x.is_finite() && view.y.is_finite() && view.zoom.is_finite() && view.zoom > 0.0
            });
        Some(Self {
            name,
            colour,
            selection,
            host,
            view,
        })
    }

    /// The colour as red, green and blue (the default colour's when it is not `#rrggbb`).
    pub fn rgb(&self) -> [u8; 3] {
        parse_colour(&self.colour)
            .or_else(|| parse_colour(DEFAULT_COLOUR))
            .unwrap_or([0, 0, 0])
    }
}

/// `#rrggbb`, six hexadecimal digits.
pub fn is_colour(text: &str) -> bool {
    parse_colour(text).is_some()
}

fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let digits = text.strip_prefix('#')?;
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(digits.get(at..at + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// The other peers in the room with a presence, sorted by name (then client
/// id), so lists do not jump about; this peer is left out.
pub fn others(replica: &Replica) -> Vec<Peer> {
    let own = replica.client_id();
    let mut peers: Vec<Peer> = replica
        .awareness()
        .iter()
        .filter(|(client, _)| client.get() != own)
        .filter_map(|(client, state)| {
            let presence = Presence::from_json(state.data.as_deref()?)?;
            Some(Peer {
                client_id: client.get(),
                presence,
            })
        })
        .collect();
    peers.sort_by(|a, b| {
        a.presence
            .name
            .cmp(&b.presence.name)
            .then(a.client_id.cmp(&b.client_id))
    });
    peers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presence_round_trips_through_json() {
        let presence = Presence {
            name: "Ana".to_owned(),
            colour: "#12ab9f".to_owned(),
            selection: vec![CardId(3), CardId(7)],
            host: true,
            view: Some(PresenceView {
                x: 10.0,
                y: -4.5,
                zoom: 0.75,
            }),
        };
        let json = serde_json::to_string(&presence).unwrap();
        assert_eq!(Presence::from_json(&json), Some(presence));
    }

    #[test]
    fn bad_parts_are_left_out_and_unknown_fields_ignored() {
        let json = r#"{"name":" 小王 ","colour":"red","selection":[1,"x",2],"host":"yes",
            "view":{"x":1,"y":2},"cursor":{"anchor":5}}"#;
        let presence = Presence::from_json(json).unwrap();
        assert_eq!(presence.name, "小王");
        assert_eq!(presence.colour, DEFAULT_COLOUR);
        assert_eq!(presence.selection, vec![CardId(1), CardId(2)]);
        assert!(!presence.host);
        assert_eq!(presence.view, None);
        assert_eq!(Presence::from_json("[1,2]"), None);
        assert_eq!(Presence::from_json("not json"), None);
    }

    #[test]
    fn colours_are_read_as_rgb() {
        let presence = Presence {
            colour: "#ff8000".to_owned(),
            ..Presence::default()
        };
        assert_eq!(presence.rgb(), [255, 128, 0]);
        assert!(!is_colour("#ff80"));
        assert!(!is_colour("ff8000"));
        assert!(!is_colour("#gg8000"));
        assert_eq!(Presence::default().rgb(), [0x5b, 0x6b, 0x7f]);
    }

    #[test]
    fn others_leave_out_this_peer_and_sort_by_name() {
        let doc = crate::model::Document::default();
        let mut host = Replica::host(&doc);
        let mut one = Replica::join();
        let mut two = Replica::join();
        for (replica, name) in [(&mut host, "Host"), (&mut one, "Zoe"), (&mut two, "Ana")] {
            replica.set_presence(&Presence {
                name: name.to_owned(),
                colour: "#000000".to_owned(),
                host: replica.is_host(),
                ..Presence::default()
            });
        }
        let mut sink = crate::model::Document::default();
        for from in [&mut one, &mut two] {
            for frame in from.take_outgoing() {
                host.receive(&mut sink, &frame).unwrap();
            }
        }
        let names: Vec<String> = others(&host)
            .into_iter()
            .map(|peer| peer.presence.name)
            .collect();
        assert_eq!(names, ["Ana", "Zoe"]);
        assert_eq!(host_of(&host), None);
        for frame in host.take_outgoing() {
            one.receive(&mut sink, &frame).unwrap();
        }
        assert_eq!(host_of(&one).as_deref(), Some("Host"));
    }

    fn host_of(replica: &Replica) -> Option<String> {
        others(replica)
            .into_iter()
            .find(|peer| peer.presence.host)
            .map(|peer| peer.presence.name)
    }
}
