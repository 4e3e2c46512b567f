//! Three editors in one room over a real relay on 127.0.0.1, editing a map
//! at once through their sessions; one editor's process is killed mid-edit
//! and started again, and nothing any editor sent is lost.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "support/examples.rs"]
mod examples;

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use stagemap::check::check;
use stagemap::edit::{CardField, Session, ops};
use stagemap::live::Replica;
use stagemap::live::address::RoomCode;
use stagemap::live::connection::Connection;
use stagemap::live::relay::{Relay, RelayConfig};
use stagemap::model::Document;

const WAIT: Duration = Duration::from_secs(30);
/// Set in the child process to the room's join link.
const JOIN: &str = "STAGEMAP_TEST_JOIN";

/// An editor in the room: its session and its connection.
struct Editor {
    session: Session,
    connection: Connection,
}

impl Editor {
    fn host(doc: &Document, url: &str) -> Self {
        let mut session = Session::opened(doc.clone());
        session.go_live(Replica::host(doc));
        Self {
            session,
            connection: Connection::open(url),
        }
    }

    fn join(url: &str) -> Self {
        let mut session = Session::unsaved(Document::default());
        session.go_live(Replica::join());
        Self {
            session,
            connection: Connection::open(url),
        }
    }

    /// Handles what arrived (read once) and sends what this editor changed.
    fn pump(&mut self) {
        let pumped = self.session.pump_live(&self.connection, Duration::ZERO);
        assert!(pumped.refused.is_none(), "refused: {:?}", pumped.refused);
        assert!(
            pumped.received.dropped.is_empty(),
            "{:?}",
            pumped.received.dropped
        );
    }

    fn doc(&self) -> &Document {
        self.session.doc()
    }

    /// Adds a card named `title` to a cell picked by `n`.
    fn add_card(&mut self, title: &str, n: usize) {
        let doc = self.session.doc();
        let columns: Vec<_> = doc.columns().map(|(_, s)| s.id).collect();
        let step = columns[n % columns.len()];
        let lane = doc.lanes[n % doc.lanes.len()].id;
        let (command, _) = ops::add_card(doc, step, lane, 0, title);
        self.session.execute(command).unwrap();
    }
}

fn titles_starting(doc: &Document, prefix: &str) -> Vec<String> {
    let mut titles: Vec<String> = doc
        .cards
        .iter()
        .filter(|c| c.title.starts_with(prefix))
        .map(|c| c.title.clone())
        .collect();
    titles.sort();
    titles
}

/// Pumps every editor until `done` holds.
fn pump_until(editors: &mut [&mut Editor], what: &str, done: impl Fn(&[&mut Editor]) -> bool) {
    let start = Instant::now();
    while !done(editors) {
        assert!(start.elapsed() < WAIT, "timed out waiting until {what}");
        for editor in editors.iter_mut() {
            editor.pump();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The editor run in a child process: joins, then adds a card every few
/// milliseconds, numbered, until it is killed.
#[test]
#[ignore = "run as a child process by the room test"]
fn editor_process() {
    let Ok(url) = std::env::var(JOIN) else { return };
    let mut editor = Editor::join(&url);
    let start = Instant::now();
    while editor.doc().lanes.is_empty() {
        assert!(start.elapsed() < WAIT, "the map never arrived");
        editor.pump();
        std::thread::sleep(Duration::from_millis(2));
    }
    println!("joined");
    for n in 0.. {
        editor.add_card(&format!("killed {n:04}"), n);
        editor.pump();
        std::thread::sleep(Duration::from_millis(3));
    }
}

fn spawn_editor(url: &str) -> Child {
    let mut child = Process::new(std::env::current_exe().unwrap())
        .args(["editor_process", "--exact", "--ignored", "--nocapture"])
        .env(JOIN, url)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let joined = lines.any(|line| line.is_ok_and(|l| l == "joined"));
    assert!(joined, "the child editor never joined");
    // The rest of its output is read, so it is never stopped by a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

#[test]
fn three_editors_edit_at_once_one_is_killed_mid_edit_and_comes_back_with_nothing_lost() {
    let map = examples::ev_owner();
    let code = RoomCode::parse("7KQ4-M2XD").unwrap();
    let relay = Relay::start(RelayConfig::new(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        "ev",
        code,
    ))
    .unwrap();
    let url = relay.join_link("127.0.0.1").url();
    let mut host = Editor::host(&map, &url);
    let mut guest = Editor::join(&url);
    pump_until(&mut [&mut host, &mut guest], "the guest has the map", |e| {
        e[1].doc().cards.len() == map.cards.len()
    });
    let mut child = spawn_editor(&url);

    // Host and guest edit while the third editor adds cards in its own process.
    let first = map.cards[0].id;
    let mut edit = |n: usize| {
        host.add_card(&format!("host {n:04}"), n);
        guest.add_card(&format!("guest {n:04}"), n + 1);
        if n.is_multiple_of(10) {
            let title = format!("{} {n}", host.doc().card(first).unwrap().title);
            host.session
                .execute(ops::set_card_field(first, CardField::Title(title)))
                .unwrap();
        }
        host.pump();
        guest.pump();
        std::thread::sleep(Duration::from_millis(3));
    };
    (0..20).for_each(&mut edit);
    // Killed mid-edit, as a crash or a closed lid would.
    child.kill().unwrap();
    child.wait().unwrap();
    (20..40).for_each(&mut edit);
    pump_until(&mut [&mut host, &mut guest], "host and guest agree", |e| {
        e[0].doc() == e[1].doc() && titles_starting(e[0].doc(), "guest").len() == 40
    });
    let killed = titles_starting(host.doc(), "killed");
    assert!(
        !killed.is_empty(),
        "the killed editor's cards never arrived"
    );
    // What it sent before it died arrived whole and in order: no gaps.
    let expected: Vec<String> = (0..killed.len())
        .map(|n| format!("killed {n:04}"))
        .collect();
    assert_eq!(killed, expected);

    // It comes back: a new process joins and gets everything.
    let mut back = spawn_editor(&url);
    std::thread::sleep(Duration::from_millis(300));
    back.kill().unwrap();
    back.wait().unwrap();
    let mut late = Editor::join(&url);
    pump_until(
        &mut [&mut host, &mut guest, &mut late],
        "all three agree",
        |e| e[0].doc() == e[1].doc() && e[1].doc() == e[2].doc(),
    );
    for editor in [&host, &guest, &late] {
        let doc = editor.doc();
        assert_eq!(titles_starting(doc, "host").len(), 40);
        assert_eq!(titles_starting(doc, "guest").len(), 40);
        assert!(titles_starting(doc, "killed").len() > killed.len());
        assert!(doc.card(first).unwrap().title.ends_with(" 30"));
        let errors: Vec<_> = check(doc).into_iter().filter(|p| p.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    relay.stop();
}
