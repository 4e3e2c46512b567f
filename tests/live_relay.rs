//! The relay over 127.0.0.1 with real connections: peers editing at once,
//! one cut off mid-edit and back, and who gets nothing.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stagemap::live::address::RoomCode;
use stagemap::live::connection::{Connection, Event};
use stagemap::live::relay::{Relay, RelayConfig, RelayEvent};
use stagemap::live::sync;
use yrs::sync::Awareness;
use yrs::{Doc, Map as _, Transact as _};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const WAIT: Duration = Duration::from_secs(20);

fn code() -> RoomCode {
    RoomCode::parse("7KQ4-M2XD").unwrap_or_else(|error| panic!("{error}"))
}

/// A relay on a free port of 127.0.0.1, its reports collected.
fn relay() -> std::io::Result<(Relay, Arc<Mutex<Vec<RelayEvent>>>)> {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let mut config = RelayConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), "test room", code());
    config.reporter = Arc::new(move |event| {
        if let Ok(mut seen) = seen.lock() {
            seen.push(event.clone());
        }
    });
    Ok((Relay::start(config)?, events))
}

/// A peer: its own doc and awareness, linked to the relay.
struct Peer {
    awareness: Awareness,
    connection: Connection,
}

impl Peer {
    fn join(url: &str, client: u64) -> Self {
        Self::rejoin(url, Awareness::new(Doc::with_client_id(client)))
    }

    fn rejoin(url: &str, awareness: Awareness) -> Self {
        Self {
            awareness,
            connection: Connection::open(url),
        }
    }

    /// Handles what arrived, waiting at most `wait` for the first event.
    fn pump(&mut self, wait: Duration) -> Vec<Event> {
        let mut seen = Vec::new();
        let mut next = self.connection.recv_timeout(wait);
        while let Some(event) = next {
            match &event {
                Event::Connected => {
                    for frame in sync::hello(&self.awareness) {
                        self.connection.send(frame);
                    }
                }
                Event::Frame(frame) => {
                    let handled = sync::handle(&mut self.awareness, frame)
                        .unwrap_or_else(|error| panic!("a frame from the relay: {error}"));
                    for reply in handled.replies {
                        self.connection.send(reply);
                    }
                }
                Event::Disconnected(_) | Event::Refused(_) => {}
            }
            seen.push(event);
            next = self.connection.try_recv();
        }
        seen
    }

    fn wait_connected(&mut self) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self
                .pump(Duration::from_millis(50))
                .contains(&Event::Connected)
            {
                return;
            }
        }
        panic!("never connected");
    }

    /// Sets `key` in the shared map and sends the change.
    fn edit(&mut self, key: &str) {
        let frame = edit(self.awareness.doc(), key);
        self.connection.send(frame);
    }

    fn keys(&self) -> Vec<String> {
        keys(self.awareness.doc())
    }
}

/// Sets `key` in the doc's map `cards`; returns the update frame.
fn edit(doc: &Doc, key: &str) -> Vec<u8> {
    let cards = doc.get_or_insert_map("cards");
    let mut txn = doc.transact_mut_with("local");
    cards.insert(&mut txn, key, key);
    sync::update_frame(&txn.encode_update_v1())
}

fn keys(doc: &Doc) -> Vec<String> {
    let cards = doc.get_or_insert_map("cards");
    let txn = doc.transact();
    let mut keys: Vec<String> = cards.keys(&txn).map(str::to_owned).collect();
    keys.sort();
    keys
}

fn all_keys(peers: &[&str], edits: usize) -> Vec<String> {
    let mut keys: Vec<String> = peers
        .iter()
        .flat_map(|peer| (0..edits).map(move |i| format!("{peer}-{i:03}")))
        .collect();
    keys.sort();
    keys
}

