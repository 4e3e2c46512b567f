//! The workshop timer: counts down the current step of the agenda, with
//! pause, +1 / +5 minutes and next step. It reads no clock itself: every call
//! passes the time elapsed since some fixed start, so it is tested without
//! waiting and drawn identically on the stage and in the status bar.

use std::time::Duration;

use crate::model::AgendaStep;

/// How the remaining time should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// More than a minute left.
    Calm,
    /// The last minute: shown in red.
    LastMinute,
    /// Time is up: shown blinking.
    Over,
}

/// A countdown through the steps of an agenda.
#[derive(Clone, Debug, PartialEq)]
pub struct AgendaTimer {
    /// Index of the current step in the agenda.
    step: usize,
    /// The current step's length, with the minutes added to it.
    length: Duration,
    /// Time run in the current step before the last start (paused time excluded).
    run_before: Duration,
    /// When the timer last started running; `None` while paused.
    running_since: Option<Duration>,
}

impl AgendaTimer {
    /// A timer at the first step of `agenda`, started at `now`. `None` for an empty agenda.
    pub fn start(agenda: &[AgendaStep], now: Duration) -> Option<Self> {
        let first = agenda.first()?;
        Some(Self {
            step: 0,
            length: minutes(first.minutes),
            run_before: Duration::ZERO,
            running_since: Some(now),
        })
    }

    /// Index of the current step.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The timer is counting.
    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Time run in the current step at `now`.
    pub fn elapsed(&self, now: Duration) -> Duration {
        self.run_before
            + self
                .running_since
                .map_or(Duration::ZERO, |since| now.saturating_sub(since))
    }

    /// Time left in the current step at `now`, negative when over: seconds, rounded up.
    pub fn remaining_seconds(&self, now: Duration) -> i64 {
        let elapsed = self.elapsed(now).as_millis() as i64;
        let length = self.length.as_millis() as i64;
        (length - elapsed).div_euclid(1000) + i64::from((length - elapsed).rem_euclid(1000) != 0)
    }

    /// How the remaining time should look at `now`.
    pub fn urgency(&self, now: Duration) -> Urgency {
        match self.remaining_seconds(now) {
            ..=0 => Urgency::Over,
            1..=60 => Urgency::LastMinute,
            _ => Urgency::Calm,
        }
    }

    /// Stops or resumes counting.
    pub fn toggle_pause(&mut self, now: Duration) {
        match self.running_since.take() {
            Some(since) => self.run_before += now.saturating_sub(since),
            None => self.running_since = Some(now),
        }
    }

    /// Gives the current step `count` more minutes.
    pub fn add_minutes(&mut self, count: u32) {
        self.length += minutes(count);
    }

    /// Moves to the next step of `agenda`, its countdown started at `now`
    /// (paused if the timer was). Returns `false`, changing nothing, at the last step.
    pub fn next_step(&mut self, agenda: &[AgendaStep], now: Duration) -> bool {
        let Some(next) = agenda.get(self.step + 1) else {
            return false;
        };
        self.step += 1;
        self.length = minutes(next.minutes);
        self.run_before = Duration::ZERO;
        if self.running_since.is_some() {
            self.running_since = Some(now);
        }
        true
    }
}

fn minutes(count: u32) -> Duration {
    Duration::from_secs(u64::from(count) * 60)
}

/// Remaining seconds as the timer shows them: "49:05", "−0:12" once over.
pub fn format_remaining(seconds: i64) -> String {
    let sign = if seconds < 0 { "−" } else { "" };
    let seconds = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Vec<AgendaStep> {
        [("范围", 20), ("前台", 50)]
            .map(|(name, minutes)| AgendaStep {
                name: name.into(),
                minutes,
            })
            .to_vec()
    }

    fn at(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn counts_down_turns_red_in_the_last_minute_and_is_over_at_zero() {
        let agenda = agenda();
        let timer = AgendaTimer::start(&agenda, at(100)).unwrap();
        assert_eq!(timer.remaining_seconds(at(100)), 20 * 60);
        assert_eq!(timer.urgency(at(100)), Urgency::Calm);
        assert_eq!(timer.remaining_seconds(at(100 + 19 * 60)), 60);
        assert_eq!(timer.urgency(at(100 + 19 * 60)), Urgency::LastMinute);
        assert_eq!(timer.urgency(at(100 + 19 * 60 - 1)), Urgency::Calm);
        assert_eq!(timer.urgency(at(100 + 20 * 60)), Urgency::Over);
        assert_eq!(timer.remaining_seconds(at(100 + 20 * 60 + 12)), -12);
        assert_eq!(
            format_remaining(timer.remaining_seconds(at(100 + 70))),
            "18:50"
        );
        assert_eq!(format_remaining(-12), "−0:12");
        // Part of a second left still shows as a whole second.
        assert_eq!(
            timer.remaining_seconds(Duration::from_millis(100_500)),
            20 * 60
        );
    }

    #[test]
    fn a_paused_timer_stands_still_and_minutes_can_be_added() {
        let agenda = agenda();
        let mut timer = AgendaTimer::start(&agenda, at(0)).unwrap();
        timer.toggle_pause(at(60));
        assert!(!timer.is_running());
        assert_eq!(timer.remaining_seconds(at(600)), 19 * 60);
        timer.toggle_pause(at(600));
        assert_eq!(timer.remaining_seconds(at(660)), 18 * 60);
        timer.add_minutes(5);
        assert_eq!(timer.remaining_seconds(at(660)), 23 * 60);
    }

    #[test]
    fn next_step_starts_the_next_countdown_and_stops_at_the_last() {
        let agenda = agenda();
        let mut timer = AgendaTimer::start(&agenda, at(0)).unwrap();
        timer.add_minutes(1);
        assert!(timer.next_step(&agenda, at(300)));
        assert_eq!(timer.step(), 1);
        assert_eq!(timer.remaining_seconds(at(300)), 50 * 60);
        assert!(!timer.next_step(&agenda, at(400)));
        assert_eq!(timer.step(), 1);
        assert!(AgendaTimer::start(&[], at(0)).is_none());
    }
}
