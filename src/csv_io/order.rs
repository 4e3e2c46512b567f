//! The order of an export's rows, chosen so that importing them gives back
//! the map's order of stages, steps and lanes.
//!
//! Import takes stages in the order their first row comes, the steps of a
//! stage in the order their first row comes, and lanes likewise. Rows
//! sorted by column, then lane, then order in the cell give the stages and
//! steps in order, but not always the lanes: a lane whose first card stands
//! late would come after lanes below it. So a card that would bring in its
//! stage, step or lane too early is held back, and written as soon as each
//! of them has come or is the next to come (the next stage; the next step
//! of its stage; the next lane). Writing a card that may be written never
//! keeps another from being written later, so this finds an order whenever
//! one exists.
//!
//! When none exists (lane B's first card stands before lane A's in every
//! order the steps allow), the lane order cannot be kept. Then the held
//! card that comes first is written anyway, which moves its lane up, and the
//! rows are ordered again for the lane order that results. That order
//! imports, so exporting the imported map writes the same rows.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use crate::model::Document;

/// Where a card sits: stage index, step index within the stage, lane index.
type Cell = (usize, usize, usize);

/// The order an export writes the cards of `doc` in, as indices into
/// [`Document::cards`]. Cards whose step or lane the map lacks are left out.
pub(super) fn card_order(doc: &Document) -> Vec<usize> {
    let steps: HashMap<_, _> = doc
        .stages
        .iter()
        .enumerate()
        .flat_map(|(stage, s)| {
            s.steps
                .iter()
                .enumerate()
                .map(move |(step, t)| (t.id, (stage, step)))
        })
        .collect();
    let lanes: HashMap<_, _> = doc
        .lanes
        .iter()
        .enumerate()
        .map(|(index, lane)| (lane.id, index))
        .collect();
    let (placed, cells): (Vec<usize>, Vec<Cell>) = doc
        .cards
        .iter()
        .enumerate()
        .filter_map(|(index, card)| {
            let &(stage, step) = steps.get(&card.step)?;
            Some((index, (stage, step, *lanes.get(&card.lane)?)))
        })
        .unzip();
    row_order(&cells)
        .into_iter()
        .map(|row| placed[row])
        .collect()
}

/// The order to write cards in, as indices into `cells`.
///
/// The cards of one cell come in the order they hold within it. Any numbers
/// will do as positions; only their order counts.
fn row_order(cells: &[Cell]) -> Vec<usize> {
    let cells = dense(cells);
    let (rows, forced) = Walk::run(&cells);
    if !forced {
        return rows;
    }
    // Rank the lanes in the order the forced rows bring them in: an order
    // that can be imported, so the second walk needs no force.
    let lane_count = cells.iter().map(|cell| cell.2 + 1).max().unwrap_or(0);
    let mut lane_rank = vec![None; lane_count];
    let mut ranked = 0;
    for &card in &rows {
        let rank = &mut lane_rank[cells[card].2];
        if rank.is_none() {
            *rank = Some(ranked);
            ranked += 1;
        }
    }
    let reranked: Vec<Cell> = cells
        .iter()
        .map(|&(stage, step, lane)| (stage, step, lane_rank[lane].unwrap_or(lane)))
        .collect();
    Walk::run(&reranked).0
}

/// Replaces positions by their rank among the positions in use, so that
/// stages, the steps of each stage, and lanes are numbered 0, 1, 2 … without
/// gaps.
fn dense(cells: &[Cell]) -> Vec<Cell> {
    let ranks = |values: BTreeSet<usize>| -> HashMap<usize, usize> {
        values
            .into_iter()
            .enumerate()
            .map(|(rank, value)| (value, rank))
            .collect()
    };
    let stages = ranks(cells.iter().map(|cell| cell.0).collect());
    let lanes = ranks(cells.iter().map(|cell| cell.2).collect());
    let steps: BTreeSet<(usize, usize)> = cells.iter().map(|cell| (cell.0, cell.1)).collect();
    let mut step_ranks = HashMap::new();
    let mut previous_stage = None;
    let mut rank = 0;
    for (stage, step) in steps {
        if previous_stage != Some(stage) {
            previous_stage = Some(stage);
            rank = 0;
        }
        step_ranks.insert((stage, step), rank);
        rank += 1;
    }
    let rank_of = |map: &HashMap<usize, usize>, value: usize| map.get(&value).copied().unwrap_or(0);
    cells
        .iter()
        .map(|&(stage, step, lane)| {
            (
                rank_of(&stages, stage),
                step_ranks.get(&(stage, step)).copied().unwrap_or(0),
                rank_of(&lanes, lane),
            )
        })
        .collect()
}

