//! Painting the map: lanes, grid, blueprint lines, connectors, cards with their markers,
//! sticky headers, and the feedback of the gesture in progress.
//!
//! Only what is on screen is drawn, and detail follows size: text too small to
//! read is left out (a card becomes a plain block), and so are markers and handles.
//!
//! A card's picture and title go where [`crate::layout::card_parts`] puts
//! them, and the title's lines are the ones the exports write (see `titles`):
//! wherever card text is at least [`MIN_LEGIBLE_SIZE`] points, a card breaks
//! and cuts its title exactly as in the PNG and SVG.

use std::collections::HashSet;
use std::sync::Arc;

use egui::epaint::{CornerRadius, RectShape, Shape, Stroke, StrokeKind};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, Color32, FontId, Galley, Painter, Pos2, Rect, Vec2, pos2, vec2};

use crate::layout::{
    self, CARD_FONT, CARD_PADDING, LINE_HEIGHT, MARKER_FONT, MARKER_ROW, PICTURE_PLACEHOLDER_SIDE,
    card_parts,
};
use crate::marker::{Marker, card_markers};
use crate::ui::fonts::card_family;
use crate::ui::i18n::{tr, tr_args};

use super::emotion::paint_emotion_curves;
use super::focus::{FlowSummary, MarkerKinds};
use super::frame::{Frame, HANDLE_RADIUS};
use super::interaction::{Gesture, card_drop_target, connect_target};
use super::pictures::Shown;
use super::text_edit::EditTarget;
use super::theme::{Palette, mix, parse_hex};
use super::titles::TitleRoom;
use super::{CanvasState, lane_kind_name, line_name};
use crate::model::{BlueprintLine, Card, CardId, Direction, Document};

/// Secondary text smaller than this many screen points is not drawn.
const MIN_TEXT_SIZE: f32 = 6.5;
/// Titles and names are never drawn smaller than this; below it a card is a block.
const MIN_LEGIBLE_SIZE: f32 = 8.0;
/// Cards narrower than this on the screen are plain blocks.
const MIN_CARD_WIDTH_FOR_TEXT: f32 = 60.0;
/// Smallest side of a card picture worth drawing, on the screen.
const MIN_PICTURE_SIDE: f32 = 12.0;

/// Paints everything the canvas shows.
pub(crate) fn paint_canvas(
    ui: &egui::Ui,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    flow: &FlowSummary,
    hovered_card: Option<CardId>,
) {
    let palette = Palette::new(ui.visuals().dark_mode);
    let painter = ui.painter_at(frame.canvas);
    painter.rect_filled(frame.canvas, 0.0, palette.background);

    let content = painter.with_clip_rect(frame.content_clip());
    paint_grid(&content, frame, &palette);
    paint_drop_target(&content, frame, state, &palette);
    paint_emotion_curves(&content, frame, doc, state, &palette);
    paint_connectors(&content, frame, doc, state, flow, &palette);
    paint_cards(&content, frame, doc, state, flow, hovered_card, &palette);
    paint_recovery(&content, frame, doc, state, hovered_card, &palette);
    paint_lines(&content, frame, &palette);
    paint_gesture_overlay(&content, frame, state, &palette);

    paint_lane_headers(&painter, frame, &palette);
    paint_stage_headers(&painter, frame, &palette);
    paint_corner(&painter, frame, doc, &palette);
    paint_header_drag(&painter, frame, state, &palette);
    paint_dragged_cards(&painter, frame, doc, state, &palette);
}

/// Size of secondary text (markers, kinds, labels): zoomed, left out when too small to read.
pub(crate) fn text_size(frame: &Frame<'_>, size_at_100: f32) -> Option<f32> {
    let size = frame.scaled(size_at_100);
    (size >= MIN_TEXT_SIZE).then_some(size)
}

/// Size of primary text (titles and names) in a box of `room` on the screen:
/// zoomed, but never below [`MIN_LEGIBLE_SIZE`] while the box holds a line of a
/// few characters, so a zoomed-out map still reads; `None` when it does not.
fn legible_size(frame: &Frame<'_>, size_at_100: f32, room: Vec2) -> Option<f32> {
    let size = frame.scaled(size_at_100).max(MIN_LEGIBLE_SIZE);
    (room.y >= size * 1.2 && room.x >= size * 4.0).then_some(size)
}

