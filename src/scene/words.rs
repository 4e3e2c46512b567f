//! The few words an export writes itself (names of the blueprint lines, the
//! unit of a wait marker), in English, Simplified and Traditional Chinese. The editor's
//! strings live in its locale files; these are the same words, kept in the
//! library so exporting needs no GUI crate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::layout::LayerPreset;
use crate::model::BlueprintLine;

/// A language Stagemap speaks: the editor's, and the words a drawing of a map
/// writes itself. Card text is the map's own and never translated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// English (`en`).
    #[default]
    English,
    /// Simplified Chinese (`zh-CN`), as read in mainland China and Singapore.
    /// Settings written before Traditional Chinese existed call it `Chinese`.
    #[serde(alias = "Chinese")]
    SimplifiedChinese,
    /// Traditional Chinese in Taiwan usage (`zh-TW`).
    TraditionalChinese,
}

impl Language {
    /// Every language, in the order menus list them.
    pub const ALL: [Self; 3] = [
        Self::English,
        Self::SimplifiedChinese,
        Self::TraditionalChinese,
    ];

    /// The language's own name, in its own script, the same in every UI language
    /// (as the Language menu lists it): "English", "简体中文", "繁體中文".
    pub fn native_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::SimplifiedChinese => "简体中文",
            Self::TraditionalChinese => "繁體中文",
        }
    }

    /// The language for a system locale such as `"zh_TW.UTF-8"`, `"zh-Hant-HK"` or
    /// `"en-GB"`: read as a language tag (see [`FromStr`]), English when it names
    /// no language Stagemap speaks.
    pub fn from_locale(locale: &str) -> Self {
        // `zh_TW.UTF-8`, `zh_TW@euro`: the language tag is what comes before the encoding.
        let tag = locale.split(['.', '@']).next().unwrap_or_default();
        tag.parse().unwrap_or(Self::English)
    }

    /// The language after this one in [`Self::ALL`], going round: what the
    /// language switch changes to (English → 简体中文 → 繁體中文 → English).
    pub fn next(self) -> Self {
        match self {
            Self::English => Self::SimplifiedChinese,
            Self::SimplifiedChinese => Self::TraditionalChinese,
            Self::TraditionalChinese => Self::English,
        }
    }

    /// The language tag, as map files and the editor write it: `en`, `zh-CN`, `zh-TW`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::SimplifiedChinese => "zh-CN",
            Self::TraditionalChinese => "zh-TW",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag that names no language an export speaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a language exports are written in; use en, zh-CN or zh-TW")]
pub struct UnknownLanguage(String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    /// Reads a language tag, ignoring case and `_` for `-`: `en`, `en-GB` are
    /// English; `zh-TW`, `zh-HK`, `zh-MO` and any `zh-Hant…` are Traditional
    /// Chinese; `zh`, `zh-CN`, `zh-SG` and any `zh-Hans…` are Simplified Chinese
    /// (a script subtag wins over the region: `zh-Hans-HK` is Simplified).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let tag = text.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        match subtags.next() {
            Some("en") => Ok(Self::English),
            Some("zh") => {
                let rest: Vec<&str> = subtags.collect();
                let traditional = if rest.contains(&"hant") {
                    true
                } else if rest.contains(&"hans") {
                    false
                } else {
                    rest.iter()
                        .any(|subtag| matches!(*subtag, "tw" | "hk" | "mo"))
                };
                Ok(if traditional {
                    Self::TraditionalChinese
                } else {
                    Self::SimplifiedChinese
                })
            }
            _ => Err(UnknownLanguage(text.to_owned())),
        }
    }
}

/// The name written on a blueprint line (the same words as on the editor's canvas).
pub fn line_label(line: BlueprintLine, language: Language) -> &'static str {
    match (language, line) {
        (Language::English, BlueprintLine::Interaction) => "Line of interaction",
        (Language::English, BlueprintLine::Visibility) => "Line of visibility",
        (Language::English, BlueprintLine::InternalInteraction) => "Line of internal interaction",
        (Language::SimplifiedChinese, BlueprintLine::Interaction) => "互动分界线",
        (Language::SimplifiedChinese, BlueprintLine::Visibility) => "可视分界线",
        (Language::SimplifiedChinese, BlueprintLine::InternalInteraction) => "内部互动分界线",
        (Language::TraditionalChinese, BlueprintLine::Interaction) => "互動線",
        (Language::TraditionalChinese, BlueprintLine::Visibility) => "可視線",
        (Language::TraditionalChinese, BlueprintLine::InternalInteraction) => "內部互動線",
    }
}

