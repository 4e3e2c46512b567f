//! The relay: a WebSocket server speaking the standard y-websocket protocol
//! for one room. Like the y-websocket server it keeps the room's yrs doc and
//! awareness itself, so a late joiner gets the whole map from the relay, and
//! it passes every change on to the room's other connections.
//!
//! Blocking, with plain threads: one accepting, and two per connection (one
//! reading, one writing). The room code is checked in the HTTP handshake: a
//! wrong or missing token is answered 401 and nothing of the room is sent; an
//! address that fails 20 times within a minute is refused outright. Frames
//! larger than [`MAX_FRAME_BYTES`](sync::MAX_FRAME_BYTES) end the connection (tungstenite's limit);
//! malformed frames are dropped and reported, and never change the doc.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{self, Write as _};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tungstenite::http::StatusCode;
use tungstenite::protocol::{CloseFrame, Role, frame::coding::CloseCode};
use tungstenite::{Message, WebSocket};
use yrs::sync::Awareness;
use yrs::{ClientID, Doc};

use super::address::{JoinLink, RoomCode};
use super::socket::{self, ReadHalf, WriteHalf};
use super::sync;

/// Failed joins from one address within [`FAILURE_WINDOW`] after which it is refused.
const MAX_FAILURES: usize = 20;

/// The window failed joins are counted in.
const FAILURE_WINDOW: Duration = Duration::from_secs(60);

/// How long a new connection may take to finish its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// What the relay reports: connections coming and going, refusals, dropped frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayEvent {
    /// A peer joined the room.
    Joined(SocketAddr),
    /// A peer left the room.
    Left(SocketAddr),
    /// A connection was refused: wrong or missing token, too many failures, bad handshake.
    Refused(SocketAddr, String),
    /// A frame from a peer was dropped (malformed or refused); nothing was applied.
    Dropped(SocketAddr, String),
}

/// Where reports go: a function called from the relay's threads.
pub type Reporter = Arc<dyn Fn(&RelayEvent) + Send + Sync>;

/// How to run a relay.
#[derive(Clone)]
pub struct RelayConfig {
    /// The address to listen on (only this one).
    pub bind: SocketAddr,
    /// The room's name (the path of its join link).
    pub room: String,
    /// The room code every joiner must give as `?token=`.
    pub token: RoomCode,
    /// Where reports go; [`report_to_stderr`] unless changed.
    pub reporter: Reporter,
}

impl RelayConfig {
    /// A relay for `room` on `bind`, reporting to standard error.
    pub fn new(bind: SocketAddr, room: impl Into<String>, token: RoomCode) -> Self {
        Self {
            bind,
            room: room.into(),
            token,
            reporter: Arc::new(report_to_stderr),
        }
    }
}

/// The one function the relay's reports go through by default: a line on standard error.
pub fn report_to_stderr(event: &RelayEvent) {
    match event {
        RelayEvent::Joined(peer) => eprintln!("live: {peer} joined"),
        RelayEvent::Left(peer) => eprintln!("live: {peer} left"),
        RelayEvent::Refused(peer, why) => eprintln!("live: refused {peer}: {why}"),
        RelayEvent::Dropped(peer, why) => eprintln!("live: dropped a message from {peer}: {why}"),
    }
}

/// A running relay. Dropping it stops it, as [`Relay::stop`] does.
pub struct Relay {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    accepting: Option<JoinHandle<()>>,
}