/// Wrapped text clipped to `max_rows`, ending in "…" when it does not fit.
fn wrapped(
    painter: &Painter,
    text: &str,
    size: f32,
    color: Color32,
    width: f32,
    max_rows: usize,
) -> Arc<Galley> {
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        TextFormat::simple(FontId::proportional(size), color),
    );
    job.wrap = TextWrapping {
        max_width: width.max(1.0),
        max_rows: max_rows.max(1),
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

fn paint_grid(painter: &Painter, frame: &Frame<'_>, palette: &Palette) {
    let layout = frame.layout;
    let visible = frame.visible_doc();
    let grid = layout.grid();
    let left = frame.view.screen_x(frame.canvas, grid.min.x);
    let right = frame.view.screen_x(frame.canvas, grid.max.x);
    let lanes = layout.lanes_between(visible.min.y, visible.max.y);
    let columns = layout.columns_between(visible.min.x, visible.max.x);
    let line = Stroke::new(1.0, palette.grid_line);
    for lane in &layout.lanes[lanes] {
        let top = frame.view.screen_y(frame.canvas, lane.top);
        let bottom = frame.view.screen_y(frame.canvas, lane.bottom);
        let band = Rect::from_min_max(pos2(left, top), pos2(right, bottom));
        painter.rect_filled(band, 0.0, palette.lane_band(palette.lane_hue(&lane.kind)));
        painter.hline(left..=right, bottom, line);
    }
    let top = frame.view.screen_y(frame.canvas, grid.min.y);
    let bottom = frame.view.screen_y(frame.canvas, grid.max.y);
    let stage_line = Stroke::new(1.5, palette.stage_line);
    for index in columns {
        let column = &layout.columns[index];
        let x = frame.view.screen_x(frame.canvas, column.right);
        let ends_stage = layout
            .columns
            .get(index + 1)
            .is_none_or(|next| next.stage != column.stage);
        painter.vline(x, top..=bottom, if ends_stage { stage_line } else { line });
    }
}

/// The recovery of a hovered fail point, in a box under the card.
fn paint_recovery(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    hovered_card: Option<CardId>,
    palette: &Palette,
) {
    let Some((card_box, card)) = hovered_card
        .and_then(|id| frame.layout.card(id))
        .and_then(|card_box| Some((card_box, frame.layout.doc_card(doc, card_box)?)))
    else {
        return;
    };
    if !card.fail || card.recovery.trim().is_empty() || !state.markers.fail {
        return;
    }
    let rect = frame.card(card_box);
    let text = tr_args("canvas-recovery", &[("recovery", (card.recovery.trim()))]);
    let galley = wrapped(painter, &text, 13.0, palette.header_text, 260.0, 6);
    let back = Rect::from_min_size(
        rect.left_bottom() + vec2(0.0, 4.0),
        galley.size() + vec2(12.0, 8.0),
    );
    painter.rect(
        back,
        4.0,
        palette.header_fill,
        Stroke::new(2.0, palette.danger),
        StrokeKind::Inside,
    );
    painter.galley(back.min + vec2(6.0, 4.0), galley, palette.header_text);
}

fn paint_drop_target(painter: &Painter, frame: &Frame<'_>, state: &CanvasState, palette: &Palette) {
    let Gesture::DraggingCards { cards, pointer, .. } = &state.gesture else {
        return;
    };
    let Some((cell, slot)) = card_drop_target(frame, cards, *pointer) else {
        return;
    };
    let layout = frame.layout;
    if let Some(rect) = layout.cell_rect(cell) {
        let rect = frame.screen_rect(rect);
        painter.rect(
            rect.shrink(1.0),
            4.0,
            palette.drop_fill,
            Stroke::new(2.0, palette.accent),
            StrokeKind::Inside,
        );
    }
    if let Some(slot_rect) = layout.slot_rect(cell, slot) {
        let rect = frame.screen_rect(slot_rect);
        let y = rect.top() - frame.scaled(layout::CARD_GAP) / 2.0;
        painter.hline(rect.x_range(), y, Stroke::new(3.0, palette.accent));
    }
}

fn paint_lines(painter: &Painter, frame: &Frame<'_>, palette: &Palette) {
    let layout = frame.layout;
    let grid = layout.grid();
    let clip = painter.clip_rect();
    let left = frame
        .view
        .screen_x(frame.canvas, grid.min.x)
        .max(clip.left());
    let right = frame
        .view
        .screen_x(frame.canvas, grid.max.x)
        .min(clip.right());
    if right <= left {
        return;
    }
    for rule in &layout.lines {
        let y = frame.view.screen_y(frame.canvas, rule.y);
        if !(clip.top() - 20.0..=clip.bottom() + 20.0).contains(&y) {
            continue;
        }
        let stroke = Stroke::new(2.5, palette.blueprint_line);
        if rule.line == BlueprintLine::Visibility {
            painter.extend(Shape::dashed_line(
                &[pos2(left, y), pos2(right, y)],
                stroke,
                10.0,
                6.0,
            ));
        } else {
            painter.hline(left..=right, y, stroke);
        }
        // The label sits just above its line, in the free room every lane
        // keeps below its cards.
        let label = line_name(rule.line);
        let font = FontId::proportional(frame.scaled(12.0).clamp(MIN_LEGIBLE_SIZE, 12.0));
        // Lines at one height put their labels side by side, a slot each.
        let slot = rule.label_slot as f32 * layout::LINE_LABEL_SLOT * font.size / 12.0;
        let galley = painter.layout_no_wrap(label.into_owned(), font, palette.blueprint_line);
        let at = pos2(left + 8.0 + slot, y - 4.0 - galley.size().y);
        let back = Rect::from_min_size(at, galley.size()).expand2(vec2(5.0, 1.0));
        painter.rect(
            back,
            3.0,
            palette.background,
            Stroke::new(1.0, palette.blueprint_line),
            StrokeKind::Outside,
        );
        painter.galley(at, galley, palette.blueprint_line);
    }
}

fn paint_connectors(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    flow: &FlowSummary,
    palette: &Palette,
) {
    let visible = frame.visible_doc();
    let width = frame.scaled(1.6).clamp(1.0, 3.0);
    let head = frame.scaled(9.0).clamp(3.0, 14.0);
    let label_size = text_size(frame, MARKER_FONT);
    for connector in &frame.layout.connectors {
        if !connector.bounds.intersects(&visible) {
            continue;
        }
        let selected = state.selection.connector == Some(connector.id);
        let (from, to) = (connector.from, connector.to);
        let critical = state.critical_path
            && (flow.critical_steps.contains(&(from, to))
                || (connector.direction == Direction::TwoWay
                    && flow.critical_steps.contains(&(to, from))));
        let (color, width) = if selected {
            (palette.accent, width + 2.0)
        } else if critical {
            (palette.critical, width + 1.0)
        } else {
            (palette.connector, width)
        };
        let dims = |id| {
            frame
                .layout
                .card(id)
                .and_then(|card| frame.layout.doc_card(doc, card))
                .is_some_and(|card| state.dims(card))
        };
        let dimmed = dims(from) || dims(to);
        let color = if dimmed {
            color.gamma_multiply(0.25)
        } else {
            color
        };
        let rework = flow
            .flow
            .loops
            .iter()
            .any(|cards| cards.contains(&from) && cards.contains(&to));
        let points = connector_points(frame, &connector.points);
        let stroke = Stroke::new(width, color);
        arrow_head(painter, &points, head, color);
        if connector.direction == Direction::TwoWay {
            let reversed: Vec<Pos2> = points.iter().rev().copied().collect();
            arrow_head(painter, &reversed, head, color);
        }
        let middle = frame.screen(connector.label_at);
        if rework {
            // Rework: a loop in the flow, drawn dashed.
            painter.extend(Shape::dashed_line(&points, stroke, 7.0, 4.0));
        } else {
            painter.add(Shape::line(points, stroke));
        }
        if let Some(size) = label_size.filter(|_| !connector.label.is_empty()) {
            let galley = painter.layout_no_wrap(
                connector.label.clone(),
                FontId::proportional(size),
                palette.header_text,
            );
            let back = Rect::from_center_size(middle, galley.size()).expand2(vec2(4.0, 1.0));
            painter.rect(
                back,
                3.0,
                palette.background,
                Stroke::new(1.0, color),
                StrokeKind::Inside,
            );
            painter.galley(back.min + vec2(4.0, 1.0), galley, palette.header_text);
        }
    }
}

/// The curve on the screen; a small curve gets a quarter of its points.
fn connector_points(frame: &Frame<'_>, points: &[layout::Point]) -> Vec<Pos2> {
    let stride = if frame.zoom() < 0.5 { 4 } else { 1 };
    let last = points.len().saturating_sub(1);
    points
        .iter()
        .enumerate()
        .filter(|(index, _)| index % stride == 0 || *index == last)
        .map(|(_, p)| frame.screen(*p))
        .collect()
}

/// A filled triangle at the end of `points`, pointing along the last piece.
fn arrow_head(painter: &Painter, points: &[Pos2], size: f32, color: Color32) {
    let [.., before, tip] = points else {
        return;
    };
    let direction = (*tip - *before).normalized();
    if !direction.is_finite() {
        return;
    }
    let back = *tip - direction * size;
    let side = direction.rot90() * (size * 0.5);
    painter.add(Shape::convex_polygon(
        vec![*tip, back + side, back - side],
        color,
        Stroke::NONE,
    ));
}

/// The colours of a card: its own colour if set, else its lane's.
fn card_colors(card: Option<&Card>, lane_hue: Color32, palette: &Palette) -> (Color32, Color32) {
    let own = card
        .and_then(|card| card.colour.as_deref())
        .and_then(parse_hex);
    let fill = own.unwrap_or_else(|| palette.card_fill(lane_hue));
    (fill, lane_hue)
}

fn paint_cards(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    flow: &FlowSummary,
    hovered_card: Option<CardId>,
    palette: &Palette,
) {
    let layout = frame.layout;
    let dragged: &[CardId] = match &state.gesture {
        Gesture::DraggingCards { cards, .. } => cards,
        _ => &[],
    };
    let editing = state.editing.as_ref().map(|editing| editing.target);
    let connect_to = match &state.gesture {
        Gesture::Connecting { from, pointer } => connect_target(frame, *from, *pointer),
        _ => None,
    };
    // Cards too small for their title are plain blocks: no outline, no rounding.
    let detailed = frame.scaled(layout::CARD_WIDTH) >= MIN_CARD_WIDTH_FOR_TEXT;
    let selection: HashSet<CardId> = state.selection.cards.iter().copied().collect();
    for index in layout.cards_in(frame.visible_doc()) {
        let card_box = &layout.cards[index];
        let rect = frame.card(card_box);
        let lane = &layout.lanes[card_box.cell.lane];
        let hue = palette.lane_hue(&lane.kind);
        let card = layout.doc_card(doc, card_box);
        let (fill, border) = card_colors(card, hue, palette);
        let selected = selection.contains(&card_box.id);
        if !detailed {
            // Too small for anything but a block.
            let color = if selected {
                palette.accent
            } else {
                mix(fill, border, 0.35)
            };
            painter.add(RectShape::filled(rect, CornerRadius::ZERO, color));
            continue;
        }
        let faded = dragged.contains(&card_box.id);
        let radius = frame.scaled(6.0).min(6.0);
        let stroke = if selected || connect_to == Some(card_box.id) {
            Stroke::new(3.0, palette.accent)
        } else {
            Stroke::new(frame.scaled(1.5).clamp(1.0, 2.0), border)
        };
        let (fill, stroke) = if faded {
            (
                fill.gamma_multiply(0.35),
                Stroke::new(1.0, border.gamma_multiply(0.5)),
            )
        } else {
            (fill, stroke)
        };
        if state.critical_path && flow.critical.contains(&card_box.id) {
            painter.rect_stroke(
                rect.expand(2.0),
                radius + 2.0,
                Stroke::new(frame.scaled(2.5).clamp(1.5, 3.0), palette.critical),
                StrokeKind::Outside,
            );
        }
        painter.rect(rect, radius, fill, stroke, StrokeKind::Inside);
        if let Some(card) = card
            && editing != Some(EditTarget::Card(card.id))
            && !faded
        {
            let content = CardContent {
                card,
                doc_rect: card_box.rect,
                rect,
                fill,
            };
            paint_card_content(painter, frame, doc, state, &content, palette);
        }
        if card.is_some_and(|card| state.dims(card)) {
            painter.rect_filled(
                rect.expand(4.0),
                radius,
                palette.background.gamma_multiply(0.75),
            );
        }
        let show_handle = hovered_card == Some(card_box.id) || selected;
        if show_handle
            && state.gesture == Gesture::Idle
            && let Some(handle) = frame.handle(card_box)
        {
            painter.circle(
                handle,
                HANDLE_RADIUS - 1.0,
                palette.background,
                Stroke::new(2.0, palette.accent),
            );
        }
    }
}

/// What to show for the card's picture, if it has one.
fn card_picture<'a>(card: &Card, state: &'a CanvasState) -> Option<Shown<'a>> {
    state.pictures.shown(card.picture.as_deref()?)
}

