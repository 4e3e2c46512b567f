//! Cards: the notes placed in a (step, lane) cell, and the measures a card carries.

use serde::{Deserialize, Serialize};

use super::{CardId, LaneId, PersonaId, StepId};

/// One note on the map, placed in the cell of a step (column) and a lane (row).
///
/// Only the fields that are set are written to a file, so files stay short.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// Stable identifier.
    pub id: CardId,
    /// The column the card sits in.
    pub step: StepId,
    /// The row the card sits in.
    pub lane: LaneId,
    /// Short text shown on the card.
    pub title: String,
    /// Longer description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// Channel of a touchpoint: web, app, phone, store, 门店 …
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub channel: String,
    /// Emotion score on the map's [`super::EmotionScale`]; `None` leaves a gap in the curve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion: Option<f64>,
    /// Emotion score the redesigned (to-be) journey aims for; drawn as a second curve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotion_to_be: Option<f64>,
    /// How long the step takes, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// How long the customer waits before or during the step, in minutes; a
    /// value above zero makes the card a wait point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_minutes: Option<u32>,
    /// The card is a pain point.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pain: bool,
    /// The card is a fail point (marked F).
    #[serde(default, skip_serializing_if = "is_false")]
    pub fail: bool,
    /// How the service recovers when the fail point fails.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recovery: String,
    /// The card is a moment of truth.
    #[serde(default, skip_serializing_if = "is_false")]
    pub moment_of_truth: bool,
    /// KANO category of the feature or touchpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kano: Option<Kano>,
    /// SERVQUAL dimension the card touches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servqual: Option<Servqual>,
    /// Net promoter score, −100..100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<f64>,
    /// Customer satisfaction (usually 1–5 or a percentage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<f64>,
    /// Customer effort score (usually 1–7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces: Option<f64>,
    /// Who in the organisation owns the step.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Card colour as `#rrggbb`; `None` uses the lane's colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// Picture file, relative to the map file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// The persona the card belongs to, where it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persona: Option<PersonaId>,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
fn is_false(value: &bool) -> bool {
    !value
}

impl Card {
    /// A card with a title in a cell, every other field empty.
    pub fn new(id: CardId, step: StepId, lane: LaneId, title: impl Into<String>) -> Self {
        Self {
            id,
            step,
            lane,
            title: title.into(),
            ..Self::default()
        }
    }

    /// The card is a wait point: the customer waits a positive number of minutes.
    pub fn is_wait_point(&self) -> bool {
        self.wait_minutes.is_some_and(|minutes| minutes > 0)
    }

    /// Duration plus wait, the card's weight along the flow.
    pub fn elapsed_minutes(&self) -> u64 {
        u64::from(self.duration_minutes.unwrap_or(0)) + u64::from(self.wait_minutes.unwrap_or(0))
    }
}

/// KANO category of a feature or touchpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kano {
    /// Basic expectation; noticed only when missing.
    MustBe,
    /// One-dimensional: more is better.
    Performance,
    /// Delighter, the "aha" moment.
    Attractive,
    /// Nobody cares either way.
    Indifferent,
    /// Its presence annoys.
    Reverse,
}

impl Kano {
    /// Every category.
    pub const ALL: [Self; 5] = [
        Self::MustBe,
        Self::Performance,
        Self::Attractive,
        Self::Indifferent,
        Self::Reverse,
    ];

    /// The word used in CSV and on the command line (`"must-be"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MustBe => "must-be",
            Self::Performance => "performance",
            Self::Attractive => "attractive",
            Self::Indifferent => "indifferent",
            Self::Reverse => "reverse",
        }
    }

    /// Parses a category word, case-insensitively, also in Chinese (必备, 期望, 魅力, 无差异, 反向).
    pub fn parse(word: &str) -> Option<Self> {
        let word = word.trim().to_lowercase().replace(['_', ' '], "-");
        Some(match word.as_str() {
            "must-be" | "mustbe" | "basic" | "必备" | "基本" => Self::MustBe,
            "performance" | "one-dimensional" | "期望" | "一维" => Self::Performance,
            "attractive" | "delighter" | "魅力" | "兴奋" => Self::Attractive,
            "indifferent" | "无差异" => Self::Indifferent,
            "reverse" | "反向" => Self::Reverse,
            _ => return None,
        })
    }
}

/// SERVQUAL dimension of service quality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Servqual {
    /// Physical facilities, equipment, appearance.
    Tangibles,
    /// Performing the promised service dependably.
    Reliability,
    /// Willingness to help, promptness.
    Responsiveness,
    /// Knowledge, courtesy, trust.
    Assurance,
    /// Individual care and attention.
    Empathy,
}

impl Servqual {
    /// Every dimension.
    pub const ALL: [Self; 5] = [
        Self::Tangibles,
        Self::Reliability,
        Self::Responsiveness,
        Self::Assurance,
        Self::Empathy,
    ];

    /// The word used in CSV and on the command line (`"reliability"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tangibles => "tangibles",
            Self::Reliability => "reliability",
            Self::Responsiveness => "responsiveness",
            Self::Assurance => "assurance",
            Self::Empathy => "empathy",
        }
    }

    /// Parses a dimension word, case-insensitively, also in Chinese (有形性, 可靠性, 响应性, 保证性, 移情性).
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.trim().to_lowercase().as_str() {
            "tangibles" | "tangible" | "有形性" => Self::Tangibles,
            "reliability" | "可靠性" => Self::Reliability,
            "responsiveness" | "响应性" => Self::Responsiveness,
            "assurance" | "保证性" => Self::Assurance,
            "empathy" | "移情性" | "同理心" => Self::Empathy,
            _ => return None,
        })
    }
}
/// The red, green and blue of a card colour written `#rrggbb` (six hex
/// digits, either case); `None` for anything else. The one reading of a
/// card's colour: the editor, the importer, `check` and every drawing use it.
pub fn hex_colour(text: &str) -> Option<[u8; 3]> {
    let digits = text.strip_prefix('#')?;
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(digits, 16).ok()?;
    let [_, r, g, b] = value.to_be_bytes();
    Some([r, g, b])
}
