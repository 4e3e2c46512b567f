//! Counts and flow figures of a map: what `stagemap stats` prints, the
//! workshop's decisions included ([`decisions`]).

pub mod decisions;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Serialize;

use crate::analysis::Flow;
use crate::insights::{Insights, PainPoint, StageInsights};
use crate::model::{Card, CardId, Document, StepId};
use crate::scene::words::{Language, format_minutes};

/// The figures of a map. Serialised as the JSON of `stagemap stats --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Map title.
    pub title: String,
    /// Number of stages.
    pub stages: usize,
    /// Number of steps (columns).
    pub steps: usize,
    /// Number of lanes.
    pub lanes: usize,
    /// Number of cards.
    pub cards: usize,
    /// Number of connectors.
    pub connectors: usize,
    /// Cards marked as pain points.
    pub pain_points: usize,
    /// Cards marked as fail points.
    pub fail_points: usize,
    /// Cards with a wait above zero.
    pub wait_points: usize,
    /// Cards marked as moments of truth.
    pub moments_of_truth: usize,
    /// Number of personas.
    pub personas: usize,
    /// The emotion scores given on the map.
    pub emotion: EmotionStats,
    /// Time along the flow.
    pub flow: FlowStats,
    /// Figures per stage, left to right.
    pub per_stage: Vec<StageInsights>,
    /// Pain points, most urgent first (lowest emotion, then on the critical path, then map order).
    pub pain_point_ranking: Vec<PainPoint>,
    /// Pain points per SERVQUAL dimension; `none` counts those without one.
    pub pain_points_by_servqual: BTreeMap<&'static str, usize>,
    /// Cards per KANO category.
    pub cards_by_kano: BTreeMap<&'static str, usize>,
    /// Fail points that name no recovery, in map order.
    pub fail_points_without_recovery: Vec<CardId>,
    /// Steps holding cards none of which names an owner, left to right.
    pub steps_without_owner: Vec<StepId>,
    /// The voting rounds, oldest first.
    pub votes: Vec<decisions::RoundStats>,
    /// The impact/effort matrix; `null` when nothing was placed or named on it.
    pub matrix: Option<decisions::MatrixStats>,
    /// Concept screening; `null` when it has no criteria or scores.
    pub screening: Option<decisions::ScreeningStats>,
    /// The action plan.
    pub actions: Vec<decisions::ActionStats>,
}

/// The range of emotion scores given on a map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmotionStats {
    /// How many cards have a score.
    pub scored: usize,
    /// Lowest score given, if any.
    pub min: Option<f64>,
    /// Highest score given, if any.
    pub max: Option<f64>,
    /// Title of the card with the lowest score (the first in flow order on a tie).
    pub lowest: Option<String>,
    /// Title of the card with the highest score (the first in flow order on a tie).
    pub highest: Option<String>,
}

/// Time along the flow, from [`crate::analysis`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowStats {
    /// Duration plus wait along the critical path, in minutes.
    pub elapsed_minutes: u64,
    /// Wait along the critical path, in minutes.
    pub waiting_minutes: u64,
    /// Number of loops (rework).
    pub loops: usize,
    /// Card ids of the critical path, in flow order.
    pub critical_path: Vec<CardId>,
    /// Share of the elapsed time spent waiting, 0..=1.
    pub waiting_share: f64,
}

impl Stats {
    /// Computes the figures of a document.
    pub fn of(doc: &Document) -> Self {
        let insights = Insights::of(doc);
        let flow = &insights.flow;
        let count = |keep: fn(&Card) -> bool| doc.cards.iter().filter(|c| keep(c)).count();
        Self {
            title: doc.meta.title.clone(),
            stages: doc.stages.len(),
            steps: doc.step_count(),
            lanes: doc.lanes.len(),
            cards: doc.cards.len(),
            connectors: doc.connectors.len(),
            pain_points: count(|c| c.pain),
            fail_points: count(|c| c.fail),
            wait_points: count(Card::is_wait_point),
            moments_of_truth: count(|c| c.moment_of_truth),
            personas: doc.personas.len(),
            emotion: EmotionStats::of(doc, flow),
            flow: FlowStats {
                elapsed_minutes: flow.elapsed_minutes,
                waiting_minutes: flow.waiting_minutes,
                loops: flow.loops.len(),
                critical_path: flow.critical_path.clone(),
                waiting_share: flow.waiting_share(),
            },
            per_stage: insights.stages.clone(),
            pain_point_ranking: insights.pain_points.clone(),
            pain_points_by_servqual: insights
                .servqual
                .iter()
                .map(|(dimension, count)| (dimension.as_str(), *count))
                .chain([("none", insights.pain_without_servqual)])
                .collect(),
            cards_by_kano: insights
                .kano
                .iter()
                .map(|(category, count)| (category.as_str(), *count))
                .collect(),
            fail_points_without_recovery: insights.fail_without_recovery.clone(),
            steps_without_owner: insights.steps_without_owner.clone(),
            votes: decisions::rounds(doc),
            matrix: decisions::matrix(doc),
            screening: decisions::screening(doc),
            actions: decisions::actions(doc),
        }
    }
}

