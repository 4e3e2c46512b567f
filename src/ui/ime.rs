//! The input method across text fields: one input context for the window's life, and keys that
//! belong to a composition kept from the editor.
//!
//! egui tells the platform to allow the input method only in frames where a
//! text field has the keyboard, and to cut the composition whenever a field
//! takes the keyboard. On X11 both destroy the window's input context and
//! create a new one, and an input method such as fcitx5 keeps its state per
//! input context: every new field started with pinyin off. [`InputMethod`]
//! keeps the input method allowed in every frame (the candidate window waits
//! at the last caret, or where the canvas would type) and lets a field taking
//! the keyboard cut a composition only when one is in progress.
//!
//! While a composition is in progress every key belongs to it (Enter commits
//! it, Esc cancels it, Space and digits choose a candidate): on platforms that
//! report those keys to the window as well, they are dropped before the
//! editor sees them, so they neither end the edit nor run a shortcut.

use egui::output::IMEOutput;
use egui::{Event, FullOutput, IMEPurpose, Pos2, RawInput, Rect, vec2};

/// Keeps the input method allowed from one text field to the next and tracks the composition.
#[derive(Debug)]
pub struct InputMethod {
    /// A composition is in progress (the platform has sent uncommitted text).
    composing: bool,
    /// Where the candidate window goes while no field has the keyboard: the last caret.
    resting: IMEOutput,
    /// The keyboard moves this frame to a field that takes over the composition in progress.
    handing_over: bool,
}

impl Default for InputMethod {
    fn default() -> Self {
        let caret = Rect::from_min_size(Pos2::ZERO, vec2(1.0, 16.0));
        Self {
            composing: false,
            resting: IMEOutput {
                purpose: IMEPurpose::Normal,
                rect: caret,
                cursor_rect: caret,
                should_interrupt_composition: false,
            },
            handing_over: false,
        }
    }
}

/// Installs [`InputMethod`] in the context; call once when the window is created.
pub fn install(ctx: &egui::Context) {
    ctx.add_plugin(InputMethod::default());
}

/// A composition is in progress in this window: uncommitted text is being typed
/// through the input method. `false` when [`install`] was not called.
pub fn is_composing(ctx: &egui::Context) -> bool {
    ctx.with_plugin(|input_method: &mut InputMethod| input_method.composing)
        .unwrap_or(false)
}

/// Says that the field taking the keyboard this frame takes over the composition in
/// progress (a card opened by typing into a cell), so it must not be cut.
pub fn hand_over_composition(ctx: &egui::Context) {
    ctx.with_plugin(|input_method: &mut InputMethod| input_method.handing_over = true);
}

/// Tells the platform where text would be typed while no text field has the
/// keyboard (e.g. the cell a new card would open in), unless a field has
/// already said where its caret is this frame. `rect` is in screen points.
pub fn set_caret_if_no_field(ctx: &egui::Context, rect: Rect) {
    ctx.output_mut(|output| {
        if output.ime.is_none() {
            output.ime = Some(IMEOutput {
                purpose: IMEPurpose::Normal,
                rect,
                cursor_rect: rect,
                should_interrupt_composition: false,
            });
        }
    });
}

impl InputMethod {
    /// Follows the composition through the frame's events and drops the keys it takes.
    fn filter_events(&mut self, events: &mut Vec<Event>) {
        events.retain(|event| {
            match event {
                Event::Ime(egui::ImeEvent::Preedit { text, .. }) => {
                    self.composing = !text.is_empty();
                }
                Event::Ime(egui::ImeEvent::Commit(_)) | Event::WindowFocused(false) => {
                    self.composing = false;
                }
                #[expect(deprecated, reason = "some platforms still send it")]
                Event::Ime(egui::ImeEvent::Disabled) => self.composing = false,
                Event::Key { .. } => return !self.composing,
                _ => {}
            }
            true
        });
    }

    /// Keeps the input method allowed and its context alive.
    fn keep_allowed(&mut self, output: &mut egui::PlatformOutput) {
        match &mut output.ime {
            Some(ime) => {
                // A field taking the keyboard asks to cut the composition; with
                // none in progress that would only reset the input method, and
                // a field that takes the composition over must not lose it.
                ime.should_interrupt_composition &= self.composing && !self.handing_over;
                self.resting = IMEOutput {
                    should_interrupt_composition: false,
                    ..*ime
                };
            }
            None => output.ime = Some(self.resting),
        }
        self.handing_over = false;
    }
}

impl egui::Plugin for InputMethod {
    fn debug_name(&self) -> &'static str {
        "input method"
    }

    fn input_hook(&mut self, _ctx: &egui::Context, input: &mut RawInput) {
        self.filter_events(&mut input.events);
    }

    fn output_hook(&mut self, _ctx: &egui::Context, output: &mut FullOutput) {
        self.keep_allowed(&mut output.platform_output);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{ImeEvent, Key, Modifiers};

    fn key(key: Key) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        }
    }

    fn preedit(text: &str) -> Event {
        Event::Ime(ImeEvent::Preedit {
            text: text.into(),
            active_range_chars: None,
        })
    }

    #[test]
    fn keys_during_a_composition_are_dropped() {
        let mut input_method = InputMethod::default();
        let mut events = vec![
            key(Key::F),
            preedit("ni"),
            key(Key::Escape),
            key(Key::Enter),
            preedit(""),
            key(Key::Num1),
        ];
        input_method.filter_events(&mut events);
        assert_eq!(
            events,
            vec![key(Key::F), preedit("ni"), preedit(""), key(Key::Num1)]
        );
    }

    #[test]
    fn a_composition_lasts_across_frames_until_committed() {
        let mut input_method = InputMethod::default();
        input_method.filter_events(&mut vec![preedit("nihao")]);
        let mut events = vec![key(Key::Space)];
        input_method.filter_events(&mut events);
        assert!(events.is_empty());
        input_method.filter_events(&mut vec![Event::Ime(ImeEvent::Commit("你好".into()))]);
        let mut events = vec![key(Key::Enter)];
        input_method.filter_events(&mut events);
        assert_eq!(events, vec![key(Key::Enter)]);
    }

    #[test]
    fn the_input_method_stays_allowed_and_uncut_between_fields() {
        let mut input_method = InputMethod::default();
        let caret = Rect::from_min_size(Pos2::new(40.0, 60.0), vec2(1.0, 18.0));
        let mut output = egui::PlatformOutput {
            ime: Some(IMEOutput {
                purpose: IMEPurpose::Normal,
                rect: caret,
                cursor_rect: caret,
                should_interrupt_composition: true,
            }),
            ..Default::default()
        };
        input_method.keep_allowed(&mut output);
        assert_eq!(
            output.ime.map(|ime| ime.should_interrupt_composition),
            Some(false)
        );

        let mut between_fields = egui::PlatformOutput::default();
        input_method.keep_allowed(&mut between_fields);
        assert_eq!(between_fields.ime.map(|ime| ime.cursor_rect), Some(caret));
    }
}
