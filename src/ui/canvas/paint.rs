//! Painting the canvas: the map's display list (see `display`, the one the
//! exports print), then only what belongs to the editor: selection, hover and
//! connector handles, drop targets, the gesture in progress, drag ghosts, the
//! hovered fail point's recovery, and the sticky stage, step and lane headers.

use std::collections::HashSet;
use std::sync::Arc;

use egui::epaint::{Shape, Stroke, StrokeKind};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, Color32, FontId, Galley, Painter, Pos2, Rect, Vec2, pos2, vec2};

use crate::layout;
use crate::marker::{Marker, card_markers};
use crate::scene::format_score;
use crate::ui::i18n::{tr, tr_args};

use super::display::{self, Look};
use super::emotion;
use super::interaction::{Gesture, card_drop_target, connect_target};
use super::screen_layout::{HANDLE_RADIUS, ScreenLayout};
use super::text_edit::EditTarget;
use super::theme::{Palette, mix};
use super::{CanvasState, lane_kind_name};
use crate::model::{Card, CardId, Document};

/// Secondary text smaller than this many screen points is not drawn.
const MIN_TEXT_SIZE: f32 = 6.5;
/// Stage, step and lane names are never drawn smaller than this.
const MIN_HEADER_TEXT: f32 = 10.0;

/// Paints everything the canvas shows (the map's text only once its fonts are
/// `fonts_ready`): the map's display list, then the
/// feedback of selection, hover and the gesture in progress, then the sticky headers.
pub(crate) fn paint_canvas(
    ui: &egui::Ui,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &mut CanvasState,
    hovered_card: Option<CardId>,
    fonts_ready: bool,
) {
    let palette = Palette::new(ui.visuals().dark_mode);
    let painter = ui.painter_at(frame.canvas);
    painter.rect_filled(frame.canvas, 0.0, palette.background);

    let content = painter.with_clip_rect(frame.content_clip());
    let dimmed: HashSet<CardId> =
        if state.focus.is_some() || state.bright_steps.is_some() || state.bright_cards.is_some() {
            doc.cards
                .iter()
                .filter(|card| state.dims(card))
                .map(|card| card.id)
                .collect()
        } else {
            HashSet::new()
        };
    let faded: HashSet<CardId> = match &state.gesture {
        Gesture::DraggingCards { cards, .. } => cards.iter().copied().collect(),
        _ => HashSet::new(),
    };
    let editing = state
        .editing
        .as_ref()
        .and_then(|editing| match editing.target {
            EditTarget::Card(id) => Some(id),
            _ => None,
        });
    let look = Look {
        dimmed: &dimmed,
        faded: &faded,
        editing,
        text: fonts_ready,
    };
    display::paint_scene(&content, frame, &mut state.scene, &look);
    let state = &*state;
    paint_drop_target(&content, frame, state, &palette);
    paint_selection(&content, frame, state, hovered_card, &palette);
    paint_emotion_drag(&content, frame, state, &palette);
    paint_recovery(&content, frame, doc, state, hovered_card, &palette);
    paint_gesture_overlay(&content, frame, state, &palette);

    paint_lane_headers(&painter, frame, &palette);
    paint_stage_headers(&painter, frame, &palette);
    paint_corner(&painter, frame, doc, &palette);
    paint_header_drag(&painter, frame, state, &palette);
    paint_dragged_cards(&painter, frame, state, &palette);
}

