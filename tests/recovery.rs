//! Crash recovery across processes: the map of an editor killed with SIGKILL
//! is offered to the next editor, the map of a running one never is.
//!
//! The editor keeping a map is this test program itself, started again to run
//! only [`editor_process_keeping_a_map`], which the variables below steer.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::io::{BufRead as _, BufReader, Read as _};
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::SystemTime;

use stagemap::model::Document;
use stagemap::recovery::{Autosave, ClaimError, RecoveryFolder};

/// The recovery folder the editor process writes into.
const FOLDER_VARIABLE: &str = "STAGEMAP_TEST_RECOVERY_FOLDER";
/// The title of the map the editor process keeps.
const TITLE_VARIABLE: &str = "STAGEMAP_TEST_RECOVERY_TITLE";
/// The line the editor process prints once its recovery file is written and locked.
const READY: &str = "recovery file written and locked";

/// The editor process: keeps an unsaved map in a recovery file, as the
/// editor does, then runs until it is killed (or until the test that started
/// it is gone, which closes its standard input).
#[test]
#[ignore = "the editor process of the other tests in this file, started by them"]
fn editor_process_keeping_a_map() {
    let (Some(folder), Some(title)) = (
        std::env::var_os(FOLDER_VARIABLE),
        std::env::var(TITLE_VARIABLE).ok(),
    ) else {
        return;
    };
    let folder = RecoveryFolder::new(PathBuf::from(folder));
    let mut autosave = Autosave::default();
    autosave
        .write(&folder, &Document::new(title), None, SystemTime::now())
        .unwrap();
    println!("{READY}");
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(autosave);
}

/// A running editor process that keeps a map.
struct EditorProcess {
    child: Child,
    /// Kept open: the process runs until this closes or it is killed.
    _stdin: ChildStdin,
}

impl EditorProcess {
    /// Starts an editor process that keeps a map titled `title` in `folder`,
    /// and waits until its recovery file is written and locked.
    fn start(folder: &Path, title: &str) -> Self {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "editor_process_keeping_a_map",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(FOLDER_VARIABLE, folder)
            .env(TITLE_VARIABLE, title)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut said = Vec::new();
        for line in stdout.lines() {
            let line = line.unwrap();
            // The test harness announces the test on the same line.
            if line.ends_with(READY) {
                return Self {
                    child,
                    _stdin: stdin,
                };
            }
            said.push(line);
        }
        let _ = child.kill();
        let status = child.wait();
        panic!("the editor process ended ({status:?}) before keeping its map: {said:?}");
    }

    /// Kills the process with SIGKILL, as a crash or `kill -9` would: no
    /// code of it runs after, so its recovery file stays behind.
    fn kill(mut self) {
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "{status:?}");
    }
}

impl Drop for EditorProcess {
    fn drop(&mut self) {
        // A process still running when a test fails is not left behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The titles of the maps a starting editor offers back.
fn offered_titles(folder: &RecoveryFolder) -> Vec<String> {
    folder
        .recoverable()
        .into_iter()
        .map(|found| found.unwrap().document.meta.title)
        .collect()
}

/// The recovery file holding the map titled `title`.
fn recovery_file_of(folder: &RecoveryFolder, title: &str) -> PathBuf {
    let found = folder
        .list()
        .into_iter()
        .map(Result::unwrap)
        .find(|found| found.document.meta.title == title);
    let Some(found) = found else {
        panic!("no recovery file holds {title:?}");
    };
    found.recovery_file
}

#[test]
fn the_map_of_a_killed_editor_is_offered_to_the_next_one() {
    let data = tempfile::tempdir().unwrap();
    let folder = RecoveryFolder::new(data.path().join("recovery"));
    let editor = EditorProcess::start(folder.path(), "Workshop 工作坊");
    let file = recovery_file_of(&folder, "Workshop 工作坊");

    assert!(
        offered_titles(&folder).is_empty(),
        "the map of a running editor was offered"
    );
    assert!(matches!(
        Autosave::claim(&file),
        Err(ClaimError::InUse { .. })
    ));

    editor.kill();
    assert_eq!(offered_titles(&folder), ["Workshop 工作坊"]);
    let (mut claimed, recovered) = Autosave::claim(&file).unwrap();
    assert_eq!(recovered.document, Document::new("Workshop 工作坊"));
    assert!(
        offered_titles(&folder).is_empty(),
        "a restored map was offered again"
    );
    claimed.discard().unwrap();
    assert!(folder.list().is_empty());
}

#[test]
fn the_map_of_a_running_editor_is_never_offered_beside_a_killed_ones() {
    let data = tempfile::tempdir().unwrap();
    let folder = RecoveryFolder::new(data.path().to_owned());
    let crashed = EditorProcess::start(folder.path(), "Crashed");
    let running = EditorProcess::start(folder.path(), "Running");
    assert_eq!(folder.list().len(), 2);

    crashed.kill();
    assert_eq!(offered_titles(&folder), ["Crashed"]);
    let running_file = recovery_file_of(&folder, "Running");
    assert!(matches!(
        Autosave::claim(&running_file),
        Err(ClaimError::InUse { .. })
    ));

    running.kill();
    let mut offered = offered_titles(&folder);
    offered.sort();
    assert_eq!(offered, ["Crashed", "Running"]);
}