/// What the relay's threads share.
struct Shared {
    config: RelayConfig,
    room: Mutex<Room>,
    /// Counts the doc's changes.
    revision: AtomicU64,
    stopping: AtomicBool,
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

/// The room: its doc and awareness, and who is in it.
struct Room {
    awareness: Awareness,
    peers: HashMap<u64, Peer>,
    next_peer: u64,
}

/// One connection in the room.
struct Peer {
    outgoing: Sender<Outgoing>,
    /// The awareness clients this connection set (removed when it drops).
    clients: HashSet<u64>,
}

/// What a connection's writing thread is told.
enum Outgoing {
    Frame(Vec<u8>),
    /// Say goodbye with this reason, and end.
    Close(&'static str),
}

impl Relay {
    /// Starts a relay holding `doc` (its state is what joiners receive); it
    /// listens on `config.bind` only.
    pub fn start_with_doc(config: RelayConfig, doc: Doc) -> io::Result<Self> {
        let listener = TcpListener::bind(config.bind)?;
        let local_addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            config,
            room: Mutex::new(Room {
                awareness: Awareness::new(doc),
                peers: HashMap::new(),
                next_peer: 0,
            }),
            revision: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
            failures: Mutex::new(HashMap::new()),
        });
        let accepting = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("live relay".to_owned())
                .spawn(move || accept_loop(&shared, &listener))?
        };
        Ok(Self {
            shared,
            local_addr,
            accepting: Some(accepting),
        })
    }

    /// Starts a relay for an empty room.
    pub fn start(config: RelayConfig) -> io::Result<Self> {
        Self::start_with_doc(config, Doc::new())
    }

    /// The address it listens on (with the port chosen when `bind` gave 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The link to join the room through `host` (a name or address others can reach).
    pub fn join_link(&self, host: &str) -> JoinLink {
        JoinLink {
            secure: false,
            host: host.to_owned(),
            port: Some(self.local_addr.port()),
            room: self.shared.config.room.clone(),
            token: Some(self.shared.config.token.clone()),
        }
    }

    /// Reads the room's doc while no frame is applied to it.
    pub fn read_doc<T>(&self, read: impl FnOnce(&Doc) -> T) -> T {
        read(lock(&self.shared.room).awareness.doc())
    }

    /// How many times the room's doc has changed; it grows with every change.
    pub fn revision(&self) -> u64 {
        self.shared.revision.load(Ordering::SeqCst)
    }

    /// How many connections are in the room.
    pub fn peers(&self) -> usize {
        lock(&self.shared.room).peers.len()
    }

    /// Ends the room for everyone: each connection gets a close frame and is
    /// dropped; the relay stops listening.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if self.shared.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        {
            let mut room = lock(&self.shared.room);
            for peer in room.peers.values() {
                let _ = peer.outgoing.send(Outgoing::Close("the room has ended"));
            }
            room.peers.clear();
        }
        // Wakes the accepting thread, which then sees `stopping`.
        let _ = TcpStream::connect_timeout(&wake_address(self.local_addr), Duration::from_secs(1));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The address to connect to in order to reach a listener on `bound`
/// (an unspecified address is reached through loopback).
fn wake_address(bound: SocketAddr) -> SocketAddr {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, bound.port())
}

/// The room's lock, even when a thread panicked holding it (the room's state
/// stays usable: frames are applied whole or not at all).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn accept_loop(shared: &Arc<Shared>, listener: &TcpListener) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name("live peer".to_owned())
            .spawn(move || serve_connection(&shared, stream));
        if let Err(error) = spawned {
            eprintln!("live: cannot start a connection's thread: {error}");
        }
    }
}

fn report(shared: &Shared, event: &RelayEvent) {
    (shared.config.reporter)(event);
}

/// Whether `ip` failed too often lately.
fn refused_address(shared: &Shared, ip: IpAddr) -> bool {
    let mut failures = lock(&shared.failures);
    let now = Instant::now();
    let recent = failures.entry(ip).or_default();
    while recent
        .front()
        .is_some_and(|&at| now.duration_since(at) > FAILURE_WINDOW)
    {
        recent.pop_front();
    }
    recent.len() >= MAX_FAILURES
}

fn count_failure(shared: &Shared, ip: IpAddr) {
    lock(&shared.failures)
        .entry(ip)
        .or_default()
        .push_back(Instant::now());
}

/// Reads (and forgets) an HTTP request's head: up to its blank line, 8 KiB
/// or a second's wait.
fn read_request_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while head.len() < 8192 && !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match io::Read::read(stream, &mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

/// Compares two tokens in time independent of where they differ.
fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// The token a handshake's request gives in its query, if any.
fn request_token(request: &Request) -> Option<String> {
    request
        .uri()
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(str::to_owned)
}

fn refusal(status: StatusCode, text: &str) -> ErrorResponse {
    let mut response = ErrorResponse::new(Some(text.to_owned()));
    *response.status_mut() = status;
    response
}

fn serve_connection(shared: &Arc<Shared>, mut stream: TcpStream) {
    let Ok(peer_addr) = stream.peer_addr() else {
        return;
    };
    if refused_address(shared, peer_addr.ip()) {
        // The request is read first: closing on unread bytes would reset the
        // connection before the answer arrives.
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        read_request_head(&mut stream);
        let _ = stream.write_all(
            b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        let _ = stream.shutdown(std::net::Shutdown::Write);
        report(
            shared,
            &RelayEvent::Refused(peer_addr, "too many failed attempts".to_owned()),
        );
        return;
    }
    let _ = stream.set_read_timeout(Some(HANDSHAKE_TIMEOUT));
    let Ok((read_half, write_half)) = socket::split(stream) else {
        return;
    };
    let expected = shared.config.token.as_str().to_owned();
    let check = |request: &Request, response: Response| match request_token(request) {
        Some(token) if same_token(&token, &expected) => Ok(response),
        Some(_) => Err(refusal(StatusCode::FORBIDDEN, "wrong room code")),
        None => Err(refusal(StatusCode::UNAUTHORIZED, "a room code is needed")),
    };
    let handshake = tungstenite::accept_hdr_with_config(read_half, check, Some(socket::config()));
    let reader = match handshake {
        Ok(reader) => reader,
        Err(error) => {
            count_failure(shared, peer_addr.ip());
            let why = match &error {
                tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response)) => {
                    format!("{}", response.status())
                }
                error => format!("bad handshake: {error}"),
            };
            report(shared, &RelayEvent::Refused(peer_addr, why));
            write_half.shutdown();
            return;
        }
    };
    let _ = reader.get_ref().tcp().set_read_timeout(None);
    run_peer(shared, peer_addr, reader, &write_half);
}

