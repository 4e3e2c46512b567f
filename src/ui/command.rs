//! The user commands of the editor: one enum drives the menu bar, the keyboard shortcuts and the command palette.

use std::borrow::Cow;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::i18n::tr;

/// Something the user can ask the editor to do from a menu, a shortcut or the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Start a new map from a template.
    New,
    /// Open a map file.
    Open,
    /// Make a new map from a spreadsheet (CSV or an .xlsx workbook).
    Import,
    /// Save the map to its file.
    Save,
    /// Save the map to a new file.
    SaveAs,
    /// Export the map as a picture, a PDF or a text file.
    Export,
    /// Export slides for the handout: the export dialog with the Slides format chosen.
    ExportSlides,
    /// Close the window.
    Quit,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Copy the selected cards to the clipboard and delete them.
    Cut,
    /// Copy the selected cards to the clipboard.
    Copy,
    /// Paste cards from the clipboard.
    Paste,
    /// Duplicate the selected cards in their cells.
    Duplicate,
    /// Delete the selected cards or connector.
    Delete,
    /// Select every card.
    SelectAll,
    /// Add a card to the cell last clicked.
    AddCard,
    /// Add a stage at the end of the map.
    AddStage,
    /// Add a lane at the bottom of the map.
    AddLane,
    /// Add an emotion lane under the customer lane, so the emotion curve shows.
    AddEmotionLane,
    /// Add a step after the targeted one, in its stage.
    AddStep,
    /// Delete the targeted stage with its steps and their cards.
    DeleteStage,
    /// Delete the targeted step with its cards.
    DeleteStep,
    /// Delete the targeted lane with its cards.
    DeleteLane,
    /// Zoom so the whole map fits the window.
    FitMap,
    /// Zoom to 100 %.
    ZoomActual,
    /// Zoom in one step.
    ZoomIn,
    /// Zoom out one step.
    ZoomOut,
    /// Show every lane.
    LayersAll,
    /// Hide the support processes.
    LayersUpToBackstage,
    /// Show only what the customer sees.
    LayersFrontstageOnly,
    /// Show or hide the inspector panel.
    ToggleInspector,
    /// Show or hide the insights panel.
    ToggleInsights,
    /// Show or hide the persona panel.
    TogglePersonas,
    /// Show or hide the Views panel (the presentation's views and the agenda).
    ToggleViews,
    /// Say how readable the map is from the back of the room at this zoom.
    ReadabilityCheck,
    /// Open the impact/effort matrix, to drag the chosen items into place.
    ImpactEffortMatrix,
    /// Open concept screening: opportunities scored on weighted criteria.
    ConceptScreening,
    /// Start the workshop timer at the agenda's first step, or resume it.
    StartTimer,
    /// Pause the workshop timer.
    PauseTimer,
    /// Give the current agenda step one more minute.
    AddOneMinute,
    /// Give the current agenda step five more minutes.
    AddFiveMinutes,
    /// Move the workshop timer to the next agenda step.
    NextAgendaStep,
    /// Search and run a command by name.
    CommandPalette,
    /// Switch to the next language: English → Simplified → Traditional Chinese → English.
    ToggleLanguage,
    /// Speak English.
    UseEnglish,
    /// Speak Simplified Chinese.
    UseSimplifiedChinese,
    /// Speak Traditional Chinese.
    UseTraditionalChinese,
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// Follow the system's theme.
    ThemeSystem,
    /// Use the light theme.
    ThemeLight,
    /// Use the dark theme.
    ThemeDark,
    /// Open the preferences (how often unsaved changes are kept against a crash).
    Preferences,
    /// Offer again the maps left behind by editors that stopped without saving.
    RecoveredMaps,
    /// Present the map to a room: full screen, view by view.
    Present,
    /// Open the presenter's window: current and next view, notes, timer.
    PresenterView,
    /// Switch the window to full screen and back.
    ToggleFullScreen,
    /// Turn the selected card into an action of the action plan, and edit it.
    TurnIntoAction,
    /// Show or hide the Actions panel (the action plan).
    ToggleActions,
    /// Start a dot-voting round: what is voted on, the question, who votes, how many dots.
    StartVoting,
    /// Let each participant vote in turn on this computer, seeing only their own dots.
    PassTheLaptop,
    /// Hand the open round's vote to the next participant.
    NextParticipant,
    /// Close the open round and reveal its votes.
    RevealVotes,
    /// Show or hide the voting results panel.
    VotingResults,
    /// Open a live room on this map, for others to join and edit it at once.
    LiveOpen,
    /// Join a live room someone else opened.
    LiveJoin,
    /// Show the Room window: link, QR code, room code, who is in.
    LiveRoom,
    /// Leave the live room (a guest) or close it for everyone (the host).
    LiveLeave,
    /// Lock or unlock the stages, steps and lanes for the room's guests (the host).
    LiveLockStructure,
    /// Follow the host's view, or stop following (a guest).
    LiveFollowHost,
}