/// A card to fill in: the card, its box in the document and on the screen, its fill.
struct CardContent<'a> {
    card: &'a Card,
    /// The card's box in document space.
    doc_rect: layout::Rect,
    /// Where it is drawn on the screen (moved with the pointer while dragged).
    rect: Rect,
    fill: Color32,
}

/// Picture, title and markers of a card, placed by [`card_parts`].
fn paint_card_content(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    content: &CardContent<'_>,
    palette: &Palette,
) {
    let CardContent {
        card,
        doc_rect,
        rect,
        fill,
    } = *content;
    let markers = shown_markers(card, doc, &state.markers);
    let picture = card_picture(card, state);
    let text_color = palette.text_on(fill);
    let room = TitleRoom {
        markers: !markers.is_empty(),
        picture: picture.is_some(),
    };
    let parts = card_parts(doc_rect, room.markers, room.picture);
    // A part of the card on the screen, wherever the card is drawn.
    let on_screen = |part: layout::Rect| {
        let min = vec2(part.min.x - doc_rect.min.x, part.min.y - doc_rect.min.y);
        Rect::from_min_size(
            rect.min + frame.zoom() * min,
            frame.zoom() * vec2(part.width(), part.height()),
        )
    };
    if let (Some(picture), Some(slot)) = (picture, parts.picture) {
        let slot = on_screen(slot);
        if slot.height() >= MIN_PICTURE_SIDE {
            paint_picture(painter, frame, &picture, slot, text_color);
        }
    }
    let title = on_screen(parts.title);
    paint_title(painter, frame, state, content, room, title, text_color);
    if !markers.is_empty() {
        let padding = frame.scaled(CARD_PADDING);
        let marker_row = frame.scaled(MARKER_ROW);
        let row = Rect::from_min_max(
            pos2(rect.left() + padding, rect.bottom() - padding - marker_row),
            pos2(rect.right() - padding, rect.bottom() - padding * 0.5),
        );
        paint_markers(painter, frame, &markers, row, palette);
    }
}

