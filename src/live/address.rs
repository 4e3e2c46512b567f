//! Where a room is: join links (`ws://HOST:PORT/ROOM?token=CODE`, or `wss://`),
//! room codes, and reading whatever a person pastes, types or scans.
//!
//! A room code is 8 characters of Crockford's base32, shown as `7KQ4-M2XD`;
//! it is also the room's token, checked by the relay before anything is sent.
//! When typed, case, dashes and spaces do not matter, and `I`/`L` read as `1`,
//! `O` as `0`. A link to an organisation's own server (`wss://yjs.example.org/room`)
//! needs no token: that server checks who may join its own way.

use std::fmt;

/// The 32 characters of Crockford's base32, in value order.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a room code.
const CODE_LEN: usize = 8;

/// The port a relay listens on when no other is given.
pub const DEFAULT_PORT: u16 = 4455;

/// A room's code: 8 Crockford base32 characters (40 random bits).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RoomCode(String);

impl RoomCode {
    /// A new random code, from the system's secure random source.
    pub fn random() -> Result<Self, AddressError> {
        let mut bytes = [0u8; CODE_LEN];
        getrandom::fill(&mut bytes).map_err(|error| AddressError::Random(error.to_string()))?;
        Ok(Self(
            bytes
                .iter()
                .map(|byte| char::from(ALPHABET[usize::from(byte % 32)]))
                .collect(),
        ))
    }

    /// Reads a code as a person types it: any case, with or without dashes
    /// and spaces; `I` and `L` count as `1`, `O` as `0`.
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let mut code = String::with_capacity(CODE_LEN);
        for c in text.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' => continue,
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(AddressError::BadCode(text.to_owned()));
            }
            code.push(c);
        }
        if code.len() == CODE_LEN {
            Ok(Self(code))
        } else {
            Err(AddressError::BadCode(text.to_owned()))
        }
    }

    /// The code as sent in a link: 8 characters, no dash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shown to people with a dash in the middle: `7KQ4-M2XD`.
impl fmt::Display for RoomCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, second) = self.0.split_at(CODE_LEN / 2);
        write!(f, "{first}-{second}")
    }
}

/// Never printed whole by `{:?}`, so logs do not leak it.
impl fmt::Debug for RoomCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RoomCode(…)")
    }
}

/// How to reach a room: the server, the room's name and its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinLink {
    /// Through TLS (`wss://`).
    pub secure: bool,
    /// The server's host name or IP address (IPv6 without brackets).
    pub host: String,
    /// The server's port; `None` for the scheme's usual one (80 or 443).
    pub port: Option<u16>,
    /// The room's name (the link's path, decoded).
    pub room: String,
    /// The room code checked by a Stagemap relay; `None` for servers that
    /// check access their own way.
    pub token: Option<RoomCode>,
}

impl JoinLink {
    /// The WebSocket URL to connect to, token included.
    pub fn url(&self) -> String {
        self.to_string()
    }

    /// The URL without its token, to show where the token must stay private.
    pub fn without_token(&self) -> String {
        Self {
            token: None,
            ..self.clone()
        }
        .to_string()
    }

    /// `host:port` as a socket address string (brackets around IPv6).
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port {
            Some(port) => format!("{host}:{port}"),
            None => host,
        }
    }

    /// The port to connect to: the given one or the scheme's usual one.
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(if self.secure { 443 } else { 80 })
    }
}

/// `ws://HOST:PORT/ROOM?token=CODE`.
impl fmt::Display for JoinLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.secure { "wss" } else { "ws" };
        write!(
            f,
            "{scheme}://{}/{}",
            self.authority(),
            encode_path(&self.room)
        )?;
        if let Some(token) = &self.token {
            write!(f, "?token={}", token.as_str())?;
        }
        Ok(())
    }
}

