//! The emotion curves on the screen: where a score sits in an emotion lane,
//! the points a drag grabs, and the score a drag sets. The curves themselves
//! are drawn from the map's display list ([`crate::scene`]).

use egui::{Pos2, pos2};

use crate::ui::i18n::{tr, tr_args};

use super::screen_layout::ScreenLayout;
use crate::layout::{CELL_PADDING, EmotionCurve, LaneBox};
use crate::model::{CardId, Document, EmotionScale, LaneKind};

/// Scores snap to multiples of this while a point is dragged.
const SNAP: f64 = 0.5;
/// How close to a point a press grabs it, in screen points.
const GRAB_RADIUS: f32 = 9.0;
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
fn y_of(frame: &ScreenLayout<'_>, lane: &LaneBox, scale: EmotionScale, score: f64) -> f32 {
    let inset = 2.0 * CELL_PADDING;
    let (top, bottom) = (lane.top + inset, lane.bottom - inset);
    let t = ((scale.max - score) / (scale.max - scale.min)).clamp(0.0, 1.0) as f32;
    frame.view.screen_y(frame.canvas, top + t * (bottom - top))
}

/// Screen y of `score` in the emotion lane of shown index `lane`.
pub(crate) fn screen_y(frame: &ScreenLayout<'_>, lane: usize, score: f64) -> f32 {
    frame.layout.lanes.get(lane).map_or(0.0, |lane| {
        y_of(frame, lane, frame.layout.emotion_scale, score)
    })
}

/// The score at screen height `y` in an emotion lane, snapped to [`SNAP`] and kept on the scale.
pub(crate) fn score_at(frame: &ScreenLayout<'_>, lane: usize, y: f32) -> Option<f64> {
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
fn column_x(frame: &ScreenLayout<'_>, column: usize) -> Option<f32> {
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
pub(crate) fn screen_points(frame: &ScreenLayout<'_>) -> Vec<ScreenPoint> {
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
pub(crate) fn point_at(frame: &ScreenLayout<'_>, pos: Pos2) -> Option<GrabbedPoint> {
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