impl EmotionStats {
    fn of(doc: &Document, flow: &Flow) -> Self {
        // The first card with an id, as `Document::card` finds it, without a search per card.
        let cards: HashMap<CardId, &Card> =
            doc.cards.iter().rev().map(|card| (card.id, card)).collect();
        let scored: Vec<(&str, f64)> = flow
            .order
            .iter()
            .filter_map(|id| cards.get(id).copied())
            .filter_map(|card| Some((card.title.as_str(), card.emotion.filter(|e| e.is_finite())?)))
            .collect();
        // `min_by`/`max_by` keep the first of equal elements for min and the last for max,
        // so search the reversed list for the highest to keep the first in flow order.
        let lowest = scored.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        let highest = scored.iter().rev().max_by(|a, b| a.1.total_cmp(&b.1));
        Self {
            scored: scored.len(),
            min: lowest.map(|(_, score)| *score),
            max: highest.map(|(_, score)| *score),
            lowest: lowest.map(|(title, _)| (*title).to_owned()),
            highest: highest.map(|(title, _)| (*title).to_owned()),
        }
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.title)?;
        let rows = [
            ("stages", self.stages),
            ("steps", self.steps),
            ("lanes", self.lanes),
            ("cards", self.cards),
            ("connectors", self.connectors),
            ("personas", self.personas),
            ("pain points", self.pain_points),
            ("fail points", self.fail_points),
            ("wait points", self.wait_points),
            ("moments of truth", self.moments_of_truth),
        ];
        for (name, value) in rows {
            writeln!(f, "  {name:<18}{value}")?;
        }
        match (&self.emotion.lowest, self.emotion.min) {
            (Some(title), Some(score)) => {
                writeln!(f, "  {:<18}{score} ({title})", "lowest emotion")?;
            }
            _ => writeln!(f, "  {:<18}-", "lowest emotion")?,
        }
        if let (Some(title), Some(score)) = (&self.emotion.highest, self.emotion.max) {
            writeln!(f, "  {:<18}{score} ({title})", "highest emotion")?;
        }
        let waiting = 100.0 * self.flow.waiting_share;
        let time = |minutes| format_minutes(minutes, Language::English);
        writeln!(
            f,
            "  {:<18}{} ({} waiting, {waiting:.0}%)",
            "elapsed",
            time(self.flow.elapsed_minutes),
            time(self.flow.waiting_minutes)
        )?;
        writeln!(f, "  {:<18}{}", "loops", self.flow.loops)?;
        if self.per_stage.is_empty() {
            return write!(f, "{}", decisions::Summary(self));
        }
        writeln!(f, "per stage")?;
        for stage in &self.per_stage {
            let emotion = stage
                .emotion_average
                .map_or_else(|| "-".to_owned(), |average| format!("{average:.2}"));
            writeln!(
                f,
                "  {}: {} cards, {} pain, {} fail, {} wait, {} MOT, emotion {emotion}",
                stage.name,
                stage.cards,
                stage.pain_points,
                stage.fail_points,
                stage.wait_points,
                stage.moments_of_truth
            )?;
        }
        if !self.pain_point_ranking.is_empty() {
            writeln!(f, "pain points, most urgent first")?;
        }
        for (rank, point) in self.pain_point_ranking.iter().enumerate() {
            let emotion = point
                .emotion
                .map_or_else(|| "-".to_owned(), |e| e.to_string());
            let critical = if point.on_critical_path {
                ", critical path"
            } else {
                ""
            };
            writeln!(f, "  {}. {} ({emotion}{critical})", rank + 1, point.title)?;
        }
        write!(f, "{}", decisions::Summary(self))
    }
}
