//! Live rooms driven through two real editors in one process, over a real
//! relay on this computer: the host opens a room from the Share menu, the
//! guest joins by typing the address and code into the Join dialog, and
//! each sees what the other does — cards, renames, selections, the lock.
//!
//! The two windows are stepped in turn until what a test waits for holds,
//! with a generous cap on the number of frames; nothing is timed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]
#![cfg(feature = "gui")]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use stagemap::edit::ops;
use stagemap::live::Replica;
use stagemap::live::address;
use stagemap::live::connection::{Connection, Event};
use stagemap::model::Document;
use stagemap::ui::settings::{Settings, ThemeChoice};
use stagemap::ui::{StagemapApp, Startup};

#[path = "support/app_driver.rs"]
mod app_driver;
use app_driver::{click_dialog, click_menu, english, options_with, press, retype};
#[path = "support/on_screen.rs"]
mod on_screen;
#[path = "support/small_map.rs"]
mod small_map;

/// Frames each window may take for what a test waits for.
const FRAME_CAP: usize = 3000;

/// The card both editors look at.
const CARD: &str = "Queue at the counter";

/// An editor whose person is called `name`, on `startup`.
fn editor(startup: Startup, name: &str) -> Harness<'static, StagemapApp> {
    let settings = english(
        Settings {
            live_name: name.to_owned(),
            ..Settings::default()
        },
        ThemeChoice::Light,
    );
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| StagemapApp::new(cc, startup, options_with(settings)));
    harness.run();
    harness
}

/// Steps both windows, one frame each, until `done` holds; panics saying
/// `what` did not happen within [`FRAME_CAP`] frames.
fn pump_until(
    host: &mut Harness<'_, StagemapApp>,
    guest: &mut Harness<'_, StagemapApp>,
    what: &str,
    done: impl Fn(&Harness<'_, StagemapApp>, &Harness<'_, StagemapApp>) -> bool,
) {
    for _ in 0..FRAME_CAP {
        host.step();
        guest.step();
        if done(host, guest) {
            return;
        }
        // Let the relay's and the connections' threads run.
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("{what} did not happen");
}

/// The room code shown large in the Room window (`7KQ4-M2XD`).
fn room_code(harness: &Harness<'_, StagemapApp>) -> String {
    harness
        .query_all_by(|node| text_of(node).is_some_and(|text| is_room_code(&text)))
        .next()
        .and_then(|node| text_of(&node.accesskit_node()))
        .expect("a room code in the Room window")
}

/// What a node says: its label, or a text label's value.
fn text_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    node.label().or_else(|| node.value())
}

fn is_room_code(text: &str) -> bool {
    text.len() == 9
        && text.char_indices().all(|(at, c)| {
            if at == 4 {
                c == '-'
            } else {
                c.is_ascii_uppercase() || c.is_ascii_digit()
            }
        })
}

/// The room's server as a guest types it (`HOST:PORT`), read from the join
/// link in the Room window: the relay listens only on the address it shows.
fn room_server(harness: &Harness<'_, StagemapApp>) -> String {
    let link = harness
        .query_all_by(|node| text_of(node).is_some_and(|text| text.starts_with("ws://")))
        .next()
        .and_then(|node| text_of(&node.accesskit_node()))
        .expect("the join link in the Room window");
    address::parse(&link).unwrap().authority()
}

/// The host opens a room through the Share menu; returns the address and
/// code a guest types (`192.168.1.20:4455 7KQ4-M2XD`).
fn open_room(host: &mut Harness<'_, StagemapApp>) -> String {
    click_menu(host, &["Share", "Open a live room…"]);
    assert!(
        host.query_by_label("QR code").is_some(),
        "the Room window shows a QR code"
    );
    let code = room_code(host);
    let server = room_server(host);
    format!("{server} {code}")
}

/// The guest types `address` and its name into the Join dialog and joins.
fn join(guest: &mut Harness<'_, StagemapApp>, address: &str, name: &str) {
    click_menu(guest, &["Share", "Join a live room…"]);
    retype(guest, "Address or link", address);
    retype(guest, "Your name", name);
    guest.get_by_label("Join").click();
    guest.run();
}

fn doc<'a>(harness: &'a Harness<'_, StagemapApp>) -> &'a Document {
    harness.state().document()
}

fn shows(harness: &Harness<'_, StagemapApp>, label: &str) -> bool {
    harness.query_by_label(label).is_some()
}

