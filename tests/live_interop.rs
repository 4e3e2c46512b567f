//! Interoperability with the Yjs ecosystem: a map hosted through the
//! standard npm y-websocket server (`@y/websocket-server`) is read and
//! extended by a Node peer that uses only `yjs` and `y-websocket`
//! (`tests/interop/peer.mjs`), and the card it adds arrives in the editor's
//! map, in a cell, passing `check`.
//!
//! Needs `npm ci` in `tests/interop`; without it the test says so and passes,
//! unless `STAGEMAP_REQUIRE_INTEROP` is set (as CI does), when it fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "support/examples.rs"]
mod examples;

use std::io::{BufRead as _, BufReader};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use stagemap::check::check;
use stagemap::live::Replica;
use stagemap::live::connection::Connection;
use stagemap::model::{CardId, Document};

const WAIT: Duration = Duration::from_secs(30);

/// The room the map is hosted in.
const ROOM: &str = "ev-owner";

fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// A child process killed when the test ends, however it ends.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port of 127.0.0.1 free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// Starts the npm y-websocket server on a free port; returns it and its port
/// once it accepts connections.
fn start_server() -> (KillOnDrop, u16) {
    let port = free_port();
    let script = interop_dir().join("node_modules/.bin/y-websocket-server");
    let child = Command::new("node")
        .arg(&script)
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", script.display()));
    let server = KillOnDrop(child);
    let start = Instant::now();
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        assert!(
            start.elapsed() < WAIT,
            "the y-websocket server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, port)
}

/// A live peer linked to the server.
struct Peer {
    replica: Replica,
    doc: Document,
    connection: Connection,
}

impl Peer {
    fn new(replica: Replica, url: &str) -> Self {
        let mut replica = replica;
        let doc = replica.read();
        Self {
            replica,
            doc,
            connection: Connection::open(url),
        }
    }

    /// Handles what arrived within `wait`, answering as the protocol asks.
    fn pump(&mut self, wait: Duration) {
        let pumped = self.replica.pump(&mut self.doc, &self.connection, wait);
        assert!(pumped.refused.is_none(), "refused: {:?}", pumped.refused);
        assert!(
            pumped.received.dropped.is_empty(),
            "{:?}",
            pumped.received.dropped
        );
    }

    /// Pumps until `done` holds of the map, or fails after a while.
    fn pump_until(&mut self, what: &str, done: impl Fn(&Document) -> bool) {
        let start = Instant::now();
        while !done(&self.doc) {
            assert!(start.elapsed() < WAIT, "never: {what}");
            self.pump(Duration::from_millis(20));
        }
    }
}

/// Whether the Node side can run: its packages installed. Without them the
/// test is skipped, loudly, unless CI asks for it.
fn node_packages_ready() -> bool {
    if interop_dir().join("node_modules").is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("STAGEMAP_REQUIRE_INTEROP").is_none(),
        "STAGEMAP_REQUIRE_INTEROP is set but tests/interop/node_modules is missing: \
         run `npm ci` in tests/interop"
    );
    println!(
        "SKIPPED: the interoperability test needs Node packages: \
         run `(cd tests/interop && npm ci)` to run it"
    );
    false
}

#[test]
fn a_node_yjs_peer_reads_the_map_and_adds_a_card_through_the_npm_server() {
    if !node_packages_ready() {
        return;
    }
    let (_server, port) = start_server();
    let url = format!("ws://127.0.0.1:{port}/{ROOM}");
    let map = examples::ev_owner();
    assert!(
        map.cards.iter().any(|card| !card.title.is_ascii()),
        "the example has Chinese titles"
    );

    let mut host = Peer::new(Replica::host(&map), &url);
    // A second Rust peer proves the server holds the whole map before the
    // Node peer comes.
    let mut check_peer = Peer::new(Replica::join(), &url);
    let expected_cards = map.cards.len();
    let start = Instant::now();
    while check_peer.doc.cards.len() < expected_cards {
        assert!(start.elapsed() < WAIT, "the server never relayed the map");
        host.pump(Duration::from_millis(10));
        check_peer.pump(Duration::from_millis(10));
    }
    assert_eq!(
        check_peer.doc, map,
        "the map went through the server intact"
    );

    let output = Command::new("node")
        .arg(interop_dir().join("peer.mjs"))
        .arg(format!("ws://127.0.0.1:{port}"))
        .arg(ROOM)
        .stderr(Stdio::inherit())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut node = KillOnDrop(output);
    let stdout = node.0.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        host.pump(Duration::ZERO);
        lines.push(line);
    }
    let status = node.0.wait().unwrap();
    assert!(status.success(), "the Node peer failed: {lines:?}");

    let titles: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("title: "))
        .collect();
    let in_order: Vec<&str> = map.cards.iter().map(|card| card.title.as_str()).collect();
    assert_eq!(
        titles, in_order,
        "the Node peer reads every title, in order"
    );
    assert!(titles.contains(&"续航参数看不懂"));

    let added = lines
        .iter()
        .find_map(|line| line.strip_prefix("added: "))
        .expect("the Node peer says what it added");
    let (id, title) = added.split_once(' ').unwrap();
    let id = CardId(id.parse().unwrap());
    host.pump_until("the Node peer's card arrives", |doc| {
        doc.cards.iter().any(|card| card.id == id)
    });
    let card = host.doc.card(id).expect("the new card").clone();
    assert_eq!(card.title, title);
    assert!(card.pain, "a plain value of a card reads too");
    assert!(
        host.doc.step_location(card.step).is_some() && host.doc.lane(card.lane).is_some(),
        "the new card sits in a cell"
    );
    assert!(host.replica.rescued().is_empty(), "no repair was needed");
    assert_eq!(
        host.doc.cards.last().map(|card| card.id),
        Some(id),
        "its order key sorts after every other card"
    );
    let errors: Vec<String> = check(&host.doc)
        .iter()
        .filter(|problem| problem.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(host.doc.cards.len(), expected_cards + 1);
    host.connection.close();
    check_peer.connection.close();
}