/// A card's title, wrapped beforehand (see `titles`), set from the top left of `room`.
///
/// At [`MIN_LEGIBLE_SIZE`] points and above, the lines are the exports' lines,
/// drawn in the bundled font at the zoomed size, filling their room as they
/// fill it in the exports. Zoomed out further, the title is set at that size so
/// the map still reads, wrapped by the same rules into the smaller room.
fn paint_title(
    painter: &Painter,
    frame: &Frame<'_>,
    state: &CanvasState,
    content: &CardContent<'_>,
    title_room: TitleRoom,
    room: Rect,
    color: Color32,
) {
    let size = frame.scaled(CARD_FONT).max(MIN_LEGIBLE_SIZE);
    if room.height() < size * 1.2 || room.width() < size * 4.0 {
        return;
    }
    // The size in document units; exactly the exports' size unless enlarged.
    let doc_size = if frame.scaled(CARD_FONT) >= MIN_LEGIBLE_SIZE {
        CARD_FONT
    } else {
        MIN_LEGIBLE_SIZE / frame.zoom()
    };
    let card_size = (content.doc_rect.width(), content.doc_rect.height());
    let lines = state
        .titles
        .lines(content.card, card_size, title_room, doc_size);
    if lines.is_empty() {
        return;
    }
    let job = LayoutJob::single_section(lines.join("\n"), title_format(size, color));
    painter.galley(room.min, painter.layout_job(job), color);
}