/// A host on a small map and a guest joined to its room, both in sync.
fn host_and_guest() -> (Harness<'static, StagemapApp>, Harness<'static, StagemapApp>) {
    host_and_guest_on(small_map::small_map("Coffee run", &[(CARD, None)]))
}

/// A host on `map` and a guest joined to its room, both in sync.
fn host_and_guest_on(
    map: Document,
) -> (Harness<'static, StagemapApp>, Harness<'static, StagemapApp>) {
    let mut host = editor(Startup::Document(map), "Ana");
    let mut guest = editor(Startup::Document(Document::new("Mine")), "");
    let address = open_room(&mut host);
    join(&mut guest, &address, "小王");
    pump_until(
        &mut host,
        &mut guest,
        "the guest receiving the map",
        |host, guest| doc(guest) == doc(host) && shows(guest, CARD),
    );
    (host, guest)
}

#[test]
fn a_guest_joins_by_address_and_code_and_both_edit_the_same_map() {
    let (mut host, mut guest) = host_and_guest();
    assert_eq!(doc(&guest).meta.title, "Coffee run");
    assert!(
        guest.state().path().is_none(),
        "the guest's copy has no file yet"
    );

    // Both people are in the host's Room window.
    pump_until(
        &mut host,
        &mut guest,
        "the guest listed on the host",
        |host, _| shows(host, "小王"),
    );
    assert!(shows(&host, "Ana (you)"));

    // The guest renames the card in the inspector; the host sees it.
    guest.get_by_label(CARD).click();
    guest.run();
    retype(&mut guest, "Title", "Order at the till");
    press(&mut guest, Modifiers::NONE, Key::Enter);
    pump_until(
        &mut host,
        &mut guest,
        "the rename reaching the host",
        |host, _| {
            doc(host)
                .cards
                .iter()
                .any(|card| card.title == "Order at the till")
        },
    );

    // The guest adds a card to the cell it clicked; the host sees it.
    click_menu(&mut guest, &["Edit", "Add card"]);
    pump_until(
        &mut host,
        &mut guest,
        "the new card reaching the host",
        |host, _| doc(host).cards.len() == 2,
    );
    pump_until(
        &mut host,
        &mut guest,
        "both maps the same",
        |host, guest| doc(host) == doc(guest),
    );
}

#[test]
fn the_guests_selection_shows_on_the_hosts_map_in_their_name() {
    let (mut host, mut guest) = host_and_guest();
    assert!(!shows(&host, "Selected by 小王"));
    guest.get_by_label(CARD).click();
    guest.run();
    pump_until(
        &mut host,
        &mut guest,
        "the guest's selection on the host's map",
        |host, _| shows(host, "Selected by 小王"),
    );
    // Selecting nothing takes the outline away.
    press(&mut guest, Modifiers::NONE, Key::Escape);
    pump_until(&mut host, &mut guest, "the outline going", |host, _| {
        !shows(host, "Selected by 小王")
    });
}

#[test]
fn with_the_structure_locked_a_guests_new_stage_is_refused_in_words() {
    let (mut host, mut guest) = host_and_guest();
    click_menu(&mut host, &["Share", "Lock structure"]);
    pump_until(
        &mut host,
        &mut guest,
        "the lock reaching the guest",
        |_, guest| guest.state().live_structure_locked(),
    );
    click_menu(&mut guest, &["Edit", "Add stage"]);
    assert_eq!(doc(&guest).stages.len(), 1, "no stage was added");
    assert!(shows(
        &guest,
        "The host has locked the stages, steps and lanes; you can add and edit cards"
    ));
    // Cards may still be added.
    guest.get_by_label(CARD).click();
    guest.run();
    click_menu(&mut guest, &["Edit", "Add card"]);
    pump_until(
        &mut host,
        &mut guest,
        "the guest's card reaching the host",
        |host, _| doc(host).cards.len() == 2,
    );
}