/// The short name of the lanes a view shows, as a slide titles a stage revealed
/// layer by layer («维保 · 后台»): the deepest blueprint layer shown. `None`
/// for every lane, which needs no name.
pub fn layers_name(layers: LayerPreset, language: Language) -> Option<&'static str> {
    Some(match (language, layers) {
        (_, LayerPreset::All) => return None,
        (Language::English, LayerPreset::CustomerOnly) => "Customer",
        (Language::English, LayerPreset::FrontstageOnly) => "Front-stage",
        (Language::English, LayerPreset::UpToBackstage) => "Back-stage",
        (Language::SimplifiedChinese, LayerPreset::CustomerOnly) => "顾客",
        (Language::TraditionalChinese, LayerPreset::CustomerOnly) => "顧客",
        (_, LayerPreset::FrontstageOnly) => "前台",
        (Language::SimplifiedChinese, LayerPreset::UpToBackstage) => "后台",
        (Language::TraditionalChinese, LayerPreset::UpToBackstage) => "後台",
    })
}

/// What a view of the whole map is called when the map has no title.
pub fn whole_map(language: Language) -> &'static str {
    match language {
        Language::English => "The whole map",
        Language::SimplifiedChinese => "整张地图",
        Language::TraditionalChinese => "整張地圖",
    }
}

/// The text of a wait marker, in human units: "15 min", "1 h 30 min", "15分钟", "15分鐘".
pub fn wait_marker(minutes: u32, language: Language) -> String {
    format_minutes(u64::from(minutes), language)
}

/// Where a label sits on the emotion scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleEnd {
    /// The top of the scale.
    High,
    /// The neutral point.
    Neutral,
    /// The bottom of the scale.
    Low,
}

/// The word written beside a point of the emotion scale: "Happy", "高兴", "高興".
pub fn scale_word(end: ScaleEnd, language: Language) -> &'static str {
    match (language, end) {
        (Language::English, ScaleEnd::High) => "Happy",
        (Language::English, ScaleEnd::Neutral) => "Neutral",
        (Language::English, ScaleEnd::Low) => "Frustrated",
        (Language::SimplifiedChinese, ScaleEnd::High) => "高兴",
        // The same word in both scripts.
        (Language::SimplifiedChinese | Language::TraditionalChinese, ScaleEnd::Neutral) => "一般",
        (Language::SimplifiedChinese, ScaleEnd::Low) => "沮丧",
        (Language::TraditionalChinese, ScaleEnd::High) => "高興",
        (Language::TraditionalChinese, ScaleEnd::Low) => "沮喪",
    }
}

/// The legend name of an emotion curve: the persona's name (or "This map"),
/// marked as the to-be curve where it is one.
pub fn curve_name(persona: Option<&str>, to_be: bool, language: Language) -> String {
    let owner = persona.unwrap_or(match language {
        Language::English => "This map",
        Language::SimplifiedChinese => "本地图",
        Language::TraditionalChinese => "本地圖",
    });
    match (to_be, language) {
        (false, _) => owner.to_owned(),
        (true, Language::English) => format!("{owner} (to-be)"),
        (true, Language::SimplifiedChinese) => format!("{owner}（目标）"),
        (true, Language::TraditionalChinese) => format!("{owner}（目標）"),
    }
}

/// A span of minutes in human units: "10 d 15 h 42 min", "10天15小时42分钟";
/// units that are zero are left out, and zero minutes reads "0 min" / "0分钟".
pub fn format_minutes(minutes: u64, language: Language) -> String {
    let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let parts = [(days, 0), (hours, 1), (rest, 2)];
    let units: [&str; 3] = match language {
        Language::English => [" d", " h", " min"],
        Language::SimplifiedChinese => ["天", "小时", "分钟"],
        Language::TraditionalChinese => ["天", "小時", "分鐘"],
    };
    let shown: Vec<String> = parts
        .iter()
        .filter(|(value, _)| *value > 0)
        .map(|(value, unit)| format!("{value}{}", units[*unit]))
        .collect();
    if shown.is_empty() {
        return format!("0{}", units[2]);
    }
    match language {
        Language::English => shown.join(" "),
        Language::SimplifiedChinese | Language::TraditionalChinese => shown.concat(),
    }
}

/// An emotion score as a card and the curve show it, rounded to one decimal:
/// `+1.5`, `−2`, `0` (zero has no sign, and −0.02 reads `0`).
pub fn format_score(score: f64) -> String {
    let rounded = (score * 10.0).round() / 10.0;
    let magnitude = rounded.abs();
    let digits = if magnitude.fract() == 0.0 {
        format!("{magnitude:.0}")
    } else {
        format!("{magnitude:.1}")
    };
    if rounded > 0.0 {
        format!("+{digits}")
    } else if rounded < 0.0 {
        format!("−{digits}")
    } else {
        digits
    }
}