/// Pumps every peer until each holds `expected`, or fails after a while.
fn converge(peers: &mut [&mut Peer], expected: &[String]) {
    let start = Instant::now();
    loop {
        for peer in peers.iter_mut() {
            peer.pump(Duration::from_millis(10));
        }
        if peers.iter().all(|peer| peer.keys() == expected) {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "no convergence: {:?}",
            peers
                .iter()
                .map(|peer| peer.keys().len())
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn three_peers_edit_at_once_one_is_cut_off_mid_edit_and_nothing_is_lost() -> TestResult {
    let (relay, _events) = relay()?;
    let url = relay.join_link("127.0.0.1").url();
    let mut a = Peer::join(&url, 1);
    let mut b = Peer::join(&url, 2);
    a.wait_connected();
    b.wait_connected();

    // The third peer speaks the protocol over a bare socket, so it can be cut
    // off in the middle of a frame, the way a crash or a pulled cable does.
    let c_doc = Doc::with_client_id(3);
    let c_socket = TcpStream::connect(relay.local_addr())?;
    let (mut c_ws, _) = tungstenite::client(url.as_str(), c_socket.try_clone()?)?;
    for frame in sync::hello(&Awareness::new(c_doc.clone())) {
        c_ws.send(tungstenite::Message::Binary(frame.into()))?;
    }
    let mut c_live = Some((c_ws, c_socket));

    const EDITS: usize = 40;
    for i in 0..EDITS {
        a.edit(&format!("a-{i:03}"));
        b.edit(&format!("b-{i:03}"));
        let c_frame = edit(&c_doc, &format!("c-{i:03}"));
        if let Some((mut c_ws, mut c_socket)) = c_live.take() {
            if i < 15 {
                c_ws.send(tungstenite::Message::Binary(c_frame.into()))?;
                c_live = Some((c_ws, c_socket));
            } else {
                // Half a frame, then the socket is gone; edits 15.. are made
                // while cut off.
                let mut raw = vec![0x82, 0xFE];
                raw.extend_from_slice(&u16::try_from(c_frame.len() + 100)?.to_be_bytes());
                raw.extend_from_slice(&[0, 0, 0, 0]);
                raw.extend_from_slice(&c_frame[..c_frame.len() / 2]);
                c_socket.write_all(&raw)?;
                c_socket.shutdown(std::net::Shutdown::Both)?;
            }
        }
        a.pump(Duration::ZERO);
        b.pump(Duration::ZERO);
    }
    assert!(c_live.is_none());

    // The cut-off peer comes back with its doc and its offline edits.
    let mut c = Peer::rejoin(&url, Awareness::new(c_doc));
    c.wait_connected();
    let expected = all_keys(&["a", "b", "c"], EDITS);
    converge(&mut [&mut a, &mut b, &mut c], &expected);
    assert_eq!(
        relay.read_doc(keys),
        expected,
        "the relay's own doc has everything"
    );

    // A late joiner gets the whole state from the relay, with nobody else there.
    a.connection.close();
    b.connection.close();
    c.connection.close();
    let mut late = Peer::join(&url, 4);
    late.wait_connected();
    converge(&mut [&mut late], &expected);
    Ok(())
}

/// Sends a WebSocket upgrade request for `path` and returns all the relay answers.
fn raw_upgrade(addr: SocketAddr, path: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(WAIT))?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    stream.write_all(request.as_bytes())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(answer)
}

#[test]
fn without_the_room_code_nothing_is_sent() -> TestResult {
    let (relay, events) = relay()?;
    {
        // The room holds something a joiner would be sent at once.
        let mut a = Peer::join(&relay.join_link("127.0.0.1").url(), 1);
        a.wait_connected();
        a.edit("secret");
        converge(&mut [&mut a], &["secret".to_owned()]);
    }
    let addr = relay.local_addr();
    for (path, status) in [
        ("/test%20room", "HTTP/1.1 401"),
        ("/test%20room?token=AAAAAAAA", "HTTP/1.1 403"),
        ("/test%20room?token=", "HTTP/1.1 403"),
    ] {
        let answer = raw_upgrade(addr, path)?;
        let text = String::from_utf8_lossy(&answer);
        assert!(text.starts_with(status), "{path}: {text}");
        let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
        assert!(
            !body.contains("secret") && !text.contains("101"),
            "{path}: {text}"
        );
        assert!(!answer.contains(&0x82), "no binary frame: {answer:?}");
    }
    // The client gives up at once, without a frame.
    let wrong = relay
        .join_link("127.0.0.1")
        .url()
        .replace("7KQ4M2XD", "AAAAAAAA");
    let connection = Connection::open(&wrong);
    let event = connection.recv_timeout(WAIT);
    assert!(matches!(event, Some(Event::Refused(_))), "{event:?}");
    assert_eq!(connection.recv_timeout(Duration::from_millis(500)), None);
    // Reported once each (the report may follow the answer by a moment).
    let refused = || {
        events
            .lock()
            .map(|events| {
                events
                    .iter()
                    .filter(|event| matches!(event, RelayEvent::Refused(..)))
                    .count()
            })
            .unwrap_or_default()
    };
    let start = Instant::now();
    while refused() < 4 && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(refused(), 4);
    Ok(())
}

#[test]
fn an_address_failing_too_often_is_refused_outright() -> TestResult {
    let (relay, _events) = relay()?;
    for _ in 0..20 {
        let answer = raw_upgrade(relay.local_addr(), "/r?token=AAAAAAAA")?;
        assert!(answer.starts_with(b"HTTP/1.1 403"));
    }
    let answer = raw_upgrade(relay.local_addr(), "/r?token=7KQ4M2XD")?;
    assert!(
        answer.starts_with(b"HTTP/1.1 429"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    Ok(())
}

#[test]
fn malformed_frames_are_dropped_and_change_nothing() -> TestResult {
    let (relay, events) = relay()?;
    let url = relay.join_link("127.0.0.1").url();
    let mut a = Peer::join(&url, 1);
    a.wait_connected();
    a.edit("kept");
    let start = Instant::now();
    while relay.read_doc(keys) != ["kept"] {
        a.pump(Duration::from_millis(10));
        assert!(start.elapsed() < WAIT, "the relay never got the edit");
    }
    let revision = relay.revision();
    a.connection.send(vec![0, 2, 200, 1, 2, 3]);
    a.connection.send(vec![9, 9, 9]);
    a.edit("after");
    let start = Instant::now();
    while relay.read_doc(keys) != ["after", "kept"] {
        a.pump(Duration::from_millis(10));
        assert!(start.elapsed() < WAIT, "the relay never got the edit after");
    }
    assert_eq!(relay.revision(), revision + 1);
    let dropped = events
        .lock()
        .map(|events| {
            events
                .iter()
                .filter(|event| matches!(event, RelayEvent::Dropped(..)))
                .count()
        })
        .unwrap_or_default();
    assert_eq!(dropped, 2);
    Ok(())
}

#[test]
fn a_peer_that_leaves_takes_its_awareness_with_it() -> TestResult {
    let (relay, _events) = relay()?;
    let url = relay.join_link("127.0.0.1").url();
    let mut a = Peer::join(&url, 1);
    a.awareness.set_local_state_raw(r#"{"name":"Ana"}"#);
    let mut b = Peer::join(&url, 2);
    a.wait_connected();
    b.wait_connected();
    let has_ana = |peer: &Peer| {
        peer.awareness
            .state::<serde_json::Value>(yrs::ClientID::new(1))
            .is_some()
    };
    let start = Instant::now();
    while !has_ana(&b) {
        a.pump(Duration::from_millis(10));
        b.pump(Duration::from_millis(10));
        assert!(start.elapsed() < WAIT, "b never saw a");
    }
    a.connection.close();
    let start = Instant::now();
    while has_ana(&b) {
        b.pump(Duration::from_millis(10));
        assert!(start.elapsed() < WAIT, "a's state stayed after a left");
    }
    Ok(())
}

#[test]
fn stopping_the_relay_ends_the_room_for_everyone() -> TestResult {
    let (relay, _events) = relay()?;
    let url = relay.join_link("127.0.0.1").url();
    let mut a = Peer::join(&url, 1);
    a.wait_connected();
    let addr = relay.local_addr();
    relay.stop();
    let start = Instant::now();
    loop {
        let events = a.pump(Duration::from_millis(50));
        if events
            .iter()
            .any(|event| matches!(event, Event::Disconnected(_)))
        {
            break;
        }
        assert!(start.elapsed() < WAIT, "never told of the end");
    }
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens any more"
    );
    Ok(())
}