/// How a command presents itself: translation keys of its name and tooltip, and its shortcuts.
#[derive(Clone, Copy, Debug)]
pub struct CommandSpec {
    /// Key of the command's name in the translations.
    pub label: &'static str,
    /// Key of the one-line explanation shown on hover.
    pub tooltip: &'static str,
    /// Key combinations that run the command; the first is shown in menus.
    pub shortcuts: &'static [KeyboardShortcut],
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn cmd_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

/// The translation key of a key's name, for keys known by a word rather than
/// a letter, digit or sign.
fn key_name(key: Key) -> Option<&'static str> {
    Some(match key {
        Key::Space => "key-space",
        Key::Delete => "key-delete",
        Key::Backspace => "key-backspace",
        Key::Enter => "key-enter",
        Key::Escape => "key-escape",
        Key::Tab => "key-tab",
        Key::ArrowLeft => "key-left",
        Key::ArrowRight => "key-right",
        Key::ArrowUp => "key-up",
        Key::ArrowDown => "key-down",
        _ => return None,
    })
}

const NEW: KeyboardShortcut = cmd(Key::N);
const OPEN: KeyboardShortcut = cmd(Key::O);
const SAVE: KeyboardShortcut = cmd(Key::S);
const SAVE_AS: KeyboardShortcut = cmd_shift(Key::S);
const EXPORT: KeyboardShortcut = cmd(Key::E);
const QUIT: KeyboardShortcut = cmd(Key::Q);
const UNDO: KeyboardShortcut = cmd(Key::Z);
const REDO: KeyboardShortcut = cmd_shift(Key::Z);
const REDO_Y: KeyboardShortcut = cmd(Key::Y);
const CUT: KeyboardShortcut = cmd(Key::X);
const COPY: KeyboardShortcut = cmd(Key::C);
const PASTE: KeyboardShortcut = cmd(Key::V);
const DUPLICATE: KeyboardShortcut = cmd(Key::D);
const DELETE: KeyboardShortcut = plain(Key::Delete);
const BACKSPACE: KeyboardShortcut = plain(Key::Backspace);
const SELECT_ALL: KeyboardShortcut = cmd(Key::A);
const FIT: KeyboardShortcut = plain(Key::F);
const ACTUAL: KeyboardShortcut = plain(Key::Num0);
const ZOOM_IN: KeyboardShortcut = plain(Key::Plus);
const ZOOM_IN_EQUALS: KeyboardShortcut = plain(Key::Equals);
const ZOOM_OUT: KeyboardShortcut = plain(Key::Minus);
const LAYERS_ALL: KeyboardShortcut = plain(Key::Num1);
const LAYERS_BACKSTAGE: KeyboardShortcut = plain(Key::Num2);
const LAYERS_FRONTSTAGE: KeyboardShortcut = plain(Key::Num3);
const INSPECTOR: KeyboardShortcut = cmd(Key::I);
const PALETTE: KeyboardShortcut = cmd(Key::K);
const PALETTE_P: KeyboardShortcut = cmd_shift(Key::P);
const LANGUAGE: KeyboardShortcut = cmd_shift(Key::L);
const THEME: KeyboardShortcut = cmd_shift(Key::T);
const PREFERENCES: KeyboardShortcut = cmd(Key::Comma);
const PRESENT: KeyboardShortcut = plain(Key::F5);
const FULL_SCREEN: KeyboardShortcut = plain(Key::F11);

