//! Benchmarks of live co-editing over a real relay on 127.0.0.1, on a
//! generated map of 960 cards:
//!
//! - an edit reaching another peer: from the command on one peer until the
//!   other's map shows it (200 title edits; the median is set against the goal);
//! - a new joiner getting the whole map, until its map has all 960 cards;
//! - the live document after 10,000 edits (titles typed, emotions set, cards
//!   moved): its encoded state and the heap its Yjs document takes, against
//!   the size of the same map as a `.stagemap.ron` file.
//!
//! Run with `cargo bench --bench live` (optionally `-- latency`, `-- join` or
//! `-- size` for one case).

mod support;

use std::error::Error;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact, Update};

use stagemap::edit::{CardField, ops};
use stagemap::live::Replica;
use stagemap::live::address::RoomCode;
use stagemap::live::connection::Connection;
use stagemap::live::relay::{Relay, RelayConfig};
use stagemap::live::schema;
use stagemap::model::{CardId, Document};
use stagemap::{format, generate};
use support::{Goal, Measure};

#[global_allocator]
static HEAP: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// Cards of the benchmark's map: 48 stages of one step, 10 lanes, 2 cards a cell.
const CARDS: usize = 960;

/// Title edits timed for the latency.
const EDITS_TIMED: usize = 200;

/// Edits made before the live document is weighed.
const EDITS_WEIGHED: usize = 10_000;

/// The most the live document's encoded state may be, as a multiple of the map's file.
const SIZE_GOAL: f64 = 3.0;

/// How long any one wait may take before the benchmark gives up.
const GIVE_UP: Duration = Duration::from_secs(30);

/// Goals the project sets.
const GOALS: [Goal; 2] = [
    Goal {
        case: "edit reaches a peer",
        cards: CARDS,
        limit: Duration::from_millis(50),
    },
    Goal {
        case: "joiner has the map",
        cards: CARDS,
        limit: Duration::from_secs(1),
    },
];

fn map() -> Document {
    generate::generated_map(48, 10, 2, CARDS)
}

/// A peer linked to the relay.
struct Peer {
    replica: Replica,
    doc: Document,
    connection: Connection,
}

impl Peer {
    fn new(mut replica: Replica, url: &str) -> Self {
        let doc = replica.read();
        Self {
            replica,
            doc,
            connection: Connection::open(url),
        }
    }

    /// Handles what arrives within `wait` and sends this peer's changes.
    fn pump(&mut self, wait: Duration) -> BenchResult<()> {
        let pumped = self.replica.pump(&mut self.doc, &self.connection, wait);
        if let Some(why) = pumped.refused {
            return Err(why.into());
        }
        match pumped.received.dropped.into_iter().next() {
            Some(error) => Err(error.into()),
            None => Ok(()),
        }
    }

    /// Pumps until `done` holds of this peer's map.
    fn pump_until(&mut self, done: impl Fn(&Document) -> bool) -> BenchResult<()> {
        let start = Instant::now();
        while !done(&self.doc) {
            if start.elapsed() > GIVE_UP {
                return Err("a peer waited too long".into());
            }
            self.pump(Duration::from_millis(1))?;
        }
        Ok(())
    }
}

/// A relay for an empty room on a free port of 127.0.0.1, reporting nothing.
fn relay() -> BenchResult<Relay> {
    let mut config = RelayConfig::new(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        "bench",
        RoomCode::random()?,
    );
    config.reporter = Arc::new(|_| {});
    Ok(Relay::start(config)?)
}

fn title(doc: &Document, id: CardId) -> Option<&str> {
    doc.card(id).map(|card| card.title.as_str())
}

/// The host and a peer in one room, both holding the map.
fn room(relay: &Relay, map: &Document) -> BenchResult<(Peer, Peer)> {
    let url = relay.join_link("127.0.0.1").url();
    let mut host = Peer::new(Replica::host(map), &url);
    let mut peer = Peer::new(Replica::join(), &url);
    let start = Instant::now();
    while peer.doc.cards.len() < map.cards.len() {
        if start.elapsed() > GIVE_UP {
            return Err("the peer never got the map".into());
        }
        host.pump(Duration::from_millis(1))?;
        peer.pump(Duration::from_millis(1))?;
    }
    Ok((host, peer))
}

/// Times title edits from the host until the peer's map shows each.
fn latency(relay: &Relay, map: &Document) -> BenchResult<Measure> {
    let (mut host, mut peer) = room(relay, map)?;
    let mut times = Vec::with_capacity(EDITS_TIMED);
    for i in 0..EDITS_TIMED {
        let id = map.cards[(i * 7) % map.cards.len()].id;
        let text = format!("编辑 edit {i}");
        let start = Instant::now();
        host.replica.execute(
            &mut host.doc,
            ops::set_card_field(id, CardField::Title(text.clone())),
        )?;
        host.pump(Duration::ZERO)?;
        peer.pump_until(|doc| title(doc, id) == Some(text.as_str()))?;
        times.push(start.elapsed());
    }
    host.connection.close();
    peer.connection.close();
    Ok(Measure::of_runs(
        "edit reaches a peer",
        map.cards.len(),
        times,
    ))
}