/// Runs a connection once admitted: registers it, starts its writer, reads
/// its frames until it goes, then removes it and its awareness states.
fn run_peer(
    shared: &Arc<Shared>,
    peer_addr: SocketAddr,
    mut reader: WebSocket<ReadHalf>,
    write_half: &WriteHalf,
) {
    let (outgoing, queue) = mpsc::channel();
    let id = {
        let mut room = lock(&shared.room);
        if shared.stopping.load(Ordering::SeqCst) {
            write_half.shutdown();
            return;
        }
        let id = room.next_peer;
        room.next_peer += 1;
        // As the y-websocket server does: our state vector, then who is here.
        for frame in sync::hello(&room.awareness) {
            let _ = outgoing.send(Outgoing::Frame(frame));
        }
        room.peers.insert(
            id,
            Peer {
                outgoing: outgoing.clone(),
                clients: HashSet::new(),
            },
        );
        id
    };
    report(shared, &RelayEvent::Joined(peer_addr));
    let writer = {
        let write_half = write_half.clone();
        thread::Builder::new()
            .name("live peer writer".to_owned())
            .spawn(move || write_loop(write_half, &queue))
    };
    if writer.is_ok() {
        read_loop(shared, peer_addr, id, &mut reader);
    }
    let mut room = lock(&shared.room);
    if let Some(peer) = room.peers.remove(&id) {
        let clients: Vec<u64> = peer.clients.into_iter().collect();
        for &client in &clients {
            room.awareness.remove_state(ClientID::new(client));
        }
        if let Some(frame) = sync::awareness_removed_frame(&room.awareness, &clients) {
            for other in room.peers.values() {
                let _ = other.outgoing.send(Outgoing::Frame(frame.clone()));
            }
        }
        drop(room);
        let _ = outgoing.send(Outgoing::Close("goodbye"));
        report(shared, &RelayEvent::Left(peer_addr));
    }
    if let Ok(writer) = writer {
        let _ = writer.join();
    }
    write_half.shutdown();
}

fn read_loop(shared: &Shared, peer_addr: SocketAddr, id: u64, reader: &mut WebSocket<ReadHalf>) {
    loop {
        let frame = match reader.read() {
            Ok(Message::Binary(frame)) => frame,
            Ok(Message::Close(_)) | Err(_) => return,
            Ok(_) => continue,
        };
        let mut room = lock(&shared.room);
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let handled = match sync::handle(&mut room.awareness, &frame) {
            Ok(handled) => handled,
            Err(error) => {
                drop(room);
                report(shared, &RelayEvent::Dropped(peer_addr, error.to_string()));
                continue;
            }
        };
        if handled.doc_changed {
            shared.revision.fetch_add(1, Ordering::SeqCst);
        }
        if let Some(peer) = room.peers.get_mut(&id) {
            peer.clients.extend(handled.awareness_clients);
            for reply in handled.replies {
                let _ = peer.outgoing.send(Outgoing::Frame(reply));
            }
        }
        for (&other, peer) in &room.peers {
            if other != id {
                for frame in &handled.broadcast {
                    let _ = peer.outgoing.send(Outgoing::Frame(frame.clone()));
                }
            }
        }
    }
}

fn write_loop(write_half: WriteHalf, queue: &Receiver<Outgoing>) {
    let mut writer = WebSocket::from_raw_socket(write_half, Role::Server, Some(socket::config()));
    while let Ok(outgoing) = queue.recv() {
        match outgoing {
            Outgoing::Frame(frame) => {
                if writer.send(Message::Binary(frame.into())).is_err() {
                    break;
                }
            }
            Outgoing::Close(reason) => {
                let _ = writer.send(Message::Close(Some(CloseFrame {
                    code: CloseCode::Away,
                    reason: reason.into(),
                })));
                break;
            }
        }
    }
    writer.get_ref().shutdown();
}
