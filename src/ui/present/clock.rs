//! The one workshop timer of a window: the presentation's stage, the
//! presenter view and the status bar all read and drive this clock, so they
//! always show the same countdown.

use std::time::{Duration, Instant};

use crate::model::AgendaStep;
use crate::presentation::timer::{AgendaTimer, Urgency, format_remaining};

/// The agenda timer of the window and the clock it counts by.
///
/// [`AgendaTimer`] reads no clock; every call here passes it
/// [`WorkshopClock::now`], the time since the clock was made.
#[derive(Debug)]
pub struct WorkshopClock {
    /// The fixed start `now` counts from.
    start: Instant,
    /// The countdown, once started.
    timer: Option<AgendaTimer>,
}

impl Default for WorkshopClock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            timer: None,
        }
    }
}

impl WorkshopClock {
    /// The time since the clock was made: the `now` every timer call takes.
    pub fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// The countdown, if it was started.
    pub fn timer(&self) -> Option<&AgendaTimer> {
        self.timer.as_ref()
    }

    /// Starts counting down the first step of `agenda`, unless a countdown
    /// runs already or the agenda is empty.
    pub fn start_if_idle(&mut self, agenda: &[AgendaStep]) {
        if self.timer.is_none() {
            self.timer = AgendaTimer::start(agenda, self.now());
        }
    }

    /// Stops or resumes the countdown.
    pub fn toggle_pause(&mut self) {
        let now = self.now();
        if let Some(timer) = &mut self.timer {
            timer.toggle_pause(now);
        }
    }

    /// Gives the current step `count` more minutes.
    pub fn add_minutes(&mut self, count: u32) {
        if let Some(timer) = &mut self.timer {
            timer.add_minutes(count);
        }
    }

    /// Goes on to the next step of `agenda`.
    pub fn next_step(&mut self, agenda: &[AgendaStep]) {
        let now = self.now();
        if let Some(timer) = &mut self.timer {
            timer.next_step(agenda, now);
        }
    }

    /// What the timer shows now: the step's name, the remaining time
    /// ("18:50") and how urgent it is; `None` while no countdown runs.
    pub fn reading<'a>(&self, agenda: &'a [AgendaStep]) -> Option<(&'a str, String, Urgency)> {
        let timer = self.timer.as_ref()?;
        let now = self.now();
        let step = agenda.get(timer.step())?;
        Some((
            step.name.as_str(),
            format_remaining(timer.remaining_seconds(now)),
            timer.urgency(now),
        ))
    }
}

/// The colour of the remaining time: the text colour while calm, red in the
/// last minute, and red blinking once a second when over.
pub fn urgency_colour(urgency: Urgency, now: Duration, calm: egui::Color32) -> egui::Color32 {
    let red = egui::Color32::from_rgb(0xd0, 0x20, 0x20);
    match urgency {
        Urgency::Calm => calm,
        Urgency::LastMinute => red,
        Urgency::Over if now.as_millis() % 1000 < 500 => red,
        Urgency::Over => egui::Color32::TRANSPARENT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_once_for_an_agenda_and_not_for_none() {
        let mut clock = WorkshopClock::default();
        clock.start_if_idle(&[]);
        assert!(clock.timer().is_none());
        let agenda = vec![
            AgendaStep {
                name: "范围".into(),
                minutes: 20,
            },
            AgendaStep {
                name: "前台".into(),
                minutes: 50,
            },
        ];
        clock.start_if_idle(&agenda);
        let (name, remaining, urgency) = clock.reading(&agenda).unwrap();
        assert_eq!((name, urgency), ("范围", Urgency::Calm));
        assert!(remaining.starts_with("20:00") || remaining.starts_with("19:5"));
        clock.next_step(&agenda);
        clock.start_if_idle(&agenda);
        assert_eq!(clock.reading(&agenda).unwrap().0, "前台");
        clock.add_minutes(5);
        assert!(clock.reading(&agenda).unwrap().1.starts_with("5"));
        clock.toggle_pause();
        assert!(!clock.timer().unwrap().is_running());
    }

    #[test]
    fn over_time_blinks_red() {
        let calm = egui::Color32::BLACK;
        let second = Duration::from_millis;
        assert_eq!(urgency_colour(Urgency::Calm, second(0), calm), calm);
        let red = urgency_colour(Urgency::LastMinute, second(0), calm);
        assert_ne!(red, calm);
        assert_eq!(urgency_colour(Urgency::Over, second(200), calm), red);
        assert_eq!(
            urgency_colour(Urgency::Over, second(700), calm),
            egui::Color32::TRANSPARENT
        );
    }
}