const fn spec(
    label: &'static str,
    tooltip: &'static str,
    shortcuts: &'static [KeyboardShortcut],
) -> CommandSpec {
    CommandSpec {
        label,
        tooltip,
        shortcuts,
    }
}

impl UiCommand {
    /// Every command, in the order the palette lists them.
    pub const ALL: [Self; 70] = [
        Self::New,
        Self::Open,
        Self::Import,
        Self::Save,
        Self::SaveAs,
        Self::Export,
        Self::ExportSlides,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Cut,
        Self::Copy,
        Self::Paste,
        Self::Duplicate,
        Self::Delete,
        Self::SelectAll,
        Self::AddCard,
        Self::AddStage,
        Self::AddLane,
        Self::AddEmotionLane,
        Self::AddStep,
        Self::DeleteStage,
        Self::DeleteStep,
        Self::DeleteLane,
        Self::FitMap,
        Self::ZoomActual,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::LayersAll,
        Self::LayersUpToBackstage,
        Self::LayersFrontstageOnly,
        Self::ToggleInspector,
        Self::ToggleInsights,
        Self::TogglePersonas,
        Self::ToggleViews,
        Self::ReadabilityCheck,
        Self::ImpactEffortMatrix,
        Self::ConceptScreening,
        Self::StartTimer,
        Self::PauseTimer,
        Self::AddOneMinute,
        Self::AddFiveMinutes,
        Self::NextAgendaStep,
        Self::CommandPalette,
        Self::ToggleLanguage,
        Self::UseEnglish,
        Self::UseSimplifiedChinese,
        Self::UseTraditionalChinese,
        Self::ToggleTheme,
        Self::ThemeSystem,
        Self::ThemeLight,
        Self::ThemeDark,
        Self::Preferences,
        Self::RecoveredMaps,
        Self::Present,
        Self::PresenterView,
        Self::ToggleFullScreen,
        Self::TurnIntoAction,
        Self::ToggleActions,
        Self::StartVoting,
        Self::PassTheLaptop,
        Self::NextParticipant,
        Self::RevealVotes,
        Self::VotingResults,
        Self::LiveOpen,
        Self::LiveJoin,
        Self::LiveRoom,
        Self::LiveLeave,
        Self::LiveLockStructure,
        Self::LiveFollowHost,
    ];

