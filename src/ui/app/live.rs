//! Live rooms in the window: the Share commands, opening, joining, leaving
//! and closing a room, each frame's exchange with the room, this editor's
//! presence, following the host, others' selections on the map, and what
//! the room says in the status line.

use crate::live::address::JoinLink;
use crate::live::presence::{self, Presence, PresenceView};
use crate::model::Document;
use crate::ui::command::UiCommand;
use crate::ui::document::OpenDocument;
use crate::ui::i18n::{tr, tr_args};
use crate::ui::live::window::{self, RoomRequest, RoomView};
use crate::ui::live::{JoinAnswer, LiveRoom, RoomStatus};

use super::{Continuation, Effect, StagemapApp};

/// How often the window redraws while in a room, so others' changes show promptly.
const LIVE_REPAINT: std::time::Duration = std::time::Duration::from_millis(30);

/// Colours given to people who chose none, picked by their client id.
const COLOURS: [&str; 8] = [
    "#d1495b", "#00798c", "#edae49", "#66a182", "#8d5a97", "#3d5a80", "#e07a5f", "#2a9d8f",
];

impl StagemapApp {
    /// The editor is in a live room.
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// The room's host locked the stages, steps and lanes.
    pub fn live_structure_locked(&self) -> bool {
        self.document
            .session
            .live()
            .is_some_and(crate::live::Replica::structure_locked)
    }

    /// The editor is a guest in a live room (someone else hosts it).
    pub(super) fn is_live_guest(&self) -> bool {
        self.live.as_ref().is_some_and(|room| !room.is_host())
    }

    /// Runs a Share command.
    pub(super) fn run_live_command(&mut self, command: UiCommand) {
        match command {
            UiCommand::LiveOpen => self.open_room(),
            UiCommand::LiveJoin => self.join_dialog.open(),
            UiCommand::LiveRoom => {
                if let Some(room) = &mut self.live {
                    room.window_open = true;
                }
            }
            UiCommand::LiveLeave => self.leave_room(),
            UiCommand::LiveLockStructure => {
                if let Some(replica) = self.document.session.live_mut()
                    && replica.is_host()
                {
                    let locked = replica.structure_locked();
                    replica.set_structure_locked(!locked);
                }
            }
            UiCommand::LiveFollowHost => {
                if let Some(room) = &mut self.live
                    && !room.is_host()
                {
                    room.follow = !room.follow;
                }
            }
            _ => {}
        }
    }

    /// Name, availability and tick of a Share command.
    pub(super) fn live_look(&self, command: UiCommand) -> (String, bool, Option<bool>) {
        let room = self.live.as_ref();
        let hosting = room.is_some_and(LiveRoom::is_host);
        let guest = room.is_some_and(|room| !room.is_host());
        match command {
            UiCommand::LiveOpen | UiCommand::LiveJoin => {
                (command.label().into_owned(), room.is_none(), None)
            }
            UiCommand::LiveRoom => (command.label().into_owned(), room.is_some(), None),
            UiCommand::LiveLeave if hosting => (tr("cmd-live-close").into_owned(), true, None),
            UiCommand::LiveLeave => (command.label().into_owned(), guest, None),
            UiCommand::LiveLockStructure => {
                let locked = self.live_structure_locked();
                (command.label().into_owned(), hosting, Some(locked))
            }
            UiCommand::LiveFollowHost => (
                command.label().into_owned(),
                guest,
                Some(room.is_some_and(|room| room.follow)),
            ),
            _ => (command.label().into_owned(), true, None),
        }
    }

    /// Opens a room on the map: the relay, the Room window, the session live.
    fn open_room(&mut self) {
        if self.live.is_some() {
            return;
        }
        let title = self.document.doc().meta.title.clone();
        // Announced nearby by the host's name when it can be a network host
        // name, else by the computer's.
        let name = self.own_name();
        let name = if name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        {
            name
        } else {
            std::env::var("HOSTNAME").unwrap_or_else(|_| "stagemap".to_owned())
        };
        match LiveRoom::host(self.document.doc(), &title, &name) {
            Ok((room, replica)) => {
                self.document.session.go_live(replica);
                self.live = Some(room);
            }
            Err(reason) => {
                self.errors
                    .push(tr_args("live-cannot-open", &[("reason", &reason)]));
            }
        }
    }

    /// Joins the room at `link` (unsaved changes were dealt with): a new
    /// untitled map that fills when the room sends it.
    pub(super) fn join_room(&mut self, link: JoinLink) {
        self.replace_document(OpenDocument::new_unsaved(Document::default()));
        let (room, replica) = LiveRoom::join(link);
        self.document.session.go_live(replica);
        self.live = Some(room);
    }

    /// Leaves the room (a guest keeps the map as it is, unsaved) or closes it
    /// for everyone (the host).
    pub(super) fn leave_room(&mut self) {
        let Some(room) = self.live.take() else {
            return;
        };
        let hosting = room.is_host();
        room.end();
        self.document.session.leave_live();
        self.status = Some(
            tr(if hosting {
                "live-status-room-closed-by-you"
            } else {
                "live-status-left"
            })
            .into_owned(),
        );
    }

