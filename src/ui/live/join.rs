//! The Join dialog: the rooms announced nearby, a field for whatever a person
//! has of a room (an address and code, a link, a QR code's text, an
//! organisation's server), their name and colour, and Join. A typed address
//! that cannot be read is said in words before anything is tried.

use crate::live::address::{self, AddressError, JoinLink};
use crate::live::discovery::Browse;
use crate::ui::i18n::tr;

/// What the Join dialog answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinAnswer {
    /// Join the room at this link.
    Join(JoinLink),
    /// Closed without joining.
    Cancel,
}

/// The Join dialog's state while it is open.
#[derive(Default)]
pub struct JoinDialog {
    open: bool,
    address: String,
    error: Option<String>,
    hint: Option<String>,
    /// The search for rooms nearby, or why there is none.
    browse: Option<Result<Browse, String>>,
}

impl std::fmt::Debug for JoinDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinDialog")
            .field("open", &self.open)
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl JoinDialog {
    /// Opens the dialog, starting the search for rooms nearby.
    pub fn open(&mut self) {
        self.open = true;
        self.error = None;
        self.hint = None;
        if self.browse.is_none() {
            self.browse = Some(Browse::start().map_err(|error| error.to_string()));
        }
    }

    /// The dialog is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    fn close(&mut self) {
        self.open = false;
        // The search ends with the dialog.
        self.browse = None;
    }

    /// Draws the dialog while open; `name` and `colour` are the person's, remembered in the settings.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        name: &mut String,
        colour: &mut String,
    ) -> Option<JoinAnswer> {
        if !self.open {
            return None;
        }
        let mut answer = None;
        let mut open = true;
        egui::Window::new(tr("live-join-window"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                self.nearby_ui(ui);
                ui.separator();
                let label = ui.label(tr("live-address"));
                let field = egui::TextEdit::singleline(&mut self.address)
                    .hint_text(tr("live-address-hint"))
                    .desired_width(360.0);
                let response = ui.add(field).labelled_by(label.id);
                if response.changed() {
                    self.error = None;
                }
                if let Some(hint) = &self.hint {
                    ui.label(hint.as_str());
                }
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error.as_str());
                }
                ui.horizontal(|ui| {
                    let label = ui.label(tr("live-your-name"));
                    ui.text_edit_singleline(name).labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    let label = ui.label(tr("live-your-colour"));
                    let mut rgb = parse_rgb(colour);
                    if ui
                        .color_edit_button_srgb(&mut rgb)
                        .labelled_by(label.id)
                        .changed()
                    {
                        *colour = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
                    }
                });
                let pressed_enter =
                    response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
                if ui.button(tr("live-join")).clicked() || pressed_enter {
                    match address::parse(&self.address) {
                        Ok(link) => answer = Some(JoinAnswer::Join(link)),
                        Err(error) => self.error = Some(address_error_text(&error)),
                    }
                }
            });
        if !open {
            answer = Some(JoinAnswer::Cancel);
        }
        if answer.is_some() {
            self.close();
        }
        answer
    }

    /// The rooms found nearby, each a button that fills in its address.
    fn nearby_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(tr("live-nearby"));
        let rooms = match &mut self.browse {
            Some(Ok(browse)) => browse.rooms(),
            _ => {
                ui.label(tr("live-nearby-unavailable"));
                return;
            }
        };
        if rooms.is_empty() {
            ui.label(tr("live-nearby-none"));
            // Rooms come in as they answer: look again soon.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        for room in rooms {
            let Some(ip) = room.addresses.first() else {
                continue;
            };
            let text = format!("{} — {}", room.room, room.host_name);
            if ui.button(text).clicked() {
                let host = if ip.is_ipv6() {
                    format!("[{ip}]")
                } else {
                    ip.to_string()
                };
                self.address = format!("{host}:{} ", room.port);
                self.hint = Some(tr("live-nearby-picked").into_owned());
                self.error = None;
            }
        }
    }
}

/// Why a typed address cannot be read, in the UI language.
pub fn address_error_text(error: &AddressError) -> String {
    tr(match error {
        AddressError::Empty => "live-bad-empty",
        AddressError::BadScheme(_) => "live-bad-scheme",
        AddressError::BadHost(_) => "live-bad-host",
        AddressError::BadCode(_) => "live-bad-code",
        AddressError::Random(_) => "live-bad-random",
    })
    .into_owned()
}

/// `#rrggbb` as red, green and blue; a grey when it is not one.
fn parse_rgb(colour: &str) -> [u8; 3] {
    let presence = crate::live::presence::Presence {
        colour: colour.to_owned(),
        ..crate::live::presence::Presence::default()
    };
    presence.rgb()
}