/// Why a typed address or code cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AddressError {
    /// Nothing was typed.
    #[error("type the address of a room, or paste its link")]
    Empty,
    /// A link of another kind than ws, wss, http or https.
    #[error("“{0}” is not a room's link (it should start with ws:// or wss://)")]
    BadScheme(String),
    /// The host or port cannot be read.
    #[error("“{0}” is not a server's address (HOST:PORT)")]
    BadHost(String),
    /// A room code that is not 8 characters of the code's alphabet.
    #[error("“{0}” is not a room code (8 letters and digits, like 7KQ4-M2XD)")]
    BadCode(String),
    /// The system's random source failed.
    #[error("no random room code could be made: {0}")]
    Random(String),
}

/// Reads what a person pasted, typed or scanned:
/// - a full link `ws://HOST:PORT/ROOM?token=CODE` or `wss://…` (also
///   `http://`/`https://`, read as `ws://`/`wss://`);
/// - an organisation's server `wss://yjs.example.org/some-room` (no token);
/// - `HOST:PORT` (or `HOST`) followed by the room code, separated by spaces
///   or a slash: `192.168.1.20:4455 7KQ4-M2XD`;
/// - a link without its scheme `HOST:PORT/ROOM?token=CODE`.
///
/// Without a scheme the link is `ws://`, and without a port the relay's
/// [`DEFAULT_PORT`].
pub fn parse(input: &str) -> Result<JoinLink, AddressError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(AddressError::Empty);
    }
    let (secure, rest, has_scheme) = match input.split_once("://") {
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "ws" | "http" => (false, rest, true),
            "wss" | "https" => (true, rest, true),
            _ => return Err(AddressError::BadScheme(input.to_owned())),
        },
        None => (false, input, false),
    };
    // `HOST:PORT CODE`: the code after white space.
    let (rest, typed_code) = match rest.split_once(char::is_whitespace) {
        Some((address, code)) if !has_scheme => (address, Some(code.trim())),
        Some(_) => return Err(AddressError::BadHost(input.to_owned())),
        None => (rest, None),
    };
    let rest = rest.split('#').next().unwrap_or(rest);
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((authority, path)) => (authority, path.trim_end_matches('/')),
        None => (before_query, ""),
    };
    let (host, port) =
        split_authority(authority).ok_or_else(|| AddressError::BadHost(input.to_owned()))?;
    let mut room = decode_path(path);
    let mut token = query
        .into_iter()
        .flat_map(|query| query.split('&'))
        .find_map(|pair| pair.strip_prefix("token="))
        .map(RoomCode::parse)
        .transpose()?;
    if let Some(code) = typed_code {
        token = Some(RoomCode::parse(code)?);
    } else if !has_scheme && token.is_none() && query.is_none() && !path.is_empty() {
        // `HOST:PORT/CODE`, typed from a screen: the path is the code.
        if let Ok(code) = RoomCode::parse(&room) {
            token = Some(code);
        }
    }
    if room.is_empty()
        && let Some(code) = &token
    {
        room = code.as_str().to_owned();
    }
    let port = match port {
        Some(port) => Some(port),
        None if has_scheme => None,
        None => Some(DEFAULT_PORT),
    };
    Ok(JoinLink {
        secure,
        host,
        port,
        room,
        token,
    })
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let valid_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '%'));
    if !valid_host {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok().filter(|&port| port != 0)?),
        None => None,
    };
    Some((host.to_owned(), port))
}

