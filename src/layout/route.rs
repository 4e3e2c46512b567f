//! Connector routes: orthogonal lines with rounded corners that leave and
//! enter cards at their borders and run only through the gutters between
//! columns and between lanes, so no connector ever passes under a card.
//!
//! The card grid leaves free room everywhere a route needs it: each card sits
//! `(COLUMN_WIDTH - CARD_WIDTH) / 2` inside its column, so a band along every
//! column border holds no card from top to bottom; every lane keeps room below
//! its fullest cell and above its first card, so a band along every lane
//! border holds no card from left to right. A route goes sideways out of its
//! card into a column gutter, along a lane gutter when cards stand in the way,
//! and into the target's border from its column gutter. Ends on the same side
//! of a card are spread along that side, and routes sharing a gutter take
//! different tracks in it, so they stay apart.

use std::collections::HashMap;

use super::{CardBox, ConnectorPath, Layout, Point, Rect};
use crate::model::Document;

/// Radius of a route's rounded corners.
const CORNER_RADIUS: f32 = 6.0;
/// Straight pieces each rounded corner is drawn with.
const CORNER_PIECES: usize = 4;
/// Distance between two tracks of one gutter.
const TRACK_SPACING: f32 = 3.0;
/// Tracks a column gutter has on each side of its middle: it is
/// `COLUMN_WIDTH - CARD_WIDTH` wide, so these stay clear of the cards.
const COLUMN_TRACKS: i32 = 2;
/// Tracks a lane gutter has on each side of its middle.
const LANE_TRACKS: i32 = 3;
/// Height of a lane gutter's middle above the lane border: the gutter runs
/// from the lowest card of the lane above (`ADD_ROOM + CELL_PADDING` above the
/// border) to the first card of the lane below (`CELL_PADDING` under it).
const LANE_GUTTER_RISE: f32 = 16.0;
/// Room a straight run keeps from the cards it passes.
const CLEARANCE: f32 = 3.0;
/// Largest distance between two ends spread along a card's left or right side.
const PORT_SPACING_Y: f32 = 12.0;
/// Largest distance between two ends spread along a card's top or bottom.
const PORT_SPACING_X: f32 = 16.0;

/// The border of a card a route leaves or enters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

/// How a route gets from one card to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Way {
    /// Straight down or up within a column: nothing stands between the cards.
    Straight,
    /// Sideways between columns, rightwards or leftwards (`step` is `1` or `-1`).
    Across { step: isize },
    /// Out of one side into the column's gutter on that side and back in: the
    /// same column with cards between, or a card pointing to itself. The
    /// right side (`side` 1), except in the last of several columns, whose
    /// right gutter is the map's edge: there the left (`side` −1).
    Bracket { side: isize },
}

/// A route before its ends are placed: the two cards and how it goes.
struct Plan<'a> {
    from: &'a CardBox,
    to: &'a CardBox,
    /// Indices of the two cards in [`Layout::cards`].
    cards: (usize, usize),
    way: Way,
    sides: (Side, Side),
}

/// One end of a route on one side of a card.
struct End {
    /// Where the route heads along that side: the other card's middle, across
    /// the side (its height for a left or right side, its x for a top or bottom).
    toward: f32,
    /// Which route, in planning order.
    route: usize,
    /// The route starts here (rather than ending).
    start: bool,
}