/// A value on the emotion scale as its labels write it, without a plus: `2`, `−2`, `0`.
pub fn format_scale_value(score: f64) -> String {
    format_score(score).trim_start_matches('+').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: [BlueprintLine; 3] = [
        BlueprintLine::Interaction,
        BlueprintLine::Visibility,
        BlueprintLine::InternalInteraction,
    ];

    /// The words the editor's canvas uses for `key` in `language`, read from its locale file.
    fn canvas_words(key: &str, language: Language) -> String {
        let locale = include_str!("../../assets/locales/canvas.yml");
        let mut lines = locale.lines().skip_while(|line| *line != format!("{key}:"));
        lines.next();
        let prefix = format!("  {}:", language.tag());
        lines
            .take_while(|line| line.starts_with("  "))
            .find_map(|line| line.strip_prefix(&prefix))
            .map_or_else(
                || panic!("{key} has no {language} words in canvas.yml"),
                |words| words.trim().trim_matches('"').to_owned(),
            )
    }

    #[test]
    fn line_labels_are_the_canvas_words() {
        for language in Language::ALL {
            for (line, key) in LINES.into_iter().zip([
                "canvas-line-interaction",
                "canvas-line-visibility",
                "canvas-line-internal-interaction",
            ]) {
                assert_eq!(line_label(line, language), canvas_words(key, language));
            }
        }
    }

    #[test]
    fn scale_words_and_the_map_s_curve_are_the_canvas_words() {
        for language in Language::ALL {
            for (end, key) in [
                (ScaleEnd::High, "canvas-emotion-high"),
                (ScaleEnd::Neutral, "canvas-emotion-neutral"),
                (ScaleEnd::Low, "canvas-emotion-low"),
            ] {
                assert_eq!(scale_word(end, language), canvas_words(key, language));
            }
            assert_eq!(
                curve_name(None, false, language),
                canvas_words("canvas-emotion-map", language)
            );
        }
    }

    #[test]
    fn tags_read_back_and_nonsense_is_refused() {
        for language in Language::ALL {
            assert_eq!(language.tag().parse(), Ok(language));
        }
        assert_eq!("EN-gb".parse(), Ok(Language::English));
        for simplified in [
            "zh",
            "zh_Hans",
            "zh-CN",
            "zh-SG",
            "zh-Hans-HK",
            "ZH-hans-tw",
        ] {
            assert_eq!(
                simplified.parse(),
                Ok(Language::SimplifiedChinese),
                "{simplified}"
            );
        }
        for traditional in [
            "zh-TW",
            "zh_HK",
            "zh-MO",
            "zh-Hant",
            "zh-Hant-CN",
            "ZH-hant-tw",
        ] {
            assert_eq!(
                traditional.parse(),
                Ok(Language::TraditionalChinese),
                "{traditional}"
            );
        }
        let error = "fr".parse::<Language>().unwrap_err();
        assert!(error.to_string().contains("zh-TW"), "{error}");
        assert!("zhx-TW".parse::<Language>().is_err());
    }

    #[test]
    fn wait_markers_name_their_unit() {
        assert_eq!(wait_marker(15, Language::English), "15 min");
        assert_eq!(wait_marker(15, Language::SimplifiedChinese), "15分钟");
    }

    #[test]
    fn scores_read_with_sign_and_zero_has_none() {
        assert_eq!(format_score(1.5), "+1.5");
        assert_eq!(format_score(-2.0), "−2");
        assert_eq!(format_score(0.0), "0");
        assert_eq!(format_score(0.04), "0");
        assert_eq!(format_score(-0.02), "0");
        assert_eq!(format_score(7.0), "+7");
        assert_eq!(format_scale_value(2.0), "2");
        assert_eq!(format_scale_value(-2.0), "−2");
    }

    #[test]
    fn minutes_read_in_human_units() {
        assert_eq!(
            format_minutes(15_342, Language::English),
            "10 d 15 h 42 min"
        );
        assert_eq!(
            format_minutes(15_342, Language::SimplifiedChinese),
            "10天15小时42分钟"
        );
        assert_eq!(format_minutes(90, Language::English), "1 h 30 min");
        assert_eq!(format_minutes(60, Language::SimplifiedChinese), "1小时");
        assert_eq!(format_minutes(0, Language::English), "0 min");
        assert_eq!(wait_marker(30, Language::SimplifiedChinese), "30分钟");
        assert_eq!(
            format_minutes(15_342, Language::TraditionalChinese),
            "10天15小時42分鐘"
        );
        assert_eq!(wait_marker(15, Language::TraditionalChinese), "15分鐘");
    }
}
