//! How a view is framed on a screen: zoomed so card titles are at least the
//! room's smallest readable size, and cut into several screenfuls (shots)
//! where the view does not fit at that zoom — columns left to right, and
//! within them lanes top to bottom — rather than shown unreadable.

use std::ops::{Range, RangeInclusive};

use crate::layout::{
    CARD_FONT, LANE_HEADER_WIDTH, Layout, Point, Rect, STAGE_HEADER_HEIGHT, STEP_HEADER_HEIGHT,
};

/// How much larger than the smallest readable size a view is shown when it
/// fits the screen with room to spare: a view of one short stage is not
/// blown up to poster size.
pub const MAX_ENLARGEMENT: f32 = 1.5;

/// The screen a view is shown on, in the units the drawing is zoomed to
/// (points on the canvas, points of a slide page).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Screen {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// One screenful of a view.
#[derive(Clone, Debug, PartialEq)]
pub struct Shot {
    /// The part of the map's grid shown, in document space; the lane headers
    /// are drawn to its left and the stage and step headers above it.
    pub area: Rect,
    /// Screen units per document unit: card titles are `CARD_FONT × zoom` large.
    pub zoom: f32,
    /// The layout's columns the shot shows, whole.
    pub columns: Range<usize>,
    /// The layout's lanes the shot shows, whole or in part.
    pub lanes: Range<usize>,
}

impl Shot {
    /// The document point drawn at the screen's top-left corner, with the
    /// shot's area centred in the screen beside and below the headers.
    pub fn origin(&self, screen: Screen) -> Point {
        let shown_width = screen.width / self.zoom - LANE_HEADER_WIDTH;
        let shown_height = screen.height / self.zoom - HEADER_HEIGHT;
        let spare_x = (shown_width - self.area.width()).max(0.0) / 2.0;
        let spare_y = (shown_height - self.area.height()).max(0.0) / 2.0;
        Point::new(
            self.area.min.x - LANE_HEADER_WIDTH - spare_x,
            self.area.min.y - HEADER_HEIGHT - spare_y,
        )
    }

    /// The document point at the screen's top-left corner with the shot's
    /// area right of and below the headers, flush with them: on a canvas,
    /// whose headers stick to its edges, the space the shot leaves shows the
    /// map going on to the right and below.
    pub fn corner(&self) -> Point {
        Point::new(
            self.area.min.x - LANE_HEADER_WIDTH,
            self.area.min.y - HEADER_HEIGHT,
        )
    }

    /// The size card titles are drawn at, in screen units.
    pub fn title_size(&self) -> f32 {
        CARD_FONT * self.zoom
    }
}

/// Height of the stage and step headers above the grid.
const HEADER_HEIGHT: f32 = STAGE_HEADER_HEIGHT + STEP_HEADER_HEIGHT;

/// The shots that show `stages` (indices into the layout's stages; `None`:
/// all) of `layout` on `screen`, each with card titles at least `min_title`
/// screen units large. The layout is the view's: laid out with its layers.
pub fn shots(
    layout: &Layout,
    stages: Option<RangeInclusive<usize>>,
    screen: Screen,
    min_title: f32,
) -> Vec<Shot> {
    let min_zoom = (min_title / CARD_FONT).max(0.01);
    let room_x = (screen.width / min_zoom - LANE_HEADER_WIDTH).max(1.0);
    let room_y = (screen.height / min_zoom - HEADER_HEIGHT).max(1.0);

    let columns = column_pieces(layout, stages);
    let rows = row_pieces(layout, room_y);
    let column_chunks = balanced_chunks(&columns, room_x);

    let mut result = Vec::with_capacity(column_chunks.len() * rows.len());
    for chunk in &column_chunks {
        for row in &rows {
            result.push(Shot {
                area: Rect {
                    min: Point::new(chunk.start, row.start),
                    max: Point::new(chunk.end, row.end),
                },
                zoom: min_zoom,
                columns: chunk.columns.clone(),
                lanes: row.lanes.clone(),
            });
        }
    }
    // One zoom for the whole view: the largest at which every shot fits.
    let fits = result
        .iter()
        .map(|shot| {
            (screen.width / (shot.area.width() + LANE_HEADER_WIDTH))
                .min(screen.height / (shot.area.height() + HEADER_HEIGHT))
        })
        .fold(f32::INFINITY, f32::min);
    let zoom = fits.min(min_zoom * MAX_ENLARGEMENT).max(min_zoom);
    for shot in &mut result {
        shot.zoom = zoom;
    }
    result
}