/// Percent-encodes a room name for a URL path (everything but unreserved characters).
fn encode_path(room: &str) -> String {
    let mut encoded = String::with_capacity(room.len());
    for byte in room.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Decodes a percent-encoded URL path; invalid escapes stay as written.
pub fn decode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> RoomCode {
        RoomCode::parse(text).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn codes_are_eight_characters_shown_with_a_dash() -> Result<(), AddressError> {
        let first = RoomCode::random()?;
        assert_eq!(first.as_str().len(), 8);
        assert_eq!(first.to_string().len(), 9);
        assert_eq!(RoomCode::parse(&first.to_string())?, first);
        assert_ne!(RoomCode::random()?, first);
        assert!(!format!("{first:?}").contains(first.as_str()));
        Ok(())
    }

    #[test]
    fn typed_codes_forgive_case_dashes_and_lookalikes() {
        assert_eq!(code("7kq4-m2xd").as_str(), "7KQ4M2XD");
        assert_eq!(code(" 7KQ4 M2XD ").as_str(), "7KQ4M2XD");
        assert_eq!(code("IL0O-ABCD").as_str(), "1100ABCD");
        assert!(RoomCode::parse("7KQ4-M2X").is_err());
        assert!(
            RoomCode::parse("7KQ4-M2XU").is_err(),
            "U is not in the alphabet"
        );
        assert!(RoomCode::parse("7KQ4-M2XDD").is_err());
    }

    #[test]
    fn a_full_link_round_trips() -> Result<(), AddressError> {
        let link = parse("ws://192.168.1.20:4455/Hotel%20checkout?token=7KQ4M2XD")?;
        assert_eq!(link.host, "192.168.1.20");
        assert_eq!(link.port, Some(4455));
        assert_eq!(link.room, "Hotel checkout");
        assert_eq!(link.token, Some(code("7KQ4M2XD")));
        assert!(!link.secure);
        assert_eq!(
            link.to_string(),
            "ws://192.168.1.20:4455/Hotel%20checkout?token=7KQ4M2XD"
        );
        assert_eq!(parse(&link.url())?, link);
        assert_eq!(
            link.without_token(),
            "ws://192.168.1.20:4455/Hotel%20checkout"
        );
        Ok(())
    }

    #[test]
    fn an_organisations_server_needs_no_token() -> Result<(), AddressError> {
        let link = parse("wss://yjs.example.org/some-room")?;
        assert!(link.secure);
        assert_eq!(link.host, "yjs.example.org");
        assert_eq!(link.port, None);
        assert_eq!(link.port_or_default(), 443);
        assert_eq!(link.room, "some-room");
        assert_eq!(link.token, None);
        assert_eq!(link.url(), "wss://yjs.example.org/some-room");
        Ok(())
    }

    #[test]
    fn host_port_and_a_typed_code() -> Result<(), AddressError> {
        for typed in [
            "192.168.1.20:4455 7kq4-m2xd",
            "192.168.1.20:4455/7KQ4-M2XD",
            "  192.168.1.20:4455   7KQ4 M2XD",
        ] {
            let link = parse(typed)?;
            assert_eq!(link.host, "192.168.1.20", "{typed}");
            assert_eq!(link.port, Some(4455), "{typed}");
            assert_eq!(link.token, Some(code("7KQ4M2XD")), "{typed}");
        }
        let link = parse("laptop.local 7KQ4M2XD")?;
        assert_eq!(link.port, Some(DEFAULT_PORT));
        assert_eq!(link.room, "7KQ4M2XD");
        Ok(())
    }

    #[test]
    fn ipv6_and_http_links() -> Result<(), AddressError> {
        let link = parse("ws://[fe80::1]:4455/r?token=7KQ4M2XD")?;
        assert_eq!(link.host, "fe80::1");
        assert_eq!(link.url(), "ws://[fe80::1]:4455/r?token=7KQ4M2XD");
        assert!(parse("https://example.org/r")?.secure);
        Ok(())
    }

    #[test]
    fn nonsense_is_refused_with_a_reason() {
        assert_eq!(parse("  "), Err(AddressError::Empty));
        assert!(matches!(
            parse("ftp://x/y"),
            Err(AddressError::BadScheme(_))
        ));
        assert!(matches!(
            parse("host:99999 7KQ4M2XD"),
            Err(AddressError::BadHost(_))
        ));
        assert!(matches!(
            parse("host:4455 nope"),
            Err(AddressError::BadCode(_))
        ));
        assert!(matches!(
            parse("ws://h:1/r?token=bad"),
            Err(AddressError::BadCode(_))
        ));
        assert!(matches!(parse("ws:///room"), Err(AddressError::BadHost(_))));
    }
}
