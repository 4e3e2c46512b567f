//! The y-sync protocol glue: one binary y-websocket frame in, the replies and
//! what changed out. Shared by a peer's replica and the relay.
//!
//! A frame is one y-websocket message: `0` sync (step 1, step 2, update) or
//! `1` awareness (also `2` auth and `3` awareness query). Every frame is
//! decoded whole before anything is applied, so a malformed frame changes
//! nothing; remote updates are applied in a transaction with no origin (local
//! edits use the origin `"local"`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use yrs::encoding::read::Cursor;
use yrs::sync::{Awareness, AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::{Decode, Decoder as _, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{ClientID, ReadTxn as _, StateVector, Transact as _, Update};

use super::LiveError;

/// The largest frame accepted or sent, in bytes (32 MiB). A peer joining a
/// room receives the whole document in one frame (sync step 2); the yrs
/// encoding of a map is smaller than its `.stagemap.ron` file, and a map of
/// 10,000 cards with long texts stays well under 32 MiB, so every map the
/// editor can hold comfortably fits. A hostile peer, on the other hand, can
/// make the relay hold at most this much per connection at once.
pub const MAX_FRAME_BYTES: usize = 32 * 1024 * 1024;

/// What handling one frame did.
#[derive(Debug, Default)]
pub struct Handled {
    /// Frames to send back to whoever sent the frame (sync step 2 for a step 1,
    /// our awareness for a query).
    pub replies: Vec<Vec<u8>>,
    /// Whether the document changed.
    pub doc_changed: bool,
    /// Whether someone's awareness state changed.
    pub awareness_changed: bool,
    /// Frames telling the other peers of a room what changed (the document's
    /// update and the awareness states that changed); a relay broadcasts them.
    pub broadcast: Vec<Vec<u8>>,
    /// The awareness clients the frame added or updated (a relay removes their
    /// states when the connection that set them drops).
    pub awareness_clients: Vec<u64>,
}

/// One decoded message, ready to apply.
enum Decoded {
    /// A peer's state vector: it wants what it lacks.
    Step1(StateVector),
    /// Document changes (sync step 2 or update).
    Update(Update),
    /// Awareness states.
    Awareness(AwarenessUpdate),
    /// A request for our awareness states.
    Query,
}

/// Handles one binary y-websocket frame against `awareness` (its doc). Returns
/// the frames to reply with and what changed. Malformed frames, frames larger
/// than [`MAX_FRAME_BYTES`] and auth denials are errors and change nothing.
pub fn handle(awareness: &mut Awareness, frame: &[u8]) -> Result<Handled, LiveError> {
    if frame.len() > MAX_FRAME_BYTES {
        return Err(LiveError::FrameTooLarge {
            bytes: frame.len(),
            max: MAX_FRAME_BYTES,
        });
    }
    let decoded = catch_unwind(|| decode(frame))
        .map_err(|_| LiveError::Malformed("the decoder failed on it".to_owned()))??;
    catch_unwind(AssertUnwindSafe(|| apply(awareness, decoded)))
        .map_err(|_| LiveError::Malformed("applying it failed".to_owned()))?
}

/// Decodes a frame holding exactly one message, updates included.
fn decode(frame: &[u8]) -> Result<Decoded, LiveError> {
    let malformed = |error: &dyn std::fmt::Display| LiveError::Malformed(error.to_string());
    let mut decoder = DecoderV1::new(Cursor::new(frame));
    let message = Message::decode(&mut decoder).map_err(|error| malformed(&error))?;
    let rest = decoder.read_to_end().map_err(|error| malformed(&error))?;
    if !rest.is_empty() {
        return Err(LiveError::Malformed(format!(
            "{} bytes follow the message",
            rest.len()
        )));
    }
    match message {
        Message::Sync(SyncMessage::SyncStep1(state)) => Ok(Decoded::Step1(state)),
        Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
            Update::decode_v1(&update)
                .map(Decoded::Update)
                .map_err(|error| malformed(&error))
        }
        Message::Awareness(update) => Ok(Decoded::Awareness(update)),
        Message::AwarenessQuery => Ok(Decoded::Query),
        Message::Auth(Some(reason)) => Err(LiveError::Denied(reason)),
        Message::Auth(None) => Ok(Decoded::Update(Update::new())),
        Message::Custom(tag, _) => Err(LiveError::Malformed(format!("unknown message type {tag}"))),
    }
}

/// Applies a decoded message.
fn apply(awareness: &mut Awareness, decoded: Decoded) -> Result<Handled, LiveError> {
    let mut handled = Handled::default();
    match decoded {
        Decoded::Step1(state) => {
            let update = awareness.doc().transact().encode_state_as_update_v1(&state);
            handled
                .replies
                .push(encode(&Message::Sync(SyncMessage::SyncStep2(update))));
        }
        Decoded::Update(update) => {
            let mut txn = awareness.doc().transact_mut();
            txn.apply_update(update)
                .map_err(|error| LiveError::Malformed(error.to_string()))?;
            if txn.has_changes() {
                handled.doc_changed = true;
                handled
                    .broadcast
                    .push(update_frame(&txn.encode_update_v1()));
            }
        }
        Decoded::Awareness(update) => {
            let summary = awareness
                .apply_update_summary(update)
                .map_err(|error| LiveError::Malformed(error.to_string()))?;
            if let Some(summary) = summary {
                let changed = summary.all_changes();
                if !changed.is_empty() {
                    handled.awareness_changed = true;
                    handled.awareness_clients = summary
                        .added
                        .iter()
                        .chain(&summary.updated)
                        .map(|client| client.get())
                        .collect();
                    if let Ok(update) = awareness.update_with_clients(changed) {
                        handled.broadcast.push(encode(&Message::Awareness(update)));
                    }
                }
            }
        }
        Decoded::Query => handled.replies.extend(awareness_frame(awareness)),
    }
    Ok(handled)
}

/// Frames to say hello after (re)connecting: sync step 1 with our state
/// vector, then our awareness states when we have any.
pub fn hello(awareness: &Awareness) -> Vec<Vec<u8>> {
    let state = awareness.doc().transact().state_vector();
    let mut frames = vec![encode(&Message::Sync(SyncMessage::SyncStep1(state)))];
    frames.extend(awareness_frame(awareness));
    frames
}

/// The frame carrying a document update (lib0 v1 encoding).
pub fn update_frame(update: &[u8]) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::Update(update.to_vec())))
}

