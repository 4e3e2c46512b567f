//! The emotion curves in emotion lanes: where a score sits on the screen, the smooth curves
//! with their neutral line, scale labels and legend, and the points a drag grabs.
//!
//! Each curve (the map's own, one per persona, as-is solid and to-be dashed)
//! runs through the mean score of each column; a column without a score
//! leaves a gap. The lowest point of each as-is curve and the columns holding
//! a moment of truth are marked large enough to read at "fit map" zoom.

use std::collections::HashMap;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use crate::layout::Point;
use crate::scene::smooth_curve;
use crate::ui::i18n::{tr, tr_args};

use super::CanvasState;
use super::frame::Frame;
use super::interaction::Gesture;
use super::paint::{star, text_size};
use super::theme::{Palette, parse_hex};
use crate::layout::{CELL_PADDING, EmotionCurve, LaneBox};
use crate::model::{CardId, Document, EmotionScale, LaneKind, StepId};
use crate::scene::words::{format_scale_value, format_score};

/// Scores snap to multiples of this while a point is dragged.
const SNAP: f64 = 0.5;
/// The scale labels and the legend are never smaller than this, so they read when the map is fitted.
const LEGEND_MIN_FONT: f32 = 9.5;
/// How close to a point a press grabs it, in screen points.
const GRAB_RADIUS: f32 = 9.0;
/// Colours of the persona curves, in persona order (the map's own curve takes the lane's hue).
const PERSONA_COLOURS: [&str; 6] = [
    "#2b6cb0", "#2f855a", "#c05621", "#6b46c1", "#0f766e", "#975a16",
];

/// A curve point grabbed by the pointer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct GrabbedPoint {
    /// The card whose score the drag sets.
    pub card: CardId,
    /// The to-be score rather than the as-is one.
    pub to_be: bool,
    /// Shown index of the emotion lane the point was grabbed in.
    pub lane: usize,
}

/// Screen y of `score` in an emotion lane.
fn y_of(frame: &Frame<'_>, lane: &LaneBox, scale: EmotionScale, score: f64) -> f32 {
    let inset = 2.0 * CELL_PADDING;
    let (top, bottom) = (lane.top + inset, lane.bottom - inset);
    let t = ((scale.max - score) / (scale.max - scale.min)).clamp(0.0, 1.0) as f32;
    frame.view.screen_y(frame.canvas, top + t * (bottom - top))
}

/// The score at screen height `y` in an emotion lane, snapped to [`SNAP`] and kept on the scale.
pub(crate) fn score_at(frame: &Frame<'_>, lane: usize, y: f32) -> Option<f64> {
    let layout = frame.layout;
    let lane = layout.lanes.get(lane)?;
    let scale = layout.emotion_scale;
    if !scale.is_valid() {
        return None;
    }
    let (top, bottom) = (
        y_of(frame, lane, scale, scale.max),
        y_of(frame, lane, scale, scale.min),
    );
    if bottom <= top {
        return None;
    }
    let t = f64::from(((y - top) / (bottom - top)).clamp(0.0, 1.0));
    let score = scale.max - t * (scale.max - scale.min);
    Some(((score / SNAP).round() * SNAP).clamp(scale.min, scale.max))
}

/// Screen x of the middle of a column.
fn column_x(frame: &Frame<'_>, column: usize) -> Option<f32> {
    let column = frame.layout.columns.get(column)?;
    Some(
        frame
            .view
            .screen_x(frame.canvas, (column.left + column.right) / 2.0),
    )
}

/// A curve point placed on the screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ScreenPoint {
    /// Where it is drawn.
    pub pos: Pos2,
    /// What a drag from it changes.
    pub grabbed: GrabbedPoint,
    /// Index of its curve in [`crate::layout::Layout::emotion_curves`].
    pub curve: usize,
    /// Its score.
    pub score: f64,
}

