//! Facilitator mode: the voting bar over the map while a round is open — the
//! participants as chips (their colour and initial, never the colour alone),
//! who votes now and how many dots they have left; number keys 1–9 or a
//! click on a chip pick who votes.

use egui::{Color32, RichText, Sense, vec2};

use crate::model::{Participant, VotingRound};
use crate::scene::colour::{Colour, contrast_ratio, dot_colour};
use crate::ui::command::UiCommand;
use crate::ui::i18n::{self, tr, tr_args};

/// The keys that pick the first nine participants.
pub const NUMBER_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

/// A colour of the model as egui's.
pub fn egui_colour(colour: Colour) -> Color32 {
    Color32::from_rgba_unmultiplied(colour.r, colour.g, colour.b, colour.a)
}

/// Black or white, whichever reads better on `fill`.
pub fn ink_on(fill: Colour) -> Color32 {
    if contrast_ratio(Colour::WHITE, fill) > contrast_ratio(Colour::BLACK, fill) {
        Color32::WHITE
    } else {
        Color32::BLACK
    }
}

/// Paints a participant's dot: their colour with their initial on it.
pub fn paint_dot(painter: &egui::Painter, centre: egui::Pos2, radius: f32, voter: &Participant) {
    let fill = dot_colour(voter.colour);
    painter.circle(
        centre,
        radius,
        egui_colour(fill),
        egui::Stroke::new(1.0, Color32::WHITE),
    );
    painter.text(
        centre,
        egui::Align2::CENTER_CENTER,
        voter.initial(),
        egui::FontId::proportional(radius * 1.2),
        ink_on(fill),
    );
}

/// A participant's chip: their dot and name, highlighted when they vote now.
pub fn chip_ui(ui: &mut egui::Ui, voter: &Participant, active: bool) -> egui::Response {
    let (rect, _) = ui.allocate_exact_size(vec2(22.0, 22.0), Sense::hover());
    paint_dot(ui.painter(), rect.center(), 10.0, voter);
    let name = match voter.name.trim() {
        "" => voter.initial(),
        name => name.to_owned(),
    };
    let text = if active {
        RichText::new(name).strong()
    } else {
        RichText::new(name)
    };
    ui.add(egui::Button::selectable(active, text))
}

/// The voting bar: the question, a chip per participant (1–9 on the first
/// nine), and who votes now with their dots left. Returns the commands its
/// buttons ask for.
pub fn bar_ui(ui: &mut egui::Ui, round: &VotingRound, active: &mut usize) -> Vec<UiCommand> {
    let language = i18n::current();
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(crate::decisions::round_title(round, language)).strong());
        ui.separator();
        for (index, voter) in round.participants.iter().enumerate() {
            let name = crate::decisions::participant_name(round, voter.id, language);
            let chip = chip_ui(ui, voter, index == *active);
            let chip = if index < NUMBER_KEYS.len() {
                chip.on_hover_text(tr_args(
                    "voting-chip-tip",
                    &[("key", &(index + 1).to_string()), ("name", &name)],
                ))
            } else {
                chip
            };
            if chip.clicked() {
                *active = index;
            }
        }
        ui.separator();
        if let Some(voter) = round.participants.get(*active) {
            let name = crate::decisions::participant_name(round, voter.id, language);
            let remaining = round.remaining(voter.id) as usize;
            ui.label(tr_args("voting-active", &[("name", &name)]));
            ui.label(
                RichText::new(tr_args(
                    super::one_or_many(remaining, "voting-remaining-one", "voting-remaining"),
                    &[("count", &remaining.to_string())],
                ))
                .strong(),
            );
        }
        ui.label(RichText::new(tr("voting-hint")).weak());
        ui.separator();
        for command in [UiCommand::PassTheLaptop, UiCommand::RevealVotes] {
            if ui.button(command.label()).clicked() {
                commands.push(command);
            }
        }
    });
    commands
}