#[test]
fn a_wrong_room_code_is_refused_with_a_message() {
    let map = small_map::small_map("Coffee run", &[(CARD, None)]);
    let mut host = editor(Startup::Document(map), "Ana");
    let mut guest = editor(Startup::Document(Document::new("Mine")), "Bo");
    let address = open_room(&mut host);
    let (server, code) = address.split_once(' ').unwrap();
    let wrong = if code.starts_with('0') {
        "1111-1111"
    } else {
        "0000-0000"
    };

    // A code that is not one is said at once, in the dialog.
    click_menu(&mut guest, &["Share", "Join a live room…"]);
    retype(&mut guest, "Address or link", &format!("{server} NOPE"));
    guest.get_by_label("Join").click();
    guest.run();
    assert!(shows(
        &guest,
        "This is not a room code; a code has 8 letters and digits, like 7KQ4-M2XD"
    ));

    // A well-formed code of no room is refused by the room.
    retype(&mut guest, "Address or link", &format!("{server} {wrong}"));
    guest.get_by_label("Join").click();
    guest.run();
    pump_until(&mut host, &mut guest, "the refusal", |_, guest| {
        guest
            .query_by_label_contains("The room did not let you in, check the room code")
            .is_some()
    });
    assert!(!guest.state().is_live(), "back to editing alone");
    assert!(
        doc(&guest).cards.is_empty(),
        "nothing of the room was received"
    );
}

#[test]
fn leaving_keeps_the_guests_copy_and_closing_ends_the_room() {
    let (mut host, mut guest) = host_and_guest();
    click_menu(&mut guest, &["Share", "Leave the room"]);
    assert!(!guest.state().is_live());
    assert_eq!(doc(&guest).cards.len(), 1, "the guest keeps the map");
    assert!(guest.state().is_dirty(), "and it is not saved anywhere yet");

    // Another guest is told when the host closes the room.
    let address = {
        let code = room_code(&host);
        format!("{} {code}", room_server(&host))
    };
    let mut other = editor(Startup::Document(Document::new("Mine")), "Cy");
    join(&mut other, &address, "Cy");
    pump_until(
        &mut host,
        &mut other,
        "the second guest receiving the map",
        |host, other| doc(other) == doc(host),
    );
    click_menu(&mut host, &["Share", "Close the room"]);
    assert!(!host.state().is_live());
    pump_until(
        &mut host,
        &mut other,
        "the guest told the room closed",
        |_, other| {
            shows(
                other,
                "The host closed the room; you keep your copy of the map",
            )
        },
    );
    assert!(!other.state().is_live());
    assert_eq!(doc(&other).cards.len(), 1);
}

#[test]
fn a_guest_following_the_host_sees_the_hosts_zoom() {
    let (mut host, mut guest) = host_and_guest();
    click_menu(&mut guest, &["Share", "Follow the host"]);
    let before = guest.state().canvas().zoom();
    // The host zooms in twice; the guest's canvas follows.
    click_menu(&mut host, &["View", "Zoom in"]);
    click_menu(&mut host, &["View", "Zoom in"]);
    let zoom = host.state().canvas().zoom();
    assert!(zoom > before * 1.2, "the host zoomed in");
    pump_until(
        &mut host,
        &mut guest,
        "the guest following the zoom",
        |host, guest| (guest.state().canvas().zoom() - host.state().canvas().zoom()).abs() < 1e-3,
    );
    // Not following, the guest keeps its own view.
    click_menu(&mut guest, &["Share", "Follow the host"]);
    click_menu(&mut host, &["View", "Zoom out"]);
    for _ in 0..50 {
        host.step();
        guest.step();
    }
    assert!((guest.state().canvas().zoom() - zoom).abs() < 1e-3);
}

#[test]
fn an_editor_started_with_a_join_link_opens_joined() {
    let map = small_map::small_map("Coffee run", &[(CARD, None)]);
    let mut host = editor(Startup::Document(map), "Ana");
    let address = open_room(&mut host);
    let link = address::parse(&address).unwrap();
    let mut guest = editor(Startup::Join(link), "Bo");
    assert!(guest.state().is_live());
    pump_until(
        &mut host,
        &mut guest,
        "the joined editor receiving the map",
        |host, guest| doc(guest) == doc(host),
    );
    assert!(shows(&guest, CARD));
}

/// A peer of the room without a window: the core's replica and connection,
/// pumped by the test, so it can hold its changes back.
struct BarePeer {
    connection: Connection,
    replica: Replica,
    doc: Document,
}

impl BarePeer {
    fn join(address: &str) -> Self {
        let link = address::parse(address).unwrap();
        Self {
            connection: Connection::open(&link.url()),
            replica: Replica::join(),
            doc: Document::default(),
        }
    }

    /// Handles what arrived, answering sync steps; sends nothing of its own.
    fn pump(&mut self) {
        while let Some(event) = self.connection.try_recv() {
            match event {
                Event::Connected => {
                    for frame in self.replica.hello() {
                        self.connection.send(frame);
                    }
                }
                Event::Frame(frame) => {
                    let received = self.replica.receive(&mut self.doc, &frame).unwrap();
                    for reply in received.replies {
                        self.connection.send(reply);
                    }
                }
                Event::Disconnected(_) | Event::Refused(_) => {}
            }
        }
    }