/// The routes of every connector of `doc` whose two cards `layout` shows.
pub(super) fn route_connectors(layout: &Layout, doc: &Document) -> Vec<ConnectorPath> {
    let plans: Vec<(usize, Plan<'_>)> = doc
        .connectors
        .iter()
        .enumerate()
        .filter_map(|(index, connector)| {
            let from = *layout.card_index.get(&connector.from)?;
            let to = *layout.card_index.get(&connector.to)?;
            Some((index, plan(layout, from, to)))
        })
        .collect();

    // Ends on one side of one card, ordered by where the route heads.
    let mut ends: HashMap<(usize, Side), Vec<End>> = HashMap::new();
    for (number, (_, plan)) in plans.iter().enumerate() {
        for (card, other, side, start) in [
            (plan.cards.0, plan.to, plan.sides.0, true),
            (plan.cards.1, plan.from, plan.sides.1, false),
        ] {
            let key = match side {
                Side::Left | Side::Right => other.rect.center().y,
                Side::Top | Side::Bottom => other.rect.center().x,
            };
            ends.entry((card, side)).or_default().push(End {
                toward: key,
                route: number,
                start,
            });
        }
    }
    let mut ports = vec![(Point::default(), Point::default()); plans.len()];
    for ((card, side), mut list) in ends {
        list.sort_by(|a, b| {
            a.toward
                .total_cmp(&b.toward)
                .then(a.route.cmp(&b.route))
                .then(b.start.cmp(&a.start))
        });
        let rect = layout.cards[card].rect;
        for (order, end) in list.iter().enumerate() {
            let port = port(rect, side, order, list.len());
            if end.start {
                ports[end.route].0 = port;
            } else {
                ports[end.route].1 = port;
            }
        }
    }

    let mut tracks = Tracks::default();
    plans
        .iter()
        .zip(ports)
        .filter_map(|((index, plan), (start, end))| {
            let connector = &doc.connectors[*index];
            let corners = corners(layout, plan, start, end, &mut tracks);
            let points = rounded(&corners);
            let bounds = Rect::bounding(&points)?;
            let label_at = half_way(&points);
            Some(ConnectorPath {
                id: connector.id,
                from: connector.from,
                to: connector.to,
                direction: connector.direction,
                label: connector.label.clone(),
                points,
                bounds,
                label_at,
            })
        })
        .collect()
}

/// How to get from the card at `from` to the card at `to` (indices in
/// [`Layout::cards`]), and by which sides.
fn plan(layout: &Layout, from_index: usize, to_index: usize) -> Plan<'_> {
    let (from, to) = (&layout.cards[from_index], &layout.cards[to_index]);
    let (way, sides) = if from.cell.column < to.cell.column {
        (Way::Across { step: 1 }, (Side::Right, Side::Left))
    } else if from.cell.column > to.cell.column {
        (Way::Across { step: -1 }, (Side::Left, Side::Right))
    } else if from.id != to.id && nothing_between(layout, from, to) {
        if to.rect.min.y >= from.rect.max.y {
            (Way::Straight, (Side::Bottom, Side::Top))
        } else {
            (Way::Straight, (Side::Top, Side::Bottom))
        }
    } else {
        let last = from.cell.column + 1 == layout.columns.len();
        if last && from.cell.column > 0 {
            (Way::Bracket { side: -1 }, (Side::Left, Side::Left))
        } else {
            (Way::Bracket { side: 1 }, (Side::Right, Side::Right))
        }
    };
    Plan {
        from,
        to,
        cards: (from_index, to_index),
        way,
        sides,
    }
}

/// No card stands between two cards of one column.
fn nothing_between(layout: &Layout, a: &CardBox, b: &CardBox) -> bool {
    let (upper, lower) = if a.rect.min.y <= b.rect.min.y {
        (a.rect, b.rect)
    } else {
        (b.rect, a.rect)
    };
    if lower.min.y <= upper.max.y {
        return false;
    }
    let between = Rect {
        min: Point::new(upper.min.x, upper.max.y + 0.5),
        max: Point::new(upper.max.x, lower.min.y - 0.5),
    };
    layout.cards_in(between).next().is_none()
}

/// The `order`-th of `count` ends spread along `side` of `rect`, around its middle.
fn port(rect: Rect, side: Side, order: usize, count: usize) -> Point {
    let centre = rect.center();
    let shift = order as f32 - (count as f32 - 1.0) / 2.0;
    let along = |length: f32, most: f32| shift * (length / (count as f32 + 1.0)).min(most);
    match side {
        Side::Left | Side::Right => {
            let y = centre.y + along(rect.height(), PORT_SPACING_Y);
            let x = if side == Side::Left {
                rect.min.x
            } else {
                rect.max.x
            };
            Point::new(x, y)
        }
        Side::Top | Side::Bottom => {
            let x = centre.x + along(rect.width(), PORT_SPACING_X);
            let y = if side == Side::Top {
                rect.min.y
            } else {
                rect.max.y
            };
            Point::new(x, y)
        }
    }
}

/// How many routes already run in each gutter, to give the next one its own track.
#[derive(Default)]
struct Tracks {
    columns: HashMap<u32, i32>,
    lanes: HashMap<u32, i32>,
}

impl Tracks {
    /// The x of the next track in the column gutter whose middle is at `x`.
    /// The middle itself is the column border, drawn as a grid or stage line,
    /// so no route runs on it.
    fn column(&mut self, x: f32) -> f32 {
        x + Self::next(&mut self.columns, x, COLUMN_TRACKS, false)
    }

    /// The y of the next track in the lane gutter whose middle is at `y`.
    fn lane(&mut self, y: f32) -> f32 {
        y + Self::next(&mut self.lanes, y, LANE_TRACKS, true)
    }