/// How card titles are set: the bundled font first, lines [`LINE_HEIGHT`] apart as in the exports.
fn title_format(size: f32, color: Color32) -> TextFormat {
    TextFormat {
        line_height: Some(size * LINE_HEIGHT),
        ..TextFormat::simple(FontId::new(size, card_family()), color)
    }
}

/// Draws a card's picture (or its placeholder) fitted into the top left of its slot.
fn paint_picture(
    painter: &Painter,
    frame: &Frame<'_>,
    picture: &Shown<'_>,
    slot: Rect,
    color: Color32,
) {
    let icon = Rect::from_min_size(
        slot.min,
        Vec2::splat(
            frame
                .scaled(PICTURE_PLACEHOLDER_SIDE)
                .clamp(MIN_PICTURE_SIDE, slot.height().max(MIN_PICTURE_SIDE)),
        ),
    );
    match picture {
        Shown::Ready(texture) => {
            let size = texture.size_vec2();
            if size.x <= 0.0 || size.y <= 0.0 {
                return;
            }
            let scale = (slot.width() / size.x).min(slot.height() / size.y);
            let shown = Rect::from_min_size(slot.min, size * scale);
            let uv = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
            painter.image(texture.id(), shown, uv, Color32::WHITE);
        }
        Shown::Loading => {
            painter.rect_filled(icon, 2.0, color.gamma_multiply(0.12));
        }
        Shown::Failed(_) => {
            // A framed picture crossed out.
            let stroke = Stroke::new(1.0, color.gamma_multiply(0.7));
            painter.rect_stroke(icon, 2.0, stroke, StrokeKind::Inside);
            let inner = icon.shrink(icon.width() * 0.2);
            painter.line_segment([inner.left_bottom(), inner.right_top()], stroke);
            painter.line_segment([inner.left_top(), inner.right_bottom()], stroke);
        }
    }
}

/// The markers of a card whose kinds are switched on.
fn shown_markers(card: &Card, doc: &Document, kinds: &MarkerKinds) -> Vec<Marker> {
    let mut markers = card_markers(card, doc);
    markers.retain(|marker| kinds.shows(marker));
    markers
}

/// An emotion score as shown on a card: `+1.5`, `−2`, `0`.
pub(crate) fn format_score(score: f64) -> String {
    let rounded = (score * 10.0).round() / 10.0;
    let magnitude = rounded.abs();
    let digits = if magnitude.fract() == 0.0 {
        format!("{magnitude:.0}")
    } else {
        format!("{magnitude:.1}")
    };
    if rounded > 0.0 {
        format!("+{digits}")
    } else if rounded < 0.0 {
        format!("−{digits}")
    } else {
        digits
    }
}

fn paint_markers(
    painter: &Painter,
    frame: &Frame<'_>,
    markers: &[Marker],
    row: Rect,
    palette: &Palette,
) {
    let height = row.height().min(frame.scaled(15.0));
    let font = text_size(frame, MARKER_FONT).map(FontId::proportional);
    let mut x = row.left();
    let y = row.center().y;
    for marker in markers {
        match marker {
            Marker::MomentOfTruth => {
                star(
                    painter,
                    pos2(x + height / 2.0, y),
                    height * 0.55,
                    palette.star,
                );
                x += height + 3.0;
            }
            Marker::Pain => {
                painter.circle_filled(pos2(x + height / 2.0, y), height / 2.0, palette.danger);
                if let Some(font) = &font {
                    painter.text(
                        pos2(x + height / 2.0, y),
                        Align2::CENTER_CENTER,
                        "!",
                        font.clone(),
                        Color32::WHITE,
                    );
                }
                x += height + 3.0;
            }
            Marker::Fail => {
                let rect = Rect::from_min_size(pos2(x, y - height / 2.0), Vec2::splat(height));
                painter.rect_filled(rect, 2.0, palette.danger);
                if let Some(font) = &font {
                    painter.text(
                        rect.center(),
                        Align2::CENTER_CENTER,
                        "F",
                        font.clone(),
                        Color32::WHITE,
                    );
                }
                x += height + 3.0;
            }
            Marker::Wait(minutes) => {
                let Some(font) = &font else {
                    let rect = Rect::from_min_size(pos2(x, y - height / 2.0), Vec2::splat(height));
                    painter.rect_filled(rect, 2.0, palette.wait);
                    x += height + 3.0;
                    continue;
                };
                let text = tr_args("canvas-marker-wait", &[("minutes", &minutes.to_string())]);
                let galley = painter.layout_no_wrap(text, font.clone(), Color32::WHITE);
                let rect = Rect::from_min_size(
                    pos2(x, y - height / 2.0),
                    vec2(galley.size().x + 8.0, height),
                );
                painter.rect_filled(rect, height / 2.0, palette.wait);
                painter.galley(rect.center() - galley.size() / 2.0, galley, Color32::WHITE);
                x = rect.right() + 3.0;
            }
            Marker::Opportunity => {
                let c = pos2(x + height / 2.0, y);
                let r = height / 2.0;
                painter.add(Shape::convex_polygon(
                    vec![
                        c - vec2(0.0, r),
                        c + vec2(r, 0.0),
                        c + vec2(0.0, r),
                        c - vec2(r, 0.0),
                    ],
                    palette.positive,
                    Stroke::NONE,
                ));
                x += height + 3.0;
            }
            Marker::Emotion(score, side) => {
                let color = match side {
                    std::cmp::Ordering::Greater => palette.positive,
                    std::cmp::Ordering::Less => palette.danger,
                    std::cmp::Ordering::Equal => palette.neutral,
                };
                let Some(font) = &font else {
                    painter.circle_filled(pos2(row.right() - height / 2.0, y), height / 2.0, color);
                    continue;
                };
                let galley =
                    painter.layout_no_wrap(format_score(*score), font.clone(), Color32::WHITE);
                let width = galley.size().x + 10.0;
                let rect = Rect::from_min_size(
                    pos2(row.right() - width, y - height / 2.0),
                    vec2(width, height),
                );
                painter.rect_filled(rect, height / 2.0, color);
                painter.galley(rect.center() - galley.size() / 2.0, galley, Color32::WHITE);
            }
        }
    }
}