    /// Sends its own changes, held back until now.
    fn send_own(&mut self) {
        for frame in self.replica.take_outgoing() {
            self.connection.send(frame);
        }
    }
}

#[test]
fn a_card_moved_to_a_step_someone_deleted_meanwhile_is_pointed_out() {
    // One stage of two steps; the card in the first.
    let mut map = small_map::small_map("Coffee run", &[(CARD, None)]);
    let stage = map.stages[0].id;
    ops::add_step(&map, stage, 1, "Pay")
        .apply(&mut map)
        .unwrap();
    let (mut host, mut guest) = host_and_guest_on(map);
    let paying = doc(&host).stages[0].steps[1].id;
    let card = doc(&host).cards[0].id;

    let address = format!("{} {}", room_server(&host), room_code(&host));
    let mut bare = BarePeer::join(&address);
    let mut synced = false;
    for _ in 0..FRAME_CAP {
        host.step();
        bare.pump();
        if bare.doc.cards.len() == 1 && bare.doc.stages == doc(&host).stages {
            synced = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(synced, "the bare peer received the map");

    // The bare peer deletes the second step, and holds the change back …
    let delete = ops::delete_step(&bare.doc, paying);
    bare.replica.execute(&mut bare.doc, delete).unwrap();
    // … while the guest moves the card into that step with the arrow key.
    guest.get_by_label(CARD).click();
    guest.run();
    press(&mut guest, Modifiers::NONE, Key::ArrowRight);
    pump_until(
        &mut host,
        &mut guest,
        "the move reaching the host",
        |host, _| host.state().document().cards[0].step == paying,
    );
    bare.send_own();
    pump_until(
        &mut host,
        &mut guest,
        "the rescue said on both",
        |host, guest| {
            let said = "1 card was put in the last column because someone deleted its step or lane";
            shows(host, said) && shows(guest, said)
        },
    );
    assert_eq!(doc(&host), doc(&guest));
    assert_eq!(doc(&host).stages[0].steps.len(), 1, "the step is gone");
    assert_eq!(
        host.state().canvas().selected_cards(),
        [card],
        "the card is selected"
    );
}

#[test]
fn a_guest_votes_from_their_own_laptop_as_themselves_unseen_until_revealed() {
    let mut map = small_map::small_map("Coffee run", &[(CARD, None)]);
    map.cards[0].pain = true;
    let (mut host, mut guest) = host_and_guest_on(map);

    // The host starts a round for Ana and 小王.
    click_menu(&mut host, &["Workshop", "Start voting round…"]);
    host.get_by_label("Participants").click();
    host.run();
    host.get_by_label("Participants").type_text("Ana\n小王");
    host.run();
    click_dialog(&mut host, "Start");
    pump_until(
        &mut host,
        &mut guest,
        "the round reaching the guest",
        |_, guest| {
            doc(guest)
                .decisions
                .rounds
                .iter()
                .any(|round| round.is_open())
        },
    );
    // The guest is 小王 by their name in the room, and cannot run the round.
    guest.run();
    assert!(shows(&guest, "You vote as"));
    click_menu(&mut guest, &["Workshop"]);
    assert!(
        guest
            .get_by_label("Reveal votes")
            .accesskit_node()
            .is_disabled()
    );
    press(&mut guest, Modifiers::NONE, Key::Escape);

    // The guest's click places 小王's dot; the host's map does not show it.
    let at = guest.get_by_label(CARD).rect().center();
    on_screen::click(&mut guest, at);
    let mine = "小王 — 1 dot on Queue at the counter";
    assert!(shows(&guest, mine), "the guest sees their own dot");
    pump_until(
        &mut host,
        &mut guest,
        "the vote reaching the host",
        |host, _| {
            let round = &doc(host).decisions.rounds[0];
            round.votes.len() == 1
                && round
                    .participant(round.votes[0].participant)
                    .map(|p| p.name.as_str())
                    == Some("小王")
        },
    );
    host.run();
    assert!(!shows(&host, mine), "the host does not see the guest's dot");

    // Once the host reveals the round, everyone sees the count.
    click_menu(&mut host, &["Workshop", "Reveal votes"]);
    let counted = "1 dot on Queue at the counter";
    assert!(shows(&host, counted));
    pump_until(
        &mut host,
        &mut guest,
        "the reveal reaching the guest",
        |_, guest| shows(guest, counted),
    );
}
