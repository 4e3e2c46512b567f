//! The spotlight: a card clicked while presenting, shown enlarged in the
//! middle of the stage with everything it holds, over the dimmed map.

use egui::accesskit::Role;
use egui::{Color32, RichText, Sense, WidgetInfo};

use crate::model::{Card, Document};
use crate::scene::format_score;
use crate::ui::canvas::CanvasState;
use crate::ui::i18n::{tr, tr_args};
use crate::ui::insights::human_minutes;

/// Size of the title in the spotlight, in points.
const TITLE_SIZE: f32 = 44.0;
/// Size of the rest of the text, in points.
const TEXT_SIZE: f32 = 26.0;

/// Shows `card` of `doc` in the spotlight; returns `true` when a click
/// outside it asks to close it (Esc is the app's).
pub fn spotlight_ui(
    ctx: &egui::Context,
    doc: &Document,
    card: &Card,
    canvas: &CanvasState,
) -> bool {
    let screen = ctx.content_rect();
    let modal = egui::Modal::new(egui::Id::unique("presentation spotlight"))
        .backdrop_color(Color32::from_black_alpha(150))
        .frame(
            egui::Frame::popup(&ctx.global_style())
                .fill(egui::Visuals::light().panel_fill)
                .inner_margin(32),
        )
        .show(ctx, |ui| {
            *ui.visuals_mut() = egui::Visuals::light();
            ui.set_max_width(screen.width() * 0.7);
            ui.set_max_height(screen.height() * 0.85);
            let top = ui.cursor().min;
            card_ui(ui, doc, card, canvas);
            let rect = egui::Rect::from_min_max(top, ui.min_rect().max);
            let label = tr_args("present-spotlight", &[("title", &card.title)]);
            ui.interact(rect, ui.scope_id().with("spotlight card"), Sense::hover())
                .widget_info(|| WidgetInfo::labeled(Role::Group, true, &label));
        });
    modal.backdrop_response.clicked()
}

/// The card's title, where it sits, and every field it has set.
fn card_ui(ui: &mut egui::Ui, doc: &Document, card: &Card, canvas: &CanvasState) {
    let title = if card.title.trim().is_empty() {
        tr("canvas-untitled-card").into_owned()
    } else {
        card.title.clone()
    };
    ui.label(RichText::new(title).size(TITLE_SIZE).strong());
    let lane = doc.lane(card.lane).map_or("", |lane| lane.name.as_str());
    let step = doc.step(card.step).map_or("", |step| step.name.as_str());
    ui.label(
        RichText::new(format!("{step} · {lane}"))
            .size(TEXT_SIZE * 0.75)
            .weak(),
    );
    ui.add_space(12.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            if !card.detail.trim().is_empty() {
                ui.label(RichText::new(&card.detail).size(TEXT_SIZE));
                ui.add_space(8.0);
            }
            for (name, value) in fields(doc, card) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{name}:")).size(TEXT_SIZE).strong());
                    ui.label(RichText::new(value).size(TEXT_SIZE));
                });
            }
        });
        if let Some(texture) = card
            .picture
            .as_deref()
            .and_then(|picture| canvas.picture_texture(picture))
        {
            let size = texture.size_vec2();
            let height = ui.available_height().clamp(120.0, 360.0);
            let scale = (height / size.y.max(1.0)).min(360.0 / size.x.max(1.0));
            ui.image((texture.id(), size * scale));
        }
    });
}

/// The card's set fields as (name, value), in the inspector's words.
fn fields(doc: &Document, card: &Card) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut add = |key: &str, value: String| fields.push((tr(key).into_owned(), value));
    if let Some(score) = card.emotion {
        add("field-emotion", format_score(score));
    }
    let marks: Vec<String> = [
        (card.pain, "field-pain"),
        (card.fail, "field-fail"),
        (card.moment_of_truth, "field-mot"),
    ]
    .into_iter()
    .filter(|(set, _)| *set)
    .map(|(_, key)| tr(key).into_owned())
    .collect();
    if !marks.is_empty() {
        add("field-marks", marks.join(" · "));
    }
    if !card.recovery.trim().is_empty() {
        add("field-recovery", card.recovery.clone());
    }
    if let Some(minutes) = card.wait_minutes {
        add("field-wait", human_minutes(u64::from(minutes)));
    }
    if let Some(minutes) = card.duration_minutes {
        add("field-duration", human_minutes(u64::from(minutes)));
    }
    if let Some(kano) = card.kano {
        add(
            "field-kano",
            tr(&format!("kano-{}", kano.as_str())).into_owned(),
        );
    }
    if let Some(dimension) = card.servqual {
        add(
            "field-servqual",
            tr(&format!("servqual-{}", dimension.as_str())).into_owned(),
        );
    }
    if !card.owner.trim().is_empty() {
        add("field-owner", card.owner.clone());
    }
    if !card.channel.trim().is_empty() {
        add("field-channel", card.channel.clone());
    }
    if let Some(persona) = card.persona.and_then(|id| doc.persona(id)) {
        add("field-persona", persona.name.clone());
    }
    fields
}
