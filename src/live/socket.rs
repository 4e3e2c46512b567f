//! A TCP stream shared by a WebSocket's reading thread and its writing
//! thread, so neither waits for the other: reading blocks on its own clone of
//! the socket, and every write (frames, and the pongs and close replies the
//! reader sends by itself) goes whole through one lock, so frames never mix.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex};

use tungstenite::protocol::WebSocketConfig;

use super::sync::MAX_FRAME_BYTES;

/// The limits every live WebSocket uses: no message or frame larger than
/// [`MAX_FRAME_BYTES`].
pub(crate) fn config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_FRAME_BYTES))
        .max_frame_size(Some(MAX_FRAME_BYTES))
}

/// The reading side: reads its own clone of the socket, writes through the lock.
pub(crate) struct ReadHalf {
    stream: TcpStream,
    writer: WriteHalf,
}

/// The writing side: writes whole buffers under the lock; reads nothing.
#[derive(Clone)]
pub(crate) struct WriteHalf {
    stream: Arc<Mutex<TcpStream>>,
}

/// Splits a connected stream into its reading and writing sides.
pub(crate) fn split(stream: TcpStream) -> io::Result<(ReadHalf, WriteHalf)> {
    stream.set_nodelay(true)?;
    let writer = WriteHalf {
        stream: Arc::new(Mutex::new(stream.try_clone()?)),
    };
    Ok((
        ReadHalf {
            stream,
            writer: writer.clone(),
        },
        writer,
    ))
}

impl ReadHalf {
    /// The socket, to set timeouts or shut it down.
    pub(crate) fn tcp(&self) -> &TcpStream {
        &self.stream
    }
}

impl WriteHalf {
    /// Ends the connection both ways; a thread blocked reading it wakes up.
    pub(crate) fn shutdown(&self) {
        if let Ok(stream) = self.stream.lock() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Read for ReadHalf {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.read(buf)
    }
}

impl Write for ReadHalf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Read for WriteHalf {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "the writing side of a connection reads nothing",
        ))
    }
}

impl Write for WriteHalf {
    /// Writes the whole buffer (tungstenite hands over whole frames) under the lock.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut stream = self
            .stream
            .lock()
            .map_err(|_| io::Error::other("the connection's lock is poisoned"))?;
        stream.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut stream = self
            .stream
            .lock()
            .map_err(|_| io::Error::other("the connection's lock is poisoned"))?;
        stream.flush()
    }
}
