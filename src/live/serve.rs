//! `stagemap serve FILE`: hosts a map's room without the editor. It founds
//! the room's doc from the file, runs the relay, prints the join link (token
//! included) as its first line, announces the room nearby when it can, and
//! saves the room back to FILE (atomically, keeping `.bak`) a second after
//! changes stop and when it ends.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::address::{DEFAULT_PORT, RoomCode};
use super::discovery;
use super::relay::{Relay, RelayConfig};
use super::schema;
use crate::format;
use crate::fsio::RealDisk;
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
    let token = RoomCode::random().map_err(io::Error::other)?;
    let mut client = [0u8; 4];
    getrandom::fill(&mut client).map_err(|error| io::Error::other(error.to_string()))?;
    let ydoc = schema::new_ydoc(u64::from(u32::from_le_bytes(client)));
    schema::write_document(&ydoc, doc);
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
            let document = relay.read_doc(|ydoc| schema::read_document(ydoc).document);
            match format::save_with_backup(&document, path, &mut RealDisk) {
                Ok(()) => saved = seen,
                Err(error) => eprintln!("error: {error}"),
            }
        }
        if stopping {
            relay.stop();
            return Ok(());
        }
    }
}
