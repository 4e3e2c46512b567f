//! What the map is about: title, scenario, language, emotion scale, and the personas.

use serde::{Deserialize, Serialize};

use super::PersonaId;

/// Map-wide information.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapMeta {
    /// Map title, e.g. "Overnight hotel stay".
    pub title: String,
    /// What the map shows and why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The scenario the persona goes through.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scenario: String,
    /// What the persona expects.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub expectations: String,
    /// Language of the map's text as a BCP 47 tag: `"en"`, `"zh-CN"`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// The scale emotion scores are given on.
    #[serde(default)]
    pub emotion_scale: EmotionScale,
    /// The personas the map is about (a map may hold personas it is not about,
    /// e.g. staff whose curves it compares).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<PersonaId>,
}

/// The range emotion scores live in, e.g. −2..+2 (Smaply), 1–5, 0–10.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmotionScale {
    /// Most negative score.
    pub min: f64,
    /// Most positive score.
    pub max: f64,
    /// The neutral score, where the neutral line is drawn.
    pub neutral: f64,
}

impl Default for EmotionScale {
    fn default() -> Self {
        Self {
            min: -2.0,
            max: 2.0,
            neutral: 0.0,
        }
    }
}

impl EmotionScale {
    /// The scales practitioners use: −2..+2 (Smaply), 1–5 (Mermaid), 0–10.
    pub const PRESETS: [Self; 3] = [
        Self {
            min: -2.0,
            max: 2.0,
            neutral: 0.0,
        },
        Self {
            min: 1.0,
            max: 5.0,
            neutral: 3.0,
        },
        Self {
            min: 0.0,
            max: 10.0,
            neutral: 5.0,
        },
    ];

    /// The score on `target` that sits where `score` sits on this scale
    /// (linear, rounded to two decimals so files stay readable).
    pub fn convert(&self, score: f64, target: &Self) -> f64 {
        let share = (score - self.min) / (self.max - self.min);
        let converted = target.min + share * (target.max - target.min);
        (converted * 100.0).round() / 100.0
    }

    /// The scale is usable: finite, min < max, neutral within.
    pub fn is_valid(&self) -> bool {
        self.min.is_finite()
            && self.max.is_finite()
            && self.neutral.is_finite()
            && self.min < self.max
            && (self.min..=self.max).contains(&self.neutral)
    }

    /// `score` lies on the scale.
    pub fn contains(&self, score: f64) -> bool {
        (self.min..=self.max).contains(&score)
    }
}

/// A person the journey is about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Persona {
    /// Stable identifier.
    pub id: PersonaId,
    /// Name, e.g. "王女士".
    pub name: String,
    /// Role or segment, e.g. "Business traveller".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// What the persona wants to achieve.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goals: String,
    /// What the persona needs from the service.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub needs: String,
    /// A quote in the persona's voice.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
    /// Picture file, relative to the map file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
}