/// One pass over the cards in sorted order, holding back cards that would
/// bring in a stage, step or lane too early.
struct Walk<'a> {
    /// (stage, step, lane) of each card, all dense.
    cells: &'a [Cell],
    /// Card indices sorted by stage, step, lane, then order in the cell.
    sorted: Vec<usize>,
    /// Each card's position in `sorted`.
    rank: Vec<usize>,
    /// Stages brought in so far; always the first ones.
    stages: usize,
    /// Per stage, the steps brought in so far; always the first ones.
    steps: Vec<usize>,
    /// Index of each stage's first step among all steps, for `by_step`.
    first_step: Vec<usize>,
    /// Lanes brought in so far.
    lanes: Vec<bool>,
    /// The first lane not brought in yet.
    next_lane: usize,
    /// Held cards, per step (numbered across stages).
    by_step: Vec<Vec<usize>>,
    /// Held cards, per lane.
    by_lane: Vec<Vec<usize>>,
    /// Held cards that may now be written, by position in `sorted`.
    ready: BinaryHeap<Reverse<usize>>,
    queued: Vec<bool>,
    written: Vec<bool>,
    rows: Vec<usize>,
}

impl<'a> Walk<'a> {
    /// Orders the cards; also says whether a lane had to come early.
    fn run(cells: &'a [Cell]) -> (Vec<usize>, bool) {
        let mut sorted: Vec<usize> = (0..cells.len()).collect();
        sorted.sort_by_key(|&card| cells[card]);
        let mut rank = vec![0; cells.len()];
        for (position, &card) in sorted.iter().enumerate() {
            rank[card] = position;
        }
        let stage_count = cells.iter().map(|cell| cell.0 + 1).max().unwrap_or(0);
        let mut step_counts = vec![0; stage_count];
        for &(stage, step, _) in cells {
            step_counts[stage] = step_counts[stage].max(step + 1);
        }
        let first_step: Vec<usize> = step_counts
            .iter()
            .scan(0, |first, count| {
                let this = *first;
                *first += count;
                Some(this)
            })
            .collect();
        let lane_count = cells.iter().map(|cell| cell.2 + 1).max().unwrap_or(0);
        let mut walk = Walk {
            cells,
            sorted,
            rank,
            stages: 0,
            steps: vec![0; stage_count],
            first_step,
            lanes: vec![false; lane_count],
            next_lane: 0,
            by_step: vec![Vec::new(); step_counts.iter().sum()],
            by_lane: vec![Vec::new(); lane_count],
            ready: BinaryHeap::new(),
            queued: vec![false; cells.len()],
            written: vec![false; cells.len()],
            rows: Vec::with_capacity(cells.len()),
        };
        for position in 0..walk.sorted.len() {
            let card = walk.sorted[position];
            if walk.may_write(card) {
                walk.write(card);
                walk.write_ready();
            } else {
                let (stage, step, lane) = cells[card];
                walk.by_step[walk.first_step[stage] + step].push(card);
                walk.by_lane[lane].push(card);
            }
        }
        // Every card left is held. The first of them is in a stage and step
        // that may come (the next step of its stage, or one that came), so
        // forcing it brings in only its lane early.
        let mut forced = false;
        let mut first_unwritten = 0;
        loop {
            walk.write_ready();
            while first_unwritten < walk.sorted.len() && walk.written[walk.sorted[first_unwritten]]
            {
                first_unwritten += 1;
            }
            let Some(&card) = walk.sorted.get(first_unwritten) else {
                break;
            };
            forced = true;
            walk.write(card);
        }
        (walk.rows, forced)
    }

    /// The card's stage, step and lane have each come or come next.
    fn may_write(&self, card: usize) -> bool {
        let (stage, step, lane) = self.cells[card];
        stage <= self.stages
            && step <= self.steps[stage]
            && (self.lanes[lane] || lane == self.next_lane)
    }

    fn write(&mut self, card: usize) {
        self.rows.push(card);
        self.written[card] = true;
        let (stage, step, lane) = self.cells[card];
        if stage == self.stages {
            self.stages += 1;
            self.wake(Bucket::Step(stage + 1, 0));
        }
        if step == self.steps[stage] {
            self.steps[stage] += 1;
            self.wake(Bucket::Step(stage, step + 1));
        }
        if !self.lanes[lane] {
            self.lanes[lane] = true;
            if lane == self.next_lane {
                while self.lanes.get(self.next_lane) == Some(&true) {
                    self.next_lane += 1;
                }
                self.wake(Bucket::Lane(self.next_lane));
            } else {
                // Brought in early by force: its held cards may follow.
                self.wake(Bucket::Lane(lane));
            }
        }
    }

