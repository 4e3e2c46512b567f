//! Lanes (the rows of a map), their kinds, and the blueprint lines that follow from the kinds.

use serde::{Deserialize, Serialize};

use super::LaneId;

/// One row of the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// Stable identifier.
    pub id: LaneId,
    /// Name shown in the lane header, e.g. "Customer actions" or "后台行为".
    pub name: String,
    /// What the lane holds; decides colour and where the blueprint lines go.
    pub kind: LaneKind,
}

/// What a lane holds. Stored in files as a lower-case word (`"backstage"`).
///
/// A word this version does not know is kept as [`LaneKind::Unknown`], so a
/// file is never half-read and nothing is lost on save; `stagemap check`
/// reports it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum LaneKind {
    /// Physical evidence: what the customer sees and touches.
    Evidence,
    /// Customer actions.
    Customer,
    /// Touchpoints, with their channel.
    Touchpoint,
    /// Front-stage (onstage) actions the customer sees.
    Frontstage,
    /// Back-stage actions out of the customer's sight.
    Backstage,
    /// Support processes: systems, other departments, suppliers.
    Support,
    /// Thoughts and quotes.
    Thought,
    /// The emotion curve.
    Emotion,
    /// Pain points.
    Pain,
    /// Opportunities.
    Opportunity,
    /// Metrics (time, cost, NPS …).
    Metric,
    /// Free notes: a lane whose meaning its name gives.
    Note,
    /// A kind this version does not know, kept verbatim.
    Unknown(String),
}

impl LaneKind {
    /// Every kind this version knows, in the order a blueprint lists them.
    pub const KNOWN: [Self; 12] = [
        Self::Evidence,
        Self::Customer,
        Self::Touchpoint,
        Self::Frontstage,
        Self::Backstage,
        Self::Support,
        Self::Thought,
        Self::Emotion,
        Self::Pain,
        Self::Opportunity,
        Self::Metric,
        Self::Note,
    ];

    /// The word used in files and CSV (`"frontstage"`).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Evidence => "evidence",
            Self::Customer => "customer",
            Self::Touchpoint => "touchpoint",
            Self::Frontstage => "frontstage",
            Self::Backstage => "backstage",
            Self::Support => "support",
            Self::Thought => "thought",
            Self::Emotion => "emotion",
            Self::Pain => "pain",
            Self::Opportunity => "opportunity",
            Self::Metric => "metric",
            Self::Note => "note",
            Self::Unknown(word) => word,
        }
    }

    /// Parses a kind word, case-insensitively; accepts `front-stage`,
    /// `back_stage` and the Chinese names (前台, 后台, 支持 …).
    /// Returns `None` for a word that names no kind.
    pub fn parse(word: &str) -> Option<Self> {
        let normalized: String = word
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        let kind = match normalized.as_str() {
            "evidence" | "physicalevidence" | "有形展示" | "实体证据" | "证据" => {
                Self::Evidence
            }
            "customer" | "customeractions" | "顾客行为" | "客户行为" | "用户行为" | "顾客" => {
                Self::Customer
            }
            "touchpoint" | "touchpoints" | "触点" | "接触点" => Self::Touchpoint,
            "frontstage" | "onstage" | "前台" | "前台行为" => Self::Frontstage,
            "backstage" | "offstage" | "后台" | "后台行为" => Self::Backstage,
            "support" | "supportprocesses" | "支持" | "支持过程" | "支持流程" => {
                Self::Support
            }
            "thought" | "thoughts" | "想法" => Self::Thought,
            "emotion" | "emotions" | "情绪" | "情感" => Self::Emotion,
            "pain" | "painpoint" | "painpoints" | "痛点" => Self::Pain,
            "opportunity" | "opportunities" | "机会" | "机会点" => Self::Opportunity,
            "metric" | "metrics" | "指标" => Self::Metric,
            "note" | "notes" | "备注" => Self::Note,
            _ => return None,
        };
        Some(kind)
    }

    /// Where the kind sits relative to the three blueprint lines, if it does:
    /// 0 above the line of interaction (evidence, customer), 1 front-stage,
    /// 2 back-stage, 3 support. Journey lanes (thoughts, emotions …) have no zone.
    pub fn blueprint_zone(&self) -> Option<u8> {
        match self {
            Self::Evidence | Self::Customer => Some(0),
            Self::Frontstage => Some(1),
            Self::Backstage => Some(2),
            Self::Support => Some(3),
            _ => None,
        }
    }
}

impl From<String> for LaneKind {
    fn from(word: String) -> Self {
        Self::parse(&word).unwrap_or(Self::Unknown(word))
    }
}

impl From<LaneKind> for String {
    fn from(kind: LaneKind) -> Self {
        kind.as_str().to_owned()
    }
}

impl std::fmt::Display for LaneKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three horizontal rules of a service blueprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlueprintLine {
    /// Between customer actions and front-stage actions.
    Interaction,
    /// Between front-stage and back-stage: what the customer can see.
    Visibility,
    /// Between back-stage and support processes.
    InternalInteraction,
}

impl BlueprintLine {
    /// Stable key, e.g. for translations: `"interaction"`, `"visibility"`, `"internal-interaction"`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Interaction => "interaction",
            Self::Visibility => "visibility",
            Self::InternalInteraction => "internal-interaction",
        }
    }

    /// The line that separates zone `zone` from the zone below it.
    fn below_zone(zone: u8) -> Option<Self> {
        match zone {
            0 => Some(Self::Interaction),
            1 => Some(Self::Visibility),
            2 => Some(Self::InternalInteraction),
            _ => None,
        }
    }
}

/// A blueprint line placed between two lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacedLine {
    /// Which line.
    pub line: BlueprintLine,
    /// The line is drawn just above the lane at this index in the lane order.
    pub above_lane: usize,
}

/// Two lanes whose order makes a blueprint impossible, e.g. support above front-stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneOrderProblem {
    /// The lane that sits too high.
    pub upper: LaneId,
    /// The lane that should be above it.
    pub lower: LaneId,
}

/// Where the blueprint lines go for this lane order, and which lane pairs
/// are out of blueprint order.
///
/// Lanes without a zone (thoughts, emotions, touchpoints …) are skipped: a
/// line sits directly above the first lane of a deeper zone. A line is drawn
/// once, at its first place.
pub fn blueprint_lines(lanes: &[Lane]) -> (Vec<PlacedLine>, Vec<LaneOrderProblem>) {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    let mut deepest: Option<(u8, LaneId)> = None;
    for (index, lane) in lanes.iter().enumerate() {
        let Some(zone) = lane.kind.blueprint_zone() else {
            continue;
        };
        if let Some((deepest_zone, deepest_lane)) = deepest {
            if zone < deepest_zone {
                problems.push(LaneOrderProblem {
                    upper: deepest_lane,
                    lower: lane.id,
                });
                continue;
            }
            for crossed in deepest_zone..zone {
                if let Some(line) = BlueprintLine::below_zone(crossed)
                    && !lines.iter().any(|placed: &PlacedLine| placed.line == line)
                {
                    lines.push(PlacedLine {
                        line,
                        above_lane: index,
                    });
                }
            }
        }
        if deepest.is_none_or(|(deepest_zone, _)| zone >= deepest_zone) {
            deepest = Some((zone, lane.id));
        }
    }
    (lines, problems)
}
