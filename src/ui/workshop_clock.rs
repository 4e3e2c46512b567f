//! The workshop clock: the one running agenda timer of a window, owned by the app and read by
//! every part of the editor that shows it (the status bar, the presentation stage), so all of
//! them show the same countdown.
//!
//! Time is egui's (`InputState::time`, seconds since the window opened), read from the
//! context passed in: every viewport of a window sees the same time, and a test moves it on by
//! setting the harness input's `time` instead of waiting.

use std::time::Duration;

use crate::model::AgendaStep;
use crate::presentation::timer::{AgendaTimer, Urgency, format_remaining};

use super::i18n::tr_args;

/// The agenda timer of a window and the time it reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkshopClock {
    /// The countdown; `None` until the timer is first started.
    timer: Option<AgendaTimer>,
}

/// What a timer display shows at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ClockFace {
    /// The current agenda step's name.
    pub step: String,
    /// The remaining time as shown, e.g. "18:50" or "−0:12".
    pub remaining: String,
    /// How it should look.
    pub urgency: Urgency,
    /// The timer is counting.
    pub running: bool,
    /// While over: the blink is in its bright half (toggles every 0.5 s).
    pub blink_on: bool,
}

impl WorkshopClock {
    /// The time now, as the timer counts it.
    pub fn now(ctx: &egui::Context) -> Duration {
        Duration::from_secs_f64(ctx.input(|input| input.time).max(0.0))
    }

    /// The timer, once started.
    pub fn timer(&self) -> Option<&AgendaTimer> {
        self.timer.as_ref()
    }

    /// The timer is counting.
    pub fn is_running(&self) -> bool {
        self.timer.as_ref().is_some_and(AgendaTimer::is_running)
    }

    /// The timer was started and is paused.
    pub fn is_paused(&self) -> bool {
        self.timer.as_ref().is_some_and(|timer| !timer.is_running())
    }

    /// Starts the timer at the first step of `agenda`, or resumes it when paused.
    /// Does nothing for an empty agenda or a timer already counting.
    pub fn start(&mut self, agenda: &[AgendaStep], now: Duration) {
        match &mut self.timer {
            Some(timer) if timer.step() < agenda.len() => {
                if !timer.is_running() {
                    timer.toggle_pause(now);
                }
            }
            _ => self.timer = AgendaTimer::start(agenda, now),
        }
    }

    /// Pauses the timer while it counts.
    pub fn pause(&mut self, now: Duration) {
        if let Some(timer) = &mut self.timer
            && timer.is_running()
        {
            timer.toggle_pause(now);
        }
    }

    /// Gives the current step `count` more minutes.
    pub fn add_minutes(&mut self, count: u32) {
        if let Some(timer) = &mut self.timer {
            timer.add_minutes(count);
        }
    }

    /// Moves to the next step of `agenda`; `false` at the last step or before the start.
    pub fn next_step(&mut self, agenda: &[AgendaStep], now: Duration) -> bool {
        self.timer
            .as_mut()
            .is_some_and(|timer| timer.next_step(agenda, now))
    }

    /// Forgets the timer (another map was opened).
    pub fn reset(&mut self) {
        self.timer = None;
    }

    /// What the timer shows at `now` for `agenda`; `None` before it was started or when its
    /// step is no longer in the agenda.
    pub fn face(&self, agenda: &[AgendaStep], now: Duration) -> Option<ClockFace> {
        let timer = self.timer.as_ref()?;
        let step = agenda.get(timer.step())?;
        let urgency = timer.urgency(now);
        Some(ClockFace {
            step: step.name.clone(),
            remaining: format_remaining(timer.remaining_seconds(now)),
            urgency,
            running: timer.is_running(),
            blink_on: (now.as_millis() / 500).is_multiple_of(2),
        })
    }