    /// Name, tooltip and shortcuts of the command.
    pub fn spec(self) -> CommandSpec {
        match self {
            Self::New => spec("cmd-new", "cmd-new-tip", &[NEW]),
            Self::Open => spec("cmd-open", "cmd-open-tip", &[OPEN]),
            Self::Import => spec("cmd-import", "cmd-import-tip", &[]),
            Self::Save => spec("cmd-save", "cmd-save-tip", &[SAVE]),
            Self::SaveAs => spec("cmd-save-as", "cmd-save-as-tip", &[SAVE_AS]),
            Self::Export => spec("cmd-export", "cmd-export-tip", &[EXPORT]),
            Self::ExportSlides => spec("cmd-export-slides", "cmd-export-slides-tip", &[]),
            Self::Quit => spec("cmd-quit", "cmd-quit-tip", &[QUIT]),
            Self::Undo => spec("cmd-undo", "cmd-undo-tip", &[UNDO]),
            Self::Redo => spec("cmd-redo", "cmd-redo-tip", &[REDO, REDO_Y]),
            Self::Cut => spec("cmd-cut", "cmd-cut-tip", &[CUT]),
            Self::Copy => spec("cmd-copy", "cmd-copy-tip", &[COPY]),
            Self::Paste => spec("cmd-paste", "cmd-paste-tip", &[PASTE]),
            Self::Duplicate => spec("cmd-duplicate", "cmd-duplicate-tip", &[DUPLICATE]),
            Self::Delete => spec("cmd-delete", "cmd-delete-tip", &[DELETE, BACKSPACE]),
            Self::SelectAll => spec("cmd-select-all", "cmd-select-all-tip", &[SELECT_ALL]),
            Self::AddCard => spec("cmd-add-card", "cmd-add-card-tip", &[]),
            Self::AddStage => spec("cmd-add-stage", "cmd-add-stage-tip", &[]),
            Self::AddLane => spec("cmd-add-lane", "cmd-add-lane-tip", &[]),
            Self::AddEmotionLane => spec("cmd-add-emotion-lane", "cmd-add-emotion-lane-tip", &[]),
            Self::AddStep => spec("cmd-add-step", "cmd-add-step-tip", &[]),
            Self::DeleteStage => spec("cmd-delete-stage", "cmd-delete-stage-tip", &[]),
            Self::DeleteStep => spec("cmd-delete-step", "cmd-delete-step-tip", &[]),
            Self::DeleteLane => spec("cmd-delete-lane", "cmd-delete-lane-tip", &[]),
            Self::FitMap => spec("cmd-fit", "cmd-fit-tip", &[FIT]),
            Self::ZoomActual => spec("cmd-zoom-actual", "cmd-zoom-actual-tip", &[ACTUAL]),
            Self::ZoomIn => spec("cmd-zoom-in", "cmd-zoom-in-tip", &[ZOOM_IN, ZOOM_IN_EQUALS]),
            Self::ZoomOut => spec("cmd-zoom-out", "cmd-zoom-out-tip", &[ZOOM_OUT]),
            Self::LayersAll => spec("cmd-layers-all", "cmd-layers-all-tip", &[LAYERS_ALL]),
            Self::LayersUpToBackstage => spec(
                "cmd-layers-backstage",
                "cmd-layers-backstage-tip",
                &[LAYERS_BACKSTAGE],
            ),
            Self::LayersFrontstageOnly => spec(
                "cmd-layers-frontstage",
                "cmd-layers-frontstage-tip",
                &[LAYERS_FRONTSTAGE],
            ),
            Self::ToggleInspector => spec("cmd-inspector", "cmd-inspector-tip", &[INSPECTOR]),
            Self::ToggleInsights => spec("cmd-insights", "cmd-insights-tip", &[]),
            Self::TogglePersonas => spec("cmd-personas", "cmd-personas-tip", &[]),
            Self::ToggleViews => spec("cmd-views", "cmd-views-tip", &[]),
            Self::ReadabilityCheck => spec("cmd-readability", "cmd-readability-tip", &[]),
            Self::ImpactEffortMatrix => spec("cmd-matrix", "cmd-matrix-tip", &[]),
            Self::ConceptScreening => spec("cmd-screening", "cmd-screening-tip", &[]),
            Self::StartTimer => spec("cmd-start-timer", "cmd-start-timer-tip", &[]),
            Self::PauseTimer => spec("cmd-pause-timer", "cmd-pause-timer-tip", &[]),
            Self::AddOneMinute => spec("cmd-add-one-minute", "cmd-add-one-minute-tip", &[]),
            Self::AddFiveMinutes => spec("cmd-add-five-minutes", "cmd-add-five-minutes-tip", &[]),
            Self::NextAgendaStep => spec("cmd-next-agenda-step", "cmd-next-agenda-step-tip", &[]),
            Self::CommandPalette => spec("cmd-palette", "cmd-palette-tip", &[PALETTE, PALETTE_P]),
            Self::ToggleLanguage => spec(
                "cmd-toggle-language",
                "cmd-toggle-language-tip",
                &[LANGUAGE],
            ),
            Self::UseEnglish => spec("language-english", "cmd-use-english-tip", &[]),
            Self::UseSimplifiedChinese => {
                spec("language-simplified-chinese", "cmd-use-chinese-tip", &[])
            }
            Self::UseTraditionalChinese => spec(
                "language-traditional-chinese",
                "cmd-use-traditional-chinese-tip",
                &[],
            ),
            Self::ToggleTheme => spec("cmd-toggle-theme", "cmd-toggle-theme-tip", &[THEME]),
            Self::ThemeSystem => spec("cmd-theme-system", "cmd-theme-system-tip", &[]),
            Self::ThemeLight => spec("cmd-theme-light", "cmd-theme-light-tip", &[]),
            Self::ThemeDark => spec("cmd-theme-dark", "cmd-theme-dark-tip", &[]),
            Self::Preferences => spec("cmd-preferences", "cmd-preferences-tip", &[PREFERENCES]),
            Self::RecoveredMaps => spec("cmd-recovered-maps", "cmd-recovered-maps-tip", &[]),
            Self::Present => spec("cmd-present", "cmd-present-tip", &[PRESENT]),
            Self::PresenterView => spec("cmd-presenter-view", "cmd-presenter-view-tip", &[]),
            Self::ToggleFullScreen => {
                spec("cmd-full-screen", "cmd-full-screen-tip", &[FULL_SCREEN])
            }
            Self::TurnIntoAction => spec("cmd-turn-into-action", "cmd-turn-into-action-tip", &[]),
            Self::ToggleActions => spec("cmd-actions", "cmd-actions-tip", &[]),
            Self::StartVoting => spec("cmd-start-voting", "cmd-start-voting-tip", &[]),
            Self::PassTheLaptop => spec("cmd-pass-laptop", "cmd-pass-laptop-tip", &[]),
            Self::NextParticipant => spec("cmd-next-participant", "cmd-next-participant-tip", &[]),
            Self::RevealVotes => spec("cmd-reveal-votes", "cmd-reveal-votes-tip", &[]),
            Self::VotingResults => spec("cmd-voting-results", "cmd-voting-results-tip", &[]),
            Self::LiveOpen => spec("cmd-live-open", "cmd-live-open-tip", &[]),
            Self::LiveJoin => spec("cmd-live-join", "cmd-live-join-tip", &[]),
            Self::LiveRoom => spec("cmd-live-room", "cmd-live-room-tip", &[]),
            Self::LiveLeave => spec("cmd-live-leave", "cmd-live-leave-tip", &[]),
            Self::LiveLockStructure => spec("cmd-live-lock", "cmd-live-lock-tip", &[]),
            Self::LiveFollowHost => spec("cmd-live-follow", "cmd-live-follow-tip", &[]),
        }
    }