/// A run of the map along one axis: from `start` to `end` in document space,
/// with the columns or lanes it covers.
#[derive(Clone, Debug)]
struct Piece {
    start: f32,
    end: f32,
    columns: Range<usize>,
    lanes: Range<usize>,
}

/// The columns of the chosen stages as pieces, left to right; a stage without
/// steps is one piece of its header's width.
fn column_pieces(layout: &Layout, stages: Option<RangeInclusive<usize>>) -> Vec<Piece> {
    let all = 0..=layout.stages.len().saturating_sub(1);
    let stages = stages.unwrap_or(all);
    let mut pieces = Vec::new();
    for stage in layout
        .stages
        .iter()
        .take(stages.end() + 1)
        .skip(*stages.start())
    {
        let first = stage.first_column;
        if stage.column_count == 0 {
            pieces.push(Piece {
                start: stage.header.min.x,
                end: stage.header.max.x,
                columns: first..first,
                lanes: 0..0,
            });
        }
        for (index, column) in layout
            .columns
            .iter()
            .enumerate()
            .skip(first)
            .take(stage.column_count)
        {
            pieces.push(Piece {
                start: column.left,
                end: column.right,
                columns: index..index + 1,
                lanes: 0..0,
            });
        }
    }
    if pieces.is_empty() {
        // No stage at all: the empty grid right of the lane headers.
        let grid = layout.grid();
        pieces.push(Piece {
            start: grid.min.x,
            end: grid.max.x.max(grid.min.x + 1.0),
            columns: 0..0,
            lanes: 0..0,
        });
    }
    pieces
}

/// Consecutive pieces joined into as few runs as fit in `room`, the runs as
/// even as the pieces allow (seven columns where four fit: four and three).
fn balanced_chunks(pieces: &[Piece], room: f32) -> Vec<Piece> {
    let greedy = pack(pieces, room, f32::INFINITY);
    if greedy.len() <= 1 {
        return greedy;
    }
    // The narrowest run width that still needs no more runs than the greedy packing.
    let total: f32 = pieces.iter().map(|p| p.end - p.start).sum();
    let mut target = total / greedy.len() as f32;
    loop {
        let even = pack(pieces, room, target);
        if even.len() <= greedy.len() {
            return even;
        }
        target += 1.0;
    }
}

/// Packs pieces into runs no wider than `room`, starting a new run once a run
/// has reached `target`.
fn pack(pieces: &[Piece], room: f32, target: f32) -> Vec<Piece> {
    let mut runs: Vec<Piece> = Vec::new();
    for piece in pieces {
        match runs.last_mut() {
            Some(run) if run.end - run.start < target && piece.end - run.start <= room + 0.01 => {
                run.end = piece.end;
                run.columns.end = piece.columns.end.max(run.columns.end);
            }
            _ => runs.push(piece.clone()),
        }
    }
    runs
}

