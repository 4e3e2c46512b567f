//! The two UI languages, the language of the window being drawn, and translation of UI strings.
//!
//! Every string the editor shows goes through [`tr`] (or [`tr_args`]), with the
//! keys in `assets/locales/app.yml`. The language is per thread: the app sets
//! it at the start of each frame with [`set_current`], so two windows (or two
//! tests) on different threads never see each other's language.

use std::borrow::Cow;
use std::cell::Cell;

use serde::{Deserialize, Serialize};

/// A language the user interface speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// English.
    #[default]
    English,
    /// Simplified Chinese.
    Chinese,
}

impl Language {
    /// Every language, in menu order.
    pub const ALL: [Self; 2] = [Self::Chinese, Self::English];

    /// The locale code of the translations (`"en"`, `"zh-CN"`).
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::Chinese => "zh-CN",
        }
    }

    /// The language of the words a drawing of the map writes itself (blueprint lines, markers).
    pub fn scene_language(self) -> crate::scene::Language {
        match self {
            Self::English => crate::scene::Language::English,
            Self::Chinese => crate::scene::Language::SimplifiedChinese,
        }
    }

    /// The language's own name, shown the same in every UI language.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::Chinese => "中文",
        }
    }

    /// The language for a BCP 47 locale such as `"zh-Hans-CN"` or `"en-GB"`:
    /// Chinese for any `zh` locale, English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        let primary = locale.split(['-', '_', '.']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Self::Chinese
        } else {
            Self::English
        }
    }

    /// The language of the operating system's locale (English when it cannot be read).
    pub fn from_system() -> Self {
        sys_locale::get_locale().map_or(Self::English, |locale| Self::from_locale(&locale))
    }

    /// The other language: what the language toggle switches to.
    pub fn other(self) -> Self {
        match self {
            Self::English => Self::Chinese,
            Self::Chinese => Self::English,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::English) };
}

/// Sets the language strings are translated into on this thread.
pub fn set_current(language: Language) {
    CURRENT.with(|current| current.set(language));
}

/// The language strings are translated into on this thread.
pub fn current() -> Language {
    CURRENT.with(Cell::get)
}

/// The UI string `key` in the current language.
pub fn tr(key: &str) -> Cow<'static, str> {
    translate(current(), key)
}

/// The UI string `key` in `language`, falling back to English, then to the key itself.
pub fn translate(language: Language, key: &str) -> Cow<'static, str> {
    crate::_rust_i18n_try_translate(language.code(), key).map_or_else(
        || Cow::Owned(key.to_owned()),
        |text| text.into_owned().into(),
    )
}

/// The UI string `key` in the current language with `%{name}` placeholders filled in.
pub fn tr_args(key: &str, args: &[(&str, &str)]) -> String {
    let (names, values): (Vec<&str>, Vec<String>) = args
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .unzip();
    rust_i18n::replace_patterns(&tr(key), &names, &values)
}

/// What an undo step does, in words: the translation of a [`crate::edit::Command::label`]
/// key (`"move-card"` → "Move card"), or a generic word for a key without one.
pub fn step_name(label: &str) -> Cow<'static, str> {
    let key = format!("step-{label}");
    crate::_rust_i18n_try_translate(current().code(), &key)
        .map_or_else(|| tr("step-unknown"), |text| text.into_owned().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_locales_choose_chinese() {
        for locale in ["zh-CN", "zh-Hans-CN", "zh_CN.UTF-8", "zh", "ZH-tw"] {
            assert_eq!(Language::from_locale(locale), Language::Chinese, "{locale}");
        }
        for locale in ["en-US", "de-DE", "", "C", "POSIX"] {
            assert_eq!(Language::from_locale(locale), Language::English, "{locale}");
        }
    }

    #[test]
    fn language_is_per_thread() {
        set_current(Language::Chinese);
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, Language::English);
        assert_eq!(current(), Language::Chinese);
    }

    #[test]
    fn step_names_translate_and_unknown_labels_fall_back() {
        set_current(Language::English);
        assert_eq!(step_name("move-card"), "Move card");
        assert_eq!(step_name("no-such-step"), tr("step-unknown"));
        set_current(Language::Chinese);
        assert_eq!(step_name("move-card"), "移动卡片");
    }

    #[test]
    fn every_string_exists_in_both_languages() {
        let backend = crate::_rust_i18n_backend();
        let keys = |locale: &str| -> std::collections::BTreeSet<String> {
            backend
                .messages_for_locale(locale)
                .unwrap_or_default()
                .into_iter()
                .map(|(key, _)| key.into_owned())
                .collect()
        };
        let english = keys(Language::English.code());
        let chinese = keys(Language::Chinese.code());
        assert!(english.contains("app-name"));
        let only_english: Vec<_> = english.difference(&chinese).collect();
        let only_chinese: Vec<_> = chinese.difference(&english).collect();
        assert!(
            only_english.is_empty(),
            "no Chinese text for {only_english:?}"
        );
        assert!(
            only_chinese.is_empty(),
            "no English text for {only_chinese:?}"
        );
    }

    #[test]
    fn every_undo_step_of_the_core_has_a_name() {
        use crate::edit::{CardField, Command};
        use crate::model::{CardId, LaneId, MapMeta, StageId, StepId};
        let labels = [
            Command::SetMeta(MapMeta::default()).label(),
            Command::RemoveStage(StageId(1)).label(),
            Command::RemoveStep(StepId(1)).label(),
            Command::RemoveLane(LaneId(1)).label(),
            Command::RemoveCard(CardId(1)).label(),
            Command::SetCardField {
                id: CardId(1),
                field: CardField::Title(String::new()),
            }
            .label(),
            "delete-cards",
            "duplicate",
            "paste",
        ];
        for label in labels {
            for language in Language::ALL {
                let key = format!("step-{label}");
                assert!(
                    crate::_rust_i18n_backend()
                        .translate(language.code(), &key)
                        .is_some(),
                    "no {language:?} name for the undo step `{label}`"
                );
            }
        }
    }
}