    /// The command's name in the current language.
    pub fn label(self) -> Cow<'static, str> {
        tr(self.spec().label)
    }

    /// The command's explanation in the current language.
    pub fn tooltip(self) -> Cow<'static, str> {
        tr(self.spec().tooltip)
    }

    /// The shortcut shown next to the command in menus.
    pub fn main_shortcut(self) -> Option<KeyboardShortcut> {
        self.spec().shortcuts.first().copied()
    }

    /// The main shortcut as menus and the palette show it: written the way
    /// the system writes shortcuts ("Ctrl+Shift+L"), with the key's name in
    /// the UI language (Delete is 删除键 in Chinese).
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        let shortcut = self.main_shortcut()?;
        let text = ctx.format_shortcut(&shortcut);
        let key = shortcut.logical_key;
        let named = key_name(key).and_then(|name| {
            let modifiers = text.strip_suffix(key.name())?;
            Some(format!("{modifiers}{}", tr(name)))
        });
        Some(named.unwrap_or(text))
    }

    /// The command may run while a text field has the keyboard: it does not
    /// take a key the text field needs (undo, clipboard, select all and plain
    /// keys belong to the field) and does not act on the selection.
    pub fn works_while_typing(self) -> bool {
        !matches!(
            self,
            Self::Undo
                | Self::Redo
                | Self::Cut
                | Self::Copy
                | Self::Paste
                | Self::Duplicate
                | Self::Delete
                | Self::SelectAll
        ) && self
            .spec()
            .shortcuts
            .iter()
            .all(|shortcut| shortcut.modifiers.command)
    }

    /// The commands whose shortcuts were pressed this frame; their key presses are consumed.
    ///
    /// Shortcuts with more modifiers are matched first, so Ctrl+Shift+S is
    /// Save As and not Save. While a text field has the keyboard, or `busy`
    /// (a gesture is under way), only the commands that [work while
    /// typing](Self::works_while_typing) are matched. The system's cut, copy
    /// and paste keys arrive as their own events and count as Cut and Copy
    /// here; pasted text is read by the caller. When `letters_are_text` (typing
    /// would add a card to the selected cell), plain letter keys are left for
    /// the typing.
    pub fn consume_shortcuts(ctx: &egui::Context, busy: bool, letters_are_text: bool) -> Vec<Self> {
        let typing = busy || ctx.text_edit_focused();
        let mut bindings: Vec<(Self, KeyboardShortcut)> = Self::ALL
            .into_iter()
            .filter(|command| !typing || command.works_while_typing())
            .flat_map(|command| {
                command
                    .spec()
                    .shortcuts
                    .iter()
                    .map(move |shortcut| (command, *shortcut))
            })
            .filter(|(_, shortcut)| !(letters_are_text && is_plain_letter(shortcut)))
            .collect();
        bindings.sort_by_key(|(_, shortcut)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
        let mut pressed = Vec::new();
        ctx.input_mut(|input| {
            for (command, shortcut) in &bindings {
                if input.consume_shortcut(shortcut) && !pressed.contains(command) {
                    pressed.push(*command);
                }
            }
            if !typing {
                for event in &input.events {
                    let command = match event {
                        egui::Event::Cut => Self::Cut,
                        egui::Event::Copy => Self::Copy,
                        _ => continue,
                    };
                    if !pressed.contains(&command) {
                        pressed.push(command);
                    }
                }
            }
        });
        pressed
    }
}