    /// Queues the held cards of a bucket that may now be written.
    fn wake(&mut self, bucket: Bucket) {
        let held = match bucket {
            Bucket::Step(stage, step) => self
                .first_step
                .get(stage)
                .filter(|_| step < self.step_count(stage))
                .and_then(|first| self.by_step.get(first + step)),
            Bucket::Lane(lane) => self.by_lane.get(lane),
        };
        let Some(held) = held else {
            return;
        };
        let wakeable: Vec<usize> = held
            .iter()
            .copied()
            .filter(|&card| !self.written[card] && !self.queued[card] && self.may_write(card))
            .collect();
        for card in wakeable {
            self.queued[card] = true;
            self.ready.push(Reverse(self.rank[card]));
        }
    }

    /// Number of steps (with cards) in a stage.
    fn step_count(&self, stage: usize) -> usize {
        let end = self
            .first_step
            .get(stage + 1)
            .copied()
            .unwrap_or(self.by_step.len());
        end - self.first_step.get(stage).copied().unwrap_or(end)
    }

    /// Writes queued cards, earliest first, until none is queued.
    fn write_ready(&mut self) {
        while let Some(Reverse(position)) = self.ready.pop() {
            self.write(self.sorted[position]);
        }
    }
}

/// A list of held cards.
#[derive(Clone, Copy)]
enum Bucket {
    /// Cards of a step, by stage and step within it.
    Step(usize, usize),
    /// Cards of a lane.
    Lane(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stages, steps (as (stage, step)) and lanes in the order `rows` brings them in.
    fn arrival(cells: &[Cell], rows: &[usize]) -> (Vec<usize>, Vec<(usize, usize)>, Vec<usize>) {
        let (mut stages, mut steps, mut lanes) = (Vec::new(), Vec::new(), Vec::new());
        for &card in rows {
            let (stage, step, lane) = cells[card];
            if !stages.contains(&stage) {
                stages.push(stage);
            }
            if !steps.contains(&(stage, step)) {
                steps.push((stage, step));
            }
            if !lanes.contains(&lane) {
                lanes.push(lane);
            }
        }
        (stages, steps, lanes)
    }

    #[test]
    fn sorted_rows_are_kept_when_they_work() {
        let cells = [(0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 1)];
        assert_eq!(row_order(&cells), [0, 1, 2, 3]);
    }

    #[test]
    fn a_card_of_a_late_lane_waits_for_the_lane_above() {
        // Lane 2 appears in the first column, lane 1 only in the second.
        let cells = [(0, 0, 0), (0, 0, 2), (0, 1, 1)];
        let rows = row_order(&cells);
        assert_eq!(rows, [0, 2, 1]);
        assert_eq!(arrival(&cells, &rows).2, [0, 1, 2]);
    }

    #[test]
    fn a_later_stage_may_come_before_the_rest_of_an_earlier_one() {
        // Lane 1 is only in stage 1; lane 2 only in step 1 of stage 0.
        let cells = [(0, 0, 0), (0, 1, 2), (1, 0, 1)];
        let rows = row_order(&cells);
        assert_eq!(rows, [0, 2, 1]);
        let (stages, steps, lanes) = arrival(&cells, &rows);
        assert_eq!(stages, [0, 1]);
        assert_eq!(steps, [(0, 0), (1, 0), (0, 1)]);
        assert_eq!(lanes, [0, 1, 2]);
    }

    #[test]
    fn cards_of_a_cell_keep_their_order() {
        let cells = [(1, 0, 3), (0, 0, 0), (1, 0, 3), (0, 0, 5), (1, 0, 3)];
        let rows = row_order(&cells);
        let in_cell: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&c| cells[c] == (1, 0, 3))
            .collect();
        assert_eq!(in_cell, [0, 2, 4]);
        assert_eq!(arrival(&cells, &rows).2, [0, 3, 5]);
    }

    #[test]
    fn an_impossible_lane_order_gives_an_order_that_is_stable() {
        // Lane 1 only in the first step, lane 0 only in the second step of
        // the same stage: no order keeps lane 0 first.
        let cells = [(0, 0, 1), (0, 1, 0), (0, 1, 1)];
        let rows = row_order(&cells);
        let (_, steps, lanes) = arrival(&cells, &rows);
        assert_eq!(steps, [(0, 0), (0, 1)]);
        assert_eq!(lanes, [1, 0]);
        // Importing gives lane 1 first; ordering that map again gives the same rows.
        let imported: Vec<Cell> = rows
            .iter()
            .map(|&card| {
                let (stage, step, lane) = cells[card];
                (stage, step, lanes.iter().position(|&l| l == lane).unwrap())
            })
            .collect();
        let again = row_order(&imported);
        assert_eq!(again, (0..rows.len()).collect::<Vec<_>>());
    }

    #[test]
    fn gaps_in_positions_do_not_matter() {
        let cells = [(4, 8, 10), (9, 2, 7), (4, 8, 7)];
        let rows = row_order(&cells);
        assert_eq!(rows, [2, 0, 1]);
    }
}