/// Times a new joiner until its map has every card.
fn join(relay: &Relay, map: &Document) -> BenchResult<Measure> {
    let (host, peer) = room(relay, map)?;
    host.connection.close();
    peer.connection.close();
    let url = relay.join_link("127.0.0.1").url();
    support::measure("joiner has the map", map.cards.len(), || {
        let mut joiner = Peer::new(Replica::join(), &url);
        joiner.pump_until(|doc| doc.cards.len() == CARDS)?;
        joiner.connection.close();
        Ok::<(), Box<dyn Error>>(())
    })
}

/// One of the edits people make: a title typed, an emotion set, a card moved.
fn edit(replica: &mut Replica, doc: &mut Document, i: usize) -> BenchResult<()> {
    let card = &doc.cards[(i * 31) % doc.cards.len()];
    let id = card.id;
    let command = match i % 5 {
        0..=2 => {
            let mut text = card.title.clone();
            if text.chars().count() > 40 {
                text = format!("重写 {i}");
            } else {
                text.push(if i.is_multiple_of(2) { '字' } else { 'x' });
            }
            ops::set_card_field(id, CardField::Title(text))
        }
        3 => {
            let score = f64::from(u32::try_from(i % 5)?) - 2.0;
            ops::set_card_field(id, CardField::Emotion(Some(score)))
        }
        _ => {
            let (_, step) = doc
                .columns()
                .nth((i / 5) % 48)
                .ok_or("a generated map has 48 columns")?;
            let lane = doc.lanes[(i / 7) % doc.lanes.len()].id;
            ops::move_card(doc, id, step.id, lane, 0)
        }
    };
    replica.execute(doc, command)?;
    Ok(())
}

/// Net heap bytes `build`'s result keeps (nothing else runs meanwhile).
fn heap_of<T>(build: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(HEAP);
    let built = build();
    let change = region.change();
    let net = change
        .bytes_allocated
        .saturating_sub(change.bytes_deallocated);
    (built, net)
}

/// Makes 10,000 edits and weighs the live document against the map's file.
fn size(map: &Document) -> BenchResult<()> {
    let mut replica = Replica::host(map);
    let mut doc = replica.read();
    let started = Instant::now();
    for i in 0..EDITS_WEIGHED {
        edit(&mut replica, &mut doc, i)?;
        let _ = replica.take_outgoing();
    }
    let editing = started.elapsed();
    let state = replica
        .awareness()
        .doc()
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    let ron = format::to_string(&doc).len();
    let (ydoc, heap) = heap_of(|| -> BenchResult<yrs::Doc> {
        let ydoc = schema::new_ydoc(1);
        ydoc.transact_mut()
            .apply_update(Update::decode_v1(&state)?)?;
        Ok(ydoc)
    });
    let ydoc = ydoc?;
    if schema::read_document(&ydoc).document != doc {
        return Err("the weighed document does not read back to the map".into());
    }
    let (fresh, fresh_heap) = heap_of(|| {
        let ydoc = schema::new_ydoc(2);
        schema::write_document(&ydoc, map);
        ydoc
    });
    let fresh_state = fresh
        .transact()
        .encode_state_as_update_v1(&StateVector::default())
        .len();
    let ratio = precise(state.len()) / precise(ron);
    let verdict = if ratio <= SIZE_GOAL { "met" } else { "MISSED" };
    println!("\nthe live document, {CARDS} cards");
    println!(
        "  {EDITS_WEIGHED} edits made in {} ({} each)",
        support::show(editing),
        support::show(editing / u32::try_from(EDITS_WEIGHED)?)
    );
    println!("  map as .stagemap.ron:              {:>10} bytes", ron);
    println!(
        "  live state, freshly founded:       {:>10} bytes ({:.2}× the file)",
        fresh_state,
        precise(fresh_state) / precise(ron)
    );
    println!(
        "  live state after {EDITS_WEIGHED} edits:      {:>10} bytes ({ratio:.2}× the file; goal ≤ {SIZE_GOAL}× {verdict})",
        state.len()
    );
    println!(
        "  heap of the Yjs doc, fresh:        {:>10} bytes ({:.1}× the file)",
        fresh_heap,
        precise(fresh_heap) / precise(ron)
    );
    println!(
        "  heap of the Yjs doc, after edits:  {:>10} bytes ({:.1}× the file)",
        heap,
        precise(heap) / precise(ron)
    );
    Ok(())
}

/// A byte count as a float for ratios (exact below 2⁵³).
#[expect(clippy::cast_precision_loss, reason = "sizes far below 2^53 bytes")]
fn precise(bytes: usize) -> f64 {
    bytes as f64
}

fn main() -> BenchResult<()> {
    let filter = support::case_filter();
    let map = map();
    if map.cards.len() != CARDS {
        return Err(format!("the generated map has {} cards", map.cards.len()).into());
    }
    let mut measures = Vec::new();
    if "latency".contains(filter.as_str()) {
        let relay = relay()?;
        measures.push(latency(&relay, &map)?);
        relay.stop();
    }
    if "join".contains(filter.as_str()) {
        let relay = relay()?;
        measures.push(join(&relay, &map)?);
        relay.stop();
    }
    support::print_table("live co-editing over 127.0.0.1", &measures, &GOALS);
    if "size".contains(filter.as_str()) {
        size(&map)?;
    }
    Ok(())
}