/// Every curve point in the shown emotion lanes, curve by curve.
pub(crate) fn screen_points(frame: &Frame<'_>) -> Vec<ScreenPoint> {
    let layout = frame.layout;
    let scale = layout.emotion_scale;
    let mut points = Vec::new();
    if !scale.is_valid() {
        return points;
    }
    for (lane_index, lane) in layout.lanes.iter().enumerate() {
        if lane.kind != LaneKind::Emotion {
            continue;
        }
        for (curve_index, curve) in layout.emotion_curves.iter().enumerate() {
            for (column, point) in curve.points.iter().enumerate() {
                let (Some(point), Some(x)) = (point, column_x(frame, column)) else {
                    continue;
                };
                points.push(ScreenPoint {
                    pos: pos2(x, y_of(frame, lane, scale, point.score)),
                    grabbed: GrabbedPoint {
                        card: point.card,
                        to_be: curve.to_be,
                        lane: lane_index,
                    },
                    curve: curve_index,
                    score: point.score,
                });
            }
        }
    }
    points
}

/// The curve point under a screen position, if any (the nearest; the later curve on a tie).
pub(crate) fn point_at(frame: &Frame<'_>, pos: Pos2) -> Option<GrabbedPoint> {
    if !frame.content_clip().contains(pos) {
        return None;
    }
    screen_points(frame)
        .into_iter()
        .map(|point| (point.pos.distance(pos), point.grabbed))
        .filter(|(distance, _)| *distance <= GRAB_RADIUS)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, grabbed)| grabbed)
}

/// The colour of a curve: the lane's hue for the map's own, a fixed colour per persona.
fn curve_colour(doc: &Document, curve: &EmotionCurve, lane_hue: Color32) -> Color32 {
    curve
        .persona
        .and_then(|persona| doc.persona_index(persona))
        .and_then(|index| parse_hex(PERSONA_COLOURS[index % PERSONA_COLOURS.len()]))
        .unwrap_or(lane_hue)
}

/// The legend name of a curve: the persona's name (or "This map"), with "(to-be)" for to-be curves.
pub(crate) fn curve_name(doc: &Document, curve: &EmotionCurve) -> String {
    let owner = curve
        .persona
        .and_then(|persona| doc.persona(persona))
        .map_or_else(
            || tr("canvas-emotion-map").into_owned(),
            |persona| persona.name.clone(),
        );
    if curve.to_be {
        tr_args("canvas-emotion-to-be", &[("name", &owner.to_string())])
    } else {
        owner
    }
}

/// A smooth curve through `points` on screen: the same curve the exports draw.
fn smooth(points: &[Pos2]) -> Vec<Pos2> {
    let points: Vec<Point> = points.iter().map(|p| Point::new(p.x, p.y)).collect();
    smooth_curve(&points)
        .into_iter()
        .map(|p| pos2(p.x, p.y))
        .collect()
}

/// What the cards of one column mark, shown at the curve's point.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct ColumnMarks {
    /// A moment of truth.
    truth: bool,
    /// A pain point.
    pain: bool,
    /// A fail point.
    fail: bool,
    /// A wait point.
    wait: bool,
}

/// The marks of each column.
fn column_marks(doc: &Document, frame: &Frame<'_>) -> Vec<ColumnMarks> {
    let column_of: HashMap<StepId, usize> = frame
        .layout
        .columns
        .iter()
        .enumerate()
        .map(|(index, column)| (column.step, index))
        .collect();
    let mut marks = vec![ColumnMarks::default(); frame.layout.columns.len()];
    for card in &doc.cards {
        if let Some(&column) = column_of.get(&card.step) {
            let mark = &mut marks[column];
            mark.truth |= card.moment_of_truth;
            mark.pain |= card.pain;
            mark.fail |= card.fail;
            mark.wait |= card.is_wait_point();
        }
    }
    marks
}

/// Small signs under a curve point for the pain, fail and wait points of its column.
fn paint_point_signs(
    painter: &Painter,
    frame: &Frame<'_>,
    point: Pos2,
    marks: ColumnMarks,
    shown: &super::MarkerKinds,
    palette: &Palette,
) {
    let size = frame.scaled(12.0).clamp(9.0, 15.0);
    let font = FontId::proportional(size * 0.75);
    let signs = [
        (marks.pain && shown.pain, "!", palette.danger, true),
        (marks.fail && shown.fail, "F", palette.danger, false),
        (marks.wait && shown.wait, "W", palette.wait, false),
    ];
    let count = signs.iter().filter(|sign| sign.0).count();
    let mut x = point.x - (count as f32 * (size + 2.0) - 2.0) / 2.0;
    let y = point.y + size * 0.6 + 4.0;
    for (on, text, colour, round) in signs {
        if !on {
            continue;
        }
        let rect = Rect::from_min_size(pos2(x, y - size / 2.0), vec2(size, size));
        let corner = if round { size / 2.0 } else { 2.0 };
        painter.rect_filled(rect, corner, colour);
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            text,
            font.clone(),
            Color32::WHITE,
        );
        x += size + 2.0;
    }
}

