//! The Room window: the join link with its QR code, the room code in type
//! large enough to read from the back row, how the connection stands, who
//! is in, and the room's switches (lock the structure, follow the host,
//! leave or close).

use egui::{Color32, RichText};

use crate::live::presence::Presence;
use crate::ui::command::UiCommand;
use crate::ui::i18n::{tr, tr_args};

use super::room::{LiveRoom, RoomStatus};

/// How large the room code is set, in points.
const CODE_POINTS: f32 = 44.0;

/// How wide the QR code is drawn, in points.
const QR_POINTS: f32 = 220.0;

/// What the Room window asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomRequest {
    /// Run a Share command (lock, follow, leave or close).
    Run(UiCommand),
    /// Copy the join link to the clipboard.
    CopyLink,
}

/// What the window shows of this editor and the room's lock.
#[derive(Clone, Copy, Debug)]
pub struct RoomView<'a> {
    /// This editor's own presence.
    pub own: &'a Presence,
    /// The structure is locked.
    pub locked: bool,
}

/// Draws the Room window while it is open; returns what was asked for.
pub fn room_window_ui(
    ctx: &egui::Context,
    room: &mut LiveRoom,
    view: RoomView<'_>,
) -> Vec<RoomRequest> {
    let mut requests = Vec::new();
    let mut open = room.window_open;
    egui::Window::new(tr("live-room-window"))
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(status_text(room.status()));
            ui.separator();
            let link = room.link().clone();
            if let Some(code) = &link.token {
                ui.label(tr("live-room-code"));
                let code = code.to_string();
                ui.label(RichText::new(code).size(CODE_POINTS).monospace().strong());
            }
            ui.horizontal(|ui| {
                ui.label(tr("live-join-link"));
                ui.monospace(link.url());
            });
            if ui.button(tr("live-copy-link")).clicked() {
                requests.push(RoomRequest::CopyLink);
            }
            super::qr::qr_code_ui(ui, &link.url(), QR_POINTS);
            ui.separator();
            ui.heading(tr("live-people"));
            person_ui(ui, view.own, true);
            for peer in room.people() {
                person_ui(ui, &peer.presence, false);
            }
            ui.separator();
            if room.is_host() {
                let mut locked = view.locked;
                if ui
                    .checkbox(&mut locked, UiCommand::LiveLockStructure.label())
                    .on_hover_text(UiCommand::LiveLockStructure.tooltip())
                    .changed()
                {
                    requests.push(RoomRequest::Run(UiCommand::LiveLockStructure));
                }
                if ui.button(tr("cmd-live-close")).clicked() {
                    requests.push(RoomRequest::Run(UiCommand::LiveLeave));
                }
            } else {
                let mut follow = room.follow;
                if ui
                    .checkbox(&mut follow, UiCommand::LiveFollowHost.label())
                    .on_hover_text(UiCommand::LiveFollowHost.tooltip())
                    .changed()
                {
                    requests.push(RoomRequest::Run(UiCommand::LiveFollowHost));
                }
                if ui.button(tr("cmd-live-leave")).clicked() {
                    requests.push(RoomRequest::Run(UiCommand::LiveLeave));
                }
            }
        });
    room.window_open = open;
    requests
}

/// One person of the People list: a swatch of their colour and their name.
fn person_ui(ui: &mut egui::Ui, presence: &Presence, own: bool) {
    let name = display_name(presence);
    let name = if own {
        tr_args("live-you", &[("name", &name)])
    } else if presence.host {
        tr_args("live-host-mark", &[("name", &name)])
    } else {
        name
    };
    let [r, g, b] = presence.rgb();
    ui.horizontal(|ui| {
        ui.label(RichText::new("●").color(Color32::from_rgb(r, g, b)));
        ui.label(name);
    });
}

/// A person's name as shown: theirs, or "Someone" when they gave none.
pub fn display_name(presence: &Presence) -> String {
    if presence.name.is_empty() {
        tr("live-anonymous").into_owned()
    } else {
        presence.name.clone()
    }
}

/// How the connection stands, in words.
pub fn status_text(status: &RoomStatus) -> String {
    match status {
        RoomStatus::Connecting => tr("live-status-connecting").into_owned(),
        RoomStatus::InRoom => tr("live-status-in-room").into_owned(),
        RoomStatus::Reconnecting(reason) => {
            tr_args("live-status-reconnecting", &[("reason", reason)])
        }
        RoomStatus::Refused(reason) => tr_args("live-status-refused", &[("reason", reason)]),
        RoomStatus::Closed => tr("live-status-closed").into_owned(),
    }
}