/// A five-pointed star: a pentagon with a triangle on each side (all convex pieces).
pub(crate) fn star(painter: &Painter, center: Pos2, radius: f32, color: Color32) {
    let inner = radius * 0.42;
    let point = |index: usize, r: f32| {
        let angle = -std::f32::consts::FRAC_PI_2 + index as f32 * std::f32::consts::PI / 5.0;
        center + vec2(angle.cos(), angle.sin()) * r
    };
    let pentagon: Vec<Pos2> = (0..5).map(|i| point(2 * i + 1, inner)).collect();
    for i in 0..5 {
        let tip = point(2 * i, radius);
        let left = point((2 * i + 9) % 10, inner);
        let right = point(2 * i + 1, inner);
        painter.add(Shape::convex_polygon(
            vec![tip, right, left],
            color,
            Stroke::NONE,
        ));
    }
    painter.add(Shape::convex_polygon(pentagon, color, Stroke::NONE));
}

fn paint_gesture_overlay(
    painter: &Painter,
    frame: &Frame<'_>,
    state: &CanvasState,
    palette: &Palette,
) {
    match &state.gesture {
        Gesture::Connecting { from, pointer } => {
            let Some(start) = frame.layout.card(*from).and_then(|card| frame.handle(card)) else {
                return;
            };
            let color = palette.accent;
            let points = vec![start, *pointer];
            arrow_head(painter, &points, 10.0, color);
            painter.line_segment([start, *pointer], Stroke::new(2.5, color));
        }
        Gesture::BoxSelecting {
            origin, current, ..
        } => {
            let rect = Rect::from_two_pos(frame.screen(*origin), frame.screen(*current));
            painter.rect(
                rect,
                0.0,
                palette.drop_fill,
                Stroke::new(1.5, palette.accent),
                StrokeKind::Inside,
            );
        }
        _ => {}
    }
}

fn paint_lane_headers(painter: &Painter, frame: &Frame<'_>, palette: &Palette) {
    let layout = frame.layout;
    let clip = Rect::from_min_max(
        pos2(frame.canvas.left(), frame.header_bottom()),
        frame.canvas.max,
    );
    let painter = painter.with_clip_rect(clip.intersect(frame.canvas));
    let visible = frame.visible_doc();
    let kind_size = text_size(frame, 11.0);
    for index in layout.lanes_between(visible.min.y, visible.max.y) {
        let lane = &layout.lanes[index];
        let Some(rect) = frame.lane_header(index) else {
            continue;
        };
        let hue = palette.lane_hue(&lane.kind);
        let text = palette.text_on(hue);
        painter.rect(
            rect,
            0.0,
            hue,
            Stroke::new(1.0, palette.background),
            StrokeKind::Inside,
        );
        let padding = frame.scaled(10.0);
        let mut y = rect.top() + padding;
        if lane.misplaced {
            let icon = frame.scaled(16.0).clamp(8.0, 20.0);
            warning_sign(
                &painter,
                pos2(rect.right() - icon - 4.0, rect.top() + 4.0),
                icon,
                palette,
            );
            painter.rect_stroke(
                rect.shrink(1.5),
                0.0,
                Stroke::new(3.0, palette.warning),
                StrokeKind::Inside,
            );
        }
        let room = rect.size() - Vec2::splat(2.0 * padding);
        if let Some(size) = legible_size(frame, 14.0, room) {
            let width = rect.width() - 2.0 * padding - frame.scaled(14.0);
            let rows = ((room.y / (size * 1.25)).floor() as usize).clamp(1, 3);
            let galley = wrapped(&painter, &lane.name, size, text, width, rows);
            let height = galley.size().y;
            painter.galley(pos2(rect.left() + padding, y), galley, text);
            y += height + 2.0;
        }
        let kind = lane_kind_name(&lane.kind);
        // A lane named after its kind needs no second line.
        let named_after_kind = lane.name.to_lowercase().contains(&kind.to_lowercase());
        if let Some(size) = kind_size.filter(|_| !named_after_kind) {
            let galley = wrapped(
                &painter,
                &kind,
                size,
                text.gamma_multiply(0.85),
                rect.width() - 2.0 * padding,
                1,
            );
            painter.galley(pos2(rect.left() + padding, y), galley, text);
        }
    }
}