/// The frame carrying every awareness state `awareness` knows; `None` when it
/// knows none.
pub fn awareness_frame(awareness: &Awareness) -> Option<Vec<u8>> {
    let update = awareness.update().ok()?;
    (!update.clients.is_empty()).then(|| encode(&Message::Awareness(update)))
}

/// The frame saying that the awareness states of `clients` are gone (they
/// left); `None` when there are none.
pub fn awareness_removed_frame(awareness: &Awareness, clients: &[u64]) -> Option<Vec<u8>> {
    let update = awareness
        .update_with_clients(clients.iter().map(|&client| ClientID::new(client)))
        .ok()?;
    (!update.clients.is_empty()).then(|| encode(&Message::Awareness(update)))
}

/// A message encoded as one frame.
fn encode(message: &Message) -> Vec<u8> {
    message.encode_v1()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, GetString as _, Text as _};

    fn peer(client: u64) -> Awareness {
        Awareness::new(Doc::with_client_id(client))
    }

    fn write(awareness: &Awareness, text: &str) {
        let body = awareness.doc().get_or_insert_text("body");
        let mut txn = awareness.doc().transact_mut_with("local");
        let len = body.len(&txn);
        body.insert(&mut txn, len, text);
    }

    fn body(awareness: &Awareness) -> String {
        let body = awareness.doc().get_or_insert_text("body");
        body.get_string(&awareness.doc().transact())
    }

    /// Runs the handshake both ways: each side's hello, answered.
    fn sync_both(a: &mut Awareness, b: &mut Awareness) -> Result<(), LiveError> {
        for frame in hello(a) {
            for reply in handle(b, &frame)?.replies {
                handle(a, &reply)?;
            }
        }
        for frame in hello(b) {
            for reply in handle(a, &frame)?.replies {
                handle(b, &reply)?;
            }
        }
        Ok(())
    }

    #[test]
    fn two_peers_converge_through_step1_and_step2() -> Result<(), LiveError> {
        let mut a = peer(1);
        let mut b = peer(2);
        write(&a, "hello ");
        write(&b, "world");
        sync_both(&mut a, &mut b)?;
        assert_eq!(body(&a), body(&b));
        assert!(body(&a).contains("hello ") && body(&a).contains("world"));
        Ok(())
    }

    #[test]
    fn an_update_frame_changes_the_doc_and_is_broadcast() -> Result<(), LiveError> {
        let a = peer(1);
        let mut b = peer(2);
        write(&a, "x");
        let update = a
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let handled = handle(&mut b, &update_frame(&update))?;
        assert!(handled.doc_changed);
        assert_eq!(handled.broadcast.len(), 1);
        assert_eq!(body(&b), "x");
        // The same update again changes nothing and is not broadcast.
        let again = handle(&mut b, &update_frame(&update))?;
        assert!(!again.doc_changed);
        assert!(again.broadcast.is_empty());
        Ok(())
    }

    #[test]
    fn remote_updates_have_no_origin() -> Result<(), LiveError> {
        let a = peer(1);
        let mut b = peer(2);
        write(&a, "x");
        let origins = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = std::sync::Arc::clone(&origins);
        b.doc_mut()
            .observe_after_transaction("test", move |txn: &mut yrs::TransactionMut| {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(txn.origin().cloned());
                }
            })
            .map_err(|error| LiveError::Malformed(error.to_string()))?;
        let update = a
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        handle(&mut b, &update_frame(&update))?;
        let origins = origins.lock().map(|seen| seen.clone()).unwrap_or_default();
        assert!(!origins.is_empty());
        assert!(origins.iter().all(Option::is_none), "{origins:?}");
        Ok(())
    }

    #[test]
    fn awareness_states_travel_and_report_their_clients() -> Result<(), LiveError> {
        let mut a = peer(7);
        let mut b = peer(8);
        a.set_local_state_raw(r#"{"name":"Ana"}"#);
        let frame = awareness_frame(&a).ok_or(LiveError::Malformed("none".into()))?;
        let handled = handle(&mut b, &frame)?;
        assert!(handled.awareness_changed);
        assert_eq!(handled.awareness_clients, vec![7]);
        assert_eq!(handled.broadcast.len(), 1);
        assert!(b.iter().any(|(client, _)| client.get() == 7));
        // Removing the state reaches a third peer as a removal.
        b.remove_state(ClientID::new(7));
        let removal =
            awareness_removed_frame(&b, &[7]).ok_or(LiveError::Malformed("none".into()))?;
        let mut c = peer(9);
        handle(&mut c, &frame)?;
        handle(&mut c, &removal)?;
        assert!(c.state::<serde_json::Value>(ClientID::new(7)).is_none());
        let _ = &mut a;
        Ok(())
    }

    #[test]
    fn oversized_truncated_and_trailing_frames_are_refused() {
        let mut b = peer(2);
        let big = vec![0u8; MAX_FRAME_BYTES + 1];
        assert!(matches!(
            handle(&mut b, &big),
            Err(LiveError::FrameTooLarge { .. })
        ));
        let a = peer(1);
        write(&a, "some text");
        let update = a
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let frame = update_frame(&update);
        for cut in 0..frame.len() {
            assert!(handle(&mut b, &frame[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = frame.clone();
        trailing.push(0);
        assert!(handle(&mut b, &trailing).is_err());
        assert_eq!(body(&b), "", "nothing was applied");
    }

    #[test]
    fn a_denial_is_an_error() {
        let mut b = peer(2);
        let frame = encode(&Message::Auth(Some("no".to_owned())));
        assert!(matches!(handle(&mut b, &frame), Err(LiveError::Denied(_))));
    }

    /// Random bytes, and valid frames with random bytes flipped, never panic
    /// out of `handle`, and never leave the document unreadable.
    #[test]
    fn random_bytes_never_panic() {
        let a = peer(1);
        write(&a, "a text long enough to have some structure");
        let update = a
            .doc()
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let valid = update_frame(&update);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..20_000 {
            let mut b = peer(2);
            let frame: Vec<u8> = if round % 2 == 0 {
                let len = usize::try_from(next() % 64).unwrap_or(0);
                (0..len).map(|_| next().to_le_bytes()[0]).collect()
            } else {
                let mut frame = valid.clone();
                for _ in 0..1 + next() % 3 {
                    let at = usize::try_from(next()).unwrap_or(0) % frame.len();
                    frame[at] = next().to_le_bytes()[0];
                }
                frame
            };
            let _ = handle(&mut b, &frame);
            let _ = body(&b);
        }
    }
}