    /// The offset of the next track from the middle: (0,) +1, −1, +2, −2 …
    /// tracks, starting over when the gutter is full.
    fn next(used: &mut HashMap<u32, i32>, middle: f32, each_side: i32, on_middle: bool) -> f32 {
        let count = used.entry(middle.to_bits()).or_insert(0);
        let skip = i32::from(!on_middle);
        let track = *count % (2 * each_side + 1 - skip) + skip;
        *count += 1;
        let step = (track + 1) / 2;
        let sign = if track % 2 == 1 { 1 } else { -1 };
        (sign * step) as f32 * TRACK_SPACING
    }
}

/// The corners of the route of `plan` from `start` to `end`, square.
fn corners(
    layout: &Layout,
    plan: &Plan<'_>,
    start: Point,
    end: Point,
    tracks: &mut Tracks,
) -> Vec<Point> {
    let (from, to) = (plan.from.cell.column, plan.to.cell.column);
    match plan.way {
        Way::Straight => {
            if start.x == end.x {
                vec![start, end]
            } else {
                let middle = (start.y + end.y) / 2.0;
                vec![
                    start,
                    Point::new(start.x, middle),
                    Point::new(end.x, middle),
                    end,
                ]
            }
        }
        Way::Bracket { side } => {
            let x = tracks.column(column_gutter(layout, from, side));
            vec![start, Point::new(x, start.y), Point::new(x, end.y), end]
        }
        Way::Across { step } => {
            let (first_between, last_between) = if step > 0 {
                (from + 1, to.saturating_sub(1))
            } else {
                (to + 1, from.saturating_sub(1))
            };
            if first_between > last_between {
                // Neighbouring columns: down or up their shared gutter.
                let x = tracks.column(column_gutter(layout, from, step));
                return vec![start, Point::new(x, start.y), Point::new(x, end.y), end];
            }
            let free = |y: f32| run_is_free(layout, first_between, last_between, y);
            if free(start.y) {
                // Straight along, then down or up the target's gutter.
                let x = tracks.column(column_gutter(layout, to, -step));
                return vec![start, Point::new(x, start.y), Point::new(x, end.y), end];
            }
            if free(end.y) {
                let x = tracks.column(column_gutter(layout, from, step));
                return vec![start, Point::new(x, start.y), Point::new(x, end.y), end];
            }
            let out = tracks.column(column_gutter(layout, from, step));
            let run = tracks.lane(lane_gutter(layout, plan.from, plan.to, start.y, end.y));
            let back = tracks.column(column_gutter(layout, to, -step));
            vec![
                start,
                Point::new(out, start.y),
                Point::new(out, run),
                Point::new(back, run),
                Point::new(back, end.y),
                end,
            ]
        }
    }
}

/// The middle of the gutter beside `column`: on its right for `side` 1, on its left for −1.
fn column_gutter(layout: &Layout, column: usize, side: isize) -> f32 {
    let column = &layout.columns[column];
    if side > 0 { column.right } else { column.left }
}

/// A straight run at height `y` across the columns `first..=last` meets no card.
fn run_is_free(layout: &Layout, first: usize, last: usize, y: f32) -> bool {
    let area = Rect {
        min: Point::new(layout.columns[first].left, y - CLEARANCE),
        max: Point::new(layout.columns[last].right, y + CLEARANCE),
    };
    layout.cards_in(area).next().is_none()
}

/// The middle of the lane gutter a route from `from` (leaving at height `start`)
/// to `to` (arriving at `end`) runs along: the border of the source lane toward
/// the target lane, or, within one lane, the nearer of its two borders. The
/// gutter above the first lane is too narrow and is never used.
fn lane_gutter(layout: &Layout, from: &CardBox, to: &CardBox, start: f32, end: f32) -> f32 {
    let (source, target) = (from.cell.lane, to.cell.lane);
    let below = |lane: usize| layout.lanes[lane].bottom - LANE_GUTTER_RISE;
    let lane = if source < target {
        source
    } else if source > target {
        source - 1
    } else if source == 0 {
        source
    } else {
        let above = below(source - 1);
        let (high, low) = (start.min(end), start.max(end));
        if high - above < below(source) - low {
            source - 1
        } else {
            source
        }
    };
    below(lane)
}

