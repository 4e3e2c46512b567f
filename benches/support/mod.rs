//! What every benchmark shares: timing a case, and the one table they all
//! print — median, fastest, cost per card, the project's goal beside the
//! figure, and how the cost per card grows from the smallest map (1.0× is linear).

use std::time::{Duration, Instant};

/// Map sizes of the growth rows, in cards.
pub const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// Fewest and most timed runs of a case, and the time after which no more
/// runs start once the fewest are done.
const MIN_RUNS: usize = 5;
const MAX_RUNS: usize = 50;
const TIME_PER_CASE: Duration = Duration::from_secs(2);

/// A goal the project sets: the case, the map size it is set for, and the most time allowed.
pub struct Goal {
    /// The case's name, as in [`Measure::case`].
    pub case: &'static str,
    /// The map size the goal is set for.
    pub cards: usize,
    /// The most time a median may take.
    pub limit: Duration,
}

/// Timings of one case at one map size.
pub struct Measure {
    /// What was timed.
    pub case: &'static str,
    /// Cards in the map.
    pub cards: usize,
    /// Median time of a run.
    pub median: Duration,
    /// Fastest run.
    pub fastest: Duration,
}

impl Measure {
    /// A measure from the run times of a case, in any order.
    pub fn of_runs(case: &'static str, cards: usize, mut times: Vec<Duration>) -> Self {
        times.sort();
        Self {
            case,
            cards,
            median: times.get(times.len() / 2).copied().unwrap_or_default(),
            fastest: times.first().copied().unwrap_or_default(),
        }
    }

    /// Median time per card.
    pub fn per_card(&self) -> Duration {
        self.median / u32::try_from(self.cards.max(1)).unwrap_or(u32::MAX)
    }
}

/// Runs `run` once to warm up, then times it between 5 and 50 times (about two seconds).
pub fn measure<E>(
    case: &'static str,
    cards: usize,
    mut run: impl FnMut() -> Result<(), E>,
) -> Result<Measure, E> {
    run()?;
    let mut times = Vec::with_capacity(MAX_RUNS);
    let started = Instant::now();
    while times.len() < MIN_RUNS || (times.len() < MAX_RUNS && started.elapsed() < TIME_PER_CASE) {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed());
    }
    Ok(Measure::of_runs(case, cards, times))
}

/// A duration in the unit that suits it.
pub fn show(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1_000.0 {
        format!("{micros:.1} µs")
    } else if micros < 1e6 {
        format!("{:.2} ms", micros / 1_000.0)
    } else {
        format!("{:.2} s", micros / 1e6)
    }
}

/// The name given after `--` on `cargo bench`'s command line, which picks the cases to run.
pub fn case_filter() -> String {
    std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with("--"))
        .unwrap_or_default()
}

/// Prints `measures` as the benchmarks' table, under a heading.
pub fn print_table(title: &str, measures: &[Measure], goals: &[Goal]) {
    println!("\n{title}");
    println!(
        "{:<28} {:>7} {:>11} {:>11} {:>11} {:>18} {:>8}",
        "case", "cards", "median", "min", "per card", "goal", "growth"
    );
    for measure in measures {
        let goal = goals
            .iter()
            .find(|goal| goal.case == measure.case && goal.cards == measure.cards)
            .map_or(String::new(), |goal| {
                let verdict = if measure.median <= goal.limit {
                    "met"
                } else {
                    "MISSED"
                };
                format!("≤ {} {verdict}", show(goal.limit))
            });
        // Cost per card against the smallest map: 1.0× is linear.
        let growth = measures
            .iter()
            .find(|m| m.case == measure.case && m.cards == SIZES[0])
            .filter(|_| SIZES[1..].contains(&measure.cards))
            .map_or(String::new(), |smallest| {
                let ratio = measure.per_card().as_secs_f64() / smallest.per_card().as_secs_f64();
                format!("{ratio:.1}×")
            });
        println!(
            "{:<28} {:>7} {:>11} {:>11} {:>11} {:>18} {:>8}",
            measure.case,
            measure.cards,
            show(measure.median),
            show(measure.fastest),
            show(measure.per_card()),
            goal,
            growth
        );
    }
}
