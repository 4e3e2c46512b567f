//! A peer's link to a relay: a background thread holding a WebSocket
//! (`ws://`, or `wss://` through rustls), reconnecting with backoff (0.2 s
//! doubling up to 5 s) until closed. Frames go out through [`Connection::send`]
//! and everything that happens comes back as [`Event`]s on a channel.
//!
//! Over `ws://` reading and writing run on two threads sharing the socket, so
//! a frame is written the moment it is sent. Over `wss://` one thread does
//! both, reading with a short timeout between writes.

use std::net::{TcpStream, ToSocketAddrs as _};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use tungstenite::client::IntoClientRequest as _;
use tungstenite::protocol::Role;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Error as WsError, Message, WebSocket};

use super::socket;

/// First wait before reconnecting.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
/// Longest wait before reconnecting.
const LAST_BACKOFF: Duration = Duration::from_secs(5);
/// How long connecting to a server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a `wss://` connection's thread reads before it looks for frames to send.
const TLS_POLL: Duration = Duration::from_millis(2);

/// What happens to a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Connected (again): say hello (sync step 1 and awareness).
    Connected,
    /// A binary frame from the relay.
    Frame(Vec<u8>),
    /// The connection was lost or could not be made; it is tried again.
    Disconnected(String),
    /// The server refused us (wrong room code, or no such room); not tried again.
    Refused(String),
}

/// A link to a relay, kept up by a background thread until [`Connection::close`].
pub struct Connection {
    outgoing: Sender<Command>,
    events: Receiver<Event>,
    thread: Option<JoinHandle<()>>,
}

/// What the connection's thread is told.
enum Command {
    /// Send a frame (dropped while disconnected: the hello after
    /// reconnecting brings the other side up to date).
    Send(Vec<u8>),
    /// The reading thread of connection number `.0` ended for reason `.1`.
    ReaderEnded(u64, String),
    /// Close the connection and end.
    Close,
}

/// How a connection attempt or a connection ended.
enum End {
    /// Closed on request: the thread ends.
    Closed,
    /// Refused by the server: the thread ends.
    Refused(String),
    /// Lost: try again after a while; `.1` says whether it had connected.
    Lost(String, bool),
}