    /// Exchanges frames with the room, and says in the status line what the
    /// room did: a refusal, the end of the room, cards rescued.
    pub(super) fn pump_live(&mut self, ctx: &egui::Context) {
        let Some(room) = &mut self.live else {
            return;
        };
        let pumped = room.pump(&mut self.document.session);
        if room.take_first_fill(self.document.doc()) {
            self.canvas.fit_map();
        }
        if pumped.status_changed {
            match room.status() {
                RoomStatus::Refused(_) | RoomStatus::Closed | RoomStatus::Reconnecting(_) => {
                    self.status = Some(window::status_text(room.status()));
                }
                RoomStatus::Connecting | RoomStatus::InRoom => {}
            }
        }
        if !pumped.rescued.is_empty() {
            let count = pumped.rescued.len();
            self.status = Some(if count == 1 {
                tr("live-rescued-one").into_owned()
            } else {
                tr_args("live-rescued", &[("count", &count.to_string())])
            });
            self.canvas.select_cards(&pumped.rescued);
        }
        if room.is_over() {
            // Refused or closed: back to editing alone, with the map as it is.
            self.live = None;
            self.document.session.leave_live();
            return;
        }
        ctx.request_repaint_after(LIVE_REPAINT);
    }

    /// Tells the room this editor's presence when it changed, and follows
    /// the host's view when asked to.
    pub(super) fn live_presence(&mut self) {
        let Some(room) = &mut self.live else {
            return;
        };
        let own = own_presence(
            &self.settings.live_name,
            &self.settings.live_colour,
            self.document
                .session
                .live()
                .map_or(0, crate::live::Replica::client_id),
            room.is_host(),
            self.canvas.selected_cards(),
            room.is_host()
                .then(|| self.canvas.view_centre())
                .flatten()
                .map(|(centre, zoom)| PresenceView {
                    x: centre.x,
                    y: centre.y,
                    zoom,
                }),
        );
        if let Some(replica) = self.document.session.live_mut() {
            room.update_presence(replica, own);
        }
        // The people are read when their presence changes, not each frame.
        if room.follow
            && let Some(view) = room
                .people()
                .iter()
                .find(|peer| peer.presence.host)
                .and_then(|host| host.presence.view)
        {
            self.canvas
                .show_centre(crate::layout::Point::new(view.x, view.y), view.zoom);
        }
    }

    /// This editor's name as the room sees it.
    fn own_name(&self) -> String {
        let name = self.settings.live_name.trim();
        if name.is_empty() {
            tr("live-anonymous").into_owned()
        } else {
            name.to_owned()
        }
    }

    /// Others' selections outlined on the map.
    pub(super) fn live_on_map(&self, ui: &egui::Ui) {
        if let Some(room) = &self.live {
            crate::ui::live::selections::paint_selections(
                ui,
                &self.canvas,
                self.document.doc(),
                room.people(),
            );
        }
    }

    /// The Room window and the Join dialog.
    pub(super) fn live_windows_ui(&mut self, ctx: &egui::Context, effects: &mut Vec<Effect>) {
        let answer = self.join_dialog.ui(
            ctx,
            &mut self.settings.live_name,
            &mut self.settings.live_colour,
        );
        if let Some(JoinAnswer::Join(link)) = answer {
            effects.push(Effect::Join(link));
        }
        let locked = self.live_structure_locked();
        let Some(room) = &mut self.live else {
            return;
        };
        let client = self
            .document
            .session
            .live()
            .map_or(0, crate::live::Replica::client_id);
        let own = own_presence(
            &self.settings.live_name,
            &self.settings.live_colour,
            client,
            room.is_host(),
            Vec::new(),
            None,
        );
        let requests = window::room_window_ui(ctx, room, RoomView { own: &own, locked });
        for request in requests {
            match request {
                RoomRequest::Run(command) => effects.push(Effect::Run(command)),
                RoomRequest::CopyLink => {
                    ctx.copy_text(room.link().url());
                    self.status = Some(tr("live-link-copied").into_owned());
                }
            }
        }
    }

    /// Joining replaces the map: unsaved changes are asked about first.
    pub(super) fn join_requested(
        &mut self,
        ctx: &egui::Context,
        frame: &eframe::Frame,
        link: JoinLink,
    ) {
        self.request(ctx, frame, Continuation::Join(link));
    }
}

/// This editor's presence: its name and colour (one picked by `client` when
/// none was chosen), whether it hosts, its selection and its view.
fn own_presence(
    name: &str,
    colour: &str,
    client: u64,
    host: bool,
    selection: Vec<crate::model::CardId>,
    view: Option<PresenceView>,
) -> Presence {
    let colour = if presence::is_colour(colour) {
        colour.to_owned()
    } else {
        let index = usize::try_from(client % COLOURS.len() as u64).unwrap_or(0);
        COLOURS
            .get(index)
            .copied()
            .unwrap_or(presence::DEFAULT_COLOUR)
            .to_owned()
    };
    Presence {
        name: name.trim().to_owned(),
        colour,
        selection,
        host,
        view,
    }
}