/// An orange triangle with "!" in it.
fn warning_sign(painter: &Painter, min: Pos2, size: f32, palette: &Palette) {
    let points = vec![
        pos2(min.x + size / 2.0, min.y),
        pos2(min.x + size, min.y + size * 0.9),
        pos2(min.x, min.y + size * 0.9),
    ];
    painter.add(Shape::convex_polygon(
        points,
        palette.warning,
        Stroke::new(1.0, Color32::WHITE),
    ));
    if size >= 10.0 {
        painter.text(
            pos2(min.x + size / 2.0, min.y + size * 0.55),
            Align2::CENTER_CENTER,
            "!",
            FontId::proportional(size * 0.6),
            Color32::WHITE,
        );
    }
}

fn paint_stage_headers(painter: &Painter, frame: &Frame<'_>, palette: &Palette) {
    let layout = frame.layout;
    let clip = Rect::from_min_max(
        pos2(frame.header_right(), frame.canvas.top()),
        frame.canvas.max,
    );
    let painter = painter.with_clip_rect(clip.intersect(frame.canvas));
    let stage_fill = mix(palette.header_fill, palette.stage_line, 0.25);
    let padding = frame.scaled(8.0);
    for index in frame.visible_stages() {
        let stage = &layout.stages[index];
        let Some(rect) = frame.stage_header(index) else {
            continue;
        };
        painter.rect(
            rect,
            0.0,
            stage_fill,
            Stroke::new(1.0, palette.stage_line),
            StrokeKind::Inside,
        );
        if let Some(size) = legible_size(frame, 15.0, rect.size()) {
            // Keep the name in view while the stage is partly scrolled off to the left.
            let left = (rect.left() + padding)
                .max(frame.header_right() + padding)
                .min(rect.right() - padding - size);
            let galley = wrapped(
                &painter,
                &stage.name,
                size,
                palette.header_text,
                rect.right() - padding - left,
                1,
            );
            painter.galley(
                pos2(left, rect.center().y - galley.size().y / 2.0),
                galley,
                palette.header_text,
            );
        }
        for column in stage.first_column..stage.first_column + stage.column_count {
            let Some(rect) = frame.step_header(column) else {
                continue;
            };
            painter.rect(
                rect,
                0.0,
                palette.header_fill,
                Stroke::new(1.0, palette.grid_line),
                StrokeKind::Inside,
            );
            if let Some(size) = legible_size(frame, 12.5, rect.size()) {
                let galley = wrapped(
                    &painter,
                    &layout.columns[column].name,
                    size,
                    palette.header_text,
                    rect.width() - 2.0 * padding,
                    1,
                );
                painter.galley(
                    pos2(
                        rect.left() + padding,
                        rect.center().y - galley.size().y / 2.0,
                    ),
                    galley,
                    palette.header_text,
                );
            }
        }
    }
}

fn paint_corner(painter: &Painter, frame: &Frame<'_>, doc: &Document, palette: &Palette) {
    let rect = frame.corner().intersect(frame.canvas);
    if !rect.is_positive() {
        return;
    }
    painter.rect(
        rect,
        0.0,
        palette.header_fill,
        Stroke::new(1.0, palette.stage_line),
        StrokeKind::Inside,
    );
    if let Some(size) = legible_size(frame, 13.0, rect.size()) {
        let padding = frame.scaled(8.0);
        let galley = wrapped(
            painter,
            &doc.meta.title,
            size,
            palette.header_text,
            rect.width() - 2.0 * padding,
            3,
        );
        painter.galley(rect.min + Vec2::splat(padding), galley, palette.header_text);
    }
}