/// The polyline through `corners` with each corner rounded off.
fn rounded(corners: &[Point]) -> Vec<Point> {
    let corners = without_needless(corners);
    let mut points = Vec::with_capacity(corners.len() * (CORNER_PIECES + 1));
    let Some(&first) = corners.first() else {
        return points;
    };
    points.push(first);
    for window in corners.windows(3) {
        let [before, corner, after] = [window[0], window[1], window[2]];
        let (into, into_length) = direction(before, corner);
        let (out, out_length) = direction(corner, after);
        let radius = CORNER_RADIUS.min(into_length / 2.0).min(out_length / 2.0);
        if radius < 0.5 {
            points.push(corner);
            continue;
        }
        let enter = Point::new(corner.x - into.x * radius, corner.y - into.y * radius);
        let leave = Point::new(corner.x + out.x * radius, corner.y + out.y * radius);
        for piece in 0..=CORNER_PIECES {
            let t = piece as f32 / CORNER_PIECES as f32;
            let a = enter.lerp(corner, t);
            let b = corner.lerp(leave, t);
            points.push(a.lerp(b, t));
        }
    }
    if corners.len() > 1 {
        points.extend(corners.last());
    }
    points
}

/// The point half-way along the polyline `points` (the first for a single point).
fn half_way(points: &[Point]) -> Point {
    let length: f32 = points.windows(2).map(|w| direction(w[0], w[1]).1).sum();
    let mut left = length / 2.0;
    for pair in points.windows(2) {
        let (_, piece) = direction(pair[0], pair[1]);
        if piece >= left && piece > 0.0 {
            return pair[0].lerp(pair[1], left / piece);
        }
        left -= piece;
    }
    points.last().copied().unwrap_or_default()
}

/// `corners` without repeated points and without corners on a straight line.
fn without_needless(corners: &[Point]) -> Vec<Point> {
    let mut kept: Vec<Point> = Vec::with_capacity(corners.len());
    for &point in corners {
        if kept.last() == Some(&point) {
            continue;
        }
        if let [.., a, b] = kept[..] {
            let straight = (a.x == b.x && b.x == point.x) || (a.y == b.y && b.y == point.y);
            if straight {
                kept.pop();
            }
        }
        kept.push(point);
    }
    kept
}

/// The unit vector from `a` to `b` and the distance.
fn direction(a: Point, b: Point) -> (Point, f32) {
    let length = a.distance_sq(b).sqrt();
    if length <= f32::EPSILON {
        return (Point::default(), 0.0);
    }
    (
        Point::new((b.x - a.x) / length, (b.y - a.y) / length),
        length,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_are_rounded_within_their_square() {
        let square = [
            Point::new(0.0, 0.0),
            Point::new(20.0, 0.0),
            Point::new(20.0, 30.0),
        ];
        let points = rounded(&square);
        assert_eq!(points.first(), Some(&square[0]));
        assert_eq!(points.last(), Some(&square[2]));
        assert_eq!(points.len(), 2 + CORNER_PIECES + 1);
        // The corner itself is cut off, and every point stays inside the square's box.
        assert!(!points.contains(&square[1]));
        let bounds = Rect::bounding(&square).unwrap();
        assert!(points.iter().all(|p| bounds.contains(*p)));
        // The last piece is straight down, so an arrow head points down.
        let [.., before, tip] = points[..] else {
            panic!("too few points")
        };
        assert_eq!(before.x, tip.x);
        assert!(before.y < tip.y);
    }

    #[test]
    fn the_label_sits_half_way_along() {
        let points = [
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(10.0, 30.0),
        ];
        assert_eq!(half_way(&points), Point::new(10.0, 10.0));
        assert_eq!(half_way(&points[..2]), Point::new(5.0, 0.0));
        assert_eq!(half_way(&points[..1]), points[0]);
    }

    #[test]
    fn needless_corners_go() {
        let points = [
            Point::new(0.0, 0.0),
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(20.0, 0.0),
            Point::new(20.0, 5.0),
        ];
        assert_eq!(
            without_needless(&points),
            vec![points[0], points[3], points[4]]
        );
    }

    #[test]
    fn tracks_alternate_around_the_middle() {
        let mut tracks = Tracks::default();
        let step = TRACK_SPACING;
        let ys: Vec<f32> = (0..8).map(|_| tracks.lane(100.0)).collect();
        assert_eq!(
            ys,
            [0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.0].map(|track| 100.0 + track * step)
        );
        // Column gutters keep off the column border in their middle.
        let xs: Vec<f32> = (0..5).map(|_| tracks.column(100.0)).collect();
        assert_eq!(
            xs,
            [1.0, -1.0, 2.0, -2.0, 1.0].map(|track| 100.0 + track * step)
        );
        // Another gutter starts over.
        assert_eq!(tracks.column(300.0), 300.0 + step);
    }
}