/// Paints the curves, neutral line, scale labels and legend in every shown emotion lane.
pub(crate) fn paint_emotion_curves(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    state: &CanvasState,
    palette: &Palette,
) {
    let layout = frame.layout;
    let scale = layout.emotion_scale;
    if !scale.is_valid() {
        return;
    }
    let visible = frame.visible_doc();
    let dragged = match &state.gesture {
        Gesture::DraggingEmotion { point, pointer } => {
            score_at(frame, point.lane, pointer.y).map(|score| (*point, score))
        }
        _ => None,
    };
    let marks = column_marks(doc, frame);
    let show_truths = state.markers.moment_of_truth;
    let label_size = text_size(frame, 11.5);
    let radius = frame.scaled(5.0).clamp(3.5, 6.0);
    let grid = layout.grid();
    let left = frame.view.screen_x(frame.canvas, grid.min.x);
    let right = frame.view.screen_x(frame.canvas, grid.max.x);
    for (lane_index, lane) in layout.lanes.iter().enumerate() {
        if lane.kind != LaneKind::Emotion || lane.bottom < visible.min.y || lane.top > visible.max.y
        {
            continue;
        }
        let hue = palette.lane_hue(&lane.kind);
        let neutral_y = y_of(frame, lane, scale, scale.neutral);
        painter.extend(Shape::dashed_line(
            &[pos2(left, neutral_y), pos2(right, neutral_y)],
            Stroke::new(1.0, palette.neutral),
            6.0,
            4.0,
        ));
        for curve in &layout.emotion_curves {
            let colour = curve_colour(doc, curve, hue);
            let points: Vec<Option<(Pos2, f64, usize)>> = curve
                .points
                .iter()
                .enumerate()
                .map(|(column, point)| {
                    let point = (*point)?;
                    let score = match dragged {
                        Some((grabbed, score))
                            if grabbed.card == point.card
                                && grabbed.to_be == curve.to_be
                                && grabbed.lane == lane_index =>
                        {
                            score
                        }
                        _ => point.score,
                    };
                    let x = column_x(frame, column)?;
                    Some((pos2(x, y_of(frame, lane, scale, score)), score, column))
                })
                .collect();
            for run in points.split(Option::is_none) {
                let line: Vec<Pos2> = run.iter().flatten().map(|(p, _, _)| *p).collect();
                if line.len() < 2 {
                    continue;
                }
                let line = smooth(&line);
                if curve.to_be {
                    painter.extend(Shape::dashed_line(
                        &line,
                        Stroke::new(2.5, colour),
                        8.0,
                        5.0,
                    ));
                } else {
                    painter.add(Shape::line(line, Stroke::new(3.0, colour)));
                }
            }
            let lowest = (!curve.to_be)
                .then(|| {
                    points
                        .iter()
                        .flatten()
                        .map(|(_, score, _)| *score)
                        .min_by(f64::total_cmp)
                })
                .flatten()
                .filter(|score| *score < scale.neutral);
            for (point, score, column) in points.iter().flatten() {
                let side_colour = match score.partial_cmp(&scale.neutral) {
                    Some(std::cmp::Ordering::Greater) => palette.positive,
                    Some(std::cmp::Ordering::Less) => palette.danger,
                    _ => palette.neutral,
                };
                if lowest == Some(*score) {
                    // The low point reads from across the room.
                    let ring = frame.scaled(11.0).max(9.0);
                    painter.circle_stroke(*point, ring, Stroke::new(3.0, palette.danger));
                }
                if curve.to_be {
                    painter.circle(
                        *point,
                        radius * 0.8,
                        palette.background,
                        Stroke::new(2.0, colour),
                    );
                } else {
                    painter.circle(*point, radius, side_colour, Stroke::new(1.5, colour));
                }
                let mark = marks.get(*column).copied().unwrap_or_default();
                if !curve.to_be {
                    paint_point_signs(painter, frame, *point, mark, &state.markers, palette);
                }
                if show_truths && !curve.to_be && mark.truth {
                    let size = frame.scaled(9.0).max(8.0);
                    star(
                        painter,
                        *point - vec2(0.0, radius + size + 2.0),
                        size,
                        palette.star,
                    );
                } else if let Some(size) = label_size {
                    painter.text(
                        *point - vec2(0.0, radius + 2.0),
                        Align2::CENTER_BOTTOM,
                        format_score(*score),
                        FontId::proportional(size),
                        palette.header_text,
                    );
                }
            }
        }
        paint_scale_labels(painter, frame, lane, scale, palette);
        paint_legend(painter, frame, doc, lane, palette);
    }
}

