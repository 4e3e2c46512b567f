//! `stagemap serve` as people run it: the real binary hosting a map's room
//! on 127.0.0.1, two editors changing it at once, the room saved to the file
//! (with its backup) once changes stop and again when the server is told to
//! end; and a server restarted on the saved file while an editor goes on
//! editing offline, after which nothing anyone did is lost.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "support/examples.rs"]
mod examples;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stagemap::edit::{CardField, ops};
use stagemap::format;
use stagemap::live::Replica;
use stagemap::live::connection::Connection;
use stagemap::live::serve::state_path;
use stagemap::model::{CardId, Document};

/// The longest any one thing may take before the test gives up.
const WAIT: Duration = Duration::from_secs(30);

/// A running `stagemap serve`, killed if the test ends without stopping it.
struct Server {
    child: Child,
    /// The join link it printed first.
    link: String,
    /// Keeps its standard output open.
    _stdout: BufReader<ChildStdout>,
    /// What it said on standard error so far.
    said: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(file: &Path) -> Self {
        Self::start_with(file, &["--port", "0"])
    }

    /// Starts it on 127.0.0.1 with more arguments (`--port` among them).
    fn start_with(file: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stagemap"))
            .arg("serve")
            .arg(file)
            .args(["--bind", "127.0.0.1"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let said = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::clone(&said);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("serve: {line}");
                lines.lock().unwrap().push(line);
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut link = String::new();
        stdout.read_line(&mut link).unwrap();
        let link = link.trim().to_owned();
        assert!(
            link.starts_with("ws://127.0.0.1:") && link.contains("?token="),
            "the first line is the join link: {link:?}"
        );
        Self {
            child,
            link,
            _stdout: stdout,
            said,
        }
    }

    /// Waits until it said a line containing `text`.
    fn wait_to_say(&self, text: &str) {
        let start = Instant::now();
        while !self
            .said
            .lock()
            .unwrap()
            .iter()
            .any(|line| line.contains(text))
        {
            assert!(start.elapsed() < WAIT, "serve never said {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Ends it as Ctrl+C or a service manager does (SIGTERM) and waits for
    /// it to exit; it must exit cleanly.
    fn terminate(mut self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(status.success());
        let start = Instant::now();
        let exit = loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                break exit;
            }
            assert!(start.elapsed() < WAIT, "serve did not end on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(exit.success(), "serve exited with {exit}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An editor in the room: its replica, its map and its link to the server.
struct Editor {
    replica: Replica,
    doc: Document,
    connection: Option<Connection>,
}

impl Editor {
    fn join(link: &str) -> Self {
        let mut editor = Self {
            replica: Replica::join(),
            doc: Document::default(),
            connection: None,
        };
        editor.connect(link);
        editor
    }

    fn connect(&mut self, link: &str) {
        self.connection = Some(Connection::open(link));
    }

    /// Drops the link to the server (the editor keeps its copy).
    fn disconnect(&mut self) {
        if let Some(connection) = self.connection.take() {
            connection.close();
        }
    }

    /// Handles what arrived and sends this editor's changes.
    fn pump(&mut self) {
        let Some(connection) = &self.connection else {
            // Offline: changes wait in the replica's doc for the next hello.
            let _ = self.replica.take_outgoing();
            return;
        };
        let pumped = self
            .replica
            .pump(&mut self.doc, connection, Duration::from_millis(10));
        assert!(pumped.refused.is_none(), "refused: {:?}", pumped.refused);
        assert!(
            pumped.received.dropped.is_empty(),
            "{:?}",
            pumped.received.dropped
        );
    }

    fn set_title(&mut self, id: CardId, title: &str) {
        self.replica
            .execute(
                &mut self.doc,
                ops::set_card_field(id, CardField::Title(title.to_owned())),
            )
            .unwrap();
    }

    /// Adds a card in the first cell; returns its id.
    fn add_card(&mut self, title: &str) -> CardId {
        let step = self.doc.columns().next().unwrap().1.id;
        let lane = self.doc.lanes[0].id;
        let (command, id) = ops::add_card(&self.doc, step, lane, 0, title);
        self.replica.execute(&mut self.doc, command).unwrap();
        id
    }
}

/// Pumps every editor until `done` holds, or fails after a while.
fn pump_until(editors: &mut [&mut Editor], what: &str, done: impl Fn(&[&mut Editor]) -> bool) {
    let start = Instant::now();
    while !done(editors) {
        assert!(start.elapsed() < WAIT, "never: {what}");
        for editor in editors.iter_mut() {
            editor.pump();
        }
    }
}

fn title_of(doc: &Document, id: CardId) -> Option<&str> {
    doc.card(id).map(|card| card.title.as_str())
}

/// Waits until the file on disk holds a map for which `done` holds.
fn wait_for_file(file: &Path, what: &str, done: impl Fn(&Document) -> bool) -> Document {
    let start = Instant::now();
    loop {
        if let Ok(doc) = format::load(file)
            && done(&doc)
        {
            return doc;
        }
        assert!(start.elapsed() < WAIT, "the file never held {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A copy of the hotel-stay example in a new folder.
fn map_file() -> (tempfile::TempDir, PathBuf, Document) {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("hotel-stay.stagemap.ron");
    std::fs::copy(examples::example_path(examples::HOTEL_STAY), &file).unwrap();
    let doc = format::load(&file).unwrap();
    (folder, file, doc)
}

#[test]
fn two_editors_edit_at_once_and_serve_saves_after_the_pause_and_when_ended() {
    let (_folder, file, original) = map_file();
    let original_bytes = std::fs::read(&file).unwrap();
    let server = Server::start(&file);
    let mut ana = Editor::join(&server.link);
    let mut bo = Editor::join(&server.link);
    pump_until(&mut [&mut ana, &mut bo], "both have the map", |e| {
        e.iter().all(|editor| editor.doc == original)
    });

    let first = original.cards[0].id;
    let second = original.cards[1].id;
    ana.set_title(first, "Ana war hier 安娜");
    let added = bo.add_card("Bo's new card 新卡片");
    pump_until(&mut [&mut ana, &mut bo], "both see both edits", |e| {
        e.iter().all(|editor| {
            title_of(&editor.doc, first) == Some("Ana war hier 安娜")
                && title_of(&editor.doc, added) == Some("Bo's new card 新卡片")
        })
    });

    // Saved once the room is quiet, the file before kept as the backup.
    let saved = wait_for_file(&file, "both edits", |doc| {
        title_of(doc, first) == Some("Ana war hier 安娜") && doc.card(added).is_some()
    });
    assert_eq!(saved, ana.doc, "the file holds the room's map");
    let backup = stagemap::fsio::backup_path(&file);
    assert_eq!(std::fs::read(&backup).unwrap(), original_bytes);
    assert!(state_path(&file).exists(), "the room's state is kept too");

    // An edit just before the server is told to end is in the final save.
    bo.set_title(second, "Zuletzt 最后");
    pump_until(&mut [&mut ana, &mut bo], "the last edit reaches Ana", |e| {
        title_of(&e[0].doc, second) == Some("Zuletzt 最后")
    });
    server.terminate();
    let last = format::load(&file).unwrap();
    assert_eq!(title_of(&last, second), Some("Zuletzt 最后"));
    assert_eq!(last, bo.doc, "the final save is the room's map");
}

#[test]
fn a_server_restart_is_survived_with_the_offline_edits_of_an_editor() {
    let (_folder, file, original) = map_file();
    let server = Server::start(&file);
    let mut ana = Editor::join(&server.link);
    pump_until(&mut [&mut ana], "Ana has the map", |e| e[0].doc == original);
    let [first, second, third] = [0, 1, 2].map(|i| original.cards[i].id);
    ana.set_title(first, "Vor dem Neustart");
    ana.pump();
    wait_for_file(&file, "the edit before the restart", |doc| {
        title_of(doc, first) == Some("Vor dem Neustart")
    });
    server.terminate();

    // The server is down: Ana goes on editing on her own copy.
    ana.pump();
    ana.disconnect();
    ana.set_title(second, "Offline geändert 离线");
    let offline_card = ana.add_card("Offline hinzugefügt");
    ana.pump();

    // Restarted on the saved file, it goes on from the kept state; another
    // editor joins it and edits before Ana is back.
    let server = Server::start(&file);
    server.wait_to_say("goes on from");
    let mut bo = Editor::join(&server.link);
    pump_until(&mut [&mut bo], "Bo has the saved map", |e| {
        title_of(&e[0].doc, first) == Some("Vor dem Neustart")
    });
    bo.set_title(third, "Bo nach dem Neustart");
    ana.connect(&server.link);

    let everything = |doc: &Document| {
        title_of(doc, first) == Some("Vor dem Neustart")
            && title_of(doc, second) == Some("Offline geändert 离线")
            && title_of(doc, third) == Some("Bo nach dem Neustart")
            && title_of(doc, offline_card) == Some("Offline hinzugefügt")
    };
    pump_until(&mut [&mut ana, &mut bo], "everyone has everything", |e| {
        e.iter().all(|editor| everything(&editor.doc))
    });
    assert_eq!(ana.doc, bo.doc);
    assert_eq!(ana.doc.cards.len(), original.cards.len() + 1);
    server.terminate();
    let last = format::load(&file).unwrap();
    assert!(everything(&last), "the file holds everything");
}

#[test]
fn a_server_restarted_with_its_code_and_port_is_rejoined_by_itself() {
    let (_folder, file, original) = map_file();
    let server = Server::start(&file);
    // ws://127.0.0.1:PORT/ROOM?token=CODE
    let (address, code) = server.link.split_once("?token=").unwrap();
    let port = address.trim_start_matches("ws://127.0.0.1:");
    let port = port.split('/').next().unwrap().to_owned();
    let code = code.to_owned();
    let mut ana = Editor::join(&server.link);
    pump_until(&mut [&mut ana], "Ana has the map", |e| e[0].doc == original);
    let [first, second] = [0, 1].map(|i| original.cards[i].id);
    ana.set_title(first, "Vor dem Neustart");
    ana.pump();
    wait_for_file(&file, "the edit before the restart", |doc| {
        title_of(doc, first) == Some("Vor dem Neustart")
    });
    server.terminate();

    // Ana keeps her connection, which keeps trying, and edits meanwhile.
    ana.set_title(second, "Während der Pause 暂停");
    ana.pump();
    let server = Server::start_with(&file, &["--port", &port, "--code", &code]);
    assert_eq!(server.link.split_once("?token=").unwrap().1, code);
    let mut bo = Editor::join(&server.link);
    pump_until(&mut [&mut ana, &mut bo], "Ana's edit reaches Bo", |e| {
        title_of(&e[1].doc, second) == Some("Während der Pause 暂停")
    });
    assert_eq!(ana.doc, bo.doc);
    server.terminate();
    let last = format::load(&file).unwrap();
    assert_eq!(title_of(&last, second), Some("Während der Pause 暂停"));
}

#[test]
fn a_file_changed_while_the_server_was_down_starts_the_room_anew() {
    let (_folder, file, mut doc) = map_file();
    let server = Server::start(&file);
    server.wait_to_say("Serving");
    server.terminate();
    assert!(
        state_path(&file).exists(),
        "the state is kept from the start"
    );

    // Someone edits the file alone: the kept state no longer matches it.
    doc.cards[0].title = "Allein bearbeitet".to_owned();
    std::fs::write(&file, format::to_string(&doc)).unwrap();
    let server = Server::start(&file);
    server.wait_to_say("starts anew");
    let mut ana = Editor::join(&server.link);
    pump_until(&mut [&mut ana], "Ana has the file's map", |e| {
        e[0].doc == doc
    });
    server.terminate();
}
