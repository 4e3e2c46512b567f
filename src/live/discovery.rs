//! Rooms on the local network, through mDNS (DNS-SD): a host announces
//! `_stagemap._tcp.local.` with the room's name, its host name and port in the
//! TXT record (never the room code, which people type or scan), and the
//! editor browses for them. Where multicast is unavailable every call returns
//! an error or an empty list, and the editor asks for the address instead.

use std::collections::BTreeMap;
use std::net::IpAddr;

use mdns_sd::{ServiceDaemon, ServiceEvent, ServiceInfo};

/// The DNS-SD service type of a Stagemap room.
pub const SERVICE_TYPE: &str = "_stagemap._tcp.local.";

/// Why rooms cannot be announced or found.
#[derive(Debug, thiserror::Error)]
#[error("rooms nearby cannot be announced or found here: {0}")]
pub struct DiscoveryError(String);

fn failed(error: &mdns_sd::Error) -> DiscoveryError {
    DiscoveryError(error.to_string())
}

/// A room found nearby.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearbyRoom {
    /// The room's name.
    pub room: String,
    /// The host's name, as it calls itself.
    pub host_name: String,
    /// Its addresses.
    pub addresses: Vec<IpAddr>,
    /// The relay's port.
    pub port: u16,
}

/// A room being announced; the announcement ends when dropped.
pub struct Announcement {
    daemon: ServiceDaemon,
    fullname: String,
}

/// Announces `room`, hosted by the relay on `port` of this machine at `addresses`.
pub fn announce(
    room: &str,
    host_name: &str,
    addresses: &[IpAddr],
    port: u16,
) -> Result<Announcement, DiscoveryError> {
    let daemon = ServiceDaemon::new().map_err(|error| failed(&error))?;
    let instance = format!("{room} ({host_name})");
    let mdns_host = format!(
        "{}.local.",
        host_name.trim_end_matches(".local.").replace(' ', "-")
    );
    let properties = [
        ("room", room),
        ("host", host_name),
        ("port", &port.to_string()),
    ];
    let info = ServiceInfo::new(
        SERVICE_TYPE,
        &instance,
        &mdns_host,
        addresses,
        port,
        &properties[..],
    )
    .map_err(|error| failed(&error))?;
    let fullname = info.get_fullname().to_owned();
    daemon.register(info).map_err(|error| failed(&error))?;
    Ok(Announcement { daemon, fullname })
}

impl Drop for Announcement {
    fn drop(&mut self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// A search for rooms nearby, polled by the editor.
pub struct Browse {
    daemon: ServiceDaemon,
    events: mdns_sd::Receiver<ServiceEvent>,
    rooms: BTreeMap<String, NearbyRoom>,
}

impl Browse {
    /// Starts looking for rooms.
    pub fn start() -> Result<Self, DiscoveryError> {
        let daemon = ServiceDaemon::new().map_err(|error| failed(&error))?;
        let events = daemon
            .browse(SERVICE_TYPE)
            .map_err(|error| failed(&error))?;
        Ok(Self {
            daemon,
            events,
            rooms: BTreeMap::new(),
        })
    }

    /// The rooms found so far (without waiting), sorted by their announced name.
    pub fn rooms(&mut self) -> Vec<NearbyRoom> {
        while let Ok(event) = self.events.try_recv() {
            match event {
                ServiceEvent::ServiceResolved(service) => {
                    let room = service
                        .get_property_val_str("room")
                        .unwrap_or_default()
                        .to_owned();
                    let host_name = service
                        .get_property_val_str("host")
                        .unwrap_or(&service.host)
                        .to_owned();
                    let mut addresses: Vec<IpAddr> = service
                        .addresses
                        .iter()
                        .map(mdns_sd::ScopedIp::to_ip_addr)
                        .collect();
                    addresses.sort();
                    self.rooms.insert(
                        service.fullname.clone(),
                        NearbyRoom {
                            room,
                            host_name,
                            addresses,
                            port: service.port,
                        },
                    );
                }
                ServiceEvent::ServiceRemoved(_, fullname) => {
                    self.rooms.remove(&fullname);
                }
                _ => {}
            }
        }
        self.rooms.values().cloned().collect()
    }
}

impl Drop for Browse {
    fn drop(&mut self) {
        let _ = self.daemon.stop_browse(SERVICE_TYPE);
        let _ = self.daemon.shutdown();
    }
}
