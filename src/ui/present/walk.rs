//! The steps of a walk-through and moving through them: each view of the
//! presentation cut into its shots, one step per shot, and the keys that go
//! forward, back, first and last. Pure: no egui state, no document.

use egui::Key;

/// One step: a shot of a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepRef {
    /// Index of the view among the presentation's views.
    pub view: usize,
    /// Index of the shot among the view's shots.
    pub shot: usize,
}

/// A move through the walk-through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    /// The next step.
    Next,
    /// The step before.
    Previous,
    /// The first step.
    First,
    /// The last step.
    Last,
    /// The first shot of a view.
    View(usize),
}

impl Nav {
    /// The move a key (pressed without modifiers) asks for: → Space PageDown
    /// Enter N go on; ← Backspace PageUp P go back; Home and End go to the
    /// first and the last step.
    pub fn for_key(key: Key) -> Option<Self> {
        Some(match key {
            Key::ArrowRight | Key::Space | Key::PageDown | Key::Enter | Key::N => Self::Next,
            Key::ArrowLeft | Key::Backspace | Key::PageUp | Key::P => Self::Previous,
            Key::Home => Self::First,
            Key::End => Self::Last,
            _ => return None,
        })
    }

    /// Every key [`Nav::for_key`] knows.
    pub const KEYS: [Key; 11] = [
        Key::ArrowRight,
        Key::Space,
        Key::PageDown,
        Key::Enter,
        Key::N,
        Key::ArrowLeft,
        Key::Backspace,
        Key::PageUp,
        Key::P,
        Key::Home,
        Key::End,
    ];
}

/// The steps of a walk-through and where the presentation stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    steps: Vec<StepRef>,
    current: usize,
}

impl Walk {
    /// The walk-through of views with these numbers of shots (a view counted
    /// with no shot still gets one step), at its first step.
    pub fn new(shot_counts: &[usize]) -> Self {
        let steps = shot_counts
            .iter()
            .enumerate()
            .flat_map(|(view, count)| (0..(*count).max(1)).map(move |shot| StepRef { view, shot }))
            .collect();
        Self { steps, current: 0 }
    }

    /// How many steps there are.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// There is no step: no view.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Index of the current step.
    pub fn position(&self) -> usize {
        self.current
    }

    /// The current step; `None` when there is none.
    pub fn current(&self) -> Option<StepRef> {
        self.steps.get(self.current).copied()
    }

    /// The step after the current one, if any.
    pub fn next(&self) -> Option<StepRef> {
        self.steps.get(self.current + 1).copied()
    }

    /// Moves; returns `true` when the current step changed.
    pub fn go(&mut self, nav: Nav) -> bool {
        let last = self.steps.len().saturating_sub(1);
        let to = match nav {
            Nav::Next => (self.current + 1).min(last),
            Nav::Previous => self.current.saturating_sub(1),
            Nav::First => 0,
            Nav::Last => last,
            Nav::View(view) => match self.steps.iter().position(|step| step.view == view) {
                Some(index) => index,
                None => return false,
            },
        };
        let moved = to != self.current;
        self.current = to;
        moved
    }

    /// The same walk-through with views now cut into these numbers of shots
    /// (the map changed, or the screen): stays on the same view and shot, or
    /// the nearest one left.
    pub fn retarget(&mut self, shot_counts: &[usize]) {
        let at = self.current();
        let mut walk = Self::new(shot_counts);
        if let Some(at) = at {
            walk.current = walk
                .steps
                .iter()
                .position(|step| *step == at)
                .or_else(|| walk.steps.iter().rposition(|step| step.view <= at.view))
                .unwrap_or(0);
        }
        *self = walk;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(view: usize, shot: usize) -> StepRef {
        StepRef { view, shot }
    }

    #[test]
    fn views_with_several_shots_make_several_steps() {
        let walk = Walk::new(&[1, 3, 0, 2]);
        assert_eq!(walk.len(), 7);
        assert_eq!(walk.current(), Some(step(0, 0)));
        assert_eq!(walk.next(), Some(step(1, 0)));
        assert!(Walk::new(&[]).is_empty());
        assert_eq!(Walk::new(&[]).current(), None);
    }

    #[test]
    fn next_previous_first_last_stop_at_the_ends() {
        let mut walk = Walk::new(&[1, 2, 1]);
        assert!(!walk.go(Nav::Previous), "nothing before the first step");
        assert!(walk.go(Nav::Next));
        assert!(walk.go(Nav::Next));
        assert_eq!(walk.current(), Some(step(1, 1)));
        assert!(walk.go(Nav::Last));
        assert_eq!(walk.current(), Some(step(2, 0)));
        assert_eq!(walk.next(), None);
        assert!(!walk.go(Nav::Next), "nothing after the last step");
        assert!(walk.go(Nav::Previous));
        assert_eq!(walk.position(), 2);
        assert!(walk.go(Nav::First));
        assert_eq!(walk.position(), 0);
        assert!(walk.go(Nav::View(1)));
        assert_eq!(walk.current(), Some(step(1, 0)));
        assert!(!walk.go(Nav::View(9)));
        assert_eq!(walk.current(), Some(step(1, 0)));
    }

    #[test]
    fn the_keys_of_a_presentation_remote() {
        for key in [
            Key::ArrowRight,
            Key::Space,
            Key::PageDown,
            Key::Enter,
            Key::N,
        ] {
            assert_eq!(Nav::for_key(key), Some(Nav::Next), "{key:?}");
        }
        for key in [Key::ArrowLeft, Key::Backspace, Key::PageUp, Key::P] {
            assert_eq!(Nav::for_key(key), Some(Nav::Previous), "{key:?}");
        }
        assert_eq!(Nav::for_key(Key::Home), Some(Nav::First));
        assert_eq!(Nav::for_key(Key::End), Some(Nav::Last));
        assert_eq!(Nav::for_key(Key::A), None);
    }

    #[test]
    fn a_changed_map_keeps_the_view_shown() {
        let mut walk = Walk::new(&[1, 3, 1]);
        walk.go(Nav::View(1));
        walk.go(Nav::Next);
        walk.go(Nav::Next);
        assert_eq!(walk.current(), Some(step(1, 2)));
        // The view now fits in two shots: the last of them.
        walk.retarget(&[1, 2, 1]);
        assert_eq!(walk.current(), Some(step(1, 1)));
        walk.retarget(&[1, 4, 1]);
        assert_eq!(walk.current(), Some(step(1, 1)));
        // A view gone: the step before.
        walk.go(Nav::Last);
        walk.retarget(&[1, 4]);
        assert_eq!(walk.current(), Some(step(1, 3)));
    }
}
