//! `stagemap serve FILE`: hosts a map's room without the editor. It founds
//! the room's doc, runs the relay, prints the join link (token included) as
//! its first line, announces the room nearby when it can, and saves the room
//! back to FILE (atomically, keeping `.bak`) a second after changes stop and
//! when it ends.
//!
//! With each save the room's Yjs state is kept beside the file, as
//! `FILE.yjs`, and a restarted `serve` founds the room from it when it holds
//! the same map as FILE: editors still holding the old room's doc then merge
//! into the new one, their offline edits included. A doc founded anew from
//! FILE would clash with theirs (the same entities written twice by
//! different clients, one copy winning wholesale), so edits would be lost.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

use super::address::{DEFAULT_PORT, RoomCode};
use super::discovery;
use super::relay::{Relay, RelayConfig};
use super::schema;
use crate::format;
use crate::fsio::{self, RealDisk};
use crate::model::Document;

/// How long the room must be quiet before it is saved.
const QUIET: Duration = Duration::from_secs(1);

/// How a room is served.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to listen on; the machine's LAN address when `None`
    /// (loopback when it has none).
    pub bind: Option<IpAddr>,
    /// The port ([`DEFAULT_PORT`] when `None`; 0 picks a free one).
    pub port: Option<u16>,
    /// The room's name; the file's name when `None`.
    pub room: Option<String>,
    /// The room code; a new random one when `None`. A room restarted with
    /// its code and port is rejoined by its editors' connections by themselves.
    pub code: Option<RoomCode>,
}

/// The address this machine reaches its local network from, if it has one:
/// the source address of a route outward (no packet is sent).
pub fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The room's name for a file: its name without `.stagemap.ron`.
fn room_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name
        .strip_suffix(".stagemap.ron")
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(&name);
    if name.is_empty() {
        "map".to_owned()
    } else {
        name.to_owned()
    }
}

/// Serves `doc` (read from `path`) until `stop` receives or its sender goes;
/// prints the join link as the first line of `out`.
pub fn serve(
    path: &Path,
    doc: &Document,
    options: &ServeOptions,
    stop: &Receiver<()>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let token = match &options.code {
        Some(code) => code.clone(),
        None => RoomCode::random().map_err(io::Error::other)?,
    };
    let mut client = [0u8; 4];
    getrandom::fill(&mut client).map_err(|error| io::Error::other(error.to_string()))?;
    let ydoc = found(path, doc, u64::from(u32::from_le_bytes(client)));
    let ip = options
        .bind
        .or_else(lan_address)
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let room = options.room.clone().unwrap_or_else(|| room_name(path));
    let config = RelayConfig::new(
        SocketAddr::new(ip, options.port.unwrap_or(DEFAULT_PORT)),
        room.clone(),
        token.clone(),
    );
    let relay = Relay::start_with_doc(config, ydoc)?;
    let shown = if ip.is_unspecified() {
        lan_address().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
    } else {
        ip
    };
    writeln!(out, "{}", relay.join_link(&shown.to_string()))?;
    out.flush()?;
    eprintln!(
        "Serving {} as room “{room}”, code {token}; Ctrl+C ends the room and saves.",
        path.display()
    );
    let host_name = std::env::var("HOSTNAME").unwrap_or_else(|_| "stagemap".to_owned());
    let _announcement = if shown.is_loopback() {
        None
    } else {
        match discovery::announce(&room, &host_name, &[shown], relay.local_addr().port()) {
            Ok(announcement) => Some(announcement),
            Err(error) => {
                eprintln!("The room is not announced nearby: {error}");
                None
            }
        }
    };
    let mut saved = relay.revision();
    let mut seen = saved;
    let mut changed_at = Instant::now();
    loop {
        let stopping = match stop.recv_timeout(Duration::from_millis(100)) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => true,
            Err(RecvTimeoutError::Timeout) => false,
        };
        let revision = relay.revision();
        if revision != seen {
            seen = revision;
            changed_at = Instant::now();
        }
        if seen != saved && (stopping || changed_at.elapsed() >= QUIET) {
            let (read, state) =
                relay.read_doc(|ydoc| (schema::read_document(ydoc), encode_state(ydoc)));
            if read.unreadable > 0 {
                eprintln!(
                    "{} entities another client wrote in a form this version cannot read are \
                     left out of {} (they stay in the room and in {}).",
                    read.unreadable,
                    path.display(),
                    state_path(path).display()
                );
            }
            let document = read.document;
            match format::save_with_backup(&document, path, &mut RealDisk) {
                Ok(()) => {
                    saved = seen;
                    keep_state(path, &state);
                }
                Err(error) => eprintln!("error: {error}"),
            }
        }
        if stopping {
            relay.stop();
            return Ok(());
        }
    }
}

/// Where the room's Yjs state is kept beside its file: `FILE.yjs`.
pub fn state_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".yjs");
    path.with_file_name(name)
}

/// The room's doc: restored from the state kept beside the file when that
/// reads back to the same map as the file, founded anew from the map
/// otherwise (and its state kept at once, so a restart before any change
/// restores it too).
fn found(path: &Path, doc: &Document, client: u64) -> Doc {
    let state = state_path(path);
    match std::fs::read(&state) {
        Ok(bytes) => {
            let ydoc = schema::new_ydoc(client);
            if restore(&ydoc, &bytes) && schema::read_document(&ydoc).document == *doc {
                eprintln!("The room goes on from {}.", state.display());
                return ydoc;
            }
            eprintln!(
                "{} does not hold the map in {} (was the file changed since?): the room starts \
                 anew from the file, and editors still in the old room have to join again.",
                state.display(),
                path.display()
            );
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => eprintln!(
            "{} cannot be read ({error}): the room starts anew from {}.",
            state.display(),
            path.display()
        ),
    }
    let ydoc = schema::new_ydoc(client);
    schema::write_document(&ydoc, doc);
    keep_state(path, &encode_state(&ydoc));
    ydoc
}

/// Applies a kept state to an empty doc; whether it applied whole.
fn restore(ydoc: &Doc, bytes: &[u8]) -> bool {
    let Ok(update) = Update::decode_v1(bytes) else {
        return false;
    };
    let mut txn = ydoc.transact_mut();
    txn.apply_update(update).is_ok() && txn.store().pending_update().is_none()
}

/// The whole state of a doc, as one Yjs update.
fn encode_state(ydoc: &Doc) -> Vec<u8> {
    ydoc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

/// Writes the room's state beside its file, atomically; a failure is told
/// on standard error (the map itself is saved).
fn keep_state(path: &Path, state: &[u8]) {
    let kept = state_path(path);
    if let Err(error) = fsio::write_atomic(&kept, state) {
        eprintln!(
            "error: cannot keep the room's state in {}: {error}",
            kept.display()
        );
    }
}