/// The words and values of the scale at its top, neutral and bottom, at the left of the lane.
fn paint_scale_labels(
    painter: &Painter,
    frame: &Frame<'_>,
    lane: &LaneBox,
    scale: EmotionScale,
    palette: &Palette,
) {
    let size = frame.scaled(10.5).clamp(LEGEND_MIN_FONT, 13.0);
    if frame.scaled(lane.bottom - lane.top) < 5.0 * size {
        return;
    }
    let x = frame
        .header_right()
        .max(frame.view.screen_x(frame.canvas, 0.0))
        + 4.0;
    for (score, key) in [
        (scale.max, "canvas-emotion-high"),
        (scale.neutral, "canvas-emotion-neutral"),
        (scale.min, "canvas-emotion-low"),
    ] {
        let text = format!("{} {}", tr(key), format_scale_value(score));
        let galley = painter.layout_no_wrap(text, FontId::proportional(size), palette.neutral);
        let y = y_of(frame, lane, scale, score);
        let back = Rect::from_min_size(pos2(x, y - galley.size().y / 2.0), galley.size())
            .expand2(vec2(3.0, 0.0));
        painter.rect_filled(back, 3.0, palette.background.gamma_multiply(0.85));
        painter.galley(pos2(x, back.top()), galley, palette.neutral);
    }
}

/// The legend of the curves, at the top right of the lane's visible part.
fn paint_legend(
    painter: &Painter,
    frame: &Frame<'_>,
    doc: &Document,
    lane: &LaneBox,
    palette: &Palette,
) {
    let layout = frame.layout;
    let size = frame.scaled(11.0).clamp(LEGEND_MIN_FONT, 13.0);
    if layout.emotion_curves.is_empty() {
        return;
    }
    let hue = palette.lane_hue(&lane.kind);
    let right = frame
        .view
        .screen_x(frame.canvas, layout.grid().max.x)
        .min(frame.canvas.right())
        - 8.0;
    let mut y = frame
        .view
        .screen_y(frame.canvas, lane.top)
        .max(frame.header_bottom())
        + 6.0;
    let font = FontId::proportional(size);
    for curve in &layout.emotion_curves {
        let colour = curve_colour(doc, curve, hue);
        let galley =
            painter.layout_no_wrap(curve_name(doc, curve), font.clone(), palette.header_text);
        let swatch = 22.0;
        let row = Rect::from_min_size(
            pos2(right - galley.size().x - swatch - 14.0, y),
            vec2(galley.size().x + swatch + 14.0, galley.size().y + 4.0),
        );
        painter.rect_filled(row, 3.0, palette.background.gamma_multiply(0.85));
        let mid = row.center().y;
        let ends = [
            pos2(row.left() + 4.0, mid),
            pos2(row.left() + 4.0 + swatch, mid),
        ];
        if curve.to_be {
            painter.extend(Shape::dashed_line(
                &ends,
                Stroke::new(2.5, colour),
                5.0,
                3.0,
            ));
        } else {
            painter.line_segment(ends, Stroke::new(3.0, colour));
        }
        painter.galley(
            pos2(ends[1].x + 6.0, row.top() + 2.0),
            galley,
            palette.header_text,
        );
        y = row.bottom() + 2.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_passes_through_every_point() {
        let points = [
            pos2(0.0, 0.0),
            pos2(10.0, 5.0),
            pos2(20.0, -3.0),
            pos2(30.0, 1.0),
        ];
        let line = smooth(&points);
        for point in points {
            assert!(
                line.iter().any(|p| p.distance(point) < 1e-3),
                "{point:?} missing"
            );
        }
    }
}