    /// How long until the face next changes while the timer counts (a second boundary, or
    /// half a second while blinking); `None` while paused or not started, so an idle editor
    /// does not repaint.
    pub fn repaint_after(&self, now: Duration) -> Option<Duration> {
        let timer = self.timer.as_ref().filter(|timer| timer.is_running())?;
        let period = if timer.urgency(now) == Urgency::Over {
            500
        } else {
            1000
        };
        let elapsed = timer.elapsed(now).as_millis();
        let wait = period - (elapsed % period);
        Some(Duration::from_millis(u64::try_from(wait).unwrap_or(1000)))
    }
}

impl ClockFace {
    /// The colour of the remaining time: the normal text colour, red in the last minute, and
    /// blinking between red and the normal colour once time is up.
    pub fn colour(&self, visuals: &egui::Visuals) -> egui::Color32 {
        let red = visuals.error_fg_color;
        match self.urgency {
            Urgency::LastMinute => red,
            Urgency::Over if self.blink_on => red,
            Urgency::Calm | Urgency::Over => visuals.text_color(),
        }
    }

    /// The timer in words for assistive technology, which sees no colour:
    /// "Scope: 0:59 left, last minute".
    pub fn spoken(&self) -> String {
        let key = match (self.urgency, self.running) {
            (Urgency::Calm, true) => "timer-spoken",
            (Urgency::Calm, false) => "timer-spoken-paused",
            (Urgency::LastMinute, _) => "timer-spoken-last-minute",
            (Urgency::Over, _) => "timer-spoken-over",
        };
        tr_args(key, &[("step", &self.step), ("remaining", &self.remaining)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Vec<AgendaStep> {
        [("Scope", 2), ("Front-stage", 1)]
            .map(|(name, minutes)| AgendaStep {
                name: name.into(),
                minutes,
            })
            .to_vec()
    }

    fn at(seconds: f64) -> Duration {
        Duration::from_secs_f64(seconds)
    }

    #[test]
    fn starts_pauses_resumes_and_moves_on() {
        let agenda = agenda();
        let mut clock = WorkshopClock::default();
        assert!(clock.face(&agenda, at(0.0)).is_none());
        assert_eq!(clock.repaint_after(at(0.0)), None);
        clock.start(&agenda, at(10.0));
        let face = clock.face(&agenda, at(10.0)).unwrap();
        assert_eq!(
            (face.step.as_str(), face.remaining.as_str()),
            ("Scope", "2:00")
        );
        clock.pause(at(70.0));
        assert!(clock.is_paused());
        assert_eq!(clock.repaint_after(at(80.0)), None);
        assert_eq!(clock.face(&agenda, at(500.0)).unwrap().remaining, "1:00");
        clock.start(&agenda, at(500.0));
        assert!(clock.is_running());
        assert_eq!(
            clock.face(&agenda, at(501.0)).unwrap().urgency,
            Urgency::LastMinute
        );
        clock.add_minutes(5);
        assert_eq!(clock.face(&agenda, at(501.0)).unwrap().remaining, "5:59");
        assert!(clock.next_step(&agenda, at(502.0)));
        assert_eq!(clock.face(&agenda, at(502.0)).unwrap().step, "Front-stage");
        assert!(!clock.next_step(&agenda, at(503.0)));
    }

    #[test]
    fn time_up_blinks_every_half_second_and_repaints_only_while_counting() {
        let agenda = agenda();
        let mut clock = WorkshopClock::default();
        clock.start(&agenda, at(0.0));
        assert_eq!(
            clock.repaint_after(at(0.25)),
            Some(Duration::from_millis(750))
        );
        let visuals = egui::Visuals::light();
        let calm = clock.face(&agenda, at(1.0)).unwrap();
        assert_eq!(calm.colour(&visuals), visuals.text_color());
        let last = clock.face(&agenda, at(61.0)).unwrap();
        assert_eq!(last.colour(&visuals), visuals.error_fg_color);
        let over = clock.face(&agenda, at(120.0)).unwrap();
        let half_later = clock.face(&agenda, at(120.5)).unwrap();
        assert_eq!(over.urgency, Urgency::Over);
        assert_ne!(over.colour(&visuals), half_later.colour(&visuals));
        assert_eq!(
            clock.repaint_after(at(120.2)),
            Some(Duration::from_millis(300))
        );
    }
}