/// A letter key without modifiers, which types a letter.
fn is_plain_letter(shortcut: &KeyboardShortcut) -> bool {
    let name = shortcut.logical_key.name();
    shortcut.modifiers.is_none() && name.len() == 1 && name.chars().all(|c| c.is_ascii_alphabetic())
}

fn modifier_count(modifiers: Modifiers) -> usize {
    [
        modifiers.alt,
        modifiers.shift,
        modifiers.ctrl || modifiers.command || modifiers.mac_cmd,
    ]
    .into_iter()
    .filter(|held| *held)
    .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = HashSet::new();
        for command in UiCommand::ALL {
            for shortcut in command.spec().shortcuts {
                assert!(
                    seen.insert((shortcut.modifiers, shortcut.logical_key)),
                    "{command:?} reuses {shortcut:?}"
                );
            }
        }
    }

    #[test]
    fn every_command_is_translated_in_both_languages() {
        for command in UiCommand::ALL {
            let spec = command.spec();
            for key in [spec.label, spec.tooltip] {
                for locale in ["en", "zh-CN"] {
                    assert!(
                        crate::_rust_i18n_backend().translate(locale, key).is_some(),
                        "{command:?}: no {locale} text for `{key}`"
                    );
                }
            }
        }
    }

    fn press(ctx: &egui::Context, modifiers: Modifiers, key: Key) -> Vec<UiCommand> {
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            }],
            ..egui::RawInput::default()
        };
        let mut pressed = Vec::new();
        let mut output = ctx.run_ui(input, |ui| {
            pressed = UiCommand::consume_shortcuts(ui.ctx(), false, false);
        });
        output.textures_delta.clear();
        pressed
    }

    #[test]
    fn more_specific_shortcuts_win() {
        let ctx = egui::Context::default();
        let shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        assert_eq!(press(&ctx, shift, Key::S), vec![UiCommand::SaveAs]);
        assert_eq!(
            press(&ctx, Modifiers::COMMAND, Key::S),
            vec![UiCommand::Save]
        );
        assert_eq!(press(&ctx, shift, Key::Z), vec![UiCommand::Redo]);
        assert_eq!(
            press(&ctx, Modifiers::COMMAND, Key::Z),
            vec![UiCommand::Undo]
        );
        assert_eq!(press(&ctx, shift, Key::P), vec![UiCommand::CommandPalette]);
    }
}
