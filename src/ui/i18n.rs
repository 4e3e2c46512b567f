//! The three UI languages (English, Simplified and Traditional Chinese), the language of the window being drawn, and translation of UI strings.
//!
//! Every string the editor shows goes through [`tr`] (or [`tr_args`]), with the
//! keys in `assets/locales/app.yml`. The language is per thread: the app sets
//! it at the start of each frame with [`set_current`], so two windows (or two
//! tests) on different threads never see each other's language.

use std::borrow::Cow;
use std::cell::Cell;

pub use crate::scene::Language;

/// The language of the operating system's locale (English when it cannot be read).
pub fn system_language() -> Language {
    sys_locale::get_locale().map_or(Language::English, |locale| Language::from_locale(&locale))
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
    crate::_rust_i18n_try_translate(language.tag(), key).map_or_else(
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
    crate::_rust_i18n_try_translate(current().tag(), &key)
        .map_or_else(|| tr("step-unknown"), |text| text.into_owned().into())
}

/// Why a workshop step was refused, in the UI's language.
pub fn refusal(refusal: &crate::edit::decide::Refusal) -> String {
    let options = match refusal {
        crate::edit::decide::Refusal::BadBudget { options } => options.to_string(),
        _ => String::new(),
    };
    tr_args(
        &format!("refused-{}", refusal.key()),
        &[("options", &options)],
    )
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn locales_choose_their_language() {
        for locale in [
            "zh-TW",
            "zh_TW.UTF-8",
            "zh-HK",
            "zh_HK.Big5-HKSCS",
            "zh-MO",
            "zh-Hant",
            "zh-Hant-TW",
            "ZH-hant-cn",
        ] {
            assert_eq!(
                Language::from_locale(locale),
                Language::TraditionalChinese,
                "{locale}"
            );
        }
        for locale in [
            "zh-CN",
            "zh_CN.UTF-8",
            "zh-SG",
            "zh",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-Hans-HK",
        ] {
            assert_eq!(
                Language::from_locale(locale),
                Language::SimplifiedChinese,
                "{locale}"
            );
        }
        for locale in ["en-US", "en_GB.UTF-8", "de-DE", "", "C", "POSIX"] {
            assert_eq!(Language::from_locale(locale), Language::English, "{locale}");
        }
    }

    #[test]
    fn the_language_switch_goes_round_all_three() {
        let mut language = Language::English;
        let mut seen = Vec::new();
        for _ in Language::ALL {
            seen.push(language);
            language = language.next();
        }
        assert_eq!(language, Language::English);
        assert_eq!(seen, Language::ALL);
    }

    #[test]
    fn settings_from_before_traditional_chinese_still_read() {
        let language: Language = ron::from_str("Chinese").unwrap();
        assert_eq!(language, Language::SimplifiedChinese);
        let language: Language = ron::from_str("TraditionalChinese").unwrap();
        assert_eq!(language, Language::TraditionalChinese);
    }

    #[test]
    fn language_is_per_thread() {
        set_current(Language::TraditionalChinese);
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, Language::English);
        assert_eq!(current(), Language::TraditionalChinese);
    }

    #[test]
    fn step_names_translate_and_unknown_labels_fall_back() {
        set_current(Language::English);
        assert_eq!(step_name("move-card"), "Move card");
        assert_eq!(step_name("no-such-step"), tr("step-unknown"));
        set_current(Language::SimplifiedChinese);
        assert_eq!(step_name("move-card"), "移动卡片");
        set_current(Language::TraditionalChinese);
        assert_eq!(step_name("move-card"), "移動卡片");
        assert_eq!(tr("cmd-undo"), "復原");
    }

    /// The locale files as written: each key with its texts by locale code.
    fn catalogue() -> BTreeMap<String, BTreeMap<String, String>> {
        let mut keys: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for file in [
            include_str!("../../assets/locales/app.yml"),
            include_str!("../../assets/locales/canvas.yml"),
            include_str!("../../assets/locales/views.yml"),
            include_str!("../../assets/locales/present.yml"),
            include_str!("../../assets/locales/decisions.yml"),
            include_str!("../../assets/locales/reports.yml"),
            include_str!("../../assets/locales/actions.yml"),
            include_str!("../../assets/locales/matrix.yml"),
            include_str!("../../assets/locales/voting.yml"),
            include_str!("../../assets/locales/live.yml"),
        ] {
            let mut key = None;
            for line in file.lines() {
                if let Some((code, text)) = line.strip_prefix("  ").and_then(|l| l.split_once(": "))
                {
                    let key: &String = key.as_ref().unwrap();
                    let texts = keys.entry(key.clone()).or_default();
                    let text = text.trim().trim_matches('"').to_owned();
                    assert!(
                        texts.insert(code.to_owned(), text).is_none(),
                        "{key} has two {code} texts"
                    );
                } else if let Some(name) = line.strip_suffix(':') {
                    key = Some(name.to_owned());
                    assert!(
                        !keys.contains_key(name),
                        "{name} is in the locale files twice"
                    );
                    keys.insert(name.to_owned(), BTreeMap::new());
                }
            }
        }
        keys
    }

    #[test]
    fn every_string_has_a_text_in_all_three_languages() {
        let catalogue = catalogue();
        assert!(catalogue.len() > 400, "{} keys", catalogue.len());
        let codes: Vec<String> = Language::ALL
            .iter()
            .map(|language| language.tag().to_owned())
            .collect();
        for (key, texts) in &catalogue {
            let written: Vec<&String> = texts.keys().collect();
            let mut expected: Vec<&String> = codes.iter().collect();
            expected.sort();
            assert_eq!(written, expected, "{key}");
            assert!(texts.values().all(|text| !text.is_empty()), "{key}");
        }
        // And the translations compiled in hold the same keys in every language.
        let backend = crate::_rust_i18n_backend();
        for language in Language::ALL {
            let keys: BTreeSet<String> = backend
                .messages_for_locale(language.tag())
                .unwrap_or_default()
                .into_iter()
                .map(|(key, _)| key.into_owned())
                .collect();
            let written: BTreeSet<String> = catalogue.keys().cloned().collect();
            assert_eq!(keys, written, "{language:?}");
        }
    }

    /// Characters only Simplified Chinese writes: Traditional Chinese writes
    /// each of them another way (对 → 對, 开 → 開, 线 → 線 …).
    const SIMPLIFIED_ONLY: &str = "与丢丧个为于仅从会体侧关兴内写决几击刚创删务动区单双叠后吗启响围图场处备复头实宽\
        对导将层属并应开异弃张当径总报拥择换据数无时显机条来构标栏横没浅溃点环现电画盖盘\
        码确种称筛签简类红约级纵纸线结绝统绪维绿编缩脑范蓝补见视览触记设证话该详语说请负\
        责败贴车载较辑输边过还这连适选钟钮销错键闭间阶际随隐页顶顺须顾预题颜骤黄认网户项\
        们样么发经问让给进钱档扩压";

    #[test]
    fn traditional_texts_hold_no_simplified_characters() {
        // Each language is named in its own script in every UI language.
        let named_in_simplified = ["language-simplified-chinese"];
        for (key, texts) in catalogue() {
            if named_in_simplified.contains(&key.as_str()) {
                continue;
            }
            let simplified = &texts["zh-CN"];
            let traditional = &texts["zh-TW"];
            let left: String = traditional
                .chars()
                .filter(|c| SIMPLIFIED_ONLY.contains(*c))
                .collect();
            assert!(left.is_empty(), "{key}: {traditional} holds {left}");
            if simplified.chars().any(|c| SIMPLIFIED_ONLY.contains(c)) {
                assert_ne!(simplified, traditional, "{key} is not translated");
            }
        }
    }

    #[test]
    fn every_refusal_of_a_workshop_step_is_said_in_every_language() {
        use crate::edit::decide::Refusal;
        use crate::model::CardId;
        let refusals = [
            Refusal::NoParticipants,
            Refusal::NothingToVoteOn,
            Refusal::BadBudget { options: 7 },
            Refusal::RoundClosed,
            Refusal::NoSuchRound,
            Refusal::NoSuchParticipant,
            Refusal::NoSuchCard(CardId(1)),
            Refusal::NotOnBallot(CardId(1)),
            Refusal::BudgetSpent,
            Refusal::NoStacking,
            Refusal::NoDotThere,
            Refusal::EmptyAction,
            Refusal::BadScore,
            Refusal::BadWeight,
        ];
        for language in Language::ALL {
            set_current(language);
            for refused in &refusals {
                let text = refusal(refused);
                assert!(!text.starts_with("refused-"), "{language:?}: {text}");
            }
        }
        set_current(Language::SimplifiedChinese);
        assert!(refusal(&Refusal::BadBudget { options: 7 }).contains("1 到 7"));
        set_current(Language::English);
    }

    #[test]
    fn every_undo_step_of_the_core_has_a_name() {
        use crate::edit::{CardField, Command};
        use crate::model::{
            ActionId, CardId, LaneId, MapMeta, Matrix, RoundId, Screening, StageId, StepId, View,
            ViewId,
        };
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
            Command::RemoveView(ViewId(1)).label(),
            Command::InsertView {
                index: 0,
                view: View::default(),
            }
            .label(),
            Command::MoveView {
                id: ViewId(1),
                index: 0,
            }
            .label(),
            Command::SetView(View::default()).label(),
            Command::SetAgenda(Vec::new()).label(),
            crate::ui::views::START_FROM_WALKTHROUGH,
            Command::RemoveRound(RoundId(1)).label(),
            Command::SetMatrix(Matrix::default()).label(),
            Command::SetScreening(Screening::default()).label(),
            Command::RemoveAction(ActionId(1)).label(),
            "start-round",
            "edit-round",
            "add-action",
            "edit-action",
        ];
        for label in labels {
            for language in Language::ALL {
                let key = format!("step-{label}");
                assert!(
                    crate::_rust_i18n_backend()
                        .translate(language.tag(), &key)
                        .is_some(),
                    "no {language:?} name for the undo step `{label}`"
                );
            }
        }
    }
}