/// What shows a card or connector is selected, a card is hovered (its
/// connector handle) or is the target of the connector being drawn.
fn paint_selection(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
    state: &CanvasState,
    hovered_card: Option<CardId>,
    palette: &Palette,
) {
    let layout = frame.layout;
    if let Some(connector) = state
        .selection
        .connector
        .and_then(|id| layout.connectors.iter().find(|c| c.id == id))
    {
        let points: Vec<Pos2> = connector
            .points
            .iter()
            .map(|p| frame.screen_from_doc(*p))
            .collect();
        let width = frame.scaled(1.6).clamp(1.0, 3.0) + 2.0;
        arrow_head(
            painter,
            &points,
            frame.scaled(9.0).clamp(3.0, 14.0),
            palette.accent,
        );
        painter.add(Shape::line(points, Stroke::new(width, palette.accent)));
    }
    let connect_to = match &state.gesture {
        Gesture::Connecting { from, pointer } => connect_target(frame, *from, *pointer),
        _ => None,
    };
    let outlined = state.selection.cards.iter().copied().chain(connect_to);
    for card_box in outlined.filter_map(|id| layout.card(id)) {
        let rect = frame.card(card_box);
        painter.rect_stroke(
            rect,
            frame.scaled(6.0).min(6.0),
            Stroke::new(3.0, palette.accent),
            StrokeKind::Inside,
        );
    }
    let with_handle = state.selection.cards.iter().copied().chain(hovered_card);
    if state.gesture == Gesture::Idle {
        for handle in with_handle
            .filter_map(|id| layout.card(id))
            .filter_map(|card_box| frame.handle(card_box))
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

/// The emotion point being dragged, at the score it will take, with that score.
fn paint_emotion_drag(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
    state: &CanvasState,
    palette: &Palette,
) {
    let Gesture::DraggingEmotion { point, pointer } = &state.gesture else {
        return;
    };
    let Some(score) = emotion::score_at(frame, point.lane, pointer.y) else {
        return;
    };
    let Some(at) = emotion::screen_points(frame)
        .into_iter()
        .find(|shown| shown.grabbed == *point)
        .map(|shown| pos2(shown.pos.x, emotion::screen_y(frame, point.lane, score)))
    else {
        return;
    };
    let radius = frame.scaled(5.0).clamp(3.5, 6.0) + 1.0;
    painter.circle(
        at,
        radius,
        palette.accent,
        Stroke::new(2.0, palette.background),
    );
    painter.text(
        at - vec2(0.0, radius + 2.0),
        Align2::CENTER_BOTTOM,
        format_score(score),
        FontId::proportional(frame.scaled(11.5).max(11.0)),
        palette.accent,
    );
}

/// Size of secondary text (markers, kinds, labels): zoomed, left out when too small to read.
pub(crate) fn text_size(frame: &ScreenLayout<'_>, size_at_100: f32) -> Option<f32> {
    let size = frame.scaled(size_at_100);
    (size >= MIN_TEXT_SIZE).then_some(size)
}

/// Size of a header's name in a box of `room` on the screen: zoomed, but never
/// below [`MIN_HEADER_TEXT`], so stage, step and lane names read at every zoom
/// (shortened with "…" where they do not fit); `None` only when the box cannot
/// hold a character and the "…".
fn legible_size(frame: &ScreenLayout<'_>, size_at_100: f32, room: Vec2) -> Option<f32> {
    let size = frame.scaled(size_at_100).max(MIN_HEADER_TEXT);
    (room.y >= size && room.x >= size * 2.0).then_some(size)
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

/// The recovery of a hovered fail point, in a box under the card.
fn paint_recovery(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
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

fn paint_drop_target(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
    state: &CanvasState,
    palette: &Palette,
) {
    let Gesture::DraggingCards { cards, pointer, .. } = &state.gesture else {
        return;
    };
    let Some((cell, slot)) = card_drop_target(frame, cards, *pointer) else {
        return;
    };
    let layout = frame.layout;
    if let Some(rect) = layout.cell_rect(cell) {
        let rect = frame.screen_from_doc_rect(rect);
        painter.rect(
            rect.shrink(1.0),
            4.0,
            palette.drop_fill,
            Stroke::new(2.0, palette.accent),
            StrokeKind::Inside,
        );
    }
    if let Some(slot_rect) = layout.slot_rect(cell, slot) {
        let rect = frame.screen_from_doc_rect(slot_rect);
        let y = rect.top() - frame.scaled(layout::CARD_GAP) / 2.0;
        painter.hline(rect.x_range(), y, Stroke::new(3.0, palette.accent));
    }
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

fn paint_gesture_overlay(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
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
            let rect = Rect::from_two_pos(
                frame.screen_from_doc(*origin),
                frame.screen_from_doc(*current),
            );
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

fn paint_lane_headers(painter: &Painter, frame: &ScreenLayout<'_>, palette: &Palette) {
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
            // Full strength: faded, it would fall below 4.5:1 on the header.
            let galley = wrapped(&painter, &kind, size, text, rect.width() - 2.0 * padding, 1);
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
            palette.text_on(palette.warning),
        );
    }
}

fn paint_stage_headers(painter: &Painter, frame: &ScreenLayout<'_>, palette: &Palette) {
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

fn paint_corner(painter: &Painter, frame: &ScreenLayout<'_>, doc: &Document, palette: &Palette) {
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
fn paint_header_drag(
    painter: &Painter,
    frame: &ScreenLayout<'_>,
    state: &CanvasState,
    palette: &Palette,
) {
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
            let to = layout.stage_drop_index(frame.doc_from_screen(*pointer).x, *index);
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
                layout.step_drop_target(frame.doc_from_screen(*pointer).x, *column)
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
            let y_doc = frame.doc_from_screen(*pointer).y;
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
    frame: &ScreenLayout<'_>,
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
    let offset = *pointer - *origin;
    let rect = frame.card(card_box).translate(offset);
    let border = palette.lane_hue(&frame.layout.lanes[card_box.cell.lane].kind);
    let fill = display::card_fill(&state.scene, *grabbed).unwrap_or(palette.header_fill);
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
    display::paint_card_at(painter, frame, &state.scene, *grabbed, offset);
    painter.rect_stroke(
        rect,
        6.0,
        Stroke::new(2.5, palette.accent),
        StrokeKind::Inside,
    );
    if cards.len() > 1 {
        let badge = pos2(rect.right(), rect.top());
        painter.circle_filled(badge, 11.0, palette.accent);
        painter.text(
            badge,
            Align2::CENTER_CENTER,
            cards.len().to_string(),
            FontId::proportional(12.0),
            palette.text_on(palette.accent),
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
            Marker::Actions { count, done } => tr_args(
                if *done {
                    "actions-describe-done"
                } else {
                    "actions-describe-open"
                },
                &[("count", &count.to_string())],
            ),
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