impl Connection {
    /// Starts connecting to `url` (`ws://…` or `wss://…`) in the background.
    pub fn open(url: &str) -> Self {
        let (outgoing, commands) = mpsc::channel();
        let (events_sender, events) = mpsc::channel();
        let url = url.to_owned();
        let loop_sender = outgoing.clone();
        let thread = thread::Builder::new()
            .name("live connection".to_owned())
            .spawn(move || run(&url, &loop_sender, &commands, &events_sender));
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(error) => {
                // Nothing runs: say so through the channel the caller reads.
                let (sender, receiver) = mpsc::channel();
                let _ = sender.send(Event::Refused(format!("cannot start: {error}")));
                return Self {
                    outgoing,
                    events: receiver,
                    thread: None,
                };
            }
        };
        Self {
            outgoing,
            events,
            thread,
        }
    }

    /// Sends a frame to the relay (dropped while disconnected).
    pub fn send(&self, frame: Vec<u8>) {
        let _ = self.outgoing.send(Command::Send(frame));
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }

    /// The next event, waiting at most `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Closes the connection (a close frame to the relay) and waits for its thread.
    pub fn close(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let _ = self.outgoing.send(Command::Close);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The connection's thread: connect, run, wait, again, until closed or refused.
fn run(
    url: &str,
    loop_sender: &Sender<Command>,
    commands: &Receiver<Command>,
    events: &Sender<Event>,
) {
    let mut backoff = FIRST_BACKOFF;
    let mut generation = 0;
    loop {
        generation += 1;
        let end = if url.starts_with("wss://") {
            run_tls(url, commands, events)
        } else {
            run_plain(url, generation, loop_sender, commands, events)
        };
        match end {
            End::Closed => return,
            End::Refused(reason) => {
                let _ = events.send(Event::Refused(reason));
                return;
            }
            End::Lost(reason, had_connected) => {
                if had_connected {
                    backoff = FIRST_BACKOFF;
                }
                if events.send(Event::Disconnected(reason)).is_err() {
                    return;
                }
            }
        }
        // Wait, dropping what is sent meanwhile, unless told to close.
        let until = std::time::Instant::now() + backoff;
        loop {
            let left = until.saturating_duration_since(std::time::Instant::now());
            match commands.recv_timeout(left) {
                Ok(Command::Close) | Err(RecvTimeoutError::Disconnected) => return,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        backoff = (backoff * 2).min(LAST_BACKOFF);
    }
}

/// Opens a TCP connection to the URL's host.
fn connect_tcp(url: &str) -> Result<TcpStream, End> {
    let request = url
        .into_client_request()
        .map_err(|error| End::Refused(format!("not a room's address: {error}")))?;
    let uri = request.uri();
    let host = uri
        .host()
        .ok_or_else(|| End::Refused("the address names no server".to_owned()))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = uri
        .port_u16()
        .unwrap_or(if uri.scheme_str() == Some("wss") {
            443
        } else {
            80
        });
    let lost = |error: &dyn std::fmt::Display| {
        End::Lost(format!("cannot reach {host}:{port}: {error}"), false)
    };
    let addresses = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|error| lost(&error))?;
    let mut last_error = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.map_or_else(|| lost(&"no address found"), |error| lost(&error)))
}

/// What a failed handshake means: refused for good (HTTP 401/403/404) or lost.
fn handshake_end(error: &WsError) -> End {
    match error {
        WsError::Http(response) if matches!(response.status().as_u16(), 401 | 403 | 404) => {
            let body = response
                .body()
                .as_deref()
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            End::Refused(
                format!("the server refused: {} {body}", response.status())
                    .trim()
                    .to_owned(),
            )
        }
        error => End::Lost(format!("the server did not let us in: {error}"), false),
    }
}

/// A `ws://` connection: reading on its own thread, writing on this one.
fn run_plain(
    url: &str,
    generation: u64,
    loop_sender: &Sender<Command>,
    commands: &Receiver<Command>,
    events: &Sender<Event>,
) -> End {
    let stream = match connect_tcp(url) {
        Ok(stream) => stream,
        Err(end) => return end,
    };
    let _ = stream.set_read_timeout(Some(CONNECT_TIMEOUT));
    let (read_half, write_half) = match socket::split(stream) {
        Ok(halves) => halves,
        Err(error) => return End::Lost(error.to_string(), false),
    };
    let mut reader =
        match tungstenite::client::client_with_config(url, read_half, Some(socket::config())) {
            Ok((reader, _)) => reader,
            Err(tungstenite::HandshakeError::Failure(error)) => return handshake_end(&error),
            Err(tungstenite::HandshakeError::Interrupted(_)) => {
                return End::Lost("the server did not answer in time".to_owned(), false);
            }
        };
    let _ = reader.get_ref().tcp().set_read_timeout(None);
    if events.send(Event::Connected).is_err() {
        write_half.shutdown();
        return End::Closed;
    }
    let reading = {
        let events = events.clone();
        let ended = loop_sender.clone();
        thread::Builder::new()
            .name("live connection reader".to_owned())
            .spawn(move || {
                let reason = read_frames(&mut reader, &events);
                let _ = ended.send(Command::ReaderEnded(generation, reason));
            })
    };
    let reading = match reading {
        Ok(reading) => reading,
        Err(error) => return End::Lost(error.to_string(), true),
    };
    let mut writer =
        WebSocket::from_raw_socket(write_half.clone(), Role::Client, Some(socket::config()));
    let end = loop {
        match commands.recv() {
            Ok(Command::Send(frame)) => {
                if let Err(error) = writer.send(Message::Binary(frame.into())) {
                    break End::Lost(error.to_string(), true);
                }
            }
            Ok(Command::ReaderEnded(ended, reason)) if ended == generation => {
                break End::Lost(reason, true);
            }
            Ok(Command::ReaderEnded(..)) => {}
            Ok(Command::Close) | Err(_) => {
                let _ = writer.close(None);
                let _ = writer.flush();
                break End::Closed;
            }
        }
    };
    write_half.shutdown();
    let _ = reading.join();
    end
}

/// Reads frames until the connection ends; returns why it ended.
fn read_frames<S: std::io::Read + std::io::Write>(
    reader: &mut WebSocket<S>,
    events: &Sender<Event>,
) -> String {
    loop {
        match reader.read() {
            Ok(Message::Binary(frame)) => {
                if events.send(Event::Frame(frame.to_vec())).is_err() {
                    return "closed".to_owned();
                }
            }
            Ok(Message::Close(frame)) => {
                return frame.map_or_else(
                    || "the server closed the connection".to_owned(),
                    |frame| format!("the server closed the connection: {}", frame.reason),
                );
            }
            Ok(_) => {}
            Err(error) => return error.to_string(),
        }
    }
}

/// A `wss://` connection: one thread reading with a short timeout, and writing between reads.
fn run_tls(url: &str, commands: &Receiver<Command>, events: &Sender<Event>) -> End {
    let stream = match connect_tcp(url) {
        Ok(stream) => stream,
        Err(end) => return end,
    };
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(CONNECT_TIMEOUT));
    let timeouts = stream.try_clone();
    let mut ws =
        match tungstenite::client_tls_with_config(url, stream, Some(socket::config()), None) {
            Ok((ws, _)) => ws,
            Err(tungstenite::HandshakeError::Failure(error)) => return handshake_end(&error),
            Err(tungstenite::HandshakeError::Interrupted(_)) => {
                return End::Lost("the server did not answer in time".to_owned(), false);
            }
        };
    if let Ok(timeouts) = &timeouts {
        let _ = timeouts.set_read_timeout(Some(TLS_POLL));
    }
    if events.send(Event::Connected).is_err() {
        return End::Closed;
    }
    loop {
        loop {
            match commands.try_recv() {
                Ok(Command::Send(frame)) => {
                    if let Err(error) = ws.send(Message::Binary(frame.into())) {
                        return End::Lost(error.to_string(), true);
                    }
                }
                Ok(Command::ReaderEnded(..)) => {}
                Ok(Command::Close) | Err(TryRecvError::Disconnected) => {
                    let _ = ws.close(None);
                    let _ = ws.flush();
                    if let MaybeTlsStream::Rustls(stream) = ws.get_ref() {
                        let _ = stream.sock.shutdown(std::net::Shutdown::Both);
                    }
                    return End::Closed;
                }
                Err(TryRecvError::Empty) => break,
            }
        }
        match ws.read() {
            Ok(Message::Binary(frame)) => {
                if events.send(Event::Frame(frame.to_vec())).is_err() {
                    return End::Closed;
                }
            }
            Ok(Message::Close(_)) => {
                return End::Lost("the server closed the connection".to_owned(), true);
            }
            Ok(_) => {}
            Err(WsError::Io(error))
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(error) => return End::Lost(error.to_string(), true),
        }
    }
}
