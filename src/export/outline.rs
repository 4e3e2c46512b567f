//! The outlines of the display list's shapes as path commands, traced once
//! for every writer that builds paths (PNG and PDF), and the rule that a
//! rectangle's outline lies inside it (shared with the SVG writer).

use crate::layout::{Point, Rect};
use crate::scene::Stroke;

/// Control point distance of a quarter circle drawn as a cubic curve, as a share of the radius.
pub const KAPPA: f32 = 0.552_284_8;

/// Something a path is traced into: a writer's path builder.
pub trait PathSink {
    /// Starts a new contour at (`x`, `y`).
    fn move_to(&mut self, x: f32, y: f32);
    /// A straight line to (`x`, `y`).
    fn line_to(&mut self, x: f32, y: f32);
    /// A cubic curve through the control points (`x1`, `y1`) and (`x2`, `y2`) to (`x`, `y`).
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    /// Closes the contour.
    fn close(&mut self);
}

/// The box a rectangle item is filled and outlined along, and its corner
/// radius: with a stroke, `rect` shrunk by half the stroke's width, so the
/// outline lies inside the rectangle, as on the canvas.
pub fn inside_outline(rect: Rect, radius: f32, stroke: Option<Stroke>) -> (Rect, f32) {
    let inset = stroke.map_or(0.0, |stroke| stroke.width / 2.0);
    (rect.expand(-inset), (radius - inset).max(0.0))
}

/// Traces `rect` with corners of `radius` (at most half its shorter side);
/// traces nothing and answers `false` when the rectangle is empty.
pub fn rounded_rect(sink: &mut impl PathSink, rect: Rect, radius: f32) -> bool {
    let (
        Point { x: left, y: top },
        Point {
            x: right,
            y: bottom,
        },
    ) = (rect.min, rect.max);
    if !(right > left && bottom > top) {
        return false;
    }
    let r = radius.min((right - left) / 2.0).min((bottom - top) / 2.0);
    if r > 0.0 {
        let c = r * (1.0 - KAPPA);
        sink.move_to(left + r, top);
        sink.line_to(right - r, top);
        sink.cubic_to(right - c, top, right, top + c, right, top + r);
        sink.line_to(right, bottom - r);
        sink.cubic_to(right, bottom - c, right - c, bottom, right - r, bottom);
        sink.line_to(left + r, bottom);
        sink.cubic_to(left + c, bottom, left, bottom - c, left, bottom - r);
        sink.line_to(left, top + r);
        sink.cubic_to(left, top + c, left + c, top, left + r, top);
    } else {
        sink.move_to(left, top);
        sink.line_to(right, top);
        sink.line_to(right, bottom);
        sink.line_to(left, bottom);
    }
    sink.close();
    true
}

/// Traces a line through `points`, closed for a polygon; traces nothing and
/// answers `false` for fewer than two points.
pub fn polyline(sink: &mut impl PathSink, points: &[Point], close: bool) -> bool {
    let [first, rest @ ..] = points else {
        return false;
    };
    if rest.is_empty() {
        return false;
    }
    sink.move_to(first.x, first.y);
    for point in rest {
        sink.line_to(point.x, point.y);
    }
    if close {
        sink.close();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Colour;

    /// The smallest box around every point a path goes through (control points included).
    #[derive(Default)]
    struct Bounds {
        points: Vec<Point>,
        closed: bool,
    }

    impl PathSink for Bounds {
        fn move_to(&mut self, x: f32, y: f32) {
            self.points.push(Point::new(x, y));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.points.push(Point::new(x, y));
        }
        fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.points
                .extend([Point::new(x1, y1), Point::new(x2, y2), Point::new(x, y)]);
        }
        fn close(&mut self) {
            self.closed = true;
        }
    }

    #[test]
    fn rounded_rects_stay_inside_and_refuse_empty_boxes() {
        let rect = Rect::from_min_size(10.0, 20.0, 40.0, 30.0);
        let stroke = Stroke {
            width: 2.0,
            colour: Colour::WHITE,
        };
        let (inside, radius) = inside_outline(rect, 6.0, Some(stroke));
        assert_eq!(radius, 5.0);
        let mut path = Bounds::default();
        assert!(rounded_rect(&mut path, inside, radius));
        let bounds = Rect::bounding(&path.points).unwrap();
        assert!((bounds.min.x - 11.0).abs() < 1e-3 && (bounds.max.x - 49.0).abs() < 1e-3);
        assert!((bounds.min.y - 21.0).abs() < 1e-3 && (bounds.max.y - 49.0).abs() < 1e-3);
        assert!(path.closed);

        let (empty, _) = inside_outline(Rect::from_min_size(0.0, 0.0, 2.0, 2.0), 0.0, Some(stroke));
        let mut nothing = Bounds::default();
        assert!(!rounded_rect(&mut nothing, empty, 0.0));
        assert!(nothing.points.is_empty());
    }

    #[test]
    fn polylines_need_two_points_and_close_only_polygons() {
        let points = [
            Point::new(0.0, 0.0),
            Point::new(4.0, 0.0),
            Point::new(4.0, 3.0),
        ];
        let mut open = Bounds::default();
        assert!(polyline(&mut open, &points, false));
        assert_eq!(open.points, points);
        assert!(!open.closed);
        let mut closed = Bounds::default();
        assert!(polyline(&mut closed, &points, true));
        assert!(closed.closed);
        assert!(!polyline(&mut Bounds::default(), &points[..1], false));
    }
}