/// The insertion marker and a ghost of the header being dragged.
fn paint_header_drag(painter: &Painter, frame: &Frame<'_>, state: &CanvasState, palette: &Palette) {
    let layout = frame.layout;
    let marker = Stroke::new(4.0, palette.accent);
    let ghost = |rect: Rect| {
        painter.rect(
            rect,
            3.0,
            palette.accent.gamma_multiply(0.35),
            Stroke::new(2.0, palette.accent),
            StrokeKind::Inside,
        );
    };
    let bottom = frame.map_rect().bottom().min(frame.canvas.bottom());
    match &state.gesture {
        Gesture::DraggingStage {
            index,
            origin,
            pointer,
        } => {
            let Some(rect) = frame.stage_header(*index) else {
                return;
            };
            let to = layout.stage_drop_index(frame.doc(*pointer).x, *index);
            let others: Vec<_> = layout
                .stages
                .iter()
                .enumerate()
                .filter(|(i, _)| i != index)
                .map(|(_, stage)| stage)
                .collect();
            let x = match others.get(to) {
                Some(stage) => stage.header.min.x,
                None => others
                    .last()
                    .map_or(rect.left(), |stage| stage.header.max.x),
            };
            let x = if others.is_empty() {
                rect.left()
            } else {
                frame.view.screen_x(frame.canvas, x)
            };
            painter.vline(x, rect.top()..=bottom, marker);
            ghost(rect.translate(vec2(pointer.x - origin.x, 0.0)));
        }
        Gesture::DraggingStep {
            column,
            origin,
            pointer,
        } => {
            let Some(rect) = frame.step_header(*column) else {
                return;
            };
            if let Some((stage_index, position)) =
                layout.step_drop_target(frame.doc(*pointer).x, *column)
            {
                let stage = &layout.stages[stage_index];
                let others: Vec<usize> = (stage.first_column
                    ..stage.first_column + stage.column_count)
                    .filter(|c| c != column)
                    .collect();
                let x = match others.get(position) {
                    Some(&c) => layout.columns[c].left,
                    None => others
                        .last()
                        .map_or(stage.header.min.x, |&c| layout.columns[c].right),
                };
                let x = frame.view.screen_x(frame.canvas, x);
                painter.vline(x, rect.top()..=bottom, marker);
            }
            ghost(rect.translate(vec2(pointer.x - origin.x, 0.0)));
        }
        Gesture::DraggingLane {
            index,
            origin,
            pointer,
        } => {
            let Some(rect) = frame.lane_header(*index) else {
                return;
            };
            let y_doc = frame.doc(*pointer).y;
            let others: Vec<_> = layout
                .lanes
                .iter()
                .enumerate()
                .filter(|(i, _)| i != index)
                .map(|(_, lane)| lane)
                .collect();
            let y = others
                .iter()
                .find(|lane| lane.header.center().y >= y_doc)
                .map_or_else(
                    || {
                        others.last().map_or(rect.top(), |lane| {
                            frame.view.screen_y(frame.canvas, lane.bottom)
                        })
                    },
                    |lane| frame.view.screen_y(frame.canvas, lane.top),
                );
            let right = frame.map_rect().right().min(frame.canvas.right());
            painter.hline(rect.left()..=right, y, marker);
            ghost(rect.translate(vec2(0.0, pointer.y - origin.y)));
        }
        _ => {}
    }
}

/// The dragged cards follow the pointer, above everything.
fn paint_dragged_cards(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    palette: &Palette,
) {
    let Gesture::DraggingCards {
        grabbed,
        cards,
        origin,
        pointer,
    } = &state.gesture
    else {
        return;
    };
    let Some(card_box) = frame.layout.card(*grabbed) else {
        return;
    };
    let rect = frame.card(card_box).translate(*pointer - *origin);
    let lane = &frame.layout.lanes[card_box.cell.lane];
    let card = frame.layout.doc_card(doc, card_box);
    let (fill, border) = card_colors(card, palette.lane_hue(&lane.kind), palette);
    // The rest of the selection as a stack behind the grabbed card.
    for depth in (1..cards.len().min(3)).rev() {
        let offset = Vec2::splat(5.0 * depth as f32);
        painter.rect(
            rect.translate(offset),
            6.0,
            fill,
            Stroke::new(1.5, border),
            StrokeKind::Inside,
        );
    }
    painter.add(
        egui::epaint::Shadow {
            offset: [3, 5],
            blur: 12,
            spread: 0,
            color: Color32::from_black_alpha(60),
        }
        .as_shape(rect, 6.0),
    );
    painter.rect(
        rect,
        6.0,
        fill,
        Stroke::new(2.5, palette.accent),
        StrokeKind::Inside,
    );
    if let Some(card) = card {
        let content = CardContent {
            card,
            doc_rect: card_box.rect,
            rect,
            fill,
        };
        paint_card_content(painter, frame, doc, state, &content, palette);
    }
    if cards.len() > 1 {
        let badge = pos2(rect.right(), rect.top());
        painter.circle_filled(badge, 11.0, palette.accent);
        painter.text(
            badge,
            Align2::CENTER_CENTER,
            cards.len().to_string(),
            FontId::proportional(12.0),
            Color32::WHITE,
        );
    }
}

/// How a card box is described to assistive technology: its markers in words.
pub(crate) fn describe_markers(card: &Card, doc: &Document) -> String {
    card_markers(card, doc)
        .iter()
        .map(|marker| match marker {
            Marker::MomentOfTruth => tr("canvas-describe-mot").into_owned(),
            Marker::Pain => tr("canvas-describe-pain").into_owned(),
            Marker::Fail if card.recovery.trim().is_empty() => {
                tr("canvas-describe-fail").into_owned()
            }
            Marker::Fail => tr_args(
                "canvas-describe-fail-recovery",
                &[("recovery", (card.recovery.trim()))],
            ),
            Marker::Opportunity => tr("canvas-describe-opportunity").into_owned(),
            Marker::Wait(minutes) => {
                tr_args("canvas-describe-wait", &[("minutes", &minutes.to_string())])
            }
            Marker::Emotion(score, _) => tr_args(
                "canvas-describe-emotion",
                &[("score", &(format_score(*score)).to_string())],
            ),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_read_with_sign() {
        assert_eq!(format_score(1.5), "+1.5");
        assert_eq!(format_score(-2.0), "−2");
        assert_eq!(format_score(0.0), "0");
        assert_eq!(format_score(0.04), "0");
        assert_eq!(format_score(7.0), "+7");
    }
}