/// The shown lanes in runs no taller than `room`, top to bottom; a lane taller
/// than `room` on its own is cut into parts of `room`.
fn row_pieces(layout: &Layout, room: f32) -> Vec<Piece> {
    let grid = layout.grid();
    if layout.lanes.is_empty() {
        return vec![Piece {
            start: grid.min.y,
            end: grid.min.y + 1.0,
            columns: 0..0,
            lanes: 0..0,
        }];
    }
    let mut runs: Vec<Piece> = Vec::new();
    for (index, lane) in layout.lanes.iter().enumerate() {
        if let Some(run) = runs.last_mut()
            && lane.bottom - run.start <= room + 0.01
        {
            run.end = lane.bottom;
            run.lanes.end = index + 1;
            continue;
        }
        let mut top = lane.top;
        loop {
            let bottom = (top + room).min(lane.bottom);
            runs.push(Piece {
                start: top,
                end: bottom,
                columns: 0..0,
                lanes: index..index + 1,
            });
            if bottom >= lane.bottom {
                break;
            }
            top = bottom;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{COLUMN_WIDTH, LayoutOptions};
    use crate::model::{Document, Lane, LaneId, LaneKind, Stage, StageId, Step, StepId};

    /// `steps[i]` steps in stage i, `lanes` customer lanes, no cards.
    fn map(steps: &[u64], lanes: u64) -> Layout {
        let mut doc = Document::new("m");
        let mut step_id = 0;
        for (id, count) in (1..).zip(steps) {
            let steps = (0..*count)
                .map(|_| {
                    step_id += 1;
                    Step {
                        id: StepId(step_id),
                        name: format!("step {step_id}"),
                    }
                })
                .collect();
            doc.stages.push(Stage {
                id: StageId(id),
                name: format!("s{id}"),
                steps,
            });
        }
        for id in 1..=lanes {
            doc.lanes.push(Lane {
                id: LaneId(id),
                name: format!("lane {id}"),
                kind: LaneKind::Customer,
            });
        }
        Layout::compute(&doc, LayoutOptions::default())
    }

    /// 1920 × 1080 screen pixels, titles at least 24.576 px (8 m, 2.5 m image).
    const SCREEN: Screen = Screen {
        width: 1920.0,
        height: 1080.0,
    };
    const MIN_TITLE: f32 = 24.576;

    #[test]
    fn a_small_stage_is_one_shot_enlarged_no_more_than_allowed() {
        let layout = map(&[2, 3], 2);
        let shots = shots(&layout, Some(0..=0), SCREEN, MIN_TITLE);
        assert_eq!(shots.len(), 1);
        let shot = &shots[0];
        assert_eq!(shot.columns, 0..2);
        assert_eq!(shot.lanes, 0..2);
        assert!((shot.title_size() - MIN_TITLE * MAX_ENLARGEMENT).abs() < 1e-3);
    }

    #[test]
    fn a_wide_view_is_cut_into_even_runs_of_columns_that_each_fit() {
        // At 24.576 / 13 = 1.89×, 1920 px hold (1920 / 1.89 − 170) / 200 = 4.2 columns.
        let layout = map(&[7], 2);
        let shots = shots(&layout, None, SCREEN, MIN_TITLE);
        let columns: Vec<_> = shots.iter().map(|s| s.columns.clone()).collect();
        assert_eq!(columns, [0..4, 4..7]);
        for shot in &shots {
            assert!(shot.title_size() >= MIN_TITLE - 1e-3);
            let width = (shot.area.width() + LANE_HEADER_WIDTH) * shot.zoom;
            let height = (shot.area.height() + HEADER_HEIGHT) * shot.zoom;
            assert!(width <= SCREEN.width + 0.1, "{width}");
            assert!(height <= SCREEN.height + 0.1, "{height}");
            assert_eq!(shot.area.width(), shot.columns.len() as f32 * COLUMN_WIDTH);
        }
    }

    #[test]
    fn a_tall_view_is_cut_into_runs_of_lanes_under_each_run_of_columns() {
        // An empty lane is 126 high: (1080 / 1.89 − 72) / 126 = 3.96, three lanes a screen.
        let layout = map(&[5], 9);
        let shots = shots(&layout, None, SCREEN, MIN_TITLE);
        let cells: Vec<_> = shots
            .iter()
            .map(|s| (s.columns.clone(), s.lanes.clone()))
            .collect();
        assert_eq!(
            cells,
            [
                (0..3, 0..3),
                (0..3, 3..6),
                (0..3, 6..9),
                (3..5, 0..3),
                (3..5, 3..6),
                (3..5, 6..9)
            ]
        );
        // Every lane and column is shown, each in exactly one run.
        assert!(shots.iter().all(|s| s.title_size() >= MIN_TITLE - 1e-3));
    }

    #[test]
    fn the_shot_is_centred_beside_the_headers() {
        let layout = map(&[1], 1);
        let shot = &shots(&layout, None, SCREEN, MIN_TITLE)[0];
        let origin = shot.origin(SCREEN);
        let shown_width = SCREEN.width / shot.zoom - LANE_HEADER_WIDTH;
        let left_margin = shot.area.min.x - LANE_HEADER_WIDTH - origin.x;
        let right_margin = origin.x + LANE_HEADER_WIDTH + shown_width - shot.area.max.x;
        assert!((left_margin - right_margin).abs() < 1e-2);
        assert!(left_margin > 0.0);
    }

    #[test]
    fn the_corner_puts_the_shot_flush_with_the_headers() {
        let layout = map(&[5], 9);
        let shots = shots(&layout, None, SCREEN, MIN_TITLE);
        // The first shot starts at the map's own corner, headers and all.
        assert_eq!(shots[0].corner(), Point::new(0.0, 0.0));
        // A later one starts a header's width left of its first column and
        // a header's height above its first lane.
        let later = &shots[4];
        assert_eq!(later.corner().x, layout.columns[3].left - LANE_HEADER_WIDTH);
        assert_eq!(later.corner().y, layout.lanes[3].top - HEADER_HEIGHT);
    }

    #[test]
    fn an_empty_map_is_one_shot() {
        let layout = map(&[], 0);
        assert_eq!(shots(&layout, None, SCREEN, MIN_TITLE).len(), 1);
        let layout = map(&[0, 2], 1);
        let shots = shots(&layout, None, SCREEN, MIN_TITLE);
        assert_eq!(shots.len(), 1);
        assert_eq!(shots[0].columns, 0..2);
    }
}
